//! XLIFF 1.2 and 2.0 inline content into TMX markup: the tree the reader keeps ([`Node`]),
//! its plain text, and the two passes of [`to_tmx`] (pairing codes, then writing markup).

use std::collections::HashMap;

use super::tag;
use crate::formats::tmx::is_valid_seg_content;
use crate::formats::xml::{escape_text, is_xml_char, XmlError};

/// A piece of XLIFF `<source>`/`<target>` content as read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Node {
    /// Character data (references resolved).
    Text(String),
    /// An element with its content.
    Elem(Element),
}

/// An element inside `<source>`/`<target>` (or `<data>`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Element {
    /// Local name (`g`, `ph`, `pc`, …).
    pub name: String,
    /// Attributes (name as written, unescaped value).
    pub attrs: Vec<(String, String)>,
    /// Content.
    pub children: Vec<Node>,
    /// Byte offset of the start tag in the input (for error messages).
    pub offset: u64,
}

impl Element {
    /// An attribute's value.
    pub(crate) fn attr(&self, key: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }

    fn is_yes(&self, key: &str) -> bool {
        self.attr(key) == Some("yes")
    }
}

/// The text of `nodes` used for matching: character data outside native codes (the content
/// of `<ph>`, `<bpt>`, `<ept>` and `<it>` is code, not text), with 2.0 `<cp>` code points
/// that XML allows. Not trimmed.
pub(crate) fn plain_text(nodes: &[Node]) -> String {
    let mut s = String::new();
    push_text(nodes, &mut s);
    s
}

fn push_text(nodes: &[Node], out: &mut String) {
    for n in nodes {
        match n {
            Node::Text(t) => out.push_str(t),
            Node::Elem(e) => match e.name.as_str() {
                "ph" | "bpt" | "ept" | "it" => {}
                "cp" => out.extend(e.attr("hex").and_then(code_point)),
                _ => push_text(&e.children, out),
            },
        }
    }
}

/// The text of `nodes` as a reader sees it: [`plain_text`] with each placeholder code
/// (1.2 `<x/>`, `<ph>`, `<bx/>`, `<ex/>`, 2.0 `<ph/>`, `<sc/>`, `<ec/>`, and the start and
/// end of `<g>`/`<pc>`) replaced by its `equiv-text` (2.0 `equiv`, `equivStart`,
/// `equivEnd`) when it has one. Not trimmed.
pub(crate) fn rendered_text(nodes: &[Node]) -> String {
    let mut s = String::new();
    push_rendered(nodes, &mut s);
    s
}

fn push_rendered(nodes: &[Node], out: &mut String) {
    for n in nodes {
        match n {
            Node::Text(t) => out.push_str(t),
            Node::Elem(e) => match e.name.as_str() {
                "ph" | "bpt" | "ept" | "it" | "x" | "bx" | "ex" | "sc" | "ec" => {
                    out.extend(e.attr("equiv-text").or(e.attr("equiv")));
                }
                "cp" => out.extend(e.attr("hex").and_then(code_point)),
                "g" | "pc" => {
                    out.extend(e.attr("equiv-text").or(e.attr("equivStart")));
                    push_rendered(&e.children, out);
                    out.extend(e.attr("equivEnd"));
                }
                _ => push_rendered(&e.children, out),
            },
        }
    }
}

/// An inline code's attributes that TMX markup has no place for (`equiv-text`, `disp`,
/// `canDelete`, …), as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct CodeAttrs {
    /// The element's local name (`ph`, `pc`, `x`, …).
    pub element: String,
    /// Its `id` (or `startRef`/`rid`), which TMX keeps as `x`.
    pub id: Option<String>,
    /// The other attributes, in document order.
    pub attrs: Vec<(String, String)>,
}

/// The attributes of each inline code in `nodes` that the TMX markup of [`to_tmx`] does not
/// carry, for codes that have any.
pub(crate) fn code_attrs(nodes: &[Node], major: u8) -> Vec<CodeAttrs> {
    let mut out = Vec::new();
    collect_code_attrs(nodes, major, &mut out);
    out
}

fn collect_code_attrs(nodes: &[Node], major: u8, out: &mut Vec<CodeAttrs>) {
    // What the TMX markup keeps (ids, types, pairing, position, association).
    const KEPT: &[&str] = &[
        "id",
        "rid",
        "startRef",
        "ctype",
        "pos",
        "assoc",
        "mtype",
        "mid",
        "type",
        "subType",
        "dataRef",
        "dataRefStart",
        "dataRefEnd",
        "isolated",
        "hex",
    ];
    for n in nodes {
        let Node::Elem(e) = n else { continue };
        let code = match major {
            1 => matches!(
                e.name.as_str(),
                "g" | "x" | "bx" | "ex" | "bpt" | "ept" | "ph" | "it" | "mrk"
            ),
            _ => matches!(
                e.name.as_str(),
                "pc" | "ph" | "sc" | "ec" | "mrk" | "sm" | "em"
            ),
        };
        if code {
            let attrs: Vec<(String, String)> = e
                .attrs
                .iter()
                .filter(|(k, _)| !KEPT.contains(&k.as_str()) && !k.starts_with("xmlns"))
                .cloned()
                .collect();
            if !attrs.is_empty() {
                out.push(CodeAttrs {
                    element: e.name.clone(),
                    id: e
                        .attr("id")
                        .or(e.attr("startRef"))
                        .or(e.attr("rid"))
                        .map(str::to_string),
                    attrs,
                });
            }
        }
        // Native code (1.2 <bpt>, <ph>, … content) holds no codes of the segment.
        let native = major == 1 && matches!(e.name.as_str(), "bpt" | "ept" | "ph" | "it");
        if !native {
            collect_code_attrs(&e.children, major, out);
        }
    }
}

/// The character of a 2.0 `<cp hex="…"/>`, when it is one XML can carry.
fn code_point(hex: &str) -> Option<char> {
    u32::from_str_radix(hex, 16)
        .ok()
        .and_then(char::from_u32)
        .filter(|c| is_xml_char(*c))
}

fn xerr<T>(offset: u64, message: String) -> Result<T, XmlError> {
    Err(XmlError { offset, message })
}

/// TMX markup for the content of one side of a unit: its segments in order (one for 1.2;
/// 2.0 segments are joined with a space, and codes may open in one and close in another).
/// `major` is the XLIFF major version, `data` the unit's 2.0 `<originalData>` (id → native
/// code), `side` `"source"` or `"target"` (for messages). `None` when there are no inline
/// codes (plain text).
pub(crate) fn to_tmx(
    segments: &[Vec<Node>],
    major: u8,
    data: &HashMap<String, String>,
    side: &str,
) -> Result<Option<String>, XmlError> {
    convert(segments, major, data, side, true)
}

/// TMX markup for one segment's content, its leading and trailing whitespace kept (see
/// [`to_tmx`]); an error when a code in it pairs with one outside it.
pub(crate) fn to_tmx_one(
    segment: &[Node],
    major: u8,
    data: &HashMap<String, String>,
    side: &str,
) -> Result<Option<String>, XmlError> {
    convert(&[segment.to_vec()], major, data, side, false)
}

fn convert(
    segments: &[Vec<Node>],
    major: u8,
    data: &HashMap<String, String>,
    side: &str,
    trim: bool,
) -> Result<Option<String>, XmlError> {
    let mut pairing = Pairing {
        major,
        side,
        open: HashMap::new(),
        pairs: HashMap::new(),
        next_i: 1,
    };
    for seg in segments {
        pairing.walk(seg, false)?;
    }
    pairing.finish()?;
    let conv = ToTmx {
        major,
        data,
        pairs: &pairing.pairs,
    };
    let mut markup = String::new();
    for seg in segments {
        let mut s = String::new();
        conv.emit(seg, false, &mut s)?;
        let s = if trim { s.trim() } else { s.as_str() };
        if !s.is_empty() {
            if !markup.is_empty() {
                markup.push(' ');
            }
            markup.push_str(s);
        }
    }
    // Text is always escaped, so a '<' means an element was written.
    if !markup.contains('<') {
        return Ok(None);
    }
    let ok = is_valid_seg_content(&markup);
    debug_assert!(ok, "invalid TMX markup produced: {markup}");
    Ok(ok.then_some(markup))
}

/// First pass: which start and end codes pair up, and their TMX `i`.
struct Pairing<'a> {
    major: u8,
    side: &'a str,
    /// Open start codes by (kind, key): the element's offset, id and `i`.
    open: HashMap<(&'static str, String), (u64, String, u32)>,
    /// Offset of a paired start or end code (or a `g`/`pc`) → its TMX `i`.
    pairs: HashMap<u64, u32>,
    next_i: u32,
}

impl Pairing<'_> {
    fn where_(&self) -> String {
        if self.major == 2 {
            format!("the unit's <{}>", self.side)
        } else {
            format!("the <{}>", self.side)
        }
    }

    fn start(&mut self, kind: &'static str, key: &str, e: &Element) -> Result<(), XmlError> {
        let i = self.next_i;
        self.next_i += 1;
        let id = e.attr("id").unwrap_or_default().to_string();
        if let Some((offset, id, _)) = self.open.insert((kind, key.to_string()), (e.offset, id, i))
        {
            // The same id opened twice: the earlier one is never closed.
            self.unclosed(kind, offset, &id)?;
        }
        Ok(())
    }

    fn end(&mut self, kind: &'static str, key: &str, e: &Element) -> bool {
        match self.open.remove(&(kind, key.to_string())) {
            Some((start, _, i)) => {
                self.pairs.insert(start, i);
                self.pairs.insert(e.offset, i);
                true
            }
            None => false,
        }
    }

    /// An error for a start code that is never closed (`bx` may stay open: it becomes `<it>`).
    fn unclosed(&self, kind: &str, offset: u64, id: &str) -> Result<(), XmlError> {
        let w = self.where_();
        match kind {
            "bpt" => xerr(
                offset,
                format!("<bpt id=\"{id}\"> is not closed: no <ept> with the same id (or rid) follows it in {w}"),
            ),
            "sc" => xerr(
                offset,
                format!("<sc id=\"{id}\"> is not closed: no <ec startRef=\"{id}\"> follows it in {w} (a code closed outside the unit needs isolated=\"yes\")"),
            ),
            "sm" => xerr(
                offset,
                format!("<sm id=\"{id}\"> is not closed: no <em startRef=\"{id}\"> follows it in {w}"),
            ),
            _ => Ok(()),
        }
    }

    fn walk(&mut self, nodes: &[Node], in_code: bool) -> Result<(), XmlError> {
        for n in nodes {
            let Node::Elem(e) = n else { continue };
            if in_code {
                // Native code: only a <sub> holds text and codes again.
                self.walk(&e.children, e.name != "sub")?;
                continue;
            }
            let key = || e.attr("rid").or(e.attr("id")).unwrap_or_default();
            match (self.major, e.name.as_str()) {
                (1, "g") | (2, "pc") => {
                    self.pairs.insert(e.offset, self.next_i);
                    self.next_i += 1;
                }
                (1, "bx") => self.start("bx", key(), e)?,
                (1, "bpt") => self.start("bpt", key(), e)?,
                (1, "ex") => {
                    // An <ex/> without its <bx/> becomes an isolated code.
                    self.end("bx", key(), e);
                }
                // The guard pairs the <ept> with its <bpt>; only an unmatched one gets here.
                (1, "ept") if !self.end("bpt", key(), e) => {
                    return xerr(
                        e.offset,
                        format!(
                            "<ept id=\"{}\"> has no <bpt> with the same id (or rid) before it in {}",
                            key(),
                            self.where_()
                        ),
                    );
                }
                (2, "sc") if !e.is_yes("isolated") => {
                    let id = e.attr("id").unwrap_or_default();
                    self.start("sc", id, e)?;
                }
                (2, "ec") if !e.is_yes("isolated") => {
                    let Some(r) = e.attr("startRef") else {
                        return xerr(
                            e.offset,
                            format!("<ec> in {} has no startRef (an end code closing a code outside the unit needs isolated=\"yes\" and an id)", self.where_()),
                        );
                    };
                    if !self.end("sc", r, e) {
                        return xerr(
                            e.offset,
                            format!(
                                "<ec startRef=\"{r}\"> has no <sc id=\"{r}\"> before it in {}",
                                self.where_()
                            ),
                        );
                    }
                }
                (2, "sm") => {
                    let id = e.attr("id").unwrap_or_default();
                    self.start("sm", id, e)?;
                }
                (2, "em") => {
                    let r = e.attr("startRef").unwrap_or_default();
                    if !self.end("sm", r, e) {
                        return xerr(
                            e.offset,
                            format!(
                                "<em startRef=\"{r}\"> has no <sm id=\"{r}\"> before it in {}",
                                self.where_()
                            ),
                        );
                    }
                }
                _ => {}
            }
            let code = self.major == 1 && matches!(e.name.as_str(), "bpt" | "ept" | "ph" | "it");
            self.walk(&e.children, code)?;
        }
        Ok(())
    }

    fn finish(&mut self) -> Result<(), XmlError> {
        let mut left: Vec<_> = self
            .open
            .iter()
            .map(|((kind, _), (offset, id, _))| (*offset, *kind, id.clone()))
            .collect();
        left.sort();
        for (offset, kind, id) in left {
            self.unclosed(kind, offset, &id)?;
        }
        Ok(())
    }
}

/// Second pass: writes TMX markup.
struct ToTmx<'a> {
    major: u8,
    data: &'a HashMap<String, String>,
    pairs: &'a HashMap<u64, u32>,
}

/// The 1.2 `mtype` a TMX `<hi>` without a type is written with.
pub(crate) const UNTYPED_HI: &str = "x-hi";

/// TMX `type`s that 1.2 has no `ctype` for, written as `x-NAME` (and read back as `NAME`).
const TMX_ONLY_TYPES: &[&str] = &[
    "color", "dulined", "font", "scap", "struct", "index", "date", "time", "fnote", "enote", "alt",
    "cb", "inset",
];

/// TMX `type` for a 1.2 `ctype` (TMX says `ulined` where XLIFF says `underlined`; `x-struct`
/// and the other TMX types 1.2 lacks are TMX's own names again).
fn tmx_type_from_ctype(ctype: Option<&str>) -> Option<String> {
    ctype.map(|c| match c {
        "underlined" => "ulined".to_string(),
        c => match c.strip_prefix("x-") {
            Some(t) if TMX_ONLY_TYPES.contains(&t) => t.to_string(),
            _ => c.to_string(),
        },
    })
}

/// TMX `type` for a 2.0 `type`/`subType`: the standard formatting subtypes by their TMX
/// names, `link` and `image` as they are, anything else as a user-defined `x-` value.
fn tmx_type_from_v2(e: &Element) -> Option<String> {
    let known = match e.attr("subType") {
        Some("xlf:b") => Some("bold"),
        Some("xlf:i") => Some("italic"),
        Some("xlf:u") => Some("ulined"),
        Some("xlf:lb") => Some("lb"),
        Some("xlf:pb") => Some("pb"),
        _ => None,
    };
    if let Some(k) = known {
        return Some(k.to_string());
    }
    match (e.attr("subType"), e.attr("type")) {
        (Some(st), _) => Some(format!("x-{st}")),
        (None, Some(t @ ("link" | "image"))) => Some(t.to_string()),
        (None, Some(t)) => Some(format!("x-{t}")),
        (None, None) => None,
    }
}

/// TMX `assoc` (`p`, `f`, `b`) for a 1.2 `assoc`.
fn tmx_assoc(a: Option<&str>) -> Option<&'static str> {
    match a {
        Some("preceding") => Some("p"),
        Some("following") => Some("f"),
        Some("both") => Some("b"),
        _ => None,
    }
}

impl ToTmx<'_> {
    fn emit(&self, nodes: &[Node], in_code: bool, out: &mut String) -> Result<(), XmlError> {
        for n in nodes {
            match n {
                Node::Text(t) => out.push_str(&escape_text(t)),
                Node::Elem(e) if in_code => {
                    if e.name == "sub" {
                        let mut inner = String::new();
                        self.emit(&e.children, false, &mut inner)?;
                        let ty = tmx_type_from_ctype(e.attr("ctype"));
                        let attrs = [("datatype", e.attr("datatype")), ("type", ty.as_deref())];
                        tag(out, "sub", &attrs, &inner);
                    } else {
                        // Anything else inside native code is code text.
                        self.emit(&e.children, true, out)?;
                    }
                }
                Node::Elem(e) if self.major == 1 => self.emit_v1(e, out)?,
                Node::Elem(e) => self.emit_v2(e, out)?,
            }
        }
        Ok(())
    }

    fn content(&self, e: &Element, in_code: bool) -> Result<String, XmlError> {
        let mut s = String::new();
        self.emit(&e.children, in_code, &mut s)?;
        Ok(s)
    }

    fn emit_v1(&self, e: &Element, out: &mut String) -> Result<(), XmlError> {
        let id = e.attr("id");
        let ty = tmx_type_from_ctype(e.attr("ctype"));
        let ty = ty.as_deref();
        let paired = self.pairs.get(&e.offset).map(u32::to_string);
        let i = paired.as_deref();
        match (e.name.as_str(), i) {
            ("g", Some(i)) => {
                tag(out, "bpt", &[("i", Some(i)), ("x", id), ("type", ty)], "");
                self.emit(&e.children, false, out)?;
                tag(out, "ept", &[("i", Some(i))], "");
            }
            ("x", _) => tag(out, "ph", &[("x", id), ("type", ty)], ""),
            ("bx", Some(i)) => tag(out, "bpt", &[("i", Some(i)), ("x", id), ("type", ty)], ""),
            ("bx", None) => tag(
                out,
                "it",
                &[("pos", Some("begin")), ("x", id), ("type", ty)],
                "",
            ),
            ("ex", Some(i)) => tag(out, "ept", &[("i", Some(i))], ""),
            ("ex", None) => tag(out, "it", &[("pos", Some("end")), ("x", id)], ""),
            ("bpt", Some(i)) => {
                let c = self.content(e, true)?;
                tag(out, "bpt", &[("i", Some(i)), ("x", id), ("type", ty)], &c);
            }
            ("ept", Some(i)) => {
                let c = self.content(e, true)?;
                tag(out, "ept", &[("i", Some(i))], &c);
            }
            ("ph", _) => {
                let c = self.content(e, true)?;
                let assoc = tmx_assoc(e.attr("assoc"));
                tag(out, "ph", &[("x", id), ("type", ty), ("assoc", assoc)], &c);
            }
            ("it", _) => {
                let pos = match e.attr("pos") {
                    Some("open") => "begin",
                    Some("close") => "end",
                    other => {
                        return xerr(
                            e.offset,
                            format!(
                                "<it id=\"{}\"> has pos={:?}; it must be \"open\" or \"close\"",
                                id.unwrap_or_default(),
                                other.unwrap_or_default()
                            ),
                        )
                    }
                };
                let c = self.content(e, true)?;
                tag(
                    out,
                    "it",
                    &[("pos", Some(pos)), ("x", id), ("type", ty)],
                    &c,
                );
            }
            ("mrk", _) => match e.attr("mtype") {
                // Segmentation markers are structure, not markup.
                Some("seg") | None => self.emit(&e.children, false, out)?,
                Some(m) => {
                    let c = self.content(e, false)?;
                    // `x-hi` is what a `<hi>` without a type is written as (mtype is required).
                    let ty = Some(m).filter(|m| *m != UNTYPED_HI);
                    tag(out, "hi", &[("x", e.attr("mid")), ("type", ty)], &c);
                }
            },
            // Unknown elements (and paired codes the first pass refused) keep their text.
            _ => self.emit(&e.children, false, out)?,
        }
        Ok(())
    }

    /// The native code a 2.0 code points to with `attr` (escaped), "" when it has none.
    fn data(&self, e: &Element, attr: &str) -> Result<String, XmlError> {
        let Some(r) = e.attr(attr) else {
            return Ok(String::new());
        };
        match self.data.get(r) {
            Some(d) => Ok(escape_text(d)),
            None => xerr(
                e.offset,
                format!(
                    "<{} id=\"{}\"> has {attr}=\"{r}\" but the unit's <originalData> has no <data id=\"{r}\">",
                    e.name,
                    e.attr("id").or(e.attr("startRef")).unwrap_or_default()
                ),
            ),
        }
    }

    fn emit_v2(&self, e: &Element, out: &mut String) -> Result<(), XmlError> {
        let id = e.attr("id");
        let ty = tmx_type_from_v2(e);
        let ty = ty.as_deref();
        let paired = self.pairs.get(&e.offset).map(u32::to_string);
        let i = paired.as_deref();
        match (e.name.as_str(), i) {
            ("pc", Some(i)) => {
                let start = self.data(e, "dataRefStart")?;
                let end = self.data(e, "dataRefEnd")?;
                tag(
                    out,
                    "bpt",
                    &[("i", Some(i)), ("x", id), ("type", ty)],
                    &start,
                );
                self.emit(&e.children, false, out)?;
                tag(out, "ept", &[("i", Some(i))], &end);
            }
            ("ph", _) => {
                let d = self.data(e, "dataRef")?;
                tag(out, "ph", &[("x", id), ("type", ty)], &d);
            }
            ("sc", Some(i)) => {
                let d = self.data(e, "dataRef")?;
                tag(out, "bpt", &[("i", Some(i)), ("x", id), ("type", ty)], &d);
            }
            ("sc", None) => {
                let d = self.data(e, "dataRef")?;
                tag(
                    out,
                    "it",
                    &[("pos", Some("begin")), ("x", id), ("type", ty)],
                    &d,
                );
            }
            ("ec", Some(i)) => {
                let d = self.data(e, "dataRef")?;
                tag(out, "ept", &[("i", Some(i))], &d);
            }
            ("ec", None) => {
                let d = self.data(e, "dataRef")?;
                tag(
                    out,
                    "it",
                    &[("pos", Some("end")), ("x", id), ("type", ty)],
                    &d,
                );
            }
            ("mrk", _) => {
                let c = self.content(e, false)?;
                tag(out, "hi", &[("x", id), ("type", e.attr("type"))], &c);
            }
            ("sm" | "em", _) => {}
            ("cp", _) => {
                if let Some(c) = e.attr("hex").and_then(code_point) {
                    out.push_str(&escape_text(c.encode_utf8(&mut [0; 4])));
                }
            }
            _ => self.emit(&e.children, false, out)?,
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::formats::xliff::test_docs::{read, v12, v20};

    #[test]
    fn xliff12_codes_become_tmx_markup() {
        let src = "Open <g id=\"1\" ctype=\"bold\">the <x id=\"2\" ctype=\"image\"/>file</g> \
                   <bx id=\"3\" ctype=\"underlined\"/>now<ex id=\"3\"/> \
                   <bpt id=\"4\">&lt;a href=\"#\"&gt;</bpt>link<ept id=\"4\">&lt;/a&gt;</ept>\
                   <ph id=\"5\" assoc=\"preceding\">&lt;br/&gt;</ph> <it id=\"6\" pos=\"open\">&lt;i&gt;</it>x \
                   <mrk mtype=\"term\" mid=\"t1\">TM</mrk> <bx id=\"7\"/>end<ex id=\"8\"/>";
        let tgt = "<mrk mtype=\"seg\" mid=\"1\">Ашу <g id=\"1\">файл</g></mrk>";
        let u = &read(&v12(src, tgt)).unwrap()[0];
        assert_eq!(u.source, "Open the file now link x TM end");
        assert_eq!(
            u.source_markup.as_deref(),
            Some(
                "Open <bpt i=\"1\" x=\"1\" type=\"bold\"/>the <ph x=\"2\" type=\"image\"/>file<ept i=\"1\"/> \
                 <bpt i=\"2\" x=\"3\" type=\"ulined\"/>now<ept i=\"2\"/> \
                 <bpt i=\"3\" x=\"4\">&lt;a href=&quot;#&quot;&gt;</bpt>link<ept i=\"3\">&lt;/a&gt;</ept>\
                 <ph x=\"5\" assoc=\"p\">&lt;br/&gt;</ph> <it pos=\"begin\" x=\"6\">&lt;i&gt;</it>x \
                 <hi x=\"t1\" type=\"term\">TM</hi> <it pos=\"begin\" x=\"7\"/>end<it pos=\"end\" x=\"8\"/>"
            )
        );
        assert_eq!(u.target.as_deref(), Some("Ашу файл"));
        assert_eq!(
            u.target_markup.as_deref(),
            Some("Ашу <bpt i=\"1\" x=\"1\"/>файл<ept i=\"1\"/>")
        );
    }

    #[test]
    fn plain_content_has_no_markup() {
        let u = &read(&v12(
            "Just &amp; text",
            "<mrk mtype=\"seg\" mid=\"1\">Мәтін</mrk>",
        ))
        .unwrap()[0];
        assert_eq!(u.source_markup, None);
        assert_eq!(u.target_markup, None);
        assert_eq!(u.source, "Just & text");
    }

    #[test]
    fn xliff12_sub_flows_stay_inside_the_code() {
        let src = "See <ph id=\"1\">&lt;img alt=\"<sub>a <g id=\"2\">b</g></sub>\"/&gt;</ph> here";
        let u = &read(&v12(src, "")).unwrap()[0];
        assert_eq!(u.source, "See  here");
        let m = u.source_markup.as_deref().unwrap();
        assert_eq!(
            m,
            "See <ph x=\"1\">&lt;img alt=&quot;<sub>a <bpt i=\"1\" x=\"2\"/>b<ept i=\"1\"/></sub>&quot;/&gt;</ph> here"
        );
        assert!(is_valid_seg_content(m));
    }

    #[test]
    fn xliff20_codes_with_original_data_become_tmx_markup() {
        let data = "<data id=\"d1\">&lt;b&gt;</data><data id=\"d2\">&lt;/b&gt;</data>\
                    <data id=\"d3\">&lt;br<cp hex=\"0009\"/>/&gt;</data>";
        let doc = v20(
            data,
            &[
                (
                    "Press <pc id=\"1\" dataRefStart=\"d1\" dataRefEnd=\"d2\" type=\"fmt\" subType=\"xlf:b\">Start</pc>\
                     <ph id=\"2\" dataRef=\"d3\"/> <sc id=\"3\" type=\"link\"/>now",
                    "Нажмите <pc id=\"1\" dataRefStart=\"d1\" dataRefEnd=\"d2\">Пуск</pc><ph id=\"2\"/>",
                ),
                (
                    " and <ec startRef=\"3\"/>wait<sm id=\"m1\" type=\"term\"/>.<em startRef=\"m1\"/> \
                     <mrk id=\"m2\" type=\"term\">TM</mrk><cp hex=\"2603\"/><sc id=\"4\" isolated=\"yes\" type=\"ui\"/><ec id=\"5\" isolated=\"yes\"/>",
                    "",
                ),
            ],
        );
        let u = &read(&doc).unwrap()[0];
        assert_eq!(u.source, "Press Start now and wait. TM☃");
        assert_eq!(
            u.source_markup.as_deref(),
            Some(
                "Press <bpt i=\"1\" x=\"1\" type=\"bold\">&lt;b&gt;</bpt>Start<ept i=\"1\">&lt;/b&gt;</ept>\
                 <ph x=\"2\">&lt;br\t/&gt;</ph> <bpt i=\"2\" x=\"3\" type=\"link\"/>now \
                 and <ept i=\"2\"/>wait. <hi x=\"m2\" type=\"term\">TM</hi>☃\
                 <it pos=\"begin\" x=\"4\" type=\"x-ui\"/><it pos=\"end\" x=\"5\"/>"
            )
        );
        assert_eq!(u.target.as_deref(), Some("Нажмите Пуск"));
        assert_eq!(
            u.target_markup.as_deref(),
            Some("Нажмите <bpt i=\"1\" x=\"1\">&lt;b&gt;</bpt>Пуск<ept i=\"1\">&lt;/b&gt;</ept><ph x=\"2\"/>")
        );
    }

    fn error(doc: &str) -> XmlError {
        read(doc).unwrap_err()
    }

    #[test]
    fn broken_pairs_are_errors_at_the_element() {
        let doc = v12("a <ept id=\"1\">&lt;/b&gt;</ept>", "");
        let e = error(&doc);
        assert!(e.message.contains("<ept id=\"1\"> has no <bpt>"), "{e}");
        assert_eq!(e.offset as usize, doc.find("<ept").unwrap());

        let doc = v12("a <bpt id=\"1\">&lt;b&gt;</bpt> b", "");
        let e = error(&doc);
        assert!(e.message.contains("<bpt id=\"1\"> is not closed"), "{e}");
        assert_eq!(e.offset as usize, doc.find("<bpt").unwrap());

        let doc = v12("a", "<it id=\"1\">x</it>");
        assert!(error(&doc).message.contains("pos"));

        let doc = v20("", &[("a <ec startRef=\"1\"/>", "")]);
        let e = error(&doc);
        assert!(
            e.message
                .contains("<ec startRef=\"1\"> has no <sc id=\"1\">"),
            "{e}"
        );
        assert_eq!(e.offset as usize, doc.find("<ec").unwrap());

        let doc = v20("", &[("a", "<sc id=\"1\"/>b")]);
        let e = error(&doc);
        assert!(e.message.contains("<sc id=\"1\"> is not closed"), "{e}");
        assert!(e.message.contains("<target>"), "{e}");

        let doc = v20("", &[("a <ec/>", "")]);
        assert!(error(&doc).message.contains("no startRef"));

        let doc = v20("", &[("a<em startRef=\"m\"/>", "")]);
        assert!(error(&doc)
            .message
            .contains("<em startRef=\"m\"> has no <sm"));

        let doc = v20("", &[("a <ph id=\"1\" dataRef=\"d9\"/>", "")]);
        let e = error(&doc);
        assert!(e.message.contains("no <data id=\"d9\">"), "{e}");

        let doc = v12("a <g id=\"1\">b", "");
        let e = error(&doc);
        assert!(e.message.contains("malformed"), "{e}");
    }

    #[test]
    fn codes_may_open_and_close_in_different_segments() {
        let doc = v20(
            "",
            &[("a <sc id=\"1\"/>b", ""), ("c<ec startRef=\"1\"/>", "")],
        );
        let u = &read(&doc).unwrap()[0];
        assert_eq!(
            u.source_markup.as_deref(),
            Some("a <bpt i=\"1\" x=\"1\"/>b c<ept i=\"1\"/>")
        );
    }
}
