//! The fuzzy-match index kept in the TM database: token postings of every unit
//! ([`sync`]: built and brought up to date), fed unit by unit during imports ([`feed`]).

pub mod feed;
pub(crate) mod fts;
pub(crate) mod postings;
mod read;
pub mod sync;

pub use feed::{Feed, Tokenizer, UnitTokens};
pub use fts::{fts_needs_sync, sync_fts};
pub use sync::{needs_sync, sync_index};

pub(crate) use postings::LEN_SATURATED;
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
}
