//! Catalogues from CSV files and XLSX workbooks: the real district list in
//! both give the index the JSON gives; a hand-made workbook with merged
//! cells, empty rows, a header below a title and numbers stored as text;
//! every problem at its file, sheet, row and column.
#![cfg(all(feature = "spreadsheet", not(target_arch = "wasm32")))]

mod common;

use std::path::{Path, PathBuf};

use common::district::{district_catalogue, shared_path};
use matter_search::catalogue::spreadsheet::{write_xlsx, ColumnMap};
use matter_search::catalogue::{DayUnit, Kind};
use matter_search::{Catalogue, CatalogueError, IndexBuilder, LoadOptions};
use rust_xlsxwriter::{Format, Workbook};

const LAX: LoadOptions = LoadOptions { strict: false };
const STRICT: LoadOptions = LoadOptions { strict: true };

fn dir(name: &str) -> PathBuf {
    let d = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!("spreadsheet-{name}"));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).expect("temp dir");
    d
}

fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

fn load(paths: &[&Path]) -> Result<Catalogue, CatalogueError> {
    Catalogue::load_files(paths, &LAX).map(|l| l.catalogue)
}

fn problems(e: &CatalogueError) -> Vec<String> {
    e.problems.iter().map(|p| p.to_string()).collect()
}

/// The raw district rows: their national type codes as published.
fn district_rows() -> Vec<serde_json::Value> {
    let path = shared_path("data/real/sichuan-guangan-district-matters.json");
    let text = std::fs::read_to_string(&path).expect("district list");
    serde_json::from_str(&text).expect("district JSON")
}

fn json_index_bytes() -> Vec<u8> {
    let json = serde_json::to_string(&district_catalogue()).expect("serializes");
    let cat = Catalogue::from_json_str(&json, "district.json", &LAX)
        .expect("loads")
        .catalogue;
    IndexBuilder::new().build(&cat).expect("builds")
}

fn meta_json(d: &Path) -> PathBuf {
    let cat = district_catalogue();
    let p = d.join("meta.json");
    let meta = serde_json::json!({"title": cat.title, "authority": cat.authority, "departments": cat.departments});
    std::fs::write(&p, meta.to_string()).expect("write meta");
    p
}

#[test]
fn district_csv_gives_the_index_the_json_gives() {
    let d = dir("district-csv");
    // As a platform exports it: UTF-8 with a BOM, national headers, the
    // type as its code (1, 5, 7 …), one row per matter.
    let mut csv = String::from("\u{feff}实施编码,事项名称,事项类型,实施主体\r\n");
    for r in district_rows() {
        let s = |k: &str| r.get(k).and_then(|v| v.as_str()).unwrap_or("").to_string();
        csv.push_str(&format!(
            "{},{},{},{}\r\n",
            csv_field(&s("item_code")),
            csv_field(&s("name")),
            csv_field(&s("task_type")),
            csv_field(&s("department"))
        ));
    }
    let path = d.join("district.csv");
    std::fs::write(&path, csv).expect("write csv");
    let meta = meta_json(&d);
    let cat = load(&[&meta, &path]).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(cat, district_catalogue());
    let bytes = IndexBuilder::new().build(&cat).expect("builds");
    assert!(
        bytes == json_index_bytes(),
        "CSV and JSON give different index bytes"
    );
}

#[test]
fn district_xlsx_gives_the_index_the_json_gives() {
    let d = dir("district-xlsx");
    let cat = district_catalogue();
    let mut book = Workbook::new();
    {
        let ws = book.add_worksheet();
        ws.set_name("目录").expect("name");
        ws.write_string(0, 0, "标题").expect("w");
        ws.write_string(0, 1, &cat.title).expect("w");
        ws.write_string(1, 0, "发布机关").expect("w");
        ws.write_string(1, 1, cat.authority.as_deref().unwrap_or(""))
            .expect("w");
    }
    {
        let ws = book.add_worksheet();
        ws.set_name("部门").expect("name");
        ws.write_string(0, 0, "部门编码").expect("w");
        ws.write_string(0, 1, "部门名称").expect("w");
        for (i, dep) in cat.departments.iter().enumerate() {
            ws.write_string(i as u32 + 1, 0, &dep.id).expect("w");
            ws.write_string(i as u32 + 1, 1, &dep.name).expect("w");
        }
    }
    {
        let ws = book.add_worksheet();
        ws.set_name("事项").expect("name");
        for (c, h) in ["实施编码", "事项名称", "事项类型", "实施主体"]
            .iter()
            .enumerate()
        {
            ws.write_string(0, c as u16, *h).expect("w");
        }
        for (i, r) in district_rows().iter().enumerate() {
            let s = |k: &str| r.get(k).and_then(|v| v.as_str()).unwrap_or("").to_string();
            let row = i as u32 + 1;
            ws.write_string(row, 0, s("item_code")).expect("w");
            ws.write_string(row, 1, s("name")).expect("w");
            // The type code as a number, as a spreadsheet stores it.
            let code: f64 = s("task_type").parse().expect("numeric type code");
            ws.write_number(row, 2, code).expect("w");
            ws.write_string(row, 3, s("department")).expect("w");
        }
    }
    let path = d.join("district.xlsx");
    book.save(&path).expect("save");
    let loaded = load(&[&path]).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(loaded, cat);
    let bytes = IndexBuilder::new().build(&loaded).expect("builds");
    assert!(
        bytes == json_index_bytes(),
        "XLSX and JSON give different index bytes"
    );
}

#[test]
fn a_hand_made_workbook_with_merged_cells_and_a_title_row() {
    let d = dir("hand-made");
    let mut book = Workbook::new();
    let merged = Format::new();
    {
        let ws = book.add_worksheet();
        ws.set_name("事项").expect("name");
        // A title row merged across the table, an empty row, then the header.
        ws.merge_range(0, 0, 0, 7, "某区政务服务事项实施清单（2025年版）", &merged)
            .expect("merge");
        let headers = [
            "序号",
            "* 实施编码",
            "事项名称",
            "事项类型",
            "实施主体",
            "法定办结时限",
            "承诺办结时限",
            "是否收费",
        ];
        for (c, h) in headers.iter().enumerate() {
            ws.write_string(2, c as u16, *h).expect("w");
        }
        // Numbers stored as text: the code, the type code, the days.
        let rows = [
            [
                "1",
                "11511602MB1538001X4000117001",
                "食品经营许可",
                "01",
                "区市场监督管理局",
                "20个工作日",
                "10",
                "否",
            ],
            [
                "2",
                "11511602MB1538001X4000117002",
                "个体工商户注册登记",
                "7",
                "区市场监督管理局",
                "15",
                "即办",
                "不收费",
            ],
        ];
        for (r, row) in rows.iter().enumerate() {
            // An empty row between the two matters.
            let at = 3 + r as u32 * 2;
            for (c, v) in row.iter().enumerate() {
                ws.write_string(at, c as u16, *v).expect("w");
            }
        }
    }
    {
        let ws = book.add_worksheet();
        ws.set_name("申请材料").expect("name");
        for (c, h) in ["事项编码", "材料名称", "份数", "必要性"]
            .iter()
            .enumerate()
        {
            ws.write_string(0, c as u16, *h).expect("w");
        }
        // The matter's code merged down over its three materials.
        ws.merge_range(1, 0, 3, 0, "11511602MB1538001X4000117001", &merged)
            .expect("merge");
        for (r, (name, copies, required)) in [
            ("食品经营许可申请书", "1", "必要"),
            ("营业执照复印件", "1", "必要"),
            ("食品安全管理制度文本", "2份", "非必要"),
        ]
        .iter()
        .enumerate()
        {
            let r = r as u32 + 1;
            ws.write_string(r, 1, *name).expect("w");
            ws.write_string(r, 2, *copies).expect("w");
            ws.write_string(r, 3, *required).expect("w");
        }
    }
    let path = d.join("某区清单.xlsx");
    book.save(&path).expect("save");
    let loaded = Catalogue::load_files(&[&path], &LAX).unwrap_or_else(|e| panic!("{e}"));
    // 序号 is not a field: a warning naming its cell.
    assert!(
        loaded.warnings.iter().any(|w| w
            .to_string()
            .contains("sheet 事项, row 3, column 序号: unknown column")),
        "{:?}",
        loaded.warnings
    );
    let cat = loaded.catalogue;
    assert_eq!(cat.title, "某区清单");
    assert_eq!(cat.matters.len(), 2);
    let a = &cat.matters[0];
    assert_eq!(a.id, "11511602MB1538001X4000117001");
    assert_eq!(a.kind, Some(Kind::Licence));
    let tl = a.time_limit.as_ref().expect("limit");
    assert_eq!(
        (tl.statutory_days, tl.promised_days, tl.unit),
        (Some(20), Some(10), DayUnit::Working)
    );
    assert_eq!(a.fee.as_ref().map(|f| f.charged), Some(false));
    let names: Vec<&str> = a.materials.iter().map(|m| m.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "食品经营许可申请书",
            "营业执照复印件",
            "食品安全管理制度文本"
        ]
    );
    assert_eq!(a.materials[2].copies, Some(2));
    assert_eq!(a.materials[2].required, Some(false));
    let b = &cat.matters[1];
    assert_eq!(b.kind, Some(Kind::Confirmation));
    let tl = b.time_limit.as_ref().expect("limit");
    assert_eq!((tl.statutory_days, tl.promised_days), (Some(15), Some(0)));
    assert!(b.materials.is_empty());
}

#[test]
fn every_problem_names_its_cell_all_at_once() {
    let d = dir("problems");
    let path = d.join("matters.csv");
    std::fs::write(
        &path,
        "实施编码,事项名称,承诺办结时限,事项类型,是否收费,办理窗口\n\
         A1,甲事项,二十天,01,否,一楼\n\
         A1,乙事项,5个工作日,13,也许,二楼\n\
         A3,,30日,,,\n",
    )
    .expect("write");
    let e = load(&[&path]).expect_err("has errors");
    let all = problems(&e).join("\n");
    for want in [
        r#"matters.csv: error: row 2, column 承诺办结时限: "二十天" is not a number of days"#,
        r#"matters.csv: error: row 3, column 事项类型: "13" is not a national matter-type code"#,
        r#"matters.csv: error: row 3, column 是否收费: "也许" is not yes or no"#,
        "matters.csv: error: row 3, column 实施编码: duplicate matter id \"A1\"",
        "matters.csv: error: row 4: missing required field `name`",
    ] {
        assert!(all.contains(want), "missing {want:?} in\n{all}");
    }
    // The unknown column is a warning, listed beside the errors (every
    // problem at once), and an error under --strict.
    let lax = Catalogue::load_files(&[&path], &LAX).expect_err("errors");
    let lax = problems(&lax);
    let window: Vec<&String> = lax.iter().filter(|p| p.contains("办理窗口")).collect();
    assert_eq!(window.len(), 1, "{lax:#?}");
    assert!(window[0].contains("warning"), "{lax:#?}");
    assert!(!window[0].contains("error"), "{lax:#?}");
    let strict = Catalogue::load_files(&[&path], &STRICT).expect_err("errors");
    assert!(problems(&strict)
        .join("\n")
        .contains("row 1, column 办理窗口: unknown column \"办理窗口\" (ignored)"));
}

#[test]
fn gb18030_is_read_with_the_conversion_command() {
    let d = dir("gb18030");
    let text =
        "实施编码,事项名称,法定办结时限\n11511602MB1538001X4000117001,食品经营许可,20个工作日\n";
    let (bytes, _, _) = encoding_rs::GB18030.encode(text);
    let path = d.join("gbk.csv");
    std::fs::write(&path, &bytes).expect("write");
    let loaded = Catalogue::load_files(&[&path], &LAX).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(loaded.catalogue.matters[0].name, "食品经营许可");
    let w = loaded
        .warnings
        .iter()
        .map(|w| w.to_string())
        .collect::<Vec<_>>()
        .join("\n");
    let cmd = format!(
        "iconv -f GB18030 -t UTF-8 {} > {}",
        path.display(),
        d.join("gbk.utf8.csv").display()
    );
    assert!(w.contains(&cmd), "{w}\n{cmd}");
    // Refused under --strict, with the same command.
    let e = Catalogue::load_files(&[&path], &STRICT).expect_err("strict refuses");
    assert!(problems(&e).join("\n").contains(&cmd));
}

#[test]
fn a_column_map_renames_a_platforms_headers() {
    let d = dir("columns");
    let path = d.join("export.csv");
    std::fs::write(
        &path,
        "事项代码,名称,时限（承诺）\n11511602MB1538001X4000117001,食品经营许可,10个工作日\n",
    )
    .expect("write");
    let map = ColumnMap::parse(
        "# 某省平台导出的表头\n事项代码 = 实施编码\n名称 = 事项名称\n时限（承诺） = time_limit.promised_days\n",
        "columns.txt",
    )
    .expect("map reads");
    let cat = Catalogue::load_files_with(&[&path], &STRICT, &map)
        .unwrap_or_else(|e| panic!("{e}"))
        .catalogue;
    assert_eq!(cat.matters[0].id, "11511602MB1538001X4000117001");
    assert_eq!(
        cat.matters[0]
            .time_limit
            .as_ref()
            .and_then(|t| t.promised_days),
        Some(10)
    );
    let e = ColumnMap::parse("事项代码 = 代码\n没有等号\n", "columns.txt").expect_err("bad map");
    let all = problems(&e).join("\n");
    assert!(
        all.contains("columns.txt:1:1: error: \"代码\" is not a known column"),
        "{all}"
    );
    assert!(all.contains("columns.txt:2:1: error: expected"), "{all}");
}

#[test]
fn json_to_xlsx_and_back_is_lossless_on_the_default_catalogue() {
    let d = dir("round-trip");
    let json = Path::new(env!("CARGO_MANIFEST_DIR")).join("data/mofcom.json");
    let cat = load(&[&json]).unwrap_or_else(|e| panic!("{e}"));
    let xlsx = d.join("mofcom.xlsx");
    write_xlsx(&cat, &xlsx).expect("writes");
    let back = Catalogue::load_files(&[&xlsx], &STRICT).unwrap_or_else(|e| panic!("{e}"));
    assert!(back.warnings.is_empty(), "{:?}", back.warnings);
    for (a, b) in cat.matters.iter().zip(&back.catalogue.matters) {
        assert_eq!(a, b, "{}", a.id);
    }
    assert_eq!(back.catalogue, cat);
}

#[test]
fn the_template_workbook_is_what_its_json_gives() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let json = root.join("data/templates/catalogue-template.json");
    let xlsx = root.join("data/templates/catalogue-template.xlsx");
    let cat = Catalogue::load_files(&[&json], &STRICT)
        .unwrap_or_else(|e| panic!("{e}"))
        .catalogue;
    let fresh = matter_search::catalogue::spreadsheet::xlsx_bytes(&cat).expect("writes");
    if std::env::var_os("UPDATE_TEMPLATE").is_some() {
        std::fs::write(&xlsx, &fresh).expect("write template");
    }
    let committed = std::fs::read(&xlsx).expect("template exists (UPDATE_TEMPLATE=1 writes it)");
    assert!(committed == fresh, "data/templates/catalogue-template.xlsx is stale: run UPDATE_TEMPLATE=1 cargo test --all-features --test spreadsheet");
    let back = Catalogue::load_files(&[&xlsx], &STRICT).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(back.catalogue, cat);
}
