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
import { gzipSync } from 'node:zlib';
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

/**
 * What was served, per request, for transfer measurements: `bytes` as sent on the wire,
 * `raw` before compression.
 */
export const served = [];

// Text is sent gzip-compressed when the browser accepts it, as static hosts do (Netlify,
// Cloudflare, nginx with `gzip on`), so transfer figures are what a visitor downloads.
// Pagefind's index chunks and WebAssembly are already compressed and go as they are.
const COMPRESSIBLE = new Set(['.html', '.css', '.js', '.mjs', '.json', '.svg', '.xml', '.csv', '.txt']);

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
        const raw = body.length;
        const type = { ...headers, 'Content-Type': TYPES[extname(path)] || 'application/octet-stream' };
        if (COMPRESSIBLE.has(extname(path)) && /\bgzip\b/.test(req.headers['accept-encoding'] || '')) {
          body = gzipSync(body);
          type['Content-Encoding'] = 'gzip';
          type.Vary = 'Accept-Encoding';
        }
        served.push({ url: req.url, bytes: body.length, raw, status });
        res.writeHead(status, type);
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
  if (!javaScriptEnabled) noScriptPages.add(page);
  if (path !== null) await page.goto(base + path, { waitUntil: wait });
  return { page, context, requests, external, cspViolations, consoleErrors, base };
}

/** The axe-core source, evaluated in the page through the DevTools protocol (not subject to CSP). */
const AXE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

/** Pages opened with JavaScript disabled, whose axe run needs another way in. */
const noScriptPages = new WeakSet();

async function runAxe(page) {
  await page.evaluate(AXE);
  return page.evaluate(async () => {
    // eslint-disable-next-line no-undef
    const r = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
    return r.violations.map((v) => ({ id: v.id, help: v.help, nodes: v.nodes.slice(0, 5).map((n) => n.target.join(' ')) }));
  });
}

/**
 * Runs axe-core with the WCAG 2.1 A and AA rules; throws with every violation listed.
 *
 * A page opened with JavaScript disabled cannot evaluate anything (Chromium then refuses
 * script from the DevTools protocol too), so its no-JS rendering is rebuilt in a scripted
 * context instead: the same URL with every page script blocked from loading and each
 * <noscript> unwrapped, which is the DOM a browser without JavaScript shows.
 */
export async function expectNoAxeViolations(page) {
  let target = page;
  let context = null;
  if (noScriptPages.has(page)) {
    context = await page.context().browser().newContext();
    await context.route('**/*', (route) => (route.request().resourceType() === 'script' ? route.abort() : route.continue()));
    target = await context.newPage();
    await target.goto(page.url(), { waitUntil: 'load' });
    await target.evaluate(() => {
      for (const n of [...document.querySelectorAll('noscript')]) {
        const t = document.createElement('template');
        t.innerHTML = n.textContent;
        n.replaceWith(t.content);
      }
    });
  }
  try {
    const violations = await runAxe(target);
    if (violations.length) {
      throw new Error(`axe-core found ${violations.length} violation(s) on ${page.url()}${context ? ' (without JavaScript)' : ''}:\n` +
        violations.map((v) => `- ${v.id}: ${v.help}\n    ${v.nodes.join('\n    ')}`).join('\n'));
    }
  } finally {
    if (context) await context.close();
  }
}

/** Base URL of the test server. */
export async function base() { return startServer(); }
