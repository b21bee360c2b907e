// The npm package in pkg/, as a Node program uses it: shapes, errors and
// hostile input. Run by scripts/test.sh (`node --test tests/js/`), after
// scripts/build-wasm.sh and the parity fixtures in target/parity/.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { readFileSync } from "node:fs";
import init, { Catalogue, version } from "../../pkg/index.js";

const root = new URL("../../", import.meta.url);
await init({ module_or_path: await readFile(new URL("pkg/matter_search_bg.wasm", root)) });
const mofcomBytes = new Uint8Array(await readFile(new URL("target/parity/mofcom.idx", root)));
const districtBytes = new Uint8Array(await readFile(new URL("target/parity/district.idx", root)));
const cat = new Catalogue(mofcomBytes);

test("search returns plain objects with UTF-16 highlights", () => {
  const res = cat.search("两用物项", { limit: 5 });
  assert.equal(typeof res.total, "number");
  assert.ok(res.total >= 1);
  assert.ok(res.hits.length <= 5);
  const hit = res.hits[0];
  assert.equal(Object.getPrototypeOf(hit), Object.prototype, "a plain object, not a wasm handle");
  for (const key of ["id", "name", "score", "tier", "department", "departmentId", "kind", "status",
    "timeLimit", "caseType", "charged", "online", "highlights", "snippet", "via"]) {
    assert.ok(key in hit, `hit.${key}`);
  }
  for (const h of hit.highlights) assert.equal(hit.name.slice(h.start, h.end), "两用物项");
  assert.ok(Array.isArray(res.facets.department) && Array.isArray(res.facets.kind));
  assert.equal(hit.via, "direct");
  // 两用物项 has synonyms in data/synonyms.txt (军民两用 …): searched too.
  assert.ok(res.rewrites.every((r) => r.via === "synonym" && typeof r.text === "string"), JSON.stringify(res.rewrites));
});

test("pinyin, traditional characters and synonyms: via and rewrites", () => {
  const simplified = cat.search("两用物项", { limit: 10 });
  // Traditional characters give the same hits in the same order.
  const traditional = cat.search("兩用物項", { limit: 10 });
  assert.deepEqual(traditional.hits.map((h) => [h.id, h.score, h.via]), simplified.hits.map((h) => [h.id, h.score, h.via]));
  // Full pinyin and initials find the same first matter, marked as pinyin,
  // with the Han words they were read as; highlights are on the name.
  for (const q of ["liangyongwuxiang", "lywx", "liang yong wu xiang"]) {
    const res = cat.search(q, { limit: 3 });
    assert.equal(res.hits[0]?.id, simplified.hits[0].id, q);
    assert.equal(res.hits[0].via, "pinyin", q);
    assert.ok(res.rewrites.some((r) => r.via === "pinyin" && r.text === "两用物项"), `${q}: ${JSON.stringify(res.rewrites)}`);
    assert.ok(res.hits[0].highlights.length > 0, q);
  }
  // A synonym from data/synonyms.txt: 外资 finds 外商投资 matters, below
  // anything 外资 finds as typed.
  const syn = cat.search("外资", { limit: 50 });
  assert.ok(syn.rewrites.some((r) => r.via === "synonym"), JSON.stringify(syn.rewrites));
  const vias = syn.hits.map((h) => h.via);
  assert.ok(vias.includes("synonym"), vias.join(","));
  assert.ok(vias.lastIndexOf("direct") < vias.indexOf("synonym") || !vias.includes("direct"), vias.join(","));
});

test("abbreviations the catalogue does not use are read in full: via and rewrites say so", () => {
  // Built with --no-colloquial, which lists 社保卡 itself: the walk along
  // the district's words reads 社保卡 as 社会保障卡.
  const d = new Catalogue(new Uint8Array(readFileSync(new URL("target/parity/district-plain.idx", root))));
  const res = d.search("社保卡", { limit: 5 });
  const seen = JSON.stringify(res.hits.map((h) => [h.name, h.via]));
  assert.ok(res.hits[0]?.name.includes("社会保障卡"), seen);
  assert.equal(res.hits[0].via, "abbreviation", seen);
  const read = res.rewrites.filter((r) => r.via === "abbreviation").map((r) => [r.from, r.to]);
  assert.deepEqual(read, [["社保卡", ["社会保障卡"]]], JSON.stringify(res.rewrites));
  d.free();
});

test("everyday names, intent words and fillers: rewrites say what was understood", () => {
  // The district index is built with the default everyday-names lexicon
  // (data/colloquial.txt): 公租房 is read as 公共租赁住房.
  const d = new Catalogue(districtBytes);
  const res = d.search("公租房", { limit: 10 });
  const read = res.rewrites.find((r) => r.via === "colloquial");
  assert.deepEqual(read && [read.from, read.to], ["公租房", ["公共租赁住房"]], JSON.stringify(res.rewrites));
  // 公共租赁住房's matters are found (some directly too: 公, 租 and 房 are
  // in their names), and the everyday reading finds matters of its own.
  const seen = JSON.stringify(res.hits.map((h) => [h.name, h.via]));
  assert.ok(res.hits.some((h) => h.name.includes("公共租赁住房")), seen);
  assert.ok(res.hits.some((h) => h.via === "colloquial"), seen);
  // 丢了 is an intent word, 怎么办 a filler: both reported, with from and to.
  const lost = d.search("身份证丢了怎么办", { limit: 5 });
  const intent = lost.rewrites.find((r) => r.via === "intent");
  assert.equal(intent?.from, "丢了", JSON.stringify(lost.rewrites));
  assert.ok(intent.to.includes("遗失") && intent.to.includes("补办"), JSON.stringify(intent));
  assert.ok(lost.rewrites.some((r) => r.via === "filler" && r.from === "怎么办" && r.to.length === 0), JSON.stringify(lost.rewrites));
  for (const r of [...res.rewrites, ...lost.rewrites]) {
    assert.equal(typeof r.text, "string");
    assert.ok(Array.isArray(r.to) && r.to.every((t) => typeof t === "string"));
  }
  // Typed as the catalogue writes it, nothing was read otherwise.
  assert.deepEqual(d.search("公共租赁住房申请资格审核认定", { limit: 1 }).rewrites.filter((r) => r.via !== "synonym"), []);
  d.free();
});

test("highlights stay right after characters outside the BMP", () => {
  // 𠀀 is two UTF-16 units: offsets must count units, not bytes or chars.
  const res = cat.search("𠀀 出口");
  for (const hit of res.hits) for (const h of hit.highlights) {
    assert.equal(hit.name.slice(h.start, h.end), "出口");
  }
});

test("filters, paging and facets", () => {
  const all = cat.search("许可", { limit: 1000 });
  const page = cat.search("许可", { limit: 3, offset: 3 });
  assert.deepEqual(page.hits.map((h) => h.id), all.hits.slice(3, 6).map((h) => h.id));
  const lic = cat.search("许可", { filters: { kind: "行政许可" }, limit: 1000 });
  assert.ok(lic.hits.every((h) => h.kind === "行政许可"));
  const free = cat.search("", { filters: { free: true }, limit: 1000 });
  assert.ok(free.hits.every((h) => h.charged === false));
  const dept = all.facets.department[0];
  const byDept = cat.search("许可", { filters: { department: dept.value }, limit: 1000 });
  assert.equal(byDept.total, dept.count);
  const quick = cat.search("", { filters: { maxDays: 20 }, limit: 1000 });
  assert.ok(quick.hits.every((h) => {
    const t = h.timeLimit;
    const d = t && (t.promisedDays ?? t.statutoryDays);
    return d !== null && d <= 20;
  }));
});

test("get, suggest, stats, departments, title, length", () => {
  const id = cat.search("技术出口合同登记").hits[0].id;
  const m = cat.get(id);
  assert.equal(m.id, id);
  assert.ok(m.basis.length > 0 && m.materials.length > 0 && m.procedure.length > 0);
  assert.equal(cat.get("no-such-matter"), undefined);
  const s = cat.suggest("技术", 5);
  assert.ok(s.length > 0 && s.length <= 5 && s.every((x) => typeof x === "string"));
  const st = cat.stats();
  assert.equal(st.matters, cat.length);
  assert.ok(st.sections.some((x) => x.name === "DOCS"));
  assert.ok(cat.departments().length > 5);
  assert.ok(cat.title.length > 0);
  assert.match(version(), /^\d+\.\d+\.\d+/);
});

test("a second catalogue in the same module", () => {
  const d = new Catalogue(districtBytes);
  assert.equal(d.length, 1135);
  assert.ok(d.search("企业投资项目备案").total > 0);
  assert.ok(cat.search("两用物项").total > 0);
  d.free();
});

function throwsError(fn, pattern) {
  assert.throws(fn, (e) => {
    assert.ok(e instanceof Error, `an Error, got ${e}`);
    if (pattern) assert.match(e.message, pattern);
    return true;
  });
}

test("bad index bytes throw an Error and the module keeps working", () => {
  const corrupt = mofcomBytes.slice();
  corrupt[corrupt.length >> 1] ^= 0xff;
  const future = mofcomBytes.slice();
  future[8] = 99;
  for (const [bytes, re] of [
    [new Uint8Array(0), /not a matter-search index/],
    [new TextEncoder().encode("<!doctype html><title>404</title>"), /not a matter-search index/],
    [mofcomBytes.slice(0, 1000), /truncated/],
    [corrupt, /checksum/],
    [future, /version/],
  ]) {
    throwsError(() => new Catalogue(bytes), re);
  }
  assert.ok(cat.search("两用物项").total > 0, "still answers after errors");
});

test("wrong argument types throw, never trap", () => {
  throwsError(() => cat.search("x", "limit=10"), /options/);
  throwsError(() => cat.search("x", [1, 2]), /options/);
  throwsError(() => cat.search("x", { limit: "10" }), /options\.limit/);
  throwsError(() => cat.search("x", { limit: -1 }), /options\.limit/);
  throwsError(() => cat.search("x", { limit: 1.5 }), /options\.limit/);
  throwsError(() => cat.search("x", { limit: 1e9 }), /options\.limit/);
  throwsError(() => cat.search("x", { limt: 10 }), /options\.limt/);
  throwsError(() => cat.search("x", { filters: { kind: 5 } }), /options\.filters\.kind/);
  throwsError(() => cat.search("x", { filters: { kind: "许可" } }), /options\.filters\.kind/);
  throwsError(() => cat.search("x", { filters: { department: [1] } }), /options\.filters\.department\[0\]/);
  throwsError(() => cat.search("x", { filters: { free: "yes" } }), /options\.filters\.free/);
  throwsError(() => cat.search("x", { weights: { name: Number.NaN } }), /options\.weights\.name/);
  throwsError(() => cat.search("x", { weights: { nam: 1 } }), /options\.weights\.nam/);
  // Things that are not strings are read as JavaScript would print them.
  for (const q of [123, null, undefined, {}, [], true]) {
    try { cat.search(q); } catch (e) { assert.ok(e instanceof Error, String(e)); }
  }
  for (const id of [123, null, undefined, {}]) {
    try { cat.get(id); } catch (e) { assert.ok(e instanceof Error, String(e)); }
  }
  assert.ok(cat.search("两用物项", null).total > 0);
  assert.ok(cat.search("两用物项", undefined).total > 0);
  assert.ok(cat.search("两用物项", { filters: null, weights: undefined }).total > 0);
  assert.ok(cat.search("两用物项").total > 0, "still answers");
});

test("hostile queries are answered", () => {
  for (const q of ["\uD800", "\uDC00abc\uD800", "对外\uD834贸易", "\u0000", "<script>alert(1)</script>",
    "对外贸易".repeat(250_000), "ｘ".repeat(10_000), "😀".repeat(1000), " ".repeat(1000), "\u200B\uFEFF"]) {
    const res = cat.search(q);
    assert.equal(typeof res.total, "number");
    assert.ok(res.query.length <= 1024, "the query is cut");
  }
  assert.ok(cat.suggest("\uD800", 3).length >= 0);
  assert.ok(cat.search("两用物项").total > 0, "still answers");
});
