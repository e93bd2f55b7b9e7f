//! [`XliffWriter`]: a job as XLIFF 1.2 or 2.0, segment by segment, pre-filled from the TM.

use std::io::{self, Write};

use super::inline::{self, CodeDisplays, DataPool, Ids};
use super::reader::{written_fingerprint, JobContext, TMKIT};
use crate::formats::xml::{escape_text, write_attr, write_text};

/// XLIFF version to write.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Version {
    /// XLIFF 1.2 (`urn:oasis:names:tc:xliff:document:1.2`).
    V12,
    /// XLIFF 2.0 (`urn:oasis:names:tc:xliff:document:2.0`).
    V20,
}

/// How a segment was pre-filled from the TM.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Prefill {
    /// No match: empty target.
    None,
    /// An exact match: 100 (same source) or 101 (same source and context).
    Exact {
        /// 100 or 101.
        pct: u8,
    },
    /// A fuzzy match, to be reviewed.
    Fuzzy {
        /// Similarity, 1–99.
        pct: u8,
        /// The TM unit's source, shown to the translator.
        match_source: String,
        /// Its inline markup (TMX `<seg>` content), when it has codes.
        match_source_markup: Option<String>,
    },
}

/// One segment of a job.
#[derive(Debug, Clone)]
pub struct XliffSegment {
    /// Id, unique in its file (an XML name token, e.g. `p3s2`).
    pub id: String,
    /// Source sentence.
    pub source: String,
    /// Pre-filled translation.
    pub target: Option<String>,
    /// Inline markup of the pre-filled translation (TMX `<seg>` content), when it has codes.
    pub target_markup: Option<String>,
    /// Where the translation came from.
    pub prefill: Prefill,
    /// Where the sentence stands in its report (written into the job, so that the units
    /// imported from it keep their provenance), when known.
    pub context: Option<JobContext>,
    /// How the pre-filled translation's codes are shown (`equiv-text`, `equiv`, `disp`),
    /// as the TM kept them.
    pub target_codes: CodeDisplays,
}

/// Writes an XLIFF document, file by file and segment by segment.
pub struct XliffWriter<W: Write> {
    w: W,
    version: Version,
    src: String,
    tgt: String,
    files: u32,
}

impl<W: Write> XliffWriter<W> {
    /// Writes the XML declaration and the `<xliff>` start tag.
    pub fn new(mut w: W, version: Version, src: &str, tgt: &str) -> io::Result<Self> {
        w.write_all(b"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")?;
        match version {
            Version::V12 => w.write_all(
                b"<xliff version=\"1.2\" xmlns=\"urn:oasis:names:tc:xliff:document:1.2\">\n",
            )?,
            Version::V20 => {
                w.write_all(
                    b"<xliff version=\"2.0\" xmlns=\"urn:oasis:names:tc:xliff:document:2.0\" xmlns:mda=\"urn:oasis:names:tc:xliff:metadata:2.0\" srcLang=\"",
                )?;
                write_attr(&mut w, src)?;
                w.write_all(b"\" trgLang=\"")?;
                write_attr(&mut w, tgt)?;
                w.write_all(b"\">\n")?;
            }
        }
        Ok(XliffWriter {
            w,
            version,
            src: src.to_string(),
            tgt: tgt.to_string(),
            files: 0,
        })
    }

    /// Starts a `<file>` for the document `original`.
    pub fn begin_file(&mut self, original: &str) -> io::Result<()> {
        self.files += 1;
        let w = &mut self.w;
        match self.version {
            Version::V12 => {
                w.write_all(b"  <file original=\"")?;
                write_attr(w, original)?;
                w.write_all(b"\" source-language=\"")?;
                write_attr(w, &self.src)?;
                w.write_all(b"\" target-language=\"")?;
                write_attr(w, &self.tgt)?;
                w.write_all(b"\" datatype=\"plaintext\" tool-id=\"tmkit\">\n    <header>\n      <tool tool-id=\"tmkit\" tool-name=\"tmkit\" tool-version=\"")?;
                write_attr(w, env!("CARGO_PKG_VERSION"))?;
                w.write_all(b"\"/>\n    </header>\n    <body>\n")
            }
            Version::V20 => {
                write!(w, "  <file id=\"f{}\" original=\"", self.files)?;
                write_attr(w, original)?;
                w.write_all(b"\">\n")
            }
        }
    }

    /// Writes one segment (a `<trans-unit>` in 1.2, a `<unit>` with one `<segment>` in 2.0).
    pub fn segment(&mut self, s: &XliffSegment) -> io::Result<()> {
        let w = &mut self.w;
        match self.version {
            Version::V12 => {
                w.write_all(b"      <trans-unit id=\"")?;
                write_attr(w, &s.id)?;
                w.write_all(b"\">\n        <source>")?;
                write_text(w, &s.source)?;
                w.write_all(b"</source>\n")?;
                if let Some(t) = &s.target {
                    let (state, qual) = match s.prefill {
                        Prefill::Fuzzy { .. } => ("needs-review-translation", "fuzzy-match"),
                        _ => ("translated", "exact-match"),
                    };
                    write!(
                        w,
                        "        <target state=\"{state}\" state-qualifier=\"{qual}\">"
                    )?;
                    // The report's source is plain text, so the match's codes are codes added
                    // in the target: 1.2 allows <bpt>/<ept>/<ph>/<it> there with ids of their own.
                    write_content12(w, t, s.target_markup.as_deref(), &s.target_codes)?;
                    w.write_all(b"</target>\n")?;
                    let (pct, msrc) = match &s.prefill {
                        Prefill::Exact { pct } => (*pct, None),
                        Prefill::Fuzzy {
                            pct,
                            match_source,
                            match_source_markup,
                        } => (*pct, Some((match_source, match_source_markup))),
                        Prefill::None => (0, None),
                    };
                    if pct > 0 {
                        writeln!(
                            w,
                            "        <alt-trans match-quality=\"{pct}\" origin=\"tmkit\">"
                        )?;
                        if let Some((ms, mm)) = msrc {
                            w.write_all(b"          <source>")?;
                            write_content12(w, ms, mm.as_deref(), &CodeDisplays::default())?;
                            w.write_all(b"</source>\n")?;
                        }
                        w.write_all(b"          <target>")?;
                        write_content12(w, t, s.target_markup.as_deref(), &s.target_codes)?;
                        w.write_all(b"</target>\n        </alt-trans>\n")?;
                    }
                }
                if let Some(c) = &s.context {
                    let written = s
                        .target
                        .as_deref()
                        .map(|t| content12(t, s.target_markup.as_deref(), &s.target_codes));
                    let prefill = written.and_then(|x| {
                        written_fingerprint(&x, 1, &Default::default())
                            .map(|h| (s.prefill.pct(), h))
                    });
                    // Group names are unique in a 1.2 file: the unit's id makes them so.
                    w.write_all(b"        <context-group name=\"")?;
                    write_attr(w, &format!("{TMKIT}-{}", s.id))?;
                    w.write_all(b"\" purpose=\"location\">\n")?;
                    for (k, v) in context_fields(c, prefill) {
                        write!(w, "          <context context-type=\"x-{TMKIT}-{k}\">")?;
                        write_text(w, &v)?;
                        w.write_all(b"</context>\n")?;
                    }
                    w.write_all(b"        </context-group>\n")?;
                }
                w.write_all(b"      </trans-unit>\n")
            }
            Version::V20 => {
                w.write_all(b"    <unit id=\"")?;
                write_attr(w, &s.id)?;
                w.write_all(b"\">\n")?;
                // The report's source is plain text, so the match's codes are codes added in
                // the target (2.0 allows them with ids unique in the unit, here not "s1"); native
                // code goes to <originalData>, and a code without any gets no dataRef at all.
                let mut ids = Ids::for_unit(&["s1"]);
                let mut data = DataPool::default();
                let target = s.target.as_deref().map(|t| {
                    s.target_markup
                        .as_deref()
                        .and_then(|m| inline::to_xliff20(m, &mut ids, &mut data, &s.target_codes))
                        .unwrap_or_else(|| escape_text(t))
                });
                if let Some(c) = &s.context {
                    let natives = data.entries().iter().cloned().collect();
                    let prefill = target.as_deref().and_then(|x| {
                        written_fingerprint(x, 2, &natives).map(|h| (s.prefill.pct(), h))
                    });
                    writeln!(
                        w,
                        "      <mda:metadata>\n        <mda:metaGroup category=\"{TMKIT}\">"
                    )?;
                    for (k, v) in context_fields(c, prefill) {
                        write!(w, "          <mda:meta type=\"{k}\">")?;
                        write_text(w, &v)?;
                        w.write_all(b"</mda:meta>\n")?;
                    }
                    w.write_all(b"        </mda:metaGroup>\n      </mda:metadata>\n")?;
                }
                match &s.prefill {
                    Prefill::Exact { pct } => write!(
                        w,
                        "      <notes>\n        <note category=\"tmkit\">TM match {pct}%</note>\n      </notes>\n"
                    )?,
                    Prefill::Fuzzy {
                        pct, match_source, ..
                    } => {
                        write!(w, "      <notes>\n        <note category=\"tmkit\">TM match {pct}% for: ")?;
                        write_text(w, match_source)?;
                        w.write_all(b"</note>\n      </notes>\n")?;
                    }
                    Prefill::None => {}
                }
                if !data.is_empty() {
                    w.write_all(b"      <originalData>\n")?;
                    for (id, native) in data.entries() {
                        w.write_all(b"        <data id=\"")?;
                        write_attr(w, id)?;
                        w.write_all(b"\">")?;
                        write_text(w, native)?;
                        w.write_all(b"</data>\n")?;
                    }
                    w.write_all(b"      </originalData>\n")?;
                }
                let state = match (&s.target, &s.prefill) {
                    (Some(_), Prefill::Exact { .. }) => "translated",
                    _ => "initial",
                };
                write!(
                    w,
                    "      <segment id=\"s1\" state=\"{state}\">\n        <source>"
                )?;
                write_text(w, &s.source)?;
                w.write_all(b"</source>\n")?;
                if let Some(t) = &target {
                    w.write_all(b"        <target>")?;
                    w.write_all(t.as_bytes())?;
                    w.write_all(b"</target>\n")?;
                }
                w.write_all(b"      </segment>\n    </unit>\n")
            }
        }
    }

    /// Ends the current `<file>`.
    pub fn end_file(&mut self) -> io::Result<()> {
        match self.version {
            Version::V12 => self.w.write_all(b"    </body>\n  </file>\n"),
            Version::V20 => self.w.write_all(b"  </file>\n"),
        }
    }

    /// Ends the document and flushes.
    pub fn finish(mut self) -> io::Result<W> {
        self.w.write_all(b"</xliff>\n")?;
        self.w.flush()?;
        Ok(self.w)
    }
}

impl Prefill {
    /// The match %, 0 when there is no match.
    fn pct(&self) -> u8 {
        match self {
            Prefill::None => 0,
            Prefill::Exact { pct } | Prefill::Fuzzy { pct, .. } => *pct,
        }
    }
}

/// The fields of a context as (name, value), in the order they are written, with the match %
/// and fingerprint of the pre-filled target when there is one.
fn context_fields(c: &JobContext, prefill: Option<(u8, String)>) -> Vec<(&'static str, String)> {
    let mut v = vec![
        ("paragraph", c.paragraph.to_string()),
        ("sentence", c.sentence.to_string()),
    ];
    if let Some(h) = &c.prev_hash {
        v.push(("context-prev", h.clone()));
    }
    if let Some(h) = &c.next_hash {
        v.push(("context-next", h.clone()));
    }
    if let Some((pct, h)) = prefill {
        v.push(("match", pct.to_string()));
        v.push(("prefill", h));
    }
    v
}

/// 1.2 content for `text`: its markup's codes as XLIFF inline elements when there is valid
/// markup, else the escaped text.
fn content12(text: &str, markup: Option<&str>, codes: &CodeDisplays) -> String {
    markup
        .and_then(|m| inline::to_xliff12(m, codes))
        .unwrap_or_else(|| escape_text(text))
}

/// Writes `text` as 1.2 content: its markup's codes as XLIFF inline elements when there is
/// valid markup, else the escaped text.
fn write_content12<W: Write + ?Sized>(
    w: &mut W,
    text: &str,
    markup: Option<&str>,
    codes: &CodeDisplays,
) -> io::Result<()> {
    match markup.and_then(|m| inline::to_xliff12(m, codes)) {
        Some(x) => w.write_all(x.as_bytes()),
        None => write_text(w, text),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::formats::xliff::{test_docs, XliffUnit};

    fn job(version: Version) -> String {
        let mut w = XliffWriter::new(Vec::new(), version, "en", "kk").unwrap();
        w.begin_file("r.en.txt").unwrap();
        for s in [
            XliffSegment {
                id: "p1s1".into(),
                source: "A & B.".into(),
                target: Some("А & Б.".into()),
                target_markup: None,
                prefill: Prefill::Exact { pct: 101 },
                context: Some(JobContext {
                    paragraph: 1,
                    sentence: 1,
                    prev_hash: None,
                    next_hash: Some("0123456789abcdef".into()),
                    ..Default::default()
                }),
                target_codes: CodeDisplays::default(),
            },
            XliffSegment {
                id: "p1s2".into(),
                source: "Cats.".into(),
                target: Some("Иттер.".into()),
                target_markup: None,
                prefill: Prefill::Fuzzy {
                    pct: 80,
                    match_source: "Dogs.".into(),
                    match_source_markup: None,
                },
                context: Some(JobContext {
                    paragraph: 1,
                    sentence: 2,
                    ..Default::default()
                }),
                target_codes: CodeDisplays::default(),
            },
            XliffSegment {
                id: "p2s1".into(),
                source: "New <one>.".into(),
                target: None,
                target_markup: None,
                prefill: Prefill::None,
                context: None,
                target_codes: CodeDisplays::default(),
            },
        ] {
            w.segment(&s).unwrap();
        }
        w.end_file().unwrap();
        String::from_utf8(w.finish().unwrap()).unwrap()
    }

    fn read(doc: &str) -> Vec<XliffUnit> {
        test_docs::read(doc).unwrap()
    }

    #[test]
    fn v12_job_reads_back_with_its_pre_fills_and_provenance() {
        let doc = job(Version::V12);
        assert!(doc.contains("state=\"needs-review-translation\""));
        assert!(doc.contains("match-quality=\"80\""));
        let us = read(&doc);
        assert_eq!(us.len(), 3);
        assert_eq!(us[0].source, "A & B.");
        assert_eq!(us[0].original.as_deref(), Some("r.en.txt"));
        assert_eq!(us[0].tgt_lang.as_deref(), Some("kk"));
        let prefill = |u: &XliffUnit| u.prefill_quality(&u.segments[0]);
        assert_eq!(prefill(&us[0]), Some(101));
        assert_eq!(us[0].state.as_deref(), Some("translated"));
        assert_eq!(
            prefill(&us[1]),
            Some(80),
            "an untouched fuzzy match is known as one"
        );
        assert_eq!(us[1].state.as_deref(), Some("needs-review-translation"));
        assert_eq!(us[2].target, None);
        let c = us[1].context.as_ref().unwrap();
        assert_eq!((c.paragraph, c.sentence), (1, 2));
        assert_eq!(
            us[0].context.as_ref().unwrap().next_hash.as_deref(),
            Some("0123456789abcdef")
        );
        let edited = doc.replace(
            "<target state=\"needs-review-translation\" state-qualifier=\"fuzzy-match\">Иттер.",
            "<target state=\"needs-review-translation\" state-qualifier=\"fuzzy-match\">Мысықтар.",
        );
        assert_eq!(
            prefill(&read(&edited)[1]),
            None,
            "an edited target is not a pre-fill"
        );
    }

    #[test]
    fn v20_job_reads_back() {
        let doc = job(Version::V20);
        let us = read(&doc);
        assert_eq!(us.len(), 3);
        assert_eq!(us[0].major, 2);
        assert_eq!(us[0].src_lang, "en");
        assert_eq!(us[0].prefill_quality(&us[0].segments[0]), Some(101));
        assert_eq!(us[0].state.as_deref(), Some("translated"));
        assert_eq!(us[1].state.as_deref(), Some("initial"));
        assert_eq!(us[2].source, "New <one>.");
    }
}
