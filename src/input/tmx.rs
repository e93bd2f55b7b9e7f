//! TMX files as units for the TM: [`TmxUnits`] reads a TMX file one `<tu>` at a time and
//! turns each into a [`UnitInput`] with its provenance.
//!
//! The source of a unit is the tuv in the unit's `srclang`, else the header's; `*all*` (or
//! no valid language) means the reader's default source language. When a unit has no tuv
//! in that language, its first tuv is the source. Every other tuv with text is a target,
//! several of one language included (alternatives). Props and notes are kept: a tuv's with
//! its variant (the source tuv's with the unit, in its language), the `<tu>`'s with the unit
//! (`lang: None`), except
//! - tmkit's own provenance props (`x-document`, `x-paragraph`, `x-sentence`,
//!   `x-context-prev`, `x-context-next`), which become the unit's provenance again so that
//!   export → import does not pile up copies of them;
//! - context props ([`is_context_type`]: `x-context`, OmegaT's `file`/`prev`/`next`/`id`, …),
//!   which become the context of the `<tu>`'s targets, so that translations of one source
//!   for different contexts are kept as alternatives.

use std::io::BufRead;

use super::limits::{segment_too_long, MAX_SEGMENT_BYTES};
use crate::formats::tmx::{PropItem, TmxReader, Tu};
use crate::formats::xml::XmlError;
use crate::lang;
use crate::store::{is_context_type, ContextProp, Prop, UnitInput, VariantInput};

/// A `<tu>` read as a unit for the TM.
#[derive(Debug, Clone)]
pub struct TmxUnit {
    /// Byte offset of the `<tu>` in the (UTF-8) input.
    pub offset: u64,
    /// The unit.
    pub unit: UnitInput,
    /// Where tmkit recorded the unit's source sentence (its `x-` props).
    pub occurrences: Vec<OccurrenceProps>,
}

/// Reads the units of a TMX document in order, skipping `<tu>`s without a usable source.
pub struct TmxUnits<R: BufRead> {
    reader: TmxReader<R>,
    header_src: String,
    default_src: String,
}

impl<R: BufRead> TmxUnits<R> {
    /// Reads the header of `input`; `default_src` is the source language where the TMX
    /// says `*all*` or nothing valid.
    pub fn new(input: R, default_src: &str) -> Result<Self, XmlError> {
        let reader = TmxReader::new(input)?;
        let header_src = reader.header().srclang.clone();
        Ok(TmxUnits {
            reader,
            header_src,
            default_src: default_src.to_string(),
        })
    }

    /// Bytes of input consumed so far.
    pub fn position(&self) -> u64 {
        self.reader.position()
    }

    /// The next unit, `None` at the end of the document.
    pub fn next_unit(&mut self) -> Result<Option<TmxUnit>, XmlError> {
        while let Some(tu) = self.reader.next_tu()? {
            let offset = tu.offset;
            if let Some((unit, occurrences)) = unit_of_tu(tu, &self.header_src, &self.default_src) {
                check_sizes(&unit, offset)?;
                return Ok(Some(TmxUnit {
                    offset,
                    unit,
                    occurrences,
                }));
            }
        }
        Ok(None)
    }
}

/// Refuses a unit with a segment over [`MAX_SEGMENT_BYTES`] (at the byte `offset` of its
/// start tag), before it is stored or indexed.
pub(crate) fn check_sizes(unit: &UnitInput, offset: u64) -> Result<(), XmlError> {
    let texts = std::iter::once((&unit.src_lang, &unit.source))
        .chain(unit.targets.iter().map(|t| (&t.lang, &t.text)));
    for (lang, text) in texts {
        if text.len() > MAX_SEGMENT_BYTES {
            return Err(XmlError {
                offset,
                message: segment_too_long(&format!("segment ({lang})"), text.len()),
            });
        }
    }
    Ok(())
}

/// A provenance group read back from tmkit's x- props.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OccurrenceProps {
    /// `x-document`.
    pub document: String,
    /// `x-paragraph`.
    pub paragraph: i64,
    /// `x-sentence`.
    pub sentence: i64,
    /// `x-context-prev`.
    pub prev: Option<String>,
    /// `x-context-next`.
    pub next: Option<String>,
}

fn is_type(p: &PropItem, ty: &str) -> bool {
    p.kind == "prop" && p.prop_type.as_deref() == Some(ty)
}

/// Splits unit-level props into tmkit provenance groups (`x-document`, `x-paragraph`,
/// `x-sentence` and optional `x-context-prev`/`x-context-next`, in that order) and the rest.
pub(crate) fn split_provenance(props: Vec<PropItem>) -> (Vec<OccurrenceProps>, Vec<PropItem>) {
    let mut occs = Vec::new();
    let mut rest = Vec::new();
    let mut i = 0;
    while i < props.len() {
        let group = (|| {
            let d = props.get(i).filter(|p| is_type(p, "x-document"))?;
            let p = props.get(i + 1).filter(|p| is_type(p, "x-paragraph"))?;
            let s = props.get(i + 2).filter(|p| is_type(p, "x-sentence"))?;
            let paragraph: i64 = p.value.trim().parse().ok().filter(|n| *n > 0)?;
            let sentence: i64 = s.value.trim().parse().ok().filter(|n| *n > 0)?;
            let mut n = 3;
            let prev = props
                .get(i + n)
                .filter(|p| is_type(p, "x-context-prev"))
                .map(|p| p.value.clone());
            n += prev.is_some() as usize;
            let next = props
                .get(i + n)
                .filter(|p| is_type(p, "x-context-next"))
                .map(|p| p.value.clone());
            n += next.is_some() as usize;
            Some((
                OccurrenceProps {
                    document: d.value.clone(),
                    paragraph,
                    sentence,
                    prev,
                    next,
                },
                n,
            ))
        })();
        match group {
            Some((o, n)) => {
                occs.push(o);
                i += n;
            }
            None => {
                rest.push(props[i].clone());
                i += 1;
            }
        }
    }
    (occs, rest)
}

fn to_prop(p: PropItem, lang: Option<&str>) -> Prop {
    Prop {
        lang: lang.map(str::to_string),
        kind: p.kind.to_string(),
        prop_type: p.prop_type,
        value: p.value,
    }
}

/// Whether a prop says in which context its unit's translations apply ([`is_context_type`]).
fn is_context(p: &PropItem) -> bool {
    p.kind == "prop" && p.prop_type.as_deref().is_some_and(is_context_type)
}

fn context_prop(p: PropItem) -> ContextProp {
    ContextProp {
        prop_type: p.prop_type.unwrap_or_default(),
        value: p.value,
    }
}

/// Converts a `<tu>` into a unit for the store, with its provenance; `None` when it has no
/// usable source text (no tuv, or a source segment that is empty or only codes).
pub(crate) fn unit_of_tu(
    tu: Tu,
    header_src: &str,
    default_src: &str,
) -> Option<(UnitInput, Vec<OccurrenceProps>)> {
    let src = tu.srclang.as_deref().unwrap_or(header_src);
    let src = if src == "*all*" || !lang::is_valid(src) {
        default_src
    } else {
        src
    };
    let want = lang::canonical(src);
    let si = tu
        .tuvs
        .iter()
        .position(|t| lang::canonical(&t.lang) == want)
        .or_else(|| {
            let p = lang::primary(src);
            tu.tuvs.iter().position(|t| lang::primary(&t.lang) == p)
        })
        .or_else(|| (!tu.tuvs.is_empty()).then_some(0))?;
    if tu.tuvs[si].text.trim().is_empty() {
        return None;
    }
    let (occs, unit_props) = split_provenance(tu.props);
    let (context, unit_props): (Vec<PropItem>, Vec<PropItem>) =
        unit_props.into_iter().partition(is_context);
    let mut context: Vec<ContextProp> = context.into_iter().map(context_prop).collect();
    let mut props: Vec<Prop> = unit_props.into_iter().map(|p| to_prop(p, None)).collect();
    let mut tuvs = tu.tuvs;
    let source = tuvs.remove(si);
    let src_lang = lang::canonical(&source.lang);
    // memoQ puts the source's neighbours (`x-context-pre`/`-post`) in the source tuv.
    let (source_context, source_props): (Vec<PropItem>, Vec<PropItem>) =
        source.props.into_iter().partition(is_context);
    context.extend(source_context.into_iter().map(context_prop));
    props.extend(
        source_props
            .into_iter()
            .map(|p| to_prop(p, Some(&src_lang))),
    );
    let mut targets = Vec::new();
    for t in tuvs {
        let l = lang::canonical(&t.lang);
        if l == src_lang || t.text.trim().is_empty() {
            continue; // another tuv in the source language is not a translation
        }
        targets.push(VariantInput {
            props: t.props.into_iter().map(|p| to_prop(p, Some(&l))).collect(),
            context: context.clone(),
            lang: l.clone(),
            text: t.text,
            markup: t.markup,
            created_at: t.created_at.or_else(|| tu.created_at.clone()),
            changed_at: t.changed_at.or_else(|| tu.changed_at.clone()),
            creator: t
                .creator
                .or(t.changer)
                .or_else(|| tu.creator.clone())
                .or_else(|| tu.changer.clone()),
        });
    }
    Some((
        UnitInput {
            src_lang,
            source: source.text,
            source_markup: source.markup,
            tuid: tu.tuid.filter(|t| !t.is_empty()),
            targets,
            created_at: tu.created_at,
            changed_at: tu.changed_at,
            creator: tu.creator.or(tu.changer),
            props,
        },
        occs,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::formats::tmx::Tuv;

    fn prop(ty: &str, v: &str) -> PropItem {
        PropItem {
            kind: "prop",
            prop_type: Some(ty.into()),
            value: v.into(),
        }
    }

    #[test]
    fn provenance_groups_are_recognised_and_others_kept() {
        let props = vec![
            prop("x-domain", "news"),
            prop("x-document", "a.txt"),
            prop("x-paragraph", "2"),
            prop("x-sentence", "1"),
            prop("x-context-next", "abcd"),
            prop("x-document", "b.txt"),
            prop("x-paragraph", "two"),
        ];
        let (occs, rest) = split_provenance(props);
        assert_eq!(occs.len(), 1);
        assert_eq!(occs[0].next.as_deref(), Some("abcd"));
        assert_eq!(occs[0].prev, None);
        assert_eq!(rest.len(), 3);
    }

    fn tuv(l: &str, t: &str) -> Tuv {
        Tuv {
            lang: l.into(),
            text: t.into(),
            ..Default::default()
        }
    }

    #[test]
    fn context_props_of_the_tu_and_of_the_source_tuv_become_the_targets_context() {
        // MateCAT writes the neighbours in the <tu>, memoQ in the source <tuv>.
        let tmx = "<tmx version=\"1.4\"><header srclang=\"en\"/><body>\
             <tu><prop type=\"x-context-pre\">Before.</prop><prop type=\"x-domain\">news</prop>\
             <tuv xml:lang=\"en\"><seg>Same.</seg></tuv><tuv xml:lang=\"kk\"><seg>Бір.</seg></tuv></tu>\
             <tu><tuv xml:lang=\"en\"><prop type=\"x-context-post\">&lt;seg&gt;After.&lt;/seg&gt;</prop>\
             <note>source note</note><seg>Same.</seg></tuv>\
             <tuv xml:lang=\"kk\"><prop type=\"x-id\">tuv-level, not a context</prop><seg>Екі.</seg></tuv></tu>\
             </body></tmx>";
        let mut units = TmxUnits::new(tmx.as_bytes(), "en").unwrap();
        let a = units.next_unit().unwrap().unwrap().unit;
        let b = units.next_unit().unwrap().unwrap().unit;
        let ctx = |u: &UnitInput| -> Vec<(String, String)> {
            u.targets[0]
                .context
                .iter()
                .map(|p| (p.prop_type.clone(), p.value.clone()))
                .collect()
        };
        assert_eq!(
            ctx(&a),
            [("x-context-pre".to_string(), "Before.".to_string())]
        );
        assert_eq!(a.props.len(), 1, "x-domain stays the unit's");
        assert_eq!(
            ctx(&b),
            [(
                "x-context-post".to_string(),
                "<seg>After.</seg>".to_string()
            )]
        );
        let kinds: Vec<(&str, Option<&str>)> = b
            .props
            .iter()
            .map(|p| (p.kind.as_str(), p.lang.as_deref()))
            .collect();
        assert_eq!(kinds, [("note", Some("en"))]);
        assert_eq!(
            b.targets[0].props.len(),
            1,
            "a tuv's props stay with its target"
        );
    }

    #[test]
    fn a_segment_over_the_limit_is_refused_at_its_unit() {
        let long = "x".repeat(MAX_SEGMENT_BYTES + 1);
        let tmx = format!(
            "<tmx version=\"1.4\"><header srclang=\"en\"/><body>\
             <tu><tuv xml:lang=\"en\"><seg>Short.</seg></tuv></tu>\n\
             <tu><tuv xml:lang=\"en\"><seg>Fine.</seg></tuv><tuv xml:lang=\"kk\"><seg>{long}</seg></tuv></tu>\
             </body></tmx>"
        );
        let mut units = TmxUnits::new(tmx.as_bytes(), "en").unwrap();
        assert!(units.next_unit().unwrap().is_some());
        let err = units.next_unit().unwrap_err();
        assert_eq!(err.offset as usize, tmx.rfind("<tu>").unwrap());
        assert!(
            err.message
                .starts_with("a segment (kk) of 1048577 bytes is over the limit"),
            "{err}"
        );
    }

    #[test]
    fn source_follows_srclang_all_and_falls_back_to_first_tuv() {
        let tu = Tu {
            tuvs: vec![
                tuv("KK-kz", "Сәлем"),
                tuv("EN-us", "Hello"),
                tuv("kk-KZ", "dup"),
            ],
            ..Default::default()
        };
        let (u, _) = unit_of_tu(tu.clone(), "*all*", "en").unwrap();
        assert_eq!((u.src_lang.as_str(), u.source.as_str()), ("en-US", "Hello"));
        // Both tuvs of one language are kept, in order (alternatives).
        let targets: Vec<(&str, &str)> = u
            .targets
            .iter()
            .map(|t| (t.lang.as_str(), t.text.as_str()))
            .collect();
        assert_eq!(targets, [("kk-KZ", "Сәлем"), ("kk-KZ", "dup")]);
        let (u, _) = unit_of_tu(tu, "ru", "en").unwrap();
        assert_eq!(u.src_lang, "kk-KZ");
        let empty = Tu {
            tuvs: vec![tuv("en", "  ")],
            ..Default::default()
        };
        assert!(unit_of_tu(empty, "en", "en").is_none());
    }
}
