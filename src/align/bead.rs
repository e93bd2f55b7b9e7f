//! [`Bead`]: a run of source sentences aligned with a run of target sentences, and the
//! [`Shape`]s a bead may take.

use std::ops::Range;

/// The shapes a bead may take: (source sentences, target sentences).
///
/// 1:1 is the common case; 2:1 and 1:2 are merges and splits; 1:0 and 0:1 a dropped and an
/// added sentence; 2:2 a pair rewritten across a sentence boundary; 3:1 and 1:3 the rarer
/// three-way merges and splits.
pub const SHAPES: [Shape; 8] = [
    Shape(1, 1),
    Shape(1, 0),
    Shape(0, 1),
    Shape(2, 1),
    Shape(1, 2),
    Shape(2, 2),
    Shape(3, 1),
    Shape(1, 3),
];

/// A bead's shape: how many source and how many target sentences it holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Shape(pub usize, pub usize);

impl std::fmt::Display for Shape {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}", self.0, self.1)
    }
}

/// Source sentences `source` aligned with target sentences `target` (indices into the two
/// documents' sentence lists), with the aligner's confidence that this exact bead is right.
#[derive(Debug, Clone, PartialEq)]
pub struct Bead {
    /// Source sentence indices (0-based, possibly empty).
    pub source: Range<usize>,
    /// Target sentence indices (0-based, possibly empty).
    pub target: Range<usize>,
    /// Probability, 0.0–1.0, that this bead is exactly right.
    pub confidence: f64,
}

impl Bead {
    /// The bead's shape.
    pub fn shape(&self) -> Shape {
        Shape(self.source.len(), self.target.len())
    }

    /// Whether both sides hold sentences (a bead that can become a TM unit).
    pub fn is_pair(&self) -> bool {
        !self.source.is_empty() && !self.target.is_empty()
    }

    /// Whether a later pass may learn from this bead (word pairs, the translation model,
    /// the lexicon's hit rate): a pair at least [`TEACHING_CONFIDENCE`] confident.
    pub(super) fn teaches(&self) -> bool {
        self.is_pair() && self.confidence >= TEACHING_CONFIDENCE
    }
}

/// Beads at least this confident teach the later passes.
const TEACHING_CONFIDENCE: f64 = 0.9;

/// The beads of a document pair, in document order: every sentence of both documents is in
/// exactly one bead.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Alignment {
    /// The beads, in order.
    pub beads: Vec<Bead>,
}

impl Alignment {
    /// Orders every dropped source sentence and added target sentence that stand side by
    /// side (a 1:0 and a 0:1, in either order): the addition after the drop when
    /// `with_next(j)` says that added target sentence `j` belongs with the sentence after
    /// it, before the drop otherwise. Either order puts every sentence in the same place
    /// and costs the same but for noise; hand alignments write the added sentence beside
    /// its neighbour in the translation (`placement.rs`).
    pub(super) fn place_additions(&mut self, with_next: &mut dyn FnMut(usize) -> bool) {
        for k in 1..self.beads.len() {
            let (a, b) = (&self.beads[k - 1], &self.beads[k]);
            let dropped = |x: &Bead| x.source.len() == 1 && x.target.is_empty();
            let added = |x: &Bead| x.source.is_empty() && x.target.len() == 1;
            let (drop, add, drop_first) = if dropped(a) && added(b) {
                (a, b, true)
            } else if added(a) && dropped(b) {
                (b, a, false)
            } else {
                continue;
            };
            let (i, j) = (drop.source.start, add.target.start);
            let want_drop_first = with_next(j);
            if want_drop_first == drop_first {
                continue;
            }
            let (cd, ca) = (drop.confidence, add.confidence);
            let drop = Bead {
                source: i..i + 1,
                target: j..j,
                confidence: cd,
            };
            let add = |at: usize| Bead {
                source: at..at,
                target: j..j + 1,
                confidence: ca,
            };
            if want_drop_first {
                self.beads[k - 1] = drop;
                self.beads[k] = add(i + 1);
            } else {
                self.beads[k - 1] = add(i);
                self.beads[k] = Bead {
                    target: j + 1..j + 1,
                    ..drop
                };
            }
        }
    }

    /// Beads whose confidence is below `threshold`.
    pub fn doubtful(&self, threshold: f64) -> usize {
        self.beads
            .iter()
            .filter(|b| b.confidence < threshold)
            .count()
    }
}

/// A bead of source sentences `s` and target sentences `t` (for tests).
#[cfg(test)]
pub(super) fn test_bead(
    s: std::ops::Range<usize>,
    t: std::ops::Range<usize>,
    confidence: f64,
) -> Bead {
    Bead {
        source: s,
        target: t,
        confidence,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bead_knows_its_shape_and_whether_it_pairs_sentences() {
        let b = Bead {
            source: 3..5,
            target: 2..3,
            confidence: 0.9,
        };
        assert_eq!(b.shape().to_string(), "2:1");
        assert!(b.is_pair());
        let drop = Bead {
            source: 5..6,
            target: 3..3,
            confidence: 0.4,
        };
        assert!(!drop.is_pair());
        let a = Alignment {
            beads: vec![b, drop],
        };
        assert_eq!(a.doubtful(0.5), 1);
    }

    #[test]
    fn an_addition_beside_a_drop_stands_on_the_side_of_its_neighbour() {
        let b = |s: std::ops::Range<usize>, t: std::ops::Range<usize>, confidence: f64| Bead {
            source: s,
            target: t,
            confidence,
        };
        let mut a = Alignment {
            beads: vec![b(0..1, 0..1, 0.9), b(1..2, 1..1, 0.7), b(2..2, 1..2, 0.6)],
        };
        let spans = |a: &Alignment| -> Vec<_> {
            a.beads
                .iter()
                .map(|x| (x.source.clone(), x.target.clone(), x.confidence))
                .collect()
        };
        a.place_additions(&mut |_| false);
        let added_first = vec![(0..1, 0..1, 0.9), (1..1, 1..2, 0.6), (1..2, 2..2, 0.7)];
        assert_eq!(spans(&a), added_first);
        let mut asked = Vec::new();
        a.place_additions(&mut |j| {
            asked.push(j);
            true
        });
        assert_eq!(asked, vec![1]);
        let dropped_first = vec![(0..1, 0..1, 0.9), (1..2, 1..1, 0.7), (2..2, 1..2, 0.6)];
        assert_eq!(spans(&a), dropped_first);
        a.place_additions(&mut |_| false);
        assert_eq!(spans(&a), added_first);
    }
}
