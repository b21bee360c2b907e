// Shared helpers for the matter-search vs FlexSearch benchmarks.
// Every script is run from scripts/bench.sh; paths are relative to the
// repository root, which is this file's parent directory.
import fs from "node:fs";
import path from "node:path";
import zlib from "node:zlib";
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { Index, Charset } from "flexsearch";

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
export const OUT = path.join(ROOT, "bench", "out");
export const BIN = process.env.MS_BIN || path.join(ROOT, "target", "release", "matter-search");
export const DISTRICT_RAW = path.join(ROOT, "..", "shared", "data", "real", "sichuan-guangan-district-matters.json");
export const DISTRICT_IDX = path.join(OUT, "district.idx");
export const MOFCOM_JSON = path.join(ROOT, "data", "mofcom.json");
export const MOFCOM_IDX = path.join(OUT, "mofcom.idx");

export const FLEX_OPTIONS_TEXT = '{ encoder: Charset.CJK, tokenize: "forward" }';
/** A FlexSearch 0.8 index as the benchmarks use it: CJK charset, forward tokenizer. */
export function flexIndex() {
  return new Index({ encoder: Charset.CJK, tokenize: "forward" });
}

export function readJson(p) {
  return JSON.parse(fs.readFileSync(p, "utf8"));
}

/** The 1,135 district rows {name, item_code, department, task_type, …}, in file order. */
export function districtRows() {
  return readJson(DISTRICT_RAW);
}

/** FlexSearch over the district names; ids are the row numbers (numeric ids, as FlexSearch recommends). */
export function districtFlex(rows = districtRows()) {
  const idx = flexIndex();
  rows.forEach((r, i) => idx.add(i, r.name));
  return idx;
}

/** Exports a FlexSearch index (0.8: async, one callback per key) to [[key, data], …]. */
export async function flexExport(idx) {
  const parts = [];
  await idx.export((key, data) => {
    if (data !== undefined && data !== null) parts.push([key, data]);
  });
  return parts;
}

export const gzip = (buf) => zlib.gzipSync(buf, { level: 9 }).length;
export const brotli = (buf) =>
  zlib.brotliCompressSync(buf, {
    params: {
      [zlib.constants.BROTLI_PARAM_QUALITY]: zlib.constants.BROTLI_MAX_QUALITY,
      [zlib.constants.BROTLI_PARAM_SIZE_HINT]: buf.length,
    },
  }).length;

/** Raw, gzip -9 and brotli 11 sizes of one buffer or string. */
export function sizes(data) {
  const buf = Buffer.isBuffer(data) ? data : Buffer.from(data, "utf8");
  return { raw: buf.length, gzip: gzip(buf), brotli: brotli(buf) };
}

/** Sizes of several parts: each compressed on its own and summed, and all concatenated (newline-separated) as one file. */
export function partSizes(strings) {
  const bufs = strings.map((s) => Buffer.from(s, "utf8"));
  const perKey = { raw: 0, gzip: 0, brotli: 0 };
  for (const b of bufs) {
    perKey.raw += b.length;
    perKey.gzip += gzip(b);
    perKey.brotli += brotli(b);
  }
  const oneFile = sizes(Buffer.from(strings.join("\n"), "utf8"));
  return { parts: strings.length, perKey, oneFile };
}

/** Runs the CLI; returns stdout as a string. */
export function cli(args, input) {
  const r = spawnSync(BIN, args, { input, maxBuffer: 1 << 30, encoding: "utf8" });
  if (r.status !== 0) {
    throw new Error(`${BIN} ${args.join(" ")} failed (${r.status}): ${r.stderr}`);
  }
  return r.stdout;
}

/** Answers many queries in one process through `search -` (stdin batch mode). */
export function cliSearchBatch(indexPath, queries, limit = 10) {
  const out = cli(["search", "--index", indexPath, "--limit", String(limit), "-"], queries.join("\n") + "\n");
  const lines = out.split("\n").filter((l) => l.length > 0);
  if (lines.length !== queries.length) {
    throw new Error(`expected ${queries.length} result lines, got ${lines.length}`);
  }
  return lines.map((l) => JSON.parse(l));
}

/** The sections of an index file: [{tag, offset, len}] (layout of src/index/format.rs). */
export function indexSections(buf) {
  const HEADER_LEN = 24;
  const body = buf.subarray(HEADER_LEN);
  const count = body.readUInt32LE(0);
  const out = [];
  for (let i = 0; i < count; i++) {
    const at = 4 + i * 12;
    out.push({
      tag: body.subarray(at, at + 4).toString("latin1"),
      offset: HEADER_LEN + body.readUInt32LE(at + 4),
      len: body.readUInt32LE(at + 8),
    });
  }
  return out;
}

export const chars = (s) => Array.from(s);

export function writeJson(name, value) {
  fs.mkdirSync(OUT, { recursive: true });
  fs.writeFileSync(path.join(OUT, name), JSON.stringify(value, null, 2) + "\n");
}

/** The texts matter-search indexes for one matter (mirrors the texts src/index/builder.rs indexes), joined by newlines. */
export function matterText(m, depts) {
  const t = [m.name, ...(m.aliases || [])];
  for (const f of m.forms || []) t.push(f.title);
  for (const b of m.basis || []) t.push(b.article ? `${b.title} ${b.article}` : b.title);
  t.push(...(m.conditions || []));
  for (const x of m.materials || []) t.push(x.name);
  for (const s of m.procedure || []) t.push(s.description ? `${s.step}：${s.description}` : s.step);
  t.push(...(m.targets || []), m.level);
  for (const b of m.basis || []) t.push(b.text);
  for (const x of m.materials || []) t.push(x.note);
  for (const q of m.faq || []) t.push(q.question, q.answer);
  for (const f of m.forms || []) t.push(...(f.fields || []).map((x) => x.label), f.text);
  t.push(m.case_type, m.fee?.standard, m.fee?.basis, m.result?.name, m.time_limit?.note, m.notes, m.status_note);
  const d = depts.get(m.department);
  if (d) t.push(d.name, ...(d.aliases || []));
  t.push(m.kind);
  return t.filter((s) => typeof s === "string" && s.trim() !== "").join("\n");
}
