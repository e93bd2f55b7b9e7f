//! `tmkit align`: two reports that do not match sentence for sentence, aligned into beads.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::Context;
use tmkit::align::{
    hints_from_store, output, AlignProgress, Aligner, Dictionary, Document, TmHints,
};
use tmkit::glossary::{Glossary, TermMatcher};
use tmkit::input::lang_from_name;

use super::Global;

/// Arguments of `tmkit align`.
#[derive(Debug, clap::Args)]
#[command(after_help = "\
Examples:
  tmkit align report.en.txt report.kk.txt              the beads side by side, doubtful ones marked
  tmkit align report.en.txt report.ru.txt --json       [{\"source\", \"target\", \"confidence\", …}, …]
  tmkit align report.en.txt report.kk.txt --tsv -o review.tsv
  tmkit align a.txt b.txt --src en --tgt kk --glossary glossary
  tmkit align report.en.txt report.kk.txt --dictionary my-words.tsv

Beads are 1:1, 1:2, 2:1, 1:0, 0:1, 2:2, 1:3 or 3:1; every sentence of both files is in
exactly one, in document order. Lengths and anchors (numbers and dates in local forms,
months, weekdays, names across scripts, glossary terms, question marks, quotations) and
the words a bundled bilingual news lexicon (en-kk, en-ru) pairs decide;
the TM (--db, when it exists) adds the pairs it holds and the language pair's length ratio.
Confidence is the probability that a bead is exactly right; below 0.6 it is doubtful.
To store the pairs: tmkit import SOURCE --target LANG=TARGET --align.")]
pub struct AlignArgs {
    /// The source report (NAME.LANG.txt tells its language).
    pub source: PathBuf,
    /// Its translation.
    pub target: PathBuf,
    /// Source language (default: from the file name, else en).
    #[arg(long, value_name = "LANG", value_parser = super::args::lang)]
    pub src: Option<String>,
    /// Target language (default: from the file name).
    #[arg(long, value_name = "LANG", value_parser = super::args::lang)]
    pub tgt: Option<String>,
    /// A glossary (CSV or TBX file, or a directory of them) whose names and terms are anchors.
    #[arg(long, value_name = "PATH")]
    pub glossary: Option<PathBuf>,
    /// Extra abbreviations for the segmenter, one per line.
    #[arg(long, value_name = "FILE")]
    pub abbrev: Option<PathBuf>,
    /// A bilingual lexicon (WORD<TAB>TRANSLATION, TRANSLATION…) instead of the bundled
    /// English–Kazakh or English–Russian one.
    #[arg(long, value_name = "FILE", conflicts_with = "no_dictionary")]
    pub dictionary: Option<PathBuf>,
    /// Align without a bilingual lexicon.
    #[arg(long)]
    pub no_dictionary: bool,
    /// Print a JSON list of beads.
    #[arg(long, conflicts_with = "tsv")]
    pub json: bool,
    /// Write a review table: source, target, confidence, bead shape.
    #[arg(long)]
    pub tsv: bool,
    /// Write to FILE instead of stdout.
    #[arg(short = 'o', long = "out", value_name = "FILE")]
    pub out: Option<PathBuf>,
}

fn lang_of(
    path: &Path,
    given: &Option<String>,
    fallback: Option<&str>,
    flag: &str,
) -> anyhow::Result<String> {
    if let Some(l) = given {
        return Ok(l.clone());
    }
    if let Some(l) = lang_from_name(path) {
        return Ok(l);
    }
    match fallback {
        Some(l) => Ok(l.to_string()),
        None => anyhow::bail!(
            "{}: cannot tell the language: name the file NAME.LANG.txt (e.g. report.kk.txt) or pass {flag}",
            path.display()
        ),
    }
}

/// The TM's hints for the pair, when a TM exists (never built for this).
fn tm_hints(g: &Global, src: &str, tgt: &str) -> anyhow::Result<TmHints> {
    let (path, _) = super::tm::db_path(g);
    if !path.exists() {
        return Ok(TmHints::default());
    }
    let store = super::tm::open_for_read(g)?;
    let mut all = hints_from_store(&store, src)?;
    Ok(all.remove(&tmkit::lang::primary(tgt)).unwrap_or_default())
}

/// Runs `tmkit align`.
pub fn run(g: &Global, a: AlignArgs) -> anyhow::Result<i32> {
    let src = lang_of(&a.source, &a.src, Some("en"), "--src")?;
    let tgt = lang_of(&a.target, &a.tgt, None, "--tgt")?;
    let abbreviations = match &a.abbrev {
        Some(p) => super::tm::read_abbreviations(p)?,
        None => Vec::new(),
    };
    let source = Document::read(&a.source, &src, &abbreviations)?;
    let target = Document::read(&a.target, &tgt, &abbreviations)?;
    let glossary = match &a.glossary {
        Some(p) => Some(
            Glossary::load_for(p, &src)
                .with_context(|| format!("reading the glossary {}", p.display()))?,
        ),
        None => None,
    };
    let matcher = glossary.as_ref().map(|gl| TermMatcher::new(gl, &src));
    let dictionary = match &a.dictionary {
        Some(p) => Some(Dictionary::from_file(p)?),
        None => None,
    };
    let mut aligner = Aligner::new().with_hints(tm_hints(g, &src, &tgt)?);
    if a.no_dictionary || dictionary.is_some() {
        aligner = aligner.with_dictionary(dictionary.as_ref());
    }
    if let Some(m) = &matcher {
        aligner = aligner.with_terms(m);
    }
    // A spinner on a terminal: a long report takes seconds.
    let what = format!("aligning {} and {} sentences…", source.len(), target.len());
    let spinner = if super::progress_allowed() {
        let bar = indicatif::ProgressBar::new_spinner().with_message(what.clone());
        bar.enable_steady_tick(std::time::Duration::from_millis(120));
        bar
    } else {
        indicatif::ProgressBar::hidden()
    };
    let alignment = aligner.align_reporting(
        &source,
        &target,
        &mut Spinner {
            bar: &spinner,
            what,
        },
    );
    spinner.finish_and_clear();
    let mut out: Box<dyn Write> = match &a.out {
        Some(p) => Box::new(std::io::BufWriter::new(
            std::fs::File::create(p).with_context(|| format!("{}", p.display()))?,
        )),
        None => Box::new(std::io::BufWriter::new(std::io::stdout().lock())),
    };
    if a.json {
        // One bead per line, like `tmkit segment --json`.
        let beads = output::json(&source, &target, &alignment);
        out.write_all(b"[")?;
        for (k, b) in beads.iter().enumerate() {
            out.write_all(if k == 0 { b"\n  " } else { b",\n  " })?;
            serde_json::to_writer(&mut out, b)?;
        }
        out.write_all(if beads.is_empty() { b"]\n" } else { b"\n]\n" })?;
    } else if a.tsv {
        output::write_tsv(&mut out, &source, &target, &alignment)?;
    } else {
        let width = std::env::var("COLUMNS")
            .ok()
            .and_then(|c| c.parse().ok())
            .unwrap_or(120);
        let color = a.out.is_none() && super::color_stdout();
        output::write_human(&mut out, &source, &target, &alignment, width, color)?;
    }
    out.flush()?;
    Ok(super::EXIT_OK)
}

/// The spinner's message follows the alignment's passes.
struct Spinner<'a> {
    bar: &'a indicatif::ProgressBar,
    what: String,
}

impl AlignProgress for Spinner<'_> {
    fn pass(&mut self, pass: usize, done: u64, total: u64) {
        if !self.bar.is_hidden() {
            let percent = done * 100 / total.max(1);
            self.bar
                .set_message(format!("{} (pass {pass}: {percent}%)", self.what));
        }
    }
}
