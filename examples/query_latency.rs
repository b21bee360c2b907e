//! Warm, in-process query latency on an index file, over substring queries
//! drawn from the matters' own names:
//! `cargo run --release --example query_latency -- INDEX [REPEATS]`.
//! Prints p50, p95 and mean in microseconds (wall clock; noisy on a busy
//! machine — for instruction counts run it under `valgrind --tool=callgrind`).

use std::time::Instant;
fn main() {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: query_latency INDEX [REPEATS]");
        std::process::exit(2);
    };
    let b = std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let idx = matter_search::Index::from_bytes(&b).unwrap_or_else(|e| panic!("{path}: {e}"));
    let mut qs = Vec::new();
    for i in 0..idx.len() as u32 {
        let d = idx.doc(i).unwrap();
        let c: Vec<char> = d.name.chars().collect();
        if c.len() >= 6 {
            qs.push(c[1..4].iter().collect::<String>());
            qs.push(c[c.len() - 5..c.len() - 1].iter().collect::<String>());
        }
    }
    qs.truncate(600);
    for q in &qs {
        idx.search(&matter_search::Query::new(q.clone()));
    }
    let reps: usize = std::env::args()
        .nth(2)
        .map(|s| s.parse().unwrap())
        .unwrap_or(5);
    let mut times = Vec::new();
    for _ in 0..reps {
        for q in &qs {
            let t = Instant::now();
            let r = idx.search(&matter_search::Query::new(q.clone()));
            std::hint::black_box(r);
            times.push(t.elapsed().as_nanos() as f64 / 1000.0);
        }
    }
    times.sort_by(|a, b| a.partial_cmp(b).unwrap());
    println!(
        "{} queries: p50 {:.1} µs p95 {:.1} µs mean {:.1}",
        times.len(),
        times[times.len() / 2],
        times[times.len() * 95 / 100],
        times.iter().sum::<f64>() / times.len() as f64
    );
}
