//! Reads PDFs or images and prints their text, or the whole document as JSON with `--json`.
//!
//! `cargo run --release -p kehoach-pdf --example extract -- [--json] [--ocr=auto|always|never]
//! [--lang=vie] [--min-dpi=N] FILE...` — one line per file on stderr with kind, pages, seconds; a failing file
//! prints its one-line error and the batch goes on.

use kehoach_pdf::{read_document, OcrMode, PdfOptions};
use std::path::Path;
use std::time::Instant;

fn main() {
    kehoach_ocr::ensure_single_openmp_thread();
    let mut opts = PdfOptions::default();
    let mut json = false;
    let mut files = Vec::new();
    for a in std::env::args().skip(1) {
        if a == "--json" {
            json = true;
        } else if let Some(m) = a.strip_prefix("--ocr=") {
            opts.ocr = m.parse::<OcrMode>().unwrap_or_else(|e| panic!("{e}"));
        } else if let Some(d) = a.strip_prefix("--min-dpi=") {
            opts.ocr_config.min_dpi = d.parse().expect("--min-dpi=N");
        } else if let Some(l) = a.strip_prefix("--lang=") {
            opts.ocr_config.lang = l.to_string();
        } else {
            files.push(a);
        }
    }
    let mut failed = 0;
    for f in &files {
        let t = Instant::now();
        let p = Path::new(f);
        let doc = read_document(p, &opts);
        match doc {
            Ok(doc) => {
                eprintln!(
                    "{f}: {:?}, {} pages, {:.2} s, methods {:?}, conf {:?}",
                    doc.source.kind,
                    doc.source.pages,
                    t.elapsed().as_secs_f64(),
                    doc.pages.iter().map(|p| p.method).collect::<Vec<_>>(),
                    doc.pages
                        .iter()
                        .map(|p| p.ocr_confidence)
                        .collect::<Vec<_>>(),
                );
                if json {
                    println!("{}", serde_json::to_string(&doc).expect("serialisable"));
                } else {
                    print!("{}", doc.text());
                }
            }
            Err(e) => {
                failed += 1;
                eprintln!("error: {e}");
            }
        }
    }
    kehoach_ocr::release_engines();
    if failed > 0 {
        std::process::exit(1);
    }
}
