//! A borrowed start tag ([`Tag`]) and the scanning of its attributes: checked, unescaped
//! and normalized with one table lookup per byte.

use std::borrow::Cow;
use std::collections::HashSet;

use super::chars::{check_chars, utf8};
use super::error::{escape_message, xerr, XmlError};
use super::event::{name, Elem};

/// A start or empty element tag, borrowed.
#[derive(Debug)]
pub struct Tag<'a> {
    raw: &'a str,
    name: &'a str,
    at: u64,
}

impl<'a> Tag<'a> {
    /// Qualified name as written.
    pub fn name(&self) -> &'a str {
        self.name
    }

    /// The tag's source between `<` and `>` (or `/>`), for copying markup verbatim.
    pub(crate) fn raw(&self) -> &'a str {
        self.raw
    }

    /// Calls `f(name, value)` for each attribute in order, with the value unescaped and
    /// normalized (literal white space becomes a space), after checking it: attributes are
    /// separated by white space, quoted, not repeated, and hold no `<`.
    pub fn attrs(
        &self,
        mut f: impl FnMut(&'a str, Cow<'a, str>) -> Result<(), XmlError>,
    ) -> Result<(), XmlError> {
        let (raw, at) = (self.raw, self.at);
        let b = raw.as_bytes();
        let bad = |what: &str| {
            xerr(
                at,
                format!("malformed XML: bad attribute in <{}>: {what}", self.name),
            )
        };
        let is_space = |c: u8| matches!(c, b' ' | b'\t' | b'\n' | b'\r');
        // Names seen so far, to refuse repeats (tags have a handful of attributes: the
        // first ones are kept without allocating; the rest in a hash set, made only for tags
        // with more, so that a tag with very many attributes is still checked in linear time).
        let mut first: [&str; 8] = [""; 8];
        let mut more: Option<HashSet<&str>> = None;
        let mut count = 0usize;
        let mut i = self.name.len();
        loop {
            let gap = i;
            while i < b.len() && is_space(b[i]) {
                i += 1;
            }
            if i >= b.len() || (b[i] == b'/' && i + 1 == b.len()) {
                return Ok(());
            }
            if i == gap {
                return bad("attributes must be separated by white space");
            }
            let k = i;
            while let Some(&c) = b.get(i) {
                match ATTR_BYTES[c as usize] & !SPECIAL_IN_VALUE {
                    IN_NAME => i += 1,
                    NOT_IN_NAME => return bad("a name holds a character names cannot hold"),
                    _ => break,
                }
            }
            let key = &raw[k..i];
            while i < b.len() && is_space(b[i]) {
                i += 1;
            }
            if i == b.len() || b[i] != b'=' {
                return bad(&format!("{key} has no value"));
            }
            i += 1;
            while i < b.len() && is_space(b[i]) {
                i += 1;
            }
            let Some(&quote) = b.get(i).filter(|&&q| q == b'"' || q == b'\'') else {
                return bad(&format!("the value of {key} is not quoted"));
            };
            // Up to the closing quote, noting what needs a closer look: '<' (refused),
            // references and literal white space to normalize.
            let start = i + 1;
            let mut special = false;
            i = start;
            loop {
                match b.get(i) {
                    None => return bad(&format!("the value of {key} is not closed")),
                    Some(&c) if c == quote => break,
                    Some(&c) => {
                        special |= ATTR_BYTES[c as usize] & SPECIAL_IN_VALUE != 0;
                        i += 1;
                    }
                }
            }
            let raw_v = &raw[start..i];
            i += 1;
            if first[..count.min(8)].contains(&key)
                || more.as_ref().is_some_and(|m| m.contains(key))
            {
                return bad(&format!("{key} is repeated"));
            }
            match first.get_mut(count) {
                Some(slot) => *slot = key,
                None => {
                    more.get_or_insert_with(HashSet::new).insert(key);
                }
            }
            count += 1;
            if !special {
                f(key, Cow::Borrowed(raw_v))?;
                continue;
            }
            if raw_v.contains('<') {
                return xerr(
                    at,
                    format!(
                        "malformed XML: '<' in the value of attribute {key} of <{}>",
                        self.name
                    ),
                );
            }
            let v = attr_value(raw_v).map_err(|e| XmlError {
                offset: at,
                message: format!(
                    "in attribute {key} of <{}>: {}",
                    self.name,
                    escape_message(&e)
                ),
            })?;
            // The tag was checked as a whole; references may spell illegal characters.
            if let Cow::Owned(o) = &v {
                check_chars(o, at)?;
            }
            f(key, v)?;
        }
    }

    /// An attribute's value by qualified name (the attributes are checked as in [`attrs`](Self::attrs)).
    pub(crate) fn attr(&self, key: &str) -> Result<Option<Cow<'a, str>>, XmlError> {
        let mut found = None;
        self.attrs(|k, v| {
            if found.is_none() && k == key {
                found = Some(v);
            }
            Ok(())
        })?;
        Ok(found)
    }

    /// This tag as an owned [`Elem`].
    pub(crate) fn to_elem(&self) -> Result<Elem, XmlError> {
        let mut attrs = Vec::new();
        self.attrs(|k, v| {
            attrs.push((name(k), v.into_owned()));
            Ok(())
        })?;
        Ok(Elem {
            name: name(self.name),
            attrs,
        })
    }
}

/// [`ATTR_BYTES`] class: a byte names may hold.
const IN_NAME: u8 = 0;
/// [`ATTR_BYTES`] class: a byte that ends a name (white space, `=`).
const ENDS_NAME: u8 = 1;
/// [`ATTR_BYTES`] class: a byte no name holds and that does not end one either.
const NOT_IN_NAME: u8 = 2;
/// [`ATTR_BYTES`] flag: a byte of a value that needs a closer look (`<`, `&`, white space
/// other than the space).
const SPECIAL_IN_VALUE: u8 = 4;

/// How the attribute scanner ([`Tag::attrs`]) treats each byte: one table lookup per byte.
static ATTR_BYTES: [u8; 256] = {
    let mut t = [IN_NAME; 256];
    t[b' ' as usize] = ENDS_NAME;
    t[b'=' as usize] = ENDS_NAME;
    t[b'\t' as usize] = ENDS_NAME | SPECIAL_IN_VALUE;
    t[b'\n' as usize] = ENDS_NAME | SPECIAL_IN_VALUE;
    t[b'\r' as usize] = ENDS_NAME | SPECIAL_IN_VALUE;
    t[b'"' as usize] = NOT_IN_NAME;
    t[b'\'' as usize] = NOT_IN_NAME;
    t[b'>' as usize] = NOT_IN_NAME;
    t[b'/' as usize] = NOT_IN_NAME;
    t[b'<' as usize] = NOT_IN_NAME | SPECIAL_IN_VALUE;
    t[b'&' as usize] = NOT_IN_NAME | SPECIAL_IN_VALUE;
    t
};

/// Attribute-value normalization and unescaping.
fn attr_value(raw: &str) -> Result<Cow<'_, str>, quick_xml::escape::EscapeError> {
    if raw.contains(['\t', '\n', '\r']) {
        let spaced = raw.replace(['\t', '\n', '\r'], " ");
        Ok(Cow::Owned(
            quick_xml::escape::unescape(&spaced)?.into_owned(),
        ))
    } else {
        quick_xml::escape::unescape(raw)
    }
}

/// A tag from the bytes of a start or empty element (name first, `name_len` bytes long),
/// checked as UTF-8 and as XML characters.
pub(super) fn tag(bytes: &[u8], name_len: usize, at: u64) -> Result<Tag<'_>, XmlError> {
    let full = utf8(bytes, at)?;
    check_chars(full, at)?;
    // Only XML white space ends a tag's content (a name can end in other white space
    // characters only if they are illegal, which was checked above).
    let raw = full.trim_end_matches([' ', '\t', '\n', '\r']);
    let Some(name) = raw.get(..name_len) else {
        return xerr(at, "malformed XML: bad element name");
    };
    Ok(Tag { raw, name, at })
}

#[cfg(test)]
mod tests {
    use crate::formats::xml::{EventReader, RawEv};

    /// The attributes of the first element of `doc`, or the error reading them.
    fn attrs_of(doc: &str) -> Result<Vec<(String, String)>, String> {
        let mut r = EventReader::new(doc.as_bytes());
        let (ev, _) = r.next_raw().map_err(|e| e.message)?;
        let (RawEv::Start(t) | RawEv::Empty(t)) = ev else {
            panic!("no element in {doc}");
        };
        let mut out = Vec::new();
        t.attrs(|k, v| {
            out.push((k.to_string(), v.into_owned()));
            Ok(())
        })
        .map_err(|e| e.message)?;
        Ok(out)
    }

    #[test]
    fn attributes_are_read_in_either_quotes_with_references_and_spaces() {
        let pairs = |v: &[(&str, &str)]| -> Vec<(String, String)> {
            v.iter()
                .map(|(a, b)| (a.to_string(), b.to_string()))
                .collect()
        };
        assert_eq!(
            attrs_of("<tuv xml:lang=\"kk\" a = 'x&amp;y&#x49;' b=\"t\tab\"/>").unwrap(),
            pairs(&[("xml:lang", "kk"), ("a", "x&yI"), ("b", "t ab")])
        );
        assert_eq!(attrs_of("<seg>").unwrap(), pairs(&[]));
        assert_eq!(attrs_of("<seg/>").unwrap(), pairs(&[]));
        assert_eq!(attrs_of("<seg  />").unwrap(), pairs(&[]));
    }

    #[test]
    fn a_name_ending_in_a_control_character_is_an_error_not_a_panic() {
        // Found by the fuzzer: U+000B is white space to `str::trim`, not to XML.
        let e = attrs_of("<seg\u{b}>").unwrap_err();
        assert!(e.contains("U+000B"), "{e}");
        let e = attrs_of("<seg a=\"1\"\u{b}/>").unwrap_err();
        assert!(e.contains("U+000B"), "{e}");
    }

    #[test]
    fn repeats_are_found_among_many_attributes() {
        let many: String = (0..1000).map(|i| format!(" a{i}=\"{i}\"")).collect();
        assert_eq!(attrs_of(&format!("<a{many}/>")).unwrap().len(), 1000);
        for repeat in ["a3", "a500", "a999"] {
            let e = attrs_of(&format!("<a{many} {repeat}=\"x\"/>")).unwrap_err();
            assert!(e.contains(&format!("{repeat} is repeated")), "{e}");
        }
    }

    #[test]
    fn malformed_attributes_are_refused() {
        for (doc, why) in [
            ("<a x=\"1\"y=\"2\"/>", "separated"),
            ("<a x=1/>", "not quoted"),
            ("<a x/>", "no value"),
            ("<a x=\"1\" x=\"2\"/>", "repeated"),
            ("<a x=\"a<b\"/>", "'<'"),
            ("<a x=\"&bogus;\"/>", "unknown entity"),
            ("<a x=\"&#1;\"/>", "U+0001"),
            ("<a x&y=\"1\"/>", "cannot hold"),
            ("<a x/y=\"1\"/>", "cannot hold"),
        ] {
            let e = attrs_of(doc).unwrap_err();
            assert!(e.contains(why), "{doc}: {e}");
        }
    }
}
