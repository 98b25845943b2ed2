//! The appendix table (PHỤ LỤC): TT | Mô hình | Chủ trì | Phối hợp | Đơn vị hỗ trợ | Thời gian
//! hoàn thành | Nền tảng, read from OCR word boxes and linked to the body's models.
//!
//! OCR reads a ruled table in any order (Tesseract often takes a column at a time, or merges a
//! row's columns into one "line"), so the text is useless here. Geometry is what survives:
//! column positions come from the header words, refined by the blank vertical gaps the grid
//! lines leave between columns; rows start where the TT column holds a number (or a roman numeral
//! for a group row) or the model column starts "Mô hình N". A row that runs over a page break
//! continues below the repeated header on the next page.

use crate::body::match_model_heading;
use crate::deadline::parse_deadline;
use crate::labels::distance;
use crate::prep::key_of;
use kehoach_core::text::fold_whitespace;
use kehoach_core::{Appendix, BBox, Group, Model, Page, Warning, Word};

/// The columns, in printed order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Column {
    Tt,
    Model,
    Lead,
    Partners,
    Support,
    Deadline,
    Platform,
}

impl Column {
    pub const ALL: [Column; 7] = [
        Column::Tt,
        Column::Model,
        Column::Lead,
        Column::Partners,
        Column::Support,
        Column::Deadline,
        Column::Platform,
    ];
}

/// One row of the table as printed.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Row {
    pub tt: Option<u32>,
    /// The number printed after "Mô hình" in the model cell (may be wrong in the source).
    pub printed_number: Option<u32>,
    /// Model cell text after "Mô hình N:".
    pub title: String,
    pub lead: Option<String>,
    pub partners: Option<String>,
    pub support: Option<String>,
    pub deadline: Option<String>,
    pub platform: Option<String>,
    /// Page the row starts on.
    pub page: usize,
}

/// The table: group rows and model rows in order.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Table {
    pub groups: Vec<Group>,
    pub rows: Vec<Row>,
}

/// Header words (mark-free) that name each column; several words may name one column.
const HEADER_WORDS: &[(Column, &str)] = &[
    (Column::Tt, "tt"),
    (Column::Tt, "stt"),
    (Column::Lead, "chu tri"),
    (Column::Partners, "phoi hop"),
    (Column::Support, "ho tro"),
    (Column::Deadline, "hoan thanh"),
    (Column::Deadline, "thoi gian"),
    (Column::Platform, "nen tang"),
];

fn center_x(b: &BBox) -> f64 {
    (b.x0 as f64 + b.x1 as f64) / 2.0
}

fn center_y(b: &BBox) -> f64 {
    (b.y0 as f64 + b.y1 as f64) / 2.0
}

fn page_words(p: &Page) -> Vec<&Word> {
    p.lines.iter().flat_map(|l| l.words.iter()).collect()
}

/// Finds two-word header phrases ("chủ trì") among a page's words: consecutive words on the
/// same baseline whose joined key is within one edit of the phrase.
fn find_phrase(words: &[&Word], phrase: &str) -> Vec<BBox> {
    let parts: Vec<&str> = phrase.split(' ').collect();
    let mut out = Vec::new();
    for (i, w) in words.iter().enumerate() {
        let k = key_of(&w.text);
        let k = k.trim_matches(|c: char| !c.is_alphanumeric());
        if parts.len() == 1 {
            if k == parts[0] {
                out.push(w.bbox);
            }
            continue;
        }
        let Some(next) = words.get(i + 1) else {
            continue;
        };
        let same_line = (center_y(&w.bbox) - center_y(&next.bbox)).abs()
            < (w.bbox.y1 - w.bbox.y0).max(8) as f64;
        if !same_line {
            continue;
        }
        let nk = key_of(&next.text);
        let joined = format!("{k} {}", nk.trim_matches(|c: char| !c.is_alphanumeric()));
        if distance(&joined, phrase) <= 1 {
            out.push(w.bbox.union(&next.bbox));
        }
    }
    out
}

/// Column layout of one page: the x-ranges of each column and where the header band ends.
#[derive(Debug, Clone)]
struct Layout {
    /// (column, x_start, x_end)
    columns: Vec<(Column, f64, f64)>,
    header_bottom: u32,
}

impl Layout {
    fn column_of(&self, b: &BBox) -> Option<Column> {
        let x = center_x(b);
        self.columns
            .iter()
            .find(|(_, a, z)| x >= *a && x < *z)
            .map(|(c, _, _)| *c)
    }
}

/// Finds the header of the table on a page and derives column ranges.
fn layout_of(page: &Page) -> Option<Layout> {
    let words = page_words(page);
    let mut centers: Vec<(Column, f64, u32)> = Vec::new();
    for &(col, phrase) in HEADER_WORDS {
        // The topmost occurrence is the header; lower ones are cell text.
        if let Some(b) = find_phrase(&words, phrase).into_iter().min_by_key(|b| b.y0) {
            if centers.iter().all(|(c, _, _)| *c != col) {
                centers.push((col, center_x(&b), b.y1));
            }
        }
    }
    let has = |centers: &[(Column, f64, u32)], c: Column| centers.iter().any(|(x, _, _)| *x == c);
    if !(has(&centers, Column::Lead) && has(&centers, Column::Platform)) {
        return None;
    }
    let header_bottom = centers.iter().map(|(_, _, y)| *y).max()?;
    let header_top = centers
        .iter()
        .filter(|(c, _, _)| matches!(c, Column::Lead | Column::Partners | Column::Platform))
        .map(|(_, _, y)| *y)
        .min()?;
    // "Mô hình" in the header band names the model column.
    let model_header = find_phrase(&words, "mo hinh")
        .into_iter()
        .filter(|b| b.y1 <= header_bottom + 5 && b.y1 + 200 >= header_top)
        .min_by_key(|b| b.y0);
    if let Some(b) = model_header {
        centers.push((Column::Model, center_x(&b), b.y1));
    }
    if !has(&centers, Column::Tt) {
        // TT is the narrow first column; without its header it lies left of the model column.
        let left = words.iter().map(|w| w.bbox.x0).min()? as f64;
        centers.push((Column::Tt, left, header_bottom));
    }
    centers.sort_by(|a, b| a.1.total_cmp(&b.1));
    centers.dedup_by_key(|c| c.0);
    // Columns out of printed order mean this is not the table (or its header was misread).
    if !centers.windows(2).all(|w| w[0].0 < w[1].0) {
        return None;
    }
    // Boundaries: the widest blank vertical gap in the body between two header centres.
    let body: Vec<&BBox> = words
        .iter()
        .map(|w| &w.bbox)
        .filter(|b| b.y0 > header_bottom)
        .collect();
    let mut bounds = Vec::new();
    for pair in centers.windows(2) {
        let (a, z) = (pair[0].1, pair[1].1);
        bounds.push(widest_gap(&body, a, z).unwrap_or((a + z) / 2.0));
    }
    let mut columns = Vec::new();
    for (i, (col, _, _)) in centers.iter().enumerate() {
        let start = if i == 0 { f64::MIN } else { bounds[i - 1] };
        let end = bounds.get(i).copied().unwrap_or(f64::MAX);
        columns.push((*col, start, end));
    }
    Some(Layout {
        columns,
        header_bottom,
    })
}

/// Centre of the widest x-interval in (a, z) that no box covers.
fn widest_gap(boxes: &[&BBox], a: f64, z: f64) -> Option<f64> {
    let mut spans: Vec<(f64, f64)> = boxes
        .iter()
        .map(|b| (b.x0 as f64, b.x1 as f64))
        .filter(|(x0, x1)| *x1 > a && *x0 < z)
        .collect();
    spans.sort_by(|p, q| p.0.total_cmp(&q.0));
    let mut best: Option<(f64, f64)> = None;
    let mut cursor = a;
    for (x0, x1) in spans {
        if x0 > cursor {
            let gap = (cursor, x0.min(z));
            if best.is_none_or(|b| gap.1 - gap.0 > b.1 - b.0) {
                best = Some(gap);
            }
        }
        cursor = cursor.max(x1);
    }
    if cursor < z && best.is_none_or(|b| z - cursor > b.1 - b.0) {
        best = Some((cursor, z));
    }
    best.filter(|g| g.1 - g.0 >= 2.0).map(|g| (g.0 + g.1) / 2.0)
}

/// Words of one cell as text: page by page, visual lines top to bottom, words left to right.
fn cell_text(words: &[(usize, &Word)]) -> String {
    let mut pages: Vec<usize> = words.iter().map(|(p, _)| *p).collect();
    pages.dedup();
    let parts: Vec<String> = pages
        .into_iter()
        .map(|p| {
            page_cell_text(
                words
                    .iter()
                    .filter(|(q, _)| *q == p)
                    .map(|(_, w)| *w)
                    .collect(),
            )
        })
        .collect();
    fold_whitespace(&parts.join(" "))
}

fn page_cell_text(mut words: Vec<&Word>) -> String {
    if words.is_empty() {
        return String::new();
    }
    let h = {
        let mut hs: Vec<u32> = words.iter().map(|w| w.bbox.y1 - w.bbox.y0).collect();
        hs.sort_unstable();
        hs[hs.len() / 2].max(4) as f64
    };
    words.sort_by(|a, b| center_y(&a.bbox).total_cmp(&center_y(&b.bbox)));
    let mut lines: Vec<Vec<&Word>> = Vec::new();
    for w in words {
        match lines.last_mut() {
            Some(l) if (center_y(&w.bbox) - center_y(&l[0].bbox)).abs() < h * 0.6 => l.push(w),
            _ => lines.push(vec![w]),
        }
    }
    let mut out = String::new();
    for mut l in lines {
        l.sort_by_key(|w| w.bbox.x0);
        for w in l {
            if !out.is_empty() {
                out.push(' ');
            }
            out.push_str(&w.text);
        }
    }
    fold_whitespace(&out)
}

fn roman(s: &str) -> bool {
    !s.is_empty() && s.chars().all(|c| matches!(c, 'I' | 'V' | 'X'))
}

/// A cell group under construction: words per column.
#[derive(Default)]
struct RowBuf<'a> {
    /// Words per column, with the page they are on (a row may span a page break).
    cells: std::collections::BTreeMap<Column, Vec<(usize, &'a Word)>>,
    page: usize,
}

/// Reads the appendix table from OCR'd pages. Returns None when no page has its header.
pub fn read_table(pages: &[Page]) -> Option<Table> {
    let mut table = Table::default();
    let mut rows: Vec<RowBuf> = Vec::new();
    let mut found = false;
    let mut layout: Option<Layout> = None;
    for page in pages {
        let page_layout = layout_of(page);
        if page_layout.is_some() {
            found = true;
            layout = page_layout.clone();
        } else if !found {
            continue;
        }
        let Some(lay) = layout.as_ref() else { continue };
        let top = page_layout.as_ref().map(|l| l.header_bottom).unwrap_or(0);
        let mut words: Vec<&Word> = page_words(page)
            .into_iter()
            .filter(|w| w.bbox.y0 > top && !w.text.trim().is_empty())
            .collect();
        words.sort_by(|a, b| a.bbox.y0.cmp(&b.bbox.y0).then(a.bbox.x0.cmp(&b.bbox.x0)));
        let starts = row_starts(&words, lay);
        // Rows of this page are numbered after those of the previous pages.
        let base = rows.len();
        rows.extend(starts.ys.iter().map(|_| RowBuf {
            page: page.number,
            ..Default::default()
        }));
        for w in words {
            let Some(col) = lay.column_of(&w.bbox) else {
                continue;
            };
            let target = match starts.index_for(w) {
                Some(k) => rows.get_mut(base + k),
                // Above the page's first anchor: the previous page's last row continues.
                None if base > 0 => rows.get_mut(base - 1),
                None => None,
            };
            if let Some(r) = target {
                r.cells.entry(col).or_default().push((page.number, w));
            }
        }
    }
    if !found {
        return None;
    }
    for r in rows {
        let text = |c: Column| r.cells.get(&c).map(|w| cell_text(w)).unwrap_or_default();
        let tt = text(Column::Tt);
        let model = text(Column::Model);
        if roman(tt.trim_end_matches('.')) || key_of(&model).starts_with("nhom") {
            let mut title = model.clone();
            for c in [
                Column::Lead,
                Column::Partners,
                Column::Support,
                Column::Deadline,
                Column::Platform,
            ] {
                let t = text(c);
                if !t.is_empty() {
                    title.push(' ');
                    title.push_str(&t);
                }
            }
            let (title, declared) = crate::body::split_group_count(&fold_whitespace(&title));
            table.groups.push(Group {
                index: tt.trim_end_matches('.').to_string(),
                title,
                declared_model_count: declared,
            });
            continue;
        }
        let key = key_of(&model);
        let head = match_model_heading(&key);
        let title = match &head {
            Some(h) => {
                let chars = key[..h.title_start].chars().count();
                model
                    .chars()
                    .skip(chars)
                    .collect::<String>()
                    .trim()
                    .to_string()
            }
            None => model.clone(),
        };
        let opt = |s: String| (!s.is_empty()).then_some(s);
        table.rows.push(Row {
            tt: tt.trim_end_matches('.').parse().ok(),
            printed_number: head.map(|h| h.number),
            title,
            lead: opt(text(Column::Lead)),
            partners: opt(text(Column::Partners)),
            support: opt(text(Column::Support)),
            deadline: opt(text(Column::Deadline)),
            platform: opt(text(Column::Platform)),
            page: r.page,
        });
    }
    Some(table)
}

/// Row anchors of one page: the y positions where rows begin.
struct Starts {
    ys: Vec<u32>,
}

impl Starts {
    /// The row a word belongs to: the last anchor at or above its vertical centre.
    fn index_for(&self, w: &Word) -> Option<usize> {
        let cy = center_y(&w.bbox);
        let h = (w.bbox.y1 - w.bbox.y0) as f64;
        self.ys.iter().rposition(|&s| (s as f64) <= cy + h * 0.3)
    }
}

fn row_starts(words: &[&Word], lay: &Layout) -> Starts {
    let mut ys: Vec<u32> = Vec::new();
    for (i, w) in words.iter().enumerate() {
        let col = lay.column_of(&w.bbox);
        let t = w.text.trim_end_matches(['.', ')']);
        let anchor = match col {
            Some(Column::Tt) => t.parse::<u32>().is_ok() || roman(t),
            Some(Column::Model) => {
                let k = key_of(&w.text);
                let next = words
                    .get(i + 1)
                    .map(|n| key_of(&n.text))
                    .unwrap_or_default();
                (distance(&k, "mo") <= 1 && next.starts_with("hinh")) || k.starts_with("nhom")
            }
            _ => false,
        };
        if anchor {
            let y = w.bbox.y0;
            // Anchors of one row (TT number and "Mô hình") lie on about the same line.
            let tol = (w.bbox.y1 - w.bbox.y0).max(10) * 2;
            if ys.last().is_none_or(|&last| y > last + tol) {
                ys.push(y);
            }
        }
    }
    Starts { ys }
}

/// Similarity of two titles on their mark-free keys (0..1).
fn title_similarity(a: &str, b: &str) -> f64 {
    let (a, b) = (key_of(&fold_whitespace(a)), key_of(&fold_whitespace(b)));
    let n = a.chars().count().max(b.chars().count());
    if n == 0 {
        return 0.0;
    }
    1.0 - strsim::levenshtein(&a, &b) as f64 / n as f64
}

/// Links table rows to body models: by the printed number when the titles agree, otherwise by
/// the best-matching title (the source may print a wrong number), with a warning.
pub fn link(table: &Table, models: &mut [Model], warnings: &mut Vec<Warning>) {
    for row in &table.rows {
        let by_number = row
            .printed_number
            .and_then(|n| models.iter().position(|m| m.number == n));
        let best_by_title = models
            .iter()
            .enumerate()
            .map(|(i, m)| (i, title_similarity(&m.title, &row.title)))
            .max_by(|a, b| a.1.total_cmp(&b.1));
        let target = match (by_number, best_by_title) {
            (Some(i), Some((j, sj))) => {
                let si = title_similarity(&models[i].title, &row.title);
                if i != j && sj >= 0.6 && sj > si + 0.2 {
                    warnings.push(Warning {
                        code: "appendix_number_mismatch".into(),
                        message: format!(
                            "appendix row {} prints \"Mô hình {}\" but describes model {}",
                            row.tt.map(|t| t.to_string()).unwrap_or_default(),
                            row.printed_number.unwrap_or(0),
                            models[j].number
                        ),
                        line: None,
                    });
                    Some(j)
                } else {
                    Some(i)
                }
            }
            (None, Some((j, sj))) if sj >= 0.6 => Some(j),
            _ => None,
        };
        let Some(t) = target else {
            warnings.push(Warning {
                code: "appendix_row_unlinked".into(),
                message: format!(
                    "appendix row {} (\"{}\") matches no model of the body",
                    row.tt.map(|t| t.to_string()).unwrap_or_default(),
                    row.title
                ),
                line: None,
            });
            continue;
        };
        models[t].appendix = Some(Appendix {
            lead: row.lead.clone(),
            partners: row.partners.clone(),
            support: row.support.clone(),
            deadline: row.deadline.as_deref().map(parse_deadline),
            platform: row.platform.clone(),
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use kehoach_core::{Line, ModelSource, PageMethod};

    /// Lays out phrases as words: (text, x, y), each word 12 px per char wide, 20 px tall.
    fn page(number: usize, items: &[(&str, u32, u32)]) -> Page {
        let mut words = Vec::new();
        for &(text, x, y) in items {
            let mut cx = x;
            for w in text.split(' ') {
                let width = 12 * w.chars().count() as u32;
                words.push(Word {
                    text: w.to_string(),
                    bbox: BBox {
                        x0: cx,
                        y0: y,
                        x1: cx + width,
                        y1: y + 20,
                    },
                    confidence: 0.9,
                    choices: vec![],
                });
                cx += width + 10;
            }
        }
        Page {
            number,
            method: PageMethod::Ocr,
            lines: vec![Line {
                text: String::new(),
                words,
                bbox: None,
            }],
            text_layer: None,
            size: Some((3000, 2000)),
            ocr_confidence: Some(0.9),
            seconds: 0.0,
        }
    }

    fn header() -> Vec<(&'static str, u32, u32)> {
        vec![
            ("TT", 20, 100),
            ("Mô hình", 200, 100),
            ("Chủ trì", 600, 130),
            ("Phối hợp", 1000, 130),
            ("Đơn vị hỗ trợ", 1400, 130),
            ("Thời gian", 1800, 100),
            ("hoàn thành", 1800, 125),
            ("Nền tảng", 2200, 100),
        ]
    }

    #[test]
    fn reads_rows_groups_and_rows_over_a_page_break() {
        let mut p1 = header();
        p1.extend([
            ("I", 20, 200),
            ("Nhóm tiện ích phục vụ", 100, 200),
            ("công dân (03 mô hình)", 600, 200),
            ("1", 20, 260),
            ("Mô hình 1: Triển khai", 100, 260),
            ("53 DVC thiết yếu", 100, 285),
            ("Các cơ quan,", 560, 260),
            ("ban, ngành", 560, 285),
            ("Văn phòng UBND", 960, 260),
            ("Cục C06 - BCA", 1360, 260),
            ("Quý I/2024", 1780, 260),
            ("VNeID", 2180, 260),
            ("2", 20, 400),
            ("Mô hình 27: Phân tích", 100, 400),
            ("Công an huyện", 560, 400),
        ]);
        let mut p2 = header();
        p2.extend([
            ("tình hình trật tự", 100, 200),
            ("Phòng Tư pháp", 960, 200),
            ("30/9/2024", 1780, 200),
            ("IOC", 2180, 200),
        ]);
        let t = read_table(&[page(7, &p1), page(8, &p2)]).expect("table");
        assert_eq!(t.groups.len(), 1);
        assert_eq!(t.groups[0].index, "I");
        assert_eq!(t.groups[0].title, "Nhóm tiện ích phục vụ công dân");
        assert_eq!(t.groups[0].declared_model_count, Some(3));
        assert_eq!(t.rows.len(), 2);
        let r = &t.rows[0];
        assert_eq!((r.tt, r.printed_number), (Some(1), Some(1)));
        assert_eq!(r.title, "Triển khai 53 DVC thiết yếu");
        assert_eq!(r.lead.as_deref(), Some("Các cơ quan, ban, ngành"));
        assert_eq!(r.partners.as_deref(), Some("Văn phòng UBND"));
        assert_eq!(r.support.as_deref(), Some("Cục C06 - BCA"));
        assert_eq!(r.deadline.as_deref(), Some("Quý I/2024"));
        assert_eq!(r.platform.as_deref(), Some("VNeID"));
        let r = &t.rows[1];
        assert_eq!(r.title, "Phân tích tình hình trật tự");
        assert_eq!(r.partners.as_deref(), Some("Phòng Tư pháp"));
        assert_eq!(r.deadline.as_deref(), Some("30/9/2024"));
        assert_eq!(r.page, 7);
    }

    fn model(number: u32, title: &str) -> Model {
        Model {
            number,
            heading: None,
            group: None,
            title: title.into(),
            fields: Default::default(),
            appendix: None,
            source: ModelSource {
                page: None,
                line: 1,
            },
            confidence: 1.0,
        }
    }

    #[test]
    fn links_by_title_when_the_printed_number_is_wrong() {
        let table = Table {
            groups: vec![],
            rows: vec![Row {
                tt: Some(22),
                printed_number: Some(27),
                title: "Phân tích tình hình trật tự, an toàn xã hội".into(),
                lead: Some("Công an huyện".into()),
                ..Default::default()
            }],
        };
        let mut models = vec![
            model(27, "Truyền thông nội bộ cho toàn bộ cán bộ"),
            model(
                41,
                "Phân tích tình hình trật tự, an toàn xã hội trên địa bàn",
            ),
        ];
        let mut warnings = vec![];
        link(&table, &mut models, &mut warnings);
        assert!(models[0].appendix.is_none());
        assert_eq!(
            models[1].appendix.as_ref().unwrap().lead.as_deref(),
            Some("Công an huyện")
        );
        assert_eq!(warnings[0].code, "appendix_number_mismatch");
    }
}
