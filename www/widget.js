// <matter-search src="catalogue.idx" lang="zh-CN">: search a catalogue of
// government service matters in the page, with no server.
//
// A plain ES module, no build step. The index and the WebAssembly package
// (pkg/, next to this file) are fetched in parallel when the element connects.
// `src` is a one-file index (catalogue.idx), or a split index's entry file
// (any URL whose path ends in .json): then pkg/split.js fetches only the
// files each query needs. Either way every query is asynchronous: an answer
// that arrives after a newer query started is dropped.
// Every piece of catalogue text reaches the page through textContent or
// createTextNode, never as markup, so a hostile catalogue stays text.
// Styles come from widget.css through a <link> in the shadow root, so the
// widget runs under `style-src 'self'` without inline styles.
//
// For the fastest first results, let the page start the downloads before
// this module runs (www/index.html does):
//   <link rel="modulepreload" href="/matter-search/pkg/index.js">
//   <link rel="modulepreload" href="/matter-search/pkg/matter_search.js">
//   <link rel="preload" href="/matter-search/pkg/matter_search_bg.wasm" as="fetch" type="application/wasm" crossorigin>
//   <link rel="preload" href="/matter-search/catalogue.idx" as="fetch" crossorigin>
//
// (for a split index, preload its entry.json instead of catalogue.idx).
//
// Attributes (docs/widget.md): src (the index file, or a split index's
// entry.json), lang (zh-CN default, en, zh-TW / zh-Hant), placeholder, limit (results per
// page, 20), theme (light by default, dark, or auto to follow the OS),
// hash-param (where the state lives in the URL hash; "none" for nowhere).
// Events: ready, error (loading, or a query whose files could not be
// fetched), results.

import init, { Catalogue, dueDateFor } from "./pkg/index.js";
import { strings } from "./i18n.js";

const CSS_URL = new URL("widget.css", import.meta.url).href;
const WASM_URL = new URL("pkg/matter_search_bg.wasm", import.meta.url);
const SPLIT_URL = new URL("pkg/split.js", import.meta.url).href;
const PAGE = 20;
/** Hits whose names the suggestions leave out on a phone (they are on screen already). */
const SUGGEST_SKIP = 5;
/**
 * A phone's width (widget.css puts the suggestions in the flow there): the
 * list then sits above the results, and repeating their names only pushes
 * them down. Wider, it floats over the page and keeps every completion.
 */
const narrow = () => globalThis.matchMedia?.("(max-width: 40rem)").matches ?? false;
const DEBOUNCE_MS = 80;
const DAY_CHOICES = [0, 5, 10, 20, 30, 60];

let wasm = null;
/**
 * Compiles the WebAssembly module once for every widget on the page, as it
 * downloads (the index downloads meanwhile): `compileStreaming` when the
 * server sends `application/wasm`, which it requires, else `compile` of
 * the bytes, so a server with a wrong MIME type costs time, not the search.
 */
function loadWasm() {
  if (!wasm) {
    const compiled = fetch(WASM_URL).then(async (r) => {
      if (!r.ok) throw new Error(`${WASM_URL.pathname}: HTTP ${r.status}`);
      const type = (r.headers.get("Content-Type") || "").split(";")[0].trim().toLowerCase();
      if (type === "application/wasm" && typeof WebAssembly.compileStreaming === "function") return WebAssembly.compileStreaming(r);
      return WebAssembly.compile(await r.arrayBuffer());
    });
    wasm = compiled.then((module) => init({ module_or_path: module }));
    wasm.catch(() => {}); // reported by whoever awaits it
  }
  return wasm;
}

/** An open index with every call a promise: a one-file `Catalogue` (its
 * sync answers wrapped) or a split index's `SplitCatalogue`, whose
 * queries fetch the files they need. */
function promised(cat) {
  return {
    raw: cat,
    title: cat.title,
    search: async (q, options) => cat.search(q, options),
    suggest: async (prefix, limit) => cat.suggest(prefix, limit),
    get: async (id) => cat.get(id),
    stats: async () => cat.stats(),
    departments: async () => cat.departments(),
    free: () => cat.free(),
  };
}

const message = (e) => (e instanceof Error ? e.message : String(e));

/** Builds an element. `props`: attributes, `on…` listeners, `text`. Children: nodes or strings (as text). */
function h(tag, props, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(props || {})) {
    if (v == null || v === false) continue;
    if (k.startsWith("on") && typeof v === "function") el.addEventListener(k.slice(2), v);
    else if (k === "text") el.textContent = v;
    else el.setAttribute(k, v === true ? "" : String(v));
  }
  append(el, children);
  return el;
}
function append(el, children) {
  for (const c of children.flat(Infinity)) {
    if (c == null || c === false || c === "") continue;
    el.append(typeof c === "string" || typeof c === "number" ? document.createTextNode(String(c)) : c);
  }
  return el;
}

/** `text` with the UTF-16 ranges in `spans` wrapped in <mark>. */
function marked(text, spans) {
  const out = [];
  let pos = 0;
  for (const { start, end } of [...(spans || [])].sort((a, b) => a.start - b.start)) {
    if (start < pos || end <= start || end > text.length) continue;
    if (start > pos) out.push(text.slice(pos, start));
    out.push(h("mark", { part: "mark" }, text.slice(start, end)));
    pos = end;
  }
  if (pos < text.length) out.push(text.slice(pos));
  return out;
}

const isHttp = (url) => typeof url === "string" && /^https?:\/\//i.test(url);
const has = (v) => v != null && v !== "" && !(Array.isArray(v) && v.length === 0);

function emptyState() {
  return { q: "", department: [], kind: [], free: false, online: false, maxDays: null, matter: null, form: null };
}

/** The keys of the widget's state in the URL hash. */
const STATE_KEYS = ["q", "department", "kind", "free", "online", "days", "m", "form"];

/**
 * Splits a hash into this widget's part (its keys, named `PREFIX.key` when
 * the element has `hash-param="PREFIX"`) and the page's other segments, kept
 * raw: a host page's `#news` or a second widget's keys are never touched.
 */
function splitHash(hash, prefix) {
  const own = new URLSearchParams();
  const rest = [];
  for (const seg of hash.replace(/^#/, "").split("&")) {
    if (!seg) continue;
    const [[key, value] = ["", ""]] = new URLSearchParams(seg);
    const bare = prefix ? (key.startsWith(`${prefix}.`) ? key.slice(prefix.length + 1) : "") : key;
    if (STATE_KEYS.includes(bare)) own.append(bare, value);
    else rest.push(seg);
  }
  return { own, rest };
}

/** The page's hash with this widget's part replaced by `own` (a `toHash` string). */
function joinHash(own, prefix, rest) {
  const mine = [...new URLSearchParams(own)].map(([k, v]) => new URLSearchParams([[prefix ? `${prefix}.${k}` : k, v]]).toString());
  return [...rest, ...mine].join("&");
}

/** The state as a URL hash (without '#'). */
function toHash(s) {
  const p = new URLSearchParams();
  if (s.q) p.set("q", s.q);
  for (const d of s.department) p.append("department", d);
  for (const k of s.kind) p.append("kind", k);
  if (s.free) p.set("free", "1");
  if (s.online) p.set("online", "1");
  if (s.maxDays != null) p.set("days", String(s.maxDays));
  if (s.matter) p.set("m", s.matter);
  if (s.matter && s.form != null) p.set("form", s.form);
  return p.toString();
}
function fromHash(p) {
  const s = emptyState();
  s.q = p.get("q") || "";
  s.department = p.getAll("department").filter(Boolean);
  s.kind = p.getAll("kind").filter(Boolean);
  s.free = p.get("free") === "1";
  s.online = p.get("online") === "1";
  const d = Number.parseInt(p.get("days") ?? "", 10);
  s.maxDays = Number.isFinite(d) && d >= 0 ? d : null;
  s.matter = p.get("m") || null;
  s.form = s.matter ? p.get("form") : null;
  return s;
}

let uid = 0;

export class MatterSearchElement extends HTMLElement {
  static observedAttributes = ["src", "lang", "placeholder", "limit"];

  /** Results per page: the `limit` attribute (1–100), else 20. */
  #page() {
    const n = Number(this.getAttribute("limit"));
    return Number.isInteger(n) && n >= 1 && n <= 100 ? n : PAGE;
  }

  #shadow;
  #t = strings("zh-CN");
  #ui = null;
  /** The open index, through `promised`. */
  #cat = null;
  /** Its departments (a promise, asked once). */
  #deps = null;
  #error = null;
  #loadToken = 0;
  /** Each render's number: only the newest may change the DOM when its answers arrive. */
  #renderSeq = 0;
  /** The same for suggestions. */
  #suggestSeq = 0;
  #state = emptyState();
  #limit = 0;
  #appliedHash = null;
  #seq = 0;
  #timer = 0;
  #lastInput = -Infinity;
  #options = [];
  #active = -1;
  /** Escape closed the suggestions: a search still pending from the last
   * keystroke must not open them again (only typing or an arrow key does). */
  #dismissed = false;
  #id = `ms${++uid}`;
  #onHash = () => this.#readHash(true);

  constructor() {
    super();
    this.#shadow = this.attachShadow({ mode: "open" });
    this.#shadow.addEventListener("click", this.#onLinkClick);
  }

  /** The open catalogue, once loaded: a `Catalogue` of pkg/ (one file), or
   * a `SplitCatalogue` of pkg/split.js (an entry.json). */
  get catalogue() {
    return this.#cat?.raw ?? null;
  }

  connectedCallback() {
    this.#t = strings(this.getAttribute("lang"));
    this.#limit = this.#page();
    this.#build();
    window.addEventListener("hashchange", this.#onHash);
    window.addEventListener("popstate", this.#onHash);
    this.#readHash(false);
    if (!this.#cat && !this.#error) this.#load();
  }

  disconnectedCallback() {
    window.removeEventListener("hashchange", this.#onHash);
    window.removeEventListener("popstate", this.#onHash);
    clearTimeout(this.#timer);
  }

  attributeChangedCallback(name, old, value) {
    if (!this.#ui || old === value) return;
    if (name === "lang" || name === "placeholder" || name === "limit") {
      this.#t = strings(this.getAttribute("lang"));
      this.#limit = this.#page();
      this.#build();
      this.#render();
    } else if (name === "src") {
      this.#cat?.free();
      this.#cat = null;
      this.#deps = null;
      this.#error = null;
      this.#load();
    }
  }

  async #load() {
    const token = ++this.#loadToken;
    const src = this.getAttribute("src");
    this.#render();
    try {
      if (!src) throw new Error("missing src attribute");
      const url = new URL(src, document.baseURI);
      let cat;
      if (url.pathname.endsWith(".json")) {
        // A split index: the entry and root files download while the module compiles.
        const ready = loadWasm();
        const { openCatalogue } = await import(SPLIT_URL);
        cat = await openCatalogue(url, { ready });
      } else {
        const [bytes] = await Promise.all([
          fetch(url).then(async (r) => {
            if (!r.ok) throw new Error(`${url.pathname}: HTTP ${r.status}`);
            return new Uint8Array(await r.arrayBuffer());
          }),
          loadWasm(),
        ]);
        cat = new Catalogue(bytes);
      }
      if (token !== this.#loadToken) {
        cat.free();
        return;
      }
      this.#cat = promised(cat);
      this.#deps = null;
      this.#error = null;
      performance.mark("matter-search:ready");
      this.setAttribute("ready", "");
      this.dispatchEvent(new CustomEvent("ready", { bubbles: true, composed: true }));
    } catch (e) {
      if (token !== this.#loadToken) return;
      this.#error = message(e);
      this.removeAttribute("ready");
      this.dispatchEvent(new CustomEvent("error", { detail: this.#error, bubbles: true, composed: true }));
    }
    // Whatever was typed while loading is searched now.
    this.#state.q = this.#ui.input.value;
    this.#render();
  }

  // ---------------------------------------------------------------- skeleton

  #build() {
    const t = this.#t;
    const id = this.#id;
    const input = h("input", {
      id: `${id}-q`,
      type: "search",
      role: "combobox",
      "aria-autocomplete": "list",
      "aria-expanded": "false",
      "aria-controls": `${id}-sugg`,
      autocomplete: "off",
      autocapitalize: "off",
      spellcheck: "false",
      enterkeyhint: "search",
      placeholder: this.getAttribute("placeholder") ?? t.placeholder,
      part: "input",
      oninput: (e) => this.#onInput(e),
      oncompositionend: () => this.#onInput(null),
      onkeydown: (e) => this.#onKey(e),
      onblur: () => setTimeout(() => this.#closeList(), 150),
    });
    input.value = this.#ui?.input.value ?? this.#state.q;
    const list = h("ul", { id: `${id}-sugg`, role: "listbox", "aria-label": t.suggestions, class: "suggest", part: "suggestions", hidden: true });
    const free = h("input", { type: "checkbox", onchange: (e) => this.#setFilter({ free: e.target.checked }) });
    const online = h("input", { type: "checkbox", onchange: (e) => this.#setFilter({ online: e.target.checked }) });
    const days = h(
      "select",
      { id: `${id}-days`, onchange: (e) => this.#setFilter({ maxDays: e.target.value === "" ? null : Number(e.target.value) }) },
      h("option", { value: "" }, t.anyDays),
      DAY_CHOICES.map((n) => h("option", { value: n }, t.daysAtMost(n))),
    );
    const ui = {
      input,
      list,
      free,
      online,
      days,
      title: h("p", { class: "title", part: "title" }),
      status: h("p", { class: "status", role: "status", "aria-live": "polite", part: "status" }),
      facets: h("div", { class: "facets", part: "facets" }),
      results: h("div", { class: "results", part: "results" }),
      detail: h("div", { class: "detail", part: "detail", hidden: true }),
      error: h("div", { class: "error", role: "alert", part: "error", hidden: true }),
    };
    ui.filters = h(
      "div",
      { class: "filters", role: "group", "aria-label": t.filters, part: "filters" },
      h("label", { class: "check" }, free, h("span", {}, t.free)),
      h("label", { class: "check" }, online, h("span", {}, t.online)),
      h("label", { class: "days", for: `${id}-days` }, t.maxDays),
      days,
    );
    // Filters and facets fold away on a phone, so results come first; open on wider screens.
    ui.refineCount = h("span", { class: "refine-count" });
    ui.refine = h(
      "details",
      { class: "refine", part: "refine", open: this.#ui ? this.#ui.refine.open : window.matchMedia?.("(min-width: 40rem)").matches },
      h("summary", {}, t.filters, ui.refineCount),
      ui.filters,
      ui.facets,
    );
    ui.browse = h("div", { class: "browse" }, ui.refine, ui.status, ui.results);
    ui.root = h(
      "div",
      { class: "root", part: "root" },
      h("header", { class: "head" }, ui.title),
      h(
        "div",
        { class: "search", role: "search", part: "search" },
        h("label", { class: "label", for: `${id}-q` }, t.searchLabel),
        h("div", { class: "box" }, input, list),
      ),
      ui.error,
      ui.browse,
      ui.detail,
    );
    this.#shadow.replaceChildren(h("link", { rel: "stylesheet", href: CSS_URL }), ui.root);
    this.#ui = ui;
  }

  // ---------------------------------------------------------------- state

  /**
   * Where the state lives in the URL: `hash-param="none"` nowhere (`null`),
   * `hash-param="NAME"` under keys `NAME.q`, `NAME.m` … (one name per widget
   * on a page), no attribute under the plain keys `q`, `m` ….
   */
  #hashPrefix() {
    const v = this.getAttribute("hash-param");
    if (v === null) return "";
    return v.trim() === "none" ? null : v.trim();
  }

  #readHash(fromEvent) {
    const prefix = this.#hashPrefix();
    if (prefix === null) return;
    const { own, rest } = splitHash(location.hash, prefix);
    const hash = own.toString();
    if (fromEvent && hash === this.#appliedHash) return;
    // A hash with none of its keys belongs to the page (an anchor such as
    // #news, another widget): not a reason to clear the query.
    if (fromEvent && hash === "" && rest.length > 0) return;
    this.#apply(own, fromEvent);
    this.#appliedHash = hash;
  }

  /** Shows the state `params` gives (from the URL, or a link when the URL holds no state). */
  #apply(params, rerender) {
    const prev = this.#state;
    this.#state = fromHash(params);
    this.#limit = this.#page();
    if (this.#ui) this.#ui.input.value = this.#state.q;
    this.#closeList();
    if (rerender) this.#render({ focusDetail: this.#state.matter && this.#state.matter !== prev.matter });
  }

  /** Records the state in the URL: a new history entry, or (while typing) the current one. */
  #writeHash(push) {
    const prefix = this.#hashPrefix();
    if (prefix === null) return;
    const own = toHash(this.#state);
    this.#appliedHash = own;
    const hash = joinHash(own, prefix, splitHash(location.hash, prefix).rest);
    if (location.hash.replace(/^#/, "") === hash) return;
    const url = `${location.pathname}${location.search}${hash ? `#${hash}` : ""}`;
    if (push) history.pushState(null, "", url);
    else history.replaceState(null, "", url);
  }

  /**
   * With `hash-param="none"` the widget's links (results, back, forms)
   * would change the page's hash for nothing: they change its state instead.
   */
  #onLinkClick = (e) => {
    if (this.#hashPrefix() !== null || e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey) return;
    const a = e.composedPath().find((n) => n instanceof HTMLAnchorElement);
    const href = a?.getAttribute("href");
    if (!href?.startsWith("#")) return;
    e.preventDefault();
    this.#apply(new URLSearchParams(href.slice(1)), true);
  };

  #setFilter(change) {
    Object.assign(this.#state, change, { matter: null, form: null });
    this.#limit = this.#page();
    this.#writeHash(true);
    this.#render();
  }

  #toggleFacet(name, value) {
    const list = this.#state[name];
    const i = list.indexOf(value);
    const next = i >= 0 ? list.filter((v) => v !== value) : [...list, value];
    this.#setFilter({ [name]: next });
  }

  #hashWith(change) {
    const own = toHash({ ...this.#state, ...change });
    const prefix = this.#hashPrefix();
    if (prefix === null) return `#${own}`;
    return `#${joinHash(own, prefix, splitHash(location.hash, prefix).rest)}`;
  }

  // ---------------------------------------------------------------- typing

  #onInput(e) {
    if (e?.isComposing) return; // wait for the IME to finish a word
    this.#dismissed = false;
    performance.mark("matter-search:input");
    // Debounced: the first keystroke after a pause searches at once (next
    // task, so the key paints first), later ones once typing pauses. Each
    // search carries a sequence number; only the newest may render.
    const seq = ++this.#seq;
    clearTimeout(this.#timer);
    const now = performance.now();
    const wait = now - this.#lastInput > DEBOUNCE_MS ? 0 : DEBOUNCE_MS;
    this.#lastInput = now;
    this.#timer = setTimeout(() => this.#commit(seq, false), wait);
  }

  #commit(seq, push) {
    if (seq !== this.#seq) return; // a newer keystroke is on its way
    clearTimeout(this.#timer);
    this.#state.q = this.#ui.input.value;
    this.#state.matter = null;
    this.#state.form = null;
    this.#limit = this.#page();
    this.#writeHash(push);
    this.#render();
    this.#suggest();
  }

  #onKey(e) {
    const open = !this.#ui.list.hidden;
    switch (e.key) {
      case "ArrowDown":
      case "ArrowUp": {
        e.preventDefault();
        if (!open) {
          const down = e.key === "ArrowDown";
          this.#suggest(true).then((shown) => {
            if (shown && this.#options.length) this.#activate(down ? 0 : this.#options.length - 1);
          });
          return;
        }
        const n = this.#options.length;
        if (!n) return;
        const step = e.key === "ArrowDown" ? 1 : -1;
        this.#activate(this.#active < 0 ? (step > 0 ? 0 : n - 1) : (this.#active + step + n) % n);
        return;
      }
      case "Enter": {
        if (e.isComposing) return;
        e.preventDefault();
        if (open && this.#active >= 0) this.#pick(this.#options[this.#active]);
        else {
          this.#closeList();
          this.#commit(++this.#seq, true);
        }
        return;
      }
      case "Escape": {
        if (open) {
          e.preventDefault();
          this.#dismissed = true;
          this.#closeList();
        } else if (this.#ui.input.value) {
          e.preventDefault();
          this.#ui.input.value = "";
          this.#commit(++this.#seq, true);
          this.#closeList();
        }
        return;
      }
      case "Home":
      case "End":
        if (open) this.#activate(-1);
    }
  }

  /** Shows the completions of what is typed; resolves to whether it did
   * (not when a newer keystroke, Escape or a pick came first). */
  async #suggest(force = false) {
    if (force) this.#dismissed = false;
    else if (this.#dismissed) return false;
    const seq = ++this.#suggestSeq;
    const q = this.#ui.input.value.trim();
    let names = [];
    if (this.#cat && q && (force || document.activeElement === this || this.#shadow.activeElement === this.#ui.input)) {
      try {
        // Completions only (the engine offers names and terms that begin with or
        // continue what is typed, traditional characters read as simplified).
        names = (await this.#cat.suggest(q, 8)).filter((n) => n !== q);
      } catch {
        names = [];
      }
    }
    if (seq !== this.#suggestSeq || this.#ui.input.value.trim() !== q) return false;
    if (this.#hitNames.q === q && narrow()) names = names.filter((n) => !this.#hitNames.names.has(n));
    this.#showOptions(q, names);
    return true;
  }

  /** The first hits of the query shown, by name: on a phone a suggestion repeating one adds nothing. */
  #hitNames = { q: null, names: new Set() };

  /** Drops open suggestions that the results now show (the results may arrive after them). */
  #dropShownSuggestions() {
    const q = this.#ui.input.value.trim();
    if (this.#hitNames.q !== q || this.#ui.list.hidden || !narrow()) return;
    const kept = this.#options.filter((n) => !this.#hitNames.names.has(n));
    if (kept.length !== this.#options.length) this.#showOptions(q, kept);
  }

  #showOptions(q, names) {
    this.#options = names;
    this.#active = -1;
    const list = this.#ui.list;
    list.replaceChildren(
      ...names.map((name, i) =>
        h(
          "li",
          {
            id: `${this.#id}-opt${i}`,
            role: "option",
            "aria-selected": "false",
            class: "option",
            onmousedown: (e) => e.preventDefault(),
            onclick: () => this.#pick(name),
          },
          marked(name, name.startsWith(q) ? [{ start: 0, end: q.length }] : []),
        ),
      ),
    );
    list.hidden = names.length === 0;
    this.#ui.input.setAttribute("aria-expanded", String(names.length > 0));
    this.#ui.input.removeAttribute("aria-activedescendant");
  }

  #activate(i) {
    this.#active = i;
    const items = this.#ui.list.children;
    for (let k = 0; k < items.length; k++) items[k].setAttribute("aria-selected", String(k === i));
    if (i >= 0) {
      this.#ui.input.setAttribute("aria-activedescendant", items[i].id);
      items[i].scrollIntoView?.({ block: "nearest" });
    } else this.#ui.input.removeAttribute("aria-activedescendant");
  }

  #pick(name) {
    this.#ui.input.value = name;
    this.#closeList();
    this.#commit(++this.#seq, true);
    this.#closeList();
    this.#ui.input.focus();
  }

  #closeList() {
    if (!this.#ui) return;
    this.#suggestSeq++; // a pending suggestion must not open it again
    this.#options = [];
    this.#active = -1;
    this.#ui.list.hidden = true;
    this.#ui.list.replaceChildren();
    this.#ui.input.setAttribute("aria-expanded", "false");
    this.#ui.input.removeAttribute("aria-activedescendant");
  }

  // ---------------------------------------------------------------- render

  /** Renders the state. The parts that need answers (results, a matter)
   * follow when they arrive, unless a newer render has started by then. */
  #render(opts = {}) {
    const ui = this.#ui;
    if (!ui) return;
    const t = this.#t;
    const seq = ++this.#renderSeq;
    ui.root.setAttribute("aria-busy", String(!this.#error));
    if (this.#error) {
      ui.error.hidden = false;
      ui.error.replaceChildren(
        h("p", { class: "error-title" }, t.loadFailed),
        h("p", {}, t.loadFailedHint),
        h("p", { class: "error-detail" }, `${t.errorDetail}: ${this.#error}`),
      );
      ui.input.disabled = true;
      ui.browse.hidden = true;
      ui.detail.hidden = true;
      return;
    }
    ui.error.hidden = true;
    ui.input.disabled = false;
    if (!this.#cat) {
      ui.browse.hidden = false;
      ui.detail.hidden = true;
      ui.status.textContent = t.loading;
      return;
    }
    ui.title.textContent = this.#cat.title;
    ui.free.checked = this.#state.free;
    ui.online.checked = this.#state.online;
    ui.days.value = this.#state.maxDays == null ? "" : String(this.#state.maxDays);
    if (ui.days.value === "" && this.#state.maxDays != null) {
      ui.days.append(h("option", { value: this.#state.maxDays }, t.daysAtMost(this.#state.maxDays)));
      ui.days.value = String(this.#state.maxDays);
    }
    let answered;
    if (this.#state.matter) {
      ui.browse.hidden = true;
      ui.detail.hidden = false;
      answered = this.#renderDetail(seq, opts.focusDetail);
    } else {
      const wasDetail = !ui.detail.hidden;
      ui.detail.hidden = true;
      ui.detail.replaceChildren();
      ui.browse.hidden = false;
      answered = this.#renderResults(seq);
      if (wasDetail && opts.focusDetail !== undefined) ui.input.focus({ preventScroll: true });
    }
    answered
      .catch((e) => {
        if (seq === this.#renderSeq) this.#queryFailed(e);
      })
      .finally(() => {
        if (seq === this.#renderSeq) ui.root.setAttribute("aria-busy", "false");
      });
  }

  /** A query or a matter could not be answered (a file of a split index
   * could not be fetched): the error panel says so; typing again retries. */
  #queryFailed(e) {
    const t = this.#t;
    const ui = this.#ui;
    const detail = message(e);
    console.warn("matter-search:", e);
    ui.error.hidden = false;
    ui.error.replaceChildren(
      h("p", { class: "error-title" }, t.queryFailed),
      h("p", {}, t.queryFailedHint),
      h("p", { class: "error-detail" }, `${t.errorDetail}: ${detail}`),
    );
    ui.status.textContent = "";
    ui.results.replaceChildren();
    this.dispatchEvent(new CustomEvent("error", { detail, bubbles: true, composed: true }));
  }

  /** The departments, asked of the index once. */
  #departments() {
    this.#deps ??= this.#cat.departments();
    return this.#deps;
  }

  #filters() {
    const s = this.#state;
    const f = {};
    if (s.department.length) f.department = s.department;
    if (s.kind.length) f.kind = s.kind;
    if (s.free) f.free = true;
    if (s.online) f.online = true;
    if (s.maxDays != null) f.maxDays = s.maxDays;
    return f;
  }

  async #search(q, limit, filters = this.#filters()) {
    try {
      return await this.#cat.search(q, { limit, offset: 0, filters });
    } catch (e) {
      if (Object.keys(filters).length === 0) throw e;
      // An unknown filter value from a hand-edited link: search without filters.
      console.warn("matter-search:", e);
      return this.#cat.search(q, { limit, offset: 0 });
    }
  }

  async #renderResults(seq) {
    const t = this.#t;
    const ui = this.#ui;
    const q = this.#state.q.trim();
    const filtered = Object.keys(this.#filters()).length > 0;
    const res = await this.#search(q, this.#limit);
    const help = res.total === 0 || res.partial ? await this.#emptyHelp(q, res, filtered) : null;
    const deps = await this.#departments();
    if (seq !== this.#renderSeq) return; // a newer query or view owns the DOM

    this.#renderFacets(res, deps);

    ui.status.textContent = res.total ? t.total(res.total, q) : q ? t.noResults(q) : t.noResultsFiltered;
    const blocks = [];
    if (help) blocks.push(help);
    const rewrote = this.#rewriteNote(res);
    if (rewrote) blocks.push(rewrote);
    this.#hitNames = { q, names: new Set(res.hits.slice(0, SUGGEST_SKIP).map((hit) => hit.name)) };
    this.#dropShownSuggestions();
    if (res.hits.length) {
      blocks.push(h("ol", { class: "hits", part: "hits" }, res.hits.map((hit) => this.#hit(hit))));
    }
    if (res.total > res.hits.length) {
      blocks.push(
        h(
          "button",
          {
            type: "button",
            class: "more",
            part: "button",
            onclick: () => {
              this.#limit += this.#page();
              this.#render();
            },
          },
          t.showMore(res.total - res.hits.length),
        ),
      );
    }
    ui.results.replaceChildren(...blocks);
    performance.mark("matter-search:results", { detail: { query: q, total: res.total } });
    this.dispatchEvent(new CustomEvent("results", { detail: { query: q, total: res.total }, bubbles: true, composed: true }));
  }

  #renderFacets(res, departments) {
    const t = this.#t;
    const groups = [
      ["department", t.department, res.facets.department],
      ["kind", t.kind, res.facets.kind],
    ];
    const deps = new Map(departments.map((d) => [d.id, d.name]));
    const rows = groups.map(([name, label, counts]) => {
      const chosen = this.#state[name];
      const shown = [...counts];
      for (const v of chosen) {
        if (!shown.some((c) => c.value === v)) shown.push({ value: v, label: name === "department" ? deps.get(v) ?? v : v, count: 0 });
      }
      if (!shown.length) return null;
      const headId = `${this.#id}-facet-${name}`;
      return h(
        "div",
        { class: "facet", role: "group", "aria-labelledby": headId },
        h("span", { id: headId, class: "facet-label" }, label),
        h(
          "div",
          { class: "chips" },
          shown.map((c) =>
            h(
              "button",
              {
                type: "button",
                class: "chip",
                part: "chip",
                "aria-pressed": String(chosen.includes(c.value)),
                onclick: () => this.#toggleFacet(name, c.value),
              },
              h("span", {}, c.label),
              h("span", { class: "count" }, String(c.count)),
            ),
          ),
        ),
      );
    });
    const s = this.#state;
    const active = s.department.length + s.kind.length + (s.free ? 1 : 0) + (s.online ? 1 : 0) + (s.maxDays != null ? 1 : 0);
    this.#ui.refineCount.textContent = active ? this.#t.activeFilters(active) : "";
    if (active) {
      rows.push(
        h(
          "button",
          {
            type: "button",
            class: "clear-filters",
            part: "button",
            onclick: () => this.#setFilter({ department: [], kind: [], free: false, online: false, maxDays: null }),
          },
          t.clearFilters,
        ),
      );
    }
    this.#ui.facets.replaceChildren(...rows.filter(Boolean));
  }

  /** No results, or only partial ones: nearest names and the query without one of its words. */
  async #emptyHelp(q, res, filtered) {
    const t = this.#t;
    const parts = [];
    if (res.partial) parts.push(h("p", { class: "partial" }, t.partial));
    if (res.total === 0 && filtered) {
      parts.push(
        h("p", {}, t.noResultsFiltered, " ",
          h("button", { type: "button", class: "linkish", onclick: () => this.#setFilter({ department: [], kind: [], free: false, online: false, maxDays: null }) }, t.clearFilters),
        ),
      );
    }
    if (q) {
      const names = [];
      const compact = q.replace(/\s+/g, "");
      for (let n = Math.min(compact.length, 12); n >= 1 && names.length === 0; n--) {
        try {
          names.push(...(await this.#cat.suggest(compact.slice(0, n), 5)));
        } catch {
          break;
        }
      }
      if (res.total === 0 && names.length) {
        parts.push(
          h("p", { class: "try" }, t.tryNames),
          h("ul", { class: "try-list" }, names.map((n) => h("li", {}, h("a", { href: this.#hashWith({ q: n, matter: null, form: null }) }, n)))),
        );
      }
      const words = res.words || [];
      if (words.length > 1) {
        const drops = [];
        const rests = words.map((w) => words.filter((x) => x !== w).join(" "));
        const answers = await Promise.all(rests.map((rest) => this.#search(rest, 1)));
        words.forEach((w, i) => {
          const [rest, r] = [rests[i], answers[i]];
          if (r.total > 0 && !r.partial) drops.push(h("li", {}, h("a", { href: this.#hashWith({ q: rest, matter: null, form: null }) }, t.tryDropping(w, r.total))));
        });
        if (drops.length) parts.push(h("p", { class: "try" }, t.tryFewer), h("ul", { class: "try-list" }, drops));
      }
    }
    return h("div", { class: "empty", part: "empty" }, parts);
  }

  /** Which readings other than the query as typed the shown hits came from
   * (pinyin read as Han words, a synonym, a corrected typo), once each. */
  #rewriteNote(res) {
    const t = this.#t;
    const shown = new Set(res.hits.map((hit) => hit.via));
    const lines = [];
    for (const via of ["pinyin", "typo", "synonym"]) {
      const r = res.rewrites?.find((w) => w.via === via);
      if (r && shown.has(via)) lines.push(t.rewrote[via](r.text));
    }
    // What was understood (把“丢了”理解为“遗失/补办”): intent words always,
    // everyday names and abbreviations when a shown hit came from them or
    // from the best cover.
    const reads = new Map();
    for (const w of res.rewrites ?? []) {
      const read = w.via === "colloquial" || w.via === "abbreviation";
      const used = w.via === "intent" || (read && (shown.has(w.via) || res.partial));
      if (!used || !w.from) continue;
      const to = reads.get(w.from) ?? [];
      for (const x of w.to.slice(0, 3)) if (!to.includes(x)) to.push(x);
      reads.set(w.from, to);
    }
    if (t.readAs) for (const [from, to] of reads) lines.push(t.readAs(from, to.join("/")));
    return lines.length ? h("p", { class: "rewrote", part: "rewrote" }, lines.join(" · ")) : null;
  }

  #badges(hit) {
    const t = this.#t;
    const out = [];
    if (hit.via && hit.via !== "direct") out.push(h("span", { class: "badge via" }, t.viaBadge[hit.via] ?? hit.via));
    if (hit.status === "abolished") out.push(h("span", { class: "badge warn" }, t.abolished));
    if (hit.status === "delegated") out.push(h("span", { class: "badge warn" }, t.delegated));
    if (hit.kind) out.push(h("span", { class: "badge kind" }, hit.kind));
    out.push(...this.#limitBadges(hit.timeLimit));
    if (hit.caseType) out.push(h("span", { class: "badge" }, hit.caseType));
    if (hit.charged === false) out.push(h("span", { class: "badge good" }, t.notCharged));
    if (hit.charged === true) out.push(h("span", { class: "badge" }, t.charged));
    if (hit.online) out.push(h("span", { class: "badge good" }, t.onlineBadge));
    return out;
  }

  #limitBadges(tl) {
    const t = this.#t;
    if (!tl) return [];
    const out = [];
    const one = (label, n) =>
      h("span", { class: "badge time", part: "badge" }, n === 0 ? t.immediate : `${label} ${t.days(n, tl.unit)}`);
    if (tl.statutoryDays != null) out.push(one(t.statutory, tl.statutoryDays));
    if (tl.promisedDays != null && !(tl.promisedDays === 0 && tl.statutoryDays === 0)) out.push(one(t.promised, tl.promisedDays));
    return out;
  }

  #hit(hit) {
    const t = this.#t;
    const snip = hit.snippet;
    return h(
      "li",
      { class: "hit", part: "hit" },
      h("h3", { class: "hit-name" }, h("a", { href: this.#hashWith({ matter: hit.id, form: null }), part: "link" }, marked(hit.name, hit.highlights))),
      hit.department ? h("p", { class: "dept" }, hit.department) : null,
      h("p", { class: "badges" }, this.#badges(hit)),
      snip
        ? h("p", { class: "snippet" }, h("span", { class: "field" }, t.snippetFields[snip.field] ?? snip.field), " ", marked(snip.text, snip.highlights))
        : null,
    );
  }

  // ---------------------------------------------------------------- detail

  async #renderDetail(seq, focus) {
    const t = this.#t;
    const ui = this.#ui;
    const s = this.#state;
    const back = () => h("a", { class: "back", href: this.#hashWith({ matter: null, form: null }), part: "link" }, "← ", t.back);
    let m;
    let departments;
    try {
      [m, departments] = await Promise.all([this.#cat.get(s.matter), this.#departments()]);
    } catch (e) {
      if (seq === this.#renderSeq) ui.detail.replaceChildren(back());
      throw e;
    }
    if (seq !== this.#renderSeq) return; // another matter or the results were asked for since
    if (!m) {
      ui.detail.replaceChildren(back(), h("p", { class: "empty", role: "alert" }, t.notFound(s.matter)));
      return;
    }
    const dept = m.department ? departments.find((d) => d.id === m.department)?.name ?? m.department : null;
    const tl = m.time_limit
      ? { statutoryDays: m.time_limit.statutory_days ?? null, promisedDays: m.time_limit.promised_days ?? null, unit: m.time_limit.unit || "working" }
      : null;
    const heading = h("h2", { class: "matter-name", tabindex: "-1", part: "matter-name" }, m.name);
    const formIds = new Map((m.forms || []).map((f, i) => [f.id, `${this.#id}-form${i}`]));
    const formLink = (fid, label) =>
      formIds.has(fid) ? h("a", { href: this.#hashWith({ form: fid }), "data-form": fid }, label) : null;

    // Sections the record leaves empty are named together on one line at
    // the end, not each under its heading: a sparse record is no wall of 未提供.
    const missing = [];
    const section = (key, content) => {
      if (!has(content)) {
        missing.push(t.sections[key]);
        return null;
      }
      return h(
        "section",
        { class: `sec sec-${key}`, "aria-labelledby": `${this.#id}-sec-${key}`, part: "section" },
        h("h3", { id: `${this.#id}-sec-${key}` }, t.sections[key]),
        content,
      );
    };
    const dl = (pairs) => {
      const rows = pairs.filter(([, v]) => has(v));
      return rows.length ? h("dl", { class: "pairs" }, rows.map(([k, v]) => h("div", {}, h("dt", {}, k), h("dd", {}, v)))) : null;
    };

    const status =
      m.status === "abolished" || m.status === "delegated"
        ? h(
            "div",
            { class: "notice", role: "note" },
            h("strong", {}, m.status === "abolished" ? t.abolished : t.delegated, m.status_date ? t.paren(m.status_date) : ""),
            m.status_note ? h("p", {}, m.status_note) : null,
          )
        : null;

    const overview = dl([
      [t.code, m.code],
      [t.department, dept],
      [t.kind, m.kind],
      [t.targets, (m.targets || []).join("、")],
      [t.level, m.level],
      [t.caseType, m.case_type],
      [t.result, m.result ? [m.result.name, m.result.type ? t.paren(m.result.type) : ""].filter(Boolean).join("") : null],
      [t.visits, m.visits != null ? t.visitsN(m.visits) : null],
      [
        t.onlineDepth,
        m.online && (m.online.depth || isHttp(m.online.url))
          ? [m.online.depth || "", m.online.depth && isHttp(m.online.url) ? " " : "",
             isHttp(m.online.url) ? h("a", { href: m.online.url, target: "_blank", rel: "noopener noreferrer" }, t.onlineLink) : null]
          : null,
      ],
    ]);

    const basis = has(m.basis)
      ? h("ol", { class: "basis" }, m.basis.map((b) =>
          h("li", {}, h("p", { class: "law" }, b.title, b.article ? ` ${b.article}` : ""), b.text ? h("p", { class: "law-text" }, b.text) : null)))
      : null;
    const conditions = has(m.conditions) ? h("ol", {}, m.conditions.map((c) => h("li", {}, c))) : null;
    const materials = has(m.materials)
      ? h(
          "ol",
          { class: "materials" },
          m.materials.map((x) =>
            h(
              "li",
              { class: "material" },
              h("p", { class: "material-name" }, x.name,
                x.required === false ? h("span", { class: "badge" }, t.optional) : h("span", { class: "badge kind" }, t.required)),
              dl([
                [t.materialForm, x.form],
                [t.copies, x.copies != null ? t.copyOf(x.copies) : null],
                [t.source, x.source],
                [t.note, x.note],
                [t.formLinks, x.blank_form || x.sample_form
                  ? [formLink(x.blank_form, t.blankForm), x.blank_form && x.sample_form ? " · " : "", formLink(x.sample_form, t.sampleForm)]
                  : null],
              ]),
            ),
          ),
        )
      : null;
    const procedure = has(m.procedure)
      ? h("ol", { class: "steps" }, m.procedure.map((p) =>
          h("li", {}, h("p", { class: "step" }, p.step, p.days != null ? h("span", { class: "badge time" }, t.stepDays(p.days)) : null),
            p.description ? h("p", {}, p.description) : null)))
      : null;
    const limit = m.time_limit
      ? [h("p", { class: "badges" }, this.#limitBadges(tl)),
         this.#dueToday(m.time_limit),
         dl([
           [t.statutoryLimit, m.time_limit.statutory_days != null ? (m.time_limit.statutory_days === 0 ? t.immediate : t.days(m.time_limit.statutory_days, tl.unit)) : null],
           [t.promisedLimit, m.time_limit.promised_days != null ? (m.time_limit.promised_days === 0 ? t.immediate : t.days(m.time_limit.promised_days, tl.unit)) : null],
           [t.limitNote, m.time_limit.note],
         ])]
      : null;
    const fee = m.fee
      ? dl([[t.feeCharged, m.fee.charged ? t.yes : t.no + t.paren(t.notCharged)], [t.feeStandard, m.fee.standard], [t.feeBasis, m.fee.basis]])
      : null;
    const where = dl([[t.location, m.location], [t.hours, m.hours]]);
    const contact = dl([[t.contactWay, m.contact], [t.complaintWay, m.complaint]]);
    const faq = has(m.faq)
      ? h("dl", { class: "faq" }, m.faq.map((f) => h("div", {}, h("dt", {}, f.question), h("dd", {}, f.answer))))
      : null;
    const forms = has(m.forms)
      ? h("div", { class: "forms" }, m.forms.map((f) => this.#form(f, formIds.get(f.id))))
      : null;

    ui.detail.replaceChildren(
      h(
        "article",
        { class: "matter", part: "matter" },
        back(),
        heading,
        dept ? h("p", { class: "dept" }, dept) : null,
        h("p", { class: "badges" }, this.#badges({
          status: m.status || "active", kind: m.kind, timeLimit: tl, caseType: m.case_type ?? null,
          charged: m.fee ? m.fee.charged : null, online: !!(m.online && (m.online.url || m.online.depth)),
        })),
        status,
        overview ? h("section", { class: "sec", "aria-labelledby": `${this.#id}-sec-info` }, h("h3", { id: `${this.#id}-sec-info` }, t.basicInfo), overview) : null,
        section("basis", basis),
        section("conditions", conditions),
        section("materials", materials),
        section("procedure", procedure),
        section("timeLimit", limit),
        section("fee", fee),
        section("where", where),
        section("contact", contact),
        section("faq", faq),
        forms ? section("forms", forms) : null,
        m.notes ? section("notes", h("p", {}, m.notes)) : null,
        // Evaluated after the sections above, which fill `missing`.
        missing.length ? h("p", { class: "none" }, t.notProvidedList(missing)) : null,
      ),
    );
    const target = s.form != null && formIds.has(s.form) ? ui.detail.querySelector(`#${formIds.get(s.form)}`) : null;
    if (target) {
      target.focus({ preventScroll: true });
      target.scrollIntoView?.({ block: "start" });
    } else if (focus) {
      heading.focus({ preventScroll: true });
      this.scrollIntoView?.({ block: "start" });
    }
  }

  /** "今天提交，预计最晚 X 月 X 日前办结", from today's date in the browser and the
   * record's time limit (so a split index fetches nothing for it); null when the
   * matter has no limit or today is outside the holiday table. */
  #dueToday(limit) {
    const t = this.#t;
    const now = new Date();
    const pad = (n) => String(n).padStart(2, "0");
    const today = `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
    let due;
    try {
      due = dueDateFor(limit.statutory_days ?? undefined, limit.promised_days ?? undefined, limit.unit ?? undefined, today);
    } catch {
      return null;
    }
    if (!due) return null;
    const [y, mo, d] = due.due.split("-").map(Number);
    return h("div", { class: "due", part: "due" },
      h("p", { class: "due-date" }, t.dueBy(y, mo, d, now.getFullYear())),
      h("p", { class: "due-note" }, t.dueNote));
  }

  #form(f, elId) {
    const t = this.#t;
    const sample = f.kind === "sample";
    const fields = f.fields || [];
    const section = h(
      "section",
      { class: `form ${sample ? "sample" : "blank"}`, id: elId, tabindex: "-1", "aria-labelledby": `${elId}-t`, part: "form" },
      h("p", { class: "form-kind" }, sample ? t.sampleForm : t.blankForm),
      h("h4", { id: `${elId}-t` }, f.title),
      sample ? h("p", { class: "sample-notice" }, t.sampleNotice) : null,
      fields.length
        ? h(
            "table",
            { class: "form-table" },
            h("thead", {}, h("tr", {}, h("th", { scope: "col" }, t.formField), h("th", { scope: "col" }, sample ? t.formExample : ""))),
            h("tbody", {}, fields.map((x) => h("tr", {}, h("th", { scope: "row" }, x.label), h("td", { class: sample ? "filled" : "blank-cell" }, x.example ?? "")))),
          )
        : null,
      f.text ? h("p", { class: "form-text" }, f.text) : null,
    );
    section.append(
      h("button", {
        type: "button",
        class: "print",
        part: "button",
        onclick: () => {
          this.#ui.root.classList.add("print-one");
          section.classList.add("print-target");
          const done = () => {
            this.#ui.root.classList.remove("print-one");
            section.classList.remove("print-target");
            window.removeEventListener("afterprint", done);
          };
          window.addEventListener("afterprint", done);
          window.print();
        },
      }, t.print, " ", h("span", { class: "vh" }, f.title)),
    );
    return section;
  }
}

if (!customElements.get("matter-search")) customElements.define("matter-search", MatterSearchElement);
