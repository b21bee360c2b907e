//! Snippets and highlights never cut inside a grapheme cluster (issue 12,
//! point 8): a letter with its combining marks, an emoji ZWJ sequence, a
//! skin tone, a variation selector or a flag's two regional indicators
//! stay whole. Checked against unicode-segmentation's UAX #29 clusters.
// Native only: wasm-pack test builds every test target for wasm32.
#![cfg(not(target_arch = "wasm32"))]

use matter_search::{Catalogue, Index, IndexBuilder, LoadOptions, Query, Span};
use unicode_segmentation::UnicodeSegmentation;

/// One of each kind of multi-character cluster (19 code points).
const SOUP: &str =
    "👨\u{200D}👩\u{200D}👧\u{200D}👦🇨🇳🇺🇸e\u{301}\u{302}葛\u{E0100}👍\u{1F3FD}❤\u{FE0F}";

fn boundaries(s: &str) -> Vec<usize> {
    s.grapheme_indices(true)
        .map(|(i, _)| i)
        .chain([s.len()])
        .collect()
}

#[track_caller]
fn check_spans(text: &str, spans: &[Span], what: &str) {
    let b = boundaries(text);
    for sp in spans {
        assert!(
            b.contains(&sp.start) && b.contains(&sp.end),
            "{what}: span {sp:?} cuts a cluster of {text:?}"
        );
    }
}

fn build(matters: &[String]) -> Vec<u8> {
    let json = format!(r#"{{"title": "字素", "matters": [{}]}}"#, matters.join(","));
    let cat = Catalogue::from_json_str(&json, "t.json", &LoadOptions::default())
        .unwrap_or_else(|e| panic!("test catalogue loads:\n{e}"))
        .catalogue;
    IndexBuilder::new()
        .build(&cat)
        .expect("test catalogue builds")
}

#[test]
fn snippets_cut_between_clusters() {
    // The match moves through the clusters, so the snippet's start (16
    // characters before it) and end (72 after the start) fall on every
    // position inside them.
    let texts: Vec<String> = (0..24)
        .map(|k| {
            format!(
                "{SOUP}{SOUP}{}具有养蜂经验{}{}",
                "前".repeat(k),
                "后".repeat(k),
                SOUP.repeat(6)
            )
        })
        .collect();
    let matters: Vec<String> = texts
        .iter()
        .enumerate()
        .map(|(k, t)| format!(r#"{{"id": "s{k}", "name": "甲类登记{k}", "conditions": ["{t}"]}}"#))
        .collect();
    let bytes = build(&matters);
    let idx = Index::from_bytes(&bytes).unwrap();
    let r = idx.search(&Query::new("养蜂").limit(100));
    assert_eq!(r.total, texts.len());
    let mut cut_start = 0;
    for h in &r.hits {
        let k: usize = h.id[1..].parse().unwrap();
        let src = &texts[k];
        let s = h.snippet.as_ref().expect("a snippet");
        check_spans(&s.text, &s.highlights, &h.id);
        let lead = s.text.starts_with('…');
        let trail = s.text.ends_with('…');
        let inner = s.text.trim_start_matches('…').trim_end_matches('…');
        cut_start += usize::from(lead);
        assert!(trail, "{}: the text runs on after the snippet", h.id);
        let b = boundaries(src);
        let whole = src
            .match_indices(inner)
            .any(|(at, _)| b.contains(&at) && b.contains(&(at + inner.len())));
        assert!(whole, "{}: {:?} cuts a cluster of the text", h.id, s.text);
        for sp in &s.highlights {
            assert_eq!(&s.text[sp.start..sp.end], "养蜂");
        }
    }
    assert!(cut_start >= 20, "most snippets start inside the text");
}

#[test]
fn highlights_keep_marks_and_selectors() {
    let matters = [
        r#"{"id": "a", "name": "cafe\u0301\u0302 经营许可"}"#.to_string(),
        r#"{"id": "b", "name": "葛\udb40\udd00镇户籍登记"}"#.to_string(),
        r#"{"id": "c", "name": "🇨🇳ABC认证👍🏽备案"}"#.to_string(),
    ];
    let bytes = build(&matters);
    let idx = Index::from_bytes(&bytes).unwrap();
    for (q, id, lit) in [
        ("cafe", "a", "cafe\u{301}\u{302}"),
        ("葛", "b", "葛\u{E0100}"),
        ("abc认证", "c", "ABC认证"),
    ] {
        let r = idx.search(&Query::new(q).limit(10));
        let h = r
            .hits
            .iter()
            .find(|h| h.id == id)
            .unwrap_or_else(|| panic!("{q} finds {id}"));
        check_spans(&h.name, &h.highlights, q);
        let shown: Vec<&str> = h
            .highlights
            .iter()
            .map(|s| &h.name[s.start..s.end])
            .collect();
        assert!(shown.contains(&lit), "{q}: {shown:?}");
    }
}
