//! [`add_entry`]: one new entry appended to a glossary CSV (with the file's separator: a
//! file Excel saved with `;` stays so), validated first — the row must
//! read back as an entry of the file, and must not duplicate or contradict an entry of
//! the glossary it belongs to — and written safely (a new file renamed over the old one:
//! a crash leaves the old file or the new one, never half a row).

use std::io::Write;
use std::path::{Path, PathBuf};

use super::{parse_csv, Entry, Glossary, GlossaryError};
use crate::text::nfc;

/// Appends a row to the glossary CSV `file` and returns the entry it makes.
///
/// `cells` are (column, value) pairs, the columns named as in the file's header (`en`,
/// `kk`, `ru:forbidden`, `gender`, `note`, any case); a column the header lacks is refused,
/// naming the columns it has. A file that does not exist yet is created with these columns
/// as its header. The row is refused when it is not a valid entry (no term, a bad gender),
/// or when, added to `glossary` (a file or directory; the file's own entries when `None`),
/// it would be a duplicate or a conflict (the same source term, a rendering another entry
/// forbids). Nothing is written then.
pub fn add_entry(
    file: &Path,
    glossary: Option<&Path>,
    cells: &[(String, String)],
) -> Result<Entry, GlossaryError> {
    let existing = match std::fs::read(file) {
        Ok(b) => Some(b),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(e) => return Err(GlossaryError::io(file, e)),
    };
    if existing
        .as_deref()
        .is_some_and(|b| b.starts_with(&[0xFF, 0xFE]) || b.starts_with(&[0xFE, 0xFF]))
    {
        return Err(GlossaryError::file(
            file,
            "a UTF-16 glossary: save it as UTF-8 to add entries with tmkit",
        ));
    }
    // The file after its byte order mark; a file saved by Excel keeps its separator (a
    // `sep=;` line, or `;` in the header).
    let body = existing
        .as_deref()
        .map(|b| b.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(b));
    let (sep, hint) = body.map_or((b',', 0), crate::input::csv_separator);
    let header: Vec<String> = match body {
        Some(body) => header_of(&body[hint..], sep, file)?,
        None => cells.iter().map(|(c, _)| c.clone()).collect(),
    };
    let key = |s: &str| s.trim().trim_start_matches('\u{feff}').to_ascii_lowercase();
    let mut row = vec![String::new(); header.len()];
    for (col, value) in cells {
        let Some(k) = header.iter().position(|h| key(h) == key(col)) else {
            return Err(GlossaryError::file(
                file,
                format!(
                    "the glossary has no column “{col}” (its columns: {})",
                    header.join(", ")
                ),
            ));
        };
        row[k] = nfc(value.trim()).into_owned();
    }
    let crlf = existing
        .as_deref()
        .is_some_and(|b| memchr::memmem::find(b, b"\r\n").is_some());
    let mut bytes = existing.clone().unwrap_or_default();
    if existing.is_none() {
        bytes.extend(record(&header, crlf, sep)?);
    } else if !bytes.is_empty() && !bytes.ends_with(b"\n") {
        bytes.extend_from_slice(if crlf { b"\r\n" } else { b"\n" });
    }
    bytes.extend(record(&row, crlf, sep)?);

    // The file with the row must read, and the row must be an entry of it.
    let before = match &existing {
        Some(b) => parse_csv(b, file)?.len(),
        None => 0,
    };
    let mut entries = parse_csv(&bytes, file)?;
    if entries.len() != before + 1 {
        return Err(GlossaryError::file(file, "the new row holds no term"));
    }
    let Some(new) = entries.pop() else {
        return Err(GlossaryError::file(file, "the new row holds no term"));
    };
    // Against the whole glossary: no new duplicate or conflict.
    let others = match glossary.filter(|g| g.exists()) {
        Some(g) => Glossary::load(g)?.entries,
        None => entries,
    };
    let problems_before = Glossary::from_entries(others.clone()).problems.len();
    let mut with = others;
    with.push(new.clone());
    let after = Glossary::from_entries(with).problems;
    if after.len() > problems_before {
        let why: Vec<String> = after
            .iter()
            .filter(|p| p.at == new.origin || p.other.as_ref() == Some(&new.origin))
            .map(|p| p.message.clone())
            .collect();
        return Err(GlossaryError::file(
            file,
            format!("not added: {}", why.join("; ")),
        ));
    }
    write_replacing(file, &bytes)?;
    Ok(new)
}

/// The header cells of a CSV file separated by `sep`.
fn header_of(bytes: &[u8], sep: u8, file: &Path) -> Result<Vec<String>, GlossaryError> {
    let mut r = ::csv::ReaderBuilder::new()
        .delimiter(sep)
        .has_headers(false)
        .flexible(true)
        .from_reader(bytes);
    match r.records().next() {
        Some(Ok(rec)) => Ok(rec.iter().map(str::to_string).collect()),
        Some(Err(e)) => Err(GlossaryError::at_line(file, 1, e.to_string())),
        None => Err(GlossaryError::file(file, "the glossary is empty")),
    }
}

/// One CSV record (RFC 4180 quoting, cells separated by `sep`), with its line ending.
fn record(cells: &[String], crlf: bool, sep: u8) -> Result<Vec<u8>, GlossaryError> {
    let mut w = ::csv::WriterBuilder::new()
        .delimiter(sep)
        .terminator(if crlf {
            ::csv::Terminator::CRLF
        } else {
            ::csv::Terminator::Any(b'\n')
        })
        .from_writer(Vec::new());
    w.write_record(cells)
        .map_err(|e| GlossaryError::file(Path::new("-"), e.to_string()))?;
    w.into_inner()
        .map_err(|e| GlossaryError::file(Path::new("-"), e.to_string()))
}

/// Writes `bytes` to a new file beside `file`, syncs it and renames it over `file`.
fn write_replacing(file: &Path, bytes: &[u8]) -> Result<(), GlossaryError> {
    let dir = file
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .map_or_else(|| PathBuf::from("."), Path::to_path_buf);
    let name = file.file_name().map_or_else(
        || "glossary.csv".into(),
        |n| n.to_string_lossy().into_owned(),
    );
    let tmp = dir.join(format!(".{name}.tmkit-{}", std::process::id()));
    let result = (|| -> std::io::Result<()> {
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        std::fs::rename(&tmp, file)
    })();
    if let Err(e) = result {
        let _ = std::fs::remove_file(&tmp);
        return Err(GlossaryError::io(file, e));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cells(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect()
    }

    #[test]
    fn an_entry_is_appended_quoted_and_reads_back() {
        let d = tempfile::tempdir().unwrap();
        let f = d.path().join("names.csv");
        std::fs::write(&f, "en,kk,ru,gender,note\nAlmaty,Алматы,Алматы,,city").unwrap();
        let e = add_entry(
            &f,
            None,
            &cells(&[
                ("en", "Bekzat Maqsutkhan"),
                ("kk", "Бекзат Мақсұтхан"),
                ("RU", "Бекзат Максутхан"),
                ("gender", "m"),
                ("note", "activist, \"Real Volunteers\""),
            ]),
        )
        .unwrap();
        assert_eq!(e.preferred("ru"), Some("Бекзат Максутхан"));
        let text = std::fs::read_to_string(&f).unwrap();
        assert_eq!(
            text,
            "en,kk,ru,gender,note\nAlmaty,Алматы,Алматы,,city\n\
             Bekzat Maqsutkhan,Бекзат Мақсұтхан,Бекзат Максутхан,m,\"activist, \"\"Real Volunteers\"\"\"\n"
        );
        assert_eq!(parse_csv(text.as_bytes(), &f).unwrap().len(), 2);
    }

    #[test]
    fn an_excel_saved_glossary_keeps_its_separator() {
        let d = tempfile::tempdir().unwrap();
        let f = d.path().join("terms.csv");
        let before = "\u{feff}sep=;\r\nen;kk;ru;note\r\nAlmaty;Алматы;Алматы;\"city; south\"\r\n";
        std::fs::write(&f, before).unwrap();
        add_entry(
            &f,
            None,
            &cells(&[
                ("en", "Ili River"),
                ("kk", "Іле өзені"),
                ("note", "a river; east"),
            ]),
        )
        .unwrap();
        let text = std::fs::read_to_string(&f).unwrap();
        assert_eq!(
            text,
            format!("{before}Ili River;Іле өзені;;\"a river; east\"\r\n")
        );
        assert_eq!(parse_csv(text.as_bytes(), &f).unwrap().len(), 2);
    }

    #[test]
    fn duplicates_conflicts_unknown_columns_and_bad_rows_are_refused_and_nothing_written() {
        let d = tempfile::tempdir().unwrap();
        let f = d.path().join("names.csv");
        let before = "en,kk,ru,ru:forbidden,gender\nAlmaty,Алматы,Алматы,Алма-Ата,\n";
        std::fs::write(&f, before).unwrap();
        for (bad, why) in [
            (
                cells(&[("en", "Almaty"), ("kk", "Алматы"), ("ru", "Алматы")]),
                "Almaty",
            ),
            (cells(&[("en", "Almaty"), ("ru", "Алма-Ата")]), "Almaty"),
            (
                cells(&[("en", "Old Almaty"), ("ru", "Алма-Ата")]),
                "Алма-Ата",
            ),
            (cells(&[("en", "X"), ("fr", "X")]), "no column “fr”"),
            (
                cells(&[("en", "X"), ("ru", "Икс"), ("gender", "q")]),
                "gender",
            ),
        ] {
            let err = add_entry(&f, Some(d.path()), &bad).unwrap_err().to_string();
            assert!(err.contains(why), "{bad:?}: {err}");
            assert_eq!(std::fs::read_to_string(&f).unwrap(), before);
        }
    }

    #[test]
    fn a_new_file_gets_the_columns_as_its_header() {
        let d = tempfile::tempdir().unwrap();
        let f = d.path().join("new.csv");
        add_entry(
            &f,
            None,
            &cells(&[("en", "RFE/RL"), ("kk", "Азаттық"), ("ru", "Азаттык")]),
        )
        .unwrap();
        assert_eq!(
            std::fs::read_to_string(&f).unwrap(),
            "en,kk,ru\nRFE/RL,Азаттық,Азаттык\n"
        );
    }
}
