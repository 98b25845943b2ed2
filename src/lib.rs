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
pub use kehoach_ocr as ocr;
pub use kehoach_pdf as pdf;
pub use kehoach_restore as restore;
pub use kehoach_segment as segment;

use kehoach_core::{Extraction, Result, SourceDoc, SCHEMA_VERSION};
use std::path::Path;
use std::sync::OnceLock;

/// What a run should do beyond the defaults.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// PDF text layers and OCR: when to OCR, which Tesseract language model.
    pub pdf: kehoach_pdf::PdfOptions,
    /// Skip restoration (the text is taken as it is).
    pub no_restore: bool,
    /// Evaluation only: restore with a model that leaves this bundled seed plan out.
    pub leave_out: Option<String>,
    /// Another copy of the same document, damaged another way (the OCR text of a plan and
    /// its PDF's broken text layer): restored on its own and used as evidence.
    pub companion: Option<std::path::PathBuf>,
    /// In a batch, find the documents that are copies of one plan and read each pair together
    /// (see [`batch`]).
    pub pair_copies: bool,
}

impl Options {
    /// The program and the settings that change an output, as outputs record them
    /// (`producer`). The companion file is not among them: an output read with one is never
    /// taken as up to date.
    pub fn producer(&self) -> kehoach_core::Producer {
        let mut settings = vec![
            if self.no_restore {
                "no-restore".to_string()
            } else {
                "restore".to_string()
            },
            format!("ocr {:?}", self.pdf.ocr).to_lowercase(),
            format!("lang {}", self.pdf.ocr_config.lang),
        ];
        if let Some(seed) = &self.leave_out {
            settings.push(format!("leave-out {seed}"));
        }
        if self.pair_copies {
            settings.push("pair-copies".into());
        }
        kehoach_core::Producer {
            version: env!("CARGO_PKG_VERSION").into(),
            build: env!("KEHOACH_BUILD").into(),
            settings: settings.join(", "),
        }
    }
}

/// One processed document: the JSON structure and the restored full text.
#[derive(Debug, Clone)]
pub struct Processed {
    pub extraction: Extraction,
    pub text: String,
}

/// Another copy of a document, restored on its own: the evidence it gives its words, the
/// structure segmentation found in it, and its file.
pub struct OtherCopy {
    pub evidence: kehoach_restore::companion::Companion,
    pub structure: kehoach_segment::fuse::OtherStructure,
    pub file: kehoach_core::CompanionFile,
}

/// Runs restoration, segmentation and assembly on an ingested document.
pub fn process(doc: SourceDoc, opts: &Options) -> Result<Processed> {
    let other = match (&opts.companion, opts.no_restore) {
        (Some(path), false) => Some(companion_of(path, opts)?),
        _ => None,
    };
    process_with(doc, opts, other.as_ref())
}

/// [`process`] with another copy of the document already read (`opts.companion` is not
/// looked at).
pub fn process_with(
    mut doc: SourceDoc,
    opts: &Options,
    other: Option<&OtherCopy>,
) -> Result<Processed> {
    let mut other_used = None;
    let restoration = if opts.no_restore {
        None
    } else {
        let r = restorer(opts.leave_out.as_deref())?;
        let (report, used) = r.restore_doc_checked(&mut doc, other.map(|o| &o.evidence));
        other_used = other.map(|o| (o, used));
        Some(report)
    };
    let mut seg = kehoach_segment::segment(&doc);
    match other_used {
        // What this copy lacks (a header block, readable group headings) the other may have.
        Some((o, true)) => {
            doc.source.companion = Some(o.file.clone());
            kehoach_segment::fuse::fill_from_other_copy(&mut seg, &o.structure);
        }
        Some((o, false)) => seg.warnings.push(kehoach_core::Warning::document(
            "other_copy_differs",
            format!(
                "{} is not a copy of this document (it shares too little of its text): read \
                 without it",
                o.file.file
            ),
        )),
        None => {}
    }
    let text = doc.text();
    Ok(Processed {
        extraction: Extraction {
            schema_version: SCHEMA_VERSION,
            producer: Some(opts.producer()),
            source: doc.source,
            document: seg.document,
            groups: seg.groups,
            models: seg.models,
            restoration,
            warnings: seg.warnings,
        },
        text,
    })
}

/// The restoration model, built once per process (tens of milliseconds) and shared by every
/// worker thread: the shipped one, or for evaluation one that leaves a seed plan out. A process
/// uses one model; asking for another after the first is an error, not a silent substitution.
pub fn restorer(leave_out: Option<&str>) -> Result<&'static kehoach_restore::Restorer> {
    type Built = (
        Option<String>,
        std::result::Result<kehoach_restore::Restorer, String>,
    );
    static RESTORER: OnceLock<Built> = OnceLock::new();
    let (built_for, model) = RESTORER.get_or_init(|| {
        let m = match leave_out {
            None => kehoach_restore::Restorer::shipped(),
            Some(plan) => kehoach_restore::Restorer::shipped_without(plan),
        };
        (leave_out.map(str::to_string), m.map_err(|e| e.to_string()))
    });
    let resource = |reason: String| kehoach_core::Error::Resource {
        path: "dictionaries".into(),
        reason,
    };
    if built_for.as_deref() != leave_out {
        return Err(resource(
            "one restoration model per process; --leave-out differs between calls".into(),
        ));
    }
    model
        .as_ref()
        .map_err(|e| resource(format!("restoration model failed to load: {e}")))
}

/// Reads one input of any supported kind: text and Markdown by `kehoach-ingest`, PDFs by
/// `kehoach-pdf` (text layer or OCR per page), images by `kehoach-ocr`. The file's content
/// decides, not its name.
pub fn read_input(path: &Path, opts: &Options) -> Result<SourceDoc> {
    let bytes = std::fs::read(path).map_err(|e| kehoach_core::Error::io(path, e))?;
    if bytes.is_empty() {
        return Err(kehoach_core::Error::invalid(path, "empty file"));
    }
    let kind = kehoach_ingest::sniff(path, &bytes);
    // A name that promises a PDF or an image must be kept: a renamed file is a mistake the
    // user should hear about, not something to read as whatever it turns out to be.
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .unwrap_or_default();
    let promised = match ext.as_str() {
        "pdf" => Some("a PDF"),
        "png" | "jpg" | "jpeg" | "tif" | "tiff" => Some("an image"),
        _ => None,
    };
    let delivers = match kind {
        kehoach_ingest::FileType::Pdf => "a PDF",
        kehoach_ingest::FileType::Image(_) => "an image",
        kehoach_ingest::FileType::Text => "text",
        kehoach_ingest::FileType::Binary(what) => what,
    };
    if let Some(p) = promised {
        if p != delivers {
            return Err(kehoach_core::Error::invalid(
                path,
                format!("named .{ext} but is not {p} (its content is {delivers})"),
            ));
        }
    }
    match kind {
        kehoach_ingest::FileType::Pdf => kehoach_pdf::read_pdf(path, &opts.pdf),
        kehoach_ingest::FileType::Image(_) => kehoach_ocr::read_image(path, &opts.pdf.ocr_config),
        _ => kehoach_ingest::read_bytes(path, &bytes),
    }
}

/// Reads another copy of a document and restores it on its own: the evidence
/// [`Options::companion`] gives the restoration of the document itself, and the file it came
/// from (recorded in the output's `source.companion`).
pub fn companion_of(path: &Path, opts: &Options) -> Result<OtherCopy> {
    let mut other = read_input(path, opts)?;
    let raw = other.text();
    restorer(opts.leave_out.as_deref())?.restore_doc(&mut other);
    let structure = kehoach_segment::segment(&other).into();
    Ok(other_copy(&raw, &other.text(), &other.source, structure))
}

/// The evidence of another copy from its text as read (`raw`) and as restored alone, and the
/// structure found in it.
pub fn other_copy(
    raw: &str,
    restored: &str,
    source: &kehoach_core::SourceInfo,
    structure: kehoach_segment::fuse::OtherStructure,
) -> OtherCopy {
    OtherCopy {
        evidence: kehoach_restore::companion::Companion::from_texts(raw, restored),
        structure,
        file: kehoach_core::CompanionFile {
            file: source.file.clone(),
            sha256: source.sha256.clone(),
        },
    }
}

/// Restores one text (line breaks kept) as [`Options`] say: with a model that leaves a seed
/// plan out, with another copy of the document as evidence. The flag says whether the other
/// copy was used: it is not when the text is not the other copy's document.
pub fn restore_text(
    text: &str,
    opts: &Options,
) -> Result<(String, kehoach_core::RestorationReport, bool)> {
    let companion = match &opts.companion {
        Some(path) => Some(companion_of(path, opts)?.evidence),
        None => None,
    };
    Ok(restorer(opts.leave_out.as_deref())?.restore_text_checked(text, companion.as_ref()))
}
