//! Indexing units while they are imported: a reader thread tokenizes each new source
//! ([`Tokenizer`]) and the writer adds the tokens of the units it stored ([`Feed`]), so a
//! bulk import neither reads its units back nor tokenizes on the writer thread.
//!
//! The result is the index [`sync_index`](super::sync_index) would build: the feed only
//! starts when the index is complete, adds units in id order and moves the watermark to
//! the last unit it added, so `sync_index` afterwards finds nothing (or only what other
//! writers added) to do.

use rusqlite::Connection;

use super::sync::{set_state, state, Builder, BATCH_UNITS};
use super::IndexError;
use crate::text::tokenize::{Tokens, TOKENIZER_VERSION};

/// A source's content tokens, numbered by the [`Tokenizer`] that read them.
#[derive(Debug, Clone, Default)]
pub struct UnitTokens {
    /// Number of content tokens.
    len: u32,
    /// Content tokens in order, as tokenizer-local numbers.
    seq: Vec<u32>,
    /// The distinct numbers of `seq`, sorted (found here, on the reader thread, so the
    /// writer need not sort).
    distinct: Vec<u32>,
    /// Keys of the numbers this unit used first, in number order.
    new_keys: Vec<String>,
    /// The tokenizer forgot its numbers just before this unit.
    reset: bool,
}

impl UnitTokens {
    /// The content tokens in order, as tokenizer-local numbers.
    pub fn sequence(&self) -> &[u32] {
        &self.seq
    }

    /// The distinct numbers of [`UnitTokens::sequence`], sorted.
    pub fn distinct(&self) -> &[u32] {
        &self.distinct
    }

    /// The keys of the numbers this unit used first.
    pub fn new_keys(&self) -> &[String] {
        &self.new_keys
    }
}

/// Keys a [`Tokenizer`] numbers before it forgets them all and starts again (about 80 bytes
/// a key between the reader's map and the feed's table: 40 MiB at most). A TM's vocabulary
/// is usually smaller (270,000 keys at 10,000,000 boilerplate units), so the feed looks
/// each key's `fz_tokens` id up once per import instead of once per index batch.
const LOCAL_KEYS: usize = if cfg!(test) { 64 } else { 1 << 19 };

/// Tokenizes sources for the index (on a reader thread), numbering distinct token keys
/// locally. It forgets its numbers once it holds [`LOCAL_KEYS`] of them, so its memory is
/// bounded.
#[derive(Default)]
pub struct Tokenizer {
    toks: Tokens,
    local: rustc_hash::FxHashMap<String, u32>,
}

impl Tokenizer {
    /// The content tokens of `source`.
    pub fn tokens(&mut self, source: &str) -> UnitTokens {
        let reset = self.local.len() >= LOCAL_KEYS;
        if reset {
            self.local.clear();
        }
        self.toks.reset(source);
        let mut out = UnitTokens {
            len: self.toks.len() as u32,
            seq: Vec::with_capacity(self.toks.content.len()),
            distinct: Vec::new(),
            new_keys: Vec::new(),
            reset,
        };
        for &i in &self.toks.content {
            let key = self.toks.key(&self.toks.toks[i as usize]);
            let n = match self.local.get(key) {
                Some(&n) => n,
                None => {
                    let n = self.local.len() as u32;
                    self.local.insert(key.to_string(), n);
                    out.new_keys.push(key.to_string());
                    n
                }
            };
            out.seq.push(n);
        }
        out.distinct.extend_from_slice(&out.seq);
        out.distinct.sort_unstable();
        out.distinct.dedup();
        out
    }
}

/// A token number of the reader's [`Tokenizer`], resolved to an `fz_tokens` id when a
/// stored unit first uses it.
enum Local {
    Key(String),
    Id(i64),
}

/// Adds the units a writer stores to the index, in the same transaction.
pub struct Feed<'c> {
    builder: Builder<'c>,
    local: Vec<Local>,
    /// The largest unit id indexed (the watermark to record).
    last: i64,
    /// `fz_tokens` held no token when the feed started and the reader's tokenizer has not
    /// forgotten its numbers since: a key new to the tokenizer is new to `fz_tokens`, and is
    /// added without looking it up first.
    fresh: bool,
    seq: Vec<i64>,
    distinct: Vec<i64>,
}

impl<'c> Feed<'c> {
    /// A feed for the units about to be added, or `None` when the index is not complete
    /// (then [`sync_index`](super::sync_index) indexes them after the import).
    pub fn start(conn: &Connection) -> Result<Option<Feed<'c>>, IndexError> {
        let (wm, version) = state(conn)?;
        let max_id: i64 =
            conn.query_row("SELECT coalesce(max(id), 0) FROM units", [], |r| r.get(0))?;
        if version.as_deref() != Some(TOKENIZER_VERSION) {
            if max_id > 0 {
                // Units indexed by another tokenizer version: `sync_index` rebuilds.
                return Ok(None);
            }
            // An empty TM (a new one): the index is complete once it says its version.
            conn.execute_batch(
                "DELETE FROM fz_postings; DELETE FROM fz_tokens; DELETE FROM fz_units;",
            )?;
            set_state(conn, "tokenizer", &TOKENIZER_VERSION)?;
            set_state(conn, "watermark", &0i64)?;
        } else if max_id > wm {
            return Ok(None);
        }
        let (wm, _) = state(conn)?;
        let fresh: bool =
            conn.query_row("SELECT NOT EXISTS (SELECT 1 FROM fz_tokens)", [], |r| {
                r.get(0)
            })?;
        let mut builder = Builder::default();
        builder.in_runs();
        Ok(Some(Feed {
            builder,
            local: Vec::new(),
            last: wm,
            fresh,
            seq: Vec::new(),
            distinct: Vec::new(),
        }))
    }

    /// Takes the tokens of every unit the reader tokenized, in reader order; `added` is the
    /// id of the unit when the writer stored it as a new unit (ids must increase).
    pub fn unit(
        &mut self,
        conn: &'c Connection,
        tokens: &mut UnitTokens,
        added: Option<i64>,
    ) -> Result<(), IndexError> {
        if tokens.reset {
            self.local.clear();
            self.fresh = false;
        }
        self.local.extend(tokens.new_keys.drain(..).map(Local::Key));
        let Some(id) = added else { return Ok(()) };
        if id <= self.last {
            // Not a new id above the watermark: leave the unit to `sync_index`.
            return Ok(());
        }
        self.seq.clear();
        for &n in &tokens.seq {
            let slot = self
                .local
                .get_mut(n as usize)
                .ok_or(IndexError::CorruptIndex)?;
            let t = match slot {
                Local::Id(t) => *t,
                Local::Key(key) if self.fresh => {
                    let t = self.builder.create_token(conn, key)?;
                    *slot = Local::Id(t);
                    t
                }
                Local::Key(key) => {
                    let t = self.builder.lookup_token(conn, key)?;
                    *slot = Local::Id(t);
                    t
                }
            };
            self.seq.push(t);
        }
        self.distinct.clear();
        for &n in &tokens.distinct {
            match self.local.get(n as usize) {
                Some(Local::Id(t)) => self.distinct.push(*t),
                _ => return Err(IndexError::CorruptIndex),
            }
        }
        self.builder
            .add_distinct_ids(conn, id, tokens.len, &self.seq, &self.distinct)?;
        self.last = id;
        if self.builder.units >= BATCH_UNITS {
            self.builder.flush(conn)?;
        }
        Ok(())
    }

    /// Writes what is left and records the watermark.
    pub fn finish(mut self, conn: &'c Connection) -> Result<(), IndexError> {
        self.builder.finish(conn)?;
        set_state(conn, "watermark", &self.last)
    }
}
