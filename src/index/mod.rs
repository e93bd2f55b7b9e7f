//! The indexes kept in the TM database for fuzzy matching, below the code that reads them:
//!
//! - the token index: for every content-token key and unit length, the compressed postings
//!   of the units of that length holding it, and the key's length histogram (`postings`:
//!   the byte formats), built and brought up to date by
//!   [`sync_index`] (`sync`), fed unit by unit during imports ([`Feed`], `feed`) and read by
//!   lookups (`read`);
//! - the concordance tables (SQLite FTS5 over sources and translations), brought up to date
//!   by [`sync_fts`] and searched by concordances (`fts`).
//!
//! All SQL on these tables is here; `fuzzy` decides what to read and scores it.

mod feed;
pub(crate) mod fts;
pub(crate) mod postings;
mod read;
mod run_thread;
mod runs;
mod sync;

pub use feed::{Feed, Tokenizer, UnitTokens};
pub use fts::{fts_needs_sync, fts_rows_behind, sync_fts, sync_fts_batch, FTS_BATCH_ROWS};
pub use sync::{needs_sync, sync_index, units_to_index};

pub(crate) use postings::{BLOCK, LEN_SATURATED};
pub(crate) use read::{for_each_source, IndexReader, TokenId};

/// Errors of the fuzzy-match index.
#[derive(Debug, thiserror::Error)]
pub enum IndexError {
    /// An SQLite error.
    #[error("database error: {0}")]
    Sql(#[from] rusqlite::Error),
    /// A postings blob could not be decoded.
    #[error("the fuzzy index is corrupt; rebuild it with `DELETE FROM fz_state`")]
    CorruptIndex,
    /// The temporary file an import's postings wait in could not be written or read.
    #[error("the fuzzy index's temporary file: {0}")]
    Spill(std::io::Error),
    /// The thread writing an import's postings stopped before the import ended, without
    /// saying why (a fault in tmkit, not in the TM or the input; the import is rolled back).
    #[error("the fuzzy index's writing thread stopped before the import ended")]
    WriterStopped,
}
