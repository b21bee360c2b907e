//! Traditional → simplified folding of query characters.
//!
//! The catalogue is written in simplified characters; people in Hong Kong,
//! Macao and Taiwan type traditional ones. The index stores a small table
//! of (traditional, simplified) pairs, only for characters whose simplified
//! form the catalogue uses and whose traditional form it does not, so
//! folding never changes a query the catalogue could match as typed. The
//! query path folds character by character, which keeps a traditional
//! query's hits and their order identical to its simplified form.

use crate::index::format::{put_varint, Cursor};
use crate::index::IndexError;

/// Character pairs, sorted by the traditional character.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Fold {
    pairs: Vec<(char, char)>,
}

impl Fold {
    /// A table from pairs (any order; the first pair for a character wins).
    pub fn from_pairs(mut pairs: Vec<(char, char)>) -> Fold {
        pairs.retain(|(t, s)| t != s);
        pairs.sort_by_key(|p| p.0);
        pairs.dedup_by_key(|p| p.0);
        Fold { pairs }
    }

    pub fn len(&self) -> usize {
        self.pairs.len()
    }

    pub fn is_empty(&self) -> bool {
        self.pairs.is_empty()
    }

    /// The simplified form of `c`, or `c` itself.
    pub fn char(&self, c: char) -> char {
        match self.pairs.binary_search_by_key(&c, |p| p.0) {
            Ok(i) => self.pairs[i].1,
            Err(_) => c,
        }
    }

    /// Folds every character of `s` in place (allocates only when a
    /// character changes).
    pub fn apply(&self, s: &mut String) {
        if self.pairs.is_empty() || !s.chars().any(|c| self.char(c) != c) {
            return;
        }
        *s = s.chars().map(|c| self.char(c)).collect();
    }

    /// Section bytes: `varint n`, then `n` pairs of varints (traditional
    /// code point as a gap from the previous one, simplified code point).
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(self.pairs.len() * 5);
        put_varint(&mut out, self.pairs.len() as u64);
        let mut prev = 0u32;
        for &(t, s) in &self.pairs {
            put_varint(&mut out, (t as u32 - prev) as u64);
            put_varint(&mut out, s as u64);
            prev = t as u32;
        }
        out
    }

    /// Reads [`Fold::to_bytes`]; bad bytes are an error, never a panic.
    pub fn from_bytes(b: &[u8]) -> Result<Fold, IndexError> {
        let mut c = Cursor::new(b, "fold table");
        let n = c.len(b.len())?;
        let mut pairs = Vec::with_capacity(n);
        let mut prev = 0u64;
        for _ in 0..n {
            let t = prev.saturating_add(c.varint()?);
            let s = c.varint()?;
            let (Some(tc), Some(sc)) = (char_of(t), char_of(s)) else {
                return Err(IndexError::Corrupt("fold table: not a character".into()));
            };
            if !pairs.is_empty() && t <= prev {
                return Err(IndexError::Corrupt("fold table: out of order".into()));
            }
            pairs.push((tc, sc));
            prev = t;
        }
        Ok(Fold { pairs })
    }
}

fn char_of(v: u64) -> Option<char> {
    u32::try_from(v).ok().and_then(char::from_u32)
}

/// OpenCC's character table (`data/opencc/TSCharacters.txt`, Apache-2.0):
/// every traditional character with its simplified candidates, most usual
/// first. Only the index builder needs it.
#[cfg(feature = "dict")]
pub fn opencc_traditional_to_simplified() -> Vec<(char, Vec<char>)> {
    parse_opencc(include_str!("../../data/opencc/TSCharacters.txt"))
}

/// Parses an OpenCC character table (`key<TAB>value value …`, `#` comments),
/// keeping single-character keys and values.
pub fn parse_opencc(text: &str) -> Vec<(char, Vec<char>)> {
    let mut out = Vec::new();
    for line in text.lines() {
        if line.starts_with('#') {
            continue;
        }
        let mut parts = line.split_whitespace();
        let Some(key) = parts.next() else { continue };
        let mut kc = key.chars();
        let (Some(k), None) = (kc.next(), kc.next()) else {
            continue;
        };
        let values: Vec<char> = parts
            .filter_map(|v| {
                let mut vc = v.chars();
                match (vc.next(), vc.next()) {
                    (Some(c), None) => Some(c),
                    _ => None,
                }
            })
            .collect();
        if !values.is_empty() {
            out.push((k, values));
        }
    }
    out
}

/// The pairs a catalogue needs: for each traditional character the
/// catalogue does not use, its first simplified candidate that it does.
pub fn catalogue_pairs(
    table: &[(char, Vec<char>)],
    uses: impl Fn(char) -> bool,
) -> Vec<(char, char)> {
    table
        .iter()
        .filter(|(t, _)| !uses(*t))
        .filter_map(|(t, cands)| cands.iter().find(|&&s| uses(s)).map(|&s| (*t, s)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_and_fold() {
        let f = Fold::from_pairs(vec![('營', '营'), ('業', '业'), ('發', '发'), ('髮', '发')]);
        let g = Fold::from_bytes(&f.to_bytes()).unwrap();
        assert_eq!(f, g);
        let mut s = "營業執照".to_string();
        g.apply(&mut s);
        assert_eq!(s, "营业執照");
        assert!(Fold::from_bytes(&[5, 1]).is_err());
    }

    #[test]
    fn only_what_the_catalogue_needs() {
        let table = parse_opencc("# c\n乾\t干 乾\n發\t发\n體\t体\n");
        let uses = |c: char| "干发乾".contains(c);
        assert_eq!(catalogue_pairs(&table, uses), vec![('發', '发')]);
    }
}
