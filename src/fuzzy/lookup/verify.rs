//! The third step of a lookup: the [`Verifier`] scores candidates exactly, best bound
//! first, into [`Verified`] units.

use std::cmp::Reverse;
use std::collections::BinaryHeap;

use super::collect::Bounded;
use super::plan::QueryPlan;
use super::sources::{KeptSource, Sources};
use super::LookupStats;
use crate::fuzzy::distance::Pattern;
use crate::fuzzy::score::{max_distance, score, word_score, Scored};
use crate::fuzzy::FuzzyError;
use crate::index::IndexReader;
use crate::store::Unit;
use crate::text::tokenize::Tokens;

/// A unit that reached the threshold, before ranking.
#[derive(Debug)]
pub(super) struct Verified {
    pub(super) id: i64,
    /// The match %: `detail.score`, or 101 once the context matched.
    pub(super) score: u32,
    pub(super) detail: Scored,
    /// What is kept of the unit's source.
    pub(super) source: KeptSource,
    /// The unit's last change time (a tie-breaker).
    pub(super) changed_at: String,
    /// Computed by [`best_first`](super::rank::best_first) for the matches that can make
    /// the cut.
    pub(super) char_similarity: f64,
    /// The unit, when it was read before ranking (boxed: most verified units have none,
    /// and a lookup of every match may hold thousands).
    pub(super) unit: Option<Box<Unit>>,
}

impl Verified {
    #[inline]
    pub(super) fn new(id: i64, detail: Scored, source: KeptSource, changed_at: &str) -> Verified {
        Verified {
            id,
            score: detail.score,
            detail,
            source,
            changed_at: changed_at.to_string(),
            char_similarity: 0.0,
            unit: None,
        }
    }
}

/// Scores candidates exactly, best bound first.
pub(super) struct Verifier<'a> {
    pub(super) q: &'a Tokens,
    pub(super) pattern: &'a Pattern,
    pub(super) plan: &'a QueryPlan,
    pub(super) src_lang: &'a str,
}

impl Verifier<'_> {
    /// Scores the candidates (sorted by bound, best first), adding those that reach the
    /// threshold to `out` and their scores to `best`; stops once no remaining candidate can
    /// enter the top `best` keeps. Returns the number of candidates looked at (a prefix of
    /// `candidates`).
    ///
    /// A candidate's token sequence is read first: its exact word score (the bit-parallel
    /// token distance) bounds its score, so a unit whose word score cannot make the cut is
    /// dropped before its source is read and scored.
    pub(super) fn verify(
        &self,
        candidates: &[Bounded],
        best: &mut TopScores,
        out: &mut Vec<Verified>,
        index: &mut IndexReader<'_>,
        sources: &mut Sources,
        stats: &mut LookupStats,
    ) -> Result<usize, FuzzyError> {
        let (m, min) = (self.plan.len, self.plan.min);
        let mut local: Vec<u32> = Vec::with_capacity(64);
        let mut toks = sources.buffer();
        let mut looked = 0;
        for c in candidates {
            if best.excludes(c.bound) {
                break;
            }
            looked += 1;
            stats.candidates += 1;
            local.clear();
            let indexed = index.for_each_token_of(c.unit, |t| local.push(self.plan.local_id(t)))?;
            if !indexed {
                continue;
            }
            let d = self.pattern.distance_local(&local);
            let l = m.max(local.len());
            if d > max_distance(l, min) || best.excludes(word_score(d, l)) {
                continue;
            }
            let Some(unit) = index.source(c.unit)? else {
                continue;
            };
            if unit.src_lang != self.src_lang {
                continue;
            }
            toks.reset(&unit.source_nfc);
            let detail = score(self.q, &toks);
            if detail.score < min {
                continue;
            }
            best.push(detail.score);
            out.push(Verified::new(
                c.unit,
                detail,
                sources.keep(&mut toks),
                &unit.changed_at,
            ));
        }
        sources.recycle(toks);
        Ok(looked)
    }
}

/// The `limit` best scores verified so far (0 = keep all, never full).
pub(super) struct TopScores {
    limit: usize,
    /// A min-heap: its top is the lowest of the best scores.
    heap: BinaryHeap<Reverse<u32>>,
}

impl TopScores {
    pub(super) fn new(limit: usize) -> TopScores {
        TopScores {
            limit,
            heap: BinaryHeap::new(),
        }
    }

    /// Whether a score of at most `bound` can no longer enter the best.
    #[inline]
    pub(super) fn excludes(&self, bound: u32) -> bool {
        self.cut().is_some_and(|cut| bound < cut)
    }

    /// The lowest of the `limit` best scores once `limit` are held: no unit scoring less
    /// can enter the top.
    #[inline]
    pub(super) fn cut(&self) -> Option<u32> {
        if self.limit > 0 && self.heap.len() >= self.limit {
            self.heap.peek().map(|b| b.0)
        } else {
            None
        }
    }

    fn push(&mut self, score: u32) {
        if self.limit > 0 {
            self.heap.push(Reverse(score));
            if self.heap.len() > self.limit {
                self.heap.pop();
            }
        }
    }
}
