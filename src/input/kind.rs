//! [`InputKind`]: what a path given to `import` or `check` is, from its type, its content
//! and its name. Every command recognizes inputs through [`InputKind::of`], and says why a
//! path is none through [`InputKind::refusal`].

use std::path::Path;

use super::sniff::Sniffed;
use super::{lang_from_name, Dialect, InputError};

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
    /// What `path` is: a directory; else a file whose first bytes say what it is (XML with
    /// a `<tmx>` or `<xliff>` root, whatever its name: `.xlf2`, `.sdlxliff`, `.mqxliff`,
    /// `memory.xml`, a TMX file saved as `.txt`; a SQLite database); else what its name
    /// says. `None` for other XML (never read as a report: see [`InputKind::refusal`]) and
    /// for a name that says nothing known (a `.txt` file without a language in its name,
    /// among others).
    pub fn of(path: &Path) -> Option<InputKind> {
        if path.is_dir() {
            return Some(InputKind::Dir);
        }
        match Sniffed::file(path) {
            Sniffed::Xml(Some(root)) if root == "tmx" => Some(InputKind::Tmx),
            Sniffed::Xml(Some(root)) if root == "xliff" => Some(InputKind::Xliff),
            // XML whose root was not seen (a long prolog, an unknown encoding): its name.
            Sniffed::Xml(None) => {
                InputKind::of_name(path).filter(|k| matches!(k, InputKind::Tmx | InputKind::Xliff))
            }
            Sniffed::Xml(Some(_)) => None,
            Sniffed::Sqlite => Some(InputKind::Database),
            Sniffed::Other => InputKind::of_name(path),
        }
    }

    /// Refuses a path that is neither a file nor a directory (a named pipe such as
    /// `<(zcat tm.tsv.gz)`, a socket, a device): an input is read more than once (its first
    /// bytes to recognise it, then the whole of it), which a pipe cannot give. Nothing is
    /// opened, so a pipe's writer is not consumed nor waited for.
    pub fn refuse_pipe(path: &Path) -> Result<(), InputError> {
        match std::fs::metadata(path) {
            Ok(m) if !m.is_file() && !m.is_dir() => Err(InputError::file(
                path,
                "not a regular file (a named pipe or a device): tmkit reads an input more \
                 than once, to recognise it and then to read it; save it to a file first",
            )),
            _ => Ok(()),
        }
    }

    /// Whether `path` is an XML file (whatever its name): such a file is never read as a
    /// plain-text report, even when a command is told to read unknown files as reports.
    pub fn is_xml(path: &Path) -> bool {
        matches!(Sniffed::file(path), Sniffed::Xml(_))
    }

    /// Why `path` is no input [`InputKind::of`] knows: it does not exist, it is XML of
    /// another kind (a TBX glossary, say), or its name says nothing.
    pub fn refusal(path: &Path) -> InputError {
        if !path.exists() {
            return InputError::file(path, "no such file or directory");
        }
        match Sniffed::file(path) {
            Sniffed::Xml(Some(root)) if root == "martif" || root == "tbx" => InputError::file(
                path,
                format!(
                    "a TBX glossary (root element <{root}>), not a translation memory: \
                     tmkit glossary import reads it"
                ),
            ),
            Sniffed::Xml(root) => InputError::file(
                path,
                format!(
                    "an XML file{}, neither TMX (<tmx>) nor XLIFF (<xliff>): tmkit cannot read it",
                    root.map(|r| format!(" whose root element is <{r}>"))
                        .unwrap_or_default()
                ),
            ),
            _ => InputError::file(
                path,
                "unknown input: expected a directory, NAME.LANG.txt, .tsv, .csv, .tmx, an \
                 XLIFF file (.xlf, .xliff, …) or a TM .db",
            ),
        }
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
    fn content_says_what_a_file_is_before_its_name() {
        let d = tempfile::tempdir().unwrap();
        let write = |name: &str, text: &[u8]| {
            let p = d.path().join(name);
            std::fs::write(&p, text).unwrap();
            p
        };
        let tmx = b"<?xml version=\"1.0\"?>\n<tmx version=\"1.4\"><header/><body/></tmx>";
        let xliff = b"<xliff version=\"2.0\" srcLang=\"en\"></xliff>";
        assert_eq!(InputKind::of(&write("m.xml", tmx)), Some(InputKind::Tmx));
        assert_eq!(InputKind::of(&write("m.en.txt", tmx)), Some(InputKind::Tmx));
        assert_eq!(
            InputKind::of(&write("j.xlf2.bak", xliff)),
            Some(InputKind::Xliff)
        );
        assert_eq!(
            InputKind::of(&write("j.tmx", xliff)),
            Some(InputKind::Xliff)
        );
        let tbx = write("g.en.txt", b"<?xml version=\"1.0\"?><martif type=\"TBX\"/>");
        assert_eq!(InputKind::of(&tbx), None);
        assert!(InputKind::is_xml(&tbx));
        assert!(InputKind::refusal(&tbx)
            .to_string()
            .contains("TBX glossary"));
        let other = write("strings.xml", b"<?xml version=\"1.0\"?><resources/>");
        assert_eq!(InputKind::of(&other), None);
        assert!(InputKind::refusal(&other)
            .to_string()
            .contains("<resources>"));
        let report = write("r.en.txt", b"<b>Breaking</b>: police came.\n");
        assert_eq!(InputKind::of(&report), Some(InputKind::Report));
        assert!(!InputKind::is_xml(&report));
        let db = write("tm.bin", b"SQLite format 3\0rest");
        assert_eq!(InputKind::of(&db), Some(InputKind::Database));
        let missing = d.path().join("none.tmx");
        assert!(InputKind::refusal(&missing)
            .to_string()
            .contains("no such file"));
    }

    #[test]
    fn a_directory_is_a_directory_whatever_its_name() {
        let d = tempfile::tempdir().unwrap();
        let sub = d.path().join("looks.tmx");
        std::fs::create_dir(&sub).unwrap();
        assert_eq!(InputKind::of(&sub), Some(InputKind::Dir));
    }
}
