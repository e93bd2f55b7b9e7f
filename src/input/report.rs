//! Reports named `NAME.LANG.txt` and [`ParallelSet`]s: a report with its translations beside
//! it (`NAME.en.txt` + `NAME.kk.txt` + `NAME.ru.txt`).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use super::InputError;
use crate::store::canonical_lang;

/// The language of a file named `NAME.LANG.txt`, if its name says: the canonical tag
/// ([`crate::lang::parse_tag`]: `r.KAZ.txt` → `kk`). A tag of the right shape whose
/// language is unknown (`r.kz.txt`) is returned as written: the file is a report, and
/// reading it refuses the language ([`ParallelSet::files`]).
pub fn lang_from_name(path: &Path) -> Option<String> {
    let name = path.file_name()?.to_str()?;
    let stem = name.strip_suffix(".txt")?;
    let (_, tag) = stem.rsplit_once('.')?;
    match crate::lang::parse_tag(tag) {
        Ok(tag) => Some(tag),
        Err(_) => crate::lang::is_valid(tag).then(|| crate::lang::canonical(tag)),
    }
}

/// `NAME` of a file named `NAME.LANG.txt` (empty when the name has no language part).
fn base_name(path: &Path) -> String {
    path.file_name()
        .and_then(|n| n.to_str())
        .and_then(|n| n.strip_suffix(".txt"))
        .and_then(|n| n.rsplit_once('.'))
        .map(|(b, _)| b.to_string())
        .unwrap_or_default()
}

/// The canonical form of `lang`, the language a report's name (or the command) gives it, or an error
/// about `path`.
pub(crate) fn report_lang(path: &Path, lang: &str) -> Result<String, InputError> {
    canonical_lang(lang).map_err(|e| InputError::file(path, format!("language of the report: {e}")))
}

/// A report and its translations, read together.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParallelSet {
    /// The source-language report.
    pub source: PathBuf,
    /// Its language.
    pub src_lang: String,
    /// Translations: (language, file).
    pub targets: Vec<(String, PathBuf)>,
}

impl ParallelSet {
    /// The set the report `path` belongs to: the `NAME.<src_lang>.txt` beside it and every
    /// `NAME.<lang>.txt` there (`path` may be the source or one of the translations).
    pub fn of_report(path: &Path, src_lang: &str) -> Result<ParallelSet, InputError> {
        let base = base_name(path);
        let dir = path
            .parent()
            .filter(|d| !d.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        let set = sets_in_dir(dir, src_lang)?
            .into_iter()
            .find(|s| base_name(&s.source) == base);
        let mut set = set.ok_or_else(|| {
            InputError::file(
                path,
                format!("no source file {base}.{src_lang}.txt beside it"),
            )
        })?;
        // A bare file name was given: keep names relative, without "./".
        if path.parent().is_none_or(|d| d.as_os_str().is_empty()) {
            let bare = |p: &Path| {
                p.strip_prefix(".")
                    .map(Path::to_path_buf)
                    .unwrap_or_else(|_| p.to_path_buf())
            };
            set.source = bare(&set.source);
            for (_, t) in set.targets.iter_mut() {
                *t = bare(t);
            }
        }
        Ok(set)
    }

    /// Every file of the set as (canonical language, path), the source first. A translation
    /// in the source language is an error.
    pub fn files(&self) -> Result<Vec<(String, PathBuf)>, InputError> {
        let src_lang = report_lang(&self.source, &self.src_lang)?;
        let mut files = vec![(src_lang.clone(), self.source.clone())];
        for (lang, path) in &self.targets {
            let lang = report_lang(path, lang)?;
            if lang == src_lang {
                return Err(InputError::file(
                    path,
                    format!("target language {lang} is the source language"),
                ));
            }
            files.push((lang, path.clone()));
        }
        Ok(files)
    }
}

/// Finds the report sets in a directory: every `NAME.<src_lang>.txt` with the
/// `NAME.<lang>.txt` files beside it. Other files are ignored. Sorted by name.
pub(crate) fn sets_in_dir(dir: &Path, src_lang: &str) -> Result<Vec<ParallelSet>, InputError> {
    let src_lang = report_lang(dir, src_lang)?;
    let mut groups: BTreeMap<String, Vec<(String, PathBuf)>> = BTreeMap::new();
    let entries = std::fs::read_dir(dir).map_err(|e| InputError::io(dir, e))?;
    for entry in entries {
        let entry = entry.map_err(|e| InputError::io(dir, e))?;
        let path = entry.path();
        if !path.is_file() {
            continue;
        }
        let Some(lang) = lang_from_name(&path) else {
            continue;
        };
        groups
            .entry(base_name(&path))
            .or_default()
            .push((lang, path));
    }
    let mut sets = Vec::new();
    for (base, mut files) in groups {
        files.sort();
        let Some(pos) = files
            .iter()
            .position(|(l, _)| l.eq_ignore_ascii_case(&src_lang))
        else {
            let (_, first) = &files[0];
            return Err(InputError::file(
                first,
                format!("no source file {base}.{src_lang}.txt beside it"),
            ));
        };
        let (_, source) = files.remove(pos);
        sets.push(ParallelSet {
            source,
            src_lang: src_lang.clone(),
            targets: files,
        });
    }
    if sets.is_empty() {
        return Err(InputError::file(
            dir,
            format!("no reports named NAME.{src_lang}.txt in this directory"),
        ));
    }
    Ok(sets)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn language_comes_from_the_file_name() {
        assert_eq!(
            lang_from_name(Path::new("a/report.en.txt")).as_deref(),
            Some("en")
        );
        assert_eq!(
            lang_from_name(Path::new("r.kk-kz.txt")).as_deref(),
            Some("kk-KZ")
        );
        assert_eq!(lang_from_name(Path::new("report.txt")), None);
    }

    #[test]
    fn a_directory_groups_reports_by_name_with_the_source_first() {
        let d = tempfile::tempdir().unwrap();
        for name in ["b.en.txt", "b.ru.txt", "a.kk.txt", "a.en.txt", "notes.md"] {
            std::fs::write(d.path().join(name), "x").unwrap();
        }
        let sets = sets_in_dir(d.path(), "EN").unwrap();
        assert_eq!(sets.len(), 2);
        assert!(sets[0].source.ends_with("a.en.txt"));
        assert_eq!(sets[0].targets[0].0, "kk");
        assert!(sets[1].source.ends_with("b.en.txt"));
        assert_eq!(sets[1].src_lang, "en");
    }

    #[test]
    fn a_translation_without_its_source_is_an_error() {
        let d = tempfile::tempdir().unwrap();
        std::fs::write(d.path().join("r.kk.txt"), "x").unwrap();
        let err = sets_in_dir(d.path(), "en").unwrap_err().to_string();
        assert!(
            err.ends_with("r.kk.txt: no source file r.en.txt beside it"),
            "{err}"
        );
    }

    #[test]
    fn a_translation_in_the_source_language_is_refused() {
        let set = ParallelSet {
            source: "r.en.txt".into(),
            src_lang: "en".into(),
            targets: vec![("EN".into(), "r2.en.txt".into())],
        };
        let err = set.files().unwrap_err().to_string();
        assert_eq!(err, "r2.en.txt: target language en is the source language");
    }
}
