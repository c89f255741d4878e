#!/usr/bin/env bash
# The whole test suite: Rust unit and integration tests, then the real-browser tests
# against the bundled site built by this checkout. Installs what a fresh machine lacks
# (Debian's Chromium, the test-only npm packages). Used by CI (.ci/run) as is.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v /usr/bin/chromium >/dev/null 2>&1; then
  echo "==> Installing Chromium (Debian package) for the browser tests"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq chromium >/dev/null
fi

echo "==> Rust tests"
cargo test --locked --quiet

echo "==> Building the bundled site for the browser tests"
site_dir="${NORMSITE_SITE_DIR:-/dev/shm/normsite-test-site}"
if [ ! -d /dev/shm ]; then site_dir="${TMPDIR:-/tmp}/normsite-test-site"; fi
export NORMSITE_SITE_DIR="$site_dir"
cargo run --locked --quiet -- build --root . --output "$site_dir" --quiet

echo "==> JavaScript and browser tests"
for dir in tests/js tests/browser; do
  if [ -f "$dir/package.json" ]; then
    (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error)
  fi
done
js_tests=$(ls tests/js/*.test.mjs 2>/dev/null || true)
node --test --test-concurrency=1 $js_tests tests/browser/*.test.mjs
