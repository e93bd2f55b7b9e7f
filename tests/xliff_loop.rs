//! The XLIFF loop end to end, on a report of our own (`tests/data/xliff/farmers.en.txt`):
//! a job exported from the TM (valid against the OASIS schemas), a translator filling it
//! and leaving some segments to review or untranslated, `check` on the returned file,
//! `import` counting segments by state, `analyze` finding 101% matches, `merge` writing the
//! published report, and a round trip of an untouched job that changes nothing.

mod common;

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use common::external::Xmllint;
use common::{json_of, root, tmkit_db, write};

fn data(name: &str) -> PathBuf {
    root().join("tests/data/xliff").join(name)
}

/// The translator's sentences: source → translation into `lang` (from `translations.tsv`).
fn translations(lang: &str) -> HashMap<String, String> {
    let text = std::fs::read_to_string(data("translations.tsv")).unwrap();
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().unwrap().split('\t').collect();
    let col = header.iter().position(|h| *h == lang).unwrap();
    lines
        .map(|l| {
            let cells: Vec<&str> = l.split('\t').collect();
            (cells[0].to_string(), cells[col].to_string())
        })
        .collect()
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

fn unescape(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

/// What the translator does to one segment.
#[derive(Clone, Copy, PartialEq)]
enum Work<'a> {
    /// Translates it and confirms it (`translated`).
    Confirm,
    /// Translates it (this text) but leaves it to be reviewed.
    Review(&'a str),
    /// Leaves it as it is.
    Leave,
}

/// A translator working through an XLIFF 1.2 job: each `<trans-unit>`'s target replaced as
/// `work(source)` says, the translation taken from `tr`.
fn translate_12(
    job: &str,
    tr: &HashMap<String, String>,
    work: impl Fn(&str) -> Work<'static>,
) -> String {
    let mut parts = job.split("<trans-unit ");
    let mut out = parts.next().unwrap().to_string();
    for unit in parts {
        out.push_str("<trans-unit ");
        let s0 = unit.find("<source>").unwrap() + "<source>".len();
        let s1 = unit.find("</source>").unwrap();
        let source = unescape(&unit[s0..s1]);
        let (text, state) = match work(&source) {
            Work::Leave => {
                out.push_str(unit);
                continue;
            }
            Work::Confirm => (tr[&source].clone(), "translated"),
            Work::Review(t) => (t.to_string(), "needs-review-translation"),
        };
        let after = s1 + "</source>".len();
        let rest = &unit[after..];
        // The job's own target, if any, is the first element after the source.
        let rest = match rest.trim_start().starts_with("<target") {
            true => {
                let end = rest.find("</target>").unwrap() + "</target>".len();
                &rest[end..]
            }
            false => rest,
        };
        out.push_str(&unit[..after]);
        out.push_str(&format!(
            "\n        <target state=\"{state}\">{}</target>",
            escape(&text)
        ));
        out.push_str(rest);
    }
    out
}

/// Validates a job against the shared XLIFF schema (skipped locally without xmllint or
/// ../shared, failing under CI).
fn validate(schema: &str, file: &Path) {
    if let Some(x) = Xmllint::find() {
        x.assert_schema_valid(schema, file);
    }
}

fn band(analysis: &serde_json::Value, name: &str) -> u64 {
    analysis["files"][0]["bands"][name]["segments"]
        .as_u64()
        .unwrap()
}

fn stdout(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn stderr(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

const POLICE: &str = "Police did not detain anyone, a farmer named Erlan Tasov told RFE/RL.";
const RETURN: &str = "He said the farmers would return to the highway if the water did not come.";
const OFFICIALS: &str = "Local officials promised to resolve the problem within a week.";

#[test]
fn a_report_goes_out_as_a_job_comes_back_translated_and_is_published() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let db = d.join("tm.db");
    let report = d.join("farmers.en.txt");
    std::fs::copy(data("farmers.en.txt"), &report).unwrap();
    let kk = translations("kk");

    // The TM knows one sentence exactly (with an inline code) and one nearly.
    tmkit_db(&db)
        .arg("import")
        .arg(data("seed.tmx"))
        .assert()
        .success();
    let job = d.join("farmers.kk.xlf");
    tmkit_db(&db)
        .args(["export", "--format", "xliff", "--tgt", "kk"])
        .arg(&report)
        .arg("-o")
        .arg(&job)
        .assert()
        .success()
        .stderr(predicates::str::contains(
            "6 segments: 1 exact, 1 fuzzy, 4 new",
        ));
    validate("xliff-core-1.2-strict.xsd", &job);
    let sent = std::fs::read_to_string(&job).unwrap();

    // Round 1: the translator confirms three new segments (one with a misspelt name), keeps
    // the exact match, rewrites the fuzzy one but leaves it to review, skips the last.
    let typo = kk[POLICE].replace("Ерлан Тасов", "Ерлан Тасұлы");
    let typo_static: &'static str = Box::leak(typo.clone().into_boxed_str());
    let fixed: &'static str = Box::leak(kk[POLICE].clone().into_boxed_str());
    let round1 = |typo_in_review: &'static str| {
        translate_12(&sent, &kk, move |s| match s {
            OFFICIALS | RETURN => Work::Leave,
            POLICE => Work::Review(typo_in_review),
            _ => Work::Confirm,
        })
    };
    let returned = write(d, "farmers.kk.returned.xlf", &round1(typo_static));
    validate("xliff-core-1.2-strict.xsd", &returned);

    // check reads the returned job: the misspelt name, at its line in the job.
    let glossary = write(
        d,
        "names.csv",
        "en,kk,ru,gender\nErlan Tasov,Ерлан Тасов,Ерлан Тасов,m\n",
    );
    let line = round1(typo_static)
        .lines()
        .position(|l| l.contains("Ерлан Тасұлы"))
        .unwrap()
        + 1;
    let out = tmkit_db(&db)
        .args(["check", "--glossary"])
        .arg(&glossary)
        .arg(&returned)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", stdout(&out));
    assert!(
        stdout(&out).contains(&format!("farmers.kk.returned.xlf:{line}:")),
        "the issue names the job and the line of the misspelt name: {}",
        stdout(&out)
    );
    let returned = write(d, "farmers.kk.returned.xlf", &round1(fixed));
    tmkit_db(&db)
        .args(["check", "--glossary"])
        .arg(&glossary)
        .arg(&returned)
        .assert()
        .success();

    // import: counts by state, says what it did not store and why.
    let out = tmkit_db(&db).arg("import").arg(&returned).output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(
        text.contains("3 unit(s) added, 0 updated, 1 unchanged"),
        "{text}"
    );
    assert!(
        text.contains("6 segment(s): 1 needs-review-translation, 1 none, 4 translated; 4 stored, 2 not stored"),
        "{text}"
    );
    assert!(text.contains("  1 segment(s) still needs-review-translation: not stored; --include-unconfirmed stores them"), "{text}");
    assert!(
        text.contains("  1 segment(s) without a translation: not stored"),
        "{text}"
    );
    let out = tmkit_db(&db)
        .args(["import", "--dry-run", "--json"])
        .arg(&returned)
        .output()
        .unwrap();
    let j = json_of(&out.stdout);
    let x = &j["xliff"][0];
    assert_eq!(x["segments"], 6);
    assert_eq!(x["by_state"]["translated"], 4);
    assert_eq!(x["not_stored"][0]["reason"], "unconfirmed");
    assert_eq!(x["not_stored"][0]["state"], "needs-review-translation");
    assert_eq!(x["not_stored"][0]["segments"], 1);
    assert_eq!(x["not_stored"][1]["reason"], "no-target");

    // The same report analyzed again: the four stored segments are 101% context matches.
    let out = tmkit_db(&db)
        .args(["analyze", "--json"])
        .arg(&report)
        .output()
        .unwrap();
    let a = json_of(&out.stdout);
    assert_eq!(band(&a, "101%"), 4, "{a}");

    // show and TMX name the report the sentence came from.
    let out = tmkit_db(&db)
        .args(["export", "--format", "json", "--tgt", "kk"])
        .output()
        .unwrap();
    let units = common::json_lines(&out.stdout);
    let cotton = units
        .iter()
        .find(|u| {
            u["source"]
                .as_str()
                .unwrap()
                .starts_with("The farmers said")
        })
        .unwrap();
    let doc = report.display().to_string();
    assert_eq!(cotton["provenance"][0]["document"], doc.as_str());
    assert_eq!(cotton["provenance"][0]["paragraph"], 3);
    assert_eq!(cotton["provenance"][0]["sentence"], 1);
    let id = cotton["id"].as_i64().unwrap().to_string();
    tmkit_db(&db)
        .args(["show", &id])
        .assert()
        .success()
        .stdout(predicates::str::contains(doc.as_str()));
    let tmx = tmkit_db(&db)
        .args(["export", "--format", "tmx", "--tgt", "kk"])
        .output()
        .unwrap();
    assert!(stdout(&tmx).contains(&format!("<prop type=\"x-document\">{doc}</prop>")));

    // merge: the untranslated segment keeps its source and is named; --strict refuses.
    let published = d.join("farmers.kk.txt");
    let out = tmkit_db(&db)
        .args(["merge", "--strict"])
        .arg(&returned)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains(&format!("unit p4s2: no translation: “{RETURN}”")),
        "{}",
        stderr(&out)
    );
    assert!(!published.exists(), "--strict writes nothing");
    let out = tmkit_db(&db).arg("merge").arg(&returned).output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("warning: source text kept: unit p4s2"),
        "{}",
        stderr(&out)
    );
    assert!(
        stderr(&out).contains("1 segment(s) still wait for review"),
        "{}",
        stderr(&out)
    );
    let merged = std::fs::read_to_string(&published).unwrap();
    assert!(
        merged.ends_with(&format!("{} {RETURN}\n", kk[POLICE])),
        "{merged}"
    );

    // Round 2: everything confirmed. The published report is the translation, paragraph
    // for paragraph, and imports beside its source sentence for sentence.
    let round2 = translate_12(&sent, &kk, |s| match s {
        OFFICIALS => Work::Leave,
        _ => Work::Confirm,
    });
    let returned = write(d, "farmers.kk.returned.xlf", &round2);
    let out = tmkit_db(&db).arg("import").arg(&returned).output().unwrap();
    assert!(
        stdout(&out).contains("2 unit(s) added, 0 updated, 4 unchanged"),
        "{}",
        stdout(&out)
    );
    let out = tmkit_db(&db)
        .args(["merge", "--strict", "--json"])
        .arg(&returned)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let j = json_of(&out.stdout);
    assert_eq!(j["documents"][0]["paragraphs"], 4);
    assert_eq!(j["documents"][0]["segments"], 6);
    let merged = std::fs::read_to_string(&published).unwrap();
    let expected = std::fs::read_to_string(data("farmers.kk.txt")).unwrap();
    assert_eq!(merged, expected);
    let segmented = common::tmkit()
        .args(["segment", "--lang", "kk"])
        .arg(&published)
        .output()
        .unwrap();
    let sentences: Vec<String> = stdout(&segmented).lines().map(str::to_string).collect();
    let source_sentences: Vec<String> = common::tmkit()
        .args(["segment", "--lang", "en"])
        .arg(&report)
        .output()
        .map(|o| stdout(&o).lines().map(str::to_string).collect())
        .unwrap();
    let want: Vec<String> = source_sentences.iter().map(|s| kk[s].clone()).collect();
    assert_eq!(
        sentences, want,
        "the merged report segments into the translations"
    );
    let pairs = d.join("pairs.db");
    tmkit_db(&pairs)
        .arg("import")
        .arg(&report)
        .arg("--target")
        .arg(format!("kk={}", published.display()))
        .assert()
        .success()
        .stdout(predicates::str::contains("6 unit(s) added"));
    let out = tmkit_db(&db)
        .args(["analyze", "--json"])
        .arg(&report)
        .output()
        .unwrap();
    assert_eq!(band(&json_of(&out.stdout), "101%"), 6);
}

#[test]
fn an_untouched_job_imported_back_changes_nothing_whatever_its_codes() {
    for (format, schema) in [
        ("xliff", "xliff-core-1.2-strict.xsd"),
        ("xliff2", "xliff_core_2.0.xsd"),
    ] {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        let db = d.join("tm.db");
        let report = d.join("farmers.en.txt");
        std::fs::copy(data("farmers.en.txt"), &report).unwrap();
        tmkit_db(&db)
            .arg("import")
            .arg(data("seed.tmx"))
            .assert()
            .success();
        let before = tmkit_db(&db)
            .args(["export", "--format", "json"])
            .output()
            .unwrap();
        let job = d.join("job.xlf");
        tmkit_db(&db)
            .args(["export", "--format", format, "--tgt", "ru"])
            .arg(&report)
            .arg("-o")
            .arg(&job)
            .assert()
            .success();
        validate(schema, &job);
        let out = tmkit_db(&db).arg("import").arg(&job).output().unwrap();
        let text = stdout(&out);
        assert!(
            text.contains("0 unit(s) added, 0 updated, 1 unchanged"),
            "{format}: {text}"
        );
        let after = tmkit_db(&db)
            .args(["export", "--format", "json"])
            .output()
            .unwrap();
        let strip = |o: &std::process::Output| -> Vec<serde_json::Value> {
            common::json_lines(&o.stdout)
                .into_iter()
                .map(|mut u| {
                    u["provenance"] = serde_json::Value::Null;
                    u
                })
                .collect()
        };
        assert_eq!(
            strip(&after),
            strip(&before),
            "{format}: texts, codes and dates unchanged"
        );
        assert!(
            stdout(&after).contains("Местные <hi x=\\\"1\\\">чиновники</hi>"),
            "{format}"
        );
    }
}

#[test]
fn a_job_without_a_target_language_is_named_with_tgt() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("tm.db");
    let job = data("okapi-style-no-target-language.xlf");
    let out = tmkit_db(&db).arg("import").arg(&job).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(err.contains("okapi-style-no-target-language.xlf:"), "{err}");
    assert!(
        err.contains("target-language is optional in XLIFF 1.2): name it with --tgt LANG"),
        "{err}"
    );
    assert_eq!(common::units_in(&db), 0);
    tmkit_db(&db)
        .args(["import", "--tgt", "ru"])
        .arg(&job)
        .assert()
        .success()
        .stdout(predicates::str::contains("2 unit(s) added"));
    let s = common::stats_of(&db);
    assert_eq!(s["target_languages"]["ru"], 2);
}

#[test]
fn check_names_the_target_language_of_a_job_without_one_with_tgt() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("tm.db");
    let job = data("okapi-style-no-target-language.xlf");
    let glossary = write(
        dir.path(),
        "names.csv",
        "en,kk,ru\nTurkistan,Түркістан,Туркестан\n",
    );
    let check = || {
        let mut c = tmkit_db(&db);
        c.args(["check", "--format", "json", "--glossary"])
            .arg(&glossary);
        c
    };
    let out = tmkit_db(&db)
        .args(["check", "--glossary"])
        .arg(&glossary)
        .arg(&job)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(err.contains("okapi-style-no-target-language.xlf:"), "{err}");
    assert!(err.contains("name it with --tgt LANG"), "{err}");
    assert!(!err.contains("tmkit import"), "{err}");
    let help = tmkit_db(&db).args(["check", "--help"]).output().unwrap();
    assert!(stdout(&help).contains("--tgt <LANG>"), "{}", stdout(&help));

    // Named, the job's translations are checked as Russian: Туркестана is a form of the term.
    let out = check().args(["--tgt", "ru"]).arg(&job).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    let report = json_of(&out.stdout);
    assert_eq!(report["summary"]["errors"], 0, "{report}");

    // A bad tag is refused as everywhere else; a job naming another language keeps it.
    let out = check().args(["--tgt", "k!k"]).arg(&job).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("--tgt"), "{}", stderr(&out));
    let named = write(
        dir.path(),
        "named.xlf",
        &std::fs::read_to_string(&job).unwrap().replace(
            "source-language=\"en\"",
            "source-language=\"en\" target-language=\"ru\"",
        ),
    );
    let out = check().args(["--tgt", "kk"]).arg(&named).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("but --tgt says"), "{}", stderr(&out));
}

#[test]
fn xliff20_units_of_several_segments_are_stored_per_segment_with_their_codes() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("tm.db");
    let job = data("oasis2-segments.xlf");
    validate("xliff_core_2.0.xsd", &job);
    let out = tmkit_db(&db)
        .args(["import", "--json"])
        .arg(&job)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let j = json_of(&out.stdout);
    assert_eq!(j["added"], 3);
    assert_eq!(j["xliff"][0]["segments"], 4);
    assert_eq!(j["xliff"][0]["not_stored"][0]["reason"], "untranslated");
    let out = tmkit_db(&db)
        .args(["export", "--format", "json"])
        .output()
        .unwrap();
    let units = common::json_lines(&out.stdout);
    let sources: Vec<&str> = units
        .iter()
        .map(|u| u["source"].as_str().unwrap())
        .collect();
    assert!(
        sources.contains(&"The akimat cut the water supply to the district on Monday. "),
        "{sources:?}"
    );
    let coded = units
        .iter()
        .find(|u| u["source"].as_str().unwrap().contains("statement"))
        .unwrap();
    assert!(
        coded["source_markup"].as_str().unwrap().contains("<bpt"),
        "{coded}"
    );
    // The codes' attributes TMX markup has no place for are kept, and exported.
    let tmx = tmkit_db(&db)
        .args(["export", "--format", "tmx", "--tgt", "kk"])
        .output()
        .unwrap();
    let tmx = stdout(&tmx);
    let kept = r#"<prop type="x-xliff-code">{"attrs":{"canDelete":"no","disp":"line break","equiv":"[br]"},"element":"ph","id":"2"}</prop>"#;
    assert_eq!(
        tmx.matches(&kept.replace('"', "&quot;").replace(
            "<prop type=&quot;x-xliff-code&quot;>",
            "<prop type=\"x-xliff-code\">"
        ))
        .count(),
        2,
        "the source's code on the unit, the target's on its variant: {tmx}"
    );
    // A job for a report with that sentence shows the codes as the translator saw them,
    // valid in both versions, and comes back without changing anything.
    let report = write(
        dir.path(),
        "akimat.en.txt",
        "The akimat published a statement.\n",
    );
    for (format, schema, shown) in [
        ("xliff", "xliff-core-1.2-strict.xsd", r#"equiv-text="[br]""#),
        (
            "xliff2",
            "xliff_core_2.0.xsd",
            r#"equiv="[br]" disp="line break""#,
        ),
    ] {
        let out_job = dir.path().join(format!("akimat.{format}.xlf"));
        tmkit_db(&db)
            .args(["export", "--format", format, "--tgt", "kk"])
            .arg(&report)
            .arg("-o")
            .arg(&out_job)
            .assert()
            .success();
        validate(schema, &out_job);
        let written = std::fs::read_to_string(&out_job).unwrap();
        assert!(written.contains(shown), "{written}");
        tmkit_db(&db)
            .arg("import")
            .arg(&out_job)
            .assert()
            .success()
            // The report's sentence has no codes, the stored source has: a 99% match (the
            // tag penalty), offered for review; untouched, it is not stored again.
            .stdout(predicates::str::contains(
                "0 unit(s) added, 0 updated, 0 unchanged",
            ))
            .stdout(predicates::str::contains("1 segment(s): 1 "))
            .stdout(predicates::str::contains("0 stored, 1 not stored"));
    }
    // The job merged: one paragraph per unit, its segments as they were spaced.
    let out = tmkit_db(&db)
        .args(["merge", "-o", "-"])
        .arg(&job)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(
        text.starts_with("Әкімдік дүйсенбіде ауданға су беруді тоқтатты. "),
        "{text}"
    );
}
