//! Split indexes: a folder any static host can serve.
//!
//! `entry.json` names a compressed root file (the catalogue facts, the
//! query-understanding tables and the directories of every chunk); every
//! other chunk is a file of its own, named by its content, so hosts and
//! browsers may cache all of them forever. A query reads only the chunks
//! it needs: its grams' term chunks, their passages' chunks, the columns of
//! the matters it matched and the records of the hits it shows.
//!
//! Files are raw DEFLATE (`.d.bin`), or raw DEFLATE that continues the
//! stream of the root's compression history (`.z.bin`, the record chunks:
//! records share most of their text, so each chunk is compressed as if it
//! followed a sample of other records). A plain file is `.bin`.

use std::path::{Path, PathBuf};

use miniz_oxide::deflate::core::{
    compress, create_comp_flags_from_zip_params, CompressorOxide, TDEFLFlush, TDEFLStatus,
};

use super::builder::Chunks;
use super::format::*;
use super::{Index, IndexError};

/// Sections kept in the root file: what every query needs.
const ROOT: [Tag; 9] = [
    SEC_META,
    SEC_LEXICON,
    SEC_FOLD,
    SEC_PINYIN,
    SEC_SYNONYMS,
    SEC_COLLOQUIAL,
    SEC_TERM_DIR,
    SEC_PASSAGE_DIR,
    SEC_ID_DIR,
];

/// Bytes of records the compression history holds.
const HISTORY: usize = 32 * 1024;

/// The name of the entry file in a split folder.
pub const ENTRY_FILE: &str = "entry.json";

/// What `write` produced.
#[derive(Clone, Debug, Default)]
pub struct SplitSummary {
    /// Files written, the entry file and the root included.
    pub files: usize,
    /// Their total size in bytes.
    pub bytes: usize,
    /// The root file's size.
    pub root_bytes: usize,
}

fn deflate(c: &mut CompressorOxide, input: &[u8], flush: TDEFLFlush) -> Vec<u8> {
    let mut out = Vec::with_capacity(input.len() / 3 + 64);
    let mut buf = vec![0u8; 64 * 1024];
    let mut at = 0;
    loop {
        let (status, read, wrote) = compress(c, &input[at..], &mut buf, flush);
        at += read;
        out.extend_from_slice(&buf[..wrote]);
        match status {
            TDEFLStatus::Done => break,
            TDEFLStatus::Okay if at >= input.len() && wrote < buf.len() => break,
            TDEFLStatus::Okay => {}
            _ => break,
        }
    }
    out
}

fn compressor() -> CompressorOxide {
    // Raw DEFLATE (negative window bits), level 9.
    CompressorOxide::new(create_comp_flags_from_zip_params(9, -15, 0))
}

/// For records: static Huffman codes. A record is a few hundred bytes
/// once it refers to the history, and a dynamic code table would cost
/// a good part of that in every file.
fn record_compressor() -> CompressorOxide {
    use miniz_oxide::deflate::core::deflate_flags::TDEFL_FORCE_ALL_STATIC_BLOCKS;
    CompressorOxide::new(
        create_comp_flags_from_zip_params(9, -15, 0) | TDEFL_FORCE_ALL_STATIC_BLOCKS,
    )
}

fn hex(h: u64) -> String {
    format!("{h:016x}")
}

fn tag_file(tag: &Tag) -> String {
    String::from_utf8_lossy(tag).trim_end().to_ascii_lowercase()
}

/// The compression history: records sampled evenly across the catalogue,
/// so the history holds the boilerplate every part of it repeats.
fn history(records: &[&[u8]]) -> Vec<u8> {
    let total: usize = records.iter().map(|r| r.len()).sum();
    if total == 0 {
        return Vec::new();
    }
    let step = (total / HISTORY).max(1);
    let mut h = Vec::with_capacity(HISTORY);
    for (i, r) in records.iter().enumerate() {
        if i % step == 0 {
            let room = HISTORY.saturating_sub(h.len());
            h.extend_from_slice(&r[..r.len().min(room)]);
        }
        if h.len() >= HISTORY {
            break;
        }
    }
    h
}

/// One chunk file written: its stored size and, unless it belongs to the
/// record set, its entry in the root's file table.
struct Written {
    stored: usize,
    table_entry: Vec<u8>,
}

fn write_chunk(
    dir: &Path,
    tag: Tag,
    chunk: u32,
    raw: &[u8],
    primed: &CompressorOxide,
    set_hash: &str,
) -> Result<Written, IndexError> {
    let io = IndexError::file;
    if tag == SEC_DOCS {
        let mut payload = Vec::with_capacity(raw.len() + 8);
        payload.extend_from_slice(&crc32(raw).to_le_bytes());
        payload.extend_from_slice(&(raw.len() as u32).to_le_bytes());
        payload.extend_from_slice(raw);
        let stored = deflate(&mut primed.clone(), &payload, TDEFLFlush::Finish);
        let path = dir.join(format!("docs-{chunk}.{set_hash}.z.bin"));
        std::fs::write(&path, &stored).map_err(|e| io(&path, e))?;
        return Ok(Written {
            stored: stored.len(),
            table_entry: Vec::new(),
        });
    }
    let stored = deflate(&mut compressor(), raw, TDEFLFlush::Finish);
    let name = format!(
        "{}-{chunk}.{}.d.bin",
        tag_file(&tag),
        &hex(fnv1a64(&stored))[..12]
    );
    let path = dir.join(&name);
    std::fs::write(&path, &stored).map_err(|e| io(&path, e))?;
    let mut table = Vec::with_capacity(name.len() + 24);
    table.extend_from_slice(&tag);
    table.extend_from_slice(&chunk.to_le_bytes());
    put_str(&mut table, &name);
    table.extend_from_slice(&(stored.len() as u32).to_le_bytes());
    table.extend_from_slice(&(raw.len() as u32).to_le_bytes());
    table.extend_from_slice(&crc32(raw).to_le_bytes());
    table.push(FILE_DEFLATE);
    Ok(Written {
        stored: stored.len(),
        table_entry: table,
    })
}

/// Writes a split index of `chunks` into `dir` (created if needed).
pub fn write(chunks: &Chunks, dir: &Path) -> Result<SplitSummary, IndexError> {
    let io = IndexError::file;
    std::fs::create_dir_all(dir).map_err(|e| io(dir, e))?;
    let records: Vec<&[u8]> = chunks
        .chunks
        .iter()
        .filter(|c| c.0 == SEC_DOCS)
        .map(|c| c.2.as_slice())
        .collect();
    let hist = history(&records);
    let mut primed = record_compressor();
    let prefix = deflate(&mut primed, &hist, TDEFLFlush::Sync);
    let mut dict = Vec::with_capacity(4 + prefix.len());
    dict.extend_from_slice(&(hist.len() as u32).to_le_bytes());
    dict.extend_from_slice(&prefix);

    let mut summary = SplitSummary::default();
    let mut table = Vec::new();
    let mut files = 0usize;
    let mut root: Vec<(Tag, u32, Vec<u8>)> = Vec::new();
    // Record files, one per matter, are a set: named by their number and
    // one hash of all of them, each checked by the length and CRC-32 it
    // carries, so the root does not list them one by one.
    let mut set_hash: u64 = 0xcbf2_9ce4_8422_2325;
    let mut set_count = 0u32;
    for (_, _, raw) in chunks.chunks.iter().filter(|c| c.0 == SEC_DOCS) {
        set_hash = (set_hash ^ fnv1a64(raw)).wrapping_mul(0x0000_0100_0000_01b3);
        set_count += 1;
    }
    let set_hash = hex(set_hash)[..12].to_string();
    for (tag, chunk, raw) in &chunks.chunks {
        if ROOT.contains(tag) {
            root.push((*tag, *chunk, raw.clone()));
        }
    }
    // Every other chunk is compressed and written on its own, so the work
    // is shared among the machine's cores (at 100k matters, 100,000 record
    // files); the results are put back in chunk order, so the folder is
    // the same whatever the number of threads.
    let work: Vec<&(Tag, u32, Vec<u8>)> = chunks
        .chunks
        .iter()
        .filter(|c| !ROOT.contains(&c.0))
        .collect();
    let threads = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1)
        .clamp(1, 8);
    let per = work.len().div_ceil(threads).max(1);
    let written: Vec<Result<Vec<Written>, IndexError>> = std::thread::scope(|scope| {
        let handles: Vec<_> = work
            .chunks(per)
            .map(|part| {
                let (primed, set_hash) = (&primed, &set_hash);
                scope.spawn(move || {
                    part.iter()
                        .map(|(tag, chunk, raw)| {
                            write_chunk(dir, *tag, *chunk, raw, primed, set_hash)
                        })
                        .collect::<Result<Vec<Written>, IndexError>>()
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| {
                h.join()
                    .unwrap_or_else(|_| Err(IndexError::Io("a writer thread failed".into())))
            })
            .collect()
    });
    for part in written {
        for w in part? {
            summary.bytes += w.stored;
            files += 1;
            table.extend_from_slice(&w.table_entry);
        }
    }
    let mut file_section = Vec::new();
    put_varint(&mut file_section, (files - set_count as usize) as u64);
    file_section.extend_from_slice(&table);
    root.push((SEC_FILES, 0, file_section));
    let mut sets = Vec::new();
    put_varint(&mut sets, 1);
    sets.extend_from_slice(&SEC_DOCS);
    put_varint(&mut sets, u64::from(set_count));
    put_str(&mut sets, &set_hash);
    sets.push(FILE_DEFLATE_DICT);
    root.push((SEC_FILE_SETS, 0, sets));
    root.push((SEC_DICTIONARY, 0, dict));
    root.sort_by_key(|a| (a.0, a.1));
    let container = Chunks::container(root.iter().map(|(t, c, b)| (t, *c, b.as_slice())));
    let stored = deflate(&mut compressor(), &container, TDEFLFlush::Finish);
    let root_name = format!("root.{}.d.bin", &hex(fnv1a64(&stored))[..12]);
    let path = dir.join(&root_name);
    std::fs::write(&path, &stored).map_err(|e| io(&path, e))?;
    summary.root_bytes = stored.len();
    summary.bytes += stored.len();

    let index = Index::from_bytes(&container)?;
    let mut entry = String::new();
    entry.push_str("{\n  \"format\": \"matter-search split index\",\n");
    entry.push_str(&format!("  \"format_version\": {FORMAT_VERSION},\n"));
    entry.push_str(&format!(
        "  \"analyzer_version\": {},\n",
        crate::analysis::ANALYZER_VERSION
    ));
    entry.push_str("  \"title\": ");
    super::json_str(&mut entry, index.title());
    entry.push_str(",\n");
    entry.push_str(&format!("  \"matters\": {},\n", index.len()));
    entry.push_str(&format!("  \"root\": \"{root_name}\",\n"));
    entry.push_str(&format!("  \"root_bytes\": {},\n", stored.len()));
    entry.push_str(&format!("  \"root_raw_bytes\": {},\n", container.len()));
    entry.push_str(&format!("  \"files\": {files},\n"));
    entry.push_str(&format!("  \"total_bytes\": {}\n}}\n", summary.bytes));
    let path = dir.join(ENTRY_FILE);
    std::fs::write(&path, &entry).map_err(|e| io(&path, e))?;
    summary.bytes += entry.len();
    summary.files = files + 2;
    Ok(summary)
}

/// The root file name an `entry.json` names.
pub fn root_name(entry: &str) -> Result<String, IndexError> {
    let v: serde_json::Value = serde_json::from_str(entry)
        .map_err(|e| IndexError::Corrupt(format!("{ENTRY_FILE}: {e}")))?;
    let version = v.get("format_version").and_then(|x| x.as_u64());
    if version != Some(u64::from(FORMAT_VERSION)) {
        return Err(IndexError::Version {
            found: version.unwrap_or(0) as u32,
            supported: FORMAT_VERSION,
        });
    }
    let name = v
        .get("root")
        .and_then(|x| x.as_str())
        .ok_or_else(|| IndexError::Corrupt(format!("{ENTRY_FILE}: no \"root\" file name")))?;
    if name.contains('/') || name.contains('\\') || name.starts_with('.') {
        return Err(IndexError::Corrupt(format!(
            "{ENTRY_FILE}: bad root file name {name:?}"
        )));
    }
    Ok(name.to_string())
}

/// Opens a split index from its folder (or its `entry.json`): reads the
/// root now and every other file the first time a query needs it.
pub fn open(path: &Path) -> Result<Index<'static>, IndexError> {
    let dir: PathBuf = if path.is_dir() {
        path.to_path_buf()
    } else {
        path.parent().map(Path::to_path_buf).unwrap_or_default()
    };
    let entry_path = dir.join(ENTRY_FILE);
    let entry =
        std::fs::read_to_string(&entry_path).map_err(|e| IndexError::file(&entry_path, e))?;
    let root = root_name(&entry)?;
    let root_path = dir.join(&root);
    let stored = std::fs::read(&root_path).map_err(|e| IndexError::file(&root_path, e))?;
    let raw = miniz_oxide::inflate::decompress_to_vec_with_limit(&stored, 1 << 30)
        .map_err(|e| IndexError::Corrupt(format!("{root}: cannot inflate: {e:?}")))?;
    let files_dir = dir.clone();
    Index::from_vec_with_loader(
        raw,
        Box::new(move |name: &str| {
            let p = files_dir.join(name);
            std::fs::read(&p).map_err(|e| format!("{}: {e}", p.display()))
        }),
    )
}

/// Inflates raw DEFLATE bytes (a root file, say), at most 1 GiB.
pub fn inflate_raw(stored: &[u8]) -> Result<Vec<u8>, IndexError> {
    miniz_oxide::inflate::decompress_to_vec_with_limit(stored, 1 << 30)
        .map_err(|e| IndexError::Corrupt(format!("cannot inflate: {e:?}")))
}

/// Whether `path` names a split index (a folder with `entry.json`, or
/// the entry file itself).
pub fn is_split(path: &Path) -> bool {
    path.file_name().is_some_and(|n| n == ENTRY_FILE) || path.join(ENTRY_FILE).is_file()
}
