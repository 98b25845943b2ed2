//! Segment: the structure of a Kế hoạch from its (restored) text.
//!
//! Entry point: [`segment`] over a [`SourceDoc`], yielding the header, groups, models with their
//! fields, and warnings for anything a reader should check (count mismatches, skipped or
//! duplicate numbers, empty fields).

pub mod appendix;
pub mod appendix_text;
pub mod body;
pub mod columns;
pub mod deadline;
pub mod fuse;
pub mod header;
pub mod labels;
pub mod pipe_table;
pub mod prep;

use kehoach_core::{DocumentHeader, Group, Model, SourceDoc, Warning};

/// The structure found in a document.
#[derive(Debug, Clone, Default)]
pub struct Segmented {
    pub document: DocumentHeader,
    pub groups: Vec<Group>,
    pub models: Vec<Model>,
    pub warnings: Vec<Warning>,
}

/// Segments a document's lines (page numbers kept for `source.page` when it has real pages).
pub fn segment(doc: &SourceDoc) -> Segmented {
    let paged = doc.pages.len() > 1 || doc.pages.iter().any(|p| p.size.is_some());
    let lines = prep::prepare(
        doc.lines()
            .map(|(page, l)| (paged.then_some(page), l.text.as_str())),
    );
    let (mut seg, body_end) = segment_lines_at(&lines);
    // Word boxes give the table's geometry; without them, the text's cell stream is split.
    let has_words = doc
        .pages
        .iter()
        .any(|p| p.lines.iter().any(|l| !l.words.is_empty()));
    // A plan without model headings may list its models in a table anywhere in the text.
    let table_from = if seg.models.is_empty() { 0 } else { body_end };
    let table = if has_words {
        appendix::read_table(&doc.pages)
    } else {
        pipe_table::read_pipe_table(&lines, table_from)
            .or_else(|| {
                // A table laid out in columns of text: its words' character columns are its
                // geometry.
                let from = lines.get(table_from).map_or(usize::MAX, |l| l.line - 1);
                let raw: Vec<&str> = doc
                    .lines()
                    .skip(from)
                    .map(|(_, l)| l.text.as_str())
                    .collect();
                columns::as_page(&raw).and_then(|p| appendix::read_table(&[p]))
            })
            .or_else(|| appendix_text::read_table_text(&lines, body_end, &seg.models))
    };
    if let Some(table) = table {
        if seg.groups.is_empty() {
            seg.groups = table.groups.clone();
        }
        appendix::link(&table, &mut seg.models, &mut seg.warnings);
    }
    finish(&mut seg);
    seg
}

/// Segments prepared lines (header, groups, models; no appendix).
pub fn segment_lines(lines: &[prep::PrepLine]) -> Segmented {
    let mut seg = segment_lines_at(lines).0;
    finish(&mut seg);
    seg
}

/// What needs the whole document: count warnings, deadlines without a year of their own
/// ("trước 30/6") read in the year the plan was issued, and deadlines "from now" ("Từ nay đến
/// hết năm 2024") opened on the plan's date.
fn finish(seg: &mut Segmented) {
    count_warnings(seg);
    let Some(year) = seg
        .document
        .date
        .as_deref()
        .and_then(|d| d.get(..4)?.parse::<i32>().ok())
    else {
        return;
    };
    let date = seg.document.date.clone();
    let reread = |d: &mut Option<kehoach_core::Deadline>| {
        if let Some(x) = d.as_mut().filter(|x| x.end.is_none()) {
            *x = deadline::parse_deadline_in(&x.text, Some(year));
        }
        // "Từ nay đến …" opens on the plan's date.
        if let Some(x) = d.as_mut().filter(|x| x.start.is_none()) {
            if deadline::from_now(&x.text) {
                x.start = date.clone();
            }
        }
    };
    for m in &mut seg.models {
        reread(&mut m.fields.deadline);
        if let Some(a) = m.appendix.as_mut() {
            reread(&mut a.deadline);
        }
    }
}

/// Warnings on the number of models found: none, or not the number the plan declares.
fn count_warnings(seg: &mut Segmented) {
    let found = seg.models.len();
    if let Some(n) = seg.document.declared_model_count {
        if n as usize != found {
            seg.warnings.push(Warning::document(
                "model_count_mismatch",
                format!("the plan declares {n} models, {found} found"),
            ));
        }
    }
    if found == 0 {
        seg.warnings.push(Warning::document(
            "no_models",
            "no model found (no \"Mô hình N:\" heading, no table of models)",
        ));
    }
}

/// Segments prepared lines; also returns the index where the body ended.
fn segment_lines_at(lines: &[prep::PrepLine]) -> (Segmented, usize) {
    let body = body::read_body(lines);
    let body_end = body.end;
    let header_end = body.first_model_line.unwrap_or(lines.len().min(80));
    let (mut document, casing) = header::read_header_cased(lines, header_end);
    let (mut groups, mut models) = (body.groups, body.models);
    // Titles printed in capitals are given as the text writes their words, as the issuer is.
    let titles = document
        .title
        .iter_mut()
        .chain(groups.iter_mut().map(|g| &mut g.title))
        .chain(models.iter_mut().map(|m| &mut m.title));
    for t in titles {
        *t = casing.in_running_case(t);
    }
    (
        Segmented {
            document,
            groups,
            models,
            warnings: body.warnings,
        },
        body_end,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_in_capitals_take_the_case_of_the_running_text() {
        let text = "ỦY BAN NHÂN DÂN\nXÃ HÒA PHƯỚC\nSố: 20/KH-UBND\n\
                    Hòa Phước, ngày 3 tháng 4 năm 2024\n\nKẾ HOẠCH\n\
                    TRIỂN KHAI CÁC MÔ HÌNH ĐIỂM THUỘC ĐỀ ÁN 06\nTRÊN ĐỊA BÀN XÃ HÒA PHƯỚC NĂM 2024\n\n\
                    Thực hiện Đề án 06, UBND xã triển khai Đề án 06 về kinh tế - xã hội.\n\n\
                    1. NHÓM PHỤC VỤ PHÁT TRIỂN KINH TẾ - XÃ HỘI\n\
                    1.1. Mô hình 1: ỨNG DỤNG VNeID TRONG QUẢN LÝ “LƯU TRÚ”\n\
                    - Mục tiêu: Thông báo lưu trú qua VNeID.\n\
                    1.2. Mô hình 2: Chợ 4.0 tại xã Hòa Phước\n- Mục tiêu: Thanh toán số.\n";
        let seg = segment_lines(&prep::prepare(text.lines().map(|l| (None, l))));
        assert_eq!(
            seg.document.title.as_deref(),
            Some("Triển khai các mô hình điểm thuộc Đề án 06 trên địa bàn xã Hòa Phước năm 2024")
        );
        // "xã hội" is no commune whose name would be capitalised.
        assert_eq!(
            seg.groups[0].title,
            "Nhóm phục vụ phát triển kinh tế - xã hội"
        );
        // Quotes kept; "quản" is no "quận".
        assert_eq!(
            seg.models[0].title,
            "Ứng dụng VNeID trong quản lý “lưu trú”"
        );
        // A title in running case is left as printed.
        assert_eq!(seg.models[1].title, "Chợ 4.0 tại xã Hòa Phước");
    }

    #[test]
    fn a_deadline_from_now_starts_on_the_plan_s_date() {
        let text =
            "Số: 5/KH-UBND    Xã A, ngày 10 tháng 4 năm 2024\n\nKẾ HOẠCH\nTriển khai mô hình\n\n\
                    1. Mô hình 1: Chợ số\n- Mục tiêu: Thanh toán số.\n\
                    - Thời gian thực hiện: Từ nay đến hết năm 2024.\n";
        let seg = segment_lines(&prep::prepare(text.lines().map(|l| (None, l))));
        assert_eq!(seg.document.date.as_deref(), Some("2024-04-10"));
        let d = seg.models[0].fields.deadline.as_ref().expect("deadline");
        assert_eq!(d.start.as_deref(), Some("2024-04-10"));
        assert_eq!(d.end.as_deref(), Some("2024-12-31"));
    }
}
