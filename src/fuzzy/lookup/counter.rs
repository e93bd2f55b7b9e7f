//! [`Counter`]: per-unit counts of the query tokens found while [`collect`](super::collect)
//! reads the prefix's postings lists at one unit length.

/// Per-unit prefix counts, kept sorted by unit id: each list read is merged in.
///
/// Every unit counted in one pass has the length being read, so an entry is the unit and
/// its count. Merging sorted lists moves memory in order; counting into an array indexed by
/// unit id touched one cache line per posting at a random place (at 10M units a 20 MB
/// array: a cache miss per posting, a fifth of a slow lookup), and the units it counted
/// came out in the order first seen, to be sorted again for [`narrow`](super::collect).
#[derive(Default)]
pub(super) struct Counter {
    /// The units counted, increasing.
    units: Vec<i64>,
    /// Their counts.
    counts: Vec<u16>,
    /// The merge's output, swapped with `units` and `counts`.
    next_units: Vec<i64>,
    next_counts: Vec<u16>,
    /// The list being read (given out by [`Counter::list`]).
    list: Vec<i64>,
}

impl Counter {
    pub(super) fn clear(&mut self) {
        self.units.clear();
        self.counts.clear();
    }

    /// An empty buffer for the next list's units (give it back to [`Counter::add_list`]).
    pub(super) fn list(&mut self) -> Vec<i64> {
        let mut l = std::mem::take(&mut self.list);
        l.clear();
        l
    }

    /// Adds `w` to the count of every unit of `list` (a unit listed twice counts twice;
    /// the list need not be sorted: chunks of a postings list may overlap).
    pub(super) fn add_list(&mut self, mut list: Vec<i64>, w: u16) {
        if list.windows(2).all(|p| p[0] < p[1]) {
            // Each unit once, the common case: merged without a branch on the order.
            self.merge_increasing(&list, w);
            self.list = list;
            return;
        }
        if !list.is_sorted() {
            list.sort_unstable();
        }
        let (units, counts) = (&self.units, &self.counts);
        let (out_u, out_c) = (&mut self.next_units, &mut self.next_counts);
        out_u.clear();
        out_c.clear();
        out_u.reserve(units.len() + list.len());
        out_c.reserve(units.len() + list.len());
        // One comparison per step, each step writing one entry (a unit listed twice adds to
        // the entry just written).
        let (mut i, mut j) = (0, 0);
        let mut last = i64::MIN;
        while i < units.len() && j < list.len() {
            let (a, b) = (units[i], list[j]);
            if a < b {
                out_u.push(a);
                out_c.push(counts[i]);
                last = a;
                i += 1;
            } else if b == last {
                // Listed twice.
                if let Some(c) = out_c.last_mut() {
                    *c = c.saturating_add(w);
                }
                j += 1;
            } else if a == b {
                out_u.push(a);
                out_c.push(counts[i].saturating_add(w));
                last = a;
                i += 1;
                j += 1;
            } else {
                out_u.push(b);
                out_c.push(w);
                last = b;
                j += 1;
            }
        }
        for &b in &list[j..] {
            if b == last {
                if let Some(c) = out_c.last_mut() {
                    *c = c.saturating_add(w);
                }
            } else {
                out_u.push(b);
                out_c.push(w);
                last = b;
            }
        }
        out_u.extend_from_slice(&units[i..]);
        out_c.extend_from_slice(&counts[i..]);
        std::mem::swap(&mut self.units, &mut self.next_units);
        std::mem::swap(&mut self.counts, &mut self.next_counts);
        self.list = list;
    }

    /// Merges a list whose units increase strictly (each listed once): every step writes
    /// one entry, the smaller unit of the two heads with the counts of those equal to it,
    /// and moves past them, its choices made by comparison results rather than by branches
    /// (a merge's branches go either way at random: a mispredicted branch per entry).
    fn merge_increasing(&mut self, list: &[i64], w: u16) {
        let (units, counts) = (&self.units, &self.counts);
        let (out_u, out_c) = (&mut self.next_units, &mut self.next_counts);
        let n = units.len() + list.len();
        out_u.clear();
        out_c.clear();
        out_u.resize(n, 0);
        out_c.resize(n, 0);
        let (mut i, mut j, mut k) = (0, 0, 0);
        while let (Some(&a), Some(&b)) = (units.get(i), list.get(j)) {
            let (from_counter, from_list) = (a <= b, b <= a);
            out_u[k] = a.min(b);
            let c = counts[i] * u16::from(from_counter);
            out_c[k] = c.saturating_add(w * u16::from(from_list));
            i += usize::from(from_counter);
            j += usize::from(from_list);
            k += 1;
        }
        let rest_u = units.len() - i;
        out_u[k..k + rest_u].copy_from_slice(&units[i..]);
        out_c[k..k + rest_u].copy_from_slice(&counts[i..]);
        k += rest_u;
        let rest_l = list.len() - j;
        out_u[k..k + rest_l].copy_from_slice(&list[j..]);
        out_c[k..k + rest_l].fill(w);
        k += rest_l;
        out_u.truncate(k);
        out_c.truncate(k);
        std::mem::swap(&mut self.units, &mut self.next_units);
        std::mem::swap(&mut self.counts, &mut self.next_counts);
    }

    /// The number of units counted.
    #[inline]
    pub(super) fn len(&self) -> usize {
        self.units.len()
    }

    /// Each unit counted, with its count, by increasing unit id.
    #[inline]
    pub(super) fn iter(&self) -> impl Iterator<Item = (i64, u16)> + '_ {
        self.units.iter().copied().zip(self.counts.iter().copied())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn add(c: &mut Counter, units: &[i64], w: u16) {
        let mut l = c.list();
        l.extend_from_slice(units);
        c.add_list(l, w);
    }

    #[test]
    fn counts_merge_in_unit_order_across_lists() {
        let mut c = Counter::default();
        add(&mut c, &[3, 9, 100_000], 2);
        add(&mut c, &[1, 3, 1 << 40], 1);
        // Chunks of a list may overlap: the list is sorted first.
        add(&mut c, &[9, 200, 5], 1);
        assert_eq!(
            c.iter().collect::<Vec<_>>(),
            [
                (1, 1),
                (3, 3),
                (5, 1),
                (9, 3),
                (200, 1),
                (100_000, 2),
                (1 << 40, 1)
            ]
        );
        assert_eq!(c.len(), 7);
        // A unit listed twice counts twice.
        add(&mut c, &[5, 5], 1);
        assert!(c.iter().any(|e| e == (5, 3)));
        assert_eq!(c.len(), 7);
        add(&mut c, &[7], u16::MAX);
        add(&mut c, &[7], 1);
        assert!(c.iter().any(|e| e == (7, u16::MAX)), "counts saturate");
        c.clear();
        assert_eq!(c.iter().count(), 0);
        add(&mut c, &[3], 1);
        assert_eq!(c.iter().collect::<Vec<_>>(), [(3, 1)], "cleared");
    }

    #[test]
    fn merging_lists_counts_what_adding_each_posting_counts() {
        use proptest::prelude::*;
        proptest!(|(lists in proptest::collection::vec(
            (proptest::collection::vec(0i64..500, 0..60), 1u16..4), 0..8))| {
            let mut c = Counter::default();
            let mut want = std::collections::BTreeMap::<i64, u16>::new();
            for (units, w) in &lists {
                add(&mut c, units, *w);
                for &u in units {
                    *want.entry(u).or_insert(0) += *w;
                }
            }
            prop_assert_eq!(c.iter().collect::<Vec<_>>(), want.into_iter().collect::<Vec<_>>());
        });
    }

    #[test]
    fn merging_lists_of_distinct_units_counts_what_adding_each_posting_counts() {
        use proptest::prelude::*;
        // Lists of distinct units, in order: the branchless merge (mixed with the general
        // one when a list repeats a unit).
        proptest!(|(lists in proptest::collection::vec(
            (proptest::collection::btree_set(0i64..300, 0..80), 1u16..4, any::<bool>()), 0..8))| {
            let mut c = Counter::default();
            let mut want = std::collections::BTreeMap::<i64, u16>::new();
            for (units, w, twice) in &lists {
                let mut units: Vec<i64> = units.iter().copied().collect();
                if *twice && !units.is_empty() {
                    units.push(units[0]);
                }
                add(&mut c, &units, *w);
                for &u in &units {
                    *want.entry(u).or_insert(0) += *w;
                }
            }
            prop_assert_eq!(c.iter().collect::<Vec<_>>(), want.into_iter().collect::<Vec<_>>());
        });
    }
}
