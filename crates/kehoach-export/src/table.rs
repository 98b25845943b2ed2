//! Spreadsheet export: one row per model, every field flattened into a column.
//!
//! Analysts filter and pivot plans in spreadsheets, so lists become one cell with items joined
//! by " | " (a separator that does not occur in the plans' own punctuation), deadlines become
//! three columns, and every row repeats its document's number, date and place so that rows from
//! many plans can be mixed in one sheet.

use kehoach_core::text::nfc;
use kehoach_core::{Extraction, Model};

/// Column names, in order.
pub const COLUMNS: &[&str] = &[
    "file",
    "document_number",
    "document_date",
    "place",
    "issuer",
    "group",
    "group_title",
    "model_number",
    "heading",
    "title",
    "objective",
    "assignments",
    "implementers",
    "deadline_text",
    "deadline_start",
    "deadline_end",
    "deadline_recurring",
    "tools",
    "note",
    "location",
    "appendix_lead",
    "appendix_partners",
    "appendix_support",
    "appendix_deadline_text",
    "appendix_deadline_end",
    "appendix_platform",
    "appendix_other",
    "page",
    "line",
    "confidence",
];

/// Separator of list items inside one cell.
pub const LIST_SEPARATOR: &str = " | ";

fn opt(s: &Option<String>) -> String {
    s.clone().unwrap_or_default()
}

/// The cells of one model's row, in [`COLUMNS`] order.
pub fn model_row(x: &Extraction, m: &Model) -> Vec<String> {
    let d = &x.document;
    let group_title = m
        .group
        .as_ref()
        .and_then(|g| x.groups.iter().find(|gr| &gr.index == g))
        .map(|g| g.title.clone())
        .unwrap_or_default();
    let f = &m.fields;
    let dl = f.deadline.as_ref();
    let ap = m.appendix.as_ref();
    let ap_dl = ap.and_then(|a| a.deadline.as_ref());
    let row = vec![
        x.source.file.clone(),
        opt(&d.number),
        opt(&d.date),
        opt(&d.place),
        opt(&d.issuer),
        opt(&m.group),
        group_title,
        m.number.to_string(),
        opt(&m.heading),
        m.title.clone(),
        opt(&f.objective),
        f.assignments.join(LIST_SEPARATOR),
        f.implementers.join(LIST_SEPARATOR),
        dl.map(|d| d.text.clone()).unwrap_or_default(),
        dl.and_then(|d| d.start.clone()).unwrap_or_default(),
        dl.and_then(|d| d.end.clone()).unwrap_or_default(),
        dl.map(|d| d.recurring.to_string()).unwrap_or_default(),
        f.tools.join(LIST_SEPARATOR),
        opt(&f.note),
        opt(&f.location),
        ap.map(|a| opt(&a.lead)).unwrap_or_default(),
        ap.map(|a| opt(&a.partners)).unwrap_or_default(),
        ap.map(|a| opt(&a.support)).unwrap_or_default(),
        ap_dl.map(|d| d.text.clone()).unwrap_or_default(),
        ap_dl.and_then(|d| d.end.clone()).unwrap_or_default(),
        ap.map(|a| opt(&a.platform)).unwrap_or_default(),
        // Columns outside the contract: "Sản phẩm: … | Kinh phí: …".
        ap.map(|a| {
            a.other
                .iter()
                .map(|o| format!("{}: {}", o.column, o.text))
                .collect::<Vec<_>>()
                .join(LIST_SEPARATOR)
        })
        .unwrap_or_default(),
        m.source.page.map(|p| p.to_string()).unwrap_or_default(),
        m.source.line.to_string(),
        format!("{:.2}", m.confidence),
    ];
    row.into_iter().map(|c| nfc(&c)).collect()
}

/// CSV (RFC 4180, UTF-8 with a BOM so that spreadsheet programs detect the encoding) of every
/// model of every extraction.
pub fn to_csv(extractions: &[Extraction]) -> String {
    let mut w = csv::WriterBuilder::new().from_writer(Vec::new());
    w.write_record(COLUMNS).expect("write to memory");
    for x in extractions {
        for m in &x.models {
            w.write_record(model_row(x, m)).expect("write to memory");
        }
    }
    let body = w.into_inner().expect("flush to memory");
    let mut out = String::from("\u{feff}");
    out.push_str(&String::from_utf8(body).expect("UTF-8 cells"));
    out
}

/// Columns of the `documents` sheet.
pub const DOCUMENT_COLUMNS: &[&str] = &[
    "file",
    "kind",
    "pages",
    "document_number",
    "document_date",
    "place",
    "issuer",
    "title",
    "declared_model_count",
    "models_found",
    "groups",
    "warnings",
];

/// An XLSX workbook: `models` (one row per model, the CSV's columns), `documents` (one row per
/// input) and `warnings` (one row per warning), each with a frozen, bold header row.
pub fn to_xlsx(extractions: &[Extraction]) -> Result<Vec<u8>, String> {
    use rust_xlsxwriter::{Format, Workbook, Worksheet};
    let bold = Format::new().set_bold();
    let header = |ws: &mut Worksheet, cols: &[&str]| -> Result<(), String> {
        for (c, name) in cols.iter().enumerate() {
            ws.write_string_with_format(0, c as u16, *name, &bold)
                .map_err(|e| e.to_string())?;
        }
        ws.set_freeze_panes(1, 0).map_err(|e| e.to_string())?;
        Ok(())
    };
    let mut wb = Workbook::new();

    let ws = wb
        .add_worksheet()
        .set_name("models")
        .map_err(|e| e.to_string())?;
    header(ws, COLUMNS)?;
    let mut r = 1u32;
    for x in extractions {
        for m in &x.models {
            for (c, cell) in model_row(x, m).iter().enumerate() {
                ws.write_string(r, c as u16, cell)
                    .map_err(|e| e.to_string())?;
            }
            r += 1;
        }
    }

    let ws = wb
        .add_worksheet()
        .set_name("documents")
        .map_err(|e| e.to_string())?;
    header(ws, DOCUMENT_COLUMNS)?;
    for (i, x) in extractions.iter().enumerate() {
        let d = &x.document;
        let kind = serde_json::to_value(x.source.kind)
            .ok()
            .and_then(|v| v.as_str().map(str::to_string))
            .unwrap_or_default();
        let cells = [
            x.source.file.clone(),
            kind,
            x.source.pages.to_string(),
            opt(&d.number),
            opt(&d.date),
            opt(&d.place),
            opt(&d.issuer),
            opt(&d.title),
            d.declared_model_count
                .map(|n| n.to_string())
                .unwrap_or_default(),
            x.models.len().to_string(),
            x.groups.len().to_string(),
            x.warnings.len().to_string(),
        ];
        for (c, cell) in cells.iter().enumerate() {
            ws.write_string(i as u32 + 1, c as u16, nfc(cell))
                .map_err(|e| e.to_string())?;
        }
    }

    let ws = wb
        .add_worksheet()
        .set_name("warnings")
        .map_err(|e| e.to_string())?;
    header(ws, &["file", "code", "line", "message"])?;
    let mut r = 1u32;
    for x in extractions {
        for w in &x.warnings {
            let cells = [
                x.source.file.clone(),
                w.code.clone(),
                w.line.map(|l| l.to_string()).unwrap_or_default(),
                w.message.clone(),
            ];
            for (c, cell) in cells.iter().enumerate() {
                ws.write_string(r, c as u16, nfc(cell))
                    .map_err(|e| e.to_string())?;
            }
            r += 1;
        }
    }
    wb.save_to_buffer().map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use kehoach_core::*;

    #[test]
    fn one_row_per_model_with_lists_joined_and_quotes_escaped() {
        let x = Extraction {
            schema_version: SCHEMA_VERSION,
            producer: None,
            source: SourceInfo {
                file: "a.txt".into(),
                sha256: "0".repeat(64),
                kind: SourceKind::Text,
                pages: 1,
                encoding: None,
                page_info: vec![],
                companion: None,
            },
            document: DocumentHeader {
                number: Some("07/KH-TCTTKĐA".into()),
                ..Default::default()
            },
            groups: vec![Group {
                index: "1".into(),
                title: "Nhóm A".into(),
                declared_model_count: None,
            }],
            models: vec![Model {
                number: 3,
                heading: Some("1.3".into()),
                group: Some("1".into()),
                title: "Đề án \"06\", mô hình".into(),
                fields: Fields {
                    assignments: vec!["Công an".into(), "UBND xã".into()],
                    deadline: Some(Deadline {
                        text: "Quý I/2024".into(),
                        start: Some("2024-01-01".into()),
                        end: Some("2024-03-31".into()),
                        recurring: false,
                    }),
                    ..Default::default()
                },
                appendix: Some(Appendix {
                    lead: Some("Công an huyện".into()),
                    other: vec![
                        OtherCell {
                            column: "Sản phẩm".into(),
                            text: "Báo cáo".into(),
                        },
                        OtherCell {
                            column: "Kinh phí".into(),
                            text: "Không".into(),
                        },
                    ],
                    ..Default::default()
                }),
                source: ModelSource {
                    page: None,
                    line: 7,
                },
                confidence: 1.0,
            }],
            restoration: None,
            warnings: vec![],
        };
        let csv = to_csv(&[x]);
        assert!(csv.starts_with('\u{feff}'));
        let mut r = csv::Reader::from_reader(csv.trim_start_matches('\u{feff}').as_bytes());
        assert_eq!(r.headers().unwrap().len(), COLUMNS.len());
        let rows: Vec<csv::StringRecord> = r.records().map(|x| x.unwrap()).collect();
        assert_eq!(rows.len(), 1);
        assert_eq!(&rows[0][6], "Nhóm A");
        assert_eq!(&rows[0][9], "Đề án \"06\", mô hình");
        assert_eq!(&rows[0][11], "Công an | UBND xã");
        assert_eq!(&rows[0][15], "2024-03-31");
        let at = |name: &str| COLUMNS.iter().position(|c| *c == name).unwrap();
        assert_eq!(&rows[0][at("appendix_lead")], "Công an huyện");
        assert_eq!(
            &rows[0][at("appendix_other")],
            "Sản phẩm: Báo cáo | Kinh phí: Không"
        );
        // The workbook is a ZIP container with the three sheets.
        let xlsx = to_xlsx(&[]).unwrap();
        assert!(xlsx.starts_with(b"PK"));
    }
}
