//! Waiting for another process: one writer at a time holds a TM's write lock (SQLite's),
//! and an opener may find another process creating or upgrading the TM. Every wait is the
//! same: try at once; when the TM is busy, say so once (a [`WaitNotice`]) and wait up to
//! [`LOCK_WAIT`], then give up with [`StoreError::Busy`] naming the TM.

use std::path::Path;
use std::time::{Duration, Instant};

use rusqlite::Connection;

use super::error::busy_code;
use super::{Result, StoreError};

/// How long a process waits for another one to release the TM before giving up: long
/// enough for any import to finish (a 1,000,000-unit import takes seconds to minutes).
pub const LOCK_WAIT: Duration = Duration::from_secs(60 * 60);

/// Called once when an opener or a writer finds the TM held by another process and starts
/// waiting for it (the command line prints a line on stderr; the library says nothing).
pub type WaitNotice = fn(&Path);

/// The [`WaitNotice`] that says nothing.
pub fn silent(_: &Path) {}

/// How long one try of a waiting step may wait inside SQLite (its busy handler).
const TRY_WAIT: Duration = Duration::from_millis(200);
/// The pause between two tries. Some steps fail at once, without SQLite's busy handler,
/// when the TM is busy: one that already reads (a switch of the journal mode reads the
/// header before it writes it) would otherwise deadlock with the writer it waits for.
const PAUSE: Duration = Duration::from_millis(25);

/// Runs `step` (a statement that takes a lock on `conn`'s TM): at once when the TM is free;
/// else calls `notice` once and tries again until it succeeds or [`LOCK_WAIT`] has passed.
/// Leaves `conn`'s busy timeout at [`LOCK_WAIT`].
pub(super) fn waiting<T>(
    conn: &Connection,
    path: &Path,
    notice: WaitNotice,
    mut step: impl FnMut(&Connection) -> rusqlite::Result<T>,
) -> Result<T> {
    conn.busy_timeout(Duration::ZERO)?;
    let mut done = step(conn);
    if matches!(&done, Err(e) if busy_code(e)) {
        notice(path);
        let started = Instant::now();
        conn.busy_timeout(TRY_WAIT)?;
        loop {
            std::thread::sleep(PAUSE);
            done = step(conn);
            match &done {
                Err(e) if busy_code(e) && started.elapsed() < LOCK_WAIT => continue,
                _ => break,
            }
        }
    }
    conn.busy_timeout(LOCK_WAIT)?;
    done.map_err(|e| gave_up(path, e))
}

/// The error for `e` after a full wait: [`StoreError::Busy`] when the TM was still locked.
pub(super) fn gave_up(path: &Path, e: rusqlite::Error) -> StoreError {
    if busy_code(&e) {
        StoreError::Busy {
            path: path.to_path_buf(),
            waited: LOCK_WAIT,
        }
    } else {
        e.into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::cell::Cell;

    thread_local! {
        static NOTICES: Cell<usize> = const { Cell::new(0) };
    }

    fn count(_: &Path) {
        NOTICES.with(|n| n.set(n.get() + 1));
    }

    #[test]
    fn a_free_tm_is_taken_without_notice_and_a_busy_one_with_one_notice() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("tm.db");
        let a = Connection::open(&path).unwrap();
        a.execute_batch("PRAGMA journal_mode=WAL; CREATE TABLE t(x)")
            .unwrap();
        let b = Connection::open(&path).unwrap();
        waiting(&b, &path, count, |c| c.execute_batch("BEGIN IMMEDIATE")).unwrap();
        b.execute_batch("COMMIT").unwrap();
        assert_eq!(NOTICES.with(Cell::get), 0);

        // `a` holds the write lock; the first try fails at once and is announced, the
        // second (here released by the step itself) succeeds.
        a.execute_batch("BEGIN IMMEDIATE").unwrap();
        let mut tries = 0;
        waiting(&b, &path, count, |c| {
            tries += 1;
            if tries == 2 {
                a.execute_batch("COMMIT")?;
            }
            c.execute_batch("BEGIN IMMEDIATE")
        })
        .unwrap();
        b.execute_batch("COMMIT").unwrap();
        assert_eq!((tries, NOTICES.with(Cell::get)), (2, 1));
        assert_eq!(b.busy_timeout(LOCK_WAIT).ok(), Some(()));
    }

    #[test]
    fn giving_up_names_the_tm() {
        let path = Path::new("/tm/shared.db");
        let busy = rusqlite::Error::SqliteFailure(
            rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_BUSY),
            None,
        );
        let e = gave_up(path, busy).to_string();
        assert!(
            e.starts_with("/tm/shared.db: another process kept the TM locked for 60 minutes"),
            "{e}"
        );
        let other = rusqlite::Error::InvalidQuery;
        assert!(matches!(gave_up(path, other), StoreError::Sql(_)));
    }
}
