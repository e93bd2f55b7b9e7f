//! `tmkit import NAME.en.txt`: a plain-text report, alone or with its translations (a
//! [`ParallelSet`]), read in step by the [`ParallelReader`]: one unit per source sentence,
//! with the sentences of the translations as its variants and its place in the report
//! (document, paragraph, sentence, neighbours' hashes) as its provenance.
//!
//! A set none of whose files changed since its last import is skipped.

use std::fs::File;
use std::io::Read;
use std::path::Path;

use super::aligned::import_aligned;
use super::{ImportError, Options, Result, Sink, Summary};
use crate::input::{InputError, NoProgress, ParallelReader, ParallelSet, Progress};
use crate::store::{Occurrence, PreparedUnit, UnitInput, VariantInput};
use crate::text::sentence_hash;

/// SHA-256 of a file, streamed; fails on an empty file.
fn file_sha256(path: &Path) -> std::result::Result<String, InputError> {
    use sha2::{Digest, Sha256};
    let mut f = File::open(path).map_err(|e| InputError::io(path, e))?;
    let mut h = Sha256::new();
    let mut buf = vec![0u8; 1 << 16];
    let mut total = 0u64;
    loop {
        let n = f.read(&mut buf).map_err(|e| InputError::io(path, e))?;
        if n == 0 {
            break;
        }
        total += n as u64;
        h.update(&buf[..n]);
    }
    if total == 0 {
        return Err(InputError::file(
            path,
            "the file is empty: nothing to import",
        ));
    }
    Ok(h.finalize().iter().map(|b| format!("{b:02x}")).collect())
}

/// A sentence waiting for its successor (whose hash it records as context).
struct Pending {
    source: String,
    targets: Vec<VariantInput>,
    paragraph: i64,
    sentence: i64,
    prev_hash: Option<String>,
}

/// Imports one report, or a report with its translations, through `sink`.
/// Skips the set (counting it in `documents_skipped`) when no file changed since the last import.
pub(super) fn import_report_set(
    sink: &mut Sink<'_>,
    set: &ParallelSet,
    opts: &Options,
    progress: &mut dyn Progress,
) -> Result<Summary> {
    let mut summary = Summary::default();
    let files = set.files()?;
    let src_lang = files[0].0.clone();
    let tx = sink.tx();
    let mut shas = Vec::with_capacity(files.len());
    let mut unchanged = true;
    for (lang, path) in &files {
        let sha = file_sha256(path)?;
        let known = tx
            .document(&path_key(path), lang)
            .map_err(|e| ImportError::write(sink, path, e))?;
        unchanged &= known.is_some_and(|d| d.sha256 == sha);
        shas.push(sha);
    }
    if unchanged {
        summary.documents_skipped += files.len() as u64;
        let size: u64 = files
            .iter()
            .map(|(_, p)| std::fs::metadata(p).map(|m| m.len()).unwrap_or(0))
            .sum();
        progress.advance(size);
        return Ok(summary);
    }
    let mut doc_ids = Vec::with_capacity(files.len());
    for ((lang, path), sha) in files.iter().zip(&shas) {
        let id = tx
            .record_document(&path_key(path), lang, sha)
            .map_err(|e| ImportError::write(sink, path, e))?;
        doc_ids.push(id);
    }
    let doc_id = doc_ids[0];
    if let Some(align) = &opts.align {
        if files.len() > 1 && !sentence_for_sentence(&files, opts) {
            return import_aligned(sink, &files, &doc_ids, align, opts, progress);
        }
    }
    let mut reader = ParallelReader::open_in(&files, &opts.abbreviations, opts.encoding)?
        .with_mismatch_hint("or import them with --align, which aligns their sentences");
    let mut pending: Option<Pending> = None;
    let mut prev_hash: Option<String> = None;
    while let Some(para) = reader.next_paragraph(progress)? {
        for k in 0..para.len() {
            let source = para.sentence(0, k);
            let hash = sentence_hash(source);
            if let Some(p) = pending.take() {
                store_pending(
                    sink,
                    &set.source,
                    &src_lang,
                    doc_id,
                    p,
                    Some(hash.clone()),
                    &mut summary,
                )?;
            }
            let targets = (1..reader.files())
                .map(|i| VariantInput {
                    lang: reader.lang(i).to_string(),
                    text: para.sentence(i, k).to_string(),
                    ..Default::default()
                })
                .collect();
            pending = Some(Pending {
                source: source.to_string(),
                targets,
                paragraph: para.number,
                sentence: k as i64 + 1,
                prev_hash: prev_hash.replace(hash),
            });
        }
    }
    match pending {
        Some(p) => store_pending(sink, &set.source, &src_lang, doc_id, p, None, &mut summary)?,
        None => {
            return Err(InputError::file(
                &set.source,
                "the file holds only whitespace: nothing to import",
            )
            .into())
        }
    }
    Ok(summary)
}

fn store_pending(
    sink: &mut Sink<'_>,
    path: &Path,
    src_lang: &str,
    doc_id: i64,
    p: Pending,
    next_hash: Option<String>,
    summary: &mut Summary,
) -> Result<()> {
    let input = UnitInput {
        src_lang: src_lang.to_string(),
        source: p.source,
        targets: p.targets,
        ..Default::default()
    };
    let unit = PreparedUnit::new(input).map_err(|e| InputError::file(path, e.to_string()))?;
    let (id, change) = sink
        .store(&unit)
        .map_err(|e| ImportError::write(sink, path, e))?;
    sink.add_occurrence(
        id,
        &Occurrence {
            document_id: doc_id,
            paragraph: p.paragraph,
            sentence: p.sentence,
            prev_hash: p.prev_hash,
            next_hash,
        },
    )
    .map_err(|e| ImportError::write(sink, path, e))?;
    summary.record(change);
    Ok(())
}

/// Whether every file of the set matches the source paragraph for paragraph and sentence
/// for sentence (any error reading them counts as no: aligning reads them again and
/// reports it).
fn sentence_for_sentence(files: &[(String, std::path::PathBuf)], opts: &Options) -> bool {
    let Ok(mut reader) = ParallelReader::open_in(files, &opts.abbreviations, opts.encoding) else {
        return false;
    };
    loop {
        match reader.next_paragraph(&mut NoProgress) {
            Ok(Some(_)) => {}
            Ok(None) => return true,
            Err(_) => return false,
        }
    }
}

/// The key a document is recorded under: its path as given, with `/` separators.
pub(super) fn path_key(path: &Path) -> String {
    path.to_string_lossy().replace('\\', "/")
}
