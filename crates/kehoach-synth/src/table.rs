//! The appendix table of a plan (Phụ lục), rendered as a ruled grid.
//!
//! Plan 000 ends with a table listing each model with its lead unit, partners, support,
//! deadline and platform. OCR word boxes of such a page are the input for table reading, so we
//! render one from the gold rows: ruled cells, text wrapped inside cells over several lines,
//! rows kept whole, the header row repeated on every page. The layout is returned alongside the
//! pages, so tests know every cell's box and text.

use serde::{Deserialize, Serialize};

use crate::fonts::FontSet;
use crate::markup::{Align, Run};
use crate::render::{layout_paragraph, words_of, PageLayout, PageStyle, PlacedLine};

/// One appendix row as printed (all text cells).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct TableRow {
    pub tt: String,
    pub model: String,
    pub lead: String,
    pub partners: String,
    pub support: String,
    pub deadline_text: String,
    pub platform: String,
}

impl TableRow {
    fn cells(&self) -> [&str; 7] {
        [
            &self.tt,
            &self.model,
            &self.lead,
            &self.partners,
            &self.support,
            &self.deadline_text,
            &self.platform,
        ]
    }
}

/// Column headings, as in the plans.
pub const HEADERS: [&str; 7] = [
    "TT",
    "Mô hình",
    "Chủ trì",
    "Phối hợp",
    "Đơn vị hỗ trợ",
    "Thời gian hoàn thành",
    "Nền tảng",
];

/// Relative column widths: the model title and the unit lists need the room.
pub const COLUMN_WEIGHTS: [f32; 7] = [4.5, 24.0, 15.0, 17.0, 15.0, 11.0, 13.5];

/// Builds printed rows from a gold file's `appendix` and `models`: the "Mô hình" cell is
/// "Mô hình N: <title of model N>".
pub fn rows_from_gold(gold: &serde_json::Value) -> Result<Vec<TableRow>, String> {
    let models = gold["models"]
        .as_array()
        .ok_or("gold has no models array")?;
    let appendix = gold["appendix"]
        .as_array()
        .ok_or("gold has no appendix array")?;
    let s = |v: &serde_json::Value| v.as_str().unwrap_or("").to_string();
    appendix
        .iter()
        .map(|r| {
            let n = r["model_number"]
                .as_i64()
                .ok_or("appendix row without model_number")?;
            let title = models
                .iter()
                .find(|m| m["number"].as_i64() == Some(n))
                .map(|m| s(&m["title"]))
                .ok_or_else(|| format!("model {n} of the appendix is not among the gold models"))?;
            Ok(TableRow {
                tt: r["tt"]
                    .as_i64()
                    .map(|t| t.to_string())
                    .unwrap_or_else(|| s(&r["tt"])),
                model: format!("Mô hình {n}: {title}"),
                lead: s(&r["lead"]),
                partners: s(&r["partners"]),
                support: s(&r["support"]),
                deadline_text: s(&r["deadline_text"]),
                platform: s(&r["platform"]),
            })
        })
        .collect()
}

/// A cell on a page, in page pixels before any skew.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct CellBox {
    pub text: String,
    /// The wrapped lines as printed.
    pub lines: Vec<String>,
    /// [x0, y0, x1, y1] of the ruled cell.
    pub bbox: [f32; 4],
}

/// A row on a page: the header (repeated) or a data row with its index into the input.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct RowBox {
    pub header: bool,
    pub row: Option<usize>,
    pub cells: Vec<CellBox>,
}

/// What a table page holds, for answer keys.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct TablePageTruth {
    pub page: usize,
    pub width: u32,
    pub height: u32,
    pub dpi: f32,
    pub rows: Vec<RowBox>,
}

/// Table typography: landscape A4 by default, smaller type than body text, as plans do.
pub fn default_table_style(dpi: f32) -> PageStyle {
    PageStyle {
        margin_left_mm: 15.0,
        margin_right_mm: 12.0,
        margin_top_mm: 15.0,
        margin_bottom_mm: 15.0,
        font_pt: 11.0,
        line_pitch: 1.25,
        dpi,
        ..PageStyle::default()
    }
    .landscape()
}

struct LaidCell {
    lines: Vec<(Vec<(f32, crate::render::Piece)>, String)>,
}

/// A ruled grid's geometry: column edges across the text width, type size, padding and rule
/// thickness. One grid lays out both the appendix (its own pages) and a table inside a plan's
/// running text.
pub struct Grid {
    /// Left edge of every column, then the right edge of the last.
    pub col_x: Vec<f32>,
    pub em: f32,
    pub pitch: f32,
    pad: f32,
    rule: f32,
    /// Source block its printed lines are credited to ([`PlacedLine::block`]).
    pub block: usize,
}

impl Grid {
    /// Columns share the page's text width in proportion to `weights`; type of `em` px.
    pub fn new(style: &PageStyle, em: f32, weights: &[f32]) -> Grid {
        let left = style.px(style.margin_left_mm);
        let total_w = style.px(style.width_mm - style.margin_left_mm - style.margin_right_mm);
        let wsum: f32 = weights.iter().sum();
        let mut col_x = vec![left];
        for w in weights {
            let last = *col_x.last().expect("non-empty");
            col_x.push(last + total_w * w / wsum);
        }
        Grid {
            col_x,
            em,
            pitch: em * style.line_pitch,
            pad: style.px(1.5),
            rule: (0.6 / 72.0 * style.dpi).max(1.0),
            block: 0,
        }
    }

    fn lay_row(&self, fonts: &FontSet, cells: &[&str], header: bool) -> Vec<LaidCell> {
        cells
            .iter()
            .enumerate()
            .map(|(c, text)| {
                let runs = vec![Run {
                    text: text.to_string(),
                    bold: header,
                    italic: false,
                }];
                let words = words_of(&runs);
                let width = self.col_x[c + 1] - self.col_x[c] - 2.0 * self.pad;
                let align = if header || c == 0 {
                    Align::Centre
                } else {
                    Align::Left
                };
                LaidCell {
                    lines: layout_paragraph(fonts, self.em, &words, width, 0.0, align),
                }
            })
            .collect()
    }

    fn row_height(&self, cells: &[LaidCell]) -> f32 {
        let n = cells
            .iter()
            .map(|c| c.lines.len())
            .max()
            .unwrap_or(1)
            .max(1);
        n as f32 * self.pitch + 2.0 * self.pad - (self.pitch - self.em * 1.15)
    }

    /// Prints a laid-out row with its top at `y`, ruled under and at every column edge.
    fn place_row(
        &self,
        page: &mut PageLayout,
        cells: &[LaidCell],
        texts: &[&str],
        y: f32,
        h: f32,
    ) -> Vec<CellBox> {
        let ascent = self.em * 0.9;
        let last = self.col_x.len() - 1;
        let mut boxes = Vec::new();
        for (c, cell) in cells.iter().enumerate() {
            let x0 = self.col_x[c] + self.pad;
            let mut lines = Vec::new();
            for (k, (pieces, text)) in cell.lines.iter().enumerate() {
                page.lines.push(PlacedLine {
                    baseline: y + self.pad + ascent + k as f32 * self.pitch,
                    pieces: pieces.iter().map(|(x, p)| (x + x0, p.clone())).collect(),
                    em_px: self.em,
                    text: text.clone(),
                    block: self.block,
                });
                lines.push(text.clone());
            }
            boxes.push(CellBox {
                text: texts[c].to_string(),
                lines,
                bbox: [self.col_x[c], y, self.col_x[c + 1], y + h],
            });
        }
        // horizontal rule under the row, verticals along it
        page.rules
            .push((self.col_x[0], y + h, self.col_x[last], y + h, self.rule));
        for &x in &self.col_x {
            page.rules.push((x, y, x, y + h, self.rule));
        }
        boxes
    }

    /// The top rule of the table (or of its part on a new page).
    fn top_rule(&self, page: &mut PageLayout, y: f32) {
        let last = self.col_x.len() - 1;
        page.rules
            .push((self.col_x[0], y, self.col_x[last], y, self.rule));
    }

    /// Places the header row and then every row, from `y` on the last of `pages` down to
    /// `bottom`. A row that does not fit starts a new page at `page_top` under the repeated
    /// header; rows are never split. Returns where the table ends and each row's page index
    /// and cells (the header rows included, `None` as their row index).
    #[allow(clippy::too_many_arguments)]
    pub fn place(
        &self,
        fonts: &FontSet,
        headers: &[&str],
        rows: &[Vec<&str>],
        pages: &mut Vec<PageLayout>,
        y: f32,
        page_top: f32,
        bottom: f32,
    ) -> (f32, Vec<(usize, RowBox)>) {
        let header = self.lay_row(fonts, headers, true);
        let header_h = self.row_height(&header);
        let mut placed = Vec::new();
        let mut y = y;
        let mut put = |pages: &mut Vec<PageLayout>,
                       cells: &[LaidCell],
                       texts: &[&str],
                       y: f32,
                       h: f32,
                       row: Option<usize>| {
            let page = pages.last_mut().expect("page");
            let boxes = self.place_row(page, cells, texts, y, h);
            placed.push((
                pages.len() - 1,
                RowBox {
                    header: row.is_none(),
                    row,
                    cells: boxes,
                },
            ));
        };
        if pages.is_empty() {
            pages.push(PageLayout::default());
        }
        // Not even the header and one row fit: the table starts on the next page.
        let first_h = rows
            .first()
            .map_or(0.0, |r| self.row_height(&self.lay_row(fonts, r, false)));
        if y + header_h + first_h > bottom && y > page_top {
            pages.push(PageLayout::default());
            y = page_top;
        }
        self.top_rule(pages.last_mut().expect("page"), y);
        put(pages, &header, headers, y, header_h, None);
        y += header_h;
        for (i, r) in rows.iter().enumerate() {
            let cells = self.lay_row(fonts, r, false);
            let h = self.row_height(&cells);
            if y + h > bottom {
                let mut page = PageLayout::default();
                self.top_rule(&mut page, page_top);
                pages.push(page);
                y = page_top;
                put(pages, &header, headers, y, header_h, None);
                y += header_h;
            }
            put(pages, &cells, r, y, h, Some(i));
            y += h;
        }
        (y, placed)
    }
}

/// Lays the table out on pages. `title` (e.g. "PHỤ LỤC") is printed centred above page 1.
pub fn layout_table(
    rows: &[TableRow],
    fonts: &FontSet,
    style: &PageStyle,
    title: Option<&str>,
) -> (Vec<PageLayout>, Vec<TablePageTruth>) {
    let grid = Grid::new(style, style.em_px(style.font_pt), &COLUMN_WEIGHTS);
    let em = grid.em;
    let left = grid.col_x[0];
    let total_w = style.px(style.width_mm - style.margin_left_mm - style.margin_right_mm);
    let top = style.px(style.margin_top_mm);
    let bottom = style.height_px() as f32 - style.px(style.margin_bottom_mm);
    let mut page = PageLayout::default();
    let mut y = top;
    if let Some(t) = title {
        let w = crate::render::measure(&fonts.bold, em * 1.15, t);
        page.lines.push(PlacedLine {
            baseline: y + em * 1.15,
            pieces: vec![(
                left + (total_w - w) / 2.0,
                crate::render::Piece {
                    text: t.to_string(),
                    bold: true,
                    italic: false,
                },
            )],
            em_px: em * 1.15,
            text: t.to_string(),
            block: 0,
        });
        y += em * 1.15 * 2.2;
    }
    let mut pages = vec![page];
    let cells: Vec<Vec<&str>> = rows.iter().map(|r| r.cells().to_vec()).collect();
    let (_, placed) = grid.place(fonts, &HEADERS, &cells, &mut pages, y, top, bottom);
    let mut truths: Vec<TablePageTruth> = (0..pages.len())
        .map(|i| TablePageTruth {
            page: i + 1,
            width: style.width_px(),
            height: style.height_px(),
            dpi: style.dpi,
            rows: Vec::new(),
        })
        .collect();
    for (p, row) in placed {
        truths[p].rows.push(row);
    }
    (pages, truths)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(i: usize) -> TableRow {
        TableRow {
            tt: i.to_string(),
            model: format!("Mô hình {i}: Triển khai các dịch vụ công thiết yếu trên địa bàn huyện theo lộ trình Đề án 06"),
            lead: "Các cơ quan, ban, ngành cấp huyện, UBND cấp xã".into(),
            partners: "Văn phòng UBND huyện, Trung tâm PV HCC huyện (chính), Phòng Văn hóa – Thông tin".into(),
            support: "Cục C06 – BCA".into(),
            deadline_text: "30/9/2024".into(),
            platform: "VNeID".into(),
        }
    }

    #[test]
    fn rows_from_gold_joins_model_titles() {
        let gold = serde_json::json!({
            "models": [{"number": 7, "title": "Chuẩn hóa dữ liệu."}],
            "appendix": [{"tt": 1, "model_number": 7, "lead": "A", "partners": "B", "support": "C", "deadline_text": "D", "platform": "E"}]
        });
        let rows = rows_from_gold(&gold).unwrap();
        assert_eq!(rows[0].model, "Mô hình 7: Chuẩn hóa dữ liệu.");
        assert_eq!(rows[0].tt, "1");
        let bad = serde_json::json!({"models": [], "appendix": [{"tt": 1, "model_number": 7}]});
        assert!(rows_from_gold(&bad).is_err());
    }

    #[test]
    fn header_repeats_and_every_row_is_placed_once_inside_the_page() {
        let Ok(fonts) = FontSet::load("liberation-serif") else {
            eprintln!("fonts-liberation not installed; skipped");
            return;
        };
        let rows: Vec<TableRow> = (1..=30).map(row).collect();
        let style = default_table_style(150.0);
        let (pages, truths) = layout_table(&rows, &fonts, &style, Some("PHỤ LỤC"));
        assert!(pages.len() >= 2);
        let mut seen = Vec::new();
        for t in &truths {
            assert!(t.rows[0].header, "page {} starts with the header", t.page);
            for r in &t.rows {
                assert!(r.cells[0].bbox[3] <= t.height as f32);
                if let Some(i) = r.row {
                    seen.push(i);
                }
                for c in &r.cells {
                    assert_eq!(c.lines.join(" "), c.text);
                }
            }
        }
        assert_eq!(seen, (0..30).collect::<Vec<_>>());
        // the model cell wraps
        assert!(truths[0].rows[1].cells[1].lines.len() >= 2);
    }
}
