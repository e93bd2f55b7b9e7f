//! The transaction around every write: [`run`] (an import), [`add`] (one unit) and
//! [`delete`]. Each opens the transaction, writes, brings the fuzzy-match index in step
//! and commits, so the TM and its index change together or not at all.

use std::path::PathBuf;

use super::plan::import_input;
use super::{Plan, Result, Sink, Summary};
use crate::index::sync_index;
use crate::input::Progress;
use crate::store::{Change, PreparedUnit, Store, Tx, UnitInput};

/// Brings the index in step with what `tx` changed and commits (unless `dry_run`: then
/// dropping `tx` stores nothing).
fn finish(tx: Tx<'_>, dry_run: bool) -> Result<()> {
    sync_index(tx.conn())?;
    if !dry_run {
        tx.commit()?;
    }
    Ok(())
}

/// Imports every input into `store` as `user`, in one transaction: on any error nothing is
/// stored (nor with [`Plan::dry_run`]). Directories hold reports, tables, TMX and XLIFF
/// files; files are read as their name says ([`InputKind::of`](crate::input::InputKind::of))
/// unless the plan says otherwise, and as a plain-text report when the name says nothing.
pub fn run(
    store: &mut Store,
    user: &str,
    inputs: &[PathBuf],
    plan: &Plan,
    progress: &mut dyn Progress,
) -> Result<Summary> {
    let tx = store.begin_import(user)?;
    let mut summary = Summary::default();
    {
        let mut sink = Sink::new(&tx)?;
        for input in inputs {
            summary.merge(import_input(&mut sink, input, plan, progress)?);
        }
        sink.finish()?;
    }
    finish(tx, plan.dry_run)?;
    Ok(summary)
}

/// Adds one unit to `store` as `user`, or merges it into the unit with the same source;
/// returns the unit's id and what happened.
pub fn add(store: &mut Store, user: &str, unit: UnitInput) -> Result<(i64, Change)> {
    let unit = PreparedUnit::new(unit)?;
    let tx = store.begin(user)?;
    let done = {
        let mut sink = Sink::new(&tx)?;
        let done = sink.store(&unit)?;
        sink.finish()?;
        done
    };
    finish(tx, false)?;
    Ok(done)
}

/// Deletes unit `id` from `store` with its variants, provenance and props; false when there
/// is no such unit.
pub fn delete(store: &mut Store, user: &str, id: i64) -> Result<bool> {
    let mut tx = store.begin(user)?;
    let deleted = tx.delete_unit(id)?;
    finish(tx, false)?;
    Ok(deleted)
}
