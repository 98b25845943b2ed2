//! The learning text for the OCR channel model, and the table file it ends up in.
//!
//! The restoration engine needs P(OCR string | true string) for Tesseract on Vietnamese pages.
//! We learn it from pages whose truth we know because we made them. The text must not be the
//! documents used for accuracy tests, so it is generated: sentences of random Vietnamese words
//! (pyvi's word list) and syllables (hunspell-vi), with capitals, digits, dates, document codes
//! and punctuation as plans have them, plus a share of paragraphs from seed 003 (never 004,
//! the main test document) for real sentence shapes.

use kehoach_core::text::capitalise;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

use crate::align::Confusions;
use crate::markup::{parse_document, Block};
use crate::rng::Rng;

/// Word sources for the generator.
#[derive(Debug, Clone, Default)]
pub struct Lexicon {
    /// Single syllables (hunspell-vi's list, lower case).
    pub syllables: Vec<String>,
    /// Words of one or more syllables separated by spaces (pyvi's list).
    pub words: Vec<String>,
    /// Paragraphs of real plan text (seed 003, markers removed).
    pub real_paragraphs: Vec<String>,
}

fn is_vietnamese_token(s: &str) -> bool {
    !s.is_empty() && s.chars().all(|c| c.is_alphabetic() || c == ' ')
}

impl Lexicon {
    /// hunspell .dic: first line is a count, then one entry a line, maybe with "/FLAGS".
    /// Keeps lower-case alphabetic entries (drops acronyms such as "ASCII").
    pub fn load_hunspell(text: &str) -> Vec<String> {
        let mut v: Vec<String> = text
            .lines()
            .skip(1)
            .map(|l| l.split('/').next().unwrap_or("").trim())
            .filter(|w| is_vietnamese_token(w) && w.chars().all(|c| !c.is_uppercase()))
            .map(kehoach_core::text::nfc)
            .collect();
        v.sort();
        v.dedup();
        v
    }

    /// pyvi words.txt: one word a line, syllables separated by spaces.
    pub fn load_word_list(text: &str) -> Vec<String> {
        let mut v: Vec<String> = text
            .lines()
            .map(|l| kehoach_core::text::nfc(l.trim()))
            .filter(|w| is_vietnamese_token(w) && w.split(' ').count() <= 4)
            .collect();
        v.sort();
        v.dedup();
        v
    }

    /// Paragraphs of a (Markdown-ish) plan, markers removed.
    pub fn load_paragraphs(text: &str) -> Vec<String> {
        parse_document(text)
            .iter()
            .filter(|b| !matches!(b, Block::Gap))
            .map(|b| b.text())
            .filter(|t| t.chars().count() >= 20)
            .collect()
    }
}

/// Numbers, dates and codes in the forms plans print them.
fn numeric_token(rng: &mut Rng) -> String {
    match rng.below(9) {
        0 => format!("{:02}", rng.below(60)),
        1 => format!("{}", 1 + rng.below(999)),
        2 => format!(
            "{}/{}/{}",
            1 + rng.below(31),
            1 + rng.below(12),
            2019 + rng.below(8)
        ),
        3 => format!(
            "{:02}/{:02}/{}",
            1 + rng.below(28),
            1 + rng.below(12),
            2020 + rng.below(6)
        ),
        4 => {
            let kinds = ["KH", "QĐ", "CT", "TB", "NQ", "BC", "CV"];
            let orgs = ["UBND", "TTg", "BCA", "TCTTKĐA", "BTTTT", "CAT", "VP"];
            format!(
                "{}/{}-{}",
                1 + rng.below(999),
                rng.pick(&kinds),
                rng.pick(&orgs)
            )
        }
        5 => format!("{}%", 10 * (1 + rng.below(10))),
        6 => format!("{}-{}", 2020 + rng.below(4), 2024 + rng.below(7)),
        7 => format!("{}.{}", 1 + rng.below(9), 1 + rng.below(9)),
        _ => format!("{}", rng.below(10)),
    }
}

/// One generated paragraph.
pub fn generate_paragraph(lex: &Lexicon, rng: &mut Rng) -> String {
    let caps_para = rng.chance(0.06);
    let mut out = String::new();
    let r = rng.f64();
    if r < 0.25 {
        out.push_str("- ");
    } else if r < 0.33 {
        out.push_str("+ ");
    } else if r < 0.43 {
        let romans = ["I", "II", "III", "IV", "V", "VI"];
        if rng.chance(0.4) {
            out.push_str(&format!("{}. ", rng.pick(&romans)));
        } else {
            out.push_str(&format!("{}.{}. ", 1 + rng.below(6), 1 + rng.below(9)));
        }
    }
    let sentences = if caps_para { 1 } else { 1 + rng.below(3) };
    for s in 0..sentences {
        if s > 0 {
            out.push(' ');
        }
        let n = if caps_para {
            3 + rng.below(6)
        } else {
            6 + rng.below(16)
        };
        let mut open_paren = false;
        let mut open_quote = false;
        for k in 0..n {
            if k > 0 {
                out.push(' ');
            }
            if !open_paren && !open_quote && k > 0 && k + 2 < n {
                if rng.chance(0.04) {
                    out.push('(');
                    open_paren = true;
                } else if rng.chance(0.03) {
                    out.push('“');
                    open_quote = true;
                }
            }
            let mut tok = if rng.chance(0.09) {
                numeric_token(rng)
            } else if rng.chance(0.22) && !lex.syllables.is_empty() {
                rng.pick(&lex.syllables).clone()
            } else if !lex.words.is_empty() {
                rng.pick(&lex.words).clone()
            } else {
                rng.pick(&lex.syllables).clone()
            };
            if k == 0 || rng.chance(0.07) {
                // sentence start, or a proper name / institution: every syllable capitalised
                let all = k > 0;
                tok = tok
                    .split(' ')
                    .enumerate()
                    .map(|(i, w)| {
                        if i == 0 || all {
                            capitalise(w)
                        } else {
                            w.to_string()
                        }
                    })
                    .collect::<Vec<_>>()
                    .join(" ");
            }
            if rng.chance(0.03) {
                tok = tok.to_uppercase();
            }
            out.push_str(&tok);
            if open_paren && rng.chance(0.35) {
                out.push(')');
                open_paren = false;
            } else if open_quote && rng.chance(0.4) {
                out.push('”');
                open_quote = false;
            }
            if k + 1 < n {
                let p = rng.f64();
                if p < 0.08 {
                    out.push(',');
                } else if p < 0.095 {
                    out.push(';');
                } else if p < 0.105 {
                    out.push(':');
                } else if p < 0.11 {
                    out.push_str(" -");
                }
            }
        }
        if open_paren {
            out.push(')');
        }
        if open_quote {
            out.push('”');
        }
        let end = rng.f64();
        out.push(if end < 0.75 {
            '.'
        } else if end < 0.9 {
            ';'
        } else {
            ':'
        });
    }
    if caps_para {
        out = out.to_uppercase();
    }
    kehoach_core::text::nfc(&out)
}

/// A document of `n` paragraphs: generated ones, with a share `real_share` taken in order
/// from the real paragraphs (cycling). Paragraphs are separated by blank lines. Also returns,
/// per paragraph, whether it is real text.
pub fn generate_document(
    lex: &Lexicon,
    rng: &mut Rng,
    n: usize,
    real_share: f64,
    real_cursor: &mut usize,
) -> (String, Vec<bool>) {
    let mut out = String::new();
    let mut real = Vec::with_capacity(n);
    for _ in 0..n {
        let p = if !lex.real_paragraphs.is_empty() && rng.chance(real_share) {
            let p = lex.real_paragraphs[*real_cursor % lex.real_paragraphs.len()].clone();
            *real_cursor += 1;
            real.push(true);
            p
        } else {
            real.push(false);
            generate_paragraph(lex, rng)
        };
        out.push_str(&p);
        out.push_str("\n\n");
    }
    (out, real)
}

/// OCR text as compared with the truth: NFC, form feeds and empty lines dropped, line ends
/// trimmed (Tesseract separates paragraphs by blank lines; the truth has none).
pub fn clean_ocr(text: &str) -> String {
    let t = kehoach_core::text::nfc(text).replace('\u{c}', "\n");
    let mut out = String::new();
    for l in t.lines() {
        let l = l.trim();
        if !l.is_empty() {
            out.push_str(l);
            out.push('\n');
        }
    }
    out
}

/// Writes the table: '#' comment lines, then `truth<TAB>ocr<TAB>count`, sorted by truth, then
/// count (descending), then OCR string.
pub fn write_table(counts: &Confusions, header: &[String]) -> String {
    let mut out = String::new();
    for h in header {
        for l in h.lines() {
            let _ = writeln!(out, "# {l}");
        }
    }
    let mut by_truth: BTreeMap<&str, Vec<(&str, u64)>> = BTreeMap::new();
    for ((t, o), c) in counts {
        by_truth.entry(t).or_default().push((o, *c));
    }
    for (t, mut v) in by_truth {
        v.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
        for (o, c) in v {
            let _ = writeln!(out, "{t}\t{o}\t{c}");
        }
    }
    out
}

/// Parses a table written by [`write_table`] (used by tests and by `stats`).
pub fn read_table(text: &str) -> Confusions {
    let mut c = Confusions::new();
    for l in text.lines() {
        if l.starts_with('#') || l.is_empty() {
            continue;
        }
        let f: Vec<&str> = l.split('\t').collect();
        if f.len() == 3 {
            if let Ok(n) = f[2].parse::<u64>() {
                *c.entry((f[0].to_string(), f[1].to_string())).or_insert(0) += n;
            }
        }
    }
    c
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lex() -> Lexicon {
        Lexicon {
            syllables: vec!["nhà".into(), "nước".into(), "dân".into()],
            words: vec!["công dân".into(), "điện tử".into(), "định danh".into()],
            real_paragraphs: vec!["Căn cứ Quyết định số 06/QĐ-TTg ngày 06/01/2022.".into()],
        }
    }

    #[test]
    fn generation_is_deterministic_nfc_and_uses_the_lexicon() {
        let (a, ra) = generate_document(&lex(), &mut Rng::new(5), 30, 0.3, &mut 0);
        let (b, _) = generate_document(&lex(), &mut Rng::new(5), 30, 0.3, &mut 0);
        assert_eq!(ra.len(), 30);
        assert!(ra.iter().any(|&r| r));
        assert_eq!(a, b);
        assert_eq!(a, kehoach_core::text::nfc(&a));
        assert!(a.contains("công dân") || a.contains("Công dân") || a.contains("CÔNG DÂN"));
        assert!(a.chars().any(|c| c.is_ascii_digit()));
    }

    #[test]
    fn hunspell_and_word_list_loading() {
        let dic = "5\nABC\nbán\nbáng/AB\nGIF\nbân\n";
        assert_eq!(Lexicon::load_hunspell(dic), vec!["bán", "báng", "bân"]);
        let words = "a\na dua\nà ơi\nx1\n";
        assert_eq!(Lexicon::load_word_list(words), vec!["a", "a dua", "à ơi"]);
    }

    #[test]
    fn table_round_trip_and_order() {
        let mut c = Confusions::new();
        c.insert(("ư".into(), "u".into()), 5);
        c.insert(("ư".into(), "ư".into()), 9);
        c.insert(("".into(), "'".into()), 2);
        let text = write_table(&c, &["source: test".into()]);
        assert!(text.starts_with("# source: test\n"));
        let rows: Vec<&str> = text.lines().skip(1).collect();
        assert_eq!(rows, vec!["\t'\t2", "ư\tư\t9", "ư\tu\t5"]);
        assert_eq!(read_table(&text), c);
    }

    #[test]
    fn ocr_cleaning_drops_blank_lines_and_form_feeds() {
        assert_eq!(clean_ocr("a b \n\n c\n\u{c}"), "a b\nc\n");
    }
}

/// How well a channel table predicts confusions counted elsewhere (a held-out document).
#[derive(Debug, Clone, PartialEq)]
pub struct Agreement {
    /// Error events (truth ≠ OCR) in the held-out counts.
    pub heldout_errors: u64,
    /// Share of those events whose exact (truth, OCR) pair is a row of the model.
    pub pair_coverage: f64,
    /// Σ_t w_t · ½ Σ_o |P_model(o|t) − P_heldout(o|t)| over single-character truths, w_t the
    /// truth's share of held-out characters: 0 = same conditionals, 1 = disjoint.
    pub weighted_tv: f64,
}

fn conditionals(c: &Confusions) -> BTreeMap<&str, (u64, BTreeMap<&str, u64>)> {
    let mut m: BTreeMap<&str, (u64, BTreeMap<&str, u64>)> = BTreeMap::new();
    for ((t, o), n) in c {
        if t.chars().count() == 1 && o.chars().count() <= 1 {
            let e = m.entry(t.as_str()).or_default();
            e.0 += n;
            *e.1.entry(o.as_str()).or_default() += n;
        }
    }
    m
}

/// Compares a model table with held-out counts (single-character truths, OCR of 0–1 chars).
pub fn agreement(model: &Confusions, heldout: &Confusions) -> Agreement {
    let errors: Vec<(&(String, String), &u64)> =
        heldout.iter().filter(|((t, o), _)| t != o).collect();
    let heldout_errors: u64 = errors.iter().map(|(_, n)| **n).sum();
    let covered: u64 = errors
        .iter()
        .filter(|(k, _)| model.contains_key(*k))
        .map(|(_, n)| **n)
        .sum();
    let pm = conditionals(model);
    let ph = conditionals(heldout);
    let total: u64 = ph.values().map(|v| v.0).sum();
    let mut tv = 0.0;
    for (t, (nh, oh)) in &ph {
        let w = *nh as f64 / total.max(1) as f64;
        let (nm, om) = pm.get(t).cloned().unwrap_or_default();
        let mut keys: BTreeSet<&str> = oh.keys().copied().collect();
        keys.extend(om.keys().copied());
        let d: f64 = keys
            .iter()
            .map(|o| {
                let a = *oh.get(o).unwrap_or(&0) as f64 / *nh as f64;
                let b = if nm == 0 {
                    0.0
                } else {
                    *om.get(o).unwrap_or(&0) as f64 / nm as f64
                };
                (a - b).abs()
            })
            .sum();
        tv += w * d / 2.0 + if nm == 0 { w / 2.0 } else { 0.0 };
    }
    Agreement {
        heldout_errors,
        pair_coverage: if heldout_errors == 0 {
            1.0
        } else {
            covered as f64 / heldout_errors as f64
        },
        weighted_tv: tv,
    }
}

#[cfg(test)]
mod agreement_tests {
    use super::*;

    fn table(rows: &[(&str, &str, u64)]) -> Confusions {
        rows.iter()
            .map(|(t, o, n)| ((t.to_string(), o.to_string()), *n))
            .collect()
    }

    #[test]
    fn identical_tables_agree_fully() {
        let a = table(&[("á", "a", 8), ("á", "á", 2), ("b", "b", 10)]);
        let r = agreement(&a, &a);
        assert_eq!(r.heldout_errors, 8);
        assert!((r.pair_coverage - 1.0).abs() < 1e-12);
        assert!(r.weighted_tv.abs() < 1e-12);
    }

    #[test]
    fn different_conditionals_are_measured() {
        let model = table(&[("á", "a", 5), ("á", "á", 5)]);
        let held = table(&[("á", "d", 10)]);
        let r = agreement(&model, &held);
        assert_eq!(r.pair_coverage, 0.0);
        // P_h = {d:1}, P_m = {a:.5, á:.5}: TV = 1
        assert!((r.weighted_tv - 1.0).abs() < 1e-12);
    }
}
