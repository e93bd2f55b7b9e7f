//! Command-line layer: argument parsing, TM location, output conventions, exit codes.

use std::io::IsTerminal;
use std::path::PathBuf;

use clap::{Parser, Subcommand};

/// `println!` that returns the write error instead of panicking, so that a closed pipe
/// (`tmkit stats | head`) ends the command quietly through [`run`].
macro_rules! outln {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        writeln!(std::io::stdout(), $($arg)*)?
    }};
}

mod align;
mod args;
mod check;
mod completions;
mod exchange;
mod lookup;
mod man;
mod merge;
mod segment;
mod serve;
mod tm;

/// Exit code: everything fine.
pub const EXIT_OK: i32 = 0;
/// Exit code: a check found error-level problems.
pub const EXIT_CHECK_FAILED: i32 = 1;
/// Exit code: bad usage or bad input.
pub const EXIT_USAGE: i32 = 2;

const AFTER_HELP: &str = "\
Examples:
  tmkit lookup \"Police in Almaty detained several activists outside the Chinese consulate\"
  tmkit import report.en.txt --target kk=report.kk.txt --target ru=report.ru.txt
  tmkit segment --lang ru article.ru.txt
  tmkit check --glossary glossary tm/corpus
  tmkit export --format tmx --tgt kk -o tm.en-kk.tmx

The TM is --db PATH, else $TMKIT_DB, else tm/tmkit.db (built from tm/corpus/ on first use).";

/// tmkit — translation memory for English news reports rendered into Kazakh and Russian.
#[derive(Debug, Parser)]
#[command(name = "tmkit", version, about, after_help = AFTER_HELP)]
pub struct Cli {
    #[command(flatten)]
    pub global: Global,
    #[command(subcommand)]
    pub command: Command,
}

/// Options every subcommand accepts, before or after the verb.
#[derive(Debug, Clone, clap::Args)]
pub struct Global {
    /// The translation memory database (default: $TMKIT_DB, else tm/tmkit.db).
    #[arg(long, global = true, value_name = "PATH")]
    pub db: Option<PathBuf>,
    /// Name recorded as creator/changer of units (default: the OS user).
    #[arg(long, global = true, value_name = "NAME")]
    pub user: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Split text into sentences.
    Segment(segment::SegmentArgs),
    /// Align the sentences of a report and its translation (beads with confidences).
    Align(align::AlignArgs),
    /// Import reports, parallel reports, TSV/CSV, TMX or XLIFF into the TM.
    Import(tm::ImportArgs),
    /// Counts of units, documents and variants per language.
    Stats(tm::StatsArgs),
    /// Show one translation unit.
    Show(tm::ShowArgs),
    /// Add (or update) one translation unit.
    Add(tm::AddArgs),
    /// Delete one translation unit, or a language's translations (--lang).
    Delete(tm::DeleteArgs),
    /// Fuzzy lookup: the best TM matches for a sentence.
    Lookup(lookup::LookupArgs),
    /// Concordance: units containing a phrase, in any language.
    Concordance(lookup::ConcordanceArgs),
    /// Match-band analysis of new work (reports, XLIFF jobs, TMX, tables) against the TM.
    Analyze(lookup::AnalyzeArgs),
    /// Export the TM (TMX, TSV, CSV, JSON) or a report as XLIFF.
    Export(exchange::ExportArgs),
    /// Write a finished XLIFF job back as the translated report (NAME.kk.txt).
    Merge(merge::MergeArgs),
    /// Check translations against the glossary (for CI).
    Check(check::CheckArgs),
    /// Glossary: list, import TBX, export, suggest missing names.
    Glossary(check::GlossaryArgs),
    /// Serve the TM over HTTP: a page for translators and a JSON API for tools.
    Serve(serve::ServeArgs),
    /// Print the shell completion script (bash, zsh, fish, PowerShell, elvish).
    Completions(completions::CompletionsArgs),
    /// Print the manual page (roff), or write every page with --out DIR.
    Man(man::ManArgs),
}

/// Whether human output may use colour on stdout.
pub fn color_stdout() -> bool {
    std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()) && std::io::stdout().is_terminal()
}

/// Whether progress bars may be drawn on stderr.
pub fn progress_allowed() -> bool {
    std::io::stderr().is_terminal()
}

/// Parses the command line and runs the chosen verb; returns the process exit code.
pub fn run() -> i32 {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let code = if e.use_stderr() { EXIT_USAGE } else { EXIT_OK };
            let _ = e.print();
            return code;
        }
    };
    let result = match cli.command {
        Command::Segment(a) => segment::run(&cli.global, a),
        Command::Align(a) => align::run(&cli.global, a),
        Command::Import(a) => tm::import(&cli.global, a),
        Command::Stats(a) => tm::stats(&cli.global, a),
        Command::Show(a) => tm::show(&cli.global, a),
        Command::Add(a) => tm::add(&cli.global, a),
        Command::Delete(a) => tm::delete(&cli.global, a),
        Command::Lookup(a) => lookup::lookup(&cli.global, a),
        Command::Concordance(a) => lookup::concordance(&cli.global, a),
        Command::Analyze(a) => lookup::analyze(&cli.global, a),
        Command::Export(a) => exchange::export(&cli.global, a),
        Command::Merge(a) => merge::merge(&cli.global, a),
        Command::Check(a) => check::check(&cli.global, a),
        Command::Glossary(a) => check::glossary(&cli.global, a),
        Command::Serve(a) => serve::run(&cli.global, a),
        Command::Completions(a) => completions::run(&cli.global, a),
        Command::Man(a) => man::run(&cli.global, a),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            if is_broken_pipe(&e) {
                return EXIT_OK;
            }
            eprintln!("tmkit: error: {e:#}");
            EXIT_USAGE
        }
    }
}

fn is_broken_pipe(e: &anyhow::Error) -> bool {
    let pipe = Some(std::io::ErrorKind::BrokenPipe);
    e.chain().any(|c| {
        // serde_json keeps the io::Error of a failed write inside its own error.
        c.downcast_ref::<std::io::Error>().map(|io| io.kind()) == pipe
            || c.downcast_ref::<serde_json::Error>()
                .and_then(serde_json::Error::io_error_kind)
                == pipe
    })
}
