//! Scoring an alignment against gold beads: precision, recall and F1 over beads, a bead
//! counting only when both its sides are exactly right. [`Score::of`] also asks a null bead
//! (1:0, 0:1) for the position of its empty side, which only orders adjacent 1:0 and 0:1
//! beads and cannot be read from the texts; [`Score::of_by_sides`] scores a null bead by its
//! non-empty side alone. Gold files hold one bead per line,
//! `SOURCE<TAB>TARGET`, each side a 1-based sentence number, a range `3-4`, or nothing
//! (a dropped or added sentence); `#` starts a comment.

use std::collections::HashSet;
use std::ops::Range;

/// A bead as two ranges of 0-based sentence indices.
pub type Pair = (Range<usize>, Range<usize>);

/// Precision, recall and F1 of predicted beads against gold beads.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Score {
    /// Predicted beads.
    pub predicted: usize,
    /// Gold beads.
    pub gold: usize,
    /// Predicted beads that are gold beads.
    pub correct: usize,
}

impl Score {
    /// Compares `predicted` with `gold`, strictly: a null bead's empty side must be at the
    /// same place too.
    pub fn of(predicted: &[Pair], gold: &[Pair]) -> Score {
        Score::keyed(predicted, gold, strict_key)
    }

    /// Compares `predicted` with `gold`, a null bead (1:0 or 0:1) by its non-empty side
    /// alone: the sentences it holds are right whatever the order of adjacent null beads.
    pub fn of_by_sides(predicted: &[Pair], gold: &[Pair]) -> Score {
        Score::keyed(predicted, gold, side_key)
    }

    fn keyed(predicted: &[Pair], gold: &[Pair], key: fn(&Pair) -> Key) -> Score {
        let gold_set: HashSet<Key> = gold.iter().map(key).collect();
        let correct = predicted
            .iter()
            .filter(|p| gold_set.contains(&key(p)))
            .count();
        Score {
            predicted: predicted.len(),
            gold: gold.len(),
            correct,
        }
    }

    /// Adds another document's counts (micro-averaging).
    pub fn add(&mut self, other: Score) {
        self.predicted += other.predicted;
        self.gold += other.gold;
        self.correct += other.correct;
    }

    /// Correct / predicted.
    pub fn precision(&self) -> f64 {
        ratio(self.correct, self.predicted)
    }

    /// Correct / gold.
    pub fn recall(&self) -> f64 {
        ratio(self.correct, self.gold)
    }

    /// The harmonic mean of precision and recall.
    pub fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }
}

/// A bead as a set key: start and end of both sides.
type Key = (usize, usize, usize, usize);

fn strict_key((s, t): &Pair) -> Key {
    (s.start, s.end, t.start, t.end)
}

/// An empty side's position is left out (`usize::MAX`).
fn side_key((s, t): &Pair) -> Key {
    if s.is_empty() {
        (usize::MAX, usize::MAX, t.start, t.end)
    } else if t.is_empty() {
        (s.start, s.end, usize::MAX, usize::MAX)
    } else {
        strict_key(&(s.clone(), t.clone()))
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 {
        0.0
    } else {
        a as f64 / b as f64
    }
}

/// One side of a gold bead: `7`, `3-4` or nothing, 1-based, as a 0-based range; `next` is
/// where the side must begin (beads are in order and leave no gap).
fn side(s: &str, next: usize, line: usize) -> Result<Range<usize>, String> {
    let s = s.trim();
    if s.is_empty() {
        return Ok(next..next);
    }
    let num = |x: &str| {
        x.trim()
            .parse::<usize>()
            .ok()
            .filter(|v| *v > 0)
            .ok_or_else(|| format!("line {line}: {x:?} is not a sentence number"))
    };
    let (a, b) = match s.split_once('-') {
        Some((a, b)) => (num(a)?, num(b)?),
        None => {
            let a = num(s)?;
            (a, a)
        }
    };
    if a - 1 != next || b < a {
        return Err(format!(
            "line {line}: {s} does not continue from sentence {next}: beads must be in order and cover every sentence"
        ));
    }
    Ok(a - 1..b)
}

/// Parses a gold file (see the module documentation).
pub fn parse_gold(text: &str) -> Result<Vec<Pair>, String> {
    let mut out = Vec::new();
    let (mut ns, mut nt) = (0, 0);
    for (k, line) in text.lines().enumerate() {
        let line_no = k + 1;
        let body = line.split('#').next().unwrap_or("");
        if body.trim().is_empty() {
            continue;
        }
        let (a, b) = body
            .split_once('\t')
            .ok_or_else(|| format!("line {line_no}: expected SOURCE<TAB>TARGET"))?;
        let s = side(a, ns, line_no)?;
        let t = side(b, nt, line_no)?;
        if s.is_empty() && t.is_empty() {
            return Err(format!(
                "line {line_no}: a bead needs a sentence on one side"
            ));
        }
        ns = s.end;
        nt = t.end;
        out.push((s, t));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gold_beads_parse_with_ranges_and_empty_sides() {
        let g = parse_gold("# comment\n1\t1\n2-3\t2\n4\t\n\t3\n").unwrap();
        assert_eq!(
            g,
            vec![(0..1, 0..1), (1..3, 1..2), (3..4, 2..2), (4..4, 2..3)]
        );
        assert!(parse_gold("1\t1\n3\t2\n").unwrap_err().contains("line 2"));
    }

    #[test]
    fn a_bead_counts_only_when_both_sides_are_right() {
        let gold = vec![(0..1, 0..1), (1..3, 1..2), (3..4, 2..2)];
        let pred = vec![(0..1, 0..1), (1..2, 1..2), (2..3, 2..2), (3..4, 2..2)];
        let s = Score::of(&pred, &gold);
        assert_eq!((s.correct, s.predicted, s.gold), (2, 4, 3));
        assert!((s.precision() - 0.5).abs() < 1e-9);
        assert!((s.recall() - 2.0 / 3.0).abs() < 1e-9);
    }

    #[test]
    fn a_null_bead_counts_by_its_sentences_whatever_the_order_of_null_beads() {
        // Gold: sentence 2 dropped, then target sentence 2 added; predicted in the other
        // order.
        let gold = vec![(0..1, 0..1), (1..2, 1..1), (2..2, 1..2), (2..3, 2..3)];
        let pred = vec![(0..1, 0..1), (1..1, 1..2), (1..2, 2..2), (2..3, 2..3)];
        let strict = Score::of(&pred, &gold);
        assert_eq!(strict.correct, 2);
        let by_sides = Score::of_by_sides(&pred, &gold);
        assert_eq!(by_sides.correct, 4);
        // A null bead holding the wrong sentence still fails.
        let wrong = vec![(0..2, 0..1), (2..2, 1..2), (2..3, 2..3)];
        assert_eq!(Score::of_by_sides(&wrong, &gold).correct, 2);
    }
}
