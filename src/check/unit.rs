//! What is checked: a [`CheckUnit`] (a source sentence and its translations), each text
//! with where it came from ([`Text`], [`Loc`]).

use std::path::Path;
use std::sync::Arc;

/// A position in an input file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Loc {
    /// The file.
    pub file: Arc<Path>,
    /// 1-based line.
    pub line: u64,
    /// 1-based column in characters, when known.
    pub column: Option<u64>,
}

/// One language's text of a unit, with where it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Text {
    /// Language tag.
    pub lang: String,
    /// The sentence (NFC).
    pub text: String,
    /// Where its first character is, when it came from a file.
    pub loc: Option<Loc>,
    /// For a translation: hashes of the contexts it applies in ([`context_hashes`]);
    /// empty for the default context alone. Translations of one source for different
    /// contexts (alternatives kept by context) are not inconsistent.
    pub contexts: Vec<u64>,
}

/// The hashes of a translation's contexts for [`Text::contexts`]: empty when it applies in
/// the default context alone, else one per context (the default context hashed as 0).
pub fn context_hashes(contexts: &[crate::store::VariantContext]) -> Vec<u64> {
    if contexts.len() == 1 && contexts[0].is_empty() || contexts.is_empty() {
        return Vec::new();
    }
    contexts
        .iter()
        .map(|c| {
            if c.is_empty() {
                return 0;
            }
            let mut h: u64 = 0xcbf2_9ce4_8422_2325;
            for p in c {
                for b in p
                    .prop_type
                    .bytes()
                    .chain([0])
                    .chain(p.value.bytes())
                    .chain([1])
                {
                    h = (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
                }
            }
            h
        })
        .collect()
}

impl Text {
    /// Where byte `offset` of the text is in its file.
    pub(crate) fn loc_at(&self, offset: usize) -> Option<Loc> {
        let loc = self.loc.as_ref()?;
        let before = &self.text[..offset.min(self.text.len())];
        let (line, column) = advance(loc.line, loc.column, before);
        Some(Loc {
            file: loc.file.clone(),
            line,
            column,
        })
    }
}

/// The line and column (1-based, characters) just after `before`, which starts at
/// `line`:`column` (an unknown column stays unknown until a line break).
pub(crate) fn advance(line: u64, column: Option<u64>, before: &str) -> (u64, Option<u64>) {
    match before.rfind('\n') {
        None => (line, column.map(|c| c + before.chars().count() as u64)),
        Some(nl) => (
            line + before.matches('\n').count() as u64,
            Some(1 + before[nl + 1..].chars().count() as u64),
        ),
    }
}

/// A translation unit to check: a source sentence and its translations.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckUnit {
    /// Its name in reports: the TMX `tuid`, else `file:line`, else `tm:ID`.
    pub name: String,
    /// The source sentence.
    pub source: Text,
    /// The translations.
    pub targets: Vec<Text>,
}

/// An English unit with Kazakh and Russian translations, for the check module's tests.
#[cfg(test)]
pub(crate) fn test_unit(name: &str, en: &str, kk: &str, ru: &str) -> CheckUnit {
    let t = |lang: &str, text: &str| Text {
        lang: lang.into(),
        text: text.into(),
        loc: None,
        contexts: Vec::new(),
    };
    CheckUnit {
        name: name.into(),
        source: t("en", en),
        targets: vec![t("kk", kk), t("ru", ru)],
    }
}
