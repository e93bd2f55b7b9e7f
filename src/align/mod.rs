//! Sentence alignment: parallel reports that do not match sentence for sentence (merged,
//! split, dropped and added sentences, moved datelines, joined paragraphs) aligned into
//! [`Bead`]s, so their pairs can fill the TM.
//!
//! A [`Document`] is a report split into sentences. The [`Aligner`] finds the cheapest
//! sequence of beads (1:1, 1:2, 2:1, 1:0, 0:1, 2:2, 1:3, 3:1) over the whole document pair
//! by dynamic programming in a band (`dp.rs`: linear time and memory), each bead's cost
//! (`cost.rs`) adding a Gale–Church length cost ([`LengthModel`], from the TM when it has
//! enough units: [`TmHints`]) to lexical anchors (`anchors.rs`: numbers and dates in local
//! forms read by [`numeric`](crate::numeric), month and weekday names, proper nouns across scripts, glossary terms in any
//! inflected form, question marks and quotations), word pairs learned from the document
//! pair and the TM (`lexicon.rs`), a word translation model of the document pair learned
//! from a first pass (`model.rs`: IBM Model 1), pairs already in the TM, and paragraph
//! boundaries as a soft signal. Each bead gets a confidence, its posterior probability
//! (`confidence.rs`). [`output`] renders an alignment for people (side by side), programs
//! (JSON) and reviewers (TSV); [`score`] compares one with gold beads.

mod anchors;
mod bead;
mod confidence;
mod cost;
mod coverage;
mod dateline;
mod dictionary;
mod document;
mod dp;
mod error;
mod gloss;
mod hints;
mod length;
mod lexicon;
mod model;
mod names;
pub mod output;
mod placement;
mod progress;
mod quotes;
pub mod score;
mod stem;

pub use anchors::TermSide;
pub use bead::{Alignment, Bead, Shape, SHAPES};
pub use confidence::DOUBTFUL_BELOW;
pub use dictionary::{Dictionary, DictionaryError};
pub use document::{Document, Sentence};
pub use error::AlignError;
pub use hints::{hints_from_store, TmHints};
pub use length::{LengthModel, MIN_UNITS_FOR_ESTIMATE};
pub use lexicon::{TmLexicon, TM_LEXICON_PAIRS};
pub use progress::{AlignProgress, NoAlignProgress};

use crate::glossary::TermMatcher;
use anchors::{Anchors, Scratch};
use cost::{BeadCost, Lengths, SideFacts};
use coverage::Coverage;
use lexicon::Stems;
use model::ModelScratch;
use model::Translation;

/// The band's half-width to start with; doubled around the rows where the best path
/// touches its edge.
const FIRST_WIDTH: usize = 12;
/// A re-estimated length ratio this much (relative) away from the first is used for a
/// second pass.
const RATIO_MOVED: f64 = 0.05;

/// The passes an alignment has run, and where to report them.
struct Passes<'p> {
    progress: &'p mut dyn AlignProgress,
    done: usize,
}

/// The bilingual lexicon an [`Aligner`] uses.
#[derive(Debug, Clone, Copy, Default)]
enum Lexicon<'g> {
    /// The bundled one of the language pair ([`Dictionary::bundled`]), when there is one.
    #[default]
    Bundled,
    /// None.
    Off,
    /// This one.
    Given(&'g Dictionary),
}

/// Aligns document pairs: holds what the TM, the glossary and the bilingual lexicon know
/// about the language pair.
#[derive(Default)]
pub struct Aligner<'g> {
    hints: TmHints,
    terms: Option<&'g TermMatcher>,
    lexicon: Lexicon<'g>,
}

impl<'g> Aligner<'g> {
    /// An aligner using lengths and anchors only.
    pub fn new() -> Aligner<'g> {
        Aligner::default()
    }

    /// Uses the pairs (and length model) the TM holds for this language pair.
    pub fn with_hints(mut self, hints: TmHints) -> Self {
        self.hints = hints;
        self
    }

    /// Uses glossary names and terms (compiled for the source language) as anchors.
    pub fn with_terms(mut self, terms: &'g TermMatcher) -> Self {
        self.terms = Some(terms);
        self
    }

    /// Uses `dictionary` as the bilingual lexicon (`None`: no lexicon) instead of the
    /// bundled one of the language pair ([`Dictionary::bundled`], the default).
    pub fn with_dictionary(mut self, dictionary: Option<&'g Dictionary>) -> Self {
        self.lexicon = dictionary.map_or(Lexicon::Off, Lexicon::Given);
        self
    }

    /// The bilingual lexicon used for `source` and `target`.
    fn dictionary(&self, source: &Document, target: &Document) -> Option<&'g Dictionary> {
        match self.lexicon {
            Lexicon::Bundled => Dictionary::bundled(&source.lang, &target.lang),
            Lexicon::Off => None,
            Lexicon::Given(d) => Some(d),
        }
    }

    /// The length ratio a document pair's own is drawn towards: the TM's when it has enough
    /// units of the language pair, else 1.
    fn length_prior(&self) -> LengthModel {
        self.hints.length.unwrap_or_default()
    }

    /// The length model used for `source` and `target` in the first pass: the ratio of the
    /// two documents' lengths drawn towards the TM's (or 1 without one:
    /// [`LengthModel::updated`]), with Gale and Church's spread.
    ///
    /// The TM's spread is not used: its units are one-to-one translations (1.4–1.6 per
    /// character in the bundled corpus; the gold one-to-one beads of `tests/data/align`
    /// show 1.8, their splits 3.6–3.9), and the costs of anchors, lexicon and model are
    /// weighed against Gale and Church's 6.8; with the TM's, merges and splits paid for
    /// their length and 1:1s were pooled into 2:2s whose deviations cancel. Nor is its ratio
    /// taken as it stands: translators of one report write longer or shorter than the TM's
    /// average, and the document pair's own ratio, re-estimated from the first pass's
    /// beads, says by how much.
    pub fn length_model(&self, source: &Document, target: &Document) -> LengthModel {
        let chars = |d: &Document| d.sentences.iter().map(|s| s.text.chars().count()).sum();
        self.length_prior()
            .updated(chars(source), chars(target), source.len().min(target.len()))
    }

    /// Aligns `source` with its translation `target`: every sentence of both in exactly one
    /// bead, in document order.
    pub fn align(&self, source: &Document, target: &Document) -> Alignment {
        self.align_reporting(source, target, &mut NoAlignProgress)
    }

    /// [`Aligner::align`], reporting each pass's progress to `progress`.
    pub fn align_reporting(
        &self,
        source: &Document,
        target: &Document,
        progress: &mut dyn AlignProgress,
    ) -> Alignment {
        let mut alignment = self.align_passes(source, target, progress);
        alignment.place_additions(&mut |j| placement::belongs_with_next(target, j));
        alignment
    }

    /// [`Aligner::align_reporting`] before the order of adjacent drops and additions is set.
    fn align_passes(
        &self,
        source: &Document,
        target: &Document,
        progress: &mut dyn AlignProgress,
    ) -> Alignment {
        let mut passes = Passes { progress, done: 0 };
        let (n, m) = (source.len(), target.len());
        if n == 0 || m == 0 {
            let beads = (0..n)
                .map(|i| Bead {
                    source: i..i + 1,
                    target: 0..0,
                    confidence: 1.0,
                })
                .chain((0..m).map(|j| Bead {
                    source: n..n,
                    target: j..j + 1,
                    confidence: 1.0,
                }))
                .collect();
            return Alignment { beads };
        }
        let src_terms = self.terms.map(TermSide::Source);
        let tgt_terms = self
            .terms
            .and_then(|t| t.target(&target.lang).map(|side| TermSide::Target(t, side)));
        // The stems of each side, and with capitalized words too for the lexicon when there
        // is one: each word stemmed once.
        let dictionary = self.dictionary(source, target);
        let (source_stems, source_capitals) = Stems::of_both(
            source.sentences.iter().map(|s| s.text.as_str()),
            dictionary.is_some(),
        );
        let (target_stems, target_capitals) = Stems::of_both(
            target.sentences.iter().map(|s| s.text.as_str()),
            dictionary.is_some(),
        );
        let mut src = SideFacts::with_stems(
            source,
            Anchors::of(
                &source.lang,
                source.sentences.iter().map(|s| s.text.as_str()),
                src_terms,
            ),
            &source_stems,
        );
        let mut tgt = SideFacts::with_stems(
            target,
            Anchors::of(
                &target.lang,
                target.sentences.iter().map(|s| s.text.as_str()),
                tgt_terms,
            ),
            &target_stems,
        );
        // Word pairs the TM taught: anchors from the first pass on.
        let (s_keys, t_keys) = self.hints.lexicon.keys(&source_stems, &target_stems);
        src.anchors.learn(&s_keys);
        tgt.anchors.learn(&t_keys);
        // What the bilingual lexicon says about each bead, from the first pass on.
        let mut coverage = dictionary
            .zip(source_capitals.zip(target_capitals))
            .map(|(d, (s, t))| Coverage::new(d, &s, &t))
            .filter(|c| !c.is_empty());
        // The passes before the word model: one length model for every bead.
        let first = |length, passes: &mut Passes<'_>| {
            self.align_with(
                &src,
                &tgt,
                Lengths::same(length),
                coverage.as_ref(),
                None,
                passes,
            )
        };
        let mut length = self.length_model(source, target);
        let mut alignment = first(length, &mut passes);
        // The documents' length ratio counts dropped and added sentences as if they
        // were translated: re-estimate it from the beads that pair sentences and, if it
        // moved, align again with it.
        let (mut s_chars, mut t_chars) = (0usize, 0usize);
        for b in alignment
            .beads
            .iter()
            .filter(|b| b.is_pair() && b.confidence >= 0.5)
        {
            s_chars += src.chars(b.source.clone());
            t_chars += tgt.chars(b.target.clone());
        }
        let paired = alignment.beads.iter().filter(|b| b.is_pair()).count();
        let better = self.length_prior().updated(s_chars, t_chars, paired);
        if s_chars > 0 && (better.ratio - length.ratio).abs() >= RATIO_MOVED * length.ratio {
            length = better;
            alignment = first(length, &mut passes);
        }
        // Word pairs learned from the confident beads: anchors for the sentences that
        // have nothing else to offer; and the word translation model of the document pair.
        let learned = lexicon::learn(&source_stems, &target_stems, &alignment.beads);
        let model = Translation::learn(&source_stems, &target_stems, &alignment.beads);
        if learned.pairs.is_empty() && model.is_empty() && coverage.is_none() {
            return alignment;
        }
        src.anchors.learn(&learned.source);
        tgt.anchors.learn(&learned.target);
        // The translators' habit: how often a checkable word finds its lexicon translation.
        if let Some(c) = coverage.as_mut() {
            c.estimate(&alignment.beads);
        }
        let model = (!model.is_empty()).then_some(&model);
        // A merge's length is weighed with the spread the confident one-to-ones show.
        let one_to_ones: Vec<(usize, usize)> = alignment
            .beads
            .iter()
            .filter(|b| b.source.len() == 1 && b.target.len() == 1 && b.confidence >= 0.5)
            .map(|b| (src.chars(b.source.clone()), tgt.chars(b.target.clone())))
            .collect();
        let lengths = Lengths {
            bead: length,
            merge: cost::merge_length(length, &one_to_ones),
        };
        self.align_with(&src, &tgt, lengths, coverage.as_ref(), model, &mut passes)
    }

    /// One alignment with given length models, widening the band while the best path
    /// touches its edge.
    fn align_with(
        &self,
        src: &SideFacts,
        tgt: &SideFacts,
        lengths: Lengths,
        coverage: Option<&Coverage>,
        model: Option<&Translation>,
        passes: &mut Passes<'_>,
    ) -> Alignment {
        let (n, m) = (src.len(), tgt.len());
        let mut bc = BeadCost {
            source: src,
            target: tgt,
            lengths,
            hints: &self.hints,
            model,
            coverage,
            scratch: Scratch::default(),
            model_scratch: ModelScratch::default(),
            one_to_ones: cost::OneToOnes::default(),
        };
        let centers = dp::centers(&src.lengths(), &tgt.lengths());
        let mut widths = vec![FIRST_WIDTH; n + 1];
        let whole = n.max(m);
        loop {
            let band = dp::Band::new(&centers, m, &widths);
            passes.done += 1;
            let (k, progress) = (passes.done, &mut *passes.progress);
            let pass = dp::run(
                n,
                m,
                band,
                &mut |i0, i1, j0, j1| bc.cost(i0, i1, j0, j1),
                &mut |done, total| progress.pass(k, done, total),
            );
            let mut widened = false;
            for &r in &pass.edge_rows {
                let w = widths[r];
                if w >= whole {
                    continue;
                }
                // Double the band around the row, over a stretch as long as the new width
                // on each side, so the path can come back to the diagonal inside it.
                let reach = 2 * w + FIRST_WIDTH;
                for x in widths[r.saturating_sub(reach)..(r + reach + 1).min(n + 1)].iter_mut() {
                    if *x <= w {
                        *x = (2 * w).min(whole);
                        widened = true;
                    }
                }
            }
            if !widened {
                return confidence::beads_of(&pass, &mut |i0, i1, j0, j1| bc.cost(i0, i1, j0, j1));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shapes(a: &Alignment) -> Vec<String> {
        a.beads.iter().map(|b| b.shape().to_string()).collect()
    }

    #[test]
    fn a_merge_and_a_drop_are_found_by_their_anchors() {
        let en = Document::from_text(
            "en",
            "Police in Almaty detained Baibolat Kunbolat on July 1.\n\n\
             He had protested outside the Chinese Consulate for 100 days. \
             The consulate did not respond to a request for comment. \
             His brother has been held in Xinjiang since 2017.\n\n\
             Kunbolat was released on July 3. He paid a fine of 50,000 tenge.\n\n\
             His wife, Baqyt Sembai, said he would go back to the consulate on Monday. \
             \"We have no other choice,\" she said.\n",
        );
        let kk = Document::from_text(
            "kk",
            "Алматы полициясы 1 шілдеде Байболат Күнболатты ұстады.\n\n\
             Ол Қытай консулдығының алдында 100 күн бойы наразылық білдірген. \
             Оның ағасы 2017 жылдан бері Шыңжаңда ұсталып отыр.\n\n\
             Күнболат 50 000 теңге айыппұл төлеп, 3 шілдеде босатылды.\n\n\
             Әйелі Бақыт Сембай оның дүйсенбі күні консулдыққа қайта баратынын айтты. \
             «Бізде басқа амал жоқ», — деді ол.\n",
        );
        let a = Aligner::new().align(&en, &kk);
        assert_eq!(
            shapes(&a),
            vec!["1:1", "1:1", "1:0", "1:1", "2:1", "1:1", "1:1"]
        );
        assert!(a.beads[0].confidence > 0.8, "{:?}", a.beads);
    }

    #[test]
    fn glossary_names_anchor_their_inflected_forms() {
        let csv = "en,kk,ru\nXinjiang,Шыңжаң,Синьцзян\n";
        let entries =
            crate::glossary::parse_csv(csv.as_bytes(), std::path::Path::new("g.csv")).unwrap();
        let g = crate::glossary::Glossary::from_entries(entries);
        let m = TermMatcher::new(&g, "en");
        let en = Document::from_text("en", "Many were sent to camps in Xinjiang.");
        let kk = Document::from_text("kk", "Көбі Шыңжаңдағы лагерьлерге жіберілді.");
        let plain = Aligner::new().align(&en, &kk);
        let with = Aligner::new().with_terms(&m).align(&en, &kk);
        assert_eq!(with.beads.len(), 1);
        let cost = |a: &Aligner<'_>| {
            let s = SideFacts::new(
                &en,
                Anchors::of(
                    "en",
                    ["Many were sent to camps in Xinjiang."],
                    a.terms.map(TermSide::Source),
                ),
            );
            let side = m.target("kk").unwrap();
            let t = SideFacts::new(
                &kk,
                Anchors::of(
                    "kk",
                    ["Көбі Шыңжаңдағы лагерьлерге жіберілді."],
                    a.terms.map(|m| TermSide::Target(m, side)),
                ),
            );
            anchors::cost(&s.anchors, 0..1, &t.anchors, 0..1, &mut Scratch::default())
        };
        let with_terms = Aligner::new().with_terms(&m);
        assert!(cost(&with_terms) < cost(&Aligner::new()) - 1.0);
        assert!(with.beads[0].confidence >= plain.beads[0].confidence);
    }

    #[test]
    fn a_pair_the_tm_holds_decides_between_equal_lengths() {
        // Without the TM, which of two equally long sentences was dropped is a guess; the
        // TM holding one of the pairs settles it.
        let en = Document::from_text("en", "The police came at noon. The lawyer came at noon.");
        let kk = Document::from_text("kk", "Адвокат түсте келді.");
        let hints = TmHints::from_pairs([("The lawyer came at noon.", "Адвокат түсте келді.")]);
        let a = Aligner::new().with_hints(hints).align(&en, &kk);
        let got: Vec<_> = a
            .beads
            .iter()
            .map(|b| (b.source.clone(), b.target.clone()))
            .collect();
        assert_eq!(got, vec![(0..1, 0..0), (1..2, 0..1)]);
    }

    #[test]
    fn a_long_run_of_dropped_sentences_is_followed_beyond_the_first_band() {
        let sentence = |k: usize| {
            format!(
                "Report number {k} was filed by the Almaty office on day {}.",
                k * 7 + 3
            )
        };
        let all: Vec<String> = (0..80).map(sentence).collect();
        let kept: Vec<String> = (0..80)
            .filter(|k| !(20..50).contains(k))
            .map(sentence)
            .collect();
        let en = Document::from_text("en", &all.join(" "));
        let en2 = Document::from_text("en", &kept.join(" "));
        let a = Aligner::new().align(&en, &en2);
        let drops: Vec<usize> = a
            .beads
            .iter()
            .filter(|b| b.target.is_empty())
            .map(|b| b.source.start)
            .collect();
        assert_eq!(drops, (20..50).collect::<Vec<_>>(), "{:?}", a.beads);
    }

    #[test]
    fn an_empty_side_gives_one_sided_beads() {
        let en = Document::from_text("en", "One. Two.");
        let kk = Document::from_text("kk", "");
        let a = Aligner::new().align(&en, &kk);
        assert_eq!(shapes(&a), vec!["1:0", "1:0"]);
    }

    #[test]
    fn a_dateline_set_apart_as_a_paragraph_joins_the_sentence_it_opens() {
        let en = Document::from_text(
            "en",
            "Volunteers Record Testimonies\n\n\
             ALMATY, Kazakhstan -- Volunteers in Almaty have recorded more than 4,000 \
             video testimonies, an organizer said on Friday.\n\n\
             The videos are posted on a channel that has been blocked several times.\n",
        );
        let ru = Document::from_text(
            "ru",
            "Волонтеры записывают свидетельства\n\n\
             АЛМАТЫ, Казахстан.\n\n\
             Волонтеры в Алматы записали более 4 тыс. видеосвидетельств, сообщил в \
             пятницу один из организаторов.\n\n\
             Видео публикуются на канале, который несколько раз блокировали.\n",
        );
        let a = Aligner::new().align(&en, &ru);
        assert_eq!(shapes(&a), vec!["1:1", "1:2", "1:1"], "{:?}", a.beads);
    }

    #[test]
    fn progress_is_reported_for_every_pass_up_to_its_total() {
        struct Record(Vec<(usize, u64, u64)>);
        impl AlignProgress for Record {
            fn pass(&mut self, pass: usize, done: u64, total: u64) {
                self.0.push((pass, done, total));
            }
        }
        let en = Document::from_text("en", "One came on July 1. Two came on July 2.");
        let kk = Document::from_text("kk", "Біреуі 1 шілдеде келді. Екеуі 2 шілдеде келді.");
        let mut r = Record(Vec::new());
        let a = Aligner::new().align_reporting(&en, &kk, &mut r);
        assert_eq!(a, Aligner::new().align(&en, &kk));
        let passes = r.0.last().map_or(0, |x| x.0);
        assert!(passes >= 1, "{:?}", r.0);
        for k in 1..=passes {
            let of: Vec<_> = r.0.iter().filter(|x| x.0 == k).collect();
            assert!(of.windows(2).all(|w| w[0].1 <= w[1].1), "{of:?}");
            let last = of.last().unwrap();
            assert_eq!(last.1, last.2);
        }
    }

    #[test]
    fn word_pairs_the_tm_taught_decide_between_equal_lengths() {
        // No exact pair is in the TM, but its units pair `lawyer` with `адвокат`.
        let hints = TmHints::from_pairs([
            (
                "The lawyer spoke to reporters.",
                "Адвокат журналистерге сөйледі.",
            ),
            ("The lawyer left early.", "Адвокат ерте кетті."),
            ("Police arrived later.", "Полиция кейінірек келді."),
            ("The police left.", "Полиция кетті."),
        ]);
        assert!(!hints.lexicon.is_empty());
        let en = Document::from_text("en", "The lawyer came at noon. The police came at noon.");
        let kk = Document::from_text("kk", "Адвокат түсте келді.");
        let spans = |a: &Alignment| -> Vec<_> {
            a.beads
                .iter()
                .map(|b| (b.source.clone(), b.target.clone()))
                .collect()
        };
        let with = Aligner::new().with_hints(hints).align(&en, &kk);
        assert_eq!(spans(&with), vec![(0..1, 0..1), (1..2, 1..1)]);
        let without = Aligner::new().align(&en, &kk);
        assert_ne!(spans(&without), spans(&with), "a guess without the TM");
    }

    #[test]
    fn a_dropped_sentence_beside_an_added_one_the_lexicon_does_not_pair_is_not_a_one_to_one() {
        // English 3 (on wheat prices) was dropped and the Russian translator added a
        // sentence on a school of about its length in its place: no name or number tells
        // them apart, and a report this short teaches its own model nothing; but prices,
        // schools and teachers stand elsewhere in both reports, and the lexicon knows that
        // neither sentence translates the other.
        let en = Document::from_text(
            "en",
            "Farmers in the region say the river has fallen sharply this summer. \
             Officials blame the drought and the canals upstream. \
             Villagers now queue for drinking water every morning. \
             Wheat prices at the market have doubled since spring. \
             The governor promised to send trucks with water next week. \
             Teachers at the village school said children carry bottles to lessons. \
             Residents said they would protest if prices kept rising.",
        );
        let ru = Document::from_text(
            "ru",
            "Фермеры области говорят, что река этим летом сильно обмелела. \
             Чиновники винят засуху и каналы выше по течению. \
             Жители сел теперь каждое утро стоят в очереди за питьевой водой. \
             Школа в соседнем селе закрылась, учителя уехали в город. \
             Губернатор пообещал на следующей неделе прислать машины с водой. \
             Учителя сельской школы говорят, что дети носят на уроки бутылки. \
             Жители сказали, что выйдут на протест, если цены продолжат расти.",
        );
        let spans = |a: &Alignment| -> Vec<_> {
            a.beads
                .iter()
                .map(|b| (b.source.clone(), b.target.clone()))
                .collect::<Vec<_>>()
        };
        let with = spans(&Aligner::new().align(&en, &ru));
        assert!(!with.contains(&(3..4, 3..4)), "{with:?}");
        // (Here they join their neighbours in a 2:2 instead, whose translated pair
        // outweighs them: the lexicon weighs a bead's shortfall as a whole.)
        let without = spans(&Aligner::new().with_dictionary(None).align(&en, &ru));
        assert!(without.contains(&(3..4, 3..4)), "{without:?}");
    }
}
