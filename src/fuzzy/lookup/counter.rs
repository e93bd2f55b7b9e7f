//! [`Counter`]: per-unit counts of the query tokens found while [`collect`](super::collect)
//! reads postings lists.

use std::collections::HashMap;

use crate::index::LEN_SATURATED;

/// Per-unit prefix counts: a dense array for ordinary ids, a map beyond.
///
/// The array is allocated zeroed and grown by copying only the entries in use, so the
/// operating system maps its pages as they are first touched: the first lookup of a
/// process on a TM of 10M units pays for the pages its postings reach, not for writing
/// 40 MB of zeros.
#[derive(Default)]
pub(super) struct Counter {
    /// Per unit id, `count | length << 16` (lengths are ≤ 255, saturated, in the postings).
    dense: Vec<u32>,
    touched: Vec<u32>,
    sparse: HashMap<i64, (u16, u8)>,
}

const DENSE_LIMIT: i64 = 1 << 28;

/// A dense entry's count.
#[inline(always)]
fn count_of(e: u32) -> u16 {
    e as u16
}

/// A dense entry's length.
#[inline(always)]
fn len_of(e: u32) -> u32 {
    e >> 16
}

impl Counter {
    pub(super) fn clear(&mut self) {
        for &i in &self.touched {
            self.dense[i as usize] = 0;
        }
        self.touched.clear();
        self.sparse.clear();
    }

    /// Adds `w` to the count of unit `id` of length `n` (called for every posting read:
    /// the common case, a unit the array already covers, is kept small enough to inline).
    #[inline(always)]
    pub(super) fn add(&mut self, id: i64, w: u16, n: u32) {
        if (0..DENSE_LIMIT).contains(&id) {
            if let Some(e) = self.dense.get_mut(id as usize) {
                add_to(e, &mut self.touched, id as u32, w, n);
                return;
            }
        }
        self.add_rare(id, w, n);
    }

    /// [`Counter::add`] for a unit beyond the array: it grows, or the map takes the unit.
    #[cold]
    #[inline(never)]
    fn add_rare(&mut self, id: i64, w: u16, n: u32) {
        if (0..DENSE_LIMIT).contains(&id) {
            let i = id as usize;
            if i >= self.dense.len() {
                // Zeroed (pages mapped lazily), with the entries in use copied over.
                let mut grown = vec![0u32; (i + 1).next_power_of_two()];
                for &t in &self.touched {
                    grown[t as usize] = self.dense[t as usize];
                }
                self.dense = grown;
            }
            add_to(&mut self.dense[i], &mut self.touched, i as u32, w, n);
        } else {
            let n = n.min(LEN_SATURATED) as u8;
            let e = self.sparse.entry(id).or_insert((0, n));
            e.0 = e.0.saturating_add(w);
        }
    }

    /// The number of units counted.
    #[inline]
    pub(super) fn len(&self) -> usize {
        self.touched.len() + self.sparse.len()
    }

    /// Adds 1 to a unit already counted (others are left alone).
    #[inline]
    pub(super) fn bump(&mut self, id: i64) {
        if (0..DENSE_LIMIT).contains(&id) {
            if let Some(e) = self.dense.get_mut(id as usize) {
                if count_of(*e) > 0 && count_of(*e) < u16::MAX {
                    *e += 1;
                }
            }
        } else if let Some(e) = self.sparse.get_mut(&id) {
            e.0 = e.0.saturating_add(1);
        }
    }

    /// The count of a unit.
    #[inline]
    pub(super) fn get(&self, id: i64) -> u16 {
        if (0..DENSE_LIMIT).contains(&id) {
            self.dense.get(id as usize).map_or(0, |&e| count_of(e))
        } else {
            self.sparse.get(&id).map_or(0, |e| e.0)
        }
    }

    #[inline]
    pub(super) fn iter(&self) -> impl Iterator<Item = (i64, u16, u32)> + '_ {
        self.touched
            .iter()
            .map(|&i| {
                let e = self.dense[i as usize];
                (i64::from(i), count_of(e), len_of(e))
            })
            .chain(
                self.sparse
                    .iter()
                    .map(|(&id, &(c, n))| (id, c, u32::from(n))),
            )
    }
}

/// Adds `w` to a dense entry (saturating), recording the unit and its length when it is
/// first counted.
#[inline(always)]
fn add_to(e: &mut u32, touched: &mut Vec<u32>, i: u32, w: u16, n: u32) {
    if *e == 0 {
        touched.push(i);
        *e = n.min(LEN_SATURATED) << 16;
    }
    let c = count_of(*e).saturating_add(w);
    *e = (*e & !0xffff) | u32::from(c);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_lengths_and_bumps_in_the_array_across_growth_and_in_the_map() {
        let mut c = Counter::default();
        c.add(3, 2, 7);
        c.add(3, 1, 7);
        // Grows the array: the count of unit 3 survives.
        c.add(100_000, 1, 300);
        c.add(DENSE_LIMIT + 5, 4, 9);
        c.bump(3);
        c.bump(4); // not counted: left alone
        c.bump(DENSE_LIMIT + 5);
        assert_eq!((c.get(3), c.get(4), c.get(100_000)), (4, 0, 1));
        assert_eq!(c.get(DENSE_LIMIT + 5), 5);
        let mut all: Vec<_> = c.iter().collect();
        all.sort();
        assert_eq!(
            all,
            [
                (3, 4, 7),
                (100_000, 1, LEN_SATURATED),
                (DENSE_LIMIT + 5, 5, 9)
            ]
        );
        c.add(7, u16::MAX, 1);
        c.add(7, 1, 1);
        c.bump(7);
        assert_eq!(c.get(7), u16::MAX, "counts saturate");
        c.clear();
        assert_eq!(c.iter().count(), 0);
        assert_eq!(c.get(3), 0);
    }
}
