//! # matter-search
//!
//! Instant search over catalogues of government approval matters
//! (行政审批事项 / 政务服务事项): Chinese words, substrings and codes, with
//! no search server. The same index file and the same code answer queries
//! natively and in WebAssembly.
//!
//! Data flows one way:
//!
//! ```text
//! catalogue JSON ──▶ Catalogue ──▶ IndexBuilder ──▶ index bytes ──▶ Index ──▶ Query ──▶ Hit
//!   (validated, every     (one analyzer: normalize,   (one file,     (read in place,
//!    problem with its      segment, shared with the    versioned,     no parse step)
//!    JSON path)            query path)                 checksummed)
//! ```
//!
//! # Example
//!
//! ```
//! use matter_search::{Catalogue, Index, IndexBuilder, LoadOptions, Query};
//!
//! let json = r#"{
//!   "title": "商务部政务大厅",
//!   "matters": [
//!     {"id": "tech-export", "name": "技术出口合同登记", "kind": "行政确认"},
//!     {"id": "dual-use", "name": "两用物项和技术出口许可", "kind": "行政许可",
//!      "time_limit": {"statutory_days": 45, "unit": "working"}}
//!   ]
//! }"#;
//! let cat = Catalogue::from_json_str(json, "example.json", &LoadOptions::default())?.catalogue;
//! let bytes = IndexBuilder::new().build(&cat)?;
//!
//! // `bytes` is what you write to disk or serve to a browser.
//! let index = Index::from_bytes(&bytes)?;
//! let results = index.search(&Query::new("两用物项"));
//! assert_eq!(results.total, 1);
//! let hit = &results.hits[0];
//! assert_eq!(hit.id, "dual-use");
//! // Highlights are byte ranges (for Rust) and UTF-16 ranges (for JS).
//! let h = hit.highlights[0];
//! assert_eq!(&hit.name[h.start..h.end], "两用物项");
//!
//! // Any substring of two or more characters finds every matter containing it.
//! assert_eq!(index.search(&Query::new("出口")).total, 2);
//!
//! // The whole record is stored too, for a detail view.
//! let m = index.matter_by_id("dual-use")?.unwrap();
//! assert_eq!(m.time_limit.unwrap().statutory_days, Some(45));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # Pinyin, traditional characters, synonyms, typos
//!
//! Built with the `dict` feature (on in the command-line tool), an index
//! also stores the small tables the query path needs to read pinyin,
//! traditional characters and synonyms (only what this catalogue uses), so
//! the browser carries no pinyin or OpenCC table. Each hit says how it was
//! found, and matters found as typed rank first.
//!
//! ```
//! # #[cfg(feature = "dict")] {
//! use matter_search::{Catalogue, Index, IndexBuilder, LoadOptions, Query, Via};
//!
//! let json = r#"{"title": "商务部政务大厅", "matters": [
//!   {"id": "tech-export", "name": "技术出口合同登记"},
//!   {"id": "dual-use", "name": "两用物项和技术出口许可"}
//! ]}"#;
//! let cat = Catalogue::from_json_str(json, "example.json", &LoadOptions::default())?.catalogue;
//! let mut builder = IndexBuilder::new();
//! builder.synonyms("两用物项 军民两用\n", "synonyms.txt")?;
//! let bytes = builder.build(&cat)?;
//! let index = Index::from_bytes(&bytes)?;
//!
//! for q in ["liangyongwuxiang", "lywx", "两用wx"] {
//!     let hit = &index.search(&Query::new(q)).hits[0];
//!     assert_eq!((hit.id.as_str(), hit.via), ("dual-use", Via::Pinyin));
//! }
//! // Traditional characters: the same hits, in the same order, as typed.
//! let hit = &index.search(&Query::new("兩用物項")).hits[0];
//! assert_eq!((hit.id.as_str(), hit.via), ("dual-use", Via::Direct));
//! // A synonym group from the synonyms file.
//! let hit = &index.search(&Query::new("军民两用")).hits[0];
//! assert_eq!((hit.id.as_str(), hit.via), ("dual-use", Via::Synonym));
//! // A typing error in a Latin word or in pinyin.
//! let hit = &index.search(&Query::new("jishuchukuo")).hits[0];
//! assert_eq!((hit.id.as_str(), hit.via), ("tech-export", Via::Typo));
//! # }
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # Layers
//!
//! * [`catalogue`]: the data model and its validation.
//! * [`analysis`]: normalization and segmentation, the one analyzer, and
//!   the readings of a query other than as typed (pinyin, synonyms, typos).
//! * [`index`]: the file format, its builder and its reader.
//! * [`search`]: queries, filters, ranking and results.
//! * [`calendar`] and [`deadline`]: China's official working-day calendar
//!   and the last day for a decision (`Index::due_date`).
//! * [`wasm`]: the JavaScript API (its shapes on every target, the
//!   `wasm-bindgen` class on `wasm32`).

#![warn(missing_docs)]

pub mod analysis;
pub mod bytes;
pub mod calendar;
pub mod catalogue;
pub mod deadline;
pub mod guide;
pub mod index;
pub mod search;
pub mod wasm;

#[cfg(feature = "cli")]
pub mod cli;

pub use catalogue::{Catalogue, CatalogueError, Kind, LoadOptions, Matter, Problem, Status};
pub use index::{BuildError, Index, IndexBuilder, IndexError};
pub use search::{
    FilterError, Filters, Hit, Query, RankingWeights, Rewrite, SearchResults, Span, Via,
};

/// The README's examples are compiled and run as doc tests.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
pub struct ReadmeDoctests;
