// Writes the section "Scale: 10k and 100k" of BENCHMARKS.md (replacing it,
// or appending it) and docs/scale-bench.svg from the figures
// scripts/bench-scale.sh left in target/bench-scale/. Do not edit the output.
//
//   node bench/scale-report.mjs 10000,100000
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { spawnSync } from "node:child_process";
import { ROOT, FLEX_OPTIONS_TEXT } from "./common.mjs";

const DIR = path.join(ROOT, "target", "bench-scale");
const sizes = (process.argv[2] || "10000,100000").split(",").map(Number);
const command = process.env.BENCH_SCALE_COMMAND || `scripts/bench-scale.sh --sizes ${sizes.join(",")}`;
const read = (f) => (fs.existsSync(path.join(DIR, f)) ? JSON.parse(fs.readFileSync(path.join(DIR, f), "utf8")) : null);
const text = (f) => (fs.existsSync(path.join(DIR, f)) ? fs.readFileSync(path.join(DIR, f), "utf8").trim() : "");
const sh = (cmd, args) => {
  const r = spawnSync(cmd, args, { cwd: ROOT, encoding: "utf8" });
  return r.status === 0 ? r.stdout.trim() : "unknown";
};
/** GNU time -v output → { wallS, peakRssBytes }. */
function timeFile(name) {
  const t = text(`${name}.time`);
  if (!t) return null;
  const w = t.match(/Elapsed \(wall clock\) time.*: (?:(\d+):)?(\d+):([\d.]+)/);
  const rss = t.match(/Maximum resident set size \(kbytes\): (\d+)/);
  const wallS = (w[1] ? Number(w[1]) * 3600 : 0) + Number(w[2]) * 60 + Number(w[3]);
  return { wallS, peakRssBytes: Number(rss[1]) * 1024 };
}

const data = {};
for (const N of sizes) {
  const parts = [];
  for (let p = 0; ; p++) {
    const t = timeFile(`pagefind-${N}-part-${p}`);
    if (!t) break;
    parts.push(t);
  }
  data[N] = {
    sizes: read(`sizes-${N}.json`),
    buildOne: timeFile(`build-${N}-one`),
    buildSplit: timeFile(`build-${N}-split`),
    nativeOne: read(`native-${N}-one.json`),
    nativeSplit: read(`native-${N}-split.json`),
    wasm: read(`wasm-${N}.json`),
    wasmRss: read(`wasm-${N}.rss.json`),
    browser: read(`browser-${N}.json`),
    pagefindSize: read(`pagefind-${N}-size.json`),
    pagefindBuild: parts.length
      ? {
          parts: parts.length,
          wallS: parts.reduce((a, p) => a + p.wallS, 0),
          peakRssBytes: Math.max(...parts.map((p) => p.peakRssBytes)),
          // The bundles are cached across runs (they depend on the catalogue
          // and Pagefind only): when they were built, and so under which load.
          builtAt: fs.statSync(path.join(DIR, `pagefind-${N}-part-0.time`)).mtime.toISOString().replace(/\.\d+Z$/, "Z"),
        }
      : null,
  };
}

// --- formatting ---------------------------------------------------------------
const n = (x) => Math.round(x).toLocaleString("en-US");
const dash = "—";
const f1 = (x) => (x == null ? dash : x.toFixed(1));
const f2 = (x) => (x == null ? dash : x.toFixed(2));
const mb = (b) => (b == null ? dash : (b / 1e6).toFixed(b < 1e7 ? 2 : 1) + " MB");
const kb = (b) => (b == null ? dash : b < 1e6 ? (b / 1e3).toFixed(1) + " KB" : (b / 1e6).toFixed(2) + " MB");
const gib = (b) => (b == null ? dash : b >= 2 ** 30 ? (b / 2 ** 30).toFixed(2) + " GiB" : (b / 2 ** 20).toFixed(0) + " MiB");
const ms = (us) => (us == null ? dash : us < 1000 ? (us / 1000).toFixed(3) + " ms" : (us / 1000).toFixed(us < 1e5 ? 1 : 0) + " ms");
const msv = (x) => (x == null ? dash : x.toFixed(x < 10 ? 1 : 0) + " ms");
const s1 = (x) => (x == null ? dash : x.toFixed(1) + " s");
const ratio = (x) => (x == null ? dash : x.toFixed(2) + "×");
const row = (cells) => `| ${cells.join(" | ")} |`;
const label = (N) => (N >= 1e6 && N % 1e6 === 0 ? `${N / 1e6}M` : N >= 1000 && N % 1000 === 0 ? `${N / 1000}k` : String(N));
const get = (f) => sizes.map((N) => { try { return f(data[N]); } catch { return dash; } });

// --- the figures table --------------------------------------------------------
const lines = [];
const add = (name, f) => lines.push(row([name, ...get(f)]));
const B = (d) => d.browser?.engines?.ours;
const P = (d) => d.browser?.engines?.pagefind;
add("catalogue JSON, raw / gzip -9", (d) => `${mb(d.sizes.catalogue.raw)} / ${mb(d.sizes.catalogue.gzip)}`);
add("`build` one file: wall / peak RSS", (d) => `${s1(d.buildOne.wallS)} / ${gib(d.buildOne.peakRssBytes)}`);
add("`build --split`: wall / peak RSS", (d) => `${s1(d.buildSplit.wallS)} / ${gib(d.buildSplit.peakRssBytes)}`);
add("one-file index, gzip -9 (× catalogue gzip)", (d) => `${mb(d.sizes.oneFile.gzip)} (${ratio(d.sizes.ratios.oneFileGzip)})`);
add("split folder: files; total as stored (× catalogue gzip)", (d) => `${n(d.sizes.split.files)}; ${mb(d.sizes.split.bytes)} (${ratio(d.sizes.ratios.split)})`);
add("split folder: root file as stored (× catalogue gzip); largest file", (d) => `${kb(d.sizes.split.rootBytes)} (${ratio(d.sizes.ratios.root)}); ${kb(d.sizes.split.largestFile)}`);
add("native in-process, one file: p50 / p90 / p99", (d) => [d.nativeOne.warm_us.p50, d.nativeOne.warm_us.p90, d.nativeOne.warm_us.p99].map(ms).join(" / "));
add("native in-process, split (files read once, then warm): p50 / p90 / p99", (d) => [d.nativeSplit.warm_us.p50, d.nativeSplit.warm_us.p90, d.nativeSplit.warm_us.p99].map(ms).join(" / "));
add("WASM in Node, one file loaded whole: p50 / p99", (d) => `${ms(d.wasm.warmUs.ours.p50)} / ${ms(d.wasm.warmUs.ours.p99)}`);
add("FlexSearch 0.8, same queries, same run: p50 / p99", (d) => `${ms(d.wasm.warmUs.flexsearch.p50)} / ${ms(d.wasm.warmUs.flexsearch.p99)}`);
add("ratio WASM / FlexSearch: p50; p99", (d) => `**${f2(d.wasm.p50Ratio)}**; ${f2(d.wasm.p99Ratio)}`);
add("WASM: open the one-file index (bytes in memory) / first query; WASM memory", (d) => `${msv(d.wasm.start.openMs)} / ${msv(d.wasm.start.firstQueryMs)}; ${mb(d.wasm.wasmMemoryBytes)}`);
add("FlexSearch: indexing in Node; Node RSS after (whole process)", (d) => `${s1(d.wasm.flexBuildMs / 1000)}; ${gib(d.wasm.nodeMemoryAfterFlex.rss)}`);
add("Chromium, ours (split): load event → first results (median)", (d) => `**${msv(B(d).loadToResultsMsMedian)}** (navigation start → results ${msv(B(d).navToResultsMsMedian)})`);
add("Chromium, ours: bytes for the first query, beyond WASM and JS (median; max)", (d) => `**${kb(B(d).firstQueryBytesMedian)}**; ${kb(B(d).firstQueryBytesMax)}`);
add("Chromium, ours: bytes per further query, median / p90 / max", (d) => `**${kb(B(d).further.bytesMedian)}** / ${kb(B(d).further.bytesP90)} / ${kb(B(d).further.bytesMax)}`);
add("Chromium, ours: time per further query, median / p90", (d) => `${msv(B(d).further.msMedian)} / ${msv(B(d).further.msP90)}`);
add("Chromium, ours: JS heap + WASM memory after the mix (renderer RSS)", (d) => `**${mb(B(d).memory.jsHeapUsed + B(d).memory.wasmMemory)}** (${mb(B(d).memory.jsHeapUsed)} + ${mb(B(d).memory.wasmMemory)}; ${mb(B(d).memory.rendererRss)})`);
add("Chromium, ours: bytes fetched over the whole mix, beyond WASM and JS", (d) => kb(B(d).further.dataBytesAfterAll));
add("Pagefind: build, bundles × mean wall = total / peak RSS (largest); bundles are cached between runs", (d) => (d.pagefindBuild ? `${d.pagefindBuild.parts} × ${s1(d.pagefindBuild.wallS / d.pagefindBuild.parts)}${d.pagefindBuild.parts > 1 ? ` = ${s1(d.pagefindBuild.wallS)}` : ""} / ${gib(d.pagefindBuild.peakRssBytes)} (built ${d.pagefindBuild.builtAt})` : "not run"));
add("Pagefind: bundle as stored (× catalogue gzip)", (d) => (d.pagefindSize ? `${mb(d.pagefindSize.bytes)} (${ratio(d.pagefindSize.bytes / d.sizes.catalogue.gzip)})` : dash));
add("Chromium, Pagefind: load event → first results (median)", (d) => `${msv(P(d).loadToResultsMsMedian)} (navigation start → results ${msv(P(d).navToResultsMsMedian)})`);
add("Chromium, Pagefind: bytes for the first query, beyond WASM and JS (median)", (d) => kb(P(d).firstQueryBytesMedian));
add("Chromium, Pagefind: bytes per further query, median / p90 / max", (d) => `${kb(P(d).further.bytesMedian)} / ${kb(P(d).further.bytesP90)} / ${kb(P(d).further.bytesMax)}`);
add("Chromium, Pagefind: time per further query, median / p90", (d) => `${msv(P(d).further.msMedian)} / ${msv(P(d).further.msP90)}`);
add("Chromium, Pagefind: JS heap after the mix (renderer RSS)", (d) => `${mb(P(d).memory.jsHeapUsed)} (${mb(P(d).memory.rendererRss)})`);
add("ratio ours / Pagefind: bytes per further query (median); time per further query (median)", (d) => `${f2(B(d).further.bytesMedian / P(d).further.bytesMedian)}; ${f2(B(d).further.msMedian / P(d).further.msMedian)}`);
add("ratio ours / Pagefind: first-query bytes; load → first results", (d) => `${f2(B(d).firstQueryBytesMedian / P(d).firstQueryBytesMedian)}; ${f2(B(d).loadToResultsMsMedian / P(d).loadToResultsMsMedian)}`);

// --- per query type -----------------------------------------------------------
const TYPES = ["exact", "words", "name", "text"];
const typeLines = [];
for (const N of sizes) {
  const d = data[N];
  for (const t of TYPES) {
    const c = [
      label(N), t,
      ms(d.nativeOne?.warm_us_by_type?.[t]?.p50), ms(d.nativeOne?.warm_us_by_type?.[t]?.p99),
      ms(d.wasm?.warmUsByType?.ours?.[t]?.p50), ms(d.wasm?.warmUsByType?.ours?.[t]?.p99),
      ms(d.wasm?.warmUsByType?.flexsearch?.[t]?.p50), ms(d.wasm?.warmUsByType?.flexsearch?.[t]?.p99),
    ];
    typeLines.push(row(c));
  }
}

// --- targets of issue 11 ------------------------------------------------------
const big = sizes.includes(100000) ? 100000 : Math.max(...sizes);
const D = data[big];
const targets = [];
const verdict = (ok) => (ok == null ? "not measured" : ok ? "**met**" : "**missed**");
const T = (what, measured, ok) => targets.push(row([what, measured, verdict(ok)]));
const tryv = (f) => { try { return f(); } catch { return null; } };
const GiB2 = 2 * 2 ** 30;
{
  const w1 = tryv(() => D.buildOne.wallS), w2 = tryv(() => D.buildSplit.wallS);
  const r1 = tryv(() => D.buildOne.peakRssBytes), r2 = tryv(() => D.buildSplit.peakRssBytes);
  T("Build ≤ 30 s wall", `one file ${s1(w1)}, split ${s1(w2)}`, w1 == null ? null : Math.max(w1, w2) <= 30);
  T("Build ≤ 2 GiB peak RSS", `one file ${gib(r1)}, split ${gib(r2)}`, r1 == null ? null : Math.max(r1, r2) <= GiB2);
  const sr = tryv(() => D.sizes.ratios.split), or = tryv(() => D.sizes.ratios.oneFileGzip);
  T("All files together ≤ 2.0× the catalogue's gzip", `split folder as stored ${ratio(sr)}; one file gzip ${ratio(or)}`, sr == null ? null : sr <= 2.0);
  const np50 = tryv(() => D.nativeOne.warm_us.p50), np99 = tryv(() => D.nativeOne.warm_us.p99);
  const sp50 = tryv(() => D.nativeSplit.warm_us.p50), sp99 = tryv(() => D.nativeSplit.warm_us.p99);
  T("Native in-process p50 ≤ 1 ms", `one file ${ms(np50)}, split ${ms(sp50)}`, np50 == null ? null : Math.max(np50, sp50) <= 1000);
  T("Native in-process p99 ≤ 10 ms", `one file ${ms(np99)}, split ${ms(sp99)}`, np99 == null ? null : Math.max(np99, sp99) <= 10000);
  const wr = tryv(() => D.wasm.p50Ratio);
  T("WASM warm p50 ≤ 0.5× FlexSearch's p50, same queries, same run", `${ms(tryv(() => D.wasm.warmUs.ours.p50))} vs ${ms(tryv(() => D.wasm.warmUs.flexsearch.p50))}: ${ratio(wr)}`, wr == null ? null : wr <= 0.5);
  const lt = tryv(() => B(D).loadToResultsMsMedian);
  T("Chromium: first results ≤ 300 ms after the load event", `${msv(lt)} (a tiny page, not the widget)`, lt == null ? null : lt <= 300);
  const fb = tryv(() => B(D).firstQueryBytesMedian);
  T("Chromium: first query ≤ 150 KB beyond WASM and JS", `${kb(fb)} (median of the cold loads; max ${kb(tryv(() => B(D).firstQueryBytesMax))})`, fb == null ? null : fb <= 150000);
  const qb = tryv(() => B(D).further.bytesMedian);
  T("Chromium: each further query ≤ 50 KB median", `${kb(qb)} (p90 ${kb(tryv(() => B(D).further.bytesP90))})`, qb == null ? null : qb <= 50000);
  const mem = tryv(() => B(D).memory.jsHeapUsed + B(D).memory.wasmMemory);
  T("Chromium: the tab's JS + WASM memory ≤ 150 MB", `${mb(mem)} after the whole mix`, mem == null ? null : mem <= 150e6);
  const pf = sizes.map((N) => (data[N].browser?.engines?.pagefind ? label(N) : null)).filter(Boolean);
  targets.push(row(["Pagefind 1.x beside it at 10k and 100k, same queries, same run", pf.length ? `measured at ${pf.join(" and ")}` : "not run", pf.length === sizes.length ? "**done**" : pf.length ? "**partly**" : "not measured"]));
  targets.push(row(["Nothing lost at district size (exact name, MRR, substring recall, query understanding, data/ index and WASM size)", "not this command: `scripts/bench.sh` (§1–§5 above) and `cargo test --release --all-features --test district --test query_understanding`", "not measured here"]));
  targets.push(row(["A national catalogue on paper (`docs/scale.md`)", "[docs/scale.md](docs/scale.md), extrapolated from the figures here", "**done**"]));
}

// --- extrapolation to a national catalogue (docs/scale.md) ---------------------
// Each figure measured at the two largest sizes, fitted by y = a·N^k through
// both points (k = log(y2/y1) / log(N2/N1)), evaluated at 1,000,000. File
// counts of record and column chunks follow from the format (16 and 2,048
// matters per chunk).
let extrapolation = "";
{
  const [N1, N2] = [...sizes].sort((a, b) => a - b).slice(-2);
  const NX = 1_000_000;
  if (N1 && N2 && N1 !== N2 && data[N1].sizes && data[N2].sizes) {
    const fit = (y1, y2) => {
      const k = Math.log(y2 / y1) / Math.log(N2 / N1);
      return { k, y: y2 * (NX / N2) ** k };
    };
    const rowsX = [];
    const X = (name, y1, y2, fmt) => {
      if (y1 == null || y2 == null || !(y1 > 0) || !(y2 > 0)) return;
      const f = fit(y1, y2);
      rowsX.push(row([name, fmt(y1), fmt(y2), f.k.toFixed(2), `**${fmt(f.y)}**`]));
    };
    const d1 = data[N1], d2 = data[N2];
    X("`build --split` wall", d1.buildSplit?.wallS, d2.buildSplit?.wallS, s1);
    X("`build --split` peak RSS", d1.buildSplit?.peakRssBytes, d2.buildSplit?.peakRssBytes, gib);
    X("`build` one file wall", d1.buildOne?.wallS, d2.buildOne?.wallS, s1);
    X("`build` one file peak RSS", d1.buildOne?.peakRssBytes, d2.buildOne?.peakRssBytes, gib);
    X("split folder, all files as stored", d1.sizes.split.bytes, d2.sizes.split.bytes, mb);
    X("split folder, files", d1.sizes.split.files, d2.sizes.split.files, n);
    X("root file as stored", d1.sizes.split.rootBytes, d2.sizes.split.rootBytes, kb);
    X("root file raw (inflated in the browser)", d1.sizes.split.rootRawBytes, d2.sizes.split.rootRawBytes, kb);
    const kinds = [...new Set([...Object.keys(d1.sizes.split.kinds), ...Object.keys(d2.sizes.split.kinds)])].filter((k) => k !== "entry" && k !== "root").sort();
    for (const k of kinds) {
      X(`\`${k}\` files: bytes`, d1.sizes.split.kinds[k]?.bytes, d2.sizes.split.kinds[k]?.bytes, kb);
      X(`\`${k}\` files: count`, d1.sizes.split.kinds[k]?.files, d2.sizes.split.kinds[k]?.files, n);
    }
    X("catalogue gzip", d1.sizes.catalogue.gzip, d2.sizes.catalogue.gzip, mb);
    X("native p50, one file", d1.nativeOne?.warm_us?.p50, d2.nativeOne?.warm_us?.p50, ms);
    X("Chromium, ours: first-query bytes", B(d1)?.firstQueryBytesMedian, B(d2)?.firstQueryBytesMedian, kb);
    X("Chromium, ours: bytes per further query (median)", B(d1)?.further?.bytesMedian, B(d2)?.further?.bytesMedian, kb);
    extrapolation = `### Extrapolated to ${n(NX)} matters (for docs/scale.md)

Each figure measured at ${label(N1)} and ${label(N2)}, fitted by y = a·N^k through both points, evaluated at ${n(NX)}; k = 1 is linear. A two-point fit on a loaded machine: an order of magnitude, not a promise.

${row(["figure", label(N1), label(N2), "k", label(NX)])}
${row(["---", "---:", "---:", "---:", "---:"])}
${rowsX.join("\n")}
`;
  }
}

// --- machine --------------------------------------------------------------
const cpuModel = (() => {
  try {
    return fs.readFileSync("/proc/cpuinfo", "utf8").match(/^model name\s*:\s*(.+)$/m)[1].trim();
  } catch {
    return "unknown";
  }
})();
const ver = (p) => { try { return JSON.parse(fs.readFileSync(path.join(ROOT, p), "utf8")).version; } catch { return "unknown"; } };
const loadavg = (s) => (s.match(/load average: (.*)$/) || [, "unknown"])[1];
const dateRun = text("date.txt") || new Date().toISOString();
const anyB = sizes.map((N) => data[N].browser).find(Boolean);
const nat = data[sizes[0]].nativeOne;
const wasm0 = data[sizes[0]].wasm;

const chartRel = "docs/scale-bench.svg";
const md = `
## Scale: 10k and 100k

_Generated by \`${command}\` on ${dateRun}; regenerated on every run, do not edit by hand._

- Machine: nproc ${os.cpus().length}, ${cpuModel}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB RAM shared with other work, Linux ${os.release()}; load average (1/5/15 min) ${loadavg(text("load-before.txt"))} before and ${loadavg(text("load-after.txt"))} after (every timing moves with it)
- matter-search commit ${text("commit.txt") || sh("git", ["rev-parse", "--short", "HEAD"])} (HEAD when the run started)${sh("git", ["status", "--porcelain", "--", "src", "Cargo.toml", "Cargo.lock"]) ? " (with uncommitted changes under src/)" : ""}, ${sh("rustc", ["--version"])}, release profile; WASM from \`scripts/build-wasm.sh\`
- FlexSearch ${ver("bench/node_modules/flexsearch/package.json")} (options \`${FLEX_OPTIONS_TEXT}\`, one document per matter: name and every text field, \`bench/common.mjs\` matterText; numeric ids) and Pagefind ${ver("bench/node_modules/pagefind/package.json")} (its npm package's \`pagefind_extended\`), both pinned in bench/package.json; Node ${wasm0?.node ?? process.version}; headless Chromium ${anyB?.chromium ?? "unknown"} (/usr/bin/chromium)
- Data: \`python3 ../shared/tools/synth-catalogue.py N OUT.json 1\` (N = ${sizes.map(n).join(", ")}); ~670 Han characters per record
- Queries (\`bench/scale-queries.mjs\`, seed 1, per catalogue): ${nat?.queries ?? 300} = 75 exact names, 75 two words of a name (first 2 + last 2 characters, space-joined), 75 name substrings of 3–6 Han characters, 75 text substrings of 2–4 Han characters from conditions, materials, procedure and basis; top 10 everywhere
- Native: \`examples/scale_latency.rs\` (one warm-up pass, then ${nat?.passes ?? 5} passes, \`Instant\` around \`Index::search\`). WASM vs FlexSearch: \`bench/scale-wasm.mjs\` in one Node process, ${wasm0?.passes ?? 5} passes after a warm-up, engines alternating by pass, \`search(q, {limit: 10})\` converted to JS objects vs FlexSearch \`search(q, 10)\` ids. Build: \`/usr/bin/time -v\` under \`prlimit --as\`.
- Browser: \`bench/scale-browser.mjs\`: tests/js/fixtures/static-server.mjs on 127.0.0.1 (files as stored, no on-the-fly compression, \`no-store\`, the widget's CSP), a fresh browser context per load (cold cache), ${anyB?.runs ?? 5} loads per engine after one discarded warm-up load, load i typing query i of the mix as the page's module runs; then in the last load the other ${anyB ? anyB.queries - 1 : 299} queries one after another. Ours: a tiny page importing \`pkg/matter_search.js\` and \`pkg/split.js\` (\`openCatalogue(entry.json)\`, \`search(q, {limit: 10})\`). Pagefind: one HTML page per matter with the same text, \`<html lang="zh-CN">\`, bundles of 10,000 pages (at 100k ten, merged in the page with \`mergeIndex\`: one index over 100k pages needs more than 22 GB); a query is \`search(q)\` and the top 10 results' \`data()\` (titles and excerpts, which our hits carry), in the page's thread (\`noWorker: true\`, so that its fetches and heap are the page's and counted as ours are). Bytes: \`encodedBodySize\` of the page's Resource Timing entries, WASM, JS and HTML excluded (Pagefind's \`.pagefind\` file is its WASM). Memory: JS heap used after a GC (CDP \`Runtime.getHeapUsage\`) plus our module's WebAssembly memory; renderer process RSS for context.

![Bytes per query and p50 latency by catalogue size](${chartRel})

${row(["", ...sizes.map(label)])}
${row(["---", ...sizes.map(() => "---:")])}
${lines.join("\n")}

Queries without hits (of ${nat?.queries ?? 300}): ${sizes.map((N) => `${label(N)} native ${data[N].nativeOne?.queries_without_hits ?? dash}, WASM ${data[N].wasm?.queriesWithoutHits?.ours ?? dash}, FlexSearch ${data[N].wasm?.queriesWithoutHits?.flexsearch ?? dash}, Pagefind in the browser ${data[N].browser?.engines?.pagefind?.further?.withoutHits ?? dash} of the further queries`).join("; ")}.

Split folder by kind of file (bytes as stored, files):

${row(["kind", ...sizes.map(label)])}
${row(["---", ...sizes.map(() => "---:")])}
${[...new Set(sizes.flatMap((N) => Object.keys(data[N].sizes?.split?.kinds ?? {})))].sort().map((k) => row([`\`${k}\``, ...get((d) => `${kb(d.sizes.split.kinds[k].bytes)} (${n(d.sizes.split.kinds[k].files)})`)])).join("\n")}

Warm latency by query type (p50 / p99 of each type's samples):

${row(["size", "type", "native p50", "native p99", "WASM p50", "WASM p99", "FlexSearch p50", "FlexSearch p99"])}
${row(["---", "---", "---:", "---:", "---:", "---:", "---:", "---:"])}
${typeLines.join("\n")}

${extrapolation}

### Targets of issue 11 (at ${label(big)})

${row(["target", "measured", ""])}
${row(["---", "---", "---"])}
${targets.join("\n")}
`;

const benchPath = path.join(ROOT, "BENCHMARKS.md");
const prev = fs.existsSync(benchPath) ? fs.readFileSync(benchPath, "utf8") : "";
const HEAD = "\n## Scale: 10k and 100k";
const base = prev.includes(HEAD) ? prev.slice(0, prev.indexOf(HEAD)) : prev.replace(/\n*$/, "\n");
fs.writeFileSync(benchPath, base + md);
console.log(`wrote ${benchPath}`);

// --- the chart ------------------------------------------------------------------
// Two panels of grouped bars on log scales: bytes per further query (median)
// and p50 latency, by catalogue size. Plain SVG, no dependencies.
function panel(x0, y0, w, h, title, unit, groups, series, fmt) {
  const vals = groups.flatMap((g) => series.map((s) => s.value(g))).filter((v) => v != null && v > 0);
  if (vals.length === 0) return "";
  const lo = Math.floor(Math.log10(Math.min(...vals)) - 0.3), hi = Math.ceil(Math.log10(Math.max(...vals)));
  const top = hi === lo ? hi + 1 : hi;
  const yOf = (v) => y0 + h - ((Math.log10(v) - lo) / (top - lo)) * h;
  let s = `<text x="${x0}" y="${y0 - 14}" font-size="14" font-weight="bold">${title}</text>\n`;
  for (let e = lo; e <= top; e++) {
    const y = yOf(10 ** e);
    s += `<line x1="${x0}" x2="${x0 + w}" y1="${y}" y2="${y}" stroke="#ddd"/>`;
    s += `<text x="${x0 - 6}" y="${y + 4}" font-size="11" text-anchor="end">${fmt(10 ** e)}</text>\n`;
  }
  s += `<text x="${x0 - 48}" y="${y0 + h / 2}" font-size="11" transform="rotate(-90 ${x0 - 48} ${y0 + h / 2})" text-anchor="middle">${unit} (log scale)</text>\n`;
  const gw = w / groups.length, bw = Math.min(38, (gw * 0.8) / series.length);
  groups.forEach((g, gi) => {
    const gx = x0 + gi * gw + (gw - bw * series.length) / 2;
    series.forEach((se, si) => {
      const v = se.value(g);
      const x = gx + si * bw;
      if (v == null || !(v > 0)) {
        s += `<text x="${x + bw / 2}" y="${y0 + h - 4}" font-size="9" text-anchor="middle" fill="#888">n/a</text>`;
        return;
      }
      const y = yOf(v);
      s += `<rect x="${x + 1}" y="${y}" width="${bw - 2}" height="${y0 + h - y}" fill="${se.color}"><title>${se.name} ${label(g)}: ${fmt(v)}</title></rect>`;
      s += `<text x="${x + bw / 2}" y="${y - 3}" font-size="9" text-anchor="middle">${fmt(v)}</text>\n`;
    });
    s += `<text x="${x0 + gi * gw + gw / 2}" y="${y0 + h + 16}" font-size="12" text-anchor="middle">${label(g)} matters</text>\n`;
  });
  s += `<line x1="${x0}" x2="${x0 + w}" y1="${y0 + h}" y2="${y0 + h}" stroke="#333"/>\n`;
  let lx = x0, ly = y0 + h + 28;
  series.forEach((se) => {
    const wd = 14 + [...se.name].length * 6.2 + 14;
    if (lx + wd > x0 + w + 20) { lx = x0; ly += 16; }
    s += `<rect x="${lx}" y="${ly}" width="10" height="10" fill="${se.color}"/><text x="${lx + 14}" y="${ly + 9}" font-size="11">${se.name}</text>`;
    lx += wd;
  });
  return s + "\n";
}
const fmtBytes = (b) => (b >= 1e6 ? (b / 1e6).toFixed(b >= 1e7 ? 0 : 1) + " MB" : b >= 1e3 ? (b / 1e3).toFixed(b >= 1e4 ? 0 : 1) + " KB" : b.toFixed(0) + " B");
const fmtMs = (x) => (x >= 100 ? x.toFixed(0) : x >= 1 ? x.toFixed(1) : x >= 0.01 ? x.toFixed(2) : x.toFixed(3)) + " ms";
const nz = (v) => (v == null || Number.isNaN(v) ? null : v);
const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="980" height="420" viewBox="0 0 980 420" font-family="sans-serif">
<rect width="980" height="420" fill="#fff"/>
${panel(80, 50, 360, 270, "Bytes per query in Chromium (median), as stored", "bytes", sizes, [
  { name: "further, ours (split)", color: "#1f77b4", value: (N) => nz(data[N].browser?.engines?.ours?.further?.bytesMedian) },
  { name: "further, Pagefind", color: "#ff7f0e", value: (N) => nz(data[N].browser?.engines?.pagefind?.further?.bytesMedian) },
  { name: "first, ours", color: "#aec7e8", value: (N) => nz(data[N].browser?.engines?.ours?.firstQueryBytesMedian) },
  { name: "first, Pagefind", color: "#ffbb78", value: (N) => nz(data[N].browser?.engines?.pagefind?.firstQueryBytesMedian) },
], fmtBytes)}
${panel(570, 50, 380, 270, "Latency per query, median (Chromium: fetches included)", "milliseconds", sizes, [
  { name: "native", color: "#2ca02c", value: (N) => nz(data[N].nativeOne?.warm_us?.p50 / 1000) },
  { name: "WASM (Node)", color: "#1f77b4", value: (N) => nz(data[N].wasm?.warmUs?.ours?.p50 / 1000) },
  { name: "FlexSearch", color: "#9467bd", value: (N) => nz(data[N].wasm?.warmUs?.flexsearch?.p50 / 1000) },
  { name: "ours in Chromium", color: "#17becf", value: (N) => nz(data[N].browser?.engines?.ours?.further?.msMedian) },
  { name: "Pagefind in Chromium", color: "#ff7f0e", value: (N) => nz(data[N].browser?.engines?.pagefind?.further?.msMedian) },
], fmtMs)}
<text x="490" y="412" font-size="10" text-anchor="middle" fill="#555">${command} · ${dateRun} · BENCHMARKS.md "Scale: 10k and 100k"</text>
</svg>
`;
fs.mkdirSync(path.join(ROOT, "docs"), { recursive: true });
fs.writeFileSync(path.join(ROOT, chartRel), svg);
console.log(`wrote ${path.join(ROOT, chartRel)}`);
