// Type-checked by `tsc --noEmit` in scripts/test.sh: the package's .d.ts
// must describe options and results precisely (an `any` would make the
// expect-error lines below unused, which tsc reports as an error).
import init, { Catalogue, dueDateFor, type DueDate, type SearchResults, type Hit, type Matter, type SearchOptions } from "../../pkg/index.js";
import { openCatalogue, SplitCatalogue } from "../../pkg/split.js";

export async function demo(bytes: Uint8Array): Promise<string[]> {
  await init();
  const cat = new Catalogue(bytes);
  const opts: SearchOptions = { limit: 10, offset: 0, filters: { department: ["d"], kind: ["行政许可"], maxDays: 20, free: true } };
  const res: SearchResults = cat.search("对外贸易 备案", opts);
  const total: number = res.total;
  const first: Hit | undefined = res.hits[0];
  const days: number | null | undefined = first?.timeLimit?.statutoryDays;
  const slices = res.hits.flatMap((h) => h.highlights.map((s) => h.name.slice(s.start, s.end)));
  const m: Matter | undefined = cat.get(first?.id ?? "");
  const steps: string[] = (m?.procedure ?? []).map((s) => s.step);
  const counts: number[] = res.facets.department.map((f) => f.count);
  const names: string[] = cat.suggest("技术", 8);
  const bytesTotal: number = cat.stats().totalBytes;
  const due: DueDate | undefined = cat.dueDate(first?.id ?? "", "2026-04-28");
  const tl = m?.time_limit;
  const same: string | undefined = dueDateFor(tl?.statutory_days, tl?.promised_days, tl?.unit, "2026-04-28")?.due;

  // @ts-expect-error limit is a number
  cat.search("x", { limit: "10" });
  // @ts-expect-error unknown matter type
  cat.search("x", { filters: { kind: "许可" } });
  // @ts-expect-error unknown option
  cat.search("x", { limt: 10 });
  // @ts-expect-error hits have no `title`
  res.hits[0].title;
  // @ts-expect-error timeLimit may be null
  res.hits[0].timeLimit.statutoryDays;

  return [String(total), String(days), ...slices, ...steps, String(counts), ...names, String(bytesTotal), due?.basis ?? "", same ?? ""];
}

// The split loader: an entry.json gives a SplitCatalogue whose queries are promises.
export async function split(base: string): Promise<string[]> {
  const cat: SplitCatalogue = await openCatalogue(`${base}/entry.json`, { ready: init(), fetch: (u) => fetch(u) });
  const res: SearchResults = await cat.search("营业执照", { limit: 10 });
  const m: Matter | undefined = await cat.get(res.hits[0]?.id ?? "");
  const names: string[] = await cat.suggest("营业", 8);
  const due: string = (await cat.dueDate(res.hits[0]?.id ?? "", "2026-04-28"))?.due ?? "";
  const fetched: number = cat.bytesFetched + cat.filesFetched;
  const depts: string[] = cat.departments().map((d) => d.name);
  // Any other URL may be a one-file index: either kind answers through await.
  const any = await openCatalogue(new URL("catalogue.idx", base));
  const again: SearchResults = await any.search("营业执照");
  if (any instanceof SplitCatalogue) any.free();

  // @ts-expect-error queries on a split index are asynchronous
  const sync: SearchResults = cat.search("x");
  // @ts-expect-error unknown option
  await openCatalogue("entry.json", { fecth: fetch });

  return [m?.name ?? "", ...names, due, String(fetched), ...depts, String(again.total), String(sync)];
}

// The widget's element and events, typed through HTMLElementTagNameMap.
import type { MatterSearchElement } from "../../pkg/widget.js";
export function widget(): string {
  const el = document.querySelector("matter-search");
  const same: MatterSearchElement | null = el;
  el?.addEventListener("results", (e) => {
    const total: number = e.detail.total;
    const query: string = e.detail.query;
    void [total, query];
  });
  el?.addEventListener("error", (e) => {
    const message: string = e.detail;
    void message;
  });
  // @ts-expect-error results carry no `hits`
  el?.addEventListener("results", (e) => e.detail.hits);
  const open = same?.catalogue?.title ?? "";
  return open;
}
