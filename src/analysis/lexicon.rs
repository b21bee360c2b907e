//! Lexicons: word → frequency, stored as an FST so that the query path
//! (natively or in WebAssembly) can cut text with no dictionary beyond the
//! index file itself.

use std::collections::BTreeMap;

use fst::raw::{Fst, Output};

/// Frequencies are stored as `round(ln(freq) * LOG_SCALE)`: one byte per
/// word instead of a full integer, with ample precision for cutting.
pub const LOG_SCALE: f32 = 0.5;

/// Lexicon keys are UTF-16 big-endian rather than UTF-8: two bytes per
/// Han character instead of three, which shrinks the stored lexicon by a
/// third while keeping the byte order of the characters.
pub fn encode_key(word: &str, out: &mut Vec<u8>) {
    out.clear();
    for u in word.encode_utf16() {
        out.extend_from_slice(&u.to_be_bytes());
    }
}

/// Inverse of [`encode_key`] (lossy on malformed input).
pub fn decode_key(key: &[u8]) -> String {
    let units: Vec<u16> = key
        .chunks_exact(2)
        .map(|c| u16::from_be_bytes([c[0], c[1]]))
        .collect();
    String::from_utf16_lossy(&units)
}

/// A source of words for [`crate::analysis::segment`].
pub trait Lexicon {
    /// Calls `f(byte_len, ln_freq)` for every word of two or more
    /// characters that is a prefix of `text`.
    fn prefixes(&self, text: &str, f: &mut dyn FnMut(usize, f32));
    /// `ln` of the total frequency, the denominator of word probabilities.
    fn log_total(&self) -> f32;
    /// Whether `word` is in the lexicon.
    fn contains(&self, word: &str) -> bool;
    /// Where every word begins, for [`Lexicon::advance`].
    fn start(&self) -> Place;
    /// The place after `c` from `at` (reached by some characters), if a
    /// word begins so: walks that grow a word a character at a time
    /// (abbreviations) keep one place per stretch instead of looking each
    /// stretch up again.
    fn advance(&self, at: Place, c: char) -> Option<Place>;
}

/// A place in a lexicon's words: after some characters that begin one.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Place {
    at: usize,
    /// The characters so far are a word.
    pub word: bool,
    /// A longer word begins with them.
    pub longer: bool,
}

/// A lexicon stored as an `fst::Map` from word to quantized log-frequency.
#[derive(Clone)]
pub struct FstLexicon<D> {
    fst: Fst<D>,
    log_total: f32,
}

impl<D: AsRef<[u8]>> FstLexicon<D> {
    /// Wraps FST bytes (as written by [`LexiconBuilder`]) and the total.
    pub fn new(data: D, log_total: f32) -> Result<Self, fst::Error> {
        Ok(FstLexicon {
            fst: Fst::new(data)?,
            log_total,
        })
    }

    /// Number of words.
    pub fn len(&self) -> usize {
        self.fst.len()
    }

    /// Whether it holds no word.
    pub fn is_empty(&self) -> bool {
        self.fst.is_empty()
    }

    /// The FST itself (for prefix completion).
    pub fn fst(&self) -> &Fst<D> {
        &self.fst
    }

    /// Every word with its frequency weight, in byte order.
    pub fn words(&self) -> Vec<(String, u64)> {
        use fst::Streamer;
        let mut out = Vec::new();
        let mut s = self.fst.stream();
        while let Some((k, v)) = s.next() {
            out.push((decode_key(k), v.value()));
        }
        out
    }
}

impl<D: AsRef<[u8]>> Lexicon for FstLexicon<D> {
    fn prefixes(&self, text: &str, f: &mut dyn FnMut(usize, f32)) {
        let mut node = self.fst.root();
        let mut out = Output::zero();
        let mut chars = 0;
        for (i, c) in text.char_indices() {
            let mut units = [0u16; 2];
            for u in c.encode_utf16(&mut units).iter() {
                for b in u.to_be_bytes() {
                    let Some(ti) = node.find_input(b) else { return };
                    let t = node.transition(ti);
                    out = out.cat(t.out);
                    node = self.fst.node(t.addr);
                }
            }
            chars += 1;
            if chars >= 2 && node.is_final() {
                let v = out.cat(node.final_output()).value();
                f(i + c.len_utf8(), v as f32 / LOG_SCALE);
            }
        }
    }

    fn log_total(&self) -> f32 {
        self.log_total
    }

    fn contains(&self, word: &str) -> bool {
        let mut k = Vec::with_capacity(word.len());
        encode_key(word, &mut k);
        self.fst.contains_key(&k)
    }

    fn start(&self) -> Place {
        let root = self.fst.root();
        Place {
            at: root.addr(),
            word: false,
            longer: !root.is_empty(),
        }
    }

    fn advance(&self, at: Place, c: char) -> Option<Place> {
        let mut node = self.fst.node(at.at);
        let mut units = [0u16; 2];
        for u in c.encode_utf16(&mut units).iter() {
            for b in u.to_be_bytes() {
                let ti = node.find_input(b)?;
                node = self.fst.node(node.transition(ti).addr);
            }
        }
        Some(Place {
            at: node.addr(),
            word: node.is_final(),
            longer: !node.is_empty(),
        })
    }
}

/// Collects words and frequencies at build time.
#[derive(Clone, Debug, Default)]
pub struct LexiconBuilder {
    words: BTreeMap<String, u64>,
}

impl LexiconBuilder {
    /// An empty builder.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a word (normalized text; at least two characters, else ignored),
    /// keeping the larger frequency if it is already there.
    pub fn add(&mut self, word: &str, freq: u64) {
        if word.chars().nth(1).is_none() || word.contains(super::normalize::SEP) {
            return;
        }
        let e = self.words.entry(word.to_string()).or_insert(0);
        *e = (*e).max(freq.max(1));
    }

    /// Every word and its frequency, in order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, u64)> {
        self.words.iter().map(|(w, &f)| (w.as_str(), f))
    }

    /// Frequency of a word, if present.
    pub fn get(&self, word: &str) -> Option<u64> {
        self.words.get(word).copied()
    }

    /// How many words have been added.
    pub fn len(&self) -> usize {
        self.words.len()
    }

    /// Whether no word has been added.
    pub fn is_empty(&self) -> bool {
        self.words.is_empty()
    }

    /// `ln` of the sum of all frequencies (at least 1).
    pub fn log_total(&self) -> f32 {
        let total: u64 = self.words.values().fold(0u64, |a, &f| a.saturating_add(f));
        (total.max(1) as f64).ln() as f32
    }

    /// Quantized weight stored in the FST for a frequency.
    pub fn weight(freq: u64) -> u64 {
        ((freq.max(1) as f64).ln() as f32 * LOG_SCALE).round() as u64
    }

    /// FST bytes for the words `keep` accepts.
    pub fn fst_bytes(&self, mut keep: impl FnMut(&str) -> bool) -> Vec<u8> {
        // UTF-16 keys sort like the code points, which differs from UTF-8
        // order only around surrogates, so sort the encoded keys.
        let mut keys: Vec<(Vec<u8>, u64)> = Vec::new();
        for (w, &f) in &self.words {
            if keep(w) {
                let mut k = Vec::new();
                encode_key(w, &mut k);
                keys.push((k, Self::weight(f)));
            }
        }
        keys.sort();
        let mut b = fst::MapBuilder::memory();
        for (k, v) in keys {
            // Sorted and unique (distinct words encode distinctly): insert cannot fail.
            let _ = b.insert(k, v);
        }
        b.into_inner().unwrap_or_default()
    }

    /// A queryable lexicon of every word.
    pub fn build_all(&self) -> FstLexicon<Vec<u8>> {
        self.build_subset(|_| true)
    }

    /// A queryable lexicon of some words, with the full lexicon's total so
    /// that cuts agree with it.
    pub fn build_subset(&self, keep: impl FnMut(&str) -> bool) -> FstLexicon<Vec<u8>> {
        let bytes = self.fst_bytes(keep);
        let log_total = self.log_total();
        FstLexicon::new(bytes, log_total).unwrap_or_else(|_| {
            // An FST we just wrote always reads back; an empty one as a last resort.
            let empty = fst::MapBuilder::memory().into_inner().unwrap_or_default();
            FstLexicon {
                fst: Fst::new(empty).expect("empty FST is valid"),
                log_total,
            }
        })
    }
}
