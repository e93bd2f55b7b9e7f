//! Language codes inside inputs (file names, TMX, XLIFF, tables, glossaries) are checked as
//! the options are (tests/cli_face.rs): an unknown language is refused naming the file and,
//! where there is one, its position, with a suggestion, and nothing is stored; ISO 639-2/3
//! codes become their two-letter form. `tmkit delete --lang` removes a language.

mod common;

use common::{json_of, stats_of, tmkit_db, tmkit_in, units_in, write};
use predicates::prelude::*;

const TMX_HEAD: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<tmx version=\"1.4\">\
    <header creationtool=\"t\" creationtoolversion=\"1\" datatype=\"plaintext\" segtype=\"sentence\" \
    adminlang=\"en\" srclang=\"en\" o-tmf=\"t\"/><body>\n";

fn tmx(tuvs: &str) -> String {
    format!("{TMX_HEAD}<tu><tuv xml:lang=\"en\"><seg>The court ruled.</seg></tuv>{tuvs}</tu>\n</body></tmx>\n")
}

#[test]
fn unknown_languages_inside_files_are_refused_where_they_stand_and_nothing_is_stored() {
    let d = tempfile::tempdir().unwrap();
    let db = d.path().join("tm.db");
    write(d.path(), "r.en.txt", "The court ruled.\n");
    write(d.path(), "r.kz.txt", "Сот шешім шығарды.\n");
    let tmx_kz = write(
        d.path(),
        "m.tmx",
        &tmx("<tuv xml:lang=\"kz\"><seg>Сот шешім шығарды.</seg></tuv>"),
    );
    let xlf = write(
        d.path(),
        "j.xlf",
        "<xliff version=\"1.2\"><file original=\"r\" source-language=\"en\" target-language=\"kz\" datatype=\"plaintext\"><body>\n\
         <trans-unit id=\"1\"><source>The court ruled.</source><target state=\"translated\">Сот шешім шығарды.</target></trans-unit>\n\
         </body></file></xliff>\n",
    );
    let tsv = write(
        d.path(),
        "t.tsv",
        "en\tkz\nThe court ruled.\tСот шешім шығарды.\n",
    );
    for (args, at) in [
        (vec!["import", "r.kz.txt"], "r.kz.txt: "),
        (vec!["import", "."], "r.kz.txt: "),
        (vec!["import", tmx_kz.to_str().unwrap()], "m.tmx:3:57: "),
        (vec!["import", xlf.to_str().unwrap()], "j.xlf:2:"),
        (vec!["import", tsv.to_str().unwrap()], "t.tsv:1: "),
    ] {
        tmkit_in(d.path())
            .arg("--db")
            .arg(&db)
            .args(&args)
            .assert()
            .code(2)
            .stderr(predicate::str::contains(at))
            .stderr(predicate::str::contains(
                "unknown language 'kz' (did you mean kk?)",
            ));
        assert_eq!(units_in(&db), 0, "{args:?}");
    }
    // analyze reads a report's language from its name too (refused before the TM is read).
    tmkit_in(d.path())
        .arg("--db")
        .arg(&db)
        .args(["analyze", "r.kz.txt"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "r.kz.txt: language of the report: unknown language 'kz' (did you mean kk?)",
        ));
    // check reads the same inputs the same way.
    write(d.path(), "g.csv", "en,kk\ncourt,сот\n");
    tmkit_in(d.path())
        .args(["check", "--glossary", "g.csv"])
        .arg(&tmx_kz)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("unknown language 'kz'"));
    // A glossary header with a country for a language.
    write(d.path(), "bad.csv", "en,kz\ncourt,сот\n");
    tmkit_in(d.path())
        .args(["check", "--glossary", "bad.csv", "r.en.txt"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "bad.csv:1: column 2 of the header is “kz”: unknown language 'kz' (did you mean kk?)",
        ));
}

#[test]
fn three_letter_codes_become_two_letter_ones_and_regional_tags_are_kept() {
    let d = tempfile::tempdir().unwrap();
    let db = d.path().join("tm.db");
    let reports = d.path().join("reports");
    std::fs::create_dir(&reports).unwrap();
    write(&reports, "r.eng.txt", "The court ruled.\n");
    write(&reports, "r.KAZ.txt", "Сот шешім шығарды.\n");
    tmkit_db(&db)
        .arg("import")
        .arg(&reports)
        .args(["--lang", "eng"])
        .assert()
        .code(0);
    let m = write(
        d.path(),
        "m.tmx",
        &tmx("<tuv xml:lang=\"rus-RU\"><seg>Суд вынес решение.</seg></tuv>"),
    );
    tmkit_db(&db).arg("import").arg(&m).assert().code(0);
    let stats = stats_of(&db);
    let langs: Vec<&str> = stats["languages"]
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(langs, ["en", "kk", "ru-RU"], "{stats}");
    assert_eq!(stats["units"], 1);
}

#[test]
fn delete_lang_removes_a_language_and_keeps_the_indexes_in_step() {
    let d = tempfile::tempdir().unwrap();
    let db = d.path().join("tm.db");
    let t = write(
        d.path(),
        "m.tsv",
        "en\tkk\tru\nThe court ruled.\tСот шешім шығарды.\tСуд вынес решение.\n\
         Police came.\tПолиция келді.\tПолиция пришла.\n",
    );
    tmkit_db(&db).arg("import").arg(&t).assert().code(0);
    // The concordance index exists before the deletion (it is filled on first use).
    tmkit_db(&db)
        .args(["concordance", "--lang", "ru", "Полиция"])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("unit"));
    // Unknown, and not in the TM: refused, nothing changed.
    tmkit_db(&db)
        .args(["delete", "--lang", "kz"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "unknown language 'kz' (did you mean kk?)",
        ));
    let out = tmkit_db(&db)
        .args(["delete", "--lang", "RUS", "--json"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let v = json_of(&out.stdout);
    assert_eq!(
        (
            v["lang"].as_str(),
            v["variants"].as_u64(),
            v["units"].as_u64()
        ),
        (Some("ru"), Some(2), Some(0)),
        "{v}"
    );
    let stats = stats_of(&db);
    assert!(stats["languages"].get("ru").is_none(), "{stats}");
    assert_eq!(stats["units"], 2);
    tmkit_db(&db)
        .args(["concordance", "--lang", "ru", "Полиция"])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("no unit"));
    // The fuzzy index still finds the units, with what is left of them.
    let out = tmkit_db(&db)
        .args(["lookup", "--json", "Police came."])
        .output()
        .unwrap();
    let v = json_of(&out.stdout);
    let variants = &v["matches"][0]["unit"]["variants"];
    assert_eq!(variants.as_array().map(Vec::len), Some(1), "{v}");
    // The source language: its units go, and the index with them.
    tmkit_db(&db)
        .args(["delete", "--lang", "en"])
        .assert()
        .code(0)
        .stdout(predicate::str::contains(
            "en: 0 translation(s), 2 unit(s) with a en source",
        ));
    assert_eq!(units_in(&db), 0);
    let out = tmkit_db(&db)
        .args(["lookup", "--json", "Police came."])
        .output()
        .unwrap();
    assert_eq!(json_of(&out.stdout)["matches"], serde_json::json!([]));
}

#[test]
fn a_stray_language_stored_before_tags_were_checked_can_be_deleted() {
    let d = tempfile::tempdir().unwrap();
    let db = d.path().join("tm.db");
    let t = write(
        d.path(),
        "m.tsv",
        "en\tkk\nThe court ruled.\tСот шешім шығарды.\n",
    );
    tmkit_db(&db).arg("import").arg(&t).assert().code(0);
    // What `import --target kz=…` stored before: a variant in "kz".
    let conn = rusqlite::Connection::open(&db).unwrap();
    conn.execute("UPDATE variants SET lang = 'kz' WHERE lang = 'kk'", [])
        .unwrap();
    drop(conn);
    tmkit_db(&db)
        .args(["delete", "--lang", "kz"])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("kz: 1 translation(s)"));
    let stats = stats_of(&db);
    assert!(stats["languages"].get("kz").is_none(), "{stats}");
    assert_eq!(stats["units"], 1);
}
