//! `kehoach-synth`: renders synthetic scans and learns the OCR channel model.
//!
//! Subcommands are small and composable so that scripts/make-synth-data.sh can run Tesseract
//! between them: `render` and `table` make scans, `corpus` makes learning pages, `channel`
//! turns OCR'd learning pages into the confusion table, `accuracy` and `stats` measure.

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};

use kehoach_synth::align::{self, Confusions};
use kehoach_synth::channel::{self, Lexicon};
use kehoach_synth::degrade::{Bilevel, Degrade, GrayPage};
use kehoach_synth::fonts::FontSet;
use kehoach_synth::markup::parse_document;
use kehoach_synth::pdf::write_image_pdf;
use kehoach_synth::render::{layout_document, Coverage, PageLayout, PageStyle};
use kehoach_synth::rng::Rng;
use kehoach_synth::scan::{self, Encoding};
use kehoach_synth::table;

#[derive(Parser)]
#[command(
    name = "kehoach-synth",
    about = "Synthetic scans of Vietnamese plans and the OCR channel model"
)]
struct Cli {
    #[command(subcommand)]
    cmd: Cmd,
}

#[derive(Subcommand)]
enum Cmd {
    /// Render a (Markdown-ish) text as a scanned document.
    Render(RenderArgs),
    /// Render the appendix table of a gold file (or a rows JSON) as a scanned document.
    Table(TableArgs),
    /// Generate learning pages (PNG + ground truth) for the channel model.
    Corpus(CorpusArgs),
    /// Build the confusion table from learning pages and their OCR output.
    Channel(ChannelArgs),
    /// Syllable accuracy of an OCR text against the truth.
    Accuracy(AccuracyArgs),
    /// Summary of a confusion table: size and top confusions (Markdown).
    Stats(StatsArgs),
    /// Check a channel table against confusions counted on a held-out scan (Markdown).
    Heldout(HeldoutArgs),
}

#[derive(Args)]
struct HeldoutArgs {
    /// The model table.
    #[arg(long)]
    table: PathBuf,
    /// Truth text, pages separated by form feeds (as `render --truth` writes it).
    #[arg(long)]
    truth: PathBuf,
    /// Directory of per-page OCR outputs p-000.<lang>.txt, p-001... (page order).
    #[arg(long)]
    ocr_pages: PathBuf,
    #[arg(long)]
    lang: String,
    #[arg(long, default_value_t = 15)]
    top: usize,
}

#[derive(Args, Clone)]
struct ScanOpts {
    /// Degradation preset: clean, light (office scan), heavy, fax.
    #[arg(long, default_value = "light")]
    preset: String,
    #[arg(long, default_value_t = 300.0)]
    dpi: f32,
    /// Font family key: liberation-serif, freeserif, noto-serif, dejavu-serif.
    #[arg(long, default_value = "liberation-serif")]
    font: String,
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Override: largest skew in degrees.
    #[arg(long)]
    skew: Option<f32>,
    /// Override: gaussian blur sigma in pixels.
    #[arg(long)]
    blur: Option<f32>,
    /// Override: gaussian noise sigma in grey levels.
    #[arg(long)]
    noise: Option<f32>,
    /// Override: JPEG quality (1-100).
    #[arg(long)]
    jpeg_quality: Option<u8>,
    /// Make pages bilevel (fax) with this threshold (0-255).
    #[arg(long)]
    threshold: Option<f32>,
    /// Fax speck probability per paper pixel.
    #[arg(long)]
    speckle: Option<f64>,
    /// PDF image encoding: jpeg, flate (1-bit), ccitt (1-bit G4). Default: jpeg, or ccitt
    /// for bilevel pages.
    #[arg(long)]
    encoding: Option<String>,
    /// Output PDF.
    #[arg(long)]
    pdf: Option<PathBuf>,
    /// Also write each page as an image into this directory.
    #[arg(long)]
    pages_dir: Option<PathBuf>,
    /// Page image format for --pages-dir: png or tiff.
    #[arg(long, default_value = "png")]
    image_format: String,
}

impl ScanOpts {
    fn degrade(&self) -> Result<Degrade, String> {
        let mut d = Degrade::preset(&self.preset).ok_or_else(|| {
            format!(
                "unknown preset '{}' (clean, light, heavy, fax)",
                self.preset
            )
        })?;
        if let Some(v) = self.skew {
            d.skew_deg = v;
        }
        if let Some(v) = self.blur {
            d.blur_sigma = v;
        }
        if let Some(v) = self.noise {
            d.noise_sigma = v;
        }
        if let Some(v) = self.jpeg_quality {
            d.jpeg_quality = v.clamp(1, 100);
        }
        if let Some(t) = self.threshold {
            let b = d.bilevel.get_or_insert(Bilevel {
                threshold: t,
                speckle: 0.0,
                dropout: 0.0,
            });
            b.threshold = t;
        }
        if let Some(s) = self.speckle {
            if let Some(b) = d.bilevel.as_mut() {
                b.speckle = s;
            }
        }
        Ok(d)
    }
}

#[derive(Args)]
struct RenderArgs {
    /// Text to render (Markdown markers are interpreted and removed).
    #[arg(long)]
    input: PathBuf,
    #[arg(long, default_value_t = 13.0)]
    pt: f32,
    /// Write the printed text (page by page, form feed between pages) here.
    #[arg(long)]
    truth: Option<PathBuf>,
    #[command(flatten)]
    scan: ScanOpts,
}

#[derive(Args)]
struct TableArgs {
    /// Gold file whose `appendix` and `models` give the rows.
    #[arg(long)]
    gold: Option<PathBuf>,
    /// Or a JSON list of rows {tt, model, lead, partners, support, deadline_text, platform}.
    #[arg(long)]
    rows: Option<PathBuf>,
    #[arg(long)]
    portrait: bool,
    #[arg(long, default_value_t = 11.0)]
    pt: f32,
    /// Title printed above the table on page 1.
    #[arg(long, default_value = "PHỤ LỤC")]
    title: String,
    /// Write the cell layout (boxes, wrapped lines) per page as JSON here.
    #[arg(long)]
    truth_json: Option<PathBuf>,
    #[command(flatten)]
    scan: ScanOpts,
}

#[derive(Args)]
struct CorpusArgs {
    /// hunspell-vi dictionary (vi_VN.dic).
    #[arg(long)]
    hunspell: Option<PathBuf>,
    /// pyvi words.txt.
    #[arg(long)]
    words: Option<PathBuf>,
    /// Real plan text to mix in (seed 003 only; never a test document).
    #[arg(long)]
    real: Option<PathBuf>,
    /// Share of paragraphs taken from --real.
    #[arg(long, default_value_t = 0.12)]
    real_share: f64,
    #[arg(long, default_value_t = 24)]
    pages: usize,
    /// Fonts to cycle through (comma-separated keys).
    #[arg(
        long,
        default_value = "liberation-serif,freeserif,noto-serif,dejavu-serif"
    )]
    fonts: String,
    /// Degradation presets to cycle through (comma-separated).
    #[arg(long, default_value = "clean,light,heavy,fax")]
    presets: String,
    #[arg(long, default_value_t = 1)]
    seed: u64,
    #[arg(long)]
    out_dir: PathBuf,
}

#[derive(Args)]
struct ChannelArgs {
    /// Directory written by `corpus`, with page-NNNN.<lang>.txt OCR outputs beside the pages.
    #[arg(long)]
    dir: PathBuf,
    /// OCR language suffix of the outputs to read (eng, vie).
    #[arg(long)]
    lang: String,
    #[arg(long)]
    out: PathBuf,
    /// Header lines (repeatable): source, command, date...
    #[arg(long)]
    header: Vec<String>,
}

#[derive(Args)]
struct AccuracyArgs {
    #[arg(long)]
    truth: PathBuf,
    #[arg(long)]
    ocr: PathBuf,
}

#[derive(Args)]
struct StatsArgs {
    #[arg(long)]
    table: PathBuf,
    #[arg(long, default_value_t = 25)]
    top: usize,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let r = match cli.cmd {
        Cmd::Render(a) => cmd_render(a),
        Cmd::Table(a) => cmd_table(a),
        Cmd::Corpus(a) => cmd_corpus(a),
        Cmd::Channel(a) => cmd_channel(a),
        Cmd::Accuracy(a) => cmd_accuracy(a),
        Cmd::Stats(a) => cmd_stats(a),
        Cmd::Heldout(a) => cmd_heldout(a),
    };
    match r {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("kehoach-synth: {e}");
            ExitCode::FAILURE
        }
    }
}

fn read(p: &Path) -> Result<String, String> {
    fs::read_to_string(p).map_err(|e| format!("{}: {e}", p.display()))
}

fn write(p: &Path, data: impl AsRef<[u8]>) -> Result<(), String> {
    if let Some(d) = p.parent() {
        if !d.as_os_str().is_empty() {
            fs::create_dir_all(d).map_err(|e| format!("{}: {e}", d.display()))?;
        }
    }
    fs::write(p, data).map_err(|e| format!("{}: {e}", p.display()))
}

fn save_page_image(g: &GrayPage, path: &Path) -> Result<(), String> {
    image::save_buffer(
        path,
        &g.to_luma8(),
        g.width,
        g.height,
        image::ExtendedColorType::L8,
    )
    .map_err(|e| format!("{}: {e}", path.display()))
}

/// Rasterises, degrades and writes pages as PDF and/or images (see [`scan::scan_page`]).
fn emit_scan(
    pages: &[PageLayout],
    fonts: &FontSet,
    style: &PageStyle,
    o: &ScanOpts,
    title: &str,
) -> Result<(), String> {
    let d = o.degrade()?;
    let encoding = match &o.encoding {
        Some(e) => {
            Encoding::parse(e).ok_or(format!("unknown encoding {e} (jpeg, flate, ccitt)"))?
        }
        None if d.bilevel.is_some() => Encoding::Ccitt,
        None => Encoding::Jpeg,
    };
    let mut images = Vec::new();
    if let Some(dir) = &o.pages_dir {
        fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    }
    for (i, p) in pages.iter().enumerate() {
        let s = scan::scan_page(p, i, fonts, style, &d, encoding, o.seed)?;
        if s.missing_glyphs > 0 {
            eprintln!(
                "warning: page {}: {} characters have no glyph in {}",
                i + 1,
                s.missing_glyphs,
                fonts.key
            );
        }
        if let Some(dir) = &o.pages_dir {
            let ext = match o.image_format.as_str() {
                "tiff" | "tif" => "tif",
                _ => "png",
            };
            save_page_image(&s.image, &dir.join(format!("page-{:04}.{ext}", i + 1)))?;
        }
        images.push(s.pdf_image);
    }
    if let Some(pdf) = &o.pdf {
        write(pdf, write_image_pdf(&images, style.dpi, title))?;
        eprintln!("wrote {} ({} pages)", pdf.display(), images.len());
    }
    Ok(())
}

fn cmd_render(a: RenderArgs) -> Result<(), String> {
    let fonts = FontSet::load(&a.scan.font).map_err(|e| e.to_string())?;
    let text = kehoach_core::text::nfc(&read(&a.input)?);
    let blocks = parse_document(&text);
    let style = PageStyle {
        dpi: a.scan.dpi,
        font_pt: a.pt,
        ..PageStyle::default()
    };
    let pages = layout_document(&blocks, &fonts, &style);
    if let Some(t) = &a.truth {
        let joined: Vec<String> = pages.iter().map(|p| p.truth()).collect();
        write(t, joined.join("\u{c}"))?;
    }
    let title = a
        .input
        .file_stem()
        .map(|s| s.to_string_lossy().to_string())
        .unwrap_or_default();
    emit_scan(&pages, &fonts, &style, &a.scan, &title)
}

fn cmd_table(a: TableArgs) -> Result<(), String> {
    let fonts = FontSet::load(&a.scan.font).map_err(|e| e.to_string())?;
    let rows: Vec<table::TableRow> = match (&a.gold, &a.rows) {
        (Some(g), _) => {
            let v: serde_json::Value =
                serde_json::from_str(&read(g)?).map_err(|e| e.to_string())?;
            table::rows_from_gold(&v)?
        }
        (None, Some(r)) => serde_json::from_str(&read(r)?).map_err(|e| e.to_string())?,
        (None, None) => return Err("give --gold or --rows".into()),
    };
    let mut style = table::default_table_style(a.scan.dpi);
    style.font_pt = a.pt;
    if a.portrait {
        style = style.landscape();
    }
    let (pages, truths) = table::layout_table(&rows, &fonts, &style, Some(&a.title));
    if let Some(t) = &a.truth_json {
        let v = serde_json::json!({
            "note": "cell boxes are page pixels at `dpi` before skew; rows[].row indexes the input rows",
            "rows": rows,
            "pages": truths,
        });
        write(
            t,
            serde_json::to_string_pretty(&v).map_err(|e| e.to_string())?,
        )?;
    }
    emit_scan(&pages, &fonts, &style, &a.scan, "appendix")
}

fn cmd_corpus(a: CorpusArgs) -> Result<(), String> {
    let mut lex = Lexicon::default();
    if let Some(h) = &a.hunspell {
        lex.syllables = Lexicon::load_hunspell(&read(h)?);
    }
    if let Some(w) = &a.words {
        lex.words = Lexicon::load_word_list(&read(w)?);
    }
    if let Some(r) = &a.real {
        let name = r
            .file_name()
            .map(|s| s.to_string_lossy().to_string())
            .unwrap_or_default();
        if name.starts_with("004") {
            return Err("seed 004 is the main test document and must not be learned from".into());
        }
        lex.real_paragraphs = Lexicon::load_paragraphs(&read(r)?);
    }
    if lex.syllables.is_empty() && lex.words.is_empty() {
        return Err("give --hunspell and/or --words".into());
    }
    let font_keys: Vec<&str> = a.fonts.split(',').map(str::trim).collect();
    let fonts: Vec<FontSet> = font_keys
        .iter()
        .map(|k| FontSet::load(k).map_err(|e| e.to_string()))
        .collect::<Result<_, _>>()?;
    let presets: Vec<(String, Degrade)> = a
        .presets
        .split(',')
        .map(|p| {
            Degrade::preset(p.trim())
                .map(|d| (p.trim().to_string(), d))
                .ok_or(format!("unknown preset {p}"))
        })
        .collect::<Result<_, _>>()?;
    fs::create_dir_all(&a.out_dir).map_err(|e| format!("{}: {e}", a.out_dir.display()))?;
    let mut manifest =
        String::from("page\tfont\tpreset\tdpi\tpt\tlines\tchars\treal_lines\treal_chars\n");
    let base = Rng::new(a.seed);
    let mut real_cursor = 0usize;
    for k in 0..a.pages {
        let fi = k % fonts.len();
        let (pname, d) = &presets[(k / fonts.len()) % presets.len()];
        let dpi = if pname == "fax" {
            if k % 2 == 0 {
                200.0
            } else {
                150.0
            }
        } else if k % 5 == 4 {
            200.0
        } else {
            300.0
        };
        let pt = [13.0, 12.0, 14.0, 13.5][k % 4];
        let mut rng = base.fork(k as u64);
        let (text, real) =
            channel::generate_document(&lex, &mut rng, 45, a.real_share, &mut real_cursor);
        let blocks = parse_document(&text);
        let style = PageStyle {
            dpi,
            font_pt: pt,
            ..PageStyle::default()
        };
        let mut pages = layout_document(&blocks, &fonts[fi], &style);
        let page = pages.swap_remove(0);
        // the real paragraphs are blocks 0, 2, 4...: paragraph k is block 2k
        let is_real = |b: usize| b % 2 == 0 && real.get(b / 2).copied().unwrap_or(false);
        let (cov, missing) =
            Coverage::render(&page, &fonts[fi], style.width_px(), style.height_px());
        if missing > 0 {
            eprintln!(
                "warning: page {}: {missing} characters without glyph in {}",
                k + 1,
                fonts[fi].key
            );
        }
        let g = d.apply(&cov, &mut rng.fork(99));
        let stem = format!("page-{:04}", k + 1);
        save_page_image(&g, &a.out_dir.join(format!("{stem}.png")))?;
        let truth = page.truth();
        write(&a.out_dir.join(format!("{stem}.gt.txt")), &truth)?;
        let real_lines: Vec<&str> = page
            .lines
            .iter()
            .filter(|l| is_real(l.block))
            .map(|l| l.text.as_str())
            .collect();
        manifest.push_str(&format!(
            "{stem}\t{}\t{pname}\t{dpi}\t{pt}\t{}\t{}\t{}\t{}\n",
            fonts[fi].key,
            page.lines.len(),
            truth.chars().filter(|&c| c != '\n').count(),
            real_lines.len(),
            real_lines.iter().map(|l| l.chars().count()).sum::<usize>(),
        ));
    }
    write(&a.out_dir.join("manifest.tsv"), manifest)?;
    eprintln!(
        "wrote {} learning pages to {}",
        a.pages,
        a.out_dir.display()
    );
    Ok(())
}

fn cmd_channel(a: ChannelArgs) -> Result<(), String> {
    let manifest = read(&a.dir.join("manifest.tsv"))?;
    let mut counts = Confusions::new();
    let mut all_ops = Vec::new();
    let (mut pages, mut lines, mut chars, mut real_lines, mut real_chars) =
        (0, 0usize, 0u64, 0usize, 0usize);
    let mut fonts = BTreeSet::new();
    let mut presets = BTreeSet::new();
    for row in manifest.lines().skip(1) {
        let f: Vec<&str> = row.split('\t').collect();
        if f.len() < 9 {
            continue;
        }
        let ocr_path = a.dir.join(format!("{}.{}.txt", f[0], a.lang));
        if !ocr_path.exists() {
            return Err(format!("missing OCR output {}", ocr_path.display()));
        }
        let truth: Vec<char> =
            kehoach_core::text::nfc(&read(&a.dir.join(format!("{}.gt.txt", f[0])))?)
                .chars()
                .collect();
        let ocr: Vec<char> = channel::clean_ocr(&read(&ocr_path)?).chars().collect();
        let ops = align::align_chars(&truth, &ocr);
        chars += align::count_confusions(&ops, &mut counts);
        all_ops.push(ops);
        pages += 1;
        lines += f[5].parse::<usize>().unwrap_or(0);
        real_lines += f[7].parse::<usize>().unwrap_or(0);
        real_chars += f[8].parse::<usize>().unwrap_or(0);
        fonts.insert(f[1].to_string());
        presets.insert(format!("{}@{}dpi", f[2], f[3]));
    }
    let wanted: BTreeSet<String> = counts
        .keys()
        .filter(|(t, o)| t != o && t.chars().count() >= 2)
        .map(|(t, _)| t.clone())
        .collect();
    for ops in &all_ops {
        align::add_ngram_identities(ops, &mut counts, &wanted);
    }
    let mut header = a.header.clone();
    header.push(format!(
        "learning pages: {pages}; truth lines: {lines}; truth characters (no newlines): {chars}; of which from seed 003: {real_lines} lines, {real_chars} characters"
    ));
    header.push(format!(
        "fonts: {}",
        fonts.into_iter().collect::<Vec<_>>().join(", ")
    ));
    header.push(format!(
        "degradations: {}",
        presets.into_iter().collect::<Vec<_>>().join(", ")
    ));
    header.push("alignment: weighted edit distance per page (same letter other marks 1, other substitution 3, insertion/deletion 2), lines kept apart: no pair spans a line break".into());
    header.push("rows: maximal runs of non-matching steps of at most 3 chars each side (longer runs split into single steps); identities for every matched char and for each multi-char truth n-gram that occurs in a confusion".into());
    header.push("format: truth<TAB>ocr<TAB>count; NFC; fields are literal (may be one space); an empty field means nothing".into());
    let n = counts.len();
    write(&a.out, channel::write_table(&counts, &header))?;
    eprintln!("wrote {} ({n} rows, {chars} truth chars)", a.out.display());
    Ok(())
}

fn cmd_accuracy(a: AccuracyArgs) -> Result<(), String> {
    let t = align::syllables(&read(&a.truth)?);
    let o = align::syllables(&read(&a.ocr)?);
    let s = align::score_tokens(&t, &o);
    println!(
        "truth_syllables={} ocr_syllables={} correct={} edits={} accuracy={:.4}",
        s.truth_tokens,
        s.ocr_tokens,
        s.correct,
        s.edits,
        s.accuracy()
    );
    Ok(())
}

fn show(s: &str) -> String {
    if s.is_empty() {
        "∅".into()
    } else {
        format!("`{}`", s.replace(' ', "␠"))
    }
}

fn cmd_stats(a: StatsArgs) -> Result<(), String> {
    let c = channel::read_table(&read(&a.table)?);
    let identity: u64 = c
        .iter()
        .filter(|((t, o), _)| t == o && t.chars().count() == 1)
        .map(|(_, n)| n)
        .sum();
    let errors: Vec<(&(String, String), &u64)> = c.iter().filter(|((t, o), _)| t != o).collect();
    let err_total: u64 = errors.iter().map(|(_, n)| **n).sum();
    let mut top = errors.clone();
    top.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
    println!(
        "rows: {}; matched characters: {identity}; confusion events: {err_total}\n",
        c.len()
    );
    println!("| truth | ocr | count | P(ocr given truth) |\n|---|---|---|---|");
    for ((t, o), n) in top.into_iter().take(a.top) {
        if t.is_empty() {
            // an insertion has no truth n-gram to condition on
            println!("| {} | {} | {n} | – |", show(t), show(o));
            continue;
        }
        let tot: u64 = c
            .iter()
            .filter(|((tt, _), _)| tt == t)
            .map(|(_, n)| n)
            .sum();
        println!(
            "| {} | {} | {n} | {:.3} |",
            show(t),
            show(o),
            *n as f64 / tot as f64
        );
    }
    Ok(())
}

fn cmd_heldout(a: HeldoutArgs) -> Result<(), String> {
    let model = channel::read_table(&read(&a.table)?);
    let truth = kehoach_core::text::nfc(&read(&a.truth)?);
    let mut held = Confusions::new();
    let mut chars = 0;
    for (i, page) in truth.split('\u{c}').enumerate() {
        let p = a.ocr_pages.join(format!("p-{i:03}.{}.txt", a.lang));
        let ocr: Vec<char> = channel::clean_ocr(&read(&p)?).chars().collect();
        let t: Vec<char> = page.chars().collect();
        chars += align::count_confusions(&align::align_chars(&t, &ocr), &mut held);
    }
    let r = channel::agreement(&model, &held);
    println!(
        "held-out truth characters: {chars}; error events: {}; events whose (truth, ocr) pair is in the table: {:.1}%; frequency-weighted total variation between P(ocr|truth) of table and held-out (single chars): {:.3}\n",
        r.heldout_errors,
        100.0 * r.pair_coverage,
        r.weighted_tv
    );
    let p = |c: &Confusions, t: &str, o: &str| -> f64 {
        let tot: u64 = c
            .iter()
            .filter(|((tt, _), _)| tt == t)
            .map(|(_, n)| n)
            .sum();
        let n = c.get(&(t.to_string(), o.to_string())).copied().unwrap_or(0);
        if tot == 0 {
            0.0
        } else {
            n as f64 / tot as f64
        }
    };
    let mut top: Vec<(&(String, String), &u64)> = held
        .iter()
        .filter(|((t, o), _)| t != o && !t.is_empty())
        .collect();
    top.sort_by(|x, y| y.1.cmp(x.1).then(x.0.cmp(y.0)));
    println!("| truth | ocr | held-out count | P held-out | P table |\n|---|---|---|---|---|");
    for ((t, o), n) in top.into_iter().take(a.top) {
        println!(
            "| {} | {} | {n} | {:.3} | {:.3} |",
            show(t),
            show(o),
            p(&held, t, o),
            p(&model, t, o)
        );
    }
    Ok(())
}
