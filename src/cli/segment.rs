//! `tmkit segment`.

use std::path::PathBuf;

use super::Global;

/// Arguments of `tmkit segment`.
#[derive(Debug, clap::Args)]
pub struct SegmentArgs {
    /// Files to segment (stdin when none).
    pub files: Vec<PathBuf>,
    /// Language of the text (en, ru, kk; others use generic rules).
    #[arg(long, default_value = "en")]
    pub lang: String,
    /// Extra abbreviations, one per line.
    #[arg(long, value_name = "FILE")]
    pub abbrev: Option<PathBuf>,
    /// Print a JSON array of {"text","start","end"}.
    #[arg(long)]
    pub json: bool,
}

pub fn run(_g: &Global, _a: SegmentArgs) -> anyhow::Result<i32> {
    anyhow::bail!("segment: not implemented yet")
}
