//! TBX glossaries: reading TBX v2 (`<martif>`, ISO 30042:2008) and TBX v3 (`<tbx>`,
//! ISO 30042:2019) term bases, writing TBX v2 as translate-toolkit and OmegaT read it
//! (valid against `TBXcoreStructV02.dtd`). Both go through the XML floor
//! ([`crate::formats::xml`]) that TMX and XLIFF use.
//!
//! - `reader`: [`parse_tbx`] (its doc maps TBX to glossary entries), one pass over the
//!   file, linear in its size;
//! - `writer`: [`write_tbx`] and its [`TbxWriteError`].

mod reader;
mod writer;

pub use reader::{parse_tbx, read_tbx, Tbx};
pub use writer::{write_tbx, TbxWriteError};
