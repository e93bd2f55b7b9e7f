//! Bad input never passes silently: malformed glossaries, tables, reports, TMX and batch
//! files make `tmkit check`, `import`, `lookup --batch` and `glossary import` exit 2 with
//! one message naming the file and line, and text in UTF-16 (what Excel's "Unicode Text"
//! writes) is read like UTF-8.

mod common;

use std::path::Path;

use common::{tmkit_in, write};
use predicates::prelude::*;

/// The parallel report every check below runs on.
fn reports(dir: &Path) {
    write(dir, "r.en.txt", "Police in Almaty detained him.\n");
    write(dir, "r.kk.txt", "Алматы полициясы оны ұстады.\n");
}

/// `text` in UTF-16LE with a BOM, as Excel's "Unicode Text" saves it.
fn utf16le(text: &str) -> Vec<u8> {
    std::iter::once(0xFEFF)
        .chain(text.encode_utf16())
        .flat_map(u16::to_le_bytes)
        .collect()
}

/// Runs `tmkit args…` in `dir`, expecting exit code 2 and exactly one error line that
/// contains `message`.
fn fails_with(dir: &Path, args: &[&str], message: &str) {
    let out = tmkit_in(dir)
        .args(args)
        .assert()
        .code(2)
        .get_output()
        .clone();
    let err = String::from_utf8_lossy(&out.stderr);
    let lines: Vec<&str> = err
        .lines()
        .filter(|l| l.starts_with("tmkit: error"))
        .collect();
    assert_eq!(lines.len(), 1, "{args:?}: {err}");
    assert!(lines[0].contains(message), "{args:?}: {err}");
    // No part of the message is said twice (as `{:#}` did with an I/O error's source).
    let text = lines[0].trim_start_matches("tmkit: error: ");
    let parts: Vec<&str> = text.split(": ").collect();
    for w in parts.windows(2) {
        assert_ne!(w[0], w[1], "{args:?}: said twice: {err}");
    }
}

#[test]
fn malformed_glossaries_fail_the_check_with_file_and_line() {
    let d = tempfile::tempdir().unwrap();
    reports(d.path());
    for (name, text, message) in [
        (
            "quote.csv",
            "en,kk\n\"Almaty,Алматы\nAstana,Астана\n",
            "quote.csv:2: unterminated quote starting at line 2",
        ),
        (
            "nolang.csv",
            "kk,ru\nАлматы,Алматы\n",
            "nolang.csv:1: the header has no en column",
        ),
        (
            "noterm.csv",
            "en,kk,ru\nAlmaty,Алматы,Алматы\n,Астана,Астана\n",
            "noterm.csv:3: the entry has no en term",
        ),
        (
            "norendering.csv",
            "en,kk,ru\nAlmaty,Алматы,Алматы\nAstana,,\n",
            "norendering.csv:3: “Astana” has no rendering",
        ),
        (
            "nul.csv",
            "en,kk\nAlm\0aty,Алматы\n",
            "nul.csv:2: NUL byte in column 1",
        ),
        (
            "nul.tbx",
            "<?xml version=\"1.0\"?>\n<martif><text><body>\n\
             <termEntry id=\"a\"><langSet xml:lang=\"en\"><tig><term>Ast\0ana</term></tig></langSet></termEntry>\n\
             </body></text></martif>\n",
            "nul.tbx:3:56: character U+0000 is not allowed",
        ),
    ] {
        write(d.path(), name, text);
        fails_with(
            d.path(),
            &["--db", "tm.db", "check", "--glossary", name, "r.en.txt"],
            message,
        );
    }
    // The TBX is refused by `glossary import` too, and nothing is written.
    fails_with(
        d.path(),
        &["glossary", "import", "nul.tbx"],
        "nul.tbx:3:56: character U+0000",
    );
    assert!(!d.path().join("glossary").exists());
    fails_with(
        d.path(),
        &[
            "--db",
            "tm.db",
            "check",
            "--glossary",
            "missing",
            "r.en.txt",
        ],
        "missing: no such glossary file or directory",
    );
}

#[test]
fn a_good_glossary_still_passes_and_forbidden_only_entries_are_kept() {
    let d = tempfile::tempdir().unwrap();
    reports(d.path());
    write(
        d.path(),
        "g.csv",
        "en,kk,kk:forbidden\nAlmaty,Алматы,Алмата\n,,Алма-Ата\n",
    );
    tmkit_in(d.path())
        .args(["--db", "tm.db", "check", "--glossary", "g.csv", "r.en.txt"])
        .assert()
        .code(0);
    // Saved by Excel as "Unicode Text" (UTF-16 with a BOM): the same glossary.
    std::fs::write(
        d.path().join("g16.csv"),
        utf16le("en,kk,kk:forbidden\r\nAlmaty,Алматы,Алмата\r\n"),
    )
    .unwrap();
    tmkit_in(d.path())
        .args([
            "--db",
            "tm.db",
            "check",
            "--glossary",
            "g16.csv",
            "r.en.txt",
        ])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("1 glossary entries"));
}

#[test]
fn utf16_tables_reports_and_batch_files_are_read_like_utf8() {
    let d = tempfile::tempdir().unwrap();
    let p = d.path();
    // Excel's "Unicode Text": UTF-16LE with a BOM, tab-separated, CRLF.
    std::fs::write(
        p.join("m.txt.tsv"),
        utf16le("en\tkk\r\nAlmaty is a city.\tАлматы — қала.\r\nAstana is the capital.\tАстана — астана.\r\n"),
    )
    .unwrap();
    std::fs::write(p.join("r.en.txt"), utf16le("Police came.\n\nThey left.\n")).unwrap();
    std::fs::write(
        p.join("r.kk.txt"),
        utf16le("Полиция келді.\n\nОлар кетті.\n"),
    )
    .unwrap();
    tmkit_in(p)
        .args(["--db", "tm.db", "import", "m.txt.tsv"])
        .assert()
        .success()
        .stdout(predicate::str::contains("2 unit(s) added"));
    tmkit_in(p)
        .args([
            "--db",
            "tm.db",
            "import",
            "r.en.txt",
            "--target",
            "kk=r.kk.txt",
        ])
        .assert()
        .success()
        .stdout(predicate::str::contains("2 unit(s) added"));
    std::fs::write(
        p.join("q.txt"),
        utf16le("Almaty is a city.\r\nThey left.\r\n"),
    )
    .unwrap();
    tmkit_in(p)
        .args(["--db", "tm.db", "lookup", "--batch", "q.txt", "--tgt", "kk"])
        .assert()
        .success()
        .stdout(predicate::str::contains("Алматы — қала."))
        .stdout(predicate::str::contains("Олар кетті."));
    // The check reads the UTF-16 table too, with the lines of its rows.
    write(p, "g.csv", "en,kk\nAstana,Астана\n");
    tmkit_in(p)
        .args(["--db", "tm.db", "check", "--glossary", "g.csv", "m.txt.tsv"])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("2 unit(s)"));
}

#[test]
fn utf16_without_a_bom_and_bad_utf16_say_utf16() {
    let d = tempfile::tempdir().unwrap();
    let no_bom: Vec<u8> = "en\tkk\nA\tB\n"
        .encode_utf16()
        .flat_map(u16::to_le_bytes)
        .collect();
    std::fs::write(d.path().join("m.tsv"), no_bom).unwrap();
    fails_with(
        d.path(),
        &["--db", "tm.db", "import", "m.tsv"],
        "m.tsv:1: NUL byte in column 1 (byte 2): the file looks like UTF-16 without a byte-order mark",
    );
    let mut bad = utf16le("en\tkk\nA\tB\n");
    bad.extend_from_slice(&0xDC00u16.to_le_bytes());
    std::fs::write(d.path().join("b.tsv"), bad).unwrap();
    fails_with(
        d.path(),
        &["--db", "tm.db", "import", "b.tsv"],
        "b.tsv:3: invalid UTF-16LE at byte 22 of the file",
    );
}

#[test]
fn an_unterminated_quote_names_the_line_it_starts_on() {
    let d = tempfile::tempdir().unwrap();
    write(
        d.path(),
        "q.csv",
        "en,kk\r\nOne.,Бір.\r\n\"Two.,Екі.\r\nThree.,Үш.\r\n",
    );
    for verb in [
        &["--db", "tm.db", "import", "q.csv"][..],
        &["--db", "tm.db", "check", "--glossary", "g.csv", "q.csv"],
    ] {
        write(d.path(), "g.csv", "en,kk\nOne,Бір\n");
        fails_with(
            d.path(),
            verb,
            "q.csv:3: unterminated quote starting at line 3",
        );
    }
    // Rows keep their true line after CRLF line ends (the csv parser counts one short).
    write(
        d.path(),
        "m.tsv",
        "en\tkk\r\nOne.\tБір.\r\nTwo.\tЕкі.\textra\r\n",
    );
    fails_with(
        d.path(),
        &["--db", "tm.db", "import", "m.tsv"],
        "m.tsv:3: 3 column(s) where the header has 2",
    );
    assert_eq!(common::units_in(&d.path().join("tm.db")), 0);
}

#[test]
fn check_of_bad_xml_and_bad_batch_files_names_file_and_line_once() {
    let d = tempfile::tempdir().unwrap();
    let p = d.path();
    write(p, "g.csv", "en,kk\nAlmaty,Алматы\n");
    std::fs::write(
        p.join("bad.tmx"),
        b"<tmx version=\"1.4\"><header srclang=\"en\"/><body>\n\
          <tu><tuv xml:lang=\"en\"><seg>a\xff</seg></tuv></tu>\n</body></tmx>\n",
    )
    .unwrap();
    fails_with(
        p,
        &["--db", "tm.db", "check", "--glossary", "g.csv", "bad.tmx"],
        "bad.tmx:2:30: invalid UTF-8",
    );
    fails_with(
        p,
        &[
            "--db",
            "tm.db",
            "check",
            "--glossary",
            "g.csv",
            "missing.tmx",
        ],
        "missing.tmx: ",
    );
    std::fs::write(p.join("b.txt"), b"Fine line.\nBroken \xff line.\n").unwrap();
    fails_with(
        p,
        &["--db", "tm.db", "lookup", "--batch", "b.txt"],
        "b.txt:2: invalid UTF-8 at byte 8 of the line",
    );
    fails_with(
        p,
        &["--db", "tm.db", "lookup", "--batch", "missing.txt"],
        "missing.txt: ",
    );
}

#[test]
fn files_that_are_not_text_fail_on_their_first_line() {
    // Reading stops at the first bad chunk (see input::lines, input::records and
    // input::xml_input, whose unit tests feed a gigabyte of NUL bytes from memory); here
    // a few chunks' worth from disk.
    let d = tempfile::tempdir().unwrap();
    let zeros = vec![0u8; 300_000];
    for name in ["z.en.txt", "z.tsv", "z.csv", "z.tmx", "z.xlf"] {
        std::fs::write(d.path().join(name), &zeros).unwrap();
        let at = if name.ends_with("txt") || name.ends_with("sv") {
            format!("{name}:1: NUL byte")
        } else {
            format!("{name}:1:1: cannot read: a NUL byte")
        };
        fails_with(d.path(), &["--db", "tm.db", "import", name], &at);
    }
    std::fs::write(d.path().join("z.txt"), &zeros).unwrap();
    fails_with(
        d.path(),
        &["--db", "tm.db", "lookup", "--batch", "z.txt"],
        "z.txt:1: NUL byte at column 1",
    );
    assert_eq!(common::units_in(&d.path().join("tm.db")), 0);
}

#[test]
fn absurd_segments_are_refused_with_file_and_line_and_nothing_is_stored() {
    let d = tempfile::tempdir().unwrap();
    let p = d.path();
    let huge = "word ".repeat(220_000); // 1.1 MB without a full stop
    write(p, "r.en.txt", &format!("Title.\n\nFirst one. {huge}\n"));
    write(p, "t.tsv", &format!("en\tkk\nFine.\tЖақсы.\n{huge}\tx\n"));
    write(
        p,
        "m.tmx",
        &format!(
            "<tmx version=\"1.4\"><header srclang=\"en\"/><body>\n\
             <tu><tuv xml:lang=\"en\"><seg>Fine.</seg></tuv></tu>\n\
             <tu><tuv xml:lang=\"en\"><seg>{huge}</seg></tuv></tu>\n</body></tmx>\n"
        ),
    );
    write(p, "q.txt", &format!("Fine.\n{huge}\n"));
    for (args, message) in [
        (
            &["import", "r.en.txt"][..],
            "r.en.txt:3: a sentence of 1100010 bytes is over the limit of 1 MB",
        ),
        (
            &["import", "t.tsv"],
            "t.tsv:3: a cell (column 1) of 1100000 bytes",
        ),
        (
            &["import", "m.tmx"],
            "m.tmx:3:1: a segment (en) of 1099999 bytes",
        ),
        (
            &["lookup", "--batch", "q.txt", "--lines"],
            "q.txt:2: a line of 1099999 bytes",
        ),
        // Segmented into sentences (the default), the batch names the sentence's line.
        (
            &["lookup", "--batch", "r.en.txt"],
            "r.en.txt:3: a sentence of 1100010 bytes is over the limit of 1 MB",
        ),
    ] {
        let mut all = vec!["--db", "tm.db"];
        all.extend_from_slice(args);
        fails_with(p, &all, message);
    }
    assert_eq!(common::units_in(&p.join("tm.db")), 0);
}

/// A named pipe (`<(zcat tm.tsv.gz)`) cannot be read twice (recognised, then read): it is
/// refused at once, naming it, without opening it (so nothing waits for its writer).
#[cfg(unix)]
#[test]
fn a_named_pipe_is_refused_naming_it_instead_of_hanging() {
    let d = tempfile::tempdir().unwrap();
    let pipe = d.path().join("units.tsv");
    let made = std::process::Command::new("mkfifo")
        .arg(&pipe)
        .status()
        .expect("mkfifo runs");
    assert!(made.success());
    let glossary = common::root().join("glossary");
    for args in [
        vec!["import".to_string()],
        vec!["analyze".to_string()],
        vec![
            "check".to_string(),
            "--glossary".to_string(),
            glossary.display().to_string(),
        ],
    ] {
        tmkit_in(d.path())
            .args(["--db", "tm.db"])
            .args(&args)
            .arg(&pipe)
            .timeout(std::time::Duration::from_secs(60))
            .assert()
            .code(2)
            .stderr(predicate::str::contains("units.tsv: not a regular file"));
    }
    assert!(!d.path().join("tm.db").exists(), "nothing was created");
}
