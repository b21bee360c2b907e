//! Converts the real district list in `../shared/data/real/` into a
//! catalogue. Shared by tests, examples and benchmarks.

use std::path::PathBuf;

use matter_search::catalogue::{Catalogue, Department, Kind, Matter};

/// Where the shared real data lives, beside the project.
pub fn shared_path(rel: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .join("shared")
        .join(rel)
}

/// The national matter-type code (事项类型代码) to our kind.
pub fn kind_from_task_type(code: &str) -> Option<Kind> {
    Some(match code.trim_start_matches('0') {
        "1" => Kind::Licence,
        "2" => Kind::Penalty,
        "3" => Kind::Enforcement,
        "4" => Kind::Levy,
        "5" => Kind::Benefit,
        "6" => Kind::Inspection,
        "7" => Kind::Confirmation,
        "8" => Kind::Award,
        "9" => Kind::Adjudication,
        "10" => Kind::OtherPower,
        "20" => Kind::PublicService,
        _ => return None,
    })
}

/// 广安区's 1,135 matters: id and code are the province's implementation
/// code, department and kind as published.
pub fn district_catalogue() -> Catalogue {
    let path = shared_path("data/real/sichuan-guangan-district-matters.json");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let rows: Vec<serde_json::Value> = serde_json::from_str(&text).expect("district list is JSON");
    let s = |v: &serde_json::Value, k: &str| {
        v.get(k).and_then(|x| x.as_str()).unwrap_or("").to_string()
    };
    let mut departments: Vec<Department> = Vec::new();
    let mut matters = Vec::new();
    for r in &rows {
        let dept = s(r, "department");
        if !departments.iter().any(|d| d.id == dept) {
            departments.push(Department {
                id: dept.clone(),
                name: dept.clone(),
                aliases: vec![],
            });
        }
        let code = s(r, "item_code");
        matters.push(Matter {
            id: code.clone(),
            code: Some(code),
            name: s(r, "name"),
            kind: kind_from_task_type(&s(r, "task_type")),
            department: Some(dept),
            ..Default::default()
        });
    }
    Catalogue {
        title: "广安市广安区政务服务事项".into(),
        authority: Some("四川省广安市广安区人民政府".into()),
        version: None,
        departments,
        matters,
    }
}
