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
