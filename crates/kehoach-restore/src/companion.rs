//! A second copy of the same document, damaged another way, as evidence for restoring the first.
//!
//! Archives often hold one plan twice: the text an English-model OCR made of the paper (marks
//! lost or turned into look-alikes, every letter present) and the text layer of the PDF (marks
//! exact wherever a glyph survived, whole letters lost). The two damages are independent, so
//! where the other copy's restoration reads a word, that reading is strong evidence for this
//! copy's word at the same place. "The same place" comes from aligning the two restorations
//! word by word on mark-free spellings (an edit-distance alignment over the whole document), so
//! a restoration that chose the wrong marks in either copy still aligns, and the marks are what
//! the evidence decides.

use crate::metric::pairs;
use crate::model::{lookup_key, skeleton, Model};
use crate::tokenize::{tokenize_line, Kind};
use rustc_hash::{FxHashMap, FxHashSet};

/// The words of the other copy's restoration, in reading order.
#[derive(Debug, Clone, Default)]
pub struct Companion {
    /// Lowercase NFC spelling of each word.
    words: Vec<String>,
    /// Whether the word was printed so in the other copy (restoration left it as it was): a
    /// word its own damage spared is near-certain evidence, a restored one is a good guess.
    printed: Vec<bool>,
    /// Mark-free spelling of each word, interned.
    keys: Vec<u32>,
    interner: FxHashMap<String, u32>,
    /// Word three-grams of the restoration ([`shingles`]): is another text the same document?
    shingles: FxHashSet<u64>,
}

/// Per line, per word: the other copy's reading of the word, if the alignment has one.
pub type LineReadings = Vec<Vec<Option<Reading>>>;

/// The other copy's reading of one word.
#[derive(Debug, Clone, PartialEq)]
pub struct Reading {
    /// Lowercase NFC spelling.
    pub word: String,
    /// Printed so in the other copy (see [`Companion`]).
    pub printed: bool,
}

impl Companion {
    /// The words of the other copy: `raw` as it came, `restored` its restoration on its own.
    /// A restored word aligned to an identical raw word was printed so.
    pub fn from_texts(raw: &str, restored: &str) -> Companion {
        let mut c = Companion {
            shingles: shingles(restored),
            ..Default::default()
        };
        for line in restored.lines() {
            for w in words_of(line) {
                let key = c.key(w);
                c.keys.push(key);
                c.words.push(lookup_key(w));
            }
        }
        let mut exact: FxHashMap<String, u32> = FxHashMap::default();
        let mut id = |w: String| {
            let n = exact.len() as u32;
            *exact.entry(w).or_insert(n)
        };
        let mine: Vec<u32> = c.words.iter().map(|w| id(w.clone())).collect();
        let raw_ids: Vec<u32> = raw
            .lines()
            .flat_map(words_of)
            .map(|w| id(lookup_key(w)))
            .collect();
        c.printed = pairs(&mine, &raw_ids).iter().map(Option::is_some).collect();
        c
    }

    /// Number of words.
    pub fn len(&self) -> usize {
        self.words.len()
    }

    /// Whether the other copy has no words.
    pub fn is_empty(&self) -> bool {
        self.words.is_empty()
    }

    fn key(&mut self, w: &str) -> u32 {
        let k = skeleton(w);
        let n = self.interner.len() as u32;
        *self.interner.entry(k).or_insert(n)
    }

    /// For each line of `lines` (this copy, restored on its own), for each of its words, the
    /// other copy's reading of the word aligned to it (lowercase NFC), if the alignment
    /// matched it to a word of the same mark-free spelling.
    pub fn readings_for(&self, lines: &[&str]) -> LineReadings {
        self.aligned(lines)
            .into_iter()
            .map(|line| {
                line.into_iter()
                    .map(|j| {
                        j.map(|j| Reading {
                            word: self.words[j].clone(),
                            printed: self.printed[j],
                        })
                    })
                    .collect()
            })
            .collect()
    }

    /// Per line of `lines` (this copy, decoded alone), the vocabulary ids of the other copy's
    /// words at that place: from `slack` words before the first word the alignment matched on
    /// the line to `slack` after the last (a line without a match takes the stretch between
    /// its neighbours' matches). Hints for a letter-by-letter decoding, which has no words to
    /// align until it has decoded the line.
    pub fn line_hints(&self, model: &Model, lines: &[&str], slack: usize) -> Vec<FxHashSet<u32>> {
        let aligned = self.aligned(lines);
        let span: Vec<Option<(usize, usize)>> = aligned
            .iter()
            .map(|l| {
                let mut m = l.iter().flatten();
                let first = *m.next()?;
                Some((first, m.last().copied().unwrap_or(first)))
            })
            .collect();
        let n = self.words.len();
        (0..lines.len())
            .map(|i| {
                let (lo, hi) = span[i].unwrap_or_else(|| {
                    let before = span[..i].iter().rev().flatten().next().map_or(0, |s| s.1);
                    let after = span[i + 1..].iter().flatten().next().map_or(n, |s| s.0);
                    (before, after.max(before))
                });
                let lo = lo.saturating_sub(slack);
                let hi = (hi + slack + 1).min(n);
                self.words[lo.min(hi)..hi]
                    .iter()
                    .filter_map(|w| model.vocab.get(w))
                    .filter(|&id| id >= 4)
                    .collect()
            })
            .collect()
    }

    /// For each line, for each of its words, the index of the other copy's word the alignment
    /// matched it to.
    fn aligned(&self, lines: &[&str]) -> Vec<Vec<Option<usize>>> {
        let mut interner = self.interner.clone();
        let mut keys = Vec::new();
        let mut shape = Vec::with_capacity(lines.len());
        for line in lines {
            let ws = words_of(line);
            shape.push(ws.len());
            for w in ws {
                let k = skeleton(w);
                let n = interner.len() as u32;
                keys.push(*interner.entry(k).or_insert(n));
            }
        }
        let matched = pairs(&keys, &self.keys);
        let mut out = Vec::with_capacity(lines.len());
        let mut at = 0;
        for n in shape {
            out.push(matched[at..at + n].to_vec());
            at += n;
        }
        out
    }
}

impl Companion {
    /// [`Companion::readings_for`] the lines of `restored`, the restoration of `prepared`
    /// (line for line), kept only on lines where both have the same number of words: there
    /// the i-th word of one is the i-th of the other (restoration merged or split words on
    /// the others).
    pub fn readings_by_line(&self, prepared: &str, restored: &str) -> LineReadings {
        let lines: Vec<&str> = restored.split('\n').collect();
        let mut out = self.readings_for(&lines);
        keep_one_for_one(&mut out, prepared);
        out
    }

    /// Vocabulary ids of the other copy's words (hints for a letter-by-letter decoding).
    pub fn ids(&self, model: &Model) -> FxHashSet<u32> {
        self.words
            .iter()
            .filter_map(|w| model.vocab.get(w))
            .filter(|&id| id >= 4)
            .collect()
    }
}

impl Companion {
    /// Whether `restored` (this copy restored on its own) is the other copy's document: at
    /// least [`SAME_DOCUMENT_OVERLAP`] of their word three-grams shared. Another plan given as
    /// the other copy would otherwise push its words into this one.
    pub fn same_document(&self, restored: &str) -> bool {
        overlap(&shingles(restored), &self.shingles) >= SAME_DOCUMENT_OVERLAP
    }
}

/// Word three-grams of a restored text, on mark-free spellings: what two copies of one
/// document share even where each restoration chose other marks.
pub fn shingles(restored: &str) -> FxHashSet<u64> {
    use std::hash::{Hash, Hasher};
    let words: Vec<String> = restored
        .lines()
        .flat_map(words_of)
        .map(|w| skeleton(&w.to_lowercase()))
        .collect();
    words
        .windows(3)
        .map(|w| {
            let mut h = rustc_hash::FxHasher::default();
            w.hash(&mut h);
            h.finish()
        })
        .collect()
}

/// Share of word three-grams two texts have in common (Jaccard, of [`shingles`]).
pub fn overlap(a: &FxHashSet<u64>, b: &FxHashSet<u64>) -> f64 {
    let common = a.intersection(b).count();
    let all = a.len() + b.len() - common;
    if all == 0 {
        0.0
    } else {
        common as f64 / all as f64
    }
}

/// Least [`overlap`] of two copies of one document. Two restorations of seeds 000 and 001 (one
/// plan, damaged two ways) share 0.67 of their three-grams; different plans of the same genre
/// and province template, 0.20–0.34.
pub const SAME_DOCUMENT_OVERLAP: f64 = 0.5;

/// Pairs of texts that are copies of one document: each the other's best match, with an
/// overlap of at least [`SAME_DOCUMENT_OVERLAP`]. Returns (i, j, overlap) with i < j.
pub fn same_document_pairs(texts: &[FxHashSet<u64>]) -> Vec<(usize, usize, f64)> {
    let best: Vec<Option<(usize, f64)>> = (0..texts.len())
        .map(|i| {
            (0..texts.len())
                .filter(|&j| j != i)
                .map(|j| (j, overlap(&texts[i], &texts[j])))
                .max_by(|a, b| a.1.total_cmp(&b.1))
        })
        .collect();
    let mut out = Vec::new();
    for (i, b) in best.iter().enumerate() {
        if let Some((j, o)) = *b {
            let mutual = best[j].is_some_and(|(k, _)| k == i);
            if i < j && mutual && o >= SAME_DOCUMENT_OVERLAP {
                out.push((i, j, o));
            }
        }
    }
    out
}

/// Clears the readings of every line of `prepared` (the text restoration started from, line for
/// line with the restoration `readings` were aligned on) whose word count the restoration
/// changed: only where it kept the words one for one is the i-th reading the i-th word's.
pub fn keep_one_for_one(readings: &mut [Vec<Option<Reading>>], prepared: &str) {
    for (r, line) in readings.iter_mut().zip(prepared.split('\n')) {
        if words_of(line).len() != r.len() {
            r.clear();
        }
    }
}

/// The word tokens of a line, as the token decoder sees them.
pub fn words_of(line: &str) -> Vec<&str> {
    tokenize_line(line)
        .into_iter()
        .filter(|t| t.kind == Kind::Word)
        .map(|t| &line[t.start..t.end])
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn aligned_words_give_the_other_copy_s_marks() {
        let other = Companion::from_texts(
            "Tri n khai tố giác tội ph m\nqua ứng dụng VNeID",
            "Triển khai tố giác tội phạm\nqua ứng dụng VNeID",
        );
        let mine = ["Triển khai tổ giác", "tội phạm qua ứng VNeID"];
        let r = other.readings_for(&mine);
        let word = |l: usize, w: usize| r[l][w].as_ref().map(|x| (x.word.as_str(), x.printed));
        assert_eq!(r.len(), 2);
        assert_eq!(word(0, 2), Some(("tố", true)));
        assert_eq!(word(0, 0), Some(("triển", false)));
        // "dụng" has no counterpart here; "VNeID" still aligns after the gap.
        assert_eq!(r[1].len(), 5);
        assert_eq!(word(1, 4), Some(("vneid", true)));
    }

    #[test]
    fn line_hints_cover_the_other_copy_s_words_at_the_line_s_place() {
        let model = crate::Restorer::shipped().unwrap().model;
        let other = Companion::from_texts(
            "",
            "Kế hoạch triển khai\nĐề án 06 của tỉnh\nphục vụ người dân",
        );
        // This copy decoded alone: line 1 lost its first word, line 2 aligns nowhere.
        let lines = ["Kế hoạch triển khai", "án 06 của tỉnh", "xyz"];
        let hints = other.line_hints(&model, &lines, 1);
        let id = |w: &str| model.vocab.get(w).unwrap();
        assert!(hints[1].contains(&id("đề")));
        assert!(!hints[1].contains(&id("kế")));
        // The unmatched last line takes the stretch after its neighbour's last match.
        assert!(hints[2].contains(&id("người")));
    }

    #[test]
    fn copies_of_one_text_pair_up_and_others_do_not() {
        let plan = "Kế hoạch triển khai các mô hình điểm của Đề án 06 trên địa bàn huyện năm 2024";
        let copy = "Ke hoach trien khai cac mo hinh diem cua De an 06 tren dia ban huyen nam 2024";
        let other = "Báo cáo kết quả thực hiện nhiệm vụ chuyển đổi số quý III của tỉnh";
        let s: Vec<_> = [other, plan, copy].iter().map(|t| shingles(t)).collect();
        assert_eq!(overlap(&s[1], &s[2]), 1.0);
        let pairs = same_document_pairs(&s);
        assert_eq!(pairs.len(), 1);
        assert_eq!((pairs[0].0, pairs[0].1), (1, 2));
    }

    #[test]
    fn a_copy_knows_its_own_document() {
        let other = Companion::from_texts(
            "Ke hoach trien khai cac mo hinh diem cua De an 06",
            "Kế hoạch triển khai các mô hình điểm của Đề án 06",
        );
        assert!(other.same_document("Kế hoạch triển khai các mô hình điểm của Đề án 06"));
        assert!(!other.same_document("Báo cáo kết quả thực hiện nhiệm vụ năm 2023 của huyện"));
    }

    #[test]
    fn a_different_word_gives_no_reading() {
        let other = Companion::from_texts("nha o cong nhan tai Cum", "nhà ở công nhân tại Cụm");
        let r = other.readings_for(&["nhà ở công nhân bên Cụm"]);
        assert_eq!(r[0][4], None);
        assert_eq!(r[0][5].as_ref().map(|x| x.word.as_str()), Some("cụm"));
        assert_eq!(r[0][5].as_ref().map(|x| x.printed), Some(false));
    }
}
