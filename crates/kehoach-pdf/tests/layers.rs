//! Path selection: a good text layer is read without OCR, a broken one is OCR'd (and kept
//! beside the OCR reading), legacy-encoded layers are converted, `--ocr` modes are obeyed.

mod common;

use common::{fixture, truth};
use kehoach_core::{PageMethod, SourceKind};
use kehoach_ocr::metric::syllable_accuracy;
use kehoach_pdf::{read_pdf, OcrMode, PdfOptions};

#[test]
fn good_ocrmypdf_layer_is_read_without_ocr() {
    let doc = read_pdf(
        &fixture("pdf/layer-good.ocrmypdf.pdf"),
        &PdfOptions::default(),
    )
    .unwrap();
    assert_eq!(doc.source.kind, SourceKind::PdfText);
    let p = &doc.pages[0];
    assert_eq!(p.method, PageMethod::TextLayer);
    assert_eq!(p.ocr_confidence, None);
    assert!(p.text_layer.is_none());
    // Words with boxes in the pixels of the page rendered at its scan resolution.
    let (w, h) = p.size.expect("page size");
    for l in &p.lines {
        let joined: Vec<&str> = l.words.iter().map(|w| w.text.as_str()).collect();
        assert_eq!(l.text, joined.join(" "));
        let lb = l.bbox.expect("line box");
        for word in &l.words {
            let b = word.bbox;
            assert!(
                b.x0 < b.x1 && b.y0 < b.y1 && b.x1 <= w && b.y1 <= h,
                "{b:?}"
            );
            assert!(b.x0 >= lb.x0 && b.x1 <= lb.x1 && b.y0 >= lb.y0 && b.y1 <= lb.y1);
            assert_eq!(word.confidence, 1.0);
        }
    }
    let acc = syllable_accuracy(&doc.text(), &truth("003_c13568a1ac7b3f6f.txt"));
    assert!(acc.accuracy > 0.97 && acc.truth_syllables > 300, "{acc:?}");
}

#[test]
fn broken_layer_page_is_ocrd_and_good_page_is_not() {
    let doc = read_pdf(&fixture("pdf/layer-mixed.pdf"), &PdfOptions::default()).unwrap();
    assert_eq!(doc.source.kind, SourceKind::PdfScanned);
    let methods: Vec<PageMethod> = doc.pages.iter().map(|p| p.method).collect();
    assert_eq!(methods, [PageMethod::TextLayer, PageMethod::Ocr]);
    assert_eq!(doc.source.page_info[1].method, PageMethod::Ocr);
    assert!(doc.source.page_info[1].ocr_confidence.is_some());
    let broken = doc.pages[1]
        .text_layer
        .as_ref()
        .expect("damaged layer kept");
    let broken_text: String = broken.iter().map(|l| l.text.as_str()).collect();
    assert!(broken_text.contains('ƣ'));
    let ocr = doc.pages[1]
        .lines
        .iter()
        .map(|l| l.text.as_str())
        .collect::<String>();
    assert!(!ocr.contains('ƣ'));
    assert!(ocr.contains("Quảng Bình"), "{ocr}");
    // The whole document (true layer of page 1 + OCR of page 2) against the seed.
    let acc = syllable_accuracy(&doc.text(), &truth("003_c13568a1ac7b3f6f.txt"));
    assert!(acc.accuracy > 0.97 && acc.truth_syllables > 600, "{acc:?}");
    kehoach_ocr::release_engines();
}

#[test]
fn ocr_modes() {
    // never: no OCR at all, even for a scan (its pages come out empty).
    let never = PdfOptions {
        ocr: OcrMode::Never,
        ..Default::default()
    };
    let doc = read_pdf(&fixture("pdf/layer-mixed.pdf"), &never).unwrap();
    assert!(doc.pages.iter().all(|p| p.method == PageMethod::TextLayer));
    assert_eq!(doc.source.kind, SourceKind::PdfText);
    let doc = read_pdf(&fixture("scans/003.p1-3.ccitt.pdf"), &never).unwrap();
    assert!(doc.pages.iter().all(|p| p.lines.is_empty()));
    // always: the good layer is OCR'd too, and kept beside the OCR reading.
    let always = PdfOptions {
        ocr: OcrMode::Always,
        ..Default::default()
    };
    let doc = read_pdf(&fixture("pdf/layer-good.ocrmypdf.pdf"), &always).unwrap();
    assert_eq!(doc.pages[0].method, PageMethod::Ocr);
    assert!(doc.pages[0]
        .text_layer
        .as_ref()
        .is_some_and(|l| !l.is_empty()));
    assert_eq!("always".parse::<OcrMode>(), Ok(OcrMode::Always));
    assert!("sometimes".parse::<OcrMode>().is_err());
    kehoach_ocr::release_engines();
}

#[test]
fn legacy_tcvn3_and_vni_layers_are_converted() {
    let doc = read_pdf(&fixture("pdf/legacy.pdf"), &PdfOptions::default()).unwrap();
    let expected = std::fs::read_to_string(fixture("pdf/legacy.expected.txt")).unwrap();
    let want: Vec<&str> = expected.lines().collect();
    assert_eq!(doc.source.encoding.as_deref(), Some("tcvn3+vni"));
    assert_eq!(doc.source.kind, SourceKind::PdfText);
    for p in &doc.pages {
        assert_eq!(p.method, PageMethod::TextLayer, "page {}", p.number);
        let got: Vec<&str> = p.lines.iter().map(|l| l.text.as_str()).collect();
        assert_eq!(got, want, "page {}", p.number);
    }
}

#[test]
fn visible_stamp_on_a_scan_does_not_stand_for_the_page() {
    let doc = read_pdf(&fixture("pdf/stamp.pdf"), &PdfOptions::default()).unwrap();
    let p = &doc.pages[0];
    let stamp: Vec<&str> = p
        .text_layer
        .as_ref()
        .expect("stamp kept as the page's text layer")
        .iter()
        .map(|l| l.text.as_str())
        .collect();
    let stamp = stamp.join("\n");
    assert!(
        stamp.contains("Ký bởi: Văn phòng Ủy ban nhân dân tỉnh Quảng Bình"),
        "{stamp}"
    );
    // The stamp is good Vietnamese on its own; the page is OCR'd because it is a scan.
    assert!(kehoach_pdf::layer::judge(&stamp, None).good);
    assert_eq!(p.method, PageMethod::Ocr);
    let words = p.lines.iter().map(|l| l.words.len()).sum::<usize>();
    assert!(words > 200, "the scanned body was read: {words} words");
    kehoach_ocr::release_engines();
}
