//! Spelling: the catalogue's Latin words within a small edit distance of a
//! mistyped one. A bounded walk over the term FST with one row of the
//! Levenshtein table per byte, cut off as soon as every cell exceeds the
//! bound; small enough that the browser build needs no automaton crate.

use fst::raw::{Fst, Node};

/// The edit distance allowed for a word of `len` letters: none below 4,
/// 1 up to 7, 2 above.
pub fn allowed_edits(len: usize) -> u8 {
    match len {
        0..=3 => 0,
        4..=7 => 1,
        _ => 2,
    }
}

/// Keys of `fst` within `max` edits of `word` (by byte), with their value
/// and distance, closest first, at most `limit` of them.
pub fn near<D: AsRef<[u8]>>(
    fst: &Fst<D>,
    word: &str,
    max: u8,
    limit: usize,
) -> Vec<(String, u64, u8)> {
    let w = word.as_bytes();
    let max = max as usize;
    let mut out: Vec<(String, u64, u8)> = Vec::new();
    if max == 0 || w.is_empty() {
        return out;
    }
    let first: Vec<usize> = (0..=w.len()).collect();
    let mut key = Vec::new();
    walk(fst, fst.root(), 0, &first, w, max, &mut key, &mut out);
    super::sort_by(&mut out, |a, b| (a.2, &a.0) < (b.2, &b.0));
    out.truncate(limit);
    out
}

#[allow(clippy::too_many_arguments)]
fn walk<D: AsRef<[u8]>>(
    fst: &Fst<D>,
    node: Node<'_>,
    acc: u64,
    row: &[usize],
    w: &[u8],
    max: usize,
    key: &mut Vec<u8>,
    out: &mut Vec<(String, u64, u8)>,
) {
    if key.len() > w.len() + max {
        return;
    }
    if node.is_final() {
        let d = row[w.len()];
        if d <= max {
            if let Ok(k) = std::str::from_utf8(key) {
                let v = acc + node.final_output().value();
                out.push((k.to_string(), v, d as u8));
            }
        }
    }
    for t in node.transitions() {
        let mut next = Vec::with_capacity(row.len());
        next.push(row[0] + 1);
        for (j, &b) in w.iter().enumerate() {
            let sub = row[j] + usize::from(b != t.inp);
            next.push(sub.min(row[j + 1] + 1).min(next[j] + 1));
        }
        if next.iter().copied().min().unwrap_or(usize::MAX) > max {
            continue;
        }
        key.push(t.inp);
        walk(
            fst,
            fst.node(t.addr),
            acc + t.out.value(),
            &next,
            w,
            max,
            key,
            out,
        );
        key.pop();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_near_words() {
        let mut b = fst::MapBuilder::memory();
        for (i, k) in ["export", "import", "licence", "semiconductor"]
            .iter()
            .enumerate()
        {
            b.insert(k, i as u64).unwrap();
        }
        let m = fst::Map::new(b.into_inner().unwrap()).unwrap();
        let f = m.as_fst();
        assert_eq!(near(f, "lisence", 1, 5), vec![("licence".into(), 2, 1)]);
        assert_eq!(near(f, "exprot", 2, 5)[0].0, "export");
        assert!(near(f, "xyz", 1, 5).is_empty());
        assert_eq!(allowed_edits(3), 0);
        assert_eq!(allowed_edits(9), 2);
    }
}
