//! Reading numbers and dates from the tokens: one pass, left to right, the longest reading
//! at each token (a date before a number, so that the day and year of `July 1, 2023` are
//! part of the date).

use super::calendar::{self, Alone};
use super::lexer::{Kind, Lexed, Tok};
use super::words::{self, NumWord};
use super::{Date, Decimal, Hit, Lang, Number, Value};

/// Ordinal endings after a hyphen in Russian (`20-й`, `1-го`) and Kazakh (`20-шы`, `1-ші`).
const RU_ORDINAL_ENDINGS: &[&str] = &[
    "й", "я", "е", "го", "му", "м", "х", "ми", "ый", "ой", "ий", "ая", "ое", "ые", "ых", "ого",
    "ому", "ым", "ом",
];
const KK_ORDINAL_ENDINGS: &[&str] = &["шы", "ші", "ыншы", "інші", "ншы", "нші", "сыншы", "сінші"];
const EN_ORDINAL_ENDINGS: &[&str] = &["st", "nd", "rd", "th"];

/// The hits read from `lexed`, the tokens of `text`.
pub(super) fn read(text: &str, lexed: &Lexed, lang: Lang) -> Vec<Hit> {
    let toks = &lexed.toks[..];
    let r = Reader { toks, lexed, lang };
    let mut out = Vec::new();
    let mut i = 0;
    while i < toks.len() {
        if let Some((ends, next)) = r.day_range(i) {
            for (value, from, to) in ends {
                out.push(Hit {
                    span: toks[from].start..toks[to - 1].end,
                    value,
                });
            }
            i = next;
            continue;
        }
        let found = r.date(i).or_else(|| r.weekday(i)).or_else(|| r.number(i));
        match found {
            Some((value, end)) if end > i => {
                out.push(Hit {
                    span: toks[i].start..toks[end - 1].end,
                    value,
                });
                i = end;
            }
            _ => i += 1,
        }
    }
    debug_assert!(out.iter().all(|h| h.span.end <= text.len()));
    out
}

/// One end of a range of days: its date, its first token and the index after it.
type RangeEnd = (Value, usize, usize);

struct Reader<'a> {
    toks: &'a [Tok],
    lexed: &'a Lexed,
    lang: Lang,
}

impl Reader<'_> {
    fn word(&self, i: usize) -> Option<(&str, bool)> {
        self.lexed.word(self.toks.get(i)?)
    }

    fn sym(&self, i: usize) -> Option<char> {
        match self.toks.get(i)?.kind {
            Kind::Sym(c) => Some(c),
            _ => None,
        }
    }

    fn gap(&self, i: usize) -> bool {
        self.toks.get(i).is_none_or(|t| t.gap)
    }

    fn plain(&self, i: usize) -> Option<&str> {
        match &self.toks.get(i)?.kind {
            Kind::Num { plain, .. } => plain.as_deref(),
            _ => None,
        }
    }

    /// A day of the month: one or two digits, 1–31.
    fn day(&self, i: usize) -> Option<u8> {
        let p = self.plain(i)?;
        let d: u8 = p.parse().ok()?;
        (p.len() <= 2 && (1..=31).contains(&d)).then_some(d)
    }

    /// A year: four digits, 1000–2999.
    fn year(&self, i: usize) -> Option<i32> {
        let p = self.plain(i)?;
        let y: i32 = p.parse().ok()?;
        (p.len() == 4 && (1000..=2999).contains(&y)).then_some(y)
    }

    /// The index after an ordinal ending at `j` (`st`, `-й`, `-шы`), if there is one.
    fn ordinal_ending(&self, j: usize) -> Option<usize> {
        match self.lang {
            Lang::En => {
                let (w, _) = self.word(j)?;
                (!self.gap(j) && EN_ORDINAL_ENDINGS.contains(&w)).then_some(j + 1)
            }
            Lang::Ru | Lang::Kk => {
                let list = if self.lang == Lang::Ru {
                    RU_ORDINAL_ENDINGS
                } else {
                    KK_ORDINAL_ENDINGS
                };
                let (w, _) = self.word(j + 1)?;
                (self.sym(j) == Some('-') && !self.gap(j) && !self.gap(j + 1) && list.contains(&w))
                    .then_some(j + 2)
            }
            Lang::Other => None,
        }
    }

    /// A month name at `i`: the month, how it may stand alone, and the index after it
    /// (after the full stop of an abbreviation).
    fn month(&self, i: usize) -> Option<(u8, Alone, usize)> {
        let (w, cap) = self.word(i)?;
        let dot = self.sym(i + 1) == Some('.') && !self.gap(i + 1);
        let (m, alone) = calendar::month(self.lang, w, cap, dot)?;
        let abbreviated = self.lang == Lang::En
            && dot
            && w.len() <= 4
            && w != "may"
            && w != "june"
            && w != "july";
        Some((m, alone, if abbreviated { i + 2 } else { i + 1 }))
    }

    /// After a year at `j - 1`: the index after a word for "year" (`года`, `г.`, `жылы`).
    fn after_year_word(&self, j: usize) -> usize {
        match self.word(j) {
            Some((w, _)) if calendar::is_year_word(self.lang, w) => {
                if (w == "г" || w == "гг" || w == "ж") && self.sym(j + 1) == Some('.') {
                    j + 2
                } else {
                    j + 1
                }
            }
            _ => j,
        }
    }

    /// The English word before token `i` (over a hyphen: `mid-July`).
    fn previous_word(&self, i: usize) -> Option<&str> {
        let mut k = i.checked_sub(1)?;
        if self.sym(k) == Some('-') && !self.gap(i) {
            k = k.checked_sub(1)?;
        }
        self.word(k).map(|(w, _)| w)
    }

    /// After the first day of a range at `j`: the index after the word or dash that joins
    /// it to the last (`1-2`, `1–2`, `1—2`, `1 to 2`, `1 по 2`).
    fn range_join(&self, j: usize) -> Option<usize> {
        if matches!(self.sym(j), Some('-' | '–' | '—')) {
            return Some(j + 1);
        }
        let (w, _) = self.word(j)?;
        let joins = match self.lang {
            Lang::En => w == "to" || w == "through",
            Lang::Ru => w == "по",
            Lang::Kk | Lang::Other => false,
        };
        joins.then_some(j + 1)
    }

    /// A range of days of one month (`July 1-2`, `1–2 июля`, `1-2 шілдеде`, `с 1 по 2
    /// июля`, `July 1 to 3, 2023`): a date for each end, each with the month (and year),
    /// as (value, first token, end) — so that each day meets its equal on the other side —
    /// and the index after the range.
    fn day_range(&self, i: usize) -> Option<([RangeEnd; 2], usize)> {
        let date = |year, month, day| Value::Date(Date { year, month, day });
        let year_after = |mut e: usize| {
            if self.lang == Lang::En && self.sym(e) == Some(',') && self.year(e + 1).is_some() {
                e += 1;
            }
            match self.year(e) {
                Some(y) => (Some(y), self.after_year_word(e + 1)),
                None => (None, e),
            }
        };
        // Month first (English): July 1-2, July 1st to 3rd, 2023.
        if self.lang == Lang::En {
            if let Some((m, _, j)) = self.month(i) {
                let d1 = self.day(j)?;
                let k = self.ordinal_ending(j + 1).unwrap_or(j + 1);
                let s = self.range_join(k)?;
                let d2 = self.day(s)?;
                let e = self.ordinal_ending(s + 1).unwrap_or(s + 1);
                if d2 <= d1 {
                    return None;
                }
                let (y, end) = year_after(e);
                let ends = [
                    (date(y, Some(m), Some(d1)), i, k),
                    (date(y, Some(m), Some(d2)), s, end),
                ];
                return Some((ends, end));
            }
        }
        // Day first: 1-2 July, 1–2 июля, 1 по 2 июля, 1-2 шілдеде.
        let d1 = self.day(i)?;
        let k = self.ordinal_ending(i + 1).unwrap_or(i + 1);
        let s = self.range_join(k)?;
        let d2 = self.day(s)?;
        let mut e = self.ordinal_ending(s + 1).unwrap_or(s + 1);
        if self.lang == Lang::En && self.word(e).is_some_and(|(w, _)| w == "of") {
            e += 1;
        }
        let (m, _, j) = self.month(e)?;
        if d2 <= d1 {
            return None;
        }
        let (y, end) = year_after(j);
        let ends = [
            (date(y, Some(m), Some(d1)), i, k),
            (date(y, Some(m), Some(d2)), s, end),
        ];
        Some((ends, end))
    }

    fn date(&self, i: usize) -> Option<(Value, usize)> {
        let date = |year, month, day| Value::Date(Date { year, month, day });
        if let Kind::NumDate { day, month, year } = self.toks.get(i)?.kind {
            return Some((date(Some(year), Some(month), Some(day)), i + 1));
        }
        // Month first: July 1, July 1st, 2023; Sept. 14; July 2023; in July.
        if let Some((m, alone, mut j)) = self.month(i) {
            let mut day = None;
            let mut year = None;
            if self.lang == Lang::En {
                if let Some(d) = self.day(j) {
                    day = Some(d);
                    j = self.ordinal_ending(j + 1).unwrap_or(j + 1);
                    if self.sym(j) == Some(',') && self.year(j + 1).is_some() {
                        j += 1;
                    }
                }
            } else if self.lang == Lang::Kk {
                // шілденің 1-і, қыркүйектің 14-і: the day after the month, with an ending.
                if let Some(d) = self.day(j) {
                    if self.sym(j + 1) == Some('-')
                        && !self.gap(j + 1)
                        && self.word(j + 2).is_some()
                        && !self.gap(j + 2)
                    {
                        day = Some(d);
                        j += 3;
                    }
                }
            }
            if let Some(y) = self.year(j) {
                year = Some(y);
                j = self.after_year_word(j + 1);
            }
            let ok = day.is_some()
                || year.is_some()
                || match alone {
                    Alone::Yes => true,
                    Alone::AfterTimeWord => {
                        self.previous_word(i).is_some_and(calendar::is_time_word)
                    }
                    Alone::BeforeMonthWord => {
                        self.word(j).is_some_and(|(w, _)| w.starts_with("ай"))
                    }
                };
            return ok.then(|| (date(year, Some(m), day), j));
        }
        // Day first: 1 July, 1 шілдеде, 1 июля 2023 года, 1-го июля.
        if let Some(d) = self.day(i) {
            let mut k = self.ordinal_ending(i + 1).unwrap_or(i + 1);
            // the 1st of July
            if self.lang == Lang::En && self.word(k).is_some_and(|(w, _)| w == "of") {
                k += 1;
            }
            if let Some((m, _, mut j)) = self.month(k) {
                let mut year = None;
                if let Some(y) = self.year(j) {
                    year = Some(y);
                    j = self.after_year_word(j + 1);
                }
                return Some((date(year, Some(m), Some(d)), j));
            }
        }
        // A year: 2023 жылы, 2023 жылғы 1 шілдеде, в 2023 году, 2023 г., in 2023.
        let y = self.year(i)?;
        let j = self.after_year_word(i + 1);
        if j > i + 1 {
            if self.lang == Lang::Kk {
                let k = if self.day(j).is_some() { j + 1 } else { j };
                if let Some((m, _, end)) = self.month(k) {
                    return Some((date(Some(y), Some(m), self.day(j).filter(|_| k > j)), end));
                }
            }
            return Some((date(Some(y), None, None), j));
        }
        if self.lang == Lang::En && self.previous_word(i).is_some_and(calendar::is_time_word) {
            return Some((date(Some(y), None, None), i + 1));
        }
        None
    }

    fn weekday(&self, i: usize) -> Option<(Value, usize)> {
        let (w, cap) = self.word(i)?;
        let next = self.word(i + 1).map(|(n, _)| n);
        calendar::weekday(self.lang, w, cap, next).map(|d| (Value::Weekday(d), i + 1))
    }

    fn number(&self, i: usize) -> Option<(Value, usize)> {
        let (mut value, ordinal, words, mut j) = match &self.toks.get(i)?.kind {
            Kind::Num { value, .. } => match self.ordinal_ending(i + 1) {
                Some(j) => (*value, true, false, j),
                None => (*value, false, false, i + 1),
            },
            Kind::Word { .. } => {
                let (v, ord, j) = self.words(i)?;
                (v, ord, true, j)
            }
            _ => return None,
        };
        if !words && !ordinal {
            // 2 million, 2 млн, 2 миллиона, 2 миллионға, 15 тыс.
            if let Some(e) = self
                .word(j)
                .and_then(|(w, _)| words::scale_after_digits(self.lang, w))
            {
                if let Some(v) = value.times_pow10(e) {
                    value = v;
                    j += 1;
                }
            }
        }
        let mut percent = false;
        if self.sym(j) == Some('%') {
            percent = true;
            j += 1;
        } else if let Some((w, _)) = self.word(j) {
            let next = self.word(j + 1).map(|(n, _)| n);
            let (is, two) = words::is_percent_word(self.lang, w, next);
            if is {
                percent = true;
                j += if two { 2 } else { 1 };
            }
        }
        Some((
            Value::Number(Number {
                value,
                percent,
                ordinal,
                words,
            }),
            j,
        ))
    }

    /// A number written in words from `i`: its value, whether it is an ordinal, the end.
    fn words(&self, i: usize) -> Option<(Decimal, bool, usize)> {
        let mut total: u128 = 0;
        let mut current: u128 = 0;
        let mut any = false;
        let mut ordinal = false;
        let mut j = i;
        while let Some((w, _)) = self.word(j) {
            let Some(nw) = words::number_word(self.lang, w) else {
                // "two hundred and five"
                let and_more = self.lang == Lang::En
                    && w == "and"
                    && any
                    && self
                        .word(j + 1)
                        .and_then(|(n, _)| words::number_word(self.lang, n))
                        .is_some_and(
                            |n| matches!(n, NumWord::Add(v) | NumWord::Ordinal(v) if v < 100),
                        );
                if and_more {
                    j += 1;
                    continue;
                }
                break;
            };
            match nw {
                NumWord::Add(n) | NumWord::Ordinal(n) => {
                    if any && !can_add(current, n) {
                        break;
                    }
                    current += u128::from(n);
                }
                NumWord::Hundred => current = current.max(1).checked_mul(100)?,
                NumWord::Scale(e) => {
                    total =
                        total.checked_add(current.max(1).checked_mul(10u128.checked_pow(e)?)?)?;
                    current = 0;
                }
                NumWord::OrdinalScale(e) => {
                    let scaled = current.max(1).checked_mul(10u128.checked_pow(e)?)?;
                    if e == 2 {
                        current = scaled;
                    } else {
                        total = total.checked_add(scaled)?;
                        current = 0;
                    }
                }
            }
            any = true;
            j += 1;
            if matches!(nw, NumWord::Ordinal(_) | NumWord::OrdinalScale(_)) {
                ordinal = true;
                break;
            }
            // twenty-five
            if self.sym(j) == Some('-') && !self.gap(j) && !self.gap(j + 1) {
                if let Some((n, _)) = self.word(j + 1) {
                    if words::number_word(self.lang, n).is_some() {
                        j += 1;
                    }
                }
            }
        }
        if !any {
            return None;
        }
        Some((Decimal::from_int(total.checked_add(current)?), ordinal, j))
    }
}

/// Whether `n` can follow `current` in one number (`twenty` + `five`, `сто` + `двадцать`),
/// not start a new one (`five` `two`).
fn can_add(current: u128, n: u64) -> bool {
    let n = u128::from(n);
    current == 0
        || (current.is_multiple_of(1000) && n < 1000)
        || (current.is_multiple_of(100) && n < 100)
        || (current.is_multiple_of(10) && !current.is_multiple_of(100) && n < 10)
}
