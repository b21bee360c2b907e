//! Everyday questions over the real district catalogue and data/ (issue 12):
//! loads the development sets in `tests/everyday/`, checks that every judged
//! id exists in its catalogue, and reports MRR@10 of today's `Index::search`
//! per set and per half. A report, not a threshold:
//! `cargo test --release --features dict --test everyday -- --nocapture`.
#![cfg(feature = "dict")]

mod common;

use std::collections::HashSet;

use matter_search::{Catalogue, Index, IndexBuilder, LoadOptions, Query};

const DATA: &str = env!("CARGO_MANIFEST_DIR");

/// One judged query of a development set.
struct Case {
    q: String,
    relevant: Vec<String>,
    held: bool,
}

fn read(rel: &str) -> String {
    let path = format!("{DATA}/{rel}");
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// Parses a `.jsonl` set; every problem is reported with its line number.
fn load(rel: &str) -> Vec<Case> {
    let mut cases = Vec::new();
    let mut errors = Vec::new();
    for (i, line) in read(rel).lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let at = format!("{rel}:{}", i + 1);
        let v: serde_json::Value = match serde_json::from_str(line) {
            Ok(v) => v,
            Err(e) => {
                errors.push(format!("{at}: {e}"));
                continue;
            }
        };
        let q = v.get("q").and_then(|x| x.as_str()).unwrap_or("");
        let relevant: Vec<String> = v
            .get("relevant")
            .and_then(|x| x.as_array())
            .map(|a| {
                a.iter()
                    .filter_map(|x| x.as_str().map(str::to_string))
                    .collect()
            })
            .unwrap_or_default();
        let half = v.get("half").and_then(|x| x.as_str()).unwrap_or("");
        if q.trim().is_empty() || relevant.is_empty() || !matches!(half, "dev" | "held") {
            errors.push(format!(
                "{at}: needs a \"q\", a non-empty \"relevant\" and \"half\": dev|held"
            ));
            continue;
        }
        cases.push(Case {
            q: q.to_string(),
            relevant,
            held: half == "held",
        });
    }
    assert!(errors.is_empty(), "{}", errors.join("\n"));
    cases
}

/// Fails on any judged id the catalogue does not hold, and on a repeated query.
fn check_ids(name: &str, cases: &[Case], cat: &Catalogue) {
    let ids: HashSet<&str> = cat.matters.iter().map(|m| m.id.as_str()).collect();
    let mut seen = HashSet::new();
    let mut bad = Vec::new();
    for c in cases {
        if !seen.insert(c.q.as_str()) {
            bad.push(format!("{name}: query {} appears twice", c.q));
        }
        for id in &c.relevant {
            if !ids.contains(id.as_str()) {
                bad.push(format!("{name}: {}: no matter {id}", c.q));
            }
        }
    }
    assert!(bad.is_empty(), "{}", bad.join("\n"));
}

/// Reciprocal rank of the first relevant hit in the top 10 (0 if none).
fn reciprocal_rank(idx: &Index<'_>, c: &Case) -> f64 {
    let r = idx.search(&Query::new(&c.q).limit(10));
    r.hits
        .iter()
        .position(|h| c.relevant.contains(&h.id))
        .map_or(0.0, |p| 1.0 / (p as f64 + 1.0))
}

/// Prints MRR@10 for the whole set and each half, and the misses of `dev`.
fn report(name: &str, cases: &[Case], idx: &Index<'_>) {
    let rr: Vec<(bool, f64)> = cases
        .iter()
        .map(|c| (c.held, reciprocal_rank(idx, c)))
        .collect();
    let mrr = |pick: &dyn Fn(bool) -> bool| {
        let v: Vec<f64> = rr.iter().filter(|x| pick(x.0)).map(|x| x.1).collect();
        (v.iter().sum::<f64>() / v.len().max(1) as f64, v.len())
    };
    let (all, n) = mrr(&|_| true);
    let (dev, nd) = mrr(&|h| !h);
    let (held, nh) = mrr(&|h| h);
    println!(
        "everyday {name}: MRR@10 {all:.3} ({n} queries); dev {dev:.3} ({nd}); held {held:.3} ({nh})"
    );
    // EVERYDAY_SHOW=1: the dev queries that miss, and what those that miss
    // the top place find instead (the held half is never shown). Not by
    // default: whoever writes the everyday-names lexicon runs this test
    // for its figures and must not see the queries.
    if std::env::var_os("EVERYDAY_SHOW").is_some() {
        let missed: Vec<&str> = cases
            .iter()
            .zip(&rr)
            .filter(|(c, r)| !c.held && r.1 == 0.0)
            .map(|(c, _)| c.q.as_str())
            .collect();
        println!(
            "  dev queries with no relevant hit in the top 10: {}",
            missed.join(" ")
        );
        for (c, r) in cases.iter().zip(&rr) {
            if c.held || r.1 == 1.0 {
                continue;
            }
            let res = idx.search(&Query::new(&c.q).limit(3));
            let top: Vec<String> = res
                .hits
                .iter()
                .map(|h| format!("{}[{:?}/{:?}]", h.name, h.tier, h.via))
                .collect();
            let want: Vec<String> = c
                .relevant
                .iter()
                .filter_map(|id| {
                    let d =
                        (0..idx.len() as u32).find(|&d| idx.doc(d).is_ok_and(|x| x.id == id))?;
                    idx.doc(d).ok().map(|x| x.name.to_string())
                })
                .collect();
            println!(
                "  {} rr={:.2} partial={} words={:?}\n    got: {}\n    want: {}",
                c.q,
                r.1,
                res.partial,
                res.words,
                top.join(" | "),
                want.join(" | ")
            );
        }
    }
}

#[test]
fn district_everyday_queries() {
    let cases = load("tests/everyday/district.jsonl");
    let cat = common::district::district_catalogue();
    check_ids("district", &cases, &cat);
    assert!(cases.len() >= 150, "{} district queries", cases.len());
    let bytes = IndexBuilder::new().build(&cat).expect("district index");
    let idx = Index::from_bytes(&bytes).expect("district index loads");
    report("district", &cases, &idx);
}

#[test]
fn mofcom_everyday_queries() {
    let cases = load("tests/everyday/mofcom.jsonl");
    let path = format!("{DATA}/data/mofcom.json");
    let cat = Catalogue::load_files(&[path], &LoadOptions { strict: true })
        .expect("data/mofcom.json loads")
        .catalogue;
    check_ids("mofcom", &cases, &cat);
    assert!(cases.len() >= 60, "{} data/ queries", cases.len());
    let mut b = IndexBuilder::new();
    b.user_dictionary(&read("data/user-dict.txt"), "user-dict")
        .expect("user dictionary parses");
    b.synonyms(&read("data/synonyms.txt"), "synonyms")
        .expect("synonyms parse");
    let bytes = b.build(&cat).expect("data/ index");
    let idx = Index::from_bytes(&bytes).expect("data/ index loads");
    report("mofcom", &cases, &idx);
}

/// The id check must catch a bad id, or the report could silently lie.
#[test]
#[should_panic(expected = "no matter")]
fn a_judged_id_missing_from_the_catalogue_fails() {
    let cat = common::district::district_catalogue();
    let cases = vec![Case {
        q: "开饭馆".into(),
        relevant: vec!["no-such-id".into()],
        held: false,
    }];
    check_ids("district", &cases, &cat);
}
