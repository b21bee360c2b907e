//! Rules that hold on the typed model: required text, references between
//! matters, departments and forms, codes, dates and time limits.
//!
//! Type errors, unknown fields and unknown enum values cannot be expressed
//! in the typed model; they are found while walking the JSON (`load.rs`).
//! Everything here applies equally to catalogues built in code.

use std::collections::HashMap;

use super::error::{Problem, Severity};
use super::model::{Catalogue, Department, FormKind, Matter, Status};

/// Maps a path in the (possibly merged) catalogue to the file it came from.
pub(crate) trait Sites {
    /// `(source index, path inside that source)` for a merged path.
    fn translate(&self, merged: &str) -> (usize, String);
    /// File name of a source.
    fn file(&self, source: usize) -> &str;
    /// Whether the value at a merged path could not be read (it had an
    /// error of its own), so checks that depend on it would only add noise.
    fn unread(&self, _merged: &str) -> bool {
        false
    }
    /// Whether some matter id could not be read: "no such parent" may then
    /// be wrong.
    fn matter_ids_unread(&self) -> bool {
        false
    }
    /// Whether some department could not be read: "unknown department" may
    /// then be wrong.
    fn departments_unread(&self) -> bool {
        false
    }
}

/// A problem and the index of the source it belongs to (file names may
/// repeat, so the name alone is not enough to find its positions).
#[derive(Debug)]
pub(crate) struct Found {
    pub(crate) source: usize,
    pub(crate) problem: Problem,
}

/// A catalogue built in code: paths are its own, file `<catalogue>`.
struct InCode;

impl Sites for InCode {
    fn translate(&self, merged: &str) -> (usize, String) {
        (0, merged.to_string())
    }
    fn file(&self, _source: usize) -> &str {
        "<catalogue>"
    }
}

impl Catalogue {
    /// Validate an already-built Catalogue (e.g. made in code); same rules,
    /// paths relative to the catalogue, file `<catalogue>`.
    pub fn validate(&self) -> Vec<Problem> {
        check(self, &InCode)
            .into_iter()
            .map(|f| f.problem)
            .collect()
    }

    /// Find a department by id, name or alias (ids win over names, names
    /// over aliases, so a short id can never be shadowed).
    pub fn department(&self, key: &str) -> Option<&Department> {
        let d = &self.departments;
        d.iter()
            .find(|d| d.id == key)
            .or_else(|| d.iter().find(|d| d.name == key))
            .or_else(|| d.iter().find(|d| d.aliases.iter().any(|a| a == key)))
    }
}

/// Runs every typed rule over `cat`, in catalogue order.
pub(crate) fn check(cat: &Catalogue, sites: &dyn Sites) -> Vec<Found> {
    let mut c = Checker {
        sites,
        out: Vec::new(),
    };
    c.required("title", &cat.title);
    if cat.matters.is_empty() {
        c.error(
            "matters",
            "the catalogue has no matters; `matters` must be a non-empty array of matter objects",
        );
    }

    let mut dept_ids: HashMap<&str, usize> = HashMap::new();
    for (i, d) in cat.departments.iter().enumerate() {
        let p = format!("departments[{i}]");
        c.required(&format!("{p}.id"), &d.id);
        c.required(&format!("{p}.name"), &d.name);
        if d.id.trim().is_empty() {
            continue;
        }
        if let Some(&first) = dept_ids.get(d.id.as_str()) {
            let here = format!("{p}.id");
            let there = c.refer(&here, &format!("departments[{first}]"));
            c.error(
                &here,
                format!("duplicate department id {:?}; first used at {there}", d.id),
            );
        } else {
            dept_ids.insert(&d.id, i);
        }
    }

    let mut ids: HashMap<&str, usize> = HashMap::new();
    for (i, m) in cat.matters.iter().enumerate() {
        if m.id.trim().is_empty() {
            continue;
        }
        if let Some(&first) = ids.get(m.id.as_str()) {
            let here = format!("matters[{i}].id");
            let there = c.refer(&here, &format!("matters[{first}]"));
            c.error(
                &here,
                format!("duplicate matter id {:?}; first used at {there}", m.id),
            );
        } else {
            ids.insert(&m.id, i);
        }
    }

    for (i, m) in cat.matters.iter().enumerate() {
        check_matter(&mut c, cat, &ids, i, m);
    }
    check_parent_cycles(&mut c, cat, &ids);
    c.out
}

struct Checker<'a> {
    sites: &'a dyn Sites,
    out: Vec<Found>,
}

impl Checker<'_> {
    fn push(&mut self, severity: Severity, merged: &str, message: String) {
        let (source, path) = self.sites.translate(merged);
        self.out.push(Found {
            source,
            problem: Problem {
                severity,
                file: self.sites.file(source).to_string(),
                path,
                line: None,
                column: None,
                message,
                cause: None,
            },
        });
    }

    fn error(&mut self, merged: &str, message: impl Into<String>) {
        self.push(Severity::Error, merged, message.into());
    }

    fn warn(&mut self, merged: &str, message: impl Into<String>) {
        self.push(Severity::Warning, merged, message.into());
    }

    /// How a message mentions another spot: its path, prefixed with its file
    /// when that differs from the file of the problem.
    fn refer(&self, from: &str, other: &str) -> String {
        let (a, _) = self.sites.translate(from);
        let (b, path) = self.sites.translate(other);
        if a == b {
            path
        } else {
            format!("{} ({path})", self.sites.file(b))
        }
    }

    /// A required string must contain something other than whitespace.
    fn required(&mut self, merged: &str, value: &str) {
        if !value.trim().is_empty() {
            return;
        }
        let field = last_segment(merged);
        let message = if value.is_empty() {
            format!("`{field}` must not be empty")
        } else {
            format!("`{field}` contains only whitespace; it must not be empty")
        };
        self.error(merged, message);
    }
}

fn last_segment(path: &str) -> &str {
    match path.rfind('.') {
        Some(j) => &path[j + 1..],
        None => path,
    }
}

fn check_matter(
    c: &mut Checker,
    cat: &Catalogue,
    ids: &HashMap<&str, usize>,
    i: usize,
    m: &Matter,
) {
    let p = format!("matters[{i}]");
    c.required(&format!("{p}.id"), &m.id);
    c.required(&format!("{p}.name"), &m.name);

    if let Some(code) = &m.code {
        if let Err(why) = check_code(code) {
            c.error(
                &format!("{p}.code"),
                format!("malformed code {code:?}: {why}"),
            );
        }
    }

    if let Some(parent) = &m.parent {
        let at = format!("{p}.parent");
        if parent.trim().is_empty() {
            c.required(&at, parent);
        } else if *parent == m.id {
            c.error(
                &at,
                format!("a matter cannot be its own parent ({parent:?}); `parent` names the main item (主项) of a sub-item"),
            );
        } else if !ids.contains_key(parent.as_str()) && !c.sites.matter_ids_unread() {
            let hint = did_you_mean(parent, ids.keys().copied());
            c.error(
                &at,
                format!("parent {parent:?} is not the id of any matter in the catalogue{hint}"),
            );
        }
    }

    if let Some(dept) = &m.department {
        let at = format!("{p}.department");
        if dept.trim().is_empty() {
            c.required(&at, dept);
        } else if !cat.departments.is_empty()
            && cat.department(dept).is_none()
            && !c.sites.departments_unread()
        {
            let names = cat.departments.iter().flat_map(|d| {
                std::iter::once(d.id.as_str())
                    .chain(std::iter::once(d.name.as_str()))
                    .chain(d.aliases.iter().map(String::as_str))
            });
            let hint = did_you_mean(dept, names);
            let hint = if hint.is_empty() {
                let mut list: Vec<&str> = Vec::new();
                for d in &cat.departments {
                    if !d.id.trim().is_empty() && !list.contains(&d.id.as_str()) {
                        list.push(&d.id);
                    }
                }
                let more = if list.len() > 8 { ", …" } else { "" };
                list.truncate(8);
                format!(" (department ids: {}{more})", list.join(", "))
            } else {
                hint
            };
            c.error(
                &at,
                format!("unknown department {dept:?}; expected the id, name or alias of one of the catalogue's `departments`{hint}"),
            );
        }
    }

    for (k, b) in m.basis.iter().enumerate() {
        c.required(&format!("{p}.basis[{k}].title"), &b.title);
    }

    let mut forms: HashMap<&str, (usize, FormKind)> = HashMap::new();
    for (k, f) in m.forms.iter().enumerate() {
        let fp = format!("{p}.forms[{k}]");
        c.required(&format!("{fp}.id"), &f.id);
        c.required(&format!("{fp}.title"), &f.title);
        for (n, field) in f.fields.iter().enumerate() {
            c.required(&format!("{fp}.fields[{n}].label"), &field.label);
        }
        if f.id.trim().is_empty() {
            continue;
        }
        if let Some(&(first, _)) = forms.get(f.id.as_str()) {
            let here = format!("{fp}.id");
            c.error(
                &here,
                format!(
                    "duplicate form id {:?} in this matter; first used at {p}.forms[{first}]",
                    f.id
                ),
            );
        } else {
            forms.insert(&f.id, (k, f.kind));
        }
    }
    let forms_unread = c.sites.unread(&format!("{p}.forms"))
        || (0..m.forms.len()).any(|k| c.sites.unread(&format!("{p}.forms[{k}].id")));
    let form_list = || {
        if m.forms.is_empty() {
            " (this matter has no `forms`)".to_string()
        } else {
            let ids: Vec<&str> = m.forms.iter().map(|f| f.id.as_str()).collect();
            format!(" (its forms: {})", ids.join(", "))
        }
    };

    for (k, mat) in m.materials.iter().enumerate() {
        let mp = format!("{p}.materials[{k}]");
        c.required(&format!("{mp}.name"), &mat.name);
        for (field, target, want, other) in [
            (
                "blank_form",
                &mat.blank_form,
                FormKind::Blank,
                FormKind::Sample,
            ),
            (
                "sample_form",
                &mat.sample_form,
                FormKind::Sample,
                FormKind::Blank,
            ),
        ] {
            let Some(id) = target else { continue };
            let at = format!("{mp}.{field}");
            match forms.get(id.as_str()) {
                None if forms_unread => {}
                None => c.error(
                    &at,
                    format!("`{field}` {id:?} is not the id of a form of this matter; expected one of the matter's `forms`{}", form_list()),
                ),
                Some(&(k, kind))
                    if kind == other && !c.sites.unread(&format!("{p}.forms[{k}].kind")) =>
                {
                    c.error(
                    &at,
                    format!(
                        "`{field}` {id:?} points at a form of kind {:?} ({}); `{field}` must name a form of kind {:?} ({})",
                        form_kind_name(kind),
                        form_kind_cn(kind),
                        form_kind_name(want),
                        form_kind_cn(want)
                    ),
                    )
                }
                Some(_) => {}
            }
        }
    }

    for (k, s) in m.procedure.iter().enumerate() {
        c.required(&format!("{p}.procedure[{k}].step"), &s.step);
    }

    if let Some(t) = &m.time_limit {
        if let (Some(s), Some(pr)) = (t.statutory_days, t.promised_days) {
            if pr > s {
                c.error(
                    &format!("{p}.time_limit.promised_days"),
                    format!("promised time limit (承诺办结时限) of {pr} days exceeds the statutory limit (法定办结时限) of {s} days; a promise cannot be longer than the law allows"),
                );
            }
        }
    }

    if let Some(ct) = &m.case_type {
        let at = format!("{p}.case_type");
        if ct != "即办件" && ct != "承诺件" {
            c.warn(
                &at,
                format!("unusual case type {ct:?}; expected 即办件 (handled on the spot) or 承诺件 (handled within a promised time)"),
            );
        } else if ct == "即办件" {
            let t = m.time_limit.as_ref();
            let days = [
                ("promised_days", t.and_then(|t| t.promised_days)),
                ("statutory_days", t.and_then(|t| t.statutory_days)),
            ];
            if let Some((field, Some(n))) = days.into_iter().find(|(_, d)| d.unwrap_or(0) > 0) {
                c.warn(
                    &at,
                    format!("case type 即办件 (handled on the spot) but time_limit.{field} is {n}; 即办件 take 0 days: use 承诺件 or set the days to 0"),
                );
            }
        }
    }

    if let Some(url) = m.online.as_ref().and_then(|o| o.url.as_ref()) {
        let lower = url.get(..8).unwrap_or(url).to_ascii_lowercase();
        if !(lower.starts_with("http://") || lower.starts_with("https://")) {
            c.error(
                &format!("{p}.online.url"),
                format!("URL {url:?} must start with http:// or https://"),
            );
        }
    }

    for (k, f) in m.faq.iter().enumerate() {
        c.required(&format!("{p}.faq[{k}].question"), &f.question);
        c.required(&format!("{p}.faq[{k}].answer"), &f.answer);
    }

    if let Some(date) = &m.status_date {
        if let Err(why) = check_date(date) {
            c.error(
                &format!("{p}.status_date"),
                format!("malformed date {date:?}: {why}; expected YYYY, YYYY-MM or YYYY-MM-DD"),
            );
        }
    }
    if m.status != Status::Active && m.status_note.as_deref().is_none_or(|n| n.trim().is_empty()) {
        c.warn(
            &format!("{p}.status_note"),
            format!(
                "matter is {} but has no `status_note`; say what happened and where to go now",
                m.status.as_str()
            ),
        );
    }
}

/// Reports every matter whose chain of parents leads back to itself
/// (a matter naming itself is reported on its own, above).
fn check_parent_cycles(c: &mut Checker, cat: &Catalogue, ids: &HashMap<&str, usize>) {
    let n = cat.matters.len();
    let next: Vec<Option<usize>> = cat
        .matters
        .iter()
        .enumerate()
        .map(|(i, m)| {
            let p = m.parent.as_deref()?;
            ids.get(p).copied().filter(|&j| j != i)
        })
        .collect();
    // 0 = unvisited, 1 = on the current walk, 2 = done.
    let mut state = vec![0u8; n];
    let mut in_cycle = vec![false; n];
    for start in 0..n {
        let mut walk = Vec::new();
        let mut cur = Some(start);
        while let Some(i) = cur {
            match state[i] {
                0 => {
                    state[i] = 1;
                    walk.push(i);
                    cur = next[i];
                }
                1 => {
                    if let Some(from) = walk.iter().position(|&w| w == i) {
                        for &w in &walk[from..] {
                            in_cycle[w] = true;
                        }
                    }
                    break;
                }
                _ => break,
            }
        }
        for w in walk {
            state[w] = 2;
        }
    }
    for (i, m) in cat.matters.iter().enumerate() {
        if !in_cycle[i] {
            continue;
        }
        let mut chain = vec![m.id.as_str()];
        let mut cur = next[i];
        while let Some(j) = cur {
            chain.push(cat.matters[j].id.as_str());
            if j == i || chain.len() > 8 {
                break;
            }
            cur = next[j];
        }
        c.error(
            &format!("matters[{i}].parent"),
            format!(
                "the chain of parents loops back to this matter: {}",
                chain.join(" → ")
            ),
        );
    }
}

fn form_kind_name(k: FormKind) -> &'static str {
    match k {
        FormKind::Blank => "blank",
        FormKind::Sample => "sample",
    }
}

fn form_kind_cn(k: FormKind) -> &'static str {
    match k {
        FormKind::Blank => "空白表格",
        FormKind::Sample => "示范文本",
    }
}

/// A 基本编码 is exactly 12 ASCII digits; an 实施编码 extends it: longer than
/// 12 characters, ASCII letters, digits and '-', with at least 12 digits.
pub(crate) fn check_code(code: &str) -> Result<(), String> {
    if code.is_empty() {
        return Err("it is empty; expected a 12-digit 基本编码 or a longer 实施编码".into());
    }
    // Real catalogues carry lowercase letters in the 统一社会信用代码 part of an
    // 实施编码 (广安区 has one); codes match case-insensitively, so accept them.
    if let Some(ch) = code
        .chars()
        .find(|&ch| !(ch.is_ascii_alphanumeric() || ch == '-'))
    {
        return Err(format!(
            "contains {ch:?}, which is not an ASCII letter, digit or '-'"
        ));
    }
    let len = code.len();
    let digits = code.bytes().filter(u8::is_ascii_digit).count();
    if len == 12 && digits == 12 {
        Ok(())
    } else if len <= 12 {
        if digits == len {
            Err(format!(
                "has {len} digits; a 基本编码 has exactly 12 digits"
            ))
        } else {
            Err(format!("is {len} characters long and not all digits; a 基本编码 is exactly 12 digits and an 实施编码 is longer than 12 characters"))
        }
    } else if digits < 12 {
        Err(format!(
            "has only {digits} digits; an 实施编码 (longer than 12 characters) contains at least 12 digits"
        ))
    } else {
        Ok(())
    }
}

/// `YYYY`, `YYYY-MM` or `YYYY-MM-DD` with a real month and day.
pub(crate) fn check_date(s: &str) -> Result<(), String> {
    let parts: Vec<&str> = s.split('-').collect();
    let digits = |p: &str, n: usize| p.len() == n && p.bytes().all(|b| b.is_ascii_digit());
    if parts.len() > 3 || !digits(parts[0], 4) {
        return Err("not in the form YYYY, YYYY-MM or YYYY-MM-DD".into());
    }
    let year: u32 = parts[0].parse().map_err(|_| "bad year".to_string())?;
    let Some(month) = parts.get(1) else {
        return Ok(());
    };
    if !digits(month, 2) {
        return Err("the month must have two digits".into());
    }
    let month: u32 = month.parse().map_err(|_| "bad month".to_string())?;
    if !(1..=12).contains(&month) {
        return Err(format!("there is no month {month}"));
    }
    let Some(day) = parts.get(2) else {
        return Ok(());
    };
    if !digits(day, 2) {
        return Err("the day must have two digits".into());
    }
    let day: u32 = day.parse().map_err(|_| "bad day".to_string())?;
    let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    let days = match month {
        2 if leap => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    };
    if day == 0 || day > days {
        return Err(format!("month {month} of {year} has no day {day}"));
    }
    Ok(())
}

/// Optimal-string-alignment distance (a swap of neighbours is one edit), so
/// `nmae` suggests `name`.
pub(crate) fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let w = b.len() + 1;
    let mut d = vec![0usize; (a.len() + 1) * w];
    for (i, cell) in d.iter_mut().step_by(w).enumerate() {
        *cell = i;
    }
    for (j, cell) in d.iter_mut().take(w).enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut v = (d[(i - 1) * w + j] + 1)
                .min(d[i * w + j - 1] + 1)
                .min(d[(i - 1) * w + j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                v = v.min(d[(i - 2) * w + j - 2] + 1);
            }
            d[i * w + j] = v;
        }
    }
    d[a.len() * w + b.len()]
}

/// The candidate closest to `word`, if within 2 edits and closer than the
/// word's own length (so `x` does not suggest `id`).
pub(crate) fn closest<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let len = word.chars().count();
    let mut best: Option<(usize, &str)> = None;
    for cand in candidates {
        if cand == word || cand.is_empty() {
            continue;
        }
        // Cheap length filter first: big catalogues have many ids.
        if cand.chars().count().abs_diff(len) > 2 {
            continue;
        }
        let d = edit_distance(word, cand);
        if d <= 2 && d < len && best.is_none_or(|(b, _)| d < b) {
            best = Some((d, cand));
        }
    }
    best.map(|(_, c)| c)
}

/// `"; did you mean `x`?"` or nothing.
pub(crate) fn did_you_mean<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> String {
    closest(word, candidates)
        .map(|c| format!("; did you mean {c:?}?"))
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes() {
        assert!(check_code("110105001000").is_ok());
        assert!(check_code("11010500100001-ABC").is_ok());
        assert!(check_code("1101050010001").is_ok());
        assert!(check_code("11010500100").is_err());
        // Lowercase occurs in real 统一社会信用代码 parts (广安区).
        assert!(check_code("511F0045400001-511602000000-000-11511301452259996u-1-00").is_ok());
        assert!(check_code("11010500100a1").is_ok());
        assert!(check_code("ABC-1234").is_err());
        assert!(check_code("ABCDEFGHIJKLMN-1").is_err());
        assert!(check_code("110105 001000").is_err());
        assert!(check_code("").is_err());
    }

    #[test]
    fn dates() {
        assert!(check_date("2024").is_ok());
        assert!(check_date("2024-02").is_ok());
        assert!(check_date("2024-02-29").is_ok());
        assert!(check_date("2023-02-29").is_err());
        assert!(check_date("2023-13").is_err());
        assert!(check_date("2023-1-01").is_err());
        assert!(check_date("2023/01/01").is_err());
        assert!(check_date("2023-01-01-01").is_err());
        assert!(check_date("").is_err());
    }

    #[test]
    fn distances() {
        assert_eq!(edit_distance("nmae", "name"), 1);
        assert_eq!(edit_distance("fees", "fee"), 1);
        assert_eq!(edit_distance("", "ab"), 2);
        assert_eq!(closest("fees", ["fee", "faq"]), Some("fee"));
        assert_eq!(closest("x", ["id"]), None);
    }
}
