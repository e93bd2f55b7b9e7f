//! Tables: TSV and CSV files with a header row of language codes (`en<TAB>kk<TAB>ru`),
//! read row by row ([`TableReader`]).
//!
//! The first column is the source unless the reader is given another language. An empty
//! cell means "no variant". A column whose header begins with `#` (`#confidence`, `#note`)
//! is a reviewer's column and is not read (`tmkit align --tsv` writes two). CSV follows RFC 4180 quoting (separated by
//! commas, or by semicolons as Excel writes them in some locales); TSV has no quoting and
//! uses the escapes `\t`, `\n`, `\r` and `\\` inside cells (the form `tmkit export --format
//! tsv` writes), except in UTF-16, Excel's "Unicode Text", which quotes cells as CSV does.

use std::fs::File;
use std::io::BufReader;
use std::path::Path;
use std::sync::atomic::AtomicU64;
use std::sync::Arc;

use super::{InputError, Records, TextEncoding};
use crate::store::canonical_lang;

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
pub(crate) fn tsv_unescape(s: &str) -> std::borrow::Cow<'_, str> {
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

/// One row of a table: its line, the source cell and the non-empty target cells, with
/// TSV escapes undone; texts as they are in the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    /// 1-based line number.
    pub line: u64,
    /// The source cell.
    pub source: String,
    /// (language, text) of every non-empty target cell, in column order.
    pub targets: Vec<(String, String)>,
}

/// Reads a table row by row, streaming, through [`Records`]: checks the header of language
/// codes, the encoding (UTF-8, or UTF-16 with a BOM), NUL bytes, quotes, sizes and the column
/// count, and names the file and line of any problem. Import and the glossary check both read
/// tables through it.
pub struct TableReader {
    records: Records<BufReader<File>>,
    langs: Vec<String>,
    src_col: usize,
}

impl TableReader {
    /// Opens `path` and reads its header. The source column is `src_lang`'s (an exact tag,
    /// else the same primary language), else the first column.
    pub fn open(path: &Path, dialect: Dialect, src_lang: Option<&str>) -> Result<Self, InputError> {
        TableReader::open_in(path, dialect, src_lang, TextEncoding::UTF_8)
    }

    /// [`TableReader::open`] for a file in `encoding` (unless its BOM says otherwise).
    pub fn open_in(
        path: &Path,
        dialect: Dialect,
        src_lang: Option<&str>,
        encoding: TextEncoding,
    ) -> Result<Self, InputError> {
        let mut records = Records::open_in(path, dialect, encoding)?;
        let Some((line, cells)) = records.next_record()? else {
            return Err(InputError::file(path, "the file is empty: nothing to read"));
        };
        let (langs, src_col) = header(path, line, &cells, src_lang)?;
        Ok(TableReader {
            records,
            langs,
            src_col,
        })
    }

    /// A counter of the bytes read so far (for a progress bar on another thread).
    pub fn bytes_read(&self) -> Arc<AtomicU64> {
        self.records.bytes_read()
    }

    /// The language of each column (canonical tags; empty for a `#` column).
    pub fn langs(&self) -> &[String] {
        &self.langs
    }

    /// The source column's language.
    pub fn source_lang(&self) -> &str {
        &self.langs[self.src_col]
    }

    /// The next row with text, `None` at the end; blank rows are skipped, a row with
    /// translations but no source is an error.
    pub fn next_row(&mut self) -> Result<Option<Row>, InputError> {
        while let Some((line, mut cells)) = self.records.next_record()? {
            let path = self.records.path();
            if cells.len() != self.langs.len() {
                return Err(InputError::at_line(
                    path,
                    line,
                    format!(
                        "{} column(s) where the header has {}",
                        cells.len(),
                        self.langs.len()
                    ),
                ));
            }
            let source = &cells[self.src_col];
            if source.trim().is_empty() {
                if cells.iter().all(|c| c.trim().is_empty()) {
                    continue;
                }
                return Err(InputError::at_line(
                    path,
                    line,
                    format!("the source ({}) cell is empty", self.source_lang()),
                ));
            }
            // The cells are moved into the row, not copied.
            let source = std::mem::take(&mut cells[self.src_col]);
            let targets = cells
                .into_iter()
                .enumerate()
                .filter(|(i, c)| {
                    *i != self.src_col && !self.langs[*i].is_empty() && !c.trim().is_empty()
                })
                .map(|(i, c)| (self.langs[i].clone(), c))
                .collect();
            return Ok(Some(Row {
                line,
                source,
                targets,
            }));
        }
        Ok(None)
    }
}

/// Reads the header row: canonical language tags and the source column.
fn header(
    path: &Path,
    line: u64,
    cells: &[String],
    src_lang: Option<&str>,
) -> Result<(Vec<String>, usize), InputError> {
    let mut langs: Vec<String> = Vec::with_capacity(cells.len());
    for (i, c) in cells.iter().enumerate() {
        if c.starts_with('#') {
            langs.push(String::new());
            continue;
        }
        let tag = canonical_lang(c).map_err(|e| {
            InputError::at_line(
                path,
                line,
                format!(
                    "column {} of the header is {c:?}, not a language code ({e}): the first row \
                     must name each column's language, e.g. en<TAB>kk<TAB>ru",
                    i + 1
                ),
            )
        })?;
        if langs.contains(&tag) {
            return Err(InputError::at_line(
                path,
                line,
                format!("language {tag} appears twice in the header"),
            ));
        }
        langs.push(tag);
    }
    if langs.iter().filter(|l| !l.is_empty()).count() < 2 {
        return Err(InputError::at_line(
            path,
            line,
            "the header names one language: a table needs a source and at least one target column \
             (for TSV separate them with tabs, for CSV with commas or semicolons)",
        ));
    }
    let src_col = match src_lang {
        Some(l) => {
            let l = crate::lang::canonical(l);
            langs
                .iter()
                .position(|x| *x == l)
                .or_else(|| {
                    let p = crate::lang::primary(&l);
                    langs.iter().position(|x| crate::lang::primary(x) == p)
                })
                .ok_or_else(|| {
                    InputError::at_line(path, line, format!("no {l} column in the header"))
                })?
        }
        None => langs.iter().position(|l| !l.is_empty()).unwrap_or(0),
    };
    Ok((langs, src_col))
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

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

    fn table(name: &str, text: &str) -> (tempfile::TempDir, PathBuf) {
        let d = tempfile::tempdir().unwrap();
        let p = d.path().join(name);
        std::fs::write(&p, text).unwrap();
        (d, p)
    }

    #[test]
    fn rows_come_with_their_line_and_non_empty_targets() {
        let (_d, p) = table(
            "t.tsv",
            "\u{feff}kk\ten\tru\n\n\t\t\nАлматы\tAlmaty\t\nа\\tб\tx\ty\n",
        );
        let mut t = TableReader::open(&p, Dialect::Tsv, Some("en-US")).unwrap();
        assert_eq!(t.langs(), ["kk", "en", "ru"]);
        assert_eq!(t.source_lang(), "en");
        let row = t.next_row().unwrap().unwrap();
        assert_eq!(row.line, 4);
        assert_eq!(row.source, "Almaty");
        assert_eq!(row.targets, vec![("kk".to_string(), "Алматы".to_string())]);
        let row = t.next_row().unwrap().unwrap();
        assert_eq!(row.targets[0].1, "а\tб");
        assert!(t.next_row().unwrap().is_none());
    }

    #[test]
    fn a_row_with_translations_but_no_source_names_its_line() {
        let (_d, p) = table("t.csv", "en,kk\nA,Б\n ,В\n");
        let mut t = TableReader::open(&p, Dialect::Csv, None).unwrap();
        t.next_row().unwrap();
        let err = t.next_row().unwrap_err().to_string();
        assert!(
            err.ends_with("t.csv:3: the source (en) cell is empty"),
            "{err}"
        );
    }

    #[test]
    fn columns_marked_with_a_hash_are_not_read() {
        let d = tempfile::tempdir().unwrap();
        let p = d.path().join("review.tsv");
        std::fs::write(&p, "en\tkk\t#confidence\t#bead\nOne.\tБір.\t0.42\t1:1\n").unwrap();
        let mut r = TableReader::open(&p, Dialect::Tsv, None).unwrap();
        let row = r.next_row().unwrap().unwrap();
        assert_eq!(row.source, "One.");
        assert_eq!(row.targets, vec![("kk".to_string(), "Бір.".to_string())]);
    }

    #[test]
    fn a_header_without_languages_is_refused() {
        let (_d, p) = table("h.tsv", "source\ttarget\nA\tB\n");
        let err = TableReader::open(&p, Dialect::Tsv, None)
            .err()
            .unwrap()
            .to_string();
        assert!(
            err.contains("h.tsv:1: column 1 of the header is \"source\""),
            "{err}"
        );
    }
}
