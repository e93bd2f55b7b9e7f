//! `tmkit completions SHELL`: the shell's completion script, generated from the same clap
//! definitions as the parser, so it always knows every verb, option and possible value.

use std::io::Write;

use clap::CommandFactory;
use clap_complete::Shell;

use super::{Cli, Global, EXIT_OK};

/// Arguments of `tmkit completions`.
#[derive(Debug, clap::Args)]
#[command(after_help = "\
Examples:
  tmkit completions bash > ~/.local/share/bash-completion/completions/tmkit
  tmkit completions zsh > ~/.zfunc/_tmkit           with fpath+=~/.zfunc before compinit
  tmkit completions fish > ~/.config/fish/completions/tmkit.fish
  tmkit completions powershell >> $PROFILE")]
pub struct CompletionsArgs {
    /// The shell to complete in.
    #[arg(value_parser = super::args::Choice::<Shell>::new("shell"))]
    pub shell: Shell,
}

/// Prints the completion script for `a.shell` on stdout.
pub fn run(_g: &Global, a: CompletionsArgs) -> anyhow::Result<i32> {
    let mut cmd = Cli::command();
    let name = cmd.get_name().to_string();
    let mut script = Vec::new();
    clap_complete::generate(a.shell, &mut cmd, name, &mut script);
    let mut out = std::io::stdout().lock();
    out.write_all(&script)?;
    out.flush()?;
    Ok(EXIT_OK)
}
