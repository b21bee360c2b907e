// The scale benchmark's WebAssembly part (issue 11): the npm package (pkg/)
// in Node on a one-file index loaded whole, beside FlexSearch 0.8 in the
// same process on the same 300 queries.
//
//   node bench/scale-wasm.mjs CATALOGUE.json INDEX.idx QUERIES.json OUT.json
//
// matter-search: `search(q, {limit: 10})`, results converted to JS objects
// (what a page gets). FlexSearch: names and every text field of a matter
// (bench/common.mjs matterText), one document per matter, numeric ids,
// `{ encoder: Charset.CJK, tokenize: "forward" }`, `search(q, 10)` returning
// ids. One warm-up pass each, then PASSES passes (env BENCH_SCALE_PASSES,
// default 3), the engines alternating pass by pass so machine load hits
// both alike; each query timed with process.hrtime.bigint.
import fs from "node:fs";
import path from "node:path";
import { ROOT, flexIndex, matterText, FLEX_OPTIONS_TEXT } from "./common.mjs";

const [catPath, idxPath, queriesPath, outPath] = process.argv.slice(2);
if (!outPath) {
  console.error("usage: node bench/scale-wasm.mjs CATALOGUE.json INDEX.idx QUERIES.json OUT.json");
  process.exit(2);
}
const PASSES = Number(process.env.BENCH_SCALE_PASSES || 3);
const PKG = path.join(ROOT, "pkg", "matter_search.js");
const WASM = path.join(ROOT, "pkg", "matter_search_bg.wasm");
const queries = JSON.parse(fs.readFileSync(queriesPath, "utf8")).queries;
const pct = (s, p) => s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
const summary = (xs) => {
  const s = Float64Array.from(xs).sort();
  return { samples: s.length, p50: pct(s, 50), p90: pct(s, 90), p99: pct(s, 99), mean: s.reduce((a, b) => a + b, 0) / s.length };
};

// --- ours: start to first results, after the bytes are in memory ----------
const m = await import("file://" + PKG);
const exports = await m.default({ module_or_path: fs.readFileSync(WASM) });
const bytes = new Uint8Array(fs.readFileSync(idxPath));
const t0 = performance.now();
const cat = new m.Catalogue(bytes);
const t1 = performance.now();
const firstHits = cat.search(queries[0].q, { limit: 10 }).hits.length;
const t2 = performance.now();
const start = { indexBytes: bytes.length, openMs: t1 - t0, firstQueryMs: t2 - t1, firstHits };

// --- FlexSearch over the same catalogue ------------------------------------
const catalogue = JSON.parse(fs.readFileSync(catPath, "utf8"));
const depts = new Map((catalogue.departments || []).map((d) => [d.id, d]));
const f0 = performance.now();
const flex = flexIndex();
catalogue.matters.forEach((mt, i) => flex.add(i, matterText(mt, depts)));
const flexBuildMs = performance.now() - f0;
catalogue.matters.length = 0; // the text is in the index now; let the JSON go
const heapAfterFlex = process.memoryUsage();

// --- warm queries -------------------------------------------------------------
const engines = {
  ours: (q) => cat.search(q, { limit: 10 }).hits.length,
  flexsearch: (q) => flex.search(q, 10).length,
};
const samples = { ours: [], flexsearch: [] };
const byType = { ours: {}, flexsearch: {} };
const empty = { ours: 0, flexsearch: 0 };
let sink = 0;
for (const [name, fn] of Object.entries(engines)) for (const { q } of queries) if (fn(q) === 0) empty[name]++;
for (let p = 0; p < PASSES; p++) {
  for (const [name, fn] of Object.entries(engines)) {
    for (const { q, type } of queries) {
      const a = process.hrtime.bigint();
      sink += fn(q);
      const us = Number(process.hrtime.bigint() - a) / 1000;
      samples[name].push(us);
      (byType[name][type] ??= []).push(us);
    }
  }
}
const out = {
  node: process.version,
  flexOptions: FLEX_OPTIONS_TEXT,
  queries: queries.length,
  passes: PASSES,
  start,
  wasmMemoryBytes: exports.memory.buffer.byteLength,
  flexBuildMs,
  nodeMemoryAfterFlex: { rss: heapAfterFlex.rss, heapUsed: heapAfterFlex.heapUsed },
  queriesWithoutHits: empty,
  warmUs: Object.fromEntries(Object.entries(samples).map(([k, v]) => [k, summary(v)])),
  warmUsByType: Object.fromEntries(
    Object.entries(byType).map(([k, t]) => [k, Object.fromEntries(Object.entries(t).map(([ty, v]) => [ty, summary(v)]))]),
  ),
  sink,
};
out.p50Ratio = out.warmUs.ours.p50 / out.warmUs.flexsearch.p50;
out.p99Ratio = out.warmUs.ours.p99 / out.warmUs.flexsearch.p99;
fs.writeFileSync(outPath, JSON.stringify(out, null, 1) + "\n");
console.log(
  `wasm p50 ${out.warmUs.ours.p50.toFixed(1)} µs p99 ${out.warmUs.ours.p99.toFixed(1)} µs; ` +
    `FlexSearch p50 ${out.warmUs.flexsearch.p50.toFixed(1)} µs p99 ${out.warmUs.flexsearch.p99.toFixed(1)} µs; ratio p50 ${out.p50Ratio.toFixed(2)}`,
);
