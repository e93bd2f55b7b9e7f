//! `tmkit import FILE.xlf`: finished translations from an XLIFF 1.2 or 2.0 job into the TM
//! (read as units by [`XliffUnits`]). Inline codes of the source and target are stored as
//! TMX markup beside the plain text; malformed inline structure (an `<ec>` without its
//! `<sc>`, …) is an error at its line and column, and nothing is stored.

use std::io::BufRead;
use std::path::Path;

use super::error::unit_error;
use super::{ReadError, Result, Sink, Summary};
use crate::input::{open_xml, Progress, XliffUnits};
use crate::store::PreparedUnit;

/// Imports one XLIFF file through `sink` (nothing is committed here).
pub(super) fn import_xliff(
    sink: &mut Sink<'_>,
    path: &Path,
    progress: &mut dyn Progress,
) -> Result<Summary> {
    let input = open_xml(path)?;
    read_into(sink, input, progress).map_err(|e| e.in_file(sink, path))
}

/// Reads XLIFF from `input` through `sink`.
fn read_into<R: BufRead>(
    sink: &mut Sink<'_>,
    input: R,
    progress: &mut dyn Progress,
) -> std::result::Result<Summary, ReadError> {
    let mut units = XliffUnits::new(input)?;
    let mut summary = Summary::default();
    let mut done = 0;
    while let Some(u) = units.next_unit()? {
        let now = units.position();
        progress.advance(now.saturating_sub(done));
        done = now;
        let unit = PreparedUnit::new(u.unit).map_err(|e| unit_error(u.offset, e))?;
        let (_, change) = sink.store(&unit)?;
        summary.record(change);
    }
    progress.advance(units.position().saturating_sub(done));
    Ok(summary)
}
