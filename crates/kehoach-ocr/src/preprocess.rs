//! Image preparation before OCR, and TIFF decoding.
//!
//! Only what was measured to matter is done (commands and numbers in `benches/results/ocr.md`):
//! * Tesseract binarises (Otsu) and its line finder copes with small skew; on the fixtures (1.5° skew and
//!   G4 noise on the fax, light noise and ≤ 0.8° skew on the JPEG scans) its output is already
//!   at 99.7–99.8 % syllable accuracy, so no deskew or denoise pass is added.
//! * Resolution matters: the 150 dpi fax reads at 99.15 % at its own resolution and 99.81 %
//!   when the PDF page is rendered at 300 dpi (200 dpi: 98.78 %, 400 dpi: 98.59 %). PDF pages
//!   are therefore rendered at `max(scan dpi, DEFAULT_MIN_DPI)` by hayro itself; image files
//!   whose stated resolution is lower are upscaled here (bilinear) to the same minimum.

use crate::ImagePage;
use image::GrayImage;
use kehoach_core::{Error, Result};
use std::path::Path;

/// Upscale pages scanned below this resolution (0 disables). See the module doc.
pub const DEFAULT_MIN_DPI: u32 = 300;

/// The image Tesseract should see: `None` = `img` itself, with the scale factor from `img`'s
/// pixels to the returned image's, and the resolution to declare.
pub fn prepare(
    img: &GrayImage,
    dpi: Option<u32>,
    min_dpi: u32,
) -> (Option<GrayImage>, f32, Option<u32>) {
    match dpi {
        Some(d) if min_dpi > 0 && d > 0 && d < min_dpi => {
            let f = min_dpi as f32 / d as f32;
            let (w, h) = img.dimensions();
            let nw = ((w as f32) * f).round() as u32;
            let nh = ((h as f32) * f).round() as u32;
            let up = image::imageops::resize(img, nw, nh, image::imageops::FilterType::Triangle);
            (Some(up), f, Some(min_dpi))
        }
        _ => (None, 1.0, dpi),
    }
}

/// Decodes every directory of a TIFF to 8-bit gray (bilevel, gray 8/16, RGB(A), palette-free).
pub fn decode_tiff(path: &Path, bytes: &[u8]) -> Result<Vec<ImagePage>> {
    use tiff::decoder::{Decoder, DecodingResult};
    use tiff::ColorType;
    let bad = |e: tiff::TiffError| Error::invalid(path, format!("cannot decode TIFF: {e}"));
    let mut dec = Decoder::new(std::io::Cursor::new(bytes))
        .map_err(bad)?
        .with_limits(tiff::decoder::Limits::unlimited());
    let mut pages = Vec::new();
    loop {
        let (w, h) = dec.dimensions().map_err(bad)?;
        let ct = dec.colortype().map_err(bad)?;
        let dpi = tiff_dpi(&mut dec);
        let data = dec.read_image().map_err(bad)?;
        let px = (w as usize) * (h as usize);
        let gray: Vec<u8> = match (ct, data) {
            (ColorType::Gray(1), DecodingResult::U8(v)) => {
                let stride = (w as usize).div_ceil(8);
                let mut out = Vec::with_capacity(px);
                for y in 0..h as usize {
                    let row = &v[y * stride..(y + 1) * stride];
                    for x in 0..w as usize {
                        let bit = (row[x / 8] >> (7 - (x % 8))) & 1;
                        out.push(if bit == 1 { 255 } else { 0 });
                    }
                }
                out
            }
            (ColorType::Gray(8), DecodingResult::U8(v)) => v,
            (ColorType::Gray(16), DecodingResult::U16(v)) => {
                v.into_iter().map(|p| (p >> 8) as u8).collect()
            }
            (ColorType::RGB(8), DecodingResult::U8(v)) => {
                v.chunks_exact(3).map(|c| luma(c[0], c[1], c[2])).collect()
            }
            (ColorType::RGBA(8), DecodingResult::U8(v)) => {
                v.chunks_exact(4).map(|c| luma(c[0], c[1], c[2])).collect()
            }
            (ct, _) => {
                return Err(Error::invalid(
                    path,
                    format!(
                        "unsupported TIFF pixel format {ct:?} on page {}",
                        pages.len() + 1
                    ),
                ))
            }
        };
        if gray.len() < px {
            return Err(Error::invalid(
                path,
                format!("TIFF page {} is truncated", pages.len() + 1),
            ));
        }
        let image = GrayImage::from_raw(w, h, gray)
            .ok_or_else(|| Error::invalid(path, "TIFF page size does not match its data"))?;
        pages.push(ImagePage { image, dpi });
        if !dec.more_images() {
            break;
        }
        dec.next_image().map_err(bad)?;
    }
    Ok(pages)
}

fn luma(r: u8, g: u8, b: u8) -> u8 {
    ((r as u32 * 299 + g as u32 * 587 + b as u32 * 114) / 1000) as u8
}

/// XResolution in dots per inch (ResolutionUnit 3 = centimetres is converted), if stated.
fn tiff_dpi<R: std::io::Read + std::io::Seek>(dec: &mut tiff::decoder::Decoder<R>) -> Option<u32> {
    use tiff::tags::Tag;
    let x = dec.get_tag_f64(Tag::XResolution).ok()?;
    let unit = dec.get_tag_u32(Tag::ResolutionUnit).unwrap_or(2);
    let dpi = match unit {
        3 => x * 2.54,
        1 => return None,
        _ => x,
    };
    (50.0..=2400.0).contains(&dpi).then(|| dpi.round() as u32)
}
