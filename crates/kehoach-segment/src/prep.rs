//! Line preparation: Markdown removed, bullets recognised, and a mark-free matching key.
//!
//! Restored text can still carry a wrong tone here and there, and earlier OCR sometimes has
//! none at all, so structure is recognised on a *key*: the clean line with every diacritic
//! removed and lowercased, char for char. Because the key has exactly one char per char of the
//! clean text, a span matched on the key maps back to the properly marked clean text.

use kehoach_core::text::{base_letter, fold_whitespace};
use regex::Regex;
use std::sync::LazyLock;

/// One input line ready for structure matching.
#[derive(Debug, Clone)]
pub struct PrepLine {
    /// 1-based line number in the document text.
    pub line: usize,
    /// 1-based page, when the input had pages.
    pub page: Option<usize>,
    /// Markdown and leading bullets removed, white space folded.
    pub clean: String,
    /// Bullet character that introduced the line ('-', '+', '•', '*'), if any.
    pub bullet: Option<char>,
    /// `clean` without diacritics, lowercased, one char per char of `clean`.
    pub key: String,
    /// The raw line held only white space (not nothing): PDF text layers emit such lines where
    /// a table cell or block ends, which helps split cells.
    pub spacer: bool,
}

impl PrepLine {
    /// True for an empty line.
    pub fn is_blank(&self) -> bool {
        self.clean.is_empty()
    }

    /// The part of `clean` that corresponds to the key's byte range `start..end`.
    pub fn clean_span(&self, start: usize, end: usize) -> &str {
        let cs = self.key[..start].chars().count();
        let ce = cs + self.key[start..end].chars().count();
        let mut idx = self.clean.char_indices().map(|(i, _)| i);
        let b0 = idx.by_ref().nth(cs).unwrap_or(self.clean.len());
        let b1 = if ce > cs {
            idx.nth(ce - cs - 1).unwrap_or(self.clean.len())
        } else {
            b0
        };
        &self.clean[b0..b1]
    }

    /// `clean` from the key's byte offset `start` to the end.
    pub fn clean_from(&self, start: usize) -> &str {
        self.clean_span(start, self.key.len())
    }

    /// Page-break debris: stamp fragments, check marks, page numbers ("CA", "✓", "*LC*", "12").
    /// A real line of a plan has more than three letters or digits, or ends a label.
    pub fn is_debris(&self) -> bool {
        if self.is_blank() || self.bullet.is_some() {
            return false;
        }
        let alnum = self.clean.chars().filter(|c| c.is_alphanumeric()).count();
        alnum <= 3 && !self.clean.ends_with(':')
    }
}

/// Folds one char for the key: diacritics removed, lowercased, never changing the char count.
pub fn key_char(c: char) -> char {
    let b = if c.is_ascii() { c } else { base_letter(c) };
    b.to_lowercase().next().unwrap_or(b)
}

/// Whether `text` is set in capitals: at least `min_letters` letters, four in five of them
/// upper case (a heading, a header line; a stray capital or a lost mark leaves it so).
pub(crate) fn in_capitals(text: &str, min_letters: usize) -> bool {
    let letters = text.chars().filter(|c| c.is_alphabetic()).count();
    let upper = text.chars().filter(|c| c.is_uppercase()).count();
    letters >= min_letters && upper * 10 >= letters * 8
}

/// Builds the matching key of a clean line.
pub fn key_of(clean: &str) -> String {
    clean.chars().map(key_char).collect()
}

static EMPHASIS: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\*([^\s*](?:[^*]*[^\s*])?)\*").expect("emphasis regex"));
static HEADING_MARK: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\s{0,3}#{1,6}\s+").expect("heading regex"));
/// A page number as printed in a page's margin: "- 2 -", "– 12 –", "Trang 3", "2/10".
static PAGE_NUMBER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^[-–—]?\s*(?:[Tt]rang\s+)?(\d{1,3}(?:\s*/\s*\d{1,3})?)\s*[-–—]?$")
        .expect("page number")
});
static BULLET: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^([-+•*–·▪◦●■►➢❖○»])\s+").expect("bullet regex"));

/// A row of a two-column Markdown table, as [`two_column_row`] reads it.
enum TableRow {
    /// "|---|---|": blank.
    Rule,
    /// The header set as a table: its columns side by side ([`is_header_cell`]).
    Header(String),
    /// "| Mục tiêu | 90% hồ sơ … |" as "Mục tiêu: 90% hồ sơ …".
    Field(String),
}

impl TableRow {
    fn into_text(self) -> String {
        match self {
            TableRow::Rule => String::new(),
            TableRow::Header(s) | TableRow::Field(s) => s,
        }
    }
}

/// A row of a two-column Markdown table ("| Mục tiêu | 90% hồ sơ … |"), as "label: value": plans
/// converted from word-processor files give each model's fields in such a table. Rules
/// ("|---|---|") become blank. Tables of more columns are left for the appendix reader.
fn two_column_row(s: &str) -> Option<TableRow> {
    if !s.trim_end().ends_with('|') {
        return None;
    }
    let cells = kehoach_core::text::table_cells(s)?;
    if cells.len() != 2 {
        return None;
    }
    if cells
        .iter()
        .all(|c| !c.is_empty() && c.chars().all(|x| matches!(x, '-' | ':')))
    {
        return Some(TableRow::Rule);
    }
    let first = &cells[0];
    if is_header_cell(first) {
        return Some(TableRow::Header(format!("{} {}", first, cells[1])));
    }
    Some(TableRow::Field(format!(
        "{}: {}",
        first.trim_end_matches(':'),
        cells[1]
    )))
}

/// The first cell of a row of the header set as a table ("| ỦY BAN NHÂN DÂN HUYỆN … | CỘNG HÒA
/// XÃ HỘI … |", "| Số: 27/KH-TCT | Lộc Hà, ngày … |"): the row is the page's two columns side
/// by side, not a field and its value, and its first row names no columns. A field's label is
/// neither in capitals nor a label with its colon already.
fn is_header_cell(first: &str) -> bool {
    let letters = || first.chars().filter(|c| c.is_alphabetic());
    first.contains(':') || letters().count() > 1 && letters().all(char::is_uppercase)
}

/// Removes Markdown emphasis and heading marks, then peels leading bullets ("- + x" → '+', "x").
/// Word processors' bullet glyphs count ("●", "➢", "❖"), and "»", OCR's reading of a small
/// round bullet.
pub fn clean_line(raw: &str) -> (String, Option<char>) {
    let mut s = raw.replace('\u{a0}', " ");
    s = HEADING_MARK.replace(&s, "").into_owned();
    s = s.replace("**", "").replace("__", "");
    s = EMPHASIS.replace_all(&s, "$1").into_owned();
    let mut s = fold_whitespace(&s);
    if let Some(row) = two_column_row(&s) {
        s = row.into_text();
    }
    // A page number set between dashes ("- 2 -") is no bullet: its number alone is left, debris
    // to every reader, instead of a list item that would run into the field above.
    if let Some(c) = PAGE_NUMBER.captures(&s) {
        return (c[1].to_string(), None);
    }
    let mut bullet = None;
    while let Some(m) = BULLET.captures(&s) {
        bullet = m.get(1).and_then(|g| g.as_str().chars().next());
        s = s[m.get(0).map_or(0, |g| g.end())..].to_string();
    }
    // A lone bullet with nothing after it ("-" on its own line) carries no content.
    if matches!(s.as_str(), "-" | "+" | "•") {
        s.clear();
    }
    (s, bullet)
}

/// True when the text puts one empty line after every printed line, as some PDF text layers
/// do: then a single empty line is a line wrap, not a paragraph break. Paragraph-per-line text
/// (Markdown, word-processor exports) also separates lines by one empty line, so the test is
/// whether sentences run on across those gaps: a line without closing punctuation followed by
/// one starting in lower case. In wrapped text many gaps do; between paragraphs almost none.
pub fn is_double_spaced(raw: &[&str]) -> bool {
    let text: Vec<usize> = raw
        .iter()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(i, _)| i)
        .collect();
    if text.len() < 20 {
        return false;
    }
    let gaps: Vec<(usize, usize)> = text
        .windows(2)
        .filter(|w| w[1] - w[0] == 2 && raw[w[0] + 1].is_empty())
        .map(|w| (w[0], w[1]))
        .collect();
    if gaps.len() * 10 < (text.len() - 1) * 7 {
        return false;
    }
    let runs_on = gaps
        .iter()
        .filter(|&&(a, b)| {
            let ends_open = !raw[a].trim_end().ends_with(['.', ':', ';', '!', '?']);
            let next_lower = raw[b]
                .trim_start()
                .chars()
                .find(|c| c.is_alphanumeric())
                .is_some_and(|c| c.is_lowercase());
            ends_open && next_lower
        })
        .count();
    runs_on * 4 >= gaps.len()
}

/// Prepares every line of a document. In double-spaced text (see [`is_double_spaced`]) the
/// single empty lines are dropped; every kept line still carries its original line number.
pub fn prepare<'a>(lines: impl IntoIterator<Item = (Option<usize>, &'a str)>) -> Vec<PrepLine> {
    let lines: Vec<(Option<usize>, &str)> = lines.into_iter().collect();
    let raw: Vec<&str> = lines.iter().map(|(_, l)| *l).collect();
    // A two-column table's header row ("| Nội dung | Chi tiết |" over its rule) names the
    // columns, not a field.
    let rows: Vec<Option<TableRow>> = raw
        .iter()
        .map(|l| two_column_row(&fold_whitespace(l)))
        .collect();
    let column_names: Vec<bool> = (0..raw.len())
        .map(|i| {
            matches!(rows[i], Some(TableRow::Field(_)))
                && matches!(rows.get(i + 1), Some(Some(TableRow::Rule)))
        })
        .collect();
    let double = is_double_spaced(&raw);
    let soft = |i: usize| {
        double
            && raw[i].is_empty()
            && i > 0
            && i + 1 < raw.len()
            && !raw[i - 1].trim().is_empty()
            && !raw[i + 1].trim().is_empty()
    };
    let mut out: Vec<PrepLine> = lines
        .into_iter()
        .enumerate()
        .filter(|(i, _)| !soft(*i))
        .map(|(i, (page, raw))| {
            let (mut clean, bullet) = clean_line(raw);
            if column_names[i] {
                clean.clear();
            }
            let key = key_of(&clean);
            PrepLine {
                line: i + 1,
                page,
                spacer: !raw.is_empty() && raw.trim().is_empty(),
                clean,
                bullet,
                key,
            }
        })
        .collect();
    carry_label_fragments(&mut out);
    out.into_iter().flat_map(split_inline_labels).collect()
}

/// The words after a line's last sentence end that open a field label the next line finishes
/// ("… tuyến huyện. Mục" / "tiêu: Người bệnh …"), moved to the next line: a paragraph of
/// fields wrapped by the printer or the OCR engine splits labels like any other words.
fn carry_label_fragments(lines: &mut [PrepLine]) {
    for i in 1..lines.len() {
        let (head, tail) = lines.split_at_mut(i);
        let (prev, next) = (&mut head[i - 1], &mut tail[0]);
        if prev.is_blank() || next.is_blank() || next.bullet.is_some() || prev.page != next.page {
            continue;
        }
        let Some(at) = prev.key.rfind(['.', ';']).map(|i| i + 1) else {
            continue;
        };
        let fragment = prev.key[at..].trim();
        if fragment.is_empty()
            || !prev.key[at..].starts_with(' ')
            || fragment.contains(':')
            || fragment.split_whitespace().count() > 3
        {
            continue;
        }
        // The next line may read as a label on its own only by a looser match ("gian hoàn
        // thành:" is "thời gian hoàn thành:" less a word).
        let alone = crate::labels::match_field_label(&next.key).map_or(usize::MAX, |m| m.distance);
        let joined = format!("{fragment} {}", next.key);
        let ends_in_next = crate::labels::match_label_with_colon(&joined)
            .is_some_and(|m| m.content_start > fragment.len() + 1 && m.distance < alone);
        if !ends_in_next {
            continue;
        }
        let moved = prev.clean_from(at).trim().to_string();
        prev.clean = prev.clean_span(0, at).trim_end().to_string();
        prev.key = key_of(&prev.clean);
        next.clean = format!("{moved} {}", next.clean);
        next.key = key_of(&next.clean);
    }
}

/// A line that runs several fields together ("Mô hình 1: … VNeID. Mục tiêu: …. Đơn vị thực
/// hiện: …"), as plans that give each model one paragraph do, split before every field label
/// that follows the end of a sentence or a semicolon and ends in a colon. The pieces keep the
/// line's number. Table rows are left whole (their cells are read by the table readers).
fn split_inline_labels(l: PrepLine) -> Vec<PrepLine> {
    if l.clean.starts_with('|') || !l.key.contains(':') {
        return vec![l];
    }
    let cuts: Vec<usize> = l
        .key
        .match_indices(['.', ';'])
        .map(|(i, _)| i + 1)
        .filter(|&i| l.key[i..].starts_with(' '))
        .map(|i| i + 1)
        .filter(|&i| crate::labels::match_label_with_colon(&l.key[i..]).is_some())
        .collect();
    if cuts.is_empty() {
        return vec![l];
    }
    let mut bounds = vec![0];
    bounds.extend(&cuts);
    bounds.push(l.key.len());
    bounds
        .windows(2)
        .map(|w| {
            let clean = l.clean_span(w[0], w[1]).trim_end().to_string();
            PrepLine {
                line: l.line,
                page: l.page,
                key: key_of(&clean),
                clean,
                bullet: if w[0] == 0 { l.bullet } else { None },
                spacer: false,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_and_bullets_are_removed() {
        assert_eq!(
            clean_line("**- Mục tiêu:** Tạo kho"),
            ("Mục tiêu: Tạo kho".to_string(), Some('-'))
        );
        assert_eq!(
            clean_line("- + Các sở, ban"),
            ("Các sở, ban".to_string(), Some('+'))
        );
        assert_eq!(
            clean_line("| Mục tiêu | 90% hồ sơ |"),
            ("Mục tiêu: 90% hồ sơ".to_string(), None)
        );
        assert_eq!(clean_line("|---|---|"), (String::new(), None));
        // Page numbers are debris, not list items.
        for page in ["- 2 -", "– 12 –", "Trang 3", "2/10", "7"] {
            let (clean, bullet) = clean_line(page);
            assert_eq!(bullet, None, "{page}");
            assert!(
                clean.chars().all(|c| c.is_ascii_digit() || c == '/'),
                "{page}"
            );
        }
        assert_eq!(clean_line("- 2025: hoàn thành").1, Some('-'));
        // A header set as a table: its columns side by side, the first row kept.
        assert_eq!(
            clean_line("| **SỞ Y TẾ** | **Độc lập - Tự do - Hạnh phúc** |").0,
            "SỞ Y TẾ Độc lập - Tự do - Hạnh phúc"
        );
        assert_eq!(
            clean_line("| Số: 12/KH-SYT | Vinh, ngày 3 tháng 4 năm 2024 |").0,
            "Số: 12/KH-SYT Vinh, ngày 3 tháng 4 năm 2024"
        );
        let rows = prepare(
            [
                "| UBND HUYỆN A | CỘNG HÒA XÃ HỘI |",
                "|---|---|",
                "| Nội dung | Chi tiết |",
                "|---|---|",
            ]
            .map(|l| (None, l)),
        );
        assert_eq!(rows[0].clean, "UBND HUYỆN A CỘNG HÒA XÃ HỘI");
        assert_eq!(rows[2].clean, "");
        assert_eq!(
            clean_line("| TT | Mô hình | Chủ trì |").0,
            "| TT | Mô hình | Chủ trì |"
        );
        assert_eq!(
            clean_line("» Lắp đặt thiết bị"),
            ("Lắp đặt thiết bị".to_string(), Some('»'))
        );
        assert_eq!(
            clean_line("### - Phân công nhiệm vụ:"),
            ("Phân công nhiệm vụ:".to_string(), Some('-'))
        );
        assert_eq!(
            clean_line("(*Cơ sở cầm đồ; Cơ sở khác...*) Khách sạn 2-3*;"),
            (
                "(Cơ sở cầm đồ; Cơ sở khác...) Khách sạn 2-3*;".to_string(),
                None
            )
        );
    }

    #[test]
    fn key_is_char_aligned() {
        let l = &prepare([(None, "## 1.2. Mô hình 2: Xây dựng")])[0];
        assert_eq!(l.key, "1.2. mo hinh 2: xay dung");
        let at = l.key.find("xay").unwrap();
        assert_eq!(l.clean_from(at), "Xây dựng");
        assert_eq!(l.clean_span(5, 12), "Mô hình");
    }

    #[test]
    fn double_spaced_text_keeps_wrapped_lines_together() {
        let mut text = String::new();
        for i in 0..30 {
            text.push_str(&format!("line {i} of a sentence that\n\nruns on\n\n"));
        }
        text.push_str(" \nend\n");
        let lines = prepare(text.lines().map(|l| (None, l)));
        assert_eq!(lines[0].line, 1);
        assert_eq!(lines[1].clean, "runs on");
        assert_eq!(lines[1].line, 3);
        // The white-space-only line stays as a break.
        assert!(lines.iter().any(|l| l.spacer));
        let single = prepare("a\n\nb\n".lines().map(|l| (None, l)));
        assert_eq!(single.len(), 3, "short text is untouched");
        let paragraphs: String = (0..30)
            .map(|i| format!("Paragraph {i} ends.\n\n"))
            .collect();
        let p = prepare(paragraphs.lines().map(|l| (None, l)));
        assert_eq!(p.len(), 60, "one paragraph per line keeps its breaks");
    }

    #[test]
    fn fields_run_together_on_one_line_are_split() {
        let lines = prepare([(
            None,
            "Mô hình 1: Học bạ số. Mục tiêu: Học bạ được tra cứu. Đơn vị thực hiện: Sở Giáo dục; \
             Công an tỉnh. Thời gian hoàn thành: Quý II/2025.",
        )]);
        let clean: Vec<&str> = lines.iter().map(|l| l.clean.as_str()).collect();
        assert_eq!(
            clean,
            [
                "Mô hình 1: Học bạ số.",
                "Mục tiêu: Học bạ được tra cứu.",
                "Đơn vị thực hiện: Sở Giáo dục; Công an tỉnh.",
                "Thời gian hoàn thành: Quý II/2025."
            ]
        );
        assert!(lines.iter().all(|l| l.line == 1));
        // Prose that names a field word without a label's colon stays one line, and so do
        // table rows.
        for raw in [
            "Các đơn vị báo cáo. Thời gian hoàn thành các mô hình: theo lộ trình của tỉnh.",
            "| 1 | Mô hình 1. Mục tiêu: x | Sở Y tế |",
        ] {
            assert_eq!(prepare([(None, raw)]).len(), 1, "{raw}");
        }
    }

    #[test]
    fn a_label_wrapped_over_two_lines_is_joined() {
        let lines = prepare([
            (None, "Mô hình 2: Thanh toán tại bệnh viện. Mục"),
            (None, "tiêu: Người bệnh thanh toán qua ví. Đơn vị"),
            (None, "thực hiện: Sở Y tế. Thời gian hoàn thành: Tháng"),
            (None, "9/2025. Thời"),
            (None, "gian hoàn thành: 31/12/2025."),
        ]);
        let clean: Vec<&str> = lines.iter().map(|l| l.clean.as_str()).collect();
        assert_eq!(
            clean,
            [
                "Mô hình 2: Thanh toán tại bệnh viện.",
                "Mục tiêu: Người bệnh thanh toán qua ví.",
                "Đơn vị thực hiện: Sở Y tế.",
                "Thời gian hoàn thành: Tháng",
                "9/2025.",
                "Thời gian hoàn thành: 31/12/2025."
            ]
        );
        // A sentence that ends a line before prose stays as printed.
        let lines = prepare([
            (None, "Các đơn vị báo cáo kết quả. Thời"),
            (None, "gian tới tiếp tục triển khai: theo lộ trình."),
        ]);
        assert_eq!(lines[0].clean, "Các đơn vị báo cáo kết quả. Thời");
    }

    #[test]
    fn debris_is_recognised() {
        let lines = prepare([
            (None, "CA"),
            (None, "✓"),
            (None, "*LC*"),
            (None, "+ VNeID."),
        ]);
        assert!(lines[0].is_debris() && lines[1].is_debris() && lines[2].is_debris());
        assert!(!lines[3].is_debris());
    }
}
