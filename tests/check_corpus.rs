//! Dogfood: the bundled corpus passes `tmkit check --glossary glossary tm/corpus`, and a
//! copy with one name misspelt in Kazakh and one in Russian fails with both found.

mod common;

use std::path::Path;

use common::{copy_dir, corpus, root, tmkit_in};
use serde_json::Value;

fn check(dir: &Path) -> (i32, Value, String) {
    let out = tmkit_in(dir)
        .args([
            "check",
            "--glossary",
            "glossary",
            "tm/corpus",
            "--format",
            "json",
        ])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    let json = serde_json::from_slice(&out.stdout).unwrap_or(Value::Null);
    (out.status.code().unwrap_or(-1), json, stderr)
}

fn replace_first(path: &Path, from: &str, to: &str) {
    let text = std::fs::read_to_string(path).unwrap();
    assert!(text.contains(from), "{} has no “{from}”", path.display());
    std::fs::write(path, text.replacen(from, to, 1)).unwrap();
}

#[test]
fn bundled_corpus_passes_and_a_misspelt_copy_fails() {
    let d = tempfile::tempdir().unwrap();
    copy_dir(&corpus(), &d.path().join("tm/corpus"));
    copy_dir(&root().join("glossary"), &d.path().join("glossary"));

    // A corpus that fails to pair (exit 2) fails here too: there is nothing to skip.
    let (code, report, stderr) = check(d.path());
    assert_eq!(
        code, 0,
        "the bundled corpus must pass:\n{report:#}\n{stderr}"
    );
    let units = report["summary"]["units"].as_u64().unwrap_or(0);
    assert!(
        units > 100,
        "the whole corpus must be checked, not {units} unit(s)"
    );

    let copy = d.path().join("tm/corpus");
    replace_first(
        &copy.join("01-tent-dismantled.kk.txt"),
        "Халида Ақытхан",
        "Халида Ақытқан",
    );
    replace_first(
        &copy.join("03-husband-released.ru.txt"),
        "Ракыжан Зейнолла",
        "Ракыжан Зейналла",
    );
    let (code, report, stderr) = check(d.path());
    assert_eq!(code, 1, "{report:#}\n{stderr}");
    let issues = report["issues"].as_array().unwrap();
    let find = |lang: &str, term: &str, found: &str| {
        issues.iter().any(|i| {
            i["check"] == "term-missing"
                && i["lang"] == lang
                && i["term"] == term
                && i["found"] == found
        })
    };
    assert!(
        find("kk", "Khalida Aqytkhan", "Халида Ақытқан"),
        "{report:#}"
    );
    assert!(
        find("ru", "Raqyzhan Zeinolla", "Ракыжан Зейналла"),
        "{report:#}"
    );
    assert_eq!(issues.len(), 2, "{report:#}");
}
