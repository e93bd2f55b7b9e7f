//! Text helpers shared by every stage: NFC normalization, hashing and the tokens used for
//! matching.

pub mod tokenize;

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
    // Works on the UTF-8 bytes of a valid `str`, where any byte from CC up is a lead byte:
    // ASCII, two-byte sequences below U+0300 (lead bytes C2–CB, continuation bytes 80–BF)
    // and Cyrillic U+0400–U+04FF (lead bytes D0–D3) are all a news text usually holds.
    // Branch-free over blocks so that it vectorizes: this runs on every text imported.
    let b = s.as_bytes();
    let other = |x: u8| x >= 0xCC && !(0xD0..=0xD3).contains(&x);
    let all_known = b
        .chunks(64)
        .all(|c| !c.iter().fold(false, |acc, &x| acc | other(x)));
    // The Cyrillic combining marks U+0483–U+0489 are D2 83 – D2 89.
    all_known && memchr::memchr_iter(0xD2, b).all(|i| !matches!(b.get(i + 1), Some(0x83..=0x89)))
}

/// Hex SHA-256 of bytes.
fn sha256_hex(bytes: &[u8]) -> String {
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
        for (text, sure) in [
            ("", true),
            ("Police detained 12 activists.", true),
            ("Полиция Алматыда қазақ белсенділерін ұстады.", true),
            ("Ölçü", true),
            ("и\u{306}", false),
            ("\u{483}x", false),
            ("Қазақ\u{489}", false),
            ("a \u{2014} b", false),
            ("Ω\u{1F600}", false),
        ] {
            assert_eq!(surely_nfc(text), sure, "{text:?}");
            // Long texts go through more than one block.
            let long = format!("{}{text}", "Қазақстан ".repeat(20));
            assert_eq!(surely_nfc(&long), sure, "{long:?}");
        }
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
