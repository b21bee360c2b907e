// The split-index loader (pkg/split.js) in Node: a split index answers as
// the one-file index of the same catalogue, fetching only some files.
// Run by scripts/test.sh after the CLI wrote target/parity/district.idx,
// target/parity/district-split/, and the same two of mofcom (whose matters
// give time limits, for dueDate).
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import init, { Catalogue, dueDateFor } from "../../pkg/index.js";
import { openCatalogue } from "../../pkg/split.js";

const root = new URL("../../", import.meta.url);
await init({ module_or_path: await readFile(new URL("pkg/matter_search_bg.wasm", root)) });
const one = new Catalogue(new Uint8Array(await readFile(new URL("target/parity/district.idx", root))));

// A fetch over the file system, counting what is asked for.
const asked = [];
const fileFetch = async (url) => {
  asked.push(String(url));
  try {
    const body = await readFile(new URL(url));
    return new Response(body, { status: 200 });
  } catch {
    return new Response("", { status: 404 });
  }
};
const entry = new URL("target/parity/district-split/entry.json", root);

test("a split index answers as the one-file index", async () => {
  const split = await openCatalogue(entry, { fetch: fileFetch });
  assert.equal(split.length, one.length);
  for (const q of ["建筑工程施工许可", "营业执照", "jianzhu", "社会保险", "1151160200", "不存在的词语组合"]) {
    const a = one.search(q, { limit: 10 });
    const b = await split.search(q, { limit: 10 });
    assert.deepEqual(b, a, q);
  }
  const id = one.search("建筑", { limit: 1 }).hits[0].id;
  assert.deepEqual(await split.get(id), one.get(id));
});

test("dueDate on a split index fetches what it needs and answers as the one-file index", async () => {
  const read = async (p) => new Uint8Array(await readFile(new URL(p, root)));
  const mofcom = new Catalogue(await read("target/parity/mofcom.idx"));
  const split = await openCatalogue(new URL("target/parity/mofcom-split/entry.json", root), { fetch: fileFetch });
  const ids = mofcom.search("许可", { limit: 20 }).hits.map((h) => h.id);
  const due = ids.map((id) => mofcom.dueDate(id, "2026-04-28"));
  assert.ok(due.some((d) => d !== undefined), "some matter has a time limit");
  for (const [i, id] of ids.entries()) {
    assert.deepEqual(await split.dueDate(id, "2026-04-28"), due[i], id);
  }
  assert.equal(await split.dueDate("no-such-matter", "2026-04-28"), undefined);
  // The widget's way: from the record's time_limit, no index file needed.
  for (const [i, id] of ids.entries()) {
    const tl = mofcom.get(id).time_limit ?? {};
    assert.deepEqual(dueDateFor(tl.statutory_days, tl.promised_days, tl.unit, "2026-04-28"), due[i], id);
  }
  assert.throws(() => dueDateFor(5, undefined, "weeks", "2026-04-28"), /unit "weeks"/);
  await assert.rejects(split.dueDate(ids[0], "2026-9-28"), /submitted date/);
});

test("a query fetches a few files, not the index", async () => {
  const split = await openCatalogue(entry, { fetch: fileFetch });
  const total = JSON.parse(await readFile(entry, "utf8")).files;
  const before = split.filesFetched;
  await split.search("建筑工程施工许可", { limit: 10 });
  const used = split.filesFetched - before;
  assert.ok(used > 0 && used * 4 < total, `${used} of ${total} files`);
  const again = split.filesFetched;
  await split.search("建筑工程施工许可", { limit: 10 });
  assert.equal(split.filesFetched, again, "a repeated query fetches nothing");
});

test("a missing file is an error that names it", async () => {
  const split = await openCatalogue(entry, { fetch: async (u) => (String(u).includes("term-") ? new Response("", { status: 404 }) : fileFetch(u)) });
  await assert.rejects(split.search("营业执照"), /cannot fetch .*term-/);
});

test("overlapping calls fetch each file once", async () => {
  const names = [];
  const counting = async (u) => {
    names.push(String(u).split("/").pop());
    return fileFetch(u);
  };
  const split = await openCatalogue(entry, { fetch: counting });
  const [a, b, c] = await Promise.all([
    split.search("建筑工程施工许可", { limit: 10 }),
    split.search("建筑工程施工许可", { limit: 10 }),
    split.suggest("建筑", 8),
  ]);
  assert.deepEqual(a, one.search("建筑工程施工许可", { limit: 10 }));
  assert.deepEqual(b, a);
  assert.deepEqual(c, one.suggest("建筑", 8));
  assert.equal(new Set(names).size, names.length, `fetched twice: ${names.join(", ")}`);
  assert.equal(split.filesFetched, names.length);
});

test("opening a hit reads its record, not the id lookup", async () => {
  const names = [];
  const split = await openCatalogue(entry, { fetch: async (u) => (names.push(String(u).split("/").pop()), fileFetch(u)) });
  const res = await split.search("社会保险", { limit: 10 });
  names.length = 0;
  for (const hit of res.hits) assert.deepEqual(await split.get(hit.id), one.get(hit.id), hit.id);
  assert.deepEqual(names.filter((n) => !n.startsWith("docs-")), [], "only record chunks");
});
