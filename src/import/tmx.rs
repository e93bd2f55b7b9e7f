//! `tmkit import FILE.tmx`: TMX 1.1–1.4b into the TM, streaming one `<tu>` at a time (read
//! as units by [`TmxUnits`]). tmkit's own provenance props become occurrences again, in
//! documents recorded with an unknown hash.

use std::io::BufRead;
use std::path::Path;

use super::error::unit_error;
use super::pipeline::pipelined;
use super::{Options, ReadError, Result, Sink, Summary};
use crate::input::{open_xml, Progress, TmxUnits};
use crate::store::{Occurrence, PreparedUnit};

/// Imports one TMX file through `sink`. Nothing is committed here: on error the caller
/// drops the transaction and nothing is stored. Malformed XML is reported with line and
/// column.
pub fn import_tmx(
    sink: &mut Sink<'_>,
    path: &Path,
    opts: &Options,
    progress: &mut dyn Progress,
) -> Result<Summary> {
    let input = open_xml(path)?;
    import_tmx_from(sink, input, opts, progress).map_err(|e| e.in_file(sink, path))
}

/// Reads TMX from `input` through `sink` (the work of [`import_tmx`], for any reader). The XML
/// is parsed and the units prepared on a reader thread while this one stores them.
pub fn import_tmx_from<R: BufRead + Send>(
    sink: &mut Sink<'_>,
    input: R,
    opts: &Options,
    progress: &mut dyn Progress,
) -> std::result::Result<Summary, ReadError> {
    let mut units = TmxUnits::new(input, opts.src_lang.as_deref().unwrap_or("en"))?;
    let mut tokenizer = sink.reader_tokenizer()?;
    let mut summary = Summary::default();
    let mut done = 0;
    pipelined(
        |send| {
            while let Some(u) = units.next_unit()? {
                let at = units.position();
                let unit = PreparedUnit::new(u.unit).map_err(|e| unit_error(u.offset, e))?;
                let tokens = tokenizer.as_mut().map(|t| t.tokens(unit.source_nfc()));
                if !send((at, (unit, u.occurrences, tokens))) {
                    break;
                }
            }
            Ok::<(), ReadError>(())
        },
        |(at, (unit, occs, tokens))| {
            progress.advance(at.saturating_sub(done));
            done = *at;
            let (id, change) = sink.store_tokenized(unit, tokens.as_mut())?;
            summary.record(change);
            let src_lang = &unit.input().src_lang;
            for o in occs.drain(..) {
                let document_id = sink.document_for_occurrences(&o.document, src_lang)?;
                sink.add_occurrence(
                    id,
                    &Occurrence {
                        document_id,
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
    Ok(summary)
}
