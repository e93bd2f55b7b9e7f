//! [`InputKind`]: what a path given to `import` or `check` is, from its type and name. Every
//! command recognizes inputs through [`InputKind::of`].

use std::path::Path;

use super::{lang_from_name, Dialect};

/// The kind of input a path is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InputKind {
    /// A directory of reports, tables, TMX and XLIFF files (see [`DirInputs`](super::DirInputs)).
    Dir,
    /// A plain-text report, named `NAME.LANG.txt` (with its translations beside it).
    Report,
    /// A TSV (`.tsv`, `.tab`) or CSV (`.csv`) table with a header row of language codes.
    Table(Dialect),
    /// A TMX file (`.tmx`).
    Tmx,
    /// An XLIFF 1.2 or 2.0 file (`.xlf`, `.xliff`, `.sdlxliff`, `.mqxliff`, `.xlf2`, `.xliff2`).
    Xliff,
    /// A tmkit TM database (`.db`, `.sqlite`, `.sqlite3`).
    Database,
}

impl InputKind {
    /// What `path` is: a directory, else what its name says; `None` for a name that says
    /// nothing known (a `.txt` file without a language in its name, among others).
    pub fn of(path: &Path) -> Option<InputKind> {
        if path.is_dir() {
            return Some(InputKind::Dir);
        }
        InputKind::of_name(path)
    }

    /// What a file named `path` is, from its name only.
    pub fn of_name(path: &Path) -> Option<InputKind> {
        let ext = path
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase)
            .unwrap_or_default();
        match ext.as_str() {
            "tmx" => Some(InputKind::Tmx),
            "xlf" | "xliff" | "sdlxliff" | "mqxliff" | "xlf2" | "xliff2" => Some(InputKind::Xliff),
            "db" | "sqlite" | "sqlite3" => Some(InputKind::Database),
            _ => Dialect::from_path(path)
                .map(InputKind::Table)
                .or_else(|| lang_from_name(path).map(|_| InputKind::Report)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_say_what_a_file_is() {
        let of = |p: &str| InputKind::of_name(Path::new(p));
        assert_eq!(of("r.en.txt"), Some(InputKind::Report));
        assert_eq!(of("notes.txt"), None);
        assert_eq!(of("m.TSV"), Some(InputKind::Table(Dialect::Tsv)));
        assert_eq!(of("m.tab"), Some(InputKind::Table(Dialect::Tsv)));
        assert_eq!(of("m.csv"), Some(InputKind::Table(Dialect::Csv)));
        assert_eq!(of("m.tmx"), Some(InputKind::Tmx));
        for x in [
            "j.xlf",
            "j.XLIFF",
            "j.sdlxliff",
            "j.mqxliff",
            "j.xlf2",
            "j.xliff2",
        ] {
            assert_eq!(of(x), Some(InputKind::Xliff), "{x}");
        }
        for x in ["tm.db", "tm.sqlite", "tm.sqlite3"] {
            assert_eq!(of(x), Some(InputKind::Database), "{x}");
        }
        assert_eq!(of("README.md"), None);
    }

    #[test]
    fn a_directory_is_a_directory_whatever_its_name() {
        let d = tempfile::tempdir().unwrap();
        let sub = d.path().join("looks.tmx");
        std::fs::create_dir(&sub).unwrap();
        assert_eq!(InputKind::of(&sub), Some(InputKind::Dir));
    }
}
