//! The bodies of the fuzz targets (`fuzz/fuzz_targets/*.rs` include this
//! file), so that `tests/fuzz_regressions.rs` replays every crash the
//! fuzzer found through the very same code, on stable Rust.
//!
//! Each function takes arbitrary bytes and must neither panic nor loop; a
//! property it checks (a round trip) fails with a panic, which the fuzzer
//! reports as a crash.

#![allow(dead_code)]

use std::path::PathBuf;
use std::sync::OnceLock;

use matter_search::catalogue::Kind;
use matter_search::{Catalogue, Filters, Index, IndexBuilder, LoadOptions, Matter, Query};

/// Queries every opened index is asked: Chinese substrings, pinyin,
/// initials, a typo, a code-like word, a department-like word.
const QUERIES: &[&str] = &[
    "两用物项",
    "出口",
    "许可",
    "liangyongwuxiang",
    "lywx",
    "jishuchukuo",
    "a",
    "1",
    "办理 证明",
    "商务部",
];

/// Framing of a split index in one fuzz input: `SPLT`, then records of
/// `u32 length, bytes`: the inflated root first, then `u16 length, name`
/// files each followed by their inflated bytes.
pub const SPLIT_MAGIC: &[u8; 4] = b"SPLT";

fn take<'a>(data: &mut &'a [u8], n: usize) -> Option<&'a [u8]> {
    if data.len() < n {
        return None;
    }
    let (a, b) = data.split_at(n);
    *data = b;
    Some(a)
}

fn take_u32(data: &mut &[u8]) -> Option<usize> {
    take(data, 4).map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]) as usize)
}

fn take_u16(data: &mut &[u8]) -> Option<usize> {
    take(data, 2).map(|b| u16::from_le_bytes([b[0], b[1]]) as usize)
}

/// A split index's files by name, with their inflated bytes.
pub type Files = Vec<(String, Vec<u8>)>;

/// Splits a `SPLT` input into its root and its named files.
pub fn unframe(mut data: &[u8]) -> Option<(Vec<u8>, Files)> {
    take(&mut data, 4).filter(|m| m == SPLIT_MAGIC)?;
    let n = take_u32(&mut data)?;
    let root = take(&mut data, n)?.to_vec();
    let mut files = Vec::new();
    while let Some(n) = take_u16(&mut data) {
        let Some(name) = take(&mut data, n) else {
            break;
        };
        let name = String::from_utf8_lossy(name).into_owned();
        let Some(n) = take_u32(&mut data) else { break };
        let Some(bytes) = take(&mut data, n) else {
            break;
        };
        files.push((name, bytes.to_vec()));
    }
    Some((root, files))
}

/// The inverse of [`unframe`], for seeds.
pub fn frame(root: &[u8], files: &[(String, Vec<u8>)]) -> Vec<u8> {
    let mut out = SPLIT_MAGIC.to_vec();
    out.extend_from_slice(&(root.len() as u32).to_le_bytes());
    out.extend_from_slice(root);
    for (name, bytes) in files {
        out.extend_from_slice(&(name.len() as u16).to_le_bytes());
        out.extend_from_slice(name.as_bytes());
        out.extend_from_slice(&(bytes.len() as u32).to_le_bytes());
        out.extend_from_slice(bytes);
    }
    out
}

/// Rewrites a container's body length and checksum to match its body, so
/// that mutations reach the decoders behind the checksum (a forger would
/// recompute it too).
pub fn fix_container(bytes: &mut [u8]) {
    if bytes.len() >= 24 && bytes.starts_with(b"MTRSRCH\x1a") {
        let body = (bytes.len() - 24) as u32;
        bytes[16..20].copy_from_slice(&body.to_le_bytes());
        let crc = matter_search::index::format::crc32(&bytes[24..]);
        bytes[20..24].copy_from_slice(&crc.to_le_bytes());
    }
}

/// Target `index`: a one-file index, or a split root with files (`SPLT`),
/// checksums recomputed, opened and then searched, read and checked as the
/// browser would.
pub fn index(data: &[u8]) {
    if data.starts_with(SPLIT_MAGIC) {
        let Some((mut root, files)) = unframe(data) else {
            return;
        };
        fix_container(&mut root);
        let Ok(idx) = Index::from_vec(root) else {
            return;
        };
        exercise(&idx);
        for (name, mut bytes) in files {
            if idx.add_file(&name, bytes.clone()).is_err() && bytes.len() >= 8 {
                // A file of a set carries its own checksum and length.
                let len = (bytes.len() - 8) as u32;
                let crc = matter_search::index::format::crc32(&bytes[8..]);
                bytes[..4].copy_from_slice(&crc.to_le_bytes());
                bytes[4..8].copy_from_slice(&len.to_le_bytes());
                let _ = idx.add_file(&name, bytes);
            }
        }
        let _ = idx.take_missing();
        exercise(&idx);
    } else {
        let mut bytes = data.to_vec();
        fix_container(&mut bytes);
        if let Ok(idx) = Index::from_bytes(&bytes) {
            exercise(&idx);
        }
    }
}

/// Everything a page does with an opened index.
pub fn exercise(idx: &Index<'_>) {
    let _ = idx.verify();
    let _ = idx.stats();
    let _ = matter_search::wasm::stats(idx);
    let _ = matter_search::wasm::departments(idx);
    let _ = (idx.title(), idx.len(), idx.passages(), idx.is_split());
    for q in QUERIES {
        let res = idx.search(&Query::new(*q).limit(5));
        for hit in &res.hits {
            let _ = idx.matter(hit.doc);
            let _ = idx.matter_json(hit.doc);
            let _ = idx.matter_by_id(&hit.id);
        }
        let _ = matter_search::wasm::JsResults::from(res).to_json();
        let _ = idx.suggest(q, 5);
    }
    let filters = Filters {
        kinds: vec![Kind::ALL[0]],
        max_days: Some(20),
        ..Filters::default()
    };
    let _ = idx.search(&Query::new("许可").filters(filters).offset(2));
    for doc in [0, 1, idx.len() as u32 / 2, idx.len() as u32, u32::MAX] {
        let _ = idx.columns(doc.min(idx.len().saturating_sub(1) as u32));
        let _ = idx.matter(doc);
    }
    let _ = idx.find_id("mofcom-dual-use");
    let _ = idx.take_missing();
}

/// The Ministry of Commerce index with pinyin, traditional characters and
/// synonyms, built once per process.
pub fn mofcom() -> &'static Index<'static> {
    static INDEX: OnceLock<Index<'static>> = OnceLock::new();
    INDEX.get_or_init(|| {
        let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
        let root = if root.join("data/mofcom.json").exists() {
            root
        } else {
            root.join("..")
        };
        let read = |p: &str| std::fs::read_to_string(root.join(p)).expect("data file");
        let cat = Catalogue::from_json_str(
            &read("data/mofcom.json"),
            "mofcom.json",
            &LoadOptions::default(),
        )
        .expect("mofcom loads")
        .catalogue;
        let mut b = IndexBuilder::new();
        b.user_dictionary(&read("data/user-dict.txt"), "user-dict.txt")
            .expect("user dictionary");
        b.synonyms(&read("data/synonyms.txt"), "synonyms.txt")
            .expect("synonyms");
        Index::from_vec(b.build(&cat).expect("mofcom builds")).expect("mofcom opens")
    })
}

/// Target `analyzer`: arbitrary text through normalization, cutting and
/// query understanding (pinyin, synonyms, typos, folding), then a search.
pub fn analyzer(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let idx = mofcom();
    let norm = matter_search::analysis::normalize(&text);
    let _ = matter_search::analysis::tokens(&norm);
    let _ = matter_search::analysis::words(&norm, idx.lexicon());
    let folded = idx.normalize(&text);
    let _ = matter_search::analysis::words(&folded, idx.lexicon());
    let _ = idx.synonyms().alternatives(&folded);
    let res = idx.search(&Query::new(text.as_ref()).limit(20));
    assert!(res.hits.len() <= 20);
    let _ = matter_search::wasm::JsResults::from(res).to_json();
    let _ = idx.suggest(&text, 8);
}

/// Target `catalogue`: byte 0 picks JSON, CSV or XLSX; the rest is the
/// file. A catalogue that loads must build, open, verify and give every
/// matter back equal (its department as the department's id).
pub fn catalogue(data: &[u8]) {
    let Some((&mode, body)) = data.split_first() else {
        return;
    };
    let ext = ["json", "csv", "xlsx"][mode as usize % 3];
    let dir = std::env::temp_dir().join(format!("matter-search-fuzz-{}", std::process::id()));
    let _ = std::fs::create_dir_all(&dir);
    let path = dir.join(format!("catalogue.{ext}"));
    if std::fs::write(&path, body).is_err() {
        return;
    }
    let Ok(loaded) = Catalogue::load_files(&[&path], &LoadOptions::default()) else {
        return;
    };
    round_trip(&loaded.catalogue);
}

/// load → build → open → every matter back equal.
pub fn round_trip(cat: &Catalogue) {
    let bytes = IndexBuilder::new()
        .general_dictionary(false)
        .build(cat)
        .expect("a catalogue that loads builds");
    let idx = Index::from_bytes(&bytes).expect("a built index opens");
    idx.verify().expect("a built index verifies");
    assert_eq!(idx.len(), cat.matters.len());
    for (i, m) in cat.matters.iter().enumerate() {
        let got = idx.matter(i as u32).expect("a stored record decodes");
        assert_eq!(
            got,
            expected_record(cat, m),
            "matter {i} changed in the index"
        );
        let _ = idx.search(&Query::new(m.name.as_str()).limit(3));
    }
}

/// What `Index::matter` gives back for `m`: the record with the department
/// as the id of the department it names.
pub fn expected_record(cat: &Catalogue, m: &Matter) -> Matter {
    let mut e = m.clone();
    e.department = m.department.as_ref().map(|key| match cat.department(key) {
        Some(d) => d.id.clone(),
        None => key.clone(),
    });
    e
}

/// Target `options`: a JSON value as `search`'s options (the browser's
/// parser, run natively), then the search it describes.
pub fn options(data: &[u8]) {
    let Ok(v) = serde_json::from_slice::<serde_json::Value>(data) else {
        return;
    };
    let idx = mofcom();
    if let Ok(o) = matter_search::wasm::options_from_json(&v) {
        if let Ok(res) = matter_search::wasm::search(idx, "许可", &o) {
            let _ = res.to_json();
        }
    }
    // The serde shape of the same options (native callers, the CLI).
    if let Ok(o) = serde_json::from_value::<matter_search::wasm::SearchOptions>(v) {
        let _ = matter_search::wasm::search(idx, "出口", &o);
    }
}

/// A split folder as one `index` input: its root and every file, inflated
/// (as the browser's loader hands them to `addFile`).
#[cfg(not(target_arch = "wasm32"))]
pub fn split_seed(dir: &std::path::Path) -> Vec<u8> {
    use matter_search::index::split;
    let entry = std::fs::read_to_string(dir.join(split::ENTRY_FILE)).expect("entry.json");
    let root_name = split::root_name(&entry).expect("root name");
    let root = split::inflate_raw(&std::fs::read(dir.join(root_name)).expect("root"))
        .expect("root inflates");
    let idx = Index::from_vec(root.clone()).expect("root opens");
    let history = idx.compression_history().map(<[u8]>::to_vec);
    let mut files = Vec::new();
    for (name, _, encoding) in idx.file_names() {
        let stored = std::fs::read(dir.join(&name)).expect("split file");
        let raw = match encoding {
            0 => stored,
            1 => split::inflate_raw(&stored).expect("file inflates"),
            _ => {
                let h = history.as_deref().expect("history");
                let skip = u32::from_le_bytes([h[0], h[1], h[2], h[3]]) as usize;
                let mut all = h[4..].to_vec();
                all.extend_from_slice(&stored);
                split::inflate_raw(&all).expect("record inflates")[skip..].to_vec()
            }
        };
        files.push((name, raw));
    }
    frame(&root, &files)
}
