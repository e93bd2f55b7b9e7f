//! Where an added sentence stands beside a dropped one: which of its neighbours in the
//! translation it belongs with.
//!
//! A dropped source sentence directly beside an added target sentence (a 1:0 and a 0:1)
//! puts every sentence in the same place in either order, and the two orders cost the same
//! but for noise. Hand alignments write the added bead on the side of its neighbour in the
//! translation: after the drop when the added sentence belongs with the sentence after it
//! (it opens that sentence's paragraph, or explains a name that sentence writes: «Мажилис –
//! нижняя палата …» before «… чтения в Мажилисе …»), before it otherwise (an explanation
//! of what the sentence before it says, the usual place of a gloss).

use super::{names, Document};

/// Whether added target sentence `j` of `doc` belongs with the sentence after it rather
/// than the one before it.
pub(super) fn belongs_with_next(doc: &Document, j: usize) -> bool {
    if j + 1 >= doc.len() {
        return false;
    }
    if j == 0 {
        return true;
    }
    let opens = doc.ends_paragraph(j - 1);
    let ends = doc.ends_paragraph(j);
    match (opens, ends) {
        (true, false) => true,
        (false, true) => false,
        _ => {
            let own = names(&doc.sentences[j].text);
            let shared = |k: usize| {
                let other = names(&doc.sentences[k].text);
                own.iter().filter(|n| other.contains(n)).count()
            };
            shared(j + 1) > shared(j - 1)
        }
    }
}

/// The keys of the capitalized words of `text` ([`names::names`]: an inflected name keeps
/// its key, `Мажилис`, `Мажилисе`), each once.
fn names(text: &str) -> Vec<u64> {
    let mut out = Vec::new();
    names::names(text, &mut |key, _| out.push(key));
    out.sort_unstable();
    out.dedup();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_added_sentence_opening_a_paragraph_belongs_with_the_next() {
        let d = Document::from_text(
            "ru",
            "Он пообещал помочь.\n\nГород стоит у моря. В январе там были протесты.\n",
        );
        assert!(belongs_with_next(&d, 1));
    }

    #[test]
    fn an_added_sentence_ending_a_paragraph_belongs_with_the_one_before() {
        let d = Document::from_text(
            "kk",
            "Үкімет 300 мың сом беруге уәде етті. Сом – Қырғызстанның валютасы.\n\n\
             Сейсмологтар ескертті.\n",
        );
        assert!(!belongs_with_next(&d, 1));
    }

    #[test]
    fn inside_a_paragraph_the_neighbour_sharing_its_names_wins() {
        let d = Document::from_text(
            "ru",
            "Москва не раз выражала обеспокоенность. \
             Мажилис – нижняя палата парламента. \
             Законопроект должен пройти два чтения в Мажилисе.",
        );
        assert!(belongs_with_next(&d, 1));
        let d = Document::from_text(
            "ru",
            "Прокуратура обратилась в Интерпол. \
             Интерпол рассылает уведомления полиции других стран. \
             Эксперты говорят другое.",
        );
        assert!(!belongs_with_next(&d, 1));
    }
}
