//! How a unit and a variant are identified.
//!
//! A unit is its canonical source language, the NFC form of its source text and its
//! source's inline markup (`None` without inline codes): two sources that differ only in
//! their codes (`<bpt>`/`<ph>`/`<it>`…) are two units. A unit is found through a 64-bit
//! key of the language and plain text, so units that differ only in markup share a key
//! (and the fuzzy-match index finds both by their plain text).
//!
//! A variant (a translation) is its language, its NFC text and markup, and the contexts it
//! applies in ([`VariantContext`]: the context props of the TMX `<tu>` it came with,
//! [`is_context_type`]); see `Writer::upsert` for how imports merge them.

use super::{Result, StoreError, VariantContext};
use crate::lang;

/// A 64-bit key of (source language, NFC source) used to find a unit by its source.
pub(crate) fn source_key(src_lang: &str, source_nfc: &str) -> i64 {
    use sha2::{Digest, Sha256};
    let mut h = Sha256::new();
    h.update(src_lang.as_bytes());
    h.update([0u8]);
    h.update(source_nfc.as_bytes());
    let d = h.finalize();
    let mut b = [0u8; 8];
    b.copy_from_slice(&d[..8]);
    i64::from_le_bytes(b)
}

/// Tags whose canonical form [`canonical_lang`] keeps on each thread.
const RECENT_TAGS: usize = 8;

/// The canonical form of a language tag ([`lang::parse_tag`]: BCP 47, an ISO 639
/// language, the two-letter code where there is one), or [`StoreError::BadLang`].
///
/// A file names the same few languages on every unit (a table row's three cells are parsed
/// 30 million times in an import of 10 million rows, 3% of its CPU): the last tags parsed
/// on this thread are answered from a short list, exactly as given. A bad tag is never
/// kept, so its error is made anew each time.
pub fn canonical_lang(tag: &str) -> Result<String> {
    thread_local! {
        static RECENT: std::cell::RefCell<Vec<(String, String)>> =
            const { std::cell::RefCell::new(Vec::new()) };
    }
    let known = RECENT.with_borrow(|recent| {
        recent
            .iter()
            .find(|(given, _)| given == tag)
            .map(|(_, canonical)| canonical.clone())
    });
    if let Some(canonical) = known {
        return Ok(canonical);
    }
    let canonical = lang::parse_tag(tag).map_err(StoreError::BadLang)?;
    RECENT.with_borrow_mut(|recent| {
        if recent.len() == RECENT_TAGS {
            recent.remove(0);
        }
        recent.push((tag.to_string(), canonical.clone()));
    });
    Ok(canonical)
}

/// Prop types (compared case-insensitively) that say in which context a translation
/// applies, rather than describe the unit: OmegaT's alternative translations (`file`,
/// `path`, `prev`, `next`, `id`), Trados/Okapi-style `x-context`, MateCAT's and memoQ's
/// neighbouring segments (`x-context-pre`, `x-context-post`), and the `x-` forms of
/// OmegaT's (`x-file`, `x-document` when not part of tmkit's own provenance, `x-prev`,
/// `x-next`, `x-id`, `x-path`). Two translations of one source that differ in these are alternatives
/// kept side by side; props of other types belong to the unit.
pub fn is_context_type(prop_type: &str) -> bool {
    const TYPES: [&str; 15] = [
        "file",
        "path",
        "prev",
        "next",
        "id",
        "context",
        "x-context",
        "x-context-pre",
        "x-context-post",
        "x-file",
        "x-path",
        "x-document",
        "x-prev",
        "x-next",
        "x-id",
    ];
    TYPES.iter().any(|t| t.eq_ignore_ascii_case(prop_type))
}

/// The canonical form of a context: props sorted, duplicates dropped. Types keep the case
/// the file wrote (Trados's `x-Context` is written back as `x-Context`).
pub fn canonical_context(mut c: VariantContext) -> VariantContext {
    c.sort();
    c.dedup();
    c
}

/// The stored form of a variant's contexts: `None` (SQL NULL) for the default context
/// alone, else JSON (`[[{"type": …, "value": …}, …], …]`, `[]` being the default context).
pub(crate) fn contexts_to_sql(contexts: &[VariantContext]) -> Option<String> {
    if contexts.len() == 1 && contexts[0].is_empty() {
        return None;
    }
    serde_json::to_string(contexts).ok()
}

/// A variant's contexts from their stored form ([`contexts_to_sql`]); an unreadable value
/// reads as the default context.
pub(crate) fn contexts_from_sql(stored: Option<&str>) -> Vec<VariantContext> {
    stored
        .and_then(|s| serde_json::from_str(s).ok())
        .filter(|c: &Vec<VariantContext>| !c.is_empty())
        .unwrap_or_else(|| vec![Vec::new()])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_tag_read_again_gets_the_answer_parsing_gives_and_a_bad_one_its_error() {
        let tags = [
            "en", "KK", "kk", "kaz", "rus", "en-US", "EN_us", "ru-Cyrl", "tt", "zz", "", "e n",
            "de", "fr", "uz-Latn", "ky",
        ];
        // More distinct tags than the list keeps, in several orders.
        for round in 0..3 {
            for i in 0..tags.len() * 2 {
                let tag = tags[(i * (round + 1) + round) % tags.len()];
                match (canonical_lang(tag), lang::parse_tag(tag)) {
                    (Ok(got), Ok(want)) => assert_eq!(got, want, "{tag:?}"),
                    (Err(StoreError::BadLang(got)), Err(want)) => {
                        assert_eq!(got.to_string(), want.to_string(), "{tag:?}")
                    }
                    (got, want) => panic!("{tag:?}: {got:?} against {want:?}"),
                }
            }
        }
    }
}
