//! Time per call of the slowest kinds of query found (issue 15, finding 6):
//! pinyin-like letter strings, long mixed text, the longest query kept,
//! repeated characters. Warm, in process, wall clock (noisy on a busy
//! machine): `cargo run --release --example worst_queries -- INDEX [REPEATS]`.
//! Prints the median and the slowest call in milliseconds per query.

use std::time::Instant;

use matter_search::{Index, Query};

fn main() {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: worst_queries INDEX [REPEATS]");
        std::process::exit(2);
    };
    let reps: usize = std::env::args()
        .nth(2)
        .and_then(|s| s.parse().ok())
        .unwrap_or(20);
    let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let idx = Index::from_bytes(&bytes).unwrap_or_else(|e| panic!("{path}: {e}"));
    let han: String = "两用物项和技术出口许可证"
        .chars()
        .cycle()
        .take(256)
        .collect();
    let queries: Vec<String> = vec![
        "zhongguoshangwubuxuke".into(),   // 21 letters of pinyin
        "jishuchukouhetongdengji".into(), // a name's pinyin, 23 letters
        "shangwuxukejishuchukou".into(),
        "xzxzxzxzxzxzxzxzxzxz".into(), // initials-like, 20 letters
        "aaaaaaaaaaaaaaaaaaaa".into(),
        "ngngngngngngngngngng".into(),
        "lywxlywxlywxlywxlywx".into(),
        "liangyongwuxiangheji shuchukou xuke".into(),
        han,
        "两用 wx jishu 出口 hetong 登记 xk".into(),
        "a b c d e f g h i j k l m n o p q r s t".into(),
    ];
    println!("{:>8} {:>8}  query", "p50 ms", "max ms");
    for q in &queries {
        let mut t: Vec<f64> = (0..reps)
            .map(|_| {
                let s = Instant::now();
                let r = idx.search(&Query::new(q.clone()));
                std::hint::black_box(r);
                s.elapsed().as_secs_f64() * 1000.0
            })
            .collect();
        t.sort_by(|a, b| a.total_cmp(b));
        let shown: String = q.chars().take(40).collect();
        println!("{:>8.2} {:>8.2}  {shown}", t[t.len() / 2], t[t.len() - 1]);
    }
}
