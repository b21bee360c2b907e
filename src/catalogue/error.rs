//! Problems found while loading or validating a catalogue.
//!
//! Loading never stops at the first problem: a catalogue is usually written
//! by hand or exported from a spreadsheet, and its author wants the whole list
//! of things to fix in one go.

use std::fmt;
use std::sync::Arc;

/// How bad a [`Problem`] is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Severity {
    /// The catalogue cannot be used as it is.
    Error,
    /// Probably a mistake, but the catalogue still loads (unless strict).
    Warning,
}

impl Severity {
    /// `error` or `warning`, as printed.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One thing wrong with a catalogue, located as precisely as we can.
#[derive(Clone, Debug, PartialEq)]
pub struct Problem {
    /// Whether it stops the catalogue from loading.
    pub severity: Severity,
    /// File name as given, `<input>` for a string, `<catalogue>` for a
    /// catalogue built in code.
    pub file: String,
    /// JSON path such as `matters[12].time_limit.promised_days`; empty for
    /// the whole document.
    pub path: String,
    /// 1-based line, when the problem comes from a source text.
    pub line: Option<usize>,
    /// 1-based column in characters (not bytes, so that it matches editors
    /// on Chinese text).
    pub column: Option<usize>,
    /// What is wrong and what is expected, in English.
    pub message: String,
    /// The error underneath, when one was reported to us (the file could
    /// not be read, serde_json's syntax error, the workbook reader's …), for
    /// callers that walk `std::error::Error::source()`.
    pub cause: Option<Cause>,
}

/// The error a [`Problem`] comes from, shared so that problems stay
/// `Clone`, behind one thin pointer so that a `Result<_, Problem>` stays
/// small. Two causes are equal when they read the same: problems are
/// compared by what they say.
#[derive(Clone, Debug)]
pub struct Cause(Arc<BoxedError>);

type BoxedError = Box<dyn std::error::Error + Send + Sync + 'static>;

impl Cause {
    /// Keeps `e` as the cause.
    pub fn new(e: impl std::error::Error + Send + Sync + 'static) -> Cause {
        Cause(Arc::new(Box::new(e)))
    }

    /// The error itself.
    pub fn get(&self) -> &(dyn std::error::Error + Send + Sync + 'static) {
        &**self.0
    }
}

impl PartialEq for Cause {
    fn eq(&self, other: &Cause) -> bool {
        self.0.to_string() == other.0.to_string()
    }
}

impl Eq for Cause {}

impl fmt::Display for Cause {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

impl Problem {
    /// The same problem, with `e` as its [`Problem::cause`].
    pub fn caused_by(mut self, e: impl std::error::Error + Send + Sync + 'static) -> Problem {
        self.cause = Some(Cause::new(e));
        self
    }

    /// Whether it stops loading (an error, or a warning under `strict`).
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

/// `file:line:col: severity: path: message`, the shape compilers use, so
/// editors and terminals can jump to the spot.
impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.file)?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
            if let Some(column) = self.column {
                write!(f, ":{column}")?;
            }
        }
        write!(f, ": {}: ", self.severity)?;
        if !self.path.is_empty() {
            write!(f, "{}: ", self.path)?;
        }
        f.write_str(&self.message)
    }
}

/// A catalogue that cannot be loaded: every problem found, in file order:
/// the errors (under `strict`, warnings promoted to errors among them) and
/// the warnings beside them ([`Problem::is_error`] tells them apart).
#[derive(Clone, Debug, PartialEq)]
pub struct CatalogueError {
    /// Every problem found, in file order.
    pub problems: Vec<Problem>,
}

/// One problem per line, no trailing newline.
impl fmt::Display for CatalogueError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, p) in self.problems.iter().enumerate() {
            if i > 0 {
                f.write_str("\n")?;
            }
            write!(f, "{p}")?;
        }
        Ok(())
    }
}

/// The cause of the first problem that has one, errors before warnings.
impl std::error::Error for CatalogueError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        let first = |errors: bool| {
            self.problems
                .iter()
                .filter(|p| p.is_error() == errors)
                .find_map(|p| p.cause.as_ref())
        };
        first(true)
            .or_else(|| first(false))
            .map(|c| c.get() as &(dyn std::error::Error + 'static))
    }
}
