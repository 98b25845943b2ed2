//! Ingest: turn an input file into a [`SourceDoc`].
//!
//! This crate decides what a file is (by content first, extension second, because archives are
//! full of misnamed files) and decodes text in whatever encoding it came in (UTF-8, UTF-16, and
//! the legacy 8-bit TCVN3 and VNI encodings of older Vietnamese documents). PDFs and images go
//! to their own readers (`kehoach-pdf`, `kehoach-ocr`); the `kehoach` facade dispatches. Every failure names the file and says why in one line, so
//! one bad file in a batch of hundreds is easy to find and does not stop the others.

pub mod discover;
pub mod legacy;
pub mod sniff;
pub mod text;

pub use discover::{collect_inputs, is_supported_extension};
pub use sniff::{sniff, FileType};

pub use kehoach_core::sha256_hex;
use kehoach_core::{Error, Result, SourceDoc};
use std::path::Path;

/// Reads one input file of any supported kind.
pub fn read(path: &Path) -> Result<SourceDoc> {
    let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
    read_bytes(path, &bytes)
}

/// Like [`read`] for bytes already in memory (`path` is used for messages and the source block).
pub fn read_bytes(path: &Path, bytes: &[u8]) -> Result<SourceDoc> {
    if bytes.is_empty() {
        return Err(Error::invalid(path, "empty file"));
    }
    match sniff(path, bytes) {
        FileType::Text => text::read_text(path, bytes),
        // PDFs and images are read by kehoach-pdf and kehoach-ocr; the caller dispatches.
        FileType::Pdf => Err(Error::invalid(path, "a PDF, not a text file")),
        FileType::Image(kind) => Err(Error::invalid(
            path,
            format!("a {kind} image, not a text file"),
        )),
        FileType::Binary(what) => Err(Error::invalid(
            path,
            format!("not a document kehoach can read ({what})"),
        )),
    }
}
