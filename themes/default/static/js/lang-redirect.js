// Sends a visitor of `/` to the site in their preferred language. The page lists the
// languages as links, so the script reads them from there; without JavaScript a
// <noscript> refresh goes to the default language.
const list = document.querySelector('[data-default-language]');
const offered = [...list.querySelectorAll('a[hreflang]')].map((a) => ({ code: a.hreflang, url: a.getAttribute('href') }));
const wanted = (navigator.languages && navigator.languages.length ? navigator.languages : [navigator.language || ''])
  .map((l) => l.toLowerCase().split('-')[0]);
const match = wanted.map((w) => offered.find((o) => o.code === w)).find(Boolean);
const target = match ? match.url : `/${list.dataset.defaultLanguage}/`;
location.replace(target);
