//! [`Progress`]: how far reading the inputs has come, in bytes.

/// Receives progress while inputs are read (bytes of input consumed). The CLI draws a bar
/// with it.
pub trait Progress {
    /// `bytes` more bytes of input were consumed.
    fn advance(&mut self, bytes: u64);
}

/// Progress that goes nowhere.
pub struct NoProgress;

impl Progress for NoProgress {
    fn advance(&mut self, _bytes: u64) {}
}
