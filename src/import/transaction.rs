//! The transaction around every write: [`run`] (an import), [`add`] (one unit),
//! [`delete`] and [`delete_language`]. Each opens the transaction, writes, brings the fuzzy-match index in step
//! and commits, so the TM and its index change together or not at all.

use std::path::{Path, PathBuf};

use super::plan::import_input;
use super::{ImportError, Plan, Result, Sink, SinkError, Summary};
use crate::index::sync_index;
use crate::input::Progress;
use crate::store::{Change, LanguageDeletion, PreparedUnit, Store, Tx, UnitInput};

/// Brings the index in step with what `tx` changed and commits (unless `dry_run`: then
/// dropping `tx` stores nothing). A failure names the TM.
fn finish(tx: Tx<'_>, dry_run: bool, tm: &Path) -> Result<()> {
    sync_index(tx.conn()).map_err(|e| ImportError::on_tm(tm, e))?;
    if !dry_run {
        tx.commit().map_err(|e| ImportError::on_tm(tm, e))?;
    }
    Ok(())
}

/// Imports every input into `store` as `user`, in one transaction: on any error nothing is
/// stored (nor with [`Plan::dry_run`]). Directories hold reports, tables, TMX and XLIFF
/// files; files are read as their name says ([`InputKind::of`](crate::input::InputKind::of))
/// unless the plan says otherwise, and as a plain-text report when the name says nothing.
/// What an input holds is blamed on the input ([`ImportError::Input`]); a write that fails
/// on the TM ([`ImportError::Write`]).
pub fn run(
    store: &mut Store,
    user: &str,
    inputs: &[PathBuf],
    plan: &Plan,
    progress: &mut dyn Progress,
) -> Result<Summary> {
    let tm = store.path().to_path_buf();
    let on_tm = |e: ImportError| ImportError::on_tm(&tm, e);
    // What the TM knows about each language pair, read before anything is written.
    let mut with_hints;
    let plan = match &plan.options.align {
        Some(_) => {
            with_hints = plan.clone();
            let src = plan.options.src_lang.as_deref().unwrap_or("en");
            let hints = crate::align::hints_from_store(store, src)
                .map_err(|e| on_tm(ImportError::from(e)))?;
            if let Some(a) = with_hints.options.align.as_mut() {
                a.hints = hints;
            }
            &with_hints
        }
        None => plan,
    };
    let tx = store.begin_import(user).map_err(|e| on_tm(e.into()))?;
    let mut summary = Summary::default();
    {
        let mut sink = Sink::new(&tx).map_err(|e| on_tm(e.into()))?;
        for input in inputs {
            summary.merge(import_input(&mut sink, input, plan, progress)?);
        }
        summary.alternatives = sink.alternatives();
        sink.finish().map_err(|e| on_tm(e.into()))?;
    }
    finish(tx, plan.dry_run, &tm)?;
    Ok(summary)
}

/// Adds one unit to `store` as `user`, or merges it into the unit with the same source;
/// returns the unit's id and what happened. A unit that cannot be stored (a bad language
/// tag, an empty text) is [`ImportError::Tm`]; a failed write names the TM.
pub fn add(store: &mut Store, user: &str, unit: UnitInput) -> Result<(i64, Change)> {
    let unit = PreparedUnit::new(unit)?;
    let tm = store.path().to_path_buf();
    let on_tm = |e: ImportError| ImportError::on_tm(&tm, e);
    let tx = store.begin(user).map_err(|e| on_tm(e.into()))?;
    let done = (|| {
        let mut sink = Sink::new(&tx)?;
        let done = sink.store(&unit)?;
        sink.finish()?;
        Ok::<_, SinkError>(done)
    })()
    .map_err(|e| on_tm(e.into()))?;
    finish(tx, false, &tm)?;
    Ok(done)
}

/// Deletes unit `id` from `store` with its variants, provenance and props; false when there
/// is no such unit.
pub fn delete(store: &mut Store, user: &str, id: i64) -> Result<bool> {
    let tm = store.path().to_path_buf();
    let on_tm = |e: ImportError| ImportError::on_tm(&tm, e);
    let mut tx = store.begin(user).map_err(|e| on_tm(e.into()))?;
    let deleted = tx.delete_unit(id).map_err(|e| on_tm(e.into()))?;
    finish(tx, false, &tm)?;
    Ok(deleted)
}

/// Deletes what `store` holds in language `lang` ([`Tx::delete_language`]: its
/// translations, the units whose source is in it, its documents) in one transaction, the
/// fuzzy-match and concordance indexes kept in step.
pub fn delete_language(store: &mut Store, user: &str, lang: &str) -> Result<LanguageDeletion> {
    let tm = store.path().to_path_buf();
    let on_tm = |e: ImportError| ImportError::on_tm(&tm, e);
    let mut tx = store.begin(user).map_err(|e| on_tm(e.into()))?;
    let deleted = tx.delete_language(lang).map_err(|e| on_tm(e.into()))?;
    finish(tx, false, &tm)?;
    Ok(deleted)
}
