//! End to end: incremental runs, UTF-16 input, restore keeps line breaks.

mod common;
use common::*;

#[test]
fn incremental_run_skips_unchanged_inputs_and_redoes_changed_ones() {
    let dir = temp_dir("incr");
    let input = dir.join("plan.txt");
    std::fs::copy(fixture("seeds/003_c13568a1ac7b3f6f.txt"), &input).unwrap();
    let out = dir.join("out");
    let run_with = |extra: &[&str]| {
        let mut args: Vec<&std::ffi::OsStr> = vec![
            "extract".as_ref(),
            input.as_os_str(),
            "--out".as_ref(),
            out.as_os_str(),
            "--incremental".as_ref(),
        ];
        args.extend(extra.iter().map(|a| std::ffi::OsStr::new(*a)));
        kehoach(&args)
    };
    let run = || run_with(&[]);
    let said = |o: std::process::Output, what: &str| {
        let err = String::from_utf8_lossy(&o.stderr).into_owned();
        assert!(err.contains(what), "{err}");
    };
    said(run(), "1 written, 0 up to date");
    said(run(), "0 written, 1 up to date");
    let json = out.join("plan.json");
    let producer = load_json(&json)["producer"].clone();
    assert_eq!(producer["version"], env!("CARGO_PKG_VERSION"));
    assert_eq!(producer["settings"], "restore, ocr auto, lang vie");
    // Other settings, or an output another build of kehoach wrote: read again.
    said(run_with(&["--no-restore"]), "1 written, 0 up to date");
    said(run(), "1 written, 0 up to date");
    let mut old = load_json(&json);
    old["producer"]["build"] = "0000000000000000".into();
    std::fs::write(&json, old.to_string()).unwrap();
    said(run(), "1 written, 0 up to date");
    old["producer"] = serde_json::Value::Null;
    std::fs::write(&json, old.to_string()).unwrap();
    said(run(), "1 written, 0 up to date");
    said(run(), "0 written, 1 up to date");
    // A changed document: read again.
    let mut text = std::fs::read_to_string(&input).unwrap();
    text.push_str("\nPhụ lục bổ sung\n");
    std::fs::write(&input, text).unwrap();
    said(run(), "1 written, 0 up to date");
}

#[test]
fn utf16_input_gives_the_same_models_as_utf8() {
    let dir = temp_dir("utf16");
    let text = std::fs::read_to_string(fixture("seeds/004_654d23b1dcbb925c.txt")).unwrap();
    let mut bytes = vec![0xff, 0xfe];
    for u in text.encode_utf16() {
        bytes.extend_from_slice(&u.to_le_bytes());
    }
    std::fs::write(dir.join("u16.txt"), bytes).unwrap();
    std::fs::write(dir.join("u8.txt"), &text).unwrap();
    let out = dir.join("out");
    let o = kehoach(&[
        "extract".as_ref(),
        dir.join("u16.txt").as_os_str(),
        dir.join("u8.txt").as_os_str(),
        "--out".as_ref(),
        out.as_os_str(),
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let a = load_json(&out.join("u16.json"));
    let b = load_json(&out.join("u8.json"));
    assert_eq!(a["source"]["encoding"], "utf-16le");
    assert_eq!(a["models"], b["models"]);
    assert_eq!(a["document"], b["document"]);
}

#[test]
fn restore_keeps_line_breaks() {
    let dir = temp_dir("restore");
    let input = fixture("seeds/000_03363ce3fe7dcee5.txt");
    let output = dir.join("r.txt");
    let o = kehoach(&[
        "restore".as_ref(),
        input.as_os_str(),
        "-o".as_ref(),
        output.as_os_str(),
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let a = std::fs::read_to_string(&input).unwrap();
    let b = std::fs::read_to_string(&output).unwrap();
    assert_eq!(a.lines().count(), b.lines().count());
}

#[test]
fn csv_has_one_row_per_model_of_every_input_even_when_up_to_date() {
    let dir = temp_dir("csv");
    let out = dir.join("out");
    let csv = dir.join("models.csv");
    let a = fixture("seeds/003_c13568a1ac7b3f6f.txt");
    let b = fixture("seeds/004_654d23b1dcbb925c.txt");
    let run = |extra: &[&std::ffi::OsStr]| {
        let mut args: Vec<&std::ffi::OsStr> = vec![
            "extract".as_ref(),
            a.as_os_str(),
            b.as_os_str(),
            "--out".as_ref(),
            out.as_os_str(),
            "--csv".as_ref(),
            csv.as_os_str(),
        ];
        args.extend_from_slice(extra);
        let o = kehoach(&args);
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        let text = std::fs::read_to_string(&csv).unwrap();
        text.trim_start_matches('\u{feff}').lines().count() - 1
    };
    assert_eq!(run(&[]), 35 + 39);
    // Second run: both inputs up to date, the CSV still lists every model.
    assert_eq!(run(&["--incremental".as_ref()]), 35 + 39);
}

/// `kehoach extract IN --out OUT --leave-out 000 --pair-copies EXTRA…`, which must succeed;
/// its stdout (the pairs) followed by its stderr (the summary).
fn extract_pairing(input: &std::path::Path, out: &std::path::Path, extra: &[&str]) -> String {
    let mut args: Vec<&std::ffi::OsStr> = vec![
        "extract".as_ref(),
        input.as_os_str(),
        "--out".as_ref(),
        out.as_os_str(),
        "--leave-out".as_ref(),
        "000".as_ref(),
        "--pair-copies".as_ref(),
    ];
    args.extend(extra.iter().map(std::ffi::OsStr::new));
    let o = kehoach(&args);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    String::from_utf8_lossy(&o.stdout).into_owned() + &String::from_utf8_lossy(&o.stderr)
}

#[test]
fn copies_of_one_plan_in_a_batch_are_found_and_read_together() {
    // Seeds 000 and 001 are one plan damaged two ways; 003 is another plan. With
    // --pair-copies the batch pairs 000 with 001 only, and 000 gets 001's marks (titles 0.826
    // alone, 0.913 together; model without the plan).
    let dir = temp_dir("pair-copies");
    let input = dir.join("in");
    std::fs::create_dir_all(&input).unwrap();
    for seed in [
        "000_03363ce3fe7dcee5",
        "001_6d9b23d9d5aedc2d",
        "003_c13568a1ac7b3f6f",
    ] {
        std::fs::copy(
            fixture(&format!("seeds/{seed}.txt")),
            input.join(format!("{seed}.txt")),
        )
        .unwrap();
    }
    let out = dir.join("out");
    let stdout = extract_pairing(&input, &out, &[]);
    let paired: Vec<&str> = stdout
        .lines()
        .filter(|l| l.contains("read together"))
        .collect();
    assert_eq!(paired.len(), 1, "{stdout}");
    assert!(paired[0].contains("000_") && paired[0].contains("001_"));
    let json = load_json(&out.join("000_03363ce3fe7dcee5.json"));
    assert_schema_valid(&json);
    let other = json["source"]["companion"]["file"]
        .as_str()
        .unwrap_or_default();
    assert!(
        other.ends_with("001_6d9b23d9d5aedc2d.txt"),
        "{}",
        json["source"]
    );
    let alone = load_json(&out.join("003_c13568a1ac7b3f6f.json"));
    assert!(alone["source"].get("companion").is_none());
    let x: kehoach::core::Extraction = serde_json::from_value(json).unwrap();
    let s = kehoach::eval::score_structure(&gold("000"), &x);
    assert!(s.title_exact >= 0.9, "{}", s.title_exact);
    // Each copy fills what it lacks from the other's first reading: 000 the groups, 001 the
    // header block its layer does not have.
    assert_eq!(s.groups_exact, 1.0);
    let layer: kehoach::core::Extraction =
        serde_json::from_value(load_json(&out.join("001_6d9b23d9d5aedc2d.json"))).unwrap();
    assert_eq!(layer.document.number.as_deref(), Some("94/KH-UBND"));
}

#[test]
fn the_nightly_run_pairs_a_new_upload_with_an_earlier_copy() {
    // Night one: 000 and 003. Night two: 001 arrives, the other copy of 000's plan. The
    // incremental run reads 001, finds 000's earlier output to be its copy, and reads both
    // again together; 003 stays as it was.
    let dir = temp_dir("pair-copies-incremental");
    let input = dir.join("in");
    let out = dir.join("out");
    std::fs::create_dir_all(&input).unwrap();
    let add = |seed: &str| {
        std::fs::copy(
            fixture(&format!("seeds/{seed}.txt")),
            input.join(format!("{seed}.txt")),
        )
        .unwrap();
    };
    let night = || extract_pairing(&input, &out, &["--incremental"]);
    add("000_03363ce3fe7dcee5");
    add("003_c13568a1ac7b3f6f");
    let first = night();
    assert!(!first.contains("read together"), "{first}");
    let alone = load_json(&out.join("000_03363ce3fe7dcee5.json"));
    assert!(alone["source"].get("companion").is_none());
    add("001_6d9b23d9d5aedc2d");
    let second = night();
    assert!(second.contains("read together"), "{second}");
    assert!(second.contains("1 up to date"), "{second}");
    let json = load_json(&out.join("000_03363ce3fe7dcee5.json"));
    assert_schema_valid(&json);
    assert!(json["source"]["companion"]["file"]
        .as_str()
        .unwrap_or_default()
        .ends_with("001_6d9b23d9d5aedc2d.txt"));
    let x: kehoach::core::Extraction = serde_json::from_value(json).unwrap();
    let s = kehoach::eval::score_structure(&gold("000"), &x);
    assert!(s.title_exact >= 0.9, "{}", s.title_exact);
    let layer: kehoach::core::Extraction =
        serde_json::from_value(load_json(&out.join("001_6d9b23d9d5aedc2d.json"))).unwrap();
    assert_eq!(layer.document.number.as_deref(), Some("94/KH-UBND"));
    // Night three: nothing new, nothing read again.
    let third = night();
    assert!(third.contains("0 written, 3 up to date"), "{third}");
}
