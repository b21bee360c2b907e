//! Problems found while loading or validating a catalogue.
//!
//! Loading never stops at the first problem: a catalogue is usually written
//! by hand or exported from a spreadsheet, and its author wants the whole list
//! of things to fix in one go.

use std::fmt;

/// How bad a [`Problem`] is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Severity {
    /// The catalogue cannot be used as it is.
    Error,
    /// Probably a mistake, but the catalogue still loads (unless strict).
    Warning,
}

impl Severity {
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
}

impl Problem {
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

impl std::error::Error for CatalogueError {}
