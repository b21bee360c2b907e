//! Turns a validated [`Catalogue`] into index bytes.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use super::format::*;
use super::{BuildError, Field, TEXT_FIELDS};
use crate::analysis::{
    self, normalize, Colloquial, Lexicon, LexiconBuilder, Readings, Synonyms, TokenKind,
};
use crate::catalogue::{Catalogue, DayUnit, Matter};

/// Frequency given to the catalogue's own terms and to user-dictionary
/// words without a frequency: high enough that they are kept whole.
pub const DEFAULT_TERM_FREQ: u64 = 3000;

/// General-dictionary words are stored only if this many matters use them.
pub const MIN_GENERAL_WORD_DF: u32 = 2;

/// In how many documents (lists of CJK runs) each word of `lex` occurs.
/// FNV-1a for the builder's string-keyed maps: their keys come from the
/// catalogue being built, not from an adversary, and SipHash was a few
/// per cent of a build.
#[derive(Clone, Copy, Default)]
struct FastHash;

struct Fnv(u64);

impl std::hash::BuildHasher for FastHash {
    type Hasher = Fnv;
    fn build_hasher(&self) -> Fnv {
        Fnv(0xcbf2_9ce4_8422_2325)
    }
}

impl std::hash::Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
}

/// In how many matters each general word occurs. Keys borrow from the
/// runs: no string is copied per matter.
fn word_df<'r>(
    lex: &LexiconBuilder,
    doc_runs: &'r [Vec<String>],
) -> HashMap<&'r str, u32, FastHash> {
    let fst = lex.build_all();
    let mut df: HashMap<&'r str, u32, FastHash> = HashMap::default();
    let mut seen: std::collections::HashSet<&'r str, FastHash> = Default::default();
    for runs in doc_runs {
        seen.clear();
        for r in runs {
            for (i, _) in r.char_indices() {
                let tail = &r[i..];
                fst.prefixes(tail, &mut |len, _| {
                    seen.insert(&tail[..len]);
                });
            }
        }
        for w in seen.drain() {
            *df.entry(w).or_default() += 1;
        }
    }
    df
}

/// Reports a long build's progress: a stage name, work done, work in all.
pub type Progress = std::sync::Arc<dyn Fn(&str, usize, usize) + Send + Sync>;

/// Builds index files. Deterministic: the same catalogue, options and
/// dictionary give the same bytes.
#[derive(Clone)]
pub struct IndexBuilder {
    user_words: Vec<(String, u64)>,
    general_dictionary: bool,
    synonyms: Synonyms,
    /// The lexicon compiled in (`data/colloquial.txt`, with `dict`).
    default_colloquial: bool,
    colloquial: Colloquial,
    progress: Option<Progress>,
}

impl std::fmt::Debug for IndexBuilder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("IndexBuilder")
            .field("user_words", &self.user_words.len())
            .field("general_dictionary", &self.general_dictionary)
            .finish()
    }
}

impl Default for IndexBuilder {
    fn default() -> Self {
        Self::new()
    }
}

impl IndexBuilder {
    /// A builder that uses the general dictionary when the crate is built
    /// with the `dict` feature, and only the catalogue's own terms otherwise.
    pub fn new() -> Self {
        IndexBuilder {
            user_words: Vec::new(),
            general_dictionary: cfg!(feature = "dict"),
            synonyms: Synonyms::default(),
            default_colloquial: cfg!(feature = "dict"),
            colloquial: Colloquial::default(),
            progress: None,
        }
    }

    /// Leaves out (or puts back, when compiled in) the everyday-names
    /// lexicon `data/colloquial.txt`; files given to
    /// [`IndexBuilder::colloquial`] are used either way.
    pub fn default_colloquial(mut self, on: bool) -> Self {
        self.default_colloquial = on && cfg!(feature = "dict");
        self
    }

    /// Adds a lexicon of everyday names (`公共租赁住房 ← 公租房 | source`
    /// per line, the format of `data/colloquial.txt`); `source` names the
    /// file in errors. Only entries whose formal term the catalogue uses
    /// reach the index.
    pub fn colloquial(&mut self, text: &str, source: &str) -> Result<&mut Self, BuildError> {
        let c = Colloquial::parse(text, source).map_err(BuildError::Colloquial)?;
        self.colloquial.extend(c);
        Ok(self)
    }

    /// Calls `f(stage, done, total)` as the build goes (the command-line
    /// tool draws a progress bar with it).
    pub fn on_progress(mut self, f: Progress) -> Self {
        self.progress = Some(f);
        self
    }

    fn report(&self, stage: &str, done: usize, total: usize) {
        if let Some(p) = &self.progress {
            p(stage, done, total);
        }
    }

    /// Turns the general dictionary off (or on, when compiled in).
    pub fn general_dictionary(mut self, on: bool) -> Self {
        self.general_dictionary = on && cfg!(feature = "dict");
        self
    }

    /// Adds a user dictionary: one word per line, optionally followed by a
    /// frequency (jieba's `word freq [tag]` format); `#` starts a comment.
    /// `source` names the file in errors.
    pub fn user_dictionary(&mut self, text: &str, source: &str) -> Result<&mut Self, BuildError> {
        let mut errors = Vec::new();
        for (i, line) in text.lines().enumerate() {
            let line = line.split('#').next().unwrap_or("").trim();
            if line.is_empty() {
                continue;
            }
            let mut parts = line.split_whitespace();
            let word = parts.next().unwrap_or("");
            let freq = match parts.next() {
                None => DEFAULT_TERM_FREQ,
                Some(f) => match f.parse::<u64>() {
                    Ok(f) => f,
                    Err(_) => {
                        errors.push(format!(
                            "{source}:{}: frequency {f:?} is not a whole number",
                            i + 1
                        ));
                        continue;
                    }
                },
            };
            self.user_words.push((normalize(word), freq));
        }
        if errors.is_empty() {
            Ok(self)
        } else {
            Err(BuildError::UserDictionary(errors))
        }
    }

    /// Adds a synonym file: one group of terms that mean the same per line
    /// (`外资 外商投资`), separated by spaces, commas or `=`; `#` starts a
    /// comment. Groups none of whose terms the catalogue uses are dropped.
    pub fn synonyms(&mut self, text: &str, source: &str) -> Result<&mut Self, BuildError> {
        let s = Synonyms::parse(text, source).map_err(BuildError::Synonyms)?;
        self.synonyms.extend(s);
        let total = self.synonyms.terms();
        if total > crate::analysis::synonyms::MAX_SYNONYM_TERMS {
            return Err(BuildError::Synonyms(vec![format!(
                "{source}: {total} synonym terms in all, at most {}",
                crate::analysis::synonyms::MAX_SYNONYM_TERMS
            )]));
        }
        Ok(self)
    }

    /// The build-time lexicon of a catalogue (general-dictionary words found
    /// in it, its own terms, the user dictionary) and the words of it that
    /// the index stores: those on the best cuts of the catalogue's text and
    /// their sub-words. Cutting any text of the catalogue with the stored
    /// words gives the same cut as with the full lexicon.
    pub fn lexicon(&self, cat: &Catalogue) -> Result<(LexiconBuilder, Vec<String>), BuildError> {
        let b = Build::new(self, cat)?;
        Ok((b.lexicon, b.stored_words.into_iter().collect()))
    }

    /// Validates the catalogue and builds the index bytes.
    pub fn build(&self, cat: &Catalogue) -> Result<Vec<u8>, BuildError> {
        Ok(self.build_chunks(cat)?.to_bytes())
    }

    /// Validates the catalogue and builds the chunks of its index, for
    /// [`Chunks::to_bytes`] (one file) or a split folder.
    pub fn build_chunks(&self, cat: &Catalogue) -> Result<Chunks, BuildError> {
        let problems: Vec<_> = cat
            .validate()
            .into_iter()
            .filter(|p| p.severity == crate::catalogue::Severity::Error)
            .collect();
        if !problems.is_empty() {
            return Err(BuildError::Invalid(crate::catalogue::CatalogueError {
                problems,
            }));
        }
        if cat.matters.len() > super::format::MAX_MATTERS {
            return Err(BuildError::TooLarge(format!(
                "{} matters, at most {}",
                cat.matters.len(),
                super::format::MAX_MATTERS
            )));
        }
        Build::new(self, cat)?.write()
    }
}

/// Visits every searchable text of a matter other than its name, in a
/// fixed order, each exactly as one string of the record: the index stores
/// each once, and the record refers to it by its number in this order.
pub(crate) fn visit_texts(m: &mut Matter, f: &mut dyn FnMut(Field, &mut String)) {
    for a in &mut m.aliases {
        f(Field::Alias, a);
    }
    for x in &mut m.forms {
        f(Field::Form, &mut x.title);
    }
    for b in &mut m.basis {
        f(Field::Basis, &mut b.title);
        if let Some(a) = &mut b.article {
            f(Field::Basis, a);
        }
    }
    for c in &mut m.conditions {
        f(Field::Condition, c);
    }
    for x in &mut m.materials {
        f(Field::Material, &mut x.name);
    }
    for s in &mut m.procedure {
        f(Field::Procedure, &mut s.step);
        if let Some(d) = &mut s.description {
            f(Field::Procedure, d);
        }
    }
    let mut other = |s: &mut String| f(Field::Other, s);
    for t in &mut m.targets {
        other(t);
    }
    if let Some(l) = &mut m.level {
        other(l);
    }
    for b in &mut m.basis {
        if let Some(t) = &mut b.text {
            other(t);
        }
    }
    for x in &mut m.materials {
        if let Some(n) = &mut x.note {
            other(n);
        }
    }
    for q in &mut m.faq {
        other(&mut q.question);
        other(&mut q.answer);
    }
    for x in &mut m.forms {
        for fl in &mut x.fields {
            other(&mut fl.label);
        }
        if let Some(t) = &mut x.text {
            other(t);
        }
    }
    if let Some(c) = &mut m.case_type {
        other(c);
    }
    if let Some(fee) = &mut m.fee {
        if let Some(s) = &mut fee.standard {
            other(s);
        }
        if let Some(s) = &mut fee.basis {
            other(s);
        }
    }
    if let Some(r) = &mut m.result {
        if let Some(n) = &mut r.name {
            other(n);
        }
    }
    if let Some(t) = &mut m.time_limit {
        if let Some(n) = &mut t.note {
            other(n);
        }
    }
    if let Some(n) = &mut m.notes {
        other(n);
    }
    if let Some(n) = &mut m.status_note {
        other(n);
    }
}

/// The searchable texts of a matter other than its name (blank ones
/// left out), in [`visit_texts`] order.
pub(crate) fn doc_texts(m: &Matter) -> Vec<(Field, String)> {
    let mut m = m.clone();
    let mut out = Vec::new();
    visit_texts(&mut m, &mut |f, s| {
        if !s.trim().is_empty() {
            out.push((f, s.clone()));
        }
    });
    out
}

/// Marks a text reference in a stored record (a noncharacter: catalogue
/// text that contains it is stored without references).
const TEXT_REF: char = '\u{FDD0}';

/// The record as JSON with each searchable text replaced by a reference
/// to its number, and whether references were used. The department is
/// written as its id.
fn record_json(m: &Matter, dept_id: Option<&str>) -> Result<(String, bool), BuildError> {
    let mut r = m.clone();
    r.department = dept_id.map(str::to_string);
    let plain = serde_json::to_string(&r)
        .map_err(|e| BuildError::TooLarge(format!("cannot serialize matter {}: {e}", m.id)))?;
    if plain.contains(TEXT_REF) {
        return Ok((plain, false));
    }
    let mut k = 0usize;
    visit_texts(&mut r, &mut |_, s| {
        if !s.trim().is_empty() {
            *s = format!("{TEXT_REF}{k}");
            k += 1;
        }
    });
    let json = serde_json::to_string(&r)
        .map_err(|e| BuildError::TooLarge(format!("cannot serialize matter {}: {e}", m.id)))?;
    Ok((json, true))
}

/// Catalogue terms worth keeping whole when cutting: aliases, titles in
/// 《》 and department names. Matter names are not added whole: exact-name
/// matches are found against the stored names, and a whole name as one
/// word would only make its parts harder to find.
fn catalogue_terms(cat: &Catalogue) -> Vec<String> {
    let mut terms = Vec::new();
    for d in &cat.departments {
        terms.push(d.name.clone());
        terms.extend(d.aliases.iter().cloned());
    }
    for m in &cat.matters {
        terms.extend(m.aliases.iter().cloned());
        let mut all = vec![m.name.as_str()];
        all.extend(m.basis.iter().map(|b| b.title.as_str()));
        all.extend(m.basis.iter().filter_map(|b| b.text.as_deref()));
        all.extend(m.conditions.iter().map(String::as_str));
        all.extend(m.notes.as_deref());
        for s in all {
            terms.extend(book_titles(s));
        }
    }
    terms
}

/// Titles between 《 and 》.
fn book_titles(s: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = s;
    while let Some(a) = rest.find('《') {
        let after = &rest[a + '《'.len_utf8()..];
        match after.find('》') {
            Some(b) => {
                out.push(after[..b].to_string());
                rest = &after[b + '》'.len_utf8()..];
            }
            None => break,
        }
    }
    out
}

struct Build<'c> {
    cat: &'c Catalogue,
    dept_of: Vec<u16>,
    departments: Vec<(String, String, Vec<String>)>,
    targets: Vec<String>,
    docs: Vec<Vec<(Field, String)>>,
    lexicon: LexiconBuilder,
    stored_words: BTreeSet<String>,
    synonyms: Synonyms,
    colloquial: Colloquial,
    progress: Option<Progress>,
    /// Every CJK run of the catalogue, joined by NUL, for "does it use …".
    runs_joined: String,
}

impl<'c> Build<'c> {
    fn new(opts: &IndexBuilder, cat: &'c Catalogue) -> Result<Self, BuildError> {
        // Departments: those declared, then any named only by matters.
        let mut departments: Vec<(String, String, Vec<String>)> = cat
            .departments
            .iter()
            .map(|d| (d.id.clone(), d.name.clone(), d.aliases.clone()))
            .collect();
        let mut dept_of = Vec::with_capacity(cat.matters.len());
        for m in &cat.matters {
            let idx = match &m.department {
                None => NONE_U16,
                Some(key) => {
                    // Ids first, then names, then aliases, as Catalogue::department.
                    let found = departments
                        .iter()
                        .position(|(id, _, _)| id == key)
                        .or_else(|| departments.iter().position(|(_, name, _)| name == key))
                        .or_else(|| {
                            departments
                                .iter()
                                .position(|(_, _, al)| al.iter().any(|a| a == key))
                        });
                    let i = match found {
                        Some(i) => i,
                        None => {
                            departments.push((key.clone(), key.clone(), Vec::new()));
                            departments.len() - 1
                        }
                    };
                    if i >= NONE_U16 as usize {
                        return Err(BuildError::TooLarge("more than 65,534 departments".into()));
                    }
                    i as u16
                }
            };
            dept_of.push(idx);
        }
        let mut targets: Vec<String> = Vec::new();
        for m in &cat.matters {
            for t in &m.targets {
                if !targets.contains(t) {
                    targets.push(t.clone());
                }
            }
        }
        let docs: Vec<Vec<(Field, String)>> = cat.matters.iter().map(doc_texts).collect();

        // The build-time lexicon: general dictionary words found in the
        // catalogue, the catalogue's own terms and the user dictionary.
        // Runs per matter (departments count as one more "matter" each).
        let mut doc_runs: Vec<Vec<String>> = Vec::new();
        let runs_of = |texts: &mut dyn Iterator<Item = &str>| -> Vec<String> {
            let mut out = Vec::new();
            for s in texts {
                let n = normalize(s);
                for t in analysis::tokens(&n) {
                    if t.kind == TokenKind::Cjk {
                        out.push(t.text.to_string());
                    }
                }
            }
            out
        };
        for (m, d) in cat.matters.iter().zip(&docs) {
            let mut it = std::iter::once(m.name.as_str()).chain(d.iter().map(|(_, s)| s.as_str()));
            doc_runs.push(runs_of(&mut it));
        }
        for (_, name, aliases) in &departments {
            let mut it = std::iter::once(name.as_str()).chain(aliases.iter().map(String::as_str));
            doc_runs.push(runs_of(&mut it));
        }
        let mut runs: Vec<String> = doc_runs.iter().flatten().cloned().collect();
        runs.sort();
        runs.dedup();
        let mut lexicon = LexiconBuilder::new();
        opts.report("lexicon", 0, 1);
        if opts.general_dictionary {
            let mut general = LexiconBuilder::new();
            general_words(&runs, &mut general);
            // A general word found in one matter only adds nothing to
            // ranking (that matter is found by its characters and ranked by
            // the phrase tier) but would cost bytes in every browser.
            let df = word_df(&general, &doc_runs);
            for (w, f) in general.iter() {
                if df.get(w).copied().unwrap_or(0) >= MIN_GENERAL_WORD_DF {
                    lexicon.add(w, f);
                }
            }
        }
        for t in catalogue_terms(cat) {
            let n = normalize(&t);
            if n.chars().all(analysis::is_cjk) {
                lexicon.add(&n, DEFAULT_TERM_FREQ);
            }
        }
        let joined: String = runs.join("\u{0}");
        for (w, f) in &opts.user_words {
            // Store only what the catalogue uses.
            if joined.contains(w.as_str()) {
                lexicon.add(w, *f);
            }
        }
        // Cut every run; keep the words on best paths and their sub-words.
        let full = lexicon.build_all();
        let mut stored_words = BTreeSet::new();
        for (i, r) in runs.iter().enumerate() {
            if i % 4096 == 0 {
                opts.report("cutting texts", i, runs.len());
            }
            for (a, b) in analysis::segment(r, &full) {
                let w = &r[a..b];
                if full.contains(w) {
                    stored_words.insert(w.to_string());
                }
                for (x, y) in analysis::sub_words(w, &full) {
                    stored_words.insert(w[x..y].to_string());
                }
            }
        }
        Ok(Build {
            cat,
            dept_of,
            departments,
            targets,
            docs,
            lexicon,
            stored_words,
            synonyms: opts.synonyms.clone(),
            colloquial: {
                let mut c = if opts.default_colloquial {
                    default_colloquial()
                } else {
                    Colloquial::default()
                };
                c.extend(opts.colloquial.clone());
                c
            },
            progress: opts.progress.clone(),
            runs_joined: joined,
        })
    }

    fn write(self) -> Result<Chunks, BuildError> {
        let n = self.cat.matters.len();
        let mut chunks = Chunks::default();

        // Passages: every distinct normalized text, with the (matter,
        // field) pairs that use it. Boilerplate (conditions, materials,
        // procedure steps copied from one implementation list to the next)
        // is indexed once, however many matters repeat it.
        let mut passage_of: HashMap<String, u32, FastHash> = HashMap::default();
        let mut passages: Vec<String> = Vec::new();
        let mut occ: Vec<Vec<(u32, u8)>> = Vec::new();
        let mut passage = |text: String, doc: u32, slot: u8| {
            let id = match passage_of.get(&text) {
                Some(&id) => id,
                None => {
                    let id = passages.len() as u32;
                    passage_of.insert(text.clone(), id);
                    passages.push(text);
                    occ.push(Vec::new());
                    id
                }
            };
            let o = &mut occ[id as usize];
            if o.last() != Some(&(doc, slot)) {
                o.push((doc, slot));
            }
        };
        let dept_text: Vec<String> = self
            .departments
            .iter()
            .map(|(_, name, aliases)| {
                let mut s = normalize(name);
                for a in aliases {
                    s.push(' ');
                    s.push_str(&normalize(a));
                }
                s
            })
            .collect();

        let mut field_len = [0f64; TEXT_FIELDS];
        let mut cols = Vec::with_capacity(n * COLUMN_WIDTH);
        let mut records: Vec<Vec<u8>> = Vec::with_capacity(DOCS_PER_CHUNK);
        let mut ids: Vec<(String, u32)> = Vec::with_capacity(2 * n);
        let mut kinds: BTreeMap<u8, Vec<u32>> = BTreeMap::new();
        let mut targets: BTreeMap<usize, Vec<u32>> = BTreeMap::new();
        let chars = |s: &str| s.chars().filter(|&c| c != normalize::SEP).count();
        for (i, (m, texts)) in self.cat.matters.iter().zip(&self.docs).enumerate() {
            if i % 1024 == 0 {
                self.report("matters", i, n);
            }
            let doc = i as u32;
            let mut lens = [0usize; TEXT_FIELDS];
            let name = normalize(&m.name);
            lens[0] = chars(&name);
            let name_len = name.chars().count();
            passage(name, doc, Field::Name as u8);
            for (f, s) in texts {
                let t = normalize(s);
                lens[*f as usize] += chars(&t);
                if !t.is_empty() {
                    passage(t, doc, *f as u8);
                }
            }
            for (total, l) in field_len.iter_mut().zip(lens) {
                *total += l as f64;
            }
            let dept = self.dept_of[i];
            if let Some(t) = dept_text.get(dept as usize) {
                if !t.is_empty() {
                    passage(t.clone(), doc, SLOT_DEPARTMENT);
                }
            }
            // Columns.
            cols.extend_from_slice(&dept.to_le_bytes());
            cols.push(m.kind.map_or(0, |k| k.code()));
            cols.push(match m.status {
                crate::catalogue::Status::Active => 0,
                crate::catalogue::Status::Abolished => 1,
                crate::catalogue::Status::Delegated => 2,
            });
            cols.push(match &m.fee {
                None => 0,
                Some(f) if f.charged => 2,
                Some(_) => 1,
            });
            let tl = m.time_limit.as_ref();
            let unit = match tl.map(|t| t.unit) {
                Some(DayUnit::Calendar) => 1u8,
                _ => 0,
            };
            let case = match m.case_type.as_deref() {
                None => 0u8,
                Some("即办件") => 1,
                Some("承诺件") => 2,
                Some(_) => 3,
            };
            let online = m.online.is_some() as u8;
            cols.push(unit | (case << 2) | (online << 4));
            let days = |d: Option<u32>| d.map_or(NONE_U16, |d| d.min(NONE_U16 as u32 - 1) as u16);
            let sat = |l: usize| l.min(NONE_U16 as usize) as u16;
            cols.extend_from_slice(&days(tl.and_then(|t| t.statutory_days)).to_le_bytes());
            cols.extend_from_slice(&days(tl.and_then(|t| t.promised_days)).to_le_bytes());
            cols.extend_from_slice(&days(m.visits).to_le_bytes());
            cols.extend_from_slice(&sat(name_len).to_le_bytes());
            for l in lens {
                cols.extend_from_slice(&sat(l).to_le_bytes());
            }
            if cols.len() == COLS_PER_CHUNK * COLUMN_WIDTH {
                chunks.add(SEC_COLUMNS, std::mem::take(&mut cols));
            }
            // Record.
            let dept_id = self.departments.get(dept as usize).map(|d| d.0.as_str());
            let (json, refs) = record_json(m, dept_id)?;
            let mut r = Vec::new();
            put_str(&mut r, &m.id);
            put_str(&mut r, &m.name);
            put_varint(&mut r, texts.len() as u64);
            for (f, s) in texts {
                r.push(*f as u8);
                put_str(&mut r, s);
            }
            r.push(refs as u8);
            put_str(&mut r, &json);
            records.push(r);
            if records.len() == DOCS_PER_CHUNK {
                let mut b = Vec::new();
                put_offset_table(&mut b, &records);
                chunks.add(SEC_DOCS, b);
                records.clear();
            }
            // Identifiers, kinds, targets.
            let fold = |s: &str| -> String { s.chars().map(super::fold_identifier_char).collect() };
            ids.push((fold(&m.id), doc));
            if let Some(c) = &m.code {
                if c != &m.id {
                    ids.push((fold(c), doc));
                }
            }
            if let Some(k) = m.kind {
                kinds.entry(k.code()).or_default().push(doc);
            }
            for t in &m.targets {
                if let Some(ti) = self.targets.iter().position(|x| x == t) {
                    let e = targets.entry(ti).or_default();
                    if e.last() != Some(&doc) {
                        e.push(doc);
                    }
                }
            }
        }
        if !cols.is_empty() || chunks.count(SEC_COLUMNS) == 0 {
            chunks.add(SEC_COLUMNS, cols);
        }
        if !records.is_empty() || chunks.count(SEC_DOCS) == 0 {
            let mut b = Vec::new();
            put_offset_table(&mut b, &records);
            chunks.add(SEC_DOCS, b);
        }
        drop(passage_of);

        // Postings: every CJK character and bigram, and every Latin or
        // number word, with the passages and positions it occurs at.
        let mut grams: HashMap<String, PostingsWriter, FastHash> = HashMap::default();
        let mut name_grams: BTreeSet<String> = BTreeSet::new();
        let mut text_grams: BTreeSet<String> = BTreeSet::new();
        for (p, text) in passages.iter().enumerate() {
            if p % 4096 == 0 {
                self.report("postings", p, passages.len());
            }
            let named = occ[p]
                .iter()
                .any(|&(_, s)| s == Field::Name as u8 || s == Field::Alias as u8);
            let mut local: BTreeMap<String, Vec<u32>> = BTreeMap::new();
            if named {
                // Pinyin may run across a name's separators (建设工程（施工）
                // 许可 → jianshegongchengshigong…): those pairs join the graph.
                let toks = analysis::tokens(text);
                for pair in toks.windows(2) {
                    let (a, b) = (&pair[0], &pair[1]);
                    if a.kind == TokenKind::Cjk && b.kind == TokenKind::Cjk && b.start == a.end + 1
                    {
                        if let (Some(x), Some(y)) = (a.text.chars().last(), b.text.chars().next()) {
                            name_grams.insert(format!("{x} {y}"));
                        }
                    }
                }
            }
            for (key, at) in passage_grams(text) {
                if key.chars().count() == 2 && key.chars().all(analysis::is_cjk) {
                    if named {
                        name_grams.insert(key.clone());
                    } else if !name_grams.contains(&key) {
                        text_grams.insert(key.clone());
                    }
                }
                local.entry(key).or_default().push(at);
            }
            for (k, pos) in local {
                let bigram = k.chars().nth(1).is_some() && k.chars().all(analysis::is_cjk);
                let count = pos.len() as u32;
                let positions: &[u32] = if named || bigram { &pos } else { &[] };
                grams.entry(k).or_default().push(p as u32, count, positions);
            }
        }
        let text_grams: BTreeSet<String> = text_grams.difference(&name_grams).cloned().collect();
        let mut keys: Vec<&String> = grams.keys().collect();
        keys.sort_unstable();
        let mut term_dir: Vec<&str> = Vec::new();
        let mut fst_b = fst::MapBuilder::memory();
        let mut lists: Vec<u8> = Vec::new();
        let flush =
            |fst_b: &mut fst::MapBuilder<Vec<u8>>, lists: &mut Vec<u8>, chunks: &mut Chunks| {
                let done = std::mem::replace(fst_b, fst::MapBuilder::memory());
                let f = done.into_inner().unwrap_or_default();
                let mut b = Vec::with_capacity(4 + f.len() + lists.len());
                b.extend_from_slice(&(f.len() as u32).to_le_bytes());
                b.extend_from_slice(&f);
                b.append(lists);
                chunks.add(SEC_TERMS, b);
            };
        for k in &keys {
            if lists.len() >= CHUNK_TARGET {
                flush(&mut fst_b, &mut lists, &mut chunks);
            }
            if lists.is_empty() {
                term_dir.push(k.as_str());
            }
            let off = lists.len() as u64;
            grams[*k].write(&mut lists);
            // Sorted, unique keys: insertion cannot fail.
            let _ = fst_b.insert(k.as_bytes(), off);
        }
        if !lists.is_empty() || term_dir.is_empty() {
            if term_dir.is_empty() {
                term_dir.push("");
            }
            flush(&mut fst_b, &mut lists, &mut chunks);
        }
        let mut tdir = Vec::new();
        put_varint(&mut tdir, term_dir.len() as u64);
        for k in &term_dir {
            put_str(&mut tdir, k);
        }
        let used_chars: Vec<char> = {
            let mut v: Vec<char> = keys
                .iter()
                .filter_map(|k| {
                    let mut c = k.chars();
                    match (c.next(), c.next()) {
                        (Some(ch), None) if analysis::is_cjk(ch) => Some(ch),
                        _ => None,
                    }
                })
                .collect();
            v.sort_unstable();
            v
        };
        let has_gram = |t: &str| grams.contains_key(t);
        let pinyin = readings(&used_chars, &self.runs_joined).to_bytes();
        let mut synonyms = self.synonyms.clone();
        synonyms.retain_used(|t| self.runs_joined.contains(t) || has_gram(t));
        let synonyms = synonyms.to_bytes();
        let mut colloquial = self.colloquial.clone();
        colloquial.retain_used(|t| self.runs_joined.contains(t) || has_gram(t));
        if colloquial.terms() > analysis::colloquial::MAX_COLLOQUIAL_TERMS {
            return Err(BuildError::Colloquial(vec![format!(
                "{} everyday-name terms the catalogue uses, at most {}",
                colloquial.terms(),
                analysis::colloquial::MAX_COLLOQUIAL_TERMS
            )]));
        }
        let colloquial = colloquial.to_bytes();
        drop(keys);
        drop(grams);

        // Passage chunks: each passage's matters and fields.
        let mut pdir: Vec<u32> = Vec::new();
        let mut entries: Vec<Vec<u8>> = Vec::new();
        let mut size = 0usize;
        let mut first = 0u32;
        for (p, o) in occ.iter().enumerate() {
            if size >= CHUNK_TARGET {
                let mut b = Vec::new();
                put_offset_table(&mut b, &entries);
                chunks.add(SEC_PASSAGES, b);
                pdir.push(first);
                entries.clear();
                size = 0;
            }
            if entries.is_empty() {
                first = p as u32;
            }
            let mut e = Vec::new();
            put_occurrences(&mut e, o);
            size += e.len();
            entries.push(e);
        }
        if !entries.is_empty() {
            let mut b = Vec::new();
            put_offset_table(&mut b, &entries);
            chunks.add(SEC_PASSAGES, b);
            pdir.push(first);
        }
        let mut pdir_b = Vec::new();
        put_varint(&mut pdir_b, pdir.len() as u64);
        for p in &pdir {
            pdir_b.extend_from_slice(&p.to_le_bytes());
        }

        // Identifiers: folded ids and codes; a key two matters share gets
        // `\0n` suffixes for the second and later.
        ids.sort();
        let mut keyed: Vec<(String, u32)> = Vec::with_capacity(ids.len());
        let mut prev: Option<(String, u32)> = None;
        for (k, d) in ids {
            let n = match &prev {
                Some((pk, pn)) if *pk == k => pn + 1,
                _ => 0,
            };
            keyed.push((
                if n == 0 {
                    k.clone()
                } else {
                    format!("{k}\u{0}{n}")
                },
                d,
            ));
            prev = Some((k, n));
        }
        keyed.sort();
        keyed.dedup_by(|a, b| a.0 == b.0);
        let mut id_dir: Vec<String> = Vec::new();
        let mut id_b = fst::MapBuilder::memory();
        let mut in_chunk = 0usize;
        for (k, d) in &keyed {
            if in_chunk >= CHUNK_TARGET {
                let done = std::mem::replace(&mut id_b, fst::MapBuilder::memory());
                chunks.add(SEC_IDS, fst_chunk(done.into_inner().unwrap_or_default()));
                in_chunk = 0;
            }
            if in_chunk == 0 {
                id_dir.push(k.clone());
            }
            in_chunk += k.len() + 3;
            let _ = id_b.insert(k.as_bytes(), u64::from(*d));
        }
        if in_chunk > 0 || id_dir.is_empty() {
            if id_dir.is_empty() {
                id_dir.push(String::new());
            }
            chunks.add(SEC_IDS, fst_chunk(id_b.into_inner().unwrap_or_default()));
        }
        let mut idir = Vec::new();
        put_varint(&mut idir, id_dir.len() as u64);
        for k in &id_dir {
            put_str(&mut idir, k);
        }
        for (k, docs) in &kinds {
            let mut b = Vec::new();
            put_doc_list(&mut b, docs);
            chunks.add_at(SEC_KINDS, u32::from(*k), b);
        }
        for (t, docs) in &targets {
            let mut b = Vec::new();
            put_doc_list(&mut b, docs);
            chunks.add_at(SEC_TARGETS, *t as u32, b);
        }
        let set = |s: &BTreeSet<String>| {
            let mut b = fst::MapBuilder::memory();
            for k in s {
                let _ = b.insert(k.as_bytes(), 0);
            }
            fst_chunk(b.into_inner().unwrap_or_default())
        };
        chunks.add(SEC_NAME_GRAMS, set(&name_grams));
        chunks.add(SEC_TEXT_GRAMS, set(&text_grams));

        let stored = &self.stored_words;
        let lexi = self.lexicon.fst_bytes(|w| stored.contains(w));

        // Meta.
        let mut meta = Vec::new();
        put_str(&mut meta, &self.cat.title);
        put_str(&mut meta, self.cat.authority.as_deref().unwrap_or(""));
        put_str(&mut meta, self.cat.version.as_deref().unwrap_or(""));
        meta.extend_from_slice(&(n as u32).to_le_bytes());
        meta.extend_from_slice(&(passages.len() as u32).to_le_bytes());
        meta.extend_from_slice(&(COLS_PER_CHUNK as u32).to_le_bytes());
        meta.extend_from_slice(&(DOCS_PER_CHUNK as u32).to_le_bytes());
        for l in field_len {
            meta.extend_from_slice(&((l / n.max(1) as f64) as f32).to_le_bytes());
        }
        meta.extend_from_slice(&self.lexicon.log_total().to_le_bytes());
        put_varint(&mut meta, self.departments.len() as u64);
        for (id, name, aliases) in &self.departments {
            put_str(&mut meta, id);
            put_str(&mut meta, name);
            put_varint(&mut meta, aliases.len() as u64);
            for a in aliases {
                put_str(&mut meta, a);
            }
        }
        put_varint(&mut meta, self.targets.len() as u64);
        for t in &self.targets {
            put_str(&mut meta, t);
        }

        let fold = self.fold_section(&used_chars);
        chunks.add(SEC_META, meta);
        chunks.add(SEC_LEXICON, lexi);
        chunks.add(SEC_FOLD, fold);
        chunks.add(SEC_PINYIN, pinyin);
        chunks.add(SEC_SYNONYMS, synonyms);
        chunks.add(SEC_COLLOQUIAL, colloquial);
        chunks.add(SEC_TERM_DIR, tdir);
        chunks.add(SEC_PASSAGE_DIR, pdir_b);
        chunks.add(SEC_ID_DIR, idir);
        chunks.sort();
        self.report("done", 1, 1);
        Ok(chunks)
    }

    fn report(&self, stage: &str, done: usize, total: usize) {
        if let Some(p) = &self.progress {
            p(stage, done, total);
        }
    }

    /// The characters a query can meet: everything the catalogue holds,
    /// raw and normalized. Queries fold with this table, not with
    /// Unicode's, so the browser build carries no NFKC tables.
    fn fold_section(&self, used_chars: &[char]) -> Vec<u8> {
        let raw = serde_json::to_string(self.cat).unwrap_or_default();
        let mut relevant: std::collections::HashSet<char> = raw.chars().collect();
        relevant.extend(normalize(&raw).chars());
        for d in &self.departments {
            relevant.extend(d.1.chars().chain(d.0.chars()));
        }
        // Traditional characters the catalogue does not use fold to
        // the simplified ones it does; merged into the same table.
        let simplify = traditional_pairs(
            |c| !relevant.contains(&c) && used_chars.binary_search(&c).is_err(),
            |c| used_chars.binary_search(&c).is_ok(),
        );
        let table = analysis::FoldTable::build(&relevant, &simplify);
        // Runs of consecutive characters folding to consecutive single
        // characters (𝐀…𝐙 → a…z, ①…⑳ …) are stored once.
        let single = |f: &str| -> Option<u32> {
            let mut it = f.chars();
            match (it.next(), it.next()) {
                (Some(c), None) => Some(c as u32),
                _ => None,
            }
        };
        let mut runs: Vec<(u32, u32, &str)> = Vec::new();
        for (c, f) in table.entries() {
            let c = *c as u32;
            if let Some(last) = runs.last_mut() {
                let extends = last.0 + last.1 == c
                    && single(last.2)
                        .zip(single(f))
                        .is_some_and(|(a, b)| a + last.1 == b);
                if extends {
                    last.1 += 1;
                    continue;
                }
            }
            runs.push((c, 1, f));
        }
        let mut b = Vec::new();
        put_varint(&mut b, runs.len() as u64);
        let mut next = 0u32;
        for (c, len, f) in runs {
            put_varint(&mut b, u64::from(c - next));
            put_varint(&mut b, u64::from(len - 1));
            put_str(&mut b, f);
            next = c + len;
        }
        b
    }
}

/// An FST as a chunk: its length, then its bytes.
fn fst_chunk(f: Vec<u8>) -> Vec<u8> {
    let mut b = Vec::with_capacity(4 + f.len());
    b.extend_from_slice(&(f.len() as u32).to_le_bytes());
    b.extend_from_slice(&f);
    b
}

/// The grams of a normalized passage with their positions (characters,
/// separators counted): each CJK character, each CJK bigram inside a run,
/// each Latin or number word at its first character, and the other
/// spellings of mixed words ([`analysis::latin_forms`]).
pub(crate) fn passage_grams(text: &str) -> Vec<(String, u32)> {
    let mut out = Vec::new();
    let mut pos_of = Vec::with_capacity(text.len());
    for (k, (i, _)) in text.char_indices().enumerate() {
        pos_of.push((i, k as u32));
    }
    let at = |byte: usize| -> u32 {
        match pos_of.binary_search_by_key(&byte, |e| e.0) {
            Ok(i) => pos_of[i].1,
            Err(_) => 0,
        }
    };
    let toks = analysis::tokens(text);
    for t in &toks {
        let p = at(t.start);
        match t.kind {
            TokenKind::Word => out.push((t.text.to_string(), p)),
            TokenKind::Cjk => {
                let cs: Vec<char> = t.text.chars().collect();
                for (j, c) in cs.iter().enumerate() {
                    out.push((c.to_string(), p + j as u32));
                    if let Some(d) = cs.get(j + 1) {
                        let mut g = String::with_capacity(6);
                        g.push(*c);
                        g.push(*d);
                        out.push((g, p + j as u32));
                    }
                }
            }
        }
    }
    // The other spellings of mixed Latin words (ISO9001 as iso 9001,
    // COVID-19 as covid19), in position order with the rest: a term's
    // positions stay ascending.
    let forms = analysis::latin_forms(text, &toks);
    if !forms.is_empty() {
        out.extend(forms.into_iter().map(|(f, start)| (f, at(start))));
        out.sort_by_key(|e| e.1);
    }
    out
}

/// The chunks of an index, by section tag and number, before they are
/// put in one container or written to a split folder.
#[derive(Debug, Default)]
pub struct Chunks {
    pub(crate) chunks: Vec<(Tag, u32, Vec<u8>)>,
}

impl Chunks {
    fn count(&self, tag: Tag) -> usize {
        self.chunks.iter().filter(|c| c.0 == tag).count()
    }

    fn add(&mut self, tag: Tag, b: Vec<u8>) {
        let n = self.count(tag) as u32;
        self.chunks.push((tag, n, b));
    }

    fn add_at(&mut self, tag: Tag, chunk: u32, b: Vec<u8>) {
        self.chunks.push((tag, chunk, b));
    }

    fn sort(&mut self) {
        self.chunks.sort_by_key(|a| (a.0, a.1));
    }

    /// One container (header, section table, data) holding `chunks`.
    pub(crate) fn container<'c>(chunks: impl Iterator<Item = (&'c Tag, u32, &'c [u8])>) -> Vec<u8> {
        let list: Vec<(&Tag, u32, &[u8])> = chunks.collect();
        let table_len = 4 + list.len() * TABLE_ENTRY;
        let total: usize = list.iter().map(|c| c.2.len()).sum();
        let mut body = Vec::with_capacity(table_len + total);
        body.extend_from_slice(&(list.len() as u32).to_le_bytes());
        let mut at = table_len;
        for (tag, chunk, data) in &list {
            body.extend_from_slice(*tag);
            body.extend_from_slice(&chunk.to_le_bytes());
            body.extend_from_slice(&(at as u32).to_le_bytes());
            body.extend_from_slice(&(data.len() as u32).to_le_bytes());
            at += data.len();
        }
        for (_, _, data) in &list {
            body.extend_from_slice(data);
        }
        let mut out = Vec::with_capacity(HEADER_LEN + body.len());
        out.extend_from_slice(&MAGIC);
        out.extend_from_slice(&FORMAT_VERSION.to_le_bytes());
        out.extend_from_slice(&analysis::ANALYZER_VERSION.to_le_bytes());
        out.extend_from_slice(&(body.len() as u32).to_le_bytes());
        out.extend_from_slice(&crc32(&body).to_le_bytes());
        out.extend_from_slice(&body);
        out
    }

    /// The one-file index.
    pub fn to_bytes(&self) -> Vec<u8> {
        Self::container(self.chunks.iter().map(|(t, c, b)| (t, *c, b.as_slice())))
    }
}

/// The traditional → simplified pairs (sorted) for traditional characters
/// `free` allows whose simplified form `used` accepts; empty without the
/// `dict` feature.
#[cfg(feature = "dict")]
fn traditional_pairs(
    free: impl Fn(char) -> bool,
    used: impl Fn(char) -> bool,
) -> Vec<(char, char)> {
    let table = analysis::fold::opencc_traditional_to_simplified();
    analysis::fold::catalogue_pairs(&table, free, used)
}

#[cfg(not(feature = "dict"))]
fn traditional_pairs(
    _free: impl Fn(char) -> bool,
    _used: impl Fn(char) -> bool,
) -> Vec<(char, char)> {
    Vec::new()
}

/// Pinyin readings of the characters the catalogue uses, and of the
/// heteronym words of `data/pinyin-words.txt` it uses; empty without the
/// `dict` feature.
#[cfg(feature = "dict")]
fn readings(used: &[char], runs: &str) -> Readings {
    let chars = used
        .iter()
        .map(|&c| (c, analysis::pinyin::char_readings(c)))
        .collect();
    let words = analysis::pinyin::parse_word_readings(include_str!("../../data/pinyin-words.txt"))
        .into_iter()
        .filter(|(w, _)| runs.contains(w.as_str()))
        .collect();
    Readings::new(chars, words)
}

#[cfg(not(feature = "dict"))]
fn readings(_used: &[char], _runs: &str) -> Readings {
    Readings::default()
}

/// The everyday-names lexicon compiled in with the `dict` feature.
#[cfg(feature = "dict")]
fn default_colloquial() -> Colloquial {
    // Checked by `tests/colloquial.rs`; a bad line here would be a bug of
    // this crate, so it reads as empty rather than failing a user's build.
    Colloquial::parse(
        include_str!("../../data/colloquial.txt"),
        "data/colloquial.txt",
    )
    .unwrap_or_default()
}

#[cfg(not(feature = "dict"))]
fn default_colloquial() -> Colloquial {
    Colloquial::default()
}

/// Adds the general dictionary's words that occur in `runs`.
#[cfg(feature = "dict")]
fn general_words(runs: &[String], lex: &mut LexiconBuilder) {
    use std::sync::OnceLock;
    static JIEBA: OnceLock<jieba_rs::Jieba> = OnceLock::new();
    let jieba = JIEBA.get_or_init(jieba_rs::Jieba::new);
    for r in runs {
        for t in jieba.cut_all(r) {
            let w = t.word;
            if w.chars().nth(1).is_some() && jieba.has_word(w) {
                // jieba has no frequency getter; for a dictionary word that
                // is its own best cut, suggest_freq returns freq + 1.
                let f = jieba.suggest_freq(w).saturating_sub(1).max(1) as u64;
                lex.add(w, f);
            }
        }
    }
}

#[cfg(not(feature = "dict"))]
fn general_words(_runs: &[String], _lex: &mut LexiconBuilder) {}
