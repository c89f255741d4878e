// Register pages in a real browser, served with the site's CSP.
// The site under test is the bundled sample built with an OLD --date (2025-06-01), so the
// HTML carries statuses of that day and the page script must bring them up to today.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { launch, openPage, expectNoAxeViolations } from './lib.mjs';
import jsQR from 'jsqr';
import { PNG } from 'pngjs';


function todayIso() {
  const d = new Date();
  const p = (n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
}

// The SPEC 3.2 rules, written again here so the test does not trust the page's own code.
function expected(c, d) {
  if (c.withdrawn && c.withdrawn.date <= d) return 'withdrawn';
  if (d > c.expires) return 'expired';
  if (d < c.issued) return 'not-yet-valid';
  if (c.remediation && !(c.remediation.completed && c.remediation.completed <= d)) {
    return d <= c.remediation.deadline ? 'conditional' : 'remediation-overdue';
  }
  return 'valid';
}

let browser;
test.before(async () => { browser = await launch(); });
test.after(async () => { await browser?.close(); });

async function exportData() {
  const { page } = await openPage(browser, '/api/register.json');
  const data = JSON.parse(await page.evaluate(() => document.body.innerText));
  await page.close();
  return data;
}

test('organisation pages recompute every status for today, replacing the build date\'s', async () => {
  const data = await exportData();
  const d = todayIso();
  let changed = 0;
  for (const org of data.organisations.filter((o) => o.certificates.length > 0).slice(0, 25)) {
    const { page, cspViolations, consoleErrors } = await openPage(browser, `/en/register/${org.registration_number}/`);
    for (const c of org.certificates) {
      const want = expected(c, d);
      const got = await page.getAttribute(`[data-certificate="${c.certificate_number}"] [data-status]`, 'data-status');
      assert.equal(got, want, `${c.certificate_number}`);
      if (want !== expected(c, '2025-06-01')) changed++;
    }
    assert.match(await page.textContent('[data-as-of-text]'), /as of today/);
    assert.deepEqual(cspViolations, []);
    assert.deepEqual(consoleErrors, []);
    await page.close();
  }
  assert.ok(changed > 0, 'the old --date build must differ from today somewhere, or this test proves nothing');
});

test('without JavaScript the page keeps the build date\'s status and says so', async () => {
  const data = await exportData();
  const org = data.organisations.find((o) => o.certificates.length > 0);
  const { page, context: ctx } = await openPage(browser, `/en/register/${org.registration_number}/`, { javaScriptEnabled: false });
  const c = org.certificates[0];
  assert.equal(await page.getAttribute(`[data-certificate="${c.certificate_number}"] [data-status]`, 'data-status'), expected(c, '2025-06-01'));
  assert.match(await page.textContent('[data-as-of-text]'), /Status as of 1 June 2025/);
  await ctx.close();
});

for (const [what, query, pick] of [
  ['a name word with different case and accents', (o) => o.name.split(' ')[0].toUpperCase().normalize('NFKD').replace(/\p{M}/gu, ''), (o) => o],
  ['a registration number', (o) => o.registration_number.toLowerCase(), (o) => o],
  ['a certificate number', (o) => o.certificates[0].certificate_number, (o) => o],
  ['a city', (o) => o.city, (o) => o],
]) {
  test(`search finds an organisation by ${what}`, async () => {
    const data = await exportData();
    const org = data.organisations.find((o) => o.certificates.length > 0 && o.city && /[^\x00-\x7f]/.test(o.name)) ?? data.organisations[0];
    const q = query(pick(org));
    const { page, requests, cspViolations } = await openPage(browser, `/en/register/?q=${encodeURIComponent(q)}`);
    await page.waitForSelector(`[data-register-results] li[data-org="${org.registration_number}"]`);
    const href = await page.getAttribute(`[data-register-results] li[data-org="${org.registration_number}"] a`, 'href');
    assert.equal(href, `/en/register/${org.registration_number}/`);
    assert.ok(!requests.some((u) => u.includes('/api/register.json')), 'the search must not download the whole register');
    assert.deepEqual(cspViolations, []);
    await page.close();
  });
}

test('search page and an organisation page pass axe', async () => {
  const data = await exportData();
  for (const path of ['/en/register/?q=voorbeeld', `/nl/register/${data.organisations[0].registration_number}/`, '/en/auditors/']) {
    const { page } = await openPage(browser, path);
    await expectNoAxeViolations(page);
    await page.close();
  }
});

test('the QR code, as the browser draws it, scans to the page\'s own address in every language', async () => {
  const data = await exportData();
  const canonical = async (page) => page.getAttribute('link[rel="canonical"]', 'href');
  for (const org of data.organisations.slice(0, 4)) {
    for (const lang of ['en', 'nl', 'de']) {
      const { page } = await openPage(browser, `/${lang}/register/${org.registration_number}/`);
      // A screenshot of the rendered SVG, decoded by a QR reader that knows nothing of how it was drawn.
      const png = PNG.sync.read(await page.locator('.qr-figure svg').screenshot());
      const code = jsQR(new Uint8ClampedArray(png.data), png.width, png.height);
      assert.ok(code, `a QR code is readable on /${lang}/register/${org.registration_number}/`);
      assert.equal(code.data, await canonical(page));
      assert.ok(code.data.endsWith(`/${lang}/register/${org.registration_number}/`), code.data);
      await page.close();
    }
  }
});
