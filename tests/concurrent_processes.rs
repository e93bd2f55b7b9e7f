//! Several `tmkit` processes on one TM at the same time: creating it, upgrading it,
//! importing into it and reading it. Every process is a real one (the binary, spawned), so
//! SQLite's file locks are what is tested.

mod common;

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use common::tm::unit;
use common::{tmkit_process, write};
use tmkit::import::Sink;
use tmkit::store::Store;

/// A hang guard only: every wait below ends as soon as the awaited thing happens.
const HANG: Duration = Duration::from_secs(300);

fn spawn(db: &Path, args: &[&str]) -> Child {
    tmkit_process(db)
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap()
}

/// Waits for `child` and fails showing its stderr unless it exited 0; returns its stdout.
fn succeeded(child: Child, what: &str) -> String {
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "{what} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// A report of three sentences of its own.
fn report(dir: &Path, i: usize) -> PathBuf {
    write(
        dir,
        &format!("r{i}.en.txt"),
        &format!("Report {i} opens here. Report {i} goes on. Report {i} ends here.\n"),
    )
}

#[test]
fn imports_started_together_into_a_new_tm_all_succeed_and_the_tm_holds_each_one() {
    for round in 0..5 {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("tm.db");
        let reports: Vec<PathBuf> = (0..4).map(|i| report(dir.path(), i)).collect();
        let children: Vec<Child> = reports
            .iter()
            .map(|r| spawn(&db, &["import", r.to_str().unwrap()]))
            .collect();
        for (i, c) in children.into_iter().enumerate() {
            succeeded(c, &format!("round {round}: import {i}"));
        }
        assert_eq!(
            common::units_in(&db),
            12,
            "round {round}: every import is in the TM"
        );
    }
}

#[test]
fn a_lookup_while_an_import_creates_the_tm_waits_or_reads_and_never_fails() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("tm.db");
    let mut tsv = String::from("en\tkk\n");
    for i in 0..3000 {
        tsv.push_str(&format!(
            "Sentence number {i} is about the camp.\tСөйлем {i} лагерь туралы.\n"
        ));
    }
    let tsv = write(dir.path(), "big.tsv", &tsv);
    let import = spawn(&db, &["import", tsv.to_str().unwrap()]);
    let started = std::time::Instant::now();
    while !db.exists() {
        assert!(started.elapsed() < HANG, "the import never created the TM");
        std::thread::sleep(Duration::from_millis(1));
    }
    // Lookups opened while the TM is being created and filled: each one waits for the
    // creation (and for an import into a new TM, which locks it) or reads a consistent
    // state; none fails.
    let mut lookups = Vec::new();
    for _ in 0..6 {
        lookups.push(spawn(
            &db,
            &["lookup", "Sentence number 7 is about the camp."],
        ));
        std::thread::sleep(Duration::from_millis(20));
    }
    for (i, l) in lookups.into_iter().enumerate() {
        succeeded(l, &format!("lookup {i}"));
    }
    succeeded(import, "the import");
    let after = spawn(&db, &["lookup", "Sentence number 7 is about the camp."]);
    assert!(succeeded(after, "lookup after the import").contains("100%"));
}

#[test]
fn a_second_import_waits_for_the_first_saying_so_and_then_stores_its_units() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("tm.db");
    // This test is the first writer: it holds the TM's write lock, a unit written and not
    // yet committed.
    let mut store = Store::open(&db).unwrap();
    let tx = store.begin("test").unwrap();
    {
        let mut sink = Sink::new(&tx).unwrap();
        sink.add(unit("Written by the first writer.", &[])).unwrap();
        sink.finish().unwrap();
    }
    let r = report(dir.path(), 0);
    let mut second = spawn(&db, &["import", r.to_str().unwrap()]);
    let stderr = second.stderr.take().unwrap();
    let (lines, seen) = mpsc::channel();
    let reader = std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines() {
            let _ = lines.send(line.unwrap());
        }
    });
    let first_line = seen
        .recv_timeout(HANG)
        .expect("the second import says that it waits");
    assert!(
        first_line.contains("waiting for another process writing")
            && first_line.contains(&db.display().to_string()),
        "{first_line}"
    );
    tmkit::index::sync_index(tx.conn()).unwrap();
    tx.commit().unwrap();
    let status = second.wait().unwrap();
    reader.join().unwrap();
    let rest: Vec<String> = seen.try_iter().collect();
    assert!(status.success(), "the second import failed: {rest:?}");
    assert_eq!(common::units_in(&db), 1 + 3, "both imports are in the TM");
}

/// The size of `db`'s file with `suffix` (`-wal`, `-journal`), 0 when there is none.
fn side_file_len(db: &Path, suffix: &str) -> u64 {
    let mut p = db.as_os_str().to_owned();
    p.push(suffix);
    std::fs::metadata(p).map_or(0, |m| m.len())
}

#[test]
fn an_import_killed_while_it_writes_leaves_the_tm_whole_and_as_it_was() {
    let dir = tempfile::tempdir().unwrap();
    let mut tsv = String::from("en\tkk\n");
    for i in 0..20_000 {
        tsv.push_str(&format!(
            "Line {i} of a large import.\tҮлкен импорттың {i} жолы.\n"
        ));
    }
    let tsv = write(dir.path(), "big.tsv", &tsv);
    // Into an empty TM (a rollback journal) and into one holding units (the write-ahead
    // log).
    for (name, before) in [("empty.db", 0), ("full.db", 3)] {
        let db = dir.path().join(name);
        if before > 0 {
            let r = report(dir.path(), 9);
            succeeded(spawn(&db, &["import", r.to_str().unwrap()]), "first import");
        } else {
            Store::open(&db).unwrap();
        }
        let mut import = spawn(&db, &["import", tsv.to_str().unwrap()]);
        let started = std::time::Instant::now();
        // Killed (SIGKILL) once it has written pages, before it commits.
        while side_file_len(&db, "-journal") == 0 && side_file_len(&db, "-wal") < 1 << 20 {
            assert!(started.elapsed() < HANG, "{name}: the import never wrote");
            if import.try_wait().unwrap().is_some() {
                break;
            }
            std::thread::sleep(Duration::from_millis(1));
        }
        import.kill().unwrap();
        let killed = !import.wait().unwrap().success();
        let after = common::units_in(&db);
        if killed {
            // The kill may land in the instant between the commit and the process's exit
            // (the log reaches 1 MiB while the commit writes it): then everything is stored.
            // Never a part.
            assert!(
                after == before || after == before + 20_000,
                "{name}: a killed import stores all or nothing, found {after} units (before {before})"
            );
        } else {
            assert_eq!(after, before + 20_000, "{name}: the import finished first");
        }
        let c = rusqlite::Connection::open(&db).unwrap();
        let check: String = c
            .query_row("PRAGMA integrity_check", [], |r| r.get(0))
            .unwrap();
        assert_eq!(check, "ok", "{name}");
    }
}
