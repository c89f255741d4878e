// Norm pages, progressive enhancement: every page works without this script.
// - the measure filter on a norm page (the form is hidden until this runs);
// - the version switcher also as a <select> + button that keeps the reader on the same measure;
// - the print button on the print view.

function initFilter(form) {
  const items = [...document.querySelectorAll('.norms-item')];
  const groups = [...document.querySelectorAll('.norms-group')];
  const q = form.querySelector('#norms-q');
  const point = form.querySelector('#norms-point');
  const mandatory = form.querySelector('#norms-mandatory');
  const count = form.querySelector('.norms-filter-count');
  const template = count.dataset.template || '{n} / {total}';

  const params = new URLSearchParams(location.search);
  if (params.has('q')) q.value = params.get('q');
  if (params.has('point')) point.value = params.get('point');
  if (params.get('mandatory') === '1') mandatory.checked = true;

  function apply() {
    const words = q.value.toLowerCase().split(/\s+/).filter(Boolean);
    let shown = 0;
    for (const li of items) {
      const text = li.textContent.toLowerCase();
      const ok =
        words.every((w) => text.includes(w)) &&
        (!point.value || li.dataset.points.split(' ').includes(point.value)) &&
        (!mandatory.checked || li.dataset.mandatory === 'true');
      li.hidden = !ok;
      if (ok) shown += 1;
    }
    for (const g of groups) {
      g.hidden = !g.querySelector('.norms-item:not([hidden])');
    }
    count.textContent = template.replace('{n}', String(shown)).replace('{total}', String(items.length));
  }

  form.addEventListener('input', apply);
  form.addEventListener('submit', (e) => e.preventDefault());
  form.hidden = false;
  apply();
}

function initSwitcher(nav) {
  const links = [...nav.querySelectorAll('a[data-version]')];
  if (links.length < 2) return;
  const label = nav.querySelector('.norms-switcher-title');
  const select = document.createElement('select');
  select.id = 'version-select';
  select.setAttribute('aria-labelledby', label.id);
  for (const a of links) {
    const option = document.createElement('option');
    option.value = a.getAttribute('href');
    const status = a.parentElement.querySelector('.norms-status');
    const missing = a.parentElement.querySelector('.norms-missing');
    option.textContent = [a.textContent, status ? status.textContent : '', missing ? missing.textContent : '']
      .filter(Boolean)
      .join(' ');
    option.dataset.version = a.dataset.version;
    if (a.hasAttribute('aria-current')) option.selected = true;
    select.append(option);
  }
  // Navigating on a button press, not on change: moving through the options with the
  // keyboard must not leave the page (WCAG 3.2.2).
  const form = document.createElement('form');
  form.className = 'norms-switcher-form';
  const go = document.createElement('button');
  go.type = 'submit';
  go.textContent = nav.dataset.goLabel || 'Go';
  form.append(select, go);
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    location.href = select.value;
  });
  label.after(form);
}

for (const form of document.querySelectorAll('[data-norms-filter]')) initFilter(form);
for (const nav of document.querySelectorAll('[data-version-switcher]')) initSwitcher(nav);
for (const button of document.querySelectorAll('[data-print]')) {
  button.hidden = false;
  button.addEventListener('click', () => window.print());
}
