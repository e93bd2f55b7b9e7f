//! Quote continuations: a sentence that is only a quotation, after a quoted sentence with its
//! attribution (`"X," he said. "Z."`, «X», – деді ол. «Z».). Translators merge such a
//! sentence into the one before it far more often than any other, and where they keep it
//! apart the translation keeps the shape: the target sentence after the first one's is a
//! quotation alone. Both facts are counted on the gold beads of `tests/data/align`
//! (`quote_rates.py`) and enter a merge's cost as log-odds of those counts.

/// Counts on the gold beads of `held-out-2`..`held-out-39` (`quote_rates.py`) for merges,
/// per target language: English sentences after the first merged into the bead of the one
/// before them, and all of them; the same for quote continuations; merged continuations
/// into one target sentence that the next target sentence follows as a quotation alone,
/// and all of them; continuations kept apart whose first target sentence is a quotation
/// alone, and all kept apart.
struct Counts {
    any_merged: (u32, u32),
    continuation_merged: (u32, u32),
    quote_after_merge: (u32, u32),
    quote_when_apart: (u32, u32),
}

const KK: Counts = Counts {
    any_merged: (242, 2581),
    continuation_merged: (47, 122),
    quote_after_merge: (0, 47),
    quote_when_apart: (67, 75),
};

const RU: Counts = Counts {
    any_merged: (247, 2581),
    continuation_merged: (33, 122),
    quote_after_merge: (0, 33),
    quote_when_apart: (80, 86),
};

/// Both languages' counts summed, for a target language not counted.
const POOLED: Counts = Counts {
    any_merged: (489, 5162),
    continuation_merged: (80, 244),
    quote_after_merge: (0, 80),
    quote_when_apart: (147, 161),
};

/// Drops, too few to count per language (none in Kazakh, 3 in Russian), both languages
/// summed: English sentences after the first dropped (1:0), and all of them; the same for
/// quote continuations; dropped continuations whose place the target sentence after it
/// fills with a quotation alone, and all dropped ones.
const ANY_DROPPED: (u32, u32) = (225, 5162);
const CONTINUATION_DROPPED: (u32, u32) = (3, 244);
const QUOTE_AFTER_DROP: (u32, u32) = (0, 3);

/// The log of the odds of `k` in `n`, with half a count added to each side (no count of
/// zero gives an infinite weight).
fn log_odds((k, n): (u32, u32)) -> f64 {
    ((f64::from(k) + 0.5) / (f64::from(n - k) + 0.5)).ln()
}

/// The log of the probability of `k` in `n` (half a count added), or of its complement.
fn log_rate((k, n): (u32, u32), present: bool) -> f64 {
    let p = (f64::from(k) + 0.5) / (f64::from(n) + 1.0);
    if present {
        p.ln()
    } else {
        (1.0 - p).ln()
    }
}

/// The log-odds (nats) of one way a translation treats a quote continuation other than as
/// a sentence of its own (merged, dropped): how much likelier it is for a continuation than
/// for any sentence, and the log-likelihood ratio against a continuation kept apart of the
/// next target sentence being a quotation alone, or not.
#[derive(Debug, Clone, Copy)]
struct Odds {
    shape: f64,
    quote_next: f64,
    no_quote_next: f64,
}

impl Odds {
    fn of(
        any: (u32, u32),
        continuation: (u32, u32),
        quote_next: (u32, u32),
        apart: (u32, u32),
    ) -> Odds {
        Odds {
            shape: log_odds(continuation) - log_odds(any),
            quote_next: log_rate(quote_next, true) - log_rate(apart, true),
            no_quote_next: log_rate(quote_next, false) - log_rate(apart, false),
        }
    }

    /// The change in cost (nats; negative is cheaper), given whether the next target
    /// sentence is a quotation alone.
    fn cost(&self, quote_next: bool) -> f64 {
        -(self.shape
            + if quote_next {
                self.quote_next
            } else {
                self.no_quote_next
            })
    }
}

/// What a bead that merges or drops a quote continuation costs more or less, for a target
/// language, from the counts of the gold.
#[derive(Debug, Clone, Copy)]
pub(super) struct Weights {
    merged: Odds,
    dropped: Odds,
}

impl Weights {
    /// The weights estimated from the counts of target language `lang`.
    pub(super) fn of(lang: &str) -> Weights {
        let c = match lang {
            "kk" => &KK,
            "ru" => &RU,
            _ => &POOLED,
        };
        Weights {
            merged: Odds::of(
                c.any_merged,
                c.continuation_merged,
                c.quote_after_merge,
                c.quote_when_apart,
            ),
            dropped: Odds::of(
                ANY_DROPPED,
                CONTINUATION_DROPPED,
                QUOTE_AFTER_DROP,
                POOLED.quote_when_apart,
            ),
        }
    }

    /// The change in cost (nats; negative is cheaper) of a bead that merges a quote
    /// continuation into the sentence before it, given whether the target sentence after
    /// the bead is a quotation alone.
    pub(super) fn merge(&self, quote_next: bool) -> f64 {
        self.merged.cost(quote_next)
    }

    /// The same for a bead that drops a quote continuation.
    pub(super) fn drop(&self, quote_next: bool) -> f64 {
        self.dropped.cost(quote_next)
    }
}

/// How a sentence stands as a quotation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Shape {
    /// Not opened by a quotation (or a quote mark closing none).
    Other,
    /// Opened by a quotation it does not close: the segmenter cut a quotation of several
    /// sentences, and a later sentence closes it.
    Unclosed,
    /// A quotation and nothing else but end punctuation.
    QuoteOnly,
    /// A quotation first, then words outside it (an attribution: `"X," he said.`).
    Attributed,
}

/// Whether `c` opens a quotation whatever stands before it.
fn opens(c: char) -> bool {
    matches!(c, '«' | '„' | '“' | '"')
}

/// The shape of `text` as a quotation. Nested quotation marks count (`«… «Дос» …»`); `"`
/// closes the innermost quotation it opened, `“` closes one opened by `„` and opens one
/// otherwise.
pub(super) fn shape(text: &str) -> Shape {
    let t = text.trim();
    if !t.chars().next().is_some_and(opens) {
        return Shape::Other;
    }
    let mut stack: Vec<char> = Vec::new();
    let mut first_closed = false;
    let mut words_after = false;
    for c in t.chars() {
        if first_closed {
            if c.is_alphabetic() {
                words_after = true;
            }
            continue;
        }
        match c {
            '«' | '„' => stack.push(c),
            '»' | '”' => {
                let Some(_) = stack.pop() else {
                    return Shape::Other;
                };
            }
            '“' => {
                if stack.last() == Some(&'„') {
                    stack.pop();
                } else {
                    stack.push(c);
                }
            }
            '"' => {
                if stack.last() == Some(&'"') {
                    stack.pop();
                } else {
                    stack.push(c);
                }
            }
            _ => {}
        }
        if stack.is_empty() {
            first_closed = true;
        }
    }
    match (first_closed, words_after) {
        (false, _) => Shape::Unclosed,
        (true, false) => Shape::QuoteOnly,
        (true, true) => Shape::Attributed,
    }
}

/// For each sentence of a side, its shape and whether it continues a quotation: a
/// quotation alone after a quotation with its attribution.
pub(super) struct Continuations {
    quote_only: Vec<bool>,
    unclosed: Vec<bool>,
    /// Continuations among the sentences before `i` (prefix sums, one more than sentences).
    before: Vec<u32>,
}

impl Continuations {
    pub(super) fn of<'s>(sentences: impl Iterator<Item = &'s str>) -> Continuations {
        let shapes: Vec<Shape> = sentences.map(shape).collect();
        let mut before = Vec::with_capacity(shapes.len() + 1);
        before.push(0);
        let mut acc = 0;
        for (i, s) in shapes.iter().enumerate() {
            if i > 0 && *s == Shape::QuoteOnly && shapes[i - 1] == Shape::Attributed {
                acc += 1;
            }
            before.push(acc);
        }
        Continuations {
            quote_only: shapes.iter().map(|s| *s == Shape::QuoteOnly).collect(),
            unclosed: shapes.iter().map(|s| *s == Shape::Unclosed).collect(),
            before,
        }
    }

    /// Whether a sentence of `r` other than its first continues a quotation (the range
    /// joins a continuation to the sentence before it).
    pub(super) fn joins(&self, r: std::ops::Range<usize>) -> bool {
        r.len() > 1 && self.before[r.end] > self.before[r.start + 1]
    }

    /// Whether the sentences of `r` are one sentence, or one quotation the segmenter cut
    /// (each but the last opens a quotation it does not close).
    pub(super) fn one_quotation(&self, r: std::ops::Range<usize>) -> bool {
        r.len() == 1 || (r.len() > 1 && self.unclosed[r.start..r.end - 1].iter().all(|&u| u))
    }

    /// Whether sentence `i` continues a quotation.
    pub(super) fn continues(&self, i: usize) -> bool {
        self.before[i + 1] > self.before[i]
    }

    /// Whether sentence `i` is a quotation alone (false past the end).
    pub(super) fn quote_only(&self, i: usize) -> bool {
        self.quote_only.get(i).copied().unwrap_or(false)
    }
}

/// What the bead of source sentences `s` and target sentences `t` costs more or less (nats)
/// for merging a quote continuation of the source into one target sentence (or one
/// quotation the segmenter cut), or for dropping one; nothing for any other bead.
pub(super) fn bead_cost(
    source: &Continuations,
    target: &Continuations,
    weights: &Weights,
    s: std::ops::Range<usize>,
    t: std::ops::Range<usize>,
) -> f64 {
    let next = target.quote_only(t.end);
    match (s.len(), t.len()) {
        (a, b) if a >= 2 && b >= 1 && source.joins(s.clone()) && target.one_quotation(t) => {
            weights.merge(next)
        }
        (1, 0) if source.continues(s.start) => weights.drop(next),
        _ => 0.0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_quotation_with_its_attribution_is_told_from_a_quotation_alone() {
        assert_eq!(shape("\"We were not warned,\" he said."), Shape::Attributed);
        assert_eq!(shape("\"Nobody told us anything.\""), Shape::QuoteOnly);
        assert_eq!(
            shape("«Бізде ештеңе қалмады», – деді ол."),
            Shape::Attributed
        );
        assert_eq!(shape("«Нам никто ничего не объяснил»."), Shape::QuoteOnly);
        assert_eq!(shape("„Нет“, — сказал он."), Shape::Attributed);
        assert_eq!(shape("He said: \"No.\""), Shape::Other);
        assert_eq!(shape("«Открытая кавычка без закрытой."), Shape::Unclosed);
        assert_eq!(shape("Закрытая» без открытой."), Shape::Other);
    }

    #[test]
    fn nested_quotation_marks_stay_inside_the_quotation() {
        assert_eq!(shape("«Мы из группы «Дос» и не уйдем»."), Shape::QuoteOnly);
        assert_eq!(
            shape("«Группа «Дос» не уйдет», – сказала она."),
            Shape::Attributed
        );
    }

    #[test]
    fn a_continuation_is_a_quotation_alone_after_an_attributed_one() {
        let c = Continuations::of(
            [
                "Officials said the road was closed.",
                "\"It was a mistake,\" he said.",
                "\"We will pay.\"",
                "\"Nobody told us.\"",
            ]
            .into_iter(),
        );
        assert!(c.joins(1..3));
        assert!(c.joins(0..3));
        assert!(
            !c.joins(2..4),
            "a quotation after a quotation alone does not continue"
        );
        assert!(!c.joins(2..3));
        assert!(!c.joins(0..2));
        assert!(c.one_quotation(2..3));
        assert!(!c.one_quotation(1..3));
        assert!(c.continues(2));
        assert!(!c.continues(3));
        assert!(c.quote_only(3));
        assert!(!c.quote_only(1));
        assert!(!c.quote_only(9));
    }

    #[test]
    fn a_quotation_the_segmenter_cut_is_one_quotation() {
        let c = Continuations::of(
            [
                "«Жағалаудағы су қап-қара болып кетті.",
                "Жағадан өлген құстарды таптық», – дейді ол.",
                "Кейін шенеуніктер растады.",
            ]
            .into_iter(),
        );
        assert!(c.one_quotation(0..2));
        assert!(!c.one_quotation(1..3));
        assert!(!c.one_quotation(0..3));
    }

    #[test]
    fn a_merged_continuation_is_cheaper_unless_a_quotation_alone_follows_it() {
        for lang in ["kk", "ru", "de"] {
            let w = Weights::of(lang);
            assert!(w.merge(false) < -1.0, "{lang}: {w:?}");
            assert!(w.merge(true) > 1.0, "{lang}: {w:?}");
            assert!(w.drop(true) > w.drop(false), "{lang}: {w:?}");
        }
    }

    fn continuation_pair() -> Continuations {
        Continuations::of(
            [
                "\"We were not warned,\" he said.",
                "\"Nobody came.\"",
                "The ministry declined to comment.",
            ]
            .into_iter(),
        )
    }

    #[test]
    fn a_continuation_merged_into_one_target_sentence_costs_less_unless_a_quotation_follows() {
        let en = continuation_pair();
        let w = Weights::of("kk");
        let merged = Continuations::of(
            [
                "«Бізге ескертпеді, ешкім келмеді», – деді ол.",
                "Министрлік пікір білдірмеді.",
            ]
            .into_iter(),
        );
        let apart = Continuations::of(
            [
                "«Бізге ескертпеді», – деді ол.",
                "«Ешкім келмеді».",
                "Министрлік пікір білдірмеді.",
            ]
            .into_iter(),
        );
        assert!(bead_cost(&en, &merged, &w, 0..2, 0..1) < -1.0);
        assert!(bead_cost(&en, &apart, &w, 0..2, 0..1) > 1.0);
        // Beads that merge nothing, or keep the continuation apart on both sides.
        assert_eq!(bead_cost(&en, &apart, &w, 0..1, 0..1), 0.0);
        assert_eq!(bead_cost(&en, &apart, &w, 1..3, 1..2), 0.0);
        assert_eq!(bead_cost(&en, &apart, &w, 0..2, 0..2), 0.0);
    }

    #[test]
    fn a_dropped_continuation_costs_more_when_a_quotation_alone_takes_its_place() {
        let en = continuation_pair();
        let w = Weights::of("ru");
        let apart = Continuations::of(
            [
                "«Нас не предупредили», — сказал он.",
                "«Никто не пришел».",
                "В министерстве отказались от комментариев.",
            ]
            .into_iter(),
        );
        assert!(bead_cost(&en, &apart, &w, 1..2, 1..1) > bead_cost(&en, &apart, &w, 1..2, 2..2));
        assert_eq!(
            bead_cost(&en, &apart, &w, 2..3, 2..2),
            0.0,
            "not a continuation"
        );
    }

    #[test]
    fn weights_are_log_odds_of_the_counts() {
        // 47 of 122 against 242 of 2,581: ln(47.5 / 75.5) − ln(242.5 / 2,339.5).
        let w = Weights::of("kk");
        let expected = (47.5f64 / 75.5).ln() - (242.5f64 / 2339.5).ln();
        assert!((w.merged.shape - expected).abs() < 1e-9, "{w:?}");
    }
}
