//! Small translation memories written through the library's one writer (`import::Sink`),
//! for tests that need a TM without importing files.

use std::path::Path;

use tmkit::import::Sink;
use tmkit::store::{Store, UnitInput, VariantInput};

/// An English unit with plain-text translations, given as `(language, text)` pairs.
pub fn unit(source: &str, targets: &[(&str, &str)]) -> UnitInput {
    UnitInput {
        src_lang: "en".into(),
        source: source.into(),
        targets: targets
            .iter()
            .map(|&(lang, text)| VariantInput {
                lang: lang.into(),
                text: text.into(),
                ..Default::default()
            })
            .collect(),
        ..Default::default()
    }
}

/// Writes `units` in one transaction, with the fuzzy index brought up to date.
pub fn add_units(store: &mut Store, units: impl IntoIterator<Item = UnitInput>) {
    let tx = store.begin("test").unwrap();
    let mut sink = Sink::new(&tx).unwrap();
    for u in units {
        sink.add(u).unwrap();
    }
    sink.finish().unwrap();
    tmkit::index::sync_index(tx.conn()).unwrap();
    tx.commit().unwrap();
}

/// A TM file at `path` holding `units`.
pub fn tm_file(path: &Path, units: impl IntoIterator<Item = UnitInput>) {
    let mut s = Store::open(path).unwrap();
    add_units(&mut s, units);
}

/// An in-memory TM holding `units`.
pub fn tm_in_memory(units: impl IntoIterator<Item = UnitInput>) -> Store {
    let mut s = Store::open_in_memory().unwrap();
    add_units(&mut s, units);
    s
}
