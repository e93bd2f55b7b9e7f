//! `tmkit import … --align`: a report and translations that do not match sentence for
//! sentence, each translation aligned with the report on its own ([`Aligner`]); every bead
//! with sentences on both sides (and a confidence at or above the minimum) becomes a unit
//! whose source is the bead's source sentences and whose translation is its target
//! sentences, joined as they stood in the text. Each unit records where its source stood
//! (an occurrence at its first sentence; when another unit already holds that place, at
//! the first target sentence in the translation) and a property on the translation:
//! `x-tmkit-aligned` = shape, confidence and the sentence ranges on both sides.

use std::collections::HashMap;
use std::path::PathBuf;

use super::{AlignOptions, ImportError, Options, Result, Sink, Summary};
use crate::align::{output::joined, AlignProgress, Aligner, Bead, Document, TmHints};
use crate::glossary::TermMatcher;
use crate::input::{InputError, Progress};
use crate::store::{Occurrence, PreparedUnit, Prop, UnitInput, VariantInput};
use crate::text::sentence_hash;

/// The type of the property marking an aligned translation.
pub const ALIGNED_PROP: &str = "x-tmkit-aligned";

/// `paragraph.sentence` of a document's sentence `i`, or of a range's ends.
fn place(d: &Document, r: &std::ops::Range<usize>) -> String {
    let at = |i: usize| {
        let s = &d.sentences[i];
        format!("{}.{}", s.paragraph, s.number)
    };
    if r.len() == 1 {
        at(r.start)
    } else {
        format!("{}-{}", at(r.start), at(r.end - 1))
    }
}

/// Aligns each translation of `files` (the first is the source) with the source and stores
/// the beads; `doc_ids` are the documents' ids, in the same order.
pub(super) fn import_aligned(
    sink: &mut Sink<'_>,
    files: &[(String, PathBuf)],
    doc_ids: &[i64],
    align: &AlignOptions,
    opts: &Options,
    progress: &mut dyn Progress,
) -> Result<Summary> {
    let read = |lang: &str, path: &PathBuf, progress: &mut dyn Progress| {
        Document::read_in(path, lang, &opts.abbreviations, opts.encoding, progress)
            .map_err(|e| ImportError::from(e.into_input_error()))
    };
    let (src_lang, src_path) = &files[0];
    let source = read(src_lang, src_path, progress)?;
    let mut summary = Summary::default();
    let matcher = align
        .glossary
        .as_ref()
        .map(|g| TermMatcher::new(g, &source.lang));
    // Which unit holds each source place (an occurrence's key).
    let mut places: HashMap<(u32, u32), i64> = HashMap::new();
    let no_hints = TmHints::default();
    for (k, (lang, path)) in files.iter().enumerate().skip(1) {
        let target = read(lang, path, progress)?;
        let hints = align
            .hints
            .get(&crate::lang::primary(lang))
            .cloned()
            .unwrap_or_else(|| no_hints.clone());
        let mut aligner = Aligner::new().with_hints(hints);
        if let Some(m) = &matcher {
            aligner = aligner.with_terms(m);
        }
        let what = format!(
            "aligning {} with {}",
            file_name(&source.path),
            file_name(&target.path)
        );
        let alignment = aligner.align_reporting(&source, &target, &mut Passes { what, progress });
        for bead in alignment.beads.iter().filter(|b| b.is_pair()) {
            if bead.confidence < align.min_confidence {
                summary.beads_left_out += 1;
                continue;
            }
            store_bead(
                sink,
                &source,
                &target,
                bead,
                (doc_ids[0], doc_ids[k]),
                &mut places,
                &mut summary,
            )?;
        }
    }
    Ok(summary)
}

/// A file's name, for a progress message.
fn file_name(p: &std::path::Path) -> String {
    p.file_name().map_or_else(
        || p.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    )
}

/// An alignment's passes reported as work between reads.
struct Passes<'p> {
    what: String,
    progress: &'p mut dyn Progress,
}

impl AlignProgress for Passes<'_> {
    fn pass(&mut self, pass: usize, done: u64, total: u64) {
        let what = if pass > 1 {
            format!("{} (pass {pass})", self.what)
        } else {
            self.what.clone()
        };
        self.progress.working(&what, done, total);
    }
}

fn store_bead(
    sink: &mut Sink<'_>,
    source: &Document,
    target: &Document,
    bead: &Bead,
    (src_doc, tgt_doc): (i64, i64),
    places: &mut HashMap<(u32, u32), i64>,
    summary: &mut Summary,
) -> Result<()> {
    let value = format!(
        "{} {:.2} {} {}",
        bead.shape(),
        bead.confidence,
        place(source, &bead.source),
        place(target, &bead.target)
    );
    let input = UnitInput {
        src_lang: source.lang.clone(),
        source: joined(source, bead.source.clone()),
        targets: vec![VariantInput {
            lang: target.lang.clone(),
            text: joined(target, bead.target.clone()),
            ..Default::default()
        }],
        props: vec![Prop {
            lang: Some(target.lang.clone()),
            kind: "prop".into(),
            prop_type: Some(ALIGNED_PROP.into()),
            value,
        }],
        ..Default::default()
    };
    let path = &target.path;
    let unit = PreparedUnit::new(input).map_err(|e| InputError::file(path, e.to_string()))?;
    let (id, change) = sink
        .store(&unit)
        .map_err(|e| ImportError::write(sink, path, e))?;
    summary.record(change);
    summary.beads_aligned += 1;
    let first = &source.sentences[bead.source.start];
    let key = (first.paragraph, first.number);
    let hash = |i: Option<usize>, d: &Document| {
        i.and_then(|i| d.sentences.get(i))
            .map(|s| sentence_hash(&s.text))
    };
    let occurrence = match places.get(&key) {
        Some(&holder) if holder != id => {
            let t = &target.sentences[bead.target.start];
            Occurrence {
                document_id: tgt_doc,
                paragraph: i64::from(t.paragraph),
                sentence: i64::from(t.number),
                prev_hash: hash(bead.source.start.checked_sub(1), source),
                next_hash: hash(Some(bead.source.end), source),
            }
        }
        _ => {
            places.insert(key, id);
            Occurrence {
                document_id: src_doc,
                paragraph: i64::from(first.paragraph),
                sentence: i64::from(first.number),
                prev_hash: hash(bead.source.start.checked_sub(1), source),
                next_hash: hash(Some(bead.source.end), source),
            }
        }
    };
    sink.add_occurrence(id, &occurrence)
        .map_err(|e| ImportError::write(sink, path, e))?;
    Ok(())
}
