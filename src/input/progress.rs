//! [`Progress`]: how far reading the inputs has come, in bytes.

/// Receives progress while inputs are read (bytes of input consumed). The CLI draws a bar
/// with it.
pub trait Progress {
    /// `bytes` more bytes of input were consumed.
    fn advance(&mut self, bytes: u64);

    /// Work between reads (aligning a report with a translation: `what`) has done `done`
    /// of its `total` steps. Nothing by default.
    fn working(&mut self, what: &str, done: u64, total: u64) {
        let _ = (what, done, total);
    }
}

/// Progress that goes nowhere.
pub struct NoProgress;

impl Progress for NoProgress {
    fn advance(&mut self, _bytes: u64) {}
}
