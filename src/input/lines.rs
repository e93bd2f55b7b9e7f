//! [`Lines`]: a text file read one line at a time, decoded to UTF-8 ([`Decoded`]), each line
//! checked (no NUL byte, valid UTF-8, at most [`MAX_LINE_BYTES`]) before it is handed out.
//!
//! A line is read in chunks and refused as soon as a chunk is bad, so a file that is not
//! text (a gigabyte of NUL bytes, say) fails on its first line after one chunk: memory is
//! bounded by [`MAX_LINE_BYTES`] whatever the file holds.

use std::fs::File;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicU64;
use std::sync::Arc;

use super::decode::{nul_advice, DecodeError};
use super::limits::{size, MAX_LINE_BYTES};
use super::{Decoded, InputError, TextEncoding};

/// Reads a text file line by line (see the module documentation).
pub struct Lines<R> {
    input: Decoded<R>,
    path: PathBuf,
    line: u64,
    buf: Vec<u8>,
}

impl Lines<BufReader<File>> {
    /// Opens the file `path` (UTF-8 unless its BOM says otherwise).
    pub fn open(path: &Path) -> Result<Self, InputError> {
        Lines::open_in(path, TextEncoding::UTF_8)
    }

    /// Opens the file `path`, in `encoding` unless its BOM says otherwise.
    pub fn open_in(path: &Path, encoding: TextEncoding) -> Result<Self, InputError> {
        let file = File::open(path).map_err(|e| InputError::io(path, e))?;
        Ok(Lines::new_in(
            BufReader::with_capacity(1 << 16, file),
            path,
            encoding,
        ))
    }
}

impl<R: BufRead> Lines<R> {
    /// The lines of `reader`, which reads the file `path` (for error messages); its BOM
    /// says its encoding, else it is UTF-8.
    pub fn new(reader: R, path: &Path) -> Self {
        Lines::new_in(reader, path, TextEncoding::UTF_8)
    }

    /// The lines of `reader`, which reads the file `path`, in `encoding` unless its BOM
    /// says otherwise.
    pub fn new_in(reader: R, path: &Path, encoding: TextEncoding) -> Self {
        Lines {
            input: Decoded::new(reader, encoding),
            path: path.to_path_buf(),
            line: 0,
            buf: Vec::new(),
        }
    }

    /// The file read.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The encoding of the file (known once the first line is read).
    pub fn encoding(&self) -> TextEncoding {
        self.input.encoding()
    }

    /// A counter of the bytes of the file consumed so far (for progress).
    pub fn bytes_read(&self) -> Arc<AtomicU64> {
        self.input.bytes_read()
    }

    /// The next line with its line end (`\n`, `\r\n`, or none at the end of the file) and
    /// its 1-based number; `None` at the end of the file.
    pub fn next_line(&mut self) -> Result<Option<(u64, &str)>, InputError> {
        self.buf.clear();
        let number = self.line + 1;
        loop {
            let avail = match self.input.fill_buf() {
                Ok(a) => a,
                Err(e) => {
                    return Err(match DecodeError::of(&e) {
                        Some(d) => InputError::at_line(&self.path, number, d.to_string()),
                        None => InputError::io(&self.path, e),
                    })
                }
            };
            if avail.is_empty() {
                break;
            }
            let (take, end) = match memchr::memchr(b'\n', avail) {
                Some(i) => (i + 1, true),
                None => (avail.len(), false),
            };
            let chunk = &avail[..take];
            if let Some(i) = memchr::memchr(0, chunk) {
                let start = if self.buf.is_empty() {
                    chunk
                } else {
                    &self.buf
                };
                return Err(InputError::at_line(
                    &self.path,
                    number,
                    format!(
                        "NUL byte at column {}: {}",
                        self.buf.len() + i + 1,
                        nul_advice(start)
                    ),
                ));
            }
            if self.buf.len() + take > MAX_LINE_BYTES {
                return Err(InputError::at_line(
                    &self.path,
                    number,
                    format!(
                        "the line runs past {} without a line break: is this a text file?",
                        size(MAX_LINE_BYTES)
                    ),
                ));
            }
            self.buf.extend_from_slice(chunk);
            self.input.consume(take);
            if end {
                break;
            }
        }
        if self.buf.is_empty() {
            return Ok(None);
        }
        self.line = number;
        let line = std::str::from_utf8(&self.buf).map_err(|e| {
            InputError::at_line(
                &self.path,
                number,
                format!(
                    "invalid UTF-8 at byte {} of the line (save the file as UTF-8)",
                    e.valid_up_to() + 1
                ),
            )
        })?;
        Ok(Some((number, line)))
    }
}

#[cfg(test)]
mod tests {
    use std::io::Read;

    use super::*;

    fn lines(bytes: &[u8]) -> Result<Vec<(u64, String)>, InputError> {
        let mut l = Lines::new(bytes, Path::new("t.txt"));
        let mut out = Vec::new();
        while let Some((n, s)) = l.next_line()? {
            out.push((n, s.to_string()));
        }
        Ok(out)
    }

    #[test]
    fn lines_keep_their_ends_and_numbers_without_the_bom() {
        let got = lines("\u{feff}one\r\ntwo\n\nlast".as_bytes()).unwrap();
        let want = [(1, "one\r\n"), (2, "two\n"), (3, "\n"), (4, "last")];
        assert_eq!(
            got,
            want.map(|(n, s)| (n, s.to_string())).to_vec(),
            "{got:?}"
        );
    }

    #[test]
    fn utf16_with_a_bom_reads_as_text() {
        let mut bytes = vec![0xFF, 0xFE];
        for u in "Сәлем\nәлем\n".encode_utf16() {
            bytes.extend_from_slice(&u.to_le_bytes());
        }
        let got = lines(&bytes).unwrap();
        assert_eq!(got[1], (2, "әлем\n".to_string()));
        let mut l = Lines::new(&bytes[..], Path::new("t.txt"));
        l.next_line().unwrap();
        assert_eq!(l.encoding(), TextEncoding::UTF_16LE);
    }

    #[test]
    fn a_bad_line_names_its_number() {
        let err = lines(b"ok\nbad \xff\n").unwrap_err().to_string();
        assert_eq!(
            err,
            "t.txt:2: invalid UTF-8 at byte 5 of the line (save the file as UTF-8)"
        );
        let err = lines(b"ok\nnul\0\n").unwrap_err().to_string();
        assert_eq!(
            err,
            "t.txt:2: NUL byte at column 4: this is not a text file"
        );
    }

    #[test]
    fn utf16_without_a_bom_is_named_in_the_nul_message() {
        let bytes: Vec<u8> = "en\tkk\n"
            .encode_utf16()
            .flat_map(u16::to_le_bytes)
            .collect();
        let err = lines(&bytes).unwrap_err().to_string();
        assert!(err.starts_with("t.txt:1: NUL byte at column 2: "), "{err}");
        assert!(err.contains("UTF-16 without a byte-order mark"), "{err}");
    }

    #[test]
    fn invalid_utf16_names_its_line() {
        let mut bytes = vec![0xFF, 0xFE];
        for u in "a\nb\n".encode_utf16() {
            bytes.extend_from_slice(&u.to_le_bytes());
        }
        bytes.extend_from_slice(&0xD800u16.to_le_bytes());
        bytes.extend_from_slice(&u16::from(b'x').to_le_bytes());
        let err = lines(&bytes).unwrap_err().to_string();
        assert_eq!(err, "t.txt:3: invalid UTF-16LE at byte 10 of the file");
    }

    #[test]
    fn nul_bytes_stop_reading_at_the_first_chunk() {
        // Far more than a line may hold: the NUL check comes first, after one chunk.
        let zeros = std::io::repeat(0).take((MAX_LINE_BYTES * 4) as u64);
        let mut l = Lines::new(BufReader::with_capacity(1 << 16, zeros), Path::new("z.txt"));
        let err = l.next_line().unwrap_err().to_string();
        assert!(err.starts_with("z.txt:1: NUL byte at column 1"), "{err}");
        let read = l.bytes_read().load(std::sync::atomic::Ordering::Relaxed);
        assert!(read <= 1 << 16, "read {read} bytes");
    }

    #[test]
    fn a_line_longer_than_the_limit_is_refused_without_reading_it_whole() {
        let long = std::io::repeat(b'a').take((MAX_LINE_BYTES * 4) as u64);
        let mut l = Lines::new(BufReader::with_capacity(1 << 16, long), Path::new("a.txt"));
        let err = l.next_line().unwrap_err().to_string();
        assert!(err.starts_with("a.txt:1: the line runs past 4 MB"), "{err}");
        let read = l.bytes_read().load(std::sync::atomic::Ordering::Relaxed);
        assert!(read <= MAX_LINE_BYTES as u64, "read {read} bytes");
    }
}
