//! End to end: bad inputs give one-line errors naming the file; the rest of the batch is written.

mod common;
use common::*;
use std::ffi::OsStr;

#[test]
fn each_bad_input_is_named_and_the_good_one_is_still_written() {
    let dir = temp_dir("bad");
    let inputs = dir.join("in");
    std::fs::create_dir_all(inputs.join("nothing-here")).unwrap();
    std::fs::write(inputs.join("nothing-here/readme.docx"), b"PK\x03\x04").unwrap();
    std::fs::write(inputs.join("empty.txt"), b"").unwrap();
    std::fs::write(
        inputs.join("binary.txt"),
        [0u8, 1, 2, 3, 0, 0, 7, 8, 0, 255, 0, 3, 1],
    )
    .unwrap();
    std::fs::write(inputs.join("latin1.txt"), b"K\xe9 ho\xe1ch s\xf4 1\n").unwrap();
    std::fs::write(inputs.join("zip.pdf.txt"), b"PK\x03\x04\x14\x00\x00\x00").unwrap();
    let good = fixture("seeds/004_654d23b1dcbb925c.txt");
    let missing = inputs.join("missing.txt");
    let out = dir.join("out");
    let args: Vec<&OsStr> = vec![
        "extract".as_ref(),
        missing.as_os_str(),
        inputs.join("nothing-here").into_os_string().leak(),
        inputs.join("empty.txt").into_os_string().leak(),
        inputs.join("binary.txt").into_os_string().leak(),
        inputs.join("latin1.txt").into_os_string().leak(),
        inputs.join("zip.pdf.txt").into_os_string().leak(),
        good.as_os_str(),
        "--out".as_ref(),
        out.as_os_str(),
    ];
    let o = kehoach(&args);
    assert_eq!(o.status.code(), Some(1), "some inputs failed → exit 1");
    let stderr = String::from_utf8_lossy(&o.stderr);
    let errors: Vec<&str> = stderr
        .lines()
        .filter(|l| l.starts_with("error: "))
        .collect();
    assert_eq!(errors.len(), 6, "{stderr}");
    for (name, reason) in [
        ("missing.txt", "cannot read"),
        ("nothing-here", "no documents"),
        ("empty.txt", "empty file"),
        ("binary.txt", "binary data"),
        ("latin1.txt", "invalid UTF-8 at byte 1"),
        ("zip.pdf.txt", "ZIP archive"),
    ] {
        assert!(
            errors
                .iter()
                .any(|l| l.contains(name) && l.contains(reason)),
            "no error line naming {name} with '{reason}':\n{stderr}"
        );
    }
    assert!(out.join("004_654d23b1dcbb925c.json").exists());
}

#[test]
fn usage_errors_exit_2() {
    let o = kehoach(&["extract".as_ref()]);
    assert_eq!(o.status.code(), Some(2));
    let o = kehoach(&["frobnicate".as_ref()]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn help_has_examples() {
    for cmd in ["extract", "restore"] {
        let o = kehoach(&[cmd.as_ref(), "--help".as_ref()]);
        assert!(o.status.success());
        assert!(
            String::from_utf8_lossy(&o.stdout).contains("Examples:"),
            "{cmd}"
        );
    }
}

#[test]
fn bad_pdfs_fail_alone_and_the_good_pdf_is_written() {
    let dir = temp_dir("bad-pdf");
    let full = std::fs::read(fixture("pdf/layer-mixed.pdf")).unwrap();
    let truncated = dir.join("truncated.pdf");
    std::fs::write(&truncated, &full[..full.len() / 2]).unwrap();
    let renamed = dir.join("notes.pdf");
    std::fs::write(
        &renamed,
        "Kế hoạch số 07/KH-TCTTKĐA, plain text saved as .pdf\n",
    )
    .unwrap();
    let good = fixture("pdf/layer-good.ocrmypdf.pdf");
    let encrypted = fixture("pdf/encrypted.pdf");
    let out = dir.join("out");
    let o = kehoach(&[
        "extract".as_ref(),
        encrypted.as_os_str(),
        truncated.as_os_str(),
        renamed.as_os_str(),
        good.as_os_str(),
        "--out".as_ref(),
        out.as_os_str(),
    ]);
    assert_eq!(o.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&o.stderr);
    for (name, reason) in [
        ("encrypted.pdf", "encrypted"),
        ("truncated.pdf", "truncated"),
        ("notes.pdf", "not a PDF"),
    ] {
        assert!(
            stderr
                .lines()
                .any(|l| l.starts_with("error: ") && l.contains(name) && l.contains(reason)),
            "no error line naming {name} with '{reason}':\n{stderr}"
        );
    }
    let json = load_json(&out.join("layer-good.ocrmypdf.json"));
    assert_schema_valid(&json);
    assert_eq!(json["source"]["kind"], "pdf-text");
}
