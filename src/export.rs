//! Streaming the TM out: TMX 1.4b, TSV, CSV and JSON Lines; reports as XLIFF jobs ([`xliff`]). Units are written as
//! [`Store::for_each_unit`] yields them, so memory does not grow with the TM's size.

pub mod xliff;

use std::io::{self, Write};

use crate::formats::tmx::{HeaderInfo, TmxWriter};
use crate::lang;
use crate::store::{Store, StoreError, Unit, Variant};

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

/// Which units and languages to export.
#[derive(Debug, Clone)]
pub struct Selection {
    /// Source language: units whose source language matches (see [`lang_matches`]).
    pub src: String,
    /// Target languages, in output order. Empty means every target (JSON only).
    pub targets: Vec<String>,
}

/// Whether a stored tag matches a requested one: equal ignoring case, or, when the request
/// is a bare language (`kk`), any regional form of it (`kk-KZ`).
pub fn lang_matches(stored: &str, wanted: &str) -> bool {
    stored.eq_ignore_ascii_case(wanted)
        || (!wanted.contains(['-', '_']) && lang::primary(stored) == lang::primary(wanted))
}

impl Selection {
    /// Whether the unit's source language is the selected one.
    pub fn source_matches(&self, u: &Unit) -> bool {
        lang_matches(&u.src_lang, &self.src)
    }

    /// The unit's variants in the selected languages (one per language, an exact tag
    /// preferred to a regional one), in selection order; all of them when no targets were
    /// selected.
    pub fn variants<'u>(&self, u: &'u Unit) -> Vec<Option<&'u Variant>> {
        if self.targets.is_empty() {
            return u.variants.iter().map(Some).collect();
        }
        self.targets
            .iter()
            .map(|t| {
                u.variants
                    .iter()
                    .find(|v| v.lang.eq_ignore_ascii_case(t))
                    .or_else(|| u.variants.iter().find(|v| lang_matches(&v.lang, t)))
            })
            .collect()
    }
}

/// Writes the selected units as TMX 1.4b: units of the source language that have at least one
/// of the target languages, each with its source and those targets. Returns the unit count.
pub fn write_tmx<W: Write>(store: &Store, sel: &Selection, w: W) -> Result<u64, ExportError> {
    let mut tmx = TmxWriter::new(w, &HeaderInfo::new(&sel.src))?;
    store.for_each_unit::<ExportError, _>(|u| {
        if !sel.source_matches(&u) {
            return Ok(());
        }
        let vs: Vec<&Variant> = sel.variants(&u).into_iter().flatten().collect();
        if !vs.is_empty() {
            tmx.write_unit(&u, &vs)?;
        }
        Ok(())
    })?;
    let n = tmx.units();
    tmx.finish()?;
    Ok(n)
}

/// Table flavours.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Table {
    /// Tab-separated, no quoting; tab, line feed, CR and backslash inside texts are written
    /// as `\t`, `\n`, `\r`, `\\` (what [`crate::input::TableReader`] reads back).
    Tsv,
    /// RFC 4180 CSV (fields quoted when needed).
    Csv,
}

/// Writes a table with a header row of language codes (`en<TAB>kk<TAB>ru`), then one row per
/// unit that has at least one selected target (empty cells where a target is missing).
/// `sel.targets` must not be empty.
pub fn write_table<W: Write>(
    store: &Store,
    sel: &Selection,
    kind: Table,
    w: W,
) -> Result<u64, ExportError> {
    let mut b = csv::WriterBuilder::new();
    match kind {
        Table::Tsv => b.delimiter(b'\t').quote_style(csv::QuoteStyle::Never),
        Table::Csv => b.delimiter(b',').quote_style(csv::QuoteStyle::Necessary),
    };
    let mut out = b.from_writer(w);
    let clean = |s: &str| -> String {
        let s = s.trim();
        match kind {
            Table::Tsv => crate::input::tsv_escape(s).into_owned(),
            Table::Csv => s.to_string(),
        }
    };
    let mut head = vec![lang::canonical(&sel.src)];
    head.extend(sel.targets.iter().map(|t| lang::canonical(t)));
    out.write_record(&head)?;
    let mut n = 0u64;
    store.for_each_unit::<ExportError, _>(|u| {
        if !sel.source_matches(&u) {
            return Ok(());
        }
        let vs = sel.variants(&u);
        if vs.iter().all(Option::is_none) {
            return Ok(());
        }
        let mut row = Vec::with_capacity(vs.len() + 1);
        row.push(clean(&u.source));
        row.extend(
            vs.iter()
                .map(|v| v.map(|v| clean(&v.text)).unwrap_or_default()),
        );
        out.write_record(&row)?;
        n += 1;
        Ok(())
    })?;
    out.flush()?;
    Ok(n)
}

/// Writes JSON Lines: one [`Unit`] object per line (variants restricted to the selected
/// targets; with no targets selected, every unit of the source language with all variants).
pub fn write_json<W: Write>(store: &Store, sel: &Selection, mut w: W) -> Result<u64, ExportError> {
    let mut n = 0u64;
    store.for_each_unit::<ExportError, _>(|mut u| {
        if !sel.source_matches(&u) {
            return Ok(());
        }
        if !sel.targets.is_empty() {
            let keep: Vec<Variant> = sel.variants(&u).into_iter().flatten().cloned().collect();
            if keep.is_empty() {
                return Ok(());
            }
            u.variants = keep;
        }
        serde_json::to_writer(&mut w, &u)?;
        w.write_all(b"\n")?;
        n += 1;
        Ok(())
    })?;
    w.flush()?;
    Ok(n)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::{UnitInput, VariantInput};

    fn store() -> Store {
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

    fn sel(t: &[&str]) -> Selection {
        Selection {
            src: "en".into(),
            targets: t.iter().map(|s| s.to_string()).collect(),
        }
    }

    #[test]
    fn tmx_holds_only_units_with_the_target() {
        let s = store();
        let mut out = Vec::new();
        assert_eq!(write_tmx(&s, &sel(&["kk"]), &mut out).unwrap(), 2);
        let t = String::from_utf8(out).unwrap();
        assert!(t.contains("xml:lang=\"kk-KZ\""));
        assert!(!t.contains("Два"));
        assert!(!t.contains("Alone"));
        assert!(!t.contains("xml:lang=\"ru\""));
        let mut out = Vec::new();
        assert_eq!(write_tmx(&s, &sel(&["kk", "ru"]), &mut out).unwrap(), 3);
    }

    #[test]
    fn tables_have_a_language_header_and_empty_cells() {
        let s = store();
        let mut out = Vec::new();
        write_table(&s, &sel(&["kk", "ru"]), Table::Tsv, &mut out).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "en\tkk\tru\nOne \"quoted\".\tБір.\tОдин.\nTwo.\t\tДва.\nThree.\tҮш\\tтөрт.\t\n"
        );
        let mut out = Vec::new();
        write_table(&s, &sel(&["kk"]), Table::Csv, &mut out).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "en,kk\n\"One \"\"quoted\"\".\",Бір.\nThree.,Үш\tтөрт.\n"
        );
    }

    #[test]
    fn json_lines_one_unit_per_line() {
        let s = store();
        let mut out = Vec::new();
        assert_eq!(write_json(&s, &sel(&[]), &mut out).unwrap(), 4);
        let text = String::from_utf8(out).unwrap();
        let first: serde_json::Value = serde_json::from_str(text.lines().next().unwrap()).unwrap();
        assert_eq!(first["variants"].as_array().unwrap().len(), 2);
    }
}
