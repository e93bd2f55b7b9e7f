//! A glossary [`Entry`]: a concept's renderings per language ([`Terms`]), the person's
//! [`Gender`] for names, and where it was defined ([`Origin`]).

use std::collections::BTreeMap;
use std::path::PathBuf;

use serde::Serialize;

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

    pub(super) fn is_empty(&self) -> bool {
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

#[cfg(test)]
mod tests {
    use crate::glossary::test_csv::glossary;

    #[test]
    fn region_tags_fall_back_to_the_primary_language() {
        let g = glossary("en,kk\nAlmaty,Алматы\n").unwrap();
        assert_eq!(g.entries[0].preferred("kk-KZ"), Some("Алматы"));
        assert_eq!(g.entries[0].preferred("KK"), Some("Алматы"));
    }
}
