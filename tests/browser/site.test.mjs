// The pipeline's pages in a real browser: home in both complete languages, the language
// switcher on an inner page, the root redirect, the fallback notice, CSP and axe.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, openPage, expectNoAxeViolations } from './lib.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser.close(); });

for (const lang of ['en', 'nl']) {
  test(`home page in ${lang}: language, no CSP violations, no external requests, axe clean`, async () => {
    const { page, cspViolations, external, consoleErrors } = await openPage(browser, `/${lang}/`);
    assert.equal(await page.getAttribute('html', 'lang'), lang);
    assert.ok((await page.title()).length > 0);
    assert.equal(await page.locator('main h1').count(), 1);
    await expectNoAxeViolations(page);
    assert.deepEqual(cspViolations, []);
    assert.deepEqual(external, []);
    assert.deepEqual(consoleErrors, []);
  });
}

test('the language switcher on an inner page lands on its translation', async () => {
  const { page } = await openPage(browser, '/en/scheme/');
  const enTitle = await page.locator('main h1').textContent();
  await page.locator('.lang-switch a[hreflang="nl"]').click();
  await page.waitForURL('**/nl/scheme/');
  assert.equal(await page.getAttribute('html', 'lang'), 'nl');
  const nlTitle = await page.locator('main h1').textContent();
  assert.notEqual(nlTitle, enTitle, 'the Dutch page shows the Dutch title');
  assert.equal(await page.locator('.notice-fallback').count(), 0, 'a real translation has no fallback notice');
  await expectNoAxeViolations(page);
});

test('a page missing in German falls back to English with a visible notice', async () => {
  const { page } = await openPage(browser, '/de/news/');
  assert.equal(await page.getAttribute('html', 'lang'), 'de');
  const notice = page.locator('.notice-fallback');
  assert.equal(await notice.count(), 1);
  assert.ok(await notice.isVisible());
  assert.equal(await page.getAttribute('main', 'lang'), 'en', 'the English text is marked as English');
  await expectNoAxeViolations(page);
});

test('/ sends a Dutch browser to /nl/ and a browser without JavaScript to the default language', async () => {
  const nl = await browser.newContext({ locale: 'nl-NL' });
  const p1 = await nl.newPage();
  const { base } = await openPage(browser, null);
  await p1.goto(base + '/');
  await p1.waitForURL('**/nl/');
  await nl.close();
  const { page } = await openPage(browser, '/', { javaScriptEnabled: false });
  await page.waitForURL('**/en/');
  assert.equal(await page.getAttribute('html', 'lang'), 'en');
});

test('an unknown address shows the 404 page of its language', async () => {
  const { page } = await openPage(browser, '/nl/no-such-page/');
  assert.equal(await page.getAttribute('html', 'lang'), 'nl');
  assert.ok((await page.locator('main').textContent()).includes('niet gevonden'));
  await expectNoAxeViolations(page);
});
