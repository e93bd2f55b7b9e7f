//! [`parse_tbx`]: TBX v2 and v3 into glossary entries, in one pass over the XML floor's events.
//!
//! The work is linear in the size of the file by construction: each event costs a constant
//! amount plus the length of its own text and attributes (identifiers go into a hash set,
//! terms into the vectors of their language, the element stack is pushed and popped once
//! per element, and lines are counted by one cursor that only moves forward).

use std::borrow::Cow;
use std::collections::{BTreeMap, HashSet};
use std::io::Read as _;
use std::path::Path;

use crate::formats::xml::{self, cdata, local_name, text, EventReader, RawEv, Tag, XmlError};
use crate::glossary::{Entry, Gender, GlossaryError, Origin, Problem, ProblemLevel, Terms};
use crate::input::InputError;
use crate::text::nfc;

/// Reads a TBX v2, v3 or TBX-Min (`<TBX dialect="TBX-Min">`) file's entries (UTF-8, UTF-16 with a byte order mark, or the
/// encoding its XML declaration names). Malformed XML and characters XML 1.0 does not allow
/// (raw or as character references: a NUL among them) are errors naming the file, line and
/// column; TBX problems (an `id` used twice, a language set without a language or with one
/// that is no ISO 639 language, an entry without any term) name the file and line. What
/// real exports hold is accepted with a warning ([`read_tbx`]): empty `<term/>`
/// placeholders are skipped, numeric `id`s kept.
///
/// Mapping to [`Entry`]: a `termEntry`/`conceptEntry` is an entry; per `langSet`/`langSec`,
/// each `tig`/`ntig`/`termSec` holds one term. The first term whose administrative status
/// is not deprecated/superseded is the preferred rendering, further ones are allowed,
/// deprecated and superseded ones are forbidden. The status is read from
/// `<termNote type="administrativeStatus">` (TBX v2, and v3 in the DCA style) or from an
/// `administrativeStatus` element (v3 in the DCT style, e.g. `<basic:administrativeStatus>`);
/// `grammaticalGender` the same way: masculine/feminine gives the entry's gender. The first
/// `note` is the entry's note, followed by its definitions (`<descrip type="definition">`,
/// or a DCT `definition` element), each as `definition: …`. A language set's tag is
/// checked ([`crate::lang::parse_tag`]) and its term goes to the column of its language
/// and script: `kk-KZ`, `ru-RU` and `en-US` are the glossary's `kk`, `ru` and `en`.
pub fn parse_tbx(bytes: &[u8], path: &Path) -> Result<Vec<Entry>, GlossaryError> {
    read_tbx(bytes, path).map(|t| t.entries)
}

/// What [`read_tbx`] read: the entries, and warnings about what the file holds that the
/// glossary leaves out or accepts though the standard does not.
#[derive(Debug, Clone, Default)]
pub struct Tbx {
    /// The entries, in file order.
    pub entries: Vec<Entry>,
    /// Warnings (each with the line of its first occurrence): empty `<term/>`
    /// placeholders skipped (MultiTerm exports hold them), entries left with no term,
    /// `id`s that are not XML IDs (numeric ids, as MultiTerm writes them) accepted.
    pub warnings: Vec<Problem>,
}

/// [`parse_tbx`], with the warnings (see [`Tbx`]).
pub fn read_tbx(bytes: &[u8], path: &Path) -> Result<Tbx, GlossaryError> {
    let input = decode(bytes, path)?;
    let text = std::str::from_utf8(&input).map_err(|e| {
        let message = match xml::declared_encoding(&input) {
            Some(enc) => format!("invalid UTF-8 (the file says it is in {enc})"),
            None => "invalid UTF-8 (a TBX file without a declared encoding must be UTF-8 or \
                     UTF-16)"
                .to_string(),
        };
        at_position(path, &input, e.valid_up_to() as u64, message)
    })?;
    // The floor checks characters in text, CDATA and tags as it reads them; one scan of the
    // whole input also covers comments, processing instructions and the DOCTYPE.
    if let Some((i, c)) = xml::first_illegal_char(text) {
        let message = format!("character U+{:04X} is not allowed in XML 1.0", c as u32);
        return Err(at_position(path, &input, i as u64, message));
    }
    Parser::new(path, text).run().map_err(|fail| match fail {
        Fail::Xml(e) => at_position(path, &input, e.offset, e.message),
        Fail::Tbx(e) => e,
    })
}

/// The input as UTF-8 bytes: a UTF-8 byte order mark dropped, UTF-16 and a declared legacy
/// encoding transcoded. Bytes not valid in the declared encoding are an error at the
/// position they start at.
fn decode(bytes: &[u8], path: &Path) -> Result<Vec<u8>, GlossaryError> {
    let mut out = Vec::with_capacity(bytes.len());
    let read = xml::decode_input(std::io::Cursor::new(bytes.to_vec()))
        .and_then(|mut r| r.read_to_end(&mut out));
    match read {
        Ok(_) => Ok(out),
        Err(e) => match e
            .get_ref()
            .and_then(|i| i.downcast_ref::<xml::InvalidBytes>())
        {
            Some(bad) => Err(at_position(path, &out, out.len() as u64, bad.to_string())),
            None => Err(GlossaryError::file(path, format!("cannot read: {e}"))),
        },
    }
}

/// An error at byte `offset` of the decoded input, with its line and column.
fn at_position(path: &Path, input: &[u8], offset: u64, message: String) -> GlossaryError {
    match xml::line_col(input, offset) {
        Ok((line, column)) => InputError::AtPosition {
            path: path.to_path_buf(),
            line,
            column,
            message,
        }
        .into(),
        Err(_) => GlossaryError::file(path, format!("byte {offset}: {message}")),
    }
}

/// Why reading stopped: malformed XML (reported with line and column) or a TBX problem.
enum Fail {
    Xml(XmlError),
    Tbx(GlossaryError),
}

impl From<XmlError> for Fail {
    fn from(e: XmlError) -> Self {
        Fail::Xml(e)
    }
}

impl From<GlossaryError> for Fail {
    fn from(e: GlossaryError) -> Self {
        Fail::Tbx(e)
    }
}

/// What an open element is to the reader.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// `termEntry` (v2) or `conceptEntry` (v3).
    Entry,
    /// `langSet` (v2), `langSec` (v3) or `langGroup` (TBX-Min).
    Language,
    /// `tig`, `ntig` (v2), `termSec` (v3) or `termGroup` (TBX-Min): one term and what is
    /// said about it.
    TermSection,
    /// `term`.
    Term,
    /// `termNote`, or a DCT data-category element (`administrativeStatus`,
    /// `grammaticalGender`).
    TermNote,
    /// `note`.
    Note,
    /// `descrip type="definition"` (v2, v3 DCA) or `definition` (v3 DCT).
    Definition,
    /// Anything else (its text is kept only inside a term, term note or note).
    Other,
}

impl Kind {
    fn of(local: &str) -> Kind {
        match local {
            "termEntry" | "conceptEntry" => Kind::Entry,
            "langSet" | "langSec" | "langGroup" => Kind::Language,
            "tig" | "ntig" | "termSec" | "termGroup" => Kind::TermSection,
            "term" => Kind::Term,
            "termNote" | "administrativeStatus" | "grammaticalGender" => Kind::TermNote,
            "note" => Kind::Note,
            "definition" => Kind::Definition,
            _ => Kind::Other,
        }
    }
}

/// What a term note says, as far as the glossary is concerned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum NoteType {
    Status,
    Gender,
    Other,
}

#[derive(Default)]
struct TermBuf {
    text: String,
    status: Option<String>,
    gender: Option<Gender>,
}

#[derive(Default)]
struct EntryBuf {
    line: u64,
    terms: BTreeMap<String, Terms>,
    gender: Option<Gender>,
    note: Option<String>,
    definitions: Vec<String>,
    /// Empty `<term/>` placeholders skipped in it.
    empty_terms: usize,
}

/// Occurrences of one kind of accepted oddity: how many, and the lines of the first few.
#[derive(Default)]
struct Oddity {
    count: usize,
    lines: Vec<u64>,
}

impl Oddity {
    /// Lines listed in a warning.
    const LISTED: usize = 5;

    fn add(&mut self, line: u64) {
        self.count += 1;
        if self.lines.len() < Oddity::LISTED {
            self.lines.push(line);
        }
    }

    /// The warning about these occurrences in `path`, if there was any.
    fn warning(&self, path: &Path, what: &str) -> Option<Problem> {
        let first = *self.lines.first()?;
        let mut lines: Vec<String> = self.lines.iter().map(u64::to_string).collect();
        if self.count > self.lines.len() {
            lines.push("…".into());
        }
        Some(Problem {
            level: ProblemLevel::Warning,
            at: Origin {
                file: path.to_path_buf(),
                line: first,
            },
            other: None,
            message: format!(
                "{} {what} ({} {})",
                self.count,
                if self.count == 1 { "line" } else { "lines" },
                lines.join(", ")
            ),
        })
    }
}

/// The line of a byte offset, for offsets that only grow: each call counts the newlines
/// since the previous one.
struct Lines<'a> {
    text: &'a [u8],
    at: usize,
    line: u64,
}

impl Lines<'_> {
    fn line_of(&mut self, offset: u64) -> u64 {
        let offset = usize::try_from(offset)
            .unwrap_or(usize::MAX)
            .min(self.text.len());
        if offset < self.at {
            // Not reached while reading forward; counted from the start to stay correct.
            self.at = 0;
            self.line = 1;
        }
        self.line += memchr::memchr_iter(b'\n', &self.text[self.at..offset]).count() as u64;
        self.at = offset;
        self.line
    }
}

/// Whether an administrative status marks a term as one not to use: TBX-Basic's
/// `deprecatedTerm-admn-sts` and `supersededTerm-admn-sts` (v3 also writes them short,
/// `deprecated`), TBX-Min's `notRecommended` and `obsolete`, and `forbidden`, which Weblate
/// (through translate-toolkit) writes for a forbidden translation.
fn forbids(status: &str) -> bool {
    [
        "deprecated",
        "superseded",
        "notRecommended",
        "obsolete",
        "forbidden",
    ]
    .iter()
    .any(|s| status.starts_with(s))
}

/// Whether `s` is an XML Name (as an `id` attribute must be): a letter, `_` or `:` first.
fn is_xml_name(s: &str) -> bool {
    let mut chars = s.chars();
    let Some(first) = chars.next() else {
        return false;
    };
    (first.is_alphabetic() || first == '_' || first == ':')
        && chars.all(|c| c.is_alphanumeric() || matches!(c, '_' | ':' | '-' | '.' | '\u{b7}'))
}

/// The attributes the reader looks at, from one pass over a tag's attributes.
#[derive(Default)]
struct Attrs<'a> {
    id: Option<Cow<'a, str>>,
    xml_lang: Option<Cow<'a, str>>,
    lang: Option<Cow<'a, str>>,
    kind: Option<Cow<'a, str>>,
}

/// The glossary column of a language set's tag: its language and script, without region or
/// variants (`kk-KZ` → `kk`, `sr-Latn-RS` → `sr-Latn`).
fn column(tag: &str) -> String {
    let mut parts = tag.split('-');
    let mut out = parts.next().unwrap_or("").to_string();
    if let Some(script) = parts
        .next()
        .filter(|p| p.len() == 4 && p.bytes().all(|b| b.is_ascii_alphabetic()))
    {
        out.push('-');
        out.push_str(script);
    }
    out
}

impl<'a> Attrs<'a> {
    fn of(tag: &Tag<'a>) -> Result<Attrs<'a>, XmlError> {
        let mut a = Attrs::default();
        tag.attrs(|k, v| {
            match k {
                "id" => a.id = Some(v),
                "xml:lang" => a.xml_lang = Some(v),
                "lang" => a.lang = Some(v),
                "type" => a.kind = Some(v),
                _ => {}
            }
            Ok(())
        })?;
        Ok(a)
    }
}

/// The reader's state between events.
struct Parser<'a> {
    path: &'a Path,
    text: &'a str,
    lines: Lines<'a>,
    /// Open elements: what each is and where its start tag is.
    open: Vec<(Kind, u64)>,
    root_seen: bool,
    root_closed: bool,
    ids: HashSet<String>,
    entries: Vec<Entry>,
    entry: Option<EntryBuf>,
    lang: Option<String>,
    term: Option<TermBuf>,
    in_term: bool,
    term_note: Option<(NoteType, String)>,
    note: Option<String>,
    definition: Option<String>,
    empty_terms: Oddity,
    empty_entries: Oddity,
    odd_ids: Oddity,
}

impl<'a> Parser<'a> {
    fn new(path: &'a Path, text: &'a str) -> Self {
        Parser {
            path,
            text,
            lines: Lines {
                text: text.as_bytes(),
                at: 0,
                line: 1,
            },
            open: Vec::new(),
            root_seen: false,
            root_closed: false,
            ids: HashSet::new(),
            entries: Vec::new(),
            entry: None,
            lang: None,
            term: None,
            in_term: false,
            term_note: None,
            note: None,
            definition: None,
            empty_terms: Oddity::default(),
            empty_entries: Oddity::default(),
            odd_ids: Oddity::default(),
        }
    }

    /// A TBX problem at the line of byte `at`.
    fn at_line(&mut self, at: u64, message: String) -> Fail {
        let line = self.lines.line_of(at);
        Fail::Tbx(GlossaryError::at_line(self.path, line, message))
    }

    fn run(mut self) -> Result<Tbx, Fail> {
        let mut xml = EventReader::new(self.text.as_bytes());
        loop {
            let (ev, at) = xml.next_raw()?;
            match ev {
                RawEv::Start(t) => self.start(&t, at)?,
                RawEv::Empty(t) => {
                    self.start(&t, at)?;
                    self.end(local_name(t.name()), at)?;
                }
                RawEv::End(name) => self.end(local_name(name), at)?,
                RawEv::Text(raw) => {
                    let s = text(raw, at)?;
                    self.push_text(&s, at)?;
                }
                RawEv::CData(raw) => {
                    let s = cdata(raw, at)?;
                    if self.open.is_empty() {
                        return Err(XmlError {
                            offset: at,
                            message: "malformed XML: CDATA outside the root element".into(),
                        }
                        .into());
                    }
                    self.push_text(&s, at)?;
                }
                RawEv::Eof => return self.finish(at),
            }
        }
    }

    fn start(&mut self, t: &Tag<'_>, at: u64) -> Result<(), Fail> {
        let name = local_name(t.name());
        if self.root_closed {
            return Err(XmlError {
                offset: at,
                message: format!("malformed XML: <{name}> after the end of the root element"),
            }
            .into());
        }
        if !self.root_seen {
            self.root_seen = true;
            // TBX-Min's root is `<TBX dialect="TBX-Min">`.
            if name != "martif" && name != "tbx" && name != "TBX" {
                return Err(self.at_line(
                    at,
                    format!(
                        "the root element is <{name}>: not a TBX file (expected <martif>, <tbx> \
                         or TBX-Min's <TBX>)"
                    ),
                ));
            }
        }
        let attrs = Attrs::of(t)?;
        if let Some(id) = attrs.id {
            if !is_xml_name(&id) {
                let line = self.lines.line_of(at);
                self.odd_ids.add(line);
            }
            if !self.ids.insert(id.as_ref().to_owned()) {
                return Err(self.at_line(at, format!("the id \"{id}\" is used twice")));
            }
        }
        let kind = Kind::of(name);
        match kind {
            Kind::Entry => {
                let line = self.lines.line_of(at);
                self.entry = Some(EntryBuf {
                    line,
                    ..Default::default()
                });
            }
            Kind::Language => {
                let lang = attrs.xml_lang.or(attrs.lang);
                let Some(lang) = lang.filter(|l| crate::lang::is_valid(l.trim())) else {
                    return Err(
                        self.at_line(at, format!("<{name}> without a valid xml:lang attribute"))
                    );
                };
                let tag = crate::lang::parse_tag(&lang)
                    .map_err(|e| self.at_line(at, format!("<{name}>: {e}")))?;
                self.lang = Some(column(&tag));
            }
            Kind::TermSection => self.term = Some(TermBuf::default()),
            Kind::Term => self.in_term = true,
            Kind::TermNote => {
                // DCA: <termNote type="administrativeStatus">; DCT: the data category is
                // the element (e.g. <basic:administrativeStatus>).
                let category = match name {
                    "termNote" => attrs.kind.as_deref().unwrap_or(""),
                    other => other,
                };
                let note_type = match category {
                    "administrativeStatus" => NoteType::Status,
                    "grammaticalGender" => NoteType::Gender,
                    _ => NoteType::Other,
                };
                self.term_note = Some((note_type, String::new()));
            }
            Kind::Note => {
                if self.entry.is_some() && self.note.is_none() {
                    self.note = Some(String::new());
                }
            }
            Kind::Other
                if name == "descrip"
                    && attrs
                        .kind
                        .as_deref()
                        .is_some_and(|k| k.eq_ignore_ascii_case("definition")) =>
            {
                if self.entry.is_some() {
                    self.definition = Some(String::new());
                }
                self.open.push((Kind::Definition, at));
                return Ok(());
            }
            Kind::Definition => {
                if self.entry.is_some() {
                    self.definition = Some(String::new());
                }
            }
            Kind::Other => {}
        }
        self.open.push((kind, at));
        Ok(())
    }

    fn push_text(&mut self, s: &str, at: u64) -> Result<(), Fail> {
        if self.open.is_empty() {
            if s.trim_matches([' ', '\t', '\n', '\r']).is_empty() {
                return Ok(());
            }
            let place = if self.root_closed { "after" } else { "before" };
            return Err(XmlError {
                offset: at,
                message: format!("malformed XML: text {place} the root element"),
            }
            .into());
        }
        if self.in_term {
            if let Some(t) = self.term.as_mut() {
                t.text.push_str(s);
            }
        } else if let Some((_, v)) = self.term_note.as_mut() {
            v.push_str(s);
        } else if let Some(n) = self.note.as_mut() {
            n.push_str(s);
        } else if let Some(d) = self.definition.as_mut() {
            d.push_str(s);
        }
        Ok(())
    }

    fn end(&mut self, name: &str, at: u64) -> Result<(), Fail> {
        // The floor checked that the end tag matches the start tag.
        let Some((kind, _)) = self.open.pop() else {
            return Err(XmlError {
                offset: at,
                message: format!("malformed XML: </{name}> closes no element"),
            }
            .into());
        };
        if self.open.is_empty() {
            self.root_closed = true;
        }
        match kind {
            Kind::Term => self.in_term = false,
            Kind::TermNote => {
                if let (Some((note_type, v)), Some(tb)) =
                    (self.term_note.take(), self.term.as_mut())
                {
                    match note_type {
                        NoteType::Status => tb.status = Some(v.trim().to_string()),
                        NoteType::Gender => tb.gender = Gender::parse(&v),
                        NoteType::Other => {}
                    }
                }
            }
            Kind::Note => {
                if let (Some(n), Some(eb)) = (self.note.take(), self.entry.as_mut()) {
                    let n = n.trim();
                    if eb.note.is_none() && !n.is_empty() {
                        eb.note = Some(nfc(n).into_owned());
                    }
                }
            }
            Kind::TermSection => {
                // A term outside a language set or an entry is not part of the glossary.
                let Some(tb) = self.term.take() else {
                    return Ok(());
                };
                if self.lang.is_none() || self.entry.is_none() {
                    return Ok(());
                }
                let t = nfc(tb.text.trim()).into_owned();
                if t.is_empty() {
                    // A placeholder (MultiTerm writes `<term/>` for a language left empty).
                    let line = self.lines.line_of(at);
                    self.empty_terms.add(line);
                    if let Some(eb) = self.entry.as_mut() {
                        eb.empty_terms += 1;
                    }
                    return Ok(());
                }
                let (Some(lang), Some(eb)) = (self.lang.as_ref(), self.entry.as_mut()) else {
                    return Ok(());
                };
                if eb.gender.is_none() {
                    eb.gender = tb.gender;
                }
                let slot = eb.terms.entry(lang.clone()).or_default();
                let status = tb.status.as_deref().unwrap_or("");
                if forbids(status) {
                    slot.forbidden.push(t);
                } else if slot.preferred.is_none() {
                    slot.preferred = Some(t);
                } else if status.starts_with("preferred") {
                    let old = slot.preferred.replace(t);
                    slot.allowed.extend(old);
                } else {
                    slot.allowed.push(t);
                }
            }
            Kind::Language => self.lang = None,
            Kind::Definition => {
                if let (Some(d), Some(eb)) = (self.definition.take(), self.entry.as_mut()) {
                    let d = d.trim();
                    if !d.is_empty() {
                        eb.definitions.push(format!("definition: {}", nfc(d)));
                    }
                }
            }
            Kind::Entry => {
                if let Some(eb) = self.entry.take() {
                    if eb.terms.is_empty() && eb.empty_terms > 0 {
                        self.empty_entries.add(eb.line);
                        return Ok(());
                    }
                    if eb.terms.is_empty() {
                        return Err(Fail::Tbx(GlossaryError::at_line(
                            self.path,
                            eb.line,
                            format!("<{name}> holds no term"),
                        )));
                    }
                    let notes: Vec<String> = eb.note.into_iter().chain(eb.definitions).collect();
                    self.entries.push(Entry {
                        terms: eb.terms,
                        gender: eb.gender,
                        note: (!notes.is_empty()).then(|| notes.join("; ")),
                        origin: Origin {
                            file: self.path.to_path_buf(),
                            line: eb.line,
                        },
                    });
                }
            }
            Kind::Other => {}
        }
        Ok(())
    }

    fn finish(self, at: u64) -> Result<Tbx, Fail> {
        if let Some(&(_, start)) = self.open.last() {
            // The element's name, from its start tag in the input.
            let tag = self
                .text
                .get(usize::try_from(start).unwrap_or(usize::MAX)..)
                .unwrap_or("")
                .trim_start_matches('<');
            let name = tag
                .split(|c: char| c.is_ascii_whitespace() || c == '>' || c == '/')
                .next()
                .unwrap_or("");
            return Err(XmlError {
                offset: at,
                message: format!("unexpected end of file: <{name}> is not closed"),
            }
            .into());
        }
        if !self.root_seen {
            return Err(GlossaryError::file(self.path, "no XML element: not a TBX file").into());
        }
        if self.entries.is_empty() {
            let message = if self.empty_entries.count > 0 {
                "the TBX file holds no term: every termEntry has only empty <term/> placeholders"
            } else {
                "the TBX file holds no termEntry"
            };
            return Err(GlossaryError::file(self.path, message).into());
        }
        let warnings = [
            self.empty_terms
                .warning(self.path, "empty <term/> placeholder(s) skipped"),
            self.empty_entries.warning(
                self.path,
                "termEntry(s) skipped: they hold only empty <term/> placeholders",
            ),
            self.odd_ids.warning(
                self.path,
                "id(s) that are not XML IDs (numeric, as MultiTerm writes them) accepted",
            ),
        ];
        Ok(Tbx {
            entries: self.entries,
            warnings: warnings.into_iter().flatten().collect(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn v2_statuses_map_to_preferred_allowed_forbidden() {
        let tbx = r#"<?xml version="1.0"?>
<martif type="TBX-Basic" xml:lang="en"><martifHeader><fileDesc><sourceDesc><p>x</p></sourceDesc></fileDesc></martifHeader>
<text><body>
<termEntry id="a1"><note>city &amp; region</note>
 <langSet xml:lang="en"><tig><term>Almaty</term></tig></langSet>
 <langSet xml:lang="RU"><tig><term>Алма-Ата</term><termNote type="administrativeStatus">deprecatedTerm-admn-sts</termNote></tig>
   <tig><term>Алматы</term></tig><tig><term>Алмата</term><termNote type="administrativeStatus">admittedTerm-admn-sts</termNote></tig></langSet>
</termEntry></body></text></martif>"#;
        let e = parse_tbx(tbx.as_bytes(), Path::new("t.tbx")).unwrap();
        assert_eq!(e.len(), 1);
        let ru = &e[0].terms["ru"];
        assert_eq!(ru.preferred.as_deref(), Some("Алматы"));
        assert_eq!(ru.allowed, vec!["Алмата"]);
        assert_eq!(ru.forbidden, vec!["Алма-Ата"]);
        assert_eq!(e[0].note.as_deref(), Some("city & region"));
        assert_eq!(e[0].origin.line, 4);
    }

    /// The error reading `doc` as `t.tbx`.
    fn error_of(doc: impl AsRef<[u8]>) -> String {
        match parse_tbx(doc.as_ref(), Path::new("t.tbx")) {
            Ok(e) => panic!("read {} entries, expected an error", e.len()),
            Err(e) => e.to_string(),
        }
    }

    #[test]
    fn v2_shapes_written_by_cat_tools_are_read() {
        // What MultiTerm/SDLX, IBM, Oracle and Microsoft exports hold: a DOCTYPE, comments
        // and processing instructions, upper-case and underscore language codes, ntig with
        // termGrp (status inside or beside it), several langSets for one language, inline
        // <hi>, references, CDATA, the TBX 1 `lang` attribute, notes and data categories
        // that are not glossary material.
        let tbx = r#"<?xml version='1.0' encoding="UTF-8"?>
<!DOCTYPE martif SYSTEM "TBXcoreStructV02.dtd">
<!-- exported -->
<?xml-model href="x.rng"?>
<martif type="TBX" xml:lang="en-US" xmlns="urn:iso:std:iso:30042:ed-2">
 <martifHeader><fileDesc><sourceDesc><p>termbase &amp; co</p></sourceDesc></fileDesc>
  <encodingDesc><p type="XCSURI">TBXXCSV02.xcs</p></encodingDesc></martifHeader>
 <text><body>
  <termEntry id="c1">
   <descrip type="subjectField">politics</descrip>
   <transacGrp><transac type="transactionType">origination</transac><date>2001-05-07</date></transacGrp>
   <langSet xml:lang="EN-US">
    <descripGrp><descrip type="definition">the head of a city</descrip><admin type="source">x</admin></descripGrp>
    <ntig id="c1-en-1"><termGrp><term id="t1">mayor</term><termNote type="partOfSpeech">noun</termNote></termGrp>
     <transacGrp><transac type="transactionType">modification</transac></transacGrp></ntig>
   </langSet>
   <langSet xml:lang="en_us">
    <ntig><termGrp><term>city <hi type="italics">head</hi></term></termGrp>
     <termNote type="administrativeStatus">supersededTerm-admn-sts</termNote></ntig>
   </langSet>
   <langSet lang="kk"><tig><term><![CDATA[әкім]]></term><note from="translator">used in Kazakhstan</note></tig></langSet>
   <langSet xml:lang="ru"><ntig><termGrp><term>&#x0430;ким</term>
     <termNote type="administrativeStatus">preferredTerm-admn-sts</termNote>
     <termNote type="grammaticalGender">masculine</termNote></termGrp></ntig>
    <tig><term> глава города </term><termNote type="administrativeStatus">admittedTerm-admn-sts</termNote></tig>
   </langSet>
  </termEntry>
  <termEntry id="c2"><langSet xml:lang="en"><tig><term>akimat</term></tig></langSet></termEntry>
 </body></text>
</martif>
"#;
        let e = parse_tbx(tbx.as_bytes(), Path::new("t.tbx")).unwrap();
        assert_eq!(e.len(), 2);
        // Regional codes go to the glossary's language columns.
        assert_eq!(e[0].terms.keys().collect::<Vec<_>>(), ["en", "kk", "ru"]);
        let en = &e[0].terms["en"];
        assert_eq!(en.preferred.as_deref(), Some("mayor"));
        assert_eq!(en.forbidden, vec!["city head"]);
        assert_eq!(e[0].terms["kk"].preferred.as_deref(), Some("әкім"));
        let ru = &e[0].terms["ru"];
        assert_eq!(ru.preferred.as_deref(), Some("аким"));
        assert_eq!(ru.allowed, vec!["глава города"]);
        assert_eq!(e[0].gender, Some(Gender::M));
        // The first note, then the definitions.
        assert_eq!(
            e[0].note.as_deref(),
            Some("used in Kazakhstan; definition: the head of a city")
        );
        assert_eq!(e[0].origin.line, 9);
        assert_eq!(e[1].origin.line, 28);
    }

    #[test]
    fn v3_dca_and_dct_styles_are_read() {
        let dca = r#"<?xml version="1.0" encoding="UTF-8"?>
<tbx type="TBX-Basic" style="dca" xml:lang="en" xmlns="urn:iso:std:iso:30042:ed-2">
<tbxHeader><fileDesc><sourceDesc><p>x</p></sourceDesc></fileDesc></tbxHeader>
<text><body>
<conceptEntry id="k1"><langSec xml:lang="en"><termSec><term>parliament</term></termSec></langSec>
<langSec xml:lang="kk"><termSec><term>парламент</term><termNote type="administrativeStatus">admittedTerm-admn-sts</termNote></termSec>
<termSec><term>Мәжіліс</term><termNote type="administrativeStatus">preferredTerm-admn-sts</termNote></termSec></langSec></conceptEntry>
</body></text></tbx>"#;
        let e = parse_tbx(dca.as_bytes(), Path::new("t.tbx")).unwrap();
        let kk = &e[0].terms["kk"];
        assert_eq!(kk.preferred.as_deref(), Some("Мәжіліс"));
        assert_eq!(kk.allowed, vec!["парламент"]);

        let dct = r#"<?xml version="1.0" encoding="UTF-8"?>
<tbx type="TBX-Basic" style="dct" xml:lang="en" xmlns="urn:iso:std:iso:30042:ed-2"
     xmlns:basic="http://www.tbxinfo.net/ns/basic" xmlns:min="http://www.tbxinfo.net/ns/min">
<tbxHeader><fileDesc><sourceDesc><p>x</p></sourceDesc></fileDesc></tbxHeader>
<text><body>
<conceptEntry id="k1"><min:subjectField>people</min:subjectField>
<langSec xml:lang="en"><termSec><term>Aigerim Tazhi</term></termSec></langSec>
<langSec xml:lang="ru"><termSec><term>Айгерим Тажи</term>
  <min:administrativeStatus>preferredTerm-admn-sts</min:administrativeStatus>
  <basic:grammaticalGender>feminine</basic:grammaticalGender></termSec>
 <termSec><term>Айгерим Тажы</term><basic:administrativeStatus>deprecatedTerm-admn-sts</basic:administrativeStatus></termSec></langSec>
<note>poet</note></conceptEntry>
</body></text></tbx>"#;
        let e = parse_tbx(dct.as_bytes(), Path::new("t.tbx")).unwrap();
        let ru = &e[0].terms["ru"];
        assert_eq!(ru.preferred.as_deref(), Some("Айгерим Тажи"));
        assert_eq!(ru.forbidden, vec!["Айгерим Тажы"]);
        assert_eq!(e[0].gender, Some(Gender::F));
        assert_eq!(e[0].note.as_deref(), Some("poet"));
    }

    #[test]
    fn tbx_min_groups_and_statuses_are_read() {
        let min = r#"<?xml version='1.0' encoding="UTF-8"?>
<TBX dialect="TBX-Min">
<header><id>places</id><languages source="en" target="ru"/></header>
<body>
<conceptEntry id="C1"><subjectField>geography</subjectField>
<langGroup xml:lang="en"><termGroup><term>Zhanaozen</term><partOfSpeech>properNoun</partOfSpeech>
  <administrativeStatus>preferred</administrativeStatus><customer>desk</customer><note>a town</note></termGroup></langGroup>
<langGroup xml:lang="ru"><termGroup><term>Новый Узень</term><administrativeStatus>obsolete</administrativeStatus></termGroup>
  <termGroup><term>Жанаозен</term><administrativeStatus>preferred</administrativeStatus></termGroup>
  <termGroup><term>Жана-Озен</term><administrativeStatus>admitted</administrativeStatus></termGroup>
  <termGroup><term>Жанаозень</term><administrativeStatus>notRecommended</administrativeStatus></termGroup></langGroup>
</conceptEntry>
</body>
</TBX>"#;
        let e = parse_tbx(min.as_bytes(), Path::new("t.tbx")).unwrap();
        assert_eq!(e.len(), 1);
        assert_eq!(e[0].terms["en"].preferred.as_deref(), Some("Zhanaozen"));
        let ru = &e[0].terms["ru"];
        assert_eq!(ru.preferred.as_deref(), Some("Жанаозен"));
        assert_eq!(ru.allowed, vec!["Жана-Озен"]);
        assert_eq!(ru.forbidden, vec!["Новый Узень", "Жанаозень"]);
        assert_eq!(e[0].note.as_deref(), Some("a town"));
        // Another upper-case root is still no TBX.
        let err = error_of("<MARTIF><text><body/></text></MARTIF>");
        assert!(err.contains("the root element is <MARTIF>"), "{err}");
    }

    #[test]
    fn a_weblate_forbidden_translation_is_forbidden_not_preferred() {
        let doc = r#"<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE martif PUBLIC "ISO 12200:1999A//DTD MARTIF core (DXFcdV04)//EN" "TBXcdv04.dtd">
<martif type="TBX" xml:lang="en"><text><body>
<termEntry><langSet xml:lang="en"><tig><term>Mazhilis</term></tig></langSet>
<langSet xml:lang="kk"><tig><term>Мажилис</term><termNote type="administrativeStatus">forbidden</termNote></tig>
<tig><term>Мәжіліс</term></tig></langSet></termEntry>
</body></text></martif>"#;
        let e = parse_tbx(doc.as_bytes(), Path::new("w.tbx")).unwrap();
        let kk = &e[0].terms["kk"];
        assert_eq!(kk.preferred.as_deref(), Some("Мәжіліс"));
        assert_eq!(kk.forbidden, vec!["Мажилис"]);
    }

    #[test]
    fn utf16_and_byte_order_marks_are_read() {
        let doc = "<?xml version=\"1.0\" encoding=\"UTF-16\"?>\n<martif><text><body>\n\
                   <termEntry><langSet xml:lang=\"kk\"><tig><term>Қазақстан 𝄞</term></tig></langSet></termEntry>\n\
                   </body></text></martif>";
        for le in [true, false] {
            let mut bytes = if le {
                vec![0xFF, 0xFE]
            } else {
                vec![0xFE, 0xFF]
            };
            for u in doc.encode_utf16() {
                bytes.extend(if le { u.to_le_bytes() } else { u.to_be_bytes() });
            }
            let e = parse_tbx(&bytes, Path::new("t.tbx")).unwrap();
            assert_eq!(e[0].terms["kk"].preferred.as_deref(), Some("Қазақстан 𝄞"));
            assert_eq!(e[0].origin.line, 3);
        }
        let mut bom = b"\xEF\xBB\xBF".to_vec();
        bom.extend_from_slice(doc.as_bytes());
        assert_eq!(parse_tbx(&bom, Path::new("t.tbx")).unwrap().len(), 1);
    }

    #[test]
    fn characters_xml_does_not_allow_are_refused_with_their_position() {
        let doc = |term: &str| {
            format!(
                "<martif><text><body>\n<termEntry id=\"a\">\n<langSet xml:lang=\"en\"><tig><term>{term}</term></tig></langSet>\n</termEntry></body></text></martif>"
            )
        };
        for (term, why, column) in [
            ("ab\u{0}c", "character U+0000 is not allowed in XML 1.0", 37),
            ("ab&#0;c", "invalid character reference", 35),
            (
                "ab&#x1F;c",
                "character U+001F is not allowed in XML 1.0",
                37,
            ),
            (
                "ab\u{FFFF}",
                "character U+FFFF is not allowed in XML 1.0",
                37,
            ),
            ("a\u{7}", "character U+0007 is not allowed in XML 1.0", 36),
        ] {
            let err = error_of(doc(term));
            let want = format!("t.tbx:3:{column}: ");
            assert!(
                err.starts_with(&want) && err.contains(why),
                "{term:?}: {err}"
            );
        }
        // In an attribute (as a reference), a comment and the DOCTYPE too.
        let err = error_of(doc("x").replace("id=\"a\"", "id=\"a&#1;\""));
        assert!(
            err.starts_with("t.tbx:2:") && err.contains("U+0001"),
            "{err}"
        );
        let err = error_of(format!("<!-- \u{0} -->\n{}", doc("x")));
        assert!(
            err.starts_with("t.tbx:1:6: ") && err.contains("U+0000"),
            "{err}"
        );
        let err = error_of(format!("<!DOCTYPE martif SYSTEM \"a\u{1}\">{}", doc("x")));
        assert!(
            err.starts_with("t.tbx:1:27: ") && err.contains("U+0001"),
            "{err}"
        );
    }

    #[test]
    fn malformed_xml_is_refused_with_line_and_column() {
        let ok = "<martif><text><body>\n<termEntry><langSet xml:lang=\"en\"><tig><term>a</term></tig></langSet></termEntry>\n</body></text></martif>\n";
        assert_eq!(
            parse_tbx(ok.as_bytes(), Path::new("t.tbx")).unwrap().len(),
            1
        );
        for (doc, at, why) in [
            (
                ok.replace("</body>", ""),
                "t.tbx:3:1: ",
                "expected `</body>`",
            ),
            (
                ok.replace("</martif>", ""),
                "t.tbx:4:1: ",
                "<martif> is not closed",
            ),
            (
                format!("{ok}<martif/>"),
                "t.tbx:4:1: ",
                "after the end of the root",
            ),
            (format!("{ok}x"), "t.tbx:3:24: ", "text after the root"),
            (format!("x{ok}"), "t.tbx:1:1: ", "text before the root"),
            (
                ok.replace(">a<", ">a&nbsp;<"),
                "t.tbx:2:",
                "unknown entity &nbsp;",
            ),
            (ok.replace(">a<", ">a & b<"), "t.tbx:2:", "'&' not followed"),
            (
                ok.replace("xml:lang=\"en\"", "xml:lang=en"),
                "t.tbx:2:",
                "not quoted",
            ),
            (
                ok.replace("xml:lang=\"en\"", "xml:lang=\"en\" xml:lang=\"kk\""),
                "t.tbx:2:",
                "repeated",
            ),
            (ok.replace("<tig>", "<tig"), "t.tbx:2:46: ", "expected"),
            (
                format!("<!DOCTYPE martif [<!ENTITY e \"x\">]>\n{ok}"),
                "t.tbx:1:1: ",
                "entity declarations are refused",
            ),
        ] {
            let err = error_of(&doc);
            assert!(err.starts_with(at) && err.contains(why), "{doc}\n=> {err}");
        }
    }

    #[test]
    fn a_file_in_a_declared_legacy_encoding_is_read() {
        let mut doc = b"<?xml version=\"1.0\" encoding=\"windows-1254\"?>\n<martif><text><body>\n<termEntry><langSet xml:lang=\"tr\"><tig><term>".to_vec();
        doc.extend_from_slice(b"\xFDs\xFDk");
        doc.extend_from_slice(b"</term></tig></langSet></termEntry></body></text></martif>");
        let entries = parse_tbx(&doc, Path::new("t.tbx")).unwrap();
        assert_eq!(entries[0].terms["tr"].preferred.as_deref(), Some("ısık"));
        // Without the declaration, the same bytes are not UTF-8: refused where they start.
        let err = error_of(&doc[doc.iter().position(|&b| b == b'\n').unwrap() + 1..]);
        assert!(
            err.starts_with("t.tbx:2:46: ") && err.contains("invalid UTF-8"),
            "{err}"
        );
    }

    #[test]
    fn bytes_invalid_in_the_declared_encoding_or_an_unknown_one_are_refused_naming_it() {
        // 0xA5 is no character in ISO-8859-3.
        let mut doc = b"<?xml version=\"1.0\" encoding=\"ISO-8859-3\"?>\n<martif><text><body>\n<termEntry><langSet xml:lang=\"mt\"><tig><term>".to_vec();
        doc.extend_from_slice(b"\xA5</term></tig></langSet></termEntry></body></text></martif>");
        let err = error_of(&doc);
        assert!(
            err.starts_with("t.tbx:3:46: ") && err.contains("ISO-8859-3"),
            "{err}"
        );
        let err = error_of(b"<?xml version=\"1.0\" encoding=\"x-klingon\"?>\n<martif/>");
        assert!(
            err.starts_with("t.tbx: ") && err.contains("\"x-klingon\""),
            "{err}"
        );
        let mut doc = b"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<martif>".to_vec();
        doc.extend_from_slice(b"\xFD</martif>");
        let err = error_of(&doc);
        assert!(
            err.starts_with("t.tbx:2:9: ") && err.contains("says it is in UTF-8"),
            "{err}"
        );
    }

    #[test]
    fn empty_term_placeholders_are_skipped_with_a_warning() {
        // MultiTerm writes an empty <term/> for a language of the termbase left blank.
        let tbx = "<martif><text><body>\n\
            <termEntry id=\"1\"><langSet xml:lang=\"en-US\"><tig><term>akim</term></tig></langSet>\n\
            <langSet xml:lang=\"kk-KZ\"><tig><term/></tig></langSet>\n\
            <langSet xml:lang=\"ru-RU\"><tig><term>аким</term></tig></langSet></termEntry>\n\
            <termEntry id=\"2\"><langSet xml:lang=\"en-US\"><tig><term> </term></tig></langSet></termEntry>\n\
            </body></text></martif>";
        let t = read_tbx(tbx.as_bytes(), Path::new("m.tbx")).unwrap();
        assert_eq!(t.entries.len(), 1);
        assert_eq!(t.entries[0].terms.keys().collect::<Vec<_>>(), ["en", "ru"]);
        let w: Vec<String> = t.warnings.iter().map(|w| w.to_string()).collect();
        assert_eq!(
            w,
            [
                "m.tbx:3: warning: 2 empty <term/> placeholder(s) skipped (lines 3, 5)",
                "m.tbx:5: warning: 1 termEntry(s) skipped: they hold only empty <term/> placeholders (line 5)",
                "m.tbx:2: warning: 2 id(s) that are not XML IDs (numeric, as MultiTerm writes them) accepted (lines 2, 5)",
            ]
        );
        // A file of placeholders only holds nothing to import.
        let only = "<martif><text><body><termEntry><langSet xml:lang=\"en\"><tig><term/></tig></langSet></termEntry></body></text></martif>";
        let err = parse_tbx(only.as_bytes(), Path::new("m.tbx")).unwrap_err();
        assert!(err.to_string().contains("only empty <term/>"), "{err}");
    }

    #[test]
    fn many_entries_children_and_attributes_are_read() {
        // The reader does a constant amount of work per event plus the length of the event
        // (see the module documentation); these sizes took minutes when it did not.
        let n = 20_000;
        let mut doc = String::from("<martif><text><body>\n");
        for i in 0..n {
            doc.push_str(&format!(
                "<termEntry id=\"e{i}\"><langSet xml:lang=\"en\"><tig><term>t{i}</term></tig></langSet></termEntry>\n"
            ));
        }
        let attrs: String = (0..n).map(|i| format!(" a{i}=\"{i}\"")).collect();
        doc.push_str(&format!(
            "<termEntry id=\"big\"{attrs}><langSet xml:lang=\"ru\">\n"
        ));
        for i in 0..n {
            let status = ["preferred", "admitted", "deprecated"][i % 3];
            doc.push_str(&format!(
                "<tig><term>v{i}</term><termNote type=\"administrativeStatus\">{status}Term-admn-sts</termNote><note>n{i}</note></tig>\n"
            ));
        }
        doc.push_str("</langSet></termEntry></body></text></martif>\n");
        let e = parse_tbx(doc.as_bytes(), Path::new("t.tbx")).unwrap();
        assert_eq!(e.len(), n + 1);
        assert_eq!(e[n - 1].origin.line, n as u64 + 1);
        let ru = &e[n].terms["ru"];
        assert_eq!(ru.allowed.len() + ru.forbidden.len() + 1, n);
        assert_eq!(e[n].note.as_deref(), Some("n0"));
    }

    #[test]
    fn bad_ids_missing_languages_and_other_roots_are_refused() {
        let head = r#"<martif type="TBX" xml:lang="en"><martifHeader><fileDesc><sourceDesc><p>x</p></sourceDesc></fileDesc></martifHeader><text><body>"#;
        let tail = "</body></text></martif>";
        // Numeric ids (MultiTerm writes them) are read, with a warning naming the line.
        let numeric = format!("{head}\n<termEntry id=\"1\"><langSet xml:lang=\"en\"><tig><term>a</term></tig></langSet></termEntry>{tail}");
        let tbx = read_tbx(numeric.as_bytes(), Path::new("t.tbx")).unwrap();
        assert_eq!(tbx.entries.len(), 1);
        let warning = tbx.warnings[0].to_string();
        assert!(
            warning.starts_with("t.tbx:2: warning: 1 id(s) that are not XML IDs"),
            "{warning}"
        );
        let twice = format!("{head}\n<termEntry id=\"1\"><langSet xml:lang=\"en\"><tig><term>a</term></tig></langSet></termEntry>\n<termEntry id=\"1\"><langSet xml:lang=\"en\"><tig><term>b</term></tig></langSet></termEntry>{tail}");
        let err = parse_tbx(twice.as_bytes(), Path::new("t.tbx"))
            .unwrap_err()
            .to_string();
        assert!(
            err.starts_with("t.tbx:3:") && err.contains("used twice"),
            "{err}"
        );
        let unknown = format!("{head}<termEntry id=\"c1\">\n<langSet xml:lang=\"kz-KZ\"><tig><term>a</term></tig></langSet></termEntry>{tail}");
        let err = parse_tbx(unknown.as_bytes(), Path::new("t.tbx"))
            .unwrap_err()
            .to_string();
        assert!(
            err.starts_with("t.tbx:2:")
                && err.contains("unknown language 'kz'")
                && err.contains("did you mean kk?"),
            "{err}"
        );
        let nolang = format!("{head}<termEntry id=\"c1\">\n<langSet><tig><term>a</term></tig></langSet></termEntry>{tail}");
        let err = parse_tbx(nolang.as_bytes(), Path::new("t.tbx"))
            .unwrap_err()
            .to_string();
        assert!(
            err.starts_with("t.tbx:2:") && err.contains("xml:lang"),
            "{err}"
        );
        let err = parse_tbx(b"<tmx version=\"1.4\"/>", Path::new("t.tbx"))
            .unwrap_err()
            .to_string();
        assert!(err.contains("not a TBX file"), "{err}");
        let err = parse_tbx(b"<martif><text>", Path::new("t.tbx"))
            .unwrap_err()
            .to_string();
        assert!(err.starts_with("t.tbx:"), "{err}");
    }
}
