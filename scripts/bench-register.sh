#!/bin/sh
# Register benchmark (not a test): build time, peak memory, output size and bytes per
# lookup for synthetic registers. Everything is written under /dev/shm.
# Usage: scripts/bench-register.sh [BIN] [SIZES...]
#   BIN defaults to target/release/normsite (build it with `cargo build --release` first;
#   a debug binary works but measures something else).
#   SIZES default to "1000 100000 1000000"; 1M runs in register_mode: shards.
set -eu
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BIN=${1:-$ROOT/target/release/normsite}
shift 2>/dev/null || true
SIZES=${*:-"1000 100000 1000000"}
WORK=/dev/shm/normsite-register-bench
rm -rf "$WORK"; mkdir -p "$WORK"
printf '| organisations | mode | build s | peak MB | output MB | files | lookup KB (gzip) |\n|---|---|---|---|---|---|---|\n'
for n in $SIZES; do
  site=$WORK/site-$n
  mkdir -p "$site"
  for d in normsite.yaml i18n content themes norms mappings hours; do
    [ -e "$ROOT/$d" ] && cp -r "$ROOT/$d" "$site/"
  done
  mode=pages
  [ "$n" -ge 500000 ] && mode=shards
  sed -i "s/^register_mode: .*/register_mode: $mode/" "$site/normsite.yaml"
  "$BIN" gen-register --orgs "$n" --seed 42 --output "$WORK/reg-$n.json"
  /usr/bin/time -v "$BIN" build --root "$site" --register "$WORK/reg-$n.json" --output "$WORK/out-$n" --quiet 2> "$WORK/time-$n.txt" || { cat "$WORK/time-$n.txt"; exit 1; }
  secs=$(grep 'Elapsed (wall clock)' "$WORK/time-$n.txt" | awk '{print $NF}' | awk -F: '{ if (NF==3) print $1*3600+$2*60+$3; else print $1*60+$2 }')
  peak=$(grep 'Maximum resident' "$WORK/time-$n.txt" | awk '{printf "%d", $NF/1024}')
  size=$(du -sm "$WORK/out-$n" | cut -f1)
  files=$(find "$WORK/out-$n" -type f | wc -l)
  # A lookup by name word: the manifest, the page and the shards the script would fetch.
  lookup=$(python3 "$ROOT/scripts/register-lookup-cost.py" "$WORK/out-$n/api/register/index" "voorbeeld")
  printf '| %s | %s | %s | %s | %s | %s | %s |\n' "$n" "$mode" "$secs" "$peak" "$size" "$files" "$lookup"
  rm -rf "$WORK/out-$n" "$site"
done
