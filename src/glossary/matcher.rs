//! Finding glossary terms in text with one Aho–Corasick automaton per language.
//!
//! Source terms are matched exactly (NFC, case-sensitive) as whole words, leftmost-longest.
//! Target renderings are matched in *folded* text (see [`super::morph::fold`]): each
//! rendering contributes the prefixes of its inflected forms; a prefix found at a word
//! start counts only when the letters after it, up to the end of the word, are one of the
//! endings its rule allows ("a stem followed by letters that are not a valid ending is not
//! a match"). All automata scan the text once, whatever the number of terms.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};

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
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct TermHit {
    /// Index of the entry in the glossary.
    pub entry: u32,
    /// Accepted or forbidden.
    pub role: Role,
    /// Byte offset of the first byte.
    pub start: usize,
    /// Byte offset one past the last byte.
    pub end: usize,
}

/// A small, fast hasher for the short ending strings looked up on every hit.
#[derive(Default)]
struct FxHasher(u64);

impl Hasher for FxHasher {
    fn write(&mut self, bytes: &[u8]) {
        const K: u64 = 0x517c_c1b7_2722_0a95;
        for c in bytes.chunks(8) {
            let mut b = [0u8; 8];
            b[..c.len()].copy_from_slice(c);
            self.0 = (self.0.rotate_left(5) ^ u64::from_le_bytes(b)).wrapping_mul(K);
        }
    }
    fn write_u8(&mut self, i: u8) {
        self.write(&[i]);
    }
    fn finish(&self) -> u64 {
        self.0
    }
}

type TailSet = HashSet<Box<str>, BuildHasherDefault<FxHasher>>;

/// One inflected form family of a rendering: these exact words, separated by any
/// whitespace, then a word starting with `last` and ending in one of the `tails`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct Family {
    words: Box<[Box<str>]>,
    last: Box<str>,
    tails: u32,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct PatHit {
    entry: u32,
    role: Role,
    family: u32,
}

/// A [`Family`] stored flat: its words joined by [`SEP`] at `start..end` of the arena.
#[derive(Debug, Clone, Copy)]
struct FlatFamily {
    start: u32,
    end: u32,
    tails: u32,
}

/// Separates the words of a family in the arena (a control character no term holds).
const SEP: char = '\u{1}';

/// One language's automaton. Its patterns are the common prefix of the first words of an
/// entry's forms; every hit is verified against the form families. Everything a hit
/// touches is stored flat, for few cache misses.
#[derive(Debug)]
struct Side {
    ac: AhoCorasick,
    /// Hits of pattern `p`: `hits[pat_start[p]..pat_start[p + 1]]`.
    pat_start: Vec<u32>,
    hits: Vec<PatHit>,
    families: Vec<FlatFamily>,
    arena: String,
    tails: Vec<TailSet>,
    folded: bool,
}

#[derive(Default)]
struct SideBuilder {
    patterns: Vec<String>,
    index: HashMap<String, usize>,
    pats: Vec<Vec<PatHit>>,
    families: Vec<Family>,
    family_index: HashMap<Family, u32>,
    tails_index: HashMap<Tails, u32>,
    tails: Vec<TailSet>,
}

/// The longest common prefix of two strings, on a character boundary.
fn common_prefix<'a>(a: &'a str, b: &str) -> &'a str {
    let n = a
        .char_indices()
        .zip(b.chars())
        .find(|((_, x), y)| x != y)
        .map_or(a.len().min(b.len()), |((i, _), _)| i);
    &a[..n]
}

impl SideBuilder {
    fn tails_id(&mut self, tails: Tails) -> u32 {
        if let Some(&t) = self.tails_index.get(&tails) {
            return t;
        }
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

    fn family_id(&mut self, f: Family) -> u32 {
        if let Some(&i) = self.family_index.get(&f) {
            return i;
        }
        self.families.push(f.clone());
        let i = (self.families.len() - 1) as u32;
        self.family_index.insert(f, i);
        i
    }

    /// Adds the forms of one rendering (or variant) of entry `entry`.
    fn add(&mut self, forms: Vec<morph::Form>, entry: u32, role: Role) {
        let mut fams = Vec::new();
        let mut key: Option<String> = None;
        for f in forms {
            let mut words: Vec<Box<str>> = f.prefix.split_whitespace().map(Box::from).collect();
            let Some(last) = words.pop() else { continue };
            let first: &str = words.first().unwrap_or(&last);
            key = Some(match key {
                None => first.to_string(),
                Some(k) => common_prefix(&k, first).to_string(),
            });
            let tails = self.tails_id(f.tails);
            fams.push(self.family_id(Family {
                words: words.into_boxed_slice(),
                last,
                tails,
            }));
        }
        let Some(key) = key.filter(|k| !k.is_empty()) else {
            return;
        };
        let i = match self.index.get(&key) {
            Some(&i) => i,
            None => {
                self.patterns.push(key.clone());
                self.pats.push(Vec::new());
                self.index.insert(key, self.patterns.len() - 1);
                self.patterns.len() - 1
            }
        };
        for family in fams {
            let hit = PatHit {
                entry,
                role,
                family,
            };
            if !self.pats[i].contains(&hit) {
                self.pats[i].push(hit);
            }
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
        let mut arena = String::new();
        let families = self
            .families
            .iter()
            .map(|f| {
                let start = arena.len() as u32;
                for w in f.words.iter() {
                    arena.push_str(w);
                    arena.push(SEP);
                }
                arena.push_str(&f.last);
                FlatFamily {
                    start,
                    end: arena.len() as u32,
                    tails: f.tails,
                }
            })
            .collect();
        let mut pat_start = Vec::with_capacity(self.pats.len() + 1);
        let mut hits = Vec::new();
        for p in &self.pats {
            pat_start.push(hits.len() as u32);
            hits.extend_from_slice(p);
        }
        pat_start.push(hits.len() as u32);
        Some(Side {
            ac,
            pat_start,
            hits,
            families,
            arena,
            tails: self.tails,
            folded,
        })
    }
}

/// Whether `c` belongs to a word (letters, digits, combining marks). Latin and
/// Cyrillic are answered from their code point ranges (the general lookup is slow).
#[inline]
pub fn is_word_char(c: char) -> bool {
    match c as u32 {
        0..=0x7F => c.is_ascii_alphanumeric(),
        // Latin-1 letters (not × ÷), Latin Extended-A/B, IPA, combining diacritics.
        0xC0..=0x24F => c != '\u{D7}' && c != '\u{F7}',
        0x250..=0x2AF | 0x300..=0x36F => true,
        // Cyrillic and Cyrillic Supplement, except the signs ҂ and the combining titlos
        // (which still join a word).
        0x400..=0x52F => true,
        _ => c.is_alphanumeric(),
    }
}

/// Length of the run of word characters at the start of `s`.
fn word_len(s: &str) -> usize {
    s.char_indices()
        .find(|&(_, c)| !is_word_char(c))
        .map_or(s.len(), |(i, _)| i)
}

impl Side {
    /// Where a form of family `f` starting at byte `s` of `text` ends, if it is there.
    fn verify(&self, f: FlatFamily, text: &str, s: usize) -> Option<usize> {
        let mut pos = s;
        let mut parts = self.arena[f.start as usize..f.end as usize].split(SEP);
        let last = parts.next_back().unwrap_or("");
        for w in parts {
            let rest = &text[pos..];
            if !rest.starts_with(w) || word_len(&rest[w.len()..]) != 0 {
                return None;
            }
            pos += w.len();
            let gap: usize = text[pos..]
                .chars()
                .take_while(|c| c.is_whitespace())
                .map(char::len_utf8)
                .sum();
            if gap == 0 {
                return None;
            }
            pos += gap;
        }
        if !text[pos..].starts_with(last) {
            return None;
        }
        pos += last.len();
        let tail = word_len(&text[pos..]);
        self.tails[f.tails as usize]
            .contains(&text[pos..pos + tail])
            .then_some(pos + tail)
    }

    /// Every valid hit in `text` (already folded when the side is folded).
    fn scan(&self, text: &str, out: &mut Vec<TermHit>) {
        // Hits found so far, in a set: a hostile text may hold a term very many times.
        let mut found: HashSet<TermHit, BuildHasherDefault<FxHasher>> =
            out.iter().copied().collect();
        for m in self.ac.find_overlapping_iter(text) {
            let s = m.start();
            if text[..s].chars().next_back().is_some_and(is_word_char) {
                continue;
            }
            let p = m.pattern().as_usize();
            let range = self.pat_start[p] as usize..self.pat_start[p + 1] as usize;
            for h in &self.hits[range] {
                if let Some(end) = self.verify(self.families[h.family as usize], text, s) {
                    let hit = TermHit {
                        entry: h.entry,
                        role: h.role,
                        start: s,
                        end,
                    };
                    if found.insert(hit) {
                        out.push(hit);
                    }
                }
            }
        }
    }
}

/// A compiled glossary: what to look for in source and target segments.
#[derive(Debug)]
pub struct TermMatcher {
    source: Option<Side>,
    targets: BTreeMap<String, Side>,
}

impl TermMatcher {
    /// Compiles `glossary` for sources in `source_lang` (e.g. `en`); every other language
    /// of the glossary becomes a target side with its inflected forms.
    pub fn new(glossary: &Glossary, source_lang: &str) -> TermMatcher {
        let source_lang = crate::lang::canonical(source_lang);
        let mut src = SideBuilder::default();
        let mut tgt: BTreeMap<String, SideBuilder> = BTreeMap::new();
        for (i, e) in glossary.entries.iter().enumerate() {
            let i = i as u32;
            for (lang, terms) in &e.terms {
                if crate::lang::primary(lang) == crate::lang::primary(&source_lang) {
                    for t in terms.accepted() {
                        src.add(morph::source_forms(lang, t), i, Role::Accepted);
                    }
                    continue;
                }
                let b = tgt.entry(lang.clone()).or_default();
                for t in terms.accepted() {
                    b.add(morph::forms(lang, t, e.gender), i, Role::Accepted);
                }
                for (k, t) in terms.forbidden.iter().enumerate() {
                    b.add(
                        morph::forms(lang, t, e.gender),
                        i,
                        Role::Forbidden(k as u16),
                    );
                }
            }
        }
        TermMatcher {
            source: src.build(false),
            targets: tgt
                .into_iter()
                .filter_map(|(l, b)| b.build(true).map(|s| (l, s)))
                .collect(),
        }
    }

    /// The target side for `lang` (exact tag or primary subtag), as an index for
    /// [`TermMatcher::find_target_in`].
    pub fn target(&self, lang: &str) -> Option<usize> {
        let side = lookup_lang(&self.targets, lang)?;
        self.targets.values().position(|s| std::ptr::eq(s, side))
    }

    /// Source terms in `text`: whole words, case-sensitive, leftmost-longest and
    /// non-overlapping ("Almaty region" wins over "Almaty").
    pub fn find_source(&self, text: &str) -> Vec<TermHit> {
        let Some(side) = &self.source else {
            return Vec::new();
        };
        let mut all = Vec::new();
        side.scan(text, &mut all);
        if all.len() <= 1 {
            return all;
        }
        all.sort_by_key(|h| (h.start, std::cmp::Reverse(h.end), h.entry));
        let mut out: Vec<TermHit> = Vec::with_capacity(all.len());
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
    pub fn find_target(&self, lang: &str, text: &str, buf: &mut String) -> Vec<TermHit> {
        match self.target(lang) {
            Some(t) => self.find_target_in(t, text, buf),
            None => Vec::new(),
        }
    }

    /// [`TermMatcher::find_target`] for a side found with [`TermMatcher::target`].
    pub fn find_target_in(&self, target: usize, text: &str, buf: &mut String) -> Vec<TermHit> {
        let mut out = Vec::new();
        if let Some(side) = self.targets.values().nth(target) {
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

    fn matcher(csv: &str) -> (Glossary, TermMatcher) {
        let g = Glossary::from_entries(parse_csv(csv.as_bytes(), Path::new("g.csv")).unwrap());
        let m = TermMatcher::new(&g, "en");
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
    fn english_source_terms_are_found_in_their_plural_and_possessive() {
        let (_, m) = matcher(
            "en,kk\ndetention center,қамау орны\nreeducation camp,қайта тәрбиелеу лагері\n\
             RFE/RL,Азаттық\n",
        );
        let found = |t: &'static str| -> Vec<&'static str> {
            m.find_source(t)
                .iter()
                .map(|h| &t[h.start..h.end])
                .collect()
        };
        assert_eq!(found("two detention centers"), ["detention centers"]);
        assert_eq!(found("the reeducation camp's gate"), ["reeducation camp"]);
        assert_eq!(found("the reeducation camps' gates"), ["reeducation camps"]);
        assert_eq!(found("RFE/RL's reporter"), ["RFE/RL"]);
        assert!(found("detention centerss and reeducation campus").is_empty());
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
    fn words_of_a_term_may_be_separated_by_any_whitespace() {
        let (_, m) =
            matcher("en,kk,ru,gender\nBaibolat Kunbolat,Байболат Күнболат,Байболат Кунболат,m\n");
        let mut buf = String::new();
        assert_eq!(
            m.find_target("kk", "Байболат\nКүнболатқа", &mut buf).len(),
            1
        );
        assert_eq!(
            m.find_target("ru", "Байболата\u{a0}Кунболата", &mut buf)
                .len(),
            1
        );
        assert_eq!(
            m.find_target("ru", "Байболата Кунболатом", &mut buf).len(),
            0
        );
        assert_eq!(
            m.find_target("ru", "Байболата-Кунболата", &mut buf).len(),
            0
        );
        assert_eq!(m.find_source("Baibolat\n  Kunbolat said").len(), 1);
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
