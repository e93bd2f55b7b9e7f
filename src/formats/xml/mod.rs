//! XML helpers shared by the TMX and XLIFF readers and writers: escaping, XML 1.0 character
//! rules, input decoding (UTF-8 with or without BOM, UTF-16) and line/column lookup.

use std::borrow::Cow;
use std::io::{self, BufRead, BufReader, Read, Write};

use quick_xml::events::Event;

/// Whether `c` may appear in an XML 1.0 document.
pub fn is_xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..='\u{10FFFF}')
}

/// The first character not allowed in XML 1.0, with its byte offset in `s`.
pub fn first_illegal_char(s: &str) -> Option<(usize, char)> {
    if scan(s.as_bytes()) & SUSPECT == 0 {
        return None;
    }
    s.char_indices().find(|&(_, c)| !is_xml_char(c))
}

/// [`scan`] flag: a byte that may start a character illegal in XML 1.0 (only bytes < 0x20
/// other than tab, LF and CR, and the sequences EF BF BE / EF BF BF, can).
const SUSPECT: u8 = 1;
/// [`scan`] flag: a carriage return (line ends to normalize).
const CR: u8 = 2;
/// [`scan`] flag: an ampersand (references to resolve).
const AMP: u8 = 4;

/// What one pass over character data finds: [`SUSPECT`], [`CR`] and [`AMP`] flags. Whole
/// chunks are folded without an early exit, which the compiler vectorizes.
fn scan(b: &[u8]) -> u8 {
    let flags = |x: u8| {
        let suspect = (x < 0x20 && x != b'\t' && x != b'\n' && x != b'\r') || x == 0xEF;
        suspect as u8 | ((x == b'\r') as u8) << 1 | ((x == b'&') as u8) << 2
    };
    b.chunks(64)
        .fold(0, |acc, c| acc | c.iter().fold(0, |a, &x| a | flags(x)))
}

/// Which escaping rules to apply.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Ctx {
    Text,
    Attr,
}

/// Writes `s` as XML character data: `& < > "` escaped, CR as `&#13;` (so that it survives
/// line-end normalization), characters illegal in XML 1.0 dropped.
pub fn write_text<W: Write + ?Sized>(w: &mut W, s: &str) -> io::Result<()> {
    write_escaped(w, s, Ctx::Text)
}

/// Writes `s` as a double-quoted attribute value: like [`write_text`], and tab and line
/// feed as character references (attribute-value normalization would turn them into spaces).
pub fn write_attr<W: Write + ?Sized>(w: &mut W, s: &str) -> io::Result<()> {
    write_escaped(w, s, Ctx::Attr)
}

/// [`write_text`] into a `String`.
pub fn escape_text(s: &str) -> String {
    let mut v = Vec::with_capacity(s.len() + 8);
    // Writing into a Vec cannot fail.
    let _ = write_text(&mut v, s);
    String::from_utf8(v).unwrap_or_default()
}

/// [`write_attr`] into a `String`.
pub fn escape_attr(s: &str) -> String {
    let mut v = Vec::with_capacity(s.len() + 8);
    // Writing into a Vec cannot fail.
    let _ = write_attr(&mut v, s);
    String::from_utf8(v).unwrap_or_default()
}

fn write_escaped<W: Write + ?Sized>(w: &mut W, s: &str, ctx: Ctx) -> io::Result<()> {
    let b = s.as_bytes();
    let mut start = 0;
    let mut i = 0;
    while i < b.len() {
        let x = b[i];
        let rep: Option<&[u8]> = match x {
            b'&' => Some(b"&amp;"),
            b'<' => Some(b"&lt;"),
            b'>' => Some(b"&gt;"),
            b'"' => Some(b"&quot;"),
            b'\r' => Some(b"&#13;"),
            b'\t' if ctx == Ctx::Attr => Some(b"&#9;"),
            b'\n' if ctx == Ctx::Attr => Some(b"&#10;"),
            b'\t' | b'\n' => None,
            0..=0x1F => Some(b""),
            0xEF if b.get(i + 1) == Some(&0xBF) && matches!(b.get(i + 2), Some(0xBE | 0xBF)) => {
                // U+FFFE / U+FFFF: not XML characters.
                w.write_all(&b[start..i])?;
                i += 3;
                start = i;
                continue;
            }
            _ => None,
        };
        if let Some(rep) = rep {
            w.write_all(&b[start..i])?;
            w.write_all(rep)?;
            start = i + 1;
        }
        i += 1;
    }
    w.write_all(&b[start..])
}

/// Opens XML input for reading as UTF-8: a UTF-8 BOM is skipped; UTF-16 (with a BOM, or
/// detected from `<?` in the first bytes) is transcoded on the fly.
pub fn decode_input<R: Read + Send + 'static>(r: R) -> io::Result<Box<dyn BufRead + Send>> {
    let mut br = BufReader::with_capacity(64 * 1024, r);
    let head = {
        let buf = br.fill_buf()?;
        let mut h = [0u8; 4];
        let n = buf.len().min(4);
        h[..n].copy_from_slice(&buf[..n]);
        (h, n)
    };
    let (h, n) = head;
    let h = &h[..n];
    if h.starts_with(&[0xEF, 0xBB, 0xBF]) {
        br.consume(3);
        Ok(Box::new(br))
    } else if h.starts_with(&[0xFF, 0xFE]) {
        br.consume(2);
        Ok(Box::new(BufReader::with_capacity(
            64 * 1024,
            Utf16Reader::new(br, false),
        )))
    } else if h.starts_with(&[0xFE, 0xFF]) {
        br.consume(2);
        Ok(Box::new(BufReader::with_capacity(
            64 * 1024,
            Utf16Reader::new(br, true),
        )))
    } else if h == [0x3C, 0x00, 0x3F, 0x00] {
        Ok(Box::new(BufReader::with_capacity(
            64 * 1024,
            Utf16Reader::new(br, false),
        )))
    } else if h == [0x00, 0x3C, 0x00, 0x3F] {
        Ok(Box::new(BufReader::with_capacity(
            64 * 1024,
            Utf16Reader::new(br, true),
        )))
    } else {
        Ok(Box::new(br))
    }
}

/// Transcodes UTF-16 to UTF-8 as it is read.
struct Utf16Reader<R: BufRead> {
    inner: R,
    big_endian: bool,
    out: Vec<u8>,
    out_pos: usize,
    odd: Option<u8>,
    high: Option<u16>,
}

impl<R: BufRead> Utf16Reader<R> {
    fn new(inner: R, big_endian: bool) -> Self {
        Utf16Reader {
            inner,
            big_endian,
            out: Vec::new(),
            out_pos: 0,
            odd: None,
            high: None,
        }
    }

    fn unit(&self, a: u8, b: u8) -> u16 {
        if self.big_endian {
            u16::from_be_bytes([a, b])
        } else {
            u16::from_le_bytes([a, b])
        }
    }

    fn push_unit(&mut self, u: u16) -> io::Result<()> {
        let bad = || {
            io::Error::new(
                io::ErrorKind::InvalidData,
                "invalid UTF-16 (unpaired surrogate)",
            )
        };
        let c = match (self.high.take(), u) {
            (None, 0xD800..=0xDBFF) => {
                self.high = Some(u);
                return Ok(());
            }
            (None, 0xDC00..=0xDFFF) => return Err(bad()),
            (None, u) => char::from_u32(u as u32).ok_or_else(bad)?,
            (Some(h), 0xDC00..=0xDFFF) => {
                let cp = 0x10000 + (((h as u32) - 0xD800) << 10) + ((u as u32) - 0xDC00);
                char::from_u32(cp).ok_or_else(bad)?
            }
            (Some(_), _) => return Err(bad()),
        };
        let mut tmp = [0u8; 4];
        self.out
            .extend_from_slice(c.encode_utf8(&mut tmp).as_bytes());
        Ok(())
    }

    fn refill(&mut self) -> io::Result<bool> {
        self.out.clear();
        self.out_pos = 0;
        loop {
            let buf = self.inner.fill_buf()?;
            if buf.is_empty() {
                if self.odd.is_some() || self.high.is_some() {
                    return Err(io::Error::new(
                        io::ErrorKind::InvalidData,
                        "truncated UTF-16 input",
                    ));
                }
                return Ok(false);
            }
            let chunk: Vec<u8> = buf.to_vec();
            let n = chunk.len();
            self.inner.consume(n);
            let mut i = 0;
            if let Some(a) = self.odd.take() {
                let u = self.unit(a, chunk[0]);
                self.push_unit(u)?;
                i = 1;
            }
            while i + 1 < n {
                let u = self.unit(chunk[i], chunk[i + 1]);
                self.push_unit(u)?;
                i += 2;
            }
            if i < n {
                self.odd = Some(chunk[i]);
            }
            if !self.out.is_empty() {
                return Ok(true);
            }
        }
    }
}

impl<R: BufRead> Read for Utf16Reader<R> {
    fn read(&mut self, dst: &mut [u8]) -> io::Result<usize> {
        if self.out_pos >= self.out.len() && !self.refill()? {
            return Ok(0);
        }
        let n = dst.len().min(self.out.len() - self.out_pos);
        dst[..n].copy_from_slice(&self.out[self.out_pos..self.out_pos + n]);
        self.out_pos += n;
        Ok(n)
    }
}

/// 1-based line and column (in characters) of byte `offset` in `input`; reads only up to
/// the offset. Used once, when reporting an error.
pub fn line_col<R: BufRead>(mut input: R, offset: u64) -> io::Result<(u64, u64)> {
    let mut line = 1u64;
    let mut line_bytes: Vec<u8> = Vec::new();
    let mut pos = 0u64;
    loop {
        let buf = input.fill_buf()?;
        if buf.is_empty() || pos >= offset {
            break;
        }
        let take = ((offset - pos) as usize).min(buf.len());
        let chunk = &buf[..take];
        match memchr::memrchr(b'\n', chunk) {
            Some(last) => {
                line += memchr::memchr_iter(b'\n', chunk).count() as u64;
                line_bytes.clear();
                line_bytes.extend_from_slice(&chunk[last + 1..]);
            }
            None => line_bytes.extend_from_slice(chunk),
        }
        input.consume(take);
        pos += take as u64;
    }
    let col = String::from_utf8_lossy(&line_bytes).chars().count() as u64 + 1;
    Ok((line, col))
}

/// A problem in XML input at a byte offset of the (UTF-8) input.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("at byte {offset}: {message}")]
pub struct XmlError {
    /// Byte offset in the decoded input where the problem starts.
    pub offset: u64,
    /// What is wrong.
    pub message: String,
}

fn xerr<T>(offset: u64, message: impl Into<String>) -> Result<T, XmlError> {
    Err(XmlError {
        offset,
        message: message.into(),
    })
}

/// One XML event, owned, with what the TMX and XLIFF readers need.
#[derive(Debug)]
pub enum Ev {
    /// `<name …>`.
    Start(Elem),
    /// `<name …/>`.
    Empty(Elem),
    /// `</name>`.
    End(Name),
    /// Character data (or CDATA): the unescaped text and its escaped source form.
    Text {
        /// The text, entity references resolved, line ends normalized.
        text: String,
        /// The same as escaped XML (as written, or escaped from CDATA).
        raw: String,
    },
    /// End of input.
    Eof,
}

/// A start or empty element tag.
#[derive(Debug)]
pub struct Elem {
    /// Qualified name as written.
    pub name: Name,
    /// Attributes (qualified name, unescaped value), in order.
    pub attrs: Vec<(Name, String)>,
    /// The tag's source between `<` and `>` (or `/>`), for copying markup verbatim.
    pub raw: String,
}

impl Elem {
    /// An attribute's value by qualified name.
    pub fn attr(&self, key: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }

    /// The name without a namespace prefix.
    pub fn local(&self) -> &str {
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
pub type Name = Cow<'static, str>;

fn name(raw: &str) -> Name {
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
/// only what it keeps. Text is as written (UTF-8 checked); [`text`] checks and unescapes it.
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
    pub fn raw(&self) -> &'a str {
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
        // first ones are kept without allocating).
        let mut first: [&str; 8] = [""; 8];
        let mut more: Vec<&str> = Vec::new();
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
            if first[..count.min(8)].contains(&key) || more.contains(&key) {
                return bad(&format!("{key} is repeated"));
            }
            match first.get_mut(count) {
                Some(slot) => *slot = key,
                None => more.push(key),
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
    pub fn attr(&self, key: &str) -> Result<Option<Cow<'a, str>>, XmlError> {
        let mut found = None;
        self.attrs(|k, v| {
            if found.is_none() && k == key {
                found = Some(v);
            }
            Ok(())
        })?;
        Ok(found)
    }

    /// This tag as an owned [`Elem`] (`raw` kept only when `keep_raw`).
    pub fn to_elem(&self, keep_raw: bool) -> Result<Elem, XmlError> {
        let mut attrs = Vec::new();
        self.attrs(|k, v| {
            attrs.push((name(k), v.into_owned()));
            Ok(())
        })?;
        Ok(Elem {
            name: name(self.name),
            attrs,
            raw: if keep_raw {
                self.raw.to_string()
            } else {
                String::new()
            },
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

/// Character data as written (a [`RawEv::Text`] starting at byte `at`), checked and
/// unescaped, line ends normalized.
pub fn text(raw: &str, at: u64) -> Result<Cow<'_, str>, XmlError> {
    // White space between elements (most text events) is legal and stays as it is.
    if raw.bytes().all(|c| matches!(c, b' ' | b'\t' | b'\n')) {
        return Ok(Cow::Borrowed(raw));
    }
    let flags = scan(raw.as_bytes());
    if flags & SUSPECT != 0 {
        check_chars(raw, at)?;
    }
    if flags & AMP == 0 {
        // Nothing to resolve (the common case): at most line ends to normalize.
        return Ok(if flags & CR != 0 {
            normalize_newlines(raw)
        } else {
            Cow::Borrowed(raw)
        });
    }
    let unescape = |s: &str| -> Result<Option<String>, XmlError> {
        match quick_xml::escape::unescape(s) {
            Ok(Cow::Borrowed(_)) => Ok(None),
            Ok(Cow::Owned(t)) => {
                // Character references may spell illegal characters; plain text was
                // checked above.
                check_chars(&t, at)?;
                Ok(Some(t))
            }
            Err(e) => xerr(at + escape_offset(&e), escape_message(&e)),
        }
    };
    Ok(match normalize_newlines(raw) {
        Cow::Borrowed(s) => match unescape(s)? {
            None => Cow::Borrowed(s),
            Some(t) => Cow::Owned(t),
        },
        Cow::Owned(s) => Cow::Owned(unescape(&s)?.unwrap_or(s)),
    })
}

/// The content of a CDATA section ([`RawEv::CData`] at byte `at`), checked, line ends
/// normalized.
pub fn cdata(raw: &str, at: u64) -> Result<Cow<'_, str>, XmlError> {
    let t = normalize_newlines(raw);
    check_chars(&t, at)?;
    Ok(t)
}

/// Pull parser over quick-xml that skips comments, PIs and the XML declaration, refuses
/// `<!ENTITY` declarations, and checks what quick-xml does not: UTF-8, characters legal in
/// XML 1.0, known entity references, line-end normalization. It yields borrowed
/// [`RawEv`]s ([`next_raw`](Self::next_raw)) or owned [`Ev`]s
/// ([`next_event`](Self::next_event)). It never fetches anything: a DOCTYPE's external
/// identifier is ignored.
pub struct EventReader<R: BufRead> {
    xml: quick_xml::Reader<R>,
    buf: Vec<u8>,
    at: u64,
    keep_raw: bool,
    keep_raw_text: bool,
}

impl<R: BufRead> EventReader<R> {
    /// A reader over UTF-8 input (see [`decode_input`]).
    pub fn new(input: R) -> Self {
        let mut xml = quick_xml::Reader::from_reader(input);
        let cfg = xml.config_mut();
        cfg.check_end_names = true;
        cfg.check_comments = true;
        cfg.expand_empty_elements = false;
        cfg.trim_text(false);
        EventReader {
            xml,
            buf: Vec::with_capacity(4096),
            at: 0,
            keep_raw: false,
            keep_raw_text: false,
        }
    }

    /// Whether owned events carry their source form ([`Elem::raw`], `Ev::Text::raw`); off
    /// by default (empty strings), to save copying where no markup is kept.
    pub fn keep_raw(&mut self, keep: bool) {
        self.keep_raw = keep;
        self.keep_raw_text = keep;
    }

    /// Whether owned text events carry their source form, independently of elements.
    pub fn keep_raw_text(&mut self, keep: bool) {
        self.keep_raw_text = keep;
    }

    /// Byte offset where the last event started.
    pub fn at(&self) -> u64 {
        self.at
    }

    /// Bytes of input consumed so far.
    pub fn position(&self) -> u64 {
        self.xml.buffer_position()
    }

    /// Skips everything up to the end of the element `name` just opened (TMX, XLIFF and
    /// TBX readers skip elements they do not know this way).
    pub fn skip_to_end(&mut self, name: &str) -> Result<(), XmlError> {
        let mut depth = 1usize;
        loop {
            let (ev, at) = self.next_raw()?;
            match ev {
                RawEv::Start(t) => {
                    // Skipped content is still checked as the rest is.
                    t.attrs(|_, _| Ok(()))?;
                    depth += 1;
                }
                RawEv::Empty(t) => t.attrs(|_, _| Ok(()))?,
                RawEv::End(_) => {
                    depth -= 1;
                    if depth == 0 {
                        return Ok(());
                    }
                }
                RawEv::Eof => {
                    return xerr(
                        at,
                        format!("unexpected end of file: <{name}> is not closed"),
                    )
                }
                RawEv::Text(t) => {
                    text(t, at)?;
                }
                RawEv::CData(t) => {
                    cdata(t, at)?;
                }
            }
        }
    }

    /// The next event, borrowed from the reader's buffer, with the byte offset where it
    /// starts.
    pub fn next_raw(&mut self) -> Result<(RawEv<'_>, u64), XmlError> {
        enum Kind {
            Start(usize),
            Empty(usize),
            End,
            Text,
            CData,
        }
        loop {
            self.buf.clear();
            self.at = self.xml.buffer_position();
            let at = self.at;
            let ev = match self.xml.read_event_into(&mut self.buf) {
                Ok(ev) => ev,
                Err(e) => {
                    let pos = self.xml.error_position().max(at);
                    return xerr(pos, xml_error_message(&e));
                }
            };
            // Where the event's bytes lie (in `buf`), so that they can be borrowed for
            // as long as the caller needs them once quick-xml's event is gone.
            let (kind, ptr, len) = match &ev {
                Event::Start(e) => (Kind::Start(e.name().as_ref().len()), e.as_ptr(), e.len()),
                Event::Empty(e) => (Kind::Empty(e.name().as_ref().len()), e.as_ptr(), e.len()),
                Event::End(e) => {
                    let n = e.name();
                    (Kind::End, n.as_ref().as_ptr(), n.as_ref().len())
                }
                Event::Text(t) => (Kind::Text, t.as_ptr(), t.len()),
                Event::CData(c) => (Kind::CData, c.as_ptr(), c.len()),
                Event::DocType(d) => {
                    let d = utf8(d, at)?;
                    if d.contains("<!ENTITY") || d.contains("<!entity") {
                        return xerr(
                            at,
                            "the DOCTYPE declares entities; entity declarations are refused \
                             (they can expand without bound)",
                        );
                    }
                    continue;
                }
                Event::Comment(_) | Event::PI(_) | Event::Decl(_) => continue,
                Event::Eof => return Ok((RawEv::Eof, at)),
            };
            drop(ev);
            let bytes: &[u8] = if len == 0 {
                &[]
            } else {
                let start = (ptr as usize).wrapping_sub(self.buf.as_ptr() as usize);
                match self.buf.get(start..start.saturating_add(len)) {
                    Some(b) => b,
                    None => return xerr(at, "malformed XML: unreadable event"),
                }
            };
            let ev = match kind {
                Kind::Start(n) => RawEv::Start(tag(bytes, n, at)?),
                Kind::Empty(n) => RawEv::Empty(tag(bytes, n, at)?),
                Kind::End => RawEv::End(utf8(bytes, at)?),
                Kind::Text => RawEv::Text(utf8(bytes, at)?),
                Kind::CData => RawEv::CData(utf8(bytes, at)?),
            };
            return Ok((ev, at));
        }
    }

    /// The next event, owned.
    pub fn next_event(&mut self) -> Result<Ev, XmlError> {
        let (keep_raw, keep_raw_text) = (self.keep_raw, self.keep_raw_text);
        let (ev, at) = self.next_raw()?;
        Ok(match ev {
            RawEv::Start(t) => Ev::Start(t.to_elem(keep_raw)?),
            RawEv::Empty(t) => Ev::Empty(t.to_elem(keep_raw)?),
            RawEv::End(n) => Ev::End(name(n)),
            RawEv::Text(raw) => {
                let text = text(raw, at)?.into_owned();
                let raw = if keep_raw_text {
                    normalize_newlines(raw).into_owned()
                } else {
                    String::new()
                };
                Ev::Text { text, raw }
            }
            RawEv::CData(c) => {
                let text = cdata(c, at)?.into_owned();
                let raw = if keep_raw_text {
                    escape_text(&text)
                } else {
                    String::new()
                };
                Ev::Text { text, raw }
            }
            RawEv::Eof => Ev::Eof,
        })
    }
}

fn utf8(b: &[u8], at: u64) -> Result<&str, XmlError> {
    // SIMD validation first (several times faster on Cyrillic text); std's on failure, for
    // the position of the bad byte.
    simdutf8::basic::from_utf8(b).or_else(|_| {
        std::str::from_utf8(b).map_err(|e| XmlError {
            offset: at + e.valid_up_to() as u64,
            message: "invalid UTF-8 (the file must be UTF-8 or UTF-16)".to_string(),
        })
    })
}

fn check_chars(s: &str, at: u64) -> Result<(), XmlError> {
    match first_illegal_char(s) {
        Some((i, c)) => xerr(
            at + i as u64,
            format!("character U+{:04X} is not allowed in XML 1.0", c as u32),
        ),
        None => Ok(()),
    }
}

/// XML line-end normalization: CR LF and lone CR become LF.
pub fn normalize_newlines(s: &str) -> Cow<'_, str> {
    if s.contains('\r') {
        Cow::Owned(s.replace("\r\n", "\n").replace('\r', "\n"))
    } else {
        Cow::Borrowed(s)
    }
}

/// A tag from the bytes of a start or empty element (name first, `name_len` bytes long),
/// checked as UTF-8 and as XML characters.
fn tag(bytes: &[u8], name_len: usize, at: u64) -> Result<Tag<'_>, XmlError> {
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

fn escape_offset(e: &quick_xml::escape::EscapeError) -> u64 {
    use quick_xml::escape::EscapeError as E;
    match e {
        E::UnrecognizedEntity(r, _) | E::UnterminatedEntity(r) => r.start.saturating_sub(1) as u64,
        E::InvalidCharRef(_) => 0,
    }
}

fn escape_message(e: &quick_xml::escape::EscapeError) -> String {
    use quick_xml::escape::EscapeError as E;
    match e {
        E::UnrecognizedEntity(_, name) => format!(
            "unknown entity &{name}; (only &amp; &lt; &gt; &apos; &quot; and character references are allowed)"
        ),
        E::UnterminatedEntity(_) => {
            "'&' not followed by an entity or character reference ending in ';'".into()
        }
        E::InvalidCharRef(e) => format!("invalid character reference: {e}"),
    }
}

fn xml_error_message(e: &quick_xml::Error) -> String {
    match e {
        quick_xml::Error::Io(io) => format!("cannot read: {io}"),
        other => format!("malformed XML: {other}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_characters_and_drops_illegal_ones() {
        assert_eq!(escape_text("a&b<c>d\"e"), "a&amp;b&lt;c&gt;d&quot;e");
        assert_eq!(escape_text("x\u{1}y\u{b}z\u{FFFE}!\u{FFFF}"), "xyz!");
        assert_eq!(escape_text("tab\there\nline\r"), "tab\there\nline&#13;");
        let mut v = Vec::new();
        write_attr(&mut v, "a\tb\nc").unwrap();
        assert_eq!(v, b"a&#9;b&#10;c");
        assert_eq!(escape_text("Қазақ ﻿ok"), "Қазақ ﻿ok");
    }

    #[test]
    fn finds_illegal_characters() {
        assert_eq!(first_illegal_char("ok\tfine\n"), None);
        assert_eq!(first_illegal_char("no\u{0}"), Some((2, '\u{0}')));
        assert_eq!(first_illegal_char("ї\u{FFFF}"), Some((2, '\u{FFFF}')));
        assert_eq!(first_illegal_char("\u{FEFF}ок"), None);
    }

    #[test]
    fn decodes_utf16_and_skips_bom() {
        let text = "<?xml version=\"1.0\"?><a>Сәлем 𝄞</a>";
        let mut le = vec![0xFF, 0xFE];
        for u in text.encode_utf16() {
            le.extend_from_slice(&u.to_le_bytes());
        }
        let mut s = String::new();
        decode_input(std::io::Cursor::new(le))
            .unwrap()
            .read_to_string(&mut s)
            .unwrap();
        assert_eq!(s, text);
        let mut be = Vec::new();
        for u in text.encode_utf16() {
            be.extend_from_slice(&u.to_be_bytes());
        }
        let mut s = String::new();
        decode_input(std::io::Cursor::new(be))
            .unwrap()
            .read_to_string(&mut s)
            .unwrap();
        assert_eq!(s, text);
        let mut bom8 = vec![0xEF, 0xBB, 0xBF];
        bom8.extend_from_slice(text.as_bytes());
        let mut s = String::new();
        decode_input(std::io::Cursor::new(bom8))
            .unwrap()
            .read_to_string(&mut s)
            .unwrap();
        assert_eq!(s, text);
    }

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

    #[test]
    fn line_and_column_count_characters() {
        let t = "ab\nсәл<x";
        let off = t.find('<').unwrap() as u64;
        assert_eq!(line_col(t.as_bytes(), off).unwrap(), (2, 4));
        assert_eq!(line_col(t.as_bytes(), 0).unwrap(), (1, 1));
    }
}
