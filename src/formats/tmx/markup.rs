//! TMX inline markup (`<seg>` content): which elements exist, where they may stand, and a
//! check that stored markup is well-formed TMX 1.4b before it is written out verbatim.

use quick_xml::events::Event;

use crate::formats::xml::first_illegal_char;

/// Kinds of TMX inline elements.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Inline {
    /// `bpt`, `ept`, `it`, `ph`, `ut`: native codes; their content is not text.
    Code,
    /// `hi`: highlighted text; its content is text.
    Hi,
    /// `sub`: a sub-flow inside a code (e.g. an alt attribute); not part of the text.
    Sub,
}

/// The kind of a TMX inline element name, if it is one.
pub(super) fn inline_kind(name: &[u8]) -> Option<Inline> {
    match name {
        b"bpt" | b"ept" | b"it" | b"ph" | b"ut" => Some(Inline::Code),
        b"hi" => Some(Inline::Hi),
        b"sub" => Some(Inline::Sub),
        _ => None,
    }
}

/// Whether an element of kind `child` may stand inside `parent` (`None` = directly in `<seg>`).
pub(super) fn allowed_in(parent: Option<Inline>, child: Inline) -> bool {
    match parent {
        None | Some(Inline::Hi) | Some(Inline::Sub) => child != Inline::Sub,
        Some(Inline::Code) => child == Inline::Sub,
    }
}

/// The attributes the DTD requires on an inline element.
pub(super) fn required_attrs(name: &[u8]) -> &'static [&'static [u8]] {
    match name {
        b"bpt" | b"ept" => &[b"i"],
        b"it" => &[b"pos"],
        _ => &[],
    }
}

/// Whether `m` is well-formed `<seg>` content made of text and TMX 1.4b inline elements,
/// correctly nested and with their required attributes.
pub(crate) fn is_valid_seg_content(m: &str) -> bool {
    if first_illegal_char(m).is_some() {
        return false;
    }
    let mut r = quick_xml::Reader::from_str(m);
    r.config_mut().check_end_names = true;
    let mut stack: Vec<Inline> = Vec::new();
    loop {
        let ev = match r.read_event() {
            Ok(ev) => ev,
            Err(_) => return false,
        };
        match ev {
            Event::Start(ref e) | Event::Empty(ref e) => {
                let empty = matches!(ev, Event::Empty(_));
                let Some(k) = inline_kind(e.name().as_ref()) else {
                    return false;
                };
                if !allowed_in(stack.last().copied(), k) {
                    return false;
                }
                let mut seen: Vec<Vec<u8>> = Vec::new();
                for a in e.attributes() {
                    match a {
                        Ok(a) => {
                            if a.unescape_value().is_err() {
                                return false;
                            }
                            seen.push(a.key.as_ref().to_vec());
                        }
                        Err(_) => return false,
                    }
                }
                if required_attrs(e.name().as_ref())
                    .iter()
                    .any(|req| !seen.iter().any(|s| s.as_slice() == *req))
                {
                    return false;
                }
                if !empty {
                    stack.push(k);
                }
            }
            Event::End(_) => {
                if stack.pop().is_none() {
                    return false;
                }
            }
            Event::Text(t) => {
                if t.unescape().is_err() {
                    return false;
                }
            }
            Event::CData(_)
            | Event::Comment(_)
            | Event::PI(_)
            | Event::Decl(_)
            | Event::DocType(_) => return false,
            Event::Eof => return stack.is_empty(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_tmx_inline_markup() {
        assert!(is_valid_seg_content(
            "Open the <bpt i=\"1\" x=\"1\">&lt;b&gt;</bpt>file<ept i=\"1\">&lt;/b&gt;</ept>"
        ));
        assert!(is_valid_seg_content(
            "a <ph x=\"1\"/> b <hi>c <ph>d<sub>e</sub></ph></hi>"
        ));
        assert!(is_valid_seg_content("plain &amp; simple"));
    }

    #[test]
    fn refuses_broken_or_foreign_markup() {
        assert!(!is_valid_seg_content("<g id=\"1\">x</g>"));
        assert!(!is_valid_seg_content("<bpt>no i</bpt>"));
        assert!(!is_valid_seg_content("<ph>open"));
        assert!(!is_valid_seg_content("</ph>"));
        assert!(!is_valid_seg_content("a & b"));
        assert!(!is_valid_seg_content("<sub>x</sub>"));
        assert!(!is_valid_seg_content("<ph><ph/></ph>"));
        assert!(!is_valid_seg_content("x\u{1}"));
    }
}
