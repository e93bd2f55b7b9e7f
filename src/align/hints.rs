//! [`TmHints`]: what the TM already knows about a language pair: sentence pairs it holds
//! (a source and target sentence found together in the TM are a strong anchor) and, when it
//! holds enough of them, the length model of the pair.

use std::collections::BTreeMap;

use rustc_hash::FxHashSet;

use super::lexicon::{TmCounts, TmLexicon};
use super::LengthModel;
use crate::store::{Store, StoreError, Unit};
use crate::text::nfc;

/// Sentence pairs known from the TM, and the length model estimated from them.
#[derive(Debug, Clone, Default)]
pub struct TmHints {
    pairs: FxHashSet<(u64, u64)>,
    /// The length model of the TM's pairs, when it holds enough of them.
    pub length: Option<LengthModel>,
    /// Word pairs learned from the TM's units.
    pub lexicon: TmLexicon,
}

/// A hash of a sentence's NFC text with its outer whitespace trimmed.
pub(crate) fn text_key(s: &str) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = rustc_hash::FxHasher::default();
    nfc(s.trim()).hash(&mut h);
    h.finish()
}

/// The hints of every target language the TM holds for sources in `src_lang`, read in one
/// streaming pass over the TM: only hashes and lengths are kept, never the texts.
pub fn hints_from_store(
    store: &Store,
    src_lang: &str,
) -> Result<BTreeMap<String, TmHints>, StoreError> {
    let src = crate::lang::primary(src_lang);
    let mut building: BTreeMap<String, Builder> = BTreeMap::new();
    store.for_each_unit(|u: Unit| {
        if crate::lang::primary(&u.src_lang) == src {
            let source_key = text_key(&u.source);
            let source_len = u.source.chars().count();
            for v in u.variants {
                building
                    .entry(crate::lang::primary(&v.lang))
                    .or_default()
                    .add(&u.source, source_key, source_len, &v.text);
            }
        }
        Ok::<_, StoreError>(())
    })?;
    Ok(building
        .into_iter()
        .map(|(lang, b)| (lang, b.finish()))
        .collect())
}

/// Pairs' hashes and lengths, gathered one pair at a time.
#[derive(Default)]
struct Builder {
    pairs: FxHashSet<(u64, u64)>,
    lengths: Vec<(usize, usize)>,
    words: TmCounts,
}

impl Builder {
    fn add(&mut self, source: &str, source_key: u64, source_len: usize, target: &str) {
        self.pairs.insert((source_key, text_key(target)));
        self.lengths.push((source_len, target.chars().count()));
        self.words.add(source, target);
    }

    fn finish(self) -> TmHints {
        TmHints {
            length: LengthModel::estimate(&self.lengths),
            pairs: self.pairs,
            lexicon: self.words.finish(),
        }
    }
}

impl TmHints {
    /// Hints from (source, translation) pairs of the TM.
    pub fn from_pairs<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> TmHints {
        let mut b = Builder::default();
        for (s, t) in pairs {
            b.add(s, text_key(s), s.chars().count(), t);
        }
        b.finish()
    }

    /// Whether the TM holds the pair (by hashes from [`text_key`]).
    pub(crate) fn knows(&self, source: u64, target: u64) -> bool {
        !self.pairs.is_empty() && self.pairs.contains(&(source, target))
    }

    /// How many pairs the TM gave.
    pub fn len(&self) -> usize {
        self.pairs.len()
    }

    /// Whether the TM gave no pair.
    pub fn is_empty(&self) -> bool {
        self.pairs.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_tm_gives_hints_per_target_language() {
        use crate::store::{UnitInput, VariantInput};
        let d = tempfile::tempdir().unwrap();
        let mut store = Store::open(&d.path().join("t.db")).unwrap();
        let mut tx = store.begin("t").unwrap();
        for k in 0..60 {
            tx.upsert_unit(&UnitInput {
                src_lang: "en".into(),
                source: format!("Sentence number {k} of the report."),
                targets: vec![VariantInput {
                    lang: "kk".into(),
                    text: format!("Баяндаманың {k}-сөйлемі, сәл ұзынырақ."),
                    ..Default::default()
                }],
                ..Default::default()
            })
            .unwrap();
        }
        tx.commit().unwrap();
        let hints = hints_from_store(&store, "en").unwrap();
        let kk = &hints["kk"];
        assert_eq!(kk.len(), 60);
        assert!(kk.knows(
            text_key("Sentence number 7 of the report."),
            text_key("Баяндаманың 7-сөйлемі, сәл ұзынырақ.")
        ));
        assert!(kk.length.is_some_and(|m| m.ratio > 1.0));
        assert!(!hints.contains_key("ru"));
    }

    #[test]
    fn known_pairs_are_found_whatever_the_normalization() {
        let h = TmHints::from_pairs([("Caf\u{e9}.", "Кафе.")]);
        assert!(h.knows(text_key("Cafe\u{301}. "), text_key("Кафе.")));
        assert!(!h.knows(text_key("Cafe."), text_key("Кафе.")));
        assert_eq!(h.length, None);
    }
}
