//! What a user of the search box relies on: which matters are found, in
//! which order, with which highlights, filters and facets.
// Native only: wasm-pack test builds every test target for wasm32.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use std::path::Path;
use std::sync::OnceLock;

use common::district::district_catalogue;
use matter_search::search::{MatchTier, SearchResults};
use matter_search::{
    Catalogue, Filters, Hit, Index, IndexBuilder, Kind, LoadOptions, Query, Span, Status,
};

// ---------------------------------------------------------------- fixtures

fn mofcom() -> &'static (Catalogue, Vec<u8>) {
    static F: OnceLock<(Catalogue, Vec<u8>)> = OnceLock::new();
    F.get_or_init(|| {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("data/mofcom.json");
        let cat = Catalogue::load_files(&[path], &LoadOptions::default())
            .expect("mofcom.json loads")
            .catalogue;
        let bytes = IndexBuilder::new().build(&cat).expect("mofcom builds");
        (cat, bytes)
    })
}

fn mofcom_index() -> Index<'static> {
    Index::from_bytes(&mofcom().1).unwrap()
}

fn district() -> &'static (Catalogue, Vec<u8>) {
    static F: OnceLock<(Catalogue, Vec<u8>)> = OnceLock::new();
    F.get_or_init(|| {
        let cat = district_catalogue();
        let bytes = IndexBuilder::new().build(&cat).expect("district builds");
        (cat, bytes)
    })
}

/// Index bytes of a catalogue written in the test.
fn build(json: &str) -> Vec<u8> {
    let cat = Catalogue::from_json_str(json, "t.json", &LoadOptions::default())
        .unwrap_or_else(|e| panic!("test catalogue loads:\n{e}"))
        .catalogue;
    IndexBuilder::new()
        .build(&cat)
        .expect("test catalogue builds")
}

/// A catalogue of matters with only id and name.
fn names(list: &[(&str, &str)]) -> Vec<u8> {
    let matters: Vec<String> = list
        .iter()
        .map(|(id, name)| format!(r#"{{"id": "{id}", "name": "{name}"}}"#))
        .collect();
    build(&format!(
        r#"{{"title": "测试", "matters": [{}]}}"#,
        matters.join(",")
    ))
}

fn search(idx: &Index<'_>, q: &str) -> SearchResults {
    idx.search(&Query::new(q).limit(1000))
}

fn ids(r: &SearchResults) -> Vec<&str> {
    r.hits.iter().map(|h| h.id.as_str()).collect()
}

fn sorted_ids(r: &SearchResults) -> Vec<&str> {
    let mut v = ids(r);
    v.sort_unstable();
    v
}

/// Every span indexes `text` on character boundaries, and its UTF-16
/// offsets agree with its byte offsets.
#[track_caller]
fn check_spans(text: &str, spans: &[Span]) {
    let mut prev_end = 0;
    for s in spans {
        assert!(s.start < s.end, "empty span {s:?} in {text:?}");
        assert!(
            s.start >= prev_end,
            "overlapping spans {spans:?} in {text:?}"
        );
        assert!(
            text.get(s.start..s.end).is_some(),
            "span {s:?} does not index {text:?}"
        );
        assert_eq!(
            text[..s.start].encode_utf16().count(),
            s.start_utf16,
            "{s:?} in {text:?}"
        );
        assert_eq!(
            text[..s.end].encode_utf16().count(),
            s.end_utf16,
            "{s:?} in {text:?}"
        );
        prev_end = s.end;
    }
}

#[track_caller]
fn check_hit(h: &Hit) {
    check_spans(&h.name, &h.highlights);
    if let Some(s) = &h.snippet {
        check_spans(&s.text, &s.highlights);
    }
}

fn highlighted(h: &Hit) -> Vec<&str> {
    h.highlights
        .iter()
        .map(|s| &h.name[s.start..s.end])
        .collect()
}

// ---------------------------------------------------------------- matching

#[test]
fn every_word_is_required() {
    let bytes = names(&[
        ("m1", "技术出口合同登记"),
        ("m2", "技术进口许可"),
        ("m3", "货物出口许可证签发"),
        ("m4", "对外贸易经营者备案"),
    ]);
    let idx = Index::from_bytes(&bytes).unwrap();
    let r = search(&idx, "出口 许可");
    assert_eq!(ids(&r), ["m3"]);
    assert!(!r.partial);
    let r = search(&idx, "技术 许可");
    assert_eq!(ids(&r), ["m2"]);
    let r = search(&idx, "技术");
    assert_eq!(sorted_ids(&r), ["m1", "m2"]);
    assert_eq!(r.total, 2);
    assert!(!r.partial);
    // A word no matter has: nothing.
    let r = search(&idx, "拍卖");
    assert_eq!(r.total, 0);
    assert!(r.hits.is_empty());
}

#[test]
fn partial_matches_when_no_matter_has_every_word() {
    let bytes = names(&[
        ("m1", "技术出口合同登记"),
        ("m2", "技术进口许可"),
        ("m3", "货物出口许可证签发"),
        ("m4", "对外贸易经营者备案"),
    ]);
    let idx = Index::from_bytes(&bytes).unwrap();
    // m2 and m3 have two of the three words, m1 one, m4 none.
    let r = search(&idx, "技术 许可 签发");
    assert!(r.partial);
    assert_eq!(r.total, 3);
    assert_eq!(sorted_ids(&r), ["m1", "m2", "m3"]);
    assert_eq!(r.hits[2].id, "m1", "least coverage last: {:?}", ids(&r));
    assert!(r.hits.iter().all(|h| h.tier == MatchTier::Partial));
    assert!(r.hits[0].score >= r.hits[1].score && r.hits[1].score > r.hits[2].score);
    // Each hit highlights the words it has.
    let m1 = r.hits.iter().find(|h| h.id == "m1").unwrap();
    assert_eq!(highlighted(m1), ["技术"]);
}

#[test]
fn partial_ranking_prefers_more_of_the_query() {
    // Same rarity for every word: coverage alone decides.
    let bytes = names(&[
        ("one", "甲类事项"),
        ("two", "甲类乙类事项"),
        ("three", "甲类乙类丙类事项"),
        ("none", "其他事项"),
    ]);
    let idx = Index::from_bytes(&bytes).unwrap();
    let r = search(&idx, "甲类 乙类 丙类 丁类");
    assert!(r.partial);
    assert_eq!(ids(&r), ["three", "two", "one"]);
}

#[test]
fn exact_id_and_code_come_first() {
    let idx = mofcom_index();
    // An id that is a prefix of other ids.
    let r = search(&idx, "mofcom-dual-use");
    assert_eq!(r.hits[0].id, "mofcom-dual-use");
    assert_eq!(r.hits[0].tier, MatchTier::ExactId);
    // A 12-digit code, as typed and with spaces around.
    for q in ["010030015000", "  010030015000  "] {
        let r = search(&idx, q);
        assert_eq!(r.hits[0].id, "mofcom-dual-use", "{q:?}");
        assert_eq!(r.hits[0].tier, MatchTier::ExactId, "{q:?}");
    }
    // Upper-case id, full-width letters.
    for q in ["MOFCOM-DUAL-USE", "ｍｏｆｃｏｍ-dual-use"] {
        let r = search(&idx, q);
        assert_eq!(r.hits[0].id, "mofcom-dual-use", "{q:?}");
        assert_eq!(r.hits[0].tier, MatchTier::ExactId, "{q:?}");
    }
}

/// A code typed with full-width characters (a Chinese IME's default) is
/// still that exact code.
#[test]
fn full_width_code_is_an_exact_id() {
    let idx = mofcom_index();
    let r = search(&idx, "０１００３００１５０００");
    assert_eq!(r.hits[0].id, "mofcom-dual-use");
    assert_eq!(r.hits[0].tier, MatchTier::ExactId);
}

/// Two ids that differ only in case: the one typed exactly must win over
/// the one that only matches case-insensitively.
#[test]
fn exact_case_id_wins_over_a_case_folded_one() {
    let bytes = names(&[("AB-100", "甲事项"), ("ab-100", "乙事项")]);
    let idx = Index::from_bytes(&bytes).unwrap();
    let r = search(&idx, "ab-100");
    assert_eq!(r.hits[0].id, "ab-100");
    assert_eq!(r.hits[0].tier, MatchTier::ExactId);
    let r = search(&idx, "AB-100");
    assert_eq!(r.hits[0].id, "AB-100");
}

#[test]
fn district_codes_find_their_matter_first() {
    let (cat, bytes) = district();
    let idx = Index::from_bytes(bytes).unwrap();
    let code = "511A0138000000-511602000000-000-115113010833722043-1-00";
    assert!(cat.matters.iter().any(|m| m.id == code));
    for q in [code.to_string(), code.to_lowercase()] {
        let r = idx.search(&Query::new(q.as_str()));
        assert_eq!(r.hits[0].id, code, "{q}");
        assert_eq!(r.hits[0].tier, MatchTier::ExactId);
    }
    // A sample of every code, as typed and in lower case.
    for m in cat.matters.iter().step_by(23) {
        let code = m.code.as_deref().unwrap();
        for q in [code.to_string(), code.to_lowercase()] {
            let r = idx.search(&Query::new(q.as_str()).limit(3));
            assert_eq!(
                r.hits.first().map(|h| h.id.as_str()),
                Some(m.id.as_str()),
                "{q}"
            );
        }
    }
}

#[test]
fn last_latin_word_is_a_prefix_while_typing() {
    let bytes = names(&[
        ("icp", "ICP经营许可证核发"),
        ("edi", "EDI业务许可"),
        ("other", "经营许可证变更"),
    ]);
    let idx = Index::from_bytes(&bytes).unwrap();
    for (q, marked) in [
        ("ic", "IC"),
        ("IC", "IC"),
        ("i", "I"),
        ("icp", "ICP"),
        ("ＩＣ", "IC"),
    ] {
        let r = search(&idx, q);
        assert_eq!(ids(&r), ["icp"], "{q:?}");
        assert_eq!(highlighted(&r.hits[0]), [marked], "{q:?}");
    }
    // A finished word (followed by a space) must match whole.
    assert_eq!(search(&idx, "ic ").total, 0);
    assert_eq!(search(&idx, "ic\u{3000}").total, 0);
    assert_eq!(ids(&search(&idx, "icp ")), ["icp"]);
    // Only the last word is a prefix: "ic" is not a word of any matter,
    // so no matter has both and the result is partial.
    let r = search(&idx, "ic 许可");
    assert!(r.partial);
    assert!(r.hits.iter().all(|h| h.tier == MatchTier::Partial));
    assert_eq!(ids(&search(&idx, "许可 ic")), ["icp"]);
}

#[test]
fn full_width_and_case_fold() {
    let bytes = build(
        r#"{"title": "t", "matters": [
            {"id": "a", "name": "ICP经营许可证（变更）"},
            {"id": "b", "name": "EDI经营许可证(新办)"},
            {"id": "c", "name": "经营许可证注销"}]}"#,
    );
    let idx = Index::from_bytes(&bytes).unwrap();
    let same = |x: &str, y: &str| {
        let (rx, ry) = (search(&idx, x), search(&idx, y));
        assert_eq!(ids(&rx), ids(&ry), "{x:?} vs {y:?}");
        assert_eq!(rx.words, ry.words, "{x:?} vs {y:?}");
        assert!(rx.total > 0, "{x:?}");
    };
    same("ＩＣＰ", "icp");
    same("Icp", "icp");
    same("iCP经营", "ICP经营");
    same("（变更）", "(变更)");
    same("许可证（新办）", "许可证(新办)");
    same("ＥＤＩ　许可", "edi 许可");
    assert_eq!(ids(&search(&idx, "ＩＣＰ")), ["a"]);
    assert_eq!(ids(&search(&idx, "（新办）")), ["b"]);
}

// ---------------------------------------------------------------- highlights

#[test]
fn highlights_are_the_matched_text() {
    let idx = mofcom_index();
    for q in [
        "许可证",
        "两用物项 出口",
        "技术进出口合同登记",
        "ODI",
        "odi备案",
        "外资",
    ] {
        let r = search(&idx, q);
        assert!(r.total > 0, "{q}");
        for h in &r.hits {
            check_hit(h);
        }
    }
    let r = search(&idx, "两用物项");
    let top = &r.hits[0];
    assert!(top.name.contains("两用物项"));
    assert_eq!(highlighted(top), ["两用物项"]);
    // Latin words highlight as written in the name, not as normalized.
    let r = search(&idx, "odi");
    let h = r
        .hits
        .iter()
        .find(|h| h.name.contains("ODI"))
        .map(highlighted);
    if let Some(h) = h {
        assert!(h.contains(&"ODI"), "{h:?}");
    }
}

#[test]
fn utf16_offsets_after_an_astral_character() {
    let bytes = build(
        r#"{"title": "t", "matters": [
            {"id": "a", "name": "𠀀𠀁字许可证办理"},
            {"id": "b", "name": "进出口许可证（变更）登记"}]}"#,
    );
    let idx = Index::from_bytes(&bytes).unwrap();
    let r = search(&idx, "许可证办理");
    let h = &r.hits[0];
    assert_eq!(h.id, "a");
    assert_eq!(h.highlights.len(), 1);
    let s = h.highlights[0];
    assert_eq!(&h.name[s.start..s.end], "许可证办理");
    let before = "𠀀𠀁字";
    assert_eq!(s.start, before.len());
    assert_eq!(s.start_utf16, before.encode_utf16().count());
    assert_eq!(s.start_utf16, 5);
    assert_eq!(s.end_utf16, "𠀀𠀁字许可证办理".encode_utf16().count());
    // The astral character itself can be searched and highlighted.
    let r = search(&idx, "𠀁字");
    assert_eq!(ids(&r), ["a"]);
    let s = r.hits[0].highlights[0];
    assert_eq!(&r.hits[0].name[s.start..s.end], "𠀁字");
    assert_eq!((s.start_utf16, s.end_utf16), (2, 5));

    // Full-width parentheses around and inside the match.
    let r = search(&idx, "变更");
    assert_eq!(ids(&r), ["b"]);
    let h = &r.hits[0];
    assert_eq!(highlighted(h), ["变更"]);
    let s = h.highlights[0];
    assert_eq!(s.start_utf16, "进出口许可证（".encode_utf16().count());
    let r = search(&idx, "（变更）登记");
    let h = &r.hits[0];
    check_hit(h);
    let joined: String = highlighted(h).concat();
    assert!(
        joined.contains("变更") && joined.contains("登记"),
        "{joined}"
    );
    assert!(
        !joined.contains('（'),
        "punctuation is not a match: {joined}"
    );
}

/// One source character can normalize to several pieces ("½" → "1⁄2" →
/// "1 2"); highlights of two pieces must not give overlapping spans.
#[test]
fn highlights_never_overlap() {
    let bytes = names(&[("a", "钢管½寸规格")]);
    let idx = Index::from_bytes(&bytes).unwrap();
    let r = search(&idx, "1 2");
    assert_eq!(ids(&r), ["a"]);
    check_hit(&r.hits[0]);
    assert_eq!(highlighted(&r.hits[0]), ["½"]);
}

#[test]
fn snippet_comes_from_the_best_other_field() {
    let long_before = "申请人应当".repeat(20);
    let json = format!(
        r#"{{"title": "t", "matters": [
            {{"id": "a", "name": "甲类登记",
              "conditions": ["{long_before}具有𠀀养蜂经验满三年的，可以申请。"]}},
            {{"id": "b", "name": "乙类登记", "aliases": ["养蜂备案"],
              "conditions": ["养蜂人员名单", "养蜂场地证明"]}}]}}"#
    );
    let bytes = build(&json);
    let idx = Index::from_bytes(&bytes).unwrap();
    let r = search(&idx, "养蜂");
    assert_eq!(r.total, 2);
    for h in &r.hits {
        assert!(h.highlights.is_empty(), "the name has no match");
        let s = h.snippet.as_ref().expect("a snippet");
        check_spans(&s.text, &s.highlights);
        assert!(!s.highlights.is_empty());
        for sp in &s.highlights {
            assert_eq!(&s.text[sp.start..sp.end], "养蜂");
        }
        match h.id.as_str() {
            // Alias outweighs two condition matches.
            "b" => {
                assert_eq!(s.field, "aliases");
                assert_eq!(s.text, "养蜂备案");
            }
            "a" => {
                assert_eq!(s.field, "conditions");
                assert!(s.text.starts_with('…'), "{}", s.text);
                assert!(s.text.contains("𠀀养蜂"), "{}", s.text);
                assert!(s.text.chars().count() < 100, "{}", s.text);
            }
            _ => unreachable!(),
        }
    }
    // Snippets over a real catalogue are well formed too.
    let idx = mofcom_index();
    for q in ["营业执照", "行政许可法", "出口管制", "示范文本", "XX"] {
        for h in &search(&idx, q).hits {
            check_hit(h);
            if let Some(s) = &h.snippet {
                assert_ne!(s.field, "name");
                assert!(!s.highlights.is_empty(), "{q}: {s:?}");
            }
        }
    }
}

// ---------------------------------------------------------------- filters

const FILTER_CATALOGUE: &str = r#"{
  "title": "筛选测试",
  "departments": [
    {"id": "trade", "name": "对外贸易司", "aliases": ["外贸司"]},
    {"id": "invest", "name": "外国投资管理司", "aliases": ["外资司"]}
  ],
  "matters": [
    {"id": "m1", "name": "甲登记", "department": "trade", "kind": "行政许可",
     "targets": ["企业法人"], "fee": {"charged": false},
     "time_limit": {"statutory_days": 20, "promised_days": 5}, "online": {"depth": "四级"}},
    {"id": "m2", "name": "乙登记", "department": "外贸司", "kind": "行政确认",
     "targets": ["自然人"], "fee": {"charged": true}, "time_limit": {"statutory_days": 10}},
    {"id": "m3", "name": "丙登记", "department": "invest", "kind": "行政许可",
     "targets": ["企业法人", "自然人"], "time_limit": {"promised_days": 3},
     "online": {"depth": "三级"}},
    {"id": "m4", "name": "丁登记", "department": "外国投资管理司", "kind": "公共服务",
     "fee": {"charged": false}, "status": "abolished", "status_date": "2020-01-01",
     "status_note": "已取消"},
    {"id": "m5", "name": "戊登记", "fee": {"charged": true},
     "time_limit": {"statutory_days": 30, "promised_days": 30}},
    {"id": "m6", "name": "己登记", "department": "trade", "kind": "行政许可",
     "status": "delegated", "status_note": "已下放", "time_limit": {"statutory_days": 0}}
  ]
}"#;

fn filter_index() -> &'static [u8] {
    static F: OnceLock<Vec<u8>> = OnceLock::new();
    F.get_or_init(|| build(FILTER_CATALOGUE))
}

fn filtered(idx: &Index<'_>, q: &str, f: Filters) -> SearchResults {
    idx.search(&Query::new(q).limit(100).filters(f))
}

#[test]
fn filters_select_the_right_matters() {
    let idx = Index::from_bytes(filter_index()).unwrap();
    let s = |v: &[&str]| v.iter().map(|x| x.to_string()).collect::<Vec<_>>();
    let cases: Vec<(&str, Filters, &[&str])> = vec![
        (
            "none",
            Filters::default(),
            &["m1", "m2", "m3", "m4", "m5", "m6"],
        ),
        (
            "department id",
            Filters {
                departments: s(&["trade"]),
                ..Default::default()
            },
            &["m1", "m2", "m6"],
        ),
        (
            "department name",
            Filters {
                departments: s(&["对外贸易司"]),
                ..Default::default()
            },
            &["m1", "m2", "m6"],
        ),
        (
            "department alias",
            Filters {
                departments: s(&["外资司"]),
                ..Default::default()
            },
            &["m3", "m4"],
        ),
        (
            "two departments",
            Filters {
                departments: s(&["外贸司", "invest"]),
                ..Default::default()
            },
            &["m1", "m2", "m3", "m4", "m6"],
        ),
        (
            "unknown department",
            Filters {
                departments: s(&["不存在的司"]),
                ..Default::default()
            },
            &[],
        ),
        (
            "kind",
            Filters {
                kinds: vec![Kind::Licence],
                ..Default::default()
            },
            &["m1", "m3", "m6"],
        ),
        (
            "two kinds",
            Filters {
                kinds: vec![Kind::Confirmation, Kind::PublicService],
                ..Default::default()
            },
            &["m2", "m4"],
        ),
        (
            "target",
            Filters {
                targets: s(&["自然人"]),
                ..Default::default()
            },
            &["m2", "m3"],
        ),
        (
            "unknown target",
            Filters {
                targets: s(&["外星人"]),
                ..Default::default()
            },
            &[],
        ),
        (
            "free (no fee info excluded)",
            Filters {
                charged: Some(false),
                ..Default::default()
            },
            &["m1", "m4"],
        ),
        (
            "charged",
            Filters {
                charged: Some(true),
                ..Default::default()
            },
            &["m2", "m5"],
        ),
        (
            "max_days: promised, else statutory",
            Filters {
                max_days: Some(5),
                ..Default::default()
            },
            &["m1", "m3", "m6"],
        ),
        (
            "max_days 0",
            Filters {
                max_days: Some(0),
                ..Default::default()
            },
            &["m6"],
        ),
        (
            "max_statutory_days",
            Filters {
                max_statutory_days: Some(10),
                ..Default::default()
            },
            &["m2", "m6"],
        ),
        (
            "max_promised_days",
            Filters {
                max_promised_days: Some(4),
                ..Default::default()
            },
            &["m3"],
        ),
        (
            "online",
            Filters {
                online: Some(true),
                ..Default::default()
            },
            &["m1", "m3"],
        ),
        (
            "not online",
            Filters {
                online: Some(false),
                ..Default::default()
            },
            &["m2", "m4", "m5", "m6"],
        ),
        (
            "active",
            Filters {
                statuses: vec![Status::Active],
                ..Default::default()
            },
            &["m1", "m2", "m3", "m5"],
        ),
        (
            "inactive",
            Filters {
                statuses: vec![Status::Abolished, Status::Delegated],
                ..Default::default()
            },
            &["m4", "m6"],
        ),
        (
            "kind and free",
            Filters {
                kinds: vec![Kind::Licence],
                charged: Some(false),
                ..Default::default()
            },
            &["m1"],
        ),
        (
            "department, target and online",
            Filters {
                departments: s(&["invest"]),
                targets: s(&["企业法人"]),
                online: Some(true),
                ..Default::default()
            },
            &["m3"],
        ),
    ];
    for (what, f, want) in cases {
        for q in ["登记", "", "登"] {
            let r = filtered(&idx, q, f.clone());
            assert_eq!(sorted_ids(&r), want, "{what}, query {q:?}");
            assert_eq!(r.total, want.len(), "{what}, query {q:?}");
            for h in &r.hits {
                check_hit(h);
            }
            // total counts every match, not the page.
            let page = idx.search(&Query::new(q).limit(1).filters(f.clone()));
            assert_eq!(page.total, want.len(), "{what}, query {q:?}, limit 1");
            assert_eq!(page.hits.len(), want.len().min(1));
        }
    }
}

#[test]
fn hits_carry_the_filter_columns() {
    let idx = Index::from_bytes(filter_index()).unwrap();
    let r = search(&idx, "");
    let get = |id: &str| r.hits.iter().find(|h| h.id == id).unwrap();
    let m1 = get("m1");
    assert_eq!(m1.department_id.as_deref(), Some("trade"));
    assert_eq!(m1.department.as_deref(), Some("对外贸易司"));
    assert_eq!(m1.kind, Some(Kind::Licence));
    assert_eq!(m1.charged, Some(false));
    assert!(m1.online);
    let tl = m1.time_limit.unwrap();
    assert_eq!((tl.statutory_days, tl.promised_days), (Some(20), Some(5)));
    let m2 = get("m2");
    assert_eq!(m2.department_id.as_deref(), Some("trade"), "alias resolved");
    assert_eq!(m2.charged, Some(true));
    assert!(!m2.online);
    let m3 = get("m3");
    assert_eq!(m3.charged, None);
    assert_eq!(get("m4").status, Status::Abolished);
    assert_eq!(get("m6").status, Status::Delegated);
    let m5 = get("m5");
    assert_eq!(m5.department, None);
    assert_eq!(m5.kind, None);
    assert_eq!(get("m4").time_limit, None);
}

#[test]
fn paging_is_consistent() {
    let idx = mofcom_index();
    for q in ["许可", "", "出口 登记", "备案"] {
        let all = idx.search(&Query::new(q).limit(1000));
        assert!(all.total > 3, "{q}");
        assert_eq!(all.hits.len(), all.total);
        for size in [1usize, 3, 7] {
            let mut paged: Vec<String> = Vec::new();
            let mut offset = 0;
            while offset < all.total + size {
                let p = idx.search(&Query::new(q).limit(size).offset(offset));
                assert_eq!(p.total, all.total, "{q} offset {offset}");
                assert!(p.hits.len() <= size);
                assert_eq!(p.facets, all.facets, "facets do not depend on the page");
                paged.extend(p.hits.into_iter().map(|h| h.id));
                offset += size;
            }
            assert_eq!(paged, ids(&all), "{q} in pages of {size}");
        }
        let past = idx.search(&Query::new(q).offset(all.total));
        assert!(past.hits.is_empty());
        assert_eq!(past.total, all.total);
        let none = idx.search(&Query::new(q).limit(0));
        assert!(none.hits.is_empty());
        assert_eq!(none.total, all.total);
    }
}

// ---------------------------------------------------------------- facets

fn facet(list: &[matter_search::search::FacetCount]) -> Vec<(&str, usize)> {
    let mut v: Vec<(&str, usize)> = list.iter().map(|f| (f.value.as_str(), f.count)).collect();
    v.sort_unstable();
    v
}

#[test]
fn facets_ignore_their_own_filter_only() {
    let idx = Index::from_bytes(filter_index()).unwrap();
    let s = |v: &[&str]| v.iter().map(|x| x.to_string()).collect::<Vec<_>>();

    let r = filtered(&idx, "登记", Filters::default());
    assert_eq!(facet(&r.facets.department), [("invest", 2), ("trade", 3)]);
    assert_eq!(
        facet(&r.facets.kind),
        [("公共服务", 1), ("行政确认", 1), ("行政许可", 3)]
    );
    let dept_label = r
        .facets
        .department
        .iter()
        .find(|f| f.value == "trade")
        .unwrap();
    assert_eq!(dept_label.label, "对外贸易司");

    // Choosing a department keeps the department counts, narrows the kinds.
    let r = filtered(
        &idx,
        "登记",
        Filters {
            departments: s(&["trade"]),
            ..Default::default()
        },
    );
    assert_eq!(r.total, 3);
    assert_eq!(facet(&r.facets.department), [("invest", 2), ("trade", 3)]);
    assert_eq!(facet(&r.facets.kind), [("行政确认", 1), ("行政许可", 2)]);
    let kinds: usize = r.facets.kind.iter().map(|f| f.count).sum();
    assert_eq!(kinds, r.total);

    // Choosing a kind keeps the kind counts, narrows the departments.
    let r = filtered(
        &idx,
        "登记",
        Filters {
            kinds: vec![Kind::Licence],
            ..Default::default()
        },
    );
    assert_eq!(r.total, 3);
    assert_eq!(
        facet(&r.facets.kind),
        [("公共服务", 1), ("行政确认", 1), ("行政许可", 3)]
    );
    assert_eq!(facet(&r.facets.department), [("invest", 1), ("trade", 2)]);

    // Other filters narrow both facets.
    let r = filtered(
        &idx,
        "登记",
        Filters {
            departments: s(&["trade"]),
            statuses: vec![Status::Active],
            ..Default::default()
        },
    );
    assert_eq!(facet(&r.facets.department), [("invest", 1), ("trade", 2)]);
    assert_eq!(facet(&r.facets.kind), [("行政确认", 1), ("行政许可", 1)]);
}

#[test]
fn facet_counts_add_up_on_mofcom() {
    let idx = mofcom_index();
    for q in ["许可", "", "备案", "技术"] {
        let r = search(&idx, q);
        let d: usize = r.facets.department.iter().map(|f| f.count).sum();
        let k: usize = r.facets.kind.iter().map(|f| f.count).sum();
        // Every mofcom matter has a department and a kind.
        assert_eq!(d, r.total, "{q}");
        assert_eq!(k, r.total, "{q}");
        // Sorted by count, largest first.
        assert!(r
            .facets
            .department
            .windows(2)
            .all(|w| w[0].count >= w[1].count));
        for f in &r.facets.department {
            let only = filtered(
                &idx,
                q,
                Filters {
                    departments: vec![f.value.clone()],
                    ..Default::default()
                },
            );
            assert_eq!(only.total, f.count, "{q}: department {}", f.value);
            assert!(only
                .hits
                .iter()
                .all(|h| h.department_id.as_deref() == Some(f.value.as_str())));
        }
        for f in &r.facets.kind {
            let kind = Kind::parse(&f.value).unwrap();
            let only = filtered(
                &idx,
                q,
                Filters {
                    kinds: vec![kind],
                    ..Default::default()
                },
            );
            assert_eq!(only.total, f.count, "{q}: kind {}", f.value);
        }
    }
}

// ---------------------------------------------------------------- odd queries

#[test]
fn empty_query_lists_everything_in_catalogue_order() {
    let (cat, _) = mofcom();
    let idx = mofcom_index();
    let want: Vec<&str> = cat.matters.iter().map(|m| m.id.as_str()).collect();
    for q in [
        "",
        " ",
        "   \t\n",
        "，。！？",
        "（）《》",
        "!!! ---",
        "\u{3000}",
    ] {
        let r = search(&idx, q);
        assert_eq!(r.total, idx.len(), "{q:?}");
        assert_eq!(ids(&r), want, "{q:?}");
        assert!(!r.partial);
        assert!(r
            .hits
            .iter()
            .all(|h| h.highlights.is_empty() && h.snippet.is_none()));
    }
}

#[test]
fn very_long_query_does_not_panic() {
    let idx = mofcom_index();
    let q = "许可".repeat(50_000);
    assert_eq!(q.chars().count(), 100_000);
    let r = idx.search(&Query::new(q.as_str()));
    assert!(r.total > 0);
    let q = "a".repeat(100_000);
    let _ = idx.search(&Query::new(q.as_str()));
    let q = "出口 ".repeat(40_000);
    let r = idx.search(&Query::new(q.as_str()));
    assert!(r.total > 0);
    let q = "0".repeat(100_000);
    let _ = idx.search(&Query::new(q.as_str()));
}

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

/// A character from a pool of troublemakers.
fn odd_char(rng: &mut XorShift) -> char {
    const POOL: &[char] = &[
        '\0',
        '\u{301}',
        '\u{308}',
        '\u{345}',
        '\u{20DD}',
        '\u{200B}',
        '\u{200D}',
        '\u{200F}',
        '\u{202E}',
        '\u{2066}',
        '\u{FEFF}',
        '\u{FFFD}',
        '\u{FFFF}',
        '\u{E000}',
        '\u{10FFFF}',
        '😀',
        '👍',
        '\u{1F3FD}',
        '🇨',
        '🇳',
        'ا',
        'ל',
        'ß',
        'İ',
        'ﬁ',
        '㈱',
        '①',
        '⑳',
        '½',
        'Ⅻ',
        '\u{2F00}',
        '\u{2FA1D}',
        '𠀀',
        '许',
        '可',
        '证',
        '出',
        '口',
        '（',
        '）',
        'Ａ',
        'ｚ',
        '０',
        'a',
        'Z',
        '9',
        '-',
        ' ',
        '\u{3000}',
        '\t',
        '\n',
        'ǅ',
        'ᾼ',
        'ŉ',
        '\u{1E9E}',
        'Σ',
        'ς',
        'ｶ',
        'ﾞ',
        'ㄱ',
        'ᄀ',
        '\u{1160}',
        '가',
        'の',
        'ー',
        '々',
        '〇',
        '\u{E0041}',
        '\u{F900}',
    ];
    if rng.below(4) == 0 {
        // Any scalar value.
        loop {
            if let Some(c) = char::from_u32(rng.below(0x11_0000) as u32) {
                return c;
            }
        }
    }
    POOL[rng.below(POOL.len())]
}

#[test]
fn random_unicode_queries_never_panic() {
    let mofcom = mofcom_index();
    let special = build(
        r#"{"title": "t", "matters": [
            {"id": "a", "name": "𠀀İß许可证ﬁ①（变更）", "aliases": ["㈱公司\u0301"],
             "conditions": ["ǅ\u0000ا出口 ל😀 ICP"]},
            {"id": "b", "name": "出口許可　ＩＣＰ"}]}"#,
    );
    let special = Index::from_bytes(&special).unwrap();
    let mut rng = XorShift(0x0DD_C0FFEE);
    for round in 0..1500 {
        let len = 1 + rng.below(12);
        let q: String = (0..len).map(|_| odd_char(&mut rng)).collect();
        for idx in [&mofcom, &special] {
            let r = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                let r = idx.search(&Query::new(q.as_str()).limit(20));
                assert!(r.hits.len() <= r.total);
                for h in &r.hits {
                    check_hit(h);
                }
                let _ = idx.suggest(&q, 5);
            }));
            assert!(r.is_ok(), "round {round}: query {q:?} panicked");
        }
    }
}

// ---------------------------------------------------------------- ranking

#[test]
fn name_beats_alias_beats_conditions() {
    let bytes = build(
        r#"{"title": "t", "matters": [
            {"id": "cond", "name": "乙类场所登记",
             "conditions": ["申请人从事养蜂业务满一年，并提交相关证明材料。"]},
            {"id": "alias", "name": "甲类场所登记", "aliases": ["养蜂备案"]},
            {"id": "name", "name": "养蜂场登记"},
            {"id": "none", "name": "丙类场所登记"}]}"#,
    );
    let idx = Index::from_bytes(&bytes).unwrap();
    let r = search(&idx, "养蜂");
    assert_eq!(ids(&r), ["name", "alias", "cond"]);
    assert!(r.hits[0].score > 0.0);
    assert_eq!(r.hits[0].tier, MatchTier::NamePhrase);
}

#[test]
fn exact_name_beats_longer_names() {
    let idx = mofcom_index();
    for name in [
        "技术出口许可",
        "技术进口许可",
        "信访事项受理",
        "商业特许经营备案",
    ] {
        let r = search(&idx, name);
        assert_eq!(r.hits[0].name, name);
        assert_eq!(r.hits[0].tier, MatchTier::ExactName);
    }
}

#[test]
fn abolished_matters_are_found_and_say_so() {
    let (cat, _) = mofcom();
    let idx = mofcom_index();
    let abolished: Vec<_> = cat
        .matters
        .iter()
        .filter(|m| m.status == Status::Abolished)
        .collect();
    assert_eq!(abolished.len(), 14);
    for m in abolished {
        let r = search(&idx, &m.name);
        let h = r
            .hits
            .iter()
            .find(|h| h.id == m.id)
            .unwrap_or_else(|| panic!("{} not found by its name", m.name));
        assert_eq!(h.status, Status::Abolished);
    }
    let r = search(&idx, "加工贸易业务审批");
    assert_eq!(r.hits[0].id, "mofcom-processing-trade-approval");
    assert_eq!(r.hits[0].status, Status::Abolished);
    // Filtering them out works.
    let active = filtered(
        &idx,
        "加工贸易业务审批",
        Filters {
            statuses: vec![Status::Active],
            ..Default::default()
        },
    );
    assert!(active.hits.iter().all(|h| h.status == Status::Active));
}

#[test]
fn department_names_find_their_matters() {
    let idx = mofcom_index();
    let (cat, _) = mofcom();
    for key in ["外国投资管理司", "外资司", "贸易救济调查局", "救济局"] {
        let dept = cat.department(key).unwrap();
        let want: Vec<&str> = cat
            .matters
            .iter()
            .filter(|m| m.department.as_deref() == Some(dept.id.as_str()))
            .map(|m| m.id.as_str())
            .collect();
        assert!(!want.is_empty());
        let r = search(&idx, key);
        for id in &want {
            assert!(
                ids(&r).contains(id),
                "{key}: {id} missing from {:?}",
                ids(&r)
            );
        }
    }

    let (cat, bytes) = district();
    let idx = Index::from_bytes(bytes).unwrap();
    for dept in ["区商务局", "区统计局", "区气象局"] {
        let want: Vec<&str> = cat
            .matters
            .iter()
            .filter(|m| m.department.as_deref() == Some(dept))
            .map(|m| m.id.as_str())
            .collect();
        assert!(!want.is_empty());
        let r = search(&idx, dept);
        for id in &want {
            assert!(ids(&r).contains(id), "{dept}: {id} missing");
        }
        let f = filtered(
            &idx,
            "",
            Filters {
                departments: vec![dept.to_string()],
                ..Default::default()
            },
        );
        assert_eq!(f.total, want.len());
    }
}

#[test]
fn suggestions() {
    let idx = mofcom_index();
    for (prefix, n) in [
        ("技术出口许可", 5),
        ("两用物项", 3),
        ("许可", 10),
        ("备", 1),
        ("外资", 4),
    ] {
        let s = idx.suggest(prefix, n);
        assert!(!s.is_empty(), "{prefix}");
        assert!(s.len() <= n, "{prefix}: {s:?}");
        let mut d = s.clone();
        d.sort();
        d.dedup();
        assert_eq!(d.len(), s.len(), "duplicates in {s:?}");
    }
    assert_eq!(idx.suggest("技术出口许可", 5)[0], "技术出口许可");
    assert_eq!(idx.suggest("信访事项受理", 3)[0], "信访事项受理");
    assert!(idx.suggest("许可", 0).is_empty());

    // Two matters with one name give one suggestion.
    let bytes = names(&[
        ("a", "营业执照办理"),
        ("b", "营业执照办理"),
        ("c", "营业执照变更"),
        ("d", "营业执照"),
    ]);
    let idx = Index::from_bytes(&bytes).unwrap();
    let s = idx.suggest("营业执照", 10);
    assert_eq!(s[0], "营业执照");
    assert_eq!(s.len(), 3, "{s:?}");
}

/// Day filters count working days; a calendar-day limit counts as the
/// working days it spans (30 calendar days → 22 working days), not as 30.
#[test]
fn day_filters_compare_working_days_with_working_days() {
    let bytes = build(
        r#"{"title": "时限", "matters": [
      {"id": "w20", "name": "甲审批", "time_limit": {"statutory_days": 20, "unit": "working"}},
      {"id": "c30", "name": "乙审批", "time_limit": {"statutory_days": 30, "unit": "calendar"}},
      {"id": "c60", "name": "丙审批", "time_limit": {"statutory_days": 60, "promised_days": 14, "unit": "calendar"}}
    ]}"#,
    );
    let idx = Index::from_bytes(&bytes).unwrap();
    let within = |f: Filters| sorted_ids(&filtered(&idx, "审批", f)).join(" ");
    let days = |n| Filters {
        max_days: Some(n),
        ..Filters::default()
    };
    // 14 calendar days promised = 10 working days.
    assert_eq!(within(days(10)), "c60");
    assert_eq!(within(days(21)), "c60 w20");
    assert_eq!(within(days(22)), "c30 c60 w20");
    let statutory = |n| Filters {
        max_statutory_days: Some(n),
        ..Filters::default()
    };
    assert_eq!(within(statutory(22)), "c30 w20");
    assert_eq!(within(statutory(43)), "c30 c60 w20");
    assert_eq!(within(statutory(42)), "c30 w20");
}
