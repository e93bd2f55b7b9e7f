//! Fuzzy matching against the TM: lookups (the best matches for a sentence, through the
//! token index or by scoring every unit), concordances (the units containing a phrase),
//! CAT-style analyses of new work (any input kind), and the match score and word diff they show.
//!
//! Each reads the TM through one read session ([`lookup_session`],
//! [`concordance_session`]) that brings the index it needs up to date first, only when it
//! must. The indexes themselves live in [`crate::index`]; this module decides what to read
//! and scores it.

mod analyze;
mod concordance;
mod diff;
mod distance;
mod lookup;
mod score;
mod session;

pub use analyze::{analyze, Analysis, Band, BandCounts, Counts, FileAnalysis, BANDS};
pub use concordance::{
    concordance, concordance_each, concordance_forms, concordance_forms_each, Concordance,
    ConcordanceHit, FormQuery, Highlight, TextRef, WordForms,
};
pub use diff::{diff, render_diff, DiffKind, DiffPiece};
pub use distance::Pattern;
pub use lookup::{
    Context, LookupOptions, LookupStats, Match, Matcher, QueryMatches, Ranked, TwinStats,
    SPLIT_AFTER,
};
pub use score::{score, NumberDiff, Penalties, Scored};
pub use session::{
    concordance_session, concordance_session_with_progress, lookup_session, lookup_session_split,
    lookup_session_split_with_progress, lookup_session_with_progress, UpdateProgress,
};

/// Errors of lookups, concordances and analyses.
#[derive(Debug, thiserror::Error)]
pub enum FuzzyError {
    /// The TM could not be read.
    #[error(transparent)]
    Store(#[from] crate::store::StoreError),
    /// The fuzzy-match index could not be read or updated.
    #[error(transparent)]
    Index(#[from] crate::index::IndexError),
    /// A read session's snapshot holds units its index does not cover (the session was
    /// not opened by [`lookup_session`] or [`concordance_session`]).
    #[error("the {0} index does not cover the TM's newest units; read through a session that updates it")]
    IndexBehind(&'static str),
    /// Other processes kept adding units while the index was brought up to date.
    #[error("the TM kept changing while its {0} index was brought up to date; try again")]
    KeepsChanging(&'static str),
    /// The second thread of a split lookup stopped before it answered.
    #[error("a lookup's second thread stopped before it answered")]
    SplitLost,
    /// A file to analyze could not be read.
    #[error(transparent)]
    Input(#[from] crate::input::InputError),
}
