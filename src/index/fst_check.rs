//! A structural check of `fst` 0.4.7 bytes that never panics.
//!
//! The `fst` crate trusts its bytes: [`fst::raw::Fst::new`] looks only at
//! the header and footer, and a malformed node (a forged address, a bad
//! transition count, an out-of-range pack size) makes `get`, streaming or an
//! automaton search panic on slice indexing or arithmetic overflow. In
//! WebAssembly a panic aborts the module, so [`check`] decides, with explicit
//! bounds checks only, whether every node reachable from the root decodes
//! within the bytes exactly as the crate will decode it.
//!
//! The layout mirrored here (`fst-0.4.7/src/raw/{mod,node}.rs`, `bytes.rs`):
//!
//! * Header: version (u64 LE, 1..=3) and type (u64 LE). Footer: the number
//!   of keys and the root address (u64 LE each), then, from version 3, a
//!   CRC32C checksum (u32 LE). The crate reads nodes from the whole buffer.
//! * A node's address is its *last* byte (its state byte); its other bytes
//!   lie before it. Address 0 is the empty final node, which has no bytes.
//! * A transition stores the delta back from the node's first byte: 0 means
//!   the empty final node, otherwise the target is `first byte - delta`, so
//!   every transition leads to a lower address. A one-transition "next"
//!   node leads to the byte just before its first byte.
//! * State byte `11iiiiii` (one transition to the next node), `10iiiiii` (one
//!   transition) or `0fnnnnnn` (any number): `i` indexes a table of common
//!   input bytes (0 = the input byte is stored before the state byte), `f`
//!   marks a final node, `n` is the transition count (0 = stored in the byte
//!   before, where 1 stands for 256).
//! * A pack-size byte: transition-delta width in the high nibble, output
//!   width in the low nibble; the crate unpacks 1..=8 bytes and asserts that.
//! * From version 2, a node with more than 32 transitions has a 256-byte
//!   table from input byte to transition number.
//!
//! Besides what the crate itself needs to decode without panicking, the
//! check also holds the bytes to what `fst`'s builder always writes, so that
//! reads are not only panic-free but consistent and bounded:
//!
//! * every node lies in the node area (between header and footer), reachable
//!   nodes do not overlap, and the root is the last node written (so the
//!   walk is linear in the size of the bytes);
//! * transition inputs strictly increase, and the 256-byte table agrees with
//!   them (so `get`, `range` and `stream` follow the same paths and streams
//!   come out sorted);
//! * the sum of outputs along any path, final output included, fits in a
//!   u64 (the crate adds them with `+`, which panics on overflow in debug
//!   builds);
//! * every node other than the root leads to a key, and the number of keys
//!   equals the count in the footer (so a stream yields exactly
//!   `Map::len()` keys and never wanders through dead ends).
//!
//! The checksum is not verified here: it proves nothing against a forger,
//! and `fst::raw::Fst::verify` does it for whoever wants it.

// Nothing outside the tests calls `check` yet; `Index::from_bytes` will.

/// Address of the empty final node, which occupies no bytes.
const EMPTY_ADDRESS: usize = 0;
/// Version and type, u64 each.
const HEADER_LEN: usize = 16;
/// Number of keys and root address, u64 each.
const FOOTER_LEN: usize = 16;
/// From version 3 the footer is followed by a CRC32C checksum.
const CHECKSUM_LEN: usize = 4;
/// The smallest buffer `fst::raw::Fst::new` accepts.
const MIN_LEN: usize = 36;
/// The newest format version fst 0.4.7 reads.
const MAX_VERSION: u64 = 3;
/// Nodes with more transitions than this carry a 256-byte input table.
const TRANS_INDEX_THRESHOLD: usize = 32;
/// Size of that table.
const TRANS_INDEX_LEN: usize = 256;

/// Checks that `bytes` is an FST that fst 0.4.7 can open and read without
/// panicking: after `Ok(())`, `fst::Map::new` succeeds, and `get`,
/// `contains_key`, `stream`, `range` and `search` with any automaton can
/// neither panic nor loop, on any platform and in debug or release builds.
///
/// Iterative, visits each node once, and takes time linear in the size of
/// `bytes` (times a logarithm) and memory linear in the number of nodes.
/// Never panics. The error is a short reason such as
/// `"node at 1234: transition delta 99999 reaches before byte 0"`.
pub(crate) fn check(bytes: &[u8]) -> Result<(), String> {
    let meta = read_meta(bytes)?;
    let nodes = walk(bytes, &meta)?;
    count_keys(bytes, &meta, &nodes)?;
    check_output_sums(bytes, &meta, &nodes)
}

/// What the header and footer say, plus where nodes may lie.
#[derive(Debug)]
struct Meta {
    version: u64,
    root: usize,
    keys: u64,
    /// Nodes lie in `lo..hi`: after the header, before the footer.
    lo: usize,
    hi: usize,
}

/// Mirrors `fst::raw::Fst::new`, and adds what it leaves unchecked: that the
/// footer's numbers fit a `usize` (on 32-bit targets such as wasm32 the
/// crate panics otherwise) and that a non-zero root address is the last
/// byte before the footer (the crate means to check this, but its condition
/// only ever rejects a zero root).
fn read_meta(bytes: &[u8]) -> Result<Meta, String> {
    let total = bytes.len();
    if total < MIN_LEN {
        return Err(format!(
            "{total} bytes, fewer than the {MIN_LEN} of an empty fst"
        ));
    }
    let version = read_u64(bytes, 0).ok_or("no version")?;
    if version == 0 || version > MAX_VERSION {
        return Err(format!("version {version}, not 1 to {MAX_VERSION}"));
    }
    let (data_end, empty_total) = if version <= 2 {
        (total, HEADER_LEN + FOOTER_LEN)
    } else {
        (total - CHECKSUM_LEN, MIN_LEN)
    };
    // total >= 36, so neither subtraction can wrap.
    let hi = data_end - FOOTER_LEN;
    let keys = read_u64(bytes, hi).ok_or("no key count")?;
    let root = read_u64(bytes, hi + 8).ok_or("no root address")?;
    let root =
        usize::try_from(root).map_err(|_| format!("root address {root} does not fit a usize"))?;
    if usize::try_from(keys).is_err() {
        return Err(format!("key count {keys} does not fit a usize"));
    }
    if root == EMPTY_ADDRESS {
        if total != empty_total {
            return Err(format!(
                "root is the empty final node but the fst has {total} bytes, not {empty_total}"
            ));
        }
    } else if root.checked_add(1) != Some(hi) {
        return Err(format!(
            "root address {root} is not the last node byte {}",
            hi.saturating_sub(1)
        ));
    }
    Ok(Meta {
        version,
        root,
        keys,
        lo: HEADER_LEN,
        hi,
    })
}

fn read_u64(bytes: &[u8], at: usize) -> Option<u64> {
    let b: [u8; 8] = bytes.get(at..at.checked_add(8)?)?.try_into().ok()?;
    Some(u64::from_le_bytes(b))
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    EmptyFinal,
    OneTransNext,
    OneTrans,
    AnyTrans,
}

/// A decoded node header: everything needed to find its transitions.
#[derive(Clone, Copy, Debug)]
struct Node {
    /// The node's last byte (its state byte).
    addr: usize,
    kind: Kind,
    /// The node's first byte (the crate calls it `end`); deltas count back
    /// from here.
    first: usize,
    is_final: bool,
    final_output: u64,
    ntrans: usize,
    /// 1 when the input byte (one-transition nodes) or the transition count
    /// (any-transition nodes) has its own byte before the state byte.
    extra: usize,
    /// Width of each transition delta, 1..=8 (0 only with no transitions).
    tsize: usize,
    /// Width of each output, 0..=8 (0: all outputs are zero).
    osize: usize,
    /// 256 when the node carries an input table, else 0.
    index_size: usize,
}

impl Node {
    const EMPTY_FINAL: Node = Node {
        addr: EMPTY_ADDRESS,
        kind: Kind::EmptyFinal,
        first: EMPTY_ADDRESS,
        is_final: true,
        final_output: 0,
        ntrans: 0,
        extra: 0,
        tsize: 0,
        osize: 0,
        index_size: 0,
    };

    /// Bytes of inputs, deltas and input table of an any-transition node.
    /// At most 256 + 256 * 8 + 256, so it cannot overflow.
    fn trans_size(&self) -> usize {
        self.ntrans + self.ntrans * self.tsize + self.index_size
    }

    /// `self.addr - by`, or an error naming what would start before byte 0.
    fn back(&self, by: usize, what: &str) -> Result<usize, String> {
        self.addr
            .checked_sub(by)
            .ok_or_else(|| format!("node at {}: {what} would start before byte 0", self.addr))
    }
}

fn byte_at(bytes: &[u8], at: usize, node: usize, what: &str) -> Result<u8, String> {
    bytes
        .get(at)
        .copied()
        .ok_or_else(|| format!("node at {node}: {what} at {at} beyond the end"))
}

/// `fst::bytes::unpack_uint`: `n` (1..=8) bytes, little-endian.
fn uint_at(bytes: &[u8], at: usize, n: usize, node: usize, what: &str) -> Result<u64, String> {
    if !(1..=8).contains(&n) {
        return Err(format!("node at {node}: {what} of {n} bytes"));
    }
    let slice = at
        .checked_add(n)
        .and_then(|end| bytes.get(at..end))
        .ok_or_else(|| format!("node at {node}: {what} at {at} beyond the end"))?;
    Ok(slice
        .iter()
        .rev()
        .fold(0u64, |acc, &b| (acc << 8) | u64::from(b)))
}

/// Decodes the node at `addr` as `fst::raw::Node::new` does, checking every
/// offset the crate computes and that the node lies in the node area.
fn decode(bytes: &[u8], meta: &Meta, addr: usize) -> Result<Node, String> {
    if addr == EMPTY_ADDRESS {
        return Ok(Node::EMPTY_FINAL);
    }
    if addr < meta.lo || addr >= meta.hi {
        return Err(format!(
            "node address {addr} outside the node area {}..{}",
            meta.lo, meta.hi
        ));
    }
    let state = byte_at(bytes, addr, addr, "state byte")?;
    let mut node = Node {
        addr,
        kind: Kind::AnyTrans,
        first: addr,
        is_final: false,
        final_output: 0,
        ntrans: 1,
        extra: 0,
        tsize: 0,
        osize: 0,
        index_size: 0,
    };
    match state >> 6 {
        0b11 => {
            node.kind = Kind::OneTransNext;
            node.extra = usize::from(state & 0b0011_1111 == 0);
            node.first = node.back(node.extra, "input byte")?;
        }
        0b10 => {
            node.kind = Kind::OneTrans;
            node.extra = usize::from(state & 0b0011_1111 == 0);
            let sizes_at = node.back(node.extra + 1, "pack sizes")?;
            let sizes = byte_at(bytes, sizes_at, addr, "pack sizes")?;
            node.tsize = usize::from(sizes >> 4);
            node.osize = usize::from(sizes & 0b1111);
            if !(1..=8).contains(&node.tsize) {
                return Err(format!(
                    "node at {addr}: transition pack size {} not in 1..=8",
                    node.tsize
                ));
            }
            if node.osize > 8 {
                return Err(format!(
                    "node at {addr}: output pack size {} above 8",
                    node.osize
                ));
            }
            node.first = node.back(node.extra + 1 + node.tsize + node.osize, "transition")?;
        }
        _ => {
            node.kind = Kind::AnyTrans;
            node.is_final = state & 0b0100_0000 != 0;
            match state & 0b0011_1111 {
                0 => {
                    node.extra = 1;
                    let at = node.back(1, "transition count")?;
                    let n = byte_at(bytes, at, addr, "transition count")?;
                    node.ntrans = if n == 1 { 256 } else { usize::from(n) };
                }
                n => node.ntrans = usize::from(n),
            }
            let sizes_at = node.back(node.extra + 1, "pack sizes")?;
            let sizes = byte_at(bytes, sizes_at, addr, "pack sizes")?;
            node.tsize = usize::from(sizes >> 4);
            node.osize = usize::from(sizes & 0b1111);
            if node.tsize > 8 || (node.ntrans > 0 && node.tsize == 0) {
                return Err(format!(
                    "node at {addr}: transition pack size {} not in 1..=8",
                    node.tsize
                ));
            }
            if node.osize > 8 {
                return Err(format!(
                    "node at {addr}: output pack size {} above 8",
                    node.osize
                ));
            }
            if meta.version >= 2 && node.ntrans > TRANS_INDEX_THRESHOLD {
                node.index_size = TRANS_INDEX_LEN;
            }
            let outputs = node.ntrans * node.osize + if node.is_final { node.osize } else { 0 };
            node.first = node.back(node.extra + 1 + node.trans_size() + outputs, "transitions")?;
        }
    }
    if node.first < meta.lo {
        return Err(format!(
            "node at {addr}: first byte {} inside the header",
            node.first
        ));
    }
    if node.kind == Kind::AnyTrans && node.is_final && node.osize > 0 {
        node.final_output = uint_at(bytes, node.first, node.osize, addr, "final output")?;
    }
    Ok(node)
}

/// The target address and output of transition `i`, computed as
/// `fst::raw::Node::transition` does.
fn transition(bytes: &[u8], node: &Node, i: usize) -> Result<(usize, u64), String> {
    let addr = node.addr;
    if i >= node.ntrans {
        return Err(format!("node at {addr}: no transition {i}"));
    }
    let (delta_at, out_at) = match node.kind {
        Kind::EmptyFinal => return Err(format!("node at {addr}: no transition {i}")),
        Kind::OneTransNext => {
            let to = node
                .first
                .checked_sub(1)
                .ok_or_else(|| format!("node at {addr}: next node would lie before byte 0"))?;
            return Ok((to, 0));
        }
        Kind::OneTrans => (
            node.back(node.extra + 1 + node.tsize, "transition")?,
            node.first,
        ),
        Kind::AnyTrans => (
            node.back(
                node.extra + 1 + node.index_size + node.ntrans + (i + 1) * node.tsize,
                "transition",
            )?,
            if node.osize == 0 {
                0
            } else {
                node.back(
                    node.extra + 1 + node.trans_size() + (i + 1) * node.osize,
                    "output",
                )?
            },
        ),
    };
    let delta = uint_at(bytes, delta_at, node.tsize, addr, "transition delta")?;
    let out = if node.osize == 0 {
        0
    } else {
        uint_at(bytes, out_at, node.osize, addr, "output")?
    };
    // `fst::raw::node::unpack_delta` (which panics on a 32-bit target when
    // the delta exceeds usize).
    let delta = usize::try_from(delta)
        .map_err(|_| format!("node at {addr}: transition delta {delta} does not fit a usize"))?;
    let to = if delta == 0 {
        EMPTY_ADDRESS
    } else {
        node.first.checked_sub(delta).ok_or_else(|| {
            format!("node at {addr}: transition delta {delta} reaches before byte 0")
        })?
    };
    Ok((to, out))
}

/// Input byte of transition `i` of an any-transition node.
fn any_input(bytes: &[u8], node: &Node, i: usize) -> Result<u8, String> {
    let at = node.back(node.extra + 1 + node.index_size + i + 1, "input")?;
    byte_at(bytes, at, node.addr, "input")
}

/// Inputs of an any-transition node strictly increase, and its input table
/// (if any) maps each input to its transition and every other byte to
/// "none" (a value at least the number of transitions).
fn check_inputs(bytes: &[u8], node: &Node, inputs: &mut Vec<u8>) -> Result<(), String> {
    let addr = node.addr;
    inputs.clear();
    for i in 0..node.ntrans {
        inputs.push(any_input(bytes, node, i)?);
    }
    if inputs.windows(2).any(|w| w.first() >= w.last()) {
        return Err(format!(
            "node at {addr}: transition inputs not in increasing order"
        ));
    }
    if node.index_size == 0 {
        return Ok(());
    }
    let at = node.back(node.extra + 1 + TRANS_INDEX_LEN, "input table")?;
    let table = at
        .checked_add(TRANS_INDEX_LEN)
        .and_then(|end| bytes.get(at..end))
        .ok_or_else(|| format!("node at {addr}: input table beyond the end"))?;
    for (b, &t) in table.iter().enumerate() {
        let t = usize::from(t);
        if t < node.ntrans && inputs.get(t).map(|&x| usize::from(x)) != Some(b) {
            return Err(format!(
                "node at {addr}: input table sends byte {b} to transition {t}, whose input differs"
            ));
        }
    }
    for (i, &x) in inputs.iter().enumerate() {
        if table.get(usize::from(x)).map(|&t| usize::from(t)) != Some(i) {
            return Err(format!(
                "node at {addr}: input table misses the input {x} of transition {i}"
            ));
        }
    }
    Ok(())
}

/// A fixed-size bit set that never panics.
struct Bits(Vec<u64>);

impl Bits {
    fn new(len: usize) -> Bits {
        Bits(vec![0; len / 64 + 1])
    }

    /// Sets bit `i` and says whether it was set before; `None` when `i` is
    /// out of range.
    fn set(&mut self, i: usize) -> Option<bool> {
        let word = self.0.get_mut(i / 64)?;
        let mask = 1u64 << (i % 64);
        let was = *word & mask != 0;
        *word |= mask;
        Some(was)
    }

    /// The set bits, in increasing order.
    fn ones(&self) -> Vec<usize> {
        let mut out = Vec::new();
        for (w, &word) in self.0.iter().enumerate() {
            let mut bits = word;
            while bits != 0 {
                out.push(w * 64 + bits.trailing_zeros() as usize);
                bits &= bits - 1;
            }
        }
        out
    }
}

/// Decodes every node reachable from the root, depth first with an explicit
/// stack, each once. Returns their addresses in increasing order (children
/// before parents, since every transition leads to a lower address).
fn walk(bytes: &[u8], meta: &Meta) -> Result<Vec<usize>, String> {
    let out_of_range = |a: usize| format!("address {a} outside the node area");
    let mut seen = Bits::new(meta.hi);
    let mut covered = Bits::new(meta.hi);
    let mut stack = vec![meta.root];
    seen.set(meta.root).ok_or_else(|| out_of_range(meta.root))?;
    let mut inputs = Vec::with_capacity(256);
    while let Some(addr) = stack.pop() {
        let node = decode(bytes, meta, addr)?;
        if node.kind == Kind::EmptyFinal {
            continue;
        }
        // Reachable nodes never share bytes, so all of this is linear.
        for b in node.first..=node.addr {
            if covered.set(b).ok_or_else(|| out_of_range(b))? {
                return Err(format!(
                    "node at {addr}: byte {b} also belongs to another node"
                ));
            }
        }
        if node.kind == Kind::AnyTrans {
            check_inputs(bytes, &node, &mut inputs)?;
        }
        for i in 0..node.ntrans {
            let (to, _) = transition(bytes, &node, i)?;
            if to != EMPTY_ADDRESS && to < meta.lo {
                return Err(format!(
                    "node at {addr}: transition {i} leads to {to}, inside the header"
                ));
            }
            if !seen.set(to).ok_or_else(|| out_of_range(to))? {
                stack.push(to);
            }
        }
    }
    // Every address set in `seen` was pushed and then walked.
    Ok(seen.ones())
}

fn position(nodes: &[usize], addr: usize) -> Result<usize, String> {
    nodes
        .binary_search(&addr)
        .map_err(|_| format!("node at {addr} was not walked"))
}

/// Counts keys bottom-up: the footer's count must match, and every node but
/// the root must lead to at least one key.
fn count_keys(bytes: &[u8], meta: &Meta, nodes: &[usize]) -> Result<(), String> {
    let mut counts: Vec<u64> = Vec::with_capacity(nodes.len());
    for &addr in nodes {
        let node = decode(bytes, meta, addr)?;
        let mut count = u64::from(node.is_final);
        for i in 0..node.ntrans {
            let (to, _) = transition(bytes, &node, i)?;
            let below = position(nodes, to)
                .ok()
                .and_then(|j| counts.get(j).copied())
                .ok_or_else(|| format!("node at {addr}: transition {i} does not lead lower"))?;
            count = count
                .checked_add(below)
                .ok_or_else(|| format!("node at {addr}: more than 2^64 keys"))?;
        }
        if count == 0 && addr != meta.root {
            return Err(format!("node at {addr}: leads to no key"));
        }
        counts.push(count);
    }
    // The root has the highest address of all reachable nodes.
    let keys = counts.last().copied().unwrap_or(0);
    if keys != meta.keys {
        return Err(format!(
            "footer says {} keys, the nodes hold {keys}",
            meta.keys
        ));
    }
    Ok(())
}

/// Top-down, the largest sum of outputs on any path from the root to each
/// node: adding a transition's or a final output to it must not overflow,
/// since the crate adds them with plain `+`.
fn check_output_sums(bytes: &[u8], meta: &Meta, nodes: &[usize]) -> Result<(), String> {
    let overflow = |addr: usize| format!("node at {addr}: outputs along a path overflow u64");
    let mut best = vec![0u64; nodes.len()];
    for (k, &addr) in nodes.iter().enumerate().rev() {
        let node = decode(bytes, meta, addr)?;
        let here = best.get(k).copied().unwrap_or(0);
        if node.is_final {
            here.checked_add(node.final_output)
                .ok_or_else(|| overflow(addr))?;
        }
        for i in 0..node.ntrans {
            let (to, out) = transition(bytes, &node, i)?;
            let sum = here.checked_add(out).ok_or_else(|| overflow(addr))?;
            let slot = position(nodes, to)
                .ok()
                .and_then(|j| best.get_mut(j))
                .ok_or_else(|| format!("node at {addr}: transition {i} does not lead lower"))?;
            *slot = (*slot).max(sum);
        }
    }
    Ok(())
}

// proptest does not build for wasm32 (wasm-pack test compiles these too).
#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use std::collections::BTreeSet;
    use std::panic::{catch_unwind, AssertUnwindSafe};
    use std::sync::OnceLock;

    use fst::automaton::{Automaton, Str, Subsequence};
    use fst::map::StreamBuilder;
    use fst::{IntoStreamer, Map, MapBuilder, Streamer};
    use proptest::prelude::*;

    use super::check;

    /// A valid map: its bytes and its sorted entries.
    struct Sample {
        name: &'static str,
        bytes: Vec<u8>,
        entries: Vec<(Vec<u8>, u64)>,
        /// Some node has more than 32 transitions (so version 1 differs).
        wide: bool,
    }

    fn build(name: &'static str, wide: bool, mut entries: Vec<(Vec<u8>, u64)>) -> Sample {
        entries.sort();
        entries.dedup_by(|a, b| a.0 == b.0);
        let mut b = MapBuilder::memory();
        for (k, v) in &entries {
            b.insert(k, *v).expect("sorted, distinct keys");
        }
        Sample {
            name,
            bytes: b.into_inner().expect("in memory"),
            entries,
            wide,
        }
    }

    fn strs(pairs: &[(&str, u64)]) -> Vec<(Vec<u8>, u64)> {
        pairs
            .iter()
            .map(|(k, v)| (k.as_bytes().to_vec(), *v))
            .collect()
    }

    /// A small deterministic generator.
    fn lcg(seed: &mut u64) -> u64 {
        *seed = seed
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        *seed >> 33
    }

    fn random_keys(
        seed: u64,
        n: usize,
        alphabet: &[u8],
        max_len: u64,
        max_out: u64,
    ) -> Vec<(Vec<u8>, u64)> {
        let mut s = seed;
        (0..n)
            .map(|_| {
                let len = 1 + lcg(&mut s) % max_len;
                let key = (0..len)
                    .map(|_| alphabet[(lcg(&mut s) % alphabet.len() as u64) as usize])
                    .collect();
                (key, lcg(&mut s) % max_out)
            })
            .collect()
    }

    fn samples() -> &'static [Sample] {
        static S: OnceLock<Vec<Sample>> = OnceLock::new();
        S.get_or_init(|| {
            let wide_alphabet: Vec<u8> = (b'0'..=b'9')
                .chain(b'a'..=b'z')
                .chain(b'A'..=b'F')
                .collect();
            let prefix = "/government/approval/matters/".repeat(12);
            vec![
                build("empty", false, vec![]),
                build("one key", false, strs(&[("a", 0)])),
                build("one key with output", false, strs(&[("matter", 42)])),
                build("empty key only", false, strs(&[("", 0)])),
                build(
                    "empty key with output",
                    false,
                    strs(&[("", 7), ("a", 3), ("ab", 9)]),
                ),
                build(
                    "words",
                    false,
                    random_keys(1, 30, b"abcdefghijklmnopqrstuvwxyz", 8, 1000),
                ),
                build(
                    "33 transitions",
                    true,
                    (0..33u8)
                        .map(|i| (vec![b'x', b'@' + i], u64::from(i) * 7))
                        .collect(),
                ),
                build(
                    "256 transitions",
                    true,
                    (0..=255u8).map(|b| (vec![b], u64::from(b) * 3)).collect(),
                ),
                build(
                    "shared prefixes",
                    false,
                    ["a", "b", "ba", "bb", "c/d", "c/e", ""]
                        .iter()
                        .enumerate()
                        .map(|(i, s)| (format!("{prefix}{s}").into_bytes(), i as u64 * 1000))
                        .collect(),
                ),
                build(
                    "large outputs",
                    false,
                    strs(&[
                        ("a", u64::MAX),
                        ("ab", u64::MAX),
                        ("ac", u64::MAX - 1),
                        ("b", 1 << 56),
                        ("ba", 1 << 63),
                        ("c", 255),
                        ("d", 256),
                        ("e", 1 << 40),
                    ]),
                ),
                build(
                    "chinese",
                    false,
                    strs(&[
                        ("行政审批", 11),
                        ("行政许可", 12),
                        ("行政确认", 13),
                        ("审批事项", 300),
                        ("许可证", 70_000),
                        ("营业执照", 5),
                        ("营业", 6),
                    ]),
                ),
                build(
                    "deep",
                    false,
                    vec![
                        (vec![b'a'; 20_000], 5),
                        ([vec![b'a'; 19_999], vec![b'b']].concat(), 6),
                        (b"b".to_vec(), 1),
                    ],
                ),
                build(
                    "terms",
                    true,
                    random_keys(2, 2000, &wide_alphabet, 10, 1 << 40),
                ),
            ]
        })
    }

    fn sample(name: &str) -> &'static Sample {
        samples()
            .iter()
            .find(|s| s.name == name)
            .unwrap_or_else(|| panic!("no sample {name}"))
    }

    /// The same nodes as an older format version: no checksum.
    fn downgrade(bytes: &[u8], version: u64) -> Vec<u8> {
        let mut b = bytes[..bytes.len() - 4].to_vec();
        b[..8].copy_from_slice(&version.to_le_bytes());
        b
    }

    /// Keys to look up: some of the sample's keys, their neighbours, strays.
    fn probes(s: &Sample) -> Vec<Vec<u8>> {
        let mut p: Vec<Vec<u8>> = vec![vec![], b"zz".to_vec(), vec![0xff; 3], vec![0]];
        let step = (s.entries.len() / 6).max(1);
        for (k, _) in s.entries.iter().step_by(step) {
            p.push(k.clone());
            p.push([k.as_slice(), b"\0"].concat());
            p.push(k[..k.len() / 2].to_vec());
        }
        p
    }

    fn drain<A: Automaton>(b: StreamBuilder<'_, A>, limit: usize) -> usize {
        let mut s = b.into_stream();
        let mut n = 0;
        while n < limit && s.next().is_some() {
            n += 1;
        }
        n
    }

    /// Everything a reader may do with the bytes; panics if the crate does
    /// or if what it reads is inconsistent. Returns the streamed entries.
    fn exercise(bytes: &[u8], probes: &[Vec<u8>]) -> Vec<(Vec<u8>, u64)> {
        let map = Map::new(bytes).expect("check passed, so Map::new must");
        let all = map.stream().into_byte_vec();
        assert_eq!(
            all.len(),
            map.len(),
            "stream length differs from the footer's count"
        );
        assert!(
            all.windows(2).all(|w| w[0].0 < w[1].0),
            "stream out of order"
        );
        for (k, v) in &all {
            assert_eq!(map.get(k), Some(*v), "get disagrees with the stream");
            assert!(map.contains_key(k));
        }
        for (_, v) in all.iter().take(16) {
            let _ = map.as_fst().get_key(*v);
        }
        let mut values = map.values();
        let mut n = 0;
        while values.next().is_some() {
            n += 1;
        }
        assert_eq!(n, all.len());
        for p in probes {
            let _ = map.get(p);
            let _ = map.contains_key(p);
            drain(map.range().ge(p), 64);
            drain(map.range().gt(p), 64);
            drain(map.range().le(p), 64);
            drain(map.range().lt(p), 64);
            drain(map.range().ge(p).lt(b"\xff\xff"), 64);
            let text = String::from_utf8_lossy(p);
            drain(map.search(Str::new(&text)), 64);
            drain(map.search(Str::new(&text).starts_with()), 64);
            drain(map.search(Subsequence::new(&text)), 64);
        }
        let mut union = map.op().add(&map).add(map.range().gt(b"b")).union();
        let mut n = 0;
        while union.next().is_some() {
            n += 1;
        }
        assert_eq!(n, all.len());
        all
    }

    /// `check`'s verdict, asserting that `check` does not panic and that,
    /// when it accepts, reading the map neither panics nor goes wrong.
    fn verdict(bytes: &[u8], probes: &[Vec<u8>]) -> Result<(), String> {
        let checked =
            catch_unwind(|| check(bytes)).unwrap_or_else(|_| panic!("check panicked on {bytes:?}"));
        if checked.is_ok() {
            let read = catch_unwind(AssertUnwindSafe(|| {
                exercise(bytes, probes);
            }));
            assert!(
                read.is_ok(),
                "check accepted bytes that fst panics on or misreads: {bytes:?}"
            );
        }
        checked
    }

    #[test]
    fn valid_maps_pass() {
        for s in samples() {
            assert_eq!(check(&s.bytes), Ok(()), "{}", s.name);
            assert_eq!(exercise(&s.bytes, &probes(s)), s.entries, "{}", s.name);
            // Version 2 has the same nodes without the checksum, but the
            // crate (and `check`) refuse anything under 36 bytes.
            let v2 = downgrade(&s.bytes, 2);
            if v2.len() < 36 {
                assert!(check(&v2).is_err() && Map::new(&v2).is_err(), "{}", s.name);
                continue;
            }
            assert_eq!(check(&v2), Ok(()), "{} as version 2", s.name);
            assert_eq!(
                exercise(&v2, &probes(s)),
                s.entries,
                "{} as version 2",
                s.name
            );
            // Version 1 has no input tables, so only narrow maps read the same.
            let v1 = downgrade(&s.bytes, 1);
            if s.wide {
                let _ = verdict(&v1, &probes(s));
            } else {
                assert_eq!(check(&v1), Ok(()), "{} as version 1", s.name);
                assert_eq!(
                    exercise(&v1, &probes(s)),
                    s.entries,
                    "{} as version 1",
                    s.name
                );
            }
        }
    }

    #[test]
    fn the_real_index_fsts_pass() {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("data/mofcom.json");
        let cat = crate::Catalogue::load_files(&[path], &crate::LoadOptions::default())
            .expect("mofcom.json loads")
            .catalogue;
        let bytes = crate::IndexBuilder::new()
            .build(&cat)
            .expect("mofcom builds");
        let index = crate::Index::from_bytes(&bytes).expect("index opens");
        let mut terms = 0;
        index.latin_term_fsts(|f| {
            terms += f.len();
            assert_eq!(check(f.as_bytes()), Ok(()));
        });
        assert!(terms > 100 && index.lexicon().len() > 100);
        assert_eq!(check(index.lexicon().fst().as_bytes()), Ok(()));
    }

    #[test]
    fn header_and_footer_are_checked() {
        let s = sample("words");
        let total = s.bytes.len();
        assert!(check(&[]).is_err());
        assert!(check(&s.bytes[..35]).is_err());
        assert!(check(&s.bytes[..total - 1]).is_err());
        for version in [0u64, 4, u64::MAX] {
            let mut b = s.bytes.clone();
            b[..8].copy_from_slice(&version.to_le_bytes());
            assert!(
                check(&b).unwrap_err().contains("version"),
                "version {version}"
            );
        }
        // Version 2 claims no checksum, so the footer is read 4 bytes late.
        let mut b = s.bytes.clone();
        b[..8].copy_from_slice(&2u64.to_le_bytes());
        assert!(check(&b).is_err());
        // The root address and key count, off by one either way.
        for (field, what) in [(total - 12, "root"), (total - 20, "keys")] {
            for delta in [1u64, u64::MAX] {
                let mut b = s.bytes.clone();
                let v = u64::from_le_bytes(b[field..field + 8].try_into().unwrap());
                b[field..field + 8].copy_from_slice(&v.wrapping_add(delta).to_le_bytes());
                let e = check(&b).unwrap_err();
                assert!(e.contains(what), "{e}");
                // fst itself opens these (it checks no root but zero).
                if what == "keys" {
                    assert!(Map::new(&b).is_ok());
                }
            }
        }
        // An empty-final root needs exactly 36 bytes.
        let mut b = sample("empty key only").bytes.clone();
        assert_eq!(b.len(), 36);
        b.push(0);
        assert!(check(&b).is_err());
    }

    /// The crate sums outputs with `+`: a forged output that overflows
    /// panics in a debug build, and `check` rejects it.
    #[test]
    fn output_overflow_is_rejected() {
        let s = sample("large outputs");
        let mut found = false;
        for pos in 16..s.bytes.len() - 20 {
            let mut b = s.bytes.clone();
            b[pos] = b[pos].wrapping_add(1);
            let Err(e) = check(&b) else { continue };
            if !e.contains("overflow") {
                continue;
            }
            found = true;
            assert!(Map::new(&b).is_ok());
            if cfg!(debug_assertions) {
                let read = catch_unwind(|| Map::new(&b).map(|m| m.stream().into_byte_vec()));
                assert!(read.is_err(), "expected fst to overflow at {pos}");
            }
        }
        assert!(found);
    }

    /// Every overwrite of every byte of several small maps with every other
    /// value (a sample of them in debug builds) is either rejected or
    /// harmless; both happen, and each kind of check fires.
    #[test]
    fn every_single_byte_overwrite_is_rejected_or_harmless() {
        let names = [
            "empty",
            "one key with output",
            "empty key with output",
            "words",
            "33 transitions",
            "large outputs",
            "chinese",
        ];
        let (mut accepted, mut rejected) = (0usize, 0usize);
        let mut reasons = BTreeSet::new();
        for name in names {
            let s = sample(name);
            // A few probes: there are a quarter of a million cases.
            let mut probes = probes(s);
            probes.truncate(7);
            for pos in 0..s.bytes.len() {
                let old = s.bytes[pos];
                for v in 0..=255u8 {
                    // Unoptimized, a sixteenth of the values and the
                    // neighbours of the old one are enough.
                    let sampled = (usize::from(v) + pos) % 16 == 0
                        || v == old.wrapping_add(1)
                        || v == old.wrapping_sub(1)
                        || v == old ^ 0x80;
                    if v == old || (cfg!(debug_assertions) && !sampled) {
                        continue;
                    }
                    let mut b = s.bytes.clone();
                    b[pos] = v;
                    match verdict(&b, &probes) {
                        Ok(()) => accepted += 1,
                        Err(e) => {
                            rejected += 1;
                            // The reason without its numbers.
                            let kind: String = e.chars().filter(|c| !c.is_ascii_digit()).collect();
                            reasons.insert(kind);
                        }
                    }
                }
            }
        }
        eprintln!("single-byte overwrites: {accepted} accepted, {rejected} rejected");
        for r in &reasons {
            eprintln!("  {r}");
        }
        assert!(accepted > 0 && rejected > 0);
        for needle in [
            "version",
            "root address",
            "inside the header",
            "pack size",
            "before byte",
            "also belongs to another node",
            "not in increasing order",
            "input table",
            "leads to no key",
            "footer says",
            "overflow",
        ] {
            assert!(
                reasons.iter().any(|r| r.contains(needle)),
                "no overwrite was rejected for {needle:?}"
            );
        }
    }

    #[derive(Clone, Debug)]
    enum Mutation {
        Flip(prop::sample::Index, u8),
        Set(prop::sample::Index, u8),
        WriteU64(prop::sample::Index, u64),
        Truncate(prop::sample::Index),
        Remove(prop::sample::Index),
        Insert(prop::sample::Index, u8),
        /// Adds to the root address (true) or key count (false), so that
        /// the footer stays plausible.
        Footer(bool, i8),
    }

    fn mutation() -> impl Strategy<Value = Mutation> {
        use prop::sample::Index;
        prop_oneof![
            4 => (any::<Index>(), 0..8u8).prop_map(|(i, bit)| Mutation::Flip(i, bit)),
            4 => (any::<Index>(), any::<u8>()).prop_map(|(i, v)| Mutation::Set(i, v)),
            1 => (any::<Index>(), any::<u64>()).prop_map(|(i, v)| Mutation::WriteU64(i, v)),
            1 => any::<Index>().prop_map(Mutation::Truncate),
            1 => any::<Index>().prop_map(Mutation::Remove),
            1 => (any::<Index>(), any::<u8>()).prop_map(|(i, v)| Mutation::Insert(i, v)),
            1 => (any::<bool>(), any::<i8>()).prop_map(|(r, d)| Mutation::Footer(r, d)),
        ]
    }

    fn apply(b: &mut Vec<u8>, m: &Mutation) {
        if b.is_empty() {
            return;
        }
        match m {
            Mutation::Flip(i, bit) => {
                let at = i.index(b.len());
                b[at] ^= 1 << bit;
            }
            Mutation::Set(i, v) => {
                let at = i.index(b.len());
                b[at] = *v;
            }
            Mutation::WriteU64(i, v) => {
                let at = i.index(b.len());
                for (slot, byte) in b[at..].iter_mut().zip(v.to_le_bytes()) {
                    *slot = byte;
                }
            }
            Mutation::Truncate(i) => b.truncate(i.index(b.len())),
            Mutation::Remove(i) => {
                b.remove(i.index(b.len()));
            }
            Mutation::Insert(i, v) => b.insert(i.index(b.len() + 1), *v),
            Mutation::Footer(root, d) => {
                if b.len() >= 20 {
                    let at = b.len() - if *root { 12 } else { 20 };
                    let v = u64::from_le_bytes(b[at..at + 8].try_into().unwrap());
                    let v = v.wrapping_add(*d as i64 as u64);
                    b[at..at + 8].copy_from_slice(&v.to_le_bytes());
                }
            }
        }
    }

    fn key() -> impl Strategy<Value = Vec<u8>> {
        prop_oneof![
            prop::collection::vec(any::<u8>(), 0..12),
            prop::collection::vec(b'a'..b'e', 0..10),
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(4000))]

        /// Any mutation of a valid map is rejected, or else reading it
        /// neither panics nor goes wrong.
        #[test]
        fn mutated_maps_are_rejected_or_harmless(
            which in 0..13usize,
            muts in prop::collection::vec(mutation(), 1..5),
        ) {
            let s = &samples()[which % samples().len()];
            let mut b = s.bytes.clone();
            for m in &muts {
                apply(&mut b, m);
            }
            let _ = verdict(&b, &probes(s));
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(500))]

        /// Every map fst builds passes, as version 3 and as version 2.
        #[test]
        fn built_maps_pass(
            entries in prop::collection::btree_map(key(), any::<u64>(), 0..200),
        ) {
            let s = build("random", false, entries.into_iter().collect());
            prop_assert_eq!(check(&s.bytes), Ok(()));
            let v2 = downgrade(&s.bytes, 2);
            prop_assert_eq!(check(&v2).is_ok(), v2.len() >= 36);
            prop_assert_eq!(exercise(&s.bytes, &probes(&s)), s.entries);
        }
    }
}
