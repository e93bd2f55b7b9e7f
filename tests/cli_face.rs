//! End-to-end tests of what a user meets before any TM work: `--help` examples on every
//! command, shell completions, manual pages, and the refusal of bad option values (language
//! codes, formats) by every command, exit 2, naming the option and the value.

use std::path::Path;
use std::process::Output;

mod common;
use common::tmkit;

fn run(args: &[&str]) -> Output {
    tmkit().args(args).output().expect("run tmkit")
}

fn stdout(args: &[&str]) -> String {
    let out = run(args);
    assert!(
        out.status.success(),
        "tmkit {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("UTF-8 output")
}

/// The commands listed in the "Commands:" section of a `--help` text (without `help`).
fn listed_commands(help: &str) -> Vec<String> {
    let mut names = Vec::new();
    let mut in_section = false;
    for line in help.lines() {
        if line.starts_with("Commands:") {
            in_section = true;
            continue;
        }
        if in_section {
            // Entries are indented two spaces; wrapped descriptions are indented further.
            let Some(entry) = line.strip_prefix("  ") else {
                break;
            };
            if entry.starts_with(' ') {
                continue;
            }
            let name = entry.split_whitespace().next().unwrap_or("");
            if !name.is_empty() && name != "help" {
                names.push(name.to_string());
            }
        }
    }
    names
}

/// Every command path below `tmkit` (`["segment"]`, `["glossary", "import"]`, …), found by
/// reading `--help` the way a user would.
fn command_tree() -> Vec<Vec<String>> {
    let mut found = Vec::new();
    let mut pending: Vec<Vec<String>> = vec![Vec::new()];
    while let Some(path) = pending.pop() {
        let mut args: Vec<&str> = path.iter().map(String::as_str).collect();
        args.push("--help");
        for name in listed_commands(&stdout(&args)) {
            let mut child = path.clone();
            child.push(name);
            pending.push(child.clone());
            found.push(child);
        }
    }
    found.sort();
    found
}

fn verbs() -> Vec<String> {
    listed_commands(&stdout(&["--help"]))
}

#[test]
fn the_command_tree_holds_every_verb_and_the_glossary_subverbs() {
    let tree = command_tree();
    for expected in [
        vec!["segment"],
        vec!["import"],
        vec!["lookup"],
        vec!["check"],
        vec!["completions"],
        vec!["man"],
        vec!["glossary", "import"],
        vec!["glossary", "suggest"],
    ] {
        assert!(
            tree.iter().any(|p| p == &expected),
            "{expected:?} missing from {tree:?}"
        );
    }
}

#[test]
fn every_command_and_subcommand_shows_examples_in_its_help() {
    let mut paths = command_tree();
    paths.push(Vec::new());
    let mut without = Vec::new();
    for path in &paths {
        let mut args: Vec<&str> = path.iter().map(String::as_str).collect();
        args.push("--help");
        let help = stdout(&args);
        let examples: Vec<&str> = help
            .split("\nExamples:\n")
            .nth(1)
            .map(|rest| {
                rest.lines()
                    .take_while(|l| !l.trim().is_empty())
                    .filter(|l| l.trim_start().starts_with("tmkit "))
                    .collect()
            })
            .unwrap_or_default();
        if examples.len() < 2 {
            without.push(format!("tmkit {}", path.join(" ")));
        }
    }
    assert!(
        without.is_empty(),
        "commands whose --help has no \"Examples:\" section with at least two examples: {without:?}"
    );
}

#[test]
fn each_shell_gets_a_completion_script_naming_every_verb() {
    let verbs = verbs();
    assert!(verbs.len() >= 12, "{verbs:?}");
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let script = stdout(&["completions", shell]);
        assert!(script.len() > 500, "{shell}: {} bytes", script.len());
        for verb in &verbs {
            assert!(
                script.contains(verb.as_str()),
                "{shell} script lacks {verb}"
            );
        }
    }
}

#[test]
fn completions_refuse_an_unknown_shell() {
    let out = run(&["completions", "tcsh"]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("invalid value 'tcsh' for '<SHELL>': unknown shell"),
        "{err}"
    );
    assert!(err.contains("bash, elvish, fish, powershell, zsh"), "{err}");
}

#[test]
fn the_bash_script_sources_and_completes_verbs_and_formats() {
    if std::process::Command::new("bash")
        .arg("--version")
        .output()
        .is_err()
    {
        eprintln!("skipped: no bash on this machine");
        return;
    }
    let dir = tempfile::tempdir().expect("tempdir");
    let script = dir.path().join("tmkit.bash");
    std::fs::write(&script, stdout(&["completions", "bash"])).expect("write script");
    let probe = r#"
        set -e
        source "$1"
        complete -p tmkit
        COMP_WORDS=(tmkit glo); COMP_CWORD=1; _tmkit tmkit glo tmkit
        echo "verbs: ${COMPREPLY[*]}"
        COMP_WORDS=(tmkit export --format ""); COMP_CWORD=3; _tmkit tmkit "" --format
        echo "formats: ${COMPREPLY[*]}"
    "#;
    let out = std::process::Command::new("bash")
        .args(["--norc", "--noprofile", "-c", probe, "probe"])
        .arg(&script)
        .output()
        .expect("run bash");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success() && out.stderr.is_empty(),
        "sourcing the bash script failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(text.contains("-F _tmkit tmkit"), "{text}");
    assert!(text.contains("verbs: glossary"), "{text}");
    assert!(
        text.contains("formats: tmx tsv csv json xliff xliff2"),
        "{text}"
    );
}

#[test]
fn the_man_page_is_roff_naming_every_verb() {
    let page = stdout(&["man"]);
    assert!(
        page.contains(".TH tmkit 1 "),
        "{}",
        &page[..200.min(page.len())]
    );
    for section in ["NAME", "SYNOPSIS", "OPTIONS", "SUBCOMMANDS", "EXAMPLES"] {
        assert!(page.contains(&format!(".SH {section}")), "no {section}");
    }
    for verb in verbs() {
        let reference = format!("tmkit\\-{}(1)", verb.replace('-', "\\-"));
        assert!(page.contains(&reference), "tmkit(1) does not name {verb}");
    }
}

#[test]
fn man_verb_prints_that_verbs_page_with_its_examples() {
    let page = stdout(&["man", "segment"]);
    assert!(page.contains(".TH tmkit-segment 1 "), "{page}");
    assert!(page.contains(".SH EXAMPLES"));
    assert!(page.contains("tmkit segment report.en.txt"));
    let page = stdout(&["man", "glossary", "import"]);
    assert!(page.contains(".TH tmkit-glossary-import 1 "), "{page}");
    let out = run(&["man", "frobnicate"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("frobnicate"));
}

#[test]
fn man_out_writes_one_page_per_command_for_packagers() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out_dir = dir.path().join("man");
    let out_str = out_dir.to_str().expect("UTF-8 path");
    stdout(&["man", "--out", out_str]);
    let mut expected = vec!["tmkit.1".to_string()];
    expected.extend(
        command_tree()
            .iter()
            .map(|p| format!("tmkit-{}.1", p.join("-"))),
    );
    expected.sort();
    let mut written: Vec<String> = std::fs::read_dir(&out_dir)
        .expect("man dir")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    written.sort();
    assert_eq!(written, expected);
    let page = std::fs::read_to_string(out_dir.join("tmkit-glossary-export.1")).expect("page");
    assert!(page.starts_with(".ie"), "{page}");
    assert!(page.contains(".TH tmkit-glossary-export 1 "));
}

#[test]
fn man_renders_the_page_without_warnings_where_man_is_installed() {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("tmkit.1");
    std::fs::write(&file, stdout(&["man"])).expect("write page");
    let Ok(out) = std::process::Command::new("man")
        .args(["--warnings", "-l"])
        .arg(&file)
        .env("MANPAGER", "cat")
        .env("MANWIDTH", "100")
        .env("MAN_KEEP_FORMATTING", "0")
        .output()
    else {
        eprintln!("skipped: no man on this machine");
        return;
    };
    // Without a terminal, man may embolden by overstriking: "N\x08N".
    let mut text = String::new();
    for c in String::from_utf8_lossy(&out.stdout).chars() {
        if c == '\u{8}' {
            text.pop();
        } else {
            text.push(c);
        }
    }
    assert!(
        out.status.success() && out.stderr.is_empty(),
        "man -l: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(text.contains("EXAMPLES"), "{text}");
    assert!(text.contains("tmkit-glossary(1)"), "{text}");
    let header = text.lines().next().unwrap_or("");
    assert!(header.contains("User Commands"), "{header}");
    let footer = text
        .lines()
        .rev()
        .find(|l| !l.trim().is_empty())
        .unwrap_or("");
    assert!(
        footer.contains(&format!("tmkit {}", env!("CARGO_PKG_VERSION"))),
        "{footer}"
    );
}

/// Runs `args` in a fresh directory with `--db` there; asserts exit 2, a message naming
/// `option` and `value`, and that no TM was created.
fn refused(args: &[&str], option: &str, value: &str) -> String {
    let dir = tempfile::tempdir().expect("tempdir");
    for f in ["r.en.txt", "r.kk.txt"] {
        std::fs::write(dir.path().join(f), "Police moved in.\n").expect("write");
    }
    let db = dir.path().join("tm.db");
    let out = tmkit()
        .current_dir(dir.path())
        .arg("--db")
        .arg(&db)
        .args(args)
        .output()
        .expect("run tmkit");
    let err = String::from_utf8_lossy(&out.stderr).into_owned();
    assert_eq!(out.status.code(), Some(2), "tmkit {args:?}: {err}");
    assert!(
        err.contains(&format!("'{option}")) && err.contains(&format!("'{value}'")),
        "tmkit {args:?} should name {option} and {value:?}: {err}"
    );
    assert!(!Path::new(&db).exists(), "tmkit {args:?} created the TM");
    err
}

#[test]
fn every_language_option_refuses_a_code_that_is_no_language() {
    let cases: &[(&[&str], &str, &str)] = &[
        (&["segment", "--lang", "kz"], "--lang", "kz"),
        (&["import", "r.en.txt", "--lang", "kz"], "--lang", "kz"),
        (
            &["import", "r.en.txt", "--target", "kz=r.kk.txt"],
            "--target",
            "kz=r.kk.txt",
        ),
        (&["add", "Hi.", "--src", "kz"], "--src", "kz"),
        (
            &["add", "Hi.", "--target", "kz=Сәлем."],
            "--target",
            "kz=Сәлем.",
        ),
        (&["lookup", "--src", "kz", "Police."], "--src", "kz"),
        (&["lookup", "--tgt", "kk,kz", "Police."], "--tgt", "kz"),
        (&["concordance", "--lang", "kz", "police"], "--lang", "kz"),
        (&["analyze", "--lang", "kz", "r.en.txt"], "--lang", "kz"),
        (&["export", "--src", "kz"], "--src", "kz"),
        (&["export", "--tgt", "kz"], "--tgt", "kz"),
        (&["check", "--lang", "kz"], "--lang", "kz"),
        (&["check", "--source-lang", "kz"], "--source-lang", "kz"),
        (
            &["glossary", "import", "t.tbx", "--source-lang", "kz"],
            "--source-lang",
            "kz",
        ),
        (
            &["glossary", "export", "--source-lang", "kz"],
            "--source-lang",
            "kz",
        ),
        (
            &["glossary", "suggest", "--source-lang", "kz"],
            "--source-lang",
            "kz",
        ),
    ];
    for (args, option, value) in cases {
        let err = refused(args, option, value);
        assert!(
            err.contains("unknown language 'kz' (did you mean kk?)"),
            "{err}"
        );
    }
}

#[test]
fn language_options_refuse_empty_and_malformed_tags() {
    let err = refused(&["segment", "--lang", ""], "--lang", "");
    assert!(err.contains("empty language tag"), "{err}");
    let err = refused(&["lookup", "--tgt", "kk,", "Police."], "--tgt", "");
    assert!(err.contains("empty language tag"), "{err}");
    let err = refused(&["export", "--tgt", "en_US.UTF-8"], "--tgt", "en_US.UTF-8");
    assert!(err.contains("invalid language tag"), "{err}");
    let err = refused(&["check", "--lang", "kk--KZ"], "--lang", "kk--KZ");
    assert!(err.contains("invalid language tag"), "{err}");
    let err = refused(
        &["import", "r.en.txt", "--target", "r.kk.txt"],
        "--target",
        "r.kk.txt",
    );
    assert!(err.contains("expected LANG=FILE"), "{err}");
}

#[test]
fn language_options_take_any_spelling_of_a_known_code_and_store_the_canonical_tag() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("tm.db");
    let db = db.to_str().expect("UTF-8 path");
    std::fs::write(dir.path().join("r.en.txt"), "Police moved in.\n").expect("write");
    std::fs::write(dir.path().join("r.kk.txt"), "Полиция кірді.\n").expect("write");
    let report = dir.path().join("r.en.txt");
    let target = format!("KAZ={}", dir.path().join("r.kk.txt").display());
    stdout(&[
        "--db",
        db,
        "import",
        report.to_str().expect("UTF-8 path"),
        "--lang",
        "eng",
        "--target",
        &target,
    ]);
    stdout(&[
        "--db",
        db,
        "add",
        "Tents stayed.",
        "--src",
        "EN",
        "--target",
        "rus=Палатки остались.",
    ]);
    let stats: serde_json::Value =
        serde_json::from_str(&stdout(&["--db", db, "stats", "--json"])).expect("stats JSON");
    let langs = stats.to_string();
    assert!(
        langs.contains("\"kk\"") && langs.contains("\"ru\""),
        "{langs}"
    );
    assert!(!langs.contains("kaz") && !langs.contains("rus"), "{langs}");
    let found = stdout(&[
        "--db",
        db,
        "lookup",
        "--src",
        "en",
        "--tgt",
        "kaz",
        "Police moved in.",
    ]);
    assert!(found.contains("Полиция кірді."), "{found}");
    let sentences = tmkit()
        .args(["segment", "--lang", "ru_RU"])
        .write_stdin("Привет. Пока.")
        .output()
        .expect("segment");
    assert_eq!(
        String::from_utf8_lossy(&sentences.stdout),
        "Привет.\nПока.\n"
    );
}

#[test]
fn every_format_option_is_a_closed_choice_listing_its_values() {
    for (args, values) in [
        (
            &["export", "--format", "docx"][..],
            "unknown export format\n  [possible values: tmx, tsv, csv, json, xliff, xliff2]",
        ),
        (
            &["check", "--format", "xml"][..],
            "unknown report format\n  [possible values: text, json, junit, sarif, github, gitlab]",
        ),
        (
            &["glossary", "export", "--format", "pdf"][..],
            "unknown glossary format\n  [possible values: tbx, csv]",
        ),
        (
            &["import", "x.tmx", "--format", "docx"][..],
            "unknown input format\n  [possible values: auto, text, tsv, csv, tmx, xliff]",
        ),
    ] {
        let value = args[args.len() - 1];
        let err = refused(args, "--format", value);
        assert!(err.contains(values), "tmkit {args:?}: {err}");
    }
}

#[test]
fn json_output_into_a_closed_pipe_ends_quietly() {
    use std::io::{Read, Write};
    use std::process::Stdio;
    // More output than a pipe holds, so the writer meets the closed end.
    let text = "Police moved in. Tents stayed.\n".repeat(20_000);
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("tmkit"))
        .args(["segment", "--json"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn tmkit");
    let mut stdin = child.stdin.take().expect("stdin");
    stdin.write_all(text.as_bytes()).expect("write input");
    drop(stdin);
    let mut first = [0u8; 16];
    child
        .stdout
        .take()
        .expect("stdout")
        .read_exact(&mut first)
        .expect("read the start");
    let out = child.wait_with_output().expect("wait");
    assert_eq!(
        (
            out.status.code(),
            String::from_utf8_lossy(&out.stderr).as_ref()
        ),
        (Some(0), "")
    );
}
