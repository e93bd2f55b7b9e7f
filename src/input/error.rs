//! [`InputError`]: what went wrong reading an input, naming the file and, where known, the
//! line (and column).

use std::fs::File;
use std::path::{Path, PathBuf};

use crate::formats::xml::{self, XmlError};

/// An input that could not be read; each error names the file and, where there is one, the
/// line.
#[derive(Debug, thiserror::Error)]
pub enum InputError {
    /// The file could not be read. The I/O error's message is part of this one (and not
    /// also given as its `source()`, which `{:#}` would print a second time).
    #[error("{}: {error}", path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// The I/O error.
        error: std::io::Error,
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
}

impl InputError {
    /// An I/O error on `path`.
    pub fn io(path: &Path, error: std::io::Error) -> Self {
        InputError::Io {
            path: path.to_path_buf(),
            error,
        }
    }

    /// An error at a line of `path`.
    pub fn at_line(path: &Path, line: u64, message: impl Into<String>) -> Self {
        InputError::AtLine {
            path: path.to_path_buf(),
            line,
            message: message.into(),
        }
    }

    /// An error about the whole of `path`.
    pub fn file(path: &Path, message: impl Into<String>) -> Self {
        InputError::File {
            path: path.to_path_buf(),
            message: message.into(),
        }
    }

    /// The error for malformed XML in `path` at the error's byte offset, with line and
    /// column: the file is read again up to the offset to count lines (only on error).
    pub fn in_xml(path: &Path, e: XmlError) -> Self {
        let pos = File::open(path)
            .and_then(xml::decode_input)
            .and_then(|r| xml::line_col(r, e.offset));
        match pos {
            Ok((line, column)) => InputError::AtPosition {
                path: path.to_path_buf(),
                line,
                column,
                message: e.message,
            },
            Err(_) => InputError::file(path, format!("byte {}: {}", e.offset, e.message)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_name_the_file_then_line_and_column() {
        let p = Path::new("r.en.txt");
        assert_eq!(
            InputError::at_line(p, 3, "bad").to_string(),
            "r.en.txt:3: bad"
        );
        assert_eq!(InputError::file(p, "empty").to_string(), "r.en.txt: empty");
        let e = InputError::AtPosition {
            path: p.into(),
            line: 2,
            column: 7,
            message: "bad tag".into(),
        };
        assert_eq!(e.to_string(), "r.en.txt:2:7: bad tag");
    }

    #[test]
    fn an_io_error_is_said_once_even_with_its_causes() {
        let e = InputError::io(
            Path::new("g.csv"),
            std::io::Error::new(std::io::ErrorKind::NotFound, "no such file"),
        );
        // `{:#}` prints each source after the message: there is none to print twice.
        assert!(std::error::Error::source(&e).is_none());
        assert_eq!(e.to_string(), "g.csv: no such file");
    }

    #[test]
    fn xml_errors_get_line_and_column_from_the_file() {
        let d = tempfile::tempdir().unwrap();
        let p = d.path().join("m.tmx");
        std::fs::write(&p, "<tmx>\n  <bad\n").unwrap();
        let e = InputError::in_xml(
            &p,
            XmlError {
                offset: 8,
                message: "unclosed tag".into(),
            },
        );
        match e {
            InputError::AtPosition { line, column, .. } => assert_eq!((line, column), (2, 3)),
            other => panic!("expected a position, got {other}"),
        }
    }
}
