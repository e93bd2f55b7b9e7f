//! [`XmlError`] (a problem at a byte offset), the messages for quick-xml's errors, and the
//! line and column of an offset for reporting it.

use std::io::{self, BufRead};

/// A problem in XML input at a byte offset of the (UTF-8) input.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("at byte {offset}: {message}")]
pub struct XmlError {
    /// Byte offset in the decoded input where the problem starts.
    pub offset: u64,
    /// What is wrong.
    pub message: String,
}

pub(super) fn xerr<T>(offset: u64, message: impl Into<String>) -> Result<T, XmlError> {
    Err(XmlError {
        offset,
        message: message.into(),
    })
}

pub(super) fn escape_offset(e: &quick_xml::escape::EscapeError) -> u64 {
    use quick_xml::escape::EscapeError as E;
    match e {
        E::UnrecognizedEntity(r, _) | E::UnterminatedEntity(r) => r.start.saturating_sub(1) as u64,
        E::InvalidCharRef(_) => 0,
    }
}

pub(super) fn escape_message(e: &quick_xml::escape::EscapeError) -> String {
    use quick_xml::escape::EscapeError as E;
    match e {
        E::UnrecognizedEntity(_, name) => format!(
            "unknown entity &{name}; (only &amp; &lt; &gt; &apos; &quot; and character references are allowed)"
        ),
        E::UnterminatedEntity(_) => {
            "'&' not followed by an entity or character reference ending in ';'".into()
        }
        E::InvalidCharRef(e) => format!("invalid character reference: {e}"),
    }
}

pub(super) fn xml_error_message(e: &quick_xml::Error) -> String {
    match e {
        quick_xml::Error::Io(io) => format!("cannot read: {io}"),
        other => format!("malformed XML: {other}"),
    }
}

/// 1-based line and column (in characters) of byte `offset` in `input`; reads only up to
/// the offset. Used once, when reporting an error.
pub fn line_col<R: BufRead>(mut input: R, offset: u64) -> io::Result<(u64, u64)> {
    let mut line = 1u64;
    let mut line_bytes: Vec<u8> = Vec::new();
    let mut pos = 0u64;
    loop {
        let buf = input.fill_buf()?;
        if buf.is_empty() || pos >= offset {
            break;
        }
        let take = ((offset - pos) as usize).min(buf.len());
        let chunk = &buf[..take];
        match memchr::memrchr(b'\n', chunk) {
            Some(last) => {
                line += memchr::memchr_iter(b'\n', chunk).count() as u64;
                line_bytes.clear();
                line_bytes.extend_from_slice(&chunk[last + 1..]);
            }
            None => line_bytes.extend_from_slice(chunk),
        }
        input.consume(take);
        pos += take as u64;
    }
    let col = String::from_utf8_lossy(&line_bytes).chars().count() as u64 + 1;
    Ok((line, col))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_and_column_count_characters() {
        let t = "ab\nсәл<x";
        let off = t.find('<').unwrap() as u64;
        assert_eq!(line_col(t.as_bytes(), off).unwrap(), (2, 4));
        assert_eq!(line_col(t.as_bytes(), 0).unwrap(), (1, 1));
    }
}
