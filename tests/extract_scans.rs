//! End to end: scanned PDFs through `kehoach extract` (hayro render, Tesseract `vie`,
//! restoration, segmentation), scored against the answer keys.

mod common;
use common::*;
use kehoach::core::Extraction;
use kehoach::eval::score_structure;

fn extract(input: &std::path::Path, out: &std::path::Path, extra: &[&str]) -> Extraction {
    serde_json::from_value(extract_json(input, out, extra)).unwrap()
}

#[test]
fn shared_scans_yield_the_models_on_their_pages() {
    let out = temp_dir("scans");
    for (scan, doc, numbers) in [
        ("scans/004.p1-4.jpeg.pdf", "004", vec![1, 2, 3, 4]),
        ("scans/003.p1-3.ccitt.pdf", "003", vec![1]),
    ] {
        let x = extract(&fixture(scan), &out, &["--leave-out", doc]);
        assert_eq!(x.source.kind, kehoach::core::SourceKind::PdfScanned);
        assert!(x
            .source
            .page_info
            .iter()
            .all(|p| p.method == kehoach::core::PageMethod::Ocr));
        let found: Vec<u32> = x.models.iter().map(|m| m.number).collect();
        assert_eq!(found, numbers, "{scan}");
        // Titles of the models on these pages, against the key.
        let g = gold(doc);
        for m in &x.models {
            let gm = g.models.iter().find(|gm| gm.number == m.number).unwrap();
            assert_eq!(
                kehoach::eval::structure::norm(&m.title),
                kehoach::eval::structure::norm(&gm.title),
                "{scan} model {}",
                m.number
            );
        }
        assert!(x.restoration.is_some());
    }
}

#[test]
fn rendered_appendix_scan_yields_every_row() {
    let out = temp_dir("appendix-pdf");
    let x = extract(
        &fixture("synth/000.appendix.jpeg.pdf"),
        &out,
        &["--leave-out", "000"],
    );
    let g = gold("000");
    let s = score_structure(&g, &x);
    // The appendix alone: every row becomes a model carrying its table cells.
    assert_eq!(s.recall, 1.0);
    assert_eq!(s.precision, 1.0);
    let sim = s.appendix_similarity.unwrap();
    let exact = s.appendix_exact.unwrap();
    eprintln!("appendix exact {exact:.3} similarity {sim:.3}");
    // Measured: exact 0.696, similarity 0.985 (cells right, OCR letters and dashes not yet).
    assert!(sim >= 0.97, "appendix similarity {sim:.3}");
    assert!(exact >= 0.68, "appendix exact {exact:.3}");
    // With no body, the table is the plan's list of models: the cells fill the fields too, and
    // no row is reported as missing from a body.
    assert!(!x.warnings.iter().any(|w| w.code == "model_from_appendix"));
    let with_lead = x
        .models
        .iter()
        .filter(|m| !m.fields.implementers.is_empty())
        .count();
    assert!(
        with_lead * 10 >= x.models.len() * 9,
        "{with_lead} of {}",
        x.models.len()
    );
}

/// A landscape appendix page scanned in portrait lies sideways: read as it lies it gives no
/// row; the page is turned upright and gives the rows the upright page gives.
#[test]
fn an_appendix_page_scanned_sideways_is_read_upright() {
    let out = temp_dir("sideways");
    let data = std::sync::Arc::new(std::fs::read(fixture("synth/000.appendix.jpeg.pdf")).unwrap());
    let pdf = hayro::hayro_interpret::hayro_syntax::Pdf::new(data).unwrap();
    let page = kehoach::pdf::render_gray(&pdf.pages()[0], 200.0 / 72.0);
    let upright = out.join("upright.png");
    page.save(&upright).unwrap();
    let sideways = out.join("sideways.png");
    image::imageops::rotate90(&page).save(&sideways).unwrap();
    let a = extract(&upright, &out, &["--leave-out", "000"]);
    let b = extract(&sideways, &out, &["--leave-out", "000"]);
    assert_eq!(a.source.page_info[0].rotated, None);
    assert_eq!(b.source.page_info[0].rotated, Some(270));
    let rows = |x: &Extraction| -> Vec<u32> { x.models.iter().map(|m| m.number).collect() };
    assert!(rows(&a).len() >= 5, "{:?}", rows(&a));
    assert_eq!(rows(&b), rows(&a));
}
