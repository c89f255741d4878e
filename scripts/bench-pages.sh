#!/usr/bin/env bash
# Benchmark (not a test): build N plain Markdown pages with front matter with normsite and
# with Hugo, on the same corpus in the same run. Everything is written to /dev/shm (disk
# writes here are slow and noisy). Usage: scripts/bench-pages.sh [N ...]  (default: 1000 5000)
#
# Four commands per N, so like is compared with like:
#   normsite            a full build: pages plus the Pagefind search index
#   normsite no-search  the same corpus with `search: false`: pages only, as Hugo builds them
#   hugo                Hugo's build of the corpus (no search index)
#   hugo+pagefind       Hugo, then the Pagefind CLI over its output: how a Hugo site gets search
set -euo pipefail
cd "$(dirname "$0")/.."
command -v hugo >/dev/null || { echo "needs hugo: apt-get install -y hugo" >&2; exit 2; }
command -v hyperfine >/dev/null || { echo "needs hyperfine: apt-get install -y hyperfine" >&2; exit 2; }
cargo build --release --quiet
bin="$PWD/target/release/normsite"
work=/dev/shm/normsite-bench
# The Pagefind CLI of the version normsite embeds, from npm (it ships its binary).
pf_version=$(sed -n 's/^pagefind = { version = "=\([0-9.]*\)".*/\1/p' Cargo.toml)
pf="$work/pagefind-cli/node_modules/.bin/pagefind"
if [ ! -x "$pf" ]; then
  mkdir -p "$work/pagefind-cli"
  (cd "$work/pagefind-cli" && npm install --no-audit --no-fund --loglevel=error "pagefind@$pf_version" >/dev/null)
fi
sizes=("$@"); [ ${#sizes[@]} -gt 0 ] || sizes=(1000 5000)

for n in "${sizes[@]}"; do
  rm -rf "${work:?}/$n"; mkdir -p "$work/$n"
  python3 scripts/gen-pages.py "$n" "$work/$n" "$PWD"
  cp -r "$work/$n/normsite" "$work/$n/normsite-nosearch"
  echo "search: false" >> "$work/$n/normsite-nosearch/normsite.yaml"
  hyperfine --warmup 1 --runs 5 --export-json "$work/$n/result.json" \
    -n "normsite" "$bin build --quiet --root $work/$n/normsite --output $work/$n/out-normsite" \
    -n "normsite-no-search" "$bin build --quiet --root $work/$n/normsite-nosearch --output $work/$n/out-normsite-nosearch" \
    -n "hugo" "hugo --quiet --source $work/$n/hugo --destination $work/$n/out-hugo" \
    -n "hugo+pagefind" "hugo --quiet --source $work/$n/hugo --destination $work/$n/out-hugo-pf && $pf --quiet --site $work/$n/out-hugo-pf"
  python3 - "$work/$n/result.json" "$n" <<'PY'
import json, sys
r = json.load(open(sys.argv[1])); n = int(sys.argv[2])
m = {x["command"]: (x["mean"], x["stddev"]) for x in r["results"]}
def rate(k): return n / m[k][0]
for k in m:
    print(f"N={n} {k:20} {m[k][0]*1000:7.0f} ms ± {m[k][1]*1000:4.0f}  {rate(k):7,.0f} pages/s")
print(f"N={n} ratios: normsite / hugo+pagefind {rate('normsite')/rate('hugo+pagefind'):.2f}x, "
      f"normsite no-search / hugo {rate('normsite-no-search')/rate('hugo'):.2f}x, normsite / hugo {rate('normsite')/rate('hugo'):.2f}x")
PY
done
