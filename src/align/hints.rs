//! [`TmHints`]: what the TM already knows about a language pair: sentence pairs it holds
//! (a source and target sentence found together in the TM are a strong anchor) and, when it
//! holds enough of them, the length model of the pair.

use std::collections::BTreeMap;

use rustc_hash::FxHashSet;

use super::LengthModel;
use crate::store::{Store, StoreError, Unit};
use crate::text::nfc;

/// Sentence pairs known from the TM, and the length model estimated from them.
#[derive(Debug, Clone, Default)]
pub struct TmHints {
    pairs: FxHashSet<(u64, u64)>,
    /// The length model of the TM's pairs, when it holds enough of them.
    pub length: Option<LengthModel>,
}

/// A hash of a sentence's NFC text with its outer whitespace trimmed.
pub(crate) fn text_key(s: &str) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = rustc_hash::FxHasher::default();
    nfc(s.trim()).hash(&mut h);
    h.finish()
}

/// The hints of every target language the TM holds for sources in `src_lang`, read in one
/// pass over the TM.
pub fn hints_from_store(
    store: &Store,
    src_lang: &str,
) -> Result<BTreeMap<String, TmHints>, StoreError> {
    let src = crate::lang::primary(src_lang);
    let mut pairs: BTreeMap<String, Vec<(String, String)>> = BTreeMap::new();
    store.for_each_unit(|u: Unit| {
        if crate::lang::primary(&u.src_lang) == src {
            for v in u.variants {
                pairs
                    .entry(crate::lang::primary(&v.lang))
                    .or_default()
                    .push((u.source.clone(), v.text));
            }
        }
        Ok::<_, StoreError>(())
    })?;
    Ok(pairs
        .into_iter()
        .map(|(lang, p)| {
            let hints = TmHints::from_pairs(p.iter().map(|(s, t)| (s.as_str(), t.as_str())));
            (lang, hints)
        })
        .collect())
}

impl TmHints {
    /// Hints from (source, translation) pairs of the TM.
    pub fn from_pairs<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> TmHints {
        let mut set = FxHashSet::default();
        let mut lengths = Vec::new();
        for (s, t) in pairs {
            set.insert((text_key(s), text_key(t)));
            lengths.push((s.chars().count(), t.chars().count()));
        }
        TmHints {
            pairs: set,
            length: LengthModel::estimate(&lengths),
        }
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
    fn known_pairs_are_found_whatever_the_normalization() {
        let h = TmHints::from_pairs([("Caf\u{e9}.", "Кафе.")]);
        assert!(h.knows(text_key("Cafe\u{301}. "), text_key("Кафе.")));
        assert!(!h.knows(text_key("Cafe."), text_key("Кафе.")));
        assert_eq!(h.length, None);
    }
}
