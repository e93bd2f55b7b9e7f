//! [`Paragraphs`]: a text file read one blank-line separated paragraph at a time, through
//! [`Lines`] (decoded, each line checked), each paragraph at most [`MAX_PARAGRAPH_BYTES`].

use std::fs::File;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use super::limits::{check_segment, size, MAX_PARAGRAPH_BYTES};
use super::{InputError, Lines, Progress, TextEncoding};
use crate::segment::Segment;

/// A paragraph read from a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Paragraph {
    /// The text, lines joined as they were (line ends kept, BOM removed).
    pub text: String,
    /// 1-based line number of its first line.
    pub line: u64,
}

impl Paragraph {
    /// The line of the file where byte `offset` of the text is.
    pub fn line_at(&self, offset: usize) -> u64 {
        let before = &self.text.as_bytes()[..offset.min(self.text.len())];
        self.line + memchr::memchr_iter(b'\n', before).count() as u64
    }

    /// Refuses a sentence of this paragraph (of the file `path`) longer than
    /// [`MAX_SEGMENT_BYTES`](super::MAX_SEGMENT_BYTES), naming the line where it begins.
    pub fn check_sentences(&self, path: &Path, sentences: &[Segment]) -> Result<(), InputError> {
        for s in sentences {
            check_segment(path, self.line_at(s.start), "sentence", s.text(&self.text))?;
        }
        Ok(())
    }
}

/// Reads blank-line separated paragraphs from a file, one at a time.
pub struct Paragraphs<R> {
    lines: Lines<R>,
    path: PathBuf,
    read: Arc<AtomicU64>,
    reported: u64,
}

impl Paragraphs<BufReader<File>> {
    /// Opens the file `path`.
    pub fn open(path: &Path) -> Result<Self, InputError> {
        Ok(Paragraphs::of(Lines::open(path)?))
    }

    /// Opens the file `path`, in `encoding` unless its BOM says otherwise.
    pub fn open_in(path: &Path, encoding: TextEncoding) -> Result<Self, InputError> {
        Ok(Paragraphs::of(Lines::open_in(path, encoding)?))
    }
}

impl<R: BufRead> Paragraphs<R> {
    /// Paragraphs of `reader`, which reads the file `path` (for error messages).
    pub fn new(reader: R, path: &Path) -> Self {
        Paragraphs::of(Lines::new(reader, path))
    }

    fn of(lines: Lines<R>) -> Self {
        Paragraphs {
            path: lines.path().to_path_buf(),
            read: lines.bytes_read(),
            lines,
            reported: 0,
        }
    }

    /// The next paragraph, `None` at the end of the file. `progress` gets the bytes read.
    pub fn next_paragraph(
        &mut self,
        progress: &mut dyn Progress,
    ) -> Result<Option<Paragraph>, InputError> {
        let mut text = String::new();
        let mut first_line = 0;
        while let Some((number, line)) = self.lines.next_line()? {
            let now = self.read.load(Ordering::Relaxed);
            progress.advance(now - self.reported);
            self.reported = now;
            if line.trim().is_empty() {
                if text.is_empty() {
                    continue;
                }
                break;
            }
            if text.is_empty() {
                first_line = number;
            }
            if text.len() + line.len() > MAX_PARAGRAPH_BYTES {
                return Err(InputError::at_line(
                    &self.path,
                    first_line,
                    format!(
                        "the paragraph beginning here runs past {} without a blank line: is \
                         this a report?",
                        size(MAX_PARAGRAPH_BYTES)
                    ),
                ));
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
    fn a_paragraph_over_the_limit_is_refused_at_its_first_line() {
        let line = format!("{}\n", "word ".repeat(100_000));
        let mut text = String::from("Title.\n\n");
        while text.len() <= MAX_PARAGRAPH_BYTES {
            text.push_str(&line);
        }
        let mut p = Paragraphs::new(text.as_bytes(), Path::new("big.en.txt"));
        p.next_paragraph(&mut NoProgress).unwrap();
        let err = p.next_paragraph(&mut NoProgress).unwrap_err().to_string();
        assert!(
            err.starts_with("big.en.txt:3: the paragraph beginning here runs past 16 MB"),
            "{err}"
        );
    }

    #[test]
    fn a_sentence_over_the_limit_is_refused_at_its_line() {
        let long = "a".repeat(crate::input::MAX_SEGMENT_BYTES + 1);
        let p = Paragraph {
            text: format!("Short one.\n{long}.\n"),
            line: 7,
        };
        let seg = Segment {
            start: 11,
            end: p.text.len() - 1,
        };
        let err = p
            .check_sentences(Path::new("r.en.txt"), &[Segment { start: 0, end: 10 }, seg])
            .unwrap_err()
            .to_string();
        assert!(
            err.starts_with("r.en.txt:8: a sentence of 1048578 bytes is over"),
            "{err}"
        );
    }

    #[test]
    fn progress_gets_every_byte_of_the_file() {
        struct Sum(u64);
        impl Progress for Sum {
            fn advance(&mut self, bytes: u64) {
                self.0 += bytes;
            }
        }
        let text = "\u{feff}One.\n\nTwo.\n\n\n";
        let mut p = Paragraphs::new(text.as_bytes(), Path::new("t.txt"));
        let mut sum = Sum(0);
        while p.next_paragraph(&mut sum).unwrap().is_some() {}
        assert_eq!(sum.0, text.len() as u64);
    }

    #[test]
    fn a_missing_file_is_an_io_error_naming_it() {
        let err = Paragraphs::open(Path::new("no/such.en.txt")).err().unwrap();
        assert!(matches!(err, InputError::Io { .. }), "{err}");
        assert!(err.to_string().starts_with("no/such.en.txt: "), "{err}");
    }
}
