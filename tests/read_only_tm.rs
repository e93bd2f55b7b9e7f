//! A TM that tmkit cannot write (a read-only folder or file: an archive disk, another
//! user's TM) is read by every reading command and changed by none; writing commands fail
//! saying that the TM is read-only. And reading a TM that can be written leaves its file
//! as it was.
//!
//! Permissions do not stop root: run as root (as here), the commands that must not be able
//! to write run as user `nobody` through `setpriv`; as any other user, the folder is made
//! read-only with `chmod`. When neither works the tests that need it say so and pass.

mod common;

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use common::tm::{add_units, unit};
use common::{corpus, json_of, root, tmkit_db, tmkit_process};
use tmkit::store::Store;

/// How to run `tmkit` so that it cannot write `dir`.
enum Reader {
    /// As `nobody`, through `setpriv` (the test runs as root).
    Nobody,
    /// As this user, the folder being read-only.
    Chmod,
}

/// Makes `dir` (holding a TM) unwritable for the commands [`Reader::run`] starts, or says
/// why it cannot and returns `None`.
fn read_only(dir: &Path) -> Option<Reader> {
    let uid = Command::new("id").arg("-u").output().ok()?;
    if String::from_utf8_lossy(&uid.stdout).trim() == "0" {
        let works = Command::new("setpriv")
            .args(["--reuid=65534", "--regid=65534", "--clear-groups", "true"])
            .status()
            .is_ok_and(|s| s.success());
        if !works {
            eprintln!(
                "skipped: running as root without setpriv, a folder cannot be made read-only"
            );
            return None;
        }
        // Readable by nobody, writable by root only.
        std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o755)).unwrap();
        Some(Reader::Nobody)
    } else {
        std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o555)).unwrap();
        Some(Reader::Chmod)
    }
}

impl Reader {
    /// `tmkit --db DB ARGS…`, unable to write the TM's folder.
    fn run(&self, db: &Path, args: &[&str]) -> Output {
        let mut c = match self {
            Reader::Nobody => {
                let mut c = Command::new("setpriv");
                c.args(["--reuid=65534", "--regid=65534", "--clear-groups"])
                    .arg(tmkit_process(db).get_program())
                    .arg("--db")
                    .arg(db);
                c.env_remove("TMKIT_DB").env("NO_COLOR", "1");
                c
            }
            Reader::Chmod => tmkit_process(db),
        };
        c.args(args).output().unwrap()
    }

    fn ok(&self, db: &Path, args: &[&str]) -> String {
        let out = self.run(db, args);
        assert!(
            out.status.success(),
            "tmkit {args:?} failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    }
}

/// Gives the folder back to its owner (a read-only temporary folder cannot be removed).
struct Writable<'a>(&'a Path);

impl Drop for Writable<'_> {
    fn drop(&mut self) {
        let _ = std::fs::set_permissions(self.0, std::fs::Permissions::from_mode(0o755));
    }
}

/// Everything a read could change: each file of `dir` (not of its folders) with its bytes
/// and time of change.
fn state(dir: &Path) -> Vec<(PathBuf, Vec<u8>, std::time::SystemTime)> {
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file())
        .map(|p| {
            let modified = std::fs::metadata(&p).unwrap().modified().unwrap();
            (p.clone(), std::fs::read(&p).unwrap(), modified)
        })
        .collect();
    files.sort();
    files
}

/// A TM built from two bundled reports and their translations; the concordance tables are
/// not filled yet (as after any import).
fn tm(dir: &Path) -> PathBuf {
    let db = dir.join("tm.db");
    let reports = dir.join("reports");
    std::fs::create_dir(&reports).unwrap();
    for lang in ["en", "kk", "ru"] {
        for name in ["01-tent-dismantled", "02-activists-detained"] {
            let f = format!("{name}.{lang}.txt");
            std::fs::copy(corpus().join(&f), reports.join(&f)).unwrap();
        }
    }
    tmkit_db(&db).arg("import").arg(&reports).assert().success();
    std::fs::set_permissions(&reports, std::fs::Permissions::from_mode(0o755)).unwrap();
    db
}

fn first_source(db: &Path) -> String {
    let out = tmkit_db(db).args(["show", "1", "--json"]).output().unwrap();
    json_of(&out.stdout)["source"].as_str().unwrap().to_string()
}

#[test]
fn every_reading_command_reads_a_tm_in_a_read_only_folder_and_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = tm(dir.path());
    let sentence = first_source(&db);
    let Some(reader) = read_only(dir.path()) else {
        return;
    };
    let _restore = Writable(dir.path());
    let before = state(dir.path());
    let report = dir.path().join("reports/01-tent-dismantled.en.txt");
    let glossary = root().join("glossary");

    let stats = json_of(reader.ok(&db, &["stats", "--json"]).as_bytes());
    assert!(stats["units"].as_u64().unwrap() > 20, "{stats}");
    assert!(reader.ok(&db, &["show", "1"]).contains(&sentence));
    assert!(reader.ok(&db, &["lookup", &sentence]).contains("100%"));
    // The concordance tables are behind: built for the command in a temporary file.
    assert!(reader
        .ok(&db, &["concordance", "consulate"])
        .contains("**consulate**"));
    assert!(reader
        .ok(&db, &["analyze", report.to_str().unwrap()])
        .contains("101%"));
    reader.ok(&db, &["check", "--glossary", glossary.to_str().unwrap()]);
    let tsv = reader.ok(&db, &["export", "--format", "tsv"]);
    assert!(tsv.lines().count() > 20 && tsv.contains(&sentence));
    assert!(reader
        .ok(&db, &["export", "--format", "tmx", "--tgt", "kk"])
        .contains("<tmx"));

    assert_eq!(state(dir.path()), before, "the folder is as it was");
}

#[test]
fn writing_a_tm_in_a_read_only_folder_fails_saying_it_is_read_only() {
    let dir = tempfile::tempdir().unwrap();
    let db = tm(dir.path());
    let Some(reader) = read_only(dir.path()) else {
        return;
    };
    let _restore = Writable(dir.path());
    let before = state(dir.path());
    let report = dir.path().join("reports/01-tent-dismantled.en.txt");
    for args in [
        vec!["import", report.to_str().unwrap()],
        vec!["add", "A new sentence.", "--target", "kk=Жаңа сөйлем."],
        vec!["delete", "1"],
    ] {
        let out = reader.run(&db, &args);
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
        assert!(
            err.contains(&format!("{}: the TM is read-only", db.display())),
            "{args:?}: {err}"
        );
    }
    assert_eq!(state(dir.path()), before);
}

#[test]
fn a_tm_its_owner_holds_open_is_read_with_what_the_owner_committed() {
    let dir = tempfile::tempdir().unwrap();
    let db = tm(dir.path());
    // The owner keeps the TM open after a commit: the write-ahead log holds the new unit
    // and its `-wal` and `-shm` files exist, which a reader that cannot write reads as
    // they are.
    let mut owner = Store::open(&db).unwrap();
    add_units(
        &mut owner,
        [unit(
            "Written by the owner a moment ago.",
            &[("kk", "Жаңа.")],
        )],
    );
    let Some(reader) = read_only(dir.path()) else {
        return;
    };
    let _restore = Writable(dir.path());
    let out = reader.ok(&db, &["lookup", "Written by the owner a moment ago."]);
    assert!(out.contains("100%") && out.contains("Жаңа."), "{out}");
    drop(owner);
}

#[test]
fn reading_commands_leave_a_writable_tm_file_as_it_was() {
    let dir = tempfile::tempdir().unwrap();
    let db = tm(dir.path());
    let sentence = first_source(&db);
    // The indexes brought up to date once (the one write a reading command may make).
    tmkit_db(&db)
        .args(["concordance", "police"])
        .assert()
        .success();
    tmkit_db(&db).args(["lookup", "police"]).assert().success();
    let before = state(dir.path());
    let report = dir.path().join("reports/01-tent-dismantled.en.txt");
    let glossary = root().join("glossary");
    for args in [
        vec!["stats"],
        vec!["show", "1"],
        vec!["lookup", sentence.as_str()],
        vec!["concordance", "consulate"],
        vec!["analyze", report.to_str().unwrap()],
        vec!["check", "--glossary", glossary.to_str().unwrap()],
        vec!["export", "--format", "tsv"],
    ] {
        tmkit_db(&db).args(&args).assert().success();
    }
    assert_eq!(
        state(dir.path()),
        before,
        "same files (no -wal or -shm left), same bytes, same times"
    );
}

#[test]
fn a_tm_in_a_read_only_folder_is_merged_into_another_and_checked_as_an_input() {
    let dir = tempfile::tempdir().unwrap();
    let db = tm(dir.path());
    let Some(reader) = read_only(dir.path()) else {
        return;
    };
    let _restore = Writable(dir.path());
    let before = state(dir.path());
    // The TM written is in a folder the reader can write.
    let work = tempfile::tempdir().unwrap();
    std::fs::set_permissions(work.path(), std::fs::Permissions::from_mode(0o777)).unwrap();
    let mine = work.path().join("mine.db");
    let out = reader.ok(&mine, &["import", db.to_str().unwrap()]);
    assert!(out.contains("unit(s) added"), "{out}");
    let glossary = root().join("glossary");
    reader.ok(
        &mine,
        &[
            "check",
            "--glossary",
            glossary.to_str().unwrap(),
            db.to_str().unwrap(),
        ],
    );
    assert_eq!(state(dir.path()), before);
}

#[test]
fn concordance_on_a_read_only_tm_finds_what_it_finds_on_the_same_tm_writable() {
    let dir = tempfile::tempdir().unwrap();
    let db = tm(dir.path());
    // The same TM where it can be written (its concordance tables filled in the file).
    let other = tempfile::tempdir().unwrap();
    let writable = other.path().join("tm.db");
    std::fs::copy(&db, &writable).unwrap();
    let Some(reader) = read_only(dir.path()) else {
        return;
    };
    let _restore = Writable(dir.path());
    let queries: [&[&str]; 6] = [
        &["consulate"],
        // Newest first, cut at the limit: sources and targets.
        &["--limit", "2", "the"],
        &["--limit", "0", "the"],
        &["--lang", "kk", "--limit", "3", "Қытай"],
        &["--lang", "ru", "--limit", "0", "Китая"],
        &["--lang", "en", "--limit", "1", "activists"],
    ];
    for q in queries {
        let args: Vec<&str> = ["concordance", "--json"].iter().chain(q).copied().collect();
        let read_only = json_of(reader.ok(&db, &args).as_bytes());
        let out = tmkit_db(&writable).args(&args).output().unwrap();
        assert!(out.status.success(), "{q:?}");
        let hits = read_only["hits"].as_array().map_or(0, Vec::len);
        assert!(hits > 0, "{q:?} finds something: {read_only}");
        assert_eq!(read_only, json_of(&out.stdout), "{q:?}");
    }
}
