//! Loading catalogues: what loads, and the exact problem (path and message)
//! for each way a catalogue can be wrong.
// Native only: wasm-pack test builds every test target for wasm32.
#![cfg(not(target_arch = "wasm32"))]

use std::path::{Path, PathBuf};

use matter_search::catalogue::*;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/catalogue")
        .join(name)
}

fn read_fixture(name: &str) -> String {
    std::fs::read_to_string(fixture(name)).expect("fixture exists")
}

const LAX: LoadOptions = LoadOptions { strict: false };
const STRICT: LoadOptions = LoadOptions { strict: true };

/// A catalogue with one department and the given matters (JSON text).
fn doc(matters: &str) -> String {
    format!(
        r#"{{"title": "测试目录",
 "departments": [{{"id": "d1", "name": "对外贸易司", "aliases": ["外贸司"]}}],
 "matters": [{matters}]}}"#
    )
}

fn load(src: &str) -> Result<Loaded, CatalogueError> {
    Catalogue::from_json_str(src, "t.json", &LAX)
}

fn errors(src: &str) -> Vec<Problem> {
    match load(src) {
        Ok(l) => panic!(
            "expected errors, loaded {} matters",
            l.catalogue.matters.len()
        ),
        Err(e) => e.problems,
    }
}

fn warnings(src: &str) -> Vec<Problem> {
    match load(src) {
        Ok(l) => l.warnings,
        Err(e) => panic!("expected a catalogue, got errors:\n{e}"),
    }
}

/// Asserts some problem has exactly `path` and a message containing `part`.
#[track_caller]
fn has(problems: &[Problem], path: &str, part: &str) {
    assert!(
        problems
            .iter()
            .any(|p| p.path == path && p.message.contains(part)),
        "no problem at {path:?} containing {part:?} in:\n{}",
        problems
            .iter()
            .map(|p| p.to_string())
            .collect::<Vec<_>>()
            .join("\n")
    );
}

#[test]
fn minimal_catalogue_loads() {
    let l = Catalogue::from_json_str(&read_fixture("minimal.json"), "minimal.json", &STRICT)
        .expect("loads");
    assert!(l.warnings.is_empty());
    assert_eq!(l.catalogue.title, "示例政务服务事项目录");
    assert_eq!(l.catalogue.matters.len(), 1);
    assert_eq!(l.catalogue.matters[0].status, Status::Active);
}

#[test]
fn full_catalogue_round_trips() {
    let src = read_fixture("full.json");
    let l = Catalogue::from_json_str(&src, "full.json", &STRICT).expect("loads");
    assert!(l.warnings.is_empty(), "{:?}", l.warnings);
    let cat = l.catalogue;
    // The hand walk agrees with serde's derived reading of the same text.
    let derived: Catalogue = serde_json::from_str(&src).expect("serde reads it");
    assert_eq!(cat, derived);

    let m = &cat.matters[0];
    assert_eq!(m.kind, Some(Kind::Licence));
    assert_eq!(m.materials[0].blank_form.as_deref(), Some("f-apply"));
    assert_eq!(
        m.time_limit.as_ref().and_then(|t| t.promised_days),
        Some(25)
    );
    assert_eq!(m.forms[1].kind, FormKind::Sample);
    assert_eq!(
        cat.matters[1].time_limit.as_ref().map(|t| t.unit),
        Some(DayUnit::Calendar)
    );
    assert_eq!(cat.matters[2].status, Status::Delegated);

    let again = serde_json::to_string_pretty(&cat).expect("serializes");
    let back = Catalogue::from_json_str(&again, "again.json", &STRICT).expect("reloads");
    assert_eq!(back.catalogue, cat);
    assert!(back.warnings.is_empty());
    assert!(cat.validate().is_empty());
}

#[test]
fn strings_are_kept_exactly() {
    let l = load(&doc(r#"{"id": " m1 ", "name": "  名称  "}"#)).expect("loads");
    assert_eq!(l.catalogue.matters[0].id, " m1 ");
    assert_eq!(l.catalogue.matters[0].name, "  名称  ");
}

#[test]
fn null_optional_fields_are_absent() {
    let l = load(&doc(
        r#"{"id": "m1", "name": "n", "code": null, "materials": null, "fee": null}"#,
    ))
    .expect("loads");
    assert_eq!(l.catalogue.matters[0].code, None);
}

#[test]
fn syntax_error_has_line_and_column() {
    let e = Catalogue::from_json_str(&read_fixture("syntax-error.json"), "s.json", &LAX)
        .expect_err("fails");
    assert_eq!(e.problems.len(), 1);
    let p = &e.problems[0];
    assert_eq!((p.line, p.column), (Some(4), Some(18)));
    assert_eq!(p.path, "");
    assert!(p.message.contains("expected `,` or `}`"), "{p}");
    assert_eq!(
        p.to_string(),
        "s.json:4:18: error: invalid JSON: expected `,` or `}`"
    );
}

#[test]
fn syntax_error_columns_count_characters_and_spot_full_width_commas() {
    let e = load("{\"title\": \"目录\"，\"matters\": []}").expect_err("fails");
    let p = &e.problems[0];
    assert_eq!((p.line, p.column), (Some(1), Some(15)));
    assert!(p.message.contains("full-width `，`"), "{p}");
}

#[test]
fn empty_input_is_a_syntax_error() {
    let e = load("").expect_err("fails");
    assert_eq!(e.problems[0].line, Some(1));
    assert!(e.problems[0].message.contains("EOF"));
}

#[test]
fn document_must_be_an_object() {
    let e = load(r#"[{"id": "m1", "name": "n"}]"#).expect_err("fails");
    assert_eq!(e.problems.len(), 1);
    has(&e.problems, "", "must be a JSON object, found an array");
}

#[test]
fn top_level_required_fields() {
    let p = errors("{}");
    has(&p, "title", "missing required field `title`");
    has(&p, "matters", "missing required field `matters`");
    let p = errors(r#"{"title": " ", "matters": []}"#);
    has(&p, "title", "must not be empty");
    has(&p, "matters", "non-empty");
    let p = errors(r#"{"title": 5, "matters": {}}"#);
    has(&p, "title", "expected a string, found a number (5)");
    has(&p, "matters", "expected an array, found an object");
    assert_eq!(p.len(), 2, "no follow-on noise: {p:?}");
}

#[test]
fn matter_required_fields() {
    let p = errors(&doc(r#"{"kind": "行政许可"}, {"id": "", "name": "\t"}"#));
    has(&p, "matters[0].id", "missing required field `id`");
    has(&p, "matters[0].name", "missing required field `name`");
    has(&p, "matters[1].id", "must not be empty");
    has(&p, "matters[1].name", "only whitespace");
    assert_eq!(p.len(), 4, "{p:?}");
}

#[test]
fn wrong_types_name_what_was_found() {
    let p = errors(&doc(
        r#"{"id": 7, "name": "n", "aliases": "别名", "targets": [1], "fee": "不收费",
            "materials": [{"name": "x", "required": "yes"}], "visits": "2次"}"#,
    ));
    has(&p, "matters[0].id", "expected a string, found a number (7)");
    has(
        &p,
        "matters[0].aliases",
        "expected an array of strings, found a string",
    );
    has(
        &p,
        "matters[0].targets[0]",
        "expected a string, found a number",
    );
    has(&p, "matters[0].fee", "expected an object, found a string");
    has(
        &p,
        "matters[0].materials[0].required",
        "expected true or false",
    );
    has(&p, "matters[0].visits", "without quotes");
}

#[test]
fn nested_required_fields() {
    let p = errors(&doc(r#"{"id": "m1", "name": "n",
            "basis": [{"article": "第一条"}],
            "materials": [{"copies": 1}],
            "procedure": [{"days": 1}],
            "forms": [{"title": "表"}, {"id": "f2", "kind": "blank"}],
            "faq": [{"answer": "a"}, {"question": "q", "answer": ""}],
            "fee": {"standard": "x"}}"#));
    has(
        &p,
        "matters[0].basis[0].title",
        "missing required field `title`",
    );
    has(
        &p,
        "matters[0].materials[0].name",
        "missing required field `name`",
    );
    has(
        &p,
        "matters[0].procedure[0].step",
        "missing required field `step`",
    );
    has(&p, "matters[0].forms[0].id", "missing required field `id`");
    has(
        &p,
        "matters[0].forms[0].kind",
        "missing required field `kind`",
    );
    has(
        &p,
        "matters[0].forms[1].title",
        "missing required field `title`",
    );
    has(
        &p,
        "matters[0].faq[0].question",
        "missing required field `question`",
    );
    has(&p, "matters[0].faq[1].answer", "must not be empty");
    has(
        &p,
        "matters[0].fee.charged",
        "missing required field `charged`",
    );
}

#[test]
fn department_required_fields_and_duplicates() {
    let p = errors(
        r#"{"title": "t", "departments": [{"id": "d1", "name": "一司"}, {"name": "二司"}, {"id": "d1", "name": "三司"}, {"id": "d4"}],
            "matters": [{"id": "m1", "name": "n"}]}"#,
    );
    has(&p, "departments[1].id", "missing required field `id`");
    has(
        &p,
        "departments[2].id",
        "duplicate department id \"d1\"; first used at departments[0]",
    );
    has(&p, "departments[3].name", "missing required field `name`");
}

#[test]
fn duplicate_matter_ids_name_the_first() {
    let p = errors(&doc(
        r#"{"id": "m1", "name": "a"}, {"id": "m2", "name": "b"}, {"id": "m1", "name": "c"}"#,
    ));
    assert_eq!(p.len(), 1);
    has(
        &p,
        "matters[2].id",
        "duplicate matter id \"m1\"; first used at matters[0]",
    );
}

#[test]
fn duplicate_form_ids_within_a_matter() {
    let p = errors(&doc(
        r#"{"id": "m1", "name": "a", "forms": [{"id": "f", "title": "t", "kind": "blank"}, {"id": "f", "title": "u", "kind": "sample"}]},
           {"id": "m2", "name": "b", "forms": [{"id": "f", "title": "t", "kind": "blank"}]}"#,
    ));
    assert_eq!(
        p.len(),
        1,
        "the same form id in another matter is fine: {p:?}"
    );
    has(&p, "matters[0].forms[1].id", "duplicate form id \"f\"");
}

#[test]
fn unknown_kind_lists_the_eleven() {
    let p = errors(&doc(r#"{"id": "m1", "name": "n", "kind": "行政审批"}"#));
    has(
        &p,
        "matters[0].kind",
        "unknown kind \"行政审批\"; expected one of 行政许可, 行政处罚",
    );
    for k in Kind::ALL {
        has(&p, "matters[0].kind", k.as_str());
    }
}

#[test]
fn department_must_match_when_departments_are_given() {
    let ok = doc(
        r#"{"id": "m1", "name": "n", "department": "d1"}, {"id": "m2", "name": "n", "department": "对外贸易司"},
           {"id": "m3", "name": "n", "department": "外贸司"}"#,
    );
    assert!(load(&ok).is_ok());
    let p = errors(&doc(r#"{"id": "m1", "name": "n", "department": "外贸"}"#));
    has(&p, "matters[0].department", "unknown department \"外贸\"");
    has(&p, "matters[0].department", "did you mean");
    // Without a departments list, any non-empty name will do.
    let free =
        r#"{"title": "t", "matters": [{"id": "m1", "name": "n", "department": "随便哪个司"}]}"#;
    assert!(load(free).is_ok());
    let p = errors(r#"{"title": "t", "matters": [{"id": "m1", "name": "n", "department": " "}]}"#);
    has(&p, "matters[0].department", "must not be empty");
}

#[test]
fn parent_must_be_another_matter() {
    let p = errors(&doc(
        r#"{"id": "m1", "name": "a", "parent": "m1"}, {"id": "m2", "name": "b", "parent": "m9"},
           {"id": "m3", "name": "c", "parent": "m2"}"#,
    ));
    has(&p, "matters[0].parent", "cannot be its own parent");
    has(
        &p,
        "matters[1].parent",
        "parent \"m9\" is not the id of any matter",
    );
    assert_eq!(p.len(), 2, "{p:?}");
}

#[test]
fn parent_cycles_are_errors() {
    let p = errors(&doc(
        r#"{"id": "a", "name": "a", "parent": "b"}, {"id": "b", "name": "b", "parent": "a"}, {"id": "c", "name": "c", "parent": "a"}"#,
    ));
    has(&p, "matters[0].parent", "loops back");
    has(&p, "matters[1].parent", "a → b");
    assert_eq!(p.len(), 2, "{p:?}");
}

#[test]
fn material_forms_must_exist_and_have_the_right_kind() {
    let p = errors(&doc(r#"{"id": "m1", "name": "n",
            "forms": [{"id": "blank", "title": "表", "kind": "blank"}, {"id": "sample", "title": "样", "kind": "sample"}],
            "materials": [
              {"name": "ok", "blank_form": "blank", "sample_form": "sample"},
              {"name": "missing", "blank_form": "nope"},
              {"name": "swapped", "blank_form": "sample", "sample_form": "blank"}]}"#));
    has(
        &p,
        "matters[0].materials[1].blank_form",
        "\"nope\" is not the id of a form",
    );
    has(&p, "matters[0].materials[1].blank_form", "blank, sample");
    has(
        &p,
        "matters[0].materials[2].blank_form",
        "must name a form of kind \"blank\"",
    );
    has(
        &p,
        "matters[0].materials[2].sample_form",
        "must name a form of kind \"sample\"",
    );
    assert_eq!(p.len(), 3, "{p:?}");
}

#[test]
fn form_kind_must_be_blank_or_sample() {
    let p = errors(&doc(
        r#"{"id": "m1", "name": "n", "forms": [{"id": "f", "title": "t", "kind": "空白表格"}]}"#,
    ));
    has(
        &p,
        "matters[0].forms[0].kind",
        "unknown form kind \"空白表格\"; expected one of blank, sample",
    );
    has(&p, "matters[0].forms[0].kind", "write \"blank\"");
}

#[test]
fn no_follow_on_errors_from_unreadable_values() {
    // An unreadable form kind, form id, matter id or department must not
    // make references to it fail too: one mistake, one problem.
    let p = errors(&doc(r#"{"id": "m1", "name": "n",
            "forms": [{"id": "s", "title": "t", "kind": "示范文本"}, {"id": 5, "title": "t", "kind": "blank"}],
            "materials": [{"name": "a", "sample_form": "s"}, {"name": "b", "blank_form": "five"}]},
           {"id": 2, "name": "n"},
           {"id": "m3", "name": "n", "parent": "2"}"#));
    has(&p, "matters[0].forms[0].kind", "unknown form kind");
    has(&p, "matters[0].forms[1].id", "expected a string");
    has(&p, "matters[1].id", "expected a string");
    assert_eq!(p.len(), 3, "{p:?}");
    let p = errors(
        r#"{"title": "t", "departments": [{"id": "d1", "name": 1}], "matters": [{"id": "m1", "name": "n", "department": "一司"}]}"#,
    );
    assert_eq!(p.len(), 1, "{p:?}");
    has(&p, "departments[0].name", "expected a string");
}

#[test]
fn codes() {
    let good = doc(r#"{"id": "a", "name": "n", "code": "000118001000"},
           {"id": "b", "name": "n", "code": "11100000000019713D3000118001000"},
           {"id": "c", "name": "n", "code": "000118001000-01"},
           {"id": "d", "name": "n", "code": "511F0045400001-511602000000-000-11511301452259996u-1-00"}"#);
    assert!(load(&good).is_ok());
    let p = errors(&doc(r#"{"id": "a", "name": "n", "code": "00011800100"},
           {"id": "b", "name": "n", "code": "000118001000 01"},
           {"id": "c", "name": "n", "code": "0001180010００"},
           {"id": "d", "name": "n", "code": "ABCDEFGH-12345"},
           {"id": "e", "name": "n", "code": "AB-123456789"},
           {"id": "f", "name": "n", "code": 118001000}"#));
    has(
        &p,
        "matters[0].code",
        "malformed code \"00011800100\": has 11 digits",
    );
    has(
        &p,
        "matters[1].code",
        "contains ' ', which is not an ASCII letter, digit or '-'",
    );
    has(&p, "matters[2].code", "contains '０'");
    has(&p, "matters[3].code", "at least 12 digits");
    has(&p, "matters[4].code", "malformed code");
    has(&p, "matters[5].code", "expected a string, found a number");
}

#[test]
fn days_are_non_negative_integers() {
    let p = errors(&doc(r#"{"id": "m1", "name": "n",
            "time_limit": {"statutory_days": -5, "promised_days": 2.5, "unit": "工作日"},
            "procedure": [{"step": "受理", "days": -1}, {"step": "决定", "days": "3"}],
            "materials": [{"name": "x", "copies": -2}], "visits": 1.5}"#));
    has(
        &p,
        "matters[0].time_limit.statutory_days",
        "negative number (-5)",
    );
    has(&p, "matters[0].time_limit.promised_days", "fraction (2.5)");
    has(
        &p,
        "matters[0].time_limit.unit",
        "unknown unit \"工作日\"; expected one of working, calendar",
    );
    has(&p, "matters[0].procedure[0].days", "negative");
    has(&p, "matters[0].procedure[1].days", "found a string");
    has(&p, "matters[0].materials[0].copies", "negative");
    has(&p, "matters[0].visits", "fraction");
    // Whole numbers written as floats by spreadsheets are still integers.
    let l = load(&doc(
        r#"{"id": "m1", "name": "n", "time_limit": {"statutory_days": 20.0}}"#,
    ))
    .expect("loads");
    assert_eq!(
        l.catalogue.matters[0]
            .time_limit
            .as_ref()
            .and_then(|t| t.statutory_days),
        Some(20)
    );
}

#[test]
fn promised_days_cannot_exceed_statutory() {
    let src = doc(
        r#"{"id": "m1", "name": "n", "time_limit": {"statutory_days": 20, "promised_days": 30}}"#,
    );
    let p = errors(&src);
    assert_eq!(p.len(), 1);
    has(
        &p,
        "matters[0].time_limit.promised_days",
        "exceeds the statutory limit",
    );
    // Located at the value in the source.
    assert_eq!(p[0].line, Some(3));
    let line = src.lines().nth(2).expect("line 3");
    let expect = line.find("30}").map(|b| line[..b].chars().count() + 1);
    assert_eq!(p[0].column, expect);
}

#[test]
fn status_and_dates() {
    let p = errors(&doc(r#"{"id": "a", "name": "n", "status": "取消"},
           {"id": "b", "name": "n", "status": "abolished", "status_date": "2019-13", "status_note": "已取消"},
           {"id": "c", "name": "n", "status_date": "2019年"},
           {"id": "d", "name": "n", "status_date": "2024-02-29"}"#));
    has(
        &p,
        "matters[0].status",
        "unknown status \"取消\"; expected one of active, abolished, delegated",
    );
    has(&p, "matters[0].status", "write \"abolished\"");
    has(&p, "matters[1].status_date", "no month 13");
    has(
        &p,
        "matters[2].status_date",
        "expected YYYY, YYYY-MM or YYYY-MM-DD",
    );
    assert_eq!(p.len(), 3, "{p:?}");
}

#[test]
fn abolished_without_note_is_a_warning() {
    let w = warnings(&doc(
        r#"{"id": "a", "name": "n", "status": "abolished"}, {"id": "b", "name": "n", "status": "delegated", "status_note": "下放至省级"}"#,
    ));
    assert_eq!(w.len(), 1);
    assert_eq!(w[0].severity, Severity::Warning);
    has(
        &w,
        "matters[0].status_note",
        "abolished but has no `status_note`",
    );
}

#[test]
fn case_type_warnings() {
    let w = warnings(&doc(
        r#"{"id": "a", "name": "n", "case_type": "承诺件", "time_limit": {"promised_days": 5}},
           {"id": "b", "name": "n", "case_type": "当场办"},
           {"id": "c", "name": "n", "case_type": "即办件", "time_limit": {"statutory_days": 20, "promised_days": 0}},
           {"id": "d", "name": "n", "case_type": "即办件", "time_limit": {"statutory_days": 0}}"#,
    ));
    has(&w, "matters[1].case_type", "expected 即办件");
    has(&w, "matters[2].case_type", "statutory_days is 20");
    assert_eq!(w.len(), 2, "{w:?}");
}

#[test]
fn online_url_needs_a_scheme() {
    let p = errors(&doc(
        r#"{"id": "a", "name": "n", "online": {"url": "zwfw.example.gov.cn"}},
           {"id": "b", "name": "n", "online": {"url": "HTTPS://zwfw.example.gov.cn", "depth": "四级"}}"#,
    ));
    assert_eq!(p.len(), 1);
    has(
        &p,
        "matters[0].online.url",
        "must start with http:// or https://",
    );
}

#[test]
fn unknown_fields_warn_with_a_hint_and_fail_under_strict() {
    let src = doc(
        r#"{"id": "m1", "name": "n", "fees": {"charged": false}, "事项类型": "行政许可",
                      "time_limit": {"promised_day": 1}, "zzz": 1}"#,
    );
    let w = warnings(&src);
    has(
        &w,
        "matters[0].fees",
        "unknown field `fees` (ignored); did you mean `fee`?",
    );
    has(&w, "matters[0].事项类型", "calls 事项类型 `kind`");
    has(
        &w,
        "matters[0].time_limit.promised_day",
        "did you mean `promised_days`?",
    );
    has(&w, "matters[0].zzz", "known fields here");
    assert!(w.iter().all(|p| p.severity == Severity::Warning));
    let fees = w
        .iter()
        .find(|p| p.path == "matters[0].fees")
        .expect("fees warning");
    assert_eq!(fees.line, Some(3));

    let e = Catalogue::from_json_str(&src, "t.json", &STRICT).expect_err("strict fails");
    assert_eq!(e.problems.len(), w.len());
    assert!(e.problems.iter().all(|p| p.severity == Severity::Error));
    has(&e.problems, "matters[0].fees", "did you mean `fee`?");
}

#[test]
fn unknown_top_level_and_department_fields() {
    let w = warnings(
        r#"{"title": "t", "titel": "x", "departments": [{"id": "d", "name": "n", "alias": ["a"]}],
            "matters": [{"id": "m1", "name": "n"}]}"#,
    );
    has(&w, "titel", "did you mean `title`?");
    has(&w, "departments[0].alias", "did you mean `aliases`?");
}

#[test]
fn duplicate_keys_warn() {
    let w = warnings(r#"{"title": "t", "matters": [{"id": "m1", "name": "a", "name": "b"}]}"#);
    has(&w, "matters[0].name", "duplicate key `name`");
}

#[test]
fn many_errors_are_reported_at_once() {
    let e = Catalogue::load_files(&[fixture("many-errors.json")], &LAX).expect_err("fails");
    let p = &e.problems;
    let expected = [
        ("title", "must not be empty"),
        ("departments[1].id", "duplicate department id"),
        ("departments[2].id", "missing required field"),
        ("matters[0].kind", "unknown kind"),
        ("matters[0].code", "malformed code"),
        ("matters[1].id", "duplicate matter id"),
        ("matters[1].name", "must not be empty"),
        ("matters[1].department", "unknown department"),
        ("matters[2].parent", "own parent"),
        ("matters[2].visits", "negative"),
        ("matters[3].time_limit.promised_days", "exceeds"),
        ("matters[3].materials[0].blank_form", "not the id of a form"),
        ("matters[3].materials[0].copies", "fraction"),
        ("matters[3].online.url", "http://"),
        // A warning, listed with the errors rather than after they are fixed.
        ("matters[3].fees", "did you mean `fee`?"),
        ("matters[4].status", "unknown status"),
        ("matters[4].status_date", "no day 30"),
        ("matters[4].fee.charged", "missing required field"),
        ("matters[4].procedure[0].step", "missing required field"),
        ("matters[4].faq[0].answer", "missing required field"),
        ("matters[5].id", "missing required field"),
        ("matters[5].name", "expected a string, found a number"),
    ];
    for (path, part) in expected {
        has(p, path, part);
    }
    assert_eq!(p.len(), expected.len(), "{e}");
    let warnings: Vec<&str> = p
        .iter()
        .filter(|p| p.severity == Severity::Warning)
        .map(|p| p.path.as_str())
        .collect();
    assert_eq!(warnings, ["matters[3].fees"], "{e}");
    assert!(p.iter().all(|p| p.line.is_some() && p.column.is_some()));
    assert!(p.iter().all(|p| p.file.ends_with("many-errors.json")));
    // In source order, one per line of Display.
    let lines: Vec<usize> = p.iter().filter_map(|p| p.line).collect();
    assert!(lines.windows(2).all(|w| w[0] <= w[1]));
    assert_eq!(e.to_string().lines().count(), p.len());
}

#[test]
fn split_catalogue_merges() {
    let l = Catalogue::load_files(&[fixture("split-a.json"), fixture("split-b.json")], &STRICT)
        .expect("loads");
    let c = &l.catalogue;
    assert_eq!(c.title, "分卷目录");
    assert_eq!(c.authority.as_deref(), Some("某市政务服务管理局"));
    assert_eq!(c.departments.len(), 2);
    let ids: Vec<&str> = c.matters.iter().map(|m| m.id.as_str()).collect();
    assert_eq!(ids, ["a1", "a2", "b1"]);
    assert_eq!(
        c.department("市场监管局").map(|d| d.id.as_str()),
        Some("d1")
    );
}

#[test]
fn split_catalogue_duplicate_names_both_files() {
    let e = Catalogue::load_files(
        &[
            fixture("split-a.json"),
            fixture("split-b.json"),
            fixture("split-dup.json"),
        ],
        &LAX,
    )
    .expect_err("duplicate id");
    assert_eq!(e.problems.len(), 1, "{e}");
    let p = &e.problems[0];
    assert!(p.file.ends_with("split-dup.json"), "{p}");
    assert_eq!(p.path, "matters[1].id");
    assert!(
        p.message.contains("split-a.json") && p.message.contains("matters[0]"),
        "{p}"
    );
    assert_eq!(p.line, Some(4));
}

#[test]
fn split_catalogue_needs_a_title_somewhere() {
    let e = Catalogue::load_files(&[fixture("split-b.json"), fixture("split-dup.json")], &LAX)
        .expect_err("no title");
    has(&e.problems, "title", "none of the files has one");
    // …and each problem still names its own file.
    let dup = e
        .problems
        .iter()
        .find(|p| p.path == "matters[1].department");
    assert!(
        dup.is_some_and(|p| p.file.ends_with("split-dup.json")),
        "{e}"
    );
}

#[test]
fn a_broken_file_does_not_bury_its_problem_under_references() {
    let dir = std::env::temp_dir().join(format!("matter-search-broken-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let broken = dir.join("departments.json");
    std::fs::write(
        &broken,
        r#"{"title": "t", "departments": [{"id": "d1", "name": "n"}"#,
    )
    .expect("write");
    let matters = dir.join("matters.json");
    std::fs::write(
        &matters,
        r#"{"matters": [{"id": "m1", "name": "n", "department": "d1"}, {"id": "m1", "name": "n"}]}"#,
    )
    .expect("write");
    let e = Catalogue::load_files(&[&broken, &matters], &LAX).expect_err("fails");
    let _ = std::fs::remove_dir_all(&dir);
    assert_eq!(e.problems.len(), 2, "{e}");
    assert!(e.problems[0].message.starts_with("invalid JSON"));
    has(&e.problems, "matters[1].id", "duplicate matter id");
}

#[test]
fn docs_example_loads_cleanly() {
    let md = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/catalogue-format.md"),
    )
    .expect("docs exist");
    let start = md.rfind("```json\n").expect("an example") + "```json\n".len();
    let len = md[start..].find("```").expect("closed");
    let l = Catalogue::from_json_str(&md[start..start + len], "example", &STRICT)
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(l.warnings.is_empty());
    assert_eq!(l.catalogue.matters.len(), 2);
}

#[test]
fn unreadable_file_is_a_problem() {
    let missing = fixture("does-not-exist.json");
    let e = Catalogue::load_files(&[fixture("split-a.json"), missing.clone()], &LAX)
        .expect_err("fails");
    assert_eq!(e.problems.len(), 1, "{e}");
    let p = &e.problems[0];
    assert_eq!(p.file, missing.display().to_string());
    assert_eq!(p.path, "");
    assert!(p.message.starts_with("cannot read file"), "{p}");
    assert!(Catalogue::load_files::<&str>(&[], &LAX).is_err());
}

#[test]
fn non_utf8_file_is_a_problem() {
    let dir = std::env::temp_dir().join(format!("matter-search-cat-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let path = dir.join("gbk.json");
    // `{"title": "` then 事项 in GBK, which is not UTF-8.
    let mut bytes = b"{\n  \"title\": \"".to_vec();
    bytes.extend_from_slice(&[0xCA, 0xC2, 0xCF, 0xEE]);
    bytes.extend_from_slice(b"\", \"matters\": []}");
    std::fs::write(&path, bytes).expect("write");
    let e = Catalogue::load_files(&[&path], &LAX).expect_err("fails");
    let _ = std::fs::remove_dir_all(&dir);
    assert_eq!(e.problems.len(), 1, "{e}");
    assert!(e.problems[0].message.contains("not valid UTF-8"));
    assert_eq!(
        (e.problems[0].line, e.problems[0].column),
        (Some(2), Some(13))
    );
}

#[test]
fn display_formats() {
    let p = Problem {
        severity: Severity::Error,
        file: "data/x.json".into(),
        path: "matters[12].kind".into(),
        line: Some(3),
        column: Some(14),
        message: "unknown kind".into(),
        cause: None,
    };
    assert_eq!(
        p.to_string(),
        "data/x.json:3:14: error: matters[12].kind: unknown kind"
    );
    let w = Problem {
        severity: Severity::Warning,
        line: None,
        column: None,
        path: String::new(),
        ..p.clone()
    };
    assert_eq!(w.to_string(), "data/x.json: warning: unknown kind");
    let e = CatalogueError {
        problems: vec![p.clone(), p],
    };
    assert_eq!(e.to_string().lines().count(), 2);
    let _: &dyn std::error::Error = &e;
}

#[test]
fn validate_a_catalogue_built_in_code() {
    let cat = Catalogue {
        title: "代码目录".into(),
        departments: vec![Department {
            id: "d1".into(),
            name: "一司".into(),
            aliases: vec!["一".into()],
        }],
        matters: vec![
            Matter {
                id: "m1".into(),
                name: "甲".into(),
                department: Some("二司".into()),
                ..Matter::default()
            },
            Matter {
                id: "m1".into(),
                name: String::new(),
                status: Status::Abolished,
                ..Matter::default()
            },
        ],
        ..Catalogue::default()
    };
    let p = cat.validate();
    has(&p, "matters[0].department", "unknown department");
    has(&p, "matters[1].id", "duplicate matter id");
    has(&p, "matters[1].name", "must not be empty");
    has(&p, "matters[1].status_note", "abolished");
    assert!(p
        .iter()
        .all(|p| p.file == "<catalogue>" && p.line.is_none()));
    assert_eq!(cat.department("一").map(|d| d.id.as_str()), Some("d1"));
    assert_eq!(cat.department("一司").map(|d| d.id.as_str()), Some("d1"));
    assert!(cat.department("二司").is_none());
}

/// A tiny deterministic generator, so the fuzz test needs no dependency.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        self.0 >> 33
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// Replaces one random node of `v`, up to `depth` levels down, with a value
/// of another shape.
fn mutate(v: &mut serde_json::Value, depth: usize, rng: &mut Lcg) {
    use serde_json::{json, Value};
    if depth > 0 {
        match v {
            Value::Object(m) if !m.is_empty() => {
                let i = rng.below(m.len());
                if let Some(child) = m.values_mut().nth(i) {
                    return mutate(child, depth - 1, rng);
                }
            }
            Value::Array(a) if !a.is_empty() => {
                let i = rng.below(a.len());
                if let Some(child) = a.get_mut(i) {
                    return mutate(child, depth - 1, rng);
                }
            }
            _ => {}
        }
    }
    let replacements = [
        Value::Null,
        json!(-1),
        json!(1.5),
        json!(u64::MAX),
        json!(""),
        json!("   "),
        json!("行政审批"),
        json!([]),
        json!([1, "x", null]),
        json!({}),
        json!({"id": 1}),
        json!(true),
    ];
    *v = replacements[rng.below(replacements.len())].clone();
}

#[test]
fn no_panic_on_truncated_or_mutated_input() {
    let src = read_fixture("full.json");
    let opts = [LAX, STRICT];
    // Truncations at a few hundred points (on character boundaries).
    let cuts: Vec<usize> = src.char_indices().map(|(i, _)| i).collect();
    for (n, &cut) in cuts.iter().step_by(cuts.len() / 300 + 1).enumerate() {
        let _ = Catalogue::from_json_str(&src[..cut], "cut.json", &opts[n % 2]);
    }
    // Byte-level mutations: swap a character for JSON punctuation.
    let mut rng = Lcg(7);
    let punct = [
        '{', '}', '[', ']', ',', ':', '"', '\\', '-', '0', '，', ' ', '\n',
    ];
    let chars: Vec<char> = src.chars().collect();
    for n in 0..300 {
        let mut c = chars.clone();
        let at = rng.below(c.len());
        c[at] = punct[rng.below(punct.len())];
        let s: String = c.into_iter().collect();
        let _ = Catalogue::from_json_str(&s, "mut.json", &opts[n % 2]);
    }
    // Structural mutations: every shape of value at random places.
    let base: serde_json::Value = serde_json::from_str(&src).expect("valid");
    for n in 0..400 {
        let mut v = base.clone();
        for _ in 0..=rng.below(3) {
            let depth = rng.below(7);
            mutate(&mut v, depth, &mut rng);
        }
        let s = serde_json::to_string(&v).expect("serializes");
        if let Err(e) = Catalogue::from_json_str(&s, "tree.json", &opts[n % 2]) {
            // Warnings come with the errors; there is at least one error.
            assert!(e.problems.iter().any(|p| p.severity == Severity::Error));
        }
    }
    // Deep nesting must not overflow the stack.
    let deep = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
    assert!(Catalogue::from_json_str(&deep, "deep.json", &LAX).is_err());
}
