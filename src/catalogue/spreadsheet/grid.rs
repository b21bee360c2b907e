//! Reading a CSV file or an XLSX workbook into sheets of text cells.
//!
//! Cells become text the way a person reads them: numbers without a
//! trailing `.0` (codes and day counts typed as numbers), dates as
//! `YYYY-MM-DD`, merged regions filled with their top-left value (a matter's
//! code merged down over its material rows), empty rows dropped.

use std::path::Path;

use calamine::{Data, Reader, Xlsx};

use super::super::error::{Problem, Severity};
use crate::calendar::Date;

/// One cell's text and where it is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Row {
    /// 1-based row number as the spreadsheet shows it.
    pub number: usize,
    pub cells: Vec<String>,
}

/// One sheet: its name (`None` for a CSV file) and its non-empty rows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Sheet {
    pub name: Option<String>,
    pub rows: Vec<Row>,
}

pub(crate) fn problem(file: &str, severity: Severity, message: String) -> Problem {
    Problem {
        severity,
        file: file.to_string(),
        path: String::new(),
        line: None,
        column: None,
        message,
        cause: None,
    }
}

fn shell_quote(s: &str) -> String {
    if s.chars()
        .all(|c| c.is_ascii_alphanumeric() || "-_./".contains(c))
    {
        s.to_string()
    } else {
        format!("'{}'", s.replace('\'', r"'\''"))
    }
}

/// The command that stores `file` as UTF-8.
pub(crate) fn iconv_command(file: &str) -> String {
    let out = match file.rsplit_once('.') {
        Some((stem, ext)) => format!("{stem}.utf8.{ext}"),
        None => format!("{file}.utf8"),
    };
    format!(
        "iconv -f GB18030 -t UTF-8 {} > {}",
        shell_quote(file),
        shell_quote(&out)
    )
}

/// Decodes a CSV file: UTF-8 with or without BOM; GB18030 (GBK) is read
/// with a warning that gives the conversion command; anything else is an
/// error with the same command.
fn decode_csv(bytes: Vec<u8>, file: &str, warnings: &mut Vec<Problem>) -> Result<String, Problem> {
    if let Some(enc) = crate::catalogue::load::wrong_encoding(&bytes) {
        return Err(problem(
            file,
            Severity::Error,
            format!("file is {enc}; save it as CSV UTF-8 (Excel: 另存为 → CSV UTF-8)"),
        ));
    }
    let bytes = match String::from_utf8(bytes) {
        Ok(s) => return Ok(s.strip_prefix('\u{feff}').map(str::to_string).unwrap_or(s)),
        Err(e) => e.into_bytes(),
    };
    match encoding_rs::GB18030.decode_without_bom_handling_and_without_replacement(&bytes) {
        Some(text) => {
            warnings.push(problem(
                file,
                Severity::Warning,
                format!(
                    "file is GB18030 (GBK), not UTF-8; it was read as GB18030. Store it as UTF-8 with `{}`",
                    iconv_command(file)
                ),
            ));
            Ok(text.into_owned())
        }
        None => Err(problem(
            file,
            Severity::Error,
            format!(
                "file is neither UTF-8 nor GB18030; convert it to UTF-8 first, e.g. `{}`",
                iconv_command(file)
            ),
        )),
    }
}

/// Reads a CSV file as one sheet.
pub(crate) fn read_csv(
    path: &Path,
    file: &str,
    warnings: &mut Vec<Problem>,
) -> Result<Sheet, Problem> {
    let bytes = std::fs::read(path).map_err(|e| {
        problem(file, Severity::Error, format!("cannot read file: {e}")).caused_by(e)
    })?;
    let text = decode_csv(bytes, file, warnings)?;
    let first = text.lines().next().unwrap_or("");
    let delimiter = if first.matches('\t').count() > first.matches(',').count() {
        b'\t'
    } else {
        b','
    };
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(text.as_bytes());
    let mut rows = Vec::new();
    for (i, record) in reader.records().enumerate() {
        let record = record.map_err(|e| {
            let line = e.position().map(|p| p.line() as usize);
            let message = format!("cannot read CSV: {e}");
            Problem {
                line,
                ..problem(file, Severity::Error, message)
            }
            .caused_by(e)
        })?;
        let cells: Vec<String> = record.iter().map(|c| c.trim().to_string()).collect();
        if cells.iter().any(|c| !c.is_empty()) {
            rows.push(Row {
                number: i + 1,
                cells,
            });
        }
    }
    Ok(Sheet { name: None, rows })
}

/// Text of a cell, or why it has none.
fn cell_text(d: &Data) -> Result<String, String> {
    Ok(match d {
        Data::Empty => String::new(),
        Data::String(s) => s.trim().to_string(),
        Data::Int(i) => i.to_string(),
        Data::Float(f) => {
            if f.fract() == 0.0 && f.abs() < 1e15 {
                format!("{}", *f as i64)
            } else {
                f.to_string()
            }
        }
        Data::Bool(b) => if *b { "是" } else { "否" }.to_string(),
        Data::DateTime(dt) => {
            // Excel's day 25569 is 1970-01-01.
            let serial = dt.as_f64();
            Date::from_days(serial.floor() as i64 - 25_569).to_string()
        }
        Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::Error(e) => return Err(format!("the cell holds the spreadsheet error {e}")),
    })
}

/// `A`, `B` … `Z`, `AA` …: how spreadsheets name column `i` (0-based).
pub(crate) fn column_letter(mut i: usize) -> String {
    let mut s = Vec::new();
    loop {
        s.push(b'A' + (i % 26) as u8);
        if i < 26 {
            break;
        }
        i = i / 26 - 1;
    }
    s.reverse();
    String::from_utf8(s).unwrap_or_default()
}

/// Reads every sheet of an XLSX workbook. Cell errors (`#N/A` …) are
/// reported, located, and read as empty.
pub(crate) fn read_xlsx(
    path: &Path,
    file: &str,
    problems: &mut Vec<Problem>,
) -> Result<Vec<Sheet>, Problem> {
    let mut book: Xlsx<_> = calamine::open_workbook(path).map_err(|e| {
        problem(
            file,
            Severity::Error,
            format!("cannot read the workbook (is it an .xlsx file?): {e}"),
        )
        .caused_by(e)
    })?;
    if let Err(e) = book.load_merged_regions() {
        return Err(problem(
            file,
            Severity::Error,
            format!("cannot read the workbook's merged cells: {e}"),
        ));
    }
    let mut sheets = Vec::new();
    for name in book.sheet_names() {
        let range = book.worksheet_range(&name).map_err(|e| {
            problem(
                file,
                Severity::Error,
                format!("sheet {name}: cannot read it: {e}"),
            )
        })?;
        let (row0, col0) = range.start().unwrap_or((0, 0));
        let (row0, col0) = (row0 as usize, col0 as usize);
        let mut grid: Vec<Vec<String>> = Vec::new();
        for (r, row) in range.rows().enumerate() {
            let mut cells = vec![String::new(); col0];
            for (c, d) in row.iter().enumerate() {
                match cell_text(d) {
                    Ok(t) => cells.push(t),
                    Err(m) => {
                        problems.push(problem(
                            file,
                            Severity::Error,
                            format!(
                                "sheet {name}, row {}, column {}: {m}",
                                row0 + r + 1,
                                column_letter(col0 + c)
                            ),
                        ));
                        cells.push(String::new());
                    }
                }
            }
            grid.push(cells);
        }
        // Merged regions: every cell of one takes its top-left value.
        for (_, _, dims) in book.merged_regions_by_sheet(&name) {
            let (r1, c1) = (dims.start.0 as usize, dims.start.1 as usize);
            let (r2, c2) = (dims.end.0 as usize, dims.end.1 as usize);
            let Some(value) = r1
                .checked_sub(row0)
                .and_then(|r| grid.get(r))
                .and_then(|row| row.get(c1))
                .cloned()
            else {
                continue;
            };
            for r in r1..=r2 {
                let Some(row) = r.checked_sub(row0).and_then(|r| grid.get_mut(r)) else {
                    continue;
                };
                if row.len() <= c2 {
                    row.resize(c2 + 1, String::new());
                }
                for cell in row.iter_mut().take(c2 + 1).skip(c1) {
                    if cell.is_empty() {
                        *cell = value.clone();
                    }
                }
            }
        }
        let rows = grid
            .into_iter()
            .enumerate()
            .filter(|(_, cells)| cells.iter().any(|c| !c.is_empty()))
            .map(|(r, cells)| Row {
                number: row0 + r + 1,
                cells,
            })
            .collect();
        sheets.push(Sheet {
            name: Some(name.clone()),
            rows,
        });
    }
    Ok(sheets)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn column_letters() {
        assert_eq!(column_letter(0), "A");
        assert_eq!(column_letter(25), "Z");
        assert_eq!(column_letter(26), "AA");
        assert_eq!(column_letter(701), "ZZ");
        assert_eq!(column_letter(702), "AAA");
    }

    #[test]
    fn numbers_read_as_people_write_them() {
        assert_eq!(cell_text(&Data::Float(20.0)), Ok("20".into()));
        assert_eq!(cell_text(&Data::Float(2.5)), Ok("2.5".into()));
        assert_eq!(
            cell_text(&Data::Float(100030001000.0)),
            Ok("100030001000".into())
        );
        assert_eq!(cell_text(&Data::String(" 01 ".into())), Ok("01".into()));
    }

    #[test]
    fn conversion_command_is_quoted() {
        assert_eq!(
            iconv_command("清单 2025.csv"),
            "iconv -f GB18030 -t UTF-8 '清单 2025.csv' > '清单 2025.utf8.csv'"
        );
    }
}
