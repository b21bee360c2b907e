#!/usr/bin/env bash
# Runs every test of matter-search: Rust (native), the WebAssembly build in
# Node and in headless Chromium, the npm package and its types. Installs
# what it needs (rustfmt, clippy, the wasm32 target, wasm-pack,
# wasm-bindgen-cli at the Cargo.lock version, binaryen, Debian's chromium
# and chromedriver, the npm test packages), skipping what is already there.
set -euo pipefail
cd "$(dirname "$0")/.."

step() { printf '\n==> %s\n' "$*"; }

if ! command -v cargo >/dev/null; then
  echo "cargo is required (https://rustup.rs)" >&2
  exit 1
fi
for c in rustfmt clippy; do
  if ! cargo "${c/rustfmt/fmt}" --version >/dev/null 2>&1; then
    step "installing $c"
    rustup component add "$c"
  fi
done

step "format"
cargo fmt --check

step "clippy"
cargo clippy --all-targets --all-features -- -D warnings

step "API docs (every public item documented: #![warn(missing_docs)], denied above; no broken links)"
RUSTDOCFLAGS="-D warnings" cargo doc --no-deps
RUSTDOCFLAGS="-D warnings" cargo doc --no-deps --all-features

step "tools for the WebAssembly build and the browser tests"
bash scripts/tools.sh --browser
export PATH="$HOME/.cargo/bin:$PWD/target/tools/node_modules/.bin:$PATH"

step "library without optional features, natively and for wasm32 (what the browser build links)"
cargo build --lib --no-default-features
cargo clippy --lib --no-default-features --target wasm32-unknown-unknown -- -D warnings
# What the README says of an index built without `dict` (no pinyin, traditional only partly).
cargo test --test dict_feature

step "tests (all features)"
cargo test --all-features --release

step "command line on the default catalogue"
BIN=target/release/matter-search
mkdir -p target/ci
$BIN check --strict data/mofcom.json
$BIN build data/mofcom.json --strict --user-dict data/user-dict.txt --synonyms data/synonyms.txt -o target/ci/mofcom.idx
$BIN stats --index target/ci/mofcom.idx
$BIN search --index target/ci/mofcom.idx --limit 3 两用物项
printf '技术出口合同登记\n直销\n' | $BIN search --index target/ci/mofcom.idx --limit 1 - >/dev/null

step "command line for the office: spreadsheets, deadlines, the printable guide"
$BIN convert data/mofcom.json -o target/ci/mofcom.xlsx
$BIN check --strict target/ci/mofcom.xlsx
$BIN check --strict data/templates/catalogue-template.xlsx
$BIN deadline --index target/ci/mofcom.idx mofcom-dual-use --submitted 2026-09-28 --json
$BIN guide --index target/ci/mofcom.idx mofcom-dual-use -o target/ci/guide.html

step "parity fixtures: indexes by the CLI, answers computed natively"
mkdir -p target/parity
cargo run -q --release --example convert_district > target/parity/district.json
$BIN build target/parity/district.json -o target/parity/district.idx
# Without the everyday-names lexicon: abbreviations it lists (社保卡) are
# then read by the abbreviation walk (tests/js/api.test.mjs).
$BIN build target/parity/district.json --no-colloquial -o target/parity/district-plain.idx
rm -rf target/parity/district-split
$BIN build target/parity/district.json --split -o target/parity/district-split
$BIN build data/mofcom.json --user-dict data/user-dict.txt --synonyms data/synonyms.txt -o target/parity/mofcom.idx
rm -rf target/parity/mofcom-split
$BIN build data/mofcom.json --user-dict data/user-dict.txt --synonyms data/synonyms.txt --split -o target/parity/mofcom-split
cargo run -q --release --example parity_expected -- target/parity

step "npm package (pkg/)"
bash scripts/build-wasm.sh
node scripts/size-report.mjs

step "npm test packages"
(cd tests/js && { [ -d node_modules/playwright-core ] && [ -d node_modules/typescript ] && [ -d node_modules/axe-core ] && [ -d node_modules/@types/node ] && [ -d node_modules/vite ] || npm ci --no-audit --no-fund; })

step "package API in Node (every method with wrong-typed arguments, before init, the README's Node example), and its TypeScript types"
node --test tests/js/api.test.mjs tests/js/split.test.mjs tests/js/arguments.test.mjs
tests/js/node_modules/.bin/tsc -p tests/js/tsconfig.json
# A plain browser project (ES2024 + DOM, no other types) and a Node one (@types/node).
tests/js/node_modules/.bin/tsc -p tests/js/tsconfig.browser.json
tests/js/node_modules/.bin/tsc -p tests/js/tsconfig.node.json

step "WASM tests in Node (wasm-bindgen-test)"
wasm-pack test --node --release -- --test wasm_node

step "WASM tests in headless Chromium (wasm-bindgen-test)"
wasm-pack test --headless --chrome --chromedriver "$(command -v chromedriver)" --release -- --test wasm_browser

step "the widget in headless Chromium (end to end, CSP, hostile catalogue, axe, screenshots)"
bash scripts/demo.sh --build-only --split
node --test tests/js/widget.test.mjs

step "the widget on someone else's page (hash, two widgets, attributes, CSP, phone) and the npm package: its tarball installed and served, and a Vite build of a page importing it, in headless Chromium"
node --test tests/js/widget-host.test.mjs tests/js/package.test.mjs

step "the widget on a split index in headless Chromium (10k synthetic matters: bytes per query, records, same hits as one file)"
node --test tests/js/widget-split.test.mjs

step "the printable guide in headless Chromium: widget and CLI HTML printed to PDF (pdftotext)"
if ! command -v pdftotext >/dev/null; then
  apt-get install -y poppler-utils >/dev/null
fi
node --test tests/js/guide.test.mjs

echo
echo "all tests passed"
