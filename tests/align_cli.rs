//! End-to-end tests of `tmkit align` and `tmkit import … --align`.

mod common;

use std::path::Path;

use common::{json_of, stats_of, tmkit_in, write};
use predicates::prelude::*;
use tempfile::TempDir;

const EN: &str = "Police Detain Activist In Almaty\n\n\
ALMATY, Kazakhstan -- Police in Almaty detained Baibolat Kunbolat on July 1. He had protested outside the Chinese Consulate for 100 days.\n\n\
His brother has been held in Xinjiang since 2017. The consulate did not respond to a request for comment.\n\n\
Kunbolat was released on July 3 after paying a fine of 50,000 tenge.\n";

/// The Kazakh version merges two sentences, drops one and adds one.
const KK: &str = "Алматыда белсенді ұсталды\n\n\
АЛМАТЫ — Алматы полициясы 1 шілдеде Байболат Күнболатты ұстады, ол Қытай консулдығының алдында 100 күн бойы наразылық білдірген.\n\n\
Оның ағасы 2017 жылдан бері Шыңжаңда ұсталып отыр.\n\n\
Күнболат 50 000 теңге айыппұл төлеп, 3 шілдеде босатылды. Ол бұған дейін де екі рет ұсталған.\n";

/// The Russian version matches sentence for sentence.
const RU: &str = "В Алматы задержан активист\n\n\
АЛМАТЫ, Казахстан — Полиция Алматы 1 июля задержала Байболата Кунболата. Он 100 дней протестовал у консульства Китая.\n\n\
Его брат с 2017 года удерживается в Синьцзяне. Консульство не ответило на просьбу о комментарии.\n\n\
Кунболат освобожден 3 июля после уплаты штрафа в размере 50 000 тенге.\n";

fn files(d: &Path) {
    write(d, "r.en.txt", EN);
    write(d, "r.kk.txt", KK);
    write(d, "r.ru.txt", RU);
}

#[test]
fn json_beads_hold_every_sentence_once_in_order() {
    let d = TempDir::new().unwrap();
    files(d.path());
    let out = tmkit_in(d.path())
        .args(["--db", "none.db", "align", "r.en.txt", "r.kk.txt", "--json"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let beads = json_of(&out.stdout);
    let beads = beads.as_array().unwrap();
    let shapes: Vec<String> = beads
        .iter()
        .map(|b| {
            format!(
                "{}:{}",
                b["source"].as_array().unwrap().len(),
                b["target"].as_array().unwrap().len()
            )
        })
        .collect();
    assert_eq!(shapes, ["1:1", "2:1", "1:1", "1:0", "1:1", "0:1"]);
    assert_eq!(beads[1]["source_lines"], serde_json::json!([3, 3]));
    assert_eq!(beads[5]["target"][0], "Ол бұған дейін де екі рет ұсталған.");
    assert!(beads
        .iter()
        .all(|b| (0.0..=1.0).contains(&b["confidence"].as_f64().unwrap())));
    assert!(
        !Path::new(&d.path().join("none.db")).exists(),
        "align never builds a TM"
    );
}

#[test]
fn human_output_shows_sides_and_marks_doubtful_beads() {
    let d = TempDir::new().unwrap();
    files(d.path());
    tmkit_in(d.path())
        .args(["--db", "none.db", "align", "r.en.txt", "r.kk.txt"])
        .env("COLUMNS", "100")
        .assert()
        .success()
        .stdout(predicate::str::contains("#2 2:1 "))
        .stdout(predicate::str::contains("| АЛМАТЫ — Алматы полициясы"))
        .stdout(predicate::str::contains(
            "6 bead(s): 6 sentence(s) of r.en.txt with 5 of r.kk.txt",
        ))
        .stdout(predicate::str::contains("doubtful (confidence < 0.6)"));
}

#[test]
fn the_review_table_is_written_to_a_file() {
    let d = TempDir::new().unwrap();
    files(d.path());
    tmkit_in(d.path())
        .args([
            "--db",
            "none.db",
            "align",
            "r.en.txt",
            "r.kk.txt",
            "--tsv",
            "-o",
            "review.tsv",
        ])
        .assert()
        .success()
        .stdout("");
    let tsv = std::fs::read_to_string(d.path().join("review.tsv")).unwrap();
    let mut lines = tsv.lines();
    assert_eq!(lines.next(), Some("en\tkk\t#confidence\t#bead"));
    let second = lines.nth(1).unwrap();
    assert!(second.starts_with("ALMATY, Kazakhstan -- Police in Almaty detained Baibolat Kunbolat on July 1. He had protested"), "{second}");
    assert!(second.ends_with("\t2:1"), "{second}");
    assert_eq!(tsv.lines().count(), 7);
    // Reviewed (here: the one-sided rows, a drop and an addition, deleted), it imports as a
    // table.
    let reviewed: String = tsv
        .lines()
        .filter(|l| !l.ends_with("\t1:0") && !l.ends_with("\t0:1"))
        .map(|l| format!("{l}\n"))
        .collect();
    write(d.path(), "review.tsv", &reviewed);
    tmkit_in(d.path())
        .args(["--db", "tm.db", "import", "review.tsv"])
        .assert()
        .success();
    let s = stats_of(&d.path().join("tm.db"));
    assert_eq!(s["languages"]["kk"], 4);
}

#[test]
fn bad_input_is_refused_naming_the_file() {
    let d = TempDir::new().unwrap();
    files(d.path());
    write(d.path(), "empty.kk.txt", "\n\n");
    std::fs::write(
        d.path().join("bin.kk.txt"),
        b"\x7fELF\x02\x01\x01\x00\x00\x00binary",
    )
    .unwrap();
    write(d.path(), "english.kk.txt", EN);
    for (file, message) in [
        ("empty.kk.txt", "empty.kk.txt: the file is empty"),
        ("bin.kk.txt", "bin.kk.txt:1: NUL byte"),
        (
            "english.kk.txt",
            "english.kk.txt: this does not look like kk text",
        ),
        ("missing.kk.txt", "missing.kk.txt"),
    ] {
        tmkit_in(d.path())
            .args(["--db", "none.db", "align", "r.en.txt", file])
            .assert()
            .code(2)
            .stderr(predicate::str::contains(message));
    }
    write(d.path(), "noname.txt", KK);
    tmkit_in(d.path())
        .args(["--db", "none.db", "align", "r.en.txt", "noname.txt"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "noname.txt: cannot tell the language",
        ));
}

#[test]
fn without_align_every_mismatching_paragraph_is_listed_and_align_suggested() {
    let d = TempDir::new().unwrap();
    files(d.path());
    tmkit_in(d.path())
        .args([
            "--db",
            "tm.db",
            "import",
            "r.en.txt",
            "--target",
            "kk=r.kk.txt",
        ])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "3 paragraphs do not match: paragraph 2 has 2 sentence(s)",
        ))
        .stderr(predicate::str::contains(
            "; paragraph 4 has 1 sentence(s) in r.en.txt",
        ))
        .stderr(predicate::str::contains("import them with --align"));
    assert_eq!(stats_of(&d.path().join("tm.db"))["units"], 0);
}

fn unit_json(dir: &Path, id: u64) -> serde_json::Value {
    let out = tmkit_in(dir)
        .args(["--db", "tm.db", "show", &id.to_string(), "--json"])
        .output()
        .unwrap();
    assert!(out.status.success());
    json_of(&out.stdout)
}

#[test]
fn import_align_stores_beads_with_provenance_and_confidence() {
    let d = TempDir::new().unwrap();
    files(d.path());
    tmkit_in(d.path())
        .args([
            "--db",
            "tm.db",
            "import",
            "r.en.txt",
            "--target",
            "kk=r.kk.txt",
            "--target",
            "ru=r.ru.txt",
            "--align",
            "--json",
        ])
        .assert()
        .success()
        .stdout(predicate::str::contains("\"beads_aligned\":10"));
    let s = stats_of(&d.path().join("tm.db"));
    // 6 Russian pairs; Kazakh: 4 pairs of which the 2:1 has a source of its own.
    assert_eq!(s["units"], 7);
    assert_eq!(s["languages"]["kk"], 4);
    assert_eq!(s["languages"]["ru"], 6);
    let all: Vec<serde_json::Value> = (1..=7).map(|id| unit_json(d.path(), id)).collect();
    let merged = all
        .iter()
        .find(|u| {
            u["source"]
                .as_str()
                .unwrap()
                .contains("on July 1. He had protested")
        })
        .expect("the 2:1 bead is a unit");
    assert_eq!(merged["variants"].as_array().unwrap().len(), 1);
    // A variant's props are shown with the variant.
    let prop = &merged["variants"][0]["props"][0];
    assert_eq!(prop["type"], "x-tmkit-aligned");
    assert_eq!(prop["lang"], "kk");
    assert!(
        prop["value"].as_str().unwrap().starts_with("2:1 "),
        "{prop}"
    );
    assert!(
        prop["value"].as_str().unwrap().ends_with(" 2.1-2.2 2.1"),
        "{prop}"
    );
    assert_eq!(merged["provenance"][0]["paragraph"], 2);
    assert_eq!(merged["provenance"][0]["sentence"], 1);
}

#[test]
fn min_confidence_leaves_doubtful_beads_out_and_counts_them() {
    let d = TempDir::new().unwrap();
    files(d.path());
    tmkit_in(d.path())
        .args([
            "--db",
            "tm.db",
            "import",
            "r.en.txt",
            "--target",
            "kk=r.kk.txt",
            "--align",
            "--min-confidence",
            "1.0",
        ])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "left out (confidence below --min-confidence)",
        ));
    tmkit_in(d.path())
        .args([
            "--db",
            "tm.db",
            "import",
            "r.en.txt",
            "--min-confidence",
            "0.5",
        ])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--align"));
}

#[test]
fn a_failed_aligned_import_stores_nothing() {
    let d = TempDir::new().unwrap();
    files(d.path());
    std::fs::write(d.path().join("r.ru.txt"), b"\x00\x01 binary").unwrap();
    tmkit_in(d.path())
        .args([
            "--db",
            "tm.db",
            "import",
            "r.en.txt",
            "--target",
            "kk=r.kk.txt",
            "--target",
            "ru=r.ru.txt",
            "--align",
        ])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("r.ru.txt:1: NUL byte"));
    assert_eq!(stats_of(&d.path().join("tm.db"))["units"], 0);
}

#[test]
fn matching_reports_import_with_align_exactly_as_without() {
    let export = |dir: &Path| {
        let out = tmkit_in(dir)
            .args(["--db", "tm.db", "export", "--format", "json"])
            .output()
            .unwrap();
        let mut units = common::json_lines(&out.stdout);
        for u in &mut units {
            for k in ["created_at", "changed_at"] {
                u.as_object_mut().unwrap().remove(k);
            }
            for v in u["variants"].as_array_mut().into_iter().flatten() {
                for k in ["created_at", "changed_at"] {
                    v.as_object_mut().unwrap().remove(k);
                }
            }
        }
        units
    };
    let plain = TempDir::new().unwrap();
    let aligned = TempDir::new().unwrap();
    for (d, extra) in [(&plain, None), (&aligned, Some("--align"))] {
        files(d.path());
        let mut c = tmkit_in(d.path());
        c.args([
            "--db",
            "tm.db",
            "import",
            "r.en.txt",
            "--target",
            "ru=r.ru.txt",
        ]);
        if let Some(x) = extra {
            c.arg(x);
        }
        c.assert().success();
    }
    assert_eq!(export(plain.path()), export(aligned.path()));
}

/// Progress bars are drawn on a terminal only: piped, stderr stays empty and stdout holds
/// the JSON alone, for `import --align` and for `align`.
#[test]
fn aligning_draws_no_progress_when_stderr_is_not_a_terminal() {
    let d = TempDir::new().unwrap();
    files(d.path());
    let out = tmkit_in(d.path())
        .args([
            "--db",
            "tm.db",
            "import",
            "r.en.txt",
            "--target",
            "kk=r.kk.txt",
            "--target",
            "ru=r.ru.txt",
            "--align",
            "--json",
        ])
        .output()
        .unwrap();
    assert!(out.status.success());
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(json_of(&out.stdout)["beads_aligned"], 10);
    let out = tmkit_in(d.path())
        .args(["--db", "tm.db", "align", "r.en.txt", "r.kk.txt", "--json"])
        .output()
        .unwrap();
    assert!(out.status.success());
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(json_of(&out.stdout)
        .as_array()
        .is_some_and(|a| !a.is_empty()));
}

#[test]
fn a_bad_dictionary_line_stops_align_naming_its_file_and_line() {
    let d = TempDir::new().unwrap();
    files(d.path());
    write(d.path(), "words.tsv", "# mine\ncourt\tсот\nfine айыппұл\n");
    tmkit_in(d.path())
        .args(["--db", "none.db", "align", "r.en.txt", "r.kk.txt"])
        .args(["--dictionary", "words.tsv"])
        .assert()
        .code(2)
        .stdout(predicate::str::is_empty())
        .stderr(predicate::str::contains("words.tsv:3: expected WORD<TAB>"));
}

#[test]
fn another_dictionary_or_none_still_aligns_every_sentence() {
    let d = TempDir::new().unwrap();
    files(d.path());
    write(d.path(), "words.tsv", "fine\tайыппұл\nbrother\tаға\n");
    for extra in [&["--dictionary", "words.tsv"][..], &["--no-dictionary"][..]] {
        let out = tmkit_in(d.path())
            .args(["--db", "none.db", "align", "r.en.txt", "r.kk.txt", "--json"])
            .args(extra)
            .output()
            .unwrap();
        assert!(out.status.success(), "{extra:?}");
        let beads = json_of(&out.stdout);
        let (mut s, mut t) = (0, 0);
        for b in beads.as_array().unwrap() {
            s += b["source"].as_array().unwrap().len();
            t += b["target"].as_array().unwrap().len();
        }
        assert_eq!((s, t), (6, 5), "{extra:?}");
    }
}
