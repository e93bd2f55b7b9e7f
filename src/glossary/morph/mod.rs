//! Inflection of glossary renderings: which surface forms of a term count as the term.
//!
//! The rules are data, not code: `rules/kk.rules` (Kazakh suffixes with vowel harmony and
//! consonant assimilation) and `rules/ru.rules` (Russian declension rows), each documented
//! in its header. This module reads them once and expands a rendering into forms: a
//! folded prefix that must occur in the text, and the set of endings (its tails) that may
//! follow it up to the end of the word. Other languages get the rendering alone.
//!
//! Text is compared *folded*: lower case, ё as е. Folding never changes a string's byte
//! length, so offsets in folded text are offsets in the original.

mod agree;
mod en;
mod fold;
mod form;
mod kk;
mod ru;
mod rule_file;

use std::collections::BTreeSet;

use super::Gender;

use en::english_form;
pub use fold::{fold, fold_into};
pub(crate) use form::{Form, Tails};
use kk::kk_rules;
use ru::ru_rules;

/// Expands a rendering in `lang` into its forms. Kazakh and Russian inflect (see the rule
/// files); other languages match the rendering as written (case-insensitively).
pub(crate) fn forms(lang: &str, rendering: &str, gender: Option<Gender>) -> Vec<Form> {
    match crate::lang::primary(lang).as_str() {
        "kk" => kk_rules().forms(rendering),
        "ru" => ru_rules().forms(rendering, gender),
        "en" => {
            // Decided on the rendering as written (RFE/RL has no plural), then folded.
            let f = english_form(rendering.trim());
            vec![Form {
                prefix: fold(&f.prefix),
                tails: f.tails,
            }]
        }
        _ => vec![Form {
            prefix: fold(rendering),
            tails: Tails::exact(),
        }],
    }
}

/// The forms of a source term as written (case-sensitive, not folded): in English the
/// term and its plural ("detention center" → "detention centers"); the possessive `'s`
/// and `s'` need nothing more, since an apostrophe ends a word. Other languages: the
/// term alone.
pub(crate) fn source_forms(lang: &str, term: &str) -> Vec<Form> {
    match crate::lang::primary(lang).as_str() {
        "en" => vec![english_form(term)],
        _ => vec![Form {
            prefix: term.to_string(),
            tails: Tails::exact(),
        }],
    }
}

/// All full surface forms of a rendering (folded), for tests and `glossary list --forms`.
pub fn surface_forms(lang: &str, rendering: &str, gender: Option<Gender>) -> Vec<String> {
    let mut out = BTreeSet::new();
    for f in forms(lang, rendering, gender) {
        for t in f.tails.expand() {
            out.insert(format!("{}{t}", f.prefix));
        }
    }
    out.into_iter().collect()
}

fn is_word_sep(c: char) -> bool {
    c.is_whitespace()
}

#[cfg(test)]
/// Whether `form` is one of the surface forms of `term` in `lang`, for the tests of the
/// language files.
fn has(lang: &str, term: &str, g: Option<Gender>, form: &str) -> bool {
    surface_forms(lang, term, g).contains(&fold(form))
}
