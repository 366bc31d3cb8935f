//! The overview that opens the HTML review report: counts, filters, the
//! completeness matrix (a row per report, a column per required item of
//! the template, as in [`crate::report::matrix`]), the rules that fired,
//! the legend, and the waivers that waived nothing.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use super::section::sev_class;
use super::{Html, IndexRow, Sink};
use crate::report::matrix::{self, Cell};
use crate::run::UnusedWaiver;

/// Writes the overview; `link(i)` is the address of report `i`'s section
/// or page.
pub(super) fn write(
    sink: &mut Sink,
    html: &Html,
    unused: &[UnusedWaiver],
    link: &dyn Fn(usize) -> String,
) {
    let s = &html.summary;
    let missing_total: usize = html
        .rows
        .iter()
        .filter(|r| r.row.error.is_none())
        .map(|r| r.row.cells.iter().filter(|c| **c == Cell::Missing).count())
        .sum();
    sink.push("<header class=\"top\"><h1>");
    sink.text(&html.pack);
    sink.push("审核报告</h1><p class=\"meta\">由 reportlint ");
    sink.push(env!("CARGO_PKG_VERSION"));
    sink.push(
        " 生成。点击表头排序；用下面的条件筛选；点击报告名查看全文和逐条问题。</p></header>\n",
    );
    sink.push("<section class=\"overview\" id=\"overview\"><div class=\"cards\">");
    let card = |sink: &mut Sink, class: &str, n: usize, label: &str| {
        let _ = write!(sink, "<div class=\"card {class}\"><b>{n}</b>{label}</div>");
    };
    card(sink, "", s.files, "份报告");
    card(sink, "", s.checked, "份已检查");
    if s.failed > 0 {
        card(sink, "sev-error", s.failed, "份无法检查");
    }
    card(sink, "sev-error", s.errors, "个错误");
    card(sink, "sev-warning", s.warnings, "个警告");
    card(sink, "sev-info", s.infos, "个提示");
    card(sink, "sev-error", missing_total, "处缺少必需内容");
    if s.waived > 0 {
        card(sink, "", s.waived, "个已豁免");
    }
    sink.push("</div>\n");

    filters(sink, html);
    matrix(sink, html, link);
    rules(sink, html);
    legend(sink, html);
    if !unused.is_empty() {
        sink.push("<h3>没有起作用的豁免（警告）</h3><ul>");
        for u in unused {
            let _ = write!(sink, "<li>");
            sink.text(&format!("{}:{}：{}", u.file, u.start.line, u.message));
            sink.push("<br><span class=\"meta\">");
            sink.text(&u.help);
            sink.push("</span></li>");
        }
        sink.push("</ul>");
    }
    sink.push("</section>\n");
}

fn filters(sink: &mut Sink, html: &Html) {
    let mut issuers: BTreeMap<&str, usize> = BTreeMap::new();
    for r in &html.rows {
        if let Some(i) = r.row.issuer.as_deref() {
            *issuers.entry(i).or_default() += 1;
        }
    }
    sink.push("<form class=\"filters\" id=\"filters\" autocomplete=\"off\">");
    sink.push("<label>发文机关 <select id=\"f-issuer\"><option value=\"\">全部</option>");
    for (issuer, n) in &issuers {
        sink.push("<option value=\"");
        sink.text(issuer);
        sink.push("\">");
        sink.text(issuer);
        let _ = write!(sink, "（{n}）</option>");
    }
    sink.push("</select></label>");
    sink.push(
        "<label>问题 <select id=\"f-sev\"><option value=\"\">全部报告</option>\
         <option value=\"e\">有错误</option><option value=\"w\">有警告</option>\
         <option value=\"i\">有提示</option><option value=\"m\">缺少必需内容</option>\
         <option value=\"clean\">没有问题</option><option value=\"failed\">无法检查</option>\
         </select></label>",
    );
    sink.push("<label>规则 <select id=\"f-rule\"><option value=\"\">全部</option>");
    for r in html.sorted_rules() {
        sink.push("<option value=\"");
        sink.text(&r.id);
        sink.push("\">");
        sink.text(&r.id);
        sink.push(" ");
        sink.text(&r.title);
        let _ = write!(sink, "（{} 份）</option>", r.reports);
    }
    sink.push("</select></label>");
    sink.push(
        "<label>查找 <input id=\"f-text\" type=\"search\" placeholder=\"报告名、机关……\"></label>",
    );
    let _ = writeln!(
        sink,
        "<span>显示 <b id=\"shown\">{}</b> / {} 份</span></form>",
        html.rows.len(),
        html.rows.len()
    );
}

fn matrix(sink: &mut Sink, html: &Html, link: &dyn Fn(usize) -> String) {
    sink.push(
        "<h3>完整性一览（✔ 有　✘ 缺　! 有但存在问题　? 所属部分缺失）</h3>\
         <div class=\"scroll\"><table id=\"matrix\" class=\"matrix\"><thead><tr>\
         <th>序号</th><th>报告</th><th>年度</th><th>发文机关</th>",
    );
    for c in &html.columns {
        sink.push("<th title=\"");
        sink.text(&c.title);
        sink.push("\">");
        sink.text(if c.short.is_empty() {
            &c.title
        } else {
            &c.short
        });
        sink.push("</th>");
    }
    sink.push("<th>错误</th><th>警告</th><th>提示</th><th title=\"与同批其他单位的报告相同的文字占本报告正文的最高比例，及该报告\">雷同</th>");
    // The share copied from last year's report, when any report was
    // compared with one.
    let copied = html.rows.iter().any(|r| r.row.copied.is_some());
    if copied {
        sink.push("<th title=\"正文中与上年报告相同或几乎相同的文字所占的比例（--baseline）\">");
        sink.text(matrix::COPIED_COLUMN);
        sink.push("</th>");
    }
    sink.push("</tr></thead>\n<tbody>\n");
    for (i, r) in html.rows.iter().enumerate() {
        row(sink, html, i, r, &link(i), copied);
    }
    sink.push("</tbody><tfoot><tr><td></td><td>缺失合计</td><td></td><td></td>");
    for (k, _) in html.columns.iter().enumerate() {
        let n = html
            .rows
            .iter()
            .filter(|r| r.row.error.is_none() && r.row.cells.get(k) == Some(&Cell::Missing))
            .count();
        let _ = write!(sink, "<td class=\"c\">{n}</td>");
    }
    let s = &html.summary;
    let _ = writeln!(
        sink,
        "<td class=\"n e\">{}</td><td class=\"n w\">{}</td><td class=\"n\">{}</td><td>{}</td>{}</tr></tfoot></table></div>",
        s.errors,
        s.warnings,
        s.infos,
        html.rows.iter().filter(|r| r.row.similar.is_some()).count(),
        if copied { "<td></td>" } else { "" }
    );
}

fn row(sink: &mut Sink, html: &Html, i: usize, r: &IndexRow, href: &str, copied: bool) {
    let row = &r.row;
    let missing = row.cells.iter().filter(|c| **c == Cell::Missing).count();
    sink.push("<tr data-issuer=\"");
    sink.text(row.issuer.as_deref().unwrap_or(""));
    sink.push("\" data-rules=\"");
    for (k, rule) in r.rules.iter().enumerate() {
        if k > 0 {
            sink.push(" ");
        }
        if let Some(rule) = html.rules_by_index(*rule) {
            sink.text(rule);
        }
    }
    let _ = write!(
        sink,
        "\" data-e=\"{}\" data-w=\"{}\" data-i=\"{}\" data-m=\"{missing}\"",
        row.counts.errors, row.counts.warnings, row.counts.infos
    );
    if row.error.is_some() {
        sink.push(" data-failed");
    }
    let _ = write!(sink, "><td class=\"n\">{}</td><td><a href=\"", i + 1);
    sink.text(href);
    sink.push("\">");
    sink.text(&row.path);
    sink.push("</a></td><td>");
    match row.year {
        Some(y) => {
            let _ = write!(sink, "{y}");
        }
        None => sink.push("—"),
    }
    sink.push("</td><td>");
    sink.text(row.issuer.as_deref().unwrap_or("—"));
    sink.push("</td>");
    match row.error.as_deref() {
        Some((code, message)) => {
            let _ = write!(
                sink,
                "<td class=\"failed\" colspan=\"{}\">无法检查：",
                html.columns.len() + 4 + usize::from(copied)
            );
            sink.text(message);
            sink.push("（");
            sink.text(code);
            sink.push("）</td>");
        }
        None => {
            for c in row.cells.iter() {
                let class = match c {
                    Cell::Present => "present",
                    Cell::Missing => "missing",
                    Cell::Problem => "problem",
                    Cell::Unknown => "unknown",
                };
                let _ = write!(sink, "<td class=\"c {class}\">{}</td>", c.symbol());
            }
            let _ = write!(
                sink,
                "<td class=\"n e\">{}</td><td class=\"n w\">{}</td><td class=\"n\">{}</td><td>",
                row.counts.errors, row.counts.warnings, row.counts.infos
            );
            sink.text(row.similar.as_deref().unwrap_or("—"));
            sink.push("</td>");
            if copied {
                let _ = write!(
                    sink,
                    "<td class=\"n\">{}</td>",
                    matrix::copied_text(row.copied)
                );
            }
        }
    }
    sink.push("</tr>\n");
}

/// The rules that fired, most findings first; a click filters the matrix.
fn rules(sink: &mut Sink, html: &Html) {
    if html.rules.is_empty() {
        return;
    }
    sink.push(
        "<h3>各规则的问题（点击一行只看有该问题的报告）</h3><div class=\"scroll\"><table class=\"rules\">\
         <thead><tr><th>规则</th><th>级别</th><th>说明</th><th>报告数</th><th>问题数</th></tr></thead><tbody>",
    );
    for r in html.sorted_rules() {
        sink.push("<tr data-pick=\"");
        sink.text(&r.id);
        sink.push("\"><td><code>");
        sink.text(&r.id);
        let _ = write!(
            sink,
            "</code></td><td><span class=\"pill {}\">{}</span></td><td>",
            sev_class(r.severity),
            r.severity.label()
        );
        sink.text(&r.title);
        let _ = write!(
            sink,
            "</td><td class=\"n\">{}</td><td class=\"n\">{}</td></tr>",
            r.reports, r.findings
        );
    }
    sink.push("</tbody></table></div>\n");
}

fn legend(sink: &mut Sink, html: &Html) {
    sink.push("<p class=\"legend\">");
    for (k, c) in html.columns.iter().enumerate() {
        if k > 0 {
            sink.push("；");
        }
        sink.text(if c.short.is_empty() {
            &c.title
        } else {
            &c.short
        });
        sink.push("：");
        sink.text(&c.title);
    }
    sink.push("。! 表示该部分的标题上有达到 --fail-on 级别的问题。</p>\n");
}

impl Html {
    fn rules_by_index(&self, i: u32) -> Option<&str> {
        self.rules.get(i as usize).map(|r| r.id.as_str())
    }

    /// The rules that fired, most findings first.
    fn sorted_rules(&self) -> Vec<&super::RuleStat> {
        let mut rules: Vec<&super::RuleStat> = self.rules.iter().collect();
        rules.sort_by(|a, b| b.findings.cmp(&a.findings).then(a.id.cmp(&b.id)));
        rules
    }
}
