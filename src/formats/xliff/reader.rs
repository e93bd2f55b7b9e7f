//! [`XliffReader`]: XLIFF 1.x or 2.0 read unit by unit, inline codes kept as TMX markup.

use std::collections::HashMap;
use std::io::BufRead;

use super::inline::{self, Element, Node};
use crate::formats::xml::{Elem, Ev, EventReader, XmlError};
use crate::lang;

/// One segment of a unit: the unit's `<source>` and `<target>` in 1.2, a `<segment>` in 2.0.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct XliffSeg {
    /// The segment's id (2.0 `<segment id>`), when it has one.
    pub id: Option<String>,
    /// Source text (inline codes stripped), leading and trailing whitespace kept.
    pub source: String,
    /// The source's inline codes as TMX `<seg>` content, when it has any.
    pub source_markup: Option<String>,
    /// Target text, when there is a target (whitespace kept).
    pub target: Option<String>,
    /// The target's inline codes as TMX `<seg>` content, when it has any.
    pub target_markup: Option<String>,
    /// The target as text for a reader: the text of [`XliffSeg::target`] with each
    /// placeholder code replaced by its `equiv-text` (what a merged document shows).
    pub target_rendered: Option<String>,
    /// `state` of the target (1.2) or of the segment (2.0), as written.
    pub state: Option<String>,
    /// Byte offset of the target's content (just after its start tag), when there is one.
    pub target_offset: Option<u64>,
    /// The attributes of the source's inline codes that TMX markup does not carry
    /// (`equiv-text`, `disp`, `canDelete`, …), one JSON object per code with its attributes
    /// by name: `{"attrs": {"equiv": "[1]"}, "element": "ph", "id": "1"}`.
    pub source_code_attrs: Vec<String>,
    /// The same for the target's codes.
    pub target_code_attrs: Vec<String>,
    /// Where the target stands in the unit's target text, 1-based among the unit's
    /// segments and ignorables: the 2.0 `<target order>`, else the segment's own place.
    pub order: u32,
    /// Marked not to be translated (`translate="no"` on the 1.2 `<trans-unit>` or its
    /// `<group>`; on the 2.0 `<segment>`, `<unit>`, `<group>` or `<file>`).
    pub translate_no: bool,
}

/// A match offered with a 1.2 unit (`<alt-trans>`): what the job was pre-filled with.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AltTrans {
    /// `match-quality` as a number, when it is one (`80`, `"80%"`).
    pub quality: Option<u32>,
    /// `origin`.
    pub origin: Option<String>,
    /// The target's text (inline codes stripped, trimmed).
    pub text: String,
    /// The target's inline codes as TMX markup, when it has any.
    pub markup: Option<String>,
}

/// What tmkit records about a unit in the jobs it writes (1.2 `<context-group
/// name="tmkit-ID">`, 2.0 `<mda:metaGroup category="tmkit">`): where its sentence stood in the
/// report, and what its target was pre-filled with.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct JobContext {
    /// 1-based paragraph.
    pub paragraph: i64,
    /// 1-based sentence in the paragraph.
    pub sentence: i64,
    /// Hash of the previous source sentence (`text::sentence_hash`), `None` at the start.
    pub prev_hash: Option<String>,
    /// Hash of the next source sentence, `None` at the end.
    pub next_hash: Option<String>,
    /// The match % the target was pre-filled with (101, 100, or a fuzzy %), when it was.
    pub prefill_pct: Option<u32>,
    /// The pre-filled target's fingerprint (its text and codes as read back).
    pub prefill_hash: Option<String>,
}

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
    /// Source text of the whole unit (inline codes stripped; 2.0 segments each trimmed and
    /// joined with a space).
    pub source: String,
    /// The source's inline codes as TMX `<seg>` content, when it has any.
    pub source_markup: Option<String>,
    /// Target text of the whole unit, when there is a target.
    pub target: Option<String>,
    /// The target's inline codes as TMX `<seg>` content, when it has any.
    pub target_markup: Option<String>,
    /// `state` of the target (1.2) or of the last segment that has one (2.0).
    pub state: Option<String>,
    /// `approved="yes"` (1.2).
    pub approved: bool,
    /// The `<alt-trans>` matches with their quality and markup.
    pub alt_trans: Vec<AltTrans>,
    /// The unit's segments in order: one in 1.2; one per `<segment>` in 2.0, or one for the
    /// whole unit when an inline code opens in one segment and closes in another.
    pub segments: Vec<XliffSeg>,
    /// Where the unit's sentence stood in its report, when the job says (tmkit's jobs do).
    pub context: Option<JobContext>,
    /// XLIFF major version (1 or 2).
    pub major: u8,
}

impl XliffUnit {
    /// The match % of the TM match segment `seg`'s target was pre-filled with and still is
    /// exactly (a 1.2 `<alt-trans>` with the same text and codes), `None` when the target is
    /// not an untouched pre-fill.
    pub fn prefill_quality(&self, seg: &XliffSeg) -> Option<u32> {
        let t = seg.target.as_deref()?;
        let recorded = self.context.as_ref().and_then(|c| {
            let h = c.prefill_hash.as_deref()?;
            (h == target_fingerprint(t, seg.target_markup.as_deref()))
                .then_some(c.prefill_pct.unwrap_or(0))
        });
        self.alt_trans
            .iter()
            .filter(|a| a.text == t.trim() && a.markup == seg.target_markup)
            .map(|a| a.quality.unwrap_or(0))
            .chain(recorded)
            .max()
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
    /// Per open `<xliff>`/`<file>`/`<body>`/`<group>`: whether it or one around it says
    /// `translate="no"`.
    translate_no: Vec<bool>,
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
                        translate_no: vec![false],
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
                            self.open_level(&e);
                            self.original = e.attr("original").map(str::to_string);
                            if self.major == 1 {
                                self.src =
                                    e.attr("source-language").unwrap_or_default().to_string();
                                self.tgt = e.attr("target-language").map(str::to_string);
                            }
                        }
                        "trans-unit" if self.major == 1 => return self.read_unit(&e, at).map(Some),
                        "unit" if self.major == 2 => return self.read_unit(&e, at).map(Some),
                        "body" | "group" | "xliff" => self.open_level(&e),
                        _ => self.skip(&e.name)?,
                    }
                }
                Ev::End(_) => {
                    self.depth = self.depth.saturating_sub(1);
                    if self.translate_no.len() > 1 {
                        self.translate_no.pop();
                    }
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

    /// Enters an element that holds units, with its `translate` or the one around it.
    fn open_level(&mut self, e: &Elem) {
        self.depth += 1;
        let outer = self.translate_no.last().copied().unwrap_or(false);
        self.translate_no.push(match e.attr("translate") {
            Some(t) => t == "no",
            None => outer,
        });
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
        // memoQ keeps a unit's status on the unit (`mq:status`).
        let unit_status = e
            .attrs
            .iter()
            .find(|(k, _)| k.ends_with(":status") && k.starts_with("mq"))
            .map(|(_, v)| format!("mq:{v}"));
        let unit_name = e.name.clone();
        let unit_translate_no = match e.attr("translate") {
            Some(t) => t == "no",
            None => self.translate_no.last().copied().unwrap_or(false),
        };
        // Places among the unit's segments and ignorables (2.0), for `<target order>`.
        let mut places = 0u32;
        // Trados and Okapi segment a 1.2 unit in <seg-source> with <mrk mtype="seg" mid>,
        // the target likewise; Trados keeps each segment's status in <sdl:seg-defs>.
        let mut seg_source: Option<Vec<Node>> = None;
        let mut seg_confs: HashMap<String, String> = HashMap::new();
        // Each segment's <source>/<target> content (1.2: one segment), and 2.0 native codes.
        let mut segs: Vec<RawSeg> = Vec::new();
        let mut data: HashMap<String, String> = HashMap::new();
        let mut context = ContextFields::default();
        loop {
            match self.xml.next_event()? {
                Ev::Start(e) => match e.local() {
                    "source" => {
                        if self.major == 1 || segs.is_empty() {
                            places += 1;
                            segs.push(RawSeg {
                                position: places,
                                translate_no: unit_translate_no,
                                ..Default::default()
                            });
                        }
                        let nodes = self.read_content(&e.name)?;
                        if let Some(s) = segs.last_mut() {
                            s.source.get_or_insert(nodes);
                        }
                    }
                    "target" => {
                        let state = e.attr("state").map(str::to_string);
                        let order = e.attr("order").and_then(|o| o.trim().parse::<u32>().ok());
                        let offset = self.xml.at();
                        let nodes = self.read_content(&e.name)?;
                        if segs.is_empty() {
                            places += 1;
                            segs.push(RawSeg {
                                position: places,
                                translate_no: unit_translate_no,
                                ..Default::default()
                            });
                        }
                        if let Some(s) = segs.last_mut() {
                            if self.major == 1 {
                                s.state = state;
                            } else {
                                s.order = order.filter(|&o| o > 0);
                            }
                            s.target_offset.get_or_insert(offset);
                            s.target.get_or_insert(nodes);
                        }
                    }
                    "segment" => {
                        places += 1;
                        segs.push(RawSeg {
                            id: e.attr("id").map(str::to_string),
                            state: e.attr("state").map(str::to_string),
                            position: places,
                            translate_no: match e.attr("translate") {
                                Some(t) => t == "no",
                                None => unit_translate_no,
                            },
                            ..Default::default()
                        })
                    }
                    "ignorable" if self.major == 2 => {
                        places += 1;
                        self.skip(&e.name)?
                    }
                    "originalData" if self.major == 2 => self.read_original_data(&mut data)?,
                    "alt-trans" => {
                        let a = self.read_alt_trans(&e)?;
                        u.alt_trans.extend(a);
                    }
                    "context-group" if e.attr("name").is_some_and(is_tmkit_group) => {
                        self.read_context_group(&e.name, &mut context)?
                    }
                    "metadata" if self.major == 2 => self.read_metadata(&e.name, &mut context)?,
                    "seg-source" if self.major == 1 => {
                        seg_source = Some(self.read_content(&e.name)?);
                    }
                    "seg-defs" if self.major == 1 => self.read_seg_defs(&e.name, &mut seg_confs)?,
                    "segment-container" => {}
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
        segs.retain(|s| s.source.is_some());
        if let Some(status) = unit_status {
            for s in segs.iter_mut().filter(|s| s.state.is_none()) {
                s.state = Some(status.clone());
            }
        }
        // A segmented 1.2 unit: its segments are the <mrk mtype="seg">s of <seg-source>.
        let mrk_segs = seg_source
            .as_deref()
            .map(|nodes| {
                let mut v = Vec::new();
                seg_marks(nodes, &mut v);
                v
            })
            .unwrap_or_default();
        if segs.is_empty() {
            return err(at, format!("<{unit_name} id=\"{}\"> has no <source>", u.id));
        }
        u.state = segs.iter().rev().find_map(|s| s.state.clone());
        let sources: Vec<Vec<Node>> = segs.iter().filter_map(|s| s.source.clone()).collect();
        let targets: Vec<Vec<Node>> = segs.iter().filter_map(|s| s.target.clone()).collect();
        // The whole unit: 2.0 segments each trimmed and joined with a space.
        u.source = joined_text(&sources);
        u.source_markup = inline::to_tmx(&sources, self.major, &data, "source")?;
        if !targets.is_empty() {
            u.target = Some(joined_text(&targets));
            u.target_markup = inline::to_tmx(&targets, self.major, &data, "target")?;
        }
        u.segments = if mrk_segs.is_empty() {
            self.segments(&segs, &u, &data)
        } else {
            let whole = segs.first();
            let target_marks: HashMap<String, Vec<Node>> = whole
                .and_then(|s| s.target.as_deref())
                .map(|t| {
                    let mut v = Vec::new();
                    seg_marks(t, &mut v);
                    v.into_iter().collect()
                })
                .unwrap_or_default();
            let per_mark: Vec<RawSeg> = mrk_segs
                .into_iter()
                .enumerate()
                .map(|(i, (mid, source))| RawSeg {
                    state: seg_confs
                        .get(&mid)
                        .map(|c| format!("sdl:{c}"))
                        .or_else(|| whole.and_then(|s| s.state.clone())),
                    target: target_marks.get(&mid).cloned(),
                    target_offset: whole.and_then(|s| s.target_offset),
                    id: Some(mid),
                    source: Some(source),
                    translate_no: unit_translate_no,
                    position: i as u32 + 1,
                    order: None,
                })
                .collect();
            self.segments(&per_mark, &u, &data)
        };
        u.context = context.finish();
        Ok(u)
    }

    /// The unit's segments, each with its own text and markup; one segment for the whole
    /// unit when a code opens in one segment and closes in another (its markup is valid only
    /// over the whole unit).
    fn segments(
        &self,
        segs: &[RawSeg],
        u: &XliffUnit,
        data: &HashMap<String, String>,
    ) -> Vec<XliffSeg> {
        let one = |s: &RawSeg| -> Result<XliffSeg, XmlError> {
            let src = s.source.as_deref().unwrap_or_default();
            let src = std::slice::from_ref(&src);
            let source = inline::plain_text(src[0]);
            let source_markup = inline::to_tmx_one(src[0], self.major, data, "source")?;
            let (target, target_markup, target_rendered) = match &s.target {
                Some(t) => (
                    Some(inline::plain_text(t)),
                    inline::to_tmx_one(t, self.major, data, "target")?,
                    Some(inline::rendered_text(t)),
                ),
                None => (None, None, None),
            };
            Ok(XliffSeg {
                id: s.id.clone(),
                source,
                source_markup,
                target,
                target_markup,
                target_rendered,
                state: s.state.clone(),
                target_offset: s.target_offset,
                source_code_attrs: code_attrs_json(src[0], self.major),
                target_code_attrs: s
                    .target
                    .as_deref()
                    .map(|t| code_attrs_json(t, self.major))
                    .unwrap_or_default(),
                order: s.order.unwrap_or(s.position),
                translate_no: s.translate_no,
            })
        };
        if let Ok(v) = segs.iter().map(one).collect::<Result<Vec<_>, _>>() {
            return v;
        }
        let targets: Vec<Vec<Node>> = segs.iter().filter_map(|s| s.target.clone()).collect();
        vec![XliffSeg {
            id: None,
            source: u.source.clone(),
            source_markup: u.source_markup.clone(),
            target: u.target.clone(),
            target_markup: u.target_markup.clone(),
            target_rendered: u.target.as_ref().map(|_| {
                targets.iter().fold(String::new(), |acc, t| {
                    join(&acc, inline::rendered_text(t).trim())
                })
            }),
            state: u.state.clone(),
            target_offset: segs.iter().find_map(|s| s.target_offset),
            source_code_attrs: segs
                .iter()
                .filter_map(|s| s.source.as_deref())
                .flat_map(|n| code_attrs_json(n, self.major))
                .collect(),
            target_code_attrs: targets
                .iter()
                .flat_map(|n| code_attrs_json(n, self.major))
                .collect(),
            order: 1,
            translate_no: segs.iter().all(|s| s.translate_no),
        }]
    }

    /// Trados Studio's `<sdl:seg-defs>`: each `<sdl:seg id conf>` (a segment without `conf`
    /// is not translated: `Unspecified`).
    fn read_seg_defs(
        &mut self,
        name: &str,
        confs: &mut HashMap<String, String>,
    ) -> Result<(), XmlError> {
        loop {
            match self.xml.next_event()? {
                Ev::Empty(e) if e.local() == "seg" => seg_conf(&e, confs),
                Ev::Start(e) if e.local() == "seg" => {
                    seg_conf(&e, confs);
                    self.skip(&e.name)?;
                }
                Ev::Start(e) => self.skip(&e.name)?,
                Ev::End(n) if n == name => return Ok(()),
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

    /// A 1.2 `<alt-trans>`: its quality, origin and target.
    fn read_alt_trans(&mut self, e: &Elem) -> Result<Option<AltTrans>, XmlError> {
        let quality = e
            .attr("match-quality")
            .and_then(|q| q.trim().trim_end_matches('%').trim().parse::<u32>().ok());
        let origin = e.attr("origin").map(str::to_string);
        let name = e.name.to_string();
        let mut t = None;
        loop {
            match self.xml.next_event()? {
                Ev::Start(e) if e.local() == "target" => {
                    let nodes = self.read_content(&e.name)?;
                    let empty = HashMap::new();
                    let markup = inline::to_tmx_one(&nodes, 1, &empty, "target")
                        .ok()
                        .flatten();
                    t = Some(AltTrans {
                        quality,
                        origin: origin.clone(),
                        text: inline::plain_text(&nodes).trim().to_string(),
                        markup,
                    });
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

    /// tmkit's 1.2 `<context-group name="tmkit-ID">`: `<context context-type="x-tmkit-…">`.
    fn read_context_group(&mut self, name: &str, c: &mut ContextFields) -> Result<(), XmlError> {
        loop {
            match self.xml.next_event()? {
                Ev::Start(e) if e.local() == "context" => {
                    let key = e.attr("context-type").unwrap_or_default().to_string();
                    let nodes = self.read_content(&e.name)?;
                    if let Some(k) = key.strip_prefix("x-tmkit-") {
                        c.set(k, inline::plain_text(&nodes).trim());
                    }
                }
                Ev::Start(e) => self.skip(&e.name)?,
                Ev::End(n) if n == name => return Ok(()),
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

    /// A 2.0 `<mda:metadata>`: the `<mda:meta type>` of its `<mda:metaGroup
    /// category="tmkit">`s (other groups are other tools' and skipped).
    fn read_metadata(&mut self, name: &str, c: &mut ContextFields) -> Result<(), XmlError> {
        let mut ours = 0usize;
        let mut depth = 0usize;
        loop {
            match self.xml.next_event()? {
                Ev::Start(e) if e.local() == "metaGroup" => {
                    depth += 1;
                    if ours == 0 && e.attr("category") == Some(TMKIT) {
                        ours = depth;
                    }
                }
                Ev::Start(e) if e.local() == "meta" => {
                    let key = e.attr("type").unwrap_or_default().to_string();
                    let nodes = self.read_content(&e.name)?;
                    if ours > 0 {
                        c.set(&key, inline::plain_text(&nodes).trim());
                    }
                }
                Ev::Start(e) => self.skip(&e.name)?,
                Ev::End(n) if n == name && depth == 0 => return Ok(()),
                Ev::End(_) => {
                    if depth == ours {
                        ours = 0;
                    }
                    depth = depth.saturating_sub(1);
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
        read_content(&mut self.xml, name)
    }
}

/// The content of an element up to its end tag, as a tree.
fn read_content<R: BufRead>(xml: &mut EventReader<R>, name: &str) -> Result<Vec<Node>, XmlError> {
    fn children<'a>(stack: &'a mut [Element], top: &'a mut Vec<Node>) -> &'a mut Vec<Node> {
        match stack.last_mut() {
            Some(e) => &mut e.children,
            None => top,
        }
    }
    let mut top: Vec<Node> = Vec::new();
    let mut stack: Vec<Element> = Vec::new();
    loop {
        let ev = xml.next_event()?;
        let at = xml.at();
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
                // The XML floor checks that end tags match, so the first unmatched one is ours.
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

/// The fingerprint of a target as the reader reads it (its text and TMX markup): what a job
/// records of its pre-filled targets, so that an untouched one is recognized on import.
pub(crate) fn target_fingerprint(text: &str, markup: Option<&str>) -> String {
    crate::text::sentence_hash(&format!(
        "{}\u{1f}{}",
        text.trim(),
        markup.unwrap_or_default()
    ))
}

/// The fingerprint ([`target_fingerprint`]) of target content as written (XLIFF inline
/// content of version `major`, with the unit's 2.0 native codes `data`), read back as the
/// reader will read it; `None` when it cannot be read.
pub(crate) fn written_fingerprint(
    content: &str,
    major: u8,
    data: &HashMap<String, String>,
) -> Option<String> {
    let doc = format!("<target>{content}</target>");
    let mut xml = EventReader::new(doc.as_bytes());
    match xml.next_event().ok()? {
        Ev::Start(_) => {}
        _ => return None,
    }
    let nodes = read_content(&mut xml, "target").ok()?;
    let markup = inline::to_tmx_one(&nodes, major, data, "target").ok()?;
    Some(target_fingerprint(
        &inline::plain_text(&nodes),
        markup.as_deref(),
    ))
}

/// The name of tmkit's context group (1.2) and metadata group (2.0) in jobs.
pub(crate) const TMKIT: &str = "tmkit";

/// Whether a 1.2 `<context-group name>` is tmkit's (`tmkit-UNIT_ID`, unique in the file).
fn is_tmkit_group(name: &str) -> bool {
    name.strip_prefix(TMKIT)
        .is_some_and(|rest| rest.is_empty() || rest.starts_with('-'))
}

/// One segment's content as read, before its codes are converted.
#[derive(Default)]
struct RawSeg {
    id: Option<String>,
    state: Option<String>,
    source: Option<Vec<Node>>,
    target: Option<Vec<Node>>,
    target_offset: Option<u64>,
    /// 1-based place among the unit's segments and ignorables.
    position: u32,
    /// The 2.0 `<target order>`.
    order: Option<u32>,
    /// `translate="no"` here or on an enclosing element.
    translate_no: bool,
}

/// tmkit's provenance fields as read from a job, before they are checked.
#[derive(Default)]
struct ContextFields {
    paragraph: Option<i64>,
    sentence: Option<i64>,
    prev: Option<String>,
    next: Option<String>,
    prefill_pct: Option<u32>,
    prefill_hash: Option<String>,
}

impl ContextFields {
    fn set(&mut self, key: &str, value: &str) {
        let hash = || Some(value.to_string()).filter(|v| is_hash(v));
        match key {
            "paragraph" => self.paragraph = value.parse().ok().filter(|n| *n > 0),
            "sentence" => self.sentence = value.parse().ok().filter(|n| *n > 0),
            "context-prev" => self.prev = hash(),
            "context-next" => self.next = hash(),
            "match" => self.prefill_pct = value.parse().ok(),
            "prefill" => self.prefill_hash = hash(),
            _ => {}
        }
    }

    /// The context when paragraph and sentence are both given.
    fn finish(self) -> Option<JobContext> {
        Some(JobContext {
            paragraph: self.paragraph?,
            sentence: self.sentence?,
            prev_hash: self.prev,
            next_hash: self.next,
            prefill_pct: self.prefill_pct,
            prefill_hash: self.prefill_hash,
        })
    }
}

/// Whether `v` looks like a sentence hash (hex digits).
fn is_hash(v: &str) -> bool {
    !v.is_empty() && v.len() <= 64 && v.bytes().all(|b| b.is_ascii_hexdigit())
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

/// The attributes TMX does not carry of each inline code in `nodes`, as JSON objects.
fn code_attrs_json(nodes: &[Node], major: u8) -> Vec<String> {
    inline::code_attrs(nodes, major)
        .into_iter()
        .map(|c| {
            let attrs: serde_json::Map<String, serde_json::Value> = c
                .attrs
                .into_iter()
                .map(|(k, v)| (k, serde_json::Value::String(v)))
                .collect();
            serde_json::json!({"element": c.element, "id": c.id, "attrs": attrs}).to_string()
        })
        .collect()
}

/// Records the `conf` of a Trados `<sdl:seg id>` (`Unspecified` when it has none).
fn seg_conf(e: &Elem, confs: &mut HashMap<String, String>) {
    if let Some(id) = e.attr("id") {
        let conf = e.attr("conf").unwrap_or("Unspecified");
        confs.insert(id.to_string(), conf.to_string());
    }
}

/// The `<mrk mtype="seg">`s of segmented 1.2 content, in order, as (mid, content), wherever
/// they stand (Trados puts some inside `<g>`).
fn seg_marks(nodes: &[Node], out: &mut Vec<(String, Vec<Node>)>) {
    for n in nodes {
        if let Node::Elem(e) = n {
            if e.name == "mrk" && e.attr("mtype") == Some("seg") {
                out.push((
                    e.attr("mid").unwrap_or_default().to_string(),
                    e.children.clone(),
                ));
            } else {
                seg_marks(&e.children, out);
            }
        }
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
        assert_eq!(us[0].state, None);
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
