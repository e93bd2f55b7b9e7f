//! A `tmkit serve` process for the tests: started on a free loopback port (`--addr
//! 127.0.0.1:0`, the port read from its first line on stderr), its log kept, and stopped
//! when dropped; with a blocking HTTP client that returns every status and its JSON.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Stdio};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde_json::Value;

/// A running `tmkit serve`.
pub struct Server {
    child: Child,
    /// `http://127.0.0.1:PORT`.
    pub base: String,
    log: Arc<Mutex<Vec<String>>>,
    reader: Option<std::thread::JoinHandle<()>>,
}

impl Server {
    /// `tmkit --db DB serve --addr 127.0.0.1:0 ARGS…` in the repository (where
    /// `glossary/` is), once it listens.
    pub fn start(db: &Path, args: &[&str]) -> Server {
        Server::start_in(super::root(), db, args)
    }

    /// As [`Server::start`], run in `dir`.
    pub fn start_in(dir: &Path, db: &Path, args: &[&str]) -> Server {
        let mut child = super::tmkit_process(db)
            .args(["serve", "--addr", "127.0.0.1:0"])
            .args(args)
            .current_dir(dir)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("tmkit serve starts");
        let mut stderr = BufReader::new(child.stderr.take().expect("stderr piped"));
        let mut first = String::new();
        stderr
            .read_line(&mut first)
            .expect("tmkit serve says where it listens");
        let base = first
            .split_whitespace()
            .find_map(|w| w.strip_prefix("http://"))
            .map(|a| format!("http://{}", a.trim_end_matches('/')))
            .unwrap_or_else(|| {
                let _ = child.kill();
                panic!("tmkit serve did not start: {first}")
            });
        let log = Arc::new(Mutex::new(vec![first.trim_end().to_string()]));
        let keep = Arc::clone(&log);
        let reader = std::thread::spawn(move || {
            for line in stderr.lines().map_while(Result::ok) {
                keep.lock().unwrap().push(line);
            }
        });
        Server {
            child,
            base,
            log,
            reader: Some(reader),
        }
    }

    /// The lines logged on stderr so far.
    pub fn log(&self) -> Vec<String> {
        self.log.lock().unwrap().clone()
    }

    /// `METHOD PATH` with a JSON body and a bearer token, when given: the status and the
    /// JSON answered (`Value::Null` when the body is not JSON).
    pub fn call(
        &self,
        method: &str,
        path: &str,
        body: Option<&str>,
        token: Option<&str>,
    ) -> (u16, Value) {
        let (status, text) = self.call_text(method, path, body, token);
        (status, serde_json::from_str(&text).unwrap_or(Value::Null))
    }

    /// As [`Server::call`], the body as text.
    pub fn call_text(
        &self,
        method: &str,
        path: &str,
        body: Option<&str>,
        token: Option<&str>,
    ) -> (u16, String) {
        let agent = ureq::AgentBuilder::new()
            .timeout(Duration::from_secs(120))
            .build();
        let mut req = agent.request(method, &format!("{}{path}", self.base));
        if let Some(t) = token {
            req = req.set("Authorization", &format!("Bearer {t}"));
        }
        let done = match body {
            Some(b) => req.set("Content-Type", "application/json").send_string(b),
            None => req.call(),
        };
        match done {
            Ok(r) => (r.status(), r.into_string().expect("a readable body")),
            Err(ureq::Error::Status(code, r)) => (code, r.into_string().unwrap_or_default()),
            Err(e) => panic!("{method} {path}: {e}"),
        }
    }

    /// `GET PATH`.
    pub fn get(&self, path: &str) -> (u16, Value) {
        self.call("GET", path, None, None)
    }

    /// `POST PATH` with a JSON body.
    pub fn post(&self, path: &str, body: &Value) -> (u16, Value) {
        self.call("POST", path, Some(&body.to_string()), None)
    }

    /// The process id (to send it signals).
    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// Waits for the process to end by itself (after a signal); its exit status and log.
    pub fn wait(mut self) -> (std::process::ExitStatus, Vec<String>) {
        let status = self.child.wait().expect("tmkit serve ends");
        if let Some(r) = self.reader.take() {
            let _ = r.join();
        }
        (status, self.log())
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A query string value, percent-encoded.
pub fn encode(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(b as char)
            }
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}
