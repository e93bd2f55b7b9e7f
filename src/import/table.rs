//! `tmkit import FILE.tsv` / `FILE.csv`: a table with a header row of language codes, read
//! by the [`TableReader`]: one unit per row, the source column's cell as its source and the
//! other non-empty cells as its variants.

use std::path::Path;
use std::sync::atomic::Ordering;

use super::error::tm_name;
use super::pipeline::pipelined;
use super::{ImportError, Options, Result, Sink, Summary};
use crate::input::{Dialect, InputError, Progress, TableReader};
use crate::store::{PreparedUnit, UnitInput, VariantInput};

/// Units stored between two updates of the progress bar.
const PROGRESS_EVERY: u64 = 256;

/// Imports a TSV or CSV table through `sink`. Rows are read, checked and normalized (and
/// tokenized for the index) on a reader thread while this one stores them.
pub fn import_table(
    sink: &mut Sink<'_>,
    path: &Path,
    dialect: Dialect,
    opts: &Options,
    progress: &mut dyn Progress,
) -> Result<Summary> {
    let mut table = TableReader::open_in(path, dialect, opts.src_lang.as_deref(), opts.encoding)?;
    let read = table.bytes_read();
    let mut reported = 0;
    let mut stored = 0u64;
    let mut tokenizer = sink
        .reader_tokenizer()
        .map_err(|e| ImportError::write(sink, path, e))?;
    let tm = tm_name(sink);
    let mut summary = Summary::default();
    // A row the TM cannot take (a bad language, an empty text) is the file's fault, at its
    // line; a write that fails (a read-only or full disk) is the TM's, and names it.
    let at_line = |line: u64, e: String| ImportError::from(InputError::at_line(path, line, e));
    pipelined(
        |send| {
            let src_lang = table.source_lang().to_string();
            while let Some(row) = table.next_row()? {
                let unit = UnitInput {
                    src_lang: src_lang.clone(),
                    source: row.source,
                    targets: row
                        .targets
                        .into_iter()
                        .map(|(lang, text)| VariantInput {
                            lang,
                            text,
                            ..Default::default()
                        })
                        .collect(),
                    ..Default::default()
                };
                let unit = PreparedUnit::new(unit).map_err(|e| at_line(row.line, e.to_string()))?;
                let tokens = tokenizer.as_mut().map(|t| t.tokens(unit.source_nfc()));
                if !send((unit, tokens)) {
                    break;
                }
            }
            Ok::<(), ImportError>(())
        },
        |(unit, tokens)| {
            let (_, change) = sink
                .store_tokenized(unit, tokens.as_mut())
                .map_err(|e| ImportError::write_to(&tm, path, e))?;
            summary.record(change);
            // Every 256 units: a progress bar's update reads the clock, which was 1% of a
            // bulk import's writing when done per unit.
            stored += 1;
            if stored.is_multiple_of(PROGRESS_EVERY) {
                let now = read.load(Ordering::Relaxed);
                progress.advance(now - reported);
                reported = now;
            }
            Ok(())
        },
    )?;
    progress.advance(read.load(Ordering::Relaxed).saturating_sub(reported));
    Ok(summary)
}
