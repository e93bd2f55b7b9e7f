//! Round trips: import(export(TM)) gives the same units; export(import(F)) keeps every
//! segment of F; bad files are refused with a position and store nothing; exports validate
//! against the TMX 1.4b DTD (when xmllint and ../shared are present; failing under CI).

mod common;

use std::io::Write;
use std::path::Path;

use common::external::{shared, Xmllint};
use tmkit::export::{write_tmx, Selection};
use tmkit::formats::tmx::{TmxReader, Tu};
use tmkit::import::{self, ImportError, Options, Plan, Sink};
use tmkit::input::{InputError, NoProgress};
use tmkit::store::{Occurrence, Prop, Store, Unit, UnitInput, VariantInput};

fn sel(t: &[&str]) -> Selection {
    Selection {
        src: "en".into(),
        targets: t.iter().map(|s| s.to_string()).collect(),
    }
}

fn v(l: &str, t: &str) -> VariantInput {
    VariantInput {
        lang: l.into(),
        text: t.into(),
        created_at: Some("2024-03-01T10:00:00Z".into()),
        changed_at: Some("2024-03-02T11:30:00Z".into()),
        creator: Some("aigerim".into()),
        ..Default::default()
    }
}

/// A TM with the awkward cases: markup, props, notes, provenance, XML-special characters,
/// CR, tabs and a character XML 1.0 cannot carry.
fn sample_tm() -> Store {
    let mut s = Store::open_in_memory().unwrap();
    let tx = s.begin("tester").unwrap();
    let units = vec![
        UnitInput {
            src_lang: "en".into(),
            source: "Police in Almaty detained \"several\" activists <today> & more.".into(),
            targets: vec![
                v("kk", "Алматыда полиция бірнеше белсендіні ұстады."),
                v("ru", "Полиция в Алматы задержала «нескольких» активистов & др."),
            ],
            created_at: Some("2024-03-01T10:00:00Z".into()),
            changed_at: Some("2024-03-02T11:30:00Z".into()),
            creator: Some("aigerim".into()),
            props: vec![
                Prop { lang: None, kind: "prop".into(), prop_type: Some("x-domain".into()), value: "politics".into() },
                Prop { lang: None, kind: "note".into(), prop_type: None, value: "Checked by the desk".into() },
                Prop { lang: Some("kk".into()), kind: "note".into(), prop_type: None, value: "Қаралды".into() },
            ],
            ..Default::default()
        },
        UnitInput {
            src_lang: "en".into(),
            source: "Open the file now".into(),
            source_markup: Some("Open the <bpt i=\"1\" x=\"1\">&lt;b&gt;</bpt>file<ept i=\"1\">&lt;/b&gt;</ept> now".into()),
            targets: vec![VariantInput {
                markup: Some("<bpt i=\"1\" x=\"1\">&lt;b&gt;</bpt>Файлды<ept i=\"1\">&lt;/b&gt;</ept> қазір ашыңыз".into()),
                ..v("kk", "Файлды қазір ашыңыз")
            }],
            created_at: Some("2024-03-01T10:00:00Z".into()),
            changed_at: Some("2024-03-02T11:30:00Z".into()),
            creator: Some("aigerim".into()),
            ..Default::default()
        },
        UnitInput {
            src_lang: "en".into(),
            source: "Line one\r\nline\ttwo".into(),
            targets: vec![v("ru", "Строка один\r\nстрока\tдва")],
            created_at: Some("2024-03-01T10:00:00Z".into()),
            changed_at: Some("2024-03-02T11:30:00Z".into()),
            creator: Some("aigerim".into()),
            ..Default::default()
        },
    ];
    let mut sink = Sink::new(&tx).unwrap();
    let mut ids = Vec::new();
    for u in units {
        ids.push(sink.add(u).unwrap().0);
    }
    let doc = tx
        .record_document("reports/2024-03-01.en.txt", "en", "abc")
        .unwrap();
    sink.add_occurrence(
        ids[0],
        &Occurrence {
            document_id: doc,
            paragraph: 1,
            sentence: 1,
            prev_hash: None,
            next_hash: Some("00ff00ff00ff00ff".into()),
        },
    )
    .unwrap();
    sink.add_occurrence(
        ids[2],
        &Occurrence {
            document_id: doc,
            paragraph: 2,
            sentence: 3,
            prev_hash: Some("1234567812345678".into()),
            next_hash: None,
        },
    )
    .unwrap();
    sink.finish().unwrap();
    tx.commit().unwrap();
    s
}

fn export(s: &Store, targets: &[&str]) -> String {
    let mut out = Vec::new();
    write_tmx(s, &sel(targets), &mut out).unwrap();
    String::from_utf8(out).unwrap()
}

fn import_str(s: &mut Store, tmx: &str) -> Result<import::Summary, import::ReadError> {
    let tx = s.begin("importer").unwrap();
    let mut sink = Sink::new(&tx).unwrap();
    let r = import::import_tmx_from(
        &mut sink,
        tmx.as_bytes(),
        &Options::default(),
        &mut NoProgress,
    );
    sink.finish().unwrap();
    if r.is_ok() {
        tx.commit().unwrap();
    }
    r
}

/// Imports a file as `tmkit import` does (one transaction, committed only on success).
fn import_file(s: &mut Store, path: &Path) -> Result<import::Summary, ImportError> {
    import::run(
        s,
        "t",
        &[path.to_path_buf()],
        &Plan::default(),
        &mut NoProgress,
    )
}

fn units(s: &Store) -> Vec<Unit> {
    let mut v = Vec::new();
    s.for_each_unit::<tmkit::store::StoreError, _>(|u| {
        v.push(u);
        Ok(())
    })
    .unwrap();
    v
}

/// Everything but ids (and the tuid, which export fills from the id when there is none).
fn comparable(mut u: Unit) -> Unit {
    u.id = 0;
    u.tuid = None;
    u
}

fn without_header_date(t: &str) -> String {
    t.lines()
        .filter(|l| !l.contains("<header "))
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn import_of_export_gives_the_same_units_and_export_is_stable() {
    let tm = sample_tm();
    let first = export(&tm, &["kk", "ru"]);
    let mut back = Store::open_in_memory().unwrap();
    let sum = import_str(&mut back, &first).unwrap();
    assert_eq!(sum.added, 3);
    let a: Vec<Unit> = units(&tm).into_iter().map(comparable).collect();
    let b: Vec<Unit> = units(&back).into_iter().map(comparable).collect();
    // CR survives as &#13;; everything else is identical, provenance included.
    assert_eq!(a, b);
    // Importing the same file again changes nothing and adds no duplicate props.
    let again = import_str(&mut back, &first).unwrap();
    assert_eq!((again.added, again.updated, again.unchanged), (0, 0, 3));
    let second = export(&back, &["kk", "ru"]);
    assert_eq!(without_header_date(&first), without_header_date(&second));
}

#[test]
fn default_single_target_file_holds_only_units_with_that_target() {
    let tm = sample_tm();
    let kk = export(&tm, &["kk"]);
    let mut r = TmxReader::new(kk.as_bytes()).unwrap();
    let mut n = 0;
    while let Some(tu) = r.next_tu().unwrap() {
        n += 1;
        let langs: Vec<&str> = tu.tuvs.iter().map(|t| t.lang.as_str()).collect();
        assert_eq!(langs, ["en", "kk"]);
    }
    assert_eq!(n, 2);
}

#[test]
fn export_is_utf8_without_bom_with_doctype_and_trimmed_segments() {
    let t = export(&sample_tm(), &["kk", "ru"]);
    assert!(t.starts_with(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!DOCTYPE tmx SYSTEM \"tmx14.dtd\">"
    ));
    for attr in [
        "creationtool=\"tmkit\"",
        "creationtoolversion=",
        "segtype=\"sentence\"",
        "o-tmf=\"tmkit\"",
        "adminlang=\"en\"",
        "srclang=\"en\"",
        "datatype=\"plaintext\"",
        "creationdate=\"",
    ] {
        assert!(t.contains(attr), "header lacks {attr}");
    }
    assert!(t.contains("creationdate=\"20240301T100000Z\""));
    assert!(t.contains("<prop type=\"x-document\">reports/2024-03-01.en.txt</prop>"));
    assert!(t.contains("<prop type=\"x-context-next\">00ff00ff00ff00ff</prop>"));
    assert!(t.contains("&lt;today&gt; &amp; more"));
    assert!(t.contains("Line one&#13;\nline\ttwo"));
    for seg in t.split("<seg>").skip(1) {
        let inner = &seg[..seg.find("</seg>").unwrap()];
        assert_eq!(inner, inner.trim(), "seg with outer white space: {inner:?}");
    }
}

#[test]
fn control_characters_are_dropped_on_export_and_the_file_stays_importable() {
    let mut s = Store::open_in_memory().unwrap();
    import::add(
        &mut s,
        "t",
        UnitInput {
            src_lang: "en".into(),
            source: "Bell\u{7} and NUL\u{0} inside".into(),
            targets: vec![VariantInput {
                lang: "kk".into(),
                text: "Қоңырау\u{1b}".into(),
                ..Default::default()
            }],
            ..Default::default()
        },
    )
    .unwrap();
    let t = export(&s, &["kk"]);
    assert!(t.contains("<seg>Bell and NUL inside</seg>"));
    let mut back = Store::open_in_memory().unwrap();
    import_str(&mut back, &t).unwrap();
    assert_eq!(units(&back)[0].variants[0].text, "Қоңырау");
}

fn segments(tus: &[Tu]) -> Vec<(String, String, Option<String>)> {
    let mut v: Vec<_> = tus
        .iter()
        .flat_map(|tu| tu.tuvs.iter())
        .map(|t| {
            (
                tmkit::lang::canonical(&t.lang),
                t.text.clone(),
                t.markup.clone(),
            )
        })
        .collect();
    v.sort();
    v
}

fn read_tus(t: &str) -> Vec<Tu> {
    let mut r = TmxReader::new(t.as_bytes()).unwrap();
    let mut v = Vec::new();
    while let Some(tu) = r.next_tu().unwrap() {
        v.push(tu);
    }
    v
}

#[test]
fn export_of_import_keeps_every_segment_of_the_samples() {
    let Some(samples) = shared("formats/samples") else {
        return;
    };
    for name in ["sample_en_kk_ru.tmx", "inline_codes_html.tmx"] {
        let path = samples.join(name);
        let original = std::fs::read_to_string(&path).unwrap();
        let mut s = Store::open_in_memory().unwrap();
        import_file(&mut s, &path).unwrap();
        let out = export(&s, &["kk", "ru"]);
        assert_eq!(
            segments(&read_tus(&original)),
            segments(&read_tus(&out)),
            "{name}"
        );
        // Props and notes survive too.
        if name == "sample_en_kk_ru.tmx" {
            assert!(out.contains("<prop type=\"x-domain\">greeting</prop>"));
            assert!(out.contains("<note>Menu item</note>"));
            assert!(out.contains("tuid=\"2\""));
        }
    }
}

#[test]
fn bad_samples_are_refused_with_file_line_and_column_and_nothing_is_stored() {
    let Some(samples) = shared("formats/samples") else {
        return;
    };
    for (name, line, what) in [
        ("bad_header_no_srclang.tmx", 4, "srclang"),
        ("bad_tuv_no_xml_lang.tmx", 11, "xml:lang"),
    ] {
        let path = samples.join(name);
        let mut s = Store::open_in_memory().unwrap();
        let e = import_file(&mut s, &path).unwrap_err();
        let msg = e.to_string();
        match e {
            ImportError::Input(InputError::AtPosition {
                line: l, column, ..
            }) => {
                assert_eq!(l, line, "{msg}");
                assert!(column >= 1);
            }
            other => panic!("{name}: expected a position, got {other}"),
        }
        assert!(msg.contains(name) && msg.contains(what), "{msg}");
        assert_eq!(s.stats().unwrap().units, 0);
    }
}

#[test]
fn malformed_xml_reports_line_and_column() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("broken.tmx");
    let mut f = std::fs::File::create(&p).unwrap();
    write!(f, "<tmx version=\"1.4\">\n<header srclang=\"en\"/>\n<body>\n  <tu><tuv xml:lang=\"en\"><seg>ok</seg></tuv></tu>\n  <tu><tuv xml:lang=\"en\"><seg>a &bogus; b</seg></tuv></tu>\n</body></tmx>\n").unwrap();
    drop(f);
    let mut s = Store::open_in_memory().unwrap();
    let e = import_file(&mut s, &p).unwrap_err();
    let msg = e.to_string();
    assert!(msg.contains("broken.tmx:5:"), "{msg}");
    assert!(msg.contains("&bogus;"), "{msg}");
    assert_eq!(s.stats().unwrap().units, 0);
}

#[test]
fn tool_dialects_are_read() {
    // TMX 1.1 `lang`, upper-case codes, srclang="*all*", UTF-16 with BOM (as Trados writes).
    let doc = "<?xml version=\"1.0\" encoding=\"UTF-16\"?>\r\n<tmx version=\"1.1\"><header creationtool=\"SDL\" srclang=\"*all*\" adminlang=\"EN-US\" datatype=\"rtf\" segtype=\"sentence\" o-tmf=\"x\" creationtoolversion=\"1\"/><body>\r\n<tu creationdate=\"20230505T101010Z\" creationid=\"TRANSLATOR\"><tuv lang=\"EN-US\"><seg>Press release</seg></tuv><tuv lang=\"KK-kz\"><seg>Баспасөз хабарламасы</seg></tuv></tu>\r\n</body></tmx>";
    let mut bytes = vec![0xFF, 0xFE];
    for u in doc.encode_utf16() {
        bytes.extend_from_slice(&u.to_le_bytes());
    }
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("trados.tmx");
    std::fs::write(&p, bytes).unwrap();
    let mut s = Store::open_in_memory().unwrap();
    let sum = import_file(&mut s, &p).unwrap();
    assert_eq!(sum.added, 1);
    let u = &units(&s)[0];
    assert_eq!(
        (u.src_lang.as_str(), u.source.as_str()),
        ("en-US", "Press release")
    );
    assert_eq!(u.variants[0].lang, "kk-KZ");
    assert_eq!(u.created_by, "TRANSLATOR");
    assert_eq!(u.created_at, "2023-05-05T10:10:10Z");
    // A request for kk picks up the kk-KZ variant.
    let mut out = Vec::new();
    write_tmx(&s, &sel(&["kk"]), &mut out).unwrap();
    assert!(String::from_utf8(out)
        .unwrap()
        .contains("Баспасөз хабарламасы"));
}

#[test]
fn exports_validate_against_the_tmx_dtd() {
    let Some(xmllint) = Xmllint::find() else {
        return;
    };
    let samples = xmllint.formats().join("samples");
    let tmp = tempfile::tempdir().unwrap();
    let mut files = Vec::new();
    for (name, targets) in [("kk.tmx", vec!["kk"]), ("kkru.tmx", vec!["kk", "ru"])] {
        let p = tmp.path().join(name);
        std::fs::write(&p, export(&sample_tm(), &targets)).unwrap();
        files.push(p);
    }
    // And the shared samples after import → export.
    for name in ["sample_en_kk_ru.tmx", "inline_codes_html.tmx"] {
        let mut s = Store::open_in_memory().unwrap();
        import_file(&mut s, &samples.join(name)).unwrap();
        let p = tmp.path().join(format!("re-{name}"));
        std::fs::write(&p, export(&s, &["kk", "ru"])).unwrap();
        files.push(p);
    }
    for f in files {
        xmllint.assert_dtd_valid("tmx14.dtd", &f);
    }
}
