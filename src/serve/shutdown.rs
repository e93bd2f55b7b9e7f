//! Stopping: SIGINT (Ctrl-C) or SIGTERM (a service manager, a container) ends the server
//! gracefully: it stops accepting connections, answers the requests in flight, and returns.

use std::future::Future;

/// Resolves at the first SIGINT or SIGTERM, or when `other` does (tests, benchmarks).
pub async fn signalled(other: impl Future<Output = ()>) {
    let interrupt = async {
        if tokio::signal::ctrl_c().await.is_err() {
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = interrupt => eprintln!("tmkit serve: interrupted: answering the requests in flight, then stopping"),
        () = terminate => eprintln!("tmkit serve: terminated: answering the requests in flight, then stopping"),
        () = other => {}
    }
}
