//! What files say about themselves is read: the encoding an XML declaration names (TMX,
//! XLIFF, TBX), `--encoding` for text inputs (reports, tables, batch files, `segment`), and
//! what a file is from its content rather than its extension.

mod common;

use common::{stats_of, tmkit, tmkit_db, units_in, write};
use predicates::prelude::*;

fn cp1251(s: &str) -> Vec<u8> {
    // Windows-1251 for the Cyrillic letters used below; ASCII as it is.
    s.chars()
        .map(|c| match c {
            'А'..='я' => (c as u32 - 'А' as u32 + 0xC0) as u8,
            'ё' => 0xB8,
            c if c.is_ascii() => c as u8,
            other => panic!("{other} is not in the test's windows-1251 table"),
        })
        .collect()
}

fn write_bytes(dir: &std::path::Path, name: &str, bytes: &[u8]) -> std::path::PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, bytes).unwrap();
    p
}

const RU: &str = "Суд вынес решение.";

#[test]
fn tmx_xliff_and_tbx_in_a_declared_legacy_encoding_are_read() {
    let d = tempfile::tempdir().unwrap();
    let db = d.path().join("tm.db");
    let tmx = format!(
        "<?xml version=\"1.0\" encoding=\"windows-1251\"?>\n<tmx version=\"1.4\"><header creationtool=\"t\" \
         creationtoolversion=\"1\" datatype=\"plaintext\" segtype=\"sentence\" adminlang=\"en\" \
         srclang=\"en\" o-tmf=\"t\"/><body>\n<tu><tuv xml:lang=\"en\"><seg>The court ruled.</seg></tuv>\
         <tuv xml:lang=\"ru\"><seg>{RU}</seg></tuv></tu>\n</body></tmx>\n"
    );
    let m = write_bytes(d.path(), "m.tmx", &cp1251(&tmx));
    tmkit_db(&db).arg("import").arg(&m).assert().code(0);
    let xlf = "<?xml version=\"1.0\" encoding=\"cp1251\"?>\n<xliff version=\"1.2\"><file original=\"r\" \
         source-language=\"en\" target-language=\"ru\" datatype=\"plaintext\"><body>\n<trans-unit id=\"1\">\
         <source>Police came.</source><target state=\"translated\">Полиция пришла.</target></trans-unit>\n\
         </body></file></xliff>\n";
    let j = write_bytes(d.path(), "j.xlf", &cp1251(xlf));
    tmkit_db(&db).arg("import").arg(&j).assert().code(0);
    let out = tmkit_db(&db)
        .args(["export", "--format", "tsv", "--tgt", "ru"])
        .output()
        .unwrap();
    let tsv = String::from_utf8(out.stdout).unwrap();
    assert!(tsv.contains(&format!("The court ruled.\t{RU}\n")), "{tsv}");
    assert!(tsv.contains("Police came.\tПолиция пришла.\n"), "{tsv}");
    let tbx =
        "<?xml version=\"1.0\" encoding=\"windows-1251\"?>\n<martif type=\"TBX\"><text><body>\n\
               <termEntry id=\"1\"><langSet xml:lang=\"en\"><tig><term>court</term></tig></langSet>\
               <langSet xml:lang=\"ru-RU\"><tig><term>суд</term></tig></langSet></termEntry>\n\
               </body></text></martif>\n";
    let g = write_bytes(d.path(), "g.tbx", &cp1251(tbx));
    let csv = d.path().join("g.csv");
    tmkit()
        .args(["glossary", "import"])
        .arg(&g)
        .arg("-o")
        .arg(&csv)
        .assert()
        .code(0);
    assert_eq!(
        std::fs::read_to_string(&csv)
            .unwrap()
            .lines()
            .collect::<Vec<_>>(),
        ["en,ru,note", "court,суд,"]
    );
}

#[test]
fn an_unknown_declared_encoding_or_bytes_invalid_in_it_are_refused_and_nothing_stored() {
    let d = tempfile::tempdir().unwrap();
    let db = d.path().join("tm.db");
    let head = "<tmx version=\"1.4\"><header creationtool=\"t\" creationtoolversion=\"1\" \
        datatype=\"plaintext\" segtype=\"sentence\" adminlang=\"en\" srclang=\"en\" o-tmf=\"t\"/><body>\n\
        <tu><tuv xml:lang=\"en\"><seg>Fine.</seg></tuv></tu>\n";
    let unknown = write(
        d.path(),
        "u.tmx",
        &format!("<?xml version=\"1.0\" encoding=\"x-mac-klingon\"?>\n{head}</body></tmx>\n"),
    );
    tmkit_db(&db)
        .arg("import")
        .arg(&unknown)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("u.tmx: "))
        .stderr(predicate::str::contains("\"x-mac-klingon\""));
    // 0xA5 is no character of ISO-8859-3.
    let mut bad = format!("<?xml version=\"1.0\" encoding=\"ISO-8859-3\"?>\n{head}").into_bytes();
    bad.extend_from_slice(
        b"<tu><tuv xml:lang=\"en\"><seg>Bad \xA5.</seg></tuv></tu>\n</body></tmx>\n",
    );
    let b = write_bytes(d.path(), "b.tmx", &bad);
    tmkit_db(&db)
        .arg("import")
        .arg(&b)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("b.tmx:4:"))
        .stderr(predicate::str::contains("not valid ISO-8859-3"));
    assert_eq!(units_in(&db), 0);
}

#[test]
fn encoding_option_reads_legacy_reports_tables_and_batches() {
    let d = tempfile::tempdir().unwrap();
    let db = d.path().join("tm.db");
    write(d.path(), "r.en.txt", "The court ruled. Police came.\n");
    write_bytes(
        d.path(),
        "r.ru.txt",
        &cp1251("Суд вынес решение. Полиция пришла.\n"),
    );
    // Without --encoding, windows-1251 is not UTF-8: refused naming the line.
    tmkit_db(&db)
        .current_dir(d.path())
        .args(["import", "r.en.txt", "--target", "ru=r.ru.txt"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("r.ru.txt:1: invalid UTF-8"));
    assert_eq!(units_in(&db), 0);
    tmkit_db(&db)
        .current_dir(d.path())
        .args(["import", "r.en.txt", "--target", "ru=r.ru.txt"])
        .args(["--encoding", "windows-1251"])
        .assert()
        .code(0);
    let t = write_bytes(
        d.path(),
        "t.tsv",
        &cp1251("en\tru\nThe tent was removed.\tПалатку убрали.\n"),
    );
    tmkit_db(&db)
        .arg("import")
        .arg(&t)
        .args(["--encoding", "CP1251"])
        .assert()
        .code(0);
    assert_eq!(stats_of(&db)["languages"]["ru"], 3);
    let out = tmkit_db(&db)
        .args(["export", "--format", "tsv", "--tgt", "ru"])
        .output()
        .unwrap();
    let tsv = String::from_utf8(out.stdout).unwrap();
    assert!(tsv.contains("Police came.\tПолиция пришла.\n"), "{tsv}");
    assert!(
        tsv.contains("The tent was removed.\tПалатку убрали.\n"),
        "{tsv}"
    );
    // A batch of Russian queries, and segment.
    let batch = write_bytes(d.path(), "q.txt", &cp1251("Полиция пришла.\n"));
    tmkit_db(&db)
        .args([
            "lookup",
            "--src",
            "ru",
            "--tgt",
            "en",
            "--encoding",
            "koi8-u",
        ])
        .arg("--batch")
        .arg(&batch)
        .assert()
        .code(0)
        .stdout(predicate::str::contains("no match"));
    let segmented = tmkit()
        .args(["segment", "--lang", "ru", "--encoding", "windows-1251"])
        .arg(d.path().join("r.ru.txt"))
        .output()
        .unwrap();
    assert_eq!(
        String::from_utf8(segmented.stdout).unwrap(),
        "Суд вынес решение.\nПолиция пришла.\n"
    );
    // check reads the same way.
    write(d.path(), "g.csv", "en,ru\ncourt,суд\n");
    tmkit()
        .current_dir(d.path())
        .args([
            "check",
            "--glossary",
            "g.csv",
            "--encoding",
            "windows-1251",
            "r.en.txt",
        ])
        .assert()
        .code(0);
}

#[test]
fn an_unknown_encoding_label_or_text_invalid_in_it_is_refused_naming_it() {
    let d = tempfile::tempdir().unwrap();
    let db = d.path().join("tm.db");
    let r = write(d.path(), "r.en.txt", "Fine.\n");
    for args in [
        vec!["import", r.to_str().unwrap(), "--encoding", "cp-9999"],
        vec!["segment", r.to_str().unwrap(), "--encoding", "cp-9999"],
        vec!["check", r.to_str().unwrap(), "--encoding", "cp-9999"],
        vec![
            "lookup",
            "--batch",
            r.to_str().unwrap(),
            "--encoding",
            "cp-9999",
        ],
    ] {
        tmkit_db(&db)
            .args(&args)
            .assert()
            .code(2)
            .stderr(predicate::str::contains("unknown encoding 'cp-9999'"));
    }
    let bad = write_bytes(d.path(), "b.en.txt", b"Fine.\n\nBad \xA5 byte.\n");
    tmkit_db(&db)
        .arg("import")
        .arg(&bad)
        .args(["--encoding", "iso-8859-3"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("b.en.txt:3: invalid ISO-8859-3"));
    assert_eq!(units_in(&db), 0);
}

#[test]
fn files_are_recognised_by_their_content_not_only_their_extension() {
    let d = tempfile::tempdir().unwrap();
    let db = d.path().join("tm.db");
    let tmx = "<?xml version=\"1.0\"?>\n<tmx version=\"1.4\"><header creationtool=\"t\" creationtoolversion=\"1\" \
        datatype=\"plaintext\" segtype=\"sentence\" adminlang=\"en\" srclang=\"en\" o-tmf=\"t\"/><body>\n\
        <tu><tuv xml:lang=\"en\"><seg>Saved as text.</seg></tuv><tuv xml:lang=\"kk\"><seg>Мәтін ретінде сақталды.</seg></tuv></tu>\n\
        </body></tmx>\n";
    let xlf2 = "<xliff xmlns=\"urn:oasis:names:tc:xliff:document:2.0\" version=\"2.0\" srcLang=\"en\" trgLang=\"kk\">\n\
        <file id=\"f\"><unit id=\"u\"><segment state=\"final\"><source>A second job.</source>\
        <target>Екінші тапсырма.</target></segment></unit></file></xliff>\n";
    for (name, text) in [
        ("memory.en.txt", tmx),
        ("memory.xml", tmx),
        ("job.xliff2", xlf2),
        ("job.bak", xlf2),
    ] {
        let p = write(d.path(), name, text);
        tmkit_db(&db).arg("import").arg(&p).assert().code(0);
    }
    assert_eq!(units_in(&db), 2);
    // A folder picks up XML files by their content too.
    let dir = d.path().join("in");
    std::fs::create_dir(&dir).unwrap();
    write(
        &dir,
        "exported.xml",
        &tmx.replace("Saved as text.", "Found in a folder."),
    );
    write(&dir, "notes.xml", "<?xml version=\"1.0\"?><notes/>");
    tmkit_db(&db).arg("import").arg(&dir).assert().code(0);
    assert_eq!(units_in(&db), 3);
    // XML that is neither TMX nor XLIFF is never read as a report.
    let tbx = write(
        d.path(),
        "terms.en.txt",
        "<?xml version=\"1.0\"?>\n<martif type=\"TBX\"><text><body/></text></martif>\n",
    );
    tmkit_db(&db)
        .arg("import")
        .arg(&tbx)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("a TBX glossary"));
    let other = write(
        d.path(),
        "page.en.txt",
        "<?xml version=\"1.0\"?>\n<html><p>Hi.</p></html>\n",
    );
    tmkit_db(&db)
        .arg("import")
        .arg(&other)
        .args(["--lang", "en"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("whose root element is <html>"));
    assert_eq!(units_in(&db), 3);
}
