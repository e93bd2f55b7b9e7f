//! Unit tests of the segmenter on hand-written news-style cases.

use super::*;

fn sents(text: &str, lang: &str) -> Vec<String> {
    split(text, lang)
        .iter()
        .map(|s| s.text(text).to_string())
        .collect()
}

#[track_caller]
fn check(lang: &str, text: &str, want: &[&str]) {
    assert_eq!(sents(text, lang), want, "input: {text:?}");
}

#[test]
fn basic_english() {
    check(
        "en",
        "Hello World. My name is Jonas.",
        &["Hello World.", "My name is Jonas."],
    );
}

#[test]
fn list_markers_only_continue_their_own_segment() {
    check(
        "en",
        "1. The court met. It cited article 2. The appeal failed.",
        &[
            "1. The court met.",
            "It cited article 2.",
            "The appeal failed.",
        ],
    );
    check("en", "a) Police b) Courts", &["a) Police", "b) Courts"]);
    check(
        "en",
        "He won 1. The rest lost.",
        &["He won 1.", "The rest lost."],
    );
}

#[test]
fn spaced_ellipsis_variants() {
    check("en", "Wait . . . what?", &["Wait . . . what?"]);
    check(
        "en",
        "He paused. . . . Then he spoke.",
        &["He paused.", ". . . Then he spoke."],
    );
    check(
        "en",
        "He paused . . . . Then he spoke.",
        &["He paused . . . .", "Then he spoke."],
    );
}

#[test]
fn iterator_matches_split() {
    let text = "One. Two? Three!\n\nFour";
    let seg = Segmenter::new("en");
    assert_eq!(seg.segments(text).collect::<Vec<_>>(), seg.split(text));
    assert_eq!(seg.split(text).len(), 4);
}

#[test]
fn whitespace_definition() {
    for c in [
        ' ', '\t', '\n', '\r', '\u{a0}', '\u{feff}', '\u{2028}', '\u{3000}', '\u{202f}',
    ] {
        assert!(is_space(c), "{c:?}");
    }
    for c in ['a', '.', '\u{200b}', '«'] {
        assert!(!is_space(c), "{c:?}");
    }
}

#[test]
fn hard_wrapped_paragraphs() {
    check(
        "en",
        "Police in Almaty have dismantled a tent set up by\nprotesters in front of the consulate of the People's\nRepublic of China. Some stayed.\n- Item one\n- Item two",
        &[
            "Police in Almaty have dismantled a tent set up by\nprotesters in front of the consulate of the People's\nRepublic of China.",
            "Some stayed.",
            "- Item one",
            "- Item two",
        ],
    );
    // A short first line before a capitalised one is a heading or caption.
    check(
        "en",
        "A protest near the Chinese Consulate\nPolice in Almaty have dismantled a tent.",
        &[
            "A protest near the Chinese Consulate",
            "Police in Almaty have dismantled a tent.",
        ],
    );
}
