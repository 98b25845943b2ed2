//! Structure from two copies of one plan. An archive often holds a plan twice, damaged two
//! ways (the OCR text of the scan, the PDF's broken text layer), and each copy may lack what
//! the other has: a text layer that starts at "KẾ HOẠCH" has no number, date or issuer; an
//! OCR text whose group headings were misread has no groups. Restoration already reads the
//! words of both copies together; this fills what segmentation of one copy did not find from
//! the other copy's structure. Nothing a copy found itself is replaced, except a header the
//! copy could only guess from its body (see [`fill_from_other_copy`]).

use crate::Segmented;
use kehoach_core::{DocumentHeader, Group, Model, Warning};
use std::collections::HashMap;

/// What segmentation found in the other copy.
#[derive(Debug, Clone, Default)]
pub struct OtherStructure {
    pub document: DocumentHeader,
    pub groups: Vec<Group>,
    pub models: Vec<Model>,
}

impl From<Segmented> for OtherStructure {
    fn from(seg: Segmented) -> OtherStructure {
        OtherStructure {
            document: seg.document,
            groups: seg.groups,
            models: seg.models,
        }
    }
}

impl From<&kehoach_core::Extraction> for OtherStructure {
    /// The structure an earlier reading of the other copy wrote out.
    fn from(x: &kehoach_core::Extraction) -> OtherStructure {
        OtherStructure {
            document: x.document.clone(),
            groups: x.groups.clone(),
            models: x.models.clone(),
        }
    }
}

/// Share of this copy's models the other copy must also have, with a like title under the same
/// number, before anything is taken from it: copies of one plan list the same models, and
/// plans of the genre number theirs alike but title them differently.
const SAME_MODELS: f64 = 0.8;

/// Least similarity (normalised Levenshtein on lower-case mark-free titles) of two titles of
/// one model read from two damaged copies. Restoration leaves a few letters wrong in each.
const LIKE_TITLES: f64 = 0.7;

/// Whether `other` lists the models of `seg`: at least [`SAME_MODELS`] of them with a like
/// title under the same number.
fn same_plan(seg: &Segmented, other: &OtherStructure) -> bool {
    let key = |t: &str| kehoach_core::text::strip_marks(t).to_lowercase();
    let titles: HashMap<u32, String> = other
        .models
        .iter()
        .map(|m| (m.number, key(&m.title)))
        .collect();
    let like = seg
        .models
        .iter()
        .filter(|m| {
            titles
                .get(&m.number)
                .is_some_and(|t| strsim::normalized_levenshtein(t, &key(&m.title)) >= LIKE_TITLES)
        })
        .count();
    !seg.models.is_empty() && like as f64 >= SAME_MODELS * seg.models.len() as f64
}

/// Fills `seg` from the other copy of the same plan and records each fill as a warning
/// (code `from_other_copy`), so a reader knows which values were not read in this file. A copy
/// that does not list the same models ([`same_plan`]) gives nothing (warning
/// `other_copy_differs`).
///
/// - Header: every field this copy did not find takes the other copy's value. When this copy
///   found neither number nor date and the other found both, this copy has no header block at
///   all; its place and issuer were then read from the body ("UBND huyện … ban hành") and the
///   other copy's header block is taken for them too.
/// - Groups: when this copy found none and the other copy found some, the other's groups are
///   taken and each model gets the group of the other copy's model with its number.
pub fn fill_from_other_copy(seg: &mut Segmented, other: &OtherStructure) {
    if !same_plan(seg, other) {
        seg.warnings.push(Warning::document(
            "other_copy_differs",
            "the other copy lists other models; nothing taken from its structure",
        ));
        return;
    }
    let mut filled: Vec<&str> = Vec::new();
    let d = &mut seg.document;
    let o = &other.document;
    let no_header_block =
        d.number.is_none() && d.date.is_none() && o.number.is_some() && o.date.is_some();
    let mut take = |mine: &mut Option<String>, theirs: &Option<String>, name, replace: bool| {
        if theirs.is_some() && (mine.is_none() || replace) && mine != theirs {
            *mine = theirs.clone();
            filled.push(name);
        }
    };
    take(&mut d.number, &o.number, "number", false);
    take(&mut d.date, &o.date, "date", false);
    take(&mut d.place, &o.place, "place", no_header_block);
    take(&mut d.issuer, &o.issuer, "issuer", no_header_block);
    take(&mut d.title, &o.title, "title", false);
    if d.declared_model_count.is_none() && o.declared_model_count.is_some() {
        d.declared_model_count = o.declared_model_count;
        filled.push("declared model count");
    }
    if !filled.is_empty() {
        seg.warnings.push(Warning::document(
            "from_other_copy",
            format!(
                "document {} taken from the other copy of this plan",
                filled.join(", ")
            ),
        ));
    }
    if seg.groups.is_empty() && !other.groups.is_empty() {
        let group_of: HashMap<u32, &Option<String>> =
            other.models.iter().map(|m| (m.number, &m.group)).collect();
        seg.groups = other.groups.clone();
        for m in &mut seg.models {
            if let Some(g) = group_of.get(&m.number) {
                m.group = (*g).clone();
            }
        }
        seg.warnings.push(Warning::document(
            "from_other_copy",
            format!(
                "{} groups taken from the other copy of this plan (this copy printed none that \
                 could be read)",
                seg.groups.len()
            ),
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn model(number: u32, group: Option<&str>) -> Model {
        Model {
            group: group.map(str::to_string),
            ..Model::new(number, format!("Mô hình {number}"))
        }
    }

    fn other() -> OtherStructure {
        OtherStructure {
            document: DocumentHeader {
                number: Some("94/KH-UBND".into()),
                date: Some("2024-03-15".into()),
                place: Some("Quảng Xương".into()),
                issuer: Some("Ủy ban nhân dân huyện Quảng Xương".into()),
                title: Some("Triển khai".into()),
                declared_model_count: Some(3),
            },
            groups: vec![Group {
                index: "I".into(),
                title: "Nhóm tiện ích".into(),
                declared_model_count: Some(3),
            }],
            models: (1..=3).map(|n| model(n, Some("I"))).collect(),
        }
    }

    #[test]
    fn a_copy_without_a_header_block_takes_the_other_s() {
        let mut seg = Segmented {
            document: DocumentHeader {
                issuer: Some("UBND huyện Quản Xương".into()),
                title: Some("Triển khai, thực hiện".into()),
                ..Default::default()
            },
            models: (1..=3).map(|n| model(n, None)).collect(),
            ..Default::default()
        };
        fill_from_other_copy(&mut seg, &other());
        let d = &seg.document;
        assert_eq!(d.number.as_deref(), Some("94/KH-UBND"));
        assert_eq!(d.date.as_deref(), Some("2024-03-15"));
        assert_eq!(
            d.issuer.as_deref(),
            Some("Ủy ban nhân dân huyện Quảng Xương")
        );
        // Its own title stays.
        assert_eq!(d.title.as_deref(), Some("Triển khai, thực hiện"));
        assert_eq!(seg.groups.len(), 1);
        assert!(seg.models.iter().all(|m| m.group.as_deref() == Some("I")));
        assert_eq!(
            seg.warnings
                .iter()
                .filter(|w| w.code == "from_other_copy")
                .count(),
            2
        );
    }

    #[test]
    fn what_a_copy_found_itself_stays() {
        let mut seg = Segmented {
            document: DocumentHeader {
                number: Some("94/KH-UBND".into()),
                issuer: Some("UBND huyện Quảng Xương".into()),
                ..Default::default()
            },
            groups: vec![Group {
                index: "1".into(),
                title: "Nhóm một".into(),
                declared_model_count: None,
            }],
            models: (1..=3).map(|n| model(n, Some("1"))).collect(),
            ..Default::default()
        };
        fill_from_other_copy(&mut seg, &other());
        assert_eq!(
            seg.document.issuer.as_deref(),
            Some("UBND huyện Quảng Xương")
        );
        assert_eq!(seg.document.date.as_deref(), Some("2024-03-15"));
        assert_eq!(seg.groups[0].index, "1");
    }

    #[test]
    fn another_plan_gives_nothing() {
        // Other model numbers, or the same numbers with other titles.
        for models in [
            (10..=14).map(|n| model(n, None)).collect::<Vec<_>>(),
            (1..=3)
                .map(|n| Model {
                    title: format!("Triển khai nền tảng số thứ {n} cho người dân"),
                    ..model(n, None)
                })
                .collect(),
        ] {
            let mut seg = Segmented {
                models,
                ..Default::default()
            };
            fill_from_other_copy(&mut seg, &other());
            assert!(seg.groups.is_empty());
            assert!(seg.models.iter().all(|m| m.group.is_none()));
            assert!(seg.document.number.is_none());
            assert_eq!(seg.warnings[0].code, "other_copy_differs");
        }
    }

    #[test]
    fn titles_restored_differently_are_still_one_plan() {
        let mut seg = Segmented {
            models: vec![
                Model {
                    title: "Mo hình 1".into(),
                    ..model(1, None)
                },
                model(2, None),
                model(3, None),
            ],
            ..Default::default()
        };
        fill_from_other_copy(&mut seg, &other());
        assert_eq!(seg.document.number.as_deref(), Some("94/KH-UBND"));
    }
}
