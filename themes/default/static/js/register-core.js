// Shared by the register scripts: folding text the way the index builder does
// (src/register/text.rs), the status rules of SPEC 3.2, and dates in the page's language.

const SPECIAL = { 'ß': 'ss', 'æ': 'ae', 'ø': 'o', 'œ': 'oe', 'ł': 'l', 'đ': 'd', 'þ': 'th', 'ð': 'd', 'ı': 'i', 'ħ': 'h' };

/** Case- and diacritics-insensitive form of a text. */
export function fold(s) {
  const base = String(s).normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();
  let out = '';
  for (const c of base) out += SPECIAL[c] ?? c;
  return out;
}

/** Words of a text, folded. */
export function tokens(s) {
  return fold(s).split(/[^\p{L}\p{N}]+/u).filter(Boolean);
}

/** A registration or certificate number as an index key. */
export function numberKey(s) {
  return fold(s).replace(/[^\p{L}\p{N}]/gu, '');
}

/** Today in the visitor's time zone, as YYYY-MM-DD (ISO dates compare as strings). */
export function today() {
  const d = new Date();
  const p = (n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
}

/** A certificate's status on day `d` (all dates YYYY-MM-DD strings; null when absent). */
export function certStatus(c, d) {
  if (c.withdrawn && c.withdrawn <= d) return 'withdrawn';
  if (d > c.expires) return 'expired';
  if (d < c.issued) return 'not-yet-valid';
  if (c.deadline && !(c.completed && c.completed <= d)) {
    return d <= c.deadline ? 'conditional' : 'remediation-overdue';
  }
  return 'valid';
}

/** An organisation's status on day `d`, from its certificates' statuses. */
export function orgStatus(statuses) {
  if (statuses.some((s) => s === 'valid' || s === 'conditional')) return 'certified';
  if (statuses.every((s) => s === 'not-yet-valid')) return 'pre-registered';
  return 'no-valid-certificate';
}

/** The page's labels, from its JSON data block. */
export function labels() {
  const el = document.getElementById('register-labels');
  return el ? JSON.parse(el.textContent) : { status: {}, months: [] };
}

/** A date in the page's language, with the same pattern the build uses. */
export function humanDate(iso, L) {
  const [y, m, d] = iso.split('-').map(Number);
  return (L.date_format || '{day} {month} {year}')
    .replace('{day}', String(d))
    .replace('{month}', L.months[m - 1] ?? String(m))
    .replace('{year}', String(y));
}

/** The certificate record of the index as the status rules read it. */
export function certFromRecord(r) {
  return { number: r[0], norm: r[1], issued: r[2], expires: r[3], withdrawn: r[4], deadline: r[5], completed: r[6], version: r[7] };
}

/** An element with text, built without parsing HTML. */
export function el(tag, text, attrs = {}) {
  const e = document.createElement(tag);
  if (text != null) e.textContent = text;
  for (const [k, v] of Object.entries(attrs)) if (v != null) e.setAttribute(k, v);
  return e;
}
