//! Batches: many inputs, one output directory, failures isolated per file.
//!
//! Documents run in parallel on rayon's pool. One bad file yields one error line and the rest
//! of the batch goes on; outputs are written atomically as each document finishes, so nothing
//! already written is lost if the run is interrupted. With `incremental`, a document whose
//! output already records the same input SHA-256 is skipped (the nightly job). With
//! `Options::pair_copies`, documents of the batch that are copies of one plan (their restored
//! texts share most word three-grams) are read again, each with the other as its companion.

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

fn up_to_date(input: &Path, json: &Path) -> bool {
    let Ok(old) = std::fs::read(json) else {
        return false;
    };
    let Ok(v) = serde_json::from_slice::<serde_json::Value>(&old) else {
        return false;
    };
    let Some(old_sha) = v["source"]["sha256"].as_str() else {
        return false;
    };
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
    let json_path = out.join(format!("{stem}.json"));
    // An output records its input's hash, not its companion's: read with another copy, the
    // document is always processed again.
    if incremental && opts.companion.is_none() && up_to_date(input, &json_path) {
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

/// Writes a document's restored text and JSON (atomically); returns the JSON's path.
fn write_outputs(p: &Processed, stem: &str, out: &Path) -> Result<PathBuf> {
    let json_path = out.join(format!("{stem}.json"));
    kehoach_export::write_atomic(&out.join(format!("{stem}.txt")), p.text.as_bytes())?;
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

/// Finds the documents written in this run that are copies of one plan and processes each
/// pair again from what was read the first time, each document with the other's first
/// reading as its companion; their outcomes in `results` are replaced (a failure keeps the
/// first reading, which is already written). Returns the pairs.
fn read_copies_together(
    files: &[PathBuf],
    stems: &[String],
    out: &Path,
    opts: &Options,
    results: &mut [Result<Outcome>],
    on_error: &(dyn Fn(&Error) + Sync),
) -> Vec<(PathBuf, PathBuf, f64)> {
    use kehoach_restore::companion::{same_document_pairs, shingles};
    // What the first pass kept, taken out of the outcomes (no longer needed there).
    let written: Vec<(usize, (String, SourceDoc))> = results
        .iter_mut()
        .enumerate()
        .filter_map(|(i, r)| match r {
            Ok(Outcome::Written(_, _, _, k)) => k.take().map(|k| (i, *k)),
            _ => None,
        })
        .collect();
    let texts: Vec<_> = written
        .iter()
        .map(|(_, (text, _))| shingles(text))
        .collect();
    // The structure each first reading found, for the other copy to fill what it lacks.
    let structures: Vec<kehoach_segment::fuse::OtherStructure> = written
        .iter()
        .map(|(i, _)| match &results[*i] {
            Ok(Outcome::Written(_, _, x, _)) => kehoach_segment::fuse::OtherStructure {
                document: x.document.clone(),
                groups: x.groups.clone(),
                models: x.models.clone(),
            },
            _ => Default::default(),
        })
        .collect();
    let pairs = same_document_pairs(&texts);
    let jobs: Vec<(usize, usize)> = pairs
        .iter()
        .flat_map(|&(a, b, _)| [(a, b), (b, a)])
        .collect();
    let again: Vec<(usize, Result<Outcome>)> = jobs
        .par_iter()
        .map(|&(me, other)| {
            let (i, (_, doc)) = &written[me];
            let (_, (text, other_doc)) = &written[other];
            let copy = crate::other_copy(
                &other_doc.text(),
                text,
                &other_doc.source,
                structures[other].clone(),
            );
            let r = process_with(doc.clone(), opts, Some(&copy)).and_then(|p| {
                let json = write_outputs(&p, &stems[*i], out)?;
                Ok(Outcome::Written(
                    files[*i].clone(),
                    json,
                    Box::new(p.extraction),
                    None,
                ))
            });
            if let Err(e) = &r {
                on_error(e);
            }
            (*i, r)
        })
        .collect();
    for (i, r) in again {
        if r.is_ok() {
            results[i] = r;
        }
    }
    pairs
        .into_iter()
        .map(|(a, b, o)| (files[written[a].0].clone(), files[written[b].0].clone(), o))
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
