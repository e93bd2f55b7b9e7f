//! TSV and CSV tables with a header row of language codes (`en<TAB>kk<TAB>ru`).
//!
//! The first column is the source unless `Options::src_lang` names another one. An empty
//! cell means "no variant". CSV follows RFC 4180 quoting; TSV has no quoting and uses the
//! escapes `\t`, `\n`, `\r` and `\\` inside cells (the form `tmkit export --format tsv` writes).

use std::fs::File;
use std::io::{BufReader, Read};
use std::path::Path;

use super::{ImportError, Options, Progress, Result, Summary};
use crate::store::{canonical_lang, Tx, UnitInput, VariantInput};

/// Field separator of a table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dialect {
    /// Tab-separated, backslash escapes, no quoting.
    Tsv,
    /// Comma-separated, RFC 4180 quoting.
    Csv,
}

impl Dialect {
    /// The dialect a file's extension implies (`.tsv`, `.tab`, `.csv`).
    pub fn from_path(path: &Path) -> Option<Dialect> {
        match path.extension()?.to_str()?.to_ascii_lowercase().as_str() {
            "tsv" | "tab" => Some(Dialect::Tsv),
            "csv" => Some(Dialect::Csv),
            _ => None,
        }
    }
}

/// Undoes the TSV escapes `\t`, `\n`, `\r`, `\\` (other backslashes stay as they are).
pub fn tsv_unescape(s: &str) -> std::borrow::Cow<'_, str> {
    if !s.contains('\\') {
        return std::borrow::Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('t') => out.push('\t'),
            Some('n') => out.push('\n'),
            Some('r') => out.push('\r'),
            Some('\\') => out.push('\\'),
            Some(other) => {
                out.push('\\');
                out.push(other);
            }
            None => out.push('\\'),
        }
    }
    std::borrow::Cow::Owned(out)
}

/// Applies the TSV escapes so that a cell holds no tab or line break.
pub fn tsv_escape(s: &str) -> std::borrow::Cow<'_, str> {
    if !s.contains(['\t', '\n', '\r', '\\']) {
        return std::borrow::Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\\' => out.push_str("\\\\"),
            c => out.push(c),
        }
    }
    std::borrow::Cow::Owned(out)
}

/// Counts bytes read, for the progress bar.
struct Counting<'p, R> {
    inner: R,
    progress: &'p mut dyn Progress,
}

impl<R: Read> Read for Counting<'_, R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.progress.advance(n as u64);
        Ok(n)
    }
}

/// Imports a TSV or CSV table into `tx`.
pub fn import(
    tx: &mut Tx<'_>,
    path: &Path,
    dialect: Dialect,
    opts: &Options,
    progress: &mut dyn Progress,
) -> Result<Summary> {
    let file = File::open(path).map_err(|e| ImportError::io(path, e))?;
    if file.metadata().map(|m| m.len()).unwrap_or(1) == 0 {
        return Err(ImportError::file(
            path,
            "the file is empty: nothing to import",
        ));
    }
    let mut reader = BufReader::with_capacity(1 << 16, file);
    // Skip a UTF-8 BOM.
    let mut bom = [0u8; 3];
    let mut head = Vec::new();
    let n = reader
        .by_ref()
        .take(3)
        .read(&mut bom)
        .map_err(|e| ImportError::io(path, e))?;
    if bom[..n] != *b"\xEF\xBB\xBF" {
        head.extend_from_slice(&bom[..n]);
    }
    progress.advance(n as u64);
    let input = Counting {
        inner: std::io::Cursor::new(head).chain(reader),
        progress,
    };
    let mut builder = csv::ReaderBuilder::new();
    builder.has_headers(false).flexible(false);
    if dialect == Dialect::Tsv {
        builder.delimiter(b'\t').quoting(false);
    }
    let mut rdr = builder.from_reader(input);

    let mut record = csv::ByteRecord::new();
    let mut langs: Vec<String> = Vec::new();
    let mut src_col = 0;
    let mut summary = Summary::default();
    let mut first = true;
    loop {
        let more = rdr
            .read_byte_record(&mut record)
            .map_err(|e| csv_error(path, &e))?;
        if !more {
            break;
        }
        let line = record.position().map(|p| p.line()).unwrap_or(0);
        let mut cells = Vec::with_capacity(record.len());
        for (i, raw) in record.iter().enumerate() {
            if let Some(col) = memchr::memchr(0, raw) {
                return Err(ImportError::at_line(
                    path,
                    line,
                    format!("NUL byte in column {} (byte {})", i + 1, col + 1),
                ));
            }
            let cell = std::str::from_utf8(raw).map_err(|e| {
                ImportError::at_line(
                    path,
                    line,
                    format!(
                        "invalid UTF-8 in column {} at byte {} (save the file as UTF-8)",
                        i + 1,
                        e.valid_up_to() + 1
                    ),
                )
            })?;
            cells.push(cell);
        }
        if first {
            first = false;
            (langs, src_col) = header(path, line, &cells, opts)?;
            continue;
        }
        let cell = |i: usize| -> String {
            match dialect {
                Dialect::Tsv => tsv_unescape(cells[i]).into_owned(),
                Dialect::Csv => cells[i].to_string(),
            }
        };
        let source = cell(src_col);
        if source.trim().is_empty() {
            if cells.iter().all(|c| c.trim().is_empty()) {
                continue; // a blank line
            }
            return Err(ImportError::at_line(
                path,
                line,
                format!("the source ({}) cell is empty", langs[src_col]),
            ));
        }
        let targets = (0..cells.len())
            .filter(|&i| i != src_col && !cells[i].trim().is_empty())
            .map(|i| VariantInput {
                lang: langs[i].clone(),
                text: cell(i),
                ..Default::default()
            })
            .collect();
        let unit = UnitInput {
            src_lang: langs[src_col].clone(),
            source,
            targets,
            ..Default::default()
        };
        let (_, change) = tx.upsert_unit(&unit).map_err(|e| ImportError::AtLine {
            path: path.to_path_buf(),
            line,
            message: e.to_string(),
        })?;
        summary.record(change);
    }
    if first {
        return Err(ImportError::file(
            path,
            "the file is empty: nothing to import",
        ));
    }
    Ok(summary)
}

/// Reads the header row: canonical language tags and the source column.
fn header(path: &Path, line: u64, cells: &[&str], opts: &Options) -> Result<(Vec<String>, usize)> {
    let mut langs = Vec::with_capacity(cells.len());
    for (i, c) in cells.iter().enumerate() {
        let tag = canonical_lang(c).map_err(|_| {
            ImportError::at_line(
                path,
                line,
                format!(
                    "column {} of the header is {c:?}, not a language code: the first row must \
                     name each column's language, e.g. en<TAB>kk<TAB>ru",
                    i + 1
                ),
            )
        })?;
        if langs.contains(&tag) {
            return Err(ImportError::at_line(
                path,
                line,
                format!("language {tag} appears twice in the header"),
            ));
        }
        langs.push(tag);
    }
    if langs.len() < 2 {
        return Err(ImportError::at_line(
            path,
            line,
            "the header names one language: a table needs a source and at least one target column \
             (for TSV separate them with tabs, for CSV with commas)",
        ));
    }
    let src_col = match &opts.src_lang {
        Some(l) => {
            let l = crate::lang::canonical(l);
            langs.iter().position(|x| *x == l).ok_or_else(|| {
                ImportError::at_line(path, line, format!("no {l} column in the header"))
            })?
        }
        None => 0,
    };
    Ok((langs, src_col))
}

fn csv_error(path: &Path, e: &csv::Error) -> ImportError {
    let line = e.position().map(|p| p.line()).unwrap_or(0);
    let message = match e.kind() {
        csv::ErrorKind::UnequalLengths {
            expected_len, len, ..
        } => format!("{len} column(s) where the header has {expected_len}"),
        csv::ErrorKind::Io(io) => {
            return ImportError::io(path, std::io::Error::new(io.kind(), io.to_string()))
        }
        _ => e.to_string(),
    };
    ImportError::at_line(path, line, message)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tsv_escapes_round_trip() {
        for s in [
            "plain",
            "a\tb",
            "line\nbreak\r\n",
            "back\\slash",
            "\\n literal",
        ] {
            assert_eq!(tsv_unescape(&tsv_escape(s)), s);
        }
        assert!(!tsv_escape("a\tb\nc").contains(['\t', '\n']));
    }

    #[test]
    fn dialect_follows_extension() {
        assert_eq!(Dialect::from_path(Path::new("x.TSV")), Some(Dialect::Tsv));
        assert_eq!(Dialect::from_path(Path::new("x.csv")), Some(Dialect::Csv));
        assert_eq!(Dialect::from_path(Path::new("x.txt")), None);
    }
}
