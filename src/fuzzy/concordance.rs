//! Concordance: the units whose source or a target contains a phrase, with the phrase's
//! positions. The phrase becomes one FTS5 phrase query (its FTS5 syntax never
//! interpreted); the concordance tables (`index::fts`) give back the texts with the matched
//! words between markers, and the markers become byte spans.

use std::collections::BTreeMap;

use serde::Serialize;

use super::session::Needed;
use super::FuzzyError;
use crate::index::fts::{self, PhraseSearch};
use crate::store::Session;

/// One text of a unit, with the byte ranges where the phrase occurs (empty when the
/// phrase was found in another language of the unit).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ConcordanceText {
    /// The text (NFC).
    pub text: String,
    /// Byte ranges of the phrase's words in `text`.
    pub spans: Vec<(usize, usize)>,
}

/// A unit containing the phrase (one result of a concordance search).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ConcordanceHit {
    /// Unit id.
    pub id: i64,
    /// Source language, then target languages, each with its text.
    pub texts: BTreeMap<String, ConcordanceText>,
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

/// Units containing `phrase` (case-insensitive, whole words), in `lang` only when given
/// (the source language or a target language), newest first, at most `limit` (0 = all).
/// The session must come from [`concordance_session`](super::concordance_session), which
/// brings the concordance tables up to date.
pub fn concordance(
    session: &Session<'_>,
    phrase: &str,
    lang: Option<&str>,
    limit: usize,
) -> Result<Vec<ConcordanceHit>, FuzzyError> {
    let q = phrase_query(phrase);
    if q == "\"\"" {
        return Ok(Vec::new());
    }
    Needed::Concordance.check(session)?;
    let conn = session.conn();
    let search = PhraseSearch {
        query: &q,
        lang,
        limit,
        open: OPEN,
        close: CLOSE,
    };
    // unit id → (lang → highlighted text)
    let mut found: BTreeMap<i64, BTreeMap<String, String>> = BTreeMap::new();
    for t in fts::search(conn, &search)? {
        found.entry(t.unit).or_default().insert(t.lang, t.marked);
    }
    let mut ids: Vec<i64> = found.keys().rev().copied().collect();
    if limit > 0 {
        ids.truncate(limit);
    }
    let mut out = Vec::with_capacity(ids.len());
    for id in ids {
        let marked = found.remove(&id).unwrap_or_default();
        // Every unit found is in the session's snapshot.
        let Some(unit) = fts::unit_texts(conn, id)? else {
            continue;
        };
        let mut texts = BTreeMap::new();
        texts.insert(unit.src_lang.clone(), plain(&unit.source));
        for (l, t) in unit.targets {
            texts.insert(l, plain(&t));
        }
        for (l, m) in marked {
            texts.insert(l, spans_of(&m));
        }
        out.push(ConcordanceHit {
            id,
            texts,
            src_lang: unit.src_lang,
        });
    }
    Ok(out)
}

fn plain(t: &str) -> ConcordanceText {
    ConcordanceText {
        text: t.to_string(),
        spans: Vec::new(),
    }
}

/// Strips the highlight markers, keeping their positions.
fn spans_of(marked: &str) -> ConcordanceText {
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
    ConcordanceText { text, spans }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fuzzy::concordance_session;
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
        let session = concordance_session(&s, || {}).unwrap();
        let s = &session;
        let h = concordance(s, "chinese CONSULATE", None, 10).unwrap();
        assert_eq!(h.len(), 1);
        let en = &h[0].texts["en"];
        assert_eq!(&en.text[en.spans[0].0..en.spans[0].1], "Chinese consulate");
        assert!(h[0].texts["kk"].spans.is_empty());
        let kk = concordance(s, "қытай консулдығының", Some("kk"), 10).unwrap();
        assert_eq!(kk.len(), 1);
        assert!(!kk[0].texts["kk"].spans.is_empty());
        assert!(concordance(s, "consulate", Some("ru"), 10)
            .unwrap()
            .is_empty());
        // FTS5 syntax in the phrase is just text.
        assert!(concordance(s, "\"OR* NEAR(", None, 10).unwrap().is_empty());
        assert!(concordance(s, "  ", None, 10).unwrap().is_empty());
        assert!(concordance(s, "consulate detained", None, 10)
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
        let found = |s: &Store, q: &str| {
            let session = concordance_session(s, || {}).unwrap();
            concordance(&session, q, None, 10).unwrap().len()
        };
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
