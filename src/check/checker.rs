//! [`Checker`]: runs the checks of a glossary over units (`term-missing`,
//! `term-forbidden`, `inconsistent-translation` here, `mixed-script` in `script`).

use std::collections::{HashMap, HashSet};

use super::{
    script, CheckId, CheckRun, CheckUnit, Config, Issue, Report, Severity, Text, UnitsChanged,
};
use crate::glossary::{is_word_char, morph, Glossary, Role, TermHit, TermMatcher};

/// Runs the checks of a glossary over units.
pub struct Checker<'g> {
    pub(super) glossary: &'g Glossary,
    matcher: TermMatcher,
    pub(super) config: Config,
    /// Latin words the glossary holds (`untranslated` allows them).
    pub(super) latin_allowed: HashSet<String>,
}

/// Per-thread scratch space.
#[derive(Default)]
pub(super) struct Scratch {
    fold: String,
    /// Target language tag → matcher side (looked up once each: a map, as a hostile input
    /// may bring very many languages).
    sides: HashMap<String, Option<usize>>,
}

impl Scratch {
    fn side(&mut self, matcher: &TermMatcher, lang: &str) -> Option<usize> {
        if let Some(s) = self.sides.get(lang) {
            return *s;
        }
        let s = matcher.target(lang);
        self.sides.insert(lang.to_string(), s);
        s
    }
}

/// `s` with runs of white space collapsed to one space (what `inconsistent-translation`
/// compares).
pub(super) fn normalized(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for w in s.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(w);
    }
    out
}

/// A fast 64-bit hash of `s` with runs of whitespace collapsed (Fx-style mixing, eight
/// bytes at a time).
pub(super) fn hash_of(s: &str) -> u64 {
    const K: u64 = 0x517c_c1b7_2722_0a95;
    let mut h: u64 = 0;
    for w in s.split_whitespace() {
        let mut chunks = w.as_bytes().chunks_exact(8);
        for c in &mut chunks {
            let mut b = [0u8; 8];
            b.copy_from_slice(c);
            h = (h.rotate_left(5) ^ u64::from_le_bytes(b)).wrapping_mul(K);
        }
        let mut last = [0u8; 8];
        let rest = chunks.remainder();
        last[..rest.len()].copy_from_slice(rest);
        h = (h.rotate_left(5) ^ u64::from_le_bytes(last) ^ ((rest.len() as u64) << 56))
            .wrapping_mul(K);
        h = (h.rotate_left(5) ^ 0x20).wrapping_mul(K);
    }
    h
}

impl<'g> Checker<'g> {
    /// Compiles the glossary for `config`.
    pub fn new(glossary: &'g Glossary, config: Config) -> Checker<'g> {
        Checker {
            matcher: TermMatcher::new(glossary, &config.source_lang),
            latin_allowed: super::untranslated::glossary_latin_words(glossary)
                .into_iter()
                .chain(config.allowed_latin.iter().map(|w| w.trim().to_lowercase()))
                .collect(),
            glossary,
            config,
        }
    }

    /// The configuration.
    pub fn config(&self) -> &Config {
        &self.config
    }

    pub(super) fn issue(
        &self,
        unit: &CheckUnit,
        idx: usize,
        seg: &Text,
        check: CheckId,
        sev: Severity,
    ) -> Issue {
        Issue {
            unit: unit.name.clone(),
            lang: seg.lang.clone(),
            term: None,
            check,
            severity: sev,
            message: String::new(),
            found: None,
            suggestion: None,
            file: seg.loc.as_ref().map(|l| l.file.display().to_string()),
            line: seg.loc.as_ref().map(|l| l.line),
            column: seg.loc.as_ref().and_then(|l| l.column),
            segment: seg.text.clone(),
            span: None,
            chars: Vec::new(),
            unit_index: idx,
        }
    }

    pub(super) fn at(&self, mut i: Issue, seg: &Text, span: (usize, usize)) -> Issue {
        if let Some(l) = seg.loc_at(span.0) {
            i.line = Some(l.line);
            i.column = l.column;
        }
        i.span = Some(span);
        i
    }

    /// Term and script checks of one unit (everything but `inconsistent-translation`).
    pub(super) fn check_unit(
        &self,
        idx: usize,
        unit: &CheckUnit,
        scratch: &mut Scratch,
        out: &mut Vec<Issue>,
    ) {
        let lv = |c| self.config.level(c).severity();
        if let Some(sev) = lv(CheckId::MixedScript) {
            let words = script::mixed_words(&unit.source.text, &unit.source.lang);
            self.mixed(unit, idx, &unit.source, words, sev, out);
        }
        let missing = lv(CheckId::TermMissing);
        let forbidden = lv(CheckId::TermForbidden);
        let src_hits = if missing.is_some() {
            self.matcher.find_source(&unit.source.text)
        } else {
            Vec::new()
        };
        for seg in &unit.targets {
            if !self.config.wants_lang(&seg.lang) {
                continue;
            }
            let mixed_level = lv(CheckId::MixedScript);
            let mixed_words = match mixed_level {
                Some(_) => script::mixed_words(&seg.text, &seg.lang),
                None => Vec::new(),
            };
            let wanted = missing.is_some() && !src_hits.is_empty() || forbidden.is_some();
            if let Some(side) = scratch.side(&self.matcher, &seg.lang).filter(|_| wanted) {
                let hits = self
                    .matcher
                    .find_target_in(side, &seg.text, &mut scratch.fold);
                if let Some(sev) = missing.filter(|_| !src_hits.is_empty()) {
                    // A term whose only fault is a look-alike letter is reported once, by
                    // mixed-script (which names the letter and the corrected word).
                    let by_look_alike = self.found_once_corrected(side, seg, &mixed_words, scratch);
                    let m = Missing {
                        src_hits: &src_hits,
                        hits: &hits,
                        by_look_alike: &by_look_alike,
                    };
                    self.missing(unit, idx, seg, m, sev, scratch, out);
                }
                if let Some(sev) = forbidden {
                    self.forbidden(unit, idx, seg, &hits, sev, out);
                }
            }
            if let Some(sev) = mixed_level {
                self.mixed(unit, idx, seg, mixed_words, sev, out);
            }
        }
        self.qa_checks(unit, idx, out);
    }

    /// The entries found (accepted) in `seg` once its mixed-script words are corrected.
    fn found_once_corrected(
        &self,
        side: usize,
        seg: &Text,
        mixed: &[script::MixedWord],
        scratch: &mut Scratch,
    ) -> HashSet<u32> {
        let mut corrected = String::with_capacity(seg.text.len() + 16);
        let mut at = 0;
        for w in mixed {
            if let Some(s) = &w.suggestion {
                corrected.push_str(&seg.text[at..w.start]);
                corrected.push_str(s);
                at = w.end;
            }
        }
        if at == 0 {
            return HashSet::new();
        }
        corrected.push_str(&seg.text[at..]);
        self.matcher
            .find_target_in(side, &corrected, &mut scratch.fold)
            .into_iter()
            .filter(|h| h.role == Role::Accepted)
            .map(|h| h.entry)
            .collect()
    }

    #[allow(clippy::too_many_arguments)]
    fn missing(
        &self,
        unit: &CheckUnit,
        idx: usize,
        seg: &Text,
        m: Missing<'_>,
        sev: Severity,
        scratch: &mut Scratch,
        out: &mut Vec<Issue>,
    ) {
        let (src_hits, hits) = (m.src_hits, m.hits);
        // Sets and maps rather than scans: a hostile segment may hold very many terms.
        let accepted: HashSet<u32> = hits
            .iter()
            .filter(|h| h.role == Role::Accepted)
            .map(|h| h.entry)
            .collect();
        let mut forbidden_hits: HashMap<u32, &TermHit> = HashMap::new();
        for h in hits.iter().filter(|h| matches!(h.role, Role::Forbidden(_))) {
            forbidden_hits.entry(h.entry).or_insert(h);
        }
        let mut seen: HashSet<u32> = HashSet::new();
        let mut listed = Listed::new(out);
        for sh in src_hits {
            if !seen.insert(sh.entry)
                || accepted.contains(&sh.entry)
                || m.by_look_alike.contains(&sh.entry)
            {
                continue;
            }
            let entry = &self.glossary.entries[sh.entry as usize];
            let Some(terms) = entry.terms_for(&seg.lang) else {
                continue;
            };
            let Some(rendering) = terms.accepted().next() else {
                continue;
            };
            if listed.full() {
                listed.more += 1;
                continue;
            }
            let term = unit.source.text[sh.start..sh.end].to_string();
            let mut i = self.issue(unit, idx, seg, CheckId::TermMissing, sev);
            let closest = closest(rendering, &seg.text, &mut scratch.fold);
            let forbidden_hit = forbidden_hits.get(&sh.entry);
            let span = forbidden_hit.map(|h| (h.start, h.end)).or(closest);
            i.message = format!(
                "“{term}” should be rendered “{rendering}” ({} in any correct form)",
                if span.is_some() {
                    "not found"
                } else {
                    "missing"
                }
            );
            if let Some((s, e)) = span {
                let found = &seg.text[s..e];
                i.message.push_str(&format!("; found “{found}”"));
                i.found = Some(found.to_string());
                i = self.at(i, seg, (s, e));
            }
            i.term = Some(term);
            i.suggestion = Some(rendering.to_string());
            listed.push(i);
        }
    }

    fn forbidden(
        &self,
        unit: &CheckUnit,
        idx: usize,
        seg: &Text,
        hits: &[TermHit],
        sev: Severity,
        out: &mut Vec<Issue>,
    ) {
        let inside_accepted = AcceptedSpans::of(hits);
        let mut reported: HashSet<(usize, usize)> = HashSet::new();
        let mut listed = Listed::new(out);
        for h in hits {
            let Role::Forbidden(k) = h.role else { continue };
            // Inside an accepted rendering (of any entry) it is part of a correct term.
            if inside_accepted.cover(h.start, h.end) || !reported.insert((h.start, h.end)) {
                continue;
            }
            if listed.full() {
                listed.more += 1;
                continue;
            }
            let entry = &self.glossary.entries[h.entry as usize];
            let terms = entry.terms_for(&seg.lang);
            let variant = terms
                .and_then(|t| t.forbidden.get(k as usize))
                .map(String::as_str)
                .unwrap_or("");
            let preferred = terms.and_then(|t| t.accepted().next());
            let source_term = entry
                .preferred(&self.config.source_lang)
                .map(str::to_string);
            let found = seg.text[h.start..h.end].to_string();
            let mut i = self.issue(unit, idx, seg, CheckId::TermForbidden, sev);
            i.message = match (&source_term, preferred) {
                (Some(t), Some(p)) => {
                    format!("“{found}” is a forbidden variant (“{variant}”) of “{t}”: use “{p}”")
                }
                (None, Some(p)) => {
                    format!("“{found}” is a forbidden variant (“{variant}”): use “{p}”")
                }
                (_, None) => format!("“{found}” is a forbidden variant (“{variant}”)"),
            };
            i.term = source_term;
            i.found = Some(found);
            i.suggestion = preferred.map(str::to_string);
            listed.push(self.at(i, seg, (h.start, h.end)));
        }
    }

    fn mixed(
        &self,
        unit: &CheckUnit,
        idx: usize,
        seg: &Text,
        words: Vec<script::MixedWord>,
        sev: Severity,
        out: &mut Vec<Issue>,
    ) {
        let mut listed = Listed::new(out);
        for mut w in words {
            if listed.full() {
                listed.more += 1;
                continue;
            }
            let word = &seg.text[w.start..w.end];
            let mut i = self.issue(unit, idx, seg, CheckId::MixedScript, sev);
            // Each letter's place counts from where the issue's does: the file's line and
            // column when known, else the segment's characters.
            for c in &mut w.chars {
                if let Some(l) = seg.loc_at(c.offset) {
                    c.line = Some(l.line);
                    c.column = l.column;
                }
            }
            let chars: Vec<String> = w
                .chars
                .iter()
                .map(|c| {
                    let at = match (c.line, c.column) {
                        (Some(l), Some(col)) => format!("at line {l}, column {col}"),
                        _ => format!("at character {} of the segment", c.position),
                    };
                    format!("{} “{}” ({}) {at}", c.script, c.ch, c.codepoint)
                })
                .collect();
            i.message = format!(
                "“{word}” mixes {} and {} letters: {}",
                w.majority,
                w.minority,
                chars.join(", ")
            );
            if let Some(s) = &w.suggestion {
                i.message.push_str(&format!("; did you mean “{s}”?"));
            }
            i.found = Some(word.to_string());
            i.suggestion = w.suggestion;
            i.chars = w.chars;
            listed.push(self.at(i, seg, (w.start, w.end)));
        }
    }

    /// Runs every check over `units` (in parallel) and returns the issues in unit order;
    /// the report keeps the units' names (see [`CheckRun::keeping_names`]).
    pub fn check(&self, units: &[CheckUnit]) -> Report {
        let mut run = self.run().keeping_names();
        run.add(units);
        // The same slice again: it cannot have changed.
        run.finish(|again| {
            again(units);
            Ok::<(), UnitsChanged>(())
        })
        .unwrap_or_default()
    }

    /// A run of the checks over units that come in batches (see [`CheckRun`]).
    pub fn run(&self) -> CheckRun<'_, 'g> {
        CheckRun::new(self)
    }
}

/// What `term-missing` compares: the source's terms, the terms found in the translation,
/// and the entries found only once look-alike letters are corrected.
struct Missing<'a> {
    src_hits: &'a [TermHit],
    hits: &'a [TermHit],
    by_look_alike: &'a HashSet<u32>,
}

/// The most issues of one check listed for one segment: a hostile segment can hold a
/// term or a mixed word a hundred thousand times, and each issue carries the whole
/// segment. The last one listed says how many more there are.
pub const MAX_ISSUES_PER_SEGMENT: usize = 50;

/// The issues of one check in one segment, listed up to [`MAX_ISSUES_PER_SEGMENT`] and
/// counted beyond; when dropped, the last one listed gets the count of the others.
pub(super) struct Listed<'o> {
    out: &'o mut Vec<Issue>,
    start: usize,
    pub(super) more: usize,
}

impl<'o> Listed<'o> {
    pub(super) fn new(out: &'o mut Vec<Issue>) -> Self {
        let start = out.len();
        Listed {
            out,
            start,
            more: 0,
        }
    }

    pub(super) fn full(&self) -> bool {
        self.out.len() - self.start >= MAX_ISSUES_PER_SEGMENT
    }

    pub(super) fn push(&mut self, i: Issue) {
        self.out.push(i);
    }
}

impl Drop for Listed<'_> {
    fn drop(&mut self) {
        if let (Some(last), true) = (self.out.last_mut(), self.more > 0) {
            last.message.push_str(&format!(
                " (and {} more like it in this segment, not listed)",
                self.more
            ));
        }
    }
}

/// The accepted renderings found in a segment, to tell whether a span lies inside one.
struct AcceptedSpans {
    /// (start, end) sorted by start…
    spans: Vec<(usize, usize)>,
    /// …and the largest end up to each.
    reach: Vec<usize>,
}

impl AcceptedSpans {
    fn of(hits: &[TermHit]) -> Self {
        let mut spans: Vec<(usize, usize)> = hits
            .iter()
            .filter(|h| h.role == Role::Accepted)
            .map(|h| (h.start, h.end))
            .collect();
        spans.sort_unstable();
        let reach = spans
            .iter()
            .scan(0, |max, &(_, e)| {
                *max = e.max(*max);
                Some(*max)
            })
            .collect();
        AcceptedSpans { spans, reach }
    }

    /// Whether an accepted rendering covers `start..end`: one starting at or before
    /// `start` reaches `end`.
    fn cover(&self, start: usize, end: usize) -> bool {
        match self.spans.partition_point(|&(s, _)| s <= start) {
            0 => false,
            n => self.reach[n - 1] >= end,
        }
    }
}

/// The words of `text` closest to `rendering` (same number of words; the last word may
/// carry an ending), when similar enough to be a misspelling: byte range in `text`.
fn closest(rendering: &str, text: &str, buf: &mut String) -> Option<(usize, usize)> {
    let want: Vec<String> = rendering.split_whitespace().map(morph::fold).collect();
    let n = want.len();
    if n == 0 {
        return None;
    }
    let want_joined = want.join(" ");
    let last_len = want[n - 1].chars().count();
    morph::fold_into(text, buf);
    let mut words: Vec<(usize, usize)> = Vec::new();
    let mut start = None;
    for (i, c) in buf.char_indices() {
        match (is_word_char(c), start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                words.push((s, i));
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        words.push((s, buf.len()));
    }
    let mut best: Option<(f64, (usize, usize))> = None;
    for win in words.windows(n) {
        let mut cand = String::new();
        for (k, &(s, e)) in win.iter().enumerate() {
            if k > 0 {
                cand.push(' ');
            }
            let w = &buf[s..e];
            if k + 1 == n {
                cand.extend(w.chars().take(last_len + 1));
            } else {
                cand.push_str(w);
            }
        }
        let score = strsim::normalized_levenshtein(&want_joined, &cand);
        if best.is_none_or(|(b, _)| score > b) {
            best = Some((score, (win[0].0, win[n - 1].1)));
        }
    }
    best.filter(|(s, _)| *s >= 0.7).map(|(_, span)| span)
}

#[cfg(test)]
mod tests {
    use std::path::Path;
    use std::sync::Arc;

    use super::*;
    use crate::check::Loc;
    use crate::glossary::parse_csv;

    fn glossary() -> Glossary {
        Glossary::from_entries(
            parse_csv(
                "en,kk,ru,ru:forbidden,gender\n\
                 Baibolat Kunbolat,Байболат Күнболат,Байболат Кунболат,,m\n\
                 Almaty,Алматы,Алматы,Алма-Ата,\n"
                    .as_bytes(),
                Path::new("g.csv"),
            )
            .unwrap(),
        )
    }

    use crate::check::unit::test_unit as unit;

    #[test]
    fn clean_units_give_no_issues() {
        let g = glossary();
        let c = Checker::new(&g, Config::default());
        let r = c.check(&[unit(
            "u1",
            "Police in Almaty detained Baibolat Kunbolat.",
            "Алматы полициясы Байболат Күнболатты ұстады.",
            "Полиция Алматы задержала Байболата Кунболата.",
        )]);
        assert!(r.issues.is_empty(), "{:#?}", r.issues);
        assert!(!r.failed());
    }

    #[test]
    fn misspelt_and_forbidden_renderings_are_reported() {
        let g = glossary();
        let c = Checker::new(&g, Config::default());
        let r = c.check(&[unit(
            "u1",
            "Police in Almaty detained Baibolat Kunbolat.",
            "Алматы полициясы Байболат Кунболатты ұстады.",
            "Полиция Алма-Аты задержала Байболата Кунболата.",
        )]);
        let got: Vec<(&str, &str, Option<&str>)> = r
            .issues
            .iter()
            .map(|i| (i.lang.as_str(), i.check.id(), i.found.as_deref()))
            .collect();
        assert_eq!(
            got,
            vec![
                ("kk", "term-missing", Some("Байболат Кунболатты")),
                ("ru", "term-missing", Some("Алма-Аты")),
                ("ru", "term-forbidden", Some("Алма-Аты")),
            ]
        );
        assert!(r.failed());
    }

    #[test]
    fn a_latin_look_alike_in_a_term_is_one_mixed_script_issue_placed_in_the_file() {
        let g = glossary();
        let c = Checker::new(&g, Config::default());
        let mut u = unit(
            "u1",
            "Police in Almaty detained Baibolat Kunbolat.",
            "Алматы полициясы Байболат Күнбoлатты ұстады.",
            "Полиция Алматы задержала Байболата Кунбoлата.",
        );
        // The Kazakh sentence is the second on line 3, starting at column 20.
        u.targets[0].loc = Some(Loc {
            file: Arc::from(Path::new("r.kk.txt")),
            line: 3,
            column: Some(20),
        });
        let r = c.check(&[u]);
        let got: Vec<(&str, &str, Option<&str>)> = r
            .issues
            .iter()
            .map(|i| (i.lang.as_str(), i.check.id(), i.suggestion.as_deref()))
            .collect();
        assert_eq!(
            got,
            [
                ("kk", "mixed-script", Some("Күнболатты")),
                ("ru", "mixed-script", Some("Кунболата")),
            ]
        );
        let kk = &r.issues[0];
        // “Күнбoлатты” is the word at column 20 + 26; its Latin o is 4 letters in.
        assert_eq!((kk.line, kk.column), (Some(3), Some(46)));
        let o = &kk.chars[0];
        assert_eq!((o.ch, o.line, o.column), ('o', Some(3), Some(50)));
        assert!(
            kk.message.contains("at line 3, column 50"),
            "{}",
            kk.message
        );
        // Without a file position the letter is placed in the segment.
        assert!(
            r.issues[1]
                .message
                .contains("at character 40 of the segment"),
            "{}",
            r.issues[1].message
        );
        // With mixed-script off, the misspelt term is reported as missing instead.
        let mut cfg = Config::default();
        cfg.apply_setting("mixed-script=off").unwrap();
        let r = Checker::new(&g, cfg).check(&[unit(
            "u1",
            "Police detained Baibolat Kunbolat.",
            "Полиция Байболат Күнбoлатты ұстады.",
            "Полиция задержала Байболата Кунболата.",
        )]);
        assert_eq!(r.issues.len(), 1);
        assert_eq!(r.issues[0].check.id(), "term-missing");
    }

    #[test]
    fn levels_can_demote_or_disable_checks() {
        let g = glossary();
        let mut cfg = Config::default();
        cfg.apply_setting("term-missing=warning").unwrap();
        cfg.apply_setting("term-forbidden=off").unwrap();
        assert!(cfg.apply_setting("term-missin=warning").is_err());
        assert!(cfg.apply_setting("term-missing=loud").is_err());
        let c = Checker::new(&g, cfg);
        let r = c.check(&[unit("u1", "In Almaty.", "Алматыда.", "В Алма-Ате.")]);
        assert_eq!(r.issues.len(), 1);
        assert_eq!(r.issues[0].severity, Severity::Warning);
        assert!(!r.failed());
    }

    #[test]
    fn inconsistent_translations_are_warnings_on_later_units() {
        let g = glossary();
        let c = Checker::new(&g, Config::default());
        let r = c.check(&[
            unit("u1", "Police came.", "Полиция келді.", "Пришла полиция."),
            unit("u2", "Police  came.", "Полиция келді.", "Полиция пришла."),
        ]);
        assert_eq!(r.issues.len(), 1, "{:#?}", r.issues);
        let i = &r.issues[0];
        assert_eq!((i.unit.as_str(), i.lang.as_str()), ("u2", "ru"));
        assert_eq!(i.severity, Severity::Warning);
        assert!(i.message.contains("u1"));
    }

    #[test]
    fn a_segment_lists_a_bounded_number_of_issues_per_check_and_counts_the_rest() {
        let g = glossary();
        let c = Checker::new(&g, Config::default());
        let n = 3 * MAX_ISSUES_PER_SEGMENT;
        let many = |w: &str| vec![w; n].join(" ");
        // Each word: a forbidden variant, a mixed-script word; the source names many terms.
        let ru = format!("{} {}", many("Алма-Ата"), many("Аlmaты"));
        let r = c.check(&[unit("u1", &many("Almaty Baibolat Kunbolat"), "Алматы", &ru)]);
        let of = |check: &str| -> Vec<&Issue> {
            r.issues
                .iter()
                .filter(|i| i.check.id() == check && i.lang == "ru")
                .collect()
        };
        for check in ["term-forbidden", "mixed-script"] {
            let listed = of(check);
            assert_eq!(listed.len(), MAX_ISSUES_PER_SEGMENT, "{check}");
            let more = format!(
                "(and {} more like it in this segment, not listed)",
                n - MAX_ISSUES_PER_SEGMENT
            );
            assert!(
                listed.last().unwrap().message.ends_with(&more),
                "{check}: {}",
                listed.last().unwrap().message
            );
            assert!(!listed[0].message.contains("more like it"));
        }
        // Each missing term once, however often the source names it; nothing said of others.
        let missing = of("term-missing");
        assert_eq!(missing.len(), 2, "{missing:#?}");
        assert!(missing.iter().all(|i| !i.message.contains("more like it")));
    }

    #[test]
    fn a_forbidden_variant_inside_an_accepted_rendering_is_not_reported() {
        let csv =
            "en,ru,ru:forbidden\nAlmaty region,Алма-Атинская область,\nAlmaty,Алматы,Алма-Ата\n";
        let g = Glossary::from_entries(parse_csv(csv.as_bytes(), Path::new("g.csv")).unwrap());
        let spans = AcceptedSpans {
            spans: vec![(0, 10), (2, 4), (20, 30)],
            reach: vec![10, 10, 30],
        };
        assert!(spans.cover(3, 9) && spans.cover(20, 30) && spans.cover(5, 10));
        assert!(!spans.cover(9, 12) && !spans.cover(15, 16) && !spans.cover(0, 31));
        let c = Checker::new(&g, Config::default());
        let t = |lang: &str, text: &str| Text {
            lang: lang.into(),
            text: text.into(),
            loc: None,
            contexts: Vec::new(),
        };
        let r = c.check(&[CheckUnit {
            name: "u".into(),
            source: t("en", "Almaty region"),
            targets: vec![t("ru", "Алма-Атинская область; Алма-Ата")],
        }]);
        let forbidden: Vec<_> = r
            .issues
            .iter()
            .filter(|i| i.check.id() == "term-forbidden")
            .map(|i| i.found.as_deref())
            .collect();
        assert_eq!(forbidden, [Some("Алма-Ата")], "{:#?}", r.issues);
    }

    #[test]
    fn locations_follow_lines_inside_a_segment() {
        let t = Text {
            lang: "kk".into(),
            text: "ab\ncdе".into(),
            loc: Some(Loc {
                file: Arc::from(Path::new("f.txt")),
                line: 3,
                column: Some(5),
            }),
            contexts: Vec::new(),
        };
        assert_eq!(t.loc_at(1).map(|l| (l.line, l.column)), Some((3, Some(6))));
        assert_eq!(t.loc_at(5).map(|l| (l.line, l.column)), Some((4, Some(3))));
    }
}
