// The scale benchmark's browser part (issue 11): headless Chromium on
// localhost, a plain static server (tests/js/fixtures/static-server.mjs:
// files as stored, no on-the-fly compression, `Cache-Control: no-store`,
// the widget's strict CSP), cold cache (a fresh browser context per load).
//
//   node bench/scale-browser.mjs OUT.json QUERIES.json ENGINE=DIR [ENGINE=DIR]
//
//   ours=DIR       a split index folder (DIR/entry.json), opened by a tiny
//                  page importing pkg/matter_search.js and pkg/split.js
//                  (`openCatalogue`, `search(q, {limit: 10})`)
//   pagefind=DIR   Pagefind bundles DIR/part-0/pagefind/ … (from
//                  bench/scale-pagefind-site.mjs and pagefind_extended); the
//                  page imports part 0's pagefind.js, `init()`, merges the
//                  other parts (`mergeIndex`), and for a query runs
//                  `search(q)` and loads the top 10 results' `data()` (a
//                  results list needs their titles and excerpts; matter-search's
//                  hits carry them already); in the page's thread
//                  (`noWorker: true`), so that its fetches and heap are the
//                  page's, counted as ours are
//
// Per engine: RUNS (env BENCH_SCALE_RUNS, default 5) cold page loads after one
// discarded warm-up load, the i-th typing query i of the mix the moment the
// page's module runs. Measured in the page: navigation start → first
// results, load event → first results, bytes (encodedBodySize of the
// Resource Timing entries: what came over the wire) of everything except
// WebAssembly, JS and HTML until the first results. In the last load, every
// other query of the mix then runs one after another: time and bytes per
// query. Then the tab's memory: JS heap used after a GC (CDP
// Runtime.getHeapUsage), the WebAssembly memory (ours: its exported memory;
// Pagefind's instances are not reachable), and the renderer process's RSS.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "../tests/js/node_modules/playwright-core/index.mjs";
import { serve } from "../tests/js/fixtures/static-server.mjs";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const [outPath, queriesPath, ...engineArgs] = process.argv.slice(2);
if (!outPath || engineArgs.length === 0) {
  console.error("usage: node bench/scale-browser.mjs OUT.json QUERIES.json ours=SPLITDIR [pagefind=DIR]");
  process.exit(2);
}
const RUNS = Number(process.env.BENCH_SCALE_RUNS || 5);
const queries = JSON.parse(fs.readFileSync(queriesPath, "utf8")).queries.map((x) => x.q);
const engines = engineArgs.map((a) => {
  const [name, dir] = a.split("=");
  if (!["ours", "pagefind"].includes(name) || !dir) throw new Error(`bad engine ${a}`);
  return { name, dir: path.resolve(dir) };
});

// --- the site: symlinks to the index folders and pkg/, two tiny pages ------
const site = fs.mkdtempSync(path.join(path.dirname(path.resolve(outPath)), "site-"));
fs.symlinkSync(path.join(ROOT, "pkg"), path.join(site, "pkg"));
const MEASURE = `
performance.setResourceTimingBufferSize(1000000);
const CODE = /\\.(js|mjs|wasm|html|pagefind)$/;
window.__bytes = () => {
  let data = 0, code = 0, files = 0;
  for (const e of performance.getEntriesByType("resource")) {
    const p = new URL(e.name).pathname;
    if (CODE.test(p)) code += e.encodedBodySize;
    else { data += e.encodedBodySize; files++; }
  }
  return { data, code, files };
};
const first = new URLSearchParams(location.search).get("q");
`;
const pages = {
  ours: `import init from "./pkg/matter_search.js";
import { openCatalogue } from "./pkg/split.js";
${MEASURE}
let cat, wasm;
window.__first = (async () => {
  wasm = await init();
  cat = await openCatalogue(new URL("ours/entry.json", location.href));
  const res = await cat.search(first, { limit: 10 });
  return { t: performance.now(), hits: res.hits.length };
})();
window.__query = async (q) => {
  const a = performance.now();
  const res = await cat.search(q, { limit: 10 });
  return { ms: performance.now() - a, hits: res.hits.length };
};
window.__wasmMemory = () => wasm.memory.buffer.byteLength;
`,
  pagefind: (parts) => `${MEASURE}
let pf;
const show = async (q) => {
  const s = await pf.search(q);
  const data = await Promise.all(s.results.slice(0, 10).map((r) => r.data()));
  return data.length;
};
window.__first = (async () => {
  pf = await import("./pf/part-0/pagefind/pagefind.js");
  await pf.options({ noWorker: true });
  await pf.init();
  for (let k = 1; k < ${parts}; k++) await pf.mergeIndex("./pf/part-" + k + "/pagefind/", { noWorker: true });
  const hits = await show(first);
  return { t: performance.now(), hits };
})();
window.__query = async (q) => {
  const a = performance.now();
  const hits = await show(q);
  return { ms: performance.now() - a, hits };
};
window.__wasmMemory = () => null;
`,
};
for (const e of engines) {
  let src = pages[e.name];
  if (e.name === "ours") fs.symlinkSync(e.dir, path.join(site, "ours"));
  else {
    fs.symlinkSync(e.dir, path.join(site, "pf"));
    e.parts = fs.readdirSync(e.dir).filter((d) => /^part-\d+$/.test(d)).length;
    src = src(e.parts);
  }
  fs.writeFileSync(path.join(site, `${e.name}.js`), src);
  fs.writeFileSync(
    path.join(site, `${e.name}.html`),
    `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>${e.name}</title>` +
      `<script type="module" src="${e.name}.js"></script></head><body></body></html>\n`,
  );
}

// --- the renderer's RSS: Chromium processes under this Node process --------
function descendants(pid) {
  const kids = new Map();
  for (const d of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const s = fs.readFileSync(`/proc/${d}/stat`, "utf8");
      const ppid = Number(s.slice(s.lastIndexOf(")") + 2).split(" ")[1]);
      if (!kids.has(ppid)) kids.set(ppid, []);
      kids.get(ppid).push(Number(d));
    } catch {}
  }
  const out = [];
  const todo = [pid];
  while (todo.length) {
    const p = todo.pop();
    out.push(p);
    todo.push(...(kids.get(p) || []));
  }
  return out;
}
function rendererRssMax() {
  let max = 0;
  for (const p of descendants(process.pid)) {
    try {
      if (!fs.readFileSync(`/proc/${p}/cmdline`, "utf8").includes("--type=renderer")) continue;
      const kb = Number(fs.readFileSync(`/proc/${p}/status`, "utf8").match(/VmRSS:\s+(\d+)/)[1]);
      max = Math.max(max, kb * 1024);
    } catch {}
  }
  return max;
}

const pct = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
};
const median = (xs) => pct(xs, 50);

const server = await serve(site);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
const report = { chromium: browser.version(), runs: RUNS, queries: queries.length, engines: {} };
try {
  for (const e of engines) {
    const loads = [];
    let further = null;
    let memory = null;
    for (let run = -1; run < RUNS; run++) {
      const context = await browser.newContext();
      const page = await context.newPage();
      const errors = [];
      page.on("pageerror", (err) => errors.push(err.message));
      const qi = Math.max(0, run);
      await page.goto(`${server.url}/${e.name}.html?q=${encodeURIComponent(queries[qi])}`, { waitUntil: "load", timeout: 600_000 });
      const r = await page.evaluate(() => window.__first);
      const nav = await page.evaluate(() => performance.getEntriesByType("navigation")[0].loadEventStart);
      const bytes = await page.evaluate(() => window.__bytes());
      if (errors.length) throw new Error(`${e.name}: ${errors.join("; ")}`);
      if (run >= 0) {
        loads.push({ query: queries[qi], hits: r.hits, navToResultsMs: r.t, loadToResultsMs: r.t - nav, firstQueryBytes: bytes.data, firstQueryFiles: bytes.files, codeBytes: bytes.code });
      }
      if (run === RUNS - 1) {
        // Every other query of the mix, one after another, in the same tab.
        const per = [];
        for (let i = 0; i < queries.length; i++) {
          if (i === qi) continue;
          const before = await page.evaluate(() => window.__bytes());
          const x = await page.evaluate((q) => window.__query(q), queries[i]);
          const after = await page.evaluate(() => window.__bytes());
          per.push({ ms: x.ms, hits: x.hits, bytes: after.data - before.data, files: after.files - before.files });
        }
        const bs = per.map((p) => p.bytes);
        const ms = per.map((p) => p.ms);
        further = {
          queries: per.length,
          bytesMedian: median(bs),
          bytesP90: pct(bs, 90),
          bytesMax: Math.max(...bs),
          bytesTotal: bs.reduce((a, b) => a + b, 0),
          zeroByteQueries: bs.filter((b) => b === 0).length,
          msMedian: median(ms),
          msP90: pct(ms, 90),
          msP99: pct(ms, 99),
          withoutHits: per.filter((p) => p.hits === 0).length,
          dataBytesAfterAll: (await page.evaluate(() => window.__bytes())).data,
        };
        const cdp = await context.newCDPSession(page);
        await cdp.send("HeapProfiler.enable");
        await cdp.send("HeapProfiler.collectGarbage");
        const heap = await cdp.send("Runtime.getHeapUsage");
        memory = {
          jsHeapUsed: heap.usedSize,
          jsHeapTotal: heap.totalSize,
          wasmMemory: await page.evaluate(() => window.__wasmMemory()),
          rendererRss: rendererRssMax(),
        };
      }
      await context.close();
      process.stderr.write(`${e.name} load ${run}: ${r.hits} hits, ${(run >= 0 ? loads.at(-1).loadToResultsMs : 0).toFixed(0)} ms after load, ${bytes.data} bytes\n`);
    }
    report.engines[e.name] = {
      parts: e.parts ?? null,
      loads,
      loadToResultsMsMedian: median(loads.map((l) => l.loadToResultsMs)),
      navToResultsMsMedian: median(loads.map((l) => l.navToResultsMs)),
      firstQueryBytesMedian: median(loads.map((l) => l.firstQueryBytes)),
      firstQueryBytesMax: Math.max(...loads.map((l) => l.firstQueryBytes)),
      codeBytes: loads[0].codeBytes,
      further,
      memory,
    };
  }
} finally {
  await browser.close();
  await server.close();
  fs.rmSync(site, { recursive: true, force: true });
}
fs.writeFileSync(outPath, JSON.stringify(report, null, 1) + "\n");
for (const [name, r] of Object.entries(report.engines)) {
  console.log(
    `${name}: load → first results ${r.loadToResultsMsMedian.toFixed(0)} ms, first query ${r.firstQueryBytesMedian} B, ` +
      `further queries median ${r.further.bytesMedian} B p90 ${r.further.bytesP90} B, ${r.further.msMedian.toFixed(1)} ms; ` +
      `JS heap ${(r.memory.jsHeapUsed / 1e6).toFixed(1)} MB, WASM ${r.memory.wasmMemory == null ? "—" : (r.memory.wasmMemory / 1e6).toFixed(1) + " MB"}, renderer RSS ${(r.memory.rendererRss / 1e6).toFixed(0)} MB`,
  );
}
