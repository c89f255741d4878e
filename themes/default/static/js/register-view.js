// Shard mode: one view page serves every /{lang}/register/{registration}/ address (the host
// rewrites to it); the entry is read from the index and shown with textContent only.
import { numberKey, today, certStatus, certFromRecord, orgStatus, labels, humanDate, el } from './register-core.js';
import { lookup } from './register-index.js';

const L = labels();
const root = document.querySelector('[data-register-view]');
const body = root?.querySelector('[data-view-body]');
const asOf = root?.querySelector('[data-as-of-text]');

async function show() {
  const m = location.pathname.match(/\/register\/([A-Za-z0-9][A-Za-z0-9._-]*)\/?$/);
  const reg = m && m[1] !== 'view' ? decodeURIComponent(m[1]) : null;
  const r = reg ? (await lookup('id', numberKey(reg))).records.get(reg) : null;
  if (!r) {
    asOf.textContent = L.not_found;
    return;
  }
  const d = today();
  root.dataset.organisation = r[0];
  root.querySelector('[data-view-title]').textContent = r[1];
  document.title = `${r[1]} · ${document.title.split(' · ').pop()}`;
  asOf.textContent = `${L.as_of_today} ${humanDate(d, L)}`;
  const certs = r[6].map(certFromRecord);
  const statuses = certs.map((c) => certStatus(c, d));
  const os = orgStatus(statuses);
  body.append(el('p', [r[0], r[2], r[3]].filter(Boolean).join(' · ')));
  body.append(el('p', L.status[os] ?? os, { class: 'status', 'data-org-status': os }));
  if (certs.length === 0) body.append(el('p', L.no_certificates));
  certs.forEach((c, i) => {
    const sec = el('section', null, { class: 'certificate', 'data-certificate': c.number });
    sec.append(el('h2', `${c.norm} · ${c.number}`));
    const p = el('p', null, { class: 'cert-status' });
    p.append(el('strong', L.status[statuses[i]] ?? statuses[i], { class: 'status', 'data-status': statuses[i] }));
    sec.append(p);
    const dl = el('dl', null, { class: 'facts' });
    const add = (k, v) => { if (v) { dl.append(el('dt', k), el('dd', v)); } };
    add(L.scheme_version, c.version);
    add(L.issued, humanDate(c.issued, L));
    add(L.expires, humanDate(c.expires, L));
    add(L.remediation_deadline, c.deadline && humanDate(c.deadline, L));
    add(L.withdrawn_on, c.withdrawn && humanDate(c.withdrawn, L));
    sec.append(dl);
    body.append(sec);
  });
}

if (root) show().catch(() => { asOf.textContent = L.load_error; });
