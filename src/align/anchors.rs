//! Lexical anchors: what a sentence and its translation share whatever the language —
//! numbers and dates in their local forms, month and weekday names, proper nouns across
//! scripts, glossary terms in any inflected form, question marks and quotations — and the
//! cost they add to a bead: shared anchors lower it, anchors left without a counterpart
//! (numbers, dates, terms, question marks) raise it.

use super::dateline;
use super::names::{cognates, names};
use crate::glossary::TermMatcher;
use crate::numeric::{self, Value};

/// What an anchor is; the top byte of its key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
enum Class {
    Number = 1,
    Month = 2,
    Weekday = 3,
    Name = 4,
    Term = 5,
    Question = 6,
    Quote = 7,
    Learned = 8,
    NamePrefix = 9,
    Dateline = 10,
}

/// Bonus for a shared anchor and penalty for one without a counterpart, by class (nats).
const WEIGHTS: [(f64, f64); 11] = [
    (0.0, 0.0),
    (2.5, 1.2), // numbers
    (1.5, 0.8), // months
    (1.5, 0.8), // weekdays
    (0.4, 0.4), // names (cognates and sentence-initial words are soft)
    (2.0, 0.4), // glossary terms
    (1.5, 1.2), // question marks
    (0.6, 0.3), // quotations
    (0.0, 0.0), // learned word pairs (LEARNED_BONUS, capped)
    (0.4, 0.0), // names' first three key letters (with their own key: 0.8 a shared name)
    (0.4, 0.0), // names in a dateline (always soft: never missed)
];
/// Bonus for each learned word pair a bead's two sides share ([`Anchors::learn`]), up to
/// [`LEARNED_MAX`] pairs.
const LEARNED_BONUS: f64 = 0.7;
const LEARNED_MAX: usize = 3;
/// Weaker evidence (number words): matched for a smaller bonus, never a penalty.
const SOFT_BONUS: f64 = 0.8;
/// The bit marking a soft anchor; masked out when comparing.
const SOFT: u64 = 1 << 55;
const CLASS_SHIFT: u32 = 56;

fn key(class: Class, value: u64) -> u64 {
    ((class as u64) << CLASS_SHIFT) | (value & (SOFT - 1))
}

/// A number's key: its value (hashed), soft when written in words.
fn number_key(value: numeric::Decimal, words: bool) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = rustc_hash::FxHasher::default();
    value.hash(&mut h);
    let k = key(Class::Number, h.finish());
    if words {
        k | SOFT
    } else {
        k
    }
}

/// The keys of a number or date from [`numeric::find`]. A date gives its parts (month,
/// day and year as numbers), so `July 1` and `1 шілде` match part for part even when one
/// side's date is read in pieces.
fn number_keys(value: Value, keys: &mut Vec<u64>) {
    match value {
        Value::Number(n) => keys.push(number_key(n.value, n.words)),
        Value::Date(d) => {
            if let Some(m) = d.month {
                keys.push(key(Class::Month, u64::from(m)));
            }
            if let Some(day) = d.day {
                keys.push(number_key(
                    numeric::Decimal::from_int(u128::from(day)),
                    false,
                ));
            }
            if let Some(y) = d.year {
                let y = u128::try_from(y).unwrap_or(0);
                keys.push(number_key(numeric::Decimal::from_int(y), false));
            }
        }
        Value::Weekday(w) => keys.push(key(Class::Weekday, u64::from(w))),
    }
}

/// The anchors of each sentence of a document, as sorted keys.
#[derive(Debug, Clone, Default)]
pub struct Anchors {
    per_sentence: Vec<Vec<u64>>,
    /// Per sentence dropped or added alone, the anchors [`indel_cost`] looks for nearby:
    /// those with a penalty (never soft) that neither neighbour holds, in order;
    /// `alone_starts[i]` is where sentence `i`'s start (one more entry than sentences).
    alone: Vec<u64>,
    alone_starts: Vec<usize>,
    /// Tells these anchors from any others, and from themselves before they learned word
    /// pairs ([`Anchors::learn`]): [`Scratch`] keeps gathered runs of sentences under it.
    generation: u64,
}

/// The next [`Anchors::generation`] (0 is the empty default's).
fn next_generation() -> u64 {
    static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);
    NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
}

/// Where glossary terms are looked for: a compiled glossary and, for a target, its side.
#[derive(Clone, Copy)]
pub enum TermSide<'g> {
    /// Look for source terms.
    Source(&'g TermMatcher),
    /// Look for renderings in the target side with this index ([`TermMatcher::target`]).
    Target(&'g TermMatcher, usize),
}

impl Anchors {
    /// The anchors of `sentences`, written in `lang`, with glossary terms when given.
    pub fn of<'s>(
        lang: &str,
        sentences: impl IntoIterator<Item = &'s str>,
        terms: Option<TermSide<'_>>,
    ) -> Anchors {
        let lang = crate::lang::primary(lang);
        let mut buf = String::new();
        let per_sentence = sentences
            .into_iter()
            .map(|sentence| {
                let mut keys = Vec::new();
                // A dateline's place names are where the report was filed, which a
                // translator keeps, moves or drops: they match only another dateline's.
                let head = dateline::head_len(sentence);
                names(&sentence[..head], &mut |k, _| {
                    keys.push(key(Class::Dateline, k) | SOFT);
                });
                let s = &sentence[head..];
                for hit in numeric::find(s, &lang) {
                    number_keys(hit.value, &mut keys);
                }
                // A name inside a sentence wants its counterpart; the sentence's first word
                // and long lower-case words (possible cognates) are only welcome when
                // they find one.
                names(s, &mut |k, first| {
                    let soft = if first { SOFT } else { 0 };
                    keys.push(key(Class::Name, k) | soft);
                    keys.push(key(Class::NamePrefix, name_prefix(k)) | soft);
                });
                cognates(s, &mut |k| {
                    keys.push(key(Class::Name, k) | SOFT);
                    keys.push(key(Class::NamePrefix, name_prefix(k)) | SOFT);
                });
                match terms {
                    Some(TermSide::Source(m)) => {
                        for h in m.find_source(s) {
                            keys.push(key(Class::Term, u64::from(h.entry)));
                        }
                    }
                    Some(TermSide::Target(m, side)) => {
                        let mut hits = m.find_target_in(side, s, &mut buf);
                        hits.sort_by_key(|h| (h.start, h.entry));
                        hits.dedup_by_key(|h| (h.start, h.entry));
                        for h in hits {
                            keys.push(key(Class::Term, u64::from(h.entry)));
                        }
                    }
                    None => {}
                }
                for _ in s.matches('?') {
                    keys.push(key(Class::Question, 0));
                }
                if s.contains(['"', '“', '”', '«', '»', '„']) {
                    keys.push(key(Class::Quote, 0));
                }
                keys.sort_unstable_by_key(|k| k & !SOFT);
                keys
            })
            .collect();
        let mut anchors = Anchors {
            per_sentence,
            alone: Vec::new(),
            alone_starts: Vec::new(),
            generation: next_generation(),
        };
        anchors.index_alone();
        anchors
    }

    /// Sets [`Anchors::alone`] from the sentences' anchors.
    fn index_alone(&mut self) {
        let (mut alone, mut starts) = (Vec::new(), Vec::with_capacity(self.per_sentence.len() + 1));
        for i in 0..self.per_sentence.len() {
            starts.push(alone.len());
            alone.extend(self.alone_keys(i));
        }
        starts.push(alone.len());
        alone.shrink_to_fit();
        self.alone = alone;
        self.alone_starts = starts;
    }

    /// The anchors of sentence `i` that [`indel_cost`] looks for nearby when the sentence
    /// is dropped or added alone: with a penalty, and held by neither neighbour.
    fn alone_keys(&self, i: usize) -> impl Iterator<Item = u64> + '_ {
        let holds = move |n: usize, k: u64| {
            self.of_sentence(n)
                .binary_search_by_key(&(k & !SOFT), |x| x & !SOFT)
                .is_ok()
        };
        self.of_sentence(i).iter().copied().filter(move |&k| {
            unmatched(k) != 0.0 && !(i > 0 && holds(i - 1, k)) && !holds(i + 1, k)
        })
    }

    /// Adds learned word pairs ([`lexicon`](super::lexicon)): `pairs[i]` holds the keys
    /// (ids or hashes) of the pairs sentence `i` has a word of.
    pub(super) fn learn<K: Copy + Into<u64>>(&mut self, pairs: &[Vec<K>]) {
        for (keys, p) in self.per_sentence.iter_mut().zip(pairs) {
            if p.is_empty() {
                continue;
            }
            keys.extend(p.iter().map(|&id| key(Class::Learned, id.into())));
            keys.sort_unstable_by_key(|k| k & !SOFT);
        }
        self.index_alone();
        self.generation = next_generation();
    }

    /// The anchors of sentence `i`.
    fn of_sentence(&self, i: usize) -> &[u64] {
        self.per_sentence.get(i).map_or(&[], Vec::as_slice)
    }

    /// Whether a sentence of `r` writes a number, month or weekday (in digits or a date,
    /// not a number word) that sentence `j` of `other` does not: a detail that sentence
    /// cannot be translating (`It costs the state about 420 tenge per dose.` beside a
    /// sentence without 420).
    pub(super) fn writes_what_lacks(
        &self,
        r: std::ops::Range<usize>,
        other: &Anchors,
        j: usize,
    ) -> bool {
        let theirs = other.of_sentence(j);
        r.flat_map(|i| self.of_sentence(i))
            .filter(|&&k| k & SOFT == 0)
            .filter(|&&k| {
                let c = class_of(k);
                c == Class::Number as usize
                    || c == Class::Month as usize
                    || c == Class::Weekday as usize
            })
            .any(|&k| theirs.binary_search_by_key(&k, |x| x & !SOFT).is_err())
    }
}

/// The first three letters of a name's key ([`names`]): a name cut short (`Tajik`,
/// `Kazakh`) and the longer name it opens (`Таджикистана`, `Казахстане`: the English
/// adjective is often the country in the translation) share them, for half a name's bonus.
fn name_prefix(k: u64) -> u64 {
    if k >= 1 << 24 {
        k >> 8
    } else {
        k
    }
}

/// Scratch buffers for [`cost`], reused across beads.
#[derive(Default)]
pub struct Scratch {
    source: Vec<u64>,
    target: Vec<u64>,
    /// The learned word pairs already counted for a sentence of the bead.
    counted: Vec<u64>,
    /// Runs of two and three sentences gathered lately, source side first ([`Run`]).
    runs: Vec<Run>,
}

/// A run of sentences whose anchors [`gather`] gathered and sorted. The beads of a cell and
/// of the cells around it merge the same runs again and again: each run is gathered once
/// while its slot holds it (a table indexed by side, length and the low bits of the start,
/// each entry tagged with them and the anchors' [`generation`](Anchors::generation)).
#[derive(Default)]
struct Run {
    generation: u64,
    start: usize,
    len: usize,
    keys: Vec<u64>,
}

/// Slots of [`Scratch::runs`] per side and length (a power of two).
const RUN_SLOTS: usize = 256;

/// The anchors of sentences `r` as [`gather`] gathers them: from `slots` (one side's
/// [`Scratch::runs`]) for a run of two or three, else in `out`.
fn gathered<'s>(
    anchors: &Anchors,
    r: std::ops::Range<usize>,
    slots: &'s mut [Run],
    out: &'s mut Vec<u64>,
) -> &'s [u64] {
    let len = r.len();
    if !(2..=3).contains(&len) {
        gather(anchors, r, out);
        return out;
    }
    let Some(slot) = slots.get_mut((len - 2) * RUN_SLOTS + r.start % RUN_SLOTS) else {
        gather(anchors, r, out);
        return out;
    };
    if slot.generation != anchors.generation || slot.start != r.start || slot.len != len {
        gather(anchors, r.clone(), &mut slot.keys);
        slot.generation = anchors.generation;
        slot.start = r.start;
        slot.len = len;
    }
    &slot.keys
}

fn gather(anchors: &Anchors, range: std::ops::Range<usize>, out: &mut Vec<u64>) {
    out.clear();
    for i in range.clone() {
        out.extend_from_slice(anchors.of_sentence(i));
    }
    if range.len() > 1 {
        out.sort_unstable_by_key(|k| k & !SOFT);
    }
}

fn class_of(k: u64) -> usize {
    ((k >> CLASS_SHIFT) as usize).min(WEIGHTS.len() - 1)
}

/// The anchor cost of aligning source sentences `s` with target sentences `t`: minus the
/// bonuses of the anchors they share, plus the penalties of those without a counterpart.
pub fn cost(
    source: &Anchors,
    s: std::ops::Range<usize>,
    target: &Anchors,
    t: std::ops::Range<usize>,
    scratch: &mut Scratch,
) -> f64 {
    if s.len() == 1 && t.len() == 1 {
        let (c, learned) = merge_cost(source.of_sentence(s.start), target.of_sentence(t.start));
        return c - learned_bonus(learned);
    }
    if t.is_empty() {
        return indel_cost(source, s, target, t.start);
    }
    if s.is_empty() {
        return indel_cost(target, t, source, s.start);
    }
    let Scratch {
        source: a,
        target: b,
        counted,
        runs,
    } = scratch;
    if runs.is_empty() {
        runs.resize_with(2 * 2 * RUN_SLOTS, Run::default);
    }
    let (source_runs, target_runs) = runs.split_at_mut(2 * RUN_SLOTS);
    let a = gathered(source, s.clone(), source_runs, a);
    let b = gathered(target, t.clone(), target_runs, b);
    let (c, learned) = merge_cost(a, b);
    // In a merge or split, learned word pairs count per sentence of the longer side (each
    // up to the cap of a one-to-one bead): a sentence merged into a bead adds only the
    // pairs it shares itself, so a split's second half is weighed by its own words,
    // however many its first half already shares. Each pair counts once in the bead, for
    // the first sentence that holds it: a word of the single side is translated once, so
    // an added explanation repeating its neighbour's words (`China, the country's largest
    // trading partner` beside «Қытай — … ең ірі сауда серіктестерінің бірі») earns nothing
    // for them. A 2:2 keeps one cap for the whole bead: it wins over two pairs only on
    // what they cannot share.
    let (many, range, other) = match (s.len(), t.len()) {
        (1, _) => (target, t, a),
        (_, 1) => (source, s, b),
        _ => return c - learned_bonus(learned),
    };
    counted.clear();
    let learned: f64 = range
        .map(|i| learned_bonus(learned_new(many.of_sentence(i), other, counted)))
        .sum();
    c - learned
}

/// The bonus of `n` learned word pairs shared by a sentence and its counterpart.
fn learned_bonus(n: usize) -> f64 {
    LEARNED_BONUS * n.min(LEARNED_MAX) as f64
}

/// How many of `keys`' learned word pairs `other` (sorted) holds that are not in `counted`
/// yet; those are added to it.
fn learned_new(keys: &[u64], other: &[u64], counted: &mut Vec<u64>) -> usize {
    // Keys are sorted by their class first: the learned pairs stand together.
    let learned = Class::Learned as u64;
    let from = keys.partition_point(|&k| (k & !SOFT) >> CLASS_SHIFT < learned);
    let to = from + keys[from..].partition_point(|&k| (k & !SOFT) >> CLASS_SHIFT <= learned);
    let mut n = 0;
    for &k in &keys[from..to] {
        let k = k & !SOFT;
        if class_of(k) != Class::Learned as usize || counted.contains(&k) {
            continue;
        }
        if other.binary_search_by_key(&k, |x| x & !SOFT).is_ok() {
            counted.push(k);
            n += 1;
        }
    }
    n
}

fn unmatched(k: u64) -> f64 {
    if k & SOFT != 0 {
        0.0
    } else {
        WEIGHTS[class_of(k)].1
    }
}

/// How far (in sentences of the other side) the counterpart of a dropped or added
/// sentence's anchor is looked for.
const INDEL_NEAR: usize = 3;

/// The anchor cost of sentences `r` of one side left without a counterpart (a 1:0 or 0:1
/// bead) at sentence `at` of the other side. An anchor that has no counterpart near there
/// (a name, number or date the other side does not write) is what a dropped or added
/// sentence looks like — an explanation a translator added, a detail left out — so it
/// costs nothing; one whose counterpart stands nearby keeps its penalty, as the sentence
/// probably has a partner there.
fn indel_cost(side: &Anchors, r: std::ops::Range<usize>, other: &Anchors, at: usize) -> f64 {
    let near = at.saturating_sub(INDEL_NEAR)..at + INDEL_NEAR;
    let mut cost = 0.0;
    if r.len() == 1 {
        // A sentence alone: its anchors to look for were picked once ([`Anchors::alone`]).
        if let (Some(&from), Some(&to)) = (
            side.alone_starts.get(r.start),
            side.alone_starts.get(r.start + 1),
        ) {
            for &k in &side.alone[from..to] {
                let penalty = unmatched(k);
                let found = near.clone().any(|j| {
                    other
                        .of_sentence(j)
                        .binary_search_by_key(&k, |x| x & !SOFT)
                        .is_ok()
                });
                if found {
                    cost += penalty;
                }
            }
            return cost;
        }
    }
    let holds = |i: usize, k: u64| {
        side.of_sentence(i)
            .binary_search_by_key(&(k & !SOFT), |x| x & !SOFT)
            .is_ok()
    };
    for i in r.clone() {
        for &k in side.of_sentence(i) {
            let penalty = unmatched(k);
            if penalty == 0.0 {
                continue;
            }
            // An anchor its own side's neighbour holds too is a repetition (`Cyprus` of a
            // gloss `Cyprus is an island state …` after `… registered in Cyprus.`): its
            // counterpart nearby is the neighbour's.
            if (r.start > 0 && holds(r.start - 1, k)) || holds(r.end, k) {
                continue;
            }
            let found = near.clone().any(|j| {
                other
                    .of_sentence(j)
                    .binary_search_by_key(&(k & !SOFT), |x| x & !SOFT)
                    .is_ok()
            });
            if found {
                cost += penalty;
            }
        }
    }
    cost
}

/// A bead pairing sentences that both offer anchors (names, long words, numbers in
/// digits, dates, marks; number words alone do not count) but share none: translations
/// of each other almost always share something.
const NOTHING_SHARED: f64 = 1.2;

/// The cost of the anchors `a` and `b` share and leave alone, without the learned word
/// pairs' bonus; and how many learned pairs they share.
fn merge_cost(a: &[u64], b: &[u64]) -> (f64, usize) {
    let (mut i, mut j) = (0, 0);
    let mut cost = 0.0;
    let mut shared = false;
    let mut learned = 0;
    while i < a.len() && j < b.len() {
        let (x, y) = (a[i] & !SOFT, b[j] & !SOFT);
        if x == y && class_of(x) == Class::Learned as usize {
            learned += 1;
            shared = true;
            i += 1;
            j += 1;
        } else if x == y {
            // Soft evidence on both sides (two number words, two cognates) is weak; a
            // number word for digits, or a name for a name, is as good as its class.
            let soft = (a[i] & b[j]) & SOFT != 0;
            cost -= if soft {
                SOFT_BONUS.min(WEIGHTS[class_of(x)].0)
            } else {
                WEIGHTS[class_of(x)].0
            };
            shared = true;
            i += 1;
            j += 1;
        } else if x < y {
            cost += unmatched(a[i]);
            i += 1;
        } else {
            cost += unmatched(b[j]);
            j += 1;
        }
    }
    cost += a[i..].iter().map(|&k| unmatched(k)).sum::<f64>();
    cost += b[j..].iter().map(|&k| unmatched(k)).sum::<f64>();
    let offers = |v: &[u64]| {
        v.iter().any(|k| {
            let class = class_of(*k);
            class != Class::Learned as usize
                && class != Class::Dateline as usize
                && (k & SOFT == 0
                    || class == Class::Name as usize
                    || class == Class::NamePrefix as usize)
        })
    };
    if !shared && offers(a) && offers(b) {
        cost += NOTHING_SHARED;
    }
    (cost, learned)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pair(en: &str, kk: &str) -> f64 {
        let a = Anchors::of("en", [en], None);
        let b = Anchors::of("kk", [kk], None);
        cost(&a, 0..1, &b, 0..1, &mut Scratch::default())
    }

    #[test]
    fn shared_dates_and_names_lower_the_cost() {
        let right = pair(
            "Kunbolat was detained again on July 1.",
            "Күнболат 1 шілдеде қайтадан ұсталды.",
        );
        let wrong = pair(
            "Kunbolat was detained again on July 1.",
            "Оның әйелі 2019 жылы Алматыға келген.",
        );
        assert!(right < -3.0, "{right}");
        assert!(wrong > 0.0, "{wrong}");
    }

    #[test]
    fn a_name_cut_short_matches_the_longer_name_it_opens() {
        let tajik = pair(
            "He met Tajik workers.",
            "Он встретил рабочих из Таджикистана.",
        );
        let uzbek = pair(
            "He met Tajik workers.",
            "Он встретил рабочих из Узбекистана.",
        );
        assert!(tajik < uzbek - 1.0, "{tajik} {uzbek}");
        // A full name shared still earns a name's whole bonus.
        let full = pair("He met Kunbolat there.", "Ол онда Күнболатпен кездесті.");
        assert!(full <= -0.8, "{full}");
    }

    #[test]
    fn a_datelines_place_matches_only_another_datelines() {
        // The dateline's country is where the report was filed: a sentence of the
        // translation naming it (an added gloss) is no sign of a partner, and the
        // translation's first sentence without its dateline does not lack it.
        let gloss = "Нұр жолы – Қазақстандағы ең ірі өткел.";
        let dated = "KHORGOS, Kazakhstan -- Lorries are waiting at the checkpoint.";
        let undated = "Lorries are waiting at the checkpoint.";
        let named = pair("Lorries are waiting in Kazakhstan.", gloss);
        assert!(pair(dated, gloss) > named + 1.0, "{named}");
        let kk = "Жүк көліктері өткелде күтіп тұр.";
        assert_eq!(pair(dated, kk), pair(undated, kk));
        // Two datelines naming the same place still agree.
        let kept = pair(dated, "ҚОРҒАС – Жүк көліктері өткелде күтіп тұр.");
        assert!(kept < pair(undated, kk) - 0.3, "{kept}");
        let alone = pair("ALMATY, Kazakhstan -- He left.", "АЛМАТЫ, Казахстан.");
        assert!(alone < pair("He left.", "АЛМАТЫ, Казахстан."), "{alone}");
    }

    #[test]
    fn a_question_needs_a_question() {
        assert!(pair("Where is he?", "Ол қайда?") < pair("Where is he?", "Ол сонда."));
    }

    #[test]
    fn number_words_match_digits_without_penalty_when_alone() {
        assert!(pair("He spent two years there.", "Ол онда 2 жыл болды.") < 0.0);
        assert_eq!(
            pair("He was one of them.", "Ол солардың арасында еді."),
            0.0
        );
    }

    #[test]
    fn an_added_sentence_pays_only_for_anchors_the_other_side_writes_nearby() {
        let en = Anchors::of(
            "en",
            [
                "Floods hit the region in 2024.",
                "Some 110,000 people were evacuated.",
            ],
            None,
        );
        let ru = Anchors::of(
            "ru",
            [
                "Наводнения затронули регион в 2024 году.",
                "Тогда пострадали Актюбинская и Атырауская области.",
                "Эвакуировали 110 тысяч человек.",
                "В 2024 году эвакуировали 110 тысяч человек.",
            ],
            None,
        );
        let mut sc = Scratch::default();
        // Names the English does not write: an explanation the translator added.
        let added = cost(&en, 1..1, &ru, 1..2, &mut sc);
        assert_eq!(added, 0.0);
        // Paired with a sentence, the same names are left without a counterpart.
        let paired = cost(&en, 1..2, &ru, 1..3, &mut sc);
        let alone = cost(&en, 1..2, &ru, 2..3, &mut sc);
        assert!(paired > alone, "{paired} {alone}");
        // A sentence whose number stands in the English nearby has a partner there.
        assert!(cost(&en, 1..1, &ru, 3..4, &mut sc) > 1.0);
    }

    #[test]
    fn an_added_gloss_repeating_its_neighbour_s_name_pays_nothing_for_it() {
        let en = Anchors::of(
            "en",
            [
                "A cable was cut near the town of Kandyagash.",
                "Nobody answered our questions.",
            ],
            None,
        );
        let gloss = Anchors::of(
            "ru",
            [
                "Кабель перерезали у города Кандыагаш.",
                "Город Кандыагаш стоит на железной дороге.",
            ],
            None,
        );
        let mut sc = Scratch::default();
        // `Кандыагаш` stands in the English nearby, but the gloss's neighbour already
        // translates it.
        assert_eq!(cost(&en, 1..1, &gloss, 1..2, &mut sc), 0.0);
        // Where the neighbour does not write it, the counterpart nearby still counts.
        let alone = Anchors::of(
            "ru",
            [
                "Кабель перерезали.",
                "Город Кандыагаш стоит на железной дороге.",
            ],
            None,
        );
        assert!(cost(&en, 1..1, &alone, 1..2, &mut sc) > 0.0);
    }

    #[test]
    fn a_split_sentence_s_second_half_counts_its_own_word_pairs() {
        let mut en = Anchors::of("en", ["plain words here"], None);
        let mut ru = Anchors::of("ru", ["простые слова", "еще слова"], None);
        en.learn(&[vec![1u32, 2, 3, 4]]);
        ru.learn(&[vec![1u32, 2, 3], vec![4]]);
        let mut sc = Scratch::default();
        let split = cost(&en, 0..1, &ru, 0..2, &mut sc);
        let first = cost(&en, 0..1, &ru, 0..1, &mut sc);
        assert!(split < first - 0.5, "{split} {first}");
    }

    #[test]
    fn an_added_sentence_repeating_its_neighbour_s_word_pairs_earns_nothing_for_them() {
        let mut en = Anchors::of("en", ["plain words here"], None);
        let mut ru = Anchors::of("ru", ["простые слова", "те же слова"], None);
        en.learn(&[vec![1u32, 2]]);
        ru.learn(&[vec![1u32, 2], vec![1, 2]]);
        let mut sc = Scratch::default();
        let with_gloss = cost(&en, 0..1, &ru, 0..2, &mut sc);
        let alone = cost(&en, 0..1, &ru, 0..1, &mut sc);
        assert!((with_gloss - alone).abs() < 1e-9, "{with_gloss} {alone}");
    }

    #[test]
    fn merged_sentences_pool_their_anchors() {
        let a = Anchors::of("en", ["It began on July 1.", "Some 100 people came."], None);
        let b = Anchors::of(
            "kk",
            ["Ол 1 шілдеде басталып, 100-ге жуық адам келді."],
            None,
        );
        let mut sc = Scratch::default();
        let merged = cost(&a, 0..2, &b, 0..1, &mut sc);
        let single = cost(&a, 0..1, &b, 0..1, &mut sc);
        assert!(merged < single, "{merged} {single}");
    }

    #[test]
    fn a_sentence_writing_a_number_its_partner_lacks_is_told_apart() {
        let en = Anchors::of(
            "en",
            [
                "Vaccination began on July 1.",
                "It costs the state about 420 tenge per dose.",
            ],
            None,
        );
        let ru = Anchors::of("ru", ["Вакцинация началась 1 июля в трех районах."], None);
        assert!(!en.writes_what_lacks(0..1, &ru, 0));
        assert!(en.writes_what_lacks(0..2, &ru, 0));
        // A number word is weak evidence and proves nothing missing.
        let words = Anchors::of(
            "en",
            ["Vaccination began on July 1.", "Two more followed."],
            None,
        );
        assert!(!words.writes_what_lacks(0..2, &ru, 0));
    }
}
