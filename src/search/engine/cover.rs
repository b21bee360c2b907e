//! Best-cover ranking for queries no matter holds word for word (开饭馆,
//! 营业执照丢了): each matter is scored by the best cover of the query by
//! pieces that occur in the catalogue, so a run the catalogue never uses
//! (摆摊, 丢了) costs only its own characters instead of hiding the rest.
//!
//! A piece is a substring of a CJK run (two characters or more) that some
//! matter holds, a Latin or number word, a lone character (weak credit), an
//! alternative of an intent word (丢了 → 遗失), or the full form of an
//! abbreviation (公租房 → 公共租赁住房). Pieces weigh by how rare
//! they are (BM25 idf; a longer piece is rarer already, and weighing by
//! length too scored worse on the development set); a matter gets the
//! heaviest set of non-overlapping pieces it holds, more where they are in
//! its name, and more again the more of its name they cover.

use super::*;

/// Longest substring tried as a piece (names rarely share longer runs
/// that their shorter pieces would not already find).
const MAX_PIECE: usize = 12;
/// Credit of a piece found in an alias, and in any other field, against
/// one found in the name.
const ALIAS_CREDIT: f32 = 0.8;
const OTHER_CREDIT: f32 = 0.3;
/// Credit of a lone shared character against a piece of the same idf.
const CHAR_CREDIT: f32 = 0.25;
/// How much covering all of a name multiplies a matter's score.
const NAME_COVER_BONUS: f32 = 0.5;

/// A piece of the query and where it may stand.
pub(super) struct Piece {
    /// Slots of the query it covers, `start..end`.
    start: usize,
    end: usize,
    pub(super) unit: Unit,
    pub(super) m: Rc<Matches>,
    /// idf × the credit of its kind.
    weight: f32,
    /// A candidate maker: lone characters only add to matters found by
    /// something longer, intent alternatives always only add.
    finds: bool,
    lone: bool,
}

/// An intent word's place in the query (byte range of the normalized
/// text) and one catalogue word it stands for.
pub(super) struct Alternative {
    pub(super) start: usize,
    pub(super) end: usize,
    pub(super) text: String,
    /// Credit against a piece of the query as typed (action words count half).
    pub(super) credit: f32,
    /// Whether it finds matters itself: a formal term an everyday name
    /// stands for does (路边摆摊's 摆摊), an intent word's alternatives do not.
    pub(super) finds: bool,
}

/// The pieces of a normalized query found in the catalogue, with the
/// number of slots (CJK characters and Latin words) the query has.
pub(super) fn pieces(
    ctx: &mut Ctx<'_, '_>,
    norm: &str,
    text: &str,
    alternatives: &[Alternative],
) -> (Vec<Piece>, usize) {
    let big_n = ctx.idx.len() as f32;
    let idf = |df: usize| {
        let df = df as f32;
        ln(f64::from(1.0 + (big_n - df + 0.5) / (df + 0.5))) as f32
    };
    let typing = !text.ends_with(char::is_whitespace);
    let toks = analysis::tokens(norm);
    let n_toks = toks.len();
    let mut out: Vec<Piece> = Vec::new();
    let mut slot = 0usize;
    // Slots of the alternatives, found as their tokens go by.
    let mut alt_slots: Vec<Option<(usize, usize)>> = vec![None; alternatives.len()];
    for (ti, t) in toks.iter().enumerate() {
        for (a, s) in alternatives.iter().zip(alt_slots.iter_mut()) {
            if t.kind == TokenKind::Cjk && a.start >= t.start && a.end <= t.end {
                let first = slot + t.text[..a.start - t.start].chars().count();
                *s = Some((
                    first,
                    first + t.text[a.start - t.start..a.end - t.start].chars().count(),
                ));
            }
        }
        match t.kind {
            TokenKind::Word => {
                let unit = Unit {
                    text: t.text.to_string(),
                    latin: true,
                    prefix: typing && ti + 1 == n_toks,
                };
                let m = ctx.match_unit(&unit);
                if m.len() > 0 {
                    out.push(Piece {
                        start: slot,
                        end: slot + 1,
                        weight: idf(m.len()),
                        unit,
                        m,
                        finds: true,
                        lone: false,
                    });
                }
                slot += 1;
            }
            TokenKind::Cjk => {
                let chars: Vec<char> = t.text.chars().collect();
                let n = chars.len();
                for i in 0..n {
                    for j in i + 1..=n.min(i + MAX_PIECE) {
                        let unit = Unit::cjk(chars[i..j].iter().collect());
                        let m = ctx.match_unit(&unit);
                        if m.len() == 0 {
                            break;
                        }
                        let lone = j - i == 1;
                        let credit = if lone { CHAR_CREDIT } else { 1.0 };
                        out.push(Piece {
                            start: slot + i,
                            end: slot + j,
                            weight: idf(m.len()) * credit,
                            unit,
                            m,
                            finds: !lone,
                            lone,
                        });
                    }
                }
                slot += n;
            }
        }
    }
    for (a, s) in alternatives.iter().zip(alt_slots) {
        let Some((start, end)) = s else { continue };
        let unit = Unit::cjk(a.text.clone());
        let m = ctx.match_unit(&unit);
        if m.len() == 0 {
            continue;
        }
        out.push(Piece {
            start,
            end,
            weight: idf(m.len()) * a.credit,
            unit,
            m,
            // What an intent word stands for adds to matters the query
            // finds, it does not find them (拍卖 is not 经营).
            finds: a.finds,
            lone: false,
        });
    }
    (out, slot)
}

/// The matters any finding piece occurs in, sorted; those of lone
/// characters when nothing longer is found (49号 still finds the names
/// with 号).
pub(super) fn candidates(pieces: &[Piece]) -> Vec<u32> {
    let any = pieces.iter().any(|p| p.finds);
    let mut all: Vec<u32> = pieces
        .iter()
        .filter(|p| p.finds || (!any && p.lone))
        .flat_map(|p| p.m.keys().copied())
        .collect();
    analysis::sort_ints(&mut all);
    all.dedup();
    all
}

/// The score of `doc`: its best cover of the query's `slots`, times the
/// bonus for the share of its name the pieces cover.
pub(super) fn score(pieces: &[Piece], slots: usize, doc: u32, name_len: u32) -> f32 {
    // best[i]: the heaviest cover of slots 0..i.
    let mut best = vec![0f32; slots + 1];
    let mut named: Vec<(u32, u32)> = Vec::new();
    // Pieces come in order of their start; look at them by their end.
    let mut by_end: Vec<(usize, f32)> = Vec::new();
    for p in pieces {
        let Some(tf) = p.m.get(&doc) else { continue };
        let credit = if tf[Field::Name as usize] > 0 {
            1.0
        } else if tf[Field::Alias as usize] > 0 {
            ALIAS_CREDIT
        } else {
            OTHER_CREDIT
        };
        by_end.push((p.start * (slots + 1) + p.end, p.weight * credit));
        if p.finds {
            if let Some(pos) = p.m.in_name(doc) {
                let len = p.unit.chars();
                named.extend(pos.iter().map(|&s| (s, s + len)));
            }
        }
    }
    for i in 1..=slots {
        let mut b = best[i - 1];
        for &(key, w) in &by_end {
            let (s, e) = (key / (slots + 1), key % (slots + 1));
            if e == i {
                b = b.max(best[s] + w);
            }
        }
        best[i] = b;
    }
    analysis::sort_by(&mut named, |a, b| a < b);
    let mut covered = 0u32;
    let mut end = 0u32;
    for (s, e) in named {
        let s = s.max(end);
        if e > s {
            covered += e - s;
            end = e;
        }
    }
    let share = if name_len > 0 {
        (covered as f32 / name_len as f32).min(1.0)
    } else {
        0.0
    };
    best[slots] * (1.0 + NAME_COVER_BONUS * share)
}
