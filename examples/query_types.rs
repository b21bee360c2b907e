//! Prints the queries of each type that `bench/query-types.mjs` times in
//! WebAssembly, one JSON object per line (`{"type", "q"}`), made from a
//! catalogue's names by fixed rules (and, for everyday questions,
//! `tests/everyday/district.jsonl`): exact names, one Han word, two
//! adjacent and two non-adjacent Han words, full pinyin, pinyin word by
//! word, initials, traditional, everyday questions, abbreviations (a
//! character from each of three successive words) and long queries (up to
//! 64 characters: random mixes of Han runs, letters and digits from a
//! fixed seed, 20-letter pinyin-like strings among them).
//! `cargo run --release --features dict --example query_types -- CATALOGUE INDEX`.

#[path = "../tests/support/understanding.rs"]
mod understanding;

use std::io::Write;
use std::process::exit;

use matter_search::analysis::{self, normalize};
use matter_search::{Catalogue, Index, LoadOptions};
use understanding::{pinyin_of, to_traditional};

fn fail(msg: String) -> ! {
    eprintln!("query_types: {msg}");
    exit(1);
}

/// xorshift64*: the same long queries on every run.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [cat_path, idx_path] = args.as_slice() else {
        eprintln!("usage: query_types CATALOGUE INDEX");
        exit(2);
    };
    let cat: Catalogue = match Catalogue::load_files(&[cat_path], &LoadOptions::default()) {
        Ok(l) => l.catalogue,
        Err(e) => fail(format!("{cat_path}: {} problem(s)", e.problems.len())),
    };
    let bytes = std::fs::read(idx_path).unwrap_or_else(|e| fail(format!("{idx_path}: {e}")));
    let idx = Index::from_bytes(&bytes).unwrap_or_else(|e| fail(format!("{idx_path}: {e}")));
    let mut out: Vec<(&str, String)> = Vec::new();
    let mut names: Vec<String> = cat.matters.iter().map(|m| normalize(&m.name)).collect();
    names.sort();
    names.dedup();
    let mut han_chars: Vec<char> = Vec::new();
    for m in &cat.matters {
        out.push(("exact name", m.name.clone()));
    }
    for name in &names {
        han_chars.extend(name.chars().filter(|c| analysis::is_cjk(*c)));
        let words: Vec<&str> = analysis::words(name, idx.lexicon())
            .iter()
            .map(|t| t.text)
            .filter(|w| w.chars().count() >= 2 && w.chars().all(analysis::is_cjk))
            .collect();
        let Some(&first) = words.first() else {
            continue;
        };
        out.push(("one Han word", first.to_string()));
        if words.len() >= 2 {
            out.push((
                "two adjacent Han words",
                format!("{}{}", words[0], words[1]),
            ));
        }
        if words.len() >= 3 {
            let (a, b) = (words[0], words[words.len() - 1]);
            out.push(("two non-adjacent Han words", format!("{a} {b}")));
            if let (Some(pa), Some(pb)) = (pinyin_of(a, false), pinyin_of(b, false)) {
                out.push(("pinyin word by word", format!("{pa} {pb}")));
            }
            // A character from each of three successive words.
            let abbr: String = words[..3].iter().filter_map(|w| w.chars().next()).collect();
            out.push(("abbreviation", abbr));
        }
    }
    for (q, _) in understanding::queries(&idx, &cat) {
        if let Some(p) = pinyin_of(&q, false) {
            out.push(("full pinyin", p));
        }
        if let Some(p) = pinyin_of(&q, true) {
            out.push(("initials", p));
        }
        out.push(("traditional", to_traditional(&q)));
    }
    let everyday = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/everyday/district.jsonl");
    let text =
        std::fs::read_to_string(everyday).unwrap_or_else(|e| fail(format!("{everyday}: {e}")));
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        let v: serde_json::Value =
            serde_json::from_str(line).unwrap_or_else(|e| fail(format!("{everyday}: {e}")));
        if let Some(q) = v["q"].as_str() {
            out.push(("everyday question", q.to_string()));
        }
    }
    han_chars.sort_unstable();
    han_chars.dedup();
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let letters = b"abcdefghijklmnopqrstuvwxyz";
    let syllables = [
        "zhong", "guo", "xiao", "shen", "qing", "li", "ban", "jian", "xu", "ke", "bian", "geng",
        "a", "e", "yi", "wu", "zhi", "chu", "shuang", "ying",
    ];
    for i in 0..300 {
        let mut q = String::new();
        if i % 3 == 0 {
            // A 20-letter pinyin-like string.
            while q.len() < 20 {
                q.push_str(syllables[rng.below(syllables.len())]);
            }
            q.truncate(20);
        } else {
            let target = 20 + rng.below(45);
            while q.chars().count() < target {
                match rng.below(4) {
                    0 | 1 => {
                        for _ in 0..1 + rng.below(6) {
                            q.push(han_chars[rng.below(han_chars.len())]);
                        }
                    }
                    2 => {
                        for _ in 0..1 + rng.below(8) {
                            q.push(letters[rng.below(26)] as char);
                        }
                    }
                    _ => q.push_str(&rng.below(10_000).to_string()),
                }
                if rng.below(3) == 0 {
                    q.push(' ');
                }
            }
            q = q.chars().take(64).collect();
        }
        out.push(("long query", q));
    }
    let stdout = std::io::stdout();
    let mut w = stdout.lock();
    for (t, q) in out {
        let line = serde_json::json!({"type": t, "q": q});
        if writeln!(w, "{line}").is_err() {
            exit(1);
        }
    }
}
