//! The lookup through the index, one unit length at a time: [`Lane::read_lengths`] takes
//! the plan's lengths best upper bound first and, at each, collects candidates
//! ([`Prefix`], [`narrow`]) and verifies them ([`Verifier`]). A lookup reads its lengths on
//! one lane, or, split between two threads (`split.rs`), on two lanes taking the lengths
//! from one queue.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

use super::collect::{narrow, Bounded, Prefix};
use super::counter::Counter;
use super::plan::QueryPlan;
use super::sources::Sources;
use super::verify::{TopScores, Verified, Verifier, Words};
use super::LookupStats;
use crate::fuzzy::distance::Pattern;
use crate::fuzzy::FuzzyError;
use crate::index::IndexReader;
use crate::text::tokenize::Tokens;

/// Candidates left after the prefix above which a lookup with a limit verifies the best of
/// them first, to raise its threshold.
const PROBE_AFTER: usize = 64;

/// Candidates verified first (at least twice the limit).
const PROBE: usize = 16;

/// The time since `clock`, in ns; `clock` restarts.
fn lap(clock: &mut Instant) -> u64 {
    let now = Instant::now();
    let ns = now.duration_since(*clock).as_nanos();
    *clock = now;
    u64::try_from(ns).unwrap_or(u64::MAX)
}

/// Orders candidates by bound, best first (then by id, for a stable order).
fn sort_best_first(c: &mut [Bounded]) {
    c.sort_unstable_by(|a, b| b.bound.cmp(&a.bound).then(a.unit.cmp(&b.unit)));
}

/// What a lookup asks: the query, its pattern, the source language and the limit.
#[derive(Clone, Copy)]
pub(super) struct Ask<'a> {
    pub(super) q: &'a Tokens,
    pub(super) pattern: &'a Pattern,
    pub(super) src_lang: &'a str,
    pub(super) limit: usize,
}

/// Where a lane takes its next length from: the plan's lengths in order, or the queue
/// that the two lanes of a split lookup share (each length is read by one of them).
pub(super) enum Lengths<'a> {
    /// One lane reads every length: the index of the next.
    Alone(usize),
    /// The index of the next length not taken by either lane.
    Shared(&'a AtomicUsize),
}

impl Lengths<'_> {
    /// The index of the length to read next (past the end once all are taken).
    fn take(&mut self) -> usize {
        match self {
            Lengths::Alone(next) => {
                *next += 1;
                *next - 1
            }
            Lengths::Shared(next) => next.fetch_add(1, Ordering::Relaxed),
        }
    }
}

/// What one thread of a lookup reads and verifies with: its index reader (on its own
/// connection), its counts, its sources and its figures.
pub(super) struct Lane<'a, 'c> {
    pub(super) index: &'a mut IndexReader<'c>,
    pub(super) counter: &'a mut Counter,
    pub(super) sources: &'a mut Sources,
    pub(super) stats: &'a mut LookupStats,
}

impl Lane<'_, '_> {
    /// Reads `lengths` (best upper bound first) as `next` hands them out: collects and
    /// verifies each length's candidates into `out`, then the sources still waiting. Once
    /// `limit` matches at `s` or more are held (in `best`, or in the top sharing its cut),
    /// lengths that cannot reach `s` are not read at all and the others are read with the
    /// threshold at `s`: a query finding its matches at its own length reads little of the
    /// others.
    pub(super) fn read_lengths(
        &mut self,
        ask: Ask<'_>,
        plan: &mut QueryPlan,
        lengths: &[u32],
        mut next: Lengths<'_>,
        best: &mut TopScores,
        out: &mut Vec<Verified>,
    ) -> Result<(), FuzzyError> {
        let mut words = Words::default();
        loop {
            let i = next.take();
            let Some(&len) = lengths.get(i) else {
                break;
            };
            if let Some(cut) = best.shared_cut() {
                plan.raise(cut);
            }
            if !plan.in_window(len) || best.excludes(plan.length_bound(len)) {
                continue;
            }
            // The best any length still to read can score: sources that cannot beat it
            // may wait until those lengths are read (see `Verifier::verify`; only with a
            // limit: without one there is no cut to raise).
            let hold = if ask.limit > 0 {
                lengths[i + 1..]
                    .iter()
                    .filter(|&&n| plan.in_window(n))
                    .map(|&n| plan.length_bound(n))
                    .max()
                    .unwrap_or(0)
            } else {
                0
            };
            plan.at_length(len);
            self.at_length(ask, plan, (hold, &mut words), best, out)?;
        }
        // The sources still waiting, best word score first, while they can make the cut.
        let verifier = Verifier {
            q: ask.q,
            pattern: ask.pattern,
            plan,
            src_lang: ask.src_lang,
            hold: 0,
        };
        verifier.verify(
            &[],
            &mut words,
            best,
            out,
            self.index,
            self.sources,
            self.stats,
        )?;
        Ok(())
    }

    /// The lookup at the plan's unit length: collect candidates, verify them. With a limit
    /// and many candidates, the best of them are verified first ([`PROBE`]): once `limit`
    /// matches at `s` or more are held, the threshold rises to `s` before the further
    /// lists are read, so a query in a cluster of near-duplicates reads and verifies what
    /// can still enter the top, not the whole cluster. In a split lookup the threshold
    /// also rises to the cut of the other lane's top, before each list of the prefix.
    fn at_length(
        &mut self,
        ask: Ask<'_>,
        plan: &mut QueryPlan,
        (hold, words): (u32, &mut Words),
        best: &mut TopScores,
        out: &mut Vec<Verified>,
    ) -> Result<(), FuzzyError> {
        let limit = ask.limit;
        let mut probed: Vec<i64> = Vec::new();
        let probe_size = PROBE.max(limit * 2);
        // Probes while the prefix is read, until the top is full (at the lengths read
        // first): once two occurrences' lists are read, then at half the prefix (a raised
        // threshold shortens the rest); one more after it, whose leaders (bounded by the
        // whole prefix) often raise the cut further, unless no unit of this length can
        // score above the cut (then a probe cannot raise it).
        let mut probes = if limit > 0 { 3 } else { 0 };
        let mut probe_at = 2;
        let mut prefix = Prefix::start(self.counter);
        let mut clock = Instant::now();
        loop {
            if let Some(cut) = best.shared_cut() {
                plan.raise(cut);
            }
            if !prefix.step(plan, self.index, self.counter, self.stats)? {
                break;
            }
            // Worth it when the rest of the prefix holds more entries than the probe scans.
            if probes > 1
                && best.cut().is_none()
                && prefix.read >= probe_at
                && prefix.read < plan.prefix
                && self.counter.len() > PROBE_AFTER
                && prefix.rest_of_prefix(plan) > self.counter.len() as i64
            {
                probes -= 1;
                probe_at = (prefix.read + 1).max(plan.prefix.div_ceil(2));
                let leaders = prefix.leaders(plan, self.counter, probe_size, &probed);
                let mut first = plan.bounds(&leaders, prefix.read);
                sort_best_first(&mut first);
                self.stats.prefix_ns += lap(&mut clock);
                self.probe(ask, plan, &first, best, out, &mut probed)?;
                self.stats.verify_ns += lap(&mut clock);
            }
        }
        let mut c = prefix.finish(plan, self.counter);
        self.stats.prefix_ns += lap(&mut clock);
        if probes > 0
            && c.live.len() > PROBE_AFTER
            && best
                .cut()
                .is_none_or(|cut| plan.length_bound(plan.at) > cut)
        {
            let mut first = plan.bounds(&c.live, c.read);
            first.retain(|b| probed.binary_search(&b.unit).is_err());
            // The best `probe_size` only: selected in linear time, not by sorting them all.
            if first.len() > probe_size {
                first.select_nth_unstable_by(probe_size, |a, b| {
                    b.bound.cmp(&a.bound).then(a.unit.cmp(&b.unit))
                });
                first.truncate(probe_size);
            }
            sort_best_first(&mut first);
            self.probe(ask, plan, &first, best, out, &mut probed)?;
            self.stats.verify_ns += lap(&mut clock);
        }
        if !plan.in_window(plan.at) {
            // The raised threshold leaves this length out.
            return Ok(());
        }
        if best.cut().is_some() {
            c.refilter(plan);
        }
        narrow(plan, &mut c, best.cut(), self.index, self.stats)?;
        self.stats.narrow_ns += lap(&mut clock);
        let mut candidates = plan.bounds(&c.live, c.read);
        if !probed.is_empty() {
            candidates.retain(|b| probed.binary_search(&b.unit).is_err());
        }
        sort_best_first(&mut candidates);
        let verifier = Verifier {
            q: ask.q,
            pattern: ask.pattern,
            plan,
            src_lang: ask.src_lang,
            hold,
        };
        verifier.verify(
            &candidates,
            words,
            best,
            out,
            self.index,
            self.sources,
            self.stats,
        )?;
        self.stats.verify_ns += lap(&mut clock);
        Ok(())
    }

    /// Verifies `first` (best first) ahead of the other candidates, recording the units
    /// looked at in `probed` (sorted); once the top is full, raises the plan's threshold to
    /// its cut.
    fn probe(
        &mut self,
        ask: Ask<'_>,
        plan: &mut QueryPlan,
        first: &[Bounded],
        best: &mut TopScores,
        out: &mut Vec<Verified>,
        probed: &mut Vec<i64>,
    ) -> Result<(), FuzzyError> {
        // A probe is there to raise the cut: its sources are not held for other lengths
        // (and the units it leaves waiting cannot make the cut: see `Verifier::verify`).
        let verifier = Verifier {
            q: ask.q,
            pattern: ask.pattern,
            plan,
            src_lang: ask.src_lang,
            hold: 0,
        };
        let looked = verifier.verify(
            first,
            &mut Words::default(),
            best,
            out,
            self.index,
            self.sources,
            self.stats,
        )?;
        probed.extend(first[..looked].iter().map(|b| b.unit));
        probed.sort_unstable();
        if let Some(cut) = best.cut() {
            plan.raise(cut);
        }
        Ok(())
    }
}
