//! [`Counter`]: per-unit counts of the query tokens found while [`collect`](super::collect)
//! reads the prefix's postings lists at one unit length.

use std::collections::HashMap;

/// Per-unit prefix counts: a dense array for ordinary ids, a map beyond.
///
/// Every unit counted in one pass has the length being read, so an entry is the count
/// alone (two bytes: the array of a TM of 1M units is 2 MB, and the random accesses of the
/// counting stay in the processor's caches more often than with wider entries).
///
/// The array is allocated zeroed and grown by copying only the entries in use, so the
/// operating system maps its pages as they are first touched: the first lookup of a
/// process on a TM of 10M units pays for the pages its postings reach, not for writing
/// 20 MB of zeros.
#[derive(Default)]
pub(super) struct Counter {
    /// Per unit id, its count.
    dense: Vec<u16>,
    touched: Vec<u32>,
    sparse: HashMap<i64, u16>,
}

const DENSE_LIMIT: i64 = 1 << 28;

impl Counter {
    pub(super) fn clear(&mut self) {
        for &i in &self.touched {
            self.dense[i as usize] = 0;
        }
        self.touched.clear();
        self.sparse.clear();
    }

    /// Adds `w` to the count of unit `id` (called for every posting read: the common case,
    /// a unit the array already covers, is kept small enough to inline).
    #[inline(always)]
    pub(super) fn add(&mut self, id: i64, w: u16) {
        if (0..DENSE_LIMIT).contains(&id) {
            if let Some(e) = self.dense.get_mut(id as usize) {
                add_to(e, &mut self.touched, id as u32, w);
                return;
            }
        }
        self.add_rare(id, w);
    }

    /// [`Counter::add`] for a unit beyond the array: it grows, or the map takes the unit.
    #[cold]
    #[inline(never)]
    fn add_rare(&mut self, id: i64, w: u16) {
        if (0..DENSE_LIMIT).contains(&id) {
            let i = id as usize;
            if i >= self.dense.len() {
                // Zeroed (pages mapped lazily), with the entries in use copied over.
                let mut grown = vec![0u16; (i + 1).next_power_of_two()];
                for &t in &self.touched {
                    grown[t as usize] = self.dense[t as usize];
                }
                self.dense = grown;
            }
            add_to(&mut self.dense[i], &mut self.touched, i as u32, w);
        } else {
            let e = self.sparse.entry(id).or_insert(0);
            *e = e.saturating_add(w);
        }
    }

    /// The number of units counted.
    #[inline]
    pub(super) fn len(&self) -> usize {
        self.touched.len() + self.sparse.len()
    }

    /// Each unit counted, with its count.
    #[inline]
    pub(super) fn iter(&self) -> impl Iterator<Item = (i64, u16)> + '_ {
        self.touched
            .iter()
            .map(|&i| (i64::from(i), self.dense[i as usize]))
            .chain(self.sparse.iter().map(|(&id, &c)| (id, c)))
    }
}

/// Adds `w` to a dense entry (saturating), recording the unit when it is first counted.
#[inline(always)]
fn add_to(e: &mut u16, touched: &mut Vec<u32>, i: u32, w: u16) {
    if *e == 0 {
        touched.push(i);
    }
    *e = e.saturating_add(w);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_in_the_array_across_growth_and_in_the_map() {
        let mut c = Counter::default();
        c.add(3, 2);
        c.add(3, 1);
        // Grows the array: the count of unit 3 survives.
        c.add(100_000, 1);
        c.add(DENSE_LIMIT + 5, 4);
        c.add(DENSE_LIMIT + 5, 1);
        let mut all: Vec<_> = c.iter().collect();
        all.sort();
        assert_eq!(all, [(3, 3), (100_000, 1), (DENSE_LIMIT + 5, 5)]);
        assert_eq!(c.len(), 3);
        c.add(7, u16::MAX);
        c.add(7, 1);
        assert!(c.iter().any(|e| e == (7, u16::MAX)), "counts saturate");
        c.clear();
        assert_eq!(c.iter().count(), 0);
        c.add(3, 1);
        assert_eq!(c.iter().collect::<Vec<_>>(), [(3, 1)], "cleared to zero");
    }
}
