//! [`Glossary`]: the entries of one or more glossary files and their problems, loaded from a
//! file or a directory of CSV and TBX files.

use std::path::Path;

use serde::Serialize;

use super::{parse_csv, parse_tbx, Entry, GlossaryError, Problem, ProblemLevel};

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
}
