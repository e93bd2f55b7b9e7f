//! The glossary: names and terms with their preferred, allowed and forbidden renderings
//! per language, read from CSV files ([`parse_csv`], written by [`write_csv`]) or TBX term
//! bases ([`parse_tbx`], [`write_tbx`]); a [`TermMatcher`] finds the terms and their
//! inflected forms ([`morph`]) in source and target text; [`suggest_names`] lists names
//! the glossary does not know yet.
//!
//! A glossary CSV is UTF-8 with a header row. Columns:
//! - a language code (`en`, `kk`, `ru`, `kk-KZ`, …): the preferred rendering;
//! - `<lang>:forbidden`: `;`-separated variants that must not be used;
//! - `<lang>:allowed`: `;`-separated variants also accepted as correct;
//! - `gender`: `m` or `f` for people (Russian declension of their names depends on it);
//! - `note`: free text.
//!
//! [`Glossary::load`] takes a file or a directory of `*.csv` / `*.tbx` files and reports
//! duplicate and conflicting entries with file and line ([`Problem`]).

mod matcher;
pub mod morph;
mod suggest;
mod tbx;

pub use matcher::{is_word_char, Role, TermHit, TermMatcher};
pub use suggest::{suggest_names, Suggestion};
pub use tbx::{parse_tbx, write_tbx, TbxWriteError};

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::input::InputError;
use crate::text::nfc;

/// Errors while reading a glossary; each names the file and, where known, the line.
#[derive(Debug, thiserror::Error)]
pub enum GlossaryError {
    /// A glossary file or directory could not be read, or holds something wrong at a line
    /// or as a whole.
    #[error(transparent)]
    Input(#[from] InputError),
}

impl GlossaryError {
    /// An error at a line of `path`.
    pub(crate) fn at_line(path: &Path, line: u64, message: impl Into<String>) -> Self {
        InputError::at_line(path, line, message).into()
    }

    /// An error about the whole of `path`.
    pub(crate) fn file(path: &Path, message: impl Into<String>) -> Self {
        InputError::file(path, message).into()
    }

    /// An I/O error on `path`.
    pub(crate) fn io(path: &Path, source: std::io::Error) -> Self {
        InputError::io(path, source).into()
    }
}

/// Grammatical gender of a person's name (Russian declension depends on it).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Gender {
    /// A man.
    M,
    /// A woman.
    F,
}

impl Gender {
    /// `m`/`male`/`masculine` or `f`/`female`/`feminine` (any case).
    pub(crate) fn parse(s: &str) -> Option<Gender> {
        match s.trim().to_ascii_lowercase().as_str() {
            "m" | "male" | "masculine" => Some(Gender::M),
            "f" | "female" | "feminine" => Some(Gender::F),
            _ => None,
        }
    }

    /// The one-letter code used in CSV files.
    pub fn code(self) -> &'static str {
        match self {
            Gender::M => "m",
            Gender::F => "f",
        }
    }
}

/// Where an entry was defined.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Origin {
    /// The glossary file.
    pub file: PathBuf,
    /// 1-based line of the entry (CSV) or of its `termEntry` (TBX).
    pub line: u64,
}

impl std::fmt::Display for Origin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}", self.file.display(), self.line)
    }
}

/// The renderings of an entry in one language.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Terms {
    /// The preferred rendering, if the entry has one in this language.
    pub preferred: Option<String>,
    /// Other renderings accepted as correct.
    pub allowed: Vec<String>,
    /// Renderings that must not be used.
    pub forbidden: Vec<String>,
}

impl Terms {
    /// The preferred and allowed renderings.
    pub fn accepted(&self) -> impl Iterator<Item = &str> {
        self.preferred
            .iter()
            .chain(self.allowed.iter())
            .map(String::as_str)
    }

    fn is_empty(&self) -> bool {
        self.preferred.is_none() && self.allowed.is_empty() && self.forbidden.is_empty()
    }
}

/// One glossary entry: a concept with its renderings per language.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Entry {
    /// Renderings by canonical language tag.
    pub terms: BTreeMap<String, Terms>,
    /// Gender, for people.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub gender: Option<Gender>,
    /// Free-text note.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// Where it was defined.
    pub origin: Origin,
}

impl Entry {
    /// The renderings for a language tag: exact tag first, else its primary subtag
    /// (`kk-KZ` falls back to `kk`).
    pub fn terms_for(&self, lang: &str) -> Option<&Terms> {
        lookup_lang(&self.terms, lang)
    }

    /// The preferred rendering in `lang`, if any.
    pub fn preferred(&self, lang: &str) -> Option<&str> {
        self.terms_for(lang)?.preferred.as_deref()
    }
}

/// Looks a language tag up in a map keyed by canonical tags: the exact tag, else the
/// primary subtag, else any key with the same primary subtag.
pub(crate) fn lookup_lang<'a, V>(map: &'a BTreeMap<String, V>, lang: &str) -> Option<&'a V> {
    let canon = crate::lang::canonical(lang);
    if let Some(v) = map.get(&canon) {
        return Some(v);
    }
    let primary = crate::lang::primary(lang);
    map.get(&primary).or_else(|| {
        map.iter()
            .find(|(k, _)| crate::lang::primary(k) == primary)
            .map(|(_, v)| v)
    })
}

/// How bad a glossary problem is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ProblemLevel {
    /// The same entry twice: harmless, but worth cleaning up.
    Warning,
    /// Contradictory entries: checks would give arbitrary results.
    Error,
}

/// A duplicate or conflicting glossary entry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Problem {
    /// Warning (duplicate) or error (conflict).
    pub level: ProblemLevel,
    /// The entry at fault.
    pub at: Origin,
    /// The other entry involved, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub other: Option<Origin>,
    /// What is wrong.
    pub message: String,
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let level = match self.level {
            ProblemLevel::Warning => "warning",
            ProblemLevel::Error => "error",
        };
        write!(f, "{}: {level}: {}", self.at, self.message)
    }
}

/// A glossary: entries in file order, plus the problems found while reading them.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Glossary {
    /// The entries.
    pub entries: Vec<Entry>,
    /// Duplicate entries (warning) and conflicts (error), found when the glossary was
    /// loaded or built: one source term with different renderings, a rendering that another
    /// entry forbids, a variant both accepted and forbidden in one entry. Source terms are
    /// compared per language, exactly (NFC); renderings case-insensitively.
    pub problems: Vec<Problem>,
}

/// What a CSV header column holds.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Column {
    Preferred(String),
    Allowed(String),
    Forbidden(String),
    Gender,
    Note,
}

impl Glossary {
    /// Reads a glossary file (`.csv` or `.tbx`) or every such file in a directory
    /// (sorted by name, not recursive), then looks for duplicates and conflicts.
    pub fn load(path: &Path) -> Result<Glossary, GlossaryError> {
        let mut g = Glossary::default();
        if path.is_dir() {
            let mut files = Vec::new();
            let rd = std::fs::read_dir(path).map_err(|e| GlossaryError::io(path, e))?;
            for e in rd {
                let e = e.map_err(|e| GlossaryError::io(path, e))?;
                let p = e.path();
                let ext = p
                    .extension()
                    .and_then(|x| x.to_str())
                    .map(str::to_ascii_lowercase);
                if p.is_file() && matches!(ext.as_deref(), Some("csv" | "tbx")) {
                    files.push(p);
                }
            }
            files.sort();
            if files.is_empty() {
                return Err(GlossaryError::file(
                    path,
                    "no glossary files (*.csv, *.tbx) in this directory",
                ));
            }
            for f in files {
                g.read_file(&f)?;
            }
        } else {
            g.read_file(path)?;
        }
        g.problems = g.find_problems();
        Ok(g)
    }

    fn read_file(&mut self, path: &Path) -> Result<(), GlossaryError> {
        let is_tbx = path
            .extension()
            .and_then(|x| x.to_str())
            .is_some_and(|x| x.eq_ignore_ascii_case("tbx"));
        let bytes = std::fs::read(path).map_err(|e| GlossaryError::io(path, e))?;
        let entries = if is_tbx {
            parse_tbx(&bytes, path)?
        } else {
            parse_csv(&bytes, path)?
        };
        self.entries.extend(entries);
        Ok(())
    }

    /// Builds a glossary from entries (e.g. from TBX), finding its problems.
    pub fn from_entries(entries: Vec<Entry>) -> Glossary {
        let mut g = Glossary {
            entries,
            problems: Vec::new(),
        };
        g.problems = g.find_problems();
        g
    }

    /// Whether any problem is a conflict (error level).
    pub fn has_conflicts(&self) -> bool {
        self.problems.iter().any(|p| p.level == ProblemLevel::Error)
    }

    /// The languages the entries use, sorted (source language first when present).
    pub(crate) fn languages(&self, source_lang: &str) -> Vec<String> {
        let mut langs: Vec<String> = self
            .entries
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

    /// The duplicates and conflicts among the entries (see [`Glossary::problems`]).
    pub(crate) fn find_problems(&self) -> Vec<Problem> {
        let mut out = Vec::new();
        // (lang, exact term) → first entry holding it as preferred rendering.
        let mut by_term: HashMap<(String, String), usize> = HashMap::new();
        // (lang, folded variant) → entry forbidding it.
        let mut forbidden: HashMap<(String, String), usize> = HashMap::new();
        for (i, e) in self.entries.iter().enumerate() {
            for (lang, t) in &e.terms {
                // Folded once per language, so that many variants stay linear.
                let accepted: HashSet<String> = if t.forbidden.is_empty() {
                    HashSet::new()
                } else {
                    t.accepted().map(morph::fold).collect()
                };
                for f in &t.forbidden {
                    let key = (lang.clone(), morph::fold(f));
                    let both = accepted.contains(&key.1);
                    forbidden.entry(key).or_insert(i);
                    if both {
                        out.push(Problem {
                            level: ProblemLevel::Error,
                            at: e.origin.clone(),
                            other: None,
                            message: format!("{lang} variant “{f}” is both accepted and forbidden"),
                        });
                    }
                }
            }
        }
        for (i, e) in self.entries.iter().enumerate() {
            for (lang, t) in &e.terms {
                let Some(p) = &t.preferred else { continue };
                match by_term.get(&(lang.clone(), p.clone())) {
                    None => {
                        by_term.insert((lang.clone(), p.clone()), i);
                    }
                    Some(&j) if j != i => {
                        let other = &self.entries[j];
                        // Only report from the language the pair first collides in, once.
                        let first_shared = e.terms.iter().find(|(l, t)| {
                            t.preferred.is_some()
                                && other.terms.get(*l).and_then(|o| o.preferred.as_ref())
                                    == t.preferred.as_ref()
                        });
                        if first_shared.map(|(l, _)| l) != Some(lang) {
                            continue;
                        }
                        out.push(compare_entries(lang, p, e, other));
                    }
                    Some(_) => {}
                }
            }
        }
        for (i, e) in self.entries.iter().enumerate() {
            for (lang, t) in &e.terms {
                for a in t.accepted() {
                    if let Some(&j) = forbidden.get(&(lang.clone(), morph::fold(a))) {
                        if j != i {
                            out.push(Problem {
                                level: ProblemLevel::Error,
                                at: e.origin.clone(),
                                other: Some(self.entries[j].origin.clone()),
                                message: format!(
                                    "{lang} rendering “{a}” is forbidden by the entry at {}",
                                    self.entries[j].origin
                                ),
                            });
                        }
                    }
                }
            }
        }
        out.sort_by(|a, b| (&a.at.file, a.at.line).cmp(&(&b.at.file, b.at.line)));
        out
    }
}

/// Describes two entries sharing a rendering in `lang`: a duplicate when they agree in
/// every language, else a conflict naming the first language they disagree in.
fn compare_entries(lang: &str, term: &str, e: &Entry, other: &Entry) -> Problem {
    let mut langs: Vec<&String> = e.terms.keys().chain(other.terms.keys()).collect();
    langs.sort();
    langs.dedup();
    for l in langs {
        let a = e.terms.get(l).and_then(|t| t.preferred.as_deref());
        let b = other.terms.get(l).and_then(|t| t.preferred.as_deref());
        if let (Some(a), Some(b)) = (a, b) {
            if a != b {
                return Problem {
                    level: ProblemLevel::Error,
                    at: e.origin.clone(),
                    other: Some(other.origin.clone()),
                    message: format!(
                        "conflicting entry: {lang} “{term}” is rendered “{a}” in {l} here but “{b}” at {}",
                        other.origin
                    ),
                };
            }
        }
    }
    Problem {
        level: ProblemLevel::Warning,
        at: e.origin.clone(),
        other: Some(other.origin.clone()),
        message: format!(
            "duplicate entry: {lang} “{term}” is already defined at {}",
            other.origin
        ),
    }
}

/// Splits a `;`-separated cell into trimmed, NFC, non-empty variants.
fn split_variants(cell: &str) -> Vec<String> {
    cell.split(';')
        .map(|s| nfc(s.trim()).into_owned())
        .filter(|s| !s.is_empty())
        .collect()
}

fn parse_header(path: &Path, cells: &csv::StringRecord) -> Result<Vec<Column>, GlossaryError> {
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
                if !crate::lang::is_valid(tag) {
                    return Err(GlossaryError::at_line(
                        path,
                        1,
                        format!(
                            "column {} of the header is “{name}”: expected a language code (en, kk, ru…), \
                             <lang>:forbidden, <lang>:allowed, gender or note",
                            i + 1
                        ),
                    ));
                }
                let tag = crate::lang::canonical(tag);
                match kind {
                    None => Column::Preferred(tag),
                    Some("forbidden") => Column::Forbidden(tag),
                    Some("allowed") => Column::Allowed(tag),
                    Some(other) => {
                        return Err(GlossaryError::at_line(
                            path,
                            1,
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
                1,
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
            1,
            "the header names no language column (e.g. en,kk,ru)",
        ));
    }
    Ok(cols)
}

/// Parses a glossary CSV (UTF-8, optional BOM, header row).
pub fn parse_csv(bytes: &[u8], path: &Path) -> Result<Vec<Entry>, GlossaryError> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if let Err(e) = std::str::from_utf8(bytes) {
        let line = 1 + bytes[..e.valid_up_to()]
            .iter()
            .filter(|&&b| b == b'\n')
            .count();
        return Err(GlossaryError::at_line(
            path,
            line as u64,
            "invalid UTF-8 (save the glossary as UTF-8)",
        ));
    }
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(bytes);
    let mut records = rdr.records();
    let header = match records.next() {
        Some(r) => r.map_err(|e| csv_err(path, &e))?,
        None => return Err(GlossaryError::file(path, "the glossary is empty")),
    };
    let cols = parse_header(path, &header)?;
    let mut out = Vec::new();
    for rec in records {
        let rec = rec.map_err(|e| csv_err(path, &e))?;
        let line = rec.position().map(|p| p.line()).unwrap_or(0);
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
    Ok(out)
}

fn csv_err(path: &Path, e: &csv::Error) -> GlossaryError {
    let line = e.position().map(|p| p.line()).unwrap_or(0);
    GlossaryError::at_line(path, line, format!("bad CSV: {e}"))
}

/// Writes entries as glossary CSV with the columns their languages need.
pub fn write_csv<W: std::io::Write>(
    entries: &[Entry],
    source_lang: &str,
    out: W,
) -> std::io::Result<()> {
    let g = Glossary {
        entries: entries.to_vec(),
        problems: Vec::new(),
    };
    let langs = g.languages(source_lang);
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

#[cfg(test)]
mod tests {
    use super::*;

    fn load_str(csv: &str) -> Result<Glossary, GlossaryError> {
        let entries = parse_csv(csv.as_bytes(), Path::new("g.csv"))?;
        Ok(Glossary::from_entries(entries))
    }

    #[test]
    fn csv_columns_fill_preferred_allowed_forbidden_gender_and_note() {
        let g = load_str(
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
    fn region_tags_fall_back_to_the_primary_language() {
        let g = load_str("en,kk\nAlmaty,Алматы\n").unwrap();
        assert_eq!(g.entries[0].preferred("kk-KZ"), Some("Алматы"));
        assert_eq!(g.entries[0].preferred("KK"), Some("Алматы"));
    }

    #[test]
    fn unknown_header_columns_are_refused_with_line_one() {
        let err = load_str("en,kk,ru:forbiden\n").unwrap_err().to_string();
        assert!(err.starts_with("g.csv:1:"), "{err}");
        assert!(err.contains("forbiden"), "{err}");
        let err = load_str("english,kk\n").unwrap_err().to_string();
        assert!(err.contains("english"), "{err}");
    }

    #[test]
    fn duplicates_warn_and_conflicts_err_with_both_lines() {
        let g = load_str(
            "en,kk,ru\n\
             Almaty,Алматы,Алматы\n\
             Almaty,Алматы,Алматы\n\
             Xinjiang,Шыңжаң,Синьцзян\n\
             Xinjiang,Шыңжаң,Синцзян\n",
        )
        .unwrap();
        assert_eq!(g.problems.len(), 2, "{:?}", g.problems);
        let dup = &g.problems[0];
        assert_eq!(dup.level, ProblemLevel::Warning);
        assert_eq!(
            dup.to_string(),
            "g.csv:3: warning: duplicate entry: en “Almaty” is already defined at g.csv:2"
        );
        let conflict = &g.problems[1];
        assert_eq!(conflict.level, ProblemLevel::Error);
        assert!(
            conflict
                .to_string()
                .starts_with("g.csv:5: error: conflicting entry"),
            "{conflict}"
        );
        assert!(conflict.message.contains("g.csv:4"), "{conflict}");
        assert!(g.has_conflicts());
    }

    #[test]
    fn a_rendering_forbidden_elsewhere_is_a_conflict() {
        let g = load_str(
            "en,ru,ru:forbidden\n\
             Almaty,Алматы,Алма-Ата\n\
             Alma-Ata,Алма-Ата,\n",
        )
        .unwrap();
        assert_eq!(g.problems.len(), 1);
        assert!(
            g.problems[0].to_string().starts_with("g.csv:3: error:"),
            "{:?}",
            g.problems
        );
    }

    #[test]
    fn csv_round_trips_through_write_csv() {
        let g = load_str(
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
