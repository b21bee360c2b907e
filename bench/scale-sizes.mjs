// Sizes for the scale benchmark: the catalogue's gzip, the one-file index's
// gzip, the split folder as stored (its files are compressed inside the
// format, so a plain static server sends exactly these bytes), its root and
// entry files, per kind of file, and Pagefind's bundle when built.
//
//   node bench/scale-sizes.mjs N OUT.json       (files in target/bench-scale/)
import fs from "node:fs";
import path from "node:path";
import zlib from "node:zlib";
import { ROOT } from "./common.mjs";

const [N, outPath] = process.argv.slice(2);
const DIR = path.join(ROOT, "target", "bench-scale");
const gz = (p) => zlib.gzipSync(fs.readFileSync(p), { level: 9 }).length;

function walk(dir) {
  const out = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...walk(p));
    else out.push({ p, name: e.name, bytes: fs.statSync(p).size });
  }
  return out;
}

const cat = path.join(DIR, `cat-${N}.json`);
const one = path.join(DIR, `ms-${N}.idx`);
const splitDir = path.join(DIR, `ms-${N}-split`);
const entry = JSON.parse(fs.readFileSync(path.join(splitDir, "entry.json"), "utf8"));
const files = walk(splitDir);
const kinds = {};
for (const f of files) {
  const kind = f.name === "entry.json" ? "entry" : f.name.split(/[-.]/)[0];
  kinds[kind] ??= { files: 0, bytes: 0 };
  kinds[kind].files++;
  kinds[kind].bytes += f.bytes;
}
const out = {
  matters: Number(N),
  catalogue: { raw: fs.statSync(cat).size, gzip: gz(cat) },
  oneFile: { raw: fs.statSync(one).size, gzip: gz(one) },
  split: {
    files: files.length,
    bytes: files.reduce((a, f) => a + f.bytes, 0),
    rootBytes: fs.statSync(path.join(splitDir, entry.root)).size,
    rootRawBytes: entry.root_raw_bytes ?? null,
    entryBytes: fs.statSync(path.join(splitDir, "entry.json")).size,
    largestFile: Math.max(...files.map((f) => f.bytes)),
    kinds,
  },
};
out.ratios = {
  oneFileGzip: out.oneFile.gzip / out.catalogue.gzip,
  split: out.split.bytes / out.catalogue.gzip,
  root: out.split.rootBytes / out.catalogue.gzip,
};
fs.writeFileSync(outPath, JSON.stringify(out, null, 1) + "\n");
console.log(
  `catalogue gzip ${out.catalogue.gzip}; one file gzip ${out.oneFile.gzip} (${out.ratios.oneFileGzip.toFixed(2)}×); ` +
    `split ${out.split.files} files ${out.split.bytes} B (${out.ratios.split.toFixed(2)}×), root ${out.split.rootBytes} B`,
);
