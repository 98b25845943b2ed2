//! Image input: PNG, JPEG and multi-page TIFF go through the same OCR as PDF pages. The images
//! are cut from the fax fixture rendered at 300 dpi (top part of pages 1 and 2, to keep the
//! test short) and written in each format.

mod common;

use common::{fixture, scratch, truth};
use image::GrayImage;
use kehoach_core::{PageMethod, SourceKind};
use kehoach_ocr::metric::syllable_accuracy;
use kehoach_ocr::{read_image, OcrConfig};

fn page_tops() -> Vec<GrayImage> {
    let data = std::sync::Arc::new(std::fs::read(fixture("scans/003.p1-3.ccitt.pdf")).unwrap());
    let pdf = hayro::hayro_interpret::hayro_syntax::Pdf::new(data).unwrap();
    pdf.pages()
        .iter()
        .take(2)
        .map(|p| {
            let img = kehoach_pdf::render_gray(p, 300.0 / 72.0);
            let h = img.height() * 2 / 5;
            image::imageops::crop_imm(&img, 0, 0, img.width(), h).to_image()
        })
        .collect()
}

fn text_of(doc: &kehoach_core::SourceDoc) -> String {
    doc.text()
}

#[test]
fn png_jpeg_and_multipage_tiff() {
    let tops = page_tops();
    let dir = scratch("images");
    let cfg = OcrConfig::default();
    let truth = truth("003_c13568a1ac7b3f6f.txt");

    let png = dir.join("p1.png");
    tops[0].save(&png).unwrap();
    let jpg = dir.join("p1.jpg");
    tops[0].save(&jpg).unwrap();
    let tif = dir.join("p1-2.tif");
    {
        use tiff::encoder::{colortype::Gray8, TiffEncoder};
        let mut enc = TiffEncoder::new(std::fs::File::create(&tif).unwrap()).unwrap();
        for t in &tops {
            enc.write_image::<Gray8>(t.width(), t.height(), t.as_raw())
                .unwrap();
        }
    }

    let mut first_page_texts = Vec::new();
    for path in [&png, &jpg, &tif] {
        let doc = read_image(path, &cfg).unwrap();
        assert_eq!(doc.source.kind, SourceKind::Image);
        assert_eq!(doc.source.sha256.len(), 64);
        let pages = if path == &tif { 2 } else { 1 };
        assert_eq!(doc.source.pages, pages, "{}", path.display());
        for p in &doc.pages {
            assert_eq!(p.method, PageMethod::Ocr);
            assert!(p.ocr_confidence.unwrap() > 0.8);
            assert_eq!(p.size, Some(tops[p.number - 1].dimensions()));
            assert!(p.lines.iter().all(|l| !l.words.is_empty()));
        }
        let first: String = doc.pages[0]
            .lines
            .iter()
            .map(|l| format!("{}\n", l.text))
            .collect();
        let acc = syllable_accuracy(&first, &truth);
        assert!(
            acc.accuracy > 0.97 && acc.truth_syllables > 100,
            "{}: {acc:?}",
            path.display()
        );
        first_page_texts.push(first);
        if path == &tif {
            // Page 2 of the TIFF is page 2 of the scan: its text is not page 1's.
            let second: String = doc.pages[1].lines.iter().map(|l| l.text.clone()).collect();
            assert!(!second.is_empty() && !first_page_texts[0].contains(&second));
            assert!(text_of(&doc).len() > first_page_texts[0].len());
        }
    }
    kehoach_ocr::release_engines();
}

#[test]
fn non_image_and_corrupt_image_fail_clearly() {
    let dir = scratch("images-bad");
    let txt = dir.join("scan.png");
    std::fs::write(&txt, "not an image").unwrap();
    let msg = read_image(&txt, &OcrConfig::default())
        .unwrap_err()
        .to_string();
    assert!(
        msg.starts_with(&txt.display().to_string()) && msg.contains("not a PNG, JPEG or TIFF"),
        "{msg}"
    );
    let cut = dir.join("cut.png");
    let mut png = Vec::new();
    GrayImage::from_pixel(64, 64, image::Luma([200]))
        .write_to(&mut std::io::Cursor::new(&mut png), image::ImageFormat::Png)
        .unwrap();
    std::fs::write(&cut, &png[..png.len() / 2]).unwrap();
    let msg = read_image(&cut, &OcrConfig::default())
        .unwrap_err()
        .to_string();
    assert!(msg.contains("cannot decode image"), "{msg}");
}
