//! The `wasm-bindgen` class `Catalogue`: one opened index file.
//!
//! Nothing here may trap: every input from JavaScript is checked and turned
//! into a JS `Error` with a message naming what was wrong.

use serde::Serialize;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

mod deadline;

use super::SearchOptions;
use crate::index::Index;

#[wasm_bindgen(typescript_custom_section)]
const TS_TYPES: &'static str = include_str!("types.d.ts");

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(typescript_type = "SearchOptions")]
    /// `search`'s options as JavaScript passes them, typed `SearchOptions` in the `.d.ts`.
    pub type SearchOptionsArg;
    #[wasm_bindgen(typescript_type = "SearchResults")]
    /// `search`'s answer, typed `SearchResults` in the `.d.ts`.
    pub type SearchResultsJs;
    #[wasm_bindgen(typescript_type = "Matter | undefined")]
    /// `get`'s answer: a whole matter, or `undefined`.
    pub type MatterJs;
    #[wasm_bindgen(typescript_type = "IndexStats")]
    /// `stats()`'s answer, typed `IndexStats`.
    pub type IndexStatsJs;
    #[wasm_bindgen(typescript_type = "Department[]")]
    /// `departments()`'s answer, typed `Department[]`.
    pub type DepartmentsJs;
}

/// An index that owns its bytes (a one-file index, or a split index's
/// root with the files added so far).
struct OwnedIndex {
    index: Index<'static>,
}

impl OwnedIndex {
    fn open(bytes: Vec<u8>) -> Result<OwnedIndex, crate::IndexError> {
        Index::from_vec(bytes).map(|index| OwnedIndex { index })
    }

    fn index(&self) -> &Index<'static> {
        &self.index
    }
}

fn to_js<T: Serialize>(value: &T) -> Result<JsValue, JsError> {
    value
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(|e| JsError::new(&format!("matter-search: cannot convert a result: {e}")))
}

/// A JavaScript value as `search`'s options parser sees it.
impl super::options::OptionValue for JsValue {
    fn is_nullish(&self) -> bool {
        self.is_undefined() || self.is_null()
    }
    fn as_number(&self) -> Option<f64> {
        self.as_f64()
    }
    fn as_flag(&self) -> Option<bool> {
        self.as_bool()
    }
    fn as_text(&self) -> Option<String> {
        self.as_string()
    }
    fn items(&self) -> Option<Vec<Self>> {
        js_sys::Array::is_array(self)
            .then(|| self.unchecked_ref::<js_sys::Array>().iter().collect())
    }
    fn entries(&self) -> Option<Result<Vec<(String, Self)>, String>> {
        if !self.is_object() || js_sys::Array::is_array(self) || self.is_function() {
            return None;
        }
        let obj: &js_sys::Object = self.unchecked_ref();
        let mut out = Vec::new();
        for key in js_sys::Object::keys(obj).iter() {
            let Some(k) = key.as_string() else { continue };
            match js_sys::Reflect::get(obj, &key) {
                Ok(v) => out.push((k, v)),
                Err(_) => return Some(Err(k)),
            }
        }
        Some(Ok(out))
    }
}

fn options_from_js(v: &JsValue) -> Result<SearchOptions, String> {
    super::options::options_from_value(v)
}

/// Most ids `search` remembers for `get` (see `JsCatalogue::shown`).
const SHOWN_MAX: usize = 2048;

/// One opened index file: search it, fetch matters, suggest completions.
#[wasm_bindgen(js_name = Catalogue)]
pub struct JsCatalogue {
    inner: OwnedIndex,
    /// The document numbers of the hits searches returned, by id: opening
    /// a hit then reads its record only, not the id lookup as well (in a
    /// split index that lookup is one more file to fetch).
    shown: std::cell::RefCell<Vec<(String, u32)>>,
}

#[wasm_bindgen(js_class = Catalogue)]
impl JsCatalogue {
    /// Opens the bytes of an index file built by `matter-search build`.
    /// Throws an `Error` when they are not an index, are truncated or
    /// corrupt, or come from an incompatible version.
    #[wasm_bindgen(constructor)]
    pub fn new(bytes: &[u8]) -> Result<JsCatalogue, JsError> {
        OwnedIndex::open(bytes.to_vec())
            .map(|inner| JsCatalogue {
                inner,
                shown: Default::default(),
            })
            .map_err(|e| JsError::new(&format!("matter-search: cannot open the index: {e}")))
    }

    /// Searches. `options` may be omitted; see `SearchOptions`.
    pub fn search(
        &self,
        query: &str,
        options: Option<SearchOptionsArg>,
    ) -> Result<SearchResultsJs, JsError> {
        let opts: SearchOptions = match options {
            None => SearchOptions::default(),
            Some(o) => {
                let v: JsValue = o.into();
                if v.is_null() || v.is_undefined() {
                    SearchOptions::default()
                } else {
                    options_from_js(&v).map_err(|e| {
                        JsError::new(&format!("matter-search: invalid options: {e}"))
                    })?
                }
            }
        };
        let index = self.inner.index();
        let q = super::query_for(index, query, &opts)
            .map_err(|e| JsError::new(&format!("matter-search: {e}")))?;
        let found = index.search(&q);
        // Only complete answers: a split index missing a file may not know
        // every hit's id yet.
        if !index.has_missing() {
            let mut shown = self.shown.borrow_mut();
            if shown.len() + found.hits.len() > SHOWN_MAX {
                shown.clear();
            }
            for hit in &found.hits {
                shown.push((hit.id.clone(), hit.doc));
            }
        }
        let res = super::JsResults::from(found);
        js_sys::JSON::parse(&res.to_json())
            .map(JsCast::unchecked_into)
            .map_err(|_| JsError::new("matter-search: cannot convert a result"))
    }

    /// The number of matches, without building results: for benchmarks
    /// that separate the search from the conversion of its results to JS.
    #[wasm_bindgen(js_name = searchTotal)]
    pub fn search_total(&self, query: &str) -> u32 {
        let q = crate::search::Query::new(query);
        self.inner.index().search(&q).total as u32
    }

    /// The whole matter (catalogue format, snake_case keys as in the
    /// catalogue file), or `undefined` for an unknown id.
    pub fn get(&self, id: &str) -> Result<MatterJs, JsError> {
        let index = self.inner.index();
        let remembered = self
            .shown
            .borrow()
            .iter()
            .rev()
            .find(|(shown, _)| shown == id)
            .map(|&(_, doc)| doc);
        let Some(doc) = remembered.or_else(|| index.find_id(id)) else {
            return Ok(JsValue::UNDEFINED.unchecked_into());
        };
        let fail = |why: &str| {
            JsError::new(&format!(
                "matter-search: cannot read matter \"{id}\": {why}"
            ))
        };
        let json = index.matter_json(doc).map_err(|e| fail(&e.to_string()))?;
        // JSON.parse instead of a deserializer in the module: smaller, and
        // V8 builds the object faster than calls across the boundary.
        js_sys::JSON::parse(&json)
            .map(JsCast::unchecked_into)
            .map_err(|_| fail("its stored record is not valid JSON"))
    }

    /// Up to `limit` (default 8, at most 50) matter names completing what
    /// is being typed, best first.
    pub fn suggest(&self, prefix: &str, limit: Option<u32>) -> Vec<String> {
        let n = limit.unwrap_or(8).min(50) as usize;
        self.inner.index().suggest(prefix, n)
    }

    /// Counts and section sizes.
    pub fn stats(&self) -> Result<IndexStatsJs, JsError> {
        Ok(to_js(&super::stats(self.inner.index()))?.unchecked_into())
    }

    /// The departments, in catalogue order.
    pub fn departments(&self) -> Result<DepartmentsJs, JsError> {
        Ok(to_js(&super::departments(self.inner.index()))?.unchecked_into())
    }

    /// Whether this is the root of a split index, whose other files are
    /// added with `addFile` as queries ask for them (see `missing`).
    #[wasm_bindgen(getter, js_name = isSplit)]
    pub fn is_split(&self) -> bool {
        self.inner.index().is_split()
    }

    /// The names of the split files the calls since the last `missing()`
    /// needed and did not have. Their answers were partial: fetch these
    /// files (relative to the entry file), `addFile` them and call again.
    pub fn missing(&self) -> Vec<String> {
        self.inner.index().take_missing()
    }

    /// Adds a split file, already inflated (`.d.bin` is raw DEFLATE;
    /// `.z.bin` is raw DEFLATE continuing `compressionHistory()`). Throws
    /// when the name is not one of this index's files or the bytes do not
    /// match its length and checksum.
    #[wasm_bindgen(js_name = addFile)]
    pub fn add_file(&self, name: &str, bytes: &[u8]) -> Result<(), JsError> {
        self.inner
            .index()
            .add_file(name, bytes.to_vec())
            .map_err(|e| JsError::new(&format!("matter-search: {e}")))
    }

    /// For `.z.bin` files: the DEFLATE stream they continue, after a
    /// 4-byte little-endian count of the output bytes it produces (which
    /// the loader drops). Empty for a one-file index.
    #[wasm_bindgen(js_name = compressionHistory)]
    pub fn compression_history(&self) -> Vec<u8> {
        self.inner
            .index()
            .compression_history()
            .map(<[u8]>::to_vec)
            .unwrap_or_default()
    }

    /// The catalogue's title.
    #[wasm_bindgen(getter)]
    pub fn title(&self) -> String {
        self.inner.index().title().to_string()
    }

    /// Number of matters.
    #[wasm_bindgen(getter)]
    pub fn length(&self) -> u32 {
        self.inner.index().len() as u32
    }
}

/// The version of this package (the crate version).
#[wasm_bindgen]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").to_string()
}
