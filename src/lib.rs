//! tmkit — a translation memory for English news reports rendered into Kazakh and Russian.
//!
//! Data flows one way: [`input`] reads what users give (plain-text and parallel reports,
//! TSV/CSV tables, TMX, XLIFF, another TM) and [`segment`] splits reports into sentences;
//! [`import`] writes the units through one sink into the [`store`] (the SQLite TM), keeping
//! the fuzzy-match [`index`] in step; then [`fuzzy`] finds matches and concordances,
//! [`check`] holds translations against the [`glossary`], and [`export`] writes the TM out
//! (TMX, tables, JSON Lines, XLIFF jobs).
//!
//! A module uses only the modules of the layers below its own:
//!
//! | layer | modules |
//! |---|---|
//! | leaves | [`text`] (NFC, hashes, `text::tokenize`), [`lang`]; [`numeric`] (numbers and dates in en/kk/ru text) |
//! | 1 | [`segment`]; [`store`] (model, open and migrate, read, write; `store::raw` is the crate's one `unsafe` module) |
//! | 2 | [`formats`] (the XML floor, TMX, XLIFF); [`index`] |
//! | 3 | [`input`] |
//! | 4 | [`import`]; [`fuzzy`]; [`glossary`] (CSV and TBX glossaries, term matching) |
//! | 5 | [`check`]; [`export`]; [`merge`] (a finished XLIFF job as the translated report) |
//! | 6 | [`serve`] (the HTTP server: JSON API and HTML page over the layers below) |
//!
//! Each module is one capability with one flat list of public items. A new input format is
//! a reader in [`input`] and an importer in [`import`]; a new check goes into [`check`]; a
//! new command into the `tmkit` binary (`src/cli/`), which parses arguments, calls this
//! library and prints, and never runs SQL, opens a transaction or syncs an index itself.

#![deny(missing_docs)]
#![deny(unsafe_code)]

pub mod align;
pub mod check;
pub mod export;
pub mod formats;
pub mod fuzzy;
pub mod glossary;
pub mod import;
pub mod index;
pub mod input;
pub mod lang;
pub mod merge;
pub mod numeric;
pub mod segment;
pub mod serve;
pub mod store;
pub mod text;
