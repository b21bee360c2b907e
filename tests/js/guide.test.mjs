// The printable service guide (办事指南), in headless Chromium: the widget's
// detail view printed to PDF, and the CLI's standalone HTML opened from disk
// and printed to PDF; pdftotext (poppler-utils) reads both back. Also the
// widget's "今天提交，预计最晚 X 月 X 日前办结", computed in the browser, against
// the CLI's `deadline --json` for the same day.
//
// Needs what tests/js/widget.test.mjs needs (scripts/demo.sh --build-only,
// target/release/matter-search, /usr/bin/chromium, tests/js/node_modules)
// and pdftotext. Run: node --test tests/js/guide.test.mjs

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { chromium } from "playwright-core";
import { serve } from "./fixtures/static-server.mjs";

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, "../..");
const WWW = path.join(ROOT, "www");
const CLI = path.join(ROOT, "target/release/matter-search");
const CHROMIUM = process.env.CHROMIUM || "/usr/bin/chromium";
const T = { timeout: 90_000 };
const ID = "mofcom-dual-use-export";
const SUBMITTED = "2026-09-28";

const SECTIONS = ["基本信息", "设定依据", "受理条件", "申请材料", "办理流程", "办理时限", "收费标准", "办理地点与时间", "咨询与监督投诉", "常见问题", "空白表格与示范文本"];

let server;
let browser;
let tmp;
let matter;

const page = (lang) =>
  `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><title>guide</title>` +
  `<script type="module" src="/matter-search/widget.js"></script></head><body><main>` +
  `<matter-search src="/matter-search/catalogue.idx" lang="${lang}"></matter-search></main></body></html>`;

before(async () => {
  for (const f of ["pkg/matter_search.js", "pkg/matter_search_bg.wasm", "catalogue.idx", "widget.js"]) {
    assert.ok(fs.existsSync(path.join(WWW, f)), `www/${f} is missing: run scripts/demo.sh --build-only first`);
  }
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), "matter-search-guide-"));
  matter = JSON.parse(execFileSync(CLI, ["show", "--index", path.join(WWW, "catalogue.idx"), ID], { encoding: "utf8" }));
  server = await serve(WWW, {
    routes: { "/zh.html": { body: page("zh-CN") }, "/en.html": { body: page("en") } },
  });
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
});

after(async () => {
  await browser?.close();
  await server?.close();
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

/** Prints the page to PDF and returns its text, one string per page. */
async function pdfPages(p, name) {
  const file = path.join(tmp, `${name}.pdf`);
  await p.pdf({ path: file, format: "A4", printBackground: false });
  const text = execFileSync("pdftotext", ["-layout", file, "-"], { encoding: "utf8" });
  return text.split("\f").filter((s) => s.trim());
}

/** Whitespace-free, so text wrapped across lines still matches. */
const squash = (s) => s.replace(/\s+/g, "");

function checkGuide(pages, what) {
  const all = squash(pages.join("\n"));
  assert.ok(all.includes(squash(matter.name)), `${what}: matter name`);
  for (const s of SECTIONS) assert.ok(all.includes(s), `${what}: section ${s}`);
  // A line of text from every section that has one.
  const probes = [
    matter.basis[0].title,
    matter.conditions[0],
    matter.materials[0].name,
    matter.procedure[0].step,
    matter.location,
    matter.faq[0].question,
  ];
  for (const t of probes) assert.ok(all.includes(squash(t).slice(0, 20)), `${what}: ${t}`);
  // Each form starts a page of its own: the page begins with its kind and title.
  const starts = matter.forms.map((f) => {
    const head = (f.kind === "sample" ? "示范文本" : "空白表格") + squash(f.title);
    return pages.findIndex((pg) => squash(pg).startsWith(head));
  });
  for (const [i, at] of starts.entries()) assert.ok(at > 0, `${what}: form ${matter.forms[i].title} starts a page`);
  assert.equal(new Set(starts).size, matter.forms.length, `${what}: one page per form`);
  assert.ok(pages.length > matter.forms.length, `${what}: the guide, then the forms`);
}

test("the widget's detail view prints as a one-matter guide, due date included", T, async () => {
  const expected = JSON.parse(execFileSync(CLI, ["deadline", "--index", path.join(WWW, "catalogue.idx"), ID, "--submitted", SUBMITTED, "--json"], { encoding: "utf8" }));
  const context = await browser.newContext({ timezoneId: "Asia/Shanghai", viewport: { width: 1000, height: 800 } });
  const p = await context.newPage();
  await p.clock.setFixedTime(new Date(`${SUBMITTED}T10:00:00+08:00`));
  await p.goto(`${server.url}/zh.html#m=${ID}`);
  const detail = p.locator("matter-search .detail");
  await detail.locator("h2").filter({ hasText: matter.name }).waitFor();
  const [, mo, d] = expected.due.split("-").map(Number);
  const due = await detail.locator(".due-date").textContent();
  assert.equal(due, `今天提交，预计最晚 ${mo} 月 ${d} 日前办结`);
  // The same answer from the WASM API directly.
  const js = await p.evaluate(async ([id, day]) => {
    const mod = await import("/matter-search/pkg/matter_search.js");
    await mod.default();
    const bytes = new Uint8Array(await (await fetch("/matter-search/catalogue.idx")).arrayBuffer());
    const cat = new mod.Catalogue(bytes);
    let bad;
    try { cat.dueDate(id, "2026-9-28"); } catch (e) { bad = e.message; }
    return { due: cat.dueDate(id, day), none: cat.dueDate("no-such", day), bad };
  }, [ID, SUBMITTED]);
  assert.deepEqual(js.due, { due: expected.due, workingDays: expected.workingDays, days: expected.days, unit: expected.unit, basis: expected.basis });
  assert.equal(js.none, undefined);
  assert.match(js.bad, /not a date/);

  const pages = await pdfPages(p, "widget");
  checkGuide(pages, "widget");
  const all = squash(pages.join("\n"));
  assert.ok(all.includes(squash(due)), "the due date prints");
  // No widget chrome: no back link, no print buttons, no search box label.
  assert.ok(!all.includes("返回"), "no back link");
  const printed = (await p.locator("matter-search .print").first().textContent()).trim();
  assert.ok(!all.includes(squash(printed)), `no print buttons (${printed})`);
  await context.close();
});

test("English: the due date line", T, async () => {
  const context = await browser.newContext({ timezoneId: "Asia/Shanghai" });
  const p = await context.newPage();
  await p.clock.setFixedTime(new Date("2026-02-13T10:00:00+08:00"));
  await p.goto(`${server.url}/en.html#m=${ID}`);
  const line = p.locator("matter-search .detail .due-date");
  await line.waitFor();
  const expected = JSON.parse(execFileSync(CLI, ["deadline", "--index", path.join(WWW, "catalogue.idx"), ID, "--submitted", "2026-02-13", "--json"], { encoding: "utf8" }));
  const [, mo, d] = expected.due.split("-").map(Number);
  const month = new Date(Date.UTC(2026, mo - 1, 1)).toLocaleString("en", { month: "long", timeZone: "UTC" });
  assert.equal(await line.textContent(), `Submitted today, expect a decision by ${month} ${d} at the latest`);
  await context.close();
});

test("the CLI's guide is standalone HTML that prints every section", T, async () => {
  const html = path.join(tmp, "guide.html");
  execFileSync(CLI, ["guide", "--index", path.join(WWW, "catalogue.idx"), ID, "-o", html, "--submitted", SUBMITTED]);
  const src = fs.readFileSync(html, "utf8");
  assert.ok(!/<script|<link|\ssrc=/.test(src), "no scripts, no external resources");
  const context = await browser.newContext({ javaScriptEnabled: false });
  const p = await context.newPage();
  const requests = [];
  p.on("request", (r) => requests.push(r.url()));
  await p.goto(pathToFileURL(html).href);
  assert.deepEqual(requests, [pathToFileURL(html).href], "opens from disk, fetches nothing");
  const pages = await pdfPages(p, "cli");
  checkGuide(pages, "cli guide");
  assert.ok(squash(pages.join("")).includes("预计最晚"), "the due date for --submitted");
  await context.close();
});
