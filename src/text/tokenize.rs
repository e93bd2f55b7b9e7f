//! Tokens for matching: words, numbers and punctuation marks of the NFC text.
//!
//! Words are case-folded (Unicode lower case); every number maps to one class key (`#`)
//! so that number-only differences are penalties, not edits; punctuation marks are tokens
//! of their own but only count as content when a text has no words or numbers.

use unicode_normalization::char::is_combining_mark;

use crate::text::nfc;

/// Bump when tokenization or the index format changes: stored indexes built by another
/// version are rebuilt on the next sync.
pub const TOKENIZER_VERSION: &str = "2";

/// The key every number token shares in edit distances and in the index.
const NUMBER_KEY: &str = "#";

/// What a token is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Letters (with digits, inner apostrophes or hyphens).
    Word,
    /// Digits, possibly with inner `.,:/` separators between digits.
    Number,
    /// One punctuation mark or symbol.
    Punct,
}

/// One token: its byte range in the NFC text and its key's range in `Tokens::keys`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Tok {
    /// What kind of token.
    pub kind: Kind,
    /// Byte offset of the token in the NFC text.
    pub start: u32,
    /// Byte offset one past its end.
    pub end: u32,
    key_start: u32,
    key_end: u32,
}

/// A text split into tokens, with the keys the edit distance compares.
#[derive(Debug, Clone, Default)]
pub struct Tokens {
    /// The NFC form of the text.
    pub text: String,
    /// All tokens in order.
    pub toks: Vec<Tok>,
    /// Indexes (into `toks`) of the content tokens: words and numbers, or the punctuation
    /// marks when the text has neither.
    pub content: Vec<u32>,
    keys: String,
}

impl Tokens {
    /// Tokenizes `s` (NFC-normalizing it first).
    pub fn new(s: &str) -> Tokens {
        let mut t = Tokens::default();
        t.reset(s);
        t
    }

    /// Re-tokenizes into this value, reusing its buffers.
    pub fn reset(&mut self, s: &str) {
        self.text.clear();
        self.text.push_str(&nfc(s));
        self.toks.clear();
        self.content.clear();
        self.keys.clear();
        scan(&self.text, &mut self.toks, &mut self.keys);
        for (i, t) in self.toks.iter().enumerate() {
            if t.kind != Kind::Punct {
                self.content.push(i as u32);
            }
        }
        if self.content.is_empty() {
            self.content.extend(0..self.toks.len() as u32);
        }
    }

    /// The raw (NFC) text of a token.
    pub fn raw(&self, t: &Tok) -> &str {
        &self.text[t.start as usize..t.end as usize]
    }

    /// The comparison key of a token (case-folded word, `#` for numbers, the mark itself).
    pub fn key(&self, t: &Tok) -> &str {
        &self.keys[t.key_start as usize..t.key_end as usize]
    }

    /// Keys of the content tokens, in order.
    pub fn content_keys(&self) -> impl Iterator<Item = &str> + '_ {
        self.content
            .iter()
            .map(move |&i| self.key(&self.toks[i as usize]))
    }

    /// Number of content tokens (the length the score divides by).
    pub fn len(&self) -> usize {
        self.content.len()
    }

    /// Whether the text has no tokens at all.
    pub fn is_empty(&self) -> bool {
        self.content.is_empty()
    }

    /// The digits of a number token (separators dropped), for comparing values.
    pub fn digits(&self, t: &Tok) -> String {
        self.raw(t).chars().filter(|c| c.is_numeric()).collect()
    }
}

fn is_word_char(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphanumeric();
    }
    c.is_alphanumeric() || is_combining_mark(c)
}

/// Characters between tokens: white space, controls and invisible format characters.
fn is_gap(c: char) -> bool {
    if c.is_ascii() {
        // The ASCII white space and controls (U+0000–U+0020, U+007F).
        return c <= ' ' || c == '\u{7f}';
    }
    c.is_whitespace() || c.is_control() || is_format(c)
}

fn is_joiner(c: char) -> bool {
    matches!(
        c,
        '\'' | '\u{2019}' | '\u{02BC}' | '-' | '\u{2010}' | '\u{2011}'
    )
}

fn is_number_sep(c: char) -> bool {
    matches!(c, '.' | ',' | ':' | '/')
}

fn scan(text: &str, toks: &mut Vec<Tok>, keys: &mut String) {
    let b = text.as_bytes();
    let mut i = 0;
    while i < b.len() {
        let c = next_char(text, i);
        let w = c.len_utf8();
        if is_gap(c) {
            i += w;
            continue;
        }
        if !is_word_char(c) {
            let ks = keys.len() as u32;
            keys.push(c);
            toks.push(Tok {
                kind: Kind::Punct,
                start: i as u32,
                end: (i + w) as u32,
                key_start: ks,
                key_end: keys.len() as u32,
            });
            i += w;
            continue;
        }
        // A run of word characters, joined across inner apostrophes/hyphens and, between
        // digits, number separators.
        let start = i;
        let mut all_digits = true;
        let mut prev = c;
        let mut j = i;
        loop {
            let c = next_char(text, j);
            if is_word_char(c) {
                all_digits &= c.is_numeric();
                prev = c;
                j += c.len_utf8();
            } else if j + c.len_utf8() < b.len() {
                let after = next_char(text, j + c.len_utf8());
                let joins = (is_joiner(c) && is_word_char(after) && !is_joiner(prev))
                    || (is_number_sep(c) && prev.is_numeric() && after.is_numeric());
                if !joins {
                    break;
                }
                prev = c;
                j += c.len_utf8();
            } else {
                break;
            }
            if j >= b.len() {
                break;
            }
        }
        let raw = &text[start..j];
        let ks = keys.len() as u32;
        let kind = if all_digits {
            keys.push_str(NUMBER_KEY);
            Kind::Number
        } else {
            if raw.is_ascii() {
                keys.extend(raw.bytes().map(|b| b.to_ascii_lowercase() as char));
            } else {
                for ch in raw.chars() {
                    if ch == '\u{2019}' || ch == '\u{02BC}' {
                        keys.push('\'');
                    } else if ch == '\u{2010}' || ch == '\u{2011}' {
                        keys.push('-');
                    } else {
                        keys.extend(ch.to_lowercase());
                    }
                }
            }
            Kind::Word
        };
        toks.push(Tok {
            kind,
            start: start as u32,
            end: j as u32,
            key_start: ks,
            key_end: keys.len() as u32,
        });
        i = j;
    }
}

fn is_format(c: char) -> bool {
    matches!(
        c,
        '\u{200B}'..='\u{200D}' | '\u{2060}' | '\u{FEFF}' | '\u{00AD}'
    )
}

/// The character at byte `i` of `s` (`'\0'` at the end).
fn next_char(s: &str, i: usize) -> char {
    match s.as_bytes().get(i) {
        Some(&b) if b.is_ascii() => b as char,
        Some(_) => s[i..].chars().next().unwrap_or('\0'),
        None => '\0',
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(s: &str) -> Vec<(Kind, String)> {
        let t = Tokens::new(s);
        t.toks
            .iter()
            .map(|x| (x.kind, t.key(x).to_string()))
            .collect()
    }

    #[test]
    fn ascii_shortcuts_classify_like_the_unicode_properties() {
        for c in (0u8..0x80).map(char::from) {
            assert_eq!(
                is_word_char(c),
                c.is_alphanumeric() || is_combining_mark(c),
                "{c:?}"
            );
            assert_eq!(
                is_gap(c),
                c.is_whitespace() || c.is_control() || is_format(c),
                "{c:?}"
            );
        }
    }

    #[test]
    fn words_are_case_folded_and_punctuation_is_separate() {
        let k = keys("Police in ALMATY detained them, officials said.");
        let words: Vec<_> = k.iter().map(|(_, s)| s.as_str()).collect();
        assert_eq!(
            words,
            [
                "police",
                "in",
                "almaty",
                "detained",
                "them",
                ",",
                "officials",
                "said",
                "."
            ]
        );
        assert_eq!(k[5].0, Kind::Punct);
    }

    #[test]
    fn numbers_share_one_key_but_keep_their_digits() {
        let t = Tokens::new("On 12.05.2024, 1,000 people and 5th group");
        let kinds: Vec<_> = t.toks.iter().map(|x| (x.kind, t.raw(x))).collect();
        assert_eq!(
            kinds,
            [
                (Kind::Word, "On"),
                (Kind::Number, "12.05.2024"),
                (Kind::Punct, ","),
                (Kind::Number, "1,000"),
                (Kind::Word, "people"),
                (Kind::Word, "and"),
                (Kind::Word, "5th"),
                (Kind::Word, "group"),
            ]
        );
        assert_eq!(t.key(&t.toks[1]), "#");
        assert_eq!(t.digits(&t.toks[3]), "1000");
    }

    #[test]
    fn cyrillic_and_kazakh_fold_and_inner_apostrophes_join() {
        let k = keys("ҚАЗАҚСТАН Президенті China’s pro-Beijing");
        let words: Vec<_> = k.iter().map(|(_, s)| s.as_str()).collect();
        assert_eq!(words, ["қазақстан", "президенті", "china's", "pro-beijing"]);
    }

    #[test]
    fn punctuation_only_text_uses_marks_as_content() {
        let t = Tokens::new("— ?!");
        assert_eq!(t.len(), 3);
        assert_eq!(Tokens::new("   ").len(), 0);
    }

    #[test]
    fn decomposed_input_is_normalized() {
        let a = Tokens::new("Cafe\u{301}");
        let b = Tokens::new("Caf\u{e9}");
        assert_eq!(a.text, b.text);
        assert_eq!(a.toks.len(), 1);
    }
}
