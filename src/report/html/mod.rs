//! `--format html` / `--output html=PATH`: a review report a reviewer opens
//! in a browser, offline: an overview (the completeness matrix, counts, the
//! rules that fired, filters and sorting), then each report's full text with
//! every finding highlighted and its message and help a click away.
//!
//! Every page is self-contained: the style sheet and the script are inline,
//! nothing is fetched, and a Content-Security-Policy allows only those two
//! (by hash), so a report's text, however hostile, stays text: it is escaped,
//! and even a slip in escaping could not run a script.
//!
//! Memory stays flat with the number of reports: each report's section is
//! written as it comes into a [`Spill`] (on disk past 1 MB), and the
//! overview, which comes first but is known only at the end, keeps a small
//! row per report ([`IndexRow`]). At the end the output is either
//!
//! - one file: the overview, then every section (at most [`PAGED_ABOVE`]
//!   reports, or always on standard output), or
//! - paged: the overview as the index page, and one page per report in the
//!   folder `<index name>_files/` beside it ([`Target`]), cut from the spill
//!   section by section, so every page stays small and fast.

mod overview;
mod section;

use std::cell::RefCell;
use std::collections::HashMap;
use std::fmt;
use std::fs;
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::rc::Rc;

use sha2::{Digest, Sha256};

use super::matrix::{self, Column, Row};
use super::out::Spill;
use super::Emitter;
use crate::finding::Severity;
use crate::fix::temp::Temp;
use crate::run::{FileRun, Outcome, Shared, Summary, UnusedWaiver};

/// More reports than this in one `--output html=FILE` are written as an
/// index page and one page per report.
pub const PAGED_ABOVE: usize = 50;

const STYLE: &str = include_str!("style.css");
const SCRIPT: &str = include_str!("script.js");

/// Where an `--output html=PATH` goes.
#[derive(Debug, Clone)]
pub struct Target {
    /// The overview (the whole report when not paged).
    pub index: PathBuf,
    /// The folder of the per-report pages: `<index stem>_files` beside it.
    pub pages: PathBuf,
    /// PATH names a folder (an existing one, or written with a trailing
    /// slash): always paged, the index is `PATH/index.html`.
    pub folder: bool,
}

impl Target {
    pub fn of(path: &Path) -> Target {
        let text = path.as_os_str().to_string_lossy();
        let folder =
            path.is_dir() || text.ends_with('/') || text.ends_with(std::path::MAIN_SEPARATOR);
        let index = if folder {
            path.join("index.html")
        } else {
            path.to_path_buf()
        };
        let stem = index
            .file_stem()
            .map_or("index".into(), |s| s.to_string_lossy().into_owned());
        let pages = index.with_file_name(format!("{stem}_files"));
        Target {
            index,
            pages,
            folder,
        }
    }
}

impl Target {
    /// The index and the pages now at the target (an earlier run's).
    pub fn files(&self) -> Vec<PathBuf> {
        let mut files = vec![self.index.clone()];
        if let Ok(entries) = fs::read_dir(&self.pages) {
            files.extend(
                entries
                    .flatten()
                    .filter(|e| is_page_name(&e.file_name().to_string_lossy()))
                    .map(|e| e.path()),
            );
        }
        files
    }
}

/// Where a failure to write the per-report pages is kept for
/// [`super::Output::finish`], which then reports the output as not written.
pub type PagesError = Rc<RefCell<Option<io::Error>>>;

/// A rule that fired in the run: the overview's rule table and filter.
struct RuleStat {
    id: String,
    title: String,
    severity: Severity,
    reports: usize,
    findings: usize,
}

/// What the overview keeps of one report.
struct IndexRow {
    row: Row,
    /// Indices into [`Html::rules`] of the rules with findings here.
    rules: Box<[u32]>,
    /// Bytes of the report's section in the spill.
    len: u64,
}

/// `--format html`.
pub struct Html {
    threshold: Severity,
    /// For an `--output` file; `None` on standard output (never paged).
    target: Option<Target>,
    pages_error: PagesError,
    columns: Vec<Column>,
    pack: String,
    rules: Vec<RuleStat>,
    rule_index: HashMap<String, u32>,
    rows: Vec<IndexRow>,
    sections: Spill,
    summary: Summary,
}

impl Html {
    /// The HTML output; `target` for an `--output` file.
    pub fn new(threshold: Severity, target: Option<Target>) -> Html {
        Html {
            threshold,
            target,
            pages_error: PagesError::default(),
            columns: Vec::new(),
            pack: String::new(),
            rules: Vec::new(),
            rule_index: HashMap::new(),
            rows: Vec::new(),
            sections: Spill::default(),
            summary: Summary::default(),
        }
    }

    /// Where a failure to write the pages will be told.
    pub fn pages_error(&self) -> PagesError {
        self.pages_error.clone()
    }

    fn paged(&self) -> bool {
        self.target
            .as_ref()
            .is_some_and(|t| t.folder || self.rows.len() > PAGED_ABOVE)
    }
}

impl Emitter for Html {
    fn begin(&mut self, run: &Shared, _out: &mut dyn Write) {
        self.columns = matrix::columns(run.first_pack());
        self.pack = run.first_pack().meta.name.clone();
    }

    fn file(&mut self, run: &Shared, file: &FileRun, _out: &mut dyn Write) {
        self.summary.add(file);
        let row = Row::of(&file.outcome, run.pack(file), &self.columns, self.threshold)
            .with_fix_failure(file.fix_failure());
        let mut rules: Vec<u32> = Vec::new();
        if let Outcome::Checked(checked) = &file.outcome {
            for f in &checked.checked.findings {
                let i = match self.rule_index.get(&f.rule) {
                    Some(&i) => i,
                    None => {
                        let i = self.rules.len() as u32;
                        self.rules.push(RuleStat {
                            id: f.rule.clone(),
                            title: run
                                .pack(file)
                                .rule(&f.rule)
                                .map(|r| r.title.clone())
                                .unwrap_or_default(),
                            severity: f.severity,
                            reports: 0,
                            findings: 0,
                        });
                        self.rule_index.insert(f.rule.clone(), i);
                        i
                    }
                };
                self.rules[i as usize].findings += 1;
                if !rules.contains(&i) {
                    rules.push(i);
                    self.rules[i as usize].reports += 1;
                }
            }
        }
        let n = self.rows.len() + 1;
        let mut sink = Sink::new(&mut self.sections);
        section::write(&mut sink, run, file, n);
        let len = sink.flush();
        self.rows.push(IndexRow {
            row,
            rules: rules.into_boxed_slice(),
            len,
        });
    }

    fn finish(mut self: Box<Self>, _run: &Shared, unused: &[UnusedWaiver], out: &mut dyn Write) {
        self.summary.unused_waivers = unused.len();
        let paged = self.paged();
        let sections = std::mem::take(&mut self.sections);
        if let (true, Some(target)) = (paged, &self.target) {
            let names = page_names(&self.rows);
            if let Err(e) = self.write_pages(target, &names, sections) {
                let blocked = target.pages.exists() && !target.pages.is_dir();
                let reason = if blocked {
                    "已有同名的文件（不是文件夹），请删除或改名后重试".to_string()
                } else {
                    crate::error::write_reason(&e)
                };
                let e = if blocked {
                    io::Error::from(io::ErrorKind::NotADirectory)
                } else {
                    e
                };
                super::write_stderr(&format!(
                    "无法写入 HTML 审核报告的分页文件夹 {}：{reason}；总览页也没有写出\n",
                    target.pages.display()
                ));
                *self.pages_error.borrow_mut() = Some(e);
                return;
            }
            if !target.folder {
                super::write_stderr(&format!(
                    "注意：共 {} 份报告，HTML 审核报告分页写出：{} 为总览，每份报告一页，在 {} 中\n",
                    self.rows.len(),
                    target.index.display(),
                    target.pages.display()
                ));
            }
            let folder = folder_name(target);
            let link = |i: usize| format!("{}/{}", url_escape(&folder), url_escape(&names[i]));
            let mut sink = Sink::new(out);
            head(&mut sink, &format!("{}审核报告", self.pack));
            overview::write(&mut sink, &self, unused, &link);
            tail(&mut sink);
            sink.flush();
            return;
        }
        if self.target.is_none() && self.rows.len() > PAGED_ABOVE {
            super::write_stderr(&format!(
                "注意：{} 份报告的 HTML 审核报告写成了一个文件；用 --output html=文件夹/ 可写成总览加每份报告一页，打开更快\n",
                self.rows.len()
            ));
        }
        let link = |i: usize| format!("#r{}", i + 1);
        let mut sink = Sink::new(out);
        head(&mut sink, &format!("{}审核报告", self.pack));
        overview::write(&mut sink, &self, unused, &link);
        sink.push("<main>");
        sink.flush();
        let _ = sections.drain(&mut *sink.out);
        sink.push("</main>");
        tail(&mut sink);
        sink.flush();
    }
}

impl Html {
    /// Writes one page per report into the pages folder, cutting the
    /// spilled sections apart; removes pages of an earlier run that this
    /// one did not write.
    fn write_pages(&self, target: &Target, names: &[String], sections: Spill) -> io::Result<()> {
        fs::create_dir_all(&target.pages)?;
        let index = target
            .index
            .file_name()
            .map_or("index.html".into(), |s| s.to_string_lossy().into_owned());
        let mut pages = Pages {
            html: self,
            dir: &target.pages,
            index: &index,
            names,
            at: 0,
            left: 0,
            page: None,
        };
        sections.drain(&mut pages)?;
        pages.close_empty()?;
        for entry in fs::read_dir(&target.pages)? {
            let name = entry?.file_name().to_string_lossy().into_owned();
            if is_page_name(&name) && !names.contains(&name) {
                fs::remove_file(target.pages.join(&name))?;
            }
        }
        Ok(())
    }
}

/// The spilled sections, cut into pages as they are read back.
struct Pages<'a> {
    html: &'a Html,
    dir: &'a Path,
    /// The index page's file name (the link back).
    index: &'a str,
    names: &'a [String],
    /// The page being written or next.
    at: usize,
    /// Bytes of its section still to come.
    left: u64,
    page: Option<BufWriter<Temp>>,
}

impl Pages<'_> {
    fn open(&mut self) -> io::Result<()> {
        let mut file = BufWriter::with_capacity(1 << 16, Temp::create_in(self.dir)?);
        let i = self.at;
        let mut text = Vec::new();
        {
            let mut sink = Sink::new(&mut text);
            let path = &self.html.rows[i].row.path;
            head(&mut sink, &format!("{}（{}）", path, self.html.pack));
            self.nav(&mut sink);
            sink.push("<main>");
            sink.flush();
        }
        file.write_all(&text)?;
        self.left = self.html.rows[i].len;
        self.page = Some(file);
        Ok(())
    }

    fn nav(&self, sink: &mut Sink) {
        let i = self.at;
        sink.push("<nav class=\"pages\"><a href=\"../");
        sink.push(&url_escape(self.index));
        sink.push("\">← 返回总览</a>");
        if i > 0 {
            sink.push("<a href=\"");
            sink.push(&url_escape(&self.names[i - 1]));
            sink.push("\">上一份</a>");
        }
        if i + 1 < self.names.len() {
            sink.push("<a href=\"");
            sink.push(&url_escape(&self.names[i + 1]));
            sink.push("\">下一份</a>");
        }
        let _ = write_fmt(
            sink,
            format_args!(
                "<span class=\"meta\">第 {} 份，共 {} 份</span></nav>",
                i + 1,
                self.names.len()
            ),
        );
    }

    fn close(&mut self) -> io::Result<()> {
        let Some(mut file) = self.page.take() else {
            return Ok(());
        };
        let mut text = Vec::new();
        {
            let mut sink = Sink::new(&mut text);
            sink.push("</main>");
            self.nav(&mut sink);
            tail(&mut sink);
            sink.flush();
        }
        file.write_all(&text)?;
        let tmp = file.into_inner().map_err(io::IntoInnerError::into_error)?;
        super::out::persist(tmp, &self.dir.join(&self.names[self.at]))?;
        self.at += 1;
        Ok(())
    }

    /// Pages whose section is empty (none are, but the cut must not depend
    /// on it) after the last byte.
    fn close_empty(&mut self) -> io::Result<()> {
        while self.at < self.names.len() {
            if self.page.is_none() {
                self.open()?;
            }
            self.close()?;
        }
        Ok(())
    }
}

impl Write for Pages<'_> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let mut rest = buf;
        while !rest.is_empty() {
            if self.at >= self.names.len() {
                return Err(io::Error::other("HTML 分页的长度与各报告的内容不符"));
            }
            if self.page.is_none() {
                self.open()?;
            }
            let take = rest
                .len()
                .min(usize::try_from(self.left).unwrap_or(usize::MAX));
            if let Some(page) = &mut self.page {
                page.write_all(&rest[..take])?;
            }
            self.left -= take as u64;
            rest = &rest[take..];
            if self.left == 0 {
                self.close()?;
            }
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

fn write_fmt(sink: &mut Sink, args: fmt::Arguments) -> fmt::Result {
    fmt::Write::write_fmt(sink, args)
}

/// The page of each report: `0001-<file name>.html`.
fn page_names(rows: &[IndexRow]) -> Vec<String> {
    let width = rows.len().to_string().len().max(4);
    rows.iter()
        .enumerate()
        .map(|(i, r)| {
            let last = r.row.path.rsplit(['/', '\\']).next().unwrap_or("");
            let stem = match last.rsplit_once('.') {
                Some((stem, _)) if !stem.is_empty() => stem,
                _ => last,
            };
            let safe: String = stem
                .chars()
                .filter(|c| !c.is_control())
                .map(|c| {
                    if c.is_whitespace() || "/\\:*?\"<>|#%&".contains(c) {
                        '_'
                    } else {
                        c
                    }
                })
                .take(40)
                .collect();
            format!("{:0width$}-{safe}.html", i + 1)
        })
        .collect()
}

/// Whether a file in the pages folder is a page of ours (digits, `-`,
/// `.html`), which a later run may replace or remove.
fn is_page_name(name: &str) -> bool {
    let digits = name.bytes().take_while(u8::is_ascii_digit).count();
    digits >= 4 && name[digits..].starts_with('-') && name.ends_with(".html")
}

/// The pages folder's name, as linked from the index.
fn folder_name(target: &Target) -> String {
    target
        .pages
        .file_name()
        .map_or("index_files".into(), |s| s.to_string_lossy().into_owned())
}

/// A path segment for an `href`: every byte but the unreserved ones
/// percent-encoded.
fn url_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// The start of every page, up to `<body>`: the policy that only the inline
/// style and script (by their hashes) may load or run.
fn head(sink: &mut Sink, title: &str) {
    sink.push("<!DOCTYPE html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\">\n");
    sink.push(
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src '",
    );
    sink.push(&csp_hash(STYLE));
    sink.push("'; script-src '");
    sink.push(&csp_hash(SCRIPT));
    sink.push("'; img-src data:\">\n");
    sink.push("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    sink.push(crate::input::walk::HTML_GENERATOR);
    sink.push(concat!(env!("CARGO_PKG_VERSION"), "\">\n<title>"));
    sink.text(title);
    sink.push("</title>\n<style>");
    sink.push(STYLE);
    sink.push("</style>\n</head>\n<body>\n");
}

/// The end of every page: the detail panel and the script.
fn tail(sink: &mut Sink) {
    sink.push(
        "\n<aside id=\"pop\" class=\"pop\" hidden aria-live=\"polite\">\
         <button type=\"button\" class=\"close\" aria-label=\"关闭\">×</button>\
         <div class=\"pop-body\"></div></aside>\n<script>",
    );
    sink.push(SCRIPT);
    sink.push("</script>\n</body>\n</html>\n");
}

/// `sha256-<base64>` of an inline style or script, for the page's policy.
fn csp_hash(text: &str) -> String {
    format!("sha256-{}", base64(&Sha256::digest(text.as_bytes())))
}

fn base64(bytes: &[u8]) -> String {
    const ABC: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for k in 0..4 {
            if k <= chunk.len() {
                out.push(ABC[((n >> (18 - 6 * k)) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// Escapes text for HTML content and attribute values. Control characters
/// (which HTML drops or rejects) are shown as their Unicode pictures
/// (␀, ␛, …), so nothing in a report disappears silently.
pub fn escape_into(text: &str, out: &mut String) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '\t' | '\n' => out.push(c),
            '\u{7f}' => out.push('\u{2421}'),
            c if (c as u32) < 0x20 => {
                out.push(char::from_u32(0x2400 + c as u32).unwrap_or('\u{FFFD}'))
            }
            c => out.push(c),
        }
    }
}

/// Markup being written: gathered in a buffer and handed to `out` in
/// pieces of 64 KB, so a long report is never held whole as HTML.
pub struct Sink<'a> {
    buf: String,
    out: &'a mut dyn Write,
    written: u64,
}

impl<'a> Sink<'a> {
    pub fn new(out: &'a mut dyn Write) -> Sink<'a> {
        Sink {
            buf: String::new(),
            out,
            written: 0,
        }
    }

    /// Markup, as it is.
    pub fn push(&mut self, markup: &str) {
        self.buf.push_str(markup);
        self.spill();
    }

    /// Text, escaped.
    pub fn text(&mut self, text: &str) {
        escape_into(text, &mut self.buf);
        self.spill();
    }

    fn spill(&mut self) {
        if self.buf.len() >= 1 << 16 {
            self.flush();
        }
    }

    /// Hands everything over; returns the bytes written in all.
    pub fn flush(&mut self) -> u64 {
        // Errors are kept by the destination (see `Dest`, `Spill`).
        let _ = self.out.write_all(self.buf.as_bytes());
        self.written += self.buf.len() as u64;
        self.buf.clear();
        self.written
    }
}

impl fmt::Write for Sink<'_> {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        self.push(s);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_pads_like_the_standard() {
        assert_eq!(base64(b""), "");
        assert_eq!(base64(b"f"), "Zg==");
        assert_eq!(base64(b"fo"), "Zm8=");
        assert_eq!(base64(b"foo"), "Zm9v");
        assert_eq!(base64(b"foobar"), "Zm9vYmFy");
    }

    #[test]
    fn escaping_leaves_no_markup_and_shows_control_characters() {
        let mut out = String::new();
        escape_into("<a href='x'>\"&\u{0}\u{1b}", &mut out);
        assert_eq!(out, "&lt;a href=&#39;x&#39;&gt;&quot;&amp;\u{2400}\u{241b}");
    }

    #[test]
    fn a_folder_target_gets_an_index_and_a_pages_folder() {
        let t = Target::of(Path::new("审核/"));
        assert!(t.folder);
        assert_eq!(t.index, Path::new("审核/index.html"));
        assert_eq!(t.pages, Path::new("审核/index_files"));
        let t = Target::of(Path::new("out/汇总.html"));
        assert!(!t.folder);
        assert_eq!(t.pages, Path::new("out/汇总_files"));
    }

    #[test]
    fn page_names_are_numbered_and_safe() {
        assert!(is_page_name("0001-a.html"));
        assert!(!is_page_name("001-a.html"));
        assert!(!is_page_name("0001a.html"));
        assert_eq!(
            url_escape("0001-报告 1.html"),
            "0001-%E6%8A%A5%E5%91%8A%201.html"
        );
    }
}
