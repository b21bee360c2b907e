//! `matter-search deadline --index INDEX ID --submitted YYYY-MM-DD`: the
//! last day for a decision under the official calendar.

use std::path::PathBuf;

use clap::Args;

use crate::calendar::Date;
use crate::catalogue::DayUnit;

#[derive(Args, Debug)]
pub(super) struct DeadlineArgs {
    /// A one-file index, or a split index (its folder or `entry.json`).
    #[arg(long)]
    index: PathBuf,
    /// The matter's id.
    id: String,
    /// The day the application is submitted (accepted), YYYY-MM-DD; not counted.
    #[arg(long)]
    submitted: String,
    /// Print one JSON object: submitted, due, days, workingDays, unit, basis.
    #[arg(long)]
    json: bool,
}

pub(super) fn run(a: DeadlineArgs) -> Result<i32, String> {
    let submitted = Date::parse(&a.submitted).map_err(|e| format!("--submitted: {e}"))?;
    let (idx, _) = super::open_index(&a.index)?;
    let Some(doc) = idx.find_id(&a.id) else {
        eprintln!("no matter with id {:?}", a.id);
        return Ok(1);
    };
    let name = idx.doc(doc).map(|d| d.name.to_string()).unwrap_or_default();
    match idx.due_date(doc, submitted).map_err(|e| e.to_string())? {
        None => {
            if a.json {
                say!(r#"{{"submitted":"{submitted}","due":null}}"#)?;
            } else {
                say!("{name}: the catalogue gives no time limit")?;
            }
            Ok(0)
        }
        Some(due) if a.json => {
            say!("{}", due.to_json())?;
            Ok(0)
        }
        Some(due) => {
            let unit = match due.unit {
                DayUnit::Working => "个工作日",
                DayUnit::Calendar => "个自然日",
            };
            let basis = match due.basis {
                crate::deadline::LimitBasis::Promised => "承诺",
                crate::deadline::LimitBasis::Statutory => "法定",
            };
            if due.days == 0 {
                say!("{name}: 即办 — {} 当场办结", due.due)?;
            } else {
                say!(
                    "{name}: {submitted} 提交，{basis}时限 {}{unit}，最晚 {} 办结（不含受理当日；{} 个工作日）",
                    due.days, due.due, due.working_days
                )?;
            }
            Ok(0)
        }
    }
}
