//! A minimal writer of image-only PDFs, the shape of a scanned document.
//!
//! Scanners emit one full-page image per page and nothing else. We write exactly that: a
//! catalog, a page tree, and per page an image XObject drawn over the whole MediaBox. Grey
//! pages are JPEG (DCTDecode, as office scanners do); bilevel pages are 1-bit, Flate-compressed
//! or CCITT Group 4 (as fax-to-PDF gateways do). No text layer, on purpose.

use std::io::Write;

use flate2::write::ZlibEncoder;
use flate2::Compression;

/// How a page image is stored.
#[derive(Debug, Clone)]
pub enum PageImage {
    /// A baseline grey JPEG file, stored as is (DCTDecode).
    Jpeg {
        data: Vec<u8>,
        width: u32,
        height: u32,
    },
    /// 1-bit pixels, `true` = black; compressed with Flate.
    BitsFlate {
        black: Vec<bool>,
        width: u32,
        height: u32,
    },
    /// CCITT Group 4 data from [`crate::ccitt::encode_g4`] (decoded with K = -1, BlackIs1 false).
    Ccitt {
        data: Vec<u8>,
        width: u32,
        height: u32,
    },
}

impl PageImage {
    fn size(&self) -> (u32, u32) {
        match self {
            PageImage::Jpeg { width, height, .. }
            | PageImage::BitsFlate { width, height, .. }
            | PageImage::Ccitt { width, height, .. } => (*width, *height),
        }
    }
}

/// Packs black/white pixels MSB first, rows padded to whole bytes, 0 = black (DeviceGray 1-bit).
pub fn pack_bits(black: &[bool], width: u32, height: u32) -> Vec<u8> {
    let row_bytes = width.div_ceil(8) as usize;
    let mut out = vec![0xFFu8; row_bytes * height as usize];
    for y in 0..height as usize {
        for x in 0..width as usize {
            if black[y * width as usize + x] {
                out[y * row_bytes + x / 8] &= !(0x80 >> (x % 8));
            }
        }
    }
    out
}

/// Encodes grey pixels as a baseline JPEG at `quality`.
pub fn encode_jpeg(luma: &[u8], width: u32, height: u32, quality: u8) -> Vec<u8> {
    let mut buf = Vec::new();
    let enc = image::codecs::jpeg::JpegEncoder::new_with_quality(&mut buf, quality);
    image::ImageEncoder::write_image(enc, luma, width, height, image::ExtendedColorType::L8)
        .expect("JPEG encoding of an in-memory grey image cannot fail");
    buf
}

/// Writes a PDF whose page `i` shows `pages[i]` at `dpi` over the whole page.
pub fn write_image_pdf(pages: &[PageImage], dpi: f32, title: &str) -> Vec<u8> {
    let mut out: Vec<u8> = Vec::new();
    let mut offsets: Vec<usize> = Vec::new();
    out.extend_from_slice(b"%PDF-1.4\n%\xE2\xE3\xCF\xD3\n");
    // Object numbers: 1 catalog, 2 pages, 3 info, then per page: page, content, image.
    let n = pages.len();
    let page_obj = |i: usize| 4 + 3 * i;
    let obj = |out: &mut Vec<u8>, offsets: &mut Vec<usize>, num: usize, body: &[u8]| {
        debug_assert_eq!(offsets.len() + 1, num);
        offsets.push(out.len());
        out.extend_from_slice(format!("{num} 0 obj\n").as_bytes());
        out.extend_from_slice(body);
        out.extend_from_slice(b"\nendobj\n");
    };
    obj(
        &mut out,
        &mut offsets,
        1,
        b"<< /Type /Catalog /Pages 2 0 R >>",
    );
    let kids: Vec<String> = (0..n).map(|i| format!("{} 0 R", page_obj(i))).collect();
    obj(
        &mut out,
        &mut offsets,
        2,
        format!("<< /Type /Pages /Kids [{}] /Count {n} >>", kids.join(" ")).as_bytes(),
    );
    let esc: String = title
        .chars()
        .filter(|c| c.is_ascii() && !c.is_ascii_control())
        .flat_map(|c| match c {
            '(' | ')' | '\\' => vec!['\\', c],
            _ => vec![c],
        })
        .collect();
    obj(
        &mut out,
        &mut offsets,
        3,
        format!("<< /Title ({esc}) /Producer (kehoach-synth) >>").as_bytes(),
    );
    for (i, p) in pages.iter().enumerate() {
        let (w, h) = p.size();
        let wpt = w as f32 / dpi * 72.0;
        let hpt = h as f32 / dpi * 72.0;
        let pnum = page_obj(i);
        obj(
            &mut out,
            &mut offsets,
            pnum,
            format!(
                "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {wpt:.2} {hpt:.2}] \
                 /Resources << /XObject << /Im0 {} 0 R >> >> /Contents {} 0 R >>",
                pnum + 2,
                pnum + 1
            )
            .as_bytes(),
        );
        let content = format!("q {wpt:.2} 0 0 {hpt:.2} 0 0 cm /Im0 Do Q");
        let mut body = format!("<< /Length {} >>\nstream\n", content.len()).into_bytes();
        body.extend_from_slice(content.as_bytes());
        body.extend_from_slice(b"\nendstream");
        obj(&mut out, &mut offsets, pnum + 1, &body);
        let (dict, data) = match p {
            PageImage::Jpeg { data, .. } => (
                format!("/ColorSpace /DeviceGray /BitsPerComponent 8 /Filter /DCTDecode /Length {}", data.len()),
                data.clone(),
            ),
            PageImage::BitsFlate { black, width, height } => {
                let mut z = ZlibEncoder::new(Vec::new(), Compression::best());
                z.write_all(&pack_bits(black, *width, *height))
                    .expect("writing to a Vec cannot fail");
                let data = z.finish().expect("writing to a Vec cannot fail");
                (
                    format!("/ColorSpace /DeviceGray /BitsPerComponent 1 /Filter /FlateDecode /Length {}", data.len()),
                    data,
                )
            }
            PageImage::Ccitt { data, width, height } => (
                format!(
                    "/ColorSpace /DeviceGray /BitsPerComponent 1 /Filter /CCITTFaxDecode \
                     /DecodeParms << /K -1 /Columns {width} /Rows {height} /BlackIs1 false >> /Length {}",
                    data.len()
                ),
                data.clone(),
            ),
        };
        let mut body =
            format!("<< /Type /XObject /Subtype /Image /Width {w} /Height {h} {dict} >>\nstream\n")
                .into_bytes();
        body.extend_from_slice(&data);
        body.extend_from_slice(b"\nendstream");
        obj(&mut out, &mut offsets, pnum + 2, &body);
    }
    let xref = out.len();
    let count = offsets.len() + 1;
    out.extend_from_slice(format!("xref\n0 {count}\n0000000000 65535 f \n").as_bytes());
    for o in &offsets {
        out.extend_from_slice(format!("{o:010} 00000 n \n").as_bytes());
    }
    out.extend_from_slice(
        format!("trailer\n<< /Size {count} /Root 1 0 R /Info 3 0 R >>\nstartxref\n{xref}\n%%EOF\n")
            .as_bytes(),
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::process::Command;

    fn checker_bits(w: u32, h: u32) -> Vec<bool> {
        (0..w * h)
            .map(|i| ((i % w) / 8 + (i / w) / 8) % 2 == 0)
            .collect()
    }

    #[test]
    fn pack_bits_pads_rows_and_uses_zero_for_black() {
        let black = vec![
            true, false, false, false, false, false, false, false, false, true,
        ];
        assert_eq!(pack_bits(&black, 10, 1), vec![0b0111_1111, 0b1011_1111]);
    }

    #[test]
    fn xref_offsets_point_at_objects() {
        let pdf = write_image_pdf(
            &[PageImage::BitsFlate {
                black: checker_bits(16, 16),
                width: 16,
                height: 16,
            }],
            150.0,
            "t",
        );
        let tail = String::from_utf8_lossy(&pdf[pdf.len() - 40..]).to_string();
        let xref_at: usize = tail
            .rsplit("startxref\n")
            .next()
            .unwrap()
            .lines()
            .next()
            .unwrap()
            .parse()
            .unwrap();
        assert!(pdf[xref_at..].starts_with(b"xref"));
        let table = String::from_utf8_lossy(&pdf[xref_at..]).to_string();
        for (k, line) in table.lines().skip(3).take(6).enumerate() {
            let off: usize = line[..10].parse().unwrap();
            let want = format!("{} 0 obj", k + 1);
            assert!(pdf[off..].starts_with(want.as_bytes()), "object {}", k + 1);
        }
    }

    /// pdfinfo/pdfimages (poppler-utils) read what we write, pages and image encodings included.
    #[test]
    fn poppler_reads_jpeg_and_bilevel_pages() {
        if Command::new("pdfinfo").arg("-v").output().is_err() {
            eprintln!("poppler-utils not installed; skipped");
            return;
        }
        let (w, h) = (64u32, 48u32);
        let luma: Vec<u8> = (0..w * h).map(|i| (i % 256) as u8).collect();
        let pages = vec![
            PageImage::Jpeg {
                data: encode_jpeg(&luma, w, h, 80),
                width: w,
                height: h,
            },
            PageImage::BitsFlate {
                black: checker_bits(w, h),
                width: w,
                height: h,
            },
            PageImage::Ccitt {
                data: crate::ccitt::encode_g4(&checker_bits(w, h), w, h),
                width: w,
                height: h,
            },
        ];
        let dir = std::env::temp_dir().join(format!("kehoach-synth-pdf-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("t.pdf");
        std::fs::write(&path, write_image_pdf(&pages, 72.0, "test")).unwrap();
        let info = Command::new("pdfinfo").arg(&path).output().unwrap();
        assert!(
            info.status.success(),
            "{}",
            String::from_utf8_lossy(&info.stderr)
        );
        let info = String::from_utf8_lossy(&info.stdout).to_string();
        assert!(info.contains("Pages:           3"), "{info}");
        let list = Command::new("pdfimages")
            .arg("-list")
            .arg(&path)
            .output()
            .unwrap();
        let list = String::from_utf8_lossy(&list.stdout).to_string();
        assert!(
            list.contains("jpeg") && list.contains("image") && list.contains("ccitt"),
            "{list}"
        );
        // The bilevel pages decode back to the same pixels.
        let prefix = dir.join("img");
        let st = Command::new("pdfimages")
            .arg("-png")
            .arg(&path)
            .arg(&prefix)
            .status()
            .unwrap();
        assert!(st.success());
        for k in [1, 2] {
            let img = image::open(dir.join(format!("img-{k:03}.png")))
                .unwrap()
                .to_luma8();
            let got: Vec<bool> = img.pixels().map(|p| p.0[0] < 128).collect();
            assert_eq!(got, checker_bits(w, h), "page {}", k + 1);
        }
        let _ = std::fs::remove_dir_all(&dir);
    }
}
