//! `tmkit serve`'s JSON API against a running server on a free loopback port: each
//! endpoint answers what the command line prints with `--json`, each error has its status
//! and a JSON `{"error"}` body, writes need the bearer token, every request is logged, a
//! SIGTERM lets the request in flight finish, and lookups answer while another process
//! imports into the TM.

mod common;

use std::path::{Path, PathBuf};

use common::server::{encode, Server};
use common::{json_lines, json_of, tmkit_db, write};
use serde_json::{json, Value};
use tempfile::TempDir;

/// A TM of the bundled corpus in a temporary folder.
fn corpus_tm() -> (TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("tm.db");
    tmkit_db(&db)
        .arg("import")
        .arg(common::corpus())
        .assert()
        .success();
    (dir, db)
}

/// The sentences of a corpus report, as `tmkit segment` splits them.
fn corpus_sentences(name: &str) -> Vec<String> {
    let out = common::tmkit()
        .arg("segment")
        .arg(common::corpus().join(name))
        .output()
        .unwrap();
    assert!(out.status.success());
    String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(String::from)
        .collect()
}

fn cli_json(db: &Path, args: &[&str]) -> Value {
    let out = tmkit_db(db).args(args).output().unwrap();
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    json_of(&out.stdout)
}

#[test]
fn a_lookup_answers_what_lookup_json_prints() {
    let (_dir, db) = corpus_tm();
    let server = Server::start(&db, &[]);
    let s = corpus_sentences("01-tent-dismantled.en.txt");
    let queries = [
        (s[1].replace("taken down", "removed"), vec!["--min", "60"]),
        (
            s[7].replace("Khalida", "Halida"),
            vec!["--limit", "1", "--tgt", "kk"],
        ),
        (
            s[3].replace("14", "15"),
            vec!["--tgt", "KK,ru", "--src", "EN"],
        ),
        (
            "Nothing like this was ever said by anyone.".to_string(),
            vec![],
        ),
    ];
    for (q, opts) in &queries {
        let mut path = format!("/api/lookup?q={}", encode(q));
        for pair in opts.chunks(2) {
            path.push_str(&format!(
                "&{}={}",
                pair[0].trim_start_matches("--"),
                encode(pair[1])
            ));
        }
        let (status, api) = server.get(&path);
        assert_eq!(status, 200, "{path}: {api}");
        let mut args = vec!["lookup", "--json"];
        args.extend(opts.iter().copied());
        args.push(q);
        assert_eq!(api, cli_json(&db, &args), "{path}");
    }
    let (_, one) = server.get(&format!("/api/lookup?q={}&min=60", encode(&queries[0].0)));
    assert!(
        !one["matches"].as_array().unwrap().is_empty(),
        "the test finds matches"
    );
}

#[test]
fn a_posted_report_is_looked_up_sentence_by_sentence_with_context_as_lookup_batch_does() {
    let (dir, db) = corpus_tm();
    let server = Server::start(&db, &[]);
    let s = corpus_sentences("01-tent-dismantled.en.txt");
    let mut report: Vec<String> = s[2..6].to_vec();
    report.push(s[8].replace("Aqytkhan", "Akytkhan"));
    // Pasted as a report: sentences run on in paragraphs, split by the segmenter, as
    // `lookup --batch` splits the same text in a file (each with the line it begins on).
    let text = format!(
        "{} {}\n\n{}\n{}\n\n{}",
        report[0], report[1], report[2], report[3], report[4]
    );
    let batch = write(dir.path(), "batch.en.txt", &text);
    let out = tmkit_db(&db)
        .args(["lookup", "--json", "--batch"])
        .arg(&batch)
        .output()
        .unwrap();
    let cli = Value::Array(json_lines(&out.stdout));
    let (status, api) = server.post("/api/lookup", &json!({ "text": text, "lang": "en" }));
    assert_eq!(status, 200, "{api}");
    assert_eq!(api, cli);
    let scores: Vec<u64> = api
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|q| q["matches"][0]["score"].as_u64())
        .collect();
    assert!(
        scores.contains(&101),
        "the neighbours make context matches: {scores:?}"
    );
}

#[test]
fn a_concordance_answers_what_concordance_json_prints() {
    let (_dir, db) = corpus_tm();
    let server = Server::start(&db, &[]);
    for (phrase, lang, limit) in [
        ("Chinese Consulate", None, "20"),
        ("консулдығы", Some("kk"), "2"),
    ] {
        let mut path = format!("/api/concordance?q={}&limit={limit}", encode(phrase));
        let mut args = vec!["concordance", "--json", "--limit", limit];
        if let Some(l) = lang {
            path.push_str(&format!("&lang={l}"));
            args.extend(["--lang", l]);
        }
        args.push(phrase);
        let (status, api) = server.get(&path);
        assert_eq!(status, 200, "{api}");
        assert!(!api["hits"].as_array().unwrap().is_empty());
        assert_eq!(api, cli_json(&db, &args), "{path}");
    }
}

#[test]
fn an_analysis_answers_what_analyze_json_prints_for_the_same_report() {
    let (dir, db) = corpus_tm();
    let server = Server::start(&db, &[]);
    let s = corpus_sentences("05-100th-day.en.txt");
    let text = format!(
        "{}\n\n{} {}\n\n{}\n\nA sentence the TM has never seen before today.\n\n{}\n",
        s[0],
        s[1],
        s[2],
        s[3].replace("100th", "200th"),
        s[1]
    );
    let report = write(dir.path(), "new.en.txt", &text);
    let mut cli = cli_json(&db, &["analyze", "--json", report.to_str().unwrap()]);
    let (status, mut api) = server.post("/api/analyze", &json!({ "text": text }));
    assert_eq!(status, 200, "{api}");
    // The same figures; the file is named by the request, not by a path.
    assert_eq!(api["files"][0]["path"], "text");
    for v in [&mut cli, &mut api] {
        v["files"][0]["path"] = Value::Null;
    }
    assert_eq!(api, cli);
    assert_eq!(api["total"]["bands"]["Repetitions"]["segments"], 1);
}

#[test]
fn a_check_answers_the_issues_check_format_json_gives() {
    let (dir, db) = corpus_tm();
    let server = Server::start(&db, &["--glossary", "glossary"]);
    let en = "One of the protesters, Khalida Aqytkhan, told RFE/RL that she would stay.";
    let kk =
        "Наразылық білдірушілердің бірі Халида Ақытқан Азаттық радиосына қала беретінін айтты.";
    let ru = "Одна из протестующих, Халида Акытхан, сказала Радио Свобода, что останется.";
    let table = write(
        dir.path(),
        "t.tsv",
        &format!("en\tkk\tru\n{en}\t{kk}\t{ru}\n"),
    );
    let out = tmkit_db(&db)
        .args(["check", "--glossary", "glossary", "--format", "json"])
        .arg(&table)
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut cli = json_of(&out.stdout);
    let (status, mut api) = server.post("/api/check", &json!({ "en": en, "kk": kk, "ru": ru }));
    assert_eq!(status, 200, "{api}");
    assert_eq!(api["issues"][0]["unit"], "sentence 1");
    // The same issues; where they are is named by the file for the CLI, by the request here.
    for v in [&mut cli, &mut api] {
        for i in v["issues"].as_array_mut().unwrap() {
            for k in ["unit", "file", "line", "column"] {
                i.as_object_mut().unwrap().remove(k);
            }
        }
    }
    assert_eq!(api, cli);
    assert_eq!(api["issues"][0]["check"], "term-missing");
    assert_eq!(api["issues"][0]["found"], "Халида Ақытқан");
}

#[test]
fn without_a_glossary_checks_are_refused_with_404_and_a_bad_glossary_stops_the_start() {
    let (dir, db) = corpus_tm();
    // Run where there is no ./glossary: the server has none.
    let server = Server::start_in(dir.path(), &db, &[]);
    let (status, body) = server.post("/api/check", &json!({ "en": "A.", "kk": "Б." }));
    assert_eq!(status, 404, "{body}");
    assert!(
        body["error"].as_str().unwrap().contains("--glossary"),
        "{body}"
    );
    let out = tmkit_db(&db)
        .args(["serve", "--addr", "127.0.0.1:0", "--glossary"])
        .arg(dir.path().join("missing.csv"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("missing.csv"));
}

#[test]
fn units_stats_and_health_answer_what_show_and_stats_print() {
    let (_dir, db) = corpus_tm();
    let server = Server::start(&db, &[]);
    let (status, unit) = server.get("/api/units/19");
    assert_eq!(status, 200);
    assert_eq!(unit, cli_json(&db, &["show", "--json", "19"]));
    let (status, mut stats) = server.get("/api/stats");
    assert_eq!(status, 200);
    let mut cli = cli_json(&db, &["stats", "--json"]);
    for v in [&mut stats, &mut cli] {
        v.as_object_mut().unwrap().remove("db_bytes"); // the log's size changes as it is read
    }
    assert_eq!(stats, cli);
    assert_eq!(server.get("/healthz"), (200, json!({ "status": "ok" })));
}

const TOKEN: &str = "desk-token-0123456789abcdef";

#[test]
fn writes_need_the_bearer_token_and_go_through_the_one_writer() {
    let (dir, db) = corpus_tm();
    let read_only = Server::start(&db, &[]);
    let unit = json!({ "source": "The tent was removed on Monday.",
        "targets": { "kk": "Шатыр дүйсенбіде алынды.", "ru": "Палатку убрали в понедельник." } });
    let body = unit.to_string();
    let (status, e) = read_only.call("POST", "/api/units", Some(&body), Some(TOKEN));
    assert_eq!(status, 403, "{e}");
    assert!(e["error"].as_str().unwrap().contains("read-only"));
    assert_eq!(
        read_only
            .call("DELETE", "/api/units/1", None, Some(TOKEN))
            .0,
        403
    );
    drop(read_only);

    let token_file = write(dir.path(), "token", &format!("{TOKEN}\n"));
    let server = Server::start(&db, &["--token-file", token_file.to_str().unwrap()]);
    assert_eq!(server.call("POST", "/api/units", Some(&body), None).0, 401);
    assert_eq!(
        server
            .call(
                "POST",
                "/api/units",
                Some(&body),
                Some("desk-token-0123456789abcdeX")
            )
            .0,
        403
    );
    assert_eq!(server.call("DELETE", "/api/units/1", None, None).0, 401);
    let before = common::units_in(&db);
    let (status, added) = server.call("POST", "/api/units", Some(&body), Some(TOKEN));
    assert_eq!(status, 201, "{added}");
    assert_eq!(added["change"], "added");
    let id = added["id"].as_i64().unwrap();
    assert_eq!(common::units_in(&db), before + 1);
    let shown = cli_json(&db, &["show", "--json", &id.to_string()]);
    assert_eq!(shown["variants"][0]["text"], "Шатыр дүйсенбіде алынды.");
    assert_eq!(server.get(&format!("/api/units/{id}")), (200, shown));
    let (status, again) = server.call("POST", "/api/units", Some(&body), Some(TOKEN));
    assert_eq!(
        (status, again),
        (200, json!({ "id": id, "change": "unchanged" }))
    );
    // A lookup sees the write at once.
    let (_, found) = server.get(&format!(
        "/api/lookup?q={}",
        encode("The tent was removed on Monday.")
    ));
    assert_eq!(found["matches"][0]["unit"]["id"], id);
    let path = format!("/api/units/{id}");
    assert_eq!(
        server.call("DELETE", &path, None, Some(TOKEN)),
        (200, json!({ "id": id, "deleted": true }))
    );
    assert_eq!(server.call("DELETE", &path, None, Some(TOKEN)).0, 404);
    assert_eq!(server.get(&path).0, 404);
    assert_eq!(common::units_in(&db), before);
    // Bad units are refused before anything is written.
    for bad in [
        json!({ "targets": { "kk": "Б." } }),
        json!({ "source": "A.", "targets": { "kz": "Б." } }),
        json!({ "source": "  ", "targets": {} }),
        json!({ "source": "A.", "targets": { "kk": "" } }),
    ] {
        let (status, e) = server.call("POST", "/api/units", Some(&bad.to_string()), Some(TOKEN));
        assert_eq!(status, 400, "{bad}: {e}");
    }
    assert_eq!(common::units_in(&db), before);
}

#[test]
fn every_refusal_has_its_status_and_a_json_error() {
    let (_dir, db) = corpus_tm();
    let server = Server::start(&db, &[]);
    let long = "word ".repeat(2000);
    let cases: Vec<(&str, String, Option<String>, u16)> = vec![
        ("GET", "/api/lookup".into(), None, 400),
        ("GET", "/api/lookup?q=".into(), None, 400),
        ("GET", "/api/lookup?q=Police&tgt=kz".into(), None, 400),
        ("GET", "/api/lookup?q=Police&min=10".into(), None, 400),
        ("GET", "/api/lookup?q=Police&min=many".into(), None, 400),
        ("GET", "/api/lookup?q=Police&limit=0".into(), None, 400),
        ("GET", format!("/api/lookup?q={}", encode(&long)), None, 400),
        (
            "POST",
            "/api/lookup".into(),
            Some("{\"text\": ".into()),
            400,
        ),
        (
            "POST",
            "/api/lookup".into(),
            Some("{\"lang\": \"en\"}".into()),
            400,
        ),
        (
            "POST",
            "/api/lookup".into(),
            Some("{\"text\": \"Police came.\", \"lang\": \"xx-\"}".into()),
            400,
        ),
        ("POST", "/api/analyze".into(), Some("[1, 2]".into()), 400),
        (
            "POST",
            "/api/check".into(),
            Some("{\"kk\": \"Б.\"}".into()),
            400,
        ),
        (
            "GET",
            "/api/concordance?q=Almaty&lang=klingon".into(),
            None,
            400,
        ),
        (
            "GET",
            "/api/concordance?q=Almaty&limit=100000".into(),
            None,
            400,
        ),
        ("GET", "/api/units/abc".into(), None, 400),
        ("GET", "/api/units/999999".into(), None, 404),
        ("GET", "/api/nothing-here".into(), None, 404),
        ("PUT", "/api/stats".into(), None, 405),
        ("DELETE", "/api/lookup".into(), None, 405),
    ];
    for (method, path, body, want) in &cases {
        let (status, e) = server.call(method, path, body.as_deref(), None);
        let shown: String = path.chars().take(60).collect();
        assert_eq!(status, *want, "{method} {shown}: {e}");
        assert!(
            e["error"].as_str().is_some_and(|m| !m.is_empty()),
            "{method} {shown}: {e}"
        );
    }
    // A body over the limit is refused from its Content-Length, before it is read: sent
    // by hand, so that the client reads the answer instead of writing on into a closed
    // connection.
    let (status, e) = too_large(&server, "/api/analyze", 11 << 20);
    assert_eq!(status, 413, "{e}");
    assert!(e["error"].as_str().unwrap().contains("10 MiB"), "{e}");
    // A report with more sentences than a request may look up.
    let many = "Police came. ".repeat(tmkit::serve::MAX_REPORT_SEGMENTS + 1);
    let (status, e) = server.post("/api/lookup", &json!({ "text": many }));
    assert_eq!(status, 400);
    assert!(e["error"].as_str().unwrap().contains("at most"), "{e}");
    // The server still answers.
    assert_eq!(server.get("/healthz").0, 200);
}

#[test]
fn every_request_is_logged_on_one_line_without_its_text() {
    let (_dir, db) = corpus_tm();
    let server = Server::start(&db, &[]);
    for _ in 0..3 {
        server.get("/api/lookup?q=Secret+sentence+of+the+desk.");
    }
    server.get("/api/units/999999");
    std::thread::sleep(std::time::Duration::from_millis(300));
    let log = server.log();
    let lookups: Vec<&String> = log
        .iter()
        .filter(|l| l.contains(" GET /api/lookup 200 "))
        .collect();
    assert_eq!(lookups.len(), 3, "{log:#?}");
    assert!(
        log.iter()
            .any(|l| l.contains(" GET /api/units/999999 404 ")),
        "{log:#?}"
    );
    assert!(
        !log.iter().any(|l| l.contains("Secret")),
        "the texts stay out of the log"
    );
    assert!(
        lookups[0].starts_with("20") && lookups[0].contains(" 127.0.0.1:"),
        "{}",
        lookups[0]
    );
}

#[test]
fn sigterm_stops_the_server_after_the_request_in_flight_is_answered() {
    let (_dir, db) = corpus_tm();
    let server = Server::start(&db, &[]);
    let s = corpus_sentences("04-xinjiang-explainer.en.txt");
    let report = s
        .iter()
        .cycle()
        .take(1500)
        .cloned()
        .collect::<Vec<_>>()
        .join(" ");
    let body = json!({ "text": report }).to_string();
    let base = server.base.clone();
    let in_flight = std::thread::spawn(move || {
        ureq::post(&format!("{base}/api/lookup"))
            .send_string(&body)
            .map(|r| r.status())
            .map_err(|e| e.to_string())
    });
    std::thread::sleep(std::time::Duration::from_millis(300));
    let killed = std::process::Command::new("kill")
        .args(["-TERM", &server.pid().to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    let answered = in_flight.join().unwrap();
    let (status, log) = server.wait();
    assert_eq!(answered.ok(), Some(200), "{log:#?}");
    assert!(status.success(), "{status:?}: {log:#?}");
    assert!(log.iter().any(|l| l.contains("terminated")), "{log:#?}");
    assert_eq!(log.last().map(String::as_str), Some("tmkit serve: stopped"));
}

#[test]
fn lookups_keep_answering_while_another_process_imports_into_the_tm() {
    let (dir, db) = corpus_tm();
    let mut rows = String::from("en\tkk\tru\n");
    for i in 0..40_000 {
        rows.push_str(&format!(
            "Officials in district {i} said {} people were detained.\tАудан {i} шенеуніктері {} адам ұсталғанын айтты.\tЧиновники района {i} сообщили о задержании {} человек.\n",
            i % 97, i % 97, i % 97
        ));
    }
    let table = write(dir.path(), "big.tsv", &rows);
    let server = Server::start(&db, &[]);
    let mut import = common::tmkit_process(&db)
        .arg("import")
        .arg(&table)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let s = corpus_sentences("02-activists-detained.en.txt");
    let (mut answered, mut during) = (0, 0);
    while import.try_wait().unwrap().is_none() || answered < 20 {
        let q = &s[answered % s.len()];
        let (status, body) = server.get(&format!("/api/lookup?q={}", encode(q)));
        assert_eq!(status, 200, "{body}");
        assert_eq!(body["matches"][0]["score"], 100, "{q}");
        if import.try_wait().unwrap().is_none() {
            during += 1;
        }
        answered += 1;
    }
    let out = import.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        during > 0,
        "no lookup ran during the import: make the import larger"
    );
    let (_, found) = server.get(&format!(
        "/api/lookup?q={}",
        encode("Officials in district 77 said 77 people were detained.")
    ));
    assert_eq!(
        found["matches"][0]["score"], 100,
        "the import is seen once committed"
    );
    assert!(!server.log().iter().any(|l| l.contains("locked")));
}

/// `POST PATH` announcing a body of `len` bytes and sending none of it: the status and JSON
/// of the answer.
fn too_large(server: &Server, path: &str, len: usize) -> (u16, Value) {
    use std::io::{Read, Write};
    let addr = server.base.trim_start_matches("http://");
    let mut conn = std::net::TcpStream::connect(addr).unwrap();
    conn.set_read_timeout(Some(std::time::Duration::from_secs(30)))
        .unwrap();
    write!(
        conn,
        "POST {path} HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/json\r\n\
         Content-Length: {len}\r\nConnection: close\r\n\r\n{{\"text\": \""
    )
    .unwrap();
    let mut answer = String::new();
    let _ = conn.read_to_string(&mut answer);
    let status = answer
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let body = answer.split("\r\n\r\n").nth(1).unwrap_or("");
    (status, serde_json::from_str(body).unwrap_or(Value::Null))
}
