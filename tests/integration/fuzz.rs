//! Fuzzing on stable Rust, in process: thousands of generated hostile inputs
//! through the library — reports as bytes (texts, .docx packages, PDFs, OFD
//! packages, web pages, .doc compound files)
//! through `input::from_bytes` and the checker, rule packs through
//! `pack::from_dir` — with the same invariants for every input:
//!
//! - nothing panics (each case runs under `catch_unwind`);
//! - an input that cannot be read is a typed error with a message;
//! - every span of every finding (labels and fix edits) lies inside the
//!   text, on character boundaries, start before end;
//! - the JSON, SARIF and JUnit outputs of the result parse;
//! - fixing converges, and fixing the fixed text changes nothing.
//!
//! Inputs are mutations of pieces real reports are made of (the seed
//! fixtures, heading markers, brackets, years, CJK punctuation, NUL, CR and
//! odd white space), truncated and spliced; `.doc` files built here, their
//! FIB, piece table and sector tables damaged; `.docx` packages built here with
//! mutated XML; PDFs written here and damaged; OFD packages with mutated
//! XML; web pages with deep and broken nesting and entities; and the
//! built-in rule pack with one YAML file mutated.
//!
//! A fixed seed makes the run reproducible. For a longer run:
//!
//! ```sh
//! REPORTLINT_FUZZ_CASES=200000 REPORTLINT_FUZZ_SEED=7 cargo test --release --test integration fuzz
//! ```
//!
//! `REPORTLINT_FUZZ_CASES` is the total over the nine kinds of input (split
//! as the defaults are). A failing case is shrunk and printed as a Rust
//! literal, ready to be added to the tests.

use std::fs;
use std::io::{Cursor, Write};
use std::panic::{self, AssertUnwindSafe};
use std::sync::OnceLock;

use reportlint::config::{self, PathFilter, Settings, Setup};
use reportlint::finding::{Applicability, Severity};
use reportlint::fix;
use reportlint::input;
use reportlint::report::{self, Format};
use reportlint::rules::{pack, Pack};
use reportlint::run::{self, CheckedFile, Options, Outcome};
use reportlint::run::{FileRun, Run, Shared};
use serde_json::Value;

use crate::helpers::root;

/// Default cases per kind of input, for `cargo test` (a few minutes at most
/// in the debug profile on two cores).
const DEFAULT_CASES: [(Kind, usize); 9] = [
    (Kind::Text, 600),
    (Kind::Html, 800),
    (Kind::Docx, 800),
    (Kind::Pack, 40),
    (Kind::Doc, 400),
    (Kind::Pdf, 150),
    (Kind::Ofd, 100),
    (Kind::Odt, 200),
    (Kind::Rtf, 200),
];

const DEFAULT_SEED: u64 = 0x5eed_2024_0b5e_55ed;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Text,
    Html,
    Docx,
    Pack,
    /// Word 97–2003 compound files, built and then damaged.
    Doc,
    Pdf,
    Ofd,
    /// OpenDocument text: mutated content.xml and styles.xml in a package.
    Odt,
    /// RTF: a report written as RTF, then mutated as text.
    Rtf,
}

/// Failures this harness found, each kept as a regression test: one input
/// (by kind) and what it used to do. `found_failures_stay_fixed` runs them
/// all on every test run.
const FOUND: &[Found] = &[
    Found {
        what: "input: a web page nested 100,000 elements deep overflowed the stack while the page was read, after minutes of quadratic work",
        kind: Kind::Html,
        aborts: true,
        payload: || {
            let mut page = "<html><body>".to_string();
            page.push_str(&"<div>".repeat(100_000));
            page.push_str("<p>某县人民政府关于2023年度法治政府建设情况的报告</p>");
            page.push_str(&"</div>".repeat(100_000));
            page.into_bytes()
        },
    },
    Found {
        what: "fix: an insertion inside another fix's edit sliced the text backwards (src/fix/mod.rs)",
        kind: Kind::Text,
        aborts: false,
        payload: || "21倂2024年1月5日\\;\u{2008}1\u{f014}\r2幜\n\n（一）1）\\$(三)倁?(三)，《治政府建设实施纲要（20212025年）》党攺讌贾".as_bytes().to_vec(),
    },
    Found {
        what: "fix: FZ024 moved the year inside a cited title (《…（2021—2025年）》) and FZ031 moved it back, round after round",
        kind: Kind::Text,
        aborts: false,
        payload: || "倂2024年月日\u{2008}\u{f014}幜\n（一））三倁三，《治政府建设实施纲要（021—2025年）》兾第一责任人职".as_bytes().to_vec(),
    },
];

struct Found {
    /// What the reproduction shows.
    what: &'static str,
    kind: Kind,
    payload: fn() -> Vec<u8>,
    /// The failure aborted the process (a stack overflow cannot be caught):
    /// the reproduction runs through the binary.
    aborts: bool,
}

// ---------------------------------------------------------------------------
// A small deterministic PRNG (SplitMix64): no dependency, same cases on every
// machine.

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (`n > 0`).
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    fn chance(&mut self, one_in: usize) -> bool {
        self.below(one_in) == 0
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

fn settings() -> (u64, f64) {
    let seed = std::env::var("REPORTLINT_FUZZ_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(DEFAULT_SEED);
    let default_total: usize = DEFAULT_CASES.iter().map(|(_, n)| n).sum();
    let scale = std::env::var("REPORTLINT_FUZZ_CASES")
        .ok()
        .and_then(|s| s.parse::<usize>().ok())
        .map_or(1.0, |n| n as f64 / default_total as f64);
    (seed, scale)
}

fn cases(kind: Kind) -> (Rng, usize) {
    let (seed, scale) = settings();
    let (i, n) = DEFAULT_CASES
        .iter()
        .enumerate()
        .find(|(_, (k, _))| *k == kind)
        .map(|(i, (_, n))| (i, *n))
        .unwrap();
    let mut rng = Rng(seed ^ ((i as u64 + 1) << 56));
    rng.next();
    (rng, ((n as f64 * scale).ceil() as usize).max(1))
}

// ---------------------------------------------------------------------------
// Material.

/// Pieces reports are made of, and pieces that break them.
const PIECES: &[&str] = &[
    "一、",
    "二、",
    "十、",
    "（一）",
    "（二）",
    "(三)",
    "1.",
    "2．",
    "3、",
    "（1）",
    "(2)",
    "①",
    "一是",
    "二是",
    "第一，",
    "《",
    "》",
    "〈",
    "〉",
    "（",
    "）",
    "(",
    ")",
    "“",
    "”",
    "‘",
    "’",
    "\"",
    "〔",
    "〕",
    "【",
    "】",
    "2021年",
    "2022年度",
    "2023",
    "二〇二三年",
    "今年以来",
    "明年",
    "下一步",
    "2024年1月5日",
    "2023年13月45日",
    "。",
    "，",
    "；",
    "：",
    "？",
    "！",
    "、",
    "……",
    "——",
    ",",
    ".",
    ";",
    ":",
    "?",
    "!",
    "%",
    "{year}",
    "{",
    "}",
    "\\",
    "$",
    "\n",
    "\n\n",
    "\r\n",
    "\r",
    "\u{0}",
    "\t",
    "\u{3000}",
    "\u{a0}",
    "\u{200b}",
    "\u{feff}",
    "\u{2028}",
    "\u{fffd}",
    "\u{1f600}",
    "e\u{301}",
    " ",
    "法治政府建设",
    "主要举措和成效",
    "存在的不足和原因",
    "究其原因",
    "党政主要负责人履行推进法治建设第一责任人职责情况",
    "推进法治政府建设的主要安排",
    "《中华人民共和国行政复议法》",
    "《法治政府建设实施纲要（2021—2025年）》",
    "习近平法治思想",
    "党的二十大精神",
    "某县人民政府",
    "某县人民政府关于2023年度法治政府建设情况的报告",
    "分享到：",
    "打印本页",
    "【字体：大 中 小】",
];

/// Lines of the seed reports.
fn seed_lines() -> &'static [Vec<String>] {
    static LINES: OnceLock<Vec<Vec<String>>> = OnceLock::new();
    LINES.get_or_init(|| {
        (0..5)
            .map(|i| {
                let text =
                    fs::read_to_string(root().join(format!("tests/fixtures/seed_{i:03}.txt")))
                        .unwrap();
                text.lines().map(str::to_string).collect()
            })
            .collect()
    })
}

/// The built-in configuration and pack. Each test thread keeps one and lends
/// it to the run a case renders (a [`Run`] owns its setups).
fn builtin_setup() -> Setup {
    config::load(None, &config::Overrides::default()).expect("the built-in configuration loads")
}

thread_local! {
    static SETUP: std::cell::RefCell<Option<Setup>> = const { std::cell::RefCell::new(None) };
}

/// Text made of seed lines and pieces.
fn report_text(rng: &mut Rng) -> String {
    let seeds = seed_lines();
    let mut out = String::new();
    match rng.below(3) {
        // A seed report, whole or in part.
        0 => {
            let lines = rng.pick(seeds);
            let from = rng.below(lines.len() / 3 + 1);
            let to = lines.len() - rng.below(lines.len() / 3 + 1);
            for line in &lines[from..to.max(from)] {
                out.push_str(line);
                out.push('\n');
            }
        }
        // Lines of several seeds, shuffled.
        1 => {
            for _ in 0..rng.below(40) + 1 {
                let lines = rng.pick(seeds);
                if !lines.is_empty() {
                    out.push_str(rng.pick::<String>(lines));
                    out.push('\n');
                }
            }
        }
        // Pieces only.
        _ => {
            for _ in 0..rng.below(300) + 1 {
                out.push_str(rng.pick::<&str>(PIECES));
            }
        }
    }
    out
}

/// The char boundaries of a text, as a position picker.
fn boundary(rng: &mut Rng, text: &str) -> usize {
    if text.is_empty() {
        return 0;
    }
    let mut i = rng.below(text.len() + 1);
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// `i` moved back to a character boundary of `text`.
fn floor(text: &str, i: usize) -> usize {
    let mut i = i.min(text.len());
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// Mutates a text a few times: pieces inserted, ranges deleted, doubled,
/// spliced from a seed or swapped, characters replaced by odd ones.
fn mutate_text(rng: &mut Rng, text: &mut String) {
    for _ in 0..rng.below(8) + 1 {
        let a = boundary(rng, text);
        let b = boundary(rng, text);
        let (a, b) = (a.min(b), a.max(b));
        match rng.below(7) {
            0 | 1 => {
                let piece = rng.pick(PIECES).repeat(rng.below(3) + 1);
                text.insert_str(a, &piece);
            }
            2 => text.replace_range(a..floor(text, b.min(a + 400)), ""),
            3 => {
                let copy = text[a..floor(text, b.min(a + 2000))].to_string();
                text.insert_str(b, &copy);
            }
            4 => {
                let lines = rng.pick(seed_lines());
                if !lines.is_empty() {
                    let line = rng.pick(lines).clone();
                    text.insert_str(a, &line);
                }
            }
            5 => {
                let odd = rng.pick(&["\u{0}", "\r", "\u{3000}", "\u{a0}", "\t", "\u{200b}"]);
                let end = text[a..].chars().next().map_or(a, |c| a + c.len_utf8());
                text.replace_range(a..end, odd);
            }
            _ => {
                // A long run of one piece: long lines, deep brackets.
                let piece = rng.pick(PIECES).repeat(rng.below(2000) + 1);
                text.insert_str(a, &piece);
            }
        }
    }
}

/// The bytes of a text as a file might hold them.
fn encode(rng: &mut Rng, text: &str) -> Vec<u8> {
    let mut bytes = match rng.below(8) {
        0 => {
            // UTF-16 with a byte-order mark.
            let mut b = vec![0xff, 0xfe];
            for unit in text.encode_utf16() {
                b.extend_from_slice(&unit.to_le_bytes());
            }
            b
        }
        1 => {
            let mut b = vec![0xef, 0xbb, 0xbf];
            b.extend_from_slice(text.as_bytes());
            b
        }
        _ => text.as_bytes().to_vec(),
    };
    match rng.below(6) {
        // Truncated in the middle of a character.
        0 if !bytes.is_empty() => {
            let cut = rng.below(bytes.len());
            bytes.truncate(cut);
        }
        // A few bytes flipped.
        1 => {
            for _ in 0..rng.below(4) + 1 {
                if !bytes.is_empty() {
                    let i = rng.below(bytes.len());
                    bytes[i] = rng.next() as u8;
                }
            }
        }
        _ => {}
    }
    bytes
}

fn html_page(rng: &mut Rng) -> String {
    const OPEN: &[&str] = &[
        "<div>",
        "<div class=\"content\">",
        "<div id=\"zoom\">",
        "<p>",
        "<span>",
        "<td>",
        "<tr>",
        "<table>",
        "<ul><li>",
        "<section>",
        "<article>",
        "<font>",
        "<b>",
        "<nav>",
        "<footer>",
        "<div class=\"share\">",
        "<script>",
        "<style>",
        "<!--",
        "<![CDATA[",
        "<h1>",
        "<br>",
        "<br/>",
        "<a href=\"#\">",
        "<pre>",
        "<textarea>",
        "<template>",
        "<svg>",
        "<math>",
        "<select><option>",
    ];
    const CLOSE: &[&str] = &[
        "</div>",
        "</p>",
        "</span>",
        "</td>",
        "</tr>",
        "</table>",
        "</li></ul>",
        "</section>",
        "</b>",
        "</font>",
        "</script>",
        "</style>",
        "-->",
        "]]>",
        "</h1>",
        "</a>",
        "</pre>",
        "</html>",
        "</body>",
        "</",
    ];
    const ENTITIES: &[&str] = &[
        "&nbsp;",
        "&amp;",
        "&lt;",
        "&gt;",
        "&quot;",
        "&#12290;",
        "&#x4e00;",
        "&#xD800;",
        "&#0;",
        "&#1114112;",
        "&#99999999999;",
        "&ldquo;",
        "&rdquo;",
        "&amp",
        "&#",
        "&unknown;",
        "&#x;",
    ];
    let mut out = String::new();
    if !rng.chance(4) {
        out.push_str("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>");
        out.push_str(rng.pick::<&str>(PIECES));
        out.push_str("</title></head><body>");
    }
    let depth = if rng.chance(10) {
        rng.below(DEEP_HTML)
    } else {
        rng.below(20)
    };
    for _ in 0..depth {
        out.push_str(rng.pick::<&str>(OPEN));
    }
    let text = report_text(rng);
    for line in text.lines() {
        match rng.below(6) {
            0 => out.push_str(rng.pick::<&str>(OPEN)),
            1 => out.push_str(rng.pick::<&str>(CLOSE)),
            2 => out.push_str(rng.pick::<&str>(ENTITIES)),
            _ => {}
        }
        out.push_str("<p>");
        out.push_str(line);
        if !rng.chance(3) {
            out.push_str("</p>");
        }
    }
    for _ in 0..rng.below(depth + 1) {
        out.push_str(rng.pick::<&str>(CLOSE));
    }
    if rng.chance(2) {
        out.push_str("</body></html>");
    }
    out
}

/// How deep generated web pages nest at most, so a case stays quick in the
/// debug build; far deeper pages are a [`FOUND`] case, run through the
/// binary.
const DEEP_HTML: usize = 3000;

const W: &str = "xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"";

/// The parts of a .docx (document, styles, numbering) joined by U+0001, so
/// a case is one string that shrinks as a whole.
fn docx_parts(rng: &mut Rng) -> String {
    let text = report_text(rng);
    let mut document =
        format!("<?xml version=\"1.0\" encoding=\"UTF-8\"?><w:document {W}><w:body>");
    for line in text.lines() {
        let escaped = line
            .replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('\u{0}', "");
        let style = match rng.below(5) {
            0 => "<w:pPr><w:pStyle w:val=\"Heading1\"/></w:pPr>",
            1 => "<w:pPr><w:numPr><w:ilvl w:val=\"0\"/><w:numId w:val=\"1\"/></w:numPr></w:pPr>",
            2 => "<w:pPr><w:numPr><w:ilvl w:val=\"1\"/><w:numId w:val=\"1\"/></w:numPr></w:pPr>",
            _ => "",
        };
        match rng.below(8) {
            0 => document.push_str(&format!(
                "<w:tbl><w:tr><w:tc><w:p><w:r><w:t>{escaped}</w:t></w:r></w:p></w:tc></w:tr></w:tbl>"
            )),
            1 => document.push_str(&format!(
                "<w:p>{style}<w:r><w:t xml:space=\"preserve\">{escaped}</w:t></w:r><w:r><w:tab/><w:br/><w:t>{escaped}</w:t></w:r></w:p>"
            )),
            _ => document.push_str(&format!(
                "<w:p>{style}<w:r><w:t>{escaped}</w:t></w:r></w:p>"
            )),
        }
    }
    document.push_str("</w:body></w:document>");
    let styles = format!(
        "<w:styles {W}><w:style w:type=\"paragraph\" w:styleId=\"Heading1\"><w:name w:val=\"heading 1\"/><w:pPr><w:outlineLvl w:val=\"0\"/></w:pPr></w:style></w:styles>"
    );
    let numbering = format!(
        "<w:numbering {W}><w:abstractNum w:abstractNumId=\"0\"><w:lvl w:ilvl=\"0\"><w:start w:val=\"1\"/><w:numFmt w:val=\"chineseCounting\"/><w:lvlText w:val=\"%1、\"/></w:lvl><w:lvl w:ilvl=\"1\"><w:start w:val=\"1\"/><w:numFmt w:val=\"decimal\"/><w:lvlText w:val=\"（%2）\"/></w:lvl></w:abstractNum><w:num w:numId=\"1\"><w:abstractNumId w:val=\"0\"/></w:num></w:numbering>"
    );
    let mut parts = [document, styles, numbering];
    for _ in 0..rng.below(6) {
        let part = rng.below(3);
        mutate_xml(rng, &mut parts[part]);
    }
    parts.join("\u{1}")
}

/// A PDF of a generated report (text encoded in one of the ways Chinese
/// producers use), its bytes then damaged: cut, flipped, spliced, or with
/// hostile objects put in (deep nesting, loops, huge numbers and lengths).
fn pdf_case(rng: &mut Rng) -> Vec<u8> {
    use crate::format_pdf::{written_pdf, Encoding};
    let mut text = report_text(rng);
    if text.chars().count() > 3000 {
        text = text.chars().take(3000).collect();
    }
    let encoding = *rng.pick(&[Encoding::IdentityH, Encoding::UniGbUcs2, Encoding::GbkEuc]);
    let mut bytes = written_pdf(&text, encoding);
    const BITS: &[&str] = &[
        "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[",
        "<<<<<<<<<<<<<<<<",
        " 1 0 R ",
        " 99999999999999999999 ",
        "/Length 999999999 ",
        "/Filter /FlateDecode ",
        "/Kids [2 0 R 2 0 R] ",
        "BT /F1 1e38 Tf 1e38 0 0 1e38 0 0 Tm <00010002> Tj ET",
        "q q q q q q q q cm cm Q",
        "/Encoding /GBK-EUC-H ",
        "endstream endobj ",
        "(((((((((((",
        "beginbfrange <0000> <FFFF> <4E00> endbfrange",
        "xref\n0 99999999\n",
        "trailer << /Root 1 0 R /Encrypt 1 0 R >>",
    ];
    for _ in 0..rng.below(5) {
        if bytes.is_empty() {
            break;
        }
        let at = rng.below(bytes.len());
        match rng.below(5) {
            0 => bytes.truncate(at.max(8)),
            1 => bytes[at] ^= 1 << rng.below(8),
            2 => {
                let bit = rng.pick(BITS).as_bytes().to_vec();
                bytes.splice(at..at, bit);
            }
            3 => {
                let len = rng.below(200).min(bytes.len() - at);
                let piece = bytes[at..at + len].to_vec();
                let to = rng.below(bytes.len());
                bytes.splice(to..to, piece);
            }
            _ => {
                let len = rng.below(40).min(bytes.len() - at);
                bytes.drain(at..at + len);
            }
        }
    }
    bytes
}

/// An OFD package of a seed with one of its XML parts mutated (and
/// sometimes the package itself damaged).
fn ofd_case(rng: &mut Rng) -> Vec<u8> {
    let bytes = fs::read(root().join("tests/fixtures/formats/ofd/seed_000.ofd")).unwrap();
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
    let mut parts: Vec<(String, String)> = Vec::new();
    for i in 0..archive.len() {
        let mut f = archive.by_index(i).unwrap();
        let mut body = String::new();
        std::io::Read::read_to_string(&mut f, &mut body).unwrap();
        parts.push((f.name().to_string(), body));
    }
    for _ in 0..=rng.below(4) {
        let k = rng.below(parts.len());
        mutate_xml(rng, &mut parts[k].1);
    }
    if rng.chance(8) {
        parts.remove(rng.below(parts.len()));
    }
    let refs: Vec<(&str, &[u8])> = parts
        .iter()
        .map(|(n, b)| (n.as_str(), b.as_bytes()))
        .collect();
    let mut package = crate::format_pdf::ofd_package(&refs);
    if rng.chance(10) {
        let at = rng.below(package.len());
        package.truncate(at.max(4));
    }
    package
}

/// XML mutations: tags cut, doubled or left open, deep nesting, odd
/// attribute values, entities, truncation.
fn mutate_xml(rng: &mut Rng, xml: &mut String) {
    const BITS: &[&str] = &[
        "<w:p>",
        "</w:p>",
        "<w:r>",
        "</w:r>",
        "<w:t>",
        "</w:t>",
        "<w:tbl>",
        "<w:tr>",
        "<w:tc>",
        "<w:ilvl w:val=\"99999999999\"/>",
        "<w:ilvl w:val=\"-1\"/>",
        "<w:numId w:val=\"0\"/>",
        "<w:numId w:val=\"4294967296\"/>",
        "<w:start w:val=\"-5\"/>",
        "<w:start w:val=\"2147483647\"/>",
        "<w:numFmt w:val=\"upperRoman\"/>",
        "<w:lvlText w:val=\"%1.%2.%3.%4.%5.%6.%7.%8.%9.%10\"/>",
        "<w:outlineLvl w:val=\"9\"/>",
        "<w:basedOn w:val=\"Heading1\"/>",
        "<w:abstractNumId w:val=\"0\"/>",
        "&amp;",
        "&#0;",
        "&#xFFFF;",
        "&bogus;",
        "<!DOCTYPE x [<!ENTITY a \"aaaaaaaaaa\">]>",
        "<![CDATA[x]]>",
        "<?pi x?>",
        "<!-- c -->",
        "\"",
        "<",
        ">",
        "\u{0}",
    ];
    let a = boundary(rng, xml);
    match rng.below(6) {
        0 => xml.insert_str(a, rng.pick::<&str>(BITS)),
        1 => {
            let b = boundary(rng, xml);
            let (a, b) = (a.min(b), a.max(b));
            xml.replace_range(a..floor(xml, b.min(a + 200)), "");
        }
        2 => {
            let n = if rng.chance(5) {
                rng.below(DEEP_XML)
            } else {
                rng.below(50)
            };
            let open = rng
                .pick(&["<w:p>", "<w:r>", "<w:tbl><w:tr><w:tc>", "<x>"])
                .repeat(n);
            xml.insert_str(a, &open);
        }
        3 => xml.truncate(a),
        4 => {
            let b = boundary(rng, xml);
            let (a, b) = (a.min(b), a.max(b));
            let copy = xml[a..floor(xml, b.min(a + 3000))].to_string();
            xml.insert_str(b, &copy);
        }
        _ => {
            let piece = rng.pick(PIECES).to_string();
            xml.insert_str(a, &piece);
        }
    }
}

/// A Word 97–2003 document made of report lines in compressed and UTF-16
/// pieces, with field, cell and other marks; then, often, its FIB, piece
/// table or compound file structure damaged: single bytes, positions and
/// lengths set to extremes, truncation.
fn doc_file(rng: &mut Rng) -> Vec<u8> {
    use crate::format_doc::{compound, word_streams, CCP_TEXT_AT, FLAGS_AT};
    const MARKS: &[&str] = &[
        "\u{13}", "\u{14}", "\u{15}", "\u{7}", "\r", "\u{1}", "\u{c}",
    ];
    let lines = seed_lines();
    let mut owned = Vec::new();
    for _ in 0..1 + rng.below(6) {
        let seed = rng.pick(lines);
        let mut text = seed[rng.below(seed.len())..]
            .iter()
            .take(1 + rng.below(8))
            .cloned()
            .collect::<Vec<_>>()
            .join("\r");
        for _ in 0..rng.below(4) {
            let at = boundary(rng, &text);
            let mark = *rng.pick(MARKS);
            text.insert_str(at, mark);
        }
        let compressed = rng.chance(3);
        if compressed {
            text = text.chars().filter(char::is_ascii).collect();
        }
        owned.push((text, compressed));
    }
    let pieces: Vec<(&str, bool)> = owned.iter().map(|(t, c)| (t.as_str(), *c)).collect();
    let (mut word, mut table) = word_streams(&pieces);
    let extremes = [0u32, 1, 0x7FFF_FFFF, 0xFFFF_FFFF, 0x4000_0000, 512, 1024];
    for _ in 0..rng.below(3) {
        let stream = if rng.chance(2) { &mut word } else { &mut table };
        if stream.len() < 4 {
            continue;
        }
        let at = rng.below(stream.len() - 3);
        if rng.chance(2) {
            stream[at] ^= 1 << rng.below(8);
        } else {
            stream[at..at + 4].copy_from_slice(&rng.pick(&extremes).to_le_bytes());
        }
    }
    if rng.chance(6) {
        let value = *rng.pick(&extremes);
        word[CCP_TEXT_AT..CCP_TEXT_AT + 4].copy_from_slice(&value.to_le_bytes());
    }
    if rng.chance(10) {
        word[FLAGS_AT] ^= 0x02;
    }
    let table_name = if rng.chance(8) { "1Table" } else { "0Table" };
    let mut file = if rng.chance(3) {
        // A real file, so that its formatting pages and lists get damaged
        // too.
        let name = rng.pick(&["features.doc", "numbered.doc", "seed_001.doc"]);
        fs::read(root().join("tests/fixtures/formats/doc").join(name)).unwrap()
    } else {
        compound(&[("WordDocument", &word), (table_name, &table)])
    };
    match rng.below(4) {
        0 => {
            let n = rng.below(file.len());
            file.truncate(n);
        }
        1 => {
            for _ in 0..1 + rng.below(8) {
                let at = rng.below(file.len() - 3);
                file[at..at + 4].copy_from_slice(&rng.pick(&extremes).to_le_bytes());
            }
        }
        2 => {
            for _ in 0..1 + rng.below(16) {
                let at = rng.below(file.len());
                file[at] ^= 1 << rng.below(8);
            }
        }
        _ => {}
    }
    file
}

/// How deep mutated XML nests at most.
const DEEP_XML: usize = 3000;

fn zip_docx(parts: &str) -> Vec<u8> {
    use zip::write::SimpleFileOptions;
    use zip::{CompressionMethod, ZipWriter};
    let mut parts = parts.split('\u{1}');
    let mut zip = ZipWriter::new(Cursor::new(Vec::new()));
    let options = SimpleFileOptions::default().compression_method(CompressionMethod::Stored);
    let mut part = |name: &str, text: &str| {
        zip.start_file(name, options).unwrap();
        zip.write_all(text.as_bytes()).unwrap();
    };
    part("[Content_Types].xml", "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"><Default Extension=\"xml\" ContentType=\"application/xml\"/><Override PartName=\"/word/document.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/></Types>");
    part("_rels/.rels", "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"word/document.xml\"/></Relationships>");
    part("word/document.xml", parts.next().unwrap_or_default());
    part("word/styles.xml", parts.next().unwrap_or_default());
    part("word/numbering.xml", parts.next().unwrap_or_default());
    zip.finish().unwrap().into_inner()
}

const ODF: &str = r#"xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0""#;

/// An OpenDocument text's content.xml and styles.xml (joined by U+0001):
/// paragraphs, headings, nested numbered lists, spans and spaces, mutated.
fn odt_parts(rng: &mut Rng) -> String {
    let text = report_text(rng);
    let mut content = format!("<?xml version=\"1.0\" encoding=\"UTF-8\"?><office:document-content {ODF}><office:automatic-styles><style:style style:name=\"T1\" style:family=\"text\"><style:text-properties text:display=\"none\"/></style:style></office:automatic-styles><office:body><office:text>");
    for line in text.lines() {
        let escaped = line
            .replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('\u{0}', "");
        match rng.below(6) {
            0 => content.push_str(&format!(
                "<text:list text:style-name=\"L1\"><text:list-item><text:h text:outline-level=\"1\">{escaped}</text:h></text:list-item></text:list>"
            )),
            1 => content.push_str(&format!(
                "<text:list text:style-name=\"L1\" text:continue-numbering=\"true\"><text:list-item><text:list><text:list-item><text:p>{escaped}</text:p></text:list-item></text:list></text:list-item></text:list>"
            )),
            2 => content.push_str(&format!(
                "<text:p>{escaped}<text:s text:c=\"3\"/><text:span text:style-name=\"T1\">隐藏</text:span><text:tab/></text:p>"
            )),
            3 => content.push_str(&format!("<text:h text:outline-level=\"2\">{escaped}</text:h>")),
            _ => content.push_str(&format!("<text:p>{escaped}</text:p>")),
        }
    }
    content.push_str("</office:text></office:body></office:document-content>");
    let styles = format!(
        "<office:document-styles {ODF}><office:styles><text:list-style style:name=\"L1\"><text:list-level-style-number text:level=\"1\" style:num-suffix=\"、\" style:num-format=\"一, 二, 三, ...\"/><text:list-level-style-number text:level=\"2\" style:num-prefix=\"（\" style:num-suffix=\"）\" style:num-format=\"一, 二, 三, ...\" text:display-levels=\"2\"/></text:list-style><text:outline-style style:name=\"Outline\"><text:outline-level-style text:level=\"1\" style:num-format=\"1\" style:num-suffix=\".\"/></text:outline-style></office:styles></office:document-styles>"
    );
    let mut parts = [content, styles];
    for _ in 0..rng.below(6) {
        let part = rng.below(2);
        mutate_xml(rng, &mut parts[part]);
    }
    parts.join("\u{1}")
}

fn zip_odt(parts: &str) -> Vec<u8> {
    use zip::write::SimpleFileOptions;
    use zip::{CompressionMethod, ZipWriter};
    let mut parts = parts.split('\u{1}');
    let mut zip = ZipWriter::new(Cursor::new(Vec::new()));
    let options = SimpleFileOptions::default().compression_method(CompressionMethod::Stored);
    let mut part = |name: &str, text: &str| {
        zip.start_file(name, options).unwrap();
        zip.write_all(text.as_bytes()).unwrap();
    };
    part("mimetype", "application/vnd.oasis.opendocument.text");
    part("content.xml", parts.next().unwrap_or_default());
    part("styles.xml", parts.next().unwrap_or_default());
    zip.finish().unwrap().into_inner()
}

/// Pieces of RTF a mutation inserts: control words with odd parameters,
/// escapes cut short, groups left open or closed twice, destinations.
const RTF_PIECES: &[&str] = &[
    "{",
    "}",
    "}}}",
    "\\",
    "\\'",
    "\\'b",
    "\\'b1\\'",
    "\\u",
    "\\u-",
    "\\u99999999999",
    "\\u-32768",
    "\\uc0 ",
    "\\uc9999 ",
    "\\u55357 ",
    "\\*",
    "{\\*\\x ",
    "\\par ",
    "\\cell ",
    "\\v ",
    "\\v0 ",
    "{\\listtext ",
    "{\\fonttbl{\\f9\\fcharset134 x;}}",
    "\\f9 ",
    "\\ansicpg936 ",
    "\\ansicpg99999 ",
    "\\outlinelevel255 ",
    "\\s1 ",
    "\\",
    "\\-",
    "\\~",
];

/// A report as RTF (as LibreOffice and WordPad write it: `\uN` with
/// fallbacks, GBK `\'xx` bytes), then mutated.
fn rtf_case(rng: &mut Rng) -> Vec<u8> {
    let text = report_text(rng);
    let gbk = rng.chance(2);
    let mut rtf = String::from(if gbk {
        "{\\rtf1\\ansi\\ansicpg936\\deff0{\\fonttbl{\\f0\\fnil\\fcharset134 SimSun;}}{\\stylesheet{\\s1 heading 1;}}\\uc1\\pard "
    } else {
        "{\\rtf1\\ansi\\deff0{\\fonttbl{\\f0 Calibri;}}\\uc1\\pard "
    });
    for line in text.lines() {
        if rng.chance(8) {
            rtf.push_str("{\\listtext\\pard\\plain \\u19968?\\u12289?\\tab}");
        }
        for c in line.chars() {
            match c {
                '\\' | '{' | '}' => {
                    rtf.push('\\');
                    rtf.push(c);
                }
                c if c.is_ascii() => rtf.push(c),
                c if gbk => {
                    let one = c.to_string();
                    let (bytes, _, _) = encoding_rs::GBK.encode(&one);
                    for b in bytes.iter() {
                        rtf.push_str(&format!("\\'{b:02x}"));
                    }
                }
                c => {
                    let mut units = [0u16; 2];
                    for u in c.encode_utf16(&mut units) {
                        rtf.push_str(&format!("\\u{}?", *u as i16));
                    }
                }
            }
        }
        rtf.push_str("\\par\n");
    }
    rtf.push('}');
    let mut bytes = rtf.into_bytes();
    for _ in 0..rng.below(6) {
        if bytes.is_empty() {
            break;
        }
        let at = rng.below(bytes.len());
        match rng.below(3) {
            0 => bytes.truncate(at.max(6)),
            1 => {
                let piece = rng.pick(RTF_PIECES).as_bytes().to_vec();
                bytes.splice(at..at, piece);
            }
            _ => {
                let end = (at + rng.below(64)).min(bytes.len());
                bytes.drain(at..end);
            }
        }
    }
    bytes
}

/// The built-in pack's files (rule files and data), by relative path.
fn builtin_files() -> &'static [(String, String)] {
    static FILES: OnceLock<Vec<(String, String)>> = OnceLock::new();
    FILES.get_or_init(|| {
        let dir = root().join("rules/fzzf");
        let mut files = Vec::new();
        for sub in ["", "data"] {
            let mut names: Vec<_> = fs::read_dir(dir.join(sub))
                .unwrap()
                .map(|e| e.unwrap().path())
                .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
                .collect();
            names.sort();
            for path in names {
                let rel = path.strip_prefix(&dir).unwrap().display().to_string();
                files.push((rel, fs::read_to_string(&path).unwrap()));
            }
        }
        files
    })
}

/// A pack case: the index of the rule file that is mutated, then U+0001,
/// then its mutated text.
fn pack_case(rng: &mut Rng) -> String {
    let files = builtin_files();
    let i = rng.below(files.len());
    let mut text = files[i].1.clone();
    const YAML: &[&str] = &[
        "-1",
        "0",
        "99999999999999999999",
        "1e309",
        "NaN",
        "~",
        "''",
        "\"\"",
        "[]",
        "{}",
        "'('",
        "'(a+)+$'",
        "'a{1000}{1000}'",
        "'\\\\p{Han}{0,99999}'",
        "'.*'",
        "'^$'",
        "'(?m)$'",
        "'\\b'",
        "'{year}{section}{unknown}'",
        "&a [x, *a]",
        "*nothing",
        "!!binary aGVsbG8=",
        "!custom x",
        "|\n      多行\n      文字",
        "'\u{0}'",
        "\"\\uD800\"",
        "'《'",
        "section:nowhere",
        "builtin",
        "../../../etc/passwd",
        "data/law-titles.yaml",
        "data/missing.yaml",
    ];
    for _ in 0..rng.below(4) + 1 {
        let lines: Vec<&str> = text.lines().collect();
        if lines.is_empty() {
            break;
        }
        let at = rng.below(lines.len());
        let mut out: Vec<String> = lines.iter().map(|l| l.to_string()).collect();
        match rng.below(7) {
            // A value replaced.
            0..=2 => {
                if let Some(colon) = out[at].find(": ") {
                    out[at].truncate(colon + 2);
                    out[at].push_str(rng.pick::<&str>(YAML));
                } else if let Some(dash) = out[at].find("- ") {
                    out[at].truncate(dash + 2);
                    out[at].push_str(rng.pick::<&str>(YAML));
                }
            }
            // A line deleted, doubled or re-indented.
            3 => {
                out.remove(at);
            }
            4 => {
                let line = out[at].clone();
                out.insert(at, line);
            }
            5 => {
                let line = out[at].trim_start().to_string();
                out[at] = format!("{}{line}", " ".repeat(rng.below(9)));
            }
            // Truncated.
            _ => out.truncate(at),
        }
        text = out.join("\n");
        text.push('\n');
    }
    format!("{i}\u{1}{text}")
}

// ---------------------------------------------------------------------------
// Running a case.

fn run_case(kind: Kind, payload: &[u8]) -> Result<(), String> {
    if kind == Kind::Pack {
        return run_pack_case(payload);
    }
    let setup = SETUP
        .with(|s| s.borrow_mut().take())
        .unwrap_or_else(builtin_setup);
    let (setup, result) = match kind {
        Kind::Text => {
            let ext = ["txt", "md", ""][payload.len() % 3];
            load_and_check(
                "fuzz.txt",
                payload,
                Some(ext).filter(|e| !e.is_empty()),
                setup,
            )
        }
        Kind::Html => load_and_check("fuzz.html", payload, Some("html"), setup),
        Kind::Doc => load_and_check("fuzz.doc", payload, Some("doc"), setup),
        Kind::Pdf => load_and_check("fuzz.pdf", payload, Some("pdf"), setup),
        Kind::Ofd => load_and_check("fuzz.ofd", payload, Some("ofd"), setup),
        Kind::Odt => {
            let parts = String::from_utf8_lossy(payload);
            let mut bytes = zip_odt(&parts);
            if payload.len().is_multiple_of(7) && bytes.len() > 60 {
                let i = payload.len() % (bytes.len() - 30) + 30;
                bytes[i] ^= 0x5a;
            }
            load_and_check("fuzz.odt", &bytes, Some("odt"), setup)
        }
        Kind::Rtf => load_and_check("fuzz.rtf", payload, Some("rtf"), setup),
        _ => {
            let parts = String::from_utf8_lossy(payload);
            let mut bytes = zip_docx(&parts);
            // Some packages are damaged as a whole.
            if payload.len().is_multiple_of(7) && bytes.len() > 60 {
                let i = payload.len() % (bytes.len() - 30) + 30;
                bytes[i] ^= 0x5a;
            }
            load_and_check("fuzz.docx", &bytes, Some("docx"), setup)
        }
    };
    SETUP.with(|s| *s.borrow_mut() = Some(setup));
    result
}

fn run_pack_case(payload: &[u8]) -> Result<(), String> {
    let text = String::from_utf8_lossy(payload);
    let (index, mutated) = text.split_once('\u{1}').unwrap_or(("0", &text));
    let index: usize = index.parse().unwrap_or(0);
    let dir = tempfile::tempdir().map_err(|e| e.to_string())?;
    for (i, (name, original)) in builtin_files().iter().enumerate() {
        let path = dir.path().join(name);
        fs::create_dir_all(path.parent().unwrap()).map_err(|e| e.to_string())?;
        let body = if i == index { mutated } else { original };
        fs::write(&path, body).map_err(|e| e.to_string())?;
    }
    match pack::from_dir(dir.path()) {
        Err(e) => {
            if e.to_string().trim().is_empty() {
                return Err("a broken pack gives an empty error message".into());
            }
            Ok(())
        }
        Ok(pack) => {
            // A pack that loads checks reports without trouble.
            let mut setup = Setup {
                settings: SETTINGS.get_or_init(|| builtin_setup().settings).clone(),
                pack,
                filter: PathFilter::default(),
                known: Vec::new(),
            };
            for i in [0, 3] {
                let path = root().join(format!("tests/fixtures/seed_{i:03}.txt"));
                let bytes = fs::read(&path).map_err(|e| e.to_string())?;
                let (back, result) = load_and_check("seed.txt", &bytes, Some("txt"), setup);
                result?;
                setup = back;
            }
            Ok(())
        }
    }
}

static SETTINGS: OnceLock<Settings> = OnceLock::new();

fn options() -> Options {
    Options {
        max_bytes: 4 * 1024 * 1024,
        ..Options::default()
    }
}

/// Reads and checks an input with a setup, lent for the run and handed
/// back.
fn load_and_check(
    name: &str,
    bytes: &[u8],
    ext: Option<&str>,
    setup: Setup,
) -> (Setup, Result<(), String>) {
    let loaded = match input::from_bytes(
        name.to_string(),
        bytes,
        ext,
        options().max_bytes,
        &setup.pack.grammar.page_title_words,
    ) {
        Ok(loaded) => loaded,
        Err(e) => {
            let result = if e.to_string().trim().is_empty() {
                Err(format!("an input error without a message: {e:?}"))
            } else {
                Ok(())
            };
            return (setup, result);
        }
    };
    let file = run::check_loaded(loaded, &setup.pack, options());
    if let Err(e) = spans_inside(&file, "checked")
        .and_then(|()| fixes_settle(name, &file.doc.text, &setup.pack))
    {
        return (setup, Err(e));
    }
    outputs_parse(file, setup)
}

/// Every label and edit span lies inside the text, on char boundaries.
fn spans_inside(file: &CheckedFile, what: &str) -> Result<(), String> {
    let text = &file.doc.text;
    let ok = |s: reportlint::document::Span| {
        s.start <= s.end
            && s.end <= text.len()
            && text.is_char_boundary(s.start)
            && text.is_char_boundary(s.end)
    };
    for f in &file.checked.findings {
        for label in std::iter::once(&f.primary).chain(&f.secondary) {
            if !ok(label.span) {
                return Err(format!(
                    "{what}: {} label span {:?} outside the text or a character (length {})",
                    f.rule,
                    label.span,
                    text.len()
                ));
            }
        }
        for edit in f.fix.iter().flat_map(|x| &x.edits) {
            if !ok(edit.span) {
                return Err(format!(
                    "{what}: {} fix edit {:?} outside the text or a character (length {})",
                    f.rule,
                    edit.span,
                    text.len()
                ));
            }
        }
    }
    Ok(())
}

/// Fixing converges, the fixed text checks cleanly, and fixing it again
/// changes nothing.
fn fixes_settle(name: &str, text: &str, pack: &Pack) -> Result<(), String> {
    let once = fix::fix_text(
        name.to_string(),
        text.to_string(),
        pack,
        options(),
        Applicability::Unsafe,
    );
    spans_inside(&once.file, "fixed")?;
    if let Some(why) = &once.unsettled {
        return Err(format!("fixes did not converge: {why:?}"));
    }
    let fixed = once.file.doc.text.clone();
    let twice = fix::fix_text(
        name.to_string(),
        fixed.clone(),
        pack,
        options(),
        Applicability::Unsafe,
    );
    if twice.applied != 0 || twice.file.doc.text != fixed {
        return Err(format!(
            "fixing the fixed text changed it again ({} fixes)",
            twice.applied
        ));
    }
    Ok(())
}

/// The JSON, SARIF and JUnit outputs of the file parse.
fn outputs_parse(file: CheckedFile, setup: Setup) -> (Setup, Result<(), String>) {
    let mut run = Run {
        files: vec![FileRun {
            outcome: Outcome::Checked(Box::new(file)),
            setup: 0,
            waived: Vec::new(),
            fixed: None,
        }],
        shared: Shared::new(setup),
        unused: Vec::new(),
    };
    let options = report::Options {
        statistics: false,
        quiet: false,
        threshold: Severity::Warning,
        style: report::human::Style {
            color: false,
            width: 100,
        },
        display: report::fold::Display::default(),
    };
    let render = |format| report::render(report::emitter(format, options, false), &run);
    let result = (|| {
        serde_json::from_str::<Value>(&render(Format::Json))
            .map_err(|e| format!("the JSON output does not parse: {e}"))?;
        serde_json::from_str::<Value>(&render(Format::Sarif))
            .map_err(|e| format!("the SARIF output does not parse: {e}"))?;
        let xml = render(Format::Junit);
        junit_parser::from_reader(Cursor::new(xml.as_bytes()))
            .map_err(|e| format!("the JUnit output does not parse: {e}"))?;
        Ok(())
    })();
    let setup = run.shared.setups.pop().expect("the run holds the setup");
    (setup, result)
}

thread_local! {
    /// Where the last panic on this thread happened.
    static PANIC_AT: std::cell::RefCell<String> = const { std::cell::RefCell::new(String::new()) };
}

/// Records where each panic happens (for the failure message), then does
/// what the hook before it did.
fn record_panic_locations() {
    static HOOK: OnceLock<()> = OnceLock::new();
    HOOK.get_or_init(|| {
        let previous = panic::take_hook();
        panic::set_hook(Box::new(move |info| {
            let at = info.location().map(|l| l.to_string()).unwrap_or_default();
            PANIC_AT.with(|p| *p.borrow_mut() = at);
            previous(info);
        }));
    });
}

/// Runs a case, turning a panic into an error.
fn guarded(kind: Kind, payload: &[u8]) -> Result<(), String> {
    record_panic_locations();
    match panic::catch_unwind(AssertUnwindSafe(|| run_case(kind, payload))) {
        Ok(result) => result,
        Err(e) => {
            let message = e
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| e.downcast_ref::<&str>().map(|s| s.to_string()))
                .unwrap_or_default();
            let at = PANIC_AT.with(|p| p.borrow().clone());
            Err(format!("panic at {at}: {message}"))
        }
    }
}

/// Removes what a failing payload does not need to fail the same way: runs
/// of bytes, from large to small (a bounded number of tries).
fn shrink(kind: Kind, payload: &[u8], failure: &str) -> Vec<u8> {
    let signature = failure.lines().next().unwrap_or_default().to_string();
    let same = |p: &[u8]| matches!(guarded(kind, p), Err(e) if e.lines().next() == Some(signature.as_str()));
    let mut best = payload.to_vec();
    let mut chunk = best.len() / 2;
    let mut tries = 0;
    while chunk > 0 && tries < 400 {
        let mut i = 0;
        while i < best.len() && tries < 400 {
            let mut candidate = best.clone();
            candidate.drain(i..(i + chunk).min(best.len()));
            tries += 1;
            if same(&candidate) {
                best = candidate;
            } else {
                i += chunk;
            }
        }
        chunk /= 2;
    }
    best
}

/// A payload as a Rust literal: a string if it is UTF-8, else bytes.
fn literal(payload: &[u8]) -> String {
    match std::str::from_utf8(payload) {
        Ok(text) => format!("{text:?}.as_bytes()"),
        Err(_) => format!("b\"{}\"", payload.escape_ascii()),
    }
}

/// Runs the generated cases of one kind; fails with shrunk reproductions.
/// Prints (to the test's captured output) how long the cases took.
#[allow(clippy::print_stderr)]
fn fuzz(kind: Kind, generate: impl Fn(&mut Rng) -> Vec<u8>) {
    let (mut rng, n) = cases(kind);
    let started = std::time::Instant::now();
    let mut failures = Vec::new();
    for case in 0..n {
        let payload = generate(&mut rng);
        if let Err(failure) = guarded(kind, &payload) {
            let small = shrink(kind, &payload, &failure);
            failures.push(format!(
                "case {case}: {failure}\n  reproduction ({} bytes): {}",
                small.len(),
                literal(&small)
            ));
            if failures.len() >= 5 {
                break;
            }
        }
    }
    eprintln!(
        "{kind:?}: {n} cases in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    assert!(
        failures.is_empty(),
        "{kind:?}: {} failing cases of {n}:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn fuzz_texts() {
    fuzz(Kind::Text, |rng| {
        let mut text = report_text(rng);
        mutate_text(rng, &mut text);
        encode(rng, &text)
    });
}

#[test]
fn fuzz_web_pages() {
    fuzz(Kind::Html, |rng| {
        let mut page = html_page(rng);
        if rng.chance(3) {
            mutate_text(rng, &mut page);
        }
        encode(rng, &page)
    });
}

#[test]
fn fuzz_docx_packages() {
    fuzz(Kind::Docx, |rng| docx_parts(rng).into_bytes());
}

#[test]
fn fuzz_doc_files() {
    fuzz(Kind::Doc, doc_file);
}

#[test]
fn fuzz_pdfs() {
    fuzz(Kind::Pdf, pdf_case);
}

#[test]
fn fuzz_ofd_packages() {
    fuzz(Kind::Ofd, ofd_case);
}

#[test]
fn fuzz_odt_packages() {
    fuzz(Kind::Odt, |rng| odt_parts(rng).into_bytes());
}

#[test]
fn fuzz_rtf_documents() {
    fuzz(Kind::Rtf, rtf_case);
}

#[test]
fn fuzz_rule_packs() {
    fuzz(Kind::Pack, |rng| pack_case(rng).into_bytes());
}

/// Every failure the harness found stays fixed.
#[test]
fn found_failures_stay_fixed() {
    let failing: Vec<String> = FOUND
        .iter()
        .filter_map(|k| {
            let payload = (k.payload)();
            if k.aborts {
                let dir = tempfile::tempdir().unwrap();
                let ext = match k.kind {
                    Kind::Html => "html",
                    Kind::Docx => "docx",
                    Kind::Doc => "doc",
                    Kind::Pdf => "pdf",
                    Kind::Ofd => "ofd",
                    Kind::Odt => "odt",
                    Kind::Rtf => "rtf",
                    _ => "txt",
                };
                let path = dir.path().join(format!("found.{ext}"));
                fs::write(&path, &payload).unwrap();
                let r = crate::helpers::run(&["check", path.to_str().unwrap()]);
                return (![0, 1, 2].contains(&r.code))
                    .then(|| format!("{}: exit {}: {}", k.what, r.code, r.stderr));
            }
            guarded(k.kind, &payload)
                .err()
                .map(|e| format!("{}: {e}", k.what))
        })
        .collect();
    assert!(failing.is_empty(), "{failing:#?}");
}

#[test]
fn the_generators_are_deterministic() {
    let mut a = Rng(1);
    let mut b = Rng(1);
    assert_eq!(html_page(&mut a), html_page(&mut b));
    assert_eq!(docx_parts(&mut a), docx_parts(&mut b));
    assert_eq!(doc_file(&mut a), doc_file(&mut b));
}
