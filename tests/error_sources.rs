//! Errors carry the error underneath them as `std::error::Error::source()`
//! where there is one (issue 13 point 16), so that `anyhow`-style callers
//! and `?` chains can show or match the cause (an io::ErrorKind, serde_json's
//! position, the workbook reader's reason) instead of parsing messages.
#![cfg(not(target_arch = "wasm32"))]

use std::error::Error;
use std::path::PathBuf;

use matter_search::index::split;
use matter_search::{Catalogue, IndexBuilder, LoadOptions};

fn temp(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("matter-search-sources-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir.join(name)
}

fn load_err(path: &std::path::Path) -> matter_search::CatalogueError {
    Catalogue::load_files(&[path], &LoadOptions::default()).expect_err("does not load")
}

#[test]
fn an_unreadable_catalogue_has_the_io_error_as_source() {
    for name in ["absent.json", "absent.csv", "absent.xlsx"] {
        let e = load_err(&temp(name));
        // The workbook reader wraps the io::Error in its own: walk the chain.
        let mut s = e.source();
        while let Some(x) = s {
            if x.is::<std::io::Error>() {
                break;
            }
            s = x.source();
        }
        let io = s
            .and_then(|s| s.downcast_ref::<std::io::Error>())
            .unwrap_or_else(|| panic!("{name}: no io::Error in the sources: {e}"));
        assert_eq!(io.kind(), std::io::ErrorKind::NotFound, "{name}");
        // The problem keeps it too, and still reads as before.
        assert!(e.problems[0].cause.is_some());
        assert!(e.to_string().contains("cannot read"), "{e}");
    }
}

#[test]
fn a_json_syntax_error_has_serde_json_s_error_as_source() {
    let p = temp("bad.json");
    std::fs::write(&p, "{\"title\": \"t\", \"matters\": [}").expect("write");
    let e = load_err(&p);
    let j = e
        .source()
        .and_then(|s| s.downcast_ref::<serde_json::Error>())
        .unwrap_or_else(|| panic!("no serde_json source: {e}"));
    assert_eq!(j.line(), 1);
    assert!(e.to_string().contains("invalid JSON"), "{e}");
}

#[test]
fn invalid_utf8_has_the_utf8_error_as_source() {
    let p = temp("latin1.json");
    // Valid ASCII JSON but for one Latin-1 byte inside a string.
    std::fs::write(&p, b"{\"title\": \"caf\xe9\", \"matters\": []}").expect("write");
    let e = load_err(&p);
    let u = e
        .source()
        .and_then(|s| s.downcast_ref::<std::str::Utf8Error>())
        .unwrap_or_else(|| panic!("no Utf8Error source: {e}"));
    assert_eq!(u.valid_up_to(), 14);
}

#[test]
fn a_workbook_that_is_not_one_has_the_reader_s_error_as_source() {
    let p = temp("not-a-workbook.xlsx");
    std::fs::write(&p, "not a zip file").expect("write");
    let e = load_err(&p);
    let s = e.source().unwrap_or_else(|| panic!("no source: {e}"));
    assert!(!s.to_string().is_empty());
    assert!(e.to_string().contains("cannot read the workbook"), "{e}");
}

#[test]
fn validation_problems_have_no_invented_cause() {
    let e = Catalogue::from_json_str(
        r#"{"title": "t", "matters": [{"id": "a"}]}"#,
        "x.json",
        &LoadOptions::default(),
    )
    .expect_err("a matter without a name");
    assert!(e.source().is_none(), "{e}");
}

#[test]
fn a_build_of_an_invalid_catalogue_has_the_catalogue_error_as_source() {
    let cat: Catalogue =
        serde_json::from_str(r#"{"title": "t", "matters": [{"id": "a", "name": ""}]}"#)
            .expect("parses without validation");
    let e = IndexBuilder::new().build(&cat).expect_err("invalid");
    let c = e
        .source()
        .and_then(|s| s.downcast_ref::<matter_search::CatalogueError>())
        .unwrap_or_else(|| panic!("no CatalogueError source: {e}"));
    assert!(!c.problems.is_empty());
}

#[test]
fn a_split_index_that_cannot_be_opened_has_the_io_error_as_source() {
    let missing = temp("no-such-split").join(split::ENTRY_FILE);
    let e = split::open(&missing).expect_err("no such folder");
    let io = e
        .source()
        .and_then(|s| s.downcast_ref::<std::io::Error>())
        .unwrap_or_else(|| panic!("no io::Error source: {e}"));
    assert_eq!(io.kind(), std::io::ErrorKind::NotFound);
    assert!(e.to_string().contains(split::ENTRY_FILE), "{e}");
}
