//! XML 1.0 character rules: which characters a document may hold, the one-pass scan of
//! character data, and the UTF-8 check of what the reader returns.

use super::error::{xerr, XmlError};

/// Whether `c` may appear in an XML 1.0 document.
pub(crate) fn is_xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..='\u{10FFFF}')
}

/// The first character not allowed in XML 1.0, with its byte offset in `s`.
pub fn first_illegal_char(s: &str) -> Option<(usize, char)> {
    if scan(s.as_bytes()) & SUSPECT == 0 {
        return None;
    }
    s.char_indices().find(|&(_, c)| !is_xml_char(c))
}

/// [`scan`] flag: a byte that may start a character illegal in XML 1.0 (only bytes < 0x20
/// other than tab, LF and CR, and the sequences EF BF BE / EF BF BF, can).
pub(super) const SUSPECT: u8 = 1;
/// [`scan`] flag: a carriage return (line ends to normalize).
pub(super) const CR: u8 = 2;
/// [`scan`] flag: an ampersand (references to resolve).
pub(super) const AMP: u8 = 4;

/// What one pass over character data finds: [`SUSPECT`], [`CR`] and [`AMP`] flags. Whole
/// chunks are folded without an early exit, which the compiler vectorizes.
pub(super) fn scan(b: &[u8]) -> u8 {
    let flags = |x: u8| {
        let suspect = (x < 0x20 && x != b'\t' && x != b'\n' && x != b'\r') || x == 0xEF;
        suspect as u8 | ((x == b'\r') as u8) << 1 | ((x == b'&') as u8) << 2
    };
    b.chunks(64)
        .fold(0, |acc, c| acc | c.iter().fold(0, |a, &x| a | flags(x)))
}

pub(super) fn utf8(b: &[u8], at: u64) -> Result<&str, XmlError> {
    // SIMD validation first (several times faster on Cyrillic text); std's on failure, for
    // the position of the bad byte.
    simdutf8::basic::from_utf8(b).or_else(|_| {
        std::str::from_utf8(b).map_err(|e| XmlError {
            offset: at + e.valid_up_to() as u64,
            message: "invalid UTF-8 (the file is read as UTF-8: its XML declaration names no other encoding)".to_string(),
        })
    })
}

pub(super) fn check_chars(s: &str, at: u64) -> Result<(), XmlError> {
    match first_illegal_char(s) {
        Some((i, c)) => xerr(
            at + i as u64,
            format!("character U+{:04X} is not allowed in XML 1.0", c as u32),
        ),
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_illegal_characters() {
        assert_eq!(first_illegal_char("ok\tfine\n"), None);
        assert_eq!(first_illegal_char("no\u{0}"), Some((2, '\u{0}')));
        assert_eq!(first_illegal_char("ї\u{FFFF}"), Some((2, '\u{FFFF}')));
        assert_eq!(first_illegal_char("\u{FEFF}ок"), None);
    }
}
