//! The recognisers on sentences of the kind the newsroom writes, and their invariants.

use super::*;
use proptest::prelude::*;

fn values(text: &str, lang: &str) -> Vec<String> {
    find(text, lang)
        .into_iter()
        .map(|h| show(&h.value))
        .collect()
}

fn show(v: &Value) -> String {
    match v {
        Value::Number(n) => format!(
            "{}{}{}",
            n.value,
            if n.percent { "%" } else { "" },
            if n.ordinal { "th" } else { "" }
        ),
        Value::Date(d) => format!(
            "date {}-{}-{}",
            d.year.map_or("?".into(), |y| y.to_string()),
            d.month.map_or("?".into(), |m| m.to_string()),
            d.day.map_or("?".into(), |d| d.to_string())
        ),
        Value::Weekday(w) => format!("weekday {w}"),
    }
}

fn number_values(text: &str, lang: &str) -> Vec<Decimal> {
    find(text, lang)
        .into_iter()
        .filter_map(|h| match h.value {
            Value::Number(n) => Some(n.value),
            _ => None,
        })
        .collect()
}

#[test]
fn grouped_and_decimal_numbers_are_equal_in_each_language() {
    let thousand = vec![Decimal::from_int(1000)];
    assert_eq!(number_values("1,000 people", "en"), thousand);
    assert_eq!(number_values("1 000 человек", "ru"), thousand);
    assert_eq!(number_values("1\u{a0}000 адам", "kk"), thousand);
    assert_eq!(number_values("1\u{2009}000 адам", "kk"), thousand);
    assert_eq!(number_values("1000 адам", "kk"), thousand);
    assert_eq!(
        number_values("2.5 tons", "en"),
        number_values("2,5 тонны", "ru")
    );
    assert_eq!(
        number_values("2,5 тонна", "kk"),
        number_values("2.5 tons", "en")
    );
}

#[test]
fn scale_words_multiply_in_every_form() {
    let two_million = vec![Decimal::from_int(2_000_000)];
    for (text, lang) in [
        ("up to 2 million Uyghurs", "en"),
        ("до 2 млн уйгуров", "ru"),
        ("2 миллиона человек", "ru"),
        ("2 миллион адам", "kk"),
        ("Шыңжаңда 2 миллионға дейін ұйғыр", "kk"),
        ("2 млн адам", "kk"),
        ("2 000 000 человек", "ru"),
        ("two million people", "en"),
        ("два миллиона человек", "ru"),
        ("екі миллион адам", "kk"),
    ] {
        assert_eq!(number_values(text, lang), two_million, "{text}");
    }
    assert_eq!(values("1,5 млрд тенге", "ru"), ["1500000000"]);
    assert_eq!(values("15 тыс. человек", "ru"), ["15000"]);
}

#[test]
fn percentages_with_sign_or_word() {
    assert_eq!(values("15% of voters", "en"), ["15%"]);
    assert_eq!(values("15 percent of voters", "en"), ["15%"]);
    assert_eq!(values("15 per cent", "en"), ["15%"]);
    assert_eq!(values("15 % избирателей", "ru"), ["15%"]);
    assert_eq!(values("15 процентов избирателей", "ru"), ["15%"]);
    assert_eq!(values("сайлаушылардың 15 пайызы", "kk"), ["15%"]);
    assert_eq!(values("15%-ы", "kk"), ["15%"]);
}

#[test]
fn ordinals_in_digits_and_words() {
    assert_eq!(values("the 100th day", "en"), ["100th"]);
    assert_eq!(values("for a 20th night", "en"), ["20th"]);
    assert_eq!(values("жиырмасыншы рет түнеді", "kk"), ["20th"]);
    assert_eq!(values("наразылықтың жүзінші күнін", "kk"), ["100th"]);
    assert_eq!(values("уже в двадцатый раз", "ru"), ["20th"]);
    assert_eq!(values("сотый день протестов", "ru"), ["100th"]);
    assert_eq!(values("20-й раз", "ru"), ["20th"]);
    assert_eq!(values("20-шы рет", "kk"), ["20th"]);
    assert_eq!(values("58-летний муж", "ru"), ["58"]);
    assert_eq!(values("a 58-year-old man", "en"), ["58"]);
}

#[test]
fn written_numbers_as_the_newsroom_writes_them() {
    assert_eq!(values("just two days earlier", "en"), ["2"]);
    assert_eq!(values("бұдан екі күн бұрын", "kk"), ["2"]);
    assert_eq!(values("всего двумя днями ранее", "ru"), ["2"]);
    assert_eq!(values("three of her sons", "en"), ["3"]);
    assert_eq!(values("трех своих сыновей", "ru"), ["3"]);
    assert_eq!(values("үш ұлын", "kk"), ["3"]);
    assert_eq!(values("twenty-five people", "en"), ["25"]);
    assert_eq!(values("two hundred and five", "en"), ["205"]);
    assert_eq!(values("двести двадцать пять", "ru"), ["225"]);
    assert_eq!(values("екі жүз жиырма бес", "kk"), ["225"]);
    assert_eq!(values("две тысячи двадцать три", "ru"), ["2023"]);
    // Words that only look like numerals are not numbers.
    assert!(values("Бұл топ үшін маңызды", "kk").is_empty());
    assert!(values("Во вторник", "ru")
        .iter()
        .all(|v| v.starts_with("weekday")));
    // Two numbers side by side stay two numbers.
    assert_eq!(values("five two", "en"), ["5", "2"]);
}

#[test]
fn day_and_month_in_three_languages() {
    let july_first = ["date ?-7-1"];
    assert_eq!(values("police detained him on July 1.", "en"), july_first);
    assert_eq!(values("on 1 July", "en"), july_first);
    assert_eq!(values("on July 1st", "en"), july_first);
    assert_eq!(values("полиция 1 шілдеде ұстады", "kk"), july_first);
    assert_eq!(values("1 шілде", "kk"), july_first);
    assert_eq!(values("1 июля полиция задержала", "ru"), july_first);
    assert_eq!(values("1-го июля", "ru"), july_first);
    assert_eq!(values("on Sept. 14", "en"), ["date ?-9-14"]);
    assert_eq!(values("14 қыркүйекте ондаған адам", "kk"), ["date ?-9-14"]);
    assert_eq!(values("July 1, 2023", "en"), ["date 2023-7-1"]);
    assert_eq!(values("1 июля 2023 года", "ru"), ["date 2023-7-1"]);
    assert_eq!(values("2023 жылғы 1 шілдеде", "kk"), ["date 2023-7-1"]);
    assert_eq!(values("01.07.2023", "ru"), ["date 2023-7-1"]);
    assert_eq!(values("on the 1st of July", "en"), july_first);
    assert_eq!(values("шілденің 1-і күні", "kk"), july_first);
}

#[test]
fn day_ranges_are_a_date_for_each_end_in_three_languages() {
    let first_and_second = ["date ?-7-1", "date ?-7-2"];
    assert_eq!(values("on July 1-2", "en"), first_and_second);
    assert_eq!(values("on July 1 to 2", "en"), first_and_second);
    assert_eq!(values("on 1–2 July", "en"), first_and_second);
    assert_eq!(values("1-2 шілдеде", "kk"), first_and_second);
    assert_eq!(values("1–2 июля", "ru"), first_and_second);
    assert_eq!(values("1—2 июля", "ru"), first_and_second);
    assert_eq!(values("с 1 по 2 июля", "ru"), first_and_second);
    assert_eq!(
        values("July 14-16, 2023", "en"),
        ["date 2023-7-14", "date 2023-7-16"]
    );
    assert_eq!(
        values("14-16 сентября 2023 года", "ru"),
        ["date 2023-9-14", "date 2023-9-16"]
    );
    // The spans are each end as written; a count range stays numbers.
    let hits = find("1–2 июля", "ru");
    assert_eq!(hits[0].span, 0..1);
    assert_eq!(&"1–2 июля"[hits[1].span.clone()], "2 июля");
    assert_eq!(values("1-2 адам", "kk"), ["1", "2"]);
}

#[test]
fn a_month_alone_where_it_surely_is_one() {
    assert_eq!(values("arrived in April", "en"), ["date ?-4-?"]);
    assert_eq!(values("сәуірде келді", "kk"), ["date ?-4-?"]);
    assert_eq!(values("приехал в апреле", "ru"), ["date ?-4-?"]);
    assert_eq!(values("In July, police", "en"), ["date ?-7-?"]);
    assert_eq!(values("Шілдеде полиция", "kk"), ["date ?-7-?"]);
    assert_eq!(values("in mid-July", "en"), ["date ?-7-?"]);
    // A verb, a modal, a cauldron, a season: not months.
    assert!(values("Protesters March To Consulate", "en").is_empty());
    assert!(values("May they return", "en").is_empty());
    assert!(values("қазан толы ас", "kk").is_empty());
    assert_eq!(values("қазан айында", "kk"), ["date ?-10-?"]);
}

#[test]
fn months_named_loosely_include_the_ambiguous_ones() {
    let months =
        |t: &str, l: &str| -> Vec<u8> { months_named(t, l).into_iter().map(|(_, m)| m).collect() };
    assert_eq!(
        months("September saw protests; May they return.", "en"),
        [9, 5]
    );
    assert!(find("September saw protests", "en").is_empty());
    assert_eq!(months("қазан айы мен қазан", "kk"), [10, 10]);
    assert_eq!(months("в сентябре", "ru"), [9]);
    assert!(months("may march", "en").is_empty());
}

#[test]
fn years_with_their_words() {
    assert_eq!(values("in 1991", "en"), ["date 1991-?-?"]);
    assert_eq!(values("1991 жылы ыдырап", "kk"), ["date 1991-?-?"]);
    assert_eq!(values("в 1991 году", "ru"), ["date 1991-?-?"]);
    assert_eq!(values("в 2023 г. после", "ru"), ["date 2023-?-?"]);
    assert_eq!(values("1991 people", "en"), ["1991"]);
}

#[test]
fn weekdays_in_three_languages() {
    assert_eq!(values("on Tuesday", "en"), ["weekday 2"]);
    assert_eq!(values("сейсенбі күні", "kk"), ["weekday 2"]);
    assert_eq!(values("во вторник", "ru"), ["weekday 2"]);
    assert_eq!(values("в среду", "ru"), ["weekday 3"]);
    assert_eq!(values("жұма күні", "kk"), ["weekday 5"]);
    assert!(values("в окружающей среде", "ru").is_empty());
}

#[test]
fn spans_cover_what_was_read() {
    let text = "Тем не менее 14 сентября десятки человек, 2 млн уйгуров и 15 %.";
    let spans: Vec<&str> = find(text, "ru")
        .iter()
        .map(|h| &text[h.span.clone()])
        .collect();
    assert_eq!(spans, ["14 сентября", "2 млн", "15 %"]);
}

#[test]
fn other_languages_read_digits_alone() {
    assert_eq!(values("1,000 und zwei", "de"), ["1000"]);
}

/// `n` with thousands grouped by `sep`.
fn grouped(n: u64, sep: &str) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push_str(sep);
        }
        out.push(c);
    }
    out
}

proptest! {
    #[test]
    fn spans_are_ordered_in_bounds_and_on_char_boundaries(text in "\\PC{0,80}", lang in prop::sample::select(vec!["en", "kk", "ru", "de"])) {
        let hits = find(&text, lang);
        let mut last = 0;
        for h in hits {
            prop_assert!(h.span.start >= last && h.span.start < h.span.end && h.span.end <= text.len());
            prop_assert!(text.is_char_boundary(h.span.start) && text.is_char_boundary(h.span.end));
            last = h.span.end;
        }
    }

    #[test]
    fn one_number_in_each_languages_grouping_is_one_value(n in 0u64..10_000_000_000, frac in proptest::option::of(1u32..100)) {
        let (en, ru, kk) = match frac {
            None => (grouped(n, ","), grouped(n, " "), grouped(n, "\u{a0}")),
            Some(f) => (format!("{}.{f}", grouped(n, ",")), format!("{},{f}", grouped(n, " ")), format!("{},{f}", grouped(n, "\u{202f}"))),
        };
        let want = number_values(&format!("about {en} people"), "en");
        prop_assert_eq!(want.len(), 1);
        prop_assert_eq!(number_values(&format!("около {ru} человек"), "ru"), want.clone());
        prop_assert_eq!(number_values(&format!("шамамен {kk} адам"), "kk"), want);
    }
}
