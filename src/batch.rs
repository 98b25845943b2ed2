//! Batches: many inputs, one output directory, failures isolated per file.
//!
//! Documents run in parallel on rayon's pool. One bad file yields one error line and the rest
//! of the batch goes on; outputs are written atomically as each document finishes, so nothing
//! already written is lost if the run is interrupted. With `incremental`, a document whose
//! output already records the same input SHA-256, written by this build of kehoach with the
//! same settings (`producer`), is skipped (the nightly job). With
//! `Options::pair_copies`, documents of the batch that are copies of one plan (their restored
//! texts share most word three-grams) are read again, each with the other as its companion;
//! an incremental run also pairs a new document with an earlier run's output.

use crate::{process_with, read_input, Options, Processed};
use kehoach_core::SourceDoc;
use kehoach_core::{Error, Extraction, Result};
use rayon::prelude::*;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// How a batch went.
#[derive(Debug, Default)]
pub struct BatchReport {
    /// (input, JSON written).
    pub written: Vec<(PathBuf, PathBuf)>,
    /// Inputs skipped because their output is up to date.
    pub skipped: Vec<PathBuf>,
    pub failed: Vec<Error>,
    /// Inputs found to be copies of one document and read together: (input, input, share of
    /// word three-grams in common).
    pub paired: Vec<(PathBuf, PathBuf, f64)>,
    /// Every document's extraction in input order (written and up to date alike), for the
    /// batch-wide spreadsheet.
    pub extractions: Vec<Extraction>,
}

/// Output stems, unique within the batch: `a/plan.txt` and `b/plan.pdf` become `plan` and
/// `plan.pdf` rather than overwriting each other.
pub fn output_stems(files: &[PathBuf]) -> Vec<String> {
    let stem = |p: &Path| {
        p.file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_else(|| "document".into())
    };
    let mut count: HashMap<String, usize> = HashMap::new();
    for f in files {
        *count.entry(stem(f)).or_default() += 1;
    }
    let mut used: HashMap<String, usize> = HashMap::new();
    files
        .iter()
        .map(|f| {
            let s = stem(f);
            if count[&s] == 1 {
                return s;
            }
            let n = used.entry(s.clone()).or_default();
            *n += 1;
            if *n == 1 {
                s
            } else {
                let ext = f.extension().map(|e| e.to_string_lossy().into_owned());
                match ext {
                    Some(e) if *n == 2 => format!("{s}.{e}"),
                    _ => format!("{s}.{n}"),
                }
            }
        })
        .collect()
}

fn up_to_date(input: &Path, json: &Path, opts: &Options) -> bool {
    let Ok(old) = std::fs::read(json) else {
        return false;
    };
    let Ok(v) = serde_json::from_slice::<serde_json::Value>(&old) else {
        return false;
    };
    let Some(old_sha) = v["source"]["sha256"].as_str() else {
        return false;
    };
    // Written by another build of kehoach or with other settings (an earlier release, a run
    // without restoration): its content may differ from what this run writes.
    let producer = serde_json::from_value::<kehoach_core::Producer>(v["producer"].clone());
    if producer.ok() != Some(opts.producer()) {
        return false;
    }
    std::fs::read(input)
        .map(|b| kehoach_ingest::sha256_hex(&b) == old_sha)
        .unwrap_or(false)
}

enum Outcome {
    /// Input, JSON written, its extraction, and what pairing copies needs: the restored text
    /// and the document as read (kept only with `Options::pair_copies`).
    Written(
        PathBuf,
        PathBuf,
        Box<Extraction>,
        Option<Box<(String, SourceDoc)>>,
    ),
    Skipped(PathBuf, Option<Box<Extraction>>),
}

fn one(input: &Path, stem: &str, out: &Path, opts: &Options, incremental: bool) -> Result<Outcome> {
    let json_path = output_path(out, stem, "json");
    // An output records its input's hash, not its companion's: read with another copy, the
    // document is always processed again.
    if incremental && opts.companion.is_none() && up_to_date(input, &json_path, opts) {
        let old = std::fs::read(&json_path)
            .ok()
            .and_then(|b| serde_json::from_slice::<Extraction>(&b).ok())
            .map(Box::new);
        return Ok(Outcome::Skipped(input.to_path_buf(), old));
    }
    let doc = read_input(input, opts)?;
    let raw = opts.pair_copies.then(|| doc.clone());
    let p = crate::process(doc, opts)?;
    let json_path = write_outputs(&p, stem, out)?;
    let kept = raw.map(|raw| Box::new((p.text, raw)));
    Ok(Outcome::Written(
        input.to_path_buf(),
        json_path,
        Box::new(p.extraction),
        kept,
    ))
}

/// Where the batch writes a document's output (`ext` "txt": the restored text, "json"): written,
/// checked for being up to date and read back for pairing copies by this one name.
fn output_path(out: &Path, stem: &str, ext: &str) -> PathBuf {
    out.join(format!("{stem}.{ext}"))
}

/// Writes a document's restored text and JSON (atomically); returns the JSON's path.
fn write_outputs(p: &Processed, stem: &str, out: &Path) -> Result<PathBuf> {
    let json_path = output_path(out, stem, "json");
    kehoach_export::write_atomic(&output_path(out, stem, "txt"), p.text.as_bytes())?;
    kehoach_export::write_atomic(
        &json_path,
        kehoach_export::to_json(&p.extraction).as_bytes(),
    )?;
    Ok(json_path)
}

/// Processes `inputs` (files and directories) into `out`. `on_error` is called as each failure
/// happens, so the user sees it at once in a long batch.
pub fn run(
    inputs: &[PathBuf],
    out: &Path,
    opts: &Options,
    incremental: bool,
    on_error: &(dyn Fn(&Error) + Sync),
) -> BatchReport {
    let (files, errors) = kehoach_ingest::collect_inputs(inputs);
    let mut report = BatchReport::default();
    for e in errors {
        on_error(&e);
        report.failed.push(e);
    }
    let stems = output_stems(&files);
    let mut results: Vec<Result<Outcome>> = files
        .par_iter()
        .zip(stems.par_iter())
        .map(|(f, s)| {
            let r = one(f, s, out, opts, incremental);
            if let Err(e) = &r {
                on_error(e);
            }
            r
        })
        .collect();
    if opts.pair_copies && opts.companion.is_none() {
        report.paired = read_copies_together(&files, &stems, out, opts, &mut results, on_error);
    }
    for r in results {
        match r {
            Ok(Outcome::Written(i, j, x, _)) => {
                report.written.push((i, j));
                report.extractions.push(*x);
            }
            Ok(Outcome::Skipped(i, x)) => {
                report.skipped.push(i);
                report.extractions.extend(x.map(|x| *x));
            }
            Err(e) => report.failed.push(e),
        }
    }
    report
}

/// Finds the documents of the batch that are copies of one plan and processes each pair again
/// from what was read the first time, each document with the other's first reading as its
/// companion; their outcomes in `results` are replaced (a failure keeps the first reading,
/// which is already written). Returns the pairs.
///
/// An incremental run (the nightly job) also pairs a new document with one an earlier run
/// wrote and this run skipped as up to date: the earlier restored text (`stem.txt` beside its
/// JSON) stands for its first reading, and the earlier input is read again, since what was read
/// then is not kept. Earlier documents are not paired with each other (an earlier run did
/// that), nor is one an earlier run already read with another copy.
fn read_copies_together(
    files: &[PathBuf],
    stems: &[String],
    out: &Path,
    opts: &Options,
    results: &mut [Result<Outcome>],
    on_error: &(dyn Fn(&Error) + Sync),
) -> Vec<(PathBuf, PathBuf, f64)> {
    use kehoach_restore::companion::{same_document_pairs, shingles};
    use kehoach_segment::fuse::OtherStructure;
    /// A document that may have a copy in the batch: its index in `files`, its first restored
    /// text, what was read (None: an earlier run's, to be read again), and its structure.
    struct Candidate {
        i: usize,
        text: String,
        doc: Option<SourceDoc>,
        structure: OtherStructure,
    }
    let mut cands: Vec<Candidate> = Vec::new();
    for (i, r) in results.iter_mut().enumerate() {
        match r {
            // What the first pass kept, taken out of the outcome (no longer needed there).
            Ok(Outcome::Written(_, _, x, k)) => {
                if let Some(k) = k.take() {
                    let (text, doc) = *k;
                    cands.push(Candidate {
                        i,
                        text,
                        doc: Some(doc),
                        structure: OtherStructure::from(&**x),
                    });
                }
            }
            Ok(Outcome::Skipped(_, Some(x))) if x.source.companion.is_none() => {
                if let Ok(text) = std::fs::read_to_string(output_path(out, &stems[i], "txt")) {
                    cands.push(Candidate {
                        i,
                        text,
                        doc: None,
                        structure: OtherStructure::from(&**x),
                    });
                }
            }
            _ => {}
        }
    }
    if !cands.iter().any(|c| c.doc.is_some()) {
        return Vec::new();
    }
    let texts: Vec<_> = cands.iter().map(|c| shingles(&c.text)).collect();
    let pairs: Vec<(usize, usize, f64)> = same_document_pairs(&texts)
        .into_iter()
        .filter(|&(a, b, _)| cands[a].doc.is_some() || cands[b].doc.is_some())
        .collect();
    // An earlier document in a pair is read again; a pair whose earlier side cannot be read
    // is dropped (its new side keeps its first reading).
    let mut pairs_read = Vec::new();
    for (a, b, o) in pairs {
        let mut ok = true;
        for k in [a, b] {
            if cands[k].doc.is_none() {
                match read_input(&files[cands[k].i], opts) {
                    Ok(d) => cands[k].doc = Some(d),
                    Err(e) => {
                        on_error(&e);
                        ok = false;
                    }
                }
            }
        }
        if ok {
            pairs_read.push((a, b, o));
        }
    }
    let jobs: Vec<(usize, usize)> = pairs_read
        .iter()
        .flat_map(|&(a, b, _)| [(a, b), (b, a)])
        .collect();
    let again: Vec<(usize, Result<Outcome>)> = jobs
        .par_iter()
        .map(|&(me, other)| {
            let (mine, theirs) = (&cands[me], &cands[other]);
            let i = mine.i;
            let (Some(doc), Some(other_doc)) = (&mine.doc, &theirs.doc) else {
                unreachable!("both sides of a pair were read");
            };
            let copy = crate::other_copy(
                &other_doc.text(),
                &theirs.text,
                &other_doc.source,
                theirs.structure.clone(),
            );
            let r = process_with(doc.clone(), opts, Some(&copy)).and_then(|p| {
                let json = write_outputs(&p, &stems[i], out)?;
                Ok(Outcome::Written(
                    files[i].clone(),
                    json,
                    Box::new(p.extraction),
                    None,
                ))
            });
            if let Err(e) = &r {
                on_error(e);
            }
            (i, r)
        })
        .collect();
    for (i, r) in again {
        if r.is_ok() {
            results[i] = r;
        }
    }
    pairs_read
        .into_iter()
        .map(|(a, b, o)| (files[cands[a].i].clone(), files[cands[b].i].clone(), o))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stems_never_collide() {
        let files: Vec<PathBuf> = ["a/plan.txt", "b/plan.pdf", "c/other.md", "d/plan.png"]
            .iter()
            .map(PathBuf::from)
            .collect();
        assert_eq!(
            output_stems(&files),
            vec!["plan", "plan.pdf", "other", "plan.3"]
        );
    }
}
