//! Latin, digit and mixed words (issue 12, point 8): the everyday
//! spellings of ISO9001, 3C, COVID-19, Wi-Fi, GB/T 19001-2016 and 2024年
//! find the matter that writes them another way, because the index and
//! the query cut them by the same rule (`analysis::tokens`).
// Native only: wasm-pack test builds every test target for wasm32.
#![cfg(not(target_arch = "wasm32"))]

use matter_search::{Catalogue, Index, IndexBuilder, LoadOptions, Query};

/// Names written as catalogues write them, one spelling each.
const MATTERS: &[(&str, &str)] = &[
    ("wifi", "公共场所Wi-Fi无线上网服务备案"),
    ("iso", "ISO9001质量管理体系认证证书核验"),
    ("iso14001", "ISO 14001环境管理体系认证证书核验"),
    ("ccc", "强制性产品认证（3C认证）免予办理证明"),
    ("covid", "COVID-19疫苗接种记录查询"),
    ("gbt", "GB/T 19001-2016质量管理体系要求符合性声明"),
    ("year", "2024年度城乡居民医疗保险参保登记"),
    ("other", "食品经营许可证核发"),
];

fn index_bytes() -> Vec<u8> {
    let list: Vec<String> = MATTERS
        .iter()
        .map(|(id, name)| format!(r#"{{"id": "{id}", "name": "{name}"}}"#))
        .collect();
    let json = format!(r#"{{"title": "混合词", "matters": [{}]}}"#, list.join(","));
    let cat = Catalogue::from_json_str(&json, "t.json", &LoadOptions::default())
        .unwrap_or_else(|e| panic!("test catalogue loads:\n{e}"))
        .catalogue;
    IndexBuilder::new()
        .build(&cat)
        .expect("test catalogue builds")
}

#[test]
fn everyday_spellings_find_the_matter() {
    let bytes = index_bytes();
    let idx = Index::from_bytes(&bytes).unwrap();
    let cases: &[(&str, &str)] = &[
        ("Wi-Fi", "wifi"),
        ("wifi", "wifi"),
        ("WIFI", "wifi"),
        ("wi-fi 备案", "wifi"),
        ("ISO9001", "iso"),
        ("iso9001", "iso"),
        ("ISO 9001", "iso"),
        ("iso 9001 认证", "iso"),
        ("iso14001", "iso14001"),
        ("ISO14001", "iso14001"),
        ("ISO 14001", "iso14001"),
        ("3C", "ccc"),
        ("3c", "ccc"),
        ("3c认证", "ccc"),
        ("3C 认证", "ccc"),
        ("COVID-19", "covid"),
        ("covid19", "covid"),
        ("covid 19", "covid"),
        ("COVID19疫苗", "covid"),
        ("GB/T 19001-2016", "gbt"),
        ("gb/t 19001", "gbt"),
        ("GBT 19001", "gbt"),
        ("19001-2016", "gbt"),
        ("2024年", "year"),
        ("2024", "year"),
        ("2024年 参保", "year"),
    ];
    let mut failed = Vec::new();
    for &(q, want) in cases {
        let r = idx.search(&Query::new(q).limit(10));
        let got: Vec<&str> = r.hits.iter().map(|h| h.id.as_str()).collect();
        if got.first() != Some(&want) {
            failed.push(format!("{q:?}: expected {want} first, got {got:?}"));
        }
    }
    assert!(failed.is_empty(), "{}", failed.join("\n"));
}

/// The rule does not make unrelated matters match: a spelling finds only
/// the matter that has it, and a plain Han query is unchanged.
#[test]
fn mixed_words_do_not_leak() {
    let bytes = index_bytes();
    let idx = Index::from_bytes(&bytes).unwrap();
    for (q, only) in [("iso9001", "iso"), ("covid19", "covid"), ("wifi", "wifi")] {
        let r = idx.search(&Query::new(q).limit(10));
        let got: Vec<&str> = r.hits.iter().map(|h| h.id.as_str()).collect();
        assert_eq!(got, [only], "{q}");
    }
    let r = idx.search(&Query::new("食品经营").limit(10));
    let got: Vec<&str> = r.hits.iter().map(|h| h.id.as_str()).collect();
    assert_eq!(got, ["other"]);
}
