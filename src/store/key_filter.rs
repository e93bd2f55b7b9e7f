//! A Bloom filter over source keys, so that a bulk import can skip the database lookup
//! for a source the TM surely does not hold (most units of a large import are new).
//!
//! Its size is fixed (8 MiB), so memory does not grow with the TM or the input; as the
//! number of keys grows, it answers "maybe" more often, which only costs a lookup. With
//! 1,000,000 keys a new source is looked up about once in a thousand; with 10,000,000,
//! one time in fifteen.

use rusqlite::Connection;

use super::Result;

/// Bits in the filter (2^26 = 8 MiB).
const BITS_LOG2: u32 = 26;

/// The set of source keys the TM may hold.
pub(super) struct KeyFilter {
    words: Vec<u64>,
}

impl KeyFilter {
    /// A filter holding every source key now in the TM (a scan of the key index).
    pub(super) fn of_tm(conn: &Connection) -> Result<Self> {
        let mut f = KeyFilter {
            words: vec![0; 1 << (BITS_LOG2 - 6)],
        };
        let mut stmt = conn.prepare("SELECT source_key FROM units INDEXED BY units_source_key")?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            f.insert(r.get(0)?);
        }
        Ok(f)
    }

    /// Two bit positions from disjoint parts of the key (a SHA-256 prefix: uniform), in
    /// the same 64-byte block, so that a test or an insert touches one cache line.
    fn positions(key: i64) -> [usize; 2] {
        let k = key as u64;
        let first = k & ((1u64 << BITS_LOG2) - 1);
        let second = (first & !511) | ((k >> 40) & 511);
        [first as usize, second as usize]
    }

    /// Records `key` as present.
    pub(super) fn insert(&mut self, key: i64) {
        for p in Self::positions(key) {
            self.words[p >> 6] |= 1 << (p & 63);
        }
    }

    /// False when `key` was never inserted; true when it may have been.
    pub(super) fn may_contain(&self, key: i64) -> bool {
        Self::positions(key)
            .iter()
            .all(|&p| self.words[p >> 6] & (1 << (p & 63)) != 0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn empty() -> KeyFilter {
        KeyFilter {
            words: vec![0; 1 << (BITS_LOG2 - 6)],
        }
    }

    #[test]
    fn inserted_keys_are_always_reported() {
        let mut f = empty();
        let keys: Vec<i64> = (0..10_000i64)
            .map(|i| i.wrapping_mul(0x9E37_79B9_7F4A_7C15u64 as i64))
            .collect();
        for &k in &keys {
            f.insert(k);
        }
        assert!(keys.iter().all(|&k| f.may_contain(k)));
    }

    #[test]
    fn keys_never_inserted_are_mostly_reported_absent() {
        let mut f = empty();
        for i in 0..100_000i64 {
            f.insert(crate::store::source_key("en", &format!("sentence {i}")));
        }
        let false_positives = (0..100_000i64)
            .filter(|i| f.may_contain(crate::store::source_key("en", &format!("other {i}"))))
            .count();
        assert!(false_positives < 100, "{false_positives} false positives");
    }
}
