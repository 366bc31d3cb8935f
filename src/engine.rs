//! Runs a compiled pack over a document: matches the template outline once,
//! runs every rule, attributes each finding to the template item it concerns,
//! and sorts the findings by position.

use crate::checks::Context;
use crate::document::Document;
use crate::finding::Finding;
use crate::meta::ReportMeta;
use crate::outline::Outline;
use crate::rules::{Pack, Rule};

/// The result of checking one document.
#[derive(Debug)]
pub struct Checked {
    pub outline: Outline,
    pub findings: Vec<Finding>,
}

pub fn check(doc: &Document, pack: &Pack, meta: &ReportMeta) -> Checked {
    check_rules(doc, pack, &pack.rules.iter().collect::<Vec<_>>(), meta)
}

/// Runs only `rules` (of `pack`), with the pack's template.
pub fn check_rules(doc: &Document, pack: &Pack, rules: &[&Rule], meta: &ReportMeta) -> Checked {
    let outline = Outline::new(doc, &pack.template);
    let mut findings = Vec::new();
    for &rule in rules {
        let ctx = Context {
            doc,
            template: &pack.template,
            outline: &outline,
            rule,
            meta,
        };
        rule.check.run(&ctx, &mut findings);
    }
    for finding in &mut findings {
        if finding.item.is_none() {
            finding.item = outline
                .section_at(doc, finding.primary.span.start)
                .map(|s| pack.template.sections[s].id.clone());
        }
    }
    findings.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    Checked { outline, findings }
}
