//! Which units and languages an export takes: [`Selection`] and the language matching it uses.

use crate::lang;
use crate::store::{Unit, Variant};

/// Which units and languages to export. A requested language matches a stored one equal to
/// it ignoring case or, when the request is a bare language (`kk`), any regional form of it
/// (`kk-KZ`).
#[derive(Debug, Clone)]
pub struct Selection {
    /// Source language: units whose source language matches.
    pub src: String,
    /// Target languages, in output order. Empty means every target (JSON only).
    pub targets: Vec<String>,
}

/// Whether a stored tag matches a requested one: equal ignoring case, or, when the request
/// is a bare language (`kk`), any regional form of it (`kk-KZ`).
pub(crate) fn lang_matches(stored: &str, wanted: &str) -> bool {
    stored.eq_ignore_ascii_case(wanted)
        || (!wanted.contains(['-', '_']) && lang::primary(stored) == lang::primary(wanted))
}

impl Selection {
    /// Whether the unit's source language is the selected one.
    pub fn source_matches(&self, u: &Unit) -> bool {
        lang_matches(&u.src_lang, &self.src)
    }

    /// The unit's variants in the selected languages (one per language, an exact tag
    /// preferred to a regional one), in selection order; all of them when no targets were
    /// selected.
    pub fn variants<'u>(&self, u: &'u Unit) -> Vec<Option<&'u Variant>> {
        if self.targets.is_empty() {
            return u.variants.iter().map(Some).collect();
        }
        self.targets
            .iter()
            .map(|t| {
                u.variants
                    .iter()
                    .find(|v| v.lang.eq_ignore_ascii_case(t))
                    .or_else(|| u.variants.iter().find(|v| lang_matches(&v.lang, t)))
            })
            .collect()
    }
}
