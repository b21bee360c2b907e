// Types of the widget (widget.js, `matter-search/widget`), written by hand.
// Copied to pkg/widget.d.ts by scripts/build-wasm.sh; checked by
// tests/js/example.ts. Attributes, events and parts: docs/widget.md.
import type { Catalogue } from "./index.js";
import type { SplitCatalogue } from "./split.js";

/** The `detail` of each event the element fires (all bubble and are composed). */
export interface MatterSearchEventMap {
  /** The index is open. */
  ready: CustomEvent<null>;
  /** The index could not be loaded, or a query's files could not be fetched: the message. */
  error: CustomEvent<string>;
  /** A query's results are shown. */
  results: CustomEvent<{ query: string; total: number }>;
}

/** `<matter-search src="catalogue.idx" lang="zh-CN">`. */
export declare class MatterSearchElement extends HTMLElement {
  /** The open index, or `null` before `ready`. */
  readonly catalogue: Catalogue | SplitCatalogue | null;
  addEventListener<K extends keyof MatterSearchEventMap>(
    type: K,
    listener: (this: MatterSearchElement, ev: MatterSearchEventMap[K]) => unknown,
    options?: boolean | AddEventListenerOptions,
  ): void;
  addEventListener(type: string, listener: EventListenerOrEventListenerObject, options?: boolean | AddEventListenerOptions): void;
  removeEventListener<K extends keyof MatterSearchEventMap>(
    type: K,
    listener: (this: MatterSearchElement, ev: MatterSearchEventMap[K]) => unknown,
    options?: boolean | EventListenerOptions,
  ): void;
  removeEventListener(type: string, listener: EventListenerOrEventListenerObject, options?: boolean | EventListenerOptions): void;
}

declare global {
  interface HTMLElementTagNameMap {
    "matter-search": MatterSearchElement;
  }
}
