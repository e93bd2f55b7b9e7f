//! XLIFF jobs: a report exported as XLIFF 1.2/2.0 pre-filled from the TM, validated against
//! the OASIS schemas (when xmllint and ../shared are present), translated, imported back.

use std::path::{Path, PathBuf};
use std::process::Command as Proc;

use assert_cmd::Command;
use predicates::prelude::*;
use tmkit::import::{NoProgress, Options};
use tmkit::store::{Store, UnitInput, VariantInput};

const REPORT: &str =
    "The court adjourned. Protesters gathered outside.\n\nRain is expected tomorrow.\n";

fn make_tm(path: &Path) {
    let mut s = Store::open(path).unwrap();
    let mut tx = s.begin("t").unwrap();
    tx.upsert_unit(&UnitInput {
        src_lang: "en".into(),
        source: "The court adjourned.".into(),
        targets: vec![VariantInput {
            lang: "kk".into(),
            text: "Сот үзіліс жариялады.".into(),
            ..Default::default()
        }],
        ..Default::default()
    })
    .unwrap();
    tx.commit().unwrap();
}

fn shared() -> Option<PathBuf> {
    let p = Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()?
        .join("shared/formats");
    if p.is_dir() {
        Some(p)
    } else {
        eprintln!("skipping schema validation: {} is absent", p.display());
        None
    }
}

fn validate(schema: &str, file: &Path) {
    let Some(dir) = shared() else { return };
    if Proc::new("xmllint").arg("--version").output().is_err() {
        eprintln!("skipping schema validation: xmllint is not installed");
        return;
    }
    let out = Proc::new("xmllint")
        .env("XML_CATALOG_FILES", dir.join("catalog.xml"))
        .args(["--nonet", "--noout", "--schema"])
        .arg(dir.join(schema))
        .arg(file)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

fn job(format: &str) -> (tempfile::TempDir, PathBuf, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("tm.db");
    make_tm(&db);
    let report = dir.path().join("report.en.txt");
    std::fs::write(&report, REPORT).unwrap();
    let xlf = dir.path().join("report.kk.xlf");
    Command::cargo_bin("tmkit")
        .unwrap()
        .args(["--db"])
        .arg(&db)
        .args(["export", "--format", format, "--tgt", "kk"])
        .arg(&report)
        .arg("-o")
        .arg(&xlf)
        .assert()
        .success()
        .stderr(predicate::str::contains(
            "3 segments: 1 exact, 0 fuzzy, 2 new",
        ));
    (dir, db, xlf)
}

fn import(db: &Path, xlf: &Path) -> tmkit::import::Summary {
    let mut s = Store::open(db).unwrap();
    let mut tx = s.begin("t").unwrap();
    let sum =
        tmkit::import::xliff::import(&mut tx, xlf, &Options::default(), &mut NoProgress).unwrap();
    tx.commit().unwrap();
    sum
}

fn kk_of(db: &Path, src: &str) -> Option<String> {
    let s = Store::open(db).unwrap();
    let id = s.find_unit("en", src).unwrap()?;
    s.unit(id).unwrap()?.variant("kk").map(|v| v.text.clone())
}

#[test]
fn xliff12_job_prefilled_valid_and_imported_back() {
    let (_dir, db, xlf) = job("xliff");
    let t = std::fs::read_to_string(&xlf).unwrap();
    assert!(t.contains("<target state=\"translated\" state-qualifier=\"exact-match\">Сот үзіліс жариялады.</target>"));
    assert!(t.contains("<source>Protesters gathered outside.</source>"));
    assert!(t.contains("id=\"p2s1\""));
    validate("xliff-core-1.2-strict.xsd", &xlf);
    // The translator fills in one of the two new segments.
    let done = t.replacen(
        "<source>Rain is expected tomorrow.</source>\n",
        "<source>Rain is expected tomorrow.</source>\n        <target state=\"translated\">Ертең жаңбыр күтіледі.</target>\n",
        1,
    );
    std::fs::write(&xlf, done).unwrap();
    validate("xliff-core-1.2-strict.xsd", &xlf);
    let sum = import(&db, &xlf);
    assert_eq!((sum.added, sum.unchanged), (1, 1));
    assert_eq!(
        kk_of(&db, "Rain is expected tomorrow.").as_deref(),
        Some("Ертең жаңбыр күтіледі.")
    );
    assert_eq!(kk_of(&db, "Protesters gathered outside."), None);
}

#[test]
fn xliff20_job_valid_and_imported_back() {
    let (_dir, db, xlf) = job("xliff2");
    let t = std::fs::read_to_string(&xlf).unwrap();
    assert!(t.contains("srcLang=\"en\" trgLang=\"kk\""));
    validate("xliff_core_2.0.xsd", &xlf);
    let done = t.replacen(
        "<segment id=\"s1\" state=\"initial\">\n        <source>Rain is expected tomorrow.</source>\n",
        "<segment id=\"s1\" state=\"translated\">\n        <source>Rain is expected tomorrow.</source>\n        <target>Ертең жаңбыр күтіледі.</target>\n",
        1,
    );
    std::fs::write(&xlf, done).unwrap();
    validate("xliff_core_2.0.xsd", &xlf);
    let sum = import(&db, &xlf);
    assert_eq!(sum.added, 1);
    assert_eq!(
        kk_of(&db, "Rain is expected tomorrow.").as_deref(),
        Some("Ертең жаңбыр күтіледі.")
    );
}

#[test]
fn xliff_export_needs_one_target_and_a_report() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("tm.db");
    make_tm(&db);
    Command::cargo_bin("tmkit")
        .unwrap()
        .args(["--db"])
        .arg(&db)
        .args(["export", "--format", "xliff", "--tgt", "kk"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("needs the report"));
    Command::cargo_bin("tmkit")
        .unwrap()
        .args(["--db"])
        .arg(&db)
        .args(["export", "--format", "xliff", "--tgt", "kk,ru", "x.txt"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("exactly one target"));
}

#[test]
fn malformed_xliff_is_refused_with_a_position() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("bad.xlf");
    std::fs::write(&p, "<xliff version=\"1.2\">\n<file original=\"x\" source-language=\"en\" target-language=\"kk\" datatype=\"plaintext\"><body>\n<trans-unit id=\"1\"><source>a</target></trans-unit></body></file></xliff>").unwrap();
    let mut s = Store::open_in_memory().unwrap();
    let mut tx = s.begin("t").unwrap();
    let e = tmkit::import::xliff::import(&mut tx, &p, &Options::default(), &mut NoProgress)
        .unwrap_err();
    assert!(e.to_string().contains("bad.xlf:3:"), "{e}");
}

#[test]
fn fuzzy_matches_prefill_the_job_for_review_with_their_percentage() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("tm.db");
    {
        let mut s = Store::open(&db).unwrap();
        let mut tx = s.begin("t").unwrap();
        tx.upsert_unit(&UnitInput {
            src_lang: "en".into(),
            source: "Police in Almaty dismantled the tent of the protesters on Tuesday.".into(),
            targets: vec![VariantInput {
                lang: "kk".into(),
                text: "Алматы полициясы сейсенбіде наразылардың шатырын бұзды.".into(),
                ..Default::default()
            }],
            ..Default::default()
        })
        .unwrap();
        tmkit::fuzzy::sync_index(tx.conn()).unwrap();
        tx.commit().unwrap();
    }
    let report = dir.path().join("new.en.txt");
    std::fs::write(
        &report,
        "Police in Almaty dismantled the tent of the protesters on Monday.\n",
    )
    .unwrap();
    let xlf = dir.path().join("new.kk.xlf");
    Command::cargo_bin("tmkit")
        .unwrap()
        .arg("--db")
        .arg(&db)
        .args(["export", "--format", "xliff", "--tgt", "kk"])
        .arg(&report)
        .arg("-o")
        .arg(&xlf)
        .assert()
        .success()
        .stderr(predicate::str::contains("1 fuzzy"));
    let text = std::fs::read_to_string(&xlf).unwrap();
    assert!(
        text.contains("state=\"needs-review-translation\""),
        "{text}"
    );
    assert!(text.contains("match-quality=\"90\""), "{text}");
    assert!(text.contains("Алматы полициясы сейсенбіде"), "{text}");
    validate("xliff-core-1.2-strict.xsd", &xlf);
}
