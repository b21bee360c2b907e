// Types of the package's entry point (index.js), written by hand over the
// generated ones: the same classes, with the arguments index.js accepts.
// Copied to pkg/index.d.ts by scripts/build-wasm.sh; checked by
// tests/js/example.ts under two tsconfigs (browser, Node).
import type {
  Department,
  DueDate,
  IndexStats,
  Matter,
  SearchOptions,
  SearchResults,
} from "./matter_search.js";

export * from "./matter_search.js";
export { default, initSync } from "./matter_search.js";

/** An index file's bytes: an `ArrayBuffer` (as `Response.arrayBuffer()` gives), a `Uint8Array` or another view. */
export type IndexBytes = ArrayBuffer | ArrayBufferView;

/**
 * One opened index file: search it, fetch matters, suggest completions.
 * Every method checks its arguments and throws an `Error` naming the one
 * that is wrong; a number where a string is expected is read as its string.
 */
export declare class Catalogue {
  /**
   * Opens the bytes of an index file built by `matter-search build`.
   * Throws when they are not an index (or are truncated, corrupt, from an
   * incompatible version), and before `init()` has finished.
   */
  constructor(bytes: IndexBytes);
  /** Searches. `options` may be omitted; see `SearchOptions`. */
  search(query: string | number, options?: SearchOptions | null): SearchResults;
  /** The number of matches, without building results (for benchmarks). */
  searchTotal(query: string | number): number;
  /** The whole matter (snake_case keys, as in the catalogue file), or `undefined` for an unknown id. */
  get(id: string | number): Matter | undefined;
  /** Up to `limit` (default 8, at most 50) matter names completing what is being typed, best first. */
  suggest(prefix: string | number, limit?: number | null): string[];
  /**
   * The last day for a decision on matter `id` if submitted on `submitted`
   * (`YYYY-MM-DD`, not counted) under the official calendar; `undefined`
   * when the matter gives no time limit or does not exist.
   */
  dueDate(id: string | number, submitted: string): DueDate | undefined;
  /** Counts and section sizes. */
  stats(): IndexStats;
  /** The departments, in catalogue order. */
  departments(): Department[];
  /** For split indexes (used by `matter-search/split`): the files the last calls needed and did not have. */
  missing(): string[];
  /** For split indexes: adds a file, already inflated. */
  addFile(name: string, bytes: IndexBytes): void;
  /** For split indexes: the DEFLATE history `.z.bin` files continue. */
  compressionHistory(): Uint8Array;
  /** Whether this is the root of a split index. */
  readonly isSplit: boolean;
  /** Number of matters. */
  readonly length: number;
  /** The catalogue's title. */
  readonly title: string;
  /** Releases the module memory this index holds; later calls throw. */
  free(): void;
}

export declare function dueDateFor(
  statutoryDays: number | null | undefined,
  promisedDays: number | null | undefined,
  unit: "working" | "calendar" | null | undefined,
  submitted: string,
): DueDate | undefined;

export declare function version(): string;
