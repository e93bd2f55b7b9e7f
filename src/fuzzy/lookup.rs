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
//! A lookup runs in named steps: `QueryPlan` (the query's tokens rarest first, the length
//! window and the prefix), `collect` (the prefix's postings lists with the length and
//! count filters, then further lists while reading one is cheaper than verifying the units
//! left), `Verifier` (exact scores, best upper bound first, stopping once no candidate can
//! enter the top `limit`), `best_first` (the ranking). [`Matcher::lookup`] then reads the
//! units kept and diffs them against the query; [`Matcher::rank`] stops at the ranking.

use std::cmp::{Ordering, Reverse};
use std::collections::{BinaryHeap, HashMap};

use serde::Serialize;

use super::diff::{diff, DiffPiece};
use super::distance::Pattern;
use super::score::{char_similarity, max_distance, score, NumberDiff, Penalties, Scored};
use super::session::{Coverage, Needed};
use super::FuzzyError;
use crate::index::{for_each_source, IndexReader, TokenId, LEN_SATURATED};
use crate::store::{Session, Unit};
use crate::text::tokenize::Tokens;

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

/// The neighbours of a sentence in its document, for context (101%) matches.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Context {
    /// `text::sentence_hash` of the previous sentence (`None` at the start).
    pub prev_hash: Option<String>,
    /// `text::sentence_hash` of the next sentence (`None` at the end).
    pub next_hash: Option<String>,
}

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

/// A match without its unit (see [`Matcher::rank`]).
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

/// Work done by the last lookup (for benchmarks).
#[derive(Debug, Clone, Copy, Default, Serialize)]
pub struct LookupStats {
    /// Query tokens whose postings were read.
    pub lists_read: usize,
    /// Posting entries decoded.
    pub entries_read: usize,
    /// Units that passed the filters and were scored exactly.
    pub candidates: usize,
    /// Units that reached the threshold.
    pub matches: usize,
}

/// Looks up queries in one read session, reusing its prepared statements and buffers
/// between queries.
pub struct Matcher<'s> {
    session: &'s Session<'s>,
    index: IndexReader<'s>,
    counter: Counter,
    sources: Sources,
    /// Statistics of the last lookup.
    pub stats: LookupStats,
    /// Every lookup scores every unit: the index is behind a TM that cannot be written.
    scan_all: bool,
}

/// What verifying one candidate costs, in posting entries read (measured at 1M units:
/// 25–100 give the same p50; more reads too many lists, less verifies too many units).
const VERIFY_COST: i64 = 40;

impl<'s> Matcher<'s> {
    /// A matcher reading `session`, which must come from
    /// [`lookup_session`](super::lookup_session) (the fuzzy-match index covers every unit
    /// of its snapshot; a session on a TM changed since the index was updated is refused,
    /// except on a TM that cannot be written: its lookups then score every unit).
    pub fn new(session: &'s Session<'_>) -> Result<Matcher<'s>, FuzzyError> {
        let scan_all = Needed::Tokens.check(session)? == Coverage::ScanAll;
        Ok(Matcher {
            session,
            index: IndexReader::new(session.conn())?,
            counter: Counter::default(),
            sources: Sources::default(),
            stats: LookupStats::default(),
            scan_all,
        })
    }

    /// The matches for `query`, best first (score, then character similarity, then
    /// recency), at most `opts.limit`.
    pub fn lookup(&mut self, query: &str, opts: &LookupOptions) -> Result<Vec<Match>, FuzzyError> {
        self.lookup_in_context(query, None, opts)
    }

    /// Like [`Matcher::lookup`], and an exact match that occurred between the same
    /// previous and next sentences as `context` scores 101.
    pub fn lookup_in_context(
        &mut self,
        query: &str,
        context: Option<&Context>,
        opts: &LookupOptions,
    ) -> Result<Vec<Match>, FuzzyError> {
        let q = Tokens::new(query.trim());
        self.sources.tokens = true;
        let found = self.ranked(&q, context, opts)?;
        let mut out = Vec::with_capacity(found.len());
        for v in found {
            out.extend(self.complete(&q, v)?);
        }
        Ok(out)
    }

    /// The ids and scores of the matches for a tokenized query (in context when given),
    /// in [`Matcher::lookup`]'s order, without reading the units: for counts and figures
    /// that need no unit (an analysis needs the best score only).
    pub fn rank(
        &mut self,
        query: &Tokens,
        context: Option<&Context>,
        opts: &LookupOptions,
    ) -> Result<Vec<Ranked>, FuzzyError> {
        self.sources.tokens = false;
        let found = self.ranked(query, context, opts)?;
        Ok(found
            .into_iter()
            .map(|v| {
                self.sources.give(v.source);
                Ranked {
                    id: v.id,
                    score: v.score,
                    detail: v.detail,
                    char_similarity: v.char_similarity,
                }
            })
            .collect())
    }

    /// The matches best first, at most `opts.limit`, before their units are read.
    fn ranked(
        &mut self,
        q: &Tokens,
        context: Option<&Context>,
        opts: &LookupOptions,
    ) -> Result<Vec<Verified>, FuzzyError> {
        self.stats = LookupStats::default();
        if q.is_empty() {
            return Ok(Vec::new());
        }
        let min = opts.min.clamp(1, 100);
        let pattern = Pattern::new(q.content_keys());
        let mut found = if opts.exhaustive || self.scan_all {
            self.scan_all(q, &pattern, min, &opts.src_lang)?
        } else {
            self.indexed(q, &pattern, min, &opts.src_lang, opts.limit)?
        };
        self.stats.matches = found.len();
        if let Some(ctx) = context {
            self.mark_context(&mut found, ctx)?;
        }
        best_first(q, &mut found, opts.limit, &mut self.sources);
        Ok(found)
    }

    /// The lookup through the index: plan, collect candidates, verify them.
    fn indexed(
        &mut self,
        q: &Tokens,
        pattern: &Pattern,
        min: u32,
        src_lang: &str,
        limit: usize,
    ) -> Result<Vec<Verified>, FuzzyError> {
        let plan = QueryPlan::new(q, pattern, min, &mut self.index)?;
        let (live, read) = collect(&plan, &mut self.index, &mut self.counter, &mut self.stats)?;
        let mut candidates = plan.bounds(&live, read);
        candidates.sort_unstable_by(|a, b| b.bound.cmp(&a.bound).then(a.unit.cmp(&b.unit)));
        let verifier = Verifier {
            q,
            pattern,
            plan: &plan,
            src_lang,
        };
        verifier.verify(
            &candidates,
            limit,
            &mut self.index,
            &mut self.sources,
            &mut self.stats,
        )
    }

    /// The lookup without the index: every unit of the source language is scored.
    fn scan_all(
        &mut self,
        q: &Tokens,
        pattern: &Pattern,
        min: u32,
        src_lang: &str,
    ) -> Result<Vec<Verified>, FuzzyError> {
        let mut out = Vec::new();
        let mut toks = self.sources.buffer();
        let (stats, sources) = (&mut self.stats, &mut self.sources);
        for_each_source::<FuzzyError>(self.session.conn(), src_lang, |row| {
            stats.candidates += 1;
            toks.reset(row.source_nfc);
            let d = pattern.distance(toks.content_keys());
            let l = q.len().max(toks.len());
            if d > max_distance(l, min) {
                return Ok(());
            }
            let detail = score(q, &toks);
            if detail.score >= min {
                let source = sources.keep(&mut toks);
                out.push(Verified::new(row.unit, detail, source, row.changed_at));
            }
            Ok(())
        })?;
        self.sources.recycle(toks);
        Ok(out)
    }

    /// Scores 101 the exact matches that occurred between the same neighbours as the query.
    fn mark_context(&mut self, found: &mut [Verified], ctx: &Context) -> Result<(), FuzzyError> {
        for v in found.iter_mut().filter(|v| v.score == 100) {
            let Some(unit) = self.session.unit(v.id)? else {
                continue;
            };
            let same = unit
                .provenance
                .iter()
                .any(|p| p.prev_hash == ctx.prev_hash && p.next_hash == ctx.next_hash);
            if same {
                v.score = 101;
            }
            v.unit = Some(Box::new(unit));
        }
        Ok(())
    }

    /// The match for a verified unit: the unit with its targets and provenance, and the
    /// diff. `None` for a unit missing from the session (which cannot happen: the unit
    /// was verified in the same snapshot).
    fn complete(&mut self, q: &Tokens, v: Verified) -> Result<Option<Match>, FuzzyError> {
        let diff = match &v.source {
            KeptSource::Tokens(t) => diff(q, t),
            // Not kept by a lookup that ranked only (not the case here): tokenized again.
            KeptSource::Text(t) => diff(q, &Tokens::new(t)),
        };
        self.sources.give(v.source);
        let unit = match v.unit {
            Some(unit) => *unit,
            None => match self.session.unit(v.id)? {
                Some(unit) => unit,
                None => return Ok(None),
            },
        };
        Ok(Some(Match {
            score: v.score,
            detail: v.detail,
            char_similarity: v.char_similarity,
            unit,
            diff,
        }))
    }
}

/// A unit that reached the threshold, before ranking.
#[derive(Debug)]
struct Verified {
    id: i64,
    /// The match %: `detail.score`, or 101 once the context matched.
    score: u32,
    detail: Scored,
    /// What is kept of the unit's source.
    source: KeptSource,
    /// The unit's last change time (a tie-breaker).
    changed_at: String,
    /// Computed by [`best_first`] for the matches that can make the cut.
    char_similarity: f64,
    /// The unit, when it was read before ranking (boxed: most verified units have none,
    /// and a lookup of every match may hold thousands).
    unit: Option<Box<Unit>>,
}

impl Verified {
    fn new(id: i64, detail: Scored, source: KeptSource, changed_at: &str) -> Verified {
        Verified {
            id,
            score: detail.score,
            detail,
            source,
            changed_at: changed_at.to_string(),
            char_similarity: 0.0,
            unit: None,
        }
    }
}

/// What a verified unit keeps of its source: its tokens when the match is to be diffed
/// against the query, else its NFC text (for the tie-breaker).
#[derive(Debug)]
enum KeptSource {
    Tokens(Tokens),
    Text(String),
}

impl KeptSource {
    /// The NFC text of the source.
    fn text(&self) -> &str {
        match self {
            KeptSource::Tokens(t) => &t.text,
            KeptSource::Text(t) => t,
        }
    }
}

/// Keeps the sources of verified units, with token buffers given back when a lookup is
/// done with them (so keeping a unit's tokens costs no allocation).
#[derive(Default)]
struct Sources {
    /// Whether to keep tokens (for diffs), not only texts.
    tokens: bool,
    spare: Vec<Tokens>,
}

/// Spare buffers kept, at most: more than a lookup with a limit verifies, and a bound on
/// what a lookup of every match (`--limit 0`) leaves behind.
const SPARE_TOKENS: usize = 128;

impl Sources {
    /// A buffer to tokenize into.
    fn buffer(&mut self) -> Tokens {
        self.spare.pop().unwrap_or_default()
    }

    /// Keeps the source tokenized in `toks` (leaving a spare buffer there when the tokens
    /// themselves are kept).
    fn keep(&mut self, toks: &mut Tokens) -> KeptSource {
        if self.tokens {
            let spare = self.buffer();
            KeptSource::Tokens(std::mem::replace(toks, spare))
        } else {
            KeptSource::Text(toks.text.clone())
        }
    }

    /// Takes back what a verified unit kept.
    fn give(&mut self, kept: KeptSource) {
        if let KeptSource::Tokens(t) = kept {
            self.recycle(t);
        }
    }

    /// Takes back a buffer.
    fn recycle(&mut self, toks: Tokens) {
        if self.spare.len() < SPARE_TOKENS {
            self.spare.push(toks);
        }
    }
}

/// What a lookup reads, decided from the query alone: the query's tokens rarest first and
/// the length and count filters for the threshold.
struct QueryPlan {
    /// Content tokens in the query (`m`).
    len: usize,
    /// The threshold.
    min: u32,
    /// The query's distinct tokens, rarest first (a key the index lacks is one list per
    /// occurrence, none of them read).
    lists: Vec<QueryList>,
    /// Query token occurrences whose lists must be read (the prefix filter's `p`): every
    /// qualifying unit holds at least one of them.
    prefix: usize,
    /// The shortest unit length that can qualify.
    shortest: usize,
    /// The longest unit length that can qualify.
    longest: usize,
    /// Index token id → the pattern's local id, sorted by token id.
    local_ids: Vec<(TokenId, u32)>,
}

/// One distinct query token and its postings list.
#[derive(Debug, Clone, Copy)]
struct QueryList {
    /// Units holding it (0 when the index lacks it).
    df: i64,
    /// The token in the index.
    token: Option<TokenId>,
    /// How often it occurs in the query.
    weight: u16,
}

impl QueryPlan {
    fn new(
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
        // Length filter: n in [shortest, longest].
        let shortest = m - max_distance(m, min);
        let mut longest = m;
        while (longest + 1) - m <= max_distance(longest + 1, min) {
            longest += 1;
        }
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

    /// With the lists of the first `read` query token occurrences read, the number of them
    /// a unit of length `n` must hold to qualify.
    fn needed(&self, n: usize, read: usize) -> i64 {
        let l = self.len.max(n);
        (l - max_distance(l, self.min)) as i64 - (self.len - read) as i64
    }

    /// Whether a unit of this length (as the postings store it) can qualify.
    fn fits(&self, len: u32) -> bool {
        if len >= LEN_SATURATED {
            // A saturated length only says "this long or longer".
            self.longest >= LEN_SATURATED as usize
        } else {
            (self.shortest..=self.longest).contains(&(len as usize))
        }
    }

    /// Each live candidate with the upper bound of its score, from the lists read.
    fn bounds(&self, live: &[Candidate], read: usize) -> Vec<Bounded> {
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
    fn local_id(&self, token: TokenId) -> u32 {
        match self.local_ids.binary_search_by_key(&token, |l| l.0) {
            Ok(i) => self.local_ids[i].1,
            Err(_) => u32::MAX,
        }
    }
}

/// A unit that passed the length and count filters on the lists read so far.
#[derive(Debug, Clone, Copy)]
struct Candidate {
    unit: i64,
    /// Query token occurrences found in its lists.
    count: i64,
    /// Its length (saturated).
    len: usize,
}

/// A candidate with the upper bound of its score.
#[derive(Debug, Clone, Copy)]
struct Bounded {
    bound: u32,
    unit: i64,
}

/// Reads the postings lists of the plan: first the prefix, counting every unit of a
/// length that fits, then further lists while reading one costs less than verifying the
/// units still live. Returns the live candidates and the number of query token
/// occurrences whose lists were read.
fn collect(
    plan: &QueryPlan,
    index: &mut IndexReader<'_>,
    counter: &mut Counter,
    stats: &mut LookupStats,
) -> Result<(Vec<Candidate>, usize), FuzzyError> {
    counter.clear();
    // Phase 1: the minimal prefix, counting every unit in its lists.
    let mut read = 0;
    let mut next = 0;
    while read < plan.prefix && next < plan.lists.len() {
        let list = plan.lists[next];
        next += 1;
        read += usize::from(list.weight);
        let Some(token) = list.token else { continue };
        stats.entries_read += index.for_each_posting(token, |p| {
            if plan.fits(p.len) {
                counter.add(p.unit, list.weight, p.len);
            }
        })?;
        stats.lists_read += 1;
    }
    // The units passing the count filter.
    let mut live: Vec<Candidate> = counter
        .iter()
        .filter(|&(_, c, n)| i64::from(c) >= plan.needed(n as usize, read))
        .map(|(unit, c, n)| Candidate {
            unit,
            count: i64::from(c),
            len: n as usize,
        })
        .collect();
    // Phase 2: read further lists while that costs less than verifying the live units;
    // each list raises the count needed by its weight, so units missing from it drop.
    while next < plan.lists.len() && live.len() as i64 * VERIFY_COST > plan.lists[next].df.max(0) {
        let list = plan.lists[next];
        next += 1;
        read += usize::from(list.weight);
        let weight = i64::from(list.weight);
        if let Some(token) = list.token {
            counter.clear();
            for c in &live {
                counter.add(c.unit, 1, 0);
            }
            stats.entries_read += index.for_each_posting(token, |p| counter.bump(p.unit))?;
            stats.lists_read += 1;
            let counter = &*counter;
            live.retain_mut(|c| {
                if counter.get(c.unit) > 1 {
                    c.count += weight;
                }
                c.count >= plan.needed(c.len, read)
            });
        } else {
            live.retain(|c| c.count >= plan.needed(c.len, read));
        }
    }
    Ok((live, read))
}

/// Scores candidates exactly, best bound first.
struct Verifier<'a> {
    q: &'a Tokens,
    pattern: &'a Pattern,
    plan: &'a QueryPlan,
    src_lang: &'a str,
}

impl Verifier<'_> {
    /// The candidates (sorted by bound, best first) that reach the threshold; stops once
    /// no remaining candidate can enter the top `limit` (0 = all).
    fn verify(
        &self,
        candidates: &[Bounded],
        limit: usize,
        index: &mut IndexReader<'_>,
        sources: &mut Sources,
        stats: &mut LookupStats,
    ) -> Result<Vec<Verified>, FuzzyError> {
        let (m, min) = (self.plan.len, self.plan.min);
        let mut best = TopScores::new(limit);
        let mut out = Vec::new();
        let mut local: Vec<u32> = Vec::with_capacity(64);
        let mut toks = sources.buffer();
        for c in candidates {
            if best.excludes(c.bound) {
                break;
            }
            stats.candidates += 1;
            local.clear();
            let indexed = index.for_each_token_of(c.unit, |t| local.push(self.plan.local_id(t)))?;
            if !indexed {
                continue;
            }
            let d = self.pattern.distance_local(&local);
            if d > max_distance(m.max(local.len()), min) {
                continue;
            }
            let Some(unit) = index.source(c.unit)? else {
                continue;
            };
            if unit.src_lang != self.src_lang {
                continue;
            }
            toks.reset(&unit.source_nfc);
            let detail = score(self.q, &toks);
            if detail.score < min {
                continue;
            }
            best.push(detail.score);
            out.push(Verified::new(
                c.unit,
                detail,
                sources.keep(&mut toks),
                &unit.changed_at,
            ));
        }
        sources.recycle(toks);
        Ok(out)
    }
}

/// The `limit` best scores verified so far (0 = keep all, never full).
struct TopScores {
    limit: usize,
    /// A min-heap: its top is the lowest of the best scores.
    heap: BinaryHeap<Reverse<u32>>,
}

impl TopScores {
    fn new(limit: usize) -> TopScores {
        TopScores {
            limit,
            heap: BinaryHeap::new(),
        }
    }

    /// Whether a score of at most `bound` can no longer enter the best.
    fn excludes(&self, bound: u32) -> bool {
        self.limit > 0
            && self.heap.len() >= self.limit
            && self.heap.peek().is_some_and(|b| bound < b.0)
    }

    fn push(&mut self, score: u32) {
        if self.limit > 0 {
            self.heap.push(Reverse(score));
            if self.heap.len() > self.limit {
                self.heap.pop();
            }
        }
    }
}

/// Orders matches best first and keeps `limit` (0 = all). Character similarity is computed
/// only for matches that can still make the cut.
fn best_first(q: &Tokens, found: &mut Vec<Verified>, limit: usize, sources: &mut Sources) {
    found.sort_by_key(|v| Reverse(v.score));
    let keep = if limit == 0 {
        found.len()
    } else {
        limit.min(found.len())
    };
    if keep == 0 {
        return;
    }
    // Sorted by score: the matches below the cut are the tail.
    let cut = found[keep - 1].score;
    let below = found.partition_point(|v| v.score >= cut);
    for v in found.drain(below..) {
        sources.give(v.source);
    }
    for v in found.iter_mut() {
        // Both texts are NFC; trimming after normalizing is trimming before.
        v.char_similarity = char_similarity(q.text.trim(), v.source.text().trim());
    }
    found.sort_by(|a, b| {
        b.score
            .cmp(&a.score)
            .then_with(|| {
                b.char_similarity
                    .partial_cmp(&a.char_similarity)
                    .unwrap_or(Ordering::Equal)
            })
            .then_with(|| b.changed_at.cmp(&a.changed_at))
            .then_with(|| b.id.cmp(&a.id))
    });
    for v in found.drain(keep..) {
        sources.give(v.source);
    }
}

/// Per-unit prefix counts: a dense array for ordinary ids, a map beyond.
#[derive(Default)]
struct Counter {
    /// (count, length) per unit id; lengths are ≤ 255 (saturated) in the postings.
    dense: Vec<(u16, u8)>,
    touched: Vec<u32>,
    sparse: HashMap<i64, (u16, u8)>,
}

const DENSE_LIMIT: i64 = 1 << 28;

impl Counter {
    fn clear(&mut self) {
        for &i in &self.touched {
            self.dense[i as usize] = (0, 0);
        }
        self.touched.clear();
        self.sparse.clear();
    }

    /// Adds `w` to the count of unit `id` of length `n` (called for every posting read:
    /// the common case, a unit the array already covers, is kept small enough to inline).
    #[inline(always)]
    fn add(&mut self, id: i64, w: u16, n: u32) {
        if (0..DENSE_LIMIT).contains(&id) {
            if let Some(e) = self.dense.get_mut(id as usize) {
                if e.0 == 0 {
                    self.touched.push(id as u32);
                    e.1 = n.min(LEN_SATURATED) as u8;
                }
                e.0 = e.0.saturating_add(w);
                return;
            }
        }
        self.add_rare(id, w, n);
    }

    /// [`Counter::add`] for a unit beyond the array: it grows, or the map takes the unit.
    #[cold]
    #[inline(never)]
    fn add_rare(&mut self, id: i64, w: u16, n: u32) {
        let n = n.min(LEN_SATURATED) as u8;
        if (0..DENSE_LIMIT).contains(&id) {
            let i = id as usize;
            if i >= self.dense.len() {
                self.dense.resize((i + 1).next_power_of_two(), (0, 0));
            }
            let e = &mut self.dense[i];
            if e.0 == 0 {
                self.touched.push(i as u32);
                e.1 = n;
            }
            e.0 = e.0.saturating_add(w);
        } else {
            let e = self.sparse.entry(id).or_insert((0, n));
            e.0 = e.0.saturating_add(w);
        }
    }

    /// Adds 1 to a unit already counted (others are left alone).
    #[inline]
    fn bump(&mut self, id: i64) {
        if (0..DENSE_LIMIT).contains(&id) {
            if let Some(e) = self.dense.get_mut(id as usize) {
                if e.0 > 0 {
                    e.0 = e.0.saturating_add(1);
                }
            }
        } else if let Some(e) = self.sparse.get_mut(&id) {
            e.0 = e.0.saturating_add(1);
        }
    }

    /// The count of a unit.
    fn get(&self, id: i64) -> u16 {
        if (0..DENSE_LIMIT).contains(&id) {
            self.dense.get(id as usize).map_or(0, |e| e.0)
        } else {
            self.sparse.get(&id).map_or(0, |e| e.0)
        }
    }

    fn iter(&self) -> impl Iterator<Item = (i64, u16, u32)> + '_ {
        self.touched
            .iter()
            .map(|&i| {
                let e = self.dense[i as usize];
                (i64::from(i), e.0, u32::from(e.1))
            })
            .chain(
                self.sparse
                    .iter()
                    .map(|(&id, &(c, n))| (id, c, u32::from(n))),
            )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fuzzy::lookup_session;
    use crate::store::{Store, UnitInput};

    fn tm(sources: &[&str]) -> Store {
        let mut s = Store::open_in_memory().unwrap();
        let mut tx = s.begin("t").unwrap();
        for src in sources {
            tx.upsert_unit(&UnitInput {
                src_lang: "en".into(),
                source: src.to_string(),
                ..Default::default()
            })
            .unwrap();
        }
        tx.commit().unwrap();
        s
    }

    #[test]
    fn finds_exact_and_fuzzy_matches_in_order() {
        let s = tm(&[
            "Police in Almaty detained several activists outside the Chinese consulate.",
            "Police in Almaty detained two activists outside the Chinese consulate.",
            "The weather was fine on Tuesday.",
        ]);
        let session = lookup_session(&s).unwrap();
        let mut m = Matcher::new(&session).unwrap();
        let opts = LookupOptions::default();
        let r = m
            .lookup(
                "Police in Almaty detained several activists outside the Chinese consulate.",
                &opts,
            )
            .unwrap();
        assert_eq!(r.len(), 2);
        assert_eq!(r[0].score, 100);
        assert_eq!(r[1].score, 90);
        let ex = m
            .lookup(
                "Police in Almaty detained several activists outside the Chinese consulate.",
                &LookupOptions {
                    exhaustive: true,
                    ..opts
                },
            )
            .unwrap();
        assert_eq!(
            ex.iter().map(|m| (m.unit.id, m.score)).collect::<Vec<_>>(),
            r.iter().map(|m| (m.unit.id, m.score)).collect::<Vec<_>>()
        );
    }

    #[test]
    fn deleted_units_disappear_and_new_ones_appear() {
        let mut s = tm(&["Protesters gathered near the consulate on Monday."]);
        {
            let session = lookup_session(&s).unwrap();
            let mut m = Matcher::new(&session).unwrap();
            assert_eq!(
                m.lookup(
                    "Protesters gathered near the consulate on Monday.",
                    &Default::default()
                )
                .unwrap()
                .len(),
                1
            );
        }
        let mut tx = s.begin("t").unwrap();
        assert!(tx.delete_unit(1).unwrap());
        tx.upsert_unit(&UnitInput {
            src_lang: "en".into(),
            source: "Officials declined to comment on the arrests.".into(),
            ..Default::default()
        })
        .unwrap();
        crate::index::sync_index(tx.conn()).unwrap();
        tx.commit().unwrap();
        let session = lookup_session(&s).unwrap();
        let mut m = Matcher::new(&session).unwrap();
        assert!(m
            .lookup(
                "Protesters gathered near the consulate on Monday.",
                &Default::default()
            )
            .unwrap()
            .is_empty());
        let r = m
            .lookup(
                "Officials declined to comment on the arrests.",
                &Default::default(),
            )
            .unwrap();
        assert_eq!((r.len(), r[0].score), (1, 100));
        let left: i64 = s
            .conn()
            .query_row("SELECT coalesce(sum(n), 0) FROM fz_postings", [], |r| {
                r.get(0)
            })
            .unwrap();
        assert_eq!(
            left, 7,
            "only the new unit's 7 distinct tokens remain indexed"
        );
    }

    #[test]
    fn a_match_carries_its_unit_the_diff_and_a_context_score() {
        use crate::store::{Occurrence, VariantInput};
        use crate::text::sentence_hash;
        let mut s = Store::open_in_memory().unwrap();
        let mut tx = s.begin("t").unwrap();
        let doc = tx.record_document("r.en.txt", "en", "0").unwrap();
        let (id, _) = tx
            .upsert_unit(&UnitInput {
                src_lang: "en".into(),
                source: "Police held 10 people.".into(),
                targets: vec![VariantInput {
                    lang: "kk".into(),
                    text: "Полиция 10 адамды ұстады.".into(),
                    ..Default::default()
                }],
                ..Default::default()
            })
            .unwrap();
        tx.add_occurrence(
            id,
            &Occurrence {
                document_id: doc,
                paragraph: 2,
                sentence: 1,
                prev_hash: Some(sentence_hash("Before.")),
                next_hash: None,
            },
        )
        .unwrap();
        tx.commit().unwrap();
        let session = lookup_session(&s).unwrap();
        let mut m = Matcher::new(&session).unwrap();
        let opts = LookupOptions::default();
        let r = m.lookup("Police held 12 people.", &opts).unwrap();
        assert_eq!(r.len(), 1);
        assert_eq!((r[0].score, r[0].unit.id), (99, id));
        assert_eq!(r[0].unit.variants[0].text, "Полиция 10 адамды ұстады.");
        assert_eq!(r[0].unit.provenance[0].document, "r.en.txt");
        assert_eq!(
            crate::fuzzy::render_diff(&r[0].diff, false),
            "Police held [-10-]{+12+} people."
        );
        // JSON: the match's own fields beside the unit, which prints as `show` prints it.
        let json = serde_json::to_value(&r[0]).unwrap();
        let keys: Vec<&str> = json
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        assert_eq!(
            keys,
            [
                "diff",
                "numbers",
                "penalties",
                "score",
                "unit",
                "word_score"
            ]
        );
        assert_eq!(json["unit"], serde_json::to_value(&r[0].unit).unwrap());
        assert_eq!(json["score"], 99);
        assert_eq!(json["numbers"][0]["query"], "12");
        assert_eq!(
            json["diff"][1],
            serde_json::json!({"kind": "deleted", "text": "10"})
        );
        let ctx = |prev: &str| Context {
            prev_hash: Some(sentence_hash(prev)),
            next_hash: None,
        };
        let exact = "Police held 10 people.";
        let r = m
            .lookup_in_context(exact, Some(&ctx("Before.")), &opts)
            .unwrap();
        assert_eq!(r[0].score, 101);
        let r = m
            .lookup_in_context(exact, Some(&ctx("Other.")), &opts)
            .unwrap();
        assert_eq!(r[0].score, 100);
    }

    #[test]
    fn a_matcher_refuses_a_session_its_index_does_not_cover() {
        let s = tm(&["Protesters gathered near the consulate on Monday."]);
        let session = s.session().unwrap();
        assert!(matches!(
            Matcher::new(&session),
            Err(FuzzyError::IndexBehind(_))
        ));
    }
}
