//! Prints the held-out query-understanding queries of a catalogue (the same
//! generator as tests/query_understanding.rs), one JSON object per line:
//! `{"name", "ids", "simplified", "traditional", "pinyin", "initials"}`,
//! where `name` is the target name as the catalogue spells it, `ids` every
//! matter with that (normalized) name, and `pinyin`/`initials` are null when
//! a character has no reading. Used by scripts/bench.sh:
//! `cargo run --release --features dict --example understanding_queries -- CATALOGUE INDEX`.

#[path = "../tests/support/understanding.rs"]
mod understanding;

use std::io::Write;
use std::process::exit;

use matter_search::analysis::normalize;
use matter_search::{Catalogue, Index, LoadOptions};

fn fail(msg: String) -> ! {
    eprintln!("understanding_queries: {msg}");
    exit(1);
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [cat_path, idx_path] = args.as_slice() else {
        eprintln!("usage: understanding_queries CATALOGUE INDEX");
        exit(2);
    };
    let cat = match Catalogue::load_files(&[cat_path], &LoadOptions::default()) {
        Ok(l) => l.catalogue,
        Err(e) => {
            for p in &e.problems {
                eprintln!("{p}");
            }
            fail(format!("{cat_path}: {} problem(s)", e.problems.len()));
        }
    };
    let bytes = std::fs::read(idx_path).unwrap_or_else(|e| fail(format!("{idx_path}: {e}")));
    let idx = Index::from_bytes(&bytes).unwrap_or_else(|e| fail(format!("{idx_path}: {e}")));
    if idx.len() != cat.matters.len() {
        fail(format!(
            "{idx_path} has {} matters, {cat_path} {}: not built from it?",
            idx.len(),
            cat.matters.len()
        ));
    }
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    for (q, norm) in understanding::queries(&idx, &cat) {
        let same: Vec<_> = cat
            .matters
            .iter()
            .filter(|m| normalize(&m.name) == norm)
            .collect();
        let line = serde_json::json!({
            "name": same.first().map_or(norm.as_str(), |m| m.name.as_str()),
            "ids": same.iter().map(|m| m.id.as_str()).collect::<Vec<_>>(),
            "simplified": q,
            "traditional": understanding::to_traditional(&q),
            "pinyin": understanding::pinyin_of(&q, false),
            "initials": understanding::pinyin_of(&q, true),
        });
        if let Err(e) = writeln!(out, "{line}") {
            fail(format!("writing stdout: {e}"));
        }
    }
}
