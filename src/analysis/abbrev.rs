//! Abbreviations (简称): 社保卡 for 社会保障卡, 公租房 for 公共租赁住房,
//! 残疾证 for 残疾人证 — a character, or a two-character prefix, from each
//! of successive words of a name.
//!
//! No text is read: the abbreviation is walked along the catalogue's
//! character bigrams (as pinyin is, [`super::pinyin::Walk`]), filling in
//! the rest of each word, and every string found must cut into words of
//! the index's lexicon that each gave exactly their share.

use super::pinyin::Walk;
use super::{Lexicon, Place};

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
    let mut k = Search {
        q: &q,
        walk,
        lex,
        out: &mut out,
        limit,
        steps,
        path: Vec::new(),
        live: Vec::new(),
        depth: Vec::new(),
    };
    k.push(q[0]);
    let mut at = vec![0usize];
    k.extend(&mut at, 0);
    out
}

struct Search<'s, L> {
    q: &'s [char],
    walk: &'s Walk,
    lex: &'s L,
    out: &'s mut Vec<String>,
    limit: usize,
    steps: &'s mut usize,
    /// The characters walked so far.
    path: Vec<char>,
    /// Every stretch `path[start..end]` that begins a lexicon word, as
    /// (start, place), grouped by `end`: `depth[end - 1]` is where the
    /// group of `end` begins. Kept as the path grows so that no stretch
    /// is looked up twice.
    live: Vec<(usize, Place)>,
    depth: Vec<usize>,
}

impl<L: Lexicon> Search<'_, L> {
    /// Adds `c` to the path, and the stretches ending with it that begin
    /// a word.
    fn push(&mut self, c: char) {
        let from = self.depth.last().copied().unwrap_or(0);
        let mark = self.live.len();
        for i in from..mark {
            let (s, place) = self.live[i];
            if let Some(p) = self.lex.advance(place, c) {
                self.live.push((s, p));
            }
        }
        if let Some(p) = self.lex.advance(self.lex.start(), c) {
            self.live.push((self.path.len(), p));
        }
        self.depth.push(mark);
        self.path.push(c);
    }

    fn pop(&mut self) {
        self.path.pop();
        if let Some(mark) = self.depth.pop() {
            self.live.truncate(mark);
        }
    }

    /// The stretches `path[start..end]` that begin a word.
    fn ending(&self, end: usize) -> &[(usize, Place)] {
        let from = self.depth[end - 1];
        let to = self.depth.get(end).copied().unwrap_or(self.live.len());
        &self.live[from..to]
    }

    /// `at`: where in the path each abbreviation character stands,
    /// `fill`: characters added since the last of them.
    fn extend(&mut self, at: &mut Vec<usize>, fill: usize) {
        if *self.steps == 0 || self.out.len() >= self.limit {
            return;
        }
        let done = at.len() == self.q.len();
        if done && self.path.len() > self.q.len() {
            self.check(at);
        }
        if self.path.len() >= MAX_EXPANSION {
            return;
        }
        let Some(&last) = self.path.last() else {
            return;
        };
        let walk = self.walk;
        for &(d, gap) in walk.after(last) {
            // Within one stretch of text: a separator ends the name's run.
            if gap {
                continue;
            }
            if *self.steps == 0 {
                return;
            }
            *self.steps -= 1;
            self.push(d);
            if !done && d == self.q[at.len()] {
                at.push(self.path.len() - 1);
                self.extend(at, 0);
                at.pop();
            }
            let room = if done { MAX_TAIL } else { MAX_FILL };
            if fill < room && self.may_grow(at, fill + 1) {
                self.extend(at, fill + 1);
            }
            self.pop();
            if *self.steps == 0 || self.out.len() >= self.limit {
                return;
            }
        }
    }

    /// Whether the character just added to the path as filling (`fill`
    /// characters since the last abbreviation character) can be part of a
    /// word of the final cut. Only a word of two or more characters holds
    /// one, so some stretch ending with it must begin a lexicon word: a
    /// stretch from no earlier than the abbreviation character before the
    /// last placed (a word may hold two as its first two) that holds the
    /// last placed; or, before the abbreviation's last character is
    /// placed, one that begins after it, in the next character's word,
    /// which must then follow at once when no filling is left. Without
    /// this the walk tries every character that follows in the catalogue
    /// and checks each dead end's cut.
    fn may_grow(&self, at: &[usize], fill: usize) -> bool {
        let Some(&last) = at.last() else {
            return false;
        };
        let lo = if at.len() >= 2 { at[at.len() - 2] } else { 0 };
        let done = at.len() == self.q.len();
        let next = self.q.get(at.len()).copied();
        self.ending(self.path.len()).iter().any(|&(s, place)| {
            if s < lo {
                false
            } else if s <= last {
                true
            } else if done {
                false
            } else if fill < MAX_FILL {
                place.longer
            } else {
                next.is_some_and(|c| self.lex.advance(place, c).is_some())
            }
        })
    }

    /// Whether the path can be cut into words of the lexicon (or single
    /// characters) each holding one abbreviation character anywhere, or
    /// its first two: the lexicon's own cut may keep a catalogue term
    /// whole (社会保障卡), so every cut between the characters is tried.
    fn check(&mut self, at: &[usize]) {
        if self.cut_from(at, 0, 0) {
            let text: String = self.path.iter().collect();
            if !self.out.contains(&text) {
                self.out.push(text);
            }
        }
    }

    /// Whether `path[start..]` cuts so, its first word holding the
    /// abbreviation characters from `at[i]` on.
    fn cut_from(&self, at: &[usize], i: usize, start: usize) -> bool {
        let n = self.path.len();
        let Some(&p) = at.get(i) else {
            return start == n;
        };
        // The word holds at[i] (and at[i + 1] as its first two); it ends
        // before the next abbreviation character.
        let mut options: [Option<(usize, usize)>; 2] =
            [Some((i + 1, at.get(i + 1).copied().unwrap_or(n))), None];
        if p == start && at.get(i + 1) == Some(&(p + 1)) {
            options[1] = Some((i + 2, at.get(i + 2).copied().unwrap_or(n)));
        }
        for (next, limit) in options.into_iter().flatten() {
            let first_end = at[next - 1] + 1;
            for end in first_end..=limit {
                let known = end - start == 1
                    || self
                        .ending(end)
                        .iter()
                        .any(|&(s, place)| s == start && place.word);
                if known && self.cut_from(at, next, end) {
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
