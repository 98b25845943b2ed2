//! Embeds the learned OCR channel tables when they exist in dictionaries/channel/.
//!
//! The tables are produced by the synthetic-scan pipeline (another crate of the workspace) and
//! may be absent from a checkout that predates them; the hand-written table is always embedded.
//! Copying them to OUT_DIR (empty when absent) lets the crate build either way while the shipped
//! binary still carries whatever table the repository holds.
use std::path::Path;

fn main() {
    let out = std::env::var("OUT_DIR").unwrap();
    for name in ["eng.tsv", "vie.tsv"] {
        let src = Path::new("../../dictionaries/channel").join(name);
        println!("cargo:rerun-if-changed={}", src.display());
        let text = std::fs::read_to_string(&src).unwrap_or_default();
        std::fs::write(Path::new(&out).join(name), text).unwrap();
    }
    println!("cargo:rerun-if-changed=../../dictionaries/channel");
}
