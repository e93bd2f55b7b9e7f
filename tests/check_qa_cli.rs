//! End-to-end tests of the text checks (`number-mismatch`, `date-mismatch`,
//! `untranslated`, `quote-balance`): quiet on the bundled corpus, catching errors seeded
//! into a copy of it, in every output format.

mod common;

use common::{corpus, json_of, root, tmkit_in};

/// A copy of the bundled corpus and glossary with one error of each text check seeded.
fn seeded() -> tempfile::TempDir {
    let d = tempfile::tempdir().unwrap();
    common::copy_dir(&root().join("glossary"), &d.path().join("glossary"));
    common::copy_dir(&corpus(), &d.path().join("corpus"));
    let edit = |name: &str, from: &str, to: &str| {
        let p = d.path().join("corpus").join(name);
        let text = std::fs::read_to_string(&p).unwrap();
        assert!(text.contains(from), "{name} holds {from}");
        std::fs::write(&p, text.replacen(from, to, 1)).unwrap();
    };
    edit("01-tent-dismantled.ru.txt", "14 сентября", "15 сентября");
    edit(
        "03-husband-released.kk.txt",
        "15 жылға жуық",
        "16 жылға жуық",
    );
    edit(
        "02-activists-detained.ru.txt",
        "«организации несанкционированного митинга»",
        "«организации несанкционированного митинга",
    );
    edit(
        "05-100th-day.kk.txt",
        "Алматыдағы Қытай консулдығы алдында қазақтардың наразылығына 100 күн толды",
        "Kazakhs Mark 100 Days Of Protests Outside Chinese Consulate In Almaty",
    );
    d
}

fn check(d: &std::path::Path, format: &str) -> Vec<u8> {
    tmkit_in(d)
        .args(["check", "corpus", "--format", format])
        .assert()
        .code(1)
        .get_output()
        .stdout
        .clone()
}

const CHECKS: [&str; 4] = [
    "number-mismatch",
    "date-mismatch",
    "untranslated",
    "quote-balance",
];

#[test]
fn the_bundled_corpus_passes_the_text_checks() {
    let d = tempfile::tempdir().unwrap();
    common::copy_dir(&root().join("glossary"), &d.path().join("glossary"));
    common::copy_dir(&corpus(), &d.path().join("corpus"));
    let out = tmkit_in(d.path())
        .args(["check", "corpus", "--format", "json"])
        .assert()
        .code(0)
        .get_output()
        .stdout
        .clone();
    let v = json_of(&out);
    for c in CHECKS {
        assert!(
            v["summary"]["by_check"].get(c).is_none_or(|n| n == 0),
            "{c}: {v}"
        );
    }
}

#[test]
fn allow_latin_lets_a_translation_keep_named_words() {
    let d = tempfile::tempdir().unwrap();
    common::copy_dir(&root().join("glossary"), &d.path().join("glossary"));
    common::write(d.path(), "r.en.txt", "He wrote on Telegram.\n");
    common::write(d.path(), "r.ru.txt", "Он написал в Telegram.\n");
    tmkit_in(d.path())
        .args(["check", "r.en.txt"])
        .assert()
        .code(1)
        .stdout(predicates::str::contains(
            "error[untranslated] ru: “Telegram” is left in Latin script",
        ));
    tmkit_in(d.path())
        .args(["check", "r.en.txt", "--allow-latin", "telegram,COVID"])
        .assert()
        .code(0);
}

#[test]
fn seeded_errors_are_caught_in_every_format() {
    let d = seeded();
    let v = json_of(&check(d.path(), "json"));
    let issues = v["issues"].as_array().unwrap();
    let of = |c: &str| -> Vec<&serde_json::Value> {
        issues.iter().filter(|i| i["check"] == c).collect()
    };
    let dates = of("date-mismatch");
    assert_eq!(dates.len(), 2, "{dates:?}");
    assert!(dates.iter().any(|i| i["found"] == "September 14"));
    assert!(dates.iter().any(|i| i["found"] == "15 сентября"
        && i["file"]
            .as_str()
            .unwrap()
            .ends_with("01-tent-dismantled.ru.txt")
        && i["line"] == 5));
    let numbers = of("number-mismatch");
    assert!(
        numbers
            .iter()
            .any(|i| i["found"] == "16" && i["lang"] == "kk"),
        "{numbers:?}"
    );
    assert!(
        numbers
            .iter()
            .any(|i| i["found"] == "15" && i["lang"] == "kk"),
        "{numbers:?}"
    );
    let quotes = of("quote-balance");
    assert_eq!(quotes.len(), 1, "{quotes:?}");
    assert_eq!(quotes[0]["found"], "«");
    let untranslated = of("untranslated");
    assert_eq!(untranslated.len(), 1, "{untranslated:?}");
    assert_eq!(untranslated[0]["lang"], "kk");
    for c in CHECKS {
        assert_eq!(
            v["summary"]["by_check"][c].as_u64().unwrap() as usize,
            of(c).len()
        );
    }
    // Text, JUnit, SARIF, GitHub and GitLab name each check.
    let text = String::from_utf8(check(d.path(), "text")).unwrap();
    let junit = String::from_utf8(check(d.path(), "junit")).unwrap();
    let sarif = json_of(&check(d.path(), "sarif"));
    let github = String::from_utf8(check(d.path(), "github")).unwrap();
    let gitlab = json_of(&check(d.path(), "gitlab"));
    for c in CHECKS {
        assert!(text.contains(&format!("error[{c}]")), "text: {c}");
        assert!(
            junit.contains(&format!("<failure type=\"{c}\"")),
            "junit: {c}"
        );
        assert!(
            sarif["runs"][0]["results"]
                .as_array()
                .unwrap()
                .iter()
                .any(|r| r["ruleId"] == c),
            "sarif: {c}"
        );
        assert!(
            github.contains(&format!("title=tmkit {c} (")),
            "github: {c}"
        );
        assert!(
            gitlab
                .as_array()
                .unwrap()
                .iter()
                .any(|i| i["check_name"] == c),
            "gitlab: {c}"
        );
    }
    // JUnit: one suite per check, every test-case name unique within it.
    let mut names = std::collections::BTreeSet::new();
    let suite = junit
        .split("<testsuite ")
        .find(|s| s.starts_with("name=\"number-mismatch\""))
        .unwrap();
    for case in suite.split("<testcase ").skip(1) {
        let name = case
            .split(" name=\"")
            .nth(1)
            .unwrap()
            .split('"')
            .next()
            .unwrap();
        assert!(names.insert(name.to_string()), "duplicate test case {name}");
    }
    assert!(names.len() > 100);
}
