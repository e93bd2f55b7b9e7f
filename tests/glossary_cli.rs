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
        // Numeric ids are not XML IDs, but MultiTerm writes them: read, with a warning.
        ("bad_v2_numeric_id.tbx", true),
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
        .arg("-o")
        .arg(d.path().join("numeric.csv"))
        .assert()
        .code(0)
        .stderr(predicate::str::contains(
            "bad_v2_numeric_id.tbx:10: warning: 1 id(s) that are not XML IDs",
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
fn malformed_tbx_is_refused_with_line_and_column_and_nothing_is_written() {
    let d = tempfile::tempdir().unwrap();
    let doc = |term: &str| {
        format!(
            "<?xml version=\"1.0\"?>\n<martif><text><body>\n\
             <termEntry id=\"a\"><langSet xml:lang=\"en\"><tig><term>{term}</term></tig></langSet></termEntry>\n\
             </body></text></martif>\n"
        )
    };
    for (name, text, message) in [
        (
            "nul.tbx",
            doc("Ast\u{0}ana"),
            "nul.tbx:3:56: character U+0000 is not allowed in XML 1.0",
        ),
        (
            "ref.tbx",
            doc("Ast&#x1;ana"),
            "ref.tbx:3:56: character U+0001 is not allowed in XML 1.0",
        ),
        (
            "open.tbx",
            doc("Astana").replace("</martif>", ""),
            "open.tbx:5:1: unexpected end of file: <martif> is not closed",
        ),
        (
            "tag.tbx",
            doc("Astana").replace("</tig>", "</tug>"),
            "tag.tbx:3:",
        ),
    ] {
        common::write(d.path(), name, &text);
        tmkit_in(d.path())
            .args(["glossary", "import", name])
            .assert()
            .code(2)
            .stderr(predicate::str::contains(message));
        assert!(
            !d.path().join("glossary").exists(),
            "{name}: something was written"
        );
    }
}

#[test]
fn a_tbx_with_many_entries_and_one_huge_entry_imports() {
    // 20,000 entries, then one entry with 20,000 terms (preferred, allowed and forbidden),
    // 20,000 notes and 20,000 attributes: the reader and the glossary checks are linear,
    // so this takes about a second (it took minutes when they were not).
    let n = 20_000;
    let mut doc = String::from(
        "<?xml version=\"1.0\"?>\n<martif type=\"TBX\" xml:lang=\"en\"><text><body>\n",
    );
    for i in 0..n {
        doc.push_str(&format!(
            "<termEntry id=\"e{i}\"><langSet xml:lang=\"en\"><tig><term>term {i}</term></tig></langSet>\
             <langSet xml:lang=\"kk\"><tig><term>термин {i}</term></tig></langSet></termEntry>\n"
        ));
    }
    let attrs: String = (0..n).map(|i| format!(" a{i}=\"{i}\"")).collect();
    doc.push_str(&format!(
        "<termEntry id=\"big\"{attrs}><langSet xml:lang=\"ru\">\n"
    ));
    for i in 0..n {
        let status = ["preferred", "admitted", "deprecated"][i % 3];
        doc.push_str(&format!(
            "<tig><term>вариант {i}</term><termNote type=\"administrativeStatus\">{status}Term-admn-sts</termNote><note>n{i}</note></tig>\n"
        ));
    }
    doc.push_str("</langSet></termEntry></body></text></martif>\n");
    let d = tempfile::tempdir().unwrap();
    common::write(d.path(), "big.tbx", &doc);
    tmkit_in(d.path())
        .args(["glossary", "import", "big.tbx", "-o", "big.csv"])
        .assert()
        .code(0)
        .stderr(predicate::str::contains("20001 entries from big.tbx"));
    let csv = std::fs::read_to_string(d.path().join("big.csv")).unwrap();
    assert_eq!(csv.lines().count(), n + 2, "a header and one row per entry");
}

#[test]
fn export_refuses_a_glossary_tbx_cannot_carry_and_writes_nothing() {
    let d = tempfile::tempdir().unwrap();
    common::write(
        d.path(),
        "g.csv",
        "en,kk\nAlmaty,Алматы\nAstana,Аста\u{0}на\n",
    );
    tmkit_in(d.path())
        .args(["glossary", "export", "--glossary", "g.csv", "-o", "g.tbx"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("g.csv:3"));
    assert!(!d.path().join("g.tbx").exists());
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
