//! `tmkit serve`'s page in a real browser: headless Chromium driven through WebDriver
//! (chromedriver), as a translator uses it: typing a sentence and submitting it, pasting a
//! report for its band table, and a TM holding hostile markup that must stay text.
//!
//! Skipped with a message when Chromium or chromedriver is missing (`apt-get install
//! chromium chromium-driver`); with `CI` set, failed instead.

mod common;

use std::path::PathBuf;
use std::process::{Child, Stdio};
use std::time::{Duration, Instant};

use common::external::Chromium;
use common::server::Server;
use common::tmkit_db;
use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::json;
use tempfile::TempDir;

/// chromedriver on a free loopback port, stopped when dropped.
struct Driver {
    child: Child,
    url: String,
}

impl Driver {
    fn start(chromium: &Chromium) -> Driver {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .map(|a| a.port())
            .unwrap();
        let child = std::process::Command::new(&chromium.driver)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("chromedriver starts");
        let url = format!("http://127.0.0.1:{port}");
        let started = Instant::now();
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(
                started.elapsed() < Duration::from_secs(30),
                "chromedriver does not listen"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
        Driver { child, url }
    }

    async fn browser(&self, chromium: &Chromium) -> Client {
        let mut caps = serde_json::Map::new();
        caps.insert(
            "goog:chromeOptions".into(),
            json!({
                "binary": chromium.browser,
                "args": ["--headless=new", "--no-sandbox", "--disable-gpu",
                         "--disable-dev-shm-usage", "--window-size=1100,900"],
            }),
        );
        ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
            .capabilities(caps)
            .connect(&self.url)
            .await
            .expect("a browser session")
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn corpus_tm() -> (TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("tm.db");
    tmkit_db(&db)
        .arg("import")
        .arg(common::corpus())
        .assert()
        .success();
    (dir, db)
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
}

#[test]
fn a_translator_types_a_sentence_submits_it_and_sees_the_kazakh_match() {
    let Some(chromium) = Chromium::find() else {
        return;
    };
    let (_dir, db) = corpus_tm();
    let server = Server::start(&db, &[]);
    let driver = Driver::start(&chromium);
    runtime().block_on(async {
        let c = driver.browser(&chromium).await;
        c.goto(&format!("{}/", server.base)).await.unwrap();
        let box_ = c.find(Locator::Css("textarea#q")).await.unwrap();
        box_.send_keys(
            "ALMATY, Kazakhstan -- Police in Almaty have removed a tent put up by protesters \
             outside the Chinese Consulate, where they demand the release of relatives held in \
             prisons and so-called reeducation camps in China's northwestern Xinjiang region.",
        )
        .await
        .unwrap();
        c.find(Locator::Css("form button[type=submit]"))
            .await
            .unwrap()
            .click()
            .await
            .unwrap();
        c.wait()
            .for_element(Locator::Css("article.match"))
            .await
            .unwrap();
        let kk = c
            .find(Locator::Css("article.match .target[lang=kk] p"))
            .await
            .unwrap();
        let text = kk.text().await.unwrap();
        assert!(
            text.to_lowercase().contains("алматы"),
            "the Kazakh translation: {text}"
        );
        let score = c
            .find(Locator::Css("article.match .score"))
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(score.ends_with('%'), "{score}");
        // The differences are marked: words to delete and to insert.
        assert!(!c
            .find_all(Locator::Css("article.match del"))
            .await
            .unwrap()
            .is_empty());
        assert!(!c
            .find_all(Locator::Css("article.match ins"))
            .await
            .unwrap()
            .is_empty());
        // The Russian translation is beside it.
        let ru = c
            .find(Locator::Css("article.match .target[lang=ru] p"))
            .await
            .unwrap();
        assert!(!ru.text().await.unwrap().is_empty());
        assert!(c.current_url().await.unwrap().as_str().contains("q=ALMATY"));
        c.close().await.unwrap();
    });
}

#[test]
fn a_pasted_report_shows_its_band_table() {
    let Some(chromium) = Chromium::find() else {
        return;
    };
    let (_dir, db) = corpus_tm();
    let server = Server::start(&db, &[]);
    let driver = Driver::start(&chromium);
    let report = std::fs::read_to_string(common::corpus().join("05-100th-day.en.txt")).unwrap();
    let report = format!("{report}\n\nA sentence nobody has translated before.\n");
    runtime().block_on(async {
        let c = driver.browser(&chromium).await;
        c.goto(&format!("{}/analyze", server.base)).await.unwrap();
        let area = c.find(Locator::Css("textarea#text")).await.unwrap();
        area.send_keys(&report).await.unwrap();
        c.find(Locator::Css("form button[type=submit]"))
            .await
            .unwrap()
            .click()
            .await
            .unwrap();
        let table = c
            .wait()
            .for_element(Locator::Css("table#bands"))
            .await
            .unwrap();
        let text = table.text().await.unwrap();
        for label in ["101%", "Repetitions", "100%", "No match", "Total"] {
            assert!(text.contains(label), "{label} in {text}");
        }
        let rows = c
            .find_all(Locator::Css("table#bands tbody tr"))
            .await
            .unwrap();
        assert_eq!(rows.len(), 8);
        // The report's own sentences are in the TM (as 101% matches in their context); the
        // new one is not.
        let context = rows[0].text().await.unwrap();
        assert!(!context.starts_with("101% 0 "), "{context}");
        let none = rows[7].text().await.unwrap();
        assert!(none.starts_with("No match 1 "), "{none}");
        c.close().await.unwrap();
    });
}

#[test]
fn hostile_tm_text_shows_as_text_and_never_runs() {
    let Some(chromium) = Chromium::find() else {
        return;
    };
    let (_dir, db) = corpus_tm();
    let source = "<script>document.title='pwned'</script> Police detained <b>activists</b> near the consulate.";
    tmkit_db(&db)
        .args(["add", source])
        .arg("--target=kk=<img src=x onerror=\"document.title='pwned'\"> Полиция белсенділерді ұстады.")
        .arg("--target=ru=</p><script>document.title='pwned'</script> Полиция задержала активистов.")
        .assert()
        .success();
    let server = Server::start(&db, &[]);
    let driver = Driver::start(&chromium);
    runtime().block_on(async {
        let c = driver.browser(&chromium).await;
        let q = common::server::encode(source);
        for page in [
            format!("/?q={q}&min=50"),
            "/concordance?q=activists".to_string(),
        ] {
            c.goto(&format!("{}{page}", server.base)).await.unwrap();
            c.wait().for_element(Locator::Css("article")).await.unwrap();
            let title = c.title().await.unwrap();
            assert!(
                !title.contains("pwned"),
                "{page}: the TM's script ran: {title}"
            );
            let body = c
                .find(Locator::Css("main"))
                .await
                .unwrap()
                .text()
                .await
                .unwrap();
            assert!(
                body.contains("<script>document.title='pwned'</script>"),
                "{page}: {body}"
            );
            assert!(body.contains("<img src=x onerror="), "{page}: {body}");
            // No element came from the TM's markup.
            assert!(c
                .find_all(Locator::Css("main script, main img, main b"))
                .await
                .unwrap()
                .is_empty());
        }
        c.close().await.unwrap();
    });
}
