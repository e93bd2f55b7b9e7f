//! English: a noun phrase and the plural of its last word.

use super::{is_word_sep, Form, Tails};

/// An English noun phrase and the plural of its last word, by the spelling rules: -s;
/// -es after s, x, z, ch, sh; consonant + y → -ies; -man → -men. A last word that does
/// not end in a lower-case letter (RFE/RL, U.S.) or is a single letter stays as it is.
pub(super) fn english_form(term: &str) -> Form {
    let last = term.rsplit(is_word_sep).next().unwrap_or("");
    let exact = || Form {
        prefix: term.to_string(),
        tails: Tails::exact(),
    };
    let letters: Vec<char> = last.chars().collect();
    let n = letters.len();
    if n < 2 || !letters[n - 1].is_ascii_lowercase() {
        return exact();
    }
    let is_vowel = |c: char| matches!(c, 'a' | 'e' | 'i' | 'o' | 'u');
    let (strip, tails): (usize, &[&str]) = if last.ends_with("man") {
        (2, &["an", "en", "ans"])
    } else if last.ends_with('y') && !is_vowel(letters[n - 2]) {
        (1, &["y", "ies"])
    } else if ["s", "x", "z", "ch", "sh"]
        .iter()
        .any(|e| last.ends_with(e))
    {
        (0, &["", "es"])
    } else {
        (0, &["", "s"])
    };
    Form {
        prefix: term[..term.len() - strip].to_string(),
        tails: Tails::List(tails.iter().map(|t| t.to_string()).collect()),
    }
}

#[cfg(test)]
mod tests {
    use super::super::{has, source_forms, surface_forms};
    use super::*;

    #[test]
    fn english_terms_take_their_plural() {
        let en = |t: &str, f: &str| has("en", t, None, f);
        assert!(en("detention center", "detention centers"));
        assert!(en("reeducation camp", "reeducation camps"));
        assert!(en("ethnic Kazakh", "ethnic Kazakhs"));
        assert!(en("Uyghur", "Uyghurs"));
        assert!(en("political party", "political parties"));
        assert!(en("tax", "taxes"));
        assert!(en("chairman", "chairmen"));
        assert!(!en("detention center", "detention centerss"));
        assert!(!en("political party", "political partys"));
        assert_eq!(surface_forms("en", "RFE/RL", None), ["rfe/rl"]);
        let src = source_forms("en", "detention center");
        assert_eq!(src[0].prefix, "detention center");
        assert_eq!(src[0].tails, Tails::List(vec!["".into(), "s".into()]));
        assert_eq!(source_forms("kk", "Алматы")[0].tails, Tails::exact());
    }
}
