//! The command-line tool for the office that keeps the catalogue:
//! spreadsheets in `check`/`build`, `convert`, `deadline`, `guide`.
// Native only: wasm-pack test builds every test target for wasm32.
#![cfg(all(feature = "cli", not(target_arch = "wasm32")))]

use std::path::{Path, PathBuf};
use std::process::Command;

const BIN: &str = env!("CARGO_BIN_EXE_matter-search");

fn dir(name: &str) -> PathBuf {
    let d = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!("cli-office-{name}"));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).expect("temp dir");
    d
}

fn mofcom() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("data/mofcom.json")
}

/// (exit code, stdout, stderr)
fn run(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(BIN).args(args).output().expect("runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn s(p: &Path) -> &str {
    p.to_str().expect("UTF-8 path")
}

fn mofcom_index(d: &Path) -> PathBuf {
    let idx = d.join("mofcom.idx");
    let (code, _, err) = run(&["build", s(&mofcom()), "-o", s(&idx)]);
    assert_eq!(code, 0, "{err}");
    idx
}

#[test]
fn check_reads_a_csv_and_names_each_bad_cell() {
    let d = dir("check-csv");
    let csv = d.join("matters.csv");
    std::fs::write(
        &csv,
        "实施编码,事项名称,承诺办结时限,是否收费\n\
         11511602MB1538001X4000117001,食品经营许可,二十天,否\n\
         11511602MB1538001X4000117002,个体工商户登记,即办,也许\n",
    )
    .expect("write");
    let (code, _, err) = run(&["check", s(&csv)]);
    assert_eq!(code, 2, "a catalogue with errors exits 2");
    assert!(
        err.contains(
            r#"matters.csv: error: row 2, column 承诺办结时限: "二十天" is not a number of days"#
        ),
        "{err}"
    );
    assert!(
        err.contains(r#"row 3, column 是否收费: "也许" is not yes or no"#),
        "{err}"
    );
    assert!(err.contains("2 problem(s)"), "{err}");
    // With --columns a platform's header is renamed.
    std::fs::write(
        &csv,
        "事项代码,事项名称\n11511602MB1538001X4000117001,食品经营许可\n",
    )
    .expect("write");
    let map = d.join("columns.txt");
    std::fs::write(&map, "事项代码 = 实施编码\n").expect("write");
    let (code, out, err) = run(&["check", "--strict", "--columns", s(&map), s(&csv)]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("ok: 1 matters"), "{out}");
    let (code, _, err) = run(&["check", "--strict", s(&csv)]);
    assert_eq!(code, 2);
    assert!(err.contains("column 事项代码: unknown column"), "{err}");
}

#[test]
fn convert_json_to_xlsx_and_back() {
    let d = dir("convert");
    let xlsx = d.join("mofcom.xlsx");
    let json = d.join("mofcom.json");
    let (code, out, err) = run(&["convert", s(&mofcom()), "-o", s(&xlsx)]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("62 matters"), "{out}");
    let (code, _, err) = run(&["convert", "--strict", s(&xlsx), "-o", s(&json)]);
    assert_eq!(code, 0, "{err}");
    let a: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(mofcom()).expect("read")).expect("json");
    let b: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&json).expect("read")).expect("json");
    assert_eq!(a, b);
    // The index built from the workbook is the JSON's, byte for byte.
    let (i1, i2) = (d.join("a.idx"), d.join("b.idx"));
    assert_eq!(run(&["build", s(&mofcom()), "-o", s(&i1)]).0, 0);
    assert_eq!(run(&["build", s(&xlsx), "-o", s(&i2)]).0, 0);
    assert!(std::fs::read(&i1).expect("a") == std::fs::read(&i2).expect("b"));
    let (code, _, err) = run(&["convert", s(&mofcom()), "-o", s(&d.join("x.txt"))]);
    assert_eq!(code, 2);
    assert!(err.contains(".json or .xlsx"), "{err}");
}

#[test]
fn deadline_prints_the_last_day() {
    let d = dir("deadline");
    let idx = mofcom_index(&d);
    // 技术出口合同登记: 3 working days, as the catalogue gives it.
    let (code, out, err) = run(&[
        "deadline",
        "--index",
        s(&idx),
        "mofcom-tech-export-contract-registration",
        "--submitted",
        "2026-09-28",
        "--json",
    ]);
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(out.trim()).expect("one JSON object");
    assert_eq!(v["due"], "2026-10-08", "{out}");
    assert_eq!(v["workingDays"], 3);
    let (code, out, _) = run(&[
        "deadline",
        "--index",
        s(&idx),
        "mofcom-tech-export-contract-registration",
        "--submitted",
        "2026-09-28",
    ]);
    assert_eq!(code, 0);
    assert!(out.contains("2026-10-08"), "{out}");
    let (code, _, err) = run(&[
        "deadline",
        "--index",
        s(&idx),
        "mofcom-tech-export-contract-registration",
        "--submitted",
        "2026-9-28",
    ]);
    assert_eq!(code, 2);
    assert!(err.contains("not a date"), "{err}");
    let (code, _, err) = run(&[
        "deadline",
        "--index",
        s(&idx),
        "mofcom-tech-export-contract-registration",
        "--submitted",
        "2031-01-06",
    ]);
    assert_eq!(code, 2);
    assert!(
        err.contains("outside the official holiday calendar"),
        "{err}"
    );
    let (code, _, _) = run(&[
        "deadline",
        "--index",
        s(&idx),
        "no-such",
        "--submitted",
        "2026-01-06",
    ]);
    assert_eq!(code, 1);
}

#[test]
fn guide_writes_standalone_html() {
    let d = dir("guide");
    let idx = mofcom_index(&d);
    let out = d.join("guide.html");
    let (code, _, err) = run(&[
        "guide",
        "--index",
        s(&idx),
        "mofcom-direct-selling",
        "-o",
        s(&out),
    ]);
    assert_eq!(code, 0, "{err}");
    let html = std::fs::read_to_string(&out).expect("written");
    assert!(!html.contains("<script") && !html.contains("<link") && !html.contains("src="));
    for section in matter_search::guide::SECTIONS {
        assert!(html.contains(section), "{section}");
    }
    assert!(html.contains("直销企业设立审批"));
}

#[test]
fn deadline_and_guide_read_a_split_index() {
    let d = dir("split");
    let one = mofcom_index(&d);
    let split = d.join("split");
    let (code, _, err) = run(&["build", s(&mofcom()), "--split", "-o", s(&split)]);
    assert_eq!(code, 0, "{err}");
    let id = "mofcom-tech-export-contract-registration";
    let deadline = |index: &Path| {
        let (code, out, err) = run(&[
            "deadline",
            "--index",
            s(index),
            id,
            "--submitted",
            "2026-09-28",
            "--json",
        ]);
        assert_eq!(code, 0, "{err}");
        out
    };
    assert_eq!(deadline(&split), deadline(&one));
    assert_eq!(deadline(&split.join("entry.json")), deadline(&one));
    let html = |index: &Path, name: &str| {
        let out = d.join(name);
        let (code, _, err) = run(&["guide", "--index", s(index), id, "-o", s(&out)]);
        assert_eq!(code, 0, "{err}");
        std::fs::read_to_string(&out).expect("written")
    };
    assert_eq!(html(&split, "split.html"), html(&one, "one.html"));
}
