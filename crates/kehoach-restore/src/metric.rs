//! The restoration metric of the issue, implemented exactly.
//!
//! Tokens are `\w+` runs after NFC with canonical tone placement, lowercased
//! ([`kehoach_core::text::metric_tokens`]). Gold and output token sequences are aligned over the
//! whole document by edit distance; accuracy = 1 − distance / gold tokens. To say which gold
//! tokens a text gets right, the alignment itself is needed, not only its cost: it is computed
//! with Hirschberg's linear-space method so a whole plan (tens of thousands of tokens) aligns in
//! a few megabytes.

use kehoach_core::text::metric_tokens;
use std::collections::HashMap;

/// Scores of one restoration.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct RestoreScore {
    /// 1 − edit distance(gold, output) / gold tokens.
    pub accuracy: f64,
    /// Share of damaged input tokens (gold tokens the input gets wrong) that the output gets right.
    pub repaired: f64,
    /// Share of correct input tokens that the output gets wrong.
    pub broken: f64,
    /// Accuracy of the input itself (what restoration started from).
    pub input_accuracy: f64,
    pub gold_tokens: usize,
    pub distance: usize,
    pub damaged: usize,
    pub repaired_count: usize,
    pub correct_input: usize,
    pub broken_count: usize,
}

fn ids(tokens: &[String], map: &mut HashMap<String, u32>) -> Vec<u32> {
    tokens
        .iter()
        .map(|t| {
            let n = map.len() as u32;
            *map.entry(t.clone()).or_insert(n)
        })
        .collect()
}

/// Levenshtein distance over ids, one row of memory.
pub fn distance(a: &[u32], b: &[u32]) -> usize {
    last_row(a, b)[b.len()]
}

fn last_row(a: &[u32], b: &[u32]) -> Vec<usize> {
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for &x in a {
        cur[0] = prev[0] + 1;
        for j in 1..=b.len() {
            let sub = prev[j - 1] + usize::from(x != b[j - 1]);
            cur[j] = sub.min(prev[j] + 1).min(cur[j - 1] + 1);
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev
}

/// Marks in `ok` (indexed like `a`) the tokens of `a` that an optimal alignment matches to an
/// equal token of `b`.
pub fn matched(a: &[u32], b: &[u32]) -> Vec<bool> {
    pairs(a, b).into_iter().map(|x| x.is_some()).collect()
}

/// For each token of `a`, the index of the equal token of `b` an optimal edit-distance
/// alignment matches it to (None: substituted, inserted or deleted).
pub fn pairs(a: &[u32], b: &[u32]) -> Vec<Option<usize>> {
    let mut out = vec![None; a.len()];
    hirschberg(a, b, (0, 0), &mut out);
    out
}

fn hirschberg(a: &[u32], b: &[u32], off: (usize, usize), out: &mut [Option<usize>]) {
    if a.is_empty() || b.is_empty() {
        return;
    }
    if a.len() * b.len() <= 40_000 || a.len() == 1 {
        full(a, b, off, out);
        return;
    }
    let mid = a.len() / 2;
    let f = last_row(&a[..mid], b);
    let ra: Vec<u32> = a[mid..].iter().rev().copied().collect();
    let rb: Vec<u32> = b.iter().rev().copied().collect();
    let r = last_row(&ra, &rb);
    let m = b.len();
    let k = (0..=m).min_by_key(|&k| f[k] + r[m - k]).unwrap_or(0);
    hirschberg(&a[..mid], &b[..k], off, out);
    hirschberg(&a[mid..], &b[k..], (off.0 + mid, off.1 + k), out);
}

fn full(a: &[u32], b: &[u32], off: (usize, usize), out: &mut [Option<usize>]) {
    let (n, m) = (a.len(), b.len());
    let w = m + 1;
    let mut d = vec![0usize; (n + 1) * w];
    for (j, x) in d.iter_mut().take(m + 1).enumerate() {
        *x = j;
    }
    for i in 1..=n {
        d[i * w] = i;
        for j in 1..=m {
            let sub = d[(i - 1) * w + j - 1] + usize::from(a[i - 1] != b[j - 1]);
            d[i * w + j] = sub.min(d[(i - 1) * w + j] + 1).min(d[i * w + j - 1] + 1);
        }
    }
    let (mut i, mut j) = (n, m);
    while i > 0 && j > 0 {
        let here = d[i * w + j];
        let diag = d[(i - 1) * w + j - 1];
        if a[i - 1] == b[j - 1] && here == diag {
            out[off.0 + i - 1] = Some(off.1 + j - 1);
            i -= 1;
            j -= 1;
        } else if here == diag + 1 {
            i -= 1;
            j -= 1;
        } else if here == d[(i - 1) * w + j] + 1 {
            i -= 1;
        } else {
            j -= 1;
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

/// Scores `output` (restored from `input`) against `gold`.
pub fn score(gold: &str, input: &str, output: &str) -> RestoreScore {
    let mut map = HashMap::new();
    let g = ids(&metric_tokens(gold), &mut map);
    let i = ids(&metric_tokens(input), &mut map);
    let o = ids(&metric_tokens(output), &mut map);
    let dist = distance(&g, &o);
    let in_dist = distance(&g, &i);
    let in_ok = matched(&g, &i);
    let out_ok = matched(&g, &o);
    let damaged = in_ok.iter().filter(|&&x| !x).count();
    let correct_input = g.len() - damaged;
    let repaired_count = (0..g.len()).filter(|&k| !in_ok[k] && out_ok[k]).count();
    let broken_count = (0..g.len()).filter(|&k| in_ok[k] && !out_ok[k]).count();
    RestoreScore {
        accuracy: 1.0 - ratio(dist, g.len()),
        repaired: ratio(repaired_count, damaged),
        broken: ratio(broken_count, correct_input),
        input_accuracy: 1.0 - ratio(in_dist, g.len()),
        gold_tokens: g.len(),
        distance: dist,
        damaged,
        repaired_count,
        correct_input,
        broken_count,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn perfect_and_tone_placement_insensitive() {
        let s = score(
            "Hoá học, thuỷ lợi",
            "Hoa hoc, thuy loi",
            "Hóa học, thủy lợi",
        );
        assert_eq!(s.accuracy, 1.0);
        assert_eq!(s.repaired, 1.0);
        assert_eq!(s.broken, 0.0);
        assert_eq!(s.damaged, 4);
    }

    #[test]
    fn counts_repaired_and_broken() {
        // input: 2 of 4 right; output fixes one damaged, breaks one right.
        let s = score("a b c d", "a x c y", "z b c y");
        assert_eq!(s.gold_tokens, 4);
        assert_eq!(s.damaged, 2);
        assert_eq!(s.repaired_count, 1);
        assert_eq!(s.broken_count, 1);
        assert!((s.accuracy - 0.5).abs() < 1e-9);
    }

    #[test]
    fn hirschberg_matches_full_alignment() {
        let a: Vec<u32> = (0..600).map(|x| (x * 7 % 13) as u32).collect();
        let mut b = a.clone();
        b.remove(100);
        b.insert(300, 99);
        b[450] = 98;
        let ok = matched(&a, &b);
        let mut full_ok = vec![None; a.len()];
        full(&a, &b, (0, 0), &mut full_ok);
        assert_eq!(
            ok.iter().filter(|&&x| x).count(),
            full_ok.iter().filter(|x| x.is_some()).count()
        );
        // Every pair joins equal tokens, in increasing order on both sides.
        let p = pairs(&a, &b);
        let joined: Vec<(usize, usize)> = p
            .iter()
            .enumerate()
            .filter_map(|(i, j)| j.map(|j| (i, j)))
            .collect();
        assert!(joined.iter().all(|&(i, j)| a[i] == b[j]));
        assert!(joined
            .windows(2)
            .all(|w| w[0].0 < w[1].0 && w[0].1 < w[1].1));
        assert_eq!(distance(&a, &b), 3);
        assert_eq!(ok.iter().filter(|&&x| !x).count(), 2);
    }
}
