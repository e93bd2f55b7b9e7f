//! tmkit — a translation memory for English news reports rendered into Kazakh and Russian.
//!
//! Data flows one way: text → [`segment`] → translation units in the [`store`] →
//! [`fuzzy`] index → matches and reports. [`glossary`] and [`check`] guard the
//! consistency of translations; [`formats`] reads and writes TMX, TBX, CSV and XLIFF.
//! [`input`] reads what users give (reports, tables, TMX, XLIFF) for [`import`], which
//! writes it into the store through one writer that keeps the [`index`] in step.

pub mod check;
pub mod export;
pub mod formats;
pub mod fuzzy;
pub mod glossary;
pub mod import;
pub mod index;
pub mod input;
pub mod lang;
pub mod segment;
pub mod store;
pub mod text;
