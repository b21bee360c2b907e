//! Recall and ranking on a real catalogue nobody here wrote: the 1,135
//! matters of 广安区 (Sichuan), converted by `tests/common/district.rs`.
// Native only: wasm-pack test builds every test target for wasm32.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use std::collections::HashSet;
use std::sync::OnceLock;

use common::district::district_catalogue;
use matter_search::analysis::{self, normalize};
use matter_search::{Catalogue, Index, IndexBuilder, Query};
use proptest::prelude::*;

fn fixture() -> &'static (Catalogue, Vec<u8>) {
    static F: OnceLock<(Catalogue, Vec<u8>)> = OnceLock::new();
    F.get_or_init(|| {
        let cat = district_catalogue();
        let bytes = IndexBuilder::new()
            .build(&cat)
            .expect("district catalogue builds");
        (cat, bytes)
    })
}

fn index() -> Index<'static> {
    Index::from_bytes(&fixture().1).expect("index opens")
}

fn han_chars(s: &str) -> Vec<char> {
    s.chars().collect()
}

#[test]
fn loads_and_validates_cleanly() {
    let (cat, _) = fixture();
    assert_eq!(cat.matters.len(), 1135);
    let errors: Vec<_> = cat
        .validate()
        .into_iter()
        .filter(|p| p.is_error())
        .collect();
    assert!(errors.is_empty(), "{errors:?}");
    assert_eq!(index().len(), 1135);
    assert_eq!(index().departments().len(), 34);
}

#[test]
fn build_is_deterministic() {
    let cat = district_catalogue();
    let a = IndexBuilder::new().build(&cat).unwrap();
    let b = IndexBuilder::new().build(&cat).unwrap();
    assert!(a == b, "same catalogue, different bytes");
}

/// An exact name puts that matter first in ≥ 99% of cases (names that
/// occur twice in the list can put only one of the two first).
#[test]
fn exact_name_first() {
    let (cat, _) = fixture();
    let idx = index();
    let mut first = 0;
    for m in &cat.matters {
        let res = idx.search(&Query::new(m.name.clone()).limit(3));
        let top = &res.hits[0];
        if top.id == m.id || top.name == m.name {
            first += 1;
        } else {
            eprintln!("exact name not first: {} → {}", m.name, top.name);
        }
    }
    let rate = first as f64 / cat.matters.len() as f64;
    eprintln!(
        "exact name first: {first}/{} = {rate:.4}",
        cat.matters.len()
    );
    assert!(rate >= 0.99, "{rate}");
}

/// Two words of a name put a matter containing both first (MRR ≥ 0.98).
/// Words come from the general dictionary, so this needs `--features dict`.
#[cfg_attr(not(feature = "dict"), ignore)]
#[test]
fn two_words_mrr() {
    let (cat, _) = fixture();
    let idx = index();
    let mut total = 0.0;
    let mut n = 0;
    for m in cat.matters.iter().step_by(3) {
        let norm = normalize(&m.name);
        let words: Vec<&str> = analysis::words(&norm, idx.lexicon())
            .iter()
            .map(|t| t.text)
            .filter(|w| w.chars().count() >= 2)
            .collect();
        if words.len() < 2 {
            continue;
        }
        // The first and the last word: the pair least likely to be adjacent.
        let (a, b) = (words[0], words[words.len() - 1]);
        if a == b {
            continue;
        }
        let q = format!("{a} {b}");
        let res = idx.search(&Query::new(q.clone()).limit(10));
        let rank = res
            .hits
            .iter()
            .position(|h| {
                let n = normalize(&h.name);
                n.contains(a) && n.contains(b)
            })
            .map(|p| 1.0 / (p as f64 + 1.0))
            .unwrap_or(0.0);
        if rank < 1.0 {
            eprintln!("{q}: first hit {:?}", res.hits.first().map(|h| &h.name));
        }
        total += rank;
        n += 1;
    }
    let mrr = total / n as f64;
    eprintln!("two-word MRR over {n} queries: {mrr:.4}");
    assert!(n > 200);
    assert!(mrr >= 0.98, "{mrr}");
}

/// A 3–6 character substring finds every matter containing it within the
/// top 10 whenever at most 10 contain it (recall@10 = 1.0).
#[test]
fn substring_recall_at_10() {
    let (cat, _) = fixture();
    let idx = index();
    let names: Vec<String> = cat.matters.iter().map(|m| normalize(&m.name)).collect();
    let mut seen = HashSet::new();
    let mut checked = 0;
    for (i, name) in names.iter().enumerate().step_by(2) {
        let chars = han_chars(name);
        for len in 3..=6usize {
            if chars.len() < len {
                continue;
            }
            // A few positions per length keeps the test quick but broad.
            for start in (0..=chars.len() - len).step_by(3) {
                let sub: String = chars[start..start + len].iter().collect();
                if sub.contains(' ') || !seen.insert(sub.clone()) {
                    continue;
                }
                let containing: Vec<usize> = names
                    .iter()
                    .enumerate()
                    .filter(|(_, n)| n.contains(&sub))
                    .map(|(j, _)| j)
                    .collect();
                if containing.len() > 10 {
                    continue;
                }
                let res = idx.search(&Query::new(sub.clone()).limit(10));
                let top: HashSet<u32> = res.hits.iter().map(|h| h.doc).collect();
                for j in &containing {
                    assert!(
                        top.contains(&(*j as u32)),
                        "{sub:?} (from {}): matter {} missing from top 10",
                        cat.matters[i].name,
                        cat.matters[*j].name
                    );
                }
                checked += 1;
            }
        }
    }
    eprintln!("substring recall@10 = 1.0 over {checked} substrings");
    assert!(checked > 1000);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]
    /// Every 2–6 character Han substring of every matter name finds that matter.
    #[test]
    fn every_han_substring_finds_its_matter(doc in 0usize..1135, start in 0usize..40, len in 2usize..=6) {
        let (cat, _) = fixture();
        let idx = index();
        let m = &cat.matters[doc];
        let chars: Vec<char> = m.name.chars().collect();
        prop_assume!(chars.len() >= len);
        let start = start % (chars.len() - len + 1);
        let sub: String = chars[start..start + len].iter().collect();
        prop_assume!(sub.chars().all(analysis::is_cjk));
        let res = idx.search(&Query::new(sub.clone()).limit(1135));
        prop_assert!(res.hits.iter().any(|h| h.id == m.id), "{sub:?} does not find {}", m.name);
    }
}
