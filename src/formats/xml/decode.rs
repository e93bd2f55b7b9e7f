//! Input decoding: UTF-8 with or without a BOM, UTF-16 (either byte order) transcoded to
//! UTF-8 as it is read.

use std::io::{self, BufRead, BufReader, Read};

/// Opens XML input for reading as UTF-8: a UTF-8 BOM is skipped; UTF-16 (with a BOM, or
/// detected from `<?` in the first bytes) is transcoded on the fly.
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

#[cfg(test)]
mod tests {
    use super::*;

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
