//! Numbers and dates as comparable values, whatever their local form: `1,000` (English) and
//! `1 000` (Kazakh, Russian) are both 1000; `2 million`, `2 млн`, `2 миллиона` are 2 000 000;
//! `2.5` and `2,5` are 2.5; month names (`July`, `шілде`, `июля`) and weekdays in English,
//! Kazakh and Russian are their number; small number words (`two`, `екі`, `двух`) count as
//! weaker evidence. The aligner's own extractor: plain scanning, no allocation per word.

/// What a value found in a sentence is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ValueKind {
    /// A number written in digits (scaled by 100: 2.5 is 250).
    Number,
    /// A small number written as a word (1–10).
    NumberWord,
    /// A month (1–12).
    Month,
    /// A weekday (1 = Monday).
    Weekday,
}

/// Spaces that group digits in Kazakh and Russian (and sometimes English): space,
/// no-break space, thin and narrow no-break spaces.
fn is_group_space(c: char) -> bool {
    matches!(c, ' ' | '\u{A0}' | '\u{2009}' | '\u{202F}')
}

/// Calls `out` with every value in `text`, written in language `lang` (`en`, `kk`, `ru`;
/// others are read the English way).
pub fn values(lang: &str, text: &str, out: &mut dyn FnMut(ValueKind, u64)) {
    let comma_decimal = matches!(lang, "kk" | "ru");
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i].1;
        if c.is_ascii_digit() {
            let prev_is_letter_or_digit = i > 0 && chars[i - 1].1.is_alphanumeric();
            let (value, next) = number_at(&chars, i, comma_decimal);
            i = next;
            if prev_is_letter_or_digit {
                continue; // part of a code like "A320" or "COVID-19"
            }
            let (scale, next) = multiplier_after(text, &chars, i);
            i = next;
            let v = value.saturating_mul(scale);
            out(ValueKind::Number, v);
            continue;
        }
        if c.is_alphabetic() {
            let start = i;
            while i < chars.len() && (chars[i].1.is_alphabetic() || chars[i].1 == '\'') {
                i += 1;
            }
            let s = chars[start].0;
            let e = chars.get(i).map_or(text.len(), |p| p.0);
            let word = &text[s..e];
            let capital = chars[start].1.is_uppercase();
            word_value(lang, word, capital, start == 0, out);
            continue;
        }
        i += 1;
    }
}

/// The number starting at `chars[i]` (a digit), scaled by 100, and the index after it.
fn number_at(chars: &[(usize, char)], mut i: usize, comma_decimal: bool) -> (u64, usize) {
    let digit = |k: usize| chars.get(k).is_some_and(|p| p.1.is_ascii_digit());
    let mut int: u64 = 0;
    let mut run = 0;
    loop {
        while digit(i) {
            int = int
                .saturating_mul(10)
                .saturating_add(chars[i].1 as u64 - '0' as u64);
            run += 1;
            i += 1;
        }
        // A group separator followed by exactly three digits continues the number.
        let sep = chars.get(i).map(|p| p.1);
        let group_sep = match sep {
            Some(',') => !comma_decimal,
            Some(c) => is_group_space(c) || (c == '.' && comma_decimal),
            None => false,
        };
        if group_sep && run <= 3 && digit(i + 1) && digit(i + 2) && digit(i + 3) && !digit(i + 4) {
            i += 1;
            run = 0;
            continue;
        }
        break;
    }
    let mut frac = 0u64;
    let decimal = if comma_decimal { ',' } else { '.' };
    if chars.get(i).map(|p| p.1) == Some(decimal) && digit(i + 1) {
        i += 1;
        let mut places = 0;
        while digit(i) {
            if places < 2 {
                frac = frac * 10 + (chars[i].1 as u64 - '0' as u64);
                places += 1;
            }
            i += 1;
        }
        if places == 1 {
            frac *= 10;
        }
    }
    (int.saturating_mul(100).saturating_add(frac), i)
}

/// A scale word right after a number (`million`, `млн`, `миллиона`, `мың`, …): its factor
/// and the index after it; (1, i) when there is none.
fn multiplier_after(text: &str, chars: &[(usize, char)], i: usize) -> (u64, usize) {
    let mut k = i;
    while chars
        .get(k)
        .is_some_and(|p| is_group_space(p.1) || p.1 == '-')
    {
        k += 1;
    }
    let start = k;
    while chars.get(k).is_some_and(|p| p.1.is_alphabetic()) {
        k += 1;
    }
    if start == k {
        return (1, i);
    }
    let s = chars[start].0;
    let e = chars.get(k).map_or(text.len(), |p| p.0);
    let w = text[s..e].to_lowercase();
    let factor = if w == "thousand" || w == "мың" || w.starts_with("тыс") {
        1_000
    } else if w == "million" || w == "млн" || w.starts_with("миллион") {
        1_000_000
    } else if w == "billion" || w == "млрд" || w.starts_with("миллиард") {
        1_000_000_000
    } else {
        return (1, i);
    };
    (factor, k)
}

const EN_MONTHS: [&str; 12] = [
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
const KK_MONTHS: [&str; 12] = [
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
/// Russian month stems (every case form begins so); May's forms are listed whole.
const RU_MONTHS: [&str; 12] = [
    "январ",
    "феврал",
    "март",
    "апрел",
    "ма",
    "июн",
    "июл",
    "август",
    "сентябр",
    "октябр",
    "ноябр",
    "декабр",
];
const EN_WEEKDAYS: [&str; 7] = [
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
];
const KK_WEEKDAYS: [&str; 7] = [
    "дүйсенбі",
    "сейсенбі",
    "сәрсенбі",
    "бейсенбі",
    "жұма",
    "сенбі",
    "жексенбі",
];
const RU_WEEKDAYS: [&str; 7] = [
    "понедельник",
    "вторник",
    "сред",
    "четверг",
    "пятниц",
    "суббот",
    "воскресен",
];
const EN_NUMBERS: [&str; 10] = [
    "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
];
const KK_NUMBERS: [&str; 10] = [
    "бір",
    "екі",
    "үш",
    "төрт",
    "бес",
    "алты",
    "жеті",
    "сегіз",
    "тоғыз",
    "он",
];
/// Russian number words with their case forms.
const RU_NUMBERS: [&[&str]; 10] = [
    &["один", "одна", "одно", "одного", "одной", "одному", "одним"],
    &["два", "две", "двух", "двум", "двумя"],
    &["три", "трех", "трёх", "трем", "трём", "тремя"],
    &["четыре", "четырех", "четырёх", "четырем", "четырьмя"],
    &["пять", "пяти", "пятью"],
    &["шесть", "шести", "шестью"],
    &["семь", "семи", "семью"],
    &["восемь", "восьми", "восемью"],
    &["девять", "девяти", "девятью"],
    &["десять", "десяти", "десятью"],
];

/// A month, weekday or number word.
fn word_value(
    lang: &str,
    word: &str,
    capital: bool,
    first: bool,
    out: &mut dyn FnMut(ValueKind, u64),
) {
    let lower = word.to_lowercase();
    let w = lower.as_str();
    match lang {
        "kk" => {
            if let Some(m) = KK_MONTHS.iter().position(|m| w.starts_with(m)) {
                // "қазан" is also a cauldron and the city of Kazan: only lower-case forms.
                if !(m == 9 && capital) {
                    out(ValueKind::Month, m as u64 + 1);
                }
            } else if let Some(d) = KK_WEEKDAYS.iter().position(|d| w.starts_with(d)) {
                out(ValueKind::Weekday, d as u64 + 1);
            } else if let Some(n) = KK_NUMBERS.iter().position(|n| w == *n) {
                out(ValueKind::NumberWord, (n as u64 + 1) * 100);
            }
        }
        "ru" => {
            let may = matches!(w, "май" | "мая" | "мае" | "маю");
            if let Some(m) = RU_MONTHS
                .iter()
                .position(|m| (*m == "ма" && may) || (*m != "ма" && w.starts_with(m)))
            {
                // "марш" is no month; "март…" is (марта, марте).
                out(ValueKind::Month, m as u64 + 1);
            } else if let Some(d) = RU_WEEKDAYS.iter().position(|d| {
                if *d == "сред" {
                    matches!(w, "среда" | "среду" | "среды" | "среде" | "средам")
                } else {
                    w.starts_with(d)
                }
            }) {
                out(ValueKind::Weekday, d as u64 + 1);
            } else if let Some(n) = RU_NUMBERS.iter().position(|f| f.contains(&w)) {
                out(ValueKind::NumberWord, (n as u64 + 1) * 100);
            }
        }
        _ => {
            if capital {
                if let Some(m) = EN_MONTHS.iter().position(|m| w == *m) {
                    // "May" opening a sentence is more often the verb.
                    if !(m == 4 && first) {
                        out(ValueKind::Month, m as u64 + 1);
                    }
                    return;
                }
                if let Some(d) = EN_WEEKDAYS.iter().position(|d| w == *d) {
                    out(ValueKind::Weekday, d as u64 + 1);
                    return;
                }
            }
            if let Some(n) = EN_NUMBERS.iter().position(|n| w == *n) {
                out(ValueKind::NumberWord, (n as u64 + 1) * 100);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all(lang: &str, text: &str) -> Vec<(ValueKind, u64)> {
        let mut v = Vec::new();
        values(lang, text, &mut |k, x| v.push((k, x)));
        v
    }

    use ValueKind::*;

    #[test]
    fn thousands_are_grouped_in_each_local_style() {
        assert_eq!(all("en", "about 1,000 people"), vec![(Number, 100_000)]);
        assert_eq!(all("ru", "около 1 000 человек"), vec![(Number, 100_000)]);
        assert_eq!(all("kk", "1\u{A0}000 адам"), vec![(Number, 100_000)]);
        assert_eq!(
            all("en", "in 2017, 200 people"),
            vec![(Number, 201_700), (Number, 20_000)]
        );
    }

    #[test]
    fn decimals_follow_the_language() {
        assert_eq!(all("en", "2.5 percent"), vec![(Number, 250)]);
        assert_eq!(all("ru", "2,5 процента"), vec![(Number, 250)]);
    }

    #[test]
    fn scale_words_multiply_in_every_language() {
        let two_million = vec![(Number, 200_000_000)];
        assert_eq!(all("en", "up to 2 million Uyghurs"), two_million);
        assert_eq!(all("ru", "до 2 млн уйгуров"), two_million);
        assert_eq!(all("ru", "до 2 миллионов"), two_million);
        assert_eq!(all("kk", "2 миллионға дейін"), two_million);
    }

    #[test]
    fn dates_give_the_same_day_and_month_in_any_order() {
        let mut en = all("en", "on July 1");
        let mut kk = all("kk", "1 шілдеде");
        let mut ru = all("ru", "1 июля");
        en.sort();
        kk.sort();
        ru.sort();
        assert_eq!(en, vec![(Number, 100), (Month, 7)]);
        assert_eq!(kk, en);
        assert_eq!(ru, en);
    }

    #[test]
    fn weekdays_and_number_words_are_found() {
        assert_eq!(
            all("en", "on Monday two men"),
            vec![(Weekday, 1), (NumberWord, 200)]
        );
        assert_eq!(
            all("kk", "дүйсенбі күні екі ер"),
            vec![(Weekday, 1), (NumberWord, 200)]
        );
        assert_eq!(
            all("ru", "в понедельник двух мужчин"),
            vec![(Weekday, 1), (NumberWord, 200)]
        );
        assert_eq!(all("ru", "среди них"), vec![]);
    }

    #[test]
    fn codes_and_ordinals() {
        assert_eq!(
            all("en", "COVID19 and the 100th day"),
            vec![(Number, 10_000)]
        );
        assert_eq!(all("kk", "100-ші күн"), vec![(Number, 10_000)]);
    }
}
