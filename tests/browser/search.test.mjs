// Full-text search in a real browser: the Pagefind index of each language, queried through
// the site's own search page under the site's CSP.
//
// Expected pages are not hard-coded: for each query the test reads the built site and
// collects the pages of that language whose indexed text (<main data-pagefind-body>)
// contains the word, then checks the search finds them, and only pages of that language.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { launch, openPage, expectNoAxeViolations, served, SITE_DIR } from './lib.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser.close(); });

/** Every searchable page of `lang`: URL, indexed text, filters from its <meta> tags. */
function searchablePages(lang) {
  const pages = [];
  const walk = (dir) => {
    for (const name of readdirSync(dir)) {
      const p = join(dir, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (name === 'index.html') {
        const html = readFileSync(p, 'utf8');
        const main = html.match(/<main\b[^>]*\bdata-pagefind-body\b[^>]*>([\s\S]*?)<\/main>/);
        if (!main) continue;
        const text = main[1].replace(/<[^>]+>/g, ' ').replace(/&nbsp;/g, ' ').replace(/\s+/g, ' ').toLowerCase();
        const filters = {};
        for (const m of html.matchAll(/<meta\b[^>]*\bdata-pagefind-filter="?([a-z_]+)\[content\][^>]*>/g)) {
          const value = m[0].match(/\bcontent=(?:"([^"]*)"|([^\s>]+))/);
          filters[m[1]] = value[1] ?? value[2];
        }
        const url = '/' + p.slice(SITE_DIR.length).replace(/^\/+/, '').replace(/index\.html$/, '');
        pages.push({ url, text, filters });
      }
    }
  };
  walk(join(SITE_DIR, lang));
  return pages;
}

const hasWord = (page, word) => new RegExp(`(^|[^\\p{L}\\p{N}])${word}([^\\p{L}\\p{N}]|$)`, 'u').test(page.text);

/** Runs a query on /{lang}/search/ and returns every result link once the status settles. */
async function query(lang, q, extra = '') {
  const opened = await openPage(browser, `/${lang}/search/?q=${encodeURIComponent(q)}${extra}`);
  const { page } = opened;
  await page.waitForFunction(() => {
    const s = document.querySelector('[data-search-status]')?.textContent || '';
    return s && !/…$/.test(s);
  });
  // Results come ten at a time: show them all.
  const more = page.locator('[data-search-more]');
  while (await more.isVisible()) {
    const before = await page.locator('.search-results li').count();
    await more.click();
    await page.waitForFunction((n) => document.querySelectorAll('.search-results li').length > n, before);
  }
  const links = await page.locator('.search-results li h2 a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
  return { ...opened, links };
}

// A word from the norms' subject matter, per language, and a Dutch inflected form whose
// stem occurs on the site but which itself does not.
const QUERIES = { en: 'backup', nl: 'wachtwoord' };

for (const [lang, word] of Object.entries(QUERIES)) {
  test(`${lang}: "${word}" finds the ${lang} pages that contain it, and only ${lang} pages`, async () => {
    const pages = searchablePages(lang);
    const expected = pages.filter((p) => hasWord(p, word) && (!p.filters.version || p.filters.version === currentVersion(pages)));
    assert.ok(expected.length > 0, `the sample site has no ${lang} page containing "${word}"`);
    const { page, links, external, cspViolations, consoleErrors } = await query(lang, word);
    for (const e of expected) assert.ok(links.includes(e.url), `${e.url} is missing from the results for "${word}": ${links.join(', ')}`);
    for (const l of links) assert.ok(l.startsWith(`/${lang}/`), `result ${l} is not in ${lang}`);
    assert.deepEqual(external, [], 'nothing is fetched from outside the site');
    assert.deepEqual(cspViolations, []);
    assert.deepEqual(consoleErrors, []);
    await expectNoAxeViolations(page);
  });
}

/** The version the site calls current, as the search page announces it. */
function currentVersion() {
  const html = readFileSync(join(SITE_DIR, 'en/search/index.html'), 'utf8');
  const m = html.match(/data-current-version="?([^"\s>]*)/);
  return m ? m[1] : '';
}

test('nl: an inflected form ("wachtwoorden") finds pages with its stem', async () => {
  const pages = searchablePages('nl');
  const withStem = pages.filter((p) => hasWord(p, 'wachtwoord') && !hasWord(p, 'wachtwoorden'));
  assert.ok(withStem.length > 0, 'the sample site has no Dutch page with "wachtwoord" but not "wachtwoorden"');
  const { links } = await query('nl', 'wachtwoorden', '&version=all');
  assert.ok(withStem.some((p) => links.includes(p.url)), `no page with only the stem found: ${links.join(', ')}`);
});

test('the version filter narrows the results to one norm version', async () => {
  const pages = searchablePages('en');
  const current = currentVersion();
  const versions = [...new Set(pages.map((p) => p.filters.version).filter(Boolean))];
  const older = versions.filter((v) => v !== current);
  assert.ok(current && older.length > 0, `the sample site needs a current and an older norm version in the index (found ${versions})`);
  const word = 'backup';
  const all = await query('en', word, '&version=all');
  const byUrl = new Map(pages.map((p) => [p.url, p]));
  assert.ok(all.links.some((l) => byUrl.get(l)?.filters.version === older[0]), `"${word}" finds no page of version ${older[0]}`);
  // Default: the current version only (pages without a version, like news, stay in).
  const dflt = await query('en', word);
  assert.ok(dflt.links.length > 0);
  for (const l of dflt.links) assert.ok([undefined, current].includes(byUrl.get(l)?.filters.version), `${l} is not of the current version`);
  // An older version chosen explicitly: only that version.
  const old = await query('en', word, `&version=${older[0]}`);
  assert.ok(old.links.length > 0 && old.links.length < all.links.length, 'the version filter does not narrow the results');
  for (const l of old.links) assert.equal(byUrl.get(l)?.filters.version, older[0], `${l} is not of version ${older[0]}`);
  assert.equal(await old.page.locator('#search-version').inputValue(), older[0], 'the menu shows the chosen version');
  // Each result names its level and version once ("Level QM20 · Norm version 3.1").
  const facts = await old.page.locator('.search-result-facts').allTextContents();
  for (const f of facts) assert.ok(!/(\S+), \1\b/.test(f), `a result repeats a filter value: ${f}`);
});

test('results are keyboard-navigable and the header search box leads to the search page', async () => {
  const { page } = await openPage(browser, '/en/');
  await page.locator('#header-q').fill('backup');
  await page.keyboard.press('Enter');
  await page.waitForURL('**/en/search/?q=backup');
  await page.locator('.search-results li h2 a').first().waitFor();
  // Tab from the query field reaches the first result link through the form's controls.
  await page.locator('#search-q').focus();
  let reached = false;
  for (let i = 0; i < 12 && !reached; i++) {
    await page.keyboard.press('Tab');
    reached = await page.evaluate(() => document.activeElement?.matches('.search-results a') ?? false);
  }
  assert.ok(reached, 'Tab never reaches a result link');
});

test('without JavaScript the search page says search needs it', async () => {
  for (const lang of ['en', 'nl']) {
    const { page } = await openPage(browser, `/${lang}/search/?q=backup`, { javaScriptEnabled: false });
    const notice = page.locator('[data-search-needs-js]');
    assert.equal(await notice.isVisible(), true);
    assert.match(await notice.textContent(), /JavaScript/);
    await expectNoAxeViolations(page);
  }
});

test('a cold one-word query transfers under 150 KB (measured, reported)', async () => {
  // A fresh browser context (empty cache) opens a search link and shows the first page of
  // results: everything it downloads for that counts, page and styles included.
  served.length = 0;
  const { page } = await openPage(browser, '/en/search/?q=backup');
  await page.waitForFunction(() => document.querySelectorAll('.search-results li').length > 0);
  await page.waitForLoadState('networkidle');
  const sum = (rows, key) => rows.reduce((n, r) => n + r[key], 0);
  const bytes = sum(served, 'bytes');
  const pagefindRows = served.filter((r) => r.url.startsWith('/pagefind/'));
  console.log(`cold query "backup" on /en/search/: ${bytes} bytes transferred (${sum(served, 'raw')} uncompressed), ` +
    `${sum(pagefindRows, 'bytes')} of them for Pagefind, in ${served.length} requests`);
  assert.deepEqual(served.filter((r) => r.url.startsWith('/pagefind-archive/')), [], 'the everyday search loads the archive index');
  assert.ok(bytes < 150_000, `a cold query transferred ${bytes} bytes`);
});
