//! `kind: structure` — the parts every 公文 has, whatever its template: a
//! title that names the report year, the closing 落款 (issuing body and
//! 成文日期), and no web-page residue left from copying a page.

use crate::document::chars::sentences;
use crate::document::{Span, YearSource};
use crate::finding::{Applicability, Edit, Findings, Fix, Label, MAX_LABELS};
use schemars::JsonSchema;
use serde::Deserialize;

use super::{Check, CompileEnv, Context, Fixability, Kind, LabelKey, Labels};

/// `kind: structure`.
pub struct StructureKind;

/// 公文都有的部分：标题与年度、落款与成文日期、网页残留。
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct StructureOptions {
    /// title、closing 或 web-residue。
    pub element: StructureElement,
}

/// 公文的组成部分。
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum StructureElement {
    /// 标题及其中的报告年度。
    Title,
    /// 落款（发文机关署名）和成文日期。
    Closing,
    /// 网页残留。
    WebResidue,
}

impl Kind for StructureKind {
    const NAME: &'static str = "structure";
    const PLACEHOLDERS: &'static [&'static str] = &["problem", "missing", "count"];
    const DOCS: &'static str = "文档框架：文首标题及其中的年份（title）、文末署名与日期（closing）、从网页复制留下的残留（web-residue）；怎样认出它们见规则包的 `document`。";
    type Options = StructureOptions;
    const LABELS: &'static [LabelKey] = &[
        LabelKey::new(
            "no_title",
            "开头没有识别出题名",
            &[],
            "title：开头没有识别出题名时，标在第一行",
        ),
        LabelKey::new(
            "no_title_problem",
            "没有识别出题名",
            &[],
            "title：没有题名时 `{problem}` 的值",
        ),
        LabelKey::new(
            "no_year",
            "题名中没有年份",
            &[],
            "title：题名中没有年份时，标在题名上",
        ),
        LabelKey::new(
            "no_year_problem",
            "题名中没有写明年份",
            &[],
            "title：题名中没有年份时 `{problem}` 的值",
        ),
        LabelKey::new(
            "missing_issuer",
            "署名",
            &[],
            "closing：只缺署名时 `{missing}` 的值",
        ),
        LabelKey::new(
            "missing_date",
            "日期",
            &[],
            "closing：只缺日期时 `{missing}` 的值",
        ),
        LabelKey::new(
            "missing_both",
            "署名和日期",
            &[],
            "closing：两者都缺时 `{missing}` 的值",
        ),
        LabelKey::new(
            "closing",
            "正文到此结束，其后缺少{missing}",
            &["missing"],
            "closing：标在正文最后一句",
        ),
        LabelKey::new("residue", "网页残留", &[], "web-residue：标在每一行残留上"),
    ];

    fn compile(o: StructureOptions, env: &mut impl CompileEnv) -> Option<Box<dyn Check>> {
        Some(Box::new(StructureCheck {
            element: o.element,
            labels: env.labels(),
        }))
    }
}

#[derive(Debug)]
pub struct StructureCheck {
    pub element: StructureElement,
    labels: Labels,
}

impl Check for StructureCheck {
    fn kind(&self) -> &'static str {
        StructureKind::NAME
    }

    fn placeholders(&self) -> &'static [&'static str] {
        match self.element {
            StructureElement::Title => &["problem"],
            StructureElement::Closing => &["missing"],
            StructureElement::WebResidue => &["count"],
        }
    }

    fn fixability(&self) -> Fixability {
        match self.element {
            StructureElement::WebResidue => Fixability::Unsafe,
            _ => Fixability::None,
        }
    }

    fn run(&self, ctx: &Context, out: &mut Findings) {
        match self.element {
            StructureElement::Title => title(ctx, &self.labels, out),
            StructureElement::Closing => closing(ctx, &self.labels, out),
            StructureElement::WebResidue => web_residue(ctx, &self.labels, out),
        }
    }
}

fn title(ctx: &Context, labels: &Labels, out: &mut Findings) {
    let doc = ctx.doc;
    match &doc.title {
        None => {
            let first = doc
                .blocks
                .iter()
                .find(|b| b.kind != crate::document::BlockKind::Residue);
            if let Some(first) = first {
                let problem = ctx.label(labels, "no_title_problem", &[]);
                out.push(ctx.finding(
                    Label::new(first.span, ctx.label(labels, "no_title", &[])),
                    &[("problem", problem.as_str())],
                ));
            }
        }
        Some(title)
            if doc
                .report_year
                .is_none_or(|y| !matches!(y.source, YearSource::Title | YearSource::Given)) =>
        {
            let problem = ctx.label(labels, "no_year_problem", &[]);
            out.push(ctx.finding(
                Label::new(title.span(), ctx.label(labels, "no_year", &[])),
                &[("problem", problem.as_str())],
            ));
        }
        Some(_) => {}
    }
}

fn closing(ctx: &Context, labels: &Labels, out: &mut Findings) {
    let doc = ctx.doc;
    let closing = doc.closing;
    let missing = match (closing.issuer, closing.date) {
        (Some(_), Some(_)) => return,
        (Some(_), None) => "missing_date",
        (None, Some(_)) => "missing_issuer",
        (None, None) => "missing_both",
    };
    let missing = ctx.label(labels, missing, &[]);
    // Point at the last sentence of the body, where the closing should follow.
    let last = doc
        .blocks
        .iter()
        .rev()
        .find(|b| {
            matches!(
                b.kind,
                crate::document::BlockKind::Paragraph | crate::document::BlockKind::Heading(_)
            )
        })
        .map(|b| {
            tail(
                &doc.text,
                sentences(&doc.text, b.span)
                    .last()
                    .copied()
                    .unwrap_or(b.span),
            )
        });
    let Some(last) = last.or(closing.issuer).or(closing.date) else {
        return;
    };
    out.push(ctx.finding(
        Label::new(last, ctx.label(labels, "closing", &[("missing", &missing)])),
        &[("missing", missing.as_str())],
    ));
}

fn web_residue(ctx: &Context, labels: &Labels, out: &mut Findings) {
    let doc = ctx.doc;
    let Some((&first, rest)) = doc.residue.split_first() else {
        return;
    };
    let count = doc.residue.len().to_string();
    let label = ctx.label(labels, "residue", &[]);
    let mut finding = ctx.finding(
        Label::new(first, label.clone()),
        &[("count", count.as_str())],
    );
    // The fix deletes the labelled lines; `--fix` takes the rest in its next
    // round.
    let shown = &doc.residue[..doc.residue.len().min(MAX_LABELS)];
    finding.secondary = rest
        .iter()
        .take(shown.len() - 1)
        .map(|&s| Label::new(s, label.clone()))
        .collect();
    finding.note_unlabelled(doc.residue.len() - shown.len());
    let edits = shown
        .iter()
        .map(|&s| Edit {
            span: whole_line(&doc.text, s),
            replacement: String::new(),
        })
        .collect();
    finding.fix = Some(Fix::new("删除网页残留行", Applicability::Unsafe, edits));
    out.push(finding);
}

/// The last few characters of a span: where the text ends.
fn tail(text: &str, span: Span) -> Span {
    const CHARS: usize = 8;
    let start = text[span.start..span.end]
        .char_indices()
        .rev()
        .nth(CHARS - 1)
        .map_or(span.start, |(i, _)| span.start + i);
    Span::new(start, span.end)
}

/// The line around `span`, including its line break.
fn whole_line(text: &str, span: Span) -> Span {
    let start = text[..span.start].rfind('\n').map_or(0, |i| i + 1);
    let end = text[span.end..]
        .find('\n')
        .map_or(text.len(), |i| span.end + i + 1);
    Span::new(start, end)
}

#[cfg(test)]
mod tests {
    use super::super::testing::{complete_report, run, spans};

    fn rule(element: &str) -> String {
        let placeholder = match element {
            "closing" => "{missing}",
            "title" => "{problem}",
            _ => "{count}",
        };
        format!("  - {{id: X1, title: t, severity: error, message: '{placeholder}', check: {{kind: structure, element: {element}}}}}\n")
    }

    #[test]
    fn closing_present_or_missing() {
        assert!(run(&rule("closing"), &complete_report(2023)).is_empty());
        let text = complete_report(2023).replace("某县人民政府\n2024年2月10日\n", "");
        let findings = run(&rule("closing"), &text);
        assert_eq!(findings[0].message, "署名和日期");
        assert_eq!(spans(&findings, &text), ["无。"]);
        let text = complete_report(2023).replace("2024年2月10日\n", "");
        assert_eq!(run(&rule("closing"), &text)[0].message, "日期");
    }

    #[test]
    fn labels_set_by_the_rule() {
        let rule = "  - {id: X1, title: t, severity: error, message: '{missing}', check: {kind: structure, element: closing, labels: {missing_both: 落款和成文日期, closing: '{year}年的报告到此结束，缺{missing}'}}}\n";
        let text = complete_report(2023).replace("某县人民政府\n2024年2月10日\n", "");
        let findings = run(rule, &text);
        assert_eq!(findings[0].message, "落款和成文日期");
        assert_eq!(
            findings[0].primary.message.as_deref(),
            Some("2023年的报告到此结束，缺落款和成文日期")
        );
    }

    #[test]
    fn title_and_year() {
        assert!(run(&rule("title"), &complete_report(2023)).is_empty());
        let text = complete_report(2023).replace("关于2023年度", "关于");
        assert_eq!(run(&rule("title"), &text)[0].message, "题名中没有写明年份");
    }

    #[test]
    fn web_residue_is_one_finding() {
        let text = format!(
            "首页 > 政务公开\n发布时间：2024-02-01 浏览次数：12\n{}【打印本页】【关闭窗口】\n",
            complete_report(2023)
        );
        let findings = run(&rule("web-residue"), &text);
        assert_eq!(findings.len(), 1);
        assert_eq!(findings[0].message, "3");
        assert_eq!(findings[0].secondary.len(), 2);
        assert!(run(&rule("web-residue"), &complete_report(2023)).is_empty());
    }
}
