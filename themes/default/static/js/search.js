// The search page: Pagefind's JS API against this language's index, with the site's own
// UI. Results are built as DOM nodes; the only markup taken from Pagefind is the <mark>
// around matched words, rebuilt element by element (see search-excerpt.js), never innerHTML.
import { excerptNodes } from './search-excerpt.js';

const PAGE_SIZE = 10;

const root = document.querySelector('[data-search]');
const form = document.querySelector('[data-search-form]');
const input = form.querySelector('input[name="q"]');
const fieldset = form.querySelector('[data-search-filters]');
const selects = [...form.querySelectorAll('select[data-filter]')];
const status = root.querySelector('[data-search-status]');
const list = root.querySelector('[data-search-results]');
const more = root.querySelector('[data-search-more]');
const lang = root.dataset.lang;
const currentVersion = root.dataset.currentVersion || '';
// Pages of superseded versions are in a second index, merged in only when the reader asks
// for an older version or all of them: the everyday search never downloads it. The build
// lists the versions it holds for this language, so the menu needs no request to name them.
const ARCHIVE = '/pagefind-archive/';
const archivedVersions = (root.dataset.olderVersions || '').split(' ').filter(Boolean);

// The script runs, so the "needs JavaScript" notice no longer applies.
document.querySelector('[data-search-needs-js]')?.remove();

const t = (key, vars = {}) =>
  (root.dataset[key] || '').replace(/\{(\w+)\}/g, (_, name) => (name in vars ? String(vars[name]) : `{${name}}`));

const params = new URLSearchParams(location.search);
input.value = params.get('q') || '';

let pagefind = null;
let olderVersions = [];
let archive = null; // a promise, once the archive index is being merged
let pending = [];
let shown = 0;
let run = 0;

function setStatus(text) {
  status.textContent = text;
}

function option(value, label) {
  const o = document.createElement('option');
  o.value = value;
  o.textContent = label;
  return o;
}

/**
 * Fills the filter menus from the values present in this language's index; the version
 * menu also lists the versions of this language's archive index.
 */
function buildFilters(available, archived) {
  let any = false;
  for (const select of selects) {
    const name = select.dataset.filter;
    const values = Object.keys(available[name] || {});
    if (name === 'version') for (const v of archived) if (!values.includes(v)) values.push(v);
    const wrapper = select.closest('.search-filter');
    if (values.length === 0) {
      wrapper.hidden = true;
      continue;
    }
    any = true;
    if (name === 'version') {
      values.sort((a, b) => b.localeCompare(a, undefined, { numeric: true }));
      const hasCurrent = currentVersion && values.includes(currentVersion);
      olderVersions = hasCurrent ? values.filter((v) => v !== currentVersion) : [];
      // The empty value is the default: the current version (or everything, when the
      // site marks no version current).
      select.append(option('', hasCurrent ? t('tCurrentVersion', { version: currentVersion }) : t('tAllVersions')));
      for (const v of values) {
        if (v !== currentVersion) select.append(option(v, t('tVersionOption', { version: v })));
      }
      if (hasCurrent) select.append(option('all', t('tAllVersions')));
    } else if (name === 'kind') {
      values.sort();
      for (const v of values) select.append(option(v, root.dataset[`kind${v[0].toUpperCase()}${v.slice(1)}`] || v));
    } else {
      values.sort((a, b) => a.localeCompare(b, undefined, { numeric: true }));
      for (const v of values) select.append(option(v, v));
    }
    const wanted = params.get(name);
    if (wanted !== null && [...select.options].some((o) => o.value === wanted)) select.value = wanted;
  }
  fieldset.hidden = !any;
}

/** The Pagefind filter object for the menus' current choices. */
function currentFilters() {
  const filters = {};
  for (const select of selects) {
    const name = select.dataset.filter;
    const value = select.value;
    if (name === 'version') {
      if (value === 'all') continue;
      if (value === '') {
        // Pages without a version (scheme pages, news) stay in; older norm versions go.
        if (olderVersions.length) filters.version = { none: olderVersions };
        continue;
      }
    }
    if (value) filters[name] = value;
  }
  return filters;
}

/** Whether the version menu asks for pages that only the archive index holds. */
function needsArchive() {
  const version = selects.find((s) => s.dataset.filter === 'version');
  if (!version || version.closest('.search-filter').hidden) return false;
  return version.value === 'all' || (version.value !== '' && version.value !== currentVersion);
}

/** This language's index in a bundle's entry file, or null. */
async function languageIn(base) {
  const entry = await fetch(`${base}pagefind-entry.json`).then((r) => (r.ok ? r.json() : null)).catch(() => null);
  return entry?.languages?.[lang] ?? null;
}

/** Keeps the address in step with the form, so a search can be bookmarked or shared. */
function updateAddress() {
  const next = new URLSearchParams();
  if (input.value.trim()) next.set('q', input.value.trim());
  for (const select of selects) if (select.value) next.set(select.dataset.filter, select.value);
  const query = next.toString();
  history.replaceState(null, '', query ? `?${query}` : location.pathname);
}

function resultItem(data) {
  const li = document.createElement('li');
  li.className = 'search-result';
  const heading = document.createElement('h2');
  const a = document.createElement('a');
  a.href = data.url;
  a.textContent = data.meta?.title || data.url;
  heading.append(a);
  li.append(heading);

  const facts = [];
  const filters = data.filters || {};
  if (filters.kind?.[0]) {
    const k = filters.kind[0];
    facts.push(root.dataset[`kind${k[0].toUpperCase()}${k.slice(1)}`] || k);
  }
  if (filters.level?.length) facts.push(`${t('tLevel')} ${filters.level.join(', ')}`);
  if (filters.version?.length) facts.push(`${t('tVersion')} ${filters.version.join(', ')}`);
  if (facts.length) {
    const p = document.createElement('p');
    p.className = 'search-result-facts';
    p.textContent = facts.join(' · ');
    li.append(p);
  }
  const excerpt = document.createElement('p');
  excerpt.className = 'search-result-excerpt';
  excerpt.append(...excerptNodes(data.excerpt || ''));
  li.append(excerpt);
  return li;
}

async function showMore(id) {
  const batch = pending.slice(shown, shown + PAGE_SIZE);
  const datas = await Promise.all(batch.map((r) => r.data()));
  if (id !== run) return;
  const first = list.children.length;
  for (const d of datas) list.append(resultItem(d));
  shown += batch.length;
  more.hidden = shown >= pending.length;
  return first;
}

async function search() {
  const id = ++run;
  const query = input.value.trim();
  updateAddress();
  list.replaceChildren();
  more.hidden = true;
  pending = [];
  shown = 0;
  if (!pagefind) return;
  if (!query) {
    setStatus(t('tTypeToSearch'));
    return;
  }
  setStatus(t('tSearching'));
  const filters = currentFilters();
  if (needsArchive()) {
    archive ??= pagefind.mergeIndex(ARCHIVE);
    await archive;
    if (id !== run) return;
  }
  const response = await pagefind.search(query, { filters });
  if (id !== run || !response) return;
  pending = response.results;
  await showMore(id);
  if (id !== run) return;
  const count = pending.length;
  if (count === 0) setStatus(t('tNoResults', { query }));
  else if (count === 1) setStatus(t('tOneResult', { query }));
  else setStatus(t('tManyResults', { count, query }));
}

form.addEventListener('submit', (event) => {
  event.preventDefault();
  search();
});
for (const select of selects) select.addEventListener('change', () => search());

more.addEventListener('click', async () => {
  const first = await showMore(run);
  // Move focus to the first new result, so keyboard users continue where they were.
  list.children[first]?.querySelector('a')?.focus();
});

async function start() {
  setStatus(t('tLoading'));
  try {
    // Pagefind falls back to another language's index when this one has none; its
    // results would link to pages in that other language, so say so instead.
    if (!(await languageIn('/pagefind/'))) {
      setStatus(t('tNoIndex'));
      return;
    }
    pagefind = await import('/pagefind/pagefind.js');
    // No Web Worker: it would fetch a second copy of the search code (~43 KB), and a
    // query on an index this size takes milliseconds on the main thread.
    await pagefind.options({ excerptLength: 30, noWorker: true });
    await pagefind.init();
    buildFilters(await pagefind.filters(), archivedVersions);
  } catch {
    pagefind = null;
    setStatus(t('tFailed'));
    return;
  }
  await search();
}

start();
