//! kehoach-synth: synthetic scanned plans and the learned OCR channel model.
//!
//! Every other stage of kehoach is measured against material made here: clean text rendered to
//! A4 pages the way a typed plan looks ([`render`], [`markup`], [`table`]), degraded like an
//! office scan or a fax ([`degrade`]), saved as image-only PDFs ([`pdf`], [`ccitt`]) or image
//! files; and the character confusion counts of Tesseract on such pages ([`align`],
//! [`channel`]), which the restoration engine uses as its noisy-channel model.
//!
//! The binary `kehoach-synth` drives it; `scripts/make-synth-data.sh` regenerates every
//! artefact. Typical calls:
//!
//! ```text
//! kehoach-synth render --input plan.md --pdf scan.pdf --preset light --dpi 300 --seed 4
//! kehoach-synth render --input plan.md --pdf fax.pdf --preset fax --dpi 150 --encoding ccitt
//! kehoach-synth render --input plan.md --pages-dir pages/ --image-format tiff --preset clean
//! kehoach-synth table --gold fixtures/gold/000.gold.json --pdf table.pdf --truth-json cells.json
//! kehoach-synth corpus --hunspell vi_VN.dic --words words.txt --real 003.txt --pages 192 --out-dir c/
//! kehoach-synth channel --dir c/ --lang eng --out dictionaries/channel/eng.tsv
//! kehoach-synth accuracy --truth truth.txt --ocr ocr.txt
//! ```
//!
//! Fonts come from the system (Debian: fonts-liberation2, fonts-freefont-ttf, fonts-noto-core,
//! fonts-dejavu-core); none are committed.

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
