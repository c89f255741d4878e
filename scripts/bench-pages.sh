#!/usr/bin/env bash
# Benchmark: build N plain Markdown pages with front matter, normsite next to Hugo on the
# same corpus in the same run. Everything is written to /dev/shm (disk writes here are
# slow and noisy). Usage: scripts/bench-pages.sh [N ...]   (default: 1000 5000)
set -euo pipefail
cd "$(dirname "$0")/.."
command -v hugo >/dev/null || { echo "needs hugo: apt-get install -y hugo" >&2; exit 2; }
command -v hyperfine >/dev/null || { echo "needs hyperfine: apt-get install -y hyperfine" >&2; exit 2; }
cargo build --release --quiet
bin="$PWD/target/release/normsite"
work=/dev/shm/normsite-bench
sizes=("$@"); [ ${#sizes[@]} -gt 0 ] || sizes=(1000 5000)

for n in "${sizes[@]}"; do
  rm -rf "$work/$n"; mkdir -p "$work/$n"
  python3 scripts/gen-pages.py "$n" "$work/$n" "$PWD"
  hyperfine --warmup 1 --runs 5 --export-json "$work/$n/result.json" \
    -n "normsite $n pages" "$bin build --quiet --root $work/$n/normsite --output $work/$n/out-normsite" \
    -n "hugo $n pages" "hugo --quiet --source $work/$n/hugo --destination $work/$n/out-hugo"
  python3 - "$work/$n/result.json" "$n" <<'PY'
import json, sys
r = json.load(open(sys.argv[1])); n = int(sys.argv[2])
m = {x["command"].split()[0]: x["mean"] for x in r["results"]}
ns, hu = n / m["normsite"], n / m["hugo"]
print(f"N={n}: normsite {ns:,.0f} pages/s ({m['normsite']*1000:.0f} ms), hugo {hu:,.0f} pages/s ({m['hugo']*1000:.0f} ms), ratio {ns/hu:.2f}x")
PY
done
