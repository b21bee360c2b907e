//! Queries and their results.
//!
//! A query is cut into *units* (the words of each CJK run, and each Latin
//! or number word). A matter matches a unit when the unit occurs as a
//! substring of one of its fields; all units are required, and when no
//! matter has them all the best partial matches are returned instead.
//! Ranking is BM25F over the fields with [`RankingWeights`], after tiers
//! that put an exact id or code first, then an exact name, then names that
//! contain every part of the query as typed.

mod check;
mod engine;
mod suggest;

pub use check::FilterError;

use serde::Serialize;

use crate::catalogue::{Kind, Status};
use crate::index::Field;

/// The most characters of a query that are looked at; longer input is cut
/// (a search box, not a document comparison).
pub const MAX_QUERY_CHARS: usize = 256;

/// What to look for, and which matters qualify.
#[derive(Clone, Debug, PartialEq)]
pub struct Query {
    /// What the user typed.
    pub text: String,
    /// How many hits to return.
    pub limit: usize,
    /// How many hits to skip (for paging).
    pub offset: usize,
    /// Which matters qualify.
    pub filters: Filters,
    /// Ranking knobs.
    pub weights: RankingWeights,
}

impl Query {
    /// A query with default limit (10), no filters and default weights.
    pub fn new(text: impl Into<String>) -> Query {
        Query {
            text: text.into(),
            limit: 10,
            offset: 0,
            filters: Filters::default(),
            weights: RankingWeights::default(),
        }
    }

    /// How many hits to return.
    pub fn limit(mut self, n: usize) -> Query {
        self.limit = n;
        self
    }

    /// How many hits to skip (paging).
    pub fn offset(mut self, n: usize) -> Query {
        self.offset = n;
        self
    }

    /// Which matters qualify; see [`crate::Index::check_filters`] for values taken from users.
    pub fn filters(mut self, f: Filters) -> Query {
        self.filters = f;
        self
    }

    /// Ranking knobs other than the defaults.
    pub fn weights(mut self, w: RankingWeights) -> Query {
        self.weights = w;
        self
    }
}

/// Restrictions on which matters qualify. Empty lists mean "any".
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Filters {
    /// Department ids, names or aliases; a matter qualifies if its
    /// department is any of them.
    pub departments: Vec<String>,
    /// Matter types.
    pub kinds: Vec<Kind>,
    /// 服务对象: a matter qualifies if it serves any of them.
    pub targets: Vec<String>,
    /// `Some(false)`: free only; `Some(true)`: charged only. Matters whose
    /// fee is not given never pass either.
    pub charged: Option<bool>,
    /// Statutory time limit at most this many working days (matters
    /// without one fail). Every day filter counts working days: a limit
    /// the catalogue gives in calendar days (`"unit": "calendar"`) counts
    /// as ⌈days × 5 / 7⌉ working days.
    pub max_statutory_days: Option<u32>,
    /// Promised time limit at most this many working days (matters without
    /// one fail).
    pub max_promised_days: Option<u32>,
    /// The time limit a citizen waits for (promised if given, else
    /// statutory) at most this many working days.
    pub max_days: Option<u32>,
    /// Only matters that can be handled online.
    pub online: Option<bool>,
    /// Statuses to include; empty means all (abolished matters stay
    /// findable so that a search explains what happened to them).
    pub statuses: Vec<Status>,
}

/// Ranking knobs, documented field by field. Field weights multiply a
/// field's term frequency before BM25 saturation (BM25F); the bonuses are
/// added after it. They order hits within a tier; before tiers, hits found
/// as typed come before those found only through pinyin, a synonym or a
/// corrected typo at the same strength (see [`Via`]), which is not a knob.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct RankingWeights {
    /// 事项名称: by far the most telling field.
    pub name: f32,
    /// 俗称 / 曾用名.
    pub aliases: f32,
    /// Titles of blank forms and samples.
    pub forms: f32,
    /// Titles of laws and regulations in 设定依据.
    pub basis: f32,
    /// 受理条件.
    pub conditions: f32,
    /// Names of 申请材料.
    pub materials: f32,
    /// 办理流程.
    pub procedure: f32,
    /// Article texts, FAQ, notes and other text.
    pub other: f32,
    /// The department's name and aliases.
    pub department: f32,
    /// The matter type (行政许可 …).
    pub kind: f32,
    /// The matter's id and code (partial code matches).
    pub code: f32,
    /// BM25 term-frequency saturation.
    pub k1: f32,
    /// BM25 length normalization (0 = none, 1 = full).
    pub b: f32,
    /// Added when the name starts with the query.
    pub name_prefix: f32,
    /// Added for each pair of consecutive query words found close together
    /// in the name, divided by one plus the characters between them.
    pub proximity: f32,
    /// Score multiplier for abolished or delegated matters.
    pub inactive: f32,
}

impl Default for RankingWeights {
    fn default() -> Self {
        RankingWeights {
            name: 12.0,
            aliases: 8.0,
            forms: 4.0,
            basis: 3.0,
            conditions: 2.0,
            materials: 1.5,
            procedure: 1.2,
            other: 1.0,
            department: 1.0,
            kind: 0.5,
            code: 2.0,
            k1: 1.2,
            b: 0.75,
            name_prefix: 2.0,
            proximity: 1.0,
            inactive: 0.8,
        }
    }
}

impl RankingWeights {
    pub(crate) fn field(&self, f: Field) -> f32 {
        match f {
            Field::Name => self.name,
            Field::Alias => self.aliases,
            Field::Form => self.forms,
            Field::Basis => self.basis,
            Field::Condition => self.conditions,
            Field::Material => self.materials,
            Field::Procedure => self.procedure,
            Field::Other => self.other,
            Field::Department => self.department,
            Field::Kind => self.kind,
        }
    }
}

/// A highlighted range, in both UTF-8 bytes (Rust) and UTF-16 code units
/// (JavaScript's `str.slice`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Span {
    /// UTF-8 byte offset of the start.
    pub start: usize,
    /// UTF-8 byte offset of the end (exclusive).
    pub end: usize,
    /// UTF-16 offset of the start, for `String.prototype.slice`.
    pub start_utf16: usize,
    /// UTF-16 offset of the end (exclusive).
    pub end_utf16: usize,
}

/// An excerpt of the best-matching field other than the name.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Snippet {
    /// Which field it comes from (`conditions`, `basis` …).
    pub field: &'static str,
    /// The excerpt, with `…` where it was cut.
    pub text: String,
    /// Matched ranges of `text`.
    pub highlights: Vec<Span>,
}

/// The time limit as a hit shows it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct TimeLimitSummary {
    /// 法定办结时限.
    pub statutory_days: Option<u16>,
    /// 承诺办结时限.
    pub promised_days: Option<u16>,
    /// `working` or `calendar`.
    pub unit: &'static str,
}

/// Why a hit ranks where it does, strongest first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum MatchTier {
    /// Some but not all query words matched (fallback).
    Partial = 0,
    /// Every word matched somewhere.
    Words = 1,
    /// Every part of the query occurs as typed in some field.
    Phrase = 2,
    /// Every part of the query occurs as typed in the name.
    NamePhrase = 3,
    /// The name is the query.
    ExactName = 4,
    /// The query is the matter's id or code.
    ExactId = 5,
}

/// How a hit was found: from the query as typed (traditional characters
/// folded to simplified ones), or from another reading of it. Matters
/// found as typed rank before those found only another way.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Via {
    /// The query as typed.
    Direct,
    /// Pinyin (full, initials or mixed) read as the catalogue's Han words.
    Pinyin,
    /// A term replaced by a synonym from the index's synonym groups.
    Synonym,
    /// A typing error corrected (a Latin word, or pinyin).
    Typo,
    /// An everyday name read as the formal term it names (公租房 as
    /// 公共租赁住房), from the index's everyday-names lexicon.
    Colloquial,
    /// An abbreviation the catalogue does not use read in full (社保卡 as
    /// 社会保障卡), walked along the catalogue's own words.
    Abbreviation,
    /// Rewrites only: an intent word read as the catalogue's words for
    /// the act (丢了 as 遗失 补办 …). Its hits are `Direct`.
    Intent,
    /// Rewrites only: a question or filler word dropped (怎么办).
    Filler,
}

/// A reading of the query other than as typed that found matters, or a
/// word of it read otherwise (an intent word, a filler dropped).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Rewrite {
    /// Which kind of reading.
    pub via: Via,
    /// The normalized query it searched for (对外贸易 for `dwmy`).
    pub text: String,
    /// What was typed that was read otherwise: the word (丢了, 公租房,
    /// 怎么办), or the whole normalized query for pinyin, synonyms and
    /// typos.
    pub from: String,
    /// What it was read as (遗失 补办 …; 公共租赁住房; nothing for a filler).
    pub to: Vec<String>,
}

/// One matter in the results.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Hit {
    /// Document number inside the index.
    pub doc: u32,
    /// The matter's id, for [`crate::Index::matter_by_id`] and links.
    pub id: String,
    /// The matter's name.
    pub name: String,
    /// BM25F score with bonuses; orders hits within a tier.
    pub score: f32,
    /// Why it ranks where it does (before the score).
    pub tier: MatchTier,
    /// How it was found; hits found as typed come first.
    pub via: Via,
    /// Department name.
    pub department: Option<String>,
    /// Department id, for a filter.
    pub department_id: Option<String>,
    /// 事项类型.
    pub kind: Option<Kind>,
    /// Active, abolished or delegated (abolished matters stay findable).
    pub status: Status,
    /// The time limits, when the catalogue gives them.
    pub time_limit: Option<TimeLimitSummary>,
    /// 即办件 / 承诺件.
    pub case_type: Option<&'static str>,
    /// Whether a fee is charged, when the catalogue says.
    pub charged: Option<bool>,
    /// Whether it can be handled online.
    pub online: bool,
    /// Matched ranges of `name`.
    pub highlights: Vec<Span>,
    /// Where the query matched outside the name, if it did.
    pub snippet: Option<Snippet>,
}

/// One facet value with its count.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct FacetCount {
    /// Department id or kind name.
    pub value: String,
    /// Display label.
    pub label: String,
    /// Matters with this value.
    pub count: usize,
}

/// Counts per department and per kind over the matches. Each facet is
/// counted with every filter applied except its own, so choosing one
/// department still shows how many matches the others have.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Facets {
    /// Counts by department.
    pub department: Vec<FacetCount>,
    /// Counts by matter type.
    pub kind: Vec<FacetCount>,
}

/// The answer to a [`Query`].
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SearchResults {
    /// The text searched: what was typed, cut to [`MAX_QUERY_CHARS`].
    pub query: String,
    /// Matches in all (after filters), not just this page.
    pub total: usize,
    /// This page of hits, best first.
    pub hits: Vec<Hit>,
    /// Counts per department and kind.
    pub facets: Facets,
    /// The words the query was cut into.
    pub words: Vec<String>,
    /// Other readings of the query that found matters (pinyin, synonyms,
    /// corrected typos, everyday names), likeliest first within each kind,
    /// then the intent words and fillers of the query as read.
    pub rewrites: Vec<Rewrite>,
    /// True when no matter had every word and these are partial matches.
    pub partial: bool,
}

impl SearchResults {
    /// No answer yet: a split index without a loader lacks files the
    /// query needs ([`crate::Index::take_missing`] names them).
    pub(crate) fn unanswered(query: String) -> SearchResults {
        SearchResults {
            query,
            total: 0,
            hits: Vec::new(),
            facets: Facets::default(),
            words: Vec::new(),
            rewrites: Vec::new(),
            partial: false,
        }
    }
}
