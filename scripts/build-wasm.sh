#!/usr/bin/env bash
# Builds the npm package in pkg/: the WebAssembly module, its JS glue and
# TypeScript types (wasm-pack --target web, then wasm-opt -Oz from npm's
# binaryen), next to the committed package.json and README.md.
# Installs missing tools first (scripts/tools.sh).
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
bash scripts/tools.sh
export PATH="$HOME/.cargo/bin:$ROOT/target/tools/node_modules/.bin:$PATH"

OUT=target/wasm-pack
rm -rf "$OUT"
# wasm-opt runs in the next step with the pinned binaryen, not wasm-pack's
# own choice (see Cargo.toml: package.metadata.wasm-pack).
# opt-level "z" for the module and every crate it links (native builds
# keep 3): the browser pays for bytes on every first visit. Measured at
# 13:30 on 2026-12-01 (scripts/size-report.mjs; 493 district queries in
# Node, alternating builds): "s" for our crate with dependencies at 3
# gave 121,896 bytes gzip, "s" everywhere 120,708, "z" everywhere 111,073
# and 1.25x the query time of the first. MS_WASM_OPT_LEVEL overrides it.
LEVEL="${MS_WASM_OPT_LEVEL:-z}"
CARGO_PROFILE_RELEASE_OPT_LEVEL="$LEVEL" \
  wasm-pack build --release --target web --no-pack --out-dir "$OUT" --out-name matter_search . -- \
  --no-default-features --config "profile.release.package.\"*\".opt-level=\"$LEVEL\""

# --converge repeats -Oz while it still shrinks the module; the producers
# and target-features sections are read by no browser. Measured on
# 2026-12-01 (scripts/size-report.mjs): 119,504 -> 119,002 bytes gzip.
wasm-opt -Oz --converge --strip-producers --strip-target-features --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
  --enable-mutable-globals --enable-reference-types --enable-multivalue \
  "$OUT/matter_search_bg.wasm" -o "$OUT/matter_search_bg.opt.wasm"
mv "$OUT/matter_search_bg.opt.wasm" "$OUT/matter_search_bg.wasm"

for f in matter_search.js matter_search.d.ts matter_search_bg.wasm matter_search_bg.wasm.d.ts; do
  cp "$OUT/$f" pkg/
done
# The generated class declares `[Symbol.dispose]`, which a browser project's
# `lib: ["ES2024", "DOM"]` does not know (TS2550): dropped from the types
# (the method stays in the glue; `free()` is the documented release).
sed -i '/\[Symbol\.dispose\]/d' pkg/matter_search.d.ts
# The hand-written entry point (argument checks, init in Node), the loader
# of split indexes, and their types.
for f in index.js index.d.ts split.js split.d.ts; do
  cp "src/wasm/$f" "pkg/$f"
done
# The widget (`matter-search/widget`): the sources in www/, with their pkg/
# paths made relative to the package root, where widget.js sits beside
# index.js. The two-line embed then works from the package folder as is.
sed -e 's|"\./pkg/|"./|g' -e 's|new URL("pkg/|new URL("|g' www/widget.js > pkg/widget.js
if grep -n '"\./pkg/\|URL("pkg/' pkg/widget.js; then
  echo "pkg/widget.js still names pkg/" >&2
  exit 1
fi
cp www/widget.css www/i18n.js src/wasm/widget.d.ts pkg/
# The engine in a module worker (`matter-search/search-worker`, docs/widget.md).
sed -e 's|"\./pkg/|"./|g' www/search-worker.js > pkg/search-worker.js
printf 'pkg/: %s bytes wasm, %s bytes JS glue\n' \
  "$(wc -c < pkg/matter_search_bg.wasm)" "$(wc -c < pkg/matter_search.js)"
