//! `kind: template` — the report's required parts, as the template section
//! list describes them: a missing section, sections out of the regulation's
//! order, content a section must contain (the 不足 section must give 原因), and
//! the year a section must name (the 主要安排 must name the next year).

use crate::document::chars::sentences;
use crate::document::Span;
use crate::finding::{Finding, Label};
use crate::rules::compile::RuleCtx;
use crate::rules::raw::TemplateAspect;
use crate::rules::YearRef;

use super::Context;

/// How many passing mentions a missing-section finding points at.
const MAX_MENTIONS: usize = 3;

#[derive(Debug)]
pub struct TemplateCheck {
    aspect: TemplateAspect,
    promised_message: Option<String>,
}

impl TemplateCheck {
    pub fn compile(
        aspect: TemplateAspect,
        promised_message: Option<String>,
        ctx: &mut RuleCtx,
    ) -> Option<Self> {
        if promised_message.is_some() && aspect != TemplateAspect::Content {
            ctx.error(
                "promised_message",
                "`promised_message` 只用于 `aspect: content`".to_string(),
                "此处无效",
                "删除此键，或将 aspect 改为 content",
            );
            return None;
        }
        Some(TemplateCheck {
            aspect,
            promised_message,
        })
    }

    pub fn run(&self, ctx: &Context, out: &mut Vec<Finding>) {
        match self.aspect {
            TemplateAspect::Missing => missing(ctx, out),
            TemplateAspect::Order => order(ctx, out),
            TemplateAspect::Content => self.content(ctx, out),
            TemplateAspect::Year => year(ctx, out),
        }
    }

    fn content(&self, ctx: &Context, out: &mut Vec<Finding>) {
        let doc = ctx.doc;
        for (s, section) in ctx.template.sections.iter().enumerate() {
            let Some(h) = ctx.outline.heading_of(s) else {
                continue;
            };
            let heading = &doc.headings[h];
            let title = doc.slice(heading.title);
            let body = body_text(ctx, s);
            for item in &section.contents {
                if body.iter().any(|span| item.any.is_match(doc.slice(*span))) {
                    continue;
                }
                let promised = item.promised_by.as_ref().is_some_and(|p| p.is_match(title));
                let values = [
                    ("section", section.title.as_str()),
                    ("heading", doc.slice(heading.span)),
                    ("item", item.title.as_str()),
                    ("wording", section.wording.as_str()),
                    ("clause", section.clause.as_deref().unwrap_or_default()),
                ];
                let label = if promised {
                    format!("标题写明了“{}”，但本部分正文没有", item.title)
                } else {
                    format!("本部分没有写明{}", item.title)
                };
                let mut finding = ctx.finding(Label::new(heading.span, label), &values);
                if promised {
                    if let Some(m) = &self.promised_message {
                        finding.message = crate::rules::message::render(m, &values);
                    }
                }
                finding.item = Some(item.id.clone());
                out.push(finding);
            }
        }
    }
}

/// The text of a template section without its heading: the run-in text and
/// everything up to the next section.
fn body_text(ctx: &Context, s: usize) -> Vec<Span> {
    ctx.outline.found[s]
        .iter()
        .map(|&h| {
            let heading = &ctx.doc.headings[h];
            heading
                .run_in
                .map_or(heading.section, |r| r.cover(heading.section))
        })
        .collect()
}

fn missing(ctx: &Context, out: &mut Vec<Finding>) {
    let doc = ctx.doc;
    let sections = &ctx.template.sections;
    for (s, section) in sections.iter().enumerate() {
        if !section.required || ctx.outline.heading_of(s).is_some() {
            continue;
        }
        // Point where the section should go: before the next part of the
        // template the report does have, else after the last one it has.
        let next = (s + 1..sections.len()).find_map(|t| ctx.outline.heading_of(t));
        let previous = (0..s).rev().find_map(|t| ctx.outline.heading_of(t));
        let primary = match (next, previous) {
            (Some(h), _) => Label::new(
                doc.headings[h].span,
                format!("“{}”部分应在此之前", section.title),
            ),
            (None, Some(h)) => Label::new(
                doc.headings[h].span,
                format!("“{}”部分应在此部分之后", section.title),
            ),
            (None, None) => Label::new(
                doc.title
                    .as_ref()
                    .map_or(Span::new(0, first_line_end(&doc.text)), |t| t.span()),
                "报告中没有识别出任何规定的部分",
            ),
        };
        let values = [
            ("section", section.title.as_str()),
            ("wording", section.wording.as_str()),
            ("clause", section.clause.as_deref().unwrap_or_default()),
        ];
        let mut finding = ctx.finding(primary, &values);
        if let Some(mentions) = &section.mentions {
            finding.secondary = mention_labels(ctx, mentions);
        }
        finding.item = Some(section.id.clone());
        out.push(finding);
    }
}

/// Passing mentions of a missing section's subject: one label per sentence
/// (covering every match in it), at most [`MAX_MENTIONS`].
fn mention_labels(ctx: &Context, mentions: &crate::rules::Matcher) -> Vec<Label> {
    let doc = ctx.doc;
    let mut labels = Vec::new();
    for paragraph in doc.prose() {
        for sentence in sentences(&doc.text, paragraph) {
            let text = doc.slice(sentence);
            if mentions.not.is_match(text) {
                continue;
            }
            let cover = mentions
                .find
                .find_iter(text)
                .map(|m| Span::new(sentence.start + m.start(), sentence.start + m.end()))
                .reduce(|a, b| a.cover(b));
            if let Some(span) = cover {
                labels.push(Label::new(span, "此处只是顺带提及，不是单独的部分"));
                if labels.len() == MAX_MENTIONS {
                    return labels;
                }
            }
        }
    }
    labels
}

fn first_line_end(text: &str) -> usize {
    text.find('\n').unwrap_or(text.len())
}

fn order(ctx: &Context, out: &mut Vec<Finding>) {
    let doc = ctx.doc;
    // A section found as a sub-heading (第一责任人 as （四） under 一、) stands
    // where its top-level heading stands, and is in order with it.
    let mut present: Vec<(usize, usize, usize)> = (0..ctx.template.sections.len())
        .filter_map(|s| ctx.outline.heading_of(s).map(|h| (doc.root_of(h), h, s)))
        .collect();
    present.sort();
    for pair in present.windows(2) {
        let ((root_before, h_before, s_before), (root_after, h_after, s_after)) =
            (pair[0], pair[1]);
        if s_after > s_before || root_before == root_after {
            continue;
        }
        let moved = &ctx.template.sections[s_after];
        let ahead = &ctx.template.sections[s_before];
        let values = [
            ("section", moved.title.as_str()),
            ("before", ahead.title.as_str()),
        ];
        let mut finding = ctx.finding(
            Label::new(
                doc.headings[h_after].span,
                format!("按规定应排在“{}”之前", ahead.title),
            ),
            &values,
        );
        finding.secondary.push(Label::new(
            doc.headings[h_before].span,
            "此部分按规定应在后",
        ));
        finding.item = Some(moved.id.clone());
        out.push(finding);
    }
}

fn year(ctx: &Context, out: &mut Vec<Finding>) {
    let doc = ctx.doc;
    let Some(report_year) = doc.year() else {
        return;
    };
    for (s, section) in ctx.template.sections.iter().enumerate() {
        let Some(year) = section.names_year.map(|r| match r {
            YearRef::Report => report_year,
            YearRef::Next => report_year + 1,
        }) else {
            continue;
        };
        let Some(h) = ctx.outline.heading_of(s) else {
            continue;
        };
        let heading = &doc.headings[h];
        let wanted = format!("{year}年");
        let named = std::iter::once(heading.span)
            .chain(body_text(ctx, s))
            .any(|span| doc.slice(span).contains(&wanted));
        if named {
            continue;
        }
        let year_text = year.to_string();
        let values = [
            ("section", section.title.as_str()),
            ("heading", doc.slice(heading.span)),
            ("wanted_year", year_text.as_str()),
        ];
        let mut finding = ctx.finding(
            Label::new(heading.span, format!("本部分没有写明{year}年")),
            &values,
        );
        finding.item = Some(section.id.clone());
        out.push(finding);
    }
}
