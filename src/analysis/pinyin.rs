//! Pinyin input: turns `duiwaimaoyi`, `dui wai mao yi`, `dwmy`, `对外my` or
//! `dwmaoyi` into the Han words the catalogue uses (对外贸易).
//!
//! The index stores the toneless readings of every character the catalogue
//! uses ([`Readings`], derived at build time from the `pinyin` crate, most
//! usual reading first) and the readings of heteronym words in context
//! (银行 yin·hang, 重庆 chong·qing). The browser needs no pinyin table: a
//! query is decoded against the stored lexicon (the catalogue's own words)
//! by a beam search over word sequences, where every syllable may be typed
//! in full or as a prefix (initials, or the last syllable while typing), and
//! a bounded number of typing errors may be allowed.

use std::collections::HashMap;

use fst::raw::{Fst, Node, Output};

use super::lexicon::{FstLexicon, Lexicon, LOG_SCALE};
use super::{tokens, TokenKind};
use crate::index::format::{put_str, put_varint, Cursor};
use crate::index::IndexError;

/// Added per syllable typed as a prefix (an initial) rather than in full.
pub const ABBREVIATION_COST: f32 = 0.5;
/// Added per character read with a reading other than the one its word's
/// context implies (银行 read as yin·xing).
pub const HETERONYM_COST: f32 = 2.0;
/// Added per corrected typing error.
pub const EDIT_COST: f32 = 3.0;
/// Most symbols of a query that are decoded; longer input is not pinyin.
pub const MAX_SYMBOLS: usize = 128;
/// Paths kept per position of the beam search.
const BEAM: usize = 8;

/// Readings of the catalogue's characters and of its heteronym words.
#[derive(Clone, Debug, Default)]
pub struct Readings {
    syllables: Vec<String>,
    /// Sorted by character; readings as indexes into `syllables`, the one
    /// to prefer first.
    chars: Vec<(char, Vec<u16>)>,
    /// Word → index into its characters' reading lists, per character.
    phrases: HashMap<String, Vec<u8>>,
}

impl Readings {
    /// Builds the table from each character's readings (preferred first)
    /// and heteronym words with their readings in context (one syllable
    /// per character; words whose syllables a character lacks are skipped).
    pub fn new(chars: Vec<(char, Vec<String>)>, phrases: Vec<(String, Vec<String>)>) -> Readings {
        let mut syllables: Vec<String> = chars.iter().flat_map(|(_, r)| r.clone()).collect();
        syllables.sort();
        syllables.dedup();
        let id = |s: &str| syllables.binary_search_by(|x| x.as_str().cmp(s)).ok();
        let mut table: Vec<(char, Vec<u16>)> = chars
            .iter()
            .map(|(c, rs)| {
                let mut ids: Vec<u16> = Vec::new();
                for r in rs {
                    if let Some(i) = id(r) {
                        if !ids.contains(&(i as u16)) {
                            ids.push(i as u16);
                        }
                    }
                }
                (*c, ids)
            })
            .filter(|(_, ids)| !ids.is_empty())
            .collect();
        table.sort_by_key(|e| e.0);
        table.dedup_by_key(|e| e.0);
        let mut r = Readings {
            syllables,
            chars: table,
            phrases: HashMap::new(),
        };
        for (word, sylls) in phrases {
            let ks: Option<Vec<u8>> = word
                .chars()
                .zip(&sylls)
                .map(|(c, s)| {
                    let i = r.syllables.iter().position(|x| x == s)? as u16;
                    r.of(c)?.iter().position(|&x| x == i).map(|k| k as u8)
                })
                .collect();
            // Only worth storing where context overrides the default.
            if let Some(ks) = ks {
                if ks.len() == sylls.len()
                    && ks.len() == word.chars().count()
                    && ks.iter().any(|&k| k != 0)
                {
                    r.phrases.insert(word, ks);
                }
            }
        }
        r
    }

    /// Number of characters with readings.
    pub fn len(&self) -> usize {
        self.chars.len()
    }

    pub fn is_empty(&self) -> bool {
        self.chars.is_empty()
    }

    fn of(&self, c: char) -> Option<&[u16]> {
        self.chars
            .binary_search_by_key(&c, |e| e.0)
            .ok()
            .map(|i| self.chars[i].1.as_slice())
    }

    /// The toneless readings of `c`, preferred first.
    pub fn readings(&self, c: char) -> Vec<&str> {
        self.of(c)
            .unwrap_or(&[])
            .iter()
            .filter_map(|&i| self.syllables.get(i as usize).map(String::as_str))
            .collect()
    }

    /// The reading of a word in context: a stored heteronym word's own
    /// readings, else each character's preferred one. `None` when a
    /// character has no reading.
    pub fn word_reading(&self, word: &str) -> Option<Vec<&str>> {
        let ctx = self.phrases.get(word);
        word.chars()
            .enumerate()
            .map(|(i, c)| {
                let k = ctx.and_then(|ks| ks.get(i)).copied().unwrap_or(0) as usize;
                let ids = self.of(c)?;
                let id = ids.get(k).or(ids.first())?;
                self.syllables.get(*id as usize).map(String::as_str)
            })
            .collect()
    }

    /// Section bytes: syllables, then characters (code point gaps) with
    /// their reading ids, then heteronym words with a reading index per
    /// character.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::new();
        put_varint(&mut out, self.syllables.len() as u64);
        for s in &self.syllables {
            put_str(&mut out, s);
        }
        put_varint(&mut out, self.chars.len() as u64);
        let mut prev = 0u32;
        for (c, ids) in &self.chars {
            put_varint(&mut out, (*c as u32 - prev) as u64);
            prev = *c as u32;
            put_varint(&mut out, ids.len() as u64);
            for &i in ids {
                put_varint(&mut out, i as u64);
            }
        }
        let mut phrases: Vec<(&String, &Vec<u8>)> = self.phrases.iter().collect();
        phrases.sort();
        put_varint(&mut out, phrases.len() as u64);
        for (w, ks) in phrases {
            put_str(&mut out, w);
            out.extend_from_slice(ks);
        }
        out
    }

    /// Reads [`Readings::to_bytes`]; bad bytes are an error, never a panic.
    pub fn from_bytes(b: &[u8]) -> Result<Readings, IndexError> {
        let corrupt = |m: &str| IndexError::Corrupt(format!("pinyin readings: {m}"));
        let mut c = Cursor::new(b, "pinyin readings");
        let ns = c.len(b.len())?;
        let mut syllables = Vec::with_capacity(ns);
        for _ in 0..ns {
            let s = c.str()?;
            if s.is_empty() || !s.bytes().all(|x| x.is_ascii_lowercase()) {
                return Err(corrupt("bad syllable"));
            }
            syllables.push(s.to_string());
        }
        let nc = c.len(b.len())?;
        let mut chars = Vec::with_capacity(nc);
        let mut prev = 0u64;
        for i in 0..nc {
            let cp = prev.saturating_add(c.varint()?);
            if i > 0 && cp <= prev {
                return Err(corrupt("characters out of order"));
            }
            prev = cp;
            let ch = u32::try_from(cp)
                .ok()
                .and_then(char::from_u32)
                .ok_or_else(|| corrupt("not a character"))?;
            let n = c.len(ns)?;
            let mut ids = Vec::with_capacity(n);
            for _ in 0..n {
                ids.push(c.len(ns.saturating_sub(1))? as u16);
            }
            if ns == 0 || n == 0 {
                return Err(corrupt("character without reading"));
            }
            chars.push((ch, ids));
        }
        let np = c.len(b.len())?;
        let mut phrases = HashMap::with_capacity(np);
        for _ in 0..np {
            let w = c.str()?.to_string();
            let ks = c.bytes(w.chars().count())?.to_vec();
            phrases.insert(w, ks);
        }
        Ok(Readings {
            syllables,
            chars,
            phrases,
        })
    }
}

/// The toneless readings of `c` from the `pinyin` crate, most usual first
/// (ü written `v`, as on keyboards). Only the index builder needs it.
#[cfg(feature = "dict")]
pub fn char_readings(c: char) -> Vec<String> {
    use pinyin::ToPinyinMulti;
    let mut out: Vec<String> = Vec::new();
    if let Some(multi) = c.to_pinyin_multi() {
        for p in multi {
            let s: String = p.plain().replace('ü', "v");
            if !s.is_empty() && s.bytes().all(|b| b.is_ascii_lowercase()) && !out.contains(&s) {
                out.push(s);
            }
        }
    }
    out
}

/// Heteronym words with their readings in context (`data/pinyin-words.txt`),
/// for the index builder.
pub fn parse_word_readings(text: &str) -> Vec<(String, Vec<String>)> {
    text.lines()
        .map(|l| l.split('#').next().unwrap_or("").trim())
        .filter(|l| !l.is_empty())
        .filter_map(|l| {
            let mut parts = l.split_whitespace();
            let word = parts.next()?.to_string();
            let sylls: Vec<String> = parts.map(str::to_ascii_lowercase).collect();
            (sylls.len() == word.chars().count()).then_some((word, sylls))
        })
        .collect()
}

/// One reading of a query: the query with its pinyin replaced by Han words.
#[derive(Clone, Debug, PartialEq)]
pub struct Interpretation {
    /// Normalized query text (Han runs, Latin words kept as typed).
    pub text: String,
    /// Lower is likelier (negative log probability plus penalties).
    pub cost: f32,
    /// Typing errors corrected.
    pub edits: u8,
}

#[derive(Clone, Copy, Debug)]
enum Sym {
    /// A letter of a pinyin-like word; `true` when it starts a word.
    Letter(u8, bool),
    Han(char),
    /// A word with digits or other letters: kept as typed.
    Opaque,
}

#[derive(Clone, Debug)]
enum Piece {
    Han(String),
    Latin(String),
}

#[derive(Clone, Debug)]
struct Path {
    cost: f32,
    edits: u8,
    letters: bool,
    pieces: Vec<Piece>,
}

struct Step {
    end: usize,
    piece: Piece,
    cost: f32,
    edits: u8,
    letters: bool,
}

/// How far [`interpret`] may stray from what was typed.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Decode {
    /// Typing errors allowed in full syllables; with any, only the last
    /// syllable may be abbreviated (errors plus initials match anything).
    pub edits: u8,
    /// Whether a Han character may stand for a homophone (同音字) inside a
    /// word of the lexicon, each counting as an error: 对外贸意 → 对外贸易.
    pub homophones: bool,
    /// Most readings returned.
    pub limit: usize,
}

/// Decodes the pinyin in a normalized query into Han readings, likeliest
/// first. `is_term` says whether a Latin word occurs in the catalogue as
/// typed (it may then stay Latin). Queries without a pinyin-like word
/// (unless homophones are allowed), or longer than [`MAX_SYMBOLS`], give
/// nothing.
pub fn interpret<D: AsRef<[u8]>>(
    norm: &str,
    readings: &Readings,
    lex: &FstLexicon<D>,
    is_term: impl Fn(&str) -> bool,
    opts: Decode,
) -> Vec<Interpretation> {
    Decoder::new(norm, readings, lex, is_term, opts).map_or_else(Vec::new, |d| d.interpret())
}

/// A query prepared for reading as pinyin: [`Decoder::interpret`] reads it
/// as words of the lexicon, [`Decoder::spans`] finds it in a text.
pub struct Decoder<'r, 'l, D: AsRef<[u8]>> {
    readings: &'r Readings,
    lex: &'l FstLexicon<D>,
    syms: Vec<Sym>,
    /// Latin word tokens: (first symbol, end symbol, text, may stay as
    /// typed: a known term, or a word with digits).
    words: Vec<(usize, usize, String, bool)>,
    /// The letters of the pinyin word from each symbol on.
    letters: Vec<Vec<u8>>,
    budget: u8,
    homophones: bool,
    limit: usize,
}

impl<'r, 'l, D: AsRef<[u8]>> Decoder<'r, 'l, D> {
    /// Prepares a normalized query; `None` when there is nothing to read
    /// (no pinyin-like word unless homophones are allowed, no readings, or
    /// longer than [`MAX_SYMBOLS`]).
    pub fn new(
        norm: &str,
        readings: &'r Readings,
        lex: &'l FstLexicon<D>,
        is_term: impl Fn(&str) -> bool,
        opts: Decode,
    ) -> Option<Self> {
        if readings.is_empty() {
            return None;
        }
        let mut syms = Vec::new();
        let mut words = Vec::new();
        for t in tokens(norm) {
            match t.kind {
                TokenKind::Cjk => syms.extend(t.text.chars().map(Sym::Han)),
                TokenKind::Word => {
                    let start = syms.len();
                    // Digits stay digits (80 in 80zhou): kept as typed, or
                    // matching themselves in a text.
                    if t.text
                        .bytes()
                        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
                    {
                        syms.extend(
                            t.text
                                .bytes()
                                .enumerate()
                                .map(|(i, b)| Sym::Letter(b, i == 0)),
                        );
                    } else {
                        syms.push(Sym::Opaque);
                    }
                    let keep = is_term(t.text) || t.text.bytes().any(|b| b.is_ascii_digit());
                    words.push((start, syms.len(), t.text.to_string(), keep));
                }
            }
            if syms.len() > MAX_SYMBOLS {
                return None;
            }
        }
        if !opts.homophones && !syms.iter().any(|s| matches!(s, Sym::Letter(..))) {
            return None;
        }
        let letters = (0..syms.len())
            .map(|p| {
                let mut l = Vec::new();
                for (i, s) in syms[p..].iter().enumerate() {
                    match s {
                        Sym::Letter(b, start) if i == 0 || !start => l.push(*b),
                        _ => break,
                    }
                }
                l
            })
            .collect();
        Some(Decoder {
            readings,
            lex,
            syms,
            words,
            letters,
            budget: opts.edits,
            homophones: opts.homophones,
            limit: opts.limit,
        })
    }

    /// The query read as words of the lexicon, likeliest first.
    pub fn interpret(&self) -> Vec<Interpretation> {
        self.run(self.limit)
    }

    /// Where `text` (normalized) spells the whole query: byte ranges with
    /// their cost (abbreviated syllables, and a start other than the
    /// text's own). Separators in the text are skipped; typing errors and
    /// homophones are not allowed here.
    pub fn spans(&self, text: &str) -> Vec<(usize, usize, f32)> {
        let n = self.syms.len();
        let chars: Vec<(usize, char)> = text.char_indices().collect();
        let mut out: Vec<(usize, usize, f32)> = Vec::new();
        let mut states: Vec<(usize, f32)> = Vec::new();
        let mut next: Vec<(usize, f32)> = Vec::new();
        for s in 0..chars.len() {
            if chars[s].1 == ' ' || !self.first_may_match(chars[s].1) {
                continue;
            }
            states.clear();
            states.push((0, if s == 0 { 0.0 } else { 1.0 }));
            for &(at, c) in &chars[s..] {
                if c == ' ' {
                    continue;
                }
                next.clear();
                for &(p, cost) in &states {
                    for m in self.char_at(c, p) {
                        let cost = cost + m.cost;
                        if m.end == n {
                            out.push((chars[s].0, at + c.len_utf8(), cost));
                        } else if let Some(e) = next.iter_mut().find(|e| e.0 == m.end) {
                            e.1 = e.1.min(cost);
                        } else {
                            next.push((m.end, cost));
                        }
                    }
                }
                std::mem::swap(&mut states, &mut next);
                if states.is_empty() {
                    break;
                }
            }
        }
        out
    }

    /// A cheap test before trying a span from character `c`.
    fn first_may_match(&self, c: char) -> bool {
        match self.syms.first() {
            Some(Sym::Han(h)) => *h == c,
            Some(Sym::Letter(b, _)) => {
                if c.is_ascii() {
                    c as u8 == *b
                } else {
                    self.readings
                        .readings(c)
                        .iter()
                        .any(|r| r.as_bytes().first() == Some(b))
                }
            }
            _ => false,
        }
    }

    /// Matches of a text character at symbol `p`: a Latin letter as
    /// itself, anything else by [`Decoder::match_char`].
    fn char_at(&self, c: char, p: usize) -> Vec<Match> {
        if c.is_ascii_alphanumeric() {
            return match self.syms.get(p) {
                Some(Sym::Letter(b, _)) if *b == c as u8 => vec![Match {
                    end: p + 1,
                    cost: 0.0,
                    edits: 0,
                    k: NONE,
                }],
                _ => Vec::new(),
            };
        }
        self.match_char(c, p, 0)
    }
}

impl<D: AsRef<[u8]>> Decoder<'_, '_, D> {
    fn run(&self, k: usize) -> Vec<Interpretation> {
        let n = self.syms.len();
        let mut beams: Vec<Vec<Path>> = vec![Vec::new(); n + 1];
        beams[0].push(Path {
            cost: 0.0,
            edits: 0,
            letters: false,
            pieces: Vec::new(),
        });
        let mut steps = Vec::new();
        for p in 0..n {
            let mut here = std::mem::take(&mut beams[p]);
            if here.is_empty() {
                continue;
            }
            prune(&mut here, BEAM);
            steps.clear();
            self.steps_from(p, &mut steps);
            for s in &steps {
                for path in &here {
                    let edits = path.edits.saturating_add(s.edits);
                    if edits > self.budget {
                        continue;
                    }
                    let mut pieces = path.pieces.clone();
                    // Words split where the user put a space stay apart.
                    let typed_apart = matches!(self.syms[p], Sym::Letter(_, true));
                    match (&s.piece, pieces.last_mut()) {
                        (Piece::Han(h), Some(Piece::Han(last))) if !typed_apart => last.push_str(h),
                        _ => pieces.push(s.piece.clone()),
                    }
                    beams[s.end].push(Path {
                        cost: path.cost + s.cost,
                        edits,
                        letters: path.letters || s.letters,
                        pieces,
                    });
                }
            }
            // Bound memory on long, ambiguous input.
            for b in beams.iter_mut().skip(p + 1) {
                if b.len() > BEAM * 16 {
                    prune(b, BEAM * 4);
                }
            }
        }
        let mut done = std::mem::take(&mut beams[n]);
        done.retain(|p| p.letters || (self.homophones && p.edits > 0));
        prune(&mut done, k);
        done.into_iter()
            .map(|p| Interpretation {
                text: render(&p.pieces),
                cost: p.cost,
                edits: p.edits,
            })
            .collect()
    }

    /// Every way to read one word (or keep one character or Latin word)
    /// starting at symbol `p`.
    fn steps_from(&self, p: usize, out: &mut Vec<Step>) {
        let unknown = self.lex.log_total().max(1.0);
        let n = self.syms.len();
        // Latin words kept as typed.
        for (start, end, text, term) in &self.words {
            if *start == p && (*term || matches!(self.syms[p], Sym::Opaque)) {
                out.push(Step {
                    end: *end,
                    piece: Piece::Latin(text.clone()),
                    cost: unknown,
                    edits: 0,
                    letters: false,
                });
            }
        }
        match self.syms[p] {
            Sym::Opaque => return,
            Sym::Han(h) => out.push(Step {
                end: p + 1,
                piece: Piece::Han(h.to_string()),
                cost: unknown,
                edits: 0,
                letters: false,
            }),
            Sym::Letter(..) => {
                // Single characters.
                for (c, _) in &self.readings.chars {
                    for m in self.match_char(*c, p, self.budget) {
                        out.push(Step {
                            end: m.end,
                            piece: Piece::Han(c.to_string()),
                            cost: unknown + m.cost + if m.k > 0 { HETERONYM_COST } else { 0.0 },
                            edits: m.edits,
                            letters: true,
                        });
                    }
                }
            }
        }
        // Words of the lexicon, by a walk over its FST.
        let fst = self.lex.fst();
        let mut stack: Vec<Walk> = vec![Walk {
            node: fst.root(),
            out: Output::zero(),
            pos: p,
            word: String::new(),
            ks: Vec::new(),
            cost: 0.0,
            edits: 0,
            letters: false,
        }];
        while let Some(w) = stack.pop() {
            next_chars(fst, w.node, w.out, &mut |c, node, o| {
                for m in self.match_char(c, w.pos, self.budget - w.edits) {
                    let mut word = w.word.clone();
                    word.push(c);
                    let mut ks = w.ks.clone();
                    ks.push(m.k);
                    let next = Walk {
                        node,
                        out: o,
                        pos: m.end,
                        word,
                        ks,
                        cost: w.cost + m.cost,
                        edits: w.edits + m.edits,
                        letters: w.letters || m.k != NONE,
                    };
                    if next.ks.len() >= 2 {
                        let logf = if node.is_final() {
                            Some(o.cat(node.final_output()).value() as f32 / LOG_SCALE)
                        } else if next.pos == n {
                            // The word being typed: any word it starts.
                            Some(0.0)
                        } else {
                            None
                        };
                        if let Some(logf) = logf {
                            let het = self.heteronym_cost(&next.word, &next.ks);
                            out.push(Step {
                                end: next.pos,
                                piece: Piece::Han(next.word.clone()),
                                cost: (unknown - logf).max(0.0) + next.cost + het,
                                edits: next.edits,
                                letters: next.letters,
                            });
                        }
                    }
                    if next.pos < n {
                        stack.push(next);
                    }
                }
            });
        }
    }

    fn heteronym_cost(&self, word: &str, ks: &[u8]) -> f32 {
        let ctx = self.readings.phrases.get(word);
        let wrong = ks
            .iter()
            .enumerate()
            .filter(|&(i, &k)| k != NONE && k != ctx.and_then(|c| c.get(i)).copied().unwrap_or(0))
            .count();
        wrong as f32 * HETERONYM_COST
    }

    /// Whether `a` and `b` share a reading.
    fn homophone(&self, a: char, b: char) -> bool {
        match (self.readings.of(a), self.readings.of(b)) {
            (Some(x), Some(y)) => x.iter().any(|i| y.contains(i)),
            _ => false,
        }
    }

    /// How character `c` can be read from symbol `p` on.
    fn match_char(&self, c: char, p: usize, budget: u8) -> Vec<Match> {
        let mut out: Vec<Match> = Vec::new();
        match self.syms.get(p) {
            Some(Sym::Han(h)) => {
                if *h == c {
                    out.push(Match {
                        end: p + 1,
                        cost: 0.0,
                        edits: 0,
                        k: NONE,
                    });
                } else if self.homophones && budget > 0 && self.homophone(*h, c) {
                    out.push(Match {
                        end: p + 1,
                        cost: EDIT_COST,
                        edits: 1,
                        k: NONE,
                    });
                }
                return out;
            }
            Some(Sym::Letter(..)) => {}
            _ => return out,
        }
        let letters: &[u8] = self.letters.get(p).map_or(&[], Vec::as_slice);
        let Some(ids) = self.readings.of(c) else {
            return out;
        };
        for (k, &id) in ids.iter().enumerate() {
            let Some(r) = self.readings.syllables.get(id as usize) else {
                continue;
            };
            let r = r.as_bytes();
            let k = k.min(NONE as usize - 1) as u8;
            if letters.starts_with(r) {
                out.push(Match {
                    end: p + r.len(),
                    cost: 0.0,
                    edits: 0,
                    k,
                });
            }
            // A prefix of the syllable: an initial, or the syllable being
            // typed (only the latter when errors are allowed).
            for m in 1..r.len().min(letters.len() + 1) {
                if letters[..m] == r[..m] && (self.budget == 0 || p + m == self.syms.len()) {
                    out.push(Match {
                        end: p + m,
                        cost: ABBREVIATION_COST,
                        edits: 0,
                        k,
                    });
                }
            }
            if budget > 0 && r.len() >= 2 {
                let lo = r.len().saturating_sub(budget as usize).max(1);
                let hi = (r.len() + budget as usize).min(letters.len());
                for len in lo..=hi {
                    let d = edit_distance(r, &letters[..len], budget as usize);
                    if d > 0 && d <= budget as usize {
                        out.push(Match {
                            end: p + len,
                            cost: EDIT_COST * d as f32,
                            edits: d as u8,
                            k,
                        });
                    }
                }
            }
        }
        out
    }
}

/// "Not read from letters" (a Han character typed as itself).
const NONE: u8 = u8::MAX;

struct Match {
    end: usize,
    cost: f32,
    edits: u8,
    k: u8,
}

struct Walk<'f> {
    node: Node<'f>,
    out: Output,
    pos: usize,
    word: String,
    ks: Vec<u8>,
    cost: f32,
    edits: u8,
    letters: bool,
}

/// Calls `f` with every character that continues the keys at `node` (keys
/// are UTF-16 big-endian), with the node after it.
fn next_chars<'f, D: AsRef<[u8]>>(
    fst: &'f Fst<D>,
    node: Node<'f>,
    out: Output,
    f: &mut dyn FnMut(char, Node<'f>, Output),
) {
    for t1 in node.transitions() {
        let n1 = fst.node(t1.addr);
        for t2 in n1.transitions() {
            let unit = u16::from_be_bytes([t1.inp, t2.inp]);
            let n2 = fst.node(t2.addr);
            let o2 = out.cat(t1.out).cat(t2.out);
            if (0xD800..0xDC00).contains(&unit) {
                for t3 in n2.transitions() {
                    let n3 = fst.node(t3.addr);
                    for t4 in n3.transitions() {
                        let low = u16::from_be_bytes([t3.inp, t4.inp]);
                        if let Some(Ok(c)) = char::decode_utf16([unit, low]).next() {
                            f(c, fst.node(t4.addr), o2.cat(t3.out).cat(t4.out));
                        }
                    }
                }
            } else if let Some(c) = char::from_u32(unit as u32) {
                f(c, n2, o2);
            }
        }
    }
}

/// Keeps the `k` cheapest paths with distinct output, cheapest first.
fn prune(paths: &mut Vec<Path>, k: usize) {
    let mut kept: Vec<Path> = Vec::with_capacity(k);
    let mut seen: Vec<String> = Vec::with_capacity(k);
    while kept.len() < k {
        let Some(p) = super::take_best(paths, |a, b| a.cost < b.cost) else {
            break;
        };
        let r = render(&p.pieces);
        if !seen.contains(&r) {
            seen.push(r);
            kept.push(p);
        }
    }
    *paths = kept;
}

fn render(pieces: &[Piece]) -> String {
    let mut s = String::new();
    for p in pieces {
        if !s.is_empty() {
            s.push(' ');
        }
        match p {
            Piece::Han(h) => s.push_str(h),
            Piece::Latin(l) => s.push_str(l),
        }
    }
    s
}

/// Levenshtein distance between `a` and `b`, or `max + 1` once it exceeds
/// `max`.
pub fn edit_distance(a: &[u8], b: &[u8], max: usize) -> usize {
    if a.len().abs_diff(b.len()) > max {
        return max + 1;
    }
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for (i, &x) in a.iter().enumerate() {
        cur[0] = i + 1;
        for (j, &y) in b.iter().enumerate() {
            let sub = prev[j] + usize::from(x != y);
            cur[j + 1] = sub.min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()].min(max + 1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::LexiconBuilder;

    fn fixture() -> (Readings, FstLexicon<Vec<u8>>) {
        let r = |s: &str| s.split(',').map(String::from).collect::<Vec<_>>();
        let readings = Readings::new(
            vec![
                ('对', r("dui")),
                ('外', r("wai")),
                ('贸', r("mao")),
                ('易', r("yi")),
                ('银', r("yin")),
                ('行', r("xing,hang")),
                ('政', r("zheng")),
                ('意', r("yi")),
            ],
            vec![("银行".into(), r("yin,hang"))],
        );
        let mut b = LexiconBuilder::new();
        for (w, f) in [
            ("对外", 500),
            ("贸易", 800),
            ("对外贸易", 3000),
            ("银行", 900),
        ] {
            b.add(w, f);
        }
        b.add("行政", 900);
        (readings, b.build_all())
    }

    fn top(q: &str, edits: u8) -> Option<String> {
        let (r, l) = fixture();
        let opts = Decode {
            edits,
            homophones: false,
            limit: 3,
        };
        interpret(q, &r, &l, |_| false, opts)
            .into_iter()
            .next()
            .map(|i| i.text)
    }

    #[test]
    fn full_initials_mixed_and_typing() {
        for q in [
            "duiwaimaoyi",
            "dui wai mao yi",
            "duiwai maoyi",
            "dwmy",
            "对外my",
            "dwmaoyi",
            "duiwaimaoy",
        ] {
            assert_eq!(top(q, 0).as_deref(), Some("对外贸易"), "{q}");
        }
        assert_eq!(top("duiwaim", 0).as_deref(), Some("对外贸"));
    }

    #[test]
    fn heteronyms_in_context() {
        assert_eq!(top("yinhang", 0).as_deref(), Some("银行"));
        assert_eq!(top("xingzheng", 0).as_deref(), Some("行政"));
        let (r, _) = fixture();
        assert_eq!(r.word_reading("银行"), Some(vec!["yin", "hang"]));
        assert_eq!(r.word_reading("行政"), Some(vec!["xing", "zheng"]));
    }

    #[test]
    fn typos_need_a_budget() {
        assert_eq!(top("duiwaimaoyu", 0), None);
        assert_eq!(top("duiwaimaiyi", 1).as_deref(), Some("对外贸易"));
        let (r, l) = fixture();
        let opts = Decode {
            edits: 1,
            homophones: true,
            limit: 3,
        };
        let fixed = interpret("对外贸意", &r, &l, |_| false, opts);
        assert_eq!(fixed[0].text, "对外贸易");
        assert_eq!(fixed[0].edits, 1);
        let no_homophones = Decode {
            homophones: false,
            ..opts
        };
        assert!(interpret("对外贸意", &r, &l, |_| false, no_homophones).is_empty());
    }

    #[test]
    fn bytes_round_trip() {
        let (r, _) = fixture();
        let b = r.to_bytes();
        let s = Readings::from_bytes(&b).unwrap();
        assert_eq!(s.to_bytes(), b);
        assert_eq!(s.readings('行'), vec!["xing", "hang"]);
        for cut in 0..b.len() {
            let _ = Readings::from_bytes(&b[..cut]);
        }
    }

    #[test]
    fn distance() {
        assert_eq!(edit_distance(b"licence", b"lisence", 2), 1);
        assert_eq!(edit_distance(b"abc", b"xyz", 1), 2);
    }
}
