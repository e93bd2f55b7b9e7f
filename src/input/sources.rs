//! [`Sources`]: the source-language segments of an input, file by file, in document order
//! ([`SourceSegments`]); what `tmkit analyze` looks up.
//!
//! Each kind of input is read by its reader in this module: a report's sentences (its
//! [`Paragraphs`], then the segmenter of its language), the `<source>` of every unit of an
//! XLIFF job (translated or not, pre-filled or empty, except those marked
//! `translate="no"`), the source of every TMX unit (as
//! [`TmxUnits`] picks it) and the source-language column of a table ([`TableReader`]). A
//! directory stands for its reports in the source language (not their translations), then
//! its tables, TMX and XLIFF files, each sorted by name ([`DirInputs`]). Segments are
//! trimmed; empty ones are left out.

use std::path::{Path, PathBuf};

use super::limits::{segment_too_long, MAX_SEGMENT_BYTES};
use super::{
    lang_from_name, open_xml, report_lang, Dialect, DirInputs, InputError, InputKind, NoProgress,
    Paragraphs, TableReader, TmxUnits,
};
use crate::formats::xliff::XliffReader;
use crate::formats::xml::XmlError;
use crate::segment::Segmenter;

/// The source segments of one file, in document order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceSegments {
    /// The file.
    pub path: PathBuf,
    /// The source language (canonical tag): a report's from its name, an XLIFF or TMX
    /// file's from its first unit, a table's from its source column.
    pub lang: String,
    /// The segments of each document the file holds (one, except for an XLIFF file with
    /// several `<file>` elements), in order. A segment's neighbours are the segments
    /// before and after it in its document.
    pub documents: Vec<Vec<String>>,
}

impl SourceSegments {
    /// How many segments the file holds.
    pub fn len(&self) -> usize {
        self.documents.iter().map(Vec::len).sum()
    }

    /// Whether the file holds no segment.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// The source segments of an input, read one file at a time (an iterator of
/// [`SourceSegments`]); made by [`sources`].
#[derive(Debug)]
pub struct Sources {
    files: std::vec::IntoIter<(PathBuf, InputKind)>,
    src_lang: String,
    abbreviations: Vec<String>,
}

/// The source segments of `path`, read as `kind` (see [`InputKind::of`]). `src_lang` is
/// the source language: of a report whose name does not say, of the reports a directory
/// holds, of a table's source column, and of a TMX unit whose `srclang` says nothing valid.
/// `abbreviations` are extra abbreviations for the segmenter of reports.
///
/// A directory is listed here (an error when it holds nothing to read); its files are read
/// as the iterator reaches them. A TM database is refused: it holds no document.
pub fn sources(
    path: &Path,
    kind: InputKind,
    src_lang: &str,
    abbreviations: &[String],
) -> Result<Sources, InputError> {
    let files = match kind {
        InputKind::Dir => dir_files(path, src_lang)?,
        InputKind::Database => {
            return Err(InputError::file(
                path,
                "a TM database holds no document to read segments from; export it \
                 (tmkit --db FILE export --format tmx) and give the TMX file",
            ))
        }
        _ => vec![(path.to_path_buf(), kind)],
    };
    Ok(Sources {
        files: files.into_iter(),
        src_lang: src_lang.to_string(),
        abbreviations: abbreviations.to_vec(),
    })
}

impl Iterator for Sources {
    type Item = Result<SourceSegments, InputError>;

    fn next(&mut self) -> Option<Self::Item> {
        let (path, kind) = self.files.next()?;
        Some(read_file(&path, kind, &self.src_lang, &self.abbreviations))
    }
}

/// The files of a directory to read: its source reports, then its tables, TMX and XLIFF
/// files.
fn dir_files(dir: &Path, src_lang: &str) -> Result<Vec<(PathBuf, InputKind)>, InputError> {
    let inputs = DirInputs::read(dir, src_lang)?;
    if inputs.is_empty() {
        return Err(InputError::file(
            dir,
            format!(
                "nothing to read: no NAME.{src_lang}.txt reports, .tsv/.csv tables, .tmx or \
                 XLIFF files in this directory"
            ),
        ));
    }
    let reports = inputs
        .sets
        .into_iter()
        .map(|s| (s.source, InputKind::Report));
    Ok(reports.chain(inputs.files).collect())
}

/// Reads one file of the given kind (not a directory nor a database).
fn read_file(
    path: &Path,
    kind: InputKind,
    src_lang: &str,
    abbreviations: &[String],
) -> Result<SourceSegments, InputError> {
    match kind {
        InputKind::Table(dialect) => read_table(path, dialect, src_lang),
        InputKind::Tmx => read_tmx(path, src_lang),
        InputKind::Xliff => read_xliff(path, src_lang),
        InputKind::Report => {
            let lang = match lang_from_name(path) {
                Some(tag) => report_lang(path, &tag)?,
                None => src_lang.to_string(),
            };
            read_report(path, lang, abbreviations)
        }
        InputKind::Dir | InputKind::Database => Err(InputError::file(
            path,
            "not a file of segments (a directory or a TM database)",
        )),
    }
}

/// A segment as analyzed: trimmed, `None` when nothing is left.
fn segment(text: &str) -> Option<String> {
    let t = text.trim();
    (!t.is_empty()).then(|| t.to_string())
}

/// A report's sentences: blank-line separated paragraphs split by the segmenter of `lang`.
fn read_report(
    path: &Path,
    lang: String,
    abbreviations: &[String],
) -> Result<SourceSegments, InputError> {
    report_segments(Paragraphs::open(path)?, path, lang, abbreviations)
}

/// The sentences of a report given as text (pasted into a form, posted to an API) rather
/// than read from a file, split as a report file is: paragraphs at blank lines, then the
/// segmenter of `lang`; `name` stands for the file in error messages and in the result.
pub fn report_text(name: &Path, lang: &str, text: &str) -> Result<SourceSegments, InputError> {
    let paras = Paragraphs::new(std::io::Cursor::new(text.as_bytes()), name);
    report_segments(paras, name, lang.to_string(), &[])
}

fn report_segments<R: std::io::BufRead>(
    mut paras: Paragraphs<R>,
    path: &Path,
    lang: String,
    abbreviations: &[String],
) -> Result<SourceSegments, InputError> {
    let mut seg = Segmenter::new(&lang);
    if !abbreviations.is_empty() {
        seg = seg.with_abbreviations(abbreviations);
    }
    let mut out = Vec::new();
    while let Some(p) = paras.next_paragraph(&mut NoProgress)? {
        let sentences = seg.split(&p.text);
        p.check_sentences(path, &sentences)?;
        out.extend(sentences.iter().filter_map(|s| segment(s.text(&p.text))));
    }
    Ok(SourceSegments {
        path: path.to_path_buf(),
        lang,
        documents: vec![out],
    })
}

/// A table's source-language column (`src_lang`'s, else the same primary language's).
fn read_table(path: &Path, dialect: Dialect, src_lang: &str) -> Result<SourceSegments, InputError> {
    let mut table = TableReader::open(path, dialect, Some(src_lang))?;
    let mut out = Vec::new();
    while let Some(row) = table.next_row()? {
        out.extend(segment(&row.source));
    }
    Ok(SourceSegments {
        path: path.to_path_buf(),
        lang: table.source_lang().to_string(),
        documents: vec![out],
    })
}

/// The source of every TMX unit that has one.
fn read_tmx(path: &Path, src_lang: &str) -> Result<SourceSegments, InputError> {
    let located = |e: XmlError| InputError::in_xml(path, e);
    let mut units = TmxUnits::new(open_xml(path)?, src_lang).map_err(located)?;
    let mut lang = None;
    let mut out = Vec::new();
    while let Some(u) = units.next_unit().map_err(located)? {
        lang.get_or_insert(u.unit.src_lang);
        out.extend(segment(&u.unit.source));
    }
    Ok(SourceSegments {
        path: path.to_path_buf(),
        lang: lang.unwrap_or_else(|| src_lang.to_string()),
        documents: vec![out],
    })
}

/// The source of every XLIFF segment, whatever the state of its target; a new document
/// begins where the `original` of the enclosing `<file>` changes.
fn read_xliff(path: &Path, src_lang: &str) -> Result<SourceSegments, InputError> {
    let located = |e: XmlError| InputError::in_xml(path, e);
    let mut reader = XliffReader::new(open_xml(path)?).map_err(located)?;
    let mut lang = None;
    let mut documents: Vec<Vec<String>> = Vec::new();
    let mut original: Option<Option<String>> = None;
    while let Some(u) = reader.next_unit().map_err(located)? {
        // Each segment of a unit (a 2.0 <segment>, a 1.2 <mrk mtype="seg">) is a sentence;
        // those marked `translate="no"` are not to be translated, so not analysed (CAT tools
        // leave locked and non-translatable segments out of their counts).
        for seg in u.segments.iter().filter(|s| !s.translate_no) {
            if seg.source.len() > MAX_SEGMENT_BYTES {
                return Err(located(XmlError {
                    offset: u.offset,
                    message: segment_too_long("segment", seg.source.len()),
                }));
            }
            let Some(text) = segment(&seg.source) else {
                continue;
            };
            lang.get_or_insert_with(|| crate::lang::canonical(&u.src_lang));
            match documents.last_mut() {
                Some(doc) if original.as_ref() == Some(&u.original) => doc.push(text),
                _ => {
                    original = Some(u.original.clone());
                    documents.push(vec![text]);
                }
            }
        }
    }
    Ok(SourceSegments {
        path: path.to_path_buf(),
        lang: lang.unwrap_or_else(|| src_lang.to_string()),
        documents,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
        let p = dir.join(name);
        std::fs::write(&p, text).unwrap();
        p
    }

    fn read(path: &Path, src_lang: &str) -> Vec<SourceSegments> {
        let kind = InputKind::of(path).unwrap();
        sources(path, kind, src_lang, &[])
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap()
    }

    #[test]
    fn a_report_gives_its_sentences_in_the_language_of_its_name() {
        let d = tempfile::tempdir().unwrap();
        let p = write(
            d.path(),
            "r.ru.txt",
            "Заголовок\n\nПолиция пришла. Они ушли.\n  \n",
        );
        let got = read(&p, "en");
        assert_eq!(got.len(), 1);
        assert_eq!(got[0].lang, "ru");
        assert_eq!(
            got[0].documents,
            vec![vec!["Заголовок", "Полиция пришла.", "Они ушли."]]
        );
    }

    #[test]
    fn a_report_given_as_text_is_split_as_the_same_report_in_a_file() {
        let d = tempfile::tempdir().unwrap();
        let text = "Заголовок\n\nПолиция пришла. Они ушли.\r\nВсе\nспокойно.\n";
        let p = write(d.path(), "r.ru.txt", text);
        let from_file = read(&p, "ru").remove(0);
        let from_text = report_text(&p, "ru", text).unwrap();
        assert_eq!(from_text, from_file);
        let err = report_text(Path::new("pasted"), "en", "One.\0Two.").unwrap_err();
        assert!(err.to_string().starts_with("pasted:1"), "{err}");
    }

    #[test]
    fn abbreviations_reach_the_segmenter() {
        let d = tempfile::tempdir().unwrap();
        let p = write(d.path(), "r.en.txt", "Ask Qqz. Smith today.\n");
        let split = |abbrevs: &[String]| {
            sources(&p, InputKind::Report, "en", abbrevs)
                .unwrap()
                .next()
                .unwrap()
                .unwrap()
                .len()
        };
        assert_eq!(split(&[]), 2);
        assert_eq!(split(&["Qqz.".to_string()]), 1);
    }

    #[test]
    fn an_xliff_job_gives_every_source_finished_or_not_per_file_element() {
        let d = tempfile::tempdir().unwrap();
        let p = write(
            d.path(),
            "j.xlf",
            "<xliff version=\"1.2\">\
             <file original=\"a\" source-language=\"en-us\" target-language=\"kk\" datatype=\"plaintext\"><body>\
             <trans-unit id=\"1\"><source>Done.</source><target state=\"translated\">Дайын.</target></trans-unit>\
             <trans-unit id=\"2\"><source> Open. </source><target state=\"new\">Open.</target></trans-unit>\
             <trans-unit id=\"3\"><source>  </source></trans-unit>\
             </body></file>\
             <file original=\"b\" source-language=\"en-us\" target-language=\"kk\" datatype=\"plaintext\"><body>\
             <trans-unit id=\"1\"><source>Empty.</source></trans-unit>\
             </body></file></xliff>",
        );
        let got = read(&p, "en");
        assert_eq!(got[0].lang, "en-US");
        assert_eq!(
            got[0].documents,
            vec![vec!["Done.", "Open."], vec!["Empty."]]
        );
    }

    #[test]
    fn xliff_segments_marked_translate_no_are_left_out() {
        let d = tempfile::tempdir().unwrap();
        let p = write(
            d.path(),
            "j.xlf",
            "<xliff version=\"2.0\" srcLang=\"en\" trgLang=\"kk\"><file id=\"f\">\
             <unit id=\"1\"><segment><source>Read me.</source></segment></unit>\
             <unit id=\"2\" translate=\"no\"><segment><source>RFE/RL</source></segment></unit>\
             <group id=\"g\" translate=\"no\"><unit id=\"3\"><segment><source>Code.</source></segment></unit></group>\
             <unit id=\"4\"><segment><source>And me.</source></segment></unit>\
             </file></xliff>",
        );
        assert_eq!(
            read(&p, "en")[0].documents,
            vec![vec!["Read me.", "And me."]]
        );
    }

    #[test]
    fn a_table_gives_its_source_column() {
        let d = tempfile::tempdir().unwrap();
        let p = write(d.path(), "m.tsv", "kk\ten\nАлматы\tAlmaty\n\t\n\tAstana\n");
        let got = read(&p, "en");
        assert_eq!(got[0].lang, "en");
        assert_eq!(got[0].documents, vec![vec!["Almaty", "Astana"]]);
        let err = sources(&p, InputKind::of(&p).unwrap(), "ru", &[])
            .unwrap()
            .next()
            .unwrap()
            .unwrap_err();
        assert!(
            err.to_string().ends_with("no ru column in the header"),
            "{err}"
        );
    }

    #[test]
    fn a_tmx_file_gives_the_source_of_each_unit() {
        let d = tempfile::tempdir().unwrap();
        let p = write(
            d.path(),
            "m.tmx",
            "<tmx version=\"1.4\"><header srclang=\"en\" segtype=\"sentence\" datatype=\"plaintext\" \
             adminlang=\"en\" creationtool=\"t\" creationtoolversion=\"1\" o-tmf=\"t\"/><body>\
             <tu><tuv xml:lang=\"kk\"><seg>Бір.</seg></tuv><tuv xml:lang=\"en\"><seg>One.</seg></tuv></tu>\
             <tu><tuv xml:lang=\"en\"><seg>Two.</seg></tuv></tu>\
             </body></tmx>",
        );
        let got = read(&p, "en");
        assert_eq!(got[0].lang, "en");
        assert_eq!(got[0].documents, vec![vec!["One.", "Two."]]);
    }

    #[test]
    fn a_directory_gives_its_source_reports_then_its_other_inputs() {
        let d = tempfile::tempdir().unwrap();
        write(d.path(), "b.en.txt", "Bee.\n");
        write(d.path(), "b.kk.txt", "Ара.\n");
        write(d.path(), "a.en.txt", "Ay.\n");
        write(d.path(), "m.tsv", "en\tkk\nTable.\tКесте.\n");
        write(d.path(), "notes.md", "Not read.\n");
        let got = read(d.path(), "en");
        let names: Vec<String> = got
            .iter()
            .map(|s| s.path.file_name().unwrap().to_string_lossy().into_owned())
            .collect();
        assert_eq!(names, ["a.en.txt", "b.en.txt", "m.tsv"]);
        assert_eq!(got[1].documents, vec![vec!["Bee."]]);
    }

    #[test]
    fn an_empty_directory_and_a_database_are_refused_naming_them() {
        let d = tempfile::tempdir().unwrap();
        let err = sources(d.path(), InputKind::Dir, "en", &[]).unwrap_err();
        assert!(err.to_string().contains("nothing to read"), "{err}");
        let db = d.path().join("tm.db");
        let err = sources(&db, InputKind::Database, "en", &[]).unwrap_err();
        assert!(
            err.to_string().starts_with(&format!("{}: ", db.display())),
            "{err}"
        );
    }
}
