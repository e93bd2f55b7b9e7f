//! What the bilingual lexicon ([`Dictionary`]) says about a bead: of the words of each side
//! whose translations the other document holds somewhere, how many find one in the bead's
//! other side.
//!
//! A word is *checkable* when one of its lexicon translations stands somewhere in the
//! other document (otherwise the translator chose other words, and its absence says
//! nothing). In a true translation a checkable word finds its translation with probability
//! `q` (the translators' habit, estimated from the confident beads of the first pass:
//! [`Coverage::estimate`]); in an unrelated sentence with the probability `p` that a
//! sentence of the other document holds one (how many of them do, over how many there
//! are). A bead scores the log-likelihood ratio of what it shows, word by word, in both
//! directions: `ln(q / p)` for a word explained, `ln((1 − q) / (1 − p))` for one left
//! unexplained. A dropped sentence beside an added one of about the same length fits the
//! lengths as a 1:1, but its checkable words find nothing in the other sentence: the pair
//! scores below zero (a 1:0 and a 0:1 score zero), its cost rises by [`WEIGHT`] times the
//! shortfall ([`Coverage::penalty`]), and the two come apart.
//!
//! Words are the stems of [`lexicon`](super::lexicon), capitalized words inside a sentence
//! included (a headline in title case, `Deposit Insurance Fund`): the lexicon holds no
//! names, so a name is never checkable, and the common nouns of an institution's name are
//! translated like any other.

use super::dictionary::Dictionary;
use super::lexicon::Stems;
use super::Bead;

/// `q` before it is estimated, and the range an estimate is kept in.
const DEFAULT_Q: f64 = 0.6;
const MIN_Q: f64 = 0.3;
const MAX_Q: f64 = 0.85;
/// An estimate needs at least this many checkable words in the confident beads.
const MIN_WORDS_FOR_Q: usize = 20;
/// `p` is kept within this range (a translation found in every sentence proves nothing).
const MIN_P: f64 = 0.01;
const MAX_P: f64 = 0.9;
/// Each word's log-likelihood ratio is kept within ±this many nats.
const WORD_CAP: f64 = 2.5;
/// How much of the (two-way) log-likelihood ratio's shortfall a bead's cost takes
/// ([`Coverage::penalty`]).
pub(super) const WEIGHT: f64 = 0.5;
/// In a bead of more than one sentence on a side, each sentence's shortfall counts only
/// beyond this many nats (one checkable word left unexplained is the lexicon's gap, not
/// evidence that the sentence belongs elsewhere).
const SLACK: f64 = 1.0;

/// A dropped or added sentence's partner is looked for within this many sentences of the
/// other side ([`Coverage::orphan`]), alone or two together.
const ORPHAN_NEAR: usize = 2;
/// … its shortfall against the best of them counting beyond this many nats …
const ORPHAN_SLACK: f64 = 1.0;
/// … when the lexicon can check at least this many of its words (one word's translation
/// missed is the lexicon's gap, or the translator's choice, more often than a sign that
/// the sentence has no partner).
const ORPHAN_MIN_WORDS: usize = 2;

/// The lexicon's evidence over a document pair, in both directions.
#[derive(Debug, Default)]
pub(super) struct Coverage {
    /// Source words checked against target sentences.
    forward: Direction,
    /// Target words checked against source sentences.
    backward: Direction,
    /// Whether `q` has been set from a first alignment ([`Coverage::estimate`]).
    estimated: bool,
}

/// One direction: the checked side's words and the other side's sentences.
#[derive(Debug, Default)]
struct Direction {
    /// Per checked sentence: its checkable stem ids, sorted.
    words: Vec<Vec<u32>>,
    /// Per checkable stem id: the share of the other side's sentences that translate it.
    p: Vec<f64>,
    /// Per sentence of the other side: the checked side's stem ids it translates, sorted.
    covers: Vec<Vec<u32>>,
    /// The probability that a true translation holds a checkable word's translation.
    q: f64,
    /// Per checkable stem id, its log-likelihood ratio ([`word_llr`]) against one, two and
    /// three sentences of the other side, unexplained and explained: weighed once per stem
    /// rather than once per bead.
    llr: Vec<[[f64; 2]; WEIGHED_SPANS]>,
    /// Which words of a checked sentence one sentence of the other side explains, for the
    /// sentence pairs weighed last ([`Explained`]).
    memo: std::cell::RefCell<Explained>,
    /// How many times `q` was set: tells a ratio of [`Explained`] weighed with this `q`.
    q_version: u64,
}

/// Which of a checked sentence's words (at most 64) one sentence of the other side
/// explains, as bits, for recently weighed pairs: the beads around a cell weigh the same
/// pairs again and again (a 1:1, the merges and 2:2s holding it, a dropped sentence's
/// partners nearby), and a bead of two or three sentences on the other side explains what
/// one of them does. A table indexed by the low bits of both sentences, each entry tagged
/// with its pair (a miss is looked up again). What the bits say does not depend on `q`, so
/// the table holds across passes.
#[derive(Debug, Default)]
struct Explained(Vec<Pair>);

/// An entry of [`Explained`]: what sentence `j` explains of sentence `i`, and the ratio it
/// weighs, when weighed with the `q` of [`Direction::q_version`] `version` (0: not yet).
#[derive(Debug, Clone, Copy)]
struct Pair {
    i: usize,
    j: usize,
    bits: u64,
    score: f64,
    version: u64,
}

/// Rows and columns of [`Explained`]'s table (powers of two).
const MEMO_SIDE: usize = 64;

impl Explained {
    fn slot(i: usize, j: usize) -> usize {
        (i % MEMO_SIDE) * MEMO_SIDE + j % MEMO_SIDE
    }
}

/// How many sentences of the other side [`Direction::llr`] holds ratios for (a bead's side
/// has at most three).
const WEIGHED_SPANS: usize = 3;

/// The log-likelihood ratio of a checkable word whose translation `k` unrelated sentences
/// hold with probability `p1` each, explained or not by them, `q` being the translators'
/// habit; within ±[`WORD_CAP`].
fn word_llr(q: f64, p1: f64, k: i32, explained: bool) -> f64 {
    // The chance that one of `k` unrelated sentences translates the word.
    let p = (1.0 - (1.0 - p1).powi(k)).min(MAX_P);
    let llr = if explained {
        (q / p).ln()
    } else {
        ((1.0 - q) / (1.0 - p)).ln()
    };
    llr.clamp(-WORD_CAP, WORD_CAP)
}

impl Coverage {
    /// The lexicon's evidence for sentences with stems `source` and `target`.
    pub(super) fn new(dictionary: &Dictionary, source: &Stems, target: &Stems) -> Coverage {
        // Target stem ids of each source stem.
        let target_id: rustc_hash::FxHashMap<u64, u32> = target
            .hashes()
            .iter()
            .enumerate()
            .map(|(id, &h)| (h, id as u32))
            .collect();
        let translations: Vec<Vec<u32>> = source
            .hashes()
            .iter()
            .map(|&h| {
                let mut v: Vec<u32> = dictionary
                    .translations(h)
                    .iter()
                    .filter_map(|t| target_id.get(t).copied())
                    .collect();
                v.sort_unstable();
                v.dedup();
                v
            })
            .collect();
        let mut reverse: Vec<Vec<u32>> = vec![Vec::new(); target.vocabulary_len()];
        for (e, ts) in translations.iter().enumerate() {
            for &f in ts {
                reverse[f as usize].push(e as u32);
            }
        }
        Coverage {
            forward: Direction::new(source, target, &reverse),
            backward: Direction::new(target, source, &translations),
            estimated: false,
        }
    }

    /// Whether the lexicon can check no word of the pair.
    pub(super) fn is_empty(&self) -> bool {
        self.forward.words.iter().all(Vec::is_empty)
    }

    /// Sets `q` in each direction from the confident beads of `beads`: the share of their
    /// checkable words that found a translation, when they hold enough of them.
    pub(super) fn estimate(&mut self, beads: &[Bead]) {
        let teaching: Vec<&Bead> = beads.iter().filter(|b| b.teaches()).collect();
        self.forward.estimate(
            teaching
                .iter()
                .map(|b| (b.source.clone(), b.target.clone())),
        );
        self.backward.estimate(
            teaching
                .iter()
                .map(|b| (b.target.clone(), b.source.clone())),
        );
        self.estimated = true;
    }

    /// The two-way log-likelihood ratio (nats) of source sentences `s` and target sentences
    /// `t` as translations of each other; zero for a bead with an empty side.
    pub(super) fn score(&self, s: std::ops::Range<usize>, t: std::ops::Range<usize>) -> f64 {
        if s.is_empty() || t.is_empty() {
            return 0.0;
        }
        self.forward.score(s.clone(), t.clone()) + self.backward.score(t, s)
    }

    /// What a bead costs for the lexicon: its [`score`](Coverage::score) when below zero
    /// (the sides leave each other's checkable words unexplained), else nothing.
    ///
    /// Only the shortfall counts: an added explanation shares the topic words of the
    /// sentence it explains (`область` beside `region`), so a reward for the words a bead
    /// explains pulls it into a 1:2 or 2:2, while a penalty only parts sentences that do not
    /// translate each other.
    ///
    /// A merge, a split or a 2:2 weighs each of its sentences on its own: the shortfall of
    /// each sentence's words against the bead's whole other side, beyond [`SLACK`]. Summed
    /// over the bead, the words of a translated pair would pay for a dropped or an added
    /// sentence folded in beside them (a 2:2 holding a 1:1 and a drop and an addition, or a
    /// 2:1 holding a 1:1 and a drop); sentence by sentence, the one whose words nothing on
    /// the other side explains pays for them.
    pub(super) fn penalty(&self, s: std::ops::Range<usize>, t: std::ops::Range<usize>) -> f64 {
        if s.is_empty() || t.is_empty() {
            return 0.0;
        }
        if s.len() == 1 && t.len() == 1 {
            return (-self.score(s, t)).max(0.0);
        }
        self.forward.shortfalls(s.clone(), t.clone()) + self.backward.shortfalls(t, s)
    }
}

impl Coverage {
    /// How strongly the lexicon says that sentences `r` of one side (the source side when
    /// `source`), dropped or added at sentence `at` of the other side, have no partner
    /// there: per sentence whose words the lexicon can check ([`ORPHAN_MIN_WORDS`]), the
    /// shortfall beyond [`ORPHAN_SLACK`] of its best log-likelihood ratio against the other
    /// side's sentences within [`ORPHAN_NEAR`] of `at` (one, or two together), summed;
    /// never below zero. Nothing until `q` is estimated from a first alignment: with the
    /// default `q`, an unexplained word of a translator who rarely writes the lexicon's
    /// words weighs too much.
    ///
    /// A 1:0 or 0:1 bead is made cheaper by it ([`ORPHAN_WEIGHT`]): a 1:1 pays for the
    /// words its two sentences leave unexplained ([`Coverage::penalty`]), but a drop and an
    /// addition side by side cost a fixed price whatever the lexicon says, so a dropped and
    /// an added sentence of about the same length read as a false 1:1 unless the evidence
    /// against the pair outweighed two indel costs. Where a sentence's checkable words find
    /// nothing anywhere near, the lexicon speaks for the drop as it speaks against the pair;
    /// where it can check one word or none, it stays silent (a true short 1:1 the lexicon
    /// cannot check is not parted).
    pub(super) fn orphan(&self, source: bool, r: std::ops::Range<usize>, at: usize) -> f64 {
        if !self.estimated {
            return 0.0;
        }
        let d = if source {
            &self.forward
        } else {
            &self.backward
        };
        r.filter(|&i| d.words[i].len() >= ORPHAN_MIN_WORDS)
            .map(|i| (-d.best_near(i, at) - ORPHAN_SLACK).max(0.0))
            .sum()
    }
}

/// How much of [`Coverage::orphan`] a dropped or added sentence's cost loses.
pub(super) const ORPHAN_WEIGHT: f64 = 0.5;

/// How much of a dropped sentence's partner ([`Coverage::dropped`]) its cost gains (the orphan's
/// weight; 0.25–0.5 gave the same beads on the hand-aligned reports but for one, 0.75 and
/// 1 began parting true drops from their place: `docs/alignment.md`, issue 13's fifteenth round).
pub(super) const PARTNER_WEIGHT: f64 = 0.5;

impl Coverage {
    /// [`Coverage::orphan`] of source sentences `r` dropped at target sentence `at`, and how
    /// strongly the lexicon says they have a partner there: per sentence whose words the
    /// lexicon can check ([`ORPHAN_MIN_WORDS`]), its best log-likelihood ratio against the
    /// target sentences within [`ORPHAN_NEAR`] of `at` (one, or two together), when above
    /// zero; summed. Each sentence's best partner is looked for once; nothing until `q` is
    /// estimated from a first alignment.
    ///
    /// The second is the orphan's mirror, for the source side only. A sentence the
    /// translator dropped has its words translated nowhere near; one whose words a target
    /// sentence nearby translates was merged into it or is half of a crossed 2:2, and read
    /// as a drop it leaves that sentence's bead short of a source. An added sentence is not
    /// weighed so: it explains or extends its neighbour, so its words are often the
    /// neighbour's source's (the lexicon finds them there), and it is no less added for that.
    pub(super) fn dropped(&self, r: std::ops::Range<usize>, at: usize) -> (f64, f64) {
        if !self.estimated {
            return (0.0, 0.0);
        }
        let (mut orphan, mut partnered) = (0.0, 0.0);
        for i in r.filter(|&i| self.forward.words[i].len() >= ORPHAN_MIN_WORDS) {
            let best = self.forward.best_near(i, at);
            orphan += (-best - ORPHAN_SLACK).max(0.0);
            partnered += best.max(0.0);
        }
        (orphan, partnered)
    }
}

/// A merge's or split's completion ([`Coverage::completion`]) counts beyond this many nats
/// …
const COMPLETION_SLACK: f64 = 1.0;
/// … and makes the bead this much cheaper per nat (0.5–1 gave the same beads on the
/// hand-aligned reports but for one; 1.25 began pulling neighbours into three-way beads).
pub(super) const COMPLETION_WEIGHT: f64 = 0.75;

impl Coverage {
    /// How much more of a merge's or split's single sentence (the source sentence of a 1:2
    /// or 1:3, the target sentence of a 2:1 or 3:1) the bead's whole other side explains
    /// than the best of that side's sentences alone does, beyond [`COMPLETION_SLACK`]
    /// (nats, never below zero); zero for other shapes, and until `q` is estimated.
    ///
    /// A split's second half translates the words of its source that the first half left
    /// out (`… after a poor harvest in the south` / `… . Дело в том, что урожай на юге …`):
    /// with the second half the source's words are explained that were not, while an added
    /// explanation beside a translated sentence repeats the words the sentence already
    /// translates (a name, the topic), and explains nothing more of the source. Only the
    /// shortfall of a bead is paid for ([`Coverage::penalty`]), so without this a split
    /// whose halves both fit costs as much as a 1:1 and an addition whose words nobody
    /// checks.
    pub(super) fn completion(&self, s: std::ops::Range<usize>, t: std::ops::Range<usize>) -> f64 {
        if !self.estimated {
            return 0.0;
        }
        let (d, i, o) = match (s.len(), t.len()) {
            (1, n) if n >= 2 => (&self.forward, s.start, t),
            (n, 1) if n >= 2 => (&self.backward, t.start, s),
            _ => return 0.0,
        };
        let whole = d.sentence_score(i, o.clone());
        let best = o
            .map(|j| d.sentence_score(i, j..j + 1))
            .fold(f64::NEG_INFINITY, f64::max);
        (whole - best - COMPLETION_SLACK).max(0.0)
    }
}

/// A crossed 2:2's gain ([`Coverage::crossing`]) counts per sentence beyond this many nats
/// (two adjacent sentences share their topic's words: a name, the place, the subject) …
const CROSSING_SLACK: f64 = 2.0;
/// … and makes the bead this much cheaper per nat (measured at 0.19–1.1 with slacks of 1–3;
/// twice as much lost beads in both languages: `docs/alignment.md`, issue 13's twenty-fourth
/// round).
pub(super) const CROSSING_WEIGHT: f64 = 0.375;

impl Coverage {
    /// How much more each sentence of a 2:2 is explained by both sentences of the other side
    /// than by the better of the two alone, beyond [`CROSSING_SLACK`], summed over the four
    /// (nats, never below zero); zero for other shapes, and until `q` is estimated.
    ///
    /// A translator who moves a clause across a sentence boundary (`… since August 7. Strong
    /// winds …` / `С 7 августа …, однако им мешает сильный ветер. …`) leaves two one-to-ones
    /// whose words mostly fit: each pays little for the clause it lacks, since only a
    /// bead's shortfall is paid for ([`Coverage::penalty`]), and the 2:2 pays its prior.
    /// The moved clause is what tells: its words are explained in the crossed bead and in
    /// neither one-to-one. A 2:2 that only shifts two one-to-ones by a sentence explains
    /// each sentence by one sentence of the other side, the better one, and gains nothing.
    pub(super) fn crossing(&self, s: std::ops::Range<usize>, t: std::ops::Range<usize>) -> f64 {
        if !self.estimated || s.len() != 2 || t.len() != 2 {
            return 0.0;
        }
        let gain = |d: &Direction, i: usize, o: std::ops::Range<usize>| {
            let best = o
                .clone()
                .map(|j| d.sentence_score(i, j..j + 1))
                .fold(f64::NEG_INFINITY, f64::max);
            (d.sentence_score(i, o) - best - CROSSING_SLACK).max(0.0)
        };
        s.clone()
            .map(|i| gain(&self.forward, i, t.clone()))
            .sum::<f64>()
            + t.clone()
                .map(|j| gain(&self.backward, j, s.clone()))
                .sum::<f64>()
    }
}

impl Direction {
    /// The best log-likelihood ratio of checked sentence `i` against one, or two adjacent,
    /// of the other side's sentences within [`ORPHAN_NEAR`] of sentence `at`.
    fn best_near(&self, i: usize, at: usize) -> f64 {
        let lo = at.saturating_sub(ORPHAN_NEAR);
        let hi = (at + ORPHAN_NEAR).min(self.covers.len());
        let mut best = f64::NEG_INFINITY;
        for j in lo..hi {
            best = best.max(self.sentence_score(i, j..j + 1));
            if j + 1 < hi {
                best = best.max(self.sentence_score(i, j..j + 2));
            }
        }
        if best.is_finite() {
            best
        } else {
            0.0
        }
    }

    /// `checked`'s words against `other`'s sentences, `translated_by[f]` being the checked
    /// side's stems that the other side's stem `f` translates.
    fn new(checked: &Stems, other: &Stems, translated_by: &[Vec<u32>]) -> Direction {
        let covers: Vec<Vec<u32>> = other
            .per_sentence
            .iter()
            .map(|ids| {
                let mut v: Vec<u32> = ids
                    .iter()
                    .flat_map(|&f| translated_by[f as usize].iter().copied())
                    .collect();
                v.sort_unstable();
                v.dedup();
                v
            })
            .collect();
        let mut count = vec![0u32; checked.vocabulary_len()];
        for v in &covers {
            for &e in v {
                count[e as usize] += 1;
            }
        }
        let sentences = other.per_sentence.len().max(1) as f64;
        let p = count
            .iter()
            .map(|&c| (f64::from(c) / sentences).clamp(MIN_P, MAX_P))
            .collect();
        let words = checked
            .per_sentence
            .iter()
            .map(|ids| {
                ids.iter()
                    .copied()
                    .filter(|&e| count[e as usize] > 0)
                    .collect()
            })
            .collect();
        let mut d = Direction {
            words,
            p,
            covers,
            q: DEFAULT_Q,
            llr: Vec::new(),
            memo: Default::default(),
            q_version: 0,
        };
        d.set_q(DEFAULT_Q);
        d
    }

    /// Sets `q` and weighs every checkable stem with it.
    fn set_q(&mut self, q: f64) {
        self.q = q;
        self.q_version += 1;
        self.llr = self
            .p
            .iter()
            .map(|&p| {
                std::array::from_fn(|k| {
                    let k = k as i32 + 1;
                    [word_llr(q, p, k, false), word_llr(q, p, k, true)]
                })
            })
            .collect();
    }

    /// The log-likelihood ratio of checked sentence `i` (at most 64 words) against `k`
    /// (1 to [`WEIGHED_SPANS`]) sentences of the other side that explain its words
    /// `explained` (bit `n` for word `n`).
    fn weigh(&self, i: usize, k: usize, explained: u64) -> f64 {
        let mut total = 0.0;
        for (n, &e) in self.words[i].iter().enumerate() {
            let explained = (explained >> n) & 1 == 1;
            total += match self.llr.get(e as usize) {
                Some(w) => w[k - 1][usize::from(explained)],
                None => word_llr(self.q, self.p[e as usize], k as i32, explained),
            };
        }
        total
    }

    /// [`Direction::sentence_score`] of checked sentence `i` (at most 64 words) against
    /// the other side's sentence `j` alone, from [`Explained`] when weighed with this `q`.
    fn single_score(&self, i: usize, j: usize) -> f64 {
        let slot = Explained::slot(i, j);
        if let Some(p) = self.memo.borrow().0.get(slot) {
            if p.i == i && p.j == j && p.version == self.q_version {
                return p.score;
            }
        }
        let score = self.weigh(i, 1, self.explained_bits(i, j));
        if let Some(p) = self.memo.borrow_mut().0.get_mut(slot) {
            if p.i == i && p.j == j {
                p.score = score;
                p.version = self.q_version;
            }
        }
        score
    }

    /// Which words of checked sentence `i` (at most 64) the other side's sentence `j`
    /// explains, bit `n` for word `n`.
    fn explained_bits(&self, i: usize, j: usize) -> u64 {
        let slot = Explained::slot(i, j);
        let mut memo = self.memo.borrow_mut();
        if let Some(p) = memo.0.get(slot) {
            if p.i == i && p.j == j {
                return p.bits;
            }
        }
        let covers = &self.covers[j];
        let mut bits = 0u64;
        for (n, e) in self.words[i].iter().enumerate() {
            if covers.binary_search(e).is_ok() {
                bits |= 1 << n;
            }
        }
        if memo.0.is_empty() {
            let none = Pair {
                i: usize::MAX,
                j: usize::MAX,
                bits: 0,
                score: 0.0,
                version: 0,
            };
            memo.0 = vec![none; MEMO_SIDE * MEMO_SIDE];
        }
        if let Some(p) = memo.0.get_mut(slot) {
            *p = Pair {
                i,
                j,
                bits,
                score: 0.0,
                version: 0,
            };
        }
        bits
    }

    /// Whether stem `e` is translated by one of the other side's sentences `r`.
    fn explained(&self, e: u32, r: std::ops::Range<usize>) -> bool {
        r.into_iter()
            .any(|j| self.covers[j].binary_search(&e).is_ok())
    }

    fn estimate(
        &mut self,
        beads: impl Iterator<Item = (std::ops::Range<usize>, std::ops::Range<usize>)>,
    ) {
        let (mut found, mut all) = (0usize, 0usize);
        for (c, o) in beads {
            for i in c {
                for &e in &self.words[i] {
                    all += 1;
                    found += usize::from(self.explained(e, o.clone()));
                }
            }
        }
        if all >= MIN_WORDS_FOR_Q {
            self.set_q((found as f64 / all as f64).clamp(MIN_Q, MAX_Q));
        }
    }

    /// The log-likelihood ratio of the checked side's sentences `c` against the other
    /// side's sentences `o`.
    fn score(&self, c: std::ops::Range<usize>, o: std::ops::Range<usize>) -> f64 {
        c.map(|i| self.sentence_score(i, o.clone())).sum()
    }

    /// The shortfall of each of the checked side's sentences `c` against the other side's
    /// sentences `o`, beyond [`SLACK`], summed.
    fn shortfalls(&self, c: std::ops::Range<usize>, o: std::ops::Range<usize>) -> f64 {
        c.map(|i| (-self.sentence_score(i, o.clone()) - SLACK).max(0.0))
            .sum()
    }

    /// The log-likelihood ratio of the checked side's sentence `i` against the other
    /// side's sentences `o`.
    fn sentence_score(&self, i: usize, o: std::ops::Range<usize>) -> f64 {
        let k = o.len();
        let words = &self.words[i];
        if words.len() <= 64 && (1..=WEIGHED_SPANS).contains(&k) {
            // The same sum, word by word, with what each sentence of `o` explains from the
            // table (and a single sentence's sum itself).
            if k == 1 {
                return self.single_score(i, o.start);
            }
            let mut explained = 0u64;
            for j in o {
                explained |= self.explained_bits(i, j);
            }
            return self.weigh(i, k, explained);
        }
        let mut total = 0.0;
        for &e in &self.words[i] {
            let explained = self.explained(e, o.clone());
            total += match self.llr.get(e as usize) {
                Some(w) if (1..=WEIGHED_SPANS).contains(&k) => w[k - 1][usize::from(explained)],
                _ => word_llr(self.q, self.p[e as usize], k as i32, explained),
            };
        }
        total
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    fn dictionary() -> Dictionary {
        let text = "court\tсуд\nprices\tцены\nwater\tвода\nfarmers\tфермеры\nschool\tшкола\n\
                    teachers\tучителя\nroad\tдорога\nbridge\tмост\nhospital\tбольница\n\
                    doctors\tврачи\n";
        Dictionary::parse(text, Path::new("test.tsv")).unwrap_or_default()
    }

    #[test]
    fn translations_score_above_unrelated_sentences() {
        let en = Stems::of([
            "The court raised prices for water.",
            "Farmers said the school lost teachers.",
            "The road to the bridge is closed.",
        ]);
        let ru = Stems::of([
            "Суд поднял цены на воду.",
            "Фермеры сказали, что школа потеряла учителей.",
            "Дорога к мосту закрыта.",
        ]);
        let c = Coverage::new(&dictionary(), &en, &ru);
        assert!(!c.is_empty());
        for k in 0..3 {
            assert!(c.score(k..k + 1, k..k + 1) > 0.0, "{k}");
            assert!(c.score(k..k + 1, (k + 1) % 3..(k + 1) % 3 + 1) < 0.0, "{k}");
        }
        assert_eq!(c.score(0..1, 0..0), 0.0);
        // An unrelated sentence joined to a bead brings words nothing explains.
        assert!(c.score(1..2, 1..3) < c.score(1..2, 1..2));
    }

    #[test]
    fn a_drop_and_an_addition_folded_beside_a_translated_pair_pay_for_their_words() {
        // English 0 and Russian 0 translate each other; English 1 was dropped and Russian 1
        // added. As a whole, the 2:2 explains more than it leaves unexplained; sentence by
        // sentence, the dropped and the added one explain nothing.
        let filler = [
            "He said so.",
            "It rained.",
            "They left.",
            "Nobody came.",
            "It was late.",
        ];
        let en = Stems::of(
            [
                "The court raised prices for water and farmers.",
                "The road to the bridge is closed.",
                "Doctors left the hospital.",
            ]
            .into_iter()
            .chain(filler),
        );
        let ru = Stems::of(
            [
                "Суд поднял цены на воду для фермеров.",
                "Школа потеряла учителей.",
                "Врачи ушли из больницы, дорога к мосту закрыта.",
            ]
            .into_iter()
            .chain([
                "Он так сказал.",
                "Шел дождь.",
                "Они ушли.",
                "Никто не пришел.",
                "Было поздно.",
            ]),
        );
        let c = Coverage::new(&dictionary(), &en, &ru);
        assert!(c.score(0..2, 0..2) > 0.0);
        assert!(c.penalty(0..2, 0..2) > 0.0);
        assert_eq!(c.penalty(0..1, 0..1), 0.0);
        // A true merge whose sentences each find their words pays nothing.
        assert_eq!(c.penalty(1..3, 2..3), 0.0);
    }

    #[test]
    fn a_word_whose_translations_the_other_document_lacks_proves_nothing() {
        let en = Stems::of(["The hospital had no doctors."]);
        let ru = Stems::of(["В клинике не было медиков."]);
        let c = Coverage::new(&dictionary(), &en, &ru);
        assert!(c.is_empty());
        assert_eq!(c.score(0..1, 0..1), 0.0);
    }

    /// English 1 (road and bridge) stands three sentences away from its translation,
    /// Russian 4. English 3 (`He said so about the wheat.`), translated by Russian 2, has
    /// one word the lexicon can check, `wheat`, whose translation stands far away (Russian
    /// 8): the translator left it out.
    fn orphans() -> Coverage {
        let filler_en = ["It rained.", "They left.", "Nobody came.", "It was late."];
        let filler_ru = [
            "Шел дождь.",
            "Они ушли.",
            "Никто не пришел.",
            "Мы видели пшеницу.",
        ];
        let en = Stems::of(
            [
                "The court raised prices for water.",
                "The road to the bridge is closed.",
                "Farmers said the school lost teachers.",
                "He said so about the wheat.",
                "Doctors left the hospital.",
            ]
            .into_iter()
            .chain(filler_en),
        );
        let ru = Stems::of(
            [
                "Суд поднял цены на воду.",
                "Фермеры сказали, что школа потеряла учителей.",
                "Он так сказал.",
                "Врачи ушли из больницы.",
                "Дорога к мосту закрыта.",
            ]
            .into_iter()
            .chain(filler_ru),
        );
        let text = "court\tсуд\nprices\tцены\nwater\tвода\nfarmers\tфермеры\nschool\tшкола\n\
                    teachers\tучителя\nroad\tдорога\nbridge\tмост\nhospital\tбольница\n\
                    doctors\tврачи\nwheat\tпшеница\n";
        let d = Dictionary::parse(text, Path::new("test.tsv")).unwrap_or_default();
        Coverage::new(&d, &en, &ru)
    }

    #[test]
    fn a_sentence_whose_checkable_words_nothing_near_explains_is_an_orphan() {
        let mut c = orphans();
        c.estimate(&[]);
        // English 1 dropped before Russian 1: Russian 0..3 are near, none writes road or
        // bridge. Dropped before Russian 3, its translation is near.
        assert!(c.orphan(true, 1..2, 1) > 0.0);
        assert_eq!(c.orphan(true, 1..2, 3), 0.0);
        // A sentence translated near where it stands is no orphan.
        assert_eq!(c.orphan(true, 2..3, 1), 0.0);
        assert_eq!(c.orphan(true, 4..5, 3), 0.0);
        // The Russian side the same way.
        assert!(c.orphan(false, 4..5, 5) > 0.0);
        assert_eq!(c.orphan(false, 4..5, 2), 0.0);
    }

    #[test]
    fn a_sentence_the_lexicon_can_check_one_word_of_is_no_orphan() {
        let mut c = orphans();
        c.estimate(&[]);
        // Translators who write the lexicon's words: one missed weighs more than the slack.
        c.forward.set_q(MAX_Q);
        c.backward.set_q(MAX_Q);
        assert_eq!(c.orphan(true, 3..4, 2), 0.0);
        // Two such words speak.
        assert!(c.orphan(true, 1..2, 1) > 0.0);
    }

    #[test]
    fn a_dropped_sentence_whose_words_a_target_sentence_near_it_translates_has_a_partner() {
        let mut c = orphans();
        assert_eq!(
            c.dropped(1..2, 3),
            (0.0, 0.0),
            "nothing before the habit is estimated"
        );
        c.estimate(&[]);
        // English 1 (road and bridge) dropped before Russian 3: Russian 4 translates it.
        assert!(c.dropped(1..2, 3).1 > 0.0);
        // Dropped before Russian 1, nothing near translates it: no partner, an orphan.
        assert_eq!(c.dropped(1..2, 1).1, 0.0);
        assert!(c.orphan(true, 1..2, 1) > 0.0);
        for (r, at) in [(1..2, 1), (1..2, 3), (0..3, 2), (4..5, 3)] {
            assert_eq!(c.dropped(r.clone(), at).0, c.orphan(true, r, at));
        }
    }

    #[test]
    fn orphans_wait_for_the_translators_habit_to_be_estimated() {
        let c = orphans();
        assert_eq!(c.orphan(true, 1..2, 1), 0.0);
    }

    fn split_and_gloss() -> Coverage {
        let en = Stems::of(
            [
                "The court raised prices for water, and the road to the bridge is closed.",
                "The court raised prices for water.",
            ]
            .into_iter()
            .chain(["It rained.", "They left.", "Nobody came.", "It was late."].repeat(3)),
        );
        let ru = Stems::of(
            [
                "Суд поднял цены на воду.",
                "Дорога к мосту закрыта.",
                "Суд поднял цены на воду.",
                "Суд и раньше поднимал цены.",
            ]
            .into_iter()
            .chain(
                [
                    "Шел дождь.",
                    "Они ушли.",
                    "Никто не пришел.",
                    "Было поздно.",
                ]
                .repeat(3),
            ),
        );
        Coverage::new(&dictionary(), &en, &ru)
    }

    #[test]
    fn a_split_whose_second_half_translates_what_the_first_left_out_is_completed() {
        let mut c = split_and_gloss();
        c.estimate(&[]);
        // English 0 split into Russian 0 and 1: road and bridge are found only in 1.
        assert!(c.completion(0..1, 0..2) > 0.0);
        // English 1 translated by Russian 2, with an added gloss (Russian 3) repeating
        // its court and prices: the gloss explains nothing more of it.
        assert_eq!(c.completion(1..2, 2..4), 0.0);
        // Merges the same way: Russian 0 against English 1 and 2 gains nothing from 2.
        assert_eq!(c.completion(1..3, 2..3), 0.0);
        // A 1:1 or a 2:2 has no single sentence.
        assert_eq!(c.completion(0..1, 0..1), 0.0);
        assert_eq!(c.completion(0..2, 0..2), 0.0);
    }

    fn crossed() -> Coverage {
        let filler_en = ["It rained.", "They left.", "Nobody came.", "It was late."].repeat(3);
        let filler_ru = [
            "Шел дождь.",
            "Они ушли.",
            "Никто не пришел.",
            "Было поздно.",
        ]
        .repeat(3);
        let en = Stems::of(
            [
                "The court raised prices for water, and the road to the bridge is closed.",
                "Farmers said the school lost teachers.",
                "The hospital has no doctors.",
            ]
            .into_iter()
            .chain(filler_en),
        );
        let ru = Stems::of(
            [
                "Суд поднял цены на воду.",
                "Дорога к мосту закрыта, а фермеры сказали, что школа потеряла учителей.",
                "В больнице нет врачей.",
            ]
            .into_iter()
            .chain(filler_ru),
        );
        Coverage::new(&dictionary(), &en, &ru)
    }

    #[test]
    fn a_clause_moved_across_a_sentence_boundary_makes_a_crossed_two_two() {
        let mut c = crossed();
        assert_eq!(
            c.crossing(0..2, 0..2),
            0.0,
            "nothing before the habit is estimated"
        );
        c.estimate(&[]);
        // The road and the bridge moved from English 0 to Russian 1: English 0 needs both
        // Russian sentences, and Russian 1 both English ones.
        assert!(c.crossing(0..2, 0..2) > 0.0);
        // English 1 and 2 are translated one by one: a 2:2 of them gains nothing.
        assert_eq!(c.crossing(1..3, 1..3), 0.0);
        // Nor does a 2:2 shifted by a sentence, or any other shape.
        assert_eq!(c.crossing(1..3, 0..2), 0.0);
        assert_eq!(c.crossing(0..1, 0..2), 0.0);
        assert_eq!(c.crossing(0..1, 0..1), 0.0);
    }

    #[test]
    fn completion_waits_for_the_translators_habit_to_be_estimated() {
        let c = split_and_gloss();
        assert_eq!(c.completion(0..1, 0..2), 0.0);
    }
}
