//! Completions of what is being typed. A suggestion list that repeats the
//! hits adds nothing (they are on screen below it); what helps is the
//! rest of the name or of the official term the user has begun: the names
//! found that begin with or contain the input, and the catalogue's own
//! words (the lexicon the index stores to cut queries, so no new section)
//! that continue its last word, e.g. 营业 → 营业执照.

use super::Query;
use crate::analysis::lexicon::{decode_key, encode_key};
use crate::index::Index;

/// Most lexicon words looked at for one completion (a one-character
/// prefix can begin thousands).
const MAX_TERMS: usize = 256;

impl Index<'_> {
    /// Up to `n` completions of `prefix`, best first: names of matters
    /// found that begin with it, then catalogue terms that continue its
    /// last word (with what comes before kept), then names that contain
    /// it elsewhere. Compared normalized (width, case, traditional
    /// characters); names are shown as the catalogue writes them, terms
    /// as the index stores them (normalized).
    pub fn suggest(&self, prefix: &str, n: usize) -> Vec<String> {
        let typed = prefix.trim();
        if typed.is_empty() || n == 0 {
            return Vec::new();
        }
        let q = self.normalize(typed);
        let q = q.trim();
        if q.is_empty() {
            return Vec::new();
        }
        let res = self.search(&Query::new(typed).limit(n.max(10) * 2));
        let mut starts: Vec<String> = Vec::new();
        let mut contains: Vec<String> = Vec::new();
        for h in res.hits {
            let name = self.normalize(&h.name);
            if starts.contains(&h.name) || contains.contains(&h.name) {
                continue;
            }
            // A name that is the input comes first: it confirms the matter.
            if name.starts_with(q) {
                starts.push(h.name);
            } else if name.contains(q) {
                contains.push(h.name);
            }
        }
        let mut out: Vec<String> = Vec::new();
        let push = |s: String, out: &mut Vec<String>| {
            if out.len() < n && !out.contains(&s) {
                out.push(s);
            }
        };
        for s in starts {
            push(s, &mut out);
        }
        for t in self.complete_term(q) {
            push(t, &mut out);
        }
        for s in contains {
            push(s, &mut out);
        }
        out
    }

    /// `q` with its last word continued into lexicon words, shortest
    /// first (the nearest completion), likelier first among equals. The
    /// last word is the text after the last space; in a run of Han
    /// characters with no space, its longest ending of two or more
    /// characters that some word begins with (申请营业 → 申请营业执照).
    fn complete_term(&self, q: &str) -> Vec<String> {
        let (head, last) = match q.rfind(' ') {
            Some(i) => q.split_at(i + 1),
            None => ("", q),
        };
        let ends: Vec<usize> = last.char_indices().map(|(i, _)| i).collect();
        for (k, &at) in ends.iter().enumerate() {
            let tail = &last[at..];
            // A single character continues only when it is all there is.
            if k > 0 && tail.chars().count() < 2 {
                break;
            }
            let words = self.words_beginning(tail);
            if words.is_empty() {
                continue;
            }
            let before = format!("{head}{}", &last[..at]);
            return words.into_iter().map(|w| format!("{before}{w}")).collect();
        }
        Vec::new()
    }

    /// Lexicon words longer than `prefix` that begin with it, ordered.
    fn words_beginning(&self, prefix: &str) -> Vec<String> {
        use fst::{IntoStreamer, Streamer};
        let mut key = Vec::new();
        encode_key(prefix, &mut key);
        let fst = self.lexicon().fst();
        let mut s = fst.range().gt(&key).into_stream();
        let mut found: Vec<(usize, u64, String)> = Vec::new();
        while let Some((k, v)) = s.next() {
            if !k.starts_with(&key) || found.len() >= MAX_TERMS {
                break;
            }
            let w = decode_key(k);
            found.push((w.chars().count(), v.value(), w));
        }
        crate::analysis::sort_by(&mut found, |a, b| {
            (a.0, std::cmp::Reverse(a.1), &a.2) < (b.0, std::cmp::Reverse(b.1), &b.2)
        });
        found.into_iter().map(|(_, _, w)| w).collect()
    }
}
