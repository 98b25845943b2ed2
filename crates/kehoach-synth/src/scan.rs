//! From laid-out pages to a scanned document: rasterise, degrade, encode.
//!
//! Shared by the `render` and `table` commands, and usable from other crates' tests to make a
//! scan of any text on the fly.

use crate::ccitt::encode_g4;
use crate::degrade::{Degrade, GrayPage};
use crate::fonts::FontSet;
use crate::pdf::{encode_jpeg, PageImage};
use crate::render::{Coverage, PageLayout, PageStyle};
use crate::rng::Rng;

/// How page images are stored in the PDF.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    /// 8-bit grey JPEG (DCTDecode), like office scanners.
    Jpeg,
    /// 1-bit, Flate.
    Flate,
    /// 1-bit, CCITT Group 4, like fax gateways.
    Ccitt,
}

impl Encoding {
    pub fn parse(s: &str) -> Option<Encoding> {
        match s {
            "jpeg" | "jpg" => Some(Encoding::Jpeg),
            "flate" => Some(Encoding::Flate),
            "ccitt" | "g4" => Some(Encoding::Ccitt),
            _ => None,
        }
    }
}

/// One scanned page: the degraded grey image, its PDF encoding, and how many characters the
/// font lacked (should be 0).
pub struct ScannedPage {
    pub image: GrayPage,
    pub pdf_image: PageImage,
    pub missing_glyphs: usize,
}

/// Renders and degrades page `index`; its randomness is `seed` forked by the index, so a page
/// does not change when pages are added or removed elsewhere.
pub fn scan_page(
    page: &PageLayout,
    index: usize,
    fonts: &FontSet,
    style: &PageStyle,
    degrade: &Degrade,
    encoding: Encoding,
    seed: u64,
) -> Result<ScannedPage, String> {
    if degrade.bilevel.is_none() && encoding != Encoding::Jpeg {
        return Err(format!(
            "{encoding:?} encoding needs bilevel pages (a fax preset or a threshold)"
        ));
    }
    let (cov, missing) = Coverage::render(page, fonts, style.width_px(), style.height_px());
    let g = degrade.apply(&cov, &mut Rng::new(seed).fork(index as u64));
    let (w, h) = (g.width, g.height);
    let pdf_image = match encoding {
        Encoding::Jpeg => PageImage::Jpeg {
            data: encode_jpeg(&g.to_luma8(), w, h, degrade.jpeg_quality),
            width: w,
            height: h,
        },
        Encoding::Flate => PageImage::BitsFlate {
            black: g.to_bits(),
            width: w,
            height: h,
        },
        Encoding::Ccitt => PageImage::Ccitt {
            data: encode_g4(&g.to_bits(), w, h),
            width: w,
            height: h,
        },
    };
    Ok(ScannedPage {
        image: g,
        pdf_image,
        missing_glyphs: missing,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::markup::parse_document;
    use crate::pdf::write_image_pdf;
    use crate::render::layout_document;

    /// A two-page fax of a short text: CCITT PDF that poppler reads with the right page count.
    #[test]
    fn text_to_fax_pdf() {
        let Ok(fonts) = FontSet::load("liberation-serif") else {
            eprintln!("fonts-liberation2 not installed; skipped");
            return;
        };
        let para = "Căn cứ Kế hoạch số 64/KH-TCTTKĐA ngày 31/10/2023 của Tổ công tác triển khai Đề án 06.\n\n";
        let text = para.repeat(40);
        let style = PageStyle {
            dpi: 100.0,
            ..PageStyle::default()
        };
        let pages = layout_document(&parse_document(&text), &fonts, &style);
        assert!(pages.len() >= 2);
        let imgs: Vec<PageImage> = pages
            .iter()
            .enumerate()
            .map(|(i, p)| {
                let s =
                    scan_page(p, i, &fonts, &style, &Degrade::fax(), Encoding::Ccitt, 9).unwrap();
                assert_eq!(s.missing_glyphs, 0);
                s.pdf_image
            })
            .collect();
        assert!(scan_page(
            &pages[0],
            0,
            &fonts,
            &style,
            &Degrade::light(),
            Encoding::Ccitt,
            9
        )
        .is_err());
        let pdf = write_image_pdf(&imgs, style.dpi, "fax");
        let path =
            std::env::temp_dir().join(format!("kehoach-synth-fax-{}.pdf", std::process::id()));
        std::fs::write(&path, pdf).unwrap();
        if let Ok(out) = std::process::Command::new("pdfinfo").arg(&path).output() {
            let info = String::from_utf8_lossy(&out.stdout).to_string();
            assert!(
                info.contains(&format!("Pages:           {}", pages.len())),
                "{info}"
            );
        }
        let _ = std::fs::remove_file(&path);
    }
}
