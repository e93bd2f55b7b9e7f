//! The error type of the translation memory.

use std::path::PathBuf;

/// Errors of the translation memory.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The database could not be opened or created.
    #[error("{path}: cannot open the TM database: {source}")]
    Open {
        /// The database file.
        path: PathBuf,
        /// What SQLite said.
        source: rusqlite::Error,
    },
    /// The file is a TM written by a newer tmkit.
    #[error("{path}: schema version {found} is newer than this tmkit understands ({supported})")]
    TooNew {
        /// The database file.
        path: PathBuf,
        /// The version found in the file.
        found: i64,
        /// The newest version this build knows.
        supported: i64,
    },
    /// A schema migration could not be applied (nothing was changed).
    #[error("{path}: cannot upgrade the TM to schema version {version}: {message}")]
    Migration {
        /// The database file.
        path: PathBuf,
        /// The version the migration leads to.
        version: i64,
        /// What went wrong.
        message: String,
    },
    /// A language tag that is not BCP 47.
    #[error("invalid language tag {0:?} (expected a BCP 47 tag such as en, kk, ru-RU)")]
    BadLang(String),
    /// An empty source or target text.
    #[error("empty {0} text")]
    EmptyText(&'static str),
    /// Any other SQLite error.
    #[error("database error: {0}")]
    Sql(#[from] rusqlite::Error),
}

/// Result of store operations.
pub type Result<T, E = StoreError> = std::result::Result<T, E>;
