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
