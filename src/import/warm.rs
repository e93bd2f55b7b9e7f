//! Bringing a batch of units into the writer's cache before it stores them.
//!
//! The reader thread builds each unit, so its strings sit in the other core's cache; the
//! writer then stalls on a miss at every field it binds (a unit has some twenty separate
//! strings). Reading one byte of every cache line of a whole batch in one pass lets those
//! loads overlap instead. Measured on a 1,000,000-unit TMX import: about 7% less writer time.

use crate::index::UnitTokens;
use crate::input::OccurrenceProps;
use crate::store::{PreparedUnit, Prop};

/// An item whose heap memory can be read ahead of use.
pub(crate) trait Warm {
    /// Reads one byte per cache line of the item's memory, folded into `acc` (so that the
    /// loads are not optimized away).
    fn warm(&self, acc: &mut u8);
}

/// Reads one byte per 64-byte cache line of `bytes`.
pub(crate) fn touch(bytes: &[u8], acc: &mut u8) {
    for b in bytes.iter().step_by(64) {
        *acc ^= *b;
    }
}

/// Warms every item of `batch` (see the module documentation).
pub(crate) fn warm_all<T: Warm>(batch: &[T]) {
    let mut acc = 0u8;
    for item in batch {
        item.warm(&mut acc);
    }
    std::hint::black_box(acc);
}

impl Warm for UnitTokens {
    fn warm(&self, acc: &mut u8) {
        // One u32 in sixteen: one per cache line.
        for n in self.sequence().iter().step_by(16) {
            *acc ^= *n as u8;
        }
        for n in self.distinct().iter().step_by(16) {
            *acc ^= *n as u8;
        }
        for key in self.new_keys() {
            key.warm(acc);
        }
    }
}

impl Warm for str {
    fn warm(&self, acc: &mut u8) {
        touch(self.as_bytes(), acc);
    }
}

impl Warm for String {
    fn warm(&self, acc: &mut u8) {
        touch(self.as_bytes(), acc);
    }
}

impl Warm for u64 {
    fn warm(&self, _: &mut u8) {}
}

impl Warm for usize {
    fn warm(&self, _: &mut u8) {}
}

impl<T: Warm> Warm for Option<T> {
    fn warm(&self, acc: &mut u8) {
        if let Some(t) = self {
            t.warm(acc);
        }
    }
}

impl<T: Warm> Warm for Vec<T> {
    fn warm(&self, acc: &mut u8) {
        for t in self {
            t.warm(acc);
        }
    }
}

impl<A: Warm, B: Warm> Warm for (A, B) {
    fn warm(&self, acc: &mut u8) {
        self.0.warm(acc);
        self.1.warm(acc);
    }
}

impl<A: Warm, B: Warm, C: Warm> Warm for (A, B, C) {
    fn warm(&self, acc: &mut u8) {
        self.0.warm(acc);
        self.1.warm(acc);
        self.2.warm(acc);
    }
}

impl Warm for PreparedUnit {
    fn warm(&self, acc: &mut u8) {
        let u = self.input();
        u.src_lang.warm(acc);
        u.source.warm(acc);
        if !std::ptr::eq(self.source_nfc(), u.source.as_str()) {
            self.source_nfc().warm(acc);
        }
        u.source_markup.warm(acc);
        u.tuid.warm(acc);
        u.created_at.warm(acc);
        u.changed_at.warm(acc);
        u.creator.warm(acc);
        for v in &u.targets {
            v.lang.warm(acc);
            v.text.warm(acc);
            v.markup.warm(acc);
            v.created_at.warm(acc);
            v.changed_at.warm(acc);
            v.creator.warm(acc);
        }
        u.props.warm(acc);
    }
}

impl Warm for Prop {
    fn warm(&self, acc: &mut u8) {
        self.lang.warm(acc);
        self.kind.warm(acc);
        self.prop_type.warm(acc);
        self.value.warm(acc);
    }
}

impl Warm for OccurrenceProps {
    fn warm(&self, acc: &mut u8) {
        self.document.warm(acc);
        self.prev.warm(acc);
        self.next.warm(acc);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn touching_reads_one_byte_per_cache_line() {
        let bytes: Vec<u8> = (0..200u8).collect();
        let mut acc = 0;
        touch(&bytes, &mut acc);
        // Bytes 0, 64, 128 and 192.
        assert_eq!(acc, 64 ^ 128 ^ 192);
    }
}
