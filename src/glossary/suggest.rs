//! `tmkit glossary suggest`: capitalized multi-word names in source texts that have no
//! glossary entry yet, so they get one before translation starts.
//!
//! A name is a run of two or more capitalized words ("Chinese Consulate", "U.S. State
//! Department", "Radio Free Europe/Radio Liberty"), which may hold the connectors `of`,
//! `the`, `for`, `de` between capitalized words ("Real Volunteers of the Fatherland").
//! A possessive `'s` or punctuation ends a run. A sentence's first word is dropped from a
//! run when it is an ordinary word capitalized only because it starts the sentence (it
//! occurs in lower case elsewhere in the sources, or is an article or preposition).
//! Headlines in Title Case (most words capitalized) are skipped.

use std::collections::{BTreeMap, HashSet};

use serde::Serialize;

use super::Glossary;

/// A name without a glossary entry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Suggestion {
    /// The name as written.
    pub name: String,
    /// How many times it occurs.
    pub count: usize,
    /// The unit of its first occurrence.
    pub unit: String,
    /// The sentence of its first occurrence.
    pub example: String,
}

const CONNECTORS: [&str; 4] = ["of", "the", "for", "de"];
const SENTENCE_STARTERS: [&str; 16] = [
    "The", "A", "An", "In", "On", "At", "After", "Before", "Last", "Some", "Many", "Since", "When",
    "While", "But", "And",
];

/// A token: its text without surrounding punctuation, and whether a run must end after it.
fn tokens(sentence: &str) -> Vec<(&str, bool)> {
    let mut out = Vec::new();
    for raw in sentence.split_whitespace() {
        let lead = |c: char| !c.is_alphanumeric();
        let t = raw.trim_start_matches(lead);
        let mut end_run = false;
        let mut t = t.trim_end_matches(|c: char| {
            let p = !c.is_alphanumeric() && c != '.';
            end_run |= p;
            p
        });
        for poss in ["'s", "’s", "'", "’"] {
            if let Some(s) = t.strip_suffix(poss) {
                t = s;
                end_run = true;
            }
        }
        // A final period ends a sentence unless the token is an abbreviation (U.S.).
        if let Some(s) = t.strip_suffix('.') {
            if !s.contains('.') {
                t = s;
                end_run = true;
            }
        }
        out.push((t, end_run));
    }
    out
}

/// Words a headline in Title Case capitalizes but running text does not.
const TITLE_WORDS: [&str; 16] = [
    "Of", "In", "On", "At", "To", "For", "And", "Or", "Over", "After", "Who", "With", "From",
    "Into", "As", "By",
];

/// A headline in Title Case: four or more words, most capitalized, and a function word
/// capitalized after the first word (or nearly all words capitalized).
fn is_title_case(toks: &[(&str, bool)]) -> bool {
    let words: Vec<&str> = toks
        .iter()
        .map(|t| t.0)
        .filter(|w| w.chars().next().is_some_and(char::is_alphabetic))
        .collect();
    let caps = words.iter().filter(|w| capitalized(w)).count();
    let title_word = words.iter().skip(1).any(|w| TITLE_WORDS.contains(w));
    words.len() >= 4 && (caps * 10 >= words.len() * 8 || caps * 2 > words.len() && title_word)
}

fn capitalized(t: &str) -> bool {
    t.chars().next().is_some_and(char::is_uppercase)
}

/// Names in `sources` (unit name, source sentence) that the glossary lacks, most frequent first.
pub fn suggest_names(
    glossary: &Glossary,
    source_lang: &str,
    sources: &[(&str, &str)],
) -> Vec<Suggestion> {
    let known: HashSet<&str> = glossary
        .entries
        .iter()
        .filter_map(|e| e.terms_for(source_lang))
        .flat_map(|t| t.accepted())
        .collect();
    let lower_words: HashSet<String> = sources
        .iter()
        .flat_map(|(_, s)| tokens(s))
        .filter(|(t, _)| t.chars().next().is_some_and(char::is_lowercase))
        .map(|(t, _)| t.to_string())
        .collect();
    let mut found: BTreeMap<String, Suggestion> = BTreeMap::new();
    for (unit, sentence) in sources {
        let toks = tokens(sentence);
        if is_title_case(&toks) {
            continue;
        }
        let mut i = 0;
        while i < toks.len() {
            if !capitalized(toks[i].0) {
                i += 1;
                continue;
            }
            // Extend the run: capitalized words, connectors between capitalized words.
            let start = i;
            let mut end = i + 1; // exclusive
            let mut j = i;
            while !toks[j].1 {
                let mut k = j + 1;
                while k < toks.len() && CONNECTORS.contains(&toks[k].0) && !toks[k].1 {
                    k += 1;
                }
                if k < toks.len() && capitalized(toks[k].0) {
                    end = k + 1;
                    j = k;
                } else {
                    break;
                }
            }
            i = end;
            let mut s = start;
            if s == 0 {
                let first = toks[0].0;
                if SENTENCE_STARTERS.contains(&first) || lower_words.contains(&first.to_lowercase())
                {
                    s = 1;
                }
            }
            while s < end && !capitalized(toks[s].0) {
                s += 1;
            }
            let words: Vec<&str> = toks[s..end].iter().map(|t| t.0).collect();
            if words.iter().filter(|w| capitalized(w)).count() < 2 {
                continue;
            }
            let name = words.join(" ");
            if known.contains(name.as_str()) {
                continue;
            }
            found
                .entry(name.clone())
                .or_insert_with(|| Suggestion {
                    name,
                    count: 0,
                    unit: unit.to_string(),
                    example: sentence.to_string(),
                })
                .count += 1;
        }
    }
    let mut v: Vec<Suggestion> = found.into_values().collect();
    v.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.name.cmp(&b.name)));
    v
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::glossary::parse_csv;
    use std::path::Path;

    #[test]
    fn multi_word_names_without_entries_are_counted() {
        let g = Glossary::from_entries(
            parse_csv(
                "en,kk\nKhalida Aqytkhan,Халида Ақытхан\n".as_bytes(),
                Path::new("g.csv"),
            )
            .unwrap(),
        );
        let s = suggest_names(
            &g,
            "en",
            &[
                ("u1", "Police in Almaty detained activists outside the Chinese Consulate."),
                ("u2", "The U.S. State Department said so, Khalida Aqytkhan told RFE/RL."),
                ("u3", "Nurgul Ibraeva, the wife of the leader of the Real Volunteers of the Fatherland group, spoke."),
                ("u4", "Chinese Consulate's staff watched; the police left."),
                ("u5", "Police Detain Activists Who Picketed Chinese Consulate In Almaty"),
            ],
        );
        let got: Vec<(&str, usize)> = s.iter().map(|s| (s.name.as_str(), s.count)).collect();
        assert_eq!(
            got,
            vec![
                ("Chinese Consulate", 2),
                ("Nurgul Ibraeva", 1),
                ("Real Volunteers of the Fatherland", 1),
                ("U.S. State Department", 1),
            ]
        );
        assert_eq!(s[0].unit, "u1");
    }
}
