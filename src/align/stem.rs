//! The stem a word is counted by in the learned word pairs ([`lexicon`](super::lexicon)):
//! its inflectional ending stripped, then cut to its first [`STEM_CHARS`] letters.
//!
//! Cutting alone lets the endings of short words through (Russian `зиму` / `зимы` /
//! `зимой`, Kazakh `қысы` / `қыста`, English `home` / `homes`), so those never share their
//! counts; stripping first reduces them to one stem (`зим`, `қыс`, `hom`). The ending is
//! chosen by script, so the same stem comes out of a document and of the TM without
//! knowing their languages: Latin words lose an English inflection (`-s`, `-es`, `-ed`,
//! `-ing`, …); Cyrillic words a Russian case, number or verb ending or, when they hold a
//! letter only Kazakh writes (`ә ғ қ ң ө ұ ү һ і`), a Kazakh case, possessive and plural
//! suffix, each at most once. A stem keeps at least [`MIN_STEM`] letters; two words that share a
//! stem by accident only add a little noise to the counts.

/// Letters of a stripped word that make its stem.
pub const STEM_CHARS: usize = 5;
/// A stem keeps at least this many letters.
const MIN_STEM: usize = 3;

/// English inflections, longest first.
const ENGLISH: &[&str] = &["ing", "ies", "ied", "es", "ed", "s", "y", "e"];

/// Russian case, number, adjective and verb endings (folded: ё is е), longest first.
const RUSSIAN: &[&str] = &[
    "иями", "ями", "ами", "ого", "его", "ому", "ему", "ыми", "ими", "ать", "ять", "ить", "еть",
    "ах", "ях", "ам", "ям", "ом", "ем", "ой", "ей", "ий", "ый", "ая", "яя", "ое", "ее", "ые", "ие",
    "ую", "юю", "ых", "их", "ым", "им", "ов", "ев", "ет", "ит", "ут", "ют", "ат", "ят", "ся", "ть",
    "ла", "ли", "ло", "а", "я", "о", "е", "ы", "и", "у", "ю", "ь", "й",
];

/// Kazakh case endings, longest first.
const KAZAKH_CASE: &[&str] = &[
    "ның", "нің", "дың", "дің", "тың", "тің", "дан", "ден", "тан", "тен", "нан", "нен", "нда",
    "нде", "мен", "бен", "пен", "ға", "ге", "қа", "ке", "на", "не", "ны", "ні", "ды", "ді", "ты",
    "ті", "да", "де", "та", "те",
];
/// Kazakh possessive endings, longest first.
const KAZAKH_POSSESSIVE: &[&str] = &[
    "мыз", "міз", "ңыз", "ңіз", "сы", "сі", "ым", "ім", "ың", "ің", "ы", "і",
];
/// Kazakh plural endings.
const KAZAKH_PLURAL: &[&str] = &["лар", "лер", "дар", "дер", "тар", "тер"];

/// Letters only Kazakh writes (of the Cyrillic alphabets here).
fn is_kazakh_letter(c: char) -> bool {
    matches!(c, 'ә' | 'ғ' | 'қ' | 'ң' | 'ө' | 'ұ' | 'ү' | 'һ' | 'і')
}

/// `word` without the longest of `endings` it ends with, keeping [`MIN_STEM`] letters.
fn strip<'w>(word: &'w str, endings: &[&str]) -> &'w str {
    let letters = word.chars().count();
    for e in endings {
        if let Some(rest) = word.strip_suffix(e) {
            if letters - e.chars().count() >= MIN_STEM {
                return rest;
            }
        }
    }
    word
}

/// The stem of `word` (folded: lower case, ё as е).
pub fn stem(word: &str) -> String {
    let cyrillic = word.chars().any(|c| ('\u{400}'..='\u{4ff}').contains(&c));
    let stripped = if !cyrillic {
        strip(word, ENGLISH)
    } else if word.chars().any(is_kazakh_letter) {
        // Suffixes stand in the order plural, possessive, case: stripped from the end.
        strip(
            strip(strip(word, KAZAKH_CASE), KAZAKH_POSSESSIVE),
            KAZAKH_PLURAL,
        )
    } else {
        strip(word, RUSSIAN)
    };
    stripped.chars().take(STEM_CHARS).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inflected_forms_of_short_words_share_a_stem() {
        assert_eq!(stem("зиму"), stem("зимы"));
        assert_eq!(stem("зимы"), stem("зимой"));
        assert_eq!(stem("дома"), stem("домов"));
        assert_eq!(stem("қысы"), stem("қыста"));
        assert_eq!(stem("қыстың"), stem("қысқа"));
        assert_eq!(stem("home"), stem("homes"));
        assert_eq!(stem("house"), stem("houses"));
    }

    #[test]
    fn long_words_are_cut_and_short_stems_kept() {
        assert_eq!(stem("протестующие"), stem("протестующих"));
        assert_eq!(stem("жақтастары"), stem("жақтасы"));
        assert_eq!(stem("supporters"), "suppo");
        assert_eq!(stem("она"), "она");
        assert_eq!(stem("sea"), "sea");
        assert_ne!(stem("winter"), stem("water"));
    }
}
