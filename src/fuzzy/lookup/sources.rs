//! What verified units keep of their sources ([`KeptSource`]), and the buffers reused
//! between lookups ([`Sources`]).

use crate::text::tokenize::Tokens;

/// What a verified unit keeps of its source: its tokens when the match is to be diffed
/// against the query, else its NFC text (for the tie-breaker).
#[derive(Debug)]
pub(super) enum KeptSource {
    Tokens(Tokens),
    Text(String),
}

impl KeptSource {
    /// The NFC text of the source.
    #[inline]
    pub(super) fn text(&self) -> &str {
        match self {
            KeptSource::Tokens(t) => &t.text,
            KeptSource::Text(t) => t,
        }
    }
}

/// Keeps the sources of verified units, with token buffers given back when a lookup is
/// done with them (so keeping a unit's tokens costs no allocation).
#[derive(Default)]
pub(super) struct Sources {
    /// Whether to keep tokens (for diffs), not only texts.
    pub(super) tokens: bool,
    spare: Vec<Tokens>,
    /// A source's content keys as the query pattern's local ids, while it is scored.
    pub(super) ids: Vec<u32>,
}

/// Spare buffers kept, at most: more than a lookup with a limit verifies, and a bound on
/// what a lookup of every match (`--limit 0`) leaves behind.
const SPARE_TOKENS: usize = 128;

impl Sources {
    /// A buffer to tokenize into.
    #[inline]
    pub(super) fn buffer(&mut self) -> Tokens {
        self.spare.pop().unwrap_or_default()
    }

    /// Keeps the source tokenized in `toks` (leaving a spare buffer there when the tokens
    /// themselves are kept).
    #[inline]
    pub(super) fn keep(&mut self, toks: &mut Tokens) -> KeptSource {
        if self.tokens {
            let spare = self.buffer();
            KeptSource::Tokens(std::mem::replace(toks, spare))
        } else {
            KeptSource::Text(toks.text.clone())
        }
    }

    /// Takes back what a verified unit kept.
    #[inline]
    pub(super) fn give(&mut self, kept: KeptSource) {
        if let KeptSource::Tokens(t) = kept {
            self.recycle(t);
        }
    }

    /// Takes back a buffer.
    #[inline]
    pub(super) fn recycle(&mut self, toks: Tokens) {
        if self.spare.len() < SPARE_TOKENS {
            self.spare.push(toks);
        }
    }
}
