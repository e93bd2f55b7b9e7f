//! The index never misses: on generated TMs, indexed lookups return exactly what scoring
//! every unit returns, for thresholds 50–100, including after deletions.

mod common;

use common::tm::{tm_file, tm_in_memory, unit};
use proptest::prelude::*;
use tmkit::fuzzy::{lookup_session, lookup_session_split, LookupOptions, Matcher};
use tmkit::import::Sink;
use tmkit::index;
use tmkit::store::{Store, UnitInput};
use tmkit_testkit as generate;

/// A generated TM of `n` units with Kazakh translations, indexed.
fn build(n: usize, seed: u64) -> Store {
    tm_in_memory(generate::corpus(n, seed).map(|u| unit(&u.source, &[("kk", &u.kk)])))
}

/// A generated TM of the boilerplate-heavy profile (clusters of `lo`–`hi` near-duplicates
/// of templates among ordinary sentences), indexed; with its queries.
fn build_boilerplate(
    n: usize,
    seed: u64,
    lo: usize,
    hi: usize,
    count: usize,
) -> (Store, Vec<String>) {
    let store = tm_in_memory(
        generate::boilerplate::with_clusters(n, seed, lo, hi)
            .map(|u| unit(&u.source, &[("kk", &u.kk)])),
    );
    let queries = generate::boilerplate::queries_with_clusters(n, seed, count, lo, hi);
    (store, queries)
}

/// Checks indexed == exhaustive for each query and threshold, with --limit 0 (all), 1 and 5
/// (a top-k is the head of the full ranking); returns the number of matches seen.
fn same(store: &Store, queries: &[String], mins: &[u32]) -> usize {
    let session = lookup_session(store).unwrap();
    same_with(Matcher::new(&session).unwrap(), queries, mins).0
}

/// [`same`] with the matcher `m`; returns the number of matches seen, of lookups split
/// between two threads, and of those the second thread took part in.
fn same_with(mut m: Matcher<'_>, queries: &[String], mins: &[u32]) -> (usize, usize, usize) {
    let (mut total, mut split, mut joined) = (0, 0, 0);
    for q in queries {
        for &min in mins {
            let opts = |limit, exhaustive| LookupOptions {
                min,
                limit,
                exhaustive,
                ..Default::default()
            };
            let all: Vec<_> = m
                .lookup(q, &opts(0, true))
                .unwrap()
                .iter()
                .map(|x| (x.unit.id, x.score))
                .collect();
            for limit in [0, 1, 5] {
                let got: Vec<_> = m
                    .lookup(q, &opts(limit, false))
                    .unwrap()
                    .iter()
                    .map(|x| (x.unit.id, x.score))
                    .collect();
                let want = if limit == 0 {
                    &all[..]
                } else {
                    &all[..limit.min(all.len())]
                };
                assert_eq!(got, want, "query {q:?} at --min {min} --limit {limit}");
                split += usize::from(m.stats.split);
                joined += usize::from(m.stats.twin.joined);
            }
            total += all.len();
        }
    }
    (total, split, joined)
}

#[test]
fn indexed_equals_exhaustive_on_a_generated_tm_for_thresholds_50_to_100() {
    let store = build(1500, 11);
    let queries = generate::queries(1500, 11, 40);
    let mins: Vec<u32> = (50..=100).step_by(5).chain([51, 67, 99]).collect();
    let found = same(&store, &queries, &mins);
    assert!(found > 100, "the test must see matches ({found})");
}

#[test]
fn indexed_equals_exhaustive_after_deletes_and_reinserts() {
    let mut store = build(800, 5);
    let mut tx = store.begin("t").unwrap();
    for id in (1..=800).step_by(3) {
        tx.delete_unit(id).unwrap();
    }
    // The highest id goes too, so the next insert reuses it.
    tx.delete_unit(800).unwrap();
    let mut sink = Sink::new(&tx).unwrap();
    for u in generate::corpus(50, 99) {
        sink.add(UnitInput {
            src_lang: "en".into(),
            source: u.source,
            ..Default::default()
        })
        .unwrap();
    }
    sink.finish().unwrap();
    index::sync_index(tx.conn()).unwrap();
    tx.commit().unwrap();
    let mut queries = generate::queries(800, 5, 30);
    queries.extend(generate::queries(50, 99, 10));
    let found = same(&store, &queries, &[50, 70, 85, 100]);
    assert!(found > 100, "the test must see matches ({found})");
}

#[test]
fn indexed_equals_exhaustive_on_a_boilerplate_tm_for_thresholds_50_to_100() {
    // Clusters of 50–600 near-duplicates: a query has tens to hundreds of units at 75% or
    // more, and many equal scores at the cut of a top 5.
    let (store, queries) = build_boilerplate(2500, 21, 40, 500, 32);
    let mins = [50, 51, 60, 67, 75, 85, 95, 99, 100];
    let found = same(&store, &queries, &mins);
    assert!(found > 1000, "the test must see many matches ({found})");
}

#[test]
fn a_lookup_split_between_two_threads_equals_exhaustive_on_a_boilerplate_tm() {
    // The TM in a file: its session has a twin (a second connection on the same snapshot),
    // and every lookup through the index is split (`split_after(0)`).
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("tm.db");
    let (n, seed, lo, hi) = (2500, 21, 40, 500);
    tm_file(
        &path,
        generate::boilerplate::with_clusters(n, seed, lo, hi)
            .map(|u| unit(&u.source, &[("kk", &u.kk)])),
    );
    let queries = generate::boilerplate::queries_with_clusters(n, seed, 32, lo, hi);
    let store = Store::open_read_only(&path).unwrap();
    let session = lookup_session_split(&store).unwrap();
    let two_cores = std::thread::available_parallelism().is_ok_and(|n| n.get() >= 2);
    assert_eq!(session.has_twin(), two_cores);
    let mins: Vec<u32> = (50..=100).step_by(5).chain([51, 67, 99]).collect();
    let m = Matcher::new(&session).unwrap().split_after(0);
    let (found, split, joined) = same_with(m, &queries, &mins);
    assert!(found > 1000, "the test must see many matches ({found})");
    if two_cores {
        // Each of the 3 limits' lookups, but for those reading a single length.
        let lookups = queries.len() * mins.len() * 3;
        assert!(split * 2 > lookups, "{split} of {lookups} lookups split");
        assert!(joined > 0, "the second thread read some of them");
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(8))]
    #[test]
    fn indexed_equals_exhaustive_on_random_tms(
        seed in 0u64..10_000,
        n in 50usize..300,
        min in 50u32..=100,
    ) {
        let store = build(n, seed);
        let queries = generate::queries(n, seed, 10);
        let found = same(&store, &queries, &[min]);
        // Every third query is an exact copy of a TM source: each must match.
        let exact = (0..queries.len()).step_by(3).count();
        prop_assert!(found >= exact, "{found} match(es) for {exact} exact copies at --min {min}");
    }

    #[test]
    fn indexed_equals_exhaustive_on_random_boilerplate_tms(
        seed in 0u64..10_000,
        n in 300usize..1500,
        lo in 5usize..60,
        min in 50u32..=100,
    ) {
        let (store, queries) = build_boilerplate(n, seed, lo, lo * 10, 12);
        let found = same(&store, &queries, &[min]);
        // Every fourth query is an exact copy of a TM source: each must match.
        let exact = (0..queries.len()).step_by(4).count();
        prop_assert!(found >= exact, "{found} match(es) for {exact} exact copies at --min {min}");
    }
}

#[test]
fn very_long_sentences_are_found_too() {
    // More than 64 tokens (DP instead of bit-parallel) and more than 255 (saturated
    // lengths in the postings).
    let words: Vec<String> = (0..300).map(|i| format!("w{}", i % 97)).collect();
    let long = words.join(" ");
    let mut s = Store::open_in_memory().unwrap();
    let tx = s.begin("t").unwrap();
    // Stored without indexing them: the lookup session brings the index up to date.
    let mut sink = Sink::index_later(&tx).unwrap();
    for (i, src) in [long.clone(), words[..80].join(" "), words[..70].join(" ")]
        .iter()
        .enumerate()
    {
        sink.add(UnitInput {
            src_lang: "en".into(),
            source: format!("{src} end{i}"),
            ..Default::default()
        })
        .unwrap();
    }
    sink.finish().unwrap();
    tx.commit().unwrap();
    assert!(index::needs_sync(s.conn()).unwrap(), "the index is behind");
    let queries = vec![
        format!("{long} end0"),
        format!(
            "{} changed {} end0",
            words[..150].join(" "),
            words[151..].join(" ")
        ),
        format!("{} end1", words[..78].join(" ")),
    ];
    let n = same(&s, &queries, &[50, 75, 90, 99]);
    assert!(n >= 6, "{n}");
}
