// The package's entry point ("matter-search"): the classes and functions
// of the generated glue (matter_search.js), each argument checked here,
// in JavaScript, before it reaches the module's linear memory. The glue
// itself copies whatever it is given (a number as a query became an
// out-of-bounds read in the module), so nothing else imports it directly.
// Copied to pkg/index.js by scripts/build-wasm.sh; types in index.d.ts.
import wasmInit, {
  initSync as wasmInitSync,
  Catalogue as WasmCatalogue,
  dueDateFor as wasmDueDateFor,
  version as wasmVersion,
} from "./matter_search.js";

const WASM_URL = new URL("matter_search_bg.wasm", import.meta.url);

function fail(message) {
  return new Error(`matter-search: ${message}`);
}

/** What a wrong argument was, without calling anything on it (a Proxy may throw). */
function kind(v) {
  if (v === null) return "null";
  if (typeof v !== "object") return typeof v;
  try {
    return Array.isArray(v) ? "an array" : "an object";
  } catch {
    return "an object"; // a revoked Proxy
  }
}

/** A string argument; a number (a code typed as a number) is read as its string. */
function text(v, name) {
  if (typeof v === "string") return v;
  if ((typeof v === "number" && Number.isFinite(v)) || typeof v === "bigint") return String(v);
  throw fail(`${name}: expected a string (got ${kind(v)})`);
}

/** An optional whole number. */
function count(v, name) {
  if (v === undefined || v === null) return undefined;
  if (typeof v === "number" && Number.isInteger(v) && v >= 0 && v <= 0xffffffff) return v;
  throw fail(`${name}: expected a whole number ≥ 0 (got ${kind(v)})`);
}

const arrayBufferLength = Object.getOwnPropertyDescriptor(ArrayBuffer.prototype, "byteLength").get;

/** `ArrayBuffer`, `Uint8Array` or any other typed-array view, as a `Uint8Array` over the same bytes. */
function bytes(v, name) {
  try {
    if (ArrayBuffer.isView(v)) return new Uint8Array(v.buffer, v.byteOffset, v.byteLength);
    // The getter throws for anything but a real ArrayBuffer (a Proxy of one included).
    arrayBufferLength.call(v);
    return new Uint8Array(v);
  } catch {
    throw fail(`${name}: expected a Uint8Array or ArrayBuffer (got ${kind(v)})`);
  }
}

const MAX_LIST = 10000;

/**
 * A plain copy of the search options, read here so that no getter or
 * Proxy trap runs while the module reads them; the module checks the
 * values and names the option that is wrong.
 */
function plain(v, path, depth = 0) {
  if (v === undefined || v === null || typeof v !== "object") return v;
  let keys, array, length;
  try {
    array = Array.isArray(v);
    length = array ? v.length : 0;
    keys = array ? [...Array(Math.min(length, MAX_LIST)).keys()] : Object.keys(v);
  } catch {
    throw fail(`${path}: cannot be read`);
  }
  if (length > MAX_LIST) throw fail(`${path}: more than ${MAX_LIST} values`);
  const out = array ? [] : {};
  for (const key of keys) {
    const at = typeof key === "number" ? `${path}[${key}]` : `${path}.${key}`;
    let x;
    try {
      x = v[key];
    } catch {
      throw fail(`${at}: cannot be read`);
    }
    out[key] = depth < 2 ? plain(x, at, depth + 1) : x;
  }
  return out;
}

let ready = false;

/** Throws a clear error when the module is not initialized (`wasm` is still undefined in the glue). */
function needModule(what) {
  if (ready) return;
  try {
    wasmVersion();
    ready = true;
  } catch {
    throw fail(`call \`await init()\` (or \`initSync(…)\`) before ${what}`);
  }
}

function isNode() {
  return typeof process === "object" && typeof process.versions?.node === "string";
}

/**
 * Loads the WebAssembly module. With no argument it is read from next to
 * this file: fetched in a browser, read from disk in Node (where `fetch`
 * cannot open `file:` URLs). Accepts what the glue's `init` accepts: a URL,
 * a `Response`, bytes, a `WebAssembly.Module`, or `{ module_or_path }`.
 */
export default async function init(input) {
  if (input === undefined && WASM_URL.protocol === "file:" && isNode()) {
    // A name in a variable: bundlers for the browser leave the import alone.
    const fs = "node:fs/promises";
    const { readFile } = await import(/* @vite-ignore */ fs);
    input = { module_or_path: await readFile(WASM_URL) };
  }
  const out = await wasmInit(input);
  ready = true;
  return out;
}

/** Loads the module synchronously from its bytes or a compiled `WebAssembly.Module`. */
export function initSync(module) {
  const out = wasmInitSync(module);
  ready = true;
  return out;
}

/** One opened index file: search it, fetch matters, suggest completions. */
export class Catalogue extends WasmCatalogue {
  constructor(data) {
    const b = bytes(data, "new Catalogue(bytes)");
    needModule("`new Catalogue(…)`");
    super(b);
  }
  /** Throws instead of reading a null pointer when the catalogue was freed. */
  #live() {
    if (!this.__wbg_ptr) throw fail("this Catalogue was freed");
  }
  search(query, options) {
    const q = text(query, "search(query)");
    const o = plain(options, "options");
    this.#live();
    return super.search(q, o);
  }
  searchTotal(query) {
    const q = text(query, "searchTotal(query)");
    this.#live();
    return super.searchTotal(q);
  }
  get(id) {
    const i = text(id, "get(id)");
    this.#live();
    return super.get(i);
  }
  suggest(prefix, limit) {
    const p = text(prefix, "suggest(prefix)");
    const n = count(limit, "suggest(limit)");
    this.#live();
    return super.suggest(p, n);
  }
  dueDate(id, submitted) {
    const i = text(id, "dueDate(id)");
    const s = text(submitted, "dueDate(submitted)");
    this.#live();
    return super.dueDate(i, s);
  }
  addFile(name, data) {
    const n = text(name, "addFile(name)");
    const b = bytes(data, "addFile(bytes)");
    this.#live();
    return super.addFile(n, b);
  }
  stats() {
    this.#live();
    return super.stats();
  }
  departments() {
    this.#live();
    return super.departments();
  }
  missing() {
    this.#live();
    return super.missing();
  }
  compressionHistory() {
    this.#live();
    return super.compressionHistory();
  }
  get isSplit() {
    this.#live();
    return super.isSplit;
  }
  get title() {
    this.#live();
    return super.title;
  }
  get length() {
    this.#live();
    return super.length;
  }
  free() {
    if (this.__wbg_ptr) super.free();
  }
}

/** See `Catalogue.dueDate`: the same answer from a record's `time_limit`. */
export function dueDateFor(statutoryDays, promisedDays, unit, submitted) {
  const st = count(statutoryDays, "dueDateFor(statutoryDays)");
  const pr = count(promisedDays, "dueDateFor(promisedDays)");
  const u = unit === undefined || unit === null ? undefined : text(unit, "dueDateFor(unit)");
  const s = text(submitted, "dueDateFor(submitted)");
  needModule("`dueDateFor(…)`");
  return wasmDueDateFor(st, pr, u, s);
}

/** The version of this package (the crate version). */
export function version() {
  needModule("`version()`");
  return wasmVersion();
}
