//! Concordance: the units whose source or a target contains a phrase, with the phrase's
//! positions. The phrase becomes one FTS5 phrase query (its FTS5 syntax never
//! interpreted); the concordance tables (`index::fts`) give back the NFC texts with the
//! matched words between markers, and the markers become byte spans of the unit's texts as
//! stored.

use std::collections::{BTreeSet, HashMap};

use serde::Serialize;
use unicode_normalization::char::canonical_combining_class;
use unicode_normalization::UnicodeNormalization;

use super::session::Needed;
use super::FuzzyError;
use crate::index::fts::{self, MarkedText, PhraseSearch};
use crate::store::{Session, Unit};
use crate::text::nfc;

/// Which text of a unit: its source or one of its variants.
///
/// JSON: `{"in": "source"}` or `{"in": "variant", "index": I}`, `I` indexing the unit's
/// `variants` (several variants of one language stay apart).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "in", rename_all = "lowercase")]
pub enum TextRef {
    /// [`Unit::source`].
    Source,
    /// `Unit::variants[index]`.
    Variant {
        /// The variant's position in [`Unit::variants`].
        index: usize,
    },
}

impl TextRef {
    /// The text this refers to in `unit`, `None` for a variant it does not have.
    pub fn text_in(self, unit: &Unit) -> Option<&str> {
        match self {
            TextRef::Source => Some(&unit.source),
            TextRef::Variant { index } => unit.variants.get(index).map(|v| v.text.as_str()),
        }
    }
}

/// Where the phrase occurs in one text of a unit.
///
/// JSON: `{"in": "source"|"variant", ["index": I,] "lang": L, "spans": [[START, END], …]}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Highlight {
    /// The text.
    #[serde(flatten)]
    pub text: TextRef,
    /// Its language.
    pub lang: String,
    /// Byte ranges where the phrase occurs in the text as stored (not in its NFC form).
    pub spans: Vec<(usize, usize)>,
    /// The form found at each span, as the text has it (`Кунболата` for `Кунболат`), when
    /// the search was by forms ([`concordance_forms`]); empty otherwise.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub forms: Vec<String>,
}

/// A unit containing the phrase (one result of a concordance search).
///
/// JSON: `{"unit": {…}, "highlights": […]}`, the unit object being the one every command
/// prints ([`Unit`]'s JSON form).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ConcordanceHit {
    /// The unit, with every variant, its provenance and props.
    pub unit: Unit,
    /// The texts holding the phrase: the source first, then variants in their order.
    pub highlights: Vec<Highlight>,
}

/// What `tmkit concordance --json` prints and what `tmkit serve` answers to a
/// concordance: `{"phrase", "hits"}`, newest unit first.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct Concordance<'a> {
    /// The phrase searched, as given.
    pub phrase: &'a str,
    /// The units holding it.
    pub hits: &'a [ConcordanceHit],
}

impl ConcordanceHit {
    /// The phrase's byte ranges in one text of the unit (empty when it is not there).
    pub fn spans(&self, text: TextRef) -> &[(usize, usize)] {
        // The highlights are in text order: a binary search, so that asking for every
        // text of a unit with very many variants stays linear.
        self.highlights
            .binary_search_by_key(&text.order(), |h| h.text.order())
            .map_or(&[], |i| self.highlights[i].spans.as_slice())
    }
}

impl TextRef {
    /// The source first, then the variants in their order.
    fn order(self) -> usize {
        match self {
            TextRef::Source => 0,
            TextRef::Variant { index } => index.saturating_add(1),
        }
    }
}

const OPEN: char = '\u{E000}';
const CLOSE: char = '\u{E001}';

/// Texts of up to this many characters are marked by the concordance tables themselves
/// (FTS5's `highlight()`, whose time grows with the square of a text's length when the
/// phrase occurs very often in it); in longer ones, far longer than any sentence, the
/// phrase is found by [`Phrase::spans`], in linear time.
const MARK_UP_TO: usize = 4096;

/// The FTS5 query for a phrase: one quoted string, inner quotes doubled, so FTS5 syntax
/// in user text is never interpreted.
pub fn phrase_query(phrase: &str) -> String {
    format!("\"{}\"", nfc(phrase.trim()).replace('"', "\"\""))
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
    let mut out = Vec::new();
    concordance_each(session, phrase, lang, limit, &mut |h| {
        out.push(h);
        Ok::<(), FuzzyError>(())
    })?;
    Ok(out)
}

/// [`concordance`] hit by hit: `each` gets every hit as it is found, newest first, and
/// only one unit's texts are held at a time (`--limit 0` on a word most units have).
/// Returns the number of hits.
pub fn concordance_each<E: From<FuzzyError>>(
    session: &Session<'_>,
    phrase: &str,
    lang: Option<&str>,
    limit: usize,
    each: &mut dyn FnMut(ConcordanceHit) -> Result<(), E>,
) -> Result<usize, E> {
    let q = phrase_query(phrase);
    if q == "\"\"" {
        return Ok(0);
    }
    Needed::Concordance.check(session)?;
    let search = PhraseSearch {
        query: &q,
        lang,
        limit,
        open: OPEN,
        close: CLOSE,
        mark_up_to: MARK_UP_TO,
    };
    // Made only when a text too long to be marked is found.
    let mut long_texts_phrase = None;
    let mut given = 0;
    let mut hit = |id: i64, texts: Vec<MarkedText>| -> Result<bool, Stop<E>> {
        // Every unit found is in the session's snapshot.
        let Some(unit) = session.unit(id).map_err(FuzzyError::from)? else {
            return Ok(true);
        };
        let marked: Vec<(String, Marked)> = texts
            .into_iter()
            .map(|t| {
                let m = if t.marked {
                    Marked::of(&t.text)
                } else {
                    let phrase = long_texts_phrase.get_or_insert_with(|| Phrase::new(phrase));
                    Marked {
                        spans: phrase.spans(&t.text),
                        text: t.text,
                    }
                };
                (t.lang, m)
            })
            .collect();
        let highlights = highlights(&unit, &marked);
        each(ConcordanceHit { unit, highlights }).map_err(Stop::Each)?;
        given += 1;
        Ok(true)
    };
    fts::search_each(session.conn(), &search, &mut hit).map_err(Stop::into_error)?;
    Ok(given)
}

/// Why a search given a callback stopped: its own error, or the callback's.
enum Stop<E> {
    Fuzzy(FuzzyError),
    Each(E),
}

impl<E: From<FuzzyError>> Stop<E> {
    fn into_error(self) -> E {
        match self {
            Stop::Fuzzy(e) => E::from(e),
            Stop::Each(e) => e,
        }
    }
}

impl<E> From<FuzzyError> for Stop<E> {
    fn from(e: FuzzyError) -> Self {
        Stop::Fuzzy(e)
    }
}

impl<E> From<crate::index::IndexError> for Stop<E> {
    fn from(e: crate::index::IndexError) -> Self {
        Stop::Fuzzy(e.into())
    }
}

/// How one word of a [`FormQuery`] matches a word of a text. Words compare folded: in
/// lower case, `ё` as `е`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WordForms {
    /// The word as typed.
    Exact,
    /// Any word that starts with it (`Күнболат*`).
    Prefix,
    /// Any of these forms (folded), such as the inflected forms of a name or term.
    OneOf(BTreeSet<String>),
}

/// A concordance query word by word: each word as typed (NFC) and the forms it matches.
/// The words are the concordance tables' words (letters, digits and combining marks:
/// `Алма-Ата` is two words).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FormQuery {
    /// The words, in order.
    pub words: Vec<(String, WordForms)>,
}

impl FormQuery {
    /// The words of `phrase`, each matched exactly, except a word written with a final `*`
    /// (`Күнболат*`), which is a prefix.
    pub fn parse(phrase: &str) -> FormQuery {
        let phrase = nfc(phrase.trim());
        let mut out = Vec::new();
        for (a, b) in words(&phrase) {
            let star = phrase[b..].starts_with('*');
            let w = phrase[a..b].to_string();
            out.push((
                w,
                if star {
                    WordForms::Prefix
                } else {
                    WordForms::Exact
                },
            ));
        }
        FormQuery { words: out }
    }

    /// The FTS5 query finding every text that may hold the phrase: a phrase of one string
    /// per word (`"кунболат" *`), a prefix wherever the word has other forms (the longest
    /// start every form shares, cut before an `е`, which may be written `ё`, when three
    /// letters or more stay).
    fn fts_query(&self) -> String {
        let mut parts = Vec::with_capacity(self.words.len());
        for (w, forms) in &self.words {
            let mut typed = String::new();
            fold(w, &mut typed);
            let (stem, prefix) = match forms {
                WordForms::Exact => (typed, false),
                WordForms::Prefix => (typed, true),
                WordForms::OneOf(set) => (common_prefix(&typed, set), true),
            };
            // Cut before an `е` (which may be written `ё`) when at least three letters stay.
            let stem = match (prefix, stem.find(['е', 'ё'])) {
                (true, Some(i)) if stem[..i].chars().count() >= 3 => stem[..i].to_string(),
                _ => stem,
            };
            let quoted = format!("\"{}\"", stem.replace('"', "\"\""));
            parts.push(if prefix {
                format!("{quoted} *")
            } else {
                quoted
            });
        }
        parts.join(" + ")
    }

    /// Whether the folded word `w` matches word `k` of the query.
    fn accepts(&self, k: usize, w: &str, typed: &[String]) -> bool {
        match &self.words[k].1 {
            WordForms::Exact => w == typed[k],
            WordForms::Prefix => w.starts_with(typed[k].as_str()),
            WordForms::OneOf(set) => w == typed[k] || set.contains(w),
        }
    }

    /// The occurrences of the query in `text` (NFC): byte ranges, not overlapping.
    fn spans(&self, text: &str) -> Vec<(usize, usize)> {
        let m = self.words.len();
        let typed: Vec<String> = self
            .words
            .iter()
            .map(|(w, _)| {
                let mut f = String::new();
                fold(w, &mut f);
                f
            })
            .collect();
        let ws: Vec<(usize, usize)> = words(text).collect();
        let folded: Vec<String> = ws
            .iter()
            .map(|&(a, b)| {
                let mut f = String::new();
                fold(&text[a..b], &mut f);
                f
            })
            .collect();
        let mut out = Vec::new();
        let mut s = 0;
        while m > 0 && s + m <= ws.len() {
            if (0..m).all(|k| self.accepts(k, &folded[s + k], &typed)) {
                out.push((ws[s].0, ws[s + m - 1].1));
                s += m;
            } else {
                s += 1;
            }
        }
        out
    }
}

/// The longest start `typed` and every form in `forms` share (whole characters).
fn common_prefix(typed: &str, forms: &BTreeSet<String>) -> String {
    let mut len = typed.len();
    for f in forms {
        let shared = typed
            .char_indices()
            .zip(f.chars())
            .take_while(|((_, a), b)| a == b)
            .last()
            .map_or(0, |((i, a), _)| i + a.len_utf8());
        len = len.min(shared);
    }
    typed[..len].to_string()
}

/// Units holding the words of `query` in any of their forms (inflected forms of a name,
/// a prefix), in `lang` only when given, newest first, at most `limit` (0 = all): each
/// highlight says which form it found. FTS5 finds the texts that start so; each is then
/// read word by word. A query whose words are all exact is [`concordance`] itself.
pub fn concordance_forms(
    session: &Session<'_>,
    query: &FormQuery,
    lang: Option<&str>,
    limit: usize,
) -> Result<Vec<ConcordanceHit>, FuzzyError> {
    let mut out = Vec::new();
    concordance_forms_each(session, query, lang, limit, &mut |h| {
        out.push(h);
        Ok::<(), FuzzyError>(())
    })?;
    Ok(out)
}

/// [`concordance_forms`] hit by hit, as [`concordance_each`]. Returns the number of hits.
pub fn concordance_forms_each<E: From<FuzzyError>>(
    session: &Session<'_>,
    query: &FormQuery,
    lang: Option<&str>,
    limit: usize,
    each: &mut dyn FnMut(ConcordanceHit) -> Result<(), E>,
) -> Result<usize, E> {
    if query.words.is_empty() {
        return Ok(0);
    }
    if query.words.iter().all(|(_, f)| *f == WordForms::Exact) {
        let phrase: Vec<&str> = query.words.iter().map(|(w, _)| w.as_str()).collect();
        return concordance_each(session, &phrase.join(" "), lang, limit, &mut |mut h| {
            with_forms(&mut h);
            each(h)
        });
    }
    Needed::Concordance.check(session)?;
    let q = query.fts_query();
    // Every unit with a text that starts like the query is read (some are not one of its
    // forms), until `limit` units hold one of the forms.
    let search = PhraseSearch {
        query: &q,
        lang,
        limit: 0,
        open: OPEN,
        close: CLOSE,
        mark_up_to: 0,
    };
    let mut given = 0;
    let mut hit = |id: i64, texts: Vec<MarkedText>| -> Result<bool, Stop<E>> {
        let marked: Vec<(String, Marked)> = texts
            .into_iter()
            .filter_map(|t| {
                let spans = query.spans(&t.text);
                (!spans.is_empty()).then_some((
                    t.lang,
                    Marked {
                        text: t.text,
                        spans,
                    },
                ))
            })
            .collect();
        if marked.is_empty() {
            return Ok(true);
        }
        let Some(unit) = session.unit(id).map_err(FuzzyError::from)? else {
            return Ok(true);
        };
        let highlights = highlights(&unit, &marked);
        let mut hit = ConcordanceHit { unit, highlights };
        with_forms(&mut hit);
        each(hit).map_err(Stop::Each)?;
        given += 1;
        Ok(limit == 0 || given < limit)
    };
    fts::search_each(session.conn(), &search, &mut hit).map_err(Stop::into_error)?;
    Ok(given)
}

/// Fills each highlight's forms: the text at its spans.
fn with_forms(hit: &mut ConcordanceHit) {
    for h in &mut hit.highlights {
        let text = h.text.text_in(&hit.unit).unwrap_or("");
        h.forms = h
            .spans
            .iter()
            .map(|&(a, b)| text.get(a..b).unwrap_or("").to_string())
            .collect();
    }
}

/// A text found by the search: its NFC form and the phrase's byte ranges in it.
struct Marked {
    text: String,
    spans: Vec<(usize, usize)>,
}

impl Marked {
    /// Strips the highlight markers, keeping their positions.
    fn of(marked: &str) -> Marked {
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
        Marked { text, spans }
    }
}

/// The unit's texts that the search found (same language, same NFC text), source first,
/// with the spans moved onto the texts as stored.
fn highlights(unit: &Unit, marked: &[(String, Marked)]) -> Vec<Highlight> {
    let texts = std::iter::once((TextRef::Source, unit.src_lang.as_str(), &unit.source)).chain(
        unit.variants
            .iter()
            .enumerate()
            .map(|(index, v)| (TextRef::Variant { index }, v.lang.as_str(), &v.text)),
    );
    // (language, NFC text) → the first text found so.
    let mut by_text: HashMap<(&str, &str), &Marked> = HashMap::with_capacity(marked.len());
    for (l, m) in marked {
        by_text.entry((l.as_str(), m.text.as_str())).or_insert(m);
    }
    let mut out = Vec::new();
    for (at, lang, text) in texts {
        let normal = nfc(text);
        let Some(m) = by_text.get(&(lang, normal.as_ref())) else {
            continue;
        };
        if m.spans.is_empty() {
            continue;
        }
        out.push(Highlight {
            text: at,
            lang: lang.to_string(),
            spans: onto_stored(text, &normal, &m.spans),
            forms: Vec::new(),
        });
    }
    out
}

/// Maps byte ranges of `normal`, the NFC form of `text`, onto `text`.
///
/// NFC works character cluster by cluster (a starter and the combining marks after it),
/// so the cluster boundaries of `text` and of `normal` correspond; a range boundary inside
/// a cluster widens to the whole cluster. In the rare text where starters compose with each
/// other (Hangul jamo), the clusters do not correspond and a range covers the whole text.
fn onto_stored(text: &str, normal: &str, spans: &[(usize, usize)]) -> Vec<(usize, usize)> {
    if text == normal {
        return spans.to_vec();
    }
    // (offset in text, offset in normal) at each cluster boundary.
    let mut bounds = vec![(0, 0)];
    let mut composed = String::with_capacity(normal.len());
    let mut from = 0;
    let starts = text
        .char_indices()
        .filter(|&(i, c)| i > 0 && canonical_combining_class(c) == 0)
        .map(|(i, _)| i)
        .chain(std::iter::once(text.len()));
    for to in starts {
        composed.extend(text[from..to].nfc());
        bounds.push((to, composed.len()));
        from = to;
    }
    if composed != normal {
        return vec![(0, text.len())];
    }
    // Both coordinates of the bounds grow: binary searches.
    spans
        .iter()
        .map(|&(a, b)| {
            let start = match bounds.partition_point(|&(_, n)| n <= a) {
                0 => 0,
                i => bounds[i - 1].0,
            };
            let end = bounds
                .get(bounds.partition_point(|&(_, n)| n < b))
                .map_or(text.len(), |&(t, _)| t);
            (start, end)
        })
        .collect()
}

/// A phrase's words as the concordance tables' tokenizer (FTS5 `unicode61`, diacritics
/// kept) sees them, to find the phrase in texts too long to be marked by FTS5
/// ([`MARK_UP_TO`]): a word starts at a letter or digit and runs over letters, digits and
/// combining marks; words compare in lower case.
struct Phrase {
    /// Each distinct word of the phrase (lower case) → its number.
    ids: HashMap<String, usize>,
    /// The phrase as word numbers.
    seq: Vec<usize>,
    /// Knuth–Morris–Pratt failure function of `seq`: for each prefix, the length of its
    /// longest proper prefix that is also its suffix.
    fail: Vec<usize>,
}

impl Phrase {
    fn new(phrase: &str) -> Phrase {
        let phrase = nfc(phrase.trim());
        let mut ids = HashMap::new();
        let mut seq = Vec::new();
        let mut w = String::new();
        for (a, b) in words(&phrase) {
            fold(&phrase[a..b], &mut w);
            let next = ids.len();
            seq.push(*ids.entry(w.clone()).or_insert(next));
        }
        let mut fail = vec![0; seq.len()];
        let mut k = 0;
        for i in 1..seq.len() {
            while k > 0 && seq[i] != seq[k] {
                k = fail[k - 1];
            }
            if seq[i] == seq[k] {
                k += 1;
            }
            fail[i] = k;
        }
        Phrase { ids, seq, fail }
    }

    /// The phrase's byte ranges in `text` (NFC), overlapping occurrences joined as FTS5's
    /// `highlight()` joins them; linear in the length of the text.
    fn spans(&self, text: &str) -> Vec<(usize, usize)> {
        let m = self.seq.len();
        if m == 0 {
            return Vec::new();
        }
        let words: Vec<(usize, usize)> = words(text).collect();
        // Occurrences as word ranges, the open one last.
        let mut found: Vec<(usize, usize)> = Vec::new();
        let mut w = String::new();
        let mut q = 0;
        for (k, &(a, b)) in words.iter().enumerate() {
            fold(&text[a..b], &mut w);
            let id = self.ids.get(w.as_str()).copied();
            while q > 0 && Some(self.seq[q]) != id {
                q = self.fail[q - 1];
            }
            if Some(self.seq[q]) == id {
                q += 1;
            }
            if q < m {
                continue;
            }
            q = self.fail[m - 1];
            let first = k + 1 - m;
            match found.last_mut() {
                Some(last) if first <= last.1 => last.1 = k,
                _ => found.push((first, k)),
            }
        }
        found
            .into_iter()
            .map(|(first, last)| (words[first].0, words[last].1))
            .collect()
    }
}

/// The byte ranges of the words of `text` (see [`Phrase`]).
fn words(text: &str) -> impl Iterator<Item = (usize, usize)> + '_ {
    let mut chars = text.char_indices().peekable();
    std::iter::from_fn(move || {
        let (start, c) = chars.by_ref().find(|&(_, c)| c.is_alphanumeric())?;
        let mut end = start + c.len_utf8();
        while let Some(&(i, c)) = chars.peek() {
            if !(c.is_alphanumeric() || canonical_combining_class(c) != 0) {
                break;
            }
            end = i + c.len_utf8();
            chars.next();
        }
        Some((start, end))
    })
}

/// `word` in lower case, into `out`.
fn fold(word: &str, out: &mut String) {
    out.clear();
    out.extend(word.chars().flat_map(char::to_lowercase));
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
        assert_eq!(h[0].unit.variants.len(), 1, "the hit holds the whole unit");
        let en = h[0].spans(TextRef::Source);
        assert_eq!(&h[0].unit.source[en[0].0..en[0].1], "Chinese consulate");
        assert!(h[0].spans(TextRef::Variant { index: 0 }).is_empty());
        assert_eq!(h[0].highlights.len(), 1);
        let kk = concordance(s, "қытай консулдығының", Some("kk"), 10).unwrap();
        assert_eq!(kk.len(), 1);
        let at = TextRef::Variant { index: 0 };
        let span = kk[0].spans(at)[0];
        assert_eq!(
            &at.text_in(&kk[0].unit).unwrap()[span.0..span.1],
            "Қытай консулдығының"
        );
        assert_eq!(kk[0].highlights[0].lang, "kk");
        assert!(kk[0].spans(TextRef::Source).is_empty());
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
    #[test]
    fn spans_point_into_the_text_as_stored_even_when_it_is_not_nfc() {
        let mut s = Store::open_in_memory().unwrap();
        let mut tx = s.begin("t").unwrap();
        // "й" as и + combining breve, "é" as e + combining acute: stored as given.
        let kk = "Полиция Алматыда бии\u{306}ле\u{301}ушілерді ұстады.";
        tx.upsert_unit(&unit("Police detained the dancers in Almaty.", kk))
            .unwrap();
        tx.commit().unwrap();
        let session = concordance_session(&s, || {}).unwrap();
        // The phrase as a user types it: composed.
        let h = concordance(&session, "бийле\u{301}ушілерді ұстады", None, 10).unwrap();
        assert_eq!(h.len(), 1);
        let v = &h[0].unit.variants[0];
        assert_eq!(v.text, kk, "the unit keeps its stored text");
        let spans = h[0].spans(TextRef::Variant { index: 0 });
        assert_eq!(spans.len(), 1, "{spans:?}");
        let (a, b) = spans[0];
        assert_eq!(&v.text[a..b], "бии\u{306}ле\u{301}ушілерді ұстады");
    }

    #[test]
    fn long_texts_are_highlighted_as_fts5_highlights_short_ones() {
        let texts = [
            (
                "en",
                "Police detained the activists outside the Chinese consulate.",
            ),
            (
                "en",
                "POLICE, police; Police-detained: police's 2024 police",
            ),
            ("en", "a a a b a a"),
            ("en", "Caf\u{e9} \u{e9}t\u{e9} caf\u{e9} 10,000 people"),
            (
                "kk",
                "Полиция белсенділерді Қытай консулдығының алдында ұстады.",
            ),
            ("kk", "ҚЫТАЙ қытай Қытай-қытай «Қытай» қытайлық"),
            (
                "ru",
                "Полиция задержала активистов у консульства Китая в Алматы.",
            ),
        ];
        let phrases = [
            "police",
            "Police detained",
            "a a",
            "a",
            "caf\u{e9}",
            "\u{e9}t\u{e9}",
            "10",
            "қытай",
            "Қытай консулдығының алдында",
            "консульства китая",
            "police's",
        ];
        let mut s = Store::open_in_memory().unwrap();
        let mut tx = s.begin("t").unwrap();
        for (i, (lang, text)) in texts.iter().enumerate() {
            tx.upsert_unit(&UnitInput {
                src_lang: lang.to_string(),
                source: format!("{text} {}", "x".repeat(i + 1)),
                ..Default::default()
            })
            .unwrap();
        }
        tx.commit().unwrap();
        let session = concordance_session(&s, || {}).unwrap();
        let mut compared = 0;
        for p in phrases {
            for hit in concordance(&session, p, None, 0).unwrap() {
                let text = nfc(&hit.unit.source).into_owned();
                assert_eq!(
                    Phrase::new(p).spans(&text),
                    hit.spans(TextRef::Source),
                    "{p:?} in {text:?}"
                );
                compared += 1;
            }
        }
        assert!(compared >= 12, "{compared}");
    }

    #[test]
    fn a_text_with_very_many_hits_is_highlighted_whole() {
        let n = 2 * MARK_UP_TO;
        let kk = "Шатыр ".repeat(n);
        let mut s = Store::open_in_memory().unwrap();
        let mut tx = s.begin("t").unwrap();
        // Not NFC: spans are moved onto the stored text too.
        tx.upsert_unit(&unit(&"Cafe\u{301} tent ".repeat(n), &kk))
            .unwrap();
        tx.commit().unwrap();
        let session = concordance_session(&s, || {}).unwrap();
        let h = concordance(&session, "tent", None, 0).unwrap();
        let spans = h[0].spans(TextRef::Source);
        assert_eq!(spans.len(), n);
        assert!(spans
            .iter()
            .all(|&(a, b)| &h[0].unit.source[a..b] == "tent"));
        let h = concordance(&session, "шатыр шатыр", Some("kk"), 0).unwrap();
        let spans = h[0].spans(TextRef::Variant { index: 0 });
        assert_eq!(spans, [(0, kk.trim_end().len())], "overlapping hits join");
    }

    #[test]
    fn forms_find_inflected_words_and_prefixes_and_say_which_form_matched() {
        let mut s = Store::open_in_memory().unwrap();
        let mut tx = s.begin("t").unwrap();
        for (src, kk) in [
            ("Police detained Kunbolat.", "Полиция Күнболатты ұстады."),
            ("Kunbolat was freed.", "Күнболат босатылды."),
            ("Kunbolatov spoke.", "Күнболатов сөйледі."),
            ("The tent stood.", "Шатыр тұрды."),
        ] {
            tx.upsert_unit(&unit(src, kk)).unwrap();
        }
        tx.commit().unwrap();
        let session = concordance_session(&s, || {}).unwrap();
        let forms: BTreeSet<String> = ["күнболат", "күнболатты", "күнболатқа"]
            .map(String::from)
            .into();
        let q = FormQuery {
            words: vec![("Күнболат".into(), WordForms::OneOf(forms))],
        };
        let hits = concordance_forms(&session, &q, None, 0).unwrap();
        let found: Vec<Vec<String>> = hits
            .iter()
            .flat_map(|h| h.highlights.iter().map(|l| l.forms.clone()))
            .collect();
        assert_eq!(
            found,
            [vec!["Күнболат".to_string()], vec!["Күнболатты".to_string()]]
        );
        // A prefix finds every word that starts so, in any language.
        let hits = concordance_forms(&session, &FormQuery::parse("kunbol*"), None, 0).unwrap();
        assert_eq!(hits.len(), 3);
        assert_eq!(hits[0].highlights[0].forms, ["Kunbolatov"]);
        let hits =
            concordance_forms(&session, &FormQuery::parse("Күнболат*"), Some("kk"), 2).unwrap();
        assert_eq!(hits.len(), 2, "the limit holds");
        // All exact: the phrase search, with the forms found.
        let hits = concordance_forms(&session, &FormQuery::parse("tent  STOOD"), None, 0).unwrap();
        assert_eq!(hits[0].highlights[0].forms, ["tent stood"]);
        assert_eq!(
            FormQuery::parse("Күнболат* \"x").fts_query(),
            "\"күнболат\" * + \"x\""
        );
    }

    #[test]
    fn a_limit_gives_the_newest_hits_of_the_whole_answer_and_a_stream_stops_early() {
        let mut s = Store::open_in_memory().unwrap();
        let mut tx = s.begin("t").unwrap();
        // Some units hold the word in the source, some in the target only, some in both.
        for i in 0..12 {
            let src = if i % 3 == 0 {
                format!("Report {i} was filed.")
            } else {
                format!("Police report {i} was filed.")
            };
            let kk = if i % 2 == 0 {
                format!("Полиция {i} баяндама жазды.")
            } else {
                format!("{i} баяндама жазылды.")
            };
            tx.upsert_unit(&unit(&src, &kk)).unwrap();
        }
        tx.commit().unwrap();
        let session = concordance_session(&s, || {}).unwrap();
        let queries = [
            FormQuery::parse("police"),
            FormQuery::parse("Полиция"),
            FormQuery::parse("полиц*"),
            FormQuery::parse("po*"),
        ];
        for q in &queries {
            let all = concordance_forms(&session, q, None, 0).unwrap();
            let ids: Vec<i64> = all.iter().map(|h| h.unit.id).collect();
            let mut newest_first = ids.clone();
            newest_first.sort_unstable_by(|a, b| b.cmp(a));
            newest_first.dedup();
            assert_eq!(ids, newest_first, "{q:?}: each unit once, newest first");
            assert!(all.len() >= 6, "{q:?}: {}", all.len());
            for k in 1..=all.len() + 1 {
                let some = concordance_forms(&session, q, None, k).unwrap();
                assert_eq!(some, all[..k.min(all.len())], "{q:?} limit {k}");
            }
            // A callback's error stops the search at once and comes back as it was.
            #[derive(Debug, PartialEq)]
            enum Stopped {
                Enough,
                Failed,
            }
            impl From<FuzzyError> for Stopped {
                fn from(_: FuzzyError) -> Self {
                    Stopped::Failed
                }
            }
            let mut seen = 0;
            let r = concordance_forms_each(&session, q, None, 0, &mut |_| {
                seen += 1;
                if seen == 3 {
                    Err(Stopped::Enough)
                } else {
                    Ok(())
                }
            });
            assert_eq!((r, seen), (Err(Stopped::Enough), 3), "{q:?}");
        }
    }

    #[test]
    fn a_phrase_is_found_word_by_word_in_linear_time() {
        // Knuth–Morris–Pratt: a phrase whose prefix repeats is found after a false start.
        let p = Phrase::new("a a b");
        assert_eq!(p.spans("a a a b, A A B"), [(2, 7), (9, 14)]);
        assert_eq!(p.spans("a a c a b"), []);
        assert_eq!(Phrase::new("!!").spans("!! !!"), []);
        assert_eq!(
            Phrase::new("e\u{301}t\u{e9}").spans("\u{c9}t\u{e9}."),
            [(0, 5)]
        );
    }

    #[test]
    fn a_highlight_says_which_text_it_is_in() {
        let h = Highlight {
            text: TextRef::Variant { index: 1 },
            lang: "ru".into(),
            spans: vec![(0, 4)],
            forms: Vec::new(),
        };
        assert_eq!(
            serde_json::to_value(&h).unwrap(),
            serde_json::json!({"in": "variant", "index": 1, "lang": "ru", "spans": [[0, 4]]})
        );
        let h = Highlight {
            text: TextRef::Source,
            ..h
        };
        assert_eq!(
            serde_json::to_value(&h).unwrap(),
            serde_json::json!({"in": "source", "lang": "ru", "spans": [[0, 4]]})
        );
    }
    #[test]
    fn ranges_widen_to_whole_clusters_or_to_the_text_when_starters_compose() {
        // "é" decomposed: NFC 0..3 ("Caf") ends inside the cluster "e\u{301}".
        let text = "Cafe\u{301} open";
        assert_eq!(
            onto_stored(text, &nfc(text), &[(0, 5), (6, 10)]),
            [(0, 6), (7, 11)]
        );
        assert_eq!(onto_stored(text, &nfc(text), &[(0, 3)]), [(0, 3)]);
        assert_eq!(onto_stored(text, &nfc(text), &[(0, 4)]), [(0, 6)]);
        // Hangul jamo compose starter with starter: the whole text.
        let jamo = "\u{1100}\u{1161} x";
        assert_eq!(onto_stored(jamo, &nfc(jamo), &[(4, 5)]), [(0, jamo.len())]);
        // Already NFC: unchanged.
        assert_eq!(onto_stored("ab", "ab", &[(0, 1)]), [(0, 1)]);
    }
}
