//! `tmkit import FILE.xlf`: confirmed translations from an XLIFF 1.2 or 2.0 job into the TM
//! (read as units by [`XliffUnits`], which counts every segment by state and says why the
//! others were not stored). Inline codes of the source and target are stored as TMX markup
//! beside the plain text; malformed inline structure (an `<ec>` without its `<sc>`, …) is an
//! error at its line and column, and nothing is stored.
//!
//! A job written by tmkit says where each sentence stood in its report (document, paragraph,
//! sentence, neighbours): each unit stored from it records that occurrence, so the report
//! analyzed again finds 101% context matches, and `show` and TMX name the document.

use std::io::BufRead;
use std::path::Path;

use super::error::unit_error;
use super::{Options, ReadError, Result, Sink, Summary};
use crate::input::{open_xml, Progress, XliffOptions, XliffUnits};
use crate::store::{Occurrence, PreparedUnit};

/// Imports one XLIFF file through `sink` (nothing is committed here).
pub(super) fn import_xliff(
    sink: &mut Sink<'_>,
    path: &Path,
    opts: &Options,
    progress: &mut dyn Progress,
) -> Result<Summary> {
    let input = open_xml(path)?;
    let xopts = XliffOptions {
        tgt_lang: opts.tgt_lang.clone(),
        include_unconfirmed: opts.include_unconfirmed,
    };
    let mut summary = read_into(sink, input, xopts, progress).map_err(|e| e.in_file(sink, path))?;
    if let Some(t) = summary.xliff.last_mut() {
        t.file = path.display().to_string();
    }
    Ok(summary)
}

/// Reads XLIFF from `input` through `sink`.
fn read_into<R: BufRead>(
    sink: &mut Sink<'_>,
    input: R,
    opts: XliffOptions,
    progress: &mut dyn Progress,
) -> std::result::Result<Summary, ReadError> {
    let mut units = XliffUnits::new(input, opts)?;
    let mut summary = Summary::default();
    let mut done = 0;
    while let Some(u) = units.next_unit()? {
        let now = units.position();
        progress.advance(now.saturating_sub(done));
        done = now;
        let unit = PreparedUnit::new(u.unit).map_err(|e| unit_error(u.offset, e))?;
        let src_lang = unit.input().src_lang.clone();
        let (id, change) = sink.store(&unit)?;
        if let (Some(doc), Some(c)) = (u.document.as_deref(), u.context) {
            let document_id = sink.document_for_occurrences(doc, &src_lang)?;
            sink.add_occurrence(
                id,
                &Occurrence {
                    document_id,
                    paragraph: c.paragraph,
                    sentence: c.sentence,
                    prev_hash: c.prev_hash,
                    next_hash: c.next_hash,
                },
            )?;
        }
        summary.record(change);
    }
    progress.advance(units.position().saturating_sub(done));
    summary.xliff.push(units.tally().clone());
    Ok(summary)
}
