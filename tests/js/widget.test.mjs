// End-to-end tests of the <matter-search> widget (www/) in headless Chromium.
//
// Needs www/pkg/* and www/catalogue.idx (scripts/demo.sh --build-only), the
// CLI at target/release/matter-search (for the hostile catalogue), Debian's
// /usr/bin/chromium (never a downloaded browser) and tests/js/node_modules.
// Run: node --test tests/js/widget.test.mjs
// UPDATE_DEMO_PNG=1 also refreshes docs/demo.png from the desktop screenshot.

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";
import { serve, CSP } from "./fixtures/static-server.mjs";

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, "../..");
const WWW = path.join(ROOT, "www");
const SHOTS = path.join(ROOT, "target/screenshots");
const CLI = path.join(ROOT, "target/release/matter-search");
const AXE = path.join(HERE, "node_modules/axe-core/axe.min.js");
const CHROMIUM = process.env.CHROMIUM || "/usr/bin/chromium";
const T = { timeout: 60_000 };

let server;
let browser;
let tmp;

const page = (body, title = "widget test") =>
  `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${title}</title>` +
  `<script type="module" src="/matter-search/widget.js"></script></head><body><main><h1>${title}</h1>${body}</main></body></html>`;

before(async () => {
  for (const f of ["pkg/matter_search.js", "pkg/matter_search_bg.wasm", "catalogue.idx", "widget.js", "index.html"]) {
    assert.ok(fs.existsSync(path.join(WWW, f)), `www/${f} is missing: run scripts/demo.sh --build-only first`);
  }
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), "matter-search-widget-"));
  execFileSync(CLI, ["build", path.join(HERE, "fixtures/hostile.json"), "--strict", "-o", path.join(tmp, "hostile.idx")], { stdio: "pipe" });
  fs.writeFileSync(path.join(tmp, "corrupt.idx"), Buffer.from("MSIX but not really an index".repeat(20)));
  server = await serve(WWW, {
    routes: {
      "/fixtures/hostile.idx": { file: path.join(tmp, "hostile.idx") },
      "/fixtures/corrupt.idx": { file: path.join(tmp, "corrupt.idx") },
      "/hostile.html": { body: page(`<matter-search src="/fixtures/hostile.idx"></matter-search>`, "hostile") },
      "/missing.html": { body: page(`<matter-search src="/fixtures/no-such.idx"></matter-search>`, "missing") },
      "/corrupt.html": { body: page(`<matter-search src="/fixtures/corrupt.idx"></matter-search>`, "corrupt") },
      "/embed.html": { body: page(`<p>部委网站页面</p><matter-search src="/matter-search/catalogue.idx" lang="zh-CN"></matter-search>`, "embed") },
    },
  });
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
  fs.mkdirSync(SHOTS, { recursive: true });
});

after(async () => {
  await browser?.close();
  await server?.close();
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

/** A new page that records CSP violations, page errors and console errors. */
async function open(url, { viewport = { width: 1280, height: 800 }, waitReady = true, ...ctx } = {}) {
  const context = await browser.newContext({ viewport, ...ctx });
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
  const response = await p.goto(server.url + url);
  if (waitReady) await p.locator("matter-search[ready]").waitFor({ state: "attached" });
  p.problems = problems;
  p.response = response;
  p.done = async () => {
    assert.deepEqual(await p.evaluate(() => window.__csp), [], "no CSP violation");
    assert.deepEqual(problems, [], "no page errors");
    await context.close();
  };
  return p;
}

const input = (p) => p.locator("matter-search input[type=search]");
const hits = (p) => p.locator("matter-search .hit");
const status = (p) => p.locator("matter-search .status");
const hash = (p) => p.evaluate(() => decodeURIComponent(location.hash.replace(/\+/g, " ")));

async function typeQuery(p, q) {
  await input(p).click();
  await input(p).fill("");
  await p.keyboard.type(q);
  await p.waitForFunction(
    (q) => document.querySelector("matter-search").shadowRoot.querySelector(".status")?.textContent.includes(q),
    q,
  );
}

test("the page loads under the strict CSP, header and meta, with no violation", T, async () => {
  const p = await open("/");
  assert.equal(p.response.headers()["content-security-policy"], CSP);
  const meta = await p.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute("content");
  assert.match(meta, /script-src 'self' 'wasm-unsafe-eval'/);
  assert.match(meta, /style-src 'self'/);
  await assert.doesNotReject(p.locator("matter-search .title").filter({ hasText: "商务部" }).waitFor());
  // The shadow root styles itself from widget.css; no inline <style> or style attribute anywhere.
  const inline = await p.evaluate(() => {
    const root = document.querySelector("matter-search").shadowRoot;
    return [...document.querySelectorAll("style,[style]"), ...root.querySelectorAll("style,[style]")].length;
  });
  assert.equal(inline, 0);
  const color = await p.locator("matter-search .head").evaluate((e) => getComputedStyle(e).borderBottomStyle);
  assert.equal(color, "solid", "widget.css applied in the shadow root");
  await p.done();
});

test("typing a query shows results with the matched text highlighted", T, async () => {
  const p = await open("/");
  await typeQuery(p, "两用物项");
  assert.ok((await hits(p).count()) >= 3);
  const first = hits(p).first();
  assert.match(await first.locator(".hit-name").textContent(), /两用物项/);
  assert.equal(await first.locator(".hit-name mark").first().textContent(), "两用物项");
  // Department, kind, time limit, case type, fee.
  assert.ok((await first.locator(".dept").textContent()).length > 0);
  const badges = await first.locator(".badge").allTextContents();
  assert.ok(badges.includes("行政许可"), badges.join(","));
  assert.ok(badges.some((b) => /^法定 \d+ 个(工作日|自然日)$/.test(b)), badges.join(","));
  assert.ok(badges.includes("承诺件") && badges.includes("免费"), badges.join(","));
  assert.match(await status(p).textContent(), /找到 \d+ 个与“两用物项”相关的事项/);
  assert.match(await hash(p), /q=两用物项/);
  // As-you-type suggestions: a listbox of names.
  assert.equal(await input(p).getAttribute("aria-expanded"), "true");
  assert.ok((await p.locator("matter-search [role=option]").count()) > 0);
  await p.done();
});

test("pinyin and traditional queries: same matters, with a note saying how pinyin was read", T, async () => {
  const p = await open("/");
  await typeQuery(p, "两用物项");
  const simplified = await hits(p).locator(".hit-name").allTextContents();
  await typeQuery(p, "兩用物項");
  assert.deepEqual(await hits(p).locator(".hit-name").allTextContents(), simplified);
  assert.equal(await p.locator("matter-search .rewrote").count(), 0);
  await typeQuery(p, "lywx");
  assert.equal(await hits(p).first().locator(".hit-name").textContent(), simplified[0]);
  assert.match(await p.locator("matter-search .rewrote").textContent(), /按拼音匹配为“两用物项”/);
  assert.ok((await hits(p).first().locator(".badge").allTextContents()).includes("拼音匹配"));
  assert.equal(await hits(p).first().locator(".hit-name mark").first().textContent(), "两用物项");
  await p.done();
});

test("everyday names and intent words: one line says what was understood, in zh-CN and en", T, async () => {
  const p = await open("/");
  const note = () => p.locator("matter-search .rewrote");
  // 丢了 stands for 遗失 补办 … (an intent word).
  await typeQuery(p, "进出口许可证丢了");
  assert.equal(await hits(p).first().locator(".hit-name").textContent(), "进出口许可证更改、延期及遗失处理");
  assert.match(await note().textContent(), /把“丢了”理解为“遗失\/补办\/补领”/);
  // 收废品 names 再生资源回收 (data/colloquial.txt), badged as such.
  await typeQuery(p, "收废品");
  assert.equal(await hits(p).first().locator(".hit-name").textContent(), "再生资源回收经营者备案");
  assert.match(await note().textContent(), /把“收废品”理解为“再生资源回收”/);
  assert.ok((await hits(p).first().locator(".badge").allTextContents()).includes("俗称"));
  await p.locator("matter-search").evaluate((e) => e.setAttribute("lang", "en"));
  await note().filter({ hasText: "Read “收废品” as “再生资源回收”" }).waitFor();
  assert.ok((await hits(p).first().locator(".badge").allTextContents()).includes("everyday name"));
  await p.done();
});

test("a facet chip filters the results, with counts, and can be undone", T, async () => {
  const p = await open("/");
  await typeQuery(p, "许可");
  await p.keyboard.press("Escape");
  const before = await hits(p).count();
  const chip = p.locator("matter-search .facet").nth(0).locator(".chip").filter({ hasText: "产业安全与进出口管制局" });
  const count = Number(await chip.locator(".count").textContent());
  assert.ok(count > 0 && count < 62);
  await chip.click();
  await p.waitForFunction(() => /department=/.test(location.hash));
  assert.equal(await chip.getAttribute("aria-pressed"), "true");
  assert.match(await status(p).textContent(), new RegExp(`找到 ${count} 个`));
  const depts = await p.locator("matter-search .hit .dept").allTextContents();
  assert.ok(depts.length > 0 && depts.every((d) => d === "产业安全与进出口管制局"), depts.join(","));
  // Kind chip too, then the filters: 网上可办, 免费, 时限.
  await p.locator("matter-search .chip").filter({ hasText: "行政许可" }).click();
  await p.waitForFunction(() => /kind=/.test(location.hash));
  for (const hit of await hits(p).all()) assert.ok((await hit.locator(".badge").allTextContents()).includes("行政许可"));
  await p.locator("matter-search .check").filter({ hasText: "网上可办" }).click();
  await p.waitForFunction(() => /online=1/.test(location.hash));
  for (const hit of await hits(p).all()) assert.ok((await hit.locator(".badge").allTextContents()).includes("网上可办"));
  await p.locator("matter-search select").selectOption("20");
  await p.waitForFunction(() => /days=20/.test(location.hash));
  for (const hit of await hits(p).all()) {
    const days = (await hit.locator(".badge.time").allTextContents()).map((b) => Number(/\d+/.exec(b)?.[0] ?? 0));
    assert.ok(Math.min(...days) <= 20, days.join(","));
  }
  await p.locator("matter-search .clear-filters").first().click();
  await p.waitForFunction(() => !/department=|kind=|online=|days=/.test(location.hash));
  assert.equal(await hits(p).count(), before);
  await p.done();
});

test("a matter opens as a service guide with every section, form links and printable samples", T, async () => {
  const p = await open("/#m=mofcom-dual-use-export");
  const detail = p.locator("matter-search .detail");
  await detail.locator("h2").filter({ hasText: "两用物项和技术出口许可" }).waitFor();
  const headings = await detail.locator("h3").allTextContents();
  for (const s of ["基本信息", "设定依据", "受理条件", "申请材料", "办理流程", "办理时限", "收费标准", "办理地点与时间", "咨询与监督投诉", "常见问题", "空白表格与示范文本"]) {
    assert.ok(headings.includes(s), `section ${s} in ${headings.join(",")}`);
  }
  assert.equal(await detail.locator(".none").count(), 0, "this matter has every section filled");
  assert.match(await detail.locator(".sec-timeLimit").textContent(), /法定 45 个工作日/);
  assert.match(await detail.locator(".sec-fee").textContent(), /否（免费）/);
  assert.ok((await detail.locator(".sec-procedure li").count()) >= 2);
  // Materials link to their blank form and filled sample.
  const sampleLink = detail.locator(".sec-materials a").filter({ hasText: "示范文本" }).first();
  assert.ok((await detail.locator(".sec-materials a").filter({ hasText: "空白表格" }).count()) >= 1);
  await sampleLink.click();
  await p.waitForFunction(() => /form=/.test(location.hash));
  const focused = await p.evaluate(() => {
    const a = document.querySelector("matter-search").shadowRoot.activeElement;
    return a && [a.className, a.querySelector("h4")?.textContent, a.querySelectorAll("td.filled").length];
  });
  assert.match(focused[0], /form sample/);
  assert.ok(focused[2] > 0, "the sample shows filled values");
  // Print: the guide without the search UI.
  await p.emulateMedia({ media: "print" });
  assert.equal(await p.locator("matter-search .search").isVisible(), false);
  assert.equal(await p.locator("matter-search .form.sample").first().isVisible(), true);
  assert.equal(await p.locator("matter-search .print").first().isVisible(), false);
  await p.emulateMedia({ media: "screen" });
  // Unknown id: a message, not a crash.
  await p.evaluate(() => (location.hash = "#m=no-such-matter"));
  await detail.locator(".empty").filter({ hasText: "no-such-matter" }).waitFor();
  await p.done();
});

test("keyboard only: combobox arrows, Enter, Escape, Tab to a result, visible focus", T, async () => {
  const p = await open("/");
  // From the top of the page: Tab until the search box has focus.
  for (let i = 0; i < 10; i++) {
    await p.keyboard.press("Tab");
    if (await input(p).evaluate((e) => e.getRootNode().activeElement === e)) break;
  }
  assert.equal(await input(p).evaluate((e) => e.getRootNode().activeElement === e), true, "Tab reaches the search box");
  assert.notEqual(await input(p).evaluate((e) => getComputedStyle(e).outlineStyle), "none", "visible focus");
  await p.keyboard.type("两用");
  // The first keystroke searches at once and the second after the debounce:
  // wait for the answer to the whole query, or the list may be re-rendered
  // between the arrow keys and Enter (seen on a loaded CI machine).
  await p.waitForFunction(() =>
    performance.getEntriesByName("matter-search:results").some((m) => m.detail?.query === "两用"));
  await p.locator("matter-search [role=option]").first().waitFor();
  await p.keyboard.press("ArrowDown");
  await p.keyboard.press("ArrowDown");
  const active = await input(p).getAttribute("aria-activedescendant");
  assert.ok(active);
  const option = p.locator(`matter-search #${active}`);
  assert.equal(await option.getAttribute("aria-selected"), "true");
  const name = await option.textContent();
  await p.keyboard.press("Enter");
  assert.equal(await input(p).inputValue(), name);
  assert.equal(await input(p).getAttribute("aria-expanded"), "false");
  await p.waitForFunction((n) => document.querySelector("matter-search").shadowRoot.querySelector(".hit-name")?.textContent === n, name);
  // Escape closes the list, a second Escape clears the box.
  await p.keyboard.type("x");
  await p.keyboard.press("Escape");
  assert.equal(await input(p).getAttribute("aria-expanded"), "false");
  await p.keyboard.press("Escape");
  assert.equal(await input(p).inputValue(), "");
  await typeQuery(p, "技术出口");
  await p.keyboard.press("Escape");
  // Tab onwards to the first result's link and open it with Enter.
  const firstLink = hits(p).first().locator("a");
  let reached = false;
  for (let i = 0; i < 80 && !reached; i++) {
    await p.keyboard.press("Tab");
    reached = await firstLink.evaluate((e) => e.getRootNode().activeElement === e);
  }
  assert.ok(reached, "Tab reaches the first result");
  assert.notEqual(await firstLink.evaluate((e) => getComputedStyle(e).outlineStyle), "none", "visible focus on the link");
  await p.keyboard.press("Enter");
  const heading = p.locator("matter-search .matter-name");
  await heading.waitFor();
  assert.equal(await heading.evaluate((e) => e.getRootNode().activeElement === e), true, "focus moves to the matter's name");
  await p.done();
});

test("deep links: the hash holds query, filters and matter; reload, back and forward work", T, async () => {
  const p = await open(`/#q=${encodeURIComponent("出口")}&kind=${encodeURIComponent("行政许可")}&online=1`);
  await status(p).filter({ hasText: "出口" }).waitFor();
  assert.equal(await input(p).inputValue(), "出口");
  assert.equal(await p.locator("matter-search .chip[aria-pressed=true]").filter({ hasText: "行政许可" }).count(), 1);
  assert.equal(await p.locator("matter-search .check input").nth(1).isChecked(), true);
  const total = await status(p).textContent();
  const name = await hits(p).first().locator(".hit-name").textContent();
  await hits(p).first().locator("a").click();
  await p.locator("matter-search .matter-name").filter({ hasText: name }).waitFor();
  const deep = await hash(p);
  assert.match(deep, /m=/);
  await p.reload();
  await p.locator("matter-search[ready]").waitFor({ state: "attached" });
  await p.locator("matter-search .matter-name").filter({ hasText: name }).waitFor();
  assert.equal(await hash(p), deep);
  await p.goBack();
  await status(p).filter({ hasText: total }).waitFor();
  assert.equal(await p.locator("matter-search .detail").isVisible(), false);
  assert.equal(await input(p).inputValue(), "出口");
  await p.goForward();
  await p.locator("matter-search .matter-name").filter({ hasText: name }).waitFor();
  await p.done();
});

test("no results: nearest names and the query without a word", T, async () => {
  const p = await open("/");
  await typeQuery(p, "拍卖 qqqq");
  // Escape closes the suggestions if any complete the query (in an empty
  // list it would clear the search box, as type=search does).
  if ((await input(p).getAttribute("aria-expanded")) === "true") await p.keyboard.press("Escape");
  assert.match(await p.locator("matter-search .partial").textContent(), /部分匹配/);
  const drop = p.locator("matter-search .try-list a").filter({ hasText: "去掉“qqqq”" });
  await drop.click();
  await p.waitForFunction(() => document.querySelector("matter-search").shadowRoot.querySelector("input").value === "拍卖");
  await typeQuery(p, "qqqq");
  assert.match(await status(p).textContent(), /没有找到与“qqqq”相关的事项/);
  await typeQuery(p, "两用物件");
  if ((await hits(p).count()) === 0) {
    assert.ok((await p.locator("matter-search .try-list a").count()) > 0, "nearest names offered");
  }
  await p.done();
});

test("an index that fails to load shows a clear message", T, async () => {
  for (const url of ["/missing.html", "/corrupt.html"]) {
    const p = await open(url, { waitReady: false });
    const alert = p.locator("matter-search [role=alert]");
    await alert.filter({ hasText: "事项目录加载失败" }).waitFor();
    assert.equal(await input(p).isDisabled(), true);
    p.problems.length = 0; // the 404 itself is logged by the browser
    await p.done();
  }
});

test("a hostile catalogue renders its markup as text and runs nothing", T, async () => {
  const p = await open("/hostile.html");
  const root = "matter-search";
  assert.match(await p.locator(`${root} .title`).textContent(), /^<img src=x onerror=.*<script>/);
  await typeQuery(p, "恶意");
  await p.keyboard.press("Escape");
  assert.ok((await hits(p).count()) >= 1);
  const name = await hits(p).first().locator(".hit-name").textContent();
  assert.equal(name, "恶意事项<img src=x onerror=\"window.__pwned='name'\">许可<script>window.__pwned='name-script'</script>");
  // Facet labels and departments, literally.
  assert.ok((await p.locator(`${root} .chip`).allTextContents()).some((c) => c.includes("<img src=x")));
  await hits(p).first().locator("a").click();
  const detail = p.locator(`${root} .detail`);
  await detail.locator("h2").waitFor();
  const text = await detail.textContent();
  for (const s of ["《恶意法》<img src=x", "<script>window.__pwned='article'</script>", "恶意条件<img", "<style>*{display:none}</style>", "<marquee>9:00</marquee>", "<a href=\"javascript:", "恶意问题？"]) {
    assert.ok(text.includes(s), `shows ${s} literally`);
  }
  // The form links still work with ids full of markup.
  await detail.locator(".sec-materials a").filter({ hasText: "空白表格" }).click();
  await p.waitForFunction(() => /form=/.test(location.hash));
  await p.evaluate(() => (location.hash = "#m=evil-2"));
  await detail.locator(".notice").filter({ hasText: "<img src=x" }).waitFor();
  await p.evaluate(() => (location.hash = "#m=" + encodeURIComponent("evil-1\"><img src=x onerror=\"window.__pwned='id'\">")));
  await detail.locator("h2").filter({ hasText: "恶意事项<img" }).waitFor();
  await p.waitForTimeout(200);
  const found = await p.evaluate(() => {
    const sr = document.querySelector("matter-search").shadowRoot;
    return {
      pwned: window.__pwned,
      elements: sr.querySelectorAll("img,script,iframe,svg,style,marquee,u,b,i").length + document.querySelectorAll("img,iframe,svg").length,
      links: [...sr.querySelectorAll("a")].map((a) => a.getAttribute("href")).filter((h) => !h.startsWith("#") && !h.startsWith("https://")),
      online: sr.querySelector('a[target="_blank"]')?.getAttribute("href"),
    };
  });
  assert.equal(found.pwned, undefined, "no catalogue script ran");
  assert.equal(found.elements, 0, "no element made from catalogue text");
  assert.deepEqual(found.links, [], "no javascript: links");
  assert.equal(found.online, "https://example.com/\"><img src=x onerror=\"window.__pwned='url'\">");
  assert.ok(!server.requests.includes("/x"), "no <img src=x> was fetched");
  await p.done();
});

test("lang=en switches the UI strings; the catalogue text stays as written", T, async () => {
  const p = await open("/");
  await typeQuery(p, "两用物项");
  await p.locator("matter-search").evaluate((e) => e.setAttribute("lang", "en"));
  assert.equal(await p.locator("matter-search .label").textContent(), "Search government services");
  await status(p).filter({ hasText: "for “两用物项”" }).waitFor();
  const badges = await hits(p).first().locator(".badge").allTextContents();
  assert.ok(badges.some((b) => /^Statutory \d+ (working|calendar) days$/.test(b)), badges.join(","));
  await p.locator("matter-search").evaluate((e) => e.setAttribute("lang", "zh-CN"));
  assert.equal(await p.locator("matter-search .label").textContent(), "搜索办事事项");
  await p.done();
});

test("typing fast: the newest query's answer is the one shown", T, async () => {
  const p = await open("/");
  await input(p).click();
  for (const q of ["两", "两用", "两用物", "拍", "拍卖"]) {
    await input(p).fill(q); // one input event each, no pause between them
  }
  await p.waitForTimeout(400);
  assert.match(await status(p).textContent(), /“拍卖”/);
  assert.match(await hits(p).first().locator(".hit-name").textContent(), /拍卖/);
  assert.match(await hash(p), /q=拍卖/);
  await p.done();
});

test("embedded from /matter-search/ in another page", T, async () => {
  const p = await open("/embed.html");
  await typeQuery(p, "直销");
  assert.match(await hits(p).first().locator(".hit-name").textContent(), /直销/);
  assert.ok(server.requests.includes("/matter-search/pkg/matter_search_bg.wasm"));
  await p.done();
});

test("axe-core: no serious or critical accessibility violations (results, detail, mobile, dark)", T, async () => {
  const axe = fs.readFileSync(AXE, "utf8");
  const views = [
    ["/#q=" + encodeURIComponent("两用物项"), { width: 1280, height: 800 }, "light"],
    ["/#m=mofcom-dual-use-export", { width: 1280, height: 800 }, "light"],
    ["/#q=" + encodeURIComponent("许可"), { width: 375, height: 812 }, "dark"],
    ["/#m=mofcom-import-licence", { width: 375, height: 812 }, "dark"],
  ];
  for (const [url, viewport, colorScheme] of views) {
    // axe is injected as a script, which the page's CSP would rightly block.
    const p = await open(url, { viewport, colorScheme, bypassCSP: true });
    await p.waitForFunction(() => document.querySelector("matter-search").shadowRoot.querySelector(".hit, .matter"));
    await p.addScriptTag({ content: axe });
    const result = await p.evaluate(async () => {
      const r = await window.axe.run(document, { resultTypes: ["violations"] });
      return r.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.slice(0, 3).map((n) => n.target.join(" ")) }));
    });
    const bad = result.filter((v) => v.impact === "serious" || v.impact === "critical");
    assert.deepEqual(bad, [], `${url} ${colorScheme} ${viewport.width}px: ${JSON.stringify(bad)}`);
    await p.done();
  }
});

test("screenshots at 1280×800 and 375×812; usable from 320 px", T, async () => {
  const q = encodeURIComponent("出口许可");
  const shots = [
    ["desktop-1280x800.png", `/#q=${q}`, { width: 1280, height: 800 }, "light"],
    ["mobile-375x812.png", `/#q=${q}`, { width: 375, height: 812 }, "light"],
    ["desktop-detail-1280x800.png", "/#m=mofcom-dual-use-export", { width: 1280, height: 800 }, "light"],
    ["mobile-detail-375x812.png", "/#m=mofcom-dual-use-export&form=form-dual-use-export-sample", { width: 375, height: 812 }, "light"],
    ["mobile-dark-375x812.png", `/#q=${q}`, { width: 375, height: 812 }, "dark"],
  ];
  for (const [file, url, viewport, colorScheme] of shots) {
    const p = await open(url, { viewport, colorScheme });
    await p.waitForFunction(() => document.querySelector("matter-search").shadowRoot.querySelector(".hit, .matter"));
    await p.evaluate(() => document.fonts.ready);
    await p.screenshot({ path: path.join(SHOTS, file) });
    assert.ok(fs.statSync(path.join(SHOTS, file)).size > 5000);
    await p.done();
  }
  if (process.env.UPDATE_DEMO_PNG) fs.copyFileSync(path.join(SHOTS, "desktop-1280x800.png"), path.join(ROOT, "docs/demo.png"));
  // 320 px: nothing wider than the screen, the box and results usable.
  for (const url of [`/#q=${q}`, "/#m=mofcom-dual-use-export"]) {
    const p = await open(url, { viewport: { width: 320, height: 640 } });
    await p.waitForFunction(() => document.querySelector("matter-search").shadowRoot.querySelector(".hit, .matter"));
    const width = await p.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(width <= 320, `${url}: page is ${width}px wide at 320px`);
    await p.done();
  }
});
