// The calculator page: reads the rules JSON, fills the form from the query string, and keeps
// the result (`output[name=total]`) and the query string up to date as the visitor types.
// Without this script the form still submits and the page shows every table and rule.

import { calculate, inputFrom, FIELDS } from './calculator.js';

const form = document.getElementById('calc-form');
const output = document.getElementById('calc-total');
const status = document.getElementById('calc-status');
const list = document.getElementById('calc-breakdown');
const share = document.getElementById('calc-share');
const shareLink = document.getElementById('calc-share-link');
const strings = JSON.parse(document.getElementById('calc-strings').textContent || '{}');
const js = strings.js || {};
const lang = form.dataset.lang || 'en';
const number = new Intl.NumberFormat(lang, { maximumFractionDigits: 4 });

function fill(template, vars) {
  return String(template ?? '').replace(/\{(\w+)\}/g, (m, k) => (k in vars ? String(vars[k]) : m));
}

function hoursText(h) {
  return h === null ? strings.on_request : fill(strings.hours_unit, { hours: number.format(h) });
}

function bandText(b) {
  if (b.to === null) return fill(strings.or_more, { from: number.format(b.from) });
  if (b.to === b.from) return number.format(b.from);
  return `${number.format(b.from)}–${number.format(b.to)}`;
}

function fieldValue(name) {
  const el = form.elements.namedItem(name);
  if (!el) return null;
  return el.value ?? null;
}

function setField(name, value) {
  const el = form.elements.namedItem(name);
  if (!el) return;
  if (el instanceof RadioNodeList) {
    for (const r of el) r.checked = r.value === value;
  } else if (el instanceof HTMLSelectElement) {
    if ([...el.options].some((o) => o.value === value)) el.value = value;
  } else {
    el.value = value;
  }
}

function item(text) {
  const li = document.createElement('li');
  li.textContent = text;
  list.append(li);
}

function showErrors(errors, rules) {
  output.removeAttribute('data-hours');
  output.textContent = '–';
  status.textContent = js.invalid;
  list.replaceChildren();
  for (const e of errors) {
    item(fill(js[`error_${e.field}`] || e.field, { max: rules.reassessment.max_items }));
  }
  for (const f of FIELDS) {
    const el = form.elements.namedItem(f);
    const bad = errors.some((e) => e.field === f);
    if (el && !(el instanceof RadioNodeList)) {
      if (bad) el.setAttribute('aria-invalid', 'true');
      else el.removeAttribute('aria-invalid');
    }
  }
}

function showResult(r) {
  for (const f of FIELDS) {
    const el = form.elements.namedItem(f);
    if (el && !(el instanceof RadioNodeList)) el.removeAttribute('aria-invalid');
  }
  const b = r.breakdown;
  if (r.on_request) {
    output.dataset.hours = 'on-request';
    output.textContent = js.total_on_request;
    status.textContent = js.on_request_explained;
  } else {
    output.dataset.hours = String(r.total_hours);
    output.textContent = fill(js.total_hours, { hours: number.format(r.total_hours) });
    status.textContent = fill(js.audit, { hours: number.format(r.audit_hours) });
  }
  list.replaceChildren();
  item(
    fill(js.base, {
      org: strings[`org_type_${b.base.org_type}`] || b.base.org_type,
      fte: number.format(b.base.fte),
      band: bandText(b.base.band),
      hours: hoursText(b.base.hours),
    }),
  );
  item(
    fill(js.extra, {
      it: strings[`it_${b.extra.it}_short`] || b.extra.it,
      count: fill(js[`counted_${b.extra.counted}`], { n: number.format(b.extra.count) }),
      band: bandText(b.extra.band),
      hours: hoursText(b.extra.hours),
    }),
  );
  if (!r.on_request) {
    item(fill(js.sum, { hours: number.format(b.subtotal) }));
    if (b.discount) {
      item(
        fill(js.discount, {
          certificate: strings[`certified_${b.discount.certificate}`] || b.discount.certificate,
          percent: number.format(b.discount.fraction * 100),
          hours: number.format(b.discount.hours),
        }),
      );
    } else {
      item(js.no_discount);
    }
    item(fill(js[`rounded_${b.rounding}`], { hours: number.format(b.rounded_hours) }));
    item(fill(b.minimum_applied ? js.minimum_applied : js.minimum_ok, { hours: number.format(b.minimum_hours) }));
    item(fill(js.audit, { hours: number.format(r.audit_hours) }));
  }
  item(
    fill(js.reassessment, {
      items: number.format(b.reassessment.failed_items),
      per: number.format(b.reassessment.hours_per_item),
      hours: number.format(b.reassessment.hours),
    }),
  );
  if (!r.on_site_required) item(js.where_online);
  else if (r.min_on_site_hours !== null) item(fill(js.where_on_site_min, { hours: number.format(r.min_on_site_hours) }));
  else item(js.where_on_site);
  const a = r.auditors;
  item(a.min === a.max ? fill(js.auditors_one, { n: a.min }) : fill(js.auditors_range, { min: a.min, max: a.max }));
}

function query() {
  const params = new URLSearchParams();
  for (const f of FIELDS) params.set(f, fieldValue(f) ?? '');
  return `?${params}`;
}

function update(rules) {
  const { result, errors } = calculate(rules, inputFrom(fieldValue));
  if (errors) showErrors(errors, rules);
  else showResult(result);
  const url = `${location.pathname}${query()}`;
  history.replaceState(null, '', url);
  shareLink.href = url;
  share.hidden = false;
}

async function start() {
  status.textContent = strings.loading;
  let rules;
  try {
    const res = await fetch(form.dataset.rules);
    if (!res.ok) throw new Error(`HTTP ${res.status}`);
    rules = await res.json();
  } catch {
    status.textContent = strings.load_failed;
    return;
  }
  const params = new URLSearchParams(location.search);
  for (const f of FIELDS) {
    if (params.has(f)) setField(f, params.get(f));
  }
  form.addEventListener('input', () => update(rules));
  form.addEventListener('change', () => update(rules));
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    update(rules);
  });
  update(rules);
  form.dataset.ready = 'true';
}

start();
