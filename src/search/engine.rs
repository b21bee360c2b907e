//! Query evaluation: cut, match from positional postings, filter, rank,
//! highlight.
//!
//! A query never reads the records to decide what matches: each piece is
//! looked up in the postings of the catalogue's distinct texts (passages),
//! checked for adjacency by position, and mapped to the matters and fields
//! that use those texts. Records are read only for the hits shown.

use std::collections::HashMap;
use std::rc::Rc;

use super::*;
use crate::analysis::{self, utf16_offset, Mapped, TokenKind};
use crate::index::format::{Posting, SLOT_CODE, SLOT_KIND};
use crate::index::{Field, Index, TEXT_FIELDS};

/// Slots of a unit's per-field frequencies: the ten fields, then the code.
const SLOTS: usize = 11;
const CODE_SLOT: usize = SLOT_CODE as usize;
/// Most terms a prefix may expand to.
const MAX_PREFIX_TERMS: usize = 128;
/// Characters of context a snippet shows around its first match.
const SNIPPET_BEFORE: usize = 16;
const SNIPPET_CHARS: usize = 72;

type Tf = [u16; SLOTS];

mod cover;

/// The matters containing one unit, sorted by document, with per-field
/// frequencies, and where in each matter's name it occurs.
#[derive(Clone, Debug, Default)]
struct Matches {
    docs: Vec<(u32, Tf)>,
    /// Start positions (characters of the normalized name) by document.
    names: Vec<(u32, Vec<u32>)>,
}

impl Matches {
    fn get(&self, doc: &u32) -> Option<&Tf> {
        self.docs
            .binary_search_by_key(doc, |e| e.0)
            .ok()
            .map(|i| &self.docs[i].1)
    }
    fn contains_key(&self, doc: &u32) -> bool {
        self.get(doc).is_some()
    }
    fn keys(&self) -> impl Iterator<Item = &u32> + '_ {
        self.docs.iter().map(|e| &e.0)
    }
    fn len(&self) -> usize {
        self.docs.len()
    }
    /// Where the unit starts in the name of `doc`, if it occurs there.
    fn in_name(&self, doc: u32) -> Option<&[u32]> {
        self.names
            .binary_search_by_key(&doc, |e| e.0)
            .ok()
            .map(|i| self.names[i].1.as_slice())
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

    /// A run of the query as typed: CJK, or one Latin or number word.
    fn run(text: &str) -> Unit {
        let latin = !text.chars().next().is_some_and(analysis::is_cjk);
        Unit {
            text: text.to_string(),
            latin,
            prefix: false,
        }
    }

    /// Length in characters.
    fn chars(&self) -> u32 {
        self.text.chars().count() as u32
    }
}

struct Ctx<'i, 'a> {
    idx: &'i Index<'a>,
    grams: HashMap<String, Rc<Vec<Posting>>>,
    /// Lengths of gram lists not decoded (see [`Ctx::gram_len`]).
    gram_lens: HashMap<String, usize>,
    /// Units already matched in this query: readings of one query (a
    /// synonym swapped in, pinyin read as words) share most of their units.
    /// Keyed by text, Latin and prefix flags: a pinyin query looks up
    /// hundreds of spellings, and a list searched from the start made
    /// that quadratic.
    units: HashMap<(String, bool, bool), Rc<Matches>>,
}

/// The passages where a unit occurs: (passage, occurrences, start positions).
type PassageHits = Vec<(u32, u16, Vec<u32>)>;

impl<'i, 'a> Ctx<'i, 'a> {
    fn new(idx: &'i Index<'a>) -> Self {
        Ctx {
            idx,
            grams: HashMap::new(),
            gram_lens: HashMap::new(),
            units: HashMap::new(),
        }
    }

    fn gram(&mut self, key: &str) -> Rc<Vec<Posting>> {
        if let Some(g) = self.grams.get(key) {
            return g.clone();
        }
        let g = Rc::new(self.idx.gram(key));
        self.grams.insert(key.to_string(), g.clone());
        g
    }

    /// How many passages hold a gram (see [`Index::gram_passages`]).
    fn gram_len(&mut self, key: &str) -> usize {
        if let Some(g) = self.grams.get(key) {
            return g.len();
        }
        if let Some(&n) = self.gram_lens.get(key) {
            return n;
        }
        let n = self.idx.gram_passages(key);
        self.gram_lens.insert(key.to_string(), n);
        n
    }

    /// At most how many passages hold `text` (Han, parts split by a
    /// space): the fewest of any of its bigrams (of a part of one
    /// character, of the character).
    fn passages_bound(&mut self, text: &str) -> usize {
        let mut bound = usize::MAX;
        let mut key = String::new();
        // The first few bigrams of a part bound it well enough.
        for part in text.split(' ') {
            let cs: Vec<char> = part.chars().take(BOUND_CHARS).collect();
            if cs.len() == 1 {
                key.clear();
                key.push(cs[0]);
                bound = bound.min(self.gram_len(&key));
            }
            for w in cs.windows(2) {
                key.clear();
                key.extend(w);
                bound = bound.min(self.gram_len(&key));
            }
        }
        bound
    }

    /// Every matter containing `u`, with its frequency per field.
    fn match_unit(&mut self, u: &Unit) -> Rc<Matches> {
        let key = (u.text.clone(), u.latin, u.prefix);
        if let Some(m) = self.units.get(&key) {
            return m.clone();
        }
        let m = Rc::new(self.match_unit_uncached(u));
        self.units.insert(key, m.clone());
        m
    }

    /// The passages containing `u`: Latin words by their postings (and
    /// prefix range while typing), CJK text by the positions of its
    /// character bigrams, which must line up.
    fn passages_of(&mut self, u: &Unit) -> PassageHits {
        if u.latin {
            let lists: Vec<Rc<Vec<Posting>>> = if u.prefix {
                let mut upper = u.text.clone().into_bytes();
                // Latin words are ASCII or other letters; bump the last byte for the range end.
                if let Some(last) = upper.last_mut() {
                    *last = last.saturating_add(1);
                }
                self.idx
                    .gram_range(u.text.as_bytes(), &upper, MAX_PREFIX_TERMS)
                    .into_iter()
                    .map(|(_, l)| Rc::new(l))
                    .collect()
            } else {
                vec![self.gram(&u.text)]
            };
            let mut all: Vec<&Posting> = lists.iter().flat_map(|l| l.iter()).collect();
            analysis::sort_by(&mut all, |a, b| a.passage < b.passage);
            let mut out: PassageHits = Vec::new();
            for p in all {
                let tf = p.count.min(u16::MAX as u32) as u16;
                match out.last_mut() {
                    Some(last) if last.0 == p.passage => {
                        last.1 = last.1.saturating_add(tf);
                        last.2.extend_from_slice(&p.positions);
                        analysis::sort_by(&mut last.2, |a, b| a < b);
                    }
                    _ => out.push((p.passage, tf, p.positions.clone())),
                }
            }
            return out;
        }
        let chars: Vec<char> = u.text.chars().collect();
        if chars.len() == 1 {
            let l = self.gram(&u.text);
            return l
                .iter()
                .map(|p| {
                    let tf = p.count.min(u16::MAX as u32) as u16;
                    (p.passage, tf, p.positions.clone())
                })
                .collect();
        }
        // Bigrams at offsets 0, 2, 4 … and the last one: together they
        // cover every character, so lined-up positions mean the unit.
        let n = chars.len();
        let mut offsets: Vec<usize> = (0..n - 1).step_by(2).collect();
        if offsets.last() != Some(&(n - 2)) {
            offsets.push(n - 2);
        }
        let mut lists: Vec<(u32, Rc<Vec<Posting>>)> = Vec::with_capacity(offsets.len());
        for &o in &offsets {
            let g: String = chars[o..o + 2].iter().collect();
            let l = self.gram(&g);
            if l.is_empty() {
                return Vec::new();
            }
            lists.push((o as u32, l));
        }
        analysis::sort_by(&mut lists, |a, b| a.1.len() < b.1.len());
        let (o0, rarest) = (lists[0].0, lists[0].1.clone());
        let mut out: PassageHits = Vec::new();
        let mut cursors = vec![0usize; lists.len()];
        'passages: for Posting {
            passage: p,
            positions: pos0,
            ..
        } in rarest.iter()
        {
            let mut found: Vec<&[u32]> = Vec::with_capacity(lists.len());
            for (k, (_, l)) in lists.iter().enumerate().skip(1) {
                // Lists are sorted by passage: gallop forward.
                let c = &mut cursors[k];
                *c += l[*c..].partition_point(|e| e.passage < *p);
                match l.get(*c) {
                    Some(e) if e.passage == *p => found.push(&e.positions),
                    _ => continue 'passages,
                }
            }
            let mut starts: Vec<u32> = Vec::new();
            for &x in pos0 {
                let Some(s) = x.checked_sub(o0) else { continue };
                let ok = lists
                    .iter()
                    .skip(1)
                    .zip(&found)
                    .all(|((o, _), pos)| pos.binary_search(&(s + o)).is_ok());
                if ok {
                    starts.push(s);
                }
            }
            if starts.is_empty() {
                continue;
            }
            // Occurrences that do not overlap, as a substring count would.
            let mut count = 0u16;
            let mut end = 0u32;
            for &s in &starts {
                if count == 0 || s >= end {
                    count = count.saturating_add(1);
                    end = s + n as u32;
                }
            }
            out.push((*p, count, starts));
        }
        out
    }

    fn match_unit_uncached(&mut self, u: &Unit) -> Matches {
        let hits = self.passages_of(u);
        let idx = self.idx;
        // (document, slot, frequency) packed in one integer, so one sort
        // of plain integers groups them by document.
        let mut packed: Vec<u64> = Vec::new();
        let mut names: Vec<(u32, Vec<u32>)> = Vec::new();
        let mut occ = Vec::new();
        for (p, tf, starts) in &hits {
            occ.clear();
            idx.occurrences(*p, &mut occ);
            for &(doc, slot) in &occ {
                packed.push((u64::from(doc) << 32) | (u64::from(slot) << 16) | u64::from(*tf));
                if slot == Field::Name as u8 {
                    names.push((doc, starts.clone()));
                }
            }
        }
        // A kind matches only when named in full (行政许可): its parts
        // (许可) are better found in names than in every licence. Kind
        // names are already in normalized form.
        if let Some(k) = Kind::ALL.iter().find(|k| k.as_str() == u.text) {
            for doc in idx.kind_docs(*k) {
                packed.push((u64::from(doc) << 32) | (u64::from(SLOT_KIND) << 16) | 1);
            }
        }
        // Codes: a word with a digit may begin an id or code.
        if u.latin && u.text.len() >= 4 && u.text.bytes().any(|b| b.is_ascii_digit()) {
            for doc in idx.identifier_prefix(&u.text, MAX_PREFIX_TERMS) {
                packed.push((u64::from(doc) << 32) | (u64::from(SLOT_CODE) << 16) | 1);
            }
        }
        analysis::sort_ints(&mut packed);
        let mut docs: Vec<(u32, Tf)> = Vec::new();
        for v in packed {
            let (doc, slot, tf) = ((v >> 32) as u32, ((v >> 16) & 0xFFFF) as usize, v as u16);
            if docs.last().is_none_or(|l| l.0 != doc) {
                docs.push((doc, [0; SLOTS]));
            }
            if let (Some(last), true) = (docs.last_mut(), slot < SLOTS) {
                last.1[slot] = last.1[slot].saturating_add(tf);
            }
        }
        analysis::sort_by(&mut names, |a, b| a.0 < b.0);
        names.dedup_by(|a, b| a.0 == b.0);
        Matches { docs, names }
    }
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
/// Most spellings of one walk looked up (the likeliest by cost, then by
/// the passages their rarest bigram is in).
const SPELLING_LOOKUPS: usize = 128;
/// The same for a pinyin word typed apart, of which 12 are kept.
const WORD_LOOKUPS: usize = 48;
const BOUND_CHARS: usize = 6;
const TYPO_READINGS: usize = 3;
/// Credit of a formal term an everyday name stands for, in the best
/// cover, against a piece typed as it is (an alias's credit: it names the
/// same thing, a little less surely).
const COLLOQUIAL_CREDIT: f32 = 0.8;
/// Spellings tried per pinyin word typed apart, combinations of them kept
/// while reading the next word, and most words so read: each word is one
/// bounded walk.
const WORD_SPELLINGS: usize = 12;
const WORD_BEAM: usize = 16;
const MAX_PINYIN_WORDS: usize = 4;
/// Added to a reading that spells pinyin words typed apart as one run: a
/// name holding the words apart is as likely what was meant.
const ACROSS_SPACE_COST: f32 = 0.5;
/// Longest run of initials split in two when no text spells it whole
/// (`jzxk` as jz … xk): each split is two more walks.
const MAX_SPLIT_LETTERS: usize = 8;
/// Taken off a run of initials read as two words apart: `qysp` as 企业 …
/// 审批 (first word starting a name, 3.0) before 迁移审批 in the middle
/// of one (3.0), but not before a run that starts a name (2.0; the second
/// word always pays for not starting the name).
const SPLIT_CREDIT: f32 = 0.25;
/// Full forms kept per abbreviation, abbreviation readings of a query,
/// characters their walks visit in all, and the credit of a full form in
/// the best cover against a piece as typed.
const ABBREVIATION_FORMS: usize = 2;
const ABBREVIATION_READINGS: usize = 3;
const ABBREVIATION_STEPS: usize = 3_000;
const ABBREVIATION_WALK_STEPS: usize = 1_500;
const ABBREVIATION_CREDIT: f32 = 0.8;

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
    /// Where each run occurs.
    run_matches: Vec<Rc<Matches>>,
    per_unit: Vec<Rc<Matches>>,
    /// Matters with every unit (sorted), or with any unit when partial.
    matched: Vec<u32>,
    partial: bool,
    /// The fallback's pieces and slot count, when nothing has every word.
    cover: Option<(Vec<cover::Piece>, usize)>,
    /// What the fallback covers: the query without fillers, its intent
    /// words in place, and what they stand for.
    cover_text: String,
    alternatives: Vec<cover::Alternative>,
    /// Everyday names and abbreviations this reading replaced, by which
    /// formal term or full form, and which reading it was.
    said: Vec<(String, String, Via)>,
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
        let per_unit: Vec<Rc<Matches>> = units.iter().map(|u| ctx.match_unit(u)).collect();
        let runs: Vec<String> = analysis::tokens(norm)
            .iter()
            .map(|t| t.text.to_string())
            .collect();
        let run_matches = runs.iter().map(|r| ctx.match_unit(&Unit::run(r))).collect();
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
            runs,
            run_matches,
            units,
            per_unit,
            matched,
            partial: false,
            cover: None,
            cover_text: norm.to_string(),
            alternatives: Vec::new(),
            said: Vec::new(),
        }
    }

    /// A rewritten query read like the query as typed: its fillers dropped
    /// and intent words read (开食品经营 for 开饭馆).
    fn understood(ctx: &mut Ctx<'_, '_>, norm: &str, text: &str, via: Via, rank: usize) -> Reading {
        let und = analysis::intent::read(norm, |s| {
            ctx.match_unit(&Unit::cjk(s.to_string())).len() > 0
        });
        let mut r = if und.changed() && !und.without_intents().is_empty() {
            Reading::intended(ctx, &und, text)
        } else {
            Reading::new(ctx, norm, text, Via::Direct, 0)
        };
        r.via = via;
        r.rank = rank;
        r
    }

    /// The query with its fillers dropped and each intent word a unit of
    /// its own, matched by any of the catalogue words it stands for.
    fn intended(ctx: &mut Ctx<'_, '_>, und: &analysis::intent::Understood, text: &str) -> Reading {
        let mut r = Reading::new(ctx, &und.without_intents(), text, Via::Direct, 0);
        for &(a, b, intent) in &und.intents {
            let credit = if intent.action { 0.5 } else { 1.0 };
            let mut docs: Vec<(u32, Tf)> = Vec::new();
            let mut names: Vec<(u32, Vec<u32>)> = Vec::new();
            for w in intent.means {
                let m = ctx.match_unit(&Unit::cjk((*w).to_string()));
                docs.extend(m.docs.iter().cloned());
                names.extend(m.names.iter().cloned());
                r.alternatives.push(cover::Alternative {
                    start: a,
                    end: b,
                    text: (*w).to_string(),
                    credit,
                    finds: false,
                });
            }
            analysis::sort_by(&mut docs, |x, y| x.0 < y.0);
            let mut merged: Vec<(u32, Tf)> = Vec::with_capacity(docs.len());
            for (d, tf) in docs {
                match merged.last_mut() {
                    Some(last) if last.0 == d => {
                        for (x, y) in last.1.iter_mut().zip(tf) {
                            *x = x.saturating_add(y);
                        }
                    }
                    _ => merged.push((d, tf)),
                }
            }
            analysis::sort_by(&mut names, |x, y| x.0 < y.0);
            let mut names_merged: Vec<(u32, Vec<u32>)> = Vec::with_capacity(names.len());
            for (d, pos) in names {
                match names_merged.last_mut() {
                    Some(last) if last.0 == d => {
                        last.1.extend(pos);
                        analysis::sort_by(&mut last.1, |x, y| x < y);
                        last.1.dedup();
                    }
                    _ => names_merged.push((d, pos)),
                }
            }
            let m = Rc::new(Matches {
                docs: merged,
                names: names_merged,
            });
            r.matched.retain(|d| m.contains_key(d));
            // A separator joins the alternatives: no text holds it, so the
            // unit is never looked up or highlighted as one word.
            r.units.push(Unit::cjk(intent.means.join(" ")));
            r.per_unit.push(m);
        }
        r.cover_text = und.text.clone();
        r
    }

    /// The fallback when nothing has every word: matters holding any piece
    /// of the query the catalogue uses, ranked by their best cover of it
    /// (`cover`).
    fn fallback(mut self, ctx: &mut Ctx<'_, '_>, text: &str) -> Reading {
        // Everyday names stand for their formal terms here too (路边摆摊:
        // 摆摊 → 占道经营), which find matters of their own.
        for f in ctx.idx.colloquial().find(&self.cover_text) {
            let name = self.cover_text[f.start..f.end].to_string();
            if ctx.match_unit(&Unit::cjk(f.formal.to_string())).len() == 0 {
                continue;
            }
            self.said
                .push((name, f.formal.to_string(), Via::Colloquial));
            self.alternatives.push(cover::Alternative {
                start: f.start,
                end: f.end,
                text: f.formal.to_string(),
                credit: COLLOQUIAL_CREDIT,
                finds: true,
            });
        }
        let (pieces, slots) = cover::pieces(ctx, &self.cover_text, text, &self.alternatives);
        self.matched = cover::candidates(&pieces);
        self.units = pieces.iter().map(|p| p.unit.clone()).collect();
        self.per_unit = pieces.iter().map(|p| p.m.clone()).collect();
        self.partial = !self.matched.is_empty();
        self.cover = Some((pieces, slots));
        self
    }
}

/// Adds the other readings of a query: synonyms always (ranked below what
/// the query finds as typed); pinyin when nothing matches as typed; and
/// when nothing matches as a phrase, corrected typos of Latin words, of
/// pinyin, and of Han characters by sound. Only readings that find
/// something are kept.
fn understand(ctx: &mut Ctx<'_, '_>, text: &str, typed: &str, readings: &mut Vec<Reading>) {
    let idx = ctx.idx;
    let norm = readings[0].norm.clone();
    let seen = std::cell::RefCell::new(vec![norm.clone()]);
    let add_seen = |seen: &mut Vec<String>, alt: &str| {
        if alt.is_empty() || seen.iter().any(|s| s == alt) {
            return false;
        }
        seen.push(alt.to_string());
        true
    };
    let add = |ctx: &mut Ctx<'_, '_>, readings: &mut Vec<Reading>, alt: String, via: Via| {
        if !add_seen(&mut seen.borrow_mut(), &alt) {
            return false;
        }
        let rank = readings.iter().filter(|r| r.via == via).count();
        let r = Reading::new(ctx, &alt, text, via, rank);
        let found = !r.matched.is_empty();
        if found {
            readings.push(r);
        }
        found
    };
    for alt in idx.synonyms().alternatives(&norm) {
        add(ctx, readings, alt, Via::Synonym);
    }
    // Everyday names read as the formal terms the catalogue uses, in the
    // query as typed (开ktv → 开娱乐场所), whose fillers and intent words
    // are then read as for the query itself.
    for (alt, said) in idx.colloquial().readings(typed) {
        if !add_seen(&mut seen.borrow_mut(), &alt) {
            continue;
        }
        let rank = readings.iter().filter(|r| r.via == Via::Colloquial).count();
        let mut r = Reading::understood(ctx, &alt, text, Via::Colloquial, rank);
        if !r.matched.is_empty() {
            r.said = said
                .into_iter()
                .map(|(from, to)| (from, to, Via::Colloquial))
                .collect();
            readings.push(r);
        }
    }
    // Abbreviations the catalogue does not use, read in full (公租房 as
    // 公共租赁住房): as readings ranked with the synonyms, below what the
    // query finds as typed, and as pieces of the best cover.
    // Not when some matter holds every word as typed: its ranking stays as
    // it is, and the walks (the costliest reading, bench/query-types) are
    // spared for the queries that need them.
    let every_word = !readings[0].matched.is_empty();
    let forms = if every_word {
        Vec::new()
    } else {
        abbreviations(ctx, &norm)
    };
    let mut n_abbr = 0;
    for (a, b, full) in &forms {
        if n_abbr == ABBREVIATION_READINGS {
            break;
        }
        let alt = format!("{}{full}{}", &norm[..*a], &norm[*b..]);
        if add(ctx, readings, alt, Via::Abbreviation) {
            n_abbr += 1;
            if let Some(r) = readings.last_mut() {
                r.said = vec![(norm[*a..*b].to_string(), full.clone(), Via::Abbreviation)];
            }
        }
    }
    let cover_text = readings[0].cover_text.clone();
    let cover_forms = if cover_text == norm || every_word {
        forms
    } else {
        abbreviations(ctx, &cover_text)
    };
    for (start, end, text) in cover_forms {
        // Said only if the fallback ranks by the cover (`rewrites`).
        let said = (
            cover_text[start..end].to_string(),
            text.clone(),
            Via::Abbreviation,
        );
        readings[0].said.push(said);
        readings[0].alternatives.push(cover::Alternative {
            start,
            end,
            text,
            credit: ABBREVIATION_CREDIT,
            finds: true,
        });
    }
    let pattern = |edits: u8, homophones: bool| {
        let tolerance = analysis::pinyin::Tolerance { edits, homophones };
        analysis::pinyin::Pattern::new(&norm, idx.readings(), tolerance)
    };
    let as_typed = !readings[0].matched.is_empty();
    if !as_typed {
        let mut alts: Vec<(String, f32)> = Vec::new();
        let toks = analysis::tokens(&norm);
        let latin = |t: &analysis::Token<'_>| {
            t.kind == TokenKind::Word && t.text.bytes().all(|b| b.is_ascii_lowercase())
        };
        let spaced = toks.iter().filter(|t| latin(t)).count();
        if let Some(p) = pattern(0, false) {
            let extra = ACROSS_SPACE_COST * spaced.saturating_sub(1) as f32;
            for s in spellings(ctx, &p, false, PINYIN_READINGS, SPELLING_LOOKUPS, &|_| true) {
                alts.push((s.text, s.cost + extra));
            }
        }
        // Words typed apart, each read as a word of its own; one run of
        // initials no text spells, as two words.
        let words: Vec<&str> = toks.iter().map(|t| t.text).collect();
        let fixed: Vec<bool> = toks.iter().map(|t| !latin(t)).collect();
        if spaced >= 1 && toks.len() >= 2 && toks.len() <= MAX_PINYIN_WORDS {
            alts.extend(spelled_by_word(ctx, &words, &fixed, false));
        } else if toks.len() == 1
            && spaced == 1
            && (4..=MAX_SPLIT_LETTERS).contains(&words[0].len())
            // Not when the run is read whole, as initials, from the start
            // of a name: no split can cost less, and the walks are spared.
            && !alts
                .iter()
                .any(|a| a.1 <= analysis::pinyin::ABBREVIATION_COST * words[0].len() as f32)
        {
            let w = words[0];
            let mut split: Vec<(String, f32)> = Vec::new();
            for cut in 2..=w.len() - 2 {
                for (t, c) in spelled_by_word(ctx, &[&w[..cut], &w[cut..]], &[false, false], true) {
                    split.push((t, c - SPLIT_CREDIT));
                }
            }
            // A run the cheapest split reads better is not also read as
            // one (its phrase would rank above the words apart).
            if let Some(best) = split.iter().map(|s| s.1).min_by(f32::total_cmp) {
                alts.retain(|a| a.1 <= best);
            }
            alts.extend(split);
        }
        let mut order: Vec<usize> = (0..alts.len()).collect();
        analysis::sort_by(&mut order, |&a, &b| (alts[a].1, a) < (alts[b].1, b));
        let mut found = 0;
        for i in order {
            if found == PINYIN_READINGS {
                break;
            }
            let alt = std::mem::take(&mut alts[i].0);
            found += usize::from(add(ctx, readings, alt, Via::Pinyin));
        }
        if found > 0 {
            return;
        }
    }
    // Typos, only when the query as typed is nowhere a phrase.
    if as_typed && has_phrase(&readings[0]) {
        return;
    }
    let toks = analysis::tokens(&norm);
    if !as_typed {
        // Latin words the catalogue does not have, corrected to ones it has.
        for (i, t) in toks.iter().enumerate() {
            if t.kind != TokenKind::Word || idx.has_gram(t.text) {
                continue;
            }
            let max = analysis::spelling::allowed_edits(t.text.chars().count());
            let mut nearest: Vec<(String, u64, u8)> = Vec::new();
            idx.latin_term_fsts(|fst| {
                nearest.extend(analysis::spelling::near(fst, t.text, max, TYPO_READINGS));
            });
            analysis::sort_by(&mut nearest, |a, b| (a.2, &a.0) < (b.2, &b.0));
            nearest.dedup_by(|a, b| a.0 == b.0);
            nearest.truncate(TYPO_READINGS);
            for (near, _, _) in nearest {
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
fn spelled(ctx: &mut Ctx<'_, '_>, p: &analysis::pinyin::Pattern<'_>, typo: bool) -> Vec<String> {
    spellings(ctx, p, typo, PINYIN_READINGS, SPELLING_LOOKUPS, &|_| true)
        .into_iter()
        .map(|s| s.text)
        .collect()
}

/// A text that spells a pinyin pattern, with its cost (as ranked by
/// [`spellings`]) and the matters holding it.
struct Spelt {
    text: String,
    cost: f32,
    m: Rc<Matches>,
}

/// Up to `limit` texts that spell `p` and that `keep` keeps, cheapest
/// first (see [`spelled`]). `keep` is asked before the lookup, which is
/// the costly part; at most `lookups` are looked up.
///
/// No text is read: the pattern is walked over the catalogue's character
/// bigrams (those of names and aliases, then those of the other texts),
/// and each spelling found is then looked up like a typed word.
fn spellings(
    ctx: &mut Ctx<'_, '_>,
    p: &analysis::pinyin::Pattern<'_>,
    typo: bool,
    limit: usize,
    lookups: usize,
    keep: &dyn Fn(&str) -> bool,
) -> Vec<Spelt> {
    let idx = ctx.idx;
    for pass in 0..2 {
        let Some(walk) = idx.walk(pass == 0) else {
            continue;
        };
        let mut found: Vec<(Spelt, usize)> = Vec::new();
        let sps = p.walk(walk, MAX_SPANS);
        // Looking a spelling up is the costly part, and a short pattern
        // spells hundreds: only the likeliest are looked up, by cost and
        // then by how many passages could hold them.
        let mut cands: Vec<(f32, usize, analysis::pinyin::Spelling)> = sps
            .into_iter()
            .filter(|sp| !(typo && sp.edits == 0) && keep(&sp.text))
            .map(|sp| (sp.cost, 0, sp))
            .collect();
        if cands.len() > lookups {
            for c in cands.iter_mut() {
                c.1 = ctx.passages_bound(&c.2.text);
            }
            analysis::sort_by(&mut cands, |a, b| {
                (a.0, std::cmp::Reverse(a.1)) < (b.0, std::cmp::Reverse(b.1))
            });
            cands.truncate(lookups);
        }
        for (_, _, sp) in cands {
            // A spelling across a separator is its parts, all in one matter.
            let parts: Vec<Rc<Matches>> = sp
                .text
                .split(' ')
                .map(|t| ctx.match_unit(&Unit::cjk(t.to_string())))
                .collect();
            let m = match parts.as_slice() {
                [one] => one.clone(),
                _ => Rc::new(Matches {
                    docs: parts[0]
                        .docs
                        .iter()
                        .filter(|(d, _)| parts[1..].iter().all(|m| m.contains_key(d)))
                        .cloned()
                        .collect(),
                    names: parts[0].names.clone(),
                }),
            };
            let slot_ok = |tf: &Tf| {
                let named = tf[Field::Name as usize] > 0 || tf[Field::Alias as usize] > 0;
                if pass == 0 {
                    named
                } else {
                    tf[..TEXT_FIELDS].iter().any(|&x| x > 0)
                }
            };
            let count = m.docs.iter().filter(|(_, tf)| slot_ok(tf)).count();
            if count == 0 {
                continue;
            }
            let at_start = m.names.iter().any(|(_, pos)| pos.first() == Some(&0));
            let mut cost = sp.cost;
            if !at_start {
                cost += analysis::pinyin::START_COST;
            }
            if pass == 1 {
                cost += OTHER_SPAN_COST;
            } else if m.docs.iter().all(|(_, tf)| tf[Field::Name as usize] == 0) {
                cost += ALIAS_SPAN_COST;
            }
            let text = sp.text;
            found.push((Spelt { text, cost, m }, count));
        }
        let mut best: Vec<Spelt> = Vec::with_capacity(limit);
        while best.len() < limit {
            let Some((s, _)) = analysis::take_best(&mut found, |a, b| {
                (a.0.cost, std::cmp::Reverse(a.1), &a.0.text)
                    < (b.0.cost, std::cmp::Reverse(b.1), &b.0.text)
            }) else {
                break;
            };
            best.push(s);
        }
        if !best.is_empty() {
            return best;
        }
    }
    Vec::new()
}

/// Pinyin words spelt one by one, each read as a Han word anywhere in the
/// name (`jianzhu xuke` as 建筑 … 许可), as typed Han words are: every
/// combination of their spellings that some matter holds, cheapest first,
/// as texts of Han words joined by spaces with their costs. `words` are
/// the query's tokens; those `fixed` (Han runs, numbers) stay as typed;
/// with `initials`, each letter must be a character's initial.
fn spelled_by_word(
    ctx: &mut Ctx<'_, '_>,
    words: &[&str],
    fixed: &[bool],
    initials: bool,
) -> Vec<(String, f32)> {
    let idx = ctx.idx;
    // (text so far, cost, matters holding every word so far)
    let mut beam: Vec<(String, f32, Vec<u32>)> = vec![(String::new(), 0.0, Vec::new())];
    for (i, w) in words.iter().enumerate() {
        let spelt: Vec<(String, f32, Rc<Matches>)> = if fixed[i] {
            let u = Unit::run(w);
            vec![(w.to_string(), 0.0, ctx.match_unit(&u))]
        } else {
            let Some(p) = analysis::pinyin::Pattern::new(
                w,
                idx.readings(),
                analysis::pinyin::Tolerance::default(),
            ) else {
                return Vec::new();
            };
            // A word of one character typed alone is more likely a name
            // typed syllable by syllable (`dui wai mao yi`); initials run
            // together are split only into initials. A letter alone can
            // spell only one character: no walk.
            if w.len() < 2 {
                return Vec::new();
            }
            let keep = |t: &str| {
                let n = t.chars().filter(|&c| c != ' ').count();
                n >= 2 && (!initials || n == w.len())
            };
            // The second part of a split run is never where the name
            // starts: a name it starts earns it nothing.
            let late = if initials && i > 0 {
                analysis::pinyin::START_COST
            } else {
                0.0
            };
            spellings(ctx, &p, false, WORD_SPELLINGS, WORD_LOOKUPS, &keep)
                .into_iter()
                .map(|s| {
                    let starts = s.m.names.iter().any(|(_, pos)| pos.first() == Some(&0));
                    let cost = s.cost + if starts { late } else { 0.0 };
                    (s.text.replace(' ', ""), cost, s.m)
                })
                .collect()
        };
        let mut next: Vec<(String, f32, Vec<u32>)> = Vec::new();
        for (text, cost, docs) in &beam {
            for (t, c, m) in &spelt {
                // One word spelt twice asks nothing of a name the first
                // did not (`qqqq` as 卡企 卡企 found 发卡企业 by one word).
                if !fixed[i] && text.split(' ').any(|x| x == t) {
                    continue;
                }
                let both: Vec<u32> = if i == 0 {
                    m.keys().copied().collect()
                } else {
                    docs.iter().copied().filter(|d| m.contains_key(d)).collect()
                };
                if both.is_empty() {
                    continue;
                }
                let joined = if text.is_empty() {
                    t.clone()
                } else {
                    format!("{text} {t}")
                };
                next.push((joined, cost + c, both));
            }
        }
        analysis::sort_by(&mut next, |a, b| {
            (a.1, std::cmp::Reverse(a.2.len()), &a.0) < (b.1, std::cmp::Reverse(b.2.len()), &b.0)
        });
        next.truncate(WORD_BEAM);
        beam = next;
        if beam.is_empty() {
            break;
        }
    }
    beam.into_iter().map(|(t, c, _)| (t, c)).collect()
}

/// The abbreviations in a normalized query that the catalogue does not use
/// (two to four characters of a CJK run), each with up to
/// [`ABBREVIATION_FORMS`] full forms some name holds, most used first:
/// (byte range, full form); three characters first, then two, then four
/// (the usual lengths first).
fn abbreviations(ctx: &mut Ctx<'_, '_>, norm: &str) -> Vec<(usize, usize, String)> {
    let idx = ctx.idx;
    let mut out = Vec::new();
    let Some(walk) = idx.walk(true) else {
        return out;
    };
    let mut steps = ABBREVIATION_STEPS;
    let max = analysis::abbrev::MAX_ABBREVIATION;
    for t in analysis::tokens(norm) {
        if t.kind != TokenKind::Cjk {
            continue;
        }
        let bounds: Vec<usize> = t
            .text
            .char_indices()
            .map(|(i, _)| i)
            .chain([t.text.len()])
            .collect();
        let n = bounds.len() - 1;
        for len in [3, 2, 4].into_iter().filter(|&l| l <= max.min(n)) {
            for i in 0..=n - len {
                let (a, b) = (bounds[i], bounds[i + len]);
                let abbr = &t.text[a..b];
                // A piece overlapping one already read in full (保卡 in
                // 社保卡) would only read the same words worse.
                let (qa, qb) = (t.start + a, t.start + b);
                if out.iter().any(|&(s, e, _)| s < qb && qa < e) {
                    continue;
                }
                if steps == 0 || ctx.match_unit(&Unit::cjk(abbr.to_string())).len() > 0 {
                    continue;
                }
                // Each walk gets a share of the query's steps, so one
                // that finds nothing does not starve the others.
                let mut mine = steps.min(ABBREVIATION_WALK_STEPS);
                let given = mine;
                let found = analysis::abbrev::expansions(abbr, walk, idx.lexicon(), 16, &mut mine);
                steps -= given - mine;
                let mut forms: Vec<(String, usize)> = found
                    .into_iter()
                    .filter_map(|f| {
                        let m = ctx.match_unit(&Unit::cjk(f.clone()));
                        (!m.names.is_empty()).then(|| (f, m.names.len()))
                    })
                    .collect();
                analysis::sort_by(&mut forms, |x, y| {
                    (std::cmp::Reverse(x.1), &x.0) < (std::cmp::Reverse(y.1), &y.0)
                });
                // A form that only adds characters to a more used one
                // (房地产经 after 房地产) ends inside the next word.
                let mut kept: Vec<String> = Vec::new();
                for (f, _) in forms {
                    if kept.len() == ABBREVIATION_FORMS {
                        break;
                    }
                    if !kept.iter().any(|k| f.starts_with(k.as_str())) {
                        kept.push(f);
                    }
                }
                for f in kept {
                    out.push((qa, qb, f));
                }
            }
        }
    }
    out
}

/// Whether some matter has every run of the reading as typed.
fn has_phrase(r: &Reading) -> bool {
    r.matched
        .iter()
        .any(|d| r.run_matches.iter().all(|m| m.contains_key(d)))
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
        idx.exact_identifier(trimmed)
    } else {
        None
    };

    let missing_before = idx.missing_count();
    // Fillers dropped and intent words read, where the catalogue does not
    // use them as typed; otherwise the query reads as it always did.
    let und = analysis::intent::read(&norm, |s| {
        ctx.match_unit(&Unit::cjk(s.to_string())).len() > 0
    });
    let mut readings = if und.changed() && !und.without_intents().is_empty() {
        vec![Reading::intended(&mut ctx, &und, &text)]
    } else {
        vec![Reading::new(&mut ctx, &norm, &text, Via::Direct, 0)]
    };
    // A split index read without a loader stops at the first step that
    // reached files it does not hold: what the other readings and the
    // ranking ask for depends on what the query's own words find, so
    // asking for it before those files arrive fetches readings and
    // columns the query will not need (on the 10k synthetic catalogue,
    // most of the passage and column chunks). The caller fetches the
    // missing files and asks again.
    if idx.missing_count() > missing_before {
        return SearchResults::unanswered(text);
    }
    if readings[0].units.is_empty() {
        if norm.is_empty() {
            readings[0].matched = (0..n).collect();
        }
    } else {
        understand(&mut ctx, &text, &norm, &mut readings);
        if exact_id.is_none() && readings.iter().all(|r| r.matched.is_empty()) {
            let direct = readings.remove(0);
            readings.insert(0, direct.fallback(&mut ctx, &text));
        }
    }
    if idx.missing_count() > missing_before {
        return SearchResults::unanswered(text);
    }
    let mut partial = readings[0].partial;
    let mut matched: Vec<u32> = readings
        .iter()
        .flat_map(|r| r.matched.iter().copied())
        .collect();
    analysis::sort_ints(&mut matched);
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
    // Matters serving any of the chosen 服务对象, from their lists.
    let target_filter: Option<Vec<u32>> = (!f.targets.is_empty()).then(|| {
        let mut docs: Vec<u32> = idx
            .targets()
            .iter()
            .enumerate()
            .filter(|(_, t)| f.targets.contains(t))
            .flat_map(|(i, _)| idx.target_docs(i))
            .collect();
        analysis::sort_ints(&mut docs);
        docs.dedup();
        docs
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
        // Day filters count working days (the widget says 个工作日): a
        // limit in calendar days counts as the working days it spans, five
        // in seven, rounded up.
        let working = |v: Option<u16>| {
            v.map(|d| {
                if c.calendar_days {
                    (u32::from(d) * 5).div_ceil(7)
                } else {
                    u32::from(d)
                }
            })
        };
        let le = |v: Option<u16>, max: Option<u32>| {
            max.is_none_or(|m| working(v).is_some_and(|v| v <= m))
        };
        let mut pass_rest = f.charged.is_none_or(|ch| c.charged == Some(ch))
            && le(c.statutory_days, f.max_statutory_days)
            && le(c.promised_days, f.max_promised_days)
            && le(c.promised_days.or(c.statutory_days), f.max_days)
            && f.online.is_none_or(|o| c.online == o)
            && (f.statuses.is_empty() || f.statuses.contains(&c.status));
        if pass_rest {
            if let Some(tf) = &target_filter {
                pass_rest = tf.binary_search(&doc).is_ok();
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

    // The columns of the matches come before ranking and the records of
    // the hits shown: a split index without them would fetch records of
    // the wrong hits.
    if idx.missing_count() > missing_before {
        return SearchResults::unanswered(text);
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
            let (tier, score) = match &r.cover {
                Some((pieces, slots)) if !is_id => {
                    let cols = idx.columns(doc);
                    let mut s = cover::score(pieces, *slots, doc, u32::from(cols.name_len));
                    if !cols.status.is_active() {
                        s *= w.inactive;
                    }
                    (MatchTier::Partial, s)
                }
                _ => rank_doc(idx, r, &idfs[ri], doc, is_id, partial, w),
            };
            let group = match (tier, r.via) {
                (MatchTier::Partial, _) => 0,
                (MatchTier::Words, Via::Direct) if words_in_name(r, doc) => 4,
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
        // When nothing has every word, the words are the query's bigrams
        // and Latin words (as before the cover ranking): a page offers to
        // drop one (“去掉“qqqq””), and the cover's pieces leave out those
        // the catalogue does not use.
        words: if readings[0].cover.is_some() {
            bigram_words(&readings[0].norm, &text)
        } else {
            readings[0].units.iter().map(|u| u.text.clone()).collect()
        },
        rewrites: rewrites(&readings, &und, &norm),
        partial,
    }
}

/// What the query was read as: the other readings that found matters
/// (with the everyday names each replaced), the everyday names the best
/// cover read, then the intent words and fillers of the query as read.
fn rewrites(readings: &[Reading], und: &analysis::intent::Understood, norm: &str) -> Vec<Rewrite> {
    let mut out = Vec::new();
    for r in readings.iter().skip(1) {
        if r.said.is_empty() {
            out.push(Rewrite {
                via: r.via,
                text: r.norm.clone(),
                from: norm.to_string(),
                to: vec![r.norm.clone()],
            });
        }
        for (from, to, via) in &r.said {
            out.push(Rewrite {
                via: *via,
                text: r.norm.clone(),
                from: from.clone(),
                to: vec![to.clone()],
            });
        }
    }
    let Some(first) = readings.first() else {
        return out;
    };
    let mut said: Vec<Rewrite> = Vec::new();
    // The first reading's words read otherwise are pieces of its best
    // cover: said only when it ranks by it.
    let covered = if first.cover.is_some() {
        first.said.as_slice()
    } else {
        &[]
    };
    for (from, to, via) in covered {
        match said.iter_mut().find(|w| &w.from == from && w.via == *via) {
            Some(w) => w.to.push(to.clone()),
            None => said.push(Rewrite {
                via: *via,
                text: first.cover_text.clone(),
                from: from.clone(),
                to: vec![to.clone()],
            }),
        }
    }
    out.extend(said);
    // The intent words and fillers, when the query was read with them.
    if und.changed() && first.cover_text == und.text {
        for &(a, b, intent) in &und.intents {
            out.push(Rewrite {
                via: Via::Intent,
                text: und.text.clone(),
                from: und.text[a..b].to_string(),
                to: intent.means.iter().map(|w| (*w).to_string()).collect(),
            });
        }
        for f in &und.dropped {
            if !out.iter().any(|w| w.via == Via::Filler && w.from == *f) {
                out.push(Rewrite {
                    via: Via::Filler,
                    text: und.text.clone(),
                    from: (*f).to_string(),
                    to: Vec::new(),
                });
            }
        }
    }
    out
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

/// The query's character bigrams (a lone character as itself) and Latin
/// words, in order.
fn bigram_words(norm: &str, text: &str) -> Vec<String> {
    units_of(norm, text, |run| {
        let chars: Vec<char> = run.chars().collect();
        if chars.len() == 1 {
            return vec![run.to_string()];
        }
        chars.windows(2).map(|pair| pair.iter().collect()).collect()
    })
    .into_iter()
    .map(|u| u.text)
    .collect()
}

/// BM25 inverse document frequency of each unit.
fn idf(idx: &Index<'_>, per_unit: &[Rc<Matches>]) -> Vec<f32> {
    let big_n = idx.len() as f32;
    per_unit
        .iter()
        .map(|m| {
            let df = m.len() as f32;
            ln(f64::from(1.0 + (big_n - df + 0.5) / (df + 0.5))) as f32
        })
        .collect()
}

/// The tier and score of `doc` under one reading of the query, from the
/// postings alone: field lengths come from the columns, and where the
/// query's runs and words sit in the name from their positions.
fn rank_doc(
    idx: &Index<'_>,
    r: &Reading,
    idf: &[f32],
    doc: u32,
    is_id: bool,
    partial: bool,
    w: &RankingWeights,
) -> (MatchTier, f32) {
    let (units, runs) = (&r.units, &r.runs);
    let idf_total: f32 = idf.iter().sum();
    let cols = idx.columns(doc);
    let lens: [f32; TEXT_FIELDS] = cols.lens.map(f32::from);
    let mut score = 0f32;
    let mut idf_hit = 0f32;
    let in_fields = r.run_matches.iter().all(|m| m.contains_key(&doc));
    let in_name =
        !r.run_matches.is_empty() && r.run_matches.iter().all(|m| m.in_name(doc).is_some());
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
    // The name starts with the query (spaces aside) when its runs follow
    // one another from the name's first character, at most one separator
    // apart; it is the query when they end where the name does.
    let mut ends: Vec<u32> = vec![0];
    if in_name {
        for (i, (m, run)) in r.run_matches.iter().zip(runs).enumerate() {
            let len = run.chars().count() as u32;
            let pos = m.in_name(doc).unwrap_or(&[]);
            let next: Vec<u32> = pos
                .iter()
                .filter(|&&p| {
                    if i == 0 {
                        p == 0
                    } else {
                        ends.iter().any(|&e| p == e || p == e + 1)
                    }
                })
                .map(|&p| p + len)
                .collect();
            ends = next;
            if ends.is_empty() {
                break;
            }
        }
    } else {
        ends.clear();
    }
    let starts = !ends.is_empty();
    let exact_name = starts && ends.contains(&u32::from(cols.name_len));
    if starts {
        score += w.name_prefix;
    }
    score += w.proximity * proximity(r, doc);
    if !cols.status.is_active() {
        score *= w.inactive;
    }
    let tier = if is_id {
        MatchTier::ExactId
    } else if partial {
        MatchTier::Partial
    } else if exact_name {
        MatchTier::ExactName
    } else if in_name {
        MatchTier::NamePhrase
    } else if !runs.is_empty() && in_fields {
        MatchTier::Phrase
    } else {
        MatchTier::Words
    };
    let _ = units;
    (tier, score)
}

/// Whether the name of `doc` holds every unit of the reading (asked only
/// of direct matches in the words tier, so not for every matter).
fn words_in_name(r: &Reading, doc: u32) -> bool {
    !r.units.is_empty() && r.per_unit.iter().all(|m| m.in_name(doc).is_some())
}

/// Sum over consecutive query words found in order in the name of
/// 1 / (1 + characters between them).
fn proximity(r: &Reading, doc: u32) -> f32 {
    let mut total = 0.0;
    for (pair, m) in r.units.windows(2).zip(r.per_unit.windows(2)) {
        let (Some(pa), Some(pb)) = (m[0].in_name(doc), m[1].in_name(doc)) else {
            continue;
        };
        let len = pair[0].chars();
        let mut best: Option<u32> = None;
        for &a in pa {
            let end = a + len;
            let i = pb.partition_point(|&b| b < end);
            if let Some(&b) = pb.get(i) {
                let gap = b - end;
                best = Some(best.map_or(gap, |x| x.min(gap)));
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
        // Whole user-perceived characters: é written e + U+0301, 葛 with
        // its variation selector.
        let (s, e) = (
            analysis::normalize::cluster_start(src, s),
            analysis::normalize::cluster_end(src, e),
        );
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
    per_unit: &'q [Rc<Matches>],
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
    for (i, (f, t)) in d.texts.iter().enumerate() {
        let t = idx.normalize(t);
        let c: u32 = present.iter().map(|u| count(&t, &u.text) as u32).sum();
        if c == 0 {
            continue;
        }
        let s = w.field(*f) * c as f32;
        if best.is_none_or(|b| s > b.0) {
            best = Some((s, i));
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
        // Cut between grapheme clusters, never inside a flag, an emoji
        // sequence or a letter with its marks.
        let start = analysis::normalize::cluster_start(t, start);
        let end = t[start..]
            .char_indices()
            .nth(SNIPPET_CHARS)
            .map_or(t.len(), |(i, _)| start + i);
        let end = analysis::normalize::cluster_end(t, end);
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
}

/// Non-overlapping occurrences of `needle` in `hay` (for choosing the
/// snippet among a hit's own texts).
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
