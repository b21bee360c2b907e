//! Tests shared by `tests/wasm_node.rs` (Node) and `tests/wasm_browser.rs`
//! (headless Chromium). They drive the `Catalogue` class the npm package
//! exports, so results cross the same JS conversion a page sees.
//!
//! The parity fixtures are made natively first (`scripts/test.sh` does it):
//! `target/parity/{mofcom,district}.idx` by the CLI and `expected.jsonl` by
//! `examples/parity_expected.rs`.

use matter_search::wasm::bindings::{JsCatalogue, SearchOptionsArg};
use serde::Serialize;
use wasm_bindgen::{JsCast, JsValue};

const MOFCOM: &[u8] = include_bytes!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/target/parity/mofcom.idx"
));
const DISTRICT: &[u8] = include_bytes!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/target/parity/district.idx"
));
const QUERIES: &str = include_str!("../parity/queries.jsonl");
const EXPECTED: &str = include_str!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/target/parity/expected.jsonl"
));

fn js(v: &serde_json::Value) -> JsValue {
    v.serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .expect("options convert")
}

fn open(bytes: &[u8]) -> JsCatalogue {
    JsCatalogue::new(bytes).unwrap_or_else(|e| panic!("open: {:?}", JsValue::from(e)))
}

/// Equal as JSON, with numbers compared as the f32 the engine computed.
fn same(a: &serde_json::Value, b: &serde_json::Value, path: &str) -> Result<(), String> {
    use serde_json::Value::*;
    match (a, b) {
        (Number(x), Number(y)) => {
            let (x, y) = (
                x.as_f64().unwrap_or(f64::NAN),
                y.as_f64().unwrap_or(f64::NAN),
            );
            if x as f32 == y as f32 {
                Ok(())
            } else {
                Err(format!("{path}: {x} != {y}"))
            }
        }
        (Array(x), Array(y)) => {
            if x.len() != y.len() {
                return Err(format!("{path}: {} items != {}", x.len(), y.len()));
            }
            for (i, (x, y)) in x.iter().zip(y).enumerate() {
                same(x, y, &format!("{path}[{i}]"))?;
            }
            Ok(())
        }
        (Object(x), Object(y)) => {
            let mut keys: Vec<&std::string::String> = x.keys().chain(y.keys()).collect();
            keys.sort();
            keys.dedup();
            for k in keys {
                same(
                    x.get(k).unwrap_or(&Null),
                    y.get(k).unwrap_or(&Null),
                    &format!("{path}.{k}"),
                )?;
            }
            Ok(())
        }
        _ if a == b => Ok(()),
        _ => Err(format!("{path}: {a} != {b}")),
    }
}

/// Every query of the fixed list gives the same results, field by field
/// (ids, order, scores, highlights, facets), natively and in WASM.
pub fn parity() {
    let mofcom = open(MOFCOM);
    let district = open(DISTRICT);
    let mut n = 0;
    let mut hits = 0;
    for (i, (q, e)) in QUERIES.lines().zip(EXPECTED.lines()).enumerate() {
        let q: serde_json::Value = serde_json::from_str(q).expect("query line");
        let e: serde_json::Value = serde_json::from_str(e).expect("expected line");
        let cat = match q["catalogue"].as_str() {
            Some("mofcom") => &mofcom,
            _ => &district,
        };
        let text = q["q"].as_str().unwrap_or_default();
        let opts: Option<SearchOptionsArg> = q.get("options").map(|o| js(o).unchecked_into());
        match cat.search(text, opts) {
            Ok(got) => {
                let got: serde_json::Value =
                    serde_wasm_bindgen::from_value(got.into()).expect("results convert back");
                if let Err(d) = same(&got, &e, "") {
                    panic!(
                        "query {} {:?}: WASM differs from native at {d}",
                        i + 1,
                        text
                    );
                }
                hits += got["hits"].as_array().map_or(0, |h| h.len());
            }
            Err(err) => {
                let msg = JsValue::from(err);
                assert!(
                    e.get("error").is_some(),
                    "query {} {:?}: WASM failed but native answered: {msg:?}",
                    i + 1,
                    text
                );
            }
        }
        n += 1;
    }
    assert_eq!(n, QUERIES.lines().count());
    assert_eq!(n, EXPECTED.lines().count(), "expected.jsonl is stale");
    assert!(n >= 400, "{n} parity queries");
    assert!(
        hits > 1000,
        "only {hits} hits in all: the fixtures look empty"
    );
}

fn error_message(e: wasm_bindgen::JsError) -> String {
    let v = JsValue::from(e);
    js_sys::Reflect::get(&v, &JsValue::from_str("message"))
        .ok()
        .and_then(|m| m.as_string())
        .unwrap_or_default()
}

/// Corrupt, truncated, foreign and wrong-version bytes are errors, not traps.
pub fn bad_indexes_are_errors() {
    let cases: Vec<(&str, Vec<u8>)> = vec![
        ("empty", vec![]),
        ("not an index", b"<!doctype html><html>".to_vec()),
        ("truncated", MOFCOM[..MOFCOM.len() / 2].to_vec()),
        ("flipped byte", {
            let mut b = MOFCOM.to_vec();
            let i = b.len() / 3;
            b[i] ^= 0x55;
            b
        }),
        ("future version", {
            let mut b = MOFCOM.to_vec();
            b[8] = 99;
            b
        }),
        ("trailing bytes", {
            let mut b = MOFCOM.to_vec();
            b.extend_from_slice(b"xx");
            b
        }),
    ];
    for (what, bytes) in cases {
        match JsCatalogue::new(&bytes) {
            Ok(_) => panic!("{what}: opened"),
            Err(e) => {
                let m = error_message(e);
                assert!(
                    m.starts_with("matter-search: cannot open the index"),
                    "{what}: {m}"
                );
            }
        }
    }
}

/// The rest of the API answers through JS values.
pub fn api_round_trip() {
    let cat = open(MOFCOM);
    assert!(cat.length() > 50);
    assert!(!cat.title().is_empty());
    let res: serde_json::Value =
        serde_wasm_bindgen::from_value(cat.search("两用物项", None).expect("search").into())
            .expect("convert");
    let hit = &res["hits"][0];
    let id = hit["id"].as_str().expect("id").to_string();
    let name = hit["name"].as_str().expect("name");
    let h = &hit["highlights"][0];
    let (s, e) = (
        h["start"].as_u64().unwrap() as usize,
        h["end"].as_u64().unwrap() as usize,
    );
    let utf16: Vec<u16> = name.encode_utf16().collect();
    assert_eq!(String::from_utf16_lossy(&utf16[s..e]), "两用物项");
    let m: serde_json::Value =
        serde_wasm_bindgen::from_value(cat.get(&id).expect("get").into()).expect("matter");
    assert_eq!(m["id"], id);
    assert!(m["basis"].as_array().is_some_and(|b| !b.is_empty()));
    assert!(JsValue::from(cat.get("no-such-id").expect("get")).is_undefined());
    assert!(!cat.suggest("技术", Some(5)).is_empty());
    let stats: serde_json::Value =
        serde_wasm_bindgen::from_value(cat.stats().expect("stats").into()).expect("stats");
    assert_eq!(stats["matters"].as_u64(), Some(cat.length() as u64));
    // A huge query is cut, not an error; bad options are errors.
    let long = "对外贸易".repeat(100_000);
    assert!(cat.search(&long, None).is_ok());
    let bad = js(&serde_json::json!({"limit": "ten"}));
    let m = error_message(
        cat.search("x", Some(bad.unchecked_into()))
            .err()
            .expect("err"),
    );
    assert!(m.contains("invalid options"), "{m}");
    let bad = js(&serde_json::json!({"filters": {"kind": "许可"}}));
    let m = error_message(
        cat.search("x", Some(bad.unchecked_into()))
            .err()
            .expect("err"),
    );
    assert!(m.contains("options.filters.kind"), "{m}");
    let arr = js_sys::Array::new();
    assert!(cat
        .search("x", Some(JsValue::from(arr).unchecked_into()))
        .is_err());
}
