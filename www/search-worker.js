// The search engine in a module worker, for a site that builds its own
// interface and wants the index and every query off the main thread (the
// <matter-search> widget itself runs in the page: it is DOM).
//
//   const worker = new Worker(new URL("/matter-search/search-worker.js", location.href), { type: "module" });
//   worker.postMessage({ id: 1, src: "/matter-search/catalogue.idx", query: "营业执照", options: { limit: 10 } });
//   worker.onmessage = (e) => e.data.id === 1 && show(e.data.results ?? e.data.error);
//
// Each message names the index (`src`, relative to this file; opened once
// and kept) and carries a query with `search`'s options; the answer has the
// same `id` and either `results` (what `search` returns: plain objects that
// cross postMessage as they are) or `error` (the message of the Error).
// `{ id, src, get: matterId }` answers with `matter` instead.
import init, { Catalogue } from "./pkg/index.js";

let module = null;
const open = new Map();

function catalogue(src) {
  const url = new URL(src, import.meta.url).href;
  if (!open.has(url)) {
    module ??= init();
    // The module compiles while the index downloads.
    const bytes = fetch(url).then(async (r) => {
      if (!r.ok) throw new Error(`${new URL(url).pathname}: HTTP ${r.status}`);
      return r.arrayBuffer();
    });
    const cat = Promise.all([module, bytes]).then(([, b]) => new Catalogue(b));
    cat.catch(() => open.delete(url)); // a failed load is tried again next time
    open.set(url, cat);
  }
  return open.get(url);
}

self.onmessage = async ({ data }) => {
  const { id, src, query, options, get } = data ?? {};
  try {
    if (typeof src !== "string") throw new Error("matter-search worker: each message needs src, the index's URL");
    const cat = await catalogue(src);
    if (get !== undefined) self.postMessage({ id, matter: cat.get(get) ?? null });
    else self.postMessage({ id, results: cat.search(query, options) });
  } catch (e) {
    self.postMessage({ id, error: e instanceof Error ? e.message : String(e) });
  }
};
