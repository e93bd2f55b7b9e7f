//! The [`Problem`]s of a glossary: duplicate entries (warnings) and conflicting ones
//! (errors), found when it is loaded or built.

use std::collections::{HashMap, HashSet};

use serde::Serialize;

use super::{morph, Entry, Glossary, Origin};

/// How bad a glossary problem is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ProblemLevel {
    /// The same entry twice: harmless, but worth cleaning up.
    Warning,
    /// Contradictory entries: checks would give arbitrary results.
    Error,
}

/// A duplicate or conflicting glossary entry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Problem {
    /// Warning (duplicate) or error (conflict).
    pub level: ProblemLevel,
    /// The entry at fault.
    pub at: Origin,
    /// The other entry involved, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub other: Option<Origin>,
    /// What is wrong.
    pub message: String,
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let level = match self.level {
            ProblemLevel::Warning => "warning",
            ProblemLevel::Error => "error",
        };
        write!(f, "{}: {level}: {}", self.at, self.message)
    }
}

impl Glossary {
    /// The duplicates and conflicts among the entries (see [`Glossary::problems`]).
    pub(crate) fn find_problems(&self) -> Vec<Problem> {
        let mut out = Vec::new();
        // (lang, exact term) → first entry holding it as preferred rendering.
        let mut by_term: HashMap<(String, String), usize> = HashMap::new();
        // (lang, folded variant) → entry forbidding it.
        let mut forbidden: HashMap<(String, String), usize> = HashMap::new();
        for (i, e) in self.entries.iter().enumerate() {
            for (lang, t) in &e.terms {
                // Folded once per language, so that many variants stay linear.
                let accepted: HashSet<String> = if t.forbidden.is_empty() {
                    HashSet::new()
                } else {
                    t.accepted().map(morph::fold).collect()
                };
                for f in &t.forbidden {
                    let key = (lang.clone(), morph::fold(f));
                    let both = accepted.contains(&key.1);
                    forbidden.entry(key).or_insert(i);
                    if both {
                        out.push(Problem {
                            level: ProblemLevel::Error,
                            at: e.origin.clone(),
                            other: None,
                            message: format!("{lang} variant “{f}” is both accepted and forbidden"),
                        });
                    }
                }
            }
        }
        for (i, e) in self.entries.iter().enumerate() {
            for (lang, t) in &e.terms {
                let Some(p) = &t.preferred else { continue };
                match by_term.get(&(lang.clone(), p.clone())) {
                    None => {
                        by_term.insert((lang.clone(), p.clone()), i);
                    }
                    Some(&j) if j != i => {
                        let other = &self.entries[j];
                        // Only report from the language the pair first collides in, once.
                        let first_shared = e.terms.iter().find(|(l, t)| {
                            t.preferred.is_some()
                                && other.terms.get(*l).and_then(|o| o.preferred.as_ref())
                                    == t.preferred.as_ref()
                        });
                        if first_shared.map(|(l, _)| l) != Some(lang) {
                            continue;
                        }
                        out.push(compare_entries(lang, p, e, other));
                    }
                    Some(_) => {}
                }
            }
        }
        for (i, e) in self.entries.iter().enumerate() {
            for (lang, t) in &e.terms {
                for a in t.accepted() {
                    if let Some(&j) = forbidden.get(&(lang.clone(), morph::fold(a))) {
                        if j != i {
                            out.push(Problem {
                                level: ProblemLevel::Error,
                                at: e.origin.clone(),
                                other: Some(self.entries[j].origin.clone()),
                                message: format!(
                                    "{lang} rendering “{a}” is forbidden by the entry at {}",
                                    self.entries[j].origin
                                ),
                            });
                        }
                    }
                }
            }
        }
        out.sort_by(|a, b| (&a.at.file, a.at.line).cmp(&(&b.at.file, b.at.line)));
        out
    }
}

/// Describes two entries sharing a rendering in `lang`: a duplicate when they agree in
/// every language, else a conflict naming the first language they disagree in.
fn compare_entries(lang: &str, term: &str, e: &Entry, other: &Entry) -> Problem {
    let mut langs: Vec<&String> = e.terms.keys().chain(other.terms.keys()).collect();
    langs.sort();
    langs.dedup();
    for l in langs {
        let a = e.terms.get(l).and_then(|t| t.preferred.as_deref());
        let b = other.terms.get(l).and_then(|t| t.preferred.as_deref());
        if let (Some(a), Some(b)) = (a, b) {
            if a != b {
                return Problem {
                    level: ProblemLevel::Error,
                    at: e.origin.clone(),
                    other: Some(other.origin.clone()),
                    message: format!(
                        "conflicting entry: {lang} “{term}” is rendered “{a}” in {l} here but “{b}” at {}",
                        other.origin
                    ),
                };
            }
        }
    }
    Problem {
        level: ProblemLevel::Warning,
        at: e.origin.clone(),
        other: Some(other.origin.clone()),
        message: format!(
            "duplicate entry: {lang} “{term}” is already defined at {}",
            other.origin
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::glossary::test_csv::glossary;

    #[test]
    fn duplicates_warn_and_conflicts_err_with_both_lines() {
        let g = glossary(
            "en,kk,ru\n\
             Almaty,Алматы,Алматы\n\
             Almaty,Алматы,Алматы\n\
             Xinjiang,Шыңжаң,Синьцзян\n\
             Xinjiang,Шыңжаң,Синцзян\n",
        )
        .unwrap();
        assert_eq!(g.problems.len(), 2, "{:?}", g.problems);
        let dup = &g.problems[0];
        assert_eq!(dup.level, ProblemLevel::Warning);
        assert_eq!(
            dup.to_string(),
            "g.csv:3: warning: duplicate entry: en “Almaty” is already defined at g.csv:2"
        );
        let conflict = &g.problems[1];
        assert_eq!(conflict.level, ProblemLevel::Error);
        assert!(
            conflict
                .to_string()
                .starts_with("g.csv:5: error: conflicting entry"),
            "{conflict}"
        );
        assert!(conflict.message.contains("g.csv:4"), "{conflict}");
        assert!(g.has_conflicts());
    }

    #[test]
    fn a_rendering_forbidden_elsewhere_is_a_conflict() {
        let g = glossary(
            "en,ru,ru:forbidden\n\
             Almaty,Алматы,Алма-Ата\n\
             Alma-Ata,Алма-Ата,\n",
        )
        .unwrap();
        assert_eq!(g.problems.len(), 1);
        assert!(
            g.problems[0].to_string().starts_with("g.csv:3: error:"),
            "{:?}",
            g.problems
        );
    }
}
