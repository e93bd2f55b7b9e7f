//! The second step of a lookup, at one unit length: [`Prefix`] and [`narrow`] read the
//! plan's postings lists at that length into candidates.

use super::counter::Counter;
use super::plan::QueryPlan;
use super::LookupStats;
use crate::fuzzy::FuzzyError;
use crate::index::{IndexReader, BLOCK};

/// What verifying one candidate costs, in posting entries read, once the top is full: the
/// verifier stops at the first bound below the cut, and in a cluster of near-duplicates
/// the units a further list would drop are mostly below it already (measured at 1M units:
/// 25–100 give the same p50; more reads too many lists, less verifies too many units; 150
/// and 300 cost 8–14% more CPU on the boilerplate profile).
const VERIFY_COST_WITH_CUT: i64 = 40;

/// What verifying one candidate costs, in posting entries read, while the top is not full:
/// every live unit will be verified, its token sequence read from `fz_units` (a B-tree
/// descent: 3–4 µs at 10M units, while an entry of a list costs a few ns). 300 instead of
/// 40 took a third less CPU on the slowest 10M news queries whose top did not fill (3–7
/// times fewer candidates, 30–60% more entries read; 1,000 gave the same).
const VERIFY_COST_NO_CUT: i64 = 300;

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
            stats.entries_read += index.read_postings(token, plan.at, &mut units)?;
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
/// each list raises the count needed by its weight, so units missing from it drop. A live
/// unit costs more to verify while the top is not full (no `cut`): every one is verified
/// then.
///
/// The live units and each list are both sorted by unit id: one pass over the live units
/// adds the list's weight to those it holds and keeps those reaching the count needed,
/// walking the list forward beside them, or, when the live units are far fewer than its
/// entries, looking each one up by galloping search from the place of the previous one
/// (instead of looking every entry up in the counter: a random access into an array as
/// large as the TM's ids, most of them cache misses).
pub(super) fn narrow(
    plan: &QueryPlan,
    c: &mut Collected,
    cut: Option<u32>,
    index: &mut IndexReader<'_>,
    stats: &mut LookupStats,
) -> Result<(), FuzzyError> {
    let mut sorted = false;
    let mut list_units: Vec<i64> = Vec::new();
    let mut wanted: Vec<i64> = Vec::new();
    let verify_cost = if cut.is_some() {
        VERIFY_COST_WITH_CUT
    } else {
        VERIFY_COST_NO_CUT
    };
    while let Some(&list) = plan.lists.get(c.next) {
        if (c.live.len() as i64) * verify_cost <= list_cost(list.df.max(0), c.live.len()) {
            break;
        }
        c.next += 1;
        c.read += usize::from(list.weight);
        // Every live unit has the length being read.
        let need = plan.needed(plan.at as usize, c.read);
        let weight = i64::from(list.weight);
        if let (Some(token), true) = (list.token, list.df > 0) {
            if !sorted {
                // Sorted already when the counter's order is kept (a probe's refilter keeps it).
                if !c.live.is_sorted_by_key(|x| x.unit) {
                    c.live.sort_unstable_by_key(|x| x.unit);
                }
                sorted = true;
            }
            // Only the units that can reach `need` with this list are looked for: the
            // list's blocks that cannot hold one of them are not decoded.
            wanted.clear();
            wanted.extend(
                c.live
                    .iter()
                    .filter(|x| x.count + weight >= need)
                    .map(|x| x.unit),
            );
            stats.entries_read +=
                index.read_postings_near(token, plan.at, &wanted, &mut list_units)?;
            stats.lists_read += 1;
            add_list(&mut c.live, &list_units, weight, need);
        } else {
            c.live.retain(|x| x.count >= need);
        }
    }
    Ok(())
}

/// What reading a further list costs, in entries decoded, for `live` units: at most a
/// block for each, and a header for every block of the list (see
/// [`IndexReader::read_postings_near`]). Once a list's blocks outnumber the live units,
/// its cost follows the live units, not its length: while the top is not full, `narrow`
/// then reads lists that it left unread when it decoded them whole (on the 10M news
/// profile, 15% fewer candidates to verify for 4% more entries decoded).
fn list_cost(df: i64, live: usize) -> i64 {
    let block = BLOCK as i64;
    df.min(live as i64 * block) + df / block
}

/// Adds `weight` to the count of each live unit that `list` holds and keeps the live units
/// whose count reaches `need` (both sorted by unit id; a unit listed twice counts once).
fn add_list(live: &mut Vec<Candidate>, list: &[i64], weight: i64, need: i64) {
    // Few live units: gallop through the list from where the last one was found; else walk.
    let gallop = live.len() * 16 < list.len();
    let (mut at, mut kept) = (0, 0);
    for r in 0..live.len() {
        let mut x = live[r];
        if x.count + weight < need {
            // Short of `need` even if the list holds it.
            continue;
        }
        if gallop {
            let rest = &list[at.min(list.len())..];
            let mut step = 1;
            while step < rest.len() && rest[step] < x.unit {
                step *= 2;
            }
            let lo = (step / 2).min(rest.len());
            let hi = (step + 1).min(rest.len());
            at += lo + rest[lo..hi].partition_point(|&u| u < x.unit);
        } else {
            while at < list.len() && list[at] < x.unit {
                at += 1;
            }
        }
        if list.get(at) == Some(&x.unit) {
            x.count += weight;
        }
        if x.count >= need {
            live[kept] = x;
            kept += 1;
        }
    }
    live.truncate(kept);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_live_unit_gains_the_weight_of_a_list_holding_it_by_either_search() {
        use proptest::prelude::*;
        proptest!(|(live in proptest::collection::btree_map(0i64..3000, 0i64..4, 0..40),
                    list in proptest::collection::vec(0i64..3000, 0..2000),
                    weight in 1i64..3, need in 0i64..6)| {
            let mut list = list;
            list.sort_unstable();
            let mut got: Vec<Candidate> = live
                .iter()
                .map(|(&unit, &count)| Candidate { unit, count, len: 1 })
                .collect();
            add_list(&mut got, &list, weight, need);
            let want: Vec<(i64, i64)> = live
                .iter()
                .map(|(&u, &c)| (u, c + if list.binary_search(&u).is_ok() { weight } else { 0 }))
                .filter(|&(_, c)| c >= need)
                .collect();
            let got: Vec<(i64, i64)> = got.iter().map(|x| (x.unit, x.count)).collect();
            prop_assert_eq!(got, want);
        });
    }
}
