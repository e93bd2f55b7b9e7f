//! Readers that turn check inputs into [`CheckUnit`]s: parallel reports
//! (`NAME.en.txt` + `NAME.kk.txt` + `NAME.ru.txt`) and directories of them, TSV/CSV tables
//! with a language header row, TMX files, and the TM database.
//!
//! Parallel reports are paired as `tmkit import` pairs them: blank-line separated
//! paragraphs in order, then sentences 1:1 inside each paragraph (split by the segmenter);
//! different counts are an error naming the files, the paragraph and both counts. Units are
//! named `file:line` after the source sentence (TM units: `tuid`, else `tm:ID`).

use std::fs::File;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::{advance, CheckUnit, Loc, Text};
use crate::import::table::{Dialect, TableReader};
use crate::import::text::{lang_from_name, sets_in_dir, ParallelReader, ParallelSet};
use crate::import::{ImportError, NoProgress};
use crate::text::nfc;

/// Errors reading inputs: the import layer's, which name file and line.
pub type InputError = ImportError;

/// The kind of input a path is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum InputKind {
    /// A directory of reports and tables.
    Dir,
    /// A report `NAME.LANG.txt` (with its parallel files).
    Report,
    /// A TSV or CSV table.
    Table(Dialect),
    /// A TMX file.
    Tmx,
    /// A TM database.
    Database,
}

/// What `path` is, from its type and name.
pub fn kind_of(path: &Path) -> Option<InputKind> {
    if path.is_dir() {
        return Some(InputKind::Dir);
    }
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .unwrap_or_default();
    match ext.as_str() {
        "tmx" => Some(InputKind::Tmx),
        "db" | "sqlite" | "sqlite3" => Some(InputKind::Database),
        _ => Dialect::from_path(path)
            .map(InputKind::Table)
            .or_else(|| lang_from_name(path).map(|_| InputKind::Report)),
    }
}

/// Reads every input path into units, in the order given (directories sorted by name).
pub fn read_paths(paths: &[PathBuf], source_lang: &str) -> Result<Vec<CheckUnit>, InputError> {
    let mut units = Vec::new();
    let mut done_sets: Vec<PathBuf> = Vec::new();
    for p in paths {
        match kind_of(p) {
            Some(InputKind::Dir) => read_dir(p, source_lang, &mut units, &mut done_sets)?,
            Some(InputKind::Report) => {
                let set = set_of(p, source_lang)?;
                if !done_sets.contains(&set.source) {
                    done_sets.push(set.source.clone());
                    read_set(&set, &mut units)?;
                }
            }
            Some(InputKind::Table(d)) => read_table(p, d, source_lang, &mut units)?,
            Some(InputKind::Tmx) => read_tmx(p, source_lang, &mut units)?,
            Some(InputKind::Database) => read_tm(p, &mut units)?,
            None => {
                if !p.exists() {
                    return Err(ImportError::file(p, "no such file or directory"));
                }
                return Err(ImportError::file(
                    p,
                    "unknown input: expected a directory, NAME.LANG.txt, .tsv, .csv, .tmx or a TM .db",
                ));
            }
        }
    }
    Ok(units)
}

fn read_dir(
    dir: &Path,
    source_lang: &str,
    units: &mut Vec<CheckUnit>,
    done_sets: &mut Vec<PathBuf>,
) -> Result<(), InputError> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(|e| ImportError::io(dir, e))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_file())
        .collect();
    files.sort();
    let mut found = false;
    if files.iter().any(|f| lang_from_name(f).is_some()) {
        for set in sets_in_dir(dir, source_lang)? {
            found = true;
            if !done_sets.contains(&set.source) {
                done_sets.push(set.source.clone());
                read_set(&set, units)?;
            }
        }
    }
    for f in &files {
        match kind_of(f) {
            Some(InputKind::Table(d)) => read_table(f, d, source_lang, units)?,
            Some(InputKind::Tmx) => read_tmx(f, source_lang, units)?,
            _ => continue,
        }
        found = true;
    }
    if !found {
        return Err(ImportError::file(
            dir,
            format!("nothing to check: no NAME.{source_lang}.txt reports, .tsv/.csv tables or .tmx files"),
        ));
    }
    Ok(())
}

/// The parallel set a report belongs to: its source file and the translations beside it.
fn set_of(path: &Path, source_lang: &str) -> Result<ParallelSet, InputError> {
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
    let base = name
        .strip_suffix(".txt")
        .and_then(|s| s.rsplit_once('.'))
        .map(|(b, _)| b.to_string())
        .unwrap_or_default();
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let all = sets_in_dir(dir, source_lang)?;
    let set = all.into_iter().find(|s| {
        s.source
            .file_name()
            .and_then(|n| n.to_str())
            .and_then(|n| n.strip_suffix(".txt"))
            .and_then(|n| n.rsplit_once('.'))
            .map(|(b, _)| b)
            == Some(base.as_str())
    });
    let mut set = set.ok_or_else(|| {
        ImportError::file(
            path,
            format!("no source file {base}.{source_lang}.txt beside it"),
        )
    })?;
    // A bare file name was given: keep names relative, without "./".
    if path.parent().is_none_or(|d| d.as_os_str().is_empty()) {
        let bare = |p: &Path| {
            p.strip_prefix(".")
                .map(Path::to_path_buf)
                .unwrap_or_else(|_| p.to_path_buf())
        };
        set.source = bare(&set.source);
        for (_, t) in set.targets.iter_mut() {
            *t = bare(t);
        }
    }
    Ok(set)
}

/// Reads one parallel set into units (paired as `tmkit import` pairs them).
pub fn read_set(set: &ParallelSet, units: &mut Vec<CheckUnit>) -> Result<(), InputError> {
    let files: Vec<(String, PathBuf)> = std::iter::once((set.src_lang.clone(), set.source.clone()))
        .chain(set.targets.iter().cloned())
        .collect();
    let mut reader = ParallelReader::open(&files, &[])?;
    let names: Vec<Arc<Path>> = files.iter().map(|(_, p)| Arc::from(p.as_path())).collect();
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
                }
            };
            let source = text(0);
            let line = source.loc.as_ref().map_or(0, |l| l.line);
            units.push(CheckUnit {
                name: format!("{}:{line}", set.source.display()),
                targets: (1..files.len()).map(text).collect(),
                source,
            });
        }
    }
    Ok(())
}

/// Reads a TSV/CSV table whose header row names each column's language. The source is
/// the `source_lang` column, else the first one.
pub fn read_table(
    path: &Path,
    dialect: Dialect,
    source_lang: &str,
    units: &mut Vec<CheckUnit>,
) -> Result<(), InputError> {
    let mut table = TableReader::open(path, dialect, Some(source_lang))?;
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
        };
        units.push(CheckUnit {
            name: format!("{}:{}", path.display(), row.line),
            source: text(&src, &row.source),
            targets: row.targets.iter().map(|(l, t)| text(l, t)).collect(),
        });
    }
    Ok(())
}

/// Reads a TMX file (1.1–1.4b, `xml:lang` or `lang`, UTF-8 or UTF-16) with the TMX
/// reader of `tmkit import`. Units are named by `tuid`, else `file:line` of their `<tu>`;
/// the source is the unit's or header's `srclang`, else `source_lang`.
pub fn read_tmx(
    path: &Path,
    source_lang: &str,
    units: &mut Vec<CheckUnit>,
) -> Result<(), InputError> {
    use crate::formats::tmx::TmxReader;
    use crate::formats::xml;
    use std::io::Read;
    let file = File::open(path).map_err(|e| ImportError::io(path, e))?;
    let mut text = String::new();
    xml::decode_input(file)
        .and_then(|mut r| r.read_to_string(&mut text))
        .map_err(|e| ImportError::io(path, e))?;
    let located = |e| crate::import::tmx::located(path, e);
    let mut reader = TmxReader::new(text.as_bytes()).map_err(located)?;
    let header_src = reader.header().srclang.clone();
    let file_ref: Arc<Path> = Arc::from(path);
    let (mut line, mut counted) = (1u64, 0usize);
    while let Some(tu) = reader.next_tu().map_err(located)? {
        let at = (tu.offset as usize).min(text.len());
        if at > counted {
            line += memchr::memchr_iter(b'\n', &text.as_bytes()[counted..at]).count() as u64;
            counted = at;
        }
        let Some((u, _)) = crate::import::tmx::to_unit(tu, &header_src, source_lang) else {
            continue;
        };
        let loc = Some(Loc {
            file: file_ref.clone(),
            line,
            column: None,
        });
        let t = |lang: String, text: &str| Text {
            lang,
            text: nfc(text).into_owned(),
            loc: loc.clone(),
        };
        units.push(CheckUnit {
            name: u
                .tuid
                .clone()
                .unwrap_or_else(|| format!("{}:{line}", path.display())),
            source: t(u.src_lang.clone(), &u.source),
            targets: u
                .targets
                .iter()
                .map(|v| t(v.lang.clone(), &v.text))
                .collect(),
        });
    }
    Ok(())
}

/// Reads every unit of a TM database (streaming from SQLite).
pub fn read_tm(path: &Path, units: &mut Vec<CheckUnit>) -> Result<(), InputError> {
    if !path.is_file() {
        return Err(ImportError::file(path, "no such TM database"));
    }
    let store =
        crate::store::Store::open_existing(path).map_err(|e| ImportError::store(path, e))?;
    read_store(&store, units).map_err(|e| ImportError::store(path, e))
}

/// Reads every unit of an open TM.
pub fn read_store(
    store: &crate::store::Store,
    units: &mut Vec<CheckUnit>,
) -> Result<(), crate::store::StoreError> {
    store.for_each_unit(
        |u: crate::store::Unit| -> Result<(), crate::store::StoreError> {
            let text = |lang: &str, t: &str| Text {
                lang: lang.to_string(),
                text: nfc(t).into_owned(),
                loc: None,
            };
            units.push(CheckUnit {
                name: u.tuid.clone().unwrap_or_else(|| format!("tm:{}", u.id)),
                source: text(&u.src_lang, &u.source),
                targets: u.variants.iter().map(|v| text(&v.lang, &v.text)).collect(),
            });
            Ok(())
        },
    )
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
        let units = read_paths(&[d.path().join("r.kk.txt")], "en").unwrap();
        assert_eq!(units.len(), 3);
        let u = &units[2];
        assert!(u.name.ends_with("r.en.txt:3"), "{}", u.name);
        assert_eq!(u.source.text, "Two.");
        assert_eq!(u.targets[0].text, "Екі.");
        let loc = u.targets[0].loc.as_ref().unwrap();
        assert_eq!((loc.line, loc.column), (3, Some(6)));
    }

    #[test]
    fn sentence_count_mismatch_names_files_and_paragraph() {
        let d = tempfile::tempdir().unwrap();
        write(d.path(), "r.en.txt", "A.\n\nOne. Two.\n");
        write(d.path(), "r.ru.txt", "А.\n\nОдин и два.\n");
        let err = read_paths(&[d.path().to_path_buf()], "en")
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
        let units = read_paths(&[p], "en").unwrap();
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
        let units = read_paths(&[p], "en").unwrap();
        assert_eq!(units.len(), 1);
        assert_eq!(units[0].source.lang, "en");
        assert_eq!(units[0].targets.len(), 1);
        assert!(units[0].name.ends_with("t.tsv:2"));
    }
}
