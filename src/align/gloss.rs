//! A target sentence that glosses its neighbour: a translator's added explanation of a
//! word or name the sentence before it used («…маралов и кабанов» / «Маралами называют
//! …», «…85 недорогих датчиков» / «Такие датчики измеряют …»). It repeats one of the
//! neighbour's longer words and has the shape of a definition; such a sentence is more
//! often added than translated, so an addition there costs less.

use super::lexicon::each_stem;

/// Stems shorter than this (in characters) are too common to tie a gloss to its neighbour.
const MIN_SHARED: usize = 5;

/// Whether `text` has the shape of a definition in language `lang` (case aside).
fn defines(lang: &str, text: &str) -> bool {
    let t = text.to_lowercase();
    match lang {
        "ru" => {
            t.starts_with("это ")
                || t.starts_with("такие ")
                || t.starts_with("так называ")
                || [" – это ", " — это ", "называют", "означает", "называется"]
                    .iter()
                    .any(|m| t.contains(m))
        }
        "kk" => {
            t.starts_with("бұл ")
                || t.starts_with("мұндай ")
                || [
                    "деп аталады",
                    "деп атайды",
                    "дегеніміз",
                    "білдіреді",
                    " – бұл ",
                ]
                .iter()
                .any(|m| t.contains(m))
        }
        _ => false,
    }
}

/// For each sentence of `sentences` (language `lang`), whether it glosses the one before
/// it: shares a stem of at least [`MIN_SHARED`] characters with it and has the shape of a
/// definition.
pub(super) fn glosses<'s>(lang: &str, sentences: impl Iterator<Item = &'s str>) -> Vec<bool> {
    let mut out = Vec::new();
    let mut before: Vec<String> = Vec::new();
    for text in sentences {
        let mut stems = Vec::new();
        each_stem(text, &mut |s| {
            if s.chars().count() >= MIN_SHARED {
                stems.push(s);
            }
        });
        let shares = stems.iter().any(|s| before.contains(s));
        out.push(shares && defines(lang, text));
        before = stems;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_definition_of_the_word_before_is_a_gloss() {
        let g = glosses(
            "ru",
            [
                "Волков согнали глубокий снег и нехватка маралов.",
                "Маралами называют алтайских благородных оленей.",
                "Волки не охраняются законом.",
            ]
            .into_iter(),
        );
        assert_eq!(g, vec![false, true, false]);
    }

    #[test]
    fn a_definition_sharing_nothing_with_the_sentence_before_is_not() {
        let g = glosses(
            "ru",
            ["Аким подписал решение.", "Это около 73 тысяч долларов."].into_iter(),
        );
        assert_eq!(g, vec![false, false]);
    }
}
