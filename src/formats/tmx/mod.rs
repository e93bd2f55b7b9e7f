//! TMX 1.1–1.4b reading and writing.
//!
//! [`TmxReader`] streams `<tu>` elements from any `BufRead`; [`TmxWriter`] writes TMX 1.4b
//! that validates against `tmx14.dtd`. Inline codes (`<bpt>`, `<ept>`, `<ph>`, `<it>`, `<hi>`,
//! `<ut>`, `<sub>`) are kept as markup next to the plain text used for matching.

mod markup;
mod reader;
mod writer;

pub use reader::{Header, PropItem, TmxReader, Tu, Tuv};
pub use writer::{HeaderInfo, TmxWriter};

pub(crate) use markup::is_valid_seg_content;
