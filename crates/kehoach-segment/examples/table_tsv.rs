//! Prints the appendix table read from a Tesseract TSV file (development aid).
//! Usage: cargo run -p kehoach-segment --example table_tsv -- page.tsv

fn main() {
    let path = std::env::args().nth(1).expect("usage: table_tsv FILE.tsv");
    let tsv = std::fs::read_to_string(&path).expect("read TSV");
    let pages = kehoach_core::tsv::pages_from_tsv(&tsv).expect("parse TSV");
    match kehoach_segment::appendix::read_table(&pages) {
        None => println!("no appendix table found"),
        Some(t) if t.groups.is_empty() && t.rows.is_empty() => {}
        Some(t) => println!("{}", t.summary()),
    }
}
