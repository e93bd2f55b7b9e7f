//! Read sessions for lookups and concordances: the TM's snapshot ([`Session`]) taken once
//! the index the command reads covers every unit, so nothing in the snapshot is missed.
//!
//! Bringing an index up to date is the only write, and it happens only when units were
//! added or deleted since the index was last brought up to date, in write transactions of
//! its own ([`Store::catch_up`]), also on a store opened for reading. The concordance
//! tables are filled a batch of rows per transaction, so that the first concordance after
//! a large import never keeps other writers waiting for long. The check is repeated inside
//! the snapshot: a unit another process adds between the update and the snapshot sends the
//! session back for one more update.
//!
//! A TM that cannot be written ([`Access::Unwritable`]: a read-only medium) is read as it
//! is: a lookup on it whose token index is behind scores every unit instead (as
//! `--exhaustive` does: the same matches, more slowly); a concordance on it whose tables are
//! behind builds tables of its own for the command, in a temporary file.

use rusqlite::Connection;

use super::FuzzyError;
use crate::index::{self, fts, IndexError, FTS_BATCH_ROWS};
use crate::store::{Access, Session, Store};

/// How many snapshots are taken, at most, while other processes keep adding units.
const ATTEMPTS: usize = 5;

/// An index a read session needs in step with the TM.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Needed {
    /// The fuzzy-match token index (lookups, analyses).
    Tokens,
    /// The concordance tables (FTS5).
    Concordance,
}

/// How a reader finds the units of a session's snapshot ([`Needed::check`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Coverage {
    /// The index covers every unit.
    Indexed,
    /// The index is behind and the TM cannot be written: read every unit instead.
    ScanAll,
}

impl Needed {
    /// The index's name in messages.
    pub(crate) fn name(self) -> &'static str {
        match self {
            Needed::Tokens => "fuzzy-match",
            Needed::Concordance => "concordance",
        }
    }

    fn behind(self, conn: &Connection) -> Result<bool, IndexError> {
        match self {
            Needed::Tokens => index::needs_sync(conn),
            Needed::Concordance => index::fts_needs_sync(conn),
        }
    }

    /// Brings the index up to date: the token index in one write transaction (imports
    /// keep it in step, so this is rare), the concordance tables a batch of rows per write
    /// transaction.
    fn update(self, store: &Store, progress: &mut dyn UpdateProgress) -> Result<(), FuzzyError> {
        match self {
            Needed::Tokens => {
                // Imports keep the index in step: a large update is an index built anew
                // (a TM upgraded to a new index layout), worth saying so.
                let total = index::units_to_index(store.conn())?;
                if total >= ANNOUNCE_TOKENS {
                    progress.start(total);
                }
                store.catch_up(|conn| index::sync_index(conn).map_err(FuzzyError::from))?;
                if total >= ANNOUNCE_TOKENS {
                    progress.advance(total, total);
                }
            }
            Needed::Concordance => {
                let total = index::fts_rows_behind(store.conn())?;
                progress.start(total);
                let mut done = 0u64;
                loop {
                    let n = store.catch_up(|conn| {
                        index::sync_fts_batch(conn, FTS_BATCH_ROWS).map_err(FuzzyError::from)
                    })?;
                    if n == 0 {
                        break;
                    }
                    done += n as u64;
                    progress.advance(done, total.max(done));
                }
            }
        }
        Ok(())
    }

    /// How the session's snapshot is to be read: fails when it holds units the index does
    /// not cover (a session not opened by this module's functions, on a TM changed since
    /// its index was updated), unless the TM cannot be written and the token index is the
    /// one behind ([`Coverage::ScanAll`]).
    pub(crate) fn check(self, session: &Session<'_>) -> Result<Coverage, FuzzyError> {
        if !self.behind(session.conn())? {
            return Ok(Coverage::Indexed);
        }
        if self == Needed::Tokens && session.access() == Access::Unwritable {
            return Ok(Coverage::ScanAll);
        }
        Err(FuzzyError::IndexBehind(self.name()))
    }
}

/// Updates of the token index of at least this many units are told to the
/// [`UpdateProgress`] of [`lookup_session_with_progress`].
const ANNOUNCE_TOKENS: u64 = 20_000;

/// A read session for lookups and analyses: the fuzzy-match index is brought up to date
/// first when it must be (on a TM that cannot be written, lookups score every unit instead).
pub fn lookup_session(store: &Store) -> Result<Session<'_>, FuzzyError> {
    in_step(store, Needed::Tokens, &mut Started(None::<fn()>))
}

/// [`lookup_session`] with a twin when it can have one ([`Store::session_with_twin`]: a
/// second connection on the same snapshot, with a thread of its own), so that the slow
/// lookups of a [`Matcher`](crate::fuzzy::Matcher) asked to split them
/// ([`Matcher::split_after`](crate::fuzzy::Matcher::split_after)) read on two cores. For a
/// batch of lookups: opening the twin costs a connection.
pub fn lookup_session_split(store: &Store) -> Result<Session<'_>, FuzzyError> {
    in_step_with(store, Needed::Tokens, &mut Started(None::<fn()>), true)
}

/// [`lookup_session_split`], telling `progress` of a large index update as
/// [`lookup_session_with_progress`] does.
pub fn lookup_session_split_with_progress<'s>(
    store: &'s Store,
    progress: &mut dyn UpdateProgress,
) -> Result<Session<'s>, FuzzyError> {
    in_step_with(store, Needed::Tokens, progress, true)
}

/// [`lookup_session`], telling `progress` when the index update is large (20,000 units or
/// more: the index built anew after an upgrade changed its layout); it is one transaction,
/// so `progress` hears of its start and its end.
pub fn lookup_session_with_progress<'s>(
    store: &'s Store,
    progress: &mut dyn UpdateProgress,
) -> Result<Session<'s>, FuzzyError> {
    in_step(store, Needed::Tokens, progress)
}

/// A read session for concordances: the concordance tables are brought up to date first
/// when they must be (they are filled lazily, on the first concordance after an import,
/// so that imports do not pay for them; on a TM that cannot be written, in a temporary file for this
/// connection); `before_update` is called before that work.
pub fn concordance_session(
    store: &Store,
    before_update: impl FnOnce(),
) -> Result<Session<'_>, FuzzyError> {
    let mut progress = Started(Some(before_update));
    in_step(store, Needed::Concordance, &mut progress)
}

/// [`concordance_session`] reporting the progress of the update (the first concordance
/// after a large import adds every new row, a batch per write transaction: other writers
/// wait for one batch at most, never for the whole build).
pub fn concordance_session_with_progress<'s>(
    store: &'s Store,
    progress: &mut dyn UpdateProgress,
) -> Result<Session<'s>, FuzzyError> {
    in_step(store, Needed::Concordance, progress)
}

/// Told how an index update advances (a progress bar).
pub trait UpdateProgress {
    /// The update starts; about `total` rows to add (0 when unknown).
    fn start(&mut self, total: u64);
    /// `done` of `total` rows added so far.
    fn advance(&mut self, done: u64, total: u64);
}

/// An [`UpdateProgress`] that only calls a function when the update starts.
struct Started<F: FnOnce()>(Option<F>);

impl<F: FnOnce()> UpdateProgress for Started<F> {
    fn start(&mut self, _total: u64) {
        if let Some(f) = self.0.take() {
            f();
        }
    }

    fn advance(&mut self, _done: u64, _total: u64) {}
}

fn in_step<'s>(
    store: &'s Store,
    needed: Needed,
    progress: &mut dyn UpdateProgress,
) -> Result<Session<'s>, FuzzyError> {
    in_step_with(store, needed, progress, false)
}

/// [`in_step`], the session with a twin when `twin` and it can have one.
fn in_step_with<'s>(
    store: &'s Store,
    needed: Needed,
    progress: &mut dyn UpdateProgress,
    twin: bool,
) -> Result<Session<'s>, FuzzyError> {
    for _ in 0..ATTEMPTS {
        let session = if twin {
            store.session_with_twin()?
        } else {
            store.session()?
        };
        if !needed.behind(session.conn())? {
            return Ok(session);
        }
        if store.access() == Access::Unwritable {
            // Read without writing, within this snapshot.
            if needed == Needed::Concordance {
                progress.start(0);
                fts::index_in_temp_file(session.conn())?;
            }
            return Ok(session);
        }
        session.end()?;
        needed.update(store, progress)?;
    }
    Err(FuzzyError::KeepsChanging(needed.name()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::UnitInput;

    fn add(s: &mut Store, source: &str) {
        let mut tx = s.begin("t").unwrap();
        tx.upsert_unit(&UnitInput {
            src_lang: "en".into(),
            source: source.into(),
            ..Default::default()
        })
        .unwrap();
        tx.commit().unwrap();
    }

    #[test]
    fn a_session_brings_its_index_in_step_only_when_units_changed() {
        let mut s = Store::open_in_memory().unwrap();
        add(&mut s, "Police detained activists.");
        assert!(index::needs_sync(s.conn()).unwrap());
        let session = lookup_session(&s).unwrap();
        assert!(!index::needs_sync(session.conn()).unwrap());
        Needed::Tokens.check(&session).unwrap();
        session.end().unwrap();

        let mut updates = 0;
        concordance_session(&s, || updates += 1)
            .unwrap()
            .end()
            .unwrap();
        concordance_session(&s, || updates += 1)
            .unwrap()
            .end()
            .unwrap();
        assert_eq!(updates, 1, "the second session finds the tables in step");
        add(&mut s, "Officials declined to comment.");
        let session = concordance_session(&s, || updates += 1).unwrap();
        assert_eq!(updates, 2);
        Needed::Concordance.check(&session).unwrap();
    }

    #[test]
    fn the_concordance_update_reports_its_progress_batch_by_batch() {
        struct Seen(Vec<(u64, u64)>);
        impl UpdateProgress for Seen {
            fn start(&mut self, total: u64) {
                self.0.push((0, total));
            }
            fn advance(&mut self, done: u64, total: u64) {
                self.0.push((done, total));
            }
        }
        let mut s = Store::open_in_memory().unwrap();
        let mut tx = s.begin("t").unwrap();
        let rows = FTS_BATCH_ROWS + 5;
        for i in 0..rows {
            tx.upsert_unit(&UnitInput {
                src_lang: "en".into(),
                source: format!("Sentence {i}."),
                ..Default::default()
            })
            .unwrap();
        }
        tx.commit().unwrap();
        let mut seen = Seen(Vec::new());
        concordance_session_with_progress(&s, &mut seen)
            .unwrap()
            .end()
            .unwrap();
        let n = rows as u64;
        assert_eq!(
            seen.0,
            [(0, n), (FTS_BATCH_ROWS as u64, n), (n, n)],
            "started, then one step per batch"
        );
    }

    #[test]
    fn a_plain_session_on_a_changed_tm_is_refused() {
        let mut s = Store::open_in_memory().unwrap();
        add(&mut s, "Police detained activists.");
        let session = s.session().unwrap();
        assert!(matches!(
            Needed::Tokens.check(&session),
            Err(FuzzyError::IndexBehind("fuzzy-match"))
        ));
        assert!(matches!(
            Needed::Concordance.check(&session),
            Err(FuzzyError::IndexBehind("concordance"))
        ));
    }

    #[test]
    fn on_a_tm_that_cannot_be_written_sessions_read_every_unit_without_writing() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("tm.db");
        {
            // Units stored, neither index brought up to date.
            let mut w = Store::open(&path).unwrap();
            add(&mut w, "Police detained activists.");
            add(&mut w, "Officials declined to comment.");
        }
        let before = std::fs::read(&path).unwrap();
        let s = Store::open_unwritable(&path, crate::store::silent).unwrap();

        let session = lookup_session(&s).unwrap();
        assert!(index::needs_sync(session.conn()).unwrap(), "still behind");
        assert_eq!(Needed::Tokens.check(&session).unwrap(), Coverage::ScanAll);
        let mut m = crate::fuzzy::Matcher::new(&session).unwrap();
        let found = m
            .lookup("Police detained activists.", &Default::default())
            .unwrap();
        assert_eq!(found.len(), 1);
        assert_eq!((found[0].score, found[0].unit.id), (100, 1));
        drop(m);
        session.end().unwrap();

        let mut updates = 0;
        let session = concordance_session(&s, || updates += 1).unwrap();
        assert_eq!(
            Needed::Concordance.check(&session).unwrap(),
            Coverage::Indexed
        );
        let hits = crate::fuzzy::concordance(&session, "declined", None, 0).unwrap();
        assert_eq!(hits.iter().map(|h| h.unit.id).collect::<Vec<_>>(), [2]);
        session.end().unwrap();
        // The temporary tables serve the connection's next sessions too.
        concordance_session(&s, || updates += 1)
            .unwrap()
            .end()
            .unwrap();
        assert_eq!(updates, 1);
        drop(s);
        assert_eq!(std::fs::read(&path).unwrap(), before, "nothing written");
    }
}
