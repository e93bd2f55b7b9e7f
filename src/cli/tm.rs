//! `tmkit import`, `stats`, `show`, `add`, `delete`.

use std::path::PathBuf;

use super::Global;

/// Arguments of `tmkit import`.
#[derive(Debug, clap::Args)]
pub struct ImportArgs {
    /// Files or directories to import.
    pub inputs: Vec<PathBuf>,
}
/// Arguments of `tmkit stats`.
#[derive(Debug, clap::Args)]
pub struct StatsArgs {
    /// Machine-readable output.
    #[arg(long)]
    pub json: bool,
}
/// Arguments of `tmkit show`.
#[derive(Debug, clap::Args)]
pub struct ShowArgs {
    /// Unit id.
    pub id: i64,
}
/// Arguments of `tmkit add`.
#[derive(Debug, clap::Args)]
pub struct AddArgs {}
/// Arguments of `tmkit delete`.
#[derive(Debug, clap::Args)]
pub struct DeleteArgs {
    /// Unit id.
    pub id: i64,
}

pub fn import(_g: &Global, _a: ImportArgs) -> anyhow::Result<i32> {
    anyhow::bail!("not implemented yet")
}
pub fn stats(_g: &Global, _a: StatsArgs) -> anyhow::Result<i32> {
    anyhow::bail!("not implemented yet")
}
pub fn show(_g: &Global, _a: ShowArgs) -> anyhow::Result<i32> {
    anyhow::bail!("not implemented yet")
}
pub fn add(_g: &Global, _a: AddArgs) -> anyhow::Result<i32> {
    anyhow::bail!("not implemented yet")
}
pub fn delete(_g: &Global, _a: DeleteArgs) -> anyhow::Result<i32> {
    anyhow::bail!("not implemented yet")
}
