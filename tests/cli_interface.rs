//! The command line as other tools see it (issue 13): help for every
//! argument, grep's exit statuses, a closed pipe on every subcommand,
//! `check --json`, warnings beside errors, an unknown department.
// Native only: wasm-pack test builds every test target for wasm32.
#![cfg(all(feature = "cli", not(target_arch = "wasm32")))]

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use serde_json::Value;

const BIN: &str = env!("CARGO_BIN_EXE_matter-search");

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

fn run(args: &[&str]) -> Run {
    let out = Command::new(BIN)
        .args(args)
        .env("RUST_BACKTRACE", "0")
        .output()
        .expect("run matter-search");
    let r = Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    };
    assert!(!r.stderr.contains("panicked"), "panicked: {}", r.stderr);
    r
}

/// A temp folder with the Ministry catalogue's index, built by the CLI.
struct Dir(PathBuf);

impl Dir {
    fn new(tag: &str) -> Dir {
        let p =
            std::env::temp_dir().join(format!("matter-search-cli13-{}-{tag}", std::process::id()));
        let _ = std::fs::remove_dir_all(&p);
        std::fs::create_dir_all(&p).expect("temp dir");
        Dir(p)
    }
    fn file(&self, name: &str) -> String {
        self.0.join(name).to_str().expect("UTF-8 path").to_string()
    }
    fn index(&self) -> String {
        let out = self.file("mofcom.idx");
        let catalogue = root().join("data/mofcom.json");
        let r = run(&["build", catalogue.to_str().unwrap(), "-o", &out, "-q"]);
        assert_eq!(r.code, 0, "{}", r.stderr);
        out
    }
}

impl Drop for Dir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

#[test]
fn every_argument_of_every_subcommand_has_help() {
    let mut checked = 0;
    for sub in [
        "build", "check", "convert", "deadline", "guide", "search", "show", "stats",
    ] {
        let r = run(&[sub, "--help"]);
        assert_eq!(r.code, 0, "{sub}: {}", r.stderr);
        // clap lists each argument on a line of its own, its help after two
        // or more spaces, or (the long layout) on the next, deeper line.
        let lines: Vec<&str> = r.stdout.lines().collect();
        let indent = |l: &str| l.len() - l.trim_start().len();
        let mut section = "";
        for (i, line) in lines.iter().enumerate() {
            if !line.starts_with(' ') {
                section = line;
                continue;
            }
            if !(section == "Arguments:" || section == "Options:") {
                continue;
            }
            let t = line.trim_start();
            let argument = indent(line) <= 6
                && (t.starts_with('-') || t.starts_with('<') || t.starts_with('['));
            if !argument {
                continue;
            }
            let next_is_help = lines
                .get(i + 1)
                .is_some_and(|n| !n.trim().is_empty() && indent(n) > indent(line) + 2);
            assert!(
                t.contains("  ") || next_is_help,
                "`matter-search {sub}`: no help for `{t}`:\n{}",
                r.stdout
            );
            checked += 1;
        }
    }
    assert!(checked > 40, "{checked} arguments checked");
}

#[test]
fn exit_status_as_grep_one_when_nothing_found_two_on_errors() {
    let d = Dir::new("status");
    let idx = d.index();
    assert_eq!(run(&["search", "--index", &idx, "两用物项"]).code, 0);
    let none = run(&["search", "--index", &idx, "qqqqzzzz"]);
    assert_eq!(none.code, 1, "{}{}", none.stdout, none.stderr);
    assert!(none.stdout.starts_with("0 matches"), "{}", none.stdout);
    assert_eq!(run(&["show", "--index", &idx, "no-such"]).code, 1);
    let missing = run(&["search", "--index", &d.file("missing.idx"), "x"]);
    assert_eq!(missing.code, 2, "{}", missing.stderr);
    assert_eq!(run(&["search", "--no-such-flag"]).code, 2);
    let bad = d.file("bad.json");
    std::fs::write(&bad, r#"{"title": "t", "matters": [{"id": "m1"}]}"#).unwrap();
    assert_eq!(run(&["check", &bad]).code, 2);
    assert_eq!(run(&["build", &bad, "-o", &d.file("x.idx")]).code, 2);
    assert_eq!(run(&["--version"]).code, 0);
}

#[test]
fn a_closed_pipe_ends_every_subcommand_quietly() {
    let d = Dir::new("pipe");
    let idx = d.index();
    let guide = d.file("guide.html");
    let json = d.file("out.json");
    let catalogue = root().join("data/mofcom.json");
    let catalogue = catalogue.to_str().unwrap();
    let runs: Vec<Vec<&str>> = vec![
        vec!["show", "--index", &idx, "mofcom-dual-use"],
        vec!["search", "--index", &idx, "许可", "--limit", "50"],
        vec!["search", "--index", &idx, "许可", "--json"],
        vec!["stats", "--index", &idx],
        vec!["stats", "--index", &idx, "--json"],
        vec!["check", catalogue],
        vec!["check", "--json", catalogue],
        vec![
            "deadline",
            "--index",
            &idx,
            "mofcom-dual-use",
            "--submitted",
            "2026-09-28",
        ],
        vec!["guide", "--index", &idx, "mofcom-dual-use", "-o", &guide],
        vec!["convert", catalogue, "-o", &json],
        vec!["--help"],
    ];
    for args in runs {
        // The reading end is closed before the tool writes anything.
        let (reader, writer) = std::io::pipe().expect("pipe");
        drop(reader);
        let out = Command::new(BIN)
            .args(&args)
            .env("RUST_BACKTRACE", "1")
            .stdout(writer)
            .stderr(Stdio::piped())
            .output()
            .expect("run");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(0), "{args:?}: {stderr}");
        assert!(stderr.is_empty(), "{args:?} printed: {stderr}");
    }
}

#[test]
fn check_json_lists_every_problem_and_stats_json_has_the_js_shape() {
    let d = Dir::new("json");
    let cat = d.file("c.json");
    // An error (a matter without a name) beside two warnings: the `fees`
    // typo and a 即办件 with days.
    std::fs::write(
        &cat,
        r#"{"title": "t", "matters": [
  {"id": "m1", "fees": {"charged": false}},
  {"id": "m2", "name": "事项二", "case_type": "即办件", "time_limit": {"promised_days": 5}}
]}"#,
    )
    .unwrap();
    let r = run(&["check", "--json", &cat]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    let v: Value = serde_json::from_str(&r.stdout).expect("JSON");
    assert_eq!(v["ok"], false);
    assert_eq!(v["errors"], 1, "{v}");
    assert_eq!(v["warnings"], 2, "{v}");
    let problems = v["problems"].as_array().expect("problems");
    let at = |path: &str| {
        problems
            .iter()
            .find(|p| p["path"] == path)
            .unwrap_or_else(|| panic!("no problem at {path}: {v}"))
    };
    assert_eq!(at("matters[0].name")["severity"], "error");
    assert_eq!(at("matters[0].fees")["severity"], "warning");
    assert!(at("matters[0].fees")["message"]
        .as_str()
        .unwrap()
        .contains("`fee`"));
    assert_eq!(at("matters[0].fees")["line"], 2);
    assert_eq!(at("matters[1].case_type")["severity"], "warning");
    // The text output lists the warnings too, without --strict.
    let r = run(&["check", &cat]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("warning: matters[0].fees"),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("即办件"), "{}", r.stderr);
    assert!(
        r.stderr
            .contains("1 problem(s) and 2 warning(s); nothing was built"),
        "{}",
        r.stderr
    );

    let ok = run(&[
        "check",
        "--json",
        root().join("data/mofcom.json").to_str().unwrap(),
    ]);
    assert_eq!(ok.code, 0, "{}", ok.stderr);
    let v: Value = serde_json::from_str(&ok.stdout).expect("JSON");
    assert_eq!(
        (v["ok"].clone(), v["matters"].clone()),
        (Value::Bool(true), 62.into())
    );

    let idx = d.index();
    let r = run(&["stats", "--index", &idx, "--json"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let v: Value = serde_json::from_str(&r.stdout).expect("JSON");
    // The keys of the JavaScript IndexStats (src/wasm/types.d.ts).
    for key in [
        "title",
        "matters",
        "departments",
        "terms",
        "postings",
        "lexiconWords",
        "totalBytes",
        "sections",
    ] {
        assert!(v.get(key).is_some(), "stats --json has no {key}: {v}");
    }
    assert_eq!(v["matters"], 62);
    assert!(v["sections"][0]["name"].is_string() && v["sections"][0]["bytes"].is_number());
}

#[test]
fn an_unknown_department_is_an_error_naming_the_known_ones() {
    let d = Dir::new("dept");
    let idx = d.index();
    let r = run(&["search", "--index", &idx, "许可", "--department", "不存在"]);
    assert_eq!(r.code, 2, "{}{}", r.stdout, r.stderr);
    assert!(
        r.stderr.contains("no department \"不存在\""),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("产业安全与进出口管制局"), "{}", r.stderr);
    // A part of a name suggests the department.
    let r = run(&[
        "search",
        "--index",
        &idx,
        "许可",
        "--department",
        "产业安全",
    ]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("did you mean 产业安全与进出口管制局?"),
        "{}",
        r.stderr
    );
    // Ids, names and aliases still filter.
    for dept in ["security-control", "产业安全与进出口管制局"] {
        let r = run(&["search", "--index", &idx, "许可", "--department", dept]);
        assert_eq!(r.code, 0, "{dept}: {}", r.stderr);
    }
}

#[test]
fn every_unknown_filter_value_is_an_error_not_a_silent_zero() {
    let d = Dir::new("filters");
    let idx = d.index();
    for (args, want) in [
        (
            &["--target", "外星人"][..],
            "--target: no 服务对象 (target) \"外星人\" in this index",
        ),
        (&["--target", "法人"][..], "did you mean 企业法人"),
        (&["--kind", "不存在"][..], "unknown kind \"不存在\""),
        (
            &["--department", "security-control", "--department", "不存在"][..],
            "--department: no department \"不存在\"",
        ),
    ] {
        let mut a = vec!["search", "--index", &idx, "许可"];
        a.extend_from_slice(args);
        let r = run(&a);
        assert_eq!(r.code, 2, "{args:?}: {}{}", r.stdout, r.stderr);
        assert!(r.stderr.contains(want), "{args:?}: {}", r.stderr);
        assert!(r.stdout.is_empty(), "{args:?}: {}", r.stdout);
    }
    // The targets listed are the index's own.
    let r = run(&["search", "--index", &idx, "许可", "--target", "外星人"]);
    assert!(
        r.stderr.contains("企业法人") && r.stderr.contains("自然人"),
        "{}",
        r.stderr
    );
    let r = run(&["search", "--index", &idx, "许可", "--target", "企业法人"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
}

#[test]
fn the_readme_command_line_block_runs_as_written() {
    let readme = std::fs::read_to_string(root().join("README.md")).expect("README");
    let start = readme
        .find("## The command line\n\n```sh\n")
        .expect("the command-line section");
    let block = &readme[start..];
    let block = &block[block.find("```sh\n").unwrap() + 6..];
    let block = &block[..block.find("```").unwrap()];
    let d = Dir::new("readme");
    std::os::unix::fs::symlink(root().join("data"), d.0.join("data")).expect("symlink");
    let mut lines = 0;
    for line in block.lines() {
        // The binary is this build's; the rest runs as written.
        if line.starts_with("cargo build") || line.starts_with("B=") {
            continue;
        }
        let out = Command::new("bash")
            .args(["-o", "pipefail", "-c", line])
            .env("B", BIN)
            .current_dir(&d.0)
            .output()
            .expect("bash");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success(), "{line}: {stderr}");
        assert!(!stderr.contains("panicked"), "{line}: {stderr}");
        lines += 1;
    }
    assert!(lines >= 9, "{lines} lines run");
}
