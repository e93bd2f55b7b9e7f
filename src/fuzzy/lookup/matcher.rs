//! [`Matcher`]: looks up queries in one read session, running the lookup's steps (or
//! scoring every unit) and reading the units kept.

use super::counter::Counter;
use super::lengths::{Ask, Lane, Lengths};
use super::plan::QueryPlan;
use super::rank::best_first;
use super::sources::{KeptSource, Sources};
use super::split::{read_split, TwinBuffers};
use super::verify::{TopScores, Verified};
use super::{Context, LookupOptions, LookupStats, Match, Ranked};
use crate::fuzzy::diff::diff;
use crate::fuzzy::distance::Pattern;
use crate::fuzzy::score::{max_distance, score};
use crate::fuzzy::session::{Coverage, Needed};
use crate::fuzzy::FuzzyError;
use crate::index::{for_each_source, IndexReader};
use crate::store::Session;
use crate::text::tokenize::Tokens;

/// The entries of its lengths' prefixes (at its threshold) from which a lookup of a
/// matcher asked to split ([`Matcher::split_after`]) reads on two threads. At 100,000 on a
/// quiet machine, news 10M `--min 75` p99 17.7–19.4 ms (p50 4.5–4.7); at 250,000 17.7–22.0
/// (p50 5.7–6.0); on one thread 31.1–31.8 (`docs/lookup-at-scale.md`, the sixteenth round).
pub const SPLIT_AFTER: usize = 100_000;

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
    /// Lookups whose prefixes hold this many entries or more read on two threads, when
    /// the session has a twin ([`Matcher::split_after`]).
    split_after: Option<usize>,
    /// The buffers of the second thread's lane, between split lookups.
    twin_buffers: Option<TwinBuffers>,
}

impl<'s> Matcher<'s> {
    /// A matcher reading `session`, which must come from
    /// [`lookup_session`](crate::fuzzy::lookup_session) (the fuzzy-match index covers every unit
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
            split_after: None,
            twin_buffers: None,
        })
    }

    /// Splits between two threads every lookup whose lengths' prefixes hold `entries`
    /// posting entries or more at its threshold (from the length histograms, before any
    /// cut rises; [`SPLIT_AFTER`] for slow lookups, 0 for all), when the session has a
    /// twin ([`lookup_session_split`](crate::fuzzy::lookup_session_split)); otherwise
    /// lookups read on one thread, as they do unless asked. The results are the same: the
    /// two threads' units are ranked together by one total order.
    pub fn split_after(mut self, entries: usize) -> Self {
        self.split_after = Some(entries);
        self
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
        // The tag penalty is known once the units are read: matches it lowered follow the
        // others of their former score (a stable sort keeps the order otherwise), and one
        // it took below the lowest score asked for goes.
        out.sort_by_key(|m| std::cmp::Reverse(m.score));
        out.retain(|m| m.score >= opts.min.clamp(1, 100));
        let none = Context::default();
        let ctx = context.unwrap_or(&none);
        for m in &mut out {
            m.unit.order_by_fit(|v| ctx.fit(v));
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

    /// The lookup through the index: plan, then read its unit lengths (`lengths.rs`), on two
    /// threads when asked and worth it (`split.rs`).
    fn indexed(
        &mut self,
        q: &Tokens,
        pattern: &Pattern,
        min: u32,
        src_lang: &str,
        limit: usize,
    ) -> Result<Vec<Verified>, FuzzyError> {
        let mut plan = QueryPlan::new(q, pattern, min, &mut self.index)?;
        let lengths = plan.lengths();
        let ask = Ask {
            q,
            pattern,
            src_lang,
            limit,
        };
        let mut out = Vec::new();
        let mut lane = Lane {
            index: &mut self.index,
            counter: &mut self.counter,
            sources: &mut self.sources,
            stats: &mut self.stats,
        };
        let session = self.session;
        if let (Some(after), Some(twin)) = (self.split_after, session.twin()) {
            let after = i64::try_from(after).unwrap_or(i64::MAX);
            if lengths.len() > 1 && plan.prefix_entries(&lengths) >= after {
                let buffers = &mut self.twin_buffers;
                read_split(twin, &mut lane, ask, plan, lengths, buffers, &mut out)?;
                return Ok(out);
            }
        }
        let mut best = TopScores::new(limit);
        lane.read_lengths(
            ask,
            &mut plan,
            &lengths,
            Lengths::Alone(0),
            &mut best,
            &mut out,
        )?;
        Ok(out)
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
        let (mut score, mut detail) = (v.score, v.detail);
        // Lookups are plain text: a source with inline codes differs from the query in its
        // tags (neither an exact nor a context match).
        if unit.source_markup.is_some() {
            detail.penalties.tags = true;
            detail.score = detail.score.saturating_sub(1);
            score = score.min(100).saturating_sub(1);
        }
        Ok(Some(Match {
            score,
            detail,
            char_similarity: v.char_similarity,
            unit,
            diff,
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fuzzy::lookup_session;
    use crate::store::{Store, UnitInput};

    fn tm(sources: &[&str]) -> Store {
        let mut s = Store::open_in_memory().unwrap();
        fill(&mut s, sources, false);
        s
    }

    /// Adds an English unit for each of `sources` in one transaction, its fuzzy index
    /// brought up to date in it when `index`.
    fn fill(s: &mut Store, sources: &[impl AsRef<str>], index: bool) {
        let mut tx = s.begin("t").unwrap();
        for src in sources {
            tx.upsert_unit(&UnitInput {
                src_lang: "en".into(),
                source: src.as_ref().to_string(),
                ..Default::default()
            })
            .unwrap();
        }
        if index {
            crate::index::sync_index(tx.conn()).unwrap();
        }
        tx.commit().unwrap();
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
            ..Default::default()
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
    fn in_a_cluster_of_near_duplicates_a_top_5_verifies_a_few_units_not_the_cluster() {
        // 400 units of one boilerplate sentence, a name and a number varied.
        let sources: Vec<String> = (0..400)
            .map(|i| {
                format!(
                    "Police in Almaty detained activist Name{} outside the Chinese consulate \
                     on September {}, relatives of the detained told RFE/RL on Monday.",
                    i % 97,
                    i % 29
                )
            })
            .collect();
        let refs: Vec<&str> = sources.iter().map(String::as_str).collect();
        let s = tm(&refs);
        let session = lookup_session(&s).unwrap();
        let mut m = Matcher::new(&session).unwrap();
        let q = "Police in Almaty detained activist Name5 outside the Chinese consulate on \
                 September 5, relatives of the detained told RFE/RL on Monday.";
        let ids = |r: &[Match]| r.iter().map(|x| (x.unit.id, x.score)).collect::<Vec<_>>();
        for min in [50, 75] {
            let opts = LookupOptions {
                min,
                ..Default::default()
            };
            let top = m.lookup(q, &opts).unwrap();
            let (scored, entries) = (m.stats.candidates, m.stats.entries_read);
            let all = m
                .lookup(
                    q,
                    &LookupOptions {
                        limit: 0,
                        exhaustive: true,
                        ..opts.clone()
                    },
                )
                .unwrap();
            assert_eq!(ids(&top), ids(&all[..5]), "--min {min}");
            assert!(all.len() >= 400 - 1, "every unit matches ({})", all.len());
            // The ties at the cut are all verified, the rest of the cluster is not.
            let at_cut = all.iter().filter(|x| x.score >= top[4].score).count();
            assert!(
                scored <= at_cut + 16,
                "--min {min}: {scored} scored, {at_cut} at the cut"
            );
            // Once the top is full, the threshold rises to its cut: the lists of the
            // cluster's shared words (18 × 400 entries) are not all read.
            assert!(entries <= 6 * 400, "--min {min}: {entries} postings read");
        }
    }

    #[test]
    fn lengths_that_cannot_reach_the_cut_of_a_full_top_are_not_read() {
        // 300 units of the query's length, a number changed (99%); beside them, in a
        // second TM, 300 shorter ones that match too (three words fewer: 81%).
        let long: Vec<String> = (0..300)
            .map(|i| {
                format!(
                    "Police in Almaty detained {i} activists outside the Chinese consulate \
                     on Monday, relatives of the detained said."
                )
            })
            .collect();
        let short = (0..300).map(|i| {
            format!(
                "Police in Almaty detained {i} activists outside the Chinese consulate on \
                 Monday, relatives said."
            )
        });
        let both: Vec<String> = long.iter().cloned().chain(short).collect();
        let q = "Police in Almaty detained 7 activists outside the Chinese consulate on Monday, \
                 relatives of the detained said.";
        let ids = |r: &[Match]| r.iter().map(|x| (x.unit.id, x.score)).collect::<Vec<_>>();
        let read = |sources: &[String], limit: usize| {
            let refs: Vec<&str> = sources.iter().map(String::as_str).collect();
            let s = tm(&refs);
            let session = lookup_session(&s).unwrap();
            let mut m = Matcher::new(&session).unwrap();
            let opts = LookupOptions {
                limit,
                ..Default::default()
            };
            let top = m.lookup(q, &opts).unwrap();
            let entries = m.stats.entries_read;
            let all = m
                .lookup(
                    q,
                    &LookupOptions {
                        limit: 0,
                        exhaustive: true,
                        ..opts.clone()
                    },
                )
                .unwrap();
            assert_eq!(ids(&top), ids(&all[..top.len()]), "limit {limit}");
            (entries, all.len())
        };
        let (alone, _) = read(&long, 5);
        let (beside, matches) = read(&both, 5);
        assert_eq!(matches, 600, "the short units match too");
        // The top 5 score 99: no unit of the shorter length can reach that, so their lists
        // are not read.
        assert_eq!(beside, alone);
        // Without a limit there is no cut, and they are.
        assert!(read(&both, 0).0 > read(&long, 0).0);
    }

    #[test]
    fn instances_one_above_the_cut_wait_while_another_length_holds_better_units() {
        // Query: 18 words. Read first, its own length: 5 units with two words replaced (88).
        // Then 19 words (bound 94): 300 instances with a word inserted and one replaced
        // (word score 89) whose number differs (88: the cut of the moment, a tie). Then 17
        // words: 5 units with a word left out (94), which raise the cut above the 300.
        let q = "Police in Almaty detained 7 activists outside the Chinese consulate on Monday, \
                 relatives of the detained said today.";
        let mut sources: Vec<String> = (0..5)
            .map(|j| {
                format!(
                    "Police in City{j} detained 7 activists outside the Chinese consulate on \
                     Tuesday, relatives of the detained said today."
                )
            })
            .collect();
        sources.extend((0..300).map(|i| {
            format!(
                "Police in Almaty reportedly detained {} activists outside the Chinese \
                 consulate on Friday, relatives of the detained said today.",
                100 + i
            )
        }));
        for left_out in ["today", "Almaty", "Chinese", "outside", "relatives"] {
            let words: Vec<&str> = q.split(' ').collect();
            let kept: Vec<&str> = words
                .iter()
                .filter(|w| w.trim_end_matches([',', '.']) != left_out)
                .copied()
                .collect();
            let mut text = kept.join(" ");
            if left_out == "today" {
                text.push('.');
            }
            sources.push(text);
        }
        let refs: Vec<&str> = sources.iter().map(String::as_str).collect();
        let s = tm(&refs);
        let session = lookup_session(&s).unwrap();
        let mut m = Matcher::new(&session).unwrap();
        let ids = |r: &[Match]| r.iter().map(|x| (x.unit.id, x.score)).collect::<Vec<_>>();
        let opts = LookupOptions::default();
        let top = m.lookup(q, &opts).unwrap();
        let read = m.stats.sources_read;
        let all = m
            .lookup(
                q,
                &LookupOptions {
                    limit: 0,
                    exhaustive: true,
                    ..opts.clone()
                },
            )
            .unwrap();
        assert_eq!(ids(&top), ids(&all[..5]));
        assert!(top.iter().all(|x| x.score == 94), "{:?}", ids(&top));
        assert!(
            all.iter().filter(|x| x.score == 88).count() >= 300,
            "the instances tie with the first units"
        );
        // The first units, a probe of the instances, the better units: not the 300.
        assert!(read < 60, "{read} sources read");
    }

    #[test]
    fn a_tm_indexed_before_postings_by_length_is_rebuilt_when_opened() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("v6.db");
        let sources = [
            "Police in Almaty detained 12 activists outside the Chinese consulate.",
            "Police in Almaty detained 40 activists outside the consulate on Monday.",
            "Police in Taraz detained two activists outside the Chinese consulate.",
            "The weather was fine on Tuesday.",
        ];
        {
            let mut s = Store::open(&path).unwrap();
            fill(&mut s, &sources, true);
            // Back to schema 6: postings by token alone, each entry `(id delta << 8) |
            // length` (one entry per list here: unit 1 of 3 tokens), no length histograms,
            // and the index said to be up to date.
            s.conn()
                .execute_batch(
                    "DROP TABLE fz_postings;
                     CREATE TABLE fz_postings(id INTEGER PRIMARY KEY, token_id INTEGER NOT NULL,
                         first_unit INTEGER NOT NULL, last_unit INTEGER NOT NULL,
                         n INTEGER NOT NULL, data BLOB NOT NULL);
                     CREATE INDEX fz_postings_token ON fz_postings(token_id, first_unit);
                     INSERT INTO fz_postings(token_id, first_unit, last_unit, n, data)
                         SELECT id, 1, 1, 1, x'8302' FROM fz_tokens;
                     ALTER TABLE fz_tokens DROP COLUMN lens;
                     PRAGMA user_version = 6;",
                )
                .unwrap();
        }
        let s = Store::open(&path).unwrap();
        assert!(s.schema_version().unwrap() >= 7);
        let session = lookup_session(&s).unwrap();
        let mut m = Matcher::new(&session).unwrap();
        let q = "Police in Almaty detained 12 activists outside the Chinese consulate.";
        for min in [50, 75, 100] {
            let opts = LookupOptions {
                min,
                limit: 0,
                ..Default::default()
            };
            let ids = |r: Vec<Match>| r.iter().map(|x| (x.unit.id, x.score)).collect::<Vec<_>>();
            let indexed = ids(m.lookup(q, &opts).unwrap());
            let all = ids(m
                .lookup(
                    q,
                    &LookupOptions {
                        exhaustive: true,
                        ..opts.clone()
                    },
                )
                .unwrap());
            assert_eq!(indexed, all, "--min {min}");
            assert_eq!(indexed[0], (1, 100));
        }
        assert_eq!(m.lookup(q, &LookupOptions::default()).unwrap().len(), 2);
        // Every unit's lists are there again, by length.
        let (rows, entries): (i64, i64) = s
            .conn()
            .query_row(
                "SELECT count(*), sum(n) FROM fz_postings WHERE len > 0",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .unwrap();
        assert!(rows > 0 && entries > 20, "{rows} rows, {entries} entries");
    }

    #[test]
    fn a_tm_whose_lists_predate_blocks_is_rebuilt_when_opened() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("v8.db");
        let sources: Vec<String> = (0..300)
            .map(|i| {
                format!(
                    "Police in Almaty detained {} activists outside the consulate on day {}.",
                    i % 13,
                    i % 7
                )
            })
            .chain(["The weather was fine on Tuesday.".to_string()])
            .collect();
        {
            let mut s = Store::open(&path).unwrap();
            fill(&mut s, &sources, true);
            // Back to schema 8: every list the unit-id deltas alone, no blocks.
            let rows: Vec<(i64, Vec<u8>)> = s
                .conn()
                .prepare("SELECT id, data FROM fz_postings")
                .unwrap()
                .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
                .unwrap()
                .collect::<Result<_, _>>()
                .unwrap();
            for (id, data) in rows {
                let mut units = Vec::new();
                crate::index::postings::decode_into(&data, &mut units).unwrap();
                let mut old = Vec::new();
                let mut prev = 0;
                for u in units {
                    crate::index::postings::put_varint(&mut old, (u - prev) as u64);
                    prev = u;
                }
                s.conn()
                    .execute(
                        "UPDATE fz_postings SET data = ?1 WHERE id = ?2",
                        rusqlite::params![old, id],
                    )
                    .unwrap();
            }
            s.conn().execute_batch("PRAGMA user_version = 8").unwrap();
        }
        let s = Store::open(&path).unwrap();
        assert!(s.schema_version().unwrap() >= 9);
        let session = lookup_session(&s).unwrap();
        let mut m = Matcher::new(&session).unwrap();
        let q = "Police in Almaty detained 5 activists outside the consulate on day 3.";
        for (min, limit) in [(50, 0), (75, 5), (90, 0), (100, 1)] {
            let opts = LookupOptions {
                min,
                limit,
                ..Default::default()
            };
            let ids = |r: Vec<Match>| r.iter().map(|x| (x.unit.id, x.score)).collect::<Vec<_>>();
            let indexed = ids(m.lookup(q, &opts).unwrap());
            let mut all = ids(m
                .lookup(
                    q,
                    &LookupOptions {
                        exhaustive: true,
                        ..opts.clone()
                    },
                )
                .unwrap());
            if limit > 0 {
                all.truncate(limit);
            }
            assert_eq!(indexed, all, "--min {min} --limit {limit}");
            assert!(!indexed.is_empty());
        }
        // Every list is in blocks again.
        let (rows, old): (i64, i64) = s
            .conn()
            .query_row(
                "SELECT count(*), count(*) FILTER (WHERE substr(data, 1, 1) != x'00')
                 FROM fz_postings",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .unwrap();
        assert!(rows > 10 && old == 0, "{rows} rows, {old} without blocks");
    }

    #[test]
    fn a_split_lookup_does_not_wait_for_a_second_thread_that_has_not_started() {
        // Units of two lengths (a number changed; three words fewer), so that a lookup
        // reads two lengths and is split.
        let sources: Vec<String> = (0..200)
            .map(|i| {
                format!(
                    "Police in Almaty detained {i} activists outside the Chinese consulate \
                     on Monday, relatives of the detained said."
                )
            })
            .chain((0..200).map(|i| {
                format!(
                    "Police in Almaty detained {i} activists outside the Chinese consulate on \
                     Monday, relatives said."
                )
            }))
            .collect();
        let dir = tempfile::tempdir().unwrap();
        let mut s = Store::open(&dir.path().join("tm.db")).unwrap();
        fill(&mut s, &sources, true);
        let session = crate::fuzzy::lookup_session_split(&s).unwrap();
        let Some(twin) = session.twin() else {
            // One core: no twin, nothing to split.
            assert!(std::thread::available_parallelism().is_ok_and(|n| n.get() < 2));
            return;
        };
        // The second thread is kept busy until the lookups are done.
        let (release, busy) = std::sync::mpsc::channel::<()>();
        assert!(twin.run(Box::new(move |_| {
            let _ = busy.recv();
        })));
        let mut m = Matcher::new(&session).unwrap().split_after(0);
        let q = "Police in Almaty detained 7 activists outside the Chinese consulate on Monday, \
                 relatives of the detained said.";
        let ids = |r: &[Match]| r.iter().map(|x| (x.unit.id, x.score)).collect::<Vec<_>>();
        for (min, limit) in [(75, 0), (75, 5), (50, 1)] {
            let opts = LookupOptions {
                min,
                limit,
                ..Default::default()
            };
            let found = m.lookup(q, &opts).unwrap();
            assert!(m.stats.split, "--min {min} --limit {limit}: split");
            assert!(!m.stats.twin.joined, "read by the first thread alone");
            let mut all = m
                .lookup(
                    q,
                    &LookupOptions {
                        exhaustive: true,
                        limit: 0,
                        ..opts.clone()
                    },
                )
                .unwrap();
            if limit > 0 {
                all.truncate(limit);
            }
            assert_eq!(ids(&found), ids(&all), "--min {min} --limit {limit}");
        }
        // Free again, the second thread drops the lookups it was too late for.
        drop(release);
        m.lookup(q, &LookupOptions::default()).unwrap();
        assert!(m.stats.split);
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
