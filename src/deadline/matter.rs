//! [`Index::due_date`]: a matter's due date from its stored columns.
//!
//! Only the public [`Index::columns`] is used, so this stays out of the
//! index format.

use super::{due, Due};
use crate::calendar::{Calendar, CalendarError, Date};
use crate::catalogue::DayUnit;
use crate::index::Index;

impl Index<'_> {
    /// The last day for a decision on matter `doc` submitted on
    /// `submitted`, under the official calendar: its promised limit (承诺
    /// 办结时限), else its statutory one (法定办结时限); `Ok(None)` when the
    /// matter gives neither. An error when a day of the count lies outside
    /// the holiday table.
    pub fn due_date(&self, doc: u32, submitted: Date) -> Result<Option<Due>, CalendarError> {
        let c = self.columns(doc);
        let unit = if c.calendar_days {
            DayUnit::Calendar
        } else {
            DayUnit::Working
        };
        due(
            Calendar::official(),
            submitted,
            c.statutory_days.map(u32::from),
            c.promised_days.map(u32::from),
            unit,
        )
    }
}
