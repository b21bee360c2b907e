#!/usr/bin/env bash
# Runs every test of matter-search. Installs what it needs (rustfmt,
# clippy), skipping what is already there.
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

step "library without optional features, natively and for wasm32 (what the browser build links)"
cargo build --lib --no-default-features
if command -v rustup >/dev/null; then
  if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
    rustup target add wasm32-unknown-unknown
  fi
  cargo build --lib --release --no-default-features --target wasm32-unknown-unknown
fi

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

echo
echo "all tests passed"
