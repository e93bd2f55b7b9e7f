//! Property tests: for any input, segments are ordered, non-overlapping,
//! within bounds, on char boundaries, non-empty, trimmed, and only whitespace
//! (Unicode White_Space, NBSP, BOM) lies outside them.

use proptest::prelude::*;
use tmkit::segment::{is_space, Segmenter};

fn check_invariants(text: &str, lang: &str) -> Result<(), TestCaseError> {
    let seg = Segmenter::new(lang);
    let segs = seg.split(text);
    let lazy: Vec<_> = seg.segments(text).collect();
    prop_assert_eq!(&segs, &lazy, "split and segments() differ");
    let mut prev_end = 0;
    for s in &segs {
        prop_assert!(s.start < s.end, "empty segment {:?}", s);
        prop_assert!(s.start >= prev_end, "overlap or disorder at {:?}", s);
        prop_assert!(s.end <= text.len(), "out of bounds {:?}", s);
        prop_assert!(text.is_char_boundary(s.start) && text.is_char_boundary(s.end));
        let inner = &text[s.start..s.end];
        let first = inner.chars().next().unwrap_or(' ');
        let last = inner.chars().next_back().unwrap_or(' ');
        prop_assert!(!is_space(first), "starts on space: {:?}", inner);
        prop_assert!(!is_space(last), "ends on space: {:?}", inner);
        let gap = &text[prev_end..s.start];
        prop_assert!(
            gap.chars().all(is_space),
            "non-space between segments: {:?}",
            gap
        );
        prev_end = s.end;
    }
    let tail = &text[prev_end..];
    prop_assert!(
        tail.chars().all(is_space),
        "non-space after last segment: {:?}",
        tail
    );
    Ok(())
}

/// Text made of the characters the rules care about.
fn tricky() -> impl Strategy<Value = String> {
    let atoms = prop::sample::select(vec![
        "a", "Mr", "U", "S", "I", "The", "он", "В", "Бұл", "т", "б", "г", "ж", "1", "22", "000",
        ".", ".", ".", "?", "!", "…", ". . .", "...", " ", " ", " ", "  ", "\n", "\n", "\r\n",
        "\r", "\t", "\u{a0}", "\u{feff}", "\u{2028}", "\u{2029}", "\u{3000}", "\"", "'", "«", "»",
        "“", "”", "(", ")", "[", "]", "—", "–", "-", "--", "•", "⁃", ",", ":", "@", "/", "www.",
        "http://", "a.m.", "p.m.", "т.б.", "e.g.", "1.)", "2)", "b.", "。", "！", "？", "é", "Ж",
        "ǅ", "\u{301}", "🙂",
    ]);
    prop::collection::vec(atoms, 0..80).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn invariants_on_tricky_text(text in tricky(), lang in prop::sample::select(vec!["en", "ru", "kk", "de"])) {
        check_invariants(&text, lang)?;
    }

    #[test]
    fn invariants_on_arbitrary_unicode(text in any::<String>(), lang in prop::sample::select(vec!["en", "ru", "kk", "xx"])) {
        check_invariants(&text, lang)?;
    }

    #[test]
    fn invariants_on_ascii_soup(text in "[ -~\t\r\n]{0,300}") {
        check_invariants(&text, "en")?;
    }
}

#[test]
fn whitespace_only_inputs_have_no_segments() {
    for text in ["", " ", "\u{feff}", "\r\n\r\n", "\u{a0}\t\u{2029}"] {
        assert!(Segmenter::new("en").split(text).is_empty(), "{text:?}");
    }
}
