//! The third step of a lookup: the [`Verifier`] scores candidates exactly, best bound
//! first, into [`Verified`] units.

use std::cmp::Reverse;
use std::collections::BinaryHeap;
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::Arc;

use super::collect::Bounded;
use super::plan::QueryPlan;
use super::sources::{KeptSource, Sources};
use super::LookupStats;
use crate::fuzzy::distance::Pattern;
use crate::fuzzy::score::{max_distance, score_with, word_score, Scored};
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
    /// The highest score a unit of the lengths still to read can have: sources whose
    /// word score is below it may wait in [`Words`] (see [`Verifier::verify`]).
    pub(super) hold: u32,
}

/// Sources are held for the lengths still to read only when more than this many wait
/// once a length's candidates are all looked at (fewer are scored then: cheap, and they may
/// raise the cut before the next lengths are read).
const HOLD_AT_LEAST: usize = 64;

/// Candidates whose word score can reach the threshold, waiting for their source to be
/// read: a max-heap on the word score (then the lower id first, for a stable order). It
/// lives for a whole lookup, across unit lengths.
#[derive(Default)]
pub(super) struct Words(BinaryHeap<(u32, Reverse<i64>)>);

impl Verifier<'_> {
    /// Scores the candidates (sorted by bound, best first) and the units waiting in
    /// `words`, adding those that reach the threshold to `out` and their scores to `best`;
    /// stops once no remaining candidate can enter the top `best` keeps. Returns the number
    /// of candidates looked at (a prefix of `candidates`).
    ///
    /// Two reads per candidate, the second only when the first allows: its token sequence,
    /// whose exact word score (the bit-parallel token distance) bounds its score, then its
    /// source, scored. They are taken in order of what bounds them, best first: a
    /// candidate's sequence by the bound of its counts, its source by its word score (the
    /// source first when both are equal: it may raise the cut, a sequence cannot).
    ///
    /// Once the top is full at a cut `c`, a source whose word score is at most `c + 1` and
    /// below `hold` waits in `words` for the lengths still to read (scoring it could raise
    /// the cut by one at most, and those lengths may raise it above it); the waiting
    /// sources are read later, best first, while they can still make the cut, and at the
    /// end of a length when only a few wait ([`HOLD_AT_LEAST`]). In a cluster of
    /// near-duplicates, the many instances of one length whose word score is one above the
    /// cut of the moment (and whose numbers differ: they score the cut) are then never
    /// read when another length holds better units.
    ///
    /// Every candidate looked at is settled: scored, or waiting in `words`. Which units
    /// are scored changes, not the result: a unit is left out only when its bound or word
    /// score is below the cut, which only rises.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn verify(
        &self,
        candidates: &[Bounded],
        words: &mut Words,
        best: &mut TopScores,
        out: &mut Vec<Verified>,
        index: &mut IndexReader<'_>,
        sources: &mut Sources,
        stats: &mut LookupStats,
    ) -> Result<usize, FuzzyError> {
        let (m, min) = (self.plan.len, self.plan.min);
        let mut local: Vec<u32> = Vec::with_capacity(64);
        let mut toks = sources.buffer();
        let mut next = 0;
        let mut release = false;
        loop {
            let bound = candidates.get(next).map(|c| c.bound);
            // The best waiting source, unless a candidate's bound is above its word score or
            // it is held (only once the top is full: until then every source scored fills
            // it).
            let cut = best.cut();
            let word = words.0.peek().map(|w| w.0).filter(|&w| {
                let held = !release && w < self.hold && cut.is_some_and(|c| w <= c + 1);
                !held && bound.is_none_or(|b| w >= b)
            });
            if let Some(w) = word {
                if best.excludes(w) {
                    // Nothing waiting can enter the top any more (the cut only rises).
                    words.0.clear();
                    continue;
                }
                if let Some((_, Reverse(unit))) = words.0.pop() {
                    stats.sources_read += 1;
                    self.score_source(unit, &mut toks, best, out, index, sources)?;
                }
                continue;
            }
            let Some(c) = candidates.get(next) else {
                if !release && !words.0.is_empty() && words.0.len() <= HOLD_AT_LEAST {
                    release = true;
                    continue;
                }
                break;
            };
            if best.excludes(c.bound) {
                break;
            }
            next += 1;
            stats.candidates += 1;
            local.clear();
            let indexed = index.for_each_token_of(c.unit, |t| local.push(self.plan.local_id(t)))?;
            if !indexed {
                continue;
            }
            let d = self.pattern.distance_local(&local);
            let l = m.max(local.len());
            if d > max_distance(l, min) {
                continue;
            }
            words.0.push((word_score(d, l), Reverse(c.unit)));
        }
        sources.recycle(toks);
        Ok(next)
    }

    /// Reads a candidate's source and scores it, adding it to `out` and `best` when it
    /// reaches the threshold.
    fn score_source(
        &self,
        unit: i64,
        toks: &mut Tokens,
        best: &mut TopScores,
        out: &mut Vec<Verified>,
        index: &mut IndexReader<'_>,
        sources: &mut Sources,
    ) -> Result<(), FuzzyError> {
        let Some(row) = index.source(unit)? else {
            return Ok(());
        };
        if row.src_lang != self.src_lang {
            return Ok(());
        }
        toks.reset(&row.source_nfc);
        let detail = score_with(self.pattern, self.q, toks, &mut sources.ids);
        if detail.score < self.plan.min {
            return Ok(());
        }
        best.push(detail.score);
        out.push(Verified::new(
            unit,
            detail,
            sources.keep(toks),
            &row.changed_at,
        ));
        Ok(())
    }
}

/// The `limit` best scores verified so far (0 = keep all, never full).
///
/// A lookup split between two threads gives each its own top, sharing their cut
/// ([`TopScores::shared`]): each full top's `limit` best are `limit` matches of the lookup
/// scoring its cut or more, so a unit scoring less than either cut cannot enter the
/// lookup's top.
pub(super) struct TopScores {
    limit: usize,
    /// A min-heap: its top is the lowest of the best scores.
    heap: BinaryHeap<Reverse<u32>>,
    /// The highest cut of the full tops sharing it (0: none full yet).
    shared: Option<Arc<AtomicU32>>,
}

impl TopScores {
    pub(super) fn new(limit: usize) -> TopScores {
        TopScores {
            limit,
            heap: BinaryHeap::new(),
            shared: None,
        }
    }

    /// A top sharing its cut with the others holding `cut`.
    pub(super) fn shared(limit: usize, cut: Arc<AtomicU32>) -> TopScores {
        TopScores {
            shared: Some(cut),
            ..TopScores::new(limit)
        }
    }

    /// Whether a score of at most `bound` can no longer enter the best.
    #[inline]
    pub(super) fn excludes(&self, bound: u32) -> bool {
        self.cut().is_some_and(|cut| bound < cut)
    }

    /// The lowest of the `limit` best scores once `limit` are held (or the higher cut
    /// shared by another top): no unit scoring less can enter the top.
    #[inline]
    pub(super) fn cut(&self) -> Option<u32> {
        let own = self.own_cut();
        match self.shared_cut() {
            Some(shared) => own.max(Some(shared)),
            None => own,
        }
    }

    /// The cut shared by the tops of a split lookup, once one of them is full.
    #[inline]
    pub(super) fn shared_cut(&self) -> Option<u32> {
        self.shared
            .as_ref()
            .map(|c| c.load(Ordering::Relaxed))
            .filter(|&c| c > 0)
    }

    #[inline]
    fn own_cut(&self) -> Option<u32> {
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
            if let (Some(shared), Some(cut)) = (&self.shared, self.own_cut()) {
                shared.fetch_max(cut, Ordering::Relaxed);
            }
        }
    }
}
