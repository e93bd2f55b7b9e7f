//! XLIFF 1.2 and 2.0 translation jobs: a streaming writer for a report's segments (pre-filled
//! from the TM) and a streaming reader that brings finished translations back.
//!
//! Inline codes are kept both ways as TMX 1.4b markup (`inline`): the reader returns the
//! plain text (the content of native codes dropped, the text inside `<g>`, `<mrk>`, `<pc>`
//! kept) and, when there were inline elements, the equivalent TMX `<seg>` content; the writer
//! turns stored markup into XLIFF inline elements.
//!
//! [`XliffWriter`] (in `writer`) and [`XliffReader`] (in `reader`) each handle both versions:
//! the document structure differs in a few elements, the inline codes in `inline` (its
//! module doc has the mapping table between XLIFF 1.2, 2.0 and TMX).

mod inline;
mod reader;
mod state;
mod writer;

pub use inline::CodeDisplays;
pub use reader::{AltTrans, JobContext, XliffReader, XliffSeg, XliffUnit};
pub use state::{confirmation, Confirmation};
pub use writer::{Prefill, Version, XliffSegment, XliffWriter};

#[cfg(test)]
mod test_docs {
    use super::{XliffReader, XliffUnit};
    use crate::formats::xml::XmlError;

    /// Every unit of `doc`.
    pub(super) fn read(doc: &str) -> Result<Vec<XliffUnit>, XmlError> {
        let mut r = XliffReader::new(doc.as_bytes())?;
        let mut v = Vec::new();
        while let Some(u) = r.next_unit()? {
            v.push(u);
        }
        Ok(v)
    }

    /// A 1.2 document with one unit of this source and target content.
    pub(super) fn v12(source: &str, target: &str) -> String {
        format!(
            "<xliff version=\"1.2\" xmlns=\"urn:oasis:names:tc:xliff:document:1.2\">\n\
             <file original=\"x\" source-language=\"en\" target-language=\"kk\" datatype=\"html\"><body>\n\
             <trans-unit id=\"1\"><source>{source}</source>\n<target>{target}</target></trans-unit>\n\
             </body></file></xliff>"
        )
    }

    /// A 2.0 document with one unit: its `<originalData>` content (none when empty) and its
    /// segments' source and target content (no `<target>` when empty).
    pub(super) fn v20(original_data: &str, segments: &[(&str, &str)]) -> String {
        let mut s = String::from(
            "<xliff version=\"2.0\" xmlns=\"urn:oasis:names:tc:xliff:document:2.0\" srcLang=\"en\" trgLang=\"ru\">\n\
             <file id=\"f1\"><unit id=\"u1\">\n",
        );
        if !original_data.is_empty() {
            s.push_str(&format!("<originalData>{original_data}</originalData>\n"));
        }
        for (src, tgt) in segments {
            s.push_str(&format!("<segment><source>{src}</source>"));
            if !tgt.is_empty() {
                s.push_str(&format!("<target>{tgt}</target>"));
            }
            s.push_str("</segment>\n");
        }
        s.push_str("</unit></file></xliff>");
        s
    }
}
