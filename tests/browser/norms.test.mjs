// Norm pages in a real browser: the version switcher (with and without JavaScript), the
// measure filter, and axe-core on a norm, a measure and a changes page.
// Run against the built bundled site (see tests/browser/lib.mjs).
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { launch, openPage, expectNoAxeViolations } from './lib.mjs';

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

function clean({ cspViolations, consoleErrors, external }) {
  assert.deepEqual(cspViolations, [], 'no CSP violations');
  assert.deepEqual(consoleErrors, [], 'no console errors');
  assert.deepEqual(external, [], 'no third-party requests');
}

// The current QM20 norm and its first measure, found from the latest/ alias so the test
// follows the sample content rather than hard-coding it.
async function currentNorm() {
  const o = await openPage(browser, '/en/norms/qm20/latest/');
  const canonical = await o.page.getAttribute('link[rel=canonical]', 'href');
  const normPath = new URL(canonical).pathname;
  const firstMeasure = await o.page.getAttribute('.norms-item a', 'href');
  await o.context.close();
  return { normPath, firstMeasure };
}

test('norm page: filter narrows the list, no axe violations', async () => {
  const { normPath } = await currentNorm();
  const o = await openPage(browser, normPath);
  const { page } = o;
  const form = page.locator('[data-norms-filter]');
  await assert.doesNotReject(form.waitFor({ state: 'visible' }));
  const total = await page.locator('.norms-item').count();
  assert.ok(total > 10, `the current QM20 norm lists its measures (${total})`);
  await page.check('#norms-mandatory');
  const mandatory = await page.locator('.norms-item[data-mandatory=true]').count();
  assert.equal(await page.locator('.norms-item:visible').count(), mandatory);
  await page.uncheck('#norms-mandatory');
  const firstTitle = (await page.locator('.norms-item .norms-id').first().textContent()).trim();
  await page.fill('#norms-q', firstTitle);
  assert.ok((await page.locator('.norms-item:visible').count()) >= 1);
  assert.ok((await page.locator('.norms-item:visible').count()) < total);
  assert.match(await page.locator('.norms-filter-count').textContent(), new RegExp(`of ${total} measures shown`));
  await page.fill('#norms-q', '');
  await expectNoAxeViolations(page);
  clean(o);
  await o.context.close();
});

test('measure page: the version switcher keeps the reader on the same measure', async () => {
  const { firstMeasure } = await currentNorm();
  const o = await openPage(browser, firstMeasure);
  const { page } = o;
  const id = (await page.locator('h1 .norms-id').textContent()).trim();
  await expectNoAxeViolations(page);
  // The enhanced switcher: a select plus a button.
  const options = await page.locator('#version-select option').evaluateAll((os) =>
    os.map((o) => ({ value: o.value, version: o.dataset.version, selected: o.selected })),
  );
  const current = options.findIndex((o) => o.selected);
  assert.ok(current > 0, 'there is an older version to switch to');
  const older = options[current - 1];
  await page.selectOption('#version-select', older.value);
  assert.equal(new URL(page.url()).pathname, firstMeasure, 'choosing an option alone does not navigate');
  await Promise.all([page.waitForURL(`**${older.value}`), page.click('.norms-switcher-form button')]);
  if (older.value.endsWith(`/${id.toLowerCase()}/`)) {
    assert.equal((await page.locator('h1 .norms-id').textContent()).trim(), id);
    assert.equal(await page.locator('[data-banner=superseded]').count(), 1);
  }
  clean(o);
  await o.context.close();
});

test('measure page without JavaScript: the switcher is a list of links', async () => {
  const { firstMeasure } = await currentNorm();
  const { page, context } = await openPage(browser, firstMeasure, { javaScriptEnabled: false });
  assert.equal(await page.locator('#version-select').count(), 0);
  const links = page.locator('[data-version-switcher] a[data-version]');
  assert.ok((await links.count()) >= 2);
  assert.equal(await page.locator('[data-version-switcher] a[aria-current=page]').getAttribute('href'), firstMeasure);
  assert.equal(await page.locator('[data-norms-filter]').count(), 0, 'no filter form on a measure page');
  await context.close();
});

test('changes page: differences readable, no axe violations', async () => {
  const { normPath } = await currentNorm();
  const o = await openPage(browser, `${normPath}changes/`);
  const { page } = o;
  assert.equal(await page.locator('[data-changes=added]').count(), 1);
  assert.equal(await page.locator('[data-changes=changed]').count(), 1);
  await expectNoAxeViolations(page);
  clean(o);
  await o.context.close();
});
