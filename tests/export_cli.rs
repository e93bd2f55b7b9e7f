//! `tmkit export` end to end: TMX, TSV, CSV, JSON Lines; errors; a bad TMX refused by
//! `tmkit import`.

mod common;

use std::path::Path;

use common::tm::{tm_file, unit};
use common::tmkit;
use predicates::prelude::*;
use tmkit::store::Store;

/// Three units: one with both targets, one Russian only, one Kazakh only.
fn make_tm(path: &Path) {
    tm_file(
        path,
        [
            unit(
                "The court adjourned.",
                &[
                    ("kk", "Сот үзіліс жариялады."),
                    ("ru", "Суд объявил перерыв."),
                ],
            ),
            unit("Protesters gathered.", &[("ru", "Протестующие собрались.")]),
            unit("Rain is expected.", &[("kk", "Жаңбыр күтіледі.")]),
        ],
    );
}

#[test]
fn tmx_export_one_target_per_file() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("tm.db");
    make_tm(&db);
    let out = dir.path().join("kk.tmx");
    tmkit()
        .args(["--db"])
        .arg(&db)
        .args(["export", "--format", "tmx", "--tgt", "kk", "-o"])
        .arg(&out)
        .assert()
        .success()
        .stderr(predicate::str::contains("exported 2 units"));
    let t = std::fs::read_to_string(&out).unwrap();
    assert!(t.contains("Сот үзіліс жариялады."));
    assert!(t.contains("Жаңбыр күтіледі."));
    assert!(!t.contains("Протестующие"));
    assert!(!dir.path().join("kk.tmx.part").exists());
}

#[test]
fn tmx_export_needs_a_target_choice_when_the_tm_has_several() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("tm.db");
    make_tm(&db);
    tmkit()
        .args(["--db"])
        .arg(&db)
        .args(["export", "--format", "tmx"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("tmkit: error:").and(predicate::str::contains("--tgt")));
    tmkit()
        .args(["--db"])
        .arg(&db)
        .args(["export", "--tgt", "kk,ru"])
        .assert()
        .success()
        .stdout(
            predicate::str::contains("<tuv xml:lang=\"ru\"")
                .and(predicate::str::contains("<tuv xml:lang=\"kk\"")),
        );
}

#[test]
fn tables_and_json() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("tm.db");
    make_tm(&db);
    tmkit()
        .args(["--db"]).arg(&db)
        .args(["export", "--format", "tsv"])
        .assert()
        .success()
        .stdout(
            "en\tkk\tru\nThe court adjourned.\tСот үзіліс жариялады.\tСуд объявил перерыв.\n\
             Protesters gathered.\t\tПротестующие собрались.\nRain is expected.\tЖаңбыр күтіледі.\t\n",
        );
    tmkit()
        .args(["--db"]).arg(&db)
        .args(["export", "--format", "csv", "--tgt", "ru"])
        .assert()
        .success()
        .stdout("en,ru\nThe court adjourned.,Суд объявил перерыв.\nProtesters gathered.,Протестующие собрались.\n");
    let out = tmkit()
        .args(["--db"])
        .arg(&db)
        .args(["export", "--format", "json"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let lines: Vec<serde_json::Value> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 3);
    assert_eq!(lines[0]["source"], "The court adjourned.");
}

#[test]
fn bad_arguments_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("tm.db");
    make_tm(&db);
    tmkit()
        .args(["--db"])
        .arg(&db)
        .args(["export", "--format", "docx"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("unknown export format"));
    tmkit()
        .args(["--db"])
        .arg(&db)
        .args(["export", "--tgt", "k k"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("invalid language tag"));
    tmkit()
        .args(["--db"])
        .arg(dir.path().join("none.db"))
        .args(["export", "--tgt", "kk"])
        .assert()
        .code(2);
}

#[test]
fn cli_import_of_bad_tmx_exits_2_with_position_and_stores_nothing() {
    let Some(samples) = common::external::shared("formats/samples") else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("tm.db");
    make_tm(&db);
    let out = tmkit()
        .args(["--db"])
        .arg(&db)
        .arg("import")
        .arg(samples.join("bad_tuv_no_xml_lang.tmx"))
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("bad_tuv_no_xml_lang.tmx:11:"), "{err}");
    assert_eq!(Store::open(&db).unwrap().stats().unwrap().units, 3);
}
