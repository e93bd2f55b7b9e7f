//! How big one piece of an input may be. Readers refuse anything bigger with an error naming
//! the file and line, as soon as they meet it and before it is stored or indexed, so reading
//! holds at most a few of these sizes in memory whatever the size of the file.
//!
//! The limits are far above anything real (a news sentence is a few hundred bytes, a
//! paragraph a few kilobytes): what they stop is a file that is not text, or not what its
//! name says (a gigabyte of NUL bytes, a table with an unterminated quote, a "sentence"
//! without a full stop for 100 MB).

use std::path::Path;

use super::InputError;

/// The most bytes (UTF-8) of one segment: a sentence of a report, a cell of a table or of a
/// glossary, the text of a TMX or XLIFF segment, a line of a `lookup --batch` file (1 MiB).
pub const MAX_SEGMENT_BYTES: usize = 1 << 20;

/// The most bytes of one line of a text file or one row of a table, line ends and
/// quoted line breaks included (4 MiB: a row holds a segment in each of several languages).
pub const MAX_LINE_BYTES: usize = 4 << 20;

/// The most bytes of one paragraph of a report: its lines up to the next blank line (16 MiB).
pub const MAX_PARAGRAPH_BYTES: usize = 16 << 20;

/// A size for messages: "16 MB" (whole megabytes), "1048577 bytes" (under 10 MB), "104.9 MB".
pub(crate) fn size(bytes: usize) -> String {
    const MB: usize = 1 << 20;
    if bytes >= MB && bytes.is_multiple_of(MB) {
        format!("{} MB", bytes / MB)
    } else if bytes < 10 * MB {
        format!("{bytes} bytes")
    } else {
        format!("{:.1} MB", bytes as f64 / MB as f64)
    }
}

/// Refuses `text`, a `what` (e.g. "sentence") at `line` of `path`, when it is longer than
/// [`MAX_SEGMENT_BYTES`].
pub fn check_segment(path: &Path, line: u64, what: &str, text: &str) -> Result<(), InputError> {
    if text.len() <= MAX_SEGMENT_BYTES {
        return Ok(());
    }
    Err(InputError::at_line(
        path,
        line,
        segment_too_long(what, text.len()),
    ))
}

/// The message for a `what` of `len` bytes, over [`MAX_SEGMENT_BYTES`].
pub(crate) fn segment_too_long(what: &str, len: usize) -> String {
    format!(
        "a {what} of {} is over the limit of {} for one segment: is this really text of its kind?",
        size(len),
        size(MAX_SEGMENT_BYTES)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_read_as_bytes_or_megabytes() {
        assert_eq!(size(900), "900 bytes");
        assert_eq!(size(MAX_SEGMENT_BYTES), "1 MB");
        assert_eq!(size(MAX_PARAGRAPH_BYTES), "16 MB");
        assert_eq!(size(MAX_SEGMENT_BYTES + 1), "1048577 bytes");
        assert_eq!(size(100_000_000), "95.4 MB");
    }

    #[test]
    fn a_segment_over_the_limit_is_refused_at_its_line() {
        let p = Path::new("r.en.txt");
        assert!(check_segment(p, 3, "sentence", &"a".repeat(MAX_SEGMENT_BYTES)).is_ok());
        let err = check_segment(p, 3, "sentence", &"a".repeat(MAX_SEGMENT_BYTES + 1))
            .unwrap_err()
            .to_string();
        assert!(
            err.starts_with("r.en.txt:3: a sentence of 1048577 bytes is over the limit of 1 MB"),
            "{err}"
        );
    }
}
