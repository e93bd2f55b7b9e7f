//! Importing into the TM: plain-text reports, parallel reports, TSV/CSV tables, TMX, XLIFF.
//!
//! Every importer writes into one [`Tx`](crate::store::Tx); the caller commits only when all
//! inputs were read without error, so an import is all-or-nothing.

pub mod table;
pub mod text;
pub mod tmx;
pub(crate) mod warm;
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
    /// Updating the fuzzy-match index failed.
    #[error("{}: updating the fuzzy-match index: {source}", path.display())]
    Index {
        /// The file being imported.
        path: PathBuf,
        /// The index's error.
        source: crate::index::IndexError,
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

    /// An index error while importing `path`.
    pub fn index(path: &Path, source: crate::index::IndexError) -> Self {
        ImportError::Index {
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

/// Where an importer's units go: the TM's [`Writer`](crate::store::Writer), the summary
/// of what happened, and the fuzzy-index [`Feed`](crate::index::Feed) when the index is
/// complete (new units are then indexed as they are stored; else `sync_index` catches up).
pub(crate) struct Sink<'t> {
    conn: &'t rusqlite::Connection,
    writer: crate::store::Writer<'t>,
    feed: Option<crate::index::Feed<'t>>,
    summary: Summary,
}

/// Why a [`Sink`] could not store a unit.
#[derive(Debug, thiserror::Error)]
pub(crate) enum SinkError {
    /// The TM refused it.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// The index could not take it.
    #[error(transparent)]
    Index(#[from] crate::index::IndexError),
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

impl<'t> Sink<'t> {
    /// A sink writing into `tx`.
    pub(crate) fn new(tx: &'t crate::store::Tx<'_>) -> Result<Self, SinkError> {
        Ok(Sink {
            conn: tx.conn(),
            writer: tx.writer()?,
            feed: crate::index::Feed::start(tx.conn())?,
            summary: Summary::default(),
        })
    }

    /// Whether units should come with their tokens (see [`crate::index::Tokenizer`]).
    pub(crate) fn wants_tokens(&self) -> bool {
        self.feed.is_some()
    }

    /// Stores a unit (with its tokens when [`Sink::wants_tokens`]); returns its id.
    pub(crate) fn store(
        &mut self,
        unit: &crate::store::PreparedUnit,
        tokens: Option<&mut crate::index::UnitTokens>,
    ) -> Result<i64, SinkError> {
        let (id, change) = self.writer.upsert(unit)?;
        self.summary.record(change);
        if let (Some(feed), Some(tokens)) = (self.feed.as_mut(), tokens) {
            feed.unit(self.conn, tokens, (change == Change::Added).then_some(id))?;
        }
        Ok(id)
    }

    /// The writer, for what goes with a unit (its occurrences).
    pub(crate) fn writer(&mut self) -> &mut crate::store::Writer<'t> {
        &mut self.writer
    }

    /// Finishes the index feed; returns what the import did.
    pub(crate) fn finish(self) -> Result<Summary, SinkError> {
        if let Some(feed) = self.feed {
            feed.finish(self.conn)?;
        }
        Ok(self.summary)
    }
}

/// Items a reader thread sends to the writer at once (fewer wake-ups than one by one).
const BATCH: usize = 256;
/// Batches in flight between the threads: bounds memory whatever the input's size.
const BATCHES_IN_FLIGHT: usize = 16;

/// Runs `produce` on a reader thread and `consume` on this one, with a bounded queue
/// between them, so reading, checking and normalizing input overlaps with writing to the
/// TM. `produce` hands each item to its callback, which returns false once the consumer
/// has stopped. Items are consumed in order; the first error (in input order) is returned.
/// Each batch is read into the writer's cache before it is consumed ([`warm`]), and
/// consumed batches go back to the reader thread to be freed there, off the writer's path.
pub(crate) fn pipelined<T, E, P, C>(produce: P, mut consume: C) -> Result<(), E>
where
    T: Send + warm::Warm,
    E: Send,
    P: FnOnce(&mut dyn FnMut(T) -> bool) -> Result<(), E> + Send,
    C: FnMut(&mut T) -> Result<(), E>,
{
    let (tx, rx) = std::sync::mpsc::sync_channel::<Vec<T>>(BATCHES_IN_FLIGHT);
    let (done_tx, done_rx) = std::sync::mpsc::channel::<Vec<T>>();
    std::thread::scope(|scope| {
        let reader = scope.spawn(move || {
            let mut batch = Vec::with_capacity(BATCH);
            let mut open = true;
            let result = {
                let mut send = |item: T| {
                    batch.push(item);
                    if batch.len() == BATCH {
                        // Free what the writer has finished with, reusing one buffer.
                        let mut next = None;
                        while let Ok(mut done) = done_rx.try_recv() {
                            done.clear();
                            next = Some(done);
                        }
                        let next = next.unwrap_or_else(|| Vec::with_capacity(BATCH));
                        open = tx.send(std::mem::replace(&mut batch, next)).is_ok();
                    }
                    open
                };
                produce(&mut send)
            };
            if open && !batch.is_empty() {
                let _ = tx.send(batch);
            }
            result
        });
        // Items before a reader error were all sent, so a writer error comes first.
        let mut written = Ok(());
        'batches: for mut batch in rx.iter() {
            warm::warm_all(&batch);
            for item in batch.iter_mut() {
                if let Err(e) = consume(item) {
                    written = Err(e);
                    break 'batches;
                }
            }
            let _ = done_tx.send(batch);
        }
        drop(rx);
        let read = match reader.join() {
            Ok(r) => r,
            Err(panic) => std::panic::resume_unwind(panic),
        };
        written.and(read)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pipeline_consumes_every_item_in_order() {
        let mut seen = Vec::new();
        let r: Result<(), String> = pipelined(
            |send| {
                for i in 0..(BATCH * 3 + 7) {
                    if !send(i) {
                        break;
                    }
                }
                Ok(())
            },
            |i: &mut usize| {
                seen.push(*i);
                Ok(())
            },
        );
        assert_eq!(r, Ok(()));
        assert_eq!(seen, (0..BATCH * 3 + 7).collect::<Vec<_>>());
    }

    #[test]
    fn a_writer_error_stops_the_reader_and_is_returned() {
        let mut produced = 0;
        let r: Result<(), String> = pipelined(
            |send| {
                for i in 0..1_000_000usize {
                    produced = i;
                    if !send(i) {
                        return Ok(());
                    }
                }
                Err("the reader ran to the end".into())
            },
            |i: &mut usize| {
                if *i == 10 {
                    Err(format!("bad item {i}"))
                } else {
                    Ok(())
                }
            },
        );
        assert_eq!(r, Err("bad item 10".to_string()));
        assert!(produced < 1_000_000 - 1, "the reader stopped early");
    }

    #[test]
    fn a_reader_error_comes_after_the_items_before_it() {
        let mut seen = 0;
        let r: Result<(), String> = pipelined(
            |send| {
                for i in 0..300usize {
                    send(i);
                }
                Err("line 301: bad row".into())
            },
            |_: &mut usize| {
                seen += 1;
                Ok(())
            },
        );
        assert_eq!(r, Err("line 301: bad row".to_string()));
        assert_eq!(seen, 300);
    }
}
