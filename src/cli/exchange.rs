//! `tmkit export`: the TM as TMX 1.4b, TSV, CSV or JSON Lines; a report as an XLIFF job.

use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

use anyhow::{bail, Context};

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
    /// tmx, tsv, csv, json (JSON Lines), xliff (1.2) or xliff2 (2.0).
    #[arg(long, default_value = "tmx")]
    pub format: String,
    /// Source language of the units to export.
    #[arg(long, default_value = "en")]
    pub src: String,
    /// Target language(s), comma-separated. TMX default: the TM's only target language
    /// (one per file; several give multilingual units). Tables and JSON default: all.
    #[arg(long, value_delimiter = ',')]
    pub tgt: Vec<String>,
    /// Output file (stdout when absent). Written to a temporary file first, then renamed.
    #[arg(short, long)]
    pub output: Option<PathBuf>,
    /// Reports to export as XLIFF.
    pub files: Vec<PathBuf>,
}

/// Runs `tmkit export`.
pub fn export(g: &Global, a: ExportArgs) -> anyhow::Result<i32> {
    let format = a.format.to_ascii_lowercase();
    if !matches!(format.as_str(), "xliff" | "xliff2") && !a.files.is_empty() {
        bail!("export --format {format} exports the TM and takes no files (reports are for --format xliff)");
    }
    for t in a.tgt.iter().chain([&a.src]) {
        if !tmkit::lang::is_valid(t) {
            bail!("invalid language tag {t:?} (expected e.g. en, kk, ru)");
        }
    }
    let store = open_for_read(g)?;
    let targets: Vec<String> = a.tgt.iter().map(|t| tmkit::lang::canonical(t)).collect();
    let src = tmkit::lang::canonical(&a.src);
    match format.as_str() {
        "tmx" => {
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
        "tsv" | "csv" => {
            let targets = if targets.is_empty() {
                all_targets(&store)?
            } else {
                targets
            };
            if targets.is_empty() {
                bail!("the TM has no translations to export");
            }
            let kind = if format == "tsv" {
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
        "json" | "jsonl" => {
            let sel = Selection { src, targets };
            let n = with_output(a.output.as_deref(), |w| {
                Ok(export::write_json(&store, &sel, w)?)
            })?;
            report(n, a.output.as_deref());
        }
        "xliff" | "xliff2" => {
            if a.files.is_empty() {
                bail!("export --format {format} needs the report(s) to prepare, e.g. tmkit export --format {format} --tgt kk report.en.txt");
            }
            let [tgt] = targets.as_slice() else {
                bail!("export --format {format} needs exactly one target language (--tgt kk or --tgt ru)");
            };
            let version = if format == "xliff" {
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
        other => {
            bail!("unknown export format {other:?} (expected tmx, tsv, csv, json, xliff or xliff2)")
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
fn with_output<T>(
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
