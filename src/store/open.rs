//! Opening a TM: the connection's settings, bringing the schema up to date, and starting
//! write transactions (with the switch to a rollback journal for an import into an empty
//! TM).

use std::path::{Path, PathBuf};

use rusqlite::{Connection, OptionalExtension, Transaction, TransactionBehavior};

use super::migrations::{self, MIGRATIONS};
use super::{Result, StoreError, Tx};

/// How long a connection waits for another one to release the TM.
pub(super) const BUSY_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(10);

/// Page size of a new TM database.
const PAGE_SIZE: i64 = 32_768;

/// The translation memory database: one connection to it. Read through a
/// [`session`](Store::session) for one consistent snapshot; write through a transaction
/// ([`begin`](Store::begin), [`begin_import`](Store::begin_import)).
pub struct Store {
    pub(super) conn: Connection,
    pub(super) path: PathBuf,
}

impl Store {
    /// Opens (creating if needed) the TM at `path` and brings its schema up to date.
    pub fn open(path: &Path) -> Result<Store> {
        let conn = Connection::open(path).map_err(|source| StoreError::Open {
            path: path.to_path_buf(),
            source,
        })?;
        let mut store = Store {
            conn,
            path: path.to_path_buf(),
        };
        store.configure(true)?;
        Ok(store)
    }

    /// Opens an existing TM; fails when the file does not exist (never creates one).
    pub fn open_existing(path: &Path) -> Result<Store> {
        let flags = rusqlite::OpenFlags::SQLITE_OPEN_READ_WRITE
            | rusqlite::OpenFlags::SQLITE_OPEN_URI
            | rusqlite::OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let conn = Connection::open_with_flags(path, flags).map_err(|source| StoreError::Open {
            path: path.to_path_buf(),
            source,
        })?;
        let mut store = Store {
            conn,
            path: path.to_path_buf(),
        };
        store.configure(true)?;
        Ok(store)
    }

    /// A fresh TM in memory (tests, benchmarks).
    pub fn open_in_memory() -> Result<Store> {
        let conn = Connection::open_in_memory()?;
        let mut store = Store {
            conn,
            path: PathBuf::from(":memory:"),
        };
        store.configure(false)?;
        Ok(store)
    }

    fn configure(&mut self, wal: bool) -> Result<()> {
        let open_err = |source| StoreError::Open {
            path: self.path.clone(),
            source,
        };
        // 32 KiB pages for a new TM: bulk imports run ~20% faster than with 4 KiB pages
        // (fewer B-tree splits and WAL frames per unit; measured with `cargo bench --bench
        // import`). The page size of an existing TM stays as it is.
        let fresh: i64 = self
            .conn
            .query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get(0))
            .map_err(open_err)?;
        if fresh == 0 {
            self.conn
                .pragma_update(None, "page_size", PAGE_SIZE)
                .map_err(open_err)?;
        }
        if wal {
            self.conn
                .pragma_update(None, "journal_mode", "WAL")
                .map_err(open_err)?;
        }
        self.conn
            .pragma_update(None, "synchronous", "NORMAL")
            .map_err(open_err)?;
        // A 64 MiB page cache (in bytes, whatever the page size) keeps the source-key index hot during large imports; it is a
        // fixed cap, so memory does not grow with the size of the TM or of an input.
        self.conn
            .pragma_update(None, "cache_size", -65_536)
            .map_err(open_err)?;
        self.conn
            .pragma_update(None, "temp_store", "MEMORY")
            .map_err(open_err)?;
        self.conn.busy_timeout(BUSY_TIMEOUT)?;
        // Migrations that rebuild a table run with foreign keys off (else dropping the old
        // table would cascade); they are checked before foreign keys go back on.
        self.conn
            .pragma_update(None, "foreign_keys", "OFF")
            .map_err(open_err)?;
        self.migrate()?;
        self.conn
            .pragma_update(None, "foreign_keys", "ON")
            .map_err(|source| StoreError::Open {
                path: self.path.clone(),
                source,
            })
    }

    fn migrate(&mut self) -> Result<()> {
        let supported = MIGRATIONS.len() as i64;
        let found: i64 = self
            .conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .map_err(|source| StoreError::Open {
                path: self.path.clone(),
                source,
            })?;
        if found > supported {
            return Err(StoreError::TooNew {
                path: self.path.clone(),
                found,
                supported,
            });
        }
        for (i, sql) in MIGRATIONS.iter().enumerate().skip(found as usize) {
            let tx = self.conn.transaction()?;
            migrations::before(&tx, (i + 1) as i64)?;
            tx.execute_batch(sql)?;
            let broken: Option<String> = tx
                .query_row("PRAGMA foreign_key_check", [], |r| r.get(0))
                .optional()?;
            if let Some(table) = broken {
                return Err(StoreError::Migration {
                    path: self.path.clone(),
                    version: (i + 1) as i64,
                    message: format!("rows of {table} refer to missing rows"),
                });
            }
            tx.pragma_update(None, "user_version", (i + 1) as i64)?;
            tx.commit()?;
        }
        Ok(())
    }

    /// The database file's path (`:memory:` for in-memory stores).
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The underlying connection, for the index and reports built on the TM.
    pub fn conn(&self) -> &Connection {
        &self.conn
    }

    /// Starts a write transaction; nothing is stored unless it is committed.
    pub fn begin(&mut self, user: &str) -> Result<Tx<'_>> {
        let tx = Transaction::new_unchecked(&self.conn, TransactionBehavior::Immediate)?;
        Ok(Tx::new(tx, user, None))
    }

    /// Starts the transaction of an import ([`begin`](Self::begin)). Into a TM that holds
    /// no units yet and that no other connection has open, it writes through a rollback
    /// journal instead of the write-ahead log: pages new to the file (all of them, in a new
    /// TM) then reach the disk once instead of twice, which makes a large import about 12%
    /// faster. Other processes cannot read the TM until the import ends; the TM returns to
    /// WAL when the transaction ends (and on the next open, whatever happens).
    pub fn begin_import(&mut self, user: &str) -> Result<Tx<'_>> {
        let empty: bool =
            self.conn
                .query_row("SELECT NOT EXISTS (SELECT 1 FROM units)", [], |r| r.get(0))?;
        let journal = if empty && self.path != Path::new(":memory:") {
            JournalGuard::take(&self.conn)?
        } else {
            None
        };
        let tx = Transaction::new_unchecked(&self.conn, TransactionBehavior::Immediate)?;
        Ok(Tx::new(tx, user, journal))
    }
}

/// Keeps a TM in rollback-journal mode, without SQLite's foreign-key checks, for one
/// import, and puts it back into WAL mode with the checks on when dropped (see
/// [`Store::begin_import`]). Meanwhile the [`Writer`](super::Writer) checks
/// the references it is given itself (it makes the others).
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
        conn.busy_timeout(BUSY_TIMEOUT)?;
        match mode {
            Ok(m) if m.eq_ignore_ascii_case("truncate") => {
                let guard = JournalGuard { conn };
                conn.pragma_update(None, "foreign_keys", "OFF")?;
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
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::test_units::unit;

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

    #[test]
    fn upgrade_from_schema_3_keeps_units_ids_and_the_largest_id_used() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("old.db");
        {
            let c = Connection::open(&path).unwrap();
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
}
