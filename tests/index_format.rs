//! The index file format: what goes in comes back out, the bytes are
//! deterministic, and bad bytes give a clear [`IndexError`], never a panic.
// Native only: wasm-pack test builds every test target for wasm32.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use common::district::district_catalogue;
use matter_search::index::format::{self, crc32, HEADER_LEN};
use matter_search::{Catalogue, Index, IndexBuilder, IndexError, LoadOptions, Matter, Query};

// ---------------------------------------------------------------- fixtures

fn manifest(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(rel)
}

fn mofcom() -> &'static (Catalogue, Vec<u8>) {
    static F: OnceLock<(Catalogue, Vec<u8>)> = OnceLock::new();
    F.get_or_init(|| {
        let cat = Catalogue::load_files(&[manifest("data/mofcom.json")], &LoadOptions::default())
            .expect("mofcom.json loads")
            .catalogue;
        let bytes = IndexBuilder::new().build(&cat).expect("mofcom builds");
        (cat, bytes)
    })
}

fn district() -> &'static (Catalogue, Vec<u8>) {
    static F: OnceLock<(Catalogue, Vec<u8>)> = OnceLock::new();
    F.get_or_init(|| {
        let cat = district_catalogue();
        let bytes = IndexBuilder::new().build(&cat).expect("district builds");
        (cat, bytes)
    })
}

fn load_str(json: &str) -> Catalogue {
    Catalogue::from_json_str(json, "t.json", &LoadOptions::default())
        .unwrap_or_else(|e| panic!("test catalogue loads:\n{e}"))
        .catalogue
}

/// What `Index::matter` should give back for `m`: the record itself with
/// the department as the id of the department it names.
fn expected_record(cat: &Catalogue, m: &Matter) -> Matter {
    let mut e = m.clone();
    e.department = m.department.as_ref().map(|key| match cat.department(key) {
        Some(d) => d.id.clone(),
        None => key.clone(),
    });
    e
}

/// Rewrites the header checksum so that it matches the (modified) body.
fn fix_crc(bytes: &mut [u8]) {
    let crc = crc32(&bytes[HEADER_LEN..]);
    bytes[20..24].copy_from_slice(&crc.to_le_bytes());
}

fn header_u32(bytes: &[u8], at: usize) -> u32 {
    u32::from_le_bytes(bytes[at..at + 4].try_into().unwrap())
}

fn open_err(bytes: &[u8]) -> IndexError {
    match Index::from_bytes(bytes) {
        Ok(_) => panic!("{} bytes opened as an index", bytes.len()),
        Err(e) => e,
    }
}

// ---------------------------------------------------------------- round trip

#[test]
fn every_mofcom_matter_comes_back_whole() {
    let (cat, bytes) = mofcom();
    let idx = Index::from_bytes(bytes).unwrap();
    assert_eq!(idx.len(), cat.matters.len());
    assert_eq!(idx.len(), 62);
    assert_eq!(idx.title(), cat.title);
    assert_eq!(idx.authority(), cat.authority.as_deref());
    assert_eq!(idx.version(), cat.version.as_deref());
    // Declared departments first, in catalogue order, with names and aliases.
    let declared: Vec<(&str, &str, &[String])> = cat
        .departments
        .iter()
        .map(|d| (d.id.as_str(), d.name.as_str(), d.aliases.as_slice()))
        .collect();
    let stored: Vec<(&str, &str, &[String])> = idx
        .departments()
        .iter()
        .map(|d| (d.id.as_str(), d.name.as_str(), d.aliases.as_slice()))
        .collect();
    assert_eq!(stored, declared);

    let mut rich = 0;
    for (i, m) in cat.matters.iter().enumerate() {
        let got = idx.matter(i as u32).expect("stored record decodes");
        let want = expected_record(cat, m);
        assert_eq!(got, want, "matter {i} ({}) changed in the index", m.id);
        assert_eq!(idx.matter_by_id(&m.id).unwrap().as_ref(), Some(&want));
        assert_eq!(idx.find_id(&m.id), Some(i as u32));
        // Make sure the comparison above covered real content.
        if !m.basis.is_empty() && !m.materials.is_empty() && m.fee.is_some() {
            rich += 1;
        }
    }
    assert!(
        rich > 40,
        "only {rich} matters with basis, materials and fee"
    );
    // The fields named in the brief are all present somewhere.
    assert!(cat.matters.iter().any(|m| !m.faq.is_empty()));
    assert!(cat.matters.iter().any(|m| !m.forms.is_empty()));
    assert!(cat.matters.iter().any(|m| m.status_date.is_some()));
    assert!(cat.matters.iter().any(|m| m.status_note.is_some()));
    assert!(cat.matters.iter().any(|m| m.notes.is_some()));
    assert!(cat.matters.iter().any(|m| m.parent.is_some()));
    assert!(idx.matter_by_id("no-such-id").unwrap().is_none());
    assert!(idx.matter(62).is_err());
    assert!(idx.matter(u32::MAX).is_err());
    idx.verify().expect("intact index verifies");
}

#[test]
fn full_fixture_comes_back_whole() {
    let cat = Catalogue::load_files(
        &[manifest("tests/fixtures/catalogue/full.json")],
        &LoadOptions { strict: true },
    )
    .expect("full.json loads")
    .catalogue;
    let bytes = IndexBuilder::new().build(&cat).unwrap();
    let idx = Index::from_bytes(&bytes).unwrap();
    for (i, m) in cat.matters.iter().enumerate() {
        assert_eq!(idx.matter(i as u32).unwrap(), expected_record(&cat, m));
    }
}

#[test]
fn department_names_and_aliases_become_ids() {
    let cat = load_str(
        r#"{"title": "t",
            "departments": [{"id": "d1", "name": "对外贸易司", "aliases": ["外贸司"]},
                            {"id": "d2", "name": "外国投资管理司"}],
            "matters": [{"id": "a", "name": "甲", "department": "d1"},
                        {"id": "b", "name": "乙", "department": "对外贸易司"},
                        {"id": "c", "name": "丙", "department": "外贸司"},
                        {"id": "d", "name": "丁", "department": "外国投资管理司"},
                        {"id": "e", "name": "戊"}]}"#,
    );
    let bytes = IndexBuilder::new().build(&cat).unwrap();
    let idx = Index::from_bytes(&bytes).unwrap();
    let depts: Vec<Option<String>> = (0..5).map(|i| idx.matter(i).unwrap().department).collect();
    let s = |x: &str| Some(x.to_string());
    assert_eq!(depts, vec![s("d1"), s("d1"), s("d1"), s("d2"), None]);
    assert_eq!(idx.departments().len(), 2);

    // Without a department table, the name a matter gives is its id.
    let cat = load_str(
        r#"{"title": "t", "matters": [{"id": "a", "name": "甲", "department": "区商务局"},
                                     {"id": "b", "name": "乙", "department": "区商务局"},
                                     {"id": "c", "name": "丙", "department": "区民政局"}]}"#,
    );
    let bytes = IndexBuilder::new().build(&cat).unwrap();
    let idx = Index::from_bytes(&bytes).unwrap();
    let ids: Vec<&str> = idx.departments().iter().map(|d| d.id.as_str()).collect();
    assert_eq!(ids, ["区商务局", "区民政局"]);
    assert_eq!(
        idx.matter(1).unwrap().department.as_deref(),
        Some("区商务局")
    );
    assert_eq!(
        idx.matter(2).unwrap().department.as_deref(),
        Some("区民政局")
    );
}

/// `Catalogue::department` (used by validation) resolves a key by id
/// first, then name, then alias. The index must resolve it the same way.
#[test]
fn department_id_wins_over_another_departments_name() {
    let cat = load_str(
        r#"{"title": "t",
            "departments": [{"id": "a", "name": "b"}, {"id": "b", "name": "乙司"}],
            "matters": [{"id": "m", "name": "事项", "department": "b"}]}"#,
    );
    assert_eq!(cat.department("b").unwrap().id, "b");
    let bytes = IndexBuilder::new().build(&cat).unwrap();
    let idx = Index::from_bytes(&bytes).unwrap();
    assert_eq!(idx.matter(0).unwrap().department.as_deref(), Some("b"));
}

/// A blank alias or condition loads without an error, so it is part of the
/// record; the index should not drop it.
#[test]
fn blank_aliases_and_conditions_are_kept() {
    let cat = load_str(
        r#"{"title": "t", "matters": [{"id": "m", "name": "事项",
              "aliases": ["别名", " "], "conditions": ["", "条件"]}]}"#,
    );
    assert_eq!(cat.matters[0].aliases.len(), 2);
    let bytes = IndexBuilder::new().build(&cat).unwrap();
    let idx = Index::from_bytes(&bytes).unwrap();
    assert_eq!(idx.matter(0).unwrap(), cat.matters[0]);
}

// ---------------------------------------------------------------- errors

#[test]
fn not_an_index() {
    assert_eq!(open_err(&[]), IndexError::NotAnIndex);
    assert_eq!(open_err(b"MTRSRCH"), IndexError::NotAnIndex);
    assert_eq!(
        open_err(b"{\"title\": \"a catalogue\"}"),
        IndexError::NotAnIndex
    );
    let (_, bytes) = mofcom();
    let mut b = bytes.clone();
    b[0] = b'X';
    assert_eq!(open_err(&b), IndexError::NotAnIndex);
    let mut b = bytes.clone();
    b[7] ^= 0xFF;
    assert_eq!(open_err(&b), IndexError::NotAnIndex);
    let msg = IndexError::NotAnIndex.to_string();
    assert!(msg.contains("not a matter-search index"), "{msg}");
    assert!(msg.contains("magic"), "{msg}");
}

#[test]
fn other_format_version() {
    let (_, bytes) = mofcom();
    assert_eq!(header_u32(bytes, 8), format::FORMAT_VERSION);
    for v in [
        0u32,
        format::FORMAT_VERSION - 1,
        format::FORMAT_VERSION + 1,
        u32::MAX,
    ] {
        let mut b = bytes.clone();
        b[8..12].copy_from_slice(&v.to_le_bytes());
        // The checksum covers only the body: it still matches, so the
        // version is what is reported.
        assert_eq!(crc32(&b[HEADER_LEN..]), header_u32(&b, 20));
        let e = open_err(&b);
        assert_eq!(
            e,
            IndexError::Version {
                found: v,
                supported: format::FORMAT_VERSION
            }
        );
        let msg = e.to_string();
        assert!(msg.contains(&format!("version {v}")), "{msg}");
        assert!(msg.contains("not supported"), "{msg}");
        assert!(msg.contains("rebuild"), "{msg}");
    }
}

#[test]
fn other_analyzer_version() {
    let (_, bytes) = mofcom();
    let current = matter_search::analysis::ANALYZER_VERSION;
    assert_eq!(header_u32(bytes, 12), current);
    let mut b = bytes.clone();
    b[12..16].copy_from_slice(&(current + 1).to_le_bytes());
    let e = open_err(&b);
    assert_eq!(
        e,
        IndexError::AnalyzerVersion {
            found: current + 1,
            supported: current
        }
    );
    let msg = e.to_string();
    assert!(msg.contains("analyzer version"), "{msg}");
    assert!(msg.contains("rebuild"), "{msg}");
}

#[test]
fn truncated_at_every_kind_of_length() {
    let (_, bytes) = mofcom();
    let total = bytes.len();
    assert_eq!(header_u32(bytes, 16) as usize, total - HEADER_LEN);
    let mut lens: Vec<usize> = (0..HEADER_LEN + 64).collect();
    lens.extend((HEADER_LEN..total).step_by(997));
    lens.extend(total - 64..total);
    for len in lens {
        let e = open_err(&bytes[..len]);
        if len < 8 {
            assert_eq!(e, IndexError::NotAnIndex, "length {len}");
        } else if len < HEADER_LEN {
            assert_eq!(
                e,
                IndexError::Truncated {
                    expected: HEADER_LEN,
                    found: len
                },
                "length {len}"
            );
        } else {
            assert_eq!(
                e,
                IndexError::Truncated {
                    expected: total,
                    found: len
                },
                "length {len}"
            );
            let msg = e.to_string();
            assert!(msg.contains("truncated"), "{msg}");
            assert!(msg.contains(&total.to_string()), "{msg}");
            assert!(msg.contains(&len.to_string()), "{msg}");
        }
    }
}

#[test]
fn trailing_garbage() {
    let (_, bytes) = mofcom();
    for extra in [1usize, 3, 4096] {
        let mut b = bytes.clone();
        b.extend(std::iter::repeat_n(0xAB, extra));
        match open_err(&b) {
            IndexError::Corrupt(m) => {
                assert!(m.contains("trailing"), "{m}");
                assert!(m.contains(&extra.to_string()), "{m}");
            }
            e => panic!("expected Corrupt, got {e:?}"),
        }
    }
}

#[test]
fn flipped_body_byte_fails_the_checksum() {
    let (_, bytes) = district();
    let stored = header_u32(bytes, 20);
    let mut rng = XorShift(0x9E37_79B9_7F4A_7C15);
    for _ in 0..200 {
        let at = HEADER_LEN + rng.below(bytes.len() - HEADER_LEN);
        let mut b = bytes.clone();
        b[at] ^= 1 << rng.below(8);
        let found = crc32(&b[HEADER_LEN..]);
        let e = open_err(&b);
        assert_eq!(
            e,
            IndexError::Checksum {
                expected: stored,
                found
            },
            "byte {at}"
        );
        let msg = e.to_string();
        assert!(msg.contains("checksum"), "{msg}");
        assert!(msg.contains(&format!("{stored:08x}")), "{msg}");
    }
    // A wrong checksum in the header is the same error.
    let mut b = bytes.clone();
    b[20] ^= 0x01;
    assert!(matches!(open_err(&b), IndexError::Checksum { .. }));
}

#[test]
fn corrupt_message_names_the_problem() {
    let msg = IndexError::Corrupt("section TERM out of bounds".into()).to_string();
    assert_eq!(msg, "index is corrupt: section TERM out of bounds");
}

// ---------------------------------------------------------------- fuzzing

/// xorshift64*: deterministic and dependency-free.
struct XorShift(u64);

impl XorShift {
    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

/// Byte ranges of the file: the section count, each entry of the section
/// table (`table:TAG`), then each section (`TAG`).
fn regions(bytes: &[u8]) -> Vec<(String, usize, usize)> {
    let body = &bytes[HEADER_LEN..];
    let count = header_u32(body, 0) as usize;
    let mut out = vec![("count".to_string(), HEADER_LEN, HEADER_LEN + 4)];
    let mut sections = Vec::new();
    for i in 0..count {
        let at = 4 + i * format::TABLE_ENTRY;
        let tag = String::from_utf8_lossy(&body[at..at + 4]).into_owned();
        out.push((
            format!("table:{tag}"),
            HEADER_LEN + at,
            HEADER_LEN + at + format::TABLE_ENTRY,
        ));
        let off = header_u32(body, at + 8) as usize;
        let len = header_u32(body, at + 12) as usize;
        if len > 0 {
            sections.push((tag, HEADER_LEN + off, HEADER_LEN + off + len));
        }
    }
    out.extend(sections);
    out
}

/// Everything a reader of an opened index may do.
fn exercise(idx: &Index<'_>, queries: &[&str]) {
    for q in queries {
        let r = idx.search(&Query::new(*q).limit(20));
        assert!(r.hits.len() <= r.total);
        for h in &r.hits {
            for s in &h.highlights {
                let _ = h.name.get(s.start..s.end);
            }
        }
    }
    for i in 0..idx.len().min(5000) as u32 {
        let _ = idx.matter(i);
        let _ = idx.columns(i);
    }
    let _ = idx.stats();
    let _ = idx.verify();
    let _ = idx.suggest("许可", 3);
}

/// Mutates `rounds` copies of `bytes` inside the regions `pick` accepts,
/// recomputes the checksum, and checks that opening and reading never panic.
fn fuzz(
    name: &str,
    bytes: &[u8],
    seed: u64,
    rounds: usize,
    pick: impl Fn(&str) -> bool,
    queries: &[&str],
) {
    let regions: Vec<_> = regions(bytes).into_iter().filter(|r| pick(&r.0)).collect();
    assert!(!regions.is_empty());
    let mut rng = XorShift(seed);
    let mut failures = Vec::new();
    let mut opened = 0;
    for round in 0..rounds {
        let state = rng.0;
        let (tag, a, b) = &regions[rng.below(regions.len())];
        let mut m = bytes.to_vec();
        let hits = 1 + rng.below(3);
        let mut what = Vec::new();
        for _ in 0..hits {
            let at = a + rng.below(b - a);
            let op = rng.below(5);
            match op {
                0 => m[at] ^= 1 << rng.below(8),
                1 => m[at] = 0,
                2 => m[at] = 0xFF,
                3 => m[at] = rng.next() as u8,
                _ => {
                    // A whole little-endian word, where lengths and offsets live.
                    let v = (rng.next() as u32).to_le_bytes();
                    for (k, x) in v.iter().enumerate() {
                        if let Some(y) = m.get_mut(at + k) {
                            *y = *x;
                        }
                    }
                }
            }
            what.push(format!("{tag}@{at} op{op}"));
        }
        fix_crc(&mut m);
        let outcome = catch_unwind(AssertUnwindSafe(|| match Index::from_bytes(&m) {
            Ok(idx) => {
                exercise(&idx, queries);
                true
            }
            Err(e) => {
                assert!(!e.to_string().is_empty());
                false
            }
        }));
        match outcome {
            Ok(true) => opened += 1,
            Ok(false) => {}
            Err(p) => {
                let msg = p
                    .downcast_ref::<String>()
                    .cloned()
                    .or_else(|| p.downcast_ref::<&str>().map(|s| s.to_string()))
                    .unwrap_or_default();
                failures.push(format!(
                    "{name} round {round} (rng state {state:#x}): {} -> panic: {msg}",
                    what.join(", ")
                ));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {rounds} mutated {name} indexes panicked ({:?}):\n{}",
        failures.len(),
        regions
            .iter()
            .map(|r| (
                r.0.clone(),
                failures
                    .iter()
                    .filter(|f| f.contains(&format!(": {}@", r.0)))
                    .count()
            ))
            .collect::<Vec<_>>(),
        failures
            .iter()
            .take(15)
            .cloned()
            .collect::<Vec<_>>()
            .join("\n")
    );
    // The mutations must not all be caught by `from_bytes`: the readers
    // behind it have to be exercised too.
    assert!(opened > rounds / 10, "only {opened} of {rounds} opened");
}

const MOFCOM_QUERIES: &[&str] = &[
    "许可",
    "两用物项 出口",
    "icp",
    "0100300",
    "外贸司",
    "mofcom-dual-use",
];
const DISTRICT_QUERIES: &[&str] = &["营业执照", "养老 保险", "51160", "区商务局", "a"];

/// The two FST sections (term dictionary and lexicon), and their entries in
/// the section table, are read by the `fst` crate; everything else by the
/// index's own bounds-checked reader.
fn is_fst(region: &str) -> bool {
    region.ends_with("TERM") || region.ends_with("LEXI")
}

#[test]
fn corrupt_mofcom_index_with_valid_checksum_never_panics() {
    let (_, bytes) = mofcom();
    let pick = |t: &str| !is_fst(t);
    fuzz(
        "mofcom",
        bytes,
        0x00C0_FFEE_1234_5678,
        1500,
        pick,
        MOFCOM_QUERIES,
    );
}

#[test]
fn corrupt_district_index_with_valid_checksum_never_panics() {
    let (_, bytes) = district();
    let pick = |t: &str| !is_fst(t);
    fuzz(
        "district",
        bytes,
        0xD15C_0DE5_0000_0001,
        1000,
        pick,
        DISTRICT_QUERIES,
    );
}

/// Same, mutating the FST sections. `fst::Map::new` / `Fst::new` check only
/// the FST's header and footer, so a damaged node panics inside `fst` when
/// `search`, `stats` or the lexicon walks it.
#[test]
fn corrupt_fst_sections_with_valid_checksum_never_panic() {
    let (_, bytes) = mofcom();
    fuzz("mofcom", bytes, 0x5EED_0F57, 1000, is_fst, MOFCOM_QUERIES);
    let (_, bytes) = district();
    fuzz(
        "district",
        bytes,
        0x5EED_0F58,
        500,
        is_fst,
        DISTRICT_QUERIES,
    );
}

// ---------------------------------------------------------------- determinism

/// JSON text with every object's keys in reverse order of the source.
fn write_reversed(v: &serde_json::Value, out: &mut String) {
    match v {
        serde_json::Value::Object(map) => {
            let mut entries: Vec<_> = map.iter().collect();
            entries.reverse();
            out.push('{');
            for (i, (k, x)) in entries.into_iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                out.push_str(&serde_json::to_string(k).unwrap());
                out.push(':');
                write_reversed(x, out);
            }
            out.push('}');
        }
        serde_json::Value::Array(a) => {
            out.push('[');
            for (i, x) in a.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_reversed(x, out);
            }
            out.push(']');
        }
        other => out.push_str(&serde_json::to_string(other).unwrap()),
    }
}

#[test]
fn same_catalogue_same_bytes() {
    let (cat, bytes) = mofcom();
    assert_eq!(&IndexBuilder::new().build(cat).unwrap(), bytes);
    assert_eq!(&IndexBuilder::new().build(&cat.clone()).unwrap(), bytes);
}

#[test]
fn reordered_json_keys_same_bytes() {
    let (cat, bytes) = mofcom();
    let text = std::fs::read_to_string(manifest("data/mofcom.json")).unwrap();
    let value: serde_json::Value = serde_json::from_str(&text).unwrap();
    let mut reordered = String::new();
    write_reversed(&value, &mut reordered);
    assert_ne!(reordered, serde_json::to_string(&value).unwrap());
    let cat2 = load_str(&reordered);
    assert_eq!(&cat2, cat);
    let b2 = IndexBuilder::new().build(&cat2).unwrap();
    assert!(&b2 == bytes, "reordered keys changed the index bytes");

    // Pretty-printed from the typed model (yet another key order and layout).
    let pretty = serde_json::to_string_pretty(cat).unwrap();
    let b3 = IndexBuilder::new().build(&load_str(&pretty)).unwrap();
    assert!(
        &b3 == bytes,
        "re-serialized catalogue changed the index bytes"
    );
}

#[test]
fn user_dictionary_build_is_deterministic() {
    let (cat, _) = mofcom();
    let dict = std::fs::read_to_string(manifest("data/user-dict.txt")).unwrap();
    let build = || {
        let mut b = IndexBuilder::new();
        b.user_dictionary(&dict, "user-dict.txt").unwrap();
        b.build(cat).unwrap()
    };
    let a = build();
    assert!(a == build());
    Index::from_bytes(&a).unwrap().verify().unwrap();
}

// ---------------------------------------------------------------- stats

#[test]
fn stats_of_the_district_index() {
    let (cat, bytes) = district();
    let idx = Index::from_bytes(bytes).unwrap();
    let s = idx.stats();
    assert_eq!(s.matters, 1135);
    assert_eq!(s.matters, cat.matters.len());
    assert_eq!(s.departments, 34);
    assert_eq!(s.total_bytes, bytes.len());
    let names: Vec<&str> = s.sections.iter().map(|(n, _)| n.as_str()).collect();
    for tag in ["META", "TERM", "PASS", "LEXI", "COLS", "DOCS"] {
        assert_eq!(
            names.iter().filter(|n| **n == tag).count(),
            1,
            "{tag} in {names:?}"
        );
    }
    let sum: usize = s.sections.iter().map(|(_, l)| l).sum();
    let has_header = s
        .sections
        .iter()
        .any(|(n, l)| n.contains("header") && *l >= HEADER_LEN);
    if has_header {
        assert_eq!(sum, s.total_bytes, "{:?}", s.sections);
    } else {
        assert_eq!(sum + HEADER_LEN, s.total_bytes, "{:?}", s.sections);
    }
    let col = s.sections.iter().find(|(n, _)| n == "COLS").unwrap().1;
    assert_eq!(col, 1135 * format::COLUMN_WIDTH);
    assert!(s.terms > 500, "{} terms", s.terms);
    assert!(s.postings >= s.terms);
    assert!(s.inline_postings <= s.terms);
    assert!(s.lexicon_words > 0);
    idx.verify().unwrap();
}
