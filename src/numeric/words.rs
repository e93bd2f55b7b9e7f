//! Numbers written in words, as news text writes them: English, Kazakh and Russian
//! cardinals and ordinals (with Russian declension and Kazakh endings), the scale words
//! (thousand, million, млн, миллионға) and the words for per cent.

use std::sync::LazyLock;

use super::initials::Initials;
use super::kazakh;
use super::Lang;

/// What a number word adds to the number being read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum NumWord {
    /// A value added to the current group (`five`, `двадцать`, `двести`).
    Add(u64),
    /// Multiplies the current group by a hundred (`hundred`, `жүз`): "two hundred".
    Hundred,
    /// Closes a group times 10^n (`thousand` = 3, `миллион` = 6).
    Scale(u32),
    /// An ordinal adding its value and ending the number (`fifth`, `сотый`, `жүзінші`).
    Ordinal(u64),
    /// An ordinal of a hundred or a scale word (`hundredth`, `тысячный`): multiplies.
    OrdinalScale(u32),
}

const EN: &[(&str, NumWord)] = {
    use NumWord::*;
    &[
        ("zero", Add(0)),
        ("one", Add(1)),
        ("two", Add(2)),
        ("three", Add(3)),
        ("four", Add(4)),
        ("five", Add(5)),
        ("six", Add(6)),
        ("seven", Add(7)),
        ("eight", Add(8)),
        ("nine", Add(9)),
        ("ten", Add(10)),
        ("eleven", Add(11)),
        ("twelve", Add(12)),
        ("thirteen", Add(13)),
        ("fourteen", Add(14)),
        ("fifteen", Add(15)),
        ("sixteen", Add(16)),
        ("seventeen", Add(17)),
        ("eighteen", Add(18)),
        ("nineteen", Add(19)),
        ("twenty", Add(20)),
        ("thirty", Add(30)),
        ("forty", Add(40)),
        ("fifty", Add(50)),
        ("sixty", Add(60)),
        ("seventy", Add(70)),
        ("eighty", Add(80)),
        ("ninety", Add(90)),
        ("hundred", Hundred),
        ("thousand", Scale(3)),
        ("million", Scale(6)),
        ("billion", Scale(9)),
        // "twice as much": Kazakh and Russian write the number (екі есе, в два раза).
        ("twice", Add(2)),
        // "both": Kazakh writes its collective numeral (екеуі), Russian оба.
        ("both", Add(2)),
        ("thrice", Add(3)),
        ("trillion", Scale(12)),
        ("first", Ordinal(1)),
        ("second", Ordinal(2)),
        ("third", Ordinal(3)),
        ("fourth", Ordinal(4)),
        ("fifth", Ordinal(5)),
        ("sixth", Ordinal(6)),
        ("seventh", Ordinal(7)),
        ("eighth", Ordinal(8)),
        ("ninth", Ordinal(9)),
        ("tenth", Ordinal(10)),
        ("eleventh", Ordinal(11)),
        ("twelfth", Ordinal(12)),
        ("thirteenth", Ordinal(13)),
        ("fourteenth", Ordinal(14)),
        ("fifteenth", Ordinal(15)),
        ("sixteenth", Ordinal(16)),
        ("seventeenth", Ordinal(17)),
        ("eighteenth", Ordinal(18)),
        ("nineteenth", Ordinal(19)),
        ("twentieth", Ordinal(20)),
        ("thirtieth", Ordinal(30)),
        ("fortieth", Ordinal(40)),
        ("fiftieth", Ordinal(50)),
        ("sixtieth", Ordinal(60)),
        ("seventieth", Ordinal(70)),
        ("eightieth", Ordinal(80)),
        ("ninetieth", Ordinal(90)),
        ("hundredth", OrdinalScale(2)),
        ("thousandth", OrdinalScale(3)),
        ("millionth", OrdinalScale(6)),
    ]
};

/// Scale words written after digits only (`2 mln`, `3 bn`).
const EN_AFTER_DIGITS: &[(&str, u32)] = &[("mln", 6), ("bn", 9), ("tn", 12)];

const KK: &[(&str, NumWord)] = {
    use NumWord::*;
    &[
        ("бір", Add(1)),
        ("екі", Add(2)),
        ("үш", Add(3)),
        ("төрт", Add(4)),
        ("бес", Add(5)),
        ("алты", Add(6)),
        ("жеті", Add(7)),
        ("сегіз", Add(8)),
        ("тоғыз", Add(9)),
        ("он", Add(10)),
        ("жиырма", Add(20)),
        ("отыз", Add(30)),
        ("қырық", Add(40)),
        ("елу", Add(50)),
        ("алпыс", Add(60)),
        ("жетпіс", Add(70)),
        ("сексен", Add(80)),
        ("тоқсан", Add(90)),
        ("жүз", Hundred),
        ("мың", Scale(3)),
        ("миллион", Scale(6)),
        ("миллиард", Scale(9)),
        ("триллион", Scale(12)),
        // Collective numerals: екеуі "the two of them", үшеуі, …
        ("екеу", Add(2)),
        ("үшеу", Add(3)),
        ("төртеу", Add(4)),
        ("бесеу", Add(5)),
        ("алтау", Add(6)),
        ("жетеу", Add(7)),
    ]
};

/// Russian cardinals in every case form.
const RU: &[(&str, NumWord)] = {
    use NumWord::*;
    &[
        ("ноль", Add(0)),
        ("нуля", Add(0)),
        ("один", Add(1)),
        ("одна", Add(1)),
        ("одно", Add(1)),
        ("одного", Add(1)),
        ("одной", Add(1)),
        ("одному", Add(1)),
        ("одним", Add(1)),
        ("одном", Add(1)),
        ("одну", Add(1)),
        ("два", Add(2)),
        ("две", Add(2)),
        ("двух", Add(2)),
        ("двум", Add(2)),
        ("двумя", Add(2)),
        ("двое", Add(2)),
        ("двоих", Add(2)),
        // "оба", "обе": "both", the two of them (Kazakh екеуі).
        ("оба", Add(2)),
        ("обе", Add(2)),
        ("обоих", Add(2)),
        ("обеих", Add(2)),
        ("обоим", Add(2)),
        ("обеим", Add(2)),
        ("обоими", Add(2)),
        ("обеими", Add(2)),
        // "вдвое больше", "дважды": the number a translation of "twice", "two times" holds.
        ("вдвое", Add(2)),
        ("дважды", Add(2)),
        ("втрое", Add(3)),
        ("трижды", Add(3)),
        ("вчетверо", Add(4)),
        ("четырежды", Add(4)),
        ("впятеро", Add(5)),
        ("вдесятеро", Add(10)),
        ("три", Add(3)),
        ("трех", Add(3)),
        ("трем", Add(3)),
        ("тремя", Add(3)),
        ("трое", Add(3)),
        ("троих", Add(3)),
        ("четыре", Add(4)),
        ("четырех", Add(4)),
        ("четырем", Add(4)),
        ("четырьмя", Add(4)),
        ("четверо", Add(4)),
        ("четверых", Add(4)),
        ("пять", Add(5)),
        ("пяти", Add(5)),
        ("пятью", Add(5)),
        ("пятеро", Add(5)),
        ("шесть", Add(6)),
        ("шести", Add(6)),
        ("шестью", Add(6)),
        ("шестеро", Add(6)),
        ("семь", Add(7)),
        ("семи", Add(7)),
        ("семью", Add(7)),
        ("восемь", Add(8)),
        ("восьми", Add(8)),
        ("восемью", Add(8)),
        ("восьмью", Add(8)),
        ("девять", Add(9)),
        ("девяти", Add(9)),
        ("девятью", Add(9)),
        ("десять", Add(10)),
        ("десяти", Add(10)),
        ("десятью", Add(10)),
        ("одиннадцать", Add(11)),
        ("одиннадцати", Add(11)),
        ("двенадцать", Add(12)),
        ("двенадцати", Add(12)),
        ("тринадцать", Add(13)),
        ("тринадцати", Add(13)),
        ("четырнадцать", Add(14)),
        ("четырнадцати", Add(14)),
        ("пятнадцать", Add(15)),
        ("пятнадцати", Add(15)),
        ("шестнадцать", Add(16)),
        ("шестнадцати", Add(16)),
        ("семнадцать", Add(17)),
        ("семнадцати", Add(17)),
        ("восемнадцать", Add(18)),
        ("восемнадцати", Add(18)),
        ("девятнадцать", Add(19)),
        ("девятнадцати", Add(19)),
        ("двадцать", Add(20)),
        ("двадцати", Add(20)),
        ("двадцатью", Add(20)),
        ("тридцать", Add(30)),
        ("тридцати", Add(30)),
        ("тридцатью", Add(30)),
        ("сорок", Add(40)),
        ("сорока", Add(40)),
        ("пятьдесят", Add(50)),
        ("пятидесяти", Add(50)),
        ("шестьдесят", Add(60)),
        ("шестидесяти", Add(60)),
        ("семьдесят", Add(70)),
        ("семидесяти", Add(70)),
        ("восемьдесят", Add(80)),
        ("восьмидесяти", Add(80)),
        ("девяносто", Add(90)),
        ("девяноста", Add(90)),
        ("сто", Add(100)),
        ("ста", Add(100)),
        ("двести", Add(200)),
        ("двухсот", Add(200)),
        ("двумстам", Add(200)),
        ("триста", Add(300)),
        ("трехсот", Add(300)),
        ("четыреста", Add(400)),
        ("четырехсот", Add(400)),
        ("пятьсот", Add(500)),
        ("пятисот", Add(500)),
        ("шестьсот", Add(600)),
        ("шестисот", Add(600)),
        ("семьсот", Add(700)),
        ("семисот", Add(700)),
        ("восемьсот", Add(800)),
        ("восьмисот", Add(800)),
        ("девятьсот", Add(900)),
        ("девятисот", Add(900)),
    ]
};

/// Russian scale-word stems and the endings they take (тысяча, тысячи, тысяч; миллиона, млн).
const RU_SCALES: &[(&str, &[&str], u32)] = &[
    ("тысяч", &["а", "и", "", "у", "ей", "ами", "ам", "ах"], 3),
    (
        "миллион",
        &["", "а", "ов", "у", "ом", "е", "ы", "ам", "ами", "ах"],
        6,
    ),
    (
        "миллиард",
        &["", "а", "ов", "у", "ом", "е", "ы", "ам", "ами", "ах"],
        9,
    ),
    (
        "триллион",
        &["", "а", "ов", "у", "ом", "е", "ы", "ам", "ами", "ах"],
        12,
    ),
];

/// Scale words written after digits only, in Kazakh and Russian (`2 млн`, `15 тыс.`).
const CYR_AFTER_DIGITS: &[(&str, u32)] = &[("тыс", 3), ("млн", 6), ("млрд", 9), ("трлн", 12)];

/// Russian ordinal stems (the adjective endings follow).
const RU_ORDINAL_STEMS: &[(&str, u64)] = &[
    ("перв", 1),
    ("втор", 2),
    ("четверт", 4),
    ("пят", 5),
    ("шест", 6),
    ("седьм", 7),
    ("восьм", 8),
    ("девят", 9),
    ("десят", 10),
    ("одиннадцат", 11),
    ("двенадцат", 12),
    ("тринадцат", 13),
    ("четырнадцат", 14),
    ("пятнадцат", 15),
    ("шестнадцат", 16),
    ("семнадцат", 17),
    ("восемнадцат", 18),
    ("девятнадцат", 19),
    ("двадцат", 20),
    ("тридцат", 30),
    ("сороков", 40),
    ("пятидесят", 50),
    ("шестидесят", 60),
    ("семидесят", 70),
    ("восьмидесят", 80),
    ("девяност", 90),
];

/// Adjective endings of a Russian ordinal.
/// Stems of the ordinals of hundreds and scales (`сотый`, `тысячный`, `миллионный`), with
/// the power of ten.
const RU_ORDINAL_SCALES: &[(&str, u32)] = &[("сот", 2), ("тысячн", 3), ("миллионн", 6)];

const RU_ADJ: &[&str] = &[
    "ый", "ой", "ий", "ая", "ое", "ого", "ому", "ым", "ом", "ую", "ые", "ых", "ыми",
];

/// `третий` and its forms.
const RU_THIRD: &[&str] = &[
    "третий",
    "третья",
    "третье",
    "третьего",
    "третьей",
    "третьему",
    "третьим",
    "третьем",
    "третью",
    "третьи",
    "третьих",
    "третьими",
];

/// The number word `w` (lower case) is in `lang`, if it is one.
pub(super) fn number_word(lang: Lang, w: &str) -> Option<NumWord> {
    /// The first letters of each language's number words and stems.
    static INITIALS: LazyLock<[Initials; 3]> = LazyLock::new(|| {
        let keys = |t: &'static [(&'static str, NumWord)]| t.iter().map(|(k, _)| *k);
        [
            Initials::of(keys(EN)),
            Initials::of(keys(KK)),
            Initials::of(
                keys(RU)
                    .chain(RU_SCALES.iter().map(|(stem, _, _)| *stem))
                    .chain(RU_THIRD.iter().copied())
                    .chain(RU_ORDINAL_STEMS.iter().map(|(stem, _)| *stem))
                    .chain(RU_ORDINAL_SCALES.iter().map(|(stem, _)| *stem)),
            ),
        ]
    });
    let initials = match lang {
        Lang::En => &INITIALS[0],
        Lang::Kk => &INITIALS[1],
        Lang::Ru => &INITIALS[2],
        Lang::Other => return None,
    };
    if !initials.may_start(w) {
        return None;
    }
    match lang {
        Lang::En => EN.iter().find(|(k, _)| *k == w).map(|(_, v)| *v),
        Lang::Ru => ru_word(w),
        Lang::Kk => kk_word(w),
        Lang::Other => None,
    }
}

/// A scale word allowed right after digits (`mln`, `млн`, `тыс`), beside the full words.
pub(super) fn scale_after_digits(lang: Lang, w: &str) -> Option<u32> {
    let table = match lang {
        Lang::En => EN_AFTER_DIGITS,
        Lang::Kk | Lang::Ru => CYR_AFTER_DIGITS,
        Lang::Other => return None,
    };
    if let Some((_, e)) = table.iter().find(|(k, _)| *k == w) {
        return Some(*e);
    }
    match number_word(lang, w) {
        Some(NumWord::Scale(e)) => Some(e),
        Some(NumWord::Hundred) => Some(2),
        _ => None,
    }
}

fn ru_word(w: &str) -> Option<NumWord> {
    if let Some((_, v)) = RU.iter().find(|(k, _)| *k == w) {
        return Some(*v);
    }
    for (stem, ends, e) in RU_SCALES {
        if w.strip_prefix(stem)
            .is_some_and(|rest| ends.contains(&rest))
        {
            return Some(NumWord::Scale(*e));
        }
    }
    if RU_THIRD.contains(&w) {
        return Some(NumWord::Ordinal(3));
    }
    for (stem, n) in RU_ORDINAL_STEMS {
        if w.strip_prefix(stem)
            .is_some_and(|rest| RU_ADJ.contains(&rest))
        {
            return Some(NumWord::Ordinal(*n));
        }
    }
    for (stem, e) in RU_ORDINAL_SCALES {
        if w.strip_prefix(stem)
            .is_some_and(|rest| RU_ADJ.contains(&rest))
        {
            return Some(NumWord::OrdinalScale(*e));
        }
    }
    None
}

fn kk_word(w: &str) -> Option<NumWord> {
    if kazakh::is_not_numeral(w) {
        return None;
    }
    let find = |s: &str| KK.iter().find(|(k, _)| *k == s).map(|(_, v)| *v);
    for stem in kazakh::ordinal_stems(w) {
        match find(stem) {
            Some(NumWord::Add(n)) => return Some(NumWord::Ordinal(n)),
            Some(NumWord::Hundred) => return Some(NumWord::OrdinalScale(2)),
            Some(NumWord::Scale(e)) => return Some(NumWord::OrdinalScale(e)),
            _ => {}
        }
    }
    kazakh::stems(w).find_map(find)
}

/// Whether the word (with the next one, for "per cent") says "per cent".
pub(super) fn is_percent_word(lang: Lang, w: &str, next: Option<&str>) -> (bool, bool) {
    match lang {
        Lang::En => match w {
            "percent" | "pct" => (true, false),
            "per" => (next == Some("cent"), true),
            _ => (false, false),
        },
        Lang::Ru => (
            w.strip_prefix("процент")
                .is_some_and(|r| ["", "а", "ов", "ам", "ами", "ах", "у", "ом", "е"].contains(&r)),
            false,
        ),
        Lang::Kk => (
            kazakh::stems(w).any(|s| s == "пайыз" || s == "процент"),
            false,
        ),
        Lang::Other => (false, false),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_and_its_translations_read_as_two() {
        assert_eq!(number_word(Lang::En, "both"), Some(NumWord::Add(2)));
        assert_eq!(number_word(Lang::Ru, "оба"), Some(NumWord::Add(2)));
        assert_eq!(number_word(Lang::Ru, "обеих"), Some(NumWord::Add(2)));
        assert_eq!(number_word(Lang::Kk, "екеуі"), Some(NumWord::Add(2)));
    }

    #[test]
    fn twice_and_its_translations_read_as_two() {
        assert_eq!(number_word(Lang::En, "twice"), Some(NumWord::Add(2)));
        assert_eq!(number_word(Lang::Ru, "вдвое"), Some(NumWord::Add(2)));
        assert_eq!(number_word(Lang::Ru, "дважды"), Some(NumWord::Add(2)));
        assert_eq!(number_word(Lang::Ru, "втрое"), Some(NumWord::Add(3)));
        // Kazakh writes the numeral itself: "екі есе", "екі рет".
        assert_eq!(number_word(Lang::Kk, "екі"), Some(NumWord::Add(2)));
    }

    #[test]
    fn number_words_in_their_forms() {
        assert_eq!(number_word(Lang::En, "twenty"), Some(NumWord::Add(20)));
        assert_eq!(number_word(Lang::Ru, "двумя"), Some(NumWord::Add(2)));
        assert_eq!(
            number_word(Lang::Ru, "двадцатый"),
            Some(NumWord::Ordinal(20))
        );
        assert_eq!(
            number_word(Lang::Ru, "сотый"),
            Some(NumWord::OrdinalScale(2))
        );
        assert_eq!(number_word(Lang::Ru, "миллиона"), Some(NumWord::Scale(6)));
        assert_eq!(
            number_word(Lang::Kk, "жиырмасыншы"),
            Some(NumWord::Ordinal(20))
        );
        assert_eq!(
            number_word(Lang::Kk, "жүзінші"),
            Some(NumWord::OrdinalScale(2))
        );
        assert_eq!(number_word(Lang::Kk, "миллионға"), Some(NumWord::Scale(6)));
        assert_eq!(number_word(Lang::Kk, "үшін"), None);
        assert_eq!(number_word(Lang::Ru, "вторник"), None);
        assert_eq!(scale_after_digits(Lang::Ru, "млн"), Some(6));
        assert_eq!(scale_after_digits(Lang::En, "million"), Some(6));
    }
}
