//! [`open_xml`]: a TMX or XLIFF file opened for its reader, decoded to UTF-8 (UTF-16 too) and
//! checked as it is read, so that a file that is not XML fails early and reading stays
//! bounded: the XML parser holds a whole text node (the text between two tags) in memory,
//! so a gigabyte of NUL bytes or of text without a tag would be held whole before any error.
//!
//! [`XmlInput`] stops at the first NUL byte (never allowed in XML 1.0) and at a run of more
//! than [`MAX_LINE_BYTES`] without a `<` (a segment is at most [`MAX_SEGMENT_BYTES`]); the
//! XML reader reports either at the start of the text it was reading, with line and column.

use std::fs::File;
use std::io::{self, BufRead, Read};
use std::path::Path;

use super::limits::{size, MAX_LINE_BYTES, MAX_SEGMENT_BYTES};
use super::InputError;
use crate::formats::xml;

/// Opens the XML file `path` for [`TmxUnits`](super::TmxUnits) or
/// [`XliffUnits`](super::XliffUnits).
pub fn open_xml(path: &Path) -> Result<XmlInput<Box<dyn BufRead + Send>>, InputError> {
    let file = File::open(path).map_err(|e| InputError::io(path, e))?;
    let decoded = xml::decode_input(file).map_err(|e| InputError::io(path, e))?;
    Ok(XmlInput::new(decoded))
}

/// Decoded XML, checked as it is read (see the module documentation).
pub struct XmlInput<R> {
    inner: R,
    /// Bytes since the last `<` (or the start).
    run: usize,
    /// How many bytes of the inner buffer were checked.
    checked: usize,
}

impl<R: BufRead> XmlInput<R> {
    /// Checks what `inner` reads.
    pub fn new(inner: R) -> Self {
        XmlInput {
            inner,
            run: 0,
            checked: 0,
        }
    }
}

impl<R: BufRead> BufRead for XmlInput<R> {
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        let buf = self.inner.fill_buf()?;
        // Check the bytes not seen yet; hand out only those that passed.
        let mut ok = self.checked.min(buf.len());
        for &b in &buf[ok..] {
            match b {
                0 => break,
                b'<' => self.run = 0,
                _ => self.run += 1,
            }
            if self.run > MAX_LINE_BYTES {
                break;
            }
            ok += 1;
        }
        self.checked = ok;
        if ok == 0 && !buf.is_empty() {
            let message = if buf[0] == 0 {
                "a NUL byte, which XML does not allow: this is not an XML file".to_string()
            } else {
                format!(
                    "over {} of text without a tag (a segment may hold {}): is this an XML file?",
                    size(MAX_LINE_BYTES),
                    size(MAX_SEGMENT_BYTES)
                )
            };
            return Err(io::Error::new(io::ErrorKind::InvalidData, message));
        }
        Ok(&buf[..ok])
    }

    fn consume(&mut self, amt: usize) {
        self.checked = self.checked.saturating_sub(amt);
        self.inner.consume(amt);
    }
}

impl<R: BufRead> Read for XmlInput<R> {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        let avail = self.fill_buf()?;
        let n = avail.len().min(out.len());
        out[..n].copy_from_slice(&avail[..n]);
        self.consume(n);
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::TmxUnits;

    const HEAD: &str = "<tmx version=\"1.4\"><header srclang=\"en\"/><body>\n\
        <tu><tuv xml:lang=\"en\"><seg>Fine.</seg></tuv></tu>\n";

    #[test]
    fn good_xml_reads_as_it_is() {
        let tmx = format!("{HEAD}</body></tmx>\n");
        let mut units = TmxUnits::new(XmlInput::new(tmx.as_bytes()), "en").unwrap();
        assert_eq!(units.next_unit().unwrap().unwrap().unit.source, "Fine.");
        assert!(units.next_unit().unwrap().is_none());
    }

    #[test]
    fn a_flood_of_nul_bytes_stops_at_the_first_after_the_good_units() {
        let zeros = io::repeat(0).take(1 << 30);
        let input = io::BufReader::new(HEAD.as_bytes().chain(zeros));
        let mut units = TmxUnits::new(XmlInput::new(input), "en").unwrap();
        assert!(units.next_unit().unwrap().is_some());
        let err = units.next_unit().unwrap_err();
        assert!(err.message.contains("NUL byte"), "{err}");
        assert!(
            units.position() <= HEAD.len() as u64,
            "{}",
            units.position()
        );
    }

    #[test]
    fn text_without_a_tag_stops_past_the_limit() {
        let text = io::repeat(b'a').take(1 << 30);
        let input = io::BufReader::new(HEAD.as_bytes().chain(text));
        let mut units = TmxUnits::new(XmlInput::new(input), "en").unwrap();
        assert!(units.next_unit().unwrap().is_some());
        let err = units.next_unit().unwrap_err();
        assert!(err.message.contains("of text without a tag"), "{err}");
    }
}
