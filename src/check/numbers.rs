//! `number-mismatch` and `date-mismatch`: the numbers and dates of a source and its
//! translation, read by [`crate::numeric`] in each language, must be equal values.
//!
//! A number written with digits on one side needs an equal value on the other, however it
//! is written there (`2 million` = `2 млн` = `2 миллионға`; `100th` = `сотый` = `жүзінші`;
//! a day or a year inside a date counts). Numbers written in words need no partner (`two
//! days` = `двумя днями` = `екі күн` is fine, and so is a translation that says "halved"
//! for "two times shorter"). A date with a month (`July 1`, `in April`) and a weekday need
//! an equal date or weekday on the other side; a year alone is a number.

use std::collections::HashSet;
use std::ops::Range;

use super::finding::Finding;
use crate::numeric::{self, Date, Decimal, Value};

/// What one side of a unit (its source, or a translation) holds: read once per text.
#[derive(Default)]
pub(super) struct Side {
    /// Numbers written with digits (and years alone): each needs a partner.
    required: Vec<(Decimal, Range<usize>)>,
    /// Every value a partner may have: numbers in digits or words, days and years of dates.
    pool: HashSet<Decimal>,
    /// Dates with a month.
    dates: Vec<(Date, Range<usize>)>,
    /// Weekdays.
    weekdays: Vec<(u8, Range<usize>)>,
    /// Every month the text names, even where it is not read as a date (`September saw …`).
    months: HashSet<u8>,
}

impl Side {
    /// The numbers and dates of `text`, written in `lang`.
    pub(super) fn of(text: &str, lang: &str) -> Side {
        side(text, lang)
    }
}

fn side(text: &str, lang: &str) -> Side {
    let (hits, months) = numeric::find_with_months(text, lang);
    let mut s = Side {
        months: months.into_iter().map(|(_, m)| m).collect(),
        ..Side::default()
    };
    for hit in hits {
        match hit.value {
            Value::Number(n) => {
                s.pool.insert(n.value);
                if !n.words {
                    s.required.push((n.value, hit.span));
                }
            }
            Value::Date(d) => {
                let year = d
                    .year
                    .and_then(|y| u128::try_from(y).ok())
                    .map(Decimal::from_int);
                if let Some(y) = year {
                    s.pool.insert(y);
                }
                if let Some(day) = d.day {
                    s.pool.insert(Decimal::from_int(u128::from(day)));
                }
                match (d.month, year) {
                    (Some(_), _) => s.dates.push((d, hit.span)),
                    (None, Some(y)) => s.required.push((y, hit.span)),
                    (None, None) => {}
                }
            }
            Value::Weekday(w) => s.weekdays.push((w, hit.span)),
        }
    }
    clock_times(text, &mut s.pool);
    s
}

/// Words before `H.MM` that make it a time of day: Kazakh `сағат 9.30` (also `таңғы`,
/// `кешкі`, `түнгі`, `түскі` 9.30), Russian `в 9.30`, `к`, `с`, `до`, `около`, `после`,
/// `в районе 11.00` (as Kazakhstan's Russian-language press writes it).
const TIME_BEFORE: &[&str] = &[
    "сағат",
    "сағатта",
    "таңғы",
    "кешкі",
    "түнгі",
    "түскі",
    "в",
    "во",
    "к",
    "с",
    "до",
    "около",
    "после",
    "районе",
];

/// Words after `H.MM` that make it a time of day: Russian `9.30 утра`, `вечера`, `дня`,
/// `ночи`, `часов`, `ч`; English `9.30 a.m.`, `p.m.`.
const TIME_AFTER: &[&str] = &[
    "утра",
    "вечера",
    "дня",
    "ночи",
    "часов",
    "часа",
    "ч",
    "a",
    "p",
    "am",
    "pm",
];

/// Whether `H.MM` at `start..end` of `text` is marked as a time of day by the word before
/// it or after it.
fn marked_as_time(text: &str, start: usize, end: usize) -> bool {
    let before = text[..start].trim_end();
    let prev: String = before
        .chars()
        .rev()
        .take_while(|c| c.is_alphabetic())
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .flat_map(char::to_lowercase)
        .collect();
    let after = text[end..].trim_start();
    let next: String = after
        .chars()
        .take_while(|c| c.is_alphabetic())
        .flat_map(char::to_lowercase)
        .collect();
    let next_ok = match next.as_str() {
        // a.m. / p.m.: the letter and its full stop.
        "a" | "p" => after[1..].starts_with('.'),
        n => TIME_AFTER.contains(&n),
    };
    (!prev.is_empty() && TIME_BEFORE.contains(&prev.as_str())) || (!next.is_empty() && next_ok)
}

/// Times of day are written `9:30` in English and often `9.30` in Kazakh and Russian,
/// which reads as a decimal: for each `H:MM` (`H` ≤ 23, `MM` ≤ 59), and each `H.MM` the
/// text marks as a time (`сағат 9.30`, `в 9.30`, `9.30 утра`, `9.30 a.m.`), the pool holds
/// the hour, the minutes and the decimal, so that either writing finds its partner. An
/// unmarked `2.50` is a decimal only: it does not stand for 2 and 50.
fn clock_times(text: &str, pool: &mut HashSet<Decimal>) {
    let b = text.as_bytes();
    for (i, &sep) in b.iter().enumerate() {
        if !matches!(sep, b':' | b'.') || i == 0 {
            continue;
        }
        let h_start = (i.saturating_sub(2)..i)
            .find(|&k| b[k..i].iter().all(u8::is_ascii_digit))
            .unwrap_or(i);
        let (hours, minutes) = (&text[h_start..i], text.get(i + 1..i + 3).unwrap_or(""));
        let bounded = h_start == 0 || !b[h_start - 1].is_ascii_digit() && b[h_start - 1] != b'.';
        let after = b.get(i + 3).is_none_or(|c| !c.is_ascii_digit());
        if hours.is_empty()
            || !bounded
            || !after
            || minutes.len() != 2
            || !minutes.bytes().all(|c| c.is_ascii_digit())
        {
            continue;
        }
        let (Ok(h), Ok(m)) = (hours.parse::<u8>(), minutes.parse::<u8>()) else {
            continue;
        };
        if h > 23 || m > 59 || (sep == b'.' && !marked_as_time(text, h_start, i + 3)) {
            continue;
        }
        pool.insert(Decimal::from_int(u128::from(h)));
        pool.insert(Decimal::from_int(u128::from(m)));
        if let Some(d) = Decimal::from_digits(hours, minutes) {
            pool.insert(d);
        }
    }
}

/// Whether `have` (with its side's `pool`) says what `want` says: the same month, the
/// same day if `want` names one, the same year if `want` names one (in the date or beside it).
fn covers(want: &Date, have: &Date, pool: &HashSet<Decimal>) -> bool {
    want.month == have.month
        && (want.day.is_none() || want.day == have.day)
        && want.year.is_none_or(|y| {
            have.year == Some(y)
                || u128::try_from(y).is_ok_and(|y| pool.contains(&Decimal::from_int(y)))
        })
}

fn month_day(d: &Date) -> String {
    let mut s = String::new();
    if let Some(y) = d.year {
        s.push_str(&format!("{y:04}-"));
    }
    if let Some(m) = d.month {
        s.push_str(&format!("{m:02}"));
    }
    if let Some(day) = d.day {
        s.push_str(&format!("-{day:02}"));
    }
    s
}

const WEEKDAYS: [&str; 7] = [
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];

fn weekday_name(w: u8) -> &'static str {
    WEEKDAYS
        .get(usize::from(w.saturating_sub(1)))
        .copied()
        .unwrap_or("?")
}

/// Whether a date of one side is said on the other (`other`): by an equal date, or, for a
/// month alone, by naming that month at all.
fn said(d: &Date, other: &Side) -> bool {
    other.dates.iter().any(|(h, _)| covers(d, h, &other.pool))
        || (d.day.is_none() && d.month.is_some_and(|m| other.months.contains(&m)))
}

/// `number-mismatch`: numbers of the source (`src`, read as `s`) missing from the
/// translation (`tgt`, read as `t`), and numbers of the translation that the source does
/// not have.
pub(super) fn number_mismatches(src: &str, s: &Side, tgt: &str, t: &Side) -> Vec<Finding> {
    let mut out = Vec::new();
    let mut said: HashSet<Decimal> = HashSet::new();
    for (v, span) in &s.required {
        if !t.pool.contains(v) && said.insert(*v) {
            let written = &src[span.clone()];
            out.push(Finding {
                span: None,
                found: Some(written.to_string()),
                message: format!(
                    "the source has the number {v} (“{written}”); the translation has no number equal to it"
                ),
            });
        }
    }
    for (v, span) in &t.required {
        if !s.pool.contains(v) && said.insert(*v) {
            let written = &tgt[span.clone()];
            out.push(Finding {
                span: Some((span.start, span.end)),
                found: Some(written.to_string()),
                message: format!("“{written}” ({v}) has no equal number in the source"),
            });
        }
    }
    out
}

/// `date-mismatch`: dates (with a month) and weekdays of the source missing from the
/// translation, and those of the translation that the source does not have.
pub(super) fn date_mismatches(src: &str, s: &Side, tgt: &str, t: &Side) -> Vec<Finding> {
    let mut out = Vec::new();
    for (d, span) in &s.dates {
        if !said(d, t) {
            let written = &src[span.clone()];
            out.push(Finding {
                span: None,
                found: Some(written.to_string()),
                message: format!(
                    "the source has the date “{written}” ({}); the translation has no equal date",
                    month_day(d)
                ),
            });
        }
    }
    for (d, span) in &t.dates {
        if !said(d, s) {
            let written = &tgt[span.clone()];
            out.push(Finding {
                span: Some((span.start, span.end)),
                found: Some(written.to_string()),
                message: format!(
                    "the date “{written}” ({}) is not in the source",
                    month_day(d)
                ),
            });
        }
    }
    for (w, span) in &s.weekdays {
        if !t.weekdays.iter().any(|(h, _)| h == w) {
            let written = &src[span.clone()];
            out.push(Finding {
                span: None,
                found: Some(written.to_string()),
                message: format!(
                    "the source has “{written}” ({}); the translation names no such day",
                    weekday_name(*w)
                ),
            });
        }
    }
    for (w, span) in &t.weekdays {
        if !s.weekdays.iter().any(|(h, _)| h == w) {
            let written = &tgt[span.clone()];
            out.push(Finding {
                span: Some((span.start, span.end)),
                found: Some(written.to_string()),
                message: format!(
                    "“{written}” ({}) is not the day the source names",
                    weekday_name(*w)
                ),
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn numbers(src: &str, tgt: &str, lang: &str) -> Vec<String> {
        number_mismatches(src, &Side::of(src, "en"), tgt, &Side::of(tgt, lang))
            .into_iter()
            .map(|f| f.found.unwrap_or_default())
            .collect()
    }

    fn dates(src: &str, tgt: &str, lang: &str) -> Vec<String> {
        date_mismatches(src, &Side::of(src, "en"), tgt, &Side::of(tgt, lang))
            .into_iter()
            .map(|f| f.found.unwrap_or_default())
            .collect()
    }

    #[test]
    fn equal_numbers_in_local_forms_pass() {
        let src = "Up to 2 million people, 1,000 of them in 15% of camps, for the 20th time, for 2.5 years.";
        assert!(numbers(
            src,
            "До 2 млн человек, 1 000 из них в 15 % лагерей, в двадцатый раз, на 2,5 года.",
            "ru"
        )
        .is_empty());
        assert!(numbers(src, "2 миллионға дейін адам, оның 1000-ы лагерьлердің 15 пайызында, жиырмасыншы рет, 2,5 жыл.", "kk").is_empty());
        assert!(numbers(
            "Kazakhs Mark 100 Days Of Protests",
            "Казахи провели сотый день протестов",
            "ru"
        )
        .is_empty());
        assert!(numbers("since 1991", "1991 жылдан бері", "kk").is_empty());
        assert!(numbers(
            "He was freed two days earlier.",
            "Он вышел на свободу двумя днями ранее.",
            "ru"
        )
        .is_empty());
    }

    #[test]
    fn a_changed_missing_or_added_number_is_caught() {
        assert_eq!(
            numbers(
                "He spent 15 years in jail.",
                "Он провел 16 лет в тюрьме.",
                "ru"
            ),
            ["15", "16"]
        );
        assert_eq!(
            numbers("up to 2 million", "до 2 тыс.", "ru"),
            ["2 million", "2 тыс"]
        );
        assert_eq!(
            numbers(
                "He spent 15 years in jail.",
                "Ол түрмеде ұзақ отырды.",
                "kk"
            ),
            ["15"]
        );
        assert_eq!(
            numbers("In 1991.", "В 1992 году.", "ru"),
            ["1991", "1992 году"]
        );
        // A time of day, 9:30 in English, 9.30 in Kazakh.
        assert!(numbers("at 9:30 a.m.", "сағат 9.30-да", "kk").is_empty());
        assert!(numbers("at 9:30 a.m.", "в 9:30 утра", "ru").is_empty());
        assert_eq!(
            numbers("at 9:30 a.m.", "сағат 9.40-та", "kk"),
            ["30", "9.40"]
        );
        // A decimal comma in Russian is not a group separator.
        assert_eq!(
            numbers("2,500 people", "2,500 человек", "ru"),
            ["2,500", "2,500"]
        );
    }

    #[test]
    fn dates_and_weekdays_match_across_languages() {
        assert!(dates(
            "police detained him on July 1.",
            "полиция 1 шілдеде ұстады.",
            "kk"
        )
        .is_empty());
        assert!(dates("on July 1", "1 июля", "ru").is_empty());
        assert!(dates(
            "on September 14, dozens stayed",
            "14 сентября десятки остались",
            "ru"
        )
        .is_empty());
        assert!(dates("arrived in April", "сәуірде келді", "kk").is_empty());
        assert!(dates("on Tuesday", "сейсенбі күні", "kk").is_empty());
        assert!(dates("on Tuesday", "во вторник", "ru").is_empty());
        assert!(dates("July 1, 2023", "2023 жылғы 1 шілдеде", "kk").is_empty());
        // A month the English names without a preposition.
        assert!(dates(
            "September saw more protests.",
            "В сентябре протестов стало больше.",
            "ru"
        )
        .is_empty());
        assert!(dates("May brought arrests.", "Мамырда тұтқындаулар болды.", "kk").is_empty());
    }

    #[test]
    fn a_day_range_matches_its_translations_and_a_changed_end_is_caught() {
        assert!(dates("on July 1-2", "1-2 шілдеде", "kk").is_empty());
        assert!(dates("on July 1-2", "1–2 июля", "ru").is_empty());
        assert!(dates("from July 1 to 2", "с 1 по 2 июля", "ru").is_empty());
        assert!(dates("on July 1-2", "1—2 июля", "ru").is_empty());
        assert!(numbers("on July 1-2", "1–2 июля", "ru").is_empty());
        assert!(numbers("on July 1-2", "1-2 шілдеде", "kk").is_empty());
        assert_eq!(dates("on July 1-2", "1–3 июля", "ru"), ["2", "3 июля"]);
    }

    #[test]
    fn a_decimal_is_a_time_only_where_the_text_marks_one() {
        // Marked as a time: сағат, в, утра; an English time with a colon or a.m.
        assert!(numbers("at 2:50", "сағат 2.50-де", "kk").is_empty());
        assert!(numbers("at 2:50", "в 2.50", "ru").is_empty());
        assert!(numbers("at 2:50", "2.50 утра", "ru").is_empty());
        assert!(numbers("around 11:00", "в районе 11.00", "ru").is_empty());
        assert!(numbers("at 9.30 a.m.", "сағат 9:30-да", "kk").is_empty());
        // Unmarked, 2.50 is a decimal: it is not 2 and 50.
        assert_eq!(
            numbers("2 hours and 50 minutes", "2.50 сағат", "kk"),
            ["2", "50", "2.50"]
        );
        assert_eq!(numbers("at 2:50", "2.50 доллара", "ru"), ["2", "50"]);
    }

    #[test]
    fn a_wrong_day_month_or_weekday_is_caught() {
        assert_eq!(dates("on July 1", "2 июля", "ru"), ["July 1", "2 июля"]);
        assert_eq!(
            dates("on July 1", "1 маусымда", "kk"),
            ["July 1", "1 маусымда"]
        );
        assert_eq!(dates("in April", "в мае", "ru"), ["April", "мае"]);
        assert_eq!(dates("on Tuesday", "в среду", "ru"), ["Tuesday", "среду"]);
        assert_eq!(dates("on July 1", "июле", "ru"), ["July 1"]);
        assert_eq!(
            dates(
                "September saw protests.",
                "В октябре прошли протесты.",
                "ru"
            ),
            ["октябре"]
        );
        assert_eq!(
            dates("July 1, 2023", "1 июля 2022 года", "ru"),
            ["July 1, 2023", "1 июля 2022 года"]
        );
    }
}
