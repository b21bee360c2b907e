//! The last day for a decision, counted as the law counts it.
//!
//! 《中华人民共和国行政许可法》第四十二条 sets the time limit "自受理行政许可
//! 申请之日起" (from the day the application is accepted) and 第八十二条 says
//! that its periods "以工作日计算，不含法定节假日" (are counted in working
//! days, statutory holidays excluded). As for every period counted in days,
//! the day it starts from is not counted (《中华人民共和国民法典》第二百零一条).
//! So a limit of N working days ends on the N-th working day after the day
//! of acceptance, under the official calendar with its make-up working days
//! (调休, see [`crate::calendar`]).
//!
//! A limit in calendar days (自然日) ends N days after that day; when that
//! day is a rest day, on the next working day (民法典 第二百零三条: "期间的最后
//! 一日是法定休假日的，以法定休假日结束的次日为期间的最后一日"). A limit of
//! 0 days (即办) ends on the day itself.
//!
//! This module depends on the holiday table only; [`Index::due_date`]
//! applies it to a matter of an index.
//!
//! ```
//! use matter_search::calendar::{Calendar, Date};
//! use matter_search::catalogue::DayUnit;
//! use matter_search::deadline::last_day;
//!
//! // Submitted on Friday 2025-09-26, 5 working days: Sunday 09-28 is a
//! // make-up working day (1), then 09-29 and 09-30 (2, 3), the National Day
//! // holiday 10-01 to 10-08, then 10-09 (4) and 10-10 (5).
//! let due = last_day(Calendar::official(), Date::parse("2025-09-26")?, 5, DayUnit::Working)?;
//! assert_eq!(due.to_string(), "2025-10-10");
//! # Ok::<(), matter_search::calendar::CalendarError>(())
//! ```
//!
//! [`Index::due_date`]: crate::index::Index::due_date

mod matter;

use crate::calendar::{Calendar, CalendarError, Date};
use crate::catalogue::DayUnit;

/// Which of a matter's limits a due date was counted from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LimitBasis {
    /// 承诺办结时限: the office's own, shorter promise.
    Promised,
    /// 法定办结时限: the limit set by law.
    Statutory,
}

impl LimitBasis {
    /// `promised` or `statutory`, as the JSON of a due date says.
    pub fn as_str(self) -> &'static str {
        match self {
            LimitBasis::Promised => "promised",
            LimitBasis::Statutory => "statutory",
        }
    }
}

/// A computed due date.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Due {
    /// The day the application was submitted (accepted), not counted.
    pub submitted: Date,
    /// The last day for a decision.
    pub due: Date,
    /// The limit, in `unit`.
    pub days: u32,
    /// Whether `days` are working or calendar days.
    pub unit: DayUnit,
    /// Working days from the day after submission to `due`, both included.
    pub working_days: u32,
    /// Which limit `days` is: promised if the catalogue gives one, else statutory.
    pub basis: LimitBasis,
}

impl Due {
    /// One JSON object: `{"submitted", "due", "days", "workingDays", "unit", "basis"}`.
    pub fn to_json(&self) -> String {
        let unit = match self.unit {
            DayUnit::Working => "working",
            DayUnit::Calendar => "calendar",
        };
        format!(
            r#"{{"submitted":"{}","due":"{}","days":{},"workingDays":{},"unit":"{unit}","basis":"{}"}}"#,
            self.submitted,
            self.due,
            self.days,
            self.working_days,
            self.basis.as_str()
        )
    }
}

/// The last day of a limit of `days` in `unit` that starts on `submitted`
/// (not counted). Every day walked must be in the calendar.
pub fn last_day(
    cal: &Calendar,
    submitted: Date,
    days: u32,
    unit: DayUnit,
) -> Result<Date, CalendarError> {
    cal.day(submitted)?;
    if days == 0 {
        return Ok(submitted);
    }
    match unit {
        DayUnit::Working => {
            let mut d = submitted;
            let mut left = days;
            while left > 0 {
                d = d.add_days(1);
                if cal.is_working_day(d)? {
                    left -= 1;
                }
            }
            Ok(d)
        }
        DayUnit::Calendar => {
            let mut d = submitted.add_days(days as i64);
            while !cal.is_working_day(d)? {
                d = d.add_days(1);
            }
            Ok(d)
        }
    }
}

/// Working days in `(from, to]`.
pub fn working_days_between(cal: &Calendar, from: Date, to: Date) -> Result<u32, CalendarError> {
    let mut n = 0;
    let mut d = from;
    while d < to {
        d = d.add_days(1);
        if cal.is_working_day(d)? {
            n += 1;
        }
    }
    Ok(n)
}

/// The due date of a limit: the promised days when given, else the
/// statutory ones; `None` when neither is.
pub fn due(
    cal: &Calendar,
    submitted: Date,
    statutory_days: Option<u32>,
    promised_days: Option<u32>,
    unit: DayUnit,
) -> Result<Option<Due>, CalendarError> {
    let (days, basis) = match (promised_days, statutory_days) {
        (Some(p), _) => (p, LimitBasis::Promised),
        (None, Some(s)) => (s, LimitBasis::Statutory),
        (None, None) => return Ok(None),
    };
    let due = last_day(cal, submitted, days, unit)?;
    Ok(Some(Due {
        submitted,
        due,
        days,
        unit,
        working_days: working_days_between(cal, submitted, due)?,
        basis,
    }))
}
