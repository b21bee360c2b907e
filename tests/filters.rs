//! Every filter that takes a name from the user refuses a name the index
//! does not have (issue 13 point 7): departments and 服务对象 by
//! `Index::check_filters` (natively, in the JS shapes and, through them,
//! in the browser and the CLI), kinds and statuses where they are parsed.
//! A silent 0 would read as "no such matter".
#![cfg(not(target_arch = "wasm32"))]

use std::path::Path;

use matter_search::index::split;
use matter_search::wasm::{self, SearchOptions};
use matter_search::{Catalogue, Filters, Index, IndexBuilder, LoadOptions, Query};

fn mofcom() -> Catalogue {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("data/mofcom.json");
    Catalogue::load_files(&[path], &LoadOptions::default())
        .expect("mofcom.json loads")
        .catalogue
}

fn opts(json: &str) -> SearchOptions {
    serde_json::from_str(json).expect("options parse")
}

fn check_one(index: &Index<'_>) {
    // Unknown target: an error naming the filter, the value and the known ones.
    let f = Filters {
        targets: vec!["外星人".into()],
        ..Default::default()
    };
    let e = index.check_filters(&f).expect_err("unknown target");
    assert_eq!(e.filter, "target");
    let msg = e.to_string();
    assert!(msg.contains("no 服务对象 (target) \"外星人\""), "{msg}");
    for t in ["企业法人", "自然人", "其他组织"] {
        assert!(msg.contains(t), "{msg} lacks {t}");
    }
    assert!(e.did_you_mean.is_empty(), "{e:?}");
    // Part of a target: did you mean.
    let f = Filters {
        targets: vec!["法人".into()],
        ..Default::default()
    };
    let e = index.check_filters(&f).expect_err("part of a target");
    assert!(e.did_you_mean.contains(&"企业法人".to_string()), "{e:?}");
    assert!(e.to_string().contains("; did you mean "), "{e}");
    // Unknown department, with a did-you-mean for a part of its name.
    let f = Filters {
        departments: vec!["产业安全".into()],
        ..Default::default()
    };
    let e = index.check_filters(&f).expect_err("part of a department");
    assert_eq!(e.filter, "department");
    assert_eq!(e.did_you_mean, vec!["产业安全与进出口管制局".to_string()]);
    assert!(e
        .to_string()
        .contains("产业安全与进出口管制局 (security-control)"));
    // An empty name is unknown too, with no did-you-mean of every name.
    let f = Filters {
        departments: vec![String::new()],
        ..Default::default()
    };
    assert!(index.check_filters(&f).unwrap_err().did_you_mean.is_empty());
    // Known values pass, and filter to some matters.
    let f = Filters {
        departments: vec!["security-control".into(), "产业安全与进出口管制局".into()],
        targets: vec!["企业法人".into(), "自然人".into()],
        ..Default::default()
    };
    index.check_filters(&f).expect("known values pass");
    assert!(index.search(&Query::new("许可").filters(f)).total > 0);
    index
        .check_filters(&Filters::default())
        .expect("no filters pass");
}

#[test]
fn unknown_targets_and_departments_are_errors_in_one_file_and_split_indexes() {
    let cat = mofcom();
    let chunks = IndexBuilder::new().build_chunks(&cat).expect("builds");
    let bytes = chunks.to_bytes();
    check_one(&Index::from_bytes(&bytes).expect("opens"));
    let dir = std::env::temp_dir().join(format!("matter-search-filters-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    split::write(&chunks, &dir).expect("split writes");
    let two = split::open(&dir.join(split::ENTRY_FILE)).expect("split opens");
    check_one(&two);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn the_javascript_options_refuse_every_unknown_filter_value() {
    let bytes = IndexBuilder::new().build(&mofcom()).expect("builds");
    let index = Index::from_bytes(&bytes).expect("opens");
    for (json, want) in [
        (
            r#"{"filters":{"department":"不存在"}}"#,
            "options.filters.department: no department \"不存在\"",
        ),
        (
            r#"{"filters":{"target":"外星人"}}"#,
            "options.filters.target: no 服务对象 (target) \"外星人\"",
        ),
        (
            r#"{"filters":{"target":["企业法人","法人"]}}"#,
            "did you mean 企业法人",
        ),
        (
            r#"{"filters":{"kind":"不存在"}}"#,
            "options.filters.kind: unknown matter type \"不存在\"",
        ),
        (
            r#"{"filters":{"status":"closed"}}"#,
            "options.filters.status: unknown status \"closed\"",
        ),
    ] {
        let e = wasm::search(&index, "许可", &opts(json)).expect_err(json);
        assert!(e.to_string().contains(want), "{json}: {e}");
    }
    let ok = wasm::search(
        &index,
        "许可",
        &opts(r#"{"filters":{"target":"企业法人","department":"security-control"}}"#),
    )
    .expect("known values");
    assert!(ok.total > 0);
}
