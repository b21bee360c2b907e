//! Writes the fuzz targets' seed corpora (`scripts/fuzz.sh` runs this):
//! indexes, split folders, catalogues, spreadsheets, queries and options
//! from the real files in `data/`, `tests/fixtures/` and the district.
//!
//! `cargo run --release --features cli --example fuzz_seeds -- OUT_DIR`

#[path = "../tests/support/fuzz.rs"]
mod harness;

use std::path::{Path, PathBuf};

use matter_search::{Catalogue, IndexBuilder, LoadOptions};

fn put(dir: &Path, name: &str, bytes: &[u8]) {
    std::fs::create_dir_all(dir).expect("seed folder");
    std::fs::write(dir.join(name), bytes).expect("seed file");
}

fn main() {
    let out = PathBuf::from(std::env::args().nth(1).expect("usage: fuzz_seeds OUT_DIR"));
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let mut cats: Vec<(String, String)> = Vec::new();
    for f in [
        "minimal",
        "full",
        "split-a",
        "split-b",
        "many-errors",
        "syntax-error",
    ] {
        let p = root.join(format!("tests/fixtures/catalogue/{f}.json"));
        cats.push((f.to_string(), std::fs::read_to_string(p).expect("fixture")));
    }
    cats.push((
        "mofcom".into(),
        std::fs::read_to_string(root.join("data/mofcom.json")).expect("mofcom"),
    ));
    cats.push((
        "template".into(),
        std::fs::read_to_string(root.join("data/templates/catalogue-template.json"))
            .expect("template"),
    ));
    // The first 40 matters of the district, as the converter writes them.
    let district = root.join("target/parity/district.json");
    if let Ok(text) = std::fs::read_to_string(&district) {
        let mut v: serde_json::Value = serde_json::from_str(&text).expect("district json");
        if let Some(m) = v.get_mut("matters").and_then(|m| m.as_array_mut()) {
            m.truncate(40);
        }
        cats.push(("district40".into(), v.to_string()));
    }

    let opts = LoadOptions::default();
    let tmp = std::env::temp_dir().join(format!("fuzz-seeds-{}", std::process::id()));
    for (name, text) in &cats {
        let mut seed = vec![0u8];
        seed.extend_from_slice(text.as_bytes());
        put(&out.join("catalogue"), &format!("{name}.json"), &seed);
        let Ok(loaded) = Catalogue::from_json_str(text, name, &opts) else {
            continue;
        };
        let cat = loaded.catalogue;
        for m in &cat.matters {
            put(
                &out.join("analyzer"),
                &format!("{name}-{}", m.id.replace('/', "_")),
                m.name.as_bytes(),
            );
        }
        let mut xlsx = vec![2u8];
        xlsx.extend(matter_search::catalogue::spreadsheet::xlsx_bytes(&cat).expect("xlsx"));
        put(&out.join("catalogue"), &format!("{name}.xlsx"), &xlsx);
        if cat.matters.len() > 70 {
            continue;
        }
        let mut b = IndexBuilder::new();
        b.synonyms(
            &std::fs::read_to_string(root.join("data/synonyms.txt")).expect("synonyms"),
            "synonyms.txt",
        )
        .expect("synonyms");
        let chunks = b.build_chunks(&cat).expect("builds");
        let one = chunks.to_bytes();
        // A large seed makes every run of the target slow (the Ministry's
        // index is 0.5 MB): its names still seed the analyzer.
        if one.len() > 256 * 1024 {
            continue;
        }
        put(&out.join("index"), &format!("{name}.idx"), &one);
        let dir = tmp.join(name);
        let _ = std::fs::remove_dir_all(&dir);
        matter_search::index::split::write(&chunks, &dir).expect("split");
        put(
            &out.join("index"),
            &format!("{name}.split"),
            &harness::split_seed(&dir),
        );
    }
    let _ = std::fs::remove_dir_all(&tmp);
    let csv = "\u{feff}实施编码,事项名称,事项类型,实施主体,法定办结时限\r\n11510000MB0001,食品经营许可,行政许可,区市场监管局,20\r\n11510000MB0002,\"户口迁移, 省内\",公共服务,区公安分局,\r\n";
    let mut seed = vec![1u8];
    seed.extend_from_slice(csv.as_bytes());
    put(&out.join("catalogue"), "district.csv", &seed);
    for (i, q) in [
        "两用物项",
        "liangyongwuxiang",
        "lywx",
        "兩用物項",
        "军民两用",
        "jishuchukuo",
        "技术 出口 合同",
        "ＡＢＣ１２３",
        "mofcom-dual-use",
        "zhixiao",
        "直销企业",
        "shangwubu",
        "xk",
        "许可证",
        "𝐀𝐁𝐂",
    ]
    .iter()
    .enumerate()
    {
        put(&out.join("analyzer"), &format!("q{i}"), q.as_bytes());
    }
    for (i, o) in [
        r#"{}"#,
        r#"{"limit": 5, "offset": 2}"#,
        r#"{"filters": {"kind": "行政许可", "free": true, "maxDays": 20}}"#,
        r#"{"filters": {"department": ["商务部"], "status": ["active", "abolished"], "online": true}}"#,
        r#"{"filters": {"target": "企业", "maxStatutoryDays": 30, "maxPromisedDays": 10, "charged": false}}"#,
        r#"{"weights": {"name": 3.5, "k1": 1.2, "b": 0.75, "namePrefix": 2, "proximity": 1, "inactive": 0.1}}"#,
        r#"{"limit": 1000, "weights": null, "filters": null}"#,
    ]
    .iter()
    .enumerate()
    {
        put(&out.join("options"), &format!("o{i}.json"), o.as_bytes());
    }
    println!("seeds written to {}", out.display());
}
