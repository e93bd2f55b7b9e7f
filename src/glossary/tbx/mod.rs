//! TBX glossaries: reading TBX v2 (`<martif>`, ISO 30042:2008) and TBX v3 (`<tbx>`,
//! ISO 30042:2019) term bases, writing TBX v2 as translate-toolkit and OmegaT read it
//! (valid against `TBXcoreStructV02.dtd`). Both go through the XML floor
//! ([`crate::formats::xml`]) that TMX and XLIFF use.
//!
//! Mapping to [`Entry`](super::Entry): a `termEntry`/`conceptEntry` is an entry; per
//! `langSet`/`langSec`, each `tig`/`ntig`/`termSec` holds one term. The first term whose
//! administrative status is not deprecated/superseded is the preferred rendering, further
//! ones are allowed, deprecated and superseded ones are forbidden. The status is read from
//! `<termNote type="administrativeStatus">` (TBX v2, and v3 in the DCA style) or from an
//! `administrativeStatus` element (v3 in the DCT style, e.g. `<basic:administrativeStatus>`);
//! `grammaticalGender` the same way: masculine/feminine gives the entry's gender. The first
//! `note` is the entry's note.
//!
//! - `reader`: [`read`], one pass over the file, linear in its size;
//! - `writer`: [`write()`] and its [`WriteError`].

mod reader;
mod writer;

pub use reader::read;
pub use writer::{write, WriteError};
