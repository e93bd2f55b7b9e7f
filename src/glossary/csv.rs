//! Glossary CSV: [`parse_csv`] reads it, [`write_csv`] writes it (the columns are described
//! in the module documentation of [`glossary`](super)).

use std::collections::BTreeMap;
use std::io::BufRead;
use std::path::Path;

use super::{Entry, Gender, GlossaryError, Origin, Terms};
use crate::input::{Dialect, Records};
use crate::text::nfc;

/// What a CSV header column holds.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Column {
    Preferred(String),
    Allowed(String),
    Forbidden(String),
    Gender,
    Note,
}

/// Splits a `;`-separated cell into trimmed, NFC, non-empty variants.
fn split_variants(cell: &str) -> Vec<String> {
    cell.split(';')
        .map(|s| nfc(s.trim()).into_owned())
        .filter(|s| !s.is_empty())
        .collect()
}

fn parse_header(path: &Path, line: u64, cells: &[String]) -> Result<Vec<Column>, GlossaryError> {
    let mut cols = Vec::with_capacity(cells.len());
    for (i, raw) in cells.iter().enumerate() {
        let name = raw.trim().trim_start_matches('\u{feff}');
        let lower = name.to_ascii_lowercase();
        let col = match lower.as_str() {
            "note" | "notes" | "comment" => Column::Note,
            "gender" => Column::Gender,
            _ => {
                let (tag, kind) = match lower.split_once(':') {
                    Some((t, k)) => (t, Some(k)),
                    None => (lower.as_str(), None),
                };
                let tag = match crate::lang::parse_tag(tag) {
                    Ok(tag) => tag,
                    // A language code, but of no language (`kz`): say so.
                    Err(e) if crate::lang::is_valid(tag) => {
                        return Err(GlossaryError::at_line(
                            path,
                            line,
                            format!("column {} of the header is “{name}”: {e}", i + 1),
                        ))
                    }
                    Err(_) => {
                        return Err(GlossaryError::at_line(
                        path,
                        line,
                        format!(
                            "column {} of the header is “{name}”: expected a language code (en, kk, ru…), \
                             <lang>:forbidden, <lang>:allowed, gender or note",
                            i + 1
                        ),
                    ))
                    }
                };
                match kind {
                    None => Column::Preferred(tag),
                    Some("forbidden") => Column::Forbidden(tag),
                    Some("allowed") => Column::Allowed(tag),
                    Some(other) => {
                        return Err(GlossaryError::at_line(
                            path,
                            line,
                            format!(
                                "column {} of the header is “{name}”: unknown kind “{other}” \
                                 (expected {tag}:forbidden or {tag}:allowed)",
                                i + 1
                            ),
                        ))
                    }
                }
            }
        };
        if cols.contains(&col) {
            return Err(GlossaryError::at_line(
                path,
                line,
                format!(
                    "column {} of the header (“{name}”) repeats an earlier column",
                    i + 1
                ),
            ));
        }
        cols.push(col);
    }
    if !cols.iter().any(|c| matches!(c, Column::Preferred(_))) {
        return Err(GlossaryError::at_line(
            path,
            line,
            "the header names no language column (e.g. en,kk,ru)",
        ));
    }
    Ok(cols)
}

/// A glossary CSV as read: the languages of its term columns (preferred renderings), the
/// line of its header, and its entries.
pub(super) struct CsvGlossary {
    /// The language of each term column, in order.
    pub(super) langs: Vec<String>,
    /// The line of the header row.
    pub(super) header_line: u64,
    /// The entries, in file order.
    pub(super) entries: Vec<Entry>,
}

/// Parses a glossary CSV (UTF-8, or UTF-16 with a BOM; header row). A file that is not one
/// fails with its line: bytes that are not text (a NUL byte, invalid UTF-8), an unterminated
/// quote, a cell over the size of a segment, a header that is not one of glossary columns, a
/// row with more cells than the header, a row with a note or gender but no term.
pub fn parse_csv(bytes: &[u8], path: &Path) -> Result<Vec<Entry>, GlossaryError> {
    Ok(read_csv(Records::new(bytes, path, Dialect::Csv))?.entries)
}

/// Reads a glossary CSV row by row (what [`parse_csv`] does, from any reader or a file).
pub(super) fn read_csv<R: BufRead>(mut records: Records<R>) -> Result<CsvGlossary, GlossaryError> {
    let path = records.path().to_path_buf();
    let path = path.as_path();
    let (header_line, header) = match records.next_record()? {
        Some(r) => r,
        None => return Err(GlossaryError::file(path, "the glossary is empty")),
    };
    let cols = parse_header(path, header_line, &header)?;
    let mut out = Vec::new();
    while let Some((line, rec)) = records.next_record()? {
        if rec.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        if rec.len() > cols.len() {
            return Err(GlossaryError::at_line(
                path,
                line,
                format!(
                    "{} fields but the header has {} (quote cells that contain commas)",
                    rec.len(),
                    cols.len()
                ),
            ));
        }
        let mut entry = Entry {
            terms: BTreeMap::new(),
            gender: None,
            note: None,
            origin: Origin {
                file: path.to_path_buf(),
                line,
            },
        };
        for (col, cell) in cols.iter().zip(rec.iter()) {
            let cell = cell.trim();
            if cell.is_empty() {
                continue;
            }
            match col {
                Column::Preferred(l) => {
                    entry.terms.entry(l.clone()).or_default().preferred =
                        Some(nfc(cell).into_owned())
                }
                Column::Allowed(l) => entry
                    .terms
                    .entry(l.clone())
                    .or_default()
                    .allowed
                    .extend(split_variants(cell)),
                Column::Forbidden(l) => entry
                    .terms
                    .entry(l.clone())
                    .or_default()
                    .forbidden
                    .extend(split_variants(cell)),
                Column::Gender => {
                    entry.gender = Some(Gender::parse(cell).ok_or_else(|| {
                        GlossaryError::at_line(
                            path,
                            line,
                            format!("gender is “{cell}”: expected m or f (or leave it empty)"),
                        )
                    })?)
                }
                Column::Note => entry.note = Some(nfc(cell).into_owned()),
            }
        }
        entry.terms.retain(|_, t| !t.is_empty());
        if entry.terms.is_empty() {
            return Err(GlossaryError::at_line(
                path,
                line,
                "the entry has a note or gender but no term",
            ));
        }
        out.push(entry);
    }
    let langs = cols
        .into_iter()
        .filter_map(|c| match c {
            Column::Preferred(l) => Some(l),
            _ => None,
        })
        .collect();
    Ok(CsvGlossary {
        langs,
        header_line,
        entries: out,
    })
}

/// Writes entries as glossary CSV with the columns their languages need.
pub fn write_csv<W: std::io::Write>(
    entries: &[Entry],
    source_lang: &str,
    out: W,
) -> std::io::Result<()> {
    let langs = languages(entries, source_lang);
    let has =
        |f: &dyn Fn(&Terms) -> bool, l: &str| entries.iter().any(|e| e.terms.get(l).is_some_and(f));
    let mut header: Vec<String> = langs.clone();
    let mut extra: Vec<(String, bool)> = Vec::new();
    for l in &langs {
        if has(&|t| !t.allowed.is_empty(), l) {
            extra.push((l.clone(), true));
        }
        if has(&|t| !t.forbidden.is_empty(), l) {
            extra.push((l.clone(), false));
        }
    }
    for (l, allowed) in &extra {
        header.push(format!(
            "{l}:{}",
            if *allowed { "allowed" } else { "forbidden" }
        ));
    }
    let with_gender = entries.iter().any(|e| e.gender.is_some());
    if with_gender {
        header.push("gender".into());
    }
    header.push("note".into());
    let mut w = csv::Writer::from_writer(out);
    w.write_record(&header)?;
    for e in entries {
        let mut row: Vec<String> = langs
            .iter()
            .map(|l| {
                e.terms
                    .get(l)
                    .and_then(|t| t.preferred.clone())
                    .unwrap_or_default()
            })
            .collect();
        for (l, allowed) in &extra {
            let t = e.terms.get(l);
            let v = t.map(|t| if *allowed { &t.allowed } else { &t.forbidden });
            row.push(v.map(|v| v.join(";")).unwrap_or_default());
        }
        if with_gender {
            row.push(e.gender.map(|g| g.code().to_string()).unwrap_or_default());
        }
        row.push(e.note.clone().unwrap_or_default());
        w.write_record(&row)?;
    }
    w.flush()
}

/// The languages `entries` use, sorted (source language first when present).
fn languages(entries: &[Entry], source_lang: &str) -> Vec<String> {
    let mut langs: Vec<String> = entries
        .iter()
        .flat_map(|e| e.terms.keys().cloned())
        .collect();
    langs.sort();
    langs.dedup();
    if let Some(i) = langs.iter().position(|l| l == source_lang) {
        let l = langs.remove(i);
        langs.insert(0, l);
    }
    langs
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;
    use crate::glossary::test_csv::glossary;

    #[test]
    fn csv_columns_fill_preferred_allowed_forbidden_gender_and_note() {
        let g = glossary(
            "en,kk,ru,kk:forbidden,ru:forbidden,ru:allowed,gender,note\n\
             Almaty,Алматы,Алматы,Алмата,Алма-Ата; Алмааты,,,city\n\
             Baqyt Sembai,Бақыт Сембай,Бакыт Сембай,,,,f,\n",
        )
        .unwrap();
        assert_eq!(g.entries.len(), 2);
        let a = &g.entries[0];
        assert_eq!(a.preferred("ru"), Some("Алматы"));
        assert_eq!(a.terms["ru"].forbidden, vec!["Алма-Ата", "Алмааты"]);
        assert_eq!(a.terms["kk"].forbidden, vec!["Алмата"]);
        assert_eq!(a.note.as_deref(), Some("city"));
        assert_eq!(a.origin.line, 2);
        assert_eq!(g.entries[1].gender, Some(Gender::F));
        assert!(g.problems.is_empty());
    }

    #[test]
    fn unknown_header_columns_are_refused_with_line_one() {
        let err = glossary("en,kk,ru:forbiden\n").unwrap_err().to_string();
        assert!(err.starts_with("g.csv:1:"), "{err}");
        assert!(err.contains("forbiden"), "{err}");
        let err = glossary("english,kk\n").unwrap_err().to_string();
        assert!(err.contains("english"), "{err}");
    }

    #[test]
    fn csv_round_trips_through_write_csv() {
        let g = glossary(
            "en,kk,kk:forbidden,gender,note\n\
             \"Kunbolat, Baibolat\",Күнболат,Кунболат;Күнбoлат,m,\"a, b\"\n",
        )
        .unwrap();
        let mut out = Vec::new();
        write_csv(&g.entries, "en", &mut out).unwrap();
        let back = parse_csv(&out, Path::new("g.csv")).unwrap();
        assert_eq!(back[0].terms, g.entries[0].terms);
        assert_eq!(back[0].gender, Some(Gender::M));
        assert_eq!(back[0].note.as_deref(), Some("a, b"));
    }
}
