//! Scoring an alignment against gold beads: precision, recall and F1 over beads, a bead
//! counting only when both its sides are exactly right. Gold files hold one bead per line,
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
    /// Compares `predicted` with `gold`.
    pub fn of(predicted: &[Pair], gold: &[Pair]) -> Score {
        let gold_set: HashSet<(usize, usize, usize, usize)> = gold
            .iter()
            .map(|(s, t)| (s.start, s.end, t.start, t.end))
            .collect();
        let correct = predicted
            .iter()
            .filter(|(s, t)| gold_set.contains(&(s.start, s.end, t.start, t.end)))
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
}
