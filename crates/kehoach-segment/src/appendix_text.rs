//! The appendix table when only text is left (a PDF text layer, earlier OCR saved as text).
//!
//! Such text gives the table cell by cell in printed column order — TT, model, lead, partners,
//! support, deadline, platform — one wrapped line at a time, with no reliable mark where one
//! cell ends and the next begins. Each row is therefore split into its six cells by a small
//! dynamic program that scores every possible split: boundary cues (a white-space-only line,
//! a capital after a line that did not end in a comma, a line that ended a sentence), content
//! cues (dates in the deadline cell, "C06"/"BCA" in the support cell and "Cục C06" opening it,
//! platform names), and the model's title from the body for the model cell: a wrapped line
//! stays in the model cell when its words are the title's, so a lead cell that repeats words
//! of the title ("UBND cấp xã") is not swallowed by it. Lines printed after the table header
//! repeats on a new page go back to the model cell when they are the rest of its title.

use crate::appendix::{Row, Table};
use crate::body::{match_model_heading, split_group_count};
use crate::prep::{key_of, PrepLine};
use kehoach_core::text::fold_whitespace;
use kehoach_core::{Group, Model};
use regex::Regex;
use std::sync::LazyLock;

const HEADER_WORDS: &[&str] = &[
    "tt", "stt", "mo", "hinh", "phan", "cong", "thuc", "hien", "chu", "tri", "phoi", "hop", "don",
    "vi", "ho", "tro", "thoi", "gian", "hoan", "thanh", "nen", "tang",
];

static GROUP_ROW: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^([ivx]{1,4})\.?\s+nh").expect("group row"));
static DEADLINE_CUE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\d{1,2}/\d{4}|(?-u:\b)quy\s+[ivx1-4]|(?-u:\b)nam\s+20\d\d|(?-u:\b)20\d\d(?-u:\b)|theo lo trinh|theo tien do|thuong xuyen|giai doan|theo yeu cau|truoc ngay")
        .expect("deadline cue")
});
static SUPPORT_CUE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"c06|(?-u:\b)bca(?-u:\b)|bo cong an|doanh nghiep|vnpt|viettel|(?-u:\b)bo\s")
        .expect("support cue")
});
/// A line opening the support cell: the ministry's unit C06 ("Cục C06 – BCA", "C06 - BCA"),
/// also when the text lost the "C" of "Cục" or of "C06" ("ục 06 – BCA").
static SUPPORT_START: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(\S{1,4}\s+)?c06(?-u:\b)|^\S{1,4}\s+c?06\s*[-–]").expect("support start")
});
/// Words a deadline cell opens with.
static DEADLINE_START: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(theo|trong|truoc|den|tu|nam|quy|thang|giai doan|thuong xuyen|hang)(?-u:\b)")
        .expect("deadline start")
});
static PLATFORM_CUE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"vneid|he thong|ung dung|phan mem|nen tang|(?-u:\b)app(?-u:\b)|csdl|cccd|cong dvc|lgsp|(?-u:\b)ioc(?-u:\b)|cong thong tin")
        .expect("platform cue")
});
static LEAD_START: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(ubnd|phong|cong an|cac |van phong|trung tam|bql|ban |so |benh vien|bao hiem|ngan hang|chi cuc|hoi )")
        .expect("lead start")
});
static CONTINUES: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"([,;&(\-–]|(?-u:\b)(va|cua|cac|co|cho|tai|thuc|voi|theo|tren|ve|trong|nhung))\s*$")
        .expect("continues")
});

/// One content line of a row.
struct Cell<'a> {
    clean: &'a str,
    key: &'a str,
    spacer_before: bool,
    /// Bullet that `prep` peeled off the line ('-' of "- 2025"); inside a cell it can be a
    /// dash the wrap put at the start of a line.
    bullet: Option<char>,
    /// First line after the table header was printed again (the row runs on to a new page).
    after_header: bool,
}

#[derive(Clone, Copy, PartialEq)]
enum Kind {
    Title,
    Lead,
    Partners,
    Support,
    Deadline,
    Platform,
}

const KINDS: [Kind; 6] = [
    Kind::Title,
    Kind::Lead,
    Kind::Partners,
    Kind::Support,
    Kind::Deadline,
    Kind::Platform,
];

fn is_header_line(key: &str) -> bool {
    let words: Vec<&str> = key
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    !words.is_empty() && words.iter().all(|w| HEADER_WORDS.contains(w))
}

fn similarity(a: &str, b: &str) -> f64 {
    let n = a.chars().count().max(b.chars().count());
    if n == 0 {
        return 0.0;
    }
    1.0 - strsim::levenshtein(a, b) as f64 / n as f64
}

/// The words of a key (letters and digits runs).
fn words(key: &str) -> impl Iterator<Item = &str> {
    key.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
}

/// The body's title of a row's model, as words, to tell the model cell from the cells after it.
struct TitleRef {
    key: String,
    words: Vec<String>,
}

impl TitleRef {
    fn new(title: &str) -> Self {
        let key = key_of(&fold_whitespace(title));
        let words = words(&key).map(str::to_string).collect();
        TitleRef { key, words }
    }

    /// The title has this word, or (restoration lost part of it) a word containing it.
    fn has(&self, w: &str) -> bool {
        self.words
            .iter()
            .any(|t| t == w || (w.chars().count() >= 2 && t.contains(w)))
    }

    /// Share of a line's words found in the title; None for a line without words.
    fn share(&self, key: &str) -> Option<f64> {
        let ws: Vec<&str> = words(key).collect();
        if ws.is_empty() {
            return None;
        }
        Some(ws.iter().filter(|w| self.has(w)).count() as f64 / ws.len() as f64)
    }

    /// `a` then `b` are consecutive words of the title.
    fn has_pair(&self, a: &str, b: &str) -> bool {
        self.words.windows(2).any(|p| p[0] == a && p[1] == b)
    }
}

/// How well a wrapped line continues the model cell whose previous line is `prev`: a line
/// whose words are mostly not in the body's title belongs to the next cell, even when the
/// words after it are ("… hồ sơ giấy" / "Các cơ quan, ban," / "UBND cấp xã" against a title
/// ending in "UBND cấp huyện, cấp xã"); a wrap that splits two consecutive title words
/// ("… Call" / "Centrer") keeps the line in the model cell.
fn title_line_fit(prev: &Cell, line: &Cell, t: &TitleRef) -> f64 {
    let Some(share) = t.share(line.key) else {
        return 0.0;
    };
    let mut s = if share >= 0.5 {
        share - 0.5
    } else {
        -4.0 * (0.5 - share)
    };
    if let (Some(p), Some(f)) = (words(prev.key).last(), words(line.key).next()) {
        if t.has_pair(p, f) {
            s += 1.5;
        }
    }
    s
}

/// Score of lines [a, b) of a row as a cell of `kind`.
fn cell_score(kind: Kind, lines: &[Cell], a: usize, b: usize, title: Option<&TitleRef>) -> f64 {
    if a == b {
        return if kind == Kind::Title {
            f64::NEG_INFINITY
        } else {
            -2.5
        };
    }
    let key = fold_whitespace(
        &lines[a..b]
            .iter()
            .map(|l| l.key)
            .collect::<Vec<_>>()
            .join(" "),
    );
    let n = (b - a) as f64;
    let mut s = 0.0;
    if kind != Kind::Title {
        if lines[a].spacer_before {
            s += 1.5;
        }
        // A lower-case start is a wrapped line, unless it is the unit code opening the
        // support cell, whose capital the text may have lost ("ục C06 – BCA").
        match lines[a].clean.chars().find(|c| c.is_alphanumeric()) {
            Some(c) if c.is_lowercase() && !SUPPORT_START.is_match(lines[a].key) => s -= 1.5,
            Some(_) => s += 0.5,
            None => {}
        }
        // A line that ends a sentence ends its cell.
        if a > 0 && lines[a - 1].clean.trim_end().ends_with('.') {
            s += 0.5;
        }
        if a > 0 && CONTINUES.is_match(lines[a - 1].key) {
            s -= 2.0;
        }
        // The support column opens with the ministry's unit ("Cục C06 – BCA"): a cell with
        // such a line after its first ran into the support cell, unless the line goes on a
        // list of units ("Bộ Y tế, Bộ …," / "Cục C06 - BCA, …").
        let ran_into_support = (a + 1..b).any(|i| {
            SUPPORT_START.is_match(lines[i].key)
                && (matches!(kind, Kind::Lead | Kind::Partners)
                    || !lines[i - 1].clean.trim_end().ends_with([',', ';']))
        });
        if ran_into_support {
            s -= 2.0;
        }
    }
    let deadline_cue = DEADLINE_CUE.is_match(&key);
    match kind {
        Kind::Title => {
            if let Some(t) = title {
                s += 4.0 * similarity(&key, &t.key) - 2.0;
                s += (a + 1..b)
                    .map(|i| title_line_fit(&lines[i - 1], &lines[i], t))
                    .sum::<f64>();
            } else if n > 4.0 {
                s -= n - 4.0;
            }
        }
        Kind::Lead | Kind::Partners => {
            if kind == Kind::Lead && LEAD_START.is_match(&key) {
                s += 1.0;
            }
            if kind == Kind::Partners && key.contains("(chinh)") {
                s += 1.5;
            }
            if key.contains("c06") {
                s -= 1.0;
            }
        }
        Kind::Support => {
            if SUPPORT_CUE.is_match(&key) {
                s += 2.0;
            }
        }
        Kind::Deadline => {
            if deadline_cue {
                s += 2.5;
            }
            // A deadline is short unless it opens like one ("Theo tiến độ triển khai …",
            // "- Trong năm 2024 đối với …; - Giai đoạn …" run over several lines).
            if n > 3.0 {
                let per_line = if DEADLINE_CUE.is_match(lines[a].key)
                    || DEADLINE_START.is_match(lines[a].key)
                {
                    0.3
                } else {
                    1.0
                };
                s -= per_line * (n - 3.0);
            }
        }
        Kind::Platform => {
            if PLATFORM_CUE.is_match(&key) {
                s += 1.5;
            }
        }
    }
    if kind != Kind::Deadline && deadline_cue && key.chars().count() < 40 {
        s -= 1.5;
    }
    s
}

/// Joins a cell's wrapped lines. A "- " that `prep` took for a bullet is put back when the
/// line before did not end a list item: "Giai đoạn 2023" / "- 2025" is one range, while
/// "… điện tử;" / "- Giai đoạn …" starts the next item.
fn join_cell(lines: &[Cell]) -> String {
    let mut out = String::new();
    for (i, l) in lines.iter().enumerate() {
        if i > 0 {
            out.push(' ');
            let prev = lines[i - 1].clean.trim_end();
            if let Some(b @ ('-' | '–')) = l.bullet {
                if !prev.ends_with([';', '.', ':', ',', '-', '–']) {
                    out.push(b);
                    out.push(' ');
                }
            }
        }
        out.push_str(l.clean);
    }
    fold_whitespace(&out)
}

/// Longest cell considered, in wrapped lines (keeps the split linear in the row length).
const MAX_CELL_LINES: usize = 15;

/// Splits a row's lines into the six cells; returns the cell texts.
fn split_row(lines: &[Cell], title: Option<&TitleRef>) -> [String; 6] {
    // A row that runs on to the next page continues there after the repeated header; when
    // those lines read as the rest of the model's title (the model cell is the longest), they
    // are the model cell's, not the platform cell's.
    let cont = lines.iter().position(|l| l.after_header);
    if let (Some(k), Some(t)) = (cont, title) {
        let tail = &lines[k..];
        let fits = tail.iter().all(|l| t.share(l.key).is_none_or(|s| s >= 0.6));
        if k > 0 && fits {
            let mut cells = split_cells(&lines[..k], Some(t));
            cells[0] = fold_whitespace(&format!("{} {}", cells[0], join_cell(tail)));
            return cells;
        }
    }
    split_cells(lines, title)
}

/// The dynamic program over cell boundaries.
fn split_cells(lines: &[Cell], title: Option<&TitleRef>) -> [String; 6] {
    let n = lines.len();
    let k = KINDS.len();
    let mut best = vec![vec![f64::NEG_INFINITY; n + 1]; k + 1];
    let mut back = vec![vec![0usize; n + 1]; k + 1];
    best[0][0] = 0.0;
    for (ki, &kind) in KINDS.iter().enumerate() {
        for i in 0..=n {
            if best[ki][i] == f64::NEG_INFINITY {
                continue;
            }
            // No cell of these tables runs past MAX_CELL_LINES wrapped lines.
            for j in i..=n.min(i + MAX_CELL_LINES) {
                let v = best[ki][i] + cell_score(kind, lines, i, j, title);
                if v > best[ki + 1][j] {
                    best[ki + 1][j] = v;
                    back[ki + 1][j] = i;
                }
            }
        }
    }
    let mut bounds = [0usize; 7];
    bounds[k] = n;
    for ki in (1..=k).rev() {
        bounds[ki - 1] = back[ki][bounds[ki]];
    }
    std::array::from_fn(|c| join_cell(&lines[bounds[c]..bounds[c + 1]]))
}

/// The body model a row describes: the one it prints, unless its first lines read as another
/// model's title and not as the printed one's (a table that prints "Mô hình 27" for model 41).
fn row_model<'m>(number: Option<u32>, lines: &[Cell], models: &'m [Model]) -> Option<&'m Model> {
    let printed = number.and_then(|n| models.iter().find(|m| m.number == n));
    let head = lines
        .iter()
        .take(2)
        .map(|l| l.key)
        .collect::<Vec<_>>()
        .join(" ");
    let share = |m: &Model| TitleRef::new(&m.title).share(&head).unwrap_or(0.0);
    let p = printed.map_or(0.0, share);
    let best = models
        .iter()
        .map(|m| (m, share(m)))
        .max_by(|a, b| a.1.total_cmp(&b.1));
    match best {
        Some((m, s)) if s >= 0.75 && s >= p + 0.3 => Some(m),
        _ => printed,
    }
}

struct RowLines<'a> {
    tt: Option<u32>,
    line: usize,
    group: Option<String>,
    number: Option<u32>,
    lines: Vec<Cell<'a>>,
    page: usize,
}

/// Reads the appendix table from text lines, starting at `from` (the end of the body).
/// `models` are the body's models, whose titles anchor the model cell.
pub fn read_table_text(lines: &[PrepLine], from: usize, models: &[Model]) -> Option<Table> {
    let start = (from..lines.len()).find(|&i| {
        lines[i].key.contains("chu tri")
            && lines[i..lines.len().min(i + 12)]
                .iter()
                .any(|l| l.key.contains("phoi hop"))
    })?;
    let header_start = (start.saturating_sub(12)..=start)
        .find(|&i| is_header_line(&lines[i].key) && !lines[i].key.trim().is_empty())
        .unwrap_or(start);
    let mut table = Table::default();
    let mut rows: Vec<RowLines> = Vec::new();
    let mut pending_tt: Option<u32> = None;
    let mut spacer = false;
    let mut in_row = false;
    let mut header_again = false;
    let region = &lines[header_start..];
    // A bare number is the TT cell only when the next content line opens the model cell;
    // otherwise it is the end of a wrapped cell ("… Đề án" / "06").
    let next_is_model = |i: usize| {
        region[i + 1..]
            .iter()
            .find(|x| !x.is_blank())
            .is_some_and(|x| match_model_heading(x.key.trim()).is_some())
    };
    for (i, l) in region.iter().enumerate() {
        if l.is_blank() {
            spacer |= l.spacer;
            continue;
        }
        let key = l.key.trim();
        if is_header_line(key) {
            spacer = false;
            header_again = in_row;
            continue;
        }
        let after_header = std::mem::take(&mut header_again);
        if key.len() <= 3 && key.chars().all(|c| c.is_ascii_digit()) && next_is_model(i) {
            pending_tt = key.parse().ok();
            in_row = false;
            spacer = false;
            continue;
        }
        if let Some(c) = GROUP_ROW.captures(key) {
            let idx = c[1].to_uppercase();
            let title_at = c.get(0).map_or(0, |m| m.end()) - 2;
            let (title, declared) = split_group_count(l.clean_from(title_at));
            table.groups.push(Group {
                index: idx,
                title,
                declared_model_count: declared,
            });
            in_row = false;
            spacer = false;
            continue;
        }
        if let Some(h) = match_model_heading(key) {
            rows.push(RowLines {
                tt: pending_tt.take(),
                line: l.line,
                group: table.groups.last().map(|g| g.index.clone()),
                number: Some(h.number),
                lines: vec![Cell {
                    clean: l.clean_from(h.title_start),
                    key: &l.key[h.title_start..],
                    spacer_before: false,
                    bullet: None,
                    after_header: false,
                }],
                page: l.page.unwrap_or(1),
            });
            in_row = true;
            spacer = false;
            continue;
        }
        if in_row {
            if let Some(r) = rows.last_mut() {
                r.lines.push(Cell {
                    clean: &l.clean,
                    key: &l.key,
                    spacer_before: spacer,
                    bullet: l.bullet,
                    after_header,
                });
            }
        }
        spacer = false;
    }
    if rows.is_empty() {
        return None;
    }
    for r in rows {
        let title = row_model(r.number, &r.lines, models).map(|m| TitleRef::new(&m.title));
        let [t, lead, partners, support, deadline, platform] = split_row(&r.lines, title.as_ref());
        let opt = |s: String| (!s.is_empty()).then_some(s);
        table.rows.push(Row {
            tt: r.tt,
            printed_number: r.number,
            title: t,
            lead: opt(lead),
            partners: opt(partners),
            support: opt(support),
            deadline: opt(deadline),
            platform: opt(platform),
            objective: None,
            note: None,
            content: None,
            implementers: None,
            other: Vec::new(),
            page: r.page,
            line: r.line,
            group: r.group,
        });
    }
    Some(table)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::prep::prepare;

    #[test]
    fn splits_a_row_stream_into_cells() {
        let text =
            "TT \n\nMô hình \n\nPhân công thực hiện \nThời gian \n\nhoàn thành \n\nNền tảng \n\
            Chủ trì Phối hợp Đơn vị hỗ trợ \n\n\
            I Nhóm tiện ích phục vụ giải quyết TTHC (03 mô hình) \n \n\n1 \n\n \n\n\
            Mô hình 1: Triển khai 53 \n\nDVC thiết yếu theo Đề án \n\n06 \n\n \n\n\
            Các cơ quan, ban, \n\nngành, đơn vị có dịch \n\nvụ công thiết yếu \n\n\
            Trung tâm Phục vụ \n\nhành chính công (chính), Văn \n\nphòng UBND huyện \n\n \n\n\
            Cục C06 - BCA; Tổ Công \n\ntác Đề án 06 \n\n \n\n \n\n\
            Theo lộ trình Đề \n\nán 06 \n\n \n\nVNeID, Hệ thống thông \n\ntin giải quyết TTHC \n\n\
            Mô hình 3: Xây dựng tối \n\nthiểu 20 DVC \n\nCông an huyện \n\n \n\nPhòng Tư pháp \n\n\
            Cục C06 – BCA \n\n \n\n30/9/2024 \n\nHệ thống thông tin \n";
        let lines = prepare(text.lines().map(|l| (None, l)));
        let models = vec![
            Model::new(1, "Triển khai 53 DVC thiết yếu theo Đề án 06"),
            Model::new(3, "Xây dựng tối thiểu 20 DVC"),
        ];
        let t = read_table_text(&lines, 0, &models).expect("table");
        assert_eq!(t.groups.len(), 1);
        assert_eq!(t.groups[0].declared_model_count, Some(3));
        assert_eq!(t.rows.len(), 2);
        let r = &t.rows[0];
        assert_eq!(r.tt, Some(1));
        assert_eq!(r.title, "Triển khai 53 DVC thiết yếu theo Đề án 06");
        assert_eq!(
            r.lead.as_deref(),
            Some("Các cơ quan, ban, ngành, đơn vị có dịch vụ công thiết yếu")
        );
        assert_eq!(
            r.partners.as_deref(),
            Some("Trung tâm Phục vụ hành chính công (chính), Văn phòng UBND huyện")
        );
        assert_eq!(
            r.support.as_deref(),
            Some("Cục C06 - BCA; Tổ Công tác Đề án 06")
        );
        assert_eq!(r.deadline.as_deref(), Some("Theo lộ trình Đề án 06"));
        assert_eq!(
            r.platform.as_deref(),
            Some("VNeID, Hệ thống thông tin giải quyết TTHC")
        );
        let r = &t.rows[1];
        assert_eq!(r.lead.as_deref(), Some("Công an huyện"));
        assert_eq!(r.partners.as_deref(), Some("Phòng Tư pháp"));
        assert_eq!(r.deadline.as_deref(), Some("30/9/2024"));
    }

    /// One row's lines for `split_row`: a leading "~" marks a white-space-only line before the
    /// line, a leading "^" a line printed after the table header repeated on a new page.
    struct Line {
        clean: String,
        key: String,
        bullet: Option<char>,
        spacer: bool,
        after_header: bool,
    }

    fn split(raw: &[&str], title: Option<&str>) -> [String; 6] {
        let owned: Vec<Line> = raw
            .iter()
            .map(|r| {
                let (spacer, r) = r.strip_prefix('~').map_or((false, *r), |r| (true, r));
                let (after_header, r) = r.strip_prefix('^').map_or((false, r), |r| (true, r));
                let (clean, bullet) = crate::prep::clean_line(r);
                let key = key_of(&clean);
                Line {
                    clean,
                    key,
                    bullet,
                    spacer,
                    after_header,
                }
            })
            .collect();
        let cells: Vec<Cell> = owned
            .iter()
            .map(|l| Cell {
                clean: &l.clean,
                key: &l.key,
                spacer_before: l.spacer,
                bullet: l.bullet,
                after_header: l.after_header,
            })
            .collect();
        split_row(&cells, title.map(TitleRef::new).as_ref())
    }

    #[test]
    fn a_lead_cell_that_repeats_title_words_stays_out_of_the_model_cell() {
        // The body's title ends in "… UBND cấp huyện, cấp xã"; the lead cell names the same.
        let c = split(
            &[
                "Triển khai tối",
                "thiểu 15 thủ tục không",
                "dùng giấy tờ",
                "Các cơ quan, ban,",
                "ngành cấp huyện,",
                "UBND cấp xã",
                "Văn phòng UBND",
                "huyện, Trung tâm PV",
                "HCC huyện (chính)",
                "~Cục C06 – BCA",
                "~30/9/2025",
                "Hệ thống thông tin giải",
                "quyết TTHC huyện",
            ],
            Some(
                "Tổ chức thực hiện tối thiểu 15 thủ tục không dùng giấy tờ tại Bộ phận Một cửa \
                 UBND cấp huyện, cấp xã",
            ),
        );
        assert_eq!(c[0], "Triển khai tối thiểu 15 thủ tục không dùng giấy tờ");
        assert_eq!(c[1], "Các cơ quan, ban, ngành cấp huyện, UBND cấp xã");
        assert_eq!(c[2], "Văn phòng UBND huyện, Trung tâm PV HCC huyện (chính)");
    }

    #[test]
    fn a_wrap_between_two_title_words_keeps_the_line_in_the_model_cell() {
        // The partners cell opens in lower case (its first letters were lost).
        let c = split(
            &[
                "Tiếp nhận phản ánh của",
                "người dân qua Tổng đài",
                "Hotline",
                "Đoàn Thanh niên huyện",
                "ông an xã; các phòng,",
                "ban; UBND cấp xã (chính)",
                "Cục C06 - BCA",
                "Năm 2025",
                "VNeID",
            ],
            Some("Tiếp nhận phản ánh của người dân qua Tổng đài Hotline"),
        );
        assert_eq!(
            c[0],
            "Tiếp nhận phản ánh của người dân qua Tổng đài Hotline"
        );
        assert_eq!(c[1], "Đoàn Thanh niên huyện");
        assert_eq!(c[2], "ông an xã; các phòng, ban; UBND cấp xã (chính)");
    }

    #[test]
    fn a_row_is_read_against_the_title_it_prints_not_only_its_number() {
        let models = vec![
            Model::new(5, "Quản lý nhà trọ qua ứng dụng VNeID"),
            Model::new(12, "Phân tích số liệu dân cư phục vụ điều hành"),
        ];
        let text = [
            "Phân tích số liệu",
            "dân cư phục vụ điều hành",
            "Công an huyện",
        ];
        let keys: Vec<String> = text.iter().map(|t| key_of(t)).collect();
        let cells: Vec<Cell> = text
            .iter()
            .zip(&keys)
            .map(|(t, k)| Cell {
                clean: t,
                key: k,
                spacer_before: false,
                bullet: None,
                after_header: false,
            })
            .collect();
        assert_eq!(
            row_model(Some(5), &cells, &models).map(|m| m.number),
            Some(12)
        );
        // A row that reads as its printed title keeps it.
        assert_eq!(
            row_model(Some(5), &cells[..0], &models).map(|m| m.number),
            Some(5)
        );
    }

    #[test]
    fn the_rest_of_a_title_after_the_repeated_header_goes_back_to_the_model_cell() {
        let c = split(
            &[
                "Triển khai sổ tay điện tử",
                "cho cán bộ,",
                "Phòng Nội vụ",
                "~Các phòng, ban",
                "~Cục C06 - BCA",
                "~Quý II/2025",
                "~VNeID",
                "^công chức cấp xã",
            ],
            Some("Triển khai sổ tay điện tử cho cán bộ, công chức cấp xã"),
        );
        assert_eq!(
            c[0],
            "Triển khai sổ tay điện tử cho cán bộ, công chức cấp xã"
        );
        assert_eq!(c[1], "Phòng Nội vụ");
        assert_eq!(c[5], "VNeID");
    }

    #[test]
    fn a_c06_line_opens_the_support_cell_even_without_its_capital() {
        // The text lost the "C" of "Cục": the line starts in lower case.
        let c = split(
            &[
                "Cấp phiếu lý lịch tư pháp",
                "trực tuyến",
                "Sở Tư pháp",
                "Công an tỉnh và",
                "Bưu điện huyện",
                "ục C06 – BCA và các",
                "đơn vị liên quan",
                "Quý IV/2025",
                "VNeID",
            ],
            Some("Cấp phiếu lý lịch tư pháp trực tuyến"),
        );
        assert_eq!(c[2], "Công an tỉnh và Bưu điện huyện");
        assert_eq!(c[3], "ục C06 – BCA và các đơn vị liên quan");
    }

    #[test]
    fn a_cell_does_not_run_on_into_the_support_cell() {
        // The partners cell ends in "… Sở" / "Thông tin và Truyền" / "thông"; the support cell
        // opens with "Cục C06" whose capital was lost.
        let c = split(
            &[
                "Đặt lịch khám bệnh qua VNeID",
                "Bệnh viện huyện",
                "Trạm y tế xã (chính), Sở",
                "Thông tin và Truyền",
                "thông",
                "ục C06 – BCA và các",
                "đơn vị liên quan",
                "Năm 2025 và",
                "thường xuyên",
                "VNeID",
            ],
            Some("Đặt lịch khám bệnh qua VNeID"),
        );
        assert_eq!(c[2], "Trạm y tế xã (chính), Sở Thông tin và Truyền thông");
        assert_eq!(c[3], "ục C06 – BCA và các đơn vị liên quan");
    }

    #[test]
    fn a_deadline_that_opens_like_one_may_run_over_several_lines() {
        let c = split(
            &[
                "Hóa đơn điện tử",
                "Chi cục Thuế khu vực",
                "~Phòng Tài chính",
                "~Cục C06 - BCA",
                "~Theo tiến độ triển",
                "khai của Bộ Tài",
                "chính đối với hóa đơn",
                "điện tử và của",
                "Tổng cục Thuế đối",
                "với các hộ kinh doanh",
                "trên địa bàn",
                "~Ứng dụng eTax",
            ],
            Some("Hóa đơn điện tử"),
        );
        assert_eq!(
            c[4],
            "Theo tiến độ triển khai của Bộ Tài chính đối với hóa đơn điện tử và của Tổng cục \
             Thuế đối với các hộ kinh doanh trên địa bàn"
        );
        assert_eq!(c[5], "Ứng dụng eTax");
    }

    #[test]
    fn a_dash_that_wrapped_is_kept_and_a_list_bullet_is_dropped() {
        let c = split(
            &[
                "Chữ ký số cho người dân",
                "Công an huyện",
                "~UBND cấp xã",
                "~Cục C06",
                "- BCA",
                "- Năm 2025 đối với tài khoản;",
                "- Giai đoạn 2024",
                "- 2026 đối với chữ ký số",
                "~VNeID",
            ],
            Some("Chữ ký số cho người dân"),
        );
        assert_eq!(c[3], "Cục C06 - BCA");
        assert_eq!(
            c[4],
            "Năm 2025 đối với tài khoản; Giai đoạn 2024 - 2026 đối với chữ ký số"
        );
        assert_eq!(c[5], "VNeID");
    }

    #[test]
    fn a_line_ending_a_sentence_ends_its_cell() {
        let c = split(
            &[
                "Thanh toán không dùng tiền mặt",
                "Công an huyện, Chi",
                "nhánh Ngân hàng",
                "Chính sách huyện.",
                "UBND các xã",
                "~Tổ Công tác Đề án 06",
                "~Năm 2025",
                "~VNeID",
            ],
            Some("Thanh toán không dùng tiền mặt"),
        );
        assert_eq!(c[1], "Công an huyện, Chi nhánh Ngân hàng Chính sách huyện.");
        assert_eq!(c[2], "UBND các xã");
    }
}
