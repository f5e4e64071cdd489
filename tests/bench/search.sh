#!/usr/bin/env bash
# Benchmark: search on a generated 10,000-article site with over 100,000 distinct words, in
# headless Chromium: keystroke-to-results latency (median of 20 cold-cache queries) and the
# first query's download (gzip), for careleaf's index and for Pagefind's on the same site.
#
#   tests/bench/search.sh [--articles 10000] [--faq 500] [--queries 20] [--regen]
#
# Builds the release careleaf, installs the npm packages of tests/browser if missing, and
# Pagefind from the npm registry into $BENCH_DIR/pagefind (unless PAGEFIND_BIN is set), then
# runs tests/bench/search.mjs.
set -euo pipefail
here="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$here"
bench="${BENCH_DIR:-/dev/shm}"

if [ ! -d tests/browser/node_modules/playwright-core ]; then
  npm ci --prefix tests/browser --no-audit --no-fund --loglevel=error </dev/null
fi
if [ -z "${PAGEFIND_BIN:-}" ]; then
  if [ ! -x "$bench/pagefind/node_modules/.bin/pagefind" ]; then
    npm install --prefix "$bench/pagefind" --no-audit --no-fund --loglevel=error pagefind@1.6.0 </dev/null ||
      echo "Pagefind could not be installed from npm; it is left out" >&2
  fi
  [ -x "$bench/pagefind/node_modules/.bin/pagefind" ] &&
    export PAGEFIND_BIN="$bench/pagefind/node_modules/.bin/pagefind"
fi
cargo build --release --quiet
CARELEAF_BIN="${CARELEAF_BIN:-$here/target/release/careleaf}" BENCH_DIR="$bench" \
  exec node tests/bench/search.mjs "$@"
