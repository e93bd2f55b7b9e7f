//! The first step of a lookup: [`QueryPlan`], what to read, decided from the query alone.

use super::collect::{Bounded, Candidate};
use crate::fuzzy::distance::Pattern;
use crate::fuzzy::score::max_distance;
use crate::fuzzy::FuzzyError;
use crate::index::{IndexReader, TokenId, LEN_SATURATED};
use crate::text::tokenize::Tokens;

/// What a lookup reads, decided from the query alone: the query's tokens rarest first and
/// the length and count filters for the threshold.
pub(super) struct QueryPlan {
    /// Content tokens in the query (`m`).
    pub(super) len: usize,
    /// The threshold.
    pub(super) min: u32,
    /// The query's distinct tokens, rarest first (a key the index lacks is one list per
    /// occurrence, none of them read).
    pub(super) lists: Vec<QueryList>,
    /// Query token occurrences whose lists must be read (the prefix filter's `p`): every
    /// qualifying unit holds at least one of them.
    pub(super) prefix: usize,
    /// The shortest unit length that can qualify.
    shortest: usize,
    /// The longest unit length that can qualify.
    longest: usize,
    /// Index token id → the pattern's local id, sorted by token id.
    local_ids: Vec<(TokenId, u32)>,
}

/// One distinct query token and its postings list.
#[derive(Debug, Clone, Copy)]
pub(super) struct QueryList {
    /// Units holding it (0 when the index lacks it).
    pub(super) df: i64,
    /// The token in the index.
    pub(super) token: Option<TokenId>,
    /// How often it occurs in the query.
    pub(super) weight: u16,
}

/// The lengths of the units that can score `min` or more against a query of `m` tokens.
fn length_window(m: usize, min: u32) -> (usize, usize) {
    let shortest = m - max_distance(m, min);
    let mut longest = m;
    while (longest + 1) - m <= max_distance(longest + 1, min) {
        longest += 1;
    }
    (shortest, longest)
}

impl QueryPlan {
    pub(super) fn new(
        q: &Tokens,
        pattern: &Pattern,
        min: u32,
        index: &mut IndexReader<'_>,
    ) -> Result<QueryPlan, FuzzyError> {
        /// One occurrence of a key in the query.
        struct KeyOccurrence<'k> {
            df: i64,
            key: &'k str,
            token: Option<TokenId>,
        }
        let m = q.len();
        // Query token occurrences, rarest first.
        let mut occ: Vec<KeyOccurrence<'_>> = Vec::with_capacity(m);
        for (key, count) in pattern.key_counts() {
            let found = index.token(key)?;
            for _ in 0..count {
                occ.push(KeyOccurrence {
                    df: found.map_or(0, |t| t.df),
                    key,
                    token: found.map(|t| t.id),
                });
            }
        }
        occ.sort_by(|a, b| a.df.cmp(&b.df).then_with(|| a.key.cmp(b.key)));
        let mut lists: Vec<QueryList> = Vec::new();
        for o in &occ {
            match lists.last_mut() {
                Some(l) if l.token == o.token && o.token.is_some() => l.weight += 1,
                _ => lists.push(QueryList {
                    df: o.df,
                    token: o.token,
                    weight: 1,
                }),
            }
        }
        // A unit of the query's length must share `m − dmax(m)` tokens with it (count
        // filter), so it holds one of any `dmax(m) + 1` occurrences (prefix filter).
        let overlap = m - max_distance(m, min);
        let (shortest, longest) = length_window(m, min);
        let mut local_ids: Vec<(TokenId, u32)> = occ
            .iter()
            .filter_map(|o| Some((o.token?, pattern.local_id(o.key)?)))
            .collect();
        local_ids.sort_unstable();
        local_ids.dedup();
        Ok(QueryPlan {
            len: m,
            min,
            lists,
            prefix: m - overlap + 1,
            shortest,
            longest,
            local_ids,
        })
    }

    /// Raises the threshold to `min` (when higher): once a lookup holds its `limit` matches
    /// at `min` or more, units scoring less cannot enter them. The prefix shortens (what was
    /// read of it stays valid), the length and count filters tighten.
    pub(super) fn raise(&mut self, min: u32) {
        if min > self.min {
            self.min = min;
            (self.shortest, self.longest) = length_window(self.len, min);
            // A unit of any length reaching `min` holds one of the first `dmax(m) + 1`
            // occurrences (see the module documentation).
            self.prefix = self.prefix.min(max_distance(self.len, min) + 1);
        }
    }

    /// With the lists of the first `read` query token occurrences read, the number of them
    /// a unit of length `n` must hold to qualify.
    #[inline]
    pub(super) fn needed(&self, n: usize, read: usize) -> i64 {
        let l = self.len.max(n);
        (l - max_distance(l, self.min)) as i64 - (self.len - read) as i64
    }

    /// Whether a unit of this length (as the postings store it) can qualify.
    #[inline]
    pub(super) fn fits(&self, len: u32) -> bool {
        if len >= LEN_SATURATED {
            // A saturated length only says "this long or longer".
            self.longest >= LEN_SATURATED as usize
        } else {
            (self.shortest..=self.longest).contains(&(len as usize))
        }
    }

    /// Each live candidate with the upper bound of its score, from the lists read.
    pub(super) fn bounds(&self, live: &[Candidate], read: usize) -> Vec<Bounded> {
        let m = self.len;
        // Overlap ≤ prefix count + (m − p).
        let rest = (m - read) as i64;
        live.iter()
            .map(|c| {
                if c.len >= LEN_SATURATED as usize {
                    return Bounded {
                        bound: 100,
                        unit: c.unit,
                    };
                }
                let l = m.max(c.len) as i64;
                let overlap = (c.count + rest).min(m.min(c.len) as i64);
                Bounded {
                    bound: (100 * overlap / l.max(1)) as u32,
                    unit: c.unit,
                }
            })
            .collect()
    }

    /// The pattern's local id of an index token (`u32::MAX` when not in the query).
    #[inline]
    pub(super) fn local_id(&self, token: TokenId) -> u32 {
        match self.local_ids.binary_search_by_key(&token, |l| l.0) {
            Ok(i) => self.local_ids[i].1,
            Err(_) => u32::MAX,
        }
    }
}
