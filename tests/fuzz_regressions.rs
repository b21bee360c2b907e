//! Every input the fuzzer found a crash with (`tests/fixtures/fuzz/TARGET/`),
//! and the forged cases of issue 15's findings, replayed through the same
//! target bodies (`tests/support/fuzz.rs`) on stable Rust: CI runs the
//! regression corpus, not the fuzzer.
#![cfg(not(target_arch = "wasm32"))]

#[path = "support/fuzz.rs"]
mod harness;

use std::path::PathBuf;

fn replay(target: &str, run: fn(&[u8])) -> usize {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/fuzz")
        .join(target);
    let Ok(read) = std::fs::read_dir(&dir) else {
        return 0;
    };
    let mut paths: Vec<PathBuf> = read.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    for p in &paths {
        let bytes = std::fs::read(p).expect("regression input");
        let r = std::panic::catch_unwind(|| run(&bytes));
        assert!(r.is_ok(), "{target}: {} panics again", p.display());
    }
    paths.len()
}

#[test]
fn index_regressions() {
    assert!(replay("index", harness::index) >= 2);
}

#[test]
fn analyzer_regressions() {
    assert!(replay("analyzer", harness::analyzer) >= 3);
}

#[test]
fn catalogue_regressions() {
    assert!(replay("catalogue", harness::catalogue) >= 5);
}

#[test]
fn options_regressions() {
    assert!(replay("options", harness::options) >= 2);
}

/// The split framing the `index` target reads: a real split folder goes
/// through it whole, and every file it carries is accepted by the root.
#[test]
fn split_frames_carry_a_whole_index() {
    let cat = matter_search::Catalogue::from_json_str(
        &std::fs::read_to_string(
            PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/catalogue/full.json"),
        )
        .unwrap(),
        "full.json",
        &Default::default(),
    )
    .unwrap()
    .catalogue;
    let chunks = matter_search::IndexBuilder::new()
        .build_chunks(&cat)
        .unwrap();
    let dir = std::env::temp_dir().join(format!("fuzz-frame-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    matter_search::index::split::write(&chunks, &dir).unwrap();
    let framed = harness::split_seed(&dir);
    let (root, files) = harness::unframe(&framed).expect("frame reads back");
    let idx = matter_search::Index::from_vec(root).unwrap();
    assert!(!files.is_empty());
    for (name, bytes) in files {
        idx.add_file(&name, bytes)
            .expect("a file of the folder is accepted");
    }
    idx.verify().expect("the whole index is there");
    assert_eq!(idx.len(), cat.matters.len());
    harness::index(&framed);
    let _ = std::fs::remove_dir_all(&dir);
}

/// The fuzzer's one timeout (issue 15, final run): a split root whose meta
/// claims far more passages than its passage files hold made `verify` walk
/// every claimed passage (hours). It now walks what the files hold, and
/// names a count they do not hold (`verify_names_a_passage_count_…`).
#[test]
fn a_forged_passage_count_is_named_not_walked() {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/fuzz/index/verify-passages-forged.split");
    let bytes = std::fs::read(path).expect("regression input");
    let (mut root, files) = harness::unframe(&bytes).expect("a split frame");
    harness::fix_container(&mut root);
    let idx = matter_search::Index::from_vec(root).expect("the forged root opens");
    for (name, mut file) in files {
        if idx.add_file(&name, file.clone()).is_err() && file.len() >= 8 {
            // As the target does: a file of a set carries its own checksum.
            let len = (file.len() - 8) as u32;
            let crc = matter_search::index::format::crc32(&file[8..]);
            file[..4].copy_from_slice(&crc.to_le_bytes());
            file[4..8].copy_from_slice(&len.to_le_bytes());
            let _ = idx.add_file(&name, file);
        }
    }
    let _ = idx.take_missing();
    assert!(
        idx.passages() > 1_000_000,
        "the forged count: {}",
        idx.passages()
    );
    // The passage file of this root is not in the frame: `verify` says so,
    // after one look per passage chunk (before, one per claimed passage).
    let err = idx.verify().expect_err("a passage file that is not there");
    assert!(err.to_string().contains("pass-"), "{err}");
}
