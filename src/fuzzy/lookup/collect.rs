//! The second step of a lookup, at one unit length: [`Prefix`] and [`narrow`] read the
//! plan's postings lists at that length into candidates.

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

/// What the [`Prefix`] found, which [`narrow`] narrows further.
pub(super) struct Collected {
    /// The units passing the filters on the lists read.
    pub(super) live: Vec<Candidate>,
    /// Query token occurrences whose lists were read.
    pub(super) read: usize,
    /// The next of the plan's lists to read.
    next: usize,
}

/// Reads the prefix of the plan's postings lists a list at a time ([`Prefix::step`]),
/// counting every unit of a length that fits.
pub(super) struct Prefix {
    /// Query token occurrences whose lists were read.
    pub(super) read: usize,
    /// The next of the plan's lists to read.
    next: usize,
}

impl Prefix {
    /// Starts reading, the counts cleared.
    pub(super) fn start(counter: &mut Counter) -> Prefix {
        counter.clear();
        Prefix { read: 0, next: 0 }
    }

    /// Reads the next list of the prefix; `false` once the prefix (which a raised
    /// threshold shortens) is read.
    pub(super) fn step(
        &mut self,
        plan: &QueryPlan,
        index: &mut IndexReader<'_>,
        counter: &mut Counter,
        stats: &mut LookupStats,
    ) -> Result<bool, FuzzyError> {
        if self.read >= plan.prefix || self.next >= plan.lists.len() || !plan.in_window(plan.at) {
            return Ok(false);
        }
        let list = plan.lists[self.next];
        self.next += 1;
        self.read += usize::from(list.weight);
        if let (Some(token), true) = (list.token, list.df > 0) {
            let mut units = counter.list();
            stats.entries_read +=
                index.for_each_posting(token, plan.at, |unit| units.push(unit))?;
            counter.add_list(units, list.weight);
            stats.lists_read += 1;
        }
        Ok(true)
    }

    /// The entries of the prefix's lists not read yet.
    pub(super) fn rest_of_prefix(&self, plan: &QueryPlan) -> i64 {
        let mut read = self.read;
        let mut entries = 0;
        for list in &plan.lists[self.next..] {
            if read >= plan.prefix {
                break;
            }
            read += usize::from(list.weight);
            entries += list.df.max(0);
        }
        entries
    }

    /// The `k` units counted most so far that pass the count filter (ties: lower ids),
    /// leaving out those in `skip` (sorted).
    pub(super) fn leaders(
        &self,
        plan: &QueryPlan,
        counter: &Counter,
        k: usize,
        skip: &[i64],
    ) -> Vec<Candidate> {
        use std::cmp::Reverse;
        use std::collections::BinaryHeap;
        let mut heap: BinaryHeap<Reverse<(u16, Reverse<i64>)>> = BinaryHeap::new();
        // Every unit counted has the length being read.
        let n = plan.at as usize;
        let needed = plan.needed(n, self.read);
        for (unit, c) in counter.iter() {
            if i64::from(c) < needed || skip.binary_search(&unit).is_ok() {
                continue;
            }
            let e = Reverse((c, Reverse(unit)));
            if heap.len() < k {
                heap.push(e);
            } else if heap.peek().is_some_and(|top| e < *top) {
                heap.pop();
                heap.push(e);
            }
        }
        heap.into_iter()
            .map(|Reverse((c, Reverse(unit)))| Candidate {
                unit,
                count: i64::from(c),
                len: n,
            })
            .collect()
    }

    /// The units passing the count filter once the prefix is read.
    pub(super) fn finish(self, plan: &QueryPlan, counter: &Counter) -> Collected {
        let read = self.read;
        // Every unit counted has the length being read.
        let n = plan.at as usize;
        let needed = plan.needed(n, read);
        let live: Vec<Candidate> = counter
            .iter()
            .filter(|&(_, c)| i64::from(c) >= needed)
            .map(|(unit, c)| Candidate {
                unit,
                count: i64::from(c),
                len: n,
            })
            .collect();
        Collected {
            live,
            read,
            next: self.next,
        }
    }
}

impl Collected {
    /// Drops the units that cannot pass the count filter of `plan` (after its threshold
    /// was raised).
    pub(super) fn refilter(&mut self, plan: &QueryPlan) {
        let read = self.read;
        self.live.retain(|c| c.count >= plan.needed(c.len, read));
    }
}

/// Reads further lists while reading one costs less than verifying the units still live;
/// each list raises the count needed by its weight, so units missing from it drop.
///
/// The live units are few beside the lists' entries, and both are sorted by unit id (a list
/// chunk by chunk): each list is merged with them in one forward pass, instead of looking
/// every entry up in the counter (a random access into an array as large as the TM's ids,
/// most of them cache misses).
pub(super) fn narrow(
    plan: &QueryPlan,
    c: &mut Collected,
    index: &mut IndexReader<'_>,
    stats: &mut LookupStats,
) -> Result<(), FuzzyError> {
    let mut sorted = false;
    let mut hit: Vec<bool> = Vec::new();
    while c.next < plan.lists.len()
        && c.live.len() as i64 * VERIFY_COST > plan.lists[c.next].df.max(0)
    {
        let list = plan.lists[c.next];
        c.next += 1;
        c.read += usize::from(list.weight);
        let read = c.read;
        let weight = i64::from(list.weight);
        if let (Some(token), true) = (list.token, list.df > 0) {
            if !sorted {
                // Sorted already when the counter's order is kept (a probe's refilter keeps it).
                if !c.live.is_sorted_by_key(|x| x.unit) {
                    c.live.sort_unstable_by_key(|x| x.unit);
                }
                sorted = true;
            }
            hit.clear();
            hit.resize(c.live.len(), false);
            let live = &c.live;
            let (mut at, mut prev) = (0usize, i64::MIN);
            stats.entries_read += index.for_each_posting(token, plan.at, |unit| {
                if unit < prev {
                    // A new chunk starting below the last: find its place again.
                    at = live.partition_point(|x| x.unit < unit);
                }
                prev = unit;
                while at < live.len() && live[at].unit < unit {
                    at += 1;
                }
                if at < live.len() && live[at].unit == unit {
                    hit[at] = true;
                }
            })?;
            stats.lists_read += 1;
            let mut i = 0;
            c.live.retain_mut(|x| {
                if hit[i] {
                    x.count += weight;
                }
                i += 1;
                x.count >= plan.needed(x.len, read)
            });
        } else {
            c.live.retain(|x| x.count >= plan.needed(x.len, read));
        }
    }
    Ok(())
}
