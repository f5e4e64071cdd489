#!/usr/bin/env bash
# Runs every test, the browser test of `careleaf serve` included:
#
#   tests/run.sh [CARGO TEST ARGS...]       e.g. tests/run.sh browser -- --nocapture
#
# First installs what the browser test needs and is missing (quick when all is there):
#   - Debian's Chromium (/usr/bin/chromium), with apt-get (through sudo when not root);
#   - a Java runtime (default-jre-headless), with apt-get, only if `java` is missing (for the
#     Nu HTML Checker, vnu.jar);
#   - Node.js and npm, with apt-get, only if `node` is missing (the test needs Node.js >= 20);
#   - the npm packages of tests/browser (playwright-core, axe-core, vnu-jar, pinned in
#     package-lock.json), with
#     `npm ci`, when tests/browser/node_modules is missing or older than the lockfile.
# Never downloads a browser of its own. Then builds the release binary and runs `cargo test`
# with the arguments given, with CARELEAF_REQUIRE_BROWSER=1 (the browser test fails instead of
# skipping) and CARELEAF_RELEASE_BIN (the release binary, for the fault-injection test).
set -euo pipefail
cd "$(dirname "$0")/.."

sudo=()
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null; then
    sudo=(sudo)
  fi
fi

apt_updated=0
apt_install() {
  if [ "$(id -u)" -ne 0 ] && [ ${#sudo[@]} -eq 0 ]; then
    echo "tests/run.sh: need to install $*, but not root and no sudo: install them and run again" >&2
    exit 1
  fi
  echo "tests/run.sh: installing $* with apt-get" >&2
  if [ "$apt_updated" = 0 ]; then
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -qq
    apt_updated=1
  fi
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" </dev/null
}

if [ ! -x /usr/bin/chromium ]; then
  apt_install chromium
fi

# The HTML checker (vnu.jar, from npm) needs a Java runtime.
if ! command -v java >/dev/null; then
  apt_install default-jre-headless
fi

if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  apt_install nodejs npm
fi
node_major=$(node -p 'process.versions.node.split(".")[0]')
if [ "$node_major" -lt 20 ]; then
  echo "tests/run.sh: the browser test needs Node.js 20 or later; this is $(node --version)" >&2
  exit 1
fi

browser=tests/browser
if [ ! -d "$browser/node_modules/playwright-core" ] ||
  [ ! -d "$browser/node_modules/axe-core" ] || [ ! -d "$browser/node_modules/vnu-jar" ] ||
  [ ! -f "$browser/node_modules/.package-lock.json" ] ||
  [ "$browser/package-lock.json" -nt "$browser/node_modules/.package-lock.json" ]; then
  echo "tests/run.sh: installing the npm packages of $browser (npm ci)" >&2
  npm ci --prefix "$browser" --no-audit --no-fund --loglevel=error </dev/null
fi

# A release build, for the test proving that a release binary ignores fault injection
# (CARELEAF_TEST_FAULT, honoured only by debug builds).
cargo build --release --quiet
export CARELEAF_RELEASE_BIN="$PWD/target/release/careleaf"
export CARELEAF_REQUIRE_BROWSER=1
# --no-fail-fast: one failing test binary does not hide the results of the others.
exec cargo test --no-fail-fast "$@"
