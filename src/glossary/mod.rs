//! The glossary: names and terms with their preferred, allowed and forbidden renderings
//! per language, read from CSV files ([`parse_csv`], written by [`write_csv`]) or TBX term
//! bases ([`parse_tbx`], [`write_tbx`]); a [`TermMatcher`] finds the terms and their
//! inflected forms ([`morph`]) in source and target text; [`suggest_names`] lists names
//! the glossary does not know yet; [`add_entry`] appends a validated entry to a CSV file.
//!
//! A glossary CSV is UTF-8 with a header row. Columns:
//! - a language code (`en`, `kk`, `ru`, `kk-KZ`, …): the preferred rendering;
//! - `<lang>:forbidden`: `;`-separated variants that must not be used;
//! - `<lang>:allowed`: `;`-separated variants also accepted as correct;
//! - `gender`: `m` or `f` for people (Russian declension of their names depends on it);
//! - `note`: free text.
//!
//! [`Glossary::load`] takes a file or a directory of `*.csv` / `*.tbx` files and reports
//! duplicate and conflicting entries with file and line ([`Problem`]).

mod add;
mod csv;
mod entry;
mod load;
mod matcher;
pub mod morph;
mod problems;
mod search_forms;
mod suggest;
mod tbx;

pub use add::add_entry;
pub use csv::{parse_csv, write_csv};
pub use entry::{Entry, Gender, Origin, Terms};
pub use load::Glossary;
pub use matcher::{is_word_char, Role, TermHit, TermMatcher};
pub use problems::{Problem, ProblemLevel};
pub use search_forms::concordance_query;
pub use suggest::{suggest_names, Suggestion};
pub use tbx::{parse_tbx, read_tbx, write_tbx, Tbx, TbxWriteError};

pub(crate) use entry::lookup_lang;

use std::path::Path;

use crate::input::InputError;

/// Errors while reading a glossary; each names the file and, where known, the line.
#[derive(Debug, thiserror::Error)]
pub enum GlossaryError {
    /// A glossary file or directory could not be read, or holds something wrong at a line
    /// or as a whole.
    #[error(transparent)]
    Input(#[from] InputError),
}

impl GlossaryError {
    /// An error at a line of `path`.
    pub(crate) fn at_line(path: &Path, line: u64, message: impl Into<String>) -> Self {
        InputError::at_line(path, line, message).into()
    }

    /// An error about the whole of `path`.
    pub(crate) fn file(path: &Path, message: impl Into<String>) -> Self {
        InputError::file(path, message).into()
    }

    /// An I/O error on `path`.
    pub(crate) fn io(path: &Path, source: std::io::Error) -> Self {
        InputError::io(path, source).into()
    }
}

#[cfg(test)]
mod test_csv {
    use std::path::Path;

    use super::{parse_csv, Glossary, GlossaryError};

    /// The glossary of a CSV text (named `g.csv`), with its problems.
    pub(super) fn glossary(csv: &str) -> Result<Glossary, GlossaryError> {
        let entries = parse_csv(csv.as_bytes(), Path::new("g.csv"))?;
        Ok(Glossary::from_entries(entries))
    }
}
