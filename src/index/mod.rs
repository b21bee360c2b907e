//! The index: built once, read in place, in one file or split in many.
//!
//! An index is a set of *chunks* (term dictionary ranges with their
//! postings, passage maps, column ranges, record ranges …). A one-file index
//! holds every chunk in one container; a split index holds the small ones
//! in a root file and writes each other chunk to a content-named file that
//! is read only when a query needs it. [`Index::from_bytes`] checks the
//! header and checksum and slices the table; nothing is decoded up front.
//! Every read is bounds-checked: a corrupt file yields an [`IndexError`],
//! never a panic.

mod builder;
pub mod format;
mod fst_check;
mod reader;
#[cfg(not(target_arch = "wasm32"))]
pub mod split;

pub use builder::{Chunks, IndexBuilder, DEFAULT_TERM_FREQ};
pub use reader::{Columns, DepartmentEntry, Doc, Index, IndexStats};

use std::fmt;

use crate::catalogue::CatalogueError;

/// The fields a matter's text is indexed under, in descending weight.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[repr(u8)]
pub enum Field {
    /// 事项名称.
    Name = 0,
    /// 俗称 / 曾用名.
    Alias = 1,
    /// Titles of blank forms and samples.
    Form = 2,
    /// Titles (and articles) of laws and regulations in 设定依据.
    Basis = 3,
    /// 受理条件.
    Condition = 4,
    /// Names of 申请材料.
    Material = 5,
    /// Steps of 办理流程.
    Procedure = 6,
    /// Everything else worth finding: article texts, FAQ, notes, targets …
    Other = 7,
    /// The department's name and aliases (from the department table).
    Department = 8,
    /// The matter type (from the kind column).
    Kind = 9,
}

/// Number of fields whose text is stored per document.
pub const TEXT_FIELDS: usize = 8;

impl Field {
    /// Every field, in the order of their numbers in the file.
    pub const ALL: [Field; 10] = [
        Field::Name,
        Field::Alias,
        Field::Form,
        Field::Basis,
        Field::Condition,
        Field::Material,
        Field::Procedure,
        Field::Other,
        Field::Department,
        Field::Kind,
    ];

    /// The field numbered `b` in the file, if any.
    pub fn from_u8(b: u8) -> Option<Field> {
        Field::ALL.get(b as usize).copied()
    }

    /// Stable lower-case name used in results and JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Field::Name => "name",
            Field::Alias => "aliases",
            Field::Form => "forms",
            Field::Basis => "basis",
            Field::Condition => "conditions",
            Field::Material => "materials",
            Field::Procedure => "procedure",
            Field::Other => "other",
            Field::Department => "department",
            Field::Kind => "kind",
        }
    }
}

/// Why index bytes could not be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum IndexError {
    /// Not an index file at all.
    NotAnIndex,
    /// Written by a different, incompatible version.
    Version {
        /// The file's format version.
        found: u32,
        /// The version this build reads.
        supported: u32,
    },
    /// Built with a different analyzer; queries would be cut differently.
    AnalyzerVersion {
        /// The analyzer version the file was built with.
        found: u32,
        /// The version this build's analyzer has.
        supported: u32,
    },
    /// Shorter than its header says.
    Truncated {
        /// Bytes the header announces.
        expected: usize,
        /// Bytes there are.
        found: usize,
    },
    /// The body's checksum does not match.
    Checksum {
        /// The checksum the header records.
        expected: u32,
        /// The checksum of the bytes there are.
        found: u32,
    },
    /// Structurally invalid content, with where and what.
    Corrupt(String),
    /// Files of a split index that are missing, or a writer that failed.
    Io(String),
    /// A file of a split index could not be read or written.
    File {
        /// The file, as given.
        path: String,
        /// The I/O error, for `source()`.
        cause: crate::catalogue::Cause,
    },
}

impl fmt::Display for IndexError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            IndexError::NotAnIndex => write!(f, "not a matter-search index (bad magic bytes)"),
            IndexError::Version { found, supported } => write!(
                f,
                "index format version {found} is not supported (this build reads version {supported}); rebuild the index"
            ),
            IndexError::AnalyzerVersion { found, supported } => write!(
                f,
                "index was built with analyzer version {found}, this build uses {supported}; rebuild the index"
            ),
            IndexError::Truncated { expected, found } => {
                write!(f, "index is truncated: expected {expected} bytes, found {found}")
            }
            IndexError::Checksum { expected, found } => write!(
                f,
                "index is corrupt: body checksum is {found:08x}, header says {expected:08x}"
            ),
            IndexError::Corrupt(m) => write!(f, "index is corrupt: {m}"),
            IndexError::Io(m) => write!(f, "{m}"),
            IndexError::File { path, cause } => write!(f, "{path}: {cause}"),
        }
    }
}

impl std::error::Error for IndexError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            IndexError::File { cause, .. } => Some(cause.get()),
            _ => None,
        }
    }
}

impl IndexError {
    /// The error for a file of a split index that could not be read or
    /// written (the browser's loader fetches instead: native only).
    #[cfg(not(target_arch = "wasm32"))]
    pub(crate) fn file(path: &std::path::Path, e: std::io::Error) -> IndexError {
        IndexError::File {
            path: path.display().to_string(),
            cause: crate::catalogue::Cause::new(e),
        }
    }
}

/// Why an index could not be built.
#[derive(Debug)]
pub enum BuildError {
    /// The catalogue has errors; every one is listed.
    Invalid(CatalogueError),
    /// Lines of a user dictionary that could not be read.
    UserDictionary(Vec<String>),
    /// Lines of a synonym file that could not be read.
    Synonyms(Vec<String>),
    /// Lines of an everyday-names lexicon that could not be read.
    Colloquial(Vec<String>),
    /// Beyond what the format can hold.
    TooLarge(String),
}

impl fmt::Display for BuildError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BuildError::Invalid(e) => write!(f, "{e}"),
            BuildError::UserDictionary(lines) => {
                write!(f, "bad user dictionary:\n{}", lines.join("\n"))
            }
            BuildError::Synonyms(lines) => {
                write!(f, "bad synonym file:\n{}", lines.join("\n"))
            }
            BuildError::Colloquial(lines) => {
                write!(f, "bad everyday-names lexicon:\n{}", lines.join("\n"))
            }
            BuildError::TooLarge(m) => write!(f, "catalogue too large for the index format: {m}"),
        }
    }
}

/// An invalid catalogue's cause (see [`CatalogueError`]'s `source()`).
impl std::error::Error for BuildError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            BuildError::Invalid(e) => Some(e),
            _ => None,
        }
    }
}

impl From<CatalogueError> for BuildError {
    fn from(e: CatalogueError) -> Self {
        BuildError::Invalid(e)
    }
}

impl From<crate::bytes::DecodeError> for IndexError {
    fn from(e: crate::bytes::DecodeError) -> Self {
        IndexError::Corrupt(e.0)
    }
}

/// Folds full-width ASCII forms to ASCII and letters to lower case.
pub(crate) fn fold_identifier_char(c: char) -> char {
    let c = match c as u32 {
        0xFF01..=0xFF5E => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        _ => c,
    };
    c.to_ascii_lowercase()
}

/// Appends `s` as a JSON string literal.
#[doc(hidden)]
pub fn json_str(out: &mut String, s: &str) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if (c as u32) < 0x20 => {
                const HEX: &[u8; 16] = b"0123456789abcdef";
                out.push_str("\\u00");
                out.push(HEX[(c as usize) >> 4] as char);
                out.push(HEX[(c as usize) & 15] as char);
            }
            c => out.push(c),
        }
    }
    out.push('"');
}
