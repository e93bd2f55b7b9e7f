//! [`BeadCost`]: the cost of one bead, in nats: the prior of its shape, the length cost
//! ([`LengthModel`]), the lexical [`anchors`](super::anchors), the word translation
//! [`model`](super::model) once learned, sentence pairs the TM
//! already holds, and paragraph boundaries as a soft signal (a bead that ends a paragraph
//! on both sides is cheaper; one that joins sentences of two paragraphs dearer).

use super::anchors::{self, Anchors, Scratch};
use super::coverage::{self, Coverage};
use super::dateline;
use super::gloss;
use super::hints::text_key;
use super::lexicon::Stems;
use super::model::{self, ModelScratch, Translation};
use super::quotes::{self, Continuations};
use super::{Document, LengthModel, TmHints};

/// The prior of a 3:1 or 1:3 bead: each shape's share of the beads of the 54 hand-aligned
/// report pairs of `tests/data/align` (6 and 5 of 1,270: −ln 5.4 and 5.5; 2:2 4.95, 2:1
/// 2.6, 1:2 3.3, close to the priors above). At
/// 7.5 (the first rounds' guess), a 2:1 and a drop beside it (3.1 + about 3) beat a
/// three-way merge whose third sentence the lexicon finds in the merged translation.
const THREE_WAY: f64 = 5.5;

/// −ln of the prior probability of each shape that pairs sentences (Gale–Church's
/// estimates, with 2:2 and the three-way shapes rarer still).
fn prior(a: usize, b: usize) -> f64 {
    match (a, b) {
        (1, 1) => 0.12,
        (2, 1) | (1, 2) => 3.1,
        (2, 2) => 5.0,
        (3, 1) | (1, 3) => THREE_WAY,
        _ => 7.5,
    }
}

/// A dropped or added sentence: a fixed cost, and a little more the longer it is (a long
/// sentence is less often dropped). Its length is not compared with anything.
const INDEL_BASE: f64 = 3.0;
const INDEL_PER_CHAR: f64 = 0.012;
const INDEL_MAX_CHARS: usize = 200;
/// An added sentence that glosses the target sentence before it ([`gloss::Echo::Gloss`])
/// costs this much less: else a drop beside it still reads as a false one-to-one. Measured
/// at 2, 4 and 6 (`docs/alignment.md`, issue 13's fourteenth round).
const GLOSS_BONUS: f64 = 4.0;
/// An added sentence that repeats a longer word of the target sentence before it without a
/// definition's shape ([`gloss::Echo::Repeats`]) costs this much less. Of the hand-aligned
/// added sentences of `tests/data/align` 43% do so (63 of 148), of the target sentences of
/// one-to-ones 21% (524 of 2,531), and 49% against 79% repeat nothing: ln(0.43 / 0.21) −
/// ln(0.49 / 0.79) ≈ 1.2 nats between an addition that repeats and one that does not. Measured at 1–2
/// (`docs/alignment.md`, issue 13's fifteenth round).
const ECHO_BONUS: f64 = 1.2;
/// A bead that pairs sentences pays twice for what its evidence costs beyond this many
/// nats (its cost less its shape's prior: lengths, lexicon, model, anchors, paragraphs).
/// A dropped sentence beside an added one costs a fixed price, about 7 nats for the two,
/// however little the two have in common, so a false 1:1 whose every measure speaks
/// against it (words the lexicon misses, a name or number without a counterpart, lengths
/// that do not fit: 3–7 nats) still won. Of the 2,134 gold one-to-one beads of
/// `tests/data/align`, 7 cost more than this (most by less than a nat); of the 28 false
/// ones the aligner wrote in the twelfth round, 12. Measured at 2–3.5 and weights 0.5–2
/// (`docs/alignment.md`, issue 13's thirteenth round).
const DOUBTFUL_EVIDENCE: f64 = 3.0;
/// A 2:2 whose two one-to-ones (first with first, second with second) each cost no more
/// than this many nats of evidence pays at least the excess over DOUBTFUL_EVIDENCE that
/// the two would pay: else a doubtful one-to-one beside a sound one escapes the doubled
/// price inside a 2:2 whose evidence is mostly the sound pair's (`held-out-8-avalanche`,
/// `held-out-17-dam-repair`, `held-out-20-fishing-ban` en-kk). A true crossed 2:2 has a
/// one-to-one whose evidence is far worse. Only in the last pass, once the word model is
/// learned: earlier, it changes which beads the lexicon learns from (`held-out-5`,
/// `held-out-16`). Measured at 6–12 nats and in every pass (`docs/alignment.md`, issue 13's
/// fourteenth round).
const TWO_ONE_TO_ONES: f64 = 8.0;
/// The fewest confident one-to-ones a document pair's own spread is read from
/// ([`merge_length`]).
const MIN_PAIRS_FOR_SPREAD: usize = 10;
/// The narrowest spread per character a merge is weighed with ([`merge_length`]).
const MERGE_SPREAD_FLOOR: f64 = 2.0;

/// The length model of a 2:1 or 2:2 bead in the last pass: `length` with the spread that the
/// confident one-to-ones of the pass before (`pairs`, in characters) show, when narrower
/// (never below [`MERGE_SPREAD_FLOOR`]; unchanged for fewer than
/// [`MIN_PAIRS_FOR_SPREAD`] pairs).
///
/// A short dropped sentence beside a kept one reads as a merge when lengths are weighed
/// with Gale and Church's 6.8: the merged pair is only a few characters longer than the
/// translation, well inside so wide a spread, and a merge's prior costs less than a drop.
/// A translator whose one-to-ones keep their lengths tightly also keeps a merge's length
/// (the gold beads of `tests/data/align` show 1.9 per character for one-to-ones and 2.1–2.2
/// for merges), so there a dropped sentence's length tells. So does a 2:2 that folds a
/// one-to-one with a drop and an addition whose lengths happen to cancel. Only these two
/// shapes: with the narrow spread on every bead, one-to-ones whose lengths stray pair up
/// into 2:2s (the TM's spread was measured so: [`super::Aligner::length_model`]), and on
/// 1:2s and 3:1s it lost more beads than it gained; and only in the last pass, once the
/// lexicon and the model have learned from the beads before (in every pass, it changed
/// what they learned from and lost more beads elsewhere). Measured at 1.5–5 and read from
/// the document (`docs/alignment.md`, issue 13's twentieth and twenty-second rounds).
pub(super) fn merge_length(length: LengthModel, pairs: &[(usize, usize)]) -> LengthModel {
    match length.spread_of(pairs, MIN_PAIRS_FOR_SPREAD) {
        Some(v) => LengthModel {
            variance: v.clamp(MERGE_SPREAD_FLOOR, length.variance.max(MERGE_SPREAD_FLOOR)),
            ..length
        },
        None => length,
    }
}

/// The length models of one pass: of every bead, and of a 2:1 or 2:2 ([`merge_length`]).
#[derive(Debug, Clone, Copy)]
pub(super) struct Lengths {
    pub(super) bead: LengthModel,
    pub(super) merge: LengthModel,
}

impl Lengths {
    /// One model for every bead.
    pub(super) fn same(m: LengthModel) -> Lengths {
        Lengths { bead: m, merge: m }
    }

    /// The model a bead of `a` source and `b` target sentences is weighed with.
    fn of(&self, a: usize, b: usize) -> LengthModel {
        if matches!((a, b), (2, 1) | (2, 2)) {
            self.merge
        } else {
            self.bead
        }
    }
}

/// A pair the TM already holds.
const KNOWN_BONUS: f64 = 6.0;
/// A pair of sentences with the same text.
const IDENTICAL_BONUS: f64 = 2.0;
/// A bead ending a paragraph on both sides.
const PARAGRAPH_BONUS: f64 = 0.6;
/// A bead ending a paragraph on one side only.
const PARAGRAPH_MISMATCH: f64 = 0.3;
/// A bead joining sentences of two paragraphs of one side.
const PARAGRAPH_CROSSED: f64 = 4.0;

/// The per-sentence facts of one side.
pub(super) struct SideFacts {
    /// Characters before sentence `i` (prefix sums; one more entry than sentences).
    prefix: Vec<usize>,
    paragraph: Vec<u32>,
    ends_paragraph: Vec<bool>,
    keys: Vec<u64>,
    /// How each sentence stands to the one before it ([`gloss::echoes`]).
    echoes: Vec<gloss::Echo>,
    /// Which sentences continue a quotation, and which are quotations alone.
    quotes: Continuations,
    /// What a merge of a quote continuation into this side's sentence weighs, from the
    /// counts of this side's language ([`quotes::Weights`]).
    quote_weights: quotes::Weights,
    pub(super) anchors: Anchors,
}

impl SideFacts {
    #[cfg(test)]
    pub(super) fn new(doc: &Document, anchors: Anchors) -> SideFacts {
        let stems = Stems::of(doc.sentences.iter().map(|s| s.text.as_str()));
        SideFacts::with_stems(doc, anchors, &stems)
    }

    /// The facts of `doc`, whose sentences have the (plain) `stems`.
    pub(super) fn with_stems(doc: &Document, anchors: Anchors, stems: &Stems) -> SideFacts {
        let mut prefix = Vec::with_capacity(doc.len() + 1);
        let mut acc = 0;
        prefix.push(0);
        for s in &doc.sentences {
            acc += s.text.chars().count();
            prefix.push(acc);
        }
        let mut paragraph: Vec<u32> = doc.sentences.iter().map(|s| s.paragraph).collect();
        let mut ends_paragraph: Vec<bool> = (0..doc.len()).map(|i| doc.ends_paragraph(i)).collect();
        // A dateline set apart as a paragraph of its own opens the paragraph after it (the
        // other language writes it at the head of that paragraph's first sentence): joining
        // it with that sentence crosses no paragraph.
        for i in (0..doc.len().saturating_sub(1)).rev() {
            let alone = ends_paragraph[i] && (i == 0 || ends_paragraph[i - 1]);
            if alone && dateline::is_dateline(&doc.sentences[i].text) {
                ends_paragraph[i] = false;
                paragraph[i] = paragraph[i + 1];
            }
        }
        SideFacts {
            prefix,
            paragraph,
            ends_paragraph,
            keys: doc.sentences.iter().map(|s| text_key(&s.text)).collect(),
            echoes: gloss::echoes_of(
                &doc.lang,
                doc.sentences.iter().map(|s| s.text.as_str()),
                stems,
            ),
            quotes: Continuations::of(doc.sentences.iter().map(|s| s.text.as_str())),
            quote_weights: quotes::Weights::of(&doc.lang),
            anchors,
        }
    }

    /// How many sentences the side holds.
    pub(super) fn len(&self) -> usize {
        self.prefix.len() - 1
    }

    /// The length of each sentence, in characters.
    pub(super) fn lengths(&self) -> Vec<usize> {
        self.prefix.windows(2).map(|w| w[1] - w[0]).collect()
    }

    /// Characters of sentences `r`.
    pub(super) fn chars(&self, r: std::ops::Range<usize>) -> usize {
        self.prefix[r.end] - self.prefix[r.start]
    }

    /// Whether a paragraph ends before sentence `i` (the start and end of the document count).
    fn boundary_after(&self, i: usize) -> bool {
        i == 0 || self.ends_paragraph[i - 1]
    }

    fn crosses_paragraph(&self, r: std::ops::Range<usize>) -> bool {
        r.len() > 1 && self.paragraph[r.start] != self.paragraph[r.end - 1]
    }
}

/// Everything the cost of a bead depends on.
pub(super) struct BeadCost<'a> {
    pub(super) source: &'a SideFacts,
    pub(super) target: &'a SideFacts,
    pub(super) lengths: Lengths,
    pub(super) hints: &'a TmHints,
    /// The word translation model of the document pair, once learned.
    pub(super) model: Option<&'a Translation>,
    /// What the bilingual lexicon says about a bead, when there is one.
    pub(super) coverage: Option<&'a Coverage>,
    pub(super) scratch: Scratch,
    pub(super) model_scratch: ModelScratch,
    /// The undoubled costs of the one-to-ones just weighed, for the 2:2s beside them.
    pub(super) one_to_ones: OneToOnes,
}

/// The undoubled costs of recently weighed one-to-one beads, by their first sentences: the
/// dynamic programming weighs the 1:1 ending in a cell just before the 2:2 ending there,
/// and the one ending in the cell up and left a row before, so a 2:2 finds the costs of
/// its two one-to-ones here. A small table indexed by the low bits of both starts, each
/// entry tagged with its starts (a miss is weighed again).
#[derive(Default)]
pub(super) struct OneToOnes(Vec<(usize, usize, f64)>);

/// Rows and columns of [`OneToOnes`]' table (powers of two).
const MEMO_ROWS: usize = 4;
const MEMO_COLUMNS: usize = 1024;

impl OneToOnes {
    fn slot(i0: usize, j0: usize) -> usize {
        (i0 % MEMO_ROWS) * MEMO_COLUMNS + j0 % MEMO_COLUMNS
    }

    fn get(&self, i0: usize, j0: usize) -> Option<f64> {
        match self.0.get(Self::slot(i0, j0)) {
            Some(&(i, j, c)) if i == i0 && j == j0 => Some(c),
            _ => None,
        }
    }

    fn put(&mut self, i0: usize, j0: usize, c: f64) {
        if self.0.is_empty() {
            self.0 = vec![(usize::MAX, usize::MAX, 0.0); MEMO_ROWS * MEMO_COLUMNS];
        }
        if let Some(e) = self.0.get_mut(Self::slot(i0, j0)) {
            *e = (i0, j0, c);
        }
    }
}

impl BeadCost<'_> {
    /// The cost of the bead of source sentences `i0..i1` and target sentences `j0..j1`.
    pub(super) fn cost(&mut self, i0: usize, i1: usize, j0: usize, j1: usize) -> f64 {
        let (a, b) = (i1 - i0, j1 - j0);
        let c = self.undoubled(i0, i1, j0, j1);
        if a == 1 && b == 1 && self.model.is_some() {
            self.one_to_ones.put(i0, j0, c);
        }
        if a == 0 || b == 0 {
            return c + self.quote_bead(i0, i1, j0, j1);
        }
        // Evidence against a pairing bead beyond DOUBTFUL_EVIDENCE counts twice.
        let mut excess = (c - prior(a, b) - DOUBTFUL_EVIDENCE).max(0.0);
        // A 2:2 pays at least what its two one-to-ones would pay twice, so that doubtful
        // evidence does not make it win over them (or over a one-to-one beside a drop and
        // an addition) by spreading one doubtful pair's cost over both.
        if a == 2 && b == 2 && self.model.is_some() {
            let first = self.one_to_one(i0, j0) - prior(1, 1);
            let second = self.one_to_one(i0 + 1, j0 + 1) - prior(1, 1);
            if first <= TWO_ONE_TO_ONES && second <= TWO_ONE_TO_ONES {
                let split =
                    (first - DOUBTFUL_EVIDENCE).max(0.0) + (second - DOUBTFUL_EVIDENCE).max(0.0);
                excess = excess.max(split);
            }
        }
        c + excess + self.quote_bead(i0, i1, j0, j1)
    }

    /// The undoubled cost of the one-to-one of source sentence `i0` and target sentence
    /// `j0`, from [`OneToOnes`] when it was just weighed.
    fn one_to_one(&mut self, i0: usize, j0: usize) -> f64 {
        match self.one_to_ones.get(i0, j0) {
            Some(c) => c,
            None => {
                let c = self.undoubled(i0, i0 + 1, j0, j0 + 1);
                self.one_to_ones.put(i0, j0, c);
                c
            }
        }
    }

    /// A bead that merges a quote continuation of the source into the sentence before it
    /// and one target sentence (or one quotation the segmenter cut), or drops one: log-odds counted on the gold ([`quotes::Weights`]) of such a bead for
    /// a continuation against any sentence, and of the target sentence after it being a
    /// quotation alone (the translation of a continuation kept apart) with such a bead and
    /// without. The shape of the bead, not evidence of its content: it does not count twice.
    /// Only in the last pass, once the word model is learned: earlier, it changes which
    /// beads the lexicon and the model learn from (`held-out-13-bread-prices` en-kk: a bead
    /// of confidence 0.52 flipped), as [`TWO_ONE_TO_ONES`] did.
    fn quote_bead(&self, i0: usize, i1: usize, j0: usize, j1: usize) -> f64 {
        if self.model.is_none() {
            return 0.0;
        }
        let t = self.target;
        quotes::bead_cost(
            &self.source.quotes,
            &t.quotes,
            &t.quote_weights,
            i0..i1,
            j0..j1,
        )
    }

    /// The cost of a bead before doubtful evidence counts twice.
    fn undoubled(&mut self, i0: usize, i1: usize, j0: usize, j1: usize) -> f64 {
        let (a, b) = (i1 - i0, j1 - j0);
        let (s, t) = (self.source, self.target);
        let mut c = if a == 0 || b == 0 {
            let len = if a == 0 {
                t.chars(j0..j1)
            } else {
                s.chars(i0..i1)
            };
            // An added sentence that repeats or glosses the target sentence before it.
            let echo = match (a, b) {
                (0, 1) => match t.echoes[j0] {
                    gloss::Echo::Gloss => GLOSS_BONUS,
                    gloss::Echo::Repeats => ECHO_BONUS,
                    gloss::Echo::Unrelated => 0.0,
                },
                _ => 0.0,
            };
            INDEL_BASE + INDEL_PER_CHAR * len.min(INDEL_MAX_CHARS) as f64 - echo
        } else {
            let length = self.lengths.of(a, b);
            let mut c = prior(a, b) + length.cost(s.chars(i0..i1), t.chars(j0..j1));
            if a == 1 && b == 1 {
                if self.hints.knows(s.keys[i0], t.keys[j0]) {
                    c -= KNOWN_BONUS;
                } else if s.keys[i0] == t.keys[j0] {
                    // The same text on both sides (a URL, a quotation left in the original,
                    // a sentence left untranslated): these two belong together, however
                    // their neighbours' lengths would also fit a merge.
                    c -= IDENTICAL_BONUS;
                }
            }
            c
        };
        // Where the bead ends: at a paragraph end on both sides, on one, or on neither. A
        // dropped or added sentence moves one side only: the other side's boundary was
        // already weighed with the bead before, so only agreement counts.
        let indel = a == 0 || b == 0;
        c += match (s.boundary_after(i1), t.boundary_after(j1)) {
            (true, true) => -PARAGRAPH_BONUS,
            (false, false) => 0.0,
            _ if indel => 0.0,
            _ => PARAGRAPH_MISMATCH,
        };
        if s.crosses_paragraph(i0..i1) || t.crosses_paragraph(j0..j1) {
            c += PARAGRAPH_CROSSED;
        }
        if let Some(d) = self.coverage {
            c += coverage::WEIGHT * d.penalty(i0..i1, j0..j1);
            // A dropped or added sentence whose checkable words nothing near explains.
            if b == 0 {
                // A dropped sentence whose words a target sentence near it translates
                // costs more, one whose words nothing near translates less.
                let (orphan, partnered) = d.dropped(i0..i1, j0);
                c += coverage::PARTNER_WEIGHT * partnered - coverage::ORPHAN_WEIGHT * orphan;
            } else if a == 0 {
                c -= coverage::ORPHAN_WEIGHT * d.orphan(false, j0..j1, i0);
            }
            // A merge or split whose single sentence only the whole other side explains.
            // Not when a sentence of the longer side writes a number or date the single
            // sentence lacks: a dropped detail beside a gloss, not a split's other half.
            let lacks = match (a, b) {
                (1, n) if n >= 2 => t.anchors.writes_what_lacks(j0..j1, &s.anchors, i0),
                (n, 1) if n >= 2 => s.anchors.writes_what_lacks(i0..i1, &t.anchors, j0),
                _ => false,
            };
            if !lacks {
                c -= coverage::COMPLETION_WEIGHT * d.completion(i0..i1, j0..j1);
            }
            // A 2:2 whose sentences each need both of the other side's (a clause moved
            // across the sentence boundary).
            c -= coverage::CROSSING_WEIGHT * d.crossing(i0..i1, j0..j1);
        }
        if let Some(m) = self.model {
            c -= model::WEIGHT * m.score(i0..i1, j0..j1, &mut self.model_scratch);
        }
        c += anchors::cost(&s.anchors, i0..i1, &t.anchors, j0..j1, &mut self.scratch);
        c
    }
}
