//! The HTML review report, opened in a real browser: headless Chromium loads
//! what the real binary wrote, and the tests assert on the rendered page.
//!
//! A page cannot be clicked from the command line, so each test writes a
//! test copy of the page beside it with one more script at the end (the
//! self-test, [`SELF_TEST`]) and without the page's Content-Security-Policy
//! (which allows only the page's own script). The self-test runs in the
//! browser after the page's script: it reads the rendered DOM, clicks a
//! highlight and a finding, uses a filter and a sort, and writes what it saw
//! as JSON into `<pre id="selftest">`, which `--dump-dom` hands back. The
//! pages as written are loaded too (policy in force), for the escaping
//! test. Screenshots are kept under `target/html-browser/` as artifacts.
//!
//! Without Chromium the tests say so on standard error and pass, unless
//! `REPORTLINT_REQUIRE_TOOLS` is set (CI sets it after installing Chromium):
//! then a missing browser fails them.

use std::fs;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;

use super::helpers::{fixture, json, root, run};

/// Kills a browser that has not finished by then (a hang, not a measure).
const HARD_TIMEOUT: Duration = Duration::from_secs(120);

/// What the self-test reports; see the module comment.
const SELF_TEST: &str = r#"
(function () {
  var d = document, out = {};
  out.parsedMs = performance.now();
  d.body.offsetHeight;
  out.layoutMs = performance.now();
  out.pwned = !!window.__pwned || d.body.hasAttribute('data-pwned');
  out.scripts = d.scripts.length;
  var t = d.getElementById('matrix');
  if (t) {
    var rows = Array.prototype.slice.call(t.tBodies[0].rows);
    out.rows = rows.length;
    out.cells = rows.map(function (r) {
      return Array.prototype.map.call(r.querySelectorAll('td.c'), function (c) {
        return c.textContent;
      }).join('');
    });
    out.links = rows.map(function (r) { return r.querySelector('a').getAttribute('href'); });
    var rule = d.getElementById('f-rule');
    if (rule.options.length > 1) {
      rule.value = rule.options[1].value;
      rule.dispatchEvent(new Event('change'));
      out.filter = {
        rule: rule.value,
        shown: +d.getElementById('shown').textContent,
        visible: rows.filter(function (r) { return !r.hidden && r.getClientRects().length > 0; }).length
      };
      rule.value = '';
      rule.dispatchEvent(new Event('change'));
    }
    var errors = Array.prototype.find.call(t.tHead.rows[0].cells, function (c) {
      return c.textContent === '错误';
    });
    errors.click();
    out.sortedErrors = Array.prototype.map.call(t.tBodies[0].rows, function (r) {
      return +r.getAttribute('data-e');
    });
  }
  out.sections = Array.prototype.map.call(d.querySelectorAll('section.report'), function (s) {
    var marked = {};
    Array.prototype.forEach.call(s.querySelectorAll('mark[data-f]'), function (m) {
      m.getAttribute('data-f').split(' ').forEach(function (n) { marked[n] = true; });
    });
    return {
      id: s.id,
      findings: s.querySelectorAll('li.finding').length,
      marked: Object.keys(marked).length,
      severities: Array.prototype.map.call(s.querySelectorAll('li.finding'), function (li) {
        return li.className.replace(/.*sev-(\w+).*/, '$1');
      }),
      lines: s.querySelectorAll('.text .l').length,
      text: (s.querySelector('.text') || {}).textContent
    };
  });
  var pop = d.getElementById('pop');
  var mark = d.querySelector('mark.hl[data-f]');
  if (mark) {
    var section = mark.closest('section.report');
    var n = mark.getAttribute('data-f').split(' ')[0];
    var li = d.getElementById(section.id + '-f' + n);
    var help = li.querySelector('.help');
    var more = li.querySelector('.more');
    out.helpHiddenBefore = getComputedStyle(more).display === 'none';
    mark.click();
    var box = pop.getBoundingClientRect();
    out.markClick = {
      shown: !pop.hidden && getComputedStyle(pop).display !== 'none' && box.height > 0,
      text: pop.textContent,
      help: help ? help.textContent : null,
      message: li.querySelector('.msg').textContent
    };
    pop.querySelector('.close').click();
    out.closed = pop.hidden;
    var head = li.querySelector('.head');
    head.click();
    out.findingClick = {
      open: li.classList.contains('open'),
      helpVisible: getComputedStyle(more).display !== 'none' && more.getBoundingClientRect().height > 0,
      flashed: section.querySelectorAll('mark.flash').length
    };
  }
  var pre = d.createElement('pre');
  pre.id = 'selftest';
  pre.textContent = JSON.stringify(out);
  d.body.appendChild(pre);
})();
"#;

/// Headless Chromium, or `None` (with a notice) when it is not installed
/// and not required.
fn chromium() -> Option<PathBuf> {
    let names = [
        "chromium",
        "chromium-browser",
        "google-chrome",
        "google-chrome-stable",
    ];
    let path = std::env::var_os("PATH").unwrap_or_default();
    for dir in std::env::split_paths(&path) {
        for name in names {
            let candidate = dir.join(name);
            if candidate.is_file() {
                return Some(candidate);
            }
        }
    }
    if std::env::var_os("REPORTLINT_REQUIRE_TOOLS").is_some_and(|v| v != "0" && !v.is_empty()) {
        panic!("REPORTLINT_REQUIRE_TOOLS is set but Chromium is not installed (apt-get install chromium)");
    }
    let _ = writeln!(
        std::io::stderr(),
        "注意：未安装 Chromium，跳过 HTML 报告的浏览器测试（apt-get install chromium 后可运行）"
    );
    None
}

/// Where screenshots and test pages are kept: `target/html-browser/<name>`.
fn artifacts(name: &str) -> PathBuf {
    let dir = root().join("target/html-browser").join(name);
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).expect("create the artifacts folder");
    dir
}

/// Runs Chromium headless on a page with `args`; its standard output. A
/// browser still running after [`HARD_TIMEOUT`] is killed and fails the
/// test.
fn browse(chrome: &Path, page: &Path, args: &[&str]) -> String {
    let profile = tempfile::tempdir().expect("browser profile folder");
    let url = format!("file://{}", page.display());
    let mut child = Command::new(chrome)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--hide-scrollbars",
            "--allow-file-access-from-files",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .args(args)
        .arg(&url)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("start Chromium");
    let stdout = child.stdout.take().expect("Chromium's output");
    let reader = std::thread::spawn(move || {
        let mut text = String::new();
        let _ = std::io::Read::read_to_string(&mut { stdout }, &mut text);
        text
    });
    let started = Instant::now();
    loop {
        if child.try_wait().expect("wait for Chromium").is_some() {
            break;
        }
        if started.elapsed() > HARD_TIMEOUT {
            let _ = child.kill();
            let _ = child.wait();
            panic!("Chromium did not finish {url} within {HARD_TIMEOUT:?}");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    reader.join().unwrap_or_default()
}

/// The page's DOM after its scripts ran.
fn dump_dom(chrome: &Path, page: &Path) -> String {
    browse(chrome, page, &["--dump-dom"])
}

/// A screenshot of the page, kept as an artifact.
fn screenshot(chrome: &Path, page: &Path, png: &Path, height: u32) {
    browse(
        chrome,
        page,
        &[
            &format!("--screenshot={}", png.display()),
            &format!("--window-size=1280,{height}"),
        ],
    );
    assert!(
        png.is_file(),
        "Chromium wrote no screenshot of {}",
        page.display()
    );
}

/// A test copy of `page` beside it, without the page's policy and with the
/// self-test after the page's own script.
fn with_self_test(page: &Path) -> PathBuf {
    let html = fs::read_to_string(page).expect("read the page");
    let start = html
        .find("<meta http-equiv=\"Content-Security-Policy\"")
        .expect("the page has a policy");
    let end = start + html[start..].find('>').expect("end of the policy") + 1;
    let body_end = html.rfind("</body>").expect("</body>");
    let copy = format!(
        "{}{}<script>{SELF_TEST}</script>{}",
        &html[..start],
        &html[end..body_end],
        &html[body_end..]
    );
    let name = page.file_stem().unwrap().to_string_lossy();
    let path = page.with_file_name(format!("{name}.selftest.html"));
    fs::write(&path, copy).expect("write the test copy");
    path
}

/// What the self-test saw.
fn self_test(chrome: &Path, page: &Path) -> Value {
    let copy = with_self_test(page);
    let dom = dump_dom(chrome, &copy);
    let start = dom.find("<pre id=\"selftest\">").unwrap_or_else(|| {
        panic!(
            "the self-test did not run in {}:\n{dom:.2000}",
            copy.display()
        )
    }) + "<pre id=\"selftest\">".len();
    let end = start + dom[start..].find("</pre>").expect("end of the self-test");
    let text = dom[start..end]
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&nbsp;", "\u{a0}")
        .replace("&amp;", "&");
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("self-test output ({e}): {text}"))
}

/// The marks a report's JSON entry leads to expect in the matrix row: a
/// present item is ✔ or !, one told in the text without a part of its own
/// !, a missing one ✘, one of a missing section ?.
fn expected_cells(file: &Value) -> Vec<&'static [char]> {
    file["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|i| i["required"] == true)
        .map(|i| match i["status"].as_str() {
            Some("present") => &['✔', '!'][..],
            Some("in_text") => &['!'][..],
            Some("missing") => &['✘'][..],
            _ => &['?'][..],
        })
        .collect()
}

/// Every section: one list entry per finding of the report, errors first,
/// and as many highlighted findings as findings.
fn assert_sections(sections: &[Value], files: &[Value]) {
    assert_eq!(sections.len(), files.len(), "one section per report");
    for (section, file) in sections.iter().zip(files) {
        let path = file["path"].as_str().unwrap();
        let expected = file["findings"].as_array().map_or(0, Vec::len);
        assert_eq!(section["findings"], expected, "{path}: findings listed");
        assert_eq!(section["marked"], expected, "{path}: findings highlighted");
        let rank = |s: &Value| match s.as_str() {
            Some("error") => 0,
            Some("warning") => 1,
            _ => 2,
        };
        let ranks: Vec<i32> = section["severities"]
            .as_array()
            .unwrap()
            .iter()
            .map(rank)
            .collect();
        assert!(
            ranks.windows(2).all(|w| w[0] <= w[1]),
            "{path}: errors first: {ranks:?}"
        );
    }
}

fn assert_clicks(test: &Value) {
    assert_eq!(
        test["helpHiddenBefore"], true,
        "help is hidden until asked for"
    );
    let click = &test["markClick"];
    assert_eq!(
        click["shown"], true,
        "a click on a highlight opens the details: {click}"
    );
    let text = click["text"].as_str().unwrap();
    assert!(text.contains(click["message"].as_str().unwrap()), "{click}");
    if let Some(help) = click["help"].as_str() {
        assert!(text.contains(help), "the details show the help: {click}");
    }
    assert_eq!(test["closed"], true, "the details close");
    let finding = &test["findingClick"];
    assert_eq!(finding["open"], true, "{finding}");
    assert_eq!(
        finding["helpVisible"], true,
        "a click on a finding shows its help: {finding}"
    );
    assert!(
        finding["flashed"].as_u64().unwrap() >= 1,
        "and marks its place: {finding}"
    );
}

#[test]
fn the_seeds_review_report_works_in_a_browser() {
    let Some(chrome) = chromium() else {
        return;
    };
    let dir = artifacts("seeds");
    let seeds: Vec<String> = (0..5)
        .map(|i| format!("tests/fixtures/seed_00{i}.txt"))
        .collect();
    let seed_args: Vec<&str> = seeds.iter().map(String::as_str).collect();
    let (report, _) = json(&seed_args);
    let files = report["files"].as_array().unwrap().clone();
    let page = dir.join("审核报告.html");
    let spec = format!("html={}", page.display());
    let mut args = vec!["check", "-q", "--output", &spec];
    args.extend(&seed_args);
    let r = run(&args);
    assert!(r.code == 1, "the seeds have errors: {}", r.stderr);
    assert!(page.is_file());
    assert!(
        !dir.join("审核报告_files").exists(),
        "five reports make one file"
    );

    let test = self_test(&chrome, &page);
    assert_eq!(test["pwned"], false);
    assert_eq!(test["rows"], 5, "a matrix row per report");
    for (cells, file) in test["cells"].as_array().unwrap().iter().zip(&files) {
        let cells: Vec<char> = cells.as_str().unwrap().chars().collect();
        let expected = expected_cells(file);
        assert_eq!(cells.len(), expected.len(), "{}: {cells:?}", file["path"]);
        for (cell, allowed) in cells.iter().zip(&expected) {
            assert!(allowed.contains(cell), "{}: {cells:?}", file["path"]);
        }
    }
    let links: Vec<&str> = test["links"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l.as_str().unwrap())
        .collect();
    assert_eq!(links, ["#r1", "#r2", "#r3", "#r4", "#r5"]);
    assert_sections(test["sections"].as_array().unwrap(), &files);
    // The text shown is the report's text, line for line.
    for (section, seed) in test["sections"].as_array().unwrap().iter().zip(&seeds) {
        let text = fs::read_to_string(root().join(seed)).unwrap();
        let lines = text.split('\n').count();
        assert_eq!(section["lines"], lines, "{seed}");
        let shown = section["text"].as_str().unwrap();
        assert_eq!(shown, text.replace('\n', ""), "{seed}: the text, unchanged");
    }
    // Filtering by a rule shows the reports that have it.
    let filter = &test["filter"];
    let rule = filter["rule"].as_str().unwrap();
    let with_rule = files
        .iter()
        .filter(|f| {
            f["findings"]
                .as_array()
                .unwrap()
                .iter()
                .any(|x| x["rule"] == rule)
        })
        .count();
    assert_eq!(filter["shown"], with_rule, "{filter}");
    assert_eq!(filter["visible"], with_rule, "{filter}");
    let sorted: Vec<u64> = test["sortedErrors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_u64().unwrap())
        .collect();
    assert!(
        sorted.windows(2).all(|w| w[0] <= w[1]),
        "sorted by errors: {sorted:?}"
    );
    assert_clicks(&test);
    screenshot(&chrome, &page, &dir.join("审核报告.png"), 1400);

    // The same reports into a folder: an index and one page per report.
    let folder = dir.join("分页");
    let spec = format!("html={}/", folder.display());
    let mut args = vec!["check", "-q", "--output", &spec];
    args.extend(&seed_args);
    run(&args);
    let index = folder.join("index.html");
    let test = self_test(&chrome, &index);
    assert_eq!(test["rows"], 5);
    assert_eq!(test["sections"].as_array().unwrap().len(), 0);
    for (i, link) in test["links"].as_array().unwrap().iter().enumerate() {
        let page = folder.join(link.as_str().unwrap());
        assert!(page.is_file(), "{} exists", page.display());
        let test = self_test(&chrome, &page);
        assert_sections(test["sections"].as_array().unwrap(), &files[i..=i]);
        if i == 0 {
            assert_clicks(&test);
            screenshot(&chrome, &page, &dir.join("第一份.png"), 1400);
        }
    }
}

#[test]
fn markup_in_a_report_stays_text_in_the_browser() {
    let Some(chrome) = chromium() else {
        return;
    };
    let dir = artifacts("escape");
    let hostile = "某县人民政府关于2023年度法治政府建设情况的报告\n\
        一、主要举措和成效\n\
        <script>window.__pwned = true; document.body.setAttribute('data-pwned', '1')</script>\n\
        <img src=x onerror=\"window.__pwned = true\">\"'><b>粗体</b>&amp;&lt;\n\
        二、存在的不足和原因\n\
        三、下一年度主要安排\n";
    let input = dir.join("<script>报告.txt");
    fs::write(&input, hostile).unwrap();
    let page = dir.join("报告.html");
    let spec = format!("html={}", page.display());
    run(&["check", "-q", "--output", &spec, input.to_str().unwrap()]);

    // As written, with its policy.
    let dom = dump_dom(&chrome, &page);
    let body = &dom[dom.find("<body").unwrap()..];
    let body_tag = &body[..body.find('>').unwrap()];
    assert!(
        !body_tag.contains("data-pwned"),
        "no script of the report ran: {body_tag}"
    );
    assert_eq!(
        dom.matches("<script").count(),
        1,
        "only the page's own script"
    );
    assert!(
        dom.contains("&lt;script&gt;window."),
        "the markup is shown as text"
    );
    assert!(!dom.contains("<b>粗体</b>"));
    // Without the policy, escaping alone keeps it text.
    let test = self_test(&chrome, &page);
    assert_eq!(test["pwned"], false);
    assert_eq!(test["scripts"], 2, "the page's script and the self-test");
    let text = test["sections"][0]["text"].as_str().unwrap();
    assert!(text.contains("<script>window.__pwned = true;"), "{text}");
    assert!(text.contains("<img src=x onerror=\"window.__pwned = true\">\"'><b>粗体</b>&amp;&lt;"));
}

#[test]
fn a_thousand_reports_make_a_fast_index_and_a_page_each() {
    let Some(chrome) = chromium() else {
        return;
    };
    let dir = artifacts("batch");
    let reports = tempfile::tempdir().unwrap();
    for i in 0..1000 {
        let seed = root().join(format!("tests/fixtures/seed_00{}.txt", i % 5));
        fs::copy(seed, reports.path().join(format!("报告{:04}.txt", i + 1))).unwrap();
    }
    let page = dir.join("汇总.html");
    let spec = format!("html={}", page.display());
    let r = run(&[
        "check",
        "--format",
        "summary",
        "-q",
        "--output",
        &spec,
        reports.path().to_str().unwrap(),
    ]);
    assert!(r.stderr.contains("分页写出"), "{}", r.stderr);
    let pages = dir.join("汇总_files");
    assert_eq!(
        fs::read_dir(&pages).unwrap().count(),
        1000,
        "a page per report"
    );

    let started = Instant::now();
    let test = self_test(&chrome, &page);
    let wall = started.elapsed();
    assert_eq!(test["rows"], 1000);
    let layout = test["layoutMs"].as_f64().unwrap();
    let size = fs::metadata(&page).unwrap().len();
    let note = format!(
        "1000 份报告的总览页：{size} 字节；Chromium 中解析完成 {:.0} ms，布局完成 {layout:.0} ms（自导航开始）；\
         启动浏览器到取回 DOM 共 {:.1} s\n",
        test["parsedMs"].as_f64().unwrap(),
        wall.as_secs_f64()
    );
    let _ = write!(std::io::stderr(), "{note}");
    fs::write(dir.join("measure.txt"), &note).unwrap();
    // Far above the 2 s measured on a loaded machine: this catches a page
    // that hangs, not one that is slow (see README, “HTML 审核报告”).
    assert!(layout < 60_000.0, "{note}");
    for link in test["links"].as_array().unwrap() {
        let link = percent_decode(link.as_str().unwrap());
        assert!(dir.join(&link).is_file(), "{link} exists");
    }
    // The first and the last page.
    let (report, _) = json(&[
        reports.path().join("报告0001.txt").to_str().unwrap(),
        reports.path().join("报告1000.txt").to_str().unwrap(),
    ]);
    let files = report["files"].as_array().unwrap();
    for (name, file) in ["0001-报告0001.html", "1000-报告1000.html"]
        .iter()
        .zip(files)
    {
        let test = self_test(&chrome, &pages.join(name));
        assert_sections(
            test["sections"].as_array().unwrap(),
            std::slice::from_ref(file),
        );
    }
    screenshot(&chrome, &page, &dir.join("汇总.png"), 1000);
}

/// `%E6%8A%A5` back to bytes.
fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            if let Ok(b) = u8::from_str_radix(&s[i + 1..i + 3], 16) {
                out.push(b);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8(out).unwrap()
}

/// Runs `check` on five seeds with extra arguments.
fn check_seeds(extra: &[&str]) -> super::helpers::Run {
    let mut args = vec!["check", "-q"];
    args.extend_from_slice(extra);
    let seeds: Vec<String> = (0..5)
        .map(|i| format!("tests/fixtures/seed_00{i}.txt"))
        .collect();
    args.extend(seeds.iter().map(String::as_str));
    run(&args)
}

#[test]
fn pages_that_cannot_be_written_leave_no_index_and_fail_the_run() {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("审核");
    fs::create_dir(&folder).unwrap();
    // A file where the pages folder goes.
    fs::write(folder.join("index_files"), "不是文件夹").unwrap();
    let spec = format!("html={}", folder.display());
    let r = check_seeds(&["--output", &spec]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("无法写入"), "{}", r.stderr);
    assert!(
        !folder.join("index.html").exists(),
        "no index without its pages"
    );
    let left: Vec<_> = fs::read_dir(&folder).unwrap().collect();
    assert_eq!(left.len(), 1, "no temporary file left: {left:?}");
}

#[test]
fn a_later_run_replaces_the_pages_of_an_earlier_one() {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("审核");
    let spec = format!("html={}/", folder.display());
    let r = check_seeds(&["--output", &spec]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    let pages = folder.join("index_files");
    let mut names: Vec<String> = fs::read_dir(&pages)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(
        names,
        [
            "0001-seed_000.html",
            "0002-seed_001.html",
            "0003-seed_002.html",
            "0004-seed_003.html",
            "0005-seed_004.html"
        ]
    );
    fs::write(pages.join("说明.txt"), "审核人的笔记").unwrap();
    run(&[
        "check",
        "-q",
        "--output",
        &spec,
        "tests/fixtures/seed_003.txt",
    ]);
    let mut names: Vec<String> = fs::read_dir(&pages)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(
        names,
        ["0001-seed_003.html", "说明.txt"],
        "other files are kept"
    );
    let index = fs::read_to_string(folder.join("index.html")).unwrap();
    assert!(index.contains("href=\"index_files/0001-seed_003.html\""));
}

#[test]
fn standard_output_is_one_file_however_many_reports() {
    let dir = tempfile::tempdir().unwrap();
    for i in 0..51 {
        fs::write(
            dir.path().join(format!("{i:02}.txt")),
            "某县人民政府关于2023年度法治政府建设情况的报告\n一、主要举措和成效\n",
        )
        .unwrap();
    }
    let r = run(&["check", "--format", "html", dir.path().to_str().unwrap()]);
    assert!(r.stderr.contains("--output html=文件夹/"), "{}", r.stderr);
    assert_eq!(r.stdout.matches("<section class=\"report\"").count(), 51);
    assert!(r.stdout.ends_with("</html>\n"));
}

#[test]
fn an_earlier_review_report_in_the_checked_folder_is_not_checked() {
    let dir = tempfile::tempdir().unwrap();
    fs::copy(fixture("seed_000.txt"), dir.path().join("seed_000.txt")).unwrap();
    let folder = dir.path().join("审核");
    let spec = format!("html={}/", folder.display());
    let input = dir.path().to_str().unwrap();
    run(&["check", "-q", "--output", &spec, input]);
    assert!(folder.join("index_files/0001-seed_000.html").is_file());
    // Written again, or not: the earlier pages are known by their
    // generator mark and left out with a note.
    for extra in [&["--output", spec.as_str()][..], &[]] {
        let mut args = vec!["check", "--format", "json"];
        args.extend_from_slice(extra);
        args.push(input);
        let r = run(&args);
        let report: Value = serde_json::from_str(&r.stdout).unwrap();
        assert_eq!(report["files"].as_array().unwrap().len(), 1, "{}", r.stderr);
        assert!(
            r.stderr
                .contains("目录中有 2 个文件是 reportlint 以前写出的"),
            "{}",
            r.stderr
        );
    }
    // Named, a page is read like any web page.
    let page = folder.join("index.html");
    let r = run(&["check", "--format", "json", page.to_str().unwrap()]);
    let report: Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(report["files"].as_array().unwrap().len(), 1, "{}", r.stderr);
}
