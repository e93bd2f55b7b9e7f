//! `tmkit merge`: a finished XLIFF job written back as the translated report.

use std::path::PathBuf;

use anyhow::bail;
use serde_json::json;

use super::args;
use super::exchange::with_output;
use super::Global;
use tmkit::merge::{merge_job, MergeOptions, MergedDocument, Missing};

/// Arguments of `tmkit merge`.
#[derive(Debug, clap::Args)]
#[command(after_help = "\
Examples:
  tmkit export --format xliff --tgt kk report.en.txt -o report.kk.xlf   # the job
  tmkit merge report.kk.xlf                 # the translator's file → report.kk.txt
  tmkit merge report.kk.xlf -o out.kk.txt   # another name (- for stdout)
  tmkit merge --strict report.kk.xlf        # exit 1, nothing written, if a segment is untranslated

Each report of the job is written beside the report it was made from (NAME.en.txt gives
NAME.kk.txt), with its paragraphs. A segment without a translation keeps its source text and
is listed (with --strict: exit 1 and nothing written).")]
pub struct MergeArgs {
    /// The translated XLIFF job (1.2 or 2.0).
    pub job: PathBuf,
    /// Output file, or - for stdout (default: beside each report, NAME.TGT.txt). Only for
    /// a job of one report.
    #[arg(short, long)]
    pub output: Option<PathBuf>,
    /// Exit 1 and write nothing when a segment has no translation (default: keep its
    /// source text and warn).
    #[arg(long)]
    pub strict: bool,
    /// Target language of a job that names none.
    #[arg(long, value_name = "LANG", value_parser = args::lang)]
    pub tgt: Option<String>,
    /// Print what was merged as JSON.
    #[arg(long)]
    pub json: bool,
}

/// Runs `tmkit merge`.
pub fn merge(_g: &Global, a: MergeArgs) -> anyhow::Result<i32> {
    if !a.job.is_file() {
        bail!("{}: no such file", a.job.display());
    }
    let opts = MergeOptions {
        tgt_lang: a.tgt.clone(),
    };
    let mut docs = merge_job(&a.job, &opts)?;
    if docs.is_empty() {
        bail!(
            "{}: the job holds no units: nothing to merge",
            a.job.display()
        );
    }
    if a.output.is_some() && docs.len() > 1 {
        bail!(
            "{}: the job holds {} reports; -o names one output: leave it out to write each beside its report",
            a.job.display(),
            docs.len()
        );
    }
    if let Some(o) = &a.output {
        docs[0].output = o.clone();
    }
    let untranslated: usize = docs.iter().map(|d| d.untranslated.len()).sum();
    for d in &docs {
        warn(d, a.strict);
    }
    if a.strict && untranslated > 0 {
        eprintln!(
            "tmkit merge: FAILED — {untranslated} segment(s) without a translation; nothing written"
        );
        if a.json {
            outln!("{}", report(&docs, false));
        }
        return Ok(super::EXIT_CHECK_FAILED);
    }
    for d in &docs {
        if let Some(orig) = &d.original {
            if std::path::Path::new(orig) == d.output {
                bail!(
                    "{}: the merged report would replace its source report",
                    orig
                );
            }
        }
        let to_stdout = d.output.as_os_str() == "-";
        let path = (!to_stdout).then_some(d.output.as_path());
        with_output(path, |w| Ok(w.write_all(d.text.as_bytes())?))?;
        if !to_stdout && !a.json {
            outln!(
                "{}: {} paragraph(s), {} segment(s){}",
                d.output.display(),
                d.paragraphs,
                d.segments,
                if d.untranslated.is_empty() {
                    String::new()
                } else {
                    format!(", {} kept in the source language", d.untranslated.len())
                }
            );
        }
    }
    if a.json {
        outln!("{}", report(&docs, true));
    }
    Ok(super::EXIT_OK)
}

/// The warnings of one document, on stderr.
fn warn(d: &MergedDocument, strict: bool) {
    for u in &d.untranslated {
        let why = match u.reason {
            Missing::NoTarget => "no translation".to_string(),
            Missing::Untranslated => format!(
                "not translated (state {})",
                u.state.as_deref().unwrap_or_default()
            ),
            Missing::UntouchedFuzzy => {
                "still the fuzzy match of another sentence it was pre-filled with".to_string()
            }
        };
        let what = if strict {
            "error"
        } else {
            "warning: source text kept"
        };
        eprintln!("{}: {what}: unit {}: {why}: “{}”", u.at, u.id, u.source);
    }
    if d.unconfirmed > 0 {
        eprintln!(
            "tmkit merge: warning: {}: {} segment(s) still wait for review; merged as they are",
            d.output.display(),
            d.unconfirmed
        );
    }
    for r in &d.resegmented {
        eprintln!(
            "tmkit merge: warning: {}: paragraph {} holds {} sentence(s) but segments into {}; importing it beside its source will not pair them",
            d.output.display(),
            r.paragraph,
            r.sentences,
            r.found
        );
    }
}

fn report(docs: &[MergedDocument], written: bool) -> serde_json::Value {
    json!({
        "written": written,
        "documents": docs.iter().map(|d| json!({
            "original": d.original,
            "output": d.output,
            "src_lang": d.src_lang,
            "tgt_lang": d.tgt_lang,
            "paragraphs": d.paragraphs,
            "segments": d.segments,
            "unconfirmed": d.unconfirmed,
            "untranslated": d.untranslated,
            "resegmented": d.resegmented,
        })).collect::<Vec<_>>(),
    })
}
