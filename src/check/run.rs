//! [`CheckRun`]: the checks over units that come in batches (a TM read from SQLite, inputs
//! read one after the other), in memory that does not grow with the texts checked: the
//! batch being checked, the issues found, and 16 bytes per translation for
//! `inconsistent-translation`.
//!
//! `inconsistent-translation` compares each translation with the first translation of the
//! same source sentence into the same language. A first pass keeps only hashes: (source
//! and language, text) per translation. At the end, the hashes sorted tell which sources
//! were translated differently — usually none — and only then are the units read a second
//! time, keeping the texts of those sources alone, to word the issues.

use std::collections::{HashMap, HashSet};

use super::checker::{hash_of, normalized, Scratch};
use super::{CheckId, CheckSummary, CheckUnit, Checker, Issue, Level, Report, Severity};

/// One translation for `inconsistent-translation`: (hash of its source and language, hash
/// of its text).
type Print = (u64, u64);

/// The hashes of a unit's source and of a translation's language as one key.
fn key(source: u64, lang: u64) -> u64 {
    (source.rotate_left(29) ^ lang).wrapping_mul(0x9E37_79B9_7F4A_7C15)
}

/// The second reading of the units did not match the first (a TM written to meanwhile):
/// the check is to be run again.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("the units changed while they were being checked (they are read twice when a source is translated differently): run the check again")]
pub struct UnitsChanged;

/// A run of the checks over units fed in batches ([`add`](Self::add)), ended by
/// [`finish`](Self::finish). Made by [`Checker::run`].
pub struct CheckRun<'c, 'g> {
    checker: &'c Checker<'g>,
    consistency: Option<Severity>,
    issues: Vec<Issue>,
    prints: Vec<Print>,
    summary: CheckSummary,
    /// The units' names, when kept.
    names: Option<Vec<String>>,
    /// Hash of the units' names and sources in order, to recognize them when read again.
    seen: u64,
}

impl<'c, 'g> CheckRun<'c, 'g> {
    pub(super) fn new(checker: &'c Checker<'g>) -> Self {
        let config = &checker.config;
        let mut summary = CheckSummary {
            glossary_entries: checker.glossary.entries.len(),
            ..Default::default()
        };
        for c in CheckId::ALL {
            if config.level(c) != Level::Off {
                summary.by_check.insert(c.id(), 0);
            }
        }
        CheckRun {
            checker,
            consistency: config.level(CheckId::InconsistentTranslation).severity(),
            issues: Vec::new(),
            prints: Vec::new(),
            summary,
            names: None,
            seen: 0,
        }
    }

    /// Keeps the name of every unit checked, for [`Report::unit_names`] (JUnit lists each
    /// unit): memory then grows with the number of units.
    pub fn keeping_names(mut self) -> Self {
        self.names = Some(Vec::new());
        self
    }

    /// Checks a batch of units (in parallel), the units after those of earlier batches.
    pub fn add(&mut self, batch: &[CheckUnit]) {
        let checker = self.checker;
        let config = &checker.config;
        let first = self.summary.units;
        let threads = config.threads.max(1).min(batch.len().max(1));
        let chunk = batch.len().div_ceil(threads).max(1);
        let consistency = self.consistency.is_some();
        let results: Vec<(Vec<Issue>, Vec<Print>)> = std::thread::scope(|s| {
            let handles: Vec<_> = batch
                .chunks(chunk)
                .enumerate()
                .map(|(c, part)| {
                    s.spawn(move || {
                        let mut scratch = Scratch::default();
                        let mut issues = Vec::new();
                        let mut prints = Vec::new();
                        for (k, u) in part.iter().enumerate() {
                            checker.check_unit(first + c * chunk + k, u, &mut scratch, &mut issues);
                            if consistency {
                                prints.extend(fingerprints(checker, u).map(|(_, p)| p));
                            }
                        }
                        (issues, prints)
                    })
                })
                .collect();
            handles
                .into_iter()
                .map(|h| h.join().unwrap_or_else(|p| std::panic::resume_unwind(p)))
                .collect()
        });
        for (issues, prints) in results {
            self.issues.extend(issues);
            self.prints.extend(prints);
        }
        for u in batch {
            self.summary.segments += u
                .targets
                .iter()
                .filter(|t| config.wants_lang(&t.lang))
                .count();
            self.seen = identity(self.seen, u);
        }
        if let Some(names) = &mut self.names {
            names.extend(batch.iter().map(|u| u.name.clone()));
        }
        self.summary.units += batch.len();
    }

    /// Ends the run. When a source was translated differently, `read_again` is called to
    /// feed the same units again, in the same order and in batches, to the function it is
    /// given (see the module documentation); if they are not the same units,
    /// [`UnitsChanged`].
    pub fn finish<E: From<UnitsChanged>>(
        mut self,
        read_again: impl FnOnce(&mut dyn FnMut(&[CheckUnit])) -> Result<(), E>,
    ) -> Result<Report, E> {
        if let Some(sev) = self.consistency {
            let differ = translated_differently(std::mem::take(&mut self.prints));
            if !differ.is_empty() {
                let mut again = SecondLook {
                    checker: self.checker,
                    differ,
                    sev,
                    first: HashMap::new(),
                    issues: Vec::new(),
                    units: 0,
                    seen: 0,
                };
                read_again(&mut |batch| again.add(batch))?;
                if (again.units, again.seen) != (self.summary.units, self.seen) {
                    return Err(UnitsChanged.into());
                }
                if !again.issues.is_empty() {
                    self.issues.append(&mut again.issues);
                    self.issues.sort_by_key(|i| i.unit_index);
                }
            }
        }
        let mut summary = self.summary;
        for i in &self.issues {
            match i.severity {
                Severity::Error => summary.errors += 1,
                Severity::Warning => summary.warnings += 1,
            }
            *summary.by_check.entry(i.check.id()).or_default() += 1;
        }
        Ok(Report {
            issues: self.issues,
            summary,
            unit_names: self.names.unwrap_or_default(),
        })
    }
}

/// The translations of `u` that `inconsistent-translation` compares: (index among the
/// unit's targets, print), a print per context the translation applies in, so that
/// translations kept for different contexts are not compared.
fn fingerprints<'u>(
    checker: &'u Checker<'_>,
    u: &'u CheckUnit,
) -> impl Iterator<Item = (usize, Print)> + 'u {
    let source = hash_of(&u.source.text);
    u.targets
        .iter()
        .enumerate()
        .filter(|(_, t)| checker.config.wants_lang(&t.lang) && !t.text.trim().is_empty())
        .flat_map(move |(k, t)| {
            let lang = hash_of(&t.lang.to_ascii_lowercase());
            let text = hash_of(&t.text);
            // One print per context the translation applies in (the default context: 0).
            let contexts: &[u64] = if t.contexts.is_empty() {
                &[0]
            } else {
                &t.contexts
            };
            contexts
                .iter()
                .map(move |&c| (k, (key(key(source, lang), c), text)))
        })
}

/// `seen` followed by unit `u` (its name and source).
fn identity(seen: u64, u: &CheckUnit) -> u64 {
    key(seen ^ hash_of(&u.name), hash_of(&u.source.text))
}

/// The keys (source and language) translated into more than one text.
fn translated_differently(mut prints: Vec<Print>) -> HashSet<u64> {
    prints.sort_unstable();
    prints
        .chunk_by(|a, b| a.0 == b.0)
        .filter(|same| same.first().map(|f| f.1) != same.last().map(|l| l.1))
        .map(|same| same[0].0)
        .collect()
}

/// The second reading of the units, for the sources translated differently.
struct SecondLook<'c, 'g> {
    checker: &'c Checker<'g>,
    /// Keys of the sources (and languages) translated differently.
    differ: HashSet<u64>,
    sev: Severity,
    /// Key → the first translation of it met: (its text's hash, and the unit's name, source
    /// and translation).
    first: HashMap<u64, (u64, String, String, String)>,
    issues: Vec<Issue>,
    units: usize,
    seen: u64,
}

impl SecondLook<'_, '_> {
    fn add(&mut self, batch: &[CheckUnit]) {
        for u in batch {
            let idx = self.units;
            self.units += 1;
            self.seen = identity(self.seen, u);
            for (k, (key, text)) in fingerprints(self.checker, u) {
                if !self.differ.contains(&key) {
                    continue;
                }
                let seg = &u.targets[k];
                let Some((first_text, name, source, other)) = self.first.get(&key) else {
                    let first = (
                        text,
                        u.name.clone(),
                        u.source.text.clone(),
                        seg.text.clone(),
                    );
                    self.first.insert(key, first);
                    continue;
                };
                if *first_text == text || normalized(&u.source.text) != normalized(source) {
                    continue; // the same text, or a hash collision and not the same sentence
                }
                let mut i =
                    self.checker
                        .issue(u, idx, seg, CheckId::InconsistentTranslation, self.sev);
                i.message = format!(
                    "the same source sentence is translated differently in {}: here “{}”, in {name} “{other}”",
                    seg.lang, seg.text
                );
                i.found = Some(seg.text.clone());
                i.suggestion = Some(other.clone());
                self.issues.push(i);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;
    use crate::check::Config;
    use crate::glossary::{parse_csv, Glossary};

    fn glossary() -> Glossary {
        let csv = "en,kk,ru,ru:forbidden\nAlmaty,Алматы,Алматы,Алма-Ата\n";
        Glossary::from_entries(parse_csv(csv.as_bytes(), Path::new("g.csv")).unwrap())
    }

    use crate::check::unit::test_unit as unit;

    fn units() -> Vec<CheckUnit> {
        vec![
            unit("u1", "Police came.", "Полиция келді.", "Пришла полиция."),
            unit("u2", "In Almaty.", "Алматыда.", "В Алма-Ате."),
            unit("u3", "Police  came.", "Полиция келді.", "Полиция пришла."),
            unit("u4", "Rain fell.", "Жаңбыр жауды.", "Шёл дождь."),
            unit("u5", "Police came.", "Полиция келген.", "Пришла полиция."),
            unit("u6", "Rain fell.", "Жаңбыр жауды.", "Шёл дождь."),
        ]
    }

    /// What a report says, issue by issue.
    fn said(r: &Report) -> Vec<(String, &'static str, String, usize)> {
        r.issues
            .iter()
            .map(|i| {
                (
                    i.unit.clone(),
                    i.check.id(),
                    i.message.clone(),
                    i.unit_index,
                )
            })
            .collect()
    }

    #[test]
    fn units_checked_in_batches_give_the_report_of_one_slice() {
        let g = glossary();
        let checker = Checker::new(&g, Config::default());
        let units = units();
        let whole = checker.check(&units);
        let inconsistent: Vec<_> = said(&whole)
            .into_iter()
            .filter(|i| i.1 == "inconsistent-translation")
            .map(|i| (i.0, i.3))
            .collect();
        // u3 differs from u1 in Russian, u5 in Kazakh; u6 repeats u4 word for word.
        assert_eq!(inconsistent, [("u3".into(), 2), ("u5".into(), 4)]);
        assert_eq!(whole.unit_names.len(), units.len());
        for size in 1..=units.len() {
            let mut run = checker.run();
            for batch in units.chunks(size) {
                run.add(batch);
            }
            let mut reads = 0;
            let report = run
                .finish(|again| {
                    reads += 1;
                    units.chunks(size).for_each(again);
                    Ok::<(), UnitsChanged>(())
                })
                .unwrap();
            assert_eq!(said(&report), said(&whole), "batches of {size}");
            assert_eq!(report.summary.units, 6);
            assert_eq!(report.summary.segments, 12);
            assert_eq!(report.summary.warnings, whole.summary.warnings);
            assert_eq!(report.summary.errors, whole.summary.errors);
            assert_eq!(reads, 1);
            assert!(report.unit_names.is_empty(), "names are kept on request");
        }
    }

    #[test]
    fn units_are_read_again_only_when_a_source_is_translated_differently() {
        let g = glossary();
        let checker = Checker::new(&g, Config::default());
        let consistent: Vec<CheckUnit> = units()
            .into_iter()
            .filter(|u| !["u3", "u5"].contains(&u.name.as_str()))
            .collect();
        let mut run = checker.run();
        run.add(&consistent);
        let report = run
            .finish(|_| -> Result<(), UnitsChanged> { panic!("read again") })
            .unwrap();
        assert_eq!(report.summary.units, 4);
        let mut config = Config::default();
        config
            .apply_setting("inconsistent-translation=off")
            .unwrap();
        let checker = Checker::new(&g, config);
        let mut run = checker.run();
        run.add(&units());
        assert!(
            run.prints.is_empty(),
            "no hashes kept when the check is off"
        );
        run.finish(|_| -> Result<(), UnitsChanged> { panic!("read again") })
            .unwrap();
    }

    #[test]
    fn units_that_changed_before_the_second_reading_are_refused() {
        let g = glossary();
        let checker = Checker::new(&g, Config::default());
        let units = units();
        let mut run = checker.run();
        run.add(&units);
        let e = run
            .finish(|again| {
                again(&units[1..]);
                Ok::<(), UnitsChanged>(())
            })
            .unwrap_err();
        assert_eq!(e, UnitsChanged);
    }
}
