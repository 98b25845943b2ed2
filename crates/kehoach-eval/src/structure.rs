//! Structure metrics: models, titles, objectives, deadlines, header, groups, appendix.

use kehoach_core::text::{canonical_tone, fold_whitespace};
use kehoach_core::{DocumentHeader, Extraction, Group};
use serde::Deserialize;
use std::collections::HashMap;
use std::fmt;

/// An answer key. Its header and groups have the output's own shape.
#[derive(Debug, Clone, Deserialize)]
pub struct Gold {
    pub doc: String,
    pub document: DocumentHeader,
    pub groups: Vec<Group>,
    pub models: Vec<GoldModel>,
    #[serde(default)]
    pub appendix: Vec<GoldAppendix>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct GoldModel {
    pub number: u32,
    pub heading: Option<String>,
    pub group: Option<String>,
    pub title: String,
    pub objective: Option<String>,
    pub deadline_text: Option<String>,
    pub deadline_end: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct GoldAppendix {
    pub tt: u32,
    pub model_number: u32,
    pub lead: Option<String>,
    pub partners: Option<String>,
    pub support: Option<String>,
    pub deadline_text: Option<String>,
    pub platform: Option<String>,
}

/// Text normalisation for comparisons, exactly as the answer keys define it: NFC, canonical
/// tone placement, single spaces, trailing punctuation trimmed. Nothing else is forgiven.
pub fn norm(s: &str) -> String {
    let s = fold_whitespace(&canonical_tone(s));
    s.trim_end_matches(|c: char| c.is_whitespace() || ".,;:".contains(c))
        .to_string()
}

fn opt_eq(a: Option<&str>, b: Option<&str>) -> bool {
    match (a, b) {
        (Some(a), Some(b)) => norm(a) == norm(b),
        (None, None) => true,
        _ => false,
    }
}

/// 1 − normalised edit distance; 1.0 for two nulls, 0.0 for null against text.
pub fn similarity(a: Option<&str>, b: Option<&str>) -> f64 {
    match (a, b) {
        (Some(a), Some(b)) => strsim::normalized_levenshtein(&norm(a), &norm(b)),
        (None, None) => 1.0,
        _ => 0.0,
    }
}

/// A mismatch worth showing to whoever improves the extractor.
#[derive(Debug, Clone)]
pub struct Miss {
    pub what: String,
    pub gold: String,
    pub got: String,
}

/// All structure metrics of one document.
#[derive(Debug, Clone, Default)]
pub struct StructScore {
    pub gold_models: usize,
    pub output_models: usize,
    pub matched: usize,
    pub recall: f64,
    pub precision: f64,
    pub title_exact: f64,
    pub objective_similarity: f64,
    pub deadline_end_exact: f64,
    /// Header fields right, of 6.
    pub header_exact: f64,
    pub groups_exact: f64,
    /// Appendix fields right (exact after normalisation), over gold rows × 5 fields; None when
    /// the key has no appendix.
    pub appendix_exact: Option<f64>,
    /// Mean similarity of appendix fields (1 − normalised edit distance): shows how well cells
    /// are split even where letters are still wrong.
    pub appendix_similarity: Option<f64>,
    pub misses: Vec<Miss>,
}

fn ratio(n: usize, d: usize) -> f64 {
    if d == 0 {
        1.0
    } else {
        n as f64 / d as f64
    }
}

/// Scores an extraction against its answer key.
pub fn score_structure(gold: &Gold, out: &Extraction) -> StructScore {
    let mut s = StructScore {
        gold_models: gold.models.len(),
        output_models: out.models.len(),
        ..Default::default()
    };
    let mut by_number: HashMap<u32, &kehoach_core::Model> = HashMap::new();
    for m in &out.models {
        by_number.entry(m.number).or_insert(m);
    }
    let (mut titles, mut deadlines, mut obj_sum) = (0usize, 0usize, 0f64);
    for g in &gold.models {
        let Some(m) = by_number.get(&g.number) else {
            s.misses.push(Miss {
                what: format!("model {} missing", g.number),
                gold: g.title.clone(),
                got: String::new(),
            });
            continue;
        };
        s.matched += 1;
        if norm(&g.title) == norm(&m.title) {
            titles += 1;
        } else {
            s.misses.push(Miss {
                what: format!("model {} title", g.number),
                gold: g.title.clone(),
                got: m.title.clone(),
            });
        }
        obj_sum += similarity(g.objective.as_deref(), m.fields.objective.as_deref());
        let end = m.fields.deadline.as_ref().and_then(|d| d.end.as_deref());
        if end == g.deadline_end.as_deref() {
            deadlines += 1;
        } else {
            s.misses.push(Miss {
                what: format!("model {} deadline end", g.number),
                gold: format!("{:?} ({:?})", g.deadline_end, g.deadline_text),
                got: format!(
                    "{end:?} ({:?})",
                    m.fields.deadline.as_ref().map(|d| d.text.as_str())
                ),
            });
        }
    }
    let gold_numbers: std::collections::HashSet<u32> =
        gold.models.iter().map(|m| m.number).collect();
    let true_pos = out
        .models
        .iter()
        .filter(|m| gold_numbers.contains(&m.number))
        .count();
    s.recall = ratio(s.matched, gold.models.len());
    s.precision = ratio(true_pos, out.models.len());
    s.title_exact = ratio(titles, gold.models.len());
    s.deadline_end_exact = ratio(deadlines, gold.models.len());
    s.objective_similarity = if gold.models.is_empty() {
        1.0
    } else {
        obj_sum / gold.models.len() as f64
    };

    let d = &out.document;
    let g = &gold.document;
    let header = [
        ("number", g.number.as_deref(), d.number.as_deref()),
        ("date", g.date.as_deref(), d.date.as_deref()),
        ("place", g.place.as_deref(), d.place.as_deref()),
        ("issuer", g.issuer.as_deref(), d.issuer.as_deref()),
        ("title", g.title.as_deref(), d.title.as_deref()),
    ];
    let mut right = 0;
    for (name, gv, ov) in header {
        if opt_eq(gv, ov) {
            right += 1;
        } else {
            s.misses.push(Miss {
                what: format!("header {name}"),
                gold: format!("{gv:?}"),
                got: format!("{ov:?}"),
            });
        }
    }
    if g.declared_model_count == d.declared_model_count {
        right += 1;
    } else {
        s.misses.push(Miss {
            what: "header declared_model_count".into(),
            gold: format!("{:?}", g.declared_model_count),
            got: format!("{:?}", d.declared_model_count),
        });
    }
    s.header_exact = right as f64 / 6.0;

    let mut groups_right = 0;
    for gg in &gold.groups {
        let found = out.groups.iter().find(|og| og.index == gg.index);
        match found {
            Some(og)
                if norm(&og.title) == norm(&gg.title)
                    && og.declared_model_count == gg.declared_model_count =>
            {
                groups_right += 1
            }
            other => s.misses.push(Miss {
                what: format!("group {}", gg.index),
                gold: format!("{} ({:?})", gg.title, gg.declared_model_count),
                got: other
                    .map(|og| format!("{} ({:?})", og.title, og.declared_model_count))
                    .unwrap_or_default(),
            }),
        }
    }
    let extra = out.groups.len().saturating_sub(gold.groups.len());
    s.groups_exact = ratio(groups_right, gold.groups.len() + extra);

    if !gold.appendix.is_empty() {
        let mut right = 0;
        let mut sim = 0.0;
        for row in &gold.appendix {
            let a = by_number
                .get(&row.model_number)
                .and_then(|m| m.appendix.as_ref());
            let fields = [
                (
                    "lead",
                    row.lead.as_deref(),
                    a.and_then(|a| a.lead.as_deref()),
                ),
                (
                    "partners",
                    row.partners.as_deref(),
                    a.and_then(|a| a.partners.as_deref()),
                ),
                (
                    "support",
                    row.support.as_deref(),
                    a.and_then(|a| a.support.as_deref()),
                ),
                (
                    "deadline",
                    row.deadline_text.as_deref(),
                    a.and_then(|a| a.deadline.as_ref().map(|d| d.text.as_str())),
                ),
                (
                    "platform",
                    row.platform.as_deref(),
                    a.and_then(|a| a.platform.as_deref()),
                ),
            ];
            for (name, gv, ov) in fields {
                sim += similarity(gv, ov);
                if opt_eq(gv, ov) {
                    right += 1;
                } else {
                    s.misses.push(Miss {
                        what: format!(
                            "appendix row {} (model {}) {name}",
                            row.tt, row.model_number
                        ),
                        gold: format!("{gv:?}"),
                        got: format!("{ov:?}"),
                    });
                }
            }
        }
        s.appendix_exact = Some(ratio(right, gold.appendix.len() * 5));
        s.appendix_similarity = Some(sim / (gold.appendix.len() * 5) as f64);
    }
    s
}

impl fmt::Display for StructScore {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "models: gold {} output {} matched {}",
            self.gold_models, self.output_models, self.matched
        )?;
        writeln!(f, "model_recall: {:.3}", self.recall)?;
        writeln!(f, "model_precision: {:.3}", self.precision)?;
        writeln!(f, "title_exact: {:.3}", self.title_exact)?;
        writeln!(f, "objective_similarity: {:.3}", self.objective_similarity)?;
        writeln!(f, "deadline_end_exact: {:.3}", self.deadline_end_exact)?;
        writeln!(f, "header_exact: {:.3}", self.header_exact)?;
        writeln!(f, "groups_exact: {:.3}", self.groups_exact)?;
        if let Some(a) = self.appendix_exact {
            writeln!(f, "appendix_exact: {a:.3}")?;
        }
        if let Some(a) = self.appendix_similarity {
            writeln!(f, "appendix_similarity: {a:.3}")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalisation_rules() {
        assert_eq!(norm("Tự động hoá  bộ phận."), norm("Tự động hóa bộ phận"));
        assert_ne!(norm("Tự động hóa"), norm("Tu dong hoa"));
        assert_ne!(norm("“Phát triển”"), norm("\"Phát triển\""));
    }

    #[test]
    fn similarity_edges() {
        assert_eq!(similarity(None, None), 1.0);
        assert_eq!(similarity(Some("a"), None), 0.0);
        assert!(similarity(Some("abcd"), Some("abce")) > 0.7);
    }
}
