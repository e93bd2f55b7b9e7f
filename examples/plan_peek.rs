use tmkit::fuzzy::{generate, LookupOptions, Matcher, Tokens};
fn main() {
    let path = std::env::args().nth(1).unwrap();
    let n: usize = std::env::args().nth(2).unwrap().parse().unwrap();
    let c = rusqlite::Connection::open(&path).unwrap();
    c.pragma_update(None, "mmap_size", 1i64 << 32).unwrap();
    let qs = generate::queries(n, 42, 300);
    let mut m = Matcher::new(&c);
    for q in qs.iter().take(12) {
        let t = Tokens::new(q);
        let mut dfs: Vec<(i64, String)> = t
            .content_keys()
            .map(|k| {
                let df: i64 = c
                    .query_row("SELECT df FROM fz_tokens WHERE token=?1", [k], |r| r.get(0))
                    .unwrap_or(0);
                (df, k.to_string())
            })
            .collect();
        dfs.sort();
        let s = std::time::Instant::now();
        let r = m
            .lookup(
                q,
                &LookupOptions {
                    min: 75,
                    limit: 0,
                    ..Default::default()
                },
            )
            .unwrap();
        let el = s.elapsed();
        println!(
            "{q}\n  m={} matches>=75: {} ({:?}) cands {} entries {}\n  dfs {:?}",
            t.len(),
            r.len(),
            el,
            m.stats.candidates,
            m.stats.entries_read,
            dfs.iter().map(|d| d.0).collect::<Vec<_>>()
        );
    }
}
