//! The XML floor under TMX, XLIFF and the glossary's TBX: a checking pull parser over
//! quick-xml ([`EventReader`]) with owned and borrowed events, attribute scanning, text and
//! references, escaping for writers, XML 1.0 character rules, input decoding (UTF-8 with or
//! without BOM, UTF-16) and line/column lookup for errors.
//!
//! - `reader`: [`EventReader`], the pull parser;
//! - `event`: the events it yields: borrowed ([`RawEv`]), or owned (`Ev`, `Elem`, for the
//!   XLIFF reader);
//! - `tag`: a borrowed start tag ([`Tag`]) and the scanning of its attributes;
//! - `text`: character data and CDATA ([`text`](fn@text), [`cdata`]) and their line-end
//!   normalization;
//! - `escape`: escaping text and attribute values ([`escape_text`], [`escape_attr`]; the
//!   crate's writers stream them with `write_text` and `write_attr`);
//! - `chars`: the XML 1.0 character rules ([`first_illegal_char`]);
//! - `decode`: UTF-8, UTF-16 and declared legacy encodings ([`decode_input`]);
//! - `decl`: the encoding an XML declaration names ([`declared_encoding`]);
//! - `error`: [`XmlError`] and [`line_col`].

mod chars;
mod decl;
mod decode;
mod error;
mod escape;
mod event;
mod reader;
mod tag;
mod text;

pub use chars::first_illegal_char;
pub use decl::declared_encoding;
pub use decode::{decode_input, InvalidBytes, UnknownEncoding};
pub use error::{line_col, XmlError};
pub use escape::{escape_attr, escape_text};
pub use event::{local_name, RawEv};
pub use reader::EventReader;
pub use tag::Tag;
pub use text::{cdata, text};

pub(crate) use chars::is_xml_char;
pub(crate) use escape::{write_attr, write_text};
pub(crate) use event::{Elem, Ev};
pub(crate) use text::normalize_newlines;
