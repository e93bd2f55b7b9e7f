//! Helpers shared by the end-to-end tests in `tests/`: the `tmkit` command, the bundled
//! data, small files and JSON output. [`external`] finds what lives outside the repository
//! (`../shared`, `xmllint`) and decides between skipping and failing; [`tm`] writes small TMs.
//!
//! Every test binary includes this module with `mod common;` and uses a part of it, so the
//! parts a binary leaves unused are not warned about.
#![allow(dead_code)]

pub mod external;
pub mod report;
pub mod server;
pub mod tm;

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use serde_json::Value;

/// The repository root (the directory holding `Cargo.toml`).
pub fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// `tests/data/check`: the hand-written glossary, corpus and inflection table.
pub fn check_data() -> PathBuf {
    root().join("tests/data/check")
}

/// `tm/corpus`: the bundled parallel corpus (part of the repository, never skipped).
pub fn corpus() -> PathBuf {
    let dir = root().join("tm/corpus");
    assert!(
        dir.is_dir(),
        "the bundled corpus {} is missing from the repository",
        dir.display()
    );
    dir
}

/// The `tmkit` binary, with nothing taken from the caller's environment that would change
/// what it does: no `TMKIT_DB`, no colours.
pub fn tmkit() -> Command {
    let mut c = Command::cargo_bin("tmkit").expect("the tmkit binary is built");
    c.env_remove("TMKIT_DB").env("NO_COLOR", "1");
    c
}

/// [`tmkit`] running in `dir`.
pub fn tmkit_in(dir: &Path) -> Command {
    let mut c = tmkit();
    c.current_dir(dir);
    c
}

/// [`tmkit`] with `--db DB`.
pub fn tmkit_db(db: &Path) -> Command {
    let mut c = tmkit();
    c.arg("--db").arg(db);
    c
}

/// The `tmkit` binary with `--db DB` as a process to spawn (several at once, or in the
/// background of a test), with the environment of [`tmkit`].
pub fn tmkit_process(db: &Path) -> std::process::Command {
    let mut c = std::process::Command::new(assert_cmd::cargo::cargo_bin("tmkit"));
    c.env_remove("TMKIT_DB")
        .env("NO_COLOR", "1")
        .arg("--db")
        .arg(db);
    c
}

/// Writes `text` to `dir/name` and returns the path.
pub fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, text).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
    p
}

/// Copies the files (not the subdirectories) of `from` into `to`, creating `to`.
pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let p = e.unwrap().path();
        if p.is_file() {
            std::fs::copy(&p, to.join(p.file_name().unwrap())).unwrap();
        }
    }
}

/// The JSON document a command printed; fails showing the output when it is not JSON.
pub fn json_of(out: &[u8]) -> Value {
    serde_json::from_slice(out)
        .unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(out)))
}

/// One JSON value per line of a command's output (JSON Lines).
pub fn json_lines(out: &[u8]) -> Vec<Value> {
    String::from_utf8_lossy(out)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not JSON ({e}): {l}")))
        .collect()
}

/// `tmkit --db DB stats --json`, which must succeed.
pub fn stats_of(db: &Path) -> serde_json::Value {
    let out = tmkit_db(db)
        .args(["stats", "--json"])
        .output()
        .expect("run tmkit");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    json_of(&out.stdout)
}

/// How many units the TM at `db` holds (0 when there is no TM there yet).
pub fn units_in(db: &Path) -> u64 {
    if !db.exists() {
        return 0;
    }
    stats_of(db)["units"].as_u64().expect("a unit count")
}
