//! `tmkit import OTHER.db`: merges another tmkit TM, unit by unit, read through the store's
//! read API: variants, props, creators and times come along, and the other TM's provenance
//! becomes occurrences in documents recorded with an unknown hash (as from TMX).

use std::path::Path;

use super::{ImportError, Result, Sink, Summary};
use crate::input::{InputError, Progress};
use crate::store::{Occurrence, PreparedUnit, Provenance, Store, Unit, UnitInput, VariantInput};

/// Merges the TM at `path` through `sink`.
pub(super) fn import_tm(
    sink: &mut Sink<'_>,
    path: &Path,
    progress: &mut dyn Progress,
) -> Result<Summary> {
    if !path.is_file() {
        return Err(InputError::file(path, "no such TM database").into());
    }
    if is_same_file(path, sink.tx().conn().path()) {
        return Err(InputError::file(path, "this is the TM being imported into").into());
    }
    let other = Store::open_read_only(path).map_err(|e| ImportError::other_tm(path, e))?;
    let mut summary = Summary::default();
    let read = other.for_each_unit(|u: Unit| -> Result<()> {
        let (unit, provenance) = split(u);
        let unit = PreparedUnit::new(unit).map_err(|e| ImportError::other_tm(path, e))?;
        let (id, change) = sink
            .store(&unit)
            .map_err(|e| ImportError::write(sink, path, e))?;
        summary.record(change);
        let src_lang = &unit.input().src_lang;
        for p in provenance {
            let document_id = sink
                .document_for_occurrences(&p.document, src_lang)
                .map_err(|e| ImportError::write(sink, path, e))?;
            let occ = Occurrence {
                document_id,
                paragraph: p.paragraph,
                sentence: p.sentence,
                prev_hash: p.prev_hash,
                next_hash: p.next_hash,
            };
            sink.add_occurrence(id, &occ)
                .map_err(|e| ImportError::write(sink, path, e))?;
        }
        Ok(())
    });
    // Writes name the file already: what is left is the other TM failing to be read.
    read.map_err(|e| match e {
        ImportError::Tm(e) => ImportError::other_tm(path, e),
        e => e,
    })?;
    progress.advance(std::fs::metadata(path).map(|m| m.len()).unwrap_or(0));
    Ok(summary)
}

/// Whether `path` is the database file `tm` (as SQLite names it).
fn is_same_file(path: &Path, tm: Option<&str>) -> bool {
    let Some(tm) = tm.filter(|t| !t.is_empty()) else {
        return false;
    };
    match (std::fs::canonicalize(path), std::fs::canonicalize(tm)) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}

/// A stored unit as a unit to store, and its provenance. A variant that applies in several
/// contexts becomes one target per context (merged into one variant again); its props go
/// with each.
fn split(u: Unit) -> (UnitInput, Vec<Provenance>) {
    let mut targets = Vec::new();
    for v in u.variants {
        for context in v.contexts {
            targets.push(VariantInput {
                lang: v.lang.clone(),
                text: v.text.clone(),
                markup: v.markup.clone(),
                created_at: Some(v.created_at.clone()),
                changed_at: Some(v.changed_at.clone()),
                creator: Some(v.created_by.clone()),
                context,
                props: v.props.clone(),
            });
        }
    }
    let unit = UnitInput {
        src_lang: u.src_lang,
        source: u.source,
        source_markup: u.source_markup,
        tuid: u.tuid,
        targets,
        created_at: Some(u.created_at),
        changed_at: Some(u.changed_at),
        creator: Some(u.created_by),
        props: u.props,
    };
    (unit, u.provenance)
}
