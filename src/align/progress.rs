//! [`AlignProgress`]: how far an alignment has come, for a progress bar. An alignment is a
//! few passes of dynamic programming over the document pair (the first, one with a
//! re-estimated length ratio, one with learned word pairs, and wider bands where the path
//! needs them); each pass goes over the source's sentences twice (forwards for the costs
//! and the best path, backwards for the confidences).

/// Receives an alignment's progress.
pub trait AlignProgress {
    /// Pass `pass` (1-based) has done `done` of its `total` steps.
    fn pass(&mut self, pass: usize, done: u64, total: u64);
}

/// Progress that goes nowhere.
pub struct NoAlignProgress;

impl AlignProgress for NoAlignProgress {
    fn pass(&mut self, _pass: usize, _done: u64, _total: u64) {}
}
