//! TMX benchmark: a generated TM of 1,000,000 units (en → kk, ru), built the way tmkit
//! builds a TM from reports: 40,000 documents of 25 sentences (5 paragraphs of 5), each
//! sentence a unit with its occurrence and context hashes. Exported to TMX and imported back.
//!
//! Run with `cargo bench --bench tmx` (`TMKIT_BENCH_UNITS=N` to change the size). Prints
//! export MB/s, the peak resident memory of an export of 10% and of 100% of the TM (reset
//! between the two through /proc/self/clear_refs) to show that memory stays flat, TMX
//! parse rate, and import units/s into a fresh TM (median and best of three imports).
//!
//! `TMKIT_BENCH_TMX=FILE` instead parses and imports that file only (to compare changes to
//! the reader and the writer on a fixed input).

// The allocator the `tmkit` binary uses (see src/main.rs).
#[global_allocator]
static ALLOC: mimalloc::MiMalloc = mimalloc::MiMalloc;

use std::fs::File;
use std::io::{BufReader, BufWriter};
use std::path::Path;
use std::time::Instant;
use tmkit_testkit::Rng;

use tmkit::export::{write_tmx, Selection};
use tmkit::formats::tmx::TmxReader;
use tmkit::import::{Options, Sink};
use tmkit::input::NoProgress;
use tmkit::store::{Occurrence, Store, UnitInput, VariantInput};

const EN: &[&str] = &[
    "police",
    "detained",
    "activists",
    "outside",
    "the",
    "consulate",
    "in",
    "Almaty",
    "on",
    "Tuesday",
    "protesters",
    "gathered",
    "court",
    "ruled",
    "that",
    "relatives",
    "of",
    "people",
    "held",
    "camps",
    "said",
    "officials",
    "denied",
    "reports",
    "about",
    "Xinjiang",
    "and",
    "ministry",
    "statement",
    "a",
    "group",
    "women",
    "demanded",
    "release",
    "husbands",
];
const KK: &[&str] = &[
    "полиция",
    "ұстады",
    "белсенділерді",
    "консулдығының",
    "алдында",
    "Алматыда",
    "сейсенбі",
    "күні",
    "наразылар",
    "жиналды",
    "сот",
    "шешті",
    "туыстары",
    "адамдардың",
    "лагерьлерде",
    "деді",
    "шенеуніктер",
    "жоққа",
    "шығарды",
    "хабарларды",
    "Шыңжаң",
    "және",
    "министрлік",
    "мәлімдеме",
    "әйелдер",
    "тобы",
    "талап",
    "етті",
    "күйеулерін",
    "босатуды",
];
const RU: &[&str] = &[
    "полиция",
    "задержала",
    "активистов",
    "у",
    "консульства",
    "в",
    "Алматы",
    "во",
    "вторник",
    "протестующие",
    "собрались",
    "суд",
    "постановил",
    "что",
    "родственники",
    "людей",
    "содержащихся",
    "лагерях",
    "заявили",
    "чиновники",
    "опровергли",
    "сообщения",
    "о",
    "Синьцзяне",
    "и",
    "министерство",
    "заявление",
    "группа",
    "женщин",
    "потребовала",
];

fn sentence(rng: &mut Rng, words: &[&str], id: usize) -> String {
    let n = 8 + rng.below(14);
    let mut s = String::with_capacity(n * 10);
    for i in 0..n {
        let w = words[rng.below(words.len())];
        if i == 0 {
            let mut c = w.chars();
            if let Some(f) = c.next() {
                s.extend(f.to_uppercase());
                s.push_str(c.as_str());
            }
        } else {
            s.push(' ');
            s.push_str(w);
        }
    }
    s.push_str(&format!(" {id}."));
    s
}

/// Sentences per generated report (news reports in tm/corpus have 20–25).
const SENTENCES_PER_DOC: usize = 25;

fn build(path: &Path, units: usize) -> f64 {
    let t = Instant::now();
    let mut s = Store::open(path).expect("open");
    let mut rng = Rng::new(0x9E37_79B9_7F4A_7C15);
    let tx = s.begin("bench").expect("begin");
    let docs: Vec<i64> = (0..units.div_ceil(SENTENCES_PER_DOC))
        .map(|d| {
            tx.record_document(&format!("reports/{d:05}.en.txt"), "en", "0")
                .expect("doc")
        })
        .collect();
    // The exports read no index: the units are stored without one.
    let mut sink = Sink::index_later(&tx).expect("sink");
    for i in 0..units {
        let v = |lang: &str, text: String| VariantInput {
            lang: lang.into(),
            text,
            ..Default::default()
        };
        let u = UnitInput {
            src_lang: "en".into(),
            source: sentence(&mut rng, EN, i),
            targets: vec![
                v("kk", sentence(&mut rng, KK, i)),
                v("ru", sentence(&mut rng, RU, i)),
            ],
            ..Default::default()
        };
        let (id, _) = sink.add(u).expect("add");
        sink.add_occurrence(
            id,
            &Occurrence {
                document_id: docs[i / SENTENCES_PER_DOC],
                paragraph: (i % SENTENCES_PER_DOC / 5 + 1) as i64,
                sentence: (i % 5 + 1) as i64,
                prev_hash: Some(format!("{:016x}", rng.next_u64())),
                next_hash: Some(format!("{:016x}", rng.next_u64())),
            },
        )
        .expect("occurrence");
    }
    sink.finish().expect("finish");
    tx.commit().expect("commit");
    t.elapsed().as_secs_f64()
}

fn reset_peak() {
    // Resets VmHWM to the current RSS (Linux >= 4.0); harmless elsewhere.
    let _ = std::fs::write("/proc/self/clear_refs", "5");
}

fn peak_rss_mib() -> f64 {
    status_mib("VmHWM:")
}

fn rss_mib() -> f64 {
    status_mib("VmRSS:")
}

fn status_mib(key: &str) -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with(key))
                .and_then(|l| l.split_whitespace().nth(1)?.parse::<f64>().ok())
        })
        .map_or(0.0, |kib| kib / 1024.0)
}

/// Exports and returns (units, bytes, seconds, peak RSS MiB, RSS before MiB).
fn export(db: &Path, out: &Path, targets: &[&str]) -> (u64, u64, f64, f64, f64) {
    let store = Store::open(db).expect("open");
    let before = rss_mib();
    reset_peak();
    let t = Instant::now();
    let w = BufWriter::with_capacity(256 * 1024, File::create(out).expect("create"));
    let sel = Selection {
        src: "en".into(),
        targets: targets.iter().map(|s| s.to_string()).collect(),
    };
    let n = write_tmx(&store, &sel, w).expect("export");
    let secs = t.elapsed().as_secs_f64();
    let bytes = std::fs::metadata(out).map(|m| m.len()).unwrap_or(0);
    (n, bytes, secs, peak_rss_mib(), before)
}

/// Writes a TMX the way CAT tools do (OmegaT/Trados style: en + kk, dates and ids on the
/// tuvs, no props), `units` units.
fn write_cat_tmx(path: &Path, units: usize) -> u64 {
    use std::io::Write;
    let mut w = BufWriter::new(File::create(path).expect("create"));
    let mut rng = Rng::new(0x0123_4567_89AB_CDEF);
    writeln!(w, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<tmx version=\"1.4\">\n<header creationtool=\"OmegaT\" creationtoolversion=\"6.0\" segtype=\"sentence\" o-tmf=\"OmegaT TMX\" adminlang=\"EN-US\" srclang=\"EN\" datatype=\"plaintext\"/>\n<body>").expect("w");
    for i in 0..units {
        let en = tmkit::formats::xml::escape_text(&sentence(&mut rng, EN, i));
        let kk = tmkit::formats::xml::escape_text(&sentence(&mut rng, KK, i));
        writeln!(w, "<tu>\n  <tuv xml:lang=\"EN\">\n    <seg>{en}</seg>\n  </tuv>\n  <tuv xml:lang=\"KK\" changeid=\"aigerim\" changedate=\"20240301T100000Z\" creationid=\"aigerim\" creationdate=\"20240301T100000Z\">\n    <seg>{kk}</seg>\n  </tuv>\n</tu>").expect("w");
    }
    writeln!(w, "</body>\n</tmx>").expect("w");
    w.flush().expect("flush");
    drop(w);
    std::fs::metadata(path).map(|m| m.len()).unwrap_or(0)
}

/// Imports `tmx` into a fresh TM [`IMPORT_RUNS`] times and prints each run and the median
/// and best rates (the machines are shared: one run can be slowed by others' load).
fn import_runs(dir: &Path, name: &str, tmx: &Path, what: &str) {
    let mut runs: Vec<(u64, f64, f64)> = Vec::new();
    for i in 0..IMPORT_RUNS {
        let db = dir.join(format!("{i}-{name}"));
        let run = import_file(&db, tmx);
        let _ = std::fs::remove_file(&db);
        println!(
            "  run {}: {} units in {:.2} s = {:.0} units/s (peak RSS {:.1} MiB)",
            i + 1,
            run.0,
            run.1,
            run.0 as f64 / run.1,
            run.2
        );
        runs.push(run);
    }
    runs.sort_by(|a, b| a.1.total_cmp(&b.1));
    let (added, median) = (runs[runs.len() / 2].0, runs[runs.len() / 2].1);
    println!(
        "TMX import ({what}) into a fresh TM: {added} units, median of {IMPORT_RUNS} runs {median:.2} s = {:.0} units/s (best {:.0} units/s)",
        added as f64 / median,
        runs[0].0 as f64 / runs[0].1
    );
}

/// Imports measured per input (see [`import_runs`]).
const IMPORT_RUNS: usize = 3;

fn import_file(db: &Path, tmx: &Path) -> (u64, f64, f64) {
    let mut s = Store::open(db).expect("open");
    // Flush the TM built and the TMX written just before, so that the commit's fsync
    // measures this import's writes only.
    let _ = std::process::Command::new("sync").status();
    reset_peak();
    let t = Instant::now();
    let tx = s.begin_import("bench").expect("begin");
    let mut sink = Sink::new(&tx).expect("sink");
    let sum = tmkit::import::import_tmx(&mut sink, tmx, &Options::default(), &mut NoProgress)
        .expect("import");
    sink.finish().expect("feed");
    // As `tmkit import` does: the fuzzy-match index is brought up to date before the commit.
    tmkit::index::sync_index(tx.conn()).expect("index");
    let rows = t.elapsed().as_secs_f64();
    tx.commit().expect("commit");
    let all = t.elapsed().as_secs_f64();
    println!("  rows and index {rows:.2} s, commit {:.2} s", all - rows);
    (sum.added, all, peak_rss_mib())
}

fn parse_file(tmx: &Path) -> (u64, f64) {
    let t = Instant::now();
    let input = BufReader::with_capacity(256 * 1024, File::open(tmx).expect("open"));
    let mut r = TmxReader::new(input).expect("header");
    let mut parsed = 0u64;
    while let Some(_tu) = r.next_tu().expect("parse") {
        parsed += 1;
    }
    (parsed, t.elapsed().as_secs_f64())
}

fn main() {
    // `cargo bench` passes --bench; `cargo test --benches` must not spend minutes here.
    if std::env::args().any(|a| a == "--test" || a == "--list") {
        return;
    }
    // TMKIT_BENCH_TMX=FILE measures parsing and importing that file only (to compare
    // changes to the reader and the writer on a fixed input).
    if let Some(file) = std::env::var_os("TMKIT_BENCH_TMX") {
        let file = Path::new(&file);
        let mb = std::fs::metadata(file).map_or(0.0, |m| m.len() as f64 / 1e6);
        let (parsed, ps) = parse_file(file);
        println!(
            "TMX parse only ({}): {parsed} units in {ps:.2} s = {:.0} units/s ({:.0} MB/s)",
            file.display(),
            parsed as f64 / ps,
            mb / ps
        );
        let dir = tempfile::tempdir().expect("tempdir");
        import_runs(dir.path(), "tm.db", file, &file.display().to_string());
        return;
    }
    let units: usize = std::env::var("TMKIT_BENCH_UNITS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1_000_000);
    let dir = tempfile::tempdir().expect("tempdir");
    let small_db = dir.path().join("small.db");
    let db = dir.path().join("tm.db");
    let small = (units / 10).max(1);
    build(&small_db, small);
    let build_s = build(&db, units);
    println!("built a TM of {units} units (en→kk,ru, from reports of {SENTENCES_PER_DOC} sentences) in {build_s:.1} s");

    let out_small = dir.path().join("small.tmx");
    let (n1, b1, _s1, rss1, before1) = export(&small_db, &out_small, &["kk", "ru"]);
    let out = dir.path().join("tm.tmx");
    let (n, bytes, secs, rss, before) = export(&db, &out, &["kk", "ru"]);
    let mb = bytes as f64 / 1e6;
    println!(
        "export kk,ru: {n} units, {mb:.0} MB in {secs:.2} s = {:.0} MB/s, {:.0} units/s",
        mb / secs,
        n as f64 / secs
    );
    println!(
        "  peak RSS during export: {n1} units ({:.0} MB) {rss1:.1} MiB (RSS before {before1:.1}); {n} units ({mb:.0} MB) {rss:.1} MiB (RSS before {before:.1})",
        b1 as f64 / 1e6
    );
    let out_kk = dir.path().join("kk.tmx");
    let (nk, bk, sk, _, _) = export(&db, &out_kk, &["kk"]);
    println!(
        "export kk only: {nk} units, {:.0} MB in {sk:.2} s = {:.0} MB/s",
        bk as f64 / 1e6,
        bk as f64 / 1e6 / sk
    );

    let (parsed, ps) = parse_file(&out);
    println!(
        "TMX parse only (tmkit export): {parsed} units in {ps:.2} s = {:.0} units/s ({:.0} MB/s)",
        parsed as f64 / ps,
        mb / ps
    );
    import_runs(
        dir.path(),
        "back.db",
        &out,
        "tmkit export: en,kk,ru + provenance",
    );
    // TMKIT_BENCH_KEEP=DIR keeps the exported TMX there (to profile `tmkit import` on it).
    if let Some(keep) = std::env::var_os("TMKIT_BENCH_KEEP") {
        let _ = std::fs::copy(&out, Path::new(&keep).join(format!("tmkit-{units}.tmx")));
    }
    let _ = std::fs::remove_file(&out);
    let _ = std::fs::remove_file(&out_kk);

    let cat = dir.path().join("cat.tmx");
    let cmb = write_cat_tmx(&cat, units) as f64 / 1e6;
    let (parsed, ps) = parse_file(&cat);
    println!(
        "TMX parse only (CAT-style en-kk, {cmb:.0} MB): {parsed} units in {ps:.2} s = {:.0} units/s ({:.0} MB/s)",
        parsed as f64 / ps,
        cmb / ps
    );
    import_runs(dir.path(), "cat.db", &cat, "CAT-style en-kk");
}
