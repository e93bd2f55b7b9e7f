//! Writing into the TM: reader → sink → transaction.
//!
//! A reader of [`input`](crate::input) reads each input (plain-text and parallel reports,
//! TSV/CSV tables, TMX, XLIFF, another tmkit TM); one file here per kind turns what it
//! reads into units and writes them through the [`Sink`], the one writer, which keeps the
//! fuzzy-match index in step as it stores; [`run`] (and [`add`], [`delete`]) open the
//! transaction, bring the index in step and commit only when every input was read without
//! error, so an import is all-or-nothing. Bulk readers (tables, TMX) read on a thread of
//! their own while this one writes (`pipeline.rs`); their importers ([`import_table`],
//! [`import_tmx`], [`import_tmx_from`] for any reader) also write into a sink of the
//! caller's.

mod aligned;
mod error;
mod pipeline;
mod plan;
mod report;
mod sink;
mod summary;
mod table;
mod tm;
mod tmx;
mod transaction;
mod warm;
mod xliff;

pub use error::{ImportError, ReadError};
pub use plan::{AlignOptions, Options, Plan};
pub use sink::{Sink, SinkError};
pub use summary::Summary;
pub use table::import_table;
pub use tmx::{import_tmx, import_tmx_from};
pub use transaction::{add, delete, delete_language, run};

/// Result of importing.
pub type Result<T, E = ImportError> = std::result::Result<T, E>;
