// Script and markup payloads in register strings must never run: on the organisation page
// (escaped by the templates) and in search results and the shard-mode view (inserted by
// the scripts with textContent). The test builds its own copy of the bundled site with a
// poisoned register, with the real binary, and serves it with the site's own CSP header.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { launch } from './lib.mjs';

const ROOT = path.resolve(import.meta.dirname, '../..');
const BIN = process.env.NORMSITE_BIN ?? path.join(ROOT, 'target/debug/normsite');
const PAYLOAD = `<script>window.__xss=1</script><img src=x onerror="window.__xss=2">"'&`;

function buildPoisoned() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'register-xss-'));
  for (const name of ['normsite.yaml', 'i18n', 'content', 'themes', 'register-data', 'norms', 'mappings', 'hours']) {
    if (fs.existsSync(path.join(ROOT, name))) fs.cpSync(path.join(ROOT, name), path.join(dir, name), { recursive: true });
  }
  const file = path.join(dir, 'register-data/register.json');
  const doc = JSON.parse(fs.readFileSync(file, 'utf8'));
  const org = doc.organisations.find((o) => o.certificates?.length);
  org.name = `Alertvoorbeeld ${PAYLOAD}`;
  org.city = `<svg onload="window.__xss=3">`;
  org.certificates[0].withdrawn = { date: '2026-01-01', reason: `<iframe src="javascript:window.__xss=4">` };
  fs.writeFileSync(file, JSON.stringify(doc, null, 2));
  execFileSync(BIN, ['build', '--root', dir, '--output', path.join(dir, 'out'), '--quiet']);
  return { out: path.join(dir, 'out'), reg: org.registration_number };
}

function serve(out) {
  const headers = fs.readFileSync(path.join(out, '_headers'), 'utf8');
  const csp = headers.match(/Content-Security-Policy: (.*)/)[1];
  const types = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.json': 'application/json', '.svg': 'image/svg+xml' };
  const server = http.createServer((req, res) => {
    let p = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    if (p.endsWith('/')) p += 'index.html';
    const f = path.join(out, p);
    if (!f.startsWith(out) || !fs.existsSync(f)) { res.writeHead(404); res.end(); return; }
    res.writeHead(200, { 'Content-Type': types[path.extname(f)] ?? 'application/octet-stream', 'Content-Security-Policy': csp });
    res.end(fs.readFileSync(f));
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

test('payloads in register strings are shown as text and never run', async () => {
  const { out, reg } = buildPoisoned();
  const server = await serve(out);
  const base = `http://127.0.0.1:${server.address().port}`;
  const browser = await launch();
  try {
    for (const p of [`/en/register/${reg}/`, '/en/register/?q=alertvoorbeeld', `/nl/register/?q=${reg}`]) {
      const page = await browser.newPage();
      const dialogs = [];
      page.on('dialog', (d) => { dialogs.push(d.message()); d.dismiss(); });
      await page.goto(base + p);
      if (p.includes('?q=')) await page.waitForSelector(`[data-register-results] li[data-org="${reg}"]`);
      assert.equal(await page.evaluate(() => window.__xss ?? null), null, p);
      assert.deepEqual(dialogs, [], p);
      assert.equal(await page.locator('main img[src="x"], main svg[onload], main iframe').count(), 0, p);
      assert.ok((await page.textContent('main')).includes('<script>window.__xss=1</script>'), `${p}: the payload is visible as text`);
      await page.close();
    }
  } finally {
    await browser.close();
    server.close();
  }
});
