//! [`Paragraphs`]: a text file read one blank-line separated paragraph at a time, checked
//! to be UTF-8 without NUL bytes.

use std::fs::File;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};

use super::{InputError, Progress};

/// A paragraph read from a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Paragraph {
    /// The text, lines joined as they were (line ends kept, BOM removed).
    pub text: String,
    /// 1-based line number of its first line.
    pub line: u64,
}

/// Reads blank-line separated paragraphs from a file, one at a time, checking that the
/// text is UTF-8 without NUL bytes.
pub struct Paragraphs<R> {
    reader: R,
    path: PathBuf,
    line: u64,
    buf: Vec<u8>,
    done: bool,
}

impl Paragraphs<BufReader<File>> {
    /// Opens the file `path`.
    pub fn open(path: &Path) -> Result<Self, InputError> {
        let file = File::open(path).map_err(|e| InputError::io(path, e))?;
        Ok(Paragraphs::new(
            BufReader::with_capacity(1 << 16, file),
            path,
        ))
    }
}

impl<R: BufRead> Paragraphs<R> {
    /// Paragraphs of `reader`, which reads the file `path` (for error messages).
    pub fn new(reader: R, path: &Path) -> Self {
        Paragraphs {
            reader,
            path: path.to_path_buf(),
            line: 0,
            buf: Vec::new(),
            done: false,
        }
    }

    /// The next paragraph, `None` at the end of the file. `progress` gets the bytes read.
    pub fn next_paragraph(
        &mut self,
        progress: &mut dyn Progress,
    ) -> Result<Option<Paragraph>, InputError> {
        let mut text = String::new();
        let mut first_line = 0;
        while !self.done {
            self.buf.clear();
            let n = self
                .reader
                .read_until(b'\n', &mut self.buf)
                .map_err(|e| InputError::io(&self.path, e))?;
            if n == 0 {
                self.done = true;
                break;
            }
            progress.advance(n as u64);
            self.line += 1;
            let mut bytes: &[u8] = &self.buf;
            if self.line == 1 {
                bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
            }
            if let Some(col) = memchr::memchr(0, bytes) {
                return Err(InputError::at_line(
                    &self.path,
                    self.line,
                    format!("NUL byte at column {}: this is not a text file", col + 1),
                ));
            }
            let line = std::str::from_utf8(bytes).map_err(|e| {
                InputError::at_line(
                    &self.path,
                    self.line,
                    format!(
                        "invalid UTF-8 at byte {} of the line (save the file as UTF-8)",
                        e.valid_up_to() + 1
                    ),
                )
            })?;
            if line.trim().is_empty() {
                if text.is_empty() {
                    continue;
                }
                break;
            }
            if text.is_empty() {
                first_line = self.line;
            }
            text.push_str(line);
        }
        if text.is_empty() {
            Ok(None)
        } else {
            Ok(Some(Paragraph {
                text,
                line: first_line,
            }))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::NoProgress;

    fn paras(s: &str) -> Vec<(String, u64)> {
        let mut p = Paragraphs::new(s.as_bytes(), Path::new("t.txt"));
        let mut out = Vec::new();
        while let Some(x) = p.next_paragraph(&mut NoProgress).unwrap() {
            out.push((x.text, x.line));
        }
        out
    }

    #[test]
    fn paragraphs_split_on_blank_lines_and_keep_line_numbers() {
        let got = paras("\u{feff}Title\r\n\r\nOne. Two.\nwrapped.\n \t\n\nLast.");
        assert_eq!(
            got,
            vec![
                ("Title\r\n".to_string(), 1),
                ("One. Two.\nwrapped.\n".to_string(), 3),
                ("Last.".to_string(), 7)
            ]
        );
    }

    #[test]
    fn invalid_utf8_is_reported_with_its_line() {
        let mut p = Paragraphs::new(&b"ok\n\nbad \xff here\n"[..], Path::new("x.txt"));
        assert!(p.next_paragraph(&mut NoProgress).unwrap().is_some());
        let err = p.next_paragraph(&mut NoProgress).unwrap_err().to_string();
        assert!(err.starts_with("x.txt:3: invalid UTF-8"), "{err}");
    }

    #[test]
    fn nul_bytes_are_refused() {
        let mut p = Paragraphs::new(&b"a\0b\n"[..], Path::new("x.txt"));
        let err = p.next_paragraph(&mut NoProgress).unwrap_err().to_string();
        assert!(err.contains("x.txt:1: NUL byte"), "{err}");
    }

    #[test]
    fn a_missing_file_is_an_io_error_naming_it() {
        let err = Paragraphs::open(Path::new("no/such.en.txt")).err().unwrap();
        assert!(matches!(err, InputError::Io { .. }), "{err}");
        assert!(err.to_string().starts_with("no/such.en.txt: "), "{err}");
    }
}
