//! The JSON API: each route answers with the JSON the command line prints with `--json`
//! (the library's own serializable types), errors as `{"error": …}`.
//!
//! | route | answer | command line |
//! |---|---|---|
//! | `GET /api/lookup?q=&min=&limit=&tgt=&src=` | `{"query", "matches"}` | `tmkit lookup --json TEXT` |
//! | `POST /api/lookup` `{"text", "lang"}` | `[{"query", "matches"}, …]`, a sentence each | `tmkit lookup --batch --json` |
//! | `GET /api/concordance?q=&lang=&limit=` | `{"phrase", "hits"}` | `tmkit concordance --json` |
//! | `POST /api/analyze` `{"text", "lang"}` | `{"files", "total"}` | `tmkit analyze --json` |
//! | `POST /api/check` `{"en", "kk", "ru"}` | `{"issues", "summary"}` | `tmkit check --format json` |
//! | `GET /api/units/ID` | the unit object | `tmkit show --json ID` |
//! | `GET /api/stats` | the counts | `tmkit stats --json` |
//! | `POST /api/units` `{"source", "targets"}` | `{"id", "change"}` | `tmkit add --json` |
//! | `DELETE /api/units/ID` | `{"id", "deleted"}` | `tmkit delete --json` |

use std::collections::BTreeMap;
use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{FromRequest, Path, Query, Request, State as Shared};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::de::DeserializeOwned;
use serde::Deserialize;

use super::auth::allow_write;
use super::errors::ApiError;
use super::limits::{self, MAX_CONCORDANCE_LIMIT, MAX_LOOKUP_LIMIT};
use super::tm::State;
use super::work::{self, Lookup};
use crate::fuzzy::{Concordance, LookupOptions, QueryMatches};
use crate::import;
use crate::input::MAX_SEGMENT_BYTES;
use crate::lang::parse_tag;
use crate::store::{Change, UnitInput, VariantInput};

/// A JSON body: 413 beyond [`limits::MAX_BODY_BYTES`], 400 when it is not the JSON
/// expected (saying what is wrong and where). The content type is not checked, so that
/// `curl -d` works as it is.
pub struct Body<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for Body<T> {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let too_large = || {
            ApiError::new(
                StatusCode::PAYLOAD_TOO_LARGE,
                format!(
                    "the request body is larger than {} MiB",
                    limits::MAX_BODY_BYTES >> 20
                ),
            )
        };
        // Refused from its announced length at once, without reading it.
        let announced = req
            .headers()
            .get(axum::http::header::CONTENT_LENGTH)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.trim().parse::<u64>().ok());
        if announced.is_some_and(|n| n > limits::MAX_BODY_BYTES as u64) {
            return Err(too_large());
        }
        let bytes = Bytes::from_request(req, state).await.map_err(|e| {
            let status = e.status();
            if status == StatusCode::PAYLOAD_TOO_LARGE {
                too_large()
            } else {
                ApiError::new(status, e.body_text())
            }
        })?;
        serde_json::from_slice(&bytes).map(Body).map_err(|e| {
            ApiError::bad_request(format!("the request body is not the JSON expected: {e}"))
        })
    }
}

/// A language tag given by a client: its canonical form, or 400 naming it.
fn lang(tag: &str) -> Result<String, ApiError> {
    Ok(parse_tag(tag)?)
}

/// `tgt=kk,ru` or `["kk", "ru"]`: the canonical tags.
fn langs<'a>(tags: impl IntoIterator<Item = &'a str>) -> Result<Vec<String>, ApiError> {
    tags.into_iter()
        .filter(|t| !t.trim().is_empty())
        .map(lang)
        .collect()
}

/// The parameters of `GET /api/lookup` (and of the page's lookup).
#[derive(Debug, Default, Deserialize)]
pub struct LookupQuery {
    /// The sentence.
    pub q: Option<String>,
    /// Lowest match %.
    pub min: Option<u32>,
    /// Most matches.
    pub limit: Option<usize>,
    /// Target languages, comma-separated.
    pub tgt: Option<String>,
    /// Source language.
    pub src: Option<String>,
}

impl LookupQuery {
    /// The lookup asked for, checked against the bounds.
    pub fn lookup(&self) -> Result<Lookup, ApiError> {
        lookup_options(
            self.min,
            self.limit,
            self.src.as_deref(),
            self.tgt.as_deref().map(|t| t.split(',').collect()),
        )
    }
}

fn lookup_options(
    min: Option<u32>,
    limit: Option<usize>,
    src: Option<&str>,
    tgt: Option<Vec<&str>>,
) -> Result<Lookup, ApiError> {
    Ok(Lookup {
        options: LookupOptions {
            min: limits::min_score(min)?,
            limit: limits::limit(limit, 5, MAX_LOOKUP_LIMIT)?,
            src_lang: lang(src.unwrap_or("en"))?,
            exhaustive: false,
        },
        tgt: langs(tgt.unwrap_or_default())?,
    })
}

/// `GET /api/lookup`.
pub async fn lookup(
    Shared(state): Shared<Arc<State>>,
    Query(p): Query<LookupQuery>,
) -> Result<Response, ApiError> {
    let q = limits::text("q", p.q.as_deref(), limits::MAX_QUERY_BYTES)?.to_string();
    let how = p.lookup()?;
    let found = {
        let q = q.clone();
        state
            .read(move |_, store| work::lookup(store, &q, &how))
            .await?
    };
    Ok(Json(QueryMatches {
        query: &q,
        line: None,
        matches: &found,
    })
    .into_response())
}

/// The body of `POST /api/lookup` and `POST /api/analyze`.
#[derive(Debug, Deserialize)]
pub struct ReportBody {
    text: Option<String>,
    lang: Option<String>,
    min: Option<u32>,
    limit: Option<usize>,
    tgt: Option<Vec<String>>,
}

/// `POST /api/lookup`: every sentence of a report with its matches.
pub async fn lookup_report(
    Shared(state): Shared<Arc<State>>,
    Body(b): Body<ReportBody>,
) -> Result<Response, ApiError> {
    let text = limits::text("text", b.text.as_deref(), limits::MAX_BODY_BYTES)?;
    let src = lang(b.lang.as_deref().unwrap_or("en"))?;
    let how = lookup_options(
        b.min,
        b.limit,
        Some(&src),
        b.tgt
            .as_ref()
            .map(|t| t.iter().map(String::as_str).collect()),
    )?;
    let queries = work::queries("text", &src, text)?;
    let lines: Vec<u64> = queries.iter().map(|q| q.line).collect();
    let sentences: Vec<String> = queries.into_iter().map(|q| q.text).collect();
    let (sentences, found) = state
        .read(move |_, store| {
            let found = work::lookup_report(store, &sentences, &how)?;
            Ok((sentences, found))
        })
        .await?;
    let answer: Vec<QueryMatches<'_>> = sentences
        .iter()
        .zip(&found)
        .zip(&lines)
        .map(|((q, m), line)| QueryMatches {
            query: q,
            line: Some(*line),
            matches: m,
        })
        .collect();
    Ok(Json(answer).into_response())
}

/// The parameters of `GET /api/concordance` (and of the page's concordance).
#[derive(Debug, Default, Deserialize)]
pub struct ConcordanceQuery {
    /// The phrase.
    pub q: Option<String>,
    /// Only this language.
    pub lang: Option<String>,
    /// Most units.
    pub limit: Option<usize>,
}

impl ConcordanceQuery {
    /// The phrase, the language (canonical) and the limit, checked against the bounds.
    pub fn checked(&self) -> Result<(String, Option<String>, usize), ApiError> {
        let phrase = limits::text("q", self.q.as_deref(), limits::MAX_PHRASE_BYTES)?;
        let lang = match self.lang.as_deref().map(str::trim) {
            None | Some("") => None,
            Some(l) => Some(lang(l)?),
        };
        let limit = limits::limit(self.limit, 20, MAX_CONCORDANCE_LIMIT)?;
        Ok((phrase.to_string(), lang, limit))
    }
}

/// `GET /api/concordance`.
pub async fn concordance(
    Shared(state): Shared<Arc<State>>,
    Query(p): Query<ConcordanceQuery>,
) -> Result<Response, ApiError> {
    let (phrase, lang, limit) = p.checked()?;
    let hits = {
        let phrase = phrase.clone();
        state
            .read_concordance(move |state, store| {
                work::concordance(store, state.glossary, &phrase, lang.as_deref(), limit)
            })
            .await?
    };
    Ok(Json(Concordance {
        phrase: &phrase,
        hits: &hits,
    })
    .into_response())
}

/// `POST /api/analyze`: the band table of a report.
pub async fn analyze(
    Shared(state): Shared<Arc<State>>,
    Body(b): Body<ReportBody>,
) -> Result<Response, ApiError> {
    let text = limits::text("text", b.text.as_deref(), limits::MAX_BODY_BYTES)?.to_string();
    let src = lang(b.lang.as_deref().unwrap_or("en"))?;
    let analysis = state
        .read(move |_, store| work::analyze(store, "text", &src, &text))
        .await?;
    Ok(Json(analysis.to_json()).into_response())
}

/// The texts of a check: `{"en": SOURCE, "kk": …, "ru": …}` (the source first).
pub fn check_texts(
    body: BTreeMap<String, serde_json::Value>,
) -> Result<Vec<(String, String)>, ApiError> {
    let mut source = None;
    let mut targets = Vec::new();
    for (key, value) in body {
        let tag = lang(&key)?;
        let serde_json::Value::String(text) = value else {
            return Err(ApiError::bad_request(format!("{key:?} must be a string")));
        };
        limits::text(&key, Some(&text), limits::MAX_BODY_BYTES)?;
        if tag == "en" {
            source = Some((tag, text));
        } else {
            targets.push((tag, text));
        }
    }
    let source =
        source.ok_or_else(|| ApiError::bad_request("missing field \"en\" (the source)"))?;
    if targets.is_empty() {
        return Err(ApiError::bad_request(
            "no translation to check: give \"kk\", \"ru\" or another language beside \"en\"",
        ));
    }
    Ok(std::iter::once(source).chain(targets).collect())
}

/// `POST /api/check`: the issues of a text and its translations.
pub async fn check(
    Shared(state): Shared<Arc<State>>,
    Body(body): Body<BTreeMap<String, serde_json::Value>>,
) -> Result<Response, ApiError> {
    if state.checker.is_none() {
        return Err(no_glossary());
    }
    let texts = check_texts(body)?;
    let report = state
        .read(move |state, _| match &state.checker {
            Some(checker) => work::check(checker, &texts),
            None => Err(no_glossary()),
        })
        .await?;
    Ok(Json(report).into_response())
}

/// The answer when the server has no glossary.
pub fn no_glossary() -> ApiError {
    ApiError::not_found(
        "this server has no glossary to check against (start it with --glossary PATH)",
    )
}

/// `GET /api/units/ID`.
pub async fn unit(
    Shared(state): Shared<Arc<State>>,
    Path(id): Path<i64>,
) -> Result<Response, ApiError> {
    let unit = state.read(move |_, store| work::unit(store, id)).await?;
    Ok(Json(unit).into_response())
}

/// `GET /api/stats`.
pub async fn stats(Shared(state): Shared<Arc<State>>) -> Result<Response, ApiError> {
    let v = state.read(|_, store| work::stats(store)).await?;
    Ok(Json(v).into_response())
}

/// `GET /healthz`: the TM can be read.
pub async fn health(Shared(state): Shared<Arc<State>>) -> Result<Response, ApiError> {
    state
        .read(|_, store| {
            store.session()?.end()?;
            Ok(())
        })
        .await?;
    Ok(Json(serde_json::json!({ "status": "ok" })).into_response())
}

/// The body of `POST /api/units`.
#[derive(Debug, Deserialize)]
pub struct NewUnit {
    source: Option<String>,
    src_lang: Option<String>,
    #[serde(default)]
    targets: BTreeMap<String, String>,
}

/// `POST /api/units`: adds (or updates) a unit; 201 when it is new.
pub async fn add(
    Shared(state): Shared<Arc<State>>,
    headers: HeaderMap,
    Body(b): Body<NewUnit>,
) -> Result<Response, ApiError> {
    allow_write(state.token.as_ref(), &headers)?;
    let source = limits::text("source", b.source.as_deref(), MAX_SEGMENT_BYTES)?.to_string();
    let src_lang = lang(b.src_lang.as_deref().unwrap_or("en"))?;
    let mut targets = Vec::with_capacity(b.targets.len());
    for (tag, text) in &b.targets {
        limits::text(tag, Some(text), MAX_SEGMENT_BYTES)?;
        targets.push(VariantInput {
            lang: lang(tag)?,
            text: text.clone(),
            ..Default::default()
        });
    }
    let input = UnitInput {
        src_lang,
        source,
        targets,
        ..Default::default()
    };
    let (id, change) = state
        .write(move |state, store| Ok(import::add(store, &state.user, input)?))
        .await?;
    let status = if change == Change::Added {
        StatusCode::CREATED
    } else {
        StatusCode::OK
    };
    Ok((
        status,
        Json(serde_json::json!({ "id": id, "change": change })),
    )
        .into_response())
}

/// `DELETE /api/units/ID`.
pub async fn delete(
    Shared(state): Shared<Arc<State>>,
    headers: HeaderMap,
    Path(id): Path<i64>,
) -> Result<Response, ApiError> {
    allow_write(state.token.as_ref(), &headers)?;
    let deleted = state
        .write(move |state, store| Ok(import::delete(store, &state.user, id)?))
        .await?;
    if !deleted {
        return Err(ApiError::not_found(format!("no unit with id {id}")));
    }
    Ok(Json(serde_json::json!({ "id": id, "deleted": true })).into_response())
}
