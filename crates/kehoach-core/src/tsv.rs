//! Tesseract's TSV output (`tesseract img out tsv`) as pages of lines and words.
//!
//! The TSV keeps every word's box and confidence. Reading it lets kehoach reuse OCR done
//! elsewhere, and lets tests exercise the table reader on real OCR geometry without running
//! Tesseract.

use crate::input::{BBox, Line, Page, PageMethod, Word};

/// Parses TSV text into pages (one per `page_num`), lines in file order.
pub fn pages_from_tsv(tsv: &str) -> Result<Vec<Page>, String> {
    let mut pages: Vec<Page> = Vec::new();
    let mut current_line: Option<(usize, usize, usize, usize)> = None;
    for (i, row) in tsv.lines().enumerate() {
        if i == 0 && row.starts_with("level") {
            continue;
        }
        let f: Vec<&str> = row.split('\t').collect();
        if f.len() < 11 {
            continue;
        }
        let num = |k: usize| -> Result<i64, String> {
            f[k].trim()
                .parse::<f64>()
                .map(|v| v as i64)
                .map_err(|_| format!("line {}: field {} is not a number", i + 1, k + 1))
        };
        let level = num(0)?;
        let page_no = num(1)?.max(1) as usize;
        if pages.last().is_none_or(|p| p.number != page_no) {
            pages.push(Page {
                number: page_no,
                method: PageMethod::Ocr,
                lines: Vec::new(),
                text_layer: None,
                size: None,
                ocr_confidence: None,
                rotated: None,
                seconds: 0.0,
            });
            current_line = None;
        }
        let page = pages.last_mut().expect("pushed above");
        let (left, top, width, height) = (num(6)?, num(7)?, num(8)?, num(9)?);
        let bbox = BBox {
            x0: left.max(0) as u32,
            y0: top.max(0) as u32,
            x1: (left + width).max(0) as u32,
            y1: (top + height).max(0) as u32,
        };
        if level == 1 {
            page.size = Some((bbox.x1, bbox.y1));
        }
        if level != 5 {
            continue;
        }
        let text = f.get(11).copied().unwrap_or("").trim();
        if text.is_empty() {
            continue;
        }
        let key = (
            num(2)? as usize,
            num(3)? as usize,
            num(4)? as usize,
            page_no,
        );
        if current_line != Some(key) {
            page.lines.push(Line::default());
            current_line = Some(key);
        }
        let line = page.lines.last_mut().expect("pushed above");
        let conf = num(10)?.clamp(0, 100) as f32 / 100.0;
        line.bbox = Some(line.bbox.map_or(bbox, |b| b.union(&bbox)));
        line.words.push(Word {
            text: text.to_string(),
            bbox,
            confidence: conf,
            choices: Vec::new(),
        });
    }
    for p in &mut pages {
        for l in &mut p.lines {
            l.text_from_words();
            l.dashes_from_widths();
        }
        let confs: Vec<f32> = p
            .lines
            .iter()
            .flat_map(|l| l.words.iter().map(|w| w.confidence))
            .collect();
        if !confs.is_empty() {
            p.ocr_confidence = Some(confs.iter().sum::<f32>() / confs.len() as f32);
        }
    }
    Ok(pages)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_words_into_lines() {
        let tsv = "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext\n\
                   1\t1\t0\t0\t0\t0\t0\t0\t100\t50\t-1\t\n\
                   5\t1\t1\t1\t1\t1\t10\t10\t20\t10\t96.5\tKế\n\
                   5\t1\t1\t1\t1\t2\t35\t10\t30\t10\t90\thoạch\n\
                   5\t1\t1\t1\t2\t1\t10\t30\t20\t10\t50\tsố\n";
        let pages = pages_from_tsv(tsv).unwrap();
        assert_eq!(pages.len(), 1);
        assert_eq!(pages[0].size, Some((100, 50)));
        assert_eq!(pages[0].lines.len(), 2);
        assert_eq!(pages[0].lines[0].text, "Kế hoạch");
        assert_eq!(
            pages[0].lines[0].bbox,
            Some(BBox {
                x0: 10,
                y0: 10,
                x1: 65,
                y1: 20
            })
        );
        assert!((pages[0].lines[0].words[0].confidence - 0.96).abs() < 0.01);
    }
}
