//! How a unit is identified: by its canonical source language and the NFC form of its
//! source text, found through a 64-bit key of the two.

use super::{Result, StoreError};
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
