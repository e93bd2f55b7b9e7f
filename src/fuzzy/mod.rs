//! Fuzzy matching against the TM: the match score, the token index kept in the database,
//! lookup (indexed or exhaustive), concordance (FTS5), CAT-style match analysis, and diffs for
//! display.

pub mod analyze;
pub mod concordance;
pub mod diff;
pub mod distance;
pub mod lookup;
pub mod score;

pub use lookup::{Context, LookupOptions, LookupStats, Match, Matcher};
pub use score::{score, NumberDiff, Penalties, Scored};

/// Errors of the fuzzy index and lookups.
#[derive(Debug, thiserror::Error)]
pub enum FuzzyError {
    /// An SQLite error.
    #[error("database error: {0}")]
    Sql(#[from] rusqlite::Error),
    /// The fuzzy-match index could not be read or updated.
    #[error(transparent)]
    Index(#[from] crate::index::IndexError),
    /// A file to analyze could not be read.
    #[error(transparent)]
    Input(#[from] crate::input::InputError),
}
