//! Warm, in-process query latency over a fixed query mix, on a one-file
//! index or a split index (its folder or its `entry.json`):
//!
//! `cargo run --release --example scale_latency -- INDEX QUERIES.json [PASSES]`
//!
//! QUERIES.json is what `bench/scale-queries.mjs` writes:
//! `{"queries": [{"type", "q", "id"}, …]}`. Every query is run once to warm
//! up (a split index reads its files then), then PASSES times (default 5; the bench passes 3),
//! each timed with `Instant` around `Index::search` (top 10). Prints one JSON
//! object: open time, the cold first pass, and p50/p90/p99/mean in
//! microseconds over all samples and per query type.

use std::collections::BTreeMap;
use std::path::Path;
use std::time::Instant;

use matter_search::{Index, Query};

fn stats(mut v: Vec<f64>) -> serde_json::Value {
    v.sort_by(|a, b| a.partial_cmp(b).unwrap());
    let pct = |p: f64| {
        v[((p / 100.0) * v.len() as f64)
            .floor()
            .min(v.len() as f64 - 1.0) as usize]
    };
    serde_json::json!({
        "samples": v.len(),
        "p50": pct(50.0),
        "p90": pct(90.0),
        "p99": pct(99.0),
        "max": v[v.len() - 1],
        "mean": v.iter().sum::<f64>() / v.len() as f64,
    })
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.len() < 3 {
        eprintln!("usage: scale_latency INDEX QUERIES.json [PASSES]");
        std::process::exit(2);
    }
    let path = Path::new(&args[1]);
    let passes: usize = args.get(3).map(|s| s.parse().expect("PASSES")).unwrap_or(5);
    let qjson: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&args[2]).expect("queries file"))
            .expect("queries JSON");
    let queries: Vec<(String, String)> = qjson["queries"]
        .as_array()
        .expect("queries array")
        .iter()
        .map(|q| {
            (
                q["type"].as_str().unwrap().to_string(),
                q["q"].as_str().unwrap().to_string(),
            )
        })
        .collect();

    let t_open = Instant::now();
    let split = matter_search::index::split::is_split(path);
    let bytes;
    let index: Index<'_> = if split {
        matter_search::index::split::open(path)
            .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
    } else {
        bytes = std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        Index::from_bytes(&bytes).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
    };
    let open_ms = t_open.elapsed().as_secs_f64() * 1000.0;

    // Cold pass: the first time each query runs (a split index reads its files now).
    let mut cold = Vec::new();
    let mut empty = 0usize;
    for (_, q) in &queries {
        let t = Instant::now();
        let r = index.search(&Query::new(q.clone()).limit(10));
        cold.push(t.elapsed().as_secs_f64() * 1e6);
        if r.hits.is_empty() {
            empty += 1;
        }
    }
    let mut all = Vec::new();
    let mut by_type: BTreeMap<String, Vec<f64>> = BTreeMap::new();
    for _ in 0..passes {
        for (ty, q) in &queries {
            let t = Instant::now();
            let r = index.search(&Query::new(q.clone()).limit(10));
            let us = t.elapsed().as_secs_f64() * 1e6;
            std::hint::black_box(r);
            all.push(us);
            by_type.entry(ty.clone()).or_default().push(us);
        }
    }
    let types: serde_json::Map<String, serde_json::Value> =
        by_type.into_iter().map(|(k, v)| (k, stats(v))).collect();
    let out = serde_json::json!({
        "index": args[1],
        "split": split,
        "matters": index.len(),
        "queries": queries.len(),
        "passes": passes,
        "queries_without_hits": empty,
        "open_ms": open_ms,
        "cold_us": stats(cold),
        "warm_us": stats(all),
        "warm_us_by_type": types,
    });
    println!("{out}");
}
