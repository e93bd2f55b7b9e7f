//! End-to-end tests of `tmkit lookup`, `concordance` and `analyze` on a small imported TM.

mod common;

use common::report::tm_of_report;
use common::{json_lines, tmkit_in, write};
use predicates::prelude::*;
use serde_json::Value;
use tempfile::TempDir;

fn tm() -> TempDir {
    tm_of_report(&["kk", "ru"])
}

#[test]
fn lookup_shows_fuzzy_matches_with_targets_diff_and_numbers() {
    let d = tm();
    let out = tmkit_in(d.path())
        .args(["--db", "tm.db", "lookup"])
        .arg("Police in Almaty detained three activists outside the Chinese consulate on Monday.")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let s = String::from_utf8_lossy(&out.stdout);
    // 12 content tokens, two substituted: floor(100 * 10 / 12) = 83.
    assert!(s.contains("83%"), "{s}");
    assert!(s.contains("[-several-]{+three+}"), "{s}");
    assert!(s.contains("[-Tuesday-]{+Monday+}"), "{s}");
    assert!(s.contains("kk  Алматы полициясы"), "{s}");
    assert!(s.contains("ru  Полиция Алматы"), "{s}");
    assert!(s.contains("r.en.txt:2.1"), "{s}");

    let out = tmkit_in(d.path())
        .args(["--db", "tm.db", "lookup", "--json", "--tgt", "ru"])
        .arg("The protesters said they would return on Friday!")
        .output()
        .unwrap();
    let v = &json_lines(&out.stdout)[0];
    assert_eq!(
        v["query"],
        "The protesters said they would return on Friday!"
    );
    let m = &v["matches"][0];
    assert_eq!(m["score"], 99);
    assert_eq!(m["word_score"], 100);
    assert_eq!(m["penalties"]["punctuation"], true);
    assert_eq!(
        m["diff"],
        serde_json::json!([
            {"kind": "same", "text": "The protesters said they would return on Friday"},
            {"kind": "deleted", "text": "."},
            {"kind": "inserted", "text": "!"},
        ])
    );
    let u = &m["unit"];
    assert_eq!(
        u["source"],
        "The protesters said they would return on Friday."
    );
    // --tgt ru: the unit's variants are the Russian one only.
    let variants = u["variants"].as_array().unwrap();
    assert_eq!(variants.len(), 1, "{u}");
    assert_eq!(variants[0]["lang"], "ru");
    assert_eq!(
        variants[0]["text"],
        "Протестующие сказали, что вернутся в пятницу."
    );
    assert!(u["id"].as_i64().unwrap() > 0);
    assert_eq!(u["provenance"][0]["document"], "r.en.txt");
}

#[test]
fn lookup_below_threshold_says_so_and_min_lowers_it() {
    let d = tm();
    tmkit_in(d.path())
        .args(["--db", "tm.db", "lookup", "The consulate made no comment."])
        .assert()
        .success()
        .stdout(predicate::str::contains("no match of 75% or more"));
    let out = tmkit_in(d.path())
        .args(["--db", "tm.db", "lookup", "--min", "30", "--json"])
        .arg("The consulate made no comment.")
        .output()
        .unwrap();
    let v = &json_lines(&out.stdout)[0];
    assert_eq!(
        v["matches"][0]["unit"]["source"],
        "The consulate did not comment on the detentions."
    );
}

#[test]
fn batch_gives_one_json_line_per_query_and_101_for_context_matches() {
    let d = tm();
    write(
        d.path(),
        "new.txt",
        "Police detain activists\n\
         Police in Almaty detained several activists outside the Chinese consulate on Tuesday.\n\
         The protesters said they would return on Friday.\n\
         \n\
         Police in Almaty detained several activists outside the Chinese consulate on Tuesday.\n",
    );
    let out = tmkit_in(d.path())
        .args(["--db", "tm.db", "lookup", "--json", "--batch", "new.txt"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v = json_lines(&out.stdout);
    assert_eq!(v.len(), 4);
    // Same previous and next sentences as in the imported report: context match.
    assert_eq!(v[1]["matches"][0]["score"], 101);
    // Same text, other neighbours: 100.
    assert_eq!(v[3]["matches"][0]["score"], 100);
}

#[test]
fn exhaustive_lookup_gives_the_same_matches() {
    let d = tm();
    let q = "The protesters said they would come back on Friday.";
    let run = |extra: &[&str]| {
        let out = tmkit_in(d.path())
            .args(["--db", "tm.db", "lookup", "--json", "--min", "50"])
            .args(extra)
            .arg(q)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        json_lines(&out.stdout)
    };
    let indexed = run(&[]);
    assert_eq!(indexed.len(), 1);
    let matches = indexed[0]["matches"].as_array().unwrap();
    assert!(!matches.is_empty(), "a match must be found: {indexed:?}");
    assert_eq!(
        matches[0]["unit"]["source"], "The protesters said they would return on Friday.",
        "{indexed:?}"
    );
    assert_eq!(indexed, run(&["--exhaustive"]));
}

#[test]
fn index_follows_add_and_delete() {
    let d = tm();
    let q = "Officials declined to comment on the arrests.";
    let ids = |d: &TempDir| -> Vec<i64> {
        let out = tmkit_in(d.path())
            .args(["--db", "tm.db", "lookup", "--json", q])
            .output()
            .unwrap();
        json_lines(&out.stdout)[0]["matches"]
            .as_array()
            .unwrap()
            .iter()
            .map(|m| m["unit"]["id"].as_i64().unwrap())
            .collect()
    };
    assert!(ids(&d).is_empty());
    tmkit_in(d.path())
        .args(["--db", "tm.db", "add", "--src", "en", q])
        .arg("--target=ru=Чиновники отказались комментировать аресты.")
        .assert()
        .success();
    let found = ids(&d);
    assert_eq!(found.len(), 1);
    tmkit_in(d.path())
        .args(["--db", "tm.db", "delete", &found[0].to_string()])
        .assert()
        .success();
    assert!(ids(&d).is_empty());
}

#[test]
fn concordance_finds_the_phrase_in_every_language() {
    let d = tm();
    let out = tmkit_in(d.path())
        .args(["--db", "tm.db", "concordance", "chinese consulate"])
        .output()
        .unwrap();
    let s = String::from_utf8_lossy(&out.stdout);
    assert!(
        s.contains("outside the **Chinese consulate** on Tuesday"),
        "{s}"
    );
    assert!(s.contains("kk  Алматы полициясы"), "{s}");
    let out = tmkit_in(d.path())
        .args([
            "--db",
            "tm.db",
            "concordance",
            "--lang",
            "ru",
            "--json",
            "консульство",
        ])
        .output()
        .unwrap();
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["phrase"], "консульство");
    let hits = v["hits"].as_array().unwrap();
    // Russian words are found in their inflected forms too: the genitive in another unit.
    assert_eq!(hits.len(), 2, "{hits:?}");
    assert_eq!(
        hits[1]["highlights"][0]["forms"],
        serde_json::json!(["консульства"])
    );
    assert_eq!(
        hits[0]["highlights"][0]["forms"],
        serde_json::json!(["Консульство"])
    );
    let unit = &hits[0]["unit"];
    assert_eq!(
        unit["source"],
        "The consulate did not comment on the detentions."
    );
    // The highlight names the text it is in: the unit's variant at that index.
    let h = &hits[0]["highlights"];
    assert_eq!(h.as_array().unwrap().len(), 1, "{h}");
    assert_eq!(
        (&h[0]["in"], &h[0]["lang"]),
        (&Value::from("variant"), &Value::from("ru"))
    );
    let ru = unit["variants"][h[0]["index"].as_u64().unwrap() as usize]["text"]
        .as_str()
        .unwrap();
    assert_eq!(ru, "Консульство не прокомментировало задержания.");
    let (a, b) = (
        h[0]["spans"][0][0].as_u64().unwrap() as usize,
        h[0]["spans"][0][1].as_u64().unwrap() as usize,
    );
    assert_eq!(&ru[a..b], "Консульство");
    // FTS5 syntax is searched for as text, not interpreted.
    tmkit_in(d.path())
        .args(["--db", "tm.db", "concordance", "NEAR(\"police\" OR"])
        .assert()
        .success()
        .stdout(predicate::str::contains("no unit contains"));
}

#[test]
fn a_unit_prints_the_same_json_from_show_lookup_and_concordance() {
    let d = tm();
    let run = |args: &[&str]| {
        let out = tmkit_in(d.path())
            .args(["--db", "tm.db"])
            .args(args)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        out.stdout
    };
    let sentence = "The protesters said they would return on Friday.";
    let lookup = &json_lines(&run(&["lookup", "--json", sentence]))[0];
    let from_lookup = &lookup["matches"][0]["unit"];
    let id = from_lookup["id"].as_i64().unwrap().to_string();
    let from_show: Value = serde_json::from_slice(&run(&["show", &id, "--json"])).unwrap();
    let concordance: Value =
        serde_json::from_slice(&run(&["concordance", "--json", "return on Friday"])).unwrap();
    let from_concordance = &concordance["hits"][0]["unit"];
    // Every field of the unit, its two variants, its provenance with the context hashes.
    assert_eq!(from_show["source"], sentence);
    assert_eq!(from_show["variants"].as_array().unwrap().len(), 2);
    assert!(from_show["provenance"][0]["prev_hash"].is_string());
    assert_eq!(from_lookup, &from_show);
    assert_eq!(from_concordance, &from_show);
    // With a batch, in the same shape.
    write(d.path(), "q.txt", &format!("{sentence}\n"));
    let batch = &json_lines(&run(&["lookup", "--json", "--batch", "q.txt"]))[0];
    assert_eq!(&batch["matches"][0]["unit"], &from_show);
    // An export line is the same object too.
    let export = run(&["export", "--format", "json"]);
    let line = json_lines(&export)
        .into_iter()
        .find(|u| u["id"] == from_show["id"])
        .expect("the unit is exported");
    assert_eq!(line, from_show);
}

#[test]
fn analyze_counts_bands_and_repetitions() {
    let d = tm();
    write(
        d.path(),
        "new.en.txt",
        "Police detain activists\n\n\
         Police in Almaty detained several activists outside the Chinese consulate on Tuesday.\n\n\
         The protesters said they would return on Friday!\n\n\
         A completely new sentence about the weather in Astana.\n\n\
         A completely new sentence about the weather in Astana.\n",
    );
    let out = tmkit_in(d.path())
        .args(["--db", "tm.db", "analyze", "--json", "new.en.txt"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let b = &v["total"]["bands"];
    // The headline keeps its context; the next sentence's neighbour changed ("!"): 100%.
    assert_eq!(b["101%"]["segments"], 1, "{v}");
    assert_eq!(b["100%"]["segments"], 1, "{v}");
    assert_eq!(b["95-99%"]["segments"], 1, "{v}");
    assert_eq!(b["No match"]["segments"], 1, "{v}");
    assert_eq!(b["Repetitions"]["segments"], 1, "{v}");
    assert_eq!(b["Repetitions"]["words"], 9, "{v}");
    assert_eq!(v["total"]["total"]["segments"], 5);
    let out = tmkit_in(d.path())
        .args(["--db", "tm.db", "analyze", "new.en.txt"])
        .output()
        .unwrap();
    let s = String::from_utf8_lossy(&out.stdout);
    assert!(s.contains("Repetitions"), "{s}");
    assert!(s.contains("No match"), "{s}");
}

#[test]
fn a_batch_is_split_into_sentences_with_their_lines_and_can_come_from_standard_input() {
    let d = tm();
    // A wrapped paragraph of two sentences: as one line it would be a poor match for both.
    let text = "Police in Almaty detained several activists outside the Chinese\n\
                consulate on Tuesday. The protesters said they would return on Friday.\n\
                \n\
                Police detain activists\n";
    let run = |args: &[&str], stdin: Option<&str>| -> Vec<Value> {
        let mut cmd = tmkit_in(d.path());
        cmd.args(["--db", "tm.db", "lookup", "--json"]).args(args);
        if let Some(s) = stdin {
            cmd.write_stdin(s);
        }
        let out = cmd.output().unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        json_lines(&out.stdout)
    };
    write(d.path(), "new.en.txt", text);
    let from_file = run(&["--batch", "new.en.txt"], None);
    let lines: Vec<u64> = from_file
        .iter()
        .map(|v| v["line"].as_u64().unwrap())
        .collect();
    assert_eq!(lines, [1, 2, 4], "{from_file:?}");
    // Same sentences as the imported report (up to the line break): matches of 99% or more.
    for v in &from_file[..2] {
        assert!(v["matches"][0]["score"].as_u64().unwrap() >= 99, "{v}");
    }
    // Standard input, with the segmenter's language given: the same queries.
    let from_stdin = run(&["--batch", "-", "--lang", "en"], Some(text));
    assert_eq!(from_stdin, from_file);
    // --lines: one query per line, the wrapped sentence split in two poor queries.
    let by_line = run(&["--batch", "-", "--lines"], Some(text));
    assert_eq!(by_line.len(), 3);
    assert_eq!(by_line[2]["line"], 4);
    assert!(by_line[0]["matches"]
        .as_array()
        .unwrap()
        .iter()
        .all(|m| m["score"].as_u64().unwrap() < 90));
}

#[test]
fn a_lookup_that_must_build_the_fuzzy_index_anew_says_so_once() {
    let d = TempDir::new().unwrap();
    let mut rows = String::from("en\tkk\n");
    for i in 0..20_000 {
        rows.push_str(&format!(
            "Protesters gathered for the {i}th time outside the consulate.\tНаразылар {i}-рет жиналды.\n"
        ));
    }
    write(d.path(), "big.tsv", &rows);
    tmkit_in(d.path())
        .args(["--db", "tm.db", "import", "big.tsv"])
        .assert()
        .success();
    // What an upgrade to a new index layout leaves: the index's state gone.
    let conn = rusqlite::Connection::open(d.path().join("tm.db")).unwrap();
    conn.execute("DELETE FROM fz_state", []).unwrap();
    drop(conn);
    let query = "Protesters gathered for the 77th time outside the consulate.";
    tmkit_in(d.path())
        .args(["--db", "tm.db", "lookup", "--json", query])
        .assert()
        .success()
        .stderr(predicate::str::contains(
            "building the fuzzy-match index for 20000 unit(s)",
        ))
        .stdout(predicate::str::contains("\"score\":100"));
    // Once: the next lookup finds the index in step and says nothing.
    tmkit_in(d.path())
        .args(["--db", "tm.db", "lookup", "--json", query])
        .assert()
        .success()
        .stderr(predicate::str::is_empty());
}
