//! XML helpers shared by the TMX and XLIFF readers and writers: escaping, XML 1.0 character
//! rules, input decoding (UTF-8 with or without BOM, UTF-16) and line/column lookup.

use std::io::{self, BufRead, BufReader, Read, Write};

/// Whether `c` may appear in an XML 1.0 document.
pub fn is_xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..='\u{10FFFF}')
}

/// The first character not allowed in XML 1.0, with its byte offset in `s`.
pub fn first_illegal_char(s: &str) -> Option<(usize, char)> {
    let b = s.as_bytes();
    // Fast path: only bytes < 0x20 and the sequences EF BF BE / EF BF BF can be illegal.
    let quick = b
        .iter()
        .any(|&x| (x < 0x20 && x != b'\t' && x != b'\n' && x != b'\r') || x == 0xEF);
    if !quick {
        return None;
    }
    s.char_indices().find(|&(_, c)| !is_xml_char(c))
}

/// Which escaping rules to apply.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Ctx {
    Text,
    Attr,
}

/// Writes `s` as XML character data: `& < > "` escaped, CR as `&#13;` (so that it survives
/// line-end normalization), characters illegal in XML 1.0 dropped.
pub fn write_text<W: Write + ?Sized>(w: &mut W, s: &str) -> io::Result<()> {
    write_escaped(w, s, Ctx::Text)
}

/// Writes `s` as a double-quoted attribute value: like [`write_text`], and tab and line
/// feed as character references (attribute-value normalization would turn them into spaces).
pub fn write_attr<W: Write + ?Sized>(w: &mut W, s: &str) -> io::Result<()> {
    write_escaped(w, s, Ctx::Attr)
}

/// [`write_text`] into a `String`.
pub fn escape_text(s: &str) -> String {
    let mut v = Vec::with_capacity(s.len() + 8);
    // Writing into a Vec cannot fail.
    let _ = write_text(&mut v, s);
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

/// Opens XML input for reading as UTF-8: a UTF-8 BOM is skipped; UTF-16 (with a BOM, or
/// detected from `<?` in the first bytes) is transcoded on the fly.
pub fn decode_input<R: Read + 'static>(r: R) -> io::Result<Box<dyn BufRead>> {
    let mut br = BufReader::with_capacity(64 * 1024, r);
    let head = {
        let buf = br.fill_buf()?;
        let mut h = [0u8; 4];
        let n = buf.len().min(4);
        h[..n].copy_from_slice(&buf[..n]);
        (h, n)
    };
    let (h, n) = head;
    let h = &h[..n];
    if h.starts_with(&[0xEF, 0xBB, 0xBF]) {
        br.consume(3);
        Ok(Box::new(br))
    } else if h.starts_with(&[0xFF, 0xFE]) {
        br.consume(2);
        Ok(Box::new(BufReader::with_capacity(
            64 * 1024,
            Utf16Reader::new(br, false),
        )))
    } else if h.starts_with(&[0xFE, 0xFF]) {
        br.consume(2);
        Ok(Box::new(BufReader::with_capacity(
            64 * 1024,
            Utf16Reader::new(br, true),
        )))
    } else if h == [0x3C, 0x00, 0x3F, 0x00] {
        Ok(Box::new(BufReader::with_capacity(
            64 * 1024,
            Utf16Reader::new(br, false),
        )))
    } else if h == [0x00, 0x3C, 0x00, 0x3F] {
        Ok(Box::new(BufReader::with_capacity(
            64 * 1024,
            Utf16Reader::new(br, true),
        )))
    } else {
        Ok(Box::new(br))
    }
}

/// Transcodes UTF-16 to UTF-8 as it is read.
struct Utf16Reader<R: BufRead> {
    inner: R,
    big_endian: bool,
    out: Vec<u8>,
    out_pos: usize,
    odd: Option<u8>,
    high: Option<u16>,
}

impl<R: BufRead> Utf16Reader<R> {
    fn new(inner: R, big_endian: bool) -> Self {
        Utf16Reader {
            inner,
            big_endian,
            out: Vec::new(),
            out_pos: 0,
            odd: None,
            high: None,
        }
    }

    fn unit(&self, a: u8, b: u8) -> u16 {
        if self.big_endian {
            u16::from_be_bytes([a, b])
        } else {
            u16::from_le_bytes([a, b])
        }
    }

    fn push_unit(&mut self, u: u16) -> io::Result<()> {
        let bad = || {
            io::Error::new(
                io::ErrorKind::InvalidData,
                "invalid UTF-16 (unpaired surrogate)",
            )
        };
        let c = match (self.high.take(), u) {
            (None, 0xD800..=0xDBFF) => {
                self.high = Some(u);
                return Ok(());
            }
            (None, 0xDC00..=0xDFFF) => return Err(bad()),
            (None, u) => char::from_u32(u as u32).ok_or_else(bad)?,
            (Some(h), 0xDC00..=0xDFFF) => {
                let cp = 0x10000 + (((h as u32) - 0xD800) << 10) + ((u as u32) - 0xDC00);
                char::from_u32(cp).ok_or_else(bad)?
            }
            (Some(_), _) => return Err(bad()),
        };
        let mut tmp = [0u8; 4];
        self.out
            .extend_from_slice(c.encode_utf8(&mut tmp).as_bytes());
        Ok(())
    }

    fn refill(&mut self) -> io::Result<bool> {
        self.out.clear();
        self.out_pos = 0;
        loop {
            let buf = self.inner.fill_buf()?;
            if buf.is_empty() {
                if self.odd.is_some() || self.high.is_some() {
                    return Err(io::Error::new(
                        io::ErrorKind::InvalidData,
                        "truncated UTF-16 input",
                    ));
                }
                return Ok(false);
            }
            let chunk: Vec<u8> = buf.to_vec();
            let n = chunk.len();
            self.inner.consume(n);
            let mut i = 0;
            if let Some(a) = self.odd.take() {
                let u = self.unit(a, chunk[0]);
                self.push_unit(u)?;
                i = 1;
            }
            while i + 1 < n {
                let u = self.unit(chunk[i], chunk[i + 1]);
                self.push_unit(u)?;
                i += 2;
            }
            if i < n {
                self.odd = Some(chunk[i]);
            }
            if !self.out.is_empty() {
                return Ok(true);
            }
        }
    }
}

impl<R: BufRead> Read for Utf16Reader<R> {
    fn read(&mut self, dst: &mut [u8]) -> io::Result<usize> {
        if self.out_pos >= self.out.len() && !self.refill()? {
            return Ok(0);
        }
        let n = dst.len().min(self.out.len() - self.out_pos);
        dst[..n].copy_from_slice(&self.out[self.out_pos..self.out_pos + n]);
        self.out_pos += n;
        Ok(n)
    }
}

/// 1-based line and column (in characters) of byte `offset` in `input`; reads only up to
/// the offset. Used once, when reporting an error.
pub fn line_col<R: BufRead>(mut input: R, offset: u64) -> io::Result<(u64, u64)> {
    let mut line = 1u64;
    let mut line_bytes: Vec<u8> = Vec::new();
    let mut pos = 0u64;
    loop {
        let buf = input.fill_buf()?;
        if buf.is_empty() || pos >= offset {
            break;
        }
        let take = ((offset - pos) as usize).min(buf.len());
        let chunk = &buf[..take];
        match memchr::memrchr(b'\n', chunk) {
            Some(last) => {
                line += memchr::memchr_iter(b'\n', chunk).count() as u64;
                line_bytes.clear();
                line_bytes.extend_from_slice(&chunk[last + 1..]);
            }
            None => line_bytes.extend_from_slice(chunk),
        }
        input.consume(take);
        pos += take as u64;
    }
    let col = String::from_utf8_lossy(&line_bytes).chars().count() as u64 + 1;
    Ok((line, col))
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

    #[test]
    fn finds_illegal_characters() {
        assert_eq!(first_illegal_char("ok\tfine\n"), None);
        assert_eq!(first_illegal_char("no\u{0}"), Some((2, '\u{0}')));
        assert_eq!(first_illegal_char("ї\u{FFFF}"), Some((2, '\u{FFFF}')));
        assert_eq!(first_illegal_char("\u{FEFF}ок"), None);
    }

    #[test]
    fn decodes_utf16_and_skips_bom() {
        let text = "<?xml version=\"1.0\"?><a>Сәлем 𝄞</a>";
        let mut le = vec![0xFF, 0xFE];
        for u in text.encode_utf16() {
            le.extend_from_slice(&u.to_le_bytes());
        }
        let mut s = String::new();
        decode_input(std::io::Cursor::new(le))
            .unwrap()
            .read_to_string(&mut s)
            .unwrap();
        assert_eq!(s, text);
        let mut be = Vec::new();
        for u in text.encode_utf16() {
            be.extend_from_slice(&u.to_be_bytes());
        }
        let mut s = String::new();
        decode_input(std::io::Cursor::new(be))
            .unwrap()
            .read_to_string(&mut s)
            .unwrap();
        assert_eq!(s, text);
        let mut bom8 = vec![0xEF, 0xBB, 0xBF];
        bom8.extend_from_slice(text.as_bytes());
        let mut s = String::new();
        decode_input(std::io::Cursor::new(bom8))
            .unwrap()
            .read_to_string(&mut s)
            .unwrap();
        assert_eq!(s, text);
    }

    #[test]
    fn line_and_column_count_characters() {
        let t = "ab\nсәл<x";
        let off = t.find('<').unwrap() as u64;
        assert_eq!(line_col(t.as_bytes(), off).unwrap(), (2, 4));
        assert_eq!(line_col(t.as_bytes(), 0).unwrap(), (1, 1));
    }
}
