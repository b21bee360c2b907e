//! JSON paths and where they are in the source text.
//!
//! `serde_json::Value` forgets positions, so after serde_json has accepted a
//! document we scan it once more, cheaply, to map every JSON path to the line
//! and column of its value and of its key. Problems found later on the typed
//! model can then still point at the right spot in the file.

use std::collections::{HashMap, HashSet};

/// 1-based line and 1-based column in characters.
pub(crate) type Pos = (usize, usize);

/// `prefix.key`, or `prefix["odd key"]` when the key would make the path
/// ambiguous (dots, brackets, quotes, spaces, empty).
pub(crate) fn key_path(prefix: &str, key: &str) -> String {
    let plain = !key.is_empty()
        && !key.chars().any(|c| {
            matches!(c, '.' | '[' | ']' | '"' | '\\') || c.is_whitespace() || c.is_control()
        });
    if plain {
        if prefix.is_empty() {
            key.to_string()
        } else {
            format!("{prefix}.{key}")
        }
    } else {
        let quoted = serde_json::to_string(key).unwrap_or_else(|_| format!("\"{key}\""));
        format!("{prefix}[{quoted}]")
    }
}

/// `prefix[i]`.
pub(crate) fn index_path(prefix: &str, i: usize) -> String {
    format!("{prefix}[{i}]")
}

/// Whether `path` is `ancestor` itself or lies inside it.
pub(crate) fn is_within(path: &str, ancestor: &str) -> bool {
    if ancestor.is_empty() {
        return true;
    }
    match path.strip_prefix(ancestor) {
        Some(rest) => rest.is_empty() || rest.starts_with('.') || rest.starts_with('['),
        None => false,
    }
}

/// Positions of every value and key of one document.
///
/// Paths are kept as 64-bit hashes in sorted vectors (16 bytes a value)
/// rather than as strings in maps: a province's export has tens of
/// millions of values, and the map of their paths alone took more memory
/// than the parsed catalogue. A collision could only misplace a message.
#[derive(Debug, Default)]
pub(crate) struct Positions {
    values: Vec<(u64, u32, u32)>,
    keys: Vec<(u64, u32, u32)>,
    /// Number literals that are not exactly a whole number, by path, as
    /// written: `1e-400` parses as 0 and `1.0000000000000000001` as 1.
    fractions: HashMap<String, String>,
    /// Keys given twice in one object (path, position of the later one):
    /// serde_json silently keeps the last, which loses data.
    pub(crate) duplicate_keys: Vec<(String, Pos)>,
}

fn path_hash(path: &str) -> u64 {
    use std::hash::{Hash, Hasher};
    // SipHash with fixed keys: the same on every run.
    #[allow(deprecated)]
    let mut h = std::hash::SipHasher::new();
    path.hash(&mut h);
    h.finish()
}

/// Sorts by hash, keeping the last position given for a path (JSON keeps
/// the last of duplicate keys).
fn seal(v: &mut Vec<(u64, u32, u32)>) {
    // Stable sort: equal hashes stay in document order.
    v.sort_by_key(|e| e.0);
    let mut out: Vec<(u64, u32, u32)> = Vec::with_capacity(v.len());
    for e in v.drain(..) {
        match out.last_mut() {
            Some(l) if l.0 == e.0 => *l = e,
            _ => out.push(e),
        }
    }
    out.shrink_to_fit();
    *v = out;
}

fn lookup(v: &[(u64, u32, u32)], path: &str) -> Option<Pos> {
    let h = path_hash(path);
    v.binary_search_by_key(&h, |e| e.0)
        .ok()
        .map(|i| (v[i].1 as usize, v[i].2 as usize))
}

/// Whether a JSON number literal is exactly a whole number (its decimal
/// digits, shifted by its exponent, leave nothing after the point).
pub(crate) fn literal_is_whole(lit: &str) -> bool {
    let lit = lit.strip_prefix('-').unwrap_or(lit);
    let (mantissa, exp) = match lit.find(['e', 'E']) {
        Some(i) => (&lit[..i], &lit[i + 1..]),
        None => (lit, "0"),
    };
    let exp: i64 = match exp.strip_prefix('+').unwrap_or(exp).parse() {
        Ok(e) => e,
        // An exponent too large to parse: zero, or too large anyway.
        Err(_) => return !exp.starts_with('-') || mantissa.bytes().all(|b| b == b'0' || b == b'.'),
    };
    if mantissa.bytes().all(|b| b == b'0' || b == b'.') {
        return true;
    }
    let (int, frac) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    let digits = format!("{int}{frac}");
    let point = int.len() as i64 + exp;
    (digits.trim_end_matches('0').len() as i64) <= point
}

impl Positions {
    /// Scans a document that serde_json has already accepted. On anything
    /// unexpected it stops quietly: positions are a convenience.
    pub(crate) fn scan(src: &str) -> Positions {
        let mut s = Scanner {
            bytes: src.as_bytes(),
            i: 0,
            line: 1,
            col: 1,
            out: Positions::default(),
        };
        s.ws();
        s.value(String::new(), 0);
        seal(&mut s.out.values);
        seal(&mut s.out.keys);
        s.out
    }

    /// The literal of the number at `path` when it is not exactly whole.
    pub(crate) fn fraction(&self, path: &str) -> Option<&str> {
        self.fractions.get(path).map(String::as_str)
    }

    /// Position of the value at `path`, or of its nearest ancestor that has
    /// one (a missing field points at its object).
    pub(crate) fn value(&self, path: &str) -> Option<Pos> {
        if let Some(p) = lookup(&self.values, path) {
            return Some(p);
        }
        let mut end = path.len();
        while let Some(j) = path[..end].rfind(['.', '[']) {
            if let Some(p) = lookup(&self.values, &path[..j]) {
                return Some(p);
            }
            end = j;
        }
        lookup(&self.values, "")
    }

    /// Position of the key that introduces `path` (for unknown fields).
    pub(crate) fn key(&self, path: &str) -> Option<Pos> {
        lookup(&self.keys, path).or_else(|| self.value(path))
    }
}

/// serde_json nests at most 128 levels; this is only a backstop.
const MAX_DEPTH: usize = 512;

struct Scanner<'s> {
    bytes: &'s [u8],
    i: usize,
    line: usize,
    col: usize,
    out: Positions,
}

impl Scanner<'_> {
    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.i).copied()
    }

    fn pos(&self) -> Pos {
        (self.line, self.col)
    }

    fn note(&mut self, path: &str, at: Pos) {
        let at32 = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
        self.out
            .values
            .push((path_hash(path), at32(at.0), at32(at.1)));
    }

    /// Consumes one byte, counting columns in characters: only a byte that
    /// starts a UTF-8 sequence moves the column.
    fn bump(&mut self) {
        if let Some(b) = self.peek() {
            self.i += 1;
            if b == b'\n' {
                self.line += 1;
                self.col = 1;
            } else if b & 0xC0 != 0x80 {
                self.col += 1;
            }
        }
    }

    fn ws(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.bump();
        }
    }

    fn eat(&mut self, b: u8) -> bool {
        if self.peek() == Some(b) {
            self.bump();
            true
        } else {
            false
        }
    }

    /// Scans one value starting at the current byte; false means "give up".
    fn value(&mut self, path: String, depth: usize) -> bool {
        if depth > MAX_DEPTH {
            return false;
        }
        let at = self.pos();
        match self.peek() {
            Some(b'{') => {
                self.note(&path, at);
                self.object(&path, depth)
            }
            Some(b'[') => {
                self.note(&path, at);
                self.array(&path, depth)
            }
            Some(b'"') => {
                self.note(&path, at);
                self.string().is_some()
            }
            Some(first) => {
                self.note(&path, at);
                let start = self.i;
                while let Some(b) = self.peek() {
                    if matches!(b, b',' | b']' | b'}' | b' ' | b'\t' | b'\n' | b'\r') {
                        break;
                    }
                    self.bump();
                }
                if first == b'-' || first.is_ascii_digit() {
                    let lit = String::from_utf8_lossy(&self.bytes[start..self.i]);
                    if !literal_is_whole(&lit) {
                        self.out.fractions.insert(path, lit.into_owned());
                    }
                }
                true
            }
            None => false,
        }
    }

    fn object(&mut self, path: &str, depth: usize) -> bool {
        self.bump(); // '{'
        self.ws();
        if self.eat(b'}') {
            return true;
        }
        let mut seen = HashSet::new();
        loop {
            self.ws();
            let at = self.pos();
            let Some(key) = self.string() else {
                return false;
            };
            let child = key_path(path, &key);
            if !seen.insert(key) {
                self.out.duplicate_keys.push((child.clone(), at));
            }
            let at32 = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
            self.out
                .keys
                .push((path_hash(&child), at32(at.0), at32(at.1)));
            self.ws();
            if !self.eat(b':') {
                return false;
            }
            self.ws();
            if !self.value(child, depth + 1) {
                return false;
            }
            self.ws();
            if self.eat(b',') {
                continue;
            }
            return self.eat(b'}');
        }
    }

    fn array(&mut self, path: &str, depth: usize) -> bool {
        self.bump(); // '['
        self.ws();
        if self.eat(b']') {
            return true;
        }
        let mut n = 0;
        loop {
            self.ws();
            if !self.value(index_path(path, n), depth + 1) {
                return false;
            }
            n += 1;
            self.ws();
            if self.eat(b',') {
                continue;
            }
            return self.eat(b']');
        }
    }

    /// Scans a string literal and returns its decoded text.
    fn string(&mut self) -> Option<String> {
        let start = self.i;
        if !self.eat(b'"') {
            return None;
        }
        let mut escaped = false;
        loop {
            match self.peek()? {
                b'"' => {
                    self.bump();
                    break;
                }
                b'\\' => {
                    escaped = true;
                    self.bump();
                    self.bump();
                }
                _ => self.bump(),
            }
        }
        let raw = self.bytes.get(start..self.i)?;
        let raw = std::str::from_utf8(raw).ok()?;
        if escaped {
            serde_json::from_str::<String>(raw).ok()
        } else {
            raw.get(1..raw.len().saturating_sub(1)).map(str::to_string)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn maps_values_and_keys() {
        let src = "{\n  \"名称\": \"x\",\n  \"a\": [1, {\"b\": true}],\n  \"c.d\": null\n}";
        let p = Positions::scan(src);
        assert_eq!(p.value(""), Some((1, 1)));
        assert_eq!(p.key("名称"), Some((2, 3)));
        assert_eq!(p.value("名称"), Some((2, 9)));
        assert_eq!(p.value("a[1].b"), Some((3, 18)));
        assert_eq!(p.value("a[1].missing"), Some((3, 12)));
        assert_eq!(p.value("[\"c.d\"]"), Some((4, 10)));
    }

    #[test]
    fn finds_duplicate_keys() {
        let p = Positions::scan("{\"a\": 1, \"\\u0061\": 2}");
        assert_eq!(p.duplicate_keys, vec![("a".to_string(), (1, 10))]);
    }

    #[test]
    fn whole_literals() {
        for w in [
            "0", "-0", "20", "20.0", "2e1", "2.5e1", "0e-400", "0.000", "1E+2", "-3", "250e-1",
        ] {
            assert!(literal_is_whole(w), "{w}");
        }
        for f in [
            "1e-400",
            "0.5",
            "1.0000000000000000001",
            "25e-1",
            "1e-22",
            "-0.1",
        ] {
            assert!(!literal_is_whole(f), "{f}");
        }
    }

    #[test]
    fn ancestry() {
        assert!(is_within("matters[1].id", "matters[1]"));
        assert!(is_within("matters[1]", "matters[1]"));
        assert!(!is_within("matters[10]", "matters[1]"));
        assert!(is_within("title", ""));
    }
}
