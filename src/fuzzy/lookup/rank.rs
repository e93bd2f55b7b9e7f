//! The last step of a lookup: [`best_first`] ranks the verified units.

use std::cmp::{Ordering, Reverse};

use super::sources::Sources;
use super::verify::Verified;
use crate::fuzzy::score::char_similarity;
use crate::text::tokenize::Tokens;

/// Orders matches best first and keeps `limit` (0 = all). Character similarity is computed
/// only for matches that can still make the cut.
///
/// Ties at the cut (often hundreds of units of one template scoring the same) are ranked by
/// character similarity, and only the best of them are kept: their similarities are
/// computed in decreasing order of an upper bound that needs only the lengths (a
/// Levenshtein distance is at least the difference of the lengths), and the rest are
/// dropped once their bound is below the similarities of the ties already holding the
/// places left. The kept matches and their order are those of computing every similarity.
pub(super) fn best_first(
    q: &Tokens,
    found: &mut Vec<Verified>,
    limit: usize,
    sources: &mut Sources,
) {
    found.sort_by_key(|v| Reverse(v.score));
    let keep = if limit == 0 {
        found.len()
    } else {
        limit.min(found.len())
    };
    if keep == 0 {
        return;
    }
    // Sorted by score: the matches below the cut are the tail.
    let cut = found[keep - 1].score;
    let below = found.partition_point(|v| v.score >= cut);
    for v in found.drain(below..) {
        sources.give(v.source);
    }
    // Both texts are NFC; trimming after normalizing is trimming before.
    let query = q.text.trim();
    let above = found.partition_point(|v| v.score > cut);
    for v in &mut found[..above] {
        v.char_similarity = char_similarity(query, v.source.text().trim());
    }
    similarities_at_the_cut(query, &mut found[above..], keep - above);
    found.sort_by(|a, b| {
        b.score
            .cmp(&a.score)
            .then_with(|| {
                b.char_similarity
                    .partial_cmp(&a.char_similarity)
                    .unwrap_or(Ordering::Equal)
            })
            .then_with(|| b.changed_at.cmp(&a.changed_at))
            .then_with(|| b.id.cmp(&a.id))
    });
    for v in found.drain(keep..) {
        sources.give(v.source);
    }
}

/// A similarity below any real one (0–1): the ties not computed, which cannot make the cut.
const LEFT_OUT: f64 = -1.0;

/// Margin for the float arithmetic of the bound: a tie is left out only when its bound is
/// below the similarities it would have to beat by more than this.
const EPSILON: f64 = 1e-9;

/// Computes the character similarity of the ties at the cut that can take one of the
/// `places` left (the others get [`LEFT_OUT`]).
fn similarities_at_the_cut(query: &str, ties: &mut [Verified], places: usize) {
    if places >= ties.len() {
        for v in ties.iter_mut() {
            v.char_similarity = char_similarity(query, v.source.text().trim());
        }
        return;
    }
    let q_len = query.chars().count();
    let mut order: Vec<(f64, usize)> = ties
        .iter()
        .enumerate()
        .map(|(i, v)| {
            (
                length_bound(q_len, v.source.text().trim().chars().count()),
                i,
            )
        })
        .collect();
    order.sort_by(|a, b| b.0.partial_cmp(&a.0).unwrap_or(Ordering::Equal));
    // The best `places` similarities so far, increasing (few: `places` ≤ the limit).
    let mut best: Vec<f64> = Vec::with_capacity(places + 1);
    for v in ties.iter_mut() {
        v.char_similarity = LEFT_OUT;
    }
    for (bound, i) in order {
        if best.len() >= places && bound + EPSILON < best[0] {
            // Every tie left has a bound at most this one: none beats the places' holders.
            break;
        }
        let s = char_similarity(query, ties[i].source.text().trim());
        ties[i].char_similarity = s;
        let at = best.partition_point(|&b| b < s);
        best.insert(at, s);
        if best.len() > places {
            best.remove(0);
        }
    }
}

/// The highest character similarity two texts of `a` and `b` characters can have.
fn length_bound(a: usize, b: usize) -> f64 {
    let longer = a.max(b);
    if longer == 0 {
        return 1.0;
    }
    1.0 - a.abs_diff(b) as f64 / longer as f64
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fuzzy::lookup::sources::KeptSource;
    use crate::fuzzy::score::score;
    use proptest::prelude::*;

    fn verified(q: &Tokens, id: i64, text: &str, points: u32, changed_at: &str) -> Verified {
        let mut v = Verified::new(
            id,
            score(q, &Tokens::new(text)),
            KeptSource::Text(text.to_string()),
            changed_at,
        );
        v.score = points;
        v
    }

    fn ranked(q: &Tokens, units: &[(String, u32, String)], limit: usize) -> Vec<(i64, u32)> {
        let mut found: Vec<Verified> = units
            .iter()
            .enumerate()
            .map(|(i, (t, s, c))| verified(q, i as i64, t, *s, c))
            .collect();
        best_first(q, &mut found, limit, &mut Sources::default());
        found.iter().map(|v| (v.id, v.score)).collect()
    }

    proptest! {
        /// Leaving out ties whose length bound cannot beat the places' holders keeps the
        /// ranking of computing every similarity: the head of the full ranking.
        #[test]
        fn the_head_is_that_of_ranking_every_match(
            units in proptest::collection::vec(
                ("[ab ]{0,12}", 80u32..83, "[0-2]"), 0..40),
            limit in 1usize..8,
        ) {
            let q = Tokens::new("ab ba ab");
            let all = ranked(&q, &units, 0);
            let head = ranked(&q, &units, limit);
            prop_assert_eq!(&all[..limit.min(all.len())], &head[..]);
        }
    }

    #[test]
    fn ties_at_the_cut_are_ranked_by_character_similarity() {
        let q = Tokens::new("Police detained two activists.");
        let units: Vec<(String, u32, String)> = [
            ("Police detained twenty activists in Almaty yesterday.", 90),
            ("Police detained ten activists.", 90),
            ("Police detained two activists!", 90),
            ("Police detained two activists.", 100),
            ("Police held two activists.", 80),
        ]
        .iter()
        .map(|(t, s)| (t.to_string(), *s, "t".to_string()))
        .collect();
        assert_eq!(ranked(&q, &units, 2), [(3, 100), (2, 90)]);
        assert_eq!(ranked(&q, &units, 3), [(3, 100), (2, 90), (1, 90)]);
    }
}
