//! Readers that turn check inputs into [`CheckUnit`]s: parallel reports
//! (`NAME.en.txt` + `NAME.kk.txt` + `NAME.ru.txt`) and directories of them, TSV/CSV tables
//! with a language header row, TMX and XLIFF files, and the TM database. Inputs are
//! recognized ([`InputKind::of`]) and read by the [`input`](crate::input) layer, as
//! `tmkit import` reads them.
//!
//! Parallel reports are paired as `tmkit import` pairs them: blank-line separated
//! paragraphs in order, then sentences 1:1 inside each paragraph (split by the segmenter);
//! different counts are an error naming the files, the paragraph and both counts. Units are
//! named `file:line` after the source sentence (TMX units: `tuid`, else `file:line`; TM
//! units: `tuid`, else `tm:ID`). XLIFF units are the finished translations `tmkit import`
//! would store.

use std::collections::HashSet;
use std::fs::File;
use std::io::BufRead;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::{advance, context_hashes, CheckUnit, Loc, Text};
use crate::formats::xml::{self, XmlError};
use crate::input::{
    self, Dialect, DirInputs, InputError, InputKind, NoProgress, ParallelReader, ParallelSet,
    TableReader, TextEncoding, TmxUnits, XliffUnits,
};
use crate::store::{canonical_context, UnitInput};
use crate::text::nfc;

/// How inputs are read.
#[derive(Debug, Clone)]
pub struct ReadOptions {
    /// Language of the source texts: reports `NAME.LANG.txt`, a table's source column, the
    /// source of TMX units that name none.
    pub source_lang: String,
    /// Encoding of text inputs (reports, tables) without a byte-order mark.
    pub encoding: TextEncoding,
    /// Target language of XLIFF jobs that name none (`target-language` is optional in
    /// XLIFF 1.2): `check --tgt`. A job that names one must name the same.
    pub xliff_tgt: Option<String>,
}

impl ReadOptions {
    /// Sources in `source_lang`, text in UTF-8, XLIFF jobs naming their target language.
    pub fn new(source_lang: &str) -> ReadOptions {
        ReadOptions {
            source_lang: source_lang.to_string(),
            encoding: TextEncoding::UTF_8,
            xliff_tgt: None,
        }
    }
}

/// Reads every input path into units, in the order given (directories sorted by name).
/// Text inputs (reports, tables) without a byte-order mark are read in `encoding`.
pub fn read_paths(
    paths: &[PathBuf],
    source_lang: &str,
    encoding: TextEncoding,
) -> Result<Vec<CheckUnit>, InputError> {
    let opts = ReadOptions {
        encoding,
        ..ReadOptions::new(source_lang)
    };
    read_paths_with(paths, &opts)
}

/// Reads every input path into units, in the order given (directories sorted by name),
/// as `opts` says.
pub fn read_paths_with(
    paths: &[PathBuf],
    opts: &ReadOptions,
) -> Result<Vec<CheckUnit>, InputError> {
    let mut units = Units::All(Vec::new());
    read_into(paths, opts, &mut units)?;
    Ok(match units {
        Units::All(all) => all,
        Units::Batches { .. } => Vec::new(), // not made here
    })
}

/// Reads the input paths as [`read_paths`] does, `batch` units at a time, calling `f` with
/// each batch: memory holds one batch (and what the readers hold: a line, a row, an XML
/// unit, a report paragraph), not the inputs.
pub fn read_paths_batches(
    paths: &[PathBuf],
    source_lang: &str,
    encoding: TextEncoding,
    batch: usize,
    f: impl FnMut(&[CheckUnit]),
) -> Result<(), InputError> {
    let opts = ReadOptions {
        encoding,
        ..ReadOptions::new(source_lang)
    };
    read_paths_batches_with(paths, &opts, batch, f)
}

/// Reads the input paths as [`read_paths_with`] does, `batch` units at a time, calling `f`
/// with each batch (see [`read_paths_batches`]).
pub fn read_paths_batches_with(
    paths: &[PathBuf],
    opts: &ReadOptions,
    batch: usize,
    f: impl FnMut(&[CheckUnit]),
) -> Result<(), InputError> {
    let mut f = f;
    let mut units = Units::Batches {
        batch: Vec::new(),
        size: batch.max(1),
        f: &mut f,
    };
    read_into(paths, opts, &mut units)?;
    units.flush();
    Ok(())
}

/// Where the readers put the units they read: all in one vector, or a batch at a time to a
/// function.
enum Units<'f> {
    All(Vec<CheckUnit>),
    Batches {
        batch: Vec<CheckUnit>,
        size: usize,
        f: &'f mut dyn FnMut(&[CheckUnit]),
    },
}

impl Units<'_> {
    fn push(&mut self, u: CheckUnit) {
        match self {
            Units::All(all) => all.push(u),
            Units::Batches { batch, size, f } => {
                batch.push(u);
                if batch.len() >= *size {
                    f(batch);
                    batch.clear();
                }
            }
        }
    }

    /// Hands over the last, incomplete batch.
    fn flush(&mut self) {
        if let Units::Batches { batch, f, .. } = self {
            if !batch.is_empty() {
                f(batch);
                batch.clear();
            }
        }
    }
}

fn read_into(
    paths: &[PathBuf],
    opts: &ReadOptions,
    units: &mut Units<'_>,
) -> Result<(), InputError> {
    // Report sets read so far (a set is named by each of its reports).
    let mut done_sets: HashSet<PathBuf> = HashSet::new();
    for p in paths {
        InputKind::refuse_pipe(p)?;
        match InputKind::of(p) {
            Some(InputKind::Dir) => read_dir(p, opts, units, &mut done_sets)?,
            Some(kind) => read_file(p, kind, opts, units, &mut done_sets)?,
            None => return Err(InputKind::refusal(p)),
        }
    }
    Ok(())
}

fn read_dir(
    dir: &Path,
    opts: &ReadOptions,
    units: &mut Units<'_>,
    done_sets: &mut HashSet<PathBuf>,
) -> Result<(), InputError> {
    let source_lang = opts.source_lang.as_str();
    let inputs = DirInputs::read(dir, source_lang)?;
    if inputs.is_empty() {
        return Err(InputError::file(
            dir,
            format!(
                "nothing to check: no NAME.{source_lang}.txt reports, .tsv/.csv tables, .tmx or \
                 XLIFF files"
            ),
        ));
    }
    for set in &inputs.sets {
        if done_sets.insert(set.source.clone()) {
            read_set(set, opts.encoding, units)?;
        }
    }
    for (f, kind) in &inputs.files {
        read_file(f, *kind, opts, units, done_sets)?;
    }
    Ok(())
}

/// Reads a file of the given kind (a report with the other reports of its set, unless the
/// set was read already).
fn read_file(
    path: &Path,
    kind: InputKind,
    opts: &ReadOptions,
    units: &mut Units<'_>,
    done_sets: &mut HashSet<PathBuf>,
) -> Result<(), InputError> {
    let (source_lang, encoding) = (opts.source_lang.as_str(), opts.encoding);
    match kind {
        InputKind::Dir => read_dir(path, opts, units, done_sets),
        InputKind::Report => {
            let set = ParallelSet::of_report(path, source_lang)?;
            if done_sets.insert(set.source.clone()) {
                read_set(&set, encoding, units)?;
            }
            Ok(())
        }
        InputKind::Table(d) => read_table(path, d, source_lang, encoding, units),
        InputKind::Tmx => read_tmx(path, source_lang, units),
        InputKind::Xliff => read_xliff(path, opts.xliff_tgt.as_deref(), units),
        InputKind::Database => read_tm(path, units),
    }
}

/// Reads one parallel set into units (paired as `tmkit import` pairs them).
fn read_set(
    set: &ParallelSet,
    encoding: TextEncoding,
    units: &mut Units<'_>,
) -> Result<(), InputError> {
    let files = set.files()?;
    let mut reader = ParallelReader::open_in(&files, &[], encoding)?;
    let names: Vec<Arc<Path>> = files.iter().map(|(_, p)| Arc::from(p.as_path())).collect();
    // The line of the previous source sentence: a later sentence on the same line is
    // named with its column too, so that every unit has a name of its own.
    let mut last_line = None;
    while let Some(para) = reader.next_paragraph(&mut NoProgress)? {
        for k in 0..para.len() {
            let text = |i: usize| {
                let p = &para.paragraphs[i];
                let seg = para.sentences[i][k];
                let (line, column) = advance(p.line, Some(1), &p.text[..seg.start]);
                Text {
                    lang: reader.lang(i).to_string(),
                    text: nfc(seg.text(&p.text)).into_owned(),
                    loc: Some(Loc {
                        file: names[i].clone(),
                        line,
                        column,
                    }),
                    contexts: Vec::new(),
                }
            };
            let source = text(0);
            let (line, column) = source
                .loc
                .as_ref()
                .map_or((0, None), |l| (l.line, l.column));
            let name = match column {
                Some(c) if last_line == Some(line) => {
                    format!("{}:{line}:{c}", set.source.display())
                }
                _ => format!("{}:{line}", set.source.display()),
            };
            last_line = Some(line);
            units.push(CheckUnit {
                name,
                targets: (1..files.len()).map(text).collect(),
                source,
            });
        }
    }
    Ok(())
}

/// Reads a TSV/CSV table whose header row names each column's language. The source is
/// the `source_lang` column, else the first one.
fn read_table(
    path: &Path,
    dialect: Dialect,
    source_lang: &str,
    encoding: TextEncoding,
    units: &mut Units<'_>,
) -> Result<(), InputError> {
    let mut table = TableReader::open_in(path, dialect, Some(source_lang), encoding)?;
    let file: Arc<Path> = Arc::from(path);
    let src = table.source_lang().to_string();
    while let Some(row) = table.next_row()? {
        let text = |lang: &str, t: &str| Text {
            lang: lang.to_string(),
            text: nfc(t.trim()).into_owned(),
            loc: Some(Loc {
                file: file.clone(),
                line: row.line,
                column: None,
            }),
            contexts: Vec::new(),
        };
        units.push(CheckUnit {
            name: format!("{}:{}", path.display(), row.line),
            source: text(&src, &row.source),
            targets: row.targets.iter().map(|(l, t)| text(l, t)).collect(),
        });
    }
    Ok(())
}

/// Reads a TMX file (1.1–1.4b, `xml:lang` or `lang`, UTF-8 or UTF-16) as `tmkit import`
/// reads it, streaming. Units are named by `tuid`, else `file:line` of their `<tu>`; the
/// source is the unit's or header's `srclang`, else `source_lang`.
fn read_tmx(path: &Path, source_lang: &str, units: &mut Units<'_>) -> Result<(), InputError> {
    let located = |e| InputError::in_xml(path, e);
    let mut reader = TmxUnits::new(input::open_xml(path)?, source_lang).map_err(located)?;
    let mut lines = LineCounter::open(path)?;
    while let Some(u) = reader.next_unit().map_err(located)? {
        let line = lines.at(u.offset)?;
        let name = u.unit.tuid.clone();
        units.push(check_unit(path, line, name, &u.unit));
    }
    Ok(())
}

/// Reads the translated segments of an XLIFF file (1.2 or 2.0) as `tmkit import
/// --include-unconfirmed` reads them (targets still to be reviewed included, untranslated
/// and untouched fuzzy pre-fills left out), streaming. Units are named `file:line` of their
/// start tag.
fn read_xliff(
    path: &Path,
    tgt_lang: Option<&str>,
    units: &mut Units<'_>,
) -> Result<(), InputError> {
    let located = |e: XmlError| InputError::in_xml(path, e);
    // Every target the translator wrote is checked, confirmed or still to be reviewed.
    let opts = input::XliffOptions {
        include_unconfirmed: true,
        tgt_lang: tgt_lang.map(str::to_string),
    };
    let mut reader = XliffUnits::new(input::open_xml(path)?, opts).map_err(located)?;
    let mut lines = LineCounter::open(path)?;
    // The segments of a 2.0 unit share its start: its line is counted once.
    let mut unit_line: Option<(u64, u64)> = None;
    while let Some(u) = reader.next_unit().map_err(located)? {
        let line = match unit_line {
            Some((offset, line)) if offset == u.offset => line,
            _ => lines.at(u.offset)?,
        };
        unit_line = Some((u.offset, line));
        let mut unit = check_unit(path, line, None, &u.unit);
        // Issues in a translation point at its <target>.
        let target_line = lines.at(u.target_offset)?;
        for t in &mut unit.targets {
            if let Some(loc) = &mut t.loc {
                loc.line = target_line;
            }
        }
        units.push(unit);
    }
    Ok(())
}

/// An XML file, decoded to UTF-8 as it is read (to count its lines).
fn open_xml(path: &Path) -> Result<Box<dyn BufRead + Send>, InputError> {
    let file = File::open(path).map_err(|e| InputError::io(path, e))?;
    xml::decode_input(file).map_err(|e| InputError::io(path, e))
}

/// Line numbers of byte offsets (of the decoded text) met in increasing order: a second
/// reader of the file follows the units, counting line breaks up to each offset, so the
/// file is read twice in order and nothing of it is held.
struct LineCounter {
    path: PathBuf,
    text: Box<dyn BufRead + Send>,
    at: u64,
    line: u64,
}

impl LineCounter {
    fn open(path: &Path) -> Result<Self, InputError> {
        Ok(LineCounter {
            path: path.to_path_buf(),
            text: open_xml(path)?,
            at: 0,
            line: 1,
        })
    }

    /// The 1-based line of byte `offset`.
    fn at(&mut self, offset: u64) -> Result<u64, InputError> {
        while self.at < offset {
            let buf = self
                .text
                .fill_buf()
                .map_err(|e| InputError::io(&self.path, e))?;
            if buf.is_empty() {
                break;
            }
            let n = buf.len().min((offset - self.at) as usize);
            self.line += memchr::memchr_iter(b'\n', &buf[..n]).count() as u64;
            self.text.consume(n);
            self.at += n as u64;
        }
        Ok(self.line)
    }
}

/// The check unit of a unit read from line `line` of `path`, named `name`, else
/// `file:line`.
fn check_unit(path: &Path, line: u64, name: Option<String>, u: &UnitInput) -> CheckUnit {
    let loc = Some(Loc {
        file: Arc::from(path),
        line,
        column: None,
    });
    let t = |lang: &str, text: &str| Text {
        lang: lang.to_string(),
        text: nfc(text).into_owned(),
        loc: loc.clone(),
        contexts: Vec::new(),
    };
    CheckUnit {
        name: name.unwrap_or_else(|| format!("{}:{line}", path.display())),
        source: t(&u.src_lang, &u.source),
        targets: u
            .targets
            .iter()
            .map(|v| Text {
                contexts: context_hashes(&[canonical_context(v.context.clone())]),
                ..t(&v.lang, &v.text)
            })
            .collect(),
    }
}

/// Reads every unit of a TM database (streaming from SQLite).
fn read_tm(path: &Path, units: &mut Units<'_>) -> Result<(), InputError> {
    if !path.is_file() {
        return Err(InputError::file(path, "no such TM database"));
    }
    let tm_error = |e: crate::store::StoreError| InputError::file(path, e.to_string());
    let store = crate::store::Store::open_read_only(path).map_err(tm_error)?;
    store
        .for_each_unit(
            |u: crate::store::Unit| -> Result<(), crate::store::StoreError> {
                units.push(tm_unit(u));
                Ok(())
            },
        )
        .map_err(tm_error)
}

/// Reads every unit of an open TM.
pub fn read_store(
    store: &crate::store::Store,
    units: &mut Vec<CheckUnit>,
) -> Result<(), crate::store::StoreError> {
    store.for_each_unit(
        |u: crate::store::Unit| -> Result<(), crate::store::StoreError> {
            units.push(tm_unit(u));
            Ok(())
        },
    )
}

/// Reads the units of an open TM in order, `batch` at a time (streaming: memory holds one
/// batch), and calls `f` with each batch.
pub fn read_store_batches<E: From<crate::store::StoreError>>(
    store: &crate::store::Store,
    batch: usize,
    mut f: impl FnMut(&[CheckUnit]) -> Result<(), E>,
) -> Result<(), E> {
    let batch = batch.max(1);
    let mut units = Vec::with_capacity(batch);
    store.for_each_unit(|u: crate::store::Unit| -> Result<(), E> {
        units.push(tm_unit(u));
        if units.len() == batch {
            f(&units)?;
            units.clear();
        }
        Ok(())
    })?;
    if !units.is_empty() {
        f(&units)?;
    }
    Ok(())
}

/// The check unit of a TM unit, named by its `tuid`, else `tm:ID`.
fn tm_unit(u: crate::store::Unit) -> CheckUnit {
    let text = |lang: &str, t: &str| Text {
        lang: lang.to_string(),
        text: nfc(t).into_owned(),
        loc: None,
        contexts: Vec::new(),
    };
    CheckUnit {
        name: u.tuid.clone().unwrap_or_else(|| format!("tm:{}", u.id)),
        source: text(&u.src_lang, &u.source),
        targets: u
            .variants
            .iter()
            .map(|v| Text {
                contexts: context_hashes(&v.contexts),
                ..text(&v.lang, &v.text)
            })
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
        let p = dir.join(name);
        std::fs::write(&p, text).unwrap();
        p
    }

    #[test]
    fn parallel_reports_pair_sentences_with_lines_and_columns() {
        let d = tempfile::tempdir().unwrap();
        write(d.path(), "r.en.txt", "Title\n\nOne. Two.\n");
        write(d.path(), "r.kk.txt", "Тақырып\n\nБір. Екі.\n");
        let units = read_paths(&[d.path().join("r.kk.txt")], "en", TextEncoding::UTF_8).unwrap();
        assert_eq!(units.len(), 3);
        let u = &units[2];
        // Two sentences on one line: the second is named with its column too.
        assert!(units[1].name.ends_with("r.en.txt:3"), "{}", units[1].name);
        assert!(u.name.ends_with("r.en.txt:3:6"), "{}", u.name);
        assert_eq!(u.source.text, "Two.");
        assert_eq!(u.targets[0].text, "Екі.");
        let loc = u.targets[0].loc.as_ref().unwrap();
        assert_eq!((loc.line, loc.column), (3, Some(6)));
    }

    #[test]
    fn inputs_read_in_batches_are_the_units_read_at_once() {
        let d = tempfile::tempdir().unwrap();
        write(d.path(), "r.en.txt", "Title\n\nOne. Two.\n");
        write(d.path(), "r.kk.txt", "Тақырып\n\nБір. Екі.\n");
        write(d.path(), "t.tsv", "en\tkk\nThree.\tҮш.\nFour.\tТөрт.\n");
        // The report named twice, directly and through its directory: read once.
        let paths = [d.path().join("r.en.txt"), d.path().to_path_buf()];
        let all = read_paths(&paths, "en", TextEncoding::UTF_8).unwrap();
        assert_eq!(all.len(), 5);
        let mut batches = Vec::new();
        read_paths_batches(&paths, "en", TextEncoding::UTF_8, 2, |b| {
            batches.push(b.to_vec())
        })
        .unwrap();
        assert_eq!(batches.iter().map(Vec::len).collect::<Vec<_>>(), [2, 2, 1]);
        assert_eq!(batches.concat(), all);
    }

    #[test]
    fn sentence_count_mismatch_names_files_and_paragraph() {
        let d = tempfile::tempdir().unwrap();
        write(d.path(), "r.en.txt", "A.\n\nOne. Two.\n");
        write(d.path(), "r.ru.txt", "А.\n\nОдин и два.\n");
        let err = read_paths(&[d.path().to_path_buf()], "en", TextEncoding::UTF_8)
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("r.ru.txt")
                && err.contains("paragraph 2 has 2 sentence(s)")
                && err.contains("but 1"),
            "{err}"
        );
    }

    #[test]
    fn tmx_units_are_named_by_tuid_else_file_and_line() {
        let d = tempfile::tempdir().unwrap();
        let p = write(
            d.path(),
            "m.tmx",
            "<?xml version=\"1.0\"?>\n<tmx version=\"1.4\"><header srclang=\"en\" datatype=\"plaintext\" segtype=\"sentence\" adminlang=\"en\" o-tmf=\"x\" creationtool=\"x\" creationtoolversion=\"1\"/>\n<body>\n\
             <tu tuid=\"t1\"><tuv xml:lang=\"en\"><seg>In Almaty.</seg></tuv><tuv xml:lang=\"kk-KZ\"><seg>Алматыда.</seg></tuv></tu>\n\
             <tu><tuv lang=\"EN\"><seg>Hi.</seg></tuv><tuv lang=\"ru\"><seg>Привет.</seg></tuv></tu>\n</body></tmx>\n",
        );
        let units = read_paths(&[p], "en", TextEncoding::UTF_8).unwrap();
        assert_eq!(units.len(), 2);
        assert_eq!(units[0].name, "t1");
        assert_eq!(units[0].targets[0].lang, "kk-KZ");
        assert!(units[1].name.ends_with("m.tmx:5"), "{}", units[1].name);
        assert_eq!(units[1].targets[0].text, "Привет.");
    }

    #[test]
    fn tables_use_the_header_languages() {
        let d = tempfile::tempdir().unwrap();
        let p = write(d.path(), "t.tsv", "kk\ten\tru\nАлматы\tAlmaty\t\n");
        let units = read_paths(&[p], "en", TextEncoding::UTF_8).unwrap();
        assert_eq!(units.len(), 1);
        assert_eq!(units[0].source.lang, "en");
        assert_eq!(units[0].targets.len(), 1);
        assert!(units[0].name.ends_with("t.tsv:2"));
    }

    #[test]
    fn xliff_units_are_the_finished_ones_named_by_file_and_line() {
        let d = tempfile::tempdir().unwrap();
        let p = write(
            d.path(),
            "j.xlf",
            "<xliff version=\"1.2\"><file original=\"r\" source-language=\"en\" target-language=\"kk\" datatype=\"plaintext\"><body>\n\
             <trans-unit id=\"1\"><source>Open.</source><target state=\"new\">Open.</target></trans-unit>\n\
             <trans-unit id=\"2\"><source>Done.</source><target>Дайын.</target></trans-unit>\n\
             </body></file></xliff>\n",
        );
        let units = read_paths(&[p], "en", TextEncoding::UTF_8).unwrap();
        assert_eq!(units.len(), 1);
        assert!(units[0].name.ends_with("j.xlf:3"), "{}", units[0].name);
        assert_eq!(units[0].source.text, "Done.");
        assert_eq!(units[0].targets[0].lang, "kk");
        assert_eq!(units[0].targets[0].loc.as_ref().unwrap().line, 3);
    }

    #[test]
    fn xliff_units_marked_translate_no_are_not_checked() {
        let d = tempfile::tempdir().unwrap();
        let p = write(
            d.path(),
            "j.xlf",
            "<xliff version=\"1.2\"><file original=\"r\" source-language=\"en\" target-language=\"kk\" datatype=\"plaintext\"><body>\n\
             <trans-unit id=\"1\" translate=\"no\"><source>Radio Free Europe</source><target state=\"final\">Radio Free Europe</target></trans-unit>\n\
             <trans-unit id=\"2\"><source>Done.</source><target state=\"final\">Дайын.</target></trans-unit>\n\
             </body></file></xliff>\n",
        );
        let units = read_paths(std::slice::from_ref(&p), "en", TextEncoding::UTF_8).unwrap();
        assert_eq!(units.len(), 1);
        assert_eq!(units[0].source.text, "Done.");
        // The same unit without the mark is checked (and its Latin text would be reported).
        let marked = std::fs::read_to_string(&p).unwrap();
        let p = write(d.path(), "k.xlf", &marked.replace(" translate=\"no\"", ""));
        assert_eq!(
            read_paths(&[p], "en", TextEncoding::UTF_8).unwrap().len(),
            2
        );
    }
}
