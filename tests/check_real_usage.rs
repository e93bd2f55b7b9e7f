//! Sentences in the shapes of published Kazakh and Russian news, in every case form, against
//! the bundled glossary (`tests/data/check/real_usage.tsv`, which cites the pages the forms
//! were seen on): correct ones pass with no issue, seeded mistakes are caught by exactly
//! the checks named.

mod common;

use tmkit::check::{CheckUnit, Checker, Config, Text};
use tmkit::glossary::Glossary;

fn text(lang: &str, s: &str) -> Text {
    Text {
        lang: lang.into(),
        text: s.into(),
        loc: None,
        contexts: Vec::new(),
    }
}

#[test]
fn published_forms_pass_and_seeded_mistakes_are_caught_by_the_bundled_glossary() {
    let glossary = Glossary::load(&common::root().join("glossary")).unwrap();
    let checker = Checker::new(&glossary, Config::default());
    let data = std::fs::read_to_string(common::check_data().join("real_usage.tsv")).unwrap();
    let mut failures = Vec::new();
    let mut counts = std::collections::BTreeMap::<(String, bool), usize>::new();
    for (n, line) in data.lines().enumerate() {
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        let [what, en, lang, translation, expect] = line.split('\t').collect::<Vec<_>>()[..] else {
            panic!("line {}: expected 5 tab-separated columns", n + 1);
        };
        let unit = CheckUnit {
            name: format!("real_usage.tsv:{}", n + 1),
            source: text("en", en),
            targets: vec![text(lang, translation)],
        };
        let report = checker.check(&[unit]);
        let mut got: Vec<String> = report
            .issues
            .iter()
            .map(|i| {
                serde_json::to_value(i.check)
                    .unwrap()
                    .as_str()
                    .unwrap_or("")
                    .to_string()
            })
            .collect();
        got.sort_unstable();
        let want: Vec<String> = match expect {
            "ok" => Vec::new(),
            ids => ids.split(',').map(str::to_string).collect(),
        };
        if got != want {
            let messages: Vec<&str> = report.issues.iter().map(|i| i.message.as_str()).collect();
            failures.push(format!(
                "line {} ({what}): expected {want:?}, got {got:?} {messages:#?}",
                n + 1
            ));
        }
        *counts
            .entry((lang.to_string(), expect == "ok"))
            .or_default() += 1;
    }
    eprintln!("real-usage set (lang, passes): {counts:?}");
    assert!(
        failures.is_empty(),
        "{} failure(s):\n{}",
        failures.len(),
        failures.join("\n")
    );
    for lang in ["kk", "ru"] {
        for ok in [true, false] {
            assert!(
                counts.get(&(lang.to_string(), ok)).copied().unwrap_or(0) >= 5,
                "at least 5 {lang} rows that {}",
                if ok { "pass" } else { "must be caught" }
            );
        }
    }
}

#[test]
fn glossary_list_forms_of_the_bundled_glossary_holds_only_agreeing_forms() {
    let out = common::tmkit()
        .args(["glossary", "list", "--forms", "--json", "--glossary"])
        .arg(common::root().join("glossary"))
        .output()
        .unwrap();
    assert!(out.status.success());
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    // The forms listed for `lang` of the entry whose forms include `known`.
    let forms_of = |lang: &str, known: &str| -> Vec<String> {
        json["entries"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|e| e["forms"][lang].as_array())
            .map(|a| {
                a.iter()
                    .filter_map(|f| f.as_str().map(str::to_string))
                    .collect()
            })
            .find(|v: &Vec<String>| v.iter().any(|f| f == known))
            .unwrap_or_else(|| panic!("no {lang} entry with the form {known}"))
    };
    let ru = forms_of("ru", "настоящие добровольцы атажурта");
    for good in [
        "настоящих добровольцев атажурта",
        "настоящими добровольцами атажурта",
    ] {
        assert!(ru.iter().any(|f| f == good), "{good} not in {ru:?}");
    }
    for bad in [
        "настоящая добровольцы",
        "добровольцов",
        "настоящие добровольцев",
    ] {
        assert!(!ru.iter().any(|f| f.contains(bad)), "{bad} in {ru:?}");
    }
    let kk = forms_of("kk", "байболат күнболатұлы");
    for good in [
        "байболат күнболатұлын",
        "байболат күнболатұлына",
        "байболат күнболатұлынан",
        "байболат күнболатұлының",
    ] {
        assert!(kk.iter().any(|f| f == good), "{good} not in {kk:?}");
    }
    assert!(!kk.iter().any(|f| f == "байболат күнболатұлыға"));
    let en = forms_of("en", "detention center");
    assert!(en.iter().any(|f| f == "detention centers"), "{en:?}");
}
