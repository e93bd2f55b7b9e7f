//! Input decoding: UTF-8 with or without a BOM, UTF-16 (either byte order), and any
//! encoding the XML declaration names (windows-1251, KOI8-R, ISO-8859-x, Shift_JIS, …),
//! transcoded to UTF-8 as it is read.

use std::io::{self, BufRead, BufReader, Read};

use super::decl::declared_encoding;

/// How many bytes of UTF-8 a transcoding reader holds at once.
const CHUNK: usize = 1 << 16;

/// An encoding the XML declaration names that tmkit cannot read (the error inside the
/// [`io::Error`] of kind `InvalidData` that [`decode_input`] returns).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "the XML declaration names encoding {label:?}, which tmkit does not know (it reads UTF-8, \
     UTF-16 and the encodings of the WHATWG Encoding Standard: windows-1251, KOI8-R, \
     ISO-8859-x, …)"
)]
pub struct UnknownEncoding {
    /// The label as the declaration writes it.
    pub label: String,
}

/// Bytes that are not valid in the encoding an XML declaration names (the error inside the
/// [`io::Error`] of kind `InvalidData` that a reader from [`decode_input`] fails with). The
/// text before them has been read: the reader's position is where they start.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("bytes that are not valid {encoding} (the encoding the XML declaration names)")]
pub struct InvalidBytes {
    /// The encoding's name.
    pub encoding: &'static str,
}

/// Opens XML input for reading as UTF-8: a UTF-8 BOM is skipped; UTF-16 (with a BOM, or
/// detected from `<?` in the first bytes) is transcoded on the fly; without either, the
/// encoding named by the XML declaration (looked up by its WHATWG label, in any case) is
/// transcoded on the fly, and input without a declaration, or declaring UTF-8, is read as it
/// is. An encoding tmkit does not know is an [`UnknownEncoding`] error.
pub fn decode_input<R: Read + Send + 'static>(r: R) -> io::Result<Box<dyn BufRead + Send>> {
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
        let declared = declared_encoding(br.fill_buf()?).map(str::to_string);
        let Some(label) = declared else {
            return Ok(Box::new(br));
        };
        let encoding = encoding_rs::Encoding::for_label_no_replacement(label.trim().as_bytes())
            .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidData, UnknownEncoding { label }))?;
        // Input that starts with ASCII `<?xml` is not UTF-16 whatever its declaration says;
        // read it as UTF-8 (which the declaration then describes as well as any).
        if encoding == encoding_rs::UTF_8
            || encoding == encoding_rs::UTF_16LE
            || encoding == encoding_rs::UTF_16BE
        {
            return Ok(Box::new(br));
        }
        Ok(Box::new(Transcoder::new(br, encoding)))
    }
}

/// Transcodes input in a legacy encoding to UTF-8 as it is read, [`CHUNK`] bytes at a
/// time; bytes not valid in it end the reading with an [`InvalidBytes`] error once the
/// text before them has been read.
struct Transcoder<R: BufRead> {
    inner: R,
    decoder: encoding_rs::Decoder,
    encoding: &'static encoding_rs::Encoding,
    out: Vec<u8>,
    pos: usize,
    failed: bool,
    done: bool,
}

impl<R: BufRead> Transcoder<R> {
    fn new(inner: R, encoding: &'static encoding_rs::Encoding) -> Self {
        Transcoder {
            inner,
            decoder: encoding.new_decoder_without_bom_handling(),
            encoding,
            out: Vec::with_capacity(CHUNK),
            pos: 0,
            failed: false,
            done: false,
        }
    }
}

impl<R: BufRead> BufRead for Transcoder<R> {
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        while self.pos == self.out.len() {
            if self.failed {
                return Err(io::Error::new(
                    io::ErrorKind::InvalidData,
                    InvalidBytes {
                        encoding: self.encoding.name(),
                    },
                ));
            }
            if self.done {
                break;
            }
            let src = self.inner.fill_buf()?;
            let last = src.is_empty();
            self.out.clear();
            self.out.resize(CHUNK, 0);
            self.pos = 0;
            let (result, read, written) =
                self.decoder
                    .decode_to_utf8_without_replacement(src, &mut self.out, last);
            self.out.truncate(written);
            self.inner.consume(read);
            match result {
                encoding_rs::DecoderResult::Malformed(_, _) => self.failed = true,
                encoding_rs::DecoderResult::InputEmpty => self.done = last,
                encoding_rs::DecoderResult::OutputFull => {}
            }
        }
        Ok(&self.out[self.pos..])
    }

    fn consume(&mut self, amt: usize) {
        self.pos = (self.pos + amt).min(self.out.len());
    }
}

impl<R: BufRead> Read for Transcoder<R> {
    fn read(&mut self, dst: &mut [u8]) -> io::Result<usize> {
        let avail = self.fill_buf()?;
        let n = avail.len().min(dst.len());
        dst[..n].copy_from_slice(&avail[..n]);
        self.consume(n);
        Ok(n)
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

#[cfg(test)]
mod tests {
    use super::*;

    fn decoded(bytes: Vec<u8>) -> io::Result<String> {
        let mut s = String::new();
        decode_input(std::io::Cursor::new(bytes))?.read_to_string(&mut s)?;
        Ok(s)
    }

    #[test]
    fn the_declared_encoding_is_transcoded() {
        let mut doc = b"<?xml version=\"1.0\" encoding=\"windows-1251\"?>\n<a>".to_vec();
        doc.extend_from_slice(b"\xCF\xF0\xE8\xE2\xE5\xF2</a>");
        assert!(decoded(doc).unwrap().ends_with("<a>Привет</a>"));
        let mut doc = b"<?xml version='1.0' encoding='KOI8-R'?><a>".to_vec();
        doc.extend_from_slice(b"\xF0\xD2\xC9\xD7\xC5\xD4</a>");
        assert!(decoded(doc).unwrap().ends_with("<a>Привет</a>"));
        let mut doc = b"<?xml version=\"1.0\" encoding=\"ISO-8859-9\"?><a>".to_vec();
        doc.extend_from_slice(b"\xFDs\xFDk</a>");
        assert!(decoded(doc).unwrap().ends_with("<a>ısık</a>"));
        // Long input is transcoded chunk by chunk.
        let mut doc = b"<?xml version=\"1.0\" encoding=\"windows-1252\"?><a>".to_vec();
        for _ in 0..100_000 {
            doc.extend_from_slice(b"caf\xE9 ");
        }
        let text = decoded(doc).unwrap();
        assert_eq!(text.matches("café ").count(), 100_000);
    }

    #[test]
    fn utf8_declarations_and_none_read_as_they_are() {
        for doc in [
            "<?xml version=\"1.0\" encoding=\"utf-8\"?><a>é</a>",
            "<?xml version=\"1.0\"?><a>é</a>",
            "<?xml version=\"1.0\" encoding=\"UTF-16\"?><a>é</a>",
            "<a>é</a>",
        ] {
            assert_eq!(decoded(doc.as_bytes().to_vec()).unwrap(), doc);
        }
    }

    #[test]
    fn an_unknown_encoding_is_named() {
        let err =
            decoded(b"<?xml version=\"1.0\" encoding=\"klingon-8\"?><a/>".to_vec()).unwrap_err();
        assert_eq!(err.kind(), io::ErrorKind::InvalidData);
        assert!(err.to_string().contains("\"klingon-8\""), "{err}");
    }

    #[test]
    fn bytes_invalid_in_the_declared_encoding_fail_after_the_good_text() {
        // 0xA5 has no character in ISO-8859-3.
        let mut doc = b"<?xml version=\"1.0\" encoding=\"ISO-8859-3\"?>\n<a>ok\n".to_vec();
        let good = doc.len();
        doc.extend_from_slice(b"\xA5</a>");
        let mut r = decode_input(std::io::Cursor::new(doc)).unwrap();
        let mut out = Vec::new();
        let err = r.read_to_end(&mut out).unwrap_err();
        assert_eq!(out.len(), good);
        assert!(err.to_string().contains("not valid ISO-8859-3"), "{err}");
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
}
