//! Month and weekday names in English, Kazakh and Russian, in the forms news text uses
//! (`July`, `Sept.`, `шілдеде`, `қыркүйекте`, `июля`, `в апреле`; `Tuesday`, `сейсенбі күні`,
//! `во вторник`).

use std::sync::LazyLock;

use super::initials::Initials;
use super::kazakh;
use super::Lang;

const EN_MONTHS: &[&str] = &[
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

/// The AP style abbreviations (`Jan.`, `Sept.`), written with a full stop.
const EN_MONTH_ABBREVIATIONS: &[(&str, u8)] = &[
    ("jan", 1),
    ("feb", 2),
    ("aug", 8),
    ("sep", 9),
    ("sept", 9),
    ("oct", 10),
    ("nov", 11),
    ("dec", 12),
];

const KK_MONTHS: &[&str] = &[
    "қаңтар",
    "ақпан",
    "наурыз",
    "сәуір",
    "мамыр",
    "маусым",
    "шілде",
    "тамыз",
    "қыркүйек",
    "қазан",
    "қараша",
    "желтоқсан",
];

/// Kazakh month names that are also common words (қазан "cauldron" and the city Kazan,
/// маусым "season"): read as a month only with a day number or followed by `ай…` ("month").
const KK_AMBIGUOUS: &[&str] = &["қазан", "маусым"];

/// Russian month stems and the endings they take (январь, января, январе; март, марта; май, мая).
const RU_MONTHS: &[(&str, &[&str])] = &[
    ("январ", SOFT),
    ("феврал", SOFT),
    ("март", HARD),
    ("апрел", SOFT),
    ("ма", &["й", "я", "ю", "е", "ем"]),
    ("июн", SOFT),
    ("июл", SOFT),
    ("август", HARD),
    ("сентябр", SOFT),
    ("октябр", SOFT),
    ("ноябр", SOFT),
    ("декабр", SOFT),
];
const SOFT: &[&str] = &["ь", "я", "ю", "е", "ем"];
const HARD: &[&str] = &["", "а", "у", "е", "ом"];

const EN_WEEKDAYS: &[&str] = &[
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
];
const KK_WEEKDAYS: &[&str] = &[
    "дүйсенбі",
    "сейсенбі",
    "сәрсенбі",
    "бейсенбі",
    "жұма",
    "сенбі",
    "жексенбі",
];
const RU_WEEKDAYS: &[(&str, &[&str])] = &[
    ("понедельник", &["", "а", "у", "ом", "е", "и", "ов"]),
    ("вторник", &["", "а", "у", "ом", "е", "и", "ов"]),
    // среда is also "environment": only the accusative (в среду) is read as the weekday.
    ("сред", &["у"]),
    ("четверг", &["", "а", "у", "ом", "е", "и", "ов"]),
    ("пятниц", &["а", "у", "ы", "е", "ей"]),
    ("суббот", &["а", "у", "ы", "е", "ой"]),
    ("воскресень", &["е", "я", "ю", "ем"]),
];

/// How sure a month name is to be a month when no day or year stands beside it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Alone {
    /// A month alone is a month (`сәуірде`, `в апреле`).
    Yes,
    /// Only after a word that introduces a time (`in July`, `since May`): English.
    AfterTimeWord,
    /// Only followed by a word for "month" (`қазан айында`): ambiguous Kazakh names.
    BeforeMonthWord,
}

/// The first letters of the Kazakh months, of the stems of the Russian ones and of the
/// Kazakh and Russian weekdays: most words start otherwise.
static KK_MONTH_INITIALS: LazyLock<Initials> =
    LazyLock::new(|| Initials::of(KK_MONTHS.iter().copied()));
static RU_MONTH_INITIALS: LazyLock<Initials> =
    LazyLock::new(|| Initials::of(RU_MONTHS.iter().map(|(stem, _)| *stem)));
static WEEKDAY_INITIALS: LazyLock<Initials> = LazyLock::new(|| {
    Initials::of(
        KK_WEEKDAYS
            .iter()
            .copied()
            .chain(RU_WEEKDAYS.iter().map(|(stem, _)| *stem)),
    )
});

/// The month (1–12) `w` (lower case) names in `lang`, with how it may stand alone.
/// `cap` says whether the word was capitalised (English month names always are);
/// `dot` whether a full stop follows (English abbreviations).
pub(super) fn month(lang: Lang, w: &str, cap: bool, dot: bool) -> Option<(u8, Alone)> {
    match lang {
        Lang::En => {
            if !cap {
                return None;
            }
            if let Some(i) = EN_MONTHS.iter().position(|m| *m == w) {
                return Some((i as u8 + 1, Alone::AfterTimeWord));
            }
            EN_MONTH_ABBREVIATIONS
                .iter()
                .find(|(a, _)| dot && *a == w)
                .map(|(_, m)| (*m, Alone::AfterTimeWord))
        }
        Lang::Kk if !KK_MONTH_INITIALS.may_start(w) => None,
        Lang::Kk => kazakh::stems(w).find_map(|s| {
            let i = KK_MONTHS.iter().position(|m| *m == s)?;
            let alone = if KK_AMBIGUOUS.contains(&s) {
                Alone::BeforeMonthWord
            } else {
                Alone::Yes
            };
            Some((i as u8 + 1, alone))
        }),
        Lang::Ru if !RU_MONTH_INITIALS.may_start(w) => None,
        Lang::Ru => RU_MONTHS
            .iter()
            .position(|(stem, ends)| {
                w.strip_prefix(stem)
                    .is_some_and(|rest| ends.contains(&rest))
            })
            .map(|i| (i as u8 + 1, Alone::Yes)),
        Lang::Other => None,
    }
}

/// The weekday (1 = Monday … 7 = Sunday) `w` names in `lang`. Kazakh `жұма` (also a name
/// and the Friday prayer) counts alone only before `күні` ("day"): `next` is the next word.
pub(super) fn weekday(lang: Lang, w: &str, cap: bool, next: Option<&str>) -> Option<u8> {
    let i = match lang {
        Lang::En => EN_WEEKDAYS.iter().position(|d| cap && *d == w)?,
        Lang::Kk | Lang::Ru if !WEEKDAY_INITIALS.may_start(w) => return None,
        Lang::Kk => {
            let i = kazakh::stems(w).find_map(|s| KK_WEEKDAYS.iter().position(|d| *d == s))?;
            if w == "жұма" && next != Some("күні") {
                return None;
            }
            i
        }
        Lang::Ru => RU_WEEKDAYS.iter().position(|(stem, ends)| {
            w.strip_prefix(stem)
                .is_some_and(|rest| ends.contains(&rest))
        })?,
        Lang::Other => return None,
    };
    Some(i as u8 + 1)
}

/// Whether `w` is the word for "year" after a year number (`2023 жылы`, `в 2023 году`, `2023 г.`).
pub(super) fn is_year_word(lang: Lang, w: &str) -> bool {
    match lang {
        Lang::Kk => w == "ж" || kazakh::stems(w).any(|s| s == "жыл" || s == "жылғы"),
        Lang::Ru => {
            w == "г"
                || w == "гг"
                || w.strip_prefix("год")
                    .is_some_and(|r| ["", "а", "у", "ом", "е"].contains(&r))
        }
        _ => false,
    }
}

/// English words after which a month or a four-digit number is a time (`in July`, `since 1991`).
pub(super) fn is_time_word(w: &str) -> bool {
    matches!(
        w,
        "in" | "on"
            | "since"
            | "until"
            | "till"
            | "by"
            | "from"
            | "of"
            | "through"
            | "to"
            | "early"
            | "late"
            | "mid"
            | "last"
            | "next"
            | "this"
            | "during"
            | "before"
            | "after"
            | "between"
            | "and"
            | "or"
            | "end"
            | "beginning"
            | "throughout"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn month_names_in_their_forms() {
        assert_eq!(
            month(Lang::En, "july", true, false),
            Some((7, Alone::AfterTimeWord))
        );
        assert_eq!(month(Lang::En, "may", false, false), None);
        assert_eq!(month(Lang::En, "sept", true, true).map(|m| m.0), Some(9));
        assert_eq!(
            month(Lang::Kk, "шілдеде", false, false),
            Some((7, Alone::Yes))
        );
        assert_eq!(
            month(Lang::Kk, "қыркүйекте", false, false),
            Some((9, Alone::Yes))
        );
        assert_eq!(
            month(Lang::Kk, "қазан", false, false),
            Some((10, Alone::BeforeMonthWord))
        );
        assert_eq!(month(Lang::Ru, "июля", false, false), Some((7, Alone::Yes)));
        assert_eq!(
            month(Lang::Ru, "апреле", false, false),
            Some((4, Alone::Yes))
        );
        assert_eq!(month(Lang::Ru, "мая", false, false), Some((5, Alone::Yes)));
        assert_eq!(month(Lang::Ru, "маяк", false, false), None);
    }

    #[test]
    fn weekday_names_in_their_forms() {
        assert_eq!(weekday(Lang::En, "tuesday", true, None), Some(2));
        assert_eq!(weekday(Lang::Kk, "сейсенбі", false, Some("күні")), Some(2));
        assert_eq!(weekday(Lang::Kk, "жұма", true, Some("намазы")), None);
        assert_eq!(weekday(Lang::Kk, "жұма", false, Some("күні")), Some(5));
        assert_eq!(weekday(Lang::Ru, "вторник", false, None), Some(2));
        assert_eq!(weekday(Lang::Ru, "среду", false, None), Some(3));
        assert_eq!(weekday(Lang::Ru, "среде", false, None), None);
    }
}
