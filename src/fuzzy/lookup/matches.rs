//! What a lookup returns: [`Match`] (a unit with its score and diff) and [`Ranked`] (the
//! score without the unit).

use serde::Serialize;

use crate::fuzzy::diff::DiffPiece;
use crate::fuzzy::score::{NumberDiff, Penalties, Scored};
use crate::store::Unit;

/// One TM unit matching a query, with what a report of the match shows.
///
/// Its JSON form is `{"score", "word_score", "penalties", "numbers", "diff", "unit"}`: the
/// match's own fields beside the unit object ([`Unit`]'s JSON form, the same as `show`'s).
/// `diff` is the list of [`DiffPiece`]s; the character similarity is not part of it.
#[derive(Debug, Clone)]
pub struct Match {
    /// Match %: 0–100, or 101 for an exact match in the same context.
    pub score: u32,
    /// How the score came about (word score, penalties, numbers that differ).
    pub detail: Scored,
    /// Character-level similarity of the texts (the first tie-breaker between equal
    /// scores; the second is the unit's change time, newer first).
    pub char_similarity: f64,
    /// The unit: id, source, targets, provenance, change time.
    pub unit: Unit,
    /// What differs between the unit's source and the query, word by word.
    pub diff: Vec<DiffPiece>,
}

impl Serialize for Match {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        /// The JSON form: the match's fields, then its unit.
        #[derive(Serialize)]
        struct Json<'a> {
            score: u32,
            word_score: u32,
            penalties: &'a Penalties,
            numbers: &'a [NumberDiff],
            diff: &'a [DiffPiece],
            unit: &'a Unit,
        }
        Json {
            score: self.score,
            word_score: self.detail.word_score,
            penalties: &self.detail.penalties,
            numbers: &self.detail.numbers,
            diff: &self.diff,
            unit: &self.unit,
        }
        .serialize(s)
    }
}

/// A match without its unit (see [`Matcher::rank`](super::Matcher::rank)).
#[derive(Debug, Clone)]
pub struct Ranked {
    /// The unit's id.
    pub id: i64,
    /// Match %: 0–100, or 101 for an exact match in the same context.
    pub score: u32,
    /// How the score came about.
    pub detail: Scored,
    /// Character-level similarity of the texts (the first tie-breaker).
    pub char_similarity: f64,
}

/// What `tmkit lookup --json` prints for one query (one line per query) and what
/// `tmkit serve` answers to a lookup: `{"query", "matches"}`, best match first.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct QueryMatches<'a> {
    /// The sentence looked up, as given.
    pub query: &'a str,
    /// The line of its input where it begins (`lookup --batch`, a pasted report).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<u64>,
    /// Its matches, best first.
    pub matches: &'a [Match],
}
