//! Tesseract OCR of page images, and ingest of image files (PNG, JPEG, TIFF incl. multi-page).
//!
//! # Binding: `tesseract-rs` on the system libtesseract
//!
//! We use `tesseract-rs` 0.4 with `default-features = false, features = ["use-system-tesseract"]`.
//! That feature list is `[pkg-config, build-tesseract]`: the crate's whole safe API is compiled
//! only under `build-tesseract`, so system mode cannot avoid it. What it costs and what it does
//! not do, read from its `build.rs`:
//! * with `use-system-tesseract` the build script only runs `pkg_config::probe("tesseract")`
//!   and links the system `libtesseract` (plus libstdc++); the functions that download the
//!   Tesseract/Leptonica sources and `tessdata_best` models exist but are called only without
//!   `use-system-tesseract` or with `embed-tessdata`, which we never enable. The build never
//!   touches the network (checked by building with the network namespace removed, see
//!   `benches/results/ocr.md`).
//! * it still *compiles* reqwest, zip, cmake and their TLS stack as build-dependencies: dead
//!   weight of about a minute of build time on two cores, but no runtime or network effect.
//!
//! So the crate does the job faithfully; we keep it and accept the build-time cost. The API
//! gives everything we need: `SetImage` on raw 8-bit buffers, `SetSourceResolution`, variables
//! (`lstm_choice_mode`), and the result/choice iterators with boxes and confidences.
//!
//! # Symbol alternatives
//! With [`OcrConfig::choices`] (default on) Tesseract runs with `lstm_choice_mode=2` and every
//! recognised symbol gets its list of LSTM alternatives, the LSTM's own top choice first (it
//! spells the word in 1024 of 1027 words of fixture 003; the word-level decoder, which uses the
//! dictionary, overrules it in the rest), each with the value
//! `1 − rating/100` (Tesseract's `ChoiceIterator::Confidence` with `lstm_rating_coefficient=1`;
//! rating = Tesseract's LSTM symbol rating, lower is better). The default coefficient 5 clips
//! nearly all alternatives to 0 (measured: 208 of 2836 non-zero on `fixtures/pdf/stamp.pdf`,
//! all 2836 with 1); word confidences do not depend on it. The mode costs about 12 % more
//! recognition time (1.55 s instead of 1.36 s CPU for a 300 dpi page, `examples/stages.rs`).
//!
//! # Threads
//! One [`Engine`] (one `TessBaseAPI`) per worker thread, created lazily by [`with_engine`]; pages
//! are spread over the rayon pool, so N cores OCR N pages at once. Tesseract's own OpenMP
//! threads must be off (`OMP_THREAD_LIMIT=1`), and libgomp reads that variable once, when the
//! library is loaded: [`ensure_single_openmp_thread`] re-executes the program with it set.

use image::GrayImage;
use kehoach_core::{
    BBox, Error, Line, Page, PageInfo, PageMethod, Result, SourceDoc, SourceInfo, SourceKind, Word,
};
use rayon::prelude::*;
use std::cell::RefCell;
use std::path::{Path, PathBuf};
use std::time::Instant;
use tesseract_rs::{TessPageIteratorLevel as Level, TessPageSegMode, TesseractAPI};

pub mod metric;
pub mod preprocess;

/// Where Debian/Ubuntu put the models (`tesseract-ocr-vie` installs `vie.traineddata` there).
pub const DEBIAN_TESSDATA: [&str; 3] = [
    "/usr/share/tesseract-ocr/5/tessdata",
    "/usr/share/tesseract-ocr/4.00/tessdata",
    "/usr/share/tessdata",
];

/// OCR settings shared by every page of a run.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct OcrConfig {
    /// Tesseract language(s), '+'-separated: "vie" (default), "vie+eng".
    pub lang: String,
    /// Directory holding `<lang>.traineddata`; None = `TESSDATA_PREFIX`, then the Debian paths.
    pub tessdata: Option<PathBuf>,
    /// Keep per-symbol alternatives (`lstm_choice_mode=2`) for restoration. Costs little.
    pub choices: bool,
    /// Pages scanned below this resolution are upscaled to it before OCR (0 = never). See
    /// [`preprocess`] for the measurement behind the default.
    pub min_dpi: u32,
}

impl Default for OcrConfig {
    fn default() -> Self {
        OcrConfig {
            lang: "vie".into(),
            tessdata: None,
            choices: true,
            min_dpi: preprocess::DEFAULT_MIN_DPI,
        }
    }
}

/// The Debian package that ships a language's model ("vie" → "tesseract-ocr-vie").
fn apt_package(lang: &str) -> String {
    format!(
        "tesseract-ocr-{}",
        lang.to_ascii_lowercase().replace('_', "-")
    )
}

/// Finds the tessdata directory holding every language of `cfg.lang`.
///
/// Order: `cfg.tessdata`, `TESSDATA_PREFIX` (the directory itself, or its `tessdata/`
/// subdirectory as Tesseract 3 used it), then [`DEBIAN_TESSDATA`]. A missing model is an
/// [`Error::Resource`] naming the file looked for and the apt package that provides it.
pub fn find_tessdata(cfg: &OcrConfig) -> Result<PathBuf> {
    let langs: Vec<&str> = cfg.lang.split('+').filter(|l| !l.is_empty()).collect();
    if langs.is_empty()
        || langs
            .iter()
            .any(|l| !l.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'))
    {
        return Err(Error::Resource {
            path: PathBuf::from(&cfg.lang),
            reason: "invalid OCR language list (expected e.g. \"vie\" or \"vie+eng\")".into(),
        });
    }
    let mut candidates: Vec<PathBuf> = Vec::new();
    if let Some(dir) = &cfg.tessdata {
        candidates.push(dir.clone());
    } else {
        if let Some(p) = std::env::var_os("TESSDATA_PREFIX") {
            let p = PathBuf::from(p);
            candidates.push(p.join("tessdata"));
            candidates.push(p);
        }
        candidates.extend(DEBIAN_TESSDATA.iter().map(PathBuf::from));
    }
    let has_all = |d: &Path| {
        langs
            .iter()
            .all(|l| d.join(format!("{l}.traineddata")).is_file())
    };
    if let Some(d) = candidates.iter().find(|d| has_all(d)) {
        return Ok(d.clone());
    }
    // Name the first missing model in the most likely directory.
    let dir = candidates
        .iter()
        .find(|d| d.is_dir())
        .cloned()
        .unwrap_or_else(|| candidates[0].clone());
    let missing = langs
        .iter()
        .find(|l| !dir.join(format!("{l}.traineddata")).is_file())
        .copied()
        .unwrap_or(langs[0]);
    Err(Error::Resource {
        path: dir.join(format!("{missing}.traineddata")),
        reason: format!(
            "Tesseract model for '{missing}' not found; install it with `apt-get install {}` \
             or point TESSDATA_PREFIX (or --tessdata) at a directory holding {missing}.traineddata",
            apt_package(missing)
        ),
    })
}

/// Re-executes the current program with `OMP_THREAD_LIMIT=1` unless it is already set.
///
/// Debian's libtesseract is built with OpenMP; every instance would start its own threads and
/// two pages on two cores would fight over them. libgomp reads `OMP_THREAD_LIMIT` when it is
/// loaded, before `main`, so setting it later has no effect: the binary calls this first thing.
/// Returns only when the variable was already set (or the re-exec failed, which is reported).
pub fn ensure_single_openmp_thread() {
    use std::os::unix::process::CommandExt;
    if std::env::var_os("OMP_THREAD_LIMIT").is_some() {
        return;
    }
    let Ok(exe) = std::env::current_exe() else {
        return;
    };
    let mut args = std::env::args_os();
    let arg0 = args.next().unwrap_or_else(|| exe.clone().into_os_string());
    let err = std::process::Command::new(&exe)
        .arg0(arg0)
        .args(args)
        .env("OMP_THREAD_LIMIT", "1")
        .exec();
    eprintln!("warning: could not re-execute with OMP_THREAD_LIMIT=1 ({err}); OCR may oversubscribe cores");
}

fn tess_err(what: &str, page: usize, e: impl std::fmt::Display) -> Error {
    Error::Resource {
        path: PathBuf::from(format!("page {page}")),
        reason: format!("Tesseract {what} failed: {e}"),
    }
}

/// One initialised Tesseract instance. Not shared between threads: see [`with_engine`].
pub struct Engine {
    api: TesseractAPI,
    choices: bool,
    min_dpi: u32,
    /// Where the models were found, for the orientation model loaded on first need.
    tessdata: PathBuf,
    /// Tesseract's orientation and script detection (`osd.traineddata`), loaded the first time
    /// a page reads badly; None when it cannot be loaded.
    osd: std::cell::OnceCell<Option<TesseractAPI>>,
}

/// Mean word confidence under which a page's orientation is checked. Of the fixtures' upright
/// pages the lowest reads 0.61 (a 150 dpi fax of a ruled table), office scans 0.9 and more; a
/// probe plan's page read sideways gave 0.33 and upside down 0.40.
const ORIENTATION_CHECK_CONFIDENCE: f32 = 0.6;

/// Least orientation confidence (Tesseract's margin over the next orientation) acted on. The
/// probe page gave 13.8–16.3 whichever way it lay; Tesseract's own automatic rotation
/// (`--psm 1`) uses a margin of 7.
const MIN_ORIENTATION_CONFIDENCE: f32 = 7.0;

/// How much better the turned page must read to be taken.
const ORIENTATION_MIN_GAIN: f32 = 0.1;

impl Engine {
    /// Loads the model(s) of `cfg.lang`. Fails with the apt package to install when missing.
    pub fn new(cfg: &OcrConfig) -> Result<Engine> {
        let dir = find_tessdata(cfg)?;
        if dir.to_str().is_none() {
            return Err(Error::Resource {
                path: dir,
                reason: "tessdata path is not valid UTF-8; Tesseract cannot be given it".into(),
            });
        }
        let api = TesseractAPI::new();
        api.init(&dir, &cfg.lang).map_err(|e| Error::Resource {
            path: dir.clone(),
            reason: format!(
                "Tesseract could not load '{}' from this directory ({e}); reinstall {}",
                cfg.lang,
                apt_package(cfg.lang.split('+').next().unwrap_or("vie"))
            ),
        })?;
        // Tesseract's diagnostics ("Estimating resolution as …", "Detected N diacritics")
        // would interleave with kehoach's one-line-per-file reports on stderr.
        api.set_variable("debug_file", "/dev/null")
            .map_err(|e| tess_err("setting debug_file", 0, e))?;
        if cfg.choices {
            // 2 = per-character alternatives from the LSTM's output, as ChoiceIterator reads them.
            api.set_variable("lstm_choice_mode", "2")
                .map_err(|e| tess_err("setting lstm_choice_mode", 0, e))?;
            // ChoiceIterator reports 100 − coefficient·rating, clipped at 0; with the default
            // coefficient 5 almost every alternative reads 0. With 1 the rating survives.
            api.set_variable("lstm_rating_coefficient", "1")
                .map_err(|e| tess_err("setting lstm_rating_coefficient", 0, e))?;
        }
        Ok(Engine {
            api,
            choices: cfg.choices,
            min_dpi: cfg.min_dpi,
            tessdata: dir,
            osd: std::cell::OnceCell::new(),
        })
    }

    /// Recognises a page scanned at an unknown resolution (Tesseract estimates it from the
    /// text height).
    pub fn recognize(&self, img: &GrayImage, page_number: usize) -> Result<Page> {
        self.recognize_at(img, page_number, None)
    }

    /// Recognises a page whose scan resolution is known (PDF pages, images with DPI tags).
    /// Pages below `min_dpi` are upscaled first; boxes are mapped back to `img`'s pixels.
    ///
    /// A page read with low confidence may lie sideways or upside down (a landscape appendix
    /// scanned in portrait, a sheet fed the wrong way): its orientation is detected, and the
    /// page read again turned upright when that reads better ([`Page::rotated`]). Upright pages
    /// read well pay nothing for this.
    pub fn recognize_at(
        &self,
        img: &GrayImage,
        page_number: usize,
        dpi: Option<u32>,
    ) -> Result<Page> {
        let start = Instant::now();
        let page = self.recognize_as_is(img, page_number, dpi)?;
        if page
            .ocr_confidence
            .is_some_and(|c| c >= ORIENTATION_CHECK_CONFIDENCE)
        {
            return Ok(page);
        }
        let Some(turn) = self.orientation(img, dpi) else {
            return Ok(page);
        };
        let turned = match turn {
            90 => image::imageops::rotate90(img),
            180 => image::imageops::rotate180(img),
            _ => image::imageops::rotate270(img),
        };
        let mut upright = self.recognize_as_is(&turned, page_number, dpi)?;
        let better = upright.ocr_confidence.unwrap_or(0.0)
            > page.ocr_confidence.unwrap_or(0.0) + ORIENTATION_MIN_GAIN;
        let mut out = if better {
            upright.rotated = Some(turn);
            upright
        } else {
            page
        };
        out.seconds = start.elapsed().as_secs_f64();
        Ok(out)
    }

    /// [`Engine::recognize_at`] without the orientation check.
    fn recognize_as_is(
        &self,
        img: &GrayImage,
        page_number: usize,
        dpi: Option<u32>,
    ) -> Result<Page> {
        let start = Instant::now();
        let (w, h) = img.dimensions();
        if w == 0 || h == 0 {
            return Ok(Page {
                number: page_number,
                method: PageMethod::Ocr,
                lines: vec![],
                text_layer: None,
                size: Some((w, h)),
                ocr_confidence: None,
                rotated: None,
                seconds: start.elapsed().as_secs_f64(),
            });
        }
        let (work, factor, work_dpi) = preprocess::prepare(img, dpi, self.min_dpi);
        let img_ref = work.as_ref().unwrap_or(img);
        let (ww, wh) = img_ref.dimensions();
        self.api
            .set_image(img_ref.as_raw(), ww as i32, wh as i32, 1, ww as i32)
            .map_err(|e| tess_err("SetImage", page_number, e))?;
        if let Some(d) = work_dpi {
            self.api
                .set_source_resolution(d as i32)
                .map_err(|e| tess_err("SetSourceResolution", page_number, e))?;
        }
        self.api
            .recognize()
            .map_err(|e| tess_err("recognition", page_number, e))?;
        let lines = self.collect_lines(factor, (w, h))?;
        let confs: Vec<f32> = lines
            .iter()
            .flat_map(|l| l.words.iter().map(|w| w.confidence))
            .collect();
        let ocr_confidence = if confs.is_empty() {
            None
        } else {
            Some(confs.iter().sum::<f32>() / confs.len() as f32)
        };
        // Free Tesseract's page data now rather than at the next SetImage.
        let _ = self.api.clear();
        Ok(Page {
            number: page_number,
            method: PageMethod::Ocr,
            lines,
            text_layer: None,
            size: Some((w, h)),
            ocr_confidence,
            rotated: None,
            seconds: start.elapsed().as_secs_f64(),
        })
    }

    /// How far to turn `img` clockwise (90, 180 or 270) for its text to stand upright, by
    /// Tesseract's orientation detection; None for an upright page, an unsure answer, a page
    /// without enough text to tell, or when `osd.traineddata` is missing.
    fn orientation(&self, img: &GrayImage, dpi: Option<u32>) -> Option<u16> {
        let osd = self
            .osd
            .get_or_init(|| {
                let api = TesseractAPI::new();
                let ready = api.init(&self.tessdata, "osd").is_ok()
                    && api.set_variable("debug_file", "/dev/null").is_ok()
                    && api.set_page_seg_mode(TessPageSegMode::PSM_OSD_ONLY).is_ok();
                if !ready {
                    // Said once per run: a page lying turned is then read as it lies.
                    static SAID: std::sync::Once = std::sync::Once::new();
                    SAID.call_once(|| {
                        eprintln!(
                            "warning: Tesseract's orientation model could not be loaded from {}; \
                             pages scanned sideways or upside down are read as they lie \
                             (apt-get install tesseract-ocr-osd)",
                            self.tessdata.display()
                        )
                    });
                }
                ready.then_some(api)
            })
            .as_ref()?;
        let (work, _, work_dpi) = preprocess::prepare(img, dpi, self.min_dpi);
        let img = work.as_ref().unwrap_or(img);
        let (w, h) = img.dimensions();
        osd.set_image(img.as_raw(), w as i32, h as i32, 1, w as i32)
            .ok()?;
        if let Some(d) = work_dpi {
            osd.set_source_resolution(d as i32).ok()?;
        }
        let found = osd.detect_os();
        let _ = osd.clear();
        // The detected clockwise rotation of the image; turning it back is the rest of a turn.
        let (deg, confidence, _, _) = found.ok()?;
        let turn = (360 - deg.rem_euclid(360)) % 360;
        (turn != 0 && confidence >= MIN_ORIENTATION_CONFIDENCE).then_some(turn as u16)
    }

    /// Walks the result symbol by symbol. A word (line) starts where the word (line) box
    /// changes: two distinct words or lines never share a box, and tesseract-rs exposes boxes
    /// and text at every level but not `IsAtBeginningOf` on the result iterator.
    fn collect_lines(&self, factor: f32, (w, h): (u32, u32)) -> Result<Vec<Line>> {
        let it = match self.api.get_iterator() {
            Ok(it) => it,
            // No text found at all: Tesseract returns no iterator.
            Err(_) => return Ok(vec![]),
        };
        let scale = |b: (i32, i32, i32, i32)| -> BBox {
            let f = |v: i32, max: u32| (((v.max(0) as f32) / factor).round() as u32).min(max);
            BBox {
                x0: f(b.0, w),
                y0: f(b.1, h),
                x1: f(b.2, w),
                y1: f(b.3, h),
            }
        };
        let mut lines: Vec<Line> = Vec::new();
        let mut line_box = None;
        let mut word_box = None;
        loop {
            let (Ok(lb), Ok(wb)) = (
                it.get_bounding_box(Level::RIL_TEXTLINE),
                it.get_bounding_box(Level::RIL_WORD),
            ) else {
                if !it.next(Level::RIL_SYMBOL).unwrap_or(false) {
                    break;
                }
                continue;
            };
            if line_box != Some(lb) {
                line_box = Some(lb);
                word_box = None;
                lines.push(Line {
                    text: String::new(),
                    words: vec![],
                    bbox: Some(scale(lb)),
                });
            }
            let line = lines.last_mut().expect("a line was pushed above");
            if word_box != Some(wb) {
                word_box = Some(wb);
                let text = it.get_utf8_text(Level::RIL_WORD).unwrap_or_default();
                let conf = it.confidence(Level::RIL_WORD).unwrap_or(0.0);
                line.words.push(Word {
                    text,
                    bbox: scale(wb),
                    confidence: (conf / 100.0).clamp(0.0, 1.0),
                    choices: vec![],
                });
            }
            if self.choices {
                let mut alts: Vec<(String, f32)> = Vec::new();
                if let Ok(ci) = it.get_choice_iterator() {
                    loop {
                        if let Ok(t) = ci.get_utf8_text() {
                            let c = ci.confidence().unwrap_or(0.0);
                            alts.push((t, (c / 100.0).clamp(0.0, 1.0)));
                        }
                        if !ci.next().unwrap_or(false) {
                            break;
                        }
                    }
                }
                line.words
                    .last_mut()
                    .expect("a word was pushed above")
                    .choices
                    .push(alts);
            }
            if !it.next(Level::RIL_SYMBOL).unwrap_or(false) {
                break;
            }
        }
        for line in &mut lines {
            line.words.retain(|w| !w.text.trim().is_empty());
            line.text_from_words();
            line.dashes_from_widths();
        }
        lines.retain(|l| !l.words.is_empty());
        Ok(lines)
    }
}

thread_local! {
    /// The calling thread's engines, one per distinct configuration (normally exactly one).
    static ENGINES: RefCell<Vec<(OcrConfig, Engine)>> = const { RefCell::new(Vec::new()) };
}

/// Runs `f` with this thread's [`Engine`] for `cfg`, creating it on first use.
///
/// Called from rayon workers, this gives one Tesseract instance per worker thread, reused for
/// every page that thread processes (loading the `vie` model takes a few tenths of a second).
pub fn with_engine<R>(cfg: &OcrConfig, f: impl FnOnce(&Engine) -> Result<R>) -> Result<R> {
    ENGINES.with(|cell| {
        let mut engines = cell.borrow_mut();
        let idx = match engines.iter().position(|(c, _)| c == cfg) {
            Some(i) => i,
            None => {
                engines.push((cfg.clone(), Engine::new(cfg)?));
                engines.len() - 1
            }
        };
        f(&engines[idx].1)
    })
}

/// Drops the engines of every thread of the current rayon pool and of the calling thread.
///
/// Call it when a run is over: Tesseract shares its dictionaries between instances and, if
/// instances are still alive when the process exits, prints "WARNING! LEAK!" lines to stderr.
pub fn release_engines() {
    rayon::broadcast(|_| ENGINES.with(|e| e.borrow_mut().clear()));
    ENGINES.with(|e| e.borrow_mut().clear());
}

/// Re-attributes an error raised for "page N" to the input file.
pub fn in_file(e: Error, file: &Path) -> Error {
    match e {
        Error::Resource { path, reason } if path.starts_with("page ") => Error::Resource {
            path: file.to_path_buf(),
            reason: format!("{}: {reason}", path.display()),
        },
        other => other,
    }
}

/// One decoded page of an image file, with its resolution when the file states it.
pub struct ImagePage {
    pub image: GrayImage,
    pub dpi: Option<u32>,
}

/// Decodes every page of a PNG, JPEG or TIFF (all directories of a multi-page TIFF).
pub fn decode_image_pages(path: &Path, bytes: &[u8]) -> Result<Vec<ImagePage>> {
    let format = image::guess_format(bytes).map_err(|_| {
        Error::invalid(
            path,
            "not a PNG, JPEG or TIFF image (unrecognised file signature)",
        )
    })?;
    match format {
        image::ImageFormat::Tiff => preprocess::decode_tiff(path, bytes),
        image::ImageFormat::Png | image::ImageFormat::Jpeg => {
            let img = image::load_from_memory_with_format(bytes, format)
                .map_err(|e| Error::invalid(path, format!("cannot decode image: {e}")))?;
            Ok(vec![ImagePage {
                image: img.to_luma8(),
                dpi: None,
            }])
        }
        other => Err(Error::invalid(
            path,
            format!("unsupported image format {other:?} (expected PNG, JPEG or TIFF)"),
        )),
    }
}

/// Reads and OCRs an image file: PNG, JPEG, or TIFF with any number of pages.
///
/// Pages are recognised in parallel on the current rayon pool; the document keeps page order.
pub fn read_image(path: &Path, cfg: &OcrConfig) -> Result<SourceDoc> {
    let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
    read_image_bytes(path, bytes, cfg)
}

/// [`read_image`] for a file already in memory (`path` names it in messages and the source
/// block), so a caller that read the file to recognise it does not read it again.
pub fn read_image_bytes(path: &Path, bytes: Vec<u8>, cfg: &OcrConfig) -> Result<SourceDoc> {
    let sha256 = kehoach_core::sha256_hex(&bytes);
    let pages_in = decode_image_pages(path, &bytes)?;
    drop(bytes);
    // Fail early and once, not once per page, when the model is missing.
    find_tessdata(cfg).map_err(|e| match e {
        Error::Resource { path: p, reason } => Error::Resource {
            path: path.to_path_buf(),
            reason: format!("{reason} ({})", p.display()),
        },
        other => other,
    })?;
    let pages: Vec<Page> = pages_in
        .par_iter()
        .enumerate()
        .map(|(i, p)| with_engine(cfg, |e| e.recognize_at(&p.image, i + 1, p.dpi)))
        .collect::<Result<_>>()
        .map_err(|e| in_file(e, path))?;
    Ok(SourceDoc {
        source: SourceInfo {
            file: path.display().to_string(),
            sha256,
            kind: SourceKind::Image,
            pages: pages.len(),
            encoding: None,
            page_info: page_info(&pages),
            companion: None,
        },
        pages,
    })
}

/// The per-page facts of the JSON `source` block.
pub fn page_info(pages: &[Page]) -> Vec<PageInfo> {
    pages
        .iter()
        .map(|p| PageInfo {
            page: p.number,
            method: p.method,
            ocr_confidence: p.ocr_confidence,
            rotated: p.rotated,
            seconds: p.seconds,
        })
        .collect()
}
