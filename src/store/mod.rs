//! The SQLite translation memory: documents, translation units, their target variants,
//! provenance (occurrences) and TMX properties.
//!
//! A unit is identified by its source language and the NFC form of its source text, so the
//! same sentence is stored once. Each unit holds at most one variant per target language;
//! importing a different translation updates that variant. Texts are stored exactly as
//! given, next to the NFC form used for matching.

mod error;
mod identity;
mod key_filter;
mod migrations;
mod model;
mod open;
// The crate's one FFI module: the only place `unsafe` is allowed (lib.rs denies it).
#[allow(unsafe_code)]
pub(crate) mod raw;
mod read;
mod session;
#[cfg(test)]
mod test_units;
pub mod time;
mod user;
mod wait;
mod write;

pub use error::{Result, StoreError};
pub use identity::canonical_lang;
pub use model::{
    Change, DocumentRecord, Occurrence, Prop, Provenance, Stats, Unit, UnitInput, Variant,
    VariantInput,
};
pub use open::{Access, Mode, Store};
pub use session::Session;
pub use user::default_user;
pub use wait::{silent, WaitNotice, LOCK_WAIT};
pub use write::{LanguageDeletion, Tx};

pub(crate) use identity::source_key;
pub(crate) use write::{PreparedUnit, Writer};
