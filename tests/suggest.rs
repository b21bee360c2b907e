//! Suggestions complete what is typed (issue 13 point 13): names that
//! begin with or contain the input, and the catalogue's own terms that
//! continue its last word, not the names of the hits found any which way;
//! the same from a split index as from one file.
#![cfg(not(target_arch = "wasm32"))]

use std::path::Path;

use matter_search::index::split;
use matter_search::{Catalogue, Index, IndexBuilder, LoadOptions, Query};

fn mofcom() -> Catalogue {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("data/mofcom.json");
    Catalogue::load_files(&[path], &LoadOptions::default())
        .expect("loads")
        .catalogue
}

#[test]
fn typing_the_start_of_an_official_term_offers_the_term() {
    let cat = mofcom();
    let bytes = IndexBuilder::new().build(&cat).expect("builds");
    let idx = Index::from_bytes(&bytes).expect("opens");
    // 营业执照 is a material of many matters, in no matter's name.
    assert!(cat.matters.iter().all(|m| !m.name.contains("营业")));
    let s = idx.suggest("营业", 8);
    assert!(s.contains(&"营业执照".to_string()), "{s:?}");
    // Before: the names of the hits, none of which completes 营业.
    let hits: Vec<String> = idx
        .search(&Query::new("营业").limit(8))
        .hits
        .into_iter()
        .map(|h| h.name)
        .collect();
    assert!(!hits.is_empty());
    for x in &s {
        assert!(x.starts_with("营业"), "not a completion: {x} in {s:?}");
        assert!(!hits.contains(x), "a hit repeated: {x}");
    }
    // The end of a longer input continues; what comes before is kept.
    let s = idx.suggest("提交营业", 5);
    assert!(s.contains(&"提交营业执照".to_string()), "{s:?}");
    // Traditional characters complete as simplified ones.
    let s = idx.suggest("營業", 5);
    if cfg!(feature = "dict") {
        assert!(s.contains(&"营业执照".to_string()), "{s:?}");
    }
    // The last word of several.
    let s = idx.suggest("两用物项 出", 5);
    assert!(
        s.iter()
            .any(|x| x.starts_with("两用物项 出") && x.len() > "两用物项 出".len()),
        "{s:?}"
    );
}

#[test]
fn names_that_begin_with_the_input_come_first_then_terms_then_names_containing_it() {
    let idx_bytes = IndexBuilder::new().build(&mofcom()).expect("builds");
    let idx = Index::from_bytes(&idx_bytes).expect("opens");
    let s = idx.suggest("两用物项", 8);
    assert!(!s.is_empty());
    assert!(s[0].starts_with("两用物项"), "{s:?}");
    for x in &s {
        assert!(
            x.contains("两用物项"),
            "{x} does not complete 两用物项: {s:?}"
        );
    }
    // Something that completes nothing gives nothing rather than hits.
    assert!(idx.suggest("qqqq", 8).is_empty());
    assert!(idx.suggest("  ", 8).is_empty());
    assert!(idx.suggest("营业", 0).is_empty());
    assert!(idx.suggest("营业", 3).len() <= 3);
}

#[test]
fn a_split_index_suggests_exactly_what_one_file_does() {
    let cat = mofcom();
    let chunks = IndexBuilder::new().build_chunks(&cat).expect("builds");
    let bytes = chunks.to_bytes();
    let one = Index::from_bytes(&bytes).expect("opens");
    let dir = std::env::temp_dir().join(format!("matter-search-suggest-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    split::write(&chunks, &dir).expect("split writes");
    let two = split::open(&dir.join(split::ENTRY_FILE)).expect("split opens");
    for q in [
        "营业",
        "营",
        "两用",
        "两用物项 出",
        "技术出口",
        "提交营业",
        "对外",
        "备案",
        "外资",
        "许可",
        "直销",
        "qqqq",
    ] {
        assert_eq!(one.suggest(q, 8), two.suggest(q, 8), "{q}");
    }
    let _ = std::fs::remove_dir_all(&dir);
}
