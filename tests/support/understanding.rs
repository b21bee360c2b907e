//! The held-out query generator for query understanding, shared by
//! tests/query_understanding.rs and examples/understanding_queries.rs
//! (each includes it with `#[path = …] mod understanding;`). Queries are
//! made from the matters' names by a fixed rule, not chosen to pass.

use std::collections::HashMap;
use std::sync::OnceLock;

use matter_search::analysis::{self, normalize};
use matter_search::{Catalogue, Index};

/// OpenCC's simplified → traditional table (first candidate), to make
/// traditional queries from simplified ones.
pub fn to_traditional(s: &str) -> String {
    static T: OnceLock<HashMap<char, char>> = OnceLock::new();
    let t = T.get_or_init(|| {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/data/opencc/STCharacters.txt");
        let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{path}: {e}"));
        analysis::fold::parse_opencc(&text)
            .into_iter()
            .map(|(k, v)| (k, v[0]))
            .collect()
    });
    s.chars().map(|c| *t.get(&c).unwrap_or(&c)).collect()
}

/// Each character's most usual reading from the `pinyin` crate: what a
/// user who ignores context would type (heteronyms in context still match).
pub fn pinyin_of(s: &str, initials: bool) -> Option<String> {
    use pinyin::ToPinyin;
    let mut out = String::new();
    for c in s.chars() {
        if c == ' ' || c.is_ascii_alphanumeric() {
            out.push(c);
            continue;
        }
        let p = c.to_pinyin()?;
        let plain = p.plain().replace('ü', "v");
        if initials {
            out.push_str(&plain[..1]);
        } else {
            out.push_str(&plain);
        }
    }
    Some(out)
}

/// The query for a name: its shortest run of leading words (at least two,
/// as cut by the index's own lexicon) that no other distinct name starts
/// with; the whole name when every prefix is shared. Returns (query,
/// normalized name) per distinct normalized name, sorted by name.
pub fn queries(idx: &Index<'_>, cat: &Catalogue) -> Vec<(String, String)> {
    let mut names: Vec<String> = cat.matters.iter().map(|m| normalize(&m.name)).collect();
    names.sort();
    names.dedup();
    let mut out = Vec::new();
    for name in &names {
        let ends: Vec<usize> = analysis::words(name, idx.lexicon())
            .iter()
            .map(|t| t.end)
            .collect();
        let mut q = name.as_str();
        for (i, &end) in ends.iter().enumerate() {
            q = &name[..end];
            if i >= 1 && !names.iter().any(|o| o != name && o.starts_with(q)) {
                break;
            }
        }
        out.push((q.to_string(), name.clone()));
    }
    out
}
