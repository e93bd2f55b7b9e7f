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

/// Adds the units and variants above the FTS watermarks to the concordance tables in two
/// bulk statements and moves the watermarks up (in a savepoint: all or nothing). Returns
/// the number of rows added. Memory stays bounded: the rows are read through SQLite's
/// page cache, not a memory map (see `without_mmap`).
pub fn sync_fts(conn: &Connection) -> Result<usize, IndexError> {
    without_mmap(conn, || {
        conn.execute_batch("SAVEPOINT fz_fts_sync")?;
        match sync_fts_inner(conn) {
            Ok(n) => {
                conn.execute_batch("RELEASE fz_fts_sync")?;
                Ok(n)
            }
            Err(e) => {
                let _ = conn.execute_batch("ROLLBACK TO fz_fts_sync; RELEASE fz_fts_sync");
                Err(e)
            }
        }
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

fn sync_fts_inner(conn: &Connection) -> Result<usize, IndexError> {
    let mut n = 0;
    for (table, fts, col, key) in [
        ("units", "fz_fts_units", "source_nfc", "fts_units_wm"),
        ("variants", "fz_fts_variants", "text_nfc", "fts_variants_wm"),
    ] {
        // Table and column names are constants above, never user input.
        let wm: i64 = conn.query_row(
            "SELECT coalesce((SELECT value FROM fz_state WHERE key = ?1), 0)",
            [key],
            |r| r.get(0),
        )?;
        n += conn.execute(
            &format!("INSERT INTO {fts}(rowid, {col}) SELECT id, {col} FROM {table} WHERE id > ?1"),
            [wm],
        )?;
        conn.execute(
            &format!(
                "INSERT OR REPLACE INTO fz_state(key, value)
                 VALUES (?1, (SELECT max(?2, coalesce(max(id), 0)) FROM {table}))"
            ),
            params![key, wm],
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
    /// Most rows read from each table (0 = all).
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

/// The texts matching the search, marked up to the search's length: sources (newest unit
/// first), then targets (newest unit first), at most `limit` of each.
pub(crate) fn search(
    conn: &Connection,
    s: &PhraseSearch<'_>,
) -> Result<Vec<MarkedText>, IndexError> {
    let lim = if s.limit == 0 { -1 } else { s.limit as i64 };
    let (open, close) = (s.open.to_string(), s.close.to_string());
    let mark_up_to = i64::try_from(s.mark_up_to).unwrap_or(i64::MAX);
    let mut out = Vec::new();
    for sql in [
        "SELECT u.id, u.src_lang, length(fz_fts_units.source_nfc) <= ?6,
                CASE WHEN length(fz_fts_units.source_nfc) <= ?6
                     THEN highlight(fz_fts_units, 0, ?2, ?3) ELSE fz_fts_units.source_nfc END
         FROM fz_fts_units JOIN units u ON u.id = fz_fts_units.rowid
         WHERE fz_fts_units MATCH ?1 AND (?4 IS NULL OR u.src_lang = ?4)
         ORDER BY u.id DESC LIMIT ?5",
        "SELECT v.unit_id, v.lang, length(fz_fts_variants.text_nfc) <= ?6,
                CASE WHEN length(fz_fts_variants.text_nfc) <= ?6
                     THEN highlight(fz_fts_variants, 0, ?2, ?3) ELSE fz_fts_variants.text_nfc END
         FROM fz_fts_variants JOIN variants v ON v.id = fz_fts_variants.rowid
         WHERE fz_fts_variants MATCH ?1 AND (?4 IS NULL OR v.lang = ?4)
         ORDER BY v.unit_id DESC LIMIT ?5",
    ] {
        let mut stmt = conn.prepare_cached(sql)?;
        let args = params![s.query, open, close, s.lang, lim, mark_up_to];
        let rows = stmt.query_map(args, |r| {
            Ok(MarkedText {
                unit: r.get(0)?,
                lang: r.get(1)?,
                marked: r.get(2)?,
                text: r.get(3)?,
            })
        })?;
        for row in rows {
            out.push(row?);
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::{Store, UnitInput, VariantInput};

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
            sync_fts_inner(conn)
        })
        .unwrap();
        assert_eq!((n, during.get(), mmap(conn)), (2, 0, 1 << 24));
        assert!(!fts_needs_sync(conn).unwrap());
    }
}
