#!/usr/bin/env bash
# The performance benchmark (issue 12): full builds against Hugo and Zola, the `cp -r` floor,
# the preview's latencies (HTTP and browser) and `faq add`, ending in one Markdown table with
# the date, the machine and the issue's targets marked met or unmet.
#
#   tests/bench/bench.sh [OPTIONS] [ARTICLES...]        (default: 1000 10000)
#
# For each size N it generates a site of N articles and N/5 FAQ entries with
# ../shared/bench/gen_corpus.py (careleaf's, Hugo's and, with $ZOLA, Zola's flavour: the same
# text), then:
#   - builds it RUNS times with each tool in turn (careleaf, hugo, zola, cp -r, careleaf, ...),
#     output on tmpfs, removed before each run and not timed; `cp -r` of careleaf's source
#     tree is the floor no build can beat;
#   - starts `careleaf serve` on it and times 20 saves of one article: body -> its page served,
#     title -> the articles index served (tests/bench/preview_latency.mjs);
#   - times `careleaf faq add` FAQ_RUNS times, faq.yaml put back between runs (not timed);
#   - prints its figures (tests/bench/report.py), then deletes the site.
# Then the browser latency on the example site (tests/bench/reload_latency.mjs: save -> new
# text in the DOM of headless Chromium), and the final table. tests/bench/report_test.py
# checks the table's arithmetic and verdicts without running anything.
#
# Options:
#   --no-preview        skip the preview latencies (HTTP and browser)
#   --no-browser        skip only the browser latency
#   --no-faq            skip `faq add`
#   --builds-only       same as --no-preview --no-faq
#   --peers-up-to N     run Hugo and Zola only on sites of at most N articles (default 50000;
#                       Hugo needs about 2 GiB per 10,000 articles, 17+ GiB at 100,000). They
#                       are also skipped when the machine has too little memory available.
#   --edits N           edits per preview measurement (default 20, after one warm-up edit)
#   --perf              record one careleaf build of the 10,000-article site (or the largest
#                       site below it) with `perf record -g` and print the top symbols
# Environment:
#   RUNS=5              builds per tool and site (medians; peak memory is the largest run)
#   FAQ_RUNS=5          `faq add` runs per site
#   FAQ=N               FAQ entries per site instead of a fifth of the articles (careleaf
#                       refuses a faq.yaml over 32 MiB: about 58,000 generated entries)
#   SEED=1              gen_corpus.py's seed
#   GEN_CORPUS=PATH     the generator (default ../shared/bench/gen_corpus.py beside the repo)
#   BENCH_DIR=/dev/shm  where the work folder goes (tmpfs); it is removed at the end
#   ZOLA=PATH           a Zola binary (>= 0.22) to build the zola flavour with
#   HUGO=hugo           the Hugo binary (skipped, saying how to install it, when missing)
#   BENCH_RESULTS=FILE  keep the raw measurements there (`tests/bench/report.py FILE --final`
#                       prints the table again)
#   CARELEAF_BIN=PATH   a careleaf binary to measure instead of building this repository's
#                       release binary
set -euo pipefail
here="$(cd "$(dirname "$0")/../.." && pwd)"
bench="$here/tests/bench"

usage() { sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; }

preview=1 browser=1 faq=1 perf=0 peers_max=50000 edits=20
sizes=()
while [ $# -gt 0 ]; do
  case "$1" in
    --no-preview) preview=0 ;;
    --no-browser) browser=0 ;;
    --no-faq) faq=0 ;;
    --builds-only) preview=0 faq=0 ;;
    --peers-up-to) peers_max="${2:?--peers-up-to needs a number}"; shift ;;
    --edits) edits="${2:?--edits needs a number}"; shift ;;
    --perf) perf=1 ;;
    -h | --help) usage; exit 0 ;;
    *[!0-9]* | '') echo "bench.sh: unknown argument $1 (see --help)" >&2; exit 2 ;;
    *) sizes+=("$1") ;;
  esac
  shift
done
[ ${#sizes[@]} -eq 0 ] && sizes=(1000 10000)
[ "$preview" = 0 ] && browser=0
runs="${RUNS:-5}"
faq_runs="${FAQ_RUNS:-5}"
seed="${SEED:-1}"
gen="${GEN_CORPUS:-$here/../shared/bench/gen_corpus.py}"
hugo="${HUGO:-hugo}"
zola="${ZOLA:-}"
[ -f "$gen" ] || { echo "bench.sh: $gen not found (set GEN_CORPUS)" >&2; exit 2; }
[ -z "$zola" ] || [ -x "$zola" ] || { echo "bench.sh: ZOLA=$zola is not an executable" >&2; exit 2; }

if [ -n "${CARELEAF_BIN:-}" ]; then
  bin="$CARELEAF_BIN"
else
  echo "building the release careleaf..."
  cargo build --release --quiet --manifest-path "$here/Cargo.toml"
  bin="$here/target/release/careleaf"
fi

mkdir -p "${BENCH_DIR:-/dev/shm}"
work="$(mktemp -d "${BENCH_DIR:-/dev/shm}/careleaf-bench.XXXXXX")"
results="$work/results.tsv"
# On a failure, what was measured so far is still worth seeing.
cleanup() {
  local status=$?
  if [ "$status" -ne 0 ] && [ -s "$results" ]; then
    echo "bench.sh stopped (status $status); the figures measured until then:"
    python3 "$bench/report.py" "$results" --final || true
  fi
  if [ -n "${BENCH_RESULTS:-}" ] && [ -s "$results" ]; then cp "$results" "$BENCH_RESULTS"; fi
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
: >"$results"

meta() { printf -- '-\tmeta\t%s\t%s\n' "$1" "$2" >>"$results"; }
row() { printf '%s\t%s\t%s\t%s\n' "$1" "$2" "$3" "$4" >>"$results"; }
loadavg() { cut -d' ' -f1-3 /proc/loadavg; }
avail_gib() { awk '/^MemAvailable:/ { printf "%.1f", $2 / 1048576 }' /proc/meminfo; }

commit="$(git -C "$here" rev-parse --short HEAD 2>/dev/null || echo unknown)"
git -C "$here" diff --quiet HEAD 2>/dev/null || commit="$commit+changes"
cpu_model="$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)"
ram="$(awk '/^MemTotal:/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo)"
meta date "$(date -u '+%Y-%m-%d %H:%M UTC')"
meta commit "$commit"
meta machine "$(nproc) CPUs ($cpu_model), $ram RAM"
meta runs "$runs"
meta load_start "$(loadavg)"
meta version_careleaf "$("$bin" --version | awk '{ print $2 }')"
have_hugo=0
if command -v "$hugo" >/dev/null; then
  have_hugo=1
  meta version_hugo "$("$hugo" version | awk '{ sub(/^v/, "", $2); sub(/[+-].*/, "", $2); print $2 }')"
else
  echo "hugo: not installed (apt-get install hugo): Hugo is skipped"
  meta note_hugo "Hugo was not installed (apt-get install hugo): no Hugo figures."
fi
if [ -n "$zola" ]; then
  meta version_zola "$("$zola" --version | awk '{ print $2 }')"
else
  meta note_zola "Zola: not run (it is in no package registry these machines reach; ZOLA=/path/to/zola runs it)."
fi
echo "careleaf $commit, $(nproc) CPUs ($cpu_model), $ram RAM, load average $(loadavg)"
echo "sizes: ${sizes[*]} articles; $runs runs per tool; work folder $work"

# peer_ok TOOL N: whether Hugo or Zola should build the N-article site (else records why not).
peer_ok() {
  local tool="$1" n="$2" need avail
  if [ "$n" -gt "$peers_max" ]; then
    row "$n" "$tool" skipped "above --peers-up-to $peers_max"
    return 1
  fi
  # Hugo peaked at about 1.9 GiB on 10,000 articles; allow 0.25 GiB per 1,000 and 3 GiB spare.
  need=$((n / 4000 + 3))
  avail="$(avail_gib)"
  if awk -v a="$avail" -v n="$need" 'BEGIN { exit !(a < n) }'; then
    row "$n" "$tool" skipped "needs about $need GiB, $avail GiB available"
    return 1
  fi
}

# build_runs N SITE: the alternated full builds of one site, and the pages each tool wrote.
build_runs() {
  local n="$1" site="$2" tools=(careleaf) tool out
  [ -d "$site/hugo" ] && tools+=(hugo)
  [ -d "$site/zola" ] && tools+=(zola)
  tools+=(cp)
  for i in $(seq "$runs"); do
    for tool in "${tools[@]}"; do
      out="$work/out-$tool"
      rm -rf "$out"
      case "$tool" in
        careleaf) python3 "$bench/measure.py" "$results" "$n" careleaf --log "$work/log-careleaf" -- "$bin" build --root "$site/ours" --output "$out" ;;
        hugo) python3 "$bench/measure.py" "$results" "$n" hugo --cwd "$site/hugo" --log "$work/log-hugo" -- "$hugo" --quiet -d "$out" ;;
        zola) python3 "$bench/measure.py" "$results" "$n" zola --cwd "$site/zola" --log "$work/log-zola" -- "$zola" build -o "$out" ;;
        cp) python3 "$bench/measure.py" "$results" "$n" cp -- cp -r "$site/ours" "$out" ;;
      esac
      if [ "$i" = "$runs" ] && [ "$tool" != cp ]; then
        row "$n" "$tool" pages "$(find "$out" -name '*.html' | wc -l)"
      fi
      rm -rf "$out"
    done
    printf '  run %s of %s done (load average %s)\n' "$i" "$runs" "$(loadavg)"
  done
}

# faq_runs N SITE: `careleaf faq add` on the site, faq.yaml put back before each run.
faq_runs() {
  local n="$1" root="$2/ours" first slug topic
  # (sed -n 1p rather than head: head's early exit would fail the pipe under pipefail)
  first="$(find "$root/content/articles" -name '*.md' | sort | sed -n 1p)"
  slug="$(basename "$first" .md)"
  topic="$(sed -n '/^topics: \[/ { s/^topics: \[\([^],]*\).*/\1/p; q; }' "$first")"
  cp "$root/content/faq.yaml" "$work/faq.yaml.orig"
  for i in $(seq "$faq_runs"); do
    cp "$work/faq.yaml.orig" "$root/content/faq.yaml"
    python3 "$bench/measure.py" "$work/faq.tsv" "$n" careleaf --log "$work/log-faq" -- \
      "$bin" faq add --root "$root" --question "Can I ask benchmark question $i of $faq_runs?" \
      --answer "Yes. Ask your care team, and read [the first article](/articles/$slug/)." \
      --topic "$topic" --related "$slug"
  done
  cp "$work/faq.yaml.orig" "$root/content/faq.yaml"
  awk -F'\t' '$3 == "wall" || $3 == "cpu" { print $1 "\t" $2 "\t" ($3 == "wall" ? "faq" : "faq_cpu") "\t" $4 }' \
    "$work/faq.tsv" >>"$results"
  rm -f "$work/faq.tsv"
}

# profile SITE: one careleaf build under `perf record -g`: its stage times (CARELEAF_TIMINGS)
# and the functions where the samples fell (self time; the release binary keeps its symbols).
profile() {
  local site="$1"
  if ! command -v perf >/dev/null; then
    echo "perf: not installed (apt-get install linux-perf): no profile"
    return
  fi
  echo "perf record -g: one careleaf build of $site/ours"
  rm -rf "$work/out-perf"
  if ! CARELEAF_TIMINGS=1 perf record -q -g -o "$work/perf.data" -- \
    "$bin" build --root "$site/ours" --output "$work/out-perf" >"$work/log-perf" 2>&1; then
    echo "perf record failed:"
    tail -5 "$work/log-perf"
    return
  fi
  echo "  stages (CARELEAF_TIMINGS=1):"
  grep -E '^careleaf: [^:]+: [0-9.]+ ms( \([0-9]+ ms CPU(, [0-9]+ MiB resident)?\))?$' "$work/log-perf" | sed 's/^careleaf: /    /' || true
  echo "  top functions by self time (perf report --no-children):"
  perf report -i "$work/perf.data" --stdio --no-children -g none --percent-limit 0.7 \
    --fields overhead,dso,sym 2>/dev/null | grep -v -e '^#' -e '^$' | sed -n 1,30p | cut -c1-150 || true
  rm -rf "$work/out-perf" "$work/perf.data"
}

perf_size=""
if [ "$perf" = 1 ]; then
  for n in "${sizes[@]}"; do
    if [ "$n" -le 10000 ] && { [ -z "$perf_size" ] || [ "$n" -gt "$perf_size" ]; }; then perf_size="$n"; fi
  done
  [ -n "$perf_size" ] || perf_size="${sizes[0]}"
fi

for n in "${sizes[@]}"; do
  faq_entries="${FAQ:-$((n / 5))}"
  site="$work/site-$n"
  meta "faq_$n" "$faq_entries"
  echo
  echo "generating $n articles + $faq_entries FAQ entries (seed $seed; $(avail_gib) GiB memory available)..."
  flavours=(ours)
  if [ "$have_hugo" = 1 ] && peer_ok hugo "$n"; then flavours+=(hugo); fi
  if [ -n "$zola" ] && peer_ok zola "$n"; then flavours+=(zola); fi
  for flavour in "${flavours[@]}"; do
    python3 "$gen" --flavor "$flavour" --articles "$n" --faq "$faq_entries" --seed "$seed" --out "$site/$flavour" >/dev/null
  done
  echo "  source tree: $(du -sh "$site/ours" | cut -f1) (careleaf's flavour); building..."
  build_runs "$n" "$site"
  if [ "$perf_size" = "$n" ]; then profile "$site"; fi
  if [ "$preview" = 1 ]; then
    echo "  preview latencies..."
    node "$bench/preview_latency.mjs" --bin "$bin" --root "$site/ours" --edits "$edits" \
      --results "$results" --site "$n" | sed 's/^/  /'
  fi
  if [ "$faq" = 1 ]; then
    echo "  faq add..."
    faq_runs "$n" "$site"
  fi
  python3 "$bench/report.py" "$results" --site "$n"
  rm -rf "$site"
done

if [ "$browser" = 1 ]; then
  echo
  if [ ! -x "${CHROMIUM:-/usr/bin/chromium}" ]; then
    echo "chromium: not installed (apt-get install chromium): no browser latency"
  else
    if [ ! -d "$here/tests/browser/node_modules/playwright-core" ]; then
      npm ci --prefix "$here/tests/browser" --no-audit --no-fund --loglevel=error </dev/null
    fi
    echo "browser latency on the example site..."
    if ! CARELEAF_BIN="$bin" node "$bench/reload_latency.mjs" --sites example --edits "$edits" \
      --results "$results" | sed 's/^/  /'; then
      echo "the browser latency failed (above): it is left out of the table"
    fi
  fi
fi

meta load_end "$(loadavg)"
python3 "$bench/report.py" "$results" --final
