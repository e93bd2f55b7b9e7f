//! `tmkit import FILE.tmx`: TMX 1.1–1.4b into the TM, streaming one `<tu>` at a time.
//!
//! The source of a unit is the tuv in the unit's `srclang`, else the header's; `*all*`
//! means [`Options::src_lang`] (default `en`). When a unit has no tuv in that language, its
//! first tuv is the source. Props and notes are kept (unit-level with `lang: None`, tuv-level
//! with the tuv's language), except tmkit's own provenance props (`x-document`,
//! `x-paragraph`, `x-sentence`, `x-context-prev`, `x-context-next`), which become the
//! unit's provenance again so that export → import does not pile up copies of them.

use std::collections::HashMap;
use std::fs::File;
use std::io::BufRead;
use std::path::Path;

use super::{pipelined, ImportError, Options, Progress, Result, Sink, SinkError, Summary};
use crate::formats::tmx::{PropItem, TmxError, TmxReader, Tu};
use crate::formats::xml;
use crate::index::Tokenizer;
use crate::lang;
use crate::store::{Occurrence, PreparedUnit, Prop, StoreError, Tx, UnitInput, VariantInput};

/// Imports one TMX file into `tx`. Nothing is committed here: on error the caller drops the
/// transaction and nothing is stored. Malformed XML is reported with line and column.
pub fn import(
    tx: &mut Tx<'_>,
    path: &Path,
    opts: &Options,
    progress: &mut dyn Progress,
) -> Result<Summary> {
    let file = File::open(path).map_err(|e| ImportError::io(path, e))?;
    let input = xml::decode_input(file).map_err(|e| ImportError::io(path, e))?;
    read_into(tx, input, opts, progress).map_err(|e| e.in_file(path))
}

/// Why reading TMX into the TM failed.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    /// The input is not acceptable TMX (with the byte offset).
    #[error(transparent)]
    Tmx(#[from] TmxError),
    /// The TM refused a unit.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// Updating the fuzzy-match index failed.
    #[error(transparent)]
    Index(#[from] crate::index::IndexError),
}

impl From<SinkError> for ReadError {
    fn from(e: SinkError) -> Self {
        match e {
            SinkError::Store(e) => ReadError::Store(e),
            SinkError::Index(e) => ReadError::Index(e),
        }
    }
}

impl ReadError {
    /// The import error for this error in file `path` (with line and column for XML).
    pub fn in_file(self, path: &Path) -> ImportError {
        match self {
            ReadError::Tmx(t) => located(path, t),
            ReadError::Store(s) => ImportError::store(path, s),
            ReadError::Index(e) => ImportError::index(path, e),
        }
    }
}

/// Turns a reader error into an [`ImportError::AtPosition`], re-reading the file up to the
/// error's offset to count lines (only done once, on error).
pub fn located(path: &Path, e: TmxError) -> ImportError {
    let pos = File::open(path)
        .and_then(xml::decode_input)
        .and_then(|r| xml::line_col(r, e.offset));
    match pos {
        Ok((line, column)) => ImportError::AtPosition {
            path: path.to_path_buf(),
            line,
            column,
            message: e.message,
        },
        Err(_) => ImportError::file(path, format!("byte {}: {}", e.offset, e.message)),
    }
}

/// Reads TMX from `input` into `tx` (the work of [`import`], for any reader). The XML is
/// parsed and the units prepared on a reader thread while this one stores them.
pub fn read_into<R: BufRead + Send>(
    tx: &mut Tx<'_>,
    input: R,
    opts: &Options,
    progress: &mut dyn Progress,
) -> std::result::Result<Summary, ReadError> {
    let mut reader = TmxReader::new(input)?;
    let default_src = opts.src_lang.clone().unwrap_or_else(|| "en".to_string());
    let header_src = reader.header().srclang.clone();
    let mut docs: HashMap<(String, String), i64> = HashMap::new();
    let mut last_doc: Option<(String, String, i64)> = None;
    let mut sink = Sink::new(tx)?;
    let with_tokens = sink.wants_tokens();
    let mut done = 0;
    pipelined(
        |send| {
            let mut tokenizer = Tokenizer::default();
            while let Some(tu) = reader.next_tu()? {
                let at = reader.position();
                let item = match to_unit(tu, &header_src, &default_src) {
                    Some((unit, occs)) => {
                        let unit = PreparedUnit::new(unit)?;
                        let tokens = with_tokens.then(|| tokenizer.tokens(unit.source_nfc()));
                        Some((unit, occs, tokens))
                    }
                    None => None,
                };
                if !send((at, item)) {
                    break;
                }
            }
            Ok::<(), ReadError>(())
        },
        |(at, item)| {
            progress.advance(at.saturating_sub(done));
            done = *at;
            let Some((unit, occs, tokens)) = item else {
                return Ok(());
            };
            let id = sink.store(unit, tokens.as_mut())?;
            let src_lang = &unit.input().src_lang;
            for o in occs.drain(..) {
                // Units of one document come together: most find it as the last one.
                let doc_id = match &last_doc {
                    Some((d, l, id)) if *d == o.document && l == src_lang => *id,
                    _ => {
                        let key = (o.document.clone(), src_lang.clone());
                        let id = match docs.get(&key) {
                            Some(id) => *id,
                            None => {
                                let id = match tx.document(&key.0, src_lang)? {
                                    Some(d) => d.id,
                                    // Unknown content: an empty hash never matches, so a
                                    // later import of the real document replaces these
                                    // occurrences.
                                    None => tx.record_document(&key.0, src_lang, "")?,
                                };
                                docs.insert(key.clone(), id);
                                id
                            }
                        };
                        last_doc = Some((key.0, key.1, id));
                        id
                    }
                };
                sink.writer().add_occurrence(
                    id,
                    &Occurrence {
                        document_id: doc_id,
                        paragraph: o.paragraph,
                        sentence: o.sentence,
                        prev_hash: o.prev,
                        next_hash: o.next,
                    },
                )?;
            }
            Ok(())
        },
    )?;
    Ok(sink.finish()?)
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
pub fn split_provenance(props: Vec<PropItem>) -> (Vec<OccurrenceProps>, Vec<PropItem>) {
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

/// Converts a `<tu>` into a unit for the store, with its provenance; `None` when it has no
/// usable source text (no tuv, or a source segment that is empty or only codes).
pub fn to_unit(
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
    let mut props: Vec<Prop> = unit_props.into_iter().map(|p| to_prop(p, None)).collect();
    let mut tuvs = tu.tuvs;
    let source = tuvs.remove(si);
    let src_lang = lang::canonical(&source.lang);
    props.extend(
        source
            .props
            .into_iter()
            .map(|p| to_prop(p, Some(&src_lang))),
    );
    let mut seen = vec![src_lang.clone()];
    let mut targets = Vec::new();
    for t in tuvs {
        let l = lang::canonical(&t.lang);
        if seen.contains(&l) || t.text.trim().is_empty() {
            continue; // the first tuv of a language wins
        }
        props.extend(t.props.into_iter().map(|p| to_prop(p, Some(&l))));
        targets.push(VariantInput {
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
        seen.push(l);
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
    fn source_follows_srclang_all_and_falls_back_to_first_tuv() {
        let tu = Tu {
            tuvs: vec![
                tuv("KK-kz", "Сәлем"),
                tuv("EN-us", "Hello"),
                tuv("kk-KZ", "dup"),
            ],
            ..Default::default()
        };
        let (u, _) = to_unit(tu.clone(), "*all*", "en").unwrap();
        assert_eq!((u.src_lang.as_str(), u.source.as_str()), ("en-US", "Hello"));
        assert_eq!(u.targets.len(), 1);
        assert_eq!(u.targets[0].lang, "kk-KZ");
        assert_eq!(u.targets[0].text, "Сәлем");
        let (u, _) = to_unit(tu, "ru", "en").unwrap();
        assert_eq!(u.src_lang, "kk-KZ");
        let empty = Tu {
            tuvs: vec![tuv("en", "  ")],
            ..Default::default()
        };
        assert!(to_unit(empty, "en", "en").is_none());
    }
}
