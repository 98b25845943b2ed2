//! Expands the command line's files and directories into the list of documents to process.
//!
//! Directories are walked recursively in sorted order (stable output for nightly diffs);
//! hidden files and files with extensions kehoach does not read are skipped there, but a file
//! named explicitly is always attempted, so the user learns why it fails.

use kehoach_core::Error;
use std::path::{Path, PathBuf};

const EXTENSIONS: &[&str] = &[
    "txt", "md", "markdown", "text", "pdf", "png", "jpg", "jpeg", "tif", "tiff",
];

/// True when a directory walk should pick this file up.
pub fn is_supported_extension(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .map(|e| EXTENSIONS.contains(&e.to_ascii_lowercase().as_str()))
        .unwrap_or(false)
}

/// Expands `inputs` into files. Problems (missing path, directory without documents, unreadable
/// directory) are returned beside the files found, one error per problem.
pub fn collect_inputs(inputs: &[PathBuf]) -> (Vec<PathBuf>, Vec<Error>) {
    let mut files = Vec::new();
    let mut errors = Vec::new();
    for input in inputs {
        match std::fs::metadata(input) {
            Err(e) => errors.push(Error::io(input, e)),
            Ok(m) if m.is_dir() => {
                let before = files.len();
                walk(input, &mut files, &mut errors);
                if files.len() == before {
                    errors.push(Error::invalid(
                        input,
                        format!(
                            "directory contains no documents (looked for .{})",
                            EXTENSIONS.join(", .")
                        ),
                    ));
                }
            }
            Ok(_) => files.push(input.clone()),
        }
    }
    (files, errors)
}

fn walk(dir: &Path, files: &mut Vec<PathBuf>, errors: &mut Vec<Error>) {
    let entries = match std::fs::read_dir(dir) {
        Ok(rd) => rd,
        Err(e) => {
            errors.push(Error::io(dir, e));
            return;
        }
    };
    let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    for p in paths {
        let hidden = p
            .file_name()
            .and_then(|n| n.to_str())
            .is_some_and(|n| n.starts_with('.'));
        if hidden {
            continue;
        }
        if p.is_dir() {
            walk(&p, files, errors);
        } else if is_supported_extension(&p) {
            files.push(p);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn walks_sorted_and_reports_empty_dirs() {
        let root = std::env::temp_dir().join(format!("kehoach-discover-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&root);
        std::fs::create_dir_all(root.join("sub")).unwrap();
        std::fs::create_dir_all(root.join("empty")).unwrap();
        std::fs::write(root.join("b.txt"), "x").unwrap();
        std::fs::write(root.join("sub/a.pdf"), "x").unwrap();
        std::fs::write(root.join("notes.docx"), "x").unwrap();
        std::fs::write(root.join(".hidden.txt"), "x").unwrap();
        let (files, errors) =
            collect_inputs(&[root.clone(), root.join("empty"), root.join("nope")]);
        let names: Vec<_> = files
            .iter()
            .map(|f| f.strip_prefix(&root).unwrap().display().to_string())
            .collect();
        assert_eq!(names, vec!["b.txt", "sub/a.pdf"]);
        assert_eq!(errors.len(), 2);
        assert!(errors[0].to_string().contains("no documents"));
        std::fs::remove_dir_all(&root).unwrap();
    }
}
