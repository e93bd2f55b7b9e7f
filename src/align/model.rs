//! A word translation model of the document pair (IBM Model 1, in both directions), learned
//! from the confident beads of a first alignment, and the evidence it gives about a bead:
//! how much better its words are explained by the words of its other side than by chance.
//!
//! Model 1 reads a translation as generated word by word: each target word is picked by one
//! of the source words (or by none: the empty word, which stands for what a translator adds
//! of their own), with a probability `t(f | e)` that a few rounds of expectation
//! maximization estimate from the sentence pairs of the confident beads. A bead then scores
//! the log-likelihood ratio of its target words under the model given its source words
//! against their frequency in the document (the model of a sentence that translates
//! nothing: an added one), and the same the other way round. Every word of both documents
//! is generated once in any alignment, by the bead that holds it, so these scores add up
//! along a path: an added sentence whose known words nothing on the other side explains is
//! cheaper as a 0:1 than forced into a 1:1 with a dropped neighbour, and the second half of
//! a split whose words its source explains is cheaper inside the split than left alone.
//!
//! Words are the stems of [`lexicon`](super::lexicon) (folded, stripped of their endings,
//! names and grammar words left out). The first alignment's beads are not all right, and a
//! wrong confident one would teach that its two sentences translate each other: so a
//! sentence is scored by the model without the counts of its own bead (leave one out), and
//! a word is known to a sentence only where [`MIN_OTHER_BEADS`] confident beads other than
//! its own hold it. Unknown words add nothing either way.

use rustc_hash::FxHashMap;

use super::lexicon::Stems;
use super::Bead;

/// Rounds of expectation maximization.
const ITERATIONS: usize = 5;
/// Translation probabilities below this are left out of a sentence's expansion.
const MIN_PROBABILITY: f32 = 0.02;
/// … and a word keeps at most this many translations (its likeliest).
const MAX_TRANSLATIONS: usize = 8;
/// Each word's log-likelihood ratio is kept within ±this many nats (the model is learned
/// from a few dozen sentences: one word should not decide a bead).
const WORD_CAP: f64 = 3.0;
/// How much of the (two-way) log-likelihood ratio a bead's cost takes.
pub(super) const WEIGHT: f64 = 0.5;
/// A word is known to a sentence when at least this many teaching beads other than the
/// sentence's own hold it.
const MIN_OTHER_BEADS: u32 = 2;

/// The model in both directions, ready to score beads.
#[derive(Debug, Default)]
pub(super) struct Translation {
    /// Target words given source words.
    forward: Direction,
    /// Source words given target words.
    backward: Direction,
}

/// One direction of the model: words of the `generated` side given those of the `given`
/// side.
#[derive(Debug, Default)]
struct Direction {
    /// Per sentence of the given side: the generated stems its known words translate to,
    /// sorted by stem, with their summed probabilities.
    expansion: Vec<(u32, f32)>,
    /// Where each given sentence's expansion starts in `expansion` (one more entry than
    /// sentences).
    starts: Vec<u32>,
    /// Per sentence of the given side: bit `f % 256` set for each stem `f` of its
    /// expansion, so that most stems it does not hold need no search.
    signatures: Vec<[u64; 4]>,
    /// Per sentence of the given side: how many known words it holds.
    known: Vec<u32>,
    /// Per sentence of the generated side: its known stems, each with `t(f | empty)`,
    /// `ln p(f)` (its frequency in the document) and `ln t(f | empty) − ln p(f)` (its
    /// score when nothing else explains it, before the dilution).
    words: Vec<Vec<Word>>,
}

/// A known word of a generated sentence ([`Direction::words`]).
#[derive(Debug, Clone, Copy)]
struct Word {
    /// The stem's id.
    stem: u32,
    /// `t(f | empty)`.
    empty: f32,
    /// `ln p(f)`.
    ln_p: f32,
    /// `ln t(f | empty) − ln p(f)`.
    alone: f32,
}

/// `ln k`, from a table for the small `k` a bead's known words count (the same value as
/// `f64::ln`, once per `k` rather than once per bead).
fn ln_of(k: u32) -> f64 {
    static TABLE: std::sync::OnceLock<Vec<f64>> = std::sync::OnceLock::new();
    let table = TABLE.get_or_init(|| (0..1024u32).map(|k| f64::from(k).ln()).collect());
    table
        .get(k as usize)
        .copied()
        .unwrap_or_else(|| f64::from(k).ln())
}

/// Scratch buffer for [`Translation::score`], reused across beads.
#[derive(Debug, Default)]
pub(super) struct ModelScratch {
    sums: Vec<f32>,
}

impl Translation {
    /// Learns the model from the confident beads of `beads` (an alignment of sentences
    /// with stems `source` and `target`).
    pub(super) fn learn(source: &Stems, target: &Stems, beads: &[Bead]) -> Translation {
        let teaching: Vec<&Bead> = beads.iter().filter(|b| b.teaches()).collect();
        if teaching.is_empty() {
            return Translation::default();
        }
        let s_known = recurring(source);
        let t_known = recurring(target);
        let corpus = |stems: &Stems, known: &[bool], range: std::ops::Range<usize>| {
            let mut ids: Vec<u32> = range
                .flat_map(|i| stems.per_sentence[i].iter().copied())
                .filter(|&id| known[id as usize])
                .collect();
            ids.sort_unstable();
            ids.dedup();
            ids
        };
        let s_beads: Vec<Vec<u32>> = teaching
            .iter()
            .map(|b| corpus(source, &s_known, b.source.clone()))
            .collect();
        let t_beads: Vec<Vec<u32>> = teaching
            .iter()
            .map(|b| corpus(target, &t_known, b.target.clone()))
            .collect();
        let mut s_bead = vec![None; source.per_sentence.len()];
        let mut t_bead = vec![None; target.per_sentence.len()];
        for (k, b) in teaching.iter().enumerate() {
            s_bead[b.source.clone()]
                .iter_mut()
                .for_each(|x| *x = Some(k));
            t_bead[b.target.clone()]
                .iter_mut()
                .for_each(|x| *x = Some(k));
        }
        Translation {
            forward: Direction::learn(source, &s_beads, &s_bead, target, &t_beads, &t_bead),
            backward: Direction::learn(target, &t_beads, &t_bead, source, &s_beads, &s_bead),
        }
    }

    /// Whether the model knows no word.
    pub(super) fn is_empty(&self) -> bool {
        self.forward.words.iter().all(Vec::is_empty)
    }

    /// The two-way log-likelihood ratio (nats) of source sentences `s` and target sentences
    /// `t` as translations of each other, against each side standing alone: positive when
    /// their known words explain each other, negative when they leave each other's known
    /// words unexplained. Zero for a bead with an empty side.
    pub(super) fn score(
        &self,
        s: std::ops::Range<usize>,
        t: std::ops::Range<usize>,
        scratch: &mut ModelScratch,
    ) -> f64 {
        if s.is_empty() || t.is_empty() || self.forward.starts.is_empty() {
            return 0.0;
        }
        self.forward.score(s.clone(), t.clone(), scratch) + self.backward.score(t, s, scratch)
    }
}

/// Which stems of a side recur (stand in two sentences or more).
fn recurring(stems: &Stems) -> Vec<bool> {
    stems
        .sentence_counts()
        .into_iter()
        .map(|c| c >= 2)
        .collect()
}

impl Direction {
    /// Learns `t(generated | given)` from the teaching beads' stems (`given_beads[b]`,
    /// `generated_beads[b]`: sorted known stem ids; `given_bead[i]`, `generated_bead[j]`:
    /// the teaching bead each sentence stands in), by [`ITERATIONS`] rounds of expectation
    /// maximization from uniform probabilities, the empty word standing in every bead.
    ///
    /// A sentence is scored by the model without its own bead (leave one out): the counts
    /// its bead gave are taken off its words' probabilities, and a word known only from
    /// its own bead is not known to it. A confident but wrong first bead (two unrelated
    /// sentences) would otherwise teach that their words translate each other, and
    /// confirm itself.
    fn learn(
        given: &Stems,
        given_beads: &[Vec<u32>],
        given_bead: &[Option<usize>],
        generated: &Stems,
        generated_beads: &[Vec<u32>],
        generated_bead: &[Option<usize>],
    ) -> Direction {
        let empty = given.vocabulary_len() as u32;
        // Each (given, generated) pair seen together gets an id.
        let mut ids: FxHashMap<(u32, u32), u32> = FxHashMap::default();
        let mut pair_given: Vec<u32> = Vec::new();
        let mut pair_generated: Vec<u32> = Vec::new();
        // Per bead, for each generated word, the ids of its pairs with the empty word and
        // with every given word; `rows[b]` is where bead b's links start.
        let mut links: Vec<u32> = Vec::new();
        let mut rows: Vec<usize> = Vec::with_capacity(given_beads.len());
        for (e_ids, f_ids) in given_beads.iter().zip(generated_beads) {
            rows.push(links.len());
            for &f in f_ids {
                for e in std::iter::once(empty).chain(e_ids.iter().copied()) {
                    let next = pair_given.len() as u32;
                    let id = *ids.entry((e, f)).or_insert(next);
                    if id == next {
                        pair_given.push(e);
                        pair_generated.push(f);
                    }
                    links.push(id);
                }
            }
        }
        drop(ids);
        let vocabulary = generated.vocabulary_len().max(1);
        let mut t = vec![1.0 / vocabulary as f32; pair_given.len()];
        let mut counts = vec![0f32; pair_given.len()];
        let mut totals = vec![0f32; given.vocabulary_len() + 1];
        for _ in 0..ITERATIONS {
            counts.iter_mut().for_each(|c| *c = 0.0);
            totals.iter_mut().for_each(|c| *c = 0.0);
            for (b, e_ids) in given_beads.iter().enumerate() {
                let ne = e_ids.len() + 1;
                for row in links[rows[b]..rows[b] + ne * generated_beads[b].len()].chunks(ne) {
                    let denominator: f32 = row.iter().map(|&p| t[p as usize]).sum();
                    if denominator > 0.0 {
                        for &p in row {
                            let c = t[p as usize] / denominator;
                            counts[p as usize] += c;
                            totals[pair_given[p as usize] as usize] += c;
                        }
                    }
                }
            }
            for (p, tp) in t.iter_mut().enumerate() {
                let total = totals[pair_given[p] as usize];
                *tp = if total > 0.0 { counts[p] / total } else { 0.0 };
            }
        }
        // The empty word's probabilities, each given word's pairs, and in how many
        // teaching beads each stem stands.
        let mut empty_t = vec![0f32; generated.vocabulary_len()];
        let mut by_given: Vec<Vec<u32>> = vec![Vec::new(); given.vocabulary_len()];
        for (p, &tp) in t.iter().enumerate() {
            let (e, f) = (pair_given[p], pair_generated[p]);
            if e == empty {
                empty_t[f as usize] = tp;
            } else if tp >= MIN_PROBABILITY / 4.0 {
                // (Leaving a bead out moves a probability little: pairs far below the
                // threshold cannot reach it.)
                by_given[e as usize].push(p as u32);
            }
        }
        let beads_of = |beads: &[Vec<u32>], len: usize| {
            let mut n = vec![0u32; len];
            for ids in beads {
                for &id in ids {
                    n[id as usize] += 1;
                }
            }
            n
        };
        let given_df = beads_of(given_beads, given.vocabulary_len());
        let generated_df = beads_of(generated_beads, generated.vocabulary_len());
        // A stem is known to a sentence when a teaching bead other than its own holds it.
        let known_in = |df: &[u32], own: Option<&Vec<u32>>, id: u32| {
            let mine = own.is_some_and(|ids| ids.binary_search(&id).is_ok());
            df[id as usize] >= u32::from(mine) + MIN_OTHER_BEADS
        };
        // Its frequency counts the sentences of the whole document that hold it, against
        // every known stem's.
        let df = generated.sentence_counts();
        let known_total: u32 = df
            .iter()
            .zip(&generated_df)
            .filter(|(_, &n)| n > 0)
            .map(|(&c, _)| c)
            .sum();
        let words = generated
            .per_sentence
            .iter()
            .enumerate()
            .map(|(j, ids)| {
                let own = generated_bead[j].map(|b| &generated_beads[b]);
                ids.iter()
                    .filter(|&&f| known_in(&generated_df, own, f) && empty_t[f as usize] > 0.0)
                    .map(|&f| {
                        let p = f64::from(df[f as usize]) / f64::from(known_total.max(1));
                        let (t0, ln_p) = (empty_t[f as usize], p.ln() as f32);
                        Word {
                            stem: f,
                            empty: t0,
                            ln_p,
                            alone: t0.ln() - ln_p,
                        }
                    })
                    .collect()
            })
            .collect();
        // Each given sentence's expansion, its own bead's counts taken off.
        let mut own_counts: Vec<(u32, f32)> = Vec::new();
        let mut own_totals: Vec<(u32, f32)> = Vec::new();
        let mut known = Vec::with_capacity(given.per_sentence.len());
        let mut expansion = Vec::new();
        let mut starts = Vec::with_capacity(given.per_sentence.len() + 1);
        let mut out: Vec<(u32, f32)> = Vec::new();
        let mut mine: Vec<(u32, f32)> = Vec::new();
        for (i, ids) in given.per_sentence.iter().enumerate() {
            own_counts.clear();
            own_totals.clear();
            let own = given_bead[i].map(|b| &given_beads[b]);
            if let Some(b) = given_bead[i] {
                let ne = given_beads[b].len() + 1;
                for row in links[rows[b]..rows[b] + ne * generated_beads[b].len()].chunks(ne) {
                    let denominator: f32 = row.iter().map(|&p| t[p as usize]).sum();
                    if denominator > 0.0 {
                        for &p in &row[1..] {
                            let c = t[p as usize] / denominator;
                            own_counts.push((p, c));
                            own_totals.push((pair_given[p as usize], c));
                        }
                    }
                }
                // (Each pair stands once in a bead; a given word once per generated word.)
                own_counts.sort_unstable_by_key(|x| x.0);
                own_totals.sort_unstable_by_key(|x| x.0);
                own_totals.dedup_by(|b, a| {
                    if a.0 == b.0 {
                        a.1 += b.1;
                        true
                    } else {
                        false
                    }
                });
            }
            let own_of = |v: &[(u32, f32)], k: u32| {
                v.binary_search_by_key(&k, |x| x.0)
                    .map_or(0.0, |at| v[at].1)
            };
            out.clear();
            let mut k = 0;
            for &e in ids {
                if !known_in(&given_df, own, e) {
                    continue;
                }
                let total = totals[e as usize] - own_of(&own_totals, e);
                if total <= 0.0 {
                    continue;
                }
                k += 1;
                mine.clear();
                for &p in &by_given[e as usize] {
                    let c = counts[p as usize] - own_of(&own_counts, p);
                    let tp = c / total;
                    if tp >= MIN_PROBABILITY {
                        mine.push((pair_generated[p as usize], tp));
                    }
                }
                if mine.len() > MAX_TRANSLATIONS {
                    mine.sort_unstable_by(|a, b| b.1.total_cmp(&a.1));
                    mine.truncate(MAX_TRANSLATIONS);
                }
                out.extend_from_slice(&mine);
            }
            known.push(k);
            out.sort_unstable_by_key(|x| x.0);
            out.dedup_by(|b, a| {
                if a.0 == b.0 {
                    a.1 += b.1;
                    true
                } else {
                    false
                }
            });
            starts.push(expansion.len() as u32);
            expansion.extend_from_slice(&out);
        }
        starts.push(expansion.len() as u32);
        let signatures = starts
            .windows(2)
            .map(|w| {
                let mut sig = [0u64; 4];
                for &(f, _) in &expansion[w[0] as usize..w[1] as usize] {
                    sig[(f as usize / 64) % 4] |= 1 << (f % 64);
                }
                sig
            })
            .collect();
        Direction {
            expansion,
            starts,
            signatures,
            known,
            words,
        }
    }

    /// The log-likelihood ratio of the generated side's sentences `r` given the given
    /// side's sentences `g`, against their frequencies.
    fn score(
        &self,
        g: std::ops::Range<usize>,
        r: std::ops::Range<usize>,
        scratch: &mut ModelScratch,
    ) -> f64 {
        let known: u32 = g.clone().map(|i| self.known[i]).sum();
        let dilution = ln_of(known + 1);
        let mut total = 0.0;
        for j in r.clone() {
            let words = &self.words[j];
            if words.is_empty() {
                continue;
            }
            let sums = &mut scratch.sums;
            sums.clear();
            sums.resize(words.len(), 0.0);
            for i in g.clone() {
                let exp = &self.expansion[self.starts[i] as usize..self.starts[i + 1] as usize];
                // Both sorted by stem, each stem once: each word is looked for in what is
                // left of the expansion after the word before it (few of its stems match).
                let mut rest = exp;
                let sig = self.signatures.get(i).copied().unwrap_or([u64::MAX; 4]);
                for (w, sum) in words.iter().zip(sums.iter_mut()) {
                    if rest.is_empty() {
                        break;
                    }
                    if sig[(w.stem as usize / 64) % 4] & (1 << (w.stem % 64)) == 0 {
                        continue;
                    }
                    match rest.binary_search_by_key(&w.stem, |x| x.0) {
                        Ok(at) => {
                            *sum += rest[at].1;
                            rest = &rest[at + 1..];
                        }
                        Err(at) => rest = &rest[at..],
                    }
                }
            }
            for (w, &s) in words.iter().zip(sums.iter()) {
                // Only a word something explains needs a logarithm.
                let alone = if s > 0.0 {
                    f64::from(w.empty + s).ln() - f64::from(w.ln_p)
                } else {
                    f64::from(w.alone)
                };
                total += (alone - dilution).clamp(-WORD_CAP, WORD_CAP);
            }
        }
        total
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::align::bead::test_bead as bead;

    /// Sixteen English words and their Russian translations.
    const WORDS: [(&str, &str); 16] = [
        ("farmers", "фермеры"),
        ("water", "вода"),
        ("river", "река"),
        ("officials", "чиновники"),
        ("prices", "цены"),
        ("harvest", "урожай"),
        ("village", "деревня"),
        ("road", "дорога"),
        ("school", "школа"),
        ("bridge", "мост"),
        ("hospital", "больница"),
        ("doctors", "врачи"),
        ("election", "выборы"),
        ("voters", "избиратели"),
        ("court", "суд"),
        ("judge", "судья"),
    ];

    /// A sentence of the words `ids` (indices into [`WORDS`], taken modulo its length) in
    /// English (`side` 0) or Russian (1).
    fn words(ids: &[usize], side: usize) -> String {
        let w: Vec<&str> = ids
            .iter()
            .map(|&k| {
                let (en, ru) = WORDS[k % WORDS.len()];
                if side == 0 {
                    en
                } else {
                    ru
                }
            })
            .collect();
        let text = w.join(" ");
        let mut chars = text.chars();
        let first = chars.next().map(|c| c.to_uppercase().collect::<String>());
        format!("{}{}.", first.unwrap_or_default(), chars.as_str())
    }

    /// Sentence `k` of a report: four words, so that each word stands in four of sixteen
    /// sentences, and sentences 8 apart share none.
    fn sentence(k: usize, side: usize) -> String {
        words(&[k, k + 1, k + 3, k + 7], side)
    }

    fn report(side: usize) -> Vec<String> {
        (0..16).map(|k| sentence(k, side)).collect()
    }

    fn learn_from(en: &[String], ru: &[String], beads: &[Bead]) -> Translation {
        let s = Stems::of(en.iter().map(String::as_str));
        let t = Stems::of(ru.iter().map(String::as_str));
        Translation::learn(&s, &t, beads)
    }

    fn one_to_one(n: usize, confidence: f64) -> Vec<Bead> {
        (0..n)
            .map(|k| bead(k..k + 1, k..k + 1, confidence))
            .collect()
    }

    #[test]
    fn translations_explain_each_other_and_unrelated_sentences_do_not() {
        let (en, ru) = (report(0), report(1));
        let model = learn_from(&en, &ru, &one_to_one(16, 0.99));
        assert!(!model.is_empty());
        let mut scratch = ModelScratch::default();
        // Sentences 0 and 8 share no word.
        let right = model.score(0..1, 0..1, &mut scratch);
        let wrong = model.score(0..1, 8..9, &mut scratch);
        assert!(right > 0.0, "{right}");
        assert!(wrong < 0.0, "{wrong}");
        // A bead with an empty side is what the model compares with: zero.
        assert_eq!(model.score(0..1, 0..0, &mut scratch), 0.0);
    }

    #[test]
    fn a_dropped_and_an_added_sentence_paired_confidently_do_not_confirm_their_pairing() {
        // The first alignment paired English 0 with Russian 8 (and 8 with 0), confidently,
        // as a drop beside an addition of the same length would be: their words are
        // learned from the other beads, not from that pairing, so the pair scores below
        // leaving both alone (a 1:0 and a 0:1, zero).
        let (en, ru) = (report(0), report(1));
        let mut beads = one_to_one(16, 0.99);
        beads[0].target = 8..9;
        beads[8].target = 0..1;
        let model = learn_from(&en, &ru, &[]);
        assert!(model.is_empty());
        let mut scratch = ModelScratch::default();
        let model = learn_from(&en, &ru, &beads);
        let wrong = model.score(0..1, 8..9, &mut scratch);
        let right = model.score(0..1, 0..1, &mut scratch);
        assert!(wrong < 0.0, "{wrong}");
        assert!(right > wrong, "{right} {wrong}");
    }

    #[test]
    fn the_second_half_of_a_split_is_explained_by_its_source() {
        // English 3 rendered as two Russian sentences: its first two words, then its last
        // two. The bead holding both halves explains more than the first half alone.
        let en = report(0);
        let mut ru = report(1);
        let words: Vec<String> = ru[3]
            .trim_end_matches('.')
            .split(' ')
            .map(str::to_string)
            .collect();
        ru[3] = format!("{} {}.", words[0], words[1]);
        ru.insert(4, format!("{} {}.", words[2], words[3]));
        let mut beads = one_to_one(16, 0.99);
        beads[3].target = 3..5;
        for b in &mut beads[4..] {
            b.target = b.target.start + 1..b.target.end + 1;
        }
        let model = learn_from(&en, &ru, &beads);
        let mut scratch = ModelScratch::default();
        let whole = model.score(3..4, 3..5, &mut scratch);
        let half = model.score(3..4, 3..4, &mut scratch);
        assert!(whole > half, "{whole} {half}");
    }

    #[test]
    fn doubtful_beads_teach_nothing() {
        let (en, ru) = (report(0), report(1));
        let model = learn_from(&en, &ru, &one_to_one(16, 0.5));
        assert!(model.is_empty());
        assert_eq!(model.score(0..1, 0..1, &mut ModelScratch::default()), 0.0);
    }
}
