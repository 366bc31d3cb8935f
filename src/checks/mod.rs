//! The rule kinds, one file each. A check reads the [`Context`] (document,
//! template outline, the rule being run) and pushes [`Finding`]s.

pub mod duplicate;
pub mod pattern;
pub mod sequence;
pub mod structure;
pub mod template;
pub mod year;

use crate::document::{Document, Span};
use crate::finding::{Finding, Label};
use crate::outline::Outline;
use crate::rules::message::render;
use crate::rules::{Rule, Scope, Template};

/// A compiled check: the kind-specific part of a rule.
#[derive(Debug)]
pub enum Check {
    Template(template::TemplateCheck),
    Pattern(pattern::PatternCheck),
    Sequence(sequence::SequenceCheck),
    Year(year::YearCheck),
    Duplicate(duplicate::DuplicateCheck),
    Structure(structure::StructureCheck),
}

impl Check {
    pub fn run(&self, ctx: &Context, out: &mut Vec<Finding>) {
        match self {
            Check::Template(c) => c.run(ctx, out),
            Check::Pattern(c) => c.run(ctx, out),
            Check::Sequence(c) => c.run(ctx, out),
            Check::Year(c) => c.run(ctx, out),
            Check::Duplicate(c) => c.run(ctx, out),
            Check::Structure(c) => c.run(ctx, out),
        }
    }

    /// The kind's name as written in YAML.
    pub fn kind(&self) -> &'static str {
        match self {
            Check::Template(_) => "template",
            Check::Pattern(_) => "pattern",
            Check::Sequence(_) => "sequence",
            Check::Year(_) => "year",
            Check::Duplicate(_) => "duplicate",
            Check::Structure(_) => "structure",
        }
    }
}

/// What a check sees.
pub struct Context<'a> {
    pub doc: &'a Document,
    pub template: &'a Template,
    pub outline: &'a Outline,
    pub rule: &'a Rule,
}

impl Context<'_> {
    /// A finding of the current rule, its message and help rendered with
    /// `values` plus `{year}` and `{next_year}`.
    pub fn finding(&self, primary: Label, values: &[(&str, &str)]) -> Finding {
        let year = self.doc.year().map(|y| y.to_string()).unwrap_or_default();
        let next_year = self
            .doc
            .year()
            .map(|y| (y + 1).to_string())
            .unwrap_or_default();
        let mut all: Vec<(&str, &str)> = vec![("year", &year), ("next_year", &next_year)];
        all.extend_from_slice(values);
        Finding {
            rule: self.rule.id.clone(),
            severity: self.rule.severity,
            message: render(&self.rule.message, &all),
            primary,
            secondary: Vec::new(),
            help: self.rule.help.as_ref().map(|h| render(h, &all)),
            item: None,
            fix: None,
        }
    }

    /// The spans of text a scope covers, in document order.
    pub fn scope_spans(&self, scope: Scope) -> Vec<Span> {
        let doc = self.doc;
        let title = || doc.title.iter().flat_map(|t| t.parts.iter().copied());
        let headings = || doc.headings.iter().map(|h| h.span);
        let mut spans: Vec<Span> = match scope {
            Scope::Title => title().collect(),
            Scope::Headings => headings().collect(),
            Scope::Body => doc.prose().collect(),
            Scope::All => title().chain(headings()).chain(doc.prose()).collect(),
            Scope::Closing => doc
                .closing
                .issuer
                .into_iter()
                .chain(doc.closing.date)
                .collect(),
            Scope::Section(s) => {
                let mut v = Vec::new();
                for &h in self.outline.found.get(s).into_iter().flatten() {
                    let heading = &doc.headings[h];
                    v.push(heading.span);
                    let region = heading.section;
                    v.extend(
                        doc.headings
                            .iter()
                            .map(|h| h.span)
                            .filter(|sp| region.contains(*sp)),
                    );
                    v.extend(
                        doc.prose()
                            .filter(|sp| region.contains(*sp) || heading.run_in == Some(*sp)),
                    );
                }
                v
            }
        };
        spans.sort();
        spans.dedup();
        spans
    }
}
