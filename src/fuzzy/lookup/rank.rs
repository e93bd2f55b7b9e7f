//! The last step of a lookup: [`best_first`] ranks the verified units.

use std::cmp::{Ordering, Reverse};

use super::sources::Sources;
use super::verify::Verified;
use crate::fuzzy::score::char_similarity;
use crate::text::tokenize::Tokens;

/// Orders matches best first and keeps `limit` (0 = all). Character similarity is computed
/// only for matches that can still make the cut.
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
    for v in found.iter_mut() {
        // Both texts are NFC; trimming after normalizing is trimming before.
        v.char_similarity = char_similarity(q.text.trim(), v.source.text().trim());
    }
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
