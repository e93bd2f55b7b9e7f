//! Reading inputs: what a path is ([`InputKind::of`]), reports and their paragraphs,
//! parallel report sets read in step, tables, TMX and XLIFF files as units, and what a
//! directory holds. `import` stores what these readers read, `check` checks it and `fuzzy`
//! analyzes it; every problem is an [`InputError`] naming the file and, where known, the
//! line.
//!
//! Text inputs (reports, tables, glossary CSV files, batch files) are decoded first
//! ([`Decoded`]: UTF-8, or UTF-16 with a byte-order mark) and read a line or a row at a time,
//! each bounded ([`MAX_LINE_BYTES`], [`MAX_SEGMENT_BYTES`], [`MAX_PARAGRAPH_BYTES`]): no
//! reader here holds a whole file in memory, and a file that is not text fails on its first
//! bad line.
//!
//! A new input format goes here (a reader and an [`InputKind`]), then into `import` (a
//! file that writes its units through the sink), `check/inputs.rs` and [`sources()`] (its
//! source segments, which `analyze` looks up).

mod batch;
mod decode;
mod dir;
mod error;
mod kind;
mod limits;
mod lines;
mod paragraphs;
mod parallel;
mod progress;
mod records;
mod report;
mod sniff;
mod sources;
mod table;
mod tmx;
mod xliff;
mod xml_input;

pub use batch::{batch_queries, BatchQuery, BatchSplit};
pub use decode::{DecodeError, Decoded, TextEncoding};
pub use dir::DirInputs;
pub use error::InputError;
pub use kind::InputKind;
pub use limits::{check_segment, MAX_LINE_BYTES, MAX_PARAGRAPH_BYTES, MAX_SEGMENT_BYTES};
pub use lines::Lines;
pub use paragraphs::{Paragraph, Paragraphs};
pub use parallel::{AlignedParagraph, ParallelReader};
pub use progress::{NoProgress, Progress};
pub(crate) use records::csv_separator;
pub use records::{Record, Records};
pub use report::{lang_from_name, ParallelSet};
pub use sniff::Sniffed;
pub use sources::{report_text, sources, SourceSegments, Sources};
pub use table::{tsv_escape, Dialect, Row, TableReader};
pub use tmx::{OccurrenceProps, TmxUnit, TmxUnits};
pub use xliff::{FinishedUnit, NotStored, XliffOptions, XliffTally, XliffUnits, CODE_ATTRS_PROP};
pub use xml_input::{open_xml, XmlInput};

pub(crate) use report::{report_lang, sets_in_dir};
