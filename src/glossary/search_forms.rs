//! [`concordance_query`]: what `tmkit concordance` looks for — every inflected form of a
//! Kazakh or Russian name or term, by the glossary's morphology ([`morph`]): a glossary
//! rendering with its entry's gender (Russian women's names decline apart), any other
//! phrase by the same rules the checker applies to renderings.

use std::collections::BTreeSet;

use super::{morph, Gender, Glossary};
use crate::fuzzy::{FormQuery, WordForms};

/// The languages whose words inflect (by the rule files of [`morph`]).
const INFLECTING: [&str; 2] = ["kk", "ru"];

/// The concordance query for `phrase`: a word written `WORD*` makes a prefix search of the
/// phrase as typed; otherwise a Kazakh or Russian phrase (`lang`, else any phrase written
/// in Cyrillic, read as both) matches its inflected forms, word by word; other phrases
/// match as written.
pub fn concordance_query(
    glossary: Option<&Glossary>,
    phrase: &str,
    lang: Option<&str>,
) -> FormQuery {
    let mut q = FormQuery::parse(phrase);
    if q.words.is_empty() || q.words.iter().any(|(_, f)| *f == WordForms::Prefix) {
        return q;
    }
    let langs: Vec<&str> = match lang.map(crate::lang::primary) {
        Some(l) => INFLECTING.iter().copied().filter(|i| *i == l).collect(),
        None if phrase.chars().any(is_cyrillic) => INFLECTING.to_vec(),
        None => Vec::new(),
    };
    if langs.is_empty() {
        return q;
    }
    let typed: Vec<String> = q.words.iter().map(|(w, _)| morph::fold(w)).collect();
    let mut sets: Vec<BTreeSet<String>> = vec![BTreeSet::new(); typed.len()];
    for l in langs {
        let (rendering, position, gender) = in_glossary(glossary, l, &typed).unwrap_or_else(|| {
            (
                q.words
                    .iter()
                    .map(|(w, _)| w.as_str())
                    .collect::<Vec<_>>()
                    .join(" "),
                0,
                None,
            )
        });
        for form in morph::surface_forms(l, &rendering, gender) {
            let ws: Vec<&str> = form.split_whitespace().collect();
            if let Some(part) = ws.get(position..position + typed.len()) {
                for (k, w) in part.iter().enumerate() {
                    sets[k].insert((*w).to_string());
                }
            }
        }
    }
    for ((_, forms), set) in q.words.iter_mut().zip(sets) {
        if !set.is_empty() {
            *forms = WordForms::OneOf(set);
        }
    }
    q
}

/// A rendering in `lang` of a glossary entry holding the words `typed` (folded), with
/// where they start in it and the entry's gender: the whole rendering (`Байболат
/// Кунболат`) or some of its words (`Кунболат`).
fn in_glossary(
    glossary: Option<&Glossary>,
    lang: &str,
    typed: &[String],
) -> Option<(String, usize, Option<Gender>)> {
    for e in &glossary?.entries {
        let Some(terms) = e.terms_for(lang) else {
            continue;
        };
        for r in terms.accepted() {
            let words: Vec<String> = r.split_whitespace().map(morph::fold).collect();
            if let Some(at) = words.windows(typed.len()).position(|w| w == typed) {
                return Some((r.to_string(), at, e.gender));
            }
        }
    }
    None
}

fn is_cyrillic(c: char) -> bool {
    matches!(c, '\u{0400}'..='\u{052F}')
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;
    use crate::glossary::parse_csv;

    fn forms(q: &FormQuery, k: usize) -> Vec<String> {
        match &q.words[k].1 {
            WordForms::OneOf(s) => s.iter().cloned().collect(),
            other => vec![format!("{other:?}")],
        }
    }

    #[test]
    fn names_and_words_get_their_inflected_forms() {
        let g = Glossary::from_entries(
            parse_csv(
                "en,kk,ru,gender\nNurgul Ibraeva,Нұргүл Ибраева,Нургуль Ибраева,f\nBaibolat Kunbolat,Байболат Күнболат,Байболат Кунболат,m\n"
                    .as_bytes(),
                Path::new("g.csv"),
            )
            .unwrap(),
        );
        let q = concordance_query(Some(&g), "Кунболат", Some("ru"));
        assert!(
            forms(&q, 0).contains(&"кунболата".to_string()),
            "{:?}",
            forms(&q, 0)
        );
        // A woman's surname declines as hers: Ибраевой.
        let q = concordance_query(Some(&g), "Ибраева", Some("ru"));
        assert!(
            forms(&q, 0).contains(&"ибраевой".to_string()),
            "{:?}",
            forms(&q, 0)
        );
        // Kazakh endings on any word.
        let q = concordance_query(None, "консулдық", None);
        let f = forms(&q, 0);
        assert!(f.contains(&"консулдығы".to_string()) && f.contains(&"консулдықта".to_string()));
        // A phrase: each word its forms.
        let q = concordance_query(Some(&g), "Байболат Кунболат", Some("ru"));
        assert!(forms(&q, 0).contains(&"байболата".to_string()));
        assert!(forms(&q, 1).contains(&"кунболата".to_string()));
        // English, and a prefix: as typed.
        assert_eq!(
            concordance_query(Some(&g), "Chinese consulate", None),
            FormQuery::parse("Chinese consulate")
        );
        assert_eq!(
            concordance_query(None, "Күнболат*", None).words[0].1,
            WordForms::Prefix
        );
    }
}
