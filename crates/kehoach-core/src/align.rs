//! Carrying restored text back onto OCR word boxes.
//!
//! Restoration works on line text and may merge or split tokens ("Tri n" → "Triển"). The table
//! reader, however, works on word boxes. [`retext_words`] aligns the old and new line text
//! character by character and gives each restored token to the word box its first character
//! came from, so boxes keep their geometry and gain the restored spelling.

use crate::input::Word;

/// For each char of `new`, the index of the char of `old` it aligns to (edit-distance
/// alignment; an inserted char maps to the nearest old char before it).
fn char_map(old: &[char], new: &[char]) -> Vec<usize> {
    let (n, m) = (old.len(), new.len());
    let mut d = vec![vec![0u32; m + 1]; n + 1];
    for (i, row) in d.iter_mut().enumerate() {
        row[0] = i as u32;
    }
    for (j, cell) in d[0].iter_mut().enumerate() {
        *cell = j as u32;
    }
    for i in 1..=n {
        for j in 1..=m {
            let sub = d[i - 1][j - 1] + u32::from(old[i - 1] != new[j - 1]);
            d[i][j] = sub.min(d[i - 1][j] + 1).min(d[i][j - 1] + 1);
        }
    }
    let mut map = vec![0usize; m];
    let (mut i, mut j) = (n, m);
    while j > 0 {
        if i > 0 && d[i][j] == d[i - 1][j - 1] + u32::from(old[i - 1] != new[j - 1]) {
            map[j - 1] = i - 1;
            i -= 1;
            j -= 1;
        } else if i > 0 && d[i][j] == d[i - 1][j] + 1 {
            i -= 1;
        } else {
            map[j - 1] = i.saturating_sub(1);
            j -= 1;
        }
    }
    map
}

/// Replaces the texts of `words` (which spell `old` when joined by single spaces) with the
/// tokens of `new`. Words that receive no token are removed; their boxes carried letters that
/// restoration merged into a neighbour.
pub fn retext_words(words: &mut Vec<Word>, new: &str) {
    if words.is_empty() {
        return;
    }
    let old: String = words
        .iter()
        .map(|w| w.text.as_str())
        .collect::<Vec<_>>()
        .join(" ");
    if old == new {
        return;
    }
    let new_tokens: Vec<&str> = new.split_whitespace().collect();
    if new_tokens.len() == words.len() {
        for (w, t) in words.iter_mut().zip(new_tokens) {
            w.text = t.to_string();
        }
        return;
    }
    // Which word each char of `old` belongs to (spaces go to the word before).
    let mut owner = Vec::new();
    for (k, w) in words.iter().enumerate() {
        if k > 0 {
            owner.push(k - 1);
        }
        owner.extend(std::iter::repeat_n(k, w.text.chars().count()));
    }
    let old_chars: Vec<char> = old.chars().collect();
    let new_chars: Vec<char> = new.chars().collect();
    let map = char_map(&old_chars, &new_chars);
    let mut texts: Vec<Vec<String>> = vec![Vec::new(); words.len()];
    let mut pos = 0usize;
    for token in new.split(' ') {
        let len = token.chars().count();
        if len > 0 {
            // The first non-space char of the token decides its word.
            let target = map
                .get(pos)
                .and_then(|&o| owner.get(o).copied())
                .unwrap_or(words.len() - 1);
            texts[target].push(token.to_string());
        }
        pos += len + 1;
    }
    let mut kept = Vec::with_capacity(words.len());
    for (w, t) in words.drain(..).zip(texts) {
        if !t.is_empty() {
            kept.push(Word {
                text: t.join(" "),
                ..w
            });
        }
    }
    *words = kept;
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::BBox;

    fn words(texts: &[&str]) -> Vec<Word> {
        texts
            .iter()
            .enumerate()
            .map(|(i, t)| Word {
                text: t.to_string(),
                bbox: BBox {
                    x0: i as u32 * 100,
                    y0: 0,
                    x1: i as u32 * 100 + 80,
                    y1: 20,
                },
                confidence: 0.5,
                choices: vec![],
            })
            .collect()
    }

    #[test]
    fn same_count_is_one_to_one() {
        let mut w = words(&["Tố", "Công", "tác"]);
        retext_words(&mut w, "Tổ Công tác");
        assert_eq!(
            w.iter().map(|w| w.text.as_str()).collect::<Vec<_>>(),
            ["Tổ", "Công", "tác"]
        );
    }

    #[test]
    fn merged_fragments_keep_the_first_box() {
        let mut w = words(&["Tri", "n", "khai"]);
        retext_words(&mut w, "Triển khai");
        assert_eq!(w.len(), 2);
        assert_eq!(w[0].text, "Triển");
        assert_eq!(w[0].bbox.x0, 0);
        assert_eq!(w[1].text, "khai");
        assert_eq!(w[1].bbox.x0, 200);
    }

    #[test]
    fn a_split_word_stays_in_its_box() {
        let mut w = words(&["BộCông", "an"]);
        retext_words(&mut w, "Bộ Công an");
        assert_eq!(w[0].text, "Bộ Công");
        assert_eq!(w[1].text, "an");
    }
}
