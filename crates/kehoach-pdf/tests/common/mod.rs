//! Helpers shared by the integration tests: fixture paths and the truth texts.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

/// A file under the repository's `fixtures/`.
pub fn fixture(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../fixtures")
        .join(rel)
}

/// The seed text a scan was rendered from, Markdown markers removed.
pub fn truth(seed: &str) -> String {
    let raw = std::fs::read_to_string(fixture(&format!("seeds/{seed}"))).expect("seed text");
    kehoach_ocr::metric::strip_markdown(&raw)
}

/// A scratch directory for files the tests write (inside the cargo target directory).
pub fn scratch(name: &str) -> PathBuf {
    let d = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    std::fs::create_dir_all(&d).expect("scratch dir");
    d
}
