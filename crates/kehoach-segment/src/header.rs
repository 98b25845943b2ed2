//! The document header: number, date, place, issuer, title, declared model count.
//!
//! Vietnamese administrative documents follow a fixed layout (Nghị định 30/2020/NĐ-CP): issuer
//! and "Số: …" on the left, place and date on the right, then "KẾ HOẠCH" and the title, then a
//! preamble ("Căn cứ …", "Thực hiện …") ending in "<issuer> ban hành Kế hoạch …". OCR often
//! merges the two header columns into one line, so every pattern is searched within lines, not
//! anchored to them.

use crate::prep::PrepLine;
use kehoach_core::text::fold_whitespace;
use kehoach_core::DocumentHeader;
use regex::Regex;
use std::sync::LazyLock;

static NUMBER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?-u:\b)s[o6]\s*:\s*(\d+[a-z0-9]*\s*/\s*[a-z0-9][a-z0-9\-./]*[a-z0-9])")
        .expect("number")
});
static PLACE_DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"([^,:]+?)\s*,\s*ngay\s+(\d{1,2})\s+thang\s+(\d{1,2})\s+nam\s+(\d{4})")
        .expect("place date")
});
static TITLE_STOP: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(can cu|thuc hien|thi hanh|nham|theo|de |trien khai thuc hien (quyet dinh|chi thi|ke hoach) so)")
        .expect("title stop")
});
static DECLARED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?:(?-u:\b)(gom|bang|trien khai|co|la|ban hanh)\s+|:\s*)?(\d{1,3})\s+mo hinh(?-u:\b)",
    )
    .expect("declared")
});
static QUOTED: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r#"“[^”]*”|"[^"]*"|\([^)]*\)"#).expect("quoted"));
static ROMAN_HEADING: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^[ivx]+\s*[.)]\s+\S").expect("roman heading"));

/// Reads the header from the lines before the first model heading (`body_start`).
pub fn read_header(lines: &[PrepLine], body_start: usize) -> DocumentHeader {
    let head = &lines[..body_start.min(lines.len())];
    let mut h = DocumentHeader::default();
    for l in head.iter().take(60) {
        if h.number.is_none() {
            if let Some(c) = NUMBER.captures(&l.key) {
                let m = c.get(1).expect("group 1");
                let number: String = l
                    .clean_span(m.start(), m.end())
                    .chars()
                    .filter(|c| !c.is_whitespace())
                    .collect();
                h.number = Some(number);
            }
        }
        if h.date.is_none() {
            if let Some(c) = PLACE_DATE.captures(&l.key) {
                let (d, m, y) = (&c[2], &c[3], &c[4]);
                if let Some(date) = crate::deadline::Date::new(
                    y.parse().unwrap_or(0),
                    m.parse().unwrap_or(0),
                    d.parse().unwrap_or(0),
                ) {
                    h.date = Some(date.iso());
                    let g = c.get(1).expect("group 1");
                    let mut place = l.clean_span(g.start(), g.end()).to_string();
                    // "Số: 94 /KH-UBND Quảng Xương" (merged columns): the place follows the number.
                    if let Some(nc) = NUMBER.captures(&l.key) {
                        let end = nc.get(0).expect("match").end();
                        if end <= g.end() && end >= g.start() {
                            place = l.clean_span(end, g.end()).to_string();
                        }
                    }
                    let place = fold_whitespace(place.trim_matches(|c: char| !c.is_alphanumeric()));
                    if !place.is_empty() {
                        h.place = Some(place);
                    }
                }
            }
        }
    }
    let (title, title_end) = read_title(head);
    h.title = title;
    h.issuer = read_issuer(head, h.place.as_deref());
    h.declared_model_count = read_declared_count(head, title_end);
    h
}

/// Index of the line that is "KẾ HOẠCH" on its own (possibly with the header columns merged).
fn kehoach_line(head: &[PrepLine]) -> Option<usize> {
    head.iter()
        .position(|l| l.key.trim() == "ke hoach" || l.key.trim_end().ends_with(" ke hoach"))
}

/// The title: the lines after "KẾ HOẠCH" up to the preamble. Returns the title and the index
/// of the first line after it.
fn read_title(head: &[PrepLine]) -> (Option<String>, usize) {
    let Some(k) = kehoach_line(head) else {
        return (None, 0);
    };
    let mut parts: Vec<&str> = Vec::new();
    let mut i = k + 1;
    while i < head.len() {
        let l = &head[i];
        if l.is_blank() || l.is_debris() {
            // A run of blank lines after the title separates it from the preamble.
            if !parts.is_empty() && head[i..].iter().take(3).all(|x| x.is_blank()) {
                break;
            }
            i += 1;
            continue;
        }
        if TITLE_STOP.is_match(&l.key)
            || ROMAN_HEADING.is_match(&l.key)
            || l.clean.chars().all(|c| matches!(c, '-' | '_' | '*' | ' '))
            || parts.len() >= 6
        {
            break;
        }
        parts.push(&l.clean);
        i += 1;
    }
    if parts.is_empty() {
        (None, i)
    } else {
        (Some(fold_whitespace(&parts.join(" "))), i)
    }
}

/// Paragraphs of the preamble (blank-separated runs of lines), as (clean, key) strings.
fn paragraphs(head: &[PrepLine]) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut clean = String::new();
    let mut key = String::new();
    for l in head {
        if l.is_blank() {
            if !clean.is_empty() {
                out.push((std::mem::take(&mut clean), std::mem::take(&mut key)));
            }
            continue;
        }
        if l.is_debris() {
            continue;
        }
        if !clean.is_empty() {
            clean.push(' ');
            key.push(' ');
        }
        clean.push_str(&l.clean);
        key.push_str(&l.key);
    }
    if !clean.is_empty() {
        out.push((clean, key));
    }
    out
}

/// Expands the abbreviations an issuer name starts with.
fn expand_issuer(s: &str) -> String {
    for (abbr, full) in [
        ("UBND", "Ủy ban nhân dân"),
        ("HĐND", "Hội đồng nhân dân"),
        ("HDND", "Hội đồng nhân dân"),
    ] {
        if let Some(rest) = s.strip_prefix(abbr) {
            if rest.starts_with(' ') {
                return format!("{full}{rest}");
            }
        }
    }
    s.to_string()
}

/// The issuer, from the preamble's "<issuer> ban hành Kế hoạch": the clause before "ban hành",
/// with parenthesised abbreviations dropped and the place added when the name stops at an
/// administrative level ("… Đề án 06 tỉnh" → "… Đề án 06 tỉnh Quảng Bình").
fn read_issuer(head: &[PrepLine], place: Option<&str>) -> Option<String> {
    for (clean, key) in paragraphs(head) {
        if key.starts_with("can cu") {
            continue;
        }
        let Some(at) = key.find(" ban hanh ke hoach") else {
            continue;
        };
        let before_chars = key[..at].chars().count();
        let before: String = clean.chars().take(before_chars).collect();
        // Remove quoted titles and parentheses, then keep the last clause.
        let unquoted = QUOTED.replace_all(&before, "");
        let clause = unquoted
            .rsplit([',', ';'])
            .next()
            .unwrap_or(&unquoted)
            .trim();
        if clause.is_empty() || clause.chars().count() > 120 {
            continue;
        }
        let mut issuer = expand_issuer(&fold_whitespace(clause));
        let last = issuer.rsplit(' ').next().unwrap_or("").to_lowercase();
        if matches!(
            last.as_str(),
            "tỉnh" | "huyện" | "xã" | "thành phố" | "thị xã" | "quận"
        ) {
            if let Some(p) = place {
                issuer = format!("{issuer} {p}");
            }
        }
        return Some(issuer);
    }
    None
}

/// The model count the plan declares for itself ("gồm 30 mô hình", "bằng 39 Mô hình",
/// "Đối tượng triển khai: 35 mô hình"). Cited documents ("Căn cứ …"), the title and group
/// headings ("bao gồm 04 mô hình") are not the plan's own count.
fn read_declared_count(head: &[PrepLine], title_end: usize) -> Option<u32> {
    let mut best: Option<(u8, u32)> = None;
    for l in head.iter().skip(title_end) {
        let k = l.key.as_str();
        if k.starts_with("can cu") || k.contains("bao gom") || k.contains("nhom ") {
            continue;
        }
        for c in DECLARED.captures_iter(k) {
            let n: u32 = match c[2].parse() {
                Ok(n) if n > 0 => n,
                _ => continue,
            };
            let prio = match c.get(1).map(|m| m.as_str()) {
                Some("gom") | Some("bang") => 3,
                None if c.get(0).is_some_and(|m| m.as_str().starts_with(':')) => 2,
                Some(_) => 1,
                None => 0,
            };
            if best.is_none_or(|(p, _)| prio > p) {
                best = Some((prio, n));
            }
        }
    }
    best.map(|(_, n)| n)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::prep::prepare;

    fn header(text: &str) -> DocumentHeader {
        let lines = prepare(text.lines().map(|l| (None, l)));
        let n = lines.len();
        read_header(&lines, n)
    }

    #[test]
    fn merged_header_columns() {
        let h = header(
            "ỦY BAN NHÂN DÂN CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n\
             Số: 94 /KH-UBND Quảng Xương, ngày 15 tháng 03 năm 2024\n\
             KẾ HOẠCH\n\n\
             Triển khai các mô hình\ntrên địa bàn huyện\n\n\
             Thực hiện Kế hoạch số 296/KH-UBND ngày 13/12/2023 của Chủ tịch UBND tỉnh về việc \
             triển khai, UBND huyện Quảng Xương ban hành Kế hoạch triển khai, cụ thể như sau:\n\n\
             3. Phạm vi: gồm 30 mô hình (Chi tiết tại Phụ lục).",
        );
        assert_eq!(h.number.as_deref(), Some("94/KH-UBND"));
        assert_eq!(h.date.as_deref(), Some("2024-03-15"));
        assert_eq!(h.place.as_deref(), Some("Quảng Xương"));
        assert_eq!(
            h.title.as_deref(),
            Some("Triển khai các mô hình trên địa bàn huyện")
        );
        assert_eq!(
            h.issuer.as_deref(),
            Some("Ủy ban nhân dân huyện Quảng Xương")
        );
        assert_eq!(h.declared_model_count, Some(30));
    }

    #[test]
    fn issuer_completed_with_place_and_cited_counts_ignored() {
        let h = header(
            "Số: 179 /KH-TCTTKĐA\n\nQuảng Bình, ngày 09 tháng 11 năm 2023\n\n## KẾ HOẠCH\n\n\
             **Triển khai 44 mô hình**\n\n\
             Căn cứ Kế hoạch số 64/KH-TCTTKĐA về Triển khai 44 mô hình điểm.\n\n\
             Tổ công tác triển khai Đề án 06 (TỔ CTTK ĐA 06) tỉnh ban hành Kế hoạch như sau:\n\n\
             **2.2. Đối tượng triển khai:** 35 mô hình điểm (*cụ thể tại Mục II*).",
        );
        assert_eq!(h.number.as_deref(), Some("179/KH-TCTTKĐA"));
        assert_eq!(h.place.as_deref(), Some("Quảng Bình"));
        assert_eq!(
            h.issuer.as_deref(),
            Some("Tổ công tác triển khai Đề án 06 tỉnh Quảng Bình")
        );
        assert_eq!(h.title.as_deref(), Some("Triển khai 44 mô hình"));
        assert_eq!(h.declared_model_count, Some(35));
    }
}
