//! A slow lookup on two threads: the first thread (the caller's) and the session's twin
//! (`Store::session_with_twin`: a second connection on the same snapshot, with a thread of
//! its own) read the plan's lengths from one queue ([`Lengths::Shared`]), best bound first,
//! each the next length not taken yet, each with its own plan, counts, top, waiting sources
//! and index reader. The two tops share their cut ([`TopScores::shared`]), and each lane
//! raises its plan to it at each length and at each list of the prefix. The verified units
//! of both are then ranked together by `best_first`, whose order is total (score,
//! similarity, recency, id): the result is the one thread's, byte for byte.
//!
//! The first thread never waits for a twin that has not started: the twin takes the job
//! only if the first thread has not finished the queue meanwhile (a state both change by
//! compare-and-swap). A twin that starts late (its core busy) finds little or nothing left
//! to read; one that never started is told not to, and the first thread returns at once.
//! Once started, the twin is waited for: it reads the length it took to its end.

use std::sync::atomic::{AtomicU32, AtomicU8, AtomicUsize, Ordering};
use std::sync::{mpsc, Arc};

use rusqlite::Connection;

use super::counter::Counter;
use super::lengths::{Ask, Lane, Lengths};
use super::plan::QueryPlan;
use super::sources::Sources;
use super::verify::{TopScores, Verified};
use super::LookupStats;
use crate::fuzzy::distance::Pattern;
use crate::fuzzy::FuzzyError;
use crate::index::IndexReader;
use crate::store::Twin;
use crate::text::tokenize::Tokens;

/// The job is given to the twin, which has not taken it.
const POSTED: u8 = 0;
/// The twin took the job: the first thread waits for its answer.
const RUNNING: u8 = 1;
/// The first thread finished the queue before the twin took the job: the twin drops it.
const CANCELLED: u8 = 2;

/// What the two lanes of a split lookup share.
struct Shared {
    /// The index of the next length not taken by either lane.
    next: AtomicUsize,
    /// The higher cut of the two tops, once one is full (0 before).
    cut: Arc<AtomicU32>,
    /// [`POSTED`], [`RUNNING`] or [`CANCELLED`].
    state: AtomicU8,
}

/// The buffers of the twin's lane, kept by the matcher between lookups.
#[derive(Default)]
pub(super) struct TwinBuffers {
    counter: Counter,
    sources: Sources,
}

/// The twin's part of a split lookup: what it needs, owned (its thread outlives the call).
struct Job {
    q: Tokens,
    pattern: Pattern,
    plan: QueryPlan,
    src_lang: String,
    limit: usize,
    lengths: Vec<u32>,
    buffers: TwinBuffers,
    shared: Arc<Shared>,
}

/// What the twin found.
struct Part {
    out: Vec<Verified>,
    stats: LookupStats,
    buffers: TwinBuffers,
}

impl Job {
    /// Reads the lengths left in the queue on `conn`, unless the first thread finished the
    /// queue first (`None`).
    fn run(self, conn: &Connection) -> Option<Result<Part, FuzzyError>> {
        let taken = self.shared.state.compare_exchange(
            POSTED,
            RUNNING,
            Ordering::AcqRel,
            Ordering::Acquire,
        );
        taken.ok()?;
        let Job {
            q,
            pattern,
            mut plan,
            src_lang,
            limit,
            lengths,
            mut buffers,
            shared,
        } = self;
        let mut read = || -> Result<Part, FuzzyError> {
            let mut index = IndexReader::new(conn)?;
            let mut stats = LookupStats::default();
            let mut best = TopScores::shared(limit, shared.cut.clone());
            let mut out = Vec::new();
            let ask = Ask {
                q: &q,
                pattern: &pattern,
                src_lang: &src_lang,
                limit,
            };
            let mut lane = Lane {
                index: &mut index,
                counter: &mut buffers.counter,
                sources: &mut buffers.sources,
                stats: &mut stats,
            };
            lane.read_lengths(
                ask,
                &mut plan,
                &lengths,
                Lengths::Shared(&shared.next),
                &mut best,
                &mut out,
            )?;
            Ok(Part {
                out,
                stats,
                buffers: TwinBuffers::default(),
            })
        };
        let part = read();
        // Failed, the twin takes no more lengths: the first thread reads them (and then
        // reports the failure).
        Some(part.map(|p| Part { buffers, ..p }))
    }
}

/// Reads `lengths` on `lane` and on `twin`'s thread, into `out` (the twin's verified units
/// after the lane's), adding the twin's figures to the lane's. `buffers` are the twin's
/// lane's, kept between lookups.
pub(super) fn read_split(
    twin: &Twin,
    lane: &mut Lane<'_, '_>,
    ask: Ask<'_>,
    mut plan: QueryPlan,
    lengths: Vec<u32>,
    buffers: &mut Option<TwinBuffers>,
    out: &mut Vec<Verified>,
) -> Result<(), FuzzyError> {
    let shared = Arc::new(Shared {
        next: AtomicUsize::new(0),
        cut: Arc::new(AtomicU32::new(0)),
        state: AtomicU8::new(POSTED),
    });
    let mut twin_buffers = buffers.take().unwrap_or_default();
    twin_buffers.sources.tokens = lane.sources.tokens;
    let job = Job {
        q: ask.q.clone(),
        pattern: ask.pattern.clone(),
        plan: plan.clone(),
        src_lang: ask.src_lang.to_string(),
        limit: ask.limit,
        lengths: lengths.clone(),
        buffers: twin_buffers,
        shared: shared.clone(),
    };
    let (done, answer) = mpsc::channel();
    // A twin whose thread is gone never takes the job: the lane reads every length.
    twin.run(Box::new(move |conn| {
        if let Some(part) = job.run(conn) {
            let _ = done.send(part);
        }
    }));
    let mut best = TopScores::shared(ask.limit, shared.cut.clone());
    let read = lane.read_lengths(
        ask,
        &mut plan,
        &lengths,
        Lengths::Shared(&shared.next),
        &mut best,
        out,
    );
    // Read or failed, the lane leaves the twin nothing more to take.
    shared.next.fetch_max(lengths.len(), Ordering::Relaxed);
    let alone = shared
        .state
        .compare_exchange(POSTED, CANCELLED, Ordering::AcqRel, Ordering::Acquire)
        .is_ok();
    lane.stats.split = true;
    read?;
    if alone {
        return Ok(());
    }
    let part = answer.recv().map_err(|_| FuzzyError::SplitLost)??;
    out.extend(part.out);
    lane.stats.add_twin(&part.stats);
    *buffers = Some(part.buffers);
    Ok(())
}
