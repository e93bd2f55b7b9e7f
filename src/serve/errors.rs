//! Errors: [`ServeError`] (the server could not start or run) and `ApiError` (one request
//! refused: a status and `{"error": MESSAGE}`).
//!
//! What a client sends can only cause 4xx answers: every bound and every input is checked
//! before the library is called, and the library's input errors (a report that cannot be
//! read) become 400. A 5xx answer means the TM itself failed (a damaged or vanished file,
//! a disk error) or is held by another process for too long (503).

use std::net::SocketAddr;
use std::path::PathBuf;

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;

use crate::fuzzy::FuzzyError;
use crate::import::ImportError;
use crate::input::InputError;
use crate::store::StoreError;

/// Why the server could not start or stopped.
#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    /// The TM could not be opened.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// The glossary could not be read, or has conflicting entries.
    #[error("the glossary {path}: {message}")]
    Glossary {
        /// The glossary given.
        path: PathBuf,
        /// What is wrong with it.
        message: String,
    },
    /// The token file could not be read or holds no usable token.
    #[error("the token file {path}: {message}")]
    TokenFile {
        /// The file given.
        path: PathBuf,
        /// What is wrong with it.
        message: String,
    },
    /// The address could not be bound.
    #[error("cannot listen on {0}: {1}")]
    Bind(SocketAddr, std::io::Error),
    /// The runtime could not be started.
    #[error("cannot start the server's threads: {0}")]
    Runtime(std::io::Error),
    /// Serving failed.
    #[error("serving failed: {0}")]
    Serve(std::io::Error),
}

/// A request refused: its status and what to tell the client (`{"error": MESSAGE}`).
#[derive(Debug, Clone)]
pub struct ApiError {
    /// The HTTP status.
    pub status: StatusCode,
    /// What went wrong, for people.
    pub message: String,
}

impl ApiError {
    /// An error with this status.
    pub fn new(status: StatusCode, message: impl Into<String>) -> ApiError {
        ApiError {
            status,
            message: message.into(),
        }
    }

    /// 400: the request is malformed or asks for too much.
    pub fn bad_request(message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::BAD_REQUEST, message)
    }

    /// 401: a write without a bearer token.
    pub fn unauthorized(message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::UNAUTHORIZED, message)
    }

    /// 403: a write the server does not allow.
    pub fn forbidden(message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::FORBIDDEN, message)
    }

    /// 404: no such thing.
    pub fn not_found(message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::NOT_FOUND, message)
    }

    /// 5xx: the TM failed (503 when another process holds it too long or it cannot be
    /// written).
    fn server(e: &StoreError) -> ApiError {
        let status = match e {
            StoreError::Busy { .. } | StoreError::ReadOnly { .. } => {
                StatusCode::SERVICE_UNAVAILABLE
            }
            _ => StatusCode::INTERNAL_SERVER_ERROR,
        };
        ApiError::new(status, e.to_string())
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        (
            self.status,
            Json(serde_json::json!({ "error": self.message })),
        )
            .into_response()
    }
}

impl From<StoreError> for ApiError {
    fn from(e: StoreError) -> ApiError {
        match e {
            StoreError::BadLang(_) | StoreError::EmptyText(_) => {
                ApiError::bad_request(e.to_string())
            }
            _ => ApiError::server(&e),
        }
    }
}

impl From<InputError> for ApiError {
    fn from(e: InputError) -> ApiError {
        ApiError::bad_request(e.to_string())
    }
}

impl From<FuzzyError> for ApiError {
    fn from(e: FuzzyError) -> ApiError {
        match e {
            FuzzyError::Store(s) => s.into(),
            FuzzyError::Input(i) => i.into(),
            FuzzyError::KeepsChanging(_) => {
                ApiError::new(StatusCode::SERVICE_UNAVAILABLE, e.to_string())
            }
            _ => ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, e.to_string()),
        }
    }
}

impl From<ImportError> for ApiError {
    fn from(e: ImportError) -> ApiError {
        match e {
            ImportError::Input(i) => i.into(),
            ImportError::Tm(s) => s.into(),
            _ => ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, e.to_string()),
        }
    }
}

impl From<crate::lang::LangError> for ApiError {
    fn from(e: crate::lang::LangError) -> ApiError {
        ApiError::bad_request(e.to_string())
    }
}

/// Answers that the router or an extractor made in plain text (405 for a method a route
/// does not take, 400 for a query string or path that cannot be parsed, 413 for a body too
/// large) become `{"error": …}` too; the page's own HTML errors stay as they are.
pub async fn as_json(req: axum::extract::Request, next: axum::middleware::Next) -> Response {
    let resp = next.run(req).await;
    let status = resp.status();
    let typed = resp
        .headers()
        .get(axum::http::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|t| t.starts_with("application/json") || t.starts_with("text/html"));
    if !(status.is_client_error() || status.is_server_error()) || typed {
        return resp;
    }
    let (parts, body) = resp.into_parts();
    let text = axum::body::to_bytes(body, 64 * 1024)
        .await
        .map(|b| String::from_utf8_lossy(&b).trim().to_string())
        .unwrap_or_default();
    let message = if text.is_empty() {
        status
            .canonical_reason()
            .unwrap_or("request refused")
            .to_string()
    } else {
        text
    };
    let mut json = ApiError::new(status, message).into_response();
    for (name, value) in &parts.headers {
        if name != axum::http::header::CONTENT_TYPE && name != axum::http::header::CONTENT_LENGTH {
            json.headers_mut().insert(name.clone(), value.clone());
        }
    }
    json
}
