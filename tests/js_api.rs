//! What the JavaScript API relies on, checked natively: the JSON records
//! `get()` hands to `JSON.parse`, and the index's own normalization (the
//! fold table that replaces Unicode's tables in the browser).
// Native only: wasm-pack test builds every test target for wasm32.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use matter_search::analysis::normalize;
use matter_search::catalogue::Matter;
use matter_search::wasm::{self, SearchOptions};
use matter_search::{Catalogue, Index, IndexBuilder, LoadOptions, Query};

fn mofcom() -> (Catalogue, Vec<u8>) {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/data/mofcom.json");
    let cat = Catalogue::load_files(&[path], &LoadOptions::default())
        .expect("data/mofcom.json")
        .catalogue;
    let bytes = IndexBuilder::new().build(&cat).expect("build");
    (cat, bytes)
}

fn district() -> (Catalogue, Vec<u8>) {
    let cat = common::district::district_catalogue();
    let bytes = IndexBuilder::new().build(&cat).expect("build");
    (cat, bytes)
}

/// Every record as JSON text is exactly the record `Index::matter` decodes
/// (and the catalogue holds), escapes and all.
#[test]
fn matter_json_is_the_matter() {
    for (cat, bytes) in [mofcom(), district()] {
        let idx = Index::from_bytes(&bytes).expect("open");
        for (doc, m) in cat.matters.iter().enumerate() {
            let json = idx.matter_json(doc as u32).expect("json");
            let parsed: Matter = serde_json::from_str(&json)
                .unwrap_or_else(|e| panic!("matter {}: {e}\n{json}", m.id));
            assert_eq!(&parsed, m, "matter {}", m.id);
            assert_eq!(parsed, idx.matter(doc as u32).expect("matter"));
        }
    }
}

#[test]
fn matter_json_escapes_what_json_needs() {
    let json = r#"{"title":"t","matters":[{"id":"q\"uote","name":"名称\"引号\\反斜杠\n换行\u0001",
        "aliases":["别\"名"],"conditions":["条件\t制表"],"notes":"备注"}]}"#;
    let cat = Catalogue::from_json_str(json, "t.json", &LoadOptions::default())
        .expect("catalogue")
        .catalogue;
    let bytes = IndexBuilder::new().build(&cat).expect("build");
    let idx = Index::from_bytes(&bytes).expect("open");
    let parsed: Matter = serde_json::from_str(&idx.matter_json(0).expect("json")).expect("valid");
    assert_eq!(parsed, cat.matters[0]);
}

/// The query path normalizes with the index's fold table; for everything
/// the catalogue holds that must equal the full Unicode rule.
#[test]
fn index_normalization_equals_the_builders() {
    for (cat, bytes) in [mofcom(), district()] {
        let idx = Index::from_bytes(&bytes).expect("open");
        let raw = serde_json::to_string(&cat).expect("json");
        for line in raw.split(['"', ',']) {
            assert_eq!(idx.normalize(line), normalize(line), "{line}");
        }
    }
}

/// Compatibility and full-width forms a phone keyboard produces find what
/// their plain forms find.
#[test]
fn compatibility_forms_in_queries() {
    let (cat, bytes) = mofcom();
    let idx = Index::from_bytes(&bytes).expect("open");
    let ids = |q: &str| -> Vec<String> {
        idx.search(&Query::new(q))
            .hits
            .into_iter()
            .map(|h| h.id)
            .collect()
    };
    // A CJK compatibility ideograph (U+F900–U+FAFF) whose NFKC form is in a
    // matter name, typed in place of that character.
    let mut tried = 0;
    for cp in 0xF900u32..=0xFAFF {
        let Some(compat) = char::from_u32(cp) else {
            continue;
        };
        let plain: Vec<char> = normalize(&compat.to_string()).chars().collect();
        let [p] = plain[..] else { continue };
        let Some(m) = cat.matters.iter().find(|m| m.name.contains(p)) else {
            continue;
        };
        let odd = m.name.replace(p, &compat.to_string());
        assert_ne!(odd, m.name);
        assert_eq!(ids(&odd), ids(&m.name), "{odd} vs {}", m.name);
        tried += 1;
    }
    assert!(tried > 0, "no compatibility ideograph meets the catalogue");
    for (odd, plain) in [
        ("两用物项　出口", "两用物项 出口"),
        ("技术出口合同登记（", "技术出口合同登记"),
        ("ＷＴＯ", "wto"),
    ] {
        assert_eq!(ids(odd), ids(plain), "{odd} vs {plain}");
    }
    assert!(!ids("两用物项 出口").is_empty());
}

/// The JS-shaped results carry UTF-16 highlight offsets that slice the
/// name exactly as JavaScript would.
#[test]
fn js_results_slice_in_utf16() {
    let (_, bytes) = mofcom();
    let idx = Index::from_bytes(&bytes).expect("open");
    let res = wasm::search(&idx, "出口", &SearchOptions::default()).expect("search");
    assert!(res.total > 0);
    for h in &res.hits {
        let u: Vec<u16> = h.name.encode_utf16().collect();
        for s in &h.highlights {
            assert_eq!(
                String::from_utf16_lossy(&u[s.start..s.end]),
                "出口",
                "{}",
                h.name
            );
        }
    }
    let opts: SearchOptions =
        serde_json::from_str(r#"{"filters":{"kind":"行政许可"},"limit":3}"#).expect("opts");
    let res = wasm::search(&idx, "出口", &opts).expect("search");
    assert!(res.hits.len() <= 3);
    assert!(res.hits.iter().all(|h| h.kind == Some("行政许可")));
}

/// The hand-written JSON the browser parses is the serde JSON of the same
/// results (scores as the same f32).
#[test]
fn hand_written_json_equals_serde() {
    fn same(a: &serde_json::Value, b: &serde_json::Value) -> bool {
        use serde_json::Value as V;
        match (a, b) {
            (V::Number(x), V::Number(y)) => {
                x.as_f64().map(|v| v as f32) == y.as_f64().map(|v| v as f32)
            }
            (V::Array(x), V::Array(y)) => {
                x.len() == y.len() && x.iter().zip(y).all(|(x, y)| same(x, y))
            }
            (V::Object(x), V::Object(y)) => {
                x.len() == y.len() && x.iter().all(|(k, v)| y.get(k).is_some_and(|w| same(v, w)))
            }
            _ => a == b,
        }
    }
    let (cat, bytes) = mofcom();
    let idx = Index::from_bytes(&bytes).expect("open");
    let mut queries: Vec<String> = cat.matters.iter().map(|m| m.name.clone()).collect();
    queries.extend(["出口", "许可 证明", "\"引号\\", "", "两用物项 出口"].map(String::from));
    for q in &queries {
        let res = wasm::search(&idx, q, &SearchOptions::default()).expect("search");
        let hand: serde_json::Value = serde_json::from_str(&res.to_json()).expect("valid JSON");
        let serde = serde_json::to_value(&res).expect("serde");
        assert!(same(&hand, &serde), "{q}:\n{hand}\n{serde}");
    }
}
