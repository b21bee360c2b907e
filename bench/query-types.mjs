// Latency per query type in WebAssembly (Node) at district size, issue 12
// point 7: p50, p99 and the max of `search(q, {limit: 10})` (results
// converted to JS objects, what a page gets) for each type of
// bench/out/query-types.jsonl (examples/query_types.rs): one warm-up pass,
// then BENCH_TYPE_PASSES passes. Targets: p99 ≤ 5 ms for every type, no
// query of ≤ 64 characters over 20 ms. Writes bench/out/query-types.json
// and its section of BENCHMARKS.md.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { writeSection } from "./section.mjs";

// Paths as bench/common.mjs has them, without its FlexSearch import (this
// script times matter-search alone).
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const OUT = path.join(ROOT, "bench", "out");
const DISTRICT_IDX = path.join(OUT, "district.idx");

const PKG = path.join(ROOT, "pkg", "matter_search.js");
const WASM = path.join(ROOT, "pkg", "matter_search_bg.wasm");
const PASSES = Number(process.env.BENCH_TYPE_PASSES || 3);
const FILE = path.join(ROOT, "bench", "out", "query-types.jsonl");

const loadBefore = os.loadavg();
const pct = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
const m = await import("file://" + PKG);
await m.default({ module_or_path: fs.readFileSync(WASM) });
const cat = new m.Catalogue(new Uint8Array(fs.readFileSync(DISTRICT_IDX)));
const byType = new Map();
for (const line of fs.readFileSync(FILE, "utf8").split("\n").filter(Boolean)) {
  const { type, q } = JSON.parse(line);
  if (!byType.has(type)) byType.set(type, []);
  byType.get(type).push(q);
}
const types = {};
let sink = 0;
for (const [type, qs] of byType) {
  for (const q of qs) sink += cat.search(q, { limit: 10 }).hits.length;
  const samples = [];
  let worst = { ms: 0, q: "" };
  for (let p = 0; p < PASSES; p++) {
    for (const q of qs) {
      const a = process.hrtime.bigint();
      sink += cat.search(q, { limit: 10 }).hits.length;
      const ms = Number(process.hrtime.bigint() - a) / 1e6;
      samples.push(ms);
      if (ms > worst.ms) worst = { ms, q };
    }
  }
  samples.sort((a, b) => a - b);
  types[type] = { queries: qs.length, passes: PASSES, p50: pct(samples, 50), p99: pct(samples, 99), max: worst.ms, slowest: worst.q };
}
const out = { node: process.version, load: loadBefore, types, sink };
fs.writeFileSync(path.join(OUT, "query-types.json"), JSON.stringify(out, null, 2) + "\n");
for (const [t, s] of Object.entries(types)) {
  console.log(`${t.padEnd(28)} n=${String(s.queries).padStart(5)}  p50 ${s.p50.toFixed(2)} ms  p99 ${s.p99.toFixed(2)} ms  max ${s.max.toFixed(2)} ms  (${JSON.stringify(s.slowest)})`);
}

// Its own section of BENCHMARKS.md, before the scale section (bench/report.mjs
// keeps everything from the cold-start section up to there as it stands).
const loadAfter = os.loadavg().map((l) => l.toFixed(2));
const mark = (v, limit) => (v <= limit ? `${v.toFixed(2)} ms` : `**${v.toFixed(2)} ms**`);
const rows = Object.entries(types).map(
  ([t, s]) => `| ${t} | ${s.queries} | ${s.p50.toFixed(2)} ms | ${mark(s.p99, 5)} | ${mark(s.max, 20)} | ${JSON.stringify(s.slowest).slice(0, 60)} |`,
);
const section = `
## 7. Latency per query type (\`bench/query-types.mjs\`)

\`search(q, {limit: 10})\` in WebAssembly (Node ${process.version}, pkg/) on the district index, results converted to JS objects; the queries of each type from \`examples/query_types.rs\` (generated from the district catalogue and tests/everyday), one warm-up pass, then ${PASSES} timed passes. Targets (issue 12): p99 ≤ 5 ms for every type, no query of ≤ 64 characters over 20 ms; misses in bold. Load average ${out.load.map((l) => l.toFixed(2)).join(" ")} before and ${loadAfter.join(" ")} after, on ${os.cpus().length} CPUs.

| type | queries | p50 | p99 | max | slowest |
| --- | ---: | ---: | ---: | ---: | --- |
${rows.join("\n")}
`;
writeSection(path.join(ROOT, "BENCHMARKS.md"), "\n## 7. Latency per query type", section);
