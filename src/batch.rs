//! Batches: many inputs, one output directory, failures isolated per file.
//!
//! Documents run in parallel on rayon's pool. One bad file yields one error line and the rest
//! of the batch goes on; outputs are written atomically as each document finishes, so nothing
//! already written is lost if the run is interrupted. With `incremental`, a document whose
//! output already records the same input SHA-256 is skipped (the nightly job). With
//! `Options::pair_copies`, documents of the batch that are copies of one plan (their restored
//! texts share most word three-grams) are read again, each with the other as its companion.

use crate::{process_file, Options};
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
    /// Input, JSON written, its extraction, the restored text.
    Written(PathBuf, PathBuf, Box<Extraction>, String),
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
    let p = process_file(input, opts)?;
    kehoach_export::write_atomic(&out.join(format!("{stem}.txt")), p.text.as_bytes())?;
    kehoach_export::write_atomic(
        &json_path,
        kehoach_export::to_json(&p.extraction).as_bytes(),
    )?;
    Ok(Outcome::Written(
        input.to_path_buf(),
        json_path,
        Box::new(p.extraction),
        p.text,
    ))
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
/// pair again, each document with the other as its companion; their outcomes in `results` are
/// replaced (a failure keeps the first reading, which is already written). Returns the pairs.
fn read_copies_together(
    files: &[PathBuf],
    stems: &[String],
    out: &Path,
    opts: &Options,
    results: &mut [Result<Outcome>],
    on_error: &(dyn Fn(&Error) + Sync),
) -> Vec<(PathBuf, PathBuf, f64)> {
    use kehoach_restore::companion::{same_document_pairs, shingles};
    let written: Vec<usize> = (0..results.len())
        .filter(|&i| matches!(results[i], Ok(Outcome::Written(..))))
        .collect();
    let texts: Vec<_> = written
        .iter()
        .map(|&i| match &results[i] {
            Ok(Outcome::Written(_, _, _, text)) => shingles(text),
            _ => Default::default(),
        })
        .collect();
    let pairs: Vec<(usize, usize, f64)> = same_document_pairs(&texts)
        .into_iter()
        .map(|(a, b, o)| (written[a], written[b], o))
        .collect();
    let jobs: Vec<(usize, usize)> = pairs
        .iter()
        .flat_map(|&(a, b, _)| [(a, b), (b, a)])
        .collect();
    let again: Vec<(usize, Result<Outcome>)> = jobs
        .par_iter()
        .map(|&(me, other)| {
            let with = Options {
                companion: Some(files[other].clone()),
                ..opts.clone()
            };
            let r = one(&files[me], &stems[me], out, &with, false);
            if let Err(e) = &r {
                on_error(e);
            }
            (me, r)
        })
        .collect();
    for (i, r) in again {
        if r.is_ok() {
            results[i] = r;
        }
    }
    pairs
        .into_iter()
        .map(|(a, b, o)| (files[a].clone(), files[b].clone(), o))
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
