//! Concordance: the units whose source or a target contains a phrase (FTS5 phrase query
//! over `units.source_nfc` and `variants.text_nfc`), with the phrase's positions.

use std::collections::BTreeMap;

use rusqlite::{params, Connection};
use serde::Serialize;

use super::FuzzyError;

/// One text of a unit, with the byte ranges where the phrase occurs (empty when the
/// phrase was found in another language of the unit).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct HitText {
    /// The text (NFC).
    pub text: String,
    /// Byte ranges of the phrase's words in `text`.
    pub spans: Vec<(usize, usize)>,
}

/// A unit containing the phrase.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Hit {
    /// Unit id.
    pub id: i64,
    /// Source language, then target languages, each with its text.
    pub texts: BTreeMap<String, HitText>,
    /// The source language of the unit.
    pub src_lang: String,
}

const OPEN: char = '\u{E000}';
const CLOSE: char = '\u{E001}';

/// The FTS5 query for a phrase: one quoted string, inner quotes doubled, so FTS5 syntax
/// in user text is never interpreted.
pub fn phrase_query(phrase: &str) -> String {
    format!(
        "\"{}\"",
        crate::text::nfc(phrase.trim()).replace('"', "\"\"")
    )
}

/// Whether rows were added to `units` or `variants` since the last [`sync_fts`].
pub fn fts_needs_sync(conn: &Connection) -> Result<bool, FuzzyError> {
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
/// bulk statements and moves the watermarks up (in a savepoint: all or nothing). Rows at or below them are kept in step by
/// triggers (migration 3), so every row is indexed exactly once.
pub fn sync_fts(conn: &Connection) -> Result<usize, FuzzyError> {
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
}

fn sync_fts_inner(conn: &Connection) -> Result<usize, FuzzyError> {
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

/// Units containing `phrase` (case-insensitive, whole words), in `lang` only when given
/// (the source language or a target language), newest first, at most `limit` (0 = all).
/// Brings the FTS tables up to date first (they are filled lazily, on the first
/// concordance after an import, so that imports don't pay for them).
pub fn concordance(
    conn: &Connection,
    phrase: &str,
    lang: Option<&str>,
    limit: usize,
) -> Result<Vec<Hit>, FuzzyError> {
    let q = phrase_query(phrase);
    if q == "\"\"" {
        return Ok(Vec::new());
    }
    // Rows added since the last sync are not in the FTS tables yet.
    if fts_needs_sync(conn)? {
        sync_fts(conn)?;
    }
    let lim = if limit == 0 { -1 } else { limit as i64 };
    // unit id → (lang → highlighted text)
    let mut found: BTreeMap<i64, BTreeMap<String, String>> = BTreeMap::new();
    {
        let mut stmt = conn.prepare_cached(
            "SELECT u.id, u.src_lang, highlight(fz_fts_units, 0, ?2, ?3)
             FROM fz_fts_units JOIN units u ON u.id = fz_fts_units.rowid
             WHERE fz_fts_units MATCH ?1 AND (?4 IS NULL OR u.src_lang = ?4)
             ORDER BY u.id DESC LIMIT ?5",
        )?;
        let mut rows = stmt.query(params![q, OPEN.to_string(), CLOSE.to_string(), lang, lim])?;
        while let Some(r) = rows.next()? {
            found
                .entry(r.get(0)?)
                .or_default()
                .insert(r.get(1)?, r.get(2)?);
        }
    }
    {
        let mut stmt = conn.prepare_cached(
            "SELECT v.unit_id, v.lang, highlight(fz_fts_variants, 0, ?2, ?3)
             FROM fz_fts_variants JOIN variants v ON v.id = fz_fts_variants.rowid
             WHERE fz_fts_variants MATCH ?1 AND (?4 IS NULL OR v.lang = ?4)
             ORDER BY v.unit_id DESC LIMIT ?5",
        )?;
        let mut rows = stmt.query(params![q, OPEN.to_string(), CLOSE.to_string(), lang, lim])?;
        while let Some(r) = rows.next()? {
            found
                .entry(r.get(0)?)
                .or_default()
                .insert(r.get(1)?, r.get(2)?);
        }
    }
    let mut ids: Vec<i64> = found.keys().rev().copied().collect();
    if limit > 0 {
        ids.truncate(limit);
    }
    let mut unit = conn.prepare_cached("SELECT src_lang, source_nfc FROM units WHERE id = ?1")?;
    let mut vars = conn
        .prepare_cached("SELECT lang, text_nfc FROM variants WHERE unit_id = ?1 ORDER BY lang")?;
    let mut out = Vec::with_capacity(ids.len());
    for id in ids {
        let marked = found.remove(&id).unwrap_or_default();
        let (src_lang, source): (String, String) =
            unit.query_row([id], |r| Ok((r.get(0)?, r.get(1)?)))?;
        let mut texts = BTreeMap::new();
        texts.insert(src_lang.clone(), plain(&source));
        let rows = vars.query_map([id], |r| {
            Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?))
        })?;
        for row in rows {
            let (l, t) = row?;
            texts.insert(l, plain(&t));
        }
        for (l, m) in marked {
            texts.insert(l, spans_of(&m));
        }
        out.push(Hit {
            id,
            texts,
            src_lang,
        });
    }
    Ok(out)
}

fn plain(t: &str) -> HitText {
    HitText {
        text: t.to_string(),
        spans: Vec::new(),
    }
}

/// Strips the highlight markers, keeping their positions.
fn spans_of(marked: &str) -> HitText {
    let mut text = String::with_capacity(marked.len());
    let mut spans = Vec::new();
    let mut open = None;
    for c in marked.chars() {
        match c {
            OPEN => open = Some(text.len()),
            CLOSE => {
                if let Some(s) = open.take() {
                    spans.push((s, text.len()));
                }
            }
            _ => text.push(c),
        }
    }
    HitText { text, spans }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::{Store, UnitInput, VariantInput};

    #[test]
    fn finds_phrases_in_any_language_and_quotes_user_syntax() {
        let mut s = Store::open_in_memory().unwrap();
        let mut tx = s.begin("t").unwrap();
        tx.upsert_unit(&UnitInput {
            src_lang: "en".into(),
            source: "Police detained the activists outside the Chinese consulate.".into(),
            targets: vec![VariantInput {
                lang: "kk".into(),
                text: "Полиция белсенділерді Қытай консулдығының алдында ұстады.".into(),
                ..Default::default()
            }],
            ..Default::default()
        })
        .unwrap();
        tx.commit().unwrap();
        let h = concordance(s.conn(), "chinese CONSULATE", None, 10).unwrap();
        assert_eq!(h.len(), 1);
        let en = &h[0].texts["en"];
        assert_eq!(&en.text[en.spans[0].0..en.spans[0].1], "Chinese consulate");
        assert!(h[0].texts["kk"].spans.is_empty());
        let kk = concordance(s.conn(), "қытай консулдығының", Some("kk"), 10).unwrap();
        assert_eq!(kk.len(), 1);
        assert!(!kk[0].texts["kk"].spans.is_empty());
        assert!(concordance(s.conn(), "consulate", Some("ru"), 10)
            .unwrap()
            .is_empty());
        // FTS5 syntax in the phrase is just text.
        assert!(concordance(s.conn(), "\"OR* NEAR(", None, 10)
            .unwrap()
            .is_empty());
        assert!(concordance(s.conn(), "  ", None, 10).unwrap().is_empty());
        assert!(concordance(s.conn(), "consulate detained", None, 10)
            .unwrap()
            .is_empty());
    }

    fn unit(src: &str, kk: &str) -> UnitInput {
        UnitInput {
            src_lang: "en".into(),
            source: src.into(),
            targets: vec![VariantInput {
                lang: "kk".into(),
                text: kk.into(),
                ..Default::default()
            }],
            ..Default::default()
        }
    }

    #[test]
    fn bulk_fts_sync_sees_final_texts_deletes_and_new_units() {
        let mut s = Store::open_in_memory().unwrap();
        // Inserted and changed inside one transaction, before any sync.
        let mut tx = s.begin("t").unwrap();
        tx.upsert_unit(&unit("The tent stood.", "Шатыр тұрды."))
            .unwrap();
        tx.upsert_unit(&unit("The tent stood.", "Шатыр әлі тұрды."))
            .unwrap();
        let (last, _) = tx
            .upsert_unit(&unit("The camp grew.", "Лагерь өсті."))
            .unwrap();
        crate::index::sync_index(tx.conn()).unwrap();
        tx.commit().unwrap();
        let found = |s: &Store, q: &str| concordance(s.conn(), q, None, 10).unwrap().len();
        assert_eq!(found(&s, "әлі тұрды"), 1);
        assert_eq!((found(&s, "camp"), found(&s, "лагерь")), (1, 1));
        // Below the watermark now: a changed variant and a deleted unit follow by trigger.
        let mut tx = s.begin("t").unwrap();
        tx.upsert_unit(&unit("The tent stood.", "Шатыр құлады."))
            .unwrap();
        tx.delete_unit(last).unwrap();
        // Ids are never reused (AUTOINCREMENT): the next unit lands above the watermark.
        let (next, _) = tx.upsert_unit(&unit("A new line.", "Жаңа жол.")).unwrap();
        assert!(next > last);
        tx.commit().unwrap();
        assert_eq!((found(&s, "әлі тұрды"), found(&s, "құлады")), (0, 1));
        assert_eq!((found(&s, "camp"), found(&s, "лагерь")), (0, 0));
        assert_eq!((found(&s, "new line"), found(&s, "жаңа жол")), (1, 1));
    }
}
