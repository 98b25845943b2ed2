//! Times the stages of one page (probe, render, OCR) to see where a page's seconds go.
//! `cargo run --release -p kehoach-pdf --example stages -- FILE.pdf [PAGE]`
use std::time::Instant;

/// CPU seconds used by the calling thread (from /proc; 10 ms resolution): the machine is
/// shared, so wall time alone says little about a stage's cost.
fn cpu() -> f64 {
    let s = std::fs::read_to_string("/proc/thread-self/stat").unwrap();
    let f: Vec<&str> = s.rsplit(')').next().unwrap().split_whitespace().collect();
    (f[11].parse::<f64>().unwrap() + f[12].parse::<f64>().unwrap()) / 100.0
}
fn main() {
    kehoach_ocr::ensure_single_openmp_thread();
    let f = std::env::args().nth(1).expect("FILE.pdf");
    let n: usize = std::env::args().nth(2).map_or(1, |s| s.parse().unwrap());
    let data = std::sync::Arc::new(std::fs::read(f).unwrap());
    let (t, c) = (Instant::now(), cpu());
    let pdf = hayro::hayro_interpret::hayro_syntax::Pdf::new(data).unwrap();
    let page = &pdf.pages()[n - 1];
    eprintln!(
        "open {:.3}s wall {:.2}s cpu",
        t.elapsed().as_secs_f64(),
        cpu() - c
    );
    let (t, c) = (Instant::now(), cpu());
    let probe = kehoach_pdf::layer::Probe::run(page);
    eprintln!(
        "probe {:.3}s wall {:.2}s cpu dpi {:?} images {:?}",
        t.elapsed().as_secs_f64(),
        cpu() - c,
        probe.scan_dpi(),
        probe.images
    );
    let (t, c) = (Instant::now(), cpu());
    let img = kehoach_pdf::render_gray(page, 300.0 / 72.0);
    eprintln!(
        "render {:.3}s wall {:.2}s cpu {:?}",
        t.elapsed().as_secs_f64(),
        cpu() - c,
        img.dimensions()
    );
    let cfg = kehoach_ocr::OcrConfig::default();
    let (t, c) = (Instant::now(), cpu());
    let e = kehoach_ocr::Engine::new(&cfg).unwrap();
    eprintln!(
        "engine {:.3}s wall {:.2}s cpu",
        t.elapsed().as_secs_f64(),
        cpu() - c
    );
    let (t, c) = (Instant::now(), cpu());
    let p = e.recognize_at(&img, n, Some(300)).unwrap();
    eprintln!(
        "ocr {:.3}s wall {:.2}s cpu ({} lines)",
        t.elapsed().as_secs_f64(),
        cpu() - c,
        p.lines.len()
    );
    let cfg2 = kehoach_ocr::OcrConfig {
        choices: false,
        ..Default::default()
    };
    let e2 = kehoach_ocr::Engine::new(&cfg2).unwrap();
    let (t, c) = (Instant::now(), cpu());
    let _ = e2.recognize_at(&img, n, Some(300)).unwrap();
    eprintln!(
        "ocr without choices {:.3}s wall {:.2}s cpu",
        t.elapsed().as_secs_f64(),
        cpu() - c
    );
}
