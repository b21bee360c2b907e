//! Query evaluation: cut, match by verified substring, filter, rank,
//! highlight.

use std::collections::HashMap;

use super::*;
use crate::analysis::{self, utf16_offset, Mapped, TokenKind};
use crate::index::{Field, Index, TEXT_FIELDS};

/// Slots of a unit's per-field frequencies: the ten fields, then the code.
const SLOTS: usize = 11;
const CODE_SLOT: usize = 10;
/// Most terms a prefix may expand to.
const MAX_PREFIX_TERMS: usize = 128;
/// Characters of context a snippet shows around its first match.
const SNIPPET_BEFORE: usize = 16;
const SNIPPET_CHARS: usize = 72;

type Tf = [u16; SLOTS];

/// The matters containing one unit, sorted by document, with per-field
/// frequencies (a sorted vector: built in order, read by binary search).
#[derive(Clone, Debug, Default)]
struct Matches(Vec<(u32, Tf)>);

impl Matches {
    fn get(&self, doc: &u32) -> Option<&Tf> {
        self.0
            .binary_search_by_key(doc, |e| e.0)
            .ok()
            .map(|i| &self.0[i].1)
    }
    fn contains_key(&self, doc: &u32) -> bool {
        self.get(doc).is_some()
    }
    fn keys(&self) -> impl Iterator<Item = &u32> + '_ {
        self.0.iter().map(|e| &e.0)
    }
    fn len(&self) -> usize {
        self.0.len()
    }
    /// Adds frequencies for `doc` in the given slot, keeping order.
    fn add(&mut self, doc: u32, slot: usize, v: u16) {
        match self.0.binary_search_by_key(&doc, |e| e.0) {
            Ok(i) => self.0[i].1[slot] = v,
            Err(i) => {
                let mut tf = [0; SLOTS];
                tf[slot] = v;
                self.0.insert(i, (doc, tf));
            }
        }
    }
}

/// A piece of the query that a matter must contain.
#[derive(Clone, Debug)]
struct Unit {
    text: String,
    latin: bool,
    /// The last word while typing: match Latin words by prefix.
    prefix: bool,
}

impl Unit {
    fn cjk(text: String) -> Unit {
        Unit {
            text,
            latin: false,
            prefix: false,
        }
    }
}

/// A matter's searchable text, normalized; cached in the [`Index`].
#[derive(Debug)]
pub(crate) struct NormDoc {
    name: String,
    texts: Vec<(Field, String)>,
    lens: [f32; TEXT_FIELDS],
}

struct Ctx<'i, 'a> {
    idx: &'i Index<'a>,
    chars: HashMap<char, Vec<u32>>,
    dept_norm: &'i [String],
    /// Units already matched in this query: readings of one query (a
    /// synonym swapped in, pinyin read as words) share most of their units.
    units: Vec<(Unit, Matches)>,
}

impl<'i, 'a> Ctx<'i, 'a> {
    fn new(idx: &'i Index<'a>) -> Self {
        let dept_norm = idx.dept_norm.get_or_init(|| {
            idx.departments()
                .iter()
                .map(|d| {
                    let mut s = idx.normalize(&d.name);
                    for a in &d.aliases {
                        s.push(' ');
                        s.push_str(&idx.normalize(a));
                    }
                    s
                })
                .collect()
        });
        Ctx {
            idx,
            chars: HashMap::new(),
            dept_norm,
            units: Vec::new(),
        }
    }

    fn norm_doc(&self, doc: u32) -> Option<&'i NormDoc> {
        norm_doc(self.idx, doc)
    }

    fn char_postings(&mut self, c: char) -> &[u32] {
        let idx = self.idx;
        self.chars.entry(c).or_insert_with(|| {
            let mut v = Vec::new();
            let mut b = [0u8; 4];
            // A corrupt list reads as empty: the query degrades, never panics.
            if idx.postings_into(c.encode_utf8(&mut b), &mut v).is_err() {
                v.clear();
            }
            v
        })
    }

    /// Every matter containing `u`, with its frequency per field.
    fn match_unit(&mut self, u: &Unit) -> Matches {
        let same = |k: &Unit| k.text == u.text && k.latin == u.latin && k.prefix == u.prefix;
        if let Some((_, m)) = self.units.iter().find(|(k, _)| same(k)) {
            return m.clone();
        }
        let m = self.match_unit_uncached(u);
        self.units.push((u.clone(), m.clone()));
        m
    }

    fn match_unit_uncached(&mut self, u: &Unit) -> Matches {
        let mut cands: Vec<u32> = Vec::new();
        if u.latin {
            let mut keys = Vec::new();
            if u.prefix {
                use fst::{IntoStreamer, Streamer};
                let mut upper = u.text.clone().into_bytes();
                // Latin words are ASCII or other letters; bump the last byte for the range end.
                if let Some(last) = upper.last_mut() {
                    *last = last.saturating_add(1);
                }
                let mut s = self
                    .idx
                    .terms()
                    .range()
                    .ge(&u.text)
                    .lt(&upper)
                    .into_stream();
                while let Some((_, v)) = s.next() {
                    keys.push(v);
                    if keys.len() >= MAX_PREFIX_TERMS {
                        break;
                    }
                }
            } else if let Some(v) = self.idx.terms().get(&u.text) {
                keys.push(v);
            }
            for v in keys {
                let _ = self.idx.decode_value(v, &mut cands);
            }
            cands.sort_unstable();
            cands.dedup();
        } else {
            let mut chars: Vec<char> = u.text.chars().collect();
            analysis::sort_by(&mut chars, |a, b| a < b);
            chars.dedup();
            let mut lists: Vec<Vec<u32>> = chars
                .iter()
                .map(|&c| self.char_postings(c).to_vec())
                .collect();
            analysis::sort_by(&mut lists, |a, b| a.len() < b.len());
            let mut it = lists.into_iter();
            cands = it.next().unwrap_or_default();
            for l in it {
                cands = intersect(&cands, &l);
                if cands.is_empty() {
                    break;
                }
            }
        }
        let mut out = Matches(Vec::with_capacity(cands.len()));
        for doc in cands {
            let Some(nd) = self.norm_doc(doc) else {
                continue;
            };
            let mut tf: Tf = [0; SLOTS];
            tf[Field::Name as usize] = count(&nd.name, &u.text);
            for (f, t) in &nd.texts {
                let slot = &mut tf[*f as usize];
                *slot = slot.saturating_add(count(t, &u.text));
            }
            if tf.iter().any(|&x| x > 0) {
                out.0.push((doc, tf));
            }
        }
        // Department and kind match through their tables.
        let depts: Vec<(u16, u16)> = self
            .dept_norm
            .iter()
            .enumerate()
            .filter_map(|(i, d)| {
                let c = count(d, &u.text);
                (c > 0).then_some((i as u16, c))
            })
            .collect();
        let kinds: Vec<(Kind, u16)> = Kind::ALL
            .iter()
            // A kind matches only when named in full (行政许可): its parts
            // (许可) are better found in names than in every licence. Kind
            // names are already in normalized form.
            .filter_map(|&k| (k.as_str() == u.text).then_some((k, 1)))
            .collect();
        if !depts.is_empty() || !kinds.is_empty() {
            for doc in 0..self.idx.len() as u32 {
                let cols = self.idx.columns(doc);
                let d = cols
                    .department
                    .and_then(|d| depts.iter().find(|x| x.0 == d))
                    .map(|x| x.1);
                let k = cols
                    .kind
                    .and_then(|k| kinds.iter().find(|x| x.0 == k))
                    .map(|x| x.1);
                if let Some(d) = d {
                    out.add(doc, Field::Department as usize, d);
                }
                if let Some(k) = k {
                    out.add(doc, Field::Kind as usize, k);
                }
            }
        }
        // Codes: a word with a digit may be part of an id or code.
        if u.latin && u.text.len() >= 4 && u.text.bytes().any(|b| b.is_ascii_digit()) {
            for (doc, ids) in self.idx.identifiers().folded.iter().enumerate() {
                if ids.contains(&u.text) {
                    out.add(doc as u32, CODE_SLOT, 1);
                }
            }
        }
        out
    }
}

fn norm_doc<'i>(idx: &'i Index<'_>, doc: u32) -> Option<&'i NormDoc> {
    idx.norm
        .get(doc as usize)?
        .get_or_init(|| {
            idx.doc(doc).ok().map(|d| {
                let mut lens = [0f32; TEXT_FIELDS];
                let mut count = |f: Field, s: &str| {
                    lens[f as usize] += s.chars().filter(|&c| c != ' ').count() as f32;
                };
                let name = idx.normalize(d.name);
                count(Field::Name, &name);
                let texts: Vec<(Field, String)> = d
                    .texts
                    .iter()
                    .map(|&(f, s)| {
                        let n = idx.normalize(s);
                        count(f, &n);
                        (f, n)
                    })
                    .collect();
                NormDoc { name, texts, lens }
            })
        })
        .as_ref()
}

/// Non-overlapping occurrences of `needle` in `hay`. A plain scan on the
/// first byte: for the short needles and texts of a query, building a
/// two-way searcher per call (what `str::matches` does) costs more.
fn count(hay: &str, needle: &str) -> u16 {
    let (h, n) = (hay.as_bytes(), needle.as_bytes());
    let Some(&first) = n.first() else { return 0 };
    if h.len() < n.len() {
        return 0;
    }
    let mut c: u16 = 0;
    let mut i = 0;
    let last = h.len() - n.len();
    while i <= last {
        if h[i] == first && &h[i..i + n.len()] == n {
            c = c.saturating_add(1);
            i += n.len();
        } else {
            i += 1;
        }
    }
    c
}

fn intersect(a: &[u32], b: &[u32]) -> Vec<u32> {
    let mut out = Vec::with_capacity(a.len().min(b.len()));
    let (mut i, mut j) = (0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                out.push(a[i]);
                i += 1;
                j += 1;
            }
        }
    }
    out
}

/// Readings of one query other than as typed, at most, per kind.
const PINYIN_READINGS: usize = 4;
/// Added to the cost of a pinyin match in an alias rather than a name, and
/// in any other field.
const ALIAS_SPAN_COST: f32 = 0.5;
const OTHER_SPAN_COST: f32 = 2.0;
/// Most distinct texts a pinyin query is found as (a letter or two can
/// spell thousands); the cheapest are kept among the first found.
const MAX_SPANS: usize = 512;
const TYPO_READINGS: usize = 3;

/// One way to read the query: as typed (after folding traditional
/// characters), or rewritten — pinyin turned into Han words, a synonym, a
/// corrected typo — with what each of its units matched.
struct Reading {
    via: Via,
    /// Among readings of the same kind, likelier first.
    rank: usize,
    /// The normalized text read.
    norm: String,
    units: Vec<Unit>,
    /// The query's runs as typed (for phrase tiers and highlights).
    runs: Vec<String>,
    /// The query without spaces (for the name-prefix bonus).
    qcat: String,
    per_unit: Vec<Matches>,
    /// Matters with every unit (sorted), or with any unit when partial.
    matched: Vec<u32>,
    partial: bool,
}

impl Reading {
    /// Cuts normalized text with the stored lexicon and matches every unit.
    fn new(ctx: &mut Ctx<'_, '_>, norm: &str, text: &str, via: Via, rank: usize) -> Reading {
        let lex = ctx.idx.lexicon();
        let units = units_of(norm, text, |run| {
            analysis::segment(run, lex)
                .into_iter()
                .map(|(a, b)| run[a..b].to_string())
                .collect()
        });
        let per_unit: Vec<Matches> = units.iter().map(|u| ctx.match_unit(u)).collect();
        let mut it = per_unit.iter();
        let first: Vec<u32> = it
            .next()
            .map(|m| m.keys().copied().collect())
            .unwrap_or_default();
        let matched = it.fold(first, |acc, m| {
            acc.into_iter().filter(|d| m.contains_key(d)).collect()
        });
        Reading {
            via,
            rank,
            norm: norm.to_string(),
            runs: analysis::tokens(norm)
                .iter()
                .map(|t| t.text.to_string())
                .collect(),
            qcat: norm.chars().filter(|&c| c != ' ').collect(),
            units,
            per_unit,
            matched,
            partial: false,
        }
    }

    /// The fallback when nothing has every word: matters with any of the
    /// query's character bigrams or Latin words.
    fn fallback(mut self, ctx: &mut Ctx<'_, '_>, text: &str) -> Reading {
        self.units = fallback_units(&self.norm, text);
        self.per_unit = self.units.iter().map(|u| ctx.match_unit(u)).collect();
        let mut all: Vec<u32> = self
            .per_unit
            .iter()
            .flat_map(|m| m.keys().copied())
            .collect();
        all.sort_unstable();
        all.dedup();
        self.partial = !all.is_empty();
        self.matched = all;
        self
    }
}

/// Adds the other readings of a query: synonyms always (ranked below what
/// the query finds as typed); pinyin when nothing matches as typed; and
/// when nothing matches as a phrase, corrected typos of Latin words, of
/// pinyin, and of Han characters by sound. Only readings that find
/// something are kept.
fn understand(ctx: &mut Ctx<'_, '_>, text: &str, readings: &mut Vec<Reading>) {
    let idx = ctx.idx;
    let norm = readings[0].norm.clone();
    let mut seen: Vec<String> = vec![norm.clone()];
    let mut add = |ctx: &mut Ctx<'_, '_>, readings: &mut Vec<Reading>, alt: String, via: Via| {
        if alt.is_empty() || seen.contains(&alt) {
            return false;
        }
        let rank = readings.iter().filter(|r| r.via == via).count();
        let r = Reading::new(ctx, &alt, text, via, rank);
        seen.push(alt);
        let found = !r.matched.is_empty();
        if found {
            readings.push(r);
        }
        found
    };
    for alt in idx.synonyms().alternatives(&norm) {
        add(ctx, readings, alt, Via::Synonym);
    }
    let pattern = |edits: u8, homophones: bool| {
        let tolerance = analysis::pinyin::Tolerance { edits, homophones };
        analysis::pinyin::Pattern::new(&norm, idx.readings(), tolerance)
    };
    let as_typed = !readings[0].matched.is_empty();
    if !as_typed {
        let mut found = false;
        if let Some(p) = pattern(0, false) {
            for alt in spelled(ctx, &p, false) {
                found |= add(ctx, readings, alt, Via::Pinyin);
            }
        }
        if found {
            return;
        }
    }
    // Typos, only when the query as typed is nowhere a phrase.
    if as_typed && has_phrase(ctx, &readings[0]) {
        return;
    }
    let toks = analysis::tokens(&norm);
    if !as_typed {
        // Latin words the catalogue does not have, corrected to ones it has.
        for (i, t) in toks.iter().enumerate() {
            if t.kind != TokenKind::Word || idx.terms().contains_key(t.text) {
                continue;
            }
            let max = analysis::spelling::allowed_edits(t.text.chars().count());
            let fst = idx.terms().as_fst();
            for (near, _, _) in analysis::spelling::near(fst, t.text, max, TYPO_READINGS) {
                let alt: Vec<&str> = toks
                    .iter()
                    .enumerate()
                    .map(|(j, u)| if j == i { near.as_str() } else { u.text })
                    .collect();
                add(ctx, readings, alt.join(" "), Via::Typo);
            }
        }
    }
    // Pinyin with typing errors in full syllables, and a wrong Han
    // character (同音字) in a word of three or more, read by its sound.
    // Look-alike characters are left to the bigram fallback.
    let letters: usize = toks
        .iter()
        .filter(|t| t.kind == TokenKind::Word)
        .map(|t| t.text.len())
        .sum();
    let longest = toks
        .iter()
        .filter(|t| t.kind == TokenKind::Cjk)
        .map(|t| t.text.chars().count())
        .max()
        .unwrap_or(0);
    let (letter_edits, han_edits) = (
        analysis::spelling::allowed_edits(letters),
        if longest >= 3 {
            analysis::spelling::allowed_edits(longest + 1)
        } else {
            0
        },
    );
    let budget = if as_typed {
        han_edits
    } else {
        letter_edits.max(han_edits)
    };
    if budget > 0 {
        if let Some(p) = pattern(budget, han_edits > 0) {
            for alt in spelled(ctx, &p, true) {
                add(ctx, readings, alt, Via::Typo);
            }
        }
    }
}

/// The texts that spell a pinyin pattern (with errors, if `typo`), cheapest
/// first — fewest abbreviations, at the start of a name — then the most
/// common. Names and aliases first; other fields when those have none.
fn spelled(ctx: &Ctx<'_, '_>, p: &analysis::pinyin::Pattern<'_>, typo: bool) -> Vec<String> {
    // (span, cost, count); a list, not a map: few entries, and no hash
    // table code for string keys in the WebAssembly build.
    let mut found: Vec<(String, f32, usize)> = Vec::new();
    for pass in 0..2 {
        for doc in 0..ctx.idx.len() as u32 {
            let Some(nd) = ctx.norm_doc(doc) else {
                continue;
            };
            let texts = nd.texts.iter().filter_map(|(f, t)| {
                let alias = *f == Field::Alias;
                match pass {
                    0 if alias => Some((t.as_str(), ALIAS_SPAN_COST)),
                    1 if !alias => Some((t.as_str(), OTHER_SPAN_COST)),
                    _ => None,
                }
            });
            let name = (pass == 0).then_some((nd.name.as_str(), 0.0));
            for (text, extra) in name.into_iter().chain(texts) {
                for sp in p.spans(text) {
                    let Some(span) = text.get(sp.start..sp.end).map(str::trim) else {
                        continue;
                    };
                    if typo && sp.edits == 0 {
                        continue;
                    }
                    let cost = sp.cost + extra;
                    if let Some(e) = found.iter_mut().find(|e| e.0 == span) {
                        e.1 = e.1.min(cost);
                        e.2 += 1;
                    } else if found.len() < MAX_SPANS {
                        found.push((span.to_string(), cost, 1));
                    }
                }
            }
        }
        if !found.is_empty() {
            break;
        }
    }
    let mut best = Vec::with_capacity(PINYIN_READINGS);
    while best.len() < PINYIN_READINGS {
        let Some((span, _, _)) = analysis::take_best(&mut found, |a, b| {
            (a.1, std::cmp::Reverse(a.2), &a.0) < (b.1, std::cmp::Reverse(b.2), &b.0)
        }) else {
            break;
        };
        best.push(span);
    }
    best
}

/// Whether some matter has every run of the reading as typed.
fn has_phrase(ctx: &Ctx<'_, '_>, r: &Reading) -> bool {
    r.matched.iter().any(|&d| {
        ctx.norm_doc(d).is_some_and(|nd| {
            r.runs.iter().all(|run| {
                nd.name.contains(run.as_str())
                    || nd.texts.iter().any(|(_, t)| t.contains(run.as_str()))
            })
        })
    })
}

/// Units for the fallback when no matter has every word: the character
/// bigrams of each CJK run (so a query with an unknown or mistyped word
/// still finds what shares most of it) and the Latin words.
fn fallback_units(norm: &str, text: &str) -> Vec<Unit> {
    units_of(norm, text, |run| {
        let chars: Vec<char> = run.chars().collect();
        if chars.len() == 1 {
            return vec![run.to_string()];
        }
        chars.windows(2).map(|pair| pair.iter().collect()).collect()
    })
}

/// The units of a normalized query: every Latin or number word (the last
/// one by prefix while the user is still typing it) and the pieces `cut`
/// makes of every CJK run, without repeats.
fn units_of(norm: &str, text: &str, mut cut: impl FnMut(&str) -> Vec<String>) -> Vec<Unit> {
    let typing = !text.ends_with(char::is_whitespace);
    let toks = analysis::tokens(norm);
    let n = toks.len();
    let mut units = Vec::new();
    for (i, t) in toks.iter().enumerate() {
        match t.kind {
            TokenKind::Word => units.push(Unit {
                text: t.text.to_string(),
                latin: true,
                prefix: typing && i + 1 == n,
            }),
            TokenKind::Cjk => units.extend(cut(t.text).into_iter().map(Unit::cjk)),
        }
    }
    let mut seen = std::collections::HashSet::new();
    units.retain(|u| seen.insert((u.text.clone(), u.latin)));
    units
}

/// Natural logarithm from IEEE-754 arithmetic alone. `f32::ln` calls the
/// platform's libm, whose last bit differs between x86-64 and the Rust libm
/// linked into WebAssembly; scores must be bit-identical everywhere so that
/// near ties rank the same natively and in the browser.
fn ln(x: f64) -> f64 {
    if x.is_nan() || x <= 0.0 || x.is_infinite() {
        return if x == 0.0 { f64::NEG_INFINITY } else { x.ln() };
    }
    // x = m · 2^e with m in [1, 2) (subnormals do not occur here).
    let bits = x.to_bits();
    let e = ((bits >> 52) & 0x7ff) as i64 - 1023;
    let mut m = f64::from_bits((bits & ((1u64 << 52) - 1)) | (1023u64 << 52));
    let mut e = e as f64;
    if m > std::f64::consts::SQRT_2 {
        m /= 2.0;
        e += 1.0;
    }
    // ln m = 2·atanh(s), s = (m − 1)/(m + 1), |s| ≤ 0.172.
    let s = (m - 1.0) / (m + 1.0);
    let s2 = s * s;
    let mut term = s;
    let mut sum = 0.0;
    let mut k = 1.0;
    while k < 40.0 {
        sum += term / k;
        term *= s2;
        k += 2.0;
    }
    e * std::f64::consts::LN_2 + 2.0 * sum
}

pub(super) fn search(idx: &Index<'_>, q: &Query) -> SearchResults {
    let text: String = q.text.chars().take(MAX_QUERY_CHARS).collect();
    // The index's fold table also folds traditional characters to the
    // simplified ones the catalogue uses, so both forms give the same hits
    // in the same order.
    let norm = idx.normalize(&text);
    let mut ctx = Ctx::new(idx);
    let w = &q.weights;
    let n = idx.len() as u32;

    // Exact id or code: the query is one identifier-like token.
    let trimmed = text.trim();
    // Ids and codes carry digits or joiners; plain words skip the scan. An
    // id equal to the query as typed wins over one equal after folding.
    let folded: String = trimmed
        .chars()
        .map(crate::index::fold_identifier_char)
        .collect();
    let exact_id = if !trimmed.is_empty()
        && !trimmed.contains(char::is_whitespace)
        && folded.chars().count() >= 3
        && folded
            .chars()
            .any(|c| c.is_ascii_digit() || matches!(c, '-' | '_' | '.' | '/'))
    {
        let ids = idx.identifiers();
        let key: String = folded.clone();
        ids.by_key.get(&key).and_then(|docs| {
            let exact = docs.iter().copied().find(|&d| {
                idx.doc(d)
                    .map(|doc| doc.id == trimmed || doc.code == Some(trimmed))
                    .unwrap_or(false)
            });
            exact.or_else(|| docs.first().copied())
        })
    } else {
        None
    };

    let mut readings = vec![Reading::new(&mut ctx, &norm, &text, Via::Direct, 0)];
    if readings[0].units.is_empty() {
        if norm.is_empty() {
            readings[0].matched = (0..n).collect();
        }
    } else {
        understand(&mut ctx, &text, &mut readings);
        if exact_id.is_none() && readings.iter().all(|r| r.matched.is_empty()) {
            let direct = readings.remove(0);
            readings.insert(0, direct.fallback(&mut ctx, &text));
        }
    }
    let mut partial = readings[0].partial;
    let mut matched: Vec<u32> = readings
        .iter()
        .flat_map(|r| r.matched.iter().copied())
        .collect();
    matched.sort_unstable();
    matched.dedup();
    if let Some(d) = exact_id {
        if !matched.contains(&d) {
            matched.push(d);
            partial = partial && matched.len() > 1;
        }
    }

    // Filters, with facets that leave out their own filter.
    let f = &q.filters;
    let dept_filter: Option<Vec<u16>> = (!f.departments.is_empty()).then(|| {
        idx.departments()
            .iter()
            .enumerate()
            .filter(|(_, d)| {
                f.departments
                    .iter()
                    .any(|k| *k == d.id || *k == d.name || d.aliases.contains(k))
            })
            .map(|(i, _)| i as u16)
            .collect()
    });
    let target_filter: Option<Vec<usize>> = (!f.targets.is_empty()).then(|| {
        idx.targets()
            .iter()
            .enumerate()
            .filter(|(_, t)| f.targets.contains(t))
            .map(|(i, _)| i)
            .collect()
    });
    let mut included = Vec::new();
    // Counts by department number and by position in `Kind::ALL`: arrays,
    // not maps, which would bring a B-tree into the WebAssembly module.
    let mut dept_counts: Vec<usize> = vec![0; idx.departments().len()];
    let mut kind_counts = [0usize; Kind::ALL.len()];
    for &doc in &matched {
        let c = idx.columns(doc);
        let pass_dept = dept_filter
            .as_ref()
            .is_none_or(|s| c.department.is_some_and(|d| s.contains(&d)));
        let pass_kind = f.kinds.is_empty() || c.kind.is_some_and(|k| f.kinds.contains(&k));
        let le =
            |v: Option<u16>, max: Option<u32>| max.is_none_or(|m| v.is_some_and(|v| v as u32 <= m));
        let mut pass_rest = f.charged.is_none_or(|ch| c.charged == Some(ch))
            && le(c.statutory_days, f.max_statutory_days)
            && le(c.promised_days, f.max_promised_days)
            && le(c.promised_days.or(c.statutory_days), f.max_days)
            && f.online.is_none_or(|o| c.online == o)
            && (f.statuses.is_empty() || f.statuses.contains(&c.status));
        if pass_rest {
            if let Some(tf) = &target_filter {
                pass_rest = idx
                    .doc(doc)
                    .map(|d| d.targets.iter().any(|t| tf.contains(t)))
                    .unwrap_or(false);
            }
        }
        if pass_kind && pass_rest {
            if let Some(d) = c.department {
                if let Some(n) = dept_counts.get_mut(d as usize) {
                    *n += 1;
                }
            }
        }
        if pass_dept && pass_rest {
            if let Some(k) = c.kind {
                if let Some(i) = Kind::ALL.iter().position(|&x| x == k) {
                    kind_counts[i] += 1;
                }
            }
        }
        if pass_dept && pass_kind && pass_rest {
            included.push(doc);
        }
    }

    // Rank: each matter by the reading that ranks it highest.
    let idfs: Vec<Vec<f32>> = readings.iter().map(|r| idf(idx, &r.per_unit)).collect();
    let mut ranked: Vec<Ranked> = Vec::with_capacity(included.len());
    for &doc in &included {
        let mut best: Option<Ranked> = None;
        for (ri, r) in readings.iter().enumerate() {
            let is_id = ri == 0 && Some(doc) == exact_id;
            if !is_id && r.matched.binary_search(&doc).is_err() {
                continue;
            }
            let (tier, score) = rank_doc(&ctx, r, &idfs[ri], doc, is_id, partial, w);
            let group = match (tier, r.via) {
                (MatchTier::Partial, _) => 0,
                (MatchTier::Words, Via::Direct) if words_in_name(&ctx, r, doc) => 4,
                (MatchTier::Words, Via::Direct) => 2,
                (MatchTier::Words, _) => 1,
                (_, Via::Direct) => 5,
                _ => 3,
            };
            let e = Ranked {
                group,
                tier,
                rank: r.rank,
                score,
                doc,
                reading: ri,
            };
            if best.as_ref().is_none_or(|b| e.before(b)) {
                best = Some(e);
            }
        }
        ranked.extend(best);
    }
    analysis::sort_by(&mut ranked, Ranked::before);

    let total = ranked.len();
    let hits = ranked
        .iter()
        .skip(q.offset)
        .take(q.limit)
        .filter_map(|e| {
            let r = readings.get(e.reading)?;
            make_hit(
                idx,
                e.doc,
                e.tier,
                e.score,
                &Found {
                    via: r.via,
                    units: &r.units,
                    per_unit: &r.per_unit,
                    runs: &r.runs,
                },
                w,
            )
        })
        .collect();

    let facets = Facets {
        department: dept_counts
            .into_iter()
            .enumerate()
            .filter(|&(_, count)| count > 0)
            .filter_map(|(d, count)| {
                let e = idx.departments().get(d)?;
                Some(FacetCount {
                    value: e.id.clone(),
                    label: e.name.clone(),
                    count,
                })
            })
            .collect(),
        kind: Kind::ALL
            .into_iter()
            .zip(kind_counts)
            .filter(|&(_, count)| count > 0)
            .map(|(k, count)| FacetCount {
                value: k.as_str().into(),
                label: k.as_str().into(),
                count,
            })
            .collect(),
    };
    let mut facets = facets;
    // One shared heapsort throughout the query path (`analysis::sort_by`):
    // every order here is total (ties broken by value or document).
    fn facet_order(a: &FacetCount, b: &FacetCount) -> bool {
        (b.count, &a.value) < (a.count, &b.value)
    }
    analysis::sort_by(&mut facets.department, facet_order);
    analysis::sort_by(&mut facets.kind, facet_order);
    SearchResults {
        query: text.clone(),
        total,
        hits,
        facets,
        words: readings[0].units.iter().map(|u| u.text.clone()).collect(),
        rewrites: readings
            .iter()
            .skip(1)
            .map(|r| Rewrite {
                via: r.via,
                text: r.norm.clone(),
            })
            .collect(),
        partial,
    }
}

/// A matter's place in the results, by the reading that ranks it highest.
struct Ranked {
    /// 5: the query as typed occurs in the matter (tier phrase or above);
    /// 4: its words as typed all occur in the name, apart; 3: another
    /// reading of it occurs; 2: the words as typed occur apart elsewhere;
    /// 1: another reading's words do; 0: partial. (A corrected typo or a
    /// synonym found as a phrase does not outrank a name holding every
    /// word the user typed.)
    group: u8,
    tier: MatchTier,
    rank: usize,
    score: f32,
    doc: u32,
    reading: usize,
}

impl Ranked {
    /// Whether `self` ranks before `o`: by group (what the query finds as
    /// typed before what its other readings find, at the same strength),
    /// then tier, likelier reading, score and document.
    fn before(&self, o: &Ranked) -> bool {
        (o.group, o.tier, self.rank)
            .cmp(&(self.group, self.tier, o.rank))
            .then(o.score.total_cmp(&self.score))
            .then(self.doc.cmp(&o.doc))
            .is_lt()
    }
}

/// BM25 inverse document frequency of each unit.
fn idf(idx: &Index<'_>, per_unit: &[Matches]) -> Vec<f32> {
    let big_n = idx.len() as f32;
    per_unit
        .iter()
        .map(|m| {
            let df = m.len() as f32;
            ln(f64::from(1.0 + (big_n - df + 0.5) / (df + 0.5))) as f32
        })
        .collect()
}

/// The tier and score of `doc` under one reading of the query.
fn rank_doc(
    ctx: &Ctx<'_, '_>,
    r: &Reading,
    idf: &[f32],
    doc: u32,
    is_id: bool,
    partial: bool,
    w: &RankingWeights,
) -> (MatchTier, f32) {
    let idx = ctx.idx;
    let (units, runs, qcat) = (&r.units, &r.runs, &r.qcat);
    let idf_total: f32 = idf.iter().sum();
    let cols = idx.columns(doc);
    let mut score = 0f32;
    let mut idf_hit = 0f32;
    let (name, lens, in_fields) = match ctx.norm_doc(doc) {
        Some(nd) => (
            nd.name.as_str(),
            nd.lens,
            runs.iter().all(|r| {
                nd.name.contains(r.as_str()) || nd.texts.iter().any(|(_, t)| t.contains(r.as_str()))
            }),
        ),
        None => ("", [0f32; TEXT_FIELDS], false),
    };
    for (ui, m) in r.per_unit.iter().enumerate() {
        let Some(tf) = m.get(&doc) else { continue };
        let u_idf = idf.get(ui).copied().unwrap_or(0.0);
        idf_hit += u_idf;
        let mut t = 0f32;
        for fi in 0..TEXT_FIELDS {
            if tf[fi] > 0 {
                let field = Field::ALL[fi];
                let norm_len = 1.0 - w.b + w.b * lens[fi] / idx.avg_len(field);
                t += w.field(field) * tf[fi] as f32 / norm_len.max(0.05);
            }
        }
        t += w.department * tf[Field::Department as usize] as f32;
        t += w.kind * tf[Field::Kind as usize] as f32;
        t += w.code * tf[CODE_SLOT] as f32;
        score += u_idf * t * (w.k1 + 1.0) / (t + w.k1);
    }
    if partial && idf_total > 0.0 {
        let cov = idf_hit / idf_total;
        score *= cov * cov;
    }
    let mut name_cat = name.chars().filter(|&c| c != ' ');
    let starts = !qcat.is_empty() && qcat.chars().all(|c| name_cat.next() == Some(c));
    let exact_name = starts && name_cat.next().is_none();
    if starts {
        score += w.name_prefix;
    }
    score += w.proximity * proximity(name, units);
    if !cols.status.is_active() {
        score *= w.inactive;
    }
    let tier = if is_id {
        MatchTier::ExactId
    } else if partial {
        MatchTier::Partial
    } else if exact_name {
        MatchTier::ExactName
    } else if !runs.is_empty() && runs.iter().all(|r| name.contains(r.as_str())) {
        MatchTier::NamePhrase
    } else if !runs.is_empty() && in_fields {
        MatchTier::Phrase
    } else {
        MatchTier::Words
    };
    (tier, score)
}

/// Whether the name of `doc` holds every unit of the reading (asked only
/// of direct matches in the words tier, so not for every matter).
fn words_in_name(ctx: &Ctx<'_, '_>, r: &Reading, doc: u32) -> bool {
    ctx.norm_doc(doc).is_some_and(|nd| {
        !r.units.is_empty() && r.units.iter().all(|u| nd.name.contains(u.text.as_str()))
    })
}

/// Sum over consecutive query words found in order in the name of
/// 1 / (1 + characters between them).
fn proximity(name: &str, units: &[Unit]) -> f32 {
    let mut total = 0.0;
    for pair in units.windows(2) {
        let (a, b) = (&pair[0].text, &pair[1].text);
        let mut best: Option<usize> = None;
        for (i, _) in name.match_indices(a.as_str()) {
            let end = i + a.len();
            if let Some(j) = name.get(end..).and_then(|rest| rest.find(b.as_str())) {
                let gap = name.get(end..end + j).map_or(0, |g| g.chars().count());
                best = Some(best.map_or(gap, |x: usize| x.min(gap)));
            }
        }
        if let Some(g) = best {
            total += 1.0 / (1.0 + g as f32);
        }
    }
    total
}

/// Ranges of `m.text` (normalized) where any unit occurs, merged.
fn unit_ranges(norm: &str, units: &[&Unit]) -> Vec<(usize, usize)> {
    let mut r: Vec<(usize, usize)> = Vec::new();
    for u in units {
        if u.text.is_empty() {
            continue;
        }
        for (i, _) in norm.match_indices(u.text.as_str()) {
            r.push((i, i + u.text.len()));
        }
    }
    analysis::sort_by(&mut r, |a, b| a < b);
    let mut merged: Vec<(usize, usize)> = Vec::new();
    for (a, b) in r {
        match merged.last_mut() {
            Some(last) if a <= last.1 => last.1 = last.1.max(b),
            _ => merged.push((a, b)),
        }
    }
    merged
}

fn spans(
    src: &str,
    m: &Mapped,
    ranges: &[(usize, usize)],
    shift: usize,
    shift16: usize,
    limit: Option<(usize, usize)>,
) -> Vec<Span> {
    let mut out: Vec<Span> = Vec::new();
    for &(a, b) in ranges {
        let Some((s, e)) = m.source_range(a, b) else {
            continue;
        };
        let (s, e) = match limit {
            Some((lo, hi)) => {
                if e <= lo || s >= hi {
                    continue;
                }
                (s.max(lo), e.min(hi))
            }
            None => (s, e),
        };
        let base = limit.map_or(0, |l| l.0);
        let base16 = utf16_offset(src, base);
        out.push(Span {
            start: s - base + shift,
            end: e - base + shift,
            start_utf16: utf16_offset(src, s) - base16 + shift16,
            end_utf16: utf16_offset(src, e) - base16 + shift16,
        });
    }
    // Two normalized ranges can come from one source character (½ → 1 2):
    // merge what overlaps in the source so spans are disjoint and ordered.
    analysis::sort_by(&mut out, |a, b| (a.start, a.end) < (b.start, b.end));
    let mut merged: Vec<Span> = Vec::with_capacity(out.len());
    for sp in out {
        match merged.last_mut() {
            Some(last) if sp.start <= last.end => {
                if sp.end > last.end {
                    last.end = sp.end;
                    last.end_utf16 = sp.end_utf16;
                }
            }
            _ => merged.push(sp),
        }
    }
    merged
}

/// What a query found, as hits need it.
#[derive(Clone, Copy)]
struct Found<'q> {
    via: Via,
    units: &'q [Unit],
    per_unit: &'q [Matches],
    runs: &'q [String],
}

fn make_hit(
    idx: &Index<'_>,
    doc: u32,
    tier: MatchTier,
    score: f32,
    found: &Found<'_>,
    w: &RankingWeights,
) -> Option<Hit> {
    let Found {
        via,
        units,
        per_unit,
        runs,
    } = *found;
    let d = idx.doc(doc).ok()?;
    let cols = idx.columns(doc);
    // What to highlight: the query's runs as typed, and the words found in
    // this matter; a lone character cut out of a longer run is not shown
    // (加油站 should not light up every 油).
    let run_units: Vec<Unit> = runs.iter().cloned().map(Unit::cjk).collect();
    let present: Vec<&Unit> = units
        .iter()
        .zip(per_unit)
        .filter(|(u, m)| {
            m.contains_key(&doc)
                && (u.latin || u.text.chars().nth(1).is_some() || runs.contains(&u.text))
        })
        .map(|(u, _)| u)
        .chain(run_units.iter())
        .collect();
    let name_map = Mapped::with(d.name, idx.fold_table());
    let highlights = spans(
        d.name,
        &name_map,
        &unit_ranges(&name_map.text, &present),
        0,
        0,
        None,
    );

    // Snippet: the other text with the most weighted matches, found on the
    // cached normalized texts; only the winner is mapped back.
    let mut best: Option<(f32, usize)> = None;
    if let Some(nd) = norm_doc(idx, doc) {
        for (i, (f, t)) in nd.texts.iter().enumerate() {
            let c: u32 = present.iter().map(|u| count(t, &u.text) as u32).sum();
            if c == 0 {
                continue;
            }
            let s = w.field(*f) * c as f32;
            if best.is_none_or(|b| s > b.0) {
                best = Some((s, i));
            }
        }
    }
    let snippet = best.and_then(|(_, i)| {
        let &(f, t) = d.texts.get(i)?;
        let m = Mapped::with(t, idx.fold_table());
        let r = unit_ranges(&m.text, &present);
        if r.is_empty() {
            return None;
        }
        let first = m.source_range(r[0].0, r[0].1)?.0;
        let before: Vec<usize> = t[..first].char_indices().map(|(i, _)| i).collect();
        let start = if before.len() > SNIPPET_BEFORE {
            before[before.len() - SNIPPET_BEFORE]
        } else {
            0
        };
        let end = t[start..]
            .char_indices()
            .nth(SNIPPET_CHARS)
            .map_or(t.len(), |(i, _)| start + i);
        let mut text = String::new();
        let (shift, shift16) = if start > 0 {
            text.push('…');
            ('…'.len_utf8(), 1)
        } else {
            (0, 0)
        };
        text.push_str(&t[start..end]);
        let hl = spans(t, &m, &r, shift, shift16, Some((start, end)));
        if end < t.len() {
            text.push('…');
        }
        Some(Snippet {
            field: f.as_str(),
            text,
            highlights: hl,
        })
    });

    let dept = cols
        .department
        .and_then(|i| idx.departments().get(i as usize));
    let time_limit = (cols.statutory_days.is_some() || cols.promised_days.is_some()).then_some(
        TimeLimitSummary {
            statutory_days: cols.statutory_days,
            promised_days: cols.promised_days,
            unit: if cols.calendar_days {
                "calendar"
            } else {
                "working"
            },
        },
    );
    Some(Hit {
        doc,
        id: d.id.to_string(),
        name: d.name.to_string(),
        score,
        tier,
        via,
        department: dept.map(|x| x.name.clone()),
        department_id: dept.map(|x| x.id.clone()),
        kind: cols.kind,
        status: cols.status,
        time_limit,
        case_type: match cols.case_type {
            1 => Some("即办件"),
            2 => Some("承诺件"),
            _ => None,
        },
        charged: cols.charged,
        online: cols.online,
        highlights,
        snippet,
    })
}

impl<'a> Index<'a> {
    /// Answers a query. Never fails: a corrupt stretch of the index makes
    /// the matters in it unfindable, it does not abort the search.
    ///
    /// ```
    /// # use matter_search::{Catalogue, Index, IndexBuilder, Query};
    /// # let cat: Catalogue = serde_json::from_str(r#"{"title":"t","matters":[{"id":"a","name":"技术出口合同登记"}]}"#).unwrap();
    /// # let bytes = IndexBuilder::new().build(&cat).unwrap();
    /// let index = Index::from_bytes(&bytes)?;
    /// let res = index.search(&Query::new("出口合同"));
    /// assert_eq!(res.hits[0].id, "a");
    /// # Ok::<(), matter_search::IndexError>(())
    /// ```
    pub fn search(&self, q: &Query) -> SearchResults {
        search(self, q)
    }

    /// Up to `n` matter names for a prefix being typed, best first.
    pub fn suggest(&self, prefix: &str, n: usize) -> Vec<String> {
        let res = self.search(&Query::new(prefix).limit(n));
        let mut out: Vec<String> = Vec::new();
        for h in res.hits {
            if !out.contains(&h.name) {
                out.push(h.name);
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::ln;

    #[test]
    fn portable_ln_matches_libm() {
        for x in [
            1.0,
            1.5,
            2.0,
            std::f64::consts::E,
            10.0,
            1135.5,
            0.25,
            1e-3,
            1e9,
            1.414,
            1.4143,
        ] {
            let (a, b) = (ln(x), x.ln());
            assert!((a - b).abs() <= 1e-14 * b.abs().max(1.0), "{x}: {a} vs {b}");
        }
    }
}
