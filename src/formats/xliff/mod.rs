//! XLIFF 1.2 and 2.0 translation jobs: a streaming writer for a report's segments (pre-filled
//! from the TM) and a streaming reader that brings finished translations back.
//!
//! Inline codes in XLIFF are not kept: the reader returns plain text (the content of native
//! codes `<ph>`, `<bpt>`, `<ept>`, `<it>` dropped, the text inside `<g>`, `<mrk>`, `<pc>` kept).

use std::io::{self, BufRead, Write};

use crate::formats::tmx::xml::{
    local_name, write_attr, write_text, Elem, Ev, EventReader, XmlError,
};
use crate::lang;

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
                    write_text(w, t)?;
                    w.write_all(b"</target>\n")?;
                    let (pct, msrc) = match &s.prefill {
                        Prefill::Exact { pct } => (*pct, None),
                        Prefill::Fuzzy { pct, match_source } => (*pct, Some(match_source)),
                        Prefill::None => (0, None),
                    };
                    if pct > 0 {
                        writeln!(
                            w,
                            "        <alt-trans match-quality=\"{pct}\" origin=\"tmkit\">"
                        )?;
                        if let Some(ms) = msrc {
                            w.write_all(b"          <source>")?;
                            write_text(w, ms)?;
                            w.write_all(b"</source>\n")?;
                        }
                        w.write_all(b"          <target>")?;
                        write_text(w, t)?;
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
                    Prefill::Fuzzy { pct, match_source } => {
                        write!(w, "      <notes>\n        <note category=\"tmkit\">TM match {pct}% for: ")?;
                        write_text(w, match_source)?;
                        w.write_all(b"</note>\n      </notes>\n")?;
                    }
                    Prefill::None => {}
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
                if let Some(t) = &s.target {
                    w.write_all(b"        <target>")?;
                    write_text(w, t)?;
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
    /// Target text, when there is a target.
    pub target: Option<String>,
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
        let mut depth = 1usize;
        loop {
            match self.xml.next_event()? {
                Ev::Start(_) => depth += 1,
                Ev::End(_) => {
                    depth -= 1;
                    if depth == 0 {
                        return Ok(());
                    }
                }
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
        let mut have_source = false;
        loop {
            match self.xml.next_event()? {
                Ev::Start(e) => match e.local() {
                    "source" if !have_source => {
                        u.source = self.read_text(&e.name)?;
                        have_source = true;
                    }
                    "source" => {
                        // 2.0: further segments of the same unit are joined with a space.
                        let more = self.read_text(&e.name)?;
                        u.source = join(&u.source, &more);
                    }
                    "target" => {
                        if self.major == 1 {
                            if let Some(s) = e.attr("state") {
                                u.state = Some(s.to_string());
                            }
                        }
                        let t = self.read_text(&e.name)?;
                        u.target = Some(match u.target.take() {
                            Some(prev) => join(&prev, &t),
                            None => t,
                        });
                    }
                    "segment" => {
                        if let Some(s) = e.attr("state") {
                            u.state = Some(s.to_string());
                        }
                    }
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
        if !have_source {
            return err(at, format!("<{unit_name} id=\"{}\"> has no <source>", u.id));
        }
        Ok(u)
    }

    fn read_alt_target(&mut self, name: &str) -> Result<Option<String>, XmlError> {
        let mut t = None;
        loop {
            match self.xml.next_event()? {
                Ev::Start(e) if e.local() == "target" => t = Some(self.read_text(&e.name)?),
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

    /// Plain text of `<source>`/`<target>` up to its end tag.
    fn read_text(&mut self, name: &str) -> Result<String, XmlError> {
        let mut out = String::new();
        let mut stack: Vec<bool> = Vec::new(); // true = native code (content is not text)
        loop {
            match self.xml.next_event()? {
                Ev::Text { text, .. } => {
                    if !stack.iter().any(|c| *c) {
                        out.push_str(&text);
                    }
                }
                Ev::Start(e) => {
                    if stack.len() > 256 {
                        return err(self.xml.at(), "inline elements nested too deeply");
                    }
                    stack.push(matches!(local_name(&e.name), "ph" | "bpt" | "ept" | "it"));
                }
                Ev::Empty(_) => {}
                Ev::End(_) => {
                    // quick-xml checks that end tags match, so the first unmatched one is ours.
                    if stack.pop().is_none() {
                        return Ok(out.trim().to_string());
                    }
                }
                Ev::Eof => {
                    return err(
                        self.xml.at(),
                        format!("unexpected end of file: <{name}> is not closed"),
                    )
                }
            }
        }
    }
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
                prefill: Prefill::Exact { pct: 101 },
            },
            Segment {
                id: "p1s2".into(),
                source: "Cats.".into(),
                target: Some("Иттер.".into()),
                prefill: Prefill::Fuzzy {
                    pct: 80,
                    match_source: "Dogs.".into(),
                },
            },
            Segment {
                id: "p2s1".into(),
                source: "New <one>.".into(),
                target: None,
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
    fn inline_codes_are_stripped() {
        let doc = r#"<xliff version="1.2"><file original="x" source-language="en" target-language="ru" datatype="html"><body>
<trans-unit id="1"><source>Open <g id="1">the</g> <x id="2"/>file<ph id="3">&lt;br/&gt;</ph></source><target>Откройте <mrk mtype="x">файл</mrk></target></trans-unit></body></file></xliff>"#;
        let us = read(doc);
        assert_eq!(us[0].source, "Open the file");
        assert_eq!(us[0].target.as_deref(), Some("Откройте файл"));
        assert!(us[0].is_finished());
    }
}
