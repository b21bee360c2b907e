// The search widget (www/) in headless Chromium on localhost: how long from
// opening the page until a citizen sees results for what they typed.
// Writes bench/out/widget.json and prints the figures.
//
// Needs www/ built (scripts/demo.sh --build-only), /usr/bin/chromium and
// tests/js/node_modules (playwright-core). Run: node bench/widget.mjs
//
// Each run loads afresh (the server sends no-store: nothing cached) the demo page www/index.html, served from 127.0.0.1 with the
// strict CSP. Times are taken in the page with performance.now() and the
// widget's own marks, relative to navigation start (performance.timeOrigin):
//
// - load → first results: the query is typed (an input event dispatched in
//   the page) as soon as the search box exists, so the citizen waits for
//   nothing but the widget, and the clock stops at
//   the `matter-search:results` mark for that query, set right after its
//   results are in the DOM. Also reported to the next frame painted after it.
// - ready: the catalogue (WASM + index) is open, `matter-search:ready`.
// - keystroke → results: once ready, a second query is typed; from its
//   `matter-search:input` mark (the input event) to its results mark.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "../tests/js/node_modules/playwright-core/index.mjs";
import { serve } from "../tests/js/fixtures/static-server.mjs";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const WWW = path.join(ROOT, "www");
const OUT = path.join(ROOT, "bench/out");
const RUNS = Math.max(10, Number(process.env.BENCH_WIDGET_RUNS || 15));
const FIRST = "两用物项 出口";
const SECOND = "技术进出口合同";
const BUDGET_MS = 150;

for (const f of ["pkg/matter_search_bg.wasm", "pkg/matter_search.js", "catalogue.idx"]) {
  if (!fs.existsSync(path.join(WWW, f))) {
    console.error(`www/${f} is missing: run scripts/demo.sh --build-only first`);
    process.exit(1);
  }
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const round = (x) => Math.round(x * 10) / 10;
const summary = (xs) => ({ median: round(median(xs)), min: round(Math.min(...xs)), max: round(Math.max(...xs)), runs: xs.map(round) });

/** Resolves in the page when the widget's results mark for `q` exists; gives its time and the next paint's. */
function resultsFor(q) {
  return new Promise((resolve) => {
    const look = () => {
      const m = performance.getEntriesByName("matter-search:results").find((e) => e.detail?.query === q);
      if (m) requestAnimationFrame(() => resolve({ results: m.startTime, painted: performance.now() }));
      else setTimeout(look, 1);
    };
    look();
  });
}

const loadBefore = os.loadavg().map(round);
const server = await serve(WWW);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});

const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
const page = await context.newPage();
// Types FIRST the moment the search box exists, from inside the page:
// Playwright's own round trips would otherwise decide when typing starts.
await page.addInitScript((q) => {
  if (location.protocol !== "http:") return;
  const poll = () => {
    const box = document.querySelector("matter-search")?.shadowRoot?.querySelector("input[type=search]");
    if (!box) return void setTimeout(poll, 1);
    box.value = q;
    box.dispatchEvent(new InputEvent("input", { bubbles: true, composed: true, inputType: "insertText", data: q }));
  };
  poll();
}, FIRST);
const first = [];
const painted = [];
const ready = [];
const keystroke = [];
const domContentLoaded = [];
try {
  for (let i = 0; i < RUNS + 1; i++) {
    // One page, navigated afresh each run: the renderer process is warm, as in
    // a browser someone already has open, but nothing is cached (the server
    // sends no-store, so no HTTP cache, no V8 code cache, no compiled WASM).
    await page.goto("about:blank");
    const errors = [];
    page.on("pageerror", (e) => errors.push(e.message));
    await page.goto(`${server.url}/`, { waitUntil: "commit" });
    const r1 = await page.evaluate(resultsFor, FIRST);
    await page.locator("matter-search[ready]").waitFor({ state: "attached" });
    const nav = await page.evaluate(() => ({
      ready: performance.getEntriesByName("matter-search:ready")[0].startTime,
      dcl: performance.getEntriesByType("navigation")[0].domContentLoadedEventEnd,
    }));
    await page.waitForTimeout(150); // a pause, as between two queries
    await page.locator("matter-search input[type=search]").fill(SECOND);
    const r2 = await page.evaluate(resultsFor, SECOND);
    const input2 = await page.evaluate(
      (t) => performance.getEntriesByName("matter-search:input").filter((e) => e.startTime < t).at(-1).startTime,
      r2.results,
    );
    const total = await page.locator("matter-search .hit").count();
    page.removeAllListeners("pageerror");
    if (errors.length || total === 0) throw new Error(`run ${i}: ${errors.join("; ") || "no results"}`);
    if (i === 0) continue; // the first run warms the OS file cache and the browser process
    first.push(r1.results);
    painted.push(r1.painted);
    ready.push(nav.ready);
    domContentLoaded.push(nav.dcl);
    keystroke.push(r2.results - input2);
  }
} finally {
  await browser.close();
  await server.close();
}

const report = {
  what: "www/ demo page in headless Chromium on 127.0.0.1, one page navigated afresh per run, no-store, times in ms from navigation start",
  chromium: browser.version?.() ?? null,
  runs: RUNS,
  // Other builds on the machine slow every figure; the load is recorded so runs can be compared.
  loadAverage: { before: loadBefore, after: os.loadavg().map(round) },
  cpus: os.cpus().length,
  queries: { first: FIRST, second: SECOND },
  bytes: {
    wasm: fs.statSync(path.join(WWW, "pkg/matter_search_bg.wasm")).size,
    glue: fs.statSync(path.join(WWW, "pkg/matter_search.js")).size,
    index: fs.statSync(path.join(WWW, "catalogue.idx")).size,
    widget: ["widget.js", "widget.css", "i18n.js"].reduce((n, f) => n + fs.statSync(path.join(WWW, f)).size, 0),
  },
  loadToFirstResults: summary(first),
  loadToFirstResultsPainted: summary(painted),
  ready: summary(ready),
  domContentLoaded: summary(domContentLoaded),
  keystrokeToResults: summary(keystroke),
  budgetMs: BUDGET_MS,
  withinBudget: median(first) <= BUDGET_MS,
};
fs.mkdirSync(OUT, { recursive: true });
fs.writeFileSync(path.join(OUT, "widget.json"), JSON.stringify(report, null, 2) + "\n");

console.log(`widget on localhost, median of ${RUNS} runs (min–max), ms from navigation start:`);
const line = (label, s) => console.log(`  ${label.padEnd(34)} ${String(s.median).padStart(7)}  (${s.min}–${s.max})`);
line("DOMContentLoaded", report.domContentLoaded);
line("catalogue ready (WASM + index)", report.ready);
line(`load → first results "${FIRST}"`, report.loadToFirstResults);
line("load → first results, painted", report.loadToFirstResultsPainted);
line(`keystroke → results "${SECOND}"`, report.keystrokeToResults);
console.log(`  load average ${report.loadAverage.before.join(" ")} → ${report.loadAverage.after.join(" ")} on ${report.cpus} CPUs`);
console.log(`  budget ${BUDGET_MS} ms for load → first results: ${report.withinBudget ? "met" : "NOT met"}`);
console.log(`wrote ${path.relative(ROOT, path.join(OUT, "widget.json"))}`);
