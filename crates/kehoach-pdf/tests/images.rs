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

/// A page scanned sideways or upside down (a landscape appendix fed in portrait, a sheet
/// fed the wrong way) reads badly as it lies: its orientation is detected and it is read
/// turned upright, as well as the upright page.
#[test]
fn a_page_lying_sideways_or_upside_down_is_read_upright() {
    let top = page_tops().swap_remove(0);
    let dir = scratch("orientation");
    let cfg = OcrConfig::default();
    let truth = truth("003_c13568a1ac7b3f6f.txt");
    let upright_path = dir.join("upright.png");
    top.save(&upright_path).unwrap();
    let upright = read_image(&upright_path, &cfg).unwrap();
    assert_eq!(upright.pages[0].rotated, None);
    let upright_acc = syllable_accuracy(&text_of(&upright), &truth).accuracy;
    for (lying, turn) in [
        (image::imageops::rotate90(&top), 270),
        (image::imageops::rotate180(&top), 180),
        (image::imageops::rotate270(&top), 90),
    ] {
        let path = dir.join(format!("turn{turn}.png"));
        lying.save(&path).unwrap();
        let doc = read_image(&path, &cfg).unwrap();
        let p = &doc.pages[0];
        assert_eq!(p.rotated, Some(turn));
        // Boxes are in the turned (upright) image.
        assert_eq!(p.size, Some(top.dimensions()));
        assert_eq!(doc.source.page_info[0].rotated, Some(turn));
        let acc = syllable_accuracy(&text_of(&doc), &truth).accuracy;
        assert!(
            acc > upright_acc - 0.01,
            "turned {turn}: {acc} vs {upright_acc}"
        );
    }
}
