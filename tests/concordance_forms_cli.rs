//! End-to-end tests of `tmkit concordance` over inflected forms and prefixes, on the
//! bundled corpus and glossary.

mod common;

use common::{corpus, json_of, root, tmkit_in};
use predicates::prelude::*;

/// A temporary directory with the bundled glossary and `tm.db` built from the corpus and
/// a table of sentences holding other forms of the names.
fn tm() -> tempfile::TempDir {
    let d = tempfile::tempdir().unwrap();
    common::copy_dir(&root().join("glossary"), &d.path().join("glossary"));
    tmkit_in(d.path())
        .args(["--db", "tm.db", "import"])
        .arg(corpus())
        .assert()
        .success();
    common::write(
        d.path(),
        "more.tsv",
        "en\tkk\tru\n\
         Police detained Kunbolatuly again.\tПолиция Күнболатұлын тағы ұстады.\tПолиция снова задержала Кунболатова.\n\
         Relatives asked about Kunbolat.\tТуыстары Күнболатқа қатысты сұрады.\tРодственники спросили о Кунболате.\n",
    );
    tmkit_in(d.path())
        .args(["--db", "tm.db", "import", "more.tsv"])
        .assert()
        .success();
    d
}

#[test]
fn a_name_is_found_in_its_inflected_forms_and_the_form_is_shown() {
    let d = tm();
    tmkit_in(d.path())
        .args(["--db", "tm.db", "concordance", "--limit", "0", "Кунболат"])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "Родственники спросили о **Кунболате**.",
        ))
        .stdout(predicate::str::contains("found: ru “Кунболате”"))
        // Another name that starts so is not one of its forms.
        .stdout(predicate::str::contains("Кунболатова").not())
        .stdout(predicate::str::contains("Кунболатулы").not());
    // A glossary name: the one-word -ұлы surname with its pronominal -н- forms.
    tmkit_in(d.path())
        .args([
            "--db",
            "tm.db",
            "concordance",
            "--limit",
            "0",
            "--lang",
            "kk",
            "Күнболатұлы",
        ])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "Полиция **Күнболатұлын** тағы ұстады.",
        ))
        .stdout(predicate::str::contains("found: kk “Күнболатұлын”"))
        .stdout(predicate::str::contains("found: kk “Күнболатұлы”"));
    let out = tmkit_in(d.path())
        .args(["--db", "tm.db", "concordance", "--json", "--limit", "0"])
        .args(["--lang", "ru", "Байболат Кунболатулы"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let v = json_of(&out);
    let forms: Vec<String> = v["hits"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|h| h["highlights"].as_array().unwrap().clone())
        .flat_map(|l| l["forms"].as_array().unwrap().clone())
        .map(|f| f.as_str().unwrap().to_string())
        .collect();
    assert!(
        forms.contains(&"Байболата Кунболатулы".to_string()),
        "{forms:?}"
    );
    assert!(
        forms.contains(&"Байболат Кунболатулы".to_string()),
        "{forms:?}"
    );
    // Kazakh case endings on any word: the accusative and the genitive of консулдық.
    tmkit_in(d.path())
        .args([
            "--db",
            "tm.db",
            "concordance",
            "--limit",
            "0",
            "--lang",
            "kk",
            "консулдық",
        ])
        .assert()
        .success()
        .stdout(predicate::str::contains("found: kk “консулдығы”"));
}

#[test]
fn a_final_star_is_a_prefix_search() {
    let d = tm();
    tmkit_in(d.path())
        .args(["--db", "tm.db", "concordance", "--limit", "0", "Күнболат*"])
        .assert()
        .success()
        .stdout(predicate::str::contains("**Күнболатұлы**"))
        .stdout(predicate::str::contains("found: kk “Күнболатқа”"))
        .stdout(predicate::str::contains("found: kk “Күнболатұлын”"));
    tmkit_in(d.path())
        .args(["--db", "tm.db", "concordance", "Maqsut*"])
        .assert()
        .success()
        .stdout(predicate::str::contains("**Maqsutkhan**"))
        .stdout(predicate::str::contains("found: en “Maqsutkhan”"));
    // A word that only starts like the name is not one of its forms.
    tmkit_in(d.path())
        .args(["--db", "tm.db", "concordance", "Кунбол"])
        .assert()
        .success()
        .stdout(predicate::str::contains("no unit contains"));
}
