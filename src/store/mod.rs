//! The SQLite translation memory: documents, translation units, their target variants,
//! provenance (occurrences) and TMX properties.
//!
//! A unit is identified by its source language and the NFC form of its source text, so the
//! same sentence is stored once. Each unit holds at most one variant per target language;
//! importing a different translation updates that variant. Texts are stored exactly as
//! given, next to the NFC form used for matching.

mod key_filter;
mod migrations;
pub(crate) mod raw;
pub mod time;
mod write;

use write::find_unit_in;
use write::JournalGuard;
pub use write::{PreparedUnit, Tx, Writer};

use std::path::{Path, PathBuf};

use rusqlite::{Connection, OptionalExtension, Transaction, TransactionBehavior};
use serde::Serialize;

use crate::lang;
use crate::text::nfc;

pub use migrations::MIGRATIONS;

/// How long a connection waits for another one to release the TM.
const BUSY_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(10);

/// Errors of the translation memory.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The database could not be opened or created.
    #[error("{path}: cannot open the TM database: {source}")]
    Open {
        /// The database file.
        path: PathBuf,
        /// What SQLite said.
        source: rusqlite::Error,
    },
    /// The file is a TM written by a newer tmkit.
    #[error("{path}: schema version {found} is newer than this tmkit understands ({supported})")]
    TooNew {
        /// The database file.
        path: PathBuf,
        /// The version found in the file.
        found: i64,
        /// The newest version this build knows.
        supported: i64,
    },
    /// A schema migration could not be applied (nothing was changed).
    #[error("{path}: cannot upgrade the TM to schema version {version}: {message}")]
    Migration {
        /// The database file.
        path: PathBuf,
        /// The version the migration leads to.
        version: i64,
        /// What went wrong.
        message: String,
    },
    /// A language tag that is not BCP 47.
    #[error("invalid language tag {0:?} (expected a BCP 47 tag such as en, kk, ru-RU)")]
    BadLang(String),
    /// An empty source or target text.
    #[error("empty {0} text")]
    EmptyText(&'static str),
    /// Any other SQLite error.
    #[error("database error: {0}")]
    Sql(#[from] rusqlite::Error),
}

/// Page size of a new TM database.
const PAGE_SIZE: i64 = 32_768;

/// Result of store operations.
pub type Result<T, E = StoreError> = std::result::Result<T, E>;

/// The translation memory database.
pub struct Store {
    conn: Connection,
    path: PathBuf,
}

/// A target text to store with a unit.
#[derive(Debug, Clone, Default)]
pub struct VariantInput {
    /// BCP 47 language tag (any case).
    pub lang: String,
    /// The text as given.
    pub text: String,
    /// Original inline markup (TMX/XLIFF `<seg>` content) when it held inline codes.
    pub markup: Option<String>,
    /// Creation time from the input (stored form), else now.
    pub created_at: Option<String>,
    /// Change time from the input (stored form), else now.
    pub changed_at: Option<String>,
    /// Creator from the input, else the importing user.
    pub creator: Option<String>,
}

/// A TMX `<prop>` or `<note>` attached to a unit (lang `None`) or to one of its variants.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Prop {
    /// Language of the variant it belongs to, or `None` for the unit.
    pub lang: Option<String>,
    /// `prop` or `note`.
    pub kind: String,
    /// The prop's `type` attribute (`None` for notes).
    #[serde(rename = "type")]
    pub prop_type: Option<String>,
    /// The text.
    pub value: String,
}

/// One unit to add to or merge into the TM.
#[derive(Debug, Clone, Default)]
pub struct UnitInput {
    /// Source language tag.
    pub src_lang: String,
    /// Source text as given.
    pub source: String,
    /// Original inline markup of the source, when it had inline codes.
    pub source_markup: Option<String>,
    /// TMX `tuid`, when the unit came from TMX.
    pub tuid: Option<String>,
    /// Target variants.
    pub targets: Vec<VariantInput>,
    /// Creation time from the input (stored form), else now.
    pub created_at: Option<String>,
    /// Change time from the input (stored form), else now.
    pub changed_at: Option<String>,
    /// Creator from the input, else the importing user.
    pub creator: Option<String>,
    /// Props and notes to keep.
    pub props: Vec<Prop>,
}

/// Where a unit's source sentence stood in a document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Occurrence {
    /// The document's id.
    pub document_id: i64,
    /// 1-based paragraph number.
    pub paragraph: i64,
    /// 1-based sentence number inside the paragraph.
    pub sentence: i64,
    /// Hash of the previous source sentence (`text::sentence_hash`), `None` at the start.
    pub prev_hash: Option<String>,
    /// Hash of the next source sentence, `None` at the end.
    pub next_hash: Option<String>,
}

/// What merging a unit did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Change {
    /// A new unit was created.
    Added,
    /// An existing unit got a new or changed variant.
    Updated,
    /// Nothing changed.
    Unchanged,
}

/// A stored target variant.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Variant {
    /// Canonical language tag.
    pub lang: String,
    /// The text exactly as imported.
    pub text: String,
    /// Inline markup, when the text came with inline codes.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub markup: Option<String>,
    /// Creation time (UTC).
    pub created_at: String,
    /// Creator.
    pub created_by: String,
    /// Last change time (UTC).
    pub changed_at: String,
    /// Last changer.
    pub changed_by: String,
}

/// A stored occurrence with its document's path.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Provenance {
    /// Document path as imported.
    pub document: String,
    /// 1-based paragraph number.
    pub paragraph: i64,
    /// 1-based sentence number inside the paragraph.
    pub sentence: i64,
    /// Hash of the previous source sentence.
    pub prev_hash: Option<String>,
    /// Hash of the next source sentence.
    pub next_hash: Option<String>,
}

/// A stored translation unit with everything attached to it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Unit {
    /// Unit id.
    pub id: i64,
    /// Canonical source language tag.
    pub src_lang: String,
    /// Source text exactly as imported.
    pub source: String,
    /// Inline markup of the source, when it had inline codes.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source_markup: Option<String>,
    /// TMX `tuid`, when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tuid: Option<String>,
    /// Creation time (UTC).
    pub created_at: String,
    /// Creator.
    pub created_by: String,
    /// Last change time (UTC).
    pub changed_at: String,
    /// Last changer.
    pub changed_by: String,
    /// Target variants, ordered by language.
    pub variants: Vec<Variant>,
    /// Where the source sentence occurred.
    pub provenance: Vec<Provenance>,
    /// Props and notes.
    pub props: Vec<Prop>,
}

impl Unit {
    /// The variant for a language tag (compared case-insensitively), if any.
    pub fn variant(&self, lang: &str) -> Option<&Variant> {
        self.variants
            .iter()
            .find(|v| v.lang.eq_ignore_ascii_case(lang))
    }
}

/// Counts over the whole TM.
#[derive(Debug, Clone, Serialize)]
pub struct Stats {
    /// Number of units.
    pub units: i64,
    /// Number of documents imported.
    pub documents: i64,
    /// Units per source language and variants per target language, together.
    pub languages: std::collections::BTreeMap<String, i64>,
    /// Units per source language.
    pub source_languages: std::collections::BTreeMap<String, i64>,
    /// Variants per target language.
    pub target_languages: std::collections::BTreeMap<String, i64>,
    /// Database file size in bytes (main file plus WAL).
    pub db_bytes: u64,
    /// Schema version.
    pub schema_version: i64,
}

/// A document already recorded in the TM.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocumentRecord {
    /// Document id.
    pub id: i64,
    /// SHA-256 recorded at its last import.
    pub sha256: String,
}

/// A 64-bit key of (source language, NFC source) used to find a unit by its source.
pub fn source_key(src_lang: &str, source_nfc: &str) -> i64 {
    use sha2::{Digest, Sha256};
    let mut h = Sha256::new();
    h.update(src_lang.as_bytes());
    h.update([0u8]);
    h.update(source_nfc.as_bytes());
    let d = h.finalize();
    let mut b = [0u8; 8];
    b.copy_from_slice(&d[..8]);
    i64::from_le_bytes(b)
}

/// The canonical form of a language tag, or [`StoreError::BadLang`].
pub fn canonical_lang(tag: &str) -> Result<String> {
    if lang::is_valid(tag.trim()) {
        Ok(lang::canonical(tag))
    } else {
        Err(StoreError::BadLang(tag.to_string()))
    }
}

/// The OS user name, for `created_by` when `--user` is not given: `$USER`, `$USERNAME` or
/// `$LOGNAME`, else (on Unix) the account that owns this process in `/etc/passwd`.
pub fn default_user() -> String {
    ["USER", "USERNAME", "LOGNAME"]
        .iter()
        .find_map(|k| std::env::var(k).ok().filter(|v| !v.is_empty()))
        .or_else(passwd_user)
        .unwrap_or_else(|| "unknown".to_string())
}

#[cfg(unix)]
fn passwd_user() -> Option<String> {
    use std::os::unix::fs::MetadataExt;
    let uid = std::fs::metadata("/proc/self").ok()?.uid().to_string();
    let passwd = std::fs::read_to_string("/etc/passwd").ok()?;
    passwd.lines().find_map(|l| {
        let mut f = l.split(':');
        let name = f.next()?;
        (f.nth(1)? == uid).then(|| name.to_string())
    })
}

#[cfg(not(unix))]
fn passwd_user() -> Option<String> {
    None
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

    /// The current schema version.
    pub fn schema_version(&self) -> Result<i64> {
        Ok(self
            .conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))?)
    }

    /// Counts of units, documents and variants per language.
    pub fn stats(&self) -> Result<Stats> {
        let units = self
            .conn
            .query_row("SELECT count(*) FROM units", [], |r| r.get(0))?;
        let documents = self
            .conn
            .query_row("SELECT count(*) FROM documents", [], |r| r.get(0))?;
        let mut source_languages = std::collections::BTreeMap::new();
        let mut stmt = self
            .conn
            .prepare("SELECT src_lang, count(*) FROM units GROUP BY src_lang")?;
        for row in stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?)))? {
            let (l, n) = row?;
            source_languages.insert(l, n);
        }
        let mut target_languages = std::collections::BTreeMap::new();
        let mut stmt = self
            .conn
            .prepare("SELECT lang, count(*) FROM variants GROUP BY lang")?;
        for row in stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?)))? {
            let (l, n) = row?;
            target_languages.insert(l, n);
        }
        let mut languages = source_languages.clone();
        for (l, n) in &target_languages {
            *languages.entry(l.clone()).or_insert(0) += n;
        }
        let db_bytes = if self.path == Path::new(":memory:") {
            let pages: i64 = self.conn.query_row("PRAGMA page_count", [], |r| r.get(0))?;
            let size: i64 = self.conn.query_row("PRAGMA page_size", [], |r| r.get(0))?;
            (pages * size) as u64
        } else {
            let mut wal = self.path.as_os_str().to_owned();
            wal.push("-wal");
            file_len(&self.path) + file_len(Path::new(&wal))
        };
        Ok(Stats {
            units,
            documents,
            languages,
            source_languages,
            target_languages,
            db_bytes,
            schema_version: self.schema_version()?,
        })
    }

    /// The unit with this id, with variants, provenance and props.
    pub fn unit(&self, id: i64) -> Result<Option<Unit>> {
        let head = self
            .conn
            .query_row(
                "SELECT id, src_lang, source, source_markup, tuid, created_at, created_by,
                        changed_at, changed_by FROM units WHERE id = ?1",
                [id],
                unit_head,
            )
            .optional()?;
        let Some(mut unit) = head else {
            return Ok(None);
        };
        let mut stmt = self.conn.prepare_cached(
            "SELECT lang, text, markup, created_at, created_by, changed_at, changed_by
             FROM variants WHERE unit_id = ?1 ORDER BY lang",
        )?;
        unit.variants = stmt
            .query_map([id], |r| variant_row(r, 0))?
            .collect::<rusqlite::Result<_>>()?;
        let mut stmt = self.conn.prepare_cached(
            "SELECT d.path, o.paragraph, o.sentence, o.prev_hash, o.next_hash
             FROM occurrences o JOIN documents d ON d.id = o.document_id
             WHERE o.unit_id = ?1 ORDER BY d.path, o.paragraph, o.sentence",
        )?;
        unit.provenance = stmt
            .query_map([id], |r| provenance_row(r, 0))?
            .collect::<rusqlite::Result<_>>()?;
        let mut stmt = self.conn.prepare_cached(
            "SELECT lang, kind, type, value FROM props WHERE unit_id = ?1 ORDER BY id",
        )?;
        unit.props = stmt
            .query_map([id], |r| prop_row(r, 0))?
            .collect::<rusqlite::Result<_>>()?;
        Ok(Some(unit))
    }

    /// The id of the unit with this source (NFC-compared), if any.
    pub fn find_unit(&self, src_lang: &str, source: &str) -> Result<Option<i64>> {
        let src_lang = canonical_lang(src_lang)?;
        find_unit_in(&self.conn, &src_lang, &nfc(source))
    }

    /// Calls `f` with every unit in id order, streaming: memory does not grow with TM size.
    /// `filter` may restrict to units that have a variant in every listed language.
    pub fn for_each_unit<E, F>(&self, mut f: F) -> std::result::Result<(), E>
    where
        E: From<StoreError>,
        F: FnMut(Unit) -> std::result::Result<(), E>,
    {
        let conn = &self.conn;
        let sql_err = |e: rusqlite::Error| E::from(StoreError::Sql(e));
        let mut units = conn
            .prepare(
                "SELECT id, src_lang, source, source_markup, tuid, created_at, created_by,
                        changed_at, changed_by FROM units ORDER BY id",
            )
            .map_err(sql_err)?;
        let mut variants = conn
            .prepare(
                "SELECT unit_id, lang, text, markup, created_at, created_by, changed_at,
                        changed_by FROM variants ORDER BY unit_id, lang",
            )
            .map_err(sql_err)?;
        let mut occs = conn
            .prepare(
                "SELECT o.unit_id, d.path, o.paragraph, o.sentence, o.prev_hash, o.next_hash
                 FROM occurrences o JOIN documents d ON d.id = o.document_id
                 ORDER BY o.unit_id, d.path, o.paragraph, o.sentence",
            )
            .map_err(sql_err)?;
        let mut props = conn
            .prepare("SELECT unit_id, lang, kind, type, value FROM props ORDER BY unit_id, id")
            .map_err(sql_err)?;
        let mut unit_rows = units.query([]).map_err(sql_err)?;
        let mut vrows = Cursor::new(variants.query([]).map_err(sql_err)?, |r| variant_row(r, 1));
        let mut orows = Cursor::new(occs.query([]).map_err(sql_err)?, |r| provenance_row(r, 1));
        let mut prows = Cursor::new(props.query([]).map_err(sql_err)?, |r| prop_row(r, 1));
        while let Some(row) = unit_rows.next().map_err(sql_err)? {
            let mut unit = unit_head(row).map_err(sql_err)?;
            unit.variants = vrows.take_for(unit.id).map_err(sql_err)?;
            unit.provenance = orows.take_for(unit.id).map_err(sql_err)?;
            unit.props = prows.take_for(unit.id).map_err(sql_err)?;
            f(unit)?;
        }
        Ok(())
    }
}

/// Walks rows ordered by unit id alongside the units query.
struct Cursor<'s, T, F: FnMut(&rusqlite::Row<'_>) -> rusqlite::Result<T>> {
    rows: rusqlite::Rows<'s>,
    pending: Option<(i64, T)>,
    done: bool,
    map: F,
}

impl<'s, T, F: FnMut(&rusqlite::Row<'_>) -> rusqlite::Result<T>> Cursor<'s, T, F> {
    fn new(rows: rusqlite::Rows<'s>, map: F) -> Self {
        Cursor {
            rows,
            pending: None,
            done: false,
            map,
        }
    }

    fn take_for(&mut self, unit_id: i64) -> rusqlite::Result<Vec<T>> {
        let mut out = Vec::new();
        loop {
            if self.pending.is_none() && !self.done {
                match self.rows.next()? {
                    Some(r) => {
                        let id: i64 = r.get(0)?;
                        self.pending = Some((id, (self.map)(r)?));
                    }
                    None => self.done = true,
                }
            }
            match self.pending.take() {
                Some((id, v)) if id == unit_id => out.push(v),
                Some((id, _)) if id < unit_id => continue, // orphan row: skip
                other => {
                    self.pending = other;
                    return Ok(out);
                }
            }
        }
    }
}

fn file_len(p: &Path) -> u64 {
    std::fs::metadata(p).map(|m| m.len()).unwrap_or(0)
}

fn unit_head(r: &rusqlite::Row<'_>) -> rusqlite::Result<Unit> {
    Ok(Unit {
        id: r.get(0)?,
        src_lang: r.get(1)?,
        source: r.get(2)?,
        source_markup: r.get(3)?,
        tuid: r.get(4)?,
        created_at: r.get(5)?,
        created_by: r.get(6)?,
        changed_at: r.get(7)?,
        changed_by: r.get(8)?,
        variants: Vec::new(),
        provenance: Vec::new(),
        props: Vec::new(),
    })
}

fn variant_row(r: &rusqlite::Row<'_>, o: usize) -> rusqlite::Result<Variant> {
    Ok(Variant {
        lang: r.get(o)?,
        text: r.get(o + 1)?,
        markup: r.get(o + 2)?,
        created_at: r.get(o + 3)?,
        created_by: r.get(o + 4)?,
        changed_at: r.get(o + 5)?,
        changed_by: r.get(o + 6)?,
    })
}

fn provenance_row(r: &rusqlite::Row<'_>, o: usize) -> rusqlite::Result<Provenance> {
    Ok(Provenance {
        document: r.get(o)?,
        paragraph: r.get(o + 1)?,
        sentence: r.get(o + 2)?,
        prev_hash: r.get(o + 3)?,
        next_hash: r.get(o + 4)?,
    })
}

fn prop_row(r: &rusqlite::Row<'_>, o: usize) -> rusqlite::Result<Prop> {
    Ok(Prop {
        lang: r.get(o)?,
        kind: r.get(o + 1)?,
        prop_type: r.get(o + 2)?,
        value: r.get(o + 3)?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unit(src: &str, kk: Option<&str>) -> UnitInput {
        UnitInput {
            src_lang: "en".into(),
            source: src.into(),
            targets: kk
                .map(|t| {
                    vec![VariantInput {
                        lang: "KK".into(),
                        text: t.into(),
                        ..Default::default()
                    }]
                })
                .unwrap_or_default(),
            ..Default::default()
        }
    }

    #[test]
    fn a_bulk_writer_still_finds_old_and_new_sources_once_it_filters_keys() {
        let mut s = Store::open_in_memory().unwrap();
        let mut tx = s.begin("tester").unwrap();
        let (old, _) = tx.upsert_unit(&unit("Old.", Some("Ескі."))).unwrap();
        let mut w = tx.writer().unwrap();
        let prep = |src: &str, kk: &str| PreparedUnit::new(unit(src, Some(kk))).unwrap();
        // Enough units for the writer to build its key filter.
        let mut ids = Vec::new();
        for i in 0..10_000 {
            ids.push(w.upsert(&prep(&format!("Unit {i}."), "Бір.")).unwrap());
        }
        assert!(ids.iter().all(|(_, c)| *c == Change::Added));
        // Sources from before the writer and from early in its run are merged, not added.
        assert_eq!(
            w.upsert(&prep("Old.", "Ескі.")).unwrap(),
            (old, Change::Unchanged)
        );
        assert_eq!(
            w.upsert(&prep("Unit 7.", "Жеті.")).unwrap(),
            (ids[7].0, Change::Updated)
        );
        assert_eq!(
            w.upsert(&prep("Unit 9999.", "Бір.")).unwrap(),
            (ids[9999].0, Change::Unchanged)
        );
        drop(w);
        tx.commit().unwrap();
        assert_eq!(s.stats().unwrap().units, 10_001);
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

    #[test]
    fn an_exclusive_import_still_refuses_occurrences_of_missing_units_and_documents() {
        let dir = tempfile::tempdir().unwrap();
        let mut s = Store::open(&dir.path().join("tm.db")).unwrap();
        let mut tx = s.begin_import("t").unwrap();
        assert!(tx.exclusive());
        let (one, _) = tx.upsert_unit(&unit("One.", None)).unwrap();
        let doc = tx.record_document("r.en.txt", "en", "x").unwrap();
        let at = |document_id, sentence| Occurrence {
            document_id,
            paragraph: 1,
            sentence,
            prev_hash: None,
            next_hash: None,
        };
        let mut w = tx.writer().unwrap();
        let (two, _) = w
            .upsert(&PreparedUnit::new(unit("Two.", None)).unwrap())
            .unwrap();
        w.add_occurrence(two, &at(doc, 2)).unwrap();
        w.add_occurrence(one, &at(doc, 1)).unwrap();
        for (u, d) in [(two + 1, doc), (two, doc + 1), (-1, doc)] {
            let e = w.add_occurrence(u, &at(d, 3)).unwrap_err().to_string();
            assert!(e.contains("FOREIGN KEY"), "unit {u}, document {d}: {e}");
        }
        drop(w);
        // Deleting a unit takes its occurrences and variants along, as the cascade would.
        assert!(tx.delete_unit(one).unwrap());
        tx.commit().unwrap();
        let fk: i64 = s
            .conn()
            .query_row("PRAGMA foreign_keys", [], |r| r.get(0))
            .unwrap();
        assert_eq!(fk, 1, "foreign keys are checked again after the import");
        let orphans: i64 = s
            .conn()
            .query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |r| {
                r.get(0)
            })
            .unwrap();
        assert_eq!(orphans, 0);
        let occurrences: i64 = s
            .conn()
            .query_row("SELECT count(*) FROM occurrences", [], |r| r.get(0))
            .unwrap();
        assert_eq!(occurrences, 1);
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
    fn identical_pairs_are_stored_once_and_changes_update_the_variant() {
        let mut s = Store::open_in_memory().unwrap();
        let mut tx = s.begin("tester").unwrap();
        let (a, c1) = tx
            .upsert_unit(&unit("Police came.", Some("Полиция келді.")))
            .unwrap();
        let (b, c2) = tx
            .upsert_unit(&unit("Police came.", Some("Полиция келді.")))
            .unwrap();
        let (c, c3) = tx
            .upsert_unit(&unit("Police came.", Some("Полиция келген.")))
            .unwrap();
        tx.commit().unwrap();
        assert_eq!((a, b, c), (a, a, a));
        assert_eq!(
            (c1, c2, c3),
            (Change::Added, Change::Unchanged, Change::Updated)
        );
        let u = s.unit(a).unwrap().unwrap();
        assert_eq!(u.variants.len(), 1);
        assert_eq!(u.variants[0].lang, "kk");
        assert_eq!(u.variants[0].text, "Полиция келген.");
        assert_eq!(s.stats().unwrap().units, 1);
    }

    #[test]
    fn nfc_equivalent_sources_are_one_unit_but_text_is_kept_as_given() {
        let mut s = Store::open_in_memory().unwrap();
        let decomposed = "Caf\u{65}\u{301} opened.";
        let mut tx = s.begin("t").unwrap();
        let (a, _) = tx.upsert_unit(&unit(decomposed, None)).unwrap();
        let (b, ch) = tx.upsert_unit(&unit("Caf\u{e9} opened.", None)).unwrap();
        tx.commit().unwrap();
        assert_eq!(a, b);
        assert_eq!(ch, Change::Unchanged);
        assert_eq!(s.unit(a).unwrap().unwrap().source, decomposed);
    }

    #[test]
    fn uncommitted_transaction_stores_nothing() {
        let mut s = Store::open_in_memory().unwrap();
        {
            let mut tx = s.begin("t").unwrap();
            tx.upsert_unit(&unit("Lost.", Some("Жоғалды."))).unwrap();
        }
        assert_eq!(s.stats().unwrap().units, 0);
    }

    #[test]
    fn delete_removes_unit_and_its_variants() {
        let mut s = Store::open_in_memory().unwrap();
        let mut tx = s.begin("t").unwrap();
        let (id, _) = tx.upsert_unit(&unit("Gone.", Some("Кетті."))).unwrap();
        assert!(tx.delete_unit(id).unwrap());
        assert!(!tx.delete_unit(id).unwrap());
        tx.commit().unwrap();
        let st = s.stats().unwrap();
        assert_eq!((st.units, st.target_languages.len()), (0, 0));
    }

    #[test]
    fn new_source_markup_for_an_existing_source_replaces_the_old() {
        let mut s = Store::open_in_memory().unwrap();
        let mut tx = s.begin("t").unwrap();
        let mut u = unit("Click OK.", None);
        let (id, _) = tx.upsert_unit(&u).unwrap();
        u.source_markup = Some(r#"Click <ph x="1">&lt;b&gt;</ph>OK."#.into());
        assert_eq!(tx.upsert_unit(&u).unwrap(), (id, Change::Updated));
        assert_eq!(tx.upsert_unit(&u).unwrap(), (id, Change::Unchanged));
        tx.commit().unwrap();
        assert_eq!(s.unit(id).unwrap().unwrap().source_markup, u.source_markup);
    }

    #[test]
    fn an_occurrence_at_a_taken_position_moves_to_the_new_unit() {
        let mut s = Store::open_in_memory().unwrap();
        let mut tx = s.begin("t").unwrap();
        let doc = tx.record_document("r.en.txt", "en", "x").unwrap();
        let (a, _) = tx.upsert_unit(&unit("First.", None)).unwrap();
        let (b, _) = tx.upsert_unit(&unit("Second.", None)).unwrap();
        let at = |next: &str| Occurrence {
            document_id: doc,
            paragraph: 1,
            sentence: 1,
            prev_hash: None,
            next_hash: Some(next.into()),
        };
        tx.add_occurrence(a, &at("n1")).unwrap();
        tx.add_occurrence(b, &at("n2")).unwrap();
        tx.commit().unwrap();
        assert!(s.unit(a).unwrap().unwrap().provenance.is_empty());
        let p = s.unit(b).unwrap().unwrap().provenance;
        assert_eq!(p.len(), 1);
        assert_eq!(p[0].next_hash.as_deref(), Some("n2"));
    }

    #[test]
    fn ids_of_deleted_units_and_variants_are_never_reused() {
        let mut s = Store::open_in_memory().unwrap();
        let mut tx = s.begin("t").unwrap();
        tx.upsert_unit(&unit("One.", Some("Бір."))).unwrap();
        let (two, _) = tx.upsert_unit(&unit("Two.", Some("Екі."))).unwrap();
        tx.delete_unit(two).unwrap();
        tx.commit().unwrap();
        let mut tx = s.begin("t").unwrap();
        let (three, _) = tx.upsert_unit(&unit("Three.", Some("Үш."))).unwrap();
        tx.commit().unwrap();
        assert_eq!(three, two + 1);
        let vid: i64 = s
            .conn()
            .query_row("SELECT id FROM variants WHERE unit_id = ?1", [three], |r| {
                r.get(0)
            })
            .unwrap();
        assert_eq!(vid, 3, "the deleted unit's variant id 2 is not reused");
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

    #[test]
    fn for_each_unit_streams_units_with_their_variants_in_order() {
        let mut s = Store::open_in_memory().unwrap();
        let mut tx = s.begin("t").unwrap();
        tx.upsert_unit(&unit("One.", Some("Бір."))).unwrap();
        tx.upsert_unit(&unit("Two.", None)).unwrap();
        tx.upsert_unit(&unit("Three.", Some("Үш."))).unwrap();
        tx.commit().unwrap();
        let mut seen = Vec::new();
        s.for_each_unit::<StoreError, _>(|u| {
            seen.push((u.source.clone(), u.variants.len()));
            Ok(())
        })
        .unwrap();
        assert_eq!(
            seen,
            vec![("One.".into(), 1), ("Two.".into(), 0), ("Three.".into(), 1)]
        );
    }

    #[test]
    fn bad_language_tag_is_refused() {
        let mut s = Store::open_in_memory().unwrap();
        let mut tx = s.begin("t").unwrap();
        let mut u = unit("X.", None);
        u.src_lang = "english language".into();
        assert!(matches!(tx.upsert_unit(&u), Err(StoreError::BadLang(_))));
    }
}
