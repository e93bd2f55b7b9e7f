//! `untranslated`: a translation that is its source again, or that keeps Latin-script words
//! in a Cyrillic-script language (Kazakh, Russian) which the glossary does not know.
//!
//! Latin words are allowed when a glossary term holds them, in any language and as a
//! preferred or allowed rendering (names kept in Latin, brands, acronyms: add them to the
//! glossary), or when the run allows them (`Config::allowed_latin`, `--allow-latin`); inside a web address, an e-mail address, a `@handle` or a `#tag`; when they are
//! Roman numerals (`XX века`); and single letters. Adjacent Latin words are one finding
//! (`Human Rights Watch`). Words mixing Latin and Cyrillic letters are `mixed-script`'s.

use std::collections::HashSet;

use super::finding::Finding;
use super::script::{script_of, Script};
use crate::glossary::{is_word_char, Glossary};

/// The Latin words the glossary holds (lower case): allowed in any translation.
pub(super) fn glossary_latin_words(glossary: &Glossary) -> HashSet<String> {
    let mut out = HashSet::new();
    for e in &glossary.entries {
        for terms in e.terms.values() {
            for t in terms.accepted() {
                for w in words(t) {
                    let w = &t[w.0..w.1];
                    if w.chars().any(|c| script_of(c) == Script::Latin) {
                        out.insert(w.to_lowercase());
                    }
                }
            }
        }
    }
    out
}

/// Byte ranges of the words of `text` (runs of word characters and inner apostrophes).
fn words(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices() {
        match (is_word_char(c), start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                out.push((s, i));
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        out.push((s, text.len()));
    }
    out
}

/// Languages written in Cyrillic, whose translations should hold no stray Latin words.
fn cyrillic_language(lang: &str) -> bool {
    matches!(
        crate::lang::primary(lang).as_str(),
        "kk" | "ru" | "uk" | "be" | "bg" | "mk" | "ky" | "tg" | "mn" | "tt" | "ba"
    )
}

/// Byte ranges of the white-space separated pieces of `text` that are addresses, handles
/// or tags (`https://…`, `www.…`, `a@b.kz`, `@azattyq`, `#Qazaqstan`).
fn addresses(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut pos = 0;
    for piece in text.split(char::is_whitespace) {
        let start = pos;
        pos += piece.len()
            + text[pos + piece.len()..]
                .chars()
                .next()
                .map_or(0, char::len_utf8);
        let p = piece.trim_start_matches(['(', '[', '«', '"', '“', '„']);
        if p.contains("://") || p.starts_with("www.") || p.contains('@') || p.starts_with('#') {
            out.push((start, start + piece.len()));
        }
    }
    out
}

fn roman_numeral(w: &str) -> bool {
    w.chars()
        .all(|c| matches!(c, 'I' | 'V' | 'X' | 'L' | 'C' | 'D' | 'M'))
}

fn collapsed(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Whether the translation is its source again (white space aside), a source with words.
pub(super) fn is_copy(src: &str, tgt: &str) -> bool {
    src.chars().any(char::is_alphabetic) && collapsed(src) == collapsed(tgt)
}

/// `untranslated` findings in the translation `tgt` (language `tgt_lang`) of `src`.
pub(super) fn untranslated(
    src: &str,
    tgt: &str,
    tgt_lang: &str,
    allowed: &HashSet<String>,
) -> Vec<Finding> {
    if is_copy(src, tgt) {
        return vec![Finding {
            span: Some((0, tgt.len())),
            found: None,
            message: "the translation is the source text itself: untranslated".into(),
        }];
    }
    if !cyrillic_language(tgt_lang) {
        return Vec::new();
    }
    let skip = addresses(tgt);
    let latin_word = |&(s, e): &(usize, usize)| {
        let w = &tgt[s..e];
        w.chars().any(|c| script_of(c) == Script::Latin)
            && !w.chars().any(|c| script_of(c) == Script::Cyrillic)
            && w.chars().filter(|c| c.is_alphabetic()).count() > 1
            && !roman_numeral(w)
            && !allowed.contains(&w.to_lowercase())
            && !skip.iter().any(|&(a, b)| a <= s && e <= b)
    };
    // Runs of stray Latin words separated by spaces or hyphens only.
    let mut runs: Vec<(usize, usize)> = Vec::new();
    for w in words(tgt).iter().filter(|w| latin_word(w)) {
        match runs.last_mut() {
            Some(last) if tgt[last.1..w.0].chars().all(|c| c == ' ' || c == '-') => last.1 = w.1,
            _ => runs.push(*w),
        }
    }
    runs.into_iter()
        .map(|(s, e)| {
            let found = &tgt[s..e];
            Finding {
                span: Some((s, e)),
                found: Some(found.to_string()),
                message: format!(
                    "“{found}” is left in Latin script: translate or transliterate it (or add it to the glossary if it is kept so)"
                ),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn allowed() -> HashSet<String> {
        ["rfe", "rl"].into_iter().map(String::from).collect()
    }

    fn found(src: &str, tgt: &str, lang: &str) -> Vec<Option<String>> {
        untranslated(src, tgt, lang, &allowed())
            .into_iter()
            .map(|f| f.found)
            .collect()
    }

    #[test]
    fn a_copy_of_the_source_is_untranslated() {
        assert_eq!(found("Police came.", "Police  came.", "kk"), [None]);
        assert!(found("2023", "2023", "kk").is_empty());
    }

    #[test]
    fn stray_latin_words_are_caught_known_ones_pass() {
        assert_eq!(
            found("x", "Правозащитники из Human Rights Watch заявили", "ru"),
            [Some("Human Rights Watch".to_string())]
        );
        assert_eq!(
            found("x", "Полиция detained активистов.", "ru"),
            [Some("detained".to_string())]
        );
        for ok in [
            "Об этом сообщило RFE/RL.",
            "Подробнее: https://rus.azattyq.org/a/news.html и @azattyq",
            "В XX веке, пункт B.",
            "Azattyq-тің тілшісі",
        ] {
            let mut a = allowed();
            a.insert("azattyq".into());
            assert!(untranslated("x", ok, "kk", &a).is_empty(), "{ok}");
        }
        // English translations (and other Latin-script languages) keep their Latin words.
        assert!(found("x", "Police came.", "en").is_empty());
    }
}
