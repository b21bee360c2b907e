//! Bytes a browser would fetch per query from a split index, by file kind,
//! computed natively the way `pkg/split.js` plans them (search → missing
//! files → fetch → search again, then the records of the hits shown):
//!
//! `cargo run --release --example split_bytes -- DIR QUERIES.json [LIMIT]`
//!
//! QUERIES.json is what `bench/scale-queries.mjs` writes. The root counts
//! towards the first query. Prints, for the first query of the mix and for
//! the median further query (files already fetched are cached), the stored
//! bytes by file kind (the tag before the first `-` of the name).

use std::collections::BTreeMap;
use std::path::Path;

use matter_search::{Index, Query};

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.len() < 3 {
        eprintln!("usage: split_bytes DIR QUERIES.json [LIMIT]");
        std::process::exit(2);
    }
    let dir = Path::new(&args[1]);
    let limit: usize = args.get(3).and_then(|s| s.parse().ok()).unwrap_or(10);
    let qjson: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&args[2]).expect("queries file"))
            .expect("queries JSON");
    let queries: Vec<String> = qjson["queries"]
        .as_array()
        .expect("queries array")
        .iter()
        .filter_map(|q| q["q"].as_str().map(str::to_string))
        .collect();
    let entry = std::fs::read_to_string(dir.join("entry.json")).expect("entry.json");
    let root = matter_search::index::split::root_name(&entry).expect("root name");
    let stored_root = std::fs::read(dir.join(&root)).expect("root file");
    let raw = matter_search::index::split::inflate_raw(&stored_root).expect("root inflates");
    let idx = Index::from_vec(raw).expect("root opens");

    let mut per_query: Vec<BTreeMap<String, usize>> = Vec::new();
    for (qi, q) in queries.iter().enumerate() {
        let mut bytes: BTreeMap<String, usize> = BTreeMap::new();
        if qi == 0 {
            bytes.insert("root".into(), stored_root.len());
        }
        let fetch = |idx: &Index<'_>, bytes: &mut BTreeMap<String, usize>| -> bool {
            let missing = idx.take_missing();
            for name in &missing {
                let stored = std::fs::read(dir.join(name)).expect("file");
                *bytes
                    .entry(name.split('-').next().unwrap_or("?").to_string())
                    .or_default() += stored.len();
                idx.add_stored_file(name, &stored).expect("file adds");
            }
            !missing.is_empty()
        };
        let query = Query::new(q).limit(limit);
        let mut rounds = 0;
        let hits = loop {
            let r = idx.search(&query);
            rounds += 1;
            if !fetch(&idx, &mut bytes) || rounds > 16 {
                break r;
            }
        };
        for h in &hits.hits {
            if let Some(d) = idx.find_id(&h.id) {
                let _ = idx.matter_json(d);
            }
        }
        fetch(&idx, &mut bytes);
        per_query.push(bytes);
    }
    let total = |m: &BTreeMap<String, usize>| m.values().sum::<usize>();
    let first = &per_query[0];
    println!(
        "first query {:?}: {} bytes {:?}",
        queries[0],
        total(first),
        first
    );
    let mut rest: Vec<(usize, usize)> = per_query
        .iter()
        .enumerate()
        .skip(1)
        .map(|(i, m)| (total(m), i))
        .collect();
    rest.sort_unstable();
    if !rest.is_empty() {
        let (med, i) = rest[rest.len() / 2];
        let (p90, j) = rest[rest.len() * 9 / 10];
        println!(
            "further median {med} bytes (query {:?}) {:?}",
            queries[i], per_query[i]
        );
        println!(
            "further p90 {p90} bytes (query {:?}) {:?}",
            queries[j], per_query[j]
        );
        println!(
            "further max {} bytes (query {:?})",
            rest[rest.len() - 1].0,
            queries[rest[rest.len() - 1].1]
        );
    }
    // Cold cost of each query on its own (a fresh root each time), the
    // figure that matters for a visitor's first query.
    let mut cold: Vec<(usize, String, BTreeMap<String, usize>)> = Vec::new();
    let mut round_counts: Vec<usize> = Vec::new();
    for q in queries.iter().take(60) {
        let raw = matter_search::index::split::inflate_raw(&stored_root).expect("root inflates");
        let idx = Index::from_vec(raw).expect("root opens");
        let mut bytes: BTreeMap<String, usize> = BTreeMap::new();
        bytes.insert("root".into(), stored_root.len());
        let query = Query::new(q).limit(limit);
        for round in 0..16 {
            let r = idx.search(&query);
            let missing = idx.take_missing();
            if missing.is_empty() {
                for h in &r.hits {
                    if let Some(d) = idx.find_id(&h.id) {
                        let _ = idx.matter_json(d);
                    }
                }
                let records = idx.take_missing();
                for name in &records {
                    let stored = std::fs::read(dir.join(name)).expect("file");
                    *bytes.entry("docs".into()).or_default() += stored.len();
                }
                round_counts.push(round + usize::from(!records.is_empty()));
                break;
            }
            for name in &missing {
                let stored = std::fs::read(dir.join(name)).expect("file");
                *bytes
                    .entry(name.split('-').next().unwrap_or("?").to_string())
                    .or_default() += stored.len();
                idx.add_stored_file(name, &stored).expect("file adds");
            }
        }
        cold.push((total(&bytes), q.clone(), bytes));
    }
    cold.sort_by_key(|c| c.0);
    round_counts.sort_unstable();
    if let (Some(lo), Some(hi)) = (round_counts.first(), round_counts.last()) {
        println!(
            "rounds of fetching per cold query: median {}, min {lo}, max {hi}",
            round_counts[round_counts.len() / 2]
        );
    }
    let med = &cold[cold.len() / 2];
    let p90 = &cold[cold.len() * 9 / 10];
    println!(
        "cold (first 60 queries, each from a bare root): median {} bytes {:?} {:?}",
        med.0, med.1, med.2
    );
    println!("cold p90 {} bytes {:?} {:?}", p90.0, p90.1, p90.2);
    println!(
        "cold max {} bytes {:?} {:?}",
        cold[cold.len() - 1].0,
        cold[cold.len() - 1].1,
        cold[cold.len() - 1].2
    );
}
