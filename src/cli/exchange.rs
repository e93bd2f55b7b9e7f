//! `tmkit export`.

use std::path::PathBuf;

use super::Global;

/// Arguments of `tmkit export`.
#[derive(Debug, clap::Args)]
pub struct ExportArgs {
    /// tmx, tsv, csv, json or xliff.
    #[arg(long, default_value = "tmx")]
    pub format: String,
    /// Output file (stdout when absent).
    #[arg(short, long)]
    pub output: Option<PathBuf>,
    /// Reports to export as XLIFF.
    pub files: Vec<PathBuf>,
}

pub fn export(_g: &Global, _a: ExportArgs) -> anyhow::Result<i32> {
    anyhow::bail!("export: not implemented yet")
}
