//! The bundled corpus (tm/corpus) imported, exported as TMX (kk, ru, kk+ru) and as XLIFF
//! 1.2/2.0 jobs, validated with xmllint against ../shared/formats, and round-tripped.
//! Skips with a message when the corpus, ../shared or xmllint is missing.

use std::path::{Path, PathBuf};
use std::process::Command as Proc;

use assert_cmd::Command;

fn needs() -> Option<(PathBuf, PathBuf)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let corpus = root.join("tm/corpus");
    let shared = root.parent()?.join("shared/formats");
    if !corpus.is_dir() {
        eprintln!("skipping: {} is absent", corpus.display());
        return None;
    }
    if !shared.is_dir() {
        eprintln!("skipping: {} is absent", shared.display());
        return None;
    }
    if Proc::new("xmllint").arg("--version").output().is_err() {
        eprintln!("skipping: xmllint is not installed (apt-get install libxml2-utils)");
        return None;
    }
    Some((corpus, shared))
}

fn tmkit(db: &Path) -> Command {
    let mut c = Command::cargo_bin("tmkit").unwrap();
    c.env_remove("TMKIT_DB").arg("--db").arg(db);
    c
}

fn xmllint(args: &[&str], shared: &Path, file: &Path) {
    let out = Proc::new("xmllint")
        .env("XML_CATALOG_FILES", shared.join("catalog.xml"))
        .args(["--nonet", "--noout"])
        .args(args)
        .arg(file)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}: {}",
        file.display(),
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn corpus_exports_validate_and_round_trip() {
    let Some((corpus, shared)) = needs() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("tm.db");
    tmkit(&db).arg("import").arg(&corpus).assert().success();
    let dtd = shared.join("tmx14.dtd");
    let dtd_args = [
        "--path",
        shared.to_str().unwrap(),
        "--dtdvalid",
        dtd.to_str().unwrap(),
    ];
    for tgt in ["kk", "ru", "kk,ru"] {
        let out = dir.path().join(format!("corpus.{tgt}.tmx"));
        tmkit(&db)
            .args(["export", "--format", "tmx", "--tgt", tgt, "-o"])
            .arg(&out)
            .assert()
            .success();
        xmllint(&dtd_args, &shared, &out);
    }
    let report = corpus.join("05-100th-day.en.txt");
    for (format, schema, tgt) in [
        ("xliff", "xliff-core-1.2-strict.xsd", "kk"),
        ("xliff2", "xliff_core_2.0.xsd", "ru"),
    ] {
        let out = dir.path().join(format!("job.{format}.xlf"));
        tmkit(&db)
            .args(["export", "--format", format, "--tgt", tgt])
            .arg(&report)
            .arg("-o")
            .arg(&out)
            .assert()
            .success();
        let xsd = shared.join(schema);
        xmllint(&["--schema", xsd.to_str().unwrap()], &shared, &out);
    }
    // import(export(TM)) → export again: the same file but for the header's date.
    let first = dir.path().join("corpus.kk,ru.tmx");
    let db2 = dir.path().join("rt.db");
    tmkit(&db2).arg("import").arg(&first).assert().success();
    let second = dir.path().join("rt.tmx");
    tmkit(&db2)
        .args(["export", "--tgt", "kk,ru", "-o"])
        .arg(&second)
        .assert()
        .success();
    let strip = |p: &Path| -> String {
        std::fs::read_to_string(p)
            .unwrap()
            .lines()
            .filter(|l| !l.contains("<header "))
            .collect::<Vec<_>>()
            .join("\n")
    };
    assert_eq!(strip(&first), strip(&second));
}
