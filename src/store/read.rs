//! Reading the TM: counts, one unit with everything attached, a unit by its source, and
//! every unit in id order. [`Store`] and [`Session`](super::Session) read through the same
//! [`Reader`].

use std::path::Path;

use rusqlite::{Connection, OptionalExtension};

use super::write::find_unit_in;
use super::{
    canonical_lang, contexts_from_sql, Prop, Provenance, Result, Stats, Store, StoreError, Unit,
    Variant,
};
use crate::text::nfc;

/// The read queries, on a connection to the TM at `path` (`:memory:` for an in-memory TM).
#[derive(Clone, Copy)]
pub(super) struct Reader<'c> {
    pub(super) conn: &'c Connection,
    pub(super) path: &'c Path,
}

impl Store {
    /// The read queries on this store's connection.
    pub(super) fn reader(&self) -> Reader<'_> {
        Reader {
            conn: &self.conn,
            path: &self.path,
        }
    }

    /// The current schema version.
    pub fn schema_version(&self) -> Result<i64> {
        self.reader().schema_version()
    }

    /// Counts of units, documents and variants per language.
    pub fn stats(&self) -> Result<Stats> {
        self.reader().stats()
    }

    /// The unit with this id, with variants, provenance and props.
    pub fn unit(&self, id: i64) -> Result<Option<Unit>> {
        self.reader().unit(id)
    }

    /// The id of the unit with this source (NFC-compared), if any.
    pub fn find_unit(&self, src_lang: &str, source: &str) -> Result<Option<i64>> {
        self.reader().find_unit(src_lang, source)
    }

    /// Calls `f` with every unit in id order, streaming: memory does not grow with TM size.
    /// For one consistent view of a TM that others may write meanwhile, read through a
    /// [`session`](Store::session).
    pub fn for_each_unit<E, F>(&self, f: F) -> std::result::Result<(), E>
    where
        E: From<StoreError>,
        F: FnMut(Unit) -> std::result::Result<(), E>,
    {
        self.reader().for_each_unit(f)
    }
}

impl Reader<'_> {
    /// The current schema version.
    pub(super) fn schema_version(&self) -> Result<i64> {
        Ok(self
            .conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))?)
    }

    /// Counts of units, documents and variants per language.
    pub(super) fn stats(&self) -> Result<Stats> {
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
            file_len(self.path) + file_len(Path::new(&wal))
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
    pub(super) fn unit(&self, id: i64) -> Result<Option<Unit>> {
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
            "SELECT id, lang, text, markup, created_at, created_by, changed_at, changed_by,
                    contexts
             FROM variants WHERE unit_id = ?1 ORDER BY lang, id",
        )?;
        let variants = stmt
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
            "SELECT lang, kind, type, value, variant_id FROM props WHERE unit_id = ?1 ORDER BY id",
        )?;
        let props = stmt
            .query_map([id], |r| prop_row(r, 0))?
            .collect::<rusqlite::Result<_>>()?;
        assemble(&mut unit, variants, props);
        Ok(Some(unit))
    }

    /// The id of the unit with this source (NFC-compared), if any.
    pub(super) fn find_unit(&self, src_lang: &str, source: &str) -> Result<Option<i64>> {
        let src_lang = canonical_lang(src_lang)?;
        find_unit_in(self.conn, &src_lang, &nfc(source))
    }

    /// Calls `f` with every unit in id order, streaming: memory does not grow with TM size.
    pub(super) fn for_each_unit<E, F>(&self, mut f: F) -> std::result::Result<(), E>
    where
        E: From<StoreError>,
        F: FnMut(Unit) -> std::result::Result<(), E>,
    {
        let conn = self.conn;
        let sql_err = |e: rusqlite::Error| E::from(StoreError::Sql(e));
        let mut units = conn
            .prepare(
                "SELECT id, src_lang, source, source_markup, tuid, created_at, created_by,
                        changed_at, changed_by FROM units ORDER BY id",
            )
            .map_err(sql_err)?;
        let mut variants = conn
            .prepare(
                "SELECT unit_id, id, lang, text, markup, created_at, created_by, changed_at,
                        changed_by, contexts FROM variants ORDER BY unit_id, lang, id",
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
            .prepare(
                "SELECT unit_id, lang, kind, type, value, variant_id FROM props
                 ORDER BY unit_id, id",
            )
            .map_err(sql_err)?;
        let mut unit_rows = units.query([]).map_err(sql_err)?;
        let mut vrows = Cursor::new(variants.query([]).map_err(sql_err)?, |r| variant_row(r, 1));
        let mut orows = Cursor::new(occs.query([]).map_err(sql_err)?, |r| provenance_row(r, 1));
        let mut prows = Cursor::new(props.query([]).map_err(sql_err)?, |r| prop_row(r, 1));
        while let Some(row) = unit_rows.next().map_err(sql_err)? {
            let mut unit = unit_head(row).map_err(sql_err)?;
            let variants = vrows.take_for(unit.id).map_err(sql_err)?;
            unit.provenance = orows.take_for(unit.id).map_err(sql_err)?;
            let props = prows.take_for(unit.id).map_err(sql_err)?;
            assemble(&mut unit, variants, props);
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

/// Gives `unit` its variants (read with their ids, ordered by language and id), the
/// default translation of each language first, and its props (with the id of the variant
/// each belongs to, if any): a variant's own go with it.
fn assemble(unit: &mut Unit, mut variants: Vec<(i64, Variant)>, props: Vec<(Option<i64>, Prop)>) {
    variants.sort_by(|a, b| {
        (a.1.lang.as_str(), !a.1.is_default()).cmp(&(b.1.lang.as_str(), !b.1.is_default()))
    });
    for (vid, p) in props {
        match vid.and_then(|vid| variants.iter_mut().find(|v| v.0 == vid)) {
            Some(v) => v.1.props.push(p),
            None => unit.props.push(p),
        }
    }
    unit.variants = variants.into_iter().map(|v| v.1).collect();
}

fn variant_row(r: &rusqlite::Row<'_>, o: usize) -> rusqlite::Result<(i64, Variant)> {
    Ok((
        r.get(o)?,
        Variant {
            lang: r.get(o + 1)?,
            text: r.get(o + 2)?,
            markup: r.get(o + 3)?,
            created_at: r.get(o + 4)?,
            created_by: r.get(o + 5)?,
            changed_at: r.get(o + 6)?,
            changed_by: r.get(o + 7)?,
            contexts: contexts_from_sql(r.get_ref(o + 8)?.as_str_or_null()?),
            props: Vec::new(),
        },
    ))
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

fn prop_row(r: &rusqlite::Row<'_>, o: usize) -> rusqlite::Result<(Option<i64>, Prop)> {
    Ok((
        r.get(o + 4)?,
        Prop {
            lang: r.get(o)?,
            kind: r.get(o + 1)?,
            prop_type: r.get(o + 2)?,
            value: r.get(o + 3)?,
        },
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::test_units::unit;

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
}
