//! Laying text out on A4 pages and rasterising it.
//!
//! The layout mimics a typed plan: A4, serif body at ~13 pt, 1.5-ish line pitch, left margin
//! 30 mm and right 20 mm (the Vietnamese administrative-document rule), first-line indents, a
//! blank line between paragraphs, ragged right. The layout also yields the exact text of every
//! printed line, which is the ground truth for OCR alignment.

use ab_glyph::{point, Font, FontVec, GlyphId, PxScale, ScaleFont};

use crate::fonts::FontSet;
use crate::markup::{Align, Block};

/// Page geometry and typography. Lengths in millimetres, sizes in points.
#[derive(Debug, Clone)]
pub struct PageStyle {
    pub width_mm: f32,
    pub height_mm: f32,
    pub margin_top_mm: f32,
    pub margin_bottom_mm: f32,
    pub margin_left_mm: f32,
    pub margin_right_mm: f32,
    pub font_pt: f32,
    /// Baseline-to-baseline distance as a multiple of the font size.
    pub line_pitch: f32,
    /// Extra space for a blank source line, as a multiple of the line pitch.
    pub gap_lines: f32,
    pub indent_mm: f32,
    pub dpi: f32,
}

impl Default for PageStyle {
    fn default() -> Self {
        PageStyle {
            width_mm: 210.0,
            height_mm: 297.0,
            margin_top_mm: 20.0,
            margin_bottom_mm: 20.0,
            margin_left_mm: 30.0,
            margin_right_mm: 20.0,
            font_pt: 13.0,
            line_pitch: 1.45,
            gap_lines: 0.8,
            indent_mm: 12.7,
            dpi: 300.0,
        }
    }
}

impl PageStyle {
    pub fn px(&self, mm: f32) -> f32 {
        mm / 25.4 * self.dpi
    }
    pub fn width_px(&self) -> u32 {
        self.px(self.width_mm).round() as u32
    }
    pub fn height_px(&self) -> u32 {
        self.px(self.height_mm).round() as u32
    }
    /// Pixels per em of a font at `pt` points.
    pub fn em_px(&self, pt: f32) -> f32 {
        pt * self.dpi / 72.0
    }
    /// Swaps width and height.
    pub fn landscape(mut self) -> Self {
        std::mem::swap(&mut self.width_mm, &mut self.height_mm);
        self
    }
}

/// ab_glyph's `PxScale` is the height from descender to ascender, not the em; this converts
/// an em size in pixels into that scale for one face, so every face prints at the same pt size.
pub fn scale_for(font: &FontVec, em_px: f32) -> PxScale {
    let upem = font.units_per_em().unwrap_or(1000.0);
    PxScale::from(em_px * font.height_unscaled() / upem)
}

/// Width in pixels of `text` in one face, kerning included.
pub fn measure(font: &FontVec, em_px: f32, text: &str) -> f32 {
    let scale = scale_for(font, em_px);
    let sf = font.as_scaled(scale);
    let mut w = 0.0;
    let mut prev: Option<GlyphId> = None;
    for c in text.chars() {
        let id = font.glyph_id(c);
        if let Some(p) = prev {
            w += sf.kern(p, id);
        }
        w += sf.h_advance(id);
        prev = Some(id);
    }
    w
}

/// A styled fragment of a word (a word may change style midway: "(cụ thể").
#[derive(Debug, Clone, PartialEq)]
pub struct Piece {
    pub text: String,
    pub bold: bool,
    pub italic: bool,
}

/// A line placed on a page: pieces with their x positions, and its baseline.
#[derive(Debug, Clone)]
pub struct PlacedLine {
    pub baseline: f32,
    pub pieces: Vec<(f32, Piece)>,
    pub em_px: f32,
    /// The line's text as a reader sees it (pieces joined, spaces between words).
    pub text: String,
    /// Index of the source block (paragraph) the line comes from.
    pub block: usize,
}

/// One laid-out page.
#[derive(Debug, Clone, Default)]
pub struct PageLayout {
    pub lines: Vec<PlacedLine>,
    /// Straight rules (x0, y0, x1, y1, thickness px), used by tables.
    pub rules: Vec<(f32, f32, f32, f32, f32)>,
}

impl PageLayout {
    /// Ground truth: the printed lines joined by newlines.
    pub fn truth(&self) -> String {
        let mut s = String::new();
        for l in &self.lines {
            s.push_str(&l.text);
            s.push('\n');
        }
        s
    }
}

type Word = Vec<Piece>;

/// Splits styled runs into words at white space.
pub fn words_of(runs: &[crate::markup::Run]) -> Vec<Word> {
    let mut words: Vec<Word> = Vec::new();
    let mut cur: Word = Vec::new();
    for r in runs {
        let mut buf = String::new();
        for c in r.text.chars() {
            if c.is_whitespace() {
                if !buf.is_empty() {
                    cur.push(Piece {
                        text: std::mem::take(&mut buf),
                        bold: r.bold,
                        italic: r.italic,
                    });
                }
                if !cur.is_empty() {
                    words.push(std::mem::take(&mut cur));
                }
            } else {
                buf.push(c);
            }
        }
        if !buf.is_empty() {
            cur.push(Piece {
                text: buf,
                bold: r.bold,
                italic: r.italic,
            });
        }
    }
    if !cur.is_empty() {
        words.push(cur);
    }
    words
}

fn word_width(fonts: &FontSet, em: f32, w: &Word) -> f32 {
    w.iter()
        .map(|p| measure(fonts.face(p.bold, p.italic), em, &p.text))
        .sum()
}

fn space_width(fonts: &FontSet, em: f32, after: &Word) -> f32 {
    let (b, i) = after
        .last()
        .map(|p| (p.bold, p.italic))
        .unwrap_or((false, false));
    measure(fonts.face(b, i), em, " ")
}

/// Greedy line breaking: as many words as fit; a word wider than the line gets a line alone.
/// Returns the index ranges of each line. `first_width` lets the first line be shorter (indent).
pub fn break_lines(
    widths: &[f32],
    spaces: &[f32],
    first_width: f32,
    width: f32,
) -> Vec<(usize, usize)> {
    let mut lines = Vec::new();
    let mut start = 0;
    while start < widths.len() {
        let avail = if lines.is_empty() { first_width } else { width };
        let mut end = start + 1;
        let mut used = widths[start];
        while end < widths.len() {
            let next = used + spaces[end - 1] + widths[end];
            if next > avail {
                break;
            }
            used = next;
            end += 1;
        }
        lines.push((start, end));
        start = end;
    }
    lines
}

/// Lays a paragraph out into lines of at most `width` px, starting at `x0`.
/// Returns (x offset of the line, pieces with x, text) per line, offsets relative to `x0`.
pub fn layout_paragraph(
    fonts: &FontSet,
    em: f32,
    words: &[Word],
    width: f32,
    indent: f32,
    align: Align,
) -> Vec<(Vec<(f32, Piece)>, String)> {
    let widths: Vec<f32> = words.iter().map(|w| word_width(fonts, em, w)).collect();
    let spaces: Vec<f32> = words.iter().map(|w| space_width(fonts, em, w)).collect();
    let ranges = break_lines(&widths, &spaces, width - indent, width);
    let mut out = Vec::new();
    for (li, &(s, e)) in ranges.iter().enumerate() {
        let line_w: f32 = widths[s..e].iter().sum::<f32>() + spaces[s..e - 1].iter().sum::<f32>();
        let mut x = match align {
            Align::Centre => ((width - line_w) / 2.0).max(0.0),
            Align::Left if li == 0 => indent,
            Align::Left => 0.0,
        };
        let mut pieces = Vec::new();
        let mut text = String::new();
        for (k, w) in words[s..e].iter().enumerate() {
            if k > 0 {
                x += spaces[s + k - 1];
                text.push(' ');
            }
            for p in w {
                pieces.push((x, p.clone()));
                x += measure(fonts.face(p.bold, p.italic), em, &p.text);
                text.push_str(&p.text);
            }
        }
        out.push((pieces, text));
    }
    out
}

/// Lays a whole document out on pages.
pub fn layout_document(blocks: &[Block], fonts: &FontSet, style: &PageStyle) -> Vec<PageLayout> {
    let em = style.em_px(style.font_pt);
    let pitch = em * style.line_pitch;
    let left = style.px(style.margin_left_mm);
    let width = style.px(style.width_mm - style.margin_left_mm - style.margin_right_mm);
    let top = style.px(style.margin_top_mm) + em;
    let bottom = style.height_px() as f32 - style.px(style.margin_bottom_mm);
    let mut pages = vec![PageLayout::default()];
    let mut y = top;
    for (bi, b) in blocks.iter().enumerate() {
        match b {
            Block::Gap => {
                if y > top {
                    y += pitch * style.gap_lines;
                }
            }
            Block::Table { header, rows } => {
                // Tables print a size smaller and tighter than the body, as plans do.
                let tstyle = PageStyle {
                    line_pitch: 1.25,
                    ..style.clone()
                };
                let mut grid = crate::table::Grid::new(
                    &tstyle,
                    tstyle.em_px(style.font_pt - 2.0),
                    &column_weights(header, rows),
                );
                grid.block = bi;
                let header: Vec<&str> = header.iter().map(String::as_str).collect();
                let rows: Vec<Vec<&str>> = rows
                    .iter()
                    .map(|r| {
                        // Short rows get empty cells, long ones lose the extra cells.
                        (0..header.len())
                            .map(|c| r.get(c).map_or("", String::as_str))
                            .collect()
                    })
                    .collect();
                // The grid's top where the next line's ascenders would start.
                let (end, _) =
                    grid.place(fonts, &header, &rows, &mut pages, y - em, top - em, bottom);
                y = end + em + pitch * 0.5;
            }
            Block::Para {
                runs,
                align,
                indent,
            } => {
                let words = words_of(runs);
                let ind = if *indent {
                    style.px(style.indent_mm)
                } else {
                    0.0
                };
                for (pieces, text) in layout_paragraph(fonts, em, &words, width, ind, *align) {
                    if y > bottom {
                        pages.push(PageLayout::default());
                        y = top;
                    }
                    let page = pages.last_mut().expect("at least one page");
                    page.lines.push(PlacedLine {
                        baseline: y,
                        pieces: pieces.into_iter().map(|(x, p)| (x + left, p)).collect(),
                        em_px: em,
                        text,
                        block: bi,
                    });
                    y += pitch;
                }
            }
        }
    }
    pages
}

/// Relative widths of a table's columns: growing with the mean length of their cells, but
/// less than in proportion (a column of numbers still shows its header), and never narrower
/// than its longest header word or cell word.
fn column_weights(header: &[String], rows: &[Vec<String>]) -> Vec<f32> {
    let longest_word = |t: &str| {
        t.split_whitespace()
            .map(|w| w.chars().count())
            .max()
            .unwrap_or(0) as f32
    };
    (0..header.len())
        .map(|c| {
            let cells: Vec<&str> = rows
                .iter()
                .map(|r| r.get(c).map_or("", String::as_str))
                .collect();
            let mean = cells.iter().map(|t| t.chars().count()).sum::<usize>() as f32
                / cells.len().max(1) as f32;
            // Bold header letters are wider; a date or code in a cell cannot wrap.
            let word = (longest_word(&header[c]) * 1.5).max(
                cells
                    .iter()
                    .map(|t| longest_word(t) * 1.3)
                    .fold(0.0, f32::max),
            );
            (mean.min(40.0).sqrt() * 4.0).max(word + 3.0)
        })
        .collect()
}

/// Ink coverage of a page, 0 (paper) to 1 (full ink).
#[derive(Debug, Clone)]
pub struct Coverage {
    pub width: u32,
    pub height: u32,
    pub data: Vec<f32>,
}

impl Coverage {
    pub fn new(width: u32, height: u32) -> Self {
        Coverage {
            width,
            height,
            data: vec![0.0; (width * height) as usize],
        }
    }

    fn add(&mut self, x: i32, y: i32, c: f32) {
        if x < 0 || y < 0 || x >= self.width as i32 || y >= self.height as i32 {
            return;
        }
        let i = (y as u32 * self.width + x as u32) as usize;
        let a = self.data[i];
        self.data[i] = 1.0 - (1.0 - a) * (1.0 - c.clamp(0.0, 1.0));
    }

    /// Draws `text` with its baseline at `y`, starting at `x`. Returns glyphs the face lacks.
    pub fn draw_text(&mut self, font: &FontVec, em_px: f32, x: f32, y: f32, text: &str) -> usize {
        let scale = scale_for(font, em_px);
        let sf = font.as_scaled(scale);
        let mut pen = x;
        let mut prev: Option<GlyphId> = None;
        let mut missing = 0;
        for c in text.chars() {
            let id = font.glyph_id(c);
            if id.0 == 0 {
                missing += 1;
            }
            if let Some(p) = prev {
                pen += sf.kern(p, id);
            }
            let g = id.with_scale_and_position(scale, point(pen, y));
            if let Some(og) = font.outline_glyph(g) {
                let b = og.px_bounds();
                let (bx, by) = (b.min.x as i32, b.min.y as i32);
                og.draw(|gx, gy, cov| self.add(bx + gx as i32, by + gy as i32, cov));
            }
            pen += sf.h_advance(id);
            prev = Some(id);
        }
        missing
    }

    /// Draws an axis-aligned or slanted straight rule of thickness `t` px.
    pub fn draw_rule(&mut self, x0: f32, y0: f32, x1: f32, y1: f32, t: f32) {
        let len = ((x1 - x0).powi(2) + (y1 - y0).powi(2)).sqrt().max(1.0);
        let steps = (len * 2.0) as i32;
        let half = t / 2.0;
        for s in 0..=steps {
            let f = s as f32 / steps as f32;
            let cx = x0 + (x1 - x0) * f;
            let cy = y0 + (y1 - y0) * f;
            let (ax, bx) = ((cx - half).floor() as i32, (cx + half).ceil() as i32);
            let (ay, by) = ((cy - half).floor() as i32, (cy + half).ceil() as i32);
            for yy in ay..by {
                for xx in ax..bx {
                    let i = yy as u32 * self.width + xx as u32;
                    if xx >= 0 && yy >= 0 && (xx as u32) < self.width && (yy as u32) < self.height {
                        self.data[i as usize] = 1.0;
                    }
                }
            }
        }
    }

    /// Renders a laid-out page; returns the number of characters the fonts had no glyph for.
    pub fn render(
        page: &PageLayout,
        fonts: &FontSet,
        width: u32,
        height: u32,
    ) -> (Coverage, usize) {
        let mut c = Coverage::new(width, height);
        let mut missing = 0;
        for l in &page.lines {
            for (x, p) in &l.pieces {
                missing += c.draw_text(
                    fonts.face(p.bold, p.italic),
                    l.em_px,
                    *x,
                    l.baseline,
                    &p.text,
                );
            }
        }
        for &(x0, y0, x1, y1, t) in &page.rules {
            c.draw_rule(x0, y0, x1, y1, t);
        }
        (c, missing)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_pipe_table_is_printed_as_a_grid_in_the_text_s_flow() {
        let Ok(fonts) = FontSet::load("liberation-serif") else {
            eprintln!("fonts-liberation not installed; skipped");
            return;
        };
        let mut doc =
            String::from("Danh mục mô hình:\n\n| STT | Tên mô hình | Thời gian |\n|---|---|---|\n");
        for i in 1..=40 {
            doc += &format!("| {i} | Mô hình thử nghiệm số {i} trên địa bàn | 30/9/2024 |\n");
        }
        doc += "\nHết danh mục.";
        let style = PageStyle {
            dpi: 100.0,
            ..PageStyle::default()
        };
        let pages = layout_document(&crate::markup::parse_document(&doc), &fonts, &style);
        assert!(pages.len() >= 2, "40 rows run over a page");
        let truth: Vec<String> = pages.iter().map(|p| p.truth()).collect();
        // The header row is printed again on the next page, and every row once.
        assert!(truth[1].starts_with("STT\n"), "{}", truth[1]);
        let rows = truth.join("").matches("30/9/2024").count();
        assert_eq!(rows, 40);
        assert!(pages.iter().all(|p| !p.rules.is_empty()));
        let last = pages.last().unwrap();
        let end = last.lines.last().unwrap();
        assert_eq!(end.text, "Hết danh mục.");
        // The text after the table starts below the table's last rule.
        let bottom = last.rules.iter().map(|r| r.3).fold(0.0, f32::max);
        assert!(end.baseline > bottom);
    }

    #[test]
    fn greedy_breaking_respects_width_and_indent() {
        let widths = [30.0, 30.0, 30.0, 30.0, 30.0];
        let spaces = [5.0; 5];
        // first line 70 wide: 30+5+30 = 65 fits, adding a third = 100 does not
        let lines = break_lines(&widths, &spaces, 70.0, 100.0);
        assert_eq!(lines, vec![(0, 2), (2, 5)]);
    }

    #[test]
    fn overlong_word_gets_its_own_line() {
        let lines = break_lines(&[500.0, 10.0], &[5.0, 5.0], 100.0, 100.0);
        assert_eq!(lines, vec![(0, 1), (1, 2)]);
    }

    #[test]
    fn words_keep_styles_across_pieces() {
        let runs = crate::markup::parse_inline("(*cụ thể* tại) **Mục**", false);
        let w = words_of(&runs);
        let texts: Vec<String> = w
            .iter()
            .map(|w| w.iter().map(|p| p.text.as_str()).collect())
            .collect();
        assert_eq!(texts, vec!["(cụ", "thể", "tại)", "Mục"]);
        assert_eq!(w[0].len(), 2);
    }

    #[test]
    fn wrapped_lines_fit_the_text_block() {
        let Ok(fonts) = FontSet::load("liberation-serif") else {
            eprintln!("fonts-liberation not installed; skipped");
            return;
        };
        let doc = "Căn cứ Quyết định số 06/QĐ-TTg ngày 06/01/2022 của Thủ tướng Chính phủ về việc phê duyệt Đề án phát triển ứng dụng dữ liệu về dân cư, định danh và xác thực điện tử phục vụ chuyển đổi số quốc gia.";
        let blocks = crate::markup::parse_document(doc);
        let style = PageStyle::default();
        let pages = layout_document(&blocks, &fonts, &style);
        assert_eq!(pages.len(), 1);
        assert!(pages[0].lines.len() >= 2);
        let right = style.width_px() as f32 - style.px(style.margin_right_mm);
        for l in &pages[0].lines {
            let (x, p) = l.pieces.last().unwrap();
            let end = x + measure(fonts.face(p.bold, p.italic), l.em_px, &p.text);
            assert!(end <= right + 0.5, "{end} > {right}");
        }
        let joined: Vec<String> = pages[0].lines.iter().map(|l| l.text.clone()).collect();
        assert_eq!(joined.join(" "), doc);
        let (cov, missing) =
            Coverage::render(&pages[0], &fonts, style.width_px(), style.height_px());
        assert_eq!(missing, 0);
        assert!(cov.data.iter().any(|&v| v > 0.9));
    }
}
