//! Confidence: the probability that a bead is exactly right, as the posterior of the bead
//! among every alignment the band allows (forward and backward sums of e^−cost), so a bead
//! with a close rival (a 2:1 that might as well be a 1:1 and a 1:0) scores low even when
//! it is the cheapest.

use super::bead::{Alignment, Bead};
use super::dp::Pass;

/// Beads below this confidence are shown as doubtful.
pub const DOUBTFUL_BELOW: f64 = 0.6;

/// The beads of the cheapest path of `pass`, each with its posterior probability;
/// `cost(i0, i1, j0, j1)` is the bead cost the pass used.
pub(super) fn beads_of(
    pass: &Pass,
    cost: &mut dyn FnMut(usize, usize, usize, usize) -> f64,
) -> Alignment {
    let beads = pass
        .path
        .iter()
        .map(|&(i, j, shape)| {
            let c = cost(i, i + shape.0, j, j + shape.1);
            Bead {
                source: i..i + shape.0,
                target: j..j + shape.1,
                confidence: round(pass.posterior(i, j, shape, c)),
            }
        })
        .collect();
    Alignment { beads }
}

/// Two decimals are all a reader (or a threshold) needs, and they print stably.
fn round(p: f64) -> f64 {
    (p * 100.0).round() / 100.0
}
