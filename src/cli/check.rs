//! `tmkit check` and `tmkit glossary`.

use std::path::PathBuf;

use super::Global;

/// Arguments of `tmkit check`.
#[derive(Debug, clap::Args)]
pub struct CheckArgs {
    /// Glossary file or directory.
    #[arg(long)]
    pub glossary: PathBuf,
    /// Inputs (TM database, TMX, TSV/CSV, reports, directories).
    pub inputs: Vec<PathBuf>,
}

/// Arguments of `tmkit glossary`.
#[derive(Debug, clap::Args)]
pub struct GlossaryArgs {
    /// list, import, export or suggest.
    pub action: String,
}

pub fn check(_g: &Global, _a: CheckArgs) -> anyhow::Result<i32> {
    anyhow::bail!("check: not implemented yet")
}

pub fn glossary(_g: &Global, _a: GlossaryArgs) -> anyhow::Result<i32> {
    anyhow::bail!("glossary: not implemented yet")
}
