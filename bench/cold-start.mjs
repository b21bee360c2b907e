// Cold start of the widget in headless Chromium on localhost (issue 13
// point 14): navigation start → the first results in the DOM for a query
// given in the URL (#q=…), with the page's preload hints and without them,
// for the one-file index of data/ and its split index, in one run (the
// variants take turns, so the machine's load weighs on each alike).
// Writes bench/out/cold-start.json and its section of BENCHMARKS.md
// (bench/report.mjs keeps that section when it rewrites the rest).
//
// Needs www/ built (scripts/demo.sh --build-only --split), /usr/bin/chromium
// and tests/js/node_modules. Run: node bench/cold-start.mjs
//
// Each load is a new page in a fresh browser context with the HTTP cache
// disabled (CDP Network.setCacheDisabled) and a server sending no-store:
// nothing comes from a cache, no V8 code cache, no compiled WASM. The clock
// is the widget's `matter-search:results` mark for the query (set right
// after its results are in the DOM), relative to navigation start.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "../tests/js/node_modules/playwright-core/index.mjs";
import { serve } from "../tests/js/fixtures/static-server.mjs";
import { writeSection } from "./section.mjs";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const WWW = path.join(ROOT, "www");
const OUT = path.join(ROOT, "bench/out");
const RUNS = Math.max(10, Number(process.env.BENCH_COLD_RUNS || 11));
const QUERY = "两用物项";
const GOAL_MS = 100;

for (const f of ["pkg/matter_search_bg.wasm", "catalogue.idx", "split/entry.json", "widget.js"]) {
  if (!fs.existsSync(path.join(WWW, f))) {
    console.error(`www/${f} is missing: run scripts/demo.sh --build-only --split first`);
    process.exit(1);
  }
}

/** The hints of docs/widget.md, for an index at `src`. */
const hints = (src) =>
  [
    '<link rel="modulepreload" href="/matter-search/widget.js">',
    '<link rel="modulepreload" href="/matter-search/pkg/index.js">',
    '<link rel="modulepreload" href="/matter-search/pkg/matter_search.js">',
    '<link rel="modulepreload" href="/matter-search/i18n.js">',
    '<link rel="preload" href="/matter-search/widget.css" as="style">',
    '<link rel="preload" href="/matter-search/pkg/matter_search_bg.wasm" as="fetch" type="application/wasm" crossorigin>',
    `<link rel="preload" href="${src}" as="fetch" crossorigin>`,
  ].join("");
const page = (src, head) =>
  `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>cold start</title>${head}` +
  `<link rel="icon" href="data:,"><script type="module" src="/matter-search/widget.js"></script></head><body><main><matter-search src="${src}" lang="zh-CN"></matter-search></main></body></html>`;

// The widget as main has it (before this branch's loadWasm), under /before/,
// for a figure before and after the change in the same run.
let before = null;
try {
  before = execFileSync("git", ["show", `${process.env.BENCH_BEFORE_REF || "main"}:www/widget.js`], { cwd: ROOT, encoding: "utf8" });
} catch {
  console.error("# no main branch to compare with: the before variant is left out");
}
const beforeRoutes = before
  ? {
      "/before/matter-search/widget.js": { body: before, type: "text/javascript; charset=utf-8" },
      "/before/matter-search/widget.css": { file: path.join(WWW, "widget.css") },
      "/before/matter-search/i18n.js": { file: path.join(WWW, "i18n.js") },
      "/before/matter-search/pkg/index.js": { file: path.join(WWW, "pkg/index.js") },
      "/before/matter-search/pkg/matter_search.js": { file: path.join(WWW, "pkg/matter_search.js") },
      "/before/matter-search/pkg/matter_search_bg.wasm": { file: path.join(WWW, "pkg/matter_search_bg.wasm") },
    }
  : {};

const ONE = "/matter-search/catalogue.idx";
const SPLIT = "/matter-search/split/entry.json";
const variants = [
  { key: "oneFileNoHints", label: "one file, no hints", url: "/cold/one-plain.html", body: page(ONE, "") },
  { key: "oneFileHints", label: "one file, preload hints", url: "/cold/one-hints.html", body: page(ONE, hints(ONE)) },
  ...(before
    ? [{ key: "oneFileNoHintsBefore", label: "one file, no hints, the widget of main (before)", url: "/cold/one-before.html", body: page(ONE, "").replace('src="/matter-search/widget.js"', 'src="/before/matter-search/widget.js"') }]
    : []),
  { key: "splitNoHints", label: "split, no hints", url: "/cold/split-plain.html", body: page(SPLIT, "") },
  { key: "splitHints", label: "split, preload hints", url: "/cold/split-hints.html", body: page(SPLIT, hints(SPLIT)) },
];

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const round = (x) => Math.round(x * 10) / 10;
const summary = (xs) => ({ median: round(median(xs)), min: round(Math.min(...xs)), max: round(Math.max(...xs)), runs: xs.map(round) });

const loadBefore = os.loadavg().map(round);
const routes = { ...beforeRoutes, ...Object.fromEntries(variants.map((v) => [v.url, { body: v.body }])) };
const server = await serve(WWW, { routes });
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
const times = Object.fromEntries(variants.map((v) => [v.key, []]));
try {
  for (let i = 0; i < RUNS + 1; i++) {
    for (const v of variants) {
      const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
      const p = await context.newPage();
      const cdp = await context.newCDPSession(p);
      await cdp.send("Network.enable");
      await cdp.send("Network.setCacheDisabled", { cacheDisabled: true });
      const errors = [];
      p.on("pageerror", (e) => errors.push(e.message));
      await p.goto(`${server.url}${v.url}#q=${encodeURIComponent(QUERY)}`, { waitUntil: "commit" });
      const t = await p.evaluate(
        (q) =>
          new Promise((resolve) => {
            const look = () => {
              const m = performance.getEntriesByName("matter-search:results").find((e) => e.detail?.query === q && e.detail.total > 0);
              if (m) resolve(m.startTime);
              else setTimeout(look, 1);
            };
            look();
          }),
        QUERY,
      );
      await context.close();
      if (errors.length) throw new Error(`${v.label}, run ${i}: ${errors.join("; ")}`);
      if (i > 0) times[v.key].push(t); // the first round warms the OS file cache and the browser
    }
  }
} finally {
  await browser.close();
  await server.close();
}

const report = {
  what: "navigation start → first results in the DOM for #q=" + QUERY + ", headless Chromium on 127.0.0.1, fresh context per load, HTTP cache disabled, no-store",
  chromium: browser.version?.() ?? null,
  runs: RUNS,
  loadAverage: { before: loadBefore, after: os.loadavg().map(round) },
  cpus: os.cpus().length,
  goalMs: GOAL_MS,
  bytes: {
    wasm: fs.statSync(path.join(WWW, "pkg/matter_search_bg.wasm")).size,
    index: fs.statSync(path.join(WWW, "catalogue.idx")).size,
  },
  results: Object.fromEntries(variants.map((v) => [v.key, { label: v.label, ...summary(times[v.key]) }])),
};
fs.mkdirSync(OUT, { recursive: true });
fs.writeFileSync(path.join(OUT, "cold-start.json"), JSON.stringify(report, null, 2) + "\n");

const ms = (x) => `${x.toFixed(0)} ms`;
const rows = variants.map((v) => {
  const r = report.results[v.key];
  return `| ${r.label} | ${ms(r.median)} | ${ms(r.min)} | ${ms(r.max)} |`;
});
const section = `
## 6. Cold start (\`bench/cold-start.mjs\`)

Headless Chromium ${report.chromium}, pages served from 127.0.0.1 under the strict CSP, a fresh browser context per load with the HTTP cache disabled and \`no-store\` from the server, ${RUNS} loads per variant after one discarded round, the variants taking turns. Navigation start → the widget's results for \`#q=${QUERY}\` in the DOM (its \`matter-search:results\` mark). The page is the widget alone (no demo script), with or without the preload hints of docs/widget.md ("the widget of main": www/widget.js as on the main branch, before its module was compiled as it streams in, on the same package and index); wasm ${report.bytes.wasm.toLocaleString("en-US")} bytes, one-file index ${report.bytes.index.toLocaleString("en-US")} bytes, the split index of the same catalogue (data/mofcom.json). Load average ${report.loadAverage.before.join(" ")} before and ${report.loadAverage.after.join(" ")} after, on ${report.cpus} CPUs. Goal: ≤ ${GOAL_MS} ms.

| page | median | fastest | slowest |
| --- | ---: | ---: | ---: |
${rows.join("\n")}
`;
writeSection(path.join(ROOT, "BENCHMARKS.md"), "\n## 6. Cold start", section);
console.log(section);
