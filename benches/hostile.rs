//! `cargo bench --bench hostile`: small hostile inputs at three sizes (x1, x4, x16), each
//! timed with the release build, and the ratio of each time to the x1 time. Linear work
//! gives ratios near 4 and 16; the shapes below took quadratic time before (ratios near
//! 16 and 256): one TMX `<tu>` with very many props, notes, tuvs or attributes (imported,
//! and merged into a TM that has it), `check` of a segment holding a forbidden variant
//! very many times, and a concordance of a phrase found very many times in one text.
//!
//! `TMKIT_BENCH_SCALE=N` multiplies the sizes (default 1: x1 is 10,000 children, 4,000
//! terms, 5,000 hits).

// The allocator the `tmkit` binary uses (see src/main.rs).
#[global_allocator]
static ALLOC: mimalloc::MiMalloc = mimalloc::MiMalloc;

use std::path::Path;
use std::time::Instant;

use tmkit::check::{CheckUnit, Checker, Config, Text};
use tmkit::fuzzy::{concordance, concordance_session};
use tmkit::glossary::{parse_csv, Glossary};
use tmkit::import::{import_tmx_from, Options, Sink};
use tmkit::input::NoProgress;
use tmkit::store::{Store, UnitInput, VariantInput};

const HEAD: &str = "<?xml version=\"1.0\"?>\n<tmx version=\"1.4\"><header creationtool=\"bench\" \
    creationtoolversion=\"1\" segtype=\"sentence\" o-tmf=\"x\" adminlang=\"en\" srclang=\"en\" \
    datatype=\"plaintext\"/><body>\n";

/// One `<tu>` of the given shape with `n` children (or attributes).
fn tmx(shape: &str, n: usize) -> String {
    let each = |f: &dyn Fn(usize) -> String| (0..n).map(f).collect::<String>();
    let seg = "<tuv xml:lang=\"en\"><seg>Hello.</seg></tuv>";
    let tu = match shape {
        "props" => format!(
            "<tu>{}{seg}</tu>",
            each(&|i| format!("<prop type=\"x-p\">v {i}</prop>"))
        ),
        "notes" => format!(
            "<tu>{}{seg}</tu>",
            each(&|i| format!("<note>note {i}</note>"))
        ),
        "tuvs" => format!(
            "<tu>{seg}{}</tu>",
            each(&|i| format!("<tuv xml:lang=\"kk-v{i}\"><seg>t {i}</seg></tuv>"))
        ),
        "tuv props" => format!(
            "<tu><tuv xml:lang=\"en\">{}<seg>Hello.</seg></tuv></tu>",
            each(&|i| format!("<prop type=\"x-p\">v {i}</prop>"))
        ),
        "attributes" => format!("<tu{}>{seg}</tu>", each(&|i| format!(" a{i}=\"{i}\""))),
        _ => unreachable!("no such shape"),
    };
    format!("{HEAD}{tu}\n</body></tmx>\n")
}

/// Seconds to import `doc` into the TM at `db` (created when missing).
fn import(db: &Path, doc: &str) -> f64 {
    let mut store = Store::open(db).expect("open TM");
    let started = Instant::now();
    let tx = store.begin("bench").expect("begin");
    let mut sink = Sink::new(&tx).expect("sink");
    import_tmx_from(
        &mut sink,
        doc.as_bytes(),
        &Options::default(),
        &mut NoProgress,
    )
    .expect("import");
    sink.finish().expect("index");
    tx.commit().expect("commit");
    started.elapsed().as_secs_f64()
}

/// Times `run` at sizes x1, x4, x16 of `base` (the best of three runs each, the machine
/// being shared) and prints them with their ratios.
fn sizes(what: &str, base: usize, mut run: impl FnMut(usize) -> f64) {
    let t: Vec<f64> = [1, 4, 16]
        .iter()
        .map(|k| (0..3).map(|_| run(base * k)).fold(f64::INFINITY, f64::min))
        .collect();
    println!(
        "{what:<34} x1 {:>8.3} s   x4 {:>8.3} s ({:>5.1}×)   x16 {:>8.3} s ({:>6.1}×)",
        t[0],
        t[1],
        t[1] / t[0],
        t[2],
        t[2] / t[0]
    );
}

fn main() {
    let scale: usize = std::env::var("TMKIT_BENCH_SCALE")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(1)
        .max(1);
    let dir = tempfile::tempdir().expect("temp dir");
    let fresh = |name: &str| {
        let db = dir.path().join(format!("{name}.db"));
        for suffix in ["", "-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{}{suffix}", db.display()));
        }
        db
    };
    for shape in ["props", "notes", "tuvs", "tuv props", "attributes"] {
        sizes(
            &format!("TMX: one <tu> with many {shape}"),
            10_000 * scale,
            |n| import(&fresh("tmx"), &tmx(shape, n)),
        );
    }
    sizes("TMX: many props merged into a unit", 10_000 * scale, |n| {
        let db = fresh("merge");
        let doc = tmx("props", n);
        import(&db, &doc);
        import(&db, &doc.replace("v 1<", "v 1 again<"))
    });

    let csv = "en,kk,ru,kk:forbidden,ru:forbidden\nAlmaty,Алматы,Алматы,Алма-Ата,Алма-Ата\n";
    let glossary =
        Glossary::from_entries(parse_csv(csv.as_bytes(), Path::new("bench.csv")).expect("csv"));
    let checker = Checker::new(&glossary, Config::default());
    sizes("check: a forbidden variant n times", 4_000 * scale, |n| {
        let text = |lang: &str, t: String| Text {
            lang: lang.into(),
            text: t,
            loc: None,
            contexts: Vec::new(),
        };
        let unit = CheckUnit {
            name: "u".into(),
            source: text("en", "Almaty ".repeat(n)),
            targets: vec![text("ru", "Алма-Ата ".repeat(n))],
        };
        let started = Instant::now();
        let report = checker.check(std::slice::from_ref(&unit));
        assert!(report.failed());
        started.elapsed().as_secs_f64()
    });

    sizes("concordance: n hits in one text", 5_000 * scale, |n| {
        let mut store = Store::open(&fresh("concordance")).expect("open TM");
        tmkit::import::add(
            &mut store,
            "bench",
            UnitInput {
                src_lang: "en".into(),
                // Not NFC: the spans are moved onto the text as stored too.
                source: "Cafe\u{301} tent ".repeat(n),
                targets: vec![VariantInput {
                    lang: "kk".into(),
                    text: "Шатыр ".repeat(n),
                    ..Default::default()
                }],
                ..Default::default()
            },
        )
        .expect("add");
        let session = concordance_session(&store, || {}).expect("session");
        let started = Instant::now();
        let hits = concordance(&session, "tent", None, 0).expect("concordance");
        assert_eq!(hits[0].highlights[0].spans.len(), n);
        started.elapsed().as_secs_f64()
    });
}
