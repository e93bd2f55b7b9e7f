//! [`Summary`]: what an import did.

use serde::Serialize;

use crate::input::XliffTally;
use crate::store::Change;

/// What an import did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Summary {
    /// New units.
    pub added: u64,
    /// Existing units that got a new or changed variant.
    pub updated: u64,
    /// Units already in the TM exactly as imported.
    pub unchanged: u64,
    /// Documents skipped because they had not changed since their last import.
    pub documents_skipped: u64,
    /// Beads of aligned reports (`--align`) stored as units.
    pub beads_aligned: u64,
    /// Beads of aligned reports left out for a confidence below the minimum.
    pub beads_left_out: u64,
    /// Each XLIFF file's segments by state, and those not stored with the reason.
    pub xliff: Vec<XliffTally>,
    /// Alternative translations kept: variants added to a unit that already held one of
    /// their language (another context, or another translation in the same input).
    pub alternatives: u64,
}

impl Summary {
    /// Counts one unit's outcome.
    pub(crate) fn record(&mut self, change: Change) {
        match change {
            Change::Added => self.added += 1,
            Change::Updated => self.updated += 1,
            Change::Unchanged => self.unchanged += 1,
            // Counted when it was added.
            Change::Repeated => {}
        }
    }

    /// Adds another summary's counts.
    pub(crate) fn merge(&mut self, other: Summary) {
        self.added += other.added;
        self.updated += other.updated;
        self.unchanged += other.unchanged;
        self.documents_skipped += other.documents_skipped;
        self.beads_aligned += other.beads_aligned;
        self.beads_left_out += other.beads_left_out;
        self.xliff.extend(other.xliff);
        self.alternatives += other.alternatives;
    }
}
