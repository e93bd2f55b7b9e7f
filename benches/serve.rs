//! Load test of `tmkit serve` (loopback only; it stops by itself): 32 concurrent clients
//! for 10 s of mixed lookups (8 in 10) and concordances (2 in 10, `SERVE_BENCH_CONCORDANCES`)
//! against a generated TM, while a `tmkit import` process writes 100,000 more units into
//! the same TM (started a second into the run; `SERVE_BENCH_IMPORT=N` units, 0 for none). Prints requests per second, p50/p90/p99/max per kind of request, errors, any
//! "database is locked" the server logged, the units imported meanwhile, and the server's
//! resident memory over time, and the CPU time the server used per request (a figure that
//! depends less on what else the machine runs). Fails (panics) on any error or lock.
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

/// A process's resident memory (KiB): its own (anonymous: heaps, SQLite's page caches) and
/// the pages of files it maps (the TM, read through a memory map: shared with the page
/// cache, given back under memory pressure).
fn rss_kib(pid: u32) -> Option<(u64, u64)> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let field = |name: &str| -> Option<u64> {
        status
            .lines()
            .find(|l| l.starts_with(name))?
            .split_whitespace()
            .nth(1)?
            .parse()
            .ok()
    };
    Some((field("RssAnon:")?, field("RssFile:")?))
}

/// CPU time a process has used (user + system), from `/proc/PID/stat` (clock ticks of
/// 1/100 s, Linux's `USER_HZ`).
fn cpu_seconds(pid: u32) -> Option<f64> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    // The fields after the command name (which may hold spaces, in parentheses).
    let rest = &stat[stat.rfind(')')? + 2..];
    let f: Vec<&str> = rest.split_whitespace().collect();
    let ticks: u64 = f.get(11)?.parse::<u64>().ok()? + f.get(12)?.parse::<u64>().ok()?;
    Some(ticks as f64 / 100.0)
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
    // What the import writes during the run: fresh units (none with SERVE_BENCH_IMPORT=0).
    let chunk = env_usize("SERVE_BENCH_IMPORT", 100_000);
    let incoming = dir.join(format!("import-{chunk}.tsv"));
    if chunk > 0 && !incoming.exists() {
        table(&incoming, chunk, 1000);
    }
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
    let mix = env_usize("SERVE_BENCH_CONCORDANCES", 2);
    let cpu_before = cpu_seconds(pid).unwrap_or(0.0);
    let running = Arc::new(AtomicBool::new(true));
    let start = Instant::now();

    // The import: one `tmkit import` process, started a second into the run.
    let importer = {
        let db = db.clone();
        std::thread::spawn(move || {
            if chunk == 0 {
                return None;
            }
            std::thread::sleep(Duration::from_secs(1));
            let began = start.elapsed();
            Some((began, import(&db, &incoming)))
        })
    };
    // The server's memory, twice a second.
    let sampler = {
        let running = Arc::clone(&running);
        std::thread::spawn(move || {
            let mut samples = Vec::new();
            while running.load(Ordering::Relaxed) {
                samples.push((
                    start.elapsed().as_secs_f64(),
                    rss_kib(pid).unwrap_or((0, 0)),
                ));
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
                    let concordance = k % 10 < mix;
                    let url = if concordance {
                        let p = &phrases[k % phrases.len()];
                        format!("{base_url}/api/concordance?q={}&limit=20", encode(p))
                    } else {
                        let q = &queries[k % queries.len()];
                        format!("{base_url}/api/lookup?q={}", encode(q))
                    };
                    let t = Instant::now();
                    let done: Result<String, String> = match agent.get(&url).call() {
                        Ok(r) => r.into_string().map_err(|e| e.to_string()),
                        Err(e) => Err(e.to_string()),
                    };
                    let took = t.elapsed();
                    match done {
                        Ok(_) if concordance => mine.concordances.push(took),
                        Ok(_) => mine.lookups.push(took),
                        Err(e) => mine.errors.push(e),
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
    let server_cpu = cpu_seconds(pid).unwrap_or(0.0) - cpu_before;
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
    println!(
        "  server CPU {server_cpu:.1} s over {elapsed:.1} s: {:.2} ms of CPU per request; load average {}",
        1000.0 * server_cpu / total.max(1) as f64,
        std::fs::read_to_string("/proc/loadavg")
            .unwrap_or_default()
            .split_whitespace()
            .take(3)
            .collect::<Vec<_>>()
            .join(" ")
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
    if let Some((began, took)) = imports {
        println!(
            "  import of {chunk} units during the run: from {:.1} s to {:.1} s ({:.0} units/s)",
            began.as_secs_f64(),
            (began + took).as_secs_f64(),
            chunk as f64 / took.as_secs_f64()
        );
    }
    let rss: Vec<String> = samples
        .iter()
        .map(|(s, (anon, file))| format!("{s:.1}s:{}+{}", anon / 1024, file / 1024))
        .collect();
    println!(
        "  server RSS (MiB, own + mapped TM file pages): {}",
        rss.join(" ")
    );
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
}
