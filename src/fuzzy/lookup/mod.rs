//! Fuzzy lookup: every TM unit scoring at least the threshold, found through the token
//! index without scanning the TM, or by scoring every unit (`exhaustive`).
//!
//! Completeness. For a query of `m` content tokens and threshold `t`, a unit of length `n`
//! can only score ≥ t (penalties only lower scores) when its word distance
//! `d ≤ dmax(L) = floor(L·(100−t)/100)` with `L = max(m, n)`. Hence `|m − n| ≤ dmax(L)`
//! (length filter) and, since every edit touches at most one token of the longer text,
//! the multiset overlap of tokens is `≥ o(n) = L − dmax(L)` (count filter). Ordering the
//! query's token occurrences by document frequency, a unit with overlap ≥ o(n) must hold
//! at least `k(n) = o(n) − (m − p)` of the first `p` occurrences (prefix filter); with
//! `p ≥ m − o(m) + 1` that is at least one, so reading the postings of the `p` rarest
//! query tokens finds every qualifying unit. Candidates are then scored exactly.
//!
//! The index keeps a list per token and unit length, so the filters apply per length `n`:
//! at each length of the window the prefix is the `m − o(n) + 1` query occurrences rarest
//! *at that length*, and the lengths are read best upper bound first.
//!
//! A lookup runs in named steps, one file each: `QueryPlan` (`plan.rs`: the query's tokens
//! with their length histograms, the length window, and for the length being read its lists
//! rarest first and its prefix), `Prefix` and `narrow` (`collect.rs`: the prefix's postings
//! lists at that length with the count filter, then further lists while reading one is
//! cheaper than verifying the units left), `Verifier`
//! (`verify.rs`: exact scores, best upper bound first, the exact word score from the
//! indexed token sequence before the source is read, stopping once no candidate can enter
//! the top `limit`), `best_first` (`rank.rs`: the ranking). [`Matcher::lookup`] then reads
//! the units kept and diffs them against the query; [`Matcher::rank`] stops at the
//! ranking. Beside them: the `Matcher` that runs the steps (`matcher.rs`), the loop over the
//! unit lengths that one thread of a lookup reads (`lengths.rs`), a slow lookup read on two
//! threads (`split.rs`, [`Matcher::split_after`]), what it returns
//! (`matches.rs`: [`Match`], [`Ranked`]), the per-unit counts of `collect` (`counter.rs`)
//! and the kept sources of verified units with their reused token buffers (`sources.rs`).
//!
//! Top-k pruning. With a limit and many candidates after the prefix (a query in a cluster
//! of near-duplicates: boilerplate repeated with a name or a number changed), the matcher
//! verifies the best-bounded candidates first. Once it holds `limit` matches scoring `s` or
//! more, no unit scoring less can enter the result, so the threshold rises to `s`
//! (`QueryPlan::raise`): the count filter drops the units that cannot reach it before the
//! further lists are read, the verifier stops at the first bound below the cut, and the
//! lengths whose best possible score is below it are not read at all. Units
//! scoring exactly the cut are still all verified (ties are ranked by character
//! similarity), so the result is exactly `--exhaustive`'s head.

mod collect;
mod counter;
mod lengths;
mod matcher;
mod matches;
mod plan;
mod rank;
mod sources;
mod split;
mod verify;

pub use matcher::{Matcher, SPLIT_AFTER};
pub use matches::{Match, QueryMatches, Ranked};

use serde::Serialize;

/// What to look up and how many matches to keep.
#[derive(Debug, Clone)]
pub struct LookupOptions {
    /// Lowest match % kept (1–100).
    pub min: u32,
    /// Most matches kept (0 = all).
    pub limit: usize,
    /// Source language of the units searched (canonical tag, e.g. `en`).
    pub src_lang: String,
    /// Score every unit instead of using the index (same results, slower).
    pub exhaustive: bool,
}

impl Default for LookupOptions {
    fn default() -> Self {
        LookupOptions {
            min: 75,
            limit: 5,
            src_lang: "en".into(),
            exhaustive: false,
        }
    }
}

/// The neighbours of a sentence in its document, for context (101%) matches, and what
/// else is known of its context, to put first the alternative translation whose context
/// fits best ([`Context::fit`]).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Context {
    /// `text::sentence_hash` of the previous sentence (`None` at the start).
    pub prev_hash: Option<String>,
    /// `text::sentence_hash` of the next sentence (`None` at the end).
    pub next_hash: Option<String>,
    /// The previous sentence (compared with a translation's `prev`/`x-prev` context).
    pub prev: Option<String>,
    /// The next sentence (compared with `next`/`x-next`).
    pub next: Option<String>,
    /// Context keys given by the user (`lookup --context`): each fits a context prop of
    /// another type (`x-context`, `id`, `file`, …) with that value, or a file or path prop
    /// whose file name it is.
    pub keys: Vec<String>,
}

impl Context {
    /// How well variant `v` fits this context: the most props of one of its contexts that
    /// fit (0 for the default translation, or when nothing fits).
    pub fn fit(&self, v: &crate::store::Variant) -> usize {
        v.context_fit(&|p| {
            // memoQ writes the neighbours as `<seg>…</seg>` (escaped) in the prop.
            let value = p.value.trim();
            let value = value
                .strip_prefix("<seg>")
                .and_then(|v| v.strip_suffix("</seg>"))
                .unwrap_or(value)
                .trim();
            let same = |text: &Option<String>| {
                text.as_deref()
                    .is_some_and(|t| crate::text::nfc(t.trim()) == crate::text::nfc(value))
            };
            match p.prop_type.as_str() {
                "prev" | "x-prev" | "x-context-pre" => same(&self.prev),
                "next" | "x-next" | "x-context-post" => same(&self.next),
                _ => self.keys.iter().any(|k| {
                    let (k, value) = (k.trim(), p.value.trim());
                    k == value || value.rsplit(['/', '\\']).next() == Some(k)
                }),
            }
        })
    }
}

/// Work done by the last lookup (for benchmarks).
#[derive(Debug, Clone, Copy, Default, Serialize)]
pub struct LookupStats {
    /// Query tokens whose postings were read.
    pub lists_read: usize,
    /// Posting entries decoded.
    pub entries_read: usize,
    /// Units that passed the filters and were scored exactly.
    pub candidates: usize,
    /// Candidates whose source was read and scored (their word score could make the cut).
    pub sources_read: usize,
    /// Units that reached the threshold.
    pub matches: usize,
    /// Time spent reading the prefix's lists and counting their units, in ns.
    pub prefix_ns: u64,
    /// Time spent reading further lists to narrow the candidates down (`narrow`), in ns.
    pub narrow_ns: u64,
    /// Time spent verifying candidates (their token sequences, then the sources that can
    /// make the cut), in ns.
    pub verify_ns: u64,
    /// The lookup was split between two threads ([`Matcher::split_after`]): its lengths'
    /// prefixes held that many entries or more, and its session has a twin.
    pub split: bool,
    /// Of the figures above, what the second thread of a split lookup did (zero when it
    /// started too late to take the lookup, or not at all).
    pub twin: TwinStats,
}

/// The second thread's share of a split lookup's work ([`LookupStats::twin`]).
#[derive(Debug, Clone, Copy, Default, Serialize)]
pub struct TwinStats {
    /// The second thread took the lookup before the first had taken every length.
    pub joined: bool,
    /// Posting entries it decoded.
    pub entries_read: usize,
    /// Candidates it scored exactly.
    pub candidates: usize,
    /// Sources it read and scored.
    pub sources_read: usize,
}

impl LookupStats {
    /// Adds the figures of the second thread of a split lookup.
    fn add_twin(&mut self, t: &LookupStats) {
        self.lists_read += t.lists_read;
        self.entries_read += t.entries_read;
        self.candidates += t.candidates;
        self.sources_read += t.sources_read;
        self.prefix_ns += t.prefix_ns;
        self.narrow_ns += t.narrow_ns;
        self.verify_ns += t.verify_ns;
        self.twin = TwinStats {
            joined: true,
            entries_read: t.entries_read,
            candidates: t.candidates,
            sources_read: t.sources_read,
        };
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::{ContextProp, Variant};

    fn variant(contexts: &[&[(&str, &str)]]) -> Variant {
        Variant {
            lang: "ru".into(),
            text: "t".into(),
            markup: None,
            created_at: "t".into(),
            created_by: "u".into(),
            changed_at: "t".into(),
            changed_by: "u".into(),
            contexts: contexts
                .iter()
                .map(|c| {
                    c.iter()
                        .map(|(t, v)| ContextProp {
                            prop_type: (*t).into(),
                            value: (*v).into(),
                        })
                        .collect()
                })
                .collect(),
            props: Vec::new(),
        }
    }

    #[test]
    fn a_context_fits_by_neighbours_keys_and_file_names() {
        let ctx = Context {
            prev: Some("Thank you.".into()),
            next: Some("Tell us more.".into()),
            keys: vec!["women.txt".into(), "menu bar".into()],
            ..Default::default()
        };
        let omegat = variant(&[&[
            ("file", "survey/women.txt"),
            ("prev", "Thank you."),
            ("next", "Something else."),
        ]]);
        assert_eq!(ctx.fit(&omegat), 2);
        // memoQ's neighbours come as `<seg>…</seg>`.
        let memoq = variant(&[&[
            ("x-context-pre", "<seg>Thank you.</seg>"),
            ("x-context-post", "<seg>Tell us more.</seg>"),
        ]]);
        assert_eq!(ctx.fit(&memoq), 2);
        // The best of its contexts; the default context fits nothing.
        let two = variant(&[&[], &[("x-context", "menu bar")]]);
        assert_eq!(ctx.fit(&two), 1);
        assert_eq!(ctx.fit(&variant(&[&[]])), 0);
        assert_eq!(Context::default().fit(&omegat), 0);
    }
}

impl Context {
    /// The context of each sentence of a document (its neighbours and their hashes), in
    /// order: what makes an exact match a 101% match when the TM saw the same neighbours,
    /// as `tmkit lookup --batch` gives each line.
    pub fn of_document<S: AsRef<str>>(sentences: &[S]) -> Vec<Context> {
        let hashes: Vec<String> = sentences
            .iter()
            .map(|s| crate::text::sentence_hash(s.as_ref()))
            .collect();
        let text = |i: usize| sentences.get(i).map(|s| s.as_ref().to_string());
        (0..hashes.len())
            .map(|i| Context {
                prev_hash: i.checked_sub(1).map(|p| hashes[p].clone()),
                next_hash: hashes.get(i + 1).cloned(),
                prev: i.checked_sub(1).and_then(text),
                next: text(i + 1),
                keys: Vec::new(),
            })
            .collect()
    }
}

#[cfg(test)]
mod document_tests {
    use super::*;
    use crate::text::sentence_hash;

    #[test]
    fn each_sentence_of_a_document_has_its_neighbours_as_context() {
        let c = Context::of_document(&["One.", "Two.", "Three."]);
        let h = |s: &str| Some(sentence_hash(s));
        assert_eq!(c.len(), 3);
        assert_eq!(
            (c[0].prev_hash.clone(), c[0].next_hash.clone()),
            (None, h("Two."))
        );
        assert_eq!(
            (c[1].prev_hash.clone(), c[1].next_hash.clone()),
            (h("One."), h("Three."))
        );
        assert_eq!(
            (c[2].prev_hash.clone(), c[2].next_hash.clone()),
            (h("Two."), None)
        );
        assert_eq!(
            (c[1].prev.as_deref(), c[1].next.as_deref()),
            (Some("One."), Some("Three."))
        );
        assert!(c[0].keys.is_empty());
        assert!(Context::of_document::<&str>(&[]).is_empty());
    }
}
