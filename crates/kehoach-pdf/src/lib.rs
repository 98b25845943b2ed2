//! PDF ingest: text layer when it is good, OCR when it is missing or broken, page by page.
//!
//! Everything runs in-process on the pure-Rust `hayro` stack (no poppler): `hayro-syntax`
//! parses the file and decodes the image codecs of scans (DCT/JPEG, CCITT G3/G4, JBIG2, JPX,
//! Flate); `hayro-interpret` walks each page once with a probe device that collects the glyphs
//! of the text layer (with Unicode from ToUnicode/encodings, and positions) and the images drawn
//! (their resolution); `hayro` renders pages that need OCR. We chose hayro-interpret's glyph runs
//! over lopdf/pdf-extract for the text layer because they come from the same interpreter that
//! renders the page (same font decoding, same invisible-text handling as OCR'd PDFs use), and
//! because it adds no second PDF parser; font names for legacy-encoding hints are read from the
//! page's font resources with hayro-syntax.
//!
//! Per page, with [`OcrMode::Auto`]: a layer judged good ([`layer::judge`]) is used as it is
//! (`method: text-layer`); otherwise the page is rendered at its scan resolution and OCR'd
//! (`method: ocr`), and a non-empty broken layer is kept in `Page::text_layer` for restoration.
//! Pages run on the rayon pool, one Tesseract instance per worker thread.

pub mod layer;

use hayro::hayro_interpret::hayro_syntax::{LoadPdfError, Pdf};
use hayro::hayro_interpret::InterpreterSettings;
use hayro::vello_cpu::color::palette::css::WHITE;
use hayro::{PixmapSettings, RenderCache, RenderSettings};
use image::GrayImage;
use kehoach_core::{Error, Page, PageMethod, Result, SourceDoc, SourceInfo, SourceKind};
use kehoach_ingest::legacy::Legacy;
use kehoach_ocr::{in_file, with_engine, OcrConfig};
use rayon::prelude::*;
use std::path::Path;
use std::sync::Arc;
use std::time::Instant;

/// When to OCR a page (`--ocr=auto|always|never`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum OcrMode {
    /// OCR pages without a usable text layer.
    #[default]
    Auto,
    /// OCR every page; a text layer is still kept beside the OCR reading.
    Always,
    /// Never OCR: use whatever text layer there is (scanned pages come out empty).
    Never,
}

impl std::str::FromStr for OcrMode {
    type Err = String;
    fn from_str(s: &str) -> std::result::Result<Self, String> {
        match s {
            "auto" => Ok(OcrMode::Auto),
            "always" => Ok(OcrMode::Always),
            "never" => Ok(OcrMode::Never),
            other => Err(format!(
                "unknown OCR mode '{other}' (expected auto, always or never)"
            )),
        }
    }
}

/// Options of [`read_pdf`].
#[derive(Debug, Clone)]
pub struct PdfOptions {
    pub ocr: OcrMode,
    pub ocr_config: OcrConfig,
    /// Resolution used to render pages whose scan resolution is unknown (vector pages with a
    /// broken text layer).
    pub default_dpi: u32,
    /// Upper bound on the render resolution, whatever the scan says (memory and time).
    pub max_dpi: u32,
}

impl Default for PdfOptions {
    fn default() -> Self {
        PdfOptions {
            ocr: OcrMode::Auto,
            ocr_config: OcrConfig::default(),
            default_dpi: 300,
            max_dpi: 400,
        }
    }
}

/// Checks that make the common bad inputs fail with a clear reason before the parser guesses.
fn check_container(path: &Path, bytes: &[u8]) -> Result<()> {
    let head = &bytes[..bytes.len().min(1024)];
    if !head.windows(5).any(|w| w == b"%PDF-") {
        return Err(Error::invalid(
            path,
            "not a PDF file (no %PDF- header); check the file type",
        ));
    }
    let tail = &bytes[bytes.len().saturating_sub(4096)..];
    if !tail.windows(5).any(|w| w == b"%%EOF") {
        return Err(Error::invalid(
            path,
            "truncated PDF: the file ends before its %%EOF marker (incomplete download or copy?)",
        ));
    }
    Ok(())
}

fn open(path: &Path, data: Arc<Vec<u8>>) -> Result<Pdf> {
    Pdf::new(data).map_err(|e| match e {
        LoadPdfError::Decryption(d) => Error::invalid(
            path,
            format!("encrypted PDF ({d:?}); remove the password first, e.g. `qpdf --decrypt`"),
        ),
        LoadPdfError::Invalid => Error::invalid(
            path,
            "damaged PDF: its cross-reference table and page tree cannot be read",
        ),
    })
}

/// Reads a PDF into pages of text, using each page's text layer or OCR as [`PdfOptions::ocr`]
/// says. `kind` is `pdf-text` when no page needed OCR, `pdf-scanned` otherwise.
pub fn read_pdf(path: &Path, opts: &PdfOptions) -> Result<SourceDoc> {
    let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
    read_pdf_bytes(path, bytes, opts)
}

/// [`read_pdf`] for a file already in memory (`path` names it in messages and the source
/// block), so a caller that read the file to recognise it does not read it again.
pub fn read_pdf_bytes(path: &Path, bytes: Vec<u8>, opts: &PdfOptions) -> Result<SourceDoc> {
    check_container(path, &bytes)?;
    let sha256 = kehoach_core::sha256_hex(&bytes);
    let data = Arc::new(bytes);
    let pdf = open(path, data.clone())?;
    let n = pdf.pages().len();
    if n == 0 {
        return Err(Error::invalid(path, "PDF has no pages"));
    }
    if opts.ocr != OcrMode::Never {
        // A missing model should fail the file once, before any page work.
        kehoach_ocr::find_tessdata(&opts.ocr_config).map_err(|e| match e {
            Error::Resource { path: p, reason } => Error::Resource {
                path: path.to_path_buf(),
                reason: format!("{reason} ({})", p.display()),
            },
            other => other,
        })?;
    }
    drop(pdf);
    // hayro's parsed document is not shared across threads; each worker opens its own view of
    // the same bytes (parsing the cross-reference table is cheap next to OCR).
    let read: Vec<(Page, Option<Legacy>)> = (0..n)
        .into_par_iter()
        .map_init(
            || open(path, data.clone()),
            |pdf, i| match pdf {
                Ok(pdf) => read_page(&pdf.pages()[i], i + 1, opts).map_err(|e| in_file(e, path)),
                Err(e) => Err(Error::invalid(path, e.to_string())),
            },
        )
        .collect::<Result<_>>()?;
    // The legacy encodings the text layer was converted from, in page order ("tcvn3", "vni").
    let mut encodings: Vec<&str> = Vec::new();
    for name in read.iter().filter_map(|(_, l)| l.map(Legacy::name)) {
        if !encodings.contains(&name) {
            encodings.push(name);
        }
    }
    let pages: Vec<Page> = read.into_iter().map(|(p, _)| p).collect();
    let kind = if pages.iter().any(|p| p.method == PageMethod::Ocr) {
        SourceKind::PdfScanned
    } else {
        SourceKind::PdfText
    };
    Ok(SourceDoc {
        source: SourceInfo {
            file: path.display().to_string(),
            sha256,
            kind,
            pages: pages.len(),
            encoding: (!encodings.is_empty()).then(|| encodings.join("+")),
            page_info: kehoach_ocr::page_info(&pages),
            companion: None,
        },
        pages,
    })
}

/// Reads one page: probe, judge, and OCR when needed. Also says which legacy encoding the
/// page's text layer was converted from, if any.
fn read_page(
    page: &hayro::hayro_interpret::hayro_syntax::page::Page<'_>,
    number: usize,
    opts: &PdfOptions,
) -> Result<(Page, Option<Legacy>)> {
    let start = Instant::now();
    let probe = layer::Probe::run(page);
    // Render at the scan's own resolution, raised to the OCR minimum: letting hayro upscale a
    // 150 dpi fax while rendering (smooth image interpolation) reads better than rendering at
    // 150 and resizing afterwards (99.8 % vs 99.6 % syllables on fixture 003).
    let dpi = probe
        .scan_dpi()
        .map(|d| d.round() as u32)
        .unwrap_or(opts.default_dpi)
        .max(opts.ocr_config.min_dpi)
        .clamp(72, opts.max_dpi.max(72));
    let scale = dpi as f64 / 72.0;
    let (lines, legacy) = layer::fix_legacy(probe.lines(scale), probe.font_legacy);
    let text: String = lines
        .iter()
        .map(|l| l.text.as_str())
        .collect::<Vec<_>>()
        .join("\n");
    let verdict = layer::judge(&text, legacy);
    // On a scanned page, only an invisible layer (an OCR layer laid over the scan) can stand
    // for the page: visible text there is a stamp, a digital-signature box or a typed-in
    // header, and the scan under it still has to be read.
    let covers_page = !probe.is_scan() || probe.invisible_share() >= 0.5;
    let use_layer = match opts.ocr {
        OcrMode::Never => true,
        OcrMode::Always => false,
        OcrMode::Auto => verdict.good && covers_page,
    };
    if use_layer {
        return Ok((
            Page {
                number,
                method: PageMethod::TextLayer,
                lines,
                text_layer: None,
                size: Some(pixel_size(probe.size_pt, scale)),
                ocr_confidence: None,
                rotated: None,
                seconds: start.elapsed().as_secs_f64(),
            },
            legacy,
        ));
    }
    let img = render_gray(page, scale as f32);
    let mut out = with_engine(&opts.ocr_config, |e| {
        e.recognize_at(&img, number, Some(dpi))
    })?;
    out.text_layer = probe.has_text().then_some(lines);
    out.seconds = start.elapsed().as_secs_f64();
    Ok((out, None))
}

fn pixel_size((w, h): (f64, f64), scale: f64) -> (u32, u32) {
    ((w * scale).round() as u32, (h * scale).round() as u32)
}

/// Renders a page on white at `scale` pixels per point and converts it to 8-bit gray.
pub fn render_gray(
    page: &hayro::hayro_interpret::hayro_syntax::page::Page<'_>,
    scale: f32,
) -> GrayImage {
    let cache = RenderCache::new();
    let pixmap = hayro::render(
        page,
        &cache,
        &InterpreterSettings::default(),
        &RenderSettings::default(),
        &PixmapSettings {
            x_scale: scale,
            y_scale: scale,
            bg_color: WHITE,
        },
    );
    let (w, h) = (pixmap.width() as u32, pixmap.height() as u32);
    // Opaque white background: premultiplied RGBA equals straight RGBA here.
    let gray: Vec<u8> = pixmap
        .data_as_u8_slice()
        .chunks_exact(4)
        .map(|p| ((p[0] as u32 * 299 + p[1] as u32 * 587 + p[2] as u32 * 114) / 1000) as u8)
        .collect();
    GrayImage::from_raw(w, h, gray).expect("pixmap size matches its buffer")
}

/// Reads a PDF or an image file, chosen by extension (`.pdf`; `.png`, `.jpg`, `.jpeg`,
/// `.tif`, `.tiff`), so that a file named `.pdf` that is not one gets the PDF error rather
/// than being guessed into something else. Other extensions are refused: plain-text input is
/// `kehoach-ingest`'s.
pub fn read_document(path: &Path, opts: &PdfOptions) -> Result<SourceDoc> {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .unwrap_or_default();
    match ext.as_str() {
        "pdf" => read_pdf(path, opts),
        "png" | "jpg" | "jpeg" | "tif" | "tiff" => kehoach_ocr::read_image(path, &opts.ocr_config),
        _ => Err(Error::invalid(
            path,
            "unsupported file type (expected .pdf, .png, .jpg, .jpeg, .tif or .tiff)",
        )),
    }
}
