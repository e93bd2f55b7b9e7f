//! End-to-end tests of the TM verbs: import, stats, show, add, delete.

mod common;

use std::path::Path;

use common::{copy_dir, corpus, tmkit_in, write};
use predicates::prelude::*;
use serde_json::Value;
use tempfile::TempDir;

fn stats(dir: &Path) -> Value {
    common::stats_of(&dir.join("tm.db"))
}

const EN: &str = "Police dismantle protest tent\n\nPolice in Almaty removed a tent. The protesters stayed.\n\nThe consulate did not comment.\n";
const KK: &str = "Полиция наразылық шатырын бұзды\n\nАлматы полициясы шатырды алып тастады. Наразылар кетпеді.\n\nКонсулдық пікір білдірмеді.\n";
const RU: &str = "Полиция разобрала палатку протестующих\n\nПолиция Алматы убрала палатку. Протестующие остались.\n\nКонсульство не дало комментариев.\n";

#[test]
fn importing_a_report_stores_its_sentences_as_source_only_units() {
    let d = TempDir::new().unwrap();
    write(d.path(), "r.en.txt", EN);
    tmkit_in(d.path())
        .args(["--db", "tm.db", "import", "r.en.txt"])
        .assert()
        .success()
        .stdout(predicate::str::contains("4 unit(s) added"));
    let s = stats(d.path());
    assert_eq!(s["units"], 4);
    assert_eq!(s["languages"]["en"], 4);
    assert!(s["languages"].get("kk").is_none());
}

#[test]
fn reimporting_an_unchanged_report_changes_nothing() {
    let d = TempDir::new().unwrap();
    write(d.path(), "r.en.txt", EN);
    write(d.path(), "r.kk.txt", KK);
    for _ in 0..2 {
        tmkit_in(d.path())
            .args([
                "import",
                "r.en.txt",
                "--target",
                "kk=r.kk.txt",
                "--db",
                "tm.db",
            ])
            .assert()
            .success();
    }
    tmkit_in(d.path())
        .args([
            "--db",
            "tm.db",
            "import",
            "r.en.txt",
            "--target",
            "kk=r.kk.txt",
            "--json",
        ])
        .assert()
        .success()
        .stdout(predicate::str::contains("\"added\":0"))
        .stdout(predicate::str::contains("\"documents_skipped\":2"));
    let s = stats(d.path());
    assert_eq!(
        (s["units"].as_i64(), s["languages"]["kk"].as_i64()),
        (Some(4), Some(4))
    );
}

#[test]
fn parallel_directory_import_pairs_every_language() {
    let d = TempDir::new().unwrap();
    let corpus = d.path().join("corpus");
    std::fs::create_dir(&corpus).unwrap();
    write(&corpus, "tent.en.txt", EN);
    write(&corpus, "tent.kk.txt", KK);
    write(&corpus, "tent.ru.txt", RU);
    write(&corpus, "README.md", "not a report");
    tmkit_in(d.path())
        .args(["--db", "tm.db", "import", "corpus"])
        .assert()
        .success();
    let s = stats(d.path());
    assert_eq!(s["languages"]["en"], 4);
    assert_eq!(s["languages"]["kk"], 4);
    assert_eq!(s["languages"]["ru"], 4);
    let out = tmkit_in(d.path())
        .args(["--db", "tm.db", "show", "2", "--json"])
        .output()
        .unwrap();
    let u: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(u["source"], "Police in Almaty removed a tent.");
    assert_eq!(u["provenance"][0]["paragraph"], 2);
    assert_eq!(u["provenance"][0]["sentence"], 1);
    assert!(u["provenance"][0]["prev_hash"].is_string());
    assert!(u["provenance"][0]["next_hash"].is_string());
    let kk = u["variants"]
        .as_array()
        .unwrap()
        .iter()
        .find(|v| v["lang"] == "kk")
        .unwrap();
    assert_eq!(kk["text"], "Алматы полициясы шатырды алып тастады.");
}

#[test]
fn mismatched_parallel_reports_fail_and_store_nothing() {
    let d = TempDir::new().unwrap();
    write(d.path(), "r.en.txt", EN);
    write(d.path(), "r.kk.txt", KK);
    write(
        d.path(),
        "r.ru.txt",
        &RU.replace(
            "Полиция Алматы убрала палатку. Протестующие остались.",
            "Полиция Алматы убрала палатку, а протестующие остались.",
        ),
    );
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
        ])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "paragraph 2 has 2 sentence(s) in r.en.txt",
        ))
        .stderr(predicate::str::contains("but 1 in r.ru.txt"))
        .stderr(predicate::str::contains(
            "“Police in Almaty removed a tent.",
        ))
        .stderr(predicate::str::contains("“Полиция Алматы убрала палатку,"));
    assert_eq!(stats(d.path())["units"], 0);
}

#[test]
fn missing_paragraph_in_a_translation_names_both_counts() {
    let d = TempDir::new().unwrap();
    write(d.path(), "r.en.txt", EN);
    write(d.path(), "r.kk.txt", KK.rsplit_once("\n\n").unwrap().0);
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
            "r.en.txt has 3 paragraph(s) but r.kk.txt has 2",
        ));
    assert_eq!(stats(d.path())["units"], 0);
}

#[test]
fn tsv_and_csv_tables_import_with_a_language_header() {
    let d = TempDir::new().unwrap();
    write(
        d.path(),
        "m.tsv",
        "en\tkk\tru\nThe tent was removed.\tШатыр алынды.\tПалатку убрали.\nOnly Russian here.\t\tТолько по-русски.\nA \"quoted\" word.\t«Тырнақшадағы» сөз.\t\n",
    );
    write(
        d.path(),
        "m.csv",
        "\u{feff}en,kk\n\"Police, again.\",\"Полиция, тағы.\"\nThe tent was removed.,Шатыр алынды.\n",
    );
    tmkit_in(d.path())
        .args(["--db", "tm.db", "import", "m.tsv", "m.csv"])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "4 unit(s) added, 0 updated, 1 unchanged",
        ));
    let s = stats(d.path());
    assert_eq!(s["units"], 4);
    assert_eq!(s["languages"]["kk"], 3);
    assert_eq!(s["languages"]["ru"], 2);
}

#[test]
fn a_bad_table_row_fails_with_its_line_and_stores_nothing() {
    let d = TempDir::new().unwrap();
    write(d.path(), "m.tsv", "en\tkk\nOne.\tБір.\nTwo.\tЕкі.\textra\n");
    tmkit_in(d.path())
        .args(["--db", "tm.db", "import", "m.tsv"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("m.tsv:3:"));
    write(d.path(), "h.tsv", "english\tkazakh\nOne.\tБір.\n");
    tmkit_in(d.path())
        .args(["--db", "tm.db", "import", "h.tsv"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("h.tsv:1:"))
        .stderr(predicate::str::contains("not a language code"));
    assert_eq!(stats(d.path())["units"], 0);
}

#[test]
fn a_bad_row_after_thousands_of_good_ones_stores_nothing() {
    // Rows are written while later ones are still being read: the error must still roll
    // back everything written before it.
    let d = TempDir::new().unwrap();
    let mut tsv = String::from("en\tkk\n");
    for i in 1..=5000 {
        tsv.push_str(&format!("Sentence number {i}.\tСөйлем {i}.\n"));
    }
    tsv.push_str("Broken\0 row.\tБұзық.\n");
    write(d.path(), "big.tsv", &tsv);
    tmkit_in(d.path())
        .args(["--db", "tm.db", "import", "big.tsv"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("big.tsv:5002: NUL byte"));
    assert_eq!(stats(d.path())["units"], 0);
    // The same file without the bad row imports, and its index answers a lookup.
    tsv.truncate(tsv.rfind("Broken").unwrap());
    write(d.path(), "big.tsv", &tsv);
    tmkit_in(d.path())
        .args(["--db", "tm.db", "import", "big.tsv"])
        .assert()
        .success();
    assert_eq!(stats(d.path())["units"], 5000);
    tmkit_in(d.path())
        .args(["--db", "tm.db", "lookup", "Sentence number 4321."])
        .assert()
        .success()
        .stdout(predicate::str::contains("100%"))
        .stdout(predicate::str::contains("Сөйлем 4321."));
}

#[test]
fn invalid_utf8_exits_2_naming_the_file_and_line() {
    let d = TempDir::new().unwrap();
    write(d.path(), "good.en.txt", EN);
    std::fs::write(
        d.path().join("bad.en.txt"),
        b"Fine line.\n\nBroken \xc3\x28 text.\n",
    )
    .unwrap();
    tmkit_in(d.path())
        .args(["--db", "tm.db", "import", "good.en.txt", "bad.en.txt"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("bad.en.txt:3: invalid UTF-8"));
    assert_eq!(
        stats(d.path())["units"],
        0,
        "the good file must not be stored either"
    );
}

#[test]
fn empty_files_nul_bytes_and_unknown_language_are_refused() {
    let d = TempDir::new().unwrap();
    write(d.path(), "empty.en.txt", "");
    write(d.path(), "nul.en.txt", "a\0b\n");
    write(d.path(), "nolang.txt", "Some text.\n");
    for (file, msg) in [
        ("empty.en.txt", "empty.en.txt: the file is empty"),
        ("nul.en.txt", "nul.en.txt:1: NUL byte"),
        ("nolang.txt", "nolang.txt: cannot tell the language"),
        ("missing.en.txt", "missing.en.txt: no such file"),
    ] {
        tmkit_in(d.path())
            .args(["--db", "tm.db", "import", file])
            .assert()
            .code(2)
            .stderr(predicate::str::contains(msg));
    }
}

#[test]
fn crlf_and_bom_reports_import_cleanly() {
    let d = TempDir::new().unwrap();
    write(
        d.path(),
        "w.en.txt",
        &format!("\u{feff}{}", EN.replace('\n', "\r\n")),
    );
    tmkit_in(d.path())
        .args(["--db", "tm.db", "import", "w.en.txt"])
        .assert()
        .success();
    let out = tmkit_in(d.path())
        .args(["--db", "tm.db", "show", "1", "--json"])
        .output()
        .unwrap();
    let u: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(u["source"], "Police dismantle protest tent");
}

#[test]
fn a_changed_translation_updates_the_variant() {
    let d = TempDir::new().unwrap();
    tmkit_in(d.path())
        .args([
            "--db",
            "tm.db",
            "add",
            "The camp stayed.",
            "--target",
            "kk=Лагерь қалды.",
        ])
        .assert()
        .success()
        .stdout("unit 1 added\n");
    tmkit_in(d.path())
        .args([
            "--db",
            "tm.db",
            "add",
            "The camp stayed.",
            "--target",
            "KK=Лагерь сол жерде қалды.",
            "--json",
        ])
        .assert()
        .success()
        .stdout(predicate::str::contains("\"change\":\"updated\""));
    let out = tmkit_in(d.path())
        .args(["--db", "tm.db", "show", "1", "--json"])
        .output()
        .unwrap();
    let u: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(u["variants"].as_array().unwrap().len(), 1);
    assert_eq!(u["variants"][0]["lang"], "kk");
    assert_eq!(u["variants"][0]["text"], "Лагерь сол жерде қалды.");
}

#[test]
fn delete_removes_a_unit_and_reports_unknown_ids() {
    let d = TempDir::new().unwrap();
    tmkit_in(d.path())
        .args([
            "--db",
            "tm.db",
            "add",
            "Gone soon.",
            "--target",
            "ru=Скоро исчезнет.",
        ])
        .assert()
        .success();
    tmkit_in(d.path())
        .args(["--db", "tm.db", "delete", "1", "--json"])
        .assert()
        .success();
    tmkit_in(d.path())
        .args(["--db", "tm.db", "delete", "1"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no unit with id 1"));
    assert_eq!(stats(d.path())["units"], 0);
}

#[test]
fn db_comes_from_tmkit_db_env_when_no_flag() {
    let d = TempDir::new().unwrap();
    tmkit_in(d.path())
        .env("TMKIT_DB", "env.db")
        .args(["add", "Via the environment."])
        .assert()
        .success();
    assert!(d.path().join("env.db").exists());
}

#[test]
fn default_db_is_built_from_the_bundled_corpus_on_first_use() {
    let d = TempDir::new().unwrap();
    copy_dir(&corpus(), &d.path().join("tm/corpus"));
    tmkit_in(d.path())
        .args(["stats", "--json"])
        .assert()
        .success()
        .stderr(predicate::str::contains("building it from tm/corpus/"));
    assert!(d.path().join("tm/tmkit.db").exists());
    let out = tmkit_in(d.path())
        .args(["stats", "--json"])
        .output()
        .unwrap();
    assert!(out.stderr.is_empty(), "second use must not rebuild");
    let s: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(s["units"].as_i64().unwrap() > 0);
    assert_eq!(s["languages"]["kk"], s["languages"]["en"]);
}

#[test]
fn global_db_option_is_accepted_before_or_after_the_verb() {
    let d = TempDir::new().unwrap();
    tmkit_in(d.path())
        .args(["add", "Order does not matter.", "--db", "a.db"])
        .assert()
        .success();
    tmkit_in(d.path())
        .args(["--db", "a.db", "stats"])
        .assert()
        .success()
        .stdout(predicate::str::contains("units:      1"));
}

#[test]
fn reading_a_missing_explicit_db_is_an_error() {
    let d = TempDir::new().unwrap();
    tmkit_in(d.path())
        .args(["--db", "nope.db", "stats"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no TM at nope.db"));
    assert!(!d.path().join("nope.db").exists());
}

const TMX: &str = "<tmx version=\"1.4\"><header srclang=\"en\" datatype=\"plaintext\" segtype=\"sentence\" adminlang=\"en\" o-tmf=\"x\" creationtool=\"x\" creationtoolversion=\"1\"/><body>\n\
<tu><tuv xml:lang=\"en\"><seg>The tent stood for a week.</seg></tuv><tuv xml:lang=\"kk\"><seg>Шатыр бір апта тұрды.</seg></tuv></tu>\n</body></tmx>\n";

fn xliff12(source: &str, target: &str) -> String {
    format!(
        "<xliff version=\"1.2\"><file original=\"r\" source-language=\"en\" target-language=\"ru\" datatype=\"plaintext\"><body>\n\
         <trans-unit id=\"1\"><source>{source}</source><target state=\"translated\">{target}</target></trans-unit>\n\
         <trans-unit id=\"2\"><source>Not yet.</source><target state=\"new\">Not yet.</target></trans-unit>\n\
         </body></file></xliff>\n"
    )
}

#[test]
fn a_directory_imports_its_reports_tables_tmx_and_xliff_files() {
    let d = TempDir::new().unwrap();
    let dir = d.path().join("in");
    std::fs::create_dir(&dir).unwrap();
    write(&dir, "r.en.txt", EN);
    write(&dir, "r.kk.txt", KK);
    write(
        &dir,
        "m.tsv",
        "en\tkk\nPolice in Almaty removed a tent.\tАлматы полициясы шатырды алып тастады.\nThe camp grew.\tЛагерь өсті.\n",
    );
    write(&dir, "j.tmx", TMX);
    write(
        &dir,
        "job.sdlxliff",
        &xliff12("Nobody came.", "Никто не пришёл."),
    );
    write(&dir, "README.md", "Not an input.");
    tmkit_in(d.path())
        .args(["--db", "tm.db", "import", "in"])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "7 unit(s) added, 0 updated, 1 unchanged",
        ));
    let s = stats(d.path());
    assert_eq!(s["units"], 7);
    assert_eq!(s["languages"]["kk"], 6);
    assert_eq!(s["languages"]["ru"], 1);
    // Every kind's units are found by lookup right away.
    tmkit_in(d.path())
        .args([
            "--db",
            "tm.db",
            "lookup",
            "--json",
            "The tent stood for a week.",
        ])
        .assert()
        .success()
        .stdout(predicate::str::contains("Шатыр бір апта тұрды."));
}

#[test]
fn an_empty_directory_is_refused_naming_what_it_looks_for() {
    let d = TempDir::new().unwrap();
    std::fs::create_dir(d.path().join("in")).unwrap();
    write(&d.path().join("in"), "notes.md", "Nothing.");
    tmkit_in(d.path())
        .args(["--db", "tm.db", "import", "in"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "in: nothing to import: no NAME.en.txt reports, .tsv/.csv tables, .tmx or XLIFF files in this directory",
        ));
}

#[test]
fn xliff_is_recognized_by_every_xliff_extension() {
    let d = TempDir::new().unwrap();
    write(d.path(), "a.xlf2", &xliff12("First.", "Первое."));
    write(d.path(), "b.mqxliff", &xliff12("Second.", "Второе."));
    write(d.path(), "c.XLIFF", &xliff12("Third.", "Третье."));
    write(
        d.path(),
        "d.xliff2",
        "<xliff version=\"2.0\" srcLang=\"en\" trgLang=\"ru\"><file id=\"f\"><unit id=\"u\"><segment state=\"final\">\
         <source>Fourth.</source><target>Четвёртое.</target></segment></unit></file></xliff>\n",
    );
    tmkit_in(d.path())
        .args([
            "--db",
            "tm.db",
            "import",
            "a.xlf2",
            "b.mqxliff",
            "c.XLIFF",
            "d.xliff2",
        ])
        .assert()
        .success()
        .stdout(predicate::str::contains("4 unit(s) added"));
    assert_eq!(stats(d.path())["languages"]["ru"], 4);
}

#[test]
fn another_tm_is_merged_with_creators_and_provenance() {
    let d = TempDir::new().unwrap();
    write(d.path(), "r.en.txt", EN);
    write(d.path(), "r.kk.txt", KK);
    tmkit_in(d.path())
        .args(["--db", "other.db", "--user", "alice", "import", "r.en.txt"])
        .args(["--target", "kk=r.kk.txt"])
        .assert()
        .success();
    tmkit_in(d.path())
        .args(["--db", "tm.db", "--user", "bob", "import", "other.db"])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "4 unit(s) added, 0 updated, 0 unchanged",
        ));
    let out = tmkit_in(d.path())
        .args(["--db", "tm.db", "show", "2", "--json"])
        .output()
        .unwrap();
    let u: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(u["source"], "Police in Almaty removed a tent.");
    assert_eq!(u["created_by"], "alice");
    assert_eq!(
        u["variants"][0]["text"],
        "Алматы полициясы шатырды алып тастады."
    );
    assert_eq!(u["provenance"][0]["document"], "r.en.txt");
    assert_eq!(u["provenance"][0]["paragraph"], 2);
    // Merging again changes nothing; the TM itself is not an input.
    tmkit_in(d.path())
        .args(["--db", "tm.db", "import", "other.db"])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "0 unit(s) added, 0 updated, 4 unchanged",
        ));
    tmkit_in(d.path())
        .args(["--db", "tm.db", "import", "tm.db"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "tm.db: this is the TM being imported into",
        ));
    tmkit_in(d.path())
        .args([
            "--db",
            "tm.db",
            "lookup",
            "--json",
            "Police in Almaty removed a tent.",
        ])
        .assert()
        .success()
        .stdout(predicate::str::contains("\"score\":100"));
}
