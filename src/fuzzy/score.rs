//! The match score: word-level edit distance over content tokens, minus small penalties
//! for differences that are not word edits (case, punctuation, number values, spacing).
//!
//! `score = floor(100 × (L − d) / L) − penalties`, clamped to 0–100, where `d` is the
//! Levenshtein distance between the content-token keys of the query and the TM source and
//! `L` the longer of the two lengths. 100 means the NFC texts are identical; 101 (context
//! match) is given by the lookup, never here.

use serde::Serialize;

use super::distance::{align, Op, Pattern};
use crate::text::tokenize::{Kind, Tokens};

/// Penalties (in match-% points) applied after the word-level similarity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct Penalties {
    /// Some words match only when case-folded (or differ in apostrophe/hyphen style): 1.
    pub case: bool,
    /// The sequence of punctuation marks differs: 1.
    pub punctuation: bool,
    /// Aligned numbers with different values: 1 each.
    pub numbers: u32,
    /// Nothing above differs but the texts do (spacing, number formatting): 1.
    pub other: bool,
    /// The TM source has inline codes (`<bpt>`, `<ph>`, …) that the query does not: 1, as
    /// CAT tools take off for a tag difference. Given by the lookup when it reads the unit,
    /// never here (the score is on the plain text).
    pub tags: bool,
}

impl Penalties {
    /// Total points taken off.
    pub fn total(&self) -> u32 {
        u32::from(self.case)
            + u32::from(self.punctuation)
            + self.numbers
            + u32::from(self.other)
            + u32::from(self.tags)
    }
}

/// A number that differs between the query and a match (`None` when absent on that side).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NumberDiff {
    /// The number in the query.
    pub query: Option<String>,
    /// The number in the TM source.
    pub tm: Option<String>,
}

/// The full score of one TM source against a query.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Scored {
    /// Match % (0–100).
    pub score: u32,
    /// Word-level similarity % before penalties.
    pub word_score: u32,
    /// Word-level edit distance.
    pub distance: usize,
    /// Longer content length (tokens).
    pub length: usize,
    /// The penalties taken off.
    pub penalties: Penalties,
    /// Numbers that differ.
    pub numbers: Vec<NumberDiff>,
}

/// `floor(100 × (len − d) / len)`; 100 for two empty texts.
pub fn word_score(distance: usize, len: usize) -> u32 {
    if len == 0 {
        return 100;
    }
    (100 * len.saturating_sub(distance) / len) as u32
}

/// The largest distance at which a text of (longer) length `len` still scores ≥ `min` %
/// before penalties: `floor(len × (100 − min) / 100)`.
pub fn max_distance(len: usize, min: u32) -> usize {
    len * (100 - min.min(100) as usize) / 100
}

/// Scores TM source `s` against query `q`.
pub fn score(q: &Tokens, s: &Tokens) -> Scored {
    let qk: Vec<&str> = q.content_keys().collect();
    let sk: Vec<&str> = s.content_keys().collect();
    let (distance, ops) = align(&qk, &sk);
    scored(q, s, distance, &ops)
}

/// [`score`], for a query prepared as `pattern` (its content keys): the alignment is
/// computed over local ids instead of strings (the same equalities, the same alignment).
/// `ids` is a buffer for the source's ids.
pub fn score_with(pattern: &Pattern, q: &Tokens, s: &Tokens, ids: &mut Vec<u32>) -> Scored {
    pattern.local_ids_into(s.content_keys(), ids);
    let (distance, ops) = align(pattern.ids(), ids);
    scored(q, s, distance, &ops)
}

/// The score of `s` against `q` given their alignment (over content tokens).
fn scored(q: &Tokens, s: &Tokens, distance: usize, ops: &[Op]) -> Scored {
    let length = q.len().max(s.len());
    let word_score = word_score(distance, length);
    let mut p = Penalties::default();
    let mut numbers = Vec::new();
    let qt = |i: usize| &q.toks[q.content[i] as usize];
    let st = |j: usize| &s.toks[s.content[j] as usize];
    for op in ops {
        match *op {
            Op::Same(i, j) => {
                let (a, b) = (qt(i), st(j));
                match a.kind {
                    Kind::Number if q.digits(a) != s.digits(b) => {
                        p.numbers += 1;
                        numbers.push(NumberDiff {
                            query: Some(q.raw(a).to_string()),
                            tm: Some(s.raw(b).to_string()),
                        });
                    }
                    Kind::Word if q.raw(a) != s.raw(b) => p.case = true,
                    _ => {}
                }
            }
            Op::Change(i, j) => {
                let (a, b) = (qt(i), st(j));
                if a.kind == Kind::Number || b.kind == Kind::Number {
                    numbers.push(NumberDiff {
                        query: (a.kind == Kind::Number).then(|| q.raw(a).to_string()),
                        tm: (b.kind == Kind::Number).then(|| s.raw(b).to_string()),
                    });
                }
            }
            Op::OnlyA(i) if qt(i).kind == Kind::Number => numbers.push(NumberDiff {
                query: Some(q.raw(qt(i)).to_string()),
                tm: None,
            }),
            Op::OnlyB(j) if st(j).kind == Kind::Number => numbers.push(NumberDiff {
                query: None,
                tm: Some(s.raw(st(j)).to_string()),
            }),
            _ => {}
        }
    }
    p.punctuation = !punct_keys(q).eq(punct_keys(s));
    p.other = distance == 0 && p.total() == 0 && q.text.trim() != s.text.trim();
    let score = word_score.saturating_sub(p.total());
    Scored {
        score,
        word_score,
        distance,
        length,
        penalties: p,
        numbers,
    }
}

/// The keys of the punctuation marks of `t`, in order.
fn punct_keys(t: &Tokens) -> impl Iterator<Item = &str> + '_ {
    t.toks
        .iter()
        .filter(|x| x.kind == Kind::Punct)
        .map(move |x| t.key(x))
}

/// Character-level similarity in 0–1 (1 − Levenshtein / longer length, over chars), the
/// first tie-breaker between equal scores. rapidfuzz's bit-parallel Levenshtein: 8× faster
/// than strsim's DP on news sentences (see `benches/lookup.rs`).
///
/// The distance is taken between the parts that differ: a common prefix and suffix
/// change no Levenshtein distance, and ties at the cut (one template with a number or a
/// name changed) share most of their text. The result is exactly that of rapidfuzz's
/// `normalized_similarity` over the whole texts (`1 − d / longer`, 1 for two empty texts).
pub fn char_similarity(a: &str, b: &str) -> f64 {
    let longer = a.chars().count().max(b.chars().count());
    if longer == 0 {
        return 1.0;
    }
    let (a, b) = differing_parts(a, b);
    let d = rapidfuzz::distance::levenshtein::distance(a.chars(), b.chars());
    1.0 - d as f64 / longer as f64
}

/// `a` and `b` without their longest common prefix and suffix of whole characters (the
/// suffix taken from what the prefix leaves).
fn differing_parts<'t>(a: &'t str, b: &'t str) -> (&'t str, &'t str) {
    let (x, y) = (a.as_bytes(), b.as_bytes());
    let mut p = x.iter().zip(y).take_while(|(u, v)| u == v).count();
    while !(a.is_char_boundary(p) && b.is_char_boundary(p)) {
        p -= 1;
    }
    let (a, b) = (&a[p..], &b[p..]);
    let (x, y) = (a.as_bytes(), b.as_bytes());
    let mut s = x
        .iter()
        .rev()
        .zip(y.iter().rev())
        .take_while(|(u, v)| u == v)
        .count();
    while !(a.is_char_boundary(a.len() - s) && b.is_char_boundary(b.len() - s)) {
        s -= 1;
    }
    (&a[..a.len() - s], &b[..b.len() - s])
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// Aligning over the pattern's local ids scores as aligning over the keys.
        #[test]
        fn scoring_with_the_pattern_is_scoring_with_the_keys(
            q in "[abAB12,. ]{0,40}",
            s in "[abcAB123,.! ]{0,40}",
        ) {
            let (q, s) = (Tokens::new(&q), Tokens::new(&s));
            let pattern = Pattern::new(q.content_keys());
            prop_assert_eq!(score_with(&pattern, &q, &s, &mut Vec::new()), score(&q, &s));
        }

        /// Leaving out the common prefix and suffix gives exactly the similarity of the
        /// whole texts (multi-byte characters that share their first bytes included).
        #[test]
        fn char_similarity_is_that_of_the_whole_texts(
            head in "[aé€ъ ]{0,12}",
            a in "[aбéъ€1 ]{0,8}",
            b in "[aбéъ€2 ]{0,8}",
            tail in "[aé€ъ ]{0,12}",
        ) {
            let (a, b) = (format!("{head}{a}{tail}"), format!("{head}{b}{tail}"));
            let whole = rapidfuzz::distance::levenshtein::normalized_similarity(a.chars(), b.chars());
            prop_assert_eq!(char_similarity(&a, &b).to_bits(), whole.to_bits());
        }
    }

    fn sc(a: &str, b: &str) -> Scored {
        score(&Tokens::new(a), &Tokens::new(b))
    }

    #[test]
    fn identical_text_is_100_and_only_identical_text_is_100() {
        let s = "Police in Almaty detained several activists.";
        assert_eq!(sc(s, s).score, 100);
        assert_eq!(
            sc(s, "police in Almaty detained several activists.").score,
            99
        );
        assert_eq!(
            sc(s, "Police in Almaty detained several activists!").score,
            99
        );
        assert_eq!(
            sc(s, "Police in Almaty  detained several activists.").score,
            99
        );
        assert_eq!(
            sc(s, "police in Almaty detained several activists!").score,
            98
        );
    }

    #[test]
    fn numbers_differing_cost_a_point_each_and_are_listed() {
        let r = sc(
            "On May 5, 12 people were held.",
            "On May 6, 12 people were held.",
        );
        assert_eq!(r.score, 99);
        assert_eq!(
            r.numbers,
            vec![NumberDiff {
                query: Some("5".into()),
                tm: Some("6".into())
            }]
        );
        assert_eq!(sc("Held 1,000 people.", "Held 1000 people.").score, 99);
    }

    #[test]
    fn word_edits_follow_the_formula() {
        // 8 content tokens, one substituted: floor(100 * 7 / 8) = 87.
        let r = sc(
            "Police in Almaty detained several activists on Tuesday",
            "Police in Almaty arrested several activists on Tuesday",
        );
        assert_eq!((r.distance, r.length, r.score), (1, 8, 87));
        // One word inserted: L = 9, d = 1 → 88.
        let r = sc(
            "Police in Almaty detained several activists on Tuesday",
            "Police in Almaty detained several young activists on Tuesday",
        );
        assert_eq!(r.score, 88);
    }

    #[test]
    fn score_never_exceeds_word_score_and_stays_in_range() {
        let r = sc("A.", "Completely different words here!");
        assert!(r.score <= r.word_score);
        assert_eq!(r.score, 0);
        assert_eq!(max_distance(8, 75), 2);
        assert_eq!(word_score(2, 8), 75);
        assert_eq!(word_score(3, 8), 62);
    }
}
