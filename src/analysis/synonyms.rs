//! Synonyms: everyday and official names for the same thing (外资 and
//! 外商投资, 外贸 and 对外贸易), from a synonym file compiled into the index.
//! A query containing one term is also tried with each other term of its
//! group; those matches rank below direct ones.

use super::normalize;
use crate::bytes::{put_str, put_varint, Cursor, DecodeError};

/// Most rewritten queries tried for one query.
pub const MAX_ALTERNATIVES: usize = 8;

/// Most terms in one group. Every query is compared with every term, and
/// a forged index with one huge group made each query take half a second.
pub const MAX_GROUP_TERMS: usize = 64;

/// Most terms in all groups together (docs/limits.md).
pub const MAX_SYNONYM_TERMS: usize = 20_000;

/// Most characters in one term.
pub const MAX_TERM_CHARS: usize = 32;

/// Groups of normalized terms that mean the same.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Synonyms {
    groups: Vec<Vec<String>>,
}

impl Synonyms {
    /// Parses a synonym file: one group per line, terms separated by
    /// spaces, commas or `=`; `#` starts a comment. Returns the lines that
    /// name fewer than two terms, as `source:line: …` messages.
    pub fn parse(text: &str, source: &str) -> Result<Synonyms, Vec<String>> {
        let mut groups = Vec::new();
        let mut errors = Vec::new();
        for (i, line) in text.lines().enumerate() {
            let line = line.split('#').next().unwrap_or("").trim();
            if line.is_empty() {
                continue;
            }
            let mut terms: Vec<String> = Vec::new();
            for t in line.split(|c: char| c.is_whitespace() || matches!(c, ',' | '，' | '=')) {
                let n = normalize(t);
                if !n.is_empty() && !terms.contains(&n) {
                    terms.push(n);
                }
            }
            if terms.len() < 2 {
                errors.push(format!(
                    "{source}:{}: a group needs two or more terms",
                    i + 1
                ));
            } else if terms.len() > MAX_GROUP_TERMS {
                errors.push(format!(
                    "{source}:{}: {} terms in one group, at most {MAX_GROUP_TERMS}",
                    i + 1,
                    terms.len()
                ));
            } else if let Some(t) = terms.iter().find(|t| t.chars().count() > MAX_TERM_CHARS) {
                errors.push(format!(
                    "{source}:{}: the term {t:?} is longer than {MAX_TERM_CHARS} characters",
                    i + 1
                ));
            } else {
                groups.push(terms);
            }
        }
        if errors.is_empty() {
            Ok(Synonyms { groups })
        } else {
            Err(errors)
        }
    }

    /// Adds the groups of `other`.
    pub fn extend(&mut self, other: Synonyms) {
        self.groups.extend(other.groups);
    }

    /// Keeps the groups with at least one term `occurs` accepts (a group
    /// the catalogue never uses cannot lead anywhere).
    pub fn retain_used(&mut self, occurs: impl Fn(&str) -> bool) {
        self.groups.retain(|g| g.iter().any(|t| occurs(t)));
    }

    /// How many synonym groups there are.
    pub fn len(&self) -> usize {
        self.groups.len()
    }

    /// Terms in all groups.
    pub fn terms(&self) -> usize {
        self.groups.iter().map(Vec::len).sum()
    }

    /// Whether there are no synonym groups.
    pub fn is_empty(&self) -> bool {
        self.groups.is_empty()
    }

    /// The query rewritten with each other term of every group one of whose
    /// terms it contains (longer terms first), without repeats.
    pub fn alternatives(&self, norm: &str) -> Vec<String> {
        let mut found: Vec<(&str, &Vec<String>, usize)> = Vec::new();
        for g in &self.groups {
            for t in g {
                if norm.contains(t.as_str()) {
                    found.push((t, g, found.len()));
                }
            }
        }
        // Longer terms first; ties in file order.
        super::sort_by(&mut found, |a, b| (b.0.len(), a.2) < (a.0.len(), b.2));
        let mut out: Vec<String> = Vec::new();
        let mut done: Vec<&str> = Vec::new();
        for (t, g, _) in found {
            // A term seen only inside a longer one already rewritten (外贸
            // in 对外贸易) is not a separate mention.
            let rest = done.iter().fold(norm.to_string(), |r, d| r.replace(d, " "));
            if !rest.contains(t) {
                continue;
            }
            done.push(t);
            for other in g {
                if other == t {
                    continue;
                }
                let alt = replace_in_context(norm, t, other);
                if alt != norm && !out.contains(&alt) {
                    out.push(alt);
                }
                if out.len() >= MAX_ALTERNATIVES {
                    return out;
                }
            }
        }
        out
    }

    /// Section bytes: `varint groups`, each `varint n, n × str`.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::new();
        put_varint(&mut out, self.groups.len() as u64);
        for g in &self.groups {
            put_varint(&mut out, g.len() as u64);
            for t in g {
                put_str(&mut out, t);
            }
        }
        out
    }

    /// Reads [`Synonyms::to_bytes`]; bad bytes are an error, never a panic.
    pub fn from_bytes(b: &[u8]) -> Result<Synonyms, DecodeError> {
        let mut c = Cursor::new(b, "synonyms");
        let n = c.len(b.len())?;
        let mut groups = Vec::with_capacity(n);
        let mut total = 0;
        for _ in 0..n {
            let m = c.len(b.len())?;
            total += m;
            if m > MAX_GROUP_TERMS || total > MAX_SYNONYM_TERMS {
                return Err(DecodeError(format!(
                    "synonyms: a group of {m} terms, {total} in all (at most {MAX_GROUP_TERMS} in a group, {MAX_SYNONYM_TERMS} in all)"
                )));
            }
            let mut g = Vec::with_capacity(m);
            for _ in 0..m {
                let t = c.str()?;
                if t.is_empty() || t.chars().count() > MAX_TERM_CHARS {
                    return Err(DecodeError(format!(
                        "synonyms: a term of {} characters (1 to {MAX_TERM_CHARS})",
                        t.chars().count()
                    )));
                }
                g.push(t.to_string());
            }
            groups.push(g);
        }
        Ok(Synonyms { groups })
    }
}

/// Replaces each `term` in `text` by `by`, except where `by` extends `term`
/// and the text around it already has that extension (外贸 in 对外贸意
/// does not become 对对外贸易意).
fn replace_in_context(text: &str, term: &str, by: &str) -> String {
    let (before, after) = match by.find(term) {
        Some(i) => (&by[..i], &by[i + term.len()..]),
        None => ("", ""),
    };
    let mut out = String::with_capacity(text.len() + by.len());
    let mut at = 0;
    for (i, _) in text.match_indices(term) {
        if i < at {
            continue;
        }
        let head = &text[..i];
        let tail = &text[i + term.len()..];
        let extended = before
            .chars()
            .next_back()
            .is_some_and(|c| head.ends_with(c))
            || after.chars().next().is_some_and(|c| tail.starts_with(c));
        out.push_str(&text[at..i]);
        out.push_str(if extended { term } else { by });
        at = i + term.len();
    }
    out.push_str(&text[at..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_rewrite_round_trip() {
        let s = Synonyms::parse("# c\n外资 外商投资\n外贸, 对外贸易\n", "t").unwrap();
        assert_eq!(s.alternatives("外资企业"), vec!["外商投资企业"]);
        assert_eq!(s.alternatives("对外贸易"), vec!["外贸"]);
        assert!(s.alternatives("拍卖").is_empty());
        assert!(s.alternatives("对外贸意").is_empty());
        assert_eq!(Synonyms::from_bytes(&s.to_bytes()).unwrap(), s);
        assert!(Synonyms::parse("孤\n", "t").is_err());
    }
}
