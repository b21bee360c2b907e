//! `cat.dueDate(id, "YYYY-MM-DD")`: its answer's shape and its checks, on
//! every target (the `wasm-bindgen` method is in `bindings/deadline.rs`).

use serde::Serialize;

use crate::calendar::Date;
use crate::catalogue::DayUnit;
use crate::index::Index;

/// `{ due, workingDays, days, unit, basis }`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct JsDue {
    /// The last day for a decision, `YYYY-MM-DD`.
    pub due: String,
    /// Working days from the day after submission to `due`, both included.
    pub working_days: u32,
    /// The limit counted, in `unit`.
    pub days: u32,
    /// `"working"` or `"calendar"`.
    pub unit: &'static str,
    /// `"promised"` (承诺时限) or `"statutory"` (法定时限).
    pub basis: &'static str,
}

/// The due date of matter `id` submitted on `submitted`; `Ok(None)` when
/// the matter has no time limit (or no such matter); `Err` names what was
/// wrong with the date.
pub fn due_date(index: &Index<'_>, id: &str, submitted: &str) -> Result<Option<JsDue>, String> {
    let date = Date::parse(submitted).map_err(|e| format!("dueDate: submitted date: {e}"))?;
    let Some(doc) = index.find_id(id) else {
        return Ok(None);
    };
    let due = index
        .due_date(doc, date)
        .map_err(|e| format!("dueDate: {e}"))?;
    Ok(due.map(|d| JsDue {
        due: d.due.to_string(),
        working_days: d.working_days,
        days: d.days,
        unit: match d.unit {
            DayUnit::Working => "working",
            DayUnit::Calendar => "calendar",
        },
        basis: d.basis.as_str(),
    }))
}
