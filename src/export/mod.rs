//! Streaming the TM out: TMX 1.4b, TSV, CSV and JSON Lines; reports as XLIFF jobs
//! ([`write_job`]). Units are written as
//! [`Store::for_each_unit`](crate::store::Store::for_each_unit) yields them, so memory does
//! not grow with the TM's size.
//!
//! One file per format written (`tmx`, `table`, `json`, `xliff`); which units and languages
//! go out is a [`Selection`].

mod json;
mod selection;
mod table;
mod tmx;
mod xliff;

pub use json::write_json;
pub use selection::Selection;
pub use table::{write_table, Table};
pub use tmx::write_tmx;
pub use xliff::{write_job, JobStats};

pub(crate) use selection::lang_matches;

use std::io;

use crate::store::StoreError;

/// Errors while exporting.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    /// Writing the output failed.
    #[error("cannot write the export: {0}")]
    Io(#[from] io::Error),
    /// Reading the TM failed.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// A CSV/TSV record could not be written.
    #[error("cannot write the table: {0}")]
    Csv(#[from] csv::Error),
    /// A unit could not be serialized as JSON.
    #[error("cannot write JSON: {0}")]
    Json(#[from] serde_json::Error),
    /// The fuzzy lookup for a job's pre-fill failed.
    #[error(transparent)]
    Fuzzy(#[from] crate::fuzzy::FuzzyError),
}

#[cfg(test)]
mod fixtures {
    use super::Selection;
    use crate::store::{Store, UnitInput, VariantInput};

    /// A TM of four English units: with kk and ru, with ru, with kk-KZ (a tab in it), alone.
    pub(super) fn store() -> Store {
        let mut s = Store::open_in_memory().unwrap();
        let mut tx = s.begin("t").unwrap();
        let v = |l: &str, t: &str| VariantInput {
            lang: l.into(),
            text: t.into(),
            ..Default::default()
        };
        for (src, ts) in [
            ("One \"quoted\".", vec![v("kk", "Бір."), v("ru", "Один.")]),
            ("Two.", vec![v("ru", "Два.")]),
            ("Three.", vec![v("kk-KZ", "Үш\tтөрт.")]),
            ("Alone.", vec![]),
        ] {
            tx.upsert_unit(&UnitInput {
                src_lang: "en".into(),
                source: src.into(),
                targets: ts,
                ..Default::default()
            })
            .unwrap();
        }
        tx.commit().unwrap();
        s
    }

    /// Selects English units and these targets.
    pub(super) fn sel(t: &[&str]) -> Selection {
        Selection {
            src: "en".into(),
            targets: t.iter().map(|s| s.to_string()).collect(),
        }
    }
}
