// Warm query latency over the substring query set (informational).
// FlexSearch: each query timed in Node with process.hrtime.bigint.
// matter-search: the CLI's stdin batch mode, (wall time of N queries − wall
// time of an empty input) / N, so process start-up and index load cancel out;
// it includes JSON serialization of every result and writing it to /dev/null.
// Writes bench/out/speed.json.
import os from "node:os";
import { spawnSync } from "node:child_process";
import { BIN, DISTRICT_IDX, districtFlex, districtRows, writeJson } from "./common.mjs";
import { substringQueries } from "./queries.mjs";

const LIMIT = 10;
const loadavg = os.loadavg();
const FLEX_PASSES = Number(process.env.BENCH_FLEX_PASSES || 10);
const CLI_REPEAT = Number(process.env.BENCH_CLI_REPEAT || 2);
const CLI_RUNS = Number(process.env.BENCH_CLI_RUNS || 5);

const rows = districtRows();
const queries = substringQueries(rows).map((x) => x.q);
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const pct = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];

// --- FlexSearch ------------------------------------------------------------
const flex = districtFlex(rows);
let sink = 0;
for (let w = 0; w < 2; w++) for (const q of queries) sink += flex.search(q, LIMIT).length; // warm-up
const samples = new Float64Array(queries.length * FLEX_PASSES);
const passMeans = [];
let n = 0;
for (let p = 0; p < FLEX_PASSES; p++) {
  const t0 = process.hrtime.bigint();
  for (const q of queries) {
    const a = process.hrtime.bigint();
    sink += flex.search(q, LIMIT).length;
    samples[n++] = Number(process.hrtime.bigint() - a) / 1000;
  }
  passMeans.push(Number(process.hrtime.bigint() - t0) / 1000 / queries.length);
}
const sorted = Array.from(samples).sort((a, b) => a - b);
const flexStats = {
  queries: queries.length,
  passes: FLEX_PASSES,
  samples: samples.length,
  p50: pct(sorted, 50),
  p95: pct(sorted, 95),
  p99: pct(sorted, 99),
  mean: sorted.reduce((a, b) => a + b, 0) / sorted.length,
  passMeanMedian: median(passMeans),
  sink,
};

// --- matter-search (CLI batch mode) ----------------------------------------
function wall(input) {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(BIN, ["search", "--index", DISTRICT_IDX, "--limit", String(LIMIT), "-"], {
    input,
    stdio: ["pipe", "ignore", "pipe"],
    maxBuffer: 1 << 26,
  });
  const us = Number(process.hrtime.bigint() - t0) / 1000;
  if (r.status !== 0) throw new Error(`matter-search failed: ${r.stderr}`);
  return us;
}
const batch = [];
for (let i = 0; i < CLI_REPEAT; i++) batch.push(...queries);
const input = batch.join("\n") + "\n";
wall(input); // warm the page cache
const empties = [], fulls = [];
for (let i = 0; i < CLI_RUNS; i++) {
  empties.push(wall(""));
  fulls.push(wall(input));
}
const emptyUs = median(empties), fullUs = median(fulls);
const oursStats = {
  queries: batch.length,
  runs: CLI_RUNS,
  emptyRunMs: emptyUs / 1000,
  fullRunMs: fullUs / 1000,
  perQuery: (fullUs - emptyUs) / batch.length,
};

const result = {
  loadavg,
  flex: flexStats,
  ours: oursStats,
  ratioOursToFlexMean: oursStats.perQuery / flexStats.mean,
};
writeJson("speed.json", result);
console.log(JSON.stringify(result, null, 2));
