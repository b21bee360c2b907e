#!/usr/bin/env bash
# Regenerates data/holidays/cn.txt from the chinese_holiday crate (a
# dev-dependency). Each year, when the State Council publishes the next
# year's arrangement (usually in November) and the crate is updated:
#   1. bump `chinese_holiday` in Cargo.toml (and LAST / CRATE_VERSION in
#      examples/holiday_table.rs to the crate's new last supported day);
#   2. bash scripts/holidays.sh
#   3. cargo test --test calendar   (checks the table against the crate)
set -euo pipefail
cd "$(dirname "$0")/.."
FIRST_YEAR="${1:-2020}"
cargo run -q --example holiday_table -- "$FIRST_YEAR" > data/holidays/cn.txt.new
mv data/holidays/cn.txt.new data/holidays/cn.txt
grep -c '^[0-9]' data/holidays/cn.txt | xargs printf 'data/holidays/cn.txt: %s special days\n'
