// Quality side by side on the district names: matter-search (the CLI's stdin
// batch mode) and FlexSearch (index.search(q, 10)). Writes bench/out/quality.json.
// The query-understanding queries come from bench/out/understanding.jsonl
// (examples/understanding_queries.rs, run by scripts/bench.sh).
import fs from "node:fs";
import path from "node:path";
import { DISTRICT_IDX, OUT, cliSearchBatch, districtFlex, districtRows, writeJson } from "./common.mjs";
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

// Query understanding: per distinct name, its shortest distinguishing run of
// leading words, as typed (simplified), in traditional characters, in full
// pinyin and as pinyin initials. A hit counts when its matter's id is one of
// the target name's ids.
const UNDERSTANDING = path.join(OUT, "understanding.jsonl");
if (!fs.existsSync(UNDERSTANDING)) {
  throw new Error(`missing ${UNDERSTANDING}: run examples/understanding_queries (see scripts/bench.sh)`);
}
const understanding = fs.readFileSync(UNDERSTANDING, "utf8").split("\n").filter((l) => l.length > 0).map((l) => JSON.parse(l));
for (const u of understanding) {
  for (const id of u.ids) if (!rowById.has(id)) throw new Error(`${UNDERSTANDING}: unknown id ${id}`);
}
// A name's punctuation becomes a space in its query (the names are
// normalized); FlexSearch finds nothing for a query with a space, so the
// simplified queries are also run with their spaces removed.
for (const u of understanding) u.simplifiedJoined = u.simplified.replace(/\s+/gu, "");
const FORMS = ["simplified", "simplifiedJoined", "traditional", "pinyin", "initials"];
/** Per form, the queries that exist (pinyin is null when a character has no reading). */
const uQueries = Object.fromEntries(FORMS.map((f) => [f, understanding.filter((u) => typeof u[f] === "string")]));

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
    understanding: Object.fromEntries(FORMS.map((f) => {
      const us = uQueries[f];
      const res = run(us.map((u) => u[f]));
      return [f, {
        mrr: mean(res.map((hits, k) => {
          const want = new Set(us[k].ids);
          const r = hits.findIndex((i) => want.has(rows[i].item_code));
          return r < 0 ? 0 : 1 / (r + 1);
        })),
        top1: mean(res.map((hits, k) => (hits.length > 0 && us[k].ids.includes(rows[hits[0]].item_code) ? 1 : 0))),
        noHits: mean(res.map((h) => (h.length === 0 ? 1 : 0))),
      }];
    })),
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
  understanding: understanding.slice(0, 200).filter((u) => u.simplified !== u.traditional).slice(0, 2),
};
writeJson("quality.json", {
  counts: { exact: exact.length, distinctNames: new Set(exact).size, twoWord: two.length, substring: subs.length, substringHan: subs.filter((x) => HAN.test(x.q)).length,
    understanding: Object.fromEntries(FORMS.map((f) => [f, uQueries[f].length])),
    understandingTraditionalDiffers: understanding.filter((u) => u.traditional !== u.simplified).length,
    understandingWithSpace: understanding.filter((u) => u.simplified !== u.simplifiedJoined).length },
  examples,
  metrics,
});
console.log(JSON.stringify(metrics, null, 2));
