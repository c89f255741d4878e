// Exemption view: choose the certificate held; only that standard's lists stay visible.
// The choice lives in the URL (?certificate=nen7510) so a view can be shared or bookmarked.
// Without JavaScript every list stays visible and the form stays hidden.

const root = document.querySelector('[data-exemptions]');
const form = root?.querySelector('[data-exemptions-toggle]');

function apply(choice) {
  for (const section of root.querySelectorAll('[data-framework]')) {
    section.hidden = section.dataset.framework !== choice;
  }
}

if (root && form) {
  const radios = [...form.querySelectorAll('input[name="certificate"]')];
  const known = radios.map((r) => r.value);
  const fromUrl = new URL(window.location.href).searchParams.get('certificate');
  const initial = known.includes(fromUrl) ? fromUrl : known[0];
  for (const r of radios) r.checked = r.value === initial;
  form.hidden = false;
  apply(initial);
  form.addEventListener('change', () => {
    const choice = radios.find((r) => r.checked)?.value ?? known[0];
    apply(choice);
    const url = new URL(window.location.href);
    url.searchParams.set('certificate', choice);
    window.history.replaceState(null, '', url);
  });
  form.addEventListener('submit', (e) => e.preventDefault());
}
