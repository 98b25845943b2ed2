//! Edit-distance alignment of OCR output with the truth, and what it is used for: counting
//! character confusions (the channel model) and syllable accuracy.
//!
//! Costs favour substituting a letter by the same letter with other marks ('ế' → 'e', cost 1)
//! over other substitutions (3) and insertions or deletions (2 each), so that "Việt" → "Viet"
//! aligns letter for letter instead of shifting, and "m" → "rn" becomes m→r plus an inserted n.

use std::collections::BTreeMap;

use kehoach_core::text::base_letter;

/// One step of an alignment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Op {
    /// Truth char equals OCR char.
    Match(char),
    /// Truth char read as another char.
    Sub(char, char),
    /// Truth char missing from the OCR.
    Del(char),
    /// OCR char with nothing in the truth.
    Ins(char),
}

const INDEL: u32 = 2;

fn sub_cost(a: char, b: char) -> u32 {
    if a == b {
        0
    } else if base_letter(a)
        .to_lowercase()
        .eq(base_letter(b).to_lowercase())
    {
        1
    } else {
        3
    }
}

/// Optimal alignment of two strings (chars). O(n·m) time, one byte per cell of back-pointers.
/// Ties prefer substitution, then deletion, then insertion, so results are deterministic.
pub fn align_chars(truth: &[char], ocr: &[char]) -> Vec<Op> {
    let n = truth.len();
    let m = ocr.len();
    let mut back = vec![0u8; (n + 1) * (m + 1)];
    let mut prev: Vec<u32> = (0..=m as u32).map(|j| j * INDEL).collect();
    let mut cur = vec![0u32; m + 1];
    back[1..=m].fill(2);
    for i in 1..=n {
        cur[0] = i as u32 * INDEL;
        back[i * (m + 1)] = 1;
        for j in 1..=m {
            let s = prev[j - 1] + sub_cost(truth[i - 1], ocr[j - 1]);
            let d = prev[j] + INDEL;
            let ins = cur[j - 1] + INDEL;
            let (best, dir) = if s <= d && s <= ins {
                (s, 0)
            } else if d <= ins {
                (d, 1)
            } else {
                (ins, 2)
            };
            cur[j] = best;
            back[i * (m + 1) + j] = dir;
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    let mut ops = Vec::with_capacity(n.max(m));
    let (mut i, mut j) = (n, m);
    while i > 0 || j > 0 {
        match back[i * (m + 1) + j] {
            0 => {
                let (t, o) = (truth[i - 1], ocr[j - 1]);
                ops.push(if t == o { Op::Match(t) } else { Op::Sub(t, o) });
                i -= 1;
                j -= 1;
            }
            1 => {
                ops.push(Op::Del(truth[i - 1]));
                i -= 1;
            }
            _ => {
                ops.push(Op::Ins(ocr[j - 1]));
                j -= 1;
            }
        }
    }
    ops.reverse();
    ops
}

/// Confusion counts: (truth n-gram, OCR n-gram) → count.
pub type Confusions = BTreeMap<(String, String), u64>;

/// Longest n-gram on either side of a confusion.
pub const MAX_GRAM: usize = 3;

/// Counts confusions from one aligned pair of texts and adds them to `counts`.
///
/// * every matched character c gives an identity (c, c);
/// * every maximal run of non-matching steps gives one (truth part, OCR part) entry, if both
///   parts are at most [`MAX_GRAM`] characters; longer runs (garbage, lost lines) are split
///   into their single steps, so nothing is dropped and no long pair is invented;
/// * newlines delimit lines: a run that contains a newline on either side is split the same
///   way, and newline steps themselves are not counted. Pairs are thus within one line.
///
/// Returns the number of truth characters (newlines excluded) the pair covered.
pub fn count_confusions(ops: &[Op], counts: &mut Confusions) -> u64 {
    let mut truth_chars = 0u64;
    let add = |t: String, o: String, counts: &mut Confusions| {
        *counts.entry((t, o)).or_insert(0) += 1;
    };
    let mut i = 0;
    while i < ops.len() {
        if let Op::Match(c) = ops[i] {
            if c != '\n' {
                add(c.to_string(), c.to_string(), counts);
                truth_chars += 1;
            }
            i += 1;
            continue;
        }
        let start = i;
        while i < ops.len() && !matches!(ops[i], Op::Match(_)) {
            i += 1;
        }
        let run = &ops[start..i];
        let mut t = String::new();
        let mut o = String::new();
        for op in run {
            match *op {
                Op::Sub(a, b) => {
                    t.push(a);
                    o.push(b);
                }
                Op::Del(a) => t.push(a),
                Op::Ins(b) => o.push(b),
                Op::Match(_) => unreachable!(),
            }
        }
        truth_chars += t.chars().filter(|&c| c != '\n').count() as u64;
        let has_nl = t.contains('\n') || o.contains('\n');
        if !has_nl && t.chars().count() <= MAX_GRAM && o.chars().count() <= MAX_GRAM {
            add(t, o, counts);
        } else {
            for op in run {
                let (a, b) = match *op {
                    Op::Sub(a, b) => (a.to_string(), b.to_string()),
                    Op::Del(a) => (a.to_string(), String::new()),
                    Op::Ins(b) => (String::new(), b.to_string()),
                    Op::Match(_) => unreachable!(),
                };
                if a.contains('\n') || b.contains('\n') {
                    continue;
                }
                add(a, b, counts);
            }
        }
    }
    truth_chars
}

/// Adds identity counts for multi-character truth n-grams that occur as the truth side of some
/// confusion, so a consumer can normalise P(ocr | truth) for them too: each occurrence of such
/// an n-gram in the truth whose characters were all matched counts once as (g, g).
pub fn add_ngram_identities(
    ops: &[Op],
    counts: &mut Confusions,
    wanted: &std::collections::BTreeSet<String>,
) {
    let mut run: Vec<char> = Vec::new();
    let flush = |run: &mut Vec<char>, counts: &mut Confusions| {
        for len in 2..=MAX_GRAM {
            if run.len() < len {
                break;
            }
            for w in run.windows(len) {
                let g: String = w.iter().collect();
                if wanted.contains(&g) {
                    *counts.entry((g.clone(), g)).or_insert(0) += 1;
                }
            }
        }
        run.clear();
    };
    for op in ops {
        match *op {
            Op::Match(c) if c != '\n' => run.push(c),
            _ => flush(&mut run, counts),
        }
    }
    flush(&mut run, counts);
}

/// Syllable tokens as the benchmark defines them: `\w+` runs of the NFC, lower-cased text.
pub fn syllables(text: &str) -> Vec<String> {
    kehoach_core::text::caseless_tokens(text)
}

/// Result of a token alignment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TokenScore {
    pub truth_tokens: usize,
    pub ocr_tokens: usize,
    /// Truth tokens aligned to an identical OCR token.
    pub correct: usize,
    /// Unit-cost edit distance between the token sequences.
    pub edits: usize,
}

impl TokenScore {
    pub fn accuracy(&self) -> f64 {
        if self.truth_tokens == 0 {
            return 0.0;
        }
        self.correct as f64 / self.truth_tokens as f64
    }
}

/// Aligns token sequences by unit-cost edit distance over the whole text; among optimal
/// alignments, the one with most exact matches. Linear memory, so whole documents fit.
pub fn score_tokens(truth: &[String], ocr: &[String]) -> TokenScore {
    let m = ocr.len();
    // (edits, -matches) compared lexicographically
    let mut prev: Vec<(u32, i32)> = (0..=m as u32).map(|j| (j, 0)).collect();
    let mut cur = vec![(0u32, 0i32); m + 1];
    for (i, t) in truth.iter().enumerate() {
        cur[0] = (i as u32 + 1, 0);
        for j in 1..=m {
            let same = *t == ocr[j - 1];
            let s = (
                prev[j - 1].0 + u32::from(!same),
                prev[j - 1].1 - i32::from(same),
            );
            let d = (prev[j].0 + 1, prev[j].1);
            let ins = (cur[j - 1].0 + 1, cur[j - 1].1);
            cur[j] = s.min(d).min(ins);
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    TokenScore {
        truth_tokens: truth.len(),
        ocr_tokens: m,
        correct: (-prev[m].1) as usize,
        edits: prev[m].0 as usize,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chars(s: &str) -> Vec<char> {
        s.chars().collect()
    }

    #[test]
    fn diacritic_loss_aligns_letter_for_letter() {
        let ops = align_chars(&chars("Việt"), &chars("Viet"));
        assert_eq!(
            ops,
            vec![
                Op::Match('V'),
                Op::Match('i'),
                Op::Sub('ệ', 'e'),
                Op::Match('t')
            ]
        );
    }

    #[test]
    fn counts_on_a_tiny_example() {
        // "m a" read as "rn a": one run m → rn, identities for ' ' and 'a'.
        let ops = align_chars(&chars("m a"), &chars("rn a"));
        let mut c = Confusions::new();
        assert_eq!(count_confusions(&ops, &mut c), 3);
        assert_eq!(c.get(&("m".into(), "rn".into())), Some(&1));
        assert_eq!(c.get(&(" ".into(), " ".into())), Some(&1));
        assert_eq!(c.get(&("a".into(), "a".into())), Some(&1));
        assert_eq!(c.len(), 3);
    }

    #[test]
    fn long_runs_are_split_into_single_steps() {
        // "mười" read as "rnuoi": the run "mườ" → "rnuo" has 4 OCR chars, so it is split.
        let ops = align_chars(&chars("mười"), &chars("rnuoi"));
        let mut c = Confusions::new();
        assert_eq!(count_confusions(&ops, &mut c), 4);
        let errors: u64 = c.iter().filter(|((t, o), _)| t != o).map(|(_, n)| n).sum();
        assert_eq!(errors, 4);
        assert_eq!(c.get(&("ư".into(), "u".into())), Some(&1));
        assert_eq!(c.get(&("ờ".into(), "o".into())), Some(&1));
        assert_eq!(c.get(&("i".into(), "i".into())), Some(&1));
        assert!(c
            .keys()
            .all(|(t, o)| t.chars().count() <= 1 && o.chars().count() <= 1));
    }

    #[test]
    fn short_runs_become_one_ngram_pair_and_lines_split_runs() {
        let ops = align_chars(&chars("an đi\nthì"), &chars("an di\nthi"));
        let mut c = Confusions::new();
        let n = count_confusions(&ops, &mut c);
        assert_eq!(n, 8);
        assert_eq!(c.get(&("đ".into(), "d".into())), Some(&1));
        assert_eq!(c.get(&("ì".into(), "i".into())), Some(&1));
        assert_eq!(c.get(&("a".into(), "a".into())), Some(&1));
        assert_eq!(c.get(&(" ".into(), " ".into())), Some(&1));
        assert!(!c.keys().any(|(t, o)| t.contains('\n') || o.contains('\n')));
        let ops = align_chars(&chars("ươn"), &chars("uon"));
        let mut c = Confusions::new();
        count_confusions(&ops, &mut c);
        assert_eq!(c.get(&("ươ".into(), "uo".into())), Some(&1));
    }

    #[test]
    fn ngram_identities_only_for_wanted_grams() {
        let ops = align_chars(&chars("ươn ươn"), &chars("ươn uon"));
        let mut c = Confusions::new();
        let wanted: std::collections::BTreeSet<String> = ["ươ".to_string()].into();
        add_ngram_identities(&ops, &mut c, &wanted);
        assert_eq!(c.get(&("ươ".into(), "ươ".into())), Some(&1));
        assert_eq!(c.len(), 1);
    }

    #[test]
    fn syllable_scoring() {
        let t = syllables("Đề án 06, Thủ tướng");
        assert_eq!(t, vec!["đề", "án", "06", "thủ", "tướng"]);
        let o = syllables("De an 06 Thủ tướng tướng");
        let s = score_tokens(&t, &o);
        assert_eq!(s.correct, 3);
        assert_eq!(s.edits, 3);
        assert!((s.accuracy() - 0.6).abs() < 1e-9);
    }
}
