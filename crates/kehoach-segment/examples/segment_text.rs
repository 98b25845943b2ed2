//! Segments a text file and prints what the appendix reader sees (development aid).
//! Usage: cargo run -p kehoach-segment --example segment_text -- plan.txt

fn main() {
    let path = std::env::args().nth(1).expect("usage: segment_text FILE");
    let text = std::fs::read_to_string(&path).expect("read");
    let lines = kehoach_segment::prep::prepare(text.lines().map(|l| (None, l)));
    let body = kehoach_segment::body::read_body(&lines);
    println!("models {} body end {}", body.models.len(), body.end);
    match kehoach_segment::appendix_text::read_table_text(&lines, body.end, &body.models) {
        None => println!("no table"),
        Some(t) if t.groups.is_empty() && t.rows.is_empty() => {}
        Some(t) => println!("{}", t.summary()),
    }
}
