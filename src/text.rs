//! Text helpers shared by every stage: NFC normalization and hashing.

use sha2::{Digest, Sha256};
use unicode_normalization::{is_nfc_quick, IsNormalized, UnicodeNormalization};

/// The NFC form of `s` (borrowed cheaply when `s` is already NFC).
pub fn nfc(s: &str) -> std::borrow::Cow<'_, str> {
    if is_nfc_quick(s.chars()) == IsNormalized::Yes {
        std::borrow::Cow::Borrowed(s)
    } else {
        std::borrow::Cow::Owned(s.nfc().collect())
    }
}

/// Hex SHA-256 of bytes.
pub fn sha256_hex(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    let mut out = String::with_capacity(64);
    for b in digest {
        out.push_str(&format!("{b:02x}"));
    }
    out
}

/// A short, stable hash of a sentence (first 16 hex digits of SHA-256 of its NFC form),
/// used for context (previous/next sentence) matching.
pub fn sentence_hash(s: &str) -> String {
    let n = nfc(s.trim());
    sha256_hex(n.as_bytes())[..16].to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nfc_composes_decomposed_letters() {
        // "й" as и + combining breve
        assert_eq!(nfc("\u{0438}\u{0306}"), "\u{0439}");
    }

    #[test]
    fn sentence_hash_ignores_normalization_and_outer_space() {
        assert_eq!(
            sentence_hash(" \u{0438}\u{0306} "),
            sentence_hash("\u{0439}")
        );
        assert_eq!(sentence_hash("a").len(), 16);
    }
}
