// The <matter-search> widget on a split index (entry.json) in headless
// Chromium: a synthetic 10,000-matter provincial catalogue, built by this
// test as a split folder and as one file, served by the plain fixture server
// (no on-the-fly compression). Prints the bytes each query fetched and the
// time to first results; asserts bytes and answers, never timings.
//
// Needs www/ (scripts/demo.sh --build-only), the CLI at
// target/release/matter-search, the generator ../shared/tools/synth-catalogue.py
// (or MS_SYNTH), /usr/bin/chromium and tests/js/node_modules.
// The catalogue and its indexes (and a split index of data/mofcom.json, for
// the demo page as `demo.sh --split` makes it) are kept in
// target/widget-split/ and built again when the CLI is newer than them.
// Run: node --test tests/js/widget-split.test.mjs

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";
import { serve, CSP } from "./fixtures/static-server.mjs";

const run = promisify(execFile);
const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, "../..");
const WWW = path.join(ROOT, "www");
const CLI = path.join(ROOT, "target/release/matter-search");
const SYNTH = process.env.MS_SYNTH || path.resolve(ROOT, "../shared/tools/synth-catalogue.py");
const WORK = path.join(ROOT, "target/widget-split");
const CATALOGUE = path.join(WORK, "synth-10000.json");
const SPLIT = path.join(WORK, "split");
const ONE = path.join(WORK, "one.idx");
const MOFCOM_SPLIT = path.join(WORK, "mofcom-split");
const CHROMIUM = process.env.CHROMIUM || "/usr/bin/chromium";
const T = { timeout: 120_000 };
// The widget's CSP with everything else closed: the split loader's fetches
// need connect-src 'self', DecompressionStream nothing (img-src data: is
// for the demo page's `data:,` favicon).
const STRICT_CSP = `default-src 'none'; ${CSP}; connect-src 'self'; img-src data:`;

// A handful of what citizens type: a name, name words, a name substring, a
// phrase of the conditions text, pinyin initials, a code-like word.
const QUERIES = ["营业执照", "建筑工程施工许可", "食品经营 新办", "燃气经营", "税务注销", "yyzz"];

let server;
let browser;
let entry;

const page = (src) =>
  `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>split widget test</title>` +
  `<link rel="icon" href="data:,"><script type="module" src="/matter-search/widget.js"></script></head>` +
  `<body><main><h1>split widget test</h1><matter-search src="${src}"></matter-search></main></body></html>`;

/** Builds what is missing or older than the CLI (or the generator). */
async function prepare() {
  for (const f of ["pkg/matter_search.js", "pkg/matter_search_bg.wasm", "pkg/split.js", "widget.js", "index.html", "catalogue.idx"]) {
    assert.ok(fs.existsSync(path.join(WWW, f)), `www/${f} is missing: run scripts/demo.sh --build-only first`);
  }
  assert.ok(fs.existsSync(SYNTH), `the catalogue generator ${SYNTH} is missing (set MS_SYNTH)`);
  fs.mkdirSync(WORK, { recursive: true });
  const newest = Math.max(fs.statSync(CLI).mtimeMs, fs.statSync(SYNTH).mtimeMs);
  const fresh = (f) => fs.existsSync(f) && fs.statSync(f).mtimeMs > newest;
  if (!fresh(CATALOGUE)) await run("python3", [SYNTH, "10000", CATALOGUE, "1"]);
  const builds = [];
  if (!fresh(path.join(SPLIT, "entry.json"))) {
    fs.rmSync(SPLIT, { recursive: true, force: true });
    builds.push(run(CLI, ["build", CATALOGUE, "--split", "-o", SPLIT]));
  }
  if (!fresh(ONE)) builds.push(run(CLI, ["build", CATALOGUE, "-o", ONE]));
  if (!fresh(path.join(MOFCOM_SPLIT, "entry.json"))) {
    fs.rmSync(MOFCOM_SPLIT, { recursive: true, force: true });
    const data = (f) => path.join(ROOT, "data", f);
    // As scripts/demo.sh --split builds it.
    builds.push(run(CLI, ["build", data("mofcom.json"), "--strict", "--user-dict", data("user-dict.txt"), "--synonyms", data("synonyms.txt"), "--split", "-o", MOFCOM_SPLIT]));
  }
  await Promise.all(builds);
}

before(async () => {
  await prepare();
  entry = JSON.parse(fs.readFileSync(path.join(SPLIT, "entry.json"), "utf8"));
  const routes = {
    "/s10k.html": { body: page("s10k/entry.json") },
    "/one.idx": { file: ONE },
  };
  for (const name of fs.readdirSync(SPLIT)) routes[`/s10k/${name}`] = { file: path.join(SPLIT, name) };
  // The demo page pointed at the split index, as scripts/demo.sh --split writes www/split.html.
  const demo = fs.readFileSync(path.join(WWW, "index.html"), "utf8").replaceAll("catalogue.idx", "split/entry.json");
  assert.match(demo, /src="split\/entry\.json"/);
  routes["/split.html"] = { body: demo };
  for (const name of fs.readdirSync(MOFCOM_SPLIT)) routes[`/split/${name}`] = { file: path.join(MOFCOM_SPLIT, name) };
  server = await serve(WWW, { routes, csp: STRICT_CSP });
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
});

after(async () => {
  await browser?.close();
  await server?.close();
});

/** A new page that records CSP violations, page errors and console errors. */
async function open(url, { waitReady = true } = {}) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const p = await context.newPage();
  const problems = [];
  p.on("pageerror", (e) => problems.push(`pageerror: ${e.message}`));
  p.on("console", (m) => {
    if (m.type() === "error" && !/favicon|404 \(Not Found\)/.test(m.text())) problems.push(`console: ${m.text()}`);
  });
  await p.addInitScript(() => {
    window.__csp = [];
    document.addEventListener("securitypolicyviolation", (e) => window.__csp.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  p.response = await p.goto(server.url + url);
  if (waitReady) await p.locator("matter-search[ready]").waitFor({ state: "attached" });
  p.problems = problems;
  p.done = async () => {
    assert.deepEqual(await p.evaluate(() => window.__csp), [], "no CSP violation");
    assert.deepEqual(problems, [], "no page errors");
    await context.close();
  };
  return p;
}

/** The responses of the split folder from index `from` of server.sent on. */
const indexFiles = (from = 0) => server.sent.slice(from).filter((r) => r.path.startsWith("/s10k/"));
const sum = (rs) => rs.reduce((n, r) => n + r.bytes, 0);
const kb = (n) => `${(n / 1024).toFixed(1)} KiB`;
/** Bytes per kind of file (term, pass, docs, …). */
const byKind = (rs) => {
  const out = {};
  for (const r of rs) {
    const kind = path.basename(r.path).split(/[-.]/)[0];
    out[kind] = (out[kind] ?? 0) + r.bytes;
  }
  return Object.entries(out).map(([k, n]) => `${k} ${kb(n)}`).join(", ");
};

/** Waits until the server has answered everything asked and nothing new came for a while. */
async function settle(quiet = 250) {
  let seen = -1;
  for (let i = 0; i < 200; i++) {
    if (server.inflight() === 0 && server.requests.length === seen) return;
    seen = server.requests.length;
    await new Promise((r) => setTimeout(r, quiet));
  }
  throw new Error("the page kept fetching");
}

/** How many results marks the widget has set for `q`. */
const marks = (p, q) => p.evaluate((q) => performance.getEntriesByName("matter-search:results").filter((m) => m.detail?.query === q).length, q);

/** Types `q` as one input event and waits for its results (a new results mark for it). */
async function query(p, q) {
  const before = await marks(p, q);
  await p.locator("matter-search input[type=search]").fill(q);
  await p.waitForFunction(
    ([q, n]) => performance.getEntriesByName("matter-search:results").filter((m) => m.detail?.query === q).length > n,
    [q, before],
  );
}

/** The ids of the hits shown, in order, from their links (#m=id). */
const shownIds = (p) =>
  p.evaluate(() =>
    [...document.querySelector("matter-search").shadowRoot.querySelectorAll(".hit-name a")].map((a) =>
      new URLSearchParams(a.getAttribute("href").slice(1)).get("m"),
    ),
  );

/** The same query against the one-file index of the same catalogue, in the page: ids of the first `limit` hits. */
const oneFileIds = (p, q, limit) =>
  p.evaluate(
    async ([q, limit]) => {
      const { Catalogue } = await import("/matter-search/pkg/matter_search.js");
      window.__one ??= new Catalogue(new Uint8Array(await (await fetch("/one.idx")).arrayBuffer()));
      const res = window.__one.search(q, { limit, offset: 0, filters: {} });
      return { ids: res.hits.map((h) => h.id), total: res.total };
    },
    [q, limit],
  );

test("a split index in the widget: first results, bytes per query, one record per matter, same hits as one file", T, async () => {
  const start = server.sent.length;
  const p = await open("/s10k.html", { waitReady: false });
  // Typed at the page's load event; searched as soon as the index is open.
  await query(p, QUERIES[0]);
  const timing = await p.evaluate((q) => {
    const nav = performance.getEntriesByType("navigation")[0];
    const ready = performance.getEntriesByName("matter-search:ready")[0];
    const results = performance.getEntriesByName("matter-search:results").find((m) => m.detail?.query === q);
    return { load: nav.loadEventStart, ready: ready.startTime, results: results.startTime };
  }, QUERIES[0]);
  await settle();
  const first = indexFiles(start);
  const firstBytes = sum(first);
  const code = server.sent.slice(start).filter((r) => /\.(js|wasm)$/.test(r.path));
  console.log(
    `split 10k: ${entry.files} files, ${kb(entry.total_bytes)} in all (root ${kb(entry.root_bytes)}); ` +
      `WASM + JS ${kb(sum(code))} (not counted below)`,
  );
  console.log(
    `first query “${QUERIES[0]}”: results ${Math.round(timing.results - timing.load)} ms after the load event ` +
      `(index open ${Math.round(timing.ready - timing.load)} ms after it); ` +
      `${first.length} index files, ${kb(firstBytes)} (${byKind(first)})`,
  );
  assert.ok((await shownIds(p)).length > 0, "first results shown");
  assert.ok(first.some((r) => r.path.endsWith("/entry.json")) && first.some((r) => r.path.includes("/root.")));
  assert.ok(first.every((r) => r.status === 200));
  assert.ok(firstBytes < entry.total_bytes / 5, `first query fetched ${kb(firstBytes)} of ${kb(entry.total_bytes)}`);

  // Further queries: each fetches only its own files.
  const shown = new Map([[QUERIES[0], await shownIds(p)]]);
  const further = [];
  for (const q of QUERIES.slice(1)) {
    const from = server.sent.length;
    await query(p, q);
    shown.set(q, await shownIds(p));
    await settle();
    const files = indexFiles(from);
    further.push(sum(files));
    console.log(`query “${q}”: ${files.length} index files, ${kb(sum(files))} (${byKind(files)})`);
    assert.ok(sum(files) < entry.total_bytes / 5, `“${q}” fetched ${kb(sum(files))} of ${kb(entry.total_bytes)}`);
  }
  const sorted = [...further].sort((a, b) => a - b);
  const median = (sorted[(sorted.length - 1) >> 1] + sorted[sorted.length >> 1]) / 2;
  console.log(`further queries: median ${kb(median)}, max ${kb(sorted.at(-1))} per query; whole index ${kb(entry.total_bytes)}`);
  assert.ok(median < entry.total_bytes / 10, `median ${kb(median)} per further query`);

  // A query asked again fetches nothing.
  let from = server.sent.length;
  await query(p, QUERIES[1]);
  await settle();
  assert.deepEqual(indexFiles(from).map((r) => r.path), [], "a repeated query fetches nothing");

  // The loader counted what the server sent.
  const counted = await p.evaluate(() => document.querySelector("matter-search").catalogue.bytesFetched);
  assert.equal(counted, sum(indexFiles(start)));

  // Opening a shown matter: its record chunk at most, nothing else.
  from = server.sent.length;
  const name = await p.locator("matter-search .hit-name").first().textContent();
  await p.locator("matter-search .hit-name a").first().click();
  await p.locator("matter-search .matter-name").filter({ hasText: name }).waitFor();
  await settle();
  const opened = indexFiles(from).map((r) => path.basename(r.path));
  console.log(`opening “${name}” from the results: ${opened.length} index files (${opened.join(", ") || "none"})`);
  assert.ok(opened.length <= 1 && opened.every((n) => /^docs-\d+\.[0-9a-f]+\.z\.bin$/.test(n)), opened.join(", "));
  // The detail shows the matter's record, as the one-file index holds it.
  const sections = await p.locator("matter-search .detail h3").allTextContents();
  assert.ok(sections.includes("受理条件") && sections.includes("申请材料"), sections.join(","));

  // Same hits as the one-file index of the same catalogue, in the same page.
  for (const [q, ids] of shown) {
    const one = await oneFileIds(p, q, ids.length);
    assert.ok(ids.length > 0, q);
    assert.deepEqual(ids, one.ids, `“${q}”: split and one-file hits`);
  }
  const id = new URLSearchParams((await p.evaluate(() => location.hash)).slice(1)).get("m");
  const [split, one] = await p.evaluate(
    async (id) => [await document.querySelector("matter-search").catalogue.get(id), window.__one.get(id)],
    id,
  );
  assert.equal(split.name, name);
  assert.deepEqual(split, one, "the matter opened is the one-file index's record");
  await p.done();
});

test("a deep link to a matter fetches its record chunk and its id lookup, nothing else", T, async () => {
  const { id } = JSON.parse(fs.readFileSync(CATALOGUE, "utf8")).matters[7777];
  const start = server.sent.length;
  const p = await open(`/s10k.html#m=${encodeURIComponent(id)}`);
  await p.locator("matter-search .matter-name").waitFor();
  await settle();
  const names = indexFiles(start).map((r) => path.basename(r.path)).filter((n) => n !== "entry.json" && !n.startsWith("root."));
  console.log(`deep link to ${id}: ${names.join(", ")}`);
  assert.equal(names.filter((n) => n.startsWith("docs-")).length, 1, names.join(", "));
  assert.deepEqual(names.filter((n) => !n.startsWith("docs-") && !n.startsWith("ids-")), [], names.join(", "));
  assert.ok(names.filter((n) => n.startsWith("ids-")).length <= 1, names.join(", "));
  await p.done();
});

test("an answer that arrives after a newer query is dropped", T, async () => {
  const p = await open("/s10k.html");
  const [slow, fast] = ["林木采伐许可", "税务注销"];
  await query(p, fast); // its files are here now
  // Every file the slow query needs arrives late.
  await p.route("**/s10k/**", async (route) => {
    await new Promise((r) => setTimeout(r, 400));
    await route.continue();
  });
  await p.locator("matter-search input[type=search]").fill(slow);
  await p.waitForTimeout(150); // past the debounce: the slow query is on its way
  await query(p, fast);
  // Wait for the slow answer itself (the same files, fetched once), then a little more.
  await p.evaluate((q) => document.querySelector("matter-search").catalogue.search(q, { limit: 20, offset: 0, filters: {} }), slow);
  await p.waitForTimeout(200);
  assert.match(await p.locator("matter-search .status").textContent(), /“税务注销”/);
  const one = await oneFileIds(p, fast, 20);
  assert.deepEqual(await shownIds(p), one.ids);
  assert.equal(await marks(p, slow), 0, "the slow answer was never rendered");
  await p.unroute("**/s10k/**");
  await p.done();
});

test("a file that cannot be fetched shows in the error panel; the next query works", T, async () => {
  const p = await open("/s10k.html");
  await p.route("**/s10k/pass-*", (route) => route.fulfill({ status: 503, body: "busy" }));
  await p.locator("matter-search input[type=search]").fill("社会团体登记");
  const alert = p.locator("matter-search .error[role=alert]");
  await alert.filter({ hasText: "暂时无法完成这次检索" }).waitFor();
  assert.match(await alert.textContent(), /cannot fetch .*pass-.*HTTP 503/);
  assert.equal(await p.locator("matter-search input[type=search]").isDisabled(), false);
  await p.unroute("**/s10k/pass-*");
  await query(p, "民办非企业单位登记");
  assert.equal(await alert.isHidden(), true);
  assert.ok((await shownIds(p)).length > 0);
  p.problems.length = 0; // the browser logs the 503 itself
  await p.done();
});

test("the demo's split.html shows what index.html shows", T, async () => {
  const q = "两用物项";
  const answers = [];
  for (const url of ["/index.html", "/split.html"]) {
    const p = await open(url);
    await query(p, q);
    answers.push([await shownIds(p), await p.locator("matter-search .status").textContent()]);
    await p.done();
  }
  assert.ok(answers[0][0].length >= 3);
  assert.deepEqual(answers[1], answers[0]);
});
