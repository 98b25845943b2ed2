//! The OCR acceptance metric: caseless syllable accuracy.
//!
//! Syllables are `\w+` tokens of the NFC, lower-cased text. OCR syllables are aligned against
//! the truth by edit distance; the end of the truth is free, because a scan may hold only the
//! first pages of its source text. Accuracy = 1 − edits / truth syllables of the aligned prefix.
//! (The document-level metric of restoration lives elsewhere; this one is only for OCR.)

/// `\w+` tokens of the NFC, lower-cased text (`\w` = alphanumeric or '_', as Unicode regex).
pub fn syllables(text: &str) -> Vec<String> {
    kehoach_core::text::caseless_tokens(text)
}

/// Removes the Markdown markers of the seed texts: leading `#`s, a leading "- ", and `**`.
pub fn strip_markdown(text: &str) -> String {
    text.lines()
        .map(|l| {
            let t = l.trim_start();
            let t = t.trim_start_matches('#').trim_start();
            let t = t.strip_prefix("- ").unwrap_or(t);
            t.replace("**", "")
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Result of [`syllable_accuracy`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Accuracy {
    pub accuracy: f64,
    pub edits: usize,
    /// Truth syllables in the aligned prefix.
    pub truth_syllables: usize,
}

/// Caseless syllable accuracy of `ocr` against the start of `truth` (see the module doc).
pub fn syllable_accuracy(ocr: &str, truth: &str) -> Accuracy {
    let a = syllables(ocr);
    let b = syllables(truth);
    let n = a.len();
    let mut prev: Vec<usize> = (0..=n).collect();
    let mut cur = vec![0usize; n + 1];
    let mut best = Accuracy {
        accuracy: if n == 0 { 1.0 } else { 0.0 },
        edits: n,
        truth_syllables: 0,
    };
    for (j, bj) in b.iter().enumerate() {
        let j1 = j + 1;
        cur[0] = j1;
        for i in 1..=n {
            let sub = prev[i - 1] + usize::from(a[i - 1] != *bj);
            cur[i] = sub.min(prev[i] + 1).min(cur[i - 1] + 1);
        }
        let acc = 1.0 - cur[n] as f64 / j1 as f64;
        if acc > best.accuracy {
            best = Accuracy {
                accuracy: acc,
                edits: cur[n],
                truth_syllables: j1,
            };
        }
        std::mem::swap(&mut prev, &mut cur);
        if j1 > 2 * n + 50 {
            break;
        }
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;
    use unicode_normalization::UnicodeNormalization;

    #[test]
    fn prefix_alignment_and_case() {
        let truth = "## KẾ HOẠCH\n**Triển khai** Đề án 06\n- Mục đích, yêu cầu";
        let t = strip_markdown(truth);
        assert_eq!(t, "KẾ HOẠCH\nTriển khai Đề án 06\nMục đích, yêu cầu");
        let r = syllable_accuracy("kế hoạch triển khai", &t);
        assert_eq!((r.edits, r.truth_syllables), (0, 4));
        assert!((r.accuracy - 1.0).abs() < 1e-9);
        let r = syllable_accuracy("kế hoach triển khai đề", &t);
        assert_eq!(r.edits, 1);
        assert!((r.accuracy - 0.8).abs() < 1e-9);
        // NFD input equals NFC.
        let nfd: String = "Kế hoạch".nfd().collect();
        assert_eq!(syllables(&nfd), vec!["kế", "hoạch"]);
        // Nothing right: accuracy 0.
        assert!(syllable_accuracy("xyz qqq", "kế hoạch").accuracy <= 0.0);
    }
}
