//! `cargo bench --bench align`: sentence alignment of long document pairs, timed with the
//! release build, at 7,500, 15,000 and 30,000 English sentences; each size runs in a child
//! process of its own so that its peak memory (VmHWM) is its own. Linear work and memory
//! give time and memory ratios near 2 and 4 against the smallest size.
//!
//! The documents repeat the restructured test report `tests/data/align/court-fines` (its
//! Kazakh version merges, splits, drops and adds sentences and joins paragraphs), each copy
//! with numbers of its own so that copies differ.
//!
//! Each size prints its wall-clock time and the time its thread ran on a CPU: on a shared
//! machine the second is the work itself.
//!
//! `TMKIT_BENCH_SCALE=N` multiplies the sizes (default 1). `TMKIT_ALIGN_BENCH_HASH=1` adds a
//! hash of each size's beads (their ranges and confidences) to its line, so that a change
//! meant to make the aligner faster can be checked to leave its output as it was.

// The allocator the `tmkit` binary uses (see src/main.rs).
#[global_allocator]
static ALLOC: mimalloc::MiMalloc = mimalloc::MiMalloc;

use std::path::Path;
use std::time::Instant;

use tmkit::align::{Aligner, Document};

const ONE: &str = "TMKIT_ALIGN_BENCH_ONE";
const HASH: &str = "TMKIT_ALIGN_BENCH_HASH";

/// A hash of the beads: each one's ranges and the bits of its confidence.
fn beads_hash(beads: &[tmkit::align::Bead]) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    for b in beads {
        (b.source.start, b.source.end, b.target.start, b.target.end).hash(&mut h);
        b.confidence.to_bits().hash(&mut h);
    }
    h.finish()
}

fn read(lang: &str) -> String {
    let p = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/align")
        .join(format!("court-fines.{lang}.txt"));
    std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

/// `copies` copies of `text`, the numbers of copy `k` changed (`2019` → `2019 + k`…).
fn document(text: &str, copies: usize) -> String {
    let mut out = String::with_capacity(text.len() * copies);
    for k in 0..copies {
        let copy = text
            .replace("2019", &(2019 + k % 7).to_string())
            .replace("14", &(14 + k % 13).to_string())
            .replace("300", &(300 + k).to_string());
        out.push_str(&copy);
        out.push_str("\n\n");
    }
    out
}

/// Seconds this thread has run on a CPU (`/proc/self/schedstat`): on a busy machine, the
/// work itself, without the time spent waiting for a core.
fn cpu_seconds() -> f64 {
    std::fs::read_to_string("/proc/self/schedstat")
        .ok()
        .and_then(|s| s.split_whitespace().next()?.parse::<f64>().ok())
        .map_or(0.0, |ns| ns / 1e9)
}

fn peak_rss_kib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1)?.parse().ok())
        })
        .unwrap_or(0)
}

/// Aligns `copies` copies; prints "sentences seconds peak_kib base_kib".
fn run_one(copies: usize) {
    let en = Document::from_text("en", &document(&read("en"), copies));
    let kk = Document::from_text("kk", &document(&read("kk"), copies));
    let base = peak_rss_kib();
    let cpu = cpu_seconds();
    let started = Instant::now();
    let a = Aligner::new().align(&en, &kk);
    let secs = started.elapsed().as_secs_f64();
    let cpu = cpu_seconds() - cpu;
    let peak = peak_rss_kib();
    assert!(a.beads.len() > en.len() / 2);
    let hash = if std::env::var_os(HASH).is_some() {
        format!(" {:016x}", beads_hash(&a.beads))
    } else {
        String::new()
    };
    println!(
        "{} {} {secs:.3} {peak} {base} {cpu:.3}{hash}",
        en.len(),
        kk.len()
    );
}

fn main() {
    if let Ok(n) = std::env::var(ONE) {
        run_one(n.parse().expect("copies"));
        return;
    }
    let scale: usize = std::env::var("TMKIT_BENCH_SCALE")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(1);
    let per_copy = Document::from_text("en", &read("en")).len();
    let exe = std::env::current_exe().expect("this benchmark");
    let mut first: Option<(f64, f64)> = None;
    println!("sentence alignment, en-kk, release build (each size in its own process)");
    for target in [7_500usize, 15_000, 30_000] {
        let copies = (target * scale).div_ceil(per_copy);
        let out = std::process::Command::new(&exe)
            .env(ONE, copies.to_string())
            .output()
            .expect("run one size");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let line = String::from_utf8_lossy(&out.stdout);
        let f: Vec<&str> = line.split_whitespace().collect();
        let (n, m, secs, peak, base, cpu): (usize, usize, f64, f64, f64, f64) = (
            f[0].parse().unwrap_or(0),
            f[1].parse().unwrap_or(0),
            f[2].parse().unwrap_or(0.0),
            f[3].parse().unwrap_or(0.0),
            f[4].parse().unwrap_or(0.0),
            f[5].parse().unwrap_or(0.0),
        );
        let grown = (peak - base).max(1.0);
        let (t1, m1) = *first.get_or_insert((secs, grown));
        println!(
            "  {n:>6} en / {m:>6} kk sentences: {secs:6.2} s (x{:.2}), {cpu:6.2} s on a CPU  peak {:.0} MiB, {:.0} MiB while aligning (x{:.2}){}",
            secs / t1,
            peak / 1024.0,
            grown / 1024.0,
            grown / m1,
            f.get(6).map_or(String::new(), |h| format!("  beads {h}"))
        );
    }
}
