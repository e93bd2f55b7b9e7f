//! Fuzzy matching against the TM: the match score, the token index kept in the database,
//! lookup (indexed or exhaustive), concordance (FTS5), CAT-style match analysis, diffs for
//! display and a deterministic TM generator for tests and benchmarks.

pub mod analyze;
pub mod concordance;
pub mod diff;
pub mod distance;
pub mod feed;
pub mod generate;
pub mod index;
pub mod lookup;
pub mod score;
pub mod tokenize;

pub use feed::{Feed, Tokenizer, UnitTokens};
pub use index::{needs_sync, sync_index};
pub use lookup::{Context, LookupOptions, LookupStats, Match, Matcher};
pub use score::{score, NumberDiff, Penalties, Scored};
pub use tokenize::Tokens;

/// Errors of the fuzzy index and lookups.
#[derive(Debug, thiserror::Error)]
pub enum FuzzyError {
    /// An SQLite error.
    #[error("database error: {0}")]
    Sql(#[from] rusqlite::Error),
    /// A postings blob could not be decoded.
    #[error("the fuzzy index is corrupt; rebuild it with `DELETE FROM fz_state`")]
    CorruptIndex,
    /// A file to analyze could not be read.
    #[error("{}: {source}", path.display())]
    Io {
        /// The file.
        path: std::path::PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
    /// A file to analyze could not be read as text.
    #[error(transparent)]
    Import(Box<crate::import::ImportError>),
}
