//! Plain-text reports and parallel reports (`NAME.en.txt` + `NAME.kk.txt` + `NAME.ru.txt`).
//!
//! Paragraphs are separated by blank lines. Parallel files are paired paragraph by
//! paragraph, then sentence by sentence inside each paragraph; any difference in counts
//! fails the import. Files are streamed a paragraph at a time.

use std::collections::BTreeMap;
use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

use super::{ImportError, Options, Progress, Result, Summary};
use crate::segment::{Segment, Segmenter};
use crate::store::{canonical_lang, Occurrence, Tx, UnitInput, VariantInput};
use crate::text::sentence_hash;

/// A report and its translations, imported together.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParallelSet {
    /// The source-language report.
    pub source: PathBuf,
    /// Its language.
    pub src_lang: String,
    /// Translations: (language, file).
    pub targets: Vec<(String, PathBuf)>,
}

/// The language of a file named `NAME.LANG.txt`, if its name says.
pub fn lang_from_name(path: &Path) -> Option<String> {
    let name = path.file_name()?.to_str()?;
    let stem = name.strip_suffix(".txt")?;
    let (_, tag) = stem.rsplit_once('.')?;
    crate::lang::is_valid(tag).then(|| crate::lang::canonical(tag))
}

/// Finds the report sets in a directory: every `NAME.<src_lang>.txt` with the
/// `NAME.<lang>.txt` files beside it. Other files are ignored. Sorted by name.
pub fn sets_in_dir(dir: &Path, src_lang: &str) -> Result<Vec<ParallelSet>> {
    let src_lang = canonical_lang(src_lang).map_err(|e| ImportError::store(dir, e))?;
    let mut groups: BTreeMap<String, Vec<(String, PathBuf)>> = BTreeMap::new();
    let entries = std::fs::read_dir(dir).map_err(|e| ImportError::io(dir, e))?;
    for entry in entries {
        let entry = entry.map_err(|e| ImportError::io(dir, e))?;
        let path = entry.path();
        if !path.is_file() {
            continue;
        }
        let Some(lang) = lang_from_name(&path) else {
            continue;
        };
        let Some(name) = path.file_name().and_then(|n| n.to_str()) else {
            continue;
        };
        // NAME.LANG.txt → NAME
        let base = name[..name.len() - ".txt".len()]
            .rsplit_once('.')
            .map(|(b, _)| b.to_string())
            .unwrap_or_default();
        groups.entry(base).or_default().push((lang, path));
    }
    let mut sets = Vec::new();
    for (base, mut files) in groups {
        files.sort();
        let Some(pos) = files
            .iter()
            .position(|(l, _)| l.eq_ignore_ascii_case(&src_lang))
        else {
            let (_, first) = &files[0];
            return Err(ImportError::file(
                first,
                format!("no source file {base}.{src_lang}.txt beside it"),
            ));
        };
        let (_, source) = files.remove(pos);
        sets.push(ParallelSet {
            source,
            src_lang: src_lang.clone(),
            targets: files,
        });
    }
    if sets.is_empty() {
        return Err(ImportError::file(
            dir,
            format!("no reports named NAME.{src_lang}.txt in this directory"),
        ));
    }
    Ok(sets)
}

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
    pub fn next_paragraph(&mut self, progress: &mut dyn Progress) -> Result<Option<Paragraph>> {
        let mut text = String::new();
        let mut first_line = 0;
        while !self.done {
            self.buf.clear();
            let n = self
                .reader
                .read_until(b'\n', &mut self.buf)
                .map_err(|e| ImportError::io(&self.path, e))?;
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
                return Err(ImportError::at_line(
                    &self.path,
                    self.line,
                    format!("NUL byte at column {}: this is not a text file", col + 1),
                ));
            }
            let line = std::str::from_utf8(bytes).map_err(|e| {
                ImportError::at_line(
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

fn open(path: &Path) -> Result<BufReader<File>> {
    File::open(path)
        .map(|f| BufReader::with_capacity(1 << 16, f))
        .map_err(|e| ImportError::io(path, e))
}

/// SHA-256 of a file, streamed; fails on an empty file.
pub fn file_sha256(path: &Path) -> Result<String> {
    use sha2::{Digest, Sha256};
    let mut f = open(path)?;
    let mut h = Sha256::new();
    let mut buf = vec![0u8; 1 << 16];
    let mut total = 0u64;
    loop {
        let n = f.read(&mut buf).map_err(|e| ImportError::io(path, e))?;
        if n == 0 {
            break;
        }
        total += n as u64;
        h.update(&buf[..n]);
    }
    if total == 0 {
        return Err(ImportError::file(
            path,
            "the file is empty: nothing to import",
        ));
    }
    Ok(h.finalize().iter().map(|b| format!("{b:02x}")).collect())
}

/// The first few words of a text, for error messages.
fn first_words(s: &str) -> String {
    let words: Vec<&str> = s.split_whitespace().take(6).collect();
    let mut out = words.join(" ");
    if s.split_whitespace().nth(6).is_some() {
        out.push('…');
    }
    out
}

/// One language's side of a parallel reading.
struct Side {
    lang: String,
    path: PathBuf,
    paragraphs: Paragraphs<BufReader<File>>,
    segmenter: Segmenter,
}

/// A paragraph read from every file of a parallel set, each split into sentences; the
/// sentence counts agree.
#[derive(Debug, Clone)]
pub struct AlignedParagraph {
    /// 1-based paragraph number.
    pub number: i64,
    /// The paragraph of each file, in the order the files were given.
    pub paragraphs: Vec<Paragraph>,
    /// The sentences of each paragraph, as byte ranges into its text.
    pub sentences: Vec<Vec<Segment>>,
}

impl AlignedParagraph {
    /// The text of sentence `k` of file `i`.
    pub fn sentence(&self, i: usize, k: usize) -> &str {
        self.sentences[i][k].text(&self.paragraphs[i].text)
    }

    /// How many sentences each paragraph holds.
    pub fn len(&self) -> usize {
        self.sentences[0].len()
    }

    /// Whether the paragraphs hold no sentence (never, for a paragraph read from a file).
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// Reads a report and its translations in step, a paragraph at a time, and fails (naming
/// files, paragraph, lines and first words) when paragraph or sentence counts differ.
/// Import and the glossary check both read parallel reports through it.
pub struct ParallelReader {
    sides: Vec<Side>,
    number: i64,
}

impl ParallelReader {
    /// Opens `files` (language, path); the first is the source.
    pub fn open(files: &[(String, PathBuf)], abbreviations: &[String]) -> Result<Self> {
        let mut sides = Vec::with_capacity(files.len());
        for (lang, path) in files {
            sides.push(Side {
                lang: lang.clone(),
                path: path.clone(),
                paragraphs: Paragraphs::new(open(path)?, path),
                segmenter: Segmenter::new(lang).with_abbreviations(abbreviations),
            });
        }
        Ok(ParallelReader { sides, number: 0 })
    }

    /// The language of file `i`.
    pub fn lang(&self, i: usize) -> &str {
        &self.sides[i].lang
    }

    /// The path of file `i`.
    pub fn path(&self, i: usize) -> &Path {
        &self.sides[i].path
    }

    /// How many files are read in step.
    pub fn files(&self) -> usize {
        self.sides.len()
    }

    /// The next aligned paragraph, `None` when every file has ended.
    pub fn next_paragraph(
        &mut self,
        progress: &mut dyn Progress,
    ) -> Result<Option<AlignedParagraph>> {
        let mut paras = Vec::with_capacity(self.sides.len());
        for side in self.sides.iter_mut() {
            paras.push(side.paragraphs.next_paragraph(progress)?);
        }
        if paras.iter().all(Option::is_none) {
            return Ok(None);
        }
        self.number += 1;
        let number = self.number;
        if let Some(missing) = paras.iter().position(Option::is_none) {
            return Err(paragraph_count_mismatch(
                &mut self.sides,
                &paras,
                missing,
                number,
                progress,
            ));
        }
        let paragraphs: Vec<Paragraph> = paras.into_iter().flatten().collect();
        let sentences: Vec<Vec<Segment>> = self
            .sides
            .iter()
            .zip(&paragraphs)
            .map(|(side, p)| side.segmenter.split(&p.text))
            .collect();
        for (i, side) in self.sides.iter().enumerate().skip(1) {
            if sentences[i].len() != sentences[0].len() {
                return Err(ImportError::file(
                    &side.path,
                    format!(
                        "paragraph {number} has {} sentence(s) in {} (line {}: “{}”) but {} in {} (line {}: “{}”); \
                         parallel reports must match sentence for sentence",
                        sentences[0].len(),
                        self.sides[0].path.display(),
                        paragraphs[0].line,
                        first_words(&paragraphs[0].text),
                        sentences[i].len(),
                        side.path.display(),
                        paragraphs[i].line,
                        first_words(&paragraphs[i].text),
                    ),
                ));
            }
        }
        Ok(Some(AlignedParagraph {
            number,
            paragraphs,
            sentences,
        }))
    }
}

/// A sentence waiting for its successor (whose hash it records as context).
struct Pending {
    source: String,
    targets: Vec<VariantInput>,
    paragraph: i64,
    sentence: i64,
    prev_hash: Option<String>,
}

/// Imports one report, or a report with its translations, into `tx`.
/// Skips the set (counting it in `documents_skipped`) when no file changed since the last import.
pub fn import_set(
    tx: &mut Tx<'_>,
    set: &ParallelSet,
    opts: &Options,
    progress: &mut dyn Progress,
) -> Result<Summary> {
    let mut summary = Summary::default();
    let src_lang = canonical_lang(&set.src_lang).map_err(|e| ImportError::store(&set.source, e))?;
    let mut files = vec![(src_lang.clone(), set.source.clone())];
    for (lang, path) in &set.targets {
        let lang = canonical_lang(lang).map_err(|e| ImportError::store(path, e))?;
        if lang == src_lang {
            return Err(ImportError::file(
                path,
                format!("target language {lang} is the source language"),
            ));
        }
        files.push((lang, path.clone()));
    }
    let mut shas = Vec::with_capacity(files.len());
    let mut unchanged = true;
    for (lang, path) in &files {
        let sha = file_sha256(path)?;
        let known = tx
            .document(&path_key(path), lang)
            .map_err(|e| ImportError::store(path, e))?;
        unchanged &= known.is_some_and(|d| d.sha256 == sha);
        shas.push(sha);
    }
    if unchanged {
        summary.documents_skipped += files.len() as u64;
        let size: u64 = files
            .iter()
            .map(|(_, p)| std::fs::metadata(p).map(|m| m.len()).unwrap_or(0))
            .sum();
        progress.advance(size);
        return Ok(summary);
    }
    let mut doc_id = 0;
    for (i, ((lang, path), sha)) in files.iter().zip(&shas).enumerate() {
        let id = tx
            .record_document(&path_key(path), lang, sha)
            .map_err(|e| ImportError::store(path, e))?;
        if i == 0 {
            doc_id = id;
        }
    }
    let mut reader = ParallelReader::open(&files, &opts.abbreviations)?;
    let mut pending: Option<Pending> = None;
    let mut prev_hash: Option<String> = None;
    while let Some(para) = reader.next_paragraph(progress)? {
        for k in 0..para.len() {
            let source = para.sentence(0, k);
            let hash = sentence_hash(source);
            if let Some(p) = pending.take() {
                store_pending(
                    tx,
                    &set.source,
                    &src_lang,
                    doc_id,
                    p,
                    Some(hash.clone()),
                    &mut summary,
                )?;
            }
            let targets = (1..reader.files())
                .map(|i| VariantInput {
                    lang: reader.lang(i).to_string(),
                    text: para.sentence(i, k).to_string(),
                    ..Default::default()
                })
                .collect();
            pending = Some(Pending {
                source: source.to_string(),
                targets,
                paragraph: para.number,
                sentence: k as i64 + 1,
                prev_hash: prev_hash.replace(hash),
            });
        }
    }
    match pending {
        Some(p) => store_pending(tx, &set.source, &src_lang, doc_id, p, None, &mut summary)?,
        None => {
            return Err(ImportError::file(
                &set.source,
                "the file holds only whitespace: nothing to import",
            ))
        }
    }
    Ok(summary)
}

fn store_pending(
    tx: &mut Tx<'_>,
    path: &Path,
    src_lang: &str,
    doc_id: i64,
    p: Pending,
    next_hash: Option<String>,
    summary: &mut Summary,
) -> Result<()> {
    let input = UnitInput {
        src_lang: src_lang.to_string(),
        source: p.source,
        targets: p.targets,
        ..Default::default()
    };
    let (id, change) = tx
        .upsert_unit(&input)
        .map_err(|e| ImportError::store(path, e))?;
    tx.add_occurrence(
        id,
        &Occurrence {
            document_id: doc_id,
            paragraph: p.paragraph,
            sentence: p.sentence,
            prev_hash: p.prev_hash,
            next_hash,
        },
    )
    .map_err(|e| ImportError::store(path, e))?;
    summary.record(change);
    Ok(())
}

/// Builds the error for files with different paragraph counts, counting both to the end.
fn paragraph_count_mismatch(
    sides: &mut [Side],
    paras: &[Option<Paragraph>],
    missing: usize,
    number: i64,
    progress: &mut dyn Progress,
) -> ImportError {
    let longer = paras.iter().position(Option::is_some).unwrap_or(0);
    let mut counts = vec![number - 1; sides.len()];
    for (i, side) in sides.iter_mut().enumerate() {
        if paras[i].is_some() {
            counts[i] = number;
            while let Ok(Some(_)) = side.paragraphs.next_paragraph(progress) {
                counts[i] += 1;
            }
        }
    }
    let extra = paras[longer]
        .as_ref()
        .map(|p| (p.line, first_words(&p.text)));
    let (line, words) = extra.unwrap_or((0, String::new()));
    ImportError::file(
        &sides[missing].path,
        format!(
            "{} has {} paragraph(s) but {} has {}; paragraph {number} of {} (line {line}: “{words}”) \
             has no counterpart",
            sides[longer].path.display(),
            counts[longer],
            sides[missing].path.display(),
            counts[missing],
            sides[longer].path.display(),
        ),
    )
}

/// The key a document is recorded under: its path as given, with `/` separators.
pub fn path_key(path: &Path) -> String {
    path.to_string_lossy().replace('\\', "/")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::NoProgress;

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
    fn language_comes_from_the_file_name() {
        assert_eq!(
            lang_from_name(Path::new("a/report.en.txt")).as_deref(),
            Some("en")
        );
        assert_eq!(
            lang_from_name(Path::new("r.kk-kz.txt")).as_deref(),
            Some("kk-KZ")
        );
        assert_eq!(lang_from_name(Path::new("report.txt")), None);
    }
}
