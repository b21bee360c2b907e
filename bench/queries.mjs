// Deterministic query sets over the district names (no randomness).
import { chars } from "./common.mjs";

/** Strips trailing bracketed qualifiers such as （县级行使） or (县级), repeatedly. */
export function stripQualifiers(name) {
  let s = name;
  for (;;) {
    const t = s.replace(/\s*[（(][^（()）]*[）)]\s*$/u, "");
    if (t === s || t.length === 0) return s;
    s = t;
  }
}

/** (a) every full name, in file order (duplicates included: 1,135 queries). */
export function exactQueries(rows) {
  return rows.map((r) => r.name);
}

/**
 * (b) two words of a name: the first 2 and the last 2 characters of the name
 * without its trailing bracketed qualifiers, joined by a space, for names
 * that are still ≥ 6 characters long. Deduplicated.
 */
export function twoWordQueries(rows) {
  const seen = new Set();
  const out = [];
  for (const r of rows) {
    const c = chars(stripQualifiers(r.name));
    if (c.length < 6) continue;
    const a = c.slice(0, 2).join(""), b = c.slice(-2).join("");
    const q = `${a} ${b}`;
    if (seen.has(q)) continue;
    seen.add(q);
    out.push({ q, parts: [a, b] });
  }
  return out;
}

/**
 * (c) 3–6 character substrings of the names, starting at every 3rd
 * character, deduplicated, kept when they contain no whitespace and occur in
 * at most 10 names. Each comes with the row numbers that contain it.
 */
export function substringQueries(rows, maxDocs = 10) {
  const seen = new Set();
  const out = [];
  const names = rows.map((r) => r.name);
  for (const name of names) {
    const c = chars(name);
    for (let start = 0; start < c.length; start += 3) {
      for (let len = 3; len <= 6 && start + len <= c.length; len++) {
        const q = c.slice(start, start + len).join("");
        if (seen.has(q) || /\s/u.test(q)) continue;
        seen.add(q);
        const docs = [];
        for (let i = 0; i < names.length && docs.length <= maxDocs; i++) {
          if (names[i].includes(q)) docs.push(i);
        }
        if (docs.length >= 1 && docs.length <= maxDocs) out.push({ q, docs });
      }
    }
  }
  return out;
}
