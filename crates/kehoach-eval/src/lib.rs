//! Evaluation against answer keys (`fixtures/gold/*.gold.json`, format in FORMAT.md).
//!
//! Every accuracy figure in BENCHMARKS.md comes from here, so the comparison rules are written
//! once: titles and texts compare after NFC, canonical tone placement (hóa = hoá), white-space
//! folding and trimming of trailing punctuation; dates compare exactly; missing models count
//! against recall and every per-model score (a model never found has no right title).

pub mod structure;

pub use structure::{score_structure, Gold, StructScore};
