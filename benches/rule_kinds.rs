//! Where the time goes, per stage and per rule kind of the built-in pack,
//! over the committed fixtures (the five seeds and the extra reports, and
//! their Word, GBK and web forms for the reading stage).
//!
//! Run with `cargo bench --bench rule_kinds`. Each stage runs over all
//! fixtures for a number of rounds (`REPORTLINT_BENCH_ROUNDS`, default 40)
//! and the fastest round is reported as MB/s of report text on one thread;
//! last come the ten rules that take longest, each run alone.
//! This is a measurement to read, not a test: it asserts nothing.

// A benchmark reports on standard output.
#![allow(clippy::print_stdout, clippy::print_stderr)]

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use reportlint::checks::Context;
use reportlint::document::Document;
use reportlint::engine;
use reportlint::input;
use reportlint::outline::Outline;
use reportlint::rules::pack;

fn files(dir: &Path, keep: impl Fn(&str) -> bool) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = fs::read_dir(dir)
        .map(|d| d.filter_map(Result::ok).map(|e| e.path()).collect())
        .unwrap_or_default();
    v.retain(|p| p.is_file() && keep(&p.file_name().unwrap_or_default().to_string_lossy()));
    v.sort();
    v
}

/// The fastest of `rounds` runs of `f`.
fn fastest(rounds: usize, mut f: impl FnMut()) -> Duration {
    (0..rounds)
        .map(|_| {
            let t = Instant::now();
            f();
            t.elapsed()
        })
        .min()
        .unwrap_or_default()
}

fn report(stage: &str, bytes: usize, time: Duration) {
    let mb = bytes as f64 / 1e6;
    let secs = time.as_secs_f64().max(1e-9);
    println!(
        "{stage:<28} {:>9.3} ms  {:>9.1} MB/s",
        secs * 1e3,
        mb / secs
    );
}

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let rounds: usize = std::env::var("REPORTLINT_BENCH_ROUNDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(40);
    let Ok(pack) = pack::builtin() else {
        eprintln!("the built-in pack does not load");
        return;
    };

    let mut texts: Vec<(String, String)> = Vec::new();
    for path in files(&root, |n| n.starts_with("seed_") && n.ends_with(".txt"))
        .into_iter()
        .chain(files(&root.join("extra"), |n| n.ends_with(".txt")))
    {
        if let Ok(t) = fs::read_to_string(&path) {
            texts.push((path.display().to_string(), t));
        }
    }
    let bytes: usize = texts.iter().map(|(_, t)| t.len()).sum();
    println!(
        "{} reports, {:.1} KB of text, fastest of {rounds} rounds, one thread\n",
        texts.len(),
        bytes as f64 / 1e3
    );

    println!("reading (bytes of the file as stored)");
    let variants = root.join("variants");
    let forms: [(&str, &str); 6] = [
        ("utf-8 text", ".txt"),
        ("gbk text", ".gbk.txt"),
        ("utf-16 text", ".utf16le.txt"),
        ("docx (LibreOffice)", ".lo.docx"),
        ("html page", ".html"),
        ("doc (LibreOffice)", ".doc"),
    ];
    for (label, suffix) in forms {
        let paths = if suffix == ".txt" {
            files(&root, |n| n.starts_with("seed_") && n.ends_with(".txt"))
        } else if suffix == ".doc" {
            files(&root.join("formats/doc"), |n| {
                n.starts_with("seed_") && n.ends_with(".doc")
            })
        } else {
            files(&variants, |n| {
                n.ends_with(suffix) && !n.contains(".gbk.html")
            })
        };
        let raw: Vec<(String, Vec<u8>)> = paths
            .iter()
            .filter_map(|p| Some((p.display().to_string(), fs::read(p).ok()?)))
            .collect();
        let size: usize = raw.iter().map(|(_, b)| b.len()).sum();
        let time = fastest(rounds, || {
            for (name, b) in &raw {
                let ext = name.rsplit('.').next();
                let _ = input::from_bytes(
                    name.clone(),
                    b,
                    ext,
                    input::DEFAULT_MAX_BYTES,
                    &pack.grammar.page_title_words,
                );
            }
        });
        report(label, size, time);
    }

    println!("\nchecking (bytes of UTF-8 text)");
    let parse = fastest(rounds, || {
        for (name, t) in &texts {
            std::hint::black_box(Document::parse(name.clone(), t.clone(), &pack.grammar));
        }
    });
    report("parse (document model)", bytes, parse);
    let docs: Vec<Document> = texts
        .iter()
        .map(|(n, t)| Document::parse(n.clone(), t.clone(), &pack.grammar))
        .collect();
    let outline = fastest(rounds, || {
        for d in &docs {
            std::hint::black_box(Outline::new(d, &pack.template));
        }
    });
    report("outline (template match)", bytes, outline);
    let outlines: Vec<Outline> = docs
        .iter()
        .map(|d| Outline::new(d, &pack.template))
        .collect();

    let meta = reportlint::meta::ReportMeta::default();
    let mut by_kind: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (i, rule) in pack.rules.iter().enumerate() {
        by_kind.entry(rule.check.kind()).or_default().push(i);
    }
    // Runs the given rules of the pack over every fixture, keeping the findings.
    let run_rules = |rules: &[usize]| {
        let mut out = Vec::new();
        for (doc, outline) in docs.iter().zip(&outlines) {
            for &r in rules {
                let ctx = Context {
                    doc,
                    grammar: &pack.grammar,
                    template: &pack.template,
                    outline,
                    rule: &pack.rules[r],
                    meta: &meta,
                    baseline: None,
                };
                let mut found = reportlint::finding::Findings::new();
                pack.rules[r].check.run(&ctx, &mut found);
                out.extend(found.into_parts().0);
            }
        }
        std::hint::black_box(out);
    };
    for (kind, rules) in &by_kind {
        let time = fastest(rounds, || run_rules(rules));
        report(
            &format!("kind: {kind} ({} rules)", rules.len()),
            bytes,
            time,
        );
    }
    println!("\nthe slowest rules");
    let mut per_rule: Vec<(Duration, usize)> = (0..pack.rules.len())
        .map(|r| {
            let time = fastest(rounds, || run_rules(&[r]));
            (time, r)
        })
        .collect();
    per_rule.sort_by_key(|b| std::cmp::Reverse(b.0));
    for (time, r) in per_rule.into_iter().take(10) {
        let rule = &pack.rules[r];
        report(&format!("{} ({})", rule.id, rule.check.kind()), bytes, time);
    }
    println!();
    let full = fastest(rounds, || {
        for (name, t) in &texts {
            let doc = Document::parse(name.clone(), t.clone(), &pack.grammar);
            std::hint::black_box(engine::check(&doc, &pack, &meta));
        }
    });
    report("parse + full built-in pack", bytes, full);
}
