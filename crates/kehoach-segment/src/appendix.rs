//! The appendix table (PHỤ LỤC): TT | Mô hình | Chủ trì | Phối hợp | Đơn vị hỗ trợ | Thời gian
//! hoàn thành | Nền tảng, read from OCR word boxes and linked to the body's models. A plan that
//! lists its models only in a table (TT | Tên mô hình | Mục tiêu | Chủ trì | Phối hợp | Thời gian
//! | Ghi chú) is read the same way.
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
use kehoach_core::{
    Appendix, BBox, Fields, Group, Model, ModelSource, OtherCell, Page, Warning, Word,
};

/// The columns, in printed order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Column {
    Tt,
    Model,
    /// "Mục tiêu": only in tables that are a plan's whole list of models.
    Objective,
    /// "Nội dung (thực hiện)": the work, likewise (read as the model's assignments).
    Content,
    /// "Đơn vị / Cơ quan thực hiện", "Lực lượng": the implementers where a table names no lead
    /// and partners, likewise.
    Implementers,
    Lead,
    Partners,
    Support,
    Deadline,
    Platform,
    /// "Ghi chú": also only in a plan's whole list of models.
    Note,
    /// A column the contract has no field for, by its index in [`OTHER_COLUMNS`]: read so
    /// its words do not fall into a neighbouring cell, and kept under its header.
    Other(u8),
    /// A column whose header cell OCR lost, found by its cells' margin between two known
    /// columns: kept as the column after its left neighbour (by that one's index in
    /// [`Column::every`]), the first, second … such ("Cột sau Phối hợp", "Cột sau Phối hợp
    /// (2)").
    Unnamed(u8, u8),
}

/// Columns outside the contract that appendices print ("Sản phẩm", "Kinh phí"): the
/// mark-free key of the header phrase that names one, and the header as the output names it.
/// A scanned table's header is found by its phrases, so only these are told apart there; a
/// pipe table names any column by its header cell.
pub const OTHER_COLUMNS: [(&str, &str); 7] = [
    ("san pham", "Sản phẩm"),
    ("ket qua", "Kết quả"),
    ("kinh phi", "Kinh phí"),
    ("du toan", "Dự toán"),
    ("nguon von", "Nguồn vốn"),
    ("dia diem", "Địa điểm"),
    ("dia ban", "Địa bàn"),
];

impl Column {
    pub const ALL: [Column; 11] = [
        Column::Tt,
        Column::Model,
        Column::Objective,
        Column::Content,
        Column::Implementers,
        Column::Lead,
        Column::Partners,
        Column::Support,
        Column::Deadline,
        Column::Platform,
        Column::Note,
    ];

    /// [`Column::ALL`] and then every column of [`OTHER_COLUMNS`].
    pub fn every() -> impl Iterator<Item = Column> {
        Column::ALL
            .into_iter()
            .chain((0..OTHER_COLUMNS.len() as u8).map(Column::Other))
    }

    /// The header as the output names the column: its usual printed wording.
    pub fn header(self) -> String {
        match self {
            Column::Tt => "TT".into(),
            Column::Model => "Mô hình".into(),
            Column::Objective => "Mục tiêu".into(),
            Column::Content => "Nội dung".into(),
            Column::Implementers => "Đơn vị thực hiện".into(),
            Column::Lead => "Chủ trì".into(),
            Column::Partners => "Phối hợp".into(),
            Column::Support => "Đơn vị hỗ trợ".into(),
            Column::Deadline => "Thời gian hoàn thành".into(),
            Column::Platform => "Nền tảng".into(),
            Column::Note => "Ghi chú".into(),
            Column::Other(k) => OTHER_COLUMNS
                .get(usize::from(k))
                .map_or_else(String::new, |o| o.1.to_string()),
            Column::Unnamed(left, n) => {
                let after = Column::every()
                    .nth(usize::from(left))
                    .map_or_else(|| "?".to_string(), Column::header);
                match n {
                    0 => format!("Cột sau {after}"),
                    n => format!("Cột sau {after} ({})", n + 1),
                }
            }
        }
    }
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
    /// An objective column ("Mục tiêu"), which a plan listing its models only in a table has.
    pub objective: Option<String>,
    /// A remarks column ("Ghi chú"), likewise.
    pub note: Option<String>,
    /// A work column ("Nội dung thực hiện"), likewise.
    pub content: Option<String>,
    /// An implementers column ("Đơn vị thực hiện"), likewise.
    pub implementers: Option<String>,
    /// Cells of columns outside the contract: (header, text), in the table's order.
    pub other: Vec<(String, String)>,
    /// Page the row starts on.
    pub page: usize,
    /// 1-based document line where the row starts (0 when unknown).
    pub line: usize,
    /// Index of the group row above it, if the table has group rows.
    pub group: Option<String>,
}

impl Row {
    /// One line with every cell, " | "-separated (for inspecting what a reader found).
    pub fn summary(&self) -> String {
        let c = |s: &Option<String>| s.clone().unwrap_or_default();
        format!(
            "p{} tt={:?} n={:?} | {} | {} | {} | {} | {} | {}",
            self.page,
            self.tt,
            self.printed_number,
            self.title,
            c(&self.lead),
            c(&self.partners),
            c(&self.support),
            c(&self.deadline),
            c(&self.platform)
        )
    }
}

/// The table: group rows and model rows in order.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Table {
    pub groups: Vec<Group>,
    pub rows: Vec<Row>,
    /// Columns found by their cells' margin whose header cell OCR lost, as `other` names them
    /// ("Cột sau Phối hợp"): the analyst is told their header is unknown.
    pub unnamed: Vec<String>,
}

impl Table {
    /// Every group, then every row ([`Row::summary`]), one per line (for inspecting a table).
    pub fn summary(&self) -> String {
        let groups = self.groups.iter().map(|g| {
            format!(
                "group {} {:?} ({:?})",
                g.index, g.title, g.declared_model_count
            )
        });
        let rows = self.rows.iter().map(Row::summary);
        groups.chain(rows).collect::<Vec<_>>().join("\n")
    }
}

/// Words that end a wrapped header cell ("Thời gian hoàn / thành", "Phân công thực / hiện"),
/// mark-free. Only these extend the header band, so a first body row starting just below the
/// header ("Mô hình 1: …", "Công an …") is never swallowed.
const HEADER_VOCABULARY: &[&str] = &[
    "hien", "tri", "hop", "tro", "gian", "hoan", "thanh", "tang", "tieu",
];

fn center_x(b: &BBox) -> f64 {
    (b.x0 as f64 + b.x1 as f64) / 2.0
}

fn center_y(b: &BBox) -> f64 {
    (b.y0 as f64 + b.y1 as f64) / 2.0
}

/// Characters OCR makes of grid lines; they cling to the words next to the rules. "†" is
/// where two rules cross ("dịch †vụ" in a fax's cell); no plan prints a dagger.
fn is_rule_char(c: char) -> bool {
    matches!(c, '|' | '_' | '[' | ']' | '¦' | '‖' | '!' | '{' | '}' | '†')
}

/// The largest skew (as a slope, about 5°) undone: beyond it OCR itself fails on the page.
const MAX_SKEW: f64 = 0.09;

/// The page's skew as the slope (dy/dx, image y downwards) of its text lines, when it can be
/// measured: the median slope between pairs of words of one OCR line, weighted by their
/// distance.
///
/// A fax fed in at 1.5° drifts by a whole text line across a landscape table and by a column
/// gap down it, so rows and column rules can only be found once the skew is undone. Pairs are
/// words of similar height two to fifteen text heights apart: far enough that whole pixels
/// still resolve a fraction of a degree, near enough to be one visual line. Accents and
/// descenders move single boxes; the median over hundreds of pairs does not move.
fn skew_of(p: &Page) -> Option<f64> {
    let mut slopes: Vec<(f64, f64)> = Vec::new();
    for l in &p.lines {
        let mut ws: Vec<&Word> = l
            .words
            .iter()
            .filter(|w| w.text.chars().any(char::is_alphanumeric))
            .collect();
        ws.sort_by_key(|w| w.bbox.x0);
        for (i, a) in ws.iter().enumerate() {
            for b in &ws[i + 1..] {
                let (a, b) = (&a.bbox, &b.bbox);
                let (ha, hb) = ((a.y1 - a.y0) as f64, (b.y1 - b.y0) as f64);
                let h = ha.max(hb).max(1.0);
                let dx = center_x(b) - center_x(a);
                let dy = center_y(b) - center_y(a);
                // Near enough and level enough to be one visual line even at the largest skew
                // believed (an OCR "line" may join a table row's cells across text lines).
                if ha.min(hb) < h * 0.75 || dx < 2.0 * h || dx > 15.0 * h {
                    continue;
                }
                if dy.abs() > MAX_SKEW * dx + 0.3 * h {
                    continue;
                }
                slopes.push((dy / dx, dx));
            }
        }
    }
    if slopes.len() < 20 {
        return None;
    }
    slopes.sort_by(|a, b| a.0.total_cmp(&b.0));
    let total: f64 = slopes.iter().map(|s| s.1).sum();
    let mut acc = 0.0;
    let median = slopes.iter().find(|s| {
        acc += s.1;
        acc >= total / 2.0
    })?;
    (median.0.abs() <= MAX_SKEW).then_some(median.0)
}

/// Rotates every word box by the page's skew about the page centre, keeping its size, so text
/// lines run level and column rules stand upright.
fn deskewed(p: &Page, words: &mut [Word]) {
    let Some(s) = skew_of(p) else {
        return;
    };
    let (cx, cy) = match p.size {
        Some((w, h)) => (w as f64 / 2.0, h as f64 / 2.0),
        None => {
            let n = words.len().max(1) as f64;
            (
                words.iter().map(|w| center_x(&w.bbox)).sum::<f64>() / n,
                words.iter().map(|w| center_y(&w.bbox)).sum::<f64>() / n,
            )
        }
    };
    let (sin, cos) = s.atan().sin_cos();
    for w in words {
        let (x, y) = (center_x(&w.bbox) - cx, center_y(&w.bbox) - cy);
        let (nx, ny) = (x * cos + y * sin + cx, -x * sin + y * cos + cy);
        let (hw, hh) = (
            (w.bbox.x1 - w.bbox.x0) as f64 / 2.0,
            (w.bbox.y1 - w.bbox.y0) as f64 / 2.0,
        );
        let at = |v: f64| v.round().max(0.0) as u32;
        w.bbox = BBox {
            x0: at(nx - hw),
            y0: at(ny - hh),
            x1: at(nx + hw).max(at(nx - hw) + 1),
            y1: at(ny + hh).max(at(ny - hh) + 1),
        };
    }
}

/// Whether the bar opening `w` ("|II/2024") is the first stroke of a quarter's numeral, not a
/// rule that clings to it: the rest with it is a numeral ("II/2024", "I", "V"; not "IV") and
/// "Quý" stands right before it on its line, or on the line above starting at the same x (a
/// wrapped cell: a rule would stand left of the cell's margin, where "Quý" starts).
fn quarter_stroke(w: &Word, rest: &str, all: &[&Word]) -> bool {
    let rest = rest.trim_end_matches(['.', ',', ';']);
    let (numeral, year) = rest.split_once('/').unwrap_or((rest, ""));
    let year_ok = year.is_empty() || (year.len() == 4 && year.bytes().all(|b| b.is_ascii_digit()));
    if !(matches!(numeral, "" | "I" | "II" | "V") && year_ok) {
        return false;
    }
    let h = f64::from(w.bbox.y1 - w.bbox.y0).max(8.0);
    all.iter().any(|q| {
        if !matches!(key_of(&q.text).as_str(), "quy") {
            return false;
        }
        let dy = center_y(&w.bbox) - center_y(&q.bbox);
        let before = dy.abs() < 0.5 * h
            && q.bbox.x1 <= w.bbox.x0
            && f64::from(w.bbox.x0 - q.bbox.x1) < 1.5 * h;
        let above = dy > 0.5 * h
            && dy < 1.8 * h
            && (f64::from(w.bbox.x0) - f64::from(q.bbox.x0)).abs() < 0.25 * h;
        before || above
    })
}

/// A page's words with grid-line debris removed and the page's skew undone: rule characters
/// are cut from both ends of a word and its box is shrunk in proportion, so the blank gaps at
/// column rules reappear.
fn page_words(p: &Page) -> Vec<Word> {
    let mut out = Vec::new();
    let all: Vec<&Word> = p.lines.iter().flat_map(|l| l.words.iter()).collect();
    for &w in &all {
        let n = w.text.chars().count().max(1) as f64;
        let mut lead = w.text.chars().take_while(|&c| is_rule_char(c)).count();
        let mut trimmed: String = w.text.trim_matches(is_rule_char).to_string();
        if lead == 1 && w.text.starts_with('|') && quarter_stroke(w, &trimmed, &all) {
            trimmed.insert(0, 'I');
            lead = 0;
        }
        if trimmed.is_empty() {
            continue;
        }
        let trail = w
            .text
            .chars()
            .rev()
            .take_while(|&c| is_rule_char(c))
            .count();
        let per = (w.bbox.x1 - w.bbox.x0) as f64 / n;
        let mut bbox = w.bbox;
        bbox.x0 += (per * lead as f64) as u32;
        bbox.x1 = bbox
            .x1
            .saturating_sub((per * trail as f64) as u32)
            .max(bbox.x0 + 1);
        out.push(Word {
            text: trimmed,
            bbox,
            confidence: w.confidence,
            choices: Vec::new(),
        });
    }
    deskewed(p, &mut out);
    let h = text_height(&out);
    out.retain(|w| !is_debris(w, h));
    out
}

/// The page's text height: the median box height of the words holding a letter or digit.
fn text_height(words: &[Word]) -> f64 {
    let mut hs: Vec<u32> = words
        .iter()
        .filter(|w| w.text.chars().any(char::is_alphanumeric))
        .map(|w| w.bbox.y1 - w.bbox.y0)
        .collect();
    hs.sort_unstable();
    hs.get(hs.len() / 2).copied().unwrap_or(20).max(4) as f64
}

/// Punctuation that stands alone between words of a cell ("Văn hóa – Thông tin",
/// "2023 - 2025", "GD & ĐT"); any other symbol-only word is a mark OCR made of the scan.
fn is_text_punctuation(c: char) -> bool {
    matches!(
        c,
        '-' | '–'
            | '—'
            | '~'
            | '&'
            | '('
            | ')'
            | ','
            | '.'
            | ';'
            | ':'
            | '/'
            | '%'
            | '"'
            | '“'
            | '”'
    )
}

/// Marks of the scan that OCR turned into words, told apart by shape alone (`h` = the page's
/// text height): specks (a fax's dirt, far smaller than a letter and not flat like a dash),
/// grid-line pieces (taller than a text line and short and read with little confidence,
/// without a letter, or one capital twice a line high: "IP" for a rule crossing "Mô", "J",
/// "-"; a real word with a rule merged into its box keeps its confidence or its length), and
/// symbols no cell text has ("+" and "†" where rules cross, "¬", "=").
fn is_debris(w: &Word, h: f64) -> bool {
    let (bw, bh) = (
        (w.bbox.x1 - w.bbox.x0) as f64,
        (w.bbox.y1 - w.bbox.y0) as f64,
    );
    // A dash of a 150 dpi fax is as small as a speck, but flat.
    if bw.max(bh) < 0.3 * h && bw < 2.0 * bh {
        return true;
    }
    let alnum = w.text.chars().any(char::is_alphanumeric);
    let lone_capital =
        w.text.chars().count() == 1 && !w.text.chars().any(char::is_lowercase) && bh > 2.0 * h;
    let short = w.text.chars().count() <= 3;
    if bh > 1.6 * h && ((w.confidence < 0.5 && short) || !alnum || lone_capital) {
        return true;
    }
    // What OCR could barely read and whose box no text line has: flatter than a letter's
    // x-height (a horizontal rule with a speck), somewhat too tall, or wider per letter than
    // any letter.
    let per_char = bw / w.text.chars().count().max(1) as f64;
    if alnum
        && w.confidence < 0.3
        && (bh < 0.45 * h || (bh > 1.25 * h && w.text.chars().count() <= 2) || per_char > 1.3 * h)
    {
        return true;
    }
    !alnum && !w.text.chars().all(is_text_punctuation)
}

/// A word's mark-free key without the punctuation OCR clings to it ("thành," → "thanh").
fn bare_key(text: &str) -> String {
    key_of(text)
        .trim_matches(|c: char| !c.is_alphanumeric())
        .to_string()
}

/// Finds two-word header phrases ("chủ trì") among a page's words: consecutive words on the
/// same baseline whose joined key is within one edit of the phrase, or a word whose cell wraps
/// the phrase's second word onto the next line ("Cơ quan phối / hợp" in a narrow column).
fn find_phrase(words: &[Word], phrase: &str) -> Vec<BBox> {
    let parts: Vec<&str> = phrase.split(' ').collect();
    let bare = |w: &Word| bare_key(&w.text);
    let mut out = Vec::new();
    for (i, w) in words.iter().enumerate() {
        let k = bare(w);
        if parts.len() == 1 {
            if k == parts[0] {
                out.push(w.bbox);
            }
            continue;
        }
        let h = (w.bbox.y1 - w.bbox.y0).max(8) as f64;
        let joins = |next: &Word| distance(&format!("{k} {}", bare(next)), phrase) <= 1;
        if let Some(next) = words.get(i + 1) {
            let same_line = (center_y(&w.bbox) - center_y(&next.bbox)).abs() < h;
            if same_line && joins(next) {
                out.push(w.bbox.union(&next.bbox));
                continue;
            }
        }
        // The next line of the same cell: just below, its centre near this word's (header
        // cells are centred). Body lines wrap back to the margin, far to the left.
        let below = words.iter().find(|n| {
            let dy = center_y(&n.bbox) - center_y(&w.bbox);
            dy > 0.6 * h
                && dy < 2.0 * h
                && (center_x(&n.bbox) - center_x(&w.bbox)).abs() < 3.0 * h
                && joins(n)
        });
        if let Some(next) = below {
            out.push(w.bbox.union(&next.bbox));
        }
    }
    out
}

/// True when the phrase at `b` ends in a colon ("Đơn vị chủ trì: Sở X; phối hợp: Công an"):
/// a field label of the body, which may hold several header phrases side by side on one
/// line. A header cell never carries a colon.
fn ends_in_colon(words: &[Word], b: &BBox) -> bool {
    let h = (b.y1 - b.y0).max(8) as f64;
    let on_line = |o: &&Word| (center_y(&o.bbox) - center_y(b)).abs() < h * 0.6;
    let last = words.iter().filter(|o| o.bbox.x1 == b.x1).find(on_line);
    if last.is_some_and(|w| w.text.ends_with(':')) {
        return true;
    }
    // OCR may set the colon apart as a word of its own.
    words
        .iter()
        .filter(|o| o.bbox.x0 >= b.x1 && o.bbox.x0 <= b.x1 + h as u32)
        .filter(on_line)
        .min_by_key(|o| o.bbox.x0)
        .is_some_and(|o| o.text.starts_with(':'))
}

/// True when the phrase at `b` is followed on its line by a model number ("Mô hình 1:"): that
/// is the first row's model cell, not the header's "Mô hình".
fn opens_model_cell(words: &[Word], b: &BBox) -> bool {
    let h = (b.y1 - b.y0).max(8) as f64;
    words
        .iter()
        .filter(|o| o.bbox.x0 >= b.x1 && o.bbox.x0 <= b.x1 + 3 * h as u32)
        .filter(|o| (center_y(&o.bbox) - center_y(b)).abs() < h * 0.6)
        .min_by_key(|o| o.bbox.x0)
        .is_some_and(|o| o.text.trim_end_matches([':', '.']).parse::<u32>().is_ok())
}

/// Column layout of one page: the x-ranges of each column and where the header band ends.
#[derive(Debug, Clone)]
struct Layout {
    /// (column, x_start, x_end)
    columns: Vec<(Column, f64, f64)>,
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

/// The header found on a page: column centres and the bottom of the header band.
#[derive(Debug, Clone)]
struct Header {
    centers: Vec<(Column, f64)>,
    bottom: u32,
}

/// Finds the table header on a page. The phrases that only a header has ("Chủ trì",
/// "Phối hợp", "hỗ trợ", "Nền tảng") fix the band; "TT", "Mô hình", "Thời gian hoàn thành"
/// also occur in cells, so they are searched inside the band only.
fn header_of(page: &Page) -> Option<Header> {
    let words = page_words(page);
    let core = [
        (Column::Lead, "chu tri"),
        (Column::Partners, "phoi hop"),
        (Column::Support, "ho tro"),
        (Column::Platform, "nen tang"),
    ];
    let text_h = text_height(&words).max(8.0);
    let occurrences: Vec<(Column, BBox)> = core
        .iter()
        .flat_map(|&(col, phrase)| {
            find_phrase(&words, phrase)
                .into_iter()
                .filter(|b| !ends_in_colon(&words, b))
                .map(move |b| (col, b))
        })
        .collect();
    // The core phrases of one header lie within a few lines of each other. The header is
    // where most of them meet, on ties the tightest and then the topmost such place: the same
    // words in running text above the table ("phân công rõ cơ quan chủ trì") stand alone.
    let window = (4.0 * text_h) as u32;
    let near = |anchor: u32| {
        let mut cols: Vec<(Column, BBox)> = Vec::new();
        for &(col, b) in &occurrences {
            if b.y0 >= anchor && b.y0 <= anchor + window && !cols.iter().any(|(c, _)| *c == col) {
                cols.push((col, b));
            }
        }
        cols
    };
    let spread = |cols: &[(Column, BBox)]| {
        let ys = cols.iter().map(|(_, b)| b.y0);
        ys.clone().max().unwrap_or(0) - ys.min().unwrap_or(0)
    };
    let anchor = occurrences.iter().map(|(_, b)| b.y0).min_by_key(|&y| {
        let cols = near(y);
        (std::cmp::Reverse(cols.len()), spread(&cols), y)
    });
    let mut found = anchor.map(near).unwrap_or_default();
    let mut top = anchor.unwrap_or(0);
    if found.len() < 2 {
        found = model_list_header(&words, text_h)?;
        top = found.iter().map(|(_, b)| b.y0).min()?;
    }
    // One line's height: a phrase wrapped over two lines of its cell is taller.
    let line_h = found
        .iter()
        .map(|(_, b)| b.y1 - b.y0)
        .filter(|&h| f64::from(h) <= 1.6 * text_h)
        .max()
        .unwrap_or(text_h as u32)
        .max(8);
    // Columns stand side by side. Field labels of a plan's body ("Đơn vị chủ trì:" over
    // "Đơn vị phối hợp:") hold the same phrases stacked in one column: no table.
    let side_by_side = found.iter().enumerate().any(|(i, (_, a))| {
        found[i + 1..]
            .iter()
            .any(|(_, b)| a.x1 < b.x0 || b.x1 < a.x0)
    });
    if found.len() < 2 || !side_by_side {
        return None;
    }
    let band_top = top.saturating_sub(line_h * 5);
    // Header cells are centred vertically around the core phrases; anything a line below them
    // is the first row (wrapped header words are picked up by the vocabulary loop further on).
    let band_bottom = found.iter().map(|(_, b)| b.y1).max()? + line_h / 2;
    let in_band = |b: &BBox| b.y0 >= band_top && b.y1 <= band_bottom;
    // Every header phrase in the band moves its bottom down (two-line headers such as
    // "Thời gian / hoàn thành"); the first one found for a column gives its centre.
    let mut bottom = found.iter().map(|(_, b)| b.y1).max()?;
    let (core_top, core_bottom) = (top, bottom);
    // A header phrase in the band that passes `keep`, the one nearest the core phrases: the
    // band reaches lines above the header, where a heading or a sentence may hold the same
    // words ("DANH MỤC MÔ HÌNH").
    let nearest = |phrase: &str, keep: &dyn Fn(&BBox) -> bool| {
        find_phrase(&words, phrase)
            .into_iter()
            .filter(|b| in_band(b) && keep(b) && !opens_model_cell(&words, b))
            .min_by_key(|b| {
                (
                    core_top
                        .saturating_sub(b.y1)
                        .max(b.y0.saturating_sub(core_bottom)),
                    b.y0,
                )
            })
    };
    for (col, phrase) in [
        (Column::Tt, "tt"),
        (Column::Tt, "stt"),
        (Column::Model, "mo hinh"),
        (Column::Deadline, "thoi gian"),
        (Column::Deadline, "hoan thanh"),
        (Column::Support, "don vi"),
        (Column::Lead, "phan cong"),
        (Column::Objective, "muc tieu"),
        (Column::Note, "ghi chu"),
        (Column::Content, "noi dung"),
    ] {
        let Some(b) = nearest(phrase, &|_| true) else {
            continue;
        };
        bottom = bottom.max(b.y1);
        if !found.iter().any(|(c, _)| *c == col) && !matches!(phrase, "don vi" | "phan cong") {
            found.push((col, b));
        }
    }
    // Columns outside the contract, each under a header cell of its own: a phrase standing
    // over a known column's phrase belongs to that cell ("Nội dung, kết quả").
    for (k, (phrase, _)) in OTHER_COLUMNS.iter().enumerate() {
        let own_cell = |b: &BBox| !found.iter().any(|(_, f)| b.x0 < f.x1 && f.x0 < b.x1);
        let Some(b) = nearest(phrase, &own_cell) else {
            continue;
        };
        bottom = bottom.max(b.y1);
        found.push((Column::Other(k as u8), b));
    }
    // Header cells wrap ("Thời gian hoàn" / "thành"): header vocabulary just below extends the band.
    loop {
        let next = words
            .iter()
            .filter(|w| {
                w.bbox.y0 > band_top && w.bbox.y1 > bottom && w.bbox.y0 <= bottom + line_h / 2
            })
            .filter(|w| {
                // OCR clings specks to header words as punctuation ("thành,").
                HEADER_VOCABULARY.contains(&bare_key(&w.text).as_str())
            })
            .map(|w| w.bbox.y1)
            .max();
        match next {
            Some(y) => bottom = y,
            None => break,
        }
    }
    let mut centers: Vec<(Column, f64)> = found.iter().map(|(c, b)| (*c, center_x(b))).collect();
    centers.sort_by(|a, b| a.1.total_cmp(&b.1));
    // Columns out of printed order mean the header was misread on this page.
    if !in_printed_order(&centers) {
        return None;
    }
    Some(Header { centers, bottom })
}

/// Whether the contract's columns of `centers` (sorted by x) stand in their printed order;
/// columns outside the contract may stand anywhere.
fn in_printed_order(centers: &[(Column, f64)]) -> bool {
    let known: Vec<Column> = centers
        .iter()
        .map(|c| c.0)
        .filter(|c| !matches!(c, Column::Other(_) | Column::Unnamed(..)))
        .collect();
    known.windows(2).all(|w| w[0] < w[1])
}

/// The header of a plan's own list of models that names no lead or partners: "Tên mô hình",
/// "Đơn vị (Cơ quan, Lực lượng) thực hiện" and "Thời gian …" in three cells side by side,
/// within two lines of each other. Words of a sentence stand closer together than the cells'
/// two line heights.
fn model_list_header(words: &[Word], h: f64) -> Option<Vec<(Column, BBox)>> {
    let phrases = |p: &str| -> Vec<BBox> {
        find_phrase(words, p)
            .into_iter()
            .filter(|b| !ends_in_colon(words, b))
            .collect()
    };
    let (models, times) = (phrases("mo hinh"), phrases("thoi gian"));
    let units = phrases("thuc hien").into_iter().filter(|b| {
        // OCR may glue the word to the one before it ("Đơnvị").
        word_before(words, b, "thuc", h)
            .is_some_and(|k| ["vi", "quan", "luong"].iter().any(|e| k.ends_with(e)))
    });
    let apart = |a: &BBox, b: &BBox| f64::from(b.x0.saturating_sub(a.x1)) >= 2.0 * h;
    for u in units {
        let close = |b: &&BBox| (f64::from(b.y0) - f64::from(u.y0)).abs() <= 2.0 * h;
        let m = models.iter().filter(close).find(|m| apart(m, &u));
        let t = times.iter().filter(close).find(|t| apart(&u, t));
        if let (Some(m), Some(t)) = (m, t) {
            return Some(vec![
                (Column::Model, *m),
                (Column::Implementers, u),
                (Column::Deadline, *t),
            ]);
        }
    }
    None
}

/// The mark-free key of the word before a phrase (at `b`, its first word's key starting with
/// `first`) in its cell: left of it on its line, or the last near its cell on the line above
/// (a wrapped header cell).
fn word_before(words: &[Word], b: &BBox, first: &str, h: f64) -> Option<String> {
    let line = f64::from(b.y0) + h / 2.0;
    let on_line = |w: &&Word| (center_y(&w.bbox) - line).abs() < 0.6 * h;
    // Where the phrase starts on its first line (a wrapped phrase's box reaches further left
    // on its second).
    let start = words
        .iter()
        .filter(on_line)
        .filter(|w| w.bbox.x0 + 2 >= b.x0 && w.bbox.x1 <= b.x1 + 2)
        .filter(|w| key_of(&w.text).starts_with(first))
        .map(|w| w.bbox.x0)
        .min()?;
    let same = words
        .iter()
        .filter(on_line)
        .filter(|w| w.bbox.x1 <= start + 2 && f64::from(start.saturating_sub(w.bbox.x1)) < 2.0 * h)
        .max_by_key(|w| w.bbox.x1);
    let above = || {
        words
            .iter()
            .filter(|w| {
                let dy = line - center_y(&w.bbox);
                dy > 0.6 * h && dy < 2.0 * h && (center_x(&w.bbox) - center_x(b)).abs() < 4.0 * h
            })
            .max_by_key(|w| w.bbox.x1)
    };
    same.or_else(above).map(|w| bare_key(&w.text))
}

/// Column centres for the whole table: per column, the median over the pages whose header
/// shows it. A table keeps one layout across pages, so a page whose header lost a word (or
/// whose header OCR failed) borrows the others'.
fn consensus(headers: &[&Header]) -> Vec<(Column, f64)> {
    let mut out = Vec::new();
    for col in Column::every() {
        let mut xs: Vec<f64> = headers
            .iter()
            .flat_map(|h| h.centers.iter().filter(|(c, _)| *c == col).map(|(_, x)| *x))
            .collect();
        if xs.is_empty() {
            continue;
        }
        xs.sort_by(|a, b| a.total_cmp(b));
        out.push((col, xs[xs.len() / 2]));
    }
    out.sort_by(|a, b| a.1.total_cmp(&b.1));
    out
}

/// Boundaries between consecutive columns of a page: the rule position found from the page's
/// own words between the two column centres.
fn page_bounds(centers: &[(Column, f64)], body: &[&BBox]) -> Vec<Option<f64>> {
    centers
        .windows(2)
        .map(|w| widest_gap(body, w[0].1, w[1].1))
        .collect()
}

/// Column ranges of a page. Each rule is searched near `expected` (the rule's median position
/// on the pages with a readable header), so stray words on a noisy page cannot move it far.
fn layout_for(
    centers: &[(Column, f64)],
    expected: &[Option<f64>],
    words: &[&Word],
    top: u32,
    line_h: f64,
) -> Layout {
    let body: Vec<&BBox> = words
        .iter()
        .map(|w| &w.bbox)
        .filter(|b| b.y0 > top)
        .collect();
    let mut columns = Vec::new();
    let mut start = f64::MIN;
    for (i, (col, x)) in centers.iter().enumerate() {
        let end = match centers.get(i + 1) {
            Some((_, nx)) => {
                let (lo, hi) = match expected.get(i).copied().flatten() {
                    Some(e) => ((e - 2.0 * line_h).max(*x), (e + 2.0 * line_h).min(*nx)),
                    None => (*x, *nx),
                };
                widest_gap(&body, lo, hi)
                    .or(expected.get(i).copied().flatten())
                    .unwrap_or((x + nx) / 2.0)
            }
            None => f64::MAX,
        };
        if i == 0 && *col == Column::Tt && end < f64::MAX {
            // The TT number stands under its centred header: the column reaches no further left
            // of the centre than half as far again as to its rule. Further left is the margin,
            // where a fax's specks read as digits would start rows.
            start = x - 1.5 * (end - x);
        }
        columns.push((*col, start, end));
        start = end;
    }
    Layout { columns }
}

/// [`layout_for`] with no expected rule positions: after a column whose header cell was lost
/// is inserted, every rule is searched afresh on the page's own words.
fn layout_afresh(centers: &[(Column, f64)], words: &[&Word], top: u32, line_h: f64) -> Layout {
    layout_for(
        centers,
        &vec![None; centers.len().saturating_sub(1)],
        words,
        top,
        line_h,
    )
}

/// Where the rule between two columns lies: in the widest x-run in (a, z) crossed by the fewest
/// boxes (a rule is crossed by no word, or by the odd word OCR glued across it; text inside a
/// column by many), near the run's right end, because cell text is left-aligned and starts
/// just after the rule while short lines leave the left column's right part empty. None when
/// the best run is not closed by text on its right.
fn widest_gap(boxes: &[&BBox], a: f64, z: f64) -> Option<f64> {
    let (a0, z0) = (a.max(0.0) as usize, z.max(0.0) as usize);
    if z0 <= a0 + 2 {
        return None;
    }
    let mut cover = vec![0u32; z0 - a0];
    for b in boxes {
        let (x0, x1) = ((b.x0 as usize).max(a0), (b.x1 as usize).min(z0));
        for c in cover
            .iter_mut()
            .take(x1.saturating_sub(a0))
            .skip(x0.saturating_sub(a0))
        {
            *c += 1;
        }
    }
    let least = *cover.iter().min()?;
    let mut best: Option<(usize, usize)> = None;
    let mut run_start: Option<usize> = None;
    for (i, &c) in cover.iter().chain(std::iter::once(&u32::MAX)).enumerate() {
        match (c == least, run_start) {
            (true, None) => run_start = Some(i),
            (false, Some(st)) => {
                if best.is_none_or(|(p, q)| i - st > q - p) {
                    best = Some((st, i));
                }
                run_start = None;
            }
            _ => {}
        }
    }
    // A run that reaches `z` has no text on its right: it says nothing about where the rule is.
    if best.is_some_and(|(_, q)| q >= cover.len()) {
        return None;
    }
    let pad = {
        let mut hs: Vec<u32> = boxes.iter().map(|b| b.y1 - b.y0).collect();
        hs.sort_unstable();
        hs.get(hs.len() / 2).copied().unwrap_or(20) as f64 * 0.5
    };
    best.map(|(p, q)| a0 as f64 + (q as f64 - pad).max((p + q) as f64 / 2.0))
}

/// Words of one cell as text: page by page, visual lines top to bottom, words left to right.
fn cell_text(words: &[(usize, Word)]) -> String {
    let mut pages: Vec<usize> = words.iter().map(|(p, _)| *p).collect();
    pages.dedup();
    let parts: Vec<String> = pages
        .into_iter()
        .map(|p| {
            page_cell_text(
                words
                    .iter()
                    .filter(|(q, _)| *q == p)
                    .map(|(_, w)| w)
                    .collect(),
            )
        })
        .collect();
    without_edge_marks(&fold_whitespace(&parts.join(" ")))
}

/// A cell's text without the marks OCR left at its edges: stand-alone punctuation before its
/// first word or after its last ("ˆ Công an xã –", "Phòng Tư pháp huyện \""), where specks and
/// rule ends sit, and a comma, semicolon or colon clinging to its last word ("Quý I/2025,"); a
/// cell is no sentence to continue. A leading dash or bullet (a list inside the cell) and
/// closing brackets and quotes stay.
fn without_edge_marks(s: &str) -> String {
    let bare = |w: &str| !w.chars().any(char::is_alphanumeric);
    let core = kehoach_core::text::trim_words(
        s,
        |w| bare(w) && !matches!(w, "-" | "–" | "+" | "•"),
        |w| bare(w) && !w.ends_with([')', '”']),
    );
    core.trim_end_matches([',', ';', ':']).to_string()
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
struct RowBuf {
    /// Words per column, with the page they are on (a row may span a page break).
    cells: std::collections::BTreeMap<Column, Vec<(usize, Word)>>,
    page: usize,
}

/// Reads the appendix table from OCR'd pages. Returns None when no page has its header.
///
/// The table spans the pages from the first page with a readable header (or the page before
/// it, when that page is titled "PHỤ LỤC" and its header row was unreadable) to the end.
pub fn read_table(pages: &[Page]) -> Option<Table> {
    let headers: Vec<Option<Header>> = pages.iter().map(header_of).collect();
    let first = headers.iter().position(|h| h.is_some())?;
    let found: Vec<&Header> = headers.iter().flatten().collect();
    let mut centers = consensus(&found);
    if !centers.iter().any(|(c, _)| *c == Column::Model) {
        // No page showed the model column's header: the column is where the rows' "Mô hình N:"
        // cells start (or, failing those, next to the TT column).
        let mut xs: Vec<f64> = pages
            .iter()
            .skip(first)
            .flat_map(|p| {
                let words = page_words(p);
                find_phrase(&words, "mo hinh")
                    .into_iter()
                    .filter(|b| opens_model_cell(&words, b))
                    .map(|b| center_x(&b))
                    .collect::<Vec<_>>()
            })
            .collect();
        xs.sort_by(|a, b| a.total_cmp(b));
        // Titles printed without "Mô hình N:": the model column stands between the TT column
        // and the next one, and is the wider of the two, so their centres' midpoint is in it.
        let after_tt = || {
            let i = centers.iter().position(|c| c.0 == Column::Tt)?;
            Some((centers[i].1 + centers.get(i + 1)?.1) / 2.0)
        };
        let x = match xs.get(xs.len() / 2) {
            Some(&x) => x,
            None => after_tt()?,
        };
        centers.push((Column::Model, x));
        centers.sort_by(|a, b| a.1.total_cmp(&b.1));
        if !in_printed_order(&centers) {
            return None;
        }
    }
    let start = if first > 0
        && page_words(&pages[first - 1])
            .iter()
            .any(|w| key_of(&w.text) == "phu")
    {
        first - 1
    } else {
        first
    };
    // Rule positions on the pages whose header was read, then their median per rule.
    let per_page: Vec<Vec<Option<f64>>> = pages
        .iter()
        .zip(&headers)
        .filter_map(|(p, h)| {
            let h = h.as_ref()?;
            let words = page_words(p);
            let body: Vec<&BBox> = words
                .iter()
                .map(|w| &w.bbox)
                .filter(|b| b.y0 > h.bottom)
                .collect();
            Some(page_bounds(&centers, &body))
        })
        .collect();
    let expected: Vec<Option<f64>> = (0..centers.len().saturating_sub(1))
        .map(|i| {
            let mut xs: Vec<f64> = per_page.iter().filter_map(|b| b[i]).collect();
            xs.sort_by(|a, b| a.total_cmp(b));
            xs.get(xs.len() / 2).copied()
        })
        .collect();
    let mut table = Table::default();
    let mut rows: Vec<RowBuf> = Vec::new();
    // Per table row, the position of its group in `table.groups`.
    let mut row_groups: Vec<Option<usize>> = Vec::new();
    // Where each column outside the contract stands (first page it is found on), so a row's
    // cells of such columns keep the table's order.
    let mut other_x: Vec<(Column, f64)> = Vec::new();
    for (page, header) in pages.iter().zip(&headers).skip(start) {
        let owned = page_words(page);
        // Below the header band; on a page without a readable header, below the title line.
        let top = match header {
            Some(h) => h.bottom,
            None => owned
                .iter()
                .filter(|w| matches!(key_of(&w.text).as_str(), "phu" | "luc"))
                .map(|w| w.bbox.y1)
                .max()
                .unwrap_or(0),
        };
        let mut words: Vec<&Word> = owned.iter().filter(|w| w.bbox.y0 > top).collect();
        words.sort_by(|a, b| a.bbox.y0.cmp(&b.bbox.y0).then(a.bbox.x0.cmp(&b.bbox.x0)));
        let line_h = {
            let mut hs: Vec<u32> = words.iter().map(|w| w.bbox.y1 - w.bbox.y0).collect();
            hs.sort_unstable();
            hs.get(hs.len() / 2).copied().unwrap_or(20) as f64
        };
        let (mut centers, mut expected) = (centers.clone(), expected.clone());
        // OCR lost the "TT" header cell: the numbers down the left show the column.
        let first = centers.first().copied();
        if let Some((Column::Model, model_x)) = first {
            let lay = layout_for(&centers, &expected, &words, top, line_h);
            if let Some(x) = hidden_tt(&words, &lay, line_h).filter(|&x| x < model_x) {
                centers.insert(0, (Column::Tt, x));
                expected.insert(0, None);
            }
        }
        let relayout = |ws: &[&Word]| layout_for(&centers, &expected, ws, top, line_h);
        let mut lay = relayout(&words);
        let end = table_end(&words, &lay, line_h, relayout);
        if let Some(y) = end {
            words.retain(|w| w.bbox.y0 < y);
            lay = relayout(&words);
        }
        let lead = centers.iter().position(|c| c.0 == Column::Lead);
        if let (Some(x), Some(at)) = (hidden_objective(&words, &lay, line_h), lead) {
            // The header cell was lost; the column's rules are searched afresh.
            if at > 0 && centers[at - 1].1 < x && x < centers[at].1 {
                centers.insert(at, (Column::Objective, x));
                lay = layout_afresh(&centers, &words, top, line_h);
            }
        }
        // Any other column whose header cell was lost ("Sản phẩm" on a noisy scan): its words
        // are kept apart under its position rather than read into a neighbour's cell.
        // Passes until none adds a column: a column found right of a neighbour shrinks that
        // neighbour's reach, which then tells its own header-lost neighbour on the left.
        for _ in 0..3 {
            let mut added = false;
            let mut i = 1;
            while i < centers.len() {
                let (left, right) = (centers[i - 1], centers[i]);
                let known = Column::every().position(|c| c == left.0);
                let xs = match known {
                    Some(k)
                        if !matches!(
                            (left.0, right.0),
                            (Column::Tt, _)
                                | (Column::Model, Column::Lead)
                                | (_, Column::Unnamed(..))
                        ) =>
                    {
                        hidden_columns(&words, &lay, line_h, left, right)
                            .into_iter()
                            .filter(|&x| left.1 < x && x < right.1)
                            .enumerate()
                            .map(|(n, x)| (Column::Unnamed(k as u8, n as u8), x))
                            .collect()
                    }
                    _ => Vec::new(),
                };
                for (n, &c) in xs.iter().enumerate() {
                    centers.insert(i + n, c);
                }
                if !xs.is_empty() {
                    added = true;
                    lay = layout_afresh(&centers, &words, top, line_h);
                }
                i += 1 + xs.len();
            }
            if !added {
                break;
            }
        }
        for &(c, x) in &centers {
            if matches!(c, Column::Other(_) | Column::Unnamed(..))
                && !other_x.iter().any(|o| o.0 == c)
            {
                other_x.push((c, x));
            }
        }
        let words = without_rule_marks(words, &lay, line_h);
        let mut starts = row_starts(&words, &lay);
        starts.add(&cell_tops(&words, &lay, line_h), line_h);
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
                r.cells
                    .entry(col)
                    .or_default()
                    .push((page.number, w.clone()));
            }
        }
        if end.is_some() {
            break;
        }
    }
    // Document line numbers where each page starts (rows are located to their page).
    let mut first_line = std::collections::HashMap::new();
    let mut n = 1;
    for p in pages {
        first_line.insert(p.number, n);
        n += p.lines.len();
    }
    for r in rows {
        let text = |c: Column| r.cells.get(&c).map(|w| cell_text(w)).unwrap_or_default();
        let tt = text(Column::Tt);
        // A rule read as dashes can stand before "Mô hình"; a model cell never starts with a mark.
        let mut model = text(Column::Model)
            .trim_start_matches(|c: char| !c.is_alphanumeric())
            .to_string();
        let mut key = key_of(&model);
        if let Some(fixed) = repair_model_number(&model, &key) {
            model = fixed;
            key = key_of(&model);
        }
        let digits = key.chars().take_while(char::is_ascii_digit).count();
        let mut tokens = key.split(' ');
        let first = tokens.next().unwrap_or_default();
        let numbered = tokens.next().is_some_and(|t| {
            t.strip_suffix(':')
                .is_some_and(|n| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()))
        });
        if numbered && first.ends_with("hinh") && match_model_heading(&key).is_none() {
            // OCR dropped "Mô" in front of "hình N:", or glued it to "hình" with a rule's mark
            // ("ÍMõhinh 11:").
            let rest: String = model.chars().skip(first.chars().count()).collect();
            model = format!("Mô hình{rest}");
            key = key_of(&model);
        } else if (1..=3).contains(&digits) && key[digits..].starts_with(':') {
            // OCR lost all of "Mô hình" (a fax's rule glued to it) but kept "N:".
            model = format!("Mô hình {model}");
            key = key_of(&model);
        }
        let head = match_model_heading(&key);
        // A cell opening "Mô hình N:" is a model's row whatever its TT reads like (a fax's "11"
        // comes out as the roman "II").
        if head.is_none() && (roman(tt.trim_end_matches('.')) || key.starts_with("nhom")) {
            // A group's title may run over the other cells (merged in the printed table).
            let mut title = model.clone();
            for &c in r
                .cells
                .keys()
                .filter(|c| !matches!(c, Column::Tt | Column::Model))
            {
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
        // Without a TT column the row number leads the model cell ("1 Mô hình 1: …").
        // The cell's leading number: marks a fax leaves beside it ("21ˆ", "2 -") are not part
        // of it.
        let tt_lead: String = tt.chars().take_while(char::is_ascii_digit).collect();
        let tt_number = tt_lead.parse().ok().or_else(|| {
            head.as_ref()
                .and_then(|h| h.heading.as_deref()?.parse().ok())
        });
        table.rows.push(Row {
            tt: tt_number,
            printed_number: head.map(|h| h.number),
            title,
            lead: opt(text(Column::Lead)),
            partners: opt(text(Column::Partners)),
            support: opt(text(Column::Support)),
            deadline: opt(text(Column::Deadline)),
            platform: opt(text(Column::Platform)),
            objective: opt(text(Column::Objective)),
            note: opt(text(Column::Note)),
            content: opt(text(Column::Content)),
            implementers: opt(text(Column::Implementers)),
            other: {
                let mut cells: Vec<(f64, Column)> = other_x
                    .iter()
                    .filter(|(c, _)| r.cells.contains_key(c))
                    .map(|&(c, x)| (x, c))
                    .collect();
                cells.sort_by(|a, b| a.0.total_cmp(&b.0));
                cells
                    .into_iter()
                    .map(|(_, c)| (c.header(), text(c)))
                    .filter(|(_, t)| !t.is_empty())
                    .collect()
            },
            page: r.page,
            line: first_line.get(&r.page).copied().unwrap_or(0),
            group: table.groups.last().map(|g| g.index.clone()),
        });
        row_groups.push(table.groups.len().checked_sub(1));
    }
    if renumber_groups(&mut table.groups) {
        for (row, g) in table.rows.iter_mut().zip(row_groups) {
            row.group = g.map(|g| table.groups[g].index.clone());
        }
    }
    fill_row_numbers(&mut table.rows);
    table.unnamed = other_x
        .iter()
        .filter(|(c, _)| matches!(c, Column::Unnamed(..)))
        .map(|(c, _)| c.header())
        .collect();
    Some(table)
}

/// Group rows are numbered I, II, III… in order, and OCR loses or misreads those short
/// numerals ("I" read as nothing, "III" as "II"). When the printed indices are roman but some
/// index is missing, not a numeral or repeated, or when no index was read at all, every group
/// takes its position's numeral (group rows of these tables are numbered in roman numerals).
/// Returns whether anything changed.
fn renumber_groups(groups: &mut [Group]) -> bool {
    let any_roman = groups.iter().any(|g| roman(&g.index));
    let none_read = groups.iter().all(|g| g.index.is_empty());
    let misread = groups
        .iter()
        .enumerate()
        .any(|(i, g)| !roman(&g.index) || groups[..i].iter().any(|e| e.index == g.index));
    if !(any_roman && misread || none_read) {
        return false;
    }
    for (i, g) in groups.iter_mut().enumerate() {
        g.index = crate::body::roman_numeral(i + 1);
    }
    !groups.is_empty()
}

/// A row whose TT number OCR lost, between rows numbered n and n + 2 (or after n, at the
/// table's end), is row n + 1; a row before one numbered n (n ≥ 2), after n - 2 or at the
/// table's start, is row n - 1.
fn fill_row_numbers(rows: &mut [Row]) {
    let lost = |r: &Row| r.tt.is_none() && r.printed_number.is_none();
    for i in 1..rows.len() {
        let Some(prev) = rows[i - 1].tt.filter(|_| lost(&rows[i])) else {
            continue;
        };
        let next_fits = rows
            .get(i + 1)
            .is_none_or(|n| n.tt.is_none_or(|t| t == prev + 2));
        if next_fits {
            rows[i].tt = Some(prev + 1);
        }
    }
    for i in (0..rows.len().saturating_sub(1)).rev() {
        let Some(next) = rows[i + 1].tt.filter(|&n| n >= 2 && lost(&rows[i])) else {
            continue;
        };
        let prev_fits = i == 0 || rows[i - 1].tt.is_none_or(|t| t + 2 == next);
        if prev_fits {
            rows[i].tt = Some(next - 1);
        }
    }
}

/// Words grouped into visual lines (centres within half a line height of the line's first),
/// top to bottom, each line's words in the order given.
fn visual_lines<'a>(words: &[&'a Word], h: f64) -> Vec<(f64, Vec<&'a Word>)> {
    let mut lines: Vec<(f64, Vec<&Word>)> = Vec::new();
    for w in words {
        let cy = center_y(&w.bbox);
        match lines.iter_mut().find(|(y, _)| (cy - *y).abs() < 0.5 * h) {
            Some(line) => line.1.push(w),
            None => lines.push((cy, vec![w])),
        }
    }
    lines.sort_by(|a, b| a.0.total_cmp(&b.0));
    lines
}

/// Where the table stops on a page: the top of the first line that runs across two column
/// rules or more. Running text after the table ("III. TỔ CHỨC THỰC HIỆN …") does on every full
/// line; a row's words never do, bar a word OCR glued over one rule. Lines just above it that run across a rule of the table above them belong to that
/// text too (a heading is shorter). `lay` is the page's layout from all its words.
fn table_end(
    words: &[&Word],
    lay: &Layout,
    h: f64,
    relayout: impl Fn(&[&Word]) -> Layout,
) -> Option<u32> {
    let lines = visual_lines(words, h);
    let top = |ws: &[&Word]| ws.iter().map(|w| w.bbox.y0).min().unwrap_or(0);
    let mut at = lines
        .iter()
        .position(|(_, ws)| rules_run_across(ws, lay, h) >= 2)?;
    while at > 0 {
        let (above, below) = (&lines[at - 1].1, &lines[at].1);
        if f64::from(top(below).saturating_sub(top(above))) > 4.0 * h {
            break;
        }
        // The rules as the rows above that line place them (the text's own words, spread over
        // the gaps between columns, hide the rules from the page-wide layout).
        let table: Vec<&Word> = words
            .iter()
            .filter(|w| w.bbox.y0 < top(above))
            .copied()
            .collect();
        if rules_run_across(above, &relayout(&table), h) == 0 {
            break;
        }
        at -= 1;
    }
    Some(top(&lines[at].1))
}

/// The centre of a column whose header cell OCR lost, hidden between the model column and the
/// lead column (an objective column, which plans print there: "Mục tiêu"). Cells are
/// left-aligned, so the lines of each column start at one x after a gap: across the two
/// columns' words such starts gather at the title's margin, at the lead's, and at the hidden
/// column's between them, where no word crosses. Three lines or more make a margin. None when
/// the header names a column there.
fn hidden_objective(words: &[&Word], lay: &Layout, h: f64) -> Option<f64> {
    let cols: Vec<Column> = lay.columns.iter().map(|c| c.0).collect();
    let m = cols.iter().position(|&c| c == Column::Model)?;
    if cols.get(m + 1) != Some(&Column::Lead) {
        return None;
    }
    let (margins, _) = margins_of(words, lay, h, (Column::Model, Column::Lead));
    // The title's margin first, the lead's last, one more between them.
    match margins[..] {
        [_, hidden, lead] if hidden - margins[0] > 4.0 * h => Some((hidden + lead) / 2.0),
        _ => None,
    }
}

/// The margins of the lines of the neighbouring columns `left` and `right` (as
/// [`hidden_objective`] describes them), in x order, and those columns' words.
fn margins_of<'a>(
    words: &[&'a Word],
    lay: &Layout,
    h: f64,
    (left, right): (Column, Column),
) -> (Vec<f64>, Vec<&'a Word>) {
    let ws: Vec<&Word> = words
        .iter()
        .filter(|w| {
            lay.column_of(&w.bbox)
                .is_some_and(|c| c == left || c == right)
        })
        .copied()
        .collect();
    let mut lines = visual_lines(&ws, h);
    let mut starts: Vec<f64> = Vec::new();
    for (_, line) in &mut lines {
        line.sort_by_key(|w| w.bbox.x0);
        starts.push(f64::from(line[0].bbox.x0));
        for p in line.windows(2) {
            if f64::from(p[1].bbox.x0.saturating_sub(p[0].bbox.x1)) > 1.5 * h {
                starts.push(f64::from(p[1].bbox.x0));
            }
        }
    }
    starts.sort_by(f64::total_cmp);
    // Margins: groups of three starts or more within half a line height, no word crossing
    // just left of them.
    let crossed = |x: f64| {
        ws.iter()
            .any(|w| f64::from(w.bbox.x0) < x && f64::from(w.bbox.x1) > x)
    };
    let mut margins: Vec<f64> = Vec::new();
    let mut i = 0;
    while i < starts.len() {
        let n = starts[i..]
            .iter()
            .take_while(|&&y| y - starts[i] < 0.5 * h)
            .count();
        if n >= 3 && !crossed(starts[i] - 0.3 * h) {
            margins.push(starts[i]);
        }
        i += n;
    }
    (margins, ws)
}

/// Points inside the columns hidden between the neighbouring columns `left` and `right` (their
/// header cells lost), given with their header centres. Of the two columns' margins, the first
/// is the left one's and the last left of the right header's centre is the right one's; every
/// other margin between them starts a hidden column. A right column whose lines are too few to
/// make a margin (one short date per row) is told by its header: a margin it would have to
/// start at, much further left of its centre than its cells reach right of it, is another
/// column's.
fn hidden_columns(
    words: &[&Word],
    lay: &Layout,
    h: f64,
    (left, left_center): (Column, f64),
    (right, right_center): (Column, f64),
) -> Vec<f64> {
    let (margins, ws) = margins_of(words, lay, h, (left, right));
    let Some(&first) = margins.first().filter(|&&m| m <= left_center) else {
        return Vec::new();
    };
    let reach = match lay.columns.iter().find(|c| c.0 == right).map(|c| c.2) {
        Some(end) if end < f64::MAX => end,
        // The last column: as far as its words reach.
        _ => ws
            .iter()
            .filter(|w| lay.column_of(&w.bbox) == Some(right))
            .map(|w| f64::from(w.bbox.x1))
            .fold(right_center, f64::max),
    };
    let own = margins
        .iter()
        .copied()
        .rfind(|&m| m > first && m <= right_center - h)
        .filter(|&m| right_center - m <= 1.5 * (reach - right_center) + 2.0 * h);
    margins
        .iter()
        .copied()
        .filter(|&m| m > first + 4.0 * h && m < right_center && Some(m) != own)
        .map(|m| m + h)
        .collect()
}

/// The centre of a TT column whose header cell OCR lost: row numbers (one to three digits,
/// specks around them allowed) starting lines of the model column, set apart from the text
/// after them by more than a word space, at one x on two lines or more. None when the header
/// shows a TT column.
fn hidden_tt(words: &[&Word], lay: &Layout, h: f64) -> Option<f64> {
    if lay.columns.first()?.0 != Column::Model {
        return None;
    }
    let mut xs: Vec<f64> = words
        .iter()
        .filter(|w| lay.column_of(&w.bbox) == Some(Column::Model))
        .filter(|w| {
            let digits = w.text.trim_matches(|c: char| !c.is_alphanumeric());
            (1..=3).contains(&digits.len()) && digits.chars().all(|c| c.is_ascii_digit())
        })
        .filter(|w| {
            // Alone at its line's start: nothing just left of it, a gap to the next word.
            let on_line = |o: &&&Word| (center_y(&o.bbox) - center_y(&w.bbox)).abs() < 0.6 * h;
            let left = words.iter().filter(on_line).any(|o| o.bbox.x1 <= w.bbox.x0);
            let next = words
                .iter()
                .filter(on_line)
                .filter(|o| o.bbox.x0 >= w.bbox.x1)
                .map(|o| o.bbox.x0)
                .min();
            !left && next.is_none_or(|x| f64::from(x - w.bbox.x1) > 1.5 * h)
        })
        .map(|w| center_x(&w.bbox))
        .collect();
    xs.sort_by(f64::total_cmp);
    let x = *xs.get(xs.len() / 2)?;
    (xs.iter().filter(|&&o| (o - x).abs() < h).count() >= 2).then_some(x)
}

/// How many column rules a line runs across: a word straddles the rule, or two words on
/// either side of it stand a space apart (cells keep their text a padding and the rule's width
/// away from the next column's).
fn rules_run_across(line: &[&Word], lay: &Layout, h: f64) -> usize {
    let mut ws: Vec<&&Word> = line.iter().collect();
    ws.sort_by_key(|w| w.bbox.x0);
    lay.columns
        .iter()
        .map(|c| c.2)
        .filter(|&r| r < f64::MAX)
        .filter(|&r| {
            ws.iter()
                .any(|w| (w.bbox.x0 as f64) < r && (w.bbox.x1 as f64) > r)
                || ws.windows(2).any(|p| {
                    center_x(&p[0].bbox) < r
                        && center_x(&p[1].bbox) > r
                        && f64::from(p[1].bbox.x0.saturating_sub(p[0].bbox.x1)) < 0.6 * h
                })
        })
        .count()
}

/// Drops the one-letter words that lie outside their column's text: left of the margin where
/// the column's lines start, or right of where its longest lines end. Only a grid line can be
/// there (a fax reads rule pieces as "l", "T", "L", "Í"); a real one-letter word ("y tế",
/// "Quý I") stands inside the text. Margins are taken from words of two letters or more:
/// the 10th percentile of their starts (every line of every cell starts at the margin), the
/// end of the furthest one read with confidence.
fn without_rule_marks<'a>(words: Vec<&'a Word>, lay: &Layout, h: f64) -> Vec<&'a Word> {
    let mut spans = std::collections::HashMap::new();
    for (col, ..) in &lay.columns {
        let multi: Vec<&&Word> = words
            .iter()
            .filter(|w| lay.column_of(&w.bbox) == Some(*col) && w.text.chars().count() > 1)
            .collect();
        let mut starts: Vec<u32> = multi.iter().map(|w| w.bbox.x0).collect();
        starts.sort_unstable();
        let end = multi
            .iter()
            .filter(|w| w.confidence >= 0.5)
            .map(|w| w.bbox.x1)
            .max();
        if let (Some(&start), Some(end)) = (starts.get(starts.len() / 10), end) {
            spans.insert(*col, (start as f64, end as f64));
        }
    }
    words
        .into_iter()
        .filter(|w| {
            if w.text.chars().count() != 1 {
                return true;
            }
            let Some(col) = lay.column_of(&w.bbox) else {
                return true;
            };
            // TT numbers are centred, not set at a margin.
            if col == Column::Tt {
                return true;
            }
            spans.get(&col).is_none_or(|&(start, end)| {
                w.bbox.x0 as f64 >= start - 0.3 * h && w.bbox.x1 as f64 <= end + 0.3 * h
            })
        })
        .collect()
}

/// A key token that reads as a model number and its colon, look-alike letters allowed
/// ("11:", "1o:", "3!1:").
fn model_number_like(token: &str) -> bool {
    token.strip_suffix(':').is_some_and(|n| {
        (1..=3).contains(&n.chars().count())
            && n.chars().any(|c| c.is_ascii_digit())
            && n.chars()
                .all(|c| c.is_ascii_digit() || matches!(c, 'o' | 'i' | 'l' | '!' | '|'))
    })
}

/// "Mô hình 1Ô:" → "Mô hình 10:": the number after "hình" with letters OCR put for look-alike
/// digits (O for 0; I, l, ! for 1) or with a speck read into it ("3!1:"), when it holds a real
/// digit too and ends at a colon. A fax reads a model's number that way often enough that the
/// row would lose its model otherwise.
/// `key` is `key_of(model)`, one char per char of `model`. None when there is nothing to repair.
fn repair_model_number(model: &str, key: &str) -> Option<String> {
    let kc: Vec<char> = key.chars().collect();
    let at = key.find("hinh ")?;
    let start = key[..at].chars().count() + 5;
    // Only right after a "Mô hình" that opens the cell.
    if start > 12 {
        return None;
    }
    let len = kc[start..].iter().take_while(|&&c| c != ':').count();
    if len == 0 || len > 3 || kc.get(start + len) != Some(&':') {
        return None;
    }
    let token = &kc[start..start + len];
    let digit = |c: char| match c {
        '0'..='9' => Some(c),
        'o' => Some('0'),
        'i' | 'l' | '!' | '|' => Some('1'),
        _ => None,
    };
    if !token.iter().any(char::is_ascii_digit)
        || token.iter().all(char::is_ascii_digit)
        || token.iter().any(|&c| digit(c).is_none())
    {
        return None;
    }
    // A mark between two digits ("3!1:") is more often a speck read into the number than a
    // third digit: model numbers have one or two.
    let marks = token.iter().filter(|&&c| matches!(c, '!' | '|')).count();
    let drop_marks = len > 2 && len - marks <= 2;
    let mut out = String::new();
    for (i, c) in model.chars().enumerate() {
        match i.checked_sub(start) {
            Some(j) if j < len && drop_marks && matches!(token[j], '!' | '|') => {}
            Some(j) if j < len => out.push(digit(token[j]).unwrap_or(c)),
            _ => out.push(c),
        }
    }
    Some(out)
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

/// The word right of `w` on the same visual line, if any.
fn right_neighbour<'a>(words: &[&'a Word], w: &Word) -> Option<&'a Word> {
    let h = (w.bbox.y1 - w.bbox.y0).max(8) as f64;
    words
        .iter()
        .filter(|o| {
            o.bbox.x0 >= w.bbox.x1.saturating_sub(2) && o.bbox.x0 <= w.bbox.x1 + 4 * h as u32
        })
        .filter(|o| (center_y(&o.bbox) - center_y(&w.bbox)).abs() < h * 0.6)
        .min_by_key(|o| o.bbox.x0)
        .copied()
}

fn row_starts(words: &[&Word], lay: &Layout) -> Starts {
    let mut ys: Vec<u32> = Vec::new();
    for w in words {
        let col = lay.column_of(&w.bbox);
        let t = w.text.trim_end_matches(['.', ')']);
        let anchor = match col {
            Some(Column::Tt) => t.parse::<u32>().is_ok() || roman(t),
            Some(Column::Model) => {
                let k = key_of(&w.text);
                let next = right_neighbour(words, w)
                    .map(|n| key_of(&n.text))
                    .unwrap_or_default();
                let numbered = model_number_like(&next);
                // "mô hình)" wrapped from a group row's "(03 mô hình)" opens nothing: a model
                // cell starts with a capital or has the model's number after "hình".
                let opens = w.text.chars().next().is_some_and(char::is_uppercase)
                    || right_neighbour(words, right_neighbour(words, w).unwrap_or(w)).is_some_and(
                        |n| model_number_like(&key_of(&n.text)) || n.text.parse::<u32>().is_ok(),
                    );
                (distance(&k, "mo") <= 1 && next.starts_with("hinh") && opens)
                    // OCR dropped "Mô", or glued it to "hình" with a rule's mark ("ÍMõhinh"):
                    // "hình 11:" still opens the cell.
                    || (k.ends_with("hinh") && numbered)
                    || k.starts_with("nhom")
            }
            _ => false,
        };
        if anchor {
            let y = w.bbox.y0;
            // Anchors of one row (TT number and "Mô hình") lie on about the same line.
            let tol = (w.bbox.y1 - w.bbox.y0).max(10) * 2;
            if ys.last().is_none_or(|&last| y > last + tol) {
                ys.push(y);
            } else if let Some(last) = ys.last_mut() {
                *last = (*last).min(y);
            }
        }
    }
    Starts { ys }
}

impl Starts {
    /// Adds row tops found otherwise; a top within two lines of an anchor is that anchor's row.
    fn add(&mut self, tops: &[u32], h: f64) {
        let tol = (2.0 * h.max(10.0)) as u32;
        for &y in tops {
            if !self.ys.iter().any(|&a| a.abs_diff(y) <= tol) {
                let at = self.ys.partition_point(|&a| a < y);
                self.ys.insert(at, y);
            }
        }
    }
}

/// Row tops from the grid's geometry, for rows whose TT number OCR lost (a lone short number
/// in a narrow cell often is). Cells of a row are top-aligned, and a cell's first line sits
/// further below the line above it in its column (the cell padding and the rule) than lines of
/// one cell sit from each other. A row starts where the model column and another start a cell
/// at the same height (every row names its model); other columns alone may show a line OCR
/// dropped inside a cell (a fax loses some).
fn cell_tops(words: &[&Word], lay: &Layout, h: f64) -> Vec<u32> {
    // Line tops per column.
    let mut per_col: Vec<(Column, Vec<u32>)> = Vec::new();
    for (col, ..) in &lay.columns {
        let mut tops: Vec<u32> = Vec::new();
        let mut ys: Vec<u32> = words
            .iter()
            .filter(|w| lay.column_of(&w.bbox) == Some(*col))
            .map(|w| w.bbox.y0)
            .collect();
        ys.sort_unstable();
        for y in ys {
            if tops.last().is_none_or(|&t| f64::from(y - t) > 0.5 * h) {
                tops.push(y);
            }
        }
        per_col.push((*col, tops));
    }
    // The pitch of lines inside a cell: the commonest step between a column's lines.
    let mut steps: Vec<u32> = per_col
        .iter()
        .flat_map(|(_, t)| t.windows(2).map(|w| w[1] - w[0]))
        .filter(|&d| f64::from(d) < 2.0 * h)
        .collect();
    steps.sort_unstable();
    let Some(&pitch) = steps.get(steps.len() / 2) else {
        return Vec::new();
    };
    let mut starts: Vec<(u32, Column)> = per_col
        .iter()
        .flat_map(|(col, t)| {
            t.iter()
                .enumerate()
                .filter(|&(i, &y)| i == 0 || f64::from(y - t[i - 1]) > 1.3 * f64::from(pitch))
                .map(move |(_, &y)| (y, *col))
        })
        .collect();
    starts.sort_unstable();
    let mut out = Vec::new();
    let mut i = 0;
    while i < starts.len() {
        let mut j = i;
        while j + 1 < starts.len() && f64::from(starts[j + 1].0 - starts[i].0) < 0.6 * h {
            j += 1;
        }
        let mut cols: Vec<Column> = starts[i..=j].iter().map(|s| s.1).collect();
        cols.sort_unstable();
        cols.dedup();
        if cols.len() >= 2 && cols.contains(&Column::Model) {
            out.push(starts[i].0);
        }
        i = j + 1;
    }
    out
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
/// the best-matching title (the source may print a wrong number), with a warning. A row that
/// matches no body model becomes a model of its own (number and title from the table), so an
/// appendix read without its body, or a model the body lost, still reaches the analyst.
pub fn link(table: &Table, models: &mut Vec<Model>, warnings: &mut Vec<Warning>) {
    let body_models = models.len();
    // A plan that lists its models only in the table: each row is a model, its fields read
    // from the row's cells.
    let table_plan = body_models == 0;
    for name in &table.unnamed {
        warnings.push(Warning::document(
            "appendix_header_unreadable",
            format!(
                "an appendix column's header could not be read; its cells are kept in \
                 appendix.other as \"{name}\""
            ),
        ));
    }
    for row in &table.rows {
        let body = &models[..body_models];
        let by_number = row
            .printed_number
            .and_then(|n| body.iter().position(|m| m.number == n));
        let best_by_title = body
            .iter()
            .enumerate()
            .map(|(i, m)| (i, title_similarity(&m.title, &row.title)))
            .max_by(|a, b| a.1.total_cmp(&b.1));
        let target = match (by_number, best_by_title) {
            (Some(i), Some((j, sj))) => {
                let si = title_similarity(&body[i].title, &row.title);
                if i != j && sj >= 0.6 && sj > si + 0.2 {
                    warnings.push(Warning::document(
                        "appendix_number_mismatch",
                        format!(
                            "appendix row {} prints \"Mô hình {}\" but describes model {}",
                            row.tt.map(|t| t.to_string()).unwrap_or_default(),
                            row.printed_number.unwrap_or(0),
                            body[j].number
                        ),
                    ));
                    Some(j)
                } else {
                    Some(i)
                }
            }
            (None, Some((j, sj))) if sj >= 0.6 => Some(j),
            _ => None,
        };
        let appendix = Appendix {
            lead: row.lead.clone(),
            partners: row.partners.clone(),
            support: row.support.clone(),
            deadline: row.deadline.as_deref().map(parse_deadline),
            platform: row.platform.clone(),
            other: row
                .other
                .iter()
                .map(|(column, text)| OtherCell {
                    column: column.clone(),
                    text: text.clone(),
                })
                .collect(),
        };
        if let Some(t) = target {
            // A remark or an objective printed only in the table is still the model's: kept
            // where the body gives none (the contract's appendix block has no place for them).
            let f = &mut models[t].fields;
            if f.note.is_none() {
                f.note.clone_from(&row.note);
            }
            if f.objective.is_none() {
                f.objective.clone_from(&row.objective);
            }
            models[t].appendix = Some(appendix);
            continue;
        }
        let Some(number) = row.printed_number.or(row.tt) else {
            warnings.push(Warning::document(
                "appendix_row_unlinked",
                format!("appendix row without a model number (\"{}\")", row.title),
            ));
            continue;
        };
        let fields = if table_plan {
            row_fields(row)
        } else {
            warnings.push(Warning::document(
                "model_from_appendix",
                format!(
                    "model {number} appears only in the appendix table; its body fields are empty"
                ),
            ));
            Default::default()
        };
        models.push(Model {
            number,
            heading: None,
            group: row.group.clone(),
            title: row.title.clone(),
            fields,
            appendix: Some(appendix),
            source: ModelSource {
                page: Some(row.page),
                line: row.line.max(1),
            },
            confidence: 0.5,
        });
    }
}

/// The body fields of a model a table row is the only record of: the objective column, the
/// work column as its assignment, implementers, lead and partners as implementers (one agency
/// per item), the deadline, the platform and the remarks.
fn row_fields(row: &Row) -> Fields {
    let cells = [&row.implementers, &row.lead, &row.partners, &row.support];
    let split = |s: &Option<String>| {
        s.as_deref()
            .map(|t| crate::body::split_agencies(vec![t.to_string()]))
            .unwrap_or_default()
    };
    Fields {
        objective: row.objective.clone(),
        assignments: row.content.iter().cloned().collect(),
        implementers: cells.into_iter().flat_map(split).collect(),
        deadline: row.deadline.as_deref().map(parse_deadline),
        tools: row.platform.iter().cloned().collect(),
        note: row.note.clone(),
        ..Default::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use kehoach_core::{Line, PageMethod};

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
            rotated: None,
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

    /// A plan whose only list of models is its table: wrapped header cells, objective and
    /// remark columns, group rows and a row whose numbers OCR lost, running text after.
    #[test]
    fn a_table_of_models_with_lost_numbers_ends_where_the_text_resumes() {
        let items = [
            ("Phân công rõ cơ quan chủ trì, thời hạn.", 100, 40),
            ("STT", 20, 100),
            ("Tên mô hình", 100, 100),
            ("Mục tiêu", 500, 100),
            ("Cơ quan", 900, 100),
            ("chủ trì", 900, 125),
            ("Cơ quan phối", 1250, 100),
            ("hợp", 1290, 125),
            ("Thời gian", 1600, 100),
            ("hoàn thành", 1600, 125),
            ("Ghi chú", 1900, 100),
            ("Nhóm dịch vụ công (02 mô hình)", 100, 200),
            ("1", 20, 250),
            ("Cấp phiếu lý lịch", 100, 250),
            ("tư pháp qua VNeID", 100, 275),
            ("Người dân nộp hồ sơ", 500, 250),
            ("Sở Tư pháp", 900, 250),
            ("Công an tỉnh", 1250, 250),
            ("30/9/2024", 1600, 250),
            ("Thí điểm", 1900, 250),
            ("Thanh toán học phí", 100, 340),
            ("Trường học thu", 500, 340),
            ("qua tài khoản", 500, 365),
            ("Sở Giáo dục", 900, 340),
            ("Ngân hàng", 1250, 340),
            ("Năm 2024", 1600, 340),
            ("Nhóm công dân số (01 mô hình)", 100, 430),
            ("3", 20, 480),
            ("Sổ sức khỏe điện tử", 100, 480),
            ("80% người dân", 500, 480),
            ("Sở Y tế", 900, 480),
            ("Bảo hiểm xã hội", 1250, 480),
            ("Quý IV/2024", 1600, 480),
            ("III. TỔ CHỨC THỰC HIỆN", 20, 580),
            (
                // A full line of the page's text, as wide as the table.
                "Công an tỉnh là cơ quan thường trực, tổng hợp báo cáo kết quả thực hiện của các cơ quan, đơn vị trước ngày 15 hằng tháng.",
                100,
                640,
            ),
        ];
        // OCR may lose a header cell: the objective column is then found from its cells'
        // common margin between the title and the lead columns.
        let lost: Vec<_> = items
            .iter()
            .filter(|i| i.0 != "Mục tiêu")
            .copied()
            .collect();
        for items in [&items[..], &lost[..]] {
            check_table_of_models(&read_table(&[page(1, items)]).expect("table"));
        }
    }

    fn check_table_of_models(t: &Table) {
        let groups: Vec<(&str, &str, Option<u32>)> = t
            .groups
            .iter()
            .map(|g| (g.index.as_str(), g.title.as_str(), g.declared_model_count))
            .collect();
        assert_eq!(
            groups,
            [
                ("I", "Nhóm dịch vụ công", Some(2)),
                ("II", "Nhóm công dân số", Some(1))
            ]
        );
        /// (TT, title, objective, group) of a row.
        type Read<'a> = (Option<u32>, &'a str, Option<&'a str>, Option<&'a str>);
        let rows: Vec<Read> = t
            .rows
            .iter()
            .map(|r| {
                (
                    r.tt,
                    r.title.as_str(),
                    r.objective.as_deref(),
                    r.group.as_deref(),
                )
            })
            .collect();
        assert_eq!(
            rows,
            [
                (
                    Some(1),
                    "Cấp phiếu lý lịch tư pháp qua VNeID",
                    Some("Người dân nộp hồ sơ"),
                    Some("I")
                ),
                (
                    Some(2),
                    "Thanh toán học phí",
                    Some("Trường học thu qua tài khoản"),
                    Some("I")
                ),
                (
                    Some(3),
                    "Sổ sức khỏe điện tử",
                    Some("80% người dân"),
                    Some("II")
                ),
            ]
        );
        let r = &t.rows[0];
        assert_eq!(r.lead.as_deref(), Some("Sở Tư pháp"));
        assert_eq!(r.partners.as_deref(), Some("Công an tỉnh"));
        assert_eq!(r.note.as_deref(), Some("Thí điểm"));
        // The text after the table is in no row.
        assert_eq!(t.rows[2].deadline.as_deref(), Some("Quý IV/2024"));
        assert_eq!(t.rows[2].partners.as_deref(), Some("Bảo hiểm xã hội"));
    }

    /// A list of models naming its implementers in one column, with no lead or partners: the
    /// header is the title, implementers and deadline cells side by side ("thực hiện" after
    /// "Đơn vị", not after "Thời gian" or "Nội dung"); OCR lost the "TT" cell.
    #[test]
    fn a_list_of_models_with_an_implementers_column() {
        let items = [
            ("Tên mô hình", 100, 100),
            ("Nội dung thực hiện", 500, 100),
            ("Đơn vị thực", 900, 100),
            ("hiện", 930, 125),
            ("Thời gian thực hiện", 1300, 100),
            ("1", 20, 200),
            ("Chợ không dùng tiền mặt", 100, 200),
            ("Niêm yết mã QR", 500, 200),
            ("Ban quản lý chợ", 900, 200),
            ("Quý II/2025", 1300, 200),
            ("2", 20, 280),
            ("Camera an ninh", 100, 280),
            ("Lắp đặt camera", 500, 280),
            ("Công an xã", 900, 280),
            ("Năm 2025", 1300, 280),
        ];
        let t = read_table(&[page(1, &items)]).expect("table");
        let rows: Vec<_> = t
            .rows
            .iter()
            .map(|r| {
                (
                    r.tt,
                    r.title.as_str(),
                    r.content.as_deref(),
                    r.implementers.as_deref(),
                    r.deadline.as_deref(),
                )
            })
            .collect();
        assert_eq!(
            rows,
            [
                (
                    Some(1),
                    "Chợ không dùng tiền mặt",
                    Some("Niêm yết mã QR"),
                    Some("Ban quản lý chợ"),
                    Some("Quý II/2025")
                ),
                (
                    Some(2),
                    "Camera an ninh",
                    Some("Lắp đặt camera"),
                    Some("Công an xã"),
                    Some("Năm 2025")
                ),
            ]
        );
        // The same words in a sentence are no header.
        let prose = [(
            "Thời gian thực hiện các mô hình do đơn vị thực hiện đề xuất.",
            100,
            100,
        )];
        assert!(read_table(&[page(1, &prose)]).is_none());
    }

    #[test]
    fn a_cell_loses_the_marks_at_its_edges() {
        assert_eq!(without_edge_marks("\" Công an huyện –"), "Công an huyện");
        assert_eq!(without_edge_marks("Quý I/2025,"), "Quý I/2025");
        assert_eq!(without_edge_marks("UBND cấp xã. :"), "UBND cấp xã.");
        // A list inside the cell, a closing bracket and inner punctuation stay.
        assert_eq!(without_edge_marks("- Công an xã"), "- Công an xã");
        assert_eq!(
            without_edge_marks("Cổng DVC (tỉnh, huyện )"),
            "Cổng DVC (tỉnh, huyện )"
        );
        assert_eq!(without_edge_marks(": ."), "");
    }

    #[test]
    fn lost_row_numbers_follow_their_neighbours() {
        let row = |tt: Option<u32>| Row {
            tt,
            ..Default::default()
        };
        let tts = |rows: &[Row]| rows.iter().map(|r| r.tt).collect::<Vec<_>>();
        let mut rows = [row(None), row(None), row(Some(3)), row(None)];
        fill_row_numbers(&mut rows);
        assert_eq!(tts(&rows), [Some(1), Some(2), Some(3), Some(4)]);
        // Neighbours that disagree leave the gap open.
        let mut rows = [row(Some(1)), row(None), row(Some(5))];
        fill_row_numbers(&mut rows);
        assert_eq!(tts(&rows), [Some(1), None, Some(5)]);
    }

    #[test]
    fn misread_group_numerals_follow_their_order() {
        let g = |i: &str| Group {
            index: i.to_string(),
            title: String::new(),
            declared_model_count: None,
        };
        let indices = |gs: &[Group]| gs.iter().map(|g| g.index.clone()).collect::<Vec<_>>();
        let mut gs = [g(""), g("II"), g("II")];
        assert!(renumber_groups(&mut gs));
        assert_eq!(indices(&gs), ["I", "II", "III"]);
        let mut gs = [g(""), g("")];
        assert!(renumber_groups(&mut gs));
        assert_eq!(indices(&gs), ["I", "II"]);
        // Read right, or not roman at all: kept as printed.
        let mut gs = [g("I"), g("II")];
        assert!(!renumber_groups(&mut gs));
        let mut gs = [g("A"), g("B")];
        assert!(!renumber_groups(&mut gs));
        assert_eq!(indices(&gs), ["A", "B"]);
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
        assert_table(&t);
        // The same pages fed in 3° askew (a row's last cell 120 px below its first): read the
        // same once the skew is undone.
        let t = read_table(&[skewed(page(7, &p1), 3.0), skewed(page(8, &p2), 3.0)])
            .expect("skewed table");
        assert_table(&t);
    }

    /// Rotates every word box about the page origin by `deg` (clockwise on the page, so
    /// text runs downhill), as a crooked scan would carry it, keeping each box's size.
    fn skewed(mut p: Page, deg: f64) -> Page {
        let (sin, cos) = deg.to_radians().sin_cos();
        for w in p.lines.iter_mut().flat_map(|l| l.words.iter_mut()) {
            let (x, y) = (center_x(&w.bbox), center_y(&w.bbox));
            // Moved right so that the left column stays on the page.
            let (nx, ny) = (x * cos - y * sin + 100.0, x * sin + y * cos);
            let (hw, hh) = ((w.bbox.x1 - w.bbox.x0) / 2, (w.bbox.y1 - w.bbox.y0) / 2);
            let (nx, ny) = (nx.round() as u32, ny.round() as u32);
            w.bbox = BBox {
                x0: nx - hw,
                y0: ny - hh,
                x1: nx + hw,
                y1: ny + hh,
            };
        }
        p
    }

    fn assert_table(t: &Table) {
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

    #[test]
    fn fax_rows_keep_their_numbers_through_lost_and_misread_marks() {
        let mut p = header();
        p.extend([
            // TT "11" read as a roman numeral: still a model row, not a group.
            ("II", 20, 200),
            ("Mô hình 11: Triển khai", 100, 200),
            ("Công an huyện", 560, 200),
            // "Mô hình" lost to a rule glued to it, TT with a speck beside the number.
            ("12 \"", 20, 300),
            ("12: Phân tích", 100, 300),
            ("Phòng Tư pháp", 560, 300),
            // "Mô hình" glued into one word with a rule's mark, TT unread.
            ("ÍMõhình 13: Số hóa", 100, 400),
            // "Mô" lost and the number misread.
            ("hình 1Ô: Lưu trú", 100, 450),
            ("Công an tỉnh", 560, 450),
            ("Phòng Nội vụ", 560, 400),
            // A rule read as dashes before the cell's text.
            ("14", 20, 500),
            ("—— Mô hình 14: Tích hợp", 100, 500),
            ("Công an huyện", 560, 500),
        ]);
        let t = read_table(&[page(1, &p)]).expect("table");
        assert!(t.groups.is_empty());
        let got: Vec<_> = t
            .rows
            .iter()
            .map(|r| (r.tt, r.printed_number, r.title.as_str()))
            .collect();
        assert_eq!(
            got,
            [
                (None, Some(11), "Triển khai"),
                (Some(12), Some(12), "Phân tích"),
                (None, Some(13), "Số hóa"),
                (None, Some(10), "Lưu trú"),
                (Some(14), Some(14), "Tích hợp"),
            ]
        );
    }

    #[test]
    fn repairs_look_alike_letters_in_a_model_number() {
        let fix = |m: &str| repair_model_number(m, &key_of(m));
        assert_eq!(
            fix("Mô hình 1Ô: Triển khai").as_deref(),
            Some("Mô hình 10: Triển khai")
        );
        assert_eq!(
            fix("Mô hình 3!: Tư vấn").as_deref(),
            Some("Mô hình 31: Tư vấn")
        );
        assert_eq!(
            fix("Mô hình 3!1: Tư vấn").as_deref(),
            Some("Mô hình 31: Tư vấn")
        );
        assert_eq!(fix("Mô hình 12: Tư vấn"), None);
        // Letters only: a word, not a misread number.
        assert_eq!(fix("Mô hình lo: Tư vấn"), None);
    }

    #[test]
    fn links_by_title_when_the_printed_number_is_wrong() {
        let table = Table {
            groups: vec![],
            unnamed: vec![],
            rows: vec![Row {
                tt: Some(22),
                printed_number: Some(27),
                title: "Phân tích tình hình trật tự, an toàn xã hội".into(),
                lead: Some("Công an huyện".into()),
                ..Default::default()
            }],
        };
        let mut models = vec![
            Model::new(27, "Truyền thông nội bộ cho toàn bộ cán bộ"),
            Model::new(
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

    #[test]
    fn a_remark_printed_only_in_the_table_is_the_model_s_note() {
        let row = |n: u32, note: &str| Row {
            tt: Some(n),
            printed_number: Some(n),
            title: format!("Mô hình {n}"),
            note: Some(note.into()),
            objective: Some("Thu học phí qua ngân hàng".into()),
            ..Default::default()
        };
        let table = Table {
            groups: vec![],
            unnamed: vec![],
            rows: vec![row(1, "Theo hướng dẫn của Sở"), row(2, "Thí điểm")],
        };
        let mut models = vec![Model::new(1, "Mô hình 1"), Model::new(2, "Mô hình 2")];
        models[1].fields.note = Some("Ghi chú của thân kế hoạch".into());
        models[1].fields.objective = Some("Mục tiêu của thân kế hoạch".into());
        link(&table, &mut models, &mut vec![]);
        assert_eq!(
            models[0].fields.note.as_deref(),
            Some("Theo hướng dẫn của Sở")
        );
        assert_eq!(
            models[0].fields.objective.as_deref(),
            Some("Thu học phí qua ngân hàng")
        );
        // The body's own fields stand.
        assert_eq!(
            models[1].fields.note.as_deref(),
            Some("Ghi chú của thân kế hoạch")
        );
        assert_eq!(
            models[1].fields.objective.as_deref(),
            Some("Mục tiêu của thân kế hoạch")
        );
    }
}
