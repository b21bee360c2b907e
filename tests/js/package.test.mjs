// The npm package as a webmaster gets it (issue 13, point 10): `npm pack`
// of pkg/, installed into a fresh project, its folder served as a CDN
// would serve it at /matter-search/, and the README's two-line embed,
// copied from the README as written, loading the widget in headless
// Chromium. Needs scripts/build-wasm.sh, target/parity/mofcom.idx,
// /usr/bin/chromium and tests/js/node_modules.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";
import { serve } from "./fixtures/static-server.mjs";

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, "../..");

let tmp;
let installed;
let project;
let browser;

before(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), "ms-pack-"));
  const out = execFileSync("npm", ["pack", "--json", "--pack-destination", tmp, path.join(ROOT, "pkg")], { encoding: "utf8" });
  const [info] = JSON.parse(out);
  const files = info.files.map((f) => f.path).sort();
  for (const f of ["index.js", "matter_search.js", "matter_search_bg.wasm", "split.js", "widget.js", "widget.css", "i18n.js", "index.d.ts", "widget.d.ts"]) {
    assert.ok(files.includes(f), `the tarball has ${f}: ${files.join(", ")}`);
  }
  project = path.join(tmp, "site");
  fs.mkdirSync(project);
  fs.writeFileSync(path.join(project, "package.json"), '{"name":"site","private":true,"type":"module"}');
  execFileSync("npm", ["install", "--no-audit", "--no-fund", "--offline", path.join(tmp, info.filename)], { cwd: project, stdio: "pipe" });
  installed = path.join(project, "node_modules/matter-search");
  browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--no-sandbox", "--disable-gpu", "--no-first-run"] });
});

after(async () => {
  await browser?.close();
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

/** Loads a page with the widget, searches, and returns the first hit's name and the paths fetched. */
async function searchOn(server, url) {
  const p = await browser.newPage();
  const errors = [];
  p.on("pageerror", (e) => errors.push(e.message));
  await p.goto(server.url + url);
  await p.locator("matter-search[ready]").waitFor({ state: "attached" });
  await p.locator("matter-search input[type=search]").fill("两用物项");
  await p.waitForFunction(() => document.querySelector("matter-search").shadowRoot.querySelectorAll(".hit").length > 0);
  const first = await p.evaluate(() => document.querySelector("matter-search").shadowRoot.querySelector(".hit .hit-name").textContent);
  assert.deepEqual(errors, []);
  await p.close();
  return first;
}

test("npm pack, install into a fresh project, serve the package folder: the README embed works", { timeout: 120_000 }, async () => {
  assert.ok(fs.existsSync(path.join(installed, "widget.js")));
  // The embed as the README writes it.
  const readme = fs.readFileSync(path.join(ROOT, "README.md"), "utf8");
  const embed = readme.match(/```html\n([\s\S]*?)```/)[1];
  assert.match(embed, /<matter-search src="\/matter-search\/catalogue\.idx"/);
  const page = `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>市政府网站</title></head><body><h1>政务服务</h1>${embed}</body></html>`;
  const server = await serve(installed, {
    routes: {
      "/": { body: page, type: "text/html; charset=utf-8" },
      "/matter-search/catalogue.idx": { file: path.join(ROOT, "target/parity/mofcom.idx") },
    },
  });
  try {
    assert.match(await searchOn(server, "/"), /两用物项/);
    // Everything came from the installed package folder (or the index route).
    const asked = server.requests.filter((r) => r.startsWith("/matter-search/"));
    for (const f of ["/matter-search/widget.js", "/matter-search/index.js", "/matter-search/matter_search_bg.wasm", "/matter-search/widget.css"]) {
      assert.ok(asked.includes(f), `${f} was fetched: ${asked.join(", ")}`);
    }
    assert.deepEqual(server.sent.filter((s) => s.status !== 200 && s.path !== "/favicon.ico"), [], "no 404");
  } finally {
    await server.close();
  }
});

test("a Vite build of a page importing matter-search/widget copies the .wasm and the CSS, and works", { timeout: 180_000 }, async () => {
  const { build } = await import("vite");
  const site = path.join(project, "vite");
  fs.mkdirSync(path.join(site, "public"), { recursive: true });
  fs.copyFileSync(path.join(ROOT, "target/parity/mofcom.idx"), path.join(site, "public/catalogue.idx"));
  fs.writeFileSync(path.join(site, "main.js"), 'import "matter-search/widget";\n');
  fs.writeFileSync(path.join(site, "index.html"),
    '<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>Vite</title><script type="module" src="./main.js"></script></head>' +
    '<body><matter-search src="catalogue.idx"></matter-search></body></html>');
  await build({ root: site, logLevel: "silent", build: { outDir: path.join(site, "dist") } });
  const assets = fs.readdirSync(path.join(site, "dist/assets"));
  assert.ok(assets.some((f) => f.endsWith(".wasm")), `the .wasm was copied: ${assets.join(", ")}`);
  assert.ok(assets.some((f) => f.endsWith(".css")), `widget.css was copied: ${assets.join(", ")}`);
  const server = await serve(path.join(site, "dist"));
  try {
    assert.match(await searchOn(server, "/"), /两用物项/);
  } finally {
    await server.close();
  }
});
