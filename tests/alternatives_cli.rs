//! Alternative translations (several translations of one source, told apart by context, as
//! OmegaT, Okapi and Trados write them) and sources that differ only in inline codes, end to
//! end: every `<tuv>` kept, re-imports and export round trips that change nothing, lookups
//! that put the alternative for the context first, `check` warning only for real
//! inconsistencies, and a TM of the schema before alternatives migrated with nothing lost.

mod common;

use std::path::{Path, PathBuf};

use common::{json_lines, json_of, root, tmkit_db, write};
use serde_json::Value;

fn data(name: &str) -> PathBuf {
    root().join("tests/data/alternatives").join(name)
}

/// `tmkit import --json FILES…` into `db`: the summary object.
fn import(db: &Path, files: &[&Path]) -> Value {
    let out = tmkit_db(db)
        .arg("import")
        .args(files)
        .arg("--json")
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    json_of(&out)
}

/// (added, updated, alternatives) of an import summary.
fn counts(summary: &Value) -> (u64, u64, u64) {
    let n = |k: &str| {
        summary[k]
            .as_u64()
            .unwrap_or_else(|| panic!("{k}: {summary}"))
    };
    (n("added"), n("updated"), n("alternatives"))
}

/// Every unit of the TM (`export --format json`).
fn units(db: &Path) -> Vec<Value> {
    let out = tmkit_db(db)
        .args(["export", "--format", "json"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    json_lines(&out)
}

/// The units with this source (plain text).
fn with_source<'u>(units: &'u [Value], source: &str) -> Vec<&'u Value> {
    units.iter().filter(|u| u["source"] == source).collect()
}

/// The texts of a unit's variants in `lang`, in the unit's order.
fn texts(unit: &Value, lang: &str) -> Vec<String> {
    unit["variants"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|v| v["lang"] == lang)
        .map(|v| v["text"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn every_tuv_of_an_omegat_project_memory_is_kept_with_its_context() {
    let d = tempfile::tempdir().unwrap();
    let db = d.path().join("tm.db");
    let s = import(&db, &[&data("omegat-project_save.tmx")]);
    // Three sources; "Satisfied?" has two alternatives, "No comment." one. Units met again
    // in the file that added them count once, as added.
    assert_eq!(counts(&s), (3, 0, 3), "{s}");
    let all = units(&db);
    assert_eq!(all.len(), 3);
    let satisfied = with_source(&all, "Satisfied?");
    assert_eq!(satisfied.len(), 1);
    let u = satisfied[0];
    assert_eq!(texts(u, "ru"), ["Вы довольны?", "Довольна?", "Доволен?"]);
    let women = &u["variants"][1];
    let context: Vec<(String, String)> = women["contexts"][0]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                p["type"].as_str().unwrap().to_string(),
                p["value"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(
        context,
        [
            ("file".to_string(), "survey/women.txt".to_string()),
            (
                "next".to_string(),
                "Tell us what we should cover next.".to_string()
            ),
            (
                "prev".to_string(),
                "Thank you for taking part in our reader survey.".to_string()
            ),
        ]
    );
    // Each alternative keeps its own creator and dates.
    assert_eq!(women["created_by"], "aigerim");
    assert_eq!(women["created_at"], "2024-10-04T10:15:00Z");
    // The default translation carries no context in JSON.
    assert!(u["variants"][0].get("contexts").is_none(), "{u}");
    // The summary line says so too.
    let again = d.path().join("again.db");
    let out = tmkit_db(&again)
        .arg("import")
        .arg(data("omegat-project_save.tmx"))
        .assert()
        .success();
    assert_eq!(
        String::from_utf8_lossy(&out.get_output().stdout).trim(),
        "3 unit(s) added, 0 updated, 0 unchanged; 3 alternative translation(s) kept"
    );
    // `show` lists them, alternatives marked with their context.
    let id = u["id"].as_i64().unwrap().to_string();
    let out = tmkit_db(&db).args(["show", &id]).assert().success();
    let text = String::from_utf8_lossy(&out.get_output().stdout).to_string();
    assert!(text.contains("Вы довольны?  (default)\n"), "{text}");
    assert!(
        text.contains("Доволен?  (alternative; file=survey/men.txt, next="),
        "{text}"
    );
}

#[test]
fn reimporting_unchanged_files_changes_nothing() {
    let d = tempfile::tempdir().unwrap();
    let db = d.path().join("tm.db");
    let files = [
        data("omegat-project_save.tmx"),
        data("several-tuvs.tmx"),
        data("inline-codes.tmx"),
    ];
    let files: Vec<&Path> = files.iter().map(PathBuf::as_path).collect();
    let first = import(&db, &files);
    assert!(counts(&first).2 > 0, "{first}");
    let before = units(&db);
    let again = import(&db, &files);
    assert_eq!(counts(&again), (0, 0, 0), "{again}");
    assert_eq!(units(&db), before);
}

#[test]
fn several_tuvs_of_a_language_and_tus_told_apart_by_x_context_are_all_kept() {
    let d = tempfile::tempdir().unwrap();
    let db = d.path().join("tm.db");
    let s = import(&db, &[&data("several-tuvs.tmx")]);
    // &File: one unit, kk and ru each with an alternative; the greeting: two ru tuvs in one
    // <tu>; the dateline: the same sentence translated twice without context.
    assert_eq!(counts(&s), (3, 0, 4), "{s}");
    let all = units(&db);
    let file = with_source(&all, "&File")[0];
    assert_eq!(texts(file, "kk"), ["&Файл", "Құ&жат"]);
    assert_eq!(texts(file, "ru"), ["&Файл", "Д&окумент"]);
    assert_eq!(
        file["variants"][1]["contexts"][0][0]["value"],
        "upload dialog"
    );
    // x-product is the unit's, not a context.
    assert!(file["props"]
        .as_array()
        .unwrap()
        .iter()
        .any(|p| p["type"] == "x-product"));
    let greeting = with_source(&all, "Welcome back, reader!")[0];
    assert_eq!(
        texts(greeting, "ru"),
        [
            "С возвращением, дорогой читатель!",
            "С возвращением, дорогая читательница!"
        ]
    );
    // Each tuv's note stays with its translation.
    let notes: Vec<&str> = greeting["variants"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|v| v["lang"] == "ru")
        .map(|v| v["props"][0]["value"].as_str().unwrap())
        .collect();
    assert_eq!(notes, ["Addressing a man.", "Addressing a woman."]);
    let dateline = with_source(&all, "The protest lasted two hours.")[0];
    assert_eq!(texts(dateline, "kk").len(), 2);
}

/// Counts `<tu>` elements.
fn tus(tmx: &str) -> usize {
    tmx.matches("<tu ").count()
}

#[test]
fn export_then_reimport_changes_nothing_and_an_empty_tm_gets_every_variant_back() {
    let d = tempfile::tempdir().unwrap();
    let db = d.path().join("tm.db");
    import(
        &db,
        &[
            &data("omegat-project_save.tmx"),
            &data("several-tuvs.tmx"),
            &data("inline-codes.tmx"),
        ],
    );
    let before = units(&db);
    let tables = d.path().join("tables.db");
    import(&tables, &[&data("several-tuvs.tmx")]);
    let mut exported = Vec::new();
    for (name, args) in [
        ("kk.tmx", vec!["--format", "tmx", "--tgt", "kk"]),
        ("ru.tmx", vec!["--format", "tmx", "--tgt", "ru"]),
        ("all.tmx", vec!["--format", "tmx", "--tgt", "kk,ru"]),
        ("all.tsv", vec!["--format", "tsv", "--tgt", "kk,ru"]),
        ("all.csv", vec!["--format", "csv", "--tgt", "kk,ru"]),
    ] {
        let path = d.path().join(name);
        // Tables from a TM of the file whose languages are bare (a table has a column per
        // bare language, and no place for codes).
        let from = if name.ends_with(".tmx") { &db } else { &tables };
        tmkit_db(from)
            .arg("export")
            .args(&args)
            .arg("-o")
            .arg(&path)
            .assert()
            .success();
        exported.push(path);
    }
    let ru = std::fs::read_to_string(&exported[1]).unwrap();
    // One <tu> per Russian translation and context: Satisfied? ×3, No comment. ×2, the
    // greeting ×2, &File ×2, the court.
    assert_eq!(tus(&ru), 10, "{ru}");
    assert!(ru.contains("<prop type=\"x-context\">upload dialog</prop>"));
    assert!(ru.contains("<prop type=\"id\">caption-3</prop>"));
    for f in &exported[..3] {
        let s = import(&db, &[f]);
        assert_eq!(counts(&s), (0, 0, 0), "{}: {s}", f.display());
    }
    assert_eq!(units(&db), before);
    let before_tables = units(&tables);
    for f in &exported[3..] {
        let s = import(&tables, &[f]);
        assert_eq!(counts(&s), (0, 0, 0), "{}: {s}", f.display());
    }
    assert_eq!(units(&tables), before_tables);
    // The multilingual TMX alone gives a new TM the same units, variants (with their
    // contexts, props, creators and dates) and unit props.
    let fresh = d.path().join("fresh.db");
    import(&fresh, &[&exported[2]]);
    let strip = |units: Vec<Value>| -> Vec<Value> {
        let mut v: Vec<Value> = units
            .into_iter()
            .map(|mut u| {
                // The unit's own times say when this TM changed it (its variants keep the
                // file's).
                let o = u.as_object_mut().unwrap();
                for k in [
                    "id",
                    "tuid",
                    "created_at",
                    "created_by",
                    "changed_at",
                    "changed_by",
                ] {
                    o.remove(k);
                }
                u
            })
            .collect();
        v.sort_by_key(|u| u.to_string());
        v
    };
    assert_eq!(strip(units(&fresh)), strip(before));
}

#[test]
fn exports_with_alternatives_validate_against_the_tmx_dtd() {
    let Some(xmllint) = common::external::Xmllint::find() else {
        return;
    };
    let d = tempfile::tempdir().unwrap();
    let db = d.path().join("tm.db");
    import(
        &db,
        &[
            &data("omegat-project_save.tmx"),
            &data("several-tuvs.tmx"),
            &data("inline-codes.tmx"),
        ],
    );
    for (name, tgt) in [("kk.tmx", "kk"), ("ru.tmx", "ru"), ("all.tmx", "kk,ru")] {
        let path = d.path().join(name);
        tmkit_db(&db)
            .args(["export", "--format", "tmx", "--tgt", tgt, "-o"])
            .arg(&path)
            .assert()
            .success();
        xmllint.assert_dtd_valid("tmx14.dtd", &path);
    }
}

/// `lookup --json --src en-US ARGS…` (OmegaT's source language): the texts of the first
/// match's variants in `lang`.
fn looked_up(db: &Path, args: &[&str], lang: &str) -> Vec<String> {
    let out = tmkit_db(db)
        .args(["lookup", "--src", "en-US"])
        .args(args)
        .arg("--json")
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let lines = json_lines(&out);
    texts(&lines[0]["matches"][0]["unit"], lang)
}

#[test]
fn lookup_shows_the_alternative_whose_context_fits_first() {
    let d = tempfile::tempdir().unwrap();
    let db = d.path().join("tm.db");
    import(&db, &[&data("omegat-project_save.tmx")]);
    // No context: the default translation first, then the alternatives.
    assert_eq!(
        looked_up(&db, &["Satisfied?"], "ru"),
        ["Вы довольны?", "Довольна?", "Доволен?"]
    );
    assert_eq!(
        looked_up(&db, &["--context", "survey/men.txt", "Satisfied?"], "ru")[0],
        "Доволен?"
    );
    // A file name fits a file prop with a path.
    assert_eq!(
        looked_up(&db, &["--context", "women.txt", "Satisfied?"], "ru")[0],
        "Довольна?"
    );
    assert_eq!(
        looked_up(&db, &["--context", "caption-3", "No comment."], "ru"),
        ["Комментариев не последовало.", "Без комментариев."]
    );
    // In a batch, the neighbouring lines are the prev/next context.
    let batch = write(
        d.path(),
        "survey.en.txt",
        "Thank you for taking part in our reader survey.\nSatisfied?\nTell us what we should cover next.\n",
    );
    let out = tmkit_db(&db)
        .args(["lookup", "--src", "en-US", "--json", "--batch"])
        .arg(&batch)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let lines = json_lines(&out);
    let first = texts(&lines[1]["matches"][0]["unit"], "ru");
    assert_ne!(first[0], "Вы довольны?", "{first:?}");
    assert_eq!(first.len(), 3);
    // The text output lists every alternative under the match.
    let out = tmkit_db(&db)
        .args([
            "lookup",
            "--src",
            "en-US",
            "--context",
            "caption-3",
            "No comment.",
        ])
        .assert()
        .success();
    let text = String::from_utf8_lossy(&out.get_output().stdout).to_string();
    let a = text.find(
        "Комментариев не последовало.  (alternative; file=reports/trial-day-two.txt, id=caption-3)",
    );
    let b = text.find("Без комментариев.  (default)");
    assert!(a.is_some() && b.is_some() && a < b, "{text}");
}

/// The (unit name, language) of each `inconsistent-translation` issue `check` reports.
fn inconsistencies(dir: &Path, args: &[&str], db: Option<&Path>) -> Vec<(String, String)> {
    write(dir, "names.csv", "en,kk,ru\nAlmaty,Алматы,Алматы\n");
    let mut cmd = match db {
        Some(db) => tmkit_db(db),
        None => common::tmkit(),
    };
    let out = cmd
        .current_dir(dir)
        .args(["check", "--glossary", "names.csv", "--format", "json"])
        .args(args)
        .output()
        .unwrap();
    assert!(out.status.code() == Some(0), "{out:?}");
    let v = json_of(&out.stdout);
    v["issues"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|i| i["check"] == "inconsistent-translation")
        .map(|i| {
            (
                i["unit"].as_str().unwrap().to_string(),
                i["lang"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

#[test]
fn check_warns_of_real_inconsistencies_but_not_of_alternatives_kept_by_context() {
    let d = tempfile::tempdir().unwrap();
    let tmx = data("several-tuvs.tmx");
    let omegat = data("omegat-project_save.tmx");
    let tmx = tmx.to_str().unwrap();
    let omegat = omegat.to_str().unwrap();
    // The files: the dateline translated twice without context, the greeting's two Russian
    // tuvs (told apart by a note only); not &File (x-context) nor the OmegaT alternatives.
    let mut found = inconsistencies(d.path(), &[tmx, omegat], None);
    found.sort();
    assert_eq!(
        found,
        [
            ("dateline-2".to_string(), "kk".to_string()),
            ("greeting".to_string(), "ru".to_string()),
        ]
    );
    // The same in the TM, where each is one unit holding its alternatives.
    let db = d.path().join("tm.db");
    import(&db, &[Path::new(tmx), Path::new(omegat)]);
    let mut found: Vec<String> = inconsistencies(d.path(), &[], Some(&db))
        .into_iter()
        .map(|(_, lang)| lang)
        .collect();
    found.sort();
    assert_eq!(found, ["kk", "ru"]);
}

#[test]
fn sources_that_differ_only_in_inline_codes_are_stored_apart_and_matched_on_plain_text() {
    let d = tempfile::tempdir().unwrap();
    let db = d.path().join("tm.db");
    let s = import(&db, &[&data("inline-codes.tmx")]);
    assert_eq!(counts(&s), (4, 0, 0), "{s}");
    let all = units(&db);
    let same = with_source(&all, "Police detained two activists.");
    assert_eq!(same.len(), 4);
    let mut markups: Vec<Option<&str>> = same.iter().map(|u| u["source_markup"].as_str()).collect();
    markups.sort();
    assert_eq!(markups[0], None);
    assert!(markups[1..].iter().all(Option::is_some));
    markups.dedup();
    assert_eq!(markups.len(), 4, "each markup once");
    // All four found by their plain text: the one without codes at 100%, the others 99%
    // with the tag penalty.
    let out = tmkit_db(&db)
        .args(["lookup", "--src", "en-US", "--json", "--limit", "0"])
        .arg("Police detained two activists.")
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let matches = json_lines(&out)[0]["matches"].as_array().unwrap().clone();
    let scores: Vec<(u64, bool)> = matches
        .iter()
        .map(|m| {
            (
                m["score"].as_u64().unwrap(),
                m["penalties"]["tags"].as_bool().unwrap(),
            )
        })
        .collect();
    assert_eq!(scores, [(100, false), (99, true), (99, true), (99, true)]);
    assert!(matches[0]["unit"].get("source_markup").is_none());
    // The penalty counts against --min like any other.
    let out = tmkit_db(&db)
        .args(["lookup", "--src", "en-US", "--json", "--min", "100"])
        .arg("Police detained two activists.")
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    assert_eq!(json_lines(&out)[0]["matches"].as_array().unwrap().len(), 1);
}

#[test]
fn a_tm_of_the_schema_before_alternatives_migrates_with_nothing_lost() {
    let d = tempfile::tempdir().unwrap();
    let db = d.path().join("old.db");
    std::fs::copy(data("schema-v4.db"), &db).unwrap();
    let old: Vec<Value> = json_lines(&std::fs::read(data("schema-v4.json")).unwrap());
    let new = units(&db);
    assert_eq!(common::stats_of(&db)["schema_version"], 9);
    assert_eq!(new.len(), old.len());
    for (o, n) in old.iter().zip(&new) {
        for field in [
            "id",
            "src_lang",
            "source",
            "source_markup",
            "tuid",
            "created_at",
            "created_by",
            "changed_at",
            "changed_by",
            "provenance",
        ] {
            assert_eq!(o.get(field), n.get(field), "{field} of {o}");
        }
        // Every variant as it was (the default translation of its language), its props
        // now with it: the unit's props and its variants' together are the old props.
        let plain = |vs: &Value| -> Vec<Value> {
            vs.as_array()
                .unwrap()
                .iter()
                .map(|v| {
                    let mut v = v.clone();
                    v.as_object_mut().unwrap().remove("props");
                    v
                })
                .collect()
        };
        assert_eq!(plain(&o["variants"]), plain(&n["variants"]), "{o}");
        let mut props: Vec<Value> = n["props"].as_array().unwrap().clone();
        for v in n["variants"].as_array().unwrap() {
            if let Some(p) = v.get("props") {
                props.extend(p.as_array().unwrap().iter().cloned());
            }
        }
        let mut was: Vec<Value> = o["props"].as_array().unwrap().clone();
        let key = |p: &Value| p.to_string();
        props.sort_by_key(key);
        was.sort_by_key(key);
        assert_eq!(props, was, "{o}");
    }
    // Its indexes still serve: the concordance finds a translation, lookup a source.
    let out = tmkit_db(&db)
        .args(["concordance", "--json", "босатылды"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    assert_eq!(json_of(&out)["hits"].as_array().unwrap().len(), 1);
    let out = tmkit_db(&db)
        .args(["lookup", "--json", "They were released in the evening."])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    assert_eq!(json_lines(&out)[0]["matches"][0]["score"], 100);
    // The migrated TM takes alternatives: the file that made it, imported again, keeps
    // what the old schema had to drop.
    let s = import(&db, &[&data("several-tuvs.tmx")]);
    assert!(counts(&s).2 >= 2, "{s}");
    let all = units(&db);
    let greeting = with_source(&all, "Welcome back, reader!")[0];
    assert_eq!(texts(greeting, "ru").len(), 2);
}
