//! The second step of a lookup: [`collect`] reads the plan's postings lists into
//! candidates.

use super::counter::Counter;
use super::plan::QueryPlan;
use super::LookupStats;
use crate::fuzzy::FuzzyError;
use crate::index::IndexReader;

/// What verifying one candidate costs, in posting entries read (measured at 1M units:
/// 25–100 give the same p50; more reads too many lists, less verifies too many units).
const VERIFY_COST: i64 = 40;

/// A unit that passed the length and count filters on the lists read so far.
#[derive(Debug, Clone, Copy)]
pub(super) struct Candidate {
    pub(super) unit: i64,
    /// Query token occurrences found in its lists.
    pub(super) count: i64,
    /// Its length (saturated).
    pub(super) len: usize,
}

/// A candidate with the upper bound of its score.
#[derive(Debug, Clone, Copy)]
pub(super) struct Bounded {
    pub(super) bound: u32,
    pub(super) unit: i64,
}

/// Reads the postings lists of the plan: first the prefix, counting every unit of a
/// length that fits, then further lists while reading one costs less than verifying the
/// units still live. Returns the live candidates and the number of query token
/// occurrences whose lists were read.
pub(super) fn collect(
    plan: &QueryPlan,
    index: &mut IndexReader<'_>,
    counter: &mut Counter,
    stats: &mut LookupStats,
) -> Result<(Vec<Candidate>, usize), FuzzyError> {
    counter.clear();
    // Phase 1: the minimal prefix, counting every unit in its lists.
    let mut read = 0;
    let mut next = 0;
    while read < plan.prefix && next < plan.lists.len() {
        let list = plan.lists[next];
        next += 1;
        read += usize::from(list.weight);
        let Some(token) = list.token else { continue };
        stats.entries_read += index.for_each_posting(token, |p| {
            if plan.fits(p.len) {
                counter.add(p.unit, list.weight, p.len);
            }
        })?;
        stats.lists_read += 1;
    }
    // The units passing the count filter.
    let mut live: Vec<Candidate> = counter
        .iter()
        .filter(|&(_, c, n)| i64::from(c) >= plan.needed(n as usize, read))
        .map(|(unit, c, n)| Candidate {
            unit,
            count: i64::from(c),
            len: n as usize,
        })
        .collect();
    // Phase 2: read further lists while that costs less than verifying the live units;
    // each list raises the count needed by its weight, so units missing from it drop.
    while next < plan.lists.len() && live.len() as i64 * VERIFY_COST > plan.lists[next].df.max(0) {
        let list = plan.lists[next];
        next += 1;
        read += usize::from(list.weight);
        let weight = i64::from(list.weight);
        if let Some(token) = list.token {
            counter.clear();
            for c in &live {
                counter.add(c.unit, 1, 0);
            }
            stats.entries_read += index.for_each_posting(token, |p| counter.bump(p.unit))?;
            stats.lists_read += 1;
            let counter = &*counter;
            live.retain_mut(|c| {
                if counter.get(c.unit) > 1 {
                    c.count += weight;
                }
                c.count >= plan.needed(c.len, read)
            });
        } else {
            live.retain(|c| c.count >= plan.needed(c.len, read));
        }
    }
    Ok((live, read))
}
