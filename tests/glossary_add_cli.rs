//! End-to-end tests of `tmkit glossary add` and `tmkit glossary list --forms TERM`.

mod common;

use common::{check_data, json_of, tmkit_in};
use predicates::prelude::*;

#[test]
fn add_appends_a_valid_entry_that_check_then_uses() {
    let d = tempfile::tempdir().unwrap();
    std::fs::create_dir(d.path().join("glossary")).unwrap();
    std::fs::write(
        d.path().join("glossary/names.csv"),
        "en,kk,ru,ru:forbidden,gender,note\nAlmaty,Алматы,Алматы,Алма-Ата,,city\n",
    )
    .unwrap();
    let out = tmkit_in(d.path())
        .args([
            "glossary",
            "add",
            "Bekzat Maqsutkhan",
            "--kk",
            "Бекзат Мақсұтхан",
        ])
        .args(["--ru", "Бекзат Максутхан", "--gender", "m", "--json"])
        .args([
            "--note",
            "activist; leads \"Real Volunteers of the Fatherland\"",
        ])
        .assert()
        .code(0)
        .get_output()
        .stdout
        .clone();
    let e = json_of(&out);
    assert_eq!(e["terms"]["ru"]["preferred"], "Бекзат Максутхан");
    assert_eq!(e["gender"], "m");
    let csv = std::fs::read_to_string(d.path().join("glossary/names.csv")).unwrap();
    assert!(csv.ends_with(
        "Bekzat Maqsutkhan,Бекзат Мақсұтхан,Бекзат Максутхан,,m,\"activist; leads \"\"Real Volunteers of the Fatherland\"\"\"\n"
    ), "{csv}");
    // The entry is used at once: its Russian genitive passes, a misspelling fails.
    std::fs::write(
        d.path().join("r.en.txt"),
        "Police detained Bekzat Maqsutkhan.\n",
    )
    .unwrap();
    std::fs::write(
        d.path().join("r.ru.txt"),
        "Полиция задержала Бекзата Максутхана.\n",
    )
    .unwrap();
    tmkit_in(d.path())
        .args(["check", "r.en.txt"])
        .assert()
        .code(0);
    std::fs::write(
        d.path().join("r.ru.txt"),
        "Полиция задержала Бекзата Максудхана.\n",
    )
    .unwrap();
    tmkit_in(d.path())
        .args(["check", "r.en.txt"])
        .assert()
        .code(1)
        .stdout(predicate::str::contains("term-missing"));
}

#[test]
fn add_refuses_duplicates_conflicts_and_unknown_columns_and_writes_nothing() {
    let d = tempfile::tempdir().unwrap();
    std::fs::create_dir(d.path().join("glossary")).unwrap();
    let names = "en,kk,ru,ru:forbidden\nAlmaty,Алматы,Алматы,Алма-Ата\n";
    std::fs::write(d.path().join("glossary/names.csv"), names).unwrap();
    // Another file of the same glossary directory counts too.
    std::fs::write(
        d.path().join("glossary/terms.csv"),
        "en,kk,ru\nhouse arrest,үй қамағы,домашний арест\n",
    )
    .unwrap();
    for (args, why) in [
        (vec!["Almaty", "--kk", "Алматы", "--ru", "Алматы"], "Almaty"),
        (
            vec!["house arrest", "--ru", "домашний арест"],
            "house arrest",
        ),
        (vec!["Alma-Ata", "--ru", "Алма-Ата"], "Алма-Ата"),
        (vec!["X", "--set", "fr=X"], "no column “fr”"),
        (vec!["X", "--set", "ru"], "COLUMN=VALUE"),
        (vec!["X"], "give a rendering"),
    ] {
        tmkit_in(d.path())
            .args(["glossary", "add"])
            .args(&args)
            .assert()
            .code(2)
            .stderr(predicate::str::contains(why));
        assert_eq!(
            std::fs::read_to_string(d.path().join("glossary/names.csv")).unwrap(),
            names,
            "{args:?}"
        );
    }
}

#[test]
fn list_forms_of_one_entry_by_any_of_its_terms() {
    let d = tempfile::tempdir().unwrap();
    let glossary = check_data().join("glossary.csv");
    for term in ["Baibolat Kunbolat", "кунболат", "Күнболат"] {
        tmkit_in(d.path())
            .args(["glossary", "list", "--glossary"])
            .arg(&glossary)
            .args(["--forms", term])
            .assert()
            .code(0)
            .stdout(predicate::str::contains("en: Baibolat Kunbolat"))
            .stdout(predicate::str::contains("байболата кунболата"))
            .stdout(predicate::str::contains("1 entries"));
    }
    tmkit_in(d.path())
        .args(["glossary", "list", "--glossary"])
        .arg(&glossary)
        .args(["--forms", "Nobody"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no entry"));
}
