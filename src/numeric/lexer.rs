//! The tokens the recognisers read: numbers written with digits (their separators read as
//! the language writes them), words (lower-cased, `ё` read as `е`) and single symbols, each
//! with its byte range and whether white space comes before it. The lower-cased words of a
//! text are kept in one buffer ([`Lexed::words`]), not a string each.

use super::decimal::Decimal;
use super::Lang;

/// One token of the text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Tok {
    /// Byte offset of the token.
    pub start: usize,
    /// Byte offset one past its end.
    pub end: usize,
    /// White space (or the start of the text) before it.
    pub gap: bool,
    /// What it is.
    pub kind: Kind,
}

/// What a token is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Kind {
    /// Digits, with group separators and a decimal fraction as the language writes them.
    Num {
        /// The value.
        value: Decimal,
        /// The digits alone when the number is one run of digits (`2023`, `01`): days and
        /// years are written so.
        plain: Option<String>,
    },
    /// A numeric date `dd.mm.yyyy` (`01.07.2023`).
    NumDate {
        /// Day of the month.
        day: u8,
        /// Month, 1–12.
        month: u8,
        /// The year.
        year: i32,
    },
    /// A run of letters, lower-cased (`ё` → `е`); `cap` when its first letter is a capital.
    Word {
        /// The byte range of the lower-cased word in [`Lexed::words`].
        lower: (u32, u32),
        /// Whether it starts with a capital letter.
        cap: bool,
    },
    /// Any other character that is not white space.
    Sym(char),
}

/// Spaces that group digits in any language: no-break space, narrow no-break space, thin space.
fn is_group_space(c: char) -> bool {
    matches!(c, '\u{00A0}' | '\u{202F}' | '\u{2009}')
}

/// The tokens of a text and the buffer their lower-cased words are in.
#[derive(Debug, Default)]
pub(super) struct Lexed {
    /// The tokens, in text order.
    pub toks: Vec<Tok>,
    /// Every word of the text lower-cased, one after the other (see [`Kind::Word`]).
    pub words: String,
}

impl Lexed {
    /// The lower-cased word of token `t`, if it is a word, and whether it starts with a
    /// capital letter.
    #[inline]
    pub fn word(&self, t: &Tok) -> Option<(&str, bool)> {
        match t.kind {
            Kind::Word {
                lower: (from, to),
                cap,
            } => self.words.get(from as usize..to as usize).map(|w| (w, cap)),
            _ => None,
        }
    }
}

/// The tokens of `text`.
pub(super) fn lex(text: &str, lang: Lang) -> Lexed {
    let mut out = Lexed {
        toks: Vec::new(),
        words: String::with_capacity(text.len()),
    };
    let mut i = 0;
    let mut gap = true;
    while i < text.len() {
        let Some(c) = text[i..].chars().next() else {
            break;
        };
        if c.is_whitespace() {
            gap = true;
            i += c.len_utf8();
            continue;
        }
        let start = i;
        if c.is_ascii_digit() {
            let (kind, end) = number(text, i, lang);
            out.toks.push(Tok {
                start,
                end,
                gap,
                kind,
            });
            i = end;
        } else if is_letter(c) {
            let mut end = i;
            for ch in text[i..].chars() {
                if is_letter(ch) || is_mark(ch) {
                    end += ch.len_utf8();
                } else {
                    break;
                }
            }
            let from = out.words.len() as u32;
            push_lower(&text[start..end], &mut out.words);
            out.toks.push(Tok {
                start,
                end,
                gap,
                kind: Kind::Word {
                    lower: (from, out.words.len() as u32),
                    cap: c.is_uppercase(),
                },
            });
            i = end;
        } else {
            i += c.len_utf8();
            out.toks.push(Tok {
                start,
                end: i,
                gap,
                kind: Kind::Sym(c),
            });
        }
        gap = false;
    }
    out
}

/// `char::is_alphabetic`, answered without the Unicode tables for ASCII and the Cyrillic
/// block (where only U+0482 and the combining marks U+0483–U+0489 are not letters).
#[inline]
fn is_letter(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_alphabetic()
    } else if ('\u{400}'..='\u{4FF}').contains(&c) {
        !('\u{482}'..='\u{489}').contains(&c)
    } else {
        c.is_alphabetic()
    }
}

/// Appends `word` lower-cased, with `ё` read as `е`.
fn push_lower(word: &str, out: &mut String) {
    if word.is_ascii() {
        out.extend(word.bytes().map(|b| char::from(b.to_ascii_lowercase())));
        return;
    }
    for c in word.chars() {
        match c {
            'ё' | 'Ё' => out.push('е'),
            c if c.is_lowercase() => out.push(c),
            c => out.extend(c.to_lowercase()),
        }
    }
}

fn is_mark(c: char) -> bool {
    unicode_normalization::char::is_combining_mark(c)
}

/// The run of ASCII digits starting at byte `i`: its end.
fn digits_end(b: &[u8], i: usize) -> usize {
    let mut j = i;
    while j < b.len() && b[j].is_ascii_digit() {
        j += 1;
    }
    j
}

/// A number starting at byte `i` (an ASCII digit): the token and its end.
fn number(text: &str, i: usize, lang: Lang) -> (Kind, usize) {
    let b = text.as_bytes();
    let first_end = digits_end(b, i);
    if let Some(found) = numeric_date(b, i, first_end) {
        return found;
    }
    let mut int = text[i..first_end].to_string();
    let mut end = first_end;
    let mut grouped = false;
    // Group separators: only after a first group of 1–3 digits, each followed by exactly three.
    if first_end - i <= 3 {
        while let Some(sep) = text[end..].chars().next() {
            let takes = match sep {
                ',' => lang == Lang::En || lang == Lang::Other,
                ' ' => matches!(lang, Lang::Kk | Lang::Ru),
                c => is_group_space(c),
            };
            if !takes {
                break;
            }
            let next = end + sep.len_utf8();
            let group_end = digits_end(b, next);
            if group_end - next != 3 {
                break;
            }
            // "1,000.5" is fine, "1,0001" is not a group.
            int.push_str(&text[next..group_end]);
            end = group_end;
            grouped = true;
        }
    }
    // A decimal fraction: `.` in English, `,` (or `.`) in Kazakh and Russian.
    let mut frac = "";
    if let Some(&sep) = b.get(end) {
        let decimal = match sep {
            b'.' => true,
            b',' => lang != Lang::En,
            _ => false,
        };
        let frac_end = digits_end(b, end + 1);
        if decimal && frac_end > end + 1 {
            frac = &text[end + 1..frac_end];
            end = frac_end;
        }
    }
    let plain = (!grouped && frac.is_empty()).then(|| int.clone());
    match Decimal::from_digits(&int, frac) {
        Some(value) => (Kind::Num { value, plain }, end),
        // Too long to be a quantity (an identifier, a phone number): a symbol run.
        None => (Kind::Sym('#'), end),
    }
}

/// `dd.mm.yyyy` starting at `i` (first run of digits ending at `first_end`).
fn numeric_date(b: &[u8], i: usize, first_end: usize) -> Option<(Kind, usize)> {
    let day_len = first_end - i;
    if !(1..=2).contains(&day_len) || b.get(first_end) != Some(&b'.') {
        return None;
    }
    let m_end = digits_end(b, first_end + 1);
    if m_end - (first_end + 1) != 2 || b.get(m_end) != Some(&b'.') {
        return None;
    }
    let y_end = digits_end(b, m_end + 1);
    if y_end - (m_end + 1) != 4 {
        return None;
    }
    let num = |s: usize, e: usize| -> u32 {
        b[s..e]
            .iter()
            .fold(0, |acc, d| acc * 10 + u32::from(d - b'0'))
    };
    let day = u8::try_from(num(i, first_end)).ok()?;
    let month = u8::try_from(num(first_end + 1, m_end)).ok()?;
    let year = i32::try_from(num(m_end + 1, y_end)).ok()?;
    if !(1..=31).contains(&day) || !(1..=12).contains(&month) {
        return None;
    }
    Some((Kind::NumDate { day, month, year }, y_end))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn nums(text: &str, lang: Lang) -> Vec<String> {
        lex(text, lang)
            .toks
            .into_iter()
            .filter_map(|t| match t.kind {
                Kind::Num { value, .. } => Some(value.to_string()),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn separators_are_read_as_each_language_writes_them() {
        assert_eq!(
            nums("1,000 and 2.5 and 1, 2", Lang::En),
            ["1000", "2.5", "1", "2"]
        );
        assert_eq!(
            nums("1 000 и 2,5 и 1\u{a0}000\u{a0}000", Lang::Ru),
            ["1000", "2.5", "1000000"]
        );
        assert_eq!(nums("15\u{202f}000 адам", Lang::Kk), ["15000"]);
        assert_eq!(nums("в 1991 году 200 человек", Lang::Ru), ["1991", "200"]);
        assert_eq!(nums("2,500", Lang::Ru), ["2.5"]);
    }

    #[test]
    fn words_are_lower_cased_with_yo_read_as_ye() {
        let text = "Ёлка ПЯТЬСОТ, Жиырмасыншы Ұлы July SEPTEMBER Straße";
        let lexed = lex(text, Lang::Ru);
        let words: Vec<(&str, bool)> = lexed.toks.iter().filter_map(|t| lexed.word(t)).collect();
        let want: Vec<String> = text
            .split([' ', ','])
            .filter(|w| !w.is_empty())
            .map(|w| w.to_lowercase().replace('ё', "е"))
            .collect();
        assert_eq!(words.iter().map(|w| w.0).collect::<Vec<_>>(), want);
        assert!(words.iter().all(|w| w.1), "each starts with a capital");
    }

    #[test]
    fn letters_are_what_unicode_calls_alphabetic() {
        for c in ('\0'..='\u{2FFF}').chain(['\u{1F600}', '\u{20000}']) {
            assert_eq!(is_letter(c), c.is_alphabetic(), "{c:?} U+{:04X}", c as u32);
        }
    }

    #[test]
    fn a_numeric_date_is_one_token() {
        let toks = lex("01.07.2023", Lang::Ru).toks;
        assert_eq!(toks.len(), 1);
        assert_eq!(
            toks[0].kind,
            Kind::NumDate {
                day: 1,
                month: 7,
                year: 2023
            }
        );
    }
}
