// Recomputes every certificate's status on an organisation page for the visitor's today,
// and updates the text and the data-status attributes (SPEC 3.3).
import { certStatus, orgStatus, today, labels, humanDate } from './register-core.js';

const L = labels();
const d = today();
const org = document.querySelector('[data-organisation]');
if (org) {
  const statuses = [];
  for (const sec of org.querySelectorAll('[data-certificate]')) {
    const c = {
      issued: sec.dataset.issued,
      expires: sec.dataset.expires,
      withdrawn: sec.dataset.withdrawn ?? null,
      deadline: sec.dataset.deadline ?? null,
      completed: sec.dataset.completed ?? null,
    };
    const s = certStatus(c, d);
    statuses.push(s);
    const target = sec.querySelector('[data-status]');
    if (target) {
      target.dataset.status = s;
      target.textContent = L.status[s] ?? s;
    }
  }
  const os = orgStatus(statuses);
  const ot = org.querySelector('[data-org-status]');
  if (ot) {
    ot.dataset.orgStatus = os;
    ot.textContent = L.status[os] ?? os;
  }
  const temp = org.querySelector('[data-temporary]');
  if (temp) temp.hidden = !(os === 'pre-registered' && org.dataset.temporaryUntil && org.dataset.temporaryUntil >= d);
  const asOf = org.querySelector('[data-as-of-text]');
  if (asOf) {
    asOf.textContent = `${L.as_of_today} `;
    const t = document.createElement('time');
    t.dateTime = d;
    t.textContent = humanDate(d, L);
    asOf.append(t);
  }
}
