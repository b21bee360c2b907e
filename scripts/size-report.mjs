// Prints the npm package's transfer sizes: the .wasm, its JS glue and the
// entry point that checks arguments (index.js), raw,
// gzip -9 and brotli 11 (what a web server sends). The budget is 100 KB
// gzip for both together; bench/wasm.mjs records the same figures.
import fs from "node:fs";
import zlib from "node:zlib";

const files = ["pkg/matter_search_bg.wasm", "pkg/matter_search.js", "pkg/index.js"];
const row = (name, b) => {
  const gz = zlib.gzipSync(b, { level: 9 }).length;
  const br = zlib.brotliCompressSync(b, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
  console.log(`${name.padEnd(28)} ${String(b.length).padStart(8)} raw ${String(gz).padStart(8)} gzip ${String(br).padStart(8)} brotli`);
  return gz;
};
let total = 0;
for (const f of files) total += row(f, fs.readFileSync(f));
console.log(`${"wasm + glue, gzip".padEnd(28)} ${String(total).padStart(8)} bytes (budget 102400)`);
