//! Unit-cost edit distance on chars: the plain DP, and a bit-parallel form for one query string
//! compared with many others.
//!
//! Candidate generation compares every OCR token's readings with hundreds of dictionary
//! skeletons; with the query fixed, Myers' bit-vector algorithm computes each distance in one
//! pass of a few word operations per character of the other string instead of a full DP table.

/// Plain Levenshtein distance on chars. Short inputs (all syllables) use stack rows.
pub fn levenshtein(a: &[char], b: &[char]) -> usize {
    if b.len() >= 32 {
        let mut prev: Vec<usize> = (0..=b.len()).collect();
        let mut cur = vec![0; b.len() + 1];
        for i in 1..=a.len() {
            cur[0] = i;
            for j in 1..=b.len() {
                let sub = prev[j - 1] + usize::from(a[i - 1] != b[j - 1]);
                cur[j] = sub.min(prev[j] + 1).min(cur[j - 1] + 1);
            }
            std::mem::swap(&mut prev, &mut cur);
        }
        return prev[b.len()];
    }
    let mut prev = [0u8; 33];
    let mut cur = [0u8; 33];
    for (j, p) in prev.iter_mut().enumerate().take(b.len() + 1) {
        *p = j as u8;
    }
    for i in 1..=a.len() {
        cur[0] = i.min(255) as u8;
        for j in 1..=b.len() {
            let sub = prev[j - 1].saturating_add(u8::from(a[i - 1] != b[j - 1]));
            cur[j] = sub
                .min(prev[j].saturating_add(1))
                .min(cur[j - 1].saturating_add(1));
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()] as usize
}

/// The set of chars of a string as bits: bit k for the letter `'a' + k`, bit 26 for any
/// other char. See [`Pattern::set_bound`].
pub fn char_set(s: &[char]) -> u32 {
    s.iter().fold(0, |m, &c| {
        m | if c.is_ascii_lowercase() {
            1 << (c as u32 - 'a' as u32)
        } else {
            1 << 26
        }
    })
}

/// A query string prepared for Myers' bit-parallel edit distance (Hyyrö's formulation).
/// Queries longer than 64 chars fall back to [`levenshtein`].
#[derive(Debug, Clone)]
pub struct Pattern {
    chars: Vec<char>,
    /// Bit k set where `chars[k]` is the ASCII char of the index.
    ascii: [u64; 128],
    /// The same masks for non-ASCII chars of the query (few: a linear scan is fastest).
    other: Vec<(char, u64)>,
    /// [`char_set`] of the query.
    set: u32,
}

impl Default for Pattern {
    fn default() -> Self {
        Pattern {
            chars: Vec::new(),
            ascii: [0; 128],
            other: Vec::new(),
            set: 0,
        }
    }
}

impl Pattern {
    pub fn new(query: &[char]) -> Pattern {
        let mut p = Pattern::default();
        p.set(query);
        p
    }

    /// Re-targets this pattern at another query, keeping its allocations.
    pub fn set(&mut self, query: &[char]) {
        for &c in &self.chars {
            if c.is_ascii() {
                self.ascii[c as usize] = 0;
            }
        }
        self.other.clear();
        self.chars.clear();
        self.chars.extend_from_slice(query);
        self.set = char_set(query);
        for (k, &c) in query.iter().enumerate().take(64) {
            let bit = 1u64 << k;
            if c.is_ascii() {
                self.ascii[c as usize] |= bit;
            } else if let Some(e) = self.other.iter_mut().find(|e| e.0 == c) {
                e.1 |= bit;
            } else {
                self.other.push((c, bit));
            }
        }
    }

    #[inline]
    fn mask(&self, c: char) -> u64 {
        if c.is_ascii() {
            self.ascii[c as usize]
        } else {
            self.other.iter().find(|e| e.0 == c).map_or(0, |e| e.1)
        }
    }

    /// Length of the query in chars.
    pub fn len(&self) -> usize {
        self.chars.len()
    }

    /// Whether the query is empty.
    pub fn is_empty(&self) -> bool {
        self.chars.is_empty()
    }

    /// A lower bound of [`Pattern::distance`] to a text whose [`char_set`] is `text_set`, at
    /// the cost of two popcounts: a letter of one string that the other lacks is substituted
    /// or deleted at each of its places, one edit each, so each such letter (and the class of
    /// other chars, when only one side has any) takes an edit of its own.
    #[inline]
    pub fn set_bound(&self, text_set: u32) -> usize {
        (text_set & !self.set)
            .count_ones()
            .max((self.set & !text_set).count_ones()) as usize
    }

    /// Whether `text` contains a char of the query.
    pub fn shares_char(&self, text: &[char]) -> bool {
        if self.chars.len() > 64 {
            return text.iter().any(|c| self.chars.contains(c));
        }
        text.iter().any(|&c| self.mask(c) != 0)
    }

    /// Edit distance between the query and `text` (equal to [`levenshtein`]).
    pub fn distance(&self, text: &[char]) -> usize {
        let m = self.chars.len();
        if m == 0 {
            return text.len();
        }
        if m > 64 {
            return levenshtein(&self.chars, text);
        }
        let high = 1u64 << (m - 1);
        let mut pv: u64 = !0;
        let mut mv: u64 = 0;
        let mut score = m;
        for &c in text {
            let eq = self.mask(c);
            let xv = eq | mv;
            let xh = ((eq & pv).wrapping_add(pv) ^ pv) | eq;
            let mut ph = mv | !(xh | pv);
            let mut mh = pv & xh;
            if ph & high != 0 {
                score += 1;
            } else if mh & high != 0 {
                score -= 1;
            }
            // Row 0 of the DP grows by one per text char: shift in a +1 horizontal delta.
            ph = (ph << 1) | 1;
            mh <<= 1;
            pv = mh | !(xv | ph);
            mv = ph & xv;
        }
        score
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chars(s: &str) -> Vec<char> {
        s.chars().collect()
    }

    #[test]
    fn bit_parallel_matches_plain_dp() {
        let words = [
            "",
            "a",
            "b",
            "ab",
            "ba",
            "chuc",
            "chirc",
            "nguyen",
            "nghiep",
            "hien",
            "hién",
            "m6",
            "mo",
            "truong",
            "tuong",
            "thuong",
            "xyz",
            "aaaa",
            "abcabcabc",
            "đường",
            "duong",
            "kiosk",
            "ng",
            "ngh",
            "quyet",
            "quyetdinh",
            "thanhphohochiminh",
        ];
        let mut p = Pattern::default();
        for a in words {
            p.set(&chars(a));
            for b in words {
                assert_eq!(
                    p.distance(&chars(b)),
                    levenshtein(&chars(a), &chars(b)),
                    "{a} {b}"
                );
                assert_eq!(
                    p.shares_char(&chars(b)),
                    a.chars().any(|c| b.contains(c)),
                    "{a} {b}"
                );
                assert!(
                    p.set_bound(char_set(&chars(b))) <= levenshtein(&chars(a), &chars(b)),
                    "{a} {b}"
                );
            }
        }
        let long: String = "abcdefghij".repeat(7);
        p.set(&chars(&long));
        assert_eq!(p.distance(&chars("abc")), long.len() - 3);
    }
}
