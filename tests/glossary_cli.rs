//! End-to-end tests of `tmkit glossary list|import|export|suggest` and the TBX round trip.

mod common;

use common::external::{shared, Xmllint};
use common::{check_data, tmkit_in};
use predicates::prelude::*;

#[test]
fn list_shows_entries_and_forms() {
    let d = tempfile::tempdir().unwrap();
    tmkit_in(d.path())
        .args(["glossary", "list", "--glossary"])
        .arg(check_data().join("glossary.csv"))
        .arg("--forms")
        .assert()
        .code(0)
        .stdout(predicate::str::contains("glossary.csv:2 [m]  en: Baibolat Kunbolat | kk: Байболат Күнболат (not Байболат Кунболат)"))
        .stdout(predicate::str::contains("байболат күнболаттың"))
        .stdout(predicate::str::contains("байболата кунболата"))
        .stdout(predicate::str::contains("11 entries"));
}

#[test]
fn tbx_export_validates_and_imports_back_to_the_same_glossary() {
    let d = tempfile::tempdir().unwrap();
    let tbx = d.path().join("out.tbx");
    tmkit_in(d.path())
        .args(["glossary", "export", "--format", "tbx", "-o"])
        .arg(&tbx)
        .arg("--glossary")
        .arg(check_data().join("glossary.csv"))
        .assert()
        .code(0);
    let text = std::fs::read_to_string(&tbx).unwrap();
    assert!(text.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!DOCTYPE martif SYSTEM \"TBXcoreStructV02.dtd\">"));
    assert!(
        text.contains("<termNote type=\"administrativeStatus\">deprecatedTerm-admn-sts</termNote>")
    );

    if let Some(xmllint) = Xmllint::find() {
        xmllint.assert_dtd_valid("TBXcoreStructV02.dtd", &tbx);
    }

    let csv = d.path().join("back.csv");
    tmkit_in(d.path())
        .args(["glossary", "import"])
        .arg(&tbx)
        .arg("-o")
        .arg(&csv)
        .assert()
        .code(0)
        .stderr(predicate::str::contains("11 entries"));
    let original = tmkit::glossary::Glossary::load(&check_data().join("glossary.csv")).unwrap();
    let back = tmkit::glossary::Glossary::load(&csv).unwrap();
    assert_eq!(original.entries.len(), back.entries.len());
    for (a, b) in original.entries.iter().zip(&back.entries) {
        assert_eq!((&a.terms, a.gender, &a.note), (&b.terms, b.gender, &b.note));
    }
    // And export(import(export)) is byte-identical.
    let again = tmkit_in(d.path())
        .args(["glossary", "export", "--glossary"])
        .arg(&csv)
        .assert()
        .code(0)
        .get_output()
        .stdout
        .clone();
    assert_eq!(String::from_utf8(again).unwrap(), text);
    // Importing over an existing file needs --force.
    tmkit_in(d.path())
        .args(["glossary", "import"])
        .arg(&tbx)
        .arg("-o")
        .arg(&csv)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--force"));
}

#[test]
fn shared_tbx_samples_import_and_bad_ones_are_refused() {
    let Some(samples) = shared("formats/samples") else {
        return;
    };
    let d = tempfile::tempdir().unwrap();
    for (name, ok) in [
        ("sample_v2_martif.tbx", true),
        ("sample_v3_basic_dca.tbx", true),
        ("LTAC_TBX-Basic_Example_Astronomy_DCA_VALID.tbx", true),
        ("bad_v2_langset_no_lang.tbx", false),
        ("bad_v2_numeric_id.tbx", false),
    ] {
        let out = d.path().join(format!("{name}.csv"));
        let a = tmkit_in(d.path())
            .args(["glossary", "import"])
            .arg(samples.join(name))
            .arg("-o")
            .arg(&out)
            .assert();
        if ok {
            a.code(0);
        } else {
            a.code(2)
                .stderr(predicate::str::contains(format!("{name}:")));
        }
    }
    let v2 = std::fs::read_to_string(d.path().join("sample_v2_martif.tbx.csv")).unwrap();
    assert!(v2.starts_with("en,kk,ru"), "{v2}");
    assert!(v2.contains("settings,баптаулар,,UI string"), "{v2}");
    tmkit_in(d.path())
        .args(["glossary", "import"])
        .arg(samples.join("bad_v2_numeric_id.tbx"))
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "bad_v2_numeric_id.tbx:10: <termEntry> has id=\"1\", which is not a valid XML ID",
        ));
    tmkit_in(d.path())
        .args(["glossary", "import"])
        .arg(samples.join("bad_v2_langset_no_lang.tbx"))
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "bad_v2_langset_no_lang.tbx:13: <langSet> without a valid xml:lang",
        ));
}

#[test]
fn suggest_lists_multi_word_names_missing_from_the_glossary() {
    let d = tempfile::tempdir().unwrap();
    std::fs::write(
        d.path().join("r.en.txt"),
        "Police detained activists outside the Chinese Consulate in Almaty.\n\n\
         Khalida Aqytkhan told RFE/RL that the Chinese Consulate refused to comment.\n",
    )
    .unwrap();
    tmkit_in(d.path())
        .args(["glossary", "suggest", "r.en.txt", "--glossary"])
        .arg(check_data().join("glossary.csv"))
        .assert()
        .code(0)
        .stdout(predicate::str::contains(
            "   2  Chinese Consulate\n      e.g. r.en.txt:1: Police detained",
        ))
        .stdout(predicate::str::contains("Khalida").not())
        .stdout(predicate::str::contains(
            "1 name(s) without a glossary entry",
        ));
}
