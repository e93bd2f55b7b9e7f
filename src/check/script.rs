//! `mixed-script`: words that mix Latin and Cyrillic letters.
//!
//! A word (a run of letters, digits and combining marks) holding both Latin and Cyrillic
//! letters is reported with the letters of its minority script — the look-alikes typed by
//! mistake, such as Latin `o` in `Күнбoлат`, Latin `i` for Kazakh `і`, Latin `ə` for `ә`.
//! When both scripts are equally represented, the segment's language decides which one
//! the word should be in (Cyrillic for kk, ru and other Cyrillic-script languages).

use super::CharNote;
use crate::glossary::is_word_char;

/// Script of a letter, for this check.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Script {
    /// Latin letters, including IPA letters such as ə.
    Latin,
    /// Cyrillic letters.
    Cyrillic,
    /// Anything else.
    Other,
}

impl Script {
    /// `Latin`, `Cyrillic`, `other`.
    pub(super) fn name(self) -> &'static str {
        match self {
            Script::Latin => "Latin",
            Script::Cyrillic => "Cyrillic",
            Script::Other => "other",
        }
    }
}

/// The script of `c`.
pub(super) fn script_of(c: char) -> Script {
    match c {
        'a'..='z' | 'A'..='Z' => Script::Latin,
        '\u{00C0}'..='\u{024F}' if c != '\u{D7}' && c != '\u{F7}' => Script::Latin,
        '\u{0250}'..='\u{02AF}' => Script::Latin,
        '\u{1E00}'..='\u{1EFF}' if c.is_alphabetic() => Script::Latin,
        '\u{0400}'..='\u{0481}' | '\u{048A}'..='\u{052F}' => Script::Cyrillic,
        '\u{1C80}'..='\u{1C8F}' | '\u{2DE0}'..='\u{2DFF}' | '\u{A640}'..='\u{A69F}'
            if c.is_alphabetic() =>
        {
            Script::Cyrillic
        }
        _ => Script::Other,
    }
}

/// Languages written in Cyrillic (primary subtags).
fn cyrillic_language(lang: &str) -> bool {
    matches!(
        crate::lang::primary(lang).as_str(),
        "kk" | "ru" | "uk" | "be" | "bg" | "mk" | "sr" | "ky" | "tg" | "mn" | "tt" | "ba" | "cv"
    )
}

/// The Cyrillic letter a Latin look-alike stands for, in a `lang` text.
fn to_cyrillic(c: char, kazakh: bool) -> Option<char> {
    Some(match c {
        'a' => 'а',
        'c' => 'с',
        'e' => 'е',
        'o' => 'о',
        'p' => 'р',
        'x' => 'х',
        'y' => 'у',
        'k' => 'к',
        'i' if kazakh => 'і',
        'h' if kazakh => 'һ',
        'ə' => 'ә',
        'A' => 'А',
        'B' => 'В',
        'C' => 'С',
        'E' => 'Е',
        'H' => 'Н',
        'K' => 'К',
        'M' => 'М',
        'O' => 'О',
        'P' => 'Р',
        'T' => 'Т',
        'X' => 'Х',
        'Y' if kazakh => 'Ү',
        'Y' => 'У',
        'I' if kazakh => 'І',
        'Ə' => 'Ә',
        _ => return None,
    })
}

/// The Latin letter a Cyrillic look-alike stands for.
fn to_latin(c: char) -> Option<char> {
    Some(match c {
        'а' => 'a',
        'с' => 'c',
        'е' => 'e',
        'о' => 'o',
        'р' => 'p',
        'х' => 'x',
        'у' => 'y',
        'і' => 'i',
        'һ' => 'h',
        'ј' => 'j',
        'ѕ' => 's',
        'А' => 'A',
        'В' => 'B',
        'С' => 'C',
        'Е' => 'E',
        'Н' => 'H',
        'К' => 'K',
        'М' => 'M',
        'О' => 'O',
        'Р' => 'P',
        'Т' => 'T',
        'Х' => 'X',
        'І' => 'I',
        'У' | 'Ү' => 'Y',
        _ => return None,
    })
}

/// A word mixing scripts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct MixedWord {
    /// Byte offset of the word.
    pub(super) start: usize,
    /// Byte offset after the word.
    pub(super) end: usize,
    /// The script most of the word is in.
    pub(super) majority: &'static str,
    /// The other script.
    pub(super) minority: &'static str,
    /// The minority-script letters.
    pub(super) chars: Vec<CharNote>,
    /// The word with every offending letter replaced by its look-alike, when all have one.
    pub(super) suggestion: Option<String>,
}

/// Words of `text` (a segment in `lang`) that mix Latin and Cyrillic letters.
pub(super) fn mixed_words(text: &str, lang: &str) -> Vec<MixedWord> {
    let mut out = Vec::new();
    // Both scripts are needed: ASCII text has no Cyrillic; text without an ASCII letter or
    // a lead byte of U+00C0–U+02FF has no Latin.
    let b = text.as_bytes();
    if text.is_ascii()
        || !b
            .iter()
            .any(|&c| c.is_ascii_alphabetic() || (0xC3..=0xCB).contains(&c))
    {
        return out;
    }
    let prefer_cyrillic = cyrillic_language(lang);
    let kazakh = crate::lang::primary(lang) == "kk";
    let mut word_start: Option<(usize, usize)> = None; // (byte, char position)
    let (mut latin, mut cyr) = (0usize, 0usize);
    let finish = |start: usize,
                  pos0: usize,
                  end: usize,
                  latin: usize,
                  cyr: usize,
                  out: &mut Vec<MixedWord>| {
        if latin == 0 || cyr == 0 {
            return;
        }
        let wrong = if latin > cyr || (latin == cyr && !prefer_cyrillic) {
            Script::Cyrillic
        } else {
            Script::Latin
        };
        let word = &text[start..end];
        let mut chars = Vec::new();
        let mut suggestion = String::with_capacity(word.len());
        let mut complete = true;
        for (k, (b, c)) in word.char_indices().enumerate() {
            if script_of(c) == wrong {
                let suggest = match wrong {
                    Script::Latin => to_cyrillic(c, kazakh),
                    _ => to_latin(c),
                };
                complete &= suggest.is_some();
                suggestion.push(suggest.unwrap_or(c));
                chars.push(CharNote {
                    position: pos0 + k + 1,
                    ch: c,
                    codepoint: format!("U+{:04X}", c as u32),
                    script: wrong.name(),
                    suggest,
                    line: None,
                    column: None,
                    offset: start + b,
                });
            } else {
                suggestion.push(c);
            }
        }
        let right = if wrong == Script::Latin {
            Script::Cyrillic
        } else {
            Script::Latin
        };
        out.push(MixedWord {
            start,
            end,
            majority: right.name(),
            minority: wrong.name(),
            chars,
            suggestion: complete.then_some(suggestion),
        });
    };
    for (pos, (i, c)) in text.char_indices().enumerate() {
        if is_word_char(c) {
            if word_start.is_none() {
                word_start = Some((i, pos));
                latin = 0;
                cyr = 0;
            }
            match script_of(c) {
                Script::Latin => latin += 1,
                Script::Cyrillic => cyr += 1,
                Script::Other => {}
            }
        } else if let Some((s, p)) = word_start.take() {
            finish(s, p, i, latin, cyr, &mut out);
        }
    }
    if let Some((s, p)) = word_start {
        finish(s, p, text.len(), latin, cyr, &mut out);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn latin_look_alikes_in_a_kazakh_word_are_found_with_positions() {
        let w = mixed_words("Біз Күнбoлатпен сөйлестiк.", "kk");
        assert_eq!(w.len(), 2);
        assert_eq!(w[0].chars.len(), 1);
        assert_eq!(w[0].chars[0].ch, 'o');
        assert_eq!(w[0].chars[0].codepoint, "U+006F");
        assert_eq!(w[0].chars[0].position, 9);
        assert_eq!(w[0].suggestion.as_deref(), Some("Күнболатпен"));
        assert_eq!(w[1].suggestion.as_deref(), Some("сөйлестік"));
    }

    #[test]
    fn latin_schwa_is_caught_and_replaced() {
        let w = mixed_words("Қазақстан мəселесі", "kk");
        assert_eq!(w.len(), 1);
        assert_eq!(w[0].chars[0].codepoint, "U+0259");
        assert_eq!(w[0].suggestion.as_deref(), Some("мәселесі"));
    }

    #[test]
    fn cyrillic_in_an_english_word_and_clean_text() {
        let w = mixed_words("Police in Аlmaty", "en");
        assert_eq!(w.len(), 1);
        assert_eq!(w[0].chars[0].script, "Cyrillic");
        assert_eq!(w[0].suggestion.as_deref(), Some("Almaty"));
        assert!(mixed_words("Радио Свобода и RFE/RL, COVID-19, 5G", "ru").is_empty());
    }
}
