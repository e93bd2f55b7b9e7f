//! Writing text and attribute values as XML: markup characters escaped, characters XML
//! cannot carry dropped.

use std::io::{self, Write};

/// Which escaping rules to apply.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Ctx {
    Text,
    Attr,
}

/// Writes `s` as XML character data: `& < > "` escaped, CR as `&#13;` (so that it survives
/// line-end normalization), characters illegal in XML 1.0 dropped.
pub(crate) fn write_text<W: Write + ?Sized>(w: &mut W, s: &str) -> io::Result<()> {
    write_escaped(w, s, Ctx::Text)
}

/// Writes `s` as a double-quoted attribute value: like [`write_text`], and tab and line
/// feed as character references (attribute-value normalization would turn them into spaces).
pub(crate) fn write_attr<W: Write + ?Sized>(w: &mut W, s: &str) -> io::Result<()> {
    write_escaped(w, s, Ctx::Attr)
}

/// `s` as XML character data: `& < > "` escaped, CR as `&#13;` (so that it survives
/// line-end normalization), characters illegal in XML 1.0 dropped.
pub fn escape_text(s: &str) -> String {
    let mut v = Vec::with_capacity(s.len() + 8);
    // Writing into a Vec cannot fail.
    let _ = write_text(&mut v, s);
    String::from_utf8(v).unwrap_or_default()
}

/// `s` as a double-quoted attribute value: like [`escape_text`], and tab and line feed as
/// character references (attribute-value normalization would turn them into spaces).
pub fn escape_attr(s: &str) -> String {
    let mut v = Vec::with_capacity(s.len() + 8);
    // Writing into a Vec cannot fail.
    let _ = write_attr(&mut v, s);
    String::from_utf8(v).unwrap_or_default()
}

fn write_escaped<W: Write + ?Sized>(w: &mut W, s: &str, ctx: Ctx) -> io::Result<()> {
    let b = s.as_bytes();
    let mut start = 0;
    let mut i = 0;
    while i < b.len() {
        let x = b[i];
        let rep: Option<&[u8]> = match x {
            b'&' => Some(b"&amp;"),
            b'<' => Some(b"&lt;"),
            b'>' => Some(b"&gt;"),
            b'"' => Some(b"&quot;"),
            b'\r' => Some(b"&#13;"),
            b'\t' if ctx == Ctx::Attr => Some(b"&#9;"),
            b'\n' if ctx == Ctx::Attr => Some(b"&#10;"),
            b'\t' | b'\n' => None,
            0..=0x1F => Some(b""),
            0xEF if b.get(i + 1) == Some(&0xBF) && matches!(b.get(i + 2), Some(0xBE | 0xBF)) => {
                // U+FFFE / U+FFFF: not XML characters.
                w.write_all(&b[start..i])?;
                i += 3;
                start = i;
                continue;
            }
            _ => None,
        };
        if let Some(rep) = rep {
            w.write_all(&b[start..i])?;
            w.write_all(rep)?;
            start = i + 1;
        }
        i += 1;
    }
    w.write_all(&b[start..])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_characters_and_drops_illegal_ones() {
        assert_eq!(escape_text("a&b<c>d\"e"), "a&amp;b&lt;c&gt;d&quot;e");
        assert_eq!(escape_text("x\u{1}y\u{b}z\u{FFFE}!\u{FFFF}"), "xyz!");
        assert_eq!(escape_text("tab\there\nline\r"), "tab\there\nline&#13;");
        let mut v = Vec::new();
        write_attr(&mut v, "a\tb\nc").unwrap();
        assert_eq!(v, b"a&#9;b&#10;c");
        assert_eq!(escape_text("Қазақ ﻿ok"), "Қазақ ﻿ok");
    }
}
