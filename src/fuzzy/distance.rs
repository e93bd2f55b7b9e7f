//! Edit distances over token sequences: a bit-parallel Levenshtein (Hyyrö 2003) for
//! patterns up to 64 tokens, a two-row DP beyond, and a full DP with backtrace for
//! alignments (diffs, number and case penalties).

use std::collections::HashMap;

/// One step of an alignment between sequences `a` and `b`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Op {
    /// `a[i]` and `b[j]` are equal.
    Same(usize, usize),
    /// `a[i]` was replaced by `b[j]`.
    Change(usize, usize),
    /// `a[i]` has no counterpart in `b`.
    OnlyA(usize),
    /// `b[j]` has no counterpart in `a`.
    OnlyB(usize),
}

/// A pattern (the query's token keys) prepared for many distance computations.
#[derive(Debug, Clone)]
pub struct Pattern {
    len: usize,
    /// Local id of each pattern position (equal keys share an id).
    ids: Vec<u32>,
    /// Key → (local id, bit mask of the positions holding it).
    table: HashMap<String, (u32, u64)>,
    /// Bit mask of each local id.
    masks: Vec<u64>,
}

/// Local id of a key that is not in the pattern.
const ABSENT: u32 = u32::MAX;

impl Pattern {
    /// Prepares `keys` (in order) as a pattern.
    pub fn new<'a>(keys: impl IntoIterator<Item = &'a str>) -> Pattern {
        let mut table: HashMap<String, (u32, u64)> = HashMap::new();
        let mut ids = Vec::new();
        for (i, k) in keys.into_iter().enumerate() {
            let next = table.len() as u32;
            let e = table.entry(k.to_string()).or_insert((next, 0));
            if i < 64 {
                e.1 |= 1u64 << i;
            }
            ids.push(e.0);
        }
        let mut masks = vec![0u64; table.len()];
        for e in table.values() {
            masks[e.0 as usize] = e.1;
        }
        Pattern {
            len: ids.len(),
            ids,
            table,
            masks,
        }
    }

    /// Number of tokens in the pattern.
    pub fn len(&self) -> usize {
        self.len
    }

    /// Whether the pattern is empty.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The distinct keys of the pattern with how often each occurs.
    pub fn key_counts(&self) -> Vec<(&str, usize)> {
        let mut counts = vec![0usize; self.table.len()];
        for &id in &self.ids {
            counts[id as usize] += 1;
        }
        self.table
            .iter()
            .map(|(k, (id, _))| (k.as_str(), counts[*id as usize]))
            .collect()
    }

    /// The local id of a key of the pattern (ids are dense from 0), if it occurs in it.
    pub fn local_id(&self, key: &str) -> Option<u32> {
        self.table.get(key).map(|e| e.0)
    }

    /// The pattern's local ids, in order (one per key).
    pub fn ids(&self) -> &[u32] {
        &self.ids
    }

    /// Writes into `out` (cleared first) the local id of each key of `text`, `u32::MAX` for
    /// the keys not in the pattern: two keys, one of the pattern and one of the text, are
    /// equal exactly when their ids are.
    pub fn local_ids_into<'a>(&self, text: impl IntoIterator<Item = &'a str>, out: &mut Vec<u32>) {
        out.clear();
        out.extend(text.into_iter().map(|k| self.local_id(k).unwrap_or(ABSENT)));
    }

    /// Levenshtein distance between the pattern and a text given as local ids
    /// ([`Pattern::local_id`]; `u32::MAX` for tokens not in the pattern).
    pub fn distance_local(&self, text: &[u32]) -> usize {
        if self.len <= 64 {
            self.bits(
                text.iter()
                    .map(|&id| self.masks.get(id as usize).copied().unwrap_or(0)),
            )
        } else {
            levenshtein(&self.ids, text)
        }
    }

    /// Levenshtein distance between the pattern and `text` (token keys).
    pub fn distance<'a>(&self, text: impl IntoIterator<Item = &'a str>) -> usize {
        if self.len <= 64 {
            self.distance_bits(text)
        } else {
            let t: Vec<u32> = text
                .into_iter()
                .map(|k| self.table.get(k).map_or(ABSENT, |e| e.0))
                .collect();
            levenshtein(&self.ids, &t)
        }
    }

    fn distance_bits<'a>(&self, text: impl IntoIterator<Item = &'a str>) -> usize {
        self.bits(
            text.into_iter()
                .map(|k| self.table.get(k).map_or(0, |e| e.1)),
        )
    }

    /// Hyyrö's bit-parallel Levenshtein over the text's match masks (pattern ≤ 64 tokens).
    fn bits(&self, masks: impl Iterator<Item = u64>) -> usize {
        let m = self.len;
        if m == 0 {
            return masks.count();
        }
        let last = 1u64 << (m - 1);
        let mut vp = !0u64;
        let mut vn = 0u64;
        let mut dist = m;
        for x in masks {
            let d0 = (((x & vp).wrapping_add(vp)) ^ vp) | x | vn;
            let hp = vn | !(d0 | vp);
            let hn = d0 & vp;
            if hp & last != 0 {
                dist += 1;
            }
            if hn & last != 0 {
                dist -= 1;
            }
            let hp = (hp << 1) | 1;
            let hn = hn << 1;
            vp = hn | !(d0 | hp);
            vn = hp & d0;
        }
        dist
    }
}

/// Plain Levenshtein distance between two sequences (two-row DP).
pub fn levenshtein<T: PartialEq>(a: &[T], b: &[T]) -> usize {
    if a.is_empty() {
        return b.len();
    }
    let mut row: Vec<usize> = (0..=a.len()).collect();
    for (j, y) in b.iter().enumerate() {
        let mut diag = row[0];
        row[0] = j + 1;
        for (i, x) in a.iter().enumerate() {
            let up = row[i + 1];
            let v = if x == y {
                diag
            } else {
                1 + diag.min(up).min(row[i])
            };
            diag = up;
            row[i + 1] = v;
        }
    }
    row[a.len()]
}

/// A minimal-cost alignment of `a` and `b` (unit costs) and its distance. Among the
/// alignments of least cost it takes one with the fewest changes, i.e. the most items kept
/// aligned as equal.
pub fn align<T: PartialEq>(a: &[T], b: &[T]) -> (usize, Vec<Op>) {
    // A common suffix is aligned as equal by the backtrace of the full table (when the last
    // items are equal, the diagonal holds the same cost), and the table of the rest is that
    // of the full one: it is left out of the table and appended as kept.
    let suffix = a
        .iter()
        .rev()
        .zip(b.iter().rev())
        .take_while(|(x, y)| x == y)
        .count();
    let (m, n) = (a.len() - suffix, b.len() - suffix);
    let (distance, mut ops) = align_table(&a[..m], &b[..n], suffix);
    ops.extend((0..suffix).map(|k| Op::Same(m + k, n + k)));
    (distance, ops)
}

/// [`align`] by the full table, with room for `extra` more ops.
fn align_table<T: PartialEq>(a: &[T], b: &[T], extra: usize) -> (usize, Vec<Op>) {
    const EDIT: u64 = 1 << 32;
    let (m, n) = (a.len(), b.len());
    let w = n + 1;
    let mut d = vec![0u64; (m + 1) * w];
    for i in 0..=m {
        d[i * w] = i as u64 * EDIT;
    }
    for (j, v) in d.iter_mut().enumerate().take(n + 1) {
        *v = j as u64 * EDIT;
    }
    for i in 1..=m {
        for j in 1..=n {
            let diag = d[(i - 1) * w + j - 1];
            let sub = if a[i - 1] == b[j - 1] {
                diag
            } else {
                diag + EDIT + 1
            };
            let del = d[(i - 1) * w + j] + EDIT;
            let ins = d[i * w + j - 1] + EDIT;
            d[i * w + j] = sub.min(del).min(ins);
        }
    }
    let mut ops = Vec::with_capacity(m.max(n) + extra);
    let (mut i, mut j) = (m, n);
    while i > 0 || j > 0 {
        let here = d[i * w + j];
        if i > 0 && j > 0 {
            let diag = d[(i - 1) * w + j - 1];
            if a[i - 1] == b[j - 1] && diag == here {
                ops.push(Op::Same(i - 1, j - 1));
                i -= 1;
                j -= 1;
                continue;
            }
            if a[i - 1] != b[j - 1] && diag + EDIT + 1 == here {
                ops.push(Op::Change(i - 1, j - 1));
                i -= 1;
                j -= 1;
                continue;
            }
        }
        if i > 0 && d[(i - 1) * w + j] + EDIT == here {
            ops.push(Op::OnlyA(i - 1));
            i -= 1;
        } else {
            ops.push(Op::OnlyB(j - 1));
            j -= 1;
        }
    }
    ops.reverse();
    ((d[m * w + n] / EDIT) as usize, ops)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn words(s: &str) -> Vec<&str> {
        s.split_whitespace().collect()
    }

    #[test]
    fn bit_parallel_matches_known_distances() {
        let p = Pattern::new(words("police detained several activists"));
        assert_eq!(p.distance(words("police detained several activists")), 0);
        assert_eq!(p.distance(words("police detained two activists")), 1);
        assert_eq!(p.distance(words("police detained activists")), 1);
        assert_eq!(p.distance(words("")), 4);
        assert_eq!(p.distance(words("a b c d e f")), 6);
    }

    #[test]
    fn alignment_marks_changes_insertions_and_deletions() {
        let a = words("police detained several activists outside");
        let b = words("police arrested several young activists");
        let (d, ops) = align(&a, &b);
        assert_eq!(d, 3);
        assert_eq!(ops[0], Op::Same(0, 0));
        assert_eq!(ops[1], Op::Change(1, 1));
        assert!(ops.contains(&Op::OnlyB(3)));
        assert!(ops.contains(&Op::OnlyA(4)));
    }

    proptest! {
        #[test]
        fn all_three_distances_agree(
            a in prop::collection::vec(0u8..6, 0..90),
            b in prop::collection::vec(0u8..6, 0..90),
        ) {
            let ka: Vec<String> = a.iter().map(|x| x.to_string()).collect();
            let kb: Vec<String> = b.iter().map(|x| x.to_string()).collect();
            let p = Pattern::new(ka.iter().map(String::as_str));
            let bits = p.distance(kb.iter().map(String::as_str));
            let dp = levenshtein(&a, &b);
            let (al, ops) = align(&a, &b);
            prop_assert_eq!(bits, dp);
            prop_assert_eq!(al, dp);
            prop_assert_eq!(dp, strsim::generic_levenshtein(&a, &b));
            let cost = ops.iter().filter(|o| !matches!(o, Op::Same(..))).count();
            prop_assert_eq!(cost, dp);
        }

        /// Leaving the common suffix out of the table changes no op of the alignment.
        #[test]
        fn the_alignment_is_that_of_the_full_table(
            head_a in prop::collection::vec(0u8..4, 0..30),
            head_b in prop::collection::vec(0u8..4, 0..30),
            tail in prop::collection::vec(0u8..4, 0..30),
        ) {
            let a: Vec<u8> = head_a.iter().chain(&tail).copied().collect();
            let b: Vec<u8> = head_b.iter().chain(&tail).copied().collect();
            prop_assert_eq!(align(&a, &b), align_table(&a, &b, 0));
        }
    }
}
