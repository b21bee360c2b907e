//! The JavaScript API: the shapes of its options and results, and (on
//! `wasm32`) the `wasm-bindgen` class `Catalogue` that the npm package
//! exports.
//!
//! The shapes live here on every target so that native tests can check
//! them and the parity tests can compare a native answer with the one the
//! browser gets, field by field. Keys are camelCase as JavaScript expects;
//! highlight ranges are UTF-16 offsets, so `name.slice(start, end)` is
//! right in JavaScript. Only `bindings` (on `wasm32`) touches `wasm-bindgen`.

#[cfg(target_arch = "wasm32")]
pub mod bindings;
pub mod due_date;
pub mod options;

pub use options::options_from_json;

use serde::{Deserialize, Deserializer, Serialize};

use crate::catalogue::{Kind, Status};
use crate::index::{json_str, Index, IndexStats};
use crate::search::{self, Filters, Query, RankingWeights, SearchResults};

/// The most hits one call returns: a page, not a dump (larger limits are
/// an error rather than a slow page).
pub const MAX_LIMIT: usize = 1000;

/// The second argument of `search`. Every key is optional; unknown keys
/// are an error so that a misspelt option does not pass silently.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SearchOptions {
    /// Hits per page (default 10, at most [`MAX_LIMIT`]).
    pub limit: Option<u32>,
    /// Hits to skip.
    pub offset: Option<u32>,
    /// `options.filters`: which matters qualify.
    pub filters: Option<FilterOptions>,
    /// `options.weights`: ranking knobs.
    pub weights: Option<WeightOptions>,
}

/// `options.filters`. Lists accept a single string too.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct FilterOptions {
    /// Department ids, names or aliases.
    #[serde(default, deserialize_with = "one_or_many")]
    pub department: Vec<String>,
    /// Matter types by their Chinese names (行政许可 …).
    #[serde(default, deserialize_with = "one_or_many")]
    pub kind: Vec<String>,
    /// 服务对象.
    #[serde(default, deserialize_with = "one_or_many")]
    pub target: Vec<String>,
    /// `active`, `abolished`, `delegated`.
    #[serde(default, deserialize_with = "one_or_many")]
    pub status: Vec<String>,
    /// `true`: free matters only.
    pub free: Option<bool>,
    /// `true`: charged matters only.
    pub charged: Option<bool>,
    /// `true`: matters handled online only.
    pub online: Option<bool>,
    /// The time a citizen waits (promised, else statutory) at most this.
    pub max_days: Option<u32>,
    /// 法定时限 at most this many working days.
    pub max_statutory_days: Option<u32>,
    /// 承诺时限 at most this many working days.
    pub max_promised_days: Option<u32>,
}

macro_rules! weight_options {
    ($($field:ident => $js:literal),* $(,)?) => {
        /// `options.weights`: any of [`RankingWeights`]' fields in camelCase;
        /// the rest keep their defaults.
        #[derive(Clone, Debug, Default, Deserialize)]
        #[serde(deny_unknown_fields)]
        pub struct WeightOptions {
            $(
                /// The [`RankingWeights`] field of this name.
                #[serde(rename = $js)]
                pub $field: Option<f32>,
            )*
        }

        impl WeightOptions {
            /// The option names, for messages.
            pub const KEYS: &'static str = concat!($($js, " "),*);

            /// Sets the weight named `key` (camelCase); false if unknown.
            pub fn set(&mut self, key: &str, v: f32) -> bool {
                match key {
                    $($js => { self.$field = Some(v); true })*
                    _ => false,
                }
            }

            fn apply(&self, w: &mut RankingWeights) -> Result<(), OptionsError> {
                $(if let Some(v) = self.$field {
                    if !v.is_finite() || v < 0.0 {
                        return Err(OptionsError(format!(
                            "options.weights.{}: expected a finite number ≥ 0",
                            $js
                        )));
                    }
                    w.$field = v;
                })*
                Ok(())
            }
        }
    };
}

weight_options! {
    name => "name", aliases => "aliases", forms => "forms", basis => "basis",
    conditions => "conditions", materials => "materials", procedure => "procedure",
    other => "other", department => "department", kind => "kind", code => "code",
    k1 => "k1", b => "b", name_prefix => "namePrefix", proximity => "proximity",
    inactive => "inactive",
}

/// A problem with the options passed to `search`, naming the option.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OptionsError(pub String);

impl std::fmt::Display for OptionsError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for OptionsError {}

fn one_or_many<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<String>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum OneOrMany {
        One(String),
        Many(Vec<String>),
    }
    Ok(match Option::<OneOrMany>::deserialize(d)? {
        None => Vec::new(),
        Some(OneOrMany::One(s)) => vec![s],
        Some(OneOrMany::Many(v)) => v,
    })
}

impl SearchOptions {
    /// The [`Query`] these options describe for `text`.
    pub fn to_query(&self, text: &str) -> Result<Query, OptionsError> {
        let limit = self.limit.unwrap_or(10) as usize;
        if limit > MAX_LIMIT {
            return Err(OptionsError(format!(
                "options.limit: at most {MAX_LIMIT}, got {limit}"
            )));
        }
        let mut q = Query::new(text)
            .limit(limit)
            .offset(self.offset.unwrap_or(0) as usize);
        if let Some(f) = &self.filters {
            q.filters = f.to_filters()?;
        }
        if let Some(w) = &self.weights {
            w.apply(&mut q.weights)?;
        }
        Ok(q)
    }
}

impl FilterOptions {
    fn to_filters(&self) -> Result<Filters, OptionsError> {
        let kinds = self
            .kind
            .iter()
            .map(|k| {
                Kind::parse(k).ok_or_else(|| {
                    let known: Vec<&str> = Kind::ALL.iter().map(|k| k.as_str()).collect();
                    OptionsError(format!(
                        "options.filters.kind: unknown matter type \"{k}\" (expected one of {})",
                        known.join(", ")
                    ))
                })
            })
            .collect::<Result<Vec<_>, _>>()?;
        let statuses = self
            .status
            .iter()
            .map(|s| match s.as_str() {
                "active" => Ok(Status::Active),
                "abolished" => Ok(Status::Abolished),
                "delegated" => Ok(Status::Delegated),
                _ => Err(OptionsError(format!(
                    "options.filters.status: unknown status \"{s}\" (expected active, abolished or delegated)"
                ))),
            })
            .collect::<Result<Vec<_>, _>>()?;
        let charged = match (self.free, self.charged) {
            (Some(true), Some(true)) => {
                return Err(OptionsError(
                    "options.filters: free and charged cannot both be true".into(),
                ))
            }
            (Some(true), _) => Some(false),
            (_, Some(true)) => Some(true),
            _ => None,
        };
        Ok(Filters {
            departments: self.department.clone(),
            kinds,
            targets: self.target.clone(),
            charged,
            max_statutory_days: self.max_statutory_days,
            max_promised_days: self.max_promised_days,
            max_days: self.max_days,
            online: self.online.filter(|&o| o),
            statuses,
        })
    }
}

/// A highlighted range of a string, in UTF-16 code units.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct JsSpan {
    /// UTF-16 offset of the start.
    pub start: usize,
    /// UTF-16 offset of the end (exclusive).
    pub end: usize,
}

/// `hit.timeLimit`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct JsTimeLimit {
    /// 法定办结时限.
    pub statutory_days: Option<u16>,
    /// 承诺办结时限.
    pub promised_days: Option<u16>,
    /// `working` or `calendar`.
    pub unit: &'static str,
}

/// `hit.snippet`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct JsSnippet {
    /// Which field the excerpt comes from (`conditions`, `basis` …).
    pub field: &'static str,
    /// The excerpt.
    pub text: String,
    /// Matched ranges of `text`.
    pub highlights: Vec<JsSpan>,
}

/// One hit as JavaScript sees it.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct JsHit {
    /// As [`crate::Hit::id`].
    pub id: String,
    /// As [`crate::Hit::name`].
    pub name: String,
    /// As [`crate::Hit::score`].
    pub score: f32,
    /// Why it ranks where it does (`exact_id`, `exact_name`, `name_phrase`,
    /// `phrase`, `words`, `partial`).
    pub tier: &'static str,
    /// How it was found: `direct` (the query as typed, traditional
    /// characters folded), `pinyin`, `synonym` or `typo`.
    pub via: &'static str,
    /// Department name.
    pub department: Option<String>,
    /// Department id, for `filters.department`.
    pub department_id: Option<String>,
    /// 事项类型 in Chinese (行政许可 …).
    pub kind: Option<&'static str>,
    /// `active`, `abolished` or `delegated`.
    pub status: &'static str,
    /// The time limits, when given.
    pub time_limit: Option<JsTimeLimit>,
    /// 即办件 or 承诺件, when given.
    pub case_type: Option<&'static str>,
    /// Whether a fee is charged, when the catalogue says.
    pub charged: Option<bool>,
    /// Whether it can be handled online.
    pub online: bool,
    /// Matched ranges of `name`.
    pub highlights: Vec<JsSpan>,
    /// Where the query matched outside the name.
    pub snippet: Option<JsSnippet>,
}

/// One facet value.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct JsFacet {
    /// Department id or kind name, as a filter takes it.
    pub value: String,
    /// What to show.
    pub label: String,
    /// Matters with this value.
    pub count: usize,
}

/// `results.facets`: counts per department and kind, each counted with
/// every filter except its own.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct JsFacets {
    /// Counts by department.
    pub department: Vec<JsFacet>,
    /// Counts by matter type.
    pub kind: Vec<JsFacet>,
}

/// What `search` returns.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct JsResults {
    /// The text searched (cut to the longest query looked at).
    pub query: String,
    /// Matches in all, not just this page.
    pub total: usize,
    /// Whether no matter had every word and these are partial matches.
    pub partial: bool,
    /// The words the query was cut into.
    pub words: Vec<String>,
    /// Other readings of the query that found matters (pinyin read as Han
    /// words, a synonym, a corrected typo), likeliest first.
    pub rewrites: Vec<JsRewrite>,
    /// This page of hits, best first.
    pub hits: Vec<JsHit>,
    /// Counts per department and kind.
    pub facets: JsFacets,
}

/// `results.rewrites[i]`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct JsRewrite {
    /// `pinyin`, `synonym` or `typo`.
    pub via: &'static str,
    /// The normalized text searched for (对外贸易 for `dwmy`).
    pub text: String,
    /// What was typed that was read otherwise (丢了, 公租房, 怎么办).
    pub from: String,
    /// What it was read as (遗失 补办 …; nothing for a filler dropped).
    pub to: Vec<String>,
}

fn via_name(v: search::Via) -> &'static str {
    match v {
        search::Via::Direct => "direct",
        search::Via::Pinyin => "pinyin",
        search::Via::Synonym => "synonym",
        search::Via::Typo => "typo",
        search::Via::Colloquial => "colloquial",
        search::Via::Abbreviation => "abbreviation",
        search::Via::Intent => "intent",
        search::Via::Filler => "filler",
    }
}

fn tier_name(t: search::MatchTier) -> &'static str {
    use search::MatchTier::*;
    match t {
        Partial => "partial",
        Words => "words",
        Phrase => "phrase",
        NamePhrase => "name_phrase",
        ExactName => "exact_name",
        ExactId => "exact_id",
    }
}

fn js_spans(s: &[crate::search::Span]) -> Vec<JsSpan> {
    s.iter()
        .map(|s| JsSpan {
            start: s.start_utf16,
            end: s.end_utf16,
        })
        .collect()
}

fn js_facets(f: Vec<crate::search::FacetCount>) -> Vec<JsFacet> {
    f.into_iter()
        .map(|f| JsFacet {
            value: f.value,
            label: f.label,
            count: f.count,
        })
        .collect()
}

impl From<SearchResults> for JsResults {
    fn from(r: SearchResults) -> Self {
        JsResults {
            query: r.query,
            total: r.total,
            partial: r.partial,
            words: r.words,
            rewrites: r
                .rewrites
                .into_iter()
                .map(|w| JsRewrite {
                    via: via_name(w.via),
                    text: w.text,
                    from: w.from,
                    to: w.to,
                })
                .collect(),
            hits: r
                .hits
                .into_iter()
                .map(|h| JsHit {
                    highlights: js_spans(&h.highlights),
                    snippet: h.snippet.map(|s| JsSnippet {
                        field: s.field,
                        highlights: js_spans(&s.highlights),
                        text: s.text,
                    }),
                    id: h.id,
                    name: h.name,
                    score: h.score,
                    tier: tier_name(h.tier),
                    via: via_name(h.via),
                    department: h.department,
                    department_id: h.department_id,
                    kind: h.kind.map(Kind::as_str),
                    status: h.status.as_str(),
                    time_limit: h.time_limit.map(|t| JsTimeLimit {
                        statutory_days: t.statutory_days,
                        promised_days: t.promised_days,
                        unit: t.unit,
                    }),
                    case_type: h.case_type,
                    charged: h.charged,
                    online: h.online,
                })
                .collect(),
            facets: JsFacets {
                department: js_facets(r.facets.department),
                kind: js_facets(r.facets.kind),
            },
        }
    }
}

impl JsResults {
    /// The results as JSON text, written by hand: the browser turns it into
    /// objects with one `JSON.parse`, several times faster than building
    /// them field by field across the boundary, and without a generic
    /// serializer (or float formatting) in the module. Equal, as JSON, to
    /// what `serde_json` makes of the same value (`tests/js_api.rs`).
    pub fn to_json(&self) -> String {
        let mut o = String::with_capacity(256 + self.hits.len() * 320);
        o.push_str("{\"query\":");
        json_str(&mut o, &self.query);
        o.push_str(",\"total\":");
        push_uint(&mut o, self.total as u64);
        o.push_str(",\"partial\":");
        o.push_str(if self.partial { "true" } else { "false" });
        o.push_str(",\"words\":");
        write_list(&mut o, &self.words, |o, w| json_str(o, w));
        o.push_str(",\"rewrites\":");
        write_list(&mut o, &self.rewrites, |o, w| {
            o.push_str("{\"via\":");
            json_str(o, w.via);
            o.push_str(",\"text\":");
            json_str(o, &w.text);
            o.push_str(",\"from\":");
            json_str(o, &w.from);
            o.push_str(",\"to\":");
            write_list(o, &w.to, |o, t| json_str(o, t));
            o.push('}');
        });
        o.push_str(",\"hits\":");
        write_list(&mut o, &self.hits, |o, h| h.write_json(o));
        o.push_str(",\"facets\":{\"department\":");
        write_facets(&mut o, &self.facets.department);
        o.push_str(",\"kind\":");
        write_facets(&mut o, &self.facets.kind);
        o.push_str("}}");
        o
    }
}

impl JsHit {
    fn write_json(&self, o: &mut String) {
        o.push_str("{\"id\":");
        json_str(o, &self.id);
        o.push_str(",\"name\":");
        json_str(o, &self.name);
        o.push_str(",\"score\":");
        push_f32(o, self.score);
        o.push_str(",\"tier\":");
        json_str(o, self.tier);
        o.push_str(",\"via\":");
        json_str(o, self.via);
        o.push_str(",\"department\":");
        opt_str(o, self.department.as_deref());
        o.push_str(",\"departmentId\":");
        opt_str(o, self.department_id.as_deref());
        o.push_str(",\"kind\":");
        opt_str(o, self.kind);
        o.push_str(",\"status\":");
        json_str(o, self.status);
        o.push_str(",\"timeLimit\":");
        match &self.time_limit {
            None => o.push_str("null"),
            Some(t) => {
                o.push_str("{\"statutoryDays\":");
                opt_uint(o, t.statutory_days);
                o.push_str(",\"promisedDays\":");
                opt_uint(o, t.promised_days);
                o.push_str(",\"unit\":");
                json_str(o, t.unit);
                o.push('}');
            }
        }
        o.push_str(",\"caseType\":");
        opt_str(o, self.case_type);
        o.push_str(",\"charged\":");
        o.push_str(match self.charged {
            None => "null",
            Some(true) => "true",
            Some(false) => "false",
        });
        o.push_str(",\"online\":");
        o.push_str(if self.online { "true" } else { "false" });
        o.push_str(",\"highlights\":");
        write_spans(o, &self.highlights);
        o.push_str(",\"snippet\":");
        match &self.snippet {
            None => o.push_str("null"),
            Some(s) => {
                o.push_str("{\"field\":");
                json_str(o, s.field);
                o.push_str(",\"text\":");
                json_str(o, &s.text);
                o.push_str(",\"highlights\":");
                write_spans(o, &s.highlights);
                o.push('}');
            }
        }
        o.push('}');
    }
}

/// A JSON array of `items`, each written by `item`.
fn write_list<T>(o: &mut String, items: &[T], mut item: impl FnMut(&mut String, &T)) {
    o.push('[');
    for (i, x) in items.iter().enumerate() {
        if i > 0 {
            o.push(',');
        }
        item(o, x);
    }
    o.push(']');
}

fn write_spans(o: &mut String, spans: &[JsSpan]) {
    write_list(o, spans, |o, s| {
        o.push_str("{\"start\":");
        push_uint(o, s.start as u64);
        o.push_str(",\"end\":");
        push_uint(o, s.end as u64);
        o.push('}');
    });
}

fn write_facets(o: &mut String, facets: &[JsFacet]) {
    write_list(o, facets, |o, f| {
        o.push_str("{\"value\":");
        json_str(o, &f.value);
        o.push_str(",\"label\":");
        json_str(o, &f.label);
        o.push_str(",\"count\":");
        push_uint(o, f.count as u64);
        o.push('}');
    });
}

fn opt_str(o: &mut String, s: Option<&str>) {
    match s {
        Some(s) => json_str(o, s),
        None => o.push_str("null"),
    }
}

fn opt_uint(o: &mut String, n: Option<u16>) {
    match n {
        Some(n) => push_uint(o, u64::from(n)),
        None => o.push_str("null"),
    }
}

fn push_uint(o: &mut String, mut n: u64) {
    let mut buf = [0u8; 20];
    let mut i = buf.len();
    loop {
        i -= 1;
        buf[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    for &b in &buf[i..] {
        o.push(b as char);
    }
}

/// Writes `x` with nine significant digits (`302276707e-8`), enough for
/// the number to read back as the same `f32`; JSON has no NaN, so a
/// non-finite score (never produced) is written as 0.
fn push_f32(o: &mut String, x: f32) {
    if !x.is_finite() || x == 0.0 {
        o.push('0');
        return;
    }
    let mut v = f64::from(x);
    if v < 0.0 {
        o.push('-');
        v = -v;
    }
    let mut exp = 0i32;
    while v >= 1e9 {
        v /= 10.0;
        exp += 1;
    }
    while v < 1e8 {
        v *= 10.0;
        exp -= 1;
    }
    let mut digits = v.round() as u64;
    if digits >= 1_000_000_000 {
        digits /= 10;
        exp += 1;
    }
    while digits % 10 == 0 {
        digits /= 10;
        exp += 1;
    }
    push_uint(o, digits);
    if exp != 0 {
        o.push('e');
        if exp < 0 {
            o.push('-');
        }
        push_uint(o, u64::from(exp.unsigned_abs()));
    }
}

/// What `stats` returns.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct JsStats {
    /// The catalogue's title.
    pub title: String,
    /// The catalogue's authority, if given.
    pub authority: Option<String>,
    /// The catalogue's version, if given.
    pub version: Option<String>,
    /// Matters indexed.
    pub matters: usize,
    /// Departments.
    pub departments: usize,
    /// Distinct terms.
    pub terms: usize,
    /// Postings over all terms.
    pub postings: usize,
    /// Words of the lexicon.
    pub lexicon_words: usize,
    /// Bytes of the index.
    pub total_bytes: usize,
    /// Section tag → bytes.
    pub sections: Vec<JsSection>,
}

/// One section of the index file.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct JsSection {
    /// The section's tag.
    pub name: String,
    /// Its size.
    pub bytes: usize,
}

/// One department, for building a filter menu.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct JsDepartment {
    /// Stable id, what `filters.department` takes.
    pub id: String,
    /// Official name.
    pub name: String,
    /// Short or former names.
    pub aliases: Vec<String>,
}

/// Runs `text` with JavaScript-style options, as the browser does.
pub fn search(
    index: &Index<'_>,
    text: &str,
    options: &SearchOptions,
) -> Result<JsResults, OptionsError> {
    Ok(index.search(&query_for(index, text, options)?).into())
}

/// The query `search` runs, refused when a filter names a department or
/// 服务对象 the index lacks (it would silently find nothing).
pub fn query_for(
    index: &Index<'_>,
    text: &str,
    options: &SearchOptions,
) -> Result<Query, OptionsError> {
    let q = options.to_query(text)?;
    index
        .check_filters(&q.filters)
        .map_err(|e| OptionsError(format!("options.filters.{}: {e}", e.filter)))?;
    Ok(q)
}

/// Counts and sizes, as the browser's `stats()` returns them.
pub fn stats(index: &Index<'_>) -> JsStats {
    let s: IndexStats = index.stats();
    JsStats {
        title: index.title().to_string(),
        authority: index.authority().map(str::to_string),
        version: index.version().map(str::to_string),
        matters: s.matters,
        departments: s.departments,
        terms: s.terms,
        postings: s.postings,
        lexicon_words: s.lexicon_words,
        total_bytes: s.total_bytes,
        sections: s
            .sections
            .into_iter()
            .map(|(name, bytes)| JsSection { name, bytes })
            .collect(),
    }
}

/// The departments of the index.
pub fn departments(index: &Index<'_>) -> Vec<JsDepartment> {
    index
        .departments()
        .iter()
        .map(|d| JsDepartment {
            id: d.id.clone(),
            name: d.name.clone(),
            aliases: d.aliases.clone(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn opts(json: &str) -> Result<SearchOptions, String> {
        serde_json::from_str(json).map_err(|e| e.to_string())
    }

    #[test]
    fn floats_read_back_as_the_same_f32() {
        for x in [
            3.022_767_f32,
            0.1,
            1.0,
            12.5,
            1e-7,
            123456.78,
            7.0e9,
            f32::MIN_POSITIVE,
            -2.5,
        ] {
            let mut s = String::new();
            push_f32(&mut s, x);
            let back: f64 = s.parse().unwrap();
            assert_eq!(back as f32, x, "{x} written as {s}");
        }
    }

    #[test]
    fn options_map_to_a_query() {
        let o = opts(
            r#"{"limit":5,"offset":10,"filters":{"department":"d1","kind":["行政许可"],
               "free":true,"online":true,"maxDays":20,"status":"active"},
               "weights":{"namePrefix":3}}"#,
        )
        .unwrap();
        let q = o.to_query("备案").unwrap();
        assert_eq!((q.limit, q.offset), (5, 10));
        assert_eq!(q.filters.departments, vec!["d1"]);
        assert_eq!(q.filters.kinds, vec![Kind::Licence]);
        assert_eq!(q.filters.charged, Some(false));
        assert_eq!(q.filters.online, Some(true));
        assert_eq!(q.filters.max_days, Some(20));
        assert_eq!(q.filters.statuses, vec![Status::Active]);
        assert_eq!(q.weights.name_prefix, 3.0);
        assert_eq!(q.weights.name, RankingWeights::default().name);
    }

    #[test]
    fn bad_options_name_the_option() {
        let e = opts(r#"{"limt":5}"#).unwrap_err();
        assert!(e.contains("limt"), "{e}");
        let e = opts(r#"{"filters":{"kind":["许可"]}}"#)
            .unwrap()
            .to_query("x")
            .unwrap_err();
        assert!(e.0.contains("options.filters.kind"), "{e}");
        let e = opts(r#"{"limit":100000}"#)
            .unwrap()
            .to_query("x")
            .unwrap_err();
        assert!(e.0.contains("options.limit"), "{e}");
        let e = opts(r#"{"weights":{"name":-1}}"#)
            .unwrap()
            .to_query("x")
            .unwrap_err();
        assert!(e.0.contains("options.weights.name"), "{e}");
        let e = opts(r#"{"filters":{"free":true,"charged":true}}"#)
            .unwrap()
            .to_query("x")
            .unwrap_err();
        assert!(e.0.contains("free and charged"), "{e}");
        assert!(opts(r#"{"limit":-1}"#).is_err());
        assert!(opts(r#"{"limit":"10"}"#).is_err());
    }
}
