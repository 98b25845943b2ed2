//! What ingest hands to the later stages: a document as pages of lines, with OCR evidence.
//!
//! Text input becomes one page whose lines have no word boxes. PDFs and images become one page per
//! physical page; OCR'd lines carry their words with boxes, confidences and, where Tesseract gives
//! them, per-symbol alternatives, because restoration and the appendix-table reader need them.

use serde::{Deserialize, Serialize};

/// Axis-aligned box in page pixels (origin top-left).
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
pub struct BBox {
    pub x0: u32,
    pub y0: u32,
    pub x1: u32,
    pub y1: u32,
}

impl BBox {
    /// Smallest box covering both.
    pub fn union(&self, other: &BBox) -> BBox {
        BBox {
            x0: self.x0.min(other.x0),
            y0: self.y0.min(other.y0),
            x1: self.x1.max(other.x1),
            y1: self.y1.max(other.y1),
        }
    }
}

/// One recognised word.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Word {
    pub text: String,
    pub bbox: BBox,
    /// Recognition confidence in 0..=1 (Tesseract's 0..100 scaled).
    pub confidence: f32,
    /// Per recognised symbol, the alternatives Tesseract considered with their probabilities
    /// (empty when the engine gave none). Restoration uses them as channel evidence.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub choices: Vec<Vec<(String, f32)>>,
}

/// One line of text as it appeared on the page.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Line {
    pub text: String,
    /// Words with boxes; empty for plain-text input and text layers without geometry.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub words: Vec<Word>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bbox: Option<BBox>,
}

impl Line {
    /// A line with text only.
    pub fn plain(text: impl Into<String>) -> Self {
        Line {
            text: text.into(),
            ..Default::default()
        }
    }

    /// Spells every word that is a lone dash by the width of its box: hyphen, en dash or em
    /// dash, and rebuilds the line's text from its words when one changed.
    ///
    /// Tesseract's models have no en dash, and read one as a hyphen or an em dash at random,
    /// while plans print all three ("Cục C06 – BCA", "KT-HT", "2023 - 2025"). The printed widths
    /// tell them apart: against the median width per letter of the line's words (about half
    /// an em), a hyphen measures about 0.5, an en dash about 1 and an em dash about 2.
    pub fn dashes_from_widths(&mut self) {
        let is_dash = |t: &str| matches!(t, "-" | "–" | "—");
        if !self.words.iter().any(|w| is_dash(&w.text)) {
            return;
        }
        let mut per_letter: Vec<f32> = self
            .words
            .iter()
            .filter_map(|w| {
                let n = w.text.chars().count();
                (n >= 3 && w.text.chars().all(char::is_alphabetic))
                    .then(|| w.bbox.x1.saturating_sub(w.bbox.x0) as f32 / n as f32)
            })
            .collect();
        // Too few letters to measure against: leave the engine's reading.
        if per_letter.len() < 2 {
            return;
        }
        per_letter.sort_by(f32::total_cmp);
        let unit = per_letter[per_letter.len() / 2];
        if unit <= 0.0 {
            return;
        }
        let mut changed = false;
        for w in self.words.iter_mut().filter(|w| is_dash(&w.text)) {
            let ratio = w.bbox.x1.saturating_sub(w.bbox.x0) as f32 / unit;
            let dash = if ratio < 0.75 {
                "-"
            } else if ratio < 1.5 {
                "–"
            } else {
                "—"
            };
            if w.text != dash {
                w.text = dash.to_string();
                changed = true;
            }
        }
        if changed {
            self.text_from_words();
        }
    }

    /// Sets the line's text to its words, trimmed, joined by single spaces.
    pub fn text_from_words(&mut self) {
        self.text = self
            .words
            .iter()
            .map(|w| w.text.trim())
            .collect::<Vec<_>>()
            .join(" ");
    }
}

/// How the text of a page was obtained.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum PageMethod {
    /// Plain text or Markdown file.
    Text,
    /// PDF text layer judged good enough to use as is.
    TextLayer,
    /// Rendered and recognised with Tesseract.
    Ocr,
}

/// One page of a document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Page {
    /// 1-based page number.
    pub number: usize,
    pub method: PageMethod,
    pub lines: Vec<Line>,
    /// When OCR replaced a damaged text layer, the layer is kept here: restoration uses both
    /// readings as evidence instead of discarding either.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text_layer: Option<Vec<Line>>,
    /// Page size in pixels of the image OCR saw (None for text).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub size: Option<(u32, u32)>,
    /// Mean word confidence 0..=1 when OCR'd.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ocr_confidence: Option<f32>,
    /// Degrees (90, 180, 270) the page image was turned clockwise before OCR read it: a page
    /// scanned sideways or upside down. Boxes are in the turned image. None when upright.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rotated: Option<u16>,
    /// Wall-clock seconds spent producing this page.
    pub seconds: f64,
}

/// Kind of input file, as reported in the JSON `source` block.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum SourceKind {
    Text,
    PdfText,
    PdfScanned,
    Image,
}

/// Per-page facts for the JSON `source` block.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PageInfo {
    pub page: usize,
    pub method: PageMethod,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ocr_confidence: Option<f32>,
    /// See [`Page::rotated`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rotated: Option<u16>,
    pub seconds: f64,
}

/// Where a document came from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SourceInfo {
    pub file: String,
    pub sha256: String,
    pub kind: SourceKind,
    pub pages: usize,
    /// Character encoding detected for text input ("utf-8", "utf-16le", "tcvn3", ...).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub encoding: Option<String>,
    #[serde(default)]
    pub page_info: Vec<PageInfo>,
    /// Another copy of the same document, damaged another way, whose reading was evidence for
    /// this one's restoration (`--companion`, `--pair-copies`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub companion: Option<CompanionFile>,
}

/// A file read as another copy of the document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CompanionFile {
    pub file: String,
    pub sha256: String,
}

/// A document as ingest produced it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SourceDoc {
    pub source: SourceInfo,
    pub pages: Vec<Page>,
}

impl SourceDoc {
    /// All lines in reading order with their 1-based page number.
    pub fn lines(&self) -> impl Iterator<Item = (usize, &Line)> {
        self.pages
            .iter()
            .flat_map(|p| p.lines.iter().map(move |l| (p.number, l)))
    }

    /// The document's text, every line of every page followed by '\n'. Line k of this text is
    /// line k of the document everywhere in kehoach (JSON `source.line`, warnings, restoration).
    pub fn text(&self) -> String {
        let mut out = String::new();
        for (_, l) in self.lines() {
            out.push_str(&l.text);
            out.push('\n');
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn word(text: &str, x0: u32, x1: u32) -> Word {
        Word {
            text: text.into(),
            bbox: BBox {
                x0,
                y0: 0,
                x1,
                y1: 20,
            },
            confidence: 0.9,
            choices: vec![],
        }
    }

    #[test]
    fn dashes_are_spelled_by_their_width() {
        // Letters 15 px wide: 8 px is a hyphen, 16 px an en dash, 31 px an em dash.
        let mut l = Line {
            text: "Cục C06 - BCA, Phòng — KT - HT — cấp".into(),
            words: vec![
                word("Cục", 0, 45),
                word("C06", 50, 95),
                word("-", 100, 116),
                word("BCA,", 120, 180),
                word("Phòng", 190, 265),
                word("—", 270, 278),
                word("KT", 280, 310),
                word("-", 315, 346),
                word("HT", 350, 380),
                word("—", 390, 406),
                word("cấp", 410, 455),
            ],
            bbox: None,
        };
        l.dashes_from_widths();
        assert_eq!(l.text, "Cục C06 – BCA, Phòng - KT — HT – cấp");
        // Nothing to measure against: unchanged.
        let mut short = Line {
            text: "a - b".into(),
            words: vec![word("a", 0, 15), word("-", 20, 36), word("b", 40, 55)],
            bbox: None,
        };
        short.dashes_from_widths();
        assert_eq!(short.text, "a - b");
    }
}
