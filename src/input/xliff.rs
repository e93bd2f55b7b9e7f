//! XLIFF 1.2 and 2.0 files as units for the TM: [`XliffUnits`] reads the finished
//! translations of a job, one unit at a time.
//!
//! Only units whose translation is finished are taken (see
//! [`XliffUnit::is_finished`](crate::formats::xliff::XliffUnit::is_finished)): an untouched
//! fuzzy pre-fill is not a translation of the new sentence. Inline codes of the source and
//! target come as TMX markup beside the plain text (see [`crate::formats::xliff`]).

use std::io::BufRead;

use super::tmx::check_sizes;
use crate::formats::xliff::XliffReader;
use crate::formats::xml::XmlError;
use crate::store::{UnitInput, VariantInput};

/// A finished XLIFF unit read as a unit for the TM (its source and one target).
#[derive(Debug, Clone)]
pub struct FinishedUnit {
    /// Byte offset of the unit's start tag in the (UTF-8) input.
    pub offset: u64,
    /// The unit.
    pub unit: UnitInput,
}

/// Reads the finished units of an XLIFF document in order.
pub struct XliffUnits<R: BufRead> {
    reader: XliffReader<R>,
}

impl<R: BufRead> XliffUnits<R> {
    /// Reads up to the root `<xliff>` element of `input`.
    pub fn new(input: R) -> Result<Self, XmlError> {
        Ok(XliffUnits {
            reader: XliffReader::new(input)?,
        })
    }

    /// Bytes of input consumed so far.
    pub fn position(&self) -> u64 {
        self.reader.position()
    }

    /// The next finished unit with a source, `None` at the end of the document. A finished
    /// unit in a file that names no valid target language is an error.
    pub fn next_unit(&mut self) -> Result<Option<FinishedUnit>, XmlError> {
        while let Some(u) = self.reader.next_unit()? {
            if !u.is_finished() || u.source.trim().is_empty() {
                continue;
            }
            let Some(tgt) = u.tgt_lang.clone().filter(|t| crate::lang::is_valid(t)) else {
                return Err(XmlError {
                    offset: u.offset,
                    message: "the file gives no valid target language (target-language / trgLang)"
                        .into(),
                });
            };
            let unit = UnitInput {
                src_lang: u.src_lang,
                source: u.source,
                source_markup: u.source_markup,
                targets: vec![VariantInput {
                    lang: tgt,
                    text: u.target.unwrap_or_default(),
                    markup: u.target_markup,
                    ..Default::default()
                }],
                ..Default::default()
            };
            check_sizes(&unit, u.offset)?;
            return Ok(Some(FinishedUnit {
                offset: u.offset,
                unit,
            }));
        }
        Ok(None)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const JOB: &str = "<xliff version=\"1.2\"><file original=\"r\" source-language=\"en\" target-language=\"kk\" datatype=\"plaintext\"><body>\
        <trans-unit id=\"1\"><source>Done.</source><target state=\"translated\">Дайын.</target></trans-unit>\
        <trans-unit id=\"2\"><source>Open.</source><target state=\"new\">Open.</target></trans-unit>\
        <trans-unit id=\"3\"><source>Empty.</source></trans-unit>\
        </body></file></xliff>";

    #[test]
    fn only_finished_units_are_read() {
        let mut r = XliffUnits::new(JOB.as_bytes()).unwrap();
        let u = r.next_unit().unwrap().unwrap();
        assert_eq!(u.unit.source, "Done.");
        assert_eq!(u.unit.src_lang, "en");
        assert_eq!(u.unit.targets[0].lang, "kk");
        assert_eq!(u.unit.targets[0].text, "Дайын.");
        assert!(r.next_unit().unwrap().is_none());
    }

    #[test]
    fn a_segment_over_the_limit_is_refused_at_its_unit() {
        let long = "x".repeat(crate::input::MAX_SEGMENT_BYTES + 1);
        let job = JOB.replace(
            "<source>Done.</source>",
            &format!("<source>{long}</source>"),
        );
        let mut r = XliffUnits::new(job.as_bytes()).unwrap();
        let e = r.next_unit().unwrap_err();
        assert!(
            e.message.starts_with("a segment (en) of 1048577 bytes"),
            "{e}"
        );
        assert_eq!(e.offset as usize, job.find("<trans-unit").unwrap());
    }

    #[test]
    fn a_finished_unit_without_a_target_language_is_an_error_at_the_unit() {
        let job = JOB.replace(" target-language=\"kk\"", "");
        let mut r = XliffUnits::new(job.as_bytes()).unwrap();
        let e = r.next_unit().unwrap_err();
        assert!(e.message.contains("no valid target language"), "{e}");
        assert_eq!(e.offset as usize, job.find("<trans-unit").unwrap());
    }
}
