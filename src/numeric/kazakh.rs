//! Kazakh endings on month names, weekday names and numerals (`шілдеде`, `миллионға`,
//! `жүзінші`): a word is its stem followed by one of these endings.

/// Case, possessive and relational endings that follow a month, weekday or number word
/// (in either vowel harmony, after a vowel or a consonant); the empty ending first.
const ENDINGS: &[&str] = &[
    "",
    "да",
    "де",
    "та",
    "те",
    "нда",
    "нде",
    "ға",
    "ге",
    "қа",
    "ке",
    "на",
    "не",
    "а",
    "е",
    "дан",
    "ден",
    "тан",
    "тен",
    "нан",
    "нен",
    "ның",
    "нің",
    "дың",
    "дің",
    "тың",
    "тің",
    "ы",
    "і",
    "сы",
    "сі",
    "ында",
    "інде",
    "сында",
    "сінде",
    "ын",
    "ін",
    "сын",
    "сін",
    "ынан",
    "інен",
    "сынан",
    "сінен",
    "ына",
    "іне",
    "сына",
    "сіне",
    "ғы",
    "гі",
    "қы",
    "кі",
    "дағы",
    "дегі",
    "тағы",
    "тегі",
    "ндағы",
    "ндегі",
    "мен",
    "бен",
    "пен",
    "дай",
    "дей",
    "тай",
    "тей",
];

/// Ordinal suffixes (`бірінші`, `екінші`, `жиырмасыншы`, `жүзінші`).
const ORDINAL: &[&str] = &["ыншы", "інші", "ншы", "нші", "сыншы", "сінші"];

/// Words that look like a numeral with an ending but are other words (`үшін` "for",
/// `оны` "him", `онда` "there", `бірге` "together", `бірақ` "but", `жүзінде` "on the face of").
const NOT_NUMERALS: &[&str] = &[
    "үшін",
    "оны",
    "онда",
    "оған",
    "бірге",
    "бірақ",
    "жүзінде",
    "жүзеге",
];

/// The stems `word` may be made of: each ending it carries taken off (the word itself first).
pub(super) fn stems(word: &str) -> impl Iterator<Item = &str> + '_ {
    let last = word.as_bytes().last();
    ENDINGS.iter().filter_map(move |e| {
        // The last byte first: most endings are ruled out without comparing strings.
        if !e.is_empty() && e.as_bytes().last() != last {
            return None;
        }
        let stem = word.strip_suffix(e)?;
        (stem.chars().count() >= 2).then_some(stem)
    })
}

/// Whether `word` is not a numeral whatever it looks like.
pub(super) fn is_not_numeral(word: &str) -> bool {
    NOT_NUMERALS.contains(&word)
}

/// The stems of `word` read as an ordinal: stem + ordinal suffix + ending.
pub(super) fn ordinal_stems(word: &str) -> impl Iterator<Item = &str> + '_ {
    stems(word).flat_map(|s| ORDINAL.iter().filter_map(move |o| s.strip_suffix(o)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn endings_come_off_in_either_harmony() {
        assert!(stems("шілдеде").any(|s| s == "шілде"));
        assert!(stems("қыркүйекте").any(|s| s == "қыркүйек"));
        assert!(stems("миллионға").any(|s| s == "миллион"));
        assert!(ordinal_stems("жүзінші").any(|s| s == "жүз"));
        assert!(ordinal_stems("жиырмасыншы").any(|s| s == "жиырма"));
        assert!(ordinal_stems("екінші").any(|s| s == "екі"));
        assert!(!stems("шілдеқ").any(|s| s == "шілде"));
    }
}
