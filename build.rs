//! The build's fingerprint: a hash of every source and data file that can change an output
//! (the crates' code, the dictionaries, the language model's seed texts, the schema, the
//! locked dependency versions). Outputs record it, so the nightly incremental run reads a
//! document again after kehoach itself changed, not only when the document did. Tests and
//! benchmarks are left out: they change no output.

use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};

fn collect(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let p = e.path();
        let name = e.file_name();
        if p.is_dir() {
            if !matches!(name.to_str(), Some("tests" | "benches" | "target")) {
                collect(&p, out);
            }
        } else {
            out.push(p);
        }
    }
}

fn main() {
    let mut files = Vec::new();
    // The seeds and their answer keys are the language model's training text.
    for dir in [
        "src",
        "crates",
        "dictionaries",
        "schemas",
        "fixtures/seeds",
        "fixtures/gold",
    ] {
        println!("cargo:rerun-if-changed={dir}");
        collect(Path::new(dir), &mut files);
    }
    for file in ["Cargo.lock", "build.rs"] {
        println!("cargo:rerun-if-changed={file}");
        files.push(PathBuf::from(file));
    }
    files.sort();
    let mut h = Sha256::new();
    for f in &files {
        h.update(f.to_string_lossy().as_bytes());
        h.update([0]);
        h.update(std::fs::read(f).unwrap_or_default());
    }
    let hex: String = h.finalize()[..8]
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    println!("cargo:rustc-env=KEHOACH_BUILD={hex}");
}
