fn main() {
    for u in tmkit::fuzzy::generate::corpus(12, 42) {
        println!("{}\n  kk: {}\n  ru: {}", u.source, u.kk, u.ru);
    }
    for q in tmkit::fuzzy::generate::queries(1000, 42, 6) {
        println!("Q: {q}");
    }
}
