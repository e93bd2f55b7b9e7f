//! The SQLite translation memory: documents, translation units, their target variants,
//! provenance (occurrences) and TMX properties.
//!
//! A unit is identified by its source language, the NFC form of its source text and its
//! inline markup, so the same sentence is stored once. A unit holds one variant per target
//! language and context (the default translation and alternatives, as OmegaT keeps them);
//! importing a different translation for the same context updates that variant (see
//! `identity` and `Writer::upsert`). Texts are stored exactly as given, next to the NFC
//! form used for matching.

mod counts;
mod error;
mod identity;
mod key_filter;
mod key_table;
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
pub use identity::{canonical_context, canonical_lang, is_context_type};
pub use model::{
    Change, ContextProp, DocumentRecord, Occurrence, Prop, Provenance, Stats, Unit, UnitInput,
    Variant, VariantContext, VariantInput,
};
pub use open::{Access, Mode, Store};
pub use session::Session;
pub(crate) use session::Twin;
pub use user::default_user;
pub use wait::{silent, WaitNotice, LOCK_WAIT};
pub use write::{LanguageDeletion, Tx};

pub(crate) use identity::{contexts_from_sql, contexts_to_sql, source_key};
pub(crate) use write::{PreparedUnit, Writer};
