//! End-to-end tests of `tmkit check`: exit codes, output formats, inputs, glossary problems.

mod common;

use common::{check_data, json_of, tmkit_db, tmkit_in, write};
use predicates::prelude::*;

/// A temp dir with the fixture glossary and corpus; `broken` misspells a name in the
/// Kazakh and the Russian report and puts a Latin letter into a Kazakh word.
fn workspace(broken: bool) -> tempfile::TempDir {
    let d = tempfile::tempdir().unwrap();
    std::fs::copy(
        check_data().join("glossary.csv"),
        d.path().join("glossary.csv"),
    )
    .unwrap();
    std::fs::create_dir(d.path().join("corpus")).unwrap();
    for lang in ["en", "kk", "ru"] {
        let name = format!("tent.{lang}.txt");
        let mut text = std::fs::read_to_string(check_data().join("corpus").join(&name)).unwrap();
        if broken {
            text = text
                .replace("Халида Ақытхан", "Халида Ақытқан")
                .replace("Синьцзяне", "Синьцзяни")
                .replace("Шыңжаңда", "Шыңжаңдa");
        }
        std::fs::write(d.path().join("corpus").join(name), text).unwrap();
    }
    d
}

#[test]
fn a_clean_corpus_exits_zero() {
    let d = workspace(false);
    tmkit_in(d.path())
        .args(["check", "--glossary", "glossary.csv", "corpus"])
        .assert()
        .code(0)
        .stdout(predicate::str::contains(
            "tmkit check: ok — 4 unit(s), 8 translation(s)",
        ));
}

#[test]
fn misspelt_names_exit_one_and_json_lists_every_issue() {
    let d = workspace(true);
    let out = tmkit_in(d.path())
        .args([
            "check",
            "--glossary",
            "glossary.csv",
            "corpus",
            "--format",
            "json",
        ])
        .assert()
        .code(1)
        .get_output()
        .stdout
        .clone();
    let v = json_of(&out);
    let issues = v["issues"].as_array().unwrap();
    let got: Vec<(String, String, String)> = issues
        .iter()
        .map(|i| {
            (
                i["lang"].as_str().unwrap().to_string(),
                i["check"].as_str().unwrap().to_string(),
                i["term"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect();
    let has = |lang: &str, check: &str, term: &str| {
        got.iter()
            .any(|g| g == &(lang.into(), check.into(), term.into()))
    };
    assert!(has("kk", "term-missing", "Khalida Aqytkhan"), "{got:?}");
    assert!(has("ru", "term-missing", "Xinjiang"), "{got:?}");
    assert!(has("kk", "mixed-script", ""), "{got:?}");
    let first = &issues[0];
    for key in [
        "unit", "lang", "term", "check", "severity", "message", "found",
    ] {
        assert!(first.get(key).is_some(), "issue lacks {key}: {first}");
    }
    assert_eq!(first["found"], "Халида Ақытқан");
    assert_eq!(first["line"], 3);
    assert!(first["file"].as_str().unwrap().ends_with("tent.kk.txt"));
    // The second sentence of line 3: named with its column, apart from the first.
    assert!(
        first["unit"]
            .as_str()
            .unwrap()
            .ends_with("tent.en.txt:3:85"),
        "{}",
        first["unit"]
    );
    let mixed = issues
        .iter()
        .find(|i| i["check"] == "mixed-script")
        .unwrap();
    assert_eq!(mixed["chars"][0]["codepoint"], "U+0061");
    assert_eq!(mixed["suggestion"], "Шыңжаңда");
    assert_eq!(
        v["summary"]["errors"].as_u64().unwrap() as usize,
        issues.len()
    );
}

#[test]
fn text_output_shows_the_segment_with_the_problem_marked() {
    let d = workspace(true);
    tmkit_in(d.path())
        .args([
            "check",
            "--glossary",
            "glossary.csv",
            "corpus",
            "--lang",
            "kk",
        ])
        .assert()
        .code(1)
        .stdout(predicate::str::contains(
            "tent.kk.txt:3:84: error[term-missing] kk:",
        ))
        .stdout(predicate::str::contains(
            "    | Халида Ақытқан Азаттық радиосына",
        ))
        .stdout(predicate::str::contains("    | ^^^^^^^^^^^^^^\n"))
        .stdout(predicate::str::contains("Синьцзяни").not())
        .stdout(predicate::str::contains("\x1b[").not());
}

#[test]
fn severity_flags_demote_and_disable_checks() {
    let d = workspace(true);
    tmkit_in(d.path())
        .args([
            "check",
            "--glossary",
            "glossary.csv",
            "corpus",
            "--format",
            "json",
        ])
        .args([
            "--severity",
            "term-missing=warning",
            "--severity",
            "mixed-script=off",
        ])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("\"severity\": \"warning\""))
        .stdout(predicate::str::contains("mixed-script\"").not());
    tmkit_in(d.path())
        .args([
            "check",
            "--glossary",
            "glossary.csv",
            "corpus",
            "--severity",
            "term-missing=loud",
        ])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "tmkit: error: --severity unknown level “loud”",
        ));
}

#[test]
fn sarif_is_2_1_0_with_rules_and_locations() {
    let d = workspace(true);
    let out = tmkit_in(d.path())
        .args([
            "check",
            "--glossary",
            "glossary.csv",
            "corpus",
            "--format",
            "sarif",
        ])
        .assert()
        .code(1)
        .get_output()
        .stdout
        .clone();
    let v = json_of(&out);
    assert_eq!(v["version"], "2.1.0");
    let run = &v["runs"][0];
    assert_eq!(run["tool"]["driver"]["name"], "tmkit");
    let rules: Vec<&str> = run["tool"]["driver"]["rules"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap())
        .collect();
    assert_eq!(
        rules,
        [
            "term-missing",
            "term-forbidden",
            "mixed-script",
            "inconsistent-translation",
            "number-mismatch",
            "date-mismatch",
            "untranslated",
            "quote-balance"
        ]
    );
    let results = run["results"].as_array().unwrap();
    assert!(!results.is_empty());
    for r in results {
        let rule = r["ruleId"].as_str().unwrap();
        assert_eq!(rules[r["ruleIndex"].as_u64().unwrap() as usize], rule);
        assert!(matches!(r["level"].as_str(), Some("error" | "warning")));
        let phys = &r["locations"][0]["physicalLocation"];
        let uri = phys["artifactLocation"]["uri"].as_str().unwrap();
        assert!(uri.starts_with("corpus/tent."), "{phys}");
        assert!(phys["region"]["startLine"].as_u64().unwrap() >= 1);
    }
}

#[test]
fn junit_is_well_formed_with_a_testcase_per_unit_and_check() {
    let d = workspace(true);
    let out = tmkit_in(d.path())
        .args([
            "check",
            "--glossary",
            "glossary.csv",
            "corpus",
            "--format",
            "junit",
        ])
        .assert()
        .code(1)
        .get_output()
        .stdout
        .clone();
    let xml = String::from_utf8(out).unwrap();
    let mut reader = quick_xml::Reader::from_str(&xml);
    let (mut cases, mut failures, mut suites) = (0, 0, 0);
    loop {
        match reader.read_event() {
            Ok(quick_xml::events::Event::Start(e) | quick_xml::events::Event::Empty(e)) => {
                match e.name().as_ref() {
                    b"testcase" => cases += 1,
                    b"failure" => failures += 1,
                    b"testsuite" => suites += 1,
                    _ => {}
                }
            }
            Ok(quick_xml::events::Event::Eof) => break,
            Ok(_) => {}
            Err(e) => panic!("JUnit XML is not well-formed: {e}\n{xml}"),
        }
    }
    assert_eq!(suites, 8);
    assert_eq!(cases, 8 * 4, "8 checks × 4 units");
    assert_eq!(
        failures, 3,
        "two units fail term-missing, one mixed-script:\n{xml}"
    );
}

#[test]
fn github_annotations_name_file_and_line() {
    let d = workspace(true);
    tmkit_in(d.path())
        .args(["check", "--glossary", "glossary.csv", "corpus", "--format", "github"])
        .assert()
        .code(1)
        .stdout(predicate::str::is_match(r"(?m)^::error file=corpus/tent\.kk\.txt,line=3,col=84,title=tmkit term-missing \(kk\)::").unwrap())
        .stdout(predicate::str::is_match(r"(?m)^::error file=corpus/tent\.ru\.txt,line=5,col=\d+,title=tmkit term-missing \(ru\)::").unwrap());
}

#[test]
fn gitlab_code_quality_report_goes_to_a_file_and_the_summary_to_stderr() {
    let d = workspace(true);
    tmkit_in(d.path())
        .args([
            "check",
            "--glossary",
            "glossary.csv",
            "corpus",
            "--format",
            "gitlab",
        ])
        .args(["-o", "gl-code-quality-report.json"])
        .assert()
        .code(1)
        .stdout(predicate::str::is_empty())
        .stderr(predicate::str::contains(
            "tmkit check: FAILED — 4 unit(s), 8 translation(s)",
        ))
        .stderr(predicate::str::contains(
            "(report: gl-code-quality-report.json)",
        ));
    let report = std::fs::read(d.path().join("gl-code-quality-report.json")).unwrap();
    let v = json_of(&report);
    let issues = v.as_array().unwrap();
    assert!(!issues.is_empty());
    let mut prints = std::collections::BTreeSet::new();
    for i in issues {
        for key in ["description", "check_name", "fingerprint", "severity"] {
            assert!(i[key].is_string(), "{key} in {i}");
        }
        assert!(matches!(i["severity"].as_str(), Some("major" | "minor")));
        assert!(i["location"]["path"]
            .as_str()
            .unwrap()
            .starts_with("corpus/tent."));
        assert!(i["location"]["lines"]["begin"].as_u64().unwrap() >= 1);
        assert!(
            prints.insert(i["fingerprint"].as_str().unwrap().to_string()),
            "unique"
        );
    }
    assert!(issues.iter().any(|i| i["check_name"] == "term-missing"
        && i["location"]["path"] == "corpus/tent.kk.txt"
        && i["location"]["lines"]["begin"] == 3));
    // The same input gives the same fingerprints.
    let again = tmkit_in(d.path())
        .args([
            "check",
            "--glossary",
            "glossary.csv",
            "corpus",
            "--format",
            "gitlab",
        ])
        .assert()
        .code(1)
        .get_output()
        .stdout
        .clone();
    assert_eq!(json_of(&again), v);
}

#[test]
fn tables_and_single_reports_are_inputs_too() {
    let d = workspace(false);
    std::fs::write(
        d.path().join("units.tsv"),
        "en\tkk\tru\nKhalida Aqytkhan spoke.\tХалида Ақытханмен сөйлестік.\tГоворила Халида Акытхан.\n\
         Khalida Aqytkhan spoke.\tХалида Ақытхан сөйледі.\tГоворила Халида Акытхан.\n",
    )
    .unwrap();
    let out = tmkit_in(d.path())
        .args([
            "check",
            "--glossary",
            "glossary.csv",
            "units.tsv",
            "corpus/tent.ru.txt",
            "--format",
            "json",
        ])
        .assert()
        .code(0)
        .get_output()
        .stdout
        .clone();
    let v = json_of(&out);
    assert_eq!(v["summary"]["units"], 6);
    let issues = v["issues"].as_array().unwrap();
    assert_eq!(issues.len(), 1, "{issues:?}");
    assert_eq!(issues[0]["check"], "inconsistent-translation");
    assert_eq!(issues[0]["severity"], "warning");
    assert_eq!(issues[0]["unit"], "units.tsv:3");
}

#[test]
fn bad_inputs_exit_two_with_file_and_line() {
    let d = workspace(false);
    std::fs::write(d.path().join("corpus/tent.kk.txt"), "Бір.\n\nЕкі.\n").unwrap();
    tmkit_in(d.path())
        .args(["check", "--glossary", "glossary.csv", "corpus"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("tent.kk.txt"))
        .stderr(predicate::str::contains("paragraph"));
    tmkit_in(d.path())
        .args(["check", "--glossary", "missing.csv", "corpus"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("missing.csv"));
    tmkit_in(d.path())
        .args(["check", "--glossary", "glossary.csv", "nothing-here"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("nothing-here"));
    tmkit_in(d.path())
        .args([
            "check",
            "--glossary",
            "glossary.csv",
            "corpus",
            "--format",
            "xml",
        ])
        .assert()
        .code(2);
}

#[test]
fn duplicate_entries_warn_and_conflicting_ones_fail_with_file_and_line() {
    let d = workspace(false);
    let g = d.path().join("g");
    std::fs::create_dir(&g).unwrap();
    std::fs::copy(check_data().join("glossary.csv"), g.join("a.csv")).unwrap();
    std::fs::write(g.join("b.csv"), "en,kk\nAlmaty,Алматы\n").unwrap();
    tmkit_in(d.path())
        .args(["check", "--glossary", "g", "corpus"])
        .assert()
        .code(0)
        .stderr(predicate::str::contains(
            "b.csv:2: warning: duplicate entry: en “Almaty” is already defined at",
        ))
        .stderr(predicate::str::contains("a.csv:9"));
    std::fs::write(g.join("b.csv"), "en,kk\nAlmaty,Алмата\n").unwrap();
    tmkit_in(d.path())
        .args(["check", "--glossary", "g", "corpus"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "b.csv:2: error: conflicting entry",
        ))
        .stderr(predicate::str::contains("a.csv:9"));
}

#[test]
fn xliff_jobs_are_checked_unit_by_unit_with_their_line() {
    let d = workspace(false);
    std::fs::write(
        d.path().join("job.kk.xlf"),
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
         <xliff version=\"1.2\"><file original=\"r\" source-language=\"en\" target-language=\"kk\" datatype=\"plaintext\"><body>\n\
         <trans-unit id=\"1\"><source>Khalida Aqytkhan spoke.</source><target state=\"translated\">Халида Ақытхан сөйледі.</target></trans-unit>\n\
         <trans-unit id=\"2\"><source>Khalida Aqytkhan left.</source>\n<target state=\"final\">Халида Ақытқан кетті.</target></trans-unit>\n\
         <trans-unit id=\"3\"><source>Khalida Aqytkhan came.</source><target state=\"new\">Khalida Aqytkhan came.</target></trans-unit>\n\
         </body></file></xliff>\n",
    )
    .unwrap();
    let out = tmkit_in(d.path())
        .args([
            "check",
            "--glossary",
            "glossary.csv",
            "job.kk.xlf",
            "--format",
            "json",
        ])
        .assert()
        .code(1)
        .get_output()
        .stdout
        .clone();
    let v = json_of(&out);
    // The unfinished third unit is not a translation yet (as `tmkit import` sees it).
    assert_eq!(v["summary"]["units"], 2);
    let issues = v["issues"].as_array().unwrap();
    assert_eq!(issues.len(), 1, "{issues:?}");
    assert_eq!(issues[0]["check"], "term-missing");
    assert_eq!(issues[0]["unit"], "job.kk.xlf:4");
    assert_eq!(issues[0]["found"], "Халида Ақытқан");
}

#[test]
fn a_directory_holding_xliff_and_tmx_is_checked_with_its_reports() {
    let d = workspace(false);
    std::fs::write(
        d.path().join("corpus/job.xliff"),
        "<xliff version=\"2.0\" srcLang=\"en\" trgLang=\"ru\"><file id=\"f\"><unit id=\"u\"><segment state=\"final\">\
         <source>Xinjiang is far.</source><target>Синьцзяни далеко.</target></segment></unit></file></xliff>\n",
    )
    .unwrap();
    std::fs::write(
        d.path().join("corpus/memory.tmx"),
        "<tmx version=\"1.4\"><header srclang=\"en\" datatype=\"plaintext\" segtype=\"sentence\" adminlang=\"en\" o-tmf=\"x\" creationtool=\"x\" creationtoolversion=\"1\"/><body>\n\
         <tu tuid=\"m1\"><tuv xml:lang=\"en\"><seg>In Almaty.</seg></tuv><tuv xml:lang=\"kk\"><seg>Алматыда.</seg></tuv></tu>\n</body></tmx>\n",
    )
    .unwrap();
    let out = tmkit_in(d.path())
        .args([
            "check",
            "--glossary",
            "glossary.csv",
            "corpus",
            "--format",
            "json",
        ])
        .assert()
        .code(1)
        .get_output()
        .stdout
        .clone();
    let v = json_of(&out);
    assert_eq!(v["summary"]["units"], 4 + 1 + 1);
    let issues = v["issues"].as_array().unwrap();
    assert_eq!(issues.len(), 1, "{issues:?}");
    assert_eq!(issues[0]["lang"], "ru");
    assert!(issues[0]["unit"].as_str().unwrap().ends_with("job.xliff:1"));
}

#[test]
fn the_tm_is_checked_a_batch_at_a_time_and_inconsistencies_found_across_batches() {
    let d = workspace(false);
    let db = d.path().join("tm.db");
    // More units than one batch of the check (8192); the first and the last share their
    // source but for a doubled space, and differ in Kazakh.
    let mut tsv = String::from("en\tkk\nPolice came.\tПолиция келді.\n");
    for i in 0..9000 {
        tsv.push_str(&format!("Unit {i}.\tБірлік {i}.\n"));
    }
    tsv.push_str("Police  came.\tПолиция келген.\n");
    write(d.path(), "units.tsv", &tsv);
    tmkit_db(&db)
        .args(["import", "units.tsv"])
        .current_dir(d.path())
        .assert()
        .code(0);
    let out = tmkit_db(&db)
        .current_dir(d.path())
        .args(["check", "--glossary", "glossary.csv", "--format", "json"])
        .assert()
        .code(0)
        .get_output()
        .stdout
        .clone();
    let v = json_of(&out);
    assert_eq!(v["summary"]["units"], 9002);
    let issues = v["issues"].as_array().unwrap();
    assert_eq!(issues.len(), 1, "{issues:?}");
    assert_eq!(issues[0]["check"], "inconsistent-translation");
    assert_eq!(issues[0]["unit"], "tm:9002");
    assert!(issues[0]["message"]
        .as_str()
        .unwrap()
        .contains("in tm:1 “Полиция келді.”"));
    let junit = tmkit_db(&db)
        .current_dir(d.path())
        .args(["check", "--glossary", "glossary.csv", "--format", "junit"])
        .assert()
        .code(0)
        .get_output()
        .stdout
        .clone();
    let junit = String::from_utf8(junit).unwrap();
    assert_eq!(
        junit.matches("<testcase ").count(),
        8 * 9002,
        "every unit listed under each of the 8 checks"
    );
    assert!(junit.contains("name=\"tm:9002\""));
}
