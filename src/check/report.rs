//! What a run found: a [`Report`] of [`Issue`]s and its totals ([`CheckSummary`]).

use std::collections::BTreeMap;

use serde::Serialize;

use super::{CheckId, Severity};

/// A character reported by `mixed-script`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CharNote {
    /// 1-based character position in the segment.
    pub position: usize,
    /// The character.
    #[serde(rename = "char")]
    pub ch: char,
    /// `U+0061`.
    pub codepoint: String,
    /// Its script (`Latin` or `Cyrillic`).
    pub script: &'static str,
    /// The look-alike it should probably be.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub suggest: Option<char>,
    /// Line of the character in its file, when known (counted like the issue's `line`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<u64>,
    /// Column (characters, 1-based) of the character in its file, when known (counted
    /// like the issue's `column`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub column: Option<u64>,
    /// Byte offset of the character in the segment.
    #[serde(skip)]
    pub offset: usize,
}

/// One problem found.
#[derive(Debug, Clone, Serialize)]
pub struct Issue {
    /// The unit's name.
    pub unit: String,
    /// Language of the segment with the problem.
    pub lang: String,
    /// The glossary's source term, for term checks.
    pub term: Option<String>,
    /// Which check.
    pub check: CheckId,
    /// Error or warning.
    pub severity: Severity,
    /// Human-readable description.
    pub message: String,
    /// The offending text (forbidden variant, closest misspelling, mixed word, other translation).
    pub found: Option<String>,
    /// The preferred text, when there is one (rendering, corrected word).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub suggestion: Option<String>,
    /// File of the segment, when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub file: Option<String>,
    /// Line of the problem, when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<u64>,
    /// Column (characters, 1-based) of the problem, when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub column: Option<u64>,
    /// The whole segment.
    pub segment: String,
    /// Byte range of the problem in `segment`.
    #[serde(skip)]
    pub span: Option<(usize, usize)>,
    /// Offending characters (`mixed-script`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub chars: Vec<CharNote>,
    #[serde(skip)]
    pub(super) unit_index: usize,
}

/// Totals of a run.
#[derive(Debug, Clone, Default, Serialize)]
pub struct CheckSummary {
    /// Units checked.
    pub units: usize,
    /// Target segments checked.
    pub segments: usize,
    /// Error-level issues.
    pub errors: usize,
    /// Warning-level issues.
    pub warnings: usize,
    /// Issues per check id.
    pub by_check: BTreeMap<&'static str, usize>,
    /// Glossary entries.
    pub glossary_entries: usize,
}

/// What a run found.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Report {
    /// Issues in unit order.
    pub issues: Vec<Issue>,
    /// Totals.
    pub summary: CheckSummary,
    /// The names of the units checked, in order, when the run kept them
    /// ([`CheckRun::keeping_names`](super::CheckRun::keeping_names); JUnit lists each unit).
    #[serde(skip)]
    pub unit_names: Vec<String>,
}

impl Report {
    /// Whether any error-level issue was found.
    pub fn failed(&self) -> bool {
        self.summary.errors > 0
    }
}
