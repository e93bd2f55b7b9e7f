//! XLIFF 1.2 and 2.0 translation jobs: a streaming writer for a report's segments (pre-filled
//! from the TM) and a streaming reader that brings finished translations back.
//!
//! Inline codes are kept both ways as TMX 1.4b markup (see [`inline`]): the reader returns the
//! plain text (the content of native codes dropped, the text inside `<g>`, `<mrk>`, `<pc>`
//! kept) and, when there were inline elements, the equivalent TMX `<seg>` content; the writer
//! turns stored markup into XLIFF inline elements.

pub mod inline;

use std::collections::HashMap;
use std::io::{self, BufRead, Write};

use crate::formats::xml::{escape_text, write_attr, write_text, Elem, Ev, EventReader, XmlError};
use crate::lang;
use inline::{DataPool, Element, Ids, Node};

/// XLIFF version to write.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Version {
    /// XLIFF 1.2 (`urn:oasis:names:tc:xliff:document:1.2`).
    V12,
    /// XLIFF 2.0 (`urn:oasis:names:tc:xliff:document:2.0`).
    V20,
}

/// How a segment was pre-filled from the TM.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Prefill {
    /// No match: empty target.
    None,
    /// An exact match: 100 (same source) or 101 (same source and context).
    Exact {
        /// 100 or 101.
        pct: u8,
    },
    /// A fuzzy match, to be reviewed.
    Fuzzy {
        /// Similarity, 1–99.
        pct: u8,
        /// The TM unit's source, shown to the translator.
        match_source: String,
        /// Its inline markup (TMX `<seg>` content), when it has codes.
        match_source_markup: Option<String>,
    },
}

/// One segment of a job.
#[derive(Debug, Clone)]
pub struct Segment {
    /// Id, unique in its file (an XML name token, e.g. `p3s2`).
    pub id: String,
    /// Source sentence.
    pub source: String,
    /// Pre-filled translation.
    pub target: Option<String>,
    /// Inline markup of the pre-filled translation (TMX `<seg>` content), when it has codes.
    pub target_markup: Option<String>,
    /// Where the translation came from.
    pub prefill: Prefill,
}

/// Writes an XLIFF document, file by file and segment by segment.
pub struct XliffWriter<W: Write> {
    w: W,
    version: Version,
    src: String,
    tgt: String,
    files: u32,
}

impl<W: Write> XliffWriter<W> {
    /// Writes the XML declaration and the `<xliff>` start tag.
    pub fn new(mut w: W, version: Version, src: &str, tgt: &str) -> io::Result<Self> {
        w.write_all(b"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")?;
        match version {
            Version::V12 => w.write_all(
                b"<xliff version=\"1.2\" xmlns=\"urn:oasis:names:tc:xliff:document:1.2\">\n",
            )?,
            Version::V20 => {
                w.write_all(
                    b"<xliff version=\"2.0\" xmlns=\"urn:oasis:names:tc:xliff:document:2.0\" srcLang=\"",
                )?;
                write_attr(&mut w, src)?;
                w.write_all(b"\" trgLang=\"")?;
                write_attr(&mut w, tgt)?;
                w.write_all(b"\">\n")?;
            }
        }
        Ok(XliffWriter {
            w,
            version,
            src: src.to_string(),
            tgt: tgt.to_string(),
            files: 0,
        })
    }

    /// Starts a `<file>` for the document `original`.
    pub fn begin_file(&mut self, original: &str) -> io::Result<()> {
        self.files += 1;
        let w = &mut self.w;
        match self.version {
            Version::V12 => {
                w.write_all(b"  <file original=\"")?;
                write_attr(w, original)?;
                w.write_all(b"\" source-language=\"")?;
                write_attr(w, &self.src)?;
                w.write_all(b"\" target-language=\"")?;
                write_attr(w, &self.tgt)?;
                w.write_all(b"\" datatype=\"plaintext\" tool-id=\"tmkit\">\n    <header>\n      <tool tool-id=\"tmkit\" tool-name=\"tmkit\" tool-version=\"")?;
                write_attr(w, env!("CARGO_PKG_VERSION"))?;
                w.write_all(b"\"/>\n    </header>\n    <body>\n")
            }
            Version::V20 => {
                write!(w, "  <file id=\"f{}\" original=\"", self.files)?;
                write_attr(w, original)?;
                w.write_all(b"\">\n")
            }
        }
    }

    /// Writes one segment (a `<trans-unit>` in 1.2, a `<unit>` with one `<segment>` in 2.0).
    pub fn segment(&mut self, s: &Segment) -> io::Result<()> {
        let w = &mut self.w;
        match self.version {
            Version::V12 => {
                w.write_all(b"      <trans-unit id=\"")?;
                write_attr(w, &s.id)?;
                w.write_all(b"\">\n        <source>")?;
                write_text(w, &s.source)?;
                w.write_all(b"</source>\n")?;
                if let Some(t) = &s.target {
                    let (state, qual) = match s.prefill {
                        Prefill::Fuzzy { .. } => ("needs-review-translation", "fuzzy-match"),
                        _ => ("translated", "exact-match"),
                    };
                    write!(
                        w,
                        "        <target state=\"{state}\" state-qualifier=\"{qual}\">"
                    )?;
                    // The report's source is plain text, so the match's codes are codes added
                    // in the target: 1.2 allows <bpt>/<ept>/<ph>/<it> there with ids of their own.
                    write_content12(w, t, s.target_markup.as_deref())?;
                    w.write_all(b"</target>\n")?;
                    let (pct, msrc) = match &s.prefill {
                        Prefill::Exact { pct } => (*pct, None),
                        Prefill::Fuzzy {
                            pct,
                            match_source,
                            match_source_markup,
                        } => (*pct, Some((match_source, match_source_markup))),
                        Prefill::None => (0, None),
                    };
                    if pct > 0 {
                        writeln!(
                            w,
                            "        <alt-trans match-quality=\"{pct}\" origin=\"tmkit\">"
                        )?;
                        if let Some((ms, mm)) = msrc {
                            w.write_all(b"          <source>")?;
                            write_content12(w, ms, mm.as_deref())?;
                            w.write_all(b"</source>\n")?;
                        }
                        w.write_all(b"          <target>")?;
                        write_content12(w, t, s.target_markup.as_deref())?;
                        w.write_all(b"</target>\n        </alt-trans>\n")?;
                    }
                }
                w.write_all(b"      </trans-unit>\n")
            }
            Version::V20 => {
                w.write_all(b"    <unit id=\"")?;
                write_attr(w, &s.id)?;
                w.write_all(b"\">\n")?;
                match &s.prefill {
                    Prefill::Exact { pct } => write!(
                        w,
                        "      <notes>\n        <note category=\"tmkit\">TM match {pct}%</note>\n      </notes>\n"
                    )?,
                    Prefill::Fuzzy {
                        pct, match_source, ..
                    } => {
                        write!(w, "      <notes>\n        <note category=\"tmkit\">TM match {pct}% for: ")?;
                        write_text(w, match_source)?;
                        w.write_all(b"</note>\n      </notes>\n")?;
                    }
                    Prefill::None => {}
                }
                // The report's source is plain text, so the match's codes are codes added in
                // the target (2.0 allows them with ids unique in the unit, here not "s1"); native
                // code goes to <originalData>, and a code without any gets no dataRef at all.
                let mut ids = Ids::for_unit(&["s1"]);
                let mut data = DataPool::default();
                let target = s.target.as_deref().map(|t| {
                    s.target_markup
                        .as_deref()
                        .and_then(|m| inline::to_xliff20(m, &mut ids, &mut data))
                        .unwrap_or_else(|| escape_text(t))
                });
                if !data.is_empty() {
                    w.write_all(b"      <originalData>\n")?;
                    for (id, native) in data.entries() {
                        w.write_all(b"        <data id=\"")?;
                        write_attr(w, id)?;
                        w.write_all(b"\">")?;
                        write_text(w, native)?;
                        w.write_all(b"</data>\n")?;
                    }
                    w.write_all(b"      </originalData>\n")?;
                }
                let state = match (&s.target, &s.prefill) {
                    (Some(_), Prefill::Exact { .. }) => "translated",
                    _ => "initial",
                };
                write!(
                    w,
                    "      <segment id=\"s1\" state=\"{state}\">\n        <source>"
                )?;
                write_text(w, &s.source)?;
                w.write_all(b"</source>\n")?;
                if let Some(t) = &target {
                    w.write_all(b"        <target>")?;
                    w.write_all(t.as_bytes())?;
                    w.write_all(b"</target>\n")?;
                }
                w.write_all(b"      </segment>\n    </unit>\n")
            }
        }
    }

    /// Ends the current `<file>`.
    pub fn end_file(&mut self) -> io::Result<()> {
        match self.version {
            Version::V12 => self.w.write_all(b"    </body>\n  </file>\n"),
            Version::V20 => self.w.write_all(b"  </file>\n"),
        }
    }

    /// Ends the document and flushes.
    pub fn finish(mut self) -> io::Result<W> {
        self.w.write_all(b"</xliff>\n")?;
        self.w.flush()?;
        Ok(self.w)
    }
}

/// Writes `text` as 1.2 content: its markup's codes as XLIFF inline elements when there is
/// valid markup, else the escaped text.
fn write_content12<W: Write + ?Sized>(
    w: &mut W,
    text: &str,
    markup: Option<&str>,
) -> io::Result<()> {
    match markup.and_then(inline::to_xliff12) {
        Some(x) => w.write_all(x.as_bytes()),
        None => write_text(w, text),
    }
}

/// A translation unit read from XLIFF.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Unit {
    /// Byte offset of the unit's start tag.
    pub offset: u64,
    /// Id.
    pub id: String,
    /// `original` of the enclosing `<file>`.
    pub original: Option<String>,
    /// Source language (`source-language` / `srcLang`).
    pub src_lang: String,
    /// Target language (`target-language` / `trgLang`), when given.
    pub tgt_lang: Option<String>,
    /// Source text (inline codes stripped, trimmed).
    pub source: String,
    /// The source's inline codes as TMX `<seg>` content, when it has any.
    pub source_markup: Option<String>,
    /// Target text, when there is a target.
    pub target: Option<String>,
    /// The target's inline codes as TMX `<seg>` content, when it has any.
    pub target_markup: Option<String>,
    /// `state` of the target (1.2) or segment (2.0).
    pub state: Option<String>,
    /// `approved="yes"` (1.2).
    pub approved: bool,
    /// Targets of `<alt-trans>` (the matches offered when the job was made).
    pub alt_targets: Vec<String>,
    /// XLIFF major version (1 or 2).
    pub major: u8,
}

impl Unit {
    /// Whether this unit holds a finished translation worth keeping: a non-empty target whose
    /// state is final-ish (1.2 `translated`/`final`/`signed-off` or `approved="yes"`, 2.0
    /// `translated`/`reviewed`/`final`) or absent; for other review states, only when the
    /// translator changed the pre-filled match (never for `new`/`needs-translation`/`initial`).
    pub fn is_finished(&self) -> bool {
        let Some(t) = self.target.as_deref().filter(|t| !t.trim().is_empty()) else {
            return false;
        };
        if self.approved {
            return true;
        }
        match self.state.as_deref() {
            None => true,
            Some("translated" | "final" | "signed-off" | "reviewed") => true,
            Some("new" | "needs-translation" | "initial") => false,
            Some(_) => t != self.source && !self.alt_targets.iter().any(|a| a == t),
        }
    }
}

/// Reads XLIFF 1.x or 2.0 unit by unit.
pub struct XliffReader<R: BufRead> {
    xml: EventReader<R>,
    major: u8,
    src: String,
    tgt: Option<String>,
    original: Option<String>,
    done: bool,
    depth: usize,
}

fn err<T>(offset: u64, message: impl Into<String>) -> Result<T, XmlError> {
    Err(XmlError {
        offset,
        message: message.into(),
    })
}

impl<R: BufRead> XliffReader<R> {
    /// Reads up to the root `<xliff>` element.
    pub fn new(input: R) -> Result<Self, XmlError> {
        let mut xml = EventReader::new(input);
        loop {
            match xml.next_event()? {
                Ev::Start(e) if e.local() == "xliff" => {
                    let v = e.attr("version").unwrap_or("1.2");
                    let major = if v.starts_with('2') { 2 } else { 1 };
                    return Ok(XliffReader {
                        major,
                        src: e.attr("srcLang").unwrap_or_default().to_string(),
                        tgt: e.attr("trgLang").map(str::to_string),
                        xml,
                        original: None,
                        done: false,
                        depth: 1,
                    });
                }
                Ev::Start(e) | Ev::Empty(e) => {
                    return err(
                        xml.at(),
                        format!(
                            "not an XLIFF file: the root element is <{}>, not <xliff>",
                            e.name
                        ),
                    )
                }
                Ev::Text { text, .. } if text.trim().is_empty() => {}
                Ev::Text { .. } | Ev::End(_) => {
                    return err(xml.at(), "text before the root element")
                }
                Ev::Eof => return err(xml.at(), "not an XLIFF file: no <xliff> element"),
            }
        }
    }

    /// The XLIFF major version (1 or 2).
    pub fn major(&self) -> u8 {
        self.major
    }

    /// Bytes consumed so far.
    pub fn position(&self) -> u64 {
        self.xml.position()
    }

    /// The next unit, or `None` at the end of the document.
    pub fn next_unit(&mut self) -> Result<Option<Unit>, XmlError> {
        if self.done {
            return Ok(None);
        }
        loop {
            let at = self.xml.at();
            match self.xml.next_event()? {
                Ev::Start(e) => {
                    let at = self.xml.at();
                    match e.local() {
                        "file" => {
                            self.depth += 1;
                            self.original = e.attr("original").map(str::to_string);
                            if self.major == 1 {
                                self.src =
                                    e.attr("source-language").unwrap_or_default().to_string();
                                self.tgt = e.attr("target-language").map(str::to_string);
                            }
                        }
                        "trans-unit" if self.major == 1 => return self.read_unit(&e, at).map(Some),
                        "unit" if self.major == 2 => return self.read_unit(&e, at).map(Some),
                        "body" | "group" | "xliff" => self.depth += 1,
                        _ => self.skip(&e.name)?,
                    }
                }
                Ev::End(_) => {
                    self.depth = self.depth.saturating_sub(1);
                    if self.depth == 0 {
                        self.done = true;
                        self.trailing()?;
                        return Ok(None);
                    }
                }
                Ev::Empty(_) | Ev::Text { .. } => {}
                Ev::Eof => {
                    return err(
                        at.max(self.xml.at()),
                        "unexpected end of file: <xliff> is not closed",
                    )
                }
            }
        }
    }

    fn trailing(&mut self) -> Result<(), XmlError> {
        loop {
            match self.xml.next_event()? {
                Ev::Eof => return Ok(()),
                Ev::Text { text, .. } if text.trim().is_empty() => {}
                _ => return err(self.xml.at(), "content after the end of the root element"),
            }
        }
    }

    fn skip(&mut self, name: &str) -> Result<(), XmlError> {
        self.xml.skip_to_end(name)
    }

    fn read_unit(&mut self, e: &Elem, at: u64) -> Result<Unit, XmlError> {
        let Some(id) = e.attr("id") else {
            return err(at, format!("<{}> has no id attribute", e.name));
        };
        if !lang::is_valid(&self.src) {
            return err(
                at,
                format!(
                    "no valid source language for <{}> (source-language/srcLang is {:?})",
                    e.name, self.src
                ),
            );
        }
        let mut u = Unit {
            offset: at,
            id: id.to_string(),
            original: self.original.clone(),
            src_lang: self.src.clone(),
            tgt_lang: self.tgt.clone(),
            approved: e.attr("approved") == Some("yes"),
            major: self.major,
            ..Default::default()
        };
        let unit_name = e.name.clone();
        // Content of each <source>/<target> (2.0: one per segment), and 2.0 native codes.
        let mut sources: Vec<Vec<Node>> = Vec::new();
        let mut targets: Vec<Vec<Node>> = Vec::new();
        let mut data: HashMap<String, String> = HashMap::new();
        loop {
            match self.xml.next_event()? {
                Ev::Start(e) => match e.local() {
                    "source" => sources.push(self.read_content(&e.name)?),
                    "target" => {
                        if self.major == 1 {
                            if let Some(s) = e.attr("state") {
                                u.state = Some(s.to_string());
                            }
                        }
                        targets.push(self.read_content(&e.name)?);
                    }
                    "segment" => {
                        if let Some(s) = e.attr("state") {
                            u.state = Some(s.to_string());
                        }
                    }
                    "originalData" if self.major == 2 => self.read_original_data(&mut data)?,
                    "alt-trans" => {
                        if let Some(t) = self.read_alt_target(&e.name)? {
                            u.alt_targets.push(t);
                        }
                    }
                    "segment-container" | "ignorable" => {}
                    _ => self.skip(&e.name)?,
                },
                Ev::End(n) if n == unit_name => break,
                Ev::End(_) | Ev::Empty(_) | Ev::Text { .. } => {}
                Ev::Eof => {
                    return err(
                        self.xml.at(),
                        format!("unexpected end of file: <{unit_name}> is not closed"),
                    )
                }
            }
        }
        if sources.is_empty() {
            return err(at, format!("<{unit_name} id=\"{}\"> has no <source>", u.id));
        }
        // 2.0: the segments of a unit are joined with a space.
        u.source = joined_text(&sources);
        u.source_markup = inline::to_tmx(&sources, self.major, &data, "source")?;
        if !targets.is_empty() {
            u.target = Some(joined_text(&targets));
            u.target_markup = inline::to_tmx(&targets, self.major, &data, "target")?;
        }
        Ok(u)
    }

    fn read_alt_target(&mut self, name: &str) -> Result<Option<String>, XmlError> {
        let mut t = None;
        loop {
            match self.xml.next_event()? {
                Ev::Start(e) if e.local() == "target" => {
                    let nodes = self.read_content(&e.name)?;
                    t = Some(inline::plain_text(&nodes).trim().to_string());
                }
                Ev::Start(e) => self.skip(&e.name)?,
                Ev::End(n) if n == name => return Ok(t),
                Ev::Eof => {
                    return err(
                        self.xml.at(),
                        format!("unexpected end of file: <{name}> is not closed"),
                    )
                }
                _ => {}
            }
        }
    }

    /// A 2.0 `<originalData>`: each `<data id>`'s native code (with `<cp>` code points).
    fn read_original_data(&mut self, data: &mut HashMap<String, String>) -> Result<(), XmlError> {
        loop {
            match self.xml.next_event()? {
                Ev::Start(e) if e.local() == "data" => {
                    let nodes = self.read_content(&e.name)?;
                    let id = e.attr("id").unwrap_or_default().to_string();
                    data.insert(id, inline::plain_text(&nodes));
                }
                Ev::Empty(e) if e.local() == "data" => {
                    data.insert(e.attr("id").unwrap_or_default().to_string(), String::new());
                }
                Ev::Start(e) => self.skip(&e.name)?,
                // quick-xml checks that end tags match, so this is </originalData>.
                Ev::End(_) => return Ok(()),
                Ev::Empty(_) | Ev::Text { .. } => {}
                Ev::Eof => {
                    return err(
                        self.xml.at(),
                        "unexpected end of file: <originalData> is not closed",
                    )
                }
            }
        }
    }

    /// The content of `<source>`/`<target>` (or `<data>`) up to its end tag, as a tree.
    fn read_content(&mut self, name: &str) -> Result<Vec<Node>, XmlError> {
        fn children<'a>(stack: &'a mut [Element], top: &'a mut Vec<Node>) -> &'a mut Vec<Node> {
            match stack.last_mut() {
                Some(e) => &mut e.children,
                None => top,
            }
        }
        let mut top: Vec<Node> = Vec::new();
        let mut stack: Vec<Element> = Vec::new();
        loop {
            let ev = self.xml.next_event()?;
            let at = self.xml.at();
            match ev {
                Ev::Text { text, .. } => children(&mut stack, &mut top).push(Node::Text(text)),
                Ev::Start(e) => {
                    if stack.len() >= MAX_DEPTH {
                        return err(at, "inline elements nested too deeply");
                    }
                    stack.push(element(e, at));
                }
                Ev::Empty(e) => children(&mut stack, &mut top).push(Node::Elem(element(e, at))),
                Ev::End(_) => match stack.pop() {
                    // quick-xml checks that end tags match, so the first unmatched one is ours.
                    Some(e) => children(&mut stack, &mut top).push(Node::Elem(e)),
                    None => return Ok(top),
                },
                Ev::Eof => {
                    return err(
                        at,
                        format!("unexpected end of file: <{name}> is not closed"),
                    )
                }
            }
        }
    }
}

/// Maximum nesting of inline elements (deeper input is refused rather than risking the stack).
const MAX_DEPTH: usize = 256;

fn element(e: Elem, offset: u64) -> Element {
    Element {
        name: e.local().to_string(),
        attrs: e
            .attrs
            .into_iter()
            .map(|(k, v)| (k.into_owned(), v))
            .collect(),
        children: Vec::new(),
        offset,
    }
}

/// The plain texts of several `<source>`s or `<target>`s, each trimmed, joined with a space.
fn joined_text(parts: &[Vec<Node>]) -> String {
    parts.iter().fold(String::new(), |acc, p| {
        join(&acc, inline::plain_text(p).trim())
    })
}

fn join(a: &str, b: &str) -> String {
    match (a.is_empty(), b.is_empty()) {
        (true, _) => b.to_string(),
        (_, true) => a.to_string(),
        _ => format!("{a} {b}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn job(version: Version) -> String {
        let mut w = XliffWriter::new(Vec::new(), version, "en", "kk").unwrap();
        w.begin_file("r.en.txt").unwrap();
        for s in [
            Segment {
                id: "p1s1".into(),
                source: "A & B.".into(),
                target: Some("А & Б.".into()),
                target_markup: None,
                prefill: Prefill::Exact { pct: 101 },
            },
            Segment {
                id: "p1s2".into(),
                source: "Cats.".into(),
                target: Some("Иттер.".into()),
                target_markup: None,
                prefill: Prefill::Fuzzy {
                    pct: 80,
                    match_source: "Dogs.".into(),
                    match_source_markup: None,
                },
            },
            Segment {
                id: "p2s1".into(),
                source: "New <one>.".into(),
                target: None,
                target_markup: None,
                prefill: Prefill::None,
            },
        ] {
            w.segment(&s).unwrap();
        }
        w.end_file().unwrap();
        String::from_utf8(w.finish().unwrap()).unwrap()
    }

    fn read(doc: &str) -> Vec<Unit> {
        let mut r = XliffReader::new(doc.as_bytes()).unwrap();
        let mut v = Vec::new();
        while let Some(u) = r.next_unit().unwrap() {
            v.push(u);
        }
        v
    }

    #[test]
    fn v12_job_reads_back_and_only_finished_units_count() {
        let doc = job(Version::V12);
        assert!(doc.contains("state=\"needs-review-translation\""));
        assert!(doc.contains("match-quality=\"80\""));
        let us = read(&doc);
        assert_eq!(us.len(), 3);
        assert_eq!(us[0].source, "A & B.");
        assert_eq!(us[0].original.as_deref(), Some("r.en.txt"));
        assert_eq!(us[0].tgt_lang.as_deref(), Some("kk"));
        assert!(us[0].is_finished());
        assert!(
            !us[1].is_finished(),
            "an untouched fuzzy match is not a translation"
        );
        assert!(!us[2].is_finished());
        let edited = doc.replace(
            "<target state=\"needs-review-translation\" state-qualifier=\"fuzzy-match\">Иттер.",
            "<target state=\"needs-review-translation\" state-qualifier=\"fuzzy-match\">Мысықтар.",
        );
        assert!(read(&edited)[1].is_finished());
    }

    #[test]
    fn v20_job_reads_back() {
        let doc = job(Version::V20);
        let us = read(&doc);
        assert_eq!(us.len(), 3);
        assert_eq!(us[0].major, 2);
        assert_eq!(us[0].src_lang, "en");
        assert!(us[0].is_finished());
        assert!(!us[1].is_finished());
        assert_eq!(us[2].source, "New <one>.");
    }

    #[test]
    fn inline_codes_are_stripped_from_the_text_and_kept_as_markup() {
        let doc = r#"<xliff version="1.2"><file original="x" source-language="en" target-language="ru" datatype="html"><body>
<trans-unit id="1"><source>Open <g id="1">the</g> <x id="2"/>file<ph id="3">&lt;br/&gt;</ph></source><target>Откройте <mrk mtype="x">файл</mrk></target></trans-unit></body></file></xliff>"#;
        let us = read(doc);
        assert_eq!(us[0].source, "Open the file");
        assert_eq!(us[0].target.as_deref(), Some("Откройте файл"));
        assert!(us[0].is_finished());
        assert_eq!(
            us[0].source_markup.as_deref(),
            Some("Open <bpt i=\"1\" x=\"1\"/>the<ept i=\"1\"/> <ph x=\"2\"/>file<ph x=\"3\">&lt;br/&gt;</ph>")
        );
        assert_eq!(
            us[0].target_markup.as_deref(),
            Some("Откройте <hi type=\"x\">файл</hi>")
        );
    }
}
