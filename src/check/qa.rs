//! The text checks of a translation against its source — `number-mismatch`,
//! `date-mismatch` (`numbers`), `untranslated` and `quote-balance` — run by the [`Checker`]
//! on each target segment, their findings made issues of the unit.

use super::checker::{Checker, Listed};
use super::finding::Finding;
use super::numbers::Side;
use super::{numbers, quotes, untranslated, CheckId, CheckUnit, Issue, Severity, Text};

impl Checker<'_> {
    /// The text checks of every target segment of `unit` (the source read once).
    pub(super) fn qa_checks(&self, unit: &CheckUnit, idx: usize, out: &mut Vec<Issue>) {
        const CHECKS: [CheckId; 4] = [
            CheckId::NumberMismatch,
            CheckId::DateMismatch,
            CheckId::Untranslated,
            CheckId::QuoteBalance,
        ];
        let levels = CHECKS.map(|c| self.config.level(c).severity());
        if levels.iter().all(Option::is_none) {
            return;
        }
        let src = &unit.source;
        let numeric = levels[0].is_some() || levels[1].is_some();
        let mut src_side = None;
        for seg in unit
            .targets
            .iter()
            .filter(|s| self.config.wants_lang(&s.lang))
        {
            // A copy of the source is `untranslated`, and nothing more is said of it.
            let copy = untranslated::is_copy(&src.text, &seg.text);
            let sides = (numeric && !copy).then(|| {
                let s = src_side.get_or_insert_with(|| Side::of(&src.text, &src.lang));
                (&*s, Side::of(&seg.text, &seg.lang))
            });
            for (check, sev) in CHECKS.iter().zip(levels) {
                let Some(sev) = sev else { continue };
                let findings = match (check, &sides) {
                    (CheckId::NumberMismatch, Some((s, t))) => {
                        numbers::number_mismatches(&src.text, s, &seg.text, t)
                    }
                    (CheckId::DateMismatch, Some((s, t))) => {
                        numbers::date_mismatches(&src.text, s, &seg.text, t)
                    }
                    (CheckId::Untranslated, _) => untranslated::untranslated(
                        &src.text,
                        &seg.text,
                        &seg.lang,
                        &self.latin_allowed,
                    ),
                    (CheckId::QuoteBalance, _) if !copy => {
                        quotes::quote_balance(&src.text, &seg.text)
                    }
                    _ => Vec::new(),
                };
                self.push_findings(unit, idx, seg, *check, sev, findings, out);
            }
        }
    }

    /// The findings of one check in one segment as issues, listed up to the bound.
    #[allow(clippy::too_many_arguments)]
    fn push_findings(
        &self,
        unit: &CheckUnit,
        idx: usize,
        seg: &Text,
        check: CheckId,
        sev: Severity,
        findings: Vec<Finding>,
        out: &mut Vec<Issue>,
    ) {
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
    fn latin_words_the_run_allows_pass() {
        let g = Glossary::from_entries(
            parse_csv("en,ru\nAlmaty,Алматы\n".as_bytes(), Path::new("g.csv")).unwrap(),
        );
        let t = unit(
            "u1",
            "He wrote on Telegram.",
            "Ол Telegram-да жазды.",
            "Он написал в Telegram.",
        );
        let c = Checker::new(&g, Config::default());
        assert_eq!(c.check(std::slice::from_ref(&t)).issues.len(), 2);
        let mut cfg = Config::default();
        cfg.allowed_latin = vec!["TELEGRAM".into()];
        let c = Checker::new(&g, cfg);
        assert!(c.check(&[t]).issues.is_empty());
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
