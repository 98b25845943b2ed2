//! End to end: `kehoach extract` on OCR output saved as text (seed 004 rendered to a 26-page
//! scan by kehoach-synth and read by Tesseract, fixtures/synth/), scored against gold 004.
//! Real OCR breaks titles over empty lines, misreads outline numbers and adds debris; the
//! structure must survive that.

mod common;
use common::*;
use kehoach::core::Extraction;
use kehoach::eval::score_structure;

fn score(name: &str) -> kehoach::eval::StructScore {
    let out = temp_dir(&format!("ocrtext-{name}"));
    let json = extract_json(&fixture(&format!("synth/{name}.txt")), &out, &[]);
    let x: Extraction = serde_json::from_value(json).unwrap();
    score_structure(&gold("004"), &x)
}

#[test]
fn vietnamese_model_ocr_of_a_clean_scan() {
    let s = score("004.full.ocr-vie");
    assert_eq!(s.recall, 1.0);
    assert_eq!(s.precision, 1.0);
    assert_eq!(s.deadline_end_exact, 1.0);
    assert_eq!(s.header_exact, 1.0);
    assert_eq!(s.groups_exact, 1.0);
    // Measured 0.974 (0.949 while a title's last word wrapped onto its own line, "hội", was
    // taken for debris); the miss left is an asterisk OCR lost ("Khách sạn 2-3*").
    assert!(s.title_exact >= 0.97, "title exact {}", s.title_exact);
}

#[test]
fn vietnamese_model_ocr_of_a_fax_quality_scan() {
    let s = score("004.fax.ocr-vie");
    // Measured 0.974: one heading is unreadable in this OCR (0.949 while "2.9, Mô hình 14:",
    // a comma for the outline's point, was no heading).
    assert!(s.recall >= 0.97, "recall {}", s.recall);
    assert_eq!(s.precision, 1.0);
    // Measured 0.590, 0.904 and 0.846 (0.462, 0.773 and 0.795 before titles dropped the specks
    // after their last word, a bracket left open kept a title going, a label after specks
    // (".~ Mục tiêu:", "ˆ - Thời gian …") or with a semicolon for its colon was read and the
    // comma heading was found); what is left is letters and digits the fax's OCR got wrong.
    assert!(s.title_exact >= 0.58, "title exact {}", s.title_exact);
    assert!(
        s.objective_similarity >= 0.89,
        "objective similarity {}",
        s.objective_similarity
    );
    assert!(
        s.deadline_end_exact >= 0.84,
        "deadline end {}",
        s.deadline_end_exact
    );
}

#[test]
fn english_model_ocr_of_a_fax_quality_scan() {
    let s = score("004.fax.ocr-eng");
    // Measured 0.949 (0.744 while eight headings printed "1.4, Mô hình 4:", a comma for the
    // outline's point, were no headings); two are unreadable.
    assert!(s.recall >= 0.94, "recall {}", s.recall);
    assert_eq!(s.precision, 1.0);
}

#[test]
fn english_model_ocr_keeps_every_model_number() {
    let s = score("004.full.ocr-eng");
    assert_eq!(s.recall, 1.0);
    assert_eq!(s.precision, 1.0);
    assert_eq!(s.deadline_end_exact, 1.0);
    // Measured 0.974 after restoration, as the Vietnamese model's reading.
    assert!(s.title_exact >= 0.97, "title exact {}", s.title_exact);
}
