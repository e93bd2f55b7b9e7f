//! `tmkit export`: the TM as TMX 1.4b, TSV, CSV or JSON Lines; a report as an XLIFF job.

use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

use anyhow::{bail, Context};

use super::args::{self, Choice};
use super::tm::open_for_read;
use super::Global;
use tmkit::export::{self, Selection, Table};
use tmkit::store::Store;

/// Arguments of `tmkit export`.
#[derive(Debug, clap::Args)]
#[command(after_help = "\
Examples:
  tmkit export --format tmx --tgt kk -o tm.en-kk.tmx      one target language per file (default)
  tmkit export --format tmx --tgt kk,ru -o tm.tmx         multilingual units
  tmkit export --format tsv --tgt kk,ru                   header row: en<TAB>kk<TAB>ru
  tmkit export --format json                              JSON Lines, one unit per line
  tmkit export --format xliff --tgt kk report.en.txt -o report.kk.xlf")]
pub struct ExportArgs {
    /// What to write.
    #[arg(long, default_value = "tmx", ignore_case = true,
          value_parser = Choice::<ExportFormat>::new("export format"))]
    pub format: ExportFormat,
    /// Source language of the units to export.
    #[arg(long, value_name = "LANG", default_value = "en", value_parser = args::lang)]
    pub src: String,
    /// Target language(s), comma-separated. TMX default: the TM's only target language
    /// (one per file; several give multilingual units). Tables and JSON default: all.
    #[arg(long, value_delimiter = ',', value_name = "LANGS", value_parser = args::lang)]
    pub tgt: Vec<String>,
    /// Output file (stdout when absent). Written to a temporary file first, then renamed.
    #[arg(short, long)]
    pub output: Option<PathBuf>,
    /// Reports to export as XLIFF.
    pub files: Vec<PathBuf>,
}

/// What `tmkit export` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ExportFormat {
    /// TMX 1.4b: the TM for other CAT tools.
    Tmx,
    /// Tab-separated table, a header row of languages.
    Tsv,
    /// Comma-separated table, a header row of languages.
    Csv,
    /// JSON Lines, one unit per line.
    #[value(alias = "jsonl")]
    Json,
    /// XLIFF 1.2 job for the reports named, pre-translated from the TM.
    Xliff,
    /// XLIFF 2.0 job for the reports named, pre-translated from the TM.
    Xliff2,
}

impl ExportFormat {
    /// The name `--format` takes.
    fn name(self) -> &'static str {
        match self {
            ExportFormat::Tmx => "tmx",
            ExportFormat::Tsv => "tsv",
            ExportFormat::Csv => "csv",
            ExportFormat::Json => "json",
            ExportFormat::Xliff => "xliff",
            ExportFormat::Xliff2 => "xliff2",
        }
    }
}

/// Runs `tmkit export`.
pub fn export(g: &Global, a: ExportArgs) -> anyhow::Result<i32> {
    let format = a.format.name();
    let is_job = matches!(a.format, ExportFormat::Xliff | ExportFormat::Xliff2);
    if !is_job && !a.files.is_empty() {
        bail!("export --format {format} exports the TM and takes no files (reports are for --format xliff)");
    }
    let store = open_for_read(g)?;
    let targets = a.tgt;
    let src = a.src;
    match a.format {
        ExportFormat::Tmx => {
            let targets = if targets.is_empty() {
                only_target(&store)?
            } else {
                targets
            };
            let sel = Selection { src, targets };
            let n = with_output(a.output.as_deref(), |w| {
                Ok(export::write_tmx(&store, &sel, w)?)
            })?;
            report(n, a.output.as_deref());
        }
        ExportFormat::Tsv | ExportFormat::Csv => {
            let targets = if targets.is_empty() {
                all_targets(&store)?
            } else {
                targets
            };
            if targets.is_empty() {
                bail!("the TM has no translations to export");
            }
            let kind = if a.format == ExportFormat::Tsv {
                Table::Tsv
            } else {
                Table::Csv
            };
            let sel = Selection { src, targets };
            let n = with_output(a.output.as_deref(), |w| {
                Ok(export::write_table(&store, &sel, kind, w)?)
            })?;
            report(n, a.output.as_deref());
        }
        ExportFormat::Json => {
            let sel = Selection { src, targets };
            let n = with_output(a.output.as_deref(), |w| {
                Ok(export::write_json(&store, &sel, w)?)
            })?;
            report(n, a.output.as_deref());
        }
        ExportFormat::Xliff | ExportFormat::Xliff2 => {
            if a.files.is_empty() {
                bail!("export --format {format} needs the report(s) to prepare, e.g. tmkit export --format {format} --tgt kk report.en.txt");
            }
            let [tgt] = targets.as_slice() else {
                bail!("export --format {format} needs exactly one target language (--tgt kk or --tgt ru)");
            };
            let version = if a.format == ExportFormat::Xliff {
                tmkit::formats::xliff::Version::V12
            } else {
                tmkit::formats::xliff::Version::V20
            };
            let mut docs = Vec::new();
            for f in &a.files {
                let text = std::fs::read_to_string(f)
                    .with_context(|| format!("cannot read {}", f.display()))?;
                docs.push((f.display().to_string(), text));
            }
            let stats = with_output(a.output.as_deref(), |w| {
                Ok(tmkit::export::write_job(
                    &store, &docs, &src, tgt, version, w,
                )?)
            })?;
            eprintln!(
                "tmkit: {} segments: {} exact, {} fuzzy, {} new{}",
                stats.segments,
                stats.exact,
                stats.fuzzy,
                stats.new,
                a.output
                    .as_deref()
                    .map(|p| format!(" → {}", p.display()))
                    .unwrap_or_default()
            );
        }
    }
    Ok(super::EXIT_OK)
}

fn report(n: u64, out: Option<&Path>) {
    if let Some(p) = out {
        eprintln!("tmkit: exported {n} units to {}", p.display());
    }
}

/// The TM's target languages, sorted.
fn all_targets(store: &Store) -> anyhow::Result<Vec<String>> {
    Ok(store.stats()?.target_languages.into_keys().collect())
}

/// The single target language of the TM, for TMX's one-target-per-file default.
fn only_target(store: &Store) -> anyhow::Result<Vec<String>> {
    let all = all_targets(store)?;
    match all.len() {
        0 => bail!("the TM has no translations to export"),
        1 => Ok(all),
        _ => bail!(
            "the TM has several target languages ({}); choose one with --tgt (e.g. --tgt {}), \
             or list several (--tgt {}) for multilingual units",
            all.join(", "),
            all[0],
            all.join(",")
        ),
    }
}

/// Runs `f` on the output: stdout, or a temporary file renamed to `path` when `f` succeeds
/// (so a failed export never leaves a truncated file behind).
pub(super) fn with_output<T>(
    path: Option<&Path>,
    f: impl FnOnce(&mut dyn Write) -> anyhow::Result<T>,
) -> anyhow::Result<T> {
    match path {
        None => {
            let stdout = io::stdout();
            let mut w = BufWriter::with_capacity(256 * 1024, stdout.lock());
            let r = f(&mut w)?;
            w.flush()?;
            Ok(r)
        }
        Some(p) => {
            let mut tmp = p.as_os_str().to_owned();
            tmp.push(".part");
            let tmp = PathBuf::from(tmp);
            let file =
                File::create(&tmp).with_context(|| format!("cannot create {}", tmp.display()))?;
            let mut w = BufWriter::with_capacity(256 * 1024, file);
            let r = f(&mut w).and_then(|r| {
                w.flush()?;
                Ok(r)
            });
            match r {
                Ok(r) => {
                    drop(w);
                    std::fs::rename(&tmp, p)
                        .with_context(|| format!("cannot write {}", p.display()))?;
                    Ok(r)
                }
                Err(e) => {
                    drop(w);
                    let _ = std::fs::remove_file(&tmp);
                    Err(e)
                }
            }
        }
    }
}
