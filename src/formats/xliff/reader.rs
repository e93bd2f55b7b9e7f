//! [`XliffReader`]: XLIFF 1.x or 2.0 read unit by unit, inline codes kept as TMX markup.

use std::collections::HashMap;
use std::io::BufRead;

use super::inline::{self, Element, Node};
use crate::formats::xml::{Elem, Ev, EventReader, XmlError};
use crate::lang;

/// A translation unit read from XLIFF.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct XliffUnit {
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

impl XliffUnit {
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
                Ev::Text(text) if text.trim().is_empty() => {}
                Ev::Text(_) | Ev::End(_) => return err(xml.at(), "text before the root element"),
                Ev::Eof => return err(xml.at(), "not an XLIFF file: no <xliff> element"),
            }
        }
    }

    /// Bytes consumed so far.
    pub fn position(&self) -> u64 {
        self.xml.position()
    }

    /// The next unit, or `None` at the end of the document.
    pub fn next_unit(&mut self) -> Result<Option<XliffUnit>, XmlError> {
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
                Ev::Empty(_) | Ev::Text(_) => {}
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
                Ev::Text(text) if text.trim().is_empty() => {}
                _ => return err(self.xml.at(), "content after the end of the root element"),
            }
        }
    }

    fn skip(&mut self, name: &str) -> Result<(), XmlError> {
        self.xml.skip_to_end(name)
    }

    fn read_unit(&mut self, e: &Elem, at: u64) -> Result<XliffUnit, XmlError> {
        let Some(id) = e.attr("id") else {
            return err(at, format!("<{}> has no id attribute", e.name));
        };
        if let Err(why) = lang::parse_tag(&self.src) {
            return err(
                at,
                format!(
                    "no valid source language for <{}> (source-language/srcLang is {:?}: {why})",
                    e.name, self.src
                ),
            );
        }
        let mut u = XliffUnit {
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
                Ev::End(_) | Ev::Empty(_) | Ev::Text(_) => {}
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
                Ev::Empty(_) | Ev::Text(_) => {}
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
                Ev::Text(text) => children(&mut stack, &mut top).push(Node::Text(text)),
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
    use crate::formats::xliff::test_docs;
    use crate::formats::xliff::XliffUnit;

    fn read(doc: &str) -> Vec<XliffUnit> {
        test_docs::read(doc).unwrap()
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
