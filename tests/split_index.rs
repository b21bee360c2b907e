#![cfg(not(target_arch = "wasm32"))]
//! A split index answers exactly as the one-file index of the same
//! catalogue, field for field, and reads only the files a query needs.

mod common;

use matter_search::index::split;
use matter_search::{Catalogue, Index, IndexBuilder, LoadOptions, Query};

fn mofcom() -> Catalogue {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("data/mofcom.json");
    Catalogue::load_files(&[path], &LoadOptions::default())
        .expect("data/mofcom.json loads")
        .catalogue
}

fn builder() -> IndexBuilder {
    let mut b = IndexBuilder::new();
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let syn = std::fs::read_to_string(root.join("data/synonyms.txt")).expect("synonyms");
    b.synonyms(&syn, "data/synonyms.txt")
        .expect("synonyms parse");
    b
}

fn queries(catalogue: &str) -> Vec<String> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/parity/queries.jsonl");
    let text = std::fs::read_to_string(path).expect("parity queries");
    text.lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .filter(|v| v["catalogue"] == catalogue)
        .filter_map(|v| v["q"].as_str().map(str::to_string))
        .collect()
}

fn same_answers(name: &str, cat: &Catalogue) {
    let chunks = builder().build_chunks(cat).expect("builds");
    let one = chunks.to_bytes();
    let one = Index::from_bytes(&one).expect("one file opens");
    let dir =
        std::env::temp_dir().join(format!("matter-search-split-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let summary = split::write(&chunks, &dir).expect("split writes");
    assert!(summary.files > 3, "{summary:?}");
    let two = split::open(&dir.join(split::ENTRY_FILE)).expect("split opens");
    assert!(two.is_split());
    let qs = queries(name);
    assert!(qs.len() > 100, "{} queries", qs.len());
    for q in &qs {
        let a = one.search(&Query::new(q.as_str()).limit(20));
        let b = two.search(&Query::new(q.as_str()).limit(20));
        assert_eq!(a, b, "{name}: {q:?}");
    }
    for d in 0..one.len() as u32 {
        assert_eq!(one.matter_json(d).unwrap(), two.matter_json(d).unwrap());
    }
    assert_eq!(
        one.matter(0).unwrap(),
        cat.matters[0].clone().with_department_id(&one)
    );
    two.verify().expect("every file reads back");
    let _ = std::fs::remove_dir_all(&dir);
}

trait WithDept {
    fn with_department_id(self, idx: &Index<'_>) -> Self;
}

impl WithDept for matter_search::Matter {
    /// The index gives the department as its id.
    fn with_department_id(mut self, idx: &Index<'_>) -> Self {
        if let Some(d) = &self.department {
            if let Some(e) = idx
                .departments()
                .iter()
                .find(|e| &e.id == d || &e.name == d || e.aliases.contains(d))
            {
                self.department = Some(e.id.clone());
            }
        }
        self
    }
}

#[test]
fn split_answers_as_one_file_mofcom() {
    same_answers("mofcom", &mofcom());
}

#[test]
fn split_answers_as_one_file_district() {
    same_answers("district", &common::district::district_catalogue());
}

/// Without a loader, a query on a split root reports the files it needs;
/// once they are added it answers as the one-file index.
#[test]
fn a_query_asks_for_only_what_it_needs() {
    let cat = common::district::district_catalogue();
    let chunks = IndexBuilder::new().build_chunks(&cat).expect("builds");
    let one_bytes = chunks.to_bytes();
    let one = Index::from_bytes(&one_bytes).unwrap();
    let dir = std::env::temp_dir().join(format!("matter-search-split-need-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    split::write(&chunks, &dir).unwrap();
    let entry = std::fs::read_to_string(dir.join(split::ENTRY_FILE)).unwrap();
    let root = split::root_name(&entry).unwrap();
    let stored = std::fs::read(dir.join(&root)).unwrap();
    let raw = miniz_oxide_inflate(&stored);
    let idx = Index::from_vec(raw).unwrap();
    let total_files = idx.file_names().len();
    let q = Query::new("建筑工程施工许可");
    let mut rounds = 0;
    let mut fetched = std::collections::BTreeSet::new();
    loop {
        let res = idx.search(&q);
        let need = idx.take_missing();
        if need.is_empty() {
            assert_eq!(res, one.search(&q));
            break;
        }
        rounds += 1;
        assert!(rounds < 8, "no answer after {rounds} rounds");
        for name in need {
            let bytes = std::fs::read(dir.join(&name)).unwrap();
            idx.add_stored_file(&name, &bytes).unwrap();
            fetched.insert(name);
        }
    }
    assert!(
        fetched.len() * 4 < total_files,
        "{} of {total_files} files fetched",
        fetched.len()
    );
    // Opening a matter reads its record chunk only.
    let doc = one.search(&q).hits.last().map(|h| h.doc).unwrap_or(0);
    let _ = idx.matter_json(doc);
    let need = idx.take_missing();
    assert!(need.len() <= 1, "{need:?}");
    let _ = std::fs::remove_dir_all(&dir);
}

fn miniz_oxide_inflate(b: &[u8]) -> Vec<u8> {
    // The same inflate the library uses natively (a dev-dependency here).
    split::inflate_raw(b).expect("root inflates")
}
