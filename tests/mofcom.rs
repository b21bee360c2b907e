//! The default catalogue (data/mofcom.json): complete enough for a
//! citizen, strictly valid, and found by what a citizen types.
// Native only: wasm-pack test builds every test target for wasm32.
#![cfg(not(target_arch = "wasm32"))]

use std::sync::OnceLock;

use matter_search::catalogue::Status;
use matter_search::{Catalogue, Index, IndexBuilder, LoadOptions, Query};

const PATH: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/data/mofcom.json");

fn catalogue() -> &'static Catalogue {
    static C: OnceLock<Catalogue> = OnceLock::new();
    C.get_or_init(|| {
        Catalogue::load_files(&[PATH], &LoadOptions { strict: true })
            .unwrap_or_else(|e| panic!("data/mofcom.json fails --strict:\n{e}"))
            .catalogue
    })
}

fn index_bytes() -> &'static [u8] {
    static B: OnceLock<Vec<u8>> = OnceLock::new();
    B.get_or_init(|| {
        let dict =
            std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/data/user-dict.txt"))
                .unwrap();
        let mut b = IndexBuilder::new();
        b.user_dictionary(&dict, "data/user-dict.txt").unwrap();
        b.build(catalogue()).unwrap()
    })
}

#[test]
fn strictly_valid_with_no_warnings() {
    let loaded = Catalogue::load_files(&[PATH], &LoadOptions { strict: true }).unwrap();
    assert!(loaded.warnings.is_empty(), "{:?}", loaded.warnings);
}

#[test]
fn size_of_the_catalogue() {
    let c = catalogue();
    assert!(c.matters.len() >= 60, "{} matters", c.matters.len());
    assert!(
        c.departments.len() >= 14,
        "{} departments",
        c.departments.len()
    );
    let forms: usize = c.matters.iter().map(|m| m.forms.len()).sum();
    assert!(forms >= 20, "{forms} forms");
    // Samples carry an example value for every field.
    for m in &c.matters {
        for f in m
            .forms
            .iter()
            .filter(|f| f.kind == matter_search::catalogue::FormKind::Sample)
        {
            assert!(
                !f.fields.is_empty(),
                "{}: sample {} has no fields",
                m.id,
                f.id
            );
            for x in &f.fields {
                assert!(
                    x.example.is_some(),
                    "{}: sample {} field {} has no example",
                    m.id,
                    f.id,
                    x.label
                );
            }
        }
    }
    // Cancelled and moved matters are kept, dated and explained.
    let inactive: Vec<_> = c
        .matters
        .iter()
        .filter(|m| m.status != Status::Active)
        .collect();
    assert!(inactive.len() >= 5);
    for m in inactive {
        assert!(
            m.status_date.is_some() && m.status_note.is_some(),
            "{} lacks date or note",
            m.id
        );
    }
}

#[test]
fn active_matters_are_complete() {
    let c = catalogue();
    let active: Vec<_> = c
        .matters
        .iter()
        .filter(|m| m.status == Status::Active)
        .collect();
    let complete = active
        .iter()
        .filter(|m| {
            !m.basis.is_empty()
                && !m.conditions.is_empty()
                && !m.materials.is_empty()
                && !m.procedure.is_empty()
                && m.time_limit.is_some()
        })
        .count();
    let share = complete as f64 / active.len() as f64;
    assert!(share >= 0.9, "{complete}/{} complete", active.len());
}

#[test]
fn materials_point_at_forms_or_say_there_are_none() {
    for m in &catalogue().matters {
        if m.materials.is_empty() {
            continue;
        }
        let points = m
            .materials
            .iter()
            .any(|x| x.blank_form.is_some() || x.sample_form.is_some());
        let says_none = m.notes.as_deref().is_some_and(|n| {
            n.contains("无统一格式")
                || n.contains("无单独格式")
                || n.contains("无全国统一格式")
                || n.contains("无统一纸质")
                || n.contains("无纸质申请表")
                || n.contains("无全国固定格式")
                || n.contains("无对外公布的统一格式")
                || n.contains("无需")
        });
        assert!(
            points || says_none,
            "{}: no material points at a form and notes do not say none exists",
            m.id
        );
    }
}

#[test]
fn citizen_queries_find_the_right_matter_first() {
    let idx = Index::from_bytes(index_bytes()).unwrap();
    let cases = [
        (
            "技术出口合同登记",
            "mofcom-tech-export-contract-registration",
        ),
        ("两用物项", "mofcom-dual-use"),
        ("拍卖公司", "mofcom-auction"),
        ("直销", "mofcom-direct-selling"),
        ("成品油", "mofcom-oil-wholesale"),
        ("外贸备案", "mofcom-trade-operator-filing"),
        ("易制毒化学品", "mofcom-precursor-chemicals"),
        ("政府信息公开", "mofcom-info-disclosure"),
        ("境外投资备案", "mofcom-odi-filing"),
        ("反倾销", "mofcom-antidumping-application"),
        ("特许经营备案", "mofcom-franchise-filing"),
        ("自动进口许可证", "mofcom-auto-import-licence"),
        ("预付卡", "mofcom-prepaid-card-filing"),
        ("报废汽车回收", "mofcom-scrap-vehicle"),
        ("外商投资信息报告", "mofcom-fdi-info-report"),
    ];
    let mut wrong = Vec::new();
    for (q, id) in cases {
        let res = idx.search(&Query::new(q).limit(5));
        let top = res.hits.first().map(|h| h.id.as_str()).unwrap_or("(none)");
        if top != id {
            wrong.push(format!(
                "{q}: expected {id}, got {top} ({:?})",
                res.hits.iter().map(|h| &h.name).collect::<Vec<_>>()
            ));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn an_abolished_matter_explains_itself() {
    let idx = Index::from_bytes(index_bytes()).unwrap();
    let res = idx.search(&Query::new("对外贸易经营者备案登记"));
    let hit = &res.hits[0];
    assert_eq!(hit.id, "mofcom-trade-operator-filing");
    assert_eq!(hit.status, Status::Abolished);
    let m = idx.matter(hit.doc).unwrap();
    assert!(m
        .status_date
        .as_deref()
        .is_some_and(|d| d.starts_with("2022")));
    assert!(m.status_note.is_some());
}
