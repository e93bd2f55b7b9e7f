//! XML events: owned ([`Ev`], [`Elem`]) and borrowed from the reader's buffer ([`RawEv`]),
//! and element and attribute names ([`Name`]).

use std::borrow::Cow;

use super::tag::Tag;

/// One XML event, owned, with what the TMX and XLIFF readers need.
#[derive(Debug)]
pub(crate) enum Ev {
    /// `<name …>`.
    Start(Elem),
    /// `<name …/>`.
    Empty(Elem),
    /// `</name>`.
    End(Name),
    /// Character data (or CDATA): the text, entity references resolved, line ends
    /// normalized.
    Text(String),
    /// End of input.
    Eof,
}

/// A start or empty element tag.
#[derive(Debug)]
pub(crate) struct Elem {
    /// Qualified name as written.
    pub(crate) name: Name,
    /// Attributes (qualified name, unescaped value), in order.
    pub(crate) attrs: Vec<(Name, String)>,
}

impl Elem {
    /// An attribute's value by qualified name.
    pub(crate) fn attr(&self, key: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }

    /// The name without a namespace prefix.
    pub(crate) fn local(&self) -> &str {
        local_name(&self.name)
    }
}

/// The part of a qualified name after the prefix.
pub fn local_name(n: &str) -> &str {
    n.rsplit_once(':').map_or(n, |(_, l)| l)
}

/// An element or attribute name: the names of TMX, XLIFF and TBX are shared static
/// strings, others are allocated (a TMX unit has some forty names; this saves their
/// allocations).
type Name = Cow<'static, str>;

pub(super) fn name(raw: &str) -> Name {
    // The names of TMX (and the commonest of XLIFF), matched without a table walk.
    let known: &'static str = match raw {
        "tu" => "tu",
        "tuv" => "tuv",
        "seg" => "seg",
        "prop" => "prop",
        "note" => "note",
        "bpt" => "bpt",
        "ept" => "ept",
        "ph" => "ph",
        "it" => "it",
        "hi" => "hi",
        "sub" => "sub",
        "ut" => "ut",
        "xml:lang" => "xml:lang",
        "lang" => "lang",
        "type" => "type",
        "tuid" => "tuid",
        "creationdate" => "creationdate",
        "creationid" => "creationid",
        "changedate" => "changedate",
        "changeid" => "changeid",
        "i" => "i",
        "x" => "x",
        "pos" => "pos",
        "id" => "id",
        "source" => "source",
        "target" => "target",
        "trans-unit" => "trans-unit",
        "segment" => "segment",
        "unit" => "unit",
        _ => return Cow::Owned(raw.to_string()),
    };
    Cow::Borrowed(known)
}

/// One XML event borrowed from the reader's buffer: what the TMX reader works on, copying
/// only what it keeps. Text is as written (UTF-8 checked); [`text`](fn@super::text) checks
/// and unescapes it.
#[derive(Debug)]
pub enum RawEv<'a> {
    /// `<name …>`.
    Start(Tag<'a>),
    /// `<name …/>`.
    Empty(Tag<'a>),
    /// `</name>`, with the name as written.
    End(&'a str),
    /// Character data as written (entity references not resolved).
    Text(&'a str),
    /// The content of a CDATA section.
    CData(&'a str),
    /// End of input.
    Eof,
}
