//! The data types of the TM: what goes in ([`UnitInput`], [`VariantInput`], [`Prop`],
//! [`Occurrence`]), what comes out ([`Unit`], [`Variant`], [`Provenance`], [`Stats`],
//! [`DocumentRecord`]) and what a merge did ([`Change`]).

use serde::{Deserialize, Serialize};

/// One prop of the context a translation applies in (a TMX `<prop>` of the `<tu>` it came
/// with, of one of the [context types](crate::store::is_context_type): `x-context`, `file`,
/// `prev`, `next`, `id`, …).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct ContextProp {
    /// The prop's `type`, lower-cased.
    #[serde(rename = "type")]
    pub prop_type: String,
    /// Its text, as given.
    pub value: String,
}

/// The context a translation applies in: its context props, sorted. Empty for the default
/// translation (one given without any context).
pub type VariantContext = Vec<ContextProp>;

/// A target text to store with a unit.
#[derive(Debug, Clone, Default)]
pub struct VariantInput {
    /// BCP 47 language tag (any case).
    pub lang: String,
    /// The text as given.
    pub text: String,
    /// Original inline markup (TMX/XLIFF `<seg>` content) when it held inline codes.
    pub markup: Option<String>,
    /// Creation time from the input (stored form), else now.
    pub created_at: Option<String>,
    /// Change time from the input (stored form), else now.
    pub changed_at: Option<String>,
    /// Creator from the input, else the importing user.
    pub creator: Option<String>,
    /// The context it applies in (empty: the default translation). A unit keeps one variant
    /// per language and context, and every distinct text a single input gives for the same
    /// one (see `Writer::upsert`).
    pub context: VariantContext,
    /// Its own props and notes (a TMX `<tuv>`'s), kept with the variant.
    pub props: Vec<Prop>,
}

/// A TMX `<prop>` or `<note>` attached to a unit (lang `None`) or to one of its variants.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct Prop {
    /// Language of the variant it belongs to, or `None` for the unit.
    pub lang: Option<String>,
    /// `prop` or `note`.
    pub kind: String,
    /// The prop's `type` attribute (`None` for notes).
    #[serde(rename = "type")]
    pub prop_type: Option<String>,
    /// The text.
    pub value: String,
}

/// One unit to add to or merge into the TM.
#[derive(Debug, Clone, Default)]
pub struct UnitInput {
    /// Source language tag.
    pub src_lang: String,
    /// Source text as given.
    pub source: String,
    /// Original inline markup of the source, when it had inline codes.
    pub source_markup: Option<String>,
    /// TMX `tuid`, when the unit came from TMX.
    pub tuid: Option<String>,
    /// Target variants.
    pub targets: Vec<VariantInput>,
    /// Creation time from the input (stored form), else now.
    pub created_at: Option<String>,
    /// Change time from the input (stored form), else now.
    pub changed_at: Option<String>,
    /// Creator from the input, else the importing user.
    pub creator: Option<String>,
    /// Props and notes to keep.
    pub props: Vec<Prop>,
}

/// Where a unit's source sentence stood in a document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Occurrence {
    /// The document's id.
    pub document_id: i64,
    /// 1-based paragraph number.
    pub paragraph: i64,
    /// 1-based sentence number inside the paragraph.
    pub sentence: i64,
    /// Hash of the previous source sentence (`text::sentence_hash`), `None` at the start.
    pub prev_hash: Option<String>,
    /// Hash of the next source sentence, `None` at the end.
    pub next_hash: Option<String>,
}

/// What merging a unit did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Change {
    /// A new unit was created.
    Added,
    /// An existing unit got a new or changed variant.
    Updated,
    /// Nothing changed.
    Unchanged,
    /// The unit was added earlier in the same transaction and is met again with something
    /// new (another translation, a context, a prop): that belongs to its addition, so the
    /// unit is not counted as updated as well.
    Repeated,
}

/// A stored target variant.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Variant {
    /// Canonical language tag.
    pub lang: String,
    /// The text exactly as imported.
    pub text: String,
    /// Inline markup, when the text came with inline codes.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub markup: Option<String>,
    /// Creation time (UTC).
    pub created_at: String,
    /// Creator.
    pub created_by: String,
    /// Last change time (UTC).
    pub changed_at: String,
    /// Last changer.
    pub changed_by: String,
    /// The contexts it applies in; `[[]]` (only the default context) is left out of JSON.
    /// A translation met in several contexts is one variant with each of them.
    #[serde(skip_serializing_if = "is_default_only")]
    pub contexts: Vec<VariantContext>,
    /// Its own props and notes (its TMX `<tuv>`'s, each with the variant's language); left
    /// out of JSON when empty.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub props: Vec<Prop>,
}

fn is_default_only(c: &[VariantContext]) -> bool {
    c.len() == 1 && c[0].is_empty()
}

impl Variant {
    /// Whether it is a default translation (it applies without any context).
    pub fn is_default(&self) -> bool {
        self.contexts.iter().any(Vec::is_empty)
    }

    /// Its contexts for people: `type=value` props joined by `, `, contexts by ` | `
    /// (`(default)` for the default context); empty for the default context alone.
    pub fn context_label(&self) -> String {
        if is_default_only(&self.contexts) {
            return String::new();
        }
        self.contexts
            .iter()
            .map(|c| {
                if c.is_empty() {
                    "(default)".to_string()
                } else {
                    c.iter()
                        .map(|p| format!("{}={}", p.prop_type, p.value))
                        .collect::<Vec<_>>()
                        .join(", ")
                }
            })
            .collect::<Vec<_>>()
            .join(" | ")
    }

    /// How well it fits a context described by `fits` (a prop type and value → whether the
    /// query's context has it): the most props of one of its contexts that fit, or 0.
    pub fn context_fit(&self, fits: &dyn Fn(&ContextProp) -> bool) -> usize {
        self.contexts
            .iter()
            .map(|c| c.iter().filter(|p| fits(p)).count())
            .max()
            .unwrap_or(0)
    }
}

/// A stored occurrence with its document's path.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Provenance {
    /// Document path as imported.
    pub document: String,
    /// 1-based paragraph number.
    pub paragraph: i64,
    /// 1-based sentence number inside the paragraph.
    pub sentence: i64,
    /// Hash of the previous source sentence.
    pub prev_hash: Option<String>,
    /// Hash of the next source sentence.
    pub next_hash: Option<String>,
}

/// A stored translation unit with everything attached to it.
///
/// Its JSON form (serde) is the one unit object of every command that prints units
/// (`show`, `lookup`, `concordance`, `export --format json`): the fields below in this
/// order, `source_markup`, `tuid` and a variant's `markup` only when present. Commands
/// put their own fields beside it (`{"score": …, "unit": {…}}`), never inside it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Unit {
    /// Unit id.
    pub id: i64,
    /// Canonical source language tag.
    pub src_lang: String,
    /// Source text exactly as imported.
    pub source: String,
    /// Inline markup of the source, when it had inline codes.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source_markup: Option<String>,
    /// TMX `tuid`, when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tuid: Option<String>,
    /// Creation time (UTC).
    pub created_at: String,
    /// Creator.
    pub created_by: String,
    /// Last change time (UTC).
    pub changed_at: String,
    /// Last changer.
    pub changed_by: String,
    /// Target variants, ordered by language, the default translation of a language first,
    /// then its alternatives (oldest first).
    pub variants: Vec<Variant>,
    /// Where the source sentence occurred.
    pub provenance: Vec<Provenance>,
    /// Props and notes.
    pub props: Vec<Prop>,
}

impl Unit {
    /// The variant for a language tag (compared case-insensitively), if any.
    pub fn variant(&self, lang: &str) -> Option<&Variant> {
        self.variants
            .iter()
            .find(|v| v.lang.eq_ignore_ascii_case(lang))
    }

    /// Keeps only the variants in one of `langs` (compared case-insensitively); keeps
    /// every variant when `langs` is empty. What a language selection (`--tgt kk,ru`)
    /// shows of a unit.
    pub fn retain_langs(&mut self, langs: &[String]) {
        if !langs.is_empty() {
            self.variants
                .retain(|v| langs.iter().any(|l| l.eq_ignore_ascii_case(&v.lang)));
        }
    }

    /// Puts the variants of each language in order of how well they fit a context (`fit`
    /// of each variant, higher first), then default translations before alternatives, then
    /// as they were. Languages keep their order.
    pub fn order_by_fit(&mut self, fit: impl Fn(&Variant) -> usize) {
        let mut keyed: Vec<(usize, Variant)> = std::mem::take(&mut self.variants)
            .into_iter()
            .map(|v| (fit(&v), v))
            .collect();
        keyed.sort_by(|(fa, a), (fb, b)| {
            a.lang
                .cmp(&b.lang)
                .then(fb.cmp(fa))
                .then(b.is_default().cmp(&a.is_default()))
        });
        self.variants = keyed.into_iter().map(|k| k.1).collect();
    }
}

/// Counts over the whole TM.
#[derive(Debug, Clone, Serialize)]
pub struct Stats {
    /// Number of units.
    pub units: i64,
    /// Number of documents imported.
    pub documents: i64,
    /// Units per source language and variants per target language, together.
    pub languages: std::collections::BTreeMap<String, i64>,
    /// Units per source language.
    pub source_languages: std::collections::BTreeMap<String, i64>,
    /// Variants per target language.
    pub target_languages: std::collections::BTreeMap<String, i64>,
    /// Database file size in bytes (main file plus WAL).
    pub db_bytes: u64,
    /// Schema version.
    pub schema_version: i64,
}

/// A document already recorded in the TM.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocumentRecord {
    /// Document id.
    pub id: i64,
    /// SHA-256 recorded at its last import.
    pub sha256: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn variant(lang: &str) -> Variant {
        Variant {
            lang: lang.into(),
            text: format!("text {lang}"),
            markup: None,
            created_at: "t".into(),
            created_by: "u".into(),
            changed_at: "t".into(),
            changed_by: "u".into(),
            contexts: vec![Vec::new()],
            props: Vec::new(),
        }
    }

    #[test]
    fn a_language_selection_keeps_only_its_variants() {
        let mut u = Unit {
            id: 1,
            src_lang: "en".into(),
            source: "s".into(),
            source_markup: None,
            tuid: None,
            created_at: "t".into(),
            created_by: "u".into(),
            changed_at: "t".into(),
            changed_by: "u".into(),
            variants: vec![variant("kk"), variant("ru"), variant("kk")],
            provenance: Vec::new(),
            props: Vec::new(),
        };
        u.retain_langs(&[]);
        assert_eq!(u.variants.len(), 3, "no selection keeps every variant");
        u.retain_langs(&["KK".to_string()]);
        let langs: Vec<&str> = u.variants.iter().map(|v| v.lang.as_str()).collect();
        assert_eq!(langs, ["kk", "kk"]);
    }
}
