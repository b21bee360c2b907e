#!/usr/bin/env bash
# Runs every fuzz target (fuzz/, cargo-fuzz on nightly) for SECONDS each
# (default 600), at most two at a time, from seeds made of the real files
# (examples/fuzz_seeds.rs) plus the corpus of earlier runs (fuzz/corpus/),
# and prints executions, coverage and crashes per target. A crash's input
# is left in fuzz/artifacts/TARGET/; check it in under
# tests/fixtures/fuzz/TARGET/ (tests/fuzz_regressions.rs replays it on
# stable). CI runs that regression corpus, not the fuzzer.
#
#   scripts/fuzz.sh [SECONDS] [TARGET...]
#
# FUZZ_KEEP_SEEDS=1 reuses target/fuzz-seeds from an earlier run instead of
# building the seed writer (a release build of the command-line features).
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"

SECONDS_EACH="${1:-600}"
shift || true
TARGETS=("$@")
[ ${#TARGETS[@]} -gt 0 ] || TARGETS=(index analyzer catalogue options)
JOBS=2

command -v cargo-fuzz >/dev/null || cargo install cargo-fuzz
rustup toolchain list | grep -q nightly || rustup toolchain install nightly --profile minimal

echo "==> building the fuzz targets (nightly, sanitizer coverage)"
(cd fuzz && cargo +nightly fuzz build)
BIN=fuzz/target/x86_64-unknown-linux-gnu/release

echo "==> seeds from data/, tests/fixtures/ and the district"
if [ ! -f target/parity/district.json ] && [ -d ../shared/data/real ]; then
  mkdir -p target/parity
  cargo run -q --release --example convert_district > target/parity/district.json || rm -f target/parity/district.json
fi
SEEDS=target/fuzz-seeds
if [ "${FUZZ_KEEP_SEEDS:-}" != 1 ] || [ ! -d "$SEEDS" ]; then
  rm -rf "$SEEDS"
  cargo run -q --release --features cli --example fuzz_seeds -- "$SEEDS"
fi

LOGS=target/fuzz-logs
mkdir -p "$LOGS"
STAMP="$LOGS/started"
touch "$STAMP"
run() {
  local t=$1
  # Catalogues are built and opened on every run: small inputs keep the
  # target fast (larger seeds are cut to this, still exercising the parser).
  local max_len=262144
  [ "$t" != catalogue ] || max_len=65536
  mkdir -p "fuzz/corpus/$t" "fuzz/artifacts/$t" "tests/fixtures/fuzz/$t"
  "$BIN/$t" "fuzz/corpus/$t" "$SEEDS/$t" "tests/fixtures/fuzz/$t" \
    -dict="fuzz/dict/$t.dict" -max_total_time="$SECONDS_EACH" -timeout=30 \
    -rss_limit_mb=2048 -max_len="$max_len" -print_final_stats=1 \
    -artifact_prefix="fuzz/artifacts/$t/" >"$LOGS/$t.log" 2>&1 || true
}

echo "==> running ${TARGETS[*]} for ${SECONDS_EACH} s each, $JOBS at a time"
running=0
for t in "${TARGETS[@]}"; do
  run "$t" &
  running=$((running + 1))
  if [ "$running" -ge "$JOBS" ]; then
    wait -n
    running=$((running - 1))
  fi
done
wait

printf '\n%-10s %12s %8s %8s %8s %s\n' target executions cov ft crashes "artifacts"
status=0
for t in "${TARGETS[@]}"; do
  log="$LOGS/$t.log"
  execs=$( (grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" || true) | grep -o '[0-9]*$' | tail -1 || true)
  cov=$( (grep -o 'cov: [0-9]*' "$log" || true) | tail -1 | grep -o '[0-9]*' || true)
  ft=$( (grep -o 'ft: [0-9]*' "$log" || true) | tail -1 | grep -o '[0-9]*' || true)
  # crash-, oom-, timeout- and leak- files stop a run; slow-unit- files
  # only report the slowest input so far.
  found=$(find "fuzz/artifacts/$t" -type f -newer "$STAMP" \( -name 'crash-*' -o -name 'oom-*' -o -name 'timeout-*' -o -name 'leak-*' \))
  crashes=$(printf '%s' "$found" | grep -c . || true)
  printf '%-10s %12s %8s %8s %8s %s\n' "$t" "${execs:-?}" "${cov:-?}" "${ft:-?}" "$crashes" \
    "$(printf '%s' "$found" | tr '\n' ' ')"
  [ "$crashes" -eq 0 ] || status=1
done
echo "logs: $LOGS/"
exit "$status"
