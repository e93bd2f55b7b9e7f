//! What `tmkit serve` is given: the TM, the address, the glossary, who may write and how
//! many requests are worked on at once.

use std::net::SocketAddr;
use std::path::PathBuf;

use super::auth::Token;
use super::ServeError;

/// The server's configuration.
#[derive(Debug, Clone)]
pub struct Config {
    /// The TM (it must exist).
    pub db: PathBuf,
    /// The address to listen on (loopback by default: a newsroom puts its reverse proxy,
    /// which adds TLS, in front).
    pub addr: SocketAddr,
    /// The glossary for `/api/check` and the page's check (a CSV or TBX file, or a folder
    /// of them); `None`: checks are refused with 404.
    pub glossary: Option<PathBuf>,
    /// The file holding the bearer token that writes need; `None`: the server is read-only.
    pub token_file: Option<PathBuf>,
    /// Requests worked on at once (threads reading the TM, and the runtime's threads).
    pub workers: usize,
    /// Who is recorded as the creator or changer of units written through the server.
    pub user: String,
}

impl Config {
    /// The default address: loopback, port 8750.
    pub const DEFAULT_ADDR: &'static str = "127.0.0.1:8750";

    /// A configuration serving `db` on the default address, read-only, without glossary,
    /// with a worker per CPU.
    pub fn new(db: PathBuf, user: String) -> Config {
        Config {
            db,
            addr: SocketAddr::from(([127, 0, 0, 1], 8750)),
            glossary: None,
            token_file: None,
            workers: default_workers(),
            user,
        }
    }

    /// Reads the token file, when there is one.
    pub(crate) fn token(&self) -> Result<Option<Token>, ServeError> {
        let Some(path) = &self.token_file else {
            return Ok(None);
        };
        let text = std::fs::read_to_string(path).map_err(|e| ServeError::TokenFile {
            path: path.clone(),
            message: e.to_string(),
        })?;
        Token::new(text.trim())
            .map(Some)
            .ok_or_else(|| ServeError::TokenFile {
                path: path.clone(),
                message: format!(
                    "the token must be {} to {} visible ASCII characters",
                    Token::MIN_LEN,
                    Token::MAX_LEN
                ),
            })
    }
}

/// One worker per CPU (at least 2, so that a long request never stops the others).
pub fn default_workers() -> usize {
    std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(2)
        .max(2)
}
