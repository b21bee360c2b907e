//! `matter-search guide --index INDEX ID -o guide.html`: one matter's
//! service guide (办事指南) as a standalone, printable HTML page.

use std::path::PathBuf;

use clap::Args;

use crate::calendar::Date;
use crate::guide::{guide_html, GuideContext};

#[derive(Args, Debug)]
pub(super) struct GuideArgs {
    /// A one-file index, or a split index (its folder or `entry.json`).
    #[arg(long)]
    index: PathBuf,
    /// The matter's id.
    id: String,
    /// Where to write the HTML.
    #[arg(short, long)]
    output: PathBuf,
    /// Also print the last day for a decision on an application submitted
    /// that day (YYYY-MM-DD).
    #[arg(long)]
    submitted: Option<String>,
}

pub(super) fn run(a: GuideArgs) -> Result<i32, String> {
    let (idx, _) = super::open_index(&a.index)?;
    let Some(doc) = idx.find_id(&a.id) else {
        eprintln!("no matter with id {:?}", a.id);
        return Ok(1);
    };
    let m = idx.matter(doc).map_err(|e| e.to_string())?;
    let department = idx
        .columns(doc)
        .department
        .and_then(|d| idx.departments().get(d as usize))
        .map(|d| d.name.clone());
    let due = match &a.submitted {
        Some(s) => {
            let d = Date::parse(s).map_err(|e| format!("--submitted: {e}"))?;
            idx.due_date(doc, d).map_err(|e| e.to_string())?
        }
        None => None,
    };
    let html = guide_html(
        &m,
        &GuideContext {
            catalogue: idx.title(),
            department: department.as_deref(),
            due,
        },
    );
    std::fs::write(&a.output, html)
        .map_err(|e| format!("cannot write {}: {e}", a.output.display()))?;
    say!("wrote {}: {}", a.output.display(), m.name)?;
    Ok(0)
}
