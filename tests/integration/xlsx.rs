//! `--output xlsx=…`: the spreadsheet for a 通报, read back from the file the
//! real binary wrote — by unpacking its sheets here, and by openpyxl (the
//! usual Python reader) and LibreOffice where they are installed.

use std::collections::BTreeMap;
use std::fs;
use std::io::Read;
use std::path::Path;
use std::process::Command;

use serde_json::Value;

use crate::helpers::*;

/// The cells of each sheet, by sheet name: rows of (column letter → text).
type Sheets = BTreeMap<String, Vec<BTreeMap<String, String>>>;

/// Reads the sheets of an .xlsx written by reportlint (inline strings and
/// numbers, which is what it writes).
fn sheets(path: &Path) -> Sheets {
    let file = fs::File::open(path).unwrap();
    let mut zip = zip::ZipArchive::new(file).expect("the .xlsx is a zip package");
    let mut read = |name: &str| {
        let mut s = String::new();
        zip.by_name(name)
            .unwrap_or_else(|_| panic!("{name} is in the package"))
            .read_to_string(&mut s)
            .unwrap();
        s
    };
    let workbook = read("xl/workbook.xml");
    let names: Vec<String> = workbook
        .split("<sheet ")
        .skip(1)
        .map(|s| attr(s, "name"))
        .collect();
    let mut out = Sheets::new();
    for (i, name) in names.iter().enumerate() {
        let xml = read(&format!("xl/worksheets/sheet{}.xml", i + 1));
        out.insert(name.clone(), rows(&xml));
    }
    out
}

fn attr(tag: &str, name: &str) -> String {
    let key = format!("{name}=\"");
    let start = tag.find(&key).unwrap() + key.len();
    let end = start + tag[start..].find('"').unwrap();
    unescape(&tag[start..end])
}

fn unescape(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&amp;", "&")
}

fn rows(xml: &str) -> Vec<BTreeMap<String, String>> {
    let data = &xml[xml.find("<sheetData").unwrap()..];
    data.split("<row ")
        .skip(1)
        .map(|row| {
            row.split("<c ")
                .skip(1)
                .map(|cell| {
                    let reference = attr(cell, "r");
                    let column: String = reference
                        .chars()
                        .take_while(char::is_ascii_alphabetic)
                        .collect();
                    let value = match (
                        cell.find("<t>"),
                        cell.find("<t xml:space"),
                        cell.find("<v>"),
                    ) {
                        (Some(i), _, _) => {
                            let rest = &cell[i + 3..];
                            unescape(&rest[..rest.find("</t>").unwrap()])
                        }
                        (None, Some(i), _) => {
                            let rest = &cell[i..];
                            let rest = &rest[rest.find('>').unwrap() + 1..];
                            unescape(&rest[..rest.find("</t>").unwrap()])
                        }
                        (None, None, Some(i)) => {
                            let rest = &cell[i + 3..];
                            rest[..rest.find("</v>").unwrap()].to_string()
                        }
                        _ => String::new(),
                    };
                    (column, value)
                })
                .collect()
        })
        .collect()
}

/// The column letter of a header in a sheet's first row.
fn column_of(sheet: &[BTreeMap<String, String>], header: &str) -> String {
    sheet[0]
        .iter()
        .find(|(_, v)| v.as_str() == header)
        .map(|(k, _)| k.clone())
        .unwrap_or_else(|| panic!("no column {header} in {:?}", sheet[0]))
}

const SEEDS: [&str; 5] = [
    "tests/fixtures/seed_000.txt",
    "tests/fixtures/seed_001.txt",
    "tests/fixtures/seed_002.txt",
    "tests/fixtures/seed_003.txt",
    "tests/fixtures/seed_004.txt",
];

#[test]
fn the_spreadsheet_has_one_row_per_report_and_one_per_finding() {
    let dir = scratch();
    let out = dir.path().join("汇总.xlsx");
    let spec = format!("xlsx={}", out.display());
    let mut args = vec!["check", "--format", "json", "--output", &spec];
    args.extend(SEEDS);
    let r = run(&args);
    assert_eq!(r.code, 1, "{}", r.stderr);
    let json: Value = serde_json::from_str(&r.stdout).unwrap();
    let sheets = sheets(&out);
    assert_eq!(
        sheets.keys().collect::<Vec<_>>(),
        ["一览", "问题清单"].iter().collect::<Vec<_>>()
    );

    let overview = &sheets["一览"];
    assert_eq!(
        overview.len(),
        1 + SEEDS.len(),
        "a header and a row per report"
    );
    let headers: Vec<&str> = overview[0].values().map(String::as_str).collect();
    for h in ["单位（文件名）", "年度", "发文机关", "错误", "警告", "文件"] {
        assert!(headers.contains(&h), "{h} in {headers:?}");
    }
    let (unit, year, file, errors) = (
        column_of(overview, "单位（文件名）"),
        column_of(overview, "年度"),
        column_of(overview, "文件"),
        column_of(overview, "错误"),
    );
    for (row, f) in overview[1..].iter().zip(json["files"].as_array().unwrap()) {
        assert_eq!(row[&file], f["path"].as_str().unwrap());
        assert!(row[&file].ends_with(&format!("{}.txt", row[&unit])));
        assert_eq!(row[&year], f["report_year"].to_string());
        let errors_json = findings(f)
            .iter()
            .filter(|x| x["severity"] == "error")
            .count();
        assert_eq!(row[&errors], errors_json.to_string());
    }
    // Each required item of the template is a column of ✔/✘/!/?; seed 000
    // gives no reasons for its shortcomings.
    let reasons = column_of(overview, "原因");
    assert_eq!(overview[1][&reasons], "✘");
    assert_eq!(overview[3][&reasons], "✔");

    let problems = &sheets["问题清单"];
    let total: usize = json["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| findings(f).len())
        .sum();
    assert_eq!(problems.len(), 1 + total, "a header and a row per finding");
    let (rule, severity, line, text) = (
        column_of(problems, "规则"),
        column_of(problems, "级别"),
        column_of(problems, "行"),
        column_of(problems, "原文"),
    );
    // Seed 000's missing reasons: an error at its line, in Chinese.
    let f = &by_rule(&json["files"][0], "FZ002")[0];
    assert!(
        problems[1..].iter().any(|p| p[&rule] == "FZ002"
            && p[&severity] == "错误"
            && p[&line].parse::<u64>().ok() == f["line"].as_u64()),
        "FZ002 is listed as an error at line {}",
        f["line"]
    );
    assert!(problems[1..]
        .iter()
        .any(|p| p[&rule] == "FZ023" && p[&text] == "今年以来"));

    // The header row is frozen and filtered in both sheets.
    let file = fs::File::open(&out).unwrap();
    let mut zip = zip::ZipArchive::new(file).unwrap();
    for i in 1..=2 {
        let mut xml = String::new();
        zip.by_name(&format!("xl/worksheets/sheet{i}.xml"))
            .unwrap()
            .read_to_string(&mut xml)
            .unwrap();
        assert!(
            xml.contains("ySplit=\"1\"") && xml.contains("state=\"frozen\""),
            "{i}"
        );
        assert!(xml.contains("<autoFilter ref=\"A1:"), "{i}");
    }
}

#[test]
fn a_report_that_could_not_be_read_is_a_row_with_the_reason() {
    let dir = scratch();
    copy_seed(dir.path(), "tests/fixtures/seed_002.txt");
    fs::write(dir.path().join("坏文件.docx"), b"PK\x03\x04 not really").unwrap();
    let r = run_in(
        dir.path(),
        &["check", "-q", "--output", "xlsx=汇总.xlsx", "."],
    );
    assert_eq!(r.code, 2, "{}", r.stderr);
    let sheets = sheets(&dir.path().join("汇总.xlsx"));
    let overview = &sheets["一览"];
    assert_eq!(overview.len(), 3);
    let note = column_of(overview, "说明");
    let bad = overview[1..]
        .iter()
        .find(|r| r.values().any(|v| v == "坏文件"))
        .expect("the bad file has its row");
    assert!(bad[&note].starts_with("无法检查"), "{:?}", bad[&note]);
    let good = overview[1..]
        .iter()
        .find(|r| r.values().any(|v| v == "seed_002"))
        .expect("the good file has its row");
    assert!(!good.contains_key(&note));
    let problems = &sheets["问题清单"];
    let level = column_of(problems, "级别");
    assert!(problems[1..]
        .iter()
        .any(|p| p.values().any(|v| v.contains("坏文件")) && p[&level] == "错误"));
}

#[test]
fn a_spreadsheet_is_not_written_to_the_terminal() {
    let r = run(&["check", "--format", "xlsx", "tests/fixtures/seed_002.txt"]);
    assert_eq!(r.code, 2);
    assert!(r.stdout.is_empty());
    assert!(r.stderr.contains("--output xlsx="), "{}", r.stderr);
}

/// Whether a test that needs an external program must fail without it
/// (CI installs them and sets this).
fn tools_required() -> bool {
    std::env::var_os("REPORTLINT_REQUIRE_TOOLS").is_some_and(|v| v == "1")
}

/// Tells, on the test's standard error, that a check was skipped.
fn skipped(why: &str) {
    use std::io::Write;
    let _ = writeln!(std::io::stderr(), "{why}");
}

#[test]
fn openpyxl_and_libreoffice_read_the_spreadsheet() {
    let dir = scratch();
    let out = dir.path().join("汇总.xlsx");
    let spec = format!("xlsx={}", out.display());
    let mut args = vec!["check", "-q", "--output", &spec];
    args.extend(SEEDS);
    run(&args);

    let script = "import sys, openpyxl\n\
        wb = openpyxl.load_workbook(sys.argv[1])\n\
        for ws in wb:\n\
        \x20   print(ws.title, ws.max_row, ws.freeze_panes, ws.auto_filter.ref, ws.cell(1, 1).value)\n";
    match Command::new("python3")
        .args(["-c", script])
        .arg(&out)
        .output()
    {
        Ok(o) if o.status.success() => {
            let text = String::from_utf8_lossy(&o.stdout);
            let lines: Vec<&str> = text.lines().collect();
            assert_eq!(lines.len(), 2, "{text}");
            assert!(lines[0].starts_with("一览 6 A2 A1:"), "{text}");
            assert!(lines[0].ends_with(" 序号"), "{text}");
            assert!(
                lines[1].starts_with("问题清单 ") && lines[1].ends_with(" 文件"),
                "{text}"
            );
        }
        other => {
            let why = match other {
                Ok(o) => String::from_utf8_lossy(&o.stderr).into_owned(),
                Err(e) => e.to_string(),
            };
            assert!(!tools_required(), "openpyxl is required: {why}");
            skipped(&format!(
                "跳过 openpyxl 读取检查（未安装 python3-openpyxl）：{why}"
            ));
        }
    }

    let converted = Command::new("soffice")
        .args([
            "--headless",
            "--convert-to",
            "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1",
            "--outdir",
        ])
        .arg(dir.path())
        .arg(&out)
        .env("HOME", dir.path())
        .output();
    match converted {
        // Each sheet is written as <name>-<sheet>.csv by this filter option;
        // LibreOffice without its spreadsheet part exits 0 and writes none.
        Ok(o) if dir.path().join("汇总-一览.csv").exists() => {
            let _ = o;
            let text = fs::read_to_string(dir.path().join("汇总-一览.csv")).unwrap();
            let rows = csv_rows(&text);
            assert_eq!(rows.len(), 6, "{text}");
            assert_eq!(rows[0][0], "序号");
            let problems = fs::read_to_string(dir.path().join("汇总-问题清单.csv")).unwrap();
            assert_eq!(csv_rows(&problems)[0][0], "文件");
        }
        other => {
            let why = match other {
                Ok(o) => String::from_utf8_lossy(&o.stderr).into_owned(),
                Err(e) => e.to_string(),
            };
            assert!(!tools_required(), "LibreOffice is required: {why}");
            skipped(&format!(
                "跳过 LibreOffice 读取检查（未安装 soffice 或 libreoffice-calc）：{why}"
            ));
        }
    }
}

#[test]
fn a_report_compared_with_last_years_has_its_copied_share_and_the_place_there() {
    let dir = scratch();
    let out = dir.path().join("汇总.xlsx");
    let spec = format!("xlsx={}", out.display());
    let r = run(&[
        "check",
        "--no-config",
        "--baseline",
        "tests/fixtures/formats/docx/seed_002.liststyle.docx",
        "--output",
        &spec,
        "tests/fixtures/seed_002.txt",
    ]);
    assert_eq!(r.code, 1, "the seed has errors: {}", r.stderr);
    let sheets = sheets(&out);
    let overview = &sheets["一览"];
    let copied = column_of(overview, "上年重复");
    let share = overview[1][&copied].trim_end_matches('%');
    assert!(share.parse::<u32>().unwrap() >= 90, "{share}");
    let problems = &sheets["问题清单"];
    let message = column_of(problems, "问题");
    let rule = column_of(problems, "规则");
    let row = problems
        .iter()
        .find(|row| row.get(&rule).map(String::as_str) == Some("FZ070"))
        .expect("a copied passage");
    assert!(
        row[&message].contains("另见 tests/fixtures/formats/docx/seed_002.liststyle.docx 第 "),
        "{}",
        row[&message]
    );
}
