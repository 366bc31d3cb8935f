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
/// The most bytes live since it was last reset.
static PEAK: AtomicUsize = AtomicUsize::new(0);
/// The tests measure one process-wide count: they run one at a time.
static SERIAL: std::sync::Mutex<()> = std::sync::Mutex::new(());

// SAFETY: every call is passed on to the system allocator unchanged; only
// the count of live bytes is kept beside it.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let now = LIVE.fetch_add(layout.size(), Ordering::Relaxed) + layout.size();
        PEAK.fetch_max(now, Ordering::Relaxed);
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
        unsafe { System.dealloc(ptr, layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let now = LIVE.fetch_add(new_size, Ordering::Relaxed) + new_size;
        PEAK.fetch_max(now, Ordering::Relaxed);
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
    let _serial = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
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

/// The comparison between the reports of a run (FZ075) keeps a signature
/// of 512 bytes per report while it pairs them, and the
/// partners and paths of the paired ones after: thousands of reports that
/// are all alike (the worst case for pairing) cost a few kilobytes each at
/// most, and only one report per thread is parsed at a time.
#[test]
fn the_comparison_between_reports_keeps_a_small_signature_per_report() {
    let _serial = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
    let setup = config::load(None, &Overrides::default()).expect("the built-in pack loads");
    let dir = tempfile::tempdir().unwrap();
    let body = "区政府办公室坚持把法治学习作为重要必修课程，通过党组会、理论学习中心组专题学习研讨等方式认真学习，全年共组织集中学法十二次，邀请高校专家授课三次。严格落实重大行政决策法定程序，全年对五十六件规范性文件开展合法性审查，未发现违法文件。推行行政执法三项制度，公示执法信息一千二百余条。\n";
    let n = 3_000;
    let mut planned = Vec::with_capacity(n);
    for i in 0..n {
        let path = dir.path().join(format!("r{i:05}.txt"));
        let text = format!(
            "第{i}县人民政府关于2023年度法治政府建设情况的报告\n一、主要举措和成效\n{}\n第{i}县人民政府\n2024年2月1日\n",
            body.repeat(4)
        );
        std::fs::write(&path, text).unwrap();
        planned.push((Ok(reportlint::input::Source::Path(path)), 0));
    }
    let packs = [&setup.pack];
    // The regexes' caches and the thread pool, made once and kept.
    reportlint::batch::Batch::plan(&planned[..50], &packs, 1 << 20).expect("they pair");
    let before = live();
    PEAK.store(before, Ordering::Relaxed);
    let batch = reportlint::batch::Batch::plan(&planned, &packs, 1 << 20).expect("they pair");
    let peak = PEAK.load(Ordering::Relaxed) - before;
    let kept = live().saturating_sub(before);
    assert!(batch.partners(0).len() <= 3);
    assert!(
        (0..n).all(|i| batch.partners(i).len() <= 3),
        "each report has at most max_partners partners"
    );
    // 3,000 reports: at most 2 KB each at the peak, plus a few documents
    // in flight.
    assert!(
        peak <= n * 2_048 + 4_000_000,
        "peak {peak} bytes for {n} reports"
    );
    assert!(kept <= n * 512, "{kept} bytes kept for {n} reports");
}
