//! `tmkit serve`.

use std::net::SocketAddr;
use std::path::PathBuf;

use anyhow::Context;
use tmkit::serve::{self, Config};

use super::{Global, EXIT_OK};

const SERVE_HELP: &str = "\
Examples:
  tmkit serve                                      http://127.0.0.1:8750/ (read-only)
  tmkit serve --db /srv/tm/desk.db --glossary glossary --token-file /etc/tmkit/token
  tmkit serve --addr 127.0.0.1:0                   any free port (printed on stderr)
  curl 'http://127.0.0.1:8750/api/lookup?q=Police+detained+activists.&min=60'
  curl -H \"Authorization: Bearer $(cat token)\" -d '{\"source\":\"…\",\"targets\":{\"kk\":\"…\"}}' \\
       http://127.0.0.1:8750/api/units

The page (/) works without JavaScript; the API (/api/…) answers with the JSON of the
commands' --json. Writes need --token-file and `Authorization: Bearer TOKEN`. One line
per request is logged on stderr; SIGINT or SIGTERM stop the server once the requests in
flight are answered. Put a reverse proxy in front for TLS (see the README).";

/// Arguments of `tmkit serve`.
#[derive(Debug, clap::Args)]
#[command(after_help = SERVE_HELP)]
pub struct ServeArgs {
    /// Address to listen on (loopback by default; port 0: any free port).
    #[arg(long, value_name = "ADDR", default_value = Config::DEFAULT_ADDR)]
    pub addr: SocketAddr,
    /// Glossary for the checks (a CSV or TBX file, or a folder of them; default:
    /// ./glossary when it exists, else checks are refused).
    #[arg(long, value_name = "PATH")]
    pub glossary: Option<PathBuf>,
    /// File holding the bearer token that writes need (without it the server is read-only).
    #[arg(long, value_name = "FILE")]
    pub token_file: Option<PathBuf>,
    /// Requests worked on at once [default: one per CPU, at least 2].
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..=256))]
    pub workers: Option<u16>,
}

/// `tmkit serve`.
pub fn run(g: &Global, a: ServeArgs) -> anyhow::Result<i32> {
    let db = super::tm::existing_tm(g)?;
    let mut config = Config::new(db, super::tm::user(g));
    config.addr = a.addr;
    config.glossary = a.glossary.or_else(|| {
        let default = PathBuf::from("glossary");
        default.is_dir().then_some(default)
    });
    config.token_file = a.token_file;
    if let Some(n) = a.workers {
        config.workers = usize::from(n);
    }
    let access = if config.token_file.is_some() {
        "writes with the bearer token"
    } else {
        "read-only"
    };
    let glossary = config.glossary.as_ref().map_or_else(
        || "no glossary".to_string(),
        |p| format!("glossary {}", p.display()),
    );
    let db = config.db.display().to_string();
    // The fuzzy-match index is brought up to date before the first request, not by it
    // (after an upgrade that changed its layout, that takes seconds per million units).
    {
        let store = super::tm::open_for_read(g)?;
        let session =
            tmkit::fuzzy::lookup_session_with_progress(&store, &mut super::lookup::IndexNotice)
                .context("updating the fuzzy-match index")?;
        session.end()?;
    }
    serve::serve(
        config,
        |addr| eprintln!("tmkit serve: {db} on http://{addr}/ ({access}; {glossary})"),
        std::future::pending(),
    )?;
    eprintln!("tmkit serve: stopped");
    Ok(EXIT_OK)
}
