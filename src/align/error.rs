//! [`AlignError`]: a document that cannot be aligned, naming the file.

use std::path::PathBuf;

use crate::input::InputError;

/// Why a document could not be read for alignment. Every error names the file.
#[derive(Debug, thiserror::Error)]
pub enum AlignError {
    /// The file could not be read (I/O, bad encoding, NUL bytes: binary data, too long).
    #[error(transparent)]
    Input(#[from] InputError),
    /// The file holds no sentence.
    #[error("{}: the file is empty: nothing to align", path.display())]
    Empty {
        /// The file.
        path: PathBuf,
    },
    /// The text is not in the language it was given as.
    #[error("{}: this does not look like {expected} text: {found}; check the file or pass --src/--tgt", path.display())]
    WrongLanguage {
        /// The file.
        path: PathBuf,
        /// The language the file was given as.
        expected: String,
        /// What the text looks like instead.
        found: String,
    },
}

impl AlignError {
    /// The same error as an [`InputError`] (for importers, which report input errors).
    pub fn into_input_error(self) -> InputError {
        match self {
            AlignError::Input(e) => e,
            AlignError::Empty { path } => {
                InputError::file(&path, "the file is empty: nothing to align")
            }
            AlignError::WrongLanguage {
                path,
                expected,
                found,
            } => InputError::file(
                &path,
                format!(
                    "this does not look like {expected} text: {found}; check the file or pass --src/--tgt"
                ),
            ),
        }
    }
}
