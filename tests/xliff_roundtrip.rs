//! XLIFF jobs: a report exported as XLIFF 1.2/2.0 pre-filled from the TM, validated against
//! the OASIS schemas (when xmllint and ../shared are present; failing under CI without
//! them), translated, imported back.

mod common;

use std::path::{Path, PathBuf};

use common::external::Xmllint;
use common::tm::{tm_file, unit};
use common::tmkit_db;
use predicates::prelude::*;
use tmkit::import::Plan;
use tmkit::input::NoProgress;
use tmkit::store::{Store, UnitInput, VariantInput};

const REPORT: &str =
    "The court adjourned. Protesters gathered outside.\n\nRain is expected tomorrow.\n";

fn make_tm(path: &Path) {
    tm_file(
        path,
        [unit(
            "The court adjourned.",
            &[("kk", "Сот үзіліс жариялады.")],
        )],
    );
}

/// Validates an XLIFF file against one of the shared XML schemas.
fn validate(schema: &str, file: &Path) {
    if let Some(xmllint) = Xmllint::find() {
        xmllint.assert_schema_valid(schema, file);
    }
}

/// Validates a TMX file against the shared TMX 1.4b DTD.
fn validate_tmx(file: &Path) {
    if let Some(xmllint) = Xmllint::find() {
        xmllint.assert_dtd_valid("tmx14.dtd", file);
    }
}

fn job(format: &str) -> (tempfile::TempDir, PathBuf, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("tm.db");
    make_tm(&db);
    let report = dir.path().join("report.en.txt");
    std::fs::write(&report, REPORT).unwrap();
    let xlf = dir.path().join("report.kk.xlf");
    tmkit_db(&db)
        .args(["export", "--format", format, "--tgt", "kk"])
        .arg(&report)
        .arg("-o")
        .arg(&xlf)
        .assert()
        .success()
        .stderr(predicate::str::contains(
            "3 segments: 1 exact, 0 fuzzy, 2 new",
        ));
    (dir, db, xlf)
}

fn import(db: &Path, xlf: &Path) -> tmkit::import::Summary {
    let mut s = Store::open(db).unwrap();
    let inputs = [xlf.to_path_buf()];
    tmkit::import::run(&mut s, "t", &inputs, &Plan::default(), &mut NoProgress).unwrap()
}

fn kk_of(db: &Path, src: &str) -> Option<String> {
    let s = Store::open(db).unwrap();
    let id = s.find_unit("en", src).unwrap()?;
    s.unit(id).unwrap()?.variant("kk").map(|v| v.text.clone())
}

#[test]
fn xliff12_job_prefilled_valid_and_imported_back() {
    let (_dir, db, xlf) = job("xliff");
    let t = std::fs::read_to_string(&xlf).unwrap();
    assert!(t.contains("<target state=\"translated\" state-qualifier=\"exact-match\">Сот үзіліс жариялады.</target>"));
    assert!(t.contains("<source>Protesters gathered outside.</source>"));
    assert!(t.contains("id=\"p2s1\""));
    validate("xliff-core-1.2-strict.xsd", &xlf);
    // The translator fills in one of the two new segments.
    let done = t.replacen(
        "<source>Rain is expected tomorrow.</source>\n",
        "<source>Rain is expected tomorrow.</source>\n        <target state=\"translated\">Ертең жаңбыр күтіледі.</target>\n",
        1,
    );
    std::fs::write(&xlf, done).unwrap();
    validate("xliff-core-1.2-strict.xsd", &xlf);
    let sum = import(&db, &xlf);
    assert_eq!((sum.added, sum.unchanged), (1, 1));
    assert_eq!(
        kk_of(&db, "Rain is expected tomorrow.").as_deref(),
        Some("Ертең жаңбыр күтіледі.")
    );
    assert_eq!(kk_of(&db, "Protesters gathered outside."), None);
}

#[test]
fn xliff20_job_valid_and_imported_back() {
    let (_dir, db, xlf) = job("xliff2");
    let t = std::fs::read_to_string(&xlf).unwrap();
    assert!(t.contains("srcLang=\"en\" trgLang=\"kk\""));
    validate("xliff_core_2.0.xsd", &xlf);
    let done = t.replacen(
        "<segment id=\"s1\" state=\"initial\">\n        <source>Rain is expected tomorrow.</source>\n",
        "<segment id=\"s1\" state=\"translated\">\n        <source>Rain is expected tomorrow.</source>\n        <target>Ертең жаңбыр күтіледі.</target>\n",
        1,
    );
    std::fs::write(&xlf, done).unwrap();
    validate("xliff_core_2.0.xsd", &xlf);
    let sum = import(&db, &xlf);
    assert_eq!(sum.added, 1);
    assert_eq!(
        kk_of(&db, "Rain is expected tomorrow.").as_deref(),
        Some("Ертең жаңбыр күтіледі.")
    );
}

#[test]
fn xliff_export_needs_one_target_and_a_report() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("tm.db");
    make_tm(&db);
    tmkit_db(&db)
        .args(["export", "--format", "xliff", "--tgt", "kk"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("needs the report"));
    tmkit_db(&db)
        .args(["export", "--format", "xliff", "--tgt", "kk,ru", "x.txt"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("exactly one target"));
}

#[test]
fn malformed_xliff_is_refused_with_a_position() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("bad.xlf");
    std::fs::write(&p, "<xliff version=\"1.2\">\n<file original=\"x\" source-language=\"en\" target-language=\"kk\" datatype=\"plaintext\"><body>\n<trans-unit id=\"1\"><source>a</target></trans-unit></body></file></xliff>").unwrap();
    let mut s = Store::open_in_memory().unwrap();
    let e = tmkit::import::run(&mut s, "t", &[p], &Plan::default(), &mut NoProgress).unwrap_err();
    assert!(e.to_string().contains("bad.xlf:3:"), "{e}");
    assert_eq!(s.stats().unwrap().units, 0);
}

#[test]
fn fuzzy_matches_prefill_the_job_for_review_with_their_percentage() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("tm.db");
    tm_file(
        &db,
        [unit(
            "Police in Almaty dismantled the tent of the protesters on Tuesday.",
            &[(
                "kk",
                "Алматы полициясы сейсенбіде наразылардың шатырын бұзды.",
            )],
        )],
    );
    let report = dir.path().join("new.en.txt");
    std::fs::write(
        &report,
        "Police in Almaty dismantled the tent of the protesters on Monday.\n",
    )
    .unwrap();
    let xlf = dir.path().join("new.kk.xlf");
    tmkit_db(&db)
        .args(["export", "--format", "xliff", "--tgt", "kk"])
        .arg(&report)
        .arg("-o")
        .arg(&xlf)
        .assert()
        .success()
        .stderr(predicate::str::contains("1 fuzzy"));
    let text = std::fs::read_to_string(&xlf).unwrap();
    assert!(
        text.contains("state=\"needs-review-translation\""),
        "{text}"
    );
    assert!(text.contains("match-quality=\"90\""), "{text}");
    assert!(text.contains("Алматы полициясы сейсенбіде"), "{text}");
    validate("xliff-core-1.2-strict.xsd", &xlf);
}

fn unit_of(db: &Path, src: &str) -> tmkit::store::Unit {
    let s = Store::open(db).unwrap();
    let id = s.find_unit("en", src).unwrap().expect("unit stored");
    s.unit(id).unwrap().unwrap()
}

const CODED_12: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">
  <file original="page.html" source-language="en" target-language="kk" datatype="html">
    <body>
      <trans-unit id="1">
        <source>Read <g id="1" ctype="bold">the report</g><x id="2" ctype="lb"/> on <bpt id="3">&lt;a href="/kz"&gt;</bpt>our site<ept id="3">&lt;/a&gt;</ept>.</source>
        <target state="translated">Есепті <g id="1" ctype="bold">оқыңыз</g><x id="2" ctype="lb"/> <bpt id="3">&lt;a href="/kz"&gt;</bpt>сайтымызда<ept id="3">&lt;/a&gt;</ept>.</target>
      </trans-unit>
      <trans-unit id="2">
        <source>Plain <mrk mtype="term">text</mrk>.</source>
        <target state="final">Қарапайым <mrk mtype="term">мәтін</mrk>.</target>
      </trans-unit>
    </body>
  </file>
</xliff>
"#;

const CODED_20: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<xliff version="2.0" xmlns="urn:oasis:names:tc:xliff:document:2.0" srcLang="en" trgLang="ru">
  <file id="f1" original="page.html">
    <unit id="u1">
      <originalData>
        <data id="d1">&lt;b&gt;</data>
        <data id="d2">&lt;/b&gt;</data>
        <data id="d3">&lt;br/&gt;</data>
      </originalData>
      <segment state="translated">
        <source>Read <pc id="1" dataRefStart="d1" dataRefEnd="d2" type="fmt" subType="xlf:b">the report</pc><ph id="2" dataRef="d3"/> on <sc id="3" type="link"/>our site<ec startRef="3"/>.</source>
        <target>Прочтите <pc id="1" dataRefStart="d1" dataRefEnd="d2" type="fmt" subType="xlf:b">доклад</pc><ph id="2" dataRef="d3"/> на <sc id="3" type="link"/>нашем сайте<ec startRef="3"/>.</target>
      </segment>
    </unit>
  </file>
</xliff>
"#;

#[test]
fn xliff12_inline_codes_are_kept_and_exported_as_valid_tmx() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("tm.db");
    let xlf = dir.path().join("page.kk.xlf");
    std::fs::write(&xlf, CODED_12).unwrap();
    validate("xliff-core-1.2-strict.xsd", &xlf);
    tmkit_db(&db).arg("import").arg(&xlf).assert().success();
    let u = unit_of(&db, "Read the report on our site.");
    assert_eq!(
        u.source_markup.as_deref(),
        Some(
            "Read <bpt i=\"1\" x=\"1\" type=\"bold\"/>the report<ept i=\"1\"/><ph x=\"2\" type=\"lb\"/> on \
             <bpt i=\"2\" x=\"3\">&lt;a href=&quot;/kz&quot;&gt;</bpt>our site<ept i=\"2\">&lt;/a&gt;</ept>."
        )
    );
    let kk = u.variant("kk").unwrap();
    assert_eq!(kk.text, "Есепті оқыңыз сайтымызда.");
    assert!(
        kk.markup.as_deref().unwrap().starts_with(
            "Есепті <bpt i=\"1\" x=\"1\" type=\"bold\"/>оқыңыз<ept i=\"1\"/><ph x=\"2\" type=\"lb\"/> "
        ),
        "{kk:?}"
    );
    let plain = unit_of(&db, "Plain text.");
    assert_eq!(
        plain.source_markup.as_deref(),
        Some("Plain <hi type=\"term\">text</hi>.")
    );

    let tmx = dir.path().join("tm.tmx");
    tmkit_db(&db)
        .args(["export", "--format", "tmx", "--tgt", "kk", "-o"])
        .arg(&tmx)
        .assert()
        .success();
    let t = std::fs::read_to_string(&tmx).unwrap();
    assert!(
        t.contains("<seg>Есепті <bpt i=\"1\" x=\"1\" type=\"bold\"/>оқыңыз<ept i=\"1\"/>"),
        "{t}"
    );
    assert!(t.contains("<bpt i=\"2\" x=\"3\">&lt;a href=&quot;/kz&quot;&gt;</bpt>our site"));
    assert!(t.contains("<seg>Қарапайым <hi type=\"term\">мәтін</hi>.</seg>"));
    validate_tmx(&tmx);
}

#[test]
fn xliff20_inline_codes_are_kept_and_exported_as_valid_tmx() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("tm.db");
    let xlf = dir.path().join("page.ru.xlf");
    std::fs::write(&xlf, CODED_20).unwrap();
    validate("xliff_core_2.0.xsd", &xlf);
    tmkit_db(&db).arg("import").arg(&xlf).assert().success();
    let u = unit_of(&db, "Read the report on our site.");
    assert_eq!(
        u.source_markup.as_deref(),
        Some(
            "Read <bpt i=\"1\" x=\"1\" type=\"bold\">&lt;b&gt;</bpt>the report<ept i=\"1\">&lt;/b&gt;</ept>\
             <ph x=\"2\">&lt;br/&gt;</ph> on <bpt i=\"2\" x=\"3\" type=\"link\"/>our site<ept i=\"2\"/>."
        )
    );
    let ru = u.variant("ru").unwrap();
    assert_eq!(ru.text, "Прочтите доклад на нашем сайте.");
    assert_eq!(
        ru.markup.as_deref(),
        Some(
            "Прочтите <bpt i=\"1\" x=\"1\" type=\"bold\">&lt;b&gt;</bpt>доклад<ept i=\"1\">&lt;/b&gt;</ept>\
             <ph x=\"2\">&lt;br/&gt;</ph> на <bpt i=\"2\" x=\"3\" type=\"link\"/>нашем сайте<ept i=\"2\"/>."
        )
    );
    let tmx = dir.path().join("tm.tmx");
    tmkit_db(&db)
        .args(["export", "--format", "tmx", "--tgt", "ru", "-o"])
        .arg(&tmx)
        .assert()
        .success();
    let t = std::fs::read_to_string(&tmx).unwrap();
    assert!(
        t.contains("<bpt i=\"1\" x=\"1\" type=\"bold\">&lt;b&gt;</bpt>доклад"),
        "{t}"
    );
    validate_tmx(&tmx);
}

/// A TM whose translations carry codes: an exact match for "The court adjourned." and a
/// fuzzy one for a sentence about the tent, both with codes in source and target, some of
/// them awkward (an isolated code, a stray end code, a sub-flow, a highlight).
fn coded_tm(path: &Path) {
    let court = UnitInput {
        src_lang: "en".into(),
        source: "The court adjourned.".into(),
        source_markup: Some(
            "The <bpt i=\"1\" x=\"1\" type=\"bold\">&lt;b&gt;</bpt>court<ept i=\"1\">&lt;/b&gt;</ept> adjourned."
                .into(),
        ),
        targets: vec![VariantInput {
            lang: "kk".into(),
            text: "Сот үзіліс жариялады ok.".into(),
            markup: Some(
                "Сот <bpt i=\"1\" x=\"1\" type=\"bold\">&lt;b&gt;</bpt>үзіліс<ept i=\"1\">&lt;/b&gt;</ept> \
                 жариялады<ph x=\"2\" type=\"lb\">&lt;br/&gt;</ph> <it pos=\"begin\" x=\"3\">&lt;i&gt;</it>\
                 <hi type=\"term\">ok</hi><ept i=\"7\"/><ph>&lt;img alt=\"<sub>alt</sub>\"&gt;</ph>."
                    .into(),
            ),
            ..Default::default()
        }],
        ..Default::default()
    };
    let tent = UnitInput {
        src_lang: "en".into(),
        source: "Police in Almaty dismantled the tent of the protesters on Tuesday.".into(),
        source_markup: Some(
            "<bpt i=\"1\" x=\"1\">&lt;b&gt;</bpt>Police<ept i=\"1\">&lt;/b&gt;</ept> in Almaty dismantled \
             the tent of the protesters on Tuesday.<ph x=\"2\"/>"
                .into(),
        ),
        targets: vec![VariantInput {
            lang: "kk".into(),
            text: "Алматы полициясы сейсенбіде наразылардың шатырын бұзды.".into(),
            markup: Some(
                "Алматы <bpt i=\"1\" x=\"1\">&lt;b&gt;</bpt>полициясы<ept i=\"1\">&lt;/b&gt;</ept> \
                 сейсенбіде наразылардың шатырын бұзды.<ph x=\"2\"/>"
                    .into(),
            ),
            ..Default::default()
        }],
        ..Default::default()
    };
    tm_file(path, [court, tent]);
}

fn coded_job(format: &str) -> (tempfile::TempDir, PathBuf, String) {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("tm.db");
    coded_tm(&db);
    let report = dir.path().join("report.en.txt");
    std::fs::write(
        &report,
        "The court adjourned.\n\nPolice in Almaty dismantled the tent of the protesters on Monday.\n",
    )
    .unwrap();
    let xlf = dir.path().join("report.kk.xlf");
    tmkit_db(&db)
        .args(["export", "--format", format, "--tgt", "kk"])
        .arg(&report)
        .arg("-o")
        .arg(&xlf)
        .assert()
        .success()
        // The report's sentences are plain and the stored sources have codes: both are
        // fuzzy matches (the court's 99%: the tag penalty).
        .stderr(predicate::str::contains(
            "2 segments: 0 exact, 2 fuzzy, 0 new",
        ));
    let text = std::fs::read_to_string(&xlf).unwrap();
    (dir, db, text)
}

#[test]
fn xliff12_job_with_coded_matches_is_schema_valid_and_keeps_the_codes() {
    let (dir, db, t) = coded_job("xliff");
    let xlf = dir.path().join("report.kk.xlf");
    validate("xliff-core-1.2-strict.xsd", &xlf);
    // The report's source stays plain; the matches' codes are in the targets.
    assert!(t.contains("<source>The court adjourned.</source>"), "{t}");
    assert!(
        t.contains(
            "<target state=\"needs-review-translation\" state-qualifier=\"fuzzy-match\">Сот <bpt id=\"1\" ctype=\"bold\">&lt;b&gt;</bpt>үзіліс<ept id=\"1\">&lt;/b&gt;</ept> жариялады<ph id=\"2\" ctype=\"lb\">&lt;br/&gt;</ph> <it id=\"3\" pos=\"open\">&lt;i&gt;</it><mrk mtype=\"term\">ok</mrk>"
        ),
        "{t}"
    );
    // The fuzzy match's TM source is shown with its codes too.
    assert!(
        t.contains(
            "<source><bpt id=\"1\">&lt;b&gt;</bpt>Police<ept id=\"1\">&lt;/b&gt;</ept> in Almaty"
        ),
        "{t}"
    );
    // The translator edits the fuzzy match, keeping the codes; the codes come back into the TM.
    let done = t.replacen(
        "<target state=\"needs-review-translation\" state-qualifier=\"fuzzy-match\">Алматы <bpt id=\"1\">&lt;b&gt;</bpt>полициясы<ept id=\"1\">&lt;/b&gt;</ept> сейсенбіде",
        "<target state=\"translated\">Алматы <bpt id=\"1\">&lt;b&gt;</bpt>полициясы<ept id=\"1\">&lt;/b&gt;</ept> дүйсенбіде",
        1,
    );
    assert_ne!(done, t, "{t}");
    std::fs::write(&xlf, done).unwrap();
    validate("xliff-core-1.2-strict.xsd", &xlf);
    tmkit_db(&db).arg("import").arg(&xlf).assert().success();
    let u = unit_of(
        &db,
        "Police in Almaty dismantled the tent of the protesters on Monday.",
    );
    let kk = u.variant("kk").unwrap();
    assert_eq!(
        kk.text,
        "Алматы полициясы дүйсенбіде наразылардың шатырын бұзды."
    );
    assert_eq!(
        kk.markup.as_deref(),
        Some(
            "Алматы <bpt i=\"1\" x=\"1\">&lt;b&gt;</bpt>полициясы<ept i=\"1\">&lt;/b&gt;</ept> \
             дүйсенбіде наразылардың шатырын бұзды.<ph x=\"2\"/>"
        )
    );
}

#[test]
fn xliff20_job_with_coded_matches_is_schema_valid_and_keeps_the_codes() {
    let (dir, db, t) = coded_job("xliff2");
    let xlf = dir.path().join("report.kk.xlf");
    validate("xliff_core_2.0.xsd", &xlf);
    assert!(t.contains("<source>The court adjourned.</source>"), "{t}");
    assert!(t.contains("<data id=\"d1\">&lt;b&gt;</data>"), "{t}");
    assert!(
        t.contains(
            "<target>Сот <sc id=\"1\" dataRef=\"d1\" type=\"fmt\" subType=\"xlf:b\"/>үзіліс<ec startRef=\"1\" dataRef=\"d2\"/> жариялады<ph id=\"2\" dataRef=\"d3\" type=\"fmt\" subType=\"xlf:lb\"/>"
        ),
        "{t}"
    );
    // A code without native code has no dataRef (and no <data> entry).
    assert!(t.contains("бұзды.<ph id=\"2\"/></target>"), "{t}");
    // The translator's edit below must find what it changes.
    // (Both are fuzzy matches; the tent's is unit p2s1.)
    let tent = t.find("<unit id=\"p2s1\">").expect("the tent's unit");
    let (before, after) = t.split_at(tent);
    assert!(
        after.contains("<segment id=\"s1\" state=\"initial\">"),
        "{t}"
    );
    assert!(after.contains("сейсенбіде"), "{t}");
    let done = before.to_string()
        + &after
            .replacen(
                "<segment id=\"s1\" state=\"initial\">",
                "<segment id=\"s1\" state=\"translated\">",
                1,
            )
            .replacen("сейсенбіде", "дүйсенбіде", 1);
    std::fs::write(&xlf, done).unwrap();
    validate("xliff_core_2.0.xsd", &xlf);
    tmkit_db(&db).arg("import").arg(&xlf).assert().success();
    let u = unit_of(
        &db,
        "Police in Almaty dismantled the tent of the protesters on Monday.",
    );
    assert_eq!(
        u.variant("kk").unwrap().markup.as_deref(),
        Some(
            "Алматы <bpt i=\"1\" x=\"1\">&lt;b&gt;</bpt>полициясы<ept i=\"1\">&lt;/b&gt;</ept> \
             дүйсенбіде наразылардың шатырын бұзды.<ph x=\"2\"/>"
        )
    );
}

/// `NAME:LINE:COLUMN:` of the first `needle` in `doc` (1-based, columns in characters).
fn position(name: &str, doc: &str, needle: &str) -> String {
    let at = doc.find(needle).expect("needle in the document");
    let before = &doc[..at];
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().unwrap_or("").chars().count() + 1;
    format!("{name}:{line}:{col}:")
}

#[test]
fn malformed_inline_codes_are_refused_with_file_line_and_column() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("tm.db");
    let cases = [
        (
            "ec.xlf",
            CODED_20.replace(
                "нашем сайте<ec startRef=\"3\"/>",
                "нашем сайте<ec startRef=\"4\"/>",
            ),
            "<ec startRef=\"4\"/>",
            "<ec startRef=\"4\"> has no <sc id=\"4\"> before it in the unit's <target>",
        ),
        (
            "sc.xlf",
            CODED_20.replace("our site<ec startRef=\"3\"/>", "our site"),
            "<sc id=\"3\"",
            "<sc id=\"3\"> is not closed",
        ),
        (
            "g.xlf",
            CODED_12.replace("оқыңыз</g>", "оқыңыз"),
            "</target>",
            "malformed XML",
        ),
        (
            "ept.xlf",
            CODED_12.replace(
                "> <bpt id=\"3\">&lt;a href=\"/kz\"&gt;</bpt>сайтымызда",
                "> сайтымызда",
            ),
            "<ept id=\"3\">&lt;/a&gt;</ept>.</target>",
            "<ept id=\"3\"> has no <bpt> with the same id (or rid) before it in the <target>",
        ),
    ];
    for (name, doc, needle, message) in cases {
        assert!(
            doc != CODED_12 && doc != CODED_20,
            "{name}: nothing replaced"
        );
        let p = dir.path().join(name);
        std::fs::write(&p, &doc).unwrap();
        tmkit_db(&db)
            .arg("import")
            .arg(&p)
            .assert()
            .code(2)
            .stderr(predicate::str::contains(position(name, &doc, needle)))
            .stderr(predicate::str::contains(message));
    }
    // Nothing was stored.
    let s = Store::open(&db).unwrap();
    assert_eq!(
        s.find_unit("en", "Read the report on our site.").unwrap(),
        None
    );
}
