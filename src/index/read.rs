//! Reading the token index for a lookup: the id, document frequency and length histogram
//! of each query key, the postings lists of those tokens at a unit length, the token
//! sequence of each candidate unit, and the candidate's source row.
//!
//! An [`IndexReader`] holds its statements prepared for as long as it lives, so a lookup
//! (or a batch of them) pays for no statement preparation per list or per candidate.

use rusqlite::{CachedStatement, Connection, OptionalExtension};

use super::postings::{decode_into, decode_lens, decode_near, for_each_token};
use super::IndexError;

/// The id of a token in the index (`fz_tokens.id`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) struct TokenId(i64);

/// A token key the index knows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct IndexedToken {
    /// Its id.
    pub id: TokenId,
    /// How many units contain it (its document frequency: the length of its lists).
    pub df: i64,
    /// How many units of each length contain it, lengths increasing (capped at
    /// [`LEN_SATURATED`](super::postings::LEN_SATURATED): "this long or longer").
    pub lens: Vec<(u32, u32)>,
}

/// The source of a unit as the verifier needs it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct UnitSource {
    /// The unit's source language.
    pub src_lang: String,
    /// The NFC form of its source text.
    pub source_nfc: String,
    /// Its last change time (a ranking tie-breaker).
    pub changed_at: String,
}

/// A unit's source, borrowed from the row being read (see [`for_each_source`]).
#[derive(Debug, Clone, Copy)]
pub(crate) struct SourceRow<'r> {
    /// The unit's id.
    pub unit: i64,
    /// The NFC form of its source text.
    pub source_nfc: &'r str,
    /// Its last change time.
    pub changed_at: &'r str,
}

/// The token index's reads for lookups, on one connection.
pub(crate) struct IndexReader<'c> {
    token: CachedStatement<'c>,
    postings: CachedStatement<'c>,
    postings_near: CachedStatement<'c>,
    sequence: CachedStatement<'c>,
    source: CachedStatement<'c>,
}

impl<'c> IndexReader<'c> {
    /// A reader on `conn`, its statements prepared.
    pub fn new(conn: &'c Connection) -> Result<IndexReader<'c>, IndexError> {
        Ok(IndexReader {
            token: conn.prepare_cached("SELECT id, df, lens FROM fz_tokens WHERE token = ?1")?,
            postings: conn
                .prepare_cached("SELECT data FROM fz_postings WHERE token_id = ?1 AND len = ?2")?,
            postings_near: conn.prepare_cached(
                "SELECT first_unit, last_unit, data FROM fz_postings
                 WHERE token_id = ?1 AND len = ?2",
            )?,
            sequence: conn.prepare_cached("SELECT toks FROM fz_units WHERE id = ?1")?,
            source: conn.prepare_cached(
                "SELECT src_lang, source_nfc, changed_at FROM units WHERE id = ?1",
            )?,
        })
    }

    /// The token with this key, if any unit has it (or had it: a token whose units are all
    /// deleted stays, with a document frequency of 0).
    pub fn token(&mut self, key: &str) -> Result<Option<IndexedToken>, IndexError> {
        let mut rows = self.token.query([key])?;
        let Some(r) = rows.next()? else {
            return Ok(None);
        };
        let mut lens = Vec::new();
        if let Some(blob) = r
            .get_ref(2)?
            .as_blob_or_null()
            .map_err(rusqlite::Error::from)?
        {
            decode_lens(blob, &mut lens)?;
        }
        Ok(Some(IndexedToken {
            id: TokenId(r.get(0)?),
            df: r.get(1)?,
            lens,
        }))
    }

    /// Reads the units of length `len` (capped) holding the token into `out` (cleared
    /// first), by increasing unit id; returns the number of entries.
    #[inline]
    pub fn read_postings(
        &mut self,
        token: TokenId,
        len: u32,
        out: &mut Vec<i64>,
    ) -> Result<usize, IndexError> {
        out.clear();
        let mut sorted = true;
        let mut rows = self.postings.query(rusqlite::params![token.0, len])?;
        while let Some(r) = rows.next()? {
            let data = r.get_ref(0)?.as_blob().map_err(rusqlite::Error::from)?;
            let start = out.len();
            decode_into(data, out)?;
            // Unit ids increase within a chunk, not always across chunks.
            if start > 0 && out.get(start).is_some_and(|&u| u < out[start - 1]) {
                sorted = false;
            }
        }
        if !sorted {
            out.sort_unstable();
        }
        Ok(out.len())
    }

    /// Reads into `out` (cleared first), by increasing unit id, the entries of the units
    /// of length `len` (capped) holding the token that lie in the list's blocks able to
    /// hold one of `wanted` (sorted): every unit of `wanted` the list holds is in `out`,
    /// with other units of their blocks. A chunk whose unit-id range holds none of `wanted`
    /// is not read. Returns the number of entries decoded.
    pub fn read_postings_near(
        &mut self,
        token: TokenId,
        len: u32,
        wanted: &[i64],
        out: &mut Vec<i64>,
    ) -> Result<usize, IndexError> {
        out.clear();
        let mut sorted = true;
        let mut decoded = 0;
        let mut rows = self.postings_near.query(rusqlite::params![token.0, len])?;
        while let Some(r) = rows.next()? {
            let (first, last): (i64, i64) = (r.get(0)?, r.get(1)?);
            let from = wanted.partition_point(|&u| u < first);
            let to = wanted.partition_point(|&u| u <= last);
            if from >= to {
                continue;
            }
            let data = r.get_ref(2)?.as_blob().map_err(rusqlite::Error::from)?;
            let start = out.len();
            decoded += decode_near(data, &wanted[from..to], out)?;
            if start > 0 && out.get(start).is_some_and(|&u| u < out[start - 1]) {
                sorted = false;
            }
        }
        if !sorted {
            out.sort_unstable();
        }
        Ok(decoded)
    }

    /// Calls `f` with the unit's content tokens in text order; `false` when the unit is
    /// not in the index.
    #[inline]
    pub fn for_each_token_of(
        &mut self,
        unit: i64,
        mut f: impl FnMut(TokenId),
    ) -> Result<bool, IndexError> {
        let mut rows = self.sequence.query([unit])?;
        let Some(r) = rows.next()? else {
            return Ok(false);
        };
        let blob = r.get_ref(0)?.as_blob().map_err(rusqlite::Error::from)?;
        for_each_token(blob, |t| f(TokenId(t)))?;
        Ok(true)
    }

    /// The unit's source, `None` when there is no such unit.
    pub fn source(&mut self, unit: i64) -> Result<Option<UnitSource>, IndexError> {
        Ok(self
            .source
            .query_row([unit], |r| {
                Ok(UnitSource {
                    src_lang: r.get(0)?,
                    source_nfc: r.get(1)?,
                    changed_at: r.get(2)?,
                })
            })
            .optional()?)
    }
}

/// Calls `f` with the source of every unit in `src_lang` (for lookups that score every
/// unit instead of using the index), stopping at `f`'s first error.
pub(crate) fn for_each_source<E: From<IndexError>>(
    conn: &Connection,
    src_lang: &str,
    mut f: impl FnMut(SourceRow<'_>) -> Result<(), E>,
) -> Result<(), E> {
    let sql = |e: rusqlite::Error| E::from(IndexError::from(e));
    let mut stmt = conn
        .prepare_cached("SELECT id, source_nfc, changed_at FROM units WHERE src_lang = ?1")
        .map_err(sql)?;
    let mut rows = stmt.query([src_lang]).map_err(sql)?;
    while let Some(r) = rows.next().map_err(sql)? {
        let text = |i| -> Result<&str, E> {
            r.get_ref(i)
                .map_err(sql)?
                .as_str()
                .map_err(|e| sql(rusqlite::Error::from(e)))
        };
        f(SourceRow {
            unit: r.get(0).map_err(sql)?,
            source_nfc: text(1)?,
            changed_at: text(2)?,
        })?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::{Store, UnitInput};

    fn tm(sources: &[(&str, &str)]) -> Store {
        let mut s = Store::open_in_memory().unwrap();
        let mut tx = s.begin("t").unwrap();
        for (lang, src) in sources {
            tx.upsert_unit(&UnitInput {
                src_lang: lang.to_string(),
                source: src.to_string(),
                ..Default::default()
            })
            .unwrap();
        }
        crate::index::sync_index(tx.conn()).unwrap();
        tx.commit().unwrap();
        s
    }

    #[test]
    fn reads_tokens_postings_sequences_and_sources() {
        let s = tm(&[
            ("en", "Police detained activists."),
            ("en", "Police left."),
            ("kk", "Полиция кетті."),
        ]);
        let mut r = IndexReader::new(s.conn()).unwrap();
        let police = r.token("police").unwrap().unwrap();
        assert_eq!(
            (police.df, police.lens.as_slice()),
            (2, &[(2, 1), (3, 1)][..])
        );
        assert_eq!(r.token("Police").unwrap(), None, "keys are case-folded");
        let mut list = Vec::new();
        let mut units = vec![7];
        for len in [1, 2, 3] {
            let n = r.read_postings(police.id, len, &mut units).unwrap();
            assert_eq!(n, usize::from(len > 1));
            list.extend(units.iter().map(|&u| (u, len)));
        }
        assert_eq!(list, [(2, 2), (1, 3)]);
        let mut seq = Vec::new();
        assert!(r.for_each_token_of(2, |t| seq.push(t)).unwrap());
        let left = r.token("left").unwrap().unwrap().id;
        assert_eq!(seq, [police.id, left]);
        assert!(!r.for_each_token_of(99, |_| {}).unwrap());
        let src = r.source(3).unwrap().unwrap();
        assert_eq!(
            (src.src_lang.as_str(), src.source_nfc.as_str()),
            ("kk", "Полиция кетті.")
        );
        assert_eq!(r.source(99).unwrap(), None);
    }

    #[test]
    fn every_source_of_a_language_is_read() {
        let s = tm(&[("en", "One."), ("kk", "Бір."), ("en", "Cafe\u{301}.")]);
        let mut seen = Vec::new();
        for_each_source::<IndexError>(s.conn(), "en", |row| {
            seen.push((row.unit, row.source_nfc.to_string()));
            Ok(())
        })
        .unwrap();
        assert_eq!(seen, [(1, "One.".to_string()), (3, "Café.".to_string())]);
    }
}
