// Size: matter-search's one index file against FlexSearch 0.8's exported index,
// on the district list (names) and on the default catalogue (data/mofcom.json).
// Writes bench/out/size.json.
import fs from "node:fs";
import { Index } from "flexsearch";
import {
  BIN, DISTRICT_IDX, MOFCOM_IDX, MOFCOM_JSON,
  cli, districtRows, flexExport, flexIndex, indexSections, matterText, partSizes, readJson, sizes, writeJson,
} from "./common.mjs";

/** `matter-search stats --index` text output → [{section, bytes, gzip}] (gzip as the CLI computes it, flate2 best). */
function cliStats(idxPath) {
  const text = cli(["stats", "--index", idxPath]);
  const rows = [];
  for (const line of text.split("\n")) {
    const m = line.match(/^(\S+)\s+(\d+)\s+([\d.]+)%\s*(\d*)\s*$/);
    if (m) rows.push({ section: m[1], bytes: +m[2], gzip: m[4] === "" ? null : +m[4] });
    const t = line.match(/^total\s+(\d+)\s+(\d+)\s*$/);
    if (t) rows.push({ section: "total", bytes: +t[1], gzip: +t[2] });
  }
  const head = text.split("\n").slice(0, 2).join("\n");
  return { text, head, rows };
}

/** matter-search: the whole file, and its search part (what a query needs) vs its stored part. */
function oursSizes(idxPath) {
  const buf = fs.readFileSync(idxPath);
  const secs = indexSections(buf);
  const pick = (tags) => Buffer.concat(secs.filter((s) => tags.includes(s.tag)).map((s) => buf.subarray(s.offset, s.offset + s.len)));
  return {
    file: sizes(buf),
    // Terms (FST), postings, the query lexicon and metadata: the counterpart of FlexSearch's exported index.
    searchPart: sizes(pick(["META", "TERM", "POST", "LEXI"])),
    // Filter columns, record offsets and the stored records (names, ids, codes, departments …).
    storedPart: sizes(pick(["COLS", "DOCO", "DOCS"])),
    stats: cliStats(idxPath),
  };
}

/** FlexSearch (CJK charset, forward) over [[id, text], …], exported: its keys and sizes, and the exported strings. */
async function flexExported(pairs) {
  const idx = flexIndex();
  for (const [id, t] of pairs) idx.add(id, t);
  const parts = await flexExport(idx);
  const data = parts.map(([, d]) => d);
  return {
    keys: parts.map(([k, d]) => ({ key: k, raw: Buffer.byteLength(d) })),
    index: partSizes(data),
    data,
  };
}

/** FlexSearch with numeric ids (row numbers), alone and with each store JSON beside it. */
async function flexSizes(texts, stores) {
  const { keys, index, data } = await flexExported(texts.map((t, i) => [i, t]));
  const out = { keys, index, withStore: {} };
  for (const [name, store] of Object.entries(stores)) {
    out.withStore[name] = { store: partSizes([store]).oneFile, total: partSizes([...data, store]) };
  }
  return out;
}

const rows = districtRows();
const district = {
  matters: rows.length,
  ours: oursSizes(DISTRICT_IDX),
  flex: await flexSizes(
    rows.map((r) => r.name),
    {
      idsNames: JSON.stringify(rows.map((r) => [r.item_code, r.name])),
      records: JSON.stringify(rows.map((r) => [r.item_code, r.name, r.department, r.task_type])),
    },
  ),
};
// The project issue's target configuration: each name added with its real id,
// the matter's item_code string (what a page needs to link a hit to its matter).
{
  const { keys, index } = await flexExported(rows.map((r) => [r.item_code, r.name]));
  district.flexItemCode = { ids: "item_code strings", keys, index };
}

const cat = readJson(MOFCOM_JSON);
const depts = new Map(cat.departments.map((d) => [d.id, d]));
const mofcom = {
  matters: cat.matters.length,
  ours: oursSizes(MOFCOM_IDX),
  flex: await flexSizes(
    cat.matters.map((m) => matterText(m, depts)),
    {
      idsNames: JSON.stringify(cat.matters.map((m) => [m.id, m.name])),
      // The whole catalogue, minified: every record, as matter-search's index stores it.
      records: JSON.stringify(cat),
    },
  ),
};

// For context only: FlexSearch's default encoder (no CJK split), which keeps
// each name as one token and indexes its prefixes.
const variants = {};
{
  const idx = new Index({ tokenize: "forward" });
  rows.forEach((r, i) => idx.add(i, r.name));
  variants.defaultEncoderForward = {
    options: '{ tokenize: "forward" }',
    index: partSizes((await flexExport(idx)).map(([, d]) => d)).oneFile,
  };
}

writeJson("size.json", { bin: BIN, district, mofcom, variants });

const kb = (n) => (n / 1024).toFixed(1) + " KiB";
for (const [name, r] of Object.entries({ district, mofcom })) {
  const f = r.flex.index.oneFile, o = r.ours.file;
  console.log(`${name}: matter-search ${kb(o.raw)} raw, ${kb(o.gzip)} gzip, ${kb(o.brotli)} br; ` +
    `FlexSearch index ${kb(f.raw)} raw, ${kb(f.gzip)} gzip, ${kb(f.brotli)} br; ` +
    `ratio gzip ${(o.gzip / f.gzip).toFixed(2)}, br ${(o.brotli / f.brotli).toFixed(2)}`);
}
{
  const f = district.flexItemCode.index.oneFile, o = district.ours.file;
  console.log(`district, FlexSearch with item_code ids: index ${kb(f.raw)} raw, ${kb(f.gzip)} gzip, ${kb(f.brotli)} br; ` +
    `ratio gzip ${(o.gzip / f.gzip).toFixed(2)}, br ${(o.brotli / f.brotli).toFixed(2)}`);
}
