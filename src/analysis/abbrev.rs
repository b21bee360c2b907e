//! Abbreviations (简称): 社保卡 for 社会保障卡, 公租房 for 公共租赁住房,
//! 残疾证 for 残疾人证 — a character, or a two-character prefix, from each
//! of successive words of a name.
//!
//! No text is read: the abbreviation is walked along the catalogue's
//! character bigrams (as pinyin is, [`super::pinyin::Walk`]), filling in
//! the rest of each word, and every string found must cut into words of
//! the index's lexicon that each gave exactly their share.

use super::pinyin::Walk;
use super::Lexicon;

/// Longest abbreviation tried, and most characters an expansion adds
/// between two of its characters, after the last, and in all.
pub const MAX_ABBREVIATION: usize = 4;
const MAX_FILL: usize = 2;
const MAX_TAIL: usize = 2;
const MAX_EXPANSION: usize = 12;

/// The strings of catalogue characters that `abbr` abbreviates, as
/// bigram chains (whether a text holds one whole is for the caller to
/// check), at most `limit`; `steps` bounds the characters visited and is
/// shared across calls of one query.
pub fn expansions(
    abbr: &str,
    walk: &Walk,
    lex: &impl Lexicon,
    limit: usize,
    steps: &mut usize,
) -> Vec<String> {
    let q: Vec<char> = abbr.chars().collect();
    let mut out: Vec<String> = Vec::new();
    if q.len() < 2 || q.len() > MAX_ABBREVIATION {
        return out;
    }
    let mut path = vec![q[0]];
    let mut at = vec![0usize];
    let mut k = Search {
        q: &q,
        walk,
        lex,
        out: &mut out,
        limit,
        steps,
    };
    k.extend(&mut path, &mut at, 0);
    out
}

struct Search<'s, L> {
    q: &'s [char],
    walk: &'s Walk,
    lex: &'s L,
    out: &'s mut Vec<String>,
    limit: usize,
    steps: &'s mut usize,
}

impl<L: Lexicon> Search<'_, L> {
    /// `path` so far, `at`: where in it each abbreviation character stands,
    /// `fill`: characters added since the last of them.
    fn extend(&mut self, path: &mut Vec<char>, at: &mut Vec<usize>, fill: usize) {
        if *self.steps == 0 || self.out.len() >= self.limit {
            return;
        }
        *self.steps -= 1;
        let done = at.len() == self.q.len();
        if done && path.len() > self.q.len() {
            self.check(path, at);
        }
        if path.len() >= MAX_EXPANSION {
            return;
        }
        let Some(&last) = path.last() else { return };
        let walk = self.walk;
        for &(d, gap) in walk.after(last) {
            // Within one stretch of text: a separator ends the name's run.
            if gap {
                continue;
            }
            path.push(d);
            if !done && d == self.q[at.len()] {
                at.push(path.len() - 1);
                self.extend(path, at, 0);
                at.pop();
            }
            let room = if done { MAX_TAIL } else { MAX_FILL };
            if fill < room {
                self.extend(path, at, fill + 1);
            }
            path.pop();
            if *self.steps == 0 || self.out.len() >= self.limit {
                return;
            }
        }
    }

    /// Whether `path` can be cut into words of the lexicon (or single
    /// characters) each holding one abbreviation character anywhere, or
    /// its first two: the lexicon's own cut may keep a catalogue term
    /// whole (社会保障卡), so every cut between the characters is tried.
    fn check(&mut self, path: &[char], at: &[usize]) {
        if self.cut_from(path, at, 0, 0) {
            let text: String = path.iter().collect();
            if !self.out.contains(&text) {
                self.out.push(text);
            }
        }
    }

    /// Whether `path[start..]` cuts so, its first word holding the
    /// abbreviation characters from `at[i]` on.
    fn cut_from(&self, path: &[char], at: &[usize], i: usize, start: usize) -> bool {
        let Some(&p) = at.get(i) else {
            return start == path.len();
        };
        // The word holds at[i] (and at[i + 1] as its first two); it ends
        // before the next abbreviation character.
        let mut options: Vec<(usize, usize)> =
            vec![(i + 1, at.get(i + 1).copied().unwrap_or(path.len()))];
        if p == start && at.get(i + 1) == Some(&(p + 1)) {
            options.push((i + 2, at.get(i + 2).copied().unwrap_or(path.len())));
        }
        for (next, limit) in options {
            let first_end = at[next - 1] + 1;
            for end in first_end..=limit {
                let word: String = path[start..end].iter().collect();
                let known = end - start == 1 || self.lex.contains(&word);
                if known && self.cut_from(path, at, next, end) {
                    return true;
                }
            }
        }
        false
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::LexiconBuilder;

    fn walk(texts: &[&str]) -> Walk {
        let mut keys: Vec<String> = Vec::new();
        for t in texts {
            let cs: Vec<char> = t.chars().collect();
            for p in cs.windows(2) {
                keys.push(p.iter().collect());
            }
        }
        keys.sort();
        keys.dedup();
        Walk::new(&fst::Set::from_iter(keys).unwrap())
    }

    fn lexicon(words: &[&str]) -> crate::analysis::FstLexicon<Vec<u8>> {
        let mut b = LexiconBuilder::new();
        for w in words {
            b.add(w, 100);
        }
        b.build_all()
    }

    #[test]
    fn a_character_or_two_from_each_word() {
        let w = walk(&[
            "社会保障卡申领",
            "公共租赁住房申请",
            "残疾人证办理",
            "社会团体登记",
        ]);
        let lex = lexicon(&[
            "社会",
            "保障",
            "卡",
            "公共",
            "租赁",
            "住房",
            "残疾人",
            "证",
            "申请",
            "团体",
        ]);
        let mut steps = 10_000;
        let mut e = |a: &str| expansions(a, &w, &lex, 8, &mut steps);
        assert_eq!(e("社保卡"), vec!["社会保障卡"]);
        assert_eq!(e("公租房"), vec!["公共租赁住房"]);
        assert_eq!(e("残疾证"), vec!["残疾人证"]);
        // A character from the middle of a word skips none of its words.
        assert!(e("社卡").is_empty());
        assert!(e("社").is_empty());
    }
}
