#!/usr/bin/env bash
# Installs the tools the WASM build and the browser tests need, skipping each
# one that is already there at the right version. Sourced by demo.sh and
# test.sh; safe to run on its own. Only registries are used: crates.io, npm,
# Debian.
#
#   scripts/tools.sh            # wasm32 target, wasm-pack, wasm-bindgen-cli, wasm-opt
#   scripts/tools.sh --browser  # ... and Debian's chromium + chromedriver
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TOOLS="$ROOT/target/tools"
export PATH="$HOME/.cargo/bin:$TOOLS/node_modules/.bin:$PATH"

say() { printf '\033[1m[tools]\033[0m %s\n' "$*" >&2; }

# The wasm-bindgen CLI must match the library version in Cargo.lock exactly,
# otherwise wasm-pack tries to download one (no network here) or the glue
# does not fit the module.
bindgen_version() {
  awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' "$ROOT/Cargo.lock"
}

install_wasm_tools() {
  if ! rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown; then
    say "adding the wasm32-unknown-unknown target"
    rustup target add wasm32-unknown-unknown
  fi
  if ! command -v wasm-pack >/dev/null 2>&1; then
    say "installing wasm-pack"
    cargo install wasm-pack --locked --quiet
  fi
  local want
  want="$(bindgen_version)"
  if [ -z "$want" ]; then
    say "cannot read the wasm-bindgen version from Cargo.lock"; exit 1
  fi
  if ! wasm-bindgen --version 2>/dev/null | grep -q " $want\$"; then
    say "installing wasm-bindgen-cli $want (must equal Cargo.lock)"
    # Not --locked: its lock file pins a webpki-roots that no longer exists.
    cargo install wasm-bindgen-cli --version "$want" --force --quiet
  fi
  # Debian's binaryen 108 silently breaks externref tables; use npm's.
  if ! [ -x "$TOOLS/node_modules/.bin/wasm-opt" ]; then
    say "installing binaryen (wasm-opt) from npm into target/tools"
    mkdir -p "$TOOLS"
    (cd "$TOOLS" && { [ -f package.json ] || echo '{"private":true}' > package.json; } \
      && npm install --silent --no-audit --no-fund binaryen@132.0.0)
  fi
}

install_browser() {
  # Chromium and its driver; Noto CJK so screenshots show Chinese, not boxes.
  local want=()
  command -v chromium >/dev/null 2>&1 || want+=(chromium)
  command -v chromedriver >/dev/null 2>&1 || want+=(chromium-driver)
  [ -d /usr/share/fonts/opentype/noto ] || want+=(fonts-noto-cjk)
  if [ "${#want[@]}" -gt 0 ]; then
    say "installing Debian's ${want[*]}"
    local sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${want[@]}" >/dev/null
  fi
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
  install_wasm_tools
  if [ "${1:-}" = "--browser" ]; then install_browser; fi
  say "ready: $(wasm-pack --version), $(wasm-bindgen --version), wasm-opt $(wasm-opt --version | head -1)"
fi
