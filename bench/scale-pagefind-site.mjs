// Pagefind's input for the scale benchmark: one HTML page per matter,
// carrying the same text matter-search indexes (bench/common.mjs
// matterText: the name as <h1> and <title>, every other text a <p>), in
// <html lang="zh-CN"> so that Pagefind's extended binary segments Chinese.
//
//   node bench/scale-pagefind-site.mjs CATALOGUE.json OUTDIR PARTS
//
// The matters are cut into PARTS consecutive ranges, one site each
// (OUTDIR/part-0/, …), because one Pagefind index over 100k pages needs
// more than 22 GB (issue 11): each part is indexed on its own and the page
// merges them (`mergeIndex`). Page k of part p is OUTDIR/part-p/m/<id>.html.
import fs from "node:fs";
import path from "node:path";
import { matterText } from "./common.mjs";

const [catPath, outDir, partsArg = "1"] = process.argv.slice(2);
if (!outDir) {
  console.error("usage: node bench/scale-pagefind-site.mjs CATALOGUE.json OUTDIR PARTS");
  process.exit(2);
}
const parts = Number(partsArg);
const cat = JSON.parse(fs.readFileSync(catPath, "utf8"));
const depts = new Map((cat.departments || []).map((d) => [d.id, d]));
const esc = (s) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
const per = Math.ceil(cat.matters.length / parts);
fs.rmSync(outDir, { recursive: true, force: true });
for (let p = 0; p < parts; p++) {
  const dir = path.join(outDir, `part-${p}`, "m");
  fs.mkdirSync(dir, { recursive: true });
  for (const m of cat.matters.slice(p * per, (p + 1) * per)) {
    const [name, ...rest] = matterText(m, depts).split("\n");
    const html =
      `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>${esc(name)}</title></head>` +
      `<body><main><h1>${esc(name)}</h1>\n${rest.map((t) => `<p>${esc(t)}</p>`).join("\n")}\n</main></body></html>\n`;
    fs.writeFileSync(path.join(dir, `${m.id}.html`), html);
  }
}
console.log(`${cat.matters.length} pages in ${parts} part(s) under ${outDir}`);
