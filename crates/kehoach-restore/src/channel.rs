//! The OCR channel: how likely an OCR engine reads truth text T as the string O.
//!
//! The model is a table of character n-gram confusions `truth → ocr` (0–3 characters each side,
//! empty = insertion/deletion) with counts, in the format the synthetic-scan pipeline writes
//! (`truth<TAB>ocr<TAB>count`, '#' comments first). Counts become costs `-ln P(O|T) + ln P(T|T)`,
//! i.e. log-odds against a correct reading, so a perfect read costs 0 and every error is paid for.
//! A weighted edit distance over these operations scores a candidate syllable against an OCR
//! token. Pairs the table never saw fall back to generic costs that still prefer errors of the
//! kind every Latin OCR makes on Vietnamese (a lost or wrong diacritic on the same base letter).

use kehoach_core::text::base_letter;
use std::collections::HashMap;

/// Costs in nats (natural-log odds against a correct read).
#[derive(Debug, Clone)]
pub struct ChannelModel {
    /// Single-character substitutions truth → ocr (lowercase).
    sub: HashMap<(char, char), f32>,
    /// Multi-character (or empty-side) operations, keyed by the last truth char, or by the last
    /// ocr char (with '\0' key marker) for pure insertions.
    multi_by_truth_last: HashMap<char, Vec<MultiOp>>,
    multi_ins_by_ocr_last: HashMap<char, Vec<MultiOp>>,
    /// Two-sided multi-character ops by (last truth char, last ocr char): the DP's hot path.
    multi_pair: HashMap<(char, char), Vec<MultiOp>>,
    /// Deletions (empty ocr side) by last truth char.
    multi_del: HashMap<char, Vec<MultiOp>>,
    /// Cost of a diacritic-only change (same base letter) the table does not list.
    pub mark_cost: f32,
    /// Cost of any other substitution the table does not list.
    pub sub_cost: f32,
    pub ins_cost: f32,
    pub del_cost: f32,
    /// Number of table rows loaded (0 = generic costs only).
    pub rows: usize,
}

#[derive(Debug, Clone)]
struct MultiOp {
    truth: Vec<char>,
    ocr: Vec<char>,
    cost: f32,
}

fn lower(s: &str) -> String {
    s.chars().flat_map(char::to_lowercase).collect()
}

impl Default for ChannelModel {
    fn default() -> Self {
        ChannelModel {
            sub: HashMap::new(),
            multi_by_truth_last: HashMap::new(),
            multi_ins_by_ocr_last: HashMap::new(),
            multi_pair: HashMap::new(),
            multi_del: HashMap::new(),
            mark_cost: 1.6,
            sub_cost: 6.0,
            ins_cost: 5.0,
            del_cost: 5.0,
            rows: 0,
        }
    }
}

impl ChannelModel {
    /// Parses a `truth<TAB>ocr<TAB>count` table. Case is folded (restoration compares lowercase
    /// forms); counts of rows that fold together are added. Identity rows (truth == ocr) give the
    /// probability of a correct read; when a truth string has none, a correct read is assumed to
    /// be `identity_prior` times as frequent as all its errors together.
    pub fn from_tsv(tsv: &str) -> ChannelModel {
        let mut counts: HashMap<(String, String), f64> = HashMap::new();
        for line in tsv.lines() {
            if line.starts_with('#') || line.trim().is_empty() {
                continue;
            }
            let mut it = line.split('\t');
            let (Some(t), Some(o), Some(c)) = (it.next(), it.next(), it.next()) else {
                continue;
            };
            let Ok(c) = c.trim().parse::<f64>() else {
                continue;
            };
            let t = kehoach_core::text::nfc(&lower(t));
            let o = kehoach_core::text::nfc(&lower(o));
            *counts.entry((t, o)).or_default() += c;
        }
        let mut m = ChannelModel::default();
        m.add_counts(&counts, 4.0);
        m.reindex();
        m
    }

    /// Rebuilds the DP indexes from the op lists.
    fn reindex(&mut self) {
        self.multi_pair.clear();
        self.multi_del.clear();
        for ops in self.multi_by_truth_last.values() {
            for op in ops {
                match op.ocr.last() {
                    Some(&o) => self
                        .multi_pair
                        .entry((*op.truth.last().unwrap(), o))
                        .or_default()
                        .push(op.clone()),
                    None => self
                        .multi_del
                        .entry(*op.truth.last().unwrap())
                        .or_default()
                        .push(op.clone()),
                }
            }
        }
    }

    /// Merges a counts table into this model (rows already present keep the cheaper cost).
    fn add_counts(&mut self, counts: &HashMap<(String, String), f64>, identity_prior: f64) {
        let mut total: HashMap<&str, f64> = HashMap::new();
        let mut ident: HashMap<&str, f64> = HashMap::new();
        for ((t, o), c) in counts {
            *total.entry(t.as_str()).or_default() += c;
            if t == o {
                *ident.entry(t.as_str()).or_default() += c;
            }
        }
        for ((t, o), c) in counts {
            if t == o {
                continue;
            }
            let tot = total[t.as_str()];
            let err_tot = tot - ident.get(t.as_str()).copied().unwrap_or(0.0);
            let id = match ident.get(t.as_str()) {
                Some(&i) if i > 0.0 => i,
                _ => err_tot * identity_prior,
            };
            // Insertions (empty truth) are compared against nothing: use a fixed base rate.
            let cost = if t.is_empty() {
                (-(c / (tot + 1000.0)).ln()) as f32
            } else {
                ((id / c).ln().max(0.05)) as f32
            };
            self.rows += 1;
            let tc: Vec<char> = t.chars().collect();
            let oc: Vec<char> = o.chars().collect();
            if tc.len() == 1 && oc.len() == 1 {
                let e = self.sub.entry((tc[0], oc[0])).or_insert(cost);
                *e = e.min(cost);
            } else if let Some(&last) = tc.last() {
                self.multi_by_truth_last.entry(last).or_default().push(MultiOp {
                    truth: tc,
                    ocr: oc,
                    cost,
                });
            } else if let Some(&last) = oc.last() {
                self.multi_ins_by_ocr_last
                    .entry(last)
                    .or_default()
                    .push(MultiOp {
                        truth: tc,
                        ocr: oc,
                        cost,
                    });
            }
        }
    }

    /// Adds another table (e.g. the hand-written look-alikes under a learned table).
    pub fn merge_tsv(&mut self, tsv: &str) {
        let other = ChannelModel::from_tsv(tsv);
        for (k, v) in other.sub {
            let e = self.sub.entry(k).or_insert(v);
            *e = e.min(v);
        }
        for (k, v) in other.multi_by_truth_last {
            self.multi_by_truth_last.entry(k).or_default().extend(v);
        }
        for (k, v) in other.multi_ins_by_ocr_last {
            self.multi_ins_by_ocr_last.entry(k).or_default().extend(v);
        }
        self.rows += other.rows;
        self.reindex();
    }

    /// Cost of reading truth char `t` as ocr char `o` (both lowercase).
    #[inline]
    pub fn sub(&self, t: char, o: char) -> f32 {
        if t == o {
            return 0.0;
        }
        if let Some(&c) = self.sub.get(&(t, o)) {
            return c;
        }
        if base_letter(t) == base_letter(o) {
            return self.mark_cost;
        }
        self.sub_cost
    }

    /// Weighted edit distance: cost of the OCR engine printing `ocr` for `truth` (both lowercase
    /// char slices).
    pub fn cost(&self, truth: &[char], ocr: &[char]) -> f32 {
        let n = truth.len();
        let m = ocr.len();
        let w = m + 1;
        let mut dp = vec![f32::INFINITY; (n + 1) * w];
        dp[0] = 0.0;
        for i in 0..=n {
            for j in 0..=m {
                if i == 0 && j == 0 {
                    continue;
                }
                let mut best = f32::INFINITY;
                if i > 0 && j > 0 {
                    best = best.min(dp[(i - 1) * w + j - 1] + self.sub(truth[i - 1], ocr[j - 1]));
                }
                if i > 0 {
                    best = best.min(dp[(i - 1) * w + j] + self.del_cost);
                }
                if j > 0 {
                    best = best.min(dp[i * w + j - 1] + self.ins_cost);
                }
                if i > 0 && j > 0 {
                    if let Some(ops) = self.multi_pair.get(&(truth[i - 1], ocr[j - 1])) {
                        for op in ops {
                            let (a, b) = (op.truth.len(), op.ocr.len());
                            if a <= i
                                && b <= j
                                && truth[i - a..i] == op.truth[..]
                                && ocr[j - b..j] == op.ocr[..]
                            {
                                best = best.min(dp[(i - a) * w + j - b] + op.cost);
                            }
                        }
                    }
                }
                if i > 0 {
                    if let Some(ops) = self.multi_del.get(&truth[i - 1]) {
                        for op in ops {
                            let a = op.truth.len();
                            if a <= i && truth[i - a..i] == op.truth[..] {
                                best = best.min(dp[(i - a) * w + j] + op.cost);
                            }
                        }
                    }
                }
                if j > 0 {
                    if let Some(ops) = self.multi_ins_by_ocr_last.get(&ocr[j - 1]) {
                        for op in ops {
                            let b = op.ocr.len();
                            if b <= j && ocr[j - b..j] == op.ocr[..] {
                                best = best.min(dp[i * w + j - b] + op.cost);
                            }
                        }
                    }
                }
                dp[i * w + j] = best;
            }
        }
        dp[n * w + m]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chars(s: &str) -> Vec<char> {
        s.chars().collect()
    }

    #[test]
    fn table_rows_make_lookalikes_cheap() {
        let m = ChannelModel::from_tsv("# test\nô\t6\t30\nô\tô\t100\nứ\tir\t10\nứ\tứ\t100\n");
        assert!(m.cost(&chars("mô"), &chars("m6")) < 1.5);
        let chuc = m.cost(&chars("chức"), &chars("chirc"));
        assert!(chuc < 5.0, "{chuc}");
        // An unrelated reading stays expensive.
        assert!(m.cost(&chars("mô"), &chars("xy")) > 8.0);
        assert_eq!(m.cost(&chars("mô"), &chars("mô")), 0.0);
    }

    #[test]
    fn mark_errors_cheaper_than_letter_errors() {
        let m = ChannelModel::default();
        assert!(m.cost(&chars("hiện"), &chars("hién")) < m.cost(&chars("hiện"), &chars("hiàn")));
    }

    #[test]
    fn case_is_folded_and_counts_merge() {
        let m = ChannelModel::from_tsv("Đ\tP\t5\nđ\tp\t5\nđ\tđ\t100\n");
        assert_eq!(m.rows, 1);
        assert!((m.sub('đ', 'p') - (10.0f32).ln()).abs() < 1e-3);
    }
}
