//! `matter-search convert IN… -o OUT`: between JSON and spreadsheets, so an
//! office can keep its catalogue in a workbook and diff the normalized JSON.

use std::path::PathBuf;

use clap::Args;

use crate::catalogue::spreadsheet::{write_xlsx, ColumnMap};

#[derive(Args, Debug)]
pub(super) struct ConvertArgs {
    /// Catalogue files (JSON, CSV or XLSX), merged into one catalogue.
    #[arg(required = true)]
    inputs: Vec<PathBuf>,
    /// Where to write: `.json` (normalized, pretty) or `.xlsx` (the workbook
    /// layout of docs/catalogue-format.md).
    #[arg(short, long)]
    output: PathBuf,
    /// Treat warnings (unknown columns …) as errors.
    #[arg(long)]
    strict: bool,
    /// Renames of a platform's own spreadsheet headers (`平台表头 = 标准表头`).
    #[arg(long)]
    columns: Option<PathBuf>,
}

/// Reads `--columns FILE`.
pub(super) fn column_map(path: Option<&PathBuf>) -> Result<ColumnMap, String> {
    let Some(path) = path else {
        return Ok(ColumnMap::new());
    };
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    ColumnMap::parse(&text, &path.display().to_string()).map_err(|e| e.to_string())
}

pub(super) fn run(a: ConvertArgs) -> Result<i32, String> {
    let ext = a
        .output
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    if ext != "json" && ext != "xlsx" {
        return Err(format!(
            "{}: the output must end in .json or .xlsx",
            a.output.display()
        ));
    }
    let Some(cat) = super::load_then(&a.inputs, a.strict, a.columns.as_ref(), "written")? else {
        return Ok(super::FAILED);
    };
    if ext == "json" {
        let mut text = serde_json::to_string_pretty(&cat).map_err(|e| e.to_string())?;
        text.push('\n');
        std::fs::write(&a.output, text)
            .map_err(|e| format!("cannot write {}: {e}", a.output.display()))?;
    } else {
        write_xlsx(&cat, &a.output)?;
    }
    say!(
        "wrote {}: {} matters, {} departments",
        a.output.display(),
        cat.matters.len(),
        cat.departments.len()
    )?;
    Ok(0)
}
