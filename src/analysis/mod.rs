//! Text analysis: the one analyzer used both when an index is built and
//! when a query is answered.
//!
//! * [`normalize()`] folds width, case, compatibility forms and punctuation.
//! * [`tokens`] splits normalized text into CJK runs and Latin/number words
//!   (by character class, so the browser build carries no word-break tables);
//!   [`latin_forms`] gives the other spellings of mixed words (ISO9001,
//!   COVID-19, Wi-Fi) that the index stores beside them.
//! * [`segment`] cuts a CJK run into words by maximum probability over a
//!   [`Lexicon`]. At build time the lexicon is the general dictionary plus
//!   the catalogue's own terms; the words the catalogue actually uses are
//!   stored in the index, and queries are cut against that stored lexicon,
//!   which yields the same cut on any text of the catalogue.
//!
//! * [`fold`] (traditional → simplified, merged into the index's
//!   [`FoldTable`]), [`pinyin`], [`Synonyms`] and [`spelling`] understand
//!   what people type: traditional characters, pinyin, everyday names and
//!   typing errors, from tables the index stores.
//!
//! Matching itself never depends on where a cut falls: the index keeps a
//! posting list per CJK character and verifies candidate substrings against
//! the stored text, so any substring finds every matter that contains it.

pub mod abbrev;
pub mod colloquial;
pub mod fold;
pub mod intent;
pub mod lexicon;
pub mod normalize;
pub mod pinyin;
pub mod spelling;
pub mod synonyms;

pub use colloquial::Colloquial;
pub use lexicon::{FstLexicon, Lexicon, LexiconBuilder, Place};
pub use normalize::{
    is_cjk, normalize, normalize_into, normalize_with, utf16_offset, FoldTable, Mapped,
};
pub use pinyin::Readings;
pub use synonyms::Synonyms;

/// Bumped whenever a change to the analyzer would change what an index
/// stores; the index header records it, so old indexes are rejected
/// instead of silently answering differently.
pub const ANALYZER_VERSION: u32 = 1;

/// What kind of text a [`Token`] holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TokenKind {
    /// A run of CJK characters, to be cut into words.
    Cjk,
    /// A run of letters and/or digits.
    Word,
}

/// A piece of normalized text, with byte offsets into it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Token<'a> {
    /// Word, CJK run, number or other (what the segmenter does with it).
    pub kind: TokenKind,
    /// The token as it appears in the normalized text.
    pub text: &'a str,
    /// Byte offset of its start in the normalized text.
    pub start: usize,
    /// Byte offset of its end (exclusive).
    pub end: usize,
}

/// Splits normalized text into CJK runs and words. Separators are dropped.
///
/// Normalized text holds only letters, digits, CJK and single spaces, so a
/// token is a maximal run of one class: CJK, or anything else but a space.
/// (No Unicode word-break tables: they would cost the browser build about
/// 20 KB and change nothing for normalized text.)
pub fn tokens(normalized: &str) -> Vec<Token<'_>> {
    let mut out: Vec<Token<'_>> = Vec::new();
    let mut run: Option<(usize, bool)> = None;
    for (i, c) in normalized.char_indices() {
        let class = (c != normalize::SEP).then(|| is_cjk(c));
        match (run, class) {
            (Some((_, cjk)), Some(k)) if k == cjk => {}
            (Some((start, cjk)), _) => {
                push(&mut out, normalized, start, i, cjk);
                run = class.map(|k| (i, k));
            }
            (None, Some(k)) => run = Some((i, k)),
            (None, None) => {}
        }
    }
    if let Some((start, cjk)) = run {
        push(&mut out, normalized, start, normalized.len(), cjk);
    }
    out
}

/// The other spellings of the Latin and number words of `normalized`
/// (with their byte offsets), which the index stores beside the words as
/// cut, so a query finds a mixed word however it is written:
///
/// * a word mixing letters and digits also as its runs: `iso9001` →
///   `iso` `9001`, `3c` → `3` `c` (a query typed ISO 9001 or 3C);
/// * two words one separator apart also joined, where letters meet
///   digits (`covid 19` → `covid19`, `iso 14001` → `iso14001`) or where one
///   of two letter words has at most two letters (`wi fi` → `wifi`, `gb t`
///   → `gbt`, `e mail` → `email`).
///
/// Queries are read as typed: whichever of these spellings a user types,
/// the index holds it. (Two English words are not joined, and a word is
/// not split between letters: `WiFi` in the text does not find `Wi-Fi`.)
pub fn latin_forms(normalized: &str, toks: &[Token<'_>]) -> Vec<(String, usize)> {
    let digit = |c: char| c.is_ascii_digit();
    let mut out = Vec::new();
    for t in toks.iter().filter(|t| t.kind == TokenKind::Word) {
        let mut runs: Vec<(usize, usize)> = Vec::new();
        for (i, c) in t.text.char_indices() {
            match runs.last_mut() {
                Some(r) if digit(c) == t.text[r.0..].starts_with(digit) => r.1 = i + c.len_utf8(),
                _ => runs.push((i, i + c.len_utf8())),
            }
        }
        if runs.len() > 1 {
            for (a, b) in runs {
                out.push((t.text[a..b].to_string(), t.start + a));
            }
        }
    }
    for pair in toks.windows(2) {
        let (a, b) = (&pair[0], &pair[1]);
        if a.kind != TokenKind::Word
            || b.kind != TokenKind::Word
            || b.start != a.end + normalize::SEP.len_utf8()
        {
            continue;
        }
        let (Some(x), Some(y)) = (a.text.chars().last(), b.text.chars().next()) else {
            continue;
        };
        let letters = |w: &str| !w.chars().any(digit);
        let short = a.text.chars().count().min(b.text.chars().count()) <= 2;
        if digit(x) != digit(y) || (letters(a.text) && letters(b.text) && short) {
            let joined = [a.text, b.text].concat();
            if normalized.get(a.start..b.end).is_some() {
                out.push((joined, a.start));
            }
        }
    }
    out
}

fn push<'a>(out: &mut Vec<Token<'a>>, s: &'a str, start: usize, end: usize, cjk: bool) {
    let Some(text) = s.get(start..end) else {
        return;
    };
    if text.is_empty() || text.chars().all(|c| c == normalize::SEP) {
        return;
    }
    let kind = if cjk { TokenKind::Cjk } else { TokenKind::Word };
    if let Some(last) = out.last_mut() {
        if last.kind == kind && kind == TokenKind::Cjk && last.end == start {
            last.end = end;
            last.text = &s[last.start..end];
            return;
        }
    }
    out.push(Token {
        kind,
        text,
        start,
        end,
    });
}

/// Sorts `v` by `before` (a strict order) with one heapsort shared by every
/// element type. Each of the standard library's sorts is compiled anew for
/// every element type and order, 3–8 KB of WebAssembly apiece, and the
/// query path sorts a handful of types (results, facets, spans, readings).
pub(crate) fn sort_by<T>(v: &mut [T], mut before: impl FnMut(&T, &T) -> bool) {
    heapsort(v.len(), &mut |swap, a, b| {
        if swap {
            v.swap(a, b);
            false
        } else {
            before(&v[a], &v[b])
        }
    });
}

/// Heapsort over positions `0..n`: `f(false, a, b)` says whether `a` sorts
/// before `b`, `f(true, a, b)` swaps them. Not generic, so compiled once.
fn heapsort(n: usize, f: &mut dyn FnMut(bool, usize, usize) -> bool) {
    fn sift(f: &mut dyn FnMut(bool, usize, usize) -> bool, mut root: usize, end: usize) {
        loop {
            let mut child = 2 * root + 1;
            if child >= end {
                return;
            }
            if child + 1 < end && f(false, child, child + 1) {
                child += 1;
            }
            if !f(false, root, child) {
                return;
            }
            f(true, root, child);
            root = child;
        }
    }
    for i in (0..n / 2).rev() {
        sift(f, i, n);
    }
    for end in (1..n).rev() {
        f(true, 0, end);
        sift(f, 0, end);
    }
}

/// Sorts integers ascending (what `sort_unstable` gives): a byte-wise
/// radix sort that skips the bytes every key shares, so posting lists of
/// document numbers take one or two passes. Small and compiled once per
/// integer type, where the standard library's pattern-defeating quicksort
/// adds about 5 KB of WebAssembly for each.
pub(crate) fn sort_ints<T: Copy + Into<u64> + TryFrom<u64>>(v: &mut [T]) {
    if v.len() < 32 {
        sort_by(v, |a, b| (*a).into() < (*b).into());
        return;
    }
    let mut keys: Vec<u64> = v.iter().map(|&x| x.into()).collect();
    let mut spare = vec![0u64; keys.len()];
    let (all_or, all_and) = keys
        .iter()
        .fold((0u64, u64::MAX), |(o, a), &k| (o | k, a & k));
    for shift in (0..64).step_by(8) {
        // A byte every key has alike leaves the order as it is.
        if (all_or >> shift) & 0xFF == (all_and >> shift) & 0xFF {
            continue;
        }
        let mut count = [0usize; 257];
        for &k in &keys {
            count[((k >> shift) & 0xFF) as usize + 1] += 1;
        }
        for i in 1..257 {
            count[i] += count[i - 1];
        }
        for &k in &keys {
            let b = ((k >> shift) & 0xFF) as usize;
            spare[count[b]] = k;
            count[b] += 1;
        }
        std::mem::swap(&mut keys, &mut spare);
    }
    for (slot, k) in v.iter_mut().zip(keys) {
        // Every key came from a `T`, so it converts back.
        if let Ok(x) = T::try_from(k) {
            *slot = x;
        }
    }
}

/// Moves the best item (by `before`) out of `v`, for picking a few of
/// many without sorting them all.
pub(crate) fn take_best<T>(v: &mut Vec<T>, before: impl Fn(&T, &T) -> bool) -> Option<T> {
    let mut best = 0;
    for i in 1..v.len() {
        if before(&v[i], &v[best]) {
            best = i;
        }
    }
    (best < v.len()).then(|| v.swap_remove(best))
}

/// Byte offsets of every character boundary of `s`, including its end.
fn char_bounds(s: &str) -> Vec<usize> {
    s.char_indices()
        .map(|(i, _)| i)
        .chain(std::iter::once(s.len()))
        .collect()
}

/// Cuts a CJK run into words of maximum total probability under `lex`
/// (characters the lexicon does not know count as one-character words of
/// frequency 1). Returns byte ranges into `run`, in order.
pub fn segment(run: &str, lex: &impl Lexicon) -> Vec<(usize, usize)> {
    let bounds = char_bounds(run);
    let n = bounds.len() - 1;
    if n == 0 {
        return Vec::new();
    }
    let log_total = lex.log_total();
    let unknown = -log_total;
    // best[i] = (score of the best cut of run[i..], end char of first word)
    let mut best: Vec<(f32, usize)> = vec![(0.0, n); n + 1];
    let mut ends: Vec<(usize, f32)> = Vec::new();
    for i in (0..n).rev() {
        let mut top = (unknown + best[i + 1].0, i + 1);
        ends.clear();
        lex.prefixes(&run[bounds[i]..], &mut |len, logf| ends.push((len, logf)));
        for &(len, logf) in &ends {
            // `len` is a byte length; find the char index it ends at.
            let end_byte = bounds[i] + len;
            if let Ok(j) = bounds.binary_search(&end_byte) {
                let s = logf - log_total + best[j].0;
                // Ties go to the longer word, so cuts are stable.
                if s > top.0 || (s == top.0 && j > top.1) {
                    top = (s, j);
                }
            }
        }
        best[i] = top;
    }
    let mut out = Vec::new();
    let mut i = 0;
    while i < n {
        let j = best[i].1.max(i + 1);
        out.push((bounds[i], bounds[j]));
        i = j;
    }
    out
}

/// Search-mode sub-words: the 2- and 3-character words the lexicon knows
/// inside a longer word (许可证 → 许可), as byte ranges into `word`.
pub fn sub_words(word: &str, lex: &impl Lexicon) -> Vec<(usize, usize)> {
    let bounds = char_bounds(word);
    let n = bounds.len() - 1;
    let mut out = Vec::new();
    if n <= 2 {
        return out;
    }
    for width in [2usize, 3] {
        if width >= n {
            continue;
        }
        for i in 0..=n - width {
            let (a, b) = (bounds[i], bounds[i + width]);
            if lex.contains(&word[a..b]) {
                out.push((a, b));
            }
        }
    }
    out
}

/// The words of a normalized query or text: for every CJK run its
/// maximum-probability cut, for every other token the token itself.
pub fn words<'a>(normalized: &'a str, lex: &impl Lexicon) -> Vec<Token<'a>> {
    let mut out = Vec::new();
    for t in tokens(normalized) {
        match t.kind {
            TokenKind::Word => out.push(t),
            TokenKind::Cjk => {
                for (a, b) in segment(t.text, lex) {
                    out.push(Token {
                        kind: TokenKind::Cjk,
                        text: &t.text[a..b],
                        start: t.start + a,
                        end: t.start + b,
                    });
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sort_by_sorts_like_the_standard_sort() {
        // Every length up to 70, small and wide value ranges (many ties
        // and none), from a fixed pseudo-random sequence.
        let mut x = 0x2545_f491_u32;
        for len in 0..70usize {
            for modulus in [3u32, 1000, u32::MAX] {
                let v: Vec<u32> = (0..len)
                    .map(|_| {
                        x ^= x << 13;
                        x ^= x >> 17;
                        x ^= x << 5;
                        x % modulus
                    })
                    .collect();
                let (mut a, mut b) = (v.clone(), v);
                sort_by(&mut a, |p, q| p < q);
                b.sort_unstable();
                assert_eq!(a, b, "length {len}");
                sort_by(&mut a, |p, q| p > q);
                b.reverse();
                assert_eq!(a, b, "length {len}, descending");
            }
        }
    }

    #[test]
    fn sort_ints_sorts_like_the_standard_sort() {
        // Lengths around the insertion cut-off and beyond, keys sharing
        // high bytes (document numbers) and spread over all of u64.
        let mut x = 0x9e37_79b9_7f4a_7c15_u64;
        for len in [0usize, 1, 2, 31, 32, 33, 100, 1000, 5000] {
            for modulus in [3u64, 1000, 70_000, u64::MAX] {
                let v: Vec<u64> = (0..len)
                    .map(|_| {
                        x ^= x << 13;
                        x ^= x >> 7;
                        x ^= x << 17;
                        x % modulus
                    })
                    .collect();
                let (mut a, mut b) = (v.clone(), v);
                sort_ints(&mut a);
                b.sort_unstable();
                assert_eq!(a, b, "u64, length {len}, modulus {modulus}");
                let w: Vec<u32> = a.iter().map(|&k| k as u32).rev().collect();
                let (mut c, mut d) = (w.clone(), w);
                sort_ints(&mut c);
                d.sort_unstable();
                assert_eq!(c, d, "u32, length {len}, modulus {modulus}");
            }
        }
    }

    fn lex(words: &[(&str, u64)]) -> FstLexicon<Vec<u8>> {
        let mut b = LexiconBuilder::new();
        for &(w, f) in words {
            b.add(w, f);
        }
        b.build_all()
    }

    #[test]
    fn runs_and_words() {
        let n = normalize("ICP经营许可证 2019年 A-1");
        let t: Vec<_> = tokens(&n).iter().map(|t| (t.kind, t.text)).collect();
        assert_eq!(
            t,
            vec![
                (TokenKind::Word, "icp"),
                (TokenKind::Cjk, "经营许可证"),
                (TokenKind::Word, "2019"),
                (TokenKind::Cjk, "年"),
                (TokenKind::Word, "a"),
                (TokenKind::Word, "1"),
            ]
        );
    }

    #[test]
    fn latin_forms_split_and_join_mixed_words() {
        let forms = |s: &str| -> Vec<String> {
            let n = normalize(s);
            latin_forms(&n, &tokens(&n))
                .into_iter()
                .map(|(f, at)| {
                    assert!(n[at..].starts_with(&f[..1]), "{f} at {at} of {n}");
                    f
                })
                .collect()
        };
        assert_eq!(forms("ISO9001认证"), ["iso", "9001"]);
        assert_eq!(forms("3C认证"), ["3", "c"]);
        assert_eq!(forms("COVID-19疫苗"), ["covid19"]);
        assert_eq!(forms("Wi-Fi"), ["wifi"]);
        assert_eq!(forms("GB/T 19001-2016"), ["gbt", "t19001"]);
        assert_eq!(forms("ISO 14001"), ["iso14001"]);
        assert!(forms("quality management").is_empty());
        assert!(forms("2024年度").is_empty());
        assert!(forms("营业执照").is_empty());
    }

    #[test]
    fn max_probability_cut() {
        let l = lex(&[
            ("对外", 50),
            ("贸易", 500),
            ("对外贸易", 300),
            ("外贸", 100),
            ("备案", 400),
        ]);
        let run = "对外贸易备案";
        let cut: Vec<&str> = segment(run, &l).iter().map(|&(a, b)| &run[a..b]).collect();
        assert_eq!(cut, vec!["对外贸易", "备案"]);
        let subs: Vec<&str> = sub_words("对外贸易", &l)
            .iter()
            .map(|&(a, b)| &"对外贸易"[a..b])
            .collect();
        assert_eq!(subs, vec!["对外", "外贸", "贸易"]);
    }

    #[test]
    fn unknown_characters_stand_alone() {
        let l = lex(&[("许可", 100)]);
        let run = "甲许可乙";
        let cut: Vec<&str> = segment(run, &l).iter().map(|&(a, b)| &run[a..b]).collect();
        assert_eq!(cut, vec!["甲", "许可", "乙"]);
    }
}
