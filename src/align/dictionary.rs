//! The bilingual news lexicon: which English words usually translate to which Kazakh and
//! Russian words, written once as data (`src/align/dictionary/en-kk.tsv`, `en-ru.tsv`,
//! embedded in the binary) and used by the aligner as prior knowledge
//! ([`coverage`](super::coverage)): a report of thirty sentences teaches its own model
//! few words, and hunalign's answer to that is a dictionary.
//!
//! A lexicon file holds one English word a line, a tab, then its translations separated by
//! commas (a translation may be a phrase); `#` starts a comment line. Each word is kept as
//! its [`stem`](super::stem) (as the aligner reads a sentence: folded, grammar words and
//! words shorter than three letters left out), so the inflected forms of a translation
//! match their entry.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use rustc_hash::FxHashMap;

use super::lexicon::{each_stem, stem_hash};
use crate::glossary::morph::fold;

/// The bundled English–Kazakh lexicon.
const EN_KK: &str = include_str!("dictionary/en-kk.tsv");
/// The bundled English–Russian lexicon.
const EN_RU: &str = include_str!("dictionary/en-ru.tsv");

/// A lexicon file that cannot be read, at its file and line.
#[derive(Debug, thiserror::Error)]
pub enum DictionaryError {
    /// The file could not be read.
    #[error("{}: {error}", path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// What went wrong.
        error: std::io::Error,
    },
    /// A line is not `WORD<TAB>TRANSLATION[, TRANSLATION…]`.
    #[error("{}:{line}: {message}", path.display())]
    Line {
        /// The file.
        path: PathBuf,
        /// The line (from 1).
        line: usize,
        /// What is wrong with it.
        message: String,
    },
}

/// Word pairs of a language pair, by stem hash.
#[derive(Debug, Clone, Default)]
pub struct Dictionary {
    /// Target stems (hashes, sorted) of each source stem.
    by_source: FxHashMap<u64, Vec<u64>>,

    /// How many entries (lines) it was read from.
    entries: usize,
}

impl Dictionary {
    /// Reads a lexicon from `text` (the contents of `path`, which errors name).
    pub fn parse(text: &str, path: &Path) -> Result<Dictionary, DictionaryError> {
        let mut d = Dictionary::default();
        for (k, raw) in text.lines().enumerate() {
            let line = raw.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let bad = |message: String| DictionaryError::Line {
                path: path.to_path_buf(),
                line: k + 1,
                message,
            };
            let Some((word, translations)) = line.split_once('\t') else {
                return Err(bad(format!(
                    "expected WORD<TAB>TRANSLATION[, TRANSLATION…], found {line:?}"
                )));
            };
            let sources = stems_of(word);
            if sources.is_empty() {
                return Err(bad(format!(
                    "{:?} is a grammar word or shorter than three letters: the aligner never counts it",
                    word.trim()
                )));
            }
            let mut targets = Vec::new();
            for t in translations.split(',').map(str::trim) {
                if t.is_empty() {
                    return Err(bad(format!("an empty translation of {:?}", word.trim())));
                }
                targets.extend(stems_of(t));
            }
            if targets.is_empty() {
                return Err(bad(format!(
                    "no translation of {:?} the aligner would count (grammar words and words shorter than three letters are left out)",
                    word.trim()
                )));
            }
            for s in sources {
                d.by_source.entry(s).or_default().extend(&targets);
            }
            d.entries += 1;
        }
        for v in d.by_source.values_mut() {
            v.sort_unstable();
            v.dedup();
        }
        Ok(d)
    }

    /// Reads a lexicon file.
    pub fn from_file(path: &Path) -> Result<Dictionary, DictionaryError> {
        let text = std::fs::read_to_string(path).map_err(|error| DictionaryError::Io {
            path: path.to_path_buf(),
            error,
        })?;
        Dictionary::parse(&text, path)
    }

    /// The bundled lexicon for `source` → `target` (language tags), when there is one:
    /// English to Kazakh or to Russian.
    pub fn bundled(source: &str, target: &str) -> Option<&'static Dictionary> {
        static KK: OnceLock<Dictionary> = OnceLock::new();
        static RU: OnceLock<Dictionary> = OnceLock::new();
        if crate::lang::primary(source) != "en" {
            return None;
        }
        let (cell, text, name) = match crate::lang::primary(target).as_str() {
            "kk" => (&KK, EN_KK, "en-kk.tsv"),
            "ru" => (&RU, EN_RU, "en-ru.tsv"),
            _ => return None,
        };
        // The bundled files are checked by this module's tests: an error cannot happen in
        // a built binary, and would only leave the lexicon out.
        Some(cell.get_or_init(|| Dictionary::parse(text, Path::new(name)).unwrap_or_default()))
    }

    /// How many entries (lines) it holds.
    pub fn len(&self) -> usize {
        self.entries
    }

    /// Whether it holds no entry.
    pub fn is_empty(&self) -> bool {
        self.entries == 0
    }

    /// The target stems (hashes) a source stem (hash) translates to.
    pub(super) fn translations(&self, source: u64) -> &[u64] {
        self.by_source.get(&source).map_or(&[], Vec::as_slice)
    }
}

/// Endings added to a lexicon word to reach the stems of its inflected forms: the stemmer
/// strips one ending and cuts to five letters, so a short word as written (`школа`,
/// `совет`, `сот`) and its forms in text (`школы`, `совета`, `сотта`) do not always share
/// a stem; an entry holds the stems of all of them. Latin words take English endings;
/// Cyrillic ones Russian case endings and Kazakh case, possessive and plural suffixes (the
/// stemmer chooses the rules by the letters).
const LATIN_ENDINGS: &[&str] = &["s", "es", "ed", "ing"];
const CYRILLIC_ENDINGS: &[&str] = &[
    "а", "у", "е", "ы", "и", "ом", "ой", "ам", "ах", "ами", "ов", "ей", "ю", "я", "ың", "ің", "ды",
    "ді", "ты", "ті", "ны", "ні", "да", "де", "та", "те", "ға", "ге", "қа", "ке", "нда", "нде",
    "дан", "ден", "тан", "тен", "лар", "лер", "дар", "дер", "тар", "тер", "сы", "сі",
];
/// Final vowels a Cyrillic word drops before an ending (`школа` → `школы`).
const FINAL_VOWELS: &[char] = &['а', 'я', 'о', 'е', 'ы', 'и', 'ь', 'й', 'ы', 'і'];

/// The stem hashes of the counted words of a lexicon word or phrase, with those of their
/// inflected forms.
fn stems_of(phrase: &str) -> Vec<u64> {
    let mut out = Vec::new();
    let folded = fold(phrase.trim());
    for word in folded
        .split(|c: char| !c.is_alphabetic())
        .filter(|w| !w.is_empty())
    {
        let mut counted = false;
        each_stem(word, &mut |s| {
            counted = true;
            out.push(stem_hash(&s));
        });
        if !counted {
            continue;
        }
        let cyrillic = word.chars().any(|c| ('\u{400}'..='\u{4ff}').contains(&c));
        let endings = if cyrillic {
            CYRILLIC_ENDINGS
        } else {
            LATIN_ENDINGS
        };
        let bare = word
            .strip_suffix(FINAL_VOWELS)
            .filter(|b| b.chars().count() >= 3);
        for base in std::iter::once(word).chain(bare) {
            for e in endings {
                each_stem(&format!("{base}{e}"), &mut |s| out.push(stem_hash(&s)));
            }
        }
    }
    out.sort_unstable();
    out.dedup();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The stem of a word as it stands in a sentence.
    fn stem_of(word: &str) -> u64 {
        let mut v = Vec::new();
        each_stem(&fold(word), &mut |s| v.push(stem_hash(&s)));
        assert_eq!(v.len(), 1, "{word}");
        v[0]
    }

    #[test]
    fn every_bundled_entry_survives_stemming() {
        for (name, text) in [("en-kk.tsv", EN_KK), ("en-ru.tsv", EN_RU)] {
            let d = Dictionary::parse(text, Path::new(name));
            let d = match d {
                Ok(d) => d,
                Err(e) => panic!("{e}"),
            };
            assert!(d.len() >= 600, "{name}: {}", d.len());
        }
    }

    #[test]
    fn inflected_forms_in_news_text_find_their_entry() {
        let kk = Dictionary::bundled("en", "kk").map_or_else(Default::default, Clone::clone);
        let ru = Dictionary::bundled("en", "ru").map_or_else(Default::default, Clone::clone);
        let pairs: [(&Dictionary, &str, &str); 20] = [
            (&ru, "school", "школы"),
            (&ru, "council", "совета"),
            (&kk, "court", "сотта"),
            (&kk, "court", "сотқа"),
            (&kk, "courts", "соттың"),
            (&kk, "prices", "бағасы"),
            (&kk, "hospital", "ауруханаға"),
            (&kk, "residents", "тұрғындары"),
            (&kk, "schools", "мектептердің"),
            (&kk, "protesters", "наразылық"),
            (&kk, "teachers", "мұғалімдер"),
            (&kk, "elections", "сайлауда"),
            (&ru, "courts", "суда"),
            (&ru, "prices", "цены"),
            (&ru, "hospital", "больнице"),
            (&ru, "residents", "жителей"),
            (&ru, "schools", "школах"),
            (&ru, "detained", "задержали"),
            (&ru, "teachers", "учителя"),
            (&ru, "elections", "выборах"),
        ];
        for (d, en, t) in pairs {
            assert!(
                d.translations(stem_of(en)).contains(&stem_of(t)),
                "{en} → {t}"
            );
        }
    }

    #[test]
    fn a_bad_line_is_named_with_its_file_and_line() {
        let path = Path::new("mine.tsv");
        let e = Dictionary::parse("# words\ncourt\tсуд\nprices цены\n", path);
        let msg = e
            .map(|_| ())
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(msg.starts_with("mine.tsv:3: expected WORD<TAB>"), "{msg}");
        let e = Dictionary::parse("court\tсуд\nthe\tэтот\n", path);
        let msg = e
            .map(|_| ())
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(msg.starts_with("mine.tsv:2: \"the\""), "{msg}");
        let e = Dictionary::parse("court\t, суд\n", path);
        let msg = e
            .map(|_| ())
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(msg.starts_with("mine.tsv:1: an empty translation"), "{msg}");
        let ok = Dictionary::parse("court\tсуд, суда\n\n# more\n", path).map(|d| d.len());
        assert_eq!(ok.ok(), Some(1));
    }

    #[test]
    fn only_english_to_kazakh_and_russian_are_bundled() {
        assert!(Dictionary::bundled("en", "kk").is_some_and(|d| !d.is_empty()));
        assert!(Dictionary::bundled("en-US", "ru").is_some());
        assert!(Dictionary::bundled("en", "de").is_none());
        assert!(Dictionary::bundled("kk", "ru").is_none());
    }
}
