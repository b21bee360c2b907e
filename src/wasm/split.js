// The loader of split indexes: fetches the files a query needs, in
// parallel, inflates them with the platform's DecompressionStream and
// hands them to the WebAssembly index, then asks again. Works with any
// static host: relative URLs only, no server logic.
//
//   import init from "matter-search";
//   import { openCatalogue } from "matter-search/split";
//   // The entry and root files download while the module compiles.
//   const cat = await openCatalogue(new URL("index/entry.json", location.href), { ready: init() });
//   const res = await cat.search("营业执照", { limit: 10 });
//   const matter = await cat.get(res.hits[0].id);
//
// Calls may overlap (a widget searches and suggests at once): a file two
// calls need is fetched once. Types: split.d.ts.
import { Catalogue } from "./index.js";

/** Most rounds of fetching one call may take: each step of a query (its words, their passages, the other readings, the columns of the matches, the records shown) is a round, and a typical query needs four to six. */
const MAX_ROUNDS = 16;

async function inflate(bytes) {
  const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("deflate-raw"));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

/** `.z.bin` continues the index's compression history: inflate both, drop the history's output. */
async function inflateAfter(history, bytes) {
  const skip = new DataView(history.buffer, history.byteOffset, 4).getUint32(0, true);
  const joined = new Uint8Array(history.length - 4 + bytes.length);
  joined.set(history.subarray(4), 0);
  joined.set(bytes, history.length - 4);
  return (await inflate(joined)).subarray(skip);
}

async function fetchBytes(fetchFn, url) {
  let res;
  try {
    res = await fetchFn(url);
  } catch (e) {
    throw new Error(`matter-search: cannot fetch ${url}: ${e?.message ?? e}`);
  }
  if (!res.ok) throw new Error(`matter-search: cannot fetch ${url}: HTTP ${res.status}`);
  return new Uint8Array(await res.arrayBuffer());
}

/** A split index: the same methods as `Catalogue`, asynchronous. */
export class SplitCatalogue {
  constructor(catalogue, base, fetchFn) {
    if (!(catalogue instanceof Catalogue) || !(base instanceof URL) || typeof fetchFn !== "function") {
      throw new Error("matter-search: a SplitCatalogue is made by openCatalogue(url)");
    }
    this.catalogue = catalogue;
    this.base = base;
    this.fetch = fetchFn;
    this.history = null;
    /** Files being fetched or added: name → promise, so overlapping calls fetch a file once. */
    this.loading = new Map();
    /** Bytes fetched so far, as stored (for benchmarks and tests). */
    this.bytesFetched = 0;
    this.filesFetched = 0;
  }

  /** Fetches, inflates and adds one file; a failed fetch may be retried by a later call. */
  loadFile(name) {
    let p = this.loading.get(name);
    if (!p) {
      p = (async () => {
        const stored = await fetchBytes(this.fetch, new URL(name, this.base));
        this.bytesFetched += stored.length;
        this.filesFetched += 1;
        if (name.endsWith(".z.bin") && this.history === null) this.history = this.catalogue.compressionHistory();
        const raw = name.endsWith(".z.bin")
          ? await inflateAfter(this.history, stored)
          : name.endsWith(".d.bin")
            ? await inflate(stored)
            : stored;
        this.catalogue.addFile(name, raw);
      })();
      this.loading.set(name, p);
      p.catch(() => this.loading.delete(name));
    }
    return p;
  }

  async load(names) {
    await Promise.all(names.map((name) => this.loadFile(name)));
  }

  /** Runs `call` until the index has every file it needs (plan → fetch → answer). */
  async answer(call) {
    this.catalogue.missing();
    for (let round = 0; round < MAX_ROUNDS; round++) {
      const result = call();
      const need = this.catalogue.missing();
      if (need.length === 0) return result;
      await this.load(need);
    }
    throw new Error("matter-search: the split index did not answer after fetching its files");
  }

  search(query, options) {
    return this.answer(() => this.catalogue.search(query, options));
  }
  get(id) {
    return this.answer(() => this.catalogue.get(id));
  }
  suggest(prefix, limit) {
    return this.answer(() => this.catalogue.suggest(prefix, limit));
  }
  dueDate(id, submitted) {
    return this.answer(() => this.catalogue.dueDate(id, submitted));
  }
  stats() {
    return this.catalogue.stats();
  }
  departments() {
    return this.catalogue.departments();
  }
  get title() {
    return this.catalogue.title;
  }
  get length() {
    return this.catalogue.length;
  }
  free() {
    this.catalogue.free();
  }
}

/**
 * Opens an index by URL: a split index's `entry.json`, or a one-file index.
 * `options.fetch` replaces the global `fetch` (for Node, tests, caches);
 * `options.ready` (e.g. `init()`) is awaited before the WebAssembly module
 * is used, so the first files download while it compiles.
 */
export async function openCatalogue(url, options = {}) {
  let isURL = false;
  try {
    isURL = url instanceof URL;
  } catch {
    // a Proxy whose traps throw
  }
  if (typeof url !== "string" && !isURL) {
    throw new Error(`matter-search: openCatalogue(url): expected a string or URL (got ${url === null ? "null" : typeof url})`);
  }
  options ??= {};
  if (typeof options !== "object") {
    throw new Error("matter-search: openCatalogue(url, options): options must be an object");
  }
  let fetchFn, ready;
  try {
    fetchFn = options.fetch ?? globalThis.fetch;
    ready = options.ready;
  } catch {
    throw new Error("matter-search: openCatalogue(url, options): options cannot be read");
  }
  if (typeof fetchFn !== "function") throw new Error("matter-search: openCatalogue: options.fetch is not a function (and there is no global fetch)");
  let base;
  try {
    base = new URL(String(url), globalThis.location?.href ?? "file:///");
  } catch {
    throw new Error(`matter-search: openCatalogue(url): not a URL: ${String(url)}`);
  }
  const bytes = await fetchBytes(fetchFn, base);
  if (!base.pathname.endsWith(".json")) {
    await ready;
    return new Catalogue(bytes);
  }
  let entry;
  try {
    entry = JSON.parse(new TextDecoder().decode(bytes));
  } catch (e) {
    throw new Error(`matter-search: ${base} is not an entry file: ${e.message}`);
  }
  if (typeof entry.root !== "string" || entry.root.includes("/")) {
    throw new Error(`matter-search: ${base} names no root file`);
  }
  const stored = await fetchBytes(fetchFn, new URL(entry.root, base));
  const root = await inflate(stored);
  await ready;
  const cat = new SplitCatalogue(new Catalogue(root), base, fetchFn);
  cat.bytesFetched = bytes.length + stored.length;
  cat.filesFetched = 2;
  return cat;
}
