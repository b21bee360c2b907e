//! What the README's Rust section says about the `dict` feature, checked
//! both ways: `scripts/test.sh` runs this file with default features (where
//! the index carries no readings and no traditional → simplified table) and
//! with `--all-features` (issue 13 point 16).
#![cfg(not(target_arch = "wasm32"))]

use std::path::Path;

use matter_search::{Catalogue, Index, IndexBuilder, LoadOptions, Query, Via};

fn mofcom_index() -> Vec<u8> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("data/mofcom.json");
    let cat = Catalogue::load_files(&[path], &LoadOptions { strict: true })
        .expect("loads")
        .catalogue;
    IndexBuilder::new().build(&cat).expect("builds")
}

#[test]
fn pinyin_and_traditional_queries_need_an_index_built_with_dict() {
    let bytes = mofcom_index();
    let index = Index::from_bytes(&bytes).expect("opens");
    let pinyin = index.search(&Query::new("liangyong"));
    let traditional = index.search(&Query::new("兩用物項"));
    let simplified = index.search(&Query::new("两用物项"));
    assert!(simplified.total > 0 && !simplified.partial);
    if cfg!(feature = "dict") {
        assert!(pinyin.total > 0, "pinyin finds nothing with dict");
        assert_eq!(pinyin.hits[0].via, Via::Pinyin);
        assert!(!traditional.partial);
        assert_eq!(traditional.total, simplified.total);
        assert_eq!(traditional.hits[0].id, simplified.hits[0].id);
    } else {
        // As the README says: nothing, and only a partial match.
        assert_eq!(
            pinyin.total,
            0,
            "{:?}",
            pinyin.hits.first().map(|h| &h.name)
        );
        assert!(traditional.partial, "兩用物項 is a full match without dict");
    }
}
