//! Every Kazakh and Russian case form of the glossary's names, correct and broken
//! (`tests/data/check/inflection.tsv`, written by hand): correct forms must count as the
//! rendering, broken ones must not, forbidden variants must be caught in every form.

mod common;

use tmkit::glossary::{Glossary, Role, TermMatcher};

#[test]
fn every_case_form_is_judged_right_with_no_false_alarm_and_no_miss() {
    let dir = common::check_data();
    let glossary = Glossary::load(&dir.join("glossary.csv")).unwrap();
    let matcher = TermMatcher::new(&glossary, "en");
    let data = std::fs::read_to_string(dir.join("inflection.tsv")).unwrap();
    let mut failures = Vec::new();
    let mut counts = std::collections::BTreeMap::<(String, String), usize>::new();
    let mut names = std::collections::BTreeSet::new();
    let mut buf = String::new();
    for (n, line) in data.lines().enumerate() {
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        let [lang, term, form, expect] = cols[..] else {
            panic!("line {}: expected 4 tab-separated columns", n + 1);
        };
        let entry = glossary
            .entries
            .iter()
            .position(|e| e.preferred(lang) == Some(term))
            .unwrap_or_else(|| {
                panic!(
                    "line {}: {term} is not a {lang} rendering in glossary.csv",
                    n + 1
                )
            }) as u32;
        names.insert((lang.to_string(), term.to_string()));
        let (before, after) = match lang {
            "kk" => ("Кеше ", " туралы хабарланды."),
            _ => ("Вчера о ", " сообщили."),
        };
        let sentence = format!("{before}{form}{after}");
        let (s, e) = (before.len(), before.len() + form.len());
        let hits = matcher.find_target(lang, &sentence, &mut buf);
        let accepted = hits
            .iter()
            .any(|h| h.entry == entry && h.role == Role::Accepted && h.start == s && h.end == e);
        let accepted_anywhere = hits
            .iter()
            .any(|h| h.entry == entry && h.role == Role::Accepted);
        let forbidden = hits.iter().any(|h| {
            h.entry == entry && matches!(h.role, Role::Forbidden(_)) && h.start == s && h.end == e
        });
        let ok = match expect {
            "ok" => accepted,
            "bad" => !accepted_anywhere,
            "forbidden" => forbidden && !accepted_anywhere,
            other => panic!("line {}: unknown expectation {other}", n + 1),
        };
        if !ok {
            failures.push(format!(
                "line {}: {lang} {term:?} ← {form:?}: expected {expect}, hits {hits:?}",
                n + 1
            ));
        }
        *counts
            .entry((lang.to_string(), expect.to_string()))
            .or_default() += 1;
    }
    eprintln!("inflection test set: {counts:?}; names: {}", names.len());
    assert!(
        failures.is_empty(),
        "{} failure(s):\n{}",
        failures.len(),
        failures.join("\n")
    );
    for lang in ["kk", "ru"] {
        assert!(
            names.iter().filter(|(l, _)| l == lang).count() >= 8,
            "at least 8 {lang} names"
        );
    }
}
