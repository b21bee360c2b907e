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
    Ok(due.map(js_due))
}

/// `dueDateFor(statutoryDays, promisedDays, unit, submitted)`: the same
/// answer as `cat.dueDate` from a matter's `time_limit` as its record gives
/// it, with no index at hand (the widget has the record, and on a split
/// index this needs no file). `unit` is `"working"` (also when absent) or
/// `"calendar"`.
pub fn due_date_for(
    statutory_days: Option<u32>,
    promised_days: Option<u32>,
    unit: Option<&str>,
    submitted: &str,
) -> Result<Option<JsDue>, String> {
    let date = Date::parse(submitted).map_err(|e| format!("dueDateFor: submitted date: {e}"))?;
    let unit = match unit {
        None | Some("working") => DayUnit::Working,
        Some("calendar") => DayUnit::Calendar,
        Some(u) => {
            return Err(format!(
                "dueDateFor: unit {u:?} is not \"working\" or \"calendar\""
            ))
        }
    };
    crate::deadline::due(
        crate::calendar::Calendar::official(),
        date,
        statutory_days,
        promised_days,
        unit,
    )
    .map(|d| d.map(js_due))
    .map_err(|e| format!("dueDateFor: {e}"))
}

fn js_due(d: crate::deadline::Due) -> JsDue {
    JsDue {
        due: d.due.to_string(),
        working_days: d.working_days,
        days: d.days,
        unit: match d.unit {
            DayUnit::Working => "working",
            DayUnit::Calendar => "calendar",
        },
        basis: d.basis.as_str(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// From the record or from the index: one answer.
    #[test]
    fn due_date_for_answers_as_the_index() {
        let loaded = crate::Catalogue::load_files(
            &[concat!(env!("CARGO_MANIFEST_DIR"), "/data/mofcom.json")],
            &crate::LoadOptions::default(),
        )
        .expect("mofcom loads");
        let bytes = crate::IndexBuilder::new()
            .build(&loaded.catalogue)
            .expect("builds");
        let index = Index::from_bytes(&bytes).expect("opens");
        let mut limited = 0;
        for m in &loaded.catalogue.matters {
            let tl = m.time_limit.as_ref();
            let unit = tl.map(|t| match t.unit {
                DayUnit::Working => "working",
                DayUnit::Calendar => "calendar",
            });
            let from_record = due_date_for(
                tl.and_then(|t| t.statutory_days),
                tl.and_then(|t| t.promised_days),
                unit,
                "2026-04-28",
            );
            assert_eq!(
                from_record,
                due_date(&index, &m.id, "2026-04-28"),
                "{}",
                m.id
            );
            limited += usize::from(matches!(from_record, Ok(Some(_))));
        }
        assert!(limited > 10, "{limited} matters with a limit");
        assert!(due_date_for(Some(5), None, Some("weeks"), "2026-04-28").is_err());
        assert!(due_date_for(Some(5), None, None, "2026-4-28").is_err());
        assert_eq!(due_date_for(None, None, None, "2026-04-28"), Ok(None));
    }
}
