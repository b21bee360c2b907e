//! The raw layer of the index file: constants, integers, checksums and a
//! bounds-checked reader. `docs/index-format.md` describes the layout.

pub use crate::bytes::*;

/// First eight bytes of every index file.
pub const MAGIC: [u8; 8] = *b"MTRSRCH\x1a";
/// Format version; bumped on any incompatible change.
pub const FORMAT_VERSION: u32 = 4;
/// Bytes before the body: magic, version, analyzer version, body length, CRC-32 of body.
pub const HEADER_LEN: usize = 8 + 4 + 4 + 4 + 4;
/// Bytes per entry of the body's section table: tag, chunk, offset, length.
pub const TABLE_ENTRY: usize = 16;

/// A section's four-byte tag.
pub type Tag = [u8; 4];

/// Catalogue facts (title, counts, departments, chunk sizes).
pub const SEC_META: Tag = *b"META";
/// The stored lexicon that cuts queries.
pub const SEC_LEXICON: Tag = *b"LEXI";
/// Character folding the query path needs (see `analysis::FoldTable`).
pub const SEC_FOLD: Tag = *b"FOLD";
/// Pinyin readings of the catalogue's characters (`analysis::Readings`).
pub const SEC_PINYIN: Tag = *b"PINY";
/// Synonym groups (`analysis::Synonyms`).
pub const SEC_SYNONYMS: Tag = *b"SYNO";
/// Everyday names of formal terms the catalogue uses (`analysis::Colloquial`).
pub const SEC_COLLOQUIAL: Tag = *b"COLQ";
/// First key of every term chunk.
pub const SEC_TERM_DIR: Tag = *b"TDIR";
/// Term chunks: an FST of grams and their positional passage postings.
pub const SEC_TERMS: Tag = *b"TERM";
/// First passage of every passage chunk.
pub const SEC_PASSAGE_DIR: Tag = *b"PDIR";
/// Passage chunks: for each distinct text, the matters and fields using it.
pub const SEC_PASSAGES: Tag = *b"PASS";
/// Column chunks: filter, facet and length columns, `cols_per_chunk` matters each.
pub const SEC_COLUMNS: Tag = *b"COLS";
/// Record chunks, `docs_per_chunk` matters each.
pub const SEC_DOCS: Tag = *b"DOCS";
/// First key of every identifier chunk.
pub const SEC_ID_DIR: Tag = *b"IDIR";
/// Identifier chunks: an FST of folded ids and codes to matters.
pub const SEC_IDS: Tag = *b"IDS ";
/// Matters of each kind (chunk = kind code).
pub const SEC_KINDS: Tag = *b"KIND";
/// Matters of each 服务对象 (chunk = target number).
pub const SEC_TARGETS: Tag = *b"TARG";
/// Character bigrams of names and aliases (pinyin is spelled over these).
pub const SEC_NAME_GRAMS: Tag = *b"GNAM";
/// Character bigrams of the other texts.
pub const SEC_TEXT_GRAMS: Tag = *b"GTXT";
/// Split indexes only: the files that hold the chunks not in this root.
pub const SEC_FILES: Tag = *b"FILE";
/// Split indexes only: sets of files named by tag, chunk and one hash of
/// the whole set (the record chunks: one file per matter, too many to list).
pub const SEC_FILE_SETS: Tag = *b"FSET";
/// Split indexes only: the deflate history record chunks are compressed against.
pub const SEC_DICTIONARY: Tag = *b"DICT";

/// Bytes per document in a column chunk: department (2), kind, status,
/// fee, flags, statutory days (2), promised days (2), visits (2), the
/// name's length in characters (2), then the length of each text field (8 × 2).
pub const COLUMN_WIDTH: usize = 14 + 2 * TEXT_FIELD_COUNT;
/// Text fields whose lengths the columns keep (name … other).
pub const TEXT_FIELD_COUNT: usize = 8;
/// Matters per column chunk.
pub const COLS_PER_CHUNK: usize = 2048;

/// Most matters an index holds (docs/limits.md): a reader refuses a file
/// that claims more before sizing anything by the claim.
pub const MAX_MATTERS: usize = 2_000_000;
/// Matters per record chunk: one, so a results page fetches only its own
/// records (each compressed against the shared history, ~1.2× its gzip).
pub const DOCS_PER_CHUNK: usize = 1;
/// Target size of a term, passage or identifier chunk before compression.
pub const CHUNK_TARGET: usize = 8 * 1024;

/// Field slot of ids and codes in per-field frequencies.
pub const SLOT_CODE: u8 = 10;
/// Field slot of department names.
pub const SLOT_DEPARTMENT: u8 = 8;
/// Field slot of the matter type.
pub const SLOT_KIND: u8 = 9;

/// How a split file is stored (the FILE section's encoding byte).
pub const FILE_RAW: u8 = 0;
/// Raw DEFLATE (RFC 1951).
pub const FILE_DEFLATE: u8 = 1;
/// Raw DEFLATE continuing the stream of the DICT section: decompress
/// DICT's bytes followed by the file's, and drop DICT's output.
pub const FILE_DEFLATE_DICT: u8 = 2;

/// Posting list encodings (first byte of a document list).
pub const DOCS_DELTAS: u8 = 0;
/// A bitmap of documents (dense lists).
pub const DOCS_BITMAP: u8 = 1;

/// Writes a sorted, unique document list as deltas or as a bitmap,
/// whichever is smaller.
pub fn put_doc_list(out: &mut Vec<u8>, docs: &[u32]) {
    let Some((&first, &last)) = docs.first().zip(docs.last()) else {
        out.push(DOCS_DELTAS);
        put_varint(out, 0);
        return;
    };
    let mut deltas = Vec::new();
    put_varint(&mut deltas, docs.len() as u64);
    let mut prev = 0u32;
    for (i, &d) in docs.iter().enumerate() {
        put_varint(&mut deltas, if i == 0 { d } else { d - prev - 1 } as u64);
        prev = d;
    }
    let span = (last - first) as usize + 1;
    let bitmap_len = span.div_ceil(8);
    let mut header = Vec::new();
    put_varint(&mut header, first as u64);
    put_varint(&mut header, bitmap_len as u64);
    if header.len() + bitmap_len < deltas.len() {
        out.push(DOCS_BITMAP);
        out.extend_from_slice(&header);
        let start = out.len();
        out.resize(start + bitmap_len, 0);
        for &d in docs {
            let bit = (d - first) as usize;
            out[start + bit / 8] |= 1 << (bit % 8);
        }
    } else {
        out.push(DOCS_DELTAS);
        out.extend_from_slice(&deltas);
    }
}

/// Reads a list written by [`put_doc_list`]; every document below `n`.
pub fn read_doc_list(c: &mut Cursor<'_>, n: usize, out: &mut Vec<u32>) -> Result<(), DecodeError> {
    let what = c.what;
    let beyond = |d: u64| DecodeError(format!("{what}: matter {d} beyond {n}"));
    match c.u8()? {
        DOCS_DELTAS => {
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
                    return Err(beyond(d));
                }
                out.push(d as u32);
                prev = d;
            }
        }
        DOCS_BITMAP => {
            let first = c.len(n)?;
            let len = c.len(n.div_ceil(8) + 1)?;
            let bits = c.bytes(len)?;
            for (i, &byte) in bits.iter().enumerate() {
                let mut b = byte;
                while b != 0 {
                    let d = first + i * 8 + b.trailing_zeros() as usize;
                    if d >= n {
                        return Err(beyond(d as u64));
                    }
                    out.push(d as u32);
                    b &= b - 1;
                }
            }
        }
        t => {
            return Err(DecodeError(format!(
                "{}: unknown list encoding {t}",
                c.what
            )))
        }
    }
    Ok(())
}

/// One passage's occurrences of a gram: how many, and where (characters
/// of the normalized passage, separators counted, increasing). Positions
/// are kept where a query needs them: for every bigram (units of three or
/// more characters line up their bigrams), and in names and aliases
/// (name tiers, proximity); elsewhere a character or word has its count.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Posting {
    /// Number of the passage (distinct text) containing the term.
    pub passage: u32,
    /// How often it occurs there.
    pub count: u32,
    /// Empty when not stored.
    pub positions: Vec<u32>,
}

/// Writes a gram's postings, passages increasing: `varint` passage (the
/// first absolute, then gap − 1), `varint count << 1 | positions stored`,
/// then the positions (first absolute, then gap − 1).
pub fn put_postings(out: &mut Vec<u8>, list: &[Posting]) {
    let mut w = PostingsWriter::default();
    for p in list {
        w.push(p.passage, p.count, &p.positions);
    }
    w.write(out);
}

/// A gram's postings encoded as they are added (passages increasing), so
/// a build holds a few bytes per posting rather than a `Posting` each:
/// at 100k matters that was most of the builder's memory.
#[derive(Default, Debug)]
pub struct PostingsWriter {
    n: u32,
    prev: Option<u32>,
    bytes: Vec<u8>,
}

impl PostingsWriter {
    /// Adds the next passage (above the previous one); `positions` empty
    /// when not stored.
    pub fn push(&mut self, passage: u32, count: u32, positions: &[u32]) {
        let gap = match self.prev {
            None => passage,
            Some(prev) => passage.saturating_sub(prev + 1),
        };
        put_varint(&mut self.bytes, u64::from(gap));
        self.prev = Some(passage);
        self.n += 1;
        let stored = !positions.is_empty();
        put_varint(&mut self.bytes, (u64::from(count) << 1) | stored as u64);
        let mut last = 0u32;
        for (j, &x) in positions.iter().enumerate() {
            put_varint(
                &mut self.bytes,
                u64::from(if j == 0 { x } else { x - last - 1 }),
            );
            last = x;
        }
    }

    /// Appends the list as [`read_postings`] reads it.
    pub fn write(&self, out: &mut Vec<u8>) {
        put_varint(out, u64::from(self.n));
        out.extend_from_slice(&self.bytes);
    }
}

/// Reads postings written by [`put_postings`]; passages below `passages`.
pub fn read_postings(c: &mut Cursor<'_>, passages: usize) -> Result<Vec<Posting>, DecodeError> {
    // Each posting takes two bytes at least: a count beyond that is corrupt,
    // and must not size the allocation.
    let n = c.len(passages.min(c.data.len() / 2))?;
    let mut out = Vec::with_capacity(n);
    let mut prev: u64 = 0;
    for i in 0..n {
        let d = c.varint()?;
        let p = if i == 0 {
            d
        } else {
            prev.saturating_add(d).saturating_add(1)
        };
        if p >= passages as u64 {
            return Err(DecodeError(format!(
                "{}: passage {p} beyond {passages}",
                c.what
            )));
        }
        prev = p;
        let v = c.varint()?;
        let count = u32::try_from(v >> 1)
            .map_err(|_| DecodeError(format!("{}: count out of range", c.what)))?;
        let mut positions = Vec::new();
        if v & 1 != 0 {
            let k = count as usize;
            if k > c.data.len() {
                return Err(DecodeError(format!("{}: {k} positions", c.what)));
            }
            positions.reserve(k);
            let mut last: u64 = 0;
            for j in 0..k {
                let d = c.varint()?;
                let x = if j == 0 {
                    d
                } else {
                    last.saturating_add(d).saturating_add(1)
                };
                if x > u32::MAX as u64 {
                    return Err(DecodeError(format!("{}: position out of range", c.what)));
                }
                positions.push(x as u32);
                last = x;
            }
        }
        out.push(Posting {
            passage: p as u32,
            count,
            positions,
        });
    }
    Ok(out)
}

/// Writes a passage's occurrences: (matter, field slot) pairs, matters
/// non-decreasing.
pub fn put_occurrences(out: &mut Vec<u8>, occ: &[(u32, u8)]) {
    put_varint(out, occ.len() as u64);
    let mut prev = 0u32;
    for &(d, slot) in occ {
        put_varint(out, (u64::from(d - prev) << 4) | u64::from(slot & 15));
        prev = d;
    }
}

/// Reads occurrences written by [`put_occurrences`]. A slot must name a
/// text field or the department (the two kinds a passage can be).
pub fn read_occurrences(
    c: &mut Cursor<'_>,
    docs: usize,
    out: &mut Vec<(u32, u8)>,
) -> Result<(), DecodeError> {
    let n = c.len(c.data.len())?;
    let mut prev: u64 = 0;
    for _ in 0..n {
        let v = c.varint()?;
        let d = prev.saturating_add(v >> 4);
        let slot = (v & 15) as u8;
        if d >= docs as u64 {
            return Err(DecodeError(format!("{}: matter {d} beyond {docs}", c.what)));
        }
        if (slot as usize) >= TEXT_FIELD_COUNT && slot != SLOT_DEPARTMENT {
            return Err(DecodeError(format!("{}: field slot {slot}", c.what)));
        }
        out.push((d as u32, slot));
        prev = d;
    }
    Ok(())
}

/// A table of `n + 1` little-endian u32 offsets followed by the entries:
/// entry `i` is `body[off[i]..off[i + 1]]`.
pub fn put_offset_table(out: &mut Vec<u8>, entries: &[Vec<u8>]) {
    let mut at = 0u32;
    out.extend_from_slice(&(entries.len() as u32).to_le_bytes());
    out.extend_from_slice(&at.to_le_bytes());
    for e in entries {
        at += e.len() as u32;
        out.extend_from_slice(&at.to_le_bytes());
    }
    for e in entries {
        out.extend_from_slice(e);
    }
}

/// Entry `i` of a table written by [`put_offset_table`].
pub fn offset_entry(table: &[u8], i: usize) -> Result<&[u8], DecodeError> {
    let bad = || DecodeError(format!("offset table: no entry {i}"));
    let n = read_u32(table, 0).ok_or_else(bad)? as usize;
    if i >= n {
        return Err(bad());
    }
    let head = n
        .checked_add(1)
        .and_then(|k| k.checked_mul(4))
        .and_then(|k| k.checked_add(4))
        .ok_or_else(bad)?;
    let a = read_u32(table, 4 + i * 4).ok_or_else(bad)? as usize;
    let b = read_u32(table, 8 + i * 4).ok_or_else(bad)? as usize;
    let body = table.get(head..).ok_or_else(bad)?;
    body.get(a..b).ok_or_else(bad)
}

/// Number of entries of a table written by [`put_offset_table`].
pub fn offset_count(table: &[u8]) -> usize {
    read_u32(table, 0).unwrap_or(0) as usize
}

/// 64-bit FNV-1a: names split files by their content.
pub fn fnv1a64(data: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in data {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}
