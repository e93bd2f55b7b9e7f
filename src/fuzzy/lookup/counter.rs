//! [`Counter`]: per-unit counts of the query tokens found while [`collect`](super::collect)
//! reads postings lists.

use std::collections::HashMap;

use crate::index::LEN_SATURATED;

/// Per-unit prefix counts: a dense array for ordinary ids, a map beyond.
#[derive(Default)]
pub(super) struct Counter {
    /// (count, length) per unit id; lengths are ≤ 255 (saturated) in the postings.
    dense: Vec<(u16, u8)>,
    touched: Vec<u32>,
    sparse: HashMap<i64, (u16, u8)>,
}

const DENSE_LIMIT: i64 = 1 << 28;

impl Counter {
    pub(super) fn clear(&mut self) {
        for &i in &self.touched {
            self.dense[i as usize] = (0, 0);
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
                if e.0 == 0 {
                    self.touched.push(id as u32);
                    e.1 = n.min(LEN_SATURATED) as u8;
                }
                e.0 = e.0.saturating_add(w);
                return;
            }
        }
        self.add_rare(id, w, n);
    }

    /// [`Counter::add`] for a unit beyond the array: it grows, or the map takes the unit.
    #[cold]
    #[inline(never)]
    fn add_rare(&mut self, id: i64, w: u16, n: u32) {
        let n = n.min(LEN_SATURATED) as u8;
        if (0..DENSE_LIMIT).contains(&id) {
            let i = id as usize;
            if i >= self.dense.len() {
                self.dense.resize((i + 1).next_power_of_two(), (0, 0));
            }
            let e = &mut self.dense[i];
            if e.0 == 0 {
                self.touched.push(i as u32);
                e.1 = n;
            }
            e.0 = e.0.saturating_add(w);
        } else {
            let e = self.sparse.entry(id).or_insert((0, n));
            e.0 = e.0.saturating_add(w);
        }
    }

    /// Adds 1 to a unit already counted (others are left alone).
    #[inline]
    pub(super) fn bump(&mut self, id: i64) {
        if (0..DENSE_LIMIT).contains(&id) {
            if let Some(e) = self.dense.get_mut(id as usize) {
                if e.0 > 0 {
                    e.0 = e.0.saturating_add(1);
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
            self.dense.get(id as usize).map_or(0, |e| e.0)
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
                (i64::from(i), e.0, u32::from(e.1))
            })
            .chain(
                self.sparse
                    .iter()
                    .map(|(&id, &(c, n))| (id, c, u32::from(n))),
            )
    }
}
