//! Importing into the TM: plain-text reports, parallel reports, TSV/CSV tables, TMX, XLIFF.
//!
//! Every importer writes into one [`Tx`](crate::store::Tx); the caller commits only when all
//! inputs were read without error, so an import is all-or-nothing.

pub mod table;
pub mod text;
pub mod tmx;
pub mod xliff;

use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::store::{Change, StoreError};

/// Errors while importing; each names the file and, where there is one, the line.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    /// The file could not be read.
    #[error("{}: {source}", path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
    /// A problem at a known line (bad UTF-8, NUL bytes, a bad row, …).
    #[error("{}:{line}: {message}", path.display())]
    AtLine {
        /// The file.
        path: PathBuf,
        /// 1-based line number.
        line: u64,
        /// What is wrong.
        message: String,
    },
    /// A problem at a known line and column (malformed XML).
    #[error("{}:{line}:{column}: {message}", path.display())]
    AtPosition {
        /// The file.
        path: PathBuf,
        /// 1-based line number.
        line: u64,
        /// 1-based column.
        column: u64,
        /// What is wrong.
        message: String,
    },
    /// A problem with the file as a whole (empty, unknown language, mismatched parallel texts).
    #[error("{}: {message}", path.display())]
    File {
        /// The file.
        path: PathBuf,
        /// What is wrong.
        message: String,
    },
    /// The TM refused a unit.
    #[error("{}: {source}", path.display())]
    Store {
        /// The file being imported.
        path: PathBuf,
        /// The store's error.
        source: StoreError,
    },
}

impl ImportError {
    /// A whole-file error.
    pub fn file(path: &Path, message: impl Into<String>) -> Self {
        ImportError::File {
            path: path.to_path_buf(),
            message: message.into(),
        }
    }

    /// An error at a line.
    pub fn at_line(path: &Path, line: u64, message: impl Into<String>) -> Self {
        ImportError::AtLine {
            path: path.to_path_buf(),
            line,
            message: message.into(),
        }
    }

    /// A store error while importing `path`.
    pub fn store(path: &Path, source: StoreError) -> Self {
        ImportError::Store {
            path: path.to_path_buf(),
            source,
        }
    }

    /// An I/O error on `path`.
    pub fn io(path: &Path, source: std::io::Error) -> Self {
        ImportError::Io {
            path: path.to_path_buf(),
            source,
        }
    }
}

/// Result of importing.
pub type Result<T, E = ImportError> = std::result::Result<T, E>;

/// What an import did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Summary {
    /// New units.
    pub added: u64,
    /// Existing units that got a new or changed variant.
    pub updated: u64,
    /// Units already in the TM exactly as imported.
    pub unchanged: u64,
    /// Documents skipped because they had not changed since their last import.
    pub documents_skipped: u64,
}

impl Summary {
    /// Counts one unit's outcome.
    pub fn record(&mut self, change: Change) {
        match change {
            Change::Added => self.added += 1,
            Change::Updated => self.updated += 1,
            Change::Unchanged => self.unchanged += 1,
        }
    }

    /// Adds another summary's counts.
    pub fn merge(&mut self, other: Summary) {
        self.added += other.added;
        self.updated += other.updated;
        self.unchanged += other.unchanged;
        self.documents_skipped += other.documents_skipped;
    }
}

/// Receives progress while importing (bytes of input consumed). The CLI draws a bar with it.
pub trait Progress {
    /// `bytes` more bytes of input were consumed.
    fn advance(&mut self, bytes: u64);
}

/// Progress that goes nowhere.
pub struct NoProgress;

impl Progress for NoProgress {
    fn advance(&mut self, _bytes: u64) {}
}

/// Options shared by importers.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Source language (for inputs that don't say; e.g. `en`).
    pub src_lang: Option<String>,
    /// Extra abbreviations for the segmenter.
    pub abbreviations: Vec<String>,
}
