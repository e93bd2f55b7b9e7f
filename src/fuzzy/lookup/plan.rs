//! The first step of a lookup: [`QueryPlan`], what to read, decided from the query and the
//! length histograms of its tokens.

use super::collect::{Bounded, Candidate};
use crate::fuzzy::distance::Pattern;
use crate::fuzzy::score::{max_distance, word_score};
use crate::fuzzy::FuzzyError;
use crate::index::{IndexReader, TokenId, LEN_SATURATED};
use crate::text::tokenize::Tokens;

/// What a lookup reads: the query's tokens with their length histograms, the length
/// window and the count filter for the threshold, and, for the unit length being read
/// ([`QueryPlan::at_length`]), the query's lists at that length rarest first and the
/// prefix to read.
#[derive(Clone)]
pub(super) struct QueryPlan {
    /// Content tokens in the query (`m`).
    pub(super) len: usize,
    /// The threshold.
    pub(super) min: u32,
    /// The query's distinct tokens.
    tokens: Vec<QueryToken>,
    /// The unit length whose lists are read (capped at [`LEN_SATURATED`]).
    pub(super) at: u32,
    /// The query's distinct tokens at length `at`, rarest first (a key the index lacks,
    /// or lacks at that length, is a list with no entries: read for free).
    pub(super) lists: Vec<QueryList>,
    /// Query token occurrences whose lists at length `at` must be read (the prefix
    /// filter's `p`): every qualifying unit of that length holds at least one of them.
    pub(super) prefix: usize,
    /// The shortest unit length that can qualify.
    shortest: usize,
    /// The longest unit length that can qualify.
    longest: usize,
    /// Index token id → the pattern's local id, sorted by token id.
    local_ids: Vec<(TokenId, u32)>,
}

/// One distinct query token, with the units of each length that hold it.
#[derive(Clone)]
struct QueryToken {
    token: Option<TokenId>,
    weight: u16,
    /// `(length, units)`, lengths increasing.
    lens: Vec<(u32, u32)>,
}

/// One distinct query token and its postings list at the length being read.
#[derive(Debug, Clone, Copy)]
pub(super) struct QueryList {
    /// Units of the length being read holding it.
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
        let m = q.len();
        let mut tokens = Vec::new();
        let mut local_ids: Vec<(TokenId, u32)> = Vec::new();
        // In key order, so that lists of equal length are read in the same order by every
        // lookup of the query (the pattern's keys come in hash order).
        let mut keys = pattern.key_counts();
        keys.sort_unstable();
        for (key, count) in keys {
            let found = index.token(key)?;
            let weight = u16::try_from(count).unwrap_or(u16::MAX);
            match found {
                Some(t) => {
                    if let Some(local) = pattern.local_id(key) {
                        local_ids.push((t.id, local));
                    }
                    tokens.push(QueryToken {
                        token: Some(t.id),
                        weight,
                        lens: t.lens,
                    });
                }
                None => tokens.push(QueryToken {
                    token: None,
                    weight,
                    lens: Vec::new(),
                }),
            }
        }
        local_ids.sort_unstable();
        local_ids.dedup();
        let (shortest, longest) = length_window(m, min);
        Ok(QueryPlan {
            len: m,
            min,
            tokens,
            at: 0,
            lists: Vec::new(),
            prefix: 0,
            shortest,
            longest,
            local_ids,
        })
    }

    /// The unit lengths to read, best upper bound first: the lengths of the window at
    /// which some query token occurs (a unit sharing no token with the query cannot
    /// qualify).
    pub(super) fn lengths(&self) -> Vec<u32> {
        let mut out: Vec<u32> = Vec::new();
        for t in &self.tokens {
            for &(len, _) in &t.lens {
                if self.in_window(len) {
                    out.push(len);
                }
            }
        }
        out.sort_unstable();
        out.dedup();
        let m = self.len as i64;
        out.sort_by_key(|&n| {
            (
                std::cmp::Reverse(self.length_bound(n)),
                (i64::from(n) - m).abs(),
                std::cmp::Reverse(n),
            )
        });
        out
    }

    /// Whether units of this length (capped) can reach the threshold.
    #[inline]
    pub(super) fn in_window(&self, len: u32) -> bool {
        if len >= LEN_SATURATED {
            // A capped length only says "this long or longer".
            self.longest >= LEN_SATURATED as usize
        } else {
            (self.shortest..=self.longest).contains(&(len as usize))
        }
    }

    /// The highest score a unit of this length (capped) can have.
    pub(super) fn length_bound(&self, len: u32) -> u32 {
        let n = len as usize;
        if len >= LEN_SATURATED && self.len >= n {
            return 100;
        }
        word_score(self.len.abs_diff(n), self.len.max(n))
    }

    /// Reads length `len` next: its lists rarest first and its prefix.
    pub(super) fn at_length(&mut self, len: u32) {
        self.at = len;
        self.lists.clear();
        for t in &self.tokens {
            let df = t
                .lens
                .binary_search_by_key(&len, |e| e.0)
                .map_or(0, |i| i64::from(t.lens[i].1));
            self.lists.push(QueryList {
                df,
                token: t.token,
                weight: t.weight,
            });
        }
        // Stable: equal lists keep the order of the query's keys.
        self.lists.sort_by_key(|l| l.df);
        self.prefix = self.prefix_at(len);
    }

    /// The entries of the prefix's lists at each of `lengths` (those in the window), for
    /// the current threshold, from the length histograms: what reading the lengths costs
    /// before any cut rises (to decide whether a lookup is worth two threads).
    pub(super) fn prefix_entries(&self, lengths: &[u32]) -> i64 {
        let mut lists: Vec<(i64, u16)> = Vec::with_capacity(self.tokens.len());
        let mut entries = 0;
        for &len in lengths.iter().filter(|&&n| self.in_window(n)) {
            lists.clear();
            lists.extend(self.tokens.iter().map(|t| {
                let df = t
                    .lens
                    .binary_search_by_key(&len, |e| e.0)
                    .map_or(0, |i| i64::from(t.lens[i].1));
                (df, t.weight)
            }));
            lists.sort_by_key(|l| l.0);
            let prefix = self.prefix_at(len);
            let mut read = 0;
            for &(df, weight) in &lists {
                if read >= prefix {
                    break;
                }
                read += usize::from(weight);
                entries += df;
            }
        }
        entries
    }

    /// The prefix at length `len` for the current threshold: a unit of that length reaching
    /// it shares `o(n)` token occurrences with the query, so it holds one of any
    /// `m − o(n) + 1` of them.
    fn prefix_at(&self, len: u32) -> usize {
        let l = self.len.max(len as usize);
        let overlap = (l - max_distance(l, self.min)).min(self.len);
        self.len - overlap + 1
    }

    /// Raises the threshold to `min` (when higher): once a lookup holds its `limit` matches
    /// at `min` or more, units scoring less cannot enter them. The prefix shortens (what was
    /// read of it stays valid), the length and count filters tighten.
    pub(super) fn raise(&mut self, min: u32) {
        if min > self.min {
            self.min = min;
            (self.shortest, self.longest) = length_window(self.len, min);
            self.prefix = self.prefix.min(self.prefix_at(self.at));
        }
    }

    /// With the lists of the first `read` query token occurrences read, the number of them
    /// a unit of length `n` must hold to qualify.
    #[inline]
    pub(super) fn needed(&self, n: usize, read: usize) -> i64 {
        let l = self.len.max(n);
        (l - max_distance(l, self.min)) as i64 - (self.len - read) as i64
    }

    /// Each live candidate with the upper bound of its score, from the lists read.
    pub(super) fn bounds(&self, live: &[Candidate], read: usize) -> Vec<Bounded> {
        live.iter()
            .map(|c| Bounded {
                bound: self.bound(c, read),
                unit: c.unit,
            })
            .collect()
    }

    /// The upper bound of a candidate's score, from the lists read: its overlap with the
    /// query is at most its count plus the query occurrences not read (`m − read`).
    #[inline]
    fn bound(&self, c: &Candidate, read: usize) -> u32 {
        if c.len >= LEN_SATURATED as usize {
            return 100;
        }
        let m = self.len;
        let rest = (m - read) as i64;
        let l = m.max(c.len) as i64;
        let overlap = (c.count + rest).min(m.min(c.len) as i64);
        (100 * overlap / l.max(1)) as u32
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_length_that_can_reach_the_threshold_is_in_the_window() {
        for m in 1..60usize {
            for min in [50, 75, 90, 100] {
                let (lo, hi) = length_window(m, min);
                for n in 1..200usize {
                    let l = m.max(n);
                    let can = word_score(m.abs_diff(n), l) >= min;
                    assert_eq!(can, (lo..=hi).contains(&n), "m {m} n {n} min {min}");
                }
            }
        }
    }
}
