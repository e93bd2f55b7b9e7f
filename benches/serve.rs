//! Load test of `tmkit serve` (loopback only; it stops by itself): 32 concurrent clients
//! for 10 s of mixed lookups (4 in 5) and concordances (1 in 5) against a generated TM,
//! while other `tmkit import` processes write into the same TM one after the other for the
//! whole run. Prints requests per second, p50/p90/p99/max per kind of request, errors, any
//! "database is locked" the server logged, the units imported meanwhile, and the server's
//! resident memory over time. Fails (panics) on any error or lock.
//!
//! `cargo bench --bench serve`; the TM size is `SERVE_BENCH_UNITS` (default 100,000),
//! the duration `SERVE_BENCH_SECS` (10), the clients `SERVE_BENCH_CLIENTS` (32), the
//! server's workers `SERVE_BENCH_WORKERS` (its default: one per CPU). Files go to
//! `target/serve-bench/`.

use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use tmkit_testkit as generate;

const SEED: u64 = 42;
const TMKIT: &str = env!("CARGO_BIN_EXE_tmkit");

fn env_usize(k: &str, d: usize) -> usize {
    std::env::var(k)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(d)
}

/// Writes `n` generated units (en, kk, ru) from `seed` as a TSV table.
fn table(path: &Path, n: usize, seed: u64) {
    let mut out = std::io::BufWriter::new(std::fs::File::create(path).expect("create table"));
    writeln!(out, "en\tkk\tru").unwrap();
    let clean = |s: &str| s.replace(['\t', '\n', '\r', '\\'], " ");
    for u in generate::corpus(n, seed) {
        writeln!(
            out,
            "{}\t{}\t{}",
            clean(&u.source),
            clean(&u.kk),
            clean(&u.ru)
        )
        .unwrap();
    }
    out.flush().unwrap();
}

fn import(db: &Path, file: &Path) -> Duration {
    let t = Instant::now();
    let out = Command::new(TMKIT)
        .arg("--db")
        .arg(db)
        .arg("import")
        .arg(file)
        .output()
        .expect("tmkit import runs");
    assert!(
        out.status.success(),
        "import {}: {}",
        file.display(),
        String::from_utf8_lossy(&out.stderr)
    );
    t.elapsed()
}

fn rss_kib(pid: u32) -> Option<u64> {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .ok()?
        .lines()
        .find(|l| l.starts_with("VmRSS:"))?
        .split_whitespace()
        .nth(1)?
        .parse()
        .ok()
}

fn pct(sorted: &[Duration], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    sorted[((sorted.len() as f64 - 1.0) * p).round() as usize].as_secs_f64() * 1000.0
}

fn encode(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(b as char)
            }
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

#[derive(Default)]
struct Tally {
    lookups: Vec<Duration>,
    concordances: Vec<Duration>,
    errors: Vec<String>,
}

fn main() {
    let n = env_usize("SERVE_BENCH_UNITS", 100_000);
    let secs = env_usize("SERVE_BENCH_SECS", 10) as u64;
    let clients = env_usize("SERVE_BENCH_CLIENTS", 32);
    let workers = std::env::var("SERVE_BENCH_WORKERS").ok();
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/serve-bench");
    std::fs::create_dir_all(&dir).unwrap();

    // The TM: built once per size from a generated table, copied fresh for each run.
    let base = dir.join(format!("tm-{n}.db"));
    if !base.exists() {
        let t = dir.join(format!("tm-{n}.tsv"));
        table(&t, n, SEED);
        let part = dir.join(format!("tm-{n}.db.part"));
        let _ = std::fs::remove_file(&part);
        let took = import(&part, &t);
        std::fs::rename(&part, &base).unwrap();
        let _ = std::fs::remove_file(&t);
        println!("built a TM of {n} units in {:.1} s", took.as_secs_f64());
    }
    let db = dir.join("run.db");
    for ext in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{ext}", db.display()));
    }
    std::fs::copy(&base, &db).unwrap();
    // What the imports write during the run: chunks of fresh units.
    let chunk = 20_000;
    let chunks: Vec<PathBuf> = (0..8u64)
        .map(|k| {
            let p = dir.join(format!("import-{k}.tsv"));
            if !p.exists() {
                table(&p, chunk, 1000 + k);
            }
            p
        })
        .collect();
    // The concordance tables are filled on the first concordance after an import: once
    // here, as a server that has answered one concordance would have them.
    let out = Command::new(TMKIT)
        .arg("--db")
        .arg(&db)
        .args(["concordance", "--limit", "1", "police"])
        .output()
        .unwrap();
    assert!(out.status.success());

    let mut server = Command::new(TMKIT);
    server
        .arg("--db")
        .arg(&db)
        .args(["serve", "--addr", "127.0.0.1:0"]);
    if let Some(w) = &workers {
        server.args(["--workers", w]);
    }
    let mut server = server
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("tmkit serve starts");
    let pid = server.id();
    let mut stderr = BufReader::new(server.stderr.take().unwrap());
    let mut first = String::new();
    stderr.read_line(&mut first).unwrap();
    let base_url = first
        .split_whitespace()
        .find_map(|w| w.strip_prefix("http://"))
        .map(|a| format!("http://{}", a.trim_end_matches('/')))
        .unwrap_or_else(|| panic!("the server did not start: {first}"));
    let log_lines = Arc::new(AtomicU64::new(0));
    let problems = Arc::new(Mutex::new(Vec::<String>::new()));
    let drain = {
        let (lines, problems) = (Arc::clone(&log_lines), Arc::clone(&problems));
        std::thread::spawn(move || {
            for line in stderr.lines().map_while(Result::ok) {
                lines.fetch_add(1, Ordering::Relaxed);
                let status = line.split_whitespace().nth(4).unwrap_or("");
                if line.contains("locked") || status.starts_with('5') {
                    problems.lock().unwrap().push(line);
                }
            }
        })
    };

    let queries = generate::queries(n, SEED, 1000);
    let phrases: Vec<String> = queries
        .iter()
        .filter_map(|q| {
            let w: Vec<&str> = q.split_whitespace().collect();
            (w.len() >= 4).then(|| format!("{} {}", w[1], w[2]))
        })
        .collect();
    let running = Arc::new(AtomicBool::new(true));
    let start = Instant::now();

    // The imports: one process after the other, for the whole run.
    let importer = {
        let (running, db) = (Arc::clone(&running), db.clone());
        std::thread::spawn(move || {
            let mut done = Vec::new();
            for c in chunks.iter().cycle() {
                if !running.load(Ordering::Relaxed) {
                    break;
                }
                done.push(import(&db, c));
            }
            done
        })
    };
    // The server's memory, twice a second.
    let sampler = {
        let running = Arc::clone(&running);
        std::thread::spawn(move || {
            let mut samples = Vec::new();
            while running.load(Ordering::Relaxed) {
                samples.push((start.elapsed().as_secs_f64(), rss_kib(pid).unwrap_or(0)));
                std::thread::sleep(Duration::from_millis(500));
            }
            samples
        })
    };
    let deadline = start + Duration::from_secs(secs);
    let tally = Arc::new(Mutex::new(Tally::default()));
    let threads: Vec<_> = (0..clients)
        .map(|c| {
            let (queries, phrases, tally, base_url) = (
                queries.clone(),
                phrases.clone(),
                Arc::clone(&tally),
                base_url.clone(),
            );
            std::thread::spawn(move || {
                let agent = ureq::AgentBuilder::new()
                    .timeout(Duration::from_secs(30))
                    .build();
                let mut mine = Tally::default();
                let mut k = c * 7919;
                while Instant::now() < deadline {
                    k += 1;
                    let concordance = k % 5 == 0;
                    let url = if concordance {
                        let p = &phrases[k % phrases.len()];
                        format!("{base_url}/api/concordance?q={}&limit=20", encode(p))
                    } else {
                        let q = &queries[k % queries.len()];
                        format!("{base_url}/api/lookup?q={}", encode(q))
                    };
                    let t = Instant::now();
                    let done = agent
                        .get(&url)
                        .call()
                        .and_then(|r| r.into_string().map_err(|e| ureq::Error::from(e)));
                    let took = t.elapsed();
                    match done {
                        Ok(_) if concordance => mine.concordances.push(took),
                        Ok(_) => mine.lookups.push(took),
                        Err(e) => mine.errors.push(e.to_string()),
                    }
                }
                let mut all = tally.lock().unwrap();
                all.lookups.extend(mine.lookups);
                all.concordances.extend(mine.concordances);
                all.errors.extend(mine.errors);
            })
        })
        .collect();
    for t in threads {
        t.join().unwrap();
    }
    let elapsed = start.elapsed().as_secs_f64();
    running.store(false, Ordering::Relaxed);
    let imports = importer.join().unwrap();
    let samples = sampler.join().unwrap();
    let _ = Command::new("kill")
        .args(["-TERM", &pid.to_string()])
        .status();
    let stopped = server.wait().unwrap();
    drain.join().unwrap();

    let mut t = Arc::try_unwrap(tally).ok().unwrap().into_inner().unwrap();
    t.lookups.sort();
    t.concordances.sort();
    let total = t.lookups.len() + t.concordances.len();
    println!(
        "serve: {n} units, {clients} clients, {elapsed:.1} s, workers {}",
        workers.as_deref().unwrap_or("default")
    );
    println!(
        "  requests {total} ({:.0}/s), errors {}; server log lines {}",
        total as f64 / elapsed,
        t.errors.len(),
        log_lines.load(Ordering::Relaxed)
    );
    for (what, d) in [("lookup", &t.lookups), ("concordance", &t.concordances)] {
        println!(
            "  {what:<12} {:>7} ({:>6.0}/s)  p50 {:>6.2} ms  p90 {:>6.2} ms  p99 {:>6.2} ms  max {:>7.2} ms",
            d.len(),
            d.len() as f64 / elapsed,
            pct(d, 0.5),
            pct(d, 0.9),
            pct(d, 0.99),
            pct(d, 1.0)
        );
    }
    let imported = imports.len() * chunk;
    println!(
        "  imports during the run: {} of {chunk} units ({imported} units), each {:.2}–{:.2} s",
        imports.len(),
        imports
            .iter()
            .map(Duration::as_secs_f64)
            .fold(f64::INFINITY, f64::min),
        imports
            .iter()
            .map(Duration::as_secs_f64)
            .fold(0.0, f64::max)
    );
    let rss: Vec<String> = samples
        .iter()
        .map(|(s, kib)| format!("{s:.1}s:{}MiB", kib / 1024))
        .collect();
    println!("  server RSS: {}", rss.join(" "));
    println!("  server stopped: {stopped}");
    let problems = problems.lock().unwrap();
    for p in problems.iter().take(10) {
        println!("  server: {p}");
    }
    for e in t.errors.iter().take(10) {
        println!("  client error: {e}");
    }
    assert!(t.errors.is_empty(), "{} requests failed", t.errors.len());
    assert!(
        problems.is_empty(),
        "the server logged {} problems",
        problems.len()
    );
    assert!(!imports.is_empty(), "no import ran during the load");
}
