//! The index file: one versioned binary blob, built once, read in place.
//!
//! [`Index::from_bytes`] checks the header and checksum and slices the
//! sections; nothing is deserialized up front, so opening an index costs
//! the same natively and in WebAssembly whatever its size. Every read is
//! bounds-checked: a corrupt file yields an [`IndexError`], never a panic.

mod builder;
pub mod format;
mod fst_check;

pub use builder::{IndexBuilder, DEFAULT_TERM_FREQ};

use std::fmt;

use format::*;

use crate::analysis::{FstLexicon, Readings, Synonyms};
use crate::catalogue::{CatalogueError, Kind, Matter, Status};

/// The fields a matter's text is indexed under, in descending weight.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[repr(u8)]
pub enum Field {
    /// 事项名称.
    Name = 0,
    /// 俗称 / 曾用名.
    Alias = 1,
    /// Titles of blank forms and samples.
    Form = 2,
    /// Titles (and articles) of laws and regulations in 设定依据.
    Basis = 3,
    /// 受理条件.
    Condition = 4,
    /// Names of 申请材料.
    Material = 5,
    /// Steps of 办理流程.
    Procedure = 6,
    /// Everything else worth finding: article texts, FAQ, notes, targets …
    Other = 7,
    /// The department's name and aliases (from the department table).
    Department = 8,
    /// The matter type (from the kind column).
    Kind = 9,
}

/// Number of fields whose text is stored per document.
pub const TEXT_FIELDS: usize = 8;

impl Field {
    pub const ALL: [Field; 10] = [
        Field::Name,
        Field::Alias,
        Field::Form,
        Field::Basis,
        Field::Condition,
        Field::Material,
        Field::Procedure,
        Field::Other,
        Field::Department,
        Field::Kind,
    ];

    pub fn from_u8(b: u8) -> Option<Field> {
        Field::ALL.get(b as usize).copied()
    }

    /// Stable lower-case name used in results and JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Field::Name => "name",
            Field::Alias => "aliases",
            Field::Form => "forms",
            Field::Basis => "basis",
            Field::Condition => "conditions",
            Field::Material => "materials",
            Field::Procedure => "procedure",
            Field::Other => "other",
            Field::Department => "department",
            Field::Kind => "kind",
        }
    }
}

/// Why index bytes could not be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum IndexError {
    /// Not an index file at all.
    NotAnIndex,
    /// Written by a different, incompatible version.
    Version { found: u32, supported: u32 },
    /// Built with a different analyzer; queries would be cut differently.
    AnalyzerVersion { found: u32, supported: u32 },
    /// Shorter than its header says.
    Truncated { expected: usize, found: usize },
    /// The body's checksum does not match.
    Checksum { expected: u32, found: u32 },
    /// Structurally invalid content, with where and what.
    Corrupt(String),
}

impl fmt::Display for IndexError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            IndexError::NotAnIndex => write!(f, "not a matter-search index (bad magic bytes)"),
            IndexError::Version { found, supported } => write!(
                f,
                "index format version {found} is not supported (this build reads version {supported}); rebuild the index"
            ),
            IndexError::AnalyzerVersion { found, supported } => write!(
                f,
                "index was built with analyzer version {found}, this build uses {supported}; rebuild the index"
            ),
            IndexError::Truncated { expected, found } => {
                write!(f, "index is truncated: expected {expected} bytes, found {found}")
            }
            IndexError::Checksum { expected, found } => write!(
                f,
                "index is corrupt: body checksum is {found:08x}, header says {expected:08x}"
            ),
            IndexError::Corrupt(m) => write!(f, "index is corrupt: {m}"),
        }
    }
}

impl std::error::Error for IndexError {}

/// Why an index could not be built.
#[derive(Debug)]
pub enum BuildError {
    /// The catalogue has errors; every one is listed.
    Invalid(CatalogueError),
    /// Lines of a user dictionary that could not be read.
    UserDictionary(Vec<String>),
    /// Lines of a synonym file that could not be read.
    Synonyms(Vec<String>),
    /// Beyond what the format can hold.
    TooLarge(String),
}

impl fmt::Display for BuildError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BuildError::Invalid(e) => write!(f, "{e}"),
            BuildError::UserDictionary(lines) => {
                write!(f, "bad user dictionary:\n{}", lines.join("\n"))
            }
            BuildError::Synonyms(lines) => {
                write!(f, "bad synonym file:\n{}", lines.join("\n"))
            }
            BuildError::TooLarge(m) => write!(f, "catalogue too large for the index format: {m}"),
        }
    }
}

impl std::error::Error for BuildError {}

impl From<CatalogueError> for BuildError {
    fn from(e: CatalogueError) -> Self {
        BuildError::Invalid(e)
    }
}

/// A department as the index stores it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DepartmentEntry {
    pub id: String,
    pub name: String,
    pub aliases: Vec<String>,
}

/// Small per-index facts read when the index is opened.
#[derive(Clone, Debug)]
struct Meta {
    title: String,
    authority: String,
    version: String,
    docs: usize,
    avg_len: [f32; TEXT_FIELDS],
    log_total: f32,
    departments: Vec<DepartmentEntry>,
    targets: Vec<String>,
}

/// The filter and facet columns of one matter.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Columns {
    pub department: Option<u16>,
    pub kind: Option<Kind>,
    pub status: Status,
    /// `None` when the catalogue does not say.
    pub charged: Option<bool>,
    pub calendar_days: bool,
    /// 1 即办件, 2 承诺件, 3 other, 0 not given.
    pub case_type: u8,
    pub online: bool,
    pub statutory_days: Option<u16>,
    pub promised_days: Option<u16>,
    pub visits: Option<u16>,
}

/// One stored document, borrowed from the index bytes.
#[derive(Clone, Debug)]
pub struct Doc<'a> {
    pub id: &'a str,
    pub code: Option<&'a str>,
    pub name: &'a str,
    /// Searchable texts other than the name, in field order.
    pub texts: Vec<(Field, &'a str)>,
    /// Indexes into the index's target table.
    pub targets: Vec<usize>,
    /// JSON of the rest of the record (empty when there is none).
    pub rest: &'a [u8],
}

/// Sizes of the sections and counts, as `matter-search stats` prints them.
#[derive(Clone, Debug, serde::Serialize)]
pub struct IndexStats {
    pub total_bytes: usize,
    pub matters: usize,
    pub departments: usize,
    pub terms: usize,
    pub postings: usize,
    pub inline_postings: usize,
    pub lexicon_words: usize,
    pub sections: Vec<(String, usize)>,
}

/// A read-only index over bytes produced by [`IndexBuilder`].
#[derive(Clone)]
pub struct Index<'a> {
    data: &'a [u8],
    meta: Meta,
    terms: fst::Map<&'a [u8]>,
    postings: &'a [u8],
    lexicon: FstLexicon<&'a [u8]>,
    /// Query understanding tables, read when the index is opened (small).
    understanding: std::sync::Arc<Understanding>,
    cols: &'a [u8],
    doc_offsets: &'a [u8],
    docs: &'a [u8],
    sections: Vec<([u8; 4], usize)>,
    /// How the query path normalizes characters (see `analysis::FoldTable`).
    fold: std::sync::Arc<crate::analysis::FoldTable>,
    /// Normalized text of each matter, made the first time a query needs
    /// it: warm queries then spend no time normalizing.
    pub(crate) norm: std::sync::Arc<Vec<std::sync::OnceLock<Option<crate::search::NormDoc>>>>,
    /// Normalized department names and aliases, for matching queries.
    pub(crate) dept_norm: std::sync::Arc<std::sync::OnceLock<Vec<String>>>,
    /// Folded ids and codes, for exact and partial code lookups.
    pub(crate) identifiers: std::sync::Arc<std::sync::OnceLock<Identifiers>>,
}

impl fmt::Debug for Index<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Index")
            .field("title", &self.meta.title)
            .field("matters", &self.meta.docs)
            .field("bytes", &self.data.len())
            .finish()
    }
}

impl<'a> Index<'a> {
    /// Opens index bytes: checks magic, versions, length and checksum, then
    /// slices the sections. No other work is done until a query needs it.
    pub fn from_bytes(data: &'a [u8]) -> Result<Index<'a>, IndexError> {
        if data.len() < 8 || data[..8] != MAGIC {
            return Err(IndexError::NotAnIndex);
        }
        if data.len() < HEADER_LEN {
            return Err(IndexError::Truncated {
                expected: HEADER_LEN,
                found: data.len(),
            });
        }
        let mut h = Cursor::new(&data[8..HEADER_LEN], "header");
        let version = h.u32()?;
        if version != FORMAT_VERSION {
            return Err(IndexError::Version {
                found: version,
                supported: FORMAT_VERSION,
            });
        }
        let analyzer = h.u32()?;
        if analyzer != crate::analysis::ANALYZER_VERSION {
            return Err(IndexError::AnalyzerVersion {
                found: analyzer,
                supported: crate::analysis::ANALYZER_VERSION,
            });
        }
        let body_len = h.u32()? as usize;
        let crc = h.u32()?;
        let expected = HEADER_LEN + body_len;
        if data.len() < expected {
            return Err(IndexError::Truncated {
                expected,
                found: data.len(),
            });
        }
        if data.len() > expected {
            return Err(IndexError::Corrupt(format!(
                "{} bytes of trailing data after the index body",
                data.len() - expected
            )));
        }
        let body = &data[HEADER_LEN..];
        let found = crc32(body);
        if found != crc {
            return Err(IndexError::Checksum {
                expected: crc,
                found,
            });
        }
        let mut t = Cursor::new(body, "section table");
        let count = t.u32()? as usize;
        if count > 64 {
            return Err(IndexError::Corrupt(format!("{count} sections")));
        }
        let mut sections = Vec::with_capacity(count);
        let mut slices: Vec<([u8; 4], &'a [u8])> = Vec::with_capacity(count);
        for _ in 0..count {
            let tag = t.bytes(4)?;
            let tag = [tag[0], tag[1], tag[2], tag[3]];
            let off = t.u32()? as usize;
            let len = t.u32()? as usize;
            let s = off
                .checked_add(len)
                .and_then(|end| body.get(off..end))
                .ok_or_else(|| {
                    IndexError::Corrupt(format!(
                        "section {} out of bounds",
                        String::from_utf8_lossy(&tag)
                    ))
                })?;
            sections.push((tag, len));
            slices.push((tag, s));
        }
        let get = |tag: [u8; 4]| -> Result<&'a [u8], IndexError> {
            slices
                .iter()
                .find(|(t, _)| *t == tag)
                .map(|(_, s)| *s)
                .ok_or_else(|| {
                    IndexError::Corrupt(format!(
                        "missing section {}",
                        String::from_utf8_lossy(&tag)
                    ))
                })
        };
        let meta = read_meta(get(SEC_META)?)?;
        let fold = read_fold(get(SEC_FOLD)?)?;
        // The `fst` crate trusts its bytes and panics on a malformed node;
        // in WebAssembly a panic aborts the module. So both FSTs are checked
        // node by node, without panicking, before the crate sees them.
        let (term_bytes, lexicon_bytes) = (get(SEC_TERMS)?, get(SEC_LEXICON)?);
        fst_check::check(term_bytes)
            .map_err(|e| IndexError::Corrupt(format!("term dictionary: {e}")))?;
        fst_check::check(lexicon_bytes)
            .map_err(|e| IndexError::Corrupt(format!("lexicon: {e}")))?;
        let terms = fst::Map::new(term_bytes)
            .map_err(|e| IndexError::Corrupt(format!("term dictionary: {e}")))?;
        let lexicon = FstLexicon::new(lexicon_bytes, meta.log_total)
            .map_err(|e| IndexError::Corrupt(format!("lexicon: {e}")))?;
        let understanding = std::sync::Arc::new(Understanding {
            readings: Readings::from_bytes(get(SEC_PINYIN)?)?,
            synonyms: Synonyms::from_bytes(get(SEC_SYNONYMS)?)?,
        });
        let cols = get(SEC_COLUMNS)?;
        let doc_offsets = get(SEC_DOC_OFFSETS)?;
        if cols.len() != meta.docs * COLUMN_WIDTH
            || doc_offsets.len() != (meta.docs.div_ceil(DOC_GROUP) + 1) * 12
        {
            return Err(IndexError::Corrupt(
                "column or offset table does not match the matter count".into(),
            ));
        }
        Ok(Index {
            data,
            terms,
            postings: get(SEC_POSTINGS)?,
            lexicon,
            understanding,
            cols,
            doc_offsets,
            docs: get(SEC_DOCS)?,
            norm: std::sync::Arc::new((0..meta.docs).map(|_| std::sync::OnceLock::new()).collect()),
            dept_norm: Default::default(),
            identifiers: Default::default(),
            fold: std::sync::Arc::new(fold),
            meta,
            sections,
        })
    }

    /// Normalizes text as the index's analyzer does (the query path's
    /// normalization: same result as `analysis::normalize` for every
    /// character the catalogue can match).
    pub fn normalize(&self, text: &str) -> String {
        crate::analysis::normalize_with(text, &self.fold)
    }

    /// The character folding table stored in the index.
    pub fn fold_table(&self) -> &crate::analysis::FoldTable {
        &self.fold
    }

    /// Number of matters.
    pub fn len(&self) -> usize {
        self.meta.docs
    }

    pub fn is_empty(&self) -> bool {
        self.meta.docs == 0
    }

    /// The catalogue's title.
    pub fn title(&self) -> &str {
        &self.meta.title
    }

    pub fn authority(&self) -> Option<&str> {
        Some(self.meta.authority.as_str()).filter(|s| !s.is_empty())
    }

    pub fn version(&self) -> Option<&str> {
        Some(self.meta.version.as_str()).filter(|s| !s.is_empty())
    }

    /// The department table (declared ones first).
    pub fn departments(&self) -> &[DepartmentEntry] {
        &self.meta.departments
    }

    /// The distinct 服务对象 of the catalogue.
    pub fn targets(&self) -> &[String] {
        &self.meta.targets
    }

    /// The stored lexicon used to cut queries.
    pub fn lexicon(&self) -> &FstLexicon<&'a [u8]> {
        &self.lexicon
    }

    /// Pinyin readings of the catalogue's characters.
    pub fn readings(&self) -> &Readings {
        &self.understanding.readings
    }

    /// The synonym groups applied to queries.
    pub fn synonyms(&self) -> &Synonyms {
        &self.understanding.synonyms
    }

    /// The term dictionary (CJK characters and Latin/number words).
    pub fn terms(&self) -> &fst::Map<&'a [u8]> {
        &self.terms
    }

    pub(crate) fn avg_len(&self, f: Field) -> f32 {
        self.meta
            .avg_len
            .get(f as usize)
            .copied()
            .unwrap_or(1.0)
            .max(1.0)
    }

    /// The filter/facet columns of document `doc`.
    pub fn columns(&self, doc: u32) -> Columns {
        let at = doc as usize * COLUMN_WIDTH;
        let c = self
            .cols
            .get(at..at + COLUMN_WIDTH)
            .unwrap_or(&[0xFF; COLUMN_WIDTH]);
        let opt = |v: u16| (v != NONE_U16).then_some(v);
        let flags = c[5];
        Columns {
            department: opt(u16::from_le_bytes([c[0], c[1]]))
                .filter(|&d| (d as usize) < self.meta.departments.len()),
            kind: Kind::from_code(c[2]),
            status: match c[3] {
                1 => Status::Abolished,
                2 => Status::Delegated,
                _ => Status::Active,
            },
            charged: match c[4] {
                1 => Some(false),
                2 => Some(true),
                _ => None,
            },
            calendar_days: flags & 1 != 0,
            case_type: (flags >> 2) & 3,
            online: flags & 0x10 != 0,
            statutory_days: opt(read_u16(c, 6)),
            promised_days: opt(read_u16(c, 8)),
            visits: opt(read_u16(c, 10)),
        }
    }

    /// The stored document `doc`.
    pub fn doc(&self, doc: u32) -> Result<Doc<'a>, IndexError> {
        let i = doc as usize;
        if i >= self.meta.docs {
            return Err(IndexError::Corrupt(format!("no document {doc}")));
        }
        let block = self.entry(0, i)?;
        let mut c = Cursor::new(block, "document");
        let id = c.str()?;
        let code = match c.varint()? {
            0 => None,
            1 => Some(id),
            n => {
                let len = (n - 2) as usize;
                let b = c.bytes(len)?;
                Some(std::str::from_utf8(b).map_err(|_| {
                    IndexError::Corrupt(format!("document {doc}: code is not UTF-8"))
                })?)
            }
        };
        let name = std::str::from_utf8(self.entry(1, i)?)
            .map_err(|_| IndexError::Corrupt(format!("document {doc}: name is not UTF-8")))?;
        let mut c = Cursor::new(self.entry(2, i)?, "document record");
        let block = c.data;
        let flags = c.u8()?;
        let mut texts = Vec::new();
        if flags & 1 != 0 {
            let n = c.len(block.len())?;
            texts.reserve(n);
            for _ in 0..n {
                let f = Field::from_u8(c.u8()?)
                    .ok_or_else(|| IndexError::Corrupt(format!("document {doc}: bad field")))?;
                texts.push((f, c.str()?));
            }
        }
        let mut targets = Vec::new();
        if flags & 2 != 0 {
            let nt = c.len(block.len())?;
            for _ in 0..nt {
                targets.push(c.len(self.meta.targets.len())?);
            }
        }
        let mut rest: &[u8] = &[];
        if flags & 4 != 0 {
            let rl = c.len(block.len())?;
            rest = c.bytes(rl)?;
        }
        Ok(Doc {
            id,
            code,
            name,
            texts,
            targets,
            rest,
        })
    }

    /// Entry `i` of document stream `stream` (0 ids, 1 names, 2 records).
    fn entry(&self, stream: usize, i: usize) -> Result<&'a [u8], IndexError> {
        let group = i / DOC_GROUP;
        let at = |g: usize| read_u32(self.doc_offsets, (g * 3 + stream) * 4);
        let (Some(a), Some(b)) = (at(group), at(group + 1)) else {
            return Err(IndexError::Corrupt(format!("no offset for document {i}")));
        };
        let run = self
            .docs
            .get(a as usize..b as usize)
            .ok_or_else(|| IndexError::Corrupt(format!("document group of {i} out of bounds")))?;
        let mut g = Cursor::new(run, "document group");
        for _ in 0..i % DOC_GROUP {
            let len = g.len(run.len())?;
            g.bytes(len)?;
        }
        let len = g.len(run.len())?;
        g.bytes(len)
    }

    /// The full record of document `doc`, as the catalogue gave it (the
    /// department as its id).
    pub fn matter(&self, doc: u32) -> Result<Matter, IndexError> {
        let d = self.doc(doc)?;
        let mut m: Matter = if d.rest.is_empty() {
            Matter::default()
        } else {
            serde_json::from_slice(d.rest)
                .map_err(|e| IndexError::Corrupt(format!("document {doc} record: {e}")))?
        };
        let cols = self.columns(doc);
        m.id = d.id.to_string();
        m.code = d.code.map(str::to_string);
        m.name = d.name.to_string();
        let texts_of = |f: Field| {
            d.texts
                .iter()
                .filter(|t| t.0 == f)
                .map(|t| t.1.to_string())
                .collect()
        };
        m.aliases = texts_of(Field::Alias);
        m.conditions = texts_of(Field::Condition);
        m.kind = cols.kind;
        m.department = cols
            .department
            .and_then(|i| self.meta.departments.get(i as usize))
            .map(|d| d.id.clone());
        m.status = cols.status;
        Ok(m)
    }

    /// The full record of document `doc` as JSON text, the same object
    /// [`Index::matter`] gives, built without a JSON parser: the browser
    /// hands it to `JSON.parse`, so the WebAssembly module carries no
    /// deserializer for the catalogue model.
    pub fn matter_json(&self, doc: u32) -> Result<String, IndexError> {
        /// The members `rest_json` always starts with (blanked fields).
        const BLANK: &[u8] = br#"{"id":"","name":"""#;
        let d = self.doc(doc)?;
        let cols = self.columns(doc);
        let mut j = String::with_capacity(d.rest.len() + 256);
        j.push_str("{\"id\":");
        json_str(&mut j, d.id);
        if let Some(c) = d.code {
            j.push_str(",\"code\":");
            json_str(&mut j, c);
        }
        j.push_str(",\"name\":");
        json_str(&mut j, d.name);
        for (key, field) in [("aliases", Field::Alias), ("conditions", Field::Condition)] {
            let mut items = d.texts.iter().filter(|t| t.0 == field).peekable();
            if items.peek().is_some() {
                j.push_str(",\"");
                j.push_str(key);
                j.push_str("\":[");
                for (i, t) in items.enumerate() {
                    if i > 0 {
                        j.push(',');
                    }
                    json_str(&mut j, t.1);
                }
                j.push(']');
            }
        }
        if let Some(k) = cols.kind {
            j.push_str(",\"kind\":");
            json_str(&mut j, k.as_str());
        }
        if let Some(dep) = cols
            .department
            .and_then(|i| self.meta.departments.get(i as usize))
        {
            j.push_str(",\"department\":");
            json_str(&mut j, &dep.id);
        }
        if !cols.status.is_active() {
            j.push_str(",\"status\":");
            json_str(&mut j, cols.status.as_str());
        }
        if !d.rest.is_empty() {
            let more = d
                .rest
                .strip_prefix(BLANK)
                .and_then(|r| std::str::from_utf8(r).ok())
                .ok_or_else(|| IndexError::Corrupt(format!("document {doc} record")))?;
            // `more` is `}` or `,"key":value…}`.
            j.push_str(more);
        } else {
            j.push('}');
        }
        Ok(j)
    }

    /// The document number of the matter with this id.
    pub fn find_id(&self, id: &str) -> Option<u32> {
        let key: String = id.chars().map(fold_identifier_char).collect();
        self.identifiers()
            .by_key
            .get(&key)?
            .iter()
            .copied()
            .find(|&i| self.doc(i).is_ok_and(|d| d.id == id))
    }

    /// Ids and codes of every matter, folded, built on first use.
    pub(crate) fn identifiers(&self) -> &Identifiers {
        self.identifiers.get_or_init(|| {
            let mut ids = Identifiers::default();
            for d in 0..self.len() as u32 {
                let (id, code) = match self.doc(d) {
                    Ok(doc) => (doc.id, doc.code),
                    Err(_) => ("", None),
                };
                let mut f = self.normalize(id);
                if let Some(c) = code {
                    f.push(' ');
                    f.push_str(&self.normalize(c));
                }
                ids.folded.push(f);
                for key in std::iter::once(id).chain(code) {
                    if key.is_empty() {
                        continue;
                    }
                    let k: String = key.chars().map(fold_identifier_char).collect();
                    let e = ids.by_key.entry(k).or_default();
                    if !e.contains(&d) {
                        e.push(d);
                    }
                }
            }
            ids
        })
    }

    /// The full record of the matter with this id.
    pub fn matter_by_id(&self, id: &str) -> Result<Option<Matter>, IndexError> {
        match self.find_id(id) {
            Some(i) => self.matter(i).map(Some),
            None => Ok(None),
        }
    }

    /// Documents containing `term` (a CJK character or a normalized word),
    /// appended to `out` in increasing order.
    pub fn postings_into(&self, term: &str, out: &mut Vec<u32>) -> Result<(), IndexError> {
        match self.terms.get(term) {
            Some(v) => self.decode_value(v, out),
            None => Ok(()),
        }
    }

    pub(crate) fn decode_value(&self, v: u64, out: &mut Vec<u32>) -> Result<(), IndexError> {
        let n = self.meta.docs;
        if v & INLINE_FLAG != 0 {
            let check = |d: u64| {
                if d >= n as u64 {
                    Err(IndexError::Corrupt(format!(
                        "posting {d} beyond {n} documents"
                    )))
                } else {
                    Ok(d as u32)
                }
            };
            if v & PAIR_FLAG == 0 {
                out.push(check(v >> 2)?);
            } else {
                let bits = doc_bits(n);
                let p = v >> 2;
                let first = p & ((1u64 << bits) - 1);
                let second = first.saturating_add(p >> bits);
                out.push(check(first)?);
                out.push(check(second)?);
            }
            return Ok(());
        }
        let off = (v >> 1) as usize;
        let data = self
            .postings
            .get(off..)
            .ok_or_else(|| IndexError::Corrupt("posting offset out of bounds".into()))?;
        let mut c = Cursor::new(data, "postings");
        match c.u8()? {
            POSTINGS_DELTAS => {
                let count = c.len(n)?;
                let mut prev: u64 = 0;
                for i in 0..count {
                    let delta = c.varint()?;
                    let d = if i == 0 {
                        delta
                    } else {
                        prev.saturating_add(delta).saturating_add(1)
                    };
                    if d >= n as u64 {
                        return Err(IndexError::Corrupt(format!(
                            "posting {d} beyond {n} documents"
                        )));
                    }
                    out.push(d as u32);
                    prev = d;
                }
            }
            POSTINGS_BITMAP => {
                let first = c.len(n)?;
                let len = c.len(n.div_ceil(8) + 1)?;
                let bits = c.bytes(len)?;
                for (i, &byte) in bits.iter().enumerate() {
                    let mut b = byte;
                    while b != 0 {
                        let d = first + i * 8 + b.trailing_zeros() as usize;
                        if d >= n {
                            return Err(IndexError::Corrupt(format!(
                                "posting {d} beyond {n} documents"
                            )));
                        }
                        out.push(d as u32);
                        b &= b - 1;
                    }
                }
            }
            t => return Err(IndexError::Corrupt(format!("unknown posting encoding {t}"))),
        }
        Ok(())
    }

    /// Section sizes and counts.
    pub fn stats(&self) -> IndexStats {
        use fst::Streamer;
        let mut terms = 0;
        let mut postings = 0;
        let mut inline = 0;
        let mut buf = Vec::new();
        let mut s = self.terms.stream();
        while let Some((_, v)) = s.next() {
            terms += 1;
            if v & INLINE_FLAG != 0 {
                inline += 1;
            }
            buf.clear();
            let _ = self.decode_value(v, &mut buf);
            postings += buf.len();
        }
        let mut sections = vec![(
            "header+table".to_string(),
            HEADER_LEN + 4 + self.sections.len() * 12,
        )];
        sections.extend(
            self.sections
                .iter()
                .map(|(t, l)| (String::from_utf8_lossy(t).into_owned(), *l)),
        );
        IndexStats {
            total_bytes: self.data.len(),
            matters: self.len(),
            departments: self.meta.departments.len(),
            terms,
            postings,
            inline_postings: inline,
            lexicon_words: self.lexicon.len(),
            sections,
        }
    }

    /// Walks every document, decoding it fully; returns the first problem.
    /// `from_bytes` already checks the checksum, so this is for tools.
    pub fn verify(&self) -> Result<(), IndexError> {
        for i in 0..self.len() as u32 {
            self.matter(i)?;
        }
        Ok(())
    }
}

/// What the query path needs to understand pinyin, traditional
/// characters and synonyms.
#[derive(Debug, Default)]
struct Understanding {
    readings: Readings,
    synonyms: Synonyms,
}

/// Ids and codes of every matter, folded for comparison.
#[derive(Debug, Default)]
pub(crate) struct Identifiers {
    /// "id code" per document, normalized, for partial code matches.
    pub(crate) folded: Vec<String>,
    /// Folded id or code → documents, for exact lookups.
    pub(crate) by_key: std::collections::HashMap<String, Vec<u32>>,
}

/// Folds full-width ASCII forms to ASCII and letters to lower case.
pub(crate) fn fold_identifier_char(c: char) -> char {
    let c = match c as u32 {
        0xFF01..=0xFF5E => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        _ => c,
    };
    c.to_ascii_lowercase()
}

/// Appends `s` as a JSON string literal.
#[doc(hidden)]
pub fn json_str(out: &mut String, s: &str) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if (c as u32) < 0x20 => {
                const HEX: &[u8; 16] = b"0123456789abcdef";
                out.push_str("\\u00");
                out.push(HEX[(c as usize) >> 4] as char);
                out.push(HEX[(c as usize) & 15] as char);
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

fn read_fold(b: &[u8]) -> Result<crate::analysis::FoldTable, IndexError> {
    let bad = |why: &str| IndexError::Corrupt(format!("fold table: {why}"));
    let mut c = Cursor::new(b, "fold table");
    let runs = c.varint()? as usize;
    if runs > b.len() {
        return Err(bad("too many runs"));
    }
    let mut entries: Vec<(char, Box<str>)> = Vec::new();
    let mut next = 0u32;
    for _ in 0..runs {
        let gap = u32::try_from(c.varint()?).map_err(|_| bad("character out of range"))?;
        let extra = u32::try_from(c.varint()?).map_err(|_| bad("run too long"))?;
        let first = next
            .checked_add(gap)
            .ok_or_else(|| bad("character out of range"))?;
        let end = first
            .checked_add(extra)
            .filter(|&e| e <= char::MAX as u32)
            .ok_or_else(|| bad("run out of range"))?;
        let folded = c.str()?;
        let mut fchars = folded.chars();
        let single = match (fchars.next(), fchars.next()) {
            (Some(f), None) => Some(f as u32),
            _ => None,
        };
        if extra > 0 && single.is_none() {
            return Err(bad("a run must fold to single characters"));
        }
        if entries.len() + extra as usize >= 0x11_0000 {
            return Err(bad("too many entries"));
        }
        for (i, cp) in (first..=end).enumerate() {
            let Some(ch) = char::from_u32(cp) else {
                return Err(bad("a run crosses the surrogates"));
            };
            let f: Box<str> = match single {
                Some(f) if i > 0 => char::from_u32(f + i as u32)
                    .ok_or_else(|| bad("run folds out of range"))?
                    .to_string()
                    .into(),
                _ => folded.into(),
            };
            entries.push((ch, f));
        }
        next = end + 1;
    }
    crate::analysis::FoldTable::new(entries).ok_or_else(|| bad("characters out of order"))
}

fn read_meta(b: &[u8]) -> Result<Meta, IndexError> {
    let mut c = Cursor::new(b, "meta");
    let title = c.str()?.to_string();
    let authority = c.str()?.to_string();
    let version = c.str()?.to_string();
    let docs = c.u32()? as usize;
    let mut avg_len = [0f32; TEXT_FIELDS];
    for a in avg_len.iter_mut() {
        *a = c.f32()?;
    }
    let log_total = c.f32()?;
    let nd = c.len(b.len())?;
    let mut departments = Vec::with_capacity(nd);
    for _ in 0..nd {
        let id = c.str()?.to_string();
        let name = c.str()?.to_string();
        let na = c.len(b.len())?;
        let mut aliases = Vec::with_capacity(na);
        for _ in 0..na {
            aliases.push(c.str()?.to_string());
        }
        departments.push(DepartmentEntry { id, name, aliases });
    }
    let nt = c.len(b.len())?;
    let mut targets = Vec::with_capacity(nt);
    for _ in 0..nt {
        targets.push(c.str()?.to_string());
    }
    Ok(Meta {
        title,
        authority,
        version,
        docs,
        avg_len,
        log_total,
        departments,
        targets,
    })
}
