//! `tmkit serve`: the TM behind an HTTP server, for translators (an HTML page that works
//! without JavaScript) and for tools (a JSON API giving the same JSON as the command line's
//! `--json`).
//!
//! A thin face over the same library as the command line: every request reads the TM
//! through a read session of its own (one snapshot, on one of a pool of read connections),
//! and writes (`POST /api/units`, `DELETE /api/units/ID`) go through the one writer,
//! `import::add` and `import::delete`, on a connection of their own. The TM is in WAL mode,
//! so lookups keep answering while another process imports into it.
//!
//! One concept per file: [`Config`] (`config`: what `tmkit serve` is given), `tm` (the read
//! pool and the writer), `work` (what a request asks of the library, shared by both faces),
//! `api` (the JSON routes), `page` (the HTML page), `routes` (the router), `errors` (JSON
//! errors with their status), `auth` (bearer tokens for writes), `limits` (bounds on what a
//! request may ask), `logging` (one line per request on stderr) and `shutdown` (SIGINT and
//! SIGTERM end the server once the requests in flight are answered).

mod api;
mod auth;
mod config;
mod errors;
mod limits;
mod logging;
mod page;
mod routes;
mod shutdown;
mod tm;
mod work;

use std::net::SocketAddr;
use std::sync::Arc;

pub use config::Config;
pub use errors::ServeError;
pub use limits::{
    MAX_BODY_BYTES, MAX_CONCORDANCE_LIMIT, MAX_LOOKUP_LIMIT, MAX_PHRASE_BYTES, MAX_QUERY_BYTES,
    MAX_REPORT_SEGMENTS, MIN_SCORE,
};

/// Runs the server until SIGINT or SIGTERM (or `shutdown` resolving), then lets the
/// requests in flight finish and returns. `on_ready` is called once the address is bound
/// (with the port chosen, for an address with port 0), before the first request is read.
pub fn serve(
    config: Config,
    on_ready: impl FnOnce(SocketAddr),
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> Result<(), ServeError> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(config.workers)
        // Lookups and writes on `workers` threads, concordances on as many (see `tm`).
        .max_blocking_threads(2 * config.workers)
        .thread_name("tmkit-serve")
        .enable_io()
        .enable_time()
        .build()
        .map_err(ServeError::Runtime)?;
    let state = Arc::new(tm::State::open(&config)?);
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::bind(config.addr)
            .await
            .map_err(|e| ServeError::Bind(config.addr, e))?;
        let addr = listener
            .local_addr()
            .map_err(|e| ServeError::Bind(config.addr, e))?;
        on_ready(addr);
        let app = routes::router(state);
        axum::serve(
            listener,
            app.into_make_service_with_connect_info::<SocketAddr>(),
        )
        .with_graceful_shutdown(shutdown::signalled(shutdown))
        .await
        .map_err(ServeError::Serve)
    })
}
