//! Character normalization shared by the index builder and the query path.
//!
//! Every character is mapped on its own (so offsets map back to the source
//! text exactly): NFKC, which also turns full-width forms into half-width
//! ones, then lower-casing. Anything that is not a letter, a digit or a
//! CJK character becomes a separator, written as one space.
//!
//! NFKC needs Unicode's decomposition tables (about 100 KB of WebAssembly),
//! but a search only ever needs them for characters that can meet the
//! catalogue. So the full rule ([`normalize_char`]) runs when an index is
//! built, and the index stores a [`FoldTable`]: every character whose NFKC
//! form differs from the table-free rule ([`bare_fold`]) and that occurs
//! in the catalogue or folds into one character that does. The query path
//! ([`normalize_with`], [`Mapped::with`]) reads that table, so native and
//! browser builds normalize identically and the browser carries no tables.

use unicode_normalization::UnicodeNormalization;

/// The separator every punctuation mark and space folds to.
pub const SEP: char = ' ';

/// Whether `c` is written without spaces between words (Han, kana, hangul,
/// and the other East Asian scripts we index character by character).
#[inline]
pub fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x3400..=0x4DBF      // CJK Extension A
        | 0x4E00..=0x9FFF    // CJK Unified Ideographs
        | 0xF900..=0xFAFF    // CJK Compatibility Ideographs
        | 0x20000..=0x3134F  // Extensions B–G
        | 0x3040..=0x30FF    // Hiragana, Katakana
        | 0x3005 | 0x3007    // 々 〇
        | 0xAC00..=0xD7AF    // Hangul syllables
    )
}

#[inline]
fn is_unified(c: char) -> bool {
    matches!(c as u32, 0x4E00..=0x9FFF)
}

/// Normalizes one character, pushing its normalized form (zero or more
/// characters) through `out`.
#[inline]
pub fn normalize_char(c: char, mut out: impl FnMut(char)) {
    if c.is_ascii() {
        if c.is_ascii_alphanumeric() {
            out(c.to_ascii_lowercase());
        } else {
            out(SEP);
        }
        return;
    }
    if matches!(c as u32, 0x4E00..=0x9FFF) {
        // Fast path: unified ideographs are their own NFKC form.
        out(c);
        return;
    }
    for n in std::iter::once(c).nfkc() {
        for l in n.to_lowercase() {
            bare_fold(l, &mut out);
        }
    }
}

/// The table-free part of the rule: keep letters, digits and CJK, turn
/// everything else into a separator. (Lower-casing beyond ASCII needs
/// Unicode's case tables, so it comes from the index's [`FoldTable`] too.)
#[inline]
pub fn bare_fold(c: char, mut out: impl FnMut(char)) {
    if c.is_alphanumeric() || is_cjk(c) {
        out(c);
    } else {
        out(SEP);
    }
}

/// Characters whose normalized form the query path cannot compute on its
/// own, with that form, sorted by character: NFKC and case folds, and
/// traditional characters folded to the simplified ones the catalogue
/// uses. Built by the index builder and read back from the index.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FoldTable {
    entries: Vec<(char, Box<str>)>,
    /// One bit per Basic Multilingual Plane character: set when it is in
    /// `entries`. Catalogue text is long and nearly all of it misses the
    /// table, so a bit test spares a binary search per character.
    bmp: Vec<u64>,
}

/// The [`FoldTable::bmp`] bits of `entries`.
fn bmp_bits(entries: &[(char, Box<str>)]) -> Vec<u64> {
    let mut bits = vec![0u64; 0x10000 / 64];
    for &(c, _) in entries {
        let cp = c as usize;
        if let Some(w) = bits.get_mut(cp / 64) {
            *w |= 1 << (cp % 64);
        }
    }
    bits
}

/// A character, its full normalized form and its [`bare_fold`] form.
type UnicodeFold = (char, Box<str>, Box<str>);

/// Every character above ASCII that [`normalize_char`] or [`bare_fold`]
/// does not leave as itself, with both forms: one walk over all of Unicode
/// per process (a build used to make it for every index, 30 s under the
/// fuzzer's sanitizer), sorted by character.
fn unicode_folds() -> &'static [UnicodeFold] {
    static FOLDS: std::sync::OnceLock<Vec<UnicodeFold>> = std::sync::OnceLock::new();
    FOLDS.get_or_init(|| {
        let mut out = Vec::new();
        let (mut full, mut simple) = (String::new(), String::new());
        for cp in 0x80u32..=0x10FFFF {
            let Some(c) = char::from_u32(cp) else {
                continue;
            };
            full.clear();
            simple.clear();
            normalize_char(c, |n| full.push(n));
            bare_fold(c, |n| simple.push(n));
            let mut it = full.chars();
            let identity = it.next() == Some(c) && it.next().is_none() && full == simple;
            if !identity {
                out.push((c, full.as_str().into(), simple.as_str().into()));
            }
        }
        out
    })
}

impl FoldTable {
    /// A table from `(char, folded)` pairs in strictly increasing character
    /// order (as the index stores them); `None` if they are not.
    pub fn new(entries: Vec<(char, Box<str>)>) -> Option<FoldTable> {
        if !entries.windows(2).all(|w| w[0].0 < w[1].0) {
            return None;
        }
        let bmp = bmp_bits(&entries);
        Some(FoldTable { entries, bmp })
    }

    /// [`FoldTable::build`] without traditional → simplified pairs.
    pub fn for_characters(relevant: &std::collections::HashSet<char>) -> FoldTable {
        FoldTable::build(relevant, &[])
    }

    /// The entries the builder stores: every character of `relevant` (and
    /// every character that folds into exactly one of them) whose full
    /// normalized form, with `simplify` applied after it, differs from
    /// [`bare_fold`]'s. `simplify` holds (traditional, simplified) pairs
    /// sorted by the first; the builder passes only pairs whose traditional
    /// character the catalogue does not use, so catalogue text never
    /// changes. The walk over all of Unicode is made once per process
    /// (`unicode_folds`).
    pub fn build(
        relevant: &std::collections::HashSet<char>,
        simplify: &[(char, char)],
    ) -> FoldTable {
        let simp = |c: char| match simplify.binary_search_by_key(&c, |p| p.0) {
            Ok(i) => simplify[i].1,
            Err(_) => c,
        };
        let folds = unicode_folds();
        let mut entries = Vec::new();
        let keep = |c: char, full: &str, entries: &mut Vec<(char, Box<str>)>| {
            // Characters of the catalogue always; others only when they fold
            // to one character the catalogue has (full-width and styled
            // letters, compatibility ideographs, traditional characters),
            // not to whole strings such as ⑳ → 20 or ㍱ → hpa: those would
            // cost index bytes for queries nobody types.
            let mut one = full.chars();
            let single = match (one.next(), one.next()) {
                (Some(n), None) => n != SEP && relevant.contains(&n),
                _ => false,
            };
            if relevant.contains(&c) || single {
                entries.push((c, full.into()));
            }
        };
        let mut full = String::new();
        for (c, normalized, simple) in folds {
            full.clear();
            full.extend(normalized.chars().map(simp));
            if full != **simple {
                keep(*c, &full, &mut entries);
            }
        }
        // Every other character normalizes and bare-folds to itself: only
        // `simplify` can change it.
        for &(t, s) in simplify {
            if (t as u32) < 0x80 || t == s || folds.binary_search_by_key(&t, |f| f.0).is_ok() {
                continue;
            }
            let mut buf = [0u8; 4];
            keep(t, s.encode_utf8(&mut buf), &mut entries);
        }
        entries.sort_by_key(|e| e.0);
        entries.dedup_by_key(|e| e.0);
        let bmp = bmp_bits(&entries);
        FoldTable { entries, bmp }
    }

    /// The folded form of `c`, when it is in the table.
    #[inline]
    pub fn get(&self, c: char) -> Option<&str> {
        let cp = c as usize;
        if cp < 0x10000
            && self
                .bmp
                .get(cp / 64)
                .is_none_or(|w| w & (1 << (cp % 64)) == 0)
        {
            return None;
        }
        self.entries
            .binary_search_by_key(&c, |e| e.0)
            .ok()
            .map(|i| &*self.entries[i].1)
    }

    /// How many characters the table folds.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether the table folds nothing (an index built without one).
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The entries, sorted by character.
    pub fn entries(&self) -> &[(char, Box<str>)] {
        &self.entries
    }

    /// Normalizes one character the way [`normalize_char`] does, for every
    /// character the table was built for.
    #[inline]
    pub fn fold_char(&self, c: char, mut out: impl FnMut(char)) {
        if c.is_ascii() {
            if c.is_ascii_alphanumeric() {
                out(c.to_ascii_lowercase());
            } else {
                out(SEP);
            }
        } else if let Some(f) = self.get(c) {
            f.chars().for_each(out);
        } else if is_unified(c) {
            out(c);
        } else {
            bare_fold(c, out);
        }
    }
}

/// Normalizes a whole string, collapsing runs of separators to one and
/// trimming them at both ends.
pub fn normalize(text: &str) -> String {
    let mut s = String::with_capacity(text.len());
    normalize_into(text, &mut s);
    s
}

/// [`normalize`] into a buffer that is cleared first (avoids allocations).
pub fn normalize_into(text: &str, s: &mut String) {
    collapse_into(text, s, |c, out| normalize_char(c, out));
}

/// [`normalize`] with an index's [`FoldTable`] instead of Unicode's tables:
/// what the query path uses.
pub fn normalize_with(text: &str, fold: &FoldTable) -> String {
    let mut s = String::with_capacity(text.len());
    collapse_into(text, &mut s, |c, out| fold.fold_char(c, out));
    s
}

fn collapse_into(text: &str, s: &mut String, mut fold: impl FnMut(char, &mut dyn FnMut(char))) {
    s.clear();
    let mut pending_sep = false;
    for c in text.chars() {
        fold(c, &mut |n| {
            if n == SEP {
                pending_sep = !s.is_empty();
            } else {
                if pending_sep {
                    s.push(SEP);
                    pending_sep = false;
                }
                s.push(n);
            }
        });
    }
}

/// A normalized string that remembers where each of its characters came
/// from, so that matches found in normalized text can be highlighted in
/// the original.
#[derive(Debug, Clone, Default)]
pub struct Mapped {
    /// The normalized text (separators kept one-for-one, not collapsed, so
    /// positions stay aligned with the source).
    pub text: String,
    /// For each byte of `text` that starts a character: the byte range in
    /// the source it came from. Indexed by normalized byte offset.
    starts: Vec<(u32, u32, u32)>,
}

impl Mapped {
    /// Normalizes `src` with Unicode's tables, keeping the offset map.
    pub fn new(src: &str) -> Mapped {
        Mapped::build(src, |c, out| normalize_char(c, out))
    }

    /// Normalizes `src` with an index's [`FoldTable`], keeping the offset map.
    pub fn with(src: &str, fold: &FoldTable) -> Mapped {
        Mapped::build(src, |c, out| fold.fold_char(c, out))
    }

    fn build(src: &str, mut fold: impl FnMut(char, &mut dyn FnMut(char))) -> Mapped {
        let mut m = Mapped {
            text: String::with_capacity(src.len()),
            starts: Vec::with_capacity(src.len()),
        };
        for (i, c) in src.char_indices() {
            let end = (i + c.len_utf8()) as u32;
            fold(c, &mut |n| {
                m.starts.push((m.text.len() as u32, i as u32, end));
                m.text.push(n);
            });
        }
        m
    }

    /// Maps a byte range of the normalized text back to a byte range of
    /// the source. Ranges that split a source character widen to cover it.
    pub fn source_range(&self, start: usize, end: usize) -> Option<(usize, usize)> {
        if start >= end {
            return None;
        }
        let first = self
            .starts
            .partition_point(|&(n, _, _)| (n as usize) < start);
        let last = self.starts.partition_point(|&(n, _, _)| (n as usize) < end);
        let a = self.starts.get(first)?;
        let b = self.starts.get(last.checked_sub(1)?)?;
        Some((a.1 as usize, b.2 as usize))
    }
}

/// Whether `c` joins the character before it into one user-perceived
/// character (a grapheme cluster): combining marks, variation selectors,
/// emoji skin tones, tag characters and the zero-width joiner. Besides the
/// skin tones, `Debug` escapes exactly the grapheme-extending and the
/// unprintable characters,
/// and its table is in every build already, so this needs no table of its
/// own (unicode-segmentation's would add about 5 KB gzip to the browser
/// build). Unprintable format characters count as joining too: a snippet
/// then keeps them, which is harmless.
fn joins_previous(c: char) -> bool {
    // Skin tones are emoji modifiers, not Grapheme_Extend.
    matches!(c as u32, 0x1F3FB..=0x1F3FF)
        || (!c.is_ascii()
            && !c.is_control()
            && !c.is_whitespace()
            && c.escape_debug().nth(1).is_some())
}

fn is_regional_indicator(c: char) -> bool {
    matches!(c as u32, 0x1F1E6..=0x1F1FF)
}

const ZWJ: char = '\u{200D}';

/// Whether byte offset `at` of `s` (a character boundary) is inside a
/// grapheme cluster: before a joining character, after a zero-width
/// joiner, or between the two regional indicators of one flag.
fn inside_cluster(s: &str, at: usize) -> bool {
    let (Some(before), Some(after)) = (s.get(..at), s.get(at..)) else {
        return false;
    };
    let (Some(p), Some(c)) = (before.chars().next_back(), after.chars().next()) else {
        return false;
    };
    if joins_previous(c) || p == ZWJ {
        return true;
    }
    // Flags pair regional indicators from the start of their run.
    is_regional_indicator(c)
        && before
            .chars()
            .rev()
            .take_while(|&r| is_regional_indicator(r))
            .count()
            % 2
            == 1
}

/// `at` moved back to the start of the grapheme cluster it falls in, so
/// a snippet or highlight never begins on a combining mark or half a flag.
pub fn cluster_start(s: &str, mut at: usize) -> usize {
    at = at.min(s.len());
    while !s.is_char_boundary(at) {
        at -= 1;
    }
    while at > 0 && inside_cluster(s, at) {
        at -= s[..at].chars().next_back().map_or(1, char::len_utf8);
    }
    at
}

/// `at` moved on to the end of the grapheme cluster it falls in, so a
/// snippet or highlight never ends before the marks, selectors or joined
/// emoji of its last character.
pub fn cluster_end(s: &str, mut at: usize) -> usize {
    at = at.min(s.len());
    while !s.is_char_boundary(at) {
        at += 1;
    }
    while at < s.len() && inside_cluster(s, at) {
        at += s[at..].chars().next().map_or(1, char::len_utf8);
    }
    at
}

/// Converts a byte offset in `s` to a UTF-16 code unit offset (what
/// JavaScript's `String.prototype.slice` expects).
pub fn utf16_offset(s: &str, byte: usize) -> usize {
    let byte = byte.min(s.len());
    s.get(..byte)
        .map(|p| p.chars().map(char::len_utf16).sum())
        .unwrap_or_else(|| {
            s.char_indices()
                .take_while(|&(i, _)| i < byte)
                .map(|(_, c)| c.len_utf16())
                .sum()
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn full_width_and_case() {
        assert_eq!(normalize("ＩＣＰ经营许可证（变更）"), "icp经营许可证 变更");
        assert_eq!(
            normalize("  《对外贸易法》第十四条 "),
            "对外贸易法 第十四条"
        );
        assert_eq!(normalize("Ａ１－Ｂ"), "a1 b");
    }

    #[test]
    fn mapping_back() {
        let src = "（变更）许可";
        let m = Mapped::new(src);
        let pos = m.text.find("许可").unwrap();
        let (a, b) = m.source_range(pos, pos + "许可".len()).unwrap();
        assert_eq!(&src[a..b], "许可");
    }

    #[test]
    fn fold_table_matches_nfkc_for_what_it_covers() {
        let text = "ＩＣＰ经营许可证①㈱ﬁ㎏Ⅻ 兀 𝐀Ｂ 〇々 ＡＢＣ１２３ 丽";
        let mut relevant: std::collections::HashSet<char> = normalize(text).chars().collect();
        relevant.extend(text.chars());
        let t = FoldTable::for_characters(&relevant);
        assert!(!t.is_empty());
        assert_eq!(normalize_with(text, &t), normalize(text));
        assert_eq!(Mapped::with(text, &t).text, Mapped::new(text).text);
        // Full-width letters fold into letters the catalogue has.
        assert_eq!(normalize_with("ｉｃｐ", &t), "icp");
        // A character the catalogue cannot meet keeps the bare rule.
        assert_eq!(normalize_with("Ω", &t), "Ω");
        let greek: std::collections::HashSet<char> = "ω".chars().collect();
        assert_eq!(normalize_with("Ω", &FoldTable::for_characters(&greek)), "ω");
    }

    #[test]
    fn cluster_edges() {
        let s = "e\u{301}x👨\u{200D}👩\u{200D}👧🇨🇳🇺🇸葛\u{E0100}👍\u{1F3FD}❤\u{FE0F}";
        let char_starts: Vec<usize> = s.char_indices().map(|(i, _)| i).chain([s.len()]).collect();
        // The cluster starts, by hand.
        let mut want = vec![0, "e\u{301}".len(), "e\u{301}x".len()];
        let mut at = *want.last().unwrap();
        for part in [
            "👨\u{200D}👩\u{200D}👧",
            "🇨🇳",
            "🇺🇸",
            "葛\u{E0100}",
            "👍\u{1F3FD}",
            "❤\u{FE0F}",
        ] {
            at += part.len();
            want.push(at);
        }
        for &i in &char_starts {
            let (a, b) = (cluster_start(s, i), cluster_end(s, i));
            assert!(want.contains(&a) && want.contains(&b), "{i}: {a} {b}");
            assert!(a <= i && i <= b);
            if want.contains(&i) {
                assert_eq!((a, b), (i, i));
            }
        }
        assert_eq!(cluster_end("abc", 10), 3);
        assert_eq!(cluster_start("", 0), 0);
    }

    #[test]
    fn utf16() {
        assert_eq!(utf16_offset("a𠀀b", 5), 3);
        assert_eq!(utf16_offset("许可", 3), 1);
    }
}
