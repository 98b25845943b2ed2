//! The appendix table when only text is left (a PDF text layer, earlier OCR saved as text).
//!
//! Such text gives the table cell by cell in printed column order — TT, model, lead, partners,
//! support, deadline, platform — one wrapped line at a time, with no reliable mark where one
//! cell ends and the next begins. Each row is therefore split into its six cells by a small
//! dynamic program that scores every possible split: boundary cues (a white-space-only line,
//! a capital after a line that did not end in a comma), content cues (dates in the deadline
//! cell, "C06"/"BCA" in the support cell, platform names), and the model's title from the body
//! for the model cell.

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

/// Score of lines [a, b) of a row as a cell of `kind`.
fn cell_score(kind: Kind, lines: &[Cell], a: usize, b: usize, title: Option<&str>) -> f64 {
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
        match lines[a].clean.chars().find(|c| c.is_alphanumeric()) {
            Some(c) if c.is_lowercase() => s -= 1.5,
            Some(_) => s += 0.5,
            None => {}
        }
        if a > 0 && CONTINUES.is_match(lines[a - 1].key) {
            s -= 2.0;
        }
    }
    let deadline_cue = DEADLINE_CUE.is_match(&key);
    match kind {
        Kind::Title => {
            if let Some(t) = title {
                let t = key_of(&fold_whitespace(t));
                s += 4.0 * similarity(&key, &t) - 2.0;
            } else if n > 4.0 {
                s -= n - 4.0;
            }
        }
        Kind::Lead => {
            if LEAD_START.is_match(&key) {
                s += 1.0;
            }
            if key.contains("c06") {
                s -= 1.0;
            }
        }
        Kind::Partners => {
            if key.contains("(chinh)") {
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
            if n > 3.0 {
                s -= n - 3.0;
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

/// Longest cell considered, in wrapped lines (keeps the split linear in the row length).
const MAX_CELL_LINES: usize = 15;

/// Splits a row's lines into the six cells; returns the cell texts.
fn split_row(lines: &[Cell], title: Option<&str>) -> [String; 6] {
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
    std::array::from_fn(|c| {
        fold_whitespace(
            &lines[bounds[c]..bounds[c + 1]]
                .iter()
                .map(|l| l.clean)
                .collect::<Vec<_>>()
                .join(" "),
        )
    })
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
            continue;
        }
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
                });
            }
        }
        spacer = false;
    }
    if rows.is_empty() {
        return None;
    }
    for r in rows {
        let title = r
            .number
            .and_then(|n| models.iter().find(|m| m.number == n))
            .map(|m| m.title.as_str());
        let [t, lead, partners, support, deadline, platform] = split_row(&r.lines, title);
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
}
