//! Consistency checks of translations against the glossary, for CI.
//!
//! Input-agnostic: readers (`inputs`: [`read_paths_batches`], [`read_store_batches`]) turn reports,
//! tables, TMX and XLIFF files and the TM into [`CheckUnit`]s; a [`Checker`] runs the checks
//! over them — all at once ([`Checker::check`]) or a batch at a time ([`CheckRun`], `run`:
//! memory holds one batch, not the TM) — and returns a [`Report`]; [`write_report`]
//! (`output`) renders it as text, JSON, JUnit XML, SARIF 2.1.0 or GitHub annotations
//! ([`ReportFormat`]). The `mixed-script` check lives in `script`.
//!
//! Checks (stable ids): `term-missing`, `term-forbidden`, `mixed-script`,
//! `inconsistent-translation`, and the text checks of a translation against its source
//! (`qa`): `number-mismatch`, `date-mismatch` (`numbers`, reading numbers and dates with
//! [`crate::numeric`]), `untranslated` and `quote-balance`. Each has a default [`Level`]
//! that can be changed or turned off ([`Config`]).
//!
//! A new check is an id in `config` ([`CheckId`]) and its code in `checker` (or in a file
//! of its own called from there, as `script` is); what it finds is an [`Issue`] in the
//! `report`.

mod checker;
mod config;
mod finding;
mod inputs;
mod numbers;
mod output;
mod qa;
mod quotes;
mod report;
mod run;
mod script;
mod unit;
mod untranslated;

pub use checker::{Checker, MAX_ISSUES_PER_SEGMENT};
pub use config::{CheckId, Config, Level, Severity};
pub use inputs::{
    read_paths, read_paths_batches, read_paths_batches_with, read_paths_with, read_store,
    read_store_batches, ReadOptions,
};
pub use output::{summary_line, write_report, ReportFormat};
pub use report::{CharNote, CheckSummary, Issue, Report};
pub use run::{CheckRun, UnitsChanged};
pub use unit::{context_hashes, CheckUnit, Loc, Text};

pub(crate) use unit::advance;
