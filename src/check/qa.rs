//! The text checks of a translation against its source — `number-mismatch`,
//! `date-mismatch` (`numbers`), `untranslated` and `quote-balance` — run by the [`Checker`]
//! on each target segment, their findings made issues of the unit.

use super::checker::{Checker, Listed};
use super::finding::Finding;
use super::{numbers, quotes, untranslated, CheckId, CheckUnit, Issue, Text};

impl Checker<'_> {
    /// The text checks of one target segment of `unit`.
    pub(super) fn qa_checks(&self, unit: &CheckUnit, idx: usize, seg: &Text, out: &mut Vec<Issue>) {
        let src = &unit.source;
        // A copy of the source is `untranslated`, and nothing more is said of it.
        let copy = untranslated::is_copy(&src.text, &seg.text);
        for check in [
            CheckId::NumberMismatch,
            CheckId::DateMismatch,
            CheckId::Untranslated,
            CheckId::QuoteBalance,
        ] {
            let Some(sev) = self.config.level(check).severity() else {
                continue;
            };
            if copy && check != CheckId::Untranslated {
                continue;
            }
            let findings = match check {
                CheckId::NumberMismatch => {
                    numbers::number_mismatches(&src.text, &src.lang, &seg.text, &seg.lang)
                }
                CheckId::DateMismatch => {
                    numbers::date_mismatches(&src.text, &src.lang, &seg.text, &seg.lang)
                }
                CheckId::Untranslated => {
                    untranslated::untranslated(&src.text, &seg.text, &seg.lang, &self.latin_allowed)
                }
                _ => quotes::quote_balance(&src.text, &seg.text),
            };
            let mut listed = Listed::new(out);
            for Finding {
                span,
                found,
                message,
            } in findings
            {
                if listed.full() {
                    listed.more += 1;
                    continue;
                }
                let mut i = self.issue(unit, idx, seg, check, sev);
                i.message = message;
                i.found = found;
                if let Some(span) = span {
                    i = self.at(i, seg, span);
                }
                listed.push(i);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use crate::check::unit::test_unit as unit;
    use crate::check::{Checker, Config};
    use crate::glossary::{parse_csv, Glossary};

    fn issues(en: &str, kk: &str, ru: &str) -> Vec<(String, &'static str, Option<String>)> {
        let g = Glossary::from_entries(
            parse_csv(
                "en,kk,ru\nRFE/RL,Азаттық,Азаттык\nHuman Rights Watch,Human Rights Watch,Human Rights Watch\n".as_bytes(),
                Path::new("g.csv"),
            )
            .unwrap(),
        );
        let c = Checker::new(&g, Config::default());
        let r = c.check(&[unit("u1", en, kk, ru)]);
        r.issues
            .iter()
            .map(|i| (i.lang.clone(), i.check.id(), i.found.clone()))
            .collect()
    }

    #[test]
    fn a_faithful_translation_passes_the_text_checks() {
        assert_eq!(
            issues(
                "On July 1, police detained 2 activists, Human Rights Watch said (citing \"witnesses\").",
                "Human Rights Watch мәліметінше, 1 шілдеде полиция 2 белсендіні ұстады («куәгерлерге» сілтеме жасап).",
                "По данным Human Rights Watch, 1 июля полиция задержала 2 активистов (ссылаясь на «свидетелей»)."
            ),
            []
        );
    }

    #[test]
    fn seeded_errors_are_caught_by_their_checks() {
        let got = issues(
            "On July 1, police detained 15 activists on Tuesday.",
            "2 шілдеде полиция 15 белсендіні сейсенбі күні ұстады «куәгерлер.",
            "On July 1, police detained 15 activists on Tuesday.",
        );
        let ids: Vec<(&str, &str)> = got.iter().map(|(l, c, _)| (l.as_str(), *c)).collect();
        assert_eq!(
            ids,
            [
                ("kk", "date-mismatch"),
                ("kk", "date-mismatch"),
                ("kk", "quote-balance"),
                ("ru", "untranslated"),
            ],
            "{got:#?}"
        );
        let got = issues(
            "He spent 15 years in jail.",
            "Ол түрмеде 16 жыл отырды.",
            "Он провёл в тюрьме 15 лет, а detained ещё (двое.",
        );
        let ids: Vec<(&str, &str, Option<&str>)> = got
            .iter()
            .map(|(l, c, f)| (l.as_str(), *c, f.as_deref()))
            .collect();
        assert_eq!(
            ids,
            [
                ("kk", "number-mismatch", Some("15")),
                ("kk", "number-mismatch", Some("16")),
                ("ru", "untranslated", Some("detained")),
                ("ru", "quote-balance", Some("(")),
            ]
        );
    }
}
