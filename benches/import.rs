//! Import benchmark: a generated 1,000,000-unit TSV (en, kk, ru) imported into a fresh TM,
//! with the fuzzy-match and concordance indexes built in the same transaction.
//!
//! Run with `cargo bench --bench import` (`TMKIT_BENCH_UNITS=N` to change the size).
//! Prints units/s and the peak resident memory after 10% and after 100% of the units, to
//! show that memory does not grow with the size of the input.

// The allocator the `tmkit` binary uses (see src/main.rs).
#[global_allocator]
static ALLOC: mimalloc::MiMalloc = mimalloc::MiMalloc;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Instant;
use tmkit_testkit::Rng;

use tmkit::import::{import_table, Options, Sink};
use tmkit::input::{Dialect, NoProgress};
use tmkit::store::Store;

const EN: &[&str] = &[
    "police",
    "protesters",
    "consulate",
    "Almaty",
    "relatives",
    "camps",
    "Xinjiang",
    "released",
    "detained",
    "activists",
    "rally",
    "court",
    "sentence",
    "husband",
    "wife",
    "tent",
    "night",
    "Chinese",
    "Kazakh",
    "authorities",
    "region",
    "ethnic",
    "Uyghurs",
    "state",
    "media",
    "group",
    "the",
    "of",
    "in",
    "and",
    "a",
    "to",
    "outside",
    "after",
    "for",
    "their",
    "years",
    "days",
];
const KK: &[&str] = &[
    "полиция",
    "наразылар",
    "консулдық",
    "Алматы",
    "туыстары",
    "лагерлер",
    "Шыңжаң",
    "босатылды",
    "ұсталды",
    "белсенділер",
    "митинг",
    "сот",
    "үкім",
    "күйеуі",
    "әйелі",
    "шатыр",
    "түн",
    "Қытай",
    "қазақ",
    "билік",
    "өңір",
    "этникалық",
    "ұйғырлар",
    "мемлекет",
    "БАҚ",
    "топ",
    "және",
    "жыл",
];
const RU: &[&str] = &[
    "полиция",
    "протестующие",
    "консульство",
    "Алматы",
    "родственники",
    "лагеря",
    "Синьцзян",
    "освобождён",
    "задержаны",
    "активисты",
    "митинг",
    "суд",
    "приговор",
    "муж",
    "жена",
    "палатка",
    "ночь",
    "китайский",
    "казахский",
    "власти",
    "регион",
    "этнические",
    "уйгуры",
    "и",
    "в",
    "на",
];

fn sentence(rng: &mut Rng, words: &[&str], n: usize, id: usize) -> String {
    let mut s = String::with_capacity(n * 9 + 12);
    for i in 0..n {
        if i > 0 {
            s.push(' ');
        }
        s.push_str(words[rng.below(words.len())]);
    }
    // A number makes every sentence unique, as dates and figures do in news.
    s.push_str(&format!(" {id}."));
    s
}

fn generate(path: &Path, units: usize) -> std::io::Result<u64> {
    let mut out = std::io::BufWriter::new(std::fs::File::create(path)?);
    let mut rng = Rng::new(0x7A6B_1D2C_3E4F_5061);
    writeln!(out, "en\tkk\tru")?;
    for id in 0..units {
        let n = 8 + rng.below(18);
        let en = sentence(&mut rng, EN, n, id);
        let kk = sentence(&mut rng, KK, n - 1, id);
        let ru = sentence(&mut rng, RU, n, id);
        writeln!(out, "{en}\t{kk}\t{ru}")?;
    }
    out.flush()?;
    Ok(std::fs::metadata(path)?.len())
}

/// Flushes other files' dirty pages (the generated input, the previous run's TM) so that
/// the commit's fsync measures this import's writes only, not whatever the machine did
/// before.
fn settle() {
    let _ = std::process::Command::new("sync").status();
}

fn peak_rss_kib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|v| v.parse().ok())
        })
        .unwrap_or(0)
}

fn import(dir: &Path, tsv: &Path) -> (f64, u64) {
    let db: PathBuf = dir.join(format!(
        "{}.db",
        tsv.file_stem().and_then(|s| s.to_str()).unwrap_or("bench")
    ));
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", db.display()));
    }
    let mut store = Store::open(&db).expect("open TM");
    settle();
    let started = Instant::now();
    let tx = store.begin_import("bench").expect("begin");
    let mut sink = Sink::new(&tx).expect("sink");
    let summary = import_table(
        &mut sink,
        tsv,
        Dialect::Tsv,
        &Options::default(),
        &mut NoProgress,
    )
    .expect("import");
    sink.finish().expect("feed");
    let rows_secs = started.elapsed().as_secs_f64();
    // As `tmkit import` does: the fuzzy-match index and the FTS5 concordance tables are
    // brought up to date inside the same transaction.
    tmkit::index::sync_index(tx.conn()).expect("index");
    let index_secs = started.elapsed().as_secs_f64() - rows_secs;
    tx.commit().expect("commit");
    let total = started.elapsed().as_secs_f64();
    println!(
        "  rows {rows_secs:.2} s, fuzzy + concordance index {index_secs:.2} s, commit {:.2} s",
        total - rows_secs - index_secs
    );
    (total, summary.added)
}

fn main() {
    let units: usize = std::env::var("TMKIT_BENCH_UNITS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1_000_000);
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/bench-data");
    std::fs::create_dir_all(&dir).expect("bench dir");
    let small = dir.join(format!("import-{}.tsv", units / 10));
    let big = dir.join(format!("import-{units}.tsv"));
    let small_bytes = generate(&small, units / 10).expect("generate");
    let big_bytes = generate(&big, units).expect("generate");
    let base = peak_rss_kib();

    let (secs, added) = import(&dir, &small);
    let rss_small = peak_rss_kib();
    println!(
        "import {:>9} units ({:>6.1} MB TSV): {:>6.2} s, {:>9.0} units/s, peak RSS {} MiB",
        added,
        small_bytes as f64 / 1e6,
        secs,
        added as f64 / secs,
        rss_small / 1024
    );
    let (secs, added) = import(&dir, &big);
    let rss_big = peak_rss_kib();
    println!(
        "import {:>9} units ({:>6.1} MB TSV): {:>6.2} s, {:>9.0} units/s, peak RSS {} MiB",
        added,
        big_bytes as f64 / 1e6,
        secs,
        added as f64 / secs,
        rss_big / 1024
    );
    println!(
        "peak RSS before importing {} MiB; growth from the 10x smaller file to the full one: {} MiB",
        base / 1024,
        rss_big.saturating_sub(rss_small) / 1024
    );
}
