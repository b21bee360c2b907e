//! The `matter-search` command-line tool, run as a user runs it.
// Native only: wasm-pack test builds every test target for wasm32.
#![cfg(all(feature = "cli", not(target_arch = "wasm32")))]

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::OnceLock;

use matter_search::index::format::HEADER_LEN;
use matter_search::{Catalogue, Filters, Index, IndexBuilder, Kind, LoadOptions, Matter, Query};
use serde_json::Value;

const BIN: &str = env!("CARGO_BIN_EXE_matter-search");

fn mofcom_path() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("data/mofcom.json")
}

fn mofcom() -> &'static (Catalogue, Vec<u8>) {
    static F: OnceLock<(Catalogue, Vec<u8>)> = OnceLock::new();
    F.get_or_init(|| {
        let cat = Catalogue::load_files(&[mofcom_path()], &LoadOptions::default())
            .expect("mofcom.json loads")
            .catalogue;
        let bytes = IndexBuilder::new().build(&cat).expect("mofcom builds");
        (cat, bytes)
    })
}

/// A directory of its own under the system temp dir, removed on drop.
struct TempDir(PathBuf);

impl TempDir {
    fn new(tag: &str) -> TempDir {
        static N: AtomicUsize = AtomicUsize::new(0);
        let p = std::env::temp_dir().join(format!(
            "matter-search-cli-{}-{}-{tag}",
            std::process::id(),
            N.fetch_add(1, Ordering::Relaxed)
        ));
        let _ = std::fs::remove_dir_all(&p);
        std::fs::create_dir_all(&p).expect("temp dir");
        TempDir(p)
    }

    fn path(&self, name: &str) -> PathBuf {
        self.0.join(name)
    }

    fn write(&self, name: &str, data: impl AsRef<[u8]>) -> PathBuf {
        let p = self.path(name);
        std::fs::write(&p, data).expect("write temp file");
        p
    }

    /// The mofcom index, built by the library, as a file.
    fn mofcom_index(&self) -> PathBuf {
        self.write("mofcom.idx", &mofcom().1)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

fn finish(out: Output) -> Run {
    let r = Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8(out.stdout).expect("stdout is UTF-8"),
        stderr: String::from_utf8(out.stderr).expect("stderr is UTF-8"),
    };
    assert!(
        !r.stderr.contains("panicked"),
        "the tool panicked:\n{}",
        r.stderr
    );
    r
}

fn run<I, S>(args: I) -> Run
where
    I: IntoIterator<Item = S>,
    S: AsRef<std::ffi::OsStr>,
{
    finish(
        Command::new(BIN)
            .args(args)
            .env("RUST_BACKTRACE", "0")
            .output()
            .expect("run matter-search"),
    )
}

fn run_stdin(args: &[&str], input: &str) -> Run {
    let mut child = Command::new(BIN)
        .args(args)
        .env("RUST_BACKTRACE", "0")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn matter-search");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.as_bytes())
        .unwrap();
    finish(child.wait_with_output().unwrap())
}

fn s(p: &Path) -> &str {
    p.to_str().expect("UTF-8 temp path")
}

fn json(text: &str) -> Value {
    serde_json::from_str(text).unwrap_or_else(|e| panic!("not JSON ({e}):\n{text}"))
}

fn hit_ids(v: &Value) -> Vec<String> {
    v["hits"]
        .as_array()
        .expect("hits is an array")
        .iter()
        .map(|h| h["id"].as_str().expect("hit id").to_string())
        .collect()
}

// ---------------------------------------------------------------- build and check

const BAD: &str = r#"{
  "title": "",
  "matters": [
    {"id": "a", "name": "甲", "kind": "行政许可证"},
    {"id": "a", "name": "乙", "time_limit": {"statutory_days": -1}}
  ]
}
"#;

#[test]
fn build_lists_every_error_and_writes_nothing() {
    let dir = TempDir::new("bad");
    let cat = dir.write("bad.json", BAD);
    let out = dir.path("out.idx");
    let r = run(["build", s(&cat), "-o", s(&out)]);
    assert_ne!(r.code, 0, "{}", r.stderr);
    assert!(!out.exists(), "an index was written despite errors");
    let file = s(&cat);
    // (line, JSON path, words of the message)
    let expected = [
        (2, "title", "must not be empty"),
        (4, "matters[0].kind", "unknown kind"),
        (5, "matters[1].id", "duplicate matter id"),
        (5, "matters[1].time_limit.statutory_days", "negative"),
    ];
    for (line, path, words) in expected {
        let found = r.stderr.lines().any(|l| {
            let Some(rest) = l.strip_prefix(&format!("{file}:{line}:")) else {
                return false;
            };
            let Some((col, tail)) = rest.split_once(':') else {
                return false;
            };
            col.parse::<usize>().is_ok_and(|c| c > 0)
                && tail.starts_with(&format!(" error: {path}: "))
                && tail.contains(words)
        });
        assert!(
            found,
            "no `{file}:{line}:COL: error: {path}: …{words}…` in:\n{}",
            r.stderr
        );
    }
    let errors = r.stderr.lines().filter(|l| l.contains(": error: ")).count();
    assert_eq!(errors, expected.len(), "{}", r.stderr);
    assert!(r.stderr.contains("4 problem(s)"), "{}", r.stderr);

    // `check` reports the same and fails the same way.
    let c = run(["check", file]);
    assert_eq!(c.code, r.code);
    assert_eq!(c.stderr, r.stderr);
}

#[test]
fn build_prints_sizes_and_matches_the_library() {
    let dir = TempDir::new("build");
    let out = dir.path("mofcom.idx");
    let r = run(["build", s(&mofcom_path()), "-o", s(&out)]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let bytes = std::fs::read(&out).expect("index written");
    assert!(r.stdout.contains(s(&out)), "{}", r.stdout);
    assert!(r.stdout.contains("62 matters"), "{}", r.stdout);
    assert!(
        r.stdout.contains(&format!("{} bytes", bytes.len())),
        "{}",
        r.stdout
    );
    assert!(r.stdout.contains("gzip"), "{}", r.stdout);
    // The tool and the library build the same file.
    assert!(bytes == mofcom().1, "CLI and library indexes differ");
    Index::from_bytes(&bytes).unwrap().verify().unwrap();

    // A missing catalogue is an error that names it; nothing is written.
    let missing = dir.path("missing.json");
    let out2 = dir.path("never.idx");
    let r = run(["build", s(&missing), "-o", s(&out2)]);
    assert_ne!(r.code, 0);
    assert!(r.stderr.contains("missing.json"), "{}", r.stderr);
    assert!(r.stderr.contains("cannot read"), "{}", r.stderr);
    assert!(!out2.exists());
}

#[test]
fn check_and_strict_check() {
    let dir = TempDir::new("check");
    let r = run(["check", s(&mofcom_path())]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout.contains("ok: 62 matters, 16 departments"),
        "{}",
        r.stdout
    );

    let warn = dir.write(
        "warn.json",
        r#"{"title": "t", "matters": [{"id": "m1", "name": "事项", "fees": {"charged": false}}]}"#,
    );
    let r = run(["check", s(&warn)]);
    assert_eq!(r.code, 0, "plain check only warns: {}", r.stderr);
    assert!(r.stdout.starts_with("ok: 1 matters"), "{}", r.stdout);
    assert!(r.stderr.contains("warning"), "{}", r.stderr);
    assert!(r.stderr.contains("matters[0].fees"), "{}", r.stderr);
    assert!(r.stderr.contains("`fee`"), "{}", r.stderr);

    let r = run(["check", "--strict", s(&warn)]);
    assert_ne!(r.code, 0, "strict check must fail");
    assert!(r.stdout.is_empty(), "{}", r.stdout);
    assert!(r.stderr.contains("error"), "{}", r.stderr);
    assert!(r.stderr.contains("matters[0].fees"), "{}", r.stderr);

    // Strict build fails too and writes nothing; lax build succeeds.
    let out = dir.path("warn.idx");
    let r = run(["build", "--strict", s(&warn), "-o", s(&out)]);
    assert_ne!(r.code, 0);
    assert!(!out.exists());
    let r = run(["build", s(&warn), "-o", s(&out)]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(out.exists());
}

// ---------------------------------------------------------------- search

#[test]
fn search_json_has_the_documented_shape() {
    let dir = TempDir::new("json");
    let idx = dir.mofcom_index();
    let r = run([
        "search",
        "--index",
        s(&idx),
        "--json",
        "--limit",
        "5",
        "两用物项和技术进出口许可",
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let v = json(&r.stdout);
    assert_eq!(v["query"], "两用物项和技术进出口许可");
    let total = v["total"].as_u64().expect("total");
    let hits = v["hits"].as_array().expect("hits");
    assert!(total >= hits.len() as u64);
    assert!(!hits.is_empty() && hits.len() <= 5);
    for h in hits {
        assert!(h["id"].is_string(), "{h}");
        assert!(h["name"].is_string(), "{h}");
        assert!(h["score"].is_number(), "{h}");
        assert!(h["department"].is_string(), "{h}");
        assert!(h["kind"].is_string(), "{h}");
    }
    let top = &hits[0];
    assert_eq!(top["id"], "mofcom-dual-use");
    assert_eq!(top["name"], "两用物项和技术进出口许可");
    assert_eq!(top["department"], "产业安全与进出口管制局");
    assert_eq!(top["kind"], "行政许可");

    // The same answer as the library.
    let lib = Index::from_bytes(&mofcom().1)
        .unwrap()
        .search(&Query::new("两用物项和技术进出口许可").limit(5));
    assert_eq!(total as usize, lib.total);
    let want: Vec<String> = lib.hits.iter().map(|h| h.id.clone()).collect();
    assert_eq!(hit_ids(&v), want);
}

#[test]
fn search_filter_flags() {
    let dir = TempDir::new("filters");
    let idx = dir.mofcom_index();
    let index = Index::from_bytes(&mofcom().1).unwrap();
    let q = "许可";
    let total = |f: Filters| index.search(&Query::new(q).filters(f)).total;
    let unfiltered = total(Filters::default());
    let cases: Vec<(Vec<&str>, Filters)> = vec![
        (
            vec!["--kind", "行政许可"],
            Filters {
                kinds: vec![Kind::Licence],
                ..Default::default()
            },
        ),
        (
            vec!["--free"],
            Filters {
                charged: Some(false),
                ..Default::default()
            },
        ),
        (
            vec!["--max-days", "5"],
            Filters {
                max_days: Some(5),
                ..Default::default()
            },
        ),
        (
            vec!["--department", "外贸司", "--active"],
            Filters {
                departments: vec!["外贸司".into()],
                statuses: vec![matter_search::Status::Active],
                ..Default::default()
            },
        ),
    ];
    for (flags, filters) in cases {
        let want = total(filters);
        assert!(
            want < unfiltered && want > 0,
            "{flags:?} does not narrow: {want} of {unfiltered}"
        );
        let mut args = vec!["search", "--index", s(&idx), "--json", "--limit", "100"];
        args.extend(&flags);
        args.push(q);
        let r = run(&args);
        assert_eq!(r.code, 0, "{flags:?}: {}", r.stderr);
        let v = json(&r.stdout);
        assert_eq!(v["total"].as_u64(), Some(want as u64), "{flags:?}");
        let hits = v["hits"].as_array().unwrap();
        assert_eq!(hits.len(), want, "{flags:?}");
        for h in hits {
            match flags[0] {
                "--kind" => assert_eq!(h["kind"], "行政许可"),
                "--free" => assert_eq!(h["charged"], false, "{h}"),
                "--max-days" => {
                    let tl = &h["time_limit"];
                    let d = tl["promised_days"]
                        .as_u64()
                        .or(tl["statutory_days"].as_u64())
                        .expect("a time limit");
                    assert!(d <= 5, "{h}");
                }
                _ => {
                    assert_eq!(h["department_id"], "foreign-trade");
                    assert_eq!(h["status"], "active");
                }
            }
        }
    }
}

#[test]
fn unknown_kind_is_a_clear_error() {
    let dir = TempDir::new("kind");
    let idx = dir.mofcom_index();
    let r = run(["search", "--index", s(&idx), "--kind", "不存在", "许可"]);
    assert_ne!(r.code, 0);
    assert!(r.stdout.is_empty(), "{}", r.stdout);
    assert!(r.stderr.contains("unknown kind"), "{}", r.stderr);
    assert!(r.stderr.contains("不存在"), "{}", r.stderr);
    assert!(
        r.stderr.contains("行政许可"),
        "lists the kinds: {}",
        r.stderr
    );
}

#[test]
fn search_reads_queries_from_stdin() {
    let dir = TempDir::new("stdin");
    let idx = dir.mofcom_index();
    let queries = ["两用物项", "许可", "", "没有这个事项的词语", "010030015000"];
    let input = queries.join("\n") + "\n";
    let r = run_stdin(&["search", "--index", s(&idx), "--limit", "3", "-"], &input);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let lines: Vec<&str> = r.stdout.lines().collect();
    assert_eq!(lines.len(), queries.len(), "{}", r.stdout);
    let index = Index::from_bytes(&mofcom().1).unwrap();
    for (line, q) in lines.iter().zip(queries) {
        let v = json(line);
        assert_eq!(v["query"], q);
        let lib = index.search(&Query::new(q).limit(3));
        assert_eq!(v["total"].as_u64(), Some(lib.total as u64), "{q:?}");
        let want: Vec<String> = lib.hits.iter().map(|h| h.id.clone()).collect();
        assert_eq!(hit_ids(&v), want, "{q:?}");
    }
    assert_eq!(json(lines[2])["total"], 62);
    assert_eq!(hit_ids(&json(lines[4]))[0], "mofcom-dual-use");
}

#[test]
fn search_text_output() {
    let dir = TempDir::new("text");
    let idx = dir.mofcom_index();
    let r = run(["search", "--index", s(&idx), "两用物项"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout.contains("matches for \"两用物项\""),
        "{}",
        r.stdout
    );
    assert!(r.stdout.contains("【两用物项】"), "{}", r.stdout);
    assert!(r.stdout.contains("mofcom-dual-use"), "{}", r.stdout);
}

/// One source character normalized into two pieces ("½" → "1 2") gives
/// two highlight spans over the same bytes; the text printer then slices
/// backwards.
#[test]
fn search_text_output_with_overlapping_highlights() {
    let dir = TempDir::new("half");
    let cat = dir.write(
        "half.json",
        r#"{"title": "t", "matters": [{"id": "a", "name": "钢管½寸规格"}]}"#,
    );
    let idx = dir.path("half.idx");
    assert_eq!(run(["build", s(&cat), "-o", s(&idx)]).code, 0);
    let r = run(["search", "--index", s(&idx), "1 2"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.contains("钢管"), "{}", r.stdout);
}

// ---------------------------------------------------------------- stats and show

#[test]
fn stats_prints_every_section() {
    let dir = TempDir::new("stats");
    let idx = dir.mofcom_index();
    let r = run(["stats", "--index", s(&idx)]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.contains("62 matters"), "{}", r.stdout);
    assert!(r.stdout.contains("16 departments"), "{}", r.stdout);
    for section in [
        "header+table",
        "META",
        "TERM",
        "PASS",
        "LEXI",
        "COLS",
        "DOCS",
        "total",
    ] {
        assert!(
            r.stdout.lines().any(|l| l.starts_with(section)),
            "no {section} line in:\n{}",
            r.stdout
        );
    }
    let total_line = r.stdout.lines().find(|l| l.starts_with("total")).unwrap();
    assert!(
        total_line.contains(&mofcom().1.len().to_string()),
        "{total_line}"
    );

    let r = run(["stats", "--index", s(&idx), "--json"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let v = json(&r.stdout);
    assert_eq!(v["matters"], 62);
    // The shape of the JavaScript stats(): camelCase, sections as objects.
    assert_eq!(v["totalBytes"].as_u64(), Some(mofcom().1.len() as u64));
    let sum: u64 = v["sections"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["bytes"].as_u64().unwrap())
        .sum();
    assert_eq!(sum, mofcom().1.len() as u64);
}

#[test]
fn show_prints_the_record() {
    let dir = TempDir::new("show");
    let idx = dir.mofcom_index();
    let (cat, _) = mofcom();
    for id in ["mofcom-dual-use", "mofcom-trade-operator-filing"] {
        let r = run(["show", "--index", s(&idx), id]);
        assert_eq!(r.code, 0, "{}", r.stderr);
        let m: Matter = serde_json::from_str(&r.stdout).expect("a matter as JSON");
        let want = cat.matters.iter().find(|m| m.id == id).unwrap();
        assert_eq!(&m, want);
    }
    let r = run(["show", "--index", s(&idx), "no-such-matter"]);
    assert_eq!(r.code, 1);
    assert!(r.stdout.is_empty());
    assert!(r.stderr.contains("no-such-matter"), "{}", r.stderr);
    assert!(r.stderr.contains("no matter"), "{}", r.stderr);
}

// ---------------------------------------------------------------- bad files

#[test]
fn corrupt_and_missing_index_files() {
    let dir = TempDir::new("corrupt");
    let good = &mofcom().1;
    let mut flipped = good.clone();
    let at = HEADER_LEN + (good.len() - HEADER_LEN) / 2;
    flipped[at] ^= 0x40;
    let cases: Vec<(PathBuf, &[&str])> = vec![
        (dir.write("flipped.idx", &flipped), &["corrupt", "checksum"]),
        (
            dir.write("truncated.idx", &good[..good.len() / 3]),
            &["truncated"],
        ),
        (
            dir.write("catalogue.idx", std::fs::read(mofcom_path()).unwrap()),
            &["not a matter-search index"],
        ),
        (dir.write("empty.idx", b""), &["not a matter-search index"]),
        (dir.path("missing.idx"), &["cannot read"]),
    ];
    for (path, words) in &cases {
        let p = s(path);
        let commands: [Vec<&str>; 4] = [
            vec!["search", "--index", p, "许可"],
            vec!["search", "--index", p, "--json", "许可"],
            vec!["stats", "--index", p],
            vec!["show", "--index", p, "mofcom-dual-use"],
        ];
        for args in commands {
            let r = run(&args);
            assert_ne!(r.code, 0, "{args:?}");
            assert!(r.stdout.is_empty(), "{args:?}: {}", r.stdout);
            assert!(
                r.stderr.contains(p),
                "{args:?} does not name the file: {}",
                r.stderr
            );
            for w in *words {
                assert!(r.stderr.contains(w), "{args:?}: no {w:?} in {}", r.stderr);
            }
        }
    }
}
