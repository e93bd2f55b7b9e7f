//! [`DirInputs`]: what a directory given as an input holds.

use std::path::{Path, PathBuf};

use super::{lang_from_name, sets_in_dir, InputError, InputKind, ParallelSet};

/// The inputs of a directory: its report sets and its tables, TMX and XLIFF files, each
/// sorted by name. Files of other kinds (TM databases among them) and subdirectories are
/// ignored.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DirInputs {
    /// The report sets (`NAME.<src_lang>.txt` with the `NAME.<lang>.txt` beside it).
    pub sets: Vec<ParallelSet>,
    /// Tables, TMX and XLIFF files, with their kind.
    pub files: Vec<(PathBuf, InputKind)>,
}

impl DirInputs {
    /// Lists the inputs of `dir`; reports are grouped into sets whose source is in
    /// `src_lang` (a translation without its source is an error).
    pub fn read(dir: &Path, src_lang: &str) -> Result<DirInputs, InputError> {
        let mut paths: Vec<PathBuf> = Vec::new();
        for entry in std::fs::read_dir(dir).map_err(|e| InputError::io(dir, e))? {
            let path = entry.map_err(|e| InputError::io(dir, e))?.path();
            if path.is_file() {
                paths.push(path);
            }
        }
        paths.sort();
        let sets = if paths.iter().any(|p| lang_from_name(p).is_some()) {
            sets_in_dir(dir, src_lang)?
        } else {
            Vec::new()
        };
        let files = paths
            .into_iter()
            .filter_map(|p| {
                // A file whose name says nothing (`memory.xml`) is read if its content says
                // TMX or XLIFF; a `.tmx` or `.xlf` file for what its content says.
                let kind = match InputKind::of_name(&p) {
                    Some(InputKind::Table(d)) => Some(InputKind::Table(d)),
                    Some(k @ (InputKind::Tmx | InputKind::Xliff)) => InputKind::of(&p).or(Some(k)),
                    None => InputKind::of(&p),
                    _ => None,
                };
                match kind {
                    Some(k @ (InputKind::Table(_) | InputKind::Tmx | InputKind::Xliff)) => {
                        Some((p, k))
                    }
                    _ => None,
                }
            })
            .collect();
        Ok(DirInputs { sets, files })
    }

    /// Whether the directory holds nothing to read.
    pub fn is_empty(&self) -> bool {
        self.sets.is_empty() && self.files.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::Dialect;

    #[test]
    fn reports_come_as_sets_and_other_inputs_by_name() {
        let d = tempfile::tempdir().unwrap();
        for name in [
            "r.en.txt",
            "r.kk.txt",
            "b.tmx",
            "a.tsv",
            "c.xlf",
            "tm.db",
            "README.md",
        ] {
            std::fs::write(d.path().join(name), "x").unwrap();
        }
        std::fs::create_dir(d.path().join("sub.tsv")).unwrap();
        let got = DirInputs::read(d.path(), "en").unwrap();
        assert_eq!(got.sets.len(), 1);
        assert!(got.sets[0].source.ends_with("r.en.txt"));
        let kinds: Vec<(String, InputKind)> = got
            .files
            .iter()
            .map(|(p, k)| (p.file_name().unwrap().to_string_lossy().into_owned(), *k))
            .collect();
        assert_eq!(
            kinds,
            vec![
                ("a.tsv".to_string(), InputKind::Table(Dialect::Tsv)),
                ("b.tmx".to_string(), InputKind::Tmx),
                ("c.xlf".to_string(), InputKind::Xliff),
            ]
        );
    }

    #[test]
    fn a_directory_of_other_files_holds_nothing() {
        let d = tempfile::tempdir().unwrap();
        std::fs::write(d.path().join("README.md"), "x").unwrap();
        assert!(DirInputs::read(d.path(), "en").unwrap().is_empty());
    }
}
