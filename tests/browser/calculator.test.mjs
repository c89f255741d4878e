// The calculator page in a real browser (SPEC 3.4): the form updates the result as the user
// types, the query string makes the result shareable, keyboard use works, axe finds nothing,
// and without JavaScript the page still shows every table.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';

import { launch, openPage, expectNoAxeViolations } from './lib.mjs';

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

const total = (page) => page.locator('output[name="total"]');
const ready = (page) => page.waitForSelector('#calc-form[data-ready="true"]');
const hoursOf = (page) => total(page).getAttribute('data-hours');

test('filling in the form gives the worked example, updating as the user types', async () => {
  const { page, cspViolations, consoleErrors } = await openPage(browser, '/en/calculator/');
  await ready(page);
  await page.check('input[name="level"][value="QM30"]');
  await page.check('input[name="org_type"][value="supplier"]');
  await page.fill('input[name="fte"]', '200');
  await page.fill('input[name="locations"]', '3');
  await page.fill('input[name="legal_entities"]', '7');
  await page.check('input[name="it"][value="decentral"]');
  await page.check('input[name="certified"][value="nen7510"]');
  await page.selectOption('select[name="failed_items"]', '1');
  assert.equal(await hoursOf(page), '28');
  const breakdown = await page.locator('#calc-breakdown').innerText();
  assert.match(breakdown, /band 101–250\): 40 h/);
  assert.match(breakdown, /7 legal entities counted/);
  assert.match(breakdown, /60 % off gives 25\.6 hours/);
  assert.match(breakdown, /Rounded up to a whole hour: 26 hours/);
  assert.match(breakdown, /At least 8 hours of the audit are on site/);
  assert.equal(await page.locator('[aria-live] output[name="total"]').count(), 1, 'the result is in a live region');

  await page.fill('input[name="fte"]', '251');
  assert.equal(await hoursOf(page), 'on-request');
  assert.match(await total(page).innerText(), /On request/);

  await page.fill('input[name="fte"]', '0');
  assert.equal(await hoursOf(page), null, 'no number for bad input');
  assert.match(await page.locator('#calc-breakdown').innerText(), /at least 1/);
  assert.equal(await page.locator('input[name="fte"]').getAttribute('aria-invalid'), 'true');

  assert.deepEqual(cspViolations, []);
  assert.deepEqual(consoleErrors, []);
});

test('a shared link reproduces the result, and the query string follows the form', async () => {
  const query = 'level=QM20&org_type=supplier&fte=30&locations=3&legal_entities=1&it=central&certified=none&failed_items=0';
  const { page } = await openPage(browser, `/en/calculator/?${query}`);
  await ready(page);
  assert.equal(await hoursOf(page), '24');
  assert.equal(await page.locator('input[name="fte"]').inputValue(), '30');
  assert.ok(await page.locator('input[name="it"][value="central"]').isChecked());

  await page.check('input[name="certified"][value="iso27001"]');
  assert.equal(await hoursOf(page), '10', '24 × 0.4 = 9.6 → 10');
  const url = new URL(page.url());
  assert.equal(url.searchParams.get('certified'), 'iso27001');
  const shared = await page.locator('#calc-share-link').getAttribute('href');
  assert.equal(shared, `${url.pathname}${url.search}`);

  // Follow the link in a fresh page, as the person it was sent to.
  const other = await openPage(browser, shared);
  await ready(other.page);
  assert.equal(await hoursOf(other.page), '10');
  assert.ok(await other.page.locator('input[name="certified"][value="iso27001"]').isChecked());
});

test('the form works with the keyboard only', async () => {
  const { page } = await openPage(browser, '/en/calculator/?level=QM10&org_type=nis2&fte=10&locations=1&legal_entities=1&it=central&certified=iso27001&failed_items=0');
  await ready(page);
  assert.equal(await hoursOf(page), '5');
  await page.focus('input[name="fte"]');
  await page.keyboard.press('Control+A');
  await page.keyboard.type('30');
  assert.equal(await hoursOf(page), '8', 'NIS2 25–100 FTE: 20 × 0.4 = 8');
  await page.focus('input[name="level"][value="QM10"]');
  await page.keyboard.press('ArrowDown');
  assert.ok(await page.locator('input[name="level"][value="QM20"]').isChecked());
  assert.equal(await hoursOf(page), '10', '24 × 0.4 = 9.6 → 10');
});

test('no axe violations, with a result shown, in English and Dutch', async () => {
  for (const lang of ['en', 'nl']) {
    const { page } = await openPage(browser, `/${lang}/calculator/?level=QM30&org_type=supplier&fte=200&locations=3&legal_entities=7&it=decentral&certified=nen7510&failed_items=1`);
    await ready(page);
    assert.equal(await hoursOf(page), '28');
    await expectNoAxeViolations(page);
  }
});

test('Dutch page writes the breakdown in Dutch with a decimal comma', async () => {
  const { page } = await openPage(browser, '/nl/calculator/?level=QM10&org_type=supplier&fte=5&locations=1&legal_entities=1&it=central&certified=iso27001&failed_items=0');
  await ready(page);
  assert.equal(await hoursOf(page), '4');
  const text = await page.locator('#calc-breakdown').innerText();
  assert.match(text, /1,6 uur/);
  assert.match(text, /Verhoogd tot de minimale audittijd van 4 uur/);
});

test('without JavaScript the tables are there and the form submits to the page itself', async () => {
  const { page, context } = await openPage(browser, '/en/calculator/', { javaScriptEnabled: false });
  await expectNoAxeViolations(page);
  const rules = await page.locator('.calc-rules').innerText();
  assert.match(rules, /Table A: base hours, Supplier/);
  assert.match(rules, /101–250/);
  assert.match(rules, /251 or more/);
  assert.match(rules, /on request/);
  assert.match(rules, /60 % off/);
  assert.match(rules, /never below 4 hours/);
  assert.match(await page.locator('#calc-status').innerText(), /needs JavaScript/);
  await page.fill('input[name="fte"]', '30');
  await Promise.all([page.waitForURL('**/en/calculator/?*'), page.click('#calc-form button')]);
  const url = new URL(page.url());
  assert.equal(url.pathname, '/en/calculator/');
  assert.equal(url.searchParams.get('fte'), '30');
  assert.equal(await page.locator('main h1').count(), 1);
  assert.match(await page.locator('.calc-rules').innerText(), /Table B: extra hours, IT arranged centrally/);
  await context.close();
});
