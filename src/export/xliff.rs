//! A report as an XLIFF job: segmented, each sentence pre-filled from the TM.
//!
//! 101% = same source and same context (previous and next sentence) as a stored occurrence;
//! 100% = same source (NFC); fuzzy matches (75–99%) come from the fuzzy index.

use std::io::Write;

use super::{lang_matches, ExportError};
use crate::formats::xliff::{
    CodeDisplays, JobContext, Prefill, Version, XliffSegment, XliffWriter,
};
use crate::fuzzy::{lookup_session, LookupOptions, Matcher};
use crate::input::CODE_ATTRS_PROP;
use crate::segment::Segmenter;
use crate::store::Unit;
use crate::store::{Session, Store};
use crate::text::sentence_hash;

/// Counts of a prepared job.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct JobStats {
    /// Segments written.
    pub segments: u64,
    /// Pre-filled with 100% or 101% matches.
    pub exact: u64,
    /// Pre-filled with fuzzy matches.
    pub fuzzy: u64,
    /// Left empty.
    pub new: u64,
}

/// One sentence of a report with its position.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Sentence {
    /// 1-based paragraph.
    pub paragraph: usize,
    /// 1-based sentence in the paragraph.
    pub sentence: usize,
    /// The text.
    pub text: String,
}

/// Splits a report into paragraphs (separated by blank lines) and sentences.
pub(crate) fn sentences(text: &str, seg: &Segmenter) -> Vec<Sentence> {
    let mut out = Vec::new();
    let mut para = 0;
    let mut block = String::new();
    let mut flush = |block: &mut String, out: &mut Vec<Sentence>| {
        if block.trim().is_empty() {
            block.clear();
            return;
        }
        para += 1;
        for (i, s) in seg.split(block).iter().enumerate() {
            out.push(Sentence {
                paragraph: para,
                sentence: i + 1,
                text: s.text(block).trim().to_string(),
            });
        }
        block.clear();
    };
    for line in text.lines() {
        if line.trim().is_empty() {
            flush(&mut block, &mut out);
        } else {
            block.push_str(line);
            block.push('\n');
        }
    }
    flush(&mut block, &mut out);
    out.retain(|s| !s.text.is_empty());
    out
}

/// The TM match a sentence of a job is pre-filled with (see [`Prefill`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct PrefillMatch {
    /// The stored translation.
    pub target: String,
    /// Its inline markup (TMX `<seg>` content), when it has codes.
    pub target_markup: Option<String>,
    /// 101, 100, or a fuzzy score below 100.
    pub pct: u8,
    /// The stored source.
    pub source: String,
    /// Its inline markup, when it has codes.
    pub source_markup: Option<String>,
    /// How the stored translation's codes are shown (kept from XLIFF).
    pub target_codes: CodeDisplays,
}

/// The display attributes of the codes of `u`'s `tgt` translation, as kept from XLIFF.
fn target_codes(u: &Unit, tgt: &str) -> CodeDisplays {
    CodeDisplays::from_json(
        // A translation's own props are kept with it; older TMs hold them on the unit.
        u.props
            .iter()
            .chain(
                u.variants
                    .iter()
                    .filter(|v| lang_matches(&v.lang, tgt))
                    .flat_map(|v| &v.props),
            )
            .filter(|p| p.prop_type.as_deref() == Some(CODE_ATTRS_PROP))
            .filter(|p| p.lang.as_deref().is_some_and(|l| lang_matches(l, tgt)))
            .map(|p| p.value.as_str()),
    )
}

/// The best exact match: 101 when a stored occurrence has the same previous and next
/// sentence, else 100.
pub(crate) fn exact_match(
    session: &Session<'_>,
    src: &str,
    tgt: &str,
    sentence: &str,
    prev: Option<&str>,
    next: Option<&str>,
) -> Result<Option<PrefillMatch>, ExportError> {
    let Some(id) = session.find_unit(src, sentence)? else {
        return Ok(None);
    };
    let Some(u) = session.unit(id)? else {
        return Ok(None);
    };
    // A report's sentence has no inline codes: a unit whose source has some is not the
    // same segment (a fuzzy match with the tag penalty, offered as such).
    if u.source_markup.is_some() {
        return Ok(None);
    }
    let v = u
        .variants
        .iter()
        .find(|v| v.lang.eq_ignore_ascii_case(tgt))
        .or_else(|| u.variants.iter().find(|v| lang_matches(&v.lang, tgt)));
    let Some(v) = v else { return Ok(None) };
    let prev_h = prev.map(sentence_hash);
    let next_h = next.map(sentence_hash);
    let context = u
        .provenance
        .iter()
        .any(|o| o.prev_hash == prev_h && o.next_hash == next_h);
    Ok(Some(PrefillMatch {
        target: v.text.clone(),
        target_markup: v.markup.clone(),
        pct: if context { 101 } else { 100 },
        source: u.source.clone(),
        source_markup: u.source_markup.clone(),
        target_codes: target_codes(&u, tgt),
    }))
}

/// The lowest fuzzy match % offered in a job (as CAT tools do by default).
pub(crate) const FUZZY_MIN: u32 = 75;

/// The lookup a job makes for a sentence of language `src` without an exact match.
fn fuzzy_options(src: &str) -> LookupOptions {
    LookupOptions {
        min: FUZZY_MIN,
        limit: 5,
        src_lang: crate::lang::canonical(src),
        exhaustive: false,
    }
}

/// The best fuzzy match (75–99%) whose unit has a `tgt` translation, from the fuzzy index
/// (`opts` from [`fuzzy_options`]).
pub(crate) fn fuzzy_match(
    matcher: &mut Matcher<'_>,
    opts: &LookupOptions,
    tgt: &str,
    sentence: &str,
) -> Result<Option<PrefillMatch>, ExportError> {
    let matches = matcher.lookup(sentence, opts)?;
    for m in matches.into_iter().filter(|m| m.score < 100) {
        let u = m.unit;
        let v = u
            .variant(tgt)
            .or_else(|| u.variants.iter().find(|v| lang_matches(&v.lang, tgt)));
        if let Some(v) = v {
            return Ok(Some(PrefillMatch {
                target: v.text.clone(),
                target_markup: v.markup.clone(),
                pct: m.score.min(99) as u8,
                source: u.source.clone(),
                source_markup: u.source_markup.clone(),
                target_codes: target_codes(&u, tgt),
            }));
        }
    }
    Ok(None)
}

/// Writes an XLIFF job for the reports `docs` (name, text): one `<file>` per report. The
/// TM is read through one read session (one snapshot, the fuzzy-match index brought up to
/// date first when it must be) and one [`Matcher`] for the whole job.
pub fn write_job<W: Write>(
    store: &Store,
    docs: &[(String, String)],
    src: &str,
    tgt: &str,
    version: Version,
    w: W,
) -> Result<JobStats, ExportError> {
    let seg = Segmenter::new(src);
    let session = lookup_session(store)?;
    let mut matcher = Matcher::new(&session)?;
    let opts = fuzzy_options(src);
    let mut x = XliffWriter::new(w, version, src, tgt)?;
    let mut stats = JobStats::default();
    for (name, text) in docs {
        x.begin_file(name)?;
        let ss = sentences(text, &seg);
        for (i, s) in ss.iter().enumerate() {
            let prev = i.checked_sub(1).map(|j| ss[j].text.as_str());
            let next = ss.get(i + 1).map(|n| n.text.as_str());
            let m = match exact_match(&session, src, tgt, &s.text, prev, next)? {
                Some(m) => Some(m),
                None => fuzzy_match(&mut matcher, &opts, tgt, &s.text)?,
            };
            let (target, target_markup, prefill, target_codes) = match m {
                Some(m) if m.pct >= 100 => {
                    stats.exact += 1;
                    (
                        Some(m.target),
                        m.target_markup,
                        Prefill::Exact { pct: m.pct },
                        m.target_codes,
                    )
                }
                Some(m) => {
                    stats.fuzzy += 1;
                    (
                        Some(m.target),
                        m.target_markup,
                        Prefill::Fuzzy {
                            pct: m.pct,
                            match_source: m.source,
                            match_source_markup: m.source_markup,
                        },
                        m.target_codes,
                    )
                }
                None => {
                    stats.new += 1;
                    (None, None, Prefill::None, CodeDisplays::default())
                }
            };
            x.segment(&XliffSegment {
                id: format!("p{}s{}", s.paragraph, s.sentence),
                source: s.text.clone(),
                target,
                target_markup,
                prefill,
                context: Some(JobContext {
                    paragraph: s.paragraph as i64,
                    sentence: s.sentence as i64,
                    prev_hash: prev.map(sentence_hash),
                    next_hash: next.map(sentence_hash),
                    ..Default::default()
                }),
                target_codes,
            })?;
            stats.segments += 1;
        }
        x.end_file()?;
    }
    x.finish()?;
    drop(matcher);
    session.end()?;
    Ok(stats)
}
