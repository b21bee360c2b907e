//! Catalogues in spreadsheets: CSV files and XLSX workbooks, as the
//! province's service platforms export them (feature `spreadsheet`).
//!
//! A spreadsheet is read into the same document a JSON catalogue is, and
//! checked by the same loader, so every rule holds alike; each problem
//! names its file, sheet, row and column instead of a JSON path.
//! `docs/catalogue-format.md` describes the columns and sheets, and
//! `data/templates/catalogue-template.xlsx` is a workbook to fill in.

mod columns;
mod export;
mod grid;
mod import;

use std::path::Path;

pub use columns::ColumnMap;
pub use export::{write_xlsx, xlsx_bytes};
pub(crate) use import::Imported;

use super::error::Problem;

/// Whether `path` names a spreadsheet (by its extension).
pub fn is_spreadsheet(path: &Path) -> bool {
    matches!(
        extension(path).as_str(),
        "csv" | "tsv" | "xlsx" | "xlsm" | "xls" | "ods"
    )
}

fn extension(path: &Path) -> String {
    path.extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase()
}

/// Reads one spreadsheet file. `Err` when it cannot be read at all.
pub(crate) fn read(path: &Path, file: &str, map: &ColumnMap) -> Result<Imported, Problem> {
    let mut located = Vec::new();
    let sheets = match extension(path).as_str() {
        "csv" | "tsv" => vec![grid::read_csv(path, file, &mut located)?],
        "xlsx" | "xlsm" => grid::read_xlsx(path, file, &mut located)?,
        other => {
            return Err(grid::problem(
                file,
                super::error::Severity::Error,
                format!(
                ".{other} workbooks are not read; save it as .xlsx (Excel Workbook) or CSV UTF-8"
            ),
            ))
        }
    };
    let mut imported = import::import(&sheets, file, map);
    located.append(&mut imported.located);
    imported.located = located;
    Ok(imported)
}
