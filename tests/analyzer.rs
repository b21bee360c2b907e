//! The analyzer is shared: queries are cut against the lexicon stored in
//! the index exactly as the catalogue was cut at build time.
// Native only: wasm-pack test builds every test target for wasm32.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use matter_search::analysis::{self, normalize, Lexicon, TokenKind};
use matter_search::{Catalogue, Index, IndexBuilder, LoadOptions};

fn mofcom() -> Catalogue {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/data/mofcom.json");
    Catalogue::load_files(&[path], &LoadOptions::default())
        .expect("data/mofcom.json loads")
        .catalogue
}

fn runs_of(cat: &Catalogue) -> Vec<String> {
    let mut texts: Vec<String> = Vec::new();
    for m in &cat.matters {
        texts.push(m.name.clone());
        texts.extend(m.conditions.iter().cloned());
        texts.extend(m.basis.iter().filter_map(|b| b.text.clone()));
        texts.extend(m.materials.iter().map(|x| x.name.clone()));
    }
    let mut runs = Vec::new();
    for t in texts {
        let n = normalize(&t);
        for tok in analysis::tokens(&n) {
            if tok.kind == TokenKind::Cjk {
                runs.push(tok.text.to_string());
            }
        }
    }
    runs
}

fn cut<'a>(run: &'a str, lex: &impl Lexicon) -> Vec<&'a str> {
    analysis::segment(run, lex)
        .into_iter()
        .map(|(a, b)| &run[a..b])
        .collect()
}

/// For every CJK run of the catalogue, the cut with the stored lexicon (what
/// a browser has) equals the cut with the full build-time lexicon.
fn assert_same_cuts(cat: &Catalogue, builder: &IndexBuilder) {
    let (full, _) = builder.lexicon(cat).expect("lexicon builds");
    let full = full.build_all();
    let bytes = builder.build(cat).expect("index builds");
    let idx = Index::from_bytes(&bytes).expect("index opens");
    let runs = runs_of(cat);
    assert!(runs.len() > 100);
    for r in &runs {
        assert_eq!(cut(r, &full), cut(r, idx.lexicon()), "cuts differ on {r:?}");
    }
}

#[test]
fn stored_lexicon_cuts_like_the_build_lexicon_mofcom() {
    let mut b = IndexBuilder::new();
    let dict = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/data/user-dict.txt"))
        .unwrap();
    b.user_dictionary(&dict, "data/user-dict.txt").unwrap();
    assert_same_cuts(&mofcom(), &b);
}

#[test]
fn stored_lexicon_cuts_like_the_build_lexicon_district() {
    assert_same_cuts(
        &common::district::district_catalogue(),
        &IndexBuilder::new(),
    );
}

#[test]
fn stored_lexicon_holds_only_catalogue_words() {
    let cat = mofcom();
    let bytes = IndexBuilder::new().build(&cat).unwrap();
    let idx = Index::from_bytes(&bytes).unwrap();
    let all: String = runs_of(&cat).join("|")
        + &cat
            .matters
            .iter()
            .flat_map(|m| m.aliases.iter().chain(m.forms.iter().map(|f| &f.title)))
            .map(|s| normalize(s))
            .collect::<Vec<_>>()
            .join("|");
    let words = idx.lexicon().words();
    assert!(!words.is_empty());
    // Every stored word occurs somewhere in the catalogue's text.
    let everything = serde_json::to_string(&cat).unwrap();
    let everything = normalize(&everything) + &all;
    for (w, _) in words {
        assert!(everything.contains(&w), "{w} is not in the catalogue");
    }
}

#[cfg(feature = "dict")]
#[test]
fn general_dictionary_splits_into_words_and_sub_words() {
    let cat = mofcom();
    let (lex, stored) = IndexBuilder::new().lexicon(&cat).unwrap();
    let full = lex.build_all();
    // A search-mode sub-word of a stored word is stored too (许可证 → 许可).
    assert!(stored.iter().any(|w| w == "许可证"));
    assert!(stored.iter().any(|w| w == "许可"));
    assert_eq!(
        cut("两用物项和技术进出口许可", &full).first(),
        Some(&"两用")
    );
}

#[test]
fn user_dictionary_words_are_kept_whole() {
    let cat = mofcom();
    let mut b = IndexBuilder::new();
    b.user_dictionary("两用物项 100000\n", "test").unwrap();
    let bytes = b.build(&cat).unwrap();
    let idx = Index::from_bytes(&bytes).unwrap();
    assert_eq!(cut("两用物项出口", idx.lexicon())[0], "两用物项");
    let err = IndexBuilder::new()
        .user_dictionary("词 abc\n", "u.txt")
        .map(|_| ())
        .unwrap_err();
    assert!(err.to_string().contains("u.txt:1"), "{err}");
}
