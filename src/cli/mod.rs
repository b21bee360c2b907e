//! The `matter-search` command-line tool: build, check, search, stats,
//! convert, deadline, guide.
//!
//! Exit status as grep's: 0 done (found), 1 nothing found (a search with
//! no hit, an unknown id), 2 errors (bad arguments, unreadable files, a
//! catalogue with errors). A closed pipe (`| head`) ends it quietly with 0.

/// `println!` that reports a write error instead of panicking (see
/// [`io_error`]); used with `?` in functions returning `Result<_, String>`.
macro_rules! say {
    ($($arg:tt)*) => {
        $crate::cli::stdout_line(format_args!($($arg)*))
    };
}

mod convert;
mod deadline;
mod guide;

use std::io::{BufRead, Write};
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

use crate::catalogue::{Catalogue, Kind, LoadOptions, Status};
use crate::index::{Index, IndexBuilder};
use crate::search::{Filters, Query, SearchResults, Via};

#[derive(Parser, Debug)]
#[command(
    name = "matter-search",
    version,
    about = "Build and query matter-search indexes",
    after_help = "Exit status: 0 done, 1 nothing found (no hit, unknown id), 2 errors."
)]
struct Cli {
    #[command(subcommand)]
    cmd: Cmd,
}

#[derive(Subcommand, Debug)]
enum Cmd {
    /// Validate catalogues and build an index from them: one file, or
    /// with `--split` a folder for static hosting.
    Build {
        /// Catalogue files (JSON, CSV or XLSX), merged into one catalogue.
        #[arg(required = true)]
        catalogues: Vec<PathBuf>,
        /// Renames of a platform's own spreadsheet headers (`平台表头 = 标准表头`).
        #[arg(long)]
        columns: Option<PathBuf>,
        /// Where to write the index (a folder with `--split`).
        #[arg(short, long)]
        output: PathBuf,
        /// Write a split index: `OUTPUT/entry.json` and content-named files
        /// that a browser fetches only when a query needs them.
        #[arg(long)]
        split: bool,
        /// Treat warnings (unknown fields …) as errors.
        #[arg(long)]
        strict: bool,
        /// User dictionary files (`word [freq]` per line).
        #[arg(long = "user-dict")]
        user_dict: Vec<PathBuf>,
        /// Synonym files (one group of terms that mean the same per line).
        #[arg(long)]
        synonyms: Vec<PathBuf>,
        /// A site's own everyday-names files (`公共租赁住房 ← 公租房 | source`
        /// per line), added to the built-in lexicon.
        #[arg(long)]
        colloquial: Vec<PathBuf>,
        /// Leave out the built-in everyday-names lexicon (data/colloquial.txt).
        #[arg(long)]
        no_colloquial: bool,
        /// Do not use the general Chinese dictionary.
        #[arg(long)]
        no_dict: bool,
        /// No progress bar (it is drawn only when stderr is a terminal).
        #[arg(long, short)]
        quiet: bool,
    },
    /// Validate catalogues only.
    Check {
        /// Catalogue files (JSON, CSV or XLSX).
        #[arg(required = true)]
        catalogues: Vec<PathBuf>,
        /// Treat warnings (unknown fields …) as errors.
        #[arg(long)]
        strict: bool,
        /// Print one JSON object (ok, matters, departments, errors,
        /// warnings, problems with file, line, column, path, message), for CI.
        #[arg(long)]
        json: bool,
        /// Renames of a platform's own spreadsheet headers (`平台表头 = 标准表头`).
        #[arg(long)]
        columns: Option<PathBuf>,
    },
    /// Convert catalogues between JSON and XLSX (CSV and XLSX read too).
    Convert(convert::ConvertArgs),
    /// The last day for a decision on a matter, under the official calendar.
    Deadline(deadline::DeadlineArgs),
    /// Write one matter's service guide (办事指南) as standalone HTML.
    Guide(guide::GuideArgs),
    /// Search an index. QUERY `-` reads one query per line from stdin and
    /// prints one JSON line per query.
    Search {
        /// A one-file index, or a split index (its folder or `entry.json`).
        #[arg(long)]
        index: PathBuf,
        /// Hits to print.
        #[arg(long, default_value_t = 10)]
        limit: usize,
        /// Hits to skip first (for paging).
        #[arg(long, default_value_t = 0)]
        offset: usize,
        /// Print JSON.
        #[arg(long)]
        json: bool,
        #[command(flatten)]
        filters: FilterArgs,
        /// What to search for: words, any part of a name, a code; `-` reads
        /// one query per line from stdin.
        query: String,
    },
    /// Show one matter's full record as JSON.
    Show {
        /// A one-file index, or a split index (its folder or `entry.json`).
        #[arg(long)]
        index: PathBuf,
        /// The matter's id.
        id: String,
    },
    /// Section sizes, term and posting counts.
    Stats {
        /// A one-file index, or a split index (its folder or `entry.json`).
        #[arg(long)]
        index: PathBuf,
        /// Print JSON in the shape of the JavaScript `stats()`.
        #[arg(long)]
        json: bool,
    },
}

#[derive(Args, Debug)]
struct FilterArgs {
    /// Department id, name or alias (repeatable).
    #[arg(long)]
    department: Vec<String>,
    /// Matter type, e.g. 行政许可 (repeatable).
    #[arg(long)]
    kind: Vec<String>,
    /// 服务对象 (repeatable).
    #[arg(long)]
    target: Vec<String>,
    /// Only matters that charge no fee.
    #[arg(long, conflicts_with = "charged")]
    free: bool,
    /// Only matters that charge a fee.
    #[arg(long)]
    charged: bool,
    /// Time limit (promised, else statutory) at most N working days (a
    /// calendar-day limit counts as ⌈days × 5 / 7⌉ working days).
    #[arg(long)]
    max_days: Option<u32>,
    /// Statutory time limit (法定时限) at most N working days.
    #[arg(long)]
    max_statutory_days: Option<u32>,
    /// Promised time limit (承诺时限) at most N working days.
    #[arg(long)]
    max_promised_days: Option<u32>,
    /// Only matters that can be handled online.
    #[arg(long)]
    online: bool,
    /// Only active matters.
    #[arg(long)]
    active: bool,
}

impl FilterArgs {
    fn to_filters(&self) -> Result<Filters, String> {
        let mut kinds = Vec::new();
        for k in &self.kind {
            kinds.push(Kind::parse(k).ok_or_else(|| {
                let all: Vec<&str> = Kind::ALL.iter().map(|k| k.as_str()).collect();
                format!("unknown kind {k:?}; expected one of {}", all.join(", "))
            })?);
        }
        Ok(Filters {
            departments: self.department.clone(),
            kinds,
            targets: self.target.clone(),
            charged: if self.free {
                Some(false)
            } else if self.charged {
                Some(true)
            } else {
                None
            },
            max_statutory_days: self.max_statutory_days,
            max_promised_days: self.max_promised_days,
            max_days: self.max_days,
            online: self.online.then_some(true),
            statuses: if self.active {
                vec![Status::Active]
            } else {
                Vec::new()
            },
        })
    }
}

/// Runs the tool; returns the process exit code.
pub fn main() -> i32 {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            // --help and --version print to stdout and succeed; usage errors exit 2.
            let code = if e.use_stderr() { FAILED } else { 0 };
            if let Err(err) = e.print() {
                io_error(err);
            }
            return code;
        }
    };
    match run(cli) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("matter-search: {e}");
            FAILED
        }
    }
}

/// Exit status when nothing was found: a search without hits, an unknown id.
const NOT_FOUND: i32 = 1;
/// Exit status on errors, the catalogue's own included.
const FAILED: i32 = 2;

/// Writes one line to stdout (see `say!`).
fn stdout_line(args: std::fmt::Arguments<'_>) -> Result<(), String> {
    let mut out = std::io::stdout().lock();
    out.write_fmt(args)
        .and_then(|()| out.write_all(b"\n"))
        .map_err(io_error)
}

/// A write error as the tool's message. A closed pipe (`show … | head`)
/// is no error: the reader has what it wanted, so the program ends here,
/// quietly and with status 0, as ripgrep does.
fn io_error(e: std::io::Error) -> String {
    if e.kind() == std::io::ErrorKind::BrokenPipe {
        std::process::exit(0);
    }
    format!("cannot write the output: {e}")
}

fn read(path: &PathBuf) -> Result<Vec<u8>, String> {
    std::fs::read(path).map_err(|e| format!("cannot read {}: {e}", path.display()))
}

/// Loads catalogues, printing warnings and problems; `None` when there
/// are errors ("…; nothing was built").
fn load(
    catalogues: &[PathBuf],
    strict: bool,
    columns: Option<&PathBuf>,
) -> Result<Option<Catalogue>, String> {
    load_then(catalogues, strict, columns, "built")
}

/// [`load`], ending the problem count with "nothing was `done`".
fn load_then(
    catalogues: &[PathBuf],
    strict: bool,
    columns: Option<&PathBuf>,
    done: &str,
) -> Result<Option<Catalogue>, String> {
    let map = convert::column_map(columns)?;
    match Catalogue::load_files_with(catalogues, &LoadOptions { strict }, &map) {
        Ok(loaded) => {
            for w in &loaded.warnings {
                eprintln!("{w}");
            }
            Ok(Some(loaded.catalogue))
        }
        Err(e) => {
            for p in &e.problems {
                eprintln!("{p}");
            }
            eprintln!("{}; nothing was {done}", problem_count(&e.problems));
            Ok(None)
        }
    }
}

/// `check --json`: every problem as an object, for CI pipelines; exit 0
/// when the catalogue loads, 2 when it has errors.
fn check_json(
    catalogues: &[PathBuf],
    strict: bool,
    columns: Option<&PathBuf>,
) -> Result<i32, String> {
    let map = convert::column_map(columns)?;
    let (cat, problems) =
        match Catalogue::load_files_with(catalogues, &LoadOptions { strict }, &map) {
            Ok(loaded) => (Some(loaded.catalogue), loaded.warnings),
            Err(e) => (None, e.problems),
        };
    let list: Vec<serde_json::Value> = problems
        .iter()
        .map(|p| {
            serde_json::json!({
                "severity": p.severity.as_str(),
                "file": p.file,
                "line": p.line,
                "column": p.column,
                "path": p.path,
                "message": p.message,
            })
        })
        .collect();
    let errors = problems.iter().filter(|p| p.is_error()).count();
    let v = serde_json::json!({
        "ok": cat.is_some(),
        "matters": cat.as_ref().map(|c| c.matters.len()),
        "departments": cat.as_ref().map(|c| c.departments.len()),
        "errors": errors,
        "warnings": problems.len() - errors,
        "problems": list,
    });
    say!(
        "{}",
        serde_json::to_string_pretty(&v).map_err(|e| e.to_string())?
    )?;
    Ok(if cat.is_some() { 0 } else { FAILED })
}

/// "N problem(s)" counting errors, and the warnings printed beside them.
fn problem_count(problems: &[crate::catalogue::Problem]) -> String {
    let errors = problems.iter().filter(|p| p.is_error()).count();
    match problems.len() - errors {
        0 => format!("{errors} problem(s)"),
        w => format!("{errors} problem(s) and {w} warning(s)"),
    }
}

fn gzip_len(data: &[u8]) -> usize {
    use flate2::{write::GzEncoder, Compression};
    let mut e = GzEncoder::new(Vec::new(), Compression::best());
    if e.write_all(data).is_err() {
        return 0;
    }
    e.finish().map(|v| v.len()).unwrap_or(0)
}

fn run(cli: Cli) -> Result<i32, String> {
    match cli.cmd {
        Cmd::Convert(a) => convert::run(a),
        Cmd::Deadline(a) => deadline::run(a),
        Cmd::Guide(a) => guide::run(a),
        Cmd::Check {
            catalogues,
            strict,
            json,
            columns,
        } => {
            if json {
                return check_json(&catalogues, strict, columns.as_ref());
            }
            Ok(match load(&catalogues, strict, columns.as_ref())? {
                Some(cat) => {
                    say!(
                        "ok: {} matters, {} departments",
                        cat.matters.len(),
                        cat.departments.len()
                    )?;
                    0
                }
                None => FAILED,
            })
        }
        Cmd::Build {
            catalogues,
            columns,
            output,
            split,
            strict,
            user_dict,
            synonyms,
            colloquial,
            no_colloquial,
            no_dict,
            quiet,
        } => {
            let Some(cat) = load(&catalogues, strict, columns.as_ref())? else {
                return Ok(FAILED);
            };
            let mut b = IndexBuilder::new()
                .general_dictionary(!no_dict)
                .default_colloquial(!no_colloquial);
            let bar = progress_bar(quiet);
            if let Some(bar) = &bar {
                let bar = bar.clone();
                b = b.on_progress(std::sync::Arc::new(move |stage: &str, done, total| {
                    bar.set_message(stage.to_string());
                    bar.set_length(total as u64);
                    bar.set_position(done as u64);
                }));
            }
            for d in &user_dict {
                let text = String::from_utf8(read(d)?)
                    .map_err(|_| format!("{} is not UTF-8", d.display()))?;
                b.user_dictionary(&text, &d.display().to_string())
                    .map_err(|e| e.to_string())?;
            }
            for d in &synonyms {
                let text = String::from_utf8(read(d)?)
                    .map_err(|_| format!("{} is not UTF-8", d.display()))?;
                b.synonyms(&text, &d.display().to_string())
                    .map_err(|e| e.to_string())?;
            }
            for d in &colloquial {
                let text = String::from_utf8(read(d)?)
                    .map_err(|_| format!("{} is not UTF-8", d.display()))?;
                b.colloquial(&text, &d.display().to_string())
                    .map_err(|e| e.to_string())?;
            }
            let chunks = b.build_chunks(&cat).map_err(|e| e.to_string());
            if let Some(bar) = &bar {
                bar.finish_and_clear();
            }
            let chunks = chunks?;
            if split {
                let s = crate::index::split::write(&chunks, &output)
                    .map_err(|e| format!("cannot write {}: {e}", output.display()))?;
                say!(
                    "wrote {}: {} matters, {} files, {} bytes (root {} bytes)",
                    output.join(crate::index::split::ENTRY_FILE).display(),
                    cat.matters.len(),
                    s.files,
                    s.bytes,
                    s.root_bytes
                )?;
                return Ok(0);
            }
            let bytes = chunks.to_bytes();
            std::fs::write(&output, &bytes)
                .map_err(|e| format!("cannot write {}: {e}", output.display()))?;
            let index = Index::from_bytes(&bytes).map_err(|e| e.to_string())?;
            say!(
                "wrote {}: {} matters, {} bytes ({} gzip)",
                output.display(),
                index.len(),
                bytes.len(),
                gzip_len(&bytes)
            )?;
            Ok(0)
        }
        Cmd::Stats { index, json } => {
            let (idx, bytes) = open_index(&index)?;
            if json {
                let s = crate::wasm::stats(&idx);
                say!("{}", serde_json::to_string(&s).map_err(|e| e.to_string())?)?;
                return Ok(0);
            }
            let s = idx.stats();
            say!(
                "{}: {} matters, {} departments",
                index.display(),
                s.matters,
                s.departments
            )?;
            say!(
                "terms {}  postings {}  (inlined in the FST: {})  lexicon words {}",
                s.terms,
                s.postings,
                s.inline_postings,
                s.lexicon_words
            )?;
            say!(
                "{:<14} {:>10} {:>7} {:>10}",
                "section",
                "bytes",
                "share",
                "gzip"
            )?;
            for (name, len) in &s.sections {
                let gz = section_gzip(&bytes, name, &idx);
                say!(
                    "{:<14} {:>10} {:>6.1}% {:>10}",
                    name,
                    len,
                    100.0 * *len as f64 / s.total_bytes as f64,
                    gz.map_or(String::new(), |g| g.to_string())
                )?;
            }
            say!(
                "{:<14} {:>10} {:>7} {:>10}",
                "total",
                s.total_bytes,
                "",
                if bytes.is_empty() {
                    String::new()
                } else {
                    gzip_len(&bytes).to_string()
                }
            )?;
            if s.files > 0 {
                say!(
                    "split index: {} files besides the root; sizes as stored (compressed)",
                    s.files
                )?;
            }
            Ok(0)
        }
        Cmd::Show { index, id } => {
            let (idx, _) = open_index(&index)?;
            match idx.matter_by_id(&id).map_err(|e| e.to_string())? {
                Some(m) => {
                    let json = serde_json::to_string_pretty(&m).map_err(|e| e.to_string())?;
                    say!("{}", terminal_text(&json, true))?;
                    Ok(0)
                }
                None => {
                    eprintln!("no matter with id {id:?}");
                    Ok(NOT_FOUND)
                }
            }
        }
        Cmd::Search {
            index,
            limit,
            offset,
            json,
            filters,
            query,
        } => {
            let (idx, _) = open_index(&index)?;
            let filters = filters.to_filters()?;
            // An unknown department or 服务对象 would silently find nothing.
            idx.check_filters(&filters)
                .map_err(|e| format!("--{}: {e}", e.filter))?;
            let make = |text: &str| {
                Query::new(text)
                    .limit(limit)
                    .offset(offset)
                    .filters(filters.clone())
            };
            let stdout = std::io::stdout();
            let mut out = stdout.lock();
            if query == "-" {
                let mut found = false;
                for line in std::io::stdin().lock().lines() {
                    let line = line.map_err(|e| format!("reading stdin: {e}"))?;
                    let res = idx.search(&make(&line));
                    found |= res.total > 0;
                    writeln!(
                        out,
                        "{}",
                        serde_json::to_string(&res).map_err(|e| e.to_string())?
                    )
                    .map_err(io_error)?;
                }
                return Ok(if found { 0 } else { NOT_FOUND });
            }
            let res = idx.search(&make(&query));
            if json {
                writeln!(
                    out,
                    "{}",
                    serde_json::to_string_pretty(&res).map_err(|e| e.to_string())?
                )
                .map_err(io_error)?;
            } else {
                print_results(&mut out, &res).map_err(io_error)?;
            }
            Ok(if res.total > 0 { 0 } else { NOT_FOUND })
        }
    }
}

/// A progress bar on stderr for long builds, unless `quiet` or stderr is
/// not a terminal (a pipe or a CI log gets no bar).
fn progress_bar(quiet: bool) -> Option<indicatif::ProgressBar> {
    use std::io::IsTerminal;
    if quiet || !std::io::stderr().is_terminal() {
        return None;
    }
    let bar = indicatif::ProgressBar::new(1);
    let style =
        indicatif::ProgressStyle::with_template("{msg:>14} [{bar:40}] {pos}/{len} {elapsed}")
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar());
    bar.set_style(style.progress_chars("=> "));
    Some(bar)
}

/// Opens a one-file index, or a split index (its folder or `entry.json`);
/// the bytes of a one-file index are returned too, for section sizes.
fn open_index(path: &PathBuf) -> Result<(Index<'static>, Vec<u8>), String> {
    if crate::index::split::is_split(path) {
        let idx =
            crate::index::split::open(path).map_err(|e| format!("{}: {e}", path.display()))?;
        return Ok((idx, Vec::new()));
    }
    let bytes = read(path)?;
    let idx = Index::from_vec(bytes.clone()).map_err(|e| format!("{}: {e}", path.display()))?;
    Ok((idx, bytes))
}

/// The gzip size of all chunks of a section of a one-file index.
fn section_gzip(bytes: &[u8], name: &str, _idx: &Index<'_>) -> Option<usize> {
    use crate::index::format::{read_u32, HEADER_LEN, TABLE_ENTRY};
    let body = bytes.get(HEADER_LEN..)?;
    let count = read_u32(body, 0)? as usize;
    let mut all = Vec::new();
    for i in 0..count {
        let at = 4 + i * TABLE_ENTRY;
        let tag = body.get(at..at + 4)?;
        if String::from_utf8_lossy(tag).trim_end() == name {
            let off = read_u32(body, at + 8)? as usize;
            let len = read_u32(body, at + 12)? as usize;
            all.extend_from_slice(body.get(off..off + len)?);
        }
    }
    (!all.is_empty()).then(|| gzip_len(&all))
}

/// Catalogue text made safe to print on a terminal: control characters
/// (C0, DEL, C1: ESC and CSI/OSC sequences clear screens and set window
/// titles) and the bidirectional overrides that reorder a line are written
/// as escapes. `json`: as JSON `\uXXXX` escapes, for text that is already
/// JSON (the same string for a JSON reader); else as `\u{X}`.
pub fn terminal_text(s: &str, json: bool) -> std::borrow::Cow<'_, str> {
    let unsafe_char =
        |c: char| c.is_control() || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}');
    if !s.chars().any(unsafe_char) {
        return std::borrow::Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if !unsafe_char(c) || (json && matches!(c, '\n')) {
            out.push(c);
        } else if json {
            out.push_str(&format!("\\u{:04x}", c as u32));
        } else {
            out.push_str(&format!("\\u{{{:x}}}", c as u32));
        }
    }
    std::borrow::Cow::Owned(out)
}

fn print_results(out: &mut impl Write, res: &SearchResults) -> std::io::Result<()> {
    let t = |s: &str| terminal_text(s, false).into_owned();
    writeln!(
        out,
        "{} match{} for {:?}{}",
        res.total,
        if res.total == 1 { "" } else { "es" },
        res.query,
        if res.partial {
            " (partial: not every word matched)"
        } else {
            ""
        }
    )?;
    for r in &res.rewrites {
        match r.via {
            Via::Intent | Via::Filler | Via::Colloquial | Via::Abbreviation => writeln!(
                out,
                "  read ({:?}) {:?} as {:?}",
                r.via,
                t(&r.from),
                t(&r.to.join("/"))
            )?,
            _ => writeln!(out, "  also searched ({:?}): {}", r.via, t(&r.text))?,
        }
    }
    for (i, h) in res.hits.iter().enumerate() {
        let mut name = String::new();
        let mut at = 0;
        for s in &h.highlights {
            name.push_str(&h.name[at..s.start]);
            name.push('【');
            name.push_str(&h.name[s.start..s.end]);
            name.push('】');
            at = s.end;
        }
        name.push_str(&h.name[at..]);
        let mut meta = Vec::new();
        if let Some(d) = &h.department {
            meta.push(t(d));
        }
        if let Some(k) = h.kind {
            meta.push(k.to_string());
        }
        if let Some(t) = &h.time_limit {
            let unit = if t.unit == "calendar" {
                "日"
            } else {
                "个工作日"
            };
            if let Some(d) = t.statutory_days {
                meta.push(format!("法定{d}{unit}"));
            }
            if let Some(d) = t.promised_days {
                meta.push(format!("承诺{d}{unit}"));
            }
        }
        if h.status != Status::Active {
            meta.push(h.status.as_str().to_string());
        }
        writeln!(
            out,
            "{:>3}. {}  [{}]  {}  score {:.2}",
            i + 1,
            t(&name),
            meta.join(" · "),
            t(&h.id),
            h.score
        )?;
        if let Some(s) = &h.snippet {
            writeln!(out, "     {}: {}", s.field, t(&s.text))?;
        }
    }
    Ok(())
}
