//! The TM as the server holds it ([`State`]): a pool of read connections, each request
//! reading through a session of its own on one of them, and one writer connection that
//! every write goes through; with them the glossary's checker and the write token.
//!
//! Work on the TM is blocking (SQLite), so it runs on the runtime's blocking threads, at
//! most `workers` requests at a time (a semaphore): more requests wait for a permit
//! instead of opening more connections, so memory and open files stay bounded.
//! Concordances have permits of their own (as many again): the first concordance after an
//! import adds the new units to the concordance tables, a write that waits while another
//! process imports, and a concordance waiting so must not keep lookups waiting too.

use std::path::PathBuf;
use std::sync::{Arc, Mutex, PoisonError};

use axum::http::StatusCode;
use tokio::sync::Semaphore;

use super::auth::Token;
use super::errors::ApiError;
use super::{Config, ServeError};
use crate::check::{Checker, Config as CheckConfig};
use crate::glossary::{Glossary, ProblemLevel};
use crate::store::{silent, Mode, Store};

/// What every request shares.
pub struct State {
    path: PathBuf,
    /// Read connections not in use.
    readers: Mutex<Vec<Store>>,
    /// The writer, opened on the first write.
    writer: Mutex<Option<Store>>,
    /// Requests working on the TM at once (all but concordances).
    permits: Semaphore,
    /// Concordances working on the TM at once.
    concordance_permits: Semaphore,
    /// The glossary, when the server has one: for checks, and for concordances (its names
    /// and terms are found in any of their forms, as `tmkit concordance` finds them).
    pub glossary: Option<&'static Glossary>,
    /// The glossary's checker, when the server has a glossary.
    pub checker: Option<Checker<'static>>,
    /// The token writes need; `None`: read-only.
    pub token: Option<Token>,
    /// Who writes through this server.
    pub user: String,
}

impl State {
    /// Opens the TM once (to check that it can be read, and to upgrade an older schema),
    /// reads the glossary and the token file.
    pub fn open(config: &Config) -> Result<State, ServeError> {
        if !config.db.is_file() {
            return Err(ServeError::Store(crate::store::StoreError::Open {
                path: config.db.clone(),
                source: rusqlite::Error::InvalidPath(config.db.clone()),
            }));
        }
        let first = Store::open_as(&config.db, Mode::Read, silent)?;
        let (glossary, checker) = match &config.glossary {
            None => (None, None),
            Some(path) => {
                let (glossary, checker) = checker(path)?;
                (Some(glossary), Some(checker))
            }
        };
        Ok(State {
            path: config.db.clone(),
            readers: Mutex::new(vec![first]),
            writer: Mutex::new(None),
            permits: Semaphore::new(config.workers.max(1)),
            concordance_permits: Semaphore::new(config.workers.max(1)),
            glossary,
            checker,
            token: config.token()?,
            user: config.user.clone(),
        })
    }

    /// Runs `f` with a read connection, on a blocking thread, once a permit is free. `f`
    /// opens the session it reads through (one per request).
    pub async fn read<T, F>(self: &Arc<Self>, f: F) -> Result<T, ApiError>
    where
        T: Send + 'static,
        F: FnOnce(&State, &Store) -> Result<T, ApiError> + Send + 'static,
    {
        self.read_on(&self.permits, f).await
    }

    /// As [`State::read`], for a concordance (on permits of its own).
    pub async fn read_concordance<T, F>(self: &Arc<Self>, f: F) -> Result<T, ApiError>
    where
        T: Send + 'static,
        F: FnOnce(&State, &Store) -> Result<T, ApiError> + Send + 'static,
    {
        self.read_on(&self.concordance_permits, f).await
    }

    async fn read_on<T, F>(self: &Arc<Self>, permits: &Semaphore, f: F) -> Result<T, ApiError>
    where
        T: Send + 'static,
        F: FnOnce(&State, &Store) -> Result<T, ApiError> + Send + 'static,
    {
        let state = Arc::clone(self);
        Self::blocking(permits, move || {
            let store = state.take_reader()?;
            let done = f(&state, &store);
            state
                .readers
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .push(store);
            done
        })
        .await
    }

    /// Runs `f` with the writer, on a blocking thread: one write at a time.
    pub async fn write<T, F>(self: &Arc<Self>, f: F) -> Result<T, ApiError>
    where
        T: Send + 'static,
        F: FnOnce(&State, &mut Store) -> Result<T, ApiError> + Send + 'static,
    {
        let state = Arc::clone(self);
        Self::blocking(&self.permits, move || {
            let mut writer = state.writer.lock().unwrap_or_else(PoisonError::into_inner);
            if writer.is_none() {
                *writer = Some(Store::open_as(&state.path, Mode::Existing, silent)?);
            }
            match writer.as_mut() {
                Some(store) => f(&state, store),
                None => Err(ApiError::new(
                    StatusCode::SERVICE_UNAVAILABLE,
                    "the TM's writer could not be opened",
                )),
            }
        })
        .await
    }

    async fn blocking<T: Send + 'static>(
        permits: &Semaphore,
        f: impl FnOnce() -> Result<T, ApiError> + Send + 'static,
    ) -> Result<T, ApiError> {
        let busy = || ApiError::new(StatusCode::SERVICE_UNAVAILABLE, "the server is stopping");
        let _permit = permits.acquire().await.map_err(|_| busy())?;
        match tokio::task::spawn_blocking(f).await {
            Ok(done) => done,
            Err(e) => Err(ApiError::new(
                StatusCode::INTERNAL_SERVER_ERROR,
                format!("the request's work failed: {e}"),
            )),
        }
    }

    fn take_reader(&self) -> Result<Store, ApiError> {
        let pooled = self
            .readers
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .pop();
        match pooled {
            Some(store) => Ok(store),
            None => Ok(Store::open_as(&self.path, Mode::Read, silent)?),
        }
    }
}

/// The glossary at `path` (for the source language `en`) and its checker, built once: they
/// live as long as the process, as the server does.
fn checker(path: &std::path::Path) -> Result<(&'static Glossary, Checker<'static>), ServeError> {
    let refused = |message: String| ServeError::Glossary {
        path: path.to_path_buf(),
        message,
    };
    let mut config = CheckConfig::default();
    // One request, one thread: the server already works on several requests at once.
    config.threads = 1;
    let glossary =
        Glossary::load_for(path, &config.source_lang).map_err(|e| refused(e.to_string()))?;
    let conflicts = glossary
        .problems
        .iter()
        .filter(|p| p.level == ProblemLevel::Error)
        .count();
    if conflicts > 0 {
        return Err(refused(format!(
            "{conflicts} conflicting entries (`tmkit glossary list` shows them): fix them first"
        )));
    }
    let glossary: &'static Glossary = Box::leak(Box::new(glossary));
    Ok((glossary, Checker::new(glossary, config)))
}
