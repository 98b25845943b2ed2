//! The JSON contract analysts load (published as `schemas/kehoach.schema.json`).
//!
//! Fields that a stage could not read are `null` or empty, never invented: a spreadsheet with a
//! blank cell is honest, a plausible wrong value is not.

use crate::input::SourceInfo;
use serde::{Deserialize, Serialize};

/// Version of the JSON layout; bump on any incompatible change.
pub const SCHEMA_VERSION: u32 = 1;

/// Everything kehoach extracts from one input file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Extraction {
    pub schema_version: u32,
    pub source: SourceInfo,
    pub document: DocumentHeader,
    pub groups: Vec<Group>,
    pub models: Vec<Model>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub restoration: Option<RestorationReport>,
    pub warnings: Vec<Warning>,
    /// What wrote the output (last: the contract's keys keep their order): an incremental run
    /// reads a document again when this differs from the running program's, not only when the
    /// document changed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub producer: Option<Producer>,
}

/// The program and settings an output was written with.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Producer {
    /// kehoach's version.
    pub version: String,
    /// Fingerprint of the build's sources and data (changes with any change to them).
    pub build: String,
    /// The options that change an output ("restore, ocr auto, lang vie").
    pub settings: String,
}

/// Header of the plan: "Số: …", "<place>, ngày … tháng … năm …", issuer and title.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct DocumentHeader {
    pub number: Option<String>,
    /// ISO date of issue.
    pub date: Option<String>,
    pub place: Option<String>,
    pub issuer: Option<String>,
    pub title: Option<String>,
    /// The model count the body declares ("gồm 30 mô hình").
    pub declared_model_count: Option<u32>,
}

/// A "Nhóm …" heading grouping models.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Group {
    /// Outline index as printed: "1" or "I".
    pub index: String,
    pub title: String,
    pub declared_model_count: Option<u32>,
}

/// A deadline as printed and as a calendar interval.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Deadline {
    pub text: String,
    pub start: Option<String>,
    pub end: Option<String>,
    /// "thường xuyên" (ongoing) was stated.
    pub recurring: bool,
}

/// The labelled fields under a model heading.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Fields {
    pub objective: Option<String>,
    pub assignments: Vec<String>,
    pub implementers: Vec<String>,
    pub deadline: Option<Deadline>,
    pub tools: Vec<String>,
    pub note: Option<String>,
    pub location: Option<String>,
}

/// One row of the appendix table, linked to its model.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Appendix {
    pub lead: Option<String>,
    pub partners: Option<String>,
    pub support: Option<String>,
    pub deadline: Option<Deadline>,
    pub platform: Option<String>,
    /// Cells of columns the contract has no field for ("Sản phẩm", "Kinh phí"), in the
    /// table's order: kept rather than dropped, and left out of the JSON when there are none,
    /// so a table of the contract's columns reads as before.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub other: Vec<OtherCell>,
}

/// A cell of an appendix column outside the contract, under its column's header.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OtherCell {
    pub column: String,
    pub text: String,
}

/// Where a model heading was found.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ModelSource {
    pub page: Option<usize>,
    /// 1-based line of the document text.
    pub line: usize,
}

/// A "Mô hình N: …" entry.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Model {
    pub number: u32,
    /// Outline index printed before "Mô hình" ("1.2", "2"), if any.
    pub heading: Option<String>,
    /// Index of the enclosing group, if any.
    pub group: Option<String>,
    pub title: String,
    pub fields: Fields,
    pub appendix: Option<Appendix>,
    pub source: ModelSource,
    /// 0..=1: how sure the segmenter is that heading, title and fields were read correctly.
    pub confidence: f32,
}

impl Model {
    /// A model with its number and title only: no heading, group, fields or appendix, found at
    /// line 1 with full confidence. Readers fill in what they find.
    pub fn new(number: u32, title: impl Into<String>) -> Model {
        Model {
            number,
            heading: None,
            group: None,
            title: title.into(),
            fields: Fields::default(),
            appendix: None,
            source: ModelSource {
                page: None,
                line: 1,
            },
            confidence: 1.0,
        }
    }
}

/// Something a user should look at: a count mismatch, a skipped number, an unreadable field.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Warning {
    pub code: String,
    pub message: String,
    pub line: Option<usize>,
}

impl Warning {
    /// A warning about the document as a whole (counts that disagree, structure taken from the
    /// other copy, an appendix row with no model): no single line is to blame, so `line` is
    /// `None`.
    pub fn document(code: &str, message: impl Into<String>) -> Warning {
        Warning {
            code: code.into(),
            message: message.into(),
            line: None,
        }
    }

    /// A warning about what one line says (an empty field, a heading without a title): the
    /// line lets the user go straight to it.
    pub fn at_line(code: &str, message: impl Into<String>, line: usize) -> Warning {
        Warning {
            code: code.into(),
            message: message.into(),
            line: Some(line),
        }
    }
}

/// What restoration did to the text.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct RestorationReport {
    pub tokens_seen: usize,
    pub tokens_changed: usize,
    pub low_confidence: Vec<LowConfidenceToken>,
}

/// A token restoration was unsure about.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LowConfidenceToken {
    pub line: usize,
    pub original: String,
    pub chosen: String,
    pub alternatives: Vec<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn warning_constructors_fill_the_same_fields_as_the_literal() {
        assert_eq!(
            Warning::document("no_models", "no \"Mô hình N:\" heading found"),
            Warning {
                code: "no_models".into(),
                message: "no \"Mô hình N:\" heading found".into(),
                line: None,
            }
        );
        assert_eq!(
            Warning::at_line("title_missing", format!("model {}: no title", 3), 42),
            Warning {
                code: "title_missing".into(),
                message: "model 3: no title".into(),
                line: Some(42),
            }
        );
        // A document warning still writes `"line": null`, as the literals did.
        let json = serde_json::to_string(&Warning::document("c", "m")).unwrap();
        assert_eq!(json, r#"{"code":"c","message":"m","line":null}"#);
    }
}
