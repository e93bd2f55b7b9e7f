//! `tmkit lookup`, `tmkit concordance`, `tmkit analyze`.

use std::path::PathBuf;

use super::Global;

/// Arguments of `tmkit lookup`.
#[derive(Debug, clap::Args)]
pub struct LookupArgs {
    /// The sentence to look up.
    pub text: Option<String>,
    /// Look up every line of FILE.
    #[arg(long, value_name = "FILE")]
    pub batch: Option<PathBuf>,
    /// Lowest match % shown.
    #[arg(long, default_value_t = 75)]
    pub min: u32,
    /// Most matches shown per query.
    #[arg(long, default_value_t = 5)]
    pub limit: usize,
    /// Target languages shown (comma-separated).
    #[arg(long, value_delimiter = ',')]
    pub tgt: Vec<String>,
    /// Machine-readable output.
    #[arg(long)]
    pub json: bool,
    /// Score every unit instead of using the index.
    #[arg(long)]
    pub exhaustive: bool,
}

/// Arguments of `tmkit concordance`.
#[derive(Debug, clap::Args)]
pub struct ConcordanceArgs {
    /// The phrase to find.
    pub phrase: String,
    /// Only search this language.
    #[arg(long)]
    pub lang: Option<String>,
    /// Machine-readable output.
    #[arg(long)]
    pub json: bool,
}

/// Arguments of `tmkit analyze`.
#[derive(Debug, clap::Args)]
pub struct AnalyzeArgs {
    /// Reports to analyze.
    pub files: Vec<PathBuf>,
    /// Machine-readable output.
    #[arg(long)]
    pub json: bool,
}

pub fn lookup(_g: &Global, _a: LookupArgs) -> anyhow::Result<i32> {
    anyhow::bail!("lookup: not implemented yet")
}

pub fn concordance(_g: &Global, _a: ConcordanceArgs) -> anyhow::Result<i32> {
    anyhow::bail!("concordance: not implemented yet")
}

pub fn analyze(_g: &Global, _a: AnalyzeArgs) -> anyhow::Result<i32> {
    anyhow::bail!("analyze: not implemented yet")
}
