//! Answers the parity query list natively, as the browser would (same
//! options, same result shape), for the WASM parity tests:
//! `cargo run --release --example parity_expected -- target/parity`
//! reads `mofcom.idx` and `district.idx` there and writes `expected.jsonl`.

use std::io::Write;

use matter_search::wasm::{self, SearchOptions};
use matter_search::Index;

fn main() {
    if let Err(e) = run() {
        eprintln!("parity_expected: {e}");
        std::process::exit(1);
    }
}

fn run() -> Result<(), Box<dyn std::error::Error>> {
    let dir = std::env::args()
        .nth(1)
        .ok_or("usage: parity_expected DIR")?;
    let dir = std::path::Path::new(&dir);
    let queries = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/parity/queries.jsonl"),
    )?;
    let mofcom = std::fs::read(dir.join("mofcom.idx"))?;
    let district = std::fs::read(dir.join("district.idx"))?;
    let mofcom = Index::from_bytes(&mofcom)?;
    let district = Index::from_bytes(&district)?;
    let mut out = std::io::BufWriter::new(std::fs::File::create(dir.join("expected.jsonl"))?);
    for (n, line) in queries.lines().enumerate() {
        let rec: serde_json::Value = serde_json::from_str(line)?;
        let index = match rec["catalogue"].as_str() {
            Some("mofcom") => &mofcom,
            Some("district") => &district,
            other => return Err(format!("line {}: unknown catalogue {other:?}", n + 1).into()),
        };
        let q = rec["q"]
            .as_str()
            .ok_or_else(|| format!("line {}: no q", n + 1))?;
        let opts: SearchOptions = match rec.get("options") {
            Some(o) => serde_json::from_value(o.clone())?,
            None => SearchOptions::default(),
        };
        let res = match wasm::search(index, q, &opts) {
            Ok(r) => serde_json::to_value(r)?,
            Err(e) => serde_json::json!({ "error": e.to_string() }),
        };
        serde_json::to_writer(&mut out, &res)?;
        out.write_all(b"\n")?;
    }
    out.flush()?;
    Ok(())
}
