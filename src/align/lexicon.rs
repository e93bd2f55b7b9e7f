//! Word pairs learned from the document pair itself (the bootstrapped dictionary of
//! hunalign, without its external one): after a first alignment, the words of its confident
//! beads are counted together, and a source word and a target stem that recur in both
//! documents and keep turning up in the same beads (Dice coefficient) are taken as
//! translations of each other. Each learned pair becomes an anchor of both sentences that
//! hold it, so the second alignment knows that `supporters` goes with `жақтастары` where a
//! sentence without names or numbers had nothing else to offer.
//!
//! Words are compared by a stem: folded (lower case, ё as е:
//! [`fold`](crate::glossary::morph::fold)), stripped of its inflectional ending and cut to
//! its first letters ([`stem`](super::stem)), so the inflected forms of a Kazakh or Russian
//! word (and an English plural) share their counts. Capitalized words inside a sentence are names, anchored already
//! ([`names`](super::names)), and words shorter than [`MIN_CHARS`] are mostly grammar;
//! both are left out.

use rustc_hash::FxHashMap;

use super::stem::stem;
use super::Bead;
use crate::glossary::morph::fold;

/// Shorter words are left out.
pub const MIN_CHARS: usize = 3;
/// The smallest Dice coefficient of a learned pair.
const MIN_DICE: f64 = 0.75;
/// How many partners a word keeps at most (the best by Dice).
const PARTNERS: usize = 2;
/// Two occurrences are together when the target one lies within this many sentences of
/// where the first alignment put the source one.
const NEAR: usize = 2;
/// Words in more sentences than this share of the document's (and at least
/// [`MAX_COUNT_FLOOR`]) are too common to tell sentences apart.
const MAX_SHARE: f64 = 0.1;
const MAX_COUNT_FLOOR: u32 = 3;

/// Grammar words of the three languages, which turn up beside anything.
const STOP: &[&str] = &[
    // English
    "the",
    "and",
    "for",
    "that",
    "this",
    "these",
    "those",
    "with",
    "from",
    "was",
    "were",
    "has",
    "have",
    "had",
    "his",
    "her",
    "hers",
    "its",
    "their",
    "them",
    "they",
    "she",
    "who",
    "whom",
    "which",
    "what",
    "when",
    "where",
    "would",
    "could",
    "should",
    "will",
    "been",
    "being",
    "are",
    "not",
    "but",
    "our",
    "out",
    "into",
    "than",
    "then",
    "there",
    "about",
    "after",
    "before",
    "also",
    "said",
    "says",
    "say",
    "told",
    "one",
    "two",
    "all",
    "any",
    "some",
    "more",
    "most",
    "other",
    "only",
    "over",
    "such",
    "very",
    "can",
    "did",
    "does",
    "him",
    "you",
    "your",
    "because",
    "while",
    "since",
    "until",
    "how",
    // Kazakh
    "бұл",
    "осы",
    "сол",
    "оның",
    "олар",
    "олардың",
    "және",
    "мен",
    "бен",
    "пен",
    "үшін",
    "туралы",
    "деді",
    "деп",
    "айтты",
    "болды",
    "болып",
    "еді",
    "бір",
    "екі",
    "жылы",
    "күні",
    "дейін",
    "кейін",
    "бері",
    "бірақ",
    "тағы",
    "оған",
    "оны",
    "онымен",
    // Russian
    "что",
    "это",
    "как",
    "его",
    "она",
    "они",
    "их",
    "был",
    "была",
    "были",
    "было",
    "для",
    "при",
    "или",
    "так",
    "уже",
    "тем",
    "чем",
    "кто",
    "где",
    "когда",
    "также",
    "который",
    "которая",
    "которые",
    "сказал",
    "сказала",
    "заявил",
    "году",
    "года",
    "после",
    "более",
];

/// Whether `word` (folded) is a grammar word of [`STOP`].
fn is_stop(word: &str) -> bool {
    STOP.contains(&word)
}

/// The distinct stems of each sentence, as ids of one side's vocabulary.
#[derive(Debug, Default)]
pub(super) struct Stems {
    /// Sorted, distinct stem ids per sentence.
    pub(super) per_sentence: Vec<Vec<u32>>,
    vocabulary: FxHashMap<String, u32>,
    /// Each stem's [`stem_hash`], by id.
    hashes: Vec<u64>,
}

/// [`char::is_alphabetic`], without the standard library's table search for the Cyrillic
/// letters of Kazakh and Russian (U+0482–U+0489 are a sign and combining marks).
pub(super) fn is_letter(c: char) -> bool {
    match c {
        '\u{0400}'..='\u{0481}' | '\u{048A}'..='\u{04FF}' => true,
        '\u{0482}'..='\u{0489}' => false,
        _ => c.is_alphabetic(),
    }
}

/// Calls `out` with the stem of every counted word of `sentence`.
pub(super) fn each_stem(sentence: &str, out: &mut dyn FnMut(String)) {
    each_stem_of(sentence, false, out);
}

/// [`each_stem`], counting capitalized words inside the sentence too when `capitals`.
fn each_stem_of(sentence: &str, capitals: bool, out: &mut dyn FnMut(String)) {
    for (k, word) in sentence
        .split(|c: char| !is_letter(c))
        .filter(|w| !w.is_empty())
        .enumerate()
    {
        if !capitals && k > 0 && word.chars().next().is_some_and(char::is_uppercase) {
            continue;
        }
        if word.chars().count() < MIN_CHARS {
            continue;
        }
        let folded = fold(word);
        if is_stop(&folded) {
            continue;
        }
        out(stem(&folded));
    }
}

/// [`each_stem_of`] with capitals, telling `out` of each stem whether [`each_stem`] counts
/// it too (whether its word is not a capitalized word inside the sentence).
fn each_stem_flagged(sentence: &str, out: &mut dyn FnMut(String, bool)) {
    for (k, word) in sentence
        .split(|c: char| !is_letter(c))
        .filter(|w| !w.is_empty())
        .enumerate()
    {
        let plain = !(k > 0 && word.chars().next().is_some_and(char::is_uppercase));
        if word.chars().count() < MIN_CHARS {
            continue;
        }
        let folded = fold(word);
        if is_stop(&folded) {
            continue;
        }
        out(stem(&folded), plain);
    }
}

/// A stem's hash, the same in every document and in the TM.
pub(super) fn stem_hash(stem: &str) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = rustc_hash::FxHasher::default();
    stem.hash(&mut h);
    h.finish()
}

impl Stems {
    /// The stems of `sentences`.
    pub(super) fn of<'s>(sentences: impl IntoIterator<Item = &'s str>) -> Stems {
        Stems::of_with(sentences, false)
    }

    fn of_with<'s>(sentences: impl IntoIterator<Item = &'s str>, capitals: bool) -> Stems {
        let mut stems = Stems::default();
        for s in sentences {
            let mut ids = Vec::new();
            each_stem_of(s, capitals, &mut |stem| ids.push(stems.id_of(stem)));
            stems.push_sentence(ids);
        }
        stems
    }

    /// [`Stems::of`] and, when `capitals`, the stems of the same sentences counting
    /// capitalized words inside a sentence too (the words of a headline in title case, of an
    /// institution's name: `Deposit Insurance Fund`, `Supreme Court`), each word stemmed
    /// once for both.
    pub(super) fn of_both<'s>(
        sentences: impl IntoIterator<Item = &'s str>,
        capitals: bool,
    ) -> (Stems, Option<Stems>) {
        if !capitals {
            return (Stems::of(sentences), None);
        }
        let (mut plain, mut all) = (Stems::default(), Stems::default());
        for s in sentences {
            let (mut plain_ids, mut all_ids) = (Vec::new(), Vec::new());
            each_stem_flagged(s, &mut |stem, counted| {
                if counted {
                    plain_ids.push(plain.id_of(stem.clone()));
                }
                all_ids.push(all.id_of(stem));
            });
            plain.push_sentence(plain_ids);
            all.push_sentence(all_ids);
        }
        (plain, Some(all))
    }

    /// The id of `stem`, a new one when it is new.
    fn id_of(&mut self, stem: String) -> u32 {
        let next = self.vocabulary.len() as u32;
        let id = *self.vocabulary.entry(stem.clone()).or_insert(next);
        if id == next {
            self.hashes.push(stem_hash(&stem));
        }
        id
    }

    /// Adds a sentence of stem ids (sorted and made distinct here).
    fn push_sentence(&mut self, mut ids: Vec<u32>) {
        ids.sort_unstable();
        ids.dedup();
        self.per_sentence.push(ids);
    }

    /// Each stem's hash (the same in every document, the TM and the lexicon), by id.
    pub(super) fn hashes(&self) -> &[u64] {
        &self.hashes
    }

    /// Per stem id, whether the stem has at least `chars` characters.
    pub(super) fn long(&self, chars: usize) -> Vec<bool> {
        let mut long = vec![false; self.vocabulary.len()];
        for (stem, &id) in &self.vocabulary {
            long[id as usize] = stem.chars().count() >= chars;
        }
        long
    }

    /// How many distinct stems the side holds (ids run from 0 to this).
    pub(super) fn vocabulary_len(&self) -> usize {
        self.vocabulary.len()
    }

    /// In how many sentences each stem occurs.
    pub(super) fn sentence_counts(&self) -> Vec<u32> {
        let mut counts = vec![0u32; self.vocabulary_len()];
        for ids in &self.per_sentence {
            for &id in ids {
                counts[id as usize] += 1;
            }
        }
        counts
    }

    /// Each sentence's stems that recur (in 2 to `max` sentences).
    fn recurring(&self, counts: &[u32], max: u32) -> Vec<Vec<u32>> {
        self.per_sentence
            .iter()
            .map(|ids| {
                ids.iter()
                    .copied()
                    .filter(|&id| (2..=max).contains(&counts[id as usize]))
                    .collect()
            })
            .collect()
    }
}

/// Word pairs learned from the confident beads of a first alignment, as the pair ids each
/// sentence holds.
#[derive(Debug, Default)]
pub(super) struct Learned {
    /// Sorted pair ids per source sentence.
    pub(super) source: Vec<Vec<u32>>,
    /// Sorted pair ids per target sentence.
    pub(super) target: Vec<Vec<u32>>,
    /// The learned pairs (source stem id, target stem id); a pair's id is its index.
    pub(super) pairs: Vec<(u32, u32)>,
}

/// Learns word pairs from `beads` (a first alignment of sentences with stems `source` and
/// `target`, in order, covering both).
///
/// Candidates are a source stem and a target stem, each found in more than one sentence
/// but not in many, that share a confident bead. A candidate is kept when the two keep
/// company everywhere: its Dice coefficient, counting a source occurrence as shared when
/// the target stem stands within [`NEAR`] sentences of where the first alignment put it
/// (so a doubtful stretch, which the second alignment is to settle, counts either way), is
/// at least [`MIN_DICE`]; each stem keeps its [`PARTNERS`] best.
pub(super) fn learn(source: &Stems, target: &Stems, beads: &[Bead]) -> Learned {
    let (n, m) = (source.per_sentence.len(), target.per_sentence.len());
    let cap = |len: usize| ((len as f64 * MAX_SHARE) as u32).max(MAX_COUNT_FLOOR);
    let df_s = source.sentence_counts();
    let df_t = target.sentence_counts();
    let rec_s = source.recurring(&df_s, cap(n));
    let rec_t = target.recurring(&df_t, cap(m));
    // Candidates: pairs sharing a confident bead.
    let mut together: FxHashMap<(u32, u32), u32> = FxHashMap::default();
    let (mut s_ids, mut t_ids) = (Vec::new(), Vec::new());
    for b in beads.iter().filter(|b| b.teaches()) {
        s_ids.clear();
        t_ids.clear();
        for i in b.source.clone() {
            s_ids.extend_from_slice(&rec_s[i]);
        }
        for j in b.target.clone() {
            t_ids.extend_from_slice(&rec_t[j]);
        }
        s_ids.sort_unstable();
        s_ids.dedup();
        t_ids.sort_unstable();
        t_ids.dedup();
        for &e in &s_ids {
            for &f in &t_ids {
                together.entry((e, f)).or_insert(0);
            }
        }
    }
    if together.is_empty() {
        return Learned::default();
    }
    // Where the first alignment put each source sentence: its bead's target sentences,
    // or the place between them for a dropped one.
    let mut place = vec![0..0; n];
    for b in beads {
        for i in b.source.clone() {
            place[i] = b.target.clone();
        }
    }
    // Shared occurrences: a source sentence holding e with f near its place.
    let mut near: Vec<u32> = Vec::new();
    for (i, ids) in rec_s.iter().enumerate() {
        if ids.is_empty() {
            continue;
        }
        let lo = place[i].start.saturating_sub(NEAR);
        let hi = (place[i].end + NEAR).min(m);
        near.clear();
        for t in &rec_t[lo..hi] {
            near.extend_from_slice(t);
        }
        near.sort_unstable();
        near.dedup();
        for &e in ids {
            for &f in &near {
                if let Some(c) = together.get_mut(&(e, f)) {
                    *c += 1;
                }
            }
        }
    }
    // Kept pairs by Dice, best first (ties: the ids, so the result does not depend on the
    // hash map's order).
    let mut candidates: Vec<(f64, u32, u32)> = together
        .into_iter()
        .filter_map(|((e, f), shared)| {
            // Occurrences are counted on the source side: a target stem in fewer sentences
            // cannot share more of them than it has (Dice stays within 0..=1).
            let (de, df) = (df_s[e as usize], df_t[f as usize]);
            let dice = 2.0 * f64::from(shared.min(de).min(df)) / f64::from(de + df);
            (dice >= MIN_DICE).then_some((dice, e, f))
        })
        .collect();
    candidates.sort_unstable_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
    let mut taken_s = vec![0u8; source.vocabulary_len()];
    let mut taken_t = vec![0u8; target.vocabulary_len()];
    let mut by_source: Vec<Vec<u32>> = vec![Vec::new(); source.vocabulary_len()];
    let mut by_target: Vec<Vec<u32>> = vec![Vec::new(); target.vocabulary_len()];
    let mut pairs = Vec::new();
    for (_, e, f) in candidates {
        let (eu, fu) = (e as usize, f as usize);
        if usize::from(taken_s[eu]) >= PARTNERS || usize::from(taken_t[fu]) >= PARTNERS {
            continue;
        }
        taken_s[eu] += 1;
        taken_t[fu] += 1;
        let id = pairs.len() as u32;
        by_source[eu].push(id);
        by_target[fu].push(id);
        pairs.push((e, f));
    }
    let per_sentence = |rec: &[Vec<u32>], by: &[Vec<u32>]| {
        rec.iter()
            .map(|ids| {
                let mut p: Vec<u32> = ids
                    .iter()
                    .flat_map(|&id| by[id as usize].iter().copied())
                    .collect();
                p.sort_unstable();
                p
            })
            .collect()
    };
    Learned {
        source: per_sentence(&rec_s, &by_source),
        target: per_sentence(&rec_t, &by_target),
        pairs,
    }
}

/// The most TM pairs a [`TmLexicon`] counts: enough for a newsroom's vocabulary, and a
/// bound on the time and memory of reading a large TM.
pub const TM_LEXICON_PAIRS: usize = 10_000;
/// A TM word pair is kept when its stems share at least this many units…
const TM_MIN_TOGETHER: u32 = 2;
/// … with at least this Dice coefficient.
const TM_MIN_DICE: f64 = 0.5;

/// Word pairs learned from the TM's units (source stem, target stem, by their hashes): the
/// stems found together in more units than apart (Dice coefficient over units). An
/// aligner uses them from its first pass, as anchors of the sentences that hold both.
#[derive(Debug, Clone, Default)]
pub struct TmLexicon {
    /// Target stems of each source stem.
    by_source: FxHashMap<u64, Vec<u64>>,
    /// Source stems of each target stem.
    by_target: FxHashMap<u64, Vec<u64>>,
}

/// Counts stems and stem pairs over TM units, then keeps the pairs ([`TmLexicon`]).
#[derive(Default)]
pub(super) struct TmCounts {
    units: usize,
    source: FxHashMap<u64, u32>,
    target: FxHashMap<u64, u32>,
    together: FxHashMap<(u64, u64), u32>,
    buf: (Vec<u64>, Vec<u64>),
}

impl TmCounts {
    /// Counts one unit (up to [`TM_LEXICON_PAIRS`]).
    pub(super) fn add(&mut self, source: &str, target: &str) {
        if self.units >= TM_LEXICON_PAIRS {
            return;
        }
        self.units += 1;
        let (s, t) = &mut self.buf;
        s.clear();
        t.clear();
        each_stem(source, &mut |stem| s.push(stem_hash(&stem)));
        each_stem(target, &mut |stem| t.push(stem_hash(&stem)));
        for v in [&mut *s, &mut *t] {
            v.sort_unstable();
            v.dedup();
        }
        for &e in s.iter() {
            *self.source.entry(e).or_insert(0) += 1;
        }
        for &f in t.iter() {
            *self.target.entry(f).or_insert(0) += 1;
        }
        for &e in s.iter() {
            for &f in t.iter() {
                *self.together.entry((e, f)).or_insert(0) += 1;
            }
        }
    }

    /// The pairs kept: together in at least [`TM_MIN_TOGETHER`] units, Dice at least
    /// [`TM_MIN_DICE`], each stem's [`PARTNERS`] best.
    pub(super) fn finish(self) -> TmLexicon {
        let mut candidates: Vec<(f64, u64, u64)> = self
            .together
            .iter()
            .filter(|(_, &n)| n >= TM_MIN_TOGETHER)
            .filter_map(|(&(e, f), &n)| {
                let df = self.source.get(&e).copied().unwrap_or(0)
                    + self.target.get(&f).copied().unwrap_or(0);
                let dice = 2.0 * f64::from(n) / f64::from(df.max(1));
                (dice >= TM_MIN_DICE).then_some((dice, e, f))
            })
            .collect();
        candidates
            .sort_unstable_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
        let mut lexicon = TmLexicon::default();
        for (_, e, f) in candidates {
            let fs = lexicon.by_source.entry(e).or_default();
            if fs.len() >= PARTNERS {
                continue;
            }
            let es = lexicon.by_target.entry(f).or_default();
            if es.len() >= PARTNERS {
                continue;
            }
            fs.push(f);
            es.push(e);
        }
        lexicon.by_source.retain(|_, v| !v.is_empty());
        lexicon.by_target.retain(|_, v| !v.is_empty());
        lexicon
    }
}

impl TmLexicon {
    /// How many word pairs it holds.
    pub fn len(&self) -> usize {
        self.by_source.values().map(Vec::len).sum()
    }

    /// Whether it holds no word pair.
    pub fn is_empty(&self) -> bool {
        self.by_source.is_empty()
    }

    /// The pair keys of each sentence of a document pair: a hash of the (source stem,
    /// target stem) pair, for every pair of the lexicon one of the sentence's stems is in.
    pub(super) fn keys(&self, source: &Stems, target: &Stems) -> (Vec<Vec<u64>>, Vec<Vec<u64>>) {
        let pair = |e: u64, f: u64| e.rotate_left(17) ^ f;
        let side = |stems: &Stems, map: &FxHashMap<u64, Vec<u64>>, src: bool| {
            stems
                .per_sentence
                .iter()
                .map(|ids| {
                    let mut keys: Vec<u64> = Vec::new();
                    for &id in ids {
                        let h = stems.hashes[id as usize];
                        if let Some(others) = map.get(&h) {
                            keys.extend(others.iter().map(|&o| {
                                if src {
                                    pair(h, o)
                                } else {
                                    pair(o, h)
                                }
                            }));
                        }
                    }
                    keys.sort_unstable();
                    keys.dedup();
                    keys
                })
                .collect()
        };
        if self.is_empty() {
            return (Vec::new(), Vec::new());
        }
        (
            side(source, &self.by_source, true),
            side(target, &self.by_target, false),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::align::bead::test_bead as bead;

    #[test]
    fn stems_share_inflected_forms_and_skip_names_and_short_words() {
        let s = Stems::of([
            "Жақтастары ол тұратын ғимараттың алдына жиналды.",
            "Оның жақтастары Алматыда қалды.",
        ]);
        // "жақта" is in both sentences; "Алматыда" (a name inside the sentence), "ол"
        // (too short) and "оның" (a grammar word) are not counted.
        let common: Vec<_> = s.per_sentence[0]
            .iter()
            .filter(|id| s.per_sentence[1].contains(id))
            .collect();
        assert_eq!(common.len(), 1);
        assert_eq!(s.per_sentence[1].len(), 2);
    }

    #[test]
    fn a_recurring_pair_of_a_confident_bead_is_learned_where_it_recurs() {
        let en = Stems::of([
            "His supporters said so on Thursday.",
            "The weather was cold.",
            "Supporters gathered outside.",
        ]);
        let kk = Stems::of([
            "Бұл туралы оның жақтастары хабарлады.",
            "Ауа райы суық болды.",
            "Жақтастары жиналды.",
        ]);
        let first = [
            bead(0..1, 0..1, 0.99),
            bead(1..2, 1..2, 0.95),
            bead(2..3, 2..3, 0.4),
        ];
        let l = learn(&en, &kk, &first);
        assert_eq!(l.pairs.len(), 1);
        assert_eq!(l.source[2], l.target[2]);
        assert!(l.source[1].is_empty() && l.target[1].is_empty());
        // Doubtful beads teach nothing.
        let doubtful = [
            bead(0..1, 0..1, 0.5),
            bead(1..2, 1..2, 0.5),
            bead(2..3, 2..3, 0.5),
        ];
        assert!(learn(&en, &kk, &doubtful).pairs.is_empty());
    }

    #[test]
    fn a_rare_word_beside_a_recurring_one_is_not_its_translation() {
        // `winter` is in four sentences, `зима` in the same four, `семья` in two of them:
        // only `зима` keeps company with `winter` everywhere.
        let filler = |k: usize| format!("Filler number {k} stands here.");
        let en: Vec<String> = (0..40)
            .map(|k| match k {
                0..=3 => format!("The winter came early in place {k}."),
                _ => filler(k),
            })
            .collect();
        let ru: Vec<String> = (0..40)
            .map(|k| match k {
                0 | 2 => format!("Зима пришла рано, семья ждала {k}."),
                1 | 3 => format!("Зима пришла рано {k}."),
                _ => format!("Строка номер {k} стоит здесь."),
            })
            .collect();
        let en = Stems::of(en.iter().map(String::as_str));
        let ru = Stems::of(ru.iter().map(String::as_str));
        let beads: Vec<Bead> = (0..40).map(|k| bead(k..k + 1, k..k + 1, 0.99)).collect();
        let l = learn(&en, &ru, &beads);
        let id = |s: &Stems, w: &str| s.vocabulary[&stem(w)];
        let winter = id(&en, "winter");
        assert!(
            l.pairs.contains(&(winter, id(&ru, "зима"))),
            "{:?}",
            l.pairs
        );
        assert!(
            !l.pairs.contains(&(winter, id(&ru, "семья"))),
            "{:?}",
            l.pairs
        );
    }

    #[test]
    fn is_letter_is_is_alphabetic() {
        for c in (0..0x3_0000).filter_map(char::from_u32) {
            assert_eq!(is_letter(c), c.is_alphabetic(), "{:04X}", c as u32);
        }
    }
}
