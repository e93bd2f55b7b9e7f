//! Text helpers shared by every stage: NFC normalization and hashing.

use sha2::{Digest, Sha256};
use unicode_normalization::{is_nfc_quick, IsNormalized, UnicodeNormalization};

/// The NFC form of `s` (borrowed cheaply when `s` is already NFC).
pub fn nfc(s: &str) -> std::borrow::Cow<'_, str> {
    if surely_nfc(s) || is_nfc_quick(s.chars()) == IsNormalized::Yes {
        std::borrow::Cow::Borrowed(s)
    } else {
        std::borrow::Cow::Owned(s.nfc().collect())
    }
}

/// A fast test for the common case: text made only of characters that are NFC starters
/// and never compose (below U+0300, and the Cyrillic letters U+0400–U+0482, U+048A–U+04FF).
/// `false` means "not sure": the full check decides.
fn surely_nfc(s: &str) -> bool {
    // Works on the UTF-8 bytes: ASCII, two-byte sequences below U+0300 (lead bytes C2–CB)
    // and Cyrillic U+0400–U+04FF (lead bytes D0–D3) are all a news text usually holds.
    let b = s.as_bytes();
    let mut i = 0;
    while i < b.len() {
        let x = b[i];
        if x < 0x80 {
            i += 1;
            continue;
        }
        match x {
            0xC2..=0xCB => {}
            0xD0..=0xD3 => {
                // A valid &str has the continuation byte.
                let next = b.get(i + 1).copied().unwrap_or(0x80);
                let c = (u32::from(x & 0x1F) << 6) | u32::from(next & 0x3F);
                if (0x483..=0x489).contains(&c) {
                    return false;
                }
            }
            _ => return false,
        }
        i += 2;
    }
    true
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
    fn fast_path_agrees_with_full_normalization_on_cyrillic_and_latin() {
        use unicode_normalization::UnicodeNormalization;
        for c in (0u32..0x300).chain(0x400..0x500).filter_map(char::from_u32) {
            let s = format!("a{c}b");
            if surely_nfc(&s) {
                assert_eq!(s.nfc().collect::<String>(), s, "U+{:04X}", c as u32);
            }
        }
        assert!(!surely_nfc("e\u{301}"));
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
