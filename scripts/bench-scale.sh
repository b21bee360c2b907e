#!/usr/bin/env bash
# The scale benchmark of issue 11: matter-search at 10k and 100k matters
# (synthetic catalogues from ../shared/tools/synth-catalogue.py), beside
# FlexSearch 0.8 (Node) and Pagefind 1.x (Chromium). Writes the section
# "Scale: 10k and 100k" of BENCHMARKS.md and docs/scale-bench.svg.
#
#   scripts/bench-scale.sh [--sizes 10000,100000]
#
# Everything it makes lives in target/bench-scale/ (catalogues and query
# mixes are cached there; indexes, Pagefind bundles and figures are made
# afresh). Heavy steps run under `nice -n 15`; native programs under
# `prlimit --as` (BENCH_SCALE_AS, default 8 GB), Node and Chromium (whose
# address space reservations prlimit cannot cap) under bench/rss-cap.py
# (BENCH_SCALE_RSS_MB, default 8000 MB of resident memory, process tree).
# Pagefind is built per 10k matters (one index over 100k needs > 22 GB): at
# 100k ten bundles merged in the page with `mergeIndex`.
# BENCH_SCALE_PAGEFIND_SIZES (default: every size) limits where Pagefind runs.
set -euo pipefail
cd "$(dirname "$0")/.."

SIZES=10000,100000
while [ $# -gt 0 ]; do
  case "$1" in
    --sizes) SIZES="$2"; shift 2 ;;
    --sizes=*) SIZES="${1#--sizes=}"; shift ;;
    -h|--help) sed -n '2,18p' "$0"; exit 0 ;;
    *) echo "unknown argument $1 (usage: scripts/bench-scale.sh [--sizes 10000,100000])" >&2; exit 2 ;;
  esac
done
PF_SIZES="${BENCH_SCALE_PAGEFIND_SIZES:-$SIZES}"
AS="${BENCH_SCALE_AS:-8000000000}"
RSS_MB="${BENCH_SCALE_RSS_MB:-8000}"
OUT=target/bench-scale
GEN=../shared/tools/synth-catalogue.py
PF_PART=10000

step() { printf '\n==> %s\n' "$*"; }
NATIVE=(nice -n 15 prlimit --as="$AS")
capped() { nice -n 15 python3 bench/rss-cap.py "$RSS_MB" "$@"; }
# timed NAME CMD…: wall time and peak RSS of CMD into $OUT/NAME.time (GNU time -v).
timed() { local name="$1"; shift; /usr/bin/time -v -o "$OUT/$name.time" "$@"; }

for c in cargo node npm python3 /usr/bin/time prlimit; do
  command -v "$c" >/dev/null || { echo "$c is required" >&2; exit 1; }
done
[ -f "$GEN" ] || { echo "missing $GEN (the shared tools beside the repository)" >&2; exit 1; }
[ -x /usr/bin/chromium ] || [ -n "${CHROMIUM:-}" ] || { echo "missing /usr/bin/chromium" >&2; exit 1; }

mkdir -p "$OUT"
if [ ! -d bench/node_modules/flexsearch ] || [ ! -d bench/node_modules/pagefind ]; then
  step "installing FlexSearch and Pagefind (npm ci in bench/)"
  (cd bench && npm ci --no-audit --no-fund)
fi
(cd tests/js && { [ -d node_modules/playwright-core ] || npm ci --no-audit --no-fund; })
PAGEFIND="$(ls bench/node_modules/@pagefind/*/bin/pagefind_extended | head -1)"

step "building the release command-line tool and examples/scale_latency"
nice -n 15 cargo build -q --release --features cli --bin matter-search --example scale_latency
BIN=target/release/matter-search
LAT=target/release/examples/scale_latency

step "the WebAssembly package (pkg/, rebuilt when older than the sources)"
if [ ! -f pkg/matter_search_bg.wasm ] || [ -n "$(find src Cargo.toml Cargo.lock -newer pkg/matter_search_bg.wasm -print -quit)" ]; then
  nice -n 15 bash scripts/build-wasm.sh
fi

uptime > "$OUT/load-before.txt"
date -u +%Y-%m-%dT%H:%M:%SZ > "$OUT/date.txt"
git rev-parse --short HEAD > "$OUT/commit.txt"
IFS=, read -r -a sizes <<< "$SIZES"
for N in "${sizes[@]}"; do
  CAT="$OUT/cat-$N.json"
  Q="$OUT/queries-$N.json"
  if [ ! -f "$CAT" ]; then
    step "$N: generating the catalogue"
    nice -n 15 python3 "$GEN" "$N" "$CAT.tmp" 1 && mv "$CAT.tmp" "$CAT"
  fi
  [ -f "$Q" ] || node bench/scale-queries.mjs "$CAT" "$Q" 1

  step "$N: build, one file"
  rm -f "$OUT/ms-$N.idx"
  timed "build-$N-one" "${NATIVE[@]}" "$BIN" build "$CAT" -o "$OUT/ms-$N.idx" > "$OUT/build-$N-one.log" 2>&1 \
    || { cat "$OUT/build-$N-one.log"; exit 1; }
  step "$N: build, split"
  rm -rf "$OUT/ms-$N-split"
  timed "build-$N-split" "${NATIVE[@]}" "$BIN" build "$CAT" --split -o "$OUT/ms-$N-split" > "$OUT/build-$N-split.log" 2>&1 \
    || { cat "$OUT/build-$N-split.log"; exit 1; }
  grep -E "Elapsed|Maximum resident" "$OUT/build-$N-one.time" "$OUT/build-$N-split.time"

  step "$N: sizes"
  nice -n 15 node bench/scale-sizes.mjs "$N" "$OUT/sizes-$N.json"

  step "$N: native latency (examples/scale_latency), one file and split"
  "${NATIVE[@]}" "$LAT" "$OUT/ms-$N.idx" "$Q" "${BENCH_SCALE_NATIVE_PASSES:-3}" > "$OUT/native-$N-one.json"
  "${NATIVE[@]}" "$LAT" "$OUT/ms-$N-split/entry.json" "$Q" "${BENCH_SCALE_NATIVE_PASSES:-3}" > "$OUT/native-$N-split.json"
  node -e 'for (const f of process.argv.slice(1)) { const j = JSON.parse(require("fs").readFileSync(f)); console.log(f, "p50", j.warm_us.p50.toFixed(1), "p90", j.warm_us.p90.toFixed(1), "p99", j.warm_us.p99.toFixed(1), "µs") }' \
    "$OUT/native-$N-one.json" "$OUT/native-$N-split.json"

  step "$N: WebAssembly in Node beside FlexSearch"
  capped --report "$OUT/wasm-$N.rss.json" -- node --max-old-space-size=6000 bench/scale-wasm.mjs "$CAT" "$OUT/ms-$N.idx" "$Q" "$OUT/wasm-$N.json"

  ENGINES=("ours=$OUT/ms-$N-split")
  if [[ ",$PF_SIZES," == *",$N,"* ]]; then
    step "$N: Pagefind (one page per matter, $(( (N + PF_PART - 1) / PF_PART )) bundle(s) of up to $PF_PART)"
    PARTS=$(( (N + PF_PART - 1) / PF_PART ))
    # Cached like the catalogue: the bundles depend only on it and on the
    # pinned Pagefind (stamp), not on matter-search.
    STAMP="$OUT/pf-$N/stamp"
    WANT="pagefind $(node -p 'require("./bench/node_modules/pagefind/package.json").version'), catalogue $(cksum < "$CAT" | cut -d' ' -f1), $PARTS part(s)"
    if [ -f "$STAMP" ] && [ "$(cat "$STAMP")" = "$WANT" ]; then
      echo "Pagefind bundles cached in $OUT/pf-$N (built by an earlier run: $OUT/pagefind-$N-part-*.time)"
      PARTS=0
    else
      nice -n 15 node bench/scale-pagefind-site.mjs "$CAT" "$OUT/pf-$N" "$PARTS"
    fi
    for ((p = 0; p < PARTS; p++)); do
      timed "pagefind-$N-part-$p" "${NATIVE[@]}" "$PAGEFIND" --site "$OUT/pf-$N/part-$p" --quiet \
        > "$OUT/pagefind-$N-part-$p.log" 2>&1 || { cat "$OUT/pagefind-$N-part-$p.log"; exit 1; }
      grep -E "Elapsed|Maximum resident" "$OUT/pagefind-$N-part-$p.time"
      rm -rf "$OUT/pf-$N/part-$p/m"   # the pages themselves are not needed to search
    done
    [ "$PARTS" -eq 0 ] || echo "$WANT" > "$STAMP"
    node -e 'const fs = require("fs"), path = require("path");
      let bytes = 0, files = 0;
      const walk = (d) => { for (const e of fs.readdirSync(d, { withFileTypes: true })) { const p = path.join(d, e.name); if (e.isDirectory()) walk(p); else { bytes += fs.statSync(p).size; files++; } } };
      walk(process.argv[1]);
      fs.writeFileSync(process.argv[2], JSON.stringify({ bytes, files }) + "\n");' "$OUT/pf-$N" "$OUT/pagefind-$N-size.json"
    ENGINES+=("pagefind=$OUT/pf-$N")
  fi

  step "$N: headless Chromium, cold cache: ${ENGINES[*]}"
  capped --report "$OUT/browser-$N.rss.json" -- node bench/scale-browser.mjs "$OUT/browser-$N.json" "$Q" "${ENGINES[@]}"
done
uptime > "$OUT/load-after.txt"

step "report"
BENCH_SCALE_COMMAND="scripts/bench-scale.sh --sizes $SIZES" node bench/scale-report.mjs "$SIZES"
