//! Numbers and dates in English, Kazakh and Russian text, normalised to comparable values.
//!
//! [`find`] reads a text in its language and returns every number and date in it with its
//! byte range and its value, so that the same quantity written as each language writes it
//! compares equal:
//!
//! - numbers in local forms: `1,000` = `1 000` (space, no-break or thin space) = `1000`;
//!   `2.5` = `2,5` (in Kazakh and Russian); `2 million` = `2 млн` = `2 миллиона` =
//!   `2 миллионға`; `15%` = `15 %` = `15 percent` = `15 процентов` = `15 пайыз`;
//!   ordinals (`100th`, `20-й`, `20-шы`, `twentieth`, `двадцатый`, `жиырмасыншы`);
//!   numbers written in words as news text writes them (`two`, `екі`, `двумя`, `сотый`);
//! - dates: `July 1` = `1 July` = `1 шілде` (`1 шілдеде`) = `1 июля`; a month alone
//!   (`in April` = `сәуірде` = `в апреле`); years (`in 1991` = `1991 жылы` = `в 1991 году`);
//!   numeric dates (`01.07.2023`); weekdays (`on Tuesday` = `сейсенбі күні` = `во вторник`).
//!
//! Reading is one pass over the text's tokens: linear in its length. Nothing here knows
//! about translation units: the checks compare the values of a source and a translation.

mod calendar;
mod decimal;
mod initials;
mod kazakh;
mod lexer;
mod read;
mod words;

pub use decimal::Decimal;

use std::ops::Range;

/// A number or date found in a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit {
    /// Byte range of what was read, in the text given to [`find`].
    pub span: Range<usize>,
    /// What it means.
    pub value: Value,
}

/// The meaning of a [`Hit`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Value {
    /// A quantity (a cardinal, an ordinal, a percentage).
    Number(Number),
    /// A calendar date, or part of one (a month alone, a year alone).
    Date(Date),
    /// A day of the week, 1 = Monday … 7 = Sunday.
    Weekday(u8),
}

/// A quantity and how it was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Number {
    /// The value (`2 млн` → 2000000).
    pub value: Decimal,
    /// Written with a per-cent sign or word.
    pub percent: bool,
    /// An ordinal (`100th`, `сотый`, `20-шы`).
    pub ordinal: bool,
    /// Written in words, not digits (`two`, `екі`, `двадцатый`).
    pub words: bool,
}

/// A date or part of one: what the text says, nothing assumed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Date {
    /// The year (`1991 жылы`).
    pub year: Option<i32>,
    /// The month, 1–12.
    pub month: Option<u8>,
    /// The day of the month.
    pub day: Option<u8>,
}

/// The languages whose words are known; any other tag reads digits alone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Lang {
    En,
    Kk,
    Ru,
    Other,
}

impl Lang {
    fn of(tag: &str) -> Lang {
        match crate::lang::primary(tag).as_str() {
            "en" => Lang::En,
            "kk" => Lang::Kk,
            "ru" => Lang::Ru,
            _ => Lang::Other,
        }
    }
}

/// Every number and date in `text`, written in the language `lang` (a BCP 47 tag), in
/// text order; the spans do not overlap.
pub fn find(text: &str, lang: &str) -> Vec<Hit> {
    let lang = Lang::of(lang);
    read::read(text, &lexer::lex(text, lang), lang)
}

/// The months a text names in any way (1–12, in text order), with the byte range of each
/// name: also where [`find`] does not read a date because the name may be another word
/// (`September saw protests`, `May they return`, `қазан`). A looser reading, for
/// checks that only need to know whether a month is mentioned at all.
pub fn months_named(text: &str, lang: &str) -> Vec<(Range<usize>, u8)> {
    let lang = Lang::of(lang);
    months_in(&lexer::lex(text, lang), lang)
}

/// [`find`] and [`months_named`] of one text, which is read once for both.
pub fn find_with_months(text: &str, lang: &str) -> (Vec<Hit>, Vec<(Range<usize>, u8)>) {
    let lang = Lang::of(lang);
    let lexed = lexer::lex(text, lang);
    (read::read(text, &lexed, lang), months_in(&lexed, lang))
}

fn months_in(lexed: &lexer::Lexed, lang: Lang) -> Vec<(Range<usize>, u8)> {
    let toks = &lexed.toks;
    let mut out = Vec::new();
    for (k, t) in toks.iter().enumerate() {
        if let Some((lower, cap)) = lexed.word(t) {
            let dot = matches!(
                toks.get(k + 1),
                Some(lexer::Tok {
                    kind: lexer::Kind::Sym('.'),
                    gap: false,
                    ..
                })
            );
            if let Some((m, _)) = calendar::month(lang, lower, cap, dot) {
                out.push((t.start..t.end, m));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests;
