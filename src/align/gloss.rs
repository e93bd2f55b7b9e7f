//! A target sentence that echoes its neighbour: it repeats one of the longer words of the
//! sentence before it. A translator's added sentence most often explains or extends what
//! the sentence before it said, so it repeats that sentence's words far more often than a
//! translated sentence repeats its predecessor's ([`Echo::Repeats`]); and one with the shape
//! of a definition is a gloss, a translator's added explanation of a word or name the
//! sentence before it used («…маралов и кабанов» / «Маралами называют …», «…85 недорогих
//! датчиков» / «Такие датчики измеряют …»: [`Echo::Gloss`]). An addition there costs less.

#[cfg(test)]
use super::lexicon::each_stem;
use super::lexicon::Stems;

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

/// How a sentence stands to the one before it ([`echoes`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Echo {
    /// It shares no stem of at least [`MIN_SHARED`] characters with it.
    Unrelated,
    /// It repeats such a stem.
    Repeats,
    /// It repeats such a stem and has the shape of a definition.
    Gloss,
}

/// For each sentence of `sentences` (language `lang`), how it stands to the one before it:
/// whether it shares a stem of at least [`MIN_SHARED`] characters with it, and whether it
/// then has the shape of a definition.
#[cfg(test)]
pub(super) fn echoes<'s>(lang: &str, sentences: impl Iterator<Item = &'s str>) -> Vec<Echo> {
    let mut out = Vec::new();
    let mut before: Vec<String> = Vec::new();
    for text in sentences {
        let mut stems = Vec::new();
        each_stem(text, &mut |s| {
            if s.chars().count() >= MIN_SHARED {
                stems.push(s);
            }
        });
        out.push(echo(lang, text, stems.iter().any(|s| before.contains(s))));
        before = stems;
    }
    out
}

/// [`echoes`] of sentences with the (plain) `stems` ([`Stems::of`]): a stem of at least
/// [`MIN_SHARED`] characters shared with the sentence before is the same stem id.
pub(super) fn echoes_of<'s>(
    lang: &str,
    sentences: impl Iterator<Item = &'s str>,
    stems: &Stems,
) -> Vec<Echo> {
    let long = stems.long(MIN_SHARED);
    let mut out = Vec::new();
    let mut before: &[u32] = &[];
    for (text, ids) in sentences.zip(&stems.per_sentence) {
        let repeats = ids
            .iter()
            .any(|&id| long[id as usize] && before.binary_search(&id).is_ok());
        out.push(echo(lang, text, repeats));
        before = ids;
    }
    out
}

/// How `text` stands to the sentence before it, given whether it repeats one of its longer stems.
fn echo(lang: &str, text: &str, repeats: bool) -> Echo {
    if !repeats {
        Echo::Unrelated
    } else if defines(lang, text) {
        Echo::Gloss
    } else {
        Echo::Repeats
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_definition_of_the_word_before_is_a_gloss() {
        let g = echoes(
            "ru",
            [
                "Волков согнали глубокий снег и нехватка маралов.",
                "Маралами называют алтайских благородных оленей.",
                "Волки не охраняются законом.",
            ]
            .into_iter(),
        );
        assert_eq!(g, vec![Echo::Unrelated, Echo::Gloss, Echo::Unrelated]);
    }

    #[test]
    fn a_definition_sharing_nothing_with_the_sentence_before_is_not() {
        let g = echoes(
            "ru",
            ["Аким подписал решение.", "Это около 73 тысяч долларов."].into_iter(),
        );
        assert_eq!(g, vec![Echo::Unrelated, Echo::Unrelated]);
    }

    #[test]
    fn a_sentence_repeating_a_longer_word_of_the_one_before_echoes_it() {
        let g = echoes(
            "kk",
            [
                "Заң жобасын депутаттар талқылады.",
                "Көптеген депутаттардың пікірі бөлек болды.",
                "Сот шешім шығарды.",
            ]
            .into_iter(),
        );
        assert_eq!(g, vec![Echo::Unrelated, Echo::Repeats, Echo::Unrelated]);
    }

    #[test]
    fn echoes_of_the_stems_are_the_echoes() {
        let texts = [
            "Волков согнали глубокий снег и нехватка маралов.",
            "Маралами называют алтайских благородных оленей.",
            "Волки не охраняются законом.",
            "Аким подписал решение.",
            "Это около 73 тысяч долларов.",
            "Законом охраняются маралы, это благородные олени.",
        ];
        let stems = Stems::of(texts);
        assert_eq!(
            echoes_of("ru", texts.into_iter(), &stems),
            echoes("ru", texts.into_iter())
        );
    }
}
