//! Character normalization shared by the index builder and the query path.
//!
//! Every character is mapped on its own (so offsets map back to the source
//! text exactly): NFKC, which also turns full-width forms into half-width
//! ones, then lower-casing. Anything that is not a letter, a digit or a
//! CJK character becomes a separator, written as one space.

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
            if l.is_alphanumeric() || is_cjk(l) {
                out(l);
            } else {
                out(SEP);
            }
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

/// [`normalize`] into a buffer that is cleared first (avoids allocations
/// on the query path).
pub fn normalize_into(text: &str, s: &mut String) {
    s.clear();
    let mut pending_sep = false;
    for c in text.chars() {
        normalize_char(c, |n| {
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
    /// Normalizes `src`, keeping the offset map.
    pub fn new(src: &str) -> Mapped {
        let mut m = Mapped {
            text: String::with_capacity(src.len()),
            starts: Vec::with_capacity(src.len()),
        };
        for (i, c) in src.char_indices() {
            let end = (i + c.len_utf8()) as u32;
            normalize_char(c, |n| {
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
    fn utf16() {
        assert_eq!(utf16_offset("a𠀀b", 5), 3);
        assert_eq!(utf16_offset("许可", 3), 1);
    }
}
