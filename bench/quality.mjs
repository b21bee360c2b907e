// Quality side by side on the district names: matter-search (the CLI's stdin
// batch mode) and FlexSearch (index.search(q, 10)). Writes bench/out/quality.json.
import { DISTRICT_IDX, cliSearchBatch, districtFlex, districtRows, writeJson } from "./common.mjs";
import { exactQueries, substringQueries, twoWordQueries } from "./queries.mjs";

const LIMIT = 10;
const rows = districtRows();
const rowById = new Map(rows.map((r, i) => [r.item_code, i]));
const flex = districtFlex(rows);

/** Each engine answers a list of query strings with lists of row numbers, best first. */
const engines = {
  "matter-search": (queries) =>
    cliSearchBatch(DISTRICT_IDX, queries, LIMIT).map((res) =>
      res.hits.map((h) => {
        const i = rowById.get(h.id);
        if (i === undefined) throw new Error(`unknown id ${h.id}`);
        return i;
      }),
    ),
  FlexSearch: (queries) => queries.map((q) => flex.search(q, LIMIT)),
};

const HAN = /^\p{Script=Han}+$/u;
const exact = exactQueries(rows);
const two = twoWordQueries(rows);
const subs = substringQueries(rows);

const mean = (xs) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : 0);
function mrr(results, sets) {
  return mean(results.map((hits, k) => {
    const r = hits.findIndex((i) => sets[k].parts.every((p) => rows[i].name.includes(p)));
    return r < 0 ? 0 : 1 / (r + 1);
  }));
}

const metrics = {};
for (const [name, run] of Object.entries(engines)) {
  const e = run(exact);
  const t = run(two.map((x) => x.q));
  const tj = run(two.map((x) => x.parts.join("")));
  const s = run(subs.map((x) => x.q));
  metrics[name] = {
    exactTop1: mean(e.map((hits, k) => (hits.length > 0 && rows[hits[0]].name === exact[k] ? 1 : 0))),
    exactTop10: mean(e.map((hits, k) => (hits.some((i) => rows[i].name === exact[k]) ? 1 : 0))),
    twoWordMrr: mrr(t, two),
    twoWordNoHits: mean(t.map((h) => (h.length === 0 ? 1 : 0))),
    twoWordJoinedMrr: mrr(tj, two),
    substringRecall10: mean(s.map((hits, k) => {
      const want = new Set(subs[k].docs);
      return hits.filter((i) => want.has(i)).length / want.size;
    })),
    substringNoHits: mean(s.map((h) => (h.length === 0 ? 1 : 0))),
    substringHanRecall10: mean(s.flatMap((hits, k) => {
      if (!HAN.test(subs[k].q)) return [];
      const want = new Set(subs[k].docs);
      return [hits.filter((i) => want.has(i)).length / want.size];
    })),
  };
}

const examples = {
  twoWord: two.slice(0, 3).map((x) => x.q),
  substring: subs.slice(0, 3).map((x) => x.q),
};
writeJson("quality.json", {
  counts: { exact: exact.length, distinctNames: new Set(exact).size, twoWord: two.length, substring: subs.length, substringHan: subs.filter((x) => HAN.test(x.q)).length },
  examples,
  metrics,
});
console.log(JSON.stringify(metrics, null, 2));
