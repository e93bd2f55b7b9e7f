//! `tmkit merge JOB.xlf`: the translated report of a finished XLIFF job (Okapi Tikal's merge
//! step), so that a translation can be published without copying it segment by segment.
//!
//! Each `<file>` of the job is one report ([`MergedDocument`]): its sentences in order,
//! each the target as a reader sees it (inline codes rendered back to text: a placeholder
//! becomes its `equiv-text`, paired codes keep the text they enclose), gathered into the
//! paragraphs of the source report (the paragraph numbers tmkit writes into its jobs; in a
//! job from another tool, each unit is a paragraph) and separated by blank lines, as the
//! report was. A segment without a usable translation ([`Untranslated`]: no target, an
//! untranslated state, or still the fuzzy match of another sentence it was pre-filled with)
//! keeps its source text, and is listed so that the caller can warn or refuse. A paragraph
//! whose merged text the segmenter of the target language does not split back into its
//! sentences is listed too ([`Resegmented`]): importing the merged report beside its source
//! pairs sentences one to one.

use std::path::{Path, PathBuf};

use crate::formats::xliff::{confirmation, Confirmation, XliffReader, XliffSeg, XliffUnit};
use crate::formats::xml::XmlError;
use crate::input::{open_xml, InputError};
use crate::segment::Segmenter;

/// How a job is merged.
#[derive(Debug, Clone, Default)]
pub struct MergeOptions {
    /// The target language of a job that names none.
    pub tgt_lang: Option<String>,
}

/// Why a segment has no usable translation.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Missing {
    /// No target, or an empty one.
    NoTarget,
    /// Its state says it is not translated yet (`new`, `needs-translation`, `initial`).
    Untranslated,
    /// It still holds the fuzzy match (of another sentence) it was pre-filled with.
    UntouchedFuzzy,
}

/// A segment merged with its source text, for want of a translation.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Untranslated {
    /// The unit's id (with the segment's, for a 2.0 unit of several).
    pub id: String,
    /// Where the unit starts in the job: `file:line:column`.
    pub at: String,
    /// Its state, as written.
    pub state: Option<String>,
    /// Why.
    pub reason: Missing,
    /// The source text kept in the merged report.
    pub source: String,
}

/// A paragraph whose merged text does not segment back into its sentences.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Resegmented {
    /// 1-based paragraph of the merged report.
    pub paragraph: usize,
    /// Sentences merged into it.
    pub sentences: usize,
    /// Sentences the target language's segmenter finds in it.
    pub found: usize,
}

/// One report of a job, merged.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct MergedDocument {
    /// The report the job was made from (`<file original>`), when it says.
    pub original: Option<String>,
    /// The translated report's name: the original's `NAME.SRC.txt` as `NAME.TGT.txt`.
    pub output: PathBuf,
    /// Source and target language.
    pub src_lang: String,
    /// Target language.
    pub tgt_lang: String,
    /// The merged text: paragraphs separated by a blank line, a line break at the end.
    pub text: String,
    /// Paragraphs written.
    pub paragraphs: usize,
    /// Segments written.
    pub segments: usize,
    /// Segments whose target still waits for review (merged as they are).
    pub unconfirmed: usize,
    /// Segments merged with their source text.
    pub untranslated: Vec<Untranslated>,
    /// Paragraphs that do not segment back into their sentences.
    pub resegmented: Vec<Resegmented>,
}

/// Errors of `merge`.
#[derive(Debug, thiserror::Error)]
pub enum MergeError {
    /// The job cannot be read.
    #[error(transparent)]
    Input(#[from] InputError),
}

/// Untranslated segments given a position (`file:line:column`) each, at most: the job is
/// read again up to each one, so a job with very many is not read that many times.
const MAX_POSITIONS: usize = 200;

/// Merges the job at `path`: one [`MergedDocument`] per `<file>`, in order.
pub fn merge_job(path: &Path, opts: &MergeOptions) -> Result<Vec<MergedDocument>, MergeError> {
    let located = |e: XmlError| InputError::in_xml(path, e);
    let mut reader = XliffReader::new(open_xml(path)?).map_err(located)?;
    let mut docs: Vec<Builder> = Vec::new();
    let mut positions = 0usize;
    while let Some(u) = reader.next_unit().map_err(located)? {
        let same = docs
            .last()
            .is_some_and(|d| d.original == u.original && d.src_lang == u.src_lang);
        if !same {
            let tgt = u
                .tgt_lang
                .clone()
                .filter(|t| crate::lang::is_valid(t))
                .or_else(|| opts.tgt_lang.clone())
                .ok_or_else(|| {
                    located(XmlError {
                        offset: u.offset,
                        message: "the file gives no target language (target-language / trgLang): name it with --tgt LANG".into(),
                    })
                })?;
            docs.push(Builder::new(&u, crate::lang::canonical(&tgt)));
        }
        let Some(doc) = docs.last_mut() else { continue };
        // Each segment's text, put where its target's `order` says (2.0).
        let mut texts: Vec<(u32, String)> = Vec::with_capacity(u.segments.len());
        for (k, seg) in u.segments.iter().enumerate() {
            let text = match usable(&u, seg) {
                Ok(t) => {
                    if !seg.translate_no && is_unconfirmed(&u, seg) {
                        doc.unconfirmed += 1;
                    }
                    t
                }
                Err(reason) => {
                    let at = if positions < MAX_POSITIONS {
                        positions += 1;
                        in_job(path, u.offset)
                    } else {
                        path.display().to_string()
                    };
                    let id = match (&seg.id, u.segments.len()) {
                        (Some(s), n) if n > 1 => format!("{}/{s}", u.id),
                        (None, n) if n > 1 => format!("{}/{}", u.id, k + 1),
                        _ => u.id.clone(),
                    };
                    doc.untranslated.push(Untranslated {
                        id,
                        at,
                        state: seg.state.clone(),
                        reason,
                        source: seg.source.trim().to_string(),
                    });
                    seg.source.clone()
                }
            };
            texts.push((seg.order, text));
        }
        texts.sort_by_key(|(order, _)| *order);
        let paragraph = match (&u.context, u.segments.len()) {
            (Some(c), 1) => Paragraph::Numbered(c.paragraph),
            _ => Paragraph::Unit(unit_key(&u)),
        };
        for (_, text) in &texts {
            doc.push(paragraph, text);
        }
    }
    Ok(docs.into_iter().map(Builder::finish).collect())
}

/// A paragraph key for a unit without tmkit's paragraph number: the unit itself.
fn unit_key(u: &XliffUnit) -> u64 {
    u.offset
}

/// Where byte `offset` of the job is, as `file:line:column`.
fn in_job(path: &Path, offset: u64) -> String {
    let e = InputError::in_xml(
        path,
        XmlError {
            offset,
            message: String::new(),
        },
    );
    e.to_string().trim_end_matches(": ").to_string()
}

/// The text a segment is merged with, or why its source is kept.
fn usable(u: &XliffUnit, seg: &XliffSeg) -> Result<String, Missing> {
    // Not to be translated: the source is the text.
    if seg.translate_no {
        return Ok(seg.source.clone());
    }
    // A segment of codes alone (no text in its source) has nothing to translate.
    if seg.source.trim().is_empty() && seg.target.is_some() {
        return Ok(seg.target_rendered.clone().unwrap_or_default());
    }
    let Some(t) = seg
        .target_rendered
        .as_deref()
        .filter(|t| !t.trim().is_empty())
    else {
        return Err(Missing::NoTarget);
    };
    if confirmation(seg.state.as_deref(), u.approved) == Confirmation::Untranslated {
        return Err(Missing::Untranslated);
    }
    if is_unconfirmed(u, seg) && u.prefill_quality(seg).is_some_and(|p| p < 100) {
        return Err(Missing::UntouchedFuzzy);
    }
    Ok(t.to_string())
}

/// Whether a segment's state says it still waits for review.
fn is_unconfirmed(u: &XliffUnit, seg: &XliffSeg) -> bool {
    confirmation(seg.state.as_deref(), u.approved) == Confirmation::Unconfirmed
}

/// Which paragraph a sentence belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Paragraph {
    /// tmkit's paragraph number.
    Numbered(i64),
    /// A unit of a job without paragraph numbers (its offset).
    Unit(u64),
}

/// A document being merged.
struct Builder {
    original: Option<String>,
    src_lang: String,
    tgt_lang: String,
    /// Paragraphs so far: key, text, sentences.
    paragraphs: Vec<(Paragraph, String, usize)>,
    segments: usize,
    unconfirmed: usize,
    untranslated: Vec<Untranslated>,
}

impl Builder {
    fn new(u: &XliffUnit, tgt_lang: String) -> Self {
        Builder {
            original: u.original.clone(),
            src_lang: crate::lang::canonical(&u.src_lang),
            tgt_lang,
            paragraphs: Vec::new(),
            segments: 0,
            unconfirmed: 0,
            untranslated: Vec::new(),
        }
    }

    /// Adds a sentence to its paragraph: the current one when the key is the same, else a
    /// new one. Sentences are separated by a space unless one of them has whitespace there.
    fn push(&mut self, key: Paragraph, text: &str) {
        self.segments += 1;
        match self.paragraphs.last_mut() {
            Some((k, p, n)) if *k == key => {
                let joined =
                    p.ends_with(char::is_whitespace) || text.starts_with(char::is_whitespace);
                if !joined {
                    p.push(' ');
                }
                p.push_str(text);
                *n += 1;
            }
            _ => self.paragraphs.push((key, text.to_string(), 1)),
        }
    }

    fn finish(self) -> MergedDocument {
        let seg = Segmenter::new(&self.tgt_lang);
        let mut text = String::new();
        let mut resegmented = Vec::new();
        let mut written = 0;
        for (_, p, n) in &self.paragraphs {
            let p = p.trim();
            if p.is_empty() {
                continue;
            }
            written += 1;
            let found = seg
                .split(p)
                .iter()
                .filter(|s| !s.text(p).trim().is_empty())
                .count();
            if found != *n {
                resegmented.push(Resegmented {
                    paragraph: written,
                    sentences: *n,
                    found,
                });
            }
            if !text.is_empty() {
                text.push_str("\n\n");
            }
            text.push_str(p);
        }
        text.push('\n');
        MergedDocument {
            output: output_name(self.original.as_deref(), &self.src_lang, &self.tgt_lang),
            original: self.original,
            src_lang: self.src_lang,
            tgt_lang: self.tgt_lang,
            text,
            paragraphs: written,
            segments: self.segments,
            unconfirmed: self.unconfirmed,
            untranslated: self.untranslated,
            resegmented,
        }
    }
}

/// The translated report's name: `dir/NAME.SRC.txt` → `dir/NAME.TGT.txt`; another name
/// becomes `NAME.TGT.txt` beside it (`report.txt` → `report.kk.txt`, `notes.docx` →
/// `notes.kk.txt`: the merged report is plain text); a Windows path (another tool's job)
/// keeps only its file name; a job naming no report gives `merged.TGT.txt`.
pub fn output_name(original: Option<&str>, src: &str, tgt: &str) -> PathBuf {
    let Some(o) = original.filter(|o| !o.trim().is_empty()) else {
        return PathBuf::from(format!("merged.{tgt}.txt"));
    };
    let windows = o.contains('\\') && !o.contains('/');
    let (dir, name) = match windows {
        true => (
            PathBuf::new(),
            o.rsplit('\\').next().unwrap_or(o).to_string(),
        ),
        false => {
            let path = Path::new(o);
            (
                path.parent().map(Path::to_path_buf).unwrap_or_default(),
                path.file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default(),
            )
        }
    };
    let stem = match name.rsplit_once('.') {
        Some((stem, _ext)) if !stem.is_empty() => stem,
        _ => name.as_str(),
    };
    // NAME.SRC.txt: the language part gives way to the target's.
    let stem = match stem.rsplit_once('.') {
        Some((base, lang)) if lang.eq_ignore_ascii_case(src) && !base.is_empty() => base,
        _ => stem,
    };
    dir.join(format!("{stem}.{tgt}.txt"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn merge(doc: &str) -> Vec<MergedDocument> {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("job.xlf");
        std::fs::write(&p, doc).unwrap();
        merge_job(&p, &MergeOptions::default()).unwrap()
    }

    #[test]
    fn output_names_follow_the_report() {
        assert_eq!(
            output_name(Some("news/r.en.txt"), "en", "kk"),
            PathBuf::from("news/r.kk.txt")
        );
        assert_eq!(
            output_name(Some("report.txt"), "en", "ru"),
            PathBuf::from("report.ru.txt")
        );
        assert_eq!(
            output_name(Some("notes"), "en", "ru"),
            PathBuf::from("notes.ru.txt")
        );
        assert_eq!(
            output_name(None, "en", "kk"),
            PathBuf::from("merged.kk.txt")
        );
    }

    #[test]
    fn paragraphs_come_from_the_job_and_untranslated_segments_keep_their_source() {
        let ctx = |p: u32, s: u32| {
            format!("<context-group name=\"tmkit-p{p}s{s}\" purpose=\"location\"><context context-type=\"x-tmkit-paragraph\">{p}</context><context context-type=\"x-tmkit-sentence\">{s}</context></context-group>")
        };
        let doc = format!(
            "<xliff version=\"1.2\"><file original=\"r.en.txt\" source-language=\"en\" target-language=\"kk\" datatype=\"plaintext\"><body>\
             <trans-unit id=\"p1s1\"><source>Title</source><target state=\"final\">Тақырып</target>{}</trans-unit>\
             <trans-unit id=\"p2s1\"><source>One.</source><target state=\"translated\">Бір <x id=\"1\" equiv-text=\"(1)\"/>.</target>{}</trans-unit>\
             <trans-unit id=\"p2s2\"><source>Two.</source><target state=\"new\"/>{}</trans-unit>\
             </body></file></xliff>",
            ctx(1, 1),
            ctx(2, 1),
            ctx(2, 2)
        );
        let d = &merge(&doc)[0];
        assert_eq!(d.text, "Тақырып\n\nБір (1). Two.\n");
        assert_eq!(d.output, PathBuf::from("r.kk.txt"));
        assert_eq!(d.paragraphs, 2);
        assert_eq!(d.untranslated.len(), 1);
        assert_eq!(d.untranslated[0].id, "p2s2");
        assert_eq!(d.untranslated[0].reason, Missing::NoTarget);
        assert!(
            d.untranslated[0].at.contains("job.xlf:1:"),
            "{}",
            d.untranslated[0].at
        );
        assert!(d.resegmented.is_empty());
    }

    #[test]
    fn xliff20_target_order_puts_each_segment_where_the_translation_has_it() {
        // Kazakh puts the time first: the translator moved the second segment's target
        // before the first's (order counts segments and ignorables alike).
        let doc = "<xliff version=\"2.0\" xmlns=\"urn:oasis:names:tc:xliff:document:2.0\" srcLang=\"en\" trgLang=\"kk\"><file id=\"f\" original=\"a.en.txt\"><unit id=\"u1\">\
            <segment id=\"s1\" state=\"final\"><source>Police came.</source><target order=\"3\">Полиция келді.</target></segment>\
            <ignorable><source> </source></ignorable>\
            <segment id=\"s2\" state=\"final\"><source>It was morning.</source><target order=\"1\">Таң еді.</target></segment></unit>\
            <unit id=\"u2\"><segment state=\"final\"><source>One.</source><target>Бір.</target></segment>\
            <segment state=\"final\"><source>Two.</source><target>Екі.</target></segment></unit>\
            </file></xliff>";
        let d = &merge(doc)[0];
        assert_eq!(d.text, "Таң еді. Полиция келді.\n\nБір. Екі.\n");
        assert_eq!(d.segments, 4);
    }

    #[test]
    fn segments_marked_translate_no_are_merged_as_their_source() {
        let doc = "<xliff version=\"1.2\"><file original=\"r.en.txt\" source-language=\"en\" target-language=\"ru\" datatype=\"plaintext\"><body>\
            <trans-unit id=\"1\"><source>Police came.</source><target state=\"final\">Пришла полиция.</target></trans-unit>\
            <trans-unit id=\"2\" translate=\"no\"><source>RFE/RL, Prague</source></trans-unit>\
            <trans-unit id=\"3\" translate=\"no\"><source>Azattyq</source><target state=\"new\">Азаттык</target></trans-unit>\
            </body></file></xliff>";
        let d = &merge(doc)[0];
        assert_eq!(d.text, "Пришла полиция.\n\nRFE/RL, Prague\n\nAzattyq\n");
        assert!(d.untranslated.is_empty(), "{:?}", d.untranslated);
        assert_eq!(d.unconfirmed, 0);
    }

    #[test]
    fn xliff20_units_are_paragraphs_and_their_segments_keep_their_spacing() {
        let doc = "<xliff version=\"2.0\" xmlns=\"urn:oasis:names:tc:xliff:document:2.0\" srcLang=\"en\" trgLang=\"ru\"><file id=\"f\" original=\"a.en.txt\"><unit id=\"u1\">\
            <segment state=\"final\"><source>One. </source><target>Раз. </target></segment>\
            <segment state=\"final\"><source>Two.</source><target><pc id=\"1\">Два</pc>.</target></segment></unit>\
            <unit id=\"u2\"><segment state=\"initial\"><source>Three.</source><target>Три.</target></segment></unit>\
            </file></xliff>";
        let d = &merge(doc)[0];
        assert_eq!(d.text, "Раз. Два.\n\nThree.\n");
        assert_eq!(d.untranslated[0].reason, Missing::Untranslated);
        let codes_only = doc.replace(
            "<source>Three.</source><target>Три.</target>",
            "<source><ph id=\"9\"/></source><target><ph id=\"9\" equiv=\"*\"/></target>",
        );
        let d = &merge(&codes_only)[0];
        assert_eq!(d.text, "Раз. Два.\n\n*\n");
        assert!(
            d.untranslated.is_empty(),
            "nothing to translate in a segment of codes"
        );
    }
}
