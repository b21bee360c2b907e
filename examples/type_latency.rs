//! Native, warm latency per query type over the queries `bench/query-types.mjs`
//! times in WebAssembly (the jsonl `examples/query_types.rs` writes), to find
//! what is slow without a WASM build:
//! `cargo run --release --example type_latency -- INDEX QUERIES.jsonl [TYPE] [REPEATS]`.
//! Prints p50/p99/max per type in milliseconds and the ten slowest queries
//! of TYPE (or of every type).

use std::time::Instant;

use matter_search::{Index, Query};

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.len() < 3 {
        eprintln!("usage: type_latency INDEX QUERIES.jsonl [TYPE] [REPEATS]");
        std::process::exit(2);
    }
    let bytes = std::fs::read(&args[1]).unwrap_or_else(|e| panic!("{}: {e}", args[1]));
    let idx = Index::from_bytes(&bytes).unwrap_or_else(|e| panic!("{}: {e}", args[1]));
    let text = std::fs::read_to_string(&args[2]).unwrap_or_else(|e| panic!("{}: {e}", args[2]));
    let only = args.get(3).filter(|t| !t.is_empty() && *t != "all");
    let reps: usize = args.get(4).and_then(|s| s.parse().ok()).unwrap_or(3);
    let mut types: Vec<(String, Vec<String>)> = Vec::new();
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        let v: serde_json::Value = serde_json::from_str(line).expect("a JSON line");
        let (Some(q), Some(t)) = (v["q"].as_str(), v["type"].as_str()) else {
            continue;
        };
        match types.iter_mut().find(|(name, _)| name == t) {
            Some((_, qs)) => qs.push(q.to_string()),
            None => types.push((t.to_string(), vec![q.to_string()])),
        }
    }
    let mut slow: Vec<(f64, String, String)> = Vec::new();
    println!(
        "{:<28} {:>6} {:>8} {:>8} {:>8}",
        "type", "n", "p50", "p99", "max"
    );
    for (t, qs) in &types {
        let mut times: Vec<f64> = Vec::new();
        for q in qs {
            let query = Query::new(q.clone()).limit(10);
            idx.search(&query);
            let mut best = f64::MAX;
            for _ in 0..reps {
                let start = Instant::now();
                std::hint::black_box(idx.search(&query));
                best = best.min(start.elapsed().as_secs_f64() * 1e3);
            }
            times.push(best);
            if only.is_none_or(|o| o == t) {
                slow.push((best, t.clone(), q.clone()));
            }
        }
        times.sort_by(f64::total_cmp);
        let at = |p: f64| times[((times.len() as f64 * p) as usize).min(times.len() - 1)];
        println!(
            "{t:<28} {:>6} {:>8.3} {:>8.3} {:>8.3}",
            times.len(),
            at(0.5),
            at(0.99),
            times[times.len() - 1]
        );
    }
    slow.sort_by(|a, b| b.0.total_cmp(&a.0));
    for (ms, t, q) in slow.iter().take(10) {
        println!("{ms:>8.3} ms  {t}: {q}");
    }
}
