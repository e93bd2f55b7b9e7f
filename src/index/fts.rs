//! The concordance index: SQLite FTS5 tables over `units.source_nfc` and
//! `variants.text_nfc` (migration 3), filled lazily — the first concordance after an import
//! adds the new rows in bulk — and kept in step by triggers for rows already in them.
//!
//! Watermarks in `fz_state` (`fts_units_wm`, `fts_variants_wm`) are the largest unit and
//! variant ids in the tables: rows above them are added by [`sync_fts`], rows at or below
//! them follow by trigger, so every row is indexed exactly once.

use rusqlite::{params, Connection, OptionalExtension};

use super::IndexError;

/// Whether rows were added to `units` or `variants` since the last [`sync_fts`].
pub fn fts_needs_sync(conn: &Connection) -> Result<bool, IndexError> {
    Ok(conn.query_row(
        "SELECT (SELECT coalesce(max(id), 0) FROM units)
                    > coalesce((SELECT value FROM fz_state WHERE key = 'fts_units_wm'), 0)
                OR (SELECT coalesce(max(id), 0) FROM variants)
                    > coalesce((SELECT value FROM fz_state WHERE key = 'fts_variants_wm'), 0)",
        [],
        |r| r.get(0),
    )?)
}

/// The number of units and variants above the FTS watermarks (an upper bound: ids of
/// deleted rows count): what [`sync_fts`] or the batches of [`sync_fts_batch`] will add.
pub fn fts_rows_behind(conn: &Connection) -> Result<u64, IndexError> {
    let n: i64 = conn.query_row(
        "SELECT max(0, (SELECT coalesce(max(id), 0) FROM units)
                    - coalesce((SELECT value FROM fz_state WHERE key = 'fts_units_wm'), 0))
              + max(0, (SELECT coalesce(max(id), 0) FROM variants)
                    - coalesce((SELECT value FROM fz_state WHERE key = 'fts_variants_wm'), 0))",
        [],
        |r| r.get(0),
    )?;
    Ok(n.max(0) as u64)
}

/// Adds the units and variants above the FTS watermarks to the concordance tables in two
/// bulk statements and moves the watermarks up (in a savepoint: all or nothing). Returns
/// the number of rows added. A large TM holds the write lock for as long as this takes
/// (memory stays bounded: see `without_mmap`);
/// [`sync_fts_batch`] adds the rows a batch at a time.
pub fn sync_fts(conn: &Connection) -> Result<usize, IndexError> {
    without_mmap(conn, || {
        in_savepoint(conn, || {
            let mut n = 0;
            for t in TABLES {
                n += t.add_above_watermark(conn, None)?;
            }
            Ok(n)
        })
    })
}

/// Rows a batch of [`sync_fts_batch`] adds: a few tenths of a second of work, so that the
/// first concordance after a large import never holds the TM's write lock for long.
pub const FTS_BATCH_ROWS: usize = 20_000;

/// Adds at most `limit` of the rows above the FTS watermarks (units first, then variants,
/// in id order) and moves the watermarks past them (in a savepoint: all or nothing).
/// Returns the number of rows added; 0 when the tables are in step. Run each batch in a
/// transaction of its own and the tables grow a batch at a time, readers seeing them
/// complete at every commit (rows above the watermarks are not searched as indexed).
pub fn sync_fts_batch(conn: &Connection, limit: usize) -> Result<usize, IndexError> {
    without_mmap(conn, || {
        in_savepoint(conn, || {
            let mut n = 0;
            for t in TABLES {
                if n < limit {
                    n += t.add_above_watermark(conn, Some(limit - n))?;
                }
            }
            Ok(n)
        })
    })
}

/// Runs `build` with memory-mapped I/O off on `conn`, then restores it. Building the
/// concordance tables reads every new unit and variant once: through a memory map, every
/// page read stays mapped into the process until the connection closes (the resident size
/// of the first concordance after a large import grew with the TM, to the size of the TM
/// file), while read through SQLite's page cache the build holds at most the cache
/// (`cache_size`) — and it is no slower.
fn without_mmap<T>(
    conn: &Connection,
    build: impl FnOnce() -> Result<T, IndexError>,
) -> Result<T, IndexError> {
    // No row for a database without a file (in memory).
    let mmap: i64 = conn
        .query_row("PRAGMA mmap_size", [], |r| r.get(0))
        .optional()?
        .unwrap_or(0);
    if mmap == 0 {
        return build();
    }
    conn.pragma_update(None, "mmap_size", 0)?;
    let out = build();
    let restored = conn.pragma_update(None, "mmap_size", mmap);
    let out = out?;
    restored?;
    Ok(out)
}

fn in_savepoint(
    conn: &Connection,
    work: impl FnOnce() -> Result<usize, IndexError>,
) -> Result<usize, IndexError> {
    conn.execute_batch("SAVEPOINT fz_fts_sync")?;
    match work() {
        Ok(n) => {
            conn.execute_batch("RELEASE fz_fts_sync")?;
            Ok(n)
        }
        Err(e) => {
            let _ = conn.execute_batch("ROLLBACK TO fz_fts_sync; RELEASE fz_fts_sync");
            Err(e)
        }
    }
}

/// A table of the TM and its concordance table.
struct Indexed {
    table: &'static str,
    fts: &'static str,
    col: &'static str,
    /// Its watermark's key in `fz_state`.
    key: &'static str,
}

/// Units and variants (table and column names are constants, never user input).
const TABLES: [Indexed; 2] = [
    Indexed {
        table: "units",
        fts: "fz_fts_units",
        col: "source_nfc",
        key: "fts_units_wm",
    },
    Indexed {
        table: "variants",
        fts: "fz_fts_variants",
        col: "text_nfc",
        key: "fts_variants_wm",
    },
];

impl Indexed {
    /// Adds the rows above the watermark, at most `limit` of them (the lowest ids), and
    /// moves the watermark to the last row added (past every row when all were added).
    fn add_above_watermark(
        &self,
        conn: &Connection,
        limit: Option<usize>,
    ) -> Result<usize, IndexError> {
        let Indexed {
            table,
            fts,
            col,
            key,
        } = self;
        let wm: i64 = conn.query_row(
            "SELECT coalesce((SELECT value FROM fz_state WHERE key = ?1), 0)",
            [key],
            |r| r.get(0),
        )?;
        let lim = limit.map_or(-1, |l| l as i64);
        // The largest id of the rows added: the limit-th row above the watermark, or the
        // last one when there are fewer.
        let upto: Option<i64> = conn.query_row(
            &format!(
                "SELECT max(id) FROM (SELECT id FROM {table} WHERE id > ?1 ORDER BY id LIMIT ?2)"
            ),
            params![wm, lim],
            |r| r.get(0),
        )?;
        let Some(upto) = upto else {
            return Ok(0);
        };
        let n = conn.execute(
            &format!(
                "INSERT INTO {fts}(rowid, {col}) SELECT id, {col} FROM {table}
                 WHERE id > ?1 AND id <= ?2"
            ),
            [wm, upto],
        )?;
        conn.execute(
            "INSERT OR REPLACE INTO fz_state(key, value) VALUES (?1, ?2)",
            params![key, upto],
        )?;
        Ok(n)
    }
}

/// For a TM that cannot be written (a read-only medium) and whose concordance tables are
/// behind it: builds this connection's own concordance tables over every unit and variant,
/// in its temporary database, with their watermarks. SQLite looks names up in `temp` first,
/// so this connection's searches ([`search`], [`fts_needs_sync`]) read them instead of the
/// TM's, and find every row; nothing is written to the TM. Costs about what building the
/// TM's tables would, once per connection. Returns the number of rows indexed.
///
/// A connection to a TM that cannot be written keeps its temporary database in a file
/// (`store` opens it so: SQLite's temporary directory, `SQLITE_TMPDIR`, else `TMPDIR`, else
/// `/var/tmp` or `/tmp`), deleted when the connection closes and read through a page cache
/// of bounded size, so the build's memory does not grow with the TM.
pub(crate) fn index_in_temp_file(conn: &Connection) -> Result<usize, IndexError> {
    // Read through the page cache, not a memory map (see `without_mmap`).
    without_mmap(conn, || build_temp_tables(conn))
}

fn build_temp_tables(conn: &Connection) -> Result<usize, IndexError> {
    conn.execute_batch(
        "CREATE TEMP TABLE IF NOT EXISTS fz_state(key TEXT PRIMARY KEY, value);
         INSERT OR REPLACE INTO temp.fz_state(key, value)
             SELECT key, value FROM main.fz_state;
         CREATE VIRTUAL TABLE IF NOT EXISTS temp.fz_fts_units USING fts5(
             source_nfc, tokenize = 'unicode61 remove_diacritics 0');
         CREATE VIRTUAL TABLE IF NOT EXISTS temp.fz_fts_variants USING fts5(
             text_nfc, tokenize = 'unicode61 remove_diacritics 0');",
    )?;
    let mut n = 0;
    for Indexed {
        table,
        fts,
        col,
        key,
    } in TABLES
    {
        conn.execute(&format!("DELETE FROM temp.{fts}"), [])?;
        conn.execute("DELETE FROM temp.fz_state WHERE key = ?1", [key])?;
        n += conn.execute(
            &format!("INSERT INTO temp.{fts}(rowid, {col}) SELECT id, {col} FROM main.{table}"),
            [],
        )?;
        conn.execute(
            &format!(
                "INSERT INTO temp.fz_state(key, value)
                 SELECT ?1, coalesce(max(id), 0) FROM main.{table}"
            ),
            [key],
        )?;
    }
    Ok(n)
}

/// A search of the concordance tables.
#[derive(Debug, Clone, Copy)]
pub(crate) struct PhraseSearch<'a> {
    /// The FTS5 query.
    pub query: &'a str,
    /// Only texts in this language (the source or a target language), when given.
    pub lang: Option<&'a str>,
    /// Most units given (0 = all).
    pub limit: usize,
    /// What the text gets before each matched word…
    pub open: char,
    /// …and after it.
    pub close: char,
    /// Texts of at most this many characters come back marked; longer ones plain. (FTS5's
    /// `highlight()` copies its whole output at each marker: time quadratic in the length of
    /// a text with many hits.)
    pub mark_up_to: usize,
}

/// A text (a unit's source or one of its targets) in which the phrase was found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct MarkedText {
    /// The unit.
    pub unit: i64,
    /// The text's language.
    pub lang: String,
    /// The NFC text, with the matched words between the search's markers when `marked`.
    pub text: String,
    /// Whether `text` is marked (it is no longer than the search's `mark_up_to`).
    pub marked: bool,
}

/// The texts matching the search, marked up to the search's length, unit by unit, newest
/// unit first: `each` gets a unit's id and its texts found (source first) and says whether
/// to go on. At most `limit` units when the search has one. Only one unit's texts are held
/// at a time, however many units hold the phrase (`--limit 0` on a frequent word).
///
/// Read through the page cache, not a memory map (see `without_mmap`): a frequent phrase
/// matches texts all over the TM, and the targets are sorted by unit, so every matching
/// row is read; through a memory map each page read would stay in the process (at 1M
/// units, 500 MB more for a word most units have). The sources come straight from the
/// concordance table newest first (its rowid is the unit's id), and rows are read only as
/// far as the units given to `each`.
pub(crate) fn search_each<E: From<IndexError>>(
    conn: &Connection,
    s: &PhraseSearch<'_>,
    each: &mut dyn FnMut(i64, Vec<MarkedText>) -> Result<bool, E>,
) -> Result<(), E> {
    let mut failed = None;
    without_mmap(conn, || {
        let r = search_units(conn, s, each);
        if let Err(e) = r {
            failed = Some(e);
        }
        Ok(())
    })?;
    failed.map_or(Ok(()), Err)
}

const SOURCES: &str = "SELECT u.id, u.src_lang, length(fz_fts_units.source_nfc) <= ?5,
        CASE WHEN length(fz_fts_units.source_nfc) <= ?5
             THEN highlight(fz_fts_units, 0, ?2, ?3) ELSE fz_fts_units.source_nfc END
    FROM fz_fts_units JOIN units u ON u.id = fz_fts_units.rowid
    WHERE fz_fts_units MATCH ?1 AND (?4 IS NULL OR u.src_lang = ?4)
    ORDER BY fz_fts_units.rowid DESC";

const TARGETS: &str = "SELECT v.unit_id, v.lang, length(fz_fts_variants.text_nfc) <= ?5,
        CASE WHEN length(fz_fts_variants.text_nfc) <= ?5
             THEN highlight(fz_fts_variants, 0, ?2, ?3) ELSE fz_fts_variants.text_nfc END
    FROM fz_fts_variants JOIN variants v ON v.id = fz_fts_variants.rowid
    WHERE fz_fts_variants MATCH ?1 AND (?4 IS NULL OR v.lang = ?4)
    ORDER BY v.unit_id DESC, v.id";

/// Merges the sources' and the targets' rows (both newest unit first) into units.
fn search_units<E: From<IndexError>>(
    conn: &Connection,
    s: &PhraseSearch<'_>,
    each: &mut dyn FnMut(i64, Vec<MarkedText>) -> Result<bool, E>,
) -> Result<(), E> {
    let (open, close) = (s.open.to_string(), s.close.to_string());
    let mark_up_to = i64::try_from(s.mark_up_to).unwrap_or(i64::MAX);
    let mut sources = conn.prepare_cached(SOURCES).map_err(IndexError::from)?;
    let mut targets = conn.prepare_cached(TARGETS).map_err(IndexError::from)?;
    let args = params![s.query, open, close, s.lang, mark_up_to];
    let mut sources = Texts::new(sources.query(args).map_err(IndexError::from)?)?;
    let args = params![s.query, open, close, s.lang, mark_up_to];
    let mut targets = Texts::new(targets.query(args).map_err(IndexError::from)?)?;
    let mut given = 0usize;
    loop {
        let unit = match (sources.unit(), targets.unit()) {
            (Some(a), Some(b)) => a.max(b),
            (Some(a), None) => a,
            (None, Some(b)) => b,
            (None, None) => return Ok(()),
        };
        let mut texts = sources.take(unit)?;
        texts.extend(targets.take(unit)?);
        given += 1;
        if !each(unit, texts)? || (s.limit > 0 && given >= s.limit) {
            return Ok(());
        }
    }
}

/// The rows of one search statement, read one ahead.
struct Texts<'s> {
    rows: rusqlite::Rows<'s>,
    next: Option<MarkedText>,
}

impl<'s> Texts<'s> {
    fn new(rows: rusqlite::Rows<'s>) -> Result<Texts<'s>, IndexError> {
        let mut t = Texts { rows, next: None };
        t.advance()?;
        Ok(t)
    }

    fn advance(&mut self) -> Result<(), IndexError> {
        self.next = match self.rows.next()? {
            Some(r) => Some(MarkedText {
                unit: r.get(0)?,
                lang: r.get(1)?,
                marked: r.get(2)?,
                text: r.get(3)?,
            }),
            None => None,
        };
        Ok(())
    }

    /// The unit of the next row.
    fn unit(&self) -> Option<i64> {
        self.next.as_ref().map(|t| t.unit)
    }

    /// The next rows while they are of `unit`.
    fn take(&mut self, unit: i64) -> Result<Vec<MarkedText>, IndexError> {
        let mut out = Vec::new();
        while self.unit() == Some(unit) {
            if let Some(t) = self.next.take() {
                out.push(t);
            }
            self.advance()?;
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::{Store, UnitInput, VariantInput};

    /// A TM of `n` units, each with a kk translation; concordance tables empty.
    fn tm(n: usize) -> Store {
        let mut s = Store::open_in_memory().unwrap();
        let mut tx = s.begin("t").unwrap();
        for i in 0..n {
            tx.upsert_unit(&UnitInput {
                src_lang: "en".into(),
                source: format!("Police detained activist number {i}."),
                targets: vec![VariantInput {
                    lang: "kk".into(),
                    text: format!("Полиция {i} белсендіні ұстады."),
                    ..Default::default()
                }],
                ..Default::default()
            })
            .unwrap();
        }
        tx.commit().unwrap();
        s
    }

    fn found(conn: &Connection, query: &str) -> Vec<MarkedText> {
        let s = PhraseSearch {
            query,
            lang: None,
            limit: 0,
            open: '[',
            close: ']',
            mark_up_to: usize::MAX,
        };
        let mut out = Vec::new();
        search_each::<IndexError>(conn, &s, &mut |_, texts| {
            out.extend(texts);
            Ok(true)
        })
        .unwrap();
        out
    }

    #[test]
    fn batches_add_at_most_their_limit_and_end_as_one_sync_does() {
        let batched = tm(7);
        let mut sizes = Vec::new();
        loop {
            let n = sync_fts_batch(batched.conn(), 4).unwrap();
            if n == 0 {
                break;
            }
            assert!(fts_needs_sync(batched.conn()).unwrap() || sizes.len() == 3);
            sizes.push(n);
        }
        // 7 units, then 7 variants, four rows at a time.
        assert_eq!(sizes, [4, 4, 4, 2]);
        assert!(!fts_needs_sync(batched.conn()).unwrap());
        let whole = tm(7);
        assert_eq!(sync_fts(whole.conn()).unwrap(), 14);
        for q in ["\"activist\"", "\"number 3\"", "\"белсендіні\""] {
            let hits = found(batched.conn(), q);
            assert!(!hits.is_empty(), "{q}");
            assert_eq!(hits, found(whole.conn(), q), "{q}");
        }
    }

    #[test]
    fn a_batch_stops_at_the_rows_present_and_a_later_one_adds_new_rows() {
        let mut s = tm(2);
        assert_eq!(sync_fts_batch(s.conn(), 100).unwrap(), 4);
        assert_eq!(sync_fts_batch(s.conn(), 100).unwrap(), 0);
        let mut tx = s.begin("t").unwrap();
        tx.upsert_unit(&UnitInput {
            src_lang: "en".into(),
            source: "Officials declined to comment.".into(),
            ..Default::default()
        })
        .unwrap();
        tx.commit().unwrap();
        assert!(fts_needs_sync(s.conn()).unwrap());
        assert_eq!(sync_fts_batch(s.conn(), 100).unwrap(), 1);
        assert_eq!(found(s.conn(), "\"declined\"").len(), 1);
    }

    #[test]
    fn the_build_reads_without_a_memory_map_and_gives_it_back() {
        let dir = tempfile::tempdir().unwrap();
        let mut s = Store::open(&dir.path().join("tm.db")).unwrap();
        let mut tx = s.begin("t").unwrap();
        tx.upsert_unit(&UnitInput {
            src_lang: "en".into(),
            source: "Police detained activists.".into(),
            targets: vec![VariantInput {
                lang: "kk".into(),
                text: "Полиция белсенділерді ұстады.".into(),
                ..Default::default()
            }],
            ..Default::default()
        })
        .unwrap();
        tx.commit().unwrap();
        let conn = s.conn();
        let mmap =
            |c: &Connection| -> i64 { c.query_row("PRAGMA mmap_size", [], |r| r.get(0)).unwrap() };
        conn.pragma_update(None, "mmap_size", 1 << 24).unwrap();
        let during = std::cell::Cell::new(-1);
        let n = without_mmap(conn, || {
            during.set(mmap(conn));
            sync_fts(conn)
        })
        .unwrap();
        assert_eq!((n, during.get(), mmap(conn)), (2, 0, 1 << 24));
        assert!(!fts_needs_sync(conn).unwrap());
    }
}
