//! Opening a TM, for writing (creating it if needed) or for reading (also on a read-only
//! medium): the connection's settings, bringing the schema up to date (once, whoever else
//! opens the TM at the same moment), and starting write transactions (with the switch to a
//! rollback journal for an import into an empty TM).

use std::path::{Path, PathBuf};

use rusqlite::{Connection, DatabaseName, OpenFlags, Transaction, TransactionBehavior};

use super::migrations::{self, migrate, not_too_new};
use super::wait::{silent, waiting, WaitNotice, LOCK_WAIT};
use super::{Result, StoreError, Tx};

/// Page size of a new TM database.
const PAGE_SIZE: i64 = 32_768;
/// The page cache of a connection, in KiB ([`Store::cap_page_cache`]).
const CACHE_KIB: i64 = 65_536;
/// The page cache of a connection while it imports, in KiB ([`ImportCache`]).
const IMPORT_CACHE_KIB: i64 = 262_144;

/// The reason a TM that cannot be written gives.
const UNWRITABLE: &str = "its file or its folder cannot be written";
/// The reason a store opened for reading gives when asked to write.
const OPENED_FOR_READING: &str = "opened for reading";

/// The translation memory database: one connection to it. Read through a
/// [`session`](Store::session) for one consistent snapshot; write through a transaction
/// ([`begin`](Store::begin), [`begin_import`](Store::begin_import)).
pub struct Store {
    pub(super) conn: Connection,
    pub(super) path: PathBuf,
    pub(super) access: Access,
    /// Called when this store starts waiting for another process.
    notice: WaitNotice,
}

/// How to open a TM ([`Store::open_as`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// For reading and writing, creating the TM when the file does not exist.
    Create,
    /// For reading and writing an existing TM.
    Existing,
    /// For reading an existing TM, also on a read-only medium.
    Read,
}

/// What a [`Store`] may do with its TM.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// Read and write.
    Write,
    /// Read a TM that could be written: SQLite refuses every write on the connection
    /// (`PRAGMA query_only`), except the short transactions in which a read session brings
    /// an index up to date (`Store::catch_up`).
    Read,
    /// Read a TM that cannot be written, its file or its folder being read-only (an
    /// archive disk, another user's TM): the connection is opened with
    /// `SQLITE_OPEN_READONLY`, and, when no write-ahead log is in use, as `immutable`, so
    /// that SQLite creates no file beside the TM. Indexes that are behind the TM are not
    /// brought up to date: lookups score every unit, concordances index in memory.
    Unwritable,
}

impl Store {
    /// Opens (creating if needed) the TM at `path` for writing and brings its schema up to
    /// date.
    pub fn open(path: &Path) -> Result<Store> {
        Self::open_as(path, Mode::Create, silent)
    }

    /// Opens an existing TM for writing; fails when the file does not exist (never creates
    /// one).
    pub fn open_existing(path: &Path) -> Result<Store> {
        Self::open_as(path, Mode::Existing, silent)
    }

    /// Opens an existing TM for reading ([`Access::Read`], or [`Access::Unwritable`] when
    /// the TM or its folder cannot be written). Nothing is written to the TM, except that a
    /// TM of an older schema is upgraded (which fails when it cannot be written) and that
    /// read sessions may bring its indexes up to date.
    pub fn open_read_only(path: &Path) -> Result<Store> {
        Self::open_as(path, Mode::Read, silent)
    }

    /// Opens the TM at `path` as `mode` says. When another process holds the TM (creating or
    /// upgrading it, or importing into a new TM), waits for it up to
    /// [`LOCK_WAIT`](super::LOCK_WAIT), calling `notice` once first; `notice` is also called
    /// when a later write of this store has to wait.
    pub fn open_as(path: &Path, mode: Mode, notice: WaitNotice) -> Result<Store> {
        let open_err = |source| StoreError::Open {
            path: path.to_path_buf(),
            source,
        };
        let flags = match mode {
            Mode::Create => OpenFlags::default(),
            Mode::Existing | Mode::Read => {
                OpenFlags::SQLITE_OPEN_READ_WRITE
                    | OpenFlags::SQLITE_OPEN_URI
                    | OpenFlags::SQLITE_OPEN_NO_MUTEX
            }
        };
        // When the file cannot be opened for writing, SQLite opens it read-only.
        let conn = Connection::open_with_flags(path, flags).map_err(open_err)?;
        let unwritable = conn.is_readonly(DatabaseName::Main).map_err(open_err)?;
        let access = if mode == Mode::Read {
            Access::Read
        } else {
            Access::Write
        };
        if !unwritable {
            let mut store = Store {
                conn,
                path: path.to_path_buf(),
                access,
                notice,
            };
            match store.configure() {
                Ok(()) => {
                    if access == Access::Read {
                        store
                            .conn
                            .pragma_update(None, "query_only", true)
                            .map_err(open_err)?;
                    }
                    return Ok(store);
                }
                // The folder cannot hold the write-ahead log's files.
                Err(e) if e.is_read_only() => {}
                Err(e) => return Err(e),
            }
        }
        match mode {
            Mode::Read => Self::open_unwritable(path, notice),
            Mode::Create | Mode::Existing => Err(StoreError::ReadOnly {
                path: path.to_path_buf(),
                why: UNWRITABLE,
            }),
        }
    }

    /// Opens a TM that cannot be written, for reading ([`Access::Unwritable`]).
    pub(crate) fn open_unwritable(path: &Path, notice: WaitNotice) -> Result<Store> {
        let open_err = |source| StoreError::Open {
            path: path.to_path_buf(),
            source,
        };
        let flags = OpenFlags::SQLITE_OPEN_READ_ONLY
            | OpenFlags::SQLITE_OPEN_URI
            | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        // Reading a TM in WAL mode takes its `-shm` file. While a write-ahead log is in use
        // (another process has the TM open, or crashed with it open), both files exist and
        // SQLite reads them as they are. Otherwise the TM file holds everything and is read
        // as immutable: SQLite then creates no `-wal`/`-shm` file, which a read-only folder
        // could not hold, and which, left in a shared folder by another user, would stop
        // the owner from writing the TM.
        let conn = if wal_in_use(path) {
            Connection::open_with_flags(path, flags)
        } else {
            Connection::open_with_flags(immutable_uri(path).map_err(open_err)?, flags)
        }
        .map_err(open_err)?;
        let store = Store {
            conn,
            path: path.to_path_buf(),
            access: Access::Unwritable,
            notice,
        };
        store.settings().map_err(open_err)?;
        // What this connection builds for itself (the concordance tables of a TM whose
        // tables are behind, `index::fts`) goes to a temporary file read through a bounded
        // page cache, not to memory: it grows with the TM.
        store
            .conn
            .pragma_update(None, "temp_store", "FILE")
            .and_then(|()| {
                store
                    .conn
                    .pragma_update(Some(rusqlite::DatabaseName::Temp), "cache_size", -16_384)
            })
            .map_err(open_err)?;
        let found = waiting(&store.conn, path, notice, migrations::version)?;
        not_too_new(path, found)?;
        if found < migrations::supported() {
            return Err(StoreError::Migration {
                path: path.to_path_buf(),
                version: migrations::supported(),
                message: "the TM cannot be written (read-only file or folder); open it once \
                          where it can be written"
                    .into(),
            });
        }
        Ok(store)
    }

    /// A fresh TM in memory (tests, benchmarks).
    pub fn open_in_memory() -> Result<Store> {
        let conn = Connection::open_in_memory()?;
        let mut store = Store {
            conn,
            path: PathBuf::from(":memory:"),
            access: Access::Write,
            notice: silent,
        };
        store.configure()?;
        Ok(store)
    }

    pub(super) fn in_memory(&self) -> bool {
        self.path == Path::new(":memory:")
    }

    /// A second connection to this store's TM for reading only (a read session's twin,
    /// `Store::session_with_twin`): the settings of this one (lock wait, page cache), and
    /// no write accepted (`query_only`). Not for an in-memory TM (another connection would
    /// open another database) nor for one read as immutable.
    pub(super) fn reading_connection(&self) -> rusqlite::Result<Connection> {
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let conn = Connection::open_with_flags(&self.path, flags)?;
        conn.busy_timeout(LOCK_WAIT)?;
        conn.pragma_update(None, "cache_size", -CACHE_KIB)?;
        conn.pragma_update(None, "query_only", true)?;
        Ok(conn)
    }

    /// The connection's own settings (none of them writes).
    fn settings(&self) -> rusqlite::Result<()> {
        self.conn.busy_timeout(LOCK_WAIT)?;
        self.conn.pragma_update(None, "synchronous", "NORMAL")?;
        self.cap_page_cache()?;
        self.conn.pragma_update(None, "temp_store", "MEMORY")
    }

    /// A 64 MiB page cache (in bytes, whatever the page size) keeps the source-key index
    /// hot during large imports; it is a fixed cap, so memory does not grow with the size
    /// of the TM or of an input.
    ///
    /// SQLite turns the size in bytes into a number of pages with the page size of the
    /// moment, and keeps that number when the page size changes: set before a new TM's
    /// 32 KiB pages, it allowed 16,000 pages (512 MiB, the ~700 MB peak RSS of every large
    /// import into a new TM). So it is set again once the page size is.
    fn cap_page_cache(&self) -> rusqlite::Result<()> {
        self.conn.pragma_update(None, "cache_size", -CACHE_KIB)
    }

    fn configure(&mut self) -> Result<()> {
        let open_err = |source| StoreError::Open {
            path: self.path.clone(),
            source,
        };
        self.settings().map_err(open_err)?;
        // Migrations that rebuild a table run with foreign keys off (else dropping the old
        // table would cascade); they are checked before foreign keys go back on.
        self.conn
            .pragma_update(None, "foreign_keys", "OFF")
            .map_err(open_err)?;
        self.bring_up_to_date()?;
        self.conn
            .pragma_update(None, "foreign_keys", "ON")
            .map_err(|source| StoreError::Open {
                path: self.path.clone(),
                source,
            })
    }

    /// Brings the schema up to date ([`migrate`]) and puts the TM in WAL mode. Reads first,
    /// without a lock: a TM already up to date (every open but the first after an upgrade)
    /// is not locked at all.
    fn bring_up_to_date(&mut self) -> Result<()> {
        let (conn, path, notice) = (&self.conn, self.path.as_path(), self.notice);
        let (found, wal) = waiting(conn, path, notice, |c| {
            let found = migrations::version(c)?;
            let mode: String = c.query_row("PRAGMA journal_mode", [], |r| r.get(0))?;
            Ok((found, mode.eq_ignore_ascii_case("wal")))
        })?;
        not_too_new(path, found)?;
        if found < migrations::supported() {
            // 32 KiB pages for a new TM: bulk imports run ~20% faster than with 4 KiB pages
            // (fewer B-tree splits and WAL frames per unit; measured with `cargo bench
            // --bench import`). The page size of an existing TM stays as it is (setting it
            // changes nothing once the file has pages).
            let fresh: i64 =
                conn.query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get(0))?;
            if fresh == 0 {
                conn.pragma_update(None, "page_size", PAGE_SIZE)?;
                self.cap_page_cache()?;
            }
            migrate(conn, path, notice)?;
        }
        if !wal && !self.in_memory() {
            waiting(conn, path, notice, |c| {
                c.pragma_update_and_check(None, "journal_mode", "WAL", |r| r.get::<_, String>(0))
            })?;
        }
        Ok(())
    }

    /// The database file's path (`:memory:` for in-memory stores).
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// What this store may do with its TM.
    pub fn access(&self) -> Access {
        self.access
    }

    /// The underlying connection, for the index and reports built on the TM.
    pub fn conn(&self) -> &Connection {
        &self.conn
    }

    /// Fails unless this store was opened for writing.
    fn writable(&self) -> Result<()> {
        let why = match self.access {
            Access::Write => return Ok(()),
            Access::Read => OPENED_FOR_READING,
            Access::Unwritable => UNWRITABLE,
        };
        Err(StoreError::ReadOnly {
            path: self.path.clone(),
            why,
        })
    }

    /// `BEGIN IMMEDIATE`: takes the TM's write lock, waiting for another writer (see
    /// [`Store::open_as`]).
    fn lock_for_writing(&self) -> Result<Transaction<'_>> {
        waiting(&self.conn, &self.path, self.notice, |_| {
            Transaction::new_unchecked(&self.conn, TransactionBehavior::Immediate)
        })
        .map_err(|e| self.read_only_or(e))
    }

    /// [`StoreError::ReadOnly`] when SQLite refused because the TM cannot be written, else
    /// `e`.
    fn read_only_or(&self, e: StoreError) -> StoreError {
        if e.is_read_only() {
            StoreError::ReadOnly {
                path: self.path.clone(),
                why: UNWRITABLE,
            }
        } else {
            e
        }
    }

    /// Starts a write transaction; nothing is stored unless it is committed. Waits while
    /// another process writes the TM.
    pub fn begin(&mut self, user: &str) -> Result<Tx<'_>> {
        self.writable()?;
        let tx = self.lock_for_writing()?;
        Ok(Tx::new(tx, user, None, None))
    }

    /// Starts the transaction of an import ([`begin`](Self::begin)). Into a TM that holds
    /// no units yet and that no other connection has open, it writes through a rollback
    /// journal instead of the write-ahead log: pages new to the file (all of them, in a new
    /// TM) then reach the disk once instead of twice, which makes a large import about 12%
    /// faster. Its commit syncs the journal before the TM (`synchronous=FULL`), so that a
    /// power loss cannot corrupt the new TM. Other processes cannot read the TM until the
    /// import ends (they wait for it); the TM returns to WAL when the transaction ends (and
    /// on the next open, whatever happens).
    pub fn begin_import(&mut self, user: &str) -> Result<Tx<'_>> {
        self.writable()?;
        let empty: bool =
            self.conn
                .query_row("SELECT NOT EXISTS (SELECT 1 FROM units)", [], |r| r.get(0))?;
        // Another process may still write between this switch and the lock below (it then
        // writes through the rollback journal too); the import stays correct, only slower.
        let journal = if empty && !self.in_memory() {
            JournalGuard::take(&self.conn)?
        } else {
            None
        };
        let cache = ImportCache::raise(&self.conn, empty && !self.in_memory())?;
        let tx = self.lock_for_writing()?;
        Ok(Tx::new(tx, user, journal, Some(cache)))
    }

    /// Runs `write` in a short write transaction of its own (committed when it returns
    /// `Ok`), waiting for other writers: how a read session brings an index up to date,
    /// also on a store opened for reading. Fails with [`StoreError::ReadOnly`] on a TM that
    /// cannot be written, and when this connection is inside a transaction.
    pub(crate) fn catch_up<T, E: From<StoreError>>(
        &self,
        write: impl FnOnce(&Connection) -> std::result::Result<T, E>,
    ) -> std::result::Result<T, E> {
        match self.access {
            Access::Write => {}
            Access::Read => self
                .conn
                .pragma_update(None, "query_only", false)
                .map_err(StoreError::from)?,
            Access::Unwritable => return Err(self.writable().unwrap_err().into()),
        }
        let done = match self.lock_for_writing() {
            Ok(tx) => match write(&tx) {
                Ok(v) => tx
                    .commit()
                    .map(|()| v)
                    .map_err(|e| StoreError::from(e).into()),
                Err(e) => Err(e),
            },
            Err(e) => Err(e.into()),
        };
        if self.access == Access::Read {
            self.conn
                .pragma_update(None, "query_only", true)
                .map_err(StoreError::from)?;
        }
        done
    }
}

/// Whether a write-ahead log is in use beside the TM at `path` (its `-wal` file holds
/// frames).
fn wal_in_use(path: &Path) -> bool {
    let mut wal = path.as_os_str().to_owned();
    wal.push("-wal");
    std::fs::metadata(wal).is_ok_and(|m| m.len() > 0)
}

/// The `file:` URI opening `path` as immutable (the file cannot change while it is read).
fn immutable_uri(path: &Path) -> rusqlite::Result<String> {
    let abs =
        std::path::absolute(path).map_err(|_| rusqlite::Error::InvalidPath(path.to_path_buf()))?;
    let mut uri = String::from("file://");
    for b in path_bytes(&abs) {
        if b.is_ascii_alphanumeric() || b"/-_.~".contains(&b) {
            uri.push(char::from(b));
        } else {
            uri.push_str(&format!("%{b:02X}"));
        }
    }
    uri.push_str("?immutable=1");
    Ok(uri)
}

#[cfg(unix)]
fn path_bytes(p: &Path) -> Vec<u8> {
    use std::os::unix::ffi::OsStrExt;
    p.as_os_str().as_bytes().to_vec()
}

#[cfg(not(unix))]
fn path_bytes(p: &Path) -> Vec<u8> {
    p.to_string_lossy().into_owned().into_bytes()
}

/// A 256 MiB page cache for one import instead of 64 MiB, back to 64 MiB when dropped.
///
/// A large import inserts into B-trees at random places (the units' source-key index, the
/// postings' index): once they outgrow the cache, nearly every insert reads a page back from
/// the operating system and writes another one out. Importing 10,000,000 units into a new
/// TM took 62 s of system time with 64 MiB (16 s with 256 MiB), and 22% more CPU in all.
/// The cache is a fixed cap either way: memory does not grow with the TM or the input.
///
/// An import into an empty TM also keeps its temporary data in files, not in memory: it
/// builds the source-key index at the end (see `Writer`), a sort that SQLite otherwise
/// holds in memory whole (about 330 MB at 10,000,000 units).
pub(super) struct ImportCache<'a> {
    conn: &'a Connection,
    temp_on_file: bool,
}

impl<'a> ImportCache<'a> {
    /// Raises `conn`'s page cache for an import (and, with `temp_on_file`, sends its
    /// temporary data to files). Call it outside a transaction.
    pub(super) fn raise(conn: &'a Connection, temp_on_file: bool) -> Result<Self> {
        conn.pragma_update(None, "cache_size", -IMPORT_CACHE_KIB)?;
        let mut guard = ImportCache {
            conn,
            temp_on_file: false,
        };
        if temp_on_file {
            conn.pragma_update(None, "temp_store", "FILE")?;
            guard.temp_on_file = true;
        }
        Ok(guard)
    }
}

impl Drop for ImportCache<'_> {
    fn drop(&mut self) {
        // Best effort: a connection left with the larger cache is only larger, one left
        // with temporary files is slower at some sorts.
        let _ = self.conn.pragma_update(None, "cache_size", -CACHE_KIB);
        if self.temp_on_file {
            let _ = self.conn.pragma_update(None, "temp_store", "MEMORY");
        }
    }
}

/// Keeps a TM in rollback-journal mode, without SQLite's foreign-key checks, for one
/// import, and puts it back into WAL mode with the checks on when dropped (see
/// [`Store::begin_import`]). Meanwhile the [`Writer`](super::Writer) checks
/// the references it is given itself (it makes the others).
///
/// The import commits with `synchronous=FULL`: with a rollback journal, SQLite documents
/// `NORMAL` as able to corrupt the database if the power fails at the wrong moment (the
/// journal is not synced before the pages it protects are overwritten), and the pages it
/// protects here are the new TM's schema. `FULL` syncs the journal first, so after a power
/// loss the TM is as it was before the import or holds all of it. In WAL mode (every other
/// write) `NORMAL` never corrupts; a power loss can only undo the last commits.
pub(super) struct JournalGuard<'a> {
    conn: &'a Connection,
}

impl<'a> JournalGuard<'a> {
    /// Switches `conn`'s database to a rollback journal, or returns `None` when another
    /// connection has it open (leaving WAL needs the database to itself; no waiting).
    pub(super) fn take(conn: &'a Connection) -> Result<Option<Self>> {
        conn.busy_timeout(std::time::Duration::ZERO)?;
        let mode = conn
            .pragma_update_and_check(None, "journal_mode", "TRUNCATE", |r| r.get::<_, String>(0));
        conn.busy_timeout(LOCK_WAIT)?;
        match mode {
            Ok(m) if m.eq_ignore_ascii_case("truncate") => {
                let guard = JournalGuard { conn };
                conn.pragma_update(None, "foreign_keys", "OFF")?;
                conn.pragma_update(None, "synchronous", "FULL")?;
                Ok(Some(guard))
            }
            Ok(_) => Ok(None),
            Err(rusqlite::Error::SqliteFailure(e, _))
                if e.code == rusqlite::ErrorCode::DatabaseBusy
                    || e.code == rusqlite::ErrorCode::DatabaseLocked =>
            {
                Ok(None)
            }
            Err(e) => Err(e.into()),
        }
    }
}

impl Drop for JournalGuard<'_> {
    fn drop(&mut self) {
        // Best effort: if it fails, the next `Store::open` switches to WAL again (and turns
        // foreign keys on, as every open does).
        let _ = self.conn.pragma_update(None, "journal_mode", "WAL");
        let _ = self.conn.pragma_update(None, "foreign_keys", "ON");
        let _ = self.conn.pragma_update(None, "synchronous", "NORMAL");
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::migrations::MIGRATIONS;
    use crate::store::test_units::unit;

    #[test]
    fn a_new_tms_page_cache_holds_64_mib_of_its_large_pages_not_more() {
        let dir = tempfile::tempdir().unwrap();
        let mut s = Store::open(&dir.path().join("tm.db")).unwrap();
        let page: i64 = s
            .conn()
            .query_row("PRAGMA page_size", [], |r| r.get(0))
            .unwrap();
        assert_eq!(page, PAGE_SIZE);
        // 100 MB written in one transaction: the cache must spill, not grow.
        let tx = s.begin("t").unwrap();
        tx.conn()
            .execute_batch(
                "CREATE TABLE scratch(b BLOB);
                 WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 3200)
                 INSERT INTO scratch SELECT randomblob(31000) FROM n;",
            )
            .unwrap();
        let used = crate::store::raw::cache_used(tx.conn());
        assert!(
            used <= (CACHE_KIB + 4096) * 1024,
            "{} MiB in the page cache",
            used >> 20
        );
    }

    #[test]
    fn an_import_has_a_larger_page_cache_until_it_ends() {
        let dir = tempfile::tempdir().unwrap();
        let mut s = Store::open(&dir.path().join("tm.db")).unwrap();
        let cache = |s: &Store| -> i64 {
            s.conn()
                .query_row("PRAGMA cache_size", [], |r| r.get(0))
                .unwrap()
        };
        assert_eq!(cache(&s), -CACHE_KIB);
        let tx = s.begin_import("t").unwrap();
        let during: i64 = tx
            .conn()
            .query_row("PRAGMA cache_size", [], |r| r.get(0))
            .unwrap();
        assert_eq!(during, -IMPORT_CACHE_KIB);
        tx.commit().unwrap();
        assert_eq!(cache(&s), -CACHE_KIB, "committed");
        drop(s.begin_import("t").unwrap());
        assert_eq!(cache(&s), -CACHE_KIB, "rolled back");
        drop(s.begin("t").unwrap());
        assert_eq!(cache(&s), -CACHE_KIB);
    }

    fn journal_mode(s: &Store) -> String {
        s.conn()
            .query_row("PRAGMA journal_mode", [], |r| r.get(0))
            .unwrap()
    }

    #[test]
    fn an_import_into_an_empty_tm_uses_a_rollback_journal_then_returns_to_wal() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("tm.db");
        let mut s = Store::open(&path).unwrap();
        assert_eq!(journal_mode(&s), "wal");
        {
            // Dropped without commit: nothing stored, WAL again.
            let mut tx = s.begin_import("t").unwrap();
            assert!(tx.exclusive());
            tx.upsert_unit(&unit("Lost.", None)).unwrap();
        }
        assert_eq!(journal_mode(&s), "wal");
        assert_eq!(s.stats().unwrap().units, 0);
        let mut tx = s.begin_import("t").unwrap();
        assert!(tx.exclusive());
        tx.upsert_unit(&unit("One.", Some("Бір."))).unwrap();
        tx.commit().unwrap();
        assert_eq!(journal_mode(&s), "wal");
        drop(s);
        let mut s = Store::open(&path).unwrap();
        {
            let mut tx = s.begin_import("t").unwrap();
            assert!(!tx.exclusive(), "the TM is not empty any more");
            tx.upsert_unit(&unit("Two.", None)).unwrap();
        }
        assert_eq!(journal_mode(&s), "wal");
        assert_eq!(s.stats().unwrap().units, 1);
    }

    fn synchronous(s: &Store) -> i64 {
        s.conn()
            .query_row("PRAGMA synchronous", [], |r| r.get(0))
            .unwrap()
    }

    #[test]
    fn only_an_import_through_a_rollback_journal_syncs_fully() {
        // 2 = FULL, 1 = NORMAL.
        let dir = tempfile::tempdir().unwrap();
        let mut s = Store::open(&dir.path().join("tm.db")).unwrap();
        assert_eq!(synchronous(&s), 1);
        let mut tx = s.begin_import("t").unwrap();
        assert!(tx.exclusive());
        let full: i64 = tx
            .conn()
            .query_row("PRAGMA synchronous", [], |r| r.get(0))
            .unwrap();
        assert_eq!(full, 2, "the new TM's commit syncs the journal first");
        tx.upsert_unit(&unit("One.", None)).unwrap();
        tx.commit().unwrap();
        assert_eq!(synchronous(&s), 1);
        let tx = s.begin_import("t").unwrap();
        assert!(!tx.exclusive());
        let normal: i64 = tx
            .conn()
            .query_row("PRAGMA synchronous", [], |r| r.get(0))
            .unwrap();
        assert_eq!(normal, 1, "WAL mode");
    }

    #[test]
    fn an_import_keeps_wal_while_another_connection_has_the_tm_open() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("tm.db");
        let mut s = Store::open(&path).unwrap();
        let reader = Store::open(&path).unwrap();
        assert_eq!(reader.stats().unwrap().units, 0);
        let mut tx = s.begin_import("t").unwrap();
        assert!(!tx.exclusive());
        tx.upsert_unit(&unit("One.", None)).unwrap();
        // The reader still reads (the committed, empty state) during the import.
        assert_eq!(reader.stats().unwrap().units, 0);
        tx.commit().unwrap();
        assert_eq!(reader.stats().unwrap().units, 1);
        assert_eq!(journal_mode(&s), "wal");
    }

    #[test]
    fn fresh_store_is_migrated_to_latest_version() {
        let s = Store::open_in_memory().unwrap();
        assert_eq!(s.schema_version().unwrap(), MIGRATIONS.len() as i64);
    }

    /// A TM of schema version 3 holding unit 1 ("Kept.", with a kk variant), unit 2 having
    /// been deleted.
    fn schema_3_tm(path: &Path) {
        let c = Connection::open(path).unwrap();
        for sql in &MIGRATIONS[..3] {
            c.execute_batch(sql).unwrap();
        }
        c.pragma_update(None, "user_version", 3).unwrap();
        c.execute_batch(
            "INSERT INTO units(src_lang, source, source_key, created_at, created_by,
                 changed_at, changed_by) VALUES
                 ('en', 'Kept.', 1, 't', 'u', 't', 'u'),
                 ('en', 'Deleted.', 2, 't', 'u', 't', 'u');
             INSERT INTO variants(unit_id, lang, text, created_at, created_by, changed_at,
                 changed_by) VALUES (1, 'kk', 'Сақталды.', 't', 'u', 't', 'u');
             DELETE FROM units WHERE id = 2;",
        )
        .unwrap();
    }

    #[test]
    fn upgrade_from_schema_3_keeps_units_ids_and_the_largest_id_used() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("old.db");
        schema_3_tm(&path);
        let mut s = Store::open(&path).unwrap();
        assert_eq!(s.schema_version().unwrap(), MIGRATIONS.len() as i64);
        let u = s.unit(1).unwrap().expect("unit 1 kept");
        assert_eq!((u.source.as_str(), u.variants.len()), ("Kept.", 1));
        let mut tx = s.begin("t").unwrap();
        let (id, _) = tx.upsert_unit(&unit("New.", None)).unwrap();
        tx.commit().unwrap();
        assert_eq!(id, 3, "AUTOINCREMENT's record of id 2 survives the upgrade");
        let fk_on: bool = s
            .conn()
            .query_row("PRAGMA foreign_keys", [], |r| r.get(0))
            .unwrap();
        assert!(fk_on);
    }

    #[test]
    fn upgrade_fills_the_stats_counters_from_the_rows() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("old.db");
        schema_3_tm(&path);
        let s = Store::open(&path).unwrap();
        let st = s.stats().unwrap();
        assert_eq!((st.units, st.documents), (1, 0));
        assert_eq!(st.source_languages.get("en"), Some(&1));
        assert_eq!(st.target_languages.get("kk"), Some(&1));
    }

    #[test]
    fn openers_of_an_old_tm_at_the_same_moment_upgrade_it_once_and_all_succeed() {
        for round in 0..10 {
            let dir = tempfile::tempdir().unwrap();
            let path = dir.path().join("old.db");
            schema_3_tm(&path);
            let start = std::sync::Arc::new(std::sync::Barrier::new(4));
            let openers: Vec<_> = (0..4)
                .map(|i| {
                    let (path, start) = (path.clone(), start.clone());
                    std::thread::spawn(move || {
                        start.wait();
                        let mode = if i % 2 == 0 { Mode::Create } else { Mode::Read };
                        let s = Store::open_as(&path, mode, silent)?;
                        s.schema_version()
                    })
                })
                .collect();
            for o in openers {
                let version = o.join().unwrap();
                assert_eq!(version.ok(), Some(MIGRATIONS.len() as i64), "round {round}");
            }
            let s = Store::open_read_only(&path).unwrap();
            assert_eq!(s.unit(1).unwrap().expect("kept").variants.len(), 1);
            assert_eq!(s.stats().unwrap().units, 1);
        }
    }

    #[test]
    fn a_store_opened_for_reading_refuses_every_write_and_leaves_the_file_as_it_was() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("tm.db");
        {
            let mut s = Store::open(&path).unwrap();
            let mut tx = s.begin("t").unwrap();
            tx.upsert_unit(&unit("One.", Some("Бір."))).unwrap();
            tx.commit().unwrap();
        }
        let before = std::fs::read(&path).unwrap();
        let mut s = Store::open_read_only(&path).unwrap();
        assert_eq!(s.access(), Access::Read);
        assert_eq!(s.stats().unwrap().units, 1);
        let e = s.begin("t").err().expect("no write transaction");
        assert!(
            e.to_string().contains("read-only (opened for reading)"),
            "{e}"
        );
        assert!(s.begin_import("t").is_err());
        // Not even SQL written on the connection itself gets through.
        let raw = s.conn().execute("DELETE FROM units", []).unwrap_err();
        assert_eq!(raw.sqlite_error_code(), Some(rusqlite::ErrorCode::ReadOnly));
        // A read session's index update is the one write allowed, in its own transaction.
        let added = s
            .catch_up(|c| {
                c.execute("INSERT INTO meta(key, value) VALUES ('k', 'v')", [])
                    .map_err(StoreError::from)
            })
            .unwrap();
        assert_eq!(added, 1);
        assert!(
            s.conn().execute("DELETE FROM units", []).is_err(),
            "read-only again"
        );
        drop(s);
        assert_ne!(
            std::fs::read(&path).unwrap(),
            before,
            "the catch-up write was stored"
        );
        let before = std::fs::read(&path).unwrap();
        let s = Store::open_read_only(&path).unwrap();
        s.session().unwrap().stats().unwrap();
        drop(s);
        assert_eq!(std::fs::read(&path).unwrap(), before);
        for suffix in ["-wal", "-shm"] {
            let mut side = path.as_os_str().to_owned();
            side.push(suffix);
            assert!(!Path::new(&side).exists(), "{suffix} left behind");
        }
    }

    #[test]
    fn reading_an_old_tm_that_can_be_written_upgrades_it() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("old.db");
        schema_3_tm(&path);
        let s = Store::open_read_only(&path).unwrap();
        assert_eq!(s.schema_version().unwrap(), MIGRATIONS.len() as i64);
        assert_eq!(s.unit(1).unwrap().expect("kept").source, "Kept.");
    }

    #[test]
    fn a_tm_read_as_immutable_is_read_without_any_file_beside_it() {
        let dir = tempfile::tempdir().unwrap();
        // A name that needs escaping in a URI.
        let path = dir.path().join("a tm?#%.db");
        {
            let mut s = Store::open(&path).unwrap();
            let mut tx = s.begin("t").unwrap();
            tx.upsert_unit(&unit("One.", None)).unwrap();
            tx.commit().unwrap();
        }
        let before = std::fs::read(&path).unwrap();
        let mut s = Store::open_unwritable(&path, silent).unwrap();
        assert_eq!(s.access(), Access::Unwritable);
        assert_eq!(s.session().unwrap().stats().unwrap().units, 1);
        let e = s.begin("t").err().expect("no write transaction");
        assert!(
            e.is_read_only() && e.to_string().contains("cannot be written"),
            "{e}"
        );
        let names: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names.len(), 1, "{names:?}");
        drop(s);
        assert_eq!(std::fs::read(&path).unwrap(), before);
    }

    #[test]
    fn an_old_tm_that_cannot_be_written_is_refused_saying_so() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("old.db");
        schema_3_tm(&path);
        let e = Store::open_unwritable(&path, silent)
            .err()
            .expect("refused");
        let text = e.to_string();
        assert!(
            text.contains("cannot upgrade the TM to schema version")
                && text.contains("cannot be written"),
            "{text}"
        );
    }
}
