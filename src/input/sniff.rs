//! [`Sniffed`]: what the first bytes of a file say it is, whatever its name: XML (with the
//! name of its root element: `tmx`, `xliff`, `martif`, …), a SQLite database, or neither.
//! [`InputKind::of`](super::InputKind::of) trusts this before the file's extension, so that
//! `memory.xml`, `job.xlf2.bak` or a TMX file saved as `.txt` is read for what it is, and a
//! file that is XML is never read as a plain-text report.

use std::io::Read;
use std::path::Path;

use crate::formats::xml;

/// How many bytes of a file are looked at: enough for a BOM, an XML declaration, comments
/// and a DOCTYPE before the root element in the files CAT tools write.
const HEAD: u64 = 8 * 1024;

/// The root elements of the exchange formats (TMX, XLIFF, TBX v2 and v3): XML even without
/// a declaration before them.
const EXCHANGE_ROOTS: [&str; 4] = ["tmx", "xliff", "martif", "tbx"];

/// What the start of a file says it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Sniffed {
    /// XML: the local name of its root element (`tmx`, `xliff`, `martif`; `None` when the
    /// root element is not within the first bytes).
    Xml(Option<String>),
    /// A SQLite database (its header).
    Sqlite,
    /// Anything else (text, a table, an empty file), or a file that cannot be read.
    Other,
}

impl Sniffed {
    /// Looks at the first bytes of the file `path`.
    pub fn file(path: &Path) -> Sniffed {
        let Ok(file) = std::fs::File::open(path) else {
            return Sniffed::Other;
        };
        let mut raw = Vec::new();
        if file.take(HEAD).read_to_end(&mut raw).is_err() {
            return Sniffed::Other;
        }
        Sniffed::bytes(&raw)
    }

    /// Looks at `head`, the first bytes of a file.
    pub fn bytes(head: &[u8]) -> Sniffed {
        if head.starts_with(b"SQLite format 3\0") {
            return Sniffed::Sqlite;
        }
        // Decoded as the XML floor decodes it (BOM, UTF-16, declared encoding); the head
        // may end inside a character, so only what decodes is looked at.
        let mut text = Vec::new();
        let decoded = xml::decode_input(std::io::Cursor::new(head.to_vec()))
            .map(|mut r| r.read_to_end(&mut text));
        if decoded.is_err() && text.is_empty() {
            // An encoding the floor does not know: the declaration alone says XML.
            return if head.starts_with(b"<?xml") {
                Sniffed::Xml(None)
            } else {
                Sniffed::Other
            };
        }
        root_element(&text)
    }

    /// The root element's local name, lower-case, when this is XML and it was seen.
    pub fn xml_root(&self) -> Option<&str> {
        match self {
            Sniffed::Xml(root) => root.as_deref(),
            _ => None,
        }
    }
}

/// XML or not, from decoded text: the prolog (declaration, comments, processing
/// instructions, DOCTYPE, white space) is skipped up to the first element.
fn root_element(text: &[u8]) -> Sniffed {
    let mut rest = text;
    let mut seen_markup = false;
    loop {
        rest = trim_start(rest);
        if rest.is_empty() {
            return if seen_markup {
                Sniffed::Xml(None)
            } else {
                Sniffed::Other
            };
        }
        let skip = |open: &[u8], close: &[u8], rest: &[u8]| -> Option<usize> {
            rest.starts_with(open)
                .then(|| memchr::memmem::find(&rest[open.len()..], close))
                .map(|end| end.map(|e| open.len() + e + close.len()))
                .map(|end| end.unwrap_or(rest.len()))
        };
        if let Some(n) = skip(b"<?", b"?>", rest).or_else(|| skip(b"<!--", b"-->", rest)) {
            seen_markup = true;
            rest = &rest[n..];
        } else if rest.starts_with(b"<!DOCTYPE") {
            seen_markup = true;
            rest = &rest[doctype_len(rest)..];
        } else if rest.first() == Some(&b'<') {
            let name: Vec<u8> = rest[1..]
                .iter()
                .take_while(|&&b| !(b.is_ascii_whitespace() || matches!(b, b'>' | b'/')))
                .copied()
                .collect();
            let Ok(name) = std::str::from_utf8(&name) else {
                return Sniffed::Other;
            };
            let local = name.rsplit(':').next().unwrap_or(name);
            let is_name = !local.is_empty()
                && local
                    .chars()
                    .next()
                    .is_some_and(|c| c.is_alphabetic() || c == '_')
                && local
                    .chars()
                    .all(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | '.'));
            let local = local.to_lowercase();
            // Text may begin with a tag of its own (`<b>Breaking</b>: …`): without a prolog,
            // only the root of an exchange format makes it XML.
            if !is_name || !(seen_markup || EXCHANGE_ROOTS.contains(&local.as_str())) {
                return Sniffed::Other;
            }
            return Sniffed::Xml(Some(local));
        } else {
            return Sniffed::Other;
        }
    }
}

/// The length of the DOCTYPE at the start of `s`, internal subset included (the whole of
/// `s` when it does not end there).
fn doctype_len(s: &[u8]) -> usize {
    let mut depth = 0usize;
    let mut quote: Option<u8> = None;
    let mut i = 0;
    while i < s.len() {
        let b = s[i];
        match (quote, b) {
            (Some(q), _) if b == q => quote = None,
            (Some(_), _) => {}
            (None, b'<') if s[i..].starts_with(b"<!--") => {
                match memchr::memmem::find(&s[i + 4..], b"-->") {
                    Some(end) => i += 4 + end + 2,
                    None => return s.len(),
                }
            }
            (None, b'"' | b'\'') => quote = Some(b),
            (None, b'[') => depth += 1,
            (None, b']') => depth = depth.saturating_sub(1),
            (None, b'>') if depth == 0 => return i + 1,
            _ => {}
        }
        i += 1;
    }
    s.len()
}

fn trim_start(s: &[u8]) -> &[u8] {
    let n = s.iter().take_while(|b| b.is_ascii_whitespace()).count();
    &s[n..]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn root(s: &str) -> Sniffed {
        Sniffed::bytes(s.as_bytes())
    }

    #[test]
    fn the_root_element_is_found_past_the_prolog() {
        assert_eq!(
            root("<?xml version=\"1.0\"?>\n<!-- by a tool -->\n<!DOCTYPE tmx SYSTEM \"tmx14.dtd\">\n<tmx version=\"1.4\">"),
            Sniffed::Xml(Some("tmx".into()))
        );
        assert_eq!(
            root("<xliff xmlns=\"urn:oasis:names:tc:xliff:document:2.0\" version=\"2.0\">"),
            Sniffed::Xml(Some("xliff".into()))
        );
        assert_eq!(
            root("<!DOCTYPE martif [<!ELEMENT x (#PCDATA)> <!-- ] > -->]>\n<martif type=\"TBX\">"),
            Sniffed::Xml(Some("martif".into()))
        );
        assert_eq!(
            root("<?xml-stylesheet href=\"a.xsl\"?><x:xliff xmlns:x=\"u\">"),
            Sniffed::Xml(Some("xliff".into()))
        );
        assert_eq!(root("<?xml version=\"1.0\"?>"), Sniffed::Xml(None));
        assert_eq!(root("<TMX>").xml_root(), Some("tmx"));
    }

    #[test]
    fn boms_utf16_and_declared_encodings_are_seen_through() {
        let text = "<?xml version=\"1.0\" encoding=\"UTF-16\"?><tmx>";
        let mut le = vec![0xFF, 0xFE];
        for u in text.encode_utf16() {
            le.extend_from_slice(&u.to_le_bytes());
        }
        assert_eq!(Sniffed::bytes(&le).xml_root(), Some("tmx"));
        let mut bom = b"\xEF\xBB\xBF".to_vec();
        bom.extend_from_slice(b"<xliff>");
        assert_eq!(Sniffed::bytes(&bom).xml_root(), Some("xliff"));
        let koi = b"<?xml version=\"1.0\" encoding=\"KOI8-R\"?><!-- \xF0\xD2 --><tmx>";
        assert_eq!(Sniffed::bytes(koi).xml_root(), Some("tmx"));
        let unknown = b"<?xml version=\"1.0\" encoding=\"x-nope\"?><tmx>";
        assert_eq!(Sniffed::bytes(unknown), Sniffed::Xml(None));
    }

    #[test]
    fn text_tables_and_databases_are_not_xml() {
        for s in [
            "Police came. They left.\n",
            "en\tkk\n<b>x</b>\tx\n",
            "< 5 units were lost",
            "",
            "  \n",
            "<>",
            "<1a>",
            "<b>Breaking</b>: police came.\n",
        ] {
            assert_eq!(root(s), Sniffed::Other, "{s:?}");
        }
        assert_eq!(Sniffed::bytes(b"SQLite format 3\0\x10\0"), Sniffed::Sqlite);
    }
}
