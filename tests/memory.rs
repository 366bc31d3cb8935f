//! Every output format's memory stays flat with the number of reports.
//!
//! A separate test binary, because it counts every allocation: a global
//! allocator tallies the bytes live, and each format's emitter is fed the
//! same checked report thousands of times (writing to nowhere). What the
//! emitter still holds after 3,300 reports, compared with after 300, is
//! what it keeps per report. An emitter that held each report's output
//! (several kilobytes here) would grow by tens of megabytes.

use std::alloc::{GlobalAlloc, Layout, System};
use std::io;
use std::sync::atomic::{AtomicUsize, Ordering};

use reportlint::config::{self, Overrides};
use reportlint::finding::Severity;
use reportlint::report::{self, human, Format};
use reportlint::run::{self, FileRun, Outcome, Shared};

struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);

// SAFETY: every call is passed on to the system allocator unchanged; only
// the count of live bytes is kept beside it.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        LIVE.fetch_add(layout.size(), Ordering::Relaxed);
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
        unsafe { System.dealloc(ptr, layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        LIVE.fetch_add(new_size, Ordering::Relaxed);
        LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// A short report with findings of every severity, an unreadable-looking
/// path and a fix, so every format has something to write for it.
const REPORT: &str = "某县人民政府关于2023年度法治政府建设情况的报告\n\
一、主要举措\n\
今年以来，我县深入学习贯彻习近平法治思想,推进依法行政(见附件)。\n\
二、存在的不足\n\
执法队伍建设有待加强。\n\
三、下一步工作安排\n\
继续推进法治政府建设。\n";

/// Reports fed after the first 300, between the two measures.
const MORE: usize = 3_000;

/// Bytes live in the process now.
fn live() -> usize {
    LIVE.load(Ordering::Relaxed)
}

#[test]
fn every_format_keeps_at_most_a_small_row_per_report() {
    let setup = config::load(None, &Overrides::default()).expect("the built-in pack loads");
    let checked = run::check_text(
        "reports/某县/2023年度报告.txt".to_string(),
        REPORT.to_string(),
        &setup.pack,
        run::Options::default(),
    );
    assert!(
        !checked.checked.findings.is_empty(),
        "the report has findings to write"
    );
    let shared = Shared::new(setup);
    let file = FileRun {
        outcome: Outcome::Checked(Box::new(checked)),
        setup: 0,
        waived: Vec::new(),
        fixed: None,
    };
    let options = |statistics| report::Options {
        statistics,
        quiet: false,
        threshold: Severity::Warning,
        style: human::Style {
            color: false,
            width: 100,
        },
        display: report::fold::Display::default(),
    };
    let formats = [
        Format::Human,
        Format::Json,
        Format::Sarif,
        Format::Junit,
        Format::Github,
        Format::Summary,
        Format::Csv,
        Format::Xlsx,
        Format::Html,
    ];
    let mut cases: Vec<(String, report::Options, Format)> = formats
        .iter()
        .map(|f| (f.name().to_string(), options(false), *f))
        .collect();
    cases.push(("statistics".to_string(), options(true), Format::Json));
    for (name, options, format) in cases {
        let mut emitter = report::emitter(format, options, false);
        let mut out = io::sink();
        emitter.begin(&shared, &mut out);
        for _ in 0..300 {
            emitter.file(&shared, &file, &mut out);
        }
        let before = live();
        for _ in 0..MORE {
            emitter.file(&shared, &file, &mut out);
        }
        let grown = live().saturating_sub(before);
        emitter.finish(&shared, &[], &mut out);
        // The completeness table keeps a row per report (about a hundred
        // bytes; the HTML overview adds the rules that fired); text set
        // aside moves to a temporary file past 1 MB.
        let limit = match format {
            Format::Human | Format::Summary | Format::Html => MORE * 300,
            _ => 1_200_000,
        };
        assert!(
            grown <= limit,
            "{name}: {grown} bytes more after {MORE} more reports (at most {limit})"
        );
    }
}
