//! `tmkit import FILE.xlf`: finished translations from an XLIFF 1.2 or 2.0 job into the TM.
//!
//! Only units whose translation is finished are taken (see
//! [`XliffUnit::is_finished`](crate::formats::xliff::XliffUnit::is_finished)): an untouched fuzzy
//! pre-fill is not a translation of the new sentence. Inline codes of the source and target
//! are stored as TMX markup beside the plain text (see
//! [`formats::xliff::inline`](crate::formats::xliff::inline)); malformed inline structure
//! (an `<ec>` without its `<sc>`, …) is an error at its line and column, and nothing is stored.

use std::fs::File;
use std::io::BufRead;
use std::path::Path;

use super::tmx::ReadError;
use super::{ImportError, Options, Progress, Result, Summary};
use crate::formats::xliff::XliffReader;
use crate::formats::xml::{self, XmlError};
use crate::store::{Tx, UnitInput, VariantInput};

/// Imports one XLIFF file into `tx` (nothing is committed here).
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

/// Reads XLIFF from `input` into `tx`.
pub fn read_into<R: BufRead>(
    tx: &mut Tx<'_>,
    input: R,
    _opts: &Options,
    progress: &mut dyn Progress,
) -> std::result::Result<Summary, ReadError> {
    let mut r = XliffReader::new(input)?;
    let mut summary = Summary::default();
    let mut done = 0;
    while let Some(u) = r.next_unit()? {
        let now = r.position();
        progress.advance(now.saturating_sub(done));
        done = now;
        if !u.is_finished() || u.source.trim().is_empty() {
            continue;
        }
        let Some(tgt) = u.tgt_lang.clone().filter(|t| crate::lang::is_valid(t)) else {
            return Err(ReadError::Tmx(XmlError {
                offset: u.offset,
                message: "the file gives no valid target language (target-language / trgLang)"
                    .into(),
            }));
        };
        let (_, change) = tx.upsert_unit(&UnitInput {
            src_lang: u.src_lang,
            source: u.source,
            source_markup: u.source_markup,
            targets: vec![VariantInput {
                lang: tgt,
                text: u.target.unwrap_or_default(),
                markup: u.target_markup,
                ..Default::default()
            }],
            ..Default::default()
        })?;
        summary.record(change);
    }
    Ok(summary)
}
