//! INSERTs run once per imported unit (the [`Writer`](super::Writer)'s, the fuzzy index's
//! `fz_units` row), bound without copying: rusqlite hands every string to SQLite
//! as `SQLITE_TRANSIENT`, so SQLite copies it into memory of its own on binding and frees
//! that copy on the next. Binding a unit's ~15 strings took a sixth of the instructions of
//! a bulk import's writing; binding in place saves 7% of them (measured with callgrind).
//! A [`RawInsert`] binds them as `SQLITE_STATIC` instead: SQLite
//! reads them in place, only while [`RawInsert::execute`] runs the statement. A pointer left
//! bound after a call is never read: each call binds every parameter anew before it runs
//! the statement, and resetting or finalizing a statement does not read its parameters.
//!
//! This is the crate's only `unsafe` code; each call states why it is sound.

use std::ffi::{c_char, c_int, CStr};
use std::marker::PhantomData;

use rusqlite::{ffi, Connection, Error, Result};

/// A value to bind, borrowed for one [`RawInsert::execute`].
#[derive(Debug, Clone, Copy)]
pub(crate) enum Arg<'a> {
    /// SQL NULL.
    Null,
    /// An integer.
    Int(i64),
    /// Text (UTF-8).
    Text(&'a str),
    /// A blob.
    Blob(&'a [u8]),
}

impl<'a> From<i64> for Arg<'a> {
    fn from(v: i64) -> Self {
        Arg::Int(v)
    }
}

impl<'a> From<&'a str> for Arg<'a> {
    fn from(v: &'a str) -> Self {
        Arg::Text(v)
    }
}

impl<'a> From<&'a String> for Arg<'a> {
    fn from(v: &'a String) -> Self {
        Arg::Text(v)
    }
}

impl<'a> From<&'a [u8]> for Arg<'a> {
    fn from(v: &'a [u8]) -> Self {
        Arg::Blob(v)
    }
}

impl<'a, T: Into<Arg<'a>>> From<Option<T>> for Arg<'a> {
    fn from(v: Option<T>) -> Self {
        v.map_or(Arg::Null, Into::into)
    }
}

/// A prepared statement that writes (no result rows), executed with borrowed arguments.
pub(crate) struct RawInsert<'c> {
    db: *mut ffi::sqlite3,
    stmt: *mut ffi::sqlite3_stmt,
    params: usize,
    /// The statement must not outlive its connection.
    _conn: PhantomData<&'c Connection>,
}

impl<'c> RawInsert<'c> {
    /// Prepares `sql` (one statement) on `conn`.
    pub(crate) fn new(conn: &'c Connection, sql: &str) -> Result<Self> {
        // SAFETY: the handle stays valid while `conn` is borrowed, which `'c` ensures for
        // as long as this statement lives; it is only used on this thread (`RawInsert` holds
        // raw pointers, so it is neither `Send` nor `Sync`).
        let db = unsafe { conn.handle() };
        let len = c_int::try_from(sql.len()).map_err(|_| too_big())?;
        let mut stmt = std::ptr::null_mut();
        // SAFETY: `sql` is valid for `len` bytes (no terminating NUL needed when the
        // length is given); `stmt` receives the new statement or stays null.
        let rc = unsafe {
            ffi::sqlite3_prepare_v3(
                db,
                sql.as_ptr().cast::<c_char>(),
                len,
                ffi::SQLITE_PREPARE_PERSISTENT as _,
                &mut stmt,
                std::ptr::null_mut(),
            )
        };
        if rc != ffi::SQLITE_OK {
            return Err(error(db, rc));
        }
        if stmt.is_null() {
            return Err(Error::InvalidQuery);
        }
        // SAFETY: `stmt` is a valid statement.
        let params = unsafe { ffi::sqlite3_bind_parameter_count(stmt) } as usize;
        Ok(RawInsert {
            db,
            stmt,
            params,
            _conn: PhantomData,
        })
    }

    /// Binds `args` (one per parameter, in order), runs the statement to completion and
    /// returns the number of rows it changed.
    pub(crate) fn execute(&mut self, args: &[Arg<'_>]) -> Result<usize> {
        if args.len() != self.params {
            return Err(Error::InvalidParameterCount(args.len(), self.params));
        }
        // Only once every parameter is bound: no step reads a pointer from an earlier call.
        let done = self.bind(args).and_then(|()| self.step());
        // SAFETY: `stmt` is valid; resetting does not read the parameters.
        unsafe {
            ffi::sqlite3_reset(self.stmt);
        }
        done
    }

    fn bind(&mut self, args: &[Arg<'_>]) -> Result<()> {
        for (i, arg) in args.iter().enumerate() {
            let col = (i + 1) as c_int;
            // SAFETY: `stmt` is valid and `col` is within its parameter count (checked in
            // `execute`). Text and blobs are bound as SQLITE_STATIC: SQLite reads them in
            // place, in the step `execute` runs while `args` are borrowed (see the module).
            let rc = unsafe {
                match *arg {
                    Arg::Null => ffi::sqlite3_bind_null(self.stmt, col),
                    Arg::Int(v) => ffi::sqlite3_bind_int64(self.stmt, col, v),
                    Arg::Text(s) => ffi::sqlite3_bind_text(
                        self.stmt,
                        col,
                        s.as_ptr().cast::<c_char>(),
                        c_int::try_from(s.len()).map_err(|_| too_big())?,
                        ffi::SQLITE_STATIC(),
                    ),
                    Arg::Blob(b) => ffi::sqlite3_bind_blob(
                        self.stmt,
                        col,
                        b.as_ptr().cast(),
                        c_int::try_from(b.len()).map_err(|_| too_big())?,
                        ffi::SQLITE_STATIC(),
                    ),
                }
            };
            if rc != ffi::SQLITE_OK {
                return Err(error(self.db, rc));
            }
        }
        Ok(())
    }

    fn step(&mut self) -> Result<usize> {
        // SAFETY: `stmt` is valid, with every parameter bound.
        let rc = unsafe { ffi::sqlite3_step(self.stmt) };
        match rc {
            // SAFETY: `db` is valid (see `new`).
            ffi::SQLITE_DONE => Ok(unsafe { ffi::sqlite3_changes(self.db) } as usize),
            ffi::SQLITE_ROW => Err(Error::ExecuteReturnedResults),
            _ => Err(error(self.db, rc)),
        }
    }
}

impl Drop for RawInsert<'_> {
    fn drop(&mut self) {
        // SAFETY: `stmt` is valid and finalized once, here, while its connection lives.
        unsafe {
            ffi::sqlite3_finalize(self.stmt);
        }
    }
}

/// The error for result code `rc`, with SQLite's message.
fn error(db: *mut ffi::sqlite3, rc: c_int) -> Error {
    // SAFETY: `db` is valid; the message is copied before any other call on `db`.
    let message = unsafe {
        let p = ffi::sqlite3_errmsg(db);
        (!p.is_null()).then(|| CStr::from_ptr(p).to_string_lossy().into_owned())
    };
    Error::SqliteFailure(ffi::Error::new(rc), message)
}

fn too_big() -> Error {
    Error::SqliteFailure(ffi::Error::new(ffi::SQLITE_TOOBIG), None)
}

/// Bytes of memory `conn`'s page caches hold now (`SQLITE_DBSTATUS_CACHE_USED`).
#[cfg(test)]
pub(crate) fn cache_used(conn: &Connection) -> i64 {
    let (mut now, mut peak) = (0, 0);
    // SAFETY: the handle is valid while `conn` is borrowed; the call only writes the two
    // integers it is given.
    unsafe {
        ffi::sqlite3_db_status(
            conn.handle(),
            ffi::SQLITE_DBSTATUS_CACHE_USED,
            &mut now,
            &mut peak,
            0,
        );
    }
    i64::from(now)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn db() -> Connection {
        let c = Connection::open_in_memory().unwrap();
        c.execute_batch(
            "CREATE TABLE t(id INTEGER PRIMARY KEY, s TEXT, b BLOB, n INTEGER NOT NULL)",
        )
        .unwrap();
        c
    }

    #[test]
    fn borrowed_arguments_are_stored_as_given_and_not_kept() {
        let c = db();
        let mut ins =
            RawInsert::new(&c, "INSERT INTO t(id, s, b, n) VALUES (?1, ?2, ?3, ?4)").unwrap();
        for i in 0..3i64 {
            // Each argument lives only for its own call.
            let text = format!("Қазақ {i}");
            let blob = vec![i as u8; 3];
            let none: Option<&str> = None;
            let s: Arg<'_> = if i == 1 {
                none.into()
            } else {
                text.as_str().into()
            };
            assert_eq!(
                ins.execute(&[i.into(), s, blob.as_slice().into(), 7.into()])
                    .unwrap(),
                1
            );
        }
        let rows: Vec<(i64, Option<String>, Vec<u8>)> = c
            .prepare("SELECT id, s, b FROM t ORDER BY id")
            .unwrap()
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        assert_eq!(
            rows,
            vec![
                (0, Some("Қазақ 0".into()), vec![0; 3]),
                (1, None, vec![1; 3]),
                (2, Some("Қазақ 2".into()), vec![2; 3]),
            ]
        );
    }

    #[test]
    fn errors_carry_sqlites_extended_code_and_message_and_leave_the_statement_usable() {
        let c = db();
        let mut ins = RawInsert::new(&c, "INSERT INTO t(id, n) VALUES (?1, ?2)").unwrap();
        ins.execute(&[1.into(), 1.into()]).unwrap();
        let e = ins.execute(&[1.into(), 2.into()]).unwrap_err();
        let Error::SqliteFailure(f, Some(m)) = e else {
            panic!("{e:?}");
        };
        assert_eq!(f.extended_code, ffi::SQLITE_CONSTRAINT_PRIMARYKEY);
        assert!(m.contains("UNIQUE") || m.contains("PRIMARY"), "{m}");
        let e = ins.execute(&[2.into(), Arg::Null]).unwrap_err();
        assert!(e.to_string().contains("NOT NULL"), "{e}");
        assert!(ins.execute(&[2.into()]).is_err(), "too few arguments");
        ins.execute(&[2.into(), 2.into()]).unwrap();
        assert!(RawInsert::new(&c, "INSERT INTO nowhere VALUES (1)").is_err());
    }
}
