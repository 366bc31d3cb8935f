//! Throughput of `check` per input format, all formats in one run: the five
//! seed reports as text and in every form under `tests/fixtures/formats/`
//! (Word .docx, .doc, .wps, .odt, .rtf, PDF from LibreOffice and from
//! Chromium in two fonts, OFD).
//!
//! Run with `cargo bench --bench formats`. For each format the corpus is
//! the seeds' files in that form, repeated until it holds at least
//! `REPORTLINT_BENCH_MB` MB of files (default 8); every file of it is read
//! from memory (recognised, decoded or unpacked, laid out) and checked with
//! the built-in pack, on one thread, the way `reportlint check` does for
//! each report (output is not written). Reported: MB/s of the files as
//! stored, and MB/s of the text read from them. This is a measurement to
//! read, not a test: it asserts nothing.

// A benchmark reports on standard output.
#![allow(clippy::print_stdout, clippy::print_stderr)]

use std::fs;
use std::path::{Path, PathBuf};
use std::time::Instant;

use reportlint::input;
use reportlint::rules::pack;
use reportlint::run::{self, Options};

/// The forms measured: a label, the directory under `tests/fixtures` and
/// how the seeds' file names end there.
const FORMS: &[(&str, &str, &str)] = &[
    ("text (UTF-8)", "", ".txt"),
    (
        ".docx (list-style numbering)",
        "formats/docx",
        ".liststyle.docx",
    ),
    (".doc (LibreOffice)", "formats/doc", ".doc"),
    (".wps", "formats/wps", ".wps"),
    (".odt (LibreOffice)", "formats/odt", ".odt"),
    (".rtf (LibreOffice)", "formats/rtf", ".rtf"),
    ("PDF (LibreOffice)", "formats/pdf", ".pdf"),
    ("PDF (Chromium, TrueType)", "formats/pdf-chromium", ".pdf"),
    (
        "PDF (Chromium, Type 3)",
        "formats/pdf-chromium",
        ".noto.pdf",
    ),
    ("OFD", "formats/ofd", ".ofd"),
];

/// The seeds' files of one form: `seed_00N` followed by `suffix`.
fn seed_files(dir: &Path, suffix: &str) -> Vec<PathBuf> {
    (0..5)
        .map(|n| dir.join(format!("seed_00{n}{suffix}")))
        .filter(|p| p.is_file())
        .collect()
}

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let megabytes: f64 = std::env::var("REPORTLINT_BENCH_MB")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(8.0);
    let Ok(pack) = pack::builtin() else {
        eprintln!("the built-in pack does not load");
        return;
    };
    let options = Options::default();
    println!(
        "check per format: corpus of at least {megabytes} MB of files per format, one thread\n"
    );
    println!(
        "{:<30} {:>5} {:>8} {:>9} {:>10} {:>10}",
        "format", "files", "file MB", "text MB", "file MB/s", "text MB/s"
    );
    for (label, dir, suffix) in FORMS {
        let paths = seed_files(&root.join(dir), suffix);
        let files: Vec<(String, Vec<u8>)> = paths
            .iter()
            .filter_map(|p| Some((p.display().to_string(), fs::read(p).ok()?)))
            .collect();
        let size: usize = files.iter().map(|(_, b)| b.len()).sum();
        if files.is_empty() || size == 0 {
            println!("{label:<30} (no files)");
            continue;
        }
        let repeats = ((megabytes * 1e6) / size as f64).ceil().max(1.0) as usize;
        let check = |name: &String, bytes: &[u8]| -> usize {
            let ext = name.rsplit('.').next();
            match input::from_bytes(
                name.clone(),
                bytes,
                ext,
                input::DEFAULT_MAX_BYTES,
                &pack.grammar.page_title_words,
            ) {
                Ok(loaded) => {
                    let file = run::check_loaded(loaded, &pack, options);
                    std::hint::black_box(&file.checked.findings);
                    file.doc.text.len()
                }
                Err(e) => {
                    eprintln!("{name}: {e}");
                    0
                }
            }
        };
        // One pass to warm up (and to count the text).
        let text: usize = files.iter().map(|(n, b)| check(n, b)).sum();
        let start = Instant::now();
        for _ in 0..repeats {
            for (name, bytes) in &files {
                std::hint::black_box(check(name, bytes));
            }
        }
        let secs = start.elapsed().as_secs_f64().max(1e-9);
        let file_mb = (size * repeats) as f64 / 1e6;
        let text_mb = (text * repeats) as f64 / 1e6;
        println!(
            "{label:<30} {:>5} {file_mb:>8.1} {text_mb:>9.1} {:>10.1} {:>10.1}",
            files.len() * repeats,
            file_mb / secs,
            text_mb / secs
        );
    }
}
