//! Times opening an index and its first queries (cold caches), natively:
//! `cargo run --release --example open_first -- INDEX [QUERY]`.
use std::time::Instant;

use matter_search::{Index, Query};

fn main() {
    let mut args = std::env::args().skip(1);
    let Some(path) = args.next() else {
        eprintln!("usage: open_first INDEX [QUERY]");
        std::process::exit(2);
    };
    let q = args
        .next()
        .unwrap_or_else(|| "对外贸易经营者备案".to_string());
    let t0 = Instant::now();
    let bytes = match std::fs::read(&path) {
        Ok(b) => b,
        Err(e) => {
            eprintln!("{path}: {e}");
            std::process::exit(1);
        }
    };
    let t1 = Instant::now();
    let idx = match Index::from_bytes(&bytes) {
        Ok(i) => i,
        Err(e) => {
            eprintln!("{path}: {e}");
            std::process::exit(1);
        }
    };
    let t2 = Instant::now();
    let r = idx.search(&Query::new(q.as_str()));
    let t3 = Instant::now();
    let r2 = idx.search(&Query::new(q.as_str()));
    let t4 = Instant::now();
    println!(
        "read {:?} open {:?} first query {:?} ({} hits) second {:?} ({} hits)",
        t1 - t0,
        t2 - t1,
        t3 - t2,
        r.total,
        t4 - t3,
        r2.total
    );
}
