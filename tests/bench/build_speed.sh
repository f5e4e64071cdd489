#!/usr/bin/env bash
# Benchmark: build time and peak memory of careleaf against Hugo on the same generated site.
#
#   tests/bench/build_speed.sh [ARTICLES...]      (default: 1000 10000)
#
# Generates each site with ../shared/bench/gen_corpus.py on tmpfs, builds it RUNS times
# (default 5) with the release careleaf and, when installed, Hugo, and prints the median wall
# time and the largest peak RSS. Targets (roadmap): at least twice as fast as Hugo on the
# 10,000-article site, in under 500 MiB.
set -euo pipefail
here="$(cd "$(dirname "$0")/../.." && pwd)"
gen="${GEN_CORPUS:-$here/../shared/bench/gen_corpus.py}"
runs="${RUNS:-5}"
work="${BENCH_DIR:-/dev/shm/careleaf-bench}"
sizes=("$@")
[ ${#sizes[@]} -eq 0 ] && sizes=(1000 10000)

cargo build --release --quiet --manifest-path "$here/Cargo.toml"
bin="$here/target/release/careleaf"
have_hugo=0
command -v hugo >/dev/null && have_hugo=1

# measure NAME DIR CMD...: runs CMD in DIR $runs times; prints median seconds and max RSS.
measure() {
  local name="$1" dir="$2"; shift 2
  local times=() rss_max=0
  for _ in $(seq "$runs"); do
    local out
    (cd "$dir" && /usr/bin/time -o "$work/time.txt" -f '%e %M' "$@" >/dev/null 2>&1)
    out=$(tail -1 "$work/time.txt")
    times+=("${out% *}")
    local rss="${out#* }"
    [ "$rss" -gt "$rss_max" ] && rss_max="$rss"
  done
  local median
  median=$(printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
  printf '%-28s median %6.2f s   peak RSS %6d MiB   (runs: %s)\n' "$name" "$median" $((rss_max / 1024)) "${times[*]}"
}

for n in "${sizes[@]}"; do
  faq=$((n / 5))
  site="$work/site-$n"
  python3 "$gen" --flavor all --articles "$n" --faq "$faq" --seed 1 --out "$site" >/dev/null
  echo "== $n articles, $faq FAQ entries =="
  measure "careleaf build" "$site/ours" "$bin" build --output "$work/out-careleaf-$n"
  if [ "$have_hugo" = 1 ]; then
    measure "hugo $(hugo version | awk '{print $2}')" "$site/hugo" hugo --quiet -d "$work/out-hugo-$n"
  else
    echo "hugo: not installed (apt-get install hugo) — skipped"
  fi
done
rm -rf "$work"
