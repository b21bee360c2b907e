// Every public method of the package, as its .d.ts declares it, called with
// arguments of the wrong type: each answers or throws an `Error` naming
// the argument ("matter-search: …"), never a WebAssembly trap or a bare
// TypeError, and the instance still answers the same afterwards. Also:
// index bytes as ArrayBuffer and other views, and the module used before
// `init()` and initialized in Node as the README shows. Run by
// scripts/test.sh after scripts/build-wasm.sh and the parity fixtures.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { readFileSync } from "node:fs";
import { execFileSync } from "node:child_process";
import ts from "typescript";
import init, * as pkg from "../../pkg/index.js";
import * as split from "../../pkg/split.js";

const root = new URL("../../", import.meta.url);
await init();
const idxBytes = await readFile(new URL("target/parity/mofcom.idx", root));
const entry = new URL("target/parity/mofcom-split/entry.json", root);
const fileFetch = async (url) => {
  try {
    return new Response(await readFile(new URL(url)), { status: 200 });
  } catch {
    return new Response("", { status: 404 });
  }
};

/** Methods of each exported class (and exported functions) in a .d.ts, with their parameter counts. */
function declared(file) {
  const text = readFileSync(new URL(file, root), "utf8");
  const src = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const classes = {};
  const functions = {};
  for (const st of src.statements) {
    if (ts.isClassDeclaration(st) && st.name) {
      const methods = {};
      for (const m of st.members) {
        if (ts.isMethodDeclaration(m) && m.name && ts.isIdentifier(m.name)) methods[m.name.text] = m.parameters.length;
      }
      classes[st.name.text] = methods;
    } else if (ts.isFunctionDeclaration(st) && st.name && st.name.text !== "default") {
      functions[st.name.text] = Math.max(functions[st.name.text] ?? 0, st.parameters.length);
    }
  }
  return { classes, functions };
}

const throwingProxy = () =>
  new Proxy({}, {
    get() { throw new Error("getter"); },
    getPrototypeOf() { throw new Error("getPrototypeOf"); },
    ownKeys() { throw new Error("ownKeys"); },
  });
const wrong = () => [
  ["123", 123], ["1.5", 1.5], ["NaN", Number.NaN], ["-1", -1], ["{}", {}], ["{limit:1}", { limit: 1 }],
  ["[]", []], ["[1]", [1]], ["null", null], ["undefined", undefined], ["Symbol", Symbol("s")],
  ["BigInt", 5n], ["true", true], ["function", () => 1], ["Proxy", throwingProxy()],
  ["Proxy of options", new Proxy({ limit: 1 }, { get() { throw new Error("getter"); } })],
  ["number[]", [1, 2, 3]],
];

/** Valid arguments for each method, to vary one position at a time. */
const valid = {
  search: ["两用物项", { limit: 3 }],
  searchTotal: ["两用物项"],
  get: ["mofcom-dual-use"],
  suggest: ["两用", 3],
  dueDate: ["mofcom-dual-use", "2026-09-28"],
  addFile: ["x.bin", new Uint8Array(0)],
  dueDateFor: [20, null, "working", "2026-09-28"],
  openCatalogue: [entry, { fetch: fileFetch }],
};

function isOurs(e) {
  return e instanceof Error && !(e instanceof WebAssembly.RuntimeError) && e.message.startsWith("matter-search:");
}

async function probe(label, fn) {
  try {
    await fn();
  } catch (e) {
    assert.ok(isOurs(e), `${label}: threw ${e?.constructor?.name}: ${e?.message ?? String(e)}`);
  }
}

async function everyMethodOf(obj, methods, label) {
  let calls = 0;
  for (const [name, arity] of Object.entries(methods)) {
    if (name === "free") continue;
    assert.equal(typeof obj[name], "function", `${label}.${name} is declared and exists`);
    for (let at = 0; at < arity; at++) {
      for (const [what, value] of wrong()) {
        const args = [...(valid[name] ?? [])];
        args[at] = value;
        await probe(`${label}.${name}(${at}: ${what})`, () => obj[name](...args));
        calls++;
      }
    }
  }
  return calls;
}

test("every declared method of Catalogue and SplitCatalogue, with wrong-typed arguments", async () => {
  const types = declared("pkg/index.d.ts");
  const splitTypes = declared("pkg/split.d.ts");
  assert.ok(Object.keys(types.classes.Catalogue).length >= 10, JSON.stringify(types.classes));
  const cat = new pkg.Catalogue(idxBytes);
  const sc = await split.openCatalogue(entry, { fetch: fileFetch });
  const before = JSON.stringify(cat.search("两用物项", { limit: 5 }));
  const beforeSplit = JSON.stringify(await sc.search("两用物项", { limit: 5 }));
  let calls = await everyMethodOf(cat, types.classes.Catalogue, "Catalogue");
  calls += await everyMethodOf(sc, splitTypes.classes.SplitCatalogue, "SplitCatalogue");
  for (const [name, arity] of Object.entries({ ...types.functions, ...splitTypes.functions })) {
    const fn = name === "openCatalogue" ? split.openCatalogue : pkg[name];
    assert.equal(typeof fn, "function", name);
    for (let at = 0; at < arity; at++) {
      for (const [what, value] of wrong()) {
        const args = [...(valid[name] ?? [])];
        args[at] = value;
        await probe(`${name}(${at}: ${what})`, () => fn(...args));
        calls++;
      }
    }
  }
  for (const [what, value] of wrong()) await probe(`new Catalogue(${what})`, () => new pkg.Catalogue(value));
  assert.ok(calls > 200, `${calls} calls`);
  assert.equal(JSON.stringify(cat.search("两用物项", { limit: 5 })), before, "still answers the same");
  assert.equal(JSON.stringify(await sc.search("两用物项", { limit: 5 })), beforeSplit, "the split index too");
  cat.free();
  await probe("a freed catalogue", () => cat.search("两用物项"));
});

test("codes typed as numbers are read as their strings; other wrong types name the argument", async () => {
  const cat = new pkg.Catalogue(idxBytes);
  // A code as a number has no leading zero: data/mofcom.json's 100030001000.
  const code = "100030001000";
  assert.equal(cat.search(code).hits[0]?.tier, "exact_id", "the fixture has this code");
  assert.deepEqual(cat.search(Number(code)), cat.search(String(code)));
  assert.ok(cat.search(Number(code)).total > 0);
  assert.deepEqual(cat.suggest(123), cat.suggest("123"));
  assert.equal(cat.get(1), cat.get("1"));
  for (const [args, re] of [
    [[{}], /search\(query\): expected a string \(got an object\)/],
    [[true], /search\(query\): expected a string \(got boolean\)/],
    [[undefined], /search\(query\): expected a string \(got undefined\)/],
    [[Symbol("q")], /search\(query\): expected a string \(got symbol\)/],
    [["x", new Proxy({ limit: 1 }, { get() { throw new Error("x"); } })], /options\.limit: cannot be read/],
  ]) {
    assert.throws(() => cat.search(...args), (e) => isOurs(e) && re.test(e.message));
  }
  assert.throws(() => cat.get({}), /get\(id\): expected a string/);
  assert.throws(() => cat.suggest(123, "8"), /suggest\(limit\): expected a whole number/);
  const sc = await split.openCatalogue(entry, { fetch: fileFetch });
  await assert.rejects(sc.search({}), /search\(query\): expected a string/);
  await assert.rejects(sc.get(null), /get\(id\): expected a string/);
  await assert.rejects(split.openCatalogue(Symbol("u")), /openCatalogue\(url\): expected a string or URL/);
  assert.deepEqual(await sc.search(Number(code)), cat.search(String(code)));
});

test("index bytes as ArrayBuffer, Uint8Array, Buffer and other views", () => {
  const u8 = new Uint8Array(idxBytes);
  const reference = new pkg.Catalogue(u8).search("两用物项", { limit: 5 });
  // A view into a larger buffer, at an offset: only the view's bytes are read.
  const padded = new Uint8Array(u8.length + 16);
  padded.set(u8, 8);
  for (const [what, bytes] of [
    ["ArrayBuffer", u8.slice().buffer],
    ["Buffer", idxBytes],
    ["DataView at an offset", new DataView(padded.buffer, 8, u8.length)],
    ["Uint8Array at an offset", padded.subarray(8, 8 + u8.length)],
  ]) {
    assert.deepEqual(new pkg.Catalogue(bytes).search("两用物项", { limit: 5 }), reference, what);
  }
  for (const bad of [[1, 2, 3], "catalogue.idx", {}, null, undefined, 5, throwingProxy(), new Proxy(u8.buffer, {})]) {
    assert.throws(() => new pkg.Catalogue(bad), /expected a Uint8Array or ArrayBuffer/);
  }
});

function node(code) {
  try {
    return { out: execFileSync(process.execPath, ["--input-type=module", "-e", code], { cwd: new URL(".", root), encoding: "utf8", stdio: "pipe" }), code: 0 };
  } catch (e) {
    return { out: String(e.stdout) + String(e.stderr), code: e.status };
  }
}

test("before init: a clear Error, not a glue TypeError", () => {
  const r = node(`
    import { Catalogue, version, dueDateFor } from "./pkg/index.js";
    for (const f of [() => new Catalogue(new Uint8Array(8)), () => version(), () => dueDateFor(1, null, null, "2026-01-05")]) {
      try { f(); console.log("no error"); } catch (e) { console.log(e.constructor.name + ": " + e.message); }
    }`);
  assert.equal(r.code, 0, r.out);
  const lines = r.out.trim().split("\n");
  assert.equal(lines.length, 3, r.out);
  for (const l of lines) assert.match(l, /^Error: matter-search: call `await init\(\)`/, r.out);
});

test("in Node, init() with no argument reads the module next to the package", () => {
  const r = node(`
    import init, { Catalogue } from "./pkg/index.js";
    import { readFile } from "node:fs/promises";
    await init();
    const cat = new Catalogue(await readFile("target/parity/mofcom.idx"));
    console.log(cat.search("两用物项").total > 0 ? "found" : "nothing");`);
  assert.equal(r.code, 0, r.out);
  assert.equal(r.out.trim(), "found");
});

test("the README's Node example runs as written, with the package installed in a fresh folder", async () => {
  const { mkdtempSync, mkdirSync, symlinkSync, copyFileSync, writeFileSync, rmSync } = await import("node:fs");
  const { tmpdir } = await import("node:os");
  const path = await import("node:path");
  const readme = readFileSync(new URL("README.md", root), "utf8");
  const blocks = [...readme.matchAll(/```js\n([\s\S]*?)```/g)].map((m) => m[1]);
  const example = blocks.find((b) => b.includes("in Node: reads"));
  assert.ok(example, "README has the Node example");
  const dir = mkdtempSync(path.join(tmpdir(), "ms-readme-"));
  try {
    mkdirSync(path.join(dir, "node_modules"));
    symlinkSync(new URL("pkg", root).pathname, path.join(dir, "node_modules", "matter-search"));
    copyFileSync(new URL("target/parity/mofcom.idx", root), path.join(dir, "catalogue.idx"));
    writeFileSync(path.join(dir, "package.json"), '{"type":"module"}');
    writeFileSync(path.join(dir, "example.mjs"), example);
    const out = execFileSync(process.execPath, ["example.mjs"], { cwd: dir, encoding: "utf8" });
    assert.match(out, /两用物项/, out);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("an unknown department is an Error naming the departments, as an unknown kind is", async () => {
  const cat = new pkg.Catalogue(idxBytes);
  assert.throws(() => cat.search("许可", { filters: { department: "不存在" } }),
    (e) => isOurs(e) && /options\.filters\.department: no department "不存在"/.test(e.message) && e.message.includes("产业安全与进出口管制局 (security-control)"));
  assert.throws(() => cat.search("许可", { filters: { department: ["security-control", "产业安全"] } }),
    /did you mean 产业安全与进出口管制局\?/);
  assert.throws(() => cat.search("许可", { filters: { kind: "不存在" } }), /options\.filters\.kind/);
  for (const d of ["security-control", "产业安全与进出口管制局", ["security-control"]]) {
    assert.ok(cat.search("许可", { filters: { department: d } }).total > 0, String(d));
  }
  const sc = await split.openCatalogue(entry, { fetch: fileFetch });
  await assert.rejects(sc.search("许可", { filters: { department: "不存在" } }), /no department "不存在"/);
});

test("every filter naming something the index lacks is an Error, one file and split (target as department)", async () => {
  const cat = new pkg.Catalogue(idxBytes);
  assert.throws(() => cat.search("许可", { filters: { target: "外星人" } }),
    (e) => isOurs(e) && /options\.filters\.target: no 服务对象 \(target\) "外星人"/.test(e.message) && e.message.includes("企业法人") && e.message.includes("自然人"));
  assert.throws(() => cat.search("许可", { filters: { target: ["企业法人", "法人"] } }), /did you mean 企业法人/);
  assert.throws(() => cat.search("许可", { filters: { status: "closed" } }), /options\.filters\.status: unknown status "closed"/);
  assert.ok(cat.search("许可", { filters: { target: "企业法人" } }).total > 0);
  // The instance still answers after each refusal.
  assert.ok(cat.search("两用物项").total > 0);
  const sc = await split.openCatalogue(entry, { fetch: fileFetch });
  await assert.rejects(sc.search("许可", { filters: { target: "外星人" } }), /no 服务对象 \(target\) "外星人"/);
  assert.ok((await sc.search("许可", { filters: { target: "企业法人" } })).total > 0);
});

test("the CLI's stats --json is what stats() returns in JavaScript", () => {
  const cli = new URL("target/release/matter-search", root).pathname;
  const idx = new URL("target/parity/mofcom.idx", root).pathname;
  const out = execFileSync(cli, ["stats", "--index", idx, "--json"], { encoding: "utf8" });
  assert.deepEqual(JSON.parse(out), new pkg.Catalogue(idxBytes).stats());
});
