//! [`LengthModel`]: the Gale–Church length cost, in characters. A translation's length is
//! about `ratio` times its source's, with a spread that grows with the length; the cost of
//! a pair of lengths is minus the log of the probability of a deviation at least as large.
//! The ratio and spread come from the TM's own units when it has enough of them in the
//! language pair, else from the two documents being aligned.

/// The smallest number of TM units the length ratio and spread are estimated from.
pub const MIN_UNITS_FOR_ESTIMATE: usize = 50;

/// How many sentence pairs of ratio 1 a document's own ratio is weighed against.
pub const PRIOR_SENTENCES: f64 = 20.0;

/// Gale and Church's variance of target length per source character (1993).
const GALE_CHURCH_VARIANCE: f64 = 6.8;

/// The median of a χ² variable with one degree of freedom.
const CHI2_MEDIAN: f64 = 0.454_936;

/// Expected target length per source character, and the variance per character.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LengthModel {
    /// Target characters per source character.
    pub ratio: f64,
    /// Variance of the target length, per source character.
    pub variance: f64,
}

impl Default for LengthModel {
    fn default() -> Self {
        LengthModel {
            ratio: 1.0,
            variance: GALE_CHURCH_VARIANCE,
        }
    }
}

impl LengthModel {
    /// A model with the ratio of two documents' total lengths and the usual spread. The
    /// ratio of a short pair is drawn towards 1 (as if [`PRIOR_SENTENCES`] sentence pairs
    /// of equal length had been seen too): a few dropped or added sentences weigh too much
    /// in a short document. English, Kazakh and Russian news run within a few per cent of
    /// one another (1.03 for both pairs in the bundled corpus).
    pub fn of_documents(source_chars: usize, target_chars: usize, sentences: usize) -> LengthModel {
        LengthModel::default().updated(source_chars, target_chars, sentences)
    }

    /// The ratio of a document pair of `source_chars` and `target_chars` in `sentences`
    /// sentence pairs, this model's ratio taken as its prior (worth [`PRIOR_SENTENCES`]
    /// sentence pairs), with Gale and Church's spread.
    pub fn updated(
        &self,
        source_chars: usize,
        target_chars: usize,
        sentences: usize,
    ) -> LengthModel {
        if source_chars == 0 || target_chars == 0 {
            return LengthModel {
                ratio: self.ratio,
                variance: GALE_CHURCH_VARIANCE,
            };
        }
        let observed = target_chars as f64 / source_chars as f64;
        let n = sentences as f64;
        LengthModel {
            ratio: (observed * n + PRIOR_SENTENCES * self.ratio) / (n + PRIOR_SENTENCES),
            variance: GALE_CHURCH_VARIANCE,
        }
    }

    /// A model estimated from sentence pairs' lengths (in characters), or `None` when there
    /// are fewer than [`MIN_UNITS_FOR_ESTIMATE`] pairs.
    pub fn estimate(pairs: &[(usize, usize)]) -> Option<LengthModel> {
        let pairs: Vec<(f64, f64)> = pairs
            .iter()
            .filter(|(s, t)| *s > 0 && *t > 0)
            .map(|&(s, t)| (s as f64, t as f64))
            .collect();
        if pairs.len() < MIN_UNITS_FOR_ESTIMATE {
            return None;
        }
        let (ss, st) = pairs
            .iter()
            .fold((0.0, 0.0), |(a, b), (s, t)| (a + s, b + t));
        let ratio = st / ss;
        // Var(t - c s) ≈ variance * s: the per-character variance is the mean of
        // (t - c s)^2 / s.
        let variance = pairs
            .iter()
            .map(|(s, t)| (t - ratio * s).powi(2) / s)
            .sum::<f64>()
            / pairs.len() as f64;
        Some(LengthModel {
            ratio,
            variance: variance.clamp(2.0, 40.0),
        })
    }

    /// The spread per character that sentence pairs' lengths (in characters) show under
    /// this model's ratio, estimated robustly (the median squared deviation per mean
    /// length, over the median of a χ² with one degree of freedom, so that a few wrong
    /// pairs do not widen it), or `None` for fewer than `min` pairs.
    pub fn spread_of(&self, pairs: &[(usize, usize)], min: usize) -> Option<f64> {
        let mut v: Vec<f64> = pairs
            .iter()
            .filter(|(s, t)| *s > 0 && *t > 0)
            .map(|&(s, t)| {
                let (d, mean) = self.deviation(s, t);
                d * d / mean
            })
            .collect();
        if v.len() < min.max(1) {
            return None;
        }
        v.sort_by(f64::total_cmp);
        let median = v[v.len() / 2];
        Some(median / CHI2_MEDIAN)
    }

    /// The cost (−ln probability) of `source` characters being translated as `target`.
    pub fn cost(&self, source: usize, target: usize) -> f64 {
        let (d, mean) = self.deviation(source, target);
        let z = d.abs() / (self.variance * mean).sqrt();
        neg_ln_two_tail(z)
    }

    /// How far `target` characters are from what `source` characters translate to, and the
    /// mean length of the two (in source characters) that the spread scales with.
    fn deviation(&self, source: usize, target: usize) -> (f64, f64) {
        let (s, t) = (source as f64, target as f64);
        let mean = ((s + t / self.ratio) / 2.0).max(1.0);
        (self.ratio * s - t, mean)
    }
}

/// −ln P(|Z| ≥ z) for a standard normal Z, that is −ln erfc(z / √2); accurate enough for
/// costs, finite for any z.
fn neg_ln_two_tail(z: f64) -> f64 {
    let x = z / std::f64::consts::SQRT_2;
    if x < 3.0 {
        // Abramowitz and Stegun 7.1.26.
        let t = 1.0 / (1.0 + 0.327_591_1 * x);
        let poly = t
            * (0.254_829_592
                + t * (-0.284_496_736
                    + t * (1.421_413_741 + t * (-1.453_152_027 + t * 1.061_405_429))));
        let erfc = poly * (-x * x).exp();
        -erfc.max(1e-300).ln()
    } else {
        // erfc(x) ≈ e^{-x²} / (x √π) (1 − 1/(2x²)).
        x * x + (x * std::f64::consts::PI.sqrt()).ln() - (1.0 - 0.5 / (x * x)).ln()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spread_of_pairs_reads_their_deviations_and_ignores_a_few_wrong_ones() {
        let m = LengthModel {
            ratio: 1.0,
            variance: GALE_CHURCH_VARIANCE,
        };
        // Deviations of about ±10 characters at 100: 100 / 100 per character = 1 × χ²
        // scale; a tight document reads well below Gale and Church's 6.8.
        let mut pairs: Vec<(usize, usize)> = (0..20)
            .map(|k| (100, if k % 2 == 0 { 90 } else { 110 }))
            .collect();
        let tight = m.spread_of(&pairs, 10).unwrap();
        assert!((1.0..3.0).contains(&tight), "{tight}");
        // Three pairs that are not translations of each other barely move it.
        pairs.extend([(100, 20), (30, 150), (200, 40)]);
        let with_wrong = m.spread_of(&pairs, 10).unwrap();
        assert!(with_wrong < 1.5 * tight, "{tight} {with_wrong}");
        // Too few pairs: no estimate.
        assert_eq!(m.spread_of(&pairs[..5], 10), None);
        // A loose translation reads as loose.
        let loose: Vec<(usize, usize)> = (0..20)
            .map(|k| (100, if k % 2 == 0 { 70 } else { 130 }))
            .collect();
        assert!(m.spread_of(&loose, 10).unwrap() > 3.0 * tight);
    }

    #[test]
    fn equal_lengths_cost_nothing_and_cost_grows_with_the_difference() {
        let m = LengthModel::default();
        assert!(m.cost(100, 100) < 0.01);
        assert!(m.cost(100, 120) < m.cost(100, 150));
        assert!(m.cost(100, 150) < m.cost(100, 300));
        assert!(m.cost(100, 0).is_finite() && m.cost(0, 100).is_finite());
    }

    #[test]
    fn the_tail_is_continuous_where_the_formula_changes() {
        let below = neg_ln_two_tail(3.0 * std::f64::consts::SQRT_2 - 1e-9);
        let above = neg_ln_two_tail(3.0 * std::f64::consts::SQRT_2 + 1e-9);
        assert!((below - above).abs() < 0.05, "{below} {above}");
    }

    #[test]
    fn a_document_ratio_is_drawn_towards_the_prior_s_with_the_usual_spread() {
        let tm = LengthModel {
            ratio: 1.2,
            variance: 1.5,
        };
        // No sentences of its own: the prior's ratio.
        assert_eq!(tm.updated(0, 0, 0).ratio, 1.2);
        // As many pairs as the prior is worth: half way.
        let m = tm.updated(1000, 1000, PRIOR_SENTENCES as usize);
        assert!((m.ratio - 1.1).abs() < 1e-9, "{m:?}");
        assert_eq!(m.variance, GALE_CHURCH_VARIANCE);
        // Without a TM the prior is 1.
        let d = LengthModel::of_documents(1000, 1200, PRIOR_SENTENCES as usize);
        assert!((d.ratio - 1.1).abs() < 1e-9, "{d:?}");
    }

    #[test]
    fn the_ratio_is_estimated_from_enough_pairs_only() {
        let few = vec![(100, 110); 10];
        assert_eq!(LengthModel::estimate(&few), None);
        let many: Vec<_> = (0..100).map(|k| (100, 105 + (k % 11))).collect();
        let m = LengthModel::estimate(&many).unwrap();
        assert!((m.ratio - 1.10).abs() < 0.01, "{m:?}");
    }
}
