//! Catalogues of government service matters (政务服务事项): the typed model,
//! loading from JSON with precise problems, and validation.
//!
//! `docs/catalogue-format.md` documents the format and every rule.

mod error;
mod load;
pub mod model;
mod positions;
#[cfg(feature = "spreadsheet")]
pub mod spreadsheet;
mod validate;

pub use error::{CatalogueError, Cause, Problem, Severity};
pub use load::{LoadOptions, Loaded};
pub use model::*;
