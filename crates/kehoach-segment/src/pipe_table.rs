//! The appendix as a Markdown pipe table ("| TT | Mô hình | Chủ trì | … |"), as OCR tools that
//! write Markdown print it. Its cells are already split, so the columns are named by the header
//! row and each later row is read cell by cell; the geometry and cell-stream readers are for
//! tables that lost their columns.

use crate::appendix::{Column as Col, Row, Table};
use crate::body::{match_model_heading, split_group_count};
use crate::prep::{key_of, PrepLine};
use kehoach_core::text::{fold_whitespace, is_table_rule, table_cells};
use kehoach_core::Group;

/// The column a header cell names (mark-free key), if any.
fn column(key: &str) -> Option<Col> {
    let k = key.trim();
    Some(if k == "tt" || k == "stt" {
        Col::Tt
    } else if k.contains("mo hinh") {
        Col::Model
    } else if k.contains("chu tri") {
        Col::Lead
    } else if k.contains("phoi hop") {
        Col::Partners
    } else if k.contains("ho tro") {
        Col::Support
    } else if k.contains("thoi gian") || k.contains("hoan thanh") || k.contains("thoi han") {
        Col::Deadline
    } else if k.contains("nen tang") || k.contains("cong cu") {
        Col::Platform
    } else if k.contains("muc tieu") {
        Col::Objective
    } else if k.contains("ghi chu") {
        Col::Note
    } else if k.contains("noi dung") {
        Col::Content
    } else if k.contains("thuc hien") || k.contains("luc luong") {
        Col::Implementers
    } else {
        return None;
    })
}

/// Reads the first pipe table at or after line `from` whose header names the lead and partner
/// columns, or the models, their implementers and deadlines. Group rows ("| I | Nhóm … (05 mô hình) | | |") become groups.
pub fn read_pipe_table(lines: &[PrepLine], from: usize) -> Option<Table> {
    let (at, cols, headers) = lines.iter().enumerate().skip(from).find_map(|(i, l)| {
        let c = table_cells(&l.clean)?;
        let cols: Vec<Option<Col>> = c.iter().map(|x| column(&key_of(x))).collect();
        let has = |c: Col| cols.contains(&Some(c));
        // An appendix names lead and partners; a plan's whole list of models may name its
        // implementers in one column instead, beside the titles and the deadlines.
        let units = has(Col::Lead) && has(Col::Partners);
        let models =
            has(Col::Model) && (has(Col::Implementers) || has(Col::Lead)) && has(Col::Deadline);
        (units || models).then_some((i, cols, c))
    })?;
    let mut table = Table::default();
    let mut group: Option<String> = None;
    for l in &lines[at + 1..] {
        if l.is_blank() {
            continue;
        }
        let Some(c) = table_cells(&l.clean) else {
            break;
        };
        if is_table_rule(&c) {
            continue;
        }
        // A repeated header row (a table split over pages).
        if c.iter().filter(|x| column(&key_of(x)).is_some()).count() >= 3 {
            continue;
        }
        let get = |want: Col| {
            cols.iter()
                .position(|x| *x == Some(want))
                .and_then(|i| c.get(i))
                .filter(|x| !x.is_empty())
                .cloned()
        };
        let model_cell = get(Col::Model).unwrap_or_default();
        let filled = c.iter().filter(|x| !x.is_empty()).count();
        let key = key_of(&model_cell);
        if filled <= 2 && key.trim_start().starts_with("nhom") {
            let index = get(Col::Tt).unwrap_or_else(|| (table.groups.len() + 1).to_string());
            let (title, declared) = split_group_count(&model_cell);
            table.groups.push(Group {
                index: index.clone(),
                title,
                declared_model_count: declared,
            });
            group = Some(index);
            continue;
        }
        // The key has one char per char of the cell: the heading's end maps back by count.
        let (printed_number, title) = match match_model_heading(&key) {
            Some(h) => (
                Some(h.number),
                fold_whitespace(
                    &model_cell
                        .chars()
                        .skip(key[..h.title_start].chars().count())
                        .collect::<String>(),
                ),
            ),
            None => (None, model_cell.clone()),
        };
        let tt = get(Col::Tt).and_then(|t| t.trim_end_matches('.').parse().ok());
        if tt.is_none() && printed_number.is_none() && title.is_empty() {
            continue;
        }
        table.rows.push(Row {
            tt,
            printed_number,
            title,
            lead: get(Col::Lead),
            partners: get(Col::Partners),
            support: get(Col::Support),
            deadline: get(Col::Deadline),
            platform: get(Col::Platform),
            objective: get(Col::Objective),
            note: get(Col::Note),
            content: get(Col::Content),
            implementers: get(Col::Implementers),
            // Columns the contract has no field for keep their header ("Sản phẩm").
            other: cols
                .iter()
                .zip(&headers)
                .zip(&c)
                .filter(|((col, header), cell)| {
                    col.is_none() && !header.trim().is_empty() && !cell.trim().is_empty()
                })
                .map(|((_, header), cell)| (fold_whitespace(header), fold_whitespace(cell)))
                .collect(),
            page: l.page.unwrap_or(1),
            line: l.line,
            group: group.clone(),
        });
    }
    (!table.rows.is_empty()).then_some(table)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::prep::prepare;

    #[test]
    fn a_list_of_models_may_name_implementers_instead_of_lead_and_partners() {
        let text =
            "| TT | Tên mô hình | Nội dung thực hiện | Đơn vị thực hiện | Thời gian thực hiện |\n\
            |---|---|---|---|---|\n\
            | 1 | Chợ không dùng tiền mặt | Niêm yết mã QR | Ban quản lý chợ | Quý II/2025 |\n";
        let lines = prepare(text.lines().map(|l| (None, l)));
        let t = read_pipe_table(&lines, 0).expect("table");
        let r = &t.rows[0];
        assert_eq!(r.title, "Chợ không dùng tiền mặt");
        assert_eq!(r.content.as_deref(), Some("Niêm yết mã QR"));
        assert_eq!(r.implementers.as_deref(), Some("Ban quản lý chợ"));
        assert_eq!(r.deadline.as_deref(), Some("Quý II/2025"));
        assert_eq!(r.lead, None);
        // Without a deadline column such a table is no list of models.
        let text = "| Tên mô hình | Đơn vị thực hiện |\n|---|---|\n| Chợ số | Công an xã |\n";
        assert!(read_pipe_table(&prepare(text.lines().map(|l| (None, l))), 0).is_none());
    }

    #[test]
    fn columns_by_header_groups_and_model_cells() {
        let text = "PHỤ LỤC\n\n\
            | TT | Mô hình | Chủ trì | Phối hợp | Đơn vị hỗ trợ | Thời gian hoàn thành | Nền tảng |\n\
            |---|---|---|---|---|---|---|\n\
            | I | Nhóm dịch vụ công (02 mô hình) | | | | | |\n\
            | 1 | Mô hình 1: Thanh toán tại chợ | Công an xã | Ban quản lý chợ | Bưu điện | Quý III/2024 | VNeID |\n\
            | 2 | Mô hình 27: Học bạ số | Phòng GD&ĐT | | Viettel | 30/9/2024 | |\n\
            \n\
            Nơi nhận:\n";
        let lines = prepare(text.lines().map(|l| (None, l)));
        let t = read_pipe_table(&lines, 0).unwrap();
        assert_eq!(
            t.summary(),
            "group I \"Nhóm dịch vụ công\" (Some(2))\n\
             p1 tt=Some(1) n=Some(1) | Thanh toán tại chợ | Công an xã | Ban quản lý chợ | \
             Bưu điện | Quý III/2024 | VNeID\n\
             p1 tt=Some(2) n=Some(27) | Học bạ số | Phòng GD&ĐT |  | Viettel | 30/9/2024 | "
        );
        assert!(t.rows.iter().all(|r| r.group.as_deref() == Some("I")));
        // A plan's whole list of models: an objective column, "Tên mô hình" as the model.
        let text = "| STT | Tên mô hình | Mục tiêu | Đơn vị chủ trì | Đơn vị phối hợp |\n\
            |---|---|---|---|---|\n\
            | 1 | Tủ sách điện tử | Tra cứu bằng mã QR | Công an phường | Các tổ dân phố |\n";
        let lines = prepare(text.lines().map(|l| (None, l)));
        let row = &read_pipe_table(&lines, 0).unwrap().rows[0];
        assert_eq!((row.tt, row.title.as_str()), (Some(1), "Tủ sách điện tử"));
        assert_eq!(row.objective.as_deref(), Some("Tra cứu bằng mã QR"));
        // A column outside the contract keeps its header; an empty cell gives nothing.
        let text = "| TT | Mô hình | Chủ trì | Phối hợp | Sản phẩm đầu ra | Kinh phí |\n\
            |---|---|---|---|---|---|\n\
            | 1 | Mô hình 1: Chợ số | Công an xã | Ban quản lý chợ | Danh sách mã QR |  |\n";
        let lines = prepare(text.lines().map(|l| (None, l)));
        let row = &read_pipe_table(&lines, 0).unwrap().rows[0];
        assert_eq!(
            row.other,
            [("Sản phẩm đầu ra".to_string(), "Danh sách mã QR".to_string())]
        );
        assert_eq!(row.partners.as_deref(), Some("Ban quản lý chợ"));
        // Text without a pipe table: none.
        let lines = prepare("Chủ trì: Công an\nPhối hợp: xã".lines().map(|l| (None, l)));
        assert!(read_pipe_table(&lines, 0).is_none());
    }
}
