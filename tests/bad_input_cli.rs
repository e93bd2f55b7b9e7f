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
