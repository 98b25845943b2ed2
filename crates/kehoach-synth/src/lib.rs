//! kehoach-synth: synthetic scanned plans and the learned OCR channel model.
//!
//! Every other stage of kehoach is measured against material made here: clean text rendered to
//! A4 pages the way a typed plan looks ([`render`], [`markup`], [`table`]), degraded like an
//! office scan or a fax ([`degrade`]), saved as image-only PDFs ([`pdf`], [`ccitt`]) or image
//! files; and the character confusion counts of Tesseract on such pages ([`align`],
//! [`channel`]), which the restoration engine uses as its noisy-channel model.

pub mod align;
pub mod ccitt;
pub mod channel;
pub mod degrade;
pub mod fonts;
pub mod markup;
pub mod pdf;
pub mod render;
pub mod rng;
pub mod scan;
pub mod table;
