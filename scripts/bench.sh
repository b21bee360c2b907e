#!/usr/bin/env bash
# Benchmarks matter-search against FlexSearch on the same real data (index
# size, search quality, query speed) and writes BENCHMARKS.md.
# Needs cargo, Node >= 18 and npm; installs FlexSearch (pinned) into
# bench/node_modules when it is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

step() { printf '\n==> %s\n' "$*"; }

for c in cargo node npm; do
  if ! command -v "$c" >/dev/null; then
    echo "$c is required" >&2
    exit 1
  fi
done
DISTRICT=../shared/data/real/sichuan-guangan-district-matters.json
if [ ! -f "$DISTRICT" ]; then
  echo "missing $DISTRICT (the shared real data beside the repository)" >&2
  exit 1
fi

if [ ! -d bench/node_modules/flexsearch ]; then
  step "installing FlexSearch (npm ci in bench/)"
  (cd bench && npm ci --no-audit --no-fund)
fi

step "building the release command-line tool"
cargo build --release --features cli --bin matter-search
BIN=target/release/matter-search

mkdir -p bench/out
step "converting the district list"
cargo run -q --release --example convert_district > bench/out/district.json

step "building the indexes"
$BIN build bench/out/district.json -o bench/out/district.idx
$BIN build data/mofcom.json --user-dict data/user-dict.txt --synonyms data/synonyms.txt -o bench/out/mofcom.idx

step "the query-understanding queries (traditional, pinyin) over the district names"
cargo run -q --release --features dict --example understanding_queries -- bench/out/district.json bench/out/district.idx > bench/out/understanding.jsonl
step "the queries of each type (exact names … long queries) over the district names"
cargo run -q --release --features dict --example query_types -- bench/out/district.json bench/out/district.idx > bench/out/query-types.jsonl

export MS_BIN="$PWD/$BIN"
step "size"
node bench/size.mjs
step "quality"
node bench/quality.mjs
step "query speed"
node bench/speed.mjs

step "the WebAssembly package (rebuilt when older than the sources) and the demo site"
bash scripts/demo.sh --build-only > /dev/null

step "the WebAssembly package in Node"
node bench/wasm.mjs > /dev/null
step "latency per query type in WebAssembly (p50, p99, max)"
node bench/query-types.mjs

step "the widget in headless Chromium"
(cd tests/js && { [ -d node_modules/playwright-core ] || npm ci --no-audit --no-fund; })
node bench/widget.mjs > /dev/null

step "cold start in headless Chromium (with and without preload hints, one file and split; writes its section of BENCHMARKS.md)"
bash scripts/demo.sh --build-only --split > /dev/null
node bench/cold-start.mjs > /dev/null

step "report"
BENCH_COMMAND="scripts/bench.sh" node bench/report.mjs
