//! `tmkit import`, `stats`, `show`, `add`, `delete`, and where the TM lives.

use std::path::{Path, PathBuf};

use anyhow::{bail, Context};
use serde_json::json;
use tmkit::import::{self, AlignOptions, Options, Plan, Summary};
use tmkit::input::{Dialect, InputKind, NoProgress, Progress};
use tmkit::store::{self, Mode, Store, UnitInput, VariantInput};

use super::{Global, EXIT_OK};

/// The default TM, relative to the current directory.
const DEFAULT_DB: &str = "tm/tmkit.db";
/// The bundled corpus the default TM is built from.
const DEFAULT_CORPUS: &str = "tm/corpus";

/// The TM path: `--db`, else `$TMKIT_DB`, else `tm/tmkit.db`; true when it is the default.
pub fn db_path(g: &Global) -> (PathBuf, bool) {
    if let Some(p) = &g.db {
        return (p.clone(), false);
    }
    match std::env::var_os("TMKIT_DB") {
        Some(p) if !p.is_empty() => (PathBuf::from(p), false),
        _ => (PathBuf::from(DEFAULT_DB), true),
    }
}

/// The user recorded as creator/changer.
pub fn user(g: &Global) -> String {
    g.user.clone().unwrap_or_else(store::default_user)
}

/// Opens the TM for a command that reads it ([`Mode::Read`]: it is not written, and may be
/// on a read-only medium). When the default TM does not exist yet and `tm/corpus/` does,
/// builds it from the corpus first (and says so on stderr).
pub fn open_for_read(g: &Global) -> anyhow::Result<Store> {
    let path = existing_tm(g)?;
    Ok(Store::open_as(&path, Mode::Read, waiting_for)?)
}

/// Opens an existing TM for a command that changes it (building the default TM first, as
/// [`open_for_read`] does).
fn open_existing_for_write(g: &Global) -> anyhow::Result<Store> {
    let path = existing_tm(g)?;
    Ok(Store::open_as(&path, Mode::Existing, waiting_for)?)
}

/// Says on stderr that the TM is held by another process and that this one waits.
fn waiting_for(path: &Path) {
    eprintln!(
        "tmkit: waiting for another process writing {} (up to {} minutes)…",
        path.display(),
        store::LOCK_WAIT.as_secs() / 60
    );
}

/// The path of the TM, which exists: the default TM is built from the bundled corpus when
/// it does not exist yet.
pub fn existing_tm(g: &Global) -> anyhow::Result<PathBuf> {
    let (path, is_default) = db_path(g);
    if path.exists() {
        return Ok(path);
    }
    if is_default && Path::new(DEFAULT_CORPUS).is_dir() {
        eprintln!(
            "tmkit: {DEFAULT_DB} does not exist yet: building it from {DEFAULT_CORPUS}/ (once)…"
        );
        // Build beside the final path under a name of this process's own, and link it into
        // place at the end: a failed build leaves no half-made TM behind, and when another
        // process builds it at the same time, the first to finish wins and the other uses
        // that TM (a link, unlike a rename, never replaces a TM someone has open).
        let building = path.with_extension(format!("db.building.{}", std::process::id()));
        remove_db_files(&building);
        let built = build_default(g, &building);
        if let Err(e) = built {
            remove_db_files(&building);
            return Err(e.context(format!("building {DEFAULT_DB} from {DEFAULT_CORPUS}/")));
        }
        let placed = match std::fs::hard_link(&building, &path) {
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Ok(()),
            Err(_) if !path.exists() => std::fs::rename(&building, &path),
            done => done,
        };
        remove_db_files(&building);
        placed.with_context(|| format!("moving {} to {}", building.display(), path.display()))?;
        return Ok(path);
    }
    bail!(
        "no TM at {} (create one with `tmkit --db {} import FILE…`)",
        path.display(),
        path.display()
    )
}

/// Imports the bundled corpus into a new TM at `path` and closes it.
fn build_default(g: &Global, path: &Path) -> anyhow::Result<()> {
    let mut store = Store::open(path)?;
    let summary = import::run(
        &mut store,
        &user(g),
        &[PathBuf::from(DEFAULT_CORPUS)],
        &Plan::default(),
        &mut NoProgress,
    )?;
    drop(store); // closing checkpoints the WAL into the main file
    eprintln!("tmkit: {}", summary_line(&summary));
    Ok(())
}

fn remove_db_files(path: &Path) {
    for suffix in ["", "-wal", "-shm"] {
        let mut p = path.as_os_str().to_owned();
        p.push(suffix);
        let _ = std::fs::remove_file(p);
    }
}

/// Opens (creating if needed) the TM for a command that writes it.
fn open_for_write(g: &Global) -> anyhow::Result<Store> {
    let (path, _) = db_path(g);
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        if !dir.is_dir() {
            bail!("{}: the TM's directory does not exist", dir.display());
        }
    }
    Ok(Store::open_as(&path, Mode::Create, waiting_for)?)
}

const IMPORT_HELP: &str = "\
Examples:
  tmkit import report.en.txt                      # sentences as source-only units
  tmkit import report.en.txt --target kk=report.kk.txt --target ru=report.ru.txt
  tmkit import tm/corpus                          # every NAME.en.txt with its NAME.kk/ru.txt
  tmkit import memory.tsv                         # header row: en<TAB>kk<TAB>ru
  tmkit import memory.tmx
  tmkit import job.xlf                            # confirmed translations of an XLIFF job
  tmkit import job.xlf --include-unconfirmed      # also those still needs-review-…
  tmkit import --tgt kk job.xlf                   # a 1.2 job without target-language
  tmkit import other.db                           # every unit of another tmkit TM
  tmkit import r.en.txt --target kk=r.kk.txt --align --min-confidence 0.6
                                                  # translations that do not match sentence for sentence

Everything is imported in one transaction: on any error nothing is stored.";

/// Arguments of `tmkit import`.
#[derive(Debug, clap::Args)]
#[command(after_help = IMPORT_HELP)]
pub struct ImportArgs {
    /// Files or directories to import (.txt reports, .tsv, .csv, .tmx, .xlf, a TM .db; directories of reports, tables, TMX and XLIFF files).
    #[arg(required = true)]
    pub inputs: Vec<PathBuf>,
    /// Source language (default: from NAME.LANG.txt, else en; for tables: the source column).
    #[arg(long, value_name = "LANG", value_parser = super::args::lang)]
    pub lang: Option<String>,
    /// A translation of the (single) report: LANG=FILE, repeatable.
    #[arg(long = "target", value_name = "LANG=FILE", value_parser = super::args::lang_file)]
    pub targets: Vec<(String, PathBuf)>,
    /// Encoding of text inputs (reports, tables) without a byte-order mark:
    /// windows-1251, koi8-r, iso-8859-5, … (default UTF-8). XML files say their own.
    #[arg(long, value_name = "LABEL", value_parser = super::args::encoding)]
    pub encoding: Option<tmkit::input::TextEncoding>,
    /// Input format (default: from the extension).
    #[arg(long, default_value = "auto", value_parser = super::args::Choice::<InputFormat>::new("input format"))]
    pub format: InputFormat,
    /// Extra abbreviations for the segmenter, one per line.
    #[arg(long, value_name = "FILE")]
    pub abbrev: Option<PathBuf>,
    /// Align reports whose translations do not match sentence for sentence (merged, split,
    /// dropped or added sentences) and store each bead as a unit.
    #[arg(long)]
    pub align: bool,
    /// With --align: a glossary (CSV or TBX file, or a directory of them) whose names and
    /// terms, in any inflected form, anchor the alignment.
    #[arg(long, value_name = "PATH", requires = "align")]
    pub glossary: Option<PathBuf>,
    /// With --align: leave out beads whose confidence (0.0–1.0) is below X.
    #[arg(long, value_name = "X", requires = "align", value_parser = confidence)]
    pub min_confidence: Option<f64>,
    /// Read and check everything, but store nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// XLIFF: the target language of files that name none (target-language is optional in
    /// XLIFF 1.2).
    #[arg(long, value_name = "LANG", value_parser = super::args::lang)]
    pub tgt: Option<String>,
    /// XLIFF: also store targets still waiting for review (needs-review-translation, …).
    /// Untranslated ones (new, initial) and untouched fuzzy pre-fills are never stored.
    #[arg(long)]
    pub include_unconfirmed: bool,
    /// Print the summary as JSON.
    #[arg(long)]
    pub json: bool,
}

/// How to read an import input.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum InputFormat {
    /// From the extension (.txt, .tsv, .csv, .tmx, .xlf/.xliff, .db; a directory holds reports, tables, TMX and XLIFF files).
    Auto,
    /// Plain-text report.
    Text,
    /// Tab-separated table.
    Tsv,
    /// Comma-separated table.
    Csv,
    /// TMX.
    Tmx,
    /// XLIFF.
    Xliff,
}

impl InputFormat {
    /// The input kind this format forces, `None` for [`InputFormat::Auto`].
    fn kind(self) -> Option<InputKind> {
        match self {
            InputFormat::Auto => None,
            InputFormat::Text => Some(InputKind::Report),
            InputFormat::Tsv => Some(InputKind::Table(Dialect::Tsv)),
            InputFormat::Csv => Some(InputKind::Table(Dialect::Csv)),
            InputFormat::Tmx => Some(InputKind::Tmx),
            InputFormat::Xliff => Some(InputKind::Xliff),
        }
    }
}

/// A progress bar over the inputs' total size (drawn only when stderr is a terminal).
struct Bar(indicatif::ProgressBar);

impl Progress for Bar {
    fn advance(&mut self, bytes: u64) {
        self.0.inc(bytes);
    }

    /// Aligning (`import --align`) reads nothing for a while: the bar says what it does and
    /// how far it has come, and goes quiet again when done.
    fn working(&mut self, what: &str, done: u64, total: u64) {
        if done >= total {
            self.0.set_message("");
        } else {
            self.0
                .set_message(format!("{what} {}%", done * 100 / total.max(1)));
        }
    }
}

fn total_size(paths: &[PathBuf]) -> u64 {
    fn size(p: &Path) -> u64 {
        if p.is_dir() {
            std::fs::read_dir(p)
                .map(|rd| rd.flatten().map(|e| size(&e.path())).sum())
                .unwrap_or(0)
        } else {
            std::fs::metadata(p).map(|m| m.len()).unwrap_or(0)
        }
    }
    paths.iter().map(|p| size(p)).sum()
}

/// `--min-confidence`: a number from 0 to 1.
fn confidence(s: &str) -> Result<f64, String> {
    match s.parse::<f64>() {
        Ok(x) if (0.0..=1.0).contains(&x) => Ok(x),
        _ => Err(format!("expected a confidence from 0.0 to 1.0, got {s:?}")),
    }
}

/// `tmkit import`.
pub fn import(g: &Global, a: ImportArgs) -> anyhow::Result<i32> {
    if !a.targets.is_empty() && a.inputs.len() != 1 {
        bail!("--target pairs translations with one report: give exactly one input file");
    }
    let abbreviations = match &a.abbrev {
        Some(p) => read_abbreviations(p)?,
        None => Vec::new(),
    };
    let plan = Plan {
        options: Options {
            src_lang: a.lang.clone(),
            abbreviations,
            align: match a.align {
                true => Some(AlignOptions {
                    min_confidence: a.min_confidence.unwrap_or(0.0),
                    glossary: match &a.glossary {
                        Some(p) => Some(
                            tmkit::glossary::Glossary::load_for(
                                p,
                                a.lang.as_deref().unwrap_or("en"),
                            )
                            .with_context(|| format!("reading the glossary {}", p.display()))?,
                        ),
                        None => None,
                    },
                    ..Default::default()
                }),
                false => None,
            },
            encoding: a.encoding.unwrap_or_default(),
            tgt_lang: a.tgt.clone(),
            include_unconfirmed: a.include_unconfirmed,
        },
        targets: a.targets.clone(),
        kind: a.format.kind(),
        dry_run: a.dry_run,
    };
    for p in a.inputs.iter().chain(a.targets.iter().map(|(_, p)| p)) {
        if !p.exists() {
            bail!("{}: no such file or directory", p.display());
        }
        InputKind::refuse_pipe(p)?;
    }
    let mut store = open_for_write(g)?;
    let bar = if super::progress_allowed() {
        let style = indicatif::ProgressStyle::with_template(
            "{spinner} importing [{bar:40}] {bytes}/{total_bytes} {bytes_per_sec} eta {eta} {msg}",
        )
        .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar());
        let total = total_size(&a.inputs)
            + total_size(&plan.targets.iter().map(|t| t.1.clone()).collect::<Vec<_>>());
        let bar = indicatif::ProgressBar::new(total).with_style(style);
        if a.align {
            // Aligning reads nothing for seconds: the spinner shows it is still at work.
            bar.enable_steady_tick(std::time::Duration::from_millis(120));
        }
        bar
    } else {
        indicatif::ProgressBar::hidden()
    };
    let mut progress = Bar(bar.clone());
    let started = std::time::Instant::now();
    let summary = import::run(&mut store, &user(g), &a.inputs, &plan, &mut progress)?;
    bar.finish_and_clear();
    if a.json {
        outln!(
            "{}",
            json!({
                "added": summary.added,
                "updated": summary.updated,
                "unchanged": summary.unchanged,
                "documents_skipped": summary.documents_skipped,
                "beads_aligned": summary.beads_aligned,
                "beads_left_out": summary.beads_left_out,
                "xliff": summary.xliff,
                "alternatives": summary.alternatives,
                "dry_run": a.dry_run,
                "seconds": started.elapsed().as_secs_f64(),
            })
        );
    } else {
        let prefix = if a.dry_run {
            "dry run, nothing stored: "
        } else {
            ""
        };
        outln!("{prefix}{}", summary_line(&summary));
        for t in &summary.xliff {
            outln!("{}", xliff_line(t));
            for m in t.messages() {
                outln!("  {m}");
            }
        }
    }
    Ok(EXIT_OK)
}

fn summary_line(s: &Summary) -> String {
    let mut line = format!(
        "{} unit(s) added, {} updated, {} unchanged",
        s.added, s.updated, s.unchanged
    );
    if s.beads_aligned > 0 || s.beads_left_out > 0 {
        line.push_str(&format!("; {} aligned bead(s) stored", s.beads_aligned));
        if s.beads_left_out > 0 {
            line.push_str(&format!(
                ", {} left out (confidence below --min-confidence)",
                s.beads_left_out
            ));
        }
    }
    if s.alternatives > 0 {
        line.push_str(&format!(
            "; {} alternative translation(s) kept",
            s.alternatives
        ));
    }
    if s.documents_skipped > 0 {
        line.push_str(&format!(
            "; {} document(s) skipped (unchanged since the last import)",
            s.documents_skipped
        ));
    }
    line
}

/// An XLIFF file's segments by state: `job.xlf: 12 segment(s): 9 translated, 3 needs-review-translation`.
fn xliff_line(t: &tmkit::input::XliffTally) -> String {
    let states: Vec<String> = t.by_state.iter().map(|(s, n)| format!("{n} {s}")).collect();
    format!(
        "{}: {} segment(s): {}; {} stored, {} not stored",
        t.file,
        t.segments,
        states.join(", "),
        t.segments - t.not_stored_total(),
        t.not_stored_total()
    )
}

pub fn read_abbreviations(p: &Path) -> anyhow::Result<Vec<String>> {
    let text = std::fs::read_to_string(p).with_context(|| format!("{}", p.display()))?;
    Ok(text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(String::from)
        .collect())
}

/// Arguments of `tmkit stats`.
#[derive(Debug, clap::Args)]
#[command(after_help = "\
Examples:
  tmkit stats                                      units, documents, variants per language
  tmkit stats --json
  tmkit --db other.db stats")]
pub struct StatsArgs {
    /// Machine-readable output.
    #[arg(long)]
    pub json: bool,
}

/// `tmkit stats`.
pub fn stats(g: &Global, a: StatsArgs) -> anyhow::Result<i32> {
    let store = open_for_read(g)?;
    let s = store.stats()?;
    if a.json {
        let mut v = serde_json::to_value(&s)?;
        v["db"] = json!(store.path().display().to_string());
        outln!("{}", serde_json::to_string_pretty(&v)?);
        return Ok(EXIT_OK);
    }
    outln!("TM:         {}", store.path().display());
    outln!("size:       {}", human_bytes(s.db_bytes));
    outln!("units:      {}", s.units);
    outln!("documents:  {}", s.documents);
    outln!("languages:");
    for (lang, n) in &s.languages {
        let role = match (s.source_languages.get(lang), s.target_languages.get(lang)) {
            (Some(_), Some(_)) => "source and target",
            (Some(_), None) => "source",
            _ => "target",
        };
        outln!("  {lang:<8} {n:>9}  ({role})");
    }
    Ok(EXIT_OK)
}

fn human_bytes(n: u64) -> String {
    const UNITS: [&str; 4] = ["B", "KiB", "MiB", "GiB"];
    let mut v = n as f64;
    let mut i = 0;
    while v >= 1024.0 && i + 1 < UNITS.len() {
        v /= 1024.0;
        i += 1;
    }
    if i == 0 {
        format!("{n} B")
    } else {
        format!("{v:.1} {}", UNITS[i])
    }
}

/// Arguments of `tmkit show`.
#[derive(Debug, clap::Args)]
#[command(after_help = "\
Examples:
  tmkit show 12                                    source, translations and provenance
  tmkit show 12 --json")]
pub struct ShowArgs {
    /// Unit id.
    pub id: i64,
    /// Machine-readable output.
    #[arg(long)]
    pub json: bool,
}

/// `tmkit show`.
pub fn show(g: &Global, a: ShowArgs) -> anyhow::Result<i32> {
    let store = open_for_read(g)?;
    let Some(u) = store.unit(a.id)? else {
        bail!("no unit with id {} in {}", a.id, store.path().display());
    };
    if a.json {
        outln!("{}", serde_json::to_string_pretty(&u)?);
        return Ok(EXIT_OK);
    }
    outln!("unit {}", u.id);
    outln!("  {:<6} {}", u.src_lang, u.source);
    let several = u.variants.windows(2).any(|w| w[0].lang == w[1].lang);
    for v in &u.variants {
        outln!(
            "  {:<6} {}{}",
            v.lang,
            v.text,
            super::lookup::variant_note(&u, v)
        );
        if several || !v.props.is_empty() {
            outln!(
                "         created {} by {}; changed {} by {}",
                v.created_at,
                v.created_by,
                v.changed_at,
                v.changed_by
            );
        }
        for p in &v.props {
            let ty = p
                .prop_type
                .as_deref()
                .map(|t| format!(" {t}"))
                .unwrap_or_default();
            outln!("         {}{ty}: {}", p.kind, p.value);
        }
    }
    outln!(
        "  created {} by {}; changed {} by {}",
        u.created_at,
        u.created_by,
        u.changed_at,
        u.changed_by
    );
    if let Some(t) = &u.tuid {
        outln!("  tuid {t}");
    }
    for p in &u.provenance {
        outln!(
            "  from {} paragraph {} sentence {}",
            p.document,
            p.paragraph,
            p.sentence
        );
    }
    for p in &u.props {
        let lang = p
            .lang
            .as_deref()
            .map(|l| format!(" [{l}]"))
            .unwrap_or_default();
        let ty = p
            .prop_type
            .as_deref()
            .map(|t| format!(" {t}"))
            .unwrap_or_default();
        outln!("  {}{ty}{lang}: {}", p.kind, p.value);
    }
    Ok(EXIT_OK)
}

/// Arguments of `tmkit add`.
#[derive(Debug, clap::Args)]
#[command(after_help = "\
Examples:
  tmkit add \"Police dismantled the tent.\" --target kk=\"Полиция шатырды бұзды.\" --target ru=\"Полиция разобрала палатку.\"
  tmkit add --src ru \"Полиция разобрала палатку.\" --target kk=\"Полиция шатырды бұзды.\"
  tmkit add --json \"The camp stayed.\" --target ru=\"Лагерь остался.\"      prints {\"id\",\"change\"}")]
pub struct AddArgs {
    /// The source sentence.
    pub text: String,
    /// Source language.
    #[arg(long, value_name = "LANG", default_value = "en", value_parser = super::args::lang)]
    pub src: String,
    /// A translation: LANG=TEXT, repeatable.
    #[arg(long = "target", value_name = "LANG=TEXT", value_parser = super::args::lang_text)]
    pub targets: Vec<(String, String)>,
    /// Machine-readable output.
    #[arg(long)]
    pub json: bool,
}

/// `tmkit add`.
pub fn add(g: &Global, a: AddArgs) -> anyhow::Result<i32> {
    if a.text.trim().is_empty() {
        bail!("the source text is empty");
    }
    let mut store = open_for_write(g)?;
    let input = UnitInput {
        src_lang: a.src.clone(),
        source: a.text.clone(),
        targets: a
            .targets
            .iter()
            .map(|(lang, text)| VariantInput {
                lang: lang.clone(),
                text: text.clone(),
                ..Default::default()
            })
            .collect(),
        ..Default::default()
    };
    let (id, change) = import::add(&mut store, &user(g), input)?;
    if a.json {
        outln!("{}", json!({"id": id, "change": change}));
    } else {
        let what = match change {
            store::Change::Added => "added",
            store::Change::Updated => "updated",
            store::Change::Unchanged => "unchanged (already in the TM)",
            store::Change::Repeated => "added",
        };
        outln!("unit {id} {what}");
    }
    Ok(EXIT_OK)
}

/// Arguments of `tmkit delete`.
#[derive(Debug, clap::Args)]
#[command(after_help = "\
Examples:
  tmkit delete 12
  tmkit delete 12 --json                           prints {\"id\",\"deleted\"}
  tmkit delete --lang ru-RU                        every ru-RU translation (and unit with a ru-RU source)
  tmkit delete --lang kz                           a stray language a TM holds, even an unknown one")]
#[command(group(clap::ArgGroup::new("what").required(true).args(["id", "lang"])))]
pub struct DeleteArgs {
    /// Unit id.
    pub id: Option<i64>,
    /// Delete a language instead: its translations, the units whose source is in it and its
    /// documents (`ru` also covers `ru-RU`). An unknown language is refused unless the TM
    /// holds it.
    #[arg(long, value_name = "LANG", conflicts_with = "id")]
    pub lang: Option<String>,
    /// Machine-readable output.
    #[arg(long)]
    pub json: bool,
}

/// `tmkit delete`.
pub fn delete(g: &Global, a: DeleteArgs) -> anyhow::Result<i32> {
    if let Some(lang) = &a.lang {
        return delete_language(g, lang, a.json);
    }
    let Some(id) = a.id else {
        bail!("give a unit id or --lang LANG");
    };
    let mut store = open_existing_for_write(g)?;
    let deleted = import::delete(&mut store, &user(g), id)?;
    if !deleted {
        bail!("no unit with id {id} in {}", store.path().display());
    }
    if a.json {
        outln!("{}", json!({"id": id, "deleted": true}));
    } else {
        outln!("unit {id} deleted");
    }
    Ok(EXIT_OK)
}

/// `tmkit delete --lang LANG`: a known language, or a tag the TM holds (a stray `kz` stored
/// before tags were checked); anything else is refused before the TM is changed.
fn delete_language(g: &Global, tag: &str, json: bool) -> anyhow::Result<i32> {
    let mut store = open_existing_for_write(g)?;
    let lang = match tmkit::lang::parse_tag(tag) {
        Ok(lang) => lang,
        Err(e) => {
            let stored = tmkit::lang::canonical(tag.trim());
            if !store.stats()?.languages.contains_key(&stored) {
                bail!("--lang {tag}: {e}");
            }
            stored
        }
    };
    let d = import::delete_language(&mut store, &user(g), &lang)?;
    if json {
        outln!(
            "{}",
            json!({"lang": lang, "variants": d.variants, "units": d.units, "documents": d.documents})
        );
    } else {
        outln!(
            "{lang}: {} translation(s), {} unit(s) with a {lang} source and {} document(s) deleted",
            d.variants,
            d.units,
            d.documents
        );
    }
    Ok(EXIT_OK)
}
