//! [`Finding`]: what one of the text checks (`numbers`, `untranslated`, `quotes`) found in
//! a translation, before the checker makes it an issue of a unit.

/// A problem in a translation: where (a byte range of the translation, when it is there
/// rather than missing from it), what was found, and what to say.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Finding {
    /// Byte range in the translation.
    pub span: Option<(usize, usize)>,
    /// The text at fault (in the translation, or the source's when it is missing).
    pub found: Option<String>,
    /// The message.
    pub message: String,
}
