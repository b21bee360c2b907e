// The <matter-search> widget on someone else's page, in headless Chromium
// (issue 13): the page's own hash links, two widgets on one page, URL
// state turned off, and the English labels.
//
// Needs www/ built (scripts/demo.sh --build-only), /usr/bin/chromium and
// tests/js/node_modules. Run: node --test tests/js/widget-host.test.mjs
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import { execFileSync } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";
import { serve } from "./fixtures/static-server.mjs";

const HERE = path.dirname(fileURLToPath(import.meta.url));
const WWW = path.join(HERE, "../../www");
const T = { timeout: 60_000 };
let server;
let browser;
let tmp;

const page = (body, lang = "zh-CN", head = "") =>
  `<!doctype html><html lang="${lang}"><head><meta charset="utf-8">${head}<meta name="viewport" content="width=device-width, initial-scale=1"><title>host</title>` +
  `<script type="module" src="/matter-search/widget.js"></script></head><body>` +
  `<nav><a id="news" href="#news">新闻</a></nav>${body}<section id="news-section"><h2>新闻</h2></section></body></html>`;

before(async () => {
  for (const f of ["pkg/index.js", "pkg/matter_search_bg.wasm", "catalogue.idx", "widget.js"]) {
    assert.ok(fs.existsSync(path.join(WWW, f)), `www/${f} is missing: run scripts/demo.sh --build-only first`);
  }
  // A sparse record: a name and nothing else.
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), "ms-host-"));
  fs.writeFileSync(path.join(tmp, "sparse.json"), JSON.stringify({ title: "稀疏目录", matters: [{ id: "s1", name: "稀疏事项" }] }));
  execFileSync(path.join(HERE, "../../target/release/matter-search"), ["build", path.join(tmp, "sparse.json"), "-o", path.join(tmp, "sparse.idx"), "-q"], { stdio: "pipe" });
  const w = (attrs) => `<matter-search src="/matter-search/catalogue.idx" ${attrs}></matter-search>`;
  server = await serve(WWW, {
    routes: {
      "/one.html": { body: page(w("")) },
      // The WASM with a MIME type compileStreaming refuses: the widget compiles its bytes instead.
      "/mime/matter-search/pkg/matter_search_bg.wasm": { body: fs.readFileSync(path.join(WWW, "pkg/matter_search_bg.wasm")), type: "application/octet-stream" },
      "/mime/matter-search/widget.js": { file: path.join(WWW, "widget.js") },
      "/mime/matter-search/widget.css": { file: path.join(WWW, "widget.css") },
      "/mime/matter-search/i18n.js": { file: path.join(WWW, "i18n.js") },
      "/mime/matter-search/pkg/index.js": { file: path.join(WWW, "pkg/index.js") },
      "/mime/matter-search/pkg/matter_search.js": { file: path.join(WWW, "pkg/matter_search.js") },
      "/mime/one.html": { body: page(w("")).replace('src="/matter-search/widget.js"', 'src="/mime/matter-search/widget.js"') },
      "/two.html": { body: page(w('id="a" hash-param="a"') + w('id="b" hash-param="b"')) },
      "/none.html": { body: page(w('hash-param="none"')) },
      "/en.html": { body: page(w('lang="en"'), "en") },
      "/config.html": { body: page(w('placeholder="输入事项名称，如“营业执照”" limit="3"')) },
      "/auto.html": { body: page(w('theme="auto"')) },
      "/tw.html": { body: page(w('lang="zh-TW"'), "zh-TW") },
      "/hant.html": { body: page(w('lang="zh-Hant"'), "zh-Hant") },
      // A page with no widget: the worker is started from the test.
      "/worker.html": { body: `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>worker</title></head><body></body></html>` },
      "/sparse.idx": { file: path.join(tmp, "sparse.idx") },
      "/sparse.html": { body: page(`<matter-search src="/sparse.idx"></matter-search>`) },
      // A meta CSP adds to the server's: without 'wasm-unsafe-eval' the module cannot compile.
      "/nowasm.html": { body: page(w(""), "zh-CN", `<meta http-equiv="Content-Security-Policy" content="script-src 'self'">`) },
    },
  });
  browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--no-sandbox", "--disable-gpu", "--no-first-run"] });
});

after(async () => {
  await browser?.close();
  await server?.close();
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

async function open(url, viewport = { width: 1280, height: 800 }, colorScheme = "light") {
  const context = await browser.newContext({ viewport, colorScheme });
  const p = await context.newPage();
  const errors = [];
  p.on("pageerror", (e) => errors.push(e.message));
  await p.goto(server.url + url);
  await p.waitForFunction(() => [...document.querySelectorAll("matter-search")].every((e) => e.hasAttribute("ready")));
  p.finish = async () => {
    assert.deepEqual(errors, []);
    await context.close();
  };
  return p;
}

const shadowText = (p, sel, which = 0) =>
  p.evaluate(([sel, which]) => document.querySelectorAll("matter-search")[which].shadowRoot.querySelector(sel)?.textContent ?? null, [sel, which]);

async function typeIn(p, which, q) {
  const input = p.locator("matter-search input[type=search]").nth(which);
  await input.click();
  await input.fill(q);
  await p.waitForFunction(
    ([q, which]) => document.querySelectorAll("matter-search")[which].shadowRoot.querySelector(".status")?.textContent.includes(q),
    [q, which],
  );
}

/** Opens the first hit as a click on its link does (an open suggestion list may cover it). */
async function openFirstHit(p) {
  await p.evaluate(() => document.querySelector("matter-search").shadowRoot.querySelector(".hit .hit-name a").click());
}

const inputValue = (p, which) => p.locator("matter-search input[type=search]").nth(which).inputValue();

test("the host page's own hash link leaves the widget's query alone", T, async () => {
  const p = await open("/one.html");
  await typeIn(p, 0, "两用物项");
  await p.locator("#news").click();
  await p.waitForFunction(() => location.hash.startsWith("#news"));
  // Give the widget a chance to react to hashchange, then check it did not.
  await p.evaluate(() => new Promise((r) => setTimeout(r, 300)));
  assert.equal(await inputValue(p, 0), "两用物项");
  assert.match(await shadowText(p, ".status"), /两用物项/);
  // Its next query keeps the page's segment.
  await typeIn(p, 0, "直销");
  const hash = await p.evaluate(() => decodeURIComponent(location.hash));
  assert.match(hash, /^#news&q=直销$/, hash);
  await p.finish();
});

test("two widgets with their own hash-param keep their own queries, through a reload", T, async () => {
  const p = await open("/two.html");
  await typeIn(p, 0, "两用物项");
  await typeIn(p, 1, "直销");
  const hash = await p.evaluate(() => decodeURIComponent(location.hash));
  assert.match(hash, /a\.q=两用物项/, hash);
  assert.match(hash, /b\.q=直销/, hash);
  await p.reload();
  await p.waitForFunction(() => [...document.querySelectorAll("matter-search")].every((e) => e.hasAttribute("ready")));
  assert.equal(await inputValue(p, 0), "两用物项");
  assert.equal(await inputValue(p, 1), "直销");
  await p.finish();
});

test('hash-param="none": no URL state, and its links still open matters', T, async () => {
  const p = await open("/none.html#q=不该读取");
  assert.equal(await inputValue(p, 0), "", "a hash is not read");
  await typeIn(p, 0, "两用物项");
  assert.equal(await p.evaluate(() => decodeURIComponent(location.hash)), "#q=不该读取", "nor written");
  const name = await shadowText(p, ".hit .hit-name a");
  await openFirstHit(p);
  await p.waitForFunction(() => document.querySelector("matter-search").shadowRoot.querySelector(".back"));
  assert.ok((await p.evaluate(() => document.querySelector("matter-search").shadowRoot.textContent)).includes(name));
  assert.equal(await p.evaluate(() => decodeURIComponent(location.hash)), "#q=不该读取");
  await p.finish();
});

test("English: facet labels do not break inside a word, asides use half-width brackets", T, async () => {
  const p = await open("/en.html", { width: 1280, height: 900 });
  await typeIn(p, 0, "两用物项");
  const labels = await p.evaluate(() =>
    [...document.querySelector("matter-search").shadowRoot.querySelectorAll(".facet-label")].map((e) => {
      const range = document.createRange();
      range.selectNodeContents(e);
      const lines = new Set([...range.getClientRects()].map((r) => Math.round(r.top)));
      return { text: e.textContent, lines: lines.size, words: e.textContent.trim().split(/\s+/).length };
    }),
  );
  assert.ok(labels.some((l) => l.text === "Department"), JSON.stringify(labels));
  for (const l of labels) assert.ok(l.lines <= l.words, `${l.text} breaks inside a word: ${l.lines} lines`);
  // A free matter's fee line: "No (Free)", not "No（Free）".
  await openFirstHit(p);
  await p.waitForFunction(() => /Fee charged/.test(document.querySelector("matter-search").shadowRoot.textContent));
  const text = await p.evaluate(() => document.querySelector("matter-search").shadowRoot.textContent);
  assert.ok(!text.includes("No（"), "no full-width bracket after an English word");
  assert.match(text, /No \(Free\)/);
  await p.finish();
});

test("placeholder, limit and theme attributes; an OS dark mode changes nothing unless theme=auto", T, async () => {
  const p = await open("/config.html", { width: 1280, height: 800 }, "dark");
  assert.equal(await p.locator("matter-search input[type=search]").getAttribute("placeholder"), "输入事项名称，如“营业执照”");
  await typeIn(p, 0, "许可");
  assert.equal(await p.locator("matter-search .hit").count(), 3, "limit=3 results per page");
  const bg = (q) => q.evaluate(() => getComputedStyle(document.querySelector("matter-search")).backgroundColor);
  assert.equal(await bg(p), "rgb(255, 255, 255)", "light in an OS dark mode by default");
  await p.finish();
  const auto = await open("/auto.html", { width: 1280, height: 800 }, "dark");
  assert.equal(await bg(auto), "rgb(13, 17, 23)", "theme=auto follows the OS");
  await auto.finish();
});

test("without 'wasm-unsafe-eval' the widget shows its loading error and fires error (docs/widget.md)", T, async () => {
  const context = await browser.newContext();
  const p = await context.newPage();
  await p.addInitScript(() => {
    window.__errors = [];
    document.addEventListener("error", (e) => e.target?.localName === "matter-search" && window.__errors.push(e.detail), true);
  });
  await p.goto(server.url + "/nowasm.html");
  await p.waitForFunction(() => window.__errors.length > 0);
  const panel = await p.evaluate(() => document.querySelector("matter-search").shadowRoot.querySelector(".error-title")?.textContent);
  assert.equal(panel, "事项目录加载失败，暂时无法搜索。");
  const detail = await p.evaluate(() => window.__errors[0]);
  console.log(`# the error detail without 'wasm-unsafe-eval': ${detail}`);
  assert.match(detail, /WebAssembly|wasm|Content Security Policy/i);
  await context.close();
});

test("a sparse record names its empty sections on one line, not a wall of 未提供", T, async () => {
  const p = await open("/sparse.html#m=s1");
  await p.waitForFunction(() => document.querySelector("matter-search").shadowRoot.querySelector(".matter-name")?.textContent === "稀疏事项");
  const none = await p.evaluate(() => [...document.querySelector("matter-search").shadowRoot.querySelectorAll(".none")].map((e) => e.textContent));
  assert.equal(none.length, 1, JSON.stringify(none));
  assert.match(none[0], /^未提供：设定依据、受理条件、申请材料、办理流程/);
  const headings = await p.evaluate(() => document.querySelector("matter-search").shadowRoot.querySelectorAll(".matter h3").length);
  assert.equal(headings, 0, "no heading over an empty section");
  await p.finish();
});

test("on a 390 px phone the suggestions push the results down, complete the query and do not repeat the first hits", T, async () => {
  const p = await open("/one.html", { width: 390, height: 844 });
  await typeIn(p, 0, "两用");
  // Wait for the suggestions of this query (they may come after the results).
  await p.waitForFunction(() => {
    const root = document.querySelector("matter-search").shadowRoot;
    return root.querySelector(".hit") && root.querySelector("input").getAttribute("aria-expanded") !== null;
  });
  await p.evaluate(() => new Promise((r) => setTimeout(r, 500)));
  const seen = await p.evaluate(() => {
    const root = document.querySelector("matter-search").shadowRoot;
    const link = root.querySelector(".hit .hit-name a");
    link.scrollIntoView({ block: "center" });
    const r = link.getBoundingClientRect();
    const top = root.elementFromPoint(r.left + Math.min(r.width / 2, 40), r.top + r.height / 2);
    return {
      covered: !link.contains(top),
      options: [...root.querySelectorAll("[role=option]")].map((o) => o.textContent),
      hits: [...root.querySelectorAll(".hit .hit-name")].slice(0, 5).map((h) => h.textContent),
    };
  });
  assert.equal(seen.covered, false, "the first result is not under the suggestion list");
  for (const o of seen.options) {
    assert.ok(o.includes("两用"), `a completion of the query: ${o}`);
    assert.ok(!seen.hits.includes(o), `not one of the first hits: ${o}`);
  }
  await p.finish();
});

test("lang=\"zh-TW\" (and zh-Hant) renders the widget's labels in traditional characters as used in Taiwan", T, async () => {
  for (const url of ["/tw.html", "/hant.html"]) {
    const p = await open(url + "#q=两用物项");
    await p.waitForFunction(() => document.querySelector("matter-search").shadowRoot.querySelector(".hit"));
    const seen = await p.evaluate(() => {
      const root = document.querySelector("matter-search").shadowRoot;
      return {
        label: root.querySelector("label.label").textContent,
        placeholder: root.querySelector("input[type=search]").placeholder,
        status: root.querySelector(".status").textContent,
        text: root.textContent,
      };
    });
    assert.equal(seen.label, "搜尋辦事事項", url);
    assert.match(seen.placeholder, /輸入事項名稱、關鍵字或編碼，如「兩用物項」/, url);
    assert.match(seen.status, /^找到 \d+ 個與「两用物项」相關的事項/, url);
    assert.ok(seen.text.includes("實施部門") && seen.text.includes("事項類型"), url);
    assert.ok(!seen.text.includes("实施部门") && !seen.text.includes("搜索"), `${url}: simplified labels left`);
    // The matter's sections.
    await openFirstHit(p);
    await p.waitForFunction(() => document.querySelector("matter-search").shadowRoot.querySelector(".matter h3"));
    const headings = await p.evaluate(() => [...document.querySelector("matter-search").shadowRoot.querySelectorAll(".matter h3, .matter th, .matter dt")].map((e) => e.textContent).join(" "));
    for (const w of ["設定依據", "受理條件", "申請材料", "辦理流程", "法定時限"]) assert.ok(headings.includes(w), `${url}: no ${w} in ${headings}`);
    await p.finish();
  }
});

test("the engine runs in a module worker (www/search-worker.js): a posted query comes back with hits, under the strict CSP", T, async () => {
  const p = await open("/worker.html");
  const answers = await p.evaluate(async () => {
    const worker = new Worker("/matter-search/search-worker.js", { type: "module" });
    const ask = (msg) => new Promise((resolve) => {
      const on = (e) => {
        if (e.data.id !== msg.id) return;
        worker.removeEventListener("message", on);
        resolve(e.data);
      };
      worker.addEventListener("message", on);
      worker.postMessage(msg);
    });
    const [a, b] = await Promise.all([
      ask({ id: 1, src: "catalogue.idx", query: "两用物项", options: { limit: 5 } }),
      ask({ id: 2, src: "catalogue.idx", query: "营业执照", options: { limit: 3, filters: { kind: "行政许可" } } }),
    ]);
    const m = await ask({ id: 3, src: "catalogue.idx", get: a.results.hits[0].id });
    const bad = await ask({ id: 4, src: "catalogue.idx", query: "许可", options: { filters: { department: "不存在" } } });
    const missing = await ask({ id: 5, src: "no-such.idx", query: "许可" });
    worker.terminate();
    return { a, b, m, bad, missing };
  });
  assert.ok(answers.a.results.total > 0 && answers.a.results.hits.length <= 5);
  assert.ok(answers.a.results.hits[0].name.includes("两用物项"), answers.a.results.hits[0].name);
  assert.ok(answers.b.results.hits.every((h) => h.kind === "行政许可"));
  assert.equal(answers.m.matter.id, answers.a.results.hits[0].id);
  assert.match(answers.bad.error, /no department "不存在"/);
  assert.match(answers.missing.error, /no-such\.idx: HTTP 404/);
  await p.finish();
});

test("the widget compiles the module from its bytes when the server sends a wrong MIME type", T, async () => {
  const p = await open("/mime/one.html");
  await typeIn(p, 0, "两用物项");
  assert.ok((await p.locator("matter-search .hit").count()) > 0);
  await p.finish();
});

test("on a 390 px phone typing the start of a term offers the term (营业 → 营业执照), not the hits, and leaves the first result uncovered", T, async () => {
  const p = await open("/one.html", { width: 390, height: 844 });
  await typeIn(p, 0, "营业");
  await p.waitForFunction(() => document.querySelector("matter-search").shadowRoot.querySelectorAll("[role=option]").length > 0);
  const seen = await p.evaluate(() => {
    const root = document.querySelector("matter-search").shadowRoot;
    const link = root.querySelector(".hit .hit-name a");
    link.scrollIntoView({ block: "center" });
    const r = link.getBoundingClientRect();
    const top = root.elementFromPoint(r.left + Math.min(r.width / 2, 40), r.top + r.height / 2);
    return {
      covered: !link.contains(top),
      options: [...root.querySelectorAll("[role=option]")].map((o) => o.textContent),
      hits: [...root.querySelectorAll(".hit .hit-name")].map((h) => h.textContent),
    };
  });
  assert.ok(seen.options.includes("营业执照"), seen.options.join(","));
  for (const o of seen.options) {
    assert.ok(o.startsWith("营业") || o.includes("营业"), `a completion: ${o}`);
    assert.ok(!seen.hits.includes(o), `a hit repeated: ${o}`);
  }
  assert.equal(seen.covered, false, "the first result is not under the suggestion list");
  // Picking it searches for it.
  await p.locator("matter-search [role=option]").filter({ hasText: /^营业执照$/ }).click();
  await p.waitForFunction(() => document.querySelector("matter-search").shadowRoot.querySelector(".status")?.textContent.includes("营业执照"));
  await p.finish();
});
