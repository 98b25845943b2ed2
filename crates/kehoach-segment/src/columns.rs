//! A table laid out in columns of plain text ("pdftotext -layout", OCR that kept the spaces):
//! its cells stand side by side on one line, where the cell-stream reader
//! ([`crate::appendix_text`]) expects them one after the other. Each word's character columns
//! are its geometry, so the text becomes a page of word boxes and the word-box reader
//! ([`crate::appendix::read_table`]) reads it as it reads a scan: column positions from the
//! header, rows spanning lines, repeated headers.

use kehoach_core::{BBox, Line, Page, PageMethod, Word};

/// Width of one character, pitch of the lines and height of a word in the boxes made up for
/// the text. Words are a third of the pitch high: rows one line apart are as far apart as two
/// rows of a scanned table, whose reader merges row anchors closer than two word heights.
const CHAR_W: u32 = 10;
const LINE_H: u32 = 30;
const WORD_H: u32 = 10;

/// Runs of this many spaces or more inside a line separate columns.
const GAP: usize = 2;

/// The lines as one page of word boxes, when at least three of them hold three or more
/// columns (runs of [`GAP`] spaces or more between words): a table laid out in columns. Tabs
/// count as stops every eight characters.
pub fn as_page(lines: &[&str]) -> Option<Page> {
    let columned = lines.iter().filter(|l| columns_in(l) >= 3).count();
    if columned < 3 {
        return None;
    }
    let mut out = Vec::with_capacity(lines.len());
    let mut width = 0;
    for (i, raw) in lines.iter().enumerate() {
        let chars = expand_tabs(raw);
        let y0 = i as u32 * LINE_H;
        let mut words = Vec::new();
        let mut col = 0usize;
        while col < chars.len() {
            if chars[col].is_whitespace() {
                col += 1;
                continue;
            }
            let start = col;
            while col < chars.len() && !chars[col].is_whitespace() {
                col += 1;
            }
            words.push(Word {
                text: chars[start..col].iter().collect(),
                bbox: BBox {
                    x0: start as u32 * CHAR_W,
                    y0,
                    x1: col as u32 * CHAR_W,
                    y1: y0 + WORD_H,
                },
                confidence: 1.0,
                choices: Vec::new(),
            });
        }
        width = width.max(chars.len() as u32 * CHAR_W);
        let bbox = words.iter().map(|w| w.bbox).reduce(|a, b| a.union(&b));
        out.push(Line {
            text: raw.to_string(),
            words,
            bbox,
        });
    }
    Some(Page {
        number: 1,
        method: PageMethod::Text,
        size: Some((width.max(CHAR_W), (lines.len() as u32).max(1) * LINE_H)),
        lines: out,
        text_layer: None,
        ocr_confidence: None,
        rotated: None,
        seconds: 0.0,
    })
}

/// The line's chars with tabs expanded to stops every eight columns.
fn expand_tabs(s: &str) -> Vec<char> {
    let mut out = Vec::with_capacity(s.len());
    for c in s.chars() {
        if c == '\t' {
            let next = (out.len() / 8 + 1) * 8;
            out.resize(next, ' ');
        } else {
            out.push(c);
        }
    }
    out
}

/// How many columns a line has: runs of words separated by [`GAP`] spaces or more.
fn columns_in(line: &str) -> usize {
    let chars = expand_tabs(line.trim());
    if chars.is_empty() {
        return 0;
    }
    let mut n = 1;
    let mut spaces = 0;
    for c in chars {
        if c == ' ' {
            spaces += 1;
        } else {
            if spaces >= GAP {
                n += 1;
            }
            spaces = 0;
        }
    }
    n
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_are_runs_of_words_between_wide_gaps() {
        assert_eq!(
            columns_in(" 1    Mô hình 1: Bến cá    UBND xã   Quý III/2025"),
            4
        );
        assert_eq!(columns_in("Một câu văn bình thường, không có cột."), 1);
        assert_eq!(columns_in("\tTT\tMô hình"), 2);
        assert_eq!(columns_in("   "), 0);
    }

    #[test]
    fn a_text_in_columns_becomes_word_boxes_at_its_character_columns() {
        let lines = [
            "TT  Mô hình     Chủ trì",
            "1   Mô hình 1   UBND xã",
            "    cho trẻ em  Công an",
            "2   Mô hình 2   Công an",
        ];
        let page = as_page(&lines).unwrap();
        let w = &page.lines[1].words;
        assert_eq!(w[0].text, "1");
        // "UBND" starts at character column 16.
        let ubnd = w.iter().find(|w| w.text == "UBND").unwrap();
        assert_eq!((ubnd.bbox.x0, ubnd.bbox.x1), (16 * CHAR_W, 20 * CHAR_W));
        assert_eq!(ubnd.bbox.y0, LINE_H);
        assert!(page.lines[2].words[0].bbox.x0 == 4 * CHAR_W);
        // Prose is no table.
        assert!(as_page(&["Một câu.", "Câu khác  nữa.", "x"]).is_none());
    }
}
