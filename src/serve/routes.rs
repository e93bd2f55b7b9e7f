//! The router: the page's routes, the JSON API's, and what every request goes through
//! (the body limit, plain errors made JSON, the log line).

use std::sync::Arc;

use axum::extract::DefaultBodyLimit;
use axum::middleware;
use axum::routing::get;
use axum::Router;

use super::tm::State;
use super::{api, errors, limits, logging, page};

/// Every route of the server.
pub fn router(state: Arc<State>) -> Router {
    Router::new()
        .route("/", get(page::lookup))
        .route("/concordance", get(page::concordance))
        .route("/analyze", get(page::analyze_form).post(page::analyze))
        .route("/check", get(page::check_form).post(page::check))
        .route("/healthz", get(api::health))
        .route("/api/lookup", get(api::lookup).post(api::lookup_report))
        .route("/api/concordance", get(api::concordance))
        .route("/api/analyze", axum::routing::post(api::analyze))
        .route("/api/check", axum::routing::post(api::check))
        .route("/api/units", axum::routing::post(api::add))
        .route("/api/units/{id}", get(api::unit).delete(api::delete))
        .route("/api/stats", get(api::stats))
        .fallback(page::not_found)
        .layer(DefaultBodyLimit::max(limits::MAX_BODY_BYTES))
        .layer(middleware::from_fn(errors::as_json))
        .layer(middleware::from_fn(logging::log))
        .with_state(state)
}
