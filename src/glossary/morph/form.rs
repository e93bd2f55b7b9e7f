//! A surface form family: a folded prefix and the endings (tails) that may follow it.

use super::kk::{kk_rules, Harmony};

/// The endings that may follow a prefix, up to the end of the word.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) enum Tails {
    /// Kazakh suffix chains for a stem class. `stripped` is the stem's last letter when it
    /// was left out of the prefix because it may alternate (к/г, қ/ғ, п/б).
    Kk {
        /// Vowel harmony of the stem.
        harmony: Harmony,
        /// Index of the stem's sound class in `kk.rules`.
        class: u8,
        /// Index of the morphotactic state the stem starts in.
        state: u8,
        /// The stem's last letter, cut from the prefix.
        stripped: Option<char>,
    },
    /// Exactly these (folded) endings; `""` is the bare word.
    List(Vec<String>),
}

impl Tails {
    /// Only the bare word.
    pub(crate) fn exact() -> Tails {
        Tails::List(vec![String::new()])
    }

    /// All endings (folded), sorted.
    pub(crate) fn expand(&self) -> Vec<String> {
        match self {
            Tails::List(v) => v.clone(),
            Tails::Kk {
                harmony,
                class,
                state,
                stripped,
            } => kk_rules().tails(*harmony, *class as usize, *state as usize, *stripped),
        }
    }
}

/// A surface form family of a rendering: `prefix` (folded) followed by any of `tails`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Form {
    /// Folded text that must occur, starting at a word boundary.
    pub(crate) prefix: String,
    /// Endings that may follow, up to the next word boundary.
    pub(crate) tails: Tails,
}
