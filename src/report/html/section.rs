//! One report in the HTML review report: what it is (title, file, year,
//! issuer, counts), its findings (errors first, each with its message, help,
//! fix and quoted text), then its full text, line by line, with every
//! finding highlighted at its span.
//!
//! Findings may overlap, so the text is cut at every label boundary and each
//! piece is one `<mark>` naming all findings that cover it (`data-f`, their
//! numbers in the list). A finding whose span is empty (an insertion point:
//! a missing section) or covers only a line break gets a point mark, so
//! every finding has at least one mark.

use std::fmt::Write as _;

use super::Sink;
use crate::document::Span;
use crate::finding::{Applicability, Finding, Severity};
use crate::run::{CheckedFile, Counts, FileRun, Outcome, Shared};

/// The CSS class of a severity.
pub fn sev_class(s: Severity) -> &'static str {
    match s {
        Severity::Error => "sev-error",
        Severity::Warning => "sev-warning",
        Severity::Info => "sev-info",
    }
}

/// Writes one report's `<section>`: `n` is its 1-based number in the run
/// (its id is `r{n}`).
pub fn write(sink: &mut Sink, run: &Shared, file: &FileRun, n: usize) {
    match &file.outcome {
        Outcome::Checked(checked) => checked_section(sink, run, file, checked, n),
        Outcome::Failed(e) => {
            let code = miette::Diagnostic::code(e)
                .map(|c| c.to_string())
                .unwrap_or_default();
            let _ = write!(sink, "<section class=\"report failed\" id=\"r{n}\">");
            sink.push("<header><h2><span class=\"no\">");
            let _ = write!(sink, "{n}");
            sink.push("</span>");
            sink.text(e.path());
            sink.push("</h2></header><p class=\"error-box\">无法检查这份报告：");
            sink.text(&e.to_string());
            sink.push("（");
            sink.text(&code);
            sink.push("）</p></section>\n");
        }
    }
}

fn checked_section(sink: &mut Sink, run: &Shared, file: &FileRun, checked: &CheckedFile, n: usize) {
    let doc = &checked.doc;
    let pack = run.pack(file);
    let counts = Counts::of(checked);
    // Errors first, then warnings, then infos; by position within each.
    let mut order: Vec<&Finding> = checked.checked.findings.iter().collect();
    order.sort_by_key(|f| std::cmp::Reverse(f.severity));

    let _ = write!(sink, "<section class=\"report\" id=\"r{n}\">");
    sink.push("<header><h2><span class=\"no\">");
    let _ = write!(sink, "{n}");
    sink.push("</span>");
    match &doc.title {
        Some(t) => sink.text(&t.text),
        None => sink.text(&doc.name),
    }
    sink.push("</h2><dl class=\"facts\"><dt>文件</dt><dd>");
    sink.text(&doc.name);
    sink.push("</dd><dt>报告年度</dt><dd>");
    match doc.year() {
        Some(y) => {
            let _ = write!(sink, "{y}");
        }
        None => sink.push("未能确定"),
    }
    sink.push("</dd><dt>发文机关</dt><dd>");
    match doc.issuing_body() {
        Some(i) => sink.text(&i),
        None => sink.push("未能确定"),
    }
    if let Some(base) = &checked.baseline {
        sink.push("</dd><dt>上年报告</dt><dd>");
        sink.text(&base.file);
        if let Some(share) = base.copied_share {
            let _ = write!(
                sink,
                "（正文中约 {}% 与之相同或几乎相同）",
                (share * 100.0).floor()
            );
        }
    }
    sink.push("</dd></dl>");
    counts_line(sink, counts);
    if !file.waived.is_empty() {
        let _ = write!(
            sink,
            "<p class=\"note\">另有 {} 条问题已按豁免文件豁免，未列出。</p>",
            file.waived.len()
        );
    }
    if let Some(failure) = file.fix_failure() {
        sink.push("<p class=\"error-box\">自动修复没有写回这份报告：");
        sink.text(&failure.message);
        sink.push("</p>");
    }
    sink.push("</header>");

    if order.is_empty() {
        sink.push("<p class=\"clean\">没有发现问题。</p>");
    } else {
        sink.push("<h3>问题（错误在前；点击一条可在原文中定位并查看修改建议）</h3><ol class=\"findings\">");
        for (i, f) in order.iter().enumerate() {
            finding_item(sink, doc, pack, f, n, i + 1);
        }
        sink.push("</ol>");
    }
    sink.push("<h3>全文（标色处为问题所在，点击查看说明）</h3><div class=\"text\">");
    text_with_marks(sink, &doc.text, &order);
    sink.push("</div></section>\n");
}

/// “错误 3　警告 5　提示 0”.
pub fn counts_line(sink: &mut Sink, c: Counts) {
    let _ = write!(
        sink,
        "<p class=\"counts\"><span class=\"pill sev-error\">错误 {}</span>\
         <span class=\"pill sev-warning\">警告 {}</span>\
         <span class=\"pill sev-info\">提示 {}</span></p>",
        c.errors, c.warnings, c.infos
    );
}

/// One `<li>` of the findings list: `i` is the finding's number in it.
fn finding_item(
    sink: &mut Sink,
    doc: &crate::document::Document,
    pack: &crate::rules::Pack,
    f: &Finding,
    n: usize,
    i: usize,
) {
    let at = doc.position(clamp(&doc.text, f.primary.span.start));
    let _ = write!(
        sink,
        "<li class=\"finding {}\" id=\"r{n}-f{i}\" data-f=\"{i}\" data-rule=\"",
        sev_class(f.severity)
    );
    sink.text(&f.rule);
    sink.push("\"><div class=\"head\" tabindex=\"0\"><span class=\"badge\">");
    sink.push(f.severity.label());
    let _ = write!(
        sink,
        "</span> <span class=\"where\">第 {} 行第 {} 字</span> <span class=\"msg\">",
        at.line, at.column
    );
    sink.text(&f.message);
    sink.push("</span></div><div class=\"more\">");
    let quoted = quote(&doc.text, f.primary.span);
    if !quoted.is_empty() {
        sink.push("<p><b>原文：</b><q>");
        sink.text(&quoted);
        sink.push("</q></p>");
    }
    for e in &f.elsewhere {
        sink.push("<p class=\"elsewhere\"><b>另见：</b>");
        sink.text(&e.file);
        let _ = write!(sink, " 第 {} 行第 {} 字：", e.line, e.column);
        sink.push("<q>");
        sink.text(&e.message);
        sink.push("</q></p>");
    }
    if let Some(help) = &f.help {
        sink.push("<p class=\"help\"><b>修改建议：</b>");
        sink.text(help);
        sink.push("</p>");
    }
    if let Some(fix) = &f.fix {
        match fix.applicability {
            Applicability::Safe => sink.push("<p class=\"fix\"><b>可自动修复</b>（--fix）："),
            Applicability::Unsafe => {
                sink.push("<p class=\"fix\"><b>修复需人工确认</b>（--fix --unsafe-fixes）：")
            }
        }
        sink.text(&fix.title);
        sink.push("</p>");
    }
    sink.push("<p class=\"rule\"><b>规则：</b><code>");
    sink.text(&f.rule);
    sink.push("</code>");
    if let Some(rule) = pack.rule(&f.rule) {
        sink.push(" ");
        sink.text(&rule.title);
    }
    sink.push("</p></div></li>");
}

/// The text under a span, at most 80 characters.
fn quote(text: &str, span: Span) -> String {
    let (start, end) = (clamp(text, span.start), clamp(text, span.end));
    if start >= end {
        return String::new();
    }
    let s = &text[start..end];
    let mut out: String = s.chars().take(80).collect();
    if out.len() < s.len() {
        out.push('…');
    }
    out
}

/// `offset` moved into the text and back to a character boundary.
fn clamp(text: &str, offset: usize) -> usize {
    let mut at = offset.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

/// A highlighted range: a finding's primary label (`primary`) or one of
/// its secondary labels, by the finding's number.
struct Range {
    start: usize,
    end: usize,
    n: usize,
    severity: Severity,
    primary: bool,
}

/// Writes the text line by line (`<div class="l" data-n="…">`), each piece
/// covered by findings inside a `<mark>`.
fn text_with_marks(sink: &mut Sink, text: &str, order: &[&Finding]) {
    let mut ranges: Vec<Range> = Vec::new();
    for (i, f) in order.iter().enumerate() {
        let labels = std::iter::once((f.primary.span, true))
            .chain(f.secondary.iter().map(|l| (l.span, false)));
        for (span, primary) in labels {
            let (mut start, mut end) = (clamp(text, span.start), clamp(text, span.end));
            if end < start {
                end = start;
            }
            // Only line breaks under it: nothing to colour, so a point.
            if text[start..end].chars().all(|c| c == '\n' || c == '\r') {
                end = start;
                // A point on the `\n` of `\r\n` belongs at the end of its
                // line, before the `\r`.
                if text[start..].starts_with('\n') && text[..start].ends_with('\r') {
                    start -= 1;
                    end = start;
                }
            }
            ranges.push(Range {
                start,
                end,
                n: i + 1,
                severity: f.severity,
                primary,
            });
        }
    }
    ranges.sort_by_key(|r| (r.start, r.end));

    // Positions where something starts or ends, line boundaries included.
    let mut cuts: Vec<usize> = ranges.iter().flat_map(|r| [r.start, r.end]).collect();
    let mut line_starts = vec![0];
    line_starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
    for &ls in &line_starts {
        cuts.push(ls);
        cuts.push(line_end(text, ls));
    }
    cuts.sort_unstable();
    cuts.dedup();

    let mut next = 0; // next range (by start) not yet active
    let mut active: Vec<usize> = Vec::new();
    let mut line = 0; // index into line_starts of the current line
    let mut in_line = false;
    for (k, &at) in cuts.iter().enumerate() {
        if !in_line && line < line_starts.len() && line_starts[line] == at {
            let _ = write!(sink, "<div class=\"l\" data-n=\"{}\">", line + 1);
            in_line = true;
        }
        active.retain(|&r| ranges[r].end > at);
        // Points first, then ranges that start here.
        while next < ranges.len() && ranges[next].start == at {
            let r = &ranges[next];
            if r.start == r.end {
                point(sink, r);
            } else {
                active.push(next);
            }
            next += 1;
        }
        let end_of_line = line_end(text, line_starts.get(line).copied().unwrap_or(0));
        if in_line && at == end_of_line {
            sink.push("</div>");
            in_line = false;
            line += 1;
            continue;
        }
        let Some(&until) = cuts.get(k + 1) else {
            break;
        };
        if !in_line || until <= at {
            continue;
        }
        let piece = &text[at..until.min(end_of_line)];
        piece_with_marks(sink, piece, &active, &ranges);
    }
    if in_line {
        sink.push("</div>");
    }
}

/// The end of the line starting at `start`: before its `\n` (and a `\r`
/// just before it), or the end of the text.
fn line_end(text: &str, start: usize) -> usize {
    let end = text[start..].find('\n').map_or(text.len(), |i| start + i);
    if end > start && text.as_bytes()[end - 1] == b'\r' {
        end - 1
    } else {
        end
    }
}

fn piece_with_marks(sink: &mut Sink, piece: &str, active: &[usize], ranges: &[Range]) {
    if active.is_empty() {
        sink.text(piece);
        return;
    }
    let primary: Vec<&Range> = active
        .iter()
        .map(|&r| &ranges[r])
        .filter(|r| r.primary)
        .collect();
    let worst = active
        .iter()
        .map(|&r| ranges[r].severity)
        .max()
        .unwrap_or(Severity::Info);
    if primary.is_empty() {
        let _ = write!(sink, "<mark class=\"sec {}\" data-s=\"", sev_class(worst));
        numbers(sink, active.iter().map(|&r| ranges[r].n));
    } else {
        let _ = write!(sink, "<mark class=\"hl {}\" data-f=\"", sev_class(worst));
        numbers(sink, primary.iter().map(|r| r.n));
    }
    sink.push("\">");
    sink.text(piece);
    sink.push("</mark>");
}

fn point(sink: &mut Sink, r: &Range) {
    let attr = if r.primary { "data-f" } else { "data-s" };
    let class = if r.primary { "hl point" } else { "sec point" };
    let _ = write!(
        sink,
        "<mark class=\"{class} {}\" {attr}=\"{}\" title=\"此处缺少内容\"></mark>",
        sev_class(r.severity),
        r.n
    );
}

/// Distinct finding numbers, space-separated (CSS `~=` matches one).
fn numbers(sink: &mut Sink, ns: impl Iterator<Item = usize>) {
    let mut ns: Vec<usize> = ns.collect();
    ns.sort_unstable();
    ns.dedup();
    for (i, n) in ns.iter().enumerate() {
        if i > 0 {
            sink.push(" ");
        }
        let _ = write!(sink, "{n}");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn finding(start: usize, end: usize, severity: Severity) -> Finding {
        Finding::at("R", severity, "m", Span::new(start, end))
    }

    fn render(text: &str, findings: &[Finding]) -> String {
        let mut out = Vec::new();
        let mut sink = Sink::new(&mut out);
        let order: Vec<&Finding> = findings.iter().collect();
        text_with_marks(&mut sink, text, &order);
        sink.flush();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn overlapping_findings_cut_the_text_into_pieces() {
        let html = render(
            "甲乙丙\n丁",
            &[
                finding(0, 6, Severity::Warning),
                finding(3, 13, Severity::Error),
            ],
        );
        assert_eq!(
            html,
            "<div class=\"l\" data-n=\"1\"><mark class=\"hl sev-warning\" data-f=\"1\">甲</mark>\
             <mark class=\"hl sev-error\" data-f=\"1 2\">乙</mark>\
             <mark class=\"hl sev-error\" data-f=\"2\">丙</mark></div>\
             <div class=\"l\" data-n=\"2\"><mark class=\"hl sev-error\" data-f=\"2\">丁</mark></div>"
        );
    }

    #[test]
    fn empty_spans_and_line_breaks_become_points() {
        let html = render(
            "一\r\n\n二",
            &[
                finding(3, 5, Severity::Error),
                finding(6, 6, Severity::Info),
            ],
        );
        assert_eq!(
            html,
            "<div class=\"l\" data-n=\"1\">一<mark class=\"hl point sev-error\" data-f=\"1\" \
             title=\"此处缺少内容\"></mark></div><div class=\"l\" data-n=\"2\"></div>\
             <div class=\"l\" data-n=\"3\"><mark class=\"hl point sev-info\" data-f=\"2\" \
             title=\"此处缺少内容\"></mark>二</div>"
        );
    }

    #[test]
    fn spans_out_of_the_text_or_inside_a_character_are_clamped() {
        let html = render("一二", &[finding(1, 99, Severity::Error)]);
        assert_eq!(
            html,
            "<div class=\"l\" data-n=\"1\"><mark class=\"hl sev-error\" data-f=\"1\">一二</mark></div>"
        );
    }

    #[test]
    fn markup_in_the_text_stays_text() {
        let html = render("<script>alert(1)</script>&", &[]);
        assert_eq!(
            html,
            "<div class=\"l\" data-n=\"1\">&lt;script&gt;alert(1)&lt;/script&gt;&amp;</div>"
        );
    }
}
