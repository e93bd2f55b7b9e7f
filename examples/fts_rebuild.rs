fn main() {
    let c = rusqlite::Connection::open(std::env::args().nth(1).unwrap()).unwrap();
    for t in ["fz_fts_units", "fz_fts_variants"] {
        let s = std::time::Instant::now();
        c.execute(&format!("INSERT INTO {t}({t}) VALUES ('rebuild')"), [])
            .unwrap();
        println!("{t} rebuild {:.2}s", s.elapsed().as_secs_f64());
    }
    let s = std::time::Instant::now();
    c.execute_batch("DELETE FROM fz_postings; DELETE FROM fz_tokens; DELETE FROM fz_state;")
        .unwrap();
    println!("clear {:.2}s", s.elapsed().as_secs_f64());
    let s = std::time::Instant::now();
    let n = tmkit::fuzzy::sync_index(&c).unwrap();
    println!("sync {n} {:.2}s", s.elapsed().as_secs_f64());
}
