//! kehoach: scanned Vietnamese Đề án 06 plans to clean text and structured JSON.
//!
//! This facade wires the pipeline stages (each its own crate) together and runs batches:
//! ingest → restore → segment → export. It holds no stage logic itself; see the crates:
//! `kehoach-core` (shared types), `kehoach-ingest`, `kehoach-segment`, `kehoach-export`,
//! `kehoach-eval`.

pub mod batch;

pub use kehoach_core as core;
pub use kehoach_eval as eval;
pub use kehoach_export as export;
pub use kehoach_ingest as ingest;
pub use kehoach_segment as segment;

use kehoach_core::{Extraction, Result, SourceDoc, SCHEMA_VERSION};
use std::path::Path;

/// What a run should do beyond the defaults.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Skip restoration (the text is taken as it is).
    pub no_restore: bool,
}

/// One processed document: the JSON structure and the restored full text.
#[derive(Debug, Clone)]
pub struct Processed {
    pub extraction: Extraction,
    pub text: String,
}

/// Runs restoration, segmentation and assembly on an ingested document.
pub fn process(mut doc: SourceDoc, opts: &Options) -> Processed {
    let restoration = if opts.no_restore {
        None
    } else {
        restore_doc(&mut doc)
    };
    let seg = kehoach_segment::segment(&doc);
    let text = doc.text();
    Processed {
        extraction: Extraction {
            schema_version: SCHEMA_VERSION,
            source: doc.source,
            document: seg.document,
            groups: seg.groups,
            models: seg.models,
            restoration,
            warnings: seg.warnings,
        },
        text,
    }
}

/// Restores the document's text in place. Restoration is not part of this build yet, so the
/// text passes through unchanged and no report is produced.
fn restore_doc(_doc: &mut SourceDoc) -> Option<kehoach_core::RestorationReport> {
    None
}

/// Reads and processes one file.
pub fn process_file(path: &Path, opts: &Options) -> Result<Processed> {
    let doc = kehoach_ingest::read(path)?;
    Ok(process(doc, opts))
}

/// Restores one text (line breaks kept).
pub fn restore_text(text: &str) -> String {
    text.to_string()
}
