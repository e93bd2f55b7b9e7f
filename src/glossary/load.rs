//! [`Glossary`]: the entries of one or more glossary files and their problems, loaded from a
//! file or a directory of CSV and TBX files.

use std::path::Path;

use serde::Serialize;

use super::csv::read_csv;
use super::{lookup_lang, read_tbx, Entry, GlossaryError, Problem, ProblemLevel};
use crate::input::{Dialect, Records};

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

impl Glossary {
    /// Reads a glossary file (`.csv`, `.tbx`, or TBX-Min's `.tbxm`) or every such file in a directory
    /// (sorted by name, not recursive), then looks for duplicates and conflicts.
    pub fn load(path: &Path) -> Result<Glossary, GlossaryError> {
        Glossary::read(path, None)
    }

    /// [`Glossary::load`] for checking text whose source language is `source_lang`, which
    /// refuses, with file and line, a glossary that could not be used for it and would
    /// otherwise let every check pass: a CSV file whose header has no `source_lang` column,
    /// an entry without a `source_lang` term (the check finds entries by it) unless it
    /// forbids variants (those are flagged wherever they occur), and an entry with a
    /// `source_lang` term but nothing to check it against (no rendering in another
    /// language, no forbidden variant). A language matches its regional forms (`en`,
    /// `en-US`).
    pub fn load_for(path: &Path, source_lang: &str) -> Result<Glossary, GlossaryError> {
        Glossary::read(path, Some(source_lang))
    }

    fn read(path: &Path, source_lang: Option<&str>) -> Result<Glossary, GlossaryError> {
        let mut g = Glossary::default();
        // Warnings met while reading (TBX placeholders skipped, …), before the problems
        // among the entries.
        let mut warnings = Vec::new();
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
                if p.is_file() && matches!(ext.as_deref(), Some("csv" | "tbx" | "tbxm")) {
                    files.push(p);
                }
            }
            files.sort();
            if files.is_empty() {
                return Err(GlossaryError::file(
                    path,
                    "no glossary files (*.csv, *.tbx, *.tbxm) in this directory",
                ));
            }
            for f in files {
                g.read_file(&f, source_lang, &mut warnings)?;
            }
        } else if path.exists() {
            g.read_file(path, source_lang, &mut warnings)?;
        } else {
            return Err(GlossaryError::file(
                path,
                "no such glossary file or directory",
            ));
        }
        warnings.extend(g.find_problems());
        g.problems = warnings;
        Ok(g)
    }

    /// Reads one file (a CSV file row by row); with a source language, checks that its
    /// entries can be used for it.
    fn read_file(
        &mut self,
        path: &Path,
        source_lang: Option<&str>,
        warnings: &mut Vec<Problem>,
    ) -> Result<(), GlossaryError> {
        let is_tbx = path
            .extension()
            .and_then(|x| x.to_str())
            .is_some_and(|x| x.eq_ignore_ascii_case("tbx") || x.eq_ignore_ascii_case("tbxm"));
        let entries = if is_tbx {
            let bytes = std::fs::read(path).map_err(|e| GlossaryError::io(path, e))?;
            let tbx = read_tbx(&bytes, path)?;
            warnings.extend(tbx.warnings);
            tbx.entries
        } else {
            let csv = read_csv(Records::open(path, Dialect::Csv)?)?;
            if let Some(src) = source_lang {
                let primary = crate::lang::primary(src);
                if !csv.langs.iter().any(|l| crate::lang::primary(l) == primary) {
                    return Err(GlossaryError::at_line(
                        path,
                        csv.header_line,
                        format!(
                            "the header has no {src} column: the check finds each entry by its \
                             {src} term (the header names {})",
                            csv.langs.join(", ")
                        ),
                    ));
                }
            }
            csv.entries
        };
        if let Some(src) = source_lang {
            for e in &entries {
                usable_for(e, src)?;
            }
        }
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
}

/// Refuses an entry that a check of `source_lang` text could never use (see
/// [`Glossary::load_for`]), at its file and line.
fn usable_for(e: &Entry, source_lang: &str) -> Result<(), GlossaryError> {
    let forbids = e.terms.values().any(|t| !t.forbidden.is_empty());
    let term = lookup_lang(&e.terms, source_lang).and_then(|t| t.accepted().next());
    let primary = crate::lang::primary(source_lang);
    let rendered = e
        .terms
        .iter()
        .any(|(l, t)| crate::lang::primary(l) != primary && t.accepted().next().is_some());
    let problem = match term {
        None if !forbids => format!(
            "the entry has no {source_lang} term: the check finds each entry by its \
             {source_lang} term (an entry without one may only list forbidden variants)"
        ),
        Some(term) if !rendered && !forbids => format!(
            "“{term}” has no rendering: give its translation in another language, or \
             forbidden variants"
        ),
        _ => return Ok(()),
    };
    Err(GlossaryError::at_line(
        &e.origin.file,
        e.origin.line,
        problem,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load(name: &str, text: &str, source_lang: &str) -> Result<Glossary, String> {
        let d = tempfile::tempdir().unwrap();
        let p = d.path().join(name);
        std::fs::write(&p, text).unwrap();
        Glossary::load_for(&p, source_lang).map_err(|e| {
            let s = e.to_string();
            s[s.find(name).unwrap_or(0)..].to_string()
        })
    }

    #[test]
    fn a_glossary_for_the_source_language_loads() {
        let g = load(
            "g.csv",
            "en-US,kk,ru:forbidden\nAlmaty,Алматы,\n,,Алма-Ата\n",
            "en",
        )
        .unwrap();
        assert_eq!(g.entries.len(), 2, "a forbidden-only entry is kept");
    }

    #[test]
    fn a_header_without_the_source_language_is_refused() {
        let err = load("g.csv", "kk,ru\nАлматы,Алматы\n", "en").unwrap_err();
        assert!(
            err.starts_with("g.csv:1: the header has no en column"),
            "{err}"
        );
        assert!(load("g.csv", "kk,ru\nАлматы,Алматы\n", "kk").is_ok());
    }

    #[test]
    fn entries_the_check_could_never_use_are_refused_at_their_line() {
        let err = load("g.csv", "en,kk,ru\nAlmaty,Алматы,\n,Астана,Астана\n", "en").unwrap_err();
        assert!(
            err.starts_with("g.csv:3: the entry has no en term"),
            "{err}"
        );
        let err = load("g.csv", "en,kk,ru\nAlmaty,Алматы,\nAstana,,\n", "en").unwrap_err();
        assert!(
            err.starts_with("g.csv:3: “Astana” has no rendering"),
            "{err}"
        );
    }

    #[test]
    fn malformed_csv_is_refused_at_its_line() {
        let err = load("g.csv", "en,kk\n\"Almaty,Алматы\nAstana,Астана\n", "en").unwrap_err();
        assert!(
            err.starts_with("g.csv:2: unterminated quote starting at line 2"),
            "{err}"
        );
        let err = load("g.csv", "en,kk\nAlm\0aty,Алматы\n", "en").unwrap_err();
        assert!(err.starts_with("g.csv:2: NUL byte in column 1"), "{err}");
    }

    #[test]
    fn a_missing_glossary_is_named_once() {
        let err = Glossary::load(Path::new("no/such/glossary")).unwrap_err();
        assert_eq!(
            err.to_string(),
            "no/such/glossary: no such glossary file or directory"
        );
    }

    #[test]
    fn tbx_entries_are_held_to_the_same_rules() {
        let tbx = "<?xml version=\"1.0\"?>\n<martif><text><body>\n\
            <termEntry id=\"a\"><langSet xml:lang=\"en\"><tig><term>Almaty</term></tig></langSet>\
            <langSet xml:lang=\"kk\"><tig><term>Алматы</term></tig></langSet></termEntry>\n\
            <termEntry id=\"b\"><langSet xml:lang=\"kk\"><tig><term>Астана</term></tig></langSet></termEntry>\n\
            </body></text></martif>\n";
        let err = load("g.tbx", tbx, "en").unwrap_err();
        assert!(
            err.starts_with("g.tbx:4: the entry has no en term"),
            "{err}"
        );
    }

    #[test]
    fn a_tbx_min_file_named_tbxm_is_read_as_tbx() {
        let min = "<TBX dialect=\"TBX-Min\"><header><id>g</id></header><body>\n\
            <conceptEntry id=\"c1\"><langGroup xml:lang=\"en\"><termGroup><term>Almaty</term></termGroup></langGroup>\
            <langGroup xml:lang=\"kk\"><termGroup><term>Алматы</term></termGroup></langGroup></conceptEntry>\n\
            </body></TBX>\n";
        let g = load("places.tbxm", min, "en").unwrap();
        assert_eq!(g.entries.len(), 1);
        assert_eq!(
            g.entries[0].terms["kk"].preferred.as_deref(),
            Some("Алматы")
        );
    }
}
