//! [`ImportError`]: an input that could not be read, or a write the TM or its fuzzy-match
//! index refused; [`ReadError`] for readers of XML given bytes rather than a file.

use std::path::{Path, PathBuf};

use super::SinkError;
use crate::formats::xml::XmlError;
use crate::index::IndexError;
use crate::input::InputError;
use crate::store::StoreError;

/// Errors while importing; each names the file and, where there is one, the line.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    /// An input could not be read.
    #[error(transparent)]
    Input(#[from] InputError),
    /// The TM refused a unit of a file.
    #[error("{}: {source}", path.display())]
    Store {
        /// The file being imported.
        path: PathBuf,
        /// The store's error.
        source: StoreError,
    },
    /// Updating the fuzzy-match index failed while importing a file.
    #[error("{}: updating the fuzzy-match index: {source}", path.display())]
    Index {
        /// The file being imported.
        path: PathBuf,
        /// The index's error.
        source: IndexError,
    },
    /// The TM failed outside any input file: beginning or committing the transaction, or a
    /// unit given directly (`tmkit add`).
    #[error(transparent)]
    Tm(#[from] StoreError),
    /// Bringing the fuzzy-match index in step with the TM failed.
    #[error("updating the fuzzy-match index: {0}")]
    Sync(#[from] IndexError),
}

impl ImportError {
    /// A store error while importing `path`.
    pub(crate) fn store(path: &Path, source: StoreError) -> Self {
        ImportError::Store {
            path: path.to_path_buf(),
            source,
        }
    }

    /// An index error while importing `path`.
    pub(crate) fn index(path: &Path, source: IndexError) -> Self {
        ImportError::Index {
            path: path.to_path_buf(),
            source,
        }
    }
}

impl SinkError {
    /// The import error for this error while importing `path`.
    pub(crate) fn in_file(self, path: &Path) -> ImportError {
        match self {
            SinkError::Store(e) => ImportError::store(path, e),
            SinkError::Index(e) => ImportError::index(path, e),
        }
    }
}

impl From<SinkError> for ImportError {
    fn from(e: SinkError) -> Self {
        match e {
            SinkError::Store(e) => ImportError::Tm(e),
            SinkError::Index(e) => ImportError::Sync(e),
        }
    }
}

/// Why reading TMX or XLIFF from a reader into the TM failed
/// ([`import_tmx_from`](super::import_tmx_from)), before it is tied to a file (as an
/// [`ImportError`], which [`import_tmx`](super::import_tmx) returns).
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    /// The input is not acceptable XML of its format (with the byte offset).
    #[error(transparent)]
    Xml(#[from] XmlError),
    /// The TM refused a unit.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// Updating the fuzzy-match index failed.
    #[error(transparent)]
    Index(#[from] IndexError),
}

impl From<SinkError> for ReadError {
    fn from(e: SinkError) -> Self {
        match e {
            SinkError::Store(e) => ReadError::Store(e),
            SinkError::Index(e) => ReadError::Index(e),
        }
    }
}

impl ReadError {
    /// The import error for this error in file `path` (with line and column for XML).
    pub(crate) fn in_file(self, path: &Path) -> ImportError {
        match self {
            ReadError::Xml(e) => InputError::in_xml(path, e).into(),
            ReadError::Store(e) => ImportError::store(path, e),
            ReadError::Index(e) => ImportError::index(path, e),
        }
    }
}
