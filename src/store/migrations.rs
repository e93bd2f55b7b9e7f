//! Versioned schema migrations, keyed on `PRAGMA user_version`.
//!
//! Migration `i` (0-based in [`MIGRATIONS`]) brings the schema from version `i` to `i + 1`.
//! Never edit a released migration: append a new one.
//!
//! [`migrate`] runs the missing ones once, whoever else opens the TM at the same moment:
//! inside one write transaction that reads the version again after taking the TM's write
//! lock, so a process that waited for another one's upgrade (or creation) finds the schema
//! up to date and changes nothing.

use std::path::Path;

use rusqlite::{Connection, OptionalExtension};

use super::wait::{waiting, WaitNotice};
use super::{Result, StoreError};

/// The newest schema version this build knows.
pub(super) fn supported() -> i64 {
    MIGRATIONS.len() as i64
}

/// The schema version recorded in the TM.
pub(super) fn version(conn: &Connection) -> rusqlite::Result<i64> {
    conn.query_row("PRAGMA user_version", [], |r| r.get(0))
}

/// Fails when the TM was written by a newer tmkit.
pub(super) fn not_too_new(path: &Path, found: i64) -> Result<()> {
    if found > supported() {
        return Err(StoreError::TooNew {
            path: path.to_path_buf(),
            found,
            supported: supported(),
        });
    }
    Ok(())
}

/// Brings the schema of `conn`'s TM up to date, in one `BEGIN IMMEDIATE` transaction (all
/// migrations or none): waits for the write lock (announced by `notice`), reads the version
/// again under it, runs what is still missing and commits. Foreign keys must be off on
/// `conn` (migrations that rebuild a table would cascade); they are checked before the
/// commit.
pub(super) fn migrate(conn: &Connection, path: &Path, notice: WaitNotice) -> Result<()> {
    waiting(conn, path, notice, |c| c.execute_batch("BEGIN IMMEDIATE"))?;
    match migrate_locked(conn, path) {
        Ok(()) => Ok(conn.execute_batch("COMMIT")?),
        Err(e) => {
            let _ = conn.execute_batch("ROLLBACK");
            Err(e)
        }
    }
}

fn migrate_locked(conn: &Connection, path: &Path) -> Result<()> {
    let found = version(conn)?;
    not_too_new(path, found)?;
    for (i, sql) in MIGRATIONS.iter().enumerate().skip(found as usize) {
        let to = (i + 1) as i64;
        before(conn, to)?;
        conn.execute_batch(sql)?;
        let broken: Option<String> = conn
            .query_row("PRAGMA foreign_key_check", [], |r| r.get(0))
            .optional()?;
        if let Some(table) = broken {
            return Err(StoreError::Migration {
                path: path.to_path_buf(),
                version: to,
                message: format!("rows of {table} refer to missing rows"),
            });
        }
        conn.pragma_update(None, "user_version", to)?;
    }
    Ok(())
}

/// The SQL of each migration, in order.
pub(crate) const MIGRATIONS: &[&str] = &[
    // 1: documents, units, variants, occurrences (provenance), props and notes.
    r#"
CREATE TABLE meta(
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
CREATE TABLE documents(
    id          INTEGER PRIMARY KEY,
    path        TEXT NOT NULL,
    lang        TEXT NOT NULL,
    sha256      TEXT NOT NULL,
    imported_at TEXT NOT NULL,
    UNIQUE(path, lang)
);
CREATE TABLE units(
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    src_lang      TEXT NOT NULL,
    source        TEXT NOT NULL,
    -- NFC form when it differs from source (rare); read source_nfc instead.
    source_nfc_diff TEXT,
    source_nfc    TEXT GENERATED ALWAYS AS (coalesce(source_nfc_diff, source)) VIRTUAL,
    source_key    INTEGER NOT NULL,
    source_markup TEXT,
    tuid          TEXT,
    created_at    TEXT NOT NULL,
    created_by    TEXT NOT NULL,
    changed_at    TEXT NOT NULL,
    changed_by    TEXT NOT NULL
);
CREATE INDEX units_source_key ON units(source_key);
CREATE TABLE variants(
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    unit_id    INTEGER NOT NULL REFERENCES units(id) ON DELETE CASCADE,
    lang       TEXT NOT NULL,
    text       TEXT NOT NULL,
    -- NFC form when it differs from text (rare); read text_nfc instead.
    text_nfc_diff TEXT,
    text_nfc   TEXT GENERATED ALWAYS AS (coalesce(text_nfc_diff, text)) VIRTUAL,
    markup     TEXT,
    created_at TEXT NOT NULL,
    created_by TEXT NOT NULL,
    changed_at TEXT NOT NULL,
    changed_by TEXT NOT NULL,
    UNIQUE(unit_id, lang)
);
CREATE TABLE occurrences(
    unit_id     INTEGER NOT NULL REFERENCES units(id) ON DELETE CASCADE,
    document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    paragraph   INTEGER NOT NULL,
    sentence    INTEGER NOT NULL,
    prev_hash   TEXT,
    next_hash   TEXT,
    PRIMARY KEY(document_id, paragraph, sentence)
);
CREATE INDEX occurrences_unit ON occurrences(unit_id);
CREATE TABLE props(
    id      INTEGER PRIMARY KEY,
    unit_id INTEGER NOT NULL REFERENCES units(id) ON DELETE CASCADE,
    lang    TEXT,
    kind    TEXT NOT NULL CHECK(kind IN ('prop', 'note')),
    type    TEXT,
    value   TEXT NOT NULL
);
CREATE INDEX props_unit ON props(unit_id);
"#,
    // 2: fuzzy-match index (token postings kept in step by `index::sync_index`, with
    // triggers recording deletions and out-of-order inserts) and FTS5 concordance tables
    // over units and variants (kept in step by triggers).
    r#"
CREATE TABLE fz_state(
    key   TEXT PRIMARY KEY,
    value
);
CREATE TABLE fz_tokens(
    id    INTEGER PRIMARY KEY,
    token TEXT NOT NULL UNIQUE,
    df    INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE fz_postings(
    id         INTEGER PRIMARY KEY,
    token_id   INTEGER NOT NULL,
    first_unit INTEGER NOT NULL,
    last_unit  INTEGER NOT NULL,
    n          INTEGER NOT NULL,
    data       BLOB NOT NULL
);
CREATE INDEX fz_postings_token ON fz_postings(token_id, first_unit);
CREATE TABLE fz_units(
    id   INTEGER PRIMARY KEY,
    toks BLOB NOT NULL
);
CREATE TABLE fz_pending(
    unit_id    INTEGER PRIMARY KEY,
    old_source TEXT
);
CREATE TRIGGER fz_units_deleted AFTER DELETE ON units BEGIN
    INSERT OR IGNORE INTO fz_pending(unit_id, old_source) VALUES (old.id, old.source_nfc);
END;
CREATE TRIGGER fz_units_inserted_below_watermark AFTER INSERT ON units
WHEN new.id <= coalesce((SELECT value FROM fz_state WHERE key = 'watermark'), 0) BEGIN
    INSERT OR IGNORE INTO fz_pending(unit_id, old_source) VALUES (new.id, NULL);
END;
CREATE TRIGGER fz_units_source_changed AFTER UPDATE OF source, source_nfc_diff ON units BEGIN
    INSERT OR IGNORE INTO fz_pending(unit_id, old_source) VALUES (old.id, old.source_nfc);
END;
CREATE VIRTUAL TABLE fz_fts_units USING fts5(
    source_nfc, content = 'units', content_rowid = 'id',
    tokenize = 'unicode61 remove_diacritics 0'
);
CREATE VIRTUAL TABLE fz_fts_variants USING fts5(
    text_nfc, content = 'variants', content_rowid = 'id',
    tokenize = 'unicode61 remove_diacritics 0'
);
CREATE TRIGGER fz_fts_units_ai AFTER INSERT ON units BEGIN
    INSERT INTO fz_fts_units(rowid, source_nfc) VALUES (new.id, new.source_nfc);
END;
CREATE TRIGGER fz_fts_units_ad AFTER DELETE ON units BEGIN
    INSERT INTO fz_fts_units(fz_fts_units, rowid, source_nfc) VALUES ('delete', old.id, old.source_nfc);
END;
CREATE TRIGGER fz_fts_units_au AFTER UPDATE OF source, source_nfc_diff ON units BEGIN
    INSERT INTO fz_fts_units(fz_fts_units, rowid, source_nfc) VALUES ('delete', old.id, old.source_nfc);
    INSERT INTO fz_fts_units(rowid, source_nfc) VALUES (new.id, new.source_nfc);
END;
CREATE TRIGGER fz_fts_variants_ai AFTER INSERT ON variants BEGIN
    INSERT INTO fz_fts_variants(rowid, text_nfc) VALUES (new.id, new.text_nfc);
END;
CREATE TRIGGER fz_fts_variants_ad AFTER DELETE ON variants BEGIN
    INSERT INTO fz_fts_variants(fz_fts_variants, rowid, text_nfc) VALUES ('delete', old.id, old.text_nfc);
END;
CREATE TRIGGER fz_fts_variants_au AFTER UPDATE OF text, text_nfc_diff ON variants BEGIN
    INSERT INTO fz_fts_variants(fz_fts_variants, rowid, text_nfc) VALUES ('delete', old.id, old.text_nfc);
    INSERT INTO fz_fts_variants(rowid, text_nfc) VALUES (new.id, new.text_nfc);
END;
INSERT INTO fz_fts_units(fz_fts_units) VALUES ('rebuild');
INSERT INTO fz_fts_variants(fz_fts_variants) VALUES ('rebuild');
"#,
    // 3: the concordance (FTS5) tables are filled in bulk by `index::sync_index` instead of
    // row by row: FTS5 flushes its pending terms at every statement savepoint, so per-row
    // triggers made a large import ~8x slower. Rows above the `fts_*_wm` watermarks are not
    // in FTS yet (the sync adds them); the triggers below keep rows at or below them in step.
    // Unit and variant ids are AUTOINCREMENT (never reused), so no row is ever inserted
    // below a watermark and INSERTs fire no trigger (no statement journal per row).
    r#"
DROP TRIGGER fz_units_inserted_below_watermark;
DROP TRIGGER fz_fts_units_ai;
DROP TRIGGER fz_fts_units_ad;
DROP TRIGGER fz_fts_units_au;
DROP TRIGGER fz_fts_variants_ai;
DROP TRIGGER fz_fts_variants_ad;
DROP TRIGGER fz_fts_variants_au;
INSERT OR REPLACE INTO fz_state(key, value)
    VALUES ('fts_units_wm', (SELECT coalesce(max(id), 0) FROM units));
INSERT OR REPLACE INTO fz_state(key, value)
    VALUES ('fts_variants_wm', (SELECT coalesce(max(id), 0) FROM variants));
CREATE TRIGGER fz_fts_units_ad AFTER DELETE ON units
WHEN old.id <= (SELECT value FROM fz_state WHERE key = 'fts_units_wm') BEGIN
    INSERT INTO fz_fts_units(fz_fts_units, rowid, source_nfc) VALUES ('delete', old.id, old.source_nfc);
END;
CREATE TRIGGER fz_fts_units_au AFTER UPDATE OF source, source_nfc_diff ON units
WHEN old.id <= (SELECT value FROM fz_state WHERE key = 'fts_units_wm') BEGIN
    INSERT INTO fz_fts_units(fz_fts_units, rowid, source_nfc) VALUES ('delete', old.id, old.source_nfc);
    INSERT INTO fz_fts_units(rowid, source_nfc) VALUES (new.id, new.source_nfc);
END;
CREATE TRIGGER fz_fts_variants_ad AFTER DELETE ON variants
WHEN old.id <= (SELECT value FROM fz_state WHERE key = 'fts_variants_wm') BEGIN
    INSERT INTO fz_fts_variants(fz_fts_variants, rowid, text_nfc) VALUES ('delete', old.id, old.text_nfc);
END;
CREATE TRIGGER fz_fts_variants_au AFTER UPDATE OF text, text_nfc_diff ON variants
WHEN old.id <= (SELECT value FROM fz_state WHERE key = 'fts_variants_wm') BEGIN
    INSERT INTO fz_fts_variants(fz_fts_variants, rowid, text_nfc) VALUES ('delete', old.id, old.text_nfc);
    INSERT INTO fz_fts_variants(rowid, text_nfc) VALUES (new.id, new.text_nfc);
END;
"#,
    // 4: units and variants without AUTOINCREMENT. AUTOINCREMENT reads and rewrites
    // `sqlite_sequence` on every INSERT (~17% of a bulk import's SQL time). Ids are still
    // never reused: the writer gives new rows ids above both the largest id in use and the
    // largest id ever deleted, which the delete triggers below record in `meta`.
    // Runs with foreign keys off (set by the store), so dropping the old tables cascades
    // nothing; the store runs `PRAGMA foreign_key_check` before committing. [`before`]
    // first keeps AUTOINCREMENT's record of the largest ids ever used.
    r#"
CREATE TABLE units_v4(
    id            INTEGER PRIMARY KEY,
    src_lang      TEXT NOT NULL,
    source        TEXT NOT NULL,
    -- NFC form when it differs from source (rare); read source_nfc instead.
    source_nfc_diff TEXT,
    source_nfc    TEXT GENERATED ALWAYS AS (coalesce(source_nfc_diff, source)) VIRTUAL,
    source_key    INTEGER NOT NULL,
    source_markup TEXT,
    tuid          TEXT,
    created_at    TEXT NOT NULL,
    created_by    TEXT NOT NULL,
    changed_at    TEXT NOT NULL,
    changed_by    TEXT NOT NULL
);
INSERT INTO units_v4(id, src_lang, source, source_nfc_diff, source_key, source_markup, tuid,
                     created_at, created_by, changed_at, changed_by)
    SELECT id, src_lang, source, source_nfc_diff, source_key, source_markup, tuid,
           created_at, created_by, changed_at, changed_by FROM units ORDER BY id;
CREATE TABLE variants_v4(
    id         INTEGER PRIMARY KEY,
    unit_id    INTEGER NOT NULL REFERENCES units(id) ON DELETE CASCADE,
    lang       TEXT NOT NULL,
    text       TEXT NOT NULL,
    -- NFC form when it differs from text (rare); read text_nfc instead.
    text_nfc_diff TEXT,
    text_nfc   TEXT GENERATED ALWAYS AS (coalesce(text_nfc_diff, text)) VIRTUAL,
    markup     TEXT,
    created_at TEXT NOT NULL,
    created_by TEXT NOT NULL,
    changed_at TEXT NOT NULL,
    changed_by TEXT NOT NULL,
    UNIQUE(unit_id, lang)
);
INSERT INTO variants_v4(id, unit_id, lang, text, text_nfc_diff, markup, created_at,
                        created_by, changed_at, changed_by)
    SELECT id, unit_id, lang, text, text_nfc_diff, markup, created_at, created_by,
           changed_at, changed_by FROM variants ORDER BY id;
DROP TABLE variants;
DROP TABLE units;
ALTER TABLE units_v4 RENAME TO units;
ALTER TABLE variants_v4 RENAME TO variants;
CREATE INDEX units_source_key ON units(source_key);
CREATE TRIGGER units_hwm AFTER DELETE ON units
WHEN old.id > coalesce((SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'units_hwm'), 0)
BEGIN
    INSERT OR REPLACE INTO meta(key, value) VALUES ('units_hwm', old.id);
END;
CREATE TRIGGER variants_hwm AFTER DELETE ON variants
WHEN old.id > coalesce((SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'variants_hwm'), 0)
BEGIN
    INSERT OR REPLACE INTO meta(key, value) VALUES ('variants_hwm', old.id);
END;
CREATE TRIGGER fz_units_deleted AFTER DELETE ON units BEGIN
    INSERT OR IGNORE INTO fz_pending(unit_id, old_source) VALUES (old.id, old.source_nfc);
END;
CREATE TRIGGER fz_units_source_changed AFTER UPDATE OF source, source_nfc_diff ON units BEGIN
    INSERT OR IGNORE INTO fz_pending(unit_id, old_source) VALUES (old.id, old.source_nfc);
END;
CREATE TRIGGER fz_fts_units_ad AFTER DELETE ON units
WHEN old.id <= (SELECT value FROM fz_state WHERE key = 'fts_units_wm') BEGIN
    INSERT INTO fz_fts_units(fz_fts_units, rowid, source_nfc) VALUES ('delete', old.id, old.source_nfc);
END;
CREATE TRIGGER fz_fts_units_au AFTER UPDATE OF source, source_nfc_diff ON units
WHEN old.id <= (SELECT value FROM fz_state WHERE key = 'fts_units_wm') BEGIN
    INSERT INTO fz_fts_units(fz_fts_units, rowid, source_nfc) VALUES ('delete', old.id, old.source_nfc);
    INSERT INTO fz_fts_units(rowid, source_nfc) VALUES (new.id, new.source_nfc);
END;
CREATE TRIGGER fz_fts_variants_ad AFTER DELETE ON variants
WHEN old.id <= (SELECT value FROM fz_state WHERE key = 'fts_variants_wm') BEGIN
    INSERT INTO fz_fts_variants(fz_fts_variants, rowid, text_nfc) VALUES ('delete', old.id, old.text_nfc);
END;
CREATE TRIGGER fz_fts_variants_au AFTER UPDATE OF text, text_nfc_diff ON variants
WHEN old.id <= (SELECT value FROM fz_state WHERE key = 'fts_variants_wm') BEGIN
    INSERT INTO fz_fts_variants(fz_fts_variants, rowid, text_nfc) VALUES ('delete', old.id, old.text_nfc);
    INSERT INTO fz_fts_variants(rowid, text_nfc) VALUES (new.id, new.text_nfc);
END;
"#,
    // 5: alternative translations. A unit may hold several variants of one language, each
    // with the contexts it applies in (`contexts`: NULL for the default context alone, else
    // JSON, see `identity::contexts_to_sql`), so `UNIQUE(unit_id, lang)` goes; a `<tuv>`'s
    // props belong to its variant (`props.variant_id`). Every existing variant becomes the
    // default translation of its language, and the props of a target language go to the
    // unit's variant of that language: nothing is lost, ids are kept.
    r#"
CREATE TABLE variants_v5(
    id         INTEGER PRIMARY KEY,
    unit_id    INTEGER NOT NULL REFERENCES units(id) ON DELETE CASCADE,
    lang       TEXT NOT NULL,
    text       TEXT NOT NULL,
    -- NFC form when it differs from text (rare); read text_nfc instead.
    text_nfc_diff TEXT,
    text_nfc   TEXT GENERATED ALWAYS AS (coalesce(text_nfc_diff, text)) VIRTUAL,
    markup     TEXT,
    created_at TEXT NOT NULL,
    created_by TEXT NOT NULL,
    changed_at TEXT NOT NULL,
    changed_by TEXT NOT NULL,
    contexts   TEXT
);
INSERT INTO variants_v5(id, unit_id, lang, text, text_nfc_diff, markup, created_at,
                        created_by, changed_at, changed_by)
    SELECT id, unit_id, lang, text, text_nfc_diff, markup, created_at, created_by,
           changed_at, changed_by FROM variants ORDER BY id;
DROP TABLE variants;
ALTER TABLE variants_v5 RENAME TO variants;
CREATE INDEX variants_unit_lang ON variants(unit_id, lang);
CREATE TRIGGER variants_hwm AFTER DELETE ON variants
WHEN old.id > coalesce((SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'variants_hwm'), 0)
BEGIN
    INSERT OR REPLACE INTO meta(key, value) VALUES ('variants_hwm', old.id);
END;
CREATE TRIGGER fz_fts_variants_ad AFTER DELETE ON variants
WHEN old.id <= (SELECT value FROM fz_state WHERE key = 'fts_variants_wm') BEGIN
    INSERT INTO fz_fts_variants(fz_fts_variants, rowid, text_nfc) VALUES ('delete', old.id, old.text_nfc);
END;
CREATE TRIGGER fz_fts_variants_au AFTER UPDATE OF text, text_nfc_diff ON variants
WHEN old.id <= (SELECT value FROM fz_state WHERE key = 'fts_variants_wm') BEGIN
    INSERT INTO fz_fts_variants(fz_fts_variants, rowid, text_nfc) VALUES ('delete', old.id, old.text_nfc);
    INSERT INTO fz_fts_variants(rowid, text_nfc) VALUES (new.id, new.text_nfc);
END;
ALTER TABLE props ADD COLUMN variant_id INTEGER REFERENCES variants(id) ON DELETE CASCADE;
UPDATE props SET variant_id = (SELECT v.id FROM variants v
                               WHERE v.unit_id = props.unit_id AND v.lang = props.lang)
WHERE lang IS NOT NULL;
CREATE INDEX props_variant ON props(variant_id) WHERE variant_id IS NOT NULL;
"#,
    // 6: row counters for `stats` (`store::counts`): units per source language, variants
    // per target language, documents. The writer keeps them in step (no triggers: the
    // import's inserts fire none); filled here from the rows of an existing TM.
    r#"
CREATE TABLE counts(
    kind TEXT NOT NULL,
    lang TEXT NOT NULL,
    n    INTEGER NOT NULL,
    PRIMARY KEY(kind, lang)
) WITHOUT ROWID;
INSERT INTO counts(kind, lang, n) SELECT 'units', src_lang, count(*) FROM units GROUP BY src_lang;
INSERT INTO counts(kind, lang, n) SELECT 'variants', lang, count(*) FROM variants GROUP BY lang;
INSERT INTO counts(kind, lang, n) SELECT 'documents', '', count(*) FROM documents;
"#,
    // 7: the token index's postings by unit length (`index::sync`): a row of `fz_postings`
    // holds the units of one length containing a token (its entries unit ids alone), and
    // `fz_tokens.lens` each token's length histogram, so that a lookup reads only the
    // lengths that can reach its threshold. The old lists are dropped and the index is
    // marked empty: `index::sync_index` rebuilds it (on the next lookup or import).
    r#"
DROP TABLE fz_postings;
CREATE TABLE fz_postings(
    id         INTEGER PRIMARY KEY,
    token_id   INTEGER NOT NULL,
    len        INTEGER NOT NULL,
    first_unit INTEGER NOT NULL,
    last_unit  INTEGER NOT NULL,
    n          INTEGER NOT NULL,
    data       BLOB NOT NULL
);
CREATE INDEX fz_postings_token ON fz_postings(token_id, len, first_unit);
ALTER TABLE fz_tokens ADD COLUMN lens BLOB;
DELETE FROM fz_tokens;
DELETE FROM fz_units;
DELETE FROM fz_pending;
DELETE FROM fz_state WHERE key IN ('watermark', 'tokenizer');
"#,
    // 8: the token index's partly filled postings chunks (`index::sync`: fewer entries than
    // a full chunk's 32,768), so that an index batch finds the lists to merge by reading
    // them alone. Without it, each batch read every chunk of each token it touched, a
    // cost that grows with the TM (at 3,000,000 units, a sixth of an import's time).
    r#"
CREATE INDEX fz_postings_partial ON fz_postings(token_id, len) WHERE n < 32768;
"#,
    // 9: the token index's postings lists in blocks of 64 entries, each with its first
    // unit id and byte length (`index::postings`), so that a lookup narrowing its
    // candidates decodes only the blocks that can hold them. Readers still take the older
    // lists, but those have no blocks to skip: the index is marked empty and
    // `index::sync_index` rebuilds it (on the next lookup or import).
    r#"
DELETE FROM fz_postings;
DELETE FROM fz_tokens;
DELETE FROM fz_units;
DELETE FROM fz_pending;
DELETE FROM fz_state WHERE key IN ('watermark', 'tokenizer');
"#,
];

/// Rust steps run just before migration `version`'s SQL, in the same transaction.
pub(crate) fn before(tx: &rusqlite::Connection, version: i64) -> rusqlite::Result<()> {
    if version == 4 {
        // `sqlite_sequence` exists only when some AUTOINCREMENT table has had a row.
        let has_seq: bool = tx.query_row(
            "SELECT EXISTS(SELECT 1 FROM sqlite_master WHERE name = 'sqlite_sequence')",
            [],
            |r| r.get(0),
        )?;
        if has_seq {
            tx.execute_batch(
                "INSERT OR REPLACE INTO meta(key, value)
                 SELECT name || '_hwm', seq FROM sqlite_sequence
                 WHERE name IN ('units', 'variants')",
            )?;
        }
    }
    Ok(())
}
