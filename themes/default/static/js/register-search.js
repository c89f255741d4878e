// The register search: reads ?q= and the filters, looks the query up in the sharded
// index and lists the matches. Data goes into the page with textContent only.
import { fold, tokens, numberKey, today, certStatus, certFromRecord, orgStatus, labels, el } from './register-core.js';
import { lookup } from './register-index.js';

const L = labels();
const form = document.querySelector('[data-register-search]');
const out = document.querySelector('[data-register-results]');
const list = document.querySelector('[data-register-list]');
const lang = L.lang;

function statusesOf(r, d) {
  const certs = r[6].map(certFromRecord).map((c) => certStatus(c, d));
  return { certs, org: orgStatus(certs) };
}

async function search(q, f) {
  const d = today();
  const words = tokens(q);
  const nk = numberKey(q);
  const found = new Map();
  let truncated = false;
  const jobs = [];
  if (nk.length >= 3) jobs.push(lookup('id', nk));
  const longest = words.filter((w) => w.length >= 2).sort((a, b) => b.length - a.length)[0];
  if (longest) jobs.push(lookup('name', longest));
  for (const res of await Promise.all(jobs)) {
    truncated ||= res.truncated;
    for (const [k, r] of res.records) found.set(k, r);
  }
  const results = [];
  for (const r of found.values()) {
    const idHit = nk.length >= 3 && (numberKey(r[0]).startsWith(nk) || r[6].some((c) => numberKey(c[0]).startsWith(nk)));
    const hay = tokens(`${r[1]} ${r[2] ?? ''}`);
    const nameHit = words.length > 0 && words.every((w) => hay.some((h) => h.startsWith(w)));
    if (!idHit && !nameHit) continue;
    const st = statusesOf(r, d);
    if (f.level && !r[6].some((c) => c[1] === f.level)) continue;
    if (f.country && r[3] !== f.country) continue;
    if (f.status && !(st.org === f.status || st.certs.includes(f.status))) continue;
    results.push({ r, st });
  }
  results.sort((a, b) => fold(a.r[1]).localeCompare(fold(b.r[1])));
  return { results, truncated };
}

function render({ results, truncated }) {
  out.replaceChildren();
  if (results.length === 0) {
    out.append(el('p', L.results_none));
    return;
  }
  out.append(el('p', L.results_count.replace('{n}', String(results.length))));
  const ul = el('ul', null, { class: 'register-hits' });
  for (const { r, st } of results) {
    const li = el('li', null, { 'data-org': r[0] });
    const href = L.pages_mode ? `/${lang}/register/${encodeURIComponent(r[0])}/` : `/${lang}/register/${encodeURIComponent(r[0])}/`;
    li.append(el('a', r[1], { href }));
    const meta = [r[0], r[2], r[3], [...new Set(r[6].map((c) => c[1]))].join(', ')].filter(Boolean).join(' · ');
    li.append(' ', el('span', meta, { class: 'meta' }), ' ');
    li.append(el('span', L.status[st.org] ?? st.org, { class: 'status', 'data-org-status': st.org }));
    ul.append(li);
  }
  out.append(ul);
  if (truncated) out.append(el('p', L.results_more));
}

async function run() {
  const params = new URLSearchParams(location.search);
  const q = params.get('q') ?? '';
  const f = { level: params.get('level') ?? '', status: params.get('status') ?? '', country: params.get('country') ?? '' };
  form.q.value = q;
  form.level.value = f.level;
  form.status.value = f.status;
  form.country.value = f.country;
  if (!q.trim()) return;
  if (numberKey(q).length < 2) {
    out.replaceChildren(el('p', L.query_short));
    return;
  }
  if (list) list.hidden = true;
  out.replaceChildren(el('p', L.loading));
  try {
    render(await search(q, f));
  } catch (e) {
    out.replaceChildren(el('p', L.load_error));
  }
}

if (form && out) {
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    const params = new URLSearchParams();
    for (const k of ['q', 'level', 'status', 'country']) if (form[k].value) params.set(k, form[k].value);
    history.pushState(null, '', `${location.pathname}?${params}`);
    run();
  });
  window.addEventListener('popstate', run);
  run();
}
