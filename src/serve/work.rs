//! What a request asks of the library, the same for the JSON API and the page: each
//! function reads through one read session of its own (one snapshot of the TM) and returns
//! the library's own types, which the API serializes exactly as the command line does.

use std::path::Path;

use crate::input::{batch_queries, BatchQuery, BatchSplit, TextEncoding};

use axum::http::StatusCode;

use super::errors::ApiError;
use super::limits;
use crate::check::{CheckUnit, Checker, Report, Text};
use crate::fuzzy::{self, Analysis, ConcordanceHit, Context, LookupOptions, Match, Matcher};
use crate::glossary::{concordance_query, Glossary};
use crate::input::{report_text, SourceSegments};
use crate::store::{Stats, Store, Unit};
use crate::text::nfc;

/// A lookup: the options and the target languages shown (empty: all).
#[derive(Debug, Clone)]
pub struct Lookup {
    /// Threshold, limit and source language.
    pub options: LookupOptions,
    /// Target languages kept in each unit's variants (empty: all).
    pub tgt: Vec<String>,
}

/// The matches of one sentence (what `tmkit lookup TEXT` finds).
pub fn lookup(store: &Store, q: &str, how: &Lookup) -> Result<Vec<Match>, ApiError> {
    let session = fuzzy::lookup_session(store)?;
    let mut matcher = Matcher::new(&session)?;
    let mut found = matcher.lookup_in_context(q, None, &how.options)?;
    for m in &mut found {
        m.unit.retain_langs(&how.tgt);
    }
    drop(matcher);
    session.end()?;
    Ok(found)
}

/// The sentences of a pasted report (split as a report file is, at most
/// [`limits::MAX_REPORT_SEGMENTS`]).
pub fn sentences(name: &str, lang: &str, text: &str) -> Result<Vec<String>, ApiError> {
    let read = report_text(Path::new(name), lang, text)?;
    let all: Vec<String> = read.documents.into_iter().flatten().collect();
    limits::segments(all.len())?;
    Ok(all)
}

/// The sentences of a pasted report, each with the line of the text where it begins, as
/// `tmkit lookup --batch` reads a file (paragraphs split by the segmenter of `lang`).
pub fn queries(name: &str, lang: &str, text: &str) -> Result<Vec<BatchQuery>, ApiError> {
    let all = batch_queries(
        text.as_bytes(),
        Path::new(name),
        &BatchSplit::Sentences(lang.to_string()),
        TextEncoding::default(),
    )?;
    limits::segments(all.len())?;
    Ok(all)
}

/// Every sentence of a report with its matches, each looked up with its neighbours as
/// context (101% matches), as `tmkit lookup --batch` does with a file's lines.
pub fn lookup_report(
    store: &Store,
    sentences: &[String],
    how: &Lookup,
) -> Result<Vec<Vec<Match>>, ApiError> {
    let contexts = Context::of_document(sentences);
    let session = fuzzy::lookup_session(store)?;
    let mut matcher = Matcher::new(&session)?;
    let mut all = Vec::with_capacity(sentences.len());
    for (q, ctx) in sentences.iter().zip(&contexts) {
        let mut found = matcher.lookup_in_context(q, Some(ctx), &how.options)?;
        for m in &mut found {
            m.unit.retain_langs(&how.tgt);
        }
        all.push(found);
    }
    drop(matcher);
    session.end()?;
    Ok(all)
}

/// The units holding a phrase (what `tmkit concordance` finds: the glossary's names and
/// terms in any of their forms).
pub fn concordance(
    store: &Store,
    glossary: Option<&Glossary>,
    phrase: &str,
    lang: Option<&str>,
    limit: usize,
) -> Result<Vec<ConcordanceHit>, ApiError> {
    let query = concordance_query(glossary, phrase, lang);
    let session = fuzzy::concordance_session(store, || {})?;
    let hits = fuzzy::concordance_forms(&session, &query, lang, limit)?;
    session.end()?;
    Ok(hits)
}

/// The band analysis of a pasted report (what `tmkit analyze` gives for a file).
pub fn analyze(store: &Store, name: &str, lang: &str, text: &str) -> Result<Analysis, ApiError> {
    let segments = sentences(name, lang, text)?;
    let file = SourceSegments {
        path: name.into(),
        lang: lang.to_string(),
        documents: vec![segments],
    };
    let session = fuzzy::lookup_session(store)?;
    let mut matcher = Matcher::new(&session)?;
    let analysis = fuzzy::analyze(&mut matcher, [Ok(file)], lang)?;
    drop(matcher);
    session.end()?;
    Ok(analysis)
}

/// One unit (what `tmkit show` shows).
pub fn unit(store: &Store, id: i64) -> Result<Unit, ApiError> {
    let session = store.session()?;
    let unit = session.unit(id)?;
    session.end()?;
    unit.ok_or_else(|| ApiError::not_found(format!("no unit with id {id}")))
}

/// The TM's counts (what `tmkit stats --json` prints, with the TM's path as `db`).
pub fn stats(store: &Store) -> Result<serde_json::Value, ApiError> {
    let session = store.session()?;
    let stats: Stats = session.stats()?;
    session.end()?;
    let mut v = serde_json::to_value(&stats)
        .map_err(|e| ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, e.to_string()))?;
    v["db"] = serde_json::json!(store.path().display().to_string());
    Ok(v)
}

/// Checks a pasted source text and its translations (`(lang, text)`, the source first)
/// against the glossary. When every text has as many sentences as the source, sentence N
/// of each is checked as one unit (`sentence N`); otherwise the whole texts are one unit
/// (`text`).
pub fn check(checker: &Checker<'_>, texts: &[(String, String)]) -> Result<Report, ApiError> {
    let Some(((src_lang, _), _)) = texts.split_first() else {
        return Err(ApiError::bad_request("nothing to check"));
    };
    let mut split = Vec::with_capacity(texts.len());
    for (lang, text) in texts {
        split.push(sentences("text", lang, text)?);
    }
    let same = split.iter().all(|s| s.len() == split[0].len());
    let t = |lang: &str, text: &str| Text {
        lang: lang.to_string(),
        text: nfc(text).into_owned(),
        loc: None,
        contexts: Vec::new(),
    };
    let units: Vec<CheckUnit> = if same && !split[0].is_empty() {
        (0..split[0].len())
            .map(|i| CheckUnit {
                name: format!("sentence {}", i + 1),
                source: t(src_lang, &split[0][i]),
                targets: texts[1..]
                    .iter()
                    .zip(&split[1..])
                    .map(|((lang, _), s)| t(lang, &s[i]))
                    .collect(),
            })
            .collect()
    } else {
        vec![CheckUnit {
            name: "text".into(),
            source: t(src_lang, texts[0].1.trim()),
            targets: texts[1..].iter().map(|(l, x)| t(l, x.trim())).collect(),
        }]
    };
    Ok(checker.check(&units))
}
