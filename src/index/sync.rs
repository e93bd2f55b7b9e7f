//! The token index in the TM database: for every content-token key, compressed postings of
//! the units containing it, each with the unit's content length.
//!
//! Tables (migrations 2 and 7): `fz_tokens(id, token, df, lens)` with `lens` the token's
//! length histogram (units per length), `fz_postings(token_id, len, first_unit, last_unit,
//! n, data)`: the units of length `len` holding the token, in chunks, `data` unit-id
//! deltas in blocks of 64 headed by their first unit id (migration 9; see `postings`), and `fz_pending(unit_id, old_source)` filled by
//! triggers when units are deleted (or inserted below the watermark, i.e. with a reused
//! id). `fz_state.watermark` is the largest unit id indexed: every existing unit at or
//! below it is in the index unless it is pending.
//!
//! Lists are kept per unit length so that a lookup reads only the lengths that can reach
//! its threshold (a raised threshold narrows them), and knows from the histograms how long
//! each of its lists is at each length before reading any.

use std::collections::HashMap;

// The index's maps are filled from the TM's own tokens, so a fast non-keyed hash serves
// (SipHash was a visible part of an import's index time).
use rustc_hash::{FxHashMap, FxHashSet};

use rusqlite::{params, Connection, OptionalExtension};

use super::postings::{add_to_lens, decode_into, decode_lens, encode, encode_ids, encode_lens};
use super::run_thread::RunThread;
use super::runs::Runs;
use super::IndexError;
use crate::store::raw::{Arg, RawInsert};
use crate::text::tokenize::{Tokens, TOKENIZER_VERSION};

/// Units indexed per in-memory batch (bounds memory while building: 12 bytes a posting, so
/// about 120 MB for a batch of news sentences of 20 distinct tokens). Each batch writes
/// about one postings chunk per (token, length) it holds, and SQLite's inserts of those rows
/// were a fifth of a bulk import's writing: 500,000 units a batch write 27% fewer rows than
/// 200,000. (Tests use batches of 1,000 units, so that their imports write several.)
pub(super) const BATCH_UNITS: usize = if cfg!(test) { 1_000 } else { 500_000 };
/// Entries per postings chunk (bounds the cost of rewriting a chunk on delete).
const CHUNK_ENTRIES: usize = 32_768;
/// Partly filled chunks, as the `fz_postings_partial` index (migration 8) selects them: a
/// query must say this condition as it stands for SQLite to read that index.
const PARTIAL: &str = "n < 32768";
/// A token's list of one length with more partly filled chunks than this (each batch
/// leaves one) gets them merged. Full chunks are never rewritten, so merging costs at most this many chunks'
/// entries in time and memory, whatever the size of the TM.
const MAX_PARTIAL_CHUNKS: i64 = 8;

/// Brings the token index up to date with the `units` table: indexes units added since the
/// last sync and drops the entries of deleted units. Returns the number of units indexed
/// or dropped. Costs two indexed reads when nothing changed; safe inside an open
/// transaction (it works in a savepoint).
pub fn sync_index(conn: &Connection) -> Result<usize, IndexError> {
    if !needs_sync(conn)? {
        return Ok(0);
    }
    conn.execute_batch("SAVEPOINT fz_sync")?;
    match sync_inner(conn) {
        Ok(n) => {
            conn.execute_batch("RELEASE fz_sync")?;
            Ok(n)
        }
        Err(e) => {
            let _ = conn.execute_batch("ROLLBACK TO fz_sync; RELEASE fz_sync");
            Err(e)
        }
    }
}

/// Whether units were added or deleted since the last [`sync_index`].
pub fn needs_sync(conn: &Connection) -> Result<bool, IndexError> {
    let (wm, version) = state(conn)?;
    if version.as_deref() != Some(TOKENIZER_VERSION) {
        return Ok(true);
    }
    let max_id: i64 = conn.query_row("SELECT coalesce(max(id), 0) FROM units", [], |r| r.get(0))?;
    let pending: bool =
        conn.query_row("SELECT EXISTS(SELECT 1 FROM fz_pending)", [], |r| r.get(0))?;
    Ok(pending || max_id > wm)
}

/// About how many units the next [`sync_index`] indexes: every unit when the index is to be
/// rebuilt (a new tokenizer or layout), else those above the watermark and those pending.
pub fn units_to_index(conn: &Connection) -> Result<u64, IndexError> {
    let (wm, version) = state(conn)?;
    let above = if version.as_deref() != Some(TOKENIZER_VERSION) {
        0
    } else {
        wm
    };
    let n: i64 = conn.query_row(
        "SELECT (SELECT count(*) FROM units WHERE id > ?1) + (SELECT count(*) FROM fz_pending)",
        [above],
        |r| r.get(0),
    )?;
    Ok(n.max(0) as u64)
}

pub(super) fn state(conn: &Connection) -> Result<(i64, Option<String>), IndexError> {
    let mut stmt = conn.prepare_cached("SELECT value FROM fz_state WHERE key = ?1")?;
    let wm: Option<i64> = stmt.query_row(["watermark"], |r| r.get(0)).optional()?;
    let version: Option<String> = stmt.query_row(["tokenizer"], |r| r.get(0)).optional()?;
    Ok((wm.unwrap_or(0), version))
}

pub(super) fn set_state(
    conn: &Connection,
    key: &str,
    value: &dyn rusqlite::ToSql,
) -> Result<(), IndexError> {
    conn.prepare_cached("INSERT OR REPLACE INTO fz_state(key, value) VALUES (?1, ?2)")?
        .execute(params![key, value])?;
    Ok(())
}

fn sync_inner(conn: &Connection) -> Result<usize, IndexError> {
    let (mut wm, version) = state(conn)?;
    if version.as_deref() != Some(TOKENIZER_VERSION) {
        conn.execute_batch(
            "DELETE FROM fz_postings; DELETE FROM fz_tokens; DELETE FROM fz_pending;",
        )?;
        set_state(conn, "tokenizer", &TOKENIZER_VERSION)?;
        set_state(conn, "watermark", &0i64)?;
        wm = 0;
    }
    let pending: Vec<(i64, Option<String>)> = {
        let mut stmt =
            conn.prepare("SELECT unit_id, old_source FROM fz_pending ORDER BY unit_id")?;
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
        rows.collect::<rusqlite::Result<_>>()?
    };
    let mut done = 0;
    // Drop postings of units that were indexed and are gone (or were replaced).
    let mut removals: HashMap<String, Vec<i64>> = HashMap::new();
    let mut toks = Tokens::default();
    for (id, old) in &pending {
        if let (true, Some(old)) = (*id <= wm, old) {
            toks.reset(old);
            let mut keys: Vec<&str> = toks.content_keys().collect();
            keys.sort_unstable();
            keys.dedup();
            for k in keys {
                removals.entry(k.to_string()).or_default().push(*id);
            }
            done += 1;
        }
    }
    for (key, ids) in &removals {
        remove_postings(conn, key, ids)?;
    }
    {
        let mut del = conn.prepare_cached("DELETE FROM fz_units WHERE id = ?1")?;
        for (id, _) in &pending {
            del.execute([id])?;
        }
    }
    conn.execute("DELETE FROM fz_pending", [])?;
    // Index pending units that exist now (reused ids), then everything above the watermark.
    let max_id: i64 = conn.query_row("SELECT coalesce(max(id), 0) FROM units", [], |r| r.get(0))?;
    let mut builder = Builder::default();
    {
        let mut one = conn.prepare("SELECT source_nfc FROM units WHERE id = ?1")?;
        for (id, _) in pending.iter().filter(|(id, _)| *id <= wm) {
            if let Some(src) = one.query_row([id], |r| r.get::<_, String>(0)).optional()? {
                builder.add(conn, *id, &src, &mut toks)?;
                done += 1;
            }
        }
    }
    builder.flush(conn)?;
    let mut stmt = conn.prepare("SELECT id, source_nfc FROM units WHERE id > ?1 ORDER BY id")?;
    let mut rows = stmt.query([wm])?;
    while let Some(r) = rows.next()? {
        let id: i64 = r.get(0)?;
        let src = r.get_ref(1)?.as_str().map_err(rusqlite::Error::from)?;
        builder.add(conn, id, src, &mut toks)?;
        done += 1;
        if builder.units >= BATCH_UNITS {
            builder.flush(conn)?;
        }
    }
    builder.flush(conn)?;
    set_state(conn, "watermark", &max_id)?;
    Ok(done)
}

/// Postings being collected in memory for one batch; token ids are resolved (and new
/// tokens created) as units are added, and each unit's token-id sequence is written to
/// `fz_units` at once (the verifier reads it instead of re-tokenizing the source).
///
/// A builder serves one connection: the one its first unit was added with.
#[derive(Default)]
pub(super) struct Builder<'c> {
    pub(super) units: usize,
    /// The `fz_units` insert, bound in place ([`RawInsert`]).
    insert_units: Option<RawInsert<'c>>,
    /// The `fz_postings` insert of every chunk a flush writes.
    chunks: Chunks<'c>,
    /// Token key → token id (a cache of `fz_tokens`, cleared at each flush).
    ids: FxHashMap<String, i64>,
    /// Tokens created in this batch (their postings need no compaction check).
    created: FxHashSet<i64>,
    /// This batch's postings, grouped by token only at [`Builder::flush`]: appending to one
    /// buffer (whose capacity every batch reuses) instead of growing a list per token keeps
    /// the allocator from reallocating and the kernel from zeroing fresh pages all import
    /// long (a tenth of a bulk import's writer time went there).
    postings: Postings,
    seq: Vec<i64>,
    distinct: Vec<i64>,
    buf: Vec<u8>,
    /// Full batches go to a temporary file rather than to the TM ([`Builder::in_runs`]).
    spill: bool,
    /// The batches written to that file so far: [`Builder::finish`] writes each list once.
    runs: Option<Runs>,
    /// Orders a batch's lists by length before they go to a run.
    by_len: ByLength,
    /// From the first full batch of an import in runs on, the thread that groups the
    /// postings and writes the runs ([`RunThread`]; `postings` and `runs` wait there).
    thread: Option<RunThread>,
}

/// A stable counting sort of postings lists by unit length (lengths span a short range),
/// its buffers kept between lists.
#[derive(Default)]
pub(super) struct ByLength {
    counts: Vec<u32>,
    out: Vec<(i64, u32)>,
}

/// Lists longer than this are ordered by counting; shorter ones by comparison.
const COUNTING_SORT_FROM: usize = 64;

/// Length ranges up to this are counted; wider ones are sorted by comparison.
const COUNTING_SORT_RANGE: u32 = 1 << 12;

impl ByLength {
    /// Orders `list` (unit, length) by length, keeping the order of equal lengths.
    pub(super) fn sort(&mut self, list: &mut [(i64, u32)]) {
        if list.is_sorted_by_key(|e| e.1) {
            return;
        }
        let (lo, hi) = list
            .iter()
            .fold((u32::MAX, 0), |(lo, hi), e| (lo.min(e.1), hi.max(e.1)));
        if list.len() < COUNTING_SORT_FROM || hi - lo >= COUNTING_SORT_RANGE {
            list.sort_by_key(|e| e.1);
            return;
        }
        self.counts.clear();
        self.counts.resize((hi - lo) as usize + 2, 0);
        for e in list.iter() {
            self.counts[(e.1 - lo) as usize + 1] += 1;
        }
        for i in 1..self.counts.len() {
            self.counts[i] += self.counts[i - 1];
        }
        self.out.clear();
        self.out.resize(list.len(), (0, 0));
        for &e in list.iter() {
            let slot = &mut self.counts[(e.1 - lo) as usize];
            self.out[*slot as usize] = e;
            *slot += 1;
        }
        list.copy_from_slice(&self.out);
    }
}

impl<'c> Builder<'c> {
    fn token_id(&mut self, conn: &Connection, key: &str) -> Result<i64, IndexError> {
        if let Some(&t) = self.ids.get(key) {
            return Ok(t);
        }
        let t = self.lookup_token(conn, key)?;
        self.ids.insert(key.to_string(), t);
        Ok(t)
    }

    /// The id of token `key` in `fz_tokens`, created when it is new.
    pub(super) fn lookup_token(&mut self, conn: &Connection, key: &str) -> Result<i64, IndexError> {
        let found: Option<i64> = conn
            .prepare_cached("SELECT id FROM fz_tokens WHERE token = ?1")?
            .query_row([key], |r| r.get(0))
            .optional()?;
        match found {
            Some(t) => Ok(t),
            None => self.create_token(conn, key),
        }
    }

    /// Adds token `key`, which `fz_tokens` does not hold, and returns its id (a key it
    /// holds is refused by the table's `UNIQUE` constraint).
    pub(super) fn create_token(&mut self, conn: &Connection, key: &str) -> Result<i64, IndexError> {
        conn.prepare_cached("INSERT INTO fz_tokens(token, df) VALUES (?1, 0)")?
            .execute([key])?;
        let t = conn.last_insert_rowid();
        self.created.insert(t);
        Ok(t)
    }

    fn add(
        &mut self,
        conn: &'c Connection,
        id: i64,
        source: &str,
        toks: &mut Tokens,
    ) -> Result<(), IndexError> {
        toks.reset(source);
        let len = toks.len() as u32;
        let mut seq = std::mem::take(&mut self.seq);
        seq.clear();
        for i in 0..toks.content.len() {
            let key = toks.key(&toks.toks[toks.content[i] as usize]);
            seq.push(self.token_id(conn, key)?);
        }
        let done = self.add_ids(conn, id, len, &seq);
        self.seq = seq;
        done
    }

    /// Adds unit `id` of `len` content tokens whose token ids, in order, are `seq`.
    pub(super) fn add_ids(
        &mut self,
        conn: &'c Connection,
        id: i64,
        len: u32,
        seq: &[i64],
    ) -> Result<(), IndexError> {
        let mut distinct = std::mem::take(&mut self.distinct);
        distinct.clear();
        distinct.extend_from_slice(seq);
        distinct.sort_unstable();
        distinct.dedup();
        let done = self.add_distinct_ids(conn, id, len, seq, &distinct);
        self.distinct = distinct;
        done
    }

    /// [`Builder::add_ids`] for a caller that already knows the unit's distinct token ids
    /// (`distinct`, in any order, each once): the feed's reader thread found them.
    pub(super) fn add_distinct_ids(
        &mut self,
        conn: &'c Connection,
        id: i64,
        len: u32,
        seq: &[i64],
        distinct: &[i64],
    ) -> Result<(), IndexError> {
        encode_ids(seq, &mut self.buf);
        let insert = match &mut self.insert_units {
            Some(i) => i,
            empty => empty.insert(RawInsert::new(
                conn,
                "INSERT OR REPLACE INTO fz_units(id, toks) VALUES (?1, ?2)",
            )?),
        };
        insert.execute(&[id.into(), Arg::Blob(&self.buf)])?;
        match &mut self.thread {
            Some(thread) => thread.push(id, len, distinct)?,
            None => {
                for &t in distinct {
                    self.postings.push(t, id, len);
                }
            }
        }
        self.units += 1;
        Ok(())
    }

    /// Makes the builder keep its full batches as sorted runs in a temporary file (units
    /// must come in increasing id): [`Builder::finish`] then writes each list once, merged.
    /// An import of less than a batch writes no file.
    pub(super) fn in_runs(&mut self) {
        self.spill = true;
    }

    /// Writes the batch: to the TM, or as a run (see [`Builder::in_runs`]).
    pub(super) fn flush(&mut self, conn: &'c Connection) -> Result<(), IndexError> {
        if self.units == 0 {
            return Ok(());
        }
        if self.spill {
            // The runs are written on a thread of their own, from the first one on.
            self.units = 0;
            self.ids.clear();
            let thread = match &mut self.thread {
                Some(t) => t,
                empty => empty.insert(RunThread::start(std::mem::take(&mut self.postings))?),
            };
            return thread.end_run();
        }
        self.write_batch(conn)
    }

    fn write_batch(&mut self, conn: &'c Connection) -> Result<(), IndexError> {
        if self.units == 0 {
            return Ok(());
        }
        self.units = 0;
        self.ids.clear();
        if let Some(runs) = self.runs.as_mut() {
            return write_run(&mut self.postings, runs, &mut self.by_len);
        }
        let mut lists = self.postings.grouped();
        lists.in_token_order();
        let new = std::mem::take(&mut self.created);
        let mut writer = ListWriter::new(conn, &mut self.chunks)?;
        while let Some((tid, list)) = lists.next_list() {
            writer.write(tid, list, new.contains(&tid))?;
        }
        Ok(())
    }

    /// Writes what is left: the batch, and, when batches went to runs, every list merged
    /// from them (the temporary file is deleted).
    pub(super) fn finish(&mut self, conn: &'c Connection) -> Result<(), IndexError> {
        if let Some(thread) = self.thread.take() {
            (self.postings, self.runs) = thread.finish()?;
        }
        self.write_batch(conn)?;
        let Some(runs) = self.runs.take() else {
            return Ok(());
        };
        // The batch buffers are not needed any more: free them before merging.
        self.postings = Postings::default();
        let new = std::mem::take(&mut self.created);
        let mut writer = ListWriter::new(conn, &mut self.chunks)?;
        let mut token = None;
        runs.merge(|tid, len, units| {
            if token != Some(tid) {
                if token.is_some() {
                    writer.end()?;
                }
                writer.start(tid, new.contains(&tid))?;
                token = Some(tid);
            }
            writer.add(len, units)
        })?;
        if token.is_some() {
            writer.end()?;
        }
        Ok(())
    }
}

/// Writes a token's new postings to the TM: its chunks by length, its df and length
/// histogram, and merges its partly filled chunks when a length has too many.
struct ListWriter<'s, 'c> {
    conn: &'c Connection,
    chunks: &'s mut Chunks<'c>,
    old_lens: rusqlite::CachedStatement<'c>,
    bump: rusqlite::CachedStatement<'c>,
    partial: rusqlite::CachedStatement<'c>,
    buf: Vec<u8>,
    units: Vec<i64>,
    lens: Vec<(u32, u32)>,
    /// The token being written: its id, whether it is new, entries written.
    token: (i64, bool, i64),
}

impl<'s, 'c> ListWriter<'s, 'c> {
    fn new(conn: &'c Connection, chunks: &'s mut Chunks<'c>) -> Result<Self, IndexError> {
        Ok(ListWriter {
            conn,
            chunks,
            old_lens: conn
                .prepare_cached("SELECT coalesce(lens, x'') FROM fz_tokens WHERE id = ?1")?,
            bump: conn
                .prepare_cached("UPDATE fz_tokens SET df = df + ?1, lens = ?2 WHERE id = ?3")?,
            // Reads the token's partly filled chunks alone (their own index), not all of
            // its chunks, whose number grows with the TM.
            partial: conn.prepare_cached(&format!(
                "SELECT len FROM fz_postings WHERE token_id = ?1 AND {PARTIAL}
                 GROUP BY len HAVING count(*) > ?2"
            ))?,
            buf: Vec::new(),
            units: Vec::new(),
            lens: Vec::new(),
            token: (0, true, 0),
        })
    }

    /// Writes token `tid`'s new entries `list` (unit, length); `new`: the token was created
    /// since the last write (it has no chunks yet).
    fn write(&mut self, tid: i64, list: &mut [(i64, u32)], new: bool) -> Result<(), IndexError> {
        // By length, then unit (units come in id order, except units re-indexed by
        // `sync_index`).
        list.sort_unstable_by_key(|&(unit, len)| (len, unit));
        self.start(tid, new)?;
        for run in list.chunk_by(|a, b| a.1 == b.1) {
            self.units.clear();
            self.units.extend(run.iter().map(|e| e.0));
            let units = std::mem::take(&mut self.units);
            let done = self.add(run[0].1, &units);
            self.units = units;
            done?;
        }
        self.end()
    }

    /// Starts writing token `tid`'s new entries; `new`: the token was created since the
    /// last write (it has no chunks yet).
    fn start(&mut self, tid: i64, new: bool) -> Result<(), IndexError> {
        self.token = (tid, new, 0);
        self.lens.clear();
        if !new {
            let blob = self.old_lens.query_row([tid], |r| r.get::<_, Vec<u8>>(0))?;
            decode_lens(&blob, &mut self.lens)?;
        }
        Ok(())
    }

    /// Writes the token's new units of length `len` (sorted).
    fn add(&mut self, len: u32, units: &[i64]) -> Result<(), IndexError> {
        let tid = self.token.0;
        add_to_lens(&mut self.lens, len, units.len() as i64);
        self.token.2 += units.len() as i64;
        for chunk in units.chunks(CHUNK_ENTRIES) {
            self.chunks.write(self.conn, tid, len, chunk)?;
        }
        Ok(())
    }

    /// Ends the token: its df and length histogram, and its partly filled chunks merged
    /// where a length has too many.
    fn end(&mut self) -> Result<(), IndexError> {
        let (tid, new, added) = self.token;
        encode_lens(&self.lens, &mut self.buf);
        self.bump.execute(params![added, &self.buf[..], tid])?;
        if !new {
            let full: Vec<u32> = self
                .partial
                .query_map(params![tid, MAX_PARTIAL_CHUNKS], |r| r.get(0))?
                .collect::<rusqlite::Result<_>>()?;
            for len in full {
                compact(self.conn, self.chunks, tid, len)?;
            }
        }
        Ok(())
    }
}

/// Token ids below this are grouped through [`Postings`]' array (at most 64 MiB of it).
const DENSE_TOKENS: usize = 1 << 24;

/// One batch's postings: (token, unit) entries in the order units were added, grouped by
/// token with a counting sort when the batch is written. A posting takes 12 bytes (its
/// token's group and its unit's place in the batch, then that place again once grouped);
/// each unit's id and length are kept once.
#[derive(Default)]
pub(super) struct Postings {
    /// Token id → its group (the order tokens were first seen in this batch).
    groups: FxHashMap<i64, u32>,
    /// Token id → its group + 1 (0: none yet), for ids below [`DENSE_TOKENS`]: token ids
    /// are `fz_tokens` rowids, small and dense, so a plain array saves the writer a hash
    /// look-up per posting. Emptied at each batch through `tokens`.
    dense: Vec<u32>,
    /// Group → token id.
    tokens: Vec<i64>,
    /// Group → number of entries.
    counts: Vec<u32>,
    /// (id, length) of the batch's units, in the order they came.
    units: Vec<(i64, u32)>,
    entries: Vec<Entry>,
    /// The entries grouped by token, as places in `units` (filled by
    /// [`Postings::grouped`]).
    sorted: Vec<u32>,
    /// The list handed out last, as (unit, length).
    list: Vec<(i64, u32)>,
}

/// A posting waiting in [`Postings`].
struct Entry {
    group: u32,
    /// The unit's place in [`Postings::units`].
    unit: u32,
}

impl Postings {
    /// Records that unit `unit` of length `len` holds `token` (a unit's postings come
    /// together).
    pub(super) fn push(&mut self, token: i64, unit: i64, len: u32) {
        if self.units.last().is_none_or(|&(u, _)| u != unit) {
            self.units.push((unit, len));
        }
        let place = (self.units.len() - 1) as u32;
        let next = self.tokens.len() as u32;
        let group = match usize::try_from(token) {
            Ok(t) if t < DENSE_TOKENS => {
                if t >= self.dense.len() {
                    self.dense.resize((t + 1).next_power_of_two(), 0);
                }
                match self.dense[t] {
                    0 => {
                        self.dense[t] = next + 1;
                        next
                    }
                    g => g - 1,
                }
            }
            _ => *self.groups.entry(token).or_insert(next),
        };
        if group == next {
            self.tokens.push(token);
            self.counts.push(0);
        }
        self.counts[group as usize] += 1;
        self.entries.push(Entry { group, unit: place });
    }

    /// Groups the entries by token, keeping their order within each token, and empties the
    /// batch (keeping its buffers' capacity).
    fn grouped(&mut self) -> Grouped<'_> {
        let mut start = Vec::with_capacity(self.counts.len() + 1);
        let mut at = 0usize;
        for &c in &self.counts {
            start.push(at);
            at += c as usize;
        }
        start.push(at);
        self.sorted.clear();
        self.sorted.resize(self.entries.len(), 0);
        let mut next = start.clone();
        for e in self.entries.drain(..) {
            let slot = &mut next[e.group as usize];
            self.sorted[*slot] = e.unit;
            *slot += 1;
        }
        self.groups.clear();
        for &t in &self.tokens {
            if let Some(g) = usize::try_from(t).ok().and_then(|t| self.dense.get_mut(t)) {
                *g = 0;
            }
        }
        self.counts.clear();
        Grouped {
            order: (0..self.tokens.len() as u32).collect(),
            tokens: std::mem::take(&mut self.tokens),
            units: std::mem::take(&mut self.units),
            start,
            group: 0,
            sorted: &self.sorted,
            list: &mut self.list,
        }
    }
}

/// The lists of [`Postings::grouped`], one token at a time.
struct Grouped<'a> {
    tokens: Vec<i64>,
    units: Vec<(i64, u32)>,
    start: Vec<usize>,
    /// The groups in the order they are handed out.
    order: Vec<u32>,
    group: usize,
    sorted: &'a [u32],
    list: &'a mut Vec<(i64, u32)>,
}

impl Grouped<'_> {
    /// Hands the lists out by token id (instead of the order tokens came in), so that a
    /// batch writes `fz_tokens` and the postings' index in one pass over each in key
    /// order: once a TM's index outgrows the page cache, writing in the order tokens came
    /// in would read and write a random page for nearly every token.
    fn in_token_order(&mut self) {
        let tokens = &self.tokens;
        self.order.sort_unstable_by_key(|&g| tokens[g as usize]);
    }

    /// The next token with its entries, as (unit, length).
    fn next_list(&mut self) -> Option<(i64, &mut [(i64, u32)])> {
        let g = *self.order.get(self.group)? as usize;
        self.group += 1;
        let (a, b) = (self.start[g], self.start[g + 1]);
        let units = &self.units;
        self.list.clear();
        self.list
            .extend(self.sorted[a..b].iter().map(|&i| units[i as usize]));
        Some((self.tokens[g], &mut self.list[..]))
    }
}

/// Writes `batch` as the next of `runs` (and empties it): each token's list in increasing
/// token id, by length. The batch's units came in increasing id, so a list in unit order
/// ordered stably by length is in (length, unit) order.
pub(super) fn write_run(
    batch: &mut Postings,
    runs: &mut Runs,
    by_len: &mut ByLength,
) -> Result<(), IndexError> {
    let mut lists = batch.grouped();
    lists.in_token_order();
    while let Some((tid, list)) = lists.next_list() {
        by_len.sort(list);
        runs.write_list(tid, list)?;
    }
    runs.end_run();
    Ok(())
}

/// Writes postings chunks: the `fz_postings` insert, prepared once and bound in place
/// ([`RawInsert`]; a flush writes about one chunk per unit of its batch).
#[derive(Default)]
pub(super) struct Chunks<'c> {
    insert: Option<RawInsert<'c>>,
    buf: Vec<u8>,
}

impl<'c> Chunks<'c> {
    /// Writes the chunk of token `tid`'s units of length `len` holding `units` (sorted).
    fn write(
        &mut self,
        conn: &'c Connection,
        tid: i64,
        len: u32,
        units: &[i64],
    ) -> Result<(), IndexError> {
        let (Some(&first), Some(&last)) = (units.first(), units.last()) else {
            return Ok(());
        };
        encode(units, &mut self.buf);
        let insert = match &mut self.insert {
            Some(i) => i,
            empty => empty.insert(RawInsert::new(
                conn,
                "INSERT INTO fz_postings(token_id, len, first_unit, last_unit, n, data)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            )?),
        };
        insert.execute(&[
            tid.into(),
            i64::from(len).into(),
            first.into(),
            last.into(),
            (units.len() as i64).into(),
            Arg::Blob(&self.buf),
        ])?;
        Ok(())
    }
}

/// Merges a token's partly filled chunks of one length into full ones (and at most one
/// partial one). Chunks may overlap in unit-id range: readers take every chunk of a list.
fn compact<'c>(
    conn: &'c Connection,
    chunks: &mut Chunks<'c>,
    tid: i64,
    len: u32,
) -> Result<(), IndexError> {
    let mut all = Vec::new();
    let mut merged: Vec<i64> = Vec::new();
    {
        let mut stmt = conn.prepare_cached(&format!(
            "SELECT id, data FROM fz_postings WHERE token_id = ?1 AND len = ?2 AND {PARTIAL}"
        ))?;
        let mut rows = stmt.query(params![tid, len])?;
        while let Some(r) = rows.next()? {
            merged.push(r.get(0)?);
            decode_into(
                r.get_ref(1)?.as_blob().map_err(rusqlite::Error::from)?,
                &mut all,
            )?;
        }
    }
    all.sort_unstable();
    all.dedup();
    let mut delete = conn.prepare_cached("DELETE FROM fz_postings WHERE id = ?1")?;
    for id in merged {
        delete.execute([id])?;
    }
    for chunk in all.chunks(CHUNK_ENTRIES) {
        chunks.write(conn, tid, len, chunk)?;
    }
    Ok(())
}

/// Removes `ids` (sorted) from the postings of `key`.
fn remove_postings(conn: &Connection, key: &str, ids: &[i64]) -> Result<(), IndexError> {
    let tid: Option<i64> = conn
        .prepare_cached("SELECT id FROM fz_tokens WHERE token = ?1")?
        .query_row([key], |r| r.get(0))
        .optional()?;
    let Some(tid) = tid else { return Ok(()) };
    let (lo, hi) = (ids[0], ids[ids.len() - 1]);
    let chunks: Vec<(i64, u32, Vec<u8>)> = {
        let mut stmt = conn.prepare_cached(
            "SELECT id, len, data FROM fz_postings
             WHERE token_id = ?1 AND first_unit <= ?3 AND last_unit >= ?2",
        )?;
        let rows = stmt.query_map(params![tid, lo, hi], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?))
        })?;
        rows.collect::<rusqlite::Result<_>>()?
    };
    let mut lens = Vec::new();
    let blob: Vec<u8> = conn
        .prepare_cached("SELECT coalesce(lens, x'') FROM fz_tokens WHERE id = ?1")?
        .query_row([tid], |r| r.get(0))?;
    decode_lens(&blob, &mut lens)?;
    let mut removed = 0i64;
    let mut entries = Vec::new();
    let mut buf = Vec::new();
    for (cid, len, data) in chunks {
        entries.clear();
        decode_into(&data, &mut entries)?;
        let before = entries.len();
        entries.retain(|e| ids.binary_search(e).is_err());
        if entries.len() == before {
            continue;
        }
        let gone = (before - entries.len()) as i64;
        removed += gone;
        add_to_lens(&mut lens, len, -gone);
        match (entries.first(), entries.last()) {
            (Some(f), Some(l)) => {
                encode(&entries, &mut buf);
                conn.prepare_cached(
                    "UPDATE fz_postings SET first_unit = ?1, last_unit = ?2, n = ?3, data = ?4
                     WHERE id = ?5",
                )?
                .execute(params![f, l, entries.len() as i64, &buf[..], cid])?;
            }
            _ => {
                conn.prepare_cached("DELETE FROM fz_postings WHERE id = ?1")?
                    .execute([cid])?;
            }
        }
    }
    encode_lens(&lens, &mut buf);
    conn.prepare_cached("UPDATE fz_tokens SET df = max(df - ?1, 0), lens = ?2 WHERE id = ?3")?
        .execute(params![removed, &buf[..], tid])?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn ordering_by_length_is_a_stable_sort_by_length(
            list in proptest::collection::vec((0i64..1_000, 0u32..300), 0..400),
            wide in any::<bool>(),
        ) {
            let mut list = list;
            if wide {
                // A range of lengths too wide to count.
                if let Some(e) = list.first_mut() {
                    e.1 = 1_000_000;
                }
            }
            let mut expected = list.clone();
            expected.sort_by_key(|e| e.1);
            let mut by_len = ByLength::default();
            by_len.sort(&mut list);
            prop_assert_eq!(&list, &expected);
            // The buffers serve the next list too.
            let mut again = expected.clone();
            again.reverse();
            let mut expected_again = again.clone();
            expected_again.sort_by_key(|e| e.1);
            by_len.sort(&mut again);
            prop_assert_eq!(again, expected_again);
        }
    }

    fn drain(p: &mut Postings) -> Vec<(i64, Vec<(i64, u32)>)> {
        let mut out = Vec::new();
        let mut lists = p.grouped();
        while let Some((tid, list)) = lists.next_list() {
            out.push((tid, list.to_vec()));
        }
        out
    }

    #[test]
    fn postings_are_grouped_by_token_in_the_order_they_came_and_the_batch_empties() {
        let mut p = Postings::default();
        for (t, u, l) in [
            (7, 1, 3),
            (9, 1, 3),
            (7, 2, 5),
            (4, 3, 1),
            (9, 3, 1),
            (7, 0, 2),
        ] {
            p.push(t, u, l);
        }
        assert_eq!(
            drain(&mut p),
            vec![
                (7, vec![(1, 3), (2, 5), (0, 2)]),
                (9, vec![(1, 3), (3, 1)]),
                (4, vec![(3, 1)]),
            ]
        );
        assert!(drain(&mut p).is_empty());
        p.push(9, 10, 2);
        p.push(5, 10, 2);
        assert_eq!(drain(&mut p), vec![(9, vec![(10, 2)]), (5, vec![(10, 2)])]);
    }

    #[test]
    fn postings_group_small_and_large_token_ids_alike_and_forget_them_with_the_batch() {
        let big = DENSE_TOKENS as i64 + 5;
        let mut p = Postings::default();
        for (t, u, l) in [(3, 1, 2), (big, 1, 2), (3, 2, 1), (big, 2, 1), (-1, 2, 1)] {
            p.push(t, u, l);
        }
        assert_eq!(
            drain(&mut p),
            vec![
                (3, vec![(1, 2), (2, 1)]),
                (big, vec![(1, 2), (2, 1)]),
                (-1, vec![(2, 1)]),
            ]
        );
        p.push(big, 4, 1);
        p.push(3, 4, 1);
        assert_eq!(drain(&mut p), vec![(big, vec![(4, 1)]), (3, vec![(4, 1)])]);
    }

    #[test]
    fn units_to_index_counts_new_and_deleted_units_and_every_unit_of_an_index_to_rebuild() {
        use crate::store::{Store, UnitInput};
        let mut s = Store::open_in_memory().unwrap();
        let add = |s: &mut Store, src: &str| {
            let mut tx = s.begin("t").unwrap();
            tx.upsert_unit(&UnitInput {
                src_lang: "en".into(),
                source: src.into(),
                ..Default::default()
            })
            .unwrap();
            tx.commit().unwrap();
        };
        for src in ["One.", "Two.", "Three."] {
            add(&mut s, src);
        }
        sync_index(s.conn()).unwrap();
        assert_eq!(units_to_index(s.conn()).unwrap(), 0);
        add(&mut s, "Four.");
        let mut tx = s.begin("t").unwrap();
        assert!(tx.delete_unit(1).unwrap());
        tx.commit().unwrap();
        assert_eq!(units_to_index(s.conn()).unwrap(), 2, "one new, one deleted");
        sync_index(s.conn()).unwrap();
        s.conn().execute("DELETE FROM fz_state", []).unwrap();
        assert_eq!(units_to_index(s.conn()).unwrap(), 3, "rebuilt: every unit");
    }

    #[test]
    fn partial_chunks_left_by_many_syncs_are_merged() {
        use crate::store::{Store, UnitInput};
        let mut s = Store::open_in_memory().unwrap();
        let mut tx = s.begin("t").unwrap();
        for round in 0..12 {
            for i in 0..5 {
                tx.upsert_unit(&UnitInput {
                    src_lang: "en".into(),
                    source: format!("Police came back in round {round} time {i}."),
                    ..Default::default()
                })
                .unwrap();
            }
            sync_index(tx.conn()).unwrap();
        }
        let conn = tx.conn();
        let tid: i64 = conn
            .query_row("SELECT id FROM fz_tokens WHERE token = 'police'", [], |r| {
                r.get(0)
            })
            .unwrap();
        let chunks: i64 = conn
            .query_row(
                "SELECT count(*) FROM fz_postings WHERE token_id = ?1",
                [tid],
                |r| r.get(0),
            )
            .unwrap();
        assert!(chunks <= MAX_PARTIAL_CHUNKS, "{chunks} chunks left");
        let mut entries = Vec::new();
        let mut stmt = conn
            .prepare("SELECT data FROM fz_postings WHERE token_id = ?1")
            .unwrap();
        let mut rows = stmt.query([tid]).unwrap();
        while let Some(r) = rows.next().unwrap() {
            decode_into(r.get_ref(0).unwrap().as_blob().unwrap(), &mut entries).unwrap();
        }
        entries.sort_unstable();
        let ids: Vec<i64> = entries.clone();
        assert_eq!(ids, (1..=60).collect::<Vec<i64>>());
    }

    #[test]
    fn a_batch_finds_the_lists_to_merge_among_partly_filled_chunks_only() {
        use crate::store::Store;
        assert_eq!(PARTIAL, format!("n < {CHUNK_ENTRIES}"));
        let s = Store::open_in_memory().unwrap();
        for sql in [
            format!(
                "SELECT len FROM fz_postings WHERE token_id = ?1 AND {PARTIAL}
                 GROUP BY len HAVING count(*) > ?2"
            ),
            format!(
                "SELECT id, data FROM fz_postings WHERE token_id = ?1 AND len = ?2 AND {PARTIAL}"
            ),
        ] {
            let plan: Vec<String> = s
                .conn()
                .prepare(&format!("EXPLAIN QUERY PLAN {sql}"))
                .unwrap()
                .query_map([1, 2], |r| r.get(3))
                .unwrap()
                .collect::<rusqlite::Result<_>>()
                .unwrap();
            assert!(
                plan.iter().any(|p| p.contains("INDEX fz_postings_partial")),
                "{sql}: {plan:?}"
            );
        }
    }

    #[test]
    fn a_batch_can_hand_its_lists_out_by_token_id() {
        let mut p = Postings::default();
        for (t, u, l) in [(7, 1, 3), (9, 1, 3), (7, 2, 5), (4, 3, 1), (9, 3, 1)] {
            p.push(t, u, l);
        }
        let mut lists = p.grouped();
        lists.in_token_order();
        let mut out = Vec::new();
        while let Some((tid, list)) = lists.next_list() {
            out.push((tid, list.to_vec()));
        }
        assert_eq!(
            out,
            vec![
                (4, vec![(3, 1)]),
                (7, vec![(1, 3), (2, 5)]),
                (9, vec![(1, 3), (3, 1)]),
            ]
        );
    }
}
