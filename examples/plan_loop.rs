use tmkit::fuzzy::{generate, LookupOptions, Matcher};
fn main() {
    let path = std::env::args().nth(1).unwrap();
    let n: usize = std::env::args().nth(2).unwrap().parse().unwrap();
    let c = rusqlite::Connection::open(&path).unwrap();
    c.pragma_update(None, "mmap_size", 1i64 << 32).unwrap();
    let qs = generate::queries(n, 42, 300);
    let qs: Vec<&String> = qs
        .iter()
        .filter(|q| !q.starts_with("According to a court, 77"))
        .collect();
    let mut m = Matcher::new(&c);
    c.execute_batch("BEGIN").unwrap();
    for round in 0..2 {
        let s = std::time::Instant::now();
        let (mut e, mut k) = (0, 0);
        for q in qs.iter().take(40) {
            m.lookup(
                q,
                &LookupOptions {
                    min: 75,
                    limit: 5,
                    ..Default::default()
                },
            )
            .unwrap();
            e += m.stats.entries_read;
            k += m.stats.candidates;
        }
        println!("round {round}: {:?} entries {e} cands {k}", s.elapsed());
    }
}
