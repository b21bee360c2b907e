//! Issue 15: one test per finding of the robustness review (the fuzzer's
//! crashes themselves are replayed by tests/fuzz_regressions.rs).
#![cfg(not(target_arch = "wasm32"))]

use std::path::{Path, PathBuf};

use matter_search::index::format::{crc32, HEADER_LEN};
use matter_search::{Catalogue, Index, IndexBuilder, IndexError, LoadOptions, Query};

fn repo(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(rel)
}

fn load(json: &str) -> Result<Catalogue, String> {
    Catalogue::from_json_str(json, "t.json", &LoadOptions::default())
        .map(|l| l.catalogue)
        .map_err(|e| e.to_string())
}

fn temp(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("matter-search-rob-{}", std::process::id()));
    std::fs::create_dir_all(&d).unwrap();
    d.join(name)
}

fn fix_crc(bytes: &mut [u8]) {
    let crc = crc32(&bytes[HEADER_LEN..]);
    bytes[20..24].copy_from_slice(&crc.to_le_bytes());
}

/// Where the chunk `tag` 0 of a one-file index starts, and its length.
fn section(bytes: &[u8], tag: &[u8; 4]) -> (usize, usize) {
    let u32_at = |at: usize| u32::from_le_bytes(bytes[at..at + 4].try_into().unwrap()) as usize;
    let n = u32_at(HEADER_LEN);
    for i in 0..n {
        let e = HEADER_LEN + 4 + i * 16;
        if &bytes[e..e + 4] == tag && u32_at(e + 4) == 0 {
            return (HEADER_LEN + u32_at(e + 8), u32_at(e + 12));
        }
    }
    panic!("no section {tag:?}");
}

fn varint_len(b: &[u8]) -> (usize, usize) {
    let (mut v, mut i) = (0usize, 0);
    loop {
        v |= ((b[i] & 0x7F) as usize) << (7 * i);
        i += 1;
        if b[i - 1] & 0x80 == 0 {
            return (v, i);
        }
    }
}

fn mofcom_index() -> Vec<u8> {
    let cat = load(&std::fs::read_to_string(repo("data/mofcom.json")).unwrap()).unwrap();
    IndexBuilder::new().build(&cat).unwrap()
}

/// Finding 1: a count read from the file sizes what a query allocates (an
/// empty query lists every matter): a forged matter count with a valid
/// checksum is refused when the index is opened, never reached by a query.
#[test]
fn finding1_forged_counts_are_refused_when_opening() {
    let bytes = mofcom_index();
    let (meta, _) = section(&bytes, b"META");
    // title, authority, version: three strings, then u32 matters.
    let mut at = meta;
    for _ in 0..3 {
        let (n, w) = varint_len(&bytes[at..]);
        at += w + n;
    }
    for forged in [63u32, 2_000_001, u32::MAX] {
        let mut b = bytes.clone();
        b[at..at + 4].copy_from_slice(&forged.to_le_bytes());
        fix_crc(&mut b);
        match Index::from_bytes(&b) {
            Err(IndexError::Corrupt(m)) => {
                assert!(m.starts_with("meta:") && m.contains("matters"), "{m}")
            }
            Err(e) => panic!("{forged}: {e}"),
            Ok(idx) => panic!(
                "{forged} matters with columns for 62 opened; an empty query lists {}",
                idx.search(&Query::new("")).total
            ),
        }
    }
    // The true count still opens and answers.
    let idx = Index::from_bytes(&bytes).unwrap();
    assert_eq!(idx.search(&Query::new("")).total, 62);
    idx.verify().unwrap();
}

/// Finding 2: a number that is not exactly a whole number of days is an
/// error however it is spelt; whole numbers in any spelling still load.
#[test]
fn finding2_numbers_are_never_bent() {
    let doc = |days: &str| {
        format!(
            r#"{{"title": "t", "matters": [{{"id": "a", "name": "食品经营许可", "time_limit": {{"statutory_days": {days}, "unit": "working"}}}}]}}"#
        )
    };
    for bad in [
        "1e-400",
        "1e-22",
        "0.5",
        "1.0000000000000000001",
        "25e-1",
        "-0.1",
    ] {
        let e = load(&doc(bad)).expect_err(bad);
        assert!(
            e.contains("statutory_days") && e.contains("fraction") && e.contains(bad),
            "{bad}: {e}"
        );
    }
    for (good, days) in [
        ("20", 20),
        ("20.0", 20),
        ("2e1", 20),
        ("2.5e1", 25),
        ("250e-1", 25),
        ("0", 0),
        ("0e-400", 0),
    ] {
        let cat = load(&doc(good)).unwrap_or_else(|e| panic!("{good}: {e}"));
        let tl = cat.matters[0].time_limit.as_ref().unwrap();
        assert_eq!(tl.statutory_days, Some(days), "{good}");
    }
}

/// Finding 3: the encoding named is the one found.
#[test]
fn finding3_encodings_are_named() {
    let json = "{\"title\": \"商务部\", \"matters\": []}";
    let ascii = "{\"title\": \"t\", \"matters\": []}";
    let utf16 = |s: &str, le: bool| -> Vec<u8> {
        s.encode_utf16()
            .flat_map(|u| if le { u.to_le_bytes() } else { u.to_be_bytes() })
            .collect()
    };
    let utf32 = |s: &str, le: bool| -> Vec<u8> {
        s.chars()
            .flat_map(|c| {
                if le {
                    (c as u32).to_le_bytes()
                } else {
                    (c as u32).to_be_bytes()
                }
            })
            .collect()
    };
    let with = |bom: &[u8], body: Vec<u8>| [bom.to_vec(), body].concat();
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        (
            "utf16le-ascii",
            utf16(ascii, true),
            "UTF-16 (little-endian, no byte order mark)",
        ),
        (
            "utf16le",
            utf16(json, true),
            "UTF-16 (little-endian, no byte order mark)",
        ),
        (
            "utf16be",
            utf16(json, false),
            "UTF-16 (big-endian, no byte order mark)",
        ),
        (
            "utf16le-bom",
            with(&[0xFF, 0xFE], utf16(json, true)),
            "UTF-16 (little-endian, with a byte order mark)",
        ),
        (
            "utf32le-bom",
            with(&[0xFF, 0xFE, 0, 0], utf32(json, true)),
            "UTF-32 (little-endian, with a byte order mark)",
        ),
        (
            "utf32be-bom",
            with(&[0, 0, 0xFE, 0xFF], utf32(json, false)),
            "UTF-32 (big-endian, with a byte order mark)",
        ),
        (
            "utf32le",
            utf32(json, true),
            "UTF-32 (little-endian, no byte order mark)",
        ),
        (
            "double-bom",
            with(
                &[0xEF, 0xBB, 0xBF, 0xEF, 0xBB, 0xBF],
                json.as_bytes().to_vec(),
            ),
            "two byte order marks",
        ),
    ];
    for (name, bytes, want) in cases {
        let path = temp(&format!("{name}.json"));
        std::fs::write(&path, &bytes).unwrap();
        let e = Catalogue::load_files(&[&path], &LoadOptions::default())
            .expect_err(name)
            .to_string();
        assert!(e.contains(want), "{name}: {e}");
        assert!(
            !e.contains("GBK") && !e.contains("key must be"),
            "{name}: {e}"
        );
        #[cfg(feature = "spreadsheet")]
        {
            let csv = temp(&format!("{name}.csv"));
            let text = "事项名称,事项类型\n食品经营许可,行政许可\n";
            let body = match name {
                "utf16le" | "utf16le-ascii" => utf16(text, true),
                "utf16be" => utf16(text, false),
                _ => continue,
            };
            std::fs::write(&csv, body).unwrap();
            let e = Catalogue::load_files(&[&csv], &LoadOptions::default())
                .expect_err(name)
                .to_string();
            assert!(e.contains("UTF-16"), "{name}.csv: {e}");
        }
    }
    // Twice U+FEFF in a string handed over directly.
    let e = load(&format!("\u{feff}\u{feff}{json}")).unwrap_err();
    assert!(e.contains("two byte order marks"), "{e}");
    let one = r#"{"title": "t", "matters": [{"id": "a", "name": "食品经营许可"}]}"#;
    load(&format!("\u{feff}{one}")).expect("one byte order mark is fine");
}

/// Finding 6: the synonym table an index may carry is bounded, so a query
/// does bounded work on it; a larger group is refused when building and
/// when reading.
#[test]
fn finding6_synonym_tables_are_bounded() {
    use matter_search::analysis::synonyms::{Synonyms, MAX_GROUP_TERMS};
    let big: Vec<String> = (0..=MAX_GROUP_TERMS).map(|i| format!("许可{i}")).collect();
    let line = big.join(" ");
    let e = match IndexBuilder::new().synonyms(&line, "syn.txt") {
        Ok(_) => panic!("a group over the limit is accepted"),
        Err(e) => e,
    };
    assert!(e.to_string().contains("at most 64"), "{e}");
    // A forged section: varint 1 group, varint 100,000 terms.
    let mut forged = vec![1u8];
    forged.extend_from_slice(&[0xA0, 0x8D, 0x06]);
    for _ in 0..100_000 {
        forged.extend_from_slice(&[2, b'a', b'b']);
    }
    let e = Synonyms::from_bytes(&forged).expect_err("refused");
    assert!(e.0.contains("at most 64"), "{}", e.0);
    let ok: Vec<String> = (0..MAX_GROUP_TERMS).map(|i| format!("许可{i}")).collect();
    assert!(Synonyms::parse(&ok.join(" "), "syn.txt").is_ok());
}

/// Finding 4: catalogue text reaches a terminal with its control
/// characters escaped (an ESC clears the screen, an OSC sets the window
/// title); `show` stays JSON that reads back the same.
#[cfg(feature = "cli")]
#[test]
fn finding4_control_characters_are_escaped_on_the_terminal() {
    use std::process::Command;
    const BIN: &str = env!("CARGO_BIN_EXE_matter-search");
    let evil = "食品\u{1b}[2J经营\u{1b}]0;pwned\u{7}许可\u{9b}31m\u{202e}";
    let json = serde_json::json!({
        "title": "t",
        "departments": [{"id": "d", "name": format!("区市场监管局\u{1b}]2;title\u{7}")}],
        "matters": [{"id": "food-\u{1b}[1m", "name": evil, "department": "d",
                     "conditions": [format!("具备与食品经营相适应的场所\u{1b}[5m")]}]
    });
    let cat = temp("evil.json");
    std::fs::write(&cat, json.to_string()).unwrap();
    let idx = temp("evil.idx");
    let run = |args: &[&str]| {
        let out = Command::new(BIN).args(args).output().unwrap();
        assert!(
            out.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    };
    run(&["build", cat.to_str().unwrap(), "-o", idx.to_str().unwrap()]);
    for q in ["食品", "场所"] {
        let out = run(&["search", "--index", idx.to_str().unwrap(), q]);
        assert!(out.contains("1 match"), "{out}");
        for c in ['\u{1b}', '\u{7}', '\u{9b}', '\u{202e}'] {
            assert!(!out.contains(c), "{q}: {:?} printed raw:\n{out:?}", c);
        }
        assert!(out.contains("\\u{1b}"), "{out}");
    }
    let shown = run(&["show", "--index", idx.to_str().unwrap(), "food-\u{1b}[1m"]);
    for c in ['\u{1b}', '\u{7}', '\u{9b}', '\u{202e}'] {
        assert!(!shown.contains(c), "show printed {c:?} raw:\n{shown:?}");
    }
    let back: serde_json::Value = serde_json::from_str(&shown).unwrap();
    assert_eq!(back["name"], evil);
    // --json output is for programs: JSON escapes, the same strings.
    let out = run(&["search", "--index", idx.to_str().unwrap(), "--json", "食品"]);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["hits"][0]["id"], "food-\u{1b}[1m");
}

/// The fuzzer's last finding (a timeout): the meta's passage count is the
/// file's word. Forged to four billion with a valid checksum, `verify`
/// walked every claimed passage (hours); it now walks what the passage
/// sections hold and names the mismatch, and a forged count below the true
/// one is named too.
#[test]
fn finding6_verify_names_a_passage_count_the_file_does_not_hold() {
    let bytes = mofcom_index();
    let (meta, _) = section(&bytes, b"META");
    let mut at = meta;
    for _ in 0..3 {
        let (n, w) = varint_len(&bytes[at..]);
        at += w + n;
    }
    at += 4; // the matters; then the passages, u32
    let real = u32::from_le_bytes(bytes[at..at + 4].try_into().unwrap());
    assert!(real > 62, "passages of data/: {real}");
    Index::from_bytes(&bytes).unwrap().verify().unwrap();
    for forged in [u32::MAX, real + 1, real - 1] {
        let mut b = bytes.clone();
        b[at..at + 4].copy_from_slice(&forged.to_le_bytes());
        fix_crc(&mut b);
        let Ok(idx) = Index::from_bytes(&b) else {
            continue; // refused at open: as good
        };
        match idx.verify() {
            Err(IndexError::Corrupt(m)) => assert!(m.contains("passages"), "{forged}: {m}"),
            other => panic!("{forged} passages for {real}: {other:?}"),
        }
    }
}
