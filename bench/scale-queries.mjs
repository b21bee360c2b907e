// The 300-query mix of the scale benchmark (issue 11), drawn from one
// catalogue with a fixed seed: 75 each of
//   exact   a matter's full name
//   words   two words of a name: its first 2 and last 2 characters (trailing
//           bracketed qualifiers stripped, names of 6+ characters), space-joined
//           (the rule of BENCHMARKS.md §2 (b))
//   name    a 3–6 character substring of a name, Han characters only
//   text    a 2–4 character substring of a condition, material, procedure
//           step or legal basis text, Han characters only
// Deterministic: the same catalogue and seed give the same queries.
//
//   node bench/scale-queries.mjs CATALOGUE.json OUT.json [SEED]
import fs from "node:fs";
import { stripQualifiers } from "./queries.mjs";

export const PER_TYPE = 75;
export const TYPES = ["exact", "words", "name", "text"];

/** mulberry32: a small seeded PRNG, enough for sampling. */
export function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const HAN = /^\p{Script=Han}+$/u;

/** The texts of a matter's conditions, materials, procedure and basis. */
function bodyTexts(m) {
  const out = [];
  for (const c of m.conditions ?? []) out.push(typeof c === "string" ? c : c.text ?? "");
  for (const x of m.materials ?? []) out.push(typeof x === "string" ? x : x.name ?? "");
  for (const p of m.procedure ?? []) {
    if (typeof p === "string") out.push(p);
    else out.push(p.step ?? "", p.description ?? "");
  }
  for (const b of m.basis ?? []) {
    if (typeof b === "string") out.push(b);
    else out.push(b.title ?? "", b.text ?? "");
  }
  return out.filter((t) => t.length >= 2);
}

/** A random run of `len` Han characters inside `text`, or null after a few tries. */
function hanSubstring(rand, text, len) {
  const c = Array.from(text);
  if (c.length < len) return null;
  for (let tries = 0; tries < 20; tries++) {
    const start = Math.floor(rand() * (c.length - len + 1));
    const s = c.slice(start, start + len).join("");
    if (HAN.test(s)) return s;
  }
  return null;
}

export function makeQueries(catalogue, seed = 1) {
  const rand = rng(seed);
  const ms = catalogue.matters;
  const pick = () => ms[Math.floor(rand() * ms.length)];
  const out = [];
  const seen = new Set();
  const push = (type, q, id) => {
    const key = type + "\t" + q;
    if (seen.has(key)) return false;
    seen.add(key);
    out.push({ type, q, id });
    return true;
  };
  const fill = (type, gen) => {
    let n = 0;
    for (let tries = 0; n < PER_TYPE && tries < PER_TYPE * 200; tries++) {
      const m = pick();
      const q = gen(m);
      if (q && push(type, q, m.id)) n++;
    }
    if (n < PER_TYPE) throw new Error(`only ${n} ${type} queries`);
  };
  fill("exact", (m) => m.name);
  fill("words", (m) => {
    const c = Array.from(stripQualifiers(m.name));
    return c.length < 6 ? null : `${c.slice(0, 2).join("")} ${c.slice(-2).join("")}`;
  });
  fill("name", (m) => hanSubstring(rand, m.name, 3 + Math.floor(rand() * 4)));
  fill("text", (m) => {
    const ts = bodyTexts(m);
    if (ts.length === 0) return null;
    return hanSubstring(rand, ts[Math.floor(rand() * ts.length)], 2 + Math.floor(rand() * 3));
  });
  // Interleave the types so that a run cut short, or a warm cache, hits them alike.
  const byType = TYPES.map((t) => out.filter((x) => x.type === t));
  const mixed = [];
  for (let i = 0; i < PER_TYPE; i++) for (const b of byType) mixed.push(b[i]);
  return mixed;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [cat, outPath, seed = "1"] = process.argv.slice(2);
  if (!cat || !outPath) {
    console.error("usage: node bench/scale-queries.mjs CATALOGUE.json OUT.json [SEED]");
    process.exit(2);
  }
  const qs = makeQueries(JSON.parse(fs.readFileSync(cat, "utf8")), Number(seed));
  fs.writeFileSync(outPath, JSON.stringify({ seed: Number(seed), queries: qs }, null, 1) + "\n");
  console.log(`${qs.length} queries → ${outPath}`);
}
