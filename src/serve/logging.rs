//! One line per request on stderr: when (UTC), from where, the method and path (never the
//! query string or body, which hold the newsroom's texts), the status, the time taken and
//! the size of the answer.
//!
//! `2026-11-30T05:12:09Z 127.0.0.1:51234 GET /api/lookup 200 1.84ms 2113B`

use std::net::SocketAddr;
use std::time::Instant;

use axum::body::HttpBody;
use axum::extract::{ConnectInfo, Request};
use axum::middleware::Next;
use axum::response::Response;

use crate::store::time::now_utc;

/// The logging middleware.
pub async fn log(req: Request, next: Next) -> Response {
    let started = Instant::now();
    let peer = req
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|c| c.0.to_string())
        .unwrap_or_else(|| "-".into());
    let method = req.method().clone();
    let path = req.uri().path().to_string();
    let resp = next.run(req).await;
    let size = resp
        .body()
        .size_hint()
        .exact()
        .map_or_else(|| "-".to_string(), |n| format!("{n}B"));
    eprintln!(
        "{} {peer} {method} {} {} {:.2}ms {size}",
        now_utc(),
        printable(&path),
        resp.status().as_u16(),
        started.elapsed().as_secs_f64() * 1000.0
    );
    resp
}

/// The path as logged: at most 200 characters, control characters escaped (a log line
/// stays one line whatever a client sends).
fn printable(path: &str) -> String {
    let mut s: String = path
        .chars()
        .take(200)
        .flat_map(char::escape_default)
        .collect();
    if path.chars().count() > 200 {
        s.push('…');
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_logged_path_stays_one_short_line() {
        assert_eq!(printable("/api/units/12"), "/api/units/12");
        assert_eq!(printable("/a\nb"), "/a\\nb");
        assert!(printable(&"/x".repeat(500)).chars().count() <= 201);
    }
}
