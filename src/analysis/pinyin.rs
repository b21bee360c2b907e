//! Pinyin input: turns `duiwaimaoyi`, `dui wai mao yi`, `dwmy`, `对外my` or
//! `dwmaoyi` into the Han words the catalogue uses (对外贸易).
//!
//! The index stores the toneless readings of every character the catalogue
//! uses ([`Readings`], derived at build time from the `pinyin` crate, most
//! usual reading first) and the readings of heteronym words in context
//! (银行 yin·hang, 重庆 chong·qing). The browser needs no pinyin table: a
//! [`Pattern`] finds where the catalogue's own texts spell the query, each
//! syllable typed in full or as a prefix (initials, or the last syllable
//! while typing), optionally with a few typing errors or homophones; the
//! spelled text is then searched as if typed.

use super::{tokens, TokenKind};
use crate::bytes::{put_str, put_varint, Cursor, DecodeError};

/// Added per syllable typed as a prefix (an initial) rather than in full.
pub const ABBREVIATION_COST: f32 = 0.5;
/// Added per character read with a reading other than the one its word's
/// context implies (银行 read as yin·xing).
pub const HETERONYM_COST: f32 = 2.0;
/// Added per corrected typing error.
pub const EDIT_COST: f32 = 3.0;
/// Added when a match does not start where its text does.
pub const START_COST: f32 = 1.0;
/// Most symbols of a query that are matched; longer input is not pinyin.
pub const MAX_SYMBOLS: usize = 128;

/// Readings of the catalogue's characters and of its heteronym words.
#[derive(Clone, Debug, Default)]
pub struct Readings {
    syllables: Vec<String>,
    /// Sorted by character; readings as indexes into `syllables`, the one
    /// to prefer first.
    chars: Vec<(char, Vec<u16>)>,
    /// Heteronym words, sorted, with an index into each character's
    /// reading list.
    phrases: Vec<(String, Vec<u8>)>,
    /// The characters of `phrases`, sorted: most characters are in none,
    /// and a walk asks for each one it reads.
    phrase_chars: Vec<char>,
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
            phrases: Vec::new(),
            phrase_chars: Vec::new(),
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
                    r.phrases.push((word, ks));
                }
            }
        }
        r.phrases.sort();
        r.phrases.dedup_by(|a, b| a.0 == b.0);
        r.index_phrases();
        r
    }

    fn index_phrases(&mut self) {
        let mut cs: Vec<char> = self.phrases.iter().flat_map(|p| p.0.chars()).collect();
        cs.sort_unstable();
        cs.dedup();
        self.phrase_chars = cs;
    }

    /// Number of characters with readings.
    pub fn len(&self) -> usize {
        self.chars.len()
    }

    /// Whether the index carries no readings (built without `dict`).
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
        let ctx = self
            .phrases
            .binary_search_by(|p| p.0.as_str().cmp(word))
            .ok()
            .map(|i| &self.phrases[i].1);
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
        put_varint(&mut out, self.phrases.len() as u64);
        for (w, ks) in &self.phrases {
            put_str(&mut out, w);
            out.extend_from_slice(ks);
        }
        out
    }

    /// Reads [`Readings::to_bytes`]; bad bytes are an error, never a panic.
    pub fn from_bytes(b: &[u8]) -> Result<Readings, DecodeError> {
        let corrupt = |m: &str| DecodeError(format!("pinyin readings: {m}"));
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
        let mut phrases: Vec<(String, Vec<u8>)> = Vec::with_capacity(np);
        for _ in 0..np {
            let w = c.str()?.to_string();
            let ks = c.bytes(w.chars().count())?.to_vec();
            if phrases.last().is_some_and(|p| p.0 >= w) {
                return Err(corrupt("heteronym words out of order"));
            }
            phrases.push((w, ks));
        }
        let mut r = Readings {
            syllables,
            chars,
            phrases,
            phrase_chars: Vec::new(),
        };
        r.index_phrases();
        Ok(r)
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

/// How far a [`Pattern`] may stray from what was typed.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Tolerance {
    /// Typing errors allowed in full syllables (and, with `homophones`,
    /// Han characters replaced); with any, only the last syllable may be
    /// abbreviated, since errors plus initials would match anything.
    pub edits: u8,
    /// Whether a Han character may stand for a homophone (同音字), each
    /// counting as an error: 对外贸意 finds 对外贸易.
    pub homophones: bool,
}

/// Where a text spells a [`Pattern`].
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Spelled {
    /// Byte range in the text.
    pub start: usize,
    /// Byte offset where the spelling ends (exclusive).
    pub end: usize,
    /// Abbreviated syllables, readings against their context, errors, and
    /// a start other than the text's own; lower is better.
    pub cost: f32,
    /// Typing errors corrected to reach this spelling.
    pub edits: u8,
}

#[derive(Clone, Copy, Debug)]
enum Sym {
    /// A letter or digit of a Latin word; `true` when it starts the word.
    Letter(u8, bool),
    Han(char),
}

/// A query prepared for finding where texts spell it: letters as pinyin
/// syllables (in full, or as a prefix: initials, or the last syllable
/// while typing; never across a space the user typed), Han characters as
/// themselves, digits as themselves.
pub struct Pattern<'r> {
    readings: &'r Readings,
    syms: Vec<Sym>,
    /// The letters of the Latin word from each symbol on.
    letters: Vec<Vec<u8>>,
    tolerance: Tolerance,
}

impl<'r> Pattern<'r> {
    /// Prepares a normalized query; `None` when it cannot be pinyin (no
    /// letters unless homophones are allowed, letters other than ASCII,
    /// no readings in the index, or longer than [`MAX_SYMBOLS`]).
    pub fn new(norm: &str, readings: &'r Readings, tolerance: Tolerance) -> Option<Self> {
        if readings.is_empty() {
            return None;
        }
        let mut syms = Vec::new();
        for t in tokens(norm) {
            match t.kind {
                TokenKind::Cjk => syms.extend(t.text.chars().map(Sym::Han)),
                TokenKind::Word => {
                    if !t
                        .text
                        .bytes()
                        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
                    {
                        return None;
                    }
                    let letters = t.text.bytes().enumerate();
                    syms.extend(letters.map(|(i, b)| Sym::Letter(b, i == 0)));
                }
            }
            if syms.len() > MAX_SYMBOLS {
                return None;
            }
        }
        let has_letters = syms
            .iter()
            .any(|s| matches!(s, Sym::Letter(b, _) if b.is_ascii_lowercase()));
        if !(has_letters || tolerance.homophones) {
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
        Some(Pattern {
            readings,
            syms,
            letters,
            tolerance,
        })
    }

    /// Where `text` (normalized) spells the whole pattern. Separators in
    /// the text are skipped.
    pub fn spans(&self, text: &str) -> Vec<Spelled> {
        let n = self.syms.len();
        let chars: Vec<(usize, char)> = text.char_indices().collect();
        let mut out: Vec<Spelled> = Vec::new();
        // (symbol, errors, cost) reached so far, the cheapest per pair.
        let mut states: Vec<(usize, u8, f32)> = Vec::new();
        let mut next: Vec<(usize, u8, f32)> = Vec::new();
        let mut matches: Vec<Match> = Vec::new();
        for s in 0..chars.len() {
            if chars[s].1 == ' ' || !self.may_start(chars[s].1) {
                continue;
            }
            states.clear();
            states.push((0, 0, if s == 0 { 0.0 } else { START_COST }));
            for j in s..chars.len() {
                let (at, c) = chars[j];
                if c == ' ' {
                    continue;
                }
                next.clear();
                for &(p, e, cost) in &states {
                    self.match_char(c, p, self.tolerance.edits - e, &mut matches);
                    for m in &matches {
                        let het = if m.k == NONE || m.k == self.context_reading(&chars, j) {
                            0.0
                        } else {
                            HETERONYM_COST
                        };
                        let (e, cost) = (e + m.edits, cost + m.cost + het);
                        if m.end == n {
                            out.push(Spelled {
                                start: chars[s].0,
                                end: at + c.len_utf8(),
                                cost,
                                edits: e,
                            });
                        } else if let Some(x) = next.iter_mut().find(|x| x.0 == m.end && x.1 == e) {
                            x.2 = x.2.min(cost);
                        } else {
                            next.push((m.end, e, cost));
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

    /// The strings of catalogue characters that spell the whole pattern,
    /// found by walking `w`'s bigrams instead of reading texts: each string
    /// is a chain of bigrams the catalogue uses (whether it occurs whole is
    /// for the caller to check). At most `limit` strings, each with its
    /// cheapest cost; the walk visits at most [`MAX_WALK_STEPS`] characters.
    pub fn walk(&self, w: &Walk, limit: usize) -> Vec<Spelling> {
        let mut out: Vec<Spelling> = Vec::new();
        let mut steps = 0usize;
        let mut path: Vec<(usize, char)> = Vec::new();
        let mut gaps: Vec<bool> = Vec::new();
        let mut seen: std::collections::HashMap<String, usize> = Default::default();
        let mut pool: Vec<Vec<(usize, u8, f32)>> = Vec::new();
        let mut matches: Vec<Match> = Vec::new();
        for &c in &w.chars {
            if !self.may_start(c) {
                continue;
            }
            path.clear();
            gaps.clear();
            let mut walker = Walker {
                w,
                path: &mut path,
                gaps: &mut gaps,
                out: &mut out,
                seen: &mut seen,
                pool: &mut pool,
                matches: &mut matches,
                steps: &mut steps,
                limit,
            };
            self.extend(&mut walker, c, false, &[(0, 0, 0.0)]);
            if steps >= MAX_WALK_STEPS || out.len() >= limit {
                break;
            }
        }
        out
    }

    fn extend(&self, k: &mut Walker<'_>, c: char, gap: bool, states: &[(usize, u8, f32)]) {
        *k.steps += 1;
        if *k.steps > MAX_WALK_STEPS || k.out.len() >= k.limit {
            return;
        }
        let at = k.path.last().map_or(0, |l| l.0 + l.1.len_utf8());
        k.path.push((at, c));
        k.gaps.push(gap);
        let j = k.path.len() - 1;
        let n = self.syms.len();
        // Buffers reused from depth to depth: two allocations a step were
        // a fifth of a walk.
        let mut next = k.pool.pop().unwrap_or_default();
        next.clear();
        let mut matches = std::mem::take(k.matches);
        for &(p, e, cost) in states {
            // A separator the user did not type is skipped, as in `spans`,
            // but never in the middle of a typed Latin word's syllable.
            self.match_char(c, p, self.tolerance.edits - e, &mut matches);
            for m in &matches {
                let het = if m.k == NONE || m.k == self.context_reading(k.path, j) {
                    0.0
                } else {
                    HETERONYM_COST
                };
                let (e, cost) = (e + m.edits, cost + m.cost + het);
                if m.end == n {
                    let mut text = String::new();
                    for (x, g) in k.path.iter().zip(k.gaps.iter()) {
                        if *g {
                            text.push(' ');
                        }
                        text.push(x.1);
                    }
                    if let Some(s) = k.seen.get(&text).and_then(|&i| k.out.get_mut(i)) {
                        if cost < s.cost {
                            s.cost = cost;
                            s.edits = e;
                        }
                    } else if k.out.len() < k.limit {
                        k.seen.insert(text.clone(), k.out.len());
                        k.out.push(Spelling {
                            text,
                            cost,
                            edits: e,
                        });
                    }
                } else if let Some(x) = next.iter_mut().find(|x| x.0 == m.end && x.1 == e) {
                    x.2 = x.2.min(cost);
                } else {
                    next.push((m.end, e, cost));
                }
            }
        }
        *k.matches = matches;
        if !next.is_empty() && k.path.len() < MAX_SYMBOLS {
            // Only the characters one of whose readings begins with a
            // letter some state reads next (most of a character's
            // followers do not, and each was a step).
            let need = next.iter().fold(0u64, |a, s| a | self.needs(s.0));
            let w = k.w;
            let (after, letters) = w.after_with_letters(c);
            for (i, &(d, g)) in after.iter().enumerate() {
                if letters.get(i).is_none_or(|&l| l & need != 0) {
                    self.extend(k, d, g, &next);
                }
            }
        }
        k.pool.push(next);
        k.path.pop();
        k.gaps.pop();
    }

    /// The letters a character must begin a reading with to be read from
    /// symbol `p` on, as a mask of [`letter_bit`]s; every bit where that
    /// is not known from the letter (a Han symbol, typing errors allowed).
    fn needs(&self, p: usize) -> u64 {
        match self.syms.get(p) {
            Some(Sym::Letter(b, _)) if self.tolerance.edits == 0 => letter_bit(*b),
            Some(_) => u64::MAX,
            None => 0,
        }
    }

    /// A cheap test before trying a span from character `c`.
    fn may_start(&self, c: char) -> bool {
        match self.syms.first() {
            Some(Sym::Han(h)) => *h == c || (self.tolerance.homophones && self.homophone(*h, c)),
            // Even with typing errors allowed, the first letter must begin
            // a reading of the first character: spell-checkers trust the
            // first letter, and trying every character as a start made a
            // missed query scan every text quadratically.
            Some(Sym::Letter(b, _)) => {
                if c.is_ascii() {
                    c as u8 == *b
                } else {
                    self.readings.of(c).is_some_and(|ids| {
                        ids.iter().any(|&i| {
                            self.readings
                                .syllables
                                .get(i as usize)
                                .is_some_and(|r| r.as_bytes().first() == Some(b))
                        })
                    })
                }
            }
            None => false,
        }
    }

    /// The reading index of the character at `j` that a heteronym word
    /// around it implies (0, the most usual, elsewhere).
    fn context_reading(&self, chars: &[(usize, char)], j: usize) -> u8 {
        let phrases = &self.readings.phrases;
        if self
            .readings
            .phrase_chars
            .binary_search(&chars[j].1)
            .is_err()
            || self.readings.of(chars[j].1).is_none_or(|r| r.len() < 2)
        {
            return 0;
        }
        for len in 2..=4usize {
            for off in 0..len {
                let Some(start) = j.checked_sub(off) else {
                    break;
                };
                let Some(w) = chars.get(start..start + len) else {
                    continue;
                };
                let mut buf = [0u8; 16];
                let mut n = 0;
                for x in w {
                    n += x.1.encode_utf8(&mut buf[n..]).len();
                }
                let w = std::str::from_utf8(&buf[..n]).unwrap_or("");
                if let Ok(i) = phrases.binary_search_by(|p| p.0.as_str().cmp(w)) {
                    return phrases[i].1.get(off).copied().unwrap_or(0);
                }
            }
        }
        0
    }

    /// Whether `a` and `b` share a reading.
    fn homophone(&self, a: char, b: char) -> bool {
        match (self.readings.of(a), self.readings.of(b)) {
            (Some(x), Some(y)) => x.iter().any(|i| y.contains(i)),
            _ => false,
        }
    }

    /// How text character `c` can be read from symbol `p` on, with at most
    /// `budget` errors.
    fn match_char(&self, c: char, p: usize, budget: u8, out: &mut Vec<Match>) {
        out.clear();
        let one = |end, cost, edits, k| Match {
            end,
            cost,
            edits,
            k,
        };
        match self.syms.get(p) {
            Some(Sym::Han(h)) => {
                if *h == c {
                    out.push(one(p + 1, 0.0, 0, NONE));
                } else if self.tolerance.homophones && budget > 0 && self.homophone(*h, c) {
                    out.push(one(p + 1, EDIT_COST, 1, NONE));
                }
                return;
            }
            Some(Sym::Letter(b, _)) if c.is_ascii() => {
                if *b == c as u8 {
                    out.push(one(p + 1, 0.0, 0, NONE));
                }
                return;
            }
            Some(Sym::Letter(..)) => {}
            None => return,
        }
        let letters: &[u8] = self.letters.get(p).map_or(&[], Vec::as_slice);
        let Some(ids) = self.readings.of(c) else {
            return;
        };
        let last = self.syms.len();
        for (k, &id) in ids.iter().enumerate() {
            let Some(r) = self.readings.syllables.get(id as usize) else {
                continue;
            };
            let r = r.as_bytes();
            let k = k.min(NONE as usize - 1) as u8;
            if letters.starts_with(r) {
                out.push(one(p + r.len(), 0.0, 0, k));
            }
            // A prefix of the syllable: an initial, or the syllable being
            // typed (only the latter when errors are allowed).
            for m in 1..r.len().min(letters.len() + 1) {
                if letters[..m] == r[..m] && (self.tolerance.edits == 0 || p + m == last) {
                    out.push(one(p + m, ABBREVIATION_COST, 0, k));
                }
            }
            if budget > 0 && r.len() >= 2 {
                let lo = r.len().saturating_sub(budget as usize).max(1);
                let hi = (r.len() + budget as usize).min(letters.len());
                for len in lo..=hi {
                    let d = edit_distance(r, &letters[..len], budget as usize);
                    if d > 0 && d <= budget as usize {
                        out.push(one(p + len, EDIT_COST * d as f32, d as u8, k));
                    }
                }
            }
        }
    }
}

/// Most characters a pinyin walk visits: a short query of initials can
/// spell thousands of chains, and the walk must stay interactive.
pub const MAX_WALK_STEPS: usize = 20_000;

/// The state of one [`Pattern::walk`].
struct Walker<'k> {
    w: &'k Walk,
    path: &'k mut Vec<(usize, char)>,
    gaps: &'k mut Vec<bool>,
    out: &'k mut Vec<Spelling>,
    /// Where each text found sits in `out`.
    seen: &'k mut std::collections::HashMap<String, usize>,
    /// Spare state lists, one taken per depth.
    pool: &'k mut Vec<Vec<(usize, u8, f32)>>,
    matches: &'k mut Vec<Match>,
    steps: &'k mut usize,
    limit: usize,
}

/// A string of catalogue characters that spells a [`Pattern`].
#[derive(Clone, Debug, PartialEq)]
pub struct Spelling {
    /// The catalogue characters.
    pub text: String,
    /// As [`Spelled::cost`], without the cost of a late start (the walk
    /// does not know where texts start).
    pub cost: f32,
    /// Typing errors corrected to reach them.
    pub edits: u8,
}

/// The character bigrams of a catalogue's texts as a graph: which
/// characters follow which, directly or across one separator (a name's
/// words in brackets: 建设工程（施工）许可).
#[derive(Clone, Debug, Default)]
pub struct Walk {
    /// Every character that begins or ends a bigram, sorted.
    chars: Vec<char>,
    /// Sorted by character: the characters that follow it, and whether a
    /// separator stands between.
    next: Vec<(char, Vec<(char, bool)>)>,
    /// For each list of `next`, the first letters of each follower's
    /// readings ([`letter_bit`]s); empty until [`Walk::learn_letters`].
    letters: Vec<Vec<u64>>,
}

/// A letter or digit as one bit of a mask (others: none).
fn letter_bit(b: u8) -> u64 {
    match b {
        b'a'..=b'z' => 1 << (b - b'a'),
        b'0'..=b'9' => 1 << (26 + b - b'0'),
        _ => 0,
    }
}

impl Walk {
    /// From bigram keys (two characters, or two with a space between;
    /// UTF-8, sorted).
    pub fn new<D: AsRef<[u8]>>(set: &fst::Set<D>) -> Walk {
        use fst::Streamer;
        let mut w = Walk::default();
        let mut s = set.stream();
        while let Some(k) = s.next() {
            let Ok(k) = std::str::from_utf8(k) else {
                continue;
            };
            let cs: Vec<char> = k.chars().collect();
            let (a, b, gap) = match cs.as_slice() {
                [a, b] => (*a, *b, false),
                [a, ' ', b] => (*a, *b, true),
                _ => continue,
            };
            match w.next.last_mut() {
                Some(last) if last.0 == a => last.1.push((b, gap)),
                _ => w.next.push((a, vec![(b, gap)])),
            }
            w.chars.push(a);
            w.chars.push(b);
        }
        super::sort_by(&mut w.chars, |x, y| x < y);
        w.chars.dedup();
        w
    }

    /// Notes the first letters of each follower's readings, so a walk
    /// skips the followers no reading of which the query can spell.
    pub fn learn_letters(&mut self, r: &Readings) {
        let first = |d: char| -> u64 {
            if d.is_ascii() {
                return letter_bit(d.to_ascii_lowercase() as u8);
            }
            r.readings(d)
                .iter()
                .fold(0, |a, s| a | s.bytes().next().map_or(0, letter_bit))
        };
        self.letters = self
            .next
            .iter()
            .map(|(_, l)| l.iter().map(|&(d, _)| first(d)).collect())
            .collect();
    }

    /// As [`Walk::after`], with each follower's first letters (empty when
    /// not learnt).
    fn after_with_letters(&self, c: char) -> (&[(char, bool)], &[u64]) {
        match self.next.binary_search_by(|e| e.0.cmp(&c)) {
            Ok(i) => (
                &self.next[i].1,
                self.letters.get(i).map_or(&[], Vec::as_slice),
            ),
            Err(_) => (&[], &[]),
        }
    }

    /// The characters that follow `c`, and whether a separator stands
    /// between.
    pub(crate) fn after(&self, c: char) -> &[(char, bool)] {
        match self.next.binary_search_by(|e| e.0.cmp(&c)) {
            Ok(i) => &self.next[i].1,
            Err(_) => &[],
        }
    }
}

/// "Not read from letters" (a character typed as itself).
const NONE: u8 = u8::MAX;

struct Match {
    end: usize,
    cost: f32,
    edits: u8,
    k: u8,
}

/// Levenshtein distance between `a` and `b`, or `max + 1` once it exceeds
/// `max`.
pub fn edit_distance(a: &[u8], b: &[u8], max: usize) -> usize {
    if a.len().abs_diff(b.len()) > max {
        return max + 1;
    }
    // Rows on the stack for the short strings the pattern compares (a
    // syllable against a few letters); longer ones get heap rows.
    let mut stack = [[0usize; 16]; 2];
    let mut heap: [Vec<usize>; 2] = [Vec::new(), Vec::new()];
    let (mut prev, mut cur): (&mut [usize], &mut [usize]) = if b.len() < 16 {
        let [p, c] = &mut stack;
        (&mut p[..=b.len()], &mut c[..=b.len()])
    } else {
        heap[0] = vec![0; b.len() + 1];
        heap[1] = vec![0; b.len() + 1];
        let [p, c] = &mut heap;
        (p.as_mut_slice(), c.as_mut_slice())
    };
    for (j, v) in prev.iter_mut().enumerate() {
        *v = j;
    }
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

    fn readings() -> Readings {
        let r = |s: &str| s.split(',').map(String::from).collect::<Vec<_>>();
        Readings::new(
            vec![
                ('对', r("dui")),
                ('外', r("wai")),
                ('贸', r("mao")),
                ('易', r("yi")),
                ('意', r("yi")),
                ('银', r("yin")),
                ('行', r("xing,hang")),
                ('政', r("zheng")),
            ],
            vec![("银行".into(), r("yin,hang"))],
        )
    }

    fn spelled(q: &str, text: &str, tolerance: Tolerance) -> Vec<(String, f32)> {
        let r = readings();
        let Some(p) = Pattern::new(q, &r, tolerance) else {
            return Vec::new();
        };
        p.spans(text)
            .into_iter()
            .map(|s| (text[s.start..s.end].to_string(), s.cost))
            .collect()
    }

    #[test]
    fn full_initials_mixed_and_typing() {
        let exact = Tolerance::default();
        for q in [
            "duiwaimaoyi",
            "dui wai mao yi",
            "duiwai maoyi",
            "dwmy",
            "对外my",
            "dwmaoyi",
            "duiwaimaoy",
        ] {
            let s = spelled(q, "对外贸易经营者", exact);
            assert_eq!(s.first().map(|x| x.0.as_str()), Some("对外贸易"), "{q}");
        }
        assert_eq!(spelled("duiwaim", "对外贸易", exact)[0].0, "对外贸");
        // A space typed inside a syllable splits it.
        assert!(spelled("du iwai", "对外", exact).is_empty());
        // Not at the start of the text costs more.
        assert!(spelled("maoyi", "对外贸易", exact)[0].1 > 0.0);
    }

    #[test]
    fn heteronyms_in_context() {
        let exact = Tolerance::default();
        assert_eq!(spelled("yinhang", "银行", exact)[0].1, 0.0);
        assert!(spelled("yinxing", "银行", exact)[0].1 >= HETERONYM_COST);
        assert_eq!(spelled("xingzheng", "行政", exact)[0].1, 0.0);
        assert!(spelled("hangzheng", "行政", exact)[0].1 >= HETERONYM_COST);
        let r = readings();
        assert_eq!(r.word_reading("银行"), Some(vec!["yin", "hang"]));
        assert_eq!(r.word_reading("行政"), Some(vec!["xing", "zheng"]));
    }

    #[test]
    fn typos_need_a_tolerance() {
        let exact = Tolerance::default();
        assert!(spelled("duiwaimaiyi", "对外贸易", exact).is_empty());
        let one = Tolerance {
            edits: 1,
            homophones: false,
        };
        assert_eq!(spelled("duiwaimaiyi", "对外贸易", one)[0].0, "对外贸易");
        assert!(spelled("对外贸意", "对外贸易", one).is_empty());
        let sound = Tolerance {
            edits: 1,
            homophones: true,
        };
        assert_eq!(spelled("对外贸意", "对外贸易", sound)[0].0, "对外贸易");
        assert!(Pattern::new("对外", &readings(), exact).is_none());
    }

    /// The letters learnt by a walk only skip characters no reading of
    /// which could be read next: the same spellings, with fewer steps.
    #[test]
    fn learnt_letters_change_no_spelling() {
        let r = readings();
        let mut keys: Vec<String> = Vec::new();
        for t in ["对外贸易", "银行对外", "外贸意向", "行政对外"] {
            let cs: Vec<char> = t.chars().collect();
            keys.extend(cs.windows(2).map(|p| p.iter().collect::<String>()));
        }
        keys.sort();
        keys.dedup();
        let plain = Walk::new(&fst::Set::from_iter(keys).unwrap());
        let mut learnt = plain.clone();
        learnt.learn_letters(&r);
        let sorted = |mut v: Vec<Spelling>| {
            v.sort_by(|a, b| a.text.cmp(&b.text));
            v
        };
        for q in [
            "dwmy",
            "duiwai",
            "yhdw",
            "wmy",
            "xzdw",
            "dwm",
            "duiwaimaoyi",
        ] {
            let p = Pattern::new(q, &r, Tolerance::default()).unwrap();
            let (a, b) = (p.walk(&plain, 64), p.walk(&learnt, 64));
            assert!(!a.is_empty(), "{q}");
            assert_eq!(sorted(a), sorted(b), "{q}");
        }
        let p = Pattern::new("dwmy", &r, Tolerance::default()).unwrap();
        let found = p.walk(&learnt, 64);
        assert!(found.iter().any(|s| s.text == "对外贸易"), "{found:?}");
    }

    #[test]
    fn bytes_round_trip() {
        let r = readings();
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
