//! Filter values the index cannot match. A filter naming a department or a
//! 服务对象 that no matter has would silently find nothing, which reads as
//! "no such matter" to the user; the CLI, the JavaScript API and Rust
//! callers ask [`Index::check_filters`] first and show the error instead.
//! Kinds and statuses are enums, so their unknown spellings are refused
//! where the text is parsed (`Kind::parse`, the options reader).

use std::fmt;

use super::Filters;
use crate::index::Index;

/// A filter value no matter of the index has, with the values it does
/// have and those close to the one given.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FilterError {
    /// Which filter: `department` or `target`.
    pub filter: &'static str,
    /// The value given.
    pub value: String,
    /// Known values that contain it, or that it contains (a part of a
    /// department's name, or a name with something added).
    pub did_you_mean: Vec<String>,
    /// Every value the index has, as shown (departments with their id).
    pub known: Vec<String>,
}

impl fmt::Display for FilterError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (what, plural) = match self.filter {
            "department" => ("department", "departments"),
            _ => ("服务对象 (target)", "targets"),
        };
        write!(f, "no {what} {:?} in this index", self.value)?;
        if !self.did_you_mean.is_empty() {
            write!(f, "; did you mean {}?", self.did_you_mean.join(" or "))?;
        }
        if self.known.is_empty() {
            write!(f, " (the index has no {plural})")
        } else {
            write!(f, " ({plural}: {})", self.known.join(", "))
        }
    }
}

impl std::error::Error for FilterError {}

/// The known names that contain `w` or are contained in it.
fn close<'a>(w: &str, names: impl Iterator<Item = &'a str>) -> Vec<String> {
    if w.is_empty() {
        return Vec::new();
    }
    names
        .filter(|n| n.contains(w) || w.contains(n))
        .map(str::to_string)
        .collect()
}

impl Index<'_> {
    /// The first department or target filter value that no matter of this
    /// index has (as id, name or alias for a department, as spelt for a
    /// target), as an error naming the known values. [`Index::search`]
    /// itself never fails, so callers that take filters from a user call
    /// this first.
    ///
    /// ```
    /// # use matter_search::{Catalogue, Filters, IndexBuilder, Index};
    /// # let cat: Catalogue = serde_json::from_str(r#"{"title":"t","matters":[{"id":"a","name":"技术出口合同登记","targets":["企业法人"]}]}"#).unwrap();
    /// # let bytes = IndexBuilder::new().build(&cat).unwrap();
    /// let index = Index::from_bytes(&bytes)?;
    /// let f = Filters { targets: vec!["企业".into()], ..Default::default() };
    /// let e = index.check_filters(&f).unwrap_err();
    /// assert_eq!(e.to_string(), "no 服务对象 (target) \"企业\" in this index; did you mean 企业法人? (targets: 企业法人)");
    /// # Ok::<(), matter_search::IndexError>(())
    /// ```
    pub fn check_filters(&self, f: &Filters) -> Result<(), FilterError> {
        let depts = self.departments();
        for w in &f.departments {
            if depts
                .iter()
                .any(|d| d.id == *w || d.name == *w || d.aliases.contains(w))
            {
                continue;
            }
            return Err(FilterError {
                filter: "department",
                value: w.clone(),
                did_you_mean: close(w, depts.iter().map(|d| d.name.as_str())),
                known: depts
                    .iter()
                    .map(|d| format!("{} ({})", d.name, d.id))
                    .collect(),
            });
        }
        let targets = self.targets();
        for w in &f.targets {
            if targets.contains(w) {
                continue;
            }
            return Err(FilterError {
                filter: "target",
                value: w.clone(),
                did_you_mean: close(w, targets.iter().map(String::as_str)),
                known: targets.to_vec(),
            });
        }
        Ok(())
    }
}
