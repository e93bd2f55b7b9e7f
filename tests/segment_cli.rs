//! End-to-end tests of `tmkit segment`.

mod common;

use common::tmkit;
use predicates::prelude::*;

#[test]
fn stdin_one_segment_per_line() {
    tmkit()
        .args(["segment", "--lang", "en"])
        .write_stdin("ALMATY, Kazakhstan -- Police moved in. The U.S. State Department said\nnothing.\n\nHeadline Without A Period\nCaption here.")
        .assert()
        .success()
        .stdout(
            "ALMATY, Kazakhstan -- Police moved in.\n\
             The U.S. State Department said nothing.\n\
             Headline Without A Period\n\
             Caption here.\n",
        );
}

#[test]
fn default_language_is_english() {
    tmkit()
        .arg("segment")
        .write_stdin("Mr. Smith left. He said so.")
        .assert()
        .success()
        .stdout("Mr. Smith left.\nHe said so.\n");
}

#[test]
fn files_in_order() {
    let dir = tempfile::tempdir().expect("tempdir");
    let a = dir.path().join("a.txt");
    let b = dir.path().join("b.txt");
    std::fs::write(&a, "Бұл бірінші сөйлем. Бұл екінші сөйлем.").expect("write");
    std::fs::write(&b, "2019 ж. қыркүйекте келді.").expect("write");
    tmkit()
        .args(["segment", "--lang", "kk"])
        .arg(&a)
        .arg(&b)
        .assert()
        .success()
        .stdout("Бұл бірінші сөйлем.\nБұл екінші сөйлем.\n2019 ж. қыркүйекте келді.\n");
}

#[test]
fn json_offsets_are_byte_offsets() {
    let input = "\u{FEFF}«Да», — сказал он.\r\nЭто т.е. пример. Всё!";
    let out = tmkit()
        .args(["segment", "--lang", "ru", "--json"])
        .write_stdin(input)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let v: serde_json::Value = serde_json::from_slice(&out).expect("valid JSON");
    let arr = v.as_array().expect("array");
    let texts: Vec<&str> = arr
        .iter()
        .map(|o| o["text"].as_str().unwrap_or(""))
        .collect();
    assert_eq!(texts, ["«Да», — сказал он.", "Это т.е. пример.", "Всё!"]);
    for o in arr {
        let start = o["start"].as_u64().expect("start") as usize;
        let end = o["end"].as_u64().expect("end") as usize;
        assert_eq!(&input[start..end], o["text"].as_str().expect("text"));
        assert!(o.get("file").is_none());
    }
}

#[test]
fn json_empty_input_is_empty_array() {
    tmkit()
        .args(["segment", "--json"])
        .write_stdin("  \n\t ")
        .assert()
        .success()
        .stdout("[]\n");
}

#[test]
fn abbrev_file_changes_splits() {
    let dir = tempfile::tempdir().expect("tempdir");
    let list = dir.path().join("abbrev.txt");
    std::fs::write(&list, "# agency titles\nAcad.\nDepy\n").expect("write");
    let text = "He met Acad. Zhumabekov there. Then Depy. Nurlanov spoke.";
    tmkit()
        .args(["segment"])
        .write_stdin(text)
        .assert()
        .success()
        .stdout("He met Acad.\nZhumabekov there.\nThen Depy.\nNurlanov spoke.\n");
    tmkit()
        .args(["segment", "--abbrev"])
        .arg(&list)
        .write_stdin(text)
        .assert()
        .success()
        .stdout("He met Acad. Zhumabekov there.\nThen Depy. Nurlanov spoke.\n");
}

#[test]
fn bad_abbrev_file_names_file_and_line() {
    let dir = tempfile::tempdir().expect("tempdir");
    let list = dir.path().join("bad.txt");
    std::fs::write(&list, "Acad\n[nonsense]\n").expect("write");
    tmkit()
        .args(["segment", "--abbrev"])
        .arg(&list)
        .write_stdin("x")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("bad.txt:2"));
}

#[test]
fn missing_file_exits_2_naming_it() {
    tmkit()
        .args(["segment", "no-such-report.txt"])
        .assert()
        .code(2)
        .stdout("")
        .stderr(predicate::str::contains("no-such-report.txt"));
}

#[test]
fn invalid_utf8_exits_2_naming_file() {
    let dir = tempfile::tempdir().expect("tempdir");
    let f = dir.path().join("latin1.txt");
    std::fs::write(&f, b"Caf\xe9 society. Next.").expect("write");
    tmkit()
        .args(["segment"])
        .arg(&f)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("latin1.txt").and(predicate::str::contains("UTF-8")));
    tmkit()
        .args(["segment"])
        .write_stdin(&b"\xff\xfe bad"[..])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("stdin"));
}

#[test]
fn json_with_several_files_names_them() {
    let dir = tempfile::tempdir().expect("tempdir");
    let a = dir.path().join("one.txt");
    let b = dir.path().join("two.txt");
    std::fs::write(&a, "One. Two.").expect("write");
    std::fs::write(&b, "Three.").expect("write");
    let out = tmkit()
        .args(["segment", "--json"])
        .arg(&a)
        .arg(&b)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let v: serde_json::Value = serde_json::from_slice(&out).expect("valid JSON");
    let arr = v.as_array().expect("array");
    assert_eq!(arr.len(), 3);
    assert!(arr[2]["file"].as_str().expect("file").ends_with("two.txt"));
    assert_eq!(arr[2]["start"], 0);
}
