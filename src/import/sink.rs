//! [`Sink`]: the one writer every import, `add` and merge writes through, and the only
//! public way to write units. It stores units with the TM's [`Writer`] and hands their
//! tokens to the fuzzy-match index's [`Feed`] in the same transaction, so the index is kept
//! in step by the writer itself.

use std::collections::HashMap;

use crate::index::{Feed, IndexError, Tokenizer, UnitTokens};
use crate::store::{Change, Occurrence, PreparedUnit, StoreError, Tx, UnitInput, Writer};

/// Why a [`Sink`] could not store something.
#[derive(Debug, thiserror::Error)]
pub enum SinkError {
    /// The TM refused it.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// The index could not take it.
    #[error(transparent)]
    Index(#[from] IndexError),
}

/// Where units go: the TM's writer (one for the whole transaction, its statements prepared
/// once) and, while the fuzzy-match index is complete, a [`Feed`] that indexes new units as
/// they are stored. When the index is not complete (or a unit comes without its tokens),
/// the feed stops and the transaction's final `sync_index` indexes what it missed.
///
/// Readers that run on their own thread tokenize their units there, with a tokenizer the
/// sink gives them; other writers let the sink tokenize. The feed numbers tokens per
/// tokenizer, so it starts afresh whenever another tokenizer takes over.
///
/// Outside this module a sink is opened on a transaction, handed to the importers that
/// take one ([`import_table`](super::import_table), [`import_tmx`](super::import_tmx),
/// [`import_tmx_from`](super::import_tmx_from)) or given units ([`Sink::add`],
/// [`Sink::add_occurrence`]), and finished ([`Sink::finish`]); then `sync_index` brings the
/// index in step with whatever the feed missed, and the transaction is committed (as
/// [`run`](super::run) does). Open one sink per transaction: each has its own writer, and
/// a writer counts on being the only one adding units.
pub struct Sink<'t> {
    tx: &'t Tx<'t>,
    writer: Writer<'t>,
    feed: Option<Feed<'t>>,
    /// The feed has taken units since it started.
    fed: bool,
    /// The sink's own tokenizer, for units stored without tokens.
    own: Option<Tokenizer>,
    /// Documents found or recorded for occurrences: (path, language) → id.
    documents: HashMap<(String, String), i64>,
    /// The document found last (units of one document come together).
    last_document: Option<(String, String, i64)>,
}

impl<'t> Sink<'t> {
    /// A sink writing into `tx`. Call [`Sink::finish`] before committing `tx`: the feed
    /// records how far the index reaches only then.
    pub fn new(tx: &'t Tx<'t>) -> Result<Self, SinkError> {
        let feed = Feed::start(tx.conn())?;
        Self::with_feed(tx, feed)
    }

    /// A sink writing into `tx` that leaves the fuzzy-match index alone: the units it
    /// stores are indexed by the next `sync_index` (or by the next lookup session, which
    /// brings a stale index up to date first). For building the index apart from storing,
    /// to time it or to test how a lookup catches up.
    pub fn index_later(tx: &'t Tx<'t>) -> Result<Self, SinkError> {
        Self::with_feed(tx, None)
    }

    fn with_feed(tx: &'t Tx<'t>, feed: Option<Feed<'t>>) -> Result<Self, SinkError> {
        Ok(Sink {
            tx,
            writer: tx.writer()?,
            feed,
            fed: false,
            own: None,
            documents: HashMap::new(),
            last_document: None,
        })
    }

    /// The transaction written to (documents are recorded through it).
    pub(crate) fn tx(&self) -> &'t Tx<'t> {
        self.tx
    }

    /// Adds a unit, or merges it into the unit with the same source: new target languages
    /// are added, changed translations replace the old ones (and update the change time),
    /// identical ones change nothing. Returns the unit id and what happened. A bad
    /// language tag or an empty source is an error ([`StoreError`]).
    pub fn add(&mut self, unit: UnitInput) -> Result<(i64, Change), SinkError> {
        self.store(&PreparedUnit::new(unit)?)
    }

    /// Stores a unit (the sink tokenizes it for the index); returns its id and what
    /// happened.
    pub(crate) fn store(&mut self, unit: &PreparedUnit) -> Result<(i64, Change), SinkError> {
        if self.feed.is_some() && self.own.is_none() {
            self.restart_feed()?;
            self.own = Some(Tokenizer::default());
        }
        let mut tokens = match (&self.feed, self.own.as_mut()) {
            (Some(_), Some(t)) => Some(t.tokens(unit.source_nfc())),
            _ => None,
        };
        self.store_tokenized(unit, tokens.as_mut())
    }

    /// A tokenizer for a reader that tokenizes its units on its own thread and stores them
    /// with [`Sink::store_tokenized`], or `None` when the index does not take units as they
    /// are stored. It serves until the next call of this method or of [`Sink::store`].
    pub(crate) fn reader_tokenizer(&mut self) -> Result<Option<Tokenizer>, SinkError> {
        self.own = None;
        self.restart_feed()?;
        Ok(self.feed.as_ref().map(|_| Tokenizer::default()))
    }

    /// Stores a unit with the tokens the reader's tokenizer gave it (every unit that
    /// tokenizer read comes here, in order); returns its id and what happened.
    pub(crate) fn store_tokenized(
        &mut self,
        unit: &PreparedUnit,
        tokens: Option<&mut UnitTokens>,
    ) -> Result<(i64, Change), SinkError> {
        let (id, change) = self.writer.upsert(unit)?;
        match (self.feed.as_mut(), tokens) {
            (Some(feed), Some(tokens)) => {
                feed.unit(
                    self.tx.conn(),
                    tokens,
                    (change == Change::Added).then_some(id),
                )?;
                self.fed = true;
            }
            (Some(_), None) => self.stop_feed()?,
            (None, _) => {}
        }
        Ok((id, change))
    }

    /// Records where unit `unit_id`'s source occurred (replacing what stood at that
    /// position). The document is one the transaction recorded
    /// ([`Tx::record_document`]).
    pub fn add_occurrence(&mut self, unit_id: i64, occ: &Occurrence) -> Result<(), SinkError> {
        Ok(self.writer.add_occurrence(unit_id, occ)?)
    }

    /// The id of the document `path` (in `lang`) for occurrences read from a TM exchange
    /// file: the recorded one, else a new record with an empty hash (unknown content, so a
    /// later import of the document itself replaces these occurrences).
    pub(crate) fn document_for_occurrences(
        &mut self,
        path: &str,
        lang: &str,
    ) -> Result<i64, SinkError> {
        if let Some((p, l, id)) = &self.last_document {
            if p == path && l == lang {
                return Ok(*id);
            }
        }
        let key = (path.to_string(), lang.to_string());
        let id = match self.documents.get(&key) {
            Some(id) => *id,
            None => {
                let id = match self.tx.document(path, lang)? {
                    Some(d) => d.id,
                    None => self.tx.record_document(path, lang, "")?,
                };
                self.documents.insert(key.clone(), id);
                id
            }
        };
        self.last_document = Some((key.0, key.1, id));
        Ok(id)
    }

    /// Alternative translations stored so far: variants added to a unit that already held
    /// one of their language.
    pub fn alternatives(&self) -> u64 {
        self.writer.alternatives()
    }

    /// Finishes the index feed. The transaction is the caller's to commit.
    pub fn finish(mut self) -> Result<(), SinkError> {
        self.stop_feed()
    }

    /// Starts the feed afresh (for another tokenizer) when it has taken units.
    fn restart_feed(&mut self) -> Result<(), SinkError> {
        if self.fed {
            self.stop_feed()?;
            self.feed = Feed::start(self.tx.conn())?;
        }
        Ok(())
    }

    /// Writes what the feed holds and records its watermark; later units wait for
    /// `sync_index`.
    fn stop_feed(&mut self) -> Result<(), SinkError> {
        self.fed = false;
        if let Some(feed) = self.feed.take() {
            feed.finish(self.tx.conn())?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;
    use std::io::Write;
    use std::path::Path;

    use rusqlite::Connection;

    use super::*;
    use crate::import::plan::import_input;
    use crate::import::{import_table, Options, Plan};
    use crate::index::{needs_sync, sync_index};
    use crate::input::{Dialect, NoProgress};
    use crate::store::{Store, UnitInput, VariantInput};

    /// The index as text: every token with its df, postings (by unit source) and every
    /// unit's token sequence, independent of id assignment.
    fn dump(conn: &Connection) -> BTreeMap<String, String> {
        let mut out = BTreeMap::new();
        let source = |id: i64| -> String {
            conn.query_row("SELECT source FROM units WHERE id = ?1", [id], |r| r.get(0))
                .unwrap()
        };
        let mut tokens = conn
            .prepare("SELECT id, token, df, lens FROM fz_tokens ORDER BY token")
            .unwrap();
        let rows: Vec<(i64, String, i64, Option<Vec<u8>>)> = tokens
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        let mut names = std::collections::HashMap::new();
        for (id, token, df, lens) in rows {
            let mut entries = Vec::new();
            let mut chunks = conn
                .prepare("SELECT len, data FROM fz_postings WHERE token_id = ?1")
                .unwrap();
            let blobs: Vec<(u32, Vec<u8>)> = chunks
                .query_map([id], |r| Ok((r.get(0)?, r.get(1)?)))
                .unwrap()
                .collect::<Result<_, _>>()
                .unwrap();
            for (len, b) in blobs {
                let mut units = Vec::new();
                crate::index::postings::decode_into(&b, &mut units).unwrap();
                entries.extend(units.into_iter().map(|u| (u, len)));
            }
            let mut list: Vec<String> = entries
                .iter()
                .map(|(u, len)| format!("{}/{len}", source(*u)))
                .collect();
            list.sort();
            out.insert(
                format!("token {token}"),
                format!("df {df}, lengths {lens:?}: {list:?}"),
            );
            names.insert(id, token);
        }
        let mut units = conn.prepare("SELECT id, toks FROM fz_units").unwrap();
        let rows: Vec<(i64, Vec<u8>)> = units
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        for (id, toks) in rows {
            let mut seq = Vec::new();
            crate::index::postings::for_each_token(&toks, |t| seq.push(names[&t].clone())).unwrap();
            out.insert(format!("unit {}", source(id)), seq.join(" "));
        }
        out
    }

    /// The index `sync_index` builds over the units of `fed` (their sources, in id order),
    /// stored in a new TM without the sink.
    fn synced_dump(fed: &Store, dir: &Path) -> BTreeMap<String, String> {
        let mut sources = Vec::new();
        fed.for_each_unit::<StoreError, _>(|u| {
            sources.push((u.src_lang, u.source));
            Ok(())
        })
        .unwrap();
        let mut synced = Store::open(&dir.join("synced.db")).unwrap();
        let tx = synced.begin("t").unwrap();
        {
            let mut w = tx.writer().unwrap();
            for (src_lang, source) in sources {
                let unit = UnitInput {
                    src_lang,
                    source,
                    ..Default::default()
                };
                w.upsert(&PreparedUnit::new(unit).unwrap()).unwrap();
            }
        }
        sync_index(tx.conn()).unwrap();
        tx.commit().unwrap();
        dump(synced.conn())
    }

    fn rows() -> Vec<(String, String)> {
        let mut rows: Vec<(String, String)> = tmkit_testkit::corpus(3000, 7)
            .map(|u| (u.source, u.kk))
            .collect();
        // A repeated source (unchanged the second time) and a decomposed one.
        rows.push(rows[10].clone());
        rows.push(("Cafe\u{301} owners met in Almaty.".into(), "Кафе.".into()));
        rows
    }

    /// Imports the table `tsv` through a sink in `tx`, checks that the index was fed in
    /// full, and commits.
    fn import_fed(tx: crate::store::Tx<'_>, tsv: &Path) {
        let mut sink = Sink::new(&tx).unwrap();
        let opts = Options::default();
        import_table(&mut sink, tsv, Dialect::Tsv, &opts, &mut NoProgress).unwrap();
        sink.finish().unwrap();
        assert!(!needs_sync(tx.conn()).unwrap(), "fed in full");
        tx.commit().unwrap();
    }

    fn write_tsv(path: &Path, rows: &[(String, String)]) {
        let mut f = std::fs::File::create(path).unwrap();
        writeln!(f, "en\tkk").unwrap();
        for (en, kk) in rows {
            writeln!(f, "{en}\t{kk}").unwrap();
        }
    }

    #[test]
    fn feeding_an_import_builds_the_index_sync_index_would_build() {
        let dir = tempfile::tempdir().unwrap();
        let tsv = dir.path().join("units.tsv");
        write_tsv(&tsv, &rows());

        let mut fed = Store::open(&dir.path().join("fed.db")).unwrap();
        let tx = fed.begin("t").unwrap();
        import_fed(tx, &tsv);

        let (a, b) = (dump(fed.conn()), synced_dump(&fed, dir.path()));
        assert!(a.len() > 3000);
        assert_eq!(a, b);
    }

    #[test]
    fn imports_in_runs_into_a_tm_with_an_index_build_what_sync_index_would_build() {
        // Tests write an index batch every 1,000 units: each import below spills several
        // runs, and the second merges them into lists the TM already holds.
        let dir = tempfile::tempdir().unwrap();
        let all = rows();
        let mut fed = Store::open(&dir.path().join("fed.db")).unwrap();
        for (i, part) in [&all[..1500], &all[1200..]].into_iter().enumerate() {
            let tsv = dir.path().join(format!("part{i}.tsv"));
            write_tsv(&tsv, part);
            let tx = fed.begin_import("t").unwrap();
            import_fed(tx, &tsv);
        }
        let (a, b) = (dump(fed.conn()), synced_dump(&fed, dir.path()));
        assert!(a.len() > 3000);
        assert_eq!(a, b);
    }

    #[test]
    fn one_sink_feeds_every_kind_of_input_in_turn() {
        let dir = tempfile::tempdir().unwrap();
        let inputs = dir.path().join("inputs");
        std::fs::create_dir(&inputs).unwrap();
        let rows: Vec<(String, String)> = tmkit_testkit::corpus(900, 11)
            .map(|u| (u.source, u.kk))
            .collect();
        // Reports (the sink tokenizes), a table and TMX (their readers tokenize), XLIFF (the
        // sink again); the kinds share most words and some sentences.
        let report = |i: usize| -> String {
            rows[i * 3..i * 3 + 3]
                .iter()
                .map(|r| r.0.as_str())
                .collect::<Vec<_>>()
                .join(" ")
        };
        let en: Vec<String> = (0..50).map(report).collect();
        let kk: Vec<String> = (0..50)
            .map(|i| {
                rows[i * 3..i * 3 + 3]
                    .iter()
                    .map(|r| r.1.as_str())
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .collect();
        std::fs::write(inputs.join("r.en.txt"), en.join("\n\n")).unwrap();
        std::fs::write(inputs.join("r.kk.txt"), kk.join("\n\n")).unwrap();
        write_tsv(&inputs.join("a.tsv"), &rows[100..500]);
        let mut tmx = String::from(
            "<tmx version=\"1.4\"><header srclang=\"en\" datatype=\"plaintext\" segtype=\"sentence\" adminlang=\"en\" o-tmf=\"x\" creationtool=\"x\" creationtoolversion=\"1\"/><body>\n",
        );
        for (en, kk) in &rows[400..800] {
            tmx.push_str(&format!(
                "<tu><tuv xml:lang=\"en\"><seg>{}</seg></tuv><tuv xml:lang=\"kk\"><seg>{}</seg></tuv></tu>\n",
                crate::formats::xml::escape_text(en),
                crate::formats::xml::escape_text(kk)
            ));
        }
        tmx.push_str("</body></tmx>\n");
        std::fs::write(inputs.join("b.tmx"), tmx).unwrap();
        let mut xlf = String::from("<xliff version=\"1.2\"><file original=\"r\" source-language=\"en\" target-language=\"kk\" datatype=\"plaintext\"><body>\n");
        for (i, (en, kk)) in rows[750..900].iter().enumerate() {
            xlf.push_str(&format!(
                "<trans-unit id=\"{i}\"><source>{}</source><target state=\"translated\">{}</target></trans-unit>\n",
                crate::formats::xml::escape_text(en),
                crate::formats::xml::escape_text(kk)
            ));
        }
        xlf.push_str("</body></file></xliff>\n");
        std::fs::write(inputs.join("c.xlf"), xlf).unwrap();

        let mut fed = Store::open(&dir.path().join("fed.db")).unwrap();
        let tx = fed.begin("t").unwrap();
        let mut sink = Sink::new(&tx).unwrap();
        let summary = import_input(&mut sink, &inputs, &Plan::default(), &mut NoProgress).unwrap();
        let added = UnitInput {
            src_lang: "en".into(),
            source: "A unit added after every file was imported.".into(),
            targets: vec![VariantInput {
                lang: "kk".into(),
                text: "Бірлік.".into(),
                ..Default::default()
            }],
            ..Default::default()
        };
        sink.store(&PreparedUnit::new(added).unwrap()).unwrap();
        sink.finish().unwrap();
        assert!(!needs_sync(tx.conn()).unwrap(), "fed in full");
        tx.commit().unwrap();
        assert!(summary.added > 700 && summary.unchanged > 0, "{summary:?}");

        let (a, b) = (dump(fed.conn()), synced_dump(&fed, dir.path()));
        assert!(a.len() > 800);
        assert_eq!(a, b);
    }

    #[test]
    fn a_sink_that_indexes_later_stores_the_same_units_and_leaves_the_index_to_sync() {
        let units: Vec<UnitInput> = tmkit_testkit::corpus(300, 3)
            .map(|u| UnitInput {
                src_lang: "en".into(),
                source: u.source,
                targets: vec![VariantInput {
                    lang: "kk".into(),
                    text: u.kk,
                    ..Default::default()
                }],
                ..Default::default()
            })
            .collect();
        let write = |later: bool| {
            let mut s = Store::open_in_memory().unwrap();
            let tx = s.begin("t").unwrap();
            let mut sink = if later {
                Sink::index_later(&tx).unwrap()
            } else {
                Sink::new(&tx).unwrap()
            };
            for u in &units {
                sink.add(u.clone()).unwrap();
            }
            sink.finish().unwrap();
            let behind = needs_sync(tx.conn()).unwrap();
            sync_index(tx.conn()).unwrap();
            tx.commit().unwrap();
            (behind, dump(s.conn()))
        };
        let (fed_behind, fed) = write(false);
        let (later_behind, later) = write(true);
        assert!(!fed_behind && later_behind);
        assert!(fed.len() > 300);
        assert_eq!(fed, later);
    }

    #[test]
    fn no_feed_while_units_wait_for_the_index() {
        let mut s = Store::open_in_memory().unwrap();
        let tx = s.begin("t").unwrap();
        let feeds = |tx| Sink::new(tx).unwrap().reader_tokenizer().unwrap().is_some();
        assert!(feeds(&tx), "empty TM");
        // A unit stored beside the sink is not indexed yet.
        let unit = UnitInput {
            src_lang: "en".into(),
            source: "Not indexed yet.".into(),
            ..Default::default()
        };
        tx.writer()
            .unwrap()
            .upsert(&PreparedUnit::new(unit).unwrap())
            .unwrap();
        assert!(!feeds(&tx));
        sync_index(tx.conn()).unwrap();
        assert!(feeds(&tx));
    }

    #[test]
    fn a_unit_without_tokens_stops_the_feed_and_sync_index_catches_up() {
        let dir = tempfile::tempdir().unwrap();
        let mut fed = Store::open(&dir.path().join("fed.db")).unwrap();
        let tx = fed.begin("t").unwrap();
        let mut sink = Sink::new(&tx).unwrap();
        let unit = |s: &str| {
            PreparedUnit::new(UnitInput {
                src_lang: "en".into(),
                source: s.into(),
                ..Default::default()
            })
            .unwrap()
        };
        let mut tokenizer = sink.reader_tokenizer().unwrap().unwrap();
        let mut t = tokenizer.tokens("Police came to the square.");
        sink.store_tokenized(&unit("Police came to the square."), Some(&mut t))
            .unwrap();
        sink.store_tokenized(&unit("Police left the square."), None)
            .unwrap();
        let mut t = tokenizer.tokens("The square is empty.");
        sink.store_tokenized(&unit("The square is empty."), Some(&mut t))
            .unwrap();
        sink.finish().unwrap();
        assert!(needs_sync(tx.conn()).unwrap(), "the feed stopped");
        sync_index(tx.conn()).unwrap();
        tx.commit().unwrap();
        assert_eq!(dump(fed.conn()), synced_dump(&fed, dir.path()));
    }
}
