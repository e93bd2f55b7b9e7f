//! The bundled corpus (tm/corpus) imported, exported as TMX (kk, ru, kk+ru) and as XLIFF
//! 1.2/2.0 jobs, validated with xmllint against ../shared/formats, and round-tripped.
//! Skips with a message when ../shared or xmllint is missing (fails under CI).

mod common;

use std::path::Path;

use common::external::Xmllint;
use common::{corpus, tmkit_db};

#[test]
fn corpus_exports_validate_and_round_trip() {
    let Some(xmllint) = Xmllint::find() else {
        return;
    };
    let corpus = corpus();
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("tm.db");
    tmkit_db(&db).arg("import").arg(&corpus).assert().success();
    for tgt in ["kk", "ru", "kk,ru"] {
        let out = dir.path().join(format!("corpus.{tgt}.tmx"));
        tmkit_db(&db)
            .args(["export", "--format", "tmx", "--tgt", tgt, "-o"])
            .arg(&out)
            .assert()
            .success();
        xmllint.assert_dtd_valid("tmx14.dtd", &out);
    }
    let report = corpus.join("05-100th-day.en.txt");
    for (format, schema, tgt) in [
        ("xliff", "xliff-core-1.2-strict.xsd", "kk"),
        ("xliff2", "xliff_core_2.0.xsd", "ru"),
    ] {
        let out = dir.path().join(format!("job.{format}.xlf"));
        tmkit_db(&db)
            .args(["export", "--format", format, "--tgt", tgt])
            .arg(&report)
            .arg("-o")
            .arg(&out)
            .assert()
            .success();
        xmllint.assert_schema_valid(schema, &out);
    }
    // import(export(TM)) → export again: the same file but for the header's date.
    let first = dir.path().join("corpus.kk,ru.tmx");
    let db2 = dir.path().join("rt.db");
    tmkit_db(&db2).arg("import").arg(&first).assert().success();
    let second = dir.path().join("rt.tmx");
    tmkit_db(&db2)
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
