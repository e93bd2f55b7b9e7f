//! `tmkit check` and `tmkit glossary`.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{bail, Context};
use tmkit::check::{
    read_paths, read_paths_batches_with, read_store, read_store_batches, write_report, CheckUnit,
    Checker, Config, ReadOptions,
};
use tmkit::glossary::{self, Glossary, ProblemLevel};
use tmkit::store::StoreError;

use super::args::{self, Choice};
use super::{Global, EXIT_CHECK_FAILED, EXIT_OK};

/// Arguments of `tmkit check`.
#[derive(Debug, clap::Args)]
#[command(after_help = "\
Checks (ids for --severity): term-missing, term-forbidden, mixed-script, number-mismatch,
date-mismatch, untranslated, quote-balance (errors by default), inconsistent-translation
(a warning by default). Exit status: 0 clean (warnings allowed), 1 an error-level issue was
found, 2 bad input or usage. With -o FILE the summary line is still printed on stderr.

Examples:
  tmkit check --glossary glossary tm/corpus
  tmkit check --glossary glossary/names.csv report.kk.txt --lang kk --format github
  tmkit check tm/corpus --format gitlab -o gl-code-quality-report.json
  tmkit check tm/corpus --allow-latin Telegram,COVID
  tmkit check --tgt kk job.xlf                     a 1.2 job without target-language
  tmkit check tm/corpus --severity mixed-script=warning --severity inconsistent-translation=off")]
pub struct CheckArgs {
    /// Glossary: a CSV or TBX file, or a directory of them.
    #[arg(long, value_name = "PATH", default_value = "glossary")]
    pub glossary: PathBuf,
    /// Inputs: directories of NAME.LANG.txt reports, reports, TSV/CSV tables, TMX files,
    /// TM databases (.db). Default: the TM (--db).
    #[arg(value_name = "INPUT")]
    pub inputs: Vec<PathBuf>,
    /// Target languages to check, comma-separated (default: all).
    #[arg(long, value_delimiter = ',', value_name = "LANGS", value_parser = args::lang)]
    pub lang: Vec<String>,
    /// Output format.
    #[arg(long, default_value = "text", value_parser = Choice::<ReportFormat>::new("report format"))]
    pub format: ReportFormat,
    /// Set a check's level: CHECK=error|warning|off (repeatable).
    #[arg(long, value_name = "CHECK=LEVEL")]
    pub severity: Vec<String>,
    /// Language of the source texts.
    #[arg(long, default_value = "en", value_name = "LANG", value_parser = args::lang)]
    pub source_lang: String,
    /// Write the report to FILE instead of stdout.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Latin-script words a Kazakh or Russian translation may keep (untranslated allows
    /// them besides the glossary's terms), comma-separated: --allow-latin Telegram,COVID.
    #[arg(long, value_delimiter = ',', value_name = "WORDS")]
    pub allow_latin: Vec<String>,
    /// Encoding of text inputs (reports, tables) without a byte-order mark:
    /// windows-1251, koi8-r, iso-8859-5, … (default UTF-8). XML files say their own.
    #[arg(long, value_name = "LABEL", value_parser = args::encoding)]
    pub encoding: Option<tmkit::input::TextEncoding>,
    /// Target language of XLIFF jobs that name none (target-language is optional in
    /// XLIFF 1.2). A job that names its language must name this one.
    #[arg(long, value_name = "LANG", value_parser = args::lang)]
    pub tgt: Option<String>,
}

/// How `tmkit check` writes its report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ReportFormat {
    /// For people: each problem with its segment, highlighted on a terminal.
    Text,
    /// {"issues": [...], "summary": {...}}.
    Json,
    /// JUnit XML: a test suite per check, a test case per unit.
    Junit,
    /// SARIF 2.1.0, for code-scanning dashboards.
    Sarif,
    /// GitHub Actions annotations.
    Github,
    /// GitLab Code Quality report (Code Climate JSON), for `artifacts:reports:codequality`.
    Gitlab,
}

impl From<ReportFormat> for tmkit::check::ReportFormat {
    fn from(f: ReportFormat) -> tmkit::check::ReportFormat {
        use tmkit::check::ReportFormat as Lib;
        match f {
            ReportFormat::Text => Lib::Text,
            ReportFormat::Json => Lib::Json,
            ReportFormat::Junit => Lib::Junit,
            ReportFormat::Sarif => Lib::Sarif,
            ReportFormat::Github => Lib::Github,
            ReportFormat::Gitlab => Lib::Gitlab,
        }
    }
}

/// What `tmkit glossary export` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum GlossaryFormat {
    /// TBX v2 (<martif>), for CAT tools.
    Tbx,
    /// The glossary's own CSV.
    Csv,
}

/// Arguments of `tmkit glossary`.
#[derive(Debug, clap::Args)]
#[command(after_help = "\
Examples:
  tmkit glossary list                              every entry, and duplicates or conflicts
  tmkit glossary list --forms \"Baibolat Kunbolat\"  the forms of one entry
  tmkit glossary add \"Bekzat Maqsutkhan\" --kk \"Бекзат Мақсұтхан\" --ru \"Бекзат Максутхан\" --gender m
  tmkit glossary import terms.tbx                  a CAT tool's TBX as glossary/terms.csv
  tmkit glossary export -o glossary.tbx            the glossary for a CAT tool
  tmkit glossary suggest --min-count 3 tm/corpus   names the glossary does not know yet")]
pub struct GlossaryArgs {
    #[command(subcommand)]
    pub action: GlossaryAction,
}

/// What `tmkit glossary` does.
#[derive(Debug, clap::Subcommand)]
pub enum GlossaryAction {
    /// List the entries (and any duplicate or conflicting ones).
    #[command(after_help = "\
Examples:
  tmkit glossary list
  tmkit glossary list --forms                      with the inflected forms the checks accept
  tmkit glossary list --forms Kunbolat             the forms of the entries holding a term
  tmkit glossary list --glossary glossary/names.csv --json")]
    List {
        /// Glossary file or directory.
        #[arg(long, value_name = "PATH", default_value = "glossary")]
        glossary: PathBuf,
        /// Also list every inflected form the checks accept (and catch, for forbidden ones);
        /// with TERM, only the entries holding TERM (any language, any case) or a word of it.
        #[arg(long, value_name = "TERM", num_args = 0..=1, default_missing_value = "")]
        forms: Option<String>,
        /// Machine-readable output.
        #[arg(long)]
        json: bool,
    },
    /// Append an entry to a glossary CSV, refusing one that is invalid, a duplicate or a conflict.
    #[command(after_help = "\
Examples:
  tmkit glossary add \"Bekzat Maqsutkhan\" --kk \"Бекзат Мақсұтхан\" --ru \"Бекзат Максутхан\" --gender m
  tmkit glossary add \"hunger strike\" --kk \"аштық жариялау\" --ru голодовка --file glossary/terms.csv
  tmkit glossary add Zhanaozen --kk Жаңаөзен --ru Жанаозен --set \"ru:forbidden=Новый Узень\"")]
    Add {
        /// The source term (the file's first language column, e.g. `en`).
        term: String,
        /// The Kazakh rendering.
        #[arg(long, value_name = "TEXT")]
        kk: Option<String>,
        /// The Russian rendering.
        #[arg(long, value_name = "TEXT")]
        ru: Option<String>,
        /// Gender, for people: m or f.
        #[arg(long, value_name = "m|f")]
        gender: Option<String>,
        /// A note (cite the pages the renderings come from).
        #[arg(long, value_name = "TEXT")]
        note: Option<String>,
        /// Any other column: COLUMN=VALUE, e.g. ru:forbidden=Алма-Ата or kk:allowed=… (repeatable).
        #[arg(long, value_name = "COLUMN=VALUE")]
        set: Vec<String>,
        /// The CSV to append to (created with these columns if it does not exist).
        #[arg(long, value_name = "FILE", default_value = "glossary/names.csv")]
        file: PathBuf,
        /// The glossary the entry must not duplicate or contradict (default: the file's directory).
        #[arg(long, value_name = "PATH")]
        glossary: Option<PathBuf>,
        /// Language of the source term.
        #[arg(long, default_value = "en", value_name = "LANG", value_parser = args::lang)]
        source_lang: String,
        /// Machine-readable output: the entry added.
        #[arg(long)]
        json: bool,
    },
    /// Convert a TBX file (v2 <martif>, v3 <tbx>, TBX-Min <TBX>) into a glossary CSV.
    #[command(after_help = "\
Examples:
  tmkit glossary import terms.tbx                  writes glossary/terms.csv
  tmkit glossary import multiterm.tbx -o glossary/names.csv --force
  tmkit glossary import terms.tbx --source-lang ru  Russian terms first")]
    Import {
        /// The TBX file.
        file: PathBuf,
        /// The CSV to write (default: glossary/NAME.csv).
        #[arg(short, long, value_name = "FILE")]
        output: Option<PathBuf>,
        /// Overwrite the output if it exists.
        #[arg(long)]
        force: bool,
        /// Source language (listed first).
        #[arg(long, default_value = "en", value_name = "LANG", value_parser = args::lang)]
        source_lang: String,
    },
    /// Write the glossary as TBX v2 (<martif>) or CSV.
    #[command(after_help = "\
Examples:
  tmkit glossary export > glossary.tbx
  tmkit glossary export --format tbx -o glossary.tbx
  tmkit glossary export --glossary glossary --format csv -o all-terms.csv")]
    Export {
        /// Glossary file or directory.
        #[arg(long, value_name = "PATH", default_value = "glossary")]
        glossary: PathBuf,
        /// Output format.
        #[arg(long, default_value = "tbx", value_parser = Choice::<GlossaryFormat>::new("glossary format"))]
        format: GlossaryFormat,
        /// Output file (default: stdout).
        #[arg(short, long, value_name = "FILE")]
        output: Option<PathBuf>,
        /// Source language (the TBX document language).
        #[arg(long, default_value = "en", value_name = "LANG", value_parser = args::lang)]
        source_lang: String,
    },
    /// List capitalized multi-word names in the sources that have no glossary entry.
    #[command(after_help = "\
Examples:
  tmkit glossary suggest                           names in the TM's English sources
  tmkit glossary suggest --min-count 3 tm/corpus
  tmkit glossary suggest report.en.txt --json")]
    Suggest {
        /// Glossary file or directory.
        #[arg(long, value_name = "PATH", default_value = "glossary")]
        glossary: PathBuf,
        /// Inputs, as for `tmkit check` (default: the TM).
        #[arg(value_name = "INPUT")]
        inputs: Vec<PathBuf>,
        /// Only names seen at least this often.
        #[arg(long, default_value_t = 1, value_name = "N")]
        min_count: usize,
        /// Language of the source texts.
        #[arg(long, default_value = "en", value_name = "LANG", value_parser = args::lang)]
        source_lang: String,
        /// Machine-readable output.
        #[arg(long)]
        json: bool,
    },
}

/// Loads a glossary, printing its problems on stderr; conflicts are bad input, and so (for
/// `check`, given the source language) is a glossary it could not use. Errors name the file.
fn load_glossary(path: &Path, source_lang: Option<&str>) -> anyhow::Result<Glossary> {
    let g = match source_lang {
        Some(src) => Glossary::load_for(path, src)?,
        None => Glossary::load(path)?,
    };
    for p in &g.problems {
        eprintln!("tmkit: {p}");
    }
    let conflicts = g
        .problems
        .iter()
        .filter(|p| p.level == ProblemLevel::Error)
        .count();
    if conflicts > 0 {
        bail!(
            "the glossary {} has {conflicts} conflicting entr{} (listed above): fix them first",
            path.display(),
            if conflicts == 1 { "y" } else { "ies" }
        );
    }
    Ok(g)
}

/// The units of the inputs, or of the TM when there are none.
fn read_units(
    g: &Global,
    paths: &[PathBuf],
    source_lang: &str,
) -> anyhow::Result<Vec<tmkit::check::CheckUnit>> {
    let encoding = tmkit::input::TextEncoding::UTF_8;
    if paths.is_empty() {
        let store = super::tm::open_for_read(g)?;
        let mut units = Vec::new();
        read_store(&store, &mut units).context("reading the TM")?;
        return Ok(units);
    }
    Ok(read_paths(paths, source_lang, encoding)?)
}

/// Units checked at a time: the memory `check` holds for the units themselves.
const BATCH: usize = 8192;

/// Checks the inputs, or the TM when there are none, a batch of units at a time, so that
/// memory does not grow with them (except for JUnit, which lists every unit).
fn check_units(
    g: &Global,
    checker: &Checker<'_>,
    paths: &[PathBuf],
    read_opts: &ReadOptions,
    format: tmkit::check::ReportFormat,
) -> anyhow::Result<tmkit::check::Report> {
    let mut run = checker.run();
    if format == tmkit::check::ReportFormat::Junit {
        run = run.keeping_names();
    }
    if !paths.is_empty() {
        let read = |f: &mut dyn FnMut(&[CheckUnit])| -> anyhow::Result<()> {
            Ok(read_paths_batches_with(paths, read_opts, BATCH, f)?)
        };
        read(&mut |batch| run.add(batch))?;
        return run.finish(read);
    }
    let store = super::tm::open_for_read(g)?;
    let read = |f: &mut dyn FnMut(&[CheckUnit])| {
        read_store_batches(&store, BATCH, |batch| {
            f(batch);
            Ok::<(), StoreError>(())
        })
        .context("reading the TM")
    };
    read(&mut |batch| run.add(batch))?;
    run.finish(read)
}

fn open_output(path: Option<&Path>) -> anyhow::Result<Box<dyn Write>> {
    Ok(match path {
        Some(p) => Box::new(std::io::BufWriter::new(
            std::fs::File::create(p).with_context(|| format!("creating {}", p.display()))?,
        )),
        None => Box::new(std::io::BufWriter::new(std::io::stdout().lock())),
    })
}

/// `tmkit check`.
pub fn check(g: &Global, a: CheckArgs) -> anyhow::Result<i32> {
    let mut config = Config::default();
    config.source_lang = a.source_lang;
    for s in &a.severity {
        config
            .apply_setting(s)
            .map_err(|e| anyhow::anyhow!("--severity {e}"))?;
    }
    config.langs = a.lang;
    config.allowed_latin = a.allow_latin;
    let format = tmkit::check::ReportFormat::from(a.format);
    let glossary = load_glossary(&a.glossary, Some(&config.source_lang))?;
    let checker = Checker::new(&glossary, config);
    let read_opts = ReadOptions {
        encoding: a.encoding.unwrap_or_default(),
        xliff_tgt: a.tgt,
        ..ReadOptions::new(&checker.config().source_lang)
    };
    let report = check_units(g, &checker, &a.inputs, &read_opts, format)?;
    let color = a.output.is_none() && super::color_stdout();
    let mut out = open_output(a.output.as_deref())?;
    write_report(&mut out, format, &report, checker.config(), color)?;
    out.flush()?;
    if let Some(p) = &a.output {
        // The report went to a file: the verdict still shows in the CI log.
        eprintln!(
            "{} (report: {})",
            tmkit::check::summary_line(&report),
            p.display()
        );
    }
    Ok(if report.failed() {
        EXIT_CHECK_FAILED
    } else {
        EXIT_OK
    })
}

/// `tmkit glossary …`.
pub fn glossary(g: &Global, a: GlossaryArgs) -> anyhow::Result<i32> {
    match a.action {
        GlossaryAction::List {
            glossary,
            forms,
            json,
        } => list(&glossary, forms.as_deref(), json),
        GlossaryAction::Add {
            term,
            kk,
            ru,
            gender,
            note,
            set,
            file,
            glossary,
            source_lang,
            json,
        } => {
            let mut cells = vec![(source_lang, term)];
            for (col, v) in [("kk", kk), ("ru", ru), ("gender", gender), ("note", note)] {
                if let Some(v) = v {
                    cells.push((col.to_string(), v));
                }
            }
            for s in &set {
                let Some((c, v)) = s.split_once('=') else {
                    bail!("--set {s}: expected COLUMN=VALUE, e.g. ru:forbidden=Алма-Ата");
                };
                cells.push((c.trim().to_string(), v.to_string()));
            }
            add(&file, glossary.as_deref(), &cells, json)
        }
        GlossaryAction::Import {
            file,
            output,
            force,
            source_lang,
        } => import(&file, output, force, &source_lang),
        GlossaryAction::Export {
            glossary,
            format,
            output,
            source_lang,
        } => export(&glossary, format, output.as_deref(), &source_lang),
        GlossaryAction::Suggest {
            glossary,
            inputs,
            min_count,
            source_lang,
            json,
        } => suggest(g, &glossary, &inputs, min_count, &source_lang, json),
    }
}

/// `tmkit glossary add`.
fn add(
    file: &Path,
    within: Option<&Path>,
    cells: &[(String, String)],
    json: bool,
) -> anyhow::Result<i32> {
    if cells.len() < 2 {
        bail!("nothing to add but the term: give a rendering (--kk, --ru or --set LANG=…)");
    }
    let dir = file.parent().filter(|d| !d.as_os_str().is_empty());
    let within = within.or(dir);
    let e = glossary::add_entry(file, within, cells)?;
    let mut out = open_output(None)?;
    if json {
        serde_json::to_writer_pretty(&mut out, &e)?;
        writeln!(out)?;
    } else {
        writeln!(out, "added {}", e.origin)?;
    }
    out.flush()?;
    Ok(EXIT_OK)
}

fn list(path: &Path, term: Option<&str>, json: bool) -> anyhow::Result<i32> {
    let forms = term.is_some();
    let mut g =
        Glossary::load(path).with_context(|| format!("reading the glossary {}", path.display()))?;
    if let Some(t) = term.filter(|t| !t.trim().is_empty()) {
        g.entries.retain(|e| holds(e, t));
        if g.entries.is_empty() {
            bail!("no entry of {} holds “{t}”", path.display());
        }
    }
    let mut out = open_output(None)?;
    if json {
        let mut v = serde_json::to_value(&g)?;
        if forms {
            for (k, e) in g.entries.iter().enumerate() {
                let mut by_lang = BTreeMap::new();
                for (lang, t) in &e.terms {
                    let all: Vec<String> = t
                        .accepted()
                        .chain(t.forbidden.iter().map(String::as_str))
                        .flat_map(|r| glossary::morph::surface_forms(lang, r, e.gender))
                        .collect();
                    by_lang.insert(lang.clone(), all);
                }
                v["entries"][k]["forms"] = serde_json::to_value(by_lang)?;
            }
        }
        serde_json::to_writer_pretty(&mut out, &v)?;
        writeln!(out)?;
    } else {
        for e in &g.entries {
            let parts: Vec<String> = e
                .terms
                .iter()
                .map(|(l, t)| {
                    let mut s = format!("{l}: {}", t.preferred.as_deref().unwrap_or("—"));
                    if !t.allowed.is_empty() {
                        s.push_str(&format!(" (also {})", t.allowed.join(", ")));
                    }
                    if !t.forbidden.is_empty() {
                        s.push_str(&format!(" (not {})", t.forbidden.join(", ")));
                    }
                    s
                })
                .collect();
            let gender = e
                .gender
                .map(|g| format!(" [{}]", g.code()))
                .unwrap_or_default();
            writeln!(out, "{}{gender}  {}", e.origin, parts.join(" | "))?;
            if forms {
                for (lang, t) in &e.terms {
                    for r in t.accepted() {
                        let f = glossary::morph::surface_forms(lang, r, e.gender);
                        writeln!(out, "    {lang} {r}: {}", f.join(" "))?;
                    }
                }
            }
        }
        writeln!(out, "{} entries", g.entries.len())?;
        for p in &g.problems {
            eprintln!("tmkit: {p}");
        }
    }
    out.flush()?;
    Ok(if g.has_conflicts() {
        EXIT_CHECK_FAILED
    } else {
        EXIT_OK
    })
}

/// Whether entry `e` holds `term` (folded: any case, ё = е) as one of its renderings, or as
/// a word of one.
fn holds(e: &glossary::Entry, term: &str) -> bool {
    let want = glossary::morph::fold(term.trim());
    e.terms.values().any(|t| {
        t.accepted()
            .chain(t.forbidden.iter().map(String::as_str))
            .any(|r| {
                let r = glossary::morph::fold(r);
                r == want || r.split_whitespace().any(|w| w == want)
            })
    })
}

fn import(
    file: &Path,
    output: Option<PathBuf>,
    force: bool,
    source_lang: &str,
) -> anyhow::Result<i32> {
    let bytes = std::fs::read(file).with_context(|| format!("reading {}", file.display()))?;
    let tmkit::glossary::Tbx { entries, warnings } = tmkit::glossary::read_tbx(&bytes, file)?;
    for w in &warnings {
        eprintln!("tmkit: {w}");
    }
    let out = output.unwrap_or_else(|| {
        let stem = file
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_else(|| "imported".into());
        Path::new("glossary").join(format!("{stem}.csv"))
    });
    if out.exists() && !force {
        bail!(
            "{} exists: choose another --output or pass --force",
            out.display()
        );
    }
    if let Some(dir) = out.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    }
    let mut buf = Vec::new();
    glossary::write_csv(&entries, source_lang, &mut buf)?;
    std::fs::write(&out, buf).with_context(|| format!("writing {}", out.display()))?;
    let g = Glossary::from_entries(entries);
    for p in &g.problems {
        eprintln!("tmkit: {p}");
    }
    eprintln!(
        "tmkit: {} entries from {} written to {}",
        g.entries.len(),
        file.display(),
        out.display()
    );
    Ok(EXIT_OK)
}

fn export(
    path: &Path,
    format: GlossaryFormat,
    output: Option<&Path>,
    source_lang: &str,
) -> anyhow::Result<i32> {
    let g = load_glossary(path, None)?;
    // TBX is built first: when the glossary cannot be written, no output file is created.
    let tbx = match format {
        GlossaryFormat::Csv => None,
        GlossaryFormat::Tbx => Some(tmkit::glossary::write_tbx(&g.entries, source_lang)?),
    };
    let mut out = open_output(output)?;
    match tbx {
        None => glossary::write_csv(&g.entries, source_lang, &mut out)?,
        Some(tbx) => out.write_all(tbx.as_bytes())?,
    }
    out.flush()?;
    Ok(EXIT_OK)
}

fn suggest(
    g: &Global,
    path: &Path,
    inputs: &[PathBuf],
    min_count: usize,
    source_lang: &str,
    json: bool,
) -> anyhow::Result<i32> {
    let glossary = load_glossary(path, None)?;
    let units = read_units(g, inputs, source_lang)?;
    let sources: Vec<(&str, &str)> = units
        .iter()
        .filter(|u| tmkit::lang::primary(&u.source.lang) == tmkit::lang::primary(source_lang))
        .map(|u| (u.name.as_str(), u.source.text.as_str()))
        .collect();
    let found = tmkit::glossary::suggest_names(&glossary, source_lang, &sources);
    let found: Vec<_> = found.into_iter().filter(|s| s.count >= min_count).collect();
    let mut out = open_output(None)?;
    if json {
        serde_json::to_writer_pretty(&mut out, &found)?;
        writeln!(out)?;
    } else {
        for s in &found {
            writeln!(
                out,
                "{:>4}  {}\n      e.g. {}: {}",
                s.count, s.name, s.unit, s.example
            )?;
        }
        writeln!(out, "{} name(s) without a glossary entry", found.len())?;
    }
    out.flush()?;
    Ok(EXIT_OK)
}
