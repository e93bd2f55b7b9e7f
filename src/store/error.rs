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
    /// The TM cannot be written: its file or its folder is read-only (a read-only medium,
    /// another user's TM), or it was opened for reading. It can still be read.
    #[error("{path}: the TM is read-only ({why}): it can be read but not changed")]
    ReadOnly {
        /// The database file.
        path: PathBuf,
        /// Why it cannot be written.
        why: &'static str,
    },
    /// Another process held the TM's lock for longer than tmkit waits
    /// ([`LOCK_WAIT`](super::LOCK_WAIT)).
    #[error(
        "{path}: another process kept the TM locked for {} minutes; gave up waiting (nothing was changed)",
        waited.as_secs() / 60
    )]
    Busy {
        /// The database file.
        path: PathBuf,
        /// How long this process waited.
        waited: std::time::Duration,
    },
    /// A language tag that is not BCP 47, or whose language is no ISO 639 language.
    #[error("{0}")]
    BadLang(crate::lang::LangError),
    /// An empty source or target text.
    #[error("empty {0} text")]
    EmptyText(&'static str),
    /// Any other SQLite error.
    #[error("database error: {0}")]
    Sql(#[from] rusqlite::Error),
}

impl StoreError {
    /// Whether SQLite refused because the TM (or the folder its journal files go to)
    /// cannot be written.
    pub(crate) fn is_read_only(&self) -> bool {
        match self {
            StoreError::ReadOnly { .. } => true,
            StoreError::Open { source, .. } | StoreError::Sql(source) => read_only_code(source),
            _ => false,
        }
    }
}

/// Whether SQLite's error says the database or its folder cannot be written
/// (`SQLITE_READONLY` and its extended codes, such as `SQLITE_READONLY_DIRECTORY` when the
/// write-ahead log cannot be created beside the TM).
pub(super) fn read_only_code(e: &rusqlite::Error) -> bool {
    e.sqlite_error_code() == Some(rusqlite::ErrorCode::ReadOnly)
}

/// Whether SQLite's error says another connection holds the lock.
pub(super) fn busy_code(e: &rusqlite::Error) -> bool {
    matches!(
        e.sqlite_error_code(),
        Some(rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked)
    )
}

/// Result of store operations.
pub type Result<T, E = StoreError> = std::result::Result<T, E>;
