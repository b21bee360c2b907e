// The npm package (pkg/) in Node, side by side with FlexSearch in the same
// process. Writes bench/out/wasm.json.
//
// 1. Cold start: a fresh Node process per run imports the package, reads
//    and instantiates the module (\`initSync\`, what pkg/README.md advises
//    for Node: the async \`init\` makes V8 compile eagerly, ~40 ms more), reads the default catalogue's index
//    (data/ → bench/out/mofcom.idx), opens it and answers a first query.
//    Timed from before the import to after the first results are plain JS
//    objects; Node's own start-up is not included. Median of N runs.
// 2. Warm queries on the district catalogue: each query of the substring
//    set timed with process.hrtime.bigint, several passes after a warm-up.
//    matter-search: `search(q, {limit: 10})`, results converted to JS
//    objects (what a page gets), and `searchTotal(q)`, the same search
//    without building results (to split search from conversion).
//    FlexSearch: `search(q, 10)` returning ids only.
import fs from "node:fs";
import path from "node:path";
import { spawnSync } from "node:child_process";
import { ROOT, OUT, DISTRICT_IDX, MOFCOM_IDX, districtFlex, districtRows, writeJson } from "./common.mjs";
import { substringQueries } from "./queries.mjs";

const PKG = path.join(ROOT, "pkg", "matter_search.js");
const WASM = path.join(ROOT, "pkg", "matter_search_bg.wasm");
const COLD_RUNS = Number(process.env.BENCH_COLD_RUNS || 15);
const PASSES = Number(process.env.BENCH_WASM_PASSES || 10);
const LIMIT = 10;

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const pct = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];

// --- 1. cold start, one child process per run ------------------------------
const child = `
const t0 = performance.now();
const { readFileSync } = await import("node:fs");
const m = await import(${JSON.stringify("file://" + PKG)});
m.initSync({ module: readFileSync(${JSON.stringify(WASM)}) });
const t1 = performance.now();
const cat = new m.Catalogue(new Uint8Array(readFileSync(${JSON.stringify(MOFCOM_IDX)})));
const t2 = performance.now();
const res = cat.search("对外贸易经营者备案", { limit: 10 });
const t3 = performance.now();
if (!(res.hits.length > 0)) throw new Error("no hits");
console.log(JSON.stringify({ init: t1 - t0, open: t2 - t1, first: t3 - t2, total: t3 - t0 }));
`;
const cold = [];
for (let i = 0; i < COLD_RUNS; i++) {
  const r = spawnSync(process.execPath, ["--input-type=module", "-e", child], { encoding: "utf8" });
  if (r.status !== 0) throw new Error(`cold run failed: ${r.stderr}`);
  cold.push(JSON.parse(r.stdout));
}
const coldStats = {
  runs: COLD_RUNS,
  indexBytes: fs.statSync(MOFCOM_IDX).size,
  median: Object.fromEntries(["init", "open", "first", "total"].map((k) => [k, median(cold.map((c) => c[k]))])),
  max: Math.max(...cold.map((c) => c.total)),
};

// --- 2. warm queries, same process -------------------------------------------
const m = await import("file://" + PKG);
await m.default({ module_or_path: fs.readFileSync(WASM) });
const cat = new m.Catalogue(new Uint8Array(fs.readFileSync(DISTRICT_IDX)));
const rows = districtRows();
const queries = substringQueries(rows).map((x) => x.q);
const flex = districtFlex(rows);

function timeIt(fn, qs = queries, passes = PASSES, warmups = 2) {
  let sink = 0;
  for (let w = 0; w < warmups; w++) for (const q of qs) sink += fn(q);
  const samples = new Float64Array(qs.length * passes);
  let n = 0;
  for (let p = 0; p < passes; p++) {
    for (const q of qs) {
      const a = process.hrtime.bigint();
      sink += fn(q);
      samples[n++] = Number(process.hrtime.bigint() - a) / 1000;
    }
  }
  const s = Array.from(samples).sort((a, b) => a - b);
  return { samples: s.length, p50: pct(s, 50), p95: pct(s, 95), p99: pct(s, 99), mean: s.reduce((a, b) => a + b, 0) / s.length, sink };
}
// Interleave the engines so that machine load hits them alike.
const ours = timeIt((q) => cat.search(q, { limit: LIMIT }).hits.length);
const flexStats = timeIt((q) => flex.search(q, LIMIT).length);
const oursSearchOnly = timeIt((q) => cat.searchTotal(q));
const ours2 = timeIt((q) => cat.search(q, { limit: LIMIT }).hits.length);
const flex2 = timeIt((q) => flex.search(q, LIMIT).length);
const best = (a, b) => (a.p50 <= b.p50 ? a : b);

// --- 3. query understanding: the held-out queries of BENCHMARKS §2 (d) -------
// Traditional, full pinyin, initials, and full pinyin with two adjacent
// letters swapped in the middle (a typing error); one warm-up pass, then
// UNDERSTANDING_PASSES passes. Only matter-search: FlexSearch finds none.
const UNDERSTANDING_PASSES = Number(process.env.BENCH_UNDERSTANDING_PASSES || 2);
const understandingFile = path.join(ROOT, "bench", "out", "understanding.jsonl");
const understanding = {};
if (fs.existsSync(understandingFile)) {
  const recs = fs.readFileSync(understandingFile, "utf8").split("\n").filter(Boolean).map((l) => JSON.parse(l));
  const swap = (q) => {
    const i = Math.floor(q.length / 2);
    return q.length < 4 || q[i - 1] === q[i] ? null : q.slice(0, i - 1) + q[i] + q[i - 1] + q.slice(i + 1);
  };
  const forms = {
    traditional: recs.map((r) => r.traditional),
    pinyin: recs.map((r) => r.pinyin),
    initials: recs.map((r) => r.initials),
    pinyinTypo: recs.map((r) => swap(r.pinyin)).filter(Boolean),
  };
  for (const [form, qs] of Object.entries(forms)) {
    const t = timeIt((q) => cat.search(q, { limit: LIMIT }).hits.length, qs, UNDERSTANDING_PASSES, 1);
    understanding[form] = { queries: qs.length, passes: UNDERSTANDING_PASSES, ...t };
  }
}

const wasmBytes = fs.readFileSync(WASM);
const glue = fs.readFileSync(PKG);
const zlib = await import("node:zlib");
const size = (b) => ({
  raw: b.length,
  gzip: zlib.gzipSync(b, { level: 9 }).length,
  brotli: zlib.brotliCompressSync(b, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
});

const out = {
  node: process.version,
  cold: coldStats,
  warm: {
    queries: queries.length,
    passes: PASSES,
    matterSearch: best(ours, ours2),
    matterSearchSearchOnly: oursSearchOnly,
    flexsearch: best(flexStats, flex2),
  },
  understanding,
  size: { wasm: size(wasmBytes), glue: size(glue) },
};
out.warm.p50Ratio = out.warm.matterSearch.p50 / out.warm.flexsearch.p50;
writeJson("wasm.json", out);
console.log(JSON.stringify(out, null, 2));
