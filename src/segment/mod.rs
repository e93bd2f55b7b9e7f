//! Sentence segmentation for English, Russian and Kazakh news text.
//!
//! Segments are byte ranges into the original text; nothing is changed, added
//! or dropped, and only whitespace (see [`is_space`]) lies between segments.
//! The segmenter makes one forward pass over the bytes, deciding at each
//! candidate terminator (`.` `?` `!` `…`, line breaks, list markers, bullets)
//! by looking a bounded window back and forward, so the time taken is linear
//! in the input whatever it holds.
//!
//! ```
//! let text = "Mr. Smith went to the U.S. State Department. He left at 6 p.m. today.";
//! let segs = tmkit::segment::split(text, "en");
//! let sentences: Vec<&str> = segs.iter().map(|s| s.text(text)).collect();
//! assert_eq!(
//!     sentences,
//!     ["Mr. Smith went to the U.S. State Department.", "He left at 6 p.m. today."]
//! );
//! ```
//!
//! Language data (abbreviations, sentence starters) lives in plain-text lists,
//! `src/segment/abbrev/{en,ru,kk,generic}.txt`; users add their own with
//! [`Segmenter::with_abbreviations`] or [`Segmenter::with_abbrev_file`].

use std::path::Path;
use std::sync::Arc;

mod chars;
mod rules;
mod scan;

pub use rules::AbbrevError;
use rules::Rules;

/// One sentence: a byte range `start..end` into the segmented text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct Segment {
    /// Byte offset of the first byte of the sentence.
    pub start: usize,
    /// Byte offset one past the last byte of the sentence.
    pub end: usize,
}

impl Segment {
    /// The sentence's text inside `input` (the text that was segmented).
    pub fn text<'a>(&self, input: &'a str) -> &'a str {
        &input[self.start..self.end]
    }
}

/// Whether `c` counts as whitespace between segments: Unicode `White_Space`
/// (including NBSP, CR, LF, tabs, U+2028/U+2029) plus the BOM U+FEFF.
#[inline]
pub fn is_space(c: char) -> bool {
    c.is_whitespace() || c == '\u{FEFF}'
}

/// A segmenter for one language, with its abbreviation lists.
#[derive(Debug, Clone)]
pub struct Segmenter {
    lang: String,
    rules: Arc<Rules>,
}

impl Segmenter {
    /// The segmenter for a language tag (`en`, `ru`, `kk`; others get generic rules).
    pub fn new(lang: &str) -> Self {
        Segmenter {
            lang: lang.trim().to_ascii_lowercase(),
            rules: Rules::builtin(lang),
        }
    }

    /// Adds user abbreviations (without or with the final period), e.g. from `--abbrev FILE`.
    ///
    /// They do not end a sentence before a number or a capitalised word, unless
    /// that word typically opens a sentence (`The`, `He`, `В`, `Бұл` …).
    /// Blank entries and entries with inner spaces (other than `x. y.`) are ignored.
    pub fn with_abbreviations<I, S>(mut self, abbrevs: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        let rules = Arc::make_mut(&mut self.rules);
        for a in abbrevs {
            rules.add_abbrev(a.as_ref());
        }
        self
    }

    /// Adds the abbreviations listed in a file: one per line, `#` comments,
    /// optional `[never]`/`[ambiguous]`/`[time]`/`[starters]`/`[continuation]`
    /// sections as in the built-in lists (entries before any section are ambiguous).
    pub fn with_abbrev_file(self, path: impl AsRef<Path>) -> Result<Self, AbbrevError> {
        let path = path.as_ref();
        let bytes = std::fs::read(path).map_err(|source| AbbrevError::Io {
            path: path.to_path_buf(),
            source,
        })?;
        let text = std::str::from_utf8(&bytes).map_err(|e| AbbrevError::NotUtf8 {
            path: path.to_path_buf(),
            offset: e.valid_up_to(),
        })?;
        self.with_abbrev_text(path, text)
    }

    /// Adds abbreviations from text in the `--abbrev` file format; `path` names
    /// the source in error messages.
    fn with_abbrev_text(mut self, path: &Path, text: &str) -> Result<Self, AbbrevError> {
        Arc::make_mut(&mut self.rules).parse_user(path, text)?;
        Ok(self)
    }

    /// The language this segmenter was built for.
    pub fn lang(&self) -> &str {
        &self.lang
    }

    /// Splits `text` into sentences, in order.
    pub fn split(&self, text: &str) -> Vec<Segment> {
        let mut scanner = scan::Scanner::new(text, &self.rules, true);
        scanner.run_to_end();
        scanner.into_vec()
    }

    /// Iterates over the sentences of `text` lazily, in order.
    pub fn segments<'t>(&'t self, text: &'t str) -> Segments<'t> {
        Segments {
            scanner: scan::Scanner::new(text, &self.rules, false),
        }
    }
}

/// Iterator over the sentences of a text; see [`Segmenter::segments`].
#[derive(Debug)]
pub struct Segments<'t> {
    scanner: scan::Scanner<'t>,
}

impl Iterator for Segments<'_> {
    type Item = Segment;

    fn next(&mut self) -> Option<Segment> {
        self.scanner.next_segment()
    }
}

/// Splits `text` in language `lang` with the built-in rules.
pub fn split(text: &str, lang: &str) -> Vec<Segment> {
    Segmenter::new(lang).split(text)
}

#[cfg(test)]
mod tests;
