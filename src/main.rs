//! The `kehoach` command line.

use clap::{Args, Parser, Subcommand};
use kehoach::{batch, Options};
use std::path::PathBuf;
use std::process::ExitCode;

/// Turns Vietnamese Đề án 06 plans (Kế hoạch) into clean text and structured JSON.
#[derive(Parser)]
#[command(name = "kehoach", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Extract structure from documents into DIR/<stem>.json (+ restored text DIR/<stem>.txt).
    #[command(after_help = "Examples:
  kehoach extract fixtures/seeds --out out/
  kehoach extract plan.txt other.md --out out/ --incremental
  kehoach extract plans/ --out out/ --csv out/models.csv --xlsx out/plans.xlsx
  kehoach extract ocr-text.txt --companion plan.pdf --out out/
  kehoach extract archive/ --out out/ --pair-copies

Exit status: 0 all inputs written, 1 some inputs failed, 2 usage error.")]
    Extract(ExtractArgs),
    /// Restore the Vietnamese of a text file, keeping its line breaks.
    #[command(after_help = "Examples:
  kehoach restore ocr.txt -o restored.txt
  kehoach restore ocr.txt            # writes to standard output
  kehoach restore ocr.txt --companion layer.txt -o restored.txt")]
    Restore {
        /// Text file to restore.
        file: PathBuf,
        /// Output file (standard output when omitted).
        #[arg(short, long)]
        output: Option<PathBuf>,
        /// Evaluation only: use a model trained without this bundled seed plan.
        #[arg(long, value_name = "SEED")]
        leave_out: Option<String>,
        /// Another copy of the same document, damaged another way: restored on its own, its
        /// reading of each word is evidence for the file's.
        #[arg(long, value_name = "FILE")]
        companion: Option<PathBuf>,
    },
    /// Measure output against an answer key.
    #[command(subcommand)]
    Eval(EvalCommand),
}

#[derive(Args)]
struct ExtractArgs {
    /// Files or directories (searched recursively for .txt, .md, .pdf, .png, .jpg, .tif).
    #[arg(required = true)]
    inputs: Vec<PathBuf>,
    /// Output directory (created if missing).
    #[arg(short, long)]
    out: PathBuf,
    /// Skip inputs whose output already records the same input SHA-256 (nightly runs).
    #[arg(long)]
    incremental: bool,
    /// Also write one CSV with a row per model of every input (UTF-8 with BOM, lists joined by " | ").
    #[arg(long, value_name = "FILE")]
    csv: Option<PathBuf>,
    /// Also write an XLSX workbook: sheets "models", "documents" and "warnings".
    #[arg(long, value_name = "FILE")]
    xlsx: Option<PathBuf>,
    /// Do not restore the text before segmenting it.
    #[arg(long)]
    no_restore: bool,
    /// Evaluation only: restore with a model trained without this bundled seed plan ("000",
    /// "001", "003", "004"), so that a seed is scored by a model that never saw it.
    #[arg(long, value_name = "SEED")]
    leave_out: Option<String>,
    /// Another copy of the same document, damaged another way (e.g. an English-model OCR
    /// text and the PDF's broken text layer): restored on its own, its reading of each word
    /// is evidence for the input's. Needs exactly one input file.
    #[arg(long, value_name = "FILE")]
    companion: Option<PathBuf>,
    /// Find inputs that are copies of one plan (their restored texts share most word
    /// three-grams) and read each pair again together, as --companion does.
    #[arg(long, conflicts_with = "companion")]
    pair_copies: bool,
    /// When to OCR PDF pages: auto (pages without a usable text layer), always, never.
    #[arg(long, value_name = "MODE", default_value = "auto", value_parser = ["auto", "always", "never"])]
    ocr: String,
    /// Tesseract language model(s), '+'-separated (e.g. vie+eng).
    #[arg(long, default_value = "vie")]
    lang: String,
    /// Worker threads (default: all cores).
    #[arg(short, long)]
    jobs: Option<usize>,
}

#[derive(Subcommand)]
enum EvalCommand {
    /// Restoration accuracy: token accuracy of OUTPUT against GOLD, and how many damaged INPUT
    /// tokens were repaired and correct ones broken.
    #[command(after_help = "Example:
  kehoach restore ocr.txt -o restored.txt
  kehoach eval restore --gold clean.txt --input ocr.txt --output restored.txt")]
    Restore {
        /// The correct text.
        #[arg(long)]
        gold: PathBuf,
        /// The damaged text given to restoration.
        #[arg(long)]
        input: PathBuf,
        /// The restored text.
        #[arg(long)]
        output: PathBuf,
    },
    /// Score an extraction JSON against a gold answer key (fixtures/gold/*.gold.json).
    #[command(after_help = "Example:
  kehoach eval struct --gold fixtures/gold/004.gold.json out/004_654d23b1dcbb925c.json")]
    Struct {
        /// Answer key.
        #[arg(long)]
        gold: PathBuf,
        /// kehoach output JSON.
        output: PathBuf,
        /// Also list every mismatch.
        #[arg(long)]
        verbose: bool,
    },
}

fn read_json<T: serde::de::DeserializeOwned>(path: &PathBuf) -> Result<T, String> {
    let bytes = std::fs::read(path).map_err(|e| format!("{}: cannot read: {e}", path.display()))?;
    serde_json::from_slice(&bytes)
        .map_err(|e| format!("{}: not the expected JSON: {e}", path.display()))
}

fn main() -> ExitCode {
    // Tesseract's OpenMP threads must be off before libgomp loads; this re-executes the program
    // with OMP_THREAD_LIMIT=1 when it is not set, so N cores OCR N pages at once.
    kehoach::ocr::ensure_single_openmp_thread();
    let code = run(Cli::parse());
    kehoach::ocr::release_engines();
    code
}

fn run(cli: Cli) -> ExitCode {
    match cli.command {
        Command::Extract(a) => {
            if let Some(j) = a.jobs {
                if let Err(e) = rayon::ThreadPoolBuilder::new()
                    .num_threads(j.max(1))
                    .build_global()
                {
                    eprintln!("error: cannot set up {j} worker threads: {e}");
                    return ExitCode::from(2);
                }
            }
            let mut pdf = kehoach::pdf::PdfOptions::default();
            pdf.ocr = match a.ocr.as_str() {
                "always" => kehoach::pdf::OcrMode::Always,
                "never" => kehoach::pdf::OcrMode::Never,
                _ => kehoach::pdf::OcrMode::Auto,
            };
            pdf.ocr_config.lang = a.lang.clone();
            if a.companion.is_some() && (a.inputs.len() != 1 || a.inputs[0].is_dir()) {
                eprintln!("error: --companion reads one input file together with its other copy; give exactly one input file");
                return ExitCode::from(2);
            }
            let opts = Options {
                pdf,
                no_restore: a.no_restore,
                leave_out: a.leave_out.clone(),
                companion: a.companion.clone(),
                pair_copies: a.pair_copies,
            };
            let report = batch::run(&a.inputs, &a.out, &opts, a.incremental, &|e| {
                eprintln!("error: {e}")
            });
            for (input, json) in &report.written {
                println!("{} -> {}", input.display(), json.display());
            }
            for (a, b, overlap) in &report.paired {
                println!(
                    "{} and {}: copies of one plan ({:.0} % of word three-grams shared), read together",
                    a.display(),
                    b.display(),
                    100.0 * overlap
                );
            }
            let mut failed = !report.failed.is_empty();
            if let Some(csv) = &a.csv {
                let text = kehoach::export::table::to_csv(&report.extractions);
                match kehoach::export::write_atomic(csv, text.as_bytes()) {
                    Ok(()) => println!(
                        "{} models -> {}",
                        report
                            .extractions
                            .iter()
                            .map(|x| x.models.len())
                            .sum::<usize>(),
                        csv.display()
                    ),
                    Err(e) => {
                        eprintln!("error: {e}");
                        failed = true;
                    }
                }
            }
            eprintln!(
                "kehoach: {} written, {} up to date, {} failed",
                report.written.len(),
                report.skipped.len(),
                report.failed.len()
            );
            if let Some(xlsx) = &a.xlsx {
                let written = kehoach::export::table::to_xlsx(&report.extractions)
                    .map_err(|e| format!("{}: cannot build workbook: {e}", xlsx.display()))
                    .and_then(|bytes| {
                        kehoach::export::write_atomic(xlsx, &bytes).map_err(|e| e.to_string())
                    });
                match written {
                    Ok(()) => println!(
                        "{} documents -> {}",
                        report.extractions.len(),
                        xlsx.display()
                    ),
                    Err(e) => {
                        eprintln!("error: {e}");
                        failed = true;
                    }
                }
            }
            if failed {
                ExitCode::from(1)
            } else {
                ExitCode::SUCCESS
            }
        }
        Command::Restore {
            file,
            output,
            leave_out,
            companion,
        } => {
            let doc = match kehoach::read_input(&file, &Options::default()) {
                Ok(d) => d,
                Err(e) => {
                    eprintln!("error: {e}");
                    return ExitCode::from(1);
                }
            };
            let opts = Options {
                leave_out: leave_out.clone(),
                companion: companion.clone(),
                ..Options::default()
            };
            let text = match kehoach::restore_text(&doc.text(), &opts) {
                Ok((t, _, used)) => {
                    if let (Some(c), false) = (&companion, used) {
                        eprintln!(
                            "warning: {} is not a copy of {} (it shares too little of its text): \
                             restored without it",
                            c.display(),
                            file.display()
                        );
                    }
                    t
                }
                Err(e) => {
                    eprintln!("error: {e}");
                    return ExitCode::from(1);
                }
            };
            match output {
                Some(o) => {
                    if let Err(e) = kehoach::export::write_atomic(&o, text.as_bytes()) {
                        eprintln!("error: {e}");
                        return ExitCode::from(1);
                    }
                }
                None => print!("{text}"),
            }
            ExitCode::SUCCESS
        }
        Command::Eval(EvalCommand::Restore {
            gold,
            input,
            output,
        }) => {
            let read = |p: &PathBuf| {
                kehoach::ingest::read(p).map(|d| d.text()).map_err(|e| {
                    eprintln!("error: {e}");
                })
            };
            let (Ok(g), Ok(i), Ok(o)) = (read(&gold), read(&input), read(&output)) else {
                return ExitCode::from(1);
            };
            let s = kehoach::restore::metric::score(&g, &i, &o);
            println!("gold_tokens: {}", s.gold_tokens);
            println!("input_accuracy: {:.4}", s.input_accuracy);
            println!("accuracy: {:.4}", s.accuracy);
            println!(
                "repaired: {:.4} ({} of {} damaged input tokens)",
                s.repaired, s.repaired_count, s.damaged
            );
            println!(
                "broken: {:.4} ({} of {} correct input tokens)",
                s.broken, s.broken_count, s.correct_input
            );
            ExitCode::SUCCESS
        }
        Command::Eval(EvalCommand::Struct {
            gold,
            output,
            verbose,
        }) => {
            let g: kehoach::eval::Gold = match read_json(&gold) {
                Ok(g) => g,
                Err(e) => {
                    eprintln!("error: {e}");
                    return ExitCode::from(1);
                }
            };
            let o: kehoach::core::Extraction = match read_json(&output) {
                Ok(o) => o,
                Err(e) => {
                    eprintln!("error: {e}");
                    return ExitCode::from(1);
                }
            };
            let s = kehoach::eval::score_structure(&g, &o);
            print!("{s}");
            if verbose {
                for m in &s.misses {
                    println!("miss: {}\n  gold: {}\n  got:  {}", m.what, m.gold, m.got);
                }
            }
            ExitCode::SUCCESS
        }
    }
}
