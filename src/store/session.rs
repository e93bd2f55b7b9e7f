//! A read session: one consistent snapshot of the TM for a whole command (a lookup batch, a
//! concordance, an analysis, a check, an export), however long it reads and whoever writes
//! meanwhile.

use std::sync::mpsc;
use std::thread::JoinHandle;

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
            twin: None,
        };
        // A deferred transaction takes its snapshot at its first read: read now, so the
        // snapshot is the one of this moment, not of the session's first query.
        self.conn
            .query_row("SELECT count(*) FROM sqlite_master", [], |_| Ok(()))?;
        Ok(session)
    }

    /// [`Store::session`] with a twin: a second read connection on the **same snapshot**,
    /// served by a thread of its own ([`Session::twin`]), so that a long read (a slow
    /// lookup) can be shared between two cores. The twin reads `PRAGMA data_version`, the
    /// session begins its snapshot, the twin begins its own and reads `data_version` again:
    /// equal, no other connection committed between the two reads, so both snapshots are
    /// the TM of one moment. Otherwise (or when the twin cannot be opened) the session has
    /// no twin, and reads on its one connection as [`Store::session`]'s does.
    ///
    /// No twin for a TM in memory (a second connection would open another database), a TM
    /// that cannot be written (read as immutable), or a machine of one core.
    pub fn session_with_twin(&self) -> Result<Session<'_>> {
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
        if cores < 2 || self.in_memory() || self.access == Access::Unwritable {
            return self.session();
        }
        // The twin is a help, not a need: a TM it cannot open is read on one connection.
        let Ok(twin) = self.reading_connection() else {
            return self.session();
        };
        let Ok(before) = data_version(&twin) else {
            return self.session();
        };
        let mut session = self.session()?;
        if begin_snapshot(&twin).is_ok() {
            if data_version(&twin).is_ok_and(|after| after == before) {
                session.twin = Twin::start(twin);
            } else {
                let _ = twin.execute_batch("COMMIT");
            }
        }
        Ok(session)
    }
}

/// The TM's `PRAGMA data_version` as `conn` sees it: it changes when another connection
/// commits a change.
fn data_version(conn: &Connection) -> rusqlite::Result<i64> {
    conn.query_row("PRAGMA data_version", [], |r| r.get(0))
}

/// Begins a read transaction on `conn` and takes its snapshot now (a deferred transaction
/// takes it at its first read).
fn begin_snapshot(conn: &Connection) -> rusqlite::Result<()> {
    conn.pragma_update(None, "mmap_size", MMAP_SIZE)?;
    conn.execute_batch("BEGIN")?;
    conn.query_row("SELECT count(*) FROM sqlite_master", [], |_| Ok(()))
}

/// Work for a [`Twin`]: a function reading its connection (inside the session's snapshot).
pub(crate) type TwinJob = Box<dyn FnOnce(&Connection) + Send>;

/// A session's twin ([`Store::session_with_twin`]): a second connection on the session's
/// snapshot, owned by a thread that runs the jobs given to it ([`Twin::run`]) one after the
/// other. Dropping the twin ends its thread once the jobs given are run, and with it the
/// twin's read transaction.
pub(crate) struct Twin {
    jobs: Option<mpsc::Sender<TwinJob>>,
    thread: Option<JoinHandle<()>>,
}

impl Twin {
    /// Starts the thread owning `conn` (inside its read transaction); `None` when no thread
    /// can be started.
    fn start(conn: Connection) -> Option<Twin> {
        let (jobs, queue) = mpsc::channel::<TwinJob>();
        let thread = std::thread::Builder::new()
            .name("tmkit-twin".into())
            .spawn(move || {
                for job in queue {
                    job(&conn);
                }
                let _ = conn.execute_batch("COMMIT");
            })
            .ok()?;
        Some(Twin {
            jobs: Some(jobs),
            thread: Some(thread),
        })
    }

    /// Gives `job` to the twin's thread, to run after the jobs given before; `false` when
    /// the thread is gone (a job panicked), and `job` will not run.
    pub(crate) fn run(&self, job: TwinJob) -> bool {
        self.jobs.as_ref().is_some_and(|j| j.send(job).is_ok())
    }
}

impl Drop for Twin {
    fn drop(&mut self) {
        // The queue closes: the thread runs what it holds, ends its transaction and stops.
        self.jobs = None;
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
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
    /// A second connection on the same snapshot ([`Store::session_with_twin`]).
    twin: Option<Twin>,
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

    /// Whether the session has a twin ([`Store::session_with_twin`]): a second connection
    /// on its snapshot, for reads shared between two threads.
    pub fn has_twin(&self) -> bool {
        self.twin.is_some()
    }

    /// The session's twin, if it has one.
    pub(crate) fn twin(&self) -> Option<&Twin> {
        self.twin.as_ref()
    }

    /// Ends the read transaction (and the twin's).
    pub fn end(mut self) -> Result<()> {
        self.open = false;
        self.twin = None;
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

    /// The number of units the twin of `session` sees.
    fn twin_units(session: &Session<'_>) -> i64 {
        let (tx, rx) = mpsc::channel();
        let twin = session.twin().expect("a twin");
        assert!(twin.run(Box::new(move |conn| {
            let n = conn.query_row("SELECT count(*) FROM units", [], |r| r.get::<_, i64>(0));
            let _ = tx.send(n.unwrap());
        })));
        rx.recv().unwrap()
    }

    fn two_cores() -> bool {
        std::thread::available_parallelism().is_ok_and(|n| n.get() >= 2)
    }

    #[test]
    fn a_twin_reads_the_snapshot_of_its_session_while_another_connection_writes() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("tm.db");
        let mut writer = Store::open(&path).unwrap();
        add(&mut writer, &["One."]);
        let reader = Store::open_read_only(&path).unwrap();
        let session = reader.session_with_twin().unwrap();
        if !two_cores() {
            assert!(!session.has_twin(), "no twin on one core");
            return;
        }
        assert!(session.has_twin());
        add(&mut writer, &["Two.", "Three."]);
        assert_eq!(session.stats().unwrap().units, 1);
        assert_eq!(twin_units(&session), 1);
        session.end().unwrap();
        // Both transactions ended: the next session sees the writes, on both connections.
        let session = reader.session_with_twin().unwrap();
        assert_eq!(session.stats().unwrap().units, 3);
        assert_eq!(twin_units(&session), 3);
        drop(session);
        assert!(reader.conn().is_autocommit());
        add(&mut writer, &["Four."]);
    }

    #[test]
    fn a_write_committed_while_a_twin_starts_is_seen_by_neither_or_both() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("tm.db");
        let mut writer = Store::open(&path).unwrap();
        add(&mut writer, &["Zero."]);
        let reader = Store::open(&path).unwrap();
        let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
        let writing = {
            let stop = stop.clone();
            std::thread::spawn(move || {
                let mut i = 0;
                while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                    let text = format!("Unit {i}.");
                    add(&mut writer, &[text.as_str()]);
                    i += 1;
                }
                i
            })
        };
        let (mut twins, mut seen) = (0, std::collections::BTreeSet::new());
        for _ in 0..300 {
            let session = reader.session_with_twin().unwrap();
            let units = session.stats().unwrap().units as i64;
            seen.insert(units);
            if session.has_twin() {
                twins += 1;
                assert_eq!(twin_units(&session), units, "one snapshot");
            }
        }
        stop.store(true, std::sync::atomic::Ordering::Relaxed);
        let written = writing.join().unwrap();
        assert!(written > 0 && seen.len() > 1, "the TM changed meanwhile");
        assert!(!two_cores() || twins > 0, "some sessions have a twin");
    }

    #[test]
    fn no_twin_for_a_tm_in_memory_or_one_that_cannot_be_written() {
        let mut s = Store::open_in_memory().unwrap();
        add(&mut s, &["One."]);
        let session = s.session_with_twin().unwrap();
        assert!(!session.has_twin());
        assert_eq!(session.stats().unwrap().units, 1);
        drop(session);
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("tm.db");
        add(&mut Store::open(&path).unwrap(), &["One."]);
        let s = Store::open_unwritable(&path, crate::store::silent).unwrap();
        let session = s.session_with_twin().unwrap();
        assert!(!session.has_twin());
        assert_eq!(session.stats().unwrap().units, 1);
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
