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

/// The canonical form of a language tag ([`lang::parse_tag`]: BCP 47, an ISO 639
/// language, the two-letter code where there is one), or [`StoreError::BadLang`].
pub fn canonical_lang(tag: &str) -> Result<String> {
    lang::parse_tag(tag).map_err(StoreError::BadLang)
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
