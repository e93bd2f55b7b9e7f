//! XLIFF as CAT tools write it (our own samples shaped after Trados Studio's SDLXLIFF and
//! memoQ's MQXLIFF, in `tests/data/xliff/`): sentences stored per segment, every segment
//! counted by the tool's own status, the unconfirmed ones stored only on request.

mod common;

use common::{json_of, root, tmkit_db};

fn import_json(db: &std::path::Path, file: &str, extra: &[&str]) -> serde_json::Value {
    let out = tmkit_db(db)
        .arg("import")
        .args(extra)
        .arg("--json")
        .arg(root().join("tests/data/xliff").join(file))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    json_of(&out.stdout)
}

fn sources(db: &std::path::Path) -> Vec<String> {
    let out = tmkit_db(db)
        .args(["export", "--format", "json"])
        .output()
        .unwrap();
    common::json_lines(&out.stdout)
        .iter()
        .map(|u| u["source"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn trados_segments_are_stored_per_sentence_by_their_status() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("tm.db");
    let j = import_json(&db, "trados-style.sdlxliff", &[]);
    assert_eq!(j["added"], 1);
    let x = &j["xliff"][0];
    assert_eq!(x["segments"], 3);
    assert_eq!(x["by_state"]["sdl:Translated"], 1);
    assert_eq!(x["by_state"]["sdl:Draft"], 1);
    assert_eq!(x["by_state"]["sdl:Unspecified"], 1);
    assert_eq!(
        x["not_stored"][0]["message"],
        "1 segment(s) still sdl:Draft: not stored; --include-unconfirmed stores them"
    );
    assert_eq!(x["not_stored"][1]["reason"], "no-target");
    assert_eq!(
        sources(&db),
        ["The dam near Kyzylorda was repaired in May."]
    );
    let out = tmkit_db(&db)
        .args(["export", "--format", "json"])
        .output()
        .unwrap();
    let unit = &common::json_lines(&out.stdout)[0];
    assert_eq!(unit["variants"][0]["lang"], "kk-KZ");
    assert!(
        unit["source_markup"]
            .as_str()
            .unwrap()
            .contains("<bpt i=\"1\" x=\"pt1\"/>Kyzylorda<ept i=\"1\"/>"),
        "{unit}"
    );

    let j = import_json(&db, "trados-style.sdlxliff", &["--include-unconfirmed"]);
    assert_eq!(j["added"], 1, "the draft, on request");
    assert_eq!(j["unchanged"], 1);
}

#[test]
fn memoq_statuses_decide_what_is_stored() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("tm.db");
    let j = import_json(&db, "memoq-style.mqxliff", &[]);
    assert_eq!(j["added"], 1);
    let x = &j["xliff"][0];
    assert_eq!(x["by_state"]["mq:ManuallyConfirmed"], 1);
    assert_eq!(x["by_state"]["mq:PartiallyEdited"], 1);
    assert_eq!(x["by_state"]["mq:NotStarted"], 1);
    assert_eq!(x["not_stored"][0]["state"], "mq:PartiallyEdited");
    assert_eq!(
        sources(&db),
        ["The dam near Kyzylorda was repaired in May."]
    );
}
