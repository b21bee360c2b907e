//! Traditional → simplified pairs for the index's character-fold table.
//!
//! The catalogue is written in simplified characters; people in Hong Kong,
//! Macao and Taiwan type traditional ones. The builder picks, from OpenCC's
//! table, the pairs whose simplified form the catalogue uses and whose
//! traditional form it does not, and merges them into the index's one
//! [`FoldTable`](super::FoldTable) (with the NFKC folds), so folding never
//! changes a query the catalogue could match as typed. The query path
//! folds character by character, which keeps a traditional query's hits
//! and their order identical to its simplified form.

/// OpenCC's character table (`data/opencc/TSCharacters.txt`, Apache-2.0):
/// every traditional character with its simplified candidates, most usual
/// first. Only the index builder needs it.
#[cfg(feature = "dict")]
pub fn opencc_traditional_to_simplified() -> Vec<(char, Vec<char>)> {
    parse_opencc(include_str!("../../data/opencc/TSCharacters.txt"))
}

/// Parses an OpenCC character table (`key<TAB>value value …`, `#` comments),
/// keeping single-character keys and values.
pub fn parse_opencc(text: &str) -> Vec<(char, Vec<char>)> {
    let mut out = Vec::new();
    for line in text.lines() {
        if line.starts_with('#') {
            continue;
        }
        let mut parts = line.split_whitespace();
        let Some(key) = parts.next() else { continue };
        let mut kc = key.chars();
        let (Some(k), None) = (kc.next(), kc.next()) else {
            continue;
        };
        let values: Vec<char> = parts
            .filter_map(|v| {
                let mut vc = v.chars();
                match (vc.next(), vc.next()) {
                    (Some(c), None) => Some(c),
                    _ => None,
                }
            })
            .collect();
        if !values.is_empty() {
            out.push((k, values));
        }
    }
    out
}

/// The pairs a catalogue needs: for each traditional character `free`
/// allows (one the catalogue does not use), its first simplified candidate
/// that `used` accepts (one the catalogue does use); sorted.
pub fn catalogue_pairs(
    table: &[(char, Vec<char>)],
    free: impl Fn(char) -> bool,
    used: impl Fn(char) -> bool,
) -> Vec<(char, char)> {
    let mut pairs: Vec<(char, char)> = table
        .iter()
        .filter(|(t, _)| free(*t))
        .filter_map(|(t, cands)| cands.iter().find(|&&s| used(s)).map(|&s| (*t, s)))
        .filter(|(t, s)| t != s)
        .collect();
    pairs.sort_unstable();
    pairs.dedup_by_key(|p| p.0);
    pairs
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_what_the_catalogue_needs() {
        let table = parse_opencc("# c\n乾\t干 乾\n發\t发\n體\t体\n");
        let uses = |c: char| "干发乾".contains(c);
        let pairs = catalogue_pairs(&table, |c| !uses(c), uses);
        assert_eq!(pairs, vec![('發', '发')]);
    }
}
