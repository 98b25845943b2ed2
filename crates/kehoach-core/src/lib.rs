//! Shared types of the kehoach pipeline.
//!
//! Every stage (ingest → OCR → restore → segment → export) talks to the next one only through
//! the types defined here, so a stage can be replaced or tested on its own. The crate has no
//! behaviour beyond small, pure helpers that several stages need (Unicode normalisation,
//! Vietnamese tone handling), kept here so there is exactly one definition of each.

pub mod align;
pub mod error;
pub mod input;
pub mod lexicon;
pub mod output;
pub mod text;
pub mod tsv;

pub use error::{Error, Result};
pub use input::{
    BBox, CompanionFile, Line, Page, PageInfo, PageMethod, SourceDoc, SourceInfo, SourceKind, Word,
};
pub use output::{
    Appendix, Deadline, DocumentHeader, Extraction, Fields, Group, LowConfidenceToken, Model,
    ModelSource, OtherCell, Producer, RestorationReport, Warning, SCHEMA_VERSION,
};

/// Hex SHA-256 of a file's bytes: the JSON `source.sha256`, and the key incremental runs use to
/// tell whether an input changed.
pub fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::{Digest, Sha256};
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}
