// Shared harness for the real-browser tests.
//
// Each test file runs in its own process (node --test), so each one starts its own
// static server on a free loopback port, serving the built site from NORMSITE_SITE_DIR
// with the headers of the site's own `_headers` file: the strict Content-Security-Policy
// the site ships with is the one the browser enforces in these tests.
import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { join, extname, normalize } from 'node:path';
import { createRequire } from 'node:module';
import { chromium } from 'playwright-core';

const require = createRequire(import.meta.url);

export const SITE_DIR = process.env.NORMSITE_SITE_DIR || '/dev/shm/normsite-test-site';

const TYPES = {
  '.html': 'text/html; charset=utf-8', '.css': 'text/css; charset=utf-8', '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8', '.json': 'application/json', '.svg': 'image/svg+xml', '.xml': 'application/xml',
  '.wasm': 'application/wasm', '.csv': 'text/csv; charset=utf-8', '.txt': 'text/plain; charset=utf-8', '.png': 'image/png',
};

function headersFromFile() {
  // Only the `/*` block applies to every page; that is where the security headers live.
  const text = readFileSync(join(SITE_DIR, '_headers'), 'utf8');
  const headers = {};
  let inAll = false;
  for (const line of text.split('\n')) {
    if (!line.startsWith(' ') && line.trim()) inAll = line.trim() === '/*';
    else if (inAll && line.includes(':')) {
      const i = line.indexOf(':');
      headers[line.slice(0, i).trim()] = line.slice(i + 1).trim();
    }
  }
  // The test server speaks plain HTTP on loopback: upgrading requests would break it.
  if (headers['Content-Security-Policy']) {
    headers['Content-Security-Policy'] = headers['Content-Security-Policy'].replace(/;\s*upgrade-insecure-requests/, '');
  }
  delete headers['Strict-Transport-Security'];
  return headers;
}

/** Bytes served per URL path, for transfer measurements. */
export const served = [];

async function resolveFile(urlPath) {
  const clean = normalize(decodeURIComponent(urlPath.split('?')[0])).replace(/^(\.\.[/\\])+/, '');
  const candidates = clean.endsWith('/') ? [clean + 'index.html'] : [clean, clean + '/index.html'];
  for (const c of candidates) {
    const p = join(SITE_DIR, c);
    try { if ((await stat(p)).isFile()) return p; } catch { /* next */ }
  }
  return null;
}

let serverPromise = null;
/** Starts (once per process) the static server; resolves to its base URL without trailing slash. */
export function startServer() {
  if (!serverPromise) {
    serverPromise = new Promise((resolve) => {
      const headers = headersFromFile();
      const server = createServer(async (req, res) => {
        const file = await resolveFile(req.url);
        const status = file ? 200 : 404;
        const path = file || join(SITE_DIR, (req.url.split('/')[1] || '') + '/404.html');
        let body;
        try { body = await readFile(path); } catch { body = await readFile(join(SITE_DIR, '404.html')).catch(() => Buffer.from('not found')); }
        served.push({ url: req.url, bytes: body.length, status });
        res.writeHead(status, { ...headers, 'Content-Type': TYPES[extname(path)] || 'application/octet-stream' });
        res.end(body);
      });
      server.listen(0, '127.0.0.1', () => {
        server.unref();
        resolve(`http://127.0.0.1:${server.address().port}`);
      });
    });
  }
  return serverPromise;
}

const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** Launches Debian's Chromium, headless. */
export async function launch() {
  await startServer();
  return chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium', args: FLAGS });
}

/**
 * Opens `path` (root-relative) in a new context. Requests that leave the test server are
 * blocked and recorded in `external`; CSP violations, console errors and page errors are
 * recorded so tests can assert there were none.
 */
export async function openPage(browser, path, { javaScriptEnabled = true, locale = 'en-GB', wait = 'load' } = {}) {
  const base = await startServer();
  const context = await browser.newContext({ javaScriptEnabled, locale });
  const page = await context.newPage();
  const requests = [];
  const external = [];
  const cspViolations = [];
  const consoleErrors = [];
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (url.startsWith(base)) { requests.push(url); return route.continue(); }
    external.push(url);
    return route.abort();
  });
  page.on('console', (msg) => {
    if (msg.type() === 'error') {
      consoleErrors.push(msg.text());
      if (/Content Security Policy/i.test(msg.text())) cspViolations.push(msg.text());
    }
  });
  page.on('pageerror', (err) => consoleErrors.push(String(err)));
  if (path !== null) await page.goto(base + path, { waitUntil: wait });
  return { page, context, requests, external, cspViolations, consoleErrors, base };
}

/** The axe-core source, evaluated in the page through the DevTools protocol (not subject to CSP). */
const AXE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

/** Runs axe-core with the WCAG 2.1 A and AA rules; throws with every violation listed. */
export async function expectNoAxeViolations(page) {
  await page.evaluate(AXE);
  const result = await page.evaluate(async () => {
    // eslint-disable-next-line no-undef
    const r = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
    return r.violations.map((v) => ({ id: v.id, help: v.help, nodes: v.nodes.slice(0, 5).map((n) => n.target.join(' ')) }));
  });
  if (result.length) {
    throw new Error(`axe-core found ${result.length} violation(s) on ${page.url()}:\n` +
      result.map((v) => `- ${v.id}: ${v.help}\n    ${v.nodes.join('\n    ')}`).join('\n'));
  }
}

/** Base URL of the test server. */
export async function base() { return startServer(); }
