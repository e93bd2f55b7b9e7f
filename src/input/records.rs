//! [`Records`]: the rows of a TSV or CSV file, read one at a time through the `csv` crate,
//! decoded to UTF-8 ([`Decoded`]) and checked before the parser sees them: each row's
//! number of the line where it begins, and an error naming the line for a NUL byte, invalid
//! UTF-8, a row longer than [`MAX_LINE_BYTES`], a cell longer than [`MAX_SEGMENT_BYTES`], or
//! a quote never closed. Tables ([`TableReader`](super::TableReader)) and glossary CSV files
//! are read through it. A CSV file may say its separator as Excel does (a first line
//! `sep=;`), or have a header of semicolons; a UTF-16 TSV file is Excel's "Unicode Text",
//! whose cells are quoted as in CSV and have no backslash escapes.
//!
//! The `csv` parser takes an unterminated quote as a cell that runs to the end of the file
//! (the rest of the file becomes one cell, and at best a wrong column count is reported), and
//! it would hold a gigabyte-long row in memory. So the bytes pass through a [`Guard`] on the
//! way in, which follows the same RFC 4180 quoting as the parser (a quote opens a quoted cell
//! only at the start of a cell, `""` inside one is a quote) and stops at the first bad byte:
//! memory stays bounded by [`MAX_LINE_BYTES`] plus the parser's buffer.

use std::collections::VecDeque;
use std::fs::File;
use std::io::{self, BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicU64;
use std::sync::Arc;

use super::decode::{nul_advice, DecodeError};
use super::limits::{segment_too_long, size, MAX_LINE_BYTES, MAX_SEGMENT_BYTES};
use super::table::tsv_unescape;
use super::{Decoded, Dialect, InputError, TextEncoding};

/// A record: the 1-based line where it begins and its cells (UTF-8, TSV escapes undone).
pub type Record = (u64, Vec<String>);

/// Reads the records of a TSV or CSV file (see the module documentation).
pub struct Records<R: BufRead> {
    rdr: csv::Reader<Guard<Decoded<R>>>,
    read: Arc<AtomicU64>,
    path: PathBuf,
    /// Whether cells use the TSV escapes (`\t`, `\n`, …) to undo.
    unescape: bool,
    record: csv::ByteRecord,
}

impl Records<BufReader<File>> {
    /// Opens the file `path`.
    pub fn open(path: &Path, dialect: Dialect) -> Result<Self, InputError> {
        Records::open_in(path, dialect, TextEncoding::UTF_8)
    }

    /// Opens the file `path`, in `encoding` unless its BOM says otherwise.
    pub fn open_in(
        path: &Path,
        dialect: Dialect,
        encoding: TextEncoding,
    ) -> Result<Self, InputError> {
        let file = File::open(path).map_err(|e| InputError::io(path, e))?;
        Ok(Records::new_in(
            BufReader::with_capacity(1 << 16, file),
            path,
            dialect,
            encoding,
        ))
    }
}

impl<R: BufRead> Records<R> {
    /// The records of `reader`, which reads the file `path` (for error messages); its BOM
    /// says its encoding, else it is UTF-8.
    pub fn new(reader: R, path: &Path, dialect: Dialect) -> Self {
        Records::new_in(reader, path, dialect, TextEncoding::UTF_8)
    }

    /// The records of `reader`, which reads the file `path`, in `encoding` unless its BOM
    /// says otherwise.
    pub fn new_in(reader: R, path: &Path, dialect: Dialect, encoding: TextEncoding) -> Self {
        let mut input = Decoded::new(reader, encoding);
        let read = input.bytes_read();
        let mut builder = csv::ReaderBuilder::new();
        builder.has_headers(false).flexible(true);
        let mut pending = None;
        let mut first_line = 1;
        // Excel's "Unicode Text" (UTF-16, tab-separated) quotes a cell holding a quote or a
        // line break, as CSV does, and has no backslash escapes.
        let mut excel_tsv = false;
        let delimiter = match dialect {
            Dialect::Tsv => {
                match input.fill_buf() {
                    Ok(_) => excel_tsv = input.encoding().is_utf16(),
                    Err(e) => pending = Some(e),
                }
                builder.delimiter(b'\t').quoting(excel_tsv);
                b'\t'
            }
            Dialect::Csv => match input.fill_buf() {
                Ok(head) => {
                    let (delimiter, hint) = csv_separator(head);
                    if hint > 0 {
                        input.consume(hint);
                        first_line = 2;
                    }
                    builder.delimiter(delimiter);
                    delimiter
                }
                // Handed on by the guard's first read: the rows see it where they would have.
                Err(e) => {
                    pending = Some(e);
                    b','
                }
            },
        };
        let mut guard = Guard::new(input, dialect == Dialect::Csv || excel_tsv, delimiter);
        guard.pending = pending;
        guard.line = first_line;
        guard.row_line = first_line;
        Records {
            rdr: builder.from_reader(guard),
            read,
            path: path.to_path_buf(),
            unescape: dialect == Dialect::Tsv && !excel_tsv,
            record: csv::ByteRecord::new(),
        }
    }

    /// The file read.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// A counter of the bytes of the file read so far (for a progress bar on another thread).
    pub fn bytes_read(&self) -> Arc<AtomicU64> {
        self.read.clone()
    }

    /// The next record, `None` at the end of the file. Rows may have any number of cells:
    /// the caller checks them against its header.
    pub fn next_record(&mut self) -> Result<Option<Record>, InputError> {
        let more = self
            .rdr
            .read_byte_record(&mut self.record)
            .map_err(|e| csv_error(&self.path, self.rdr.get_ref().line, &e))?;
        if !more {
            return Ok(None);
        }
        // The parser's own line numbers lag behind after CRLF line ends: the guard saw the
        // same rows, in the same order, and knows the line each begins on.
        let parsed = self.record.position().map_or(0, |p| p.line());
        let line = self.rdr.get_mut().rows.pop_front().unwrap_or(parsed);
        let mut cells = Vec::with_capacity(self.record.len());
        for (i, raw) in self.record.iter().enumerate() {
            // The SIMD check first (a tenth of the reader's time went to the standard one);
            // the standard one only to say where a bad byte is.
            let checked = simdutf8::basic::from_utf8(raw).or_else(|_| std::str::from_utf8(raw));
            let cell = checked.map_err(|e| {
                InputError::at_line(
                    &self.path,
                    line,
                    format!(
                        "invalid UTF-8 in column {} at byte {} (save the file as UTF-8)",
                        i + 1,
                        e.valid_up_to() + 1
                    ),
                )
            })?;
            if cell.len() > MAX_SEGMENT_BYTES {
                let what = format!("cell (column {})", i + 1);
                return Err(InputError::at_line(
                    &self.path,
                    line,
                    segment_too_long(&what, cell.len()),
                ));
            }
            cells.push(if self.unescape {
                tsv_unescape(cell).into_owned()
            } else {
                cell.to_string()
            });
        }
        Ok(Some((line, cells)))
    }
}

/// The separator of a CSV file whose decoded text begins with `head`, and how many bytes of
/// it are Excel's separator hint (not a row): a first line `sep=;` (also quoted, `"sep=;"`)
/// names the separator; else a first row with semicolons and no comma is
/// semicolon-separated (Excel writes CSV so where the decimal mark is a comma, as in
/// Russian and Kazakh locales); else commas.
pub(crate) fn csv_separator(head: &[u8]) -> (u8, usize) {
    let end = memchr::memchr(b'\n', head).map_or(head.len(), |i| i + 1);
    let line = head[..end].trim_ascii_end();
    let hint = line
        .strip_prefix(b"\"")
        .and_then(|l| l.strip_suffix(b"\""))
        .unwrap_or(line);
    if let [s, e, p, b'=', sep] = hint {
        if [s, e, p].map(u8::to_ascii_lowercase) == [b's', b'e', b'p']
            && (sep.is_ascii_punctuation() || *sep == b'\t')
            && *sep != b'"'
        {
            return (*sep, end);
        }
    }
    let semicolon = memchr::memchr(b';', line).is_some();
    if semicolon && memchr::memchr(b',', line).is_none() {
        (b';', 0)
    } else {
        (b',', 0)
    }
}

/// The error for a failed read: a problem the guard found, bad bytes in the file's
/// encoding (at `line`, the guard's line), or an I/O error.
fn csv_error(path: &Path, line: u64, e: &csv::Error) -> InputError {
    match e.kind() {
        csv::ErrorKind::Io(io) => {
            if let Some(p) = io.get_ref().and_then(|e| e.downcast_ref::<Problem>()) {
                InputError::at_line(path, p.line, p.message.clone())
            } else if let Some(d) = DecodeError::of(io) {
                InputError::at_line(path, line, d.to_string())
            } else {
                InputError::io(path, io::Error::new(io.kind(), io.to_string()))
            }
        }
        _ => {
            let line = e.position().map(|p| p.line()).unwrap_or(line);
            InputError::at_line(path, line, e.to_string())
        }
    }
}

/// A problem the [`Guard`] found, at a line.
#[derive(Debug, thiserror::Error)]
#[error("line {line}: {message}")]
struct Problem {
    line: u64,
    message: String,
}

/// Where the guard is in the CSV grammar.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    /// At the start of a cell (a quote here opens a quoted cell).
    CellStart,
    /// Inside a cell that is not quoted.
    Unquoted,
    /// Inside a quoted cell.
    Quoted,
    /// Just after a quote inside a quoted cell: it closed the cell, or a second quote follows.
    QuoteInQuoted,
}

/// Passes the bytes of a table to the parser, checking them on the way (see the module
/// documentation). A problem ends the bytes handed out just before it; the next read fails
/// with it, so the rows before the problem are parsed (and their errors reported) first.
struct Guard<R> {
    inner: R,
    quoting: bool,
    delimiter: u8,
    state: State,
    /// The current line (1-based).
    line: u64,
    /// The line where the current row began, and its bytes so far.
    row_line: u64,
    row_bytes: usize,
    /// The current cell (1-based) and its bytes so far.
    column: usize,
    cell_bytes: usize,
    /// The line of the quote that opened the current quoted cell.
    quote_line: u64,
    /// The bytes that can change the state: NUL, line ends, the delimiter, and the quote in CSV.
    special: [bool; 256],
    failed: Option<Problem>,
    /// An error met before the first read (while looking for the separator), returned by it.
    pending: Option<io::Error>,
    /// The line each row passed on begins on, until [`Records`] takes it with the row (so
    /// only the rows of the parser's buffer wait here). The parser skips empty lines, and
    /// so do these.
    rows: VecDeque<u64>,
}

impl<R: Read> Guard<R> {
    fn new(inner: R, quoting: bool, delimiter: u8) -> Self {
        Guard {
            inner,
            quoting,
            delimiter,
            state: State::CellStart,
            line: 1,
            row_line: 1,
            row_bytes: 0,
            column: 1,
            cell_bytes: 0,
            quote_line: 0,
            special: {
                let mut special = [false; 256];
                for b in [0, b'\n', b'\r', delimiter] {
                    special[b as usize] = true;
                }
                special[b'"' as usize] = quoting;
                special
            },
            failed: None,
            pending: None,
            rows: VecDeque::new(),
        }
    }

    /// Follows `chunk`; the offset of the first bad byte and what is wrong with it.
    fn scan(&mut self, chunk: &[u8]) -> Result<(), (usize, Problem)> {
        let mut i = 0;
        while i < chunk.len() {
            // A run of ordinary bytes (none of NUL, line ends, quote, delimiter) moves no
            // state but the counts: taken in one step unless it reaches the row limit, since
            // this scan sees every byte of a table.
            let run = chunk[i..]
                .iter()
                .position(|&b| self.special[b as usize])
                .unwrap_or(chunk.len() - i);
            if run > 0 && self.row_bytes + run <= MAX_LINE_BYTES {
                if self.row_bytes == 0 {
                    self.row_line = self.line;
                    self.rows.push_back(self.line);
                }
                self.row_bytes += run;
                self.cell_bytes += run;
                if !matches!(self.state, State::Quoted) {
                    self.state = State::Unquoted;
                }
                i += run;
                continue;
            }
            let end = if run > 0 { i + run } else { i + 1 };
            self.scan_bytes(chunk, i, end)?;
            i = end;
        }
        Ok(())
    }

    /// Follows `chunk[from..end]` byte by byte (see [`Guard::scan`]).
    fn scan_bytes(
        &mut self,
        chunk: &[u8],
        from: usize,
        end: usize,
    ) -> Result<(), (usize, Problem)> {
        for (i, &b) in chunk.iter().enumerate().take(end).skip(from) {
            if b == 0 {
                let message = format!(
                    "NUL byte in column {} (byte {}): {}",
                    self.column,
                    self.cell_bytes + 1,
                    nul_advice(chunk)
                );
                return Err((
                    i,
                    Problem {
                        line: self.line,
                        message,
                    },
                ));
            }
            let quoted = matches!(self.state, State::Quoted);
            let ends_row = !quoted && (b == b'\n' || b == b'\r');
            if ends_row {
                self.row_bytes = 0;
            } else {
                if self.row_bytes == 0 {
                    self.row_line = self.line;
                    self.rows.push_back(self.line);
                }
                self.row_bytes += 1;
                if self.row_bytes > MAX_LINE_BYTES {
                    return Err((i, self.row_too_long()));
                }
            }
            self.state = match (self.state, b) {
                (State::Quoted, b'"') => State::QuoteInQuoted,
                (State::Quoted, _) => State::Quoted,
                (State::CellStart, b'"') if self.quoting => {
                    self.quote_line = self.line;
                    State::Quoted
                }
                (State::QuoteInQuoted, b'"') => State::Quoted,
                (_, b'\n' | b'\r') => {
                    self.column = 1;
                    self.cell_bytes = 0;
                    State::CellStart
                }
                (_, d) if d == self.delimiter => {
                    self.column += 1;
                    self.cell_bytes = 0;
                    State::CellStart
                }
                _ => State::Unquoted,
            };
            if !matches!(self.state, State::CellStart) {
                self.cell_bytes += 1;
            }
            if b == b'\n' {
                self.line += 1;
            }
        }
        Ok(())
    }

    fn row_too_long(&self) -> Problem {
        if matches!(self.state, State::Quoted) {
            Problem {
                line: self.quote_line,
                message: format!(
                    "a quoted cell runs past {} from the quote on this line: is a closing quote \
                     missing?",
                    size(MAX_LINE_BYTES)
                ),
            }
        } else {
            Problem {
                line: self.row_line,
                message: format!(
                    "the row beginning here runs past {} without a line break: is this a table?",
                    size(MAX_LINE_BYTES)
                ),
            }
        }
    }
}

impl<R: Read> Read for Guard<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if let Some(e) = self.pending.take() {
            return Err(e);
        }
        if let Some(p) = self.failed.take() {
            return Err(io::Error::new(io::ErrorKind::InvalidData, p));
        }
        let n = self.inner.read(buf)?;
        if n == 0 && matches!(self.state, State::Quoted) {
            let p = Problem {
                line: self.quote_line,
                message: format!(
                    "unterminated quote starting at line {}: the quoted cell runs to the end of \
                     the file (a quote inside a cell is written \"\")",
                    self.quote_line
                ),
            };
            return Err(io::Error::new(io::ErrorKind::InvalidData, p));
        }
        match self.scan(&buf[..n]) {
            Ok(()) => Ok(n),
            Err((0, p)) => Err(io::Error::new(io::ErrorKind::InvalidData, p)),
            Err((at, p)) => {
                self.failed = Some(p);
                Ok(at)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// The guard's shortcut over runs of ordinary bytes ends where following every
        /// byte ends: same state, counts, row lines and the same first error.
        #[test]
        fn runs_taken_at_once_end_where_byte_by_byte_ends(
            bytes in proptest::collection::vec(
                proptest::sample::select(vec![b'a', b'x', b',', b'"', b'\n', b'\r', b'\t', 0u8]),
                0..200,
            ),
            csv in any::<bool>(),
        ) {
            let delimiter = if csv { b',' } else { b'\t' };
            let mut fast = Guard::new(io::empty(), csv, delimiter);
            let mut slow = Guard::new(io::empty(), csv, delimiter);
            let a = fast.scan(&bytes).map_err(|(at, p)| (at, p.to_string()));
            let b = slow
                .scan_bytes(&bytes, 0, bytes.len())
                .map_err(|(at, p)| (at, p.to_string()));
            prop_assert_eq!(a.clone(), b);
            if a.is_ok() {
                prop_assert_eq!(fast.state, slow.state);
                prop_assert_eq!(
                    (fast.line, fast.row_line, fast.row_bytes, fast.column, fast.cell_bytes, fast.quote_line),
                    (slow.line, slow.row_line, slow.row_bytes, slow.column, slow.cell_bytes, slow.quote_line)
                );
                prop_assert_eq!(&fast.rows, &slow.rows);
            }
        }
    }

    fn records(dialect: Dialect, bytes: &[u8]) -> Result<Vec<Record>, InputError> {
        let mut r = Records::new(bytes, Path::new("t.csv"), dialect);
        let mut out = Vec::new();
        while let Some(rec) = r.next_record()? {
            out.push(rec);
        }
        Ok(out)
    }

    fn error(dialect: Dialect, bytes: &[u8]) -> String {
        records(dialect, bytes).unwrap_err().to_string()
    }

    #[test]
    fn records_come_with_the_line_they_begin_on() {
        let got = records(
            Dialect::Csv,
            b"\xEF\xBB\xBFen,kk\r\n\"multi\nline\",\"say \"\"hi\"\"\"\nlast,x",
        )
        .unwrap();
        assert_eq!(got.len(), 3);
        assert_eq!(got[1].0, 2);
        assert_eq!(got[1].1, ["multi\nline", "say \"hi\""]);
        assert_eq!(got[2].0, 4);
        let lines = |text: &[u8]| -> Vec<u64> {
            let got = records(Dialect::Tsv, text).unwrap();
            got.iter().map(|r| r.0).collect()
        };
        assert_eq!(lines(b"a\r\nb\r\n\r\nc\r\n"), [1, 2, 4]);
        assert_eq!(lines(b"a\nb\n\n\nc"), [1, 2, 5]);
        assert_eq!(lines(b"a\rb\rc\n"), [1, 1, 1]);
    }

    #[test]
    fn excel_semicolon_files_with_and_without_a_sep_hint_are_read() {
        let excel = "\u{feff}sep=;\r\nen;kk\r\n\"Police said; \"\"no\"\".\";Жоқ\r\n\"two\r\nlines\";екі\r\n";
        let got = records(Dialect::Csv, excel.as_bytes()).unwrap();
        let cells: Vec<(u64, Vec<&str>)> = got
            .iter()
            .map(|(l, c)| (*l, c.iter().map(String::as_str).collect()))
            .collect();
        assert_eq!(
            cells,
            vec![
                (2, vec!["en", "kk"]),
                (3, vec!["Police said; \"no\".", "Жоқ"]),
                (4, vec!["two\r\nlines", "екі"]),
            ]
        );
        let quoted_hint = records(Dialect::Csv, b"\"sep=|\"\nen|ru\nA;B|C\n").unwrap();
        assert_eq!(
            quoted_hint[1],
            (3, vec!["A;B".to_string(), "C".to_string()])
        );
        // Without a hint the header decides: semicolons and no comma.
        let plain = records(Dialect::Csv, b"en;ru\nA, b;C\n").unwrap();
        assert_eq!(plain[1].1, ["A, b", "C"]);
        let commas = records(Dialect::Csv, b"en,ru\nA;b,C\n").unwrap();
        assert_eq!(commas[1].1, ["A;b", "C"]);
        // Lines are counted from the hint on.
        let err = error(Dialect::Csv, b"sep=;\nen;ru\n\"A;B\n");
        assert!(err.contains("t.csv:3: unterminated quote"), "{err}");
    }

    #[test]
    fn excel_unicode_text_is_read_with_its_quotes_and_without_escapes() {
        let text = "en\tkk\r\n\"Roads closed:\nAlmaty\"\t\"Жабық:\nАлматы\"\r\n\
                    \"He said \"\"yes\"\".\"\ta\\nb\r\n";
        let mut bytes = vec![0xFF, 0xFE];
        for u in text.encode_utf16() {
            bytes.extend_from_slice(&u.to_le_bytes());
        }
        let got = records(Dialect::Tsv, &bytes).unwrap();
        assert_eq!(
            got[1],
            (
                2,
                vec!["Roads closed:\nAlmaty".into(), "Жабық:\nАлматы".into()]
            )
        );
        assert_eq!(got[2], (5, vec!["He said \"yes\".".into(), "a\\nb".into()]));
        // UTF-8 TSV keeps its own rules: quotes are text, escapes are undone.
        let utf8 = records(Dialect::Tsv, "en\tkk\n\"A\"\ta\\nb\n".as_bytes()).unwrap();
        assert_eq!(utf8[1].1, ["\"A\"", "a\nb"]);
    }

    #[test]
    fn an_unterminated_quote_names_the_line_it_starts_on() {
        let err = error(Dialect::Csv, b"en,kk\nA,B\n\"C,D\nE,F\nG,H\n");
        assert!(
            err.starts_with("t.csv:3: unterminated quote starting at line 3"),
            "{err}"
        );
        // A quote inside an unquoted cell is a character, as the parser reads it.
        let got = records(Dialect::Csv, b"en,kk\n5\" disk,x\n").unwrap();
        assert_eq!(got[1].1[0], "5\" disk");
        // TSV has no quoting at all.
        let got = records(Dialect::Tsv, b"en\tkk\n\"A\tB\n").unwrap();
        assert_eq!(got[1].1[0], "\"A");
    }

    #[test]
    fn rows_before_a_bad_byte_are_read_first() {
        let mut r = Records::new(
            &b"en\tkk\nA\tB\nC\tD\0\n"[..],
            Path::new("t.tsv"),
            Dialect::Tsv,
        );
        assert_eq!(r.next_record().unwrap().unwrap().0, 1);
        assert_eq!(r.next_record().unwrap().unwrap().0, 2);
        let err = r.next_record().unwrap_err().to_string();
        assert_eq!(
            err,
            "t.tsv:3: NUL byte in column 2 (byte 2): this is not a text file"
        );
    }

    #[test]
    fn utf16_tables_are_read_and_bad_utf16_names_its_line() {
        let mut bytes = vec![0xFF, 0xFE];
        for u in "en\tkk\nAlmaty\tАлматы\n".encode_utf16() {
            bytes.extend_from_slice(&u.to_le_bytes());
        }
        let got = records(Dialect::Tsv, &bytes).unwrap();
        assert_eq!(got[1].1, ["Almaty", "Алматы"]);
        bytes.extend_from_slice(&0xDC00u16.to_le_bytes());
        let err = error(Dialect::Tsv, &bytes);
        assert!(
            err.starts_with("t.csv:3: invalid UTF-16LE at byte"),
            "{err}"
        );
        let no_bom: Vec<u8> = "en\tkk\n"
            .encode_utf16()
            .flat_map(u16::to_le_bytes)
            .collect();
        let err = error(Dialect::Tsv, &no_bom);
        assert!(err.contains("UTF-16 without a byte-order mark"), "{err}");
    }

    #[test]
    fn a_gigabyte_of_nul_fails_after_one_chunk() {
        let zeros = std::io::repeat(0).take(1 << 30);
        let mut r = Records::new(BufReader::new(zeros), Path::new("z.tsv"), Dialect::Tsv);
        let err = r.next_record().unwrap_err().to_string();
        assert!(err.starts_with("z.tsv:1: NUL byte in column 1"), "{err}");
        let read = r.bytes_read().load(std::sync::atomic::Ordering::Relaxed);
        assert!(read <= 1 << 16, "read {read} bytes");
    }

    #[test]
    fn long_rows_and_cells_are_refused_at_their_line() {
        let long = std::io::repeat(b'a').take(1 << 30);
        let head = &b"en\tkk\nA\tB\n"[..];
        let mut r = Records::new(
            BufReader::new(head.chain(long)),
            Path::new("l.tsv"),
            Dialect::Tsv,
        );
        r.next_record().unwrap();
        r.next_record().unwrap();
        let err = r.next_record().unwrap_err().to_string();
        assert!(
            err.starts_with("l.tsv:3: the row beginning here runs past 4 MB"),
            "{err}"
        );
        let read = r.bytes_read().load(std::sync::atomic::Ordering::Relaxed);
        assert!(
            read <= (MAX_LINE_BYTES + (1 << 17)) as u64,
            "read {read} bytes"
        );

        let quoted = [&b"en,kk\n\"open\n"[..], &vec![b'b'; MAX_LINE_BYTES]].concat();
        let err = error(Dialect::Csv, &quoted);
        assert!(
            err.starts_with("t.csv:2: a quoted cell runs past 4 MB"),
            "{err}"
        );

        let cell = format!("en\tkk\nA\t{}\n", "c".repeat(MAX_SEGMENT_BYTES + 1));
        let err = error(Dialect::Tsv, cell.as_bytes());
        assert!(
            err.starts_with("t.csv:2: a cell (column 2) of 1048577 bytes"),
            "{err}"
        );
    }
}
