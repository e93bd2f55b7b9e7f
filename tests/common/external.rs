//! What some tests need from outside the repository: the reference material in `../shared`
//! (Golden Rules cases, XML schemas and sample files) and the `xmllint` validator.
//!
//! On a developer's machine a test whose requirement is missing is skipped with a message
//! naming what is missing. When the `CI` environment variable is set (non-empty), as CI
//! services set it, the same test fails instead: a CI run must not pass by checking nothing.

use std::path::{Path, PathBuf};
use std::process::Command;

/// True when the `CI` environment variable is set and not empty.
pub fn under_ci() -> bool {
    std::env::var_os("CI").is_some_and(|v| !v.is_empty())
}

/// A requirement that is not there: what it is and where it was looked for.
struct Missing {
    what: String,
    looked: String,
}

/// Skips what needs `missing` (returns `None`, with a message on stderr) or, under CI,
/// fails naming everything that is missing.
fn unavailable<T>(missing: &[Missing]) -> Option<T> {
    let test = std::thread::current()
        .name()
        .unwrap_or("this test")
        .to_string();
    let list = missing
        .iter()
        .map(|m| format!("{} (looked for {})", m.what, m.looked))
        .collect::<Vec<_>>()
        .join("; ");
    if under_ci() {
        panic!(
            "{test} needs what is missing: {list}. CI is set, so this fails instead of skipping."
        );
    }
    eprintln!("{test}: skipping what needs {list} (with CI set, this fails)");
    None
}

/// The `shared` directory beside the repository (`../shared`).
pub fn shared_root() -> PathBuf {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    root.parent().unwrap_or(root).join("shared")
}

fn shared_missing(rel: &str) -> Option<Missing> {
    let path = shared_root().join(rel);
    (!path.exists()).then(|| Missing {
        what: format!("../shared/{rel}"),
        looked: path.display().to_string(),
    })
}

/// `../shared/REL` (a file or a directory) when it exists; otherwise skips, or fails
/// under CI.
pub fn shared(rel: &str) -> Option<PathBuf> {
    match shared_missing(rel) {
        None => Some(shared_root().join(rel)),
        Some(m) => unavailable(&[m]),
    }
}

fn xmllint_missing() -> Option<Missing> {
    let runs = Command::new("xmllint")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    (!runs).then(|| Missing {
        what: "xmllint (apt-get install libxml2-utils)".into(),
        looked: "`xmllint` on the PATH".into(),
    })
}

/// `xmllint` with the schemas and DTDs of `../shared/formats`.
pub struct Xmllint {
    formats: PathBuf,
}

impl Xmllint {
    /// Both `../shared/formats` and `xmllint` when present; otherwise skips, or fails
    /// under CI naming whichever is missing.
    pub fn find() -> Option<Xmllint> {
        let missing: Vec<Missing> = [shared_missing("formats"), xmllint_missing()]
            .into_iter()
            .flatten()
            .collect();
        if missing.is_empty() {
            Some(Xmllint {
                formats: shared_root().join("formats"),
            })
        } else {
            unavailable(&missing)
        }
    }

    /// `../shared/formats`.
    pub fn formats(&self) -> &Path {
        &self.formats
    }

    /// Asserts that `file` is valid against the DTD `../shared/formats/DTD`.
    pub fn assert_dtd_valid(&self, dtd: &str, file: &Path) {
        self.assert_valid(
            &[
                "--path".as_ref(),
                self.formats.as_os_str(),
                "--dtdvalid".as_ref(),
                self.formats.join(dtd).as_os_str(),
            ],
            file,
        );
    }

    /// Asserts that `file` is valid against the XML schema `../shared/formats/XSD`.
    pub fn assert_schema_valid(&self, xsd: &str, file: &Path) {
        self.assert_valid(
            &["--schema".as_ref(), self.formats.join(xsd).as_os_str()],
            file,
        );
    }

    /// Runs `xmllint --nonet --noout ARGS FILE` with the shared catalog; asserts it passes.
    fn assert_valid(&self, args: &[&std::ffi::OsStr], file: &Path) {
        let out = Command::new("xmllint")
            .env("XML_CATALOG_FILES", self.formats.join("catalog.xml"))
            .args(["--nonet", "--noout"])
            .args(args)
            .arg(file)
            .output()
            .expect("xmllint runs");
        assert!(
            out.status.success(),
            "xmllint: {} is not valid: {}",
            file.display(),
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

/// A headless Chromium and its WebDriver (Debian's `chromium` and `chromium-driver`).
pub struct Chromium {
    /// The browser.
    pub browser: PathBuf,
    /// `chromedriver`.
    pub driver: PathBuf,
}

impl Chromium {
    /// Both programs when they run; otherwise skips, or fails under CI naming whichever is
    /// missing.
    pub fn find() -> Option<Chromium> {
        // The full path: chromedriver wants one for the browser.
        let on_path = |name: &str| {
            std::env::split_paths(&std::env::var_os("PATH").unwrap_or_default())
                .map(|d| d.join(name))
                .find(|p| p.is_file())
        };
        let found = |names: &[&str]| {
            names.iter().filter_map(|n| on_path(n)).find(|p| {
                Command::new(p)
                    .arg("--version")
                    .output()
                    .is_ok_and(|o| o.status.success())
            })
        };
        let browser = found(&["chromium", "chromium-browser", "google-chrome"]);
        let driver = found(&["chromedriver"]);
        let mut missing = Vec::new();
        if browser.is_none() {
            missing.push(Missing {
                what: "a Chromium browser (apt-get install chromium)".into(),
                looked: "`chromium`, `chromium-browser`, `google-chrome` on the PATH".into(),
            });
        }
        if driver.is_none() {
            missing.push(Missing {
                what: "chromedriver (apt-get install chromium-driver)".into(),
                looked: "`chromedriver` on the PATH".into(),
            });
        }
        match (browser, driver) {
            (Some(browser), Some(driver)) => Some(Chromium { browser, driver }),
            _ => unavailable(&missing),
        }
    }
}
