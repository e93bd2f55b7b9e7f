//! The source keys of the units an import into an empty TM adds, held in memory while the
//! TM's own index of them (`units_source_key`) waits to be built once the units are in
//! (see [`Writer`](super::Writer)): inserting into that index one unit at a time, at a
//! random place, was the costliest B-tree work of a large import, and building it from the
//! finished table is a sort.
//!
//! The table answers which units may hold a key: each slot keeps the key's upper 32 bits
//! and the unit's place in the import (8 bytes), so a unit whose key shares those bits is
//! a candidate that the writer checks against the stored row, as it checks the units the
//! index finds. The slots double when three quarters are taken: 8 bytes a slot, 11–21
//! bytes a unit (134 MiB at 10,000,000 units).

/// Slots of a new table.
const FIRST_SLOTS: usize = 1 << 16;

/// Unit ids by the upper half of their source key (see the module's documentation).
pub(super) struct KeyTable {
    /// 0: empty; else `(key >> 32) << 32 | (id - base + 1)`.
    slots: Vec<u64>,
    taken: usize,
    /// The first id the table can hold.
    base: i64,
}

impl KeyTable {
    /// An empty table for ids from `base` on.
    pub(super) fn new(base: i64) -> Self {
        KeyTable {
            slots: vec![0; FIRST_SLOTS],
            taken: 0,
            base,
        }
    }

    fn tag(key: i64) -> u64 {
        (key as u64) >> 32
    }

    fn home(&self, tag: u64) -> usize {
        tag as usize & (self.slots.len() - 1)
    }

    /// Records that unit `id` (at or above the base, below 2^32 ids after it) has source
    /// key `key`; false when the id is out of that range (then nothing is recorded).
    pub(super) fn insert(&mut self, key: i64, id: i64) -> bool {
        let Some(place) = id
            .checked_sub(self.base)
            .and_then(|p| u32::try_from(p).ok())
            .and_then(|p| p.checked_add(1))
        else {
            return false;
        };
        if (self.taken + 1) * 4 > self.slots.len() * 3 {
            self.grow();
        }
        self.put(Self::tag(key) << 32 | u64::from(place));
        self.taken += 1;
        true
    }

    fn put(&mut self, slot: u64) {
        let mask = self.slots.len() - 1;
        let mut at = self.home(slot >> 32);
        while self.slots[at] != 0 {
            at = (at + 1) & mask;
        }
        self.slots[at] = slot;
    }

    fn grow(&mut self) {
        let doubled = vec![0; self.slots.len() * 2];
        let old = std::mem::replace(&mut self.slots, doubled);
        for s in old.into_iter().filter(|&s| s != 0) {
            self.put(s);
        }
    }

    /// Appends to `out` every unit whose key may be `key` (its upper 32 bits are equal), in
    /// no particular order.
    pub(super) fn candidates(&self, key: i64, out: &mut Vec<i64>) {
        let tag = Self::tag(key);
        let mask = self.slots.len() - 1;
        let mut at = self.home(tag);
        loop {
            let s = self.slots[at];
            if s == 0 {
                return;
            }
            if s >> 32 == tag {
                out.push(self.base + i64::from(s as u32) - 1);
            }
            at = (at + 1) & mask;
        }
    }

    /// The memory the table holds, in bytes.
    #[cfg(test)]
    fn bytes(&self) -> usize {
        self.slots.len() * std::mem::size_of::<u64>()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn candidates(t: &KeyTable, key: i64) -> Vec<i64> {
        let mut out = Vec::new();
        t.candidates(key, &mut out);
        out.sort_unstable();
        out
    }

    #[test]
    fn every_unit_is_a_candidate_for_its_key_through_growth() {
        let mut t = KeyTable::new(7);
        let key = |i: i64| crate::store::source_key("en", &format!("sentence {i}"));
        for i in 0..200_000 {
            assert!(t.insert(key(i), 7 + i));
        }
        assert!(t.bytes() >= 200_000 * 8 * 4 / 3);
        for i in (0..200_000).step_by(997) {
            assert!(candidates(&t, key(i)).contains(&(7 + i)), "unit {i}");
        }
        // A key no unit has finds none (or, rarely, a unit with the same upper half).
        let strangers = (0..1000)
            .filter(|i| !candidates(&t, key(1_000_000 + i)).is_empty())
            .count();
        assert!(strangers < 5, "{strangers}");
    }

    #[test]
    fn units_sharing_a_key_or_its_upper_half_are_all_candidates() {
        let mut t = KeyTable::new(1);
        let key = 0x1234_5678_0000_0001_i64;
        t.insert(key, 1);
        t.insert(key, 2);
        t.insert(key ^ 0xff, 3);
        t.insert(!key, 4);
        assert_eq!(candidates(&t, key), vec![1, 2, 3]);
        assert_eq!(candidates(&t, !key), vec![4]);
    }

    #[test]
    fn ids_below_the_base_or_too_far_above_it_are_refused() {
        let mut t = KeyTable::new(10);
        assert!(!t.insert(1, 9));
        assert!(!t.insert(1, 10 + i64::from(u32::MAX)));
        assert!(t.insert(1, 10 + i64::from(u32::MAX) - 1));
        assert_eq!(candidates(&t, 1), vec![10 + i64::from(u32::MAX) - 1]);
    }
}
