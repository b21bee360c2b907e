#!/usr/bin/env bash
# Builds matter-search and an index of the default catalogue (data/), then
# answers sample queries. --build-only stops after building.
set -euo pipefail
cd "$(dirname "$0")/.."

BUILD_ONLY=0
for a in "$@"; do
  case "$a" in
    --build-only) BUILD_ONLY=1 ;;
    -h|--help) echo "usage: scripts/demo.sh [--build-only]"; exit 0 ;;
    *) echo "unknown option $a" >&2; exit 2 ;;
  esac
done

if ! command -v cargo >/dev/null; then
  echo "cargo is required (https://rustup.rs)" >&2
  exit 1
fi

echo "==> building the command-line tool"
cargo build --release --features cli --bin matter-search
BIN=target/release/matter-search

echo "==> building the index of data/mofcom.json"
mkdir -p www
$BIN build data/mofcom.json --strict --user-dict data/user-dict.txt --synonyms data/synonyms.txt -o www/catalogue.idx
$BIN stats --index www/catalogue.idx

if [ "$BUILD_ONLY" = 1 ]; then
  exit 0
fi

for q in "两用物项" "技术出口合同登记" "拍卖公司" "外贸备案"; do
  echo
  echo "==> matter-search search --index www/catalogue.idx \"$q\""
  $BIN search --index www/catalogue.idx --limit 3 "$q"
done
