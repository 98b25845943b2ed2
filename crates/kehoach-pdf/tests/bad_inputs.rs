//! Bad inputs fail alone, with one line naming the file and the reason; the rest of a batch
//! completes.

mod common;

use common::{fixture, scratch};
use kehoach_pdf::{read_pdf, OcrMode, PdfOptions};
use rayon::prelude::*;
use std::path::PathBuf;

/// A syntactically valid PDF whose page tree is empty.
fn zero_page_pdf() -> Vec<u8> {
    let objs = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [] /Count 0 >>",
    ];
    let mut out = b"%PDF-1.4\n".to_vec();
    let mut offsets = Vec::new();
    for (i, o) in objs.iter().enumerate() {
        offsets.push(out.len());
        out.extend(format!("{} 0 obj\n{o}\nendobj\n", i + 1).bytes());
    }
    let xref = out.len();
    out.extend(format!("xref\n0 {}\n0000000000 65535 f \n", objs.len() + 1).bytes());
    for off in offsets {
        out.extend(format!("{off:010} 00000 n \n").bytes());
    }
    out.extend(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
            objs.len() + 1
        )
        .bytes(),
    );
    out
}

fn bad_inputs() -> Vec<(PathBuf, &'static str)> {
    let dir = scratch("bad_inputs");
    let truncated = dir.join("truncated.pdf");
    let full = std::fs::read(fixture("pdf/layer-mixed.pdf")).unwrap();
    std::fs::write(&truncated, &full[..full.len() / 2]).unwrap();
    let zero = dir.join("zero-pages.pdf");
    std::fs::write(&zero, zero_page_pdf()).unwrap();
    let not_pdf = dir.join("notes.pdf");
    std::fs::write(
        &not_pdf,
        "Kế hoạch số 07/KH-TCTTKĐA\nplain text saved with a .pdf name\n",
    )
    .unwrap();
    let empty = dir.join("empty.pdf");
    std::fs::write(&empty, b"").unwrap();
    vec![
        (fixture("pdf/encrypted.pdf"), "encrypted"),
        (truncated, "truncated"),
        (zero, "no pages"),
        (not_pdf, "not a PDF"),
        (empty, "not a PDF"),
        (dir.join("missing.pdf"), "cannot read"),
    ]
}

#[test]
fn each_bad_pdf_gets_a_one_line_error_naming_file_and_reason() {
    for (path, reason) in bad_inputs() {
        let err = read_pdf(&path, &PdfOptions::default()).expect_err(reason);
        let msg = err.to_string();
        assert!(msg.starts_with(&path.display().to_string()), "{msg}");
        assert!(msg.contains(reason), "expected '{reason}' in: {msg}");
        assert!(!msg.contains('\n'), "{msg}");
        assert_eq!(err.path(), path.as_path());
    }
}

#[test]
fn a_batch_with_bad_files_completes_the_good_ones() {
    let mut batch: Vec<(PathBuf, Option<&str>)> = bad_inputs()
        .into_iter()
        .map(|(p, r)| (p, Some(r)))
        .collect();
    batch.insert(2, (fixture("pdf/legacy.pdf"), None));
    batch.push((fixture("pdf/layer-good.ocrmypdf.pdf"), None));
    let opts = PdfOptions {
        ocr: OcrMode::Auto,
        ..Default::default()
    };
    let results: Vec<_> = batch.par_iter().map(|(p, _)| read_pdf(p, &opts)).collect();
    for ((path, bad), res) in batch.iter().zip(&results) {
        match (bad, res) {
            (None, Ok(doc)) => assert!(!doc.text().trim().is_empty(), "{}", path.display()),
            (Some(_), Err(_)) => {}
            (None, Err(e)) => panic!("good file failed: {e}"),
            (Some(r), Ok(_)) => panic!("{} should fail ({r})", path.display()),
        }
    }
}

#[test]
fn missing_ocr_model_names_the_apt_package() {
    let mut opts = PdfOptions::default();
    opts.ocr_config.lang = "xyz".into();
    let err = read_pdf(&fixture("scans/003.p1-3.ccitt.pdf"), &opts).unwrap_err();
    let msg = err.to_string();
    assert!(
        msg.contains("tesseract-ocr-xyz") && msg.contains("xyz.traineddata"),
        "{msg}"
    );
    assert!(msg.starts_with(&fixture("scans/003.p1-3.ccitt.pdf").display().to_string()));
    // An empty tessdata directory: the vie model is missing.
    opts.ocr_config.lang = "vie".into();
    opts.ocr_config.tessdata = Some(scratch("empty-tessdata"));
    let msg = read_pdf(&fixture("scans/003.p1-3.ccitt.pdf"), &opts)
        .unwrap_err()
        .to_string();
    assert!(msg.contains("apt-get install tesseract-ocr-vie"), "{msg}");
}

#[test]
fn read_document_dispatches_by_extension() {
    let dir = scratch("dispatch");
    let docx = dir.join("plan.docx");
    std::fs::write(&docx, b"PK\x03\x04").unwrap();
    let msg = kehoach_pdf::read_document(&docx, &PdfOptions::default())
        .unwrap_err()
        .to_string();
    assert!(msg.contains("unsupported file type"), "{msg}");
    let doc =
        kehoach_pdf::read_document(&fixture("pdf/legacy.pdf"), &PdfOptions::default()).unwrap();
    assert_eq!(doc.pages.len(), 2);
}

#[test]
fn owner_password_only_pdf_is_read() {
    // Restrictions without a user password are common on official PDFs: not an error.
    let doc = read_pdf(&fixture("pdf/owner-password.pdf"), &PdfOptions::default()).unwrap();
    let plain = read_pdf(&fixture("pdf/legacy.pdf"), &PdfOptions::default()).unwrap();
    assert_eq!(doc.text(), plain.text());
}
