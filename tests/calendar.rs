//! The official calendar and due dates over real holiday periods of 2025
//! and 2026 (国务院办公厅关于2025年/2026年部分节假日安排的通知).
// Native only: wasm-pack test builds every test target for wasm32, and
// the chinese_holiday dev-dependency is native only.
#![cfg(not(target_arch = "wasm32"))]

use matter_search::calendar::{Calendar, CalendarError, Date, OFFICIAL_TABLE};
use matter_search::catalogue::DayUnit;
use matter_search::deadline::{due, last_day, LimitBasis};
use matter_search::{Catalogue, Index, IndexBuilder, LoadOptions};

fn d(s: &str) -> Date {
    Date::parse(s).unwrap_or_else(|e| panic!("{e}"))
}

fn working(submitted: &str, days: u32) -> String {
    match last_day(Calendar::official(), d(submitted), days, DayUnit::Working) {
        Ok(x) => x.to_string(),
        Err(e) => format!("error: {e}"),
    }
}

fn calendar(submitted: &str, days: u32) -> String {
    match last_day(Calendar::official(), d(submitted), days, DayUnit::Calendar) {
        Ok(x) => x.to_string(),
        Err(e) => format!("error: {e}"),
    }
}

/// The committed table is what the maintained crate says, day by day.
#[test]
fn table_matches_the_chinese_holiday_crate() {
    let cal = Calendar::parse(OFFICIAL_TABLE).expect("table reads");
    let (first, last) = cal.covers();
    assert!(
        first <= d("2025-01-01") && last >= d("2026-12-25"),
        "{first} {last}"
    );
    let mut day = first;
    while day <= last {
        let ymd = chinese_holiday::Ymd::new(day.year as u16, day.month, day.day);
        assert_eq!(
            cal.is_working_day(day),
            Ok(chinese_holiday::chinese_holiday(ymd).is_workday()),
            "{day}"
        );
        day = day.add_days(1);
    }
}

#[test]
fn the_2025_and_2026_arrangements() {
    let cal = Calendar::official();
    let w = |s: &str| cal.is_working_day(d(s)).expect("covered");
    // 2025 春节: 1.28–2.4 off, Sunday 1.26 and Saturday 2.8 worked.
    assert!(w("2025-01-26") && w("2025-02-08") && w("2025-02-05"));
    assert!(!w("2025-01-28") && !w("2025-02-04") && !w("2025-01-25"));
    // 2025 国庆节、中秋节: 10.1–10.8 off, Sunday 9.28 and Saturday 10.11 worked.
    assert!(w("2025-09-28") && w("2025-10-11") && w("2025-10-09"));
    assert!(!w("2025-10-01") && !w("2025-10-08"));
    // 2026 春节: 2.15–2.23 off, Saturdays 2.14 and 2.28 worked.
    assert!(w("2026-02-14") && w("2026-02-28") && !w("2026-02-23"));
    // 2026 中秋节 9.25–27, 国庆节 10.1–10.7; Sunday 9.20 and Saturday 10.10 worked.
    assert!(w("2026-09-20") && w("2026-10-10") && !w("2026-09-25") && !w("2026-10-07"));
    assert_eq!(
        cal.day(d("2026-10-10")).map(|x| x.festival),
        Ok(Some("国庆节"))
    );
}

#[test]
fn just_before_national_day() {
    // 2025: Friday 9.26; 9.28 (Sunday, worked) 9.29 9.30, then 10.9 10.10.
    assert_eq!(working("2025-09-26", 3), "2025-09-30");
    assert_eq!(working("2025-09-26", 4), "2025-10-09");
    assert_eq!(working("2025-09-26", 5), "2025-10-10");
    assert_eq!(working("2025-09-30", 1), "2025-10-09");
    // 行政许可法 第四十二条's 20 days from Tuesday 2025-09-30.
    // 10.9 10.10 10.11 (Saturday, worked), 10.13 … 11.4.
    assert_eq!(working("2025-09-30", 20), "2025-11-04");
    // 2026: Monday 9.28 (the widget's example); 9.29 9.30, then 10.8 10.9 10.10.
    assert_eq!(working("2026-09-28", 2), "2026-09-30");
    assert_eq!(working("2026-09-28", 3), "2026-10-08");
    assert_eq!(working("2026-09-24", 1), "2026-09-28");
}

#[test]
fn just_before_spring_festival() {
    // 2025: Friday 1.24; 1.26 (Sunday, worked) 1.27, then 2.5 2.6 2.7 2.8 (Saturday, worked).
    assert_eq!(working("2025-01-24", 1), "2025-01-26");
    assert_eq!(working("2025-01-24", 3), "2025-02-05");
    assert_eq!(working("2025-01-24", 20), "2025-02-27");
    // 2026: Friday 2.13; 2.14 (Saturday, worked), then 2.24 … 2.27, 2.28 (Saturday, worked).
    assert_eq!(working("2026-02-13", 2), "2026-02-24");
    assert_eq!(working("2026-02-13", 5), "2026-02-27");
}

#[test]
fn a_limit_that_ends_on_a_make_up_saturday() {
    assert_eq!(working("2025-10-09", 2), "2025-10-11");
    assert_eq!(working("2026-02-13", 1), "2026-02-14");
    assert_eq!(working("2026-02-13", 6), "2026-02-28");
    assert_eq!(working("2026-09-28", 5), "2026-10-10");
    // An ordinary Saturday is not counted.
    assert_eq!(working("2025-10-16", 2), "2025-10-20");
}

#[test]
fn calendar_day_limits() {
    // 30 days from Monday 2026-03-02: Wednesday 04-01, a working day.
    assert_eq!(calendar("2026-03-02", 30), "2026-04-01");
    // Ending on a Saturday: moved to Monday (民法典 第二百零三条).
    assert_eq!(calendar("2026-03-04", 3), "2026-03-09");
    // Ending inside the National Day holiday: the day after it ends.
    assert_eq!(calendar("2025-09-26", 5), "2025-10-09");
    // Ending on a make-up Saturday: that day stands.
    assert_eq!(calendar("2025-10-01", 10), "2025-10-11");
    // Calendar days count holidays: 10 days across Spring Festival 2026.
    assert_eq!(calendar("2026-02-10", 10), "2026-02-24");
}

#[test]
fn on_the_spot() {
    // 即办: the day itself, even on a holiday.
    assert_eq!(working("2025-10-03", 0), "2025-10-03");
    assert_eq!(calendar("2026-02-16", 0), "2026-02-16");
    let x = due(
        Calendar::official(),
        d("2026-09-28"),
        Some(20),
        Some(0),
        DayUnit::Working,
    )
    .expect("covered")
    .expect("has a limit");
    assert_eq!(
        (x.due, x.days, x.working_days, x.basis),
        (d("2026-09-28"), 0, 0, LimitBasis::Promised)
    );
}

#[test]
fn dates_outside_the_table_are_errors() {
    let (_, last) = Calendar::official().covers();
    assert!(matches!(
        last_day(Calendar::official(), d("2027-03-01"), 1, DayUnit::Working),
        Err(CalendarError::NotCovered { .. })
    ));
    assert!(matches!(
        last_day(Calendar::official(), d("2019-12-31"), 0, DayUnit::Working),
        Err(CalendarError::NotCovered { .. })
    ));
    // A count that runs past the table's end is an error too, never a guess.
    let e = last_day(
        Calendar::official(),
        last.add_days(-3),
        10,
        DayUnit::Working,
    );
    let msg = e.expect_err("runs past the table").to_string();
    assert!(
        msg.contains("outside the official holiday calendar"),
        "{msg}"
    );
}

#[test]
fn index_due_date_uses_the_promised_else_statutory_limit() {
    let json = r#"{"title": "t", "matters": [
      {"id": "a", "name": "甲事项", "time_limit": {"statutory_days": 20, "promised_days": 5, "unit": "working"}},
      {"id": "b", "name": "乙事项", "time_limit": {"statutory_days": 20}},
      {"id": "c", "name": "丙事项", "time_limit": {"statutory_days": 30, "unit": "calendar"}},
      {"id": "e", "name": "丁事项"}
    ]}"#;
    let cat = Catalogue::from_json_str(json, "t.json", &LoadOptions::default())
        .expect("loads")
        .catalogue;
    let bytes = IndexBuilder::new().build(&cat).expect("builds");
    let index = Index::from_bytes(&bytes).expect("opens");
    let at = |id: &str| {
        let doc = index.find_id(id).expect("id");
        index.due_date(doc, d("2026-09-28")).expect("covered")
    };
    let a = at("a").expect("limit");
    assert_eq!(
        (a.due, a.basis, a.working_days),
        (d("2026-10-10"), LimitBasis::Promised, 5)
    );
    assert_eq!(
        a.to_json(),
        r#"{"submitted":"2026-09-28","due":"2026-10-10","days":5,"workingDays":5,"unit":"working","basis":"promised"}"#
    );
    let b = at("b").expect("limit");
    assert_eq!((b.due, b.basis), (d("2026-10-30"), LimitBasis::Statutory));
    let c = at("c").expect("limit");
    // 30 calendar days from 9.28: 10.28, a Wednesday.
    assert_eq!((c.due, c.unit), (d("2026-10-28"), DayUnit::Calendar));
    assert_eq!(at("e"), None);
}
