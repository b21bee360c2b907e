//! Turns a validated [`Catalogue`] into index bytes.

use std::collections::{BTreeMap, BTreeSet};

use super::format::*;
use super::{BuildError, Field, TEXT_FIELDS};
use crate::analysis::{self, normalize, Lexicon, LexiconBuilder, Readings, Synonyms, TokenKind};
use crate::catalogue::{Catalogue, DayUnit, Matter};

/// Frequency given to the catalogue's own terms and to user-dictionary
/// words without a frequency: high enough that they are kept whole.
pub const DEFAULT_TERM_FREQ: u64 = 3000;

/// General-dictionary words are stored only if this many matters use them.
pub const MIN_GENERAL_WORD_DF: u32 = 2;

/// In how many documents (lists of CJK runs) each word of `lex` occurs.
fn word_df(
    lex: &LexiconBuilder,
    doc_runs: &[Vec<String>],
) -> std::collections::HashMap<String, u32> {
    let fst = lex.build_all();
    let mut df: std::collections::HashMap<String, u32> = std::collections::HashMap::new();
    for runs in doc_runs {
        let mut seen: BTreeSet<&str> = BTreeSet::new();
        for r in runs {
            for (i, _) in r.char_indices() {
                let tail = &r[i..];
                fst.prefixes(tail, &mut |len, _| {
                    seen.insert(&tail[..len]);
                });
            }
        }
        for w in seen {
            *df.entry(w.to_string()).or_default() += 1;
        }
    }
    df
}

/// Builds index files. Deterministic: the same catalogue, options and
/// dictionary give the same bytes.
#[derive(Clone, Debug)]
pub struct IndexBuilder {
    user_words: Vec<(String, u64)>,
    general_dictionary: bool,
    synonyms: Synonyms,
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
        if cat.matters.len() >= u32::MAX as usize / 2 {
            return Err(BuildError::TooLarge("too many matters".into()));
        }
        Ok(Build::new(self, cat)?.write())
    }
}

/// A document's searchable texts, in field order.
struct DocTexts {
    texts: Vec<(Field, String)>,
}

fn doc_texts(m: &Matter) -> DocTexts {
    let mut t: Vec<(Field, String)> = Vec::new();
    let mut add = |f: Field, s: &str| {
        // Aliases and conditions are rebuilt from these texts, so they are
        // kept even when blank: nothing the catalogue says is lost.
        if matches!(f, Field::Alias | Field::Condition) || !s.trim().is_empty() {
            t.push((f, s.to_string()));
        }
    };
    for a in &m.aliases {
        add(Field::Alias, a);
    }
    for f in &m.forms {
        add(Field::Form, &f.title);
    }
    for b in &m.basis {
        match &b.article {
            Some(a) => add(Field::Basis, &format!("{} {}", b.title, a)),
            None => add(Field::Basis, &b.title),
        }
    }
    for c in &m.conditions {
        add(Field::Condition, c);
    }
    for x in &m.materials {
        add(Field::Material, &x.name);
    }
    for s in &m.procedure {
        match &s.description {
            Some(d) => add(Field::Procedure, &format!("{}：{}", s.step, d)),
            None => add(Field::Procedure, &s.step),
        }
    }
    let mut other: Vec<&str> = Vec::new();
    other.extend(m.targets.iter().map(String::as_str));
    other.extend(m.level.as_deref());
    other.extend(m.basis.iter().filter_map(|b| b.text.as_deref()));
    other.extend(m.materials.iter().filter_map(|x| x.note.as_deref()));
    for q in &m.faq {
        other.push(&q.question);
        other.push(&q.answer);
    }
    for f in &m.forms {
        other.extend(f.fields.iter().map(|x| x.label.as_str()));
        other.extend(f.text.as_deref());
    }
    other.extend(m.case_type.as_deref());
    if let Some(fee) = &m.fee {
        other.extend(fee.standard.as_deref());
        other.extend(fee.basis.as_deref());
    }
    if let Some(r) = &m.result {
        other.extend(r.name.as_deref());
    }
    other.extend(m.time_limit.as_ref().and_then(|t| t.note.as_deref()));
    other.extend(m.notes.as_deref());
    other.extend(m.status_note.as_deref());
    for o in other {
        add(Field::Other, o);
    }
    DocTexts { texts: t }
}

/// The record minus what the index already keeps elsewhere (id, code,
/// name, aliases, conditions, kind, department, status): it is put back
/// together by `Index::matter`.
fn rest_json(m: &Matter) -> Result<Vec<u8>, BuildError> {
    let mut r = m.clone();
    r.id = String::new();
    r.code = None;
    r.name = String::new();
    r.aliases.clear();
    r.conditions.clear();
    r.kind = None;
    r.department = None;
    r.status = Default::default();
    let empty = Matter::default();
    if r == empty {
        return Ok(Vec::new());
    }
    serde_json::to_vec(&r)
        .map_err(|e| BuildError::TooLarge(format!("cannot serialize matter {}: {e}", m.id)))
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
    docs: Vec<DocTexts>,
    lexicon: LexiconBuilder,
    stored_words: BTreeSet<String>,
    synonyms: Synonyms,
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
        let docs: Vec<DocTexts> = cat.matters.iter().map(doc_texts).collect();

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
            let mut it =
                std::iter::once(m.name.as_str()).chain(d.texts.iter().map(|(_, s)| s.as_str()));
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
        for r in &runs {
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
            runs_joined: joined,
        })
    }

    fn write(self) -> Vec<u8> {
        let n = self.cat.matters.len();
        // Postings: every CJK character and every Latin/number word.
        let mut postings: BTreeMap<String, Vec<u32>> = BTreeMap::new();
        let mut field_len = [0f64; TEXT_FIELDS];
        for (doc, (m, d)) in self.cat.matters.iter().zip(&self.docs).enumerate() {
            let mut keys: BTreeSet<String> = BTreeSet::new();
            let mut index_text = |f: Field, s: &str| {
                let norm = normalize(s);
                field_len[f as usize] +=
                    norm.chars().filter(|&c| c != normalize::SEP).count() as f64;
                for t in analysis::tokens(&norm) {
                    match t.kind {
                        TokenKind::Cjk => keys.extend(t.text.chars().map(String::from)),
                        TokenKind::Word => {
                            keys.insert(t.text.to_string());
                        }
                    }
                }
            };
            index_text(Field::Name, &m.name);
            for (f, s) in &d.texts {
                index_text(*f, s);
            }
            for k in keys {
                postings.entry(k).or_default().push(doc as u32);
            }
        }
        let mut post = Vec::new();
        let mut terms = fst::MapBuilder::memory();
        for (k, docs) in &postings {
            let bits = doc_bits(n);
            let v = if docs.len() == 1 {
                ((docs[0] as u64) << 2) | INLINE_FLAG
            } else if docs.len() == 2 {
                let gap = (docs[1] - docs[0]) as u64;
                (((gap << bits) | docs[0] as u64) << 2) | INLINE_FLAG | PAIR_FLAG
            } else {
                let off = post.len() as u64;
                encode_postings(&mut post, docs);
                off << 1
            };
            // Sorted, unique keys from a BTreeMap: insertion cannot fail.
            let _ = terms.insert(k, v);
        }
        let terms = terms.into_inner().unwrap_or_default();
        let stored = &self.stored_words;
        let mut used_chars: Vec<char> = postings
            .keys()
            .filter_map(|k| {
                let mut c = k.chars();
                match (c.next(), c.next()) {
                    (Some(ch), None) if analysis::is_cjk(ch) => Some(ch),
                    _ => None,
                }
            })
            .collect();
        used_chars.sort_unstable();
        let pinyin = readings(&used_chars, &self.runs_joined).to_bytes();
        let mut synonyms = self.synonyms.clone();
        synonyms.retain_used(|t| self.runs_joined.contains(t) || postings.contains_key(t));
        let synonyms = synonyms.to_bytes();
        let lexi = self.lexicon.fst_bytes(|w| stored.contains(w));

        // Meta.
        let mut meta = Vec::new();
        put_str(&mut meta, &self.cat.title);
        put_str(&mut meta, self.cat.authority.as_deref().unwrap_or(""));
        put_str(&mut meta, self.cat.version.as_deref().unwrap_or(""));
        meta.extend_from_slice(&(n as u32).to_le_bytes());
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

        // Columns and documents.
        let mut cols = Vec::with_capacity(n * COLUMN_WIDTH);
        let mut offsets = Vec::with_capacity((n / DOC_GROUP + 2) * 12);
        let mut docs = Vec::new();
        // Three streams (ids, names, records), stored one after the other:
        // like strings side by side compress far better than interleaved.
        let mut streams: [Vec<u8>; 3] = [Vec::new(), Vec::new(), Vec::new()];
        let mut group_starts: Vec<[usize; 3]> = Vec::new();
        for (i, (m, d)) in self.cat.matters.iter().zip(&self.docs).enumerate() {
            cols.extend_from_slice(&self.dept_of[i].to_le_bytes());
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
            cols.extend_from_slice(&days(tl.and_then(|t| t.statutory_days)).to_le_bytes());
            cols.extend_from_slice(&days(tl.and_then(|t| t.promised_days)).to_le_bytes());
            cols.extend_from_slice(&days(m.visits).to_le_bytes());

            if i % DOC_GROUP == 0 {
                group_starts.push([streams[0].len(), streams[1].len(), streams[2].len()]);
            }
            docs.clear();
            put_str(&mut docs, &m.id);
            match &m.code {
                None => put_varint(&mut docs, 0),
                Some(c) if *c == m.id => put_varint(&mut docs, 1),
                Some(c) => {
                    put_varint(&mut docs, c.len() as u64 + 2);
                    docs.extend_from_slice(c.as_bytes());
                }
            }
            put_varint(&mut streams[0], docs.len() as u64);
            streams[0].extend_from_slice(&docs);
            put_str(&mut streams[1], &m.name);
            docs.clear();
            // rest_json only fails on non-string map keys, which Matter has none of.
            let rest = rest_json(m).unwrap_or_default();
            // One flags byte spares sparse catalogues three empty counts per matter.
            let flags = (!d.texts.is_empty()) as u8
                | ((!m.targets.is_empty()) as u8) << 1
                | ((!rest.is_empty()) as u8) << 2;
            docs.push(flags);
            if !d.texts.is_empty() {
                put_varint(&mut docs, d.texts.len() as u64);
                for (f, s) in &d.texts {
                    docs.push(*f as u8);
                    put_str(&mut docs, s);
                }
            }
            if !m.targets.is_empty() {
                put_varint(&mut docs, m.targets.len() as u64);
                for t in &m.targets {
                    let ti = self.targets.iter().position(|x| x == t).unwrap_or(0);
                    put_varint(&mut docs, ti as u64);
                }
            }
            if !rest.is_empty() {
                put_varint(&mut docs, rest.len() as u64);
                docs.extend_from_slice(&rest);
            }
            put_varint(&mut streams[2], docs.len() as u64);
            streams[2].extend_from_slice(&docs);
        }
        group_starts.push([streams[0].len(), streams[1].len(), streams[2].len()]);
        let base = [0, streams[0].len(), streams[0].len() + streams[1].len()];
        for g in &group_starts {
            for s in 0..3 {
                offsets.extend_from_slice(&((base[s] + g[s]) as u32).to_le_bytes());
            }
        }
        let docs: Vec<u8> = streams.concat();

        // The characters a query can meet: everything the catalogue holds,
        // raw and normalized. Queries fold with this table, not with
        // Unicode's, so the browser build carries no NFKC tables.
        let fold = {
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
        };

        let sections: [([u8; 4], &[u8]); 10] = [
            (SEC_META, &meta),
            (SEC_TERMS, &terms),
            (SEC_POSTINGS, &post),
            (SEC_LEXICON, &lexi),
            (SEC_FOLD, &fold),
            (SEC_PINYIN, &pinyin),
            (SEC_SYNONYMS, &synonyms),
            (SEC_COLUMNS, &cols),
            (SEC_DOC_OFFSETS, &offsets),
            (SEC_DOCS, &docs),
        ];
        let table_len = 4 + sections.len() * 12;
        let mut body = Vec::new();
        body.extend_from_slice(&(sections.len() as u32).to_le_bytes());
        let mut at = table_len;
        for (tag, data) in &sections {
            body.extend_from_slice(tag);
            body.extend_from_slice(&(at as u32).to_le_bytes());
            body.extend_from_slice(&(data.len() as u32).to_le_bytes());
            at += data.len();
        }
        for (_, data) in &sections {
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
}

/// Writes a sorted, unique doc list as deltas or as a bitmap, whichever
/// is smaller.
fn encode_postings(out: &mut Vec<u8>, docs: &[u32]) {
    let mut deltas = Vec::new();
    put_varint(&mut deltas, docs.len() as u64);
    let mut prev = 0u32;
    for (i, &d) in docs.iter().enumerate() {
        put_varint(&mut deltas, if i == 0 { d } else { d - prev - 1 } as u64);
        prev = d;
    }
    let first = docs[0];
    let span = (docs[docs.len() - 1] - first) as usize + 1;
    let bitmap_len = span.div_ceil(8);
    let mut header = Vec::new();
    put_varint(&mut header, first as u64);
    put_varint(&mut header, bitmap_len as u64);
    if header.len() + bitmap_len < deltas.len() {
        out.push(POSTINGS_BITMAP);
        out.extend_from_slice(&header);
        let start = out.len();
        out.resize(start + bitmap_len, 0);
        for &d in docs {
            let bit = (d - first) as usize;
            out[start + bit / 8] |= 1 << (bit % 8);
        }
    } else {
        out.push(POSTINGS_DELTAS);
        out.extend_from_slice(&deltas);
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
