// Mapping pages in a real browser: a reverse (per-control) page and the exemption view,
// with and without JavaScript, under the site's CSP, checked with axe-core.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, openPage, expectNoAxeViolations } from './lib.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser.close(); });

const visible = (page, sel) => page.locator(sel).evaluateAll((els) => els.filter((e) => e.offsetParent !== null).length);

test('reverse page for ISO 27001 8.13 lists measures per level, axe clean', async () => {
  const { page, cspViolations, external, consoleErrors } = await openPage(browser, '/en/mappings/iso27001/8.13/');
  assert.equal(await page.locator('[data-level="QM10"] [data-measure="C.01"]').count(), 1);
  assert.equal(await page.locator('[data-level="QM10"] [data-measure="C.03"]').count(), 0);
  assert.match(await page.locator('main').textContent(), /informative only/);
  await expectNoAxeViolations(page);
  assert.deepEqual(cspViolations, []);
  assert.deepEqual(external, []);
  assert.deepEqual(consoleErrors, []);
});

test('exemption view without JavaScript shows both standards and both lists', async () => {
  const { page } = await openPage(browser, '/en/mappings/qm20/3.2/exemptions/', { javaScriptEnabled: false });
  assert.equal(await visible(page, 'section[data-framework]'), 2);
  assert.equal(await visible(page, '[data-list="covered"]'), 2);
  assert.equal(await visible(page, '[data-list="remaining"]'), 2);
  assert.equal(await visible(page, '[data-exemptions-toggle]'), 0, 'the toggle needs JavaScript');
  await expectNoAxeViolations(page);
});

test('exemption view with JavaScript: a toggle whose state lives in the URL', async () => {
  const { page, cspViolations, consoleErrors } = await openPage(browser, '/nl/mappings/qm20/3.2/exemptions/?certificate=nen7510');
  assert.equal(await page.getAttribute('html', 'lang'), 'nl');
  assert.ok(await page.locator('#cert-nen7510').isChecked());
  assert.ok(await page.locator('section[data-framework="nen7510"]').isVisible());
  assert.ok(!(await page.locator('section[data-framework="iso27001"]').isVisible()));
  await expectNoAxeViolations(page);
  await page.locator('#cert-iso27001').check();
  assert.ok(await page.locator('section[data-framework="iso27001"]').isVisible());
  assert.ok(!(await page.locator('section[data-framework="nen7510"]').isVisible()));
  assert.equal(new URL(page.url()).searchParams.get('certificate'), 'iso27001');
  // Reloading keeps the choice.
  await page.reload();
  assert.ok(await page.locator('#cert-iso27001').isChecked());
  assert.ok(!(await page.locator('section[data-framework="nen7510"]').isVisible()));
  assert.deepEqual(cspViolations, []);
  assert.deepEqual(consoleErrors, []);
});

test('the matrix reads as one block per measure on a phone', async () => {
  const { page, context } = await openPage(browser, null);
  await page.setViewportSize({ width: 375, height: 800 });
  const base = (await import('./lib.mjs')).startServer;
  await page.goto((await base()) + '/en/mappings/qm10/3.2/');
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= 375, `no horizontal scrolling (scrollWidth ${width})`);
  const display = await page.locator('.mappings-matrix tbody tr').first().evaluate((e) => getComputedStyle(e).display);
  assert.equal(display, 'block');
  await expectNoAxeViolations(page);
  await context.close();
});
