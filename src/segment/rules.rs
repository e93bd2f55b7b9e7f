//! Per-language segmentation data: abbreviations, sentence starters,
//! continuation words; parsed from the plain-text lists in `abbrev/`.

use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

/// Longest abbreviation (in bytes, lower-cased) the segmenter looks up.
pub(crate) const MAX_ABBREV_BYTES: usize = 48;

/// An error reading a user abbreviation list (`--abbrev FILE`).
#[derive(Debug, thiserror::Error)]
pub enum AbbrevError {
    /// The file could not be read.
    #[error("cannot read abbreviation file {}: {source}", path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// The underlying I/O error.
        #[source]
        source: std::io::Error,
    },
    /// The file is not UTF-8 text.
    #[error("{}: abbreviation file is not UTF-8 text (invalid byte at offset {offset})", path.display())]
    NotUtf8 {
        /// The file.
        path: PathBuf,
        /// Byte offset of the first invalid byte.
        offset: usize,
    },
    /// A line of the file is not a valid entry.
    #[error("{}:{line}: {message}", path.display())]
    Invalid {
        /// The file.
        path: PathBuf,
        /// 1-based line number.
        line: usize,
        /// What is wrong with the line.
        message: String,
    },
}

/// How an abbreviation behaves before a capitalised word or a number.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Class {
    /// Never ends a sentence there (titles, `г.`, `i.e.`).
    Never,
    /// Ends a sentence only before a sentence starter; never before a number.
    Ambiguous,
    /// Like `Ambiguous`, and also after a clause of more than three words (`p.m.`).
    Time,
    /// Usually closes a phrase (`etc.`, `т.д.`, units `млн`, `руб.`): ends a
    /// sentence before any capitalised word, never before a number.
    Final,
}

#[derive(Debug, Clone, Copy)]
pub(crate) struct Abbrev {
    pub class: Class,
    /// Entry was written capitalised: only capitalised tokens match.
    pub cased: bool,
}

/// Which language-specific behaviours apply.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Family {
    English,
    Russian,
    Kazakh,
    Generic,
}

/// A small, fast FNV-1a hasher for short keys.
#[derive(Default)]
pub(crate) struct Fnv(u64);

impl Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        let mut h = if self.0 == 0 {
            0xcbf2_9ce4_8422_2325
        } else {
            self.0
        };
        for &b in bytes {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
        self.0 = h;
    }
}

type FnvBuild = BuildHasherDefault<Fnv>;

/// The data one segmenter works with.
#[derive(Debug, Clone)]
pub(crate) struct Rules {
    pub family: Family,
    abbrevs: HashMap<Box<str>, Abbrev, FnvBuild>,
    starters: HashSet<Box<str>, FnvBuild>,
    continuation: HashSet<Box<str>, FnvBuild>,
    speech: HashSet<Box<str>, FnvBuild>,
    titles: HashSet<Box<str>, FnvBuild>,
    /// Longest abbreviation key, in bytes.
    max_key: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Section {
    Abbrev(Class),
    Starters,
    Continuation,
    Speech,
    Titles,
}

const EN: &str = include_str!("abbrev/en.txt");
const RU: &str = include_str!("abbrev/ru.txt");
const KK: &str = include_str!("abbrev/kk.txt");
const GENERIC: &str = include_str!("abbrev/generic.txt");

impl Rules {
    fn empty(family: Family) -> Self {
        Rules {
            family,
            abbrevs: HashMap::default(),
            starters: HashSet::default(),
            continuation: HashSet::default(),
            speech: HashSet::default(),
            titles: HashSet::default(),
            max_key: 0,
        }
    }

    /// The built-in rules for a language tag, shared between segmenters.
    pub(super) fn builtin(lang: &str) -> Arc<Rules> {
        static CACHE: [OnceLock<Arc<Rules>>; 4] = [
            OnceLock::new(),
            OnceLock::new(),
            OnceLock::new(),
            OnceLock::new(),
        ];
        let family = family_of(lang);
        let (slot, data) = match family {
            Family::English => (0, EN),
            Family::Russian => (1, RU),
            Family::Kazakh => (2, KK),
            Family::Generic => (3, GENERIC),
        };
        CACHE[slot]
            .get_or_init(|| {
                let mut r = Rules::empty(family);
                // The built-in lists are checked by a unit test; a bad line is skipped.
                let _ = r.parse(Path::new("<built-in>"), data, Section::Abbrev(Class::Never));
                Arc::new(r)
            })
            .clone()
    }

    /// Adds one user abbreviation (ambiguous class); ignores blank or invalid entries.
    pub(super) fn add_abbrev(&mut self, entry: &str) {
        if let Ok(Some((key, cased))) = normalize_abbrev(entry) {
            self.insert_abbrev(key, Class::Ambiguous, cased);
        }
    }

    fn insert_abbrev(&mut self, key: String, class: Class, cased: bool) {
        self.max_key = self.max_key.max(key.len());
        self.abbrevs
            .insert(key.into_boxed_str(), Abbrev { class, cased });
    }

    /// Length in bytes of the longest abbreviation key.
    #[inline]
    pub(super) fn max_key_bytes(&self) -> usize {
        self.max_key
    }

    /// Parses a list in the `abbrev/*.txt` format; entries before any section
    /// header go to `default`. Reports the first invalid line.
    pub(super) fn parse_user(&mut self, path: &Path, text: &str) -> Result<(), AbbrevError> {
        self.parse(path, text, Section::Abbrev(Class::Ambiguous))
    }

    fn parse(&mut self, path: &Path, text: &str, default: Section) -> Result<(), AbbrevError> {
        let mut section = default;
        let invalid = |line: usize, message: String| AbbrevError::Invalid {
            path: path.to_path_buf(),
            line,
            message,
        };
        for (n, raw) in text.lines().enumerate() {
            let line_no = n + 1;
            let line = raw.trim_matches(super::is_space);
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            if let Some(name) = line.strip_prefix('[') {
                let name = name
                    .strip_suffix(']')
                    .ok_or_else(|| invalid(line_no, format!("unclosed section header {line:?}")))?;
                section = match name.trim() {
                    "never" => Section::Abbrev(Class::Never),
                    "ambiguous" => Section::Abbrev(Class::Ambiguous),
                    "time" => Section::Abbrev(Class::Time),
                    "final" => Section::Abbrev(Class::Final),
                    "starters" => Section::Starters,
                    "continuation" => Section::Continuation,
                    "speech" => Section::Speech,
                    "titles" => Section::Titles,
                    other => {
                        return Err(invalid(
                            line_no,
                            format!(
                                "unknown section [{other}] (expected never, ambiguous, final, \
                                 time, starters, continuation, speech or titles)"
                            ),
                        ))
                    }
                };
                continue;
            }
            match section {
                Section::Abbrev(class) => match normalize_abbrev(line) {
                    Ok(Some((key, cased))) => self.insert_abbrev(key, class, cased),
                    Ok(None) => {}
                    Err(message) => return Err(invalid(line_no, message)),
                },
                Section::Starters | Section::Continuation | Section::Speech | Section::Titles => {
                    if line.chars().any(super::is_space) || line.len() > MAX_ABBREV_BYTES {
                        return Err(invalid(
                            line_no,
                            format!("expected one word, found {line:?}"),
                        ));
                    }
                    let set = match section {
                        Section::Starters => &mut self.starters,
                        Section::Continuation => &mut self.continuation,
                        Section::Titles => &mut self.titles,
                        _ => &mut self.speech,
                    };
                    let word = if section == Section::Starters {
                        line.to_string()
                    } else {
                        line.to_lowercase()
                    };
                    set.insert(word.into_boxed_str());
                }
            }
        }
        Ok(())
    }

    /// Looks up an abbreviation by its lower-cased key; `capitalised` tells
    /// whether the token in the text starts with an upper-case letter.
    #[inline]
    pub(super) fn abbrev(&self, lower_key: &str, capitalised: bool) -> Option<Class> {
        let a = self.abbrevs.get(lower_key)?;
        if a.cased && !capitalised {
            None
        } else {
            Some(a.class)
        }
    }

    /// Whether `word` (as written) typically opens a sentence.
    #[inline]
    pub(super) fn is_starter(&self, word: &str) -> bool {
        self.starters.contains(word)
    }

    /// Whether `lower_word` cannot end a sentence (a line break after it joins lines).
    #[inline]
    pub(super) fn is_continuation(&self, lower_word: &str) -> bool {
        self.continuation.contains(lower_word)
    }

    /// Whether `lower_word` introduces a quoted name (`movement`, `движения`, `лозунгом`): a
    /// `!` or `?` closing that quotation may end the name, not the sentence.
    pub(super) fn is_title(&self, lower_word: &str) -> bool {
        self.titles.contains(lower_word)
    }

    /// Whether `lower_word` is a reported-speech word (Kazakh `деп`, `деді`).
    #[inline]
    pub(super) fn is_speech(&self, lower_word: &str) -> bool {
        self.speech.contains(lower_word)
    }
}

/// The rule family for a language tag (`en`, `en-US`, `rus`, `kk-KZ` …).
pub(crate) fn family_of(lang: &str) -> Family {
    match crate::lang::primary(lang).as_str() {
        "en" | "eng" => Family::English,
        "ru" | "rus" => Family::Russian,
        "kk" | "kaz" => Family::Kazakh,
        _ => Family::Generic,
    }
}

/// Normalises an abbreviation entry: trims, drops one final period, removes
/// spaces after inner periods (`т. б.` → `т.б`), lower-cases. Returns the key
/// and whether it was written capitalised; `None` for an empty entry.
fn normalize_abbrev(entry: &str) -> Result<Option<(String, bool)>, String> {
    let e = entry.trim_matches(super::is_space);
    let e = e.strip_suffix('.').unwrap_or(e);
    if e.is_empty() {
        return Ok(None);
    }
    let mut key = String::with_capacity(e.len());
    let mut prev_dot = false;
    for c in e.chars() {
        if super::is_space(c) {
            if prev_dot {
                continue;
            }
            return Err(format!(
                "abbreviation {entry:?} contains a space (only \"x. y.\" forms may)"
            ));
        }
        prev_dot = c == '.';
        key.extend(c.to_lowercase());
    }
    if key.len() > MAX_ABBREV_BYTES {
        return Err(format!(
            "abbreviation {entry:?} is longer than {MAX_ABBREV_BYTES} bytes"
        ));
    }
    let cased = e.chars().next().is_some_and(char::is_uppercase);
    Ok(Some((key, cased)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_lists_parse_cleanly() {
        for (name, data) in [("en", EN), ("ru", RU), ("kk", KK), ("generic", GENERIC)] {
            let mut r = Rules::empty(Family::Generic);
            r.parse(Path::new(name), data, Section::Abbrev(Class::Never))
                .unwrap_or_else(|e| panic!("{e}"));
            assert!(!r.abbrevs.is_empty(), "{name}");
        }
    }

    #[test]
    fn entries_normalise() {
        assert_eq!(
            normalize_abbrev(" т. б. "),
            Ok(Some(("т.б".to_string(), false)))
        );
        assert_eq!(normalize_abbrev("Mr."), Ok(Some(("mr".to_string(), true))));
        assert_eq!(normalize_abbrev("."), Ok(None));
        assert!(normalize_abbrev("a b").is_err());
    }

    #[test]
    fn families() {
        assert_eq!(family_of("EN-us"), Family::English);
        assert_eq!(family_of("kk_KZ"), Family::Kazakh);
        assert_eq!(family_of("rus"), Family::Russian);
        assert_eq!(family_of("de"), Family::Generic);
    }
}
