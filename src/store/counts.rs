//! The row counters behind `stats` (table `counts`): units per source language, variants
//! per target language and documents, kept in step by the one writer so that `stats` reads
//! a few rows instead of counting millions.
//!
//! A transaction ([`Tx`](super::Tx)) collects what its writers add and what it deletes as
//! [`CountDeltas`] and adds them to the table when it commits (one statement per language,
//! not one per row: the import's inserts fire no trigger). A rolled-back transaction leaves
//! the counters as they were. Migration 6 creates the table and fills it from the rows.

use std::cell::RefCell;

use rusqlite::{params, Connection};

/// What a counter counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Counted {
    /// Units, per source language.
    Units,
    /// Variants, per target language.
    Variants,
    /// Documents (language `""`).
    Documents,
}

impl Counted {
    fn name(self) -> &'static str {
        match self {
            Counted::Units => "units",
            Counted::Variants => "variants",
            Counted::Documents => "documents",
        }
    }
}

/// Changes to the counters made by a transaction not yet committed.
#[derive(Debug, Default)]
pub(crate) struct CountDeltas {
    /// (what, language, change); a handful of languages, so a list.
    deltas: RefCell<Vec<(Counted, String, i64)>>,
}

impl CountDeltas {
    /// Adds `n` (negative: removes) to the counter of `what` in `lang`.
    #[inline]
    pub(crate) fn add(&self, what: Counted, lang: &str, n: i64) {
        let mut d = self.deltas.borrow_mut();
        match d.iter_mut().find(|(w, l, _)| *w == what && l == lang) {
            Some(e) => e.2 += n,
            None => d.push((what, lang.to_string(), n)),
        }
    }

    /// Writes the changes into the `counts` table (inside the transaction), leaving none.
    pub(crate) fn flush(&self, conn: &Connection) -> rusqlite::Result<()> {
        let mut d = self.deltas.borrow_mut();
        if d.iter().all(|e| e.2 == 0) {
            d.clear();
            return Ok(());
        }
        let mut stmt = conn.prepare_cached(
            "INSERT INTO counts(kind, lang, n) VALUES (?1, ?2, ?3)
             ON CONFLICT(kind, lang) DO UPDATE SET n = n + excluded.n",
        )?;
        for (what, lang, n) in d.drain(..).filter(|e| e.2 != 0) {
            stmt.execute(params![what.name(), lang, n])?;
        }
        Ok(())
    }
}

/// The counters of `what`, per language, leaving out those at zero; `None` when the TM
/// has no counters (a read-only TM whose schema predates them).
pub(crate) fn read(
    conn: &Connection,
    what: Counted,
) -> rusqlite::Result<Option<Vec<(String, i64)>>> {
    let has_table: bool = conn.query_row(
        "SELECT EXISTS(SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'counts')",
        [],
        |r| r.get(0),
    )?;
    if !has_table {
        return Ok(None);
    }
    let mut stmt =
        conn.prepare_cached("SELECT lang, n FROM counts WHERE kind = ?1 AND n != 0 ORDER BY lang")?;
    let rows = stmt.query_map([what.name()], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(Some(rows.collect::<rusqlite::Result<_>>()?))
}

#[cfg(test)]
mod tests {
    use crate::store::{Store, UnitInput, VariantInput};

    fn unit(src_lang: &str, source: &str, targets: &[(&str, &str)]) -> UnitInput {
        UnitInput {
            src_lang: src_lang.into(),
            source: source.into(),
            targets: targets
                .iter()
                .map(|(l, t)| VariantInput {
                    lang: l.to_string(),
                    text: t.to_string(),
                    ..Default::default()
                })
                .collect(),
            ..Default::default()
        }
    }

    /// Counts per language.
    type PerLang = Vec<(String, i64)>;

    /// The counts `stats` must show, counted from the rows.
    fn counted(s: &Store) -> (PerLang, PerLang, i64) {
        let c = s.conn();
        let per = |sql: &str| -> PerLang {
            let mut st = c.prepare(sql).unwrap();
            st.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
                .unwrap()
                .map(Result::unwrap)
                .collect()
        };
        (
            per("SELECT src_lang, count(*) FROM units GROUP BY src_lang ORDER BY 1"),
            per("SELECT lang, count(*) FROM variants GROUP BY lang ORDER BY 1"),
            c.query_row("SELECT count(*) FROM documents", [], |r| r.get(0))
                .unwrap(),
        )
    }

    fn assert_in_step(s: &Store) {
        let (units, variants, documents) = counted(s);
        let stats = s.stats().unwrap();
        let map =
            |v: Vec<(String, i64)>| v.into_iter().collect::<std::collections::BTreeMap<_, _>>();
        assert_eq!(stats.source_languages, map(units.clone()));
        assert_eq!(stats.target_languages, map(variants));
        assert_eq!(stats.documents, documents);
        assert_eq!(stats.units, units.iter().map(|e| e.1).sum::<i64>());
    }

    #[test]
    fn counters_equal_the_rows_after_imports_merges_deletes_and_rollbacks() {
        let mut s = Store::open_in_memory().unwrap();
        assert_in_step(&s);
        let mut tx = s.begin("t").unwrap();
        tx.record_document("a.en.txt", "en", "1").unwrap();
        tx.record_document("a.en.txt", "en", "2").unwrap(); // re-recorded: still one
        tx.record_document("b.kk.txt", "kk", "3").unwrap();
        for i in 0..20 {
            tx.upsert_unit(&unit(
                "en",
                &format!("Sentence {i}."),
                &[("kk", "Сөйлем."), ("ru", "Фраза.")],
            ))
            .unwrap();
        }
        tx.upsert_unit(&unit("kk", "Бір.", &[("en", "One.")]))
            .unwrap();
        tx.commit().unwrap();
        assert_in_step(&s);
        // Merges: a new target language adds a variant, a changed translation does not,
        // the same unit again changes nothing.
        let mut tx = s.begin("t").unwrap();
        tx.upsert_unit(&unit("en", "Sentence 1.", &[("de", "Satz.")]))
            .unwrap();
        tx.upsert_unit(&unit("en", "Sentence 2.", &[("kk", "Басқа.")]))
            .unwrap();
        tx.upsert_unit(&unit("en", "Sentence 3.", &[("kk", "Сөйлем.")]))
            .unwrap();
        // Deletes, one of a unit that does not exist.
        assert!(tx.delete_unit(5).unwrap());
        assert!(tx.delete_unit(21).unwrap());
        assert!(!tx.delete_unit(999).unwrap());
        assert!(!tx.delete_unit(5).unwrap());
        tx.commit().unwrap();
        assert_in_step(&s);
        assert!(!s.stats().unwrap().source_languages.contains_key("kk"));
        // A rolled-back transaction leaves the counters as they were.
        let mut tx = s.begin("t").unwrap();
        tx.upsert_unit(&unit("en", "Dropped.", &[("kk", "Жоқ.")]))
            .unwrap();
        tx.delete_unit(1).unwrap();
        drop(tx);
        assert_in_step(&s);
    }

    #[test]
    fn a_bulk_import_through_one_writer_keeps_the_counters_in_step() {
        // The writer `import::Sink` writes through, past the point where it filters keys.
        let mut s = Store::open_in_memory().unwrap();
        let tx = s.begin("t").unwrap();
        let mut w = tx.writer().unwrap();
        for i in 0..5000 {
            // Every fifth a repeat of an earlier source (a merge).
            let n = if i % 5 == 4 { i - 3 } else { i };
            let u = unit(
                "en",
                &format!("Unit {n}."),
                &[("kk", &format!("Бірлік {i}."))],
            );
            w.upsert(&crate::store::PreparedUnit::new(u).unwrap())
                .unwrap();
        }
        drop(w);
        tx.commit().unwrap();
        assert_in_step(&s);
        assert_eq!(s.stats().unwrap().units, 4000);
    }
}
