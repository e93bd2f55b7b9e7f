//! End-to-end tests of `tmkit analyze` on every kind of input: an XLIFF job, a table, a TMX
//! file and a folder holding the same source segments as a report give the report's band
//! counts; inputs that are not known are refused naming the file.

mod common;

use std::path::Path;

use common::report::{tm_of_report, EN};
use common::{json_of, tmkit_in, write};
use predicates::prelude::*;
use serde_json::Value;
use tempfile::TempDir;

/// The segments of the new text, in order: 101% (same neighbours as in the TM), 100% (its
/// next sentence changed), 95–99% (punctuation), no match, 100% (its previous sentence
/// changed), a repetition.
const NEW: [&str; 6] = [
    "Police detain activists",
    "Police in Almaty detained several activists outside the Chinese consulate on Tuesday.",
    "The protesters said they would return on Friday!",
    "A completely new sentence about the weather in Astana.",
    "The consulate did not comment on the detentions.",
    "A completely new sentence about the weather in Astana.",
];

fn tm() -> TempDir {
    tm_of_report(&["kk"])
}

/// The new text as a report: paragraphs, the fourth holding two sentences.
fn new_report() -> String {
    format!(
        "{}\n\n{}\n\n{}\n\n{} {}\n\n{}\n",
        NEW[0], NEW[1], NEW[2], NEW[3], NEW[4], NEW[5]
    )
}

/// `tmkit analyze --json` on `inputs`, run in `dir`.
fn analyze(dir: &Path, inputs: &[&str]) -> Value {
    let out = tmkit_in(dir)
        .args(["--db", "tm.db", "analyze", "--json"])
        .args(inputs)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "analyze {inputs:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    json_of(&out.stdout)
}

/// The report's figures, checked to hold every band the inputs must reproduce.
fn report_figures(d: &TempDir) -> Value {
    write(d.path(), "new.en.txt", &new_report());
    let v = analyze(d.path(), &["new.en.txt"]);
    let b = &v["total"]["bands"];
    let segments = |band: &str| b[band]["segments"].as_u64().unwrap();
    assert_eq!(
        (
            segments("101%"),
            segments("100%"),
            segments("95-99%"),
            segments("No match"),
            segments("Repetitions")
        ),
        (1, 2, 1, 1, 1),
        "{v}"
    );
    v["total"].clone()
}

fn xml_escape(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;")
}

#[test]
fn an_xliff_job_counts_every_source_segment_like_the_report() {
    let d = tm();
    let want = report_figures(&d);
    // Finished, reviewed, empty, new and absent targets: every source is analyzed.
    let targets = [
        "<target state=\"translated\">Полиция белсенділерді ұстады</target>",
        "<target state=\"needs-review-translation\">Алматы полициясы</target>",
        "",
        "<target state=\"new\"/>",
        "<target></target>",
        "",
    ];
    let units: String = NEW
        .iter()
        .zip(targets)
        .enumerate()
        .map(|(i, (s, t))| {
            format!(
                "<trans-unit id=\"{i}\"><source>{}</source>{t}</trans-unit>\n",
                xml_escape(s)
            )
        })
        .collect();
    write(
        d.path(),
        "job.kk.xlf",
        &format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
             <xliff version=\"1.2\" xmlns=\"urn:oasis:names:tc:xliff:document:1.2\">\n\
             <file original=\"new.en.txt\" source-language=\"en\" target-language=\"kk\" \
             datatype=\"plaintext\"><body>\n{units}</body></file></xliff>\n"
        ),
    );
    let units2: String = NEW
        .iter()
        .enumerate()
        .map(|(i, s)| {
            format!(
                "<unit id=\"u{i}\"><segment><source>{}</source></segment></unit>\n",
                xml_escape(s)
            )
        })
        .collect();
    write(
        d.path(),
        "job2.xlf",
        &format!(
            "<xliff version=\"2.0\" xmlns=\"urn:oasis:names:tc:xliff:document:2.0\" \
             srcLang=\"en\" trgLang=\"kk\"><file id=\"f1\">\n{units2}</file></xliff>\n"
        ),
    );
    for job in ["job.kk.xlf", "job2.xlf"] {
        let v = analyze(d.path(), &[job]);
        assert_eq!(v["total"], want, "{job}");
        assert_eq!(v["files"][0]["lang"], "en", "{job}");
    }
}

#[test]
fn an_xliff_job_exported_from_a_report_counts_like_the_report() {
    let d = tm();
    let want = report_figures(&d);
    tmkit_in(d.path())
        .args([
            "--db", "tm.db", "export", "--format", "xliff", "--tgt", "kk",
        ])
        .args(["new.en.txt", "-o", "job.xlf"])
        .assert()
        .success();
    assert_eq!(analyze(d.path(), &["job.xlf"])["total"], want);
}

#[test]
fn a_job_of_two_reports_keeps_each_reports_context_apart() {
    let d = tm();
    write(d.path(), "new.en.txt", &new_report());
    // The TM's own report first: its last sentence is 101% only if the job's next
    // `<file>` does not lend it a neighbour.
    write(d.path(), "same.en.txt", EN);
    let want = analyze(d.path(), &["same.en.txt", "new.en.txt"]);
    assert_eq!(want["files"][0]["bands"]["101%"]["segments"], 4, "{want}");
    tmkit_in(d.path())
        .args(["--db", "tm.db", "export"])
        .args(["--format", "xliff", "--tgt", "kk"])
        .args(["same.en.txt", "new.en.txt", "-o", "job.xlf"])
        .assert()
        .success();
    assert_eq!(analyze(d.path(), &["job.xlf"])["total"], want["total"]);
}

#[test]
fn a_table_counts_its_source_column_like_the_report() {
    let d = tm();
    let want = report_figures(&d);
    // The source column is the second; the Kazakh column is partly filled.
    let mut tsv = String::from("kk\ten\n");
    for (i, s) in NEW.iter().enumerate() {
        let kk = if i == 0 {
            "Полиция белсенділерді ұстады"
        } else {
            ""
        };
        tsv.push_str(&format!("{kk}\t{s}\n"));
    }
    write(d.path(), "new.tsv", &tsv);
    let mut csv = String::from("en,kk\n");
    for s in NEW {
        csv.push_str(&format!("\"{s}\",\n"));
    }
    write(d.path(), "new.csv", &csv);
    for table in ["new.tsv", "new.csv"] {
        assert_eq!(analyze(d.path(), &[table])["total"], want, "{table}");
    }
}

#[test]
fn a_tmx_file_counts_its_sources_like_the_report() {
    let d = tm();
    let want = report_figures(&d);
    let tus: String = NEW
        .iter()
        .map(|s| {
            format!(
                "<tu><tuv xml:lang=\"kk\"><seg>…</seg></tuv>\
                 <tuv xml:lang=\"en\"><seg>{}</seg></tuv></tu>\n",
                xml_escape(s)
            )
        })
        .collect();
    write(
        d.path(),
        "new.tmx",
        &format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<tmx version=\"1.4\">\
             <header srclang=\"en\" segtype=\"sentence\" datatype=\"plaintext\" adminlang=\"en\" \
             creationtool=\"test\" creationtoolversion=\"1\" o-tmf=\"test\"/><body>\n{tus}</body></tmx>\n"
        ),
    );
    assert_eq!(analyze(d.path(), &["new.tmx"])["total"], want);
}

#[test]
fn a_folder_counts_its_source_reports_not_their_translations() {
    let d = tm();
    let want = report_figures(&d);
    let folder = d.path().join("incoming");
    std::fs::create_dir(&folder).unwrap();
    write(&folder, "new.en.txt", &new_report());
    write(&folder, "new.kk.txt", "Полиция белсенділерді ұстады\n");
    write(&folder, "notes.md", "Not an input.\n");
    let v = analyze(d.path(), &["incoming"]);
    assert_eq!(v["total"], want);
    let files = v["files"].as_array().unwrap();
    assert_eq!(files.len(), 1, "{v}");
    assert!(
        files[0]["path"].as_str().unwrap().ends_with("new.en.txt"),
        "{v}"
    );
}

#[test]
fn an_unknown_input_is_refused_naming_it() {
    let d = tm();
    write(d.path(), "notes.txt", "Police detain activists\n");
    write(d.path(), "brief.docx", "not text");
    for name in ["notes.txt", "brief.docx"] {
        tmkit_in(d.path())
            .args(["--db", "tm.db", "analyze", name])
            .assert()
            .code(2)
            .stdout("")
            .stderr(predicate::str::contains(format!(
                "tmkit: error: {name}: unknown input"
            )));
    }
    tmkit_in(d.path())
        .args(["--db", "tm.db", "analyze", "missing.en.txt"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "missing.en.txt: no such file or directory",
        ));
    tmkit_in(d.path())
        .args(["--db", "tm.db", "analyze", "tm.db"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("tm.db: a TM database"));
}

#[test]
fn with_a_language_any_other_file_is_a_report() {
    let d = tm();
    write(d.path(), "notes.txt", "Police detain activists\n");
    let v = analyze(d.path(), &["--lang", "en", "notes.txt"]);
    assert_eq!(v["files"][0]["lang"], "en");
    assert_eq!(v["total"]["total"]["segments"], 1, "{v}");
}
