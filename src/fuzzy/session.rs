//! Read sessions for lookups and concordances: the TM's snapshot ([`Session`]) taken once
//! the index the command reads covers every unit, so nothing in the snapshot is missed.
//!
//! Bringing an index up to date is the only write, and it happens only when units were
//! added or deleted since the index was last brought up to date, in a write transaction of
//! its own ([`Store::catch_up`]), also on a store opened for reading. The check is repeated
//! inside the snapshot: a unit another process adds between the update and the snapshot
//! sends the session back for one more update.

use rusqlite::Connection;

use super::FuzzyError;
use crate::index::{self, IndexError};
use crate::store::{Session, Store};

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

    fn update(self, conn: &Connection) -> Result<(), IndexError> {
        match self {
            Needed::Tokens => index::sync_index(conn).map(drop),
            Needed::Concordance => index::sync_fts(conn).map(drop),
        }
    }

    /// Fails when the session's snapshot holds units the index does not cover (a session
    /// not opened by this module's functions, on a TM changed since its index was updated).
    pub(crate) fn check(self, session: &Session<'_>) -> Result<(), FuzzyError> {
        if self.behind(session.conn())? {
            return Err(FuzzyError::IndexBehind(self.name()));
        }
        Ok(())
    }
}

/// A read session for lookups and analyses: the fuzzy-match index is brought up to date
/// first when it must be.
pub fn lookup_session(store: &Store) -> Result<Session<'_>, FuzzyError> {
    in_step(store, Needed::Tokens, || {})
}

/// A read session for concordances: the concordance tables are brought up to date first
/// when they must be (they are filled lazily, on the first concordance after an import,
/// so that imports do not pay for them); `before_update` is called before that work.
pub fn concordance_session(
    store: &Store,
    before_update: impl FnOnce(),
) -> Result<Session<'_>, FuzzyError> {
    in_step(store, Needed::Concordance, before_update)
}

fn in_step(
    store: &Store,
    needed: Needed,
    before_update: impl FnOnce(),
) -> Result<Session<'_>, FuzzyError> {
    let mut before_update = Some(before_update);
    for _ in 0..ATTEMPTS {
        let session = store.session()?;
        if !needed.behind(session.conn())? {
            return Ok(session);
        }
        session.end()?;
        if let Some(f) = before_update.take() {
            f();
        }
        store.catch_up(|conn| needed.update(conn).map_err(FuzzyError::from))?;
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
}
