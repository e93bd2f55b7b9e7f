//! [`ImportError`]: an input that could not be read, or a write the TM or its fuzzy-match
//! index refused; [`ReadError`] for readers of XML given bytes rather than a file.
//!
//! Blame goes where it belongs: a problem with what an input holds names the input's file
//! and line ([`ImportError::Input`]); a write that fails (a read-only or full disk, a locked
//! or damaged TM) names the TM, and the input only as what was being imported
//! ([`ImportError::Write`]), never a line of it. Each message is said once: the errors
//! wrapped here are part of the message, not also a `source()` that `{:#}` would print
//! again.

use std::path::{Path, PathBuf};

use super::{Sink, SinkError};
use crate::formats::xml::XmlError;
use crate::index::IndexError;
use crate::input::InputError;
use crate::store::StoreError;

/// Errors while importing; each names the file and, where there is one, the line.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    /// An input could not be read, or holds something that cannot be imported.
    #[error(transparent)]
    Input(#[from] InputError),
    /// Another tmkit TM given as an input could not be opened or read.
    #[error("{}", naming(.path, .error))]
    OtherTm {
        /// The TM given as an input.
        path: PathBuf,
        /// The store's error.
        error: StoreError,
    },
    /// Writing to the TM (or its fuzzy-match index) failed, while an input was imported or
    /// around the inputs (beginning, indexing, committing): the TM's fault or its disk's
    /// (read-only, full, locked, damaged), not the input's.
    #[error("{}: cannot write to the TM{}: {error}", tm.display(), importing(.input.as_deref()))]
    Write {
        /// The TM written to.
        tm: PathBuf,
        /// The input being imported, if the write was for one.
        input: Option<PathBuf>,
        /// What the TM or its index said.
        error: Box<SinkError>,
    },
    /// The TM failed outside any input file: beginning or committing the transaction, or a
    /// unit given directly (`tmkit add`).
    #[error("{0}")]
    Tm(StoreError),
    /// Bringing the fuzzy-match index in step with the TM failed.
    #[error("updating the fuzzy-match index: {0}")]
    Sync(IndexError),
}

/// " (while importing INPUT)", or nothing.
fn importing(input: Option<&Path>) -> String {
    input
        .map(|p| format!(" (while importing {})", p.display()))
        .unwrap_or_default()
}

/// `error`, prefixed with `path` unless it names it already.
fn naming(path: &Path, error: &StoreError) -> String {
    let message = error.to_string();
    let name = path.display().to_string();
    if message.starts_with(&name) {
        message
    } else {
        format!("{name}: {message}")
    }
}

/// The name of the TM a sink writes to, for messages.
pub(crate) fn tm_name(sink: &Sink<'_>) -> PathBuf {
    match sink.tx().conn().path() {
        Some(p) if !p.is_empty() => PathBuf::from(p),
        _ => PathBuf::from("the in-memory TM"),
    }
}

impl ImportError {
    /// A write into the TM of `sink` that failed while importing `input`.
    pub(crate) fn write(sink: &Sink<'_>, input: &Path, error: impl Into<SinkError>) -> Self {
        ImportError::write_to(&tm_name(sink), input, error)
    }

    /// A write into the TM `tm` that failed while importing `input`.
    pub(crate) fn write_to(tm: &Path, input: &Path, error: impl Into<SinkError>) -> Self {
        ImportError::Write {
            tm: tm.to_path_buf(),
            input: Some(input.to_path_buf()),
            error: Box::new(error.into()),
        }
    }

    /// `e`, a failure of the TM `tm` outside any input (beginning the transaction, bringing
    /// the index in step, committing), as a write to that TM. Errors tied to an input pass
    /// as they are.
    pub(crate) fn on_tm(tm: &Path, e: impl Into<ImportError>) -> ImportError {
        let write = |error: SinkError| ImportError::Write {
            tm: tm.to_path_buf(),
            input: None,
            error: Box::new(error),
        };
        match e.into() {
            ImportError::Tm(e) => write(e.into()),
            ImportError::Sync(e) => write(e.into()),
            e => e,
        }
    }

    /// An error of the other TM `path`, given as an input.
    pub(crate) fn other_tm(path: &Path, error: StoreError) -> Self {
        ImportError::OtherTm {
            path: path.to_path_buf(),
            error,
        }
    }
}

impl From<StoreError> for ImportError {
    fn from(e: StoreError) -> Self {
        ImportError::Tm(e)
    }
}

impl From<IndexError> for ImportError {
    fn from(e: IndexError) -> Self {
        ImportError::Sync(e)
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
    /// The input is not acceptable XML of its format, or a unit in it cannot be stored (a
    /// bad language tag…), with the byte offset.
    #[error(transparent)]
    Xml(#[from] XmlError),
    /// The TM refused a write.
    #[error("{0}")]
    Store(StoreError),
    /// Updating the fuzzy-match index failed.
    #[error("{0}")]
    Index(IndexError),
}

impl From<StoreError> for ReadError {
    fn from(e: StoreError) -> Self {
        ReadError::Store(e)
    }
}

impl From<IndexError> for ReadError {
    fn from(e: IndexError) -> Self {
        ReadError::Index(e)
    }
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
    /// The import error for this error in file `path` (with line and column for XML; a
    /// failed write names the TM of `sink`).
    pub(crate) fn in_file(self, sink: &Sink<'_>, path: &Path) -> ImportError {
        match self {
            ReadError::Xml(e) => InputError::in_xml(path, e).into(),
            ReadError::Store(e) => ImportError::write(sink, path, e),
            ReadError::Index(e) => ImportError::write(sink, path, e),
        }
    }
}

/// A unit of an XML input that cannot be stored (a bad language tag, an empty text), as an
/// error at its offset: the input's fault, at its line and column.
pub(crate) fn unit_error(offset: u64, e: StoreError) -> XmlError {
    XmlError {
        offset,
        message: e.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use super::*;
    use crate::import::{run, Plan};
    use crate::input::NoProgress;
    use crate::store::Store;

    /// A TM in `dir` that already holds a unit and whose file cannot grow any more (SQLite's
    /// `max_page_count`): every write that needs a page fails as on a full disk.
    fn full_tm(dir: &Path) -> (Store, PathBuf) {
        let tm = dir.join("tm.db");
        let mut store = Store::open(&tm).unwrap();
        let seed = dir.join("seed.tsv");
        std::fs::write(&seed, "en\tkk\nSeed.\tТұқым.\n").unwrap();
        run(&mut store, "t", &[seed], &Plan::default(), &mut NoProgress).unwrap();
        let pages: i64 = store
            .conn()
            .query_row("PRAGMA page_count", [], |r| r.get(0))
            .unwrap();
        let _: i64 = store
            .conn()
            .query_row(&format!("PRAGMA max_page_count = {pages}"), [], |r| {
                r.get(0)
            })
            .unwrap();
        (store, tm)
    }

    #[test]
    fn a_full_disk_names_the_tm_not_a_line_of_the_input() {
        let d = tempfile::tempdir().unwrap();
        let (mut store, tm) = full_tm(d.path());
        let mut tsv = String::from("en\tkk\n");
        let mut report = String::new();
        let mut tmx = String::from("<tmx version=\"1.4\"><header srclang=\"en\"/><body>\n");
        for i in 0..2000 {
            tsv.push_str(&format!("Good sentence number {i}.\tЖақсы сөйлем {i}.\n"));
            report.push_str(&format!("Good sentence number {i}.\n\n"));
            tmx.push_str(&format!(
                "<tu><tuv xml:lang=\"en\"><seg>Good sentence number {i}.</seg></tuv>\
                 <tuv xml:lang=\"kk\"><seg>Жақсы сөйлем {i}.</seg></tuv></tu>\n"
            ));
        }
        tmx.push_str("</body></tmx>\n");
        for (name, text) in [("t.tsv", tsv), ("r.en.txt", report), ("m.tmx", tmx)] {
            let input = d.path().join(name);
            std::fs::write(&input, text).unwrap();
            let err = run(
                &mut store,
                "t",
                std::slice::from_ref(&input),
                &Plan::default(),
                &mut NoProgress,
            )
            .unwrap_err();
            assert!(matches!(err, ImportError::Write { .. }), "{name}: {err:?}");
            let msg = err.to_string();
            let want = format!(
                "{}: cannot write to the TM (while importing {}): ",
                tm.display(),
                input.display()
            );
            assert!(msg.starts_with(&want), "{name}: {msg}");
            assert!(msg.contains("full"), "{name}: {msg}");
            assert!(
                !msg.contains(&format!("{name}:")),
                "{name}: blames a line: {msg}"
            );
            // Said once: nothing below the message for `{:#}` to print again.
            assert!(std::error::Error::source(&err).is_none(), "{name}");
        }
    }

    #[test]
    fn a_tm_that_turns_read_only_names_the_tm() {
        let d = tempfile::tempdir().unwrap();
        let tm = d.path().join("tm.db");
        let mut store = Store::open(&tm).unwrap();
        let input = d.path().join("t.tsv");
        std::fs::write(&input, "en\tkk\nGood.\tЖақсы.\n").unwrap();
        let tx = store.begin("t").unwrap();
        let mut sink = Sink::new(&tx).unwrap();
        // As if the disk were remounted read-only once the import began.
        tx.conn().execute_batch("PRAGMA query_only = 1").unwrap();
        let opts = crate::import::Options::default();
        let dialect = crate::input::Dialect::Tsv;
        let err = crate::import::import_table(&mut sink, &input, dialect, &opts, &mut NoProgress)
            .unwrap_err()
            .to_string();
        assert!(err.starts_with(&tm.display().to_string()), "{err}");
        assert!(err.contains("readonly"), "{err}");
        assert!(!err.contains("t.tsv:"), "blames a line: {err}");
    }

    #[test]
    fn a_tm_that_cannot_begin_an_import_is_named() {
        let d = tempfile::tempdir().unwrap();
        let tm = d.path().join("tm.db");
        let mut store = Store::open(&tm).unwrap();
        store.conn().execute_batch("PRAGMA query_only = 1").unwrap();
        let input = d.path().join("t.tsv");
        std::fs::write(&input, "en\tkk\nGood.\tЖақсы.\n").unwrap();
        let err = run(&mut store, "t", &[input], &Plan::default(), &mut NoProgress)
            .unwrap_err()
            .to_string();
        let want = format!("{}: cannot write to the TM: ", tm.display());
        assert!(err.starts_with(&want), "{err}");
    }
}
