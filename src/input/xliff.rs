//! XLIFF 1.2 and 2.0 files as units for the TM: [`XliffUnits`] reads the confirmed
//! translations of a job, one segment at a time, and counts every segment by the state of
//! its target ([`XliffTally`]), saying why the others were not taken ([`NotStored`]).
//!
//! A segment is taken when its target is confirmed (see
//! [`confirmation`]: 1.2 `translated`, `final`, `signed-off` or `approved="yes"`, 2.0
//! `translated`, `reviewed` or `final`, Trados and memoQ confirmed statuses, or a target
//! without any state). Targets still to be reviewed (1.2 `needs-review-translation`, …,
//! custom `x-` states, Trados drafts, memoQ edits not confirmed) are taken only with
//! [`XliffOptions::include_unconfirmed`], and never when they are still the fuzzy match the
//! job was pre-filled with (a translation of another sentence). Untranslated states (1.2
//! `new`, `needs-translation`, 2.0 `initial`, …) and empty targets are never taken, as CAT
//! tools do.
//!
//! A 2.0 unit gives one unit for the TM per `<segment>`. Inline codes of the source and
//! target come as TMX markup beside the plain text (see [`crate::formats::xliff`]); a target
//! that is still exactly an exact match (100 or 101%) it was pre-filled with comes without
//! markup, so that the stored unit, codes included, stays as it is.

use std::collections::{BTreeMap, VecDeque};
use std::io::BufRead;

use serde::Serialize;

use super::tmx::check_sizes;
use crate::formats::xliff::{
    confirmation, Confirmation, JobContext, XliffReader, XliffSeg, XliffUnit,
};
use crate::formats::xml::XmlError;
use crate::store::{Prop, UnitInput, VariantInput};

/// The type of the props that keep the attributes of XLIFF inline codes TMX markup has no
/// place for (`equiv-text`, `disp`, `canDelete`, …): one per code, its value a JSON object
/// `{"element", "id", "attrs"}`; on the unit for the source's codes, on the variant's
/// language for the target's. TMX exports them as `<prop type="x-xliff-code">`.
pub const CODE_ATTRS_PROP: &str = "x-xliff-code";

/// How XLIFF files are read for the TM.
#[derive(Debug, Clone, Default)]
pub struct XliffOptions {
    /// The target language of files that name none (`target-language` is optional in
    /// XLIFF 1.2): `import --tgt`.
    pub tgt_lang: Option<String>,
    /// Also take targets still waiting for review (`--include-unconfirmed`).
    pub include_unconfirmed: bool,
}

/// Why a segment's target was not taken.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(tag = "reason", content = "state", rename_all = "kebab-case")]
pub enum NotStored {
    /// Its state says it still waits for review (the state as written).
    Unconfirmed(String),
    /// Its state says it is not translated yet (the state as written).
    Untranslated(String),
    /// It still holds the fuzzy match (this %) the job was pre-filled with.
    UntouchedFuzzy(u32),
    /// It has no target, or an empty one.
    NoTarget,
    /// Its source is empty.
    EmptySource,
    /// It is marked not to be translated (`translate="no"`).
    NotTranslatable,
}

impl NotStored {
    /// The sentence saying why, for `n` segments.
    pub fn message(&self, n: u64) -> String {
        match self {
            NotStored::Unconfirmed(s) => format!(
                "{n} segment(s) still {s}: not stored; --include-unconfirmed stores them"
            ),
            NotStored::Untranslated(s) => {
                format!("{n} segment(s) {s} (not translated yet): not stored")
            }
            NotStored::UntouchedFuzzy(p) => format!(
                "{n} segment(s) still hold the {p}% fuzzy match they were pre-filled with (a translation of another sentence): not stored"
            ),
            NotStored::NoTarget => format!("{n} segment(s) without a translation: not stored"),
            NotStored::EmptySource => format!(
                "{n} segment(s) with no text in the source (empty, or inline codes alone): not stored"
            ),
            NotStored::NotTranslatable => format!(
                "{n} segment(s) marked translate=\"no\" (not to be translated): not stored"
            ),
        }
    }
}

/// The segments of an XLIFF file, counted by the state of their target.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct XliffTally {
    /// The file (as given).
    pub file: String,
    /// Segments read.
    pub segments: u64,
    /// Segments per state: the 1.2 or 2.0 `state` as written, `approved` for 1.2
    /// `approved="yes"`, `none` for a segment without a state.
    pub by_state: BTreeMap<String, u64>,
    /// Segments not taken, per reason.
    #[serde(serialize_with = "not_stored_list")]
    pub not_stored: BTreeMap<NotStored, u64>,
}

fn not_stored_list<S: serde::Serializer>(
    m: &BTreeMap<NotStored, u64>,
    s: S,
) -> Result<S::Ok, S::Error> {
    #[derive(Serialize)]
    struct Entry<'a> {
        #[serde(flatten)]
        why: &'a NotStored,
        segments: u64,
        message: String,
    }
    s.collect_seq(m.iter().map(|(why, n)| Entry {
        why,
        segments: *n,
        message: why.message(*n),
    }))
}

impl XliffTally {
    /// Segments not taken, in all.
    pub fn not_stored_total(&self) -> u64 {
        self.not_stored.values().sum()
    }

    /// One line per reason a segment was not taken.
    pub fn messages(&self) -> Vec<String> {
        self.not_stored.iter().map(|(w, n)| w.message(*n)).collect()
    }
}

/// A segment of an XLIFF file read as a unit for the TM (its source and one target).
#[derive(Debug, Clone)]
pub struct FinishedUnit {
    /// Byte offset of the XLIFF unit's start tag in the (UTF-8) input.
    pub offset: u64,
    /// Byte offset of the target's content.
    pub target_offset: u64,
    /// The unit.
    pub unit: UnitInput,
    /// The `original` of its `<file>` (the report a tmkit job was made from).
    pub document: Option<String>,
    /// Where the sentence stood in that report, when the job says (tmkit's jobs do).
    pub context: Option<JobContext>,
}

/// Reads the confirmed segments of an XLIFF document in order.
pub struct XliffUnits<R: BufRead> {
    reader: XliffReader<R>,
    opts: XliffOptions,
    queue: VecDeque<FinishedUnit>,
    tally: XliffTally,
}

impl<R: BufRead> XliffUnits<R> {
    /// Reads up to the root `<xliff>` element of `input`.
    pub fn new(input: R, opts: XliffOptions) -> Result<Self, XmlError> {
        Ok(XliffUnits {
            reader: XliffReader::new(input)?,
            opts,
            queue: VecDeque::new(),
            tally: XliffTally::default(),
        })
    }

    /// Bytes of input consumed so far.
    pub fn position(&self) -> u64 {
        self.reader.position()
    }

    /// The segments read so far, counted by state.
    pub fn tally(&self) -> &XliffTally {
        &self.tally
    }

    /// The next confirmed segment, `None` at the end of the document. A confirmed segment
    /// in a file that names no valid target language (and none given in the options) is an
    /// error, as is one whose target language differs from the one given.
    pub fn next_unit(&mut self) -> Result<Option<FinishedUnit>, XmlError> {
        loop {
            if let Some(u) = self.queue.pop_front() {
                return Ok(Some(u));
            }
            let Some(u) = self.reader.next_unit()? else {
                return Ok(None);
            };
            self.take(u)?;
        }
    }

    /// Counts the segments of `u` and queues those to store.
    fn take(&mut self, u: XliffUnit) -> Result<(), XmlError> {
        let whole = u.segments.len() == 1;
        for seg in &u.segments {
            self.tally.segments += 1;
            let label = match (u.approved, seg.state.as_deref()) {
                _ if seg.translate_no => "translate=no",
                (true, _) => "approved",
                (false, Some(s)) => s,
                (false, None) => "none",
            };
            *self.tally.by_state.entry(label.to_string()).or_default() += 1;
            match self.judge(&u, seg) {
                Err(why) => *self.tally.not_stored.entry(why).or_default() += 1,
                Ok(exact_prefill) => {
                    let unit = self.unit_of(&u, seg, exact_prefill)?;
                    self.queue.push_back(FinishedUnit {
                        offset: u.offset,
                        target_offset: seg.target_offset.unwrap_or(u.offset),
                        unit,
                        document: u.original.clone(),
                        context: if whole { u.context.clone() } else { None },
                    });
                }
            }
        }
        Ok(())
    }

    /// Whether to take a segment (and whether its target is still an exact match it was
    /// pre-filled with), or why not.
    fn judge(&self, u: &XliffUnit, seg: &XliffSeg) -> Result<bool, NotStored> {
        if seg.translate_no {
            return Err(NotStored::NotTranslatable);
        }
        if seg.source.trim().is_empty() {
            return Err(NotStored::EmptySource);
        }
        if seg.target.as_deref().is_none_or(|t| t.trim().is_empty()) {
            return Err(NotStored::NoTarget);
        }
        let state = seg.state.as_deref();
        let prefill = u.prefill_quality(seg);
        match confirmation(state, u.approved) {
            Confirmation::Confirmed => {}
            Confirmation::Untranslated => {
                return Err(NotStored::Untranslated(state.unwrap_or_default().into()))
            }
            Confirmation::Unconfirmed => {
                let state = state.unwrap_or_default().to_string();
                if !self.opts.include_unconfirmed {
                    return Err(NotStored::Unconfirmed(state));
                }
                if let Some(p) = prefill.filter(|p| *p < 100) {
                    return Err(NotStored::UntouchedFuzzy(p));
                }
            }
        }
        Ok(prefill.is_some_and(|p| p >= 100))
    }

    /// The unit for the TM of a segment taken.
    fn unit_of(
        &self,
        u: &XliffUnit,
        seg: &XliffSeg,
        exact_prefill: bool,
    ) -> Result<UnitInput, XmlError> {
        let tgt = self.target_lang(u)?;
        let code_prop = |lang: Option<&str>, value: &String| Prop {
            lang: lang.map(str::to_string),
            kind: "prop".into(),
            prop_type: Some(CODE_ATTRS_PROP.into()),
            value: value.clone(),
        };
        // An untouched exact match keeps the stored unit's codes, their display included.
        let target_attrs = if exact_prefill {
            &[][..]
        } else {
            &seg.target_code_attrs[..]
        };
        let props = seg
            .source_code_attrs
            .iter()
            .map(|v| code_prop(None, v))
            .chain(target_attrs.iter().map(|v| code_prop(Some(&tgt), v)))
            .collect();
        let unit = UnitInput {
            src_lang: u.src_lang.clone(),
            source: seg.source.clone(),
            source_markup: seg.source_markup.clone(),
            targets: vec![VariantInput {
                lang: tgt,
                text: seg.target.clone().unwrap_or_default(),
                // An untouched exact match is the stored translation: its codes as read back
                // may be spelled differently from the stored ones, which stay.
                markup: if exact_prefill {
                    None
                } else {
                    seg.target_markup.clone()
                },
                ..Default::default()
            }],
            props,
            ..Default::default()
        };
        check_sizes(&unit, u.offset)?;
        Ok(unit)
    }

    /// The target language of `u`: its file's, else the one given in the options.
    fn target_lang(&self, u: &XliffUnit) -> Result<String, XmlError> {
        let given = self.opts.tgt_lang.as_deref();
        let file = u.tgt_lang.as_deref().filter(|t| !t.trim().is_empty());
        let attr = if u.major == 1 {
            "target-language"
        } else {
            "trgLang"
        };
        match (file, given) {
            (Some(f), _) if !crate::lang::is_valid(f) => Err(XmlError {
                offset: u.offset,
                message: format!("the file's {attr} {f:?} is not a valid language tag"),
            }),
            (Some(f), Some(g)) if crate::lang::canonical(f) != crate::lang::canonical(g) => {
                Err(XmlError {
                    offset: u.offset,
                    message: format!(
                        "the file's {attr} is {f:?} but --tgt says {g:?}: leave --tgt out, or give the file's language"
                    ),
                })
            }
            (Some(f), _) => Ok(f.to_string()),
            (None, Some(g)) => Ok(g.to_string()),
            (None, None) => Err(XmlError {
                offset: u.offset,
                message: format!(
                    "the file gives no target language ({attr}{}): name it with --tgt LANG (e.g. --tgt kk)",
                    if u.major == 1 { " is optional in XLIFF 1.2" } else { " is missing" }
                ),
            }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const JOB: &str = "<xliff version=\"1.2\"><file original=\"r\" source-language=\"en\" target-language=\"kk\" datatype=\"plaintext\"><body>\
        <trans-unit id=\"1\"><source>Done.</source><target state=\"translated\">Дайын.</target></trans-unit>\
        <trans-unit id=\"2\"><source>Open.</source><target state=\"new\">Open.</target></trans-unit>\
        <trans-unit id=\"3\"><source>Empty.</source></trans-unit>\
        </body></file></xliff>";

    fn all(doc: &str, opts: XliffOptions) -> (Vec<FinishedUnit>, XliffTally) {
        let mut r = XliffUnits::new(doc.as_bytes(), opts).unwrap();
        let mut v = Vec::new();
        while let Some(u) = r.next_unit().unwrap() {
            v.push(u);
        }
        (v, r.tally().clone())
    }

    #[test]
    fn only_confirmed_units_are_read_and_the_others_are_counted_with_a_reason() {
        let (us, tally) = all(JOB, XliffOptions::default());
        assert_eq!(us.len(), 1);
        let u = &us[0];
        assert_eq!(u.unit.source, "Done.");
        assert_eq!(u.unit.src_lang, "en");
        assert_eq!(u.unit.targets[0].lang, "kk");
        assert_eq!(u.unit.targets[0].text, "Дайын.");
        assert_eq!(u.document.as_deref(), Some("r"));
        assert_eq!(tally.segments, 3);
        assert_eq!(tally.by_state["translated"], 1);
        assert_eq!(tally.by_state["new"], 1);
        assert_eq!(tally.by_state["none"], 1);
        assert_eq!(
            tally.messages(),
            [
                "1 segment(s) new (not translated yet): not stored",
                "1 segment(s) without a translation: not stored"
            ]
        );
    }

    #[test]
    fn review_states_are_stored_only_on_request_and_never_as_an_untouched_fuzzy_match() {
        let doc = "<xliff version=\"1.2\"><file original=\"r\" source-language=\"en\" target-language=\"ru\" datatype=\"plaintext\"><body>\
            <trans-unit id=\"1\"><source>Cats sleep.</source><target state=\"needs-review-translation\">Кошки спят.</target>\
              <alt-trans match-quality=\"80\"><source>Dogs sleep.</source><target>Собаки спят.</target></alt-trans></trans-unit>\
            <trans-unit id=\"2\"><source>Cats eat.</source><target state=\"needs-review-translation\">Собаки едят.</target>\
              <alt-trans match-quality=\"80\"><source>Dogs eat.</source><target>Собаки едят.</target></alt-trans></trans-unit>\
            <trans-unit id=\"3\"><source>Cats run.</source><target state=\"x-checked\">Кошки бегут.</target></trans-unit>\
            <trans-unit id=\"4\" approved=\"yes\"><source>Cats fly.</source><target state=\"needs-review-translation\">Кошки летают.</target></trans-unit>\
            </body></file></xliff>";
        let (us, tally) = all(doc, XliffOptions::default());
        assert_eq!(
            us.len(),
            1,
            "approved=\"yes\" is confirmed whatever the state"
        );
        assert_eq!(tally.by_state["approved"], 1);
        assert_eq!(
            tally.messages(),
            [
                "2 segment(s) still needs-review-translation: not stored; --include-unconfirmed stores them",
                "1 segment(s) still x-checked: not stored; --include-unconfirmed stores them",
            ]
        );
        let opts = XliffOptions {
            include_unconfirmed: true,
            ..Default::default()
        };
        let (us, tally) = all(doc, opts);
        let stored: Vec<&str> = us.iter().map(|u| u.unit.source.as_str()).collect();
        assert_eq!(stored, ["Cats sleep.", "Cats run.", "Cats fly."]);
        assert_eq!(tally.not_stored_total(), 1);
        assert!(tally.messages()[0].starts_with("1 segment(s) still hold the 80% fuzzy match"));
    }

    #[test]
    fn units_marked_translate_no_are_counted_and_not_stored() {
        let v12 = "<xliff version=\"1.2\"><file original=\"r\" source-language=\"en\" target-language=\"kk\" datatype=\"plaintext\"><body>\
            <trans-unit id=\"1\"><source>Done.</source><target state=\"translated\">Дайын.</target></trans-unit>\
            <trans-unit id=\"2\" translate=\"no\"><source>RFE/RL</source><target state=\"translated\">RFE/RL</target></trans-unit>\
            <group id=\"g\" translate=\"no\"><trans-unit id=\"3\"><source>Azattyq</source><target state=\"final\">Азаттық</target></trans-unit>\
              <trans-unit id=\"4\" translate=\"yes\"><source>Read.</source><target state=\"final\">Оқыңыз.</target></trans-unit></group>\
            <trans-unit id=\"5\"><source>Again.</source><target state=\"final\">Тағы.</target></trans-unit>\
            </body></file></xliff>";
        let (us, tally) = all(v12, XliffOptions::default());
        let stored: Vec<&str> = us.iter().map(|u| u.unit.source.as_str()).collect();
        assert_eq!(stored, ["Done.", "Read.", "Again."]);
        assert_eq!(tally.segments, 5);
        assert_eq!(tally.by_state["translate=no"], 2);
        assert_eq!(
            tally.messages(),
            ["2 segment(s) marked translate=\"no\" (not to be translated): not stored"]
        );

        let v20 = "<xliff version=\"2.0\" xmlns=\"urn:oasis:names:tc:xliff:document:2.0\" srcLang=\"en\" trgLang=\"ru\"><file id=\"f\">\
            <unit id=\"u1\" translate=\"no\"><segment state=\"final\"><source>RFE/RL</source><target>RFE/RL</target></segment></unit>\
            <unit id=\"u2\"><segment state=\"final\"><source>Police came.</source><target>Пришла полиция.</target></segment>\
              <segment state=\"final\" translate=\"no\"><source>#Almaty</source><target>#Almaty</target></segment></unit>\
            </file></xliff>";
        let (us, tally) = all(v20, XliffOptions::default());
        assert_eq!(us.len(), 1);
        assert_eq!(us[0].unit.source, "Police came.");
        assert_eq!(tally.by_state["translate=no"], 2);
        assert_eq!(tally.not_stored[&NotStored::NotTranslatable], 2);
    }

    #[test]
    fn xliff20_segments_are_units_of_their_own_with_their_whitespace() {
        let doc = "<xliff version=\"2.0\" xmlns=\"urn:oasis:names:tc:xliff:document:2.0\" srcLang=\"en\" trgLang=\"kk\"><file id=\"f\"><unit id=\"u\">\
            <segment state=\"final\"><source>Police came. </source><target>Полиция келді. </target></segment>\
            <ignorable><source> </source></ignorable>\
            <segment state=\"initial\"><source>They left.</source><target>Олар кетті.</target></segment>\
            <segment><source> <ph id=\"1\" equiv-text=\"[1]\"/>Nobody stayed.</source><target> <ph id=\"1\" equiv-text=\"[1]\"/>Ешкім қалмады.</target></segment>\
            </unit></file></xliff>";
        let (us, tally) = all(doc, XliffOptions::default());
        let got: Vec<(&str, &str)> = us
            .iter()
            .map(|u| (u.unit.source.as_str(), u.unit.targets[0].text.as_str()))
            .collect();
        assert_eq!(
            got,
            [
                ("Police came. ", "Полиция келді. "),
                (" Nobody stayed.", " Ешкім қалмады.")
            ]
        );
        assert_eq!(
            us[1].unit.source_markup.as_deref(),
            Some(" <ph x=\"1\"/>Nobody stayed.")
        );
        assert_eq!(tally.segments, 3);
        assert_eq!(tally.by_state["initial"], 1);
    }

    #[test]
    fn a_segment_over_the_limit_is_refused_at_its_unit() {
        let long = "x".repeat(crate::input::MAX_SEGMENT_BYTES + 1);
        let job = JOB.replace(
            "<source>Done.</source>",
            &format!("<source>{long}</source>"),
        );
        let mut r = XliffUnits::new(job.as_bytes(), XliffOptions::default()).unwrap();
        let e = r.next_unit().unwrap_err();
        assert!(
            e.message.starts_with("a segment (en) of 1048577 bytes"),
            "{e}"
        );
        assert_eq!(e.offset as usize, job.find("<trans-unit").unwrap());
    }

    #[test]
    fn a_confirmed_unit_without_a_target_language_is_an_error_at_the_unit_naming_tgt() {
        let job = JOB.replace(" target-language=\"kk\"", "");
        let mut r = XliffUnits::new(job.as_bytes(), XliffOptions::default()).unwrap();
        let e = r.next_unit().unwrap_err();
        assert!(e.message.contains("no target language (target-language is optional in XLIFF 1.2): name it with --tgt LANG"), "{e}");
        assert_eq!(e.offset as usize, job.find("<trans-unit").unwrap());
        let opts = XliffOptions {
            tgt_lang: Some("kk".into()),
            ..Default::default()
        };
        let (us, _) = all(&job, opts);
        assert_eq!(us[0].unit.targets[0].lang, "kk");
    }

    #[test]
    fn a_target_language_other_than_the_files_is_refused() {
        let opts = XliffOptions {
            tgt_lang: Some("ru".into()),
            ..Default::default()
        };
        let mut r = XliffUnits::new(JOB.as_bytes(), opts).unwrap();
        let e = r.next_unit().unwrap_err();
        assert!(
            e.message
                .contains("target-language is \"kk\" but --tgt says \"ru\""),
            "{e}"
        );
    }
}
