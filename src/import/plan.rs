//! What to import and how ([`Plan`], [`Options`]), and the dispatch of each input to the
//! importer of its [`InputKind`].

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::align::TmHints;
use crate::glossary::Glossary;

use super::report::import_report_set;
use super::table::import_table;
use super::tm::import_tm;
use super::tmx::import_tmx;
use super::xliff::import_xliff;
use super::{ImportError, Result, Sink, Summary};
use crate::input::{
    lang_from_name, DirInputs, InputError, InputKind, ParallelSet, Progress, TextEncoding,
};

/// Options shared by importers.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Source language (for inputs that don't say; e.g. `en`).
    pub src_lang: Option<String>,
    /// Extra abbreviations for the segmenter.
    pub abbreviations: Vec<String>,
    /// Align reports that do not match sentence for sentence (`--align`).
    pub align: Option<AlignOptions>,
    /// The encoding of reports and tables without a byte-order mark (UTF-8 by default).
    pub encoding: TextEncoding,
    /// Target language of XLIFF files that name none (`--tgt`).
    pub tgt_lang: Option<String>,
    /// Store XLIFF targets still waiting for review (`--include-unconfirmed`).
    pub include_unconfirmed: bool,
}

/// How reports that do not match sentence for sentence are aligned and stored.
#[derive(Debug, Clone, Default)]
pub struct AlignOptions {
    /// Beads below this confidence are left out (and counted).
    pub min_confidence: f64,
    /// What the TM knows about each target language
    /// ([`hints_from_store`](crate::align::hints_from_store)); filled in by
    /// [`run`](super::run) before the import begins.
    pub hints: BTreeMap<String, TmHints>,
    /// A glossary whose names and terms are anchors (`--glossary`).
    pub glossary: Option<Glossary>,
}

/// What to import and how.
#[derive(Debug, Clone, Default)]
pub struct Plan {
    /// Options for every importer.
    pub options: Options,
    /// Translations of the (single) report imported: (language, file).
    pub targets: Vec<(String, PathBuf)>,
    /// The kind of every file input, when not the one its content or name says
    /// ([`InputKind::of`]).
    pub kind: Option<InputKind>,
    /// Read and check everything, but store nothing.
    pub dry_run: bool,
}

impl Plan {
    /// The source language of reports whose name does not say, and of directories.
    fn src_lang(&self) -> &str {
        self.options.src_lang.as_deref().unwrap_or("en")
    }
}

/// Imports one input (a file or a directory) through `sink`.
pub(super) fn import_input(
    sink: &mut Sink<'_>,
    input: &Path,
    plan: &Plan,
    progress: &mut dyn Progress,
) -> Result<Summary> {
    if input.is_dir() {
        return import_dir(sink, input, plan, progress);
    }
    InputKind::refuse_pipe(input)?;
    let kind = plan.kind.or_else(|| InputKind::of(input));
    if kind.is_none() && InputKind::is_xml(input) {
        return Err(InputKind::refusal(input).into());
    }
    import_file(sink, input, kind, plan, progress)
}

/// Imports one file, read as `kind` (a plain-text report when nothing is known).
fn import_file(
    sink: &mut Sink<'_>,
    input: &Path,
    kind: Option<InputKind>,
    plan: &Plan,
    progress: &mut dyn Progress,
) -> Result<Summary> {
    match kind {
        Some(InputKind::Table(dialect)) => {
            import_table(sink, input, dialect, &plan.options, progress)
        }
        Some(InputKind::Tmx) => import_tmx(sink, input, &plan.options, progress),
        Some(InputKind::Xliff) => import_xliff(sink, input, &plan.options, progress),
        Some(InputKind::Database) => import_tm(sink, input, progress),
        Some(InputKind::Report | InputKind::Dir) | None => {
            let src_lang = plan
                .options
                .src_lang
                .clone()
                .or_else(|| lang_from_name(input))
                .ok_or_else(|| {
                    InputError::file(
                        input,
                        "cannot tell the language: name the file NAME.LANG.txt (e.g. report.en.txt) or pass --lang",
                    )
                })?;
            let set = ParallelSet {
                source: input.to_path_buf(),
                src_lang,
                targets: plan.targets.clone(),
            };
            import_report_set(sink, &set, &plan.options, progress)
        }
    }
}

/// Imports the report sets of a directory, then its tables, TMX and XLIFF files.
fn import_dir(
    sink: &mut Sink<'_>,
    dir: &Path,
    plan: &Plan,
    progress: &mut dyn Progress,
) -> Result<Summary> {
    let src_lang = plan.src_lang();
    let inputs = DirInputs::read(dir, src_lang)?;
    if inputs.is_empty() {
        return Err(ImportError::from(InputError::file(
            dir,
            format!(
                "nothing to import: no NAME.{src_lang}.txt reports, .tsv/.csv tables, .tmx or \
                 XLIFF files in this directory"
            ),
        )));
    }
    let mut summary = Summary::default();
    for set in &inputs.sets {
        summary.merge(import_report_set(sink, set, &plan.options, progress)?);
    }
    for (file, kind) in &inputs.files {
        summary.merge(import_file(sink, file, Some(*kind), plan, progress)?);
    }
    Ok(summary)
}
