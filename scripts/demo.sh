#!/usr/bin/env bash
# The demo: builds the WebAssembly package, the command-line tool and an index
# of the default catalogue (data/mofcom.json), puts them in www/ next to the
# search widget, and serves www/ on localhost.
#
#   scripts/demo.sh                 build, then serve on http://localhost:8080/ (or the next free port)
#   scripts/demo.sh --port 9000     serve on another port
#   scripts/demo.sh --build-only    build only; www/ is then a self-contained static site:
#                                   python3 -m http.server -d www
#   scripts/demo.sh --rebuild-wasm  rebuild pkg/ even when it is newer than the sources
#   scripts/demo.sh --split         also build the catalogue as a split index (www/split/entry.json)
#                                   and serve split.html, the same page pointed at it
set -euo pipefail
cd "$(dirname "$0")/.."

BUILD_ONLY=0
PORT=8080
REBUILD_WASM=0
SPLIT=0
while [ $# -gt 0 ]; do
  case "$1" in
    --build-only) BUILD_ONLY=1 ;;
    --rebuild-wasm) REBUILD_WASM=1 ;;
    --split) SPLIT=1 ;;
    --port) shift; PORT="${1:?--port needs a number}" ;;
    --port=*) PORT="${1#--port=}" ;;
    -h|--help) sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "unknown option $1 (try --help)" >&2; exit 2 ;;
  esac
  shift
done

if ! command -v cargo >/dev/null; then
  echo "cargo is required (https://rustup.rs)" >&2
  exit 1
fi

# The package is rebuilt when missing or older than the Rust sources: the
# build takes a minute or two, and scripts/test.sh has just made it.
WASM=pkg/matter_search_bg.wasm
if [ "$REBUILD_WASM" = 1 ] || [ ! -f "$WASM" ] || [ ! -f pkg/matter_search.js ] ||
   [ -n "$(find src Cargo.toml Cargo.lock -newer "$WASM" -print -quit 2>/dev/null)" ]; then
  echo "==> building the WebAssembly package (pkg/)"
  bash scripts/build-wasm.sh
else
  echo "==> pkg/ is up to date with the sources (--rebuild-wasm to rebuild)"
fi

echo "==> building the command-line tool"
cargo build --release --features cli --bin matter-search
BIN=target/release/matter-search

echo "==> building the index of data/mofcom.json"
mkdir -p www/pkg
$BIN build data/mofcom.json --strict --user-dict data/user-dict.txt --synonyms data/synonyms.txt -o www/catalogue.idx
$BIN stats --index www/catalogue.idx
$BIN search --index www/catalogue.idx --limit 3 "两用物项"

echo "==> copying the package into www/pkg/"
cp pkg/index.js pkg/matter_search.js pkg/matter_search_bg.wasm pkg/split.js www/pkg/

PAGE=""
rm -rf www/split www/split.html
if [ "$SPLIT" = 1 ]; then
  echo "==> building data/mofcom.json as a split index (www/split/)"
  $BIN build data/mofcom.json --strict --user-dict data/user-dict.txt --synonyms data/synonyms.txt --split -o www/split
  $BIN search --index www/split/entry.json --limit 3 "两用物项"
  # The demo page, pointed at the entry file instead of the one-file index.
  sed 's|catalogue\.idx|split/entry.json|g' www/index.html > www/split.html
  grep -q 'src="split/entry.json"' www/split.html
  PAGE="split.html"
fi

if [ "$BUILD_ONLY" = 1 ]; then
  echo
  echo "www/ is ready; serve it with any static file server, e.g. python3 -m http.server -d www"
  [ -z "$PAGE" ] || echo "(index.html: the one-file index; $PAGE: the split index)"
  exit 0
fi

if ! command -v python3 >/dev/null; then
  echo "python3 is needed to serve www/; or serve www/ with any static file server" >&2
  exit 1
fi

# The first free port from $PORT on.
PORT="$(python3 - "$PORT" <<'PY'
import socket, sys
start = int(sys.argv[1])
for p in range(start, start + 100):
    s = socket.socket()
    try:
        s.bind(("127.0.0.1", p))
    except OSError:
        continue
    finally:
        s.close()
    print(p)
    break
else:
    sys.exit(f"no free port in {start}..{start + 99}")
PY
)"

echo
echo "==> serving www/ — open http://localhost:$PORT/$PAGE (Ctrl-C stops)"
exec python3 -m http.server --bind 127.0.0.1 --directory www "$PORT"
