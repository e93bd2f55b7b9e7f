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

use std::cmp::Ordering;
use std::collections::HashMap;

use rusqlite::{params, Connection, OptionalExtension};
use serde::Serialize;

use super::distance::Pattern;
use super::score::{char_similarity, max_distance, score, Scored};
use super::FuzzyError;
use crate::index::sync::{for_each_entry, for_each_token, sync_index, LEN_SATURATED};
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

/// One TM unit matching a query.
#[derive(Debug, Clone, Serialize)]
pub struct Match {
    /// Unit id.
    pub id: i64,
    /// Match %: 0–100, or 101 for an exact match in the same context.
    pub score: u32,
    /// How the score came about (distance, penalties, numbers that differ).
    #[serde(skip)]
    pub detail: Scored,
    /// Character-level similarity (first tie-breaker).
    #[serde(skip)]
    pub char_similarity: f64,
    /// The unit's source text as stored.
    pub source: String,
    /// Last change time (second tie-breaker: newer first).
    #[serde(skip)]
    pub changed_at: String,
}

/// Work done by the last lookup (for benchmarks and `--verbose` figures).
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

/// Looks up queries against one TM connection, reusing buffers between queries.
pub struct Matcher<'c> {
    conn: &'c Connection,
    counter: Counter,
    /// Statistics of the last lookup.
    pub stats: LookupStats,
    synced: bool,
}

/// What verifying one candidate costs, in posting entries read (measured at 1M units:
/// 25–100 give the same p50; more reads too many lists, less verifies too many units).
const VERIFY_COST: i64 = 40;

impl<'c> Matcher<'c> {
    /// A matcher on `conn` (the index is brought up to date on first use).
    pub fn new(conn: &'c Connection) -> Matcher<'c> {
        Matcher {
            conn,
            counter: Counter::default(),
            stats: LookupStats::default(),
            synced: false,
        }
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
        if !self.synced {
            sync_index(self.conn)?;
            self.synced = true;
        }
        self.stats = LookupStats::default();
        let q = Tokens::new(query.trim());
        if q.is_empty() {
            return Ok(Vec::new());
        }
        let min = opts.min.clamp(1, 100);
        let pattern = Pattern::new(q.content_keys());
        // One read transaction per lookup (unless the caller holds one): without it every
        // statement takes and drops the file lock, a syscall pair per candidate.
        let own_tx = self.conn.is_autocommit();
        if own_tx {
            self.conn.execute_batch("BEGIN")?;
        }
        let found = if opts.exhaustive {
            self.scan_all(&q, &pattern, min, &opts.src_lang)
        } else {
            self.indexed(&q, &pattern, min, &opts.src_lang, opts.limit)
        };
        if own_tx {
            self.conn.execute_batch("COMMIT")?;
        }
        let mut found = found?;
        self.stats.matches = found.len();
        if let Some(ctx) = context {
            self.mark_context(&mut found, ctx)?;
        }
        rank(&q, &mut found, opts.limit);
        Ok(found)
    }

    fn indexed(
        &mut self,
        q: &Tokens,
        pattern: &Pattern,
        min: u32,
        src_lang: &str,
        limit: usize,
    ) -> Result<Vec<Match>, FuzzyError> {
        let m = q.len();
        // Query token occurrences, rarest first.
        let mut occ: Vec<(i64, &str, Option<i64>)> = Vec::with_capacity(m);
        {
            let mut stmt = self
                .conn
                .prepare_cached("SELECT id, df FROM fz_tokens WHERE token = ?1")?;
            for (key, count) in pattern.key_counts() {
                let row: Option<(i64, i64)> = stmt
                    .query_row([key], |r| Ok((r.get(0)?, r.get(1)?)))
                    .optional()?;
                let (tid, df) = match row {
                    Some((t, df)) => (Some(t), df),
                    None => (None, 0),
                };
                for _ in 0..count {
                    occ.push((df, key, tid));
                }
            }
        }
        occ.sort_by(|a, b| a.0.cmp(&b.0).then_with(|| a.1.cmp(b.1)));
        let o_min = m - max_distance(m, min);
        let p_min = m - o_min + 1;
        // Length window: n in [lo, hi].
        let lo = m - max_distance(m, min);
        let mut hi = m;
        while (hi + 1) - m <= max_distance(hi + 1, min) {
            hi += 1;
        }
        // With the first `p` occurrences read, a unit of length n needs this many of them.
        let need = |n: usize, p: usize| -> i64 {
            let l = m.max(n);
            (l - max_distance(l, min)) as i64 - (m - p) as i64
        };
        // Distinct tokens in rarity order, with their number of occurrences in the query.
        let mut groups: Vec<(i64, Option<i64>, u16)> = Vec::new();
        for o in &occ {
            match groups.last_mut() {
                Some(g) if g.1 == o.2 && o.2.is_some() => g.2 += 1,
                _ => groups.push((o.0, o.2, 1)),
            }
        }
        self.counter.clear();
        let mut stmt = self
            .conn
            .prepare_cached("SELECT data FROM fz_postings WHERE token_id = ?1")?;
        // Phase 1: the minimal prefix, counting every unit in its lists.
        let mut p = 0;
        let mut gi = 0;
        while p < p_min && gi < groups.len() {
            let (_, tid, w) = groups[gi];
            gi += 1;
            p += usize::from(w);
            let Some(tid) = tid else { continue };
            let counter = &mut self.counter;
            let long_ok = hi >= LEN_SATURATED as usize;
            self.stats.entries_read += read_list(&mut stmt, tid, |id, n| {
                // A saturated length only says "this long or longer".
                let fits = if n >= LEN_SATURATED {
                    long_ok
                } else {
                    (lo..=hi).contains(&(n as usize))
                };
                if fits {
                    counter.add(id, w, n);
                }
            })?;
            self.stats.lists_read += 1;
        }
        // The units passing the count filter: (id, prefix count, length).
        let mut live: Vec<(i64, i64, usize)> = self
            .counter
            .iter()
            .filter(|&(_, c, n)| i64::from(c) >= need(n as usize, p))
            .map(|(id, c, n)| (id, i64::from(c), n as usize))
            .collect();
        // Phase 2: read further lists while that costs less than verifying the live units;
        // each list raises the count needed by its weight, so units missing from it drop.
        while gi < groups.len() && live.len() as i64 * VERIFY_COST > groups[gi].0.max(0) {
            let (_, tid, w) = groups[gi];
            gi += 1;
            p += usize::from(w);
            let w64 = i64::from(w);
            if let Some(tid) = tid {
                self.counter.clear();
                for &(id, _, _) in &live {
                    self.counter.add(id, 1, 0);
                }
                let counter = &mut self.counter;
                self.stats.entries_read += read_list(&mut stmt, tid, |id, _| counter.bump(id))?;
                self.stats.lists_read += 1;
                let counter = &self.counter;
                live.retain_mut(|(id, c, n)| {
                    if counter.get(*id) > 1 {
                        *c += w64;
                    }
                    *c >= need(*n, p)
                });
            } else {
                live.retain(|&(_, c, n)| c >= need(n, p));
            }
        }
        // Upper bound of each candidate's score: overlap ≤ prefix count + (m − p).
        let rest = (m - p) as i64;
        let mut cands: Vec<(u32, i64)> = live
            .iter()
            .map(|&(id, c, n)| {
                if n >= LEN_SATURATED as usize {
                    return (100, id);
                }
                let l = m.max(n) as i64;
                let overlap = (c + rest).min(m.min(n) as i64);
                ((100 * overlap / l.max(1)) as u32, id)
            })
            .collect();
        // Best bound first; stop once no remaining candidate can enter the top `limit`.
        cands.sort_unstable_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
        // Global token id → the pattern's local id.
        let mut gmap: Vec<(i64, u32)> = occ
            .iter()
            .filter_map(|o| Some((o.2?, pattern.local_id(o.1)?)))
            .collect();
        gmap.sort_unstable();
        gmap.dedup();
        let mut best: std::collections::BinaryHeap<std::cmp::Reverse<u32>> =
            std::collections::BinaryHeap::new();
        let mut out = Vec::new();
        let mut toks_of = self
            .conn
            .prepare_cached("SELECT toks FROM fz_units WHERE id = ?1")?;
        let mut fetch = self.conn.prepare_cached(
            "SELECT src_lang, source, source_nfc, changed_at FROM units WHERE id = ?1",
        )?;
        let mut local: Vec<u32> = Vec::with_capacity(64);
        let mut toks = Tokens::default();
        for (ub, id) in cands {
            if limit > 0 && best.len() >= limit && best.peek().is_some_and(|b| ub < b.0) {
                break;
            }
            self.stats.candidates += 1;
            local.clear();
            let mut rows = toks_of.query([id])?;
            let Some(r) = rows.next()? else { continue };
            let blob = r.get_ref(0)?.as_blob().map_err(rusqlite::Error::from)?;
            for_each_token(blob, |t| {
                local.push(match gmap.binary_search_by_key(&t, |g| g.0) {
                    Ok(i) => gmap[i].1,
                    Err(_) => u32::MAX,
                })
            })?;
            let d = pattern.distance_local(&local);
            if d > max_distance(m.max(local.len()), min) {
                continue;
            }
            let row = fetch
                .query_row([id], |r| {
                    Ok((
                        r.get::<_, String>(0)?,
                        r.get::<_, String>(1)?,
                        r.get::<_, String>(2)?,
                        r.get::<_, String>(3)?,
                    ))
                })
                .optional()?;
            let Some((lang, source, source_nfc, changed_at)) = row else {
                continue;
            };
            if lang != src_lang {
                continue;
            }
            toks.reset(&source_nfc);
            let full = score(q, &toks);
            if full.score < min {
                continue;
            }
            if limit > 0 {
                best.push(std::cmp::Reverse(full.score));
                if best.len() > limit {
                    best.pop();
                }
            }
            out.push(Match {
                id,
                score: full.score,
                detail: full,
                char_similarity: 0.0,
                source,
                changed_at,
            });
        }
        Ok(out)
    }

    fn scan_all(
        &mut self,
        q: &Tokens,
        pattern: &Pattern,
        min: u32,
        src_lang: &str,
    ) -> Result<Vec<Match>, FuzzyError> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, source, source_nfc, changed_at FROM units WHERE src_lang = ?1",
        )?;
        let mut rows = stmt.query([src_lang])?;
        let mut out = Vec::new();
        let mut toks = Tokens::default();
        while let Some(r) = rows.next()? {
            self.stats.candidates += 1;
            let source_nfc = r.get_ref(2)?.as_str().map_err(rusqlite::Error::from)?;
            toks.reset(source_nfc);
            let d = pattern.distance(toks.content_keys());
            let l = q.len().max(toks.len());
            if d > max_distance(l, min) {
                continue;
            }
            let full = score(q, &toks);
            if full.score >= min {
                out.push(Match {
                    id: r.get(0)?,
                    score: full.score,
                    detail: full,
                    char_similarity: 0.0,
                    source: r.get(1)?,
                    changed_at: r.get(3)?,
                });
            }
        }
        Ok(out)
    }

    fn mark_context(&self, found: &mut [Match], ctx: &Context) -> Result<(), FuzzyError> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT EXISTS(SELECT 1 FROM occurrences
                 WHERE unit_id = ?1 AND prev_hash IS ?2 AND next_hash IS ?3)",
        )?;
        for m in found.iter_mut().filter(|m| m.score == 100) {
            let hit: bool =
                stmt.query_row(params![m.id, ctx.prev_hash, ctx.next_hash], |r| r.get(0))?;
            if hit {
                m.score = 101;
            }
        }
        Ok(())
    }
}

/// Orders matches best first and keeps `limit` (0 = all). Character similarity is computed
/// only for matches that can still make the cut.
fn rank(q: &Tokens, found: &mut Vec<Match>, limit: usize) {
    found.sort_by_key(|m| std::cmp::Reverse(m.score));
    let keep = if limit == 0 {
        found.len()
    } else {
        limit.min(found.len())
    };
    if keep == 0 {
        found.clear();
        return;
    }
    let cut = found[keep - 1].score;
    found.retain(|m| m.score >= cut);
    for m in found.iter_mut() {
        m.char_similarity = char_similarity(&q.text, &crate::text::nfc(m.source.trim()));
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
    found.truncate(keep);
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

    #[inline]
    fn add(&mut self, id: i64, w: u16, n: u32) {
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

/// Reads every chunk of a token's postings, calling `f(unit_id, length)`; returns the
/// number of entries.
fn read_list(
    stmt: &mut rusqlite::CachedStatement<'_>,
    tid: i64,
    mut f: impl FnMut(i64, u32),
) -> Result<usize, FuzzyError> {
    let mut read = 0;
    let mut rows = stmt.query([tid])?;
    while let Some(r) = rows.next()? {
        let data = r.get_ref(0)?.as_blob().map_err(rusqlite::Error::from)?;
        for_each_entry(data, |id, n| {
            read += 1;
            f(id, n);
        })?;
    }
    Ok(read)
}

#[cfg(test)]
mod tests {
    use super::*;
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
        let mut m = Matcher::new(s.conn());
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
            ex.iter().map(|m| (m.id, m.score)).collect::<Vec<_>>(),
            r.iter().map(|m| (m.id, m.score)).collect::<Vec<_>>()
        );
    }

    #[test]
    fn deleted_units_disappear_and_new_ones_appear() {
        let mut s = tm(&["Protesters gathered near the consulate on Monday."]);
        {
            let mut m = Matcher::new(s.conn());
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
        sync_index(tx.conn()).unwrap();
        tx.commit().unwrap();
        let mut m = Matcher::new(s.conn());
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
}
