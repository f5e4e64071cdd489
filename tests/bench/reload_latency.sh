#!/usr/bin/env bash
# Benchmark: save-to-reload latency of `careleaf serve` in headless Chromium, from the rename
# of a saved article to its new text in the page's DOM (median and 95th percentile over 20
# edits), for the example site and a generated 1,000-article site. Target (issue 12): a
# median under 60 ms on the example site, where tests/bench/bench.sh also runs it.
#
#   tests/bench/reload_latency.sh [--edits 20] [--pause 300] [--articles 1000] [--faq 500]
#                                 [--sites example,generated] [--client FILE] [--results FILE]
#
# Builds the release careleaf, installs the npm packages of tests/browser if missing (and
# Debian's chromium if missing, like tests/run.sh), then runs tests/bench/reload_latency.mjs.
set -euo pipefail
here="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$here"

if [ ! -x /usr/bin/chromium ]; then
  sudo=()
  [ "$(id -u)" -ne 0 ] && command -v sudo >/dev/null && sudo=(sudo)
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium </dev/null
fi
if [ ! -d tests/browser/node_modules/playwright-core ] ||
  [ tests/browser/package-lock.json -nt tests/browser/node_modules/.package-lock.json ]; then
  npm ci --prefix tests/browser --no-audit --no-fund --loglevel=error </dev/null
fi
cargo build --release --quiet
CARELEAF_BIN="${CARELEAF_BIN:-$here/target/release/careleaf}" \
  GEN_CORPUS="${GEN_CORPUS:-$here/../shared/bench/gen_corpus.py}" \
  exec node tests/bench/reload_latency.mjs "$@"
