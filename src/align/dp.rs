//! Dynamic programming over beads on the whole document pair, inside a band around the
//! expected path so that time and memory grow linearly with the documents.
//!
//! Cell `(i, j)` is "the first `i` source and `j` target sentences are aligned"; a bead of
//! shape `a:b` leads from `(i - a, j - b)` to `(i, j)`. Row `i` keeps only the columns
//! within `width` of the column where the target's share of characters equals the
//! source's share up to sentence `i` (the diagonal of a pair of texts of different
//! lengths). One pass computes both the cheapest path (Viterbi) and, for the confidences,
//! the forward log-sums; a second pass computes the backward log-sums. Where the cheapest
//! path touches the edge of the band, the band is doubled around those rows only and the
//! pass repeated, so a large drop or insertion is followed wherever it goes while the rest
//! of a long document keeps its narrow band.

use super::bead::{Shape, SHAPES};

/// The columns row `i` keeps.
#[derive(Debug, Clone)]
pub(super) struct Band {
    lo: Vec<usize>,
    hi: Vec<usize>,
    start: Vec<usize>,
    cells: usize,
    m: usize,
}

impl Band {
    /// A band around `centers` (one per row, non-decreasing, the first 0 and the last `m`),
    /// of half-width `widths[i]` in row `i`.
    pub(super) fn new(centers: &[usize], m: usize, widths: &[usize]) -> Band {
        let rows = centers.len();
        let (mut lo, mut hi, mut start) = (
            Vec::with_capacity(rows),
            Vec::with_capacity(rows),
            Vec::with_capacity(rows),
        );
        let mut cells = 0;
        for (&c, &width) in centers.iter().zip(widths) {
            let l = c.saturating_sub(width);
            let h = (c + width).min(m);
            lo.push(l);
            hi.push(h);
            start.push(cells);
            cells += h - l + 1;
        }
        Band {
            lo,
            hi,
            start,
            cells,
            m,
        }
    }

    fn at(&self, i: usize, j: usize) -> Option<usize> {
        if j < self.lo[i] || j > self.hi[i] {
            None
        } else {
            Some(self.start[i] + j - self.lo[i])
        }
    }

    /// Whether `(i, j)` lies on an edge of the band that is not an edge of the matrix.
    fn on_edge(&self, i: usize, j: usize) -> bool {
        (j == self.lo[i] && j > 0) || (j == self.hi[i] && j < self.m)
    }

    /// How many cells the band holds.
    pub(super) fn cells(&self) -> usize {
        self.cells
    }
}

/// The cheapest path and the forward/backward log-sums of one pass over a band.
pub(super) struct Pass {
    /// The beads of the cheapest path, as (source start, target start, shape), in order.
    pub(super) path: Vec<(usize, usize, Shape)>,
    /// The rows where the path touched the band's edge (a wider band there might find a
    /// cheaper path).
    pub(super) edge_rows: Vec<usize>,
    /// Forward log-sums of −cost (natural log), per cell.
    alpha: Vec<f32>,
    /// Backward log-sums, per cell.
    beta: Vec<f32>,
    band: Band,
}

fn log_add(a: f64, b: f64) -> f64 {
    if a == f64::NEG_INFINITY {
        return b;
    }
    if b == f64::NEG_INFINITY {
        return a;
    }
    let (hi, lo) = if a > b { (a, b) } else { (b, a) };
    hi + (lo - hi).exp().ln_1p()
}

/// Rows between two progress reports.
const REPORT_EVERY: usize = 512;

/// Runs Viterbi and the forward pass, then the backward pass, over `band` for documents of
/// `n` and `m` sentences. `cost(i0, i1, j0, j1)` is the cost of the bead holding source
/// sentences `i0..i1` and target sentences `j0..j1`; `progress(done, total)` hears of the
/// rows done, forwards then backwards (`total` is twice the rows).
pub(super) fn run(
    n: usize,
    m: usize,
    band: Band,
    cost: &mut dyn FnMut(usize, usize, usize, usize) -> f64,
    progress: &mut dyn FnMut(u64, u64),
) -> Pass {
    let total = 2 * (n as u64 + 1);
    let cells = band.cells();
    let mut best = vec![f32::INFINITY; cells];
    let mut back = vec![u8::MAX; cells];
    let mut alpha = vec![f32::NEG_INFINITY; cells];
    // Each bead's cost, computed once in the forward pass and read again backwards: the
    // cost of the bead of shape k ending in cell c is at c * SHAPES.len() + k.
    let mut costs = vec![f32::INFINITY; cells * SHAPES.len()];
    if let Some(o) = band.at(0, 0) {
        best[o] = 0.0;
        alpha[o] = 0.0;
    }
    for i in 0..=n {
        if i % REPORT_EVERY == 0 {
            progress(i as u64, total);
        }
        for j in band.lo[i]..=band.hi[i] {
            if i == 0 && j == 0 {
                continue;
            }
            let Some(here) = band.at(i, j) else { continue };
            let (mut b, mut bk, mut a) = (f64::INFINITY, u8::MAX, f64::NEG_INFINITY);
            for (k, s) in SHAPES.iter().enumerate() {
                if s.0 > i || s.1 > j {
                    continue;
                }
                let Some(from) = band.at(i - s.0, j - s.1) else {
                    continue;
                };
                let prev = f64::from(best[from]);
                if !prev.is_finite() {
                    continue;
                }
                let c = cost(i - s.0, i, j - s.1, j);
                costs[here * SHAPES.len() + k] = c as f32;
                if prev + c < b {
                    b = prev + c;
                    bk = k as u8;
                }
                a = log_add(a, f64::from(alpha[from]) - c);
            }
            best[here] = b as f32;
            back[here] = bk;
            alpha[here] = a as f32;
        }
    }
    let mut path = Vec::new();
    let mut edge_rows = Vec::new();
    let (mut i, mut j) = (n, m);
    while i > 0 || j > 0 {
        let Some(here) = band.at(i, j) else { break };
        if band.on_edge(i, j) {
            edge_rows.push(i);
        }
        let Some(s) = SHAPES.get(back[here] as usize) else {
            break;
        };
        i -= s.0;
        j -= s.1;
        path.push((i, j, *s));
    }
    path.reverse();
    drop(best);
    drop(back);
    // (Beads whose start was unreachable have no cost recorded: they add nothing.)
    let mut beta = vec![f32::NEG_INFINITY; cells];
    if let Some(o) = band.at(n, m) {
        beta[o] = 0.0;
    }
    for i in (0..=n).rev() {
        if i % REPORT_EVERY == 0 {
            progress((2 * n - i + 1) as u64, total);
        }
        for j in (band.lo[i]..=band.hi[i]).rev() {
            if i == n && j == m {
                continue;
            }
            let Some(here) = band.at(i, j) else { continue };
            if alpha[here] == f32::NEG_INFINITY {
                continue;
            }
            let mut bsum = f64::NEG_INFINITY;
            for (k, s) in SHAPES.iter().enumerate() {
                if i + s.0 > n || j + s.1 > m {
                    continue;
                }
                let Some(to) = band.at(i + s.0, j + s.1) else {
                    continue;
                };
                let next = f64::from(beta[to]);
                let c = f64::from(costs[to * SHAPES.len() + k]);
                if next == f64::NEG_INFINITY || !c.is_finite() {
                    continue;
                }
                bsum = log_add(bsum, next - c);
            }
            beta[here] = bsum as f32;
        }
    }
    progress(total, total);
    Pass {
        path,
        edge_rows,
        alpha,
        beta,
        band,
    }
}

impl Pass {
    /// The log-sum over every path (the log of the partition function).
    fn total(&self) -> f64 {
        let n = self.band.lo.len() - 1;
        self.band
            .at(n, self.band.m)
            .map_or(f64::NEG_INFINITY, |o| f64::from(self.alpha[o]))
    }

    /// The posterior probability of the bead from `(i, j)` of `shape` with cost `c`.
    pub(super) fn posterior(&self, i: usize, j: usize, shape: Shape, c: f64) -> f64 {
        let (Some(from), Some(to)) = (self.band.at(i, j), self.band.at(i + shape.0, j + shape.1))
        else {
            return 0.0;
        };
        let log_p = f64::from(self.alpha[from]) - c + f64::from(self.beta[to]) - self.total();
        log_p.exp().clamp(0.0, 1.0)
    }
}

/// The band centres of documents whose sentences have the given lengths: for each source
/// prefix, the target prefix with the same share of characters.
pub(super) fn centers(source_lengths: &[usize], target_lengths: &[usize]) -> Vec<usize> {
    let total_s: usize = source_lengths.iter().sum();
    let m = target_lengths.len();
    let mut cum_t = Vec::with_capacity(m + 1);
    let mut acc = 0usize;
    cum_t.push(0);
    for l in target_lengths {
        acc += l;
        cum_t.push(acc);
    }
    let total_t = acc;
    let n = source_lengths.len();
    let mut out = Vec::with_capacity(n + 1);
    let mut cum_s = 0usize;
    let mut j = 0usize;
    out.push(0);
    for (i, l) in source_lengths.iter().enumerate() {
        cum_s += l;
        let c = if i + 1 == n {
            m
        } else if total_s == 0 || total_t == 0 {
            (i + 1) * m / n.max(1)
        } else {
            let want = cum_s as f64 / total_s as f64 * total_t as f64;
            while j < m && (cum_t[j + 1] as f64) <= want {
                j += 1;
            }
            // The nearer of j and j + 1.
            if j < m && want - cum_t[j] as f64 > cum_t[j + 1] as f64 - want {
                j + 1
            } else {
                j
            }
        };
        let prev = *out.last().unwrap_or(&0);
        out.push(c.max(prev).min(m));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn centres_follow_the_character_shares() {
        assert_eq!(centers(&[10, 10, 10], &[10, 10, 10]), vec![0, 1, 2, 3]);
        assert_eq!(centers(&[10, 10], &[5, 5, 10]), vec![0, 2, 3]);
        assert_eq!(centers(&[], &[5]), vec![0]);
    }

    #[test]
    fn the_cheapest_path_of_equal_sentences_is_one_to_one() {
        let lens = [3usize, 8, 5, 9];
        let c = centers(&lens, &lens);
        let band = Band::new(&c, 4, &[2; 5]);
        let mut cost = |i0: usize, i1: usize, j0: usize, j1: usize| {
            if i1 - i0 == 1 && j1 - j0 == 1 && lens[i0] == lens[j0] {
                0.0
            } else {
                5.0
            }
        };
        let pass = run(4, 4, band, &mut cost, &mut |_, _| {});
        let shapes: Vec<_> = pass.path.iter().map(|p| p.2).collect();
        assert_eq!(shapes, vec![Shape(1, 1); 4]);
        let p = pass.posterior(0, 0, Shape(1, 1), 0.0);
        assert!(p > 0.9, "{p}");
    }
}
