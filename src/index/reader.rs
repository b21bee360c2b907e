//! Reading an index: the container, its chunks (in the container or in the
//! files of a split index), and the lookups the query path makes.

use std::sync::{Arc, Mutex, OnceLock};

use super::format::*;
use super::{fold_identifier_char, fst_check, json_str, Field, IndexError, TEXT_FIELDS};
use crate::analysis::{Colloquial, FstLexicon, Readings, Synonyms};
use crate::catalogue::{Kind, Matter, Status};

/// A department as the index stores it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DepartmentEntry {
    /// Stable id, as in the catalogue.
    pub id: String,
    /// Official name.
    pub name: String,
    /// Short or former names, which filters accept too.
    pub aliases: Vec<String>,
}

/// Small per-index facts read when the index is opened.
#[derive(Clone, Debug, Default)]
pub(crate) struct Meta {
    pub(crate) title: String,
    pub(crate) authority: String,
    pub(crate) version: String,
    pub(crate) docs: usize,
    pub(crate) passages: usize,
    pub(crate) avg_len: [f32; TEXT_FIELDS],
    pub(crate) log_total: f32,
    pub(crate) departments: Vec<DepartmentEntry>,
    pub(crate) targets: Vec<String>,
    pub(crate) cols_per_chunk: usize,
    pub(crate) docs_per_chunk: usize,
}

/// The filter and facet columns of one matter.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Columns {
    /// Number of the department in [`Index::departments`].
    pub department: Option<u16>,
    /// 事项类型.
    pub kind: Option<Kind>,
    /// Active, abolished or delegated.
    pub status: Status,
    /// `None` when the catalogue does not say.
    pub charged: Option<bool>,
    /// Whether the day limits count calendar days (else working days).
    pub calendar_days: bool,
    /// 1 即办件, 2 承诺件, 3 other, 0 not given.
    pub case_type: u8,
    /// Whether it can be handled online.
    pub online: bool,
    /// 法定办结时限, in the unit above.
    pub statutory_days: Option<u16>,
    /// 承诺办结时限, in the unit above.
    pub promised_days: Option<u16>,
    /// 到现场次数 (visits in person).
    pub visits: Option<u16>,
    /// Characters of the normalized name, separators counted.
    pub name_len: u16,
    /// Characters (separators not counted) of each text field, for BM25F.
    pub lens: [u16; TEXT_FIELDS],
}

impl Columns {
    fn missing() -> Columns {
        Columns {
            department: None,
            kind: None,
            status: Status::Active,
            charged: None,
            calendar_days: false,
            case_type: 0,
            online: false,
            statutory_days: None,
            promised_days: None,
            visits: None,
            name_len: 0,
            lens: [0; TEXT_FIELDS],
        }
    }
}

/// One stored record, borrowed from its chunk.
#[derive(Clone, Debug)]
pub struct Doc<'a> {
    /// The matter's id.
    pub id: &'a str,
    /// The matter's name as the catalogue gives it.
    pub name: &'a str,
    /// The searchable texts other than the name, as the catalogue gave
    /// them, in the order the builder visits them.
    pub texts: Vec<(Field, &'a str)>,
    /// The record as JSON; with `placeholders`, each searchable text is
    /// replaced by U+FDD0 and its number in `texts`.
    json: &'a str,
    placeholders: bool,
}

/// Sizes of the sections and counts, as `matter-search stats` prints them.
#[derive(Clone, Debug, serde::Serialize)]
pub struct IndexStats {
    /// Bytes of the index (all files of a split index).
    pub total_bytes: usize,
    /// Matters indexed.
    pub matters: usize,
    /// Departments.
    pub departments: usize,
    /// Distinct terms in the term dictionary.
    pub terms: usize,
    /// Postings over all terms.
    pub postings: usize,
    /// Postings stored in the dictionary itself (short lists).
    pub inline_postings: usize,
    /// Words of the lexicon the query path segments with.
    pub lexicon_words: usize,
    /// Bytes per section, by tag.
    pub sections: Vec<(String, usize)>,
    /// Split indexes: the number of files besides the root.
    pub files: usize,
    /// Distinct texts the postings point at.
    pub passages: usize,
}

/// Where the container's bytes live.
enum Data<'a> {
    Borrowed(&'a [u8]),
    Owned(Box<[u8]>),
}

impl Data<'_> {
    fn bytes(&self) -> &[u8] {
        match self {
            Data::Borrowed(b) => b,
            Data::Owned(b) => b,
        }
    }
}

/// One chunk stored in the container.
#[derive(Clone, Copy, Debug)]
struct Entry {
    tag: Tag,
    chunk: u32,
    at: usize,
    len: usize,
}

/// One chunk stored in a file of a split index.
#[derive(Clone, Debug)]
pub(crate) struct FileEntry {
    pub(crate) tag: Tag,
    pub(crate) chunk: u32,
    pub(crate) name: String,
    pub(crate) stored: usize,
    pub(crate) raw: usize,
    pub(crate) crc: u32,
    pub(crate) encoding: u8,
    /// Files of a set (`FSET`): length and checksum are inside the file,
    /// as two u32 before the chunk.
    pub(crate) self_checked: bool,
}

/// Reads a split file's stored bytes (natively, from a folder).
pub(crate) type Loader = Box<dyn Fn(&str) -> Result<Vec<u8>, String> + Send + Sync>;

struct Inner<'a> {
    data: Data<'a>,
    body: usize,
    table: Vec<Entry>,
    files: Vec<FileEntry>,
    /// Per tag, where its files start in `files` and how many there are:
    /// chunk numbers of a tag are mostly 0, 1, 2 …, so a chunk is found by
    /// its number rather than a search over every file (a query asks for
    /// chunks millions of times).
    file_runs: Vec<(Tag, usize, usize)>,
    slots: Vec<OnceLock<Box<[u8]>>>,
    missing: Mutex<Vec<usize>>,
    checked: Mutex<Vec<(Tag, u32)>>,
    loader: Option<Loader>,
    meta: Meta,
    lexicon: FstLexicon<Vec<u8>>,
    fold: crate::analysis::FoldTable,
    readings: Readings,
    synonyms: Synonyms,
    colloquial: Colloquial,
    term_dir: Vec<Vec<u8>>,
    id_dir: Vec<Vec<u8>>,
    passage_dir: Vec<u32>,
    /// The bigram graphs of names and of other texts for pinyin walks,
    /// built on first use: building one streams a whole FST, which every
    /// pinyin query paid for again (issue 15: 79 ms a query in WASM).
    walks: [OnceLock<crate::analysis::pinyin::Walk>; 2],
}

/// A read-only index over bytes produced by [`super::IndexBuilder`]: one
/// file, or the root of a split index whose other files are read when a
/// query needs them.
#[derive(Clone)]
pub struct Index<'a> {
    inner: Arc<Inner<'a>>,
}

impl std::fmt::Debug for Index<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Index")
            .field("title", &self.inner.meta.title)
            .field("matters", &self.inner.meta.docs)
            .field("bytes", &self.inner.data.bytes().len())
            .field("files", &self.inner.files.len())
            .finish()
    }
}

fn tag_name(t: &Tag) -> String {
    String::from_utf8_lossy(t).trim_end().to_string()
}

impl<'a> Index<'a> {
    /// Opens index bytes (a one-file index, or the root file of a split
    /// index): checks magic, versions, length and checksum, then reads the
    /// section table. No other work is done until a query needs it.
    pub fn from_bytes(data: &'a [u8]) -> Result<Index<'a>, IndexError> {
        Self::open(Data::Borrowed(data), None)
    }

    /// Opens owned bytes, for an index that must outlive the buffer it
    /// came from (a split index's root, the WebAssembly class).
    pub fn from_vec(data: Vec<u8>) -> Result<Index<'static>, IndexError> {
        Index::open(Data::Owned(data.into_boxed_slice()), None)
    }

    #[cfg(not(target_arch = "wasm32"))]
    pub(crate) fn from_vec_with_loader(
        data: Vec<u8>,
        loader: Loader,
    ) -> Result<Index<'static>, IndexError> {
        Index::open(Data::Owned(data.into_boxed_slice()), Some(loader))
    }

    fn open(data: Data<'a>, loader: Option<Loader>) -> Result<Index<'a>, IndexError> {
        let bytes = data.bytes();
        if bytes.len() < 8 || bytes[..8] != MAGIC {
            return Err(IndexError::NotAnIndex);
        }
        if bytes.len() < HEADER_LEN {
            return Err(IndexError::Truncated {
                expected: HEADER_LEN,
                found: bytes.len(),
            });
        }
        let mut h = Cursor::new(&bytes[8..HEADER_LEN], "header");
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
        if bytes.len() < expected {
            return Err(IndexError::Truncated {
                expected,
                found: bytes.len(),
            });
        }
        if bytes.len() > expected {
            return Err(IndexError::Corrupt(format!(
                "{} bytes of trailing data after the index body",
                bytes.len() - expected
            )));
        }
        let body = &bytes[HEADER_LEN..];
        let found = crc32(body);
        if found != crc {
            return Err(IndexError::Checksum {
                expected: crc,
                found,
            });
        }
        let mut t = Cursor::new(body, "section table");
        let count = t.u32()? as usize;
        if count > body.len() / TABLE_ENTRY {
            return Err(IndexError::Corrupt(format!("{count} sections")));
        }
        let mut table = Vec::with_capacity(count);
        for _ in 0..count {
            let tag = t.bytes(4)?;
            let tag = [tag[0], tag[1], tag[2], tag[3]];
            let chunk = t.u32()?;
            let at = t.u32()? as usize;
            let len = t.u32()? as usize;
            if at.checked_add(len).is_none_or(|end| end > body.len()) {
                return Err(IndexError::Corrupt(format!(
                    "section {} chunk {chunk} out of bounds",
                    tag_name(&tag)
                )));
            }
            table.push(Entry {
                tag,
                chunk,
                at: HEADER_LEN + at,
                len,
            });
        }
        if table
            .windows(2)
            .any(|w| (w[0].tag, w[0].chunk) >= (w[1].tag, w[1].chunk))
        {
            return Err(IndexError::Corrupt("section table out of order".into()));
        }
        let get = |tag: Tag| -> Result<&[u8], IndexError> {
            table
                .binary_search_by(|e| (e.tag, e.chunk).cmp(&(tag, 0)))
                .ok()
                .map(|i| &bytes[table[i].at..table[i].at + table[i].len])
                .ok_or_else(|| IndexError::Corrupt(format!("missing section {}", tag_name(&tag))))
        };
        let meta = read_meta(get(SEC_META)?)?;
        let fold = read_fold(get(SEC_FOLD)?)?;
        // The `fst` crate trusts its bytes and panics on a malformed node;
        // in WebAssembly a panic aborts the module. So every FST is checked
        // node by node, without panicking, before the crate sees it.
        let lexicon_bytes = get(SEC_LEXICON)?;
        fst_check::check(lexicon_bytes)
            .map_err(|e| IndexError::Corrupt(format!("lexicon: {e}")))?;
        let lexicon = FstLexicon::new(lexicon_bytes.to_vec(), meta.log_total)
            .map_err(|e| IndexError::Corrupt(format!("lexicon: {e}")))?;
        let readings = Readings::from_bytes(get(SEC_PINYIN)?)?;
        let synonyms = Synonyms::from_bytes(get(SEC_SYNONYMS)?)?;
        // Absent from indexes built before the lexicon: none.
        let colloquial = match get(SEC_COLLOQUIAL) {
            Ok(b) => Colloquial::from_bytes(b)?,
            Err(_) => Colloquial::default(),
        };
        let term_dir = read_key_dir(get(SEC_TERM_DIR)?, "term directory")?;
        let id_dir = read_key_dir(get(SEC_ID_DIR)?, "identifier directory")?;
        let passage_dir = {
            let b = get(SEC_PASSAGE_DIR)?;
            let mut c = Cursor::new(b, "passage directory");
            let n = c.len(b.len())?;
            let mut v = Vec::with_capacity(n);
            for _ in 0..n {
                let p = c.u32()?;
                if v.last().is_some_and(|&l| l >= p) || p as usize >= meta.passages.max(1) {
                    return Err(IndexError::Corrupt("passage directory out of order".into()));
                }
                v.push(p);
            }
            v
        };
        let mut files = match get(SEC_FILES) {
            Ok(b) => read_files(b)?,
            Err(_) => Vec::new(),
        };
        // Counts read from the file size what a query allocates (an empty
        // query lists every matter) and how many record files a root
        // names: bound them by the format's limit and by the columns the
        // index actually holds, before anything is sized by them.
        if meta.docs > MAX_MATTERS {
            return Err(IndexError::Corrupt(format!(
                "meta: {} matters, more than the format's {MAX_MATTERS}",
                meta.docs
            )));
        }
        let column_room: usize = table
            .iter()
            .filter(|e| e.tag == SEC_COLUMNS)
            .map(|e| e.len / COLUMN_WIDTH)
            .chain(
                files
                    .iter()
                    .filter(|f| f.tag == SEC_COLUMNS)
                    .map(|f| f.raw / COLUMN_WIDTH),
            )
            .sum();
        if meta.docs > column_room {
            return Err(IndexError::Corrupt(format!(
                "meta: {} matters, but columns for {column_room}",
                meta.docs
            )));
        }
        if let Ok(b) = get(SEC_FILE_SETS) {
            read_file_sets(b, meta.docs, &mut files)?;
            crate::analysis::sort_by(&mut files, |a, b| (a.tag, a.chunk) < (b.tag, b.chunk));
            if files
                .windows(2)
                .any(|w| (w[0].tag, w[0].chunk) == (w[1].tag, w[1].chunk))
            {
                return Err(IndexError::Corrupt(
                    "file table: a chunk listed twice".into(),
                ));
            }
        }
        let slots = files.iter().map(|_| OnceLock::new()).collect();
        let mut file_runs: Vec<(Tag, usize, usize)> = Vec::new();
        for (i, f) in files.iter().enumerate() {
            match file_runs.last_mut() {
                Some(r) if r.0 == f.tag => r.2 += 1,
                _ => file_runs.push((f.tag, i, 1)),
            }
        }
        Ok(Index {
            inner: Arc::new(Inner {
                body: HEADER_LEN,
                table,
                files,
                file_runs,
                slots,
                missing: Mutex::new(Vec::new()),
                checked: Mutex::new(Vec::new()),
                loader,
                meta,
                lexicon,
                fold,
                readings,
                synonyms,
                colloquial,
                term_dir,
                id_dir,
                passage_dir,
                walks: [OnceLock::new(), OnceLock::new()],
                data,
            }),
        })
    }

    /// Whether this is the root of a split index.
    pub fn is_split(&self) -> bool {
        !self.inner.files.is_empty()
    }

    /// The names of the split files queries asked for and did not find,
    /// since the last call. A query that needed any of them gave partial
    /// results: add the files ([`Index::add_file`]) and ask again.
    pub fn take_missing(&self) -> Vec<String> {
        let mut m = match self.inner.missing.lock() {
            Ok(g) => g,
            Err(p) => p.into_inner(),
        };
        let mut names: Vec<String> = m
            .drain(..)
            .filter_map(|i| self.inner.files.get(i).map(|f| f.name.clone()))
            .collect();
        crate::analysis::sort_by(&mut names, |a, b| a < b);
        names.dedup();
        names
    }

    /// Whether any split file was asked for and not found since the last
    /// [`Index::take_missing`].
    pub fn has_missing(&self) -> bool {
        self.inner
            .missing
            .lock()
            .map(|m| !m.is_empty())
            .unwrap_or(true)
    }

    /// How many times a query asked for a split file it did not find
    /// since the last [`Index::take_missing`]: the engine compares it
    /// before and after a step to know whether that step was complete.
    pub(crate) fn missing_count(&self) -> usize {
        self.inner.missing.lock().map(|m| m.len()).unwrap_or(0)
    }

    /// Every split file, with its stored size and encoding (`FILE_RAW`,
    /// `FILE_DEFLATE`, `FILE_DEFLATE_DICT`), for loaders and tools.
    pub fn file_names(&self) -> Vec<(String, usize, u8)> {
        self.inner
            .files
            .iter()
            .map(|f| (f.name.clone(), f.stored, f.encoding))
            .collect()
    }

    /// The compression history `.z.bin` files continue (split indexes).
    pub fn compression_history(&self) -> Option<&[u8]> {
        self.chunk(SEC_DICTIONARY, 0)
    }

    /// Adds a split file's bytes, already decompressed (the JavaScript
    /// loader inflates them with the browser's `DecompressionStream`).
    /// Refuses bytes of the wrong length or checksum.
    pub fn add_file(&self, name: &str, raw: Vec<u8>) -> Result<(), IndexError> {
        let i = self
            .file_index(name)
            .ok_or_else(|| IndexError::Corrupt(format!("no file {name:?} in this index")))?;
        let f = &self.inner.files[i];
        let raw = checked(f, raw)?;
        let _ = self.inner.slots[i].set(raw.into_boxed_slice());
        Ok(())
    }

    /// The file named `name`: names are `tag-chunk.hash.suffix`, so the
    /// tag and chunk find it without a name table.
    fn file_index(&self, name: &str) -> Option<usize> {
        let (tag, rest) = name.split_once('-')?;
        let chunk: u32 = rest.split('.').next()?.parse().ok()?;
        let mut t = [b' '; 4];
        for (i, b) in tag.bytes().take(4).enumerate() {
            t[i] = b.to_ascii_uppercase();
        }
        let i = self
            .inner
            .files
            .binary_search_by(|f| (f.tag, f.chunk).cmp(&(t, chunk)))
            .ok()?;
        (self.inner.files[i].name == name).then_some(i)
    }

    /// Adds a split file as stored (compressed), decompressing it here.
    #[cfg(not(target_arch = "wasm32"))]
    pub fn add_stored_file(&self, name: &str, stored: &[u8]) -> Result<(), IndexError> {
        let f = self
            .inner
            .files
            .iter()
            .find(|f| f.name == name)
            .ok_or_else(|| IndexError::Corrupt(format!("no file {name:?} in this index")))?;
        let raw = self.inflate(f, stored)?;
        self.add_file(name, raw)
    }

    /// The bytes of a chunk, or `None` when the index has no such chunk
    /// (or, in a split index, its file is not loaded: it is then noted as
    /// missing).
    pub(crate) fn chunk(&self, tag: Tag, chunk: u32) -> Option<&[u8]> {
        let inner = &*self.inner;
        if let Ok(i) = inner
            .table
            .binary_search_by(|e| (e.tag, e.chunk).cmp(&(tag, chunk)))
        {
            let e = inner.table[i];
            return inner.data.bytes().get(e.at..e.at + e.len);
        }
        let &(_, start, len) = inner.file_runs.iter().find(|r| r.0 == tag)?;
        let run = inner.files.get(start..start + len)?;
        let at = chunk as usize;
        let i = start
            + if run.get(at).is_some_and(|f| f.chunk == chunk) {
                at
            } else {
                run.binary_search_by(|f| f.chunk.cmp(&chunk)).ok()?
            };
        if let Some(b) = inner.slots[i].get() {
            return Some(b);
        }
        if let Some(load) = &inner.loader {
            let f = &inner.files[i];
            #[cfg(not(target_arch = "wasm32"))]
            if let Ok(stored) = load(&f.name) {
                if let Ok(raw) = self.inflate(f, &stored).and_then(|r| checked(f, r)) {
                    let _ = inner.slots[i].set(raw.into_boxed_slice());
                    return inner.slots[i].get().map(|b| &b[..]);
                }
            }
            #[cfg(target_arch = "wasm32")]
            let _ = (load, f);
        }
        if let Ok(mut m) = inner.missing.lock() {
            if !m.contains(&i) {
                m.push(i);
            }
        }
        None
    }

    #[cfg(not(target_arch = "wasm32"))]
    fn inflate(&self, f: &FileEntry, stored: &[u8]) -> Result<Vec<u8>, IndexError> {
        let bad = |why: String| IndexError::Corrupt(format!("file {}: {why}", f.name));
        if !f.self_checked && stored.len() != f.stored {
            return Err(bad(format!(
                "{} bytes, the index says {}",
                stored.len(),
                f.stored
            )));
        }
        match f.encoding {
            FILE_RAW => Ok(stored.to_vec()),
            FILE_DEFLATE => miniz_oxide::inflate::decompress_to_vec_with_limit(stored, 1 << 30)
                .map_err(|e| bad(format!("cannot inflate: {e:?}"))),
            FILE_DEFLATE_DICT => {
                let dict = self
                    .chunk(SEC_DICTIONARY, 0)
                    .ok_or_else(|| bad("the compression history is missing".into()))?;
                let mut c = Cursor::new(dict, "compression history");
                let skip = c.u32()? as usize;
                let mut all = c.data[4..].to_vec();
                all.extend_from_slice(stored);
                let out = miniz_oxide::inflate::decompress_to_vec_with_limit(&all, 1 << 30)
                    .map_err(|e| bad(format!("cannot inflate: {e:?}")))?;
                Ok(out.get(skip..).unwrap_or_default().to_vec())
            }
            e => Err(bad(format!("unknown encoding {e}"))),
        }
    }

    /// Normalizes text as the index's analyzer does (the query path's
    /// normalization: same result as `analysis::normalize` for every
    /// character the catalogue can match).
    pub fn normalize(&self, text: &str) -> String {
        crate::analysis::normalize_with(text, &self.inner.fold)
    }

    /// The character folding table stored in the index.
    pub fn fold_table(&self) -> &crate::analysis::FoldTable {
        &self.inner.fold
    }

    /// Number of matters.
    pub fn len(&self) -> usize {
        self.inner.meta.docs
    }

    /// Whether the index has no matters.
    pub fn is_empty(&self) -> bool {
        self.inner.meta.docs == 0
    }

    /// Number of distinct texts (passages) the postings point at.
    pub fn passages(&self) -> usize {
        self.inner.meta.passages
    }

    /// The catalogue's title.
    pub fn title(&self) -> &str {
        &self.inner.meta.title
    }

    /// The catalogue's authority (发布机关), if given.
    pub fn authority(&self) -> Option<&str> {
        Some(self.inner.meta.authority.as_str()).filter(|s| !s.is_empty())
    }

    /// The catalogue's version, if given.
    pub fn version(&self) -> Option<&str> {
        Some(self.inner.meta.version.as_str()).filter(|s| !s.is_empty())
    }

    /// The department table (declared ones first).
    pub fn departments(&self) -> &[DepartmentEntry] {
        &self.inner.meta.departments
    }

    /// The distinct 服务对象 of the catalogue.
    pub fn targets(&self) -> &[String] {
        &self.inner.meta.targets
    }

    /// The stored lexicon used to cut queries.
    pub fn lexicon(&self) -> &FstLexicon<Vec<u8>> {
        &self.inner.lexicon
    }

    /// Pinyin readings of the catalogue's characters.
    pub fn readings(&self) -> &Readings {
        &self.inner.readings
    }

    /// The synonym groups applied to queries.
    pub fn synonyms(&self) -> &Synonyms {
        &self.inner.synonyms
    }

    /// Everyday names of the formal terms this catalogue uses.
    pub fn colloquial(&self) -> &Colloquial {
        &self.inner.colloquial
    }

    pub(crate) fn avg_len(&self, f: Field) -> f32 {
        self.inner
            .meta
            .avg_len
            .get(f as usize)
            .copied()
            .unwrap_or(1.0)
            .max(1.0)
    }

    /// An FST chunk, checked once before the `fst` crate reads it.
    fn fst_chunk(&self, tag: Tag, chunk: u32) -> Option<(fst::Map<&[u8]>, &[u8])> {
        let b = self.chunk(tag, chunk)?;
        let mut c = Cursor::new(b, "chunk");
        let n = c.u32().ok()? as usize;
        let fst_bytes = b.get(4..4 + n)?;
        let rest = b.get(4 + n..)?;
        let done = self
            .inner
            .checked
            .lock()
            .map(|v| v.contains(&(tag, chunk)))
            .unwrap_or(false);
        if !done {
            fst_check::check(fst_bytes).ok()?;
            if let Ok(mut v) = self.inner.checked.lock() {
                v.push((tag, chunk));
            }
        }
        Some((fst::Map::new(fst_bytes).ok()?, rest))
    }

    /// The chunk of a key-range directory that holds `key`.
    fn dir_chunk(dir: &[Vec<u8>], key: &[u8]) -> u32 {
        dir.partition_point(|k| k.as_slice() <= key)
            .saturating_sub(1) as u32
    }

    /// The postings of a gram (a CJK character or bigram, or a Latin or
    /// number word): the passages containing it, with positions. Empty
    /// when the gram does not occur (or a corrupt list: the query
    /// degrades, never panics).
    /// How many passages hold a gram, read from the head of its list
    /// without decoding it (0 when absent): a pinyin walk's spellings are
    /// ordered by it before the likeliest are looked up.
    pub(crate) fn gram_passages(&self, key: &str) -> usize {
        let chunk = Self::dir_chunk(&self.inner.term_dir, key.as_bytes());
        let Some((map, lists)) = self.fst_chunk(SEC_TERMS, chunk) else {
            return 0;
        };
        let Some(data) = map.get(key).and_then(|off| lists.get(off as usize..)) else {
            return 0;
        };
        let max = self.passages().min(data.len() / 2);
        Cursor::new(data, "postings").len(max).unwrap_or(0)
    }

    pub(crate) fn gram(&self, key: &str) -> Vec<Posting> {
        let chunk = Self::dir_chunk(&self.inner.term_dir, key.as_bytes());
        let Some((map, lists)) = self.fst_chunk(SEC_TERMS, chunk) else {
            return Vec::new();
        };
        let Some(off) = map.get(key) else {
            return Vec::new();
        };
        let Some(data) = lists.get(off as usize..) else {
            return Vec::new();
        };
        read_postings(&mut Cursor::new(data, "postings"), self.passages()).unwrap_or_default()
    }

    /// Whether a gram occurs in the catalogue.
    pub(crate) fn has_gram(&self, key: &str) -> bool {
        let chunk = Self::dir_chunk(&self.inner.term_dir, key.as_bytes());
        self.fst_chunk(SEC_TERMS, chunk)
            .is_some_and(|(map, _)| map.contains_key(key))
    }

    /// Grams in `[lo, hi)`, at most `limit` of them, with their postings.
    pub(crate) fn gram_range(
        &self,
        lo: &[u8],
        hi: &[u8],
        limit: usize,
    ) -> Vec<(String, Vec<Posting>)> {
        use fst::{IntoStreamer, Streamer};
        let mut out = Vec::new();
        let first = Self::dir_chunk(&self.inner.term_dir, lo);
        let last = Self::dir_chunk(&self.inner.term_dir, hi);
        for chunk in first..=last {
            let Some((map, lists)) = self.fst_chunk(SEC_TERMS, chunk) else {
                continue;
            };
            let mut s = map.range().ge(lo).lt(hi).into_stream();
            while let Some((k, off)) = s.next() {
                if out.len() >= limit {
                    return out;
                }
                let list = lists
                    .get(off as usize..)
                    .and_then(|d| {
                        read_postings(&mut Cursor::new(d, "postings"), self.passages()).ok()
                    })
                    .unwrap_or_default();
                out.push((String::from_utf8_lossy(k).into_owned(), list));
            }
        }
        out
    }

    /// Runs `f` over the FST of every term chunk that may hold Latin or
    /// number words (they sort before every CJK gram).
    pub(crate) fn latin_term_fsts(&self, mut f: impl FnMut(&fst::raw::Fst<&[u8]>)) {
        let last = Self::dir_chunk(&self.inner.term_dir, &[0x80]);
        for chunk in 0..=last {
            if let Some((map, _)) = self.fst_chunk(SEC_TERMS, chunk) {
                f(map.as_fst());
            }
        }
    }

    /// The (matter, field slot) pairs that use passage `p`, appended.
    pub(crate) fn occurrences(&self, p: u32, out: &mut Vec<(u32, u8)>) {
        let dir = &self.inner.passage_dir;
        let chunk = dir.partition_point(|&f| f <= p).saturating_sub(1);
        let Some(first) = dir.get(chunk) else { return };
        let Some(b) = self.chunk(SEC_PASSAGES, chunk as u32) else {
            return;
        };
        let Ok(e) = offset_entry(b, (p - first) as usize) else {
            return;
        };
        let before = out.len();
        if read_occurrences(&mut Cursor::new(e, "passage"), self.len(), out).is_err() {
            out.truncate(before);
        }
    }

    /// The bigram set of names and aliases (`names`) or of the other texts.
    pub(crate) fn gram_set(&self, names: bool) -> Option<fst::Set<&[u8]>> {
        let tag = if names {
            SEC_NAME_GRAMS
        } else {
            SEC_TEXT_GRAMS
        };
        let (map, _) = self.fst_chunk(tag, 0)?;
        Some(fst::Set::from(map.into_fst()))
    }

    /// The bigram graph of names and aliases (`names`) or of the other
    /// texts, for pinyin walks; `None` while its file is not loaded.
    pub(crate) fn walk(&self, names: bool) -> Option<&crate::analysis::pinyin::Walk> {
        let slot = &self.inner.walks[usize::from(!names)];
        if let Some(w) = slot.get() {
            return Some(w);
        }
        let set = self.gram_set(names)?;
        let mut w = crate::analysis::pinyin::Walk::new(&set);
        w.learn_letters(self.readings());
        Some(slot.get_or_init(|| w))
    }

    /// Matters of a kind, or of a 服务对象 (`target`), sorted.
    pub(crate) fn doc_list(&self, tag: Tag, chunk: u32) -> Vec<u32> {
        let mut out = Vec::new();
        if let Some(b) = self.chunk(tag, chunk) {
            if read_doc_list(&mut Cursor::new(b, "matter list"), self.len(), &mut out).is_err() {
                out.clear();
            }
        }
        out
    }

    pub(crate) fn kind_docs(&self, k: Kind) -> Vec<u32> {
        self.doc_list(SEC_KINDS, u32::from(k.code()))
    }

    pub(crate) fn target_docs(&self, t: usize) -> Vec<u32> {
        self.doc_list(SEC_TARGETS, t as u32)
    }

    /// The filter/facet columns of document `doc`.
    pub fn columns(&self, doc: u32) -> Columns {
        let per = self.inner.meta.cols_per_chunk.max(1);
        let (chunk, i) = (doc as usize / per, doc as usize % per);
        let Some(c) = self
            .chunk(SEC_COLUMNS, chunk as u32)
            .and_then(|b| b.get(i * COLUMN_WIDTH..(i + 1) * COLUMN_WIDTH))
        else {
            return Columns::missing();
        };
        let opt = |v: u16| (v != NONE_U16).then_some(v);
        let flags = c[5];
        let mut lens = [0u16; TEXT_FIELDS];
        for (f, l) in lens.iter_mut().enumerate() {
            *l = read_u16(c, 14 + 2 * f);
        }
        Columns {
            department: opt(u16::from_le_bytes([c[0], c[1]]))
                .filter(|&d| (d as usize) < self.inner.meta.departments.len()),
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
            name_len: read_u16(c, 12),
            lens,
        }
    }

    /// The stored record of document `doc`.
    pub fn doc(&self, doc: u32) -> Result<Doc<'_>, IndexError> {
        let i = doc as usize;
        if i >= self.inner.meta.docs {
            return Err(IndexError::Corrupt(format!("no document {doc}")));
        }
        let per = self.inner.meta.docs_per_chunk.max(1);
        let b = self.chunk(SEC_DOCS, (i / per) as u32).ok_or_else(|| {
            IndexError::Corrupt(format!("the records of document {doc} are not loaded"))
        })?;
        let e = offset_entry(b, i % per)?;
        let mut c = Cursor::new(e, "record");
        let id = c.str()?;
        let name = c.str()?;
        let n = c.len(e.len())?;
        let mut texts = Vec::with_capacity(n);
        for _ in 0..n {
            let f = c.u8()?;
            let f = Field::from_u8(f)
                .filter(|f| (*f as usize) < TEXT_FIELDS)
                .ok_or_else(|| IndexError::Corrupt(format!("document {doc}: field {f}")))?;
            texts.push((f, c.str()?));
        }
        let placeholders = c.u8()? != 0;
        let json = c.str()?;
        Ok(Doc {
            id,
            name,
            texts,
            json,
            placeholders,
        })
    }

    /// The full record of document `doc`, as the catalogue gave it (the
    /// department as its id).
    pub fn matter(&self, doc: u32) -> Result<Matter, IndexError> {
        let j = self.matter_json(doc)?;
        serde_json::from_str(&j)
            .map_err(|e| IndexError::Corrupt(format!("document {doc} record: {e}")))
    }

    /// The full record of document `doc` as JSON text, the same object
    /// [`Index::matter`] gives, built without a JSON parser: the browser
    /// hands it to `JSON.parse`, so the WebAssembly module carries no
    /// deserializer for the catalogue model.
    pub fn matter_json(&self, doc: u32) -> Result<String, IndexError> {
        let d = self.doc(doc)?;
        if !d.placeholders {
            return Ok(d.json.to_string());
        }
        // Each searchable text is stored once, in `texts`; the JSON holds
        // `"\u{FDD0}k"` in its place.
        let mut out = String::with_capacity(d.json.len() * 2);
        let mut rest = d.json;
        while let Some(at) = rest.find("\"\u{FDD0}") {
            out.push_str(&rest[..at]);
            let after = &rest[at + 1 + '\u{FDD0}'.len_utf8()..];
            let digits = after.bytes().take_while(u8::is_ascii_digit).count();
            let k: usize = after[..digits]
                .parse()
                .map_err(|_| IndexError::Corrupt(format!("document {doc}: bad text reference")))?;
            let text = d
                .texts
                .get(k)
                .ok_or_else(|| IndexError::Corrupt(format!("document {doc}: text {k} missing")))?;
            json_str(&mut out, text.1);
            rest = after[digits..].strip_prefix('"').ok_or_else(|| {
                IndexError::Corrupt(format!("document {doc}: bad text reference"))
            })?;
        }
        out.push_str(rest);
        Ok(out)
    }

    /// The documents whose folded id or code is `key`.
    fn id_docs(&self, key: &str) -> Vec<u32> {
        let mut out = Vec::new();
        let mut k = key.to_string();
        for n in 0..64u32 {
            if n > 0 {
                k = format!("{key}\u{0}{n}");
            }
            let chunk = Self::dir_chunk(&self.inner.id_dir, k.as_bytes());
            let Some(v) = self.fst_chunk(SEC_IDS, chunk).and_then(|(m, _)| m.get(&k)) else {
                break;
            };
            if v < self.len() as u64 {
                out.push(v as u32);
            }
        }
        out
    }

    /// The document whose id or code is `query` once folded (an id equal
    /// as typed wins over one equal after folding).
    pub(crate) fn exact_identifier(&self, query: &str) -> Option<u32> {
        let key: String = query.chars().map(fold_identifier_char).collect();
        let docs = self.id_docs(&key);
        if docs.len() > 1 {
            for &d in &docs {
                if let Ok(r) = self.doc(d) {
                    if r.id == query {
                        return Some(d);
                    }
                }
            }
        }
        docs.first().copied()
    }

    /// Documents with an id or code starting with `prefix` (folded), at
    /// most `limit` keys.
    pub(crate) fn identifier_prefix(&self, prefix: &str, limit: usize) -> Vec<u32> {
        use fst::{IntoStreamer, Streamer};
        let lo: String = prefix.chars().map(fold_identifier_char).collect();
        let mut hi = lo.clone().into_bytes();
        hi.push(0xFF);
        let mut out = Vec::new();
        let first = Self::dir_chunk(&self.inner.id_dir, lo.as_bytes());
        let last = Self::dir_chunk(&self.inner.id_dir, &hi);
        let mut keys = 0;
        for chunk in first..=last {
            let Some((map, _)) = self.fst_chunk(SEC_IDS, chunk) else {
                continue;
            };
            let mut s = map.range().ge(&lo).lt(&hi).into_stream();
            while let Some((_, v)) = s.next() {
                keys += 1;
                if keys > limit {
                    break;
                }
                if v < self.len() as u64 {
                    out.push(v as u32);
                }
            }
        }
        crate::analysis::sort_ints(&mut out);
        out.dedup();
        out
    }

    /// The document number of the matter with this id.
    pub fn find_id(&self, id: &str) -> Option<u32> {
        let key: String = id.chars().map(fold_identifier_char).collect();
        self.id_docs(&key)
            .into_iter()
            .find(|&i| self.doc(i).is_ok_and(|d| d.id == id))
    }

    /// The full record of the matter with this id.
    pub fn matter_by_id(&self, id: &str) -> Result<Option<Matter>, IndexError> {
        match self.find_id(id) {
            Some(i) => self.matter(i).map(Some),
            None => Ok(None),
        }
    }

    /// Section sizes and counts.
    pub fn stats(&self) -> IndexStats {
        use fst::Streamer;
        let inner = &*self.inner;
        let mut terms = 0;
        let mut postings = 0;
        for chunk in 0..inner.term_dir.len() as u32 {
            if let Some((map, lists)) = self.fst_chunk(SEC_TERMS, chunk) {
                let mut s = map.stream();
                while let Some((_, off)) = s.next() {
                    terms += 1;
                    if let Some(d) = lists.get(off as usize..) {
                        if let Ok(l) =
                            read_postings(&mut Cursor::new(d, "postings"), self.passages())
                        {
                            postings += l.len();
                        }
                    }
                }
            }
        }
        let mut sizes: Vec<(String, usize)> = vec![(
            "header+table".to_string(),
            inner.body + 4 + inner.table.len() * TABLE_ENTRY,
        )];
        let mut add = |tag: &Tag, len: usize| {
            let name = tag_name(tag);
            match sizes.iter_mut().find(|s| s.0 == name) {
                Some(s) => s.1 += len,
                None => sizes.push((name, len)),
            }
        };
        for e in &inner.table {
            add(&e.tag, e.len);
        }
        for f in &inner.files {
            add(&f.tag, f.stored);
        }
        IndexStats {
            total_bytes: inner.data.bytes().len()
                + inner.files.iter().map(|f| f.stored).sum::<usize>(),
            matters: self.len(),
            departments: inner.meta.departments.len(),
            terms,
            postings,
            inline_postings: 0,
            lexicon_words: inner.lexicon.len(),
            sections: sizes,
            files: inner.files.len(),
            passages: inner.meta.passages,
        }
    }

    /// Walks every document, decoding it fully; returns the first problem.
    /// `from_bytes` already checks the checksum, so this is for tools.
    pub fn verify(&self) -> Result<(), IndexError> {
        for i in 0..self.len() as u32 {
            self.matter(i)?;
        }
        // Walk the passages chunk by chunk, as many as each chunk holds:
        // the count in the meta is the file's word, and a forged one must
        // not make this loop over four billion passages that are not there.
        let dir = &self.inner.passage_dir;
        let mut v = Vec::new();
        let mut held_total = 0usize;
        let mut all_read = true;
        for (chunk, &first) in dir.iter().enumerate() {
            let Some(b) = self.chunk(SEC_PASSAGES, chunk as u32) else {
                all_read = false;
                continue;
            };
            let end = dir
                .get(chunk + 1)
                .copied()
                .unwrap_or(self.passages() as u32);
            let held = offset_count(b).min((end - first) as usize);
            if offset_count(b) != (end - first) as usize {
                return Err(IndexError::Corrupt(format!(
                    "passage chunk {chunk} holds {} passages, the directory and meta \
                     ({} passages) say {}",
                    offset_count(b),
                    self.passages(),
                    end - first
                )));
            }
            for i in 0..held {
                let e = offset_entry(b, i).map_err(|e| IndexError::Corrupt(e.0))?;
                v.clear();
                read_occurrences(&mut Cursor::new(e, "passage"), self.len(), &mut v).map_err(
                    |e| IndexError::Corrupt(format!("passage {}: {e}", first as usize + i)),
                )?;
            }
            held_total += held;
        }
        if all_read && held_total != self.passages() {
            return Err(IndexError::Corrupt(format!(
                "meta: {} passages, but the passage sections hold {held_total}",
                self.passages()
            )));
        }
        if self.has_missing() {
            return Err(IndexError::Io(format!(
                "files of the split index could not be read: {}",
                self.take_missing().join(", ")
            )));
        }
        Ok(())
    }
}

fn read_key_dir(b: &[u8], what: &'static str) -> Result<Vec<Vec<u8>>, IndexError> {
    let mut c = Cursor::new(b, what);
    let n = c.len(b.len())?;
    let mut v: Vec<Vec<u8>> = Vec::with_capacity(n);
    for _ in 0..n {
        let k = c.len(b.len())?;
        let k = c.bytes(k)?.to_vec();
        if v.last().is_some_and(|l| *l >= k) {
            return Err(IndexError::Corrupt(format!("{what} out of order")));
        }
        v.push(k);
    }
    Ok(v)
}

/// A file's inflated bytes, checked against its length and checksum (from
/// the file table, or from its first eight bytes for a file of a set),
/// without those eight bytes.
fn checked(f: &FileEntry, mut raw: Vec<u8>) -> Result<Vec<u8>, IndexError> {
    let bad = || {
        IndexError::Corrupt(format!(
            "file {}: bytes that do not match the index",
            f.name
        ))
    };
    if f.self_checked {
        let (Some(crc), Some(len)) = (read_u32(&raw, 0), read_u32(&raw, 4)) else {
            return Err(bad());
        };
        raw.drain(..8);
        if raw.len() != len as usize || crc32(&raw) != crc {
            return Err(bad());
        }
        return Ok(raw);
    }
    if raw.len() != f.raw || crc32(&raw) != f.crc {
        return Err(bad());
    }
    Ok(raw)
}

/// Expands the file sets of a split root: one entry per chunk, named
/// `tag-chunk.hash.suffix`.
fn read_file_sets(b: &[u8], docs: usize, out: &mut Vec<FileEntry>) -> Result<(), IndexError> {
    let mut c = Cursor::new(b, "file sets");
    let n = c.len(16)?;
    for _ in 0..n {
        let t = c.bytes(4)?;
        let tag = [t[0], t[1], t[2], t[3]];
        let count = c.len(docs.max(1))?;
        let hash = c.str()?;
        if hash.is_empty() || !hash.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(IndexError::Corrupt(format!("file sets: bad hash {hash:?}")));
        }
        let encoding = c.u8()?;
        let suffix = match encoding {
            FILE_RAW => "bin",
            FILE_DEFLATE => "d.bin",
            FILE_DEFLATE_DICT => "z.bin",
            e => return Err(IndexError::Corrupt(format!("file sets: encoding {e}"))),
        };
        let stem = tag_name(&tag).to_ascii_lowercase();
        out.reserve(count);
        for chunk in 0..count as u32 {
            out.push(FileEntry {
                tag,
                chunk,
                name: format!("{stem}-{chunk}.{hash}.{suffix}"),
                stored: 0,
                raw: 0,
                crc: 0,
                encoding,
                self_checked: true,
            });
        }
    }
    Ok(())
}

fn read_files(b: &[u8]) -> Result<Vec<FileEntry>, IndexError> {
    let mut c = Cursor::new(b, "file table");
    let n = c.len(b.len())?;
    let mut v: Vec<FileEntry> = Vec::with_capacity(n);
    for _ in 0..n {
        let t = c.bytes(4)?;
        let tag = [t[0], t[1], t[2], t[3]];
        let chunk = c.u32()?;
        let name = c.str()?.to_string();
        if name.is_empty()
            || !name
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'.' || b == b'-' || b == b'_')
        {
            return Err(IndexError::Corrupt(format!(
                "file table: bad file name {name:?}"
            )));
        }
        let stored = c.u32()? as usize;
        let raw = c.u32()? as usize;
        let crc = c.u32()?;
        let encoding = c.u8()?;
        if encoding > FILE_DEFLATE_DICT {
            return Err(IndexError::Corrupt(format!(
                "file {name}: encoding {encoding}"
            )));
        }
        if v.last().is_some_and(|l| (l.tag, l.chunk) >= (tag, chunk)) {
            return Err(IndexError::Corrupt("file table out of order".into()));
        }
        v.push(FileEntry {
            tag,
            chunk,
            name,
            stored,
            raw,
            crc,
            encoding,
            self_checked: false,
        });
    }
    Ok(v)
}

fn read_meta(b: &[u8]) -> Result<Meta, IndexError> {
    let mut c = Cursor::new(b, "meta");
    let title = c.str()?.to_string();
    let authority = c.str()?.to_string();
    let version = c.str()?.to_string();
    let docs = c.u32()? as usize;
    let passages = c.u32()? as usize;
    let cols_per_chunk = c.u32()? as usize;
    let docs_per_chunk = c.u32()? as usize;
    if cols_per_chunk == 0 || docs_per_chunk == 0 {
        return Err(IndexError::Corrupt("meta: chunk size 0".into()));
    }
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
        passages,
        avg_len,
        log_total,
        departments,
        targets,
        cols_per_chunk,
        docs_per_chunk,
    })
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
