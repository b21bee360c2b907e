//! The same catalogue gives the same bytes: built twice in one process,
//! and by the command-line tool from another working directory (relative
//! and absolute paths, another time zone and locale), as one file and as
//! a split folder.
#![cfg(all(feature = "cli", not(target_arch = "wasm32")))]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use matter_search::{Catalogue, IndexBuilder, LoadOptions};

const BIN: &str = env!("CARGO_BIN_EXE_matter-search");

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn temp(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("matter-search-det-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).expect("temp dir");
    d
}

/// Every file of a folder by name, with its bytes.
fn folder(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    std::fs::read_dir(dir)
        .expect("split folder")
        .map(|e| {
            let p = e.expect("entry").path();
            (
                p.file_name().unwrap().to_string_lossy().into_owned(),
                std::fs::read(&p).expect("split file"),
            )
        })
        .collect()
}

fn build(cwd: &Path, args: &[&str], tz: &str, lang: &str) {
    let out = Command::new(BIN)
        .current_dir(cwd)
        .arg("build")
        .args(args)
        .env("TZ", tz)
        .env("LANG", lang)
        .env("LC_ALL", lang)
        .output()
        .expect("runs the CLI");
    assert!(
        out.status.success(),
        "build {args:?} in {}: {}",
        cwd.display(),
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn builds_are_byte_identical() {
    // In process, twice.
    let json = std::fs::read_to_string(repo().join("data/mofcom.json")).unwrap();
    let cat = Catalogue::from_json_str(&json, "mofcom.json", &LoadOptions::default())
        .unwrap()
        .catalogue;
    let a = IndexBuilder::new().build(&cat).unwrap();
    let b = IndexBuilder::new().build(&cat).unwrap();
    assert!(a == b, "two builds of one catalogue differ");

    // By the CLI, from the repository with relative paths and from a
    // temporary folder with absolute ones.
    let here = temp("here");
    let there = temp("there");
    let cat_abs = repo().join("data/mofcom.json");
    let dict_abs = repo().join("data/user-dict.txt");
    let syn_abs = repo().join("data/synonyms.txt");
    let one_here = here.join("one.idx");
    let split_here = here.join("split");
    let common = [
        "--user-dict",
        "data/user-dict.txt",
        "--synonyms",
        "data/synonyms.txt",
    ];
    for (out, split) in [(&one_here, false), (&split_here, true)] {
        let mut args = vec!["data/mofcom.json"];
        args.extend(common);
        if split {
            args.push("--split");
        }
        args.extend(["-o", out.to_str().unwrap()]);
        build(&repo(), &args, "UTC", "C.UTF-8");
    }
    for split in [false, true] {
        let mut args = vec![
            cat_abs.to_str().unwrap(),
            "--user-dict",
            dict_abs.to_str().unwrap(),
            "--synonyms",
            syn_abs.to_str().unwrap(),
        ];
        if split {
            args.extend(["--split", "-o", "split"]);
        } else {
            args.extend(["-o", "one.idx"]);
        }
        build(&there, &args, "Asia/Shanghai", "zh_CN.UTF-8");
    }
    let one = std::fs::read(&one_here).unwrap();
    assert!(one.len() > 10_000);
    assert!(
        one == std::fs::read(there.join("one.idx")).unwrap(),
        "the one-file index depends on the working directory, time zone or locale"
    );
    let (s1, s2) = (folder(&split_here), folder(&there.join("split")));
    assert!(s1.len() > 10, "{} split files", s1.len());
    assert_eq!(
        s1.keys().collect::<Vec<_>>(),
        s2.keys().collect::<Vec<_>>(),
        "split file names differ"
    );
    for (name, bytes) in &s1 {
        assert!(bytes == &s2[name], "split file {name} differs");
    }
    let _ = std::fs::remove_dir_all(&here);
    let _ = std::fs::remove_dir_all(&there);
}
