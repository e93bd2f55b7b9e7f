//! The two-thread pipeline of bulk imports: a reader thread reads, checks and prepares
//! units (and tokenizes them for the index) while this thread writes them through the
//! [`Sink`](super::Sink), with a bounded queue between the two.

use super::warm;

/// Items a reader thread sends to the writer at once (fewer wake-ups than one by one).
const BATCH: usize = 256;
/// Batches in flight between the threads: bounds memory whatever the input's size.
const BATCHES_IN_FLIGHT: usize = 16;

/// Runs `produce` on a reader thread and `consume` on this one, with a bounded queue
/// between them, so reading, checking and normalizing input overlaps with writing to the
/// TM. `produce` hands each item to its callback, which returns false once the consumer
/// has stopped. Items are consumed in order; the first error (in input order) is returned.
/// Each batch is read into the writer's cache before it is consumed ([`warm`]), and
/// consumed batches go back to the reader thread to be freed there, off the writer's path.
pub(crate) fn pipelined<T, E, P, C>(produce: P, mut consume: C) -> Result<(), E>
where
    T: Send + warm::Warm,
    E: Send,
    P: FnOnce(&mut dyn FnMut(T) -> bool) -> Result<(), E> + Send,
    C: FnMut(&mut T) -> Result<(), E>,
{
    let (tx, rx) = std::sync::mpsc::sync_channel::<Vec<T>>(BATCHES_IN_FLIGHT);
    let (done_tx, done_rx) = std::sync::mpsc::channel::<Vec<T>>();
    std::thread::scope(|scope| {
        let reader = scope.spawn(move || {
            let mut batch = Vec::with_capacity(BATCH);
            let mut open = true;
            let result = {
                let mut send = |item: T| {
                    batch.push(item);
                    if batch.len() == BATCH {
                        // Free what the writer has finished with, reusing one buffer.
                        let mut next = None;
                        while let Ok(mut done) = done_rx.try_recv() {
                            done.clear();
                            next = Some(done);
                        }
                        let next = next.unwrap_or_else(|| Vec::with_capacity(BATCH));
                        open = tx.send(std::mem::replace(&mut batch, next)).is_ok();
                    }
                    open
                };
                produce(&mut send)
            };
            if open && !batch.is_empty() {
                let _ = tx.send(batch);
            }
            result
        });
        // Items before a reader error were all sent, so a writer error comes first.
        let mut written = Ok(());
        'batches: for mut batch in rx.iter() {
            warm::warm_all(&batch);
            for item in batch.iter_mut() {
                if let Err(e) = consume(item) {
                    written = Err(e);
                    break 'batches;
                }
            }
            let _ = done_tx.send(batch);
        }
        drop(rx);
        let read = match reader.join() {
            Ok(r) => r,
            Err(panic) => std::panic::resume_unwind(panic),
        };
        written.and(read)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pipeline_consumes_every_item_in_order() {
        let mut seen = Vec::new();
        let r: Result<(), String> = pipelined(
            |send| {
                for i in 0..(BATCH * 3 + 7) {
                    if !send(i) {
                        break;
                    }
                }
                Ok(())
            },
            |i: &mut usize| {
                seen.push(*i);
                Ok(())
            },
        );
        assert_eq!(r, Ok(()));
        assert_eq!(seen, (0..BATCH * 3 + 7).collect::<Vec<_>>());
    }

    #[test]
    fn a_writer_error_stops_the_reader_and_is_returned() {
        let mut produced = 0;
        let r: Result<(), String> = pipelined(
            |send| {
                for i in 0..1_000_000usize {
                    produced = i;
                    if !send(i) {
                        return Ok(());
                    }
                }
                Err("the reader ran to the end".into())
            },
            |i: &mut usize| {
                if *i == 10 {
                    Err(format!("bad item {i}"))
                } else {
                    Ok(())
                }
            },
        );
        assert_eq!(r, Err("bad item 10".to_string()));
        assert!(produced < 1_000_000 - 1, "the reader stopped early");
    }

    #[test]
    fn a_reader_error_comes_after_the_items_before_it() {
        let mut seen = 0;
        let r: Result<(), String> = pipelined(
            |send| {
                for i in 0..300usize {
                    send(i);
                }
                Err("line 301: bad row".into())
            },
            |_: &mut usize| {
                seen += 1;
                Ok(())
            },
        );
        assert_eq!(r, Err("line 301: bad row".to_string()));
        assert_eq!(seen, 300);
    }
}
