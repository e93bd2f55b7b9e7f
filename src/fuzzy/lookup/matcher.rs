//! [`Matcher`]: looks up queries in one read session, running the lookup's steps (or
//! scoring every unit) and reading the units kept.

use super::collect::collect;
use super::counter::Counter;
use super::plan::QueryPlan;
use super::rank::best_first;
use super::sources::{KeptSource, Sources};
use super::verify::{Verified, Verifier};
use super::{Context, LookupOptions, LookupStats, Match, Ranked};
use crate::fuzzy::diff::diff;
use crate::fuzzy::distance::Pattern;
use crate::fuzzy::score::{max_distance, score};
use crate::fuzzy::session::{Coverage, Needed};
use crate::fuzzy::FuzzyError;
use crate::index::{for_each_source, IndexReader};
use crate::store::Session;
use crate::text::tokenize::Tokens;

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
    fn a_matcher_refuses_a_session_its_index_does_not_cover() {
        let s = tm(&["Protesters gathered near the consulate on Monday."]);
        let session = s.session().unwrap();
        assert!(matches!(
            Matcher::new(&session),
            Err(FuzzyError::IndexBehind(_))
        ));
    }
}
