//! [`Decoded`]: the bytes of a text input (a report, a table, a glossary CSV, a batch file)
//! as UTF-8, read as they come, whatever [`TextEncoding`] the file is in.
//!
//! A byte-order mark says the encoding and is skipped: UTF-8, UTF-16LE (what Excel's
//! "Unicode Text" writes: UTF-16LE with a BOM, tab-separated) or UTF-16BE. A file without
//! one is read in the reader's default encoding: UTF-8, or the one `--encoding` names
//! (windows-1251, KOI8-R, …: [`TextEncoding::for_label`]), given to [`Decoded::new`]. Text in
//! UTF-8 passes through untouched (its readers check it line by line, to name the line of a
//! bad byte); any other encoding is transcoded to UTF-8 on the fly, in bounded chunks, and a
//! byte sequence that is not valid in it is a [`DecodeError`].

use std::io::{self, BufRead, Read};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

/// How many bytes of UTF-8 a transcoding reader holds at once.
const CHUNK: usize = 1 << 16;

/// The encoding of a text input.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TextEncoding(&'static encoding_rs::Encoding);

impl TextEncoding {
    /// UTF-8, the default.
    pub const UTF_8: TextEncoding = TextEncoding(encoding_rs::UTF_8);
    /// UTF-16, little-endian.
    pub const UTF_16LE: TextEncoding = TextEncoding(encoding_rs::UTF_16LE);
    /// UTF-16, big-endian.
    pub const UTF_16BE: TextEncoding = TextEncoding(encoding_rs::UTF_16BE);

    /// The encoding a WHATWG label names, in any case (`windows-1251`, `cp1251`, `koi8-r`,
    /// `latin1`, `utf-8`, …); `None` for a label the Encoding Standard does not know.
    pub fn for_label(label: &str) -> Option<TextEncoding> {
        encoding_rs::Encoding::for_label_no_replacement(label.trim().as_bytes()).map(TextEncoding)
    }

    /// Its name: `UTF-8`, `UTF-16LE`, `UTF-16BE`, `windows-1251`, …
    pub fn name(self) -> &'static str {
        self.0.name()
    }

    /// Whether it is UTF-8.
    pub fn is_utf8(self) -> bool {
        self == TextEncoding::UTF_8
    }

    /// Whether it is UTF-16, in either byte order (Excel's "Unicode Text").
    pub fn is_utf16(self) -> bool {
        self == TextEncoding::UTF_16LE || self == TextEncoding::UTF_16BE
    }
}

impl Default for TextEncoding {
    fn default() -> Self {
        TextEncoding::UTF_8
    }
}

impl std::fmt::Display for TextEncoding {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// Bytes that are not valid in the encoding of a file (the I/O error a [`Decoded`] reader
/// fails with, inside an [`io::Error`] of kind `InvalidData`).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid {encoding} at byte {offset} of the file")]
pub struct DecodeError {
    /// The encoding (its name).
    pub encoding: &'static str,
    /// 0-based offset in the file of the first bad byte.
    pub offset: u64,
}

impl DecodeError {
    /// The decode error inside `e`, if that is what it is.
    pub fn of(e: &io::Error) -> Option<&DecodeError> {
        e.get_ref().and_then(|inner| inner.downcast_ref())
    }
}

/// A transcoder to UTF-8 and what it has decoded but not handed out yet.
struct Transcoder {
    decoder: encoding_rs::Decoder,
    out: Vec<u8>,
    pos: usize,
    /// An error met after `out` was filled, returned once `out` is read.
    failed: Option<DecodeError>,
    done: bool,
}

/// A text input read as UTF-8 (see the module documentation): a [`BufRead`] over the
/// decoded text that counts the bytes of the file consumed, for progress.
pub struct Decoded<R> {
    inner: R,
    encoding: TextEncoding,
    sniffed: bool,
    transcoder: Option<Transcoder>,
    consumed: Arc<AtomicU64>,
}

impl<R: BufRead> Decoded<R> {
    /// Reads `inner`, whose encoding its BOM says, else `default`.
    pub fn new(inner: R, default: TextEncoding) -> Self {
        Decoded {
            inner,
            encoding: default,
            sniffed: false,
            transcoder: None,
            consumed: Arc::new(AtomicU64::new(0)),
        }
    }

    /// The encoding of the file (known once reading has begun).
    pub fn encoding(&self) -> TextEncoding {
        self.encoding
    }

    /// A counter of the bytes of the file consumed so far (for a progress bar, on any
    /// thread).
    pub fn bytes_read(&self) -> Arc<AtomicU64> {
        self.consumed.clone()
    }

    fn count(&self, n: usize) {
        self.consumed.fetch_add(n as u64, Ordering::Relaxed);
    }

    /// Reads the BOM, if any, and sets up decoding.
    fn sniff(&mut self) -> io::Result<()> {
        let head = self.inner.fill_buf()?;
        if let Some((enc, len)) = encoding_rs::Encoding::for_bom(head) {
            self.inner.consume(len);
            self.count(len);
            self.encoding = TextEncoding(enc);
        }
        if !self.encoding.is_utf8() {
            self.transcoder = Some(Transcoder {
                decoder: self.encoding.0.new_decoder_without_bom_handling(),
                out: Vec::with_capacity(CHUNK),
                pos: 0,
                failed: None,
                done: false,
            });
        }
        self.sniffed = true;
        Ok(())
    }
}

impl<R: BufRead> BufRead for Decoded<R> {
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        if !self.sniffed {
            self.sniff()?;
        }
        let Some(t) = self.transcoder.as_mut() else {
            return self.inner.fill_buf();
        };
        while t.pos == t.out.len() {
            if let Some(e) = t.failed.take() {
                return Err(io::Error::new(io::ErrorKind::InvalidData, e));
            }
            if t.done {
                break;
            }
            let src = self.inner.fill_buf()?;
            let last = src.is_empty();
            t.out.clear();
            t.out.resize(CHUNK, 0);
            t.pos = 0;
            let (result, read, written) = t
                .decoder
                .decode_to_utf8_without_replacement(src, &mut t.out, last);
            t.out.truncate(written);
            self.inner.consume(read);
            let before = self.consumed.fetch_add(read as u64, Ordering::Relaxed);
            if let encoding_rs::DecoderResult::Malformed(bad, after) = result {
                let offset = (before + read as u64).saturating_sub(bad as u64 + after as u64);
                t.failed = Some(DecodeError {
                    encoding: self.encoding.name(),
                    offset,
                });
            }
            t.done = last;
        }
        Ok(&t.out[t.pos..])
    }

    fn consume(&mut self, amt: usize) {
        match self.transcoder.as_mut() {
            Some(t) => t.pos = (t.pos + amt).min(t.out.len()),
            None => {
                self.inner.consume(amt);
                self.count(amt);
            }
        }
    }
}

impl<R: BufRead> Read for Decoded<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let avail = self.fill_buf()?;
        let n = avail.len().min(buf.len());
        buf[..n].copy_from_slice(&avail[..n]);
        self.consume(n);
        Ok(n)
    }
}

/// Whether `bytes`, the start of a line of a file read as UTF-8, look like UTF-16 without
/// a byte-order mark: NUL in every other byte (the high byte of Latin characters, digits,
/// spaces and line ends).
pub(crate) fn looks_like_utf16(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(256)];
    if head.len() < 8 {
        return false;
    }
    let pairs = head.len() / 2;
    let nul_at = |parity: usize| {
        head.iter()
            .skip(parity)
            .step_by(2)
            .take(pairs)
            .filter(|&&b| b == 0)
            .count()
    };
    let (even, odd) = (nul_at(0), nul_at(1));
    let (most, least) = (even.max(odd), even.min(odd));
    most * 2 >= pairs && least == 0
}

/// What to say after "NUL byte …" when `bytes` (the start of the line or chunk where the
/// NUL was met) look like UTF-16 without a BOM, else that this is not text.
pub(crate) fn nul_advice(bytes: &[u8]) -> &'static str {
    if looks_like_utf16(bytes) {
        "the file looks like UTF-16 without a byte-order mark: save it as UTF-8, or as UTF-16 \
         with a BOM (Excel's \"Unicode Text\")"
    } else {
        "this is not a text file"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utf16(text: &str, big_endian: bool, bom: bool) -> Vec<u8> {
        let mut out = Vec::new();
        let units = bom.then_some(0xFEFF).into_iter().chain(text.encode_utf16());
        for u in units {
            out.extend_from_slice(&if big_endian {
                u.to_be_bytes()
            } else {
                u.to_le_bytes()
            });
        }
        out
    }

    fn decode(bytes: &[u8]) -> (io::Result<String>, TextEncoding, u64) {
        let mut d = Decoded::new(bytes, TextEncoding::UTF_8);
        let mut s = String::new();
        let r = d.read_to_string(&mut s).map(|_| s);
        let n = d.bytes_read().load(Ordering::Relaxed);
        (r, d.encoding(), n)
    }

    #[test]
    fn a_bom_says_the_encoding_and_is_skipped() {
        let text = "en\tkk\nAlmaty\tАлматы 𝄞\n";
        for (bytes, enc) in [
            (utf16(text, false, true), TextEncoding::UTF_16LE),
            (utf16(text, true, true), TextEncoding::UTF_16BE),
            (
                [b"\xEF\xBB\xBF", text.as_bytes()].concat(),
                TextEncoding::UTF_8,
            ),
            (text.as_bytes().to_vec(), TextEncoding::UTF_8),
        ] {
            let (got, found, consumed) = decode(&bytes);
            assert_eq!(got.unwrap(), text);
            assert_eq!(found, enc);
            assert_eq!(consumed, bytes.len() as u64, "{enc}");
        }
    }

    #[test]
    fn long_utf16_is_decoded_chunk_by_chunk() {
        let text = "Сәлем, әлем! ".repeat(20_000);
        let (got, _, _) = decode(&utf16(&text, false, true));
        assert_eq!(got.unwrap(), text);
    }

    #[test]
    fn bad_utf16_is_an_error_with_its_offset_after_the_good_text() {
        let mut bytes = utf16("ab\n", false, true);
        bytes.extend_from_slice(&0xDC00u16.to_le_bytes()); // a lone low surrogate
        bytes.extend_from_slice(&utf16("cd", false, false));
        let mut d = Decoded::new(&bytes[..], TextEncoding::UTF_8);
        let mut line = String::new();
        d.read_line(&mut line).unwrap();
        assert_eq!(line, "ab\n");
        let err = d.read_line(&mut String::new()).unwrap_err();
        let e = DecodeError::of(&err).expect("a decode error");
        assert_eq!(e.offset, 8);
        assert_eq!(e.to_string(), "invalid UTF-16LE at byte 8 of the file");
    }

    #[test]
    fn utf8_passes_through_unchecked() {
        let (got, _, _) = decode(b"ok \xff\n");
        assert!(got.is_err(), "read_to_string checks, the decoder does not");
        let mut d = Decoded::new(&b"ok \xff\n"[..], TextEncoding::UTF_8);
        assert_eq!(d.fill_buf().unwrap(), b"ok \xff\n");
    }

    #[test]
    fn utf16_without_a_bom_is_recognised_for_the_message() {
        assert!(looks_like_utf16(&utf16("en\tkk\n", false, false)));
        assert!(looks_like_utf16(&utf16("en\tkk\n", true, false)));
        assert!(!looks_like_utf16(b"a\0b\n"));
        assert!(!looks_like_utf16(&[0u8; 64]));
        assert!(nul_advice(&utf16("Hello", false, false)).contains("UTF-16"));
    }
}
