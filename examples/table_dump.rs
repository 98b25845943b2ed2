//! Prints the appendix table as kehoach reads it from a document (development aid):
//! `cargo run --example table_dump -- FILE [--no-restore]`.

fn main() {
    kehoach::ocr::ensure_single_openmp_thread();
    let path = std::path::PathBuf::from(std::env::args().nth(1).expect("usage: table_dump FILE"));
    let no_restore = std::env::args().any(|a| a == "--no-restore");
    let opts = kehoach::Options::default();
    let mut doc = kehoach::read_input(&path, &opts).expect("readable input");
    if !no_restore {
        kehoach::restorer(None)
            .expect("model")
            .restore_doc(&mut doc);
    }
    if let Ok(v) = std::env::var("DUMP_PAGE") {
        let n: usize = v.parse().expect("page number");
        for l in &doc.pages[n - 1].lines {
            for w in &l.words {
                println!(
                    "{:5} {:5} {:5} {:5} {:.2} {}",
                    w.bbox.x0, w.bbox.y0, w.bbox.x1, w.bbox.y1, w.confidence, w.text
                );
            }
        }
        return;
    }
    let Some(t) = kehoach::segment::appendix::read_table(&doc.pages) else {
        println!("no table");
        return;
    };
    for r in &t.rows {
        println!("{}", r.summary());
    }
    kehoach::ocr::release_engines();
}
