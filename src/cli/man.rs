//! `tmkit man`: manual pages in roff, generated from the same clap definitions as the parser
//! and `--help`: `tmkit(1)` and one `tmkit-VERB(1)` per verb (`tmkit-glossary-import(1)`),
//! as git and cargo ship them.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{bail, Context};
use clap::CommandFactory;
use clap_mangen::roff::{roman, Roff};
use clap_mangen::Man;

use super::{Cli, Global, EXIT_OK};

/// Arguments of `tmkit man`.
#[derive(Debug, clap::Args)]
#[command(after_help = "\
Examples:
  tmkit man | man -l -                             read tmkit(1)
  tmkit man glossary import | man -l -             read tmkit-glossary-import(1)
  tmkit man --out target/man                       tmkit.1 and every tmkit-VERB.1, for packages
  sudo install -m 644 target/man/*.1 /usr/local/share/man/man1/")]
pub struct ManArgs {
    /// The verb (and subverb) whose page to print; none: tmkit(1).
    #[arg(value_name = "VERB", conflicts_with = "out")]
    pub verb: Vec<String>,
    /// Write every page (tmkit.1, tmkit-VERB.1, …) into DIR instead, creating it.
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
}

/// Prints one page on stdout, or writes them all with `--out`.
pub fn run(_g: &Global, a: ManArgs) -> anyhow::Result<i32> {
    let root = Cli::command().disable_help_subcommand(true);
    if let Some(dir) = &a.out {
        for path in write_all(root, dir)? {
            eprintln!("tmkit: wrote {}", path.display());
        }
        return Ok(EXIT_OK);
    }
    let mut cmd = root;
    cmd.build();
    for verb in &a.verb {
        let Some(sub) = cmd.find_subcommand(verb).cloned() else {
            let known: Vec<&str> = cmd.get_subcommands().map(|s| s.get_name()).collect();
            bail!(
                "{} has no verb {verb:?} (verbs: {})",
                cmd.get_display_name().unwrap_or(cmd.get_name()),
                known.join(", ")
            );
        };
        cmd = sub;
    }
    let page = render(cmd)?;
    let mut out = std::io::stdout().lock();
    out.write_all(&page)?;
    out.flush()?;
    Ok(EXIT_OK)
}

/// Writes the page of `cmd` and of each of its verbs, recursively, into `dir`; returns the
/// paths written, the root's page first.
fn write_all(cmd: clap::Command, dir: &Path) -> anyhow::Result<Vec<PathBuf>> {
    std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    let mut cmd = cmd;
    cmd.build();
    let mut written = Vec::new();
    let mut pending = vec![cmd];
    while let Some(cmd) = pending.pop() {
        pending.extend(cmd.get_subcommands().filter(|s| !s.is_hide_set()).cloned());
        let path = dir.join(format!("{}.1", display_name(&cmd)));
        let page = render(cmd)?;
        std::fs::write(&path, page).with_context(|| format!("writing {}", path.display()))?;
        written.push(path);
    }
    Ok(written)
}

/// `tmkit`, `tmkit-glossary-import`: the page's name (the command must be built).
fn display_name(cmd: &clap::Command) -> &str {
    cmd.get_display_name().unwrap_or(cmd.get_name())
}

/// The page of a built command: clap_mangen's sections, then the `--help` text after the
/// options as EXAMPLES (one command a line, unfilled) and NOTES (the other paragraphs).
fn render(cmd: clap::Command) -> std::io::Result<Vec<u8>> {
    let after = cmd.get_after_help().map(|s| s.to_string());
    let has_args = cmd.get_arguments().any(|a| !a.is_hide_set());
    let has_verbs = cmd.get_subcommands().any(|s| !s.is_hide_set());
    let has_version = cmd.get_version().is_some();
    // The title line by hand: clap_mangen leaves an empty date out instead of quoting it,
    // which shifts the source and manual into the wrong fields.
    let title = format!(
        ".TH {} 1 \"\" \"tmkit {}\" \"User Commands\"\n",
        display_name(&cmd),
        env!("CARGO_PKG_VERSION")
    );
    let man = Man::new(cmd);
    let mut parts = title.into_bytes();
    man.render_name_section(&mut parts)?;
    man.render_synopsis_section(&mut parts)?;
    man.render_description_section(&mut parts)?;
    if has_args {
        man.render_options_section(&mut parts)?;
    }
    if has_verbs {
        man.render_subcommands_section(&mut parts)?;
    }
    if let Some(after) = after {
        after_help(&after).to_writer(&mut parts)?;
    }
    if has_version {
        man.render_version_section(&mut parts)?;
    }
    // Each section came with roff's two-line preamble: keep the first one only.
    let preamble = Roff::new().render();
    let text = String::from_utf8_lossy(&parts);
    let mut page = preamble.clone();
    page.push_str(&text.replace(&preamble, ""));
    Ok(page.into_bytes())
}

/// The NOTES and EXAMPLES sections made from a command's `after_help`.
fn after_help(text: &str) -> Roff {
    let mut notes: Vec<&str> = Vec::new();
    let mut examples: Vec<&str> = Vec::new();
    for para in text.split("\n\n") {
        let mut lines = para.lines();
        if matches!(lines.next().map(str::trim), Some("Examples:" | "Example:")) {
            examples.extend(lines.map(|l| l.strip_prefix("  ").unwrap_or(l)));
        } else if !para.trim().is_empty() {
            notes.push(para);
        }
    }
    let mut roff = Roff::new();
    if !notes.is_empty() {
        roff.control("SH", ["NOTES"]);
        for (i, para) in notes.iter().enumerate() {
            if i > 0 {
                roff.control("PP", []);
            }
            for line in para.lines() {
                roff.text([roman(line.trim())]);
            }
        }
    }
    if !examples.is_empty() {
        roff.control("SH", ["EXAMPLES"]);
        roff.control("nf", []);
        for line in examples {
            roff.text([roman(line)]);
        }
        roff.control("fi", []);
    }
    roff
}
