//! An import's postings grouped into sorted runs on a thread of their own ([`RunThread`]),
//! so that the writer thread, which every unit waits for, only hands each unit's token ids
//! over: grouping a batch's postings by token, ordering each list by length and writing the
//! run (see `runs`) happen beside it, on the core the reader thread leaves idle part of the
//! time.
//!
//! The thread starts with the import's first full batch (smaller imports run none) and
//! receives the units in the order the writer stored them, in chunks; each end of batch
//! writes the same run the writer would have written. When the import ends it hands back
//! the batch not yet written with the runs, and the writer merges them as before: the TM
//! is the same either way.

use std::sync::mpsc::{sync_channel, Receiver, SyncSender, TrySendError};
use std::thread::JoinHandle;

use super::runs::Runs;
use super::sync::{write_run, ByLength, Postings};
use super::IndexError;

/// Postings per chunk handed to the thread (8 bytes each, plus 16 a unit).
const CHUNK_POSTINGS: usize = 1 << 16;

/// Chunks waiting for the thread at most (the writer waits beyond).
const IN_FLIGHT: usize = 4;

/// Units in the order they were stored: (id, length, number of distinct tokens), and their
/// distinct token ids one unit after the other.
#[derive(Default)]
struct Chunk {
    units: Vec<(i64, u32, u32)>,
    tokens: Vec<i64>,
}

enum Message {
    Units(Chunk),
    /// The batch so far is written as one run.
    EndRun,
}

/// What the thread hands back: the batch it has not written, and the runs it wrote.
type Done = Result<(Postings, Option<Runs>), IndexError>;

/// The thread that groups an import's postings and writes them as runs.
pub(super) struct RunThread {
    chunk: Chunk,
    to: Option<SyncSender<Message>>,
    /// Chunks the thread is done with, to be filled again.
    spent: Receiver<Chunk>,
    handle: Option<JoinHandle<Done>>,
}

impl RunThread {
    /// Starts the thread with `batch`, the postings gathered so far (not written yet).
    pub(super) fn start(batch: Postings) -> Result<Self, IndexError> {
        let (to, from) = sync_channel(IN_FLIGHT);
        let (give_back, spent) = sync_channel(IN_FLIGHT + 2);
        let handle = std::thread::Builder::new()
            .name("tmkit-index-runs".into())
            .spawn(move || work(batch, from, give_back))
            .map_err(IndexError::Spill)?;
        Ok(RunThread {
            chunk: Chunk::default(),
            to: Some(to),
            spent,
            handle: Some(handle),
        })
    }

    /// Adds unit `id` of length `len` holding the tokens `distinct` (units in increasing
    /// id, each once).
    pub(super) fn push(&mut self, id: i64, len: u32, distinct: &[i64]) -> Result<(), IndexError> {
        self.chunk.units.push((id, len, distinct.len() as u32));
        self.chunk.tokens.extend_from_slice(distinct);
        if self.chunk.tokens.len() >= CHUNK_POSTINGS {
            self.send_chunk()?;
        }
        Ok(())
    }

    /// Ends the batch: the thread writes it as a run.
    pub(super) fn end_run(&mut self) -> Result<(), IndexError> {
        self.send_chunk()?;
        self.send(Message::EndRun)
    }

    /// Waits for the thread to take every unit sent; returns the batch it has not written
    /// (the units since the last [`RunThread::end_run`]) and the runs it wrote.
    pub(super) fn finish(mut self) -> Result<(Postings, Option<Runs>), IndexError> {
        self.send_chunk()?;
        self.to = None;
        self.join()
    }

    fn send_chunk(&mut self) -> Result<(), IndexError> {
        if self.chunk.units.is_empty() {
            return Ok(());
        }
        let empty = self.spent.try_recv().unwrap_or_default();
        let full = std::mem::replace(&mut self.chunk, empty);
        self.send(Message::Units(full))
    }

    fn send(&mut self, message: Message) -> Result<(), IndexError> {
        let sent = self.to.as_ref().is_some_and(|to| to.send(message).is_ok());
        if sent {
            return Ok(());
        }
        // The thread stopped on an error: that error.
        self.to = None;
        match self.join() {
            Err(e) => Err(e),
            Ok(_) => Err(IndexError::WriterStopped),
        }
    }

    fn join(&mut self) -> Done {
        let Some(handle) = self.handle.take() else {
            return Err(IndexError::WriterStopped);
        };
        match handle.join() {
            Ok(done) => done,
            Err(panic) => std::panic::resume_unwind(panic),
        }
    }
}

impl Drop for RunThread {
    /// An import that failed: the thread stops and its temporary file goes.
    fn drop(&mut self) {
        self.to = None;
        if let Some(handle) = self.handle.take() {
            let _ = handle.join();
        }
    }
}

/// The thread's work: the batch grows with each chunk and goes to a run at each end of
/// batch; the chunks go back to the writer to be filled again.
fn work(mut batch: Postings, from: Receiver<Message>, give_back: SyncSender<Chunk>) -> Done {
    let mut runs: Option<Runs> = None;
    let mut by_len = ByLength::default();
    for message in from {
        match message {
            Message::Units(mut chunk) => {
                let mut at = 0usize;
                for &(id, len, n) in &chunk.units {
                    let end = at + n as usize;
                    for &t in chunk.tokens.get(at..end).ok_or(IndexError::CorruptIndex)? {
                        batch.push(t, id, len);
                    }
                    at = end;
                }
                chunk.units.clear();
                chunk.tokens.clear();
                match give_back.try_send(chunk) {
                    Ok(()) | Err(TrySendError::Full(_)) | Err(TrySendError::Disconnected(_)) => {}
                }
            }
            Message::EndRun => {
                let runs = match &mut runs {
                    Some(r) => r,
                    empty => empty.insert(Runs::new()?),
                };
                write_run(&mut batch, runs, &mut by_len)?;
            }
        }
    }
    Ok((batch, runs))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// A thread that ended without an error while units were still being sent (which only
    /// a fault in tmkit could cause) is reported as such, not as a corrupt index.
    #[test]
    fn a_thread_gone_before_the_import_ended_is_reported_as_stopped() {
        let mut th = RunThread::start(Postings::default()).unwrap();
        th.to = None;
        let done = th.handle.take().map(|h| h.join());
        assert!(matches!(done, Some(Ok(Ok(_)))));
        let sent = th.send(Message::Units(Chunk::default()));
        assert!(matches!(sent, Err(IndexError::WriterStopped)), "{sent:?}");
    }

    /// Every (token, length, units) the runs merge into.
    fn merged(runs: Runs) -> Vec<(i64, u32, Vec<i64>)> {
        let mut out = Vec::new();
        runs.merge(|t, len, units| {
            out.push((t, len, units.to_vec()));
            Ok(())
        })
        .unwrap();
        out
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(24))]
        #[test]
        fn the_thread_writes_the_runs_the_writer_would_write(
            units in proptest::collection::vec(
                (1u32..40, proptest::collection::btree_set(1i64..300, 0..12)),
                1..3_000,
            ),
            batch in 1usize..700,
        ) {
            // Directly: each batch grouped and written by the caller.
            let mut direct = Runs::new().unwrap();
            let mut postings = Postings::default();
            let mut by_len = ByLength::default();
            // Through the thread: started at the first end of batch, as the builder does.
            let mut thread: Option<RunThread> = None;
            let mut first = Postings::default();
            for (i, (len, tokens)) in units.iter().enumerate() {
                let id = i as i64 + 1;
                let distinct: Vec<i64> = tokens.iter().copied().collect();
                for &t in &distinct {
                    postings.push(t, id, *len);
                }
                match thread.as_mut() {
                    Some(th) => th.push(id, *len, &distinct).unwrap(),
                    None => {
                        for &t in &distinct {
                            first.push(t, id, *len);
                        }
                    }
                }
                if (i + 1) % batch == 0 {
                    write_run(&mut postings, &mut direct, &mut by_len).unwrap();
                    let th = match thread.as_mut() {
                        Some(th) => th,
                        None => thread.insert(RunThread::start(std::mem::take(&mut first)).unwrap()),
                    };
                    th.end_run().unwrap();
                }
            }
            write_run(&mut postings, &mut direct, &mut by_len).unwrap();
            let through = match thread {
                Some(th) => {
                    let (mut rest, runs) = th.finish().unwrap();
                    let mut runs = runs.unwrap();
                    write_run(&mut rest, &mut runs, &mut by_len).unwrap();
                    runs
                }
                None => {
                    let mut runs = Runs::new().unwrap();
                    write_run(&mut first, &mut runs, &mut by_len).unwrap();
                    runs
                }
            };
            prop_assert_eq!(merged(through), merged(direct));
        }
    }

    #[test]
    fn a_thread_dropped_before_it_finishes_stops() {
        let mut p = Postings::default();
        p.push(3, 1, 2);
        let mut th = RunThread::start(p).unwrap();
        th.push(2, 4, &[3, 5]).unwrap();
        th.end_run().unwrap();
        drop(th);
    }
}
