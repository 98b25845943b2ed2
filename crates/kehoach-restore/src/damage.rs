//! Deterministic damage generators for benchmark inputs.
//!
//! The benchmarks must be regenerable by a command, so the damage is produced here, in Rust, from
//! a fixed seed: stripping every mark (channel 3) and the broken-font text layer of seed 001
//! (channel 2), where a font without a Unicode map loses whole glyph *types*: every occurrence of
//! a lost letter becomes a space; and words glued as a reader glues them in narrow table cells.

use kehoach_core::text::{nfc, strip_marks};
use std::collections::BTreeSet;

/// Removes every diacritic, 'đ' → 'd' included, keeping case and everything else.
pub fn strip_all(text: &str) -> String {
    strip_marks(&nfc(text))
}

/// Small deterministic PRNG (SplitMix64), so generated inputs never depend on a crate version.
pub struct SplitMix(u64);

impl SplitMix {
    pub fn new(seed: u64) -> Self {
        SplitMix(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Fisher–Yates shuffle.
    pub fn shuffle<T>(&mut self, v: &mut [T]) {
        for i in (1..v.len()).rev() {
            let j = (self.next_u64() % (i as u64 + 1)) as usize;
            v.swap(i, j);
        }
    }
}

/// The glyph types a broken font loses: `accent_share` of the accented letter types present in
/// `text` and `plain` of its lowercase ASCII letter types, chosen with `seed`.
pub fn lost_glyphs(text: &str, accent_share: f64, plain: usize, seed: u64) -> BTreeSet<char> {
    let text = nfc(text);
    let accented: BTreeSet<char> = text
        .chars()
        .filter(|c| {
            c.is_alphabetic() && !c.is_ascii() && strip_marks(&c.to_string()) != c.to_string()
        })
        .collect();
    let ascii: BTreeSet<char> = text.chars().filter(|c| c.is_ascii_lowercase()).collect();
    let mut rng = SplitMix::new(seed);
    let mut acc: Vec<char> = accented.into_iter().collect();
    rng.shuffle(&mut acc);
    let k = (acc.len() as f64 * accent_share).round() as usize;
    let mut pl: Vec<char> = ascii.into_iter().collect();
    rng.shuffle(&mut pl);
    acc.into_iter()
        .take(k)
        .chain(pl.into_iter().take(plain))
        .collect()
}

/// Seed-001-style damage: every occurrence of a lost glyph type becomes a space.
pub fn broken_font(text: &str, accent_share: f64, plain: usize, seed: u64) -> String {
    let lost = lost_glyphs(text, accent_share, plain, seed);
    nfc(text)
        .chars()
        .map(|c| if lost.contains(&c) { ' ' } else { c })
        .collect()
}

/// Damage of a PDF whose fonts are broken differently: each line is set in the body font (a
/// share `1 - other_share` of the lines) or a second font (headings, bold), and each font loses
/// its own glyph types (as [`broken_font`], with seeds `seed` and `seed + 1`). A letter lost only
/// in the second font still appears in most of the text, as in seed 001.
pub fn broken_fonts(
    text: &str,
    accent_share: f64,
    plain: usize,
    seed: u64,
    other_share: f64,
) -> String {
    let body = lost_glyphs(text, accent_share, plain, seed);
    let other = lost_glyphs(text, accent_share, plain, seed + 1);
    let mut rng = SplitMix::new(seed ^ 0x5eed);
    let lines: Vec<String> = nfc(text)
        .split('\n')
        .map(|line| {
            let second = (rng.next_u64() % 1000) as f64 / 1000.0 < other_share;
            let lost = if second { &other } else { &body };
            line.chars()
                .map(|c| if lost.contains(&c) { ' ' } else { c })
                .collect()
        })
        .collect();
    lines.join("\n")
}

/// Words glued as in crowded table cells: of the single spaces between two letters, a share
/// `share` (chosen with `seed`) is removed ("trụ sở" → "trụsở"). Only spaces with a letter on
/// both sides, so numbers, codes and punctuation keep their spacing.
pub fn glue(text: &str, share: f64, seed: u64) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut rng = SplitMix::new(seed);
    let mut out = String::with_capacity(text.len());
    for (i, &c) in chars.iter().enumerate() {
        let between_letters = c == ' '
            && i > 0
            && chars[i - 1].is_alphabetic()
            && chars.get(i + 1).is_some_and(|n| n.is_alphabetic());
        // Every candidate space draws, so the choice does not depend on earlier draws' outcome.
        if between_letters && (rng.next_u64() as f64 / u64::MAX as f64) < share {
            continue;
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strip_removes_every_mark() {
        assert_eq!(
            strip_all("Đề án 06/QĐ-TTg, Ủy ban"),
            "De an 06/QD-TTg, Uy ban"
        );
    }

    #[test]
    fn glue_removes_only_spaces_between_letters() {
        let t = "Trụ sở UBND xã, số 06/QĐ-TTg ngày 06 tháng 01 năm 2022 tại Hà Nội";
        let g = glue(t, 0.5, 3);
        assert_eq!(g, glue(t, 0.5, 3));
        assert!(g.len() < t.len());
        assert_eq!(g.replace(' ', ""), t.replace(' ', ""));
        assert!(g.contains("06/QĐ-TTg") && g.contains("06 th") && g.contains(", số"));
        assert_eq!(glue(t, 0.0, 3), t);
    }

    #[test]
    fn broken_font_is_deterministic_and_type_consistent() {
        let t = "Kế hoạch triển khai các mô hình của Đề án, kế hoạch số 2 ở Hà Nội được ưu tiên";
        let a = broken_font(t, 0.35, 4, 6);
        assert_eq!(a, broken_font(t, 0.35, 4, 6));
        assert_eq!(a.chars().count(), t.chars().count());
        let lost = lost_glyphs(t, 0.35, 4, 6);
        assert_eq!(lost.iter().filter(|c| c.is_ascii()).count(), 4);
        for c in &lost {
            assert!(!a.contains(*c));
        }
        // Every other character survives at its place.
        for (x, y) in t.chars().zip(a.chars()) {
            assert!(x == y || (y == ' ' && lost.contains(&x)));
        }
    }
}
