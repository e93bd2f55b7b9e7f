//! The TM as a table: TSV or CSV, one column per language.

use std::io::Write;

use super::{ExportError, Selection};
use crate::lang;
use crate::store::Store;

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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::export::fixtures::{sel, store};

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
}
