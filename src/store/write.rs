//! Writing to the TM: a transaction ([`Tx`]), units prepared for storing ([`PreparedUnit`])
//! and a [`Writer`] that keeps its statements prepared across many units. The writer is
//! the crate's: units reach the TM through `import::Sink`, which wraps it with the
//! fuzzy-match index's feed; [`Tx`] stays public for what is not a unit (documents,
//! deletions, committing).

use std::cell::Cell;
use std::collections::{HashMap, HashSet};

use rusqlite::{params, CachedStatement, Connection, OptionalExtension, Transaction};

use super::counts::{CountDeltas, Counted};
use super::key_filter::KeyFilter;
use super::key_table::KeyTable;
use super::open::{ImportCache, JournalGuard};
use super::raw::{Arg, RawInsert};
use super::{
    canonical_context, canonical_lang, contexts_from_sql, contexts_to_sql, source_key, time,
    Change, DocumentRecord, Occurrence, Prop, Result, StoreError, UnitInput, VariantContext,
    VariantInput,
};
use crate::text::nfc;

/// The id of a unit with (language, NFC source), if any: the one without inline markup
/// when there is one, else the oldest of those that differ only in markup.
pub(super) fn find_unit_in(
    conn: &Connection,
    src_lang: &str,
    source_nfc: &str,
) -> Result<Option<i64>> {
    let key = source_key(src_lang, source_nfc);
    let mut stmt = conn.prepare_cached(
        "SELECT id, src_lang, source_nfc, source_markup FROM units WHERE source_key = ?1
         ORDER BY source_markup IS NOT NULL, id",
    )?;
    find_by_key(&mut stmt, key, src_lang, source_nfc, None)
}

/// The unit with this key, language and NFC source, and with inline markup `markup` when
/// that is given (`Some(None)`: without markup), else with any.
fn find_by_key(
    stmt: &mut rusqlite::Statement<'_>,
    key: i64,
    src_lang: &str,
    source_nfc: &str,
    markup: Option<Option<&str>>,
) -> Result<Option<i64>> {
    let mut rows = stmt.query([key])?;
    while let Some(r) = rows.next()? {
        let l = r.get_ref(1)?.as_str().map_err(rusqlite::Error::from)?;
        let s = r.get_ref(2)?.as_str().map_err(rusqlite::Error::from)?;
        if l != src_lang || s != source_nfc {
            continue;
        }
        let same_markup = match markup {
            None => true,
            Some(m) => {
                r.get_ref(3)?
                    .as_str_or_null()
                    .map_err(rusqlite::Error::from)?
                    == m
            }
        };
        if same_markup {
            return Ok(Some(r.get(0)?));
        }
    }
    Ok(None)
}

/// A variant of the unit being merged, as stored (or just written).
struct Held {
    id: i64,
    lang: String,
    text_nfc: String,
    markup: Option<String>,
    contexts: Vec<VariantContext>,
    /// Deleted while merging (its last context moved to another variant).
    gone: bool,
}

/// Up to this many targets of a unit are told apart by comparing each with the ones before
/// ([`PreparedUnit::new`]); more are looked up in a map.
const SCANNED_TARGETS: usize = 8;

/// A unit checked and normalized for storing: language tags canonical, empty targets
/// dropped, NFC forms and the source key computed. Preparing touches no database, so
/// importers prepare units on a reader thread while the [`Writer`] stores earlier ones.
#[derive(Debug, Clone)]
pub(crate) struct PreparedUnit {
    input: UnitInput,
    /// NFC form of the source when it differs from the source as given.
    source_nfc: Option<String>,
    key: i64,
    /// NFC form of each target when it differs from the text as given.
    target_nfc: Vec<Option<String>>,
}

impl PreparedUnit {
    /// Checks and normalizes `input`: a bad language tag or an empty source is an error.
    /// Every target is kept (a language given twice holds alternatives), except that the
    /// same text in the same language and context is kept once; contexts are made
    /// canonical; identical props are kept once.
    pub fn new(mut input: UnitInput) -> Result<Self> {
        input.src_lang = canonical_lang(&input.src_lang)?;
        if input.source.trim().is_empty() {
            return Err(StoreError::EmptyText("source"));
        }
        // Sets and maps rather than scans: a hostile unit may have very many targets and
        // props, and preparing it stays linear. A unit of a few targets (a table row) is
        // scanned instead: no key is built, copying the texts (a tenth of a table import's
        // reading went to building and hashing them).
        let scan = input.targets.len() <= SCANNED_TARGETS;
        let mut targets: Vec<VariantInput> = Vec::with_capacity(input.targets.len());
        let mut slot: HashMap<(String, VariantContext, String), usize> = HashMap::new();
        for mut v in std::mem::take(&mut input.targets) {
            v.lang = canonical_lang(&v.lang)?;
            if v.text.trim().is_empty() {
                continue;
            }
            v.context = canonical_context(std::mem::take(&mut v.context));
            for p in &mut v.props {
                p.lang = Some(v.lang.clone());
            }
            let same = if scan {
                targets.iter().position(|t| {
                    t.lang == v.lang && t.context == v.context && nfc(&t.text) == nfc(&v.text)
                })
            } else {
                let key = (v.lang.clone(), v.context.clone(), nfc(&v.text).into_owned());
                let same = slot.get(&key).copied();
                if same.is_none() {
                    slot.insert(key, targets.len());
                }
                same
            };
            match same {
                // The same translation again: one variant, with the props of both.
                Some(i) => {
                    let first = &mut targets[i];
                    first.props.append(&mut v.props);
                    if first.markup.is_none() {
                        first.markup = v.markup;
                    }
                }
                None => targets.push(v),
            }
        }
        for p in &mut input.props {
            p.lang = p.lang.as_deref().map(canonical_lang).transpose()?;
        }
        // A unit's prop in a target language is the prop of its translation into that
        // language, when the unit gives one.
        let mut own = Vec::with_capacity(input.props.len());
        for p in std::mem::take(&mut input.props) {
            let lang = p.lang.clone();
            let mut of_lang = targets_of(&mut targets, lang.as_deref());
            match (of_lang.next(), of_lang.next()) {
                (Some(v), None) => v.props.push(p),
                _ => own.push(p),
            }
        }
        for v in &mut targets {
            distinct_props(&mut v.props);
        }
        input.targets = targets;
        input.props = own;
        distinct_props(&mut input.props);
        let source_nfc = owned_if_changed(&input.source);
        let key = source_key(
            &input.src_lang,
            source_nfc.as_deref().unwrap_or(&input.source),
        );
        let target_nfc = input
            .targets
            .iter()
            .map(|v| owned_if_changed(&v.text))
            .collect();
        Ok(PreparedUnit {
            input,
            source_nfc,
            key,
            target_nfc,
        })
    }

    /// The unit as given, with canonical language tags.
    pub fn input(&self) -> &UnitInput {
        &self.input
    }

    /// The NFC form of the source (what matching and de-duplication compare).
    pub fn source_nfc(&self) -> &str {
        self.source_nfc.as_deref().unwrap_or(&self.input.source)
    }

    fn target_nfc(&self, i: usize) -> &str {
        self.target_nfc[i]
            .as_deref()
            .unwrap_or(&self.input.targets[i].text)
    }
}

/// The targets in language `lang` (none for `None`).
fn targets_of<'v>(
    targets: &'v mut [VariantInput],
    lang: Option<&'v str>,
) -> impl Iterator<Item = &'v mut VariantInput> + 'v {
    targets
        .iter_mut()
        .filter(move |v| lang.is_some_and(|l| l == v.lang))
}

/// Keeps the first of equal props.
fn distinct_props(props: &mut Vec<Prop>) {
    if props.len() < 2 {
        return;
    }
    let first: Vec<bool> = {
        let mut seen = HashSet::with_capacity(props.len());
        props.iter().map(|p| seen.insert(p)).collect()
    };
    let mut first = first.into_iter();
    props.retain(|_| first.next().unwrap_or(true));
}

/// The NFC form of `s` when it differs from `s` (rare), else `None`.
fn owned_if_changed(s: &str) -> Option<String> {
    match nfc(s) {
        std::borrow::Cow::Borrowed(_) => None,
        std::borrow::Cow::Owned(n) => (n != s).then_some(n),
    }
}

/// A write transaction on the TM. Dropping it without [`Tx::commit`] stores nothing.
pub struct Tx<'a> {
    pub(super) tx: Transaction<'a>,
    pub(super) user: String,
    pub(super) now: String,
    /// What this transaction changed in the `stats` counters, written when it commits.
    pub(super) counts: CountDeltas,
    /// Declared after `tx`, so dropped after it: the journal mode is restored once the
    /// transaction has ended.
    journal: Option<JournalGuard<'a>>,
    /// An import's larger page cache, back to its usual size once the transaction ends.
    /// Only an import's transaction has one.
    _cache: Option<ImportCache<'a>>,
    /// The source-key index is dropped until the transaction commits (an import into an
    /// empty TM: see [`Writer`]).
    source_index_dropped: Cell<bool>,
}

/// The source-key index, as migration 4 creates it: dropped while an import fills an empty
/// TM and created again, from the finished table, when it commits.
const SOURCE_KEY_INDEX: &str = "CREATE INDEX units_source_key ON units(source_key)";

/// The page cache while the source-key index is built, in KiB (it bounds the sort's memory).
const SORT_CACHE_KIB: i64 = 16_384;

/// Helper threads SQLite's sorter may use while it builds the source-key index at the end
/// of an import (`PRAGMA threads`; the connection's default is none).
const SORT_THREADS: i64 = 1;

/// The page cache of an import into an empty TM while the source-key index is left out,
/// in KiB (an import's is 256 MiB).
const BULK_CACHE_KIB: i64 = 131_072;

impl<'a> Tx<'a> {
    pub(super) fn new(
        tx: Transaction<'a>,
        user: &str,
        journal: Option<JournalGuard<'a>>,
        cache: Option<ImportCache<'a>>,
    ) -> Self {
        Tx {
            tx,
            user: user.to_string(),
            now: time::now_utc(),
            counts: CountDeltas::default(),
            journal,
            _cache: cache,
            source_index_dropped: Cell::new(false),
        }
    }

    /// Whether the TM holds no unit (inside the transaction).
    fn holds_no_unit(&self) -> Result<bool> {
        Ok(self
            .tx
            .query_row("SELECT NOT EXISTS (SELECT 1 FROM units)", [], |r| r.get(0))?)
    }

    /// Whether this transaction writes through a rollback journal (a bulk import into an
    /// empty TM) rather than the write-ahead log. Such a transaction also runs without
    /// SQLite's foreign-key checks: the writer that stores units checks references instead.
    pub fn exclusive(&self) -> bool {
        self.journal.is_some()
    }

    /// The underlying connection (for the index, which updates inside the same transaction).
    pub fn conn(&self) -> &Connection {
        &self.tx
    }

    /// Commits everything done in this transaction.
    pub fn commit(self) -> Result<()> {
        let Tx {
            tx,
            journal,
            counts,
            source_index_dropped,
            ..
        } = self;
        if source_index_dropped.get() {
            // The sort that builds it takes the page cache's size of memory on top of the
            // cache, then temporary files (an import into an empty TM keeps its temporary
            // data in files, see `ImportCache`); a small cache bounds both and was no
            // slower (the sqlite3 shell, 10,000,000 keys: 6 s and 38 MB with 16 MiB, 8 s and
            // 136 MB with 64 MiB).
            tx.pragma_update(None, "cache_size", -SORT_CACHE_KIB)?;
            // The import's reader thread is done by now: SQLite's sorter may sort on a
            // second core (each thread's part bounded by the cache size, as above).
            tx.pragma_update(None, "threads", SORT_THREADS)?;
            let built = tx.execute_batch(SOURCE_KEY_INDEX);
            let _ = tx.pragma_update(None, "threads", 0);
            built?;
        }
        counts.flush(&tx)?;
        tx.commit()?;
        drop(journal);
        Ok(())
    }

    /// A writer for many units: it keeps its statements prepared between units.
    pub(crate) fn writer(&self) -> Result<Writer<'_>> {
        Writer::new(self)
    }

    /// The document recorded for (path, lang), if any.
    pub fn document(&self, path: &str, lang: &str) -> Result<Option<DocumentRecord>> {
        Ok(self
            .tx
            .prepare_cached("SELECT id, sha256 FROM documents WHERE path = ?1 AND lang = ?2")?
            .query_row(params![path, lang], |r| {
                Ok(DocumentRecord {
                    id: r.get(0)?,
                    sha256: r.get(1)?,
                })
            })
            .optional()?)
    }

    /// Records (or re-records) a document and returns its id. A re-recorded document loses
    /// its old occurrences, which the import then writes anew.
    pub fn record_document(&self, path: &str, lang: &str, sha256: &str) -> Result<i64> {
        let lang = canonical_lang(lang)?;
        if let Some(doc) = self.document(path, &lang)? {
            self.tx.execute(
                "UPDATE documents SET sha256 = ?1, imported_at = ?2 WHERE id = ?3",
                params![sha256, self.now, doc.id],
            )?;
            self.tx
                .execute("DELETE FROM occurrences WHERE document_id = ?1", [doc.id])?;
            return Ok(doc.id);
        }
        self.tx
            .prepare_cached(
                "INSERT INTO documents(path, lang, sha256, imported_at) VALUES (?1, ?2, ?3, ?4)",
            )?
            .execute(params![path, lang, sha256, self.now])?;
        self.counts.add(Counted::Documents, "", 1);
        Ok(self.tx.last_insert_rowid())
    }

    /// Records where a unit's source occurred (replacing what stood at that position), with
    /// a writer of its own ([`Writer::add_occurrence`]).
    ///
    /// A test convenience: the library writes through `import::Sink`.
    #[cfg(test)]
    pub(crate) fn add_occurrence(&mut self, unit_id: i64, occ: &Occurrence) -> Result<()> {
        self.writer()?.add_occurrence(unit_id, occ)
    }

    /// Adds or merges one unit with a writer of its own ([`Writer::upsert`]).
    ///
    /// A test convenience: the library writes through `import::Sink`. This bypasses the
    /// fuzzy-match index's feed, so the index falls behind until `sync_index` runs or a
    /// lookup session catches it up, which some tests rely on.
    #[cfg(test)]
    pub(crate) fn upsert_unit(&mut self, input: &UnitInput) -> Result<(i64, Change)> {
        let unit = PreparedUnit::new(input.clone())?;
        self.writer()?.upsert(&unit)
    }

    /// Deletes a unit with its variants, provenance and props; false when no such unit.
    pub fn delete_unit(&mut self, id: i64) -> Result<bool> {
        let src_lang: Option<String> = self
            .tx
            .query_row("SELECT src_lang FROM units WHERE id = ?1", [id], |r| {
                r.get(0)
            })
            .optional()?;
        let Some(src_lang) = src_lang else {
            return Ok(false);
        };
        let variant_langs: Vec<String> = self
            .tx
            .prepare_cached("SELECT lang FROM variants WHERE unit_id = ?1")?
            .query_map([id], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        // Explicitly, not by cascade: an exclusive import runs without foreign keys.
        for table in ["variants", "occurrences", "props"] {
            self.tx
                .execute(&format!("DELETE FROM {table} WHERE unit_id = ?1"), [id])?;
        }
        let deleted = self.tx.execute("DELETE FROM units WHERE id = ?1", [id])? > 0;
        if deleted {
            self.counts.add(Counted::Units, &src_lang, -1);
            for lang in &variant_langs {
                self.counts.add(Counted::Variants, lang, -1);
            }
        }
        Ok(deleted)
    }

    /// Deletes what the TM holds in language `lang` (a tag as stored; a bare language such
    /// as `ru` also covers its regional forms, `ru-RU`): its variants (the units that held
    /// them count as changed), their props, the units whose source is in it (with all their
    /// variants, provenance and props) and its documents.
    pub fn delete_language(&mut self, lang: &str) -> Result<LanguageDeletion> {
        // `?2` is 1 when regional forms are covered too.
        let regional = i64::from(!lang.contains('-'));
        let matches = |col: &str| format!("({col} = ?1 OR (?2 AND {col} LIKE ?1 || '-%'))");
        let mut units: Vec<i64> = Vec::new();
        {
            let mut q = self.tx.prepare(&format!(
                "SELECT id FROM units WHERE {}",
                matches("src_lang")
            ))?;
            let rows = q.query_map(params![lang, regional], |r| r.get(0))?;
            for id in rows {
                units.push(id?);
            }
        }
        let mut deleted = LanguageDeletion::default();
        for id in units {
            if self.delete_unit(id)? {
                deleted.units += 1;
            }
        }
        self.tx.execute(
            &format!(
                "UPDATE units SET changed_at = ?3, changed_by = ?4 WHERE id IN \
                 (SELECT unit_id FROM variants WHERE {})",
                matches("lang")
            ),
            params![lang, regional, self.now, self.user],
        )?;
        let per_lang: Vec<(String, i64)> = self
            .tx
            .prepare(&format!(
                "SELECT lang, count(*) FROM variants WHERE {} GROUP BY lang",
                matches("lang")
            ))?
            .query_map(params![lang, regional], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        deleted.variants = self.tx.execute(
            &format!("DELETE FROM variants WHERE {}", matches("lang")),
            params![lang, regional],
        )? as u64;
        for (l, n) in &per_lang {
            self.counts.add(Counted::Variants, l, -n);
        }
        self.tx.execute(
            &format!("DELETE FROM props WHERE {}", matches("lang")),
            params![lang, regional],
        )?;
        let documents = format!("SELECT id FROM documents WHERE {}", matches("lang"));
        self.tx.execute(
            &format!("DELETE FROM occurrences WHERE document_id IN ({documents})"),
            params![lang, regional],
        )?;
        deleted.documents = self.tx.execute(
            &format!("DELETE FROM documents WHERE {}", matches("lang")),
            params![lang, regional],
        )? as u64;
        self.counts
            .add(Counted::Documents, "", -(deleted.documents as i64));
        Ok(deleted)
    }
}

/// What [`Tx::delete_language`] deleted.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct LanguageDeletion {
    /// Translations in the language.
    pub variants: u64,
    /// Units whose source was in the language.
    pub units: u64,
    /// Documents in the language.
    pub documents: u64,
}

/// Statements a [`Writer`] prepares on first use and keeps.
#[derive(Clone, Copy)]
enum Sql {
    Find,
    InsertUnit,
    TouchUnit,
    InsertVariant,
    UnitVariants,
    UpdateVariant,
    FindProp,
    InsertProp,
    Occurrence,
    MoveOccurrence,
    SetContexts,
    UnitExists,
    DocumentExists,
    UnitProps,
    DeleteVariant,
    DeleteVariantProps,
    UnitSource,
}

/// Creates the source-key index again, if a writer dropped it.
fn restore_source_index(conn: &Connection, dropped: &Cell<bool>) -> Result<()> {
    if dropped.get() {
        conn.execute_batch(SOURCE_KEY_INDEX)?;
        dropped.set(false);
    }
    Ok(())
}

/// The insert of a new unit's two variants (a table row with two translations, the common
/// case) in one statement: a statement's run opens and closes its cursors on the table and
/// its index once, not once per variant. The columns of each row are those of
/// [`Sql::InsertVariant`], in its order.
///
/// `OR FAIL`: a statement that writes several rows and may abort halfway makes SQLite keep
/// a statement journal (a copy of every page it touches, so that the rows before the
/// failure can be taken back; a tenth of a bulk import's time went there). A failed insert
/// fails the whole import, whose transaction is then rolled back, so the rows of a failed
/// statement need no taking back of their own. Only for exclusive transactions, which run
/// without SQLite's foreign-key checks (an immediate foreign key checked at the end of a
/// statement of several rows needs the statement journal too).
const INSERT_TWO_VARIANTS: &str =
    "INSERT OR FAIL INTO variants(id, unit_id, lang, text, text_nfc_diff, markup, created_at,
         created_by, changed_at, changed_by, contexts)
     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?8, ?10),
            (?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?18, ?20)";

/// Up to this many props of a unit being merged are looked up one query each; more are
/// compared with the unit's props read once ([`Writer::merge_props`]).
const PROPS_LOOKED_UP_ONE_BY_ONE: usize = 8;

const SQL: [&str; 17] = [
    "SELECT id, src_lang, source_nfc, source_markup FROM units WHERE source_key = ?1",
    "INSERT INTO units(id, src_lang, source, source_nfc_diff, source_key, source_markup, tuid,
         created_at, created_by, changed_at, changed_by)
     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?9)",
    "UPDATE units SET changed_at = ?1, changed_by = ?2 WHERE id = ?3",
    "INSERT INTO variants(id, unit_id, lang, text, text_nfc_diff, markup, created_at,
         created_by, changed_at, changed_by, contexts)
     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?8, ?10)",
    "SELECT id, lang, text_nfc, markup, contexts FROM variants WHERE unit_id = ?1 ORDER BY id",
    "UPDATE variants SET text = ?1, text_nfc_diff = ?2, markup = ?3, changed_at = ?4,
         changed_by = ?5 WHERE id = ?6",
    "SELECT id FROM props WHERE unit_id = ?1 AND lang IS ?2 AND kind = ?3
         AND type IS ?4 AND value = ?5 AND variant_id IS ?6",
    "INSERT INTO props(unit_id, lang, kind, type, value, variant_id)
     VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    // A plain INSERT first, then an UPDATE when the position is taken: INSERT OR REPLACE
    // and upserts make SQLite keep a statement journal, a copy of every page the insert
    // touches (half the time of a TMX import went there).
    "INSERT INTO occurrences(unit_id, document_id, paragraph, sentence, prev_hash, next_hash)
     VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    "UPDATE occurrences SET unit_id = ?1, prev_hash = ?5, next_hash = ?6
     WHERE document_id = ?2 AND paragraph = ?3 AND sentence = ?4",
    "UPDATE variants SET contexts = ?1 WHERE id = ?2",
    "SELECT 1 FROM units WHERE id = ?1",
    "SELECT 1 FROM documents WHERE id = ?1",
    "SELECT lang, kind, type, value FROM props WHERE unit_id = ?1 AND variant_id IS ?2",
    "DELETE FROM variants WHERE id = ?1",
    "DELETE FROM props WHERE variant_id = ?1",
    "SELECT src_lang, source_nfc, source_markup FROM units WHERE id = ?1",
];

/// Stores units in a [`Tx`], keeping its statements prepared between units (a bulk import
/// writes through one writer). New units and variants get ids above every id the TM ever
/// used, so an id is never reused (the index and concordance watermarks rely on that).
///
/// Once a writer has added 4,096 units and the TM is not much larger than what it added,
/// it keeps a Bloom filter of the TM's source keys and looks up only sources the filter
/// may hold. This relies on the writer being the only one adding units while it lives:
/// units are written through `import::Sink`, one writer for the transaction (the test-only
/// `Tx::upsert_unit` makes its own, but needs the [`Tx`] mutably).
///
/// In an [exclusive](Tx::exclusive) transaction SQLite does not check foreign keys (a
/// tenth of a bulk import's writing went there): the writer then checks the unit and
/// document of each occurrence itself, once per document and only for a unit other than
/// the one it stored last. Variants and props go to units the writer just found or made.
///
/// A writer of an import into a TM that holds no unit drops the source-key index
/// (`units_source_key`) and keeps the keys of the units it adds in memory instead
/// ([`KeyTable`], 8–16 bytes a unit), so that no unit is inserted into that index at a
/// random place; the transaction creates the index again, from the finished table, when it
/// commits (and a rollback brings it back as it was). A repeated source is found through
/// the table as through the index: every unit whose key may match is read and compared.
pub(crate) struct Writer<'t> {
    conn: &'t Connection,
    /// The transaction's counter changes.
    counts: &'t CountDeltas,
    user: &'t str,
    now: &'t str,
    stmts: [Option<CachedStatement<'t>>; 17],
    /// The inserts every new unit runs, binding its strings without copying them.
    inserts: [Option<RawInsert<'t>>; 3],
    /// [`INSERT_TWO_VARIANTS`], bound in place like [`Writer::inserts`].
    insert_pair: Option<RawInsert<'t>>,
    /// Whether the writer checks references (SQLite does not, see above).
    check_refs: bool,
    /// The unit the writer stored last (it exists: deleting a unit needs the `Tx` mutably).
    last_unit: i64,
    /// The last document found to exist.
    known_document: i64,
    next_unit: i64,
    next_variant: i64,
    /// Units in the TM when the writer started (an upper bound: the largest id).
    units_before: i64,
    /// Units this writer added.
    added: i64,
    filter: Option<KeyFilter>,
    /// The keys of the units this writer added, while the source-key index is dropped.
    keys: Option<KeyTable>,
    /// The transaction's record of the source-key index being dropped.
    source_index_dropped: &'t Cell<bool>,
    /// Candidates read from [`Writer::keys`] (a buffer).
    candidates: Vec<i64>,
    /// Variants with this id or above were written by this writer.
    first_new_variant: i64,
    /// Variants older than the writer that it has met (matched, updated) so far, with the
    /// hash of the context it met each in, and with [`ANY_CONTEXT`]: another translation
    /// for the same context is then an alternative, not a replacement, and a translation
    /// the input gave is not replaced by another one (32 bytes per translation met).
    met: HashSet<(i64, u64)>,
    /// Alternatives added: variants added to a unit that held one of that language.
    alternatives: u64,
}

/// Units a writer adds before it considers building its [`KeyFilter`].
const FILTER_AFTER: i64 = 4096;

/// The filter is built only when the TM holds at most this many units per unit added so
/// far: the scan that fills it then costs a small fraction of the import done already.
const FILTER_SCAN_RATIO: i64 = 8;

impl<'t> Writer<'t> {
    fn new(tx: &'t Tx<'_>) -> Result<Self> {
        let conn: &Connection = &tx.tx;
        // The largest id in use or ever deleted (the delete triggers record it in `meta`).
        let next = |sql: &str| -> Result<i64> {
            Ok(conn.prepare_cached(sql)?.query_row([], |r| r.get(0))?)
        };
        let next_unit = next(
            "SELECT max(coalesce((SELECT max(id) FROM units), 0),
                        coalesce((SELECT CAST(value AS INTEGER) FROM meta
                                  WHERE key = 'units_hwm'), 0)) + 1",
        )?;
        let next_variant = next(
            "SELECT max(coalesce((SELECT max(id) FROM variants), 0),
                        coalesce((SELECT CAST(value AS INTEGER) FROM meta
                                  WHERE key = 'variants_hwm'), 0)) + 1",
        )?;
        let keys = if tx.source_index_dropped.get() {
            // An earlier writer of this transaction dropped the index; its keys are gone.
            restore_source_index(conn, &tx.source_index_dropped)?;
            None
        } else if tx._cache.is_some() && tx.holds_no_unit()? {
            conn.execute_batch("DROP INDEX units_source_key")?;
            // That index was what outgrew the import's page cache (its entries go to random
            // places); without it, half the cache serves, and the memory goes to the keys.
            conn.pragma_update(None, "cache_size", -BULK_CACHE_KIB)?;
            tx.source_index_dropped.set(true);
            Some(KeyTable::new(next_unit))
        } else {
            None
        };
        Ok(Writer {
            conn,
            counts: &tx.counts,
            user: &tx.user,
            now: &tx.now,
            stmts: Default::default(),
            inserts: Default::default(),
            insert_pair: None,
            check_refs: tx.exclusive(),
            last_unit: 0,
            known_document: 0,
            next_unit,
            next_variant,
            units_before: next_unit - 1,
            added: 0,
            filter: None,
            keys,
            source_index_dropped: &tx.source_index_dropped,
            candidates: Vec::new(),
            first_new_variant: next_variant,
            met: HashSet::new(),
            alternatives: 0,
        })
    }

    fn stmt(&mut self, which: Sql) -> Result<&mut CachedStatement<'t>> {
        let slot = &mut self.stmts[which as usize];
        if slot.is_none() {
            *slot = Some(self.conn.prepare_cached(SQL[which as usize])?);
        }
        Ok(slot.as_mut().expect("prepared above"))
    }

    /// Runs one of the inserts of [`Sql::InsertUnit`], [`Sql::InsertVariant`] and
    /// [`Sql::Occurrence`] with `args` bound in place ([`RawInsert`]).
    fn insert_row(&mut self, which: Sql, args: &[Arg<'_>]) -> Result<usize> {
        let slot = match which {
            Sql::InsertUnit => 0,
            Sql::InsertVariant => 1,
            _ => 2,
        };
        let stmt = match &mut self.inserts[slot] {
            Some(s) => s,
            empty => empty.insert(RawInsert::new(self.conn, SQL[which as usize])?),
        };
        Ok(stmt.execute(args)?)
    }

    fn exists(&mut self, which: Sql, id: i64) -> Result<bool> {
        Ok(self.stmt(which)?.exists([id])?)
    }

    /// Alternatives this writer added so far (variants added to a unit that already held
    /// a variant of their language).
    pub fn alternatives(&self) -> u64 {
        self.alternatives
    }

    /// Adds a unit, or merges it into the unit with the same source (language, NFC text
    /// and inline markup). Returns the unit id and what happened.
    ///
    /// Each target is merged into the unit's variants of its language ("the same variant"):
    /// 1. A variant with the same text (NFC) is the same translation: nothing changes,
    ///    except that new markup replaces the old, the target's context is added to the
    ///    variant's contexts (moved from another variant that had it, unless this writer
    ///    met that one already; a variant left without context is deleted) and new props
    ///    are added. A target without context (a report, a table row) adds no context to a
    ///    translation already known.
    /// 2. Else a variant for the same context that this writer has not met yet in that
    ///    context is the translation being revised: its text is replaced (its change time
    ///    updated), unless it has other contexts or its text is one this writer met (the
    ///    context then moves to a new variant, and a variant left without context becomes
    ///    a default translation).
    /// 3. Else the target is a new variant: an alternative when the unit holds one of that
    ///    language already (several translations for one context in one input, or a new
    ///    context).
    ///
    /// So re-importing an unchanged file changes nothing, a file's changed translation for
    /// a context replaces the TM's, and every distinct translation one input gives is kept.
    pub fn upsert(&mut self, unit: &PreparedUnit) -> Result<(i64, Change)> {
        let done = self.upsert_inner(unit)?;
        self.last_unit = done.0;
        Ok(done)
    }

    fn upsert_inner(&mut self, unit: &PreparedUnit) -> Result<(i64, Change)> {
        let input = &unit.input;
        let maybe_known = self.filter.as_ref().is_none_or(|f| f.may_contain(unit.key));
        let existing = if self.keys.is_some() {
            self.find_added(unit)?
        } else if maybe_known {
            let find = self.stmt(Sql::Find)?;
            let markup = Some(input.source_markup.as_deref());
            find_by_key(find, unit.key, &input.src_lang, unit.source_nfc(), markup)?
        } else {
            None
        };
        let Some(id) = existing else {
            let id = self.insert(unit)?;
            self.note_added(unit.key, id)?;
            return Ok((id, Change::Added));
        };
        let mut change = Change::Unchanged;
        if !input.targets.is_empty() {
            let held = self
                .stmt(Sql::UnitVariants)?
                .query_map([id], |r| {
                    Ok(Held {
                        id: r.get(0)?,
                        lang: r.get(1)?,
                        text_nfc: r.get(2)?,
                        markup: r.get(3)?,
                        contexts: contexts_from_sql(r.get_ref(4)?.as_str_or_null()?),
                        gone: false,
                    })
                })?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            if self.merge_variants(id, unit, held)? {
                change = Change::Updated;
            }
        }
        if self.merge_props(id, None, &input.props)? {
            change = Change::Updated;
        }
        if change == Change::Updated {
            let (now, user) = (self.now, self.user);
            self.stmt(Sql::TouchUnit)?.execute(params![now, user, id])?;
        }
        if change == Change::Updated && id > self.units_before {
            // Ids above the largest one before this writer started are its own additions.
            change = Change::Repeated;
        }
        Ok((id, change))
    }

    /// Keeps the filter up to date with a new unit, or builds it once the writer has added
    /// enough units (at doubling counts, so that each check's scan is paid for).
    fn note_added(&mut self, key: i64, id: i64) -> Result<()> {
        self.added += 1;
        if let Some(keys) = &mut self.keys {
            if !keys.insert(key, id) {
                // Out of the table's range: back to the index, from here on.
                self.keys = None;
                restore_source_index(self.conn, self.source_index_dropped)?;
            }
            return Ok(());
        }
        match &mut self.filter {
            Some(f) => f.insert(key),
            None => {
                if self.added >= FILTER_AFTER
                    && (self.added as u64).is_power_of_two()
                    && self.units_before <= FILTER_SCAN_RATIO * self.added
                {
                    // The scan sees the units this transaction added, this one included.
                    self.filter = Some(KeyFilter::of_tm(self.conn)?);
                }
            }
        }
        Ok(())
    }

    /// The unit this writer added with the same source as `unit` (language, NFC text and
    /// inline markup), found through its [`KeyTable`].
    fn find_added(&mut self, unit: &PreparedUnit) -> Result<Option<i64>> {
        let mut candidates = std::mem::take(&mut self.candidates);
        candidates.clear();
        if let Some(keys) = &self.keys {
            keys.candidates(unit.key, &mut candidates);
        }
        let input = &unit.input;
        let mut found = None;
        for &id in &candidates {
            let stmt = self.stmt(Sql::UnitSource)?;
            let same = stmt
                .query_row([id], |r| {
                    Ok(r.get_ref(0)?.as_str()? == input.src_lang
                        && r.get_ref(1)?.as_str()? == unit.source_nfc()
                        && r.get_ref(2)?.as_str_or_null()? == input.source_markup.as_deref())
                })
                .optional()?;
            if same == Some(true) {
                found = Some(id);
                break;
            }
        }
        self.candidates = candidates;
        Ok(found)
    }

    /// Inserts a unit known to be new, with its variants and props.
    fn insert(&mut self, unit: &PreparedUnit) -> Result<i64> {
        let input = &unit.input;
        let id = self.next_unit;
        let created_at = input.created_at.as_deref().unwrap_or(self.now);
        let changed_at = input.changed_at.as_deref().unwrap_or(created_at);
        let created_by = input.creator.as_deref().unwrap_or(self.user);
        self.insert_row(
            Sql::InsertUnit,
            &[
                id.into(),
                input.src_lang.as_str().into(),
                input.source.as_str().into(),
                unit.source_nfc.as_deref().into(),
                unit.key.into(),
                input.source_markup.as_deref().into(),
                input.tuid.as_deref().into(),
                created_at.into(),
                created_by.into(),
                changed_at.into(),
            ],
        )?;
        self.next_unit += 1;
        self.counts.add(Counted::Units, &input.src_lang, 1);
        if self.check_refs && input.targets.len() == 2 && one_per_language(&input.targets) {
            let (first, second) = self.insert_two_variants(id, unit)?;
            self.insert_props(id, Some(first), &input.targets[0].props)?;
            self.insert_props(id, Some(second), &input.targets[1].props)?;
        } else if one_per_language(&input.targets) {
            for i in 0..input.targets.len() {
                let v = &input.targets[i];
                let contexts = (!v.context.is_empty()).then(|| vec![v.context.clone()]);
                let vid = self.insert_variant(id, unit, i, contexts.as_deref())?;
                self.insert_props(id, Some(vid), &v.props)?;
            }
        } else {
            self.merge_variants(id, unit, Vec::new())?;
        }
        self.insert_props(id, None, &input.props)?;
        Ok(id)
    }

    fn insert_props(&mut self, unit_id: i64, variant: Option<i64>, props: &[Prop]) -> Result<()> {
        for p in props {
            self.stmt(Sql::InsertProp)?.execute(params![
                unit_id,
                p.lang,
                p.kind,
                p.prop_type,
                p.value,
                variant
            ])?;
        }
        Ok(())
    }

    /// Inserts the two targets of `unit` (of two languages) as new variants of unit
    /// `unit_id`, each in its own context as [`Writer::insert`] gives it; returns their ids.
    /// The same rows as two calls of [`Writer::insert_variant`], in one statement.
    fn insert_two_variants(&mut self, unit_id: i64, unit: &PreparedUnit) -> Result<(i64, i64)> {
        let first = self.next_variant;
        let contexts: [Option<String>; 2] = std::array::from_fn(|i| {
            let c = &unit.input.targets[i].context;
            (!c.is_empty())
                .then(|| contexts_to_sql(std::slice::from_ref(c)))
                .flatten()
        });
        let row = |i: usize| {
            variant_row(
                (self.now, self.user),
                first + i as i64,
                unit_id,
                unit,
                i,
                contexts[i].as_deref(),
            )
        };
        let (a, b) = (row(0), row(1));
        let mut args = [Arg::Null; 20];
        args[..10].copy_from_slice(&a);
        args[10..].copy_from_slice(&b);
        let stmt = match &mut self.insert_pair {
            Some(s) => s,
            empty => empty.insert(RawInsert::new(self.conn, INSERT_TWO_VARIANTS)?),
        };
        stmt.execute(&args)?;
        self.next_variant += 2;
        for v in &unit.input.targets {
            self.counts.add(Counted::Variants, &v.lang, 1);
        }
        Ok((first, first + 1))
    }

    /// Inserts target `i` of `unit` as a new variant of unit `unit_id` applying in
    /// `contexts` (`None`: the default context alone); returns its id.
    fn insert_variant(
        &mut self,
        unit_id: i64,
        unit: &PreparedUnit,
        i: usize,
        contexts: Option<&[VariantContext]>,
    ) -> Result<i64> {
        let id = self.next_variant;
        let contexts = contexts.and_then(contexts_to_sql);
        let row = variant_row(
            (self.now, self.user),
            id,
            unit_id,
            unit,
            i,
            contexts.as_deref(),
        );
        self.insert_row(Sql::InsertVariant, &row)?;
        self.next_variant += 1;
        self.counts
            .add(Counted::Variants, &unit.input.targets[i].lang, 1);
        Ok(id)
    }

    /// Whether this writer has met variant `id` in context `ctx` (it wrote the variant, or
    /// matched or updated it for that context).
    fn has_met(&self, id: i64, ctx: &VariantContext) -> bool {
        id >= self.first_new_variant || self.met.contains(&(id, context_hash(ctx)))
    }

    /// Whether this writer has met variant `id` in any context (its text is one the input
    /// gives).
    fn has_met_text(&self, id: i64) -> bool {
        id >= self.first_new_variant || self.met.contains(&(id, ANY_CONTEXT))
    }

    fn meet(&mut self, id: i64, ctx: &VariantContext) {
        if id < self.first_new_variant {
            self.met.insert((id, context_hash(ctx)));
            self.met.insert((id, ANY_CONTEXT));
        }
    }

    /// Takes context `ctx` from `h` (another translation has it now): a variant left
    /// without context is deleted, unless the input gave its text (it is then a default
    /// translation).
    fn drop_context(&mut self, h: &mut Held, ctx: &VariantContext) -> Result<()> {
        h.contexts.retain(|c| c != ctx);
        if h.contexts.is_empty() && self.has_met_text(h.id) {
            h.contexts.push(Vec::new());
        }
        self.set_contexts(h)
    }

    /// Merges every target of `unit` into unit `unit_id`, which holds `held` (see
    /// [`Writer::upsert`] for the rules); true when something changed.
    fn merge_variants(
        &mut self,
        unit_id: i64,
        unit: &PreparedUnit,
        mut held: Vec<Held>,
    ) -> Result<bool> {
        let mut changed = false;
        // Maps rather than scans (a unit may hold, and a file give, very many translations):
        // (language, NFC text) → index in `held`; (language, context) → the indexes of the
        // variants held before this writer that apply in it (only they can be revised or
        // lose a context: the writer has met every variant it wrote); variants per language.
        let mut by_text: HashMap<(String, String), usize> = HashMap::new();
        let mut by_context: HashMap<(String, VariantContext), Vec<usize>> = HashMap::new();
        let mut per_lang: HashMap<String, usize> = HashMap::new();
        for (k, h) in held.iter().enumerate() {
            by_text.insert((h.lang.clone(), h.text_nfc.clone()), k);
            for c in &h.contexts {
                by_context
                    .entry((h.lang.clone(), c.clone()))
                    .or_default()
                    .push(k);
            }
            *per_lang.entry(h.lang.clone()).or_default() += 1;
        }
        let no_candidates = Vec::new();
        for i in 0..unit.input.targets.len() {
            let v = &unit.input.targets[i];
            let text_nfc = unit.target_nfc(i);
            let ctx = &v.context;
            let same_text = by_text
                .get(&(v.lang.clone(), text_nfc.to_string()))
                .copied()
                .filter(|&k| !held[k].gone);
            let candidates = by_context
                .get(&(v.lang.clone(), ctx.clone()))
                .unwrap_or(&no_candidates);
            if let Some(k) = same_text {
                let vid = held[k].id;
                self.meet(vid, ctx);
                if v.markup.is_some() && held[k].markup != v.markup {
                    self.update_variant(vid, unit, i)?;
                    held[k].markup = v.markup.clone();
                    changed = true;
                }
                if !ctx.is_empty() && !held[k].contexts.contains(ctx) {
                    for &j in candidates {
                        let h = &mut held[j];
                        if j != k && !h.gone && h.contexts.contains(ctx) && !self.has_met(h.id, ctx)
                        {
                            self.drop_context(h, ctx)?;
                            if h.gone {
                                *per_lang.entry(v.lang.clone()).or_default() -= 1;
                            }
                        }
                    }
                    held[k].contexts.push(ctx.clone());
                    self.set_contexts(&mut held[k])?;
                    changed = true;
                }
                changed |= self.merge_props(unit_id, Some(vid), &v.props)?;
                continue;
            }
            let revised = candidates.iter().copied().find(|&k| {
                let h = &held[k];
                !h.gone && h.contexts.contains(ctx) && !self.has_met(h.id, ctx)
            });
            if let Some(k) = revised {
                if held[k].contexts.len() == 1 && !self.has_met_text(held[k].id) {
                    let vid = held[k].id;
                    self.update_variant(vid, unit, i)?;
                    self.meet(vid, ctx);
                    by_text.remove(&(held[k].lang.clone(), held[k].text_nfc.clone()));
                    held[k].text_nfc = text_nfc.to_string();
                    held[k].markup = v.markup.clone();
                    by_text.insert((v.lang.clone(), text_nfc.to_string()), k);
                    self.merge_props(unit_id, Some(vid), &v.props)?;
                    changed = true;
                    continue;
                }
                self.drop_context(&mut held[k], ctx)?;
                if held[k].gone {
                    *per_lang.entry(v.lang.clone()).or_default() -= 1;
                }
            }
            let of_lang = per_lang.entry(v.lang.clone()).or_default();
            if *of_lang > 0 {
                self.alternatives += 1;
            }
            *of_lang += 1;
            let contexts = vec![ctx.clone()];
            let vid = self.insert_variant(unit_id, unit, i, Some(&contexts))?;
            self.insert_props(unit_id, Some(vid), &v.props)?;
            by_text.insert((v.lang.clone(), text_nfc.to_string()), held.len());
            held.push(Held {
                id: vid,
                lang: v.lang.clone(),
                text_nfc: text_nfc.to_string(),
                markup: v.markup.clone(),
                contexts,
                gone: false,
            });
            changed = true;
        }
        Ok(changed)
    }

    /// Replaces the text and markup of variant `vid` with target `i` of `unit`.
    fn update_variant(&mut self, vid: i64, unit: &PreparedUnit, i: usize) -> Result<()> {
        let v = &unit.input.targets[i];
        let changed_at = v.changed_at.as_deref().unwrap_or(self.now);
        let by = v.creator.as_deref().unwrap_or(self.user);
        self.stmt(Sql::UpdateVariant)?.execute(params![
            v.text,
            unit.target_nfc[i],
            v.markup,
            changed_at,
            by,
            vid
        ])?;
        Ok(())
    }

    /// Stores the contexts of `h`, or deletes it (with its props) when none is left.
    fn set_contexts(&mut self, h: &mut Held) -> Result<()> {
        if h.contexts.is_empty() {
            self.stmt(Sql::DeleteVariantProps)?.execute([h.id])?;
            if self.stmt(Sql::DeleteVariant)?.execute([h.id])? > 0 {
                self.counts.add(Counted::Variants, &h.lang, -1);
            }
            h.gone = true;
            return Ok(());
        }
        let stored = contexts_to_sql(&h.contexts);
        self.stmt(Sql::SetContexts)?
            .execute(params![stored, h.id])?;
        Ok(())
    }

    /// Keeps each of `props` (distinct, see [`PreparedUnit::new`]) unless the same one is
    /// already there; true when one was added. A few props are looked up one by one; many
    /// against the unit's props read once (each lookup scans the unit's props: one by one,
    /// a unit with very many would take quadratic time).
    fn merge_props(&mut self, unit_id: i64, variant: Option<i64>, props: &[Prop]) -> Result<bool> {
        let mut added = false;
        if props.len() <= PROPS_LOOKED_UP_ONE_BY_ONE {
            for p in props {
                added |= self.merge_prop(unit_id, variant, p)?;
            }
            return Ok(added);
        }
        let old: HashSet<Prop> = self
            .stmt(Sql::UnitProps)?
            .query_map(params![unit_id, variant], |r| {
                Ok(Prop {
                    lang: r.get(0)?,
                    kind: r.get(1)?,
                    prop_type: r.get(2)?,
                    value: r.get(3)?,
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
        let new: Vec<Prop> = props
            .iter()
            .filter(|p| !old.contains(*p))
            .cloned()
            .collect();
        added = !new.is_empty();
        self.insert_props(unit_id, variant, &new)?;
        Ok(added)
    }

    /// Keeps a prop or note of the unit (or of its variant `variant`) unless the same one
    /// is already there; true when added.
    fn merge_prop(&mut self, unit_id: i64, variant: Option<i64>, p: &Prop) -> Result<bool> {
        let exists: Option<i64> = self
            .stmt(Sql::FindProp)?
            .query_row(
                params![unit_id, p.lang, p.kind, p.prop_type, p.value, variant],
                |r| r.get(0),
            )
            .optional()?;
        if exists.is_some() {
            return Ok(false);
        }
        self.insert_props(unit_id, variant, std::slice::from_ref(p))?;
        Ok(true)
    }

    /// Records where a unit's source occurred (replacing what stood at that position).
    pub fn add_occurrence(&mut self, unit_id: i64, occ: &Occurrence) -> Result<()> {
        if self.check_refs {
            if unit_id != self.last_unit && !self.exists(Sql::UnitExists, unit_id)? {
                return Err(missing_reference());
            }
            if occ.document_id != self.known_document {
                if !self.exists(Sql::DocumentExists, occ.document_id)? {
                    return Err(missing_reference());
                }
                self.known_document = occ.document_id;
            }
        }
        let args = [
            unit_id.into(),
            occ.document_id.into(),
            occ.paragraph.into(),
            occ.sentence.into(),
            occ.prev_hash.as_deref().into(),
            occ.next_hash.as_deref().into(),
        ];
        match self.insert_row(Sql::Occurrence, &args) {
            Err(StoreError::Sql(rusqlite::Error::SqliteFailure(e, _)))
                if e.extended_code == rusqlite::ffi::SQLITE_CONSTRAINT_PRIMARYKEY =>
            {
                let p = params![
                    unit_id,
                    occ.document_id,
                    occ.paragraph,
                    occ.sentence,
                    occ.prev_hash,
                    occ.next_hash
                ];
                self.stmt(Sql::MoveOccurrence)?.execute(p)?;
                Ok(())
            }
            r => r.map(|_| ()),
        }
    }
}

/// What [`Writer::met`] records for a variant met in any context (no context hashes to it
/// but by chance).
const ANY_CONTEXT: u64 = u64::MAX;

/// A hash of a context, for [`Writer::has_met`].
fn context_hash(ctx: &VariantContext) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    ctx.hash(&mut h);
    h.finish()
}

/// Whether no two targets share a language (the usual case: each becomes a variant as is).
fn one_per_language(targets: &[VariantInput]) -> bool {
    if targets.len() <= 8 {
        return targets
            .iter()
            .enumerate()
            .all(|(i, v)| targets[..i].iter().all(|w| w.lang != v.lang));
    }
    let mut seen = HashSet::with_capacity(targets.len());
    targets.iter().all(|v| seen.insert(v.lang.as_str()))
}

/// The error SQLite gives for a reference to a row that does not exist.
fn missing_reference() -> StoreError {
    StoreError::Sql(rusqlite::Error::SqliteFailure(
        rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_CONSTRAINT_FOREIGNKEY),
        Some("FOREIGN KEY constraint failed".to_string()),
    ))
}

/// The bound values of variant `id` (target `i` of `unit`, of unit `unit_id`) in the column
/// order of the variant inserts: its own dates and creator, else `now` and `user`,
/// the last change its creation; `contexts` as stored (`None`: the default context alone).
fn variant_row<'a>(
    (now, user): (&'a str, &'a str),
    id: i64,
    unit_id: i64,
    unit: &'a PreparedUnit,
    i: usize,
    contexts: Option<&'a str>,
) -> [Arg<'a>; 10] {
    let v = &unit.input.targets[i];
    let created_at = v.created_at.as_deref().unwrap_or(now);
    [
        id.into(),
        unit_id.into(),
        v.lang.as_str().into(),
        v.text.as_str().into(),
        unit.target_nfc[i].as_deref().into(),
        v.markup.as_deref().into(),
        created_at.into(),
        v.creator.as_deref().unwrap_or(user).into(),
        v.changed_at.as_deref().unwrap_or(created_at).into(),
        contexts.into(),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::test_units::unit;
    use crate::store::Store;

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
        // Sources from before the writer and from early in its run are merged, not added
        // (a unit the writer added that gains a translation is `Repeated`: not "updated").
        assert_eq!(
            w.upsert(&prep("Old.", "Ескі.")).unwrap(),
            (old, Change::Unchanged)
        );
        assert_eq!(
            w.upsert(&prep("Unit 7.", "Жеті.")).unwrap(),
            (ids[7].0, Change::Repeated)
        );
        assert_eq!(
            w.upsert(&prep("Unit 9999.", "Бір.")).unwrap(),
            (ids[9999].0, Change::Unchanged)
        );
        drop(w);
        tx.commit().unwrap();
        assert_eq!(s.stats().unwrap().units, 10_001);
        // The repeated unit still took its second translation (an alternative: one input
        // gave both).
        let seven = s.unit(ids[7].0).unwrap().unwrap();
        let texts: Vec<&str> = seven.variants.iter().map(|v| v.text.as_str()).collect();
        assert_eq!(texts, ["Бір.", "Жеті."]);
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

    fn props(values: impl IntoIterator<Item = usize>) -> Vec<Prop> {
        values
            .into_iter()
            .map(|i| Prop {
                lang: Some("KK".into()),
                kind: "prop".into(),
                prop_type: Some("x-n".into()),
                value: format!("{i}"),
            })
            .collect()
    }

    #[test]
    fn a_prepared_unit_keeps_the_first_of_equal_props_and_every_text_of_a_language() {
        let mut input = unit("Many.", Some("Бір."));
        for t in ["Екі.", "Үш."] {
            input.targets.push(VariantInput {
                lang: "kk".into(),
                text: t.into(),
                ..Default::default()
            });
        }
        input.targets.push(VariantInput {
            lang: "ru".into(),
            text: "Много.".into(),
            ..Default::default()
        });
        input.props = props([3, 1, 3, 2, 1]);
        let u = PreparedUnit::new(input).unwrap();
        let targets: Vec<_> = u
            .input()
            .targets
            .iter()
            .map(|v| (&*v.lang, &*v.text))
            .collect();
        assert_eq!(
            targets,
            [
                ("kk", "Бір."),
                ("kk", "Екі."),
                ("kk", "Үш."),
                ("ru", "Много.")
            ]
        );
        let values: Vec<_> = u.input().props.iter().map(|p| &*p.value).collect();
        assert_eq!(values, ["3", "1", "2"]);
        assert!(u
            .input()
            .props
            .iter()
            .all(|p| p.lang.as_deref() == Some("kk")));
    }

    #[test]
    fn merging_adds_only_new_props_whether_few_or_many() {
        let mut s = Store::open_in_memory().unwrap();
        let mut tx = s.begin("t").unwrap();
        let with = |values: std::ops::Range<usize>| UnitInput {
            props: props(values),
            ..unit("Props.", None)
        };
        let (id, _) = tx.upsert_unit(&with(0..3)).unwrap();
        // A few, looked up one by one; then many, against the unit's props read once.
        assert_eq!(
            tx.upsert_unit(&with(0..3)).unwrap(),
            (id, Change::Unchanged)
        );
        assert_eq!(tx.upsert_unit(&with(2..5)).unwrap(), (id, Change::Updated));
        const { assert!(PROPS_LOOKED_UP_ONE_BY_ONE < 100) };
        assert_eq!(
            tx.upsert_unit(&with(0..100)).unwrap(),
            (id, Change::Updated)
        );
        assert_eq!(
            tx.upsert_unit(&with(0..100)).unwrap(),
            (id, Change::Unchanged)
        );
        tx.commit().unwrap();
        let stored: Vec<String> = s
            .unit(id)
            .unwrap()
            .unwrap()
            .props
            .into_iter()
            .map(|p| p.value)
            .collect();
        let mut want: Vec<String> = (0..5).chain(5..100).map(|i| i.to_string()).collect();
        want.sort();
        let mut got = stored;
        got.sort();
        assert_eq!(got, want, "each prop once");
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

    fn in_context(source: &str, kk: &[(&str, &str)]) -> UnitInput {
        let mut u = unit(source, None);
        for (ctx, text) in kk {
            u.targets.push(VariantInput {
                lang: "kk".into(),
                text: (*text).into(),
                context: if ctx.is_empty() {
                    Vec::new()
                } else {
                    vec![crate::store::ContextProp {
                        prop_type: "x-context".into(),
                        value: (*ctx).into(),
                    }]
                },
                ..Default::default()
            });
        }
        u
    }

    fn kk_texts(s: &Store, id: i64) -> Vec<(String, Vec<String>)> {
        let u = s.unit(id).unwrap().unwrap();
        u.variants
            .iter()
            .map(|v| {
                let ctx = v
                    .contexts
                    .iter()
                    .map(|c| {
                        c.iter()
                            .map(|p| p.value.clone())
                            .collect::<Vec<_>>()
                            .join("+")
                    })
                    .collect();
                (v.text.clone(), ctx)
            })
            .collect()
    }

    #[test]
    fn translations_for_other_contexts_are_alternatives_and_a_second_import_changes_nothing() {
        let mut s = Store::open_in_memory().unwrap();
        let file = [
            in_context("Satisfied?", &[("", "Риза болдыңыз ба?")]),
            in_context("Satisfied?", &[("survey-f", "Риза болдыңыз ба, ханым?")]),
            in_context("Satisfied?", &[("survey-m", "Риза болдыңыз ба, мырза?")]),
        ];
        let tx = s.begin("t").unwrap();
        let mut w = tx.writer().unwrap();
        let mut id = 0;
        for u in &file {
            id = w.upsert(&PreparedUnit::new(u.clone()).unwrap()).unwrap().0;
        }
        assert_eq!(w.alternatives(), 2);
        drop(w);
        tx.commit().unwrap();
        assert_eq!(
            kk_texts(&s, id),
            [
                ("Риза болдыңыз ба?".to_string(), vec![String::new()]),
                (
                    "Риза болдыңыз ба, ханым?".to_string(),
                    vec!["survey-f".to_string()]
                ),
                (
                    "Риза болдыңыз ба, мырза?".to_string(),
                    vec!["survey-m".to_string()]
                ),
            ]
        );
        let tx = s.begin("t").unwrap();
        let mut w = tx.writer().unwrap();
        for u in &file {
            let (_, c) = w.upsert(&PreparedUnit::new(u.clone()).unwrap()).unwrap();
            assert_eq!(c, Change::Unchanged);
        }
        assert_eq!(w.alternatives(), 0);
    }

    #[test]
    fn a_changed_translation_for_a_context_replaces_only_that_one() {
        let mut s = Store::open_in_memory().unwrap();
        let mut tx = s.begin("t").unwrap();
        let first = in_context("File", &[("menu", "Файл"), ("toolbar", "Файл")]);
        let (id, _) = tx.upsert_unit(&first).unwrap();
        tx.commit().unwrap();
        // The same text in two contexts is one variant holding both.
        assert_eq!(
            kk_texts(&s, id),
            [(
                "Файл".to_string(),
                vec!["menu".to_string(), "toolbar".to_string()]
            )]
        );
        let mut tx = s.begin("t").unwrap();
        let revised = in_context("File", &[("menu", "Файл"), ("toolbar", "Құжат")]);
        assert_eq!(tx.upsert_unit(&revised).unwrap(), (id, Change::Updated));
        assert_eq!(tx.upsert_unit(&revised).unwrap(), (id, Change::Unchanged));
        tx.commit().unwrap();
        assert_eq!(
            kk_texts(&s, id),
            [
                ("Файл".to_string(), vec!["menu".to_string()]),
                ("Құжат".to_string(), vec!["toolbar".to_string()]),
            ]
        );
        // A later import moves "toolbar" back to the first text: the second variant, left
        // without a context, goes.
        let mut tx = s.begin("t").unwrap();
        tx.upsert_unit(&in_context("File", &[("toolbar", "Файл")]))
            .unwrap();
        tx.commit().unwrap();
        assert_eq!(
            kk_texts(&s, id),
            [(
                "Файл".to_string(),
                vec!["menu".to_string(), "toolbar".to_string()]
            )]
        );
    }

    #[test]
    fn two_translations_for_one_context_in_one_import_are_both_kept_and_revised_one_by_one() {
        let mut s = Store::open_in_memory().unwrap();
        let tx = s.begin("t").unwrap();
        let mut w = tx.writer().unwrap();
        let (id, _) = w
            .upsert(&PreparedUnit::new(in_context("Open", &[("", "Ашу")])).unwrap())
            .unwrap();
        let (_, c) = w
            .upsert(&PreparedUnit::new(in_context("Open", &[("", "Ашыңыз")])).unwrap())
            .unwrap();
        assert_eq!((c, w.alternatives()), (Change::Repeated, 1));
        drop(w);
        tx.commit().unwrap();
        // The next import revises the second: the first, met already, stays.
        let tx = s.begin("t").unwrap();
        let mut w = tx.writer().unwrap();
        for (text, want) in [("Ашу", Change::Unchanged), ("Ашыңызшы", Change::Updated)] {
            let u = PreparedUnit::new(in_context("Open", &[("", text)])).unwrap();
            assert_eq!(w.upsert(&u).unwrap(), (id, want), "{text}");
        }
        assert_eq!(w.alternatives(), 0);
        drop(w);
        tx.commit().unwrap();
        let texts: Vec<String> = kk_texts(&s, id).into_iter().map(|t| t.0).collect();
        assert_eq!(texts, ["Ашу", "Ашыңызшы"]);
    }

    /// One `<tu>` of a generated file: a source and its targets as (language, context,
    /// text) choices.
    type GenTu = (usize, Vec<(usize, usize, usize)>);

    fn gen_unit((source, targets): &GenTu) -> UnitInput {
        let mut u = unit(["Yes.", "No."][*source], None);
        for &(lang, ctx, text) in targets {
            u.targets.push(VariantInput {
                lang: ["kk", "ru"][lang].into(),
                text: format!("text {text}"),
                context: match ctx {
                    0 => Vec::new(),
                    n => vec![crate::store::ContextProp {
                        prop_type: "x-context".into(),
                        value: format!("c{n}"),
                    }],
                },
                ..Default::default()
            });
        }
        u
    }

    /// Imports `file` in one transaction through one writer; the changes and the number of
    /// alternatives.
    fn import_gen(s: &mut Store, file: &[GenTu]) -> (Vec<Change>, u64) {
        let tx = s.begin("t").unwrap();
        let mut w = tx.writer().unwrap();
        let changes = file
            .iter()
            .map(|tu| {
                w.upsert(&PreparedUnit::new(gen_unit(tu)).unwrap())
                    .unwrap()
                    .1
            })
            .collect();
        let alternatives = w.alternatives();
        drop(w);
        tx.commit().unwrap();
        (changes, alternatives)
    }

    proptest::proptest! {
        /// Whatever the TM held, an import keeps every translation the file gives (with its
        /// context, unless it has none), and importing the same file again changes nothing.
        #[test]
        fn an_import_keeps_every_translation_and_a_second_one_changes_nothing(
            files in proptest::collection::vec(
                proptest::collection::vec(
                    (0..2usize, proptest::collection::vec((0..2usize, 0..3usize, 0..4usize), 0..4)),
                    1..6,
                ),
                1..4,
            ),
        ) {
            let mut s = Store::open_in_memory().unwrap();
            for file in &files {
                import_gen(&mut s, file);
                for (source, targets) in file {
                    let id = s.find_unit("en", ["Yes.", "No."][*source]).unwrap().unwrap();
                    let u = s.unit(id).unwrap().unwrap();
                    for &(lang, ctx, text) in targets {
                        let text = format!("text {text}");
                        let v = u.variants.iter().find(|v| {
                            v.lang == ["kk", "ru"][lang] && v.text == text
                        });
                        proptest::prop_assert!(v.is_some(), "{text} lost: {u:?}");
                        if ctx > 0 {
                            let held = v.unwrap().contexts.iter().any(|c| {
                                c.len() == 1 && c[0].value == format!("c{ctx}")
                            });
                            proptest::prop_assert!(held, "c{ctx} of {text} lost: {u:?}");
                        }
                    }
                }
                let (again, alternatives) = import_gen(&mut s, file);
                proptest::prop_assert!(
                    again.iter().all(|c| *c == Change::Unchanged) && alternatives == 0,
                    "{again:?}, {alternatives} alternative(s)"
                );
            }
        }
    }

    /// The rows of units, variants and props (timestamps left out), and the source-key
    /// index's definition.
    fn rows_of(s: &Store) -> (Vec<String>, Option<String>) {
        let mut rows = Vec::new();
        for sql in [
            "SELECT id, src_lang, source, source_nfc_diff, source_key, source_markup, tuid
             FROM units ORDER BY id",
            "SELECT id, unit_id, lang, text, text_nfc_diff, markup, contexts
             FROM variants ORDER BY id",
            "SELECT unit_id, variant_id, lang, kind, type, value FROM props ORDER BY rowid",
        ] {
            let mut stmt = s.conn.prepare(sql).unwrap();
            let n = stmt.column_count();
            let mut q = stmt.query([]).unwrap();
            while let Some(r) = q.next().unwrap() {
                let cells: Vec<String> = (0..n)
                    .map(|i| format!("{:?}", r.get_ref(i).unwrap()))
                    .collect();
                rows.push(cells.join("|"));
            }
        }
        let index = s
            .conn
            .query_row(
                "SELECT sql FROM sqlite_master WHERE name = 'units_source_key'",
                [],
                |r| r.get(0),
            )
            .optional()
            .unwrap();
        (rows, index)
    }

    proptest::proptest! {
        /// An import into an empty TM keeps its source keys in memory instead of the index
        /// (`KeyTable`): it finds repeated sources (also in another normalization form, and
        /// tells sources apart by their inline codes) and stores exactly the rows a writer
        /// using the index stores; the index is back when it commits.
        #[test]
        fn an_import_into_an_empty_tm_stores_what_the_key_index_would_find(
            file in proptest::collection::vec(
                (0..6usize, 0..3usize, proptest::collection::vec((0..2usize, 0..3usize, 0..4usize), 0..3)),
                1..40,
            ),
        ) {
            let sources = ["Yes.", "No.", "Cafe\u{301} opened.", "Café opened.", "Maybe.", "Later."];
            let units: Vec<UnitInput> = file
                .iter()
                .map(|(src, markup, targets)| {
                    let mut u = gen_unit(&(0, targets.clone()));
                    u.source = sources[*src].to_string();
                    u.source_markup = match markup {
                        0 => None,
                        n => Some(format!("[{{\"at\":0,\"code\":{n}}}]")),
                    };
                    u
                })
                .collect();
            let write = |import: bool| {
                let mut s = Store::open_in_memory().unwrap();
                let tx = if import { s.begin_import("t") } else { s.begin("t") }.unwrap();
                let mut w = tx.writer().unwrap();
                proptest::prop_assert_eq!(w.keys.is_some(), import);
                let changes: Vec<(i64, Change)> = units
                    .iter()
                    .map(|u| w.upsert(&PreparedUnit::new(u.clone()).unwrap()).unwrap())
                    .collect();
                drop(w);
                tx.commit().unwrap();
                Ok((changes, rows_of(&s)))
            };
            let (indexed, with_table) = (write(false)?, write(true)?);
            proptest::prop_assert_eq!(&indexed, &with_table);
            proptest::prop_assert_eq!(
                with_table.1 .1.as_deref(),
                Some("CREATE INDEX units_source_key ON units(source_key)")
            );
        }
    }

    proptest::proptest! {
        /// An exclusive import (a new TM on disk) writes a unit's two translations with one
        /// statement: the rows are those a writer inserting them one by one stores, with
        /// their contexts, props, creators and times, and their ids.
        #[test]
        fn a_units_two_variants_written_at_once_are_the_rows_written_one_by_one(
            file in proptest::collection::vec(
                (0..2usize, proptest::collection::vec((0..2usize, 0..3usize, 0..4usize, 0..3usize), 0..4)),
                1..30,
            ),
        ) {
            let units: Vec<UnitInput> = file
                .iter()
                .enumerate()
                .map(|(i, (src, targets))| {
                    let plain: Vec<_> = targets.iter().map(|&(l, c, t, _)| (l, c, t)).collect();
                    let mut u = gen_unit(&(*src, plain));
                    u.source = format!("Unit {i} {}", u.source);
                    for (v, &(.., extra)) in u.targets.iter_mut().zip(targets) {
                        v.props = props(0..extra);
                        if extra == 2 {
                            v.creator = Some("editor".into());
                            v.created_at = Some("2020-01-02T03:04:05Z".into());
                            v.markup = Some("[{\"at\":0,\"code\":1}]".into());
                        }
                    }
                    u
                })
                .collect();
            let dir = tempfile::tempdir().unwrap();
            let write = |on_disk: bool| {
                let mut s = if on_disk {
                    Store::open(&dir.path().join("tm.db")).unwrap()
                } else {
                    Store::open_in_memory().unwrap()
                };
                let tx = s.begin_import("t").unwrap();
                proptest::prop_assert_eq!(tx.exclusive(), on_disk);
                let mut w = tx.writer().unwrap();
                let changes: Vec<(i64, Change)> = units
                    .iter()
                    .map(|u| w.upsert(&PreparedUnit::new(u.clone()).unwrap()).unwrap())
                    .collect();
                drop(w);
                tx.commit().unwrap();
                let created: Vec<String> = s
                    .conn
                    .prepare("SELECT id, created_by, created_at, changed_by FROM variants ORDER BY id")
                    .unwrap()
                    .query_map([], |r| {
                        Ok(format!(
                            "{}|{}|{}|{}",
                            r.get::<_, i64>(0)?,
                            r.get::<_, String>(1)?,
                            r.get::<_, String>(2)?.starts_with("2020"),
                            r.get::<_, String>(3)?
                        ))
                    })
                    .unwrap()
                    .collect::<rusqlite::Result<_>>()
                    .unwrap();
                Ok((changes, rows_of(&s), created))
            };
            let (one_by_one, at_once) = (write(false)?, write(true)?);
            proptest::prop_assert_eq!(one_by_one, at_once);
        }
    }

    #[test]
    fn an_import_into_a_tm_with_units_or_rolled_back_keeps_the_key_index() {
        let mut s = Store::open_in_memory().unwrap();
        {
            let tx = s.begin_import("t").unwrap();
            let mut w = tx.writer().unwrap();
            assert!(w.keys.is_some());
            w.upsert(&PreparedUnit::new(unit("Lost.", None)).unwrap())
                .unwrap();
        }
        assert_eq!(
            rows_of(&s),
            (Vec::new(), Some(SOURCE_KEY_INDEX.to_string()))
        );
        let tx = s.begin_import("t").unwrap();
        {
            let mut w = tx.writer().unwrap();
            let (kept, _) = w
                .upsert(&PreparedUnit::new(unit("Kept.", None)).unwrap())
                .unwrap();
            // A second writer in the same transaction has no table: the index is back.
            drop(w);
            let mut w = tx.writer().unwrap();
            assert!(w.keys.is_none());
            let again = w
                .upsert(&PreparedUnit::new(unit("Kept.", Some("Сақталды."))).unwrap())
                .unwrap();
            assert_eq!(again, (kept, Change::Updated), "found through the index");
        }
        tx.commit().unwrap();
        let tx = s.begin_import("t").unwrap();
        assert!(tx.writer().unwrap().keys.is_none(), "the TM holds a unit");
        drop(tx);
        assert_eq!(rows_of(&s).1.as_deref(), Some(SOURCE_KEY_INDEX));
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
    fn a_source_that_differs_only_in_inline_codes_is_another_unit() {
        let mut s = Store::open_in_memory().unwrap();
        let mut tx = s.begin("t").unwrap();
        let plain = unit("Click OK.", None);
        let (id, _) = tx.upsert_unit(&plain).unwrap();
        let mut bold = plain.clone();
        bold.source_markup = Some(r#"Click <ph x="1">&lt;b&gt;</ph>OK."#.into());
        let mut italic = plain.clone();
        italic.source_markup = Some(r#"Click <ph x="1">&lt;i&gt;</ph>OK."#.into());
        let (b, added) = tx.upsert_unit(&bold).unwrap();
        assert_eq!(added, Change::Added);
        assert_ne!(b, id);
        let (i, added) = tx.upsert_unit(&italic).unwrap();
        assert_eq!(added, Change::Added);
        assert!(i != b && i != id);
        for (u, want) in [(&plain, id), (&bold, b), (&italic, i)] {
            assert_eq!(tx.upsert_unit(u).unwrap(), (want, Change::Unchanged));
        }
        tx.commit().unwrap();
        assert_eq!(
            s.unit(b).unwrap().unwrap().source_markup,
            bold.source_markup
        );
        assert_eq!(s.unit(id).unwrap().unwrap().source_markup, None);
        // Found by its plain text: the unit without codes.
        assert_eq!(s.find_unit("en", "Click OK.").unwrap(), Some(id));
        assert_eq!(s.stats().unwrap().units, 3);
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
    fn bad_language_tag_is_refused() {
        let mut s = Store::open_in_memory().unwrap();
        let mut tx = s.begin("t").unwrap();
        let mut u = unit("X.", None);
        u.src_lang = "english language".into();
        assert!(matches!(tx.upsert_unit(&u), Err(StoreError::BadLang(_))));
    }
}
