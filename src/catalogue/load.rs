//! Reading catalogues: JSON text → `serde_json::Value` → typed model, by hand.
//!
//! Walking the `Value` ourselves (instead of `serde_json::from_value`) lets
//! every wrong field get its own problem with its JSON path while the rest of
//! the document is still read and checked: an author fixing a catalogue
//! exported from a spreadsheet wants every mistake listed at once.

use std::collections::HashSet;
use std::path::Path;

use serde_json::{Map, Value};

use super::error::{CatalogueError, Problem, Severity};
use super::model::{
    Basis, Catalogue, DayUnit, Department, Faq, Fee, Form, FormField, FormKind, Kind, Material,
    Matter, Online, ResultDoc, Status, Step, TimeLimit,
};
use super::positions::{index_path, is_within, key_path, Pos, Positions};
use super::validate::{check, closest, Found, Sites};

/// How to load a catalogue.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct LoadOptions {
    /// Treat warnings as errors (`--strict`), for CI on catalogue repositories.
    pub strict: bool,
}

/// A catalogue that loaded, and what looked suspicious in it.
#[derive(Clone, Debug, PartialEq)]
pub struct Loaded {
    /// The catalogue, validated.
    pub catalogue: Catalogue,
    /// Problems that did not stop it from loading, to show anyway.
    pub warnings: Vec<Problem>,
}

impl Catalogue {
    /// Parse + validate one JSON document. `file` is used in messages.
    pub fn from_json_str(
        src: &str,
        file: &str,
        opts: &LoadOptions,
    ) -> Result<Loaded, CatalogueError> {
        load(
            vec![(file.to_string(), Ok(Input::Json(src.to_string())))],
            opts,
        )
    }

    /// Read + parse + validate several files as ONE catalogue (a catalogue
    /// may be split in files): the first file that has `title` gives
    /// title/authority/version; departments and matters are concatenated;
    /// validation runs over the merged whole, each problem naming its own
    /// file and path. An unreadable file is a problem too (path "").
    ///
    /// Files ending in `.csv` or `.xlsx` are spreadsheets (with the
    /// `spreadsheet` feature); see `Catalogue::load_files_with`.
    pub fn load_files<P: AsRef<Path>>(
        paths: &[P],
        opts: &LoadOptions,
    ) -> Result<Loaded, CatalogueError> {
        #[cfg(feature = "spreadsheet")]
        let columns = &super::spreadsheet::ColumnMap::new();
        #[cfg(not(feature = "spreadsheet"))]
        let columns = ();
        Self::load(paths, opts, columns)
    }

    /// Like [`Catalogue::load_files`], with a platform's own spreadsheet
    /// headers renamed to known ones (`--columns FILE`).
    #[cfg(feature = "spreadsheet")]
    pub fn load_files_with<P: AsRef<Path>>(
        paths: &[P],
        opts: &LoadOptions,
        columns: &super::spreadsheet::ColumnMap,
    ) -> Result<Loaded, CatalogueError> {
        Self::load(paths, opts, columns)
    }

    fn load<P: AsRef<Path>>(
        paths: &[P],
        opts: &LoadOptions,
        columns: Columns<'_>,
    ) -> Result<Loaded, CatalogueError> {
        if paths.is_empty() {
            return Err(CatalogueError {
                problems: vec![Problem {
                    severity: Severity::Error,
                    file: "<input>".into(),
                    path: String::new(),
                    line: None,
                    column: None,
                    message: "no catalogue files given".into(),
                    cause: None,
                }],
            });
        }
        let inputs = paths
            .iter()
            .map(|p| {
                let file = p.as_ref().display().to_string();
                let input = read_input(p.as_ref(), &file, columns);
                (file, input)
            })
            .collect();
        load(inputs, opts)
    }
}

/// The column renames of `--columns`; without the `spreadsheet` feature
/// there are none.
#[cfg(feature = "spreadsheet")]
type Columns<'a> = &'a super::spreadsheet::ColumnMap;
#[cfg(not(feature = "spreadsheet"))]
type Columns<'a> = ();

/// One input file, read.
enum Input {
    Json(String),
    #[cfg(feature = "spreadsheet")]
    Sheet(Box<super::spreadsheet::Imported>),
}

/// JSON, or a spreadsheet by its extension.
fn read_input(path: &Path, file: &str, columns: Columns<'_>) -> Result<Input, Problem> {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    let sheet = matches!(
        ext.as_str(),
        "csv" | "tsv" | "xlsx" | "xlsm" | "xls" | "ods"
    );
    #[cfg(feature = "spreadsheet")]
    if sheet {
        return super::spreadsheet::read(path, file, columns).map(|i| Input::Sheet(Box::new(i)));
    }
    #[cfg(not(feature = "spreadsheet"))]
    {
        let () = columns;
        if sheet {
            return Err(doc_problem(
                file,
                None,
                format!(".{ext} spreadsheets are read by builds with the `spreadsheet` feature (the command-line tool has it); this one reads JSON only"),
            ));
        }
    }
    read_text(path, file).map(Input::Json)
}

fn doc_problem(file: &str, pos: Option<Pos>, message: String) -> Problem {
    Problem {
        severity: Severity::Error,
        file: file.to_string(),
        path: String::new(),
        line: pos.map(|p| p.0),
        column: pos.map(|p| p.1),
        message,
        cause: None,
    }
}

/// Reads a file as UTF-8, explaining the usual ways that fails on Chinese
/// text (GBK exports, UTF-16 from Windows tools).
fn read_text(path: &Path, file: &str) -> Result<String, Problem> {
    let bytes = std::fs::read(path)
        .map_err(|e| doc_problem(file, None, format!("cannot read file: {e}")).caused_by(e))?;
    if let Some(enc) = wrong_encoding(&bytes) {
        return Err(doc_problem(
            file,
            Some((1, 1)),
            format!(
                "file is {enc}; catalogues must be UTF-8 (save it as UTF-8, e.g. `iconv -f {} -t UTF-8`)",
                iconv_name(enc)
            ),
        ));
    }
    String::from_utf8(bytes).map_err(|e| {
        let bytes = e.as_bytes();
        let at = e.utf8_error().valid_up_to();
        let before = bytes.get(..at).unwrap_or(bytes);
        let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
        let line_start = before.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
        let column = String::from_utf8_lossy(before.get(line_start..).unwrap_or(&[])).chars().count() + 1;
        doc_problem(
            file,
            Some((line, column)),
            format!("file is not valid UTF-8 (at byte {at}); catalogues must be UTF-8: convert GBK/GB18030 exports first, e.g. `iconv -f GB18030 -t UTF-8`"),
        )
        .caused_by(e.utf8_error())
    })
}

/// Items of a list with their index in it.
type Numbered<T> = Vec<(usize, T)>;

/// Parses a catalogue document, walking the items of its top-level
/// `matters` array one at a time as serde_json reads them (their problems
/// go to `w`), so that no `Value` of the whole list is ever built. Returns
/// the document with `matters` left as an empty array, and the matters
/// walked (`None` when `matters` was not an array, or the document not an
/// object: then it is in the `Value` and walked as before).
fn parse_streaming(
    src: &str,
    w: &mut Walker<'_>,
) -> Result<(Value, Option<Numbered<Matter>>), serde_json::Error> {
    use serde::de::{DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
    use serde::Deserialize;

    if !src.trim_start().starts_with('{') {
        return serde_json::from_str(src).map(|v| (v, None));
    }

    struct Doc<'w, 'a> {
        w: &'w mut Walker<'a>,
        mark: usize,
        matters: Option<Numbered<Matter>>,
    }
    struct Matters<'d, 'w, 'a>(&'d mut Doc<'w, 'a>);

    impl<'de> Visitor<'de> for &mut Doc<'_, '_> {
        type Value = Value;
        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("a catalogue object")
        }
        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
            let mut out = Map::new();
            while let Some(key) = map.next_key::<String>()? {
                if key == "matters" {
                    // JSON keeps the last of duplicate keys: so does this
                    // (only matters report problems while parsing).
                    self.w.out.truncate(self.mark);
                    self.matters = None;
                    let v = map.next_value_seed(Matters(&mut *self))?;
                    out.insert(key, v);
                } else {
                    out.insert(key, map.next_value::<Value>()?);
                }
            }
            Ok(Value::Object(out))
        }
    }

    impl<'de> DeserializeSeed<'de> for Matters<'_, '_, '_> {
        type Value = Value;
        fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
            d.deserialize_any(self)
        }
    }

    impl<'de> Visitor<'de> for Matters<'_, '_, '_> {
        type Value = Value;
        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("the list of matters")
        }
        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
            let mut matters = Vec::new();
            let mut i = 0;
            while let Some(item) = seq.next_element::<Value>()? {
                if let Some(m) = self.0.w.matter(&item, &index_path("matters", i)) {
                    matters.push((i, m));
                }
                i += 1;
            }
            self.0.matters = Some(matters);
            Ok(Value::Array(Vec::new()))
        }
        // Anything else is kept as it is, for the walk to report.
        fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
            Ok(Value::Bool(v))
        }
        fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
            Ok(Value::from(v))
        }
        fn visit_u64<E>(self, v: u64) -> Result<Value, E> {
            Ok(Value::from(v))
        }
        fn visit_f64<E>(self, v: f64) -> Result<Value, E> {
            Ok(Value::from(v))
        }
        fn visit_str<E>(self, v: &str) -> Result<Value, E> {
            Ok(Value::String(v.to_string()))
        }
        fn visit_unit<E>(self) -> Result<Value, E> {
            Ok(Value::Null)
        }
        fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Value, A::Error> {
            Value::deserialize(serde::de::value::MapAccessDeserializer::new(map))
        }
    }

    let mark = w.out.len();
    let mut doc = Doc {
        w,
        mark,
        matters: None,
    };
    let mut de = serde_json::Deserializer::from_str(src);
    let v = de.deserialize_map(&mut doc)?;
    de.end()?;
    let matters = doc.matters;
    Ok((v, matters))
}

/// The encoding of text that is not UTF-8 but one of the encodings Windows
/// tools write (UTF-16 or UTF-32, with or without a byte order mark), or
/// two UTF-8 byte order marks; `None` for anything else (then UTF-8 or
/// GBK is tried). Valid JSON or CSV in UTF-8 has no NUL byte, while
/// UTF-16 and UTF-32 give every ASCII character its zero bytes.
pub(crate) fn wrong_encoding(bytes: &[u8]) -> Option<&'static str> {
    const BOMS: [(&[u8], &str); 5] = [
        (
            &[0xFF, 0xFE, 0, 0],
            "UTF-32 (little-endian, with a byte order mark)",
        ),
        (
            &[0, 0, 0xFE, 0xFF],
            "UTF-32 (big-endian, with a byte order mark)",
        ),
        (
            &[0xFF, 0xFE],
            "UTF-16 (little-endian, with a byte order mark)",
        ),
        (&[0xFE, 0xFF], "UTF-16 (big-endian, with a byte order mark)"),
        (
            &[0xEF, 0xBB, 0xBF, 0xEF, 0xBB, 0xBF],
            "UTF-8 with two byte order marks (U+FEFF twice at the start)",
        ),
    ];
    for (bom, name) in BOMS {
        if bytes.starts_with(bom) {
            return Some(name);
        }
    }
    let sample = &bytes[..bytes.len().min(4096)];
    if !sample.contains(&0) {
        return None;
    }
    // Units that are an ASCII character in each encoding, of all units.
    let ascii = |width: usize, at: usize| {
        let units = sample.chunks_exact(width);
        let n = units.len().max(1);
        let hits = units
            .filter(|u| {
                u[at] != 0 && u[at] < 0x80 && u.iter().enumerate().all(|(i, &b)| i == at || b == 0)
            })
            .count();
        hits * 100 / n
    };
    let candidates = [
        (ascii(4, 0), "UTF-32 (little-endian, no byte order mark)"),
        (ascii(4, 3), "UTF-32 (big-endian, no byte order mark)"),
        (ascii(2, 0), "UTF-16 (little-endian, no byte order mark)"),
        (ascii(2, 1), "UTF-16 (big-endian, no byte order mark)"),
    ];
    candidates
        .iter()
        .find(|(share, _)| *share >= 30)
        .map(|(_, name)| *name)
        .or(Some(
            "binary data or UTF-16/UTF-32 (it has NUL bytes, which UTF-8 text never has)",
        ))
}

/// The `iconv` name of an encoding [`wrong_encoding`] found.
pub(crate) fn iconv_name(enc: &str) -> &'static str {
    match enc {
        e if e.starts_with("UTF-32 (little") => "UTF-32LE",
        e if e.starts_with("UTF-32 (big") => "UTF-32BE",
        e if e.starts_with("UTF-16 (little") => "UTF-16LE",
        e if e.starts_with("UTF-16 (big") => "UTF-16BE",
        e if e.starts_with("UTF-8") => "UTF-8",
        _ => "UTF-16",
    }
}

/// What one file contributed.
#[derive(Default)]
struct Part {
    /// `title` was present (even if of the wrong type): this file gives
    /// title, authority and version.
    has_title: bool,
    has_matters: bool,
    title: String,
    authority: Option<String>,
    version: Option<String>,
    /// (index in the file, department)
    departments: Vec<(usize, Department)>,
    matters: Vec<(usize, Matter)>,
}

/// Where each merged department and matter came from, and which values the
/// walk could not read.
struct Merged<'a> {
    files: &'a [String],
    title_source: usize,
    departments: Vec<(usize, usize)>,
    matters: Vec<(usize, usize)>,
    /// (source, path) of every error found while walking.
    blocked: HashSet<(usize, String)>,
    matter_ids_unread: bool,
    departments_unread: bool,
}

impl Merged<'_> {
    /// Whether the walk reported an error at `path` or one of its ancestors.
    fn blocked(&self, source: usize, path: &str) -> bool {
        let hit = |p: &str| self.blocked.contains(&(source, p.to_string()));
        if hit(path) || hit("") {
            return true;
        }
        let mut end = path.len();
        while let Some(j) = path[..end].rfind(['.', '[']) {
            if hit(&path[..j]) {
                return true;
            }
            end = j;
        }
        false
    }
}

impl Sites for Merged<'_> {
    fn translate(&self, merged: &str) -> (usize, String) {
        for (prefix, origins) in [
            ("matters[", &self.matters),
            ("departments[", &self.departments),
        ] {
            let Some(rest) = merged.strip_prefix(prefix) else {
                continue;
            };
            let Some(end) = rest.find(']') else { continue };
            if let Some(&(source, index)) = rest[..end]
                .parse::<usize>()
                .ok()
                .and_then(|n| origins.get(n))
            {
                return (source, format!("{prefix}{index}{}", &rest[end..]));
            }
        }
        if is_within(merged, "title") {
            return (self.title_source, merged.to_string());
        }
        (0, merged.to_string())
    }

    fn file(&self, source: usize) -> &str {
        self.files.get(source).map_or("<input>", String::as_str)
    }

    fn unread(&self, merged: &str) -> bool {
        let (source, path) = self.translate(merged);
        self.blocked(source, &path)
    }

    fn matter_ids_unread(&self) -> bool {
        self.matter_ids_unread
    }

    fn departments_unread(&self) -> bool {
        self.departments_unread
    }
}

/// `matters[3]` → `("matters", "")`; `matters[3].id` → `("matters", ".id")`.
fn split_item(path: &str) -> Option<(&str, &str)> {
    let open = path.find('[')?;
    let close = open + path[open..].find(']')?;
    path[open + 1..close].parse::<usize>().ok()?;
    Some((&path[..open], &path[close + 1..]))
}

/// The common path of `from_json_str` and `load_files`.
fn load(
    inputs: Vec<(String, Result<Input, Problem>)>,
    opts: &LoadOptions,
) -> Result<Loaded, CatalogueError> {
    let files: Vec<String> = inputs.iter().map(|(f, _)| f.clone()).collect();
    let mut found: Vec<Found> = Vec::new();
    let mut positions: Vec<Option<Positions>> = Vec::new();
    let mut parts: Vec<Option<Part>> = Vec::new();
    // A file that could not be read as a catalogue at all makes "no title" or
    // "no matters" in the merged result mere noise.
    let mut doc_failed = false;

    // The spreadsheets among the inputs, by source: their cells, and a
    // title from the file name should no file give one.
    #[cfg(feature = "spreadsheet")]
    let mut sheets: std::collections::HashMap<usize, Box<super::spreadsheet::Imported>> =
        std::collections::HashMap::new();
    for (source, (file, text)) in inputs.into_iter().enumerate() {
        let src = match text {
            Ok(Input::Json(s)) => s,
            #[cfg(feature = "spreadsheet")]
            Ok(Input::Sheet(mut imported)) => {
                for p in imported.located.drain(..) {
                    found.push(Found { source, problem: p });
                }
                for p in imported.problems.drain(..) {
                    found.push(Found { source, problem: p });
                }
                let pos = Positions::default();
                let mut w = Walker {
                    source,
                    file: &file,
                    pos: &pos,
                    out: Vec::new(),
                };
                let part = w.document(&imported.value);
                found.append(&mut w.out);
                doc_failed |= part.is_none();
                parts.push(part);
                positions.push(None);
                sheets.insert(source, imported);
                continue;
            }
            Err(p) => {
                found.push(Found { source, problem: p });
                doc_failed = true;
                positions.push(None);
                parts.push(None);
                continue;
            }
        };
        let src = src.strip_prefix('\u{feff}').unwrap_or(&src);
        if src.starts_with('\u{feff}') {
            found.push(Found {
                source,
                problem: doc_problem(
                    &file,
                    Some((1, 1)),
                    "the text starts with two byte order marks (U+FEFF twice); remove one and save it as UTF-8".into(),
                ),
            });
            doc_failed = true;
            positions.push(None);
            parts.push(None);
            continue;
        }
        // Positions first (the scan of a document serde_json then refuses
        // is dropped), then one pass of serde_json that walks each matter
        // as soon as it is parsed: only one matter's `Value` is alive at a
        // time, beside the text and the typed model.
        let pos = Positions::scan(src);
        let mut w = Walker {
            source,
            file: &file,
            pos: &pos,
            out: Vec::new(),
        };
        let (value, streamed) = match parse_streaming(src, &mut w) {
            Ok(v) => v,
            Err(e) => {
                found.push(Found {
                    source,
                    problem: syntax_problem(&file, src, e),
                });
                doc_failed = true;
                positions.push(None);
                parts.push(None);
                continue;
            }
        };
        for (path, at) in &pos.duplicate_keys {
            w.push(
                Severity::Warning,
                path,
                Some(*at),
                format!("duplicate key `{}`; JSON keeps only the last value, so the earlier one is ignored", last_key(path)),
            );
        }
        let mut part = w.document(&value);
        drop(value);
        if let (Some(part), Some(matters)) = (part.as_mut(), streamed) {
            part.matters = matters;
        }
        found.append(&mut w.out);
        doc_failed |= part.is_none();
        parts.push(part);
        positions.push(Some(pos));
    }

    // Merge.
    let mut cat = Catalogue::default();
    let mut merged = Merged {
        files: &files,
        title_source: 0,
        departments: Vec::new(),
        matters: Vec::new(),
        blocked: HashSet::new(),
        matter_ids_unread: false,
        departments_unread: false,
    };
    for f in found.iter().filter(|f| f.problem.is_error()) {
        let path = f.problem.path.as_str();
        merged.blocked.insert((f.source, path.to_string()));
        // A missing id or name is known to be absent, not unreadable: the
        // references to the rest can still be checked.
        if f.problem.message.starts_with(MISSING) {
            continue;
        }
        match split_item(path) {
            Some(("matters", "" | ".id")) => merged.matter_ids_unread = true,
            Some(("departments", _)) => merged.departments_unread = true,
            _ => {}
        }
        merged.matter_ids_unread |= path == "matters";
        merged.departments_unread |= path == "departments";
    }
    let mut has_title = false;
    let mut has_matters = false;
    for (source, part) in parts.into_iter().enumerate() {
        let Some(part) = part else { continue };
        if part.has_title && !has_title {
            has_title = true;
            merged.title_source = source;
            cat.title = part.title;
            cat.authority = part.authority;
            cat.version = part.version;
        }
        has_matters |= part.has_matters;
        for (index, d) in part.departments {
            merged.departments.push((source, index));
            cat.departments.push(d);
        }
        for (index, m) in part.matters {
            merged.matters.push((source, index));
            cat.matters.push(m);
        }
    }
    // A spreadsheet has no title field: without a catalogue sheet (or a
    // JSON file) giving one, its file name is the title.
    #[cfg(feature = "spreadsheet")]
    if !has_title {
        if let Some(source) = (0..files.len()).find(|s| sheets.contains_key(s)) {
            let stem = files
                .get(source)
                .map(Path::new)
                .and_then(|p| p.file_stem())
                .and_then(|s| s.to_str())
                .unwrap_or("")
                .to_string();
            if !stem.is_empty() {
                has_title = true;
                cat.title = stem;
            }
        }
    }
    let many = files.len() > 1;
    if !doc_failed && !has_title {
        let why = if many {
            " (none of the files has one)"
        } else {
            ""
        };
        found.push(Found {
            source: 0,
            problem: Problem {
                severity: Severity::Error,
                file: merged.file(0).to_string(),
                path: "title".into(),
                line: positions.first().and_then(|p| p.as_ref()?.value("")).map(|p| p.0),
                column: positions.first().and_then(|p| p.as_ref()?.value("")).map(|p| p.1),
                message: format!("missing required field `title`: the catalogue's title, shown above the search box{why}"),
                cause: None,
            },
        });
    }
    if !doc_failed && !has_matters {
        let why = if many {
            " (none of the files has one)"
        } else {
            ""
        };
        let at = positions.first().and_then(|p| p.as_ref()?.value(""));
        found.push(Found {
            source: 0,
            problem: Problem {
                severity: Severity::Error,
                file: merged.file(0).to_string(),
                path: "matters".into(),
                line: at.map(|p| p.0),
                column: at.map(|p| p.1),
                message: format!(
                    "missing required field `matters`: a non-empty array of matters{why}"
                ),
                cause: None,
            },
        });
    }

    // Typed rules over the merged whole, minus what the walk already said
    // (a field of the wrong type is also "empty" in the typed model).
    for mut f in check(&cat, &merged) {
        let p = &f.problem.path;
        if merged.blocked(f.source, p) {
            continue;
        }
        // With a file missing, its title, matters and departments are too:
        // "unknown department" for each matter would bury the real problem.
        let incomplete =
            p == "title" || p == "matters" || p.ends_with(".department") || p.ends_with(".parent");
        if doc_failed && incomplete {
            continue;
        }
        if let Some(at) = positions
            .get(f.source)
            .and_then(|p| p.as_ref()?.value(&f.problem.path))
        {
            f.problem.line = Some(at.0);
            f.problem.column = Some(at.1);
        }
        found.push(f);
    }

    // Spreadsheet problems name their cell instead of a JSON path.
    #[cfg(feature = "spreadsheet")]
    for f in &mut found {
        let Some(imported) = sheets.get(&f.source) else {
            continue;
        };
        if let Some(cell) = imported.cell(&f.problem.path) {
            f.problem.path = cell.to_string();
        } else if f.problem.path.starts_with("matters")
            || f.problem.path.starts_with("departments")
            || f.problem.path == "title"
        {
            f.problem.path = String::new();
        }
    }

    if opts.strict {
        for f in &mut found {
            if f.problem.severity == Severity::Warning {
                f.problem.severity = Severity::Error;
                f.problem
                    .message
                    .push_str(" (a warning, made an error by strict mode)");
            }
        }
    }
    found.sort_by_key(|f| {
        (
            f.source,
            f.problem.line.unwrap_or(0),
            f.problem.column.unwrap_or(0),
        )
    });
    let problems: Vec<Problem> = found.into_iter().map(|f| f.problem).collect();
    if problems.iter().any(Problem::is_error) {
        // Every problem at once: the warnings too, or a `fees` typo would
        // surface only after the errors are fixed.
        Err(CatalogueError { problems })
    } else {
        Ok(Loaded {
            catalogue: cat,
            warnings: problems,
        })
    }
}

/// Start of the message for an absent required field.
const MISSING: &str = "missing required field";

fn last_key(path: &str) -> &str {
    match path.rfind('.') {
        Some(j) => &path[j + 1..],
        None => path,
    }
}

/// serde_json's message and line, with the column converted from bytes to
/// characters, and a hint for full-width punctuation typed by a Chinese IME.
fn syntax_problem(file: &str, src: &str, e: serde_json::Error) -> Problem {
    let line = e.line().max(1);
    let text = src.split('\n').nth(line - 1).unwrap_or("");
    // serde_json's column is the 1-based byte column of the offending byte
    // (0 on an empty input); report the character that holds that byte.
    let byte = e.column().saturating_sub(1);
    let held: Vec<(usize, char)> = text
        .char_indices()
        .take_while(|(i, _)| *i <= byte)
        .collect();
    let column = held.len().max(1);
    let offending = held.last().map(|(_, c)| *c);
    let raw = e.to_string();
    let msg = match raw.rfind(" at line ") {
        Some(j) => &raw[..j],
        None => &raw,
    };
    let mut message = format!("invalid JSON: {msg}");
    let ascii = |c: char| match c {
        '，' => Some(','),
        '：' => Some(':'),
        '“' | '”' => Some('"'),
        '｛' => Some('{'),
        '｝' => Some('}'),
        '［' => Some('['),
        '］' => Some(']'),
        _ => None,
    };
    if let Some((c, a)) = offending.and_then(|c| ascii(c).map(|a| (c, a))) {
        message.push_str(&format!(
            " (found full-width `{c}`; JSON needs ASCII `{a}`)"
        ));
    }
    Problem {
        severity: Severity::Error,
        file: file.to_string(),
        path: String::new(),
        line: Some(line),
        column: Some(column),
        message,
        cause: Some(super::Cause::new(e)),
    }
}

// ---------------------------------------------------------------------------
// Field lists: the walker warns about any other key.

const TOP_FIELDS: &[&str] = &["title", "authority", "version", "departments", "matters"];
const TOP_CN: &[(&str, &str)] = &[
    ("标题", "title"),
    ("事项", "matters"),
    ("部门", "departments"),
    ("发布机关", "authority"),
];
const DEPARTMENT_FIELDS: &[&str] = &["id", "name", "aliases"];
const MATTER_FIELDS: &[&str] = &[
    "id",
    "code",
    "name",
    "aliases",
    "parent",
    "kind",
    "department",
    "targets",
    "level",
    "basis",
    "conditions",
    "materials",
    "procedure",
    "time_limit",
    "case_type",
    "fee",
    "location",
    "hours",
    "contact",
    "complaint",
    "online",
    "visits",
    "result",
    "forms",
    "faq",
    "notes",
    "status",
    "status_date",
    "status_note",
];
/// Element names of the national 实施清单, for people who wrote those as keys.
const MATTER_CN: &[(&str, &str)] = &[
    ("事项名称", "name"),
    ("基本编码", "code"),
    ("实施编码", "code"),
    ("事项编码", "code"),
    ("俗称", "aliases"),
    ("事项类型", "kind"),
    ("实施主体", "department"),
    ("服务对象", "targets"),
    ("行使层级", "level"),
    ("设定依据", "basis"),
    ("受理条件", "conditions"),
    ("申请材料", "materials"),
    ("办理流程", "procedure"),
    ("办结时限", "time_limit"),
    ("法定办结时限", "time_limit"),
    ("承诺办结时限", "time_limit"),
    ("办件类型", "case_type"),
    ("是否收费", "fee"),
    ("收费标准", "fee"),
    ("办理地点", "location"),
    ("办理时间", "hours"),
    ("咨询方式", "contact"),
    ("监督投诉方式", "complaint"),
    ("网上办理深度", "online"),
    ("到办事现场次数", "visits"),
    ("审批结果", "result"),
    ("空白表格", "forms"),
    ("示范文本", "forms"),
    ("常见问题", "faq"),
    ("备注", "notes"),
    ("事项状态", "status"),
];
const BASIS_FIELDS: &[&str] = &["title", "article", "text"];
const MATERIAL_FIELDS: &[&str] = &[
    "name",
    "form",
    "copies",
    "required",
    "source",
    "note",
    "blank_form",
    "sample_form",
];
const MATERIAL_CN: &[(&str, &str)] = &[
    ("材料名称", "name"),
    ("材料形式", "form"),
    ("份数", "copies"),
    ("必要性", "required"),
    ("来源渠道", "source"),
    ("空白表格", "blank_form"),
    ("示范文本", "sample_form"),
];
const STEP_FIELDS: &[&str] = &["step", "description", "days"];
const TIME_LIMIT_FIELDS: &[&str] = &["statutory_days", "promised_days", "unit", "note"];
const FEE_FIELDS: &[&str] = &["charged", "standard", "basis"];
const ONLINE_FIELDS: &[&str] = &["depth", "url"];
const RESULT_FIELDS: &[&str] = &["name", "type"];
const FORM_FIELDS: &[&str] = &["id", "title", "kind", "fields", "text"];
const FORM_FIELD_FIELDS: &[&str] = &["label", "example"];
const FAQ_FIELDS: &[&str] = &["question", "answer"];

const STATUSES: &[(&str, Status)] = &[
    ("active", Status::Active),
    ("abolished", Status::Abolished),
    ("delegated", Status::Delegated),
];
const STATUS_CN: &[(&str, &str)] = &[
    ("取消", "abolished"),
    ("cancelled", "abolished"),
    ("canceled", "abolished"),
    ("已取消", "abolished"),
    ("下放", "delegated"),
    ("已下放", "delegated"),
    ("在用", "active"),
    ("有效", "active"),
];
const UNITS: &[(&str, DayUnit)] = &[
    ("working", DayUnit::Working),
    ("calendar", DayUnit::Calendar),
];
const UNIT_CN: &[(&str, &str)] = &[
    ("工作日", "working"),
    ("自然日", "calendar"),
    ("日历日", "calendar"),
];
const FORM_KINDS: &[(&str, FormKind)] = &[("blank", FormKind::Blank), ("sample", FormKind::Sample)];
const FORM_KIND_CN: &[(&str, &str)] = &[
    ("空白表格", "blank"),
    ("示范文本", "sample"),
    ("样表", "sample"),
];

/// "a number (12)", "a string (\"x\")", "null": what was found instead.
fn describe(v: &Value) -> String {
    match v {
        Value::Null => "null".into(),
        Value::Bool(b) => format!("a boolean ({b})"),
        Value::Number(n) => format!("a number ({n})"),
        Value::String(s) => {
            let short: String = s.chars().take(40).collect();
            let more = if short.len() < s.len() { "…" } else { "" };
            format!("a string ({short:?}{more})")
        }
        Value::Array(_) => "an array".into(),
        Value::Object(_) => "an object".into(),
    }
}

/// Walks one document's `Value` into the model, recording problems.
struct Walker<'a> {
    source: usize,
    file: &'a str,
    pos: &'a Positions,
    out: Vec<Found>,
}

impl Walker<'_> {
    fn push(&mut self, severity: Severity, path: &str, at: Option<Pos>, message: String) {
        self.out.push(Found {
            source: self.source,
            problem: Problem {
                severity,
                file: self.file.to_string(),
                path: path.to_string(),
                line: at.map(|p| p.0),
                column: at.map(|p| p.1),
                message,
                cause: None,
            },
        });
    }

    /// An error located at the value of `path` (or its nearest ancestor).
    fn error(&mut self, path: &str, message: String) {
        let at = self.pos.value(path);
        self.push(Severity::Error, path, at, message);
    }

    fn wrong_type(&mut self, path: &str, expected: &str, found: &Value) {
        self.error(
            path,
            format!("expected {expected}, found {}", describe(found)),
        );
    }

    fn missing(&mut self, path: &str, key: &str) {
        self.error(path, format!("{MISSING} `{key}`"));
    }

    /// The value as an object, warning about unknown keys; an error if it is
    /// not an object.
    fn object<'v>(
        &mut self,
        v: &'v Value,
        path: &str,
        known: &[&str],
        chinese: &[(&str, &str)],
    ) -> Option<&'v Map<String, Value>> {
        let Value::Object(m) = v else {
            self.wrong_type(path, "an object", v);
            return None;
        };
        for key in m.keys() {
            if known.contains(&key.as_str()) {
                continue;
            }
            let kp = key_path(path, key);
            let hint = if let Some((_, f)) = chinese.iter().find(|(cn, _)| cn == key) {
                format!("; this format calls {key} `{f}`")
            } else if let Some(c) = closest(key, known.iter().copied()) {
                format!("; did you mean `{c}`?")
            } else {
                format!("; known fields here: {}", known.join(", "))
            };
            let at = self.pos.key(&kp);
            self.push(
                Severity::Warning,
                &kp,
                at,
                format!("unknown field `{key}` (ignored){hint}"),
            );
        }
        Some(m)
    }

    /// The field, treating JSON `null` as absent (exports often write null
    /// for an empty cell).
    fn field<'v>(m: &'v Map<String, Value>, key: &str) -> Option<&'v Value> {
        m.get(key).filter(|v| !v.is_null())
    }

    fn req_string(&mut self, m: &Map<String, Value>, obj: &str, key: &str) -> String {
        let path = key_path(obj, key);
        match m.get(key) {
            None => {
                self.missing(&path, key);
                String::new()
            }
            Some(Value::String(s)) => s.clone(),
            Some(other) => {
                self.wrong_type(&path, "a string", other);
                String::new()
            }
        }
    }

    fn opt_string(&mut self, m: &Map<String, Value>, obj: &str, key: &str) -> Option<String> {
        match Self::field(m, key)? {
            Value::String(s) => Some(s.clone()),
            other => {
                self.wrong_type(&key_path(obj, key), "a string", other);
                None
            }
        }
    }

    /// An array of strings; a lone string gets a hint to wrap it.
    fn string_list(&mut self, m: &Map<String, Value>, obj: &str, key: &str) -> Vec<String> {
        let path = key_path(obj, key);
        match Self::field(m, key) {
            None => Vec::new(),
            Some(Value::Array(items)) => {
                let mut out = Vec::with_capacity(items.len());
                for (i, item) in items.iter().enumerate() {
                    match item {
                        Value::String(s) => out.push(s.clone()),
                        other => self.wrong_type(&index_path(&path, i), "a string", other),
                    }
                }
                out
            }
            Some(other @ Value::String(_)) => {
                self.error(
                    &path,
                    format!(
                        "expected an array of strings, found {}; wrap it in [ ]",
                        describe(other)
                    ),
                );
                Vec::new()
            }
            Some(other) => {
                self.wrong_type(&path, "an array of strings", other);
                Vec::new()
            }
        }
    }

    /// An array of objects; elements of the wrong type are kept as defaults
    /// so that indices (and so paths) stay those of the file.
    fn list<T>(
        &mut self,
        m: &Map<String, Value>,
        obj: &str,
        key: &str,
        each: fn(&mut Self, &Value, &str) -> T,
    ) -> Vec<T> {
        let path = key_path(obj, key);
        match Self::field(m, key) {
            None => Vec::new(),
            Some(Value::Array(items)) => items
                .iter()
                .enumerate()
                .map(|(i, item)| each(self, item, &index_path(&path, i)))
                .collect(),
            Some(other) => {
                self.wrong_type(&path, "an array", other);
                Vec::new()
            }
        }
    }

    fn opt_object<T>(
        &mut self,
        m: &Map<String, Value>,
        obj: &str,
        key: &str,
        each: fn(&mut Self, &Value, &str) -> Option<T>,
    ) -> Option<T> {
        let v = Self::field(m, key)?;
        each(self, v, &key_path(obj, key))
    }

    fn opt_bool(&mut self, m: &Map<String, Value>, obj: &str, key: &str) -> Option<bool> {
        match Self::field(m, key)? {
            Value::Bool(b) => Some(*b),
            other => {
                self.wrong_type(&key_path(obj, key), "true or false", other);
                None
            }
        }
    }

    fn req_bool(&mut self, m: &Map<String, Value>, obj: &str, key: &str) -> bool {
        let path = key_path(obj, key);
        match m.get(key) {
            None => {
                self.missing(&path, key);
                false
            }
            Some(Value::Bool(b)) => *b,
            Some(other) => {
                self.wrong_type(&path, "true or false", other);
                false
            }
        }
    }

    /// A non-negative integer that fits in u32. Whole floats (`20.0`, as
    /// spreadsheets write them) are accepted; they are integers. A literal
    /// that is not exactly whole is an error however it parses.
    fn opt_count(&mut self, m: &Map<String, Value>, obj: &str, key: &str) -> Option<u32> {
        let v = Self::field(m, key)?;
        let path = key_path(obj, key);
        const WANT: &str = "a non-negative integer";
        let problem = match v {
            Value::Number(n) => {
                if let Some(u) = n.as_u64() {
                    match u32::try_from(u) {
                        Ok(u) => return Some(u),
                        Err(_) => format!("expected {WANT}, found {u}, which is too large"),
                    }
                } else if let Some(i) = n.as_i64() {
                    format!("expected {WANT}, found a negative number ({i})")
                } else if let Some(lit) = self.pos.fraction(&path) {
                    // Parsed as a whole float (`1e-400` is 0, `1.0000000000000000001`
                    // is 1), but not written as one: never bend it silently.
                    format!(
                        "expected {WANT}, found a fraction ({lit}), which is not a whole number"
                    )
                } else {
                    let f = n.as_f64().unwrap_or(f64::NAN);
                    if f.fract() == 0.0 && (0.0..=f64::from(u32::MAX)).contains(&f) {
                        return Some(f as u32);
                    } else if f < 0.0 {
                        format!("expected {WANT}, found a negative number ({n})")
                    } else if f.fract() == 0.0 {
                        format!("expected {WANT}, found {n}, which is too large")
                    } else {
                        format!("expected {WANT}, found a fraction ({n})")
                    }
                }
            }
            Value::String(_) => {
                let note = if obj.ends_with("time_limit") {
                    "; words belong in `time_limit.note`"
                } else {
                    ""
                };
                format!(
                    "expected {WANT}, found {}; write the number without quotes{note}",
                    describe(v)
                )
            }
            other => format!("expected {WANT}, found {}", describe(other)),
        };
        self.error(&path, problem);
        None
    }

    /// One of a fixed set of names; `hints` map common wrong spellings
    /// (often the Chinese term) to the right one.
    fn name_of<T: Copy>(
        &mut self,
        v: &Value,
        path: &str,
        what: &str,
        table: &[(&str, T)],
        hints: &[(&str, &str)],
    ) -> Option<T> {
        let Value::String(s) = v else {
            self.wrong_type(path, "a string", v);
            return None;
        };
        if let Some((_, t)) = table.iter().find(|(n, _)| n == s) {
            return Some(*t);
        }
        let names: Vec<&str> = table.iter().map(|(n, _)| *n).collect();
        let hint = if let Some((_, h)) = hints.iter().find(|(w, _)| w == s) {
            format!(" (write {h:?} for {s})")
        } else if let Some(c) = closest(&s.to_lowercase(), names.iter().copied())
            .or_else(|| names.iter().copied().find(|n| n.eq_ignore_ascii_case(s)))
        {
            format!("; did you mean {c:?}?")
        } else {
            String::new()
        };
        self.error(
            path,
            format!(
                "unknown {what} {s:?}; expected one of {}{hint}",
                names.join(", ")
            ),
        );
        None
    }

    fn opt_name<T: Copy>(
        &mut self,
        m: &Map<String, Value>,
        obj: &str,
        key: &str,
        table: &[(&str, T)],
        hints: &[(&str, &str)],
    ) -> Option<T> {
        let v = Self::field(m, key)?;
        self.name_of(v, &key_path(obj, key), key, table, hints)
    }

    // -- the document -------------------------------------------------------

    /// None when the document is not an object at all.
    fn document(&mut self, v: &Value) -> Option<Part> {
        let Value::Object(_) = v else {
            let hint = if v.is_array() {
                "; wrap it as {\"title\": …, \"matters\": [ … ]}"
            } else {
                ""
            };
            self.error(
                "",
                format!(
                    "a catalogue must be a JSON object, found {}{hint}",
                    describe(v)
                ),
            );
            return None;
        };
        let m = self.object(v, "", TOP_FIELDS, TOP_CN)?;
        let mut part = Part::default();
        if let Some(t) = Self::field(m, "title") {
            part.has_title = true;
            match t {
                Value::String(s) => part.title = s.clone(),
                other => self.wrong_type("title", "a string", other),
            }
        }
        part.authority = self.opt_string(m, "", "authority");
        part.version = self.opt_string(m, "", "version");
        part.departments = self.top_list(m, "departments", Self::department);
        part.has_matters = Self::field(m, "matters").is_some();
        part.matters = self.top_list(m, "matters", Self::matter);
        Some(part)
    }

    /// Like `list`, but drops elements that are not objects: merged indices
    /// are mapped back to file indices, and a placeholder department would
    /// make every reference check noisier.
    fn top_list<T>(
        &mut self,
        m: &Map<String, Value>,
        key: &str,
        each: fn(&mut Self, &Value, &str) -> Option<T>,
    ) -> Vec<(usize, T)> {
        match Self::field(m, key) {
            None => Vec::new(),
            Some(Value::Array(items)) => items
                .iter()
                .enumerate()
                .filter_map(|(i, item)| each(self, item, &index_path(key, i)).map(|t| (i, t)))
                .collect(),
            Some(other) => {
                self.wrong_type(key, "an array", other);
                Vec::new()
            }
        }
    }

    fn department(&mut self, v: &Value, path: &str) -> Option<Department> {
        let m = self.object(v, path, DEPARTMENT_FIELDS, &[])?;
        Some(Department {
            id: self.req_string(m, path, "id"),
            name: self.req_string(m, path, "name"),
            aliases: self.string_list(m, path, "aliases"),
        })
    }

    fn matter(&mut self, v: &Value, path: &str) -> Option<Matter> {
        let m = self.object(v, path, MATTER_FIELDS, MATTER_CN)?;
        let kinds: Vec<(&str, Kind)> = Kind::ALL.iter().map(|k| (k.as_str(), *k)).collect();
        Some(Matter {
            id: self.req_string(m, path, "id"),
            code: self.opt_string(m, path, "code"),
            name: self.req_string(m, path, "name"),
            aliases: self.string_list(m, path, "aliases"),
            parent: self.opt_string(m, path, "parent"),
            kind: self.opt_name(m, path, "kind", &kinds, &[]),
            department: self.opt_string(m, path, "department"),
            targets: self.string_list(m, path, "targets"),
            level: self.opt_string(m, path, "level"),
            basis: self.list(m, path, "basis", Self::basis),
            conditions: self.string_list(m, path, "conditions"),
            materials: self.list(m, path, "materials", Self::material),
            procedure: self.list(m, path, "procedure", Self::step),
            time_limit: self.opt_object(m, path, "time_limit", Self::time_limit),
            case_type: self.opt_string(m, path, "case_type"),
            fee: self.opt_object(m, path, "fee", Self::fee),
            location: self.opt_string(m, path, "location"),
            hours: self.opt_string(m, path, "hours"),
            contact: self.opt_string(m, path, "contact"),
            complaint: self.opt_string(m, path, "complaint"),
            online: self.opt_object(m, path, "online", Self::online),
            visits: self.opt_count(m, path, "visits"),
            result: self.opt_object(m, path, "result", Self::result),
            forms: self.list(m, path, "forms", Self::form),
            faq: self.list(m, path, "faq", Self::faq),
            notes: self.opt_string(m, path, "notes"),
            status: self
                .opt_name(m, path, "status", STATUSES, STATUS_CN)
                .unwrap_or_default(),
            status_date: self.opt_string(m, path, "status_date"),
            status_note: self.opt_string(m, path, "status_note"),
        })
    }

    fn basis(&mut self, v: &Value, path: &str) -> Basis {
        let Some(m) = self.object(v, path, BASIS_FIELDS, &[]) else {
            return Basis::default();
        };
        Basis {
            title: self.req_string(m, path, "title"),
            article: self.opt_string(m, path, "article"),
            text: self.opt_string(m, path, "text"),
        }
    }

    fn material(&mut self, v: &Value, path: &str) -> Material {
        let Some(m) = self.object(v, path, MATERIAL_FIELDS, MATERIAL_CN) else {
            return Material::default();
        };
        Material {
            name: self.req_string(m, path, "name"),
            form: self.opt_string(m, path, "form"),
            copies: self.opt_count(m, path, "copies"),
            required: self.opt_bool(m, path, "required"),
            source: self.opt_string(m, path, "source"),
            note: self.opt_string(m, path, "note"),
            blank_form: self.opt_string(m, path, "blank_form"),
            sample_form: self.opt_string(m, path, "sample_form"),
        }
    }

    fn step(&mut self, v: &Value, path: &str) -> Step {
        let Some(m) = self.object(v, path, STEP_FIELDS, &[]) else {
            return Step::default();
        };
        Step {
            step: self.req_string(m, path, "step"),
            description: self.opt_string(m, path, "description"),
            days: self.opt_count(m, path, "days"),
        }
    }

    fn time_limit(&mut self, v: &Value, path: &str) -> Option<TimeLimit> {
        let m = self.object(v, path, TIME_LIMIT_FIELDS, &[])?;
        Some(TimeLimit {
            statutory_days: self.opt_count(m, path, "statutory_days"),
            promised_days: self.opt_count(m, path, "promised_days"),
            unit: self
                .opt_name(m, path, "unit", UNITS, UNIT_CN)
                .unwrap_or_default(),
            note: self.opt_string(m, path, "note"),
        })
    }

    fn fee(&mut self, v: &Value, path: &str) -> Option<Fee> {
        let m = self.object(v, path, FEE_FIELDS, &[])?;
        Some(Fee {
            charged: self.req_bool(m, path, "charged"),
            standard: self.opt_string(m, path, "standard"),
            basis: self.opt_string(m, path, "basis"),
        })
    }

    fn online(&mut self, v: &Value, path: &str) -> Option<Online> {
        let m = self.object(v, path, ONLINE_FIELDS, &[])?;
        Some(Online {
            depth: self.opt_string(m, path, "depth"),
            url: self.opt_string(m, path, "url"),
        })
    }

    fn result(&mut self, v: &Value, path: &str) -> Option<ResultDoc> {
        let m = self.object(v, path, RESULT_FIELDS, &[])?;
        Some(ResultDoc {
            name: self.opt_string(m, path, "name"),
            kind: self.opt_string(m, path, "type"),
        })
    }

    fn form(&mut self, v: &Value, path: &str) -> Form {
        let Some(m) = self.object(v, path, FORM_FIELDS, &[]) else {
            return Form::default();
        };
        let kind_path = key_path(path, "kind");
        let kind = match m.get("kind") {
            None => {
                self.missing(&kind_path, "kind");
                FormKind::default()
            }
            Some(k) => self
                .name_of(k, &kind_path, "form kind", FORM_KINDS, FORM_KIND_CN)
                .unwrap_or_default(),
        };
        Form {
            id: self.req_string(m, path, "id"),
            title: self.req_string(m, path, "title"),
            kind,
            fields: self.list(m, path, "fields", Self::form_field),
            text: self.opt_string(m, path, "text"),
        }
    }

    fn form_field(&mut self, v: &Value, path: &str) -> FormField {
        let Some(m) = self.object(v, path, FORM_FIELD_FIELDS, &[]) else {
            return FormField::default();
        };
        FormField {
            label: self.req_string(m, path, "label"),
            example: self.opt_string(m, path, "example"),
        }
    }

    fn faq(&mut self, v: &Value, path: &str) -> Faq {
        let Some(m) = self.object(v, path, FAQ_FIELDS, &[]) else {
            return Faq::default();
        };
        Faq {
            question: self.req_string(m, path, "question"),
            answer: self.req_string(m, path, "answer"),
        }
    }
}
