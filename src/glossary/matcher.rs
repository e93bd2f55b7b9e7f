//! Finding glossary terms in text with one Aho–Corasick automaton per language.
//!
//! Source terms are matched exactly (NFC, case-sensitive) as whole words, leftmost-longest.
//! Target renderings are matched in *folded* text (see [`super::morph::fold`]): each
//! rendering contributes the prefixes of its inflected forms; a prefix found at a word
//! start counts only when the letters after it, up to the end of the word, are one of the
//! endings its rule allows ("a stem followed by letters that are not a valid ending is not
//! a match"). All automata scan the text once, whatever the number of terms.

use std::collections::{BTreeMap, HashMap, HashSet};

use aho_corasick::{AhoCorasick, MatchKind};

use super::morph::{self, Tails};
use super::{lookup_lang, Glossary};

/// What a target match stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Role {
    /// A preferred or allowed rendering.
    Accepted,
    /// A forbidden variant (index into the entry's `forbidden` list).
    Forbidden(u16),
}

/// A glossary term found in a text: byte range `start..end` (a whole word sequence,
/// ending included).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hit {
    /// Index of the entry in the glossary.
    pub entry: u32,
    /// Accepted or forbidden.
    pub role: Role,
    /// Byte offset of the first byte.
    pub start: usize,
    /// Byte offset one past the last byte.
    pub end: usize,
}

#[derive(Debug, Clone, Copy)]
struct PatHit {
    entry: u32,
    role: Role,
    tails: u32,
}

/// One language's automaton.
#[derive(Debug)]
struct Side {
    ac: AhoCorasick,
    pats: Vec<Vec<PatHit>>,
    tails: Vec<HashSet<Box<str>>>,
    folded: bool,
}

#[derive(Default)]
struct SideBuilder {
    patterns: Vec<String>,
    index: HashMap<String, usize>,
    pats: Vec<Vec<PatHit>>,
    tails_index: HashMap<Tails, u32>,
    tails: Vec<HashSet<Box<str>>>,
}

impl SideBuilder {
    fn add(&mut self, prefix: String, tails: Tails, entry: u32, role: Role) {
        if prefix.is_empty() {
            return;
        }
        let t = match self.tails_index.get(&tails) {
            Some(&t) => t,
            None => {
                let set = tails
                    .expand()
                    .into_iter()
                    .map(String::into_boxed_str)
                    .collect();
                self.tails.push(set);
                let t = (self.tails.len() - 1) as u32;
                self.tails_index.insert(tails, t);
                t
            }
        };
        let i = match self.index.get(&prefix) {
            Some(&i) => i,
            None => {
                self.patterns.push(prefix.clone());
                self.pats.push(Vec::new());
                self.index.insert(prefix, self.patterns.len() - 1);
                self.patterns.len() - 1
            }
        };
        let hit = PatHit {
            entry,
            role,
            tails: t,
        };
        if !self.pats[i]
            .iter()
            .any(|h| h.entry == entry && h.role == role && h.tails == t)
        {
            self.pats[i].push(hit);
        }
    }

    fn build(self, folded: bool) -> Option<Side> {
        if self.patterns.is_empty() {
            return None;
        }
        let ac = AhoCorasick::builder()
            .match_kind(MatchKind::Standard)
            .build(&self.patterns)
            .ok()?;
        Some(Side {
            ac,
            pats: self.pats,
            tails: self.tails,
            folded,
        })
    }
}

/// Whether `c` belongs to a word (letters, digits, combining marks).
#[inline]
pub fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || ('\u{300}'..='\u{36f}').contains(&c)
}

impl Side {
    /// Every valid hit in `text` (already folded when the side is folded).
    fn scan(&self, text: &str, out: &mut Vec<Hit>) {
        for m in self.ac.find_overlapping_iter(text) {
            let (s, e) = (m.start(), m.end());
            if text[..s].chars().next_back().is_some_and(is_word_char) {
                continue;
            }
            let tail_len: usize = text[e..]
                .chars()
                .take_while(|&c| is_word_char(c))
                .map(char::len_utf8)
                .sum();
            let tail = &text[e..e + tail_len];
            for h in &self.pats[m.pattern().as_usize()] {
                if self.tails[h.tails as usize].contains(tail) {
                    out.push(Hit {
                        entry: h.entry,
                        role: h.role,
                        start: s,
                        end: e + tail_len,
                    });
                }
            }
        }
    }
}

/// A compiled glossary: what to look for in source and target segments.
#[derive(Debug)]
pub struct Matcher {
    source_lang: String,
    source: Option<Side>,
    targets: BTreeMap<String, Side>,
}

impl Matcher {
    /// Compiles `glossary` for sources in `source_lang` (e.g. `en`); every other language
    /// of the glossary becomes a target side with its inflected forms.
    pub fn new(glossary: &Glossary, source_lang: &str) -> Matcher {
        let source_lang = crate::lang::canonical(source_lang);
        let mut src = SideBuilder::default();
        let mut tgt: BTreeMap<String, SideBuilder> = BTreeMap::new();
        for (i, e) in glossary.entries.iter().enumerate() {
            let i = i as u32;
            for (lang, terms) in &e.terms {
                if crate::lang::primary(lang) == crate::lang::primary(&source_lang) {
                    for t in terms.accepted() {
                        src.add(t.to_string(), Tails::exact(), i, Role::Accepted);
                    }
                    continue;
                }
                let b = tgt.entry(lang.clone()).or_default();
                for t in terms.accepted() {
                    for f in morph::forms(lang, t, e.gender) {
                        b.add(f.prefix, f.tails, i, Role::Accepted);
                    }
                }
                for (k, t) in terms.forbidden.iter().enumerate() {
                    for f in morph::forms(lang, t, e.gender) {
                        b.add(f.prefix, f.tails, i, Role::Forbidden(k as u16));
                    }
                }
            }
        }
        Matcher {
            source_lang,
            source: src.build(false),
            targets: tgt
                .into_iter()
                .filter_map(|(l, b)| b.build(true).map(|s| (l, s)))
                .collect(),
        }
    }

    /// The source language this matcher was built for.
    pub fn source_lang(&self) -> &str {
        &self.source_lang
    }

    /// Whether the glossary has renderings in `lang` (exact tag or primary subtag).
    pub fn has_target(&self, lang: &str) -> bool {
        lookup_lang(&self.targets, lang).is_some()
    }

    /// Source terms in `text`: whole words, case-sensitive, leftmost-longest and
    /// non-overlapping ("Almaty region" wins over "Almaty").
    pub fn find_source(&self, text: &str) -> Vec<Hit> {
        let Some(side) = &self.source else {
            return Vec::new();
        };
        let mut all = Vec::new();
        side.scan(text, &mut all);
        if all.len() <= 1 {
            return all;
        }
        all.sort_by_key(|h| (h.start, std::cmp::Reverse(h.end), h.entry));
        let mut out: Vec<Hit> = Vec::with_capacity(all.len());
        let mut covered = 0;
        for h in all {
            match out.last() {
                Some(last) if last.start == h.start && last.end == h.end => out.push(h),
                _ if h.start >= covered => {
                    covered = h.end;
                    out.push(h);
                }
                _ => {}
            }
        }
        out
    }

    /// Renderings (accepted and forbidden) in a `lang` segment, in any inflected form,
    /// overlapping allowed. `buf` is scratch space for the folded text.
    pub fn find_target(&self, lang: &str, text: &str, buf: &mut String) -> Vec<Hit> {
        let mut out = Vec::new();
        if let Some(side) = lookup_lang(&self.targets, lang) {
            if side.folded {
                morph::fold_into(text, buf);
                side.scan(buf, &mut out);
            } else {
                side.scan(text, &mut out);
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::glossary::parse_csv;
    use std::path::Path;

    fn matcher(csv: &str) -> (Glossary, Matcher) {
        let g = Glossary::from_entries(parse_csv(csv.as_bytes(), Path::new("g.csv")).unwrap());
        let m = Matcher::new(&g, "en");
        (g, m)
    }

    #[test]
    fn source_terms_are_whole_case_sensitive_words_longest_first() {
        let (_, m) = matcher("en,kk\nAlmaty,Алматы\nAlmaty region,Алматы облысы\nRFE/RL,Азаттық\n");
        let hits = m.find_source(
            "In Almaty region and Almaty's centre, RFE/RL's reporter; not ALMATY or Almatyx.",
        );
        let words: Vec<u32> = hits.iter().map(|h| h.entry).collect();
        assert_eq!(words, vec![1, 0, 2]);
    }

    #[test]
    fn target_stem_with_a_wrong_ending_is_not_a_match() {
        let (_, m) = matcher("en,kk\nKunbolat,Күнболат\n");
        let mut buf = String::new();
        let find = |t: &str, buf: &mut String| m.find_target("kk", t, buf).len();
        assert_eq!(find("Күнболаттың үйі", &mut buf), 1);
        assert_eq!(find("КҮНБОЛАТТЫҢ үйі", &mut buf), 1);
        assert_eq!(find("Күнболатның үйі", &mut buf), 0);
        assert_eq!(find("Күнболатовтың", &mut buf), 0);
        assert_eq!(find("Бекүнболат", &mut buf), 0);
    }

    #[test]
    fn forbidden_variants_are_found_inflected() {
        let (_, m) = matcher("en,ru,ru:forbidden,kk,kk:forbidden\nAlmaty,Алматы,Алма-Ата,Алматы,\nXinjiang,Синьцзян,,Шыңжаң,Синьцзян\n");
        let mut buf = String::new();
        let hits = m.find_target("ru", "Он жил в Алма-Ате.", &mut buf);
        assert_eq!(hits.len(), 1);
        assert_eq!(hits[0].role, Role::Forbidden(0));
        let hits = m.find_target("kk-KZ", "Синьцзяндағы лагерь", &mut buf);
        assert_eq!(hits[0].role, Role::Forbidden(0));
        assert_eq!(hits[0].entry, 1);
    }
}
