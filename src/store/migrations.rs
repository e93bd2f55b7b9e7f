//! Versioned schema migrations, keyed on `PRAGMA user_version`.
//!
//! Migration `i` (0-based in [`MIGRATIONS`]) brings the schema from version `i` to `i + 1`.
//! Never edit a released migration: append a new one.

/// The SQL of each migration, in order.
pub const MIGRATIONS: &[&str] = &[
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
CREATE INDEX units_source_key ON units(source_key);
CREATE TABLE variants(
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
];
