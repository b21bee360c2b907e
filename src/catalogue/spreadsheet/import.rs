//! Sheets of text cells → one catalogue document (a JSON value) and, for
//! every JSON path in it, the cell it came from.
//!
//! The cell-level readings (a number of days, 是/否, a type code) are
//! checked here, each problem at its cell; everything else (missing names,
//! duplicate ids, unknown departments) is checked by the same loader and
//! validator as JSON, and its JSON path translated back to a cell.

use std::collections::HashMap;
use std::fmt;

use serde_json::{Map, Value};

use super::super::error::{Problem, Severity};
use super::super::model::Kind;
use super::super::validate::closest;
use super::columns::{
    normalize_header, ColumnMap, Conv, SheetKind, Spec, MATTER_KEY, MATTER_NAME_KEY,
};
use super::grid::{column_letter, Sheet};

/// Where a value came from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Cell {
    pub sheet: Option<String>,
    pub row: usize,
    /// The column's header as written (or its letter when it has none).
    pub column: Option<String>,
}

/// `sheet 事项, row 12, column 承诺办结时限` (no sheet for a CSV file).
impl fmt::Display for Cell {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(s) = &self.sheet {
            write!(f, "sheet {s}, ")?;
        }
        write!(f, "row {}", self.row)?;
        if let Some(c) = &self.column {
            write!(f, ", column {c}")?;
        }
        Ok(())
    }
}

/// One spreadsheet file read as a catalogue document.
#[derive(Debug, Default)]
pub(crate) struct Imported {
    pub value: Value,
    /// JSON path → cell.
    pub cells: HashMap<String, Cell>,
    /// Problems found reading cells, with JSON paths (translated later).
    pub problems: Vec<Problem>,
    /// Problems already located by cell (headers, sheets).
    pub located: Vec<Problem>,
}

impl Imported {
    /// The cell of `path` or of its nearest ancestor that has one.
    pub(crate) fn cell(&self, path: &str) -> Option<&Cell> {
        if let Some(c) = self.cells.get(path) {
            return Some(c);
        }
        let mut end = path.len();
        while let Some(j) = path[..end].rfind(['.', '[']) {
            if let Some(c) = self.cells.get(&path[..j]) {
                return Some(c);
            }
            end = j;
        }
        None
    }
}

/// A table sheet after its header row was found.
struct Table<'s> {
    sheet: &'s Sheet,
    kind: SheetKind,
    header_row: usize,
    /// (column index, header as written, spec)
    columns: Vec<(usize, String, &'static Spec)>,
    /// Column of the matter's id or code (child sheets).
    key: Option<(usize, String)>,
    /// Column of the matter's name (child sheets without a key).
    name_key: Option<(usize, String)>,
}

struct Importer<'a> {
    file: &'a str,
    map: &'a ColumnMap,
    out: Imported,
}

/// Reads the sheets of one file. `csv` files have one sheet, the matters.
pub(crate) fn import(sheets: &[Sheet], file: &str, map: &ColumnMap) -> Imported {
    let mut im = Importer {
        file,
        map,
        out: Imported::default(),
    };
    im.run(sheets);
    im.out
}

/// Splits a multi-valued cell: on line breaks when it has any, else on `；`
/// (and `、` for `Targets`). Leading enumerations (`1.`, `2、`, `（3）`) go.
pub(crate) fn split_values(text: &str, targets: bool) -> Vec<String> {
    let parts: Vec<&str> = if text.contains(['\n', '\r']) {
        text.split(['\n', '\r']).collect()
    } else if targets {
        text.split(['；', ';', '、', '，', ',']).collect()
    } else {
        text.split(['；', ';']).collect()
    };
    parts
        .into_iter()
        .map(|p| strip_enumeration(p.trim()).trim().to_string())
        .filter(|p| !p.is_empty())
        .collect()
}

fn strip_enumeration(s: &str) -> &str {
    let digits = s.find(|c: char| !c.is_ascii_digit()).unwrap_or(s.len());
    if digits > 0 && digits < s.len() {
        let rest = &s[digits..];
        for sep in [".", "、", "．", "）", ")"] {
            if let Some(r) = rest.strip_prefix(sep) {
                if !r.starts_with(|c: char| c.is_ascii_digit()) {
                    return r;
                }
            }
        }
    }
    for (open, close) in [("（", "）"), ("(", ")")] {
        if let Some(r) = s.strip_prefix(open) {
            let d = r.find(|c: char| !c.is_ascii_digit()).unwrap_or(0);
            if d > 0 {
                if let Some(r) = r[d..].strip_prefix(close) {
                    return r;
                }
            }
        }
    }
    s
}

/// `20个工作日` → (20, working); `30日`, `30天`, `30个自然日` → calendar;
/// `即办` → 0; `20` → (20, none).
pub(crate) fn parse_days(text: &str) -> Result<(u32, Option<&'static str>), String> {
    let t: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    if [
        "即办",
        "即办件",
        "即时办结",
        "当场办结",
        "立即办结",
        "当场办理",
        "即时办理",
    ]
    .contains(&t.as_str())
    {
        return Ok((0, None));
    }
    let digits = t.find(|c: char| !c.is_ascii_digit()).unwrap_or(t.len());
    let (num, rest) = t.split_at(digits);
    let unit = match rest {
        "" => None,
        "个工作日" | "工作日" => Some("working"),
        "日" | "天" | "个自然日" | "自然日" | "个日历日" | "日历日" => {
            Some("calendar")
        }
        _ => None,
    };
    let fits = rest.is_empty() || unit.is_some();
    match num.parse::<u32>() {
        Ok(n) if fits && n <= 65_000 => Ok((n, unit)),
        _ => Err(format!(
            "{text:?} is not a number of days (expected e.g. 20个工作日, 30日, 即办 or 20)"
        )),
    }
}

/// The national matter-type codes (事项类型代码).
fn kind_from_code(code: &str) -> Option<Kind> {
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

fn parse_kind(t: &str) -> Result<Kind, String> {
    if let Some(k) = Kind::parse(t) {
        return Ok(k);
    }
    if !t.is_empty() && t.chars().all(|c| c.is_ascii_digit()) {
        return kind_from_code(t).ok_or_else(|| {
            format!("{t:?} is not a national matter-type code (1 行政许可 … 10 其他行政权力, 20 公共服务)")
        });
    }
    if let Some(k) = Kind::parse(&format!("行政{t}")) {
        return Ok(k);
    }
    if t == "其他" || t == "其他权力" {
        return Ok(Kind::OtherPower);
    }
    let all: Vec<&str> = Kind::ALL.iter().map(|k| k.as_str()).collect();
    Err(format!(
        "{t:?} is not a matter type; expected one of {} or its national code",
        all.join(", ")
    ))
}

fn yes_no(t: &str) -> Option<bool> {
    match t.to_lowercase().as_str() {
        "是" | "收费" | "有" | "true" | "yes" | "y" | "1" => Some(true),
        "否" | "不收费" | "免费" | "无" | "false" | "no" | "n" | "0" => Some(false),
        _ => None,
    }
}

fn parse_count(t: &str) -> Result<u32, String> {
    let n = t
        .strip_suffix('次')
        .or_else(|| t.strip_suffix('份'))
        .unwrap_or(t);
    n.trim()
        .parse::<u32>()
        .map_err(|_| format!("{t:?} is not a whole number"))
}

/// `《法》（2019年修正）第十二条：text` → title, article, text.
pub(crate) fn parse_basis(line: &str) -> Value {
    let mut o = Map::new();
    let line = line.trim();
    let (title, rest) = match line.find('》') {
        Some(j) if line.starts_with('《') => {
            let mut end = j + '》'.len_utf8();
            // A parenthesised edition right after the title belongs to it.
            for (open, close) in [("（", '）'), ("(", ')')] {
                if line[end..].starts_with(open) {
                    if let Some(k) = line[end..].find(close) {
                        end += k + close.len_utf8();
                    }
                }
            }
            (&line[..end], line[end..].trim())
        }
        _ => (line, ""),
    };
    o.insert("title".into(), Value::String(title.to_string()));
    if !rest.is_empty() {
        let (article, text) = if rest.starts_with('第') {
            match rest.find(['：', ':', ' ']) {
                Some(k) => (&rest[..k], rest[k..].trim_start_matches(['：', ':', ' '])),
                None => (rest, ""),
            }
        } else {
            ("", rest.trim_start_matches(['：', ':']))
        };
        if !article.is_empty() {
            o.insert("article".into(), Value::String(article.to_string()));
        }
        if !text.trim().is_empty() {
            o.insert("text".into(), Value::String(text.trim().to_string()));
        }
    }
    Value::Object(o)
}

/// Sets `a.b.c` in an object, creating the objects on the way.
fn set_path(obj: &mut Map<String, Value>, path: &str, v: Value) {
    match path.split_once('.') {
        None => {
            obj.insert(path.to_string(), v);
        }
        Some((head, rest)) => {
            let child = obj
                .entry(head.to_string())
                .or_insert_with(|| Value::Object(Map::new()));
            if let Value::Object(m) = child {
                set_path(m, rest, v);
            }
        }
    }
}

impl Importer<'_> {
    fn warn_at(&mut self, cell: &Cell, message: String) {
        self.out.located.push(Problem {
            severity: Severity::Warning,
            file: self.file.to_string(),
            path: cell.to_string(),
            line: None,
            column: None,
            message,
            cause: None,
        });
    }

    fn error_at(&mut self, cell: &Cell, message: String) {
        self.out.located.push(Problem {
            severity: Severity::Error,
            file: self.file.to_string(),
            path: cell.to_string(),
            line: None,
            column: None,
            message,
            cause: None,
        });
    }

    /// An error at a JSON path (whose cell is recorded).
    fn error(&mut self, path: &str, cell: Cell, message: String) {
        self.out.cells.insert(path.to_string(), cell);
        self.out.problems.push(Problem {
            severity: Severity::Error,
            file: self.file.to_string(),
            path: path.to_string(),
            line: None,
            column: None,
            message,
            cause: None,
        });
    }

    fn run(&mut self, sheets: &[Sheet]) {
        // Which sheet is what.
        let mut kinds: Vec<Option<SheetKind>> = sheets
            .iter()
            .map(|s| match &s.name {
                None => Some(SheetKind::Matters),
                Some(n) => SheetKind::from_sheet_name(n),
            })
            .collect();
        if !kinds.contains(&Some(SheetKind::Matters)) {
            // A workbook whose matters sheet has another name (Sheet1,
            // the platform's export name): the first sheet not otherwise
            // recognised.
            if let Some(k) = kinds.iter_mut().find(|k| k.is_none()) {
                *k = Some(SheetKind::Matters);
            }
        }
        let mut doc = Map::new();
        let mut matters: Vec<Value> = Vec::new();
        let mut departments: Vec<Value> = Vec::new();
        let mut children: Vec<(SheetKind, &Sheet)> = Vec::new();
        let mut seen_matters = false;
        for (sheet, kind) in sheets.iter().zip(&kinds) {
            let name = sheet.name.clone().unwrap_or_default();
            match kind {
                None => {
                    let known: Vec<&str> = SheetKind::ALL.iter().map(|k| k.names()[0]).collect();
                    self.warn_at(
                        &Cell {
                            sheet: Some(name.clone()),
                            row: 1,
                            column: None,
                        },
                        format!(
                            "unknown sheet {name:?} (ignored); the sheets read are {}",
                            known.join(", ")
                        ),
                    );
                }
                Some(SheetKind::Catalogue) => self.catalogue_sheet(sheet, &mut doc),
                Some(SheetKind::Matters) if seen_matters => {
                    self.warn_at(
                        &Cell {
                            sheet: Some(name),
                            row: 1,
                            column: None,
                        },
                        "a second matters sheet (ignored): put every matter in one sheet".into(),
                    );
                }
                Some(SheetKind::Matters) => {
                    seen_matters = true;
                    if let Some(t) = self.table(sheet, SheetKind::Matters) {
                        self.rows(&t, "matters", &mut matters);
                    }
                }
                Some(SheetKind::Departments) => {
                    if let Some(t) = self.table(sheet, SheetKind::Departments) {
                        self.rows(&t, "departments", &mut departments);
                    }
                }
                Some(k) => children.push((*k, sheet)),
            }
        }
        if !seen_matters {
            self.error_at(
                &Cell {
                    sheet: None,
                    row: 1,
                    column: None,
                },
                "no matters sheet: name one 事项 (or give the matters in the first sheet)".into(),
            );
        }
        // Matters by id, code and name, for the child sheets.
        let mut by_key: HashMap<String, usize> = HashMap::new();
        let mut by_name: HashMap<String, Option<usize>> = HashMap::new();
        for (i, m) in matters.iter().enumerate() {
            for k in ["code", "id"] {
                if let Some(Value::String(s)) = m.get(k) {
                    by_key.insert(s.clone(), i);
                }
            }
            if let Some(Value::String(s)) = m.get("name") {
                by_name
                    .entry(s.clone())
                    .and_modify(|e| *e = None)
                    .or_insert(Some(i));
            }
        }
        for (kind, sheet) in children {
            if let Some(t) = self.table(sheet, kind) {
                self.child_rows(&t, &mut matters, &by_key, &by_name);
            }
        }
        if !departments.is_empty() {
            doc.insert("departments".into(), Value::Array(departments));
        }
        doc.insert("matters".into(), Value::Array(matters));
        self.out.value = Value::Object(doc);
    }

    /// Key/value rows: 标题 | 广安区政务服务事项.
    fn catalogue_sheet(&mut self, sheet: &Sheet, doc: &mut Map<String, Value>) {
        for row in &sheet.rows {
            let key = normalize_header(row.cells.first().map_or("", String::as_str));
            let key = self.map.rename(&key).to_string();
            let value = row.cells.get(1).cloned().unwrap_or_default();
            let cell = Cell {
                sheet: sheet.name.clone(),
                row: row.number,
                column: Some("B".into()),
            };
            match SheetKind::Catalogue
                .specs()
                .iter()
                .find(|s| s.names.contains(&key.as_str()))
            {
                Some(spec) if !value.is_empty() => {
                    self.out.cells.insert(spec.path.to_string(), cell);
                    doc.insert(spec.path.to_string(), Value::String(value));
                }
                Some(_) => {}
                None if key.is_empty() => {}
                None => self.warn_at(
                    &Cell { column: Some("A".into()), ..cell },
                    format!("unknown catalogue entry {key:?} (ignored); expected 标题, 发布机关 or 版本"),
                ),
            }
        }
    }

    /// Finds the header row (the first of the first 30 rows with at least
    /// two known headers, or one when the row has at most two cells) and
    /// the columns.
    fn table<'s>(&mut self, sheet: &'s Sheet, kind: SheetKind) -> Option<Table<'s>> {
        let specs = kind.specs();
        let child = !matches!(kind, SheetKind::Matters | SheetKind::Departments);
        let known = |h: &str| -> bool {
            let h = self.map.rename(h);
            specs.iter().any(|s| s.names.contains(&h))
                || (child && (MATTER_KEY.contains(&h) || MATTER_NAME_KEY.contains(&h)))
        };
        let header_at = sheet.rows.iter().take(30).position(|r| {
            let filled = r.cells.iter().filter(|c| !c.is_empty()).count();
            let hits = r
                .cells
                .iter()
                .filter(|c| known(&normalize_header(c)))
                .count();
            hits >= 2 || (hits == 1 && filled <= 2)
        });
        let Some(header_at) = header_at else {
            let examples: Vec<&str> = specs.iter().take(4).map(|s| s.names[0]).collect();
            self.error_at(
                &Cell {
                    sheet: sheet.name.clone(),
                    row: sheet.rows.first().map_or(1, |r| r.number),
                    column: None,
                },
                format!(
                    "no header row found in the first 30 rows: expected column names such as {}",
                    examples.join(", ")
                ),
            );
            return None;
        };
        let header = &sheet.rows[header_at];
        let mut t = Table {
            sheet,
            kind,
            header_row: header_at,
            columns: Vec::new(),
            key: None,
            name_key: None,
        };
        let mut taken: HashMap<&'static str, (usize, String)> = HashMap::new();
        for (i, raw) in header.cells.iter().enumerate() {
            let h = normalize_header(raw);
            if h.is_empty() {
                continue;
            }
            let name = self.map.rename(&h).to_string();
            let cell = Cell {
                sheet: sheet.name.clone(),
                row: header.number,
                column: Some(raw.trim().to_string()),
            };
            if child && MATTER_KEY.contains(&name.as_str()) && t.key.is_none() {
                t.key = Some((i, raw.trim().to_string()));
                continue;
            }
            if child && MATTER_NAME_KEY.contains(&name.as_str()) && t.name_key.is_none() {
                t.name_key = Some((i, raw.trim().to_string()));
                continue;
            }
            match specs.iter().find(|s| s.names.contains(&name.as_str())) {
                Some(spec) => {
                    if let Some((_, first)) = taken.get(spec.path) {
                        // 实施编码 and 基本编码 both fill `code`: the first
                        // listed in the table wins, quietly.
                        if spec.path != "code" {
                            let first = first.clone();
                            self.warn_at(
                                &cell,
                                format!("column {raw:?} repeats {first:?} (ignored)"),
                            );
                        }
                        continue;
                    }
                    taken.insert(spec.path, (i, raw.trim().to_string()));
                    t.columns.push((i, raw.trim().to_string(), spec));
                }
                None => {
                    let all = specs.iter().flat_map(|s| s.names.iter().copied());
                    let hint = match closest(&name, all) {
                        Some(c) => format!("; did you mean {c}? (--columns can rename it)"),
                        None => "; --columns can map it to a known column".into(),
                    };
                    self.warn_at(&cell, format!("unknown column {raw:?} (ignored){hint}"));
                }
            }
        }
        // Where 实施编码 and 基本编码 are both there, 实施编码 is the code.
        t.columns.sort_by_key(|(i, _, spec)| {
            (
                spec.path == "code" && spec.names.first() == Some(&"基本编码"),
                *i,
            )
        });
        let mut code_seen = false;
        t.columns.retain(|(_, _, spec)| {
            if spec.path != "code" {
                return true;
            }
            !std::mem::replace(&mut code_seen, true)
        });
        t.columns.sort_by_key(|(i, _, _)| *i);
        if child && t.key.is_none() && t.name_key.is_none() {
            self.error_at(
                &Cell { sheet: sheet.name.clone(), row: header.number, column: None },
                format!(
                    "no column names the matter of each row: add {} (the matter's 实施编码 or id) or 事项名称",
                    MATTER_KEY[0]
                ),
            );
            return None;
        }
        Some(t)
    }

    /// One JSON object per data row of a table.
    fn rows(&mut self, t: &Table<'_>, list: &str, out: &mut Vec<Value>) {
        for row in &t.sheet.rows[t.header_row + 1..] {
            let path = format!("{list}[{}]", out.len());
            let mut obj = self.row_object(t, row, &path);
            // Without an id column, a matter's id is its code.
            if list == "matters" && !obj.contains_key("id") {
                if let Some(code) = obj.get("code").cloned() {
                    if let Some(c) = self.out.cells.get(&format!("{path}.code")).cloned() {
                        self.out.cells.insert(format!("{path}.id"), c);
                    }
                    obj.insert("id".into(), code);
                }
            }
            out.push(Value::Object(obj));
        }
    }

    fn row_object(
        &mut self,
        t: &Table<'_>,
        row: &super::grid::Row,
        path: &str,
    ) -> Map<String, Value> {
        let mut obj = Map::new();
        self.out.cells.insert(
            path.to_string(),
            Cell {
                sheet: t.sheet.name.clone(),
                row: row.number,
                column: None,
            },
        );
        // (days, explicit unit, column) of the statutory and promised limits.
        let mut units: Vec<(&'static str, String, Cell)> = Vec::new();
        for (i, header, spec) in &t.columns {
            let text = row.cells.get(*i).map_or("", |s| s.trim());
            if text.is_empty() {
                continue;
            }
            let cell = Cell {
                sheet: t.sheet.name.clone(),
                row: row.number,
                column: Some(if header.is_empty() {
                    column_letter(*i)
                } else {
                    header.clone()
                }),
            };
            let vpath = format!("{path}.{}", spec.path);
            self.out.cells.insert(vpath.clone(), cell.clone());
            if let Some((head, _)) = spec.path.split_once('.') {
                self.out
                    .cells
                    .entry(format!("{path}.{head}"))
                    .or_insert_with(|| cell.clone());
            }
            let value = match spec.conv {
                Conv::Text => Ok(Value::String(text.to_string())),
                Conv::List | Conv::Targets => Ok(Value::Array(
                    split_values(text, spec.conv == Conv::Targets)
                        .into_iter()
                        .map(Value::String)
                        .collect(),
                )),
                Conv::Kind => parse_kind(text).map(|k| Value::String(k.as_str().into())),
                Conv::Days => parse_days(text).map(|(n, unit)| {
                    if let Some(u) = unit {
                        units.push((u, text.to_string(), cell.clone()));
                    }
                    Value::from(n)
                }),
                Conv::StepDays => parse_days(text).map(|(n, _)| Value::from(n)),
                Conv::Unit => match text {
                    "工作日" | "working" => Ok("working"),
                    "自然日" | "日历日" | "日" | "天" | "calendar" => Ok("calendar"),
                    _ => Err(format!(
                        "{text:?} is not a unit of days; expected 工作日 or 自然日"
                    )),
                }
                .map(|u| {
                    units.push((u, text.to_string(), cell.clone()));
                    Value::String(u.into())
                }),
                Conv::YesNo => yes_no(text).map(Value::Bool).ok_or_else(|| {
                    format!("{text:?} is not yes or no; expected 是/否 or 收费/不收费")
                }),
                Conv::Count => parse_count(text).map(Value::from),
                Conv::Status => match text {
                    "active" | "在用" | "有效" | "正常" => Ok("active"),
                    "abolished" | "取消" | "已取消" => Ok("abolished"),
                    "delegated" | "下放" | "已下放" => Ok("delegated"),
                    _ => Err(format!(
                        "{text:?} is not a status; expected 在用, 取消 or 下放"
                    )),
                }
                .map(|s| Value::String(s.into())),
                Conv::BasisList => Ok(Value::Array(
                    split_values(text, false)
                        .iter()
                        .map(|l| parse_basis(l))
                        .collect(),
                )),
                Conv::MaterialList | Conv::StepList => {
                    let key = if spec.conv == Conv::MaterialList {
                        "name"
                    } else {
                        "step"
                    };
                    Ok(Value::Array(
                        split_values(text, false)
                            .into_iter()
                            .map(|v| {
                                let mut o = Map::new();
                                o.insert(key.into(), Value::String(v));
                                Value::Object(o)
                            })
                            .collect(),
                    ))
                }
                Conv::Required => match text {
                    "必要" | "必须" | "必需" | "必填" | "必交" | "是" | "required" | "true" => {
                        Ok(true)
                    }
                    "非必要" | "非必须" | "选填" | "容缺" | "否" | "optional" | "false" => {
                        Ok(false)
                    }
                    _ => Err(format!("{text:?}: expected 必要 or 非必要")),
                }
                .map(Value::Bool),
                Conv::FormKind => match text {
                    "空白表格" | "blank" => Ok("blank"),
                    "示范文本" | "样表" | "sample" => Ok("sample"),
                    _ => Err(format!("{text:?}: expected 空白表格 or 示范文本")),
                }
                .map(|k| Value::String(k.into())),
                Conv::Fields => Ok(Value::Array(
                    text.split(['\n', '\r'])
                        .map(str::trim)
                        .filter(|l| !l.is_empty())
                        .map(|l| {
                            let mut o = Map::new();
                            // The last `：` separates the example, so a
                            // label may hold one (`其中：技术费：`).
                            match l.rsplit_once('：') {
                                Some((label, example)) if example.trim().is_empty() => {
                                    o.insert("label".into(), Value::String(label.trim().into()));
                                }
                                Some((label, example)) => {
                                    o.insert("label".into(), Value::String(label.trim().into()));
                                    o.insert(
                                        "example".into(),
                                        Value::String(example.trim().into()),
                                    );
                                }
                                None => {
                                    o.insert("label".into(), Value::String(l.into()));
                                }
                            }
                            Value::Object(o)
                        })
                        .collect(),
                )),
            };
            match value {
                Ok(v) => set_path(&mut obj, spec.path, v),
                Err(m) => self.error(&vpath, cell, m),
            }
        }
        // One unit per matter.
        if let Some((first, text, first_cell)) = units.first().cloned() {
            if let Some((_, other, cell)) = units.iter().find(|(u, _, _)| *u != first) {
                let m = format!(
                    "{other:?} and {text:?} (in column {}) count days differently; a matter's limits share one unit",
                    first_cell.column.clone().unwrap_or_default()
                );
                self.error(&format!("{path}.time_limit.unit"), cell.clone(), m);
            } else if obj.get("time_limit").and_then(|t| t.get("unit")).is_none() {
                set_path(&mut obj, "time_limit.unit", Value::String(first.into()));
            }
        }
        obj
    }

    fn child_rows(
        &mut self,
        t: &Table<'_>,
        matters: &mut [Value],
        by_key: &HashMap<String, usize>,
        by_name: &HashMap<String, Option<usize>>,
    ) {
        let list = t.kind.list();
        // Child rows replace what the matters sheet said in one cell.
        let mut replaced = vec![false; matters.len()];
        for row in &t.sheet.rows[t.header_row + 1..] {
            let (found, cell) = if let Some((i, header)) = &t.key {
                let v = row.cells.get(*i).map_or("", |s| s.trim());
                let cell = Cell {
                    sheet: t.sheet.name.clone(),
                    row: row.number,
                    column: Some(header.clone()),
                };
                if v.is_empty() {
                    self.error_at(&cell, "empty: which matter does this row belong to?".into());
                    continue;
                }
                match by_key.get(v) {
                    Some(&m) => (m, cell),
                    None => {
                        self.error_at(&cell, format!("no matter has the id or code {v:?}"));
                        continue;
                    }
                }
            } else if let Some((i, header)) = &t.name_key {
                let v = row.cells.get(*i).map_or("", |s| s.trim());
                let cell = Cell {
                    sheet: t.sheet.name.clone(),
                    row: row.number,
                    column: Some(header.clone()),
                };
                match by_name.get(v) {
                    Some(Some(m)) => (*m, cell),
                    Some(None) => {
                        self.error_at(
                            &cell,
                            format!("several matters are named {v:?}; use a 事项编码 column"),
                        );
                        continue;
                    }
                    None => {
                        self.error_at(&cell, format!("no matter is named {v:?}"));
                        continue;
                    }
                }
            } else {
                continue;
            };
            let _ = cell;
            let Some(Value::Object(m)) = matters.get_mut(found) else {
                continue;
            };
            if !replaced[found] {
                replaced[found] = true;
                m.insert(list.into(), Value::Array(Vec::new()));
            }
            let n = m.get(list).and_then(Value::as_array).map_or(0, Vec::len);
            let path = format!("matters[{found}].{list}[{n}]");
            let obj = self.row_object(t, row, &path);
            if let Some(Value::Array(items)) = m.get_mut(list) {
                items.push(Value::Object(obj));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days() {
        assert_eq!(parse_days("20个工作日"), Ok((20, Some("working"))));
        assert_eq!(parse_days("30日"), Ok((30, Some("calendar"))));
        assert_eq!(parse_days("30 天"), Ok((30, Some("calendar"))));
        assert_eq!(parse_days("即办"), Ok((0, None)));
        assert_eq!(parse_days("20"), Ok((20, None)));
        assert!(parse_days("二十天").is_err());
        assert!(parse_days("20个月").is_err());
        assert!(parse_days("").is_err());
    }

    #[test]
    fn kinds() {
        assert_eq!(parse_kind("01"), Ok(Kind::Licence));
        assert_eq!(parse_kind("1"), Ok(Kind::Licence));
        assert_eq!(parse_kind("20"), Ok(Kind::PublicService));
        assert_eq!(parse_kind("许可"), Ok(Kind::Licence));
        assert_eq!(parse_kind("行政确认"), Ok(Kind::Confirmation));
        assert!(parse_kind("11").is_err());
        assert!(parse_kind("审批").is_err());
    }

    #[test]
    fn splitting() {
        assert_eq!(split_values("a；b；", false), ["a", "b"]);
        assert_eq!(
            split_values("1.甲；乙\n2、丙", false),
            ["1.甲；乙".trim_start_matches("1."), "丙"]
        );
        assert_eq!(
            split_values("自然人、企业法人", true),
            ["自然人", "企业法人"]
        );
        assert_eq!(split_values("3.5万元以上", false), ["3.5万元以上"]);
        assert_eq!(split_values("（1）身份证", false), ["身份证"]);
    }

    #[test]
    fn basis_lines() {
        assert_eq!(
            parse_basis("《中华人民共和国行政许可法》第四十二条：二十日内作出决定"),
            serde_json::json!({"title": "《中华人民共和国行政许可法》", "article": "第四十二条", "text": "二十日内作出决定"})
        );
        assert_eq!(
            parse_basis("《对外贸易法》（2004年修订本）第九条"),
            serde_json::json!({"title": "《对外贸易法》（2004年修订本）", "article": "第九条"})
        );
        assert_eq!(
            parse_basis("国务院令第412号"),
            serde_json::json!({"title": "国务院令第412号"})
        );
    }
}
