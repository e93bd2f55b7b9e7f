//! Lookup benchmark on a generated TM (`tmkit_testkit`), printing figures.
//!
//! `cargo bench --bench lookup` uses 100,000 units; set `FUZZY_BENCH_UNITS=1000000` for the
//! target size. The TM is built once into `target/fuzzy-bench/` (or `FUZZY_BENCH_DIR`) and
//! reused. Prints: import
//! and index-build throughput (when building), lookup p50/p90/p99/max over 1,000 generated
//! queries (a third exact, a third near-duplicates, a third fresh sentences) at --min 75
//! and 50 (ids and scores), recall against `--exhaustive` on a sample, peak memory
//! (VmHWM), lookups at --min 75 with the units and diffs `tmkit lookup` prints, and a
//! comparison of edit-distance implementations (this crate's bit-parallel, strsim,
//! rapidfuzz).
//!
//! `FUZZY_BENCH_TRACE=N`: instead, the figures per kind of query and the `N` slowest
//! queries with the postings each read. `FUZZY_BENCH_TSV=PATH`: only writes the profile's
//! units as a table for `tmkit import` (to time the real import at the same size).
//! `FUZZY_BENCH_QUERY=TEXT[|TEXT…]`: only times the generated queries containing each TEXT
//! (`FUZZY_BENCH_REPS` times each), to profile one slow query. `FUZZY_BENCH_ONLY_75`: only
//! the `--min 75` pass (ranking), to profile it alone. `FUZZY_BENCH_DUMP=PATH`: also
//! appends to `PATH` the ids, scores and character similarities each query ranks at
//! `--min 75` and 50 (untimed), to compare two builds' results. The generated queries are
//! cached beside the TM (`TM.queries-N.txt`): generating them replays the TM's generator.
//! Beside the times, each pass prints a work estimate from the postings, candidates and
//! sources each query read (`work_ms`), which the load of a shared machine does not move.
//!
//! The lookups read through a session with a twin, as `tmkit lookup --batch` does: those
//! whose prefixes hold `fuzzy::SPLIT_AFTER` entries or more read on two threads.
//! `FUZZY_BENCH_SPLIT_AFTER=N` splits at `N` instead (a huge `N` never splits: the same
//! binary on one thread); each pass prints the lookups split and the longer thread's work.
//! `FUZZY_BENCH_BEST_OF=R`: each query's time is its best of `R` runs.
//! `FUZZY_BENCH_DIR=DIR`: the TMs are read (or built) in `DIR`, not `target/fuzzy-bench/`.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use tmkit::fuzzy::{self, LookupOptions, Matcher};
use tmkit::import::Sink;
use tmkit::store::{Store, UnitInput, VariantInput};
use tmkit::{index, text};
use tmkit_testkit::{self as generate, Profile};

const SEED: u64 = 42;

fn env_usize(k: &str, d: usize) -> usize {
    std::env::var(k)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(d)
}

fn vm_hwm_kib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1).and_then(|v| v.parse().ok()))
        })
        .unwrap_or(0)
}

fn pct(sorted: &[Duration], p: f64) -> Duration {
    sorted[((sorted.len() as f64 - 1.0) * p).round() as usize]
}

/// Builds (or reuses) the TM of `n` units generated with `profile`; returns its path.
pub fn build(profile: Profile, n: usize) -> PathBuf {
    // `FUZZY_BENCH_DIR` reads (or builds) the TMs in another folder: another worktree's.
    let dir = std::env::var_os("FUZZY_BENCH_DIR").map_or_else(
        || PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/fuzzy-bench"),
        PathBuf::from,
    );
    std::fs::create_dir_all(&dir).expect("create the bench's TM folder");
    let name = match profile {
        Profile::News => format!("tm-{n}-s{SEED}.db"),
        p => format!("tm-{}-{n}-s{SEED}.db", p.name()),
    };
    let path = dir.join(&name);
    if path.exists() {
        return path;
    }
    let tmp = dir.join(format!("{name}.part"));
    let _ = std::fs::remove_file(&tmp);
    let mut store = Store::open(&tmp).expect("open bench TM");
    let t0 = Instant::now();
    let tx = store.begin("bench").expect("begin");
    // Stored first, indexed apart: the two are timed on their own.
    let mut sink = Sink::index_later(&tx).expect("sink");
    for u in profile.corpus(n, SEED) {
        sink.add(UnitInput {
            src_lang: "en".into(),
            source: u.source,
            targets: vec![
                VariantInput {
                    lang: "kk".into(),
                    text: u.kk,
                    ..Default::default()
                },
                VariantInput {
                    lang: "ru".into(),
                    text: u.ru,
                    ..Default::default()
                },
            ],
            ..Default::default()
        })
        .expect("add");
    }
    sink.finish().expect("finish");
    let t_import = t0.elapsed();
    let t1 = Instant::now();
    let indexed = index::sync_index(tx.conn()).expect("sync_index");
    let t_index = t1.elapsed();
    tx.commit().expect("commit");
    let t_all = t0.elapsed();
    drop(store);
    std::fs::rename(&tmp, &path).expect("rename");
    for ext in ["-wal", "-shm"] {
        let mut a = tmp.clone().into_os_string();
        a.push(ext);
        let mut b = path.clone().into_os_string();
        b.push(ext);
        let _ = std::fs::rename(a, b);
    }
    println!(
        "built {n} {} units: store import {:.1} s ({:.0} units/s), \
         token index (sync_index) {:.2} s ({:.0} units/s), total with commit {:.1} s",
        profile.name(),
        t_import.as_secs_f64(),
        n as f64 / t_import.as_secs_f64(),
        t_index.as_secs_f64(),
        indexed as f64 / t_index.as_secs_f64(),
        t_all.as_secs_f64()
    );
    path
}

/// The `nq` generated queries of the TM at `path`, cached beside it (`TM.queries-NQ.txt`, one
/// a line): generating them replays the TM's whole generator (a minute at 10M units).
fn queries_of(profile: Profile, path: &std::path::Path, n: usize, nq: usize) -> Vec<String> {
    let mut cache = path.as_os_str().to_owned();
    cache.push(format!(".queries-{nq}.txt"));
    let cache = PathBuf::from(cache);
    if let Ok(text) = std::fs::read_to_string(&cache) {
        let queries: Vec<String> = text.lines().map(str::to_string).collect();
        if queries.len() == nq {
            return queries;
        }
    }
    let queries = profile.queries(n, SEED, nq);
    if queries.iter().all(|q| !q.contains('\n')) {
        let _ = std::fs::write(&cache, queries.join("\n") + "\n");
    }
    queries
}

/// Writes the units `build` would store as a TSV table with the header `en kk ru` (the
/// generated texts hold no tab or line break).
fn write_tsv(profile: Profile, n: usize, path: &std::path::Path) {
    use std::io::Write;
    let mut w = std::io::BufWriter::new(std::fs::File::create(path).expect("create TSV"));
    writeln!(w, "en\tkk\tru").expect("write");
    for u in profile.corpus(n, SEED) {
        writeln!(w, "{}\t{}\t{}", u.source, u.kk, u.ru).expect("write");
    }
    w.flush().expect("flush");
    println!("wrote {n} {} units to {}", profile.name(), path.display());
}

/// What a timed lookup returns.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Returns {
    /// Ids and scores (`Matcher::rank`): the index lookup, scoring and ranking.
    Ranking,
    /// Matches with their units and diffs (`Matcher::lookup`), as `tmkit lookup` prints them.
    Matches,
}

/// The matcher's split threshold: `FUZZY_BENCH_SPLIT_AFTER` (a huge value never splits),
/// else [`fuzzy::SPLIT_AFTER`], as `tmkit lookup --batch` splits.
fn split_after() -> usize {
    env_usize("FUZZY_BENCH_SPLIT_AFTER", fuzzy::SPLIT_AFTER)
}

fn run_lookups(store: &Store, queries: &[String], min: u32, returns: Returns) -> Percentiles {
    // One read session for all queries, as `tmkit lookup --batch` reads: with a twin, the
    // slow lookups read on two threads.
    let session = fuzzy::lookup_session_split(store).expect("session");
    let mut m = Matcher::new(&session)
        .expect("matcher")
        .split_after(split_after());
    let best_of = env_usize("FUZZY_BENCH_BEST_OF", 1).max(1);
    let opts = LookupOptions {
        min,
        limit: 5,
        ..Default::default()
    };
    let run = |m: &mut Matcher<'_>, q: &str| -> usize {
        match returns {
            Returns::Ranking => {
                let q = text::tokenize::Tokens::new(q.trim());
                m.rank(&q, None, &opts).expect("rank").len()
            }
            Returns::Matches => m.lookup(q, &opts).expect("lookup").len(),
        }
    };
    // Warm-up (page cache, prepared statements).
    for q in queries.iter().take(50) {
        run(&mut m, q);
    }
    let mut times = Vec::with_capacity(queries.len());
    let mut work: Vec<f64> = Vec::with_capacity(queries.len());
    let mut longer: Vec<f64> = Vec::with_capacity(queries.len());
    let (mut cands, mut entries, mut hits, mut read) = (0usize, 0usize, 0usize, 0usize);
    let (mut split, mut joined) = (0usize, 0usize);
    for q in queries {
        let mut took = Duration::MAX;
        let mut found = 0;
        for _ in 0..best_of {
            let t = Instant::now();
            found = run(&mut m, q);
            took = took.min(t.elapsed());
        }
        times.push(took);
        work.push(work_ms(&m.stats));
        longer.push(longer_thread_ms(&m.stats));
        split += usize::from(m.stats.split);
        joined += usize::from(m.stats.twin.joined);
        cands += m.stats.candidates;
        read += m.stats.sources_read;
        entries += m.stats.entries_read;
        hits += usize::from(found > 0);
    }
    if let (Some(path), Returns::Ranking) = (std::env::var_os("FUZZY_BENCH_DUMP"), returns) {
        dump(&mut m, queries, &opts, &PathBuf::from(path));
    }
    times.sort();
    work.sort_by(f64::total_cmp);
    longer.sort_by(f64::total_cmp);
    let n = queries.len();
    println!(
        "split at {} entries (twin: {}): {split} lookups split, {joined} of them read by two \
         threads; the longer thread's work p50 {:.2} ms, p99 {:.2} ms, mean {:.2} ms{}",
        split_after(),
        if session.has_twin() { "yes" } else { "no" },
        longer[(n - 1) / 2],
        longer[((n as f64 - 1.0) * 0.99).round() as usize],
        longer.iter().sum::<f64>() / n as f64,
        if best_of > 1 {
            format!("; times: each query's best of {best_of} runs")
        } else {
            String::new()
        },
    );
    println!(
        "work estimate at --min {min} (10 ns a posting, 2 us a candidate, 4 us a source): \
         p50 {:.2} ms, p90 {:.2} ms, p99 {:.2} ms, max {:.2} ms, mean {:.2} ms",
        work[(n - 1) / 2],
        work[((n as f64 - 1.0) * 0.9).round() as usize],
        work[((n as f64 - 1.0) * 0.99).round() as usize],
        work[n - 1],
        work.iter().sum::<f64>() / n as f64
    );
    let what = match returns {
        Returns::Ranking => "",
        Returns::Matches => " with units and diffs",
    };
    println!(
        "lookup --min {min}{what}: {n} queries, p50 {:.3} ms, p90 {:.3} ms, p99 {:.3} ms, max {:.3} ms; \
         mean postings read {:.0}, mean candidates scored {:.1} (sources read {:.1}), \
         queries with a match {hits}",
        pct(&times, 0.5).as_secs_f64() * 1e3,
        pct(&times, 0.9).as_secs_f64() * 1e3,
        pct(&times, 0.99).as_secs_f64() * 1e3,
        times[n - 1].as_secs_f64() * 1e3,
        entries as f64 / n as f64,
        cands as f64 / n as f64,
        read as f64 / n as f64,
    );
    Percentiles {
        p50: pct(&times, 0.5).as_secs_f64() * 1e3,
        p99: pct(&times, 0.99).as_secs_f64() * 1e3,
    }
}

/// A lookup's work in ms by a fixed model of this machine at 10M units (10 ns a posting entry
/// decoded, 2 µs a candidate's token sequence read and scored, 4 µs a source read and
/// scored): a figure that the load of a shared machine does not move, to compare builds
/// whose wall-clock times the load hides. Not a measurement of time.
fn work_ms(s: &tmkit::fuzzy::LookupStats) -> f64 {
    s.entries_read as f64 * 10e-6 + s.candidates as f64 * 2e-3 + s.sources_read as f64 * 4e-3
}

/// The work of the longer of a split lookup's two threads by the model of [`work_ms`] (the
/// whole lookup's when it was not split): what the lookup would take on two free cores.
fn longer_thread_ms(s: &tmkit::fuzzy::LookupStats) -> f64 {
    let twin = s.twin.entries_read as f64 * 10e-6
        + s.twin.candidates as f64 * 2e-3
        + s.twin.sources_read as f64 * 4e-3;
    let all = work_ms(s);
    twin.max(all - twin)
}

/// Appends to `path` the ids and scores each query ranks at `opts` (one line a query, not
/// timed): to check that two builds give the same results.
fn dump(m: &mut Matcher<'_>, queries: &[String], opts: &LookupOptions, path: &PathBuf) {
    use std::io::Write;
    let mut out = String::new();
    for (i, q) in queries.iter().enumerate() {
        let toks = text::tokenize::Tokens::new(q.trim());
        let found = m.rank(&toks, None, opts).expect("rank");
        let row: Vec<String> = found
            .iter()
            .map(|r| format!("{}:{}:{:.6}", r.id, r.score, r.char_similarity))
            .collect();
        out.push_str(&format!("{} {i} {}\n", opts.min, row.join(" ")));
    }
    std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(path)
        .and_then(|mut f| f.write_all(out.as_bytes()))
        .expect("write FUZZY_BENCH_DUMP");
}

/// Times the generated queries containing each of `texts` (`|`-separated) at `--min 75`,
/// `FUZZY_BENCH_REPS` times each (200 unless set), with their figures: for profiling one
/// slow query (`perf record` on the bench).
fn time_queries(store: &Store, queries: &[String], texts: &str) {
    let session = fuzzy::lookup_session(store).expect("session");
    let mut m = Matcher::new(&session).expect("matcher");
    let opts = LookupOptions {
        min: 75,
        limit: 5,
        ..Default::default()
    };
    for text in texts.split('|') {
        let Some(q) = queries.iter().find(|q| q.contains(text)) else {
            println!("no query contains {text:?}");
            continue;
        };
        let toks = text::tokenize::Tokens::new(q.trim());
        let mut times = Vec::new();
        for _ in 0..env_usize("FUZZY_BENCH_REPS", 200).max(1) {
            let t = Instant::now();
            m.rank(&toks, None, &opts).expect("rank");
            times.push(t.elapsed());
        }
        times.sort();
        println!(
            "min {:.2} / p25 {:.2} / p50 {:.2} ms, postings {}, candidates {} (sources read {}); last run: prefix {:.2} ms, narrow {:.2} ms, verify {:.2} ms: {q}",
            times[0].as_secs_f64() * 1e3,
            pct(&times, 0.25).as_secs_f64() * 1e3,
            pct(&times, 0.5).as_secs_f64() * 1e3,
            m.stats.entries_read,
            m.stats.candidates,
            m.stats.sources_read,
            m.stats.prefix_ns as f64 / 1e6,
            m.stats.narrow_ns as f64 / 1e6,
            m.stats.verify_ns as f64 / 1e6,
        );
    }
}

/// Per query: time, postings read and candidates at `min`; prints the figures by kind of
/// query (the generators' queries cycle through four kinds) and the `FUZZY_BENCH_TRACE=N`
/// slowest queries with their figures.
fn trace_lookups(store: &Store, queries: &[String], min: u32) {
    let session = fuzzy::lookup_session(store).expect("session");
    let mut m = Matcher::new(&session).expect("matcher");
    let opts = LookupOptions {
        min,
        limit: 5,
        ..Default::default()
    };
    let mut rows = Vec::new();
    for (i, q) in queries.iter().enumerate() {
        let toks = text::tokenize::Tokens::new(q.trim());
        m.rank(&toks, None, &opts).expect("rank");
        let t = Instant::now();
        m.rank(&toks, None, &opts).expect("rank");
        rows.push((t.elapsed(), i, m.stats));
    }
    let kinds = ["exact", "near-dup", "instance", "fresh"];
    for (k, kind) in kinds.iter().enumerate() {
        let of: Vec<_> = rows.iter().filter(|r| r.1 % 4 == k).collect();
        let n = of.len().max(1) as f64;
        let mut t: Vec<Duration> = of.iter().map(|r| r.0).collect();
        t.sort();
        println!(
            "  kind {kind}: {} queries, p50 {:.2} ms, p90 {:.2} ms, mean postings {:.0}, mean candidates {:.0}",
            of.len(),
            pct(&t, 0.5).as_secs_f64() * 1e3,
            pct(&t, 0.9).as_secs_f64() * 1e3,
            of.iter().map(|r| r.2.entries_read).sum::<usize>() as f64 / n,
            of.iter().map(|r| r.2.candidates).sum::<usize>() as f64 / n,
        );
    }
    rows.sort_by_key(|r| std::cmp::Reverse(r.0));
    let show = env_usize("FUZZY_BENCH_TRACE", 20);
    for (t, i, st) in rows.iter().take(show) {
        // The answer's size: every unit scoring at least the top's cut (all of them are
        // verified, ties being ranked by character similarity).
        let toks = text::tokenize::Tokens::new(queries[*i].trim());
        let top = m.rank(&toks, None, &opts).expect("rank");
        let cut = if top.len() == opts.limit {
            top.last().map_or(min, |r| r.score.min(100))
        } else {
            min
        };
        let all = LookupOptions {
            min: cut,
            limit: 0,
            ..opts.clone()
        };
        let at_cut = m.rank(&toks, None, &all).expect("rank").len();
        // What the lookup would read had it known its cut from the start.
        let known = LookupOptions {
            min: cut,
            ..opts.clone()
        };
        m.rank(&toks, None, &known).expect("rank");
        let oracle = m.stats;
        println!(
            "{:.2} ms [{}] postings {} candidates {} (sources read {}) lists {}, {at_cut} units at the cut {cut} or more (at the cut from the start: postings {}, candidates {}): {}",
            t.as_secs_f64() * 1e3,
            kinds[i % 4],
            st.entries_read,
            st.candidates,
            st.sources_read,
            st.lists_read,
            oracle.entries_read,
            oracle.candidates,
            queries[*i]
        );
    }
}

fn recall(store: &Store, queries: &[String], sample: usize) {
    if sample == 0 {
        return;
    }
    let session = fuzzy::lookup_session(store).expect("session");
    let mut m = Matcher::new(&session).expect("matcher");
    let (mut same, mut total, mut found) = (0, 0, 0);
    let t = Instant::now();
    for q in queries
        .iter()
        .step_by((queries.len() / sample).max(1))
        .take(sample)
    {
        let tokens = text::tokenize::Tokens::new(q.trim());
        for min in [50, 75] {
            let opts = LookupOptions {
                min,
                limit: 0,
                ..Default::default()
            };
            let a = m.rank(&tokens, None, &opts).expect("indexed");
            let b = m
                .rank(
                    &tokens,
                    None,
                    &LookupOptions {
                        exhaustive: true,
                        ..opts.clone()
                    },
                )
                .expect("exhaustive");
            let ka: Vec<_> = a.iter().map(|x| (x.id, x.score)).collect();
            let kb: Vec<_> = b.iter().map(|x| (x.id, x.score)).collect();
            total += 1;
            found += kb.len();
            if ka == kb {
                same += 1;
            } else {
                println!(
                    "MISMATCH at --min {min} for {q:?}: indexed {} vs exhaustive {}",
                    ka.len(),
                    kb.len()
                );
            }
        }
    }
    println!(
        "recall vs --exhaustive: {same}/{total} lookups identical ({found} matches in all; {:.1} s)",
        t.elapsed().as_secs_f64()
    );
}

/// Rebuilds the token index and the FTS5 tables from scratch inside a transaction that is
/// rolled back, timing each (the index-building throughput, apart from the store's own work).
fn rebuild(store: &Store, n: usize) {
    let c = store.conn();
    c.execute_batch("BEGIN").expect("begin");
    c.execute_batch("DELETE FROM fz_postings; DELETE FROM fz_tokens; DELETE FROM fz_units; DELETE FROM fz_state;")
        .expect("clear");
    let t = Instant::now();
    let k = index::sync_index(c).expect("sync");
    let tok = t.elapsed().as_secs_f64();
    let t = Instant::now();
    c.execute_batch(
        "INSERT INTO fz_fts_units(fz_fts_units) VALUES ('rebuild');
         INSERT INTO fz_fts_variants(fz_fts_variants) VALUES ('rebuild');",
    )
    .expect("fts");
    let fts = t.elapsed().as_secs_f64();
    c.execute_batch("ROLLBACK").expect("rollback");
    println!(
        "index build from scratch: token index {k} units in {tok:.2} s ({:.0} units/s); \
         FTS5 over source + kk + ru {fts:.2} s ({:.0} units/s)",
        k as f64 / tok,
        n as f64 / fts
    );
}

fn compare_crates(queries: &[String]) {
    // Token level: query-local ids, as the verifier sees them.
    let mut g = generate::corpus(2000, 7);
    let texts: Vec<String> = (&mut g).map(|u| u.source).collect();
    let q = text::tokenize::Tokens::new(&queries[1]);
    let pattern = fuzzy::Pattern::new(q.content_keys());
    let qkeys: Vec<&str> = q.content_keys().collect();
    let toks: Vec<text::tokenize::Tokens> = texts
        .iter()
        .map(|t| text::tokenize::Tokens::new(t))
        .collect();
    let ids = |t: &text::tokenize::Tokens| -> Vec<u32> {
        t.content_keys()
            .map(|k| {
                qkeys
                    .iter()
                    .position(|x| *x == k)
                    .map_or(u32::MAX, |p| p as u32)
            })
            .collect()
    };
    let qids = ids(&q);
    let sids: Vec<Vec<u32>> = toks.iter().map(ids).collect();
    let reps = 50;
    let time = |name: &str, f: &mut dyn FnMut() -> usize| {
        let t = Instant::now();
        let mut acc = 0;
        for _ in 0..reps {
            acc += f();
        }
        let per = t.elapsed().as_secs_f64() * 1e9 / (reps * texts.len()) as f64;
        println!("  {name:<58} {per:>8.0} ns/pair (checksum {acc})");
    };
    println!(
        "edit distance over token sequences ({} pairs x {reps}):",
        texts.len()
    );
    time("tmkit Pattern (bit-parallel, string keys)", &mut || {
        toks.iter()
            .map(|t| pattern.distance(t.content_keys()))
            .sum()
    });
    let locals: Vec<Vec<u32>> = toks
        .iter()
        .map(|t| {
            t.content_keys()
                .map(|k| pattern.local_id(k).unwrap_or(u32::MAX))
                .collect()
        })
        .collect();
    time(
        "tmkit Pattern::distance_local (bit-parallel, u32 ids)",
        &mut || locals.iter().map(|s| pattern.distance_local(s)).sum(),
    );
    time("strsim::generic_levenshtein (u32 ids)", &mut || {
        sids.iter()
            .map(|s| strsim::generic_levenshtein(&qids, s))
            .sum()
    });
    let rf = rapidfuzz::distance::levenshtein::BatchComparator::new(qids.iter().copied());
    time(
        "rapidfuzz levenshtein BatchComparator (u32 ids)",
        &mut || sids.iter().map(|s| rf.distance(s.iter().copied())).sum(),
    );
    time(
        "tmkit tokenize + bit-parallel (what a verification costs)",
        &mut || {
            let mut t = text::tokenize::Tokens::default();
            texts
                .iter()
                .map(|s| {
                    t.reset(s);
                    pattern.distance(t.content_keys())
                })
                .sum()
        },
    );
    println!("character-level normalized similarity (tie-breaker):");
    let qt = &queries[1];
    time("strsim::normalized_levenshtein", &mut || {
        texts
            .iter()
            .map(|s| (strsim::normalized_levenshtein(qt, s) * 1000.0) as usize)
            .sum()
    });
    time("rapidfuzz levenshtein::normalized_similarity", &mut || {
        texts
            .iter()
            .map(|s| {
                (rapidfuzz::distance::levenshtein::normalized_similarity(qt.chars(), s.chars())
                    * 1000.0) as usize
            })
            .sum()
    });
}

fn main() {
    if std::env::args().any(|a| a == "--list") {
        println!("lookup: bench");
        return;
    }
    let n = env_usize("FUZZY_BENCH_UNITS", 100_000);
    let nq = env_usize("FUZZY_BENCH_QUERIES", 1000);
    // Both profiles unless FUZZY_BENCH_PROFILE names one (news, boilerplate).
    let profiles: Vec<Profile> = match std::env::var("FUZZY_BENCH_PROFILE") {
        Ok(p) => vec![Profile::from_name(&p).expect("FUZZY_BENCH_PROFILE: news or boilerplate")],
        Err(_) => Profile::ALL.to_vec(),
    };
    if let Some(path) = std::env::var_os("FUZZY_BENCH_TSV") {
        // The TM's units as a table for `tmkit import` (en, kk, ru), nothing else.
        for profile in profiles {
            write_tsv(profile, n, &PathBuf::from(&path));
        }
        return;
    }
    let only_lookup = std::env::var_os("FUZZY_BENCH_ONLY_LOOKUP").is_some();
    let mut table = Vec::new();
    for profile in profiles {
        let path = build(profile, n);
        let store = Store::open_existing(&path).expect("open");
        let queries = queries_of(profile, &path, n, nq);
        println!(
            "== profile {}: {} ({n} units)",
            profile.name(),
            path.display()
        );
        if let Ok(texts) = std::env::var("FUZZY_BENCH_QUERY") {
            time_queries(&store, &queries, &texts);
            continue;
        }
        if std::env::var_os("FUZZY_BENCH_TRACE").is_some() {
            for min in [75, 50] {
                println!("trace --min {min}:");
                trace_lookups(&store, &queries, min);
            }
            continue;
        }
        if std::env::var_os("FUZZY_BENCH_ONLY_75").is_some() {
            // One pass at --min 75 (ranking), e.g. under `perf record`.
            run_lookups(&store, &queries, 75, Returns::Ranking);
            continue;
        }
        let a = run_lookups(&store, &queries, 75, Returns::Ranking);
        let b = run_lookups(&store, &queries, 50, Returns::Ranking);
        if !only_lookup {
            recall(&store, &queries, env_usize("FUZZY_BENCH_RECALL", 20));
            println!("peak memory (VmHWM): {} MiB", vm_hwm_kib() / 1024);
        }
        // After the memory figure: reading the units maps more of the TM file (pages SQLite
        // maps count in the process's memory while they are resident).
        let c = run_lookups(&store, &queries, 75, Returns::Matches);
        table.push((profile, a, b, c));
        if !only_lookup && std::env::var_os("FUZZY_BENCH_REBUILD").is_some() {
            rebuild(&store, n);
        }
    }
    println!("\nside by side ({n} units, {nq} queries, --limit 5; ms p50 / p99):");
    println!(
        "{:<12} {:>22} {:>22} {:>28}",
        "profile", "--min 75 (ranking)", "--min 50 (ranking)", "--min 75 (units and diffs)"
    );
    for (p, a, b, c) in &table {
        let f = |t: &Percentiles| format!("{:.3} / {:.3}", t.p50, t.p99);
        println!("{:<12} {:>22} {:>22} {:>28}", p.name(), f(a), f(b), f(c));
    }
    if !only_lookup {
        let queries = Profile::News.queries(n, SEED, nq);
        compare_crates(&queries);
    }
}

/// Lookup times of one run, in ms.
struct Percentiles {
    p50: f64,
    p99: f64,
}
