//! Batches: many inputs, one output directory, failures isolated per file.
//!
//! Documents run in parallel on rayon's pool. One bad file yields one error line and the rest
//! of the batch goes on; outputs are written atomically as each document finishes, so nothing
//! already written is lost if the run is interrupted. With `incremental`, a document whose
//! output already records the same input SHA-256 is skipped (the nightly job).

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
    Written(PathBuf, PathBuf, Box<Extraction>),
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
    let results: Vec<Result<Outcome>> = files
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
    for r in results {
        match r {
            Ok(Outcome::Written(i, j, x)) => {
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
