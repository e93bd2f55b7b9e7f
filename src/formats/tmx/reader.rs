//! Streaming TMX 1.1–1.4b reader: one `<tu>` at a time, never fetching a DTD, refusing
//! entity declarations, and checking the XML 1.0 rules quick-xml leaves to its users.

use std::io::BufRead;

use super::markup::{allowed_in, inline_kind, required_attrs, Inline};
use super::xml::{escape_text, Elem, Ev, EventReader, XmlError};
use crate::lang;
use crate::store::time;

/// A TMX problem at a byte offset of the (UTF-8) input.
pub type TmxError = XmlError;

fn err<T>(offset: u64, message: impl Into<String>) -> Result<T, TmxError> {
    Err(XmlError {
        offset,
        message: message.into(),
    })
}

/// The `<header>` of a TMX file.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Header {
    /// The `version` of `<tmx>`.
    pub version: Option<String>,
    /// `srclang` (a language tag or `*all*`).
    pub srclang: String,
    /// `creationtool`.
    pub creationtool: Option<String>,
    /// `creationtoolversion`.
    pub creationtoolversion: Option<String>,
    /// `datatype`.
    pub datatype: Option<String>,
}

/// A `<prop>` or `<note>` as read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PropItem {
    /// `prop` or `note`.
    pub kind: &'static str,
    /// `type` of a prop.
    pub prop_type: Option<String>,
    /// Its text.
    pub value: String,
}

/// A `<tuv>` as read.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Tuv {
    /// Language tag as written (`xml:lang`, or `lang` in TMX 1.1–1.3).
    pub lang: String,
    /// Plain text: the segment without inline codes, trimmed.
    pub text: String,
    /// The `<seg>` inner XML, trimmed, when the segment had inline elements.
    pub markup: Option<String>,
    /// Props and notes of this variant.
    pub props: Vec<PropItem>,
    /// `creationdate` in stored form, when valid.
    pub created_at: Option<String>,
    /// `changedate` in stored form, when valid.
    pub changed_at: Option<String>,
    /// `creationid`.
    pub creator: Option<String>,
    /// `changeid`.
    pub changer: Option<String>,
}

/// A `<tu>` as read.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Tu {
    /// Byte offset of `<tu`.
    pub offset: u64,
    /// `tuid`.
    pub tuid: Option<String>,
    /// The unit's own `srclang`, if it has one.
    pub srclang: Option<String>,
    /// Unit-level props and notes.
    pub props: Vec<PropItem>,
    /// Variants in document order.
    pub tuvs: Vec<Tuv>,
    /// `creationdate` in stored form, when valid.
    pub created_at: Option<String>,
    /// `changedate` in stored form, when valid.
    pub changed_at: Option<String>,
    /// `creationid`.
    pub creator: Option<String>,
    /// `changeid`.
    pub changer: Option<String>,
}

#[derive(PartialEq, Eq, Clone, Copy)]
enum Phase {
    Body,
    Done,
}

/// Reads a TMX document `<tu>` by `<tu>`.
pub struct TmxReader<R: BufRead> {
    xml: EventReader<R>,
    header: Header,
    phase: Phase,
    /// Offset where the last event started.
    at: u64,
}

/// Maximum nesting inside one `<seg>` (deeper input is refused rather than risking the stack).
const MAX_DEPTH: usize = 256;

impl<R: BufRead> TmxReader<R> {
    /// Reads the prolog, `<tmx>` and `<header>`, and stops at the first unit.
    pub fn new(input: R) -> Result<Self, TmxError> {
        let mut r = TmxReader {
            xml: EventReader::new(input),
            header: Header::default(),
            phase: Phase::Body,
            at: 0,
        };
        r.prolog()?;
        Ok(r)
    }

    /// The file's header.
    pub fn header(&self) -> &Header {
        &self.header
    }

    /// Bytes of (decoded) input consumed so far.
    pub fn position(&self) -> u64 {
        self.xml.position()
    }

    fn next(&mut self) -> Result<Ev, TmxError> {
        let ev = self.xml.next_event();
        self.at = self.xml.at();
        ev
    }

    fn prolog(&mut self) -> Result<(), TmxError> {
        // Up to the root element.
        loop {
            match self.next()? {
                Ev::Start(e) if e.name == "tmx" => {
                    self.header.version = e.attr("version").map(str::to_string);
                    break;
                }
                Ev::Start(e) | Ev::Empty(e) => {
                    return err(
                        self.at,
                        format!(
                            "not a TMX file: the root element is <{}>, not <tmx>",
                            e.name
                        ),
                    )
                }
                Ev::Text { text, .. } if text.trim().is_empty() => {}
                Ev::Text { .. } => return err(self.at, "text before the root element"),
                Ev::End(n) => return err(self.at, format!("unexpected </{n}>")),
                Ev::Eof => return err(self.at, "not a TMX file: no <tmx> element"),
            }
        }
        // <header>, then <body>.
        let mut have_header = false;
        loop {
            let (e, empty) = match self.next()? {
                Ev::Start(e) => (e, false),
                Ev::Empty(e) => (e, true),
                Ev::Text { .. } => continue,
                Ev::End(_) => return err(self.at, "<tmx> has no <body>"),
                Ev::Eof => return err(self.at, "unexpected end of file: <tmx> is not closed"),
            };
            match e.name.as_ref() {
                "header" => {
                    self.read_header(&e)?;
                    have_header = true;
                    if !empty {
                        self.skip_to_end("header")?;
                    }
                }
                "body" => {
                    if !have_header {
                        return err(self.at, "<body> without a <header> before it");
                    }
                    if empty {
                        self.end_of_body()?;
                    }
                    return Ok(());
                }
                name if !empty => {
                    let name = name.to_string();
                    self.skip_to_end(&name)?
                }
                _ => {}
            }
        }
    }

    fn read_header(&mut self, e: &Elem) -> Result<(), TmxError> {
        let Some(src) = e.attr("srclang").map(str::trim).filter(|s| !s.is_empty()) else {
            return err(
                self.at,
                "<header> has no srclang attribute (required by TMX; use srclang=\"*all*\" if any language may be the source)",
            );
        };
        if src != "*all*" && !lang::is_valid(src) {
            return err(
                self.at,
                format!("<header> srclang {src:?} is not a language tag"),
            );
        }
        self.header.srclang = src.to_string();
        self.header.creationtool = e.attr("creationtool").map(str::to_string);
        self.header.creationtoolversion = e.attr("creationtoolversion").map(str::to_string);
        self.header.datatype = e.attr("datatype").map(str::to_string);
        Ok(())
    }

    /// After `</body>`: `</tmx>`, then nothing but comments and white space.
    fn end_of_body(&mut self) -> Result<(), TmxError> {
        self.phase = Phase::Done;
        loop {
            match self.next()? {
                Ev::End(n) if n == "tmx" => break,
                Ev::Start(e) => {
                    let name = e.name;
                    self.skip_to_end(&name)?
                }
                Ev::Empty(_) | Ev::Text { .. } => {}
                Ev::End(n) => return err(self.at, format!("unexpected </{n}>")),
                Ev::Eof => return err(self.at, "unexpected end of file: <tmx> is not closed"),
            }
        }
        loop {
            match self.next()? {
                Ev::Eof => return Ok(()),
                Ev::Text { text, .. } if text.trim().is_empty() => {}
                _ => return err(self.at, "content after the end of the root element"),
            }
        }
    }

    /// The next `<tu>`, or `None` at the end of the body.
    pub fn next_tu(&mut self) -> Result<Option<Tu>, TmxError> {
        if self.phase == Phase::Done {
            return Ok(None);
        }
        loop {
            match self.next()? {
                Ev::Start(e) if e.name == "tu" => return self.read_tu(&e).map(Some),
                Ev::Start(e) => {
                    let name = e.name;
                    self.skip_to_end(&name)?
                }
                Ev::Empty(_) | Ev::Text { .. } => {}
                Ev::End(n) if n == "body" => {
                    self.end_of_body()?;
                    return Ok(None);
                }
                Ev::End(n) => return err(self.at, format!("unexpected </{n}>")),
                Ev::Eof => return err(self.at, "unexpected end of file: <body> is not closed"),
            }
        }
    }

    fn read_tu(&mut self, e: &Elem) -> Result<Tu, TmxError> {
        let mut tu = Tu {
            offset: self.at,
            tuid: e.attr("tuid").map(str::to_string),
            srclang: e.attr("srclang").map(str::to_string),
            created_at: e.attr("creationdate").and_then(parse_date),
            changed_at: e.attr("changedate").and_then(parse_date),
            creator: e.attr("creationid").map(str::to_string),
            changer: e.attr("changeid").map(str::to_string),
            ..Default::default()
        };
        loop {
            match self.next()? {
                Ev::Start(e) if e.name == "prop" || e.name == "note" => {
                    let p = self.read_prop(&e)?;
                    tu.props.push(p);
                }
                Ev::Start(e) if e.name == "tuv" => {
                    let tuv = self.read_tuv(&e, false)?;
                    tu.tuvs.push(tuv);
                }
                Ev::Empty(e) if e.name == "tuv" => {
                    self.read_tuv(&e, true)?;
                }
                Ev::Start(e) => {
                    let name = e.name;
                    self.skip_to_end(&name)?
                }
                Ev::Empty(_) | Ev::Text { .. } => {}
                Ev::End(n) if n == "tu" => return Ok(tu),
                Ev::End(n) => return err(self.at, format!("unexpected </{n}> in <tu>")),
                Ev::Eof => return err(self.at, "unexpected end of file: <tu> is not closed"),
            }
        }
    }

    fn read_prop(&mut self, e: &Elem) -> Result<PropItem, TmxError> {
        let kind = if e.name == "note" { "note" } else { "prop" };
        let prop_type = e.attr("type").map(str::to_string);
        let name = e.name.clone();
        let mut value = String::new();
        loop {
            match self.next()? {
                Ev::Text { text, .. } => value.push_str(&text),
                Ev::Start(e) => {
                    let n = e.name;
                    self.skip_to_end(&n)?
                }
                Ev::Empty(_) => {}
                Ev::End(n) if n == name => break,
                Ev::End(n) => return err(self.at, format!("unexpected </{n}>")),
                Ev::Eof => {
                    return err(
                        self.at,
                        format!("unexpected end of file: <{name}> is not closed"),
                    )
                }
            }
        }
        Ok(PropItem {
            kind,
            prop_type,
            value,
        })
    }

    fn read_tuv(&mut self, e: &Elem, empty: bool) -> Result<Tuv, TmxError> {
        let at = self.at;
        let Some(l) = e
            .attr("xml:lang")
            .or_else(|| e.attr("lang"))
            .map(str::trim)
            .filter(|l| !l.is_empty())
        else {
            return err(at, "<tuv> has no xml:lang attribute");
        };
        if !lang::is_valid(l) {
            return err(at, format!("<tuv> xml:lang {l:?} is not a language tag"));
        }
        let mut tuv = Tuv {
            lang: l.to_string(),
            created_at: e.attr("creationdate").and_then(parse_date),
            changed_at: e.attr("changedate").and_then(parse_date),
            creator: e.attr("creationid").map(str::to_string),
            changer: e.attr("changeid").map(str::to_string),
            ..Default::default()
        };
        if empty {
            return Ok(tuv);
        }
        let mut have_seg = false;
        loop {
            match self.next()? {
                Ev::Start(e) if e.name == "prop" || e.name == "note" => {
                    let p = self.read_prop(&e)?;
                    tuv.props.push(p);
                }
                Ev::Start(e) if e.name == "seg" => {
                    let (text, markup) = self.read_seg()?;
                    if !have_seg {
                        tuv.text = text;
                        tuv.markup = markup;
                        have_seg = true;
                    }
                }
                Ev::Start(e) => {
                    let name = e.name;
                    self.skip_to_end(&name)?
                }
                Ev::Empty(_) | Ev::Text { .. } => {}
                Ev::End(n) if n == "tuv" => return Ok(tuv),
                Ev::End(n) => return err(self.at, format!("unexpected </{n}> in <tuv>")),
                Ev::Eof => return err(self.at, "unexpected end of file: <tuv> is not closed"),
            }
        }
    }

    /// Reads `<seg>` content up to `</seg>`: plain text (codes stripped) and, when there were
    /// inline elements, the inner XML.
    fn read_seg(&mut self) -> Result<(String, Option<String>), TmxError> {
        let mut text = String::new();
        let mut markup = String::new();
        let mut inline = false;
        // Open elements inside the seg: Some(kind) for TMX inline elements, None for unknown
        // ones (dropped from the markup, their text kept).
        let mut stack: Vec<Option<Inline>> = Vec::new();
        // Elements come with their source form; text only once an inline element has
        // appeared (most segments are plain text and need no markup).
        self.xml.keep_raw(true);
        self.xml.keep_raw_text(false);
        let r = self.read_seg_content(&mut text, &mut markup, &mut inline, &mut stack);
        self.xml.keep_raw(false);
        r?;
        let text = if text.trim().len() == text.len() {
            text
        } else {
            text.trim().to_string()
        };
        let markup = inline.then(|| markup.trim().to_string());
        Ok((text, markup))
    }

    fn read_seg_content(
        &mut self,
        text: &mut String,
        markup: &mut String,
        inline: &mut bool,
        stack: &mut Vec<Option<Inline>>,
    ) -> Result<(), TmxError> {
        let in_code = |stack: &[Option<Inline>]| {
            stack
                .iter()
                .any(|k| matches!(k, Some(Inline::Code) | Some(Inline::Sub)))
        };
        loop {
            match self.next()? {
                Ev::Text { text: t, raw } => {
                    if *inline {
                        markup.push_str(&raw);
                    }
                    if !in_code(stack) {
                        if text.is_empty() {
                            *text = t;
                        } else {
                            text.push_str(&t);
                        }
                    }
                }
                ev @ (Ev::Start(_) | Ev::Empty(_)) => {
                    let (e, empty) = match ev {
                        Ev::Start(e) => (e, false),
                        Ev::Empty(e) => (e, true),
                        _ => unreachable!("matched above"),
                    };
                    if stack.len() >= MAX_DEPTH {
                        return err(self.at, "inline elements nested too deeply");
                    }
                    let parent = stack.iter().rev().find_map(|k| *k);
                    let kind = inline_kind(e.name.as_bytes()).filter(|k| {
                        allowed_in(parent, *k)
                            && required_attrs(e.name.as_bytes())
                                .iter()
                                .all(|a| e.attrs.iter().any(|(k, _)| k.as_bytes() == *a))
                    });
                    if kind.is_some() {
                        if !*inline {
                            // All text so far lies outside codes: it is the markup so far.
                            *markup = escape_text(text);
                            *inline = true;
                            self.xml.keep_raw_text(true);
                        }
                        markup.push('<');
                        markup.push_str(&e.raw);
                        markup.push_str(if empty { "/>" } else { ">" });
                    }
                    if !empty {
                        stack.push(kind);
                    }
                }
                Ev::End(n) => match stack.pop() {
                    Some(Some(_)) => {
                        markup.push_str("</");
                        markup.push_str(&n);
                        markup.push('>');
                    }
                    Some(None) => {}
                    None => break, // </seg>
                },
                Ev::Eof => return err(self.at, "unexpected end of file: <seg> is not closed"),
            }
        }
        Ok(())
    }

    /// Skips everything up to the end of the element `name` just opened.
    fn skip_to_end(&mut self, name: &str) -> Result<(), TmxError> {
        let r = self.xml.skip_to_end(name);
        self.at = self.xml.at();
        r
    }
}

/// A TMX date (`YYYYMMDDThhmmssZ`, or ISO 8601) in the store's form; `None` when invalid.
fn parse_date(s: &str) -> Option<String> {
    let b = s.as_bytes();
    let tmx_shape = b.len() == 16
        && b[8] == b'T'
        && b[15] == b'Z'
        && b[..8].iter().chain(&b[9..15]).all(u8::is_ascii_digit);
    if !tmx_shape {
        return time::parse_utc(s);
    }
    let n = |a: usize, z: usize| s[a..z].parse::<u32>().unwrap_or(99);
    let ok = (1..=12).contains(&n(4, 6))
        && (1..=31).contains(&n(6, 8))
        && n(9, 11) <= 23
        && n(11, 13) <= 59
        && n(13, 15) <= 60;
    ok.then(|| {
        // YYYY-MM-DDThh:mm:ssZ, built by hand (format! was a tenth of the parse time).
        let mut out = String::with_capacity(20);
        for (piece, sep) in [
            (&s[0..4], '-'),
            (&s[4..6], '-'),
            (&s[6..8], 'T'),
            (&s[9..11], ':'),
            (&s[11..13], ':'),
            (&s[13..15], 'Z'),
        ] {
            out.push_str(piece);
            out.push(sep);
        }
        out
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn dates_parse_like_the_store() {
        for d in [
            "20250101T120000Z",
            "2025-01-01T12:00:00Z",
            "20251301T120000Z",
            "2025",
            "",
        ] {
            assert_eq!(
                super::parse_date(d),
                crate::store::time::parse_utc(d),
                "{d}"
            );
        }
    }

    use super::*;

    fn read_all(s: &str) -> Result<(Header, Vec<Tu>), TmxError> {
        let mut r = TmxReader::new(s.as_bytes())?;
        let mut out = Vec::new();
        while let Some(tu) = r.next_tu()? {
            out.push(tu);
        }
        Ok((r.header().clone(), out))
    }

    const HEAD: &str = r#"<?xml version="1.0"?><tmx version="1.4"><header creationtool="x" creationtoolversion="1" segtype="sentence" o-tmf="x" adminlang="en" srclang="en" datatype="plaintext"/><body>"#;

    #[test]
    fn reads_units_variants_props_and_inline_codes() {
        let doc = format!(
            "{HEAD}<tu tuid=\"7\" creationdate=\"20250101T120000Z\" creationid=\"ann\"><prop type=\"x-domain\">news</prop><note>n</note>\
             <tuv xml:lang=\"en\"><seg> Open the <bpt i=\"1\">&lt;b&gt;</bpt>file<ept i=\"1\">&lt;/b&gt;</ept> &amp; go </seg></tuv>\
             <tuv lang=\"KK-kz\"><prop type=\"x-q\">ok</prop><seg>Ашу</seg></tuv></tu></body></tmx>"
        );
        let (h, tus) = read_all(&doc).unwrap();
        assert_eq!(h.srclang, "en");
        assert_eq!(tus.len(), 1);
        let tu = &tus[0];
        assert_eq!(tu.tuid.as_deref(), Some("7"));
        assert_eq!(tu.created_at.as_deref(), Some("2025-01-01T12:00:00Z"));
        assert_eq!(tu.creator.as_deref(), Some("ann"));
        assert_eq!(tu.props.len(), 2);
        assert_eq!(tu.props[1].kind, "note");
        assert_eq!(tu.tuvs[0].text, "Open the file & go");
        assert_eq!(
            tu.tuvs[0].markup.as_deref(),
            Some("Open the <bpt i=\"1\">&lt;b&gt;</bpt>file<ept i=\"1\">&lt;/b&gt;</ept> &amp; go")
        );
        assert_eq!(tu.tuvs[1].lang, "KK-kz");
        assert_eq!(tu.tuvs[1].markup, None);
        assert_eq!(tu.tuvs[1].props[0].value, "ok");
    }

    #[test]
    fn hi_text_counts_and_sub_does_not() {
        let doc = format!(
            "{HEAD}<tu><tuv xml:lang=\"en\"><seg>A <hi type=\"b\">bold</hi> <ph x=\"1\">&lt;img alt=\"<sub>alt</sub>\"/&gt;</ph>end<![CDATA[ <x>]]></seg></tuv></tu></body></tmx>"
        );
        let (_, tus) = read_all(&doc).unwrap();
        assert_eq!(tus[0].tuvs[0].text, "A bold end <x>");
        assert!(tus[0].tuvs[0]
            .markup
            .as_deref()
            .unwrap()
            .ends_with("end &lt;x&gt;"));
    }

    #[test]
    fn refuses_entities_and_bad_xml_with_positions() {
        let bomb = "<?xml version=\"1.0\"?><!DOCTYPE tmx [<!ENTITY a \"aaaa\"><!ENTITY b \"&a;&a;&a;\">]><tmx><header srclang=\"en\"/><body><tu><tuv xml:lang=\"en\"><seg>&b;</seg></tuv></tu></body></tmx>";
        let e = read_all(bomb).unwrap_err();
        assert!(e.message.contains("entit"), "{e}");
        let unknown =
            format!("{HEAD}<tu><tuv xml:lang=\"en\"><seg>&nbsp;</seg></tuv></tu></body></tmx>");
        let e = read_all(&unknown).unwrap_err();
        assert!(e.message.contains("unknown entity &nbsp;"), "{e}");
        assert_eq!(e.offset as usize, unknown.find("&nbsp;").unwrap());
        let mismatched =
            format!("{HEAD}<tu><tuv xml:lang=\"en\"><seg>x</tuv></seg></tu></body></tmx>");
        assert!(read_all(&mismatched)
            .unwrap_err()
            .message
            .contains("malformed"));
        let truncated = format!("{HEAD}<tu><tuv xml:lang=\"en\"><seg>x</seg>");
        assert!(read_all(&truncated)
            .unwrap_err()
            .message
            .contains("end of file"));
        let ctrl =
            format!("{HEAD}<tu><tuv xml:lang=\"en\"><seg>x&#1;</seg></tuv></tu></body></tmx>");
        assert!(read_all(&ctrl).unwrap_err().message.contains("U+0001"));
        let trailing = format!("{HEAD}</body></tmx><more/>");
        assert!(read_all(&trailing)
            .unwrap_err()
            .message
            .contains("after the end"));
    }

    #[test]
    fn requires_srclang_and_tuv_language() {
        let e = read_all("<tmx><header creationtool=\"x\"/><body/></tmx>").unwrap_err();
        assert!(e.message.contains("srclang"));
        let e = read_all(&format!(
            "{HEAD}<tu><tuv><seg>x</seg></tuv></tu></body></tmx>"
        ))
        .unwrap_err();
        assert!(e.message.contains("xml:lang"));
        let e = read_all("<xliff/>").unwrap_err();
        assert!(e.message.contains("not a TMX file"));
    }

    #[test]
    fn crlf_is_normalized_but_char_ref_cr_is_kept() {
        let doc = format!(
            "{HEAD}<tu><tuv xml:lang=\"en\"><seg>a\r\nb&#13;c</seg></tuv></tu></body></tmx>"
        );
        let (_, tus) = read_all(&doc).unwrap();
        assert_eq!(tus[0].tuvs[0].text, "a\nb\rc");
    }

    #[test]
    fn empty_body_and_self_closed_header() {
        let (h, tus) =
            read_all("<tmx version=\"1.1\"><header srclang=\"*all*\"/><body/></tmx>").unwrap();
        assert_eq!((h.srclang.as_str(), tus.len()), ("*all*", 0));
    }
}
