//! What a check run does: the checks ([`CheckId`], with stable ids), their configured
//! [`Level`]s and the [`Severity`] of what they find, gathered in a [`Config`].

use serde::Serialize;

/// The checks, with stable ids.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum CheckId {
    /// The source has a glossary term; the target has no correct rendering of it.
    TermMissing,
    /// A forbidden variant appears in a target.
    TermForbidden,
    /// A word mixes Latin and Cyrillic letters.
    MixedScript,
    /// One source sentence is translated differently in different units.
    InconsistentTranslation,
    /// A number of the source has no equal in the translation, or the other way round.
    NumberMismatch,
    /// A date or weekday of the source has no equal in the translation, or the other way round.
    DateMismatch,
    /// The translation is the source, or keeps Latin words the glossary does not know.
    Untranslated,
    /// Quotation marks or brackets of the translation do not pair up.
    QuoteBalance,
}

impl CheckId {
    /// Every check, in report order.
    pub const ALL: [CheckId; 8] = [
        CheckId::TermMissing,
        CheckId::TermForbidden,
        CheckId::MixedScript,
        CheckId::InconsistentTranslation,
        CheckId::NumberMismatch,
        CheckId::DateMismatch,
        CheckId::Untranslated,
        CheckId::QuoteBalance,
    ];

    /// The stable id (`term-missing`, …).
    pub(crate) fn id(self) -> &'static str {
        match self {
            CheckId::TermMissing => "term-missing",
            CheckId::TermForbidden => "term-forbidden",
            CheckId::MixedScript => "mixed-script",
            CheckId::InconsistentTranslation => "inconsistent-translation",
            CheckId::NumberMismatch => "number-mismatch",
            CheckId::DateMismatch => "date-mismatch",
            CheckId::Untranslated => "untranslated",
            CheckId::QuoteBalance => "quote-balance",
        }
    }

    /// The check with this id.
    pub fn parse(s: &str) -> Option<CheckId> {
        CheckId::ALL.into_iter().find(|c| c.id() == s.trim())
    }

    /// One-line description (the SARIF rule text).
    pub(crate) fn description(self) -> &'static str {
        match self {
            CheckId::TermMissing => {
                "The source holds a glossary term but the translation has no correct rendering of it in any grammatical form."
            }
            CheckId::TermForbidden => "The translation uses a variant the glossary forbids.",
            CheckId::MixedScript => {
                "A word mixes Latin and Cyrillic letters (look-alikes such as Latin a, e, o, p, c, x, y, i or ə in a Cyrillic word)."
            }
            CheckId::InconsistentTranslation => {
                "The same source sentence is translated differently elsewhere in the input."
            }
            CheckId::NumberMismatch => {
                "A number of the source has no equal in the translation (in any local form: 1,000 = 1 000, 2.5 = 2,5, 2 million = 2 млн), or the translation has a number the source does not."
            }
            CheckId::DateMismatch => {
                "A date or weekday of the source has no equal in the translation (July 1 = 1 шілде = 1 июля; on Tuesday = сейсенбі күні = во вторник), or the other way round."
            }
            CheckId::Untranslated => {
                "The translation is the source text, or keeps Latin-script words that are neither glossary terms nor allowed."
            }
            CheckId::QuoteBalance => {
                "Quotation marks («», „“, “”, \"\") or brackets of the translation do not pair up (where the source's do)."
            }
        }
    }

    /// The level a check has unless configured otherwise.
    pub(crate) fn default_level(self) -> Level {
        match self {
            CheckId::InconsistentTranslation => Level::Warning,
            _ => Level::Error,
        }
    }

    pub(super) fn index(self) -> usize {
        self as usize
    }
}

impl Serialize for CheckId {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.id())
    }
}

/// Severity of an issue.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Fails the check (exit 1).
    Error,
    /// Reported, does not fail.
    Warning,
}

/// Configured level of a check.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    /// Issues are errors.
    Error,
    /// Issues are warnings.
    Warning,
    /// The check does not run.
    Off,
}

impl Level {
    /// `error`, `warning` (or `warn`), `off`.
    pub(crate) fn parse(s: &str) -> Option<Level> {
        match s.trim().to_ascii_lowercase().as_str() {
            "error" => Some(Level::Error),
            "warning" | "warn" => Some(Level::Warning),
            "off" | "none" => Some(Level::Off),
            _ => None,
        }
    }

    pub(super) fn severity(self) -> Option<Severity> {
        match self {
            Level::Error => Some(Severity::Error),
            Level::Warning => Some(Severity::Warning),
            Level::Off => None,
        }
    }
}

/// How the checker runs.
#[derive(Debug, Clone)]
pub struct Config {
    /// Source language of the units (e.g. `en`).
    pub source_lang: String,
    /// Target languages to check (tags or primary subtags); empty = all.
    pub langs: Vec<String>,
    levels: [Level; CheckId::ALL.len()],
    /// Worker threads (at least 1).
    pub threads: usize,
    /// Latin-script words `untranslated` allows in Kazakh and Russian translations besides
    /// the glossary's (`Telegram`, `COVID`): compared in any case.
    pub allowed_latin: Vec<String>,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            source_lang: "en".into(),
            langs: Vec::new(),
            levels: CheckId::ALL.map(CheckId::default_level),
            threads: std::thread::available_parallelism().map_or(1, |n| n.get()),
            allowed_latin: Vec::new(),
        }
    }
}

impl Config {
    /// Sets a check's level.
    pub(crate) fn set_level(&mut self, check: CheckId, level: Level) {
        self.levels[check.index()] = level;
    }

    /// A check's level.
    pub(crate) fn level(&self, check: CheckId) -> Level {
        self.levels[check.index()]
    }

    /// Applies a `CHECK=LEVEL` setting (e.g. `term-missing=warning`).
    pub fn apply_setting(&mut self, setting: &str) -> Result<(), String> {
        let (c, l) = setting.split_once('=').ok_or_else(|| {
            format!("“{setting}”: expected CHECK=LEVEL, e.g. term-missing=warning")
        })?;
        let ids: Vec<&str> = CheckId::ALL.iter().map(|c| c.id()).collect();
        let check = CheckId::parse(c)
            .ok_or_else(|| format!("unknown check “{c}” (checks: {})", ids.join(", ")))?;
        let level = Level::parse(l)
            .ok_or_else(|| format!("unknown level “{l}” (levels: error, warning, off)"))?;
        self.set_level(check, level);
        Ok(())
    }

    pub(super) fn wants_lang(&self, lang: &str) -> bool {
        self.langs.is_empty()
            || self.langs.iter().any(|l| {
                l.eq_ignore_ascii_case(lang)
                    || crate::lang::primary(l) == crate::lang::primary(lang)
            })
    }
}
