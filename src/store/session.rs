//! A read session: one consistent snapshot of the TM for a whole command (a lookup batch, a
//! concordance, an analysis, a check, an export), however long it reads and whoever writes
//! meanwhile.

use rusqlite::Connection;

use super::read::Reader;
use super::{Access, Result, Stats, Store, StoreError, Unit};

/// How much of the TM file a session maps into memory: all of it, for any TM this tool
/// builds (SQLite caps it at its compile-time limit, raised to 1 TiB in
/// `.cargo/config.toml`: its default, 2 GB, left most of a 10M-unit TM to `pread`). Reads
/// through the map need no system call per page, which makes lookups over the postings
/// and units faster; mapping is lazy, so a session that reads a few pages pays for those
/// pages only (a 32-bit build, whose address space cannot hold the map, reads without it).
const MMAP_SIZE: i64 = 1 << 40;

impl Store {
    /// One consistent snapshot of the TM for reading (lookup, concordance, analyze, check,
    /// export): everything read through the session sees the TM as it was when the session
    /// started, even while another connection writes (the TM is in WAL mode). The snapshot
    /// is held until the session is dropped or [ended](Session::end); meanwhile the other
    /// connections' writes cannot be checkpointed past it, so keep sessions to one command.
    ///
    /// Fails when this connection is already inside a transaction.
    pub fn session(&self) -> Result<Session<'_>> {
        // A connection setting (it outlives the session): reads through a memory map.
        self.conn.pragma_update(None, "mmap_size", MMAP_SIZE)?;
        self.conn.execute_batch("BEGIN")?;
        let session = Session {
            reader: self.reader(),
            access: self.access,
            open: true,
        };
        // A deferred transaction takes its snapshot at its first read: read now, so the
        // snapshot is the one of this moment, not of the session's first query.
        self.conn
            .query_row("SELECT count(*) FROM sqlite_master", [], |_| Ok(()))?;
        Ok(session)
    }
}

/// A read transaction on the TM (see [`Store::session`]). Dropping it ends the transaction
/// (errors ignored); [`Session::end`] ends it and reports an error.
pub struct Session<'s> {
    reader: Reader<'s>,
    /// What the session's store may do with the TM.
    access: Access,
    /// Whether the transaction is still to be ended.
    open: bool,
}

impl Session<'_> {
    /// The unit with this id, with variants, provenance and props.
    pub fn unit(&self, id: i64) -> Result<Option<Unit>> {
        self.reader.unit(id)
    }

    /// Counts of units, documents and variants per language (the file sizes are read from
    /// the file system, outside the snapshot).
    pub fn stats(&self) -> Result<Stats> {
        self.reader.stats()
    }

    /// The id of the unit with this source (NFC-compared), if any.
    pub fn find_unit(&self, src_lang: &str, source: &str) -> Result<Option<i64>> {
        self.reader.find_unit(src_lang, source)
    }

    /// Calls `f` with every unit in id order, streaming: memory does not grow with TM size.
    pub fn for_each_unit<E, F>(&self, f: F) -> std::result::Result<(), E>
    where
        E: From<StoreError>,
        F: FnMut(Unit) -> std::result::Result<(), E>,
    {
        self.reader.for_each_unit(f)
    }

    /// The connection inside the session's read transaction, for the crate's readers that
    /// keep their own queries (the fuzzy index, the matcher, concordance): what they read
    /// is the session's snapshot. Only read through it; do not begin or end transactions.
    pub fn conn(&self) -> &Connection {
        self.reader.conn
    }

    /// What the store this session reads may do with the TM ([`Access::Unwritable`]: the
    /// TM cannot be written, so readers must not expect an index to be brought up to date).
    pub fn access(&self) -> Access {
        self.access
    }

    /// Ends the read transaction.
    pub fn end(mut self) -> Result<()> {
        self.open = false;
        self.reader.conn.execute_batch("COMMIT")?;
        Ok(())
    }
}

impl Drop for Session<'_> {
    fn drop(&mut self) {
        if self.open {
            let _ = self.reader.conn.execute_batch("COMMIT");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::test_units::unit;

    fn add(s: &mut Store, sources: &[&str]) {
        let mut tx = s.begin("t").unwrap();
        for src in sources {
            tx.upsert_unit(&unit(src, Some("Бір."))).unwrap();
        }
        tx.commit().unwrap();
    }

    #[test]
    fn a_session_sees_the_tm_as_it_was_when_it_started_while_another_connection_writes() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("tm.db");
        let mut writer = Store::open(&path).unwrap();
        add(&mut writer, &["One."]);
        let reader = Store::open(&path).unwrap();
        let session = reader.session().unwrap();
        // Written after the session started, before its first read of the units.
        add(&mut writer, &["Two.", "Three."]);
        assert_eq!(session.stats().unwrap().units, 1);
        assert_eq!(session.find_unit("en", "Two.").unwrap(), None);
        let mut seen = Vec::new();
        session
            .for_each_unit::<StoreError, _>(|u| {
                seen.push(u.source);
                Ok(())
            })
            .unwrap();
        assert_eq!(seen, ["One."]);
        // The connection given to the crate's readers sees the same snapshot.
        let n: i64 = session
            .conn()
            .query_row("SELECT count(*) FROM units", [], |r| r.get(0))
            .unwrap();
        assert_eq!(n, 1);
        session.end().unwrap();
        // Outside the session the reader sees the writes.
        assert_eq!(reader.stats().unwrap().units, 3);
        let two = reader.find_unit("en", "Two.").unwrap().expect("committed");
        let session = reader.session().unwrap();
        assert_eq!(session.unit(two).unwrap().unwrap().source, "Two.");
    }

    #[test]
    fn two_sessions_on_two_connections_read_at_once_each_its_own_snapshot() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("tm.db");
        let mut writer = Store::open(&path).unwrap();
        let (a, b) = (Store::open(&path).unwrap(), Store::open(&path).unwrap());
        let first = a.session().unwrap();
        add(&mut writer, &["One."]);
        let second = b.session().unwrap();
        add(&mut writer, &["Two."]);
        assert_eq!(first.stats().unwrap().units, 0);
        assert_eq!(second.stats().unwrap().units, 1);
        let one = second
            .find_unit("en", "One.")
            .unwrap()
            .expect("in the snapshot");
        assert_eq!(first.unit(one).unwrap(), None);
        assert_eq!(second.unit(one).unwrap().unwrap().source, "One.");
    }

    #[test]
    fn dropping_a_session_ends_its_read_transaction() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("tm.db");
        let mut writer = Store::open(&path).unwrap();
        let mut reader = Store::open(&path).unwrap();
        {
            let session = reader.session().unwrap();
            assert!(!session.conn().is_autocommit(), "inside a transaction");
            add(&mut writer, &["One."]);
            assert_eq!(session.stats().unwrap().units, 0);
        }
        assert!(
            reader.conn().is_autocommit(),
            "the session's transaction ended"
        );
        assert_eq!(reader.session().unwrap().stats().unwrap().units, 1);
        // The connection can write again.
        add(&mut reader, &["Two."]);
        assert_eq!(writer.stats().unwrap().units, 2);
    }

    #[test]
    #[cfg(target_pointer_width = "64")]
    fn a_session_maps_a_tm_larger_than_sqlites_default_limit() {
        let dir = tempfile::tempdir().unwrap();
        let s = Store::open(&dir.path().join("tm.db")).unwrap();
        let _session = s.session().unwrap();
        // SQLite answers with the size it will map, capped at its compile-time limit
        // (2 GB unless the build raises it): a TM of 10M units is 9–10 GB.
        let mapped: i64 = s
            .conn
            .query_row("PRAGMA mmap_size", [], |r| r.get(0))
            .unwrap();
        assert_eq!(mapped, MMAP_SIZE);
        assert!(mapped >= 16 << 30);
    }

    #[test]
    fn a_session_cannot_start_inside_a_transaction_of_its_connection() {
        let s = Store::open_in_memory().unwrap();
        let session = s.session().unwrap();
        assert!(s.session().is_err(), "one session per connection at a time");
        drop(session);
        s.session().unwrap().end().unwrap();
    }

    #[test]
    fn a_session_reads_what_the_store_reads() {
        let mut s = Store::open_in_memory().unwrap();
        add(&mut s, &["One.", "Two."]);
        let two = s.find_unit("en", "Two.").unwrap().unwrap();
        let (unit, stats) = (s.unit(two).unwrap(), s.stats().unwrap());
        let session = s.session().unwrap();
        assert_eq!(session.find_unit("EN", "Two.").unwrap(), Some(two));
        assert_eq!(session.unit(two).unwrap(), unit);
        let st = session.stats().unwrap();
        assert_eq!(
            (st.units, st.languages, st.db_bytes, st.schema_version),
            (
                stats.units,
                stats.languages,
                stats.db_bytes,
                stats.schema_version
            )
        );
    }
}
