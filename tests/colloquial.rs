//! The everyday-names lexicon (政务俗称, `data/colloquial.txt`): the file
//! itself, what the builder keeps of it, site files, errors, both index
//! modes, and what the results say was understood.
//!
//! `cargo test --release --all-features --test colloquial -- --nocapture`
//! prints the lexicon's counts.
#![cfg(all(feature = "dict", not(target_arch = "wasm32")))]

mod common;

use matter_search::analysis::Colloquial;
use matter_search::index::split;
use matter_search::{Catalogue, Index, IndexBuilder, LoadOptions, Query, SearchResults, Via};

const DATA: &str = env!("CARGO_MANIFEST_DIR");

fn lexicon_text() -> String {
    std::fs::read_to_string(format!("{DATA}/data/colloquial.txt")).expect("data/colloquial.txt")
}

/// A catalogue of the named matters, ids m0, m1, …
fn catalogue(names: &[&str]) -> Catalogue {
    let matters: Vec<serde_json::Value> = names
        .iter()
        .enumerate()
        .map(|(i, n)| serde_json::json!({"id": format!("m{i}"), "name": n}))
        .collect();
    let doc = serde_json::json!({"title": "测试目录", "matters": matters});
    Catalogue::from_json_str(&doc.to_string(), "test.json", &LoadOptions::default())
        .expect("test catalogue loads")
        .catalogue
}

fn search(idx: &Index<'_>, q: &str) -> SearchResults {
    idx.search(&Query::new(q).limit(10))
}

#[test]
fn the_lexicon_parses_and_every_line_names_its_source() {
    let text = lexicon_text();
    let c = Colloquial::parse(&text, "data/colloquial.txt").unwrap_or_else(|e| panic!("{e:#?}"));
    let mut unsourced = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let line = line.split('#').next().unwrap_or("").trim();
        if line.is_empty() {
            continue;
        }
        let source = line.split_once('|').map(|(_, s)| s.trim()).unwrap_or("");
        if source.is_empty() {
            unsourced.push(i + 1);
        }
    }
    assert!(
        unsourced.is_empty(),
        "lines without a source: {unsourced:?}"
    );
    // One line per formal term: a second line would be a silent split.
    let mut formal: Vec<&str> = c.entries().iter().map(|e| e.formal.as_str()).collect();
    formal.sort_unstable();
    let n = formal.len();
    formal.dedup();
    assert_eq!(formal.len(), n, "a formal term on two lines");
    let names: usize = c.entries().iter().map(|e| e.everyday.len()).sum();
    println!(
        "data/colloquial.txt: {} formal terms, {names} everyday names",
        c.len()
    );
}

#[test]
fn only_entries_whose_formal_term_the_catalogue_uses_are_compiled() {
    let with = catalogue(&[
        "公共租赁住房申请",
        "居住证办理",
        "城乡居民基本医疗保险参保登记",
    ]);
    let without = catalogue(&["居住证办理", "商品房预售许可"]);
    let a = IndexBuilder::new().build(&with).unwrap();
    let a = Index::from_bytes(&a).unwrap();
    let b = IndexBuilder::new().build(&without).unwrap();
    let b = Index::from_bytes(&b).unwrap();
    let formal = |idx: &Index<'_>| -> Vec<String> {
        idx.colloquial()
            .entries()
            .iter()
            .map(|e| e.formal.clone())
            .collect()
    };
    assert!(
        formal(&a).contains(&"公共租赁住房".to_string()),
        "{:?}",
        formal(&a)
    );
    assert!(
        !formal(&b).contains(&"公共租赁住房".to_string()),
        "{:?}",
        formal(&b)
    );
    // Every kept entry's formal term occurs in the catalogue.
    for f in formal(&b) {
        assert!(
            without.matters.iter().any(|m| m.name.contains(&f)),
            "{f} kept for a catalogue without it"
        );
    }
    // Everyday names find the formal matter, read as the lexicon says
    // (新农合 shares no character with it).
    let r = search(&a, "新农合");
    assert_eq!(r.hits[0].name, "城乡居民基本医疗保险参保登记");
    assert_eq!(r.hits[0].via, Via::Colloquial);
    assert!(
        r.rewrites.iter().any(|w| w.via == Via::Colloquial
            && w.from == "新农合"
            && w.to == vec!["城乡居民基本医疗保险".to_string()]),
        "{:?}",
        r.rewrites
    );
    assert!(search(&b, "新农合").hits.is_empty());
    // Left out, nothing is kept and nothing is read.
    let c = IndexBuilder::new()
        .default_colloquial(false)
        .build(&with)
        .unwrap();
    let c = Index::from_bytes(&c).unwrap();
    assert!(c.colloquial().is_empty());
    assert!(search(&c, "新农合").hits.is_empty());
}

#[test]
fn direct_matches_stay_first() {
    // 暂住证 names 居住证, but a matter holding 暂住证 itself ranks first.
    let cat = catalogue(&["居住证办理", "暂住证明开具"]);
    let idx = IndexBuilder::new().build(&cat).unwrap();
    let idx = Index::from_bytes(&idx).unwrap();
    let r = search(&idx, "暂住证");
    let names: Vec<&str> = r.hits.iter().map(|h| h.name.as_str()).collect();
    assert_eq!(names, ["暂住证明开具", "居住证办理"]);
    assert_eq!(r.hits[0].via, Via::Direct);
    assert_eq!(r.hits[1].via, Via::Colloquial);
}

#[test]
fn a_site_file_adds_entries_and_bad_lines_name_file_and_line() {
    let cat = catalogue(&["城市道路临时占用许可", "居住证办理"]);
    let mut b = IndexBuilder::new();
    b.colloquial("# 本地\n临时占用 ← 摆夜市 | 本市规定\n", "site.txt")
        .unwrap();
    let idx = b.build(&cat).unwrap();
    let idx = Index::from_bytes(&idx).unwrap();
    let r = search(&idx, "摆夜市");
    assert_eq!(
        r.hits.first().map(|h| h.name.as_str()),
        Some("城市道路临时占用许可")
    );
    // The site's line is kept next to the built-in ones.
    assert!(idx
        .colloquial()
        .entries()
        .iter()
        .any(|e| e.formal == "居住证"));

    let mut b = IndexBuilder::new();
    let e = b
        .colloquial("居住证 ← 暂住证\n居住证 暂住证\n ← 无正式\n", "bad.txt")
        .unwrap_err()
        .to_string();
    assert!(e.contains("bad.txt:2: no ←"), "{e}");
    assert!(e.contains("bad.txt:3: no formal term"), "{e}");
    assert!(!e.contains("bad.txt:1"), "{e}");
}

#[test]
fn an_everyday_name_with_an_intent_word_and_fillers() {
    // 开 stands for 设立 …, 歌厅 for 歌舞娱乐场所 (and 娱乐场所).
    let cat = catalogue(&[
        "设立歌舞娱乐场所《娱乐经营许可证》核发",
        "娱乐场所注销审批",
        "歌舞娱乐场所变更场地审批",
        "营业执照遗失补领",
    ]);
    let idx = IndexBuilder::new().build(&cat).unwrap();
    let idx = Index::from_bytes(&idx).unwrap();
    let r = search(&idx, "开歌厅");
    assert_eq!(
        r.hits[0].name, "设立歌舞娱乐场所《娱乐经营许可证》核发",
        "{r:?}"
    );
    assert_eq!(r.hits[0].via, Via::Colloquial);
    let r = search(&idx, "开个KTV要什么证");
    assert_eq!(
        r.hits[0].name, "设立歌舞娱乐场所《娱乐经营许可证》核发",
        "{r:?}"
    );
    // What was understood: the name, the intent word, the filler.
    let said = |r: &SearchResults, via: Via| -> Vec<(String, Vec<String>)> {
        r.rewrites
            .iter()
            .filter(|w| w.via == via)
            .map(|w| (w.from.clone(), w.to.clone()))
            .collect()
    };
    assert!(
        said(&r, Via::Colloquial).iter().any(|(f, _)| f == "ktv"),
        "{:?}",
        r.rewrites
    );
    let r = search(&idx, "营业执照丢了怎么办");
    assert_eq!(r.hits[0].name, "营业执照遗失补领");
    let intents = said(&r, Via::Intent);
    assert_eq!(intents.len(), 1, "{:?}", r.rewrites);
    assert_eq!(intents[0].0, "丢了");
    assert!(intents[0].1.contains(&"遗失".to_string()));
    assert_eq!(said(&r, Via::Filler), vec![("怎么办".to_string(), vec![])]);
    // A query read as typed says nothing was read otherwise.
    assert!(search(&idx, "营业执照遗失补领").rewrites.is_empty());
}

#[test]
fn the_best_cover_reads_everyday_names_too() {
    // No matter holds 上班受伤 or 报销 with it; 上班受伤 stands for 工伤.
    let cat = catalogue(&["工伤医疗费用报销", "城乡居民医疗费用报销", "工伤认定申请"]);
    let idx = IndexBuilder::new().build(&cat).unwrap();
    let idx = Index::from_bytes(&idx).unwrap();
    let r = search(&idx, "上班受伤看病报销");
    assert_eq!(r.hits[0].name, "工伤医疗费用报销", "{r:?}");
    assert!(
        r.rewrites
            .iter()
            .any(|w| w.via == Via::Colloquial && w.from == "上班受伤"),
        "{:?}",
        r.rewrites
    );
}

#[test]
fn split_and_one_file_answer_the_same() {
    let cat = common::district::district_catalogue();
    let chunks = IndexBuilder::new().build_chunks(&cat).expect("builds");
    let bytes = chunks.to_bytes();
    let one = Index::from_bytes(&bytes).expect("one file opens");
    let dir = std::env::temp_dir().join(format!("matter-search-colq-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    split::write(&chunks, &dir).expect("split writes");
    let two = split::open(&dir.join(split::ENTRY_FILE)).expect("split opens");
    assert_eq!(one.colloquial(), two.colloquial());
    assert!(one.colloquial().len() > 50, "{}", one.colloquial().len());
    println!(
        "district index keeps {} formal terms, {} terms in all",
        one.colloquial().len(),
        one.colloquial().terms()
    );
    // Every kept everyday name, alone and with an intent word and filler.
    let mut n = 0;
    for e in one.colloquial().entries() {
        for name in &e.everyday {
            for q in [name.clone(), format!("开{name}怎么办")] {
                let a = one.search(&Query::new(q.as_str()).limit(10));
                let b = two.search(&Query::new(q.as_str()).limit(10));
                assert_eq!(a, b, "{q:?}");
                n += 1;
            }
        }
    }
    assert!(n > 200, "{n} queries");
    let _ = std::fs::remove_dir_all(&dir);
}

/// The command line: `--colloquial FILE` adds a site's names, a malformed
/// one is an error naming file and line, `--no-colloquial` leaves the
/// built-in lexicon out.
#[cfg(feature = "cli")]
#[test]
fn the_command_line_takes_site_files_and_names_bad_lines() {
    use std::process::Command;
    const BIN: &str = env!("CARGO_BIN_EXE_matter-search");
    let dir = std::env::temp_dir().join(format!("matter-search-colq-cli-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let good = dir.join("site.txt");
    std::fs::write(&good, "两用物项 ← 军民两用的东西 | 本站\n").unwrap();
    let bad = dir.join("bad.txt");
    std::fs::write(&bad, "# 注释\n两用物项 ← 军民两用\n两用物项 军民两用\n").unwrap();
    let cat = format!("{DATA}/data/mofcom.json");
    let idx = dir.join("m.idx");
    let run = |args: &[&std::ffi::OsStr]| Command::new(BIN).args(args).output().unwrap();
    let out = run(&[
        "build".as_ref(),
        cat.as_ref(),
        "--colloquial".as_ref(),
        bad.as_os_str(),
        "-o".as_ref(),
        idx.as_os_str(),
    ]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains(&format!("{}:3: no ←", bad.display())), "{err}");
    assert!(!err.contains("panicked"), "{err}");

    let out = run(&[
        "build".as_ref(),
        cat.as_ref(),
        "--colloquial".as_ref(),
        good.as_os_str(),
        "-o".as_ref(),
        idx.as_os_str(),
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let bytes = std::fs::read(&idx).unwrap();
    let site = Index::from_bytes(&bytes).unwrap();
    let r = site.search(&Query::new("军民两用的东西").limit(3));
    assert!(r.hits[0].name.contains("两用物项"), "{r:?}");
    // The built-in names are kept next to the site's (典当 ← 当铺).
    assert!(site
        .colloquial()
        .entries()
        .iter()
        .any(|e| e.formal == "典当"));

    let out = run(&[
        "build".as_ref(),
        cat.as_ref(),
        "--no-colloquial".as_ref(),
        "-o".as_ref(),
        idx.as_os_str(),
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let bytes = std::fs::read(&idx).unwrap();
    assert!(Index::from_bytes(&bytes).unwrap().colloquial().is_empty());
    let _ = std::fs::remove_dir_all(&dir);
}
