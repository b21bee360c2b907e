//! Everyday names for official terms (政务俗称): 公租房 for 公共租赁住房,
//! 开饭馆's 饭馆 for 食品经营, KTV for 娱乐场所. Unlike synonyms they only
//! go one way: a query naming the everyday thing is also read with the
//! formal term, never the other way round (a query for 食品经营 gains
//! nothing from 饭馆, which no catalogue uses).
//!
//! File format (`data/colloquial.txt`, and a site's own files), one formal
//! term per line:
//!
//! ```text
//! 公共租赁住房 ← 公租房 廉租房 | 《公共租赁住房管理办法》
//! ```
//!
//! the formal term, `←` (or `<-`), the everyday names separated by spaces,
//! then optionally `|` and where the formal term comes from. `#` starts a
//! comment. The index keeps only the lines whose formal term the catalogue
//! uses, in the same bytes as synonym groups (formal term first).

use super::normalize;
use super::synonyms::{MAX_GROUP_TERMS, MAX_TERM_CHARS};
use crate::bytes::{put_str, put_varint, Cursor, DecodeError};

/// Most formal and everyday terms a built index keeps (docs/limits.md).
pub const MAX_COLLOQUIAL_TERMS: usize = 40_000;

/// Most readings tried for one query.
pub const MAX_READINGS: usize = 8;

/// One line: a formal term and its everyday names, normalized.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    /// The term the catalogue uses (公共租赁住房).
    pub formal: String,
    /// What people call it (公租房).
    pub everyday: Vec<String>,
}

/// An everyday name found in a query: its byte range and the formal term.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Found<'a> {
    /// Byte offset of the everyday name in the query.
    pub start: usize,
    /// Byte offset just past it.
    pub end: usize,
    /// The formal term it stands for.
    pub formal: &'a str,
}

/// Entries of one or more lexicon files.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Colloquial {
    entries: Vec<Entry>,
    /// Every everyday name by its first character, as (character, entry,
    /// name), sorted: `find` looks only at the names that can begin at
    /// each character of a query, not for every name in the whole query
    /// (2,003 terms at district size, a searcher each).
    first: Vec<(char, u32, u32)>,
}

impl Colloquial {
    fn new(entries: Vec<Entry>) -> Colloquial {
        let mut c = Colloquial {
            entries,
            first: Vec::new(),
        };
        c.index();
        c
    }

    fn index(&mut self) {
        self.first.clear();
        for (k, e) in self.entries.iter().enumerate() {
            for (j, n) in e.everyday.iter().enumerate() {
                if let Some(c) = n.chars().next() {
                    self.first.push((c, k as u32, j as u32));
                }
            }
        }
        super::sort_by(&mut self.first, |a, b| a < b);
    }

    /// Parses a lexicon file; every malformed line is one
    /// `source:line: …` message.
    pub fn parse(text: &str, source: &str) -> Result<Colloquial, Vec<String>> {
        let mut entries = Vec::new();
        let mut errors = Vec::new();
        for (i, raw) in text.lines().enumerate() {
            let line = raw.split('#').next().unwrap_or("").trim();
            if line.is_empty() {
                continue;
            }
            let at = format!("{source}:{}", i + 1);
            match parse_line(line) {
                Ok(e) => entries.push(e),
                Err(m) => errors.push(format!("{at}: {m}")),
            }
        }
        if errors.is_empty() {
            Ok(Colloquial::new(entries))
        } else {
            Err(errors)
        }
    }

    /// Adds the entries of `other`.
    pub fn extend(&mut self, other: Colloquial) {
        self.entries.extend(other.entries);
        self.index();
    }

    /// Keeps the entries whose formal term `occurs` accepts: an everyday
    /// name can only lead to a term the catalogue uses.
    pub fn retain_used(&mut self, occurs: impl Fn(&str) -> bool) {
        self.entries.retain(|e| occurs(&e.formal));
        self.index();
    }

    /// Formal terms.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// No formal term kept (a catalogue that uses none of them).
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Formal and everyday terms in all.
    pub fn terms(&self) -> usize {
        self.entries.iter().map(|e| 1 + e.everyday.len()).sum()
    }

    /// The entries, in file order.
    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    /// The everyday names in normalized text, longest first where two
    /// overlap (廉租房 rather than 租房), each with every formal term it
    /// names, in text order.
    pub fn find<'a>(&'a self, norm: &str) -> Vec<Found<'a>> {
        let mut all: Vec<(usize, usize, &'a str, usize)> = Vec::new();
        for (i, c) in norm.char_indices() {
            let from = self.first.partition_point(|x| x.0 < c);
            for &(_, k, j) in self.first[from..].iter().take_while(|x| x.0 == c) {
                let Some(e) = self.entries.get(k as usize) else {
                    continue;
                };
                let Some(name) = e.everyday.get(j as usize) else {
                    continue;
                };
                let end = i + name.len();
                if !norm[i..].starts_with(name.as_str())
                    || latin_cut(norm, i, end)
                    || within_formal(norm, i, name, &e.formal)
                {
                    continue;
                }
                // Overlapping occurrences of one name are taken once,
                // as a substring search would (the first).
                if all.iter().any(|a| {
                    a.3 == k as usize
                        && a.1 > i
                        && a.1 - a.0 == name.len()
                        && &norm[a.0..a.1] == name.as_str()
                }) {
                    continue;
                }
                all.push((i, end, e.formal.as_str(), k as usize));
            }
        }
        // Longer names first, then text order, then file order.
        super::sort_by(&mut all, |a, b| {
            (b.1 - b.0, a.0, a.3) < (a.1 - a.0, b.0, b.3)
        });
        let mut taken: Vec<(usize, usize)> = Vec::new();
        let mut out: Vec<(usize, usize, &'a str, usize)> = Vec::new();
        for f in all {
            let overlaps = taken.iter().any(|&(s, e)| f.0 < e && s < f.1);
            let same_span = out.iter().any(|o| o.0 == f.0 && o.1 == f.1);
            if overlaps && !same_span {
                continue;
            }
            if !out.iter().any(|o| (o.0, o.1, o.2) == (f.0, f.1, f.2)) {
                taken.push((f.0, f.1));
                out.push(f);
            }
        }
        super::sort_by(&mut out, |a, b| (a.0, a.3) < (b.0, b.3));
        out.into_iter()
            .map(|(start, end, formal, _)| Found { start, end, formal })
            .collect()
    }

    /// The query read with formal terms: every everyday name replaced by
    /// its first formal term, then each further formal term of one name
    /// on its own, without repeats and at most [`MAX_READINGS`]. Each comes
    /// with the names it replaced and by what.
    pub fn readings(&self, norm: &str) -> Vec<(String, Vec<(String, String)>)> {
        let found = self.find(norm);
        // Whether `found[k]` is the first formal term of its span.
        let first = |k: usize| {
            !found[..k]
                .iter()
                .any(|g| (g.start, g.end) == (found[k].start, found[k].end))
        };
        let rewrite = |pick: &dyn Fn(usize) -> bool| {
            let mut out = String::with_capacity(norm.len() * 2);
            let mut said = Vec::new();
            let mut at = 0;
            for (k, f) in found.iter().enumerate() {
                if f.start < at || !pick(k) {
                    continue;
                }
                out.push_str(&norm[at..f.start]);
                out.push_str(f.formal);
                said.push((norm[f.start..f.end].to_string(), f.formal.to_string()));
                at = f.end;
            }
            out.push_str(&norm[at..]);
            (out, said)
        };
        let mut out: Vec<(String, Vec<(String, String)>)> = Vec::new();
        if found.is_empty() {
            return out;
        }
        out.push(rewrite(&first));
        for k in 0..found.len() {
            if first(k) {
                continue;
            }
            let span = (found[k].start, found[k].end);
            let alt = rewrite(&|j| j == k || (first(j) && (found[j].start, found[j].end) != span));
            if !out.iter().any(|o| o.0 == alt.0) {
                out.push(alt);
            }
            if out.len() >= MAX_READINGS {
                break;
            }
        }
        out.retain(|a| a.0 != norm);
        out
    }

    /// Section bytes: those of synonym groups, each formal term first.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::new();
        put_varint(&mut out, self.entries.len() as u64);
        for e in &self.entries {
            put_varint(&mut out, 1 + e.everyday.len() as u64);
            put_str(&mut out, &e.formal);
            for t in &e.everyday {
                put_str(&mut out, t);
            }
        }
        out
    }

    /// Reads [`Colloquial::to_bytes`]; bad bytes are an error, never a panic.
    pub fn from_bytes(b: &[u8]) -> Result<Colloquial, DecodeError> {
        let mut c = Cursor::new(b, "colloquial names");
        let n = c.len(b.len())?;
        let mut entries = Vec::with_capacity(n);
        let mut total = 0;
        for _ in 0..n {
            let m = c.len(b.len())?;
            total += m;
            if !(2..=MAX_GROUP_TERMS).contains(&m) || total > MAX_COLLOQUIAL_TERMS {
                return Err(DecodeError(format!(
                    "colloquial names: an entry of {m} terms, {total} in all (2 to {MAX_GROUP_TERMS} in an entry, {MAX_COLLOQUIAL_TERMS} in all)"
                )));
            }
            let mut terms = Vec::with_capacity(m);
            for _ in 0..m {
                let t = c.str()?;
                if t.is_empty() || t.chars().count() > MAX_TERM_CHARS {
                    return Err(DecodeError(format!(
                        "colloquial names: a term of {} characters (1 to {MAX_TERM_CHARS})",
                        t.chars().count()
                    )));
                }
                terms.push(t.to_string());
            }
            let formal = terms.remove(0);
            entries.push(Entry {
                formal,
                everyday: terms,
            });
        }
        Ok(Colloquial::new(entries))
    }
}

/// Whether the name at `start` is part of its formal term written out
/// (身份证 in 居民身份证): the text already says it formally.
fn within_formal(text: &str, start: usize, name: &str, formal: &str) -> bool {
    formal.match_indices(name).any(|(k, _)| {
        start >= k && text.is_char_boundary(start - k) && text[start - k..].starts_with(formal)
    })
}

/// A Latin or number name (ktv, 4s) found inside a longer Latin word.
fn latin_cut(text: &str, start: usize, end: usize) -> bool {
    let alnum = |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphanumeric());
    let first = text[start..end].chars().next();
    let last = text[start..end].chars().next_back();
    (alnum(first) && alnum(text[..start].chars().next_back()))
        || (alnum(last) && alnum(text[end..].chars().next()))
}

fn parse_line(line: &str) -> Result<Entry, String> {
    let (head, rest) = line
        .split_once('←')
        .or_else(|| line.split_once("<-"))
        .ok_or("no ← (or <-) between the formal term and its everyday names")?;
    let names = rest.split('|').next().unwrap_or("");
    let formal = normalize(head.trim());
    if formal.is_empty() {
        return Err("no formal term before ←".into());
    }
    if formal.contains(super::normalize::SEP) {
        return Err(format!(
            "the formal term {:?} holds a space or punctuation",
            head.trim()
        ));
    }
    let mut everyday: Vec<String> = Vec::new();
    for t in names.split_whitespace() {
        let n = normalize(t);
        if n.is_empty() {
            return Err(format!(
                "the everyday name {t:?} has no letters or characters"
            ));
        }
        if n.contains(super::normalize::SEP) {
            return Err(format!("the everyday name {t:?} holds punctuation"));
        }
        if n == formal {
            return Err(format!("the everyday name {t:?} is the formal term itself"));
        }
        if !everyday.contains(&n) {
            everyday.push(n);
        }
    }
    if everyday.is_empty() {
        return Err(format!("no everyday names after ← for {:?}", head.trim()));
    }
    if everyday.len() + 1 > MAX_GROUP_TERMS {
        return Err(format!(
            "{} everyday names, at most {}",
            everyday.len(),
            MAX_GROUP_TERMS - 1
        ));
    }
    if let Some(t) = std::iter::once(&formal)
        .chain(&everyday)
        .find(|t| t.chars().count() > MAX_TERM_CHARS)
    {
        return Err(format!(
            "the term {t:?} is longer than {MAX_TERM_CHARS} characters"
        ));
    }
    Ok(Entry { formal, everyday })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_find_read_round_trip() {
        let c = Colloquial::parse(
            "# c\n公共租赁住房 ← 公租房 | 《公共租赁住房管理办法》\n娱乐场所 <- KTV 歌厅\n食品经营 ← 饭馆\n餐饮服务 ← 饭馆\n",
            "t",
        )
        .unwrap();
        assert_eq!(c.len(), 4);
        assert_eq!(c.terms(), 9);
        let texts = |q: &str| -> Vec<String> { c.readings(q).into_iter().map(|r| r.0).collect() };
        assert_eq!(texts("申请公租房"), vec!["申请公共租赁住房"]);
        assert_eq!(texts("开ktv"), vec!["开娱乐场所"]);
        assert!(texts("ktvx").is_empty());
        assert_eq!(texts("开饭馆"), vec!["开食品经营", "开餐饮服务"]);
        assert_eq!(
            c.readings("开饭馆")[1].1,
            vec![("饭馆".to_string(), "餐饮服务".to_string())]
        );
        assert!(c.readings("食品经营").is_empty());
        assert_eq!(Colloquial::from_bytes(&c.to_bytes()).unwrap(), c);
    }

    /// `find` by first character gives what a search for every name in
    /// the whole text gave: repeated and overlapping names, a longer name
    /// over a shorter one, names after `extend` and `retain_used`.
    #[test]
    fn find_by_first_character_is_a_substring_search() {
        let mut c = Colloquial::parse("廉租住房 ← 廉租房\n住房租赁 ← 租房 房房\n", "a").unwrap();
        c.extend(Colloquial::parse("娱乐场所 ← 歌厅\n", "b").unwrap());
        let spans = |c: &Colloquial, t: &str| -> Vec<(usize, usize, String)> {
            c.find(t)
                .into_iter()
                .map(|f| (f.start, f.end, f.formal.to_string()))
                .collect()
        };
        let t = "廉租房和租房歌厅";
        assert_eq!(
            spans(&c, t),
            [
                (0, 9, "廉租住房".into()),
                (12, 18, "住房租赁".into()),
                (18, 24, "娱乐场所".into())
            ]
        );
        // 房房房: the first two, not the overlapping second pair.
        assert_eq!(spans(&c, "房房房"), [(0, 6, "住房租赁".into())]);
        c.retain_used(|f| f == "娱乐场所");
        assert_eq!(spans(&c, t), [(18, 24, "娱乐场所".into())]);
    }

    #[test]
    fn malformed_lines_name_their_line() {
        let e =
            Colloquial::parse("甲 ← 乙\n没有箭头\n丙 ←\n ← 丁\n戊 ← 戊\n", "f.txt").unwrap_err();
        assert_eq!(e.len(), 4, "{e:?}");
        assert!(e[0].starts_with("f.txt:2: no ←"), "{e:?}");
        assert!(e[1].starts_with("f.txt:3: no everyday names"), "{e:?}");
        assert!(e[2].starts_with("f.txt:4: no formal term"), "{e:?}");
        assert!(e[3].starts_with("f.txt:5: the everyday name"), "{e:?}");
    }
}
