//! End to end: the appendix table of plan 000, rendered as a scan and OCR'd with the Vietnamese
//! model (word boxes in fixtures/synth/000.appendix.ocr-vie.tsv), read back and linked to the
//! plan's models, scored against the answer key.

mod common;
use common::*;
use kehoach::core::tsv::pages_from_tsv;
use kehoach::core::{Extraction, Model, SourceInfo, SourceKind, SCHEMA_VERSION};
use kehoach::eval::score_structure;
use kehoach::segment::appendix::{link, read_table};

#[test]
fn scanned_appendix_rows_are_found_linked_and_read() {
    let tsv = std::fs::read_to_string(fixture("synth/000.appendix.ocr-vie.tsv")).unwrap();
    let pages = pages_from_tsv(&tsv).unwrap();
    let table = read_table(&pages).expect("appendix header found");
    let gold = gold("000");
    assert_eq!(table.rows.len(), gold.appendix.len(), "every row found");

    // The body's models, as the segmenter would give them for the plan.
    let mut models: Vec<Model> = gold
        .models
        .iter()
        .map(|g| Model {
            heading: g.heading.clone(),
            group: g.group.clone(),
            ..Model::new(g.number, g.title.clone())
        })
        .collect();
    let mut warnings = Vec::new();
    link(&table, &mut models, &mut warnings);
    let x = Extraction {
        schema_version: SCHEMA_VERSION,
        source: SourceInfo {
            file: "000.appendix".into(),
            sha256: String::new(),
            kind: SourceKind::PdfScanned,
            pages: pages.len(),
            encoding: None,
            page_info: vec![],
        },
        document: Default::default(),
        groups: vec![],
        models,
        restoration: None,
        warnings,
    };
    let s = score_structure(&gold, &x);
    let appendix_misses: Vec<String> = s
        .misses
        .iter()
        .filter(|m| m.what.starts_with("appendix"))
        .map(|m| format!("{}\n  gold: {}\n  got:  {}", m.what, m.gold, m.got))
        .collect();
    let a = s.appendix_exact.unwrap();
    eprintln!(
        "appendix fields exact: {a:.3}\n{}",
        appendix_misses.join("\n")
    );
    // Measured 0.687 on raw Vietnamese-model OCR: every row is found and linked; the misses left
    // are OCR letter errors in the cells ("Tố" for "Tổ", "VNelID", "—" for "–", "Quý 1" for
    // "Quý I") that restoration of the word boxes has to repair before the 0.9 target is met.
    // This floor guards the table geometry against regressions.
    assert!(
        a >= 0.68,
        "appendix fields exact {a:.3} fell below the measured 0.687"
    );
}
