//! Streaming TMX 1.1–1.4b reader: one `<tu>` at a time, never fetching a DTD, refusing
//! entity declarations, and checking the XML 1.0 rules quick-xml leaves to its users.

use std::borrow::Cow;
use std::io::BufRead;

use super::markup::{allowed_in, inline_kind, required_attrs, Inline};
use crate::formats::xml::{self, cdata, escape_text, text, EventReader, RawEv, Tag, XmlError};
use crate::lang;
use crate::store::time;

fn err<T>(offset: u64, message: impl Into<String>) -> Result<T, XmlError> {
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
}

/// Maximum nesting inside one `<seg>` (deeper input is refused rather than risking the stack).
const MAX_DEPTH: usize = 256;

impl<R: BufRead> TmxReader<R> {
    /// Reads the prolog, `<tmx>` and `<header>`, and stops at the first unit.
    pub fn new(input: R) -> Result<Self, XmlError> {
        let mut r = TmxReader {
            xml: EventReader::new(input),
            header: Header::default(),
            phase: Phase::Body,
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

    fn prolog(&mut self) -> Result<(), XmlError> {
        // Up to the root element.
        loop {
            let (ev, at) = self.xml.next_raw()?;
            match ev {
                RawEv::Start(t) if t.name() == "tmx" => {
                    self.header.version = t.attr("version")?.map(Cow::into_owned);
                    break;
                }
                RawEv::Start(t) | RawEv::Empty(t) => {
                    return err(
                        at,
                        format!(
                            "not a TMX file: the root element is <{}>, not <tmx>",
                            t.name()
                        ),
                    )
                }
                RawEv::Text(x) if text(x, at)?.trim().is_empty() => {}
                RawEv::Text(_) | RawEv::CData(_) => return err(at, "text before the root element"),
                RawEv::End(n) => return err(at, format!("unexpected </{n}>")),
                RawEv::Eof => return err(at, "not a TMX file: no <tmx> element"),
            }
        }
        // <header>, then <body>.
        let mut have_header = false;
        loop {
            let (ev, at) = self.xml.next_raw()?;
            let (t, empty) = match ev {
                RawEv::Start(t) => (t, false),
                RawEv::Empty(t) => (t, true),
                RawEv::Text(x) => {
                    text(x, at)?;
                    continue;
                }
                RawEv::CData(x) => {
                    cdata(x, at)?;
                    continue;
                }
                RawEv::End(_) => return err(at, "<tmx> has no <body>"),
                RawEv::Eof => return err(at, "unexpected end of file: <tmx> is not closed"),
            };
            match t.name() {
                "header" => {
                    self.header = Header {
                        version: self.header.version.take(),
                        ..read_header(&t, at)?
                    };
                    have_header = true;
                    if !empty {
                        self.xml.skip_to_end("header")?;
                    }
                }
                "body" => {
                    checked(&t)?;
                    if !have_header {
                        return err(at, "<body> without a <header> before it");
                    }
                    if empty {
                        self.end_of_body()?;
                    }
                    return Ok(());
                }
                name => {
                    checked(&t)?;
                    if !empty {
                        let name = name.to_string();
                        self.xml.skip_to_end(&name)?
                    }
                }
            }
        }
    }

    /// After `</body>`: `</tmx>`, then nothing but comments and white space.
    fn end_of_body(&mut self) -> Result<(), XmlError> {
        self.phase = Phase::Done;
        loop {
            let (ev, at) = self.xml.next_raw()?;
            match ev {
                RawEv::End("tmx") => break,
                RawEv::End(n) => return err(at, format!("unexpected </{n}>")),
                RawEv::Eof => return err(at, "unexpected end of file: <tmx> is not closed"),
                ev => {
                    if let Some(name) = other(ev, at)? {
                        self.xml.skip_to_end(&name)?;
                    }
                }
            }
        }
        loop {
            let (ev, at) = self.xml.next_raw()?;
            match ev {
                RawEv::Eof => return Ok(()),
                RawEv::Text(x) if text(x, at)?.trim().is_empty() => {}
                RawEv::CData(x) if cdata(x, at)?.trim().is_empty() => {}
                _ => return err(at, "content after the end of the root element"),
            }
        }
    }

    /// The next `<tu>`, or `None` at the end of the body.
    pub fn next_tu(&mut self) -> Result<Option<Tu>, XmlError> {
        if self.phase == Phase::Done {
            return Ok(None);
        }
        loop {
            let (ev, at) = self.xml.next_raw()?;
            match ev {
                RawEv::Start(t) if t.name() == "tu" => {
                    let tu = tu_head(&t, at)?;
                    return self.read_tu(tu).map(Some);
                }
                RawEv::End("body") => {
                    self.end_of_body()?;
                    return Ok(None);
                }
                RawEv::End(n) => return err(at, format!("unexpected </{n}>")),
                RawEv::Eof => return err(at, "unexpected end of file: <body> is not closed"),
                ev => {
                    if let Some(name) = other(ev, at)? {
                        self.xml.skip_to_end(&name)?;
                    }
                }
            }
        }
    }

    fn read_tu(&mut self, mut tu: Tu) -> Result<Tu, XmlError> {
        loop {
            let (ev, at) = self.xml.next_raw()?;
            match ev {
                RawEv::Start(t) if t.name() == "prop" || t.name() == "note" => {
                    let (kind, prop_type) = prop_head(&t)?;
                    let p = self.read_prop(kind, prop_type)?;
                    tu.props.push(p);
                }
                RawEv::Start(t) if t.name() == "tuv" => {
                    let tuv = tuv_head(&t, at)?;
                    let tuv = self.read_tuv(tuv)?;
                    tu.tuvs.push(tuv);
                }
                RawEv::Empty(t) if t.name() == "tuv" => {
                    tuv_head(&t, at)?;
                }
                RawEv::End("tu") => return Ok(tu),
                RawEv::End(n) => return err(at, format!("unexpected </{n}> in <tu>")),
                RawEv::Eof => return err(at, "unexpected end of file: <tu> is not closed"),
                ev => {
                    if let Some(name) = other(ev, at)? {
                        self.xml.skip_to_end(&name)?;
                    }
                }
            }
        }
    }

    fn read_prop(
        &mut self,
        kind: &'static str,
        prop_type: Option<String>,
    ) -> Result<PropItem, XmlError> {
        let mut value = String::new();
        loop {
            let (ev, at) = self.xml.next_raw()?;
            let piece = match ev {
                RawEv::Text(x) => text(x, at)?,
                RawEv::CData(x) => cdata(x, at)?,
                RawEv::End(n) if n == kind => break,
                RawEv::End(n) => return err(at, format!("unexpected </{n}>")),
                RawEv::Eof => {
                    return err(
                        at,
                        format!("unexpected end of file: <{kind}> is not closed"),
                    )
                }
                ev => {
                    if let Some(name) = other(ev, at)? {
                        self.xml.skip_to_end(&name)?;
                    }
                    continue;
                }
            };
            if value.is_empty() {
                value = piece.into_owned();
            } else {
                value.push_str(&piece);
            }
        }
        Ok(PropItem {
            kind,
            prop_type,
            value,
        })
    }

    fn read_tuv(&mut self, mut tuv: Tuv) -> Result<Tuv, XmlError> {
        let mut have_seg = false;
        loop {
            let (ev, at) = self.xml.next_raw()?;
            match ev {
                RawEv::Start(t) if t.name() == "prop" || t.name() == "note" => {
                    let (kind, prop_type) = prop_head(&t)?;
                    let p = self.read_prop(kind, prop_type)?;
                    tuv.props.push(p);
                }
                RawEv::Start(t) if t.name() == "seg" => {
                    checked(&t)?;
                    let (text, markup) = self.read_seg()?;
                    if !have_seg {
                        tuv.text = text;
                        tuv.markup = markup;
                        have_seg = true;
                    }
                }
                RawEv::End("tuv") => return Ok(tuv),
                RawEv::End(n) => return err(at, format!("unexpected </{n}> in <tuv>")),
                RawEv::Eof => return err(at, "unexpected end of file: <tuv> is not closed"),
                ev => {
                    if let Some(name) = other(ev, at)? {
                        self.xml.skip_to_end(&name)?;
                    }
                }
            }
        }
    }

    /// Reads `<seg>` content up to `</seg>`: plain text (codes stripped) and, when there were
    /// inline elements, the inner XML.
    fn read_seg(&mut self) -> Result<(String, Option<String>), XmlError> {
        let mut text = String::new();
        // The inner XML, kept only once an inline element appears (most segments are
        // plain text and need no markup).
        let mut markup = String::new();
        let mut inline = false;
        // Open elements inside the seg: Some(kind) for TMX inline elements, None for unknown
        // ones (dropped from the markup, their text kept); the TMX ones alone, innermost
        // last; and how many of those are codes (`<sub>` or a code element) — kept as the
        // stack changes, so that each event costs the same however deep it lies.
        let mut stack: Vec<Option<Inline>> = Vec::new();
        let mut known: Vec<Inline> = Vec::new();
        let mut codes = 0usize;
        let is_code = |k: Inline| matches!(k, Inline::Code | Inline::Sub);
        loop {
            let (ev, at) = self.xml.next_raw()?;
            let (t, empty) = match ev {
                RawEv::Text(raw) => {
                    let t = xml::text(raw, at)?;
                    if inline {
                        markup.push_str(&xml::normalize_newlines(raw));
                    }
                    if codes == 0 {
                        if text.is_empty() {
                            text = t.into_owned();
                        } else {
                            text.push_str(&t);
                        }
                    }
                    continue;
                }
                RawEv::CData(raw) => {
                    let t = cdata(raw, at)?;
                    if inline {
                        markup.push_str(&escape_text(&t));
                    }
                    if codes == 0 {
                        text.push_str(&t);
                    }
                    continue;
                }
                RawEv::Start(t) => (t, false),
                RawEv::Empty(t) => (t, true),
                RawEv::End(n) => {
                    match stack.pop() {
                        Some(Some(k)) => {
                            known.pop();
                            codes -= usize::from(is_code(k));
                            markup.push_str("</");
                            markup.push_str(n);
                            markup.push('>');
                        }
                        Some(None) => {}
                        None => break, // </seg>
                    }
                    continue;
                }
                RawEv::Eof => return err(at, "unexpected end of file: <seg> is not closed"),
            };
            if stack.len() >= MAX_DEPTH {
                return err(at, "inline elements nested too deeply");
            }
            let mut names: Vec<&str> = Vec::new();
            t.attrs(|k, _| {
                names.push(k);
                Ok(())
            })?;
            let parent = known.last().copied();
            let kind = inline_kind(t.name().as_bytes()).filter(|k| {
                allowed_in(parent, *k)
                    && required_attrs(t.name().as_bytes())
                        .iter()
                        .all(|a| names.iter().any(|n| n.as_bytes() == *a))
            });
            if kind.is_some() {
                if !inline {
                    // All text so far lies outside codes: it is the markup so far.
                    markup = escape_text(&text);
                    inline = true;
                }
                markup.push('<');
                markup.push_str(t.raw());
                markup.push_str(if empty { "/>" } else { ">" });
            }
            if !empty {
                stack.push(kind);
                if let Some(k) = kind {
                    known.push(k);
                    codes += usize::from(is_code(k));
                }
            }
        }
        let text = if text.trim().len() == text.len() {
            text
        } else {
            text.trim().to_string()
        };
        let markup = inline.then(|| markup.trim().to_string());
        Ok((text, markup))
    }
}

/// An event no reader step expects where it stands: an element is checked, and its name
/// returned when its content is to be skipped; text is checked. End tags and the end of
/// input are the caller's.
fn other(ev: RawEv<'_>, at: u64) -> Result<Option<String>, XmlError> {
    match ev {
        RawEv::Start(t) => {
            checked(&t)?;
            Ok(Some(t.name().to_string()))
        }
        RawEv::Empty(t) => checked(&t).map(|_| None),
        RawEv::Text(x) => text(x, at).map(|_| None),
        RawEv::CData(x) => cdata(x, at).map(|_| None),
        RawEv::End(_) | RawEv::Eof => Ok(None),
    }
}

/// Checks a tag's attributes (the reader does not need them).
fn checked(t: &Tag<'_>) -> Result<(), XmlError> {
    t.attrs(|_, _| Ok(()))
}

/// The `<header>`'s attributes (`srclang` is required).
fn read_header(t: &Tag<'_>, at: u64) -> Result<Header, XmlError> {
    let mut h = Header::default();
    let mut src = None;
    t.attrs(|k, v| {
        let v = Some(v.into_owned());
        match k {
            "srclang" if src.is_none() => src = v,
            "creationtool" => h.creationtool = v,
            "creationtoolversion" => h.creationtoolversion = v,
            "datatype" => h.datatype = v,
            _ => {}
        }
        Ok(())
    })?;
    let Some(src) = src.as_deref().map(str::trim).filter(|s| !s.is_empty()) else {
        return err(
            at,
            "<header> has no srclang attribute (required by TMX; use srclang=\"*all*\" if any language may be the source)",
        );
    };
    if src != "*all*" {
        if let Err(e) = lang::parse_tag(src) {
            return err(at, format!("<header> srclang: {e}"));
        }
    }
    h.srclang = src.to_string();
    Ok(h)
}

/// A `<tu>` from its start tag's attributes, before its content.
fn tu_head(t: &Tag<'_>, at: u64) -> Result<Tu, XmlError> {
    let mut tu = Tu {
        offset: at,
        ..Default::default()
    };
    t.attrs(|k, v| {
        match k {
            "tuid" => tu.tuid = Some(v.into_owned()),
            "srclang" => tu.srclang = Some(v.into_owned()),
            _ => {
                let audit = [
                    &mut tu.created_at,
                    &mut tu.changed_at,
                    &mut tu.creator,
                    &mut tu.changer,
                ];
                audit_attr(k, v, audit);
            }
        }
        Ok(())
    })?;
    Ok(tu)
}

/// Keeps one of the attributes `<tu>` and `<tuv>` share — `creationdate`, `changedate`
/// (as stored dates, `None` when invalid), `creationid`, `changeid` — in the matching slot.
fn audit_attr(
    k: &str,
    v: Cow<'_, str>,
    [created, changed, creator, changer]: [&mut Option<String>; 4],
) {
    match k {
        "creationdate" => *created = parse_date(&v),
        "changedate" => *changed = parse_date(&v),
        "creationid" => *creator = Some(v.into_owned()),
        "changeid" => *changer = Some(v.into_owned()),
        _ => {}
    }
}

/// A `<tuv>` from its start tag's attributes (a language is required), before its content.
fn tuv_head(t: &Tag<'_>, at: u64) -> Result<Tuv, XmlError> {
    let mut tuv = Tuv::default();
    let (mut xml_lang, mut old_lang) = (None, None);
    t.attrs(|k, v| {
        match k {
            "xml:lang" => xml_lang = Some(v),
            "lang" => old_lang = Some(v),
            _ => {
                let audit = [
                    &mut tuv.created_at,
                    &mut tuv.changed_at,
                    &mut tuv.creator,
                    &mut tuv.changer,
                ];
                audit_attr(k, v, audit);
            }
        }
        Ok(())
    })?;
    let Some(l) = xml_lang
        .or(old_lang)
        .as_deref()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(str::to_string)
    else {
        return err(at, "<tuv> has no xml:lang attribute");
    };
    if let Err(e) = lang::parse_tag(&l) {
        return err(at, format!("<tuv> xml:lang: {e}"));
    }
    tuv.lang = l;
    Ok(tuv)
}

/// A `<prop>` or `<note>`'s kind and `type`.
fn prop_head(t: &Tag<'_>) -> Result<(&'static str, Option<String>), XmlError> {
    let kind = if t.name() == "note" { "note" } else { "prop" };
    let mut prop_type = None;
    t.attrs(|k, v| {
        if k == "type" && prop_type.is_none() {
            prop_type = Some(v.into_owned());
        }
        Ok(())
    })?;
    Ok((kind, prop_type))
}

/// A TMX date (`YYYYMMDDThhmmssZ`, or ISO 8601) in the store's form; `None` when invalid.
fn parse_date(s: &str) -> Option<String> {
    let b = s.as_bytes();
    let digits = |r: std::ops::Range<usize>| b[r].iter().all(u8::is_ascii_digit);
    let tmx_shape = b.len() == 16 && b[8] == b'T' && b[15] == b'Z' && digits(0..8) && digits(9..15);
    if !tmx_shape {
        return time::parse_utc(s);
    }
    // Two ASCII digits (checked above) as a number.
    let n = |a: usize| u32::from(b[a] - b'0') * 10 + u32::from(b[a + 1] - b'0');
    let ok = (1..=12).contains(&n(4))
        && (1..=31).contains(&n(6))
        && n(9) <= 23
        && n(11) <= 59
        && n(13) <= 60;
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

    fn read_all(s: &str) -> Result<(Header, Vec<Tu>), XmlError> {
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
    fn text_deep_inside_highlights_and_codes_is_told_apart() {
        let depth = MAX_DEPTH - 2;
        let body = "a<ph x=\"1\">b<sub>c</sub></ph>d<foo>e</foo>".repeat(3);
        let doc = format!(
            "{HEAD}<tu><tuv xml:lang=\"en\"><seg>{}{body}{}</seg></tuv></tu></body></tmx>",
            "<hi>".repeat(depth),
            "</hi>".repeat(depth)
        );
        let (_, tus) = read_all(&doc).unwrap();
        let tuv = &tus[0].tuvs[0];
        assert_eq!(tuv.text, "adeadeade");
        let markup = tuv.markup.as_deref().unwrap();
        assert_eq!(markup.matches("<hi>").count(), depth);
        assert_eq!(markup.matches("<sub>c</sub>").count(), 3);
        assert!(!markup.contains("foo"), "unknown elements leave the markup");
        let too_deep =
            doc.replacen("<hi>", "<hi><hi><hi>", 1)
                .replacen("</hi>", "</hi></hi></hi>", 1);
        assert!(read_all(&too_deep)
            .unwrap_err()
            .message
            .contains("too deeply"));
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
