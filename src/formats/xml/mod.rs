//! The XML floor under TMX, XLIFF and the glossary's TBX: a checking pull parser over
//! quick-xml ([`EventReader`]) with owned and borrowed events, attribute scanning, text and
//! references, escaping for writers, XML 1.0 character rules, input decoding (UTF-8 with or
//! without BOM, UTF-16) and line/column lookup for errors.
//!
//! - `reader`: [`EventReader`], the pull parser;
//! - `event`: the events it yields ([`Ev`], [`RawEv`], [`Elem`]) and their [`Name`]s;
//! - `tag`: a borrowed start tag ([`Tag`]) and the scanning of its attributes;
//! - `text`: character data and CDATA ([`text`], [`cdata`], [`normalize_newlines`]);
//! - `escape`: writing text and attribute values ([`write_text`], [`escape_attr`], …);
//! - `chars`: the XML 1.0 character rules ([`is_xml_char`], [`first_illegal_char`]);
//! - `decode`: UTF-8/UTF-16 input ([`decode_input`]);
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

pub use chars::{first_illegal_char, is_xml_char};
pub use decl::declared_encoding;
pub use decode::decode_input;
pub use error::{line_col, XmlError};
pub use escape::{escape_attr, escape_text, write_attr, write_text};
pub use event::{local_name, Elem, Ev, Name, RawEv};
pub use reader::EventReader;
pub use tag::Tag;
pub use text::{cdata, normalize_newlines, text};
