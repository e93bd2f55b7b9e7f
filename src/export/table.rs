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
/// unit that has at least one selected target (empty cells where a target is missing), with
/// its default translations; a unit with alternative translations has more rows, row `r`
/// holding the `r`-th translation of each language (a table has no place for their
/// contexts: importing it keeps them as alternatives of the default context).
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
        let per_lang: Vec<Vec<&str>> = vs
            .iter()
            .map(|first| match first {
                Some(f) => u
                    .variants
                    .iter()
                    .filter(|v| v.lang == f.lang)
                    .map(|v| v.text.as_str())
                    .collect(),
                None => Vec::new(),
            })
            .collect();
        let depth = per_lang.iter().map(Vec::len).max().unwrap_or(0);
        for r in 0..depth {
            let mut row = Vec::with_capacity(vs.len() + 1);
            row.push(clean(&u.source));
            row.extend(
                per_lang
                    .iter()
                    .map(|texts| texts.get(r).map(|t| clean(t)).unwrap_or_default()),
            );
            out.write_record(&row)?;
        }
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
