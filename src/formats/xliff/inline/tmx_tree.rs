//! Stored TMX markup parsed into a small tree for the writers, with the facts they need
//! about it: which `bpt`/`ept` pair up, which `x` ids it keeps, the text of a code.

use std::collections::{HashMap, HashSet};

use quick_xml::events::Event;

use crate::formats::tmx::is_valid_seg_content;

/// Parsed TMX markup.
#[derive(Debug)]
pub(super) enum TNode {
    Text(String),
    Elem {
        name: String,
        attrs: Vec<(String, String)>,
        children: Vec<TNode>,
        /// Position in document order, to pair `bpt`/`ept`.
        seq: usize,
    },
}

/// An element's parts: name, attributes, children and position in document order.
pub(super) type ElemParts<'a> = (&'a str, &'a [(String, String)], &'a [TNode], usize);

impl TNode {
    /// The parts of an element; `None` for text.
    pub(super) fn elem(&self) -> Option<ElemParts<'_>> {
        match self {
            TNode::Text(_) => None,
            TNode::Elem {
                name,
                attrs,
                children,
                seq,
            } => Some((name.as_str(), attrs.as_slice(), children.as_slice(), *seq)),
        }
    }

    pub(super) fn attr<'a>(attrs: &'a [(String, String)], key: &str) -> Option<&'a str> {
        attrs
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }
}

/// Adds `node` to the innermost open element, or to the top level.
fn attach(stack: &mut [TNode], top: &mut Vec<TNode>, node: TNode) {
    match stack.last_mut() {
        Some(TNode::Elem { children, .. }) => children.push(node),
        _ => top.push(node),
    }
}

/// Parses markup that [`is_valid_seg_content`] accepts; `None` for anything else.
pub(super) fn parse_tmx(m: &str) -> Option<Vec<TNode>> {
    if !is_valid_seg_content(m) {
        return None;
    }
    let mut r = quick_xml::Reader::from_str(m);
    r.config_mut().check_end_names = true;
    let mut top: Vec<TNode> = Vec::new();
    // Open elements (always `TNode::Elem`).
    let mut stack: Vec<TNode> = Vec::new();
    let mut seq = 0usize;
    loop {
        let ev = r.read_event().ok()?;
        match ev {
            Event::Start(ref e) | Event::Empty(ref e) => {
                let name = std::str::from_utf8(e.name().as_ref()).ok()?.to_string();
                let mut attrs = Vec::new();
                for a in e.attributes() {
                    let a = a.ok()?;
                    let k = std::str::from_utf8(a.key.as_ref()).ok()?.to_string();
                    attrs.push((k, a.unescape_value().ok()?.into_owned()));
                }
                seq += 1;
                let node = TNode::Elem {
                    name,
                    attrs,
                    children: Vec::new(),
                    seq,
                };
                if matches!(ev, Event::Empty(_)) {
                    attach(&mut stack, &mut top, node);
                } else {
                    stack.push(node);
                }
            }
            Event::End(_) => {
                let node = stack.pop()?;
                attach(&mut stack, &mut top, node);
            }
            Event::Text(t) => {
                let node = TNode::Text(t.unescape().ok()?.into_owned());
                attach(&mut stack, &mut top, node);
            }
            Event::Eof => break,
            _ => return None,
        }
    }
    stack.is_empty().then_some(top)
}

/// Pairs `bpt`/`ept` by `i` in document order: start seq → end seq. With `into_codes`, codes
/// inside `<sub>` count too (1.2 writes them as codes; 2.0 folds them into the native data).
pub(super) fn pair_tmx(nodes: &[TNode], into_codes: bool) -> HashMap<usize, usize> {
    fn walk(
        nodes: &[TNode],
        into_codes: bool,
        open: &mut HashMap<String, usize>,
        pairs: &mut HashMap<usize, usize>,
    ) {
        for n in nodes {
            let TNode::Elem {
                name,
                attrs,
                children,
                seq,
            } = n
            else {
                continue;
            };
            let i = TNode::attr(attrs, "i").unwrap_or_default().to_string();
            match name.as_str() {
                "bpt" => {
                    open.insert(i, *seq);
                }
                "ept" => {
                    if let Some(start) = open.remove(&i) {
                        pairs.insert(start, *seq);
                    }
                }
                _ => {}
            }
            let code = matches!(name.as_str(), "bpt" | "ept" | "it" | "ph" | "ut");
            if !code || into_codes {
                walk(children, into_codes, open, pairs);
            }
        }
    }
    let mut open = HashMap::new();
    let mut pairs = HashMap::new();
    walk(nodes, into_codes, &mut open, &mut pairs);
    pairs
}

/// Every `x` in the markup, so that generated ids do not take one that a later code keeps.
pub(super) fn collect_x(nodes: &[TNode], out: &mut HashSet<String>) {
    for n in nodes {
        if let TNode::Elem {
            attrs, children, ..
        } = n
        {
            if let Some(x) = TNode::attr(attrs, "x") {
                out.insert(x.to_string());
            }
            collect_x(children, out);
        }
    }
}

/// All text inside `nodes` (the native data of a code, `<sub>` text included).
pub(super) fn all_text(nodes: &[TNode], out: &mut String) {
    for n in nodes {
        match n {
            TNode::Text(t) => out.push_str(t),
            TNode::Elem { children, .. } => all_text(children, out),
        }
    }
}
